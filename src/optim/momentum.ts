// Momentum: step along a running average of the gradients instead of the
// gradient itself, so oscillating directions cancel and consistent ones add
// up. Three ways of writing it are in use; `form` picks one explicitly:
//   "ema"      (the course)        v = βv + (1−β)dW;  W −= α·v
//   "classic"  (PyTorch, heavy ball) v = μv + dW;     W −= α·v
//   "velocity" (Keras, the notes)  v = μv − α·dW;     W += v
// With a constant α they trace the same path once α is rescaled: "ema" with
// (α, β) equals "classic" with (α(1−β), μ = β), and "velocity" keeps −α·v of
// "classic" (the notes' x_n = x_{n−1} − h∇ + m(x_{n−1} − x_{n−2}) is it, with
// v = x_n − x_{n−1}). With a schedule they differ: "velocity" stores past α's.
import { ValueError, checkOptions } from "../errors";
import { describeLr, makeOptimizer, type Kernel, type MomentState } from "./driver";
import type { InPlaceOptimizer } from "./types";
import { checkBeta, checkLearningRate, type LearningRate } from "./validate";
import type { Params } from "../tensor/params";

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

const emaKernel: Kernel<MomentumScalars> = (g, p, v, _s, vo, _so, out, inPlace, k, i0, i1) => {
  const lr = k.lr, b = k.b, c = k.c;
  if (inPlace) {
    // Four entries per iteration: V8 re-checks each typed array once per
    // iteration, so unrolling cuts that overhead (~1.4x on this loop).
    let i = i0;
    for (; i + 3 < i1; i += 4) {
      const v0 = b * v[i]! + c * g[i]!, v1 = b * v[i + 1]! + c * g[i + 1]!, v2 = b * v[i + 2]! + c * g[i + 2]!, v3 = b * v[i + 3]! + c * g[i + 3]!;
      v[i] = v0; v[i + 1] = v1; v[i + 2] = v2; v[i + 3] = v3;
      p[i] = p[i]! - lr * v0; p[i + 1] = p[i + 1]! - lr * v1; p[i + 2] = p[i + 2]! - lr * v2; p[i + 3] = p[i + 3]! - lr * v3;
    }
    for (; i < i1; i++) { const vi = b * v[i]! + c * g[i]!; v[i] = vi; p[i] = p[i]! - lr * vi; }
  }
  else for (let i = i0; i < i1; i++) { const vi = b * v[i]! + c * g[i]!; vo[i] = vi; out[i] = -(lr * vi); }
};

const classicKernel: Kernel<MomentumScalars> = (g, p, v, _s, vo, _so, out, inPlace, k, i0, i1) => {
  const lr = k.lr, b = k.b;
  if (inPlace) {
    let i = i0;
    for (; i + 3 < i1; i += 4) {
      const v0 = b * v[i]! + g[i]!, v1 = b * v[i + 1]! + g[i + 1]!, v2 = b * v[i + 2]! + g[i + 2]!, v3 = b * v[i + 3]! + g[i + 3]!;
      v[i] = v0; v[i + 1] = v1; v[i + 2] = v2; v[i + 3] = v3;
      p[i] = p[i]! - lr * v0; p[i + 1] = p[i + 1]! - lr * v1; p[i + 2] = p[i + 2]! - lr * v2; p[i + 3] = p[i + 3]! - lr * v3;
    }
    for (; i < i1; i++) { const vi = b * v[i]! + g[i]!; v[i] = vi; p[i] = p[i]! - lr * vi; }
  }
  else for (let i = i0; i < i1; i++) { const vi = b * v[i]! + g[i]!; vo[i] = vi; out[i] = -(lr * vi); }
};

const velocityKernel: Kernel<MomentumScalars> = (g, p, v, _s, vo, _so, out, inPlace, k, i0, i1) => {
  const lr = k.lr, b = k.b;
  if (inPlace) {
    let i = i0;
    for (; i + 3 < i1; i += 4) {
      const v0 = b * v[i]! - lr * g[i]!, v1 = b * v[i + 1]! - lr * g[i + 1]!, v2 = b * v[i + 2]! - lr * g[i + 2]!, v3 = b * v[i + 3]! - lr * g[i + 3]!;
      v[i] = v0; v[i + 1] = v1; v[i + 2] = v2; v[i + 3] = v3;
      p[i] = p[i]! + v0; p[i + 1] = p[i + 1]! + v1; p[i + 2] = p[i + 2]! + v2; p[i + 3] = p[i + 3]! + v3;
    }
    for (; i < i1; i++) { const vi = b * v[i]! - lr * g[i]!; v[i] = vi; p[i] = p[i]! + vi; }
  }
  else for (let i = i0; i < i1; i++) { const vi = b * v[i]! - lr * g[i]!; vo[i] = vi; out[i] = vi; }
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
  checkOptions("momentum", opts, ["learningRate", "beta", "form"], "{ learningRate: 0.01, beta: 0.9 }");
  return buildMomentum("momentum", { ema: emaKernel, classic: classicKernel, velocity: velocityKernel }, opts);
}

/** An optimizer with one velocity slot `v`, from its three kernels (momentum and Nesterov differ only there). */
export function buildMomentum(
  where: string, kernels: Record<MomentumForm, Kernel<MomentumScalars>>, opts: MomentumOptions,
): InPlaceOptimizer<MomentumState> {
  const lr = checkLearningRate(where, opts.learningRate ?? 0.01);
  const b = checkBeta(where, "beta", opts.beta ?? 0.9);
  const form = checkForm(where, opts.form ?? "ema");
  return makeOptimizer<MomentumScalars, MomentumState & MomentState>({
    where, name: `${where}(${describeLr(lr)}, β=${b}, form=${form})`, slots: ["v"], needsParams: false, lr,
    scalars: (_t, a) => ({ lr: a, b, c: 1 - b }),
    kernel: kernels[form],
    // The course's form (not Nesterov's) also runs in src/nn/wasm-epoch.ts.
    fast: kernels[form] === emaKernel ? { rule: "ema", steady: true, write(k, o, i) { o[i] = k.lr; o[i + 1] = k.b; o[i + 2] = k.c; } } : undefined,
  });
}
