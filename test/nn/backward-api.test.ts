// backward()'s inputs and options: the training loop's reused (stale) buffers, non-canonical
// output/cost pairs, the recorded intermediates and the errors (issue 20, mutation-tested).
import { describe, expect, it } from "vitest";
import {
  activate, backward, backwardDictionary, courseGradNames, createNetwork, forward, lossAndGradients,
  type NetworkOptions,
} from "../../src/nn";
import { Workspace } from "../../src/nn/workspace";
import { seed } from "../../src/random/random";
import { Matrix, matrix } from "../../src/tensor/matrix";

const M = 9;
const labels = new Matrix(1, M, Float64Array.from({ length: M }, (_, j) => (j % 3 === 0 ? 1 : 0)));

function same(a: Record<string, Matrix>, b: Record<string, Matrix>): void {
  expect(Object.keys(a).sort()).toEqual(Object.keys(b).sort());
  for (const k of Object.keys(b)) expect(Array.from(a[k]!.data), k).toEqual(Array.from(b[k]!.data));
}

describe("a reused workspace (stale buffers) gives the same gradients as fresh ones", () => {
  const cases: [number[], NetworkOptions][] = [
    [[4, 17, 1], {}], [[4, 16, 16, 1], { hidden: "tanh" }], [[4, 17, 17, 1], { keepProb: 0.8 }],
    [[20, 30, 16, 1], { hidden: "sigmoid" }], [[10, 30, 17, 1], { lambda: 0.3 }], [[4, 17, 17, 1], { batchNorm: true }],
  ];
  for (const [dims, opts] of cases) {
    it(`${JSON.stringify(dims)} ${JSON.stringify(opts)}`, () => {
      const net = createNetwork(dims, { seed: 3, ...opts });
      const ws = new Workspace();
      // Fill the buffers with another batch's numbers first.
      lossAndGradients(net, seed(8).randn(dims[0]!, M), labels, { workspace: ws, rng: seed(1), updateRunning: false });
      const X = seed(9).randn(dims[0]!, M);
      const fresh = lossAndGradients(net, X, labels, { rng: seed(2), updateRunning: false });
      const reused = lossAndGradients(net, X, labels, { workspace: ws, rng: seed(2), updateRunning: false });
      expect(reused.cost).toBe(fresh.cost);
      same(reused.grads, fresh.grads);
    });
  }
});

describe("non-canonical output and cost pairs go through g′", () => {
  it("sigmoid output scored by mse: dZ = (a − y) σ′(z)", () => {
    const net = createNetwork([2, 1], { output: "sigmoid", cost: "mse", params: { W1: matrix([[0.5, -1]]), b1: matrix([[0.25]]) } });
    const X = matrix([[1, 2], [0, 1]]), Y = matrix([[1, 0]]);
    const { grads, AL } = lossAndGradients(net, X, Y);
    const a = Array.from(AL.data), dz = a.map((v, j) => (v - Y.data[j]!) * v * (1 - v));
    expect(grads.b1!.data[0]).toBeCloseTo((dz[0]! + dz[1]!) / 2, 15);
    expect(grads.W1!.data[0]).toBeCloseTo((dz[0]! * 1 + dz[1]! * 2) / 2, 15);
    expect(grads.W1!.data[1]).toBeCloseTo((dz[1]! * 1) / 2, 15);
  });

  it("the softmax cost needs a softmax output (A − Y is its gradient only through softmax)", () => {
    // Before this check, a sigmoid output scored by the softmax cost trained on A − Y: a gradient check
    // of [2, 3, 3] gave a difference of 0.77.
    expect(() => createNetwork([2, 3], { output: "sigmoid", cost: "softmax" })).toThrow(
      'createNetwork: the softmax cost (categorical cross-entropy) needs a softmax output layer, got output "sigmoid"');
    const net = createNetwork([2, 3], { output: "sigmoid", cost: "mse" });
    const X = matrix([[1, 2], [0, 1]]);
    const { AL, caches } = forward(net, X, { training: true });
    const handMade = { ...net, cost: "softmax" as const };
    expect(() => backward(handMade, AL, matrix([[0, 2]]), caches)).toThrow('backward: the "softmax" cost needs a softmax output, got "sigmoid"');
  });

  it("a softmax output needs the softmax cost; mse checks Y's shape; binary checks labels unless told they were", () => {
    const net = createNetwork([2, 3], { output: "softmax", cost: "mse" });
    const X = matrix([[1, 2], [0, 1]]);
    const { AL, caches } = forward(net, X, { training: true });
    expect(() => backward(net, AL, matrix([[1, 0], [0, 1], [0, 0]]), caches)).toThrow(/backward: a softmax output needs the "softmax" cost, got "mse"/);
    const lin = createNetwork([2, 2], { output: "linear", cost: "mse" });
    const f = forward(lin, X, { training: true });
    expect(() => backward(lin, f.AL, matrix([[1, 0]]), f.caches)).toThrow(/backward: Y has shape \(1, 2\), AL has \(2, 2\)/);
    expect(() => backward(lin, f.AL, matrix([[1], [0]]), f.caches)).toThrow(/backward: Y has shape \(2, 1\), AL has \(2, 2\)/);
    const bin = createNetwork([2, 1]);
    const g = forward(bin, X, { training: true });
    expect(() => backward(bin, g.AL, matrix([[1, 2]]), g.caches)).toThrow(/backward: labels must be 0 or 1/);
    expect(() => backward(bin, g.AL, matrix([[1, 2]]), g.caches, bin.params, true)).not.toThrow();
    expect(() => backward(bin, g.AL, matrix([[1, 0]]), g.caches.slice(1))).toThrow(/backward: expected 1 layer caches, got 0/);
    expect(() => lossAndGradients(bin, X, matrix([[1, 0, 1]]))).toThrow(/X has 2 examples but Y has 3|lossAndGradients/);
  });
});

