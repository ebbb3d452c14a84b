// The kernels' instance and its memory, made on first use (importing
// `descent` compiles nothing). Operands are copied (packed) into this memory,
// results copied out: the copies are O(n²) against the product's O(n³).
import { kernelModule } from "./kernels";

export interface Kernels {
  gemm(ap: number, bp: number, c: number, panelsA: number, panelsB: number, K: number, ldc: number): void;
  pack_4(src: number, dst: number, n: number, K: number, si: number, sk: number): void;
  relu(src: number, dst: number, n: number): void;
  sum4(src: number, size: number, dst: number, n: number, inv: number): void;
}

export interface Runtime {
  k: Kernels;
  /** The compiled module (worker threads instantiate it on the same memory). */
  module: WebAssembly.Module;
  memory: WebAssembly.Memory;
  /** The whole memory as f64 (refreshed when the memory grows). */
  f64: Float64Array;
}

const PAGE = 65536;
const made: (Runtime | null | undefined)[] = [undefined, undefined]; // [own memory, shared memory]
let disabled = false;

function create(shared: boolean): Runtime | null {
  try {
    if (typeof WebAssembly !== "object" || (shared && typeof SharedArrayBuffer !== "function")) return null;
    const limits = { initial: 16, maximum: 65536, shared };
    const memory = new WebAssembly.Memory(limits);
    const module = new WebAssembly.Module(kernelModule(limits).buffer as ArrayBuffer);
    const inst = new WebAssembly.Instance(module, { env: { memory } });
    return { k: inst.exports as unknown as Kernels, module, memory, f64: new Float64Array(memory.buffer) };
  } catch {
    return null; // no WebAssembly SIMD here: the JavaScript loops serve
  }
}

/**
 * The kernels, or null where WebAssembly SIMD is unavailable (or turned off by `setWasm(false)`).
 * `shared`: the instance on a shared memory, which worker threads can run on too (threads.ts).
 * Copying operands in and out of a shared memory is ~4x slower (V8 copies it with relaxed
 * atomics), so products that run on one thread use the other instance.
 */
export function runtime(shared = false): Runtime | null {
  if (disabled) return null;
  const i = shared ? 1 : 0;
  if (made[i] === undefined) made[i] = create(shared);
  return made[i]!;
}

/** Make at least `values` f64 entries addressable; returns the (possibly new) f64 view. */
export function reserve(r: Runtime, values: number): Float64Array {
  const bytes = values * 8;
  if (bytes > r.memory.buffer.byteLength) {
    r.memory.grow(Math.ceil((bytes - r.memory.buffer.byteLength) / PAGE));
    r.f64 = new Float64Array(r.memory.buffer);
  }
  return r.f64;
}

/** Above this size an unshared instance is dropped after its product (memories never shrink; a new one takes ~1 ms to make). */
const KEEP_BYTES = 64 << 20;

/** Call when a product is done: lets a grown single-thread instance go, so one large product does not pin its memory. */
export function done(r: Runtime): void {
  if (r === made[0] && r.memory.buffer.byteLength > KEEP_BYTES) made[0] = undefined;
}

/** Turn the WebAssembly kernels off (false) or back on (true): tests compare both paths. */
export function setWasm(on: boolean): void {
  disabled = !on;
}

/** False after `setWasm(false)` (other WebAssembly paths, like the training loop's, follow it too). */
export function wasmEnabled(): boolean {
  return !disabled && typeof WebAssembly === "object";
}
