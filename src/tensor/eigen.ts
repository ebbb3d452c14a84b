// Eigenvalues of symmetric matrices (Hessians, covariances) by cyclic Jacobi
// rotations: each rotation zeroes one off-diagonal pair, the off-diagonal mass
// shrinks quadratically, and the result is accurate to a few ulps of ‖A‖ for
// the small matrices the lessons use (n up to a few dozen).
import { ShapeError, ValueError, assertInt, checkMatrix, fmtShape } from "../errors";
import { Matrix } from "./matrix";

/** Options of {@link eigh}. */
export interface EighOptions {
  /** Largest |A[i][j] − A[j][i]| accepted, relative to the largest |entry| (default 1e-10). */
  symmetryTol?: number;
  /** Sweeps over all (p, q) pairs before giving up (default 100; 6–10 are typical). */
  maxSweeps?: number;
}

/** Result of {@link eigh}: `A = V · diag(values) · Vᵀ`. */
export interface Eigen {
  /** λ₁ ≤ λ₂ ≤ … ≤ λₙ, ascending as numpy.linalg.eigh returns them. */
  values: number[];
  /** Column k is the unit eigenvector of values[k] (its sign is arbitrary, as in any eigensolver). */
  vectors: Matrix;
}

function checkSymmetric(A: Matrix, tol: number, where: string): void {
  if (!(A instanceof Matrix)) throw new ValueError(`${where}: A must be a Matrix, got ${typeof A}`);
  if (A.rows !== A.cols) throw new ShapeError(`${where}: A must be square, got shape ${fmtShape(A.rows, A.cols)}`);
  const n = A.rows, a = A.data;
  let scale = 0;
  for (let k = 0; k < a.length; k++) {
    const v = a[k]!;
    if (!Number.isFinite(v)) throw new ValueError(`${where}: A[${Math.floor(k / n)}, ${k % n}] = ${v} is not finite`);
    scale = Math.max(scale, Math.abs(v));
  }
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const d = Math.abs(a[i * n + j]! - a[j * n + i]!);
      if (d > tol * scale) {
        throw new ValueError(`${where}: A must be symmetric, but A[${i}, ${j}] = ${a[i * n + j]} and A[${j}, ${i}] = ${a[j * n + i]}; use (A + Aᵀ)/2`);
      }
    }
  }
}

/**
 * Eigen-decomposition of a symmetric matrix, `A = V diag(λ) Vᵀ` (numpy's `np.linalg.eigh`), by cyclic
 * Jacobi rotations: for each pair p < q, rotate rows and columns p, q by the angle φ with
 * `cot 2φ = (a_qq − a_pp) / (2 a_pq)`, which sets a_pq to 0; repeat until the off-diagonal part vanishes.
 * The signs of the eigenvalues of a Hessian say what a critical point is: all > 0 a minimum, all < 0 a
 * maximum, mixed a saddle.
 */
export function eigh(A: Matrix, opts: EighOptions = {}): Eigen {
  const where = "eigh";
  checkSymmetric(A, opts.symmetryTol ?? 1e-10, where);
  const maxSweeps = opts.maxSweeps ?? 100;
  assertInt("maxSweeps", maxSweeps, 1, 10_000, where);
  const n = A.rows;
  // Work on the symmetric part, so entries that differ by rounding do not bias the result.
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) a[i * n + j] = 0.5 * (A.data[i * n + j]! + A.data[j * n + i]!);
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  let total = 0;
  for (let k = 0; k < a.length; k++) total += a[k]! * a[k]!;
  let converged = n < 2 || total === 0;
  for (let sweep = 0; sweep < maxSweeps && !converged; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += a[p * n + q]! * a[p * n + q]!;
    // Off-diagonal mass below (ulp of ‖A‖_F)²: the diagonal is the spectrum to working precision.
    if (off <= 1e-32 * total) { converged = true; break; }
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q]!;
        if (apq === 0) continue;
        const theta = (a[q * n + q]! - a[p * n + p]!) / (2 * apq);
        // t = tan φ, the smaller root of t² + 2tθ − 1 = 0 (the rotation by at most π/4 is the stable one).
        const t = (theta >= 0 ? 1 : -1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1), s = t * c;
        // A ← Rᵀ A R with R the identity except R[p][p] = R[q][q] = c, R[p][q] = s, R[q][p] = −s.
        for (let k = 0; k < n; k++) {
          const akp = a[k * n + p]!, akq = a[k * n + q]!;
          a[k * n + p] = c * akp - s * akq;
          a[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p * n + k]!, aqk = a[q * n + k]!;
          a[p * n + k] = c * apk - s * aqk;
          a[q * n + k] = s * apk + c * aqk;
        }
        a[p * n + q] = 0;
        a[q * n + p] = 0;
        for (let k = 0; k < n; k++) {
          const vkp = v[k * n + p]!, vkq = v[k * n + q]!;
          v[k * n + p] = c * vkp - s * vkq;
          v[k * n + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  if (!converged) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += a[p * n + q]! * a[p * n + q]!;
    if (off > 1e-28 * total) throw new ValueError(`${where}: Jacobi rotations did not converge in ${maxSweeps} sweeps (off-diagonal norm ${Math.sqrt(off)})`);
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => a[i * n + i]! - a[j * n + j]!);
  const values = order.map((i) => a[i * n + i]!);
  const vectors = new Matrix(n, n);
  order.forEach((src, dst) => {
    for (let k = 0; k < n; k++) vectors.data[k * n + dst] = v[k * n + src]!;
  });
  return { values, vectors };
}

/** The eigenvalues of a symmetric matrix, ascending (numpy's `np.linalg.eigvalsh`). */
export function eigvalsh(A: Matrix, opts: EighOptions = {}): number[] {
  checkMatrix("eigvalsh", "A", A); // else eigh, which the learner did not call, named the problem
  return eigh(A, opts).values;
}
