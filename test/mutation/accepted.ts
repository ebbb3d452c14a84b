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
