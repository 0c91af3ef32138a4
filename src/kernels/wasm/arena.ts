/**
 * One kernel set's memory: a shared WebAssembly memory that only this set's instance uses, and a bump
 * allocator over it that the TypeScript side runs. Every array the network holds is a view into it.
 *
 * Why shared: `memory.grow` detaches a plain memory's ArrayBuffer, which would zero the length of every
 * view handed out before the growth (the model allocates about ten arrays, one after another). A shared
 * memory's SharedArrayBuffer is never detached: after growing, old views keep their bytes and length,
 * and new views are made on the new, longer buffer. Nothing is ever freed: a set lives as long as its
 * job, and its arrays as long as the set, which is what the Kernels contract promises.
 * The memory is not shared with any other thread; "shared" is used only for that non-detaching buffer.
 */
import { ShapeError } from '../../errors.js';
import { type KernelExports, MAX_PAGES, PAGE_BYTES, instantiate } from './module.js';
import { WebAssemblyJs, type WasmMemory, type WasmModule } from './webassembly.js';

/** Every allocation starts on a cache line, so a SIMD row never straddles two lines needlessly. */
const ALIGN = 64;
/** Grow by at least this much, so a model's dozen allocations do not each grow the memory. */
const MIN_GROW_PAGES = 16;

export class WasmArena {
  readonly memory: WasmMemory;
  readonly exports: KernelExports;
  /** Every buffer views were made on: a memory's buffer object changes each time it grows. */
  private readonly buffers = new Set<ArrayBufferLike>();
  private top: number;

  constructor(module: WasmModule) {
    this.memory = new WebAssemblyJs.Memory({ initial: 1, maximum: MAX_PAGES, shared: true });
    this.exports = instantiate(module, this.memory);
    this.top = alignUp(this.exports.heapBase());
    // the packing scratch of the matrix products lives in this memory too, allocated once
    const scratch = this.reserve(this.exports.gemmScratchBytes());
    this.exports.setGemmScratch(scratch);
  }

  /** Bytes in use, scratch included. */
  get usedBytes(): number {
    return this.top;
  }

  /** A zero-filled float32 view of `length` floats: fresh memory is zero and is never reused. */
  allocateFloats(length: number): Float32Array {
    checkLength(length);
    const offset = this.reserve(length * 4);
    return new Float32Array(this.currentBuffer(), offset, length);
  }

  allocateInts(length: number): Int32Array {
    checkLength(length);
    const offset = this.reserve(length * 4);
    return new Int32Array(this.currentBuffer(), offset, length);
  }

  /** True when `view` was handed out by this arena (a view of one of its buffers). */
  owns(view: ArrayBufferView): boolean {
    return this.buffers.has(view.buffer);
  }

  private currentBuffer(): ArrayBufferLike {
    const buffer = this.memory.buffer;
    this.buffers.add(buffer);
    return buffer;
  }

  /** Byte offset of `bytes` fresh bytes, growing the memory when they do not fit. */
  private reserve(bytes: number): number {
    const offset = this.top;
    const end = alignUp(offset + bytes);
    const have = this.memory.buffer.byteLength;
    if (end > have) {
      const current = have / PAGE_BYTES;
      const needed = Math.ceil((end - have) / PAGE_BYTES);
      if (current + needed > MAX_PAGES) {
        throw new ShapeError(
          `the wasm kernel set cannot hold ${bytes} more bytes: ${this.top} bytes are in use of the 4 GiB a ` +
            'WebAssembly memory can address',
        );
      }
      this.memory.grow(Math.min(Math.max(needed, MIN_GROW_PAGES), MAX_PAGES - current));
    }
    this.top = end;
    return offset;
  }
}

function alignUp(n: number): number {
  return Math.ceil(n / ALIGN) * ALIGN;
}

function checkLength(length: number): void {
  if (!Number.isInteger(length) || length < 0) {
    throw new ShapeError(`an array length must be a non-negative integer (got ${length})`);
  }
}
