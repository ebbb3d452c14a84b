// Surviving mutants accepted as equivalent: they change the code but not what
// it computes for any input the exercise allows, so no test can tell them
// apart from the reference solution. Keyed by "<lesson file name without
// .ipynb>/<exercise>"; `id` is the mutant's id as the mutation report prints it
// (`npx tsx test/mutation/report.ts lessons/<lesson>.ipynb`).
export interface Accepted {
  id: string;
  reason: string;
}

export const ACCEPTED: Record<string, Accepted[]> = {
  "02-bias-and-variance/split_data": [
    { id: "line 4: X → Y", reason: "m read from Y instead of X: the labels have one column per example, so Y.cols = X.cols in every call" },
  ],
  "05-normalizing-inputs/scaler": [
    { id: "line 4: X.sum(1).mul(1 / m) → X.mul(1 / m).sum(1)", reason: "(1/m)·Σx and Σ(x/m): the same mean, one rounding apart" },
    { id: "line 6: centered.mul(centered).sum(1).mul(1 / m) → centered.mul(centered).mul(1 / m).sum(1)", reason: "(1/m)·Σ(x − μ)² and Σ((x − μ)²/m): the same variance, one rounding apart" },
  ],
  "07-gradient-checking/gradient_check": [
    { id: "line 4: theta → grad", reason: "the loop bound theta.length read as grad.length: the gradient has one entry per parameter, so the two lengths are equal in every call" },
    { id: "line 11: theta → grad", reason: "the same loop bound in the norms' loop: equal lengths" },
  ],
  "12-adagrad-and-rmsprop/rmsprop_update": [
    { id: "line 9: g.mul(learningRate).div(newS[k].map(Math.sqrt).add(epsilon)) → g.div(newS[k].map(Math.sqrt).add(epsilon)).mul(learningRate)", reason: "α·g/(√s + ε) and g/(√s + ε)·α: the same product in another order, equal to the last bit or one rounding apart" },
  ],
  "13-adam/adam_update": [
    { id: "line 13: vHat.mul(learningRate).div(sHat.map(Math.sqrt).add(epsilon)) → vHat.div(sHat.map(Math.sqrt).add(epsilon)).mul(learningRate)", reason: "α·v̂/(√ŝ + ε) and v̂/(√ŝ + ε)·α: the same product in another order" },
  ],
  "14-learning-rate-decay/rate_of_update": [
    { id: "line 4: Math.floor((t - 1) / updatesPerEpoch) → ((t - 1) / updatesPerEpoch)", reason: "the epoch left fractional: scheduleLrDecay floors epoch/timeInterval, and for an integer interval ⌊(x − 1)/I⌋ = ⌊(⌊x⌋ − 1)/I⌋, so the rate is the same" },
  ],
};
