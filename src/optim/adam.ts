// Adam = momentum (first moment v) + RMSprop (second moment s), each
// bias-corrected because both start at 0. The conventions that change the
// numbers are options, not hidden choices:
//   biasCorrection "explicit" (the course, PyTorch): v̂ = v/(1−β₁ᵗ), ŝ = s/(1−β₂ᵗ), W −= α·v̂/(√ŝ + ε)
//                  "folded"   (Keras): α_t = α·√(1−β₂ᵗ)/(1−β₁ᵗ), W −= α_t·v/(√s + ε) — ε meets the
//                             uncorrected root, so it weighs √(1−β₂ᵗ) times less early on
//                  "none":    W −= α·v/(√s + ε)
//   epsilonInside: √(ŝ + ε) instead of √ŝ + ε (one set of lecture notes writes it inside).
// t counts updates from 1: the first update uses 1−β₁¹ = 1−β₁.
// AdamW adds decoupled weight decay: W −= α·v̂/(√ŝ + ε) + αλW, the decay kept
// out of the moments (unlike L2 in the loss, which Adam would rescale).
import { ValueError, checkOptions } from "../errors";
import type { Params } from "../tensor/params";
import { describeLr, makeOptimizer, type Kernel, type MomentState } from "./driver";
import type { InPlaceOptimizer } from "./types";
import { checkBeta, checkEpsilon, checkLearningRate, type LearningRate } from "./validate";

/** How Adam corrects the zero start of its averages. */
export type BiasCorrection = "explicit" | "folded" | "none";

export interface AdamOptions {
  /** α, a number or a schedule (default 0.001). */
  learningRate?: LearningRate;
  /** β₁ of the first moment v, in [0, 1) (default 0.9). */
  beta1?: number;
  /** β₂ of the second moment s, in [0, 1) (default 0.999). */
  beta2?: number;
  /** ε, > 0 (default 1e-8). */
  epsilon?: number;
  /** true = "explicit" (default), false = "none", or "folded" (Keras). */
  biasCorrection?: boolean | BiasCorrection;
  /** √(ŝ + ε) instead of √ŝ + ε (default false, the course's). */
  epsilonInside?: boolean;
}

export interface AdamWOptions extends AdamOptions {
  /** λ, the decoupled weight decay, ≥ 0 (default 0.01, PyTorch's). */
  weightDecay?: number;
}

/** State: update counter t, first moment v and second moment s for each parameter. */
export interface AdamState { t: number; v: Params; s: Params }

// wd is α·λ: the decay uses the plain α even when bias correction is folded into lr.
interface Scalars { lr: number; b1: number; c1: number; b2: number; c2: number; r1: number; r2: number; eps: number; wd: number }

// Four kernels (ε outside/inside × with/without decay) so the hot loop has no
// branches; the bias corrections arrive as multipliers r1 = 1/(1−β₁ᵗ), r2 = 1/(1−β₂ᵗ).
// In place, the loops write straight into v, s and p (the same arrays as
// vo, so and out): fewer distinct arrays in a loop is measurably faster in V8.
const outside: Kernel<Scalars> = (g, p, v, s, vo, so, out, inPlace, k, i0, i1) => {
  const lr = k.lr, b1 = k.b1, c1 = k.c1, b2 = k.b2, c2 = k.c2, r1 = k.r1, r2 = k.r2, eps = k.eps;
  if (inPlace) {
    // The default Adam, four entries per iteration (V8 re-checks each typed
    // array once per iteration; ~10% here, where √ and ÷ dominate).
    let i = i0;
    for (; i + 3 < i1; i += 4) {
      const g0 = g[i]!, g1 = g[i + 1]!, g2 = g[i + 2]!, g3 = g[i + 3]!;
      const v0 = b1 * v[i]! + c1 * g0, v1 = b1 * v[i + 1]! + c1 * g1, v2 = b1 * v[i + 2]! + c1 * g2, v3 = b1 * v[i + 3]! + c1 * g3;
      const s0 = b2 * s[i]! + c2 * (g0 * g0), s1 = b2 * s[i + 1]! + c2 * (g1 * g1);
      const s2 = b2 * s[i + 2]! + c2 * (g2 * g2), s3 = b2 * s[i + 3]! + c2 * (g3 * g3);
      v[i] = v0; v[i + 1] = v1; v[i + 2] = v2; v[i + 3] = v3;
      s[i] = s0; s[i + 1] = s1; s[i + 2] = s2; s[i + 3] = s3;
      p[i] = p[i]! - (lr * (v0 * r1)) / (Math.sqrt(s0 * r2) + eps);
      p[i + 1] = p[i + 1]! - (lr * (v1 * r1)) / (Math.sqrt(s1 * r2) + eps);
      p[i + 2] = p[i + 2]! - (lr * (v2 * r1)) / (Math.sqrt(s2 * r2) + eps);
      p[i + 3] = p[i + 3]! - (lr * (v3 * r1)) / (Math.sqrt(s3 * r2) + eps);
    }
    for (; i < i1; i++) {
      const gi = g[i]!, vi = b1 * v[i]! + c1 * gi, si = b2 * s[i]! + c2 * (gi * gi);
      v[i] = vi; s[i] = si;
      p[i] = p[i]! - (lr * (vi * r1)) / (Math.sqrt(si * r2) + eps);
    }
  } else {
    for (let i = i0; i < i1; i++) {
      const gi = g[i]!, vi = b1 * v[i]! + c1 * gi, si = b2 * s[i]! + c2 * (gi * gi);
      vo[i] = vi; so[i] = si;
      out[i] = -((lr * (vi * r1)) / (Math.sqrt(si * r2) + eps));
    }
  }
};

