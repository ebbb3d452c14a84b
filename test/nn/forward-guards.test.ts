// forward's own checks, reached with `checked: true` (which skips checkParams, as the training loop
// does) so each names what it finds: a missing W, b, gamma or beta, a W whose columns do not match
// the layer below; and checkInput's messages when it does run (rows, no examples, NaN).
import { describe, expect, it } from "vitest";
import { createNetwork, forward, linearForward } from "../../src/nn";
import { Matrix, matrix } from "../../src/tensor/matrix";

const net = createNetwork([2, 3, 1], { seed: 1 });
const X = matrix([[1, 2], [3, 4]]);
const { W1, b1, W2, b2 } = net.params as Record<string, Matrix>;

describe("forward with checked: true names a parameter that is missing or does not fit", () => {
  it.each([
    ["W2 missing", { W1, b1, b2 }, "forward: parameter W2 is missing"],
    ["W2 of the wrong width", { W1, b1, W2: new Matrix(1, 2), b2 }, "forward: W2 has shape (1, 2) but A[1] has 3 rows"],
    ["b1 missing", { W1, W2, b2 }, "forward: parameter b1 is missing"],
  ] as const)("%s", (_what, params, message) => {
    expect(() => forward(net, X, { params: params as never, checked: true })).toThrow(message);
  });
  it("a batch-norm layer without gamma or beta", () => {
    const bn = createNetwork([2, 3, 1], { seed: 1, batchNorm: true });
    const p = bn.params as Record<string, Matrix>;
    expect(() => forward(bn, X, { params: { W1: p.W1!, beta1: p.beta1!, W2: p.W2!, b2: p.b2! }, checked: true })).toThrow("forward: batch norm layer 1 needs gamma1 and beta1");
    expect(() => forward(bn, X, { params: { W1: p.W1!, gamma1: p.gamma1!, W2: p.W2!, b2: p.b2! }, checked: true })).toThrow("forward: batch norm layer 1 needs gamma1 and beta1");
  });
  it("checked: true skips the scan for NaN in X; without it the NaN is named", () => {
    const bad = matrix([[1, NaN], [1, 1]]);
    expect(() => forward(net, bad, { checked: true })).not.toThrow();
    expect(() => forward(net, bad)).toThrow("forward: X has NaN at feature 0, example 1 (X[0, 1]); every entry must be a finite number (fix or drop that example)");
  });
});

describe("checkInput, through forward", () => {
  it("names the rows against layerDims[0] and an empty data set", () => {
    expect(() => forward(net, matrix([[1, 2]]))).toThrow("forward: X has 1 rows (features) but the network's input size is layerDims[0] = 2; X must be features x examples, got (1, 2)");
    expect(() => forward(net, new Matrix(2, 0))).toThrow("forward: X has no examples (0 columns); the data set is empty");
  });
  it("linearForward names both shapes", () => {
    expect(() => linearForward(new Matrix(3, 2), new Matrix(1, 2))).toThrow("linearForward: W has shape (1, 2) but A[l−1] has (3, 2)");
  });
});

describe("linearForward's fused relu", () => {
  it("maps Z = −0 to +0, as relu(z) = z > 0 ? z : 0 does, on the 4-column blocks and the tail", () => {
    // b = −0, W = 0 and a negative input: each Z entry is −0 + 0·(−1) = −0 + −0 = −0.
    const A = matrix([[-1, -1, -1, -1, -1]]), W = matrix([[0]]), b = matrix([[-0]]);
    const R = new Matrix(1, 5);
    const Z = linearForward(A, W, b, undefined, R);
    expect(Array.from(Z.data).every((z) => Object.is(z, -0))).toBe(true);
    expect(Array.from(R.data).every((r) => Object.is(r, 0))).toBe(true);
    // Positive entries pass through and negative ones become +0.
    const R2 = new Matrix(1, 5);
    linearForward(matrix([[2, -3, 0.5, -0.25, 4]]), matrix([[1]]), matrix([[0]]), undefined, R2);
    expect(Array.from(R2.data)).toEqual([2, 0, 0.5, 0, 4]);
  });
});
