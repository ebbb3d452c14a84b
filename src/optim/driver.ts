// The machinery every elementwise optimizer shares: validate, pick α for this
// update, then run one fused loop per parameter. The same loop serves the pure
// `update` (writing fresh arrays) and the in-place `step` (writing into the
// parameters and the state), so both give bit-identical numbers.
import { ValueError } from "../errors";
import type { Params } from "../tensor/params";
import { runRange } from "../tensor/parallel";
import { Matrix } from "../tensor/matrix";
import type { InPlaceOptimizer, StepContext } from "./types";
import { checkCount, checkFiniteParameters, checkGrads, checkParams, checkSlot, learningRateAt, zerosLikeParams, type LearningRate } from "./validate";

/** A state with an update counter and up to two moment sets (the lessons' v and s). */
export interface MomentState {
  /** Updates made so far; the next update is number t + 1 (Adam's t counts from 1). */
  t: number;
  v?: Params;
  s?: Params;
}

/** Empty stand-in for an absent array, so kernels always see Float64Arrays. */
export const NONE = new Float64Array(0);

/**
 * One fused pass over entries [i0, i1) of a parameter. Pure mode (`inPlace`
 * false): read g, p, v, s; write vOut, sOut and the update into `out`.
 * In-place mode: vOut === v, sOut === s, out === p; the kernel writes the new
 * moments into v, s and `p + update` into p.
 */
export type Kernel<K> = (
  g: Float64Array, p: Float64Array, v: Float64Array, s: Float64Array,
  vOut: Float64Array, sOut: Float64Array, out: Float64Array, inPlace: boolean, k: K, i0: number, i1: number,
) => void;

/**
 * Entries per kernel call. Calling the kernel on blocks rather than once over
 * a whole 1e6-entry array matters in V8: a single long call runs in code
 * compiled mid-loop (on-stack replacement), measured ~1.7x slower than the
 * normally optimized function that many short calls get.
 */
const BLOCK = 8192;

function run<K>(kernel: Kernel<K>, g: Float64Array, p: Float64Array, v: Float64Array, s: Float64Array,
  vo: Float64Array, so: Float64Array, out: Float64Array, inPlace: boolean, k: K): void {
  const n = g.length;
  for (let i0 = 0; i0 < n; i0 += BLOCK) kernel(g, p, v, s, vo, so, out, inPlace, k, i0, Math.min(n, i0 + BLOCK));
}

/** The update rules a WebAssembly training loop (src/nn/wasm-epoch.ts) can run in place of a kernel. */
export type FastRule = "sgd" | "ema" | "rms" | "adam";

/**
 * An optimizer's in-place update as src/nn/wasm-epoch.ts runs it: the rule, and the per-update
 * scalars, which stay computed here by the spec's `scalars` (one home for the formula).
 */
export interface FastUpdate {
  rule: FastRule;
  where: string;
  lr: LearningRate;
  slots: ("v" | "s")[];
  /** Write the scalars of update number t (from 1) at learning rate α at out[at …], in the rule's order. */
  scalars(t: number, lr: number, out: Float64Array, at: number): void;
  /** The same for updates t0 + 1 … t0 + n at one α, `stride` values apart: one loop, which V8 compiles early, for a whole run's steps. */
  scalarsAhead(t0: number, n: number, lr: number, out: Float64Array, at: number, stride: number): void;
}

const fastUpdates = new WeakMap<object, FastUpdate>();

/** The update an optimizer made by `makeOptimizer` can hand to a WebAssembly training loop, if any. */
export function fastUpdateOf(optimizer: object): FastUpdate | undefined {
  return fastUpdates.get(optimizer);
}

export interface Spec<K> {
  where: string;
  name: string;
  slots: ("v" | "s")[];
  /** Weight decay needs the parameters' values. */
  needsParams: boolean;
  lr: LearningRate;
  /** Value the moments start from (AdaGrad's initial accumulator may be > 0). */
  initialS?: number;
  /** The per-update scalars (α, bias corrections…) for update number t. */
  scalars(t: number, lr: number): K;
  kernel: Kernel<K>;
  /** When the kernel is one of the rules a WebAssembly loop runs: which, and K's values written in that rule's order. */
  fast?: { rule: FastRule; write(k: K, out: Float64Array, at: number): void } & (
    | {
      /**
       * Updates t0 + 1 … t0 + n written straight into `out` (no scalars object per update): a run's
       * thousands of updates are computed before V8 has optimized anything, where an object and two
       * calls per update cost ~2 µs each (adam: ~10 ms for the first 4096). Must write what `write`
       * writes from `scalars`, bit for bit (test/optim/scalars-ahead.test.ts).
       */
      ahead(t0: number, n: number, lr: number, out: Float64Array, at: number, stride: number): void;
    }
    /** The scalars do not depend on t (α given): computed once, written n times. */
    | { steady: true }
  );
}

