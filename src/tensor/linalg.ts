// Products, transposes and norms. matmul is written for the lessons' sizes:
// tiny (5x2 · 2x64) to a few hundred rows, row-major, i-k-j order so the
// inner loop walks contiguous memory, with four rows of the output at a time
// so each loaded row of `b` is used four times.
import { fmtShape, ShapeError, ValueError } from "../errors";
import { Matrix } from "./matrix";

/** `a · b` for (n x k) · (k x m) -> n x m. Writes into `out` when given. */
export function matmul(a: Matrix, b: Matrix, out?: Matrix): Matrix {
  const n = a.rows, kk = a.cols, m = b.cols;
  if (kk !== b.rows) {
    throw new ShapeError(`matmul: shapes ${fmtShape(a.rows, a.cols)} and ${fmtShape(b.rows, b.cols)} not aligned: ${kk} (dim 1) != ${b.rows} (dim 0)`);
  }
  if (out) {
    if (out.rows !== n || out.cols !== m) throw new ShapeError(`matmul: out has shape ${fmtShape(out.rows, out.cols)}, expected ${fmtShape(n, m)}`);
    if (out.data === a.data || out.data === b.data) throw new ValueError("matmul: out must not share memory with an operand");
    out.data.fill(0);
  } else out = new Matrix(n, m);
  const A = a.data, B = b.data, C = out.data;
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const c0 = i * m, c1 = c0 + m, c2 = c1 + m, c3 = c2 + m;
    const a0 = i * kk, a1 = a0 + kk, a2 = a1 + kk, a3 = a2 + kk;
    for (let k = 0; k < kk; k++) {
      const x0 = A[a0 + k]!, x1 = A[a1 + k]!, x2 = A[a2 + k]!, x3 = A[a3 + k]!;
      const bk = k * m;
      for (let j = 0; j < m; j++) {
        const bv = B[bk + j]!;
        C[c0 + j] += x0 * bv;
        C[c1 + j] += x1 * bv;
        C[c2 + j] += x2 * bv;
        C[c3 + j] += x3 * bv;
      }
    }
  }
  for (; i < n; i++) {
    const ci = i * m, ai = i * kk;
    for (let k = 0; k < kk; k++) {
      const x = A[ai + k]!;
      if (x === 0) continue;
      const bk = k * m;
      for (let j = 0; j < m; j++) C[ci + j] += x * B[bk + j]!;
    }
  }
  return out;
}

/** `a · bᵀ` without forming bᵀ (the backward pass's `dZ · A[l-1]ᵀ`). */
export function matmulTransB(a: Matrix, b: Matrix): Matrix {
  const n = a.rows, kk = a.cols, m = b.rows;
  if (kk !== b.cols) {
    throw new ShapeError(`matmulTransB: shapes ${fmtShape(a.rows, a.cols)} and ${fmtShape(b.rows, b.cols)}ᵀ not aligned: ${kk} != ${b.cols}`);
  }
  const out = new Matrix(n, m);
  const A = a.data, B = b.data, C = out.data;
  for (let i = 0; i < n; i++) {
    const ai = i * kk;
    for (let j = 0; j < m; j++) {
      const bj = j * kk;
      let s = 0;
      for (let k = 0; k < kk; k++) s += A[ai + k]! * B[bj + k]!;
      C[i * m + j] = s;
    }
  }
  return out;
}

/** `aᵀ · b` without forming aᵀ (the backward pass's `W[l]ᵀ · dZ[l]`). */
export function matmulTransA(a: Matrix, b: Matrix): Matrix {
  const kk = a.rows, n = a.cols, m = b.cols;
  if (kk !== b.rows) {
    throw new ShapeError(`matmulTransA: shapes ${fmtShape(a.rows, a.cols)}ᵀ and ${fmtShape(b.rows, b.cols)} not aligned: ${kk} != ${b.rows}`);
  }
  const out = new Matrix(n, m);
  const A = a.data, B = b.data, C = out.data;
  for (let k = 0; k < kk; k++) {
    const ak = k * n, bk = k * m;
    for (let i = 0; i < n; i++) {
      const x = A[ak + i]!;
      if (x === 0) continue;
      const ci = i * m;
      for (let j = 0; j < m; j++) C[ci + j] += x * B[bk + j]!;
    }
  }
  return out;
}

/** The transpose: an m x n matrix from n x m. */
export function transpose(a: Matrix): Matrix {
  const n = a.rows, m = a.cols;
  const out = new Matrix(m, n);
  const A = a.data, O = out.data;
  // Blocked so both sides stay in cache for the larger matrices.
  const B = 32;
  for (let i0 = 0; i0 < n; i0 += B) {
    const i1 = Math.min(n, i0 + B);
    for (let j0 = 0; j0 < m; j0 += B) {
      const j1 = Math.min(m, j0 + B);
      for (let i = i0; i < i1; i++) for (let j = j0; j < j1; j++) O[j * n + i] = A[i * m + j]!;
    }
  }
  return out;
}

/** Dot product of two matrices of equal size, read as flat vectors: Σ aᵢ bᵢ. */
export function dot(a: Matrix, b: Matrix): number {
  if (a.size !== b.size) throw new ShapeError(`dot: sizes differ: ${fmtShape(a.rows, a.cols)} and ${fmtShape(b.rows, b.cols)}`);
  const A = a.data, B = b.data;
  let s = 0;
  for (let k = 0; k < A.length; k++) s += A[k]! * B[k]!;
  return s;
}

/** Frobenius norm ‖A‖_F = √(Σ a_ij²): the L2 norm of all entries, as `np.linalg.norm(A)`. */
export function norm(a: Matrix): number {
  return vectorNorm(a, 2);
}

/**
 * The p-norm of all entries read as one vector: p = 1 (Σ|x|), 2 (√Σx²) or
 * Infinity (max |x|). For p = 2 it scales by the largest entry so that huge or
 * tiny values neither overflow nor underflow.
 */
export function vectorNorm(a: Matrix, p: number = 2): number {
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
  if (p !== 2) throw new ValueError(`vectorNorm: p must be 1, 2 or Infinity, got ${p}`);
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
