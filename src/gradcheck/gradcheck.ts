// Gradient checking: compare backprop's gradient with finite differences of
// the cost, one parameter at a time, with all parameters flattened into one
// vector θ in the course's order W1, b1, W2, b2, ….
import { ShapeError, ValueError, assertPositive, checkFiniteData, checkFiniteParams, checkMatrix, checkNamedMatrices, checkOptions, fmtShape, isMatrixLike, isPlainObject, kindOf } from "../errors";
import { lossAndGradients } from "../nn/backward";
import { computeCost } from "../nn/costs";
import { checkInput, forward, usesDropout, type Network } from "../nn/model";
import type { Params } from "../tensor/params";
import { Matrix } from "../tensor/matrix";

/** Where each parameter sits in θ. */
export interface ParamSlot {
  name: string;
  rows: number;
  cols: number;
  /** Index of its first entry in θ. */
  offset: number;
}

const KIND_ORDER = ["W", "b", "gamma", "beta"];

/** Parameter names in the course's order: by layer, then W, b, gamma, beta (others after, alphabetically). */
export function parameterOrder(names: string[]): string[] {
  if (!Array.isArray(names) || names.some((n) => typeof n !== "string")) {
    throw new ValueError(`parameterOrder: names must be an array of parameter names like ["W1", "b1"], got ${kindOf(names)}`);
  }
  const key = (n: string): [number, number, string] => {
    const mt = /^([A-Za-z_]+?)(\d+)$/.exec(n);
    if (!mt) return [Infinity, 0, n];
    const k = KIND_ORDER.indexOf(mt[1]!);
    return [Number(mt[2]), k < 0 ? KIND_ORDER.length : k, n];
  };
  return names.slice().sort((a, b) => {
    const ka = key(a), kb = key(b);
    return ka[0] - kb[0] || ka[1] - kb[1] || (ka[2] < kb[2] ? -1 : ka[2] > kb[2] ? 1 : 0);
  });
}

/** θ: all parameters stacked into one column vector (the course's `dictionary_to_vector`), and where each one went. */
export function dictionaryToVector(params: Params, order?: string[]): { theta: Matrix; slots: ParamSlot[] } {
  checkNamedMatrices("dictionaryToVector", "params", params);
  if (order !== undefined && (!Array.isArray(order) || order.some((n) => typeof n !== "string"))) {
    throw new ValueError(`dictionaryToVector: order must be an array of parameter names like ["W1", "b1"], got ${kindOf(order)}`);
  }
  if (order && new Set(order).size !== order.length) throw new ValueError(`dictionaryToVector: order names a parameter twice (${order.join(", ")})`);
  const names = order ?? parameterOrder(Object.keys(params));
  const slots: ParamSlot[] = [];
  let n = 0;
  for (const name of names) {
    const p = params[name];
    if (!p) throw new ValueError(`dictionaryToVector: parameter ${name} is missing (have ${Object.keys(params).join(", ")})`);
    if (!isMatrixLike(p)) throw new ValueError(`dictionaryToVector: parameter ${name} must be a Matrix, got ${kindOf(p)}`);
    slots.push({ name, rows: p.rows, cols: p.cols, offset: n });
    n += p.data.length;
  }
  const theta = new Matrix(n, 1);
  for (const s of slots) theta.data.set(params[s.name]!.data, s.offset);
  return { theta, slots };
}

/** The inverse: θ back to named matrices (the course's `vector_to_dictionary`). */
export function vectorToDictionary(theta: Matrix, slots: ParamSlot[]): Params {
  checkMatrix("vectorToDictionary", "theta", theta);
  checkSlots("vectorToDictionary", slots, "vectorToDictionary(theta, dictionaryToVector(params).slots)");
  const total = slots.reduce((s, p) => s + p.rows * p.cols, 0);
  if (theta.data.length !== total) throw new ShapeError(`vectorToDictionary: θ has ${theta.data.length} entries, the layout needs ${total}`);
  const out: Params = {};
  for (const s of slots) out[s.name] = new Matrix(s.rows, s.cols, theta.data.slice(s.offset, s.offset + s.rows * s.cols));
  return out;
}

