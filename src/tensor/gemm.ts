// Large products on the WebAssembly SIMD kernels (src/tensor/wasm/kernels.ts):
// pack the operands into the kernels' memory in panels, run, copy C out.
// Each entry of C is summed in the same order as the JavaScript loops in
// linalg.ts and nn/; with `setFusedMultiplyAdd(false)` rounded as they round
// too, so which path runs never changes a bit of the result. With the fused
// multiply-add (the default where the machine has one, runtime.ts) products
// past the thresholds below differ from the loops' in the last bits only.
import { gemmNative, nt4Native } from "./native";
import { MR, NR } from "./wasm/kernels";
import { done, fusedMultiplyAdd, reserve, runtime, wasmEnabled, type Runtime } from "./wasm/runtime";
import { gemmTiles, sharing, type Pool } from "./wasm/threads";

/**
 * Products with at least this many multiply-adds (n·k·m) go to WebAssembly. Below it the
 * fixed cost of a call (~0.5 µs: packing, copying) is not repaid. Measured, JS loop vs kernel:
 * 16x16·16x16 2.0 vs 0.7 µs, 20x5·5x300 41 vs 4.2 µs, 10x64·64x128 60 vs 10.5 µs.
 */
export const WASM_MIN_MACS = 1 << 12;

/** Depth of one packed chunk: an MR x KC panel of A (8 KiB) stays in L1 while a tile runs. */
const KC = 256;

/** A strided operand: entry (i, k) is `data[i*si + k*sk]`. */
export interface Strided { data: Float64Array; si: number; sk: number }

/** What C starts from: one value for every entry (0, or −0 to begin with the first product), or a value per row (a bias). */
export type Start = number | Float64Array;

/**
 * Tiles of C (at f64 index c, rows ldc apart) += Σ_k A(i, k)·B(k, j) for k = 0 … K−1, in
 * chunks of KC. The operands are already in the kernels' memory: entry (i, k) of A at
 * f64 index `a + i·ai + k·ak`, entry (k, j) of B at `b + k·bk + j·bj`.
 */
function accumulate(r: Runtime, p: Pool | null, n: number, K: number, m: number, a: number, ai: number, ak: number, b: number, bk: number, bj: number,
  ap: number, bp: number, c: number, ldc: number): void {
  const np = Math.ceil(n / MR), mp = Math.ceil(m / NR), k = r.k;
  for (let k0 = 0; k0 < K; k0 += KC) {
    const kk = Math.min(KC, K - k0);
    k.pack_4((a + k0 * ak) * 8, ap * 8, n, kk, ai * 8, ak * 8);
    // B's panels run along j (its columns), each holding k-major rows.
    k.pack_4((b + k0 * bk) * 8, bp * 8, m, kk, bj * 8, bk * 8);
    gemmTiles(r, p, ap * 8, bp * 8, c * 8, np, mp, kk, ldc * 8);
  }
}

/** Room for the packed panels of one chunk (f64 entries). */
const packed = (n: number, K: number, m: number) => (Math.ceil(n / MR) * MR + Math.ceil(m / NR) * NR) * Math.min(K, KC);

/**
 * C (n x m, row-major, written) = start + Σ_k A(i, k)·B(k, j), k in order 0 … K−1.
 * `B.si` steps along k and `B.sk` along j. With `relu`, also writes max(Z, 0) there
 * (`z > 0 ? z : 0`) in the same pass over C. With `gate` (n x m), C is relu′-masked
 * before it is written: `gate > 0 ? C : 0`, the backward pass's dZ = dA ∗ relu′(Z).
 * Returns false (nothing written) when WebAssembly is unavailable.
 */
export function gemmWasm(n: number, K: number, m: number, A: Strided, B: Strided, C: Float64Array, start: Start, relu?: Float64Array, gate?: Float64Array): boolean {
  const p = sharing(n * K * m), r = runtime(p !== null);
  if (!r || n === 0 || m === 0) return r !== null;
  const ldc = Math.ceil(m / NR) * NR, rows = Math.ceil(n / MR) * MR;
  // Layout (f64 entries): A as given, B as given, C with rows padded to whole tiles, relu(C) or the gate likewise, the packed panels.
  const a0 = 0, b0 = A.data.length, c0 = b0 + B.data.length, r0 = c0 + rows * ldc, p0 = r0 + (relu || gate ? rows * ldc : 0);
  const f = reserve(r, p0 + packed(n, K, m));
  f.set(A.data, a0);
  f.set(B.data, b0);
  if (gate) copyIn(gate, f, r0, ldc, n, m);
  // C's start by the kernels' fill (TypedArray#fill is 5–10x slower on the shared memory); ldc is even.
  if (typeof start === "number") r.k.fill(c0 * 8, rows * ldc, start);
  else {
    for (let i = 0; i < n; i++) r.k.fill((c0 + i * ldc) * 8, ldc, start[i]!);
    r.k.fill((c0 + n * ldc) * 8, (rows - n) * ldc, 0);
  }
  accumulate(r, p, n, K, m, a0, A.si, A.sk, b0, B.si, B.sk, p0, p0 + Math.ceil(n / MR) * MR * Math.min(K, KC), c0, ldc);
  // The gate's padding columns hold whatever was there: they gate columns that are not copied out.
  if (gate) r.k.gate(c0 * 8, r0 * 8, n * ldc);
  // Copies out by TypedArray#set only: a JS loop over f would see two kinds of memory (shared or
  // not, runtime(true) or runtime()) and V8 would compile it for neither.
  copyOut(f, c0, ldc, C, n, m);
  if (relu) {
    r.k.relu(c0 * 8, r0 * 8, n * ldc);
    copyOut(r.f64, r0, ldc, relu, n, m);
  }
  done(r);
  return true;
}

