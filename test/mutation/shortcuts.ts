// Shortcut solutions: for each graded exercise, a solution that calls the
// library function the exercise asks the learner to write (declared in the
// solution cell's metadata.descent.reimplements). Each is a correct answer, so
// only the grader's check for those calls can give it 0. Keyed like
// test/mutation/accepted.ts: "<lesson>/<exercise>"; the value replaces the
// solution cell's whole source.
export const SHORTCUTS: Record<string, { calls: string; source: string }> = {
  "00-getting-started/sigmoid": {
    calls: "sigmoid",
    source: `import type { Matrix } from "descent";
import { sigmoid } from "descent";

function sigmoidMatrix(Z: Matrix): Matrix {
  return sigmoid(Z);
}`,
  },
  "06-initialization/he_init": {
    calls: "initializeParameters",
    source: `function initializeParametersHe(layerDims: number[]): Record<string, Matrix> {
  return initializeParameters(layerDims, { method: "he", seed: 3 });
}`,
  },
  "07-gradient-checking/gradient_check": {
    calls: "gradientCheck",
    source: `function gradientCheckVector(J: (theta: number[]) => number, theta: number[], grad: number[], epsilon = 1e-7): { gradApprox: number[]; difference: number } {
  const r = gradientCheck((p) => J(Array.from(p.theta.data)), { theta: column(theta) }, { theta: column(grad) }, { epsilon });
  return { gradApprox: Array.from(r.gradApprox.data), difference: r.difference };
}`,
  },
  "09-exponentially-weighted-averages/ewa": {
    calls: "emaSeries",
    source: `function exponentiallyWeightedAverage(thetas: number[], beta: number): number[] {
  return emaSeries(thetas, { beta });
}`,
  },
  "10-bias-correction/corrected_average": {
    calls: "emaSeries",
    source: `function correctedAverage(thetas: number[], beta: number): number[] {
  return emaSeries(thetas, { beta, biasCorrection: true });
}`,
  },
  "11-momentum-and-nesterov/momentum_update": {
    calls: "momentum",
    source: `type Named = Record<string, Matrix>;

function updateWithMomentum(params: Named, grads: Named, v: Named, beta: number, learningRate: number): { params: Named; v: Named } {
  const r = momentum({ learningRate, beta }).update(grads, { t: 0, v }, params);
  return { params: applyUpdates(params, r.updates), v: r.state.v };
}`,
  },
  "12-adagrad-and-rmsprop/rmsprop_update": {
    calls: "rmsprop",
    source: `type Named = Record<string, Matrix>;

function updateWithRmsprop(params: Named, grads: Named, s: Named, beta2: number, learningRate: number, epsilon = 1e-8): { params: Named; s: Named } {
  const r = rmsprop({ learningRate, beta: beta2, epsilon }).update(grads, { t: 0, s }, params);
  return { params: applyUpdates(params, r.updates), s: r.state.s };
}`,
  },
  "13-adam/adam_update": {
    calls: "adam",
    source: `type Named = Record<string, Matrix>;

function updateWithAdam(params: Named, grads: Named, v: Named, s: Named, t: number,
                        learningRate = 0.01, beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8): { params: Named; v: Named; s: Named } {
  const r = adam({ learningRate, beta1, beta2, epsilon }).update(grads, { t: t - 1, v, s }, params);
  return { params: applyUpdates(params, r.updates), v: r.state.v, s: r.state.s };
}`,
  },
  "14-learning-rate-decay/schedule_lr_decay": {
    calls: "scheduleLrDecay",
    source: `function scheduleLrDecay(learningRate0: number, epochNum: number, decayRate: number, timeInterval = 1000): number {
  return intervalDecay({ learningRate: learningRate0, decayRate, timeInterval })(epochNum);
}`,
  },
  // 14's rate_of_update has no library twin to shortcut: it asks which epoch's rate update t uses, and
  // calling a decay function (the learner's own schedule_lr_decay, or the library's) is part of it.
};
