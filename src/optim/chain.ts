// Composition, after optax: `chain(a, b, c)` feeds the gradients through a,
// then a's output through b, and so on; the last one's output are the updates.
// Typical: chain(clipping({ globalNorm: 1 }), adam({ learningRate: cosineWithWarmup(…) })).
// The chain's state is the list of its parts' states, so it stays plain data.
import { clipByGlobalNorm, clipByNorm, clipByValue } from "./clip";
import { ValueError, checkOptions } from "../errors";
import type { Params } from "../tensor/params";
import { applyUpdatesInPlace } from "./apply";
import type { InPlaceOptimizer, Optimizer, StepContext } from "./types";
import { checkGrads } from "./validate";

/** State of a chain: one state per part, in order. */
export interface ChainState { states: unknown[] }

/** State of `clipping`: none (an empty object). */
export type ClippingState = Record<string, never>;

export interface ClippingOptions {
  /** Clip each entry to [−value, value], or to [min, max] given as a pair. */
  value?: number | [number, number];
  /** Clip each matrix to L2 norm ≤ norm (tf.clip_by_norm). */
  norm?: number;
  /** Clip all matrices together to global L2 norm ≤ globalNorm (tf.clip_by_global_norm). */
  globalNorm?: number;
}

/** A gradient transformation that clips (by value, norm or global norm); put it first in a `chain`. */
export function clipping(opts: ClippingOptions): Optimizer<ClippingState> {
  const where = "clipping";
  checkOptions(where, opts, ["value", "norm", "globalNorm"], "{ globalNorm: 5 }");
  const given = (["value", "norm", "globalNorm"] as const).filter((k) => opts?.[k] !== undefined);
  if (given.length !== 1) throw new ValueError(`${where}: give exactly one of value, norm, globalNorm, got ${given.length ? given.join(", ") : "none"}`);
  let f: (g: Params) => Params;
  let name: string;
  if (opts.value !== undefined) {
    // value: c clips to [−c, c]: a c ≤ 0 was reported as "min must be <= max, got min=1, max=-1".
    if (typeof opts.value === "number" && !(opts.value > 0)) throw new ValueError(`${where}: value must be a number > 0 (clip to [−value, value]) or a pair [lo, hi], got ${opts.value}`);
    const [lo, hi] = typeof opts.value === "number" ? [-opts.value, opts.value] : opts.value;
    clipByValue({}, lo, hi); // validate the bounds now, not at the first update
    f = (g) => clipByValue(g, lo, hi);
    name = `clipByValue(${lo}, ${hi})`;
  } else if (opts.norm !== undefined) {
    const c = opts.norm;
    clipByNorm({}, c);
    f = (g) => clipByNorm(g, c);
    name = `clipByNorm(${c})`;
  } else {
    const c = opts.globalNorm!;
    clipByGlobalNorm({}, c);
    f = (g) => clipByGlobalNorm(g, c).grads;
    name = `clipByGlobalNorm(${c})`;
  }
  return {
    name,
    init: () => ({}),
    update(grads, state, params) {
      // Validate here: a NaN would otherwise reach the next part disguised (global norm → NaN everywhere).
      checkGrads(where, grads, params);
      return { updates: f(grads), state };
    },
  };
}

/** Compose: gradients → parts[0] → parts[1] → … → updates. */
export function chain(...parts: Optimizer[]): InPlaceOptimizer<ChainState> {
  if (parts.length === 0) throw new ValueError("chain: give at least one optimizer or transformation");
  parts.forEach((p, k) => {
    if (!p || typeof p.init !== "function" || typeof p.update !== "function") throw new ValueError(`chain: part ${k} is not an optimizer (needs init and update)`);
  });
  const where = "chain";
  function checkState(state: ChainState): unknown[] {
    if (!state || !Array.isArray(state.states) || state.states.length !== parts.length) {
      throw new ValueError(`${where}: state must be the chain's own init result with ${parts.length} states, got ${state && Array.isArray(state.states) ? state.states.length : "none"}`);
    }
    return state.states;
  }
  return {
    name: `chain(${parts.map((p) => p.name).join(" → ")})`,
    init: (params) => ({ states: parts.map((p) => p.init(params)) }),
    update(grads: Params, state: ChainState, params?: Params, ctx?: StepContext) {
      const states = checkState(state);
      const next: unknown[] = [];
      let g = grads;
      parts.forEach((p, k) => {
        const r = p.update(g, states[k], params, ctx);
        g = r.updates;
        next.push(r.state);
      });
      return { updates: g, state: { ...state, states: next } };
    },
    step(params: Params, grads: Params, state: ChainState, ctx?: StepContext) {
      const states = checkState(state);
      // Run all but the last purely; commit their states only after the last
      // part has succeeded, so a throw anywhere leaves everything unchanged.
      const next: unknown[] = [];
      let g = grads;
      for (let k = 0; k < parts.length - 1; k++) {
        const r = parts[k]!.update(g, states[k], params, ctx);
        g = r.updates;
        next.push(r.state);
      }
      const last = parts[parts.length - 1]! as Partial<InPlaceOptimizer>;
      const lastState = states[parts.length - 1];
      if (typeof last.step === "function") {
        last.step(params, g, lastState, ctx);
        next.push(lastState);
      } else {
        const r = last.update!(g, lastState, params, ctx);
        applyUpdatesInPlace(params, r.updates);
        next.push(r.state);
      }
      for (let k = 0; k < next.length; k++) states[k] = next[k];
      return state;
    },
  };
}
