// Gradient descent: W −= α·dW. Batch, mini-batch and stochastic gradient
// descent share this one rule; they differ only in how many examples the
// gradient is averaged over (all m, a mini-batch, or one), which is the
// training loop's choice, not the optimizer's.
import { checkOptions } from "../errors";
import type { InPlaceOptimizer } from "./types";
import { describeLr, makeOptimizer, type Kernel, type MomentState } from "./driver";
import { checkLearningRate, type LearningRate } from "./validate";

export interface SgdOptions {
  /** α, a number or a schedule (default 0.01). */
  learningRate?: LearningRate;
}

/** State of `sgd`: only the update counter (per-step schedules read it). */
export interface SgdState { t: number }

const sgdKernel: Kernel<{ lr: number }> = (g, p, _v, _s, _vo, _so, out, inPlace, k, i0, i1) => {
  const lr = k.lr;
  if (inPlace) {
    // Four entries per iteration: V8 re-checks each typed array once per iteration.
    let i = i0;
    for (; i + 3 < i1; i += 4) {
      p[i] = p[i]! - lr * g[i]!; p[i + 1] = p[i + 1]! - lr * g[i + 1]!; p[i + 2] = p[i + 2]! - lr * g[i + 2]!; p[i + 3] = p[i + 3]! - lr * g[i + 3]!;
    }
    for (; i < i1; i++) p[i] = p[i]! - lr * g[i]!;
  }
  else for (let i = i0; i < i1; i++) out[i] = -(lr * g[i]!);
};

/** Gradient descent: `W −= α·dW` (batch, mini-batch or stochastic, depending on the gradient you feed it). */
export function sgd(opts: SgdOptions = {}): InPlaceOptimizer<SgdState> {
  checkOptions("sgd", opts, ["learningRate"], "{ learningRate: 0.01 }");
  const where = "sgd";
  const lr = checkLearningRate(where, opts.learningRate ?? 0.01);
  return makeOptimizer<{ lr: number }, SgdState & MomentState>({
    where, name: `sgd(${describeLr(lr)})`, slots: [], needsParams: false, lr,
    scalars: (_t, a) => ({ lr: a }),
    kernel: sgdKernel,
    fast: { rule: "sgd", steady: true, write(k, o, i) { o[i] = k.lr; } },
  });
}