const inside: Kernel<Scalars> = (g, p, v, s, vo, so, out, inPlace, k, i0, i1) => {
  const lr = k.lr, b1 = k.b1, c1 = k.c1, b2 = k.b2, c2 = k.c2, r1 = k.r1, r2 = k.r2, eps = k.eps;
  if (inPlace) {
    for (let i = i0; i < i1; i++) {
      const gi = g[i]!, vi = b1 * v[i]! + c1 * gi, si = b2 * s[i]! + c2 * (gi * gi);
      v[i] = vi; s[i] = si;
      p[i] = p[i]! - (lr * (vi * r1)) / Math.sqrt(si * r2 + eps);
    }
  } else {
    for (let i = i0; i < i1; i++) {
      const gi = g[i]!, vi = b1 * v[i]! + c1 * gi, si = b2 * s[i]! + c2 * (gi * gi);
      vo[i] = vi; so[i] = si;
      out[i] = -((lr * (vi * r1)) / Math.sqrt(si * r2 + eps));
    }
  }
};

const outsideDecay: Kernel<Scalars> = (g, p, v, s, vo, so, out, inPlace, k, i0, i1) => {
  const lr = k.lr, b1 = k.b1, c1 = k.c1, b2 = k.b2, c2 = k.c2, r1 = k.r1, r2 = k.r2, eps = k.eps, wd = k.wd;
  if (inPlace) {
    for (let i = i0; i < i1; i++) {
      const gi = g[i]!, pi = p[i]!, vi = b1 * v[i]! + c1 * gi, si = b2 * s[i]! + c2 * (gi * gi);
      v[i] = vi; s[i] = si;
      p[i] = pi - ((lr * (vi * r1)) / (Math.sqrt(si * r2) + eps) + wd * pi);
    }
  } else {
    for (let i = i0; i < i1; i++) {
      const gi = g[i]!, pi = p[i]!, vi = b1 * v[i]! + c1 * gi, si = b2 * s[i]! + c2 * (gi * gi);
      vo[i] = vi; so[i] = si;
      out[i] = -((lr * (vi * r1)) / (Math.sqrt(si * r2) + eps) + wd * pi);
    }
  }
};

const insideDecay: Kernel<Scalars> = (g, p, v, s, vo, so, out, inPlace, k, i0, i1) => {
  const lr = k.lr, b1 = k.b1, c1 = k.c1, b2 = k.b2, c2 = k.c2, r1 = k.r1, r2 = k.r2, eps = k.eps, wd = k.wd;
  if (inPlace) {
    for (let i = i0; i < i1; i++) {
      const gi = g[i]!, pi = p[i]!, vi = b1 * v[i]! + c1 * gi, si = b2 * s[i]! + c2 * (gi * gi);
      v[i] = vi; s[i] = si;
      p[i] = pi - ((lr * (vi * r1)) / Math.sqrt(si * r2 + eps) + wd * pi);
    }
  } else {
    for (let i = i0; i < i1; i++) {
      const gi = g[i]!, pi = p[i]!, vi = b1 * v[i]! + c1 * gi, si = b2 * s[i]! + c2 * (gi * gi);
      vo[i] = vi; so[i] = si;
      out[i] = -((lr * (vi * r1)) / Math.sqrt(si * r2 + eps) + wd * pi);
    }
  }
};

