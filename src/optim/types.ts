// The optimizer contract, after optax: an optimizer is a pair of pure
// functions. `init` builds the state from the parameters; `update` turns
// gradients into updates (what to add to the parameters) and a new state.
// States are plain data ({ t, v: {W1: …}, s: {…} }) so they can be inspected
// and saved as JSON.
import type { Params } from "../tensor/params";

/** Where in training an update happens; schedules read it. */
export interface StepContext {
  /** Epoch number, counting from 0 (per-epoch schedules read this). */
  epoch?: number;
}

/**
 * An optimizer that can also update in place: `step(params, grads, state)`
 * writes the new parameters into `params` and the new moments into `state`
 * in one fused pass (no allocation), giving exactly the numbers of
 * `update` + `applyUpdates`. Everything is validated before anything is
 * written, so a throw leaves `params` and `state` untouched.
 */
export interface InPlaceOptimizer<S = unknown> extends Optimizer<S> {
  step(params: Params, grads: Params, state: S, ctx?: StepContext): S;
}

/** An optimizer (or any gradient transformation): `init(params) → state`, `update(grads, state, params) → {updates, state}`. */
export interface Optimizer<S = unknown> {
  /** Short name for displays, e.g. "adam(α=0.001, β1=0.9, β2=0.999, ε=1e-8)". */
  readonly name: string;
  /** A fresh state for these parameters (moments start at zero, t = 0). */
  init(params: Params): S;
  /**
   * Pure update: the new state and the updates to add to the parameters
   * (`W_new = W + updates.W`); neither `grads`, `state` nor `params` is changed.
   */
  update(grads: Params, state: S, params?: Params, ctx?: StepContext): { updates: Params; state: S };
}
