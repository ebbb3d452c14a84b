// Learning-rate schedules (lesson 14). A schedule is a function of a 0-based
// index — the epoch (ctx.epoch) or the number of updates already made — that
// says which one it reads in `per`. Optimizers accept a schedule wherever they
// accept a number for `learningRate`. Formulas the lessons write with a
// 1-based counter (k/√epoch_num, k/√t) say so and convert explicitly.
import { assertFinite, assertInt, assertPositive, kindOf, ValueError, requireOptions } from "../errors";

/** What a schedule counts: epochs (passes over the data) or steps (updates). */
export type SchedulePer = "epoch" | "step";

/** A learning-rate schedule: `schedule(i)` is α for 0-based epoch or step `i`. */
export interface Schedule {
  (i: number): number;
  /** Which counter `i` is: "epoch" (ctx.epoch) or "step" (updates done before this one). */
  readonly per: SchedulePer;
  /** A readable formula, e.g. "α₀/(1 + 1·epoch), α₀=0.1". */
  readonly label: string;
}

function checkPer(where: string, per: unknown): SchedulePer {
  if (per !== "epoch" && per !== "step") throw new ValueError(`${where}: per must be "epoch" or "step", got ${JSON.stringify(per)}`);
  return per;
}

function make(where: string, per: SchedulePer, label: string, f: (i: number) => number): Schedule {
  const fn = (i: number): number => {
    // Indices are counters: a fractional or negative one is a caller's bug.
    assertInt(per, i, 0, Number.MAX_SAFE_INTEGER, where);
    return f(i);
  };
  return Object.assign(fn, { per, label: `${label} (per ${per})` }) as Schedule;
}

/** True for a schedule made by this module (a function with `per` and `label`). */
export function isSchedule(x: unknown): x is Schedule {
  return typeof x === "function" && ((x as Schedule).per === "epoch" || (x as Schedule).per === "step");
}

/** `α = α₀/(1 + decayRate·epoch)` — the course's most common decay (epoch counts from 0, so the first epoch uses α₀). */
export function inverseTimeDecay(opts: { learningRate: number; decayRate: number; per?: SchedulePer }): Schedule {
  requireOptions("inverseTimeDecay", opts, ["learningRate", "decayRate", "per"], "{ learningRate: 0.5, decayRate: 1 }");
  const where = "inverseTimeDecay";
  const a0 = opts.learningRate, d = opts.decayRate, per = checkPer(where, opts.per ?? "epoch");
  assertPositive("learningRate", a0, where);
  assertFinite("decayRate", d, where);
  if (d < 0) throw new ValueError(`${where}: decayRate must be >= 0, got ${d}`);
  return make(where, per, `α₀/(1 + ${d}·${per}), α₀=${a0}`, (i) => a0 / (1 + d * i));
}

/** `α = base^epoch·α₀` — exponential decay (the course's `0.95^epoch_num·α₀` with base 0.95). */
export function exponentialDecay(opts: { learningRate: number; base?: number; per?: SchedulePer }): Schedule {
  requireOptions("exponentialDecay", opts, ["learningRate", "base", "per"], "{ learningRate: 0.5, base: 0.95 }");
  const where = "exponentialDecay";
  const a0 = opts.learningRate, base = opts.base ?? 0.95, per = checkPer(where, opts.per ?? "epoch");
  assertPositive("learningRate", a0, where);
  assertPositive("base", base, where);
  if (base > 1) throw new ValueError(`${where}: base must be in (0, 1], got ${base}`);
  return make(where, per, `${base}^${per}·α₀, α₀=${a0}`, (i) => Math.pow(base, i) * a0);
}

/**
 * `α = k/√n·α₀` with n counting from 1: per "epoch", n = epoch + 1 (the
 * lessons' epoch_num); per "step", n = t, the update number Adam also uses.
 * (n = 0 would divide by zero, which is why the 1-based count is used.)
 */
export function inverseSqrtDecay(opts: { learningRate: number; k?: number; per?: SchedulePer }): Schedule {
  requireOptions("inverseSqrtDecay", opts, ["learningRate", "k", "per"], "{ learningRate: 0.5, k: 1 }");
  const where = "inverseSqrtDecay";
  const a0 = opts.learningRate, k = opts.k ?? 1, per = checkPer(where, opts.per ?? "epoch");
  assertPositive("learningRate", a0, where);
  assertPositive("k", k, where);
  const n = per === "epoch" ? "epoch_num" : "t";
  return make(where, per, `${k}/√${n}·α₀ (${n} = ${per} + 1), α₀=${a0}`, (i) => (k / Math.sqrt(i + 1)) * a0);
}

/**
 * The course's `schedule_lr_decay`: `α = α₀/(1 + decayRate·⌊epoch/timeInterval⌋)` —
 * inverse-time decay applied only every `timeInterval` epochs (a staircase).
 */
export function scheduleLrDecay(opts: { learningRate: number; decayRate: number; timeInterval?: number; per?: SchedulePer }): Schedule {
  requireOptions("scheduleLrDecay", opts, ["learningRate", "decayRate", "timeInterval", "per"], "{ learningRate: 0.5, decayRate: 1, timeInterval: 1000 }");
  const where = "scheduleLrDecay";
  const a0 = opts.learningRate, d = opts.decayRate, every = opts.timeInterval ?? 1000, per = checkPer(where, opts.per ?? "epoch");
  assertPositive("learningRate", a0, where);
  assertFinite("decayRate", d, where);
  if (d < 0) throw new ValueError(`${where}: decayRate must be >= 0, got ${d}`);
  assertInt("timeInterval", every, 1, Number.MAX_SAFE_INTEGER, where);
  return make(where, per, `α₀/(1 + ${d}·⌊${per}/${every}⌋), α₀=${a0}`, (i) => a0 / (1 + d * Math.floor(i / every)));
}