/** Gradients stacked in the same layout as θ (the course's `gradients_to_vector`). */
export function gradientsToVector(grads: Params, slots: ParamSlot[]): Matrix {
  checkNamedMatrices("gradientsToVector", "grads", grads, "{ dW1, db1 }");
  checkSlots("gradientsToVector", slots, "gradientsToVector(grads, dictionaryToVector(params).slots)");
  const total = slots.reduce((s, p) => s + p.rows * p.cols, 0);
  const v = new Matrix(total, 1);
  for (const s of slots) {
    const g = grads[s.name] ?? grads[`d${s.name}`];
    if (!g) throw new ValueError(`gradientsToVector: no gradient for ${s.name} (have ${Object.keys(grads).join(", ")})`);
    if (g.rows !== s.rows || g.cols !== s.cols) throw new ShapeError(`gradientsToVector: gradient of ${s.name} has shape ${fmtShape(g.rows, g.cols)}, the parameter ${fmtShape(s.rows, s.cols)}`);
    v.data.set(g.data, s.offset);
  }
  return v;
}

/**
 * θ's layout as dictionaryToVector returns it. The course's `vector_to_dictionary(theta, params)` habit
 * hands over the parameters instead: say what to pass.
 */
function checkSlots(where: string, slots: unknown, usage: string): asserts slots is ParamSlot[] {
  const ok = Array.isArray(slots) && slots.every((s) => isPlainObject(s) && typeof s.name === "string" &&
    Number.isSafeInteger(s.rows) && Number.isSafeInteger(s.cols) && Number.isSafeInteger(s.offset));
  if (!ok) throw new ValueError(`${where}: slots must be θ's layout from dictionaryToVector (its slots: [{ name, rows, cols, offset }, …]), got ${kindOf(slots)}; write ${usage}`);
}

/** The entries of a Matrix, a typed array or an array of numbers. */
function entriesOf(name: string, x: unknown): ArrayLike<number> {
  if (isMatrixLike(x)) return x.data;
  if (x instanceof Float64Array || x instanceof Float32Array) return x;
  if (Array.isArray(x) && x.every((v) => typeof v === "number")) return x;
  throw new ValueError(`relativeError: ${name} must be a Matrix or an array of numbers, got ${kindOf(x)}`);
}

/** `‖a − b‖₂ / (‖a‖₂ + ‖b‖₂)` (the course's), or `‖a − b‖₂ / max(‖a‖₂, ‖b‖₂)` (one set of lecture notes'). 0 when both are 0. */
export function relativeError(a: ArrayLike<number> | Matrix, b: ArrayLike<number> | Matrix, form: "sum" | "max" = "sum"): number {
  if (isMatrixLike(a) && isMatrixLike(b) && (a.rows !== b.rows || a.cols !== b.cols)) {
    throw new ShapeError(`relativeError: a has shape ${fmtShape(a.rows, a.cols)}, b ${fmtShape(b.rows, b.cols)}`);
  }
  if (form !== "sum" && form !== "max") throw new ValueError(`relativeError: form must be "sum" or "max", got ${kindOf(form)}`);
  return relativeErrorOf(entriesOf("a", a), entriesOf("b", b), form);
}

function relativeErrorOf(a: ArrayLike<number>, b: ArrayLike<number>, form: "sum" | "max"): number {
  if (a.length !== b.length) throw new ShapeError(`relativeError: ${a.length} vs ${b.length} entries`);
  let d = 0, na = 0, nb = 0;
  for (let k = 0; k < a.length; k++) { const x = a[k]!, y = b[k]!; d += (x - y) ** 2; na += x * x; nb += y * y; }
  const den = form === "max" ? Math.max(Math.sqrt(na), Math.sqrt(nb)) : Math.sqrt(na) + Math.sqrt(nb);
  return den === 0 ? 0 : Math.sqrt(d) / den;
}

/** The course's first line: backprop is read as correct when the difference is below 1e-7 (both readDifference and a report's `passed`). */
const correct = (difference: number): boolean => difference < 1e-7;

/** The course's reading of the relative error. */
export function readDifference(difference: number): string {
  if (typeof difference !== "number" || !(difference >= 0)) {
    throw new ValueError(`readDifference: difference must be a relative error, a number ≥ 0, got ${kindOf(difference)}`);
  }
  if (correct(difference)) return "great: backprop is correct (difference < 1e-7)";
  if (difference < 1e-5) return "probably fine, but look at the components with the largest error (1e-7 ≤ difference < 1e-5)";
  if (difference < 1e-3) return "worrying: there is likely a bug; find the parameter with the largest error (1e-5 ≤ difference < 1e-3)";
  return "wrong: backprop has a bug (difference ≥ 1e-3)";
}

export interface GradientCheckOptions {
  /** Step ε; default 1e-7 (the course's). */
  epsilon?: number;
  /** "two-sided" `(J(θ+ε) − J(θ−ε)) / 2ε`, error O(ε²) (default), or "one-sided" `(J(θ+ε) − J(θ)) / ε`, error O(ε). */
  method?: "two-sided" | "one-sided";
  /** "sum": `‖a−b‖/(‖a‖+‖b‖)` (default); "max": `‖a−b‖/max(‖a‖,‖b‖)`. */
  errorForm?: "sum" | "max";
  /** Check only these parameter names. */
  only?: string[];
}