function biasMode(where: string, x: unknown): BiasCorrection {
  if (x === true || x === undefined) return "explicit";
  if (x === false) return "none";
  if (x === "explicit" || x === "folded" || x === "none") return x;
  throw new ValueError(`${where}: biasCorrection must be true, false, "explicit", "folded" or "none", got ${JSON.stringify(x)}`);
}

function build(where: string, opts: AdamWOptions, wd: number): InPlaceOptimizer<AdamState> {
  const lr = checkLearningRate(where, opts.learningRate ?? 0.001);
  const b1 = checkBeta(where, "beta1", opts.beta1 ?? 0.9);
  const b2 = checkBeta(where, "beta2", opts.beta2 ?? 0.999);
  const eps = checkEpsilon(where, opts.epsilon ?? 1e-8);
  const bc = biasMode(where, opts.biasCorrection);
  const epsInside = opts.epsilonInside ?? false;
  const kernel = wd > 0 ? (epsInside ? insideDecay : outsideDecay) : epsInside ? inside : outside;
  const decay = where === "adamw" ? `, λ=${wd}` : "";
  // Update t's α and the factors v and s are scaled by, with bc = 1 − β^t: explicit α, 1/bc₁, 1/bc₂;
  // folded α·√bc₂/bc₁, 1, 1; none α, 1, 1. One home for both the per-update scalars and `ahead`.
  const step = new Float64Array(3);
  const corrections = (t: number, a: number, o: Float64Array, j: number): void => {
    const bc1 = 1 - Math.pow(b1, t), bc2 = 1 - Math.pow(b2, t);
    o[j] = bc === "folded" ? (a * Math.sqrt(bc2)) / bc1 : a;
    o[j + 1] = bc === "explicit" ? 1 / bc1 : 1;
    o[j + 2] = bc === "explicit" ? 1 / bc2 : 1;
  };
  return makeOptimizer<Scalars, AdamState & MomentState>({
    where,
    name: `${where}(${describeLr(lr)}, β1=${b1}, β2=${b2}, ε=${eps}${decay}, bias correction ${bc}${epsInside ? ", ε inside √" : ""})`,
    slots: ["v", "s"], needsParams: wd > 0, lr,
    scalars: (t, a) => {
      corrections(t, a, step, 0);
      // One literal, not a spread of a shared base: V8 spends microseconds on the spread, every update.
      return { lr: step[0]!, b1, c1: 1 - b1, b2, c2: 1 - b2, r1: step[1]!, r2: step[2]!, eps, wd: a * wd };
    },
    kernel,
    // The default (ε outside the root, no decay) also runs in src/nn/wasm-epoch.ts.
    fast: kernel === outside ? {
      rule: "adam",
      write(k, o, i) { o[i] = k.lr; o[i + 1] = k.b1; o[i + 2] = k.c1; o[i + 3] = k.b2; o[i + 4] = k.c2; o[i + 5] = k.r1; o[i + 6] = k.r2; o[i + 7] = k.eps; },
      ahead(t0, n, a, o, at, stride) {
        for (let i = 0; i < n; i++) {
          const j = at + i * stride;
          corrections(t0 + i + 1, a, step, 0);
          o[j] = step[0]!; o[j + 1] = b1; o[j + 2] = 1 - b1; o[j + 3] = b2; o[j + 4] = 1 - b2; o[j + 5] = step[1]!; o[j + 6] = step[2]!; o[j + 7] = eps;
        }
      },
    } : undefined,
  });
}

/** Adam: `v = β₁v + (1−β₁)dW; s = β₂s + (1−β₂)dW²; v̂ = v/(1−β₁ᵗ); ŝ = s/(1−β₂ᵗ); W −= α·v̂/(√ŝ + ε)`. */
export function adam(opts: AdamOptions = {}): InPlaceOptimizer<AdamState> {
  checkOptions("adam", opts, ["learningRate", "beta1", "beta2", "epsilon", "biasCorrection", "epsilonInside"], "{ learningRate: 0.001 }");
  return build("adam", opts, 0);
}

/** AdamW: Adam with decoupled weight decay, `W −= α(v̂/(√ŝ + ε) + λW)`. */
export function adamw(opts: AdamWOptions = {}): InPlaceOptimizer<AdamState> {
  checkOptions("adamw", opts, ["learningRate", "beta1", "beta2", "epsilon", "biasCorrection", "epsilonInside", "weightDecay"], "{ learningRate: 0.001, weightDecay: 0.01 }");
  const wd = opts.weightDecay ?? 0.01;
  if (typeof wd !== "number" || !Number.isFinite(wd) || wd < 0) throw new ValueError(`adamw: weightDecay must be a finite number >= 0, got ${wd}`);
  return build("adamw", opts, wd);
}