/** Discrete staircase: `α = factor^⌊epoch/every⌋·α₀` (e.g. halve α every 10 epochs). */
export function staircaseDecay(opts: { learningRate: number; factor?: number; every: number; per?: SchedulePer }): Schedule {
  requireOptions("staircaseDecay", opts, ["learningRate", "factor", "every", "per"], "{ learningRate: 0.5, factor: 0.5, every: 10 }");
  const where = "staircaseDecay";
  const a0 = opts.learningRate, f = opts.factor ?? 0.5, every = opts.every, per = checkPer(where, opts.per ?? "epoch");
  assertPositive("learningRate", a0, where);
  assertPositive("factor", f, where);
  if (f > 1) throw new ValueError(`${where}: factor must be in (0, 1], got ${f}`);
  assertInt("every", every, 1, Number.MAX_SAFE_INTEGER, where);
  return make(where, per, `${f}^⌊${per}/${every}⌋·α₀, α₀=${a0}`, (i) => Math.pow(f, Math.floor(i / every)) * a0);
}

/**
 * Piecewise constant, TensorFlow's rule: `values[0]` while i ≤ boundaries[0],
 * `values[k]` while boundaries[k−1] < i ≤ boundaries[k], the last value after.
 */
export function piecewiseConstant(opts: { boundaries: number[]; values: number[]; per?: SchedulePer }): Schedule {
  requireOptions("piecewiseConstant", opts, ["boundaries", "values", "per"], "{ boundaries: [10, 20], values: [0.1, 0.01, 0.001] }");
  const where = "piecewiseConstant";
  const { boundaries, values } = opts, per = checkPer(where, opts.per ?? "epoch");
  if (!Array.isArray(boundaries) || !Array.isArray(values) || values.length !== boundaries.length + 1) {
    throw new ValueError(`${where}: need one more value than boundaries, got ${values?.length} values and ${boundaries?.length} boundaries`);
  }
  boundaries.forEach((b, k) => {
    assertInt(`boundaries[${k}]`, b, 0, Number.MAX_SAFE_INTEGER, where);
    if (k > 0 && b <= boundaries[k - 1]!) throw new ValueError(`${where}: boundaries must increase, got ${boundaries[k - 1]} then ${b}`);
  });
  values.forEach((v, k) => assertPositive(`values[${k}]`, v, where));
  const b = boundaries.slice(), v = values.slice();
  return make(where, per, `piecewise ${JSON.stringify(v)} at ${JSON.stringify(b)}`, (i) => {
    let k = 0;
    while (k < b.length && i > b[k]!) k++;
    return v[k]!;
  });
}

/**
 * Linear warmup then cosine decay (per step by default): for i < warmupSteps,
 * `α = α_init + (α_peak − α_init)·i/warmupSteps`; then with
 * p = min(1, (i − warmupSteps)/(totalSteps − warmupSteps)),
 * `α = α_end + (α_peak − α_end)·(1 + cos πp)/2`.
 */
export function cosineWithWarmup(opts: {
  peak: number; warmupSteps: number; totalSteps: number; initial?: number; end?: number; per?: SchedulePer;
}): Schedule {
  const where = "cosineWithWarmup";
  requireOptions("cosineWithWarmup", opts, ["peak", "warmupSteps", "totalSteps", "initial", "end", "per"], "{ peak: 0.01, warmupSteps: 100, totalSteps: 1000 }");
  const peak = opts.peak, w = opts.warmupSteps, T = opts.totalSteps, a = opts.initial ?? 0, e = opts.end ?? 0;
  const per = checkPer(where, opts.per ?? "step");
  assertPositive("peak", peak, where);
  assertInt("warmupSteps", w, 0, Number.MAX_SAFE_INTEGER, where);
  assertInt("totalSteps", T, w + 1, Number.MAX_SAFE_INTEGER, where);
  assertFinite("initial", a, where);
  assertFinite("end", e, where);
  if (a < 0 || e < 0) throw new ValueError(`${where}: initial and end must be >= 0, got ${a} and ${e}`);
  return make(where, per, `warmup ${w} then cosine to ${T}, peak ${peak}`, (i) => {
    if (i < w) return a + ((peak - a) * i) / w;
    const p = Math.min(1, (i - w) / (T - w));
    return e + ((peak - e) * (1 + Math.cos(Math.PI * p))) / 2;
  });
}

/** The first `n` values of a schedule, `[s(0), …, s(n−1)]`, e.g. to plot it. */
export function scheduleValues(schedule: Schedule, n: number): number[] {
  if (typeof schedule !== "function") throw new ValueError(`scheduleValues: schedule must be a schedule such as exponentialDecay({ learningRate: 0.1, base: 0.95 }), got ${kindOf(schedule)}`);
  assertInt("n", n, 0, Number.MAX_SAFE_INTEGER, "scheduleValues");
  return Array.from({ length: n }, (_, i) => schedule(i));
}
