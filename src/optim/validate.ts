// Shared checks for every optimizer. They run before anything is written, so
// an update that throws leaves parameters and state exactly as they were.
// Messages name the optimizer, the parameter and the offending value.
import { assertInRange, assertInt, assertPositive, checkNamedMatrices, fmtShape, kindOf, ShapeError, ValueError } from "../errors";
import type { Params } from "../tensor/params";
import { BLOCK, runRange, wouldParallelize } from "../tensor/parallel";
import { isSchedule, type Schedule } from "./schedules";
import { isMatrix, zerosLike, type Matrix } from "../tensor/matrix";
import type { StepContext } from "./types";

/** A learning rate: a constant α or a schedule read per epoch or per step. */
export type LearningRate = number | Schedule;

/** β must be in [0, 1): β = 1 would never forget, and 1/(1 − β) would blow up. */
export function checkBeta(where: string, name: string, value: unknown): number {
  assertInRange(name, value, 0, 1, "[)", where);
  return value;
}

/** ε must be > 0 (it keeps the division away from zero). */
export function checkEpsilon(where: string, value: unknown, name = "epsilon"): number {
  assertPositive(name, value, where);
  return value;
}

/** α must be > 0, or a schedule. */
export function checkLearningRate(where: string, value: unknown): LearningRate {
  if (typeof value === "function") {
    if (!isSchedule(value)) throw new ValueError(`${where}: learningRate must be a number or a schedule (from inverseTimeDecay, cosineWithWarmup, …), got a plain function`);
    return value;
  }
  assertPositive("learningRate", value, where);
  return value;
}

/**
 * α for this update. A number is used as is; a per-epoch schedule reads
 * `ctx.epoch`; a per-step schedule reads `count`, the updates already made.
 * Schedules may reach 0 (end of a cosine, start of a warmup), never below.
 */
export function learningRateAt(where: string, lr: LearningRate, count: number, ctx?: StepContext): number {
  if (typeof lr === "number") return lr;
  let i: number;
  if (lr.per === "epoch") {
    if (ctx?.epoch === undefined) {
      throw new ValueError(`${where}: the learning-rate schedule ${lr.label} needs the epoch: call update(grads, state, params, { epoch })`);
    }
    assertInt("ctx.epoch", ctx.epoch, 0, Number.MAX_SAFE_INTEGER, where);
    i = ctx.epoch;
  } else i = count;
  const a = lr(i);
  if (typeof a !== "number" || !Number.isFinite(a) || a < 0) {
    throw new ValueError(`${where}: learning rate from ${lr.label} at ${lr.per} ${i} must be a finite number >= 0, got ${a}`);
  }
  return a;
}

/** The update counter in a state: an integer ≥ 0. */
export function checkCount(where: string, t: unknown): number {
  assertInt("state.t", t, 0, Number.MAX_SAFE_INTEGER, where);
  return t;
}

function hintFor(name: string, reference: Params): string {
  // The course names gradients dW1, db1; here they carry the parameter's name.
  if (/^d[A-Za-z]/.test(name) && name.slice(1) in reference) return ` (gradients are named like the parameters: "${name.slice(1)}", not "${name}")`;
  return "";
}

function zeroIfFinite(a: Float64Array, i0: number, i1: number): number {
  // x·0 is 0 for every finite x and NaN for NaN and ±Infinity. Four
  // accumulators, because a single one would wait on each add's latency.
  let a0 = 0, a1 = 0, a2 = 0, a3 = 0, i = i0;
  for (; i + 3 < i1; i += 4) { a0 += a[i]! * 0; a1 += a[i + 1]! * 0; a2 += a[i + 2]! * 0; a3 += a[i + 3]! * 0; }
  for (; i < i1; i++) a0 += a[i]! * 0;
  return a0 + a1 + a2 + a3;
}

// The same pass as a self-contained kernel for src/parallel.ts: block b's sum
// goes to out[b]. (A worker runs it from its source text, so it cannot call
// zeroIfFinite; runRange hands it blocks that start at multiples of BLOCK = 8192.)
// Stryker disable all: these two run only with worker threads, which would run Stryker's instrumented
// source (see docs/mutation.md); validate.test.ts's threaded case checks them under npm test.
const zeroIfFiniteInto = (a: Float64Array, out: Float64Array, i0: number, i1: number): void => {
  let a0 = 0, a1 = 0, a2 = 0, a3 = 0, i = i0;
  for (; i + 3 < i1; i += 4) { a0 += a[i]! * 0; a1 += a[i + 1]! * 0; a2 += a[i + 2]! * 0; a3 += a[i + 3]! * 0; }
  for (; i < i1; i++) a0 += a[i]! * 0;
  out[Math.floor(i0 / 8192)] = a0 + a1 + a2 + a3;
};

/** zeroIfFinite over a shared array, its blocks split across the worker threads. */
function zeroIfFiniteThreaded(a: Float64Array): number {
  const out = new Float64Array(new SharedArrayBuffer(8 * Math.ceil(a.length / BLOCK)));
  runRange(zeroIfFiniteInto, [a, out], a.length);
  let acc = 0;
  for (let b = 0; b < out.length; b++) acc += out[b]!;
  return acc;
}
// Stryker restore all