describe("backwardDictionary records dZ and dA in the course's order and names", () => {
  it("three layers with dropout: {dZ3, dW3, db3, dA2, dZ2, …, db1}, dA masked and scaled", () => {
    const net = createNetwork([3, 4, 2, 1], { seed: 3, keepProb: [0.5, 0.5] });
    const X = seed(4).randn(3, 5), Y = matrix([[1, 0, 1, 0, 0]]);
    const { AL, caches } = forward(net, X, { training: true, rng: seed(6) });
    const d = backwardDictionary(net, AL, Y, caches);
    expect(Object.keys(d)).toEqual(["dZ3", "dW3", "db3", "dA2", "dZ2", "dW2", "db2", "dA1", "dZ1", "dW1", "db1"]);
    // dA2 = W3ᵀ dZ3 ∗ D2 / 0.5, entry by entry.
    const W3 = net.params.W3!, dZ3 = d.dZ3!, D2 = caches[1]!.D!;
    for (let t = 0; t < 2; t++) for (let j = 0; j < 5; j++) {
      const want = D2.data[t * 5 + j] ? (W3.data[t]! * dZ3.data[j]!) / 0.5 : 0;
      expect(d.dA2!.data[t * 5 + j]).toBeCloseTo(want, 15);
    }
    // The gradients equal backward's, which does not record.
    const g = backward(net, AL, Y, caches);
    for (const k of ["W1", "b1", "W2", "b2", "W3", "b3"]) expect(Array.from(d[`d${k}`]!.data)).toEqual(Array.from(g[k]!.data));
    expect(Object.keys(courseGradNames(g)).sort()).toEqual(["dW1", "dW2", "dW3", "db1", "db2", "db3"]);
  });

  it("with batch norm: dgamma and dbeta, no db for those layers", () => {
    const net = createNetwork([3, 4, 1], { seed: 3, batchNorm: true });
    const X = seed(4).randn(3, 5), Y = matrix([[1, 0, 1, 0, 0]]);
    const { AL, caches } = forward(net, X, { training: true, updateRunning: false });
    expect(Object.keys(backwardDictionary(net, AL, Y, caches))).toEqual(["dZ2", "dW2", "db2", "dA1", "dZ1", "dW1", "dgamma1", "dbeta1"]);
  });

  it("a softmax layer is never treated as hidden: its dZ is recorded, and the output's dZ = A − Y", () => {
    const net = createNetwork([2, 3], { output: "softmax", cost: "softmax" });
    const X = matrix([[1, 2], [0, 1]]);
    const { AL, caches } = forward(net, X, { training: true });
    const d = backwardDictionary(net, AL, matrix([[2, 0]]), caches);
    const A = activate("softmax", caches[0]!.Z);
    expect(Array.from(d.dZ1!.data)).toEqual([A.data[0]!, A.data[1]! - 1, A.data[2]!, A.data[3]!, A.data[4]! - 1, A.data[5]!]);
  });
});
