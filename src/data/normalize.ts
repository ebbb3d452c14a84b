// Normalizing inputs: fit μ and σ² on the training set only, then apply the
// same μ and σ² to dev and test (they must go through the same transform).
import { ShapeError, ValueError, checkFiniteData, checkMatrix, fmtShape, isMatrixLike, kindOf } from "../errors";
import { Matrix } from "../tensor/matrix";

/** Per-feature statistics of a training set (n_x x 1 each). */
export interface NormalizerStats {
  mu: Matrix;
  sigma2: Matrix;
}

/** `μ = 1/m Σ x⁽ⁱ⁾`, `σ² = 1/m Σ (x⁽ⁱ⁾ − μ)²`, per feature (row) of X (n_x x m). */
export function fitNormalizer(X: Matrix): NormalizerStats {
  checkMatrix("fitNormalizer", "X", X);
  checkFiniteData("fitNormalizer", "X", X, "feature", "example");
  const n = X.rows, m = X.cols;
  if (m === 0) throw new ValueError("fitNormalizer: X has no examples (0 columns)");
  const mu = new Matrix(n, 1), sigma2 = new Matrix(n, 1);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < m; j++) s += X.data[i * m + j]!;
    const u = s / m;
    let q = 0;
    for (let j = 0; j < m; j++) { const d = X.data[i * m + j]! - u; q += d * d; }
    mu.data[i] = u;
    sigma2.data[i] = q / m;
  }
  return { mu, sigma2 };
}

/** `(X − μ) / σ` with the training set's μ, σ² (a feature with σ² = 0 is only centered). */
export function normalize(X: Matrix, stats: NormalizerStats): Matrix {
  checkMatrix("normalize", "X", X);
  if (typeof stats !== "object" || stats === null || !isMatrixLike(stats.mu) || !isMatrixLike(stats.sigma2)) {
    throw new ValueError(`normalize: stats must be { mu, sigma2 } from fitNormalizer(Xtrain), got ${kindOf(stats)}`);
  }
  checkFiniteData("normalize", "X", X, "feature", "example");
  const n = X.rows, m = X.cols;
  if (stats.mu.rows !== stats.sigma2.rows) {
    throw new ShapeError(`normalize: the statistics disagree: mu has ${stats.mu.rows} rows but sigma2 has ${stats.sigma2.rows} (take both from one fitNormalizer)`);
  }
  if (stats.mu.rows !== n) {
    throw new ShapeError(`normalize: X has ${n} features (shape ${fmtShape(n, m)}) but the statistics were fitted on ${stats.mu.rows}`);
  }
  const out = new Matrix(n, m);
  for (let i = 0; i < n; i++) {
    const u = stats.mu.data[i]!, v = stats.sigma2.data[i]!, inv = v > 0 ? 1 / Math.sqrt(v) : 1;
    for (let j = 0; j < m; j++) out.data[i * m + j] = (X.data[i * m + j]! - u) * inv;
  }
  return out;
}
