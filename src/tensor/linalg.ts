// Products, transposes and norms. Small products run here, in 4 x 4
// register blocks: sixteen independent accumulators per block keep the
// floating-point units busy, where the textbook i-k-j loop is bound by the
// store of C on every step (measured 3-4x slower here at 64-256). Large ones
// go to the WebAssembly SIMD kernels (gemm.ts), which sum every entry in the
// same order (k = 0, 1, …, starting from +0): identical results, or within the
// last bits where they fuse each multiply-add (see setFusedMultiplyAdd).
import { checkMatrix, fmtShape, kindOf, ShapeError, ValueError } from "../errors";
import { allocEntries, allocF64 } from "./alloc";
import { gemmKernel, WASM_MIN_MACS } from "./gemm";
import { Matrix } from "./matrix";

/**
 * C (n x m) = A (n x kk) · B, where entry (k, j) of B is `B[k*bk + j*bj]`:
 * (bk, bj) = (m, 1) reads a row-major B, (1, kk) reads a row-major Bᵀ, so one
 * kernel serves `a·b` and `a·bᵀ` without copying either operand.
 */
function gemm(A: Float64Array, B: Float64Array, C: Float64Array, n: number, kk: number, m: number, bk: number, bj: number): void {
  const n4 = n - (n % 4), m4 = m - (m % 4);
  const j1 = bj, j2 = 2 * bj, j3 = 3 * bj;
  for (let i = 0; i < n4; i += 4) {
    const a0 = i * kk, a1 = a0 + kk, a2 = a1 + kk, a3 = a2 + kk;
    for (let j = 0; j < m4; j += 4) {
      let c00 = 0, c01 = 0, c02 = 0, c03 = 0, c10 = 0, c11 = 0, c12 = 0, c13 = 0;
      let c20 = 0, c21 = 0, c22 = 0, c23 = 0, c30 = 0, c31 = 0, c32 = 0, c33 = 0;
      for (let k = 0, b = j * bj; k < kk; k++, b += bk) {
        const x0 = A[a0 + k]!, x1 = A[a1 + k]!, x2 = A[a2 + k]!, x3 = A[a3 + k]!;
        const y0 = B[b]!, y1 = B[b + j1]!, y2 = B[b + j2]!, y3 = B[b + j3]!;
        c00 += x0 * y0; c01 += x0 * y1; c02 += x0 * y2; c03 += x0 * y3;
        c10 += x1 * y0; c11 += x1 * y1; c12 += x1 * y2; c13 += x1 * y3;
        c20 += x2 * y0; c21 += x2 * y1; c22 += x2 * y2; c23 += x2 * y3;
        c30 += x3 * y0; c31 += x3 * y1; c32 += x3 * y2; c33 += x3 * y3;
      }
      let o = i * m + j;
      C[o] = c00; C[o + 1] = c01; C[o + 2] = c02; C[o + 3] = c03; o += m;
      C[o] = c10; C[o + 1] = c11; C[o + 2] = c12; C[o + 3] = c13; o += m;
      C[o] = c20; C[o + 1] = c21; C[o + 2] = c22; C[o + 3] = c23; o += m;
      C[o] = c30; C[o + 1] = c31; C[o + 2] = c32; C[o + 3] = c33;
    }
  }
  // Edges: the rows below the last full block, and the columns right of it.
  for (let i = 0; i < n; i++) {
    const ai = i * kk;
    for (let j = i < n4 ? m4 : 0; j < m; j++) {
      let s = 0;
      for (let k = 0, b = j * bj; k < kk; k++, b += bk) s += A[ai + k]! * B[b]!;
      C[i * m + j] = s;
    }
  }
}

function transposeData(A: Float64Array, n: number, m: number): Float64Array {
  const O = allocF64(n * m);
  // Blocked so both sides stay in cache for the larger matrices.
  const B = 32;
  for (let i0 = 0; i0 < n; i0 += B) {
    const i1 = Math.min(n, i0 + B);
    for (let j0 = 0; j0 < m; j0 += B) {
      const j1 = Math.min(m, j0 + B);
      for (let i = i0; i < i1; i++) for (let j = j0; j < j1; j++) O[j * n + i] = A[i * m + j]!;
    }
  }
  return O;
}

/** `a · b` for (n x k) · (k x m) -> n x m. Writes into `out` when given. */
export function matmul(a: Matrix, b: Matrix, out?: Matrix): Matrix {
  checkMatrix("matmul", "first argument", a);
  checkMatrix("matmul", "second argument", b);
  const n = a.rows, kk = a.cols, m = b.cols;
  if (kk !== b.rows) {
    throw new ShapeError(`matmul: shapes ${fmtShape(a.rows, a.cols)} and ${fmtShape(b.rows, b.cols)} not aligned: ${kk} (dim 1) != ${b.rows} (dim 0)`);
  }
  if (out) {
    if (out.rows !== n || out.cols !== m) throw new ShapeError(`matmul: out has shape ${fmtShape(out.rows, out.cols)}, expected ${fmtShape(n, m)}`);
    if (out.data === a.data || out.data === b.data) throw new ValueError("matmul: out must not share memory with an operand");
  } else out = new Matrix(n, m, allocEntries(n, m, "matmul", false));
  if (n * kk * m < WASM_MIN_MACS || !gemmKernel(n, kk, m, { data: a.data, si: kk, sk: 1 }, { data: b.data, si: m, sk: 1 }, out.data, 0)) {
    gemm(a.data, b.data, out.data, n, kk, m, m, 1);
  }
  return out;
}

