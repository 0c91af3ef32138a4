/**
 * The safetensors layout, so that numpy or PyTorch users can read our weights without our code:
 *
 *   8 bytes   N, the header's length, unsigned 64-bit little-endian
 *   N bytes   a JSON object: { name: { dtype, shape, data_offsets: [begin, end] }, …, "__metadata__": { string: string } }
 *             (may end in spaces; the reference pads it so the data starts 8-byte aligned)
 *   the rest  every tensor's raw little-endian bytes, row-major, at its offsets from the start of this part
 *
 * No npm package for it is well kept enough to depend on, and the format is this small, so it is written
 * here. The reader is strict in the reference's way: offsets must tile the data part exactly (no holes, no
 * overlap, nothing after the last tensor), sizes must match shapes, metadata values must be strings.
 */
import { endianness } from 'node:os';
import { MlpSweepError } from '../../errors.js';

/** The element types this module reads and writes (the reference also has F16, BF16, F8_*: not needed here). */
export const DTYPES = {
  F64: { bytes: 8, array: Float64Array },
  F32: { bytes: 4, array: Float32Array },
  I64: { bytes: 8, array: BigInt64Array },
  U64: { bytes: 8, array: BigUint64Array },
  I32: { bytes: 4, array: Int32Array },
  U32: { bytes: 4, array: Uint32Array },
  I16: { bytes: 2, array: Int16Array },
  U16: { bytes: 2, array: Uint16Array },
  I8: { bytes: 1, array: Int8Array },
  U8: { bytes: 1, array: Uint8Array },
  BOOL: { bytes: 1, array: Uint8Array },
} as const;
export type Dtype = keyof typeof DTYPES;
export type TensorValues =
  | Float64Array
  | Float32Array
  | BigInt64Array
  | BigUint64Array
  | Int32Array
  | Uint32Array
  | Int16Array
  | Uint16Array
  | Int8Array
  | Uint8Array;

export interface Tensor {
  dtype: Dtype;
  shape: number[];
  values: TensorValues;
}

export interface SafetensorsFile {
  /** In file order (by data offset). */
  tensors: Map<string, Tensor>;
  metadata: Record<string, string>;
}

/** The reference refuses headers over 100 MB: a bigger one is a corrupt length, not a real header. */
export const MAX_HEADER_BYTES = 100_000_000;
const METADATA_KEY = '__metadata__';

export class SafetensorsError extends MlpSweepError {
  constructor(message: string) {
    super('SAFETENSORS', message);
  }
}

const LITTLE_ENDIAN_HOST = endianness() === 'LE';

function elementCount(shape: readonly number[]): number {
  return shape.reduce((n, d) => n * d, 1);
}

/** The tensor's bytes, little-endian whatever the host. */
function bytesOf(tensor: Tensor): Uint8Array {
  const { values } = tensor;
  const raw = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  return LITTLE_ENDIAN_HOST ? raw : swapped(raw, DTYPES[tensor.dtype].bytes);
}

function swapped(raw: Uint8Array, width: number): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(raw.length);
  for (let i = 0; i < raw.length; i += width) for (let j = 0; j < width; j++) out[i + j] = raw[i + width - 1 - j];
  return out;
}

/**
 * The reference's order of dtypes (its enum): it lays tensors out from the last of these to the first,
 * then by name, so that with the 8-byte-aligned start every tensor is aligned for its type. Following it
 * exactly makes our bytes equal to the reference's for the same tensors and metadata.
 */
const DTYPE_RANK: Record<Dtype, number> = { BOOL: 0, U8: 1, I8: 2, I16: 5, U16: 6, I32: 9, U32: 10, F32: 11, F64: 12, I64: 13, U64: 14 };

