// Nesterov momentum: take the gradient step from where momentum is about to
// carry the parameters ("look ahead"), which damps overshooting. Written, as
// frameworks do, without a second gradient evaluation: the update uses the
// new velocity once more. The same three forms as `momentum`:
//   "ema"      v = βv + (1−β)dW;  W −= α(βv + (1−β)dW)
//   "classic"  v = μv + dW;       W −= α(dW + μv)        (PyTorch, nesterov=True)
//   "velocity" v = μv − α·dW;     W += μv − α·dW         (Keras, nesterov=True)
import { describeLr, makeOptimizer, type Kernel, type MomentState } from "./driver";
import { checkForm, type MomentumOptions, type MomentumScalars, type MomentumState } from "./momentum";
import type { InPlaceOptimizer } from "./types";
import { checkBeta, checkLearningRate } from "./validate";

const emaKernel: Kernel<MomentumScalars> = (g, p, v, _s, vo, _so, out, inPlace, k, i0, i1) => {
  const lr = k.lr, b = k.b, c = k.c;
  if (inPlace) for (let i = i0; i < i1; i++) { const gi = g[i]!, vi = b * v[i]! + c * gi; v[i] = vi; p[i] = p[i]! - lr * (b * vi + c * gi); }
  else for (let i = i0; i < i1; i++) { const gi = g[i]!, vi = b * v[i]! + c * gi; vo[i] = vi; out[i] = -(lr * (b * vi + c * gi)); }
};

const classicKernel: Kernel<MomentumScalars> = (g, p, v, _s, vo, _so, out, inPlace, k, i0, i1) => {
  const lr = k.lr, b = k.b;
  if (inPlace) for (let i = i0; i < i1; i++) { const gi = g[i]!, vi = b * v[i]! + gi; v[i] = vi; p[i] = p[i]! - lr * (gi + b * vi); }
  else for (let i = i0; i < i1; i++) { const gi = g[i]!, vi = b * v[i]! + gi; vo[i] = vi; out[i] = -(lr * (gi + b * vi)); }
};

const velocityKernel: Kernel<MomentumScalars> = (g, p, v, _s, vo, _so, out, inPlace, k, i0, i1) => {
  const lr = k.lr, b = k.b;
  if (inPlace) for (let i = i0; i < i1; i++) { const gi = g[i]!, vi = b * v[i]! - lr * gi; v[i] = vi; p[i] = p[i]! + (b * vi - lr * gi); }
  else for (let i = i0; i < i1; i++) { const gi = g[i]!, vi = b * v[i]! - lr * gi; vo[i] = vi; out[i] = b * vi - lr * gi; }
};

/**
 * Nesterov momentum. "ema": `v = βv + (1−β)dW; W −= α(βv + (1−β)dW)`; "classic":
 * `v = μv + dW; W −= α(dW + μv)`; "velocity": `v = μv − α·dW; W += μv − α·dW`.
 */
export function nesterov(opts: MomentumOptions = {}): InPlaceOptimizer<MomentumState> {
  const where = "nesterov";
  const lr = checkLearningRate(where, opts.learningRate ?? 0.01);
  const b = checkBeta(where, "beta", opts.beta ?? 0.9);
  const form = checkForm(where, opts.form ?? "ema");
  const kernel = form === "ema" ? emaKernel : form === "classic" ? classicKernel : velocityKernel;
  return makeOptimizer<MomentumScalars, MomentumState & MomentState>({
    where, name: `nesterov(${describeLr(lr)}, β=${b}, form=${form})`, slots: ["v"], needsParams: false, lr,
    scalars: (_t, a) => ({ lr: a, b, c: 1 - b }),
    kernel,
  });
}
