// Momentum: step along a running average of the gradients instead of the
// gradient itself, so oscillating directions cancel and consistent ones add
// up. Three ways of writing it are in use; `form` picks one explicitly:
//   "ema"      (the course)        v = βv + (1−β)dW;  W −= α·v
//   "classic"  (PyTorch, heavy ball) v = μv + dW;     W −= α·v
//   "velocity" (Keras, seed 003)   v = μv − α·dW;     W += v
// With a constant α they trace the same path once α is rescaled: "ema" with
// (α, β) equals "classic" with (α(1−β), μ = β), and "velocity" keeps −α·v of
// "classic" (seed 003's x_n = x_{n−1} − h∇ + m(x_{n−1} − x_{n−2}) is it, with
// v = x_n − x_{n−1}). With a schedule they differ: "velocity" stores past α's.
import { ValueError } from "../errors";
import { describeLr, makeOptimizer, type Kernel, type MomentState } from "./driver";
import type { InPlaceOptimizer } from "./types";
import { checkBeta, checkLearningRate, type LearningRate } from "./validate";
import type { Params } from "../params";

/** How the velocity is written: see the module comment. */
export type MomentumForm = "ema" | "classic" | "velocity";

export interface MomentumOptions {
  /** α, a number or a schedule (default 0.01). */
  learningRate?: LearningRate;
  /** β (μ in the classic forms), in [0, 1) (default 0.9). */
  beta?: number;
  /** Which of the three forms (default "ema", the course's). */
  form?: MomentumForm;
}

/** State: update counter and the velocity v for each parameter. */
export interface MomentumState { t: number; v: Params }

export interface MomentumScalars { lr: number; b: number; c: number }

const emaKernel: Kernel<MomentumScalars> = (g, p, v, _s, vo, _so, out, inPlace, k) => {
  const lr = k.lr, b = k.b, c = k.c, n = g.length;
  if (inPlace) for (let i = 0; i < n; i++) { const vi = b * v[i]! + c * g[i]!; vo[i] = vi; out[i] = p[i]! - lr * vi; }
  else for (let i = 0; i < n; i++) { const vi = b * v[i]! + c * g[i]!; vo[i] = vi; out[i] = -(lr * vi); }
};

const classicKernel: Kernel<MomentumScalars> = (g, p, v, _s, vo, _so, out, inPlace, k) => {
  const lr = k.lr, b = k.b, n = g.length;
  if (inPlace) for (let i = 0; i < n; i++) { const vi = b * v[i]! + g[i]!; vo[i] = vi; out[i] = p[i]! - lr * vi; }
  else for (let i = 0; i < n; i++) { const vi = b * v[i]! + g[i]!; vo[i] = vi; out[i] = -(lr * vi); }
};

const velocityKernel: Kernel<MomentumScalars> = (g, p, v, _s, vo, _so, out, inPlace, k) => {
  const lr = k.lr, b = k.b, n = g.length;
  if (inPlace) for (let i = 0; i < n; i++) { const vi = b * v[i]! - lr * g[i]!; vo[i] = vi; out[i] = p[i]! + vi; }
  else for (let i = 0; i < n; i++) { const vi = b * v[i]! - lr * g[i]!; vo[i] = vi; out[i] = vi; }
};

export function checkForm(where: string, form: unknown): MomentumForm {
  if (form !== "ema" && form !== "classic" && form !== "velocity") {
    throw new ValueError(`${where}: form must be "ema", "classic" or "velocity", got ${JSON.stringify(form)}`);
  }
  return form;
}

/**
 * Momentum. form "ema": `v = βv + (1−β)dW; W −= αv`; "classic": `v = μv + dW; W −= αv`;
 * "velocity": `v = μv − α·dW; W += v`.
 */
export function momentum(opts: MomentumOptions = {}): InPlaceOptimizer<MomentumState> {
  const where = "momentum";
  const lr = checkLearningRate(where, opts.learningRate ?? 0.01);
  const b = checkBeta(where, "beta", opts.beta ?? 0.9);
  const form = checkForm(where, opts.form ?? "ema");
  const kernel = form === "ema" ? emaKernel : form === "classic" ? classicKernel : velocityKernel;
  return makeOptimizer<MomentumScalars, MomentumState & MomentState>({
    where, name: `momentum(${describeLr(lr)}, β=${b}, form=${form})`, slots: ["v"], needsParams: false, lr,
    scalars: (_t, a) => ({ lr: a, b, c: 1 - b }),
    kernel,
  });
}