function byteOrder(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/** The file's bytes: metadata first in the header, then the tensors in the reference's layout order. */
export function encodeSafetensors(tensors: ReadonlyMap<string, Tensor>, metadata: Readonly<Record<string, string>> = {}): Buffer {
  const entries = [...tensors].map(([name, tensor]) => ({ name, tensor }));
  for (const [key, value] of Object.entries(metadata)) {
    if (typeof value !== 'string') throw new SafetensorsError(`metadata ${key} must be a string (got ${typeof value})`);
  }
  for (const { name, tensor } of entries) {
    if (name === METADATA_KEY) throw new SafetensorsError(`a tensor cannot be named ${METADATA_KEY}`);
    if (!(tensor.dtype in DTYPES)) throw new SafetensorsError(`tensor ${name}: unknown dtype ${String(tensor.dtype)}`);
    if (!(tensor.values instanceof DTYPES[tensor.dtype].array)) {
      throw new SafetensorsError(`tensor ${name}: dtype ${tensor.dtype} needs a ${DTYPES[tensor.dtype].array.name} (got ${tensor.values.constructor.name})`);
    }
    if (tensor.shape.some((d) => !Number.isSafeInteger(d) || d < 0) || elementCount(tensor.shape) !== tensor.values.length) {
      throw new SafetensorsError(`tensor ${name}: shape [${tensor.shape.join(', ')}] does not hold ${tensor.values.length} values`);
    }
  }
  entries.sort((a, b) => DTYPE_RANK[b.tensor.dtype] - DTYPE_RANK[a.tensor.dtype] || byteOrder(a.name, b.name));

  // Written entry by entry, not through one object: JSON.stringify would move integer-like names first.
  const parts: string[] = [];
  if (Object.keys(metadata).length > 0) parts.push(`${JSON.stringify(METADATA_KEY)}:${JSON.stringify(metadata)}`);
  let offset = 0;
  for (const { name, tensor } of entries) {
    const end = offset + tensor.values.byteLength;
    parts.push(`${JSON.stringify(name)}:${JSON.stringify({ dtype: tensor.dtype, shape: [...tensor.shape], data_offsets: [offset, end] })}`);
    offset = end;
  }
  const json = Buffer.from(`{${parts.join(',')}}`, 'utf8');
  const padded = Math.ceil(json.length / 8) * 8;
  const out = Buffer.alloc(8 + padded + offset, 0x20);
  out.writeBigUInt64LE(BigInt(padded), 0);
  json.copy(out, 8);
  let at = 8 + padded;
  for (const { tensor } of entries) {
    out.set(bytesOf(tensor), at);
    at += tensor.values.byteLength;
  }
  return out;
}

function fail(where: string, message: string): never {
  throw new SafetensorsError(`${where}: ${message}`);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The header (checked to be a JSON object within its bounds), its metadata and where the data starts. */
function decodeHeader(bytes: Uint8Array, where: string): { header: Record<string, unknown>; metadata: Record<string, string>; headerEnd: number } {
  if (bytes.length < 8) fail(where, `${bytes.length} bytes is too short for the 8-byte header length`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const declared = view.getBigUint64(0, true);
  if (declared > BigInt(Math.min(MAX_HEADER_BYTES, bytes.length - 8))) {
    fail(where, `header length ${declared} does not fit the file (${bytes.length} bytes) or exceeds ${MAX_HEADER_BYTES}`);
  }
  const headerEnd = 8 + Number(declared);
  const headerBytes = bytes.subarray(8, headerEnd);
  if (headerBytes[0] !== 0x7b) fail(where, 'the header does not start with "{"');
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(headerBytes));
  } catch (error) {
    fail(where, `the header is not UTF-8 JSON (${(error as Error).message})`);
  }
  if (!isPlainObject(header)) fail(where, 'the header is not a JSON object');

  const metadata: Record<string, string> = {};
  const raw = header[METADATA_KEY];
  if (raw !== undefined) {
    if (!isPlainObject(raw)) fail(where, `${METADATA_KEY} must be an object of strings`);
    for (const [key, value] of Object.entries(raw)) {
      if (typeof value !== 'string') fail(where, `${METADATA_KEY}.${key} must be a string (got ${JSON.stringify(value)})`);
      metadata[key] = value;
    }
  }
  return { header, metadata, headerEnd };
}

/** A file's metadata alone, from its header (the tensors are neither checked nor copied). Throws SafetensorsError as decodeSafetensors does. */
export function decodeSafetensorsMetadata(bytes: Uint8Array, where = 'safetensors'): Record<string, string> {
  return decodeHeader(bytes, where).metadata;
}

/** Parses a whole file; `where` names it in messages. Throws SafetensorsError on anything off-layout. */
export function decodeSafetensors(bytes: Uint8Array, where = 'safetensors'): SafetensorsFile {
  const { header, metadata, headerEnd } = decodeHeader(bytes, where);
  const data = bytes.subarray(headerEnd);
  const found: { name: string; dtype: Dtype; shape: number[]; begin: number; end: number }[] = [];
  for (const [name, entry] of Object.entries(header)) {
    if (name === METADATA_KEY) continue;
    const at = `${where}: tensor ${name}`;
    if (!isPlainObject(entry)) fail(at, 'entry is not an object');
    const { dtype, shape, data_offsets: offsets } = entry;
    if (typeof dtype !== 'string' || !(dtype in DTYPES)) fail(at, `dtype ${JSON.stringify(dtype)} is not one of ${Object.keys(DTYPES).join(', ')}`);
    if (!Array.isArray(shape) || shape.some((d) => !Number.isSafeInteger(d) || d < 0)) fail(at, `shape ${JSON.stringify(shape)} is not a list of sizes`);
    if (!Array.isArray(offsets) || offsets.length !== 2 || offsets.some((o) => !Number.isSafeInteger(o) || o < 0) || offsets[0] > offsets[1]) {
      fail(at, `data_offsets ${JSON.stringify(offsets)} is not [begin, end]`);
    }
    const expected = elementCount(shape as number[]) * DTYPES[dtype as Dtype].bytes;
    if (offsets[1] - offsets[0] !== expected) fail(at, `${offsets[1] - offsets[0]} bytes for shape [${shape.join(', ')}] of ${dtype} (needs ${expected})`);
    found.push({ name, dtype: dtype as Dtype, shape: shape as number[], begin: offsets[0], end: offsets[1] });
  }
  found.sort((a, b) => a.begin - b.begin);
  let cursor = 0;
  for (const t of found) {
    if (t.begin !== cursor) fail(`${where}: tensor ${t.name}`, `starts at byte ${t.begin}, expected ${cursor} (tensors must tile the data without holes or overlap)`);
    cursor = t.end;
  }
  if (cursor !== data.length) fail(where, `the data part has ${data.length} bytes but the tensors cover ${cursor}`);

  const tensors = new Map<string, Tensor>();
  for (const t of found) {
    const { bytes: width, array } = DTYPES[t.dtype];
    // copied into a fresh buffer: the file's offsets need not be aligned for the element type
    // (Buffer's slice would be a view, hence the explicit copy)
    let own = new Uint8Array(t.end - t.begin);
    own.set(data.subarray(t.begin, t.end));
    if (!LITTLE_ENDIAN_HOST) own = swapped(own, width);
    tensors.set(t.name, { dtype: t.dtype, shape: t.shape, values: new array(own.buffer, 0, own.length / width) });
  }
  return { tensors, metadata };
}
