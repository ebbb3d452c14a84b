// RMSprop: divide each step by the root of a running average of squared
// gradients, so steep, oscillating directions take small steps and flat ones
// large steps. The course puts ε outside the root, `dW/(√s + ε)`; one set of
// lecture notes writes it inside, `dW/√(s + ε)` — a different number whenever s is small, so
// it is an explicit option here.
import { checkOptions } from "../errors";
import type { Params } from "../tensor/params";
import { describeLr, makeOptimizer, type Kernel, type MomentState } from "./driver";
import type { InPlaceOptimizer } from "./types";
import { checkBeta, checkEpsilon, checkLearningRate, type LearningRate } from "./validate";

export interface RmspropOptions {
  /** α, a number or a schedule (default 0.001). */
  learningRate?: LearningRate;
  /** β of the running average of dW², in [0, 1) (default 0.9). */
  beta?: number;
  /** ε, > 0 (default 1e-8). */
  epsilon?: number;
  /** `√(s + ε)` (as one set of lecture notes writes it) instead of `√s + ε` (the course) (default false). */
  epsilonInside?: boolean;
}

/** State: update counter and the running average of squared gradients s. */
export interface RmspropState { t: number; s: Params }

interface Scalars { lr: number; b: number; c: number; eps: number }

const outsideKernel: Kernel<Scalars> = (g, p, _v, s, _vo, so, out, inPlace, k, i0, i1) => {
  const lr = k.lr, b = k.b, c = k.c, eps = k.eps;
  if (inPlace) for (let i = i0; i < i1; i++) { const gi = g[i]!, si = b * s[i]! + c * (gi * gi); s[i] = si; p[i] = p[i]! - (lr * gi) / (Math.sqrt(si) + eps); }
  else for (let i = i0; i < i1; i++) { const gi = g[i]!, si = b * s[i]! + c * (gi * gi); so[i] = si; out[i] = -((lr * gi) / (Math.sqrt(si) + eps)); }
};

const insideKernel: Kernel<Scalars> = (g, p, _v, s, _vo, so, out, inPlace, k, i0, i1) => {
  const lr = k.lr, b = k.b, c = k.c, eps = k.eps;
  if (inPlace) for (let i = i0; i < i1; i++) { const gi = g[i]!, si = b * s[i]! + c * (gi * gi); s[i] = si; p[i] = p[i]! - (lr * gi) / Math.sqrt(si + eps); }
  else for (let i = i0; i < i1; i++) { const gi = g[i]!, si = b * s[i]! + c * (gi * gi); so[i] = si; out[i] = -((lr * gi) / Math.sqrt(si + eps)); }
};

/** RMSprop: `s = βs + (1−β)dW²; W −= α·dW/(√s + ε)` (or `/√(s + ε)` with epsilonInside). */
export function rmsprop(opts: RmspropOptions = {}): InPlaceOptimizer<RmspropState> {
  checkOptions("rmsprop", opts, ["learningRate", "beta", "epsilon", "epsilonInside"], "{ learningRate: 0.001, beta: 0.9 }");
  const where = "rmsprop";
  const lr = checkLearningRate(where, opts.learningRate ?? 0.001);
  const b = checkBeta(where, "beta", opts.beta ?? 0.9);
  const eps = checkEpsilon(where, opts.epsilon ?? 1e-8);
  const inside = opts.epsilonInside ?? false;
  return makeOptimizer<Scalars, RmspropState & MomentState>({
    where, name: `rmsprop(${describeLr(lr)}, β=${b}, ε=${eps}${inside ? " inside √" : ""})`, slots: ["s"], needsParams: false, lr,
    scalars: (_t, a) => ({ lr: a, b, c: 1 - b, eps }),
    kernel: inside ? insideKernel : outsideKernel,
    // The course's form (ε outside the root) also runs in src/nn/wasm-epoch.ts.
    fast: inside ? undefined : { rule: "rms", steady: true, write(k, o, i) { o[i] = k.lr; o[i + 1] = k.b; o[i + 2] = k.c; o[i + 3] = k.eps; } },
  });
}
