// Running an optimizer on a surface and recording where it goes: the
// trajectories drawn over contour plots in the optimizer lessons.
import { ValueError, assertFinite, assertInt, checkFunction, checkOptions, checkRng, checkSeed, kindOf } from "../errors";
import { applyUpdatesInPlace } from "../optim/apply";
import type { InPlaceOptimizer, Optimizer } from "../optim/types";
import { RandomState } from "../random/random";
import { Matrix } from "../tensor/matrix";
import type { Surface } from "./surface";

/** Options of {@link descend}. */
export interface DescendOptions {
  /** Stop as soon as this holds after a step (t = steps taken so far), e.g. "escaped the saddle". */
  until?: (x: number, y: number, t: number) => boolean;
  /** Standard deviation of Gaussian noise added to each gradient component (a stand-in for mini-batch noise). */
  noise?: number;
  /** Seed of the noise (default 0), or pass `rng`. */
  seed?: number;
  rng?: RandomState;
}

/** Where an optimizer went: `x[t], y[t], cost[t]` after t steps (t = 0 is the start). */
export interface Trajectory {
  x: number[];
  y: number[];
  /** The same points as [x, y] pairs. */
  points: [number, number][];
  /** J at each point. */
  cost: number[];
  /** Steps taken (points.length − 1). */
  steps: number;
  /** `until` held after the last step. */
  stopped: boolean;
  /**
   * The run stopped because the gradient, the point or the cost J was no longer finite (the optimizer blew
   * up): the last point is the first non-finite one (∞ or NaN in `x`, `y` or `cost`), the run ends there.
   */
  diverged: boolean;
}

const isInPlace = (o: Optimizer): o is InPlaceOptimizer => typeof (o as InPlaceOptimizer).step === "function";

/**
 * Run `optimizer` on `surface` from `start` for at most `steps` steps: the parameters are one column
 * `w = [x; y]` named "w"; each step computes `dw = ∇J(x, y)` (plus noise if asked) and applies the
 * optimizer's update, `w ← w + update(dw)` (for gradient descent `w ← w − α ∇J`). Each step is passed to
 * the optimizer as one epoch (`{ epoch: t }`, t from 0), as in full-batch training. Any optimizer of the
 * library works, including `chain(clipping(…), …)` and schedules.
 */
export function descend(surface: Surface, optimizer: Optimizer, start: readonly [number, number] | number[], steps: number, opts: DescendOptions = {}): Trajectory {
  const where = "descend";
  if (!surface || typeof surface.f !== "function" || typeof surface.grad !== "function") {
    throw new ValueError(`${where}: surface must have f(x, y) and grad(x, y), like bowl() or saddle(), got ${kindOf(surface)}${typeof surface === "function" ? "; call it: bowl()" : ""}`);
  }
  if (!optimizer || typeof optimizer.init !== "function" || typeof optimizer.update !== "function") {
    const hint = typeof optimizer === "function" ? "; call it with its options: sgd({ learningRate: 0.1 })" : "";
    throw new ValueError(`${where}: optimizer must be an optimizer such as sgd({ learningRate: 0.1 }) (with init and update), got ${kindOf(optimizer)}${hint}`);
  }
  if (!Array.isArray(start) || start.length !== 2) throw new ValueError(`${where}: start must be a point [x, y], got ${kindOf(start)}`);
  assertFinite("start[0]", start[0], where);
  assertFinite("start[1]", start[1], where);
  assertInt("steps", steps, 0, 1e8, where);
  checkOptions(where, opts, ["until", "noise", "seed", "rng"], "{ noise: 0.1, seed: 0 }");
  if (opts.until !== undefined) checkFunction(where, "until", opts.until, "(x, y, t) => boolean");
  checkSeed(where, opts.seed);
  checkRng(where, opts.rng);
  const noise = opts.noise ?? 0;
  assertFinite("noise", noise, where);
  if (noise < 0) throw new ValueError(`${where}: noise must be ≥ 0, got ${noise}`);
  const rng = noise > 0 ? opts.rng ?? new RandomState(opts.seed ?? 0) : undefined;

  const params = { w: new Matrix(2, 1, Float64Array.of(start[0], start[1])) };
  const w = params.w.data;
  let state = optimizer.init(params);
  const traj: Trajectory = { x: [w[0]!], y: [w[1]!], points: [[w[0]!, w[1]!]], cost: [surface.f(w[0]!, w[1]!)], steps: 0, stopped: false, diverged: false };
  for (let t = 0; t < steps; t++) {
    let [gx, gy] = surface.grad(w[0]!, w[1]!);
    if (rng) { gx += noise * rng.randn(); gy += noise * rng.randn(); }
    if (!Number.isFinite(gx) || !Number.isFinite(gy)) { traj.diverged = true; break; }
    const grads = { w: new Matrix(2, 1, Float64Array.of(gx, gy)) };
    const ctx = { epoch: t };
    if (isInPlace(optimizer)) state = optimizer.step(params, grads, state, ctx);
    else {
      const r = optimizer.update(grads, state, params, ctx);
      state = r.state;
      applyUpdatesInPlace(params, r.updates);
    }
    const x = w[0]!, y = w[1]!, J = surface.f(x, y);
    traj.x.push(x);
    traj.y.push(y);
    traj.points.push([x, y]);
    traj.cost.push(J);
    traj.steps = t + 1;
    // The point is kept so a plot shows where it went; the run ends there, flagged.
    if (!Number.isFinite(x) || !Number.isFinite(y) || !Number.isFinite(J)) { traj.diverged = true; break; }
    if (opts.until && opts.until(x, y, t + 1)) { traj.stopped = true; break; }
  }
  return traj;
}