/** The entry with the largest disagreement. */
export interface WorstEntry {
  /** Parameter name, e.g. "W2". */
  param: string;
  /** Layer number (2 for W2). */
  layer: number;
  /** "W", "b", "gamma" or "beta". */
  kind: string;
  /** (row, column) inside the parameter. */
  index: [number, number];
  /** Position in θ. */
  thetaIndex: number;
  grad: number;
  gradApprox: number;
  /** |grad − approx| / (|grad| + |approx|) for this entry. */
  relError: number;
}

export interface GradientCheckReport {
  /** The overall relative error between `grad` and `gradApprox`. */
  difference: number;
  /** The course's reading of `difference`. */
  verdict: string;
  /** True when difference < 1e-7 (the course's "correct"). */
  passed: boolean;
  grad: Matrix;
  gradApprox: Matrix;
  slots: ParamSlot[];
  /** Relative error per parameter (W1, b1, …): localizes a bug to a layer. */
  perParam: Record<string, number>;
  worst: WorstEntry;
  /** One line for a notebook. */
  message: string;
  /** relu inputs within ε of 0 (networks only): finite differences straddle the kink there and disagree with backprop without a bug. */
  kinks?: number;
}

/**
 * Gradient check of any cost: `costFn(params) → J` and the analytic `grads` at `params`.
 * For each θᵢ: `gradapprox[i] = (J(θ + εeᵢ) − J(θ − εeᵢ)) / 2ε`, then
 * `difference = ‖grad − gradapprox‖₂ / (‖grad‖₂ + ‖gradapprox‖₂)`.
 * Refuses a cost that is not deterministic (two evaluations at the same θ differ: dropout left on?).
 */
const CHECK_OPTIONS = ["epsilon", "method", "errorForm", "only"];

export function gradientCheck(costFn: (params: Params) => number, params: Params, grads: Params, opts: GradientCheckOptions = {}): GradientCheckReport {
  checkOptions("gradientCheck", opts, CHECK_OPTIONS, "{ epsilon: 1e-7 }");
  if (typeof costFn !== "function") throw new ValueError(`gradientCheck: costFn must be a function (params) => J, got ${kindOf(costFn)}`);
  checkNamedMatrices("gradientCheck", "params", params);
  checkNamedMatrices("gradientCheck", "grads", grads);
  checkFiniteParams("gradientCheck", params);
  checkFiniteParams("gradientCheck", grads, "gradient");
  const eps = opts.epsilon ?? 1e-7;
  assertPositive("epsilon", eps, "gradientCheck");
  const method = opts.method ?? "two-sided";
  if (method !== "two-sided" && method !== "one-sided") throw new ValueError(`gradientCheck: method must be "two-sided" or "one-sided", got ${JSON.stringify(method)}`);
  const form = opts.errorForm ?? "sum";
  if (form !== "sum" && form !== "max") throw new ValueError(`gradientCheck: errorForm must be "sum" or "max", got ${kindOf(form)}`);
  if (opts.only !== undefined && (!Array.isArray(opts.only) || opts.only.some((n) => typeof n !== "string"))) {
    throw new ValueError(`gradientCheck: only must be an array of parameter names like ["W1"], got ${kindOf(opts.only)}`);
  }
  const order = parameterOrder(opts.only ?? Object.keys(params));
  const { theta, slots } = dictionaryToVector(params, order);
  const grad = gradientsToVector(grads, slots);
  const base: Params = { ...params };
  const work = vectorToDictionary(theta, slots);
  Object.assign(base, work);
  const J0 = costFn(base), J0b = costFn(base);
  if (!Number.isFinite(J0)) throw new ValueError(`gradientCheck: the cost at θ is ${J0}; check the inputs and the initial parameters`);
  if (J0 !== J0b) {
    throw new ValueError(`gradientCheck: the cost is not deterministic (${J0} then ${J0b} at the same θ); turn dropout off (keep_prob = 1) and any other randomness before checking gradients`);
  }
  const n = theta.data.length;
  const approx = new Matrix(n, 1);
  for (const s of slots) {
    const d = work[s.name]!.data;
    for (let k = 0; k < d.length; k++) {
      const orig = d[k]!;
      d[k] = orig + eps;
      const Jp = costFn(base);
      let g: number;
      if (method === "two-sided") {
        d[k] = orig - eps;
        g = (Jp - costFn(base)) / (2 * eps);
      } else g = (Jp - J0) / eps;
      d[k] = orig;
      approx.data[s.offset + k] = g;
    }
  }
  const difference = relativeErrorOf(grad.data, approx.data, form);
  const perParam: Record<string, number> = {};
  let worst: WorstEntry | undefined;
  for (const s of slots) {
    const len = s.rows * s.cols;
    const a = grad.data.subarray(s.offset, s.offset + len), b = approx.data.subarray(s.offset, s.offset + len);
    perParam[s.name] = relativeErrorOf(a, b, form);
    for (let k = 0; k < len; k++) {
      const x = a[k]!, y = b[k]!, den = form === "max" ? Math.max(Math.abs(x), Math.abs(y)) : Math.abs(x) + Math.abs(y);
      const e = den === 0 ? 0 : Math.abs(x - y) / den;
      // Rank by absolute gap first (tiny entries have noisy relative errors), keep the relative one for display.
      const gap = Math.abs(x - y);
      if (!worst || gap > Math.abs(worst.grad - worst.gradApprox)) {
        const mt = /^([A-Za-z_]+?)(\d+)$/.exec(s.name);
        worst = {
          param: s.name, layer: mt ? Number(mt[2]) : 0, kind: mt ? mt[1]! : s.name,
          index: [Math.floor(k / s.cols), k % s.cols], thetaIndex: s.offset + k, grad: x, gradApprox: y, relError: e,
        };
      }
    }
  }
  if (!worst) throw new ValueError("gradientCheck: there are no parameters to check");
  const verdict = readDifference(difference);
  const message = `difference = ${difference.toExponential(3)}: ${verdict}; largest gap at ${worst.param}[${worst.index[0]}, ${worst.index[1]}] (layer ${worst.layer}, ${worst.kind}): backprop ${worst.grad.toPrecision(6)} vs numerical ${worst.gradApprox.toPrecision(6)}`;
  return { difference, verdict, passed: correct(difference), grad, gradApprox: approx, slots, perParam, worst, message };
}

