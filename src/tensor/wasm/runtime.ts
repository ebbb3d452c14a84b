// The kernels' instance and its memory, made on first use (importing
// `descent` compiles nothing). Operands are copied (packed) into this memory,
// results copied out: the copies are O(n²) against the product's O(n³).
//
// Where the machine has a fused multiply-add (x64 with FMA3, arm64), the
// product kernel uses it (relaxed SIMD's f64x2.relaxed_madd): twice the
// multiply-adds per cycle of a separate multiply and add, and one rounding per
// term instead of two, as numpy's BLAS does. Products then differ from the
// plain JavaScript loops in the last bits (JavaScript has no fused multiply-add);
// `setFusedMultiplyAdd(false)` gives back the loops' rounding on every path.
import { encodeModule, F64, Func } from "./encode";
import { kernelModule } from "./kernels";

export interface Kernels {
  gemm(ap: number, bp: number, c: number, panelsA: number, panelsB: number, K: number, ldc: number): void;
  pack_4(src: number, dst: number, n: number, K: number, si: number, sk: number): void;
  relu(src: number, dst: number, n: number): void;
  gate(c: number, z: number, n: number): void;
  sum4(src: number, size: number, dst: number, n: number, inv: number): void;
  fill(dst: number, n: number, value: number): void;
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

/** A module whose `t(a, b, c)` is relaxed_madd(a, b, c) in lane 0. */
function maddProbe(): Uint8Array {
  const f = new Func("t", [F64, F64, F64], [F64]);
  f.get(f.param(0)).splat().get(f.param(1)).splat().get(f.param(2)).splat().vMadd().lane(0);
  return encodeModule([f], { initial: 1, maximum: 1, shared: false });
}

/**
 * True when relaxed_madd is a real fused multiply-add here. Node 20's V8 has relaxed SIMD behind
 * a flag (on by default from Node 22), so the flag is set when the probe does not validate.
 * (1 + 2⁻³⁰)(1 − 2⁻³⁰) − 1 is −2⁻⁶⁰ rounded once, 0 rounded twice.
 */
function detectFused(): boolean {
  try {
    const bytes = maddProbe();
    if (!WebAssembly.validate(bytes.buffer as ArrayBuffer)) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      (require("node:v8") as typeof import("node:v8")).setFlagsFromString("--experimental-wasm-relaxed-simd");
      if (!WebAssembly.validate(bytes.buffer as ArrayBuffer)) return false;
    }
    const memory = new WebAssembly.Memory({ initial: 1, maximum: 1 });
    const t = new WebAssembly.Instance(new WebAssembly.Module(bytes.buffer as ArrayBuffer), { env: { memory } }).exports.t as (a: number, b: number, c: number) => number;
    return t(1 + 2 ** -30, 1 - 2 ** -30, -1) === -(2 ** -60);
  } catch {
    return false;
  }
}

let fusedHere: boolean | undefined;
/** `DESCENT_FUSED_MULTIPLY_ADD=0` starts with it off: a run as a machine without one would do it (CI runs the lessons so). */
let fusedWanted = typeof process !== "object" || process.env?.DESCENT_FUSED_MULTIPLY_ADD !== "0";

/** True when the product kernels round each multiply-add once (the machine fuses and `setFusedMultiplyAdd` did not turn it off). */
export function fusedMultiplyAdd(): boolean {
  if (!fusedWanted) return false;
  fusedHere ??= typeof WebAssembly === "object" && detectFused();
  return fusedHere;
}

/**
 * Large products use the machine's fused multiply-add, a·b + c rounded once (true, the default
 * where there is one), or a multiply then an add, each rounded, exactly as the JavaScript loops
 * round (false): then which path or how many threads compute a product never changes a bit of it.
 */
export function setFusedMultiplyAdd(on: boolean): void {
  if (on === fusedWanted) return;
  fusedWanted = on;
  made[0] = made[1] = undefined; // the worker pool follows the shared instance's module (threads.ts)
}

function create(shared: boolean): Runtime | null {
  try {
    if (typeof WebAssembly !== "object" || (shared && typeof SharedArrayBuffer !== "function")) return null;
    const limits = { initial: 16, maximum: 65536, shared };
    const memory = new WebAssembly.Memory(limits);
    const module = new WebAssembly.Module(kernelModule(limits, fusedMultiplyAdd()).buffer as ArrayBuffer);
    const inst = new WebAssembly.Instance(module, { env: { memory } });
    return { k: inst.exports as unknown as Kernels, module, memory, f64: new Float64Array(memory.buffer) };
  } catch {
    return null; // no WebAssembly SIMD here: the JavaScript loops serve
  }
}

/**
 * The kernels, or null where WebAssembly SIMD is unavailable (or turned off by `setWasm(false)`).
 * `shared`: the instance on a shared memory, which worker threads can run on too (threads.ts).
 * Copying operands in and out of a shared memory is ~2x slower (V8 copies it with relaxed
 * atomics: 1.7–2.1x for 32–512 KiB, measured 4 Dec), so products that run on one thread use the other instance.
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
