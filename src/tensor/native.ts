// The product kernel in machine code (src/tensor/native/gemm.c: AVX-512, or AVX2 and FMA), where the build could
// compile it and this machine runs it. Loaded on first use; wherever it is missing (no C
// compiler at build time, another processor, a grading kernel that refuses native addons,
// `DESCENT_NATIVE=0`) the WebAssembly kernels serve, with the same results bit for bit.
import path from "node:path";
import type { Start, Strided } from "./gemm";

interface Addon {
  gemm(n: number, K: number, m: number, A: Float64Array, ai: number, ak: number, B: Float64Array, bk: number, bj: number, C: Float64Array,
    start: Start, relu: Float64Array | undefined, gate: Float64Array | undefined): boolean;
  nt4(n: number, k: number, m: number, A: Float64Array, B: Float64Array, C: Float64Array, inv: number): boolean;
  level(cap: number): number;
  runs: boolean;
}

let addon: Addon | null | undefined;
let wanted = typeof process !== "object" || process.env?.DESCENT_NATIVE !== "0";

function load(): Addon | null {
  // Bundled as an ES module (no __dirname, no require) there is no addon to find: WebAssembly serves.
  if (typeof __dirname !== "string" || typeof require !== "function") return null;
  // Where the build puts it: dist/native/ beside the compiled modules, or seen from src/ (tests).
  for (const file of [path.join(__dirname, "..", "native", "gemm.node"), path.join(__dirname, "..", "..", "dist", "native", "gemm.node")]) {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const a = require(file) as Addon;
      return a.runs ? a : null;
    } catch {
      // not built, or refused (process.dlopen is closed in graded code): try the next, then WebAssembly
    }
  }
  return null;
}

/** True when products run on the machine-code kernel (built, this processor runs it, not turned off). */
export function nativeAvailable(): boolean {
  if (!wanted) return false;
  addon ??= load();
  return addon !== null;
}

/**
 * The kernel in use: 2 (AVX-512, 8 lanes), 1 (AVX2 and FMA, 4 lanes) or 0 (none: WebAssembly serves).
 * `cap` limits it for the whole process (tests and benchmarks run each kernel on one machine).
 */
export function nativeLevel(cap?: 0 | 1 | 2): number {
  if (!nativeAvailable()) return 0;
  return addon!.level(cap ?? 2);
}

/** Turn the machine-code kernel off (false) or back on: benchmarks and tests compare it with WebAssembly's. */
export function setNative(on: boolean): void {
  wanted = on;
}

/**
 * C (n x m) = start + Σ_k A(i, k)·B(k, j), each term a fused multiply-add in k order, with
 * gemmWasm's arguments and results (relu beside C, or C gated). False when it did not run
 * (unavailable, or an output shares memory with an input): the caller then uses WebAssembly.
 */
export function gemmNative(n: number, K: number, m: number, A: Strided, B: Strided, C: Float64Array, start: Start, relu?: Float64Array, gate?: Float64Array): boolean {
  if (!nativeAvailable()) return false;
  return addon!.gemm(n, K, m, A.data, A.si, A.sk, B.data, B.si, B.sk, C, start, relu, gate);
}

/**
 * C (n x k) = inv · A·Bᵀ in nt4Wasm's order (four partial sums over j mod 4, the remainder into
 * the first, ((s0 + s1) + s2 + s3)·inv), each term a fused multiply-add. False when it did not run.
 */
export function nt4Native(n: number, k: number, m: number, A: Float64Array, B: Float64Array, C: Float64Array, inv: number): boolean {
  if (!nativeAvailable()) return false;
  return addon!.nt4(n, k, m, A, B, C, inv);
}
