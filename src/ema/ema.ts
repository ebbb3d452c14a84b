// Exponentially weighted averages (lesson 09): v_t = βv_{t−1} + (1−β)θ_t.
// The course starts at v₀ = 0, which drags the first values toward 0; bias
// correction v_t/(1−βᵗ) undoes exactly that. One set of lecture notes starts at the
// first value (S₁ = Y₁), which has no bias to correct. The average reaches
// back about 1/(1−β) values (β = 0.9: ~10 days of temperatures).
import { assertInt, checkOptions as checkKeys, fmtShape, kindOf, ShapeError, ValueError } from "../errors";
import { isMatrix, Matrix } from "../tensor/matrix";
import { checkBeta } from "../optim/validate";

/** Where the average starts: v₀ = 0 (the course) or v₁ = θ₁ (as one set of lecture notes starts it). */
export type EmaStart = "zero" | "first";

export interface EmaOptions {
  /** β in [0, 1): the weight of the past (0.9 ≈ last 10 values). */
  beta: number;
  /** "zero" (default, the course: v₀ = 0) or "first" (one set of lecture notes: v₁ = θ₁). */
  start?: EmaStart;
  /** Report v_t/(1−βᵗ) instead of v_t (default false; only with start "zero"). */
  biasCorrection?: boolean;
}

function checkOptions(where: string, opts: EmaOptions): Required<EmaOptions> {
  if (typeof opts !== "object" || opts === null) throw new ValueError(`${where}: options { beta } are required`);
  // bias_correction: true was ignored, and the average reported uncorrected.
  checkKeys(where, opts, ["beta", "start", "biasCorrection"], "{ beta: 0.9, biasCorrection: true }");
  if (opts.biasCorrection !== undefined && typeof opts.biasCorrection !== "boolean") {
    throw new ValueError(`${where}: biasCorrection must be true or false, got ${kindOf(opts.biasCorrection)}`);
  }
  const beta = checkBeta(where, "beta", opts.beta);
  const start = opts.start ?? "zero";
  if (start !== "zero" && start !== "first") throw new ValueError(`${where}: start must be "zero" or "first", got ${JSON.stringify(start)}`);
  const biasCorrection = opts.biasCorrection ?? false;
  if (biasCorrection && start === "first") {
    throw new ValueError(`${where}: biasCorrection needs start "zero": starting at the first value has no zero-start bias to correct`);
  }
  return { beta, start, biasCorrection };
}

/** One step of the average: `v = βv + (1−β)θ`. */
export function emaStep(v: number, x: number, beta: number): number;
export function emaStep(v: Matrix, x: Matrix, beta: number): Matrix;
export function emaStep(v: number | Matrix, x: number | Matrix, beta: number): number | Matrix {
  checkBeta("emaStep", "beta", beta);
  if (typeof v === "number" && typeof x === "number") return beta * v + (1 - beta) * x;
  if (!isMatrix(v) || !isMatrix(x)) throw new ValueError("emaStep: v and x must both be numbers or both be matrices");
  if (v.rows !== x.rows || v.cols !== x.cols) throw new ShapeError(`emaStep: v has shape ${fmtShape(v.rows, v.cols)} but x has shape ${fmtShape(x.rows, x.cols)}`);
  const out = new Matrix(v.rows, v.cols), c = 1 - beta;
  for (let i = 0; i < out.data.length; i++) out.data[i] = beta * v.data[i]! + c * x.data[i]!;
  return out;
}

/** Bias correction: `v̂_t = v_t/(1−βᵗ)` (t counts from 1). */
export function biasCorrect(v: number, beta: number, t: number): number;
export function biasCorrect(v: Matrix, beta: number, t: number): Matrix;
export function biasCorrect(v: number | Matrix, beta: number, t: number): number | Matrix {
  checkBeta("biasCorrect", "beta", beta);
  assertInt("t", t, 1, Number.MAX_SAFE_INTEGER, "biasCorrect");
  const d = 1 - Math.pow(beta, t);
  if (typeof v === "number") return v / d;
  if (!isMatrix(v)) throw new ValueError("biasCorrect: v must be a number or a Matrix");
  const out = new Matrix(v.rows, v.cols);
  for (let i = 0; i < out.data.length; i++) out.data[i] = v.data[i]! / d;
  return out;
}

/** How many recent values the average roughly covers: `1/(1−β)` (β = 0.9 → 10, 0.98 → 50). */
export function effectiveWindow(beta: number): number {
  checkBeta("effectiveWindow", "beta", beta);
  return 1 / (1 - beta);
}

