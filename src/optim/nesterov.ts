// Nesterov momentum: take the gradient step from where momentum is about to
// carry the parameters ("look ahead"), which damps overshooting. Written, as
// frameworks do, without a second gradient evaluation: the update uses the
// new velocity once more. The same three forms as `momentum`:
//   "ema"      v = βv + (1−β)dW;  W −= α(βv + (1−β)dW)
//   "classic"  v = μv + dW;       W −= α(dW + μv)        (PyTorch, nesterov=True)
//   "velocity" v = μv − α·dW;     W += μv − α·dW         (Keras, nesterov=True)
import { checkOptions } from "../errors";
import type { Kernel } from "./driver";
import { buildMomentum, type MomentumOptions, type MomentumScalars, type MomentumState } from "./momentum";
import type { InPlaceOptimizer } from "./types";

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
  checkOptions("nesterov", opts, ["learningRate", "beta", "form"], "{ learningRate: 0.01, beta: 0.9 }");
  return buildMomentum("nesterov", { ema: emaKernel, classic: classicKernel, velocity: velocityKernel }, opts);
}