/** `a · bᵀ` without forming bᵀ (the backward pass's `dZ · A[l-1]ᵀ`). */
export function matmulTransB(a: Matrix, b: Matrix): Matrix {
  checkMatrix("matmulTransB", "first argument", a);
  checkMatrix("matmulTransB", "second argument", b);
  const n = a.rows, kk = a.cols, m = b.rows;
  if (kk !== b.cols) {
    throw new ShapeError(`matmulTransB: shapes ${fmtShape(a.rows, a.cols)} and ${fmtShape(b.rows, b.cols)}ᵀ not aligned: ${kk} != ${b.cols}`);
  }
  const out = new Matrix(n, m, allocEntries(n, m, "matmulTransB", false));
  if (n * kk * m < WASM_MIN_MACS || !gemmKernel(n, kk, m, { data: a.data, si: kk, sk: 1 }, { data: b.data, si: 1, sk: kk }, out.data, 0)) {
    gemm(a.data, b.data, out.data, n, kk, m, 1, kk);
  }
  return out;
}

/** `aᵀ · b` (the backward pass's `W[l]ᵀ · dZ[l]`). */
export function matmulTransA(a: Matrix, b: Matrix): Matrix {
  checkMatrix("matmulTransA", "first argument", a);
  checkMatrix("matmulTransA", "second argument", b);
  const kk = a.rows, n = a.cols, m = b.cols;
  if (kk !== b.rows) {
    throw new ShapeError(`matmulTransA: shapes ${fmtShape(a.rows, a.cols)}ᵀ and ${fmtShape(b.rows, b.cols)} not aligned: ${kk} != ${b.rows}`);
  }
  const out = new Matrix(n, m, allocEntries(n, m, "matmulTransA", false));
  if (n * kk * m < WASM_MIN_MACS || !gemmKernel(n, kk, m, { data: a.data, si: 1, sk: n }, { data: b.data, si: m, sk: 1 }, out.data, 0)) {
    gemm(transposeData(a.data, kk, n), b.data, out.data, n, kk, m, m, 1);
  }
  return out;
}

/** The transpose: an m x n matrix from n x m. */
export function transpose(a: Matrix): Matrix {
  checkMatrix("transpose", "argument", a);
  return new Matrix(a.cols, a.rows, transposeData(a.data, a.rows, a.cols));
}

/** Dot product of two matrices of equal size, read as flat vectors: Σ aᵢ bᵢ. */
export function dot(a: Matrix, b: Matrix): number {
  checkMatrix("dot", "first argument", a);
  checkMatrix("dot", "second argument", b);
  if (a.size !== b.size) throw new ShapeError(`dot: sizes differ: ${fmtShape(a.rows, a.cols)} and ${fmtShape(b.rows, b.cols)}`);
  const A = a.data, B = b.data;
  let s = 0;
  for (let k = 0; k < A.length; k++) s += A[k]! * B[k]!;
  return s;
}

/** Frobenius norm ‖A‖_F = √(Σ a_ij²): the L2 norm of all entries, as `np.linalg.norm(A)`. */
export function norm(a: Matrix): number {
  checkMatrix("norm", "argument", a);
  return vectorNorm(a, 2);
}

/**
 * The p-norm of all entries read as one vector: p = 1 (Σ|x|), 2 (√Σx²) or
 * Infinity (max |x|). For p = 2 it scales by the largest entry so that huge or
 * tiny values neither overflow nor underflow.
 */
export function vectorNorm(a: Matrix, p: number = 2): number {
  checkMatrix("vectorNorm", "first argument", a);
  const d = a.data;
  if (p === 1) {
    let s = 0;
    for (let k = 0; k < d.length; k++) s += Math.abs(d[k]!);
    return s;
  }
  if (p === Infinity) {
    let s = 0;
    for (let k = 0; k < d.length; k++) {
      const v = Math.abs(d[k]!);
      if (v > s || Number.isNaN(v)) s = v;
    }
    return s;
  }
  if (p !== 2) throw new ValueError(`vectorNorm: p must be 1, 2 or Infinity, got ${typeof p === "number" ? p : kindOf(p)}`);
  let s = 0;
  for (let k = 0; k < d.length; k++) s += d[k]! * d[k]!;
  if (s !== Infinity && s > 1e-300) return Math.sqrt(s);
  // Overflowed or underflowed: redo scaled by the largest magnitude.
  let mx = 0;
  for (let k = 0; k < d.length; k++) mx = Math.max(mx, Math.abs(d[k]!));
  if (mx === 0 || !Number.isFinite(mx)) return mx;
  s = 0;
  for (let k = 0; k < d.length; k++) {
    const v = d[k]! / mx;
    s += v * v;
  }
  return mx * Math.sqrt(s);
}