/** A streaming exponentially weighted average of numbers or of same-shaped matrices. */
export class Ema {
  readonly beta: number;
  readonly start: EmaStart;
  readonly biasCorrection: boolean;
  /** Values seen so far. */
  t = 0;
  private v: number | Matrix = 0;

  constructor(opts: EmaOptions) {
    const o = checkOptions("ema", opts);
    this.beta = o.beta;
    this.start = o.start;
    this.biasCorrection = o.biasCorrection;
  }

  /** Add θ_t; returns the average after it (bias-corrected if asked). */
  update(x: number): number;
  update(x: Matrix): Matrix;
  update(x: number | Matrix): number | Matrix {
    const where = "ema.update", b = this.beta, c = 1 - b, t = this.t + 1;
    if (typeof x === "number") {
      if (!Number.isFinite(x)) throw new ValueError(`${where}: value ${t} is ${Number.isNaN(x) ? "NaN" : x}`);
      if (isMatrix(this.v)) throw new ValueError(`${where}: this average holds matrices, got a number`);
      this.v = t === 1 && this.start === "first" ? x : b * this.v + c * x;
    } else {
      if (!isMatrix(x)) throw new ValueError(`${where}: expected a number or a Matrix, got ${typeof x}`);
      if (this.t > 0 && !isMatrix(this.v)) throw new ValueError(`${where}: this average holds numbers, got a Matrix`);
      const prev = isMatrix(this.v) ? this.v : undefined;
      if (prev && (prev.rows !== x.rows || prev.cols !== x.cols)) {
        throw new ShapeError(`${where}: value ${t} has shape ${fmtShape(x.rows, x.cols)}, the average has ${fmtShape(prev.rows, prev.cols)}`);
      }
      for (let i = 0; i < x.data.length; i++) {
        if (!Number.isFinite(x.data[i]!)) throw new ValueError(`${where}: value ${t} has ${x.data[i]} at index ${i}`);
      }
      const v = prev ?? new Matrix(x.rows, x.cols);
      if (t === 1 && this.start === "first") v.data.set(x.data);
      else for (let i = 0; i < v.data.length; i++) v.data[i] = b * v.data[i]! + c * x.data[i]!;
      this.v = v;
    }
    this.t = t;
    return this.value as never;
  }

  /** The current average: v_t, or v_t/(1−βᵗ) with bias correction (a copy for matrices). */
  get value(): number | Matrix {
    const v = this.raw;
    if (!this.biasCorrection || this.t === 0) return v;
    return typeof v === "number" ? biasCorrect(v, this.beta, this.t) : biasCorrect(v, this.beta, this.t);
  }

  /** The uncorrected v_t (a copy for matrices). */
  get raw(): number | Matrix {
    return isMatrix(this.v) ? new Matrix(this.v.rows, this.v.cols, this.v.data.slice()) : this.v;
  }
}

/** A streaming average: `const avg = ema({ beta: 0.9 }); avg.update(θ₁); …` (numbers or matrices). */
export function ema(opts: EmaOptions): Ema {
  return new Ema(opts);
}

/**
 * The average over a whole series, one output per input:
 * `v_t = βv_{t−1} + (1−β)θ_t` from v₀ = 0 (or v₁ = θ₁ with start "first"),
 * reported as v_t/(1−βᵗ) with biasCorrection.
 */
export function emaSeries(values: ArrayLike<number>, opts: EmaOptions): number[] {
  const o = checkOptions("emaSeries", opts);
  // A number or a Matrix has no usable .length: the average was [] or [undefined].
  if (!Array.isArray(values) && !(ArrayBuffer.isView(values) && !(values instanceof DataView))) {
    throw new ValueError(`emaSeries: values must be an array of numbers${isMatrix(values) ? " (for a Matrix, pass Array.from(M.data))" : ""}, got ${kindOf(values)}`);
  }
  const b = o.beta, c = 1 - b, n = values.length, out = new Array<number>(n);
  let v = 0;
  for (let k = 0; k < n; k++) {
    const x = values[k]!;
    if (typeof x !== "number" || !Number.isFinite(x)) throw new ValueError(`emaSeries: values[${k}] must be a finite number, got ${x}`);
    v = k === 0 && o.start === "first" ? x : b * v + c * x;
    // βᵗ as Math.pow, not the running product, so it agrees with biasCorrect.
    out[k] = o.biasCorrection ? v / (1 - Math.pow(b, k + 1)) : v;
  }
  return out;
}
