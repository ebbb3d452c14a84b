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
  "01-deep-networks/linear_backward": [
    { id: "line 3: Aprev → dZ", reason: "m read from dZ instead of A[l−1]: both have one column per example, so dZ.cols = Aprev.cols in every call" },
  ],
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
  "08-mini-batch-gradient-descent/random_mini_batches": [
    { id: "line 4: X → Y", reason: "m read from Y instead of X: one column per example in both, so Y.cols = X.cols" },
    { id: "line 8: Math.min(start + miniBatchSize, m) → (start + miniBatchSize)", reason: "sliceCols clamps an end past the last column, as numpy's X[:, a:b] does, so the last, short batch is the same" },
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
  "15-local-optima-and-saddle-points/hessian_classify": [
    { id: "line 14: l > 0 → l >= 0", reason: "an eigenvalue of 0 never gets here: |0| ≤ tol returned \"degenerate\" on the line before (tol ≥ 0: \"within tol of 0\")" },
    { id: "line 15: l < 0 → l <= 0", reason: "the same: an eigenvalue of 0 was already \"degenerate\"" },
  ],
  "17-batch-normalization/batch_norm": [
    { id: "line 13: dZt → Znorm", reason: "m read from Ẑ instead of dZ̃: both are n x m, so the column counts are equal" },
    { id: "line 14: dZt.sum(1).mul(1 / m) → dZt.mul(1 / m).sum(1)", reason: "(1/m)·Σ and Σ(·/m): the same mean, one rounding apart" },
    { id: "line 15: dZt.mul(Znorm).sum(1).mul(1 / m) → dZt.mul(Znorm).mul(1 / m).sum(1)", reason: "the same, for dγ" },
    { id: "line 18: dhat.mul(m).sub(sumD).sub(Znorm.mul(sumDZ)) → dhat.mul(m).sub(Znorm.mul(sumDZ)).sub(sumD)", reason: "(a − b) − c and (a − c) − b: the same difference, one rounding apart" },
  ],
  "19-putting-it-together/confusion": [
    { id: "line 4: yTrue → yPred", reason: "the loop bound yTrue.length read as yPred.length: one prediction per label, equal lengths in every call" },
    { id: "line 13: j → (j - 1) (#2)", reason: "cm.get(i, j − 1) for j = 0 … cols − 1: get reads −1 as the last column, as numpy does, so the row is still summed over every column once" },
  ],
};
