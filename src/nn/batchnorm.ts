// Batch normalization of a layer's Z (features x examples): normalize each
// unit with the mini-batch's mean and variance, then let the network rescale
// it with learnable γ and β. At test time there is no batch, so an
// exponentially weighted average of μ and σ² seen in training is used.
import { ShapeError, ValueError, assertInRange, checkMatrix, fmtShape, isPlainObject, kindOf } from "../errors";
import { Matrix } from "../tensor/matrix";

/** A per-unit column (γ, β, μ, σ²) of n rows for a layer of n units. */
function checkColumn(where: string, name: string, v: unknown, n: number): void {
  checkMatrix(where, name, v);
  const c = v as Matrix;
  if (c.rows !== n || c.cols !== 1) throw new ShapeError(`${where}: ${name} must be ${fmtShape(n, 1)}, one value per unit of Z, got ${fmtShape(c.rows, c.cols)}`);
}

function checkStats(where: string, name: string, s: unknown, n: number): void {
  if (!isPlainObject(s)) throw new ValueError(`${where}: ${name} must be { mu, var } (columns of ${n}), got ${kindOf(s)}`);
  checkColumn(where, `${name}.mu`, s.mu, n);
  checkColumn(where, `${name}.var`, s.var, n);
}

/** What the backward pass needs from the forward pass. */
export interface BatchNormCache {
  /** Z_norm = (Z − μ) / √(σ² + ε). */
  Znorm: Matrix;
  /** 1 / √(σ² + ε) per unit (n x 1). */
  invStd: Float64Array;
  gamma: Matrix;
}

export interface BatchNormStats {
  mu: Matrix;
  var: Matrix;
}

/**
 * `μ = 1/m Σ_i z⁽ⁱ⁾`, `σ² = 1/m Σ_i (z⁽ⁱ⁾ − μ)²`, `z_norm = (z − μ)/√(σ² + ε)`, `z̃ = γ z_norm + β`.
 * Training uses the batch's μ, σ² (returned in `stats`); inference passes `running` instead.
 */
export function batchNormForward(
  Z: Matrix, gamma: Matrix, beta: Matrix, eps: number, running?: BatchNormStats,
): { out: Matrix; cache: BatchNormCache; stats: BatchNormStats } {
  checkMatrix("batchNormForward", "Z", Z);
  const n = Z.rows, m = Z.cols, z = Z.data;
  checkColumn("batchNormForward", "gamma", gamma, n);
  checkColumn("batchNormForward", "beta", beta, n);
  assertInRange("eps", eps, 0, Infinity, "[)", "batchNormForward");
  if (running !== undefined) checkStats("batchNormForward", "running", running, n);
  else if (m === 0) throw new ValueError("batchNormForward: Z has no examples (0 columns), so it has no batch statistics");
  const Zn = new Matrix(n, m), zn = Zn.data, out = new Matrix(n, m), o = out.data;
  const mu = new Matrix(n, 1), va = new Matrix(n, 1), invStd = new Float64Array(n);
  const g = gamma.data, b = beta.data;
  for (let i = 0; i < n; i++) {
    const r = i * m;
    let mean: number, v: number;
    if (running) {
      mean = running.mu.data[i]!;
      v = running.var.data[i]!;
    } else {
      let s = 0;
      for (let j = 0; j < m; j++) s += z[r + j]!;
      mean = s / m;
      let q = 0;
      for (let j = 0; j < m; j++) { const d = z[r + j]! - mean; q += d * d; }
      v = q / m;
    }
    mu.data[i] = mean; va.data[i] = v;
    const is = 1 / Math.sqrt(v + eps);
    invStd[i] = is;
    const gi = g[i]!, bi = b[i]!;
    for (let j = 0; j < m; j++) {
      const t = (z[r + j]! - mean) * is;
      zn[r + j] = t;
      o[r + j] = gi * t + bi;
    }
  }
  return { out, cache: { Znorm: Zn, invStd, gamma }, stats: { mu, var: va } };
}

/**
 * Backward through batch norm, with dZ̃ in the course's scaling (dZ = A − Y, not divided by m):
 * `dγ = 1/m Σ dZ̃ ∗ z_norm`, `dβ = 1/m Σ dZ̃`, and with `dẑ = γ dZ̃`,
 * `dZ = 1/(m √(σ²+ε)) · (m dẑ − Σ dẑ − z_norm Σ dẑ ∗ z_norm)` (μ and σ² depend on Z too).
 */
export function batchNormBackward(dZt: Matrix, cache: BatchNormCache): { dZ: Matrix; dgamma: Matrix; dbeta: Matrix } {
  checkMatrix("batchNormBackward", "dZ̃", dZt);
  if (!isPlainObject(cache) || !(cache.invStd instanceof Float64Array)) {
    throw new ValueError(`batchNormBackward: cache must be the cache batchNormForward returned, got ${kindOf(cache)}`);
  }
  if (cache.Znorm.rows !== dZt.rows || cache.Znorm.cols !== dZt.cols) {
    throw new ShapeError(`batchNormBackward: dZ̃ has shape ${fmtShape(dZt.rows, dZt.cols)} but the cache's Z_norm has ${fmtShape(cache.Znorm.rows, cache.Znorm.cols)}`);
  }
  const n = dZt.rows, m = dZt.cols, d = dZt.data, zn = cache.Znorm.data, g = cache.gamma.data;
  const dZ = new Matrix(n, m), o = dZ.data, dgamma = new Matrix(n, 1), dbeta = new Matrix(n, 1);
  for (let i = 0; i < n; i++) {
    const r = i * m;
    let sd = 0, sdz = 0;
    for (let j = 0; j < m; j++) { const v = d[r + j]!; sd += v; sdz += v * zn[r + j]!; }
    dgamma.data[i] = sdz / m;
    dbeta.data[i] = sd / m;
    const gi = g[i]!, k = cache.invStd[i]! / m;
    // dẑ = γ dZ̃, so Σ dẑ = γ sd and Σ dẑ z_norm = γ sdz.
    for (let j = 0; j < m; j++) o[r + j] = k * gi * (m * d[r + j]! - sd - zn[r + j]! * sdz);
  }
  return { dZ, dgamma, dbeta };
}

/** `running = β running + (1 − β) batch`, in place: the EWA used at test time. */
export function updateRunningStats(running: BatchNormStats, batch: BatchNormStats, momentum: number): void {
  assertInRange("momentum", momentum, 0, 1, "[]", "updateRunningStats");
  // Sized by running.mu; checkStats names whatever is missing or misshapen.
  const mu = isPlainObject(running) ? (running as { mu?: unknown }).mu : undefined;
  const n = mu instanceof Matrix ? mu.rows : 0;
  checkStats("updateRunningStats", "running", running, n);
  checkStats("updateRunningStats", "batch", batch, n);
  for (const key of ["mu", "var"] as const) {
    const r = running[key].data, b = batch[key].data;
    for (let i = 0; i < r.length; i++) r[i] = momentum * r[i]! + (1 - momentum) * b[i]!;
  }
}
