// The argument checks of the layer helpers a learner calls by hand (activate, activationBackward)
// and of the costs: each bad argument gets its own message naming the function and the argument,
// a shape off in rows only or in columns only is caught, and the training loop's labelsChecked
// shortcut skips exactly the checks it says it skips.
import { describe, expect, it } from "vitest";
import { activate, activationBackward } from "../../src/nn/activations";
import { computeCost, crossEntropyCost, mseCost, oneHot, softmaxCrossEntropyCost } from "../../src/nn/costs";
import { Matrix, matrix } from "../../src/tensor/matrix";

const filled = (r: number, c: number, v: number): Matrix => {
  const m = new Matrix(r, c);
  m.data.fill(v);
  return m;
};
const notMatrix = 5 as unknown as Matrix;

describe("activate", () => {
  it("names a Z or out that is not a Matrix, and an out of another shape (rows or columns)", () => {
    expect(() => activate("relu", notMatrix)).toThrow("activate: Z must be a Matrix, got number 5");
    expect(() => activate("relu", filled(2, 3, 1), notMatrix)).toThrow("activate: out must be a Matrix, got number 5");
    expect(() => activate("relu", filled(2, 3, 1), filled(3, 3, 0))).toThrow("activate: out has shape (3, 3), the result (2, 3)");
    expect(() => activate("relu", filled(2, 3, 1), filled(2, 4, 0))).toThrow("activate: out has shape (2, 4), the result (2, 3)");
  });

  it("writes into an out of the right shape, and into Z itself", () => {
    const Z = matrix([[-1, 2], [3, -4]]);
    const out = filled(2, 2, 9);
    expect(activate("relu", Z, out)).toBe(out);
    expect([...out.data]).toEqual([0, 2, 3, 0]);
    expect(activate("relu", Z, Z)).toBe(Z);
    expect([...Z.data]).toEqual([0, 2, 3, 0]);
  });
});

describe("activationBackward", () => {
  const dA = filled(2, 3, 1), Z = filled(2, 3, 0.5), A = filled(2, 3, 0.5);

  it("says the activation's name comes first when it does not", () => {
    expect(() => activationBackward(dA as never, Z, A, filled(2, 3, 0))).toThrow('activationBackward: the activation\'s name comes first, activationBackward("relu", dA, Z, A); got a Matrix of shape (2, 3)');
    expect(() => activate(Z as never, "relu" as never)).toThrow('activate: the activation\'s name comes first, activate("relu", Z); got a Matrix of shape (2, 3)');
  });

  it("names the argument that is not a Matrix: dA, Z or A", () => {
    expect(() => activationBackward("relu", notMatrix, Z, A)).toThrow("activationBackward: dA must be a Matrix, got number 5");
    expect(() => activationBackward("relu", dA, notMatrix, A)).toThrow("activationBackward: Z must be a Matrix, got number 5");
    expect(() => activationBackward("relu", dA, Z, notMatrix)).toThrow("activationBackward: A (g(Z), from the forward pass) must be a Matrix, got number 5");
  });

  it("names a Z or A of another shape than dA, in rows or in columns, and an out of another shape", () => {
    expect(() => activationBackward("relu", dA, filled(3, 3, 0), A)).toThrow("activationBackward: dA has shape (2, 3) but Z has (3, 3)");
    expect(() => activationBackward("relu", dA, filled(2, 2, 0), A)).toThrow("activationBackward: dA has shape (2, 3) but Z has (2, 2)");
    expect(() => activationBackward("relu", dA, Z, filled(1, 3, 0))).toThrow("activationBackward: dA has shape (2, 3) but A has (1, 3)");
    expect(() => activationBackward("relu", dA, Z, filled(2, 4, 0))).toThrow("activationBackward: dA has shape (2, 3) but A has (2, 4)");
    expect(() => activationBackward("relu", dA, Z, A, notMatrix)).toThrow("activationBackward: out must be a Matrix, got number 5");
    expect(() => activationBackward("relu", dA, Z, A, filled(2, 2, 0))).toThrow("activationBackward: out has shape (2, 2), the result (2, 3)");
  });

  it("writes into an out of the right shape and into dA itself: σ′ = A(1 − A) times dA", () => {
    const out = filled(2, 3, 9);
    expect(activationBackward("sigmoid", dA, Z, A, out)).toBe(out);
    expect([...out.data]).toEqual(Array(6).fill(0.25));
    const d = filled(2, 3, 2);
    expect(activationBackward("sigmoid", d, Z, A, d)).toBe(d);
    expect([...d.data]).toEqual(Array(6).fill(0.5));
  });
});