function checkState(where: string, state: unknown): MomentState {
  if (typeof state !== "object" || state === null) throw new ValueError(`${where}: state must be the object returned by init, got ${String(state)}`);
  return state as MomentState;
}

interface Prepared<K> { names: string[]; t: number; k: K; v?: Params; s?: Params }

function prepare<K>(spec: Spec<K>, grads: Params, state: MomentState, params: Params | undefined, ctx: StepContext | undefined): Prepared<K> {
  const where = spec.where;
  const count = checkCount(where, state.t);
  if (spec.needsParams && !params) throw new ValueError(`${where}: needs the parameters: call update(grads, state, params)`);
  const slot0 = spec.slots[0];
  const ref = params ?? (slot0 ? (state[slot0] as Params | undefined) : undefined);
  // NaN parameters give NaN gradients: name the parameters first, the source, not the gradient.
  if (params) checkFiniteParameters(where, params, ctx);
  const names = checkGrads(where, grads, ref, params ? "parameter" : `state.${slot0} entry`);
  const out: Prepared<K> = { names, t: count + 1, k: undefined as K };
  for (const slot of spec.slots) out[slot] = checkSlot(where, slot, state[slot], grads, names);
  const lr = learningRateAt(where, spec.lr, count, ctx);
  out.k = spec.scalars(count + 1, lr);
  return out;
}

/** Build an optimizer (init, update, step) from its spec. */
export function makeOptimizer<K, S extends MomentState>(spec: Spec<K>): InPlaceOptimizer<S> {
  const { where, kernel } = spec;
  const optimizer: InPlaceOptimizer<S> = {
    name: spec.name,
    init(params: Params): S {
      checkParams(`${where}.init`, params);
      const state: MomentState = { t: 0 };
      for (const slot of spec.slots) state[slot] = zerosLikeParams(params, slot === "s" ? spec.initialS ?? 0 : 0);
      return state as S;
    },
    update(grads: Params, state: S, params?: Params, ctx?: StepContext): { updates: Params; state: S } {
      const st = checkState(where, state);
      const pr = prepare(spec, grads, st, params, ctx);
      const updates: Params = {};
      const next: MomentState = { ...st, t: pr.t };
      const nv: Params | undefined = pr.v ? {} : undefined, ns: Params | undefined = pr.s ? {} : undefined;
      for (const name of pr.names) {
        const g = grads[name]!;
        const u = new Matrix(g.rows, g.cols);
        const vo = nv ? (nv[name] = new Matrix(g.rows, g.cols)).data : NONE;
        const so = ns ? (ns[name] = new Matrix(g.rows, g.cols)).data : NONE;
        const p = params ? params[name]!.data : NONE;
        run(kernel, g.data, p, pr.v ? pr.v[name]!.data : NONE, pr.s ? pr.s[name]!.data : NONE, vo, so, u.data, false, pr.k);
        updates[name] = u;
      }
      if (nv) next.v = nv;
      if (ns) next.s = ns;
      return { updates, state: next as S };
    },
    // Large parameters on SharedArrayBuffers (every matrix of ≥ 32,768 values)
    // are split across worker threads (src/parallel.ts): the same kernel, the
    // same blocks, so the numbers are bit-identical to the single-threaded run.
    step(params: Params, grads: Params, state: S, ctx?: StepContext): S {
      const st = checkState(where, state);
      if (!params) throw new ValueError(`${where}.step: params are required (they are updated in place)`);
      const pr = prepare(spec, grads, st, params, ctx);
      // Everything is validated; from here on nothing can throw.
      for (const name of pr.names) {
        const p = params[name]!.data;
        const v = pr.v ? pr.v[name]!.data : NONE, s = pr.s ? pr.s[name]!.data : NONE;
        runRange(kernel, [grads[name]!.data, p, v, s, v, s, p, true, pr.k], p.length);
      }
      st.t = pr.t;
      return state;
    },
  };
  const fast = spec.fast;
  if (fast) {
    fastUpdates.set(optimizer, {
      rule: fast.rule, where, lr: spec.lr, slots: spec.slots,
      scalars(t, lr, out, at) { fast.write(spec.scalars(t, lr), out, at); },
      scalarsAhead(t0, n, lr, out, at, stride) {
        if ("ahead" in fast) return fast.ahead(t0, n, lr, out, at, stride);
        const k = spec.scalars(t0 + 1, lr), write = fast.write;
        for (let i = 0; i < n; i++) write(k, out, at + i * stride);
      },
    });
  }
  return optimizer;
}

/** Format hyperparameters for an optimizer's name, e.g. "α=0.01, β=0.9". */
export function describeLr(lr: LearningRate): string {
  return typeof lr === "number" ? `α=${lr}` : `α=${lr.label}`;
}
