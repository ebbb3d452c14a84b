// The softmax and the costs at logits of ±1000, where e^z overflows (e^1000 = ∞) or underflows
// (e^−1000 = 0) in double precision (issue 20). References are worked by hand: softmax is shift-
// invariant, so softmax(1000, 999, 998) = softmax(0, −1, −2) = (1, e^−1, e^−2) / (1 + e^−1 + e^−2),
// and the cross-entropy of the first class is log(1 + e^−1 + e^−2).
import { describe, expect, it } from "vitest";
import { gradientCheckNetwork } from "../../src/gradcheck/gradcheck";
import {
  activate, computeCost, createNetwork, crossEntropyCost, lossAndGradients, mseCost, softmax, softmaxCrossEntropyCost,
} from "../../src/nn";
import { Matrix, matrix } from "../../src/tensor/matrix";

const S = 1 + Math.exp(-1) + Math.exp(-2);
const P = [1 / S, Math.exp(-1) / S, Math.exp(-2) / S]; // 0.665…, 0.245…, 0.090…

const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

/** Columns: (1000, 999, 998), (−998, −999, −1000), (1000, 0, −1000), (−1000, 1000, −1000). */
const Z = matrix([
  [1000, -998, 1000, -1000],
  [999, -999, 0, 1000],
  [998, -1000, -1000, -1000],
]);

describe("softmax at ±1000", () => {
  it("is finite, sums to 1 and matches the shifted values", () => {
    const A = softmax(Z);
    const col = (j: number) => [0, 1, 2].map((i) => A.data[i * 4 + j]!);
    for (const [j, want] of [[0, P], [1, P]] as const) col(j).forEach((v, i) => expect(rel(v, want[i]!), `A[${i}, ${j}]`).toBeLessThan(1e-15));
    // e^−1000 and e^−2000 underflow to 0 exactly: the winning class gets 1.
    expect(col(2)).toEqual([1, 0, 0]);
    expect(col(3)).toEqual([0, 1, 0]);
    expect(P[0]).toBeCloseTo(0.6652409557748219, 15);
  });

  it("writes into its output matrix as into a new one", () => {
    const out = new Matrix(3, 4);
    expect(activate("softmax", Z, out)).toBe(out);
    expect(Array.from(out.data)).toEqual(Array.from(softmax(Z).data));
  });
});

describe("the costs at ±1000", () => {
  it("softmax cross-entropy: log(1 + e^−1 + e^−2) per confident-but-not-certain example, 0 per certain one", () => {
    const A = softmax(Z);
    // Labels: class 0, 2, 0, 1 → −log P0 = log S, −log P2 = 2 + log S (column 1 shifts to (0, −1, −2) too), 0, 0.
    const J = softmaxCrossEntropyCost(A, matrix([[0, 2, 0, 1]]));
    const want = (Math.log(S) + (2 + Math.log(S)) + 0 + 0) / 4;
    expect(rel(J, want)).toBeLessThan(1e-14);
    // Confidently wrong (probability exactly 0): the cost is +∞, as numpy's −log(0) gives, never NaN.
    expect(softmaxCrossEntropyCost(A, matrix([[0, 0, 1, 1]]))).toBe(Infinity);
  });

  it("binary cross-entropy: 0 when σ(±1000) saturates on the right side, +∞ on the wrong one", () => {
    const A = activate("sigmoid", matrix([[1000, -1000]]));
    expect(Array.from(A.data)).toEqual([1, 0]);
    expect(crossEntropyCost(A, matrix([[1, 0]]))).toBe(0);
    expect(crossEntropyCost(A, matrix([[0, 0]]))).toBe(Infinity);
    // σ(−30) = e^−30/(1 + e^−30): the cost of labelling it 1 is log(1 + e^30) / m = (30 + log(1 + e^−30)) / 2.
    expect(rel(crossEntropyCost(activate("sigmoid", matrix([[-30, 1000]])), matrix([[1, 1]])), (30 + Math.log1p(Math.exp(-30))) / 2)).toBeLessThan(1e-14);
  });

  it("mse: 1/(2m) Σ (a − y)²", () => {
    expect(mseCost(matrix([[1000, -1000]]), matrix([[0, 1]]))).toBe((1000 ** 2 + 1001 ** 2) / 4);
  });

  it("a softmax network driven to ±1000: cost, dZ = A − Y and a passing gradient check", () => {
    // W·X puts (1000, 999, 998) in column 0 and (−998, −999, −1000) in column 1.
    const net = createNetwork([2, 3], { output: "softmax", cost: "softmax", params: {
      W1: matrix([[1000, 0], [999, 1], [998, 2]]), b1: matrix([[0], [0], [0]]),
    } });
    const X = matrix([[1, -1], [0, 1]]), Y = matrix([[1, 0]]);
    // Column 1: (−1000, −998, −996) → softmax (e^−4, e^−2, 1) / (1 + e^−2 + e^−4).
    const S1 = 1 + Math.exp(-2) + Math.exp(-4);
    const { cost, grads, AL } = lossAndGradients(net, X, Y);
    expect(rel(cost, ((1 + Math.log(S)) + (4 + Math.log(S1))) / 2)).toBeLessThan(1e-14);
    expect(computeCost(net, AL, Y)).toBe(cost);
    // dZ = A − Y; dW = dZ Xᵀ / m, db = Σ dZ / m: all finite, hand-worked.
    const dZ = [[P[0]! - 0, Math.exp(-4) / S1 - 1], [P[1]! - 1, Math.exp(-2) / S1], [P[2]!, 1 / S1]];
    for (let i = 0; i < 3; i++) {
      const dW = [(dZ[i]![0]! * 1 + dZ[i]![1]! * -1) / 2, (dZ[i]![1]! * 1) / 2];
      expect(Math.abs(grads.W1!.data[i * 2]! - dW[0]!), `dW1[${i}, 0]`).toBeLessThan(1e-15);
      expect(Math.abs(grads.W1!.data[i * 2 + 1]! - dW[1]!), `dW1[${i}, 1]`).toBeLessThan(1e-15);
      expect(Math.abs(grads.b1!.data[i]! - (dZ[i]![0]! + dZ[i]![1]!) / 2), `db1[${i}]`).toBeLessThan(1e-15);
    }
    // ε = 1e−4: logits near 1000 carry rounding of ~1e−13, which ε = 1e−7 would magnify to ~1e−6.
    const r = gradientCheckNetwork(net, X, Y, { epsilon: 1e-4 });
    expect(r.difference, r.message).toBeLessThan(1e-7);
  });
});
