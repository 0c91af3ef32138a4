import test from 'ava';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Tensor, decodeSafetensors, encodeSafetensors } from '../../src/journal/checkpoint/safetensors.js';

// dist/test/checkpoint → the fixture in the source tree
const FIXTURE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../test/fixtures/safetensors/reference.safetensors');

/** The tensors make-reference.py writes, as this module holds them. */
function referenceTensors(): Map<string, Tensor> {
  return new Map<string, Tensor>([
    ['W1', { dtype: 'F32', shape: [3, 2], values: Float32Array.from([0.5, -1.25, 3.0, 1e-3, -0, 65504]) }],
    ['b1', { dtype: 'F32', shape: [2], values: Float32Array.from([0.1, -0.2]) }],
    ['order', { dtype: 'I32', shape: [5], values: Int32Array.from([4, 0, 3, 1, 2]) }],
    ['precise', { dtype: 'F64', shape: [2, 2], values: Float64Array.from([1 / 3, -2.5e-300, Math.PI, 1e300]) }],
    ['step', { dtype: 'I64', shape: [], values: BigInt64Array.from([9007199254740993n]) }],
    ['flags', { dtype: 'U8', shape: [3], values: Uint8Array.from([1, 0, 255]) }],
    ['empty', { dtype: 'F32', shape: [0, 4], values: new Float32Array(0) }],
  ]);
}
const REFERENCE_METADATA = { format: 'pt', note: 'written by make-reference.py, café' };

test('a file in the reference layout reads back every tensor, dtype, shape and metadata entry', (t) => {
  const file = decodeSafetensors(readFileSync(FIXTURE), FIXTURE);
  t.deepEqual(file.metadata, REFERENCE_METADATA);
  const expected = referenceTensors();
  t.deepEqual([...file.tensors.keys()].sort(), [...expected.keys()].sort());
  for (const [name, want] of expected) {
    const got = file.tensors.get(name)!;
    t.is(got.dtype, want.dtype, name);
    t.deepEqual(got.shape, want.shape, name);
    t.deepEqual(Array.from(got.values as ArrayLike<number | bigint>), Array.from(want.values as ArrayLike<number | bigint>), name);
  }
  // −0 survives: the bytes are copied, not parsed
  t.true(Object.is(file.tensors.get('W1')!.values[4], -0));
});

test('the writer lays out the same tensors byte for byte as the reference implementation', (t) => {
  t.deepEqual(encodeSafetensors(referenceTensors(), REFERENCE_METADATA), readFileSync(FIXTURE));
});

test('the writer reproduces the reference test vector for one F32 tensor without metadata', (t) => {
  // huggingface/safetensors, tensor.rs, test_serialization: "attn.0" F32 [1, 2, 3] = 0..5
  const expected = [
    64, 0, 0, 0, 0, 0, 0, 0, 123, 34, 97, 116, 116, 110, 46, 48, 34, 58, 123, 34, 100, 116, 121, 112, 101, 34, 58, 34, 70, 51, 50, 34,
    44, 34, 115, 104, 97, 112, 101, 34, 58, 91, 49, 44, 50, 44, 51, 93, 44, 34, 100, 97, 116, 97, 95, 111, 102, 102, 115, 101, 116,
    115, 34, 58, 91, 48, 44, 50, 52, 93, 125, 125, 0, 0, 0, 0, 0, 0, 128, 63, 0, 0, 0, 64, 0, 0, 64, 64, 0, 0, 128, 64, 0, 0, 160, 64,
  ];
  const out = encodeSafetensors(new Map([['attn.0', { dtype: 'F32', shape: [1, 2, 3], values: Float32Array.from([0, 1, 2, 3, 4, 5]) }]]));
  t.deepEqual([...out], expected);
});

test('integer-like tensor names keep the layout order in the header', (t) => {
  const tensors = new Map<string, Tensor>([
    ['b', { dtype: 'F32', shape: [1], values: Float32Array.from([1]) }],
    ['10', { dtype: 'F32', shape: [1], values: Float32Array.from([2]) }],
  ]);
  const back = decodeSafetensors(encodeSafetensors(tensors));
  t.deepEqual([...back.tensors.keys()], ['10', 'b']);
  t.deepEqual(Array.from(back.tensors.get('b')!.values as Float32Array), [1]);
});

const good = (): Buffer => encodeSafetensors(new Map([['w', { dtype: 'F32', shape: [2], values: Float32Array.from([1, 2]) }]]), { k: 'v' });

/** A copy of `good()` whose header is replaced by `json` (the data kept). */
function withHeader(json: string, data = Buffer.alloc(8)): Buffer {
  const header = Buffer.from(json, 'utf8');
  const length = Buffer.alloc(8);
  length.writeBigUInt64LE(BigInt(header.length));
  return Buffer.concat([length, header, data]);
}

const refusals: [string, () => Buffer, RegExp][] = [
  ['a file shorter than the length field', () => good().subarray(0, 5), /5 bytes is too short/],
  ['a header length past the end of the file', () => good().subarray(0, 30), /header length \d+ does not fit the file \(30 bytes\)/],
  ['a truncated data part', () => good().subarray(0, good().length - 1), /the data part has 7 bytes but the tensors cover 8/],
  ['bytes after the last tensor', () => Buffer.concat([good(), Buffer.alloc(4)]), /the data part has 12 bytes but the tensors cover 8/],
  ['a header that is not JSON', () => withHeader('{"w": nope}'), /the header is not UTF-8 JSON/],
  ['a header that does not start with a brace', () => withHeader(' {}', Buffer.alloc(0)), /does not start with "\{"/],
  ['an unknown dtype', () => withHeader('{"w":{"dtype":"F17","shape":[2],"data_offsets":[0,8]}}'), /tensor w: dtype "F17" is not one of/],
  ['offsets that disagree with the shape', () => withHeader('{"w":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}'), /tensor w: 8 bytes for shape \[3\] of F32 \(needs 12\)/],
  [
    'a hole between tensors',
    () => withHeader('{"a":{"dtype":"U8","shape":[2],"data_offsets":[0,2]},"b":{"dtype":"U8","shape":[4],"data_offsets":[4,8]}}'),
    /tensor b: starts at byte 4, expected 2/,
  ],
  ['a metadata value that is not a string', () => withHeader('{"__metadata__":{"epoch":3}}', Buffer.alloc(0)), /__metadata__\.epoch must be a string \(got 3\)/],
];
for (const [what, bytes, message] of refusals) {
  test(`the reader refuses ${what}, naming the file`, (t) => {
    const error = t.throws(() => decodeSafetensors(bytes(), 'x.safetensors'), { name: 'SafetensorsError' });
    t.regex(error!.message, /^x\.safetensors/);
    t.regex(error!.message, message);
  });
}