describe("the costs' argument checks", () => {
  it("oneHot names a Y that is not a Matrix", () => {
    expect(() => oneHot(notMatrix, 3)).toThrow("oneHot: Y must be a Matrix, got number 5");
    expect(() => softmaxCrossEntropyCost(filled(2, 3, 0.5), filled(1, 3, 0), true)).not.toThrow();
  });

  it("name AL and Y in each cost", () => {
    const Y = filled(1, 3, 1);
    expect(() => crossEntropyCost(notMatrix, Y)).toThrow("crossEntropyCost: AL must be a Matrix, got number 5");
    expect(() => crossEntropyCost(filled(1, 3, 0.5), notMatrix)).toThrow("crossEntropyCost: Y must be a Matrix, got number 5");
    expect(() => softmaxCrossEntropyCost(notMatrix, Y)).toThrow("softmaxCrossEntropyCost: AL must be a Matrix, got number 5");
    expect(() => softmaxCrossEntropyCost(filled(2, 3, 0.5), notMatrix)).toThrow("softmaxCrossEntropyCost: Y must be a Matrix, got number 5");
    expect(() => mseCost(notMatrix, Y)).toThrow("mseCost: AL must be a Matrix, got number 5");
    expect(() => mseCost(filled(1, 3, 0.5), notMatrix)).toThrow("mseCost: Y must be a Matrix, got number 5");
  });

  it("computeCost names a missing network, and a penalty (λ or λ₁) with no weights to penalize", () => {
    const AL = filled(1, 3, 0.5), Y = filled(1, 3, 1);
    expect(() => computeCost(5 as never, AL, Y)).toThrow("computeCost: net must be a network (or { cost, lambda, params }), got number");
    expect(() => computeCost(null as never, AL, Y)).toThrow("computeCost: net must be a network (or { cost, lambda, params }), got null");
    expect(() => computeCost(undefined as never, AL, Y)).toThrow("computeCost: net must be a network (or { cost, lambda, params }), got undefined");
    const noWeights = "needs the weights: pass params, or a network that has them";
    expect(() => computeCost({ cost: "binary", lambda: 0.1 } as never, AL, Y)).toThrow(`computeCost: the regularization term (lambda 0.1, l1 0) ${noWeights}`);
    expect(() => computeCost({ cost: "binary", l1: 0.2 } as never, AL, Y)).toThrow(`computeCost: the regularization term (lambda 0, l1 0.2) ${noWeights}`);
    expect(() => computeCost({ cost: "binary", lambda: 0.1 } as never, AL, Y, null as never)).toThrow(noWeights);
    // Without a penalty no weights are needed; with them, the network's own are the default.
    // (1/m)·Σ −log a, summed left to right as numpy does for m < 8
    const l = -Math.log(0.5), J = (1 / 3) * (l + l + l);
    expect(computeCost({ cost: "binary" } as never, AL, Y)).toBe(J);
    const W1 = matrix([[3, 4]]);
    const net = { cost: "binary" as const, lambda: 0.6, params: { W1 } };
    // J = −log 0.5 + λ/(2m)·‖W1‖² = 0.693… + 0.6/6·25
    expect(computeCost(net, AL, Y)).toBeCloseTo(J + 2.5, 14);
    expect(computeCost(net, AL, Y, { W1: matrix([[0, 0]]) })).toBe(J);
  });

  it("with labelsChecked (the training loop checked its labels once) skip the per-call checks, and only those", () => {
    const AL = filled(1, 2, 0.5);
    // A label of 0.5 is refused, unless the caller says the labels were checked.
    const Yhalf = filled(1, 2, 0.5);
    expect(() => crossEntropyCost(AL, Yhalf)).toThrow(/crossEntropyCost/);
    expect(crossEntropyCost(AL, Yhalf, true)).toBe(-Math.log(0.5));
    // Y is still read as labels either way: the same value for good labels.
    const Y = matrix([[1, 0]]);
    expect(crossEntropyCost(AL, Y, true)).toBe(crossEntropyCost(AL, Y));
    expect(() => computeCost(5 as never, AL, Y)).toThrow(/computeCost: net must be a network/);
    // softmax: one-hot labels of the right height are taken as they are; class indices still become one-hot.
    const A2 = matrix([[0.25, 0.5], [0.75, 0.5]]);
    const oneHotY = matrix([[0, 1], [1, 0]]);
    const expected = -(Math.log(0.75) + Math.log(0.5)) / 2;
    expect(softmaxCrossEntropyCost(A2, oneHotY, true)).toBe(expected);
    expect(softmaxCrossEntropyCost(A2, matrix([[1, 0]]), true)).toBe(expected);
    expect(softmaxCrossEntropyCost(A2, matrix([[1, 0]]))).toBe(expected);
    // Without the shortcut a C x m matrix that is not one-hot is refused; with it, taken as given.
    const notOneHot = matrix([[0.5, 1], [0.5, 0]]);
    expect(() => softmaxCrossEntropyCost(A2, notOneHot)).toThrow(/softmaxCrossEntropyCost/);
    expect(Number.isFinite(softmaxCrossEntropyCost(A2, notOneHot, true))).toBe(true);
  });
});
