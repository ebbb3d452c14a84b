// Large products on the WebAssembly SIMD kernels (src/tensor/wasm/kernels.ts):
// pack the operands into the kernels' memory in panels, run, copy C out.
// Each entry of C is summed in the same order as the JavaScript loops in
// linalg.ts and nn/, so which path runs never changes a bit of the result:
// the size thresholds below are about speed only.
import { MR, NR } from "./wasm/kernels";
import { reserve, runtime } from "./wasm/runtime";

/**
 * Products with at least this many multiply-adds (n·k·m) go to WebAssembly.
 * Below it, packing and copying cost more than the SIMD saves (measured:
 * 20x5·5x300 = 30,000 is about even).
 */
export const WASM_MIN_MACS = 1 << 15;

/** Depth of one packed chunk: an MR x KC panel of A (8 KiB) stays in L1 while a tile runs. */
const KC = 256;

/** A strided operand: entry (i, k) is `data[i*si + k*sk]`. */
export interface Strided { data: Float64Array; si: number; sk: number }

/** What C starts from: one value for every entry (0, or −0 to begin with the first product), or a value per row (a bias). */
export type Start = number | Float64Array;

/**
 * C (n x m, row-major, written) = start + Σ_k A(i, k)·B(k, j), k in order 0 … K−1.
 * `B.si` steps along k and `B.sk` along j. With `relu`, also writes max(Z, 0) there
 * (`z > 0 ? z : 0`) in the same pass over C. Returns false (nothing written)
 * when WebAssembly is unavailable.
 */
export function gemmWasm(n: number, K: number, m: number, A: Strided, B: Strided, C: Float64Array, start: Start, relu?: Float64Array): boolean {
  const r = runtime();
  if (!r || n === 0 || m === 0) return r !== null;
  const np = Math.ceil(n / MR), mp = Math.ceil(m / NR), ldc = mp * NR, kc = Math.min(K, KC);
  // Layout (in f64 entries): A as given, B as given, packed A, packed B, C with rows padded to whole tiles.
  const a0 = 0, b0 = A.data.length, ap = b0 + B.data.length, bp = ap + np * MR * kc, c0 = bp + mp * NR * kc, cLen = np * MR * ldc;
  const f = reserve(r, c0 + cLen);
  f.set(A.data, a0);
  f.set(B.data, b0);
  if (typeof start === "number") f.fill(start, c0, c0 + cLen);
  else {
    for (let i = 0; i < n; i++) f.fill(start[i]!, c0 + i * ldc, c0 + (i + 1) * ldc);
    f.fill(0, c0 + n * ldc, c0 + cLen);
  }
  const k = r.k;
  for (let k0 = 0; k0 < K; k0 += KC) {
    const kk = Math.min(KC, K - k0);
    k.pack_4((a0 + k0 * A.sk) * 8, ap * 8, n, kk, A.si * 8, A.sk * 8);
    // B's panels run along j (its columns), each holding k-major rows.
    k.pack_4((b0 + k0 * B.si) * 8, bp * 8, m, kk, B.sk * 8, B.si * 8);
    k.gemm(ap * 8, bp * 8, c0 * 8, np, mp, kk, ldc * 8);
  }
  if (relu) {
    for (let i = 0; i < n; i++) {
      const s = c0 + i * ldc, d = i * m;
      for (let j = 0; j < m; j++) { const v = f[s + j]!; C[d + j] = v; relu[d + j] = v > 0 ? v : 0; }
    }
  } else if (ldc === m) C.set(f.subarray(c0, c0 + n * m));
  else for (let i = 0; i < n; i++) C.set(f.subarray(c0 + i * ldc, c0 + i * ldc + m), i * m);
  return true;
}

/**
 * C (n x k) = inv · A·Bᵀ for row-major A (n x m) and B (k x m), each entry as
 * `((s0 + s1) + s2 + s3)·inv` over four interleaved partial sums (see kernels.ts).
 * Returns false when WebAssembly is unavailable.
 */
export function nt4Wasm(n: number, k: number, m: number, A: Float64Array, B: Float64Array, C: Float64Array, inv: number): boolean {
  const r = runtime();
  if (!r) return false;
  const b0 = n * m, c0 = b0 + k * m;
  const f = reserve(r, c0 + n * k);
  f.set(A.subarray(0, n * m), 0);
  f.set(B.subarray(0, k * m), b0);
  let i = 0;
  for (; i + 2 <= n; i += 2) r.k.nt4_2(i * m * 8, b0 * 8, (c0 + i * k) * 8, k, m, inv);
  if (i < n) r.k.nt4_1(i * m * 8, b0 * 8, (c0 + i * k) * 8, k, m, inv);
  C.set(f.subarray(c0, c0 + n * k));
  return true;
}