/**
 * Gradient check of a network on (X, Y), regularization included: backprop's gradients against
 * finite differences of `computeCost`. Refuses a network with dropout on (`keepProb < 1`).
 * Batch norm layers use the batch's statistics, as in training.
 */
export function gradientCheckNetwork(net: Network, X: Matrix, Y: Matrix, opts: GradientCheckOptions = {}): GradientCheckReport {
  if (!isPlainObject(net) || !Array.isArray(net.layerDims)) {
    throw new ValueError(`gradientCheckNetwork: net must be a network from createNetwork, got ${kindOf(net)}; the arguments are (net, X, Y)`);
  }
  checkOptions("gradientCheckNetwork", opts, CHECK_OPTIONS, "{ epsilon: 1e-7 }");
  if (usesDropout(net)) {
    throw new ValueError(`gradientCheck: the network uses dropout (keepProb = ${JSON.stringify(net.keepProb)}), so its cost changes at every evaluation; check with keepProb = 1, then turn dropout on`);
  }
  checkInput(net, X, "gradientCheckNetwork", true);
  checkMatrix("gradientCheckNetwork", "Y", Y);
  checkFiniteData("gradientCheckNetwork", "Y", Y, "row", "example");
  checkFiniteParams("gradientCheckNetwork", net.params);
  const { grads } = lossAndGradients(net, X, Y, { updateRunning: false });
  // Cost only (no backward pass) for the 2n evaluations.
  const costFn = (p: Params): number => computeCost(net, forward(net, X, { params: p, training: true, updateRunning: false }).AL, Y, p);
  const report = gradientCheck(costFn, net.params, grads, opts);
  // A relu unit whose input is (almost) exactly 0 — e.g. b = 0 and all its inputs dead — has no derivative
  // there; the two-sided difference then averages both slopes. Count them so the report can say so.
  const eps = opts.epsilon ?? 1e-7;
  const { caches } = forward(net, X, { training: true, updateRunning: false });
  let kinks = 0;
  caches.forEach((c, l) => {
    if (net.activations[l] !== "relu") return;
    const z = c.Z.data;
    for (let k = 0; k < z.length; k++) if (Math.abs(z[k]!) <= 2 * eps) kinks++;
  });
  report.kinks = kinks;
  if (kinks > 0) {
    report.message += `; note: ${kinks} relu input${kinks > 1 ? "s are" : " is"} within ε of 0, a kink where finite differences average both slopes (e.g. b = 0 behind dead units): check after a few training steps or on other examples`;
  }
  return report;
}