/** The index of the first NaN/±Infinity in `a`, or −1. One cheap pass; the search runs only on failure. */
export function firstNonFinite(a: Float64Array): number {
  const n = a.length;
  let acc = 0;
  // Stryker disable next-line BlockStatement: the threaded branch emptied shows only in worker threads (above)
  if (wouldParallelize(n, [a])) {
    // A large shared gradient: the check (~1.1 ms per 1e6 entries) is split
    // across threads like the step it guards.
    acc = zeroIfFiniteThreaded(a);
  } else {
    // In blocks, for the same reason as the optimizer kernels (see driver.ts).
    for (let i0 = 0; i0 < n; i0 += 8192) acc += zeroIfFinite(a, i0, Math.min(n, i0 + 8192));
  }
  if (acc === 0) return -1;
  for (let k = 0; k < n; k++) if (!Number.isFinite(a[k]!)) return k;
  return -1;
}

function fmtValue(x: number): string {
  return Number.isNaN(x) ? "NaN" : String(x);
}

/** Throw unless every entry of `m` is finite; names the matrix, the entry and its value. */
export function checkFiniteMatrix(where: string, what: string, m: Matrix): void {
  const k = firstNonFinite(m.data);
  if (k >= 0) {
    const r = Math.floor(k / m.cols), c = k - r * m.cols;
    throw new ValueError(`${where}: ${what} has ${fmtValue(m.data[k]!)} at [${r}, ${c}]`);
  }
}

/**
 * Check gradients against a reference set (the parameters, or a state's
 * moments): same names, same shapes, all values finite. Returns the names in
 * the reference's order.
 */
export function checkGrads(where: string, grads: Params, reference: Params | undefined, refLabel = "parameter"): string[] {
  checkNamedMatrices(where, "grads", grads);
  const names = Object.keys(reference ?? grads);
  if (reference) {
    for (const name of names) {
      if (!(name in grads)) {
        const hint = "d" + name in grads ? ` (gradients are named like the parameters: "${name}", not "d${name}")` : "";
        throw new ValueError(`${where}: no gradient for ${refLabel} "${name}" (gradients given: ${Object.keys(grads).join(", ") || "none"})${hint}`);
      }
    }
    for (const name of Object.keys(grads)) {
      if (!(name in reference)) {
        throw new ValueError(`${where}: gradient "${name}" has no matching ${refLabel} (${refLabel}s: ${names.join(", ")})${hintFor(name, reference)}`);
      }
    }
  }
  for (const name of names) {
    const g = grads[name];
    if (!isMatrix(g)) throw new ValueError(`${where}: gradient "${name}" must be a Matrix, got ${kindOf(g)}`);
    if (reference) {
      const p = reference[name]!;
      if (!isMatrix(p)) throw new ValueError(`${where}: ${refLabel} "${name}" must be a Matrix, got ${kindOf(p)}`);
      if (g.rows !== p.rows || g.cols !== p.cols) {
        throw new ShapeError(`${where}: gradient "${name}" has shape ${fmtShape(g.rows, g.cols)} but ${refLabel} "${name}" has shape ${fmtShape(p.rows, p.cols)}`);
      }
    }
    checkFiniteMatrix(where, `gradient "${name}"`, g);
  }
  return names;
}

/** Check that a state's moment set (e.g. state.v) has a matrix of the right shape for every name. */
export function checkSlot(where: string, slot: string, moments: unknown, grads: Params, names: string[]): Params {
  if (typeof moments !== "object" || moments === null) throw new ValueError(`${where}: state.${slot} is missing (was the state made by this optimizer's init?)`);
  const m = moments as Params;
  for (const name of names) {
    const x = m[name], g = grads[name]!;
    if (!isMatrix(x)) throw new ValueError(`${where}: state.${slot} has no matrix for "${name}" (was the state made by init for these parameters?)`);
    if (x.rows !== g.rows || x.cols !== g.cols) {
      throw new ShapeError(`${where}: state.${slot}.${name} has shape ${fmtShape(x.rows, x.cols)} but gradient "${name}" has shape ${fmtShape(g.rows, g.cols)}`);
    }
  }
  return m;
}

/**
 * Contexts whose parameters the caller has already checked for NaN and ∞ (the training loop checks
 * them once at its entry, and a step from finite values only overflows into a cost it watches).
 */
const trusted = new WeakSet<object>();

/** Mark `ctx` as coming from a caller that checked the parameters itself (internal: the training loop). */
export function trustParams<C extends object>(ctx: C): C {
  trusted.add(ctx);
  return ctx;
}

/** Throw unless every parameter's entries are finite (skipped for a trusted context); names the parameter and the index. */
export function checkFiniteParameters(where: string, params: Params, ctx?: object): void {
  if (ctx !== undefined && trusted.has(ctx)) return;
  for (const name of Object.keys(params)) {
    const p = params[name];
    if (isMatrix(p)) {
      const k = firstNonFinite(p.data);
      if (k >= 0) {
        const r = Math.floor(k / p.cols), c = k - r * p.cols;
        throw new ValueError(`${where}: parameter "${name}" has ${fmtValue(p.data[k]!)} at [${r}, ${c}]; parameters must be finite (were they set by hand, or left over from a run that diverged?)`);
      }
    }
  }
}

/** Check parameters for `init`: an object of matrices. */
export function checkParams(where: string, params: Params): string[] {
  checkNamedMatrices(where, "params", params);
  const names = Object.keys(params);
  for (const name of names) {
    if (!isMatrix(params[name])) throw new ValueError(`${where}: parameter "${name}" must be a Matrix, got ${kindOf(params[name])}`);
  }
  return names;
}

/** Zeros shaped like each parameter: the moments' starting point. */
export function zerosLikeParams(params: Params, fill = 0): Params {
  const out = zerosLike(params);
  if (fill !== 0) for (const name of Object.keys(out)) out[name]!.data.fill(fill);
  return out;
}
