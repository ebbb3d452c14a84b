// AdaGrad (from the lecture notes): every parameter gets its own step size, divided by the
// root of the sum of all its squared gradients so far. The sum only grows, so
// steps only shrink — the problem RMSprop fixes by averaging instead.
import { ValueError, checkOptions } from "../errors";
import type { Params } from "../tensor/params";
import { describeLr, makeOptimizer, type Kernel, type MomentState } from "./driver";
import type { InPlaceOptimizer } from "./types";
import { checkEpsilon, checkLearningRate, type LearningRate } from "./validate";

export interface AdagradOptions {
  /** α, a number or a schedule (default 0.01). */
  learningRate?: LearningRate;
  /** ε, > 0 (default 1e-7, the lecture notes' value). */
  epsilon?: number;
  /** Put ε inside the root, `√(s + ε)`, instead of `√s + ε` (default false). */
  epsilonInside?: boolean;
  /** Starting value of the accumulator s, ≥ 0 (default 0; Keras uses 0.1). */
  initialAccumulator?: number;
}

/** State: update counter and the sum of squared gradients s. */
export interface AdagradState { t: number; s: Params }

interface Scalars { lr: number; eps: number }

const outsideKernel: Kernel<Scalars> = (g, p, _v, s, _vo, so, out, inPlace, k, i0, i1) => {
  const lr = k.lr, eps = k.eps;
  if (inPlace) for (let i = i0; i < i1; i++) { const gi = g[i]!, si = s[i]! + gi * gi; s[i] = si; p[i] = p[i]! - (lr * gi) / (Math.sqrt(si) + eps); }
  else for (let i = i0; i < i1; i++) { const gi = g[i]!, si = s[i]! + gi * gi; so[i] = si; out[i] = -((lr * gi) / (Math.sqrt(si) + eps)); }
};

const insideKernel: Kernel<Scalars> = (g, p, _v, s, _vo, so, out, inPlace, k, i0, i1) => {
  const lr = k.lr, eps = k.eps;
  if (inPlace) for (let i = i0; i < i1; i++) { const gi = g[i]!, si = s[i]! + gi * gi; s[i] = si; p[i] = p[i]! - (lr * gi) / Math.sqrt(si + eps); }
  else for (let i = i0; i < i1; i++) { const gi = g[i]!, si = s[i]! + gi * gi; so[i] = si; out[i] = -((lr * gi) / Math.sqrt(si + eps)); }
};

/** AdaGrad: `s += dW²; W −= α·dW/(√s + ε)` (or `/√(s + ε)` with epsilonInside). */
export function adagrad(opts: AdagradOptions = {}): InPlaceOptimizer<AdagradState> {
  checkOptions("adagrad", opts, ["learningRate", "epsilon", "epsilonInside", "initialAccumulator"], "{ learningRate: 0.01 }");
  const where = "adagrad";
  const lr = checkLearningRate(where, opts.learningRate ?? 0.01);
  const eps = checkEpsilon(where, opts.epsilon ?? 1e-7);
  const inside = opts.epsilonInside ?? false;
  const s0 = opts.initialAccumulator ?? 0;
  if (typeof s0 !== "number" || !Number.isFinite(s0) || s0 < 0) throw new ValueError(`${where}: initialAccumulator must be a finite number >= 0, got ${s0}`);
  return makeOptimizer<Scalars, AdagradState & MomentState>({
    where, name: `adagrad(${describeLr(lr)}, ε=${eps}${inside ? " inside √" : ""})`, slots: ["s"], needsParams: false, lr, initialS: s0,
    scalars: (_t, a) => ({ lr: a, eps }),
    kernel: inside ? insideKernel : outsideKernel,
  });
}