/**
 * gemmWasm's product on the fastest kernel here: the machine-code one (native.ts) where it runs
 * and products are fused (its results are the fused WebAssembly kernel's, bit for bit), else
 * WebAssembly. `setWasm(false)` turns both off (the JavaScript loops then serve).
 */
export function gemmKernel(n: number, K: number, m: number, A: Strided, B: Strided, C: Float64Array, start: Start, relu?: Float64Array, gate?: Float64Array): boolean {
  if (wasmEnabled() && fusedMultiplyAdd() && gemmNative(n, K, m, A, B, C, start, relu, gate)) return true;
  return gemmWasm(n, K, m, A, B, C, start, relu, gate);
}

/** nt4Wasm's product on the fastest kernel here, as gemmKernel chooses. */
export function nt4Kernel(n: number, k: number, m: number, A: Float64Array, B: Float64Array, C: Float64Array, inv: number): boolean {
  if (wasmEnabled() && fusedMultiplyAdd() && nt4Native(n, k, m, A, B, C, inv)) return true;
  return nt4Wasm(n, k, m, A, B, C, inv);
}

/** The n x m matrix `from` into rows ldc apart from f64 index `to` of f. */
function copyIn(from: Float64Array, f: Float64Array, to: number, ldc: number, n: number, m: number): void {
  if (ldc === m) f.set(from.subarray(0, n * m), to);
  else for (let i = 0; i < n; i++) f.set(from.subarray(i * m, (i + 1) * m), to + i * ldc);
}

/** Rows of m values, ldc apart from f64 index `from`, into the n x m matrix `to`. */
function copyOut(f: Float64Array, from: number, ldc: number, to: Float64Array, n: number, m: number): void {
  if (ldc === m) to.set(f.subarray(from, from + n * m));
  else for (let i = 0; i < n; i++) to.set(f.subarray(from + i * ldc, from + i * ldc + m), i * m);
}

/**
 * C (n x k) = inv · A·Bᵀ for row-major A (n x m) and B (k x m), each entry as the backward
 * pass's loop sums it: four partial sums s_r = Σ_{j ≡ r mod 4} A[i, j]·B[t, j] (j < m − m mod 4,
 * in order, from +0), the remaining j added to s0 in order, then `((s0 + s1) + s2 + s3)·inv`.
 * Each s_r is a product of its own (every fourth column of A and B), run on the gemm kernel.
 * Returns false when WebAssembly is unavailable.
 */
export function nt4Wasm(n: number, k: number, m: number, A: Float64Array, B: Float64Array, C: Float64Array, inv: number): boolean {
  const p = sharing(n * k * m), r = runtime(p !== null);
  if (!r || n === 0 || k === 0) return r !== null;
  const m4 = m - (m % 4), q = m4 / 4;
  const ldc = Math.ceil(k / NR) * NR, size = Math.ceil(n / MR) * MR * ldc;
  // Layout: A, B, the four partial sums s0 … s3 (each n x k padded), the packed panels.
  const b0 = n * m, s0 = b0 + k * m, p0 = s0 + 4 * size;
  const f = reserve(r, p0 + packed(n, Math.max(q, m - m4), k));
  f.set(A.subarray(0, n * m), 0);
  f.set(B.subarray(0, k * m), b0);
  r.k.fill(s0 * 8, 4 * size, 0);
  const bp = p0 + Math.ceil(n / MR) * MR * Math.min(Math.max(q, m - m4), KC);
  // s_r: depth index e stands for column j = 4e + r of both A and B (Bᵀ read along its rows).
  if (q > 0) for (let lane = 0; lane < 4; lane++) accumulate(r, p, n, q, k, lane, m, 4, b0 + lane, 4, m, p0, bp, s0 + lane * size, ldc);
  // The remainder joins s0 after its own terms, in order.
  if (m > m4) accumulate(r, p, n, m - m4, k, m4, m, 1, b0 + m4, 1, m, p0, bp, s0, ldc);
  // ((s0 + s1) + s2 + s3)·inv, written over s0, then copied out.
  r.k.sum4(s0 * 8, size * 8, s0 * 8, n * ldc, inv);
  copyOut(r.f64, s0, ldc, C, n, k);
  done(r);
  return true;
}
