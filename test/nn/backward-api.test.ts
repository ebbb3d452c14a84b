// backward()'s inputs and options: the training loop's reused (stale) buffers, non-canonical
// output/cost pairs, the recorded intermediates and the errors (issue 20, mutation-tested).
import { describe, expect, it } from "vitest";
import {
  activate, backward, backwardDictionary, cachesFromDictionary, courseGradNames, createNetwork, forward, lossAndGradients,
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

describe("backward's caches", () => {
  it("caches left out (or not an array) are named, not a TypeError from inside the pass", () => {
    // A learner calling backwardDictionary(net, AL, Y) without the caches used to get
    // "Cannot read properties of undefined (reading 'length')".
    const net = createNetwork([3, 2, 1], { seed: 1 });
    const X = matrix([[1, 2], [0, 1], [2, -1]]), Y = matrix([[1, 0]]);
    const { AL, caches } = forward(net, X);
    const missing = /backwardDictionary: caches must be the layer caches of forward\(net, X\), an array of 2 .*got nothing/;
    expect(() => (backwardDictionary as (...a: unknown[]) => unknown)(net, AL, Y)).toThrow(missing);
    expect(() => (backward as (...a: unknown[]) => unknown)(net, AL, Y, { caches })).toThrow(/backward: caches must be .* got an object \(not an array\)/);
    expect(() => backwardDictionary(net, AL, Y, caches.slice(0, 1))).toThrow(/backwardDictionary: expected 2 layer caches, got 1/);
    expect(Object.keys(backwardDictionary(net, AL, Y, caches))).toEqual(["dZ2", "dW2", "db2", "dA1", "dZ1", "dW1", "db1"]);
    // Caches of another mini-batch: a finite but wrong gradient (or NaN) before this check.
    const other = forward(net, matrix([[1, 2, 3], [0, 1, 0], [2, -1, 1]]));
    expect(() => backward(net, AL, Y, other.caches)).toThrow("backward: the caches are for 3 examples but AL has 2; pass the caches forward returned with this AL");
    // A hidden layer's Z of the wrong shape (hand-made caches): relu′ read from it by index gave wrong gradients silently.
    const wide = createNetwork([3, 20, 30, 1], { seed: 1 });
    const Xw = matrix(Array.from({ length: 3 }, (_, i) => Array.from({ length: 9 }, (_, j) => Math.sin(i * 9 + j))));
    const fw = forward(wide, Xw);
    const bad = fw.caches.slice();
    bad[1] = { ...fw.caches[1]!, Z: matrix(Array.from({ length: 29 }, () => Array.from({ length: 9 }, () => 1))) };
    expect(() => backward(wide, fw.AL, matrix([[1, 0, 1, 0, 1, 0, 1, 0, 1]]), bad)).toThrow("backward: the cache of layer 2 has Z2 of shape (29, 9), expected (30, 9) (n[2] x m); pass the caches forward returned for this network and X");
    // Off in its columns only.
    bad[1] = { ...fw.caches[1]!, Z: matrix(Array.from({ length: 30 }, () => Array.from({ length: 8 }, () => 1))) };
    expect(() => backward(wide, fw.AL, matrix([[1, 0, 1, 0, 1, 0, 1, 0, 1]]), bad)).toThrow("backward: the cache of layer 2 has Z2 of shape (30, 8), expected (30, 9)");
    // The output layer's too: a sigmoid scored by mse reads σ′(Z[L]) from it.
    const mse = createNetwork([3, 4, 2], { seed: 1, output: "sigmoid", cost: "mse" });
    const fm = forward(mse, Xw), badL = fm.caches.slice();
    badL[1] = { ...fm.caches[1]!, Z: matrix([Array.from({ length: 9 }, () => 1)]) };
    expect(() => backward(mse, fm.AL, matrix([Array(9).fill(0.5), Array(9).fill(0.5)]), badL)).toThrow("backward: the cache of layer 2 has Z2 of shape (1, 9), expected (2, 9)");
  });

  it("softmax labels: one-hot or class indices give the same gradients, checked or (labelsChecked) not; a C x m Y that is not one-hot is refused", () => {
    const net = createNetwork([3, 4, 3], { seed: 2, output: "softmax" });
    const X = matrix([[1, 2, -1, 0], [0, 1, 2, -2], [2, -1, 1, 1]]);
    const { AL, caches } = forward(net, X);
    const idx = matrix([[0, 2, 1, 2]]), oneHotY = matrix([[1, 0, 0, 0], [0, 0, 1, 0], [0, 1, 0, 1]]);
    const ref = backward(net, AL, oneHotY, caches);
    for (const [Y, checked] of [[oneHotY, true], [idx, true], [idx, false]] as const) same(backward(net, AL, Y, caches, net.params, checked), ref);
    expect(() => backward(net, AL, matrix([[0.5, 0, 0, 0], [0.5, 0, 1, 0], [0, 1, 0, 1]]), caches)).toThrow(/backward/);
  });

  it("says what it got for caches, and names an AL or Y that is not a Matrix", () => {
    const net = createNetwork([3, 2, 1], { seed: 1 });
    const X = matrix([[1, 2], [0, 1], [2, -1]]), Y = matrix([[1, 0]]);
    const { AL, caches } = forward(net, X);
    const expected = "backward: caches must be the layer caches of forward(net, X), an array of 2 (const { AL, caches } = forward(net, X)), got ";
    for (const [c, got] of [[undefined, "nothing"], [null, "null"], [5, "a number"], ["x", "a string"]] as const) {
      expect(() => backward(net, AL, Y, c as never)).toThrow(expected + got);
    }
    expect(() => backward(net, 5 as never, Y, caches)).toThrow("backward: AL must be a Matrix, got number 5");
    expect(() => backward(net, AL, 5 as never, caches)).toThrow("backward: Y must be a Matrix, got number 5");
    expect(() => backwardDictionary(net, 5 as never, Y, caches)).toThrow("backwardDictionary: AL must be a Matrix, got number 5");
    expect(() => courseGradNames(5 as never)).toThrow("courseGradNames: grads must be an object of named matrices like { W1, b1 }, got number 5");
    expect(() => cachesFromDictionary(5 as never, {})).toThrow("cachesFromDictionary: X must be a Matrix, got number 5");
    expect(() => cachesFromDictionary(X, 5 as never)).toThrow("cachesFromDictionary: cache must be an object of named matrices like the course's { Z1, A1, Z2, A2, … }, got number 5");
  });

  it("lossAndGradients' options are checked: lambda there would have changed nothing", () => {
    const net = createNetwork([3, 2, 1], { seed: 1 });
    const X = matrix([[1, 2], [0, 1], [2, -1]]), Y = matrix([[1, 0]]);
    expect(() => lossAndGradients(net, X, Y, { lambda: 0.7 } as never)).toThrow('lossAndGradients: unknown option "lambda"; the options are params, training, updateRunning, rng, workspace, labelsChecked, checked');
    expect(() => lossAndGradients(net, X, Y, { labelsChecked: 1 } as never)).toThrow("lossAndGradients: labelsChecked must be true or false, got number 1");
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

describe("lossAndGradients' options and backward's labels (mutation-tested)", () => {
  it("binary cost on a linear output goes through g′ = 1: dZ = −(y/a − (1−y)/(1−a))", () => {
    const net = createNetwork([2, 1], { output: "linear", cost: "binary", params: { W1: matrix([[0.1, -0.2]]), b1: matrix([[0.5]]) } });
    const X = matrix([[1, 2], [0, 1]]), Y = matrix([[1, 0]]);
    const { AL, caches } = forward(net, X, { training: true });
    const a = Array.from(AL.data);
    expect(a[0]).toBeCloseTo(0.6, 15); // hand-worked: 0.1·1 + 0.5, 0.1·2 − 0.2·1 + 0.5
    expect(a[1]).toBeCloseTo(0.5, 15);
    const dz = [-(1 / a[0]!), 1 / (1 - a[1]!)]; // y = 1, then y = 0; A − Y would give −0.4 and 0.5
    const dZ1 = backwardDictionary(net, AL, Y, caches).dZ1!;
    expect(dZ1.data[0]).toBeCloseTo(dz[0]!, 14);
    expect(dZ1.data[1]).toBeCloseTo(dz[1]!, 14);
  });

  it("a softmax network's bad label is named by backward", () => {
    const net = createNetwork([2, 3], { output: "softmax", cost: "softmax" });
    const X = matrix([[1, 2], [0, 1]]);
    const { AL, caches } = forward(net, X, { training: true });
    expect(() => backward(net, AL, matrix([[0, 3]]), caches)).toThrow(/^backward: /);
  });

  it("backwardDictionary checks binary labels (it is not told they were checked)", () => {
    const net = createNetwork([2, 1]);
    const X = matrix([[1, 2], [0, 1]]);
    const { AL, caches } = forward(net, X, { training: true });
    expect(() => backwardDictionary(net, AL, matrix([[1, 2]]), caches)).toThrow(/backward: labels must be 0 or 1/);
  });

  it("params replaces net.params; labelsChecked skips the label check", () => {
    const net = createNetwork([2, 3, 1], { seed: 1 });
    const other = createNetwork([2, 3, 1], { seed: 2 });
    const X = seed(3).randn(2, 4), Y = matrix([[1, 0, 1, 1]]);
    const viaOpts = lossAndGradients(net, X, Y, { params: other.params });
    const direct = lossAndGradients(other, X, Y);
    expect(viaOpts.cost).toBe(direct.cost);
    same(viaOpts.grads, direct.grads);
    // labelsChecked: the training loop validated Y once, so the per-batch check is skipped (labels of 2
    // would throw otherwise); with valid labels the numbers are the same.
    const bad = matrix([[1, 2, 1, 1]]);
    expect(() => lossAndGradients(net, X, bad)).toThrow(/labels must be 0 or 1/);
    expect(() => lossAndGradients(net, X, bad, { labelsChecked: true })).not.toThrow();
    const trusted = lossAndGradients(net, X, Y, { labelsChecked: true }), plain = lossAndGradients(net, X, Y);
    expect(trusted.cost).toBe(plain.cost);
    same(trusted.grads, plain.grads);
  });

  it("Y must be a Matrix; checked: true (the training loop validated X once) does not scan X again", () => {
    const net = createNetwork([2, 3, 1], { seed: 1 });
    const X = seed(3).randn(2, 4);
    expect(() => lossAndGradients(net, X, [[1, 0, 1, 1]] as never)).toThrow(/^lossAndGradients: Y must be a Matrix, got/);
    // One sigmoid layer, so a NaN in X reaches the cost (σ(NaN) = NaN).
    const single = createNetwork([2, 1], { seed: 1 }), nanX = X.clone();
    nanX.data[0] = NaN;
    expect(() => lossAndGradients(single, nanX, matrix([[1, 0, 1, 1]]))).toThrow(/NaN/);
    // Trusted input is not checked again: the NaN reaches the cost instead of an error.
    expect(lossAndGradients(single, nanX, matrix([[1, 0, 1, 1]]), { checked: true }).cost).toBeNaN();
  });

  it("updateRunning: false leaves batch norm's running averages alone; the default (training) updates them", () => {
    const net = createNetwork([2, 3, 1], { seed: 1, batchNorm: true });
    const X = seed(3).randn(2, 4), Y = matrix([[1, 0, 1, 1]]);
    const before = Array.from(net.running.mu1!.data);
    lossAndGradients(net, X, Y, { updateRunning: false });
    expect(Array.from(net.running.mu1!.data)).toEqual(before);
    lossAndGradients(net, X, Y);
    expect(Array.from(net.running.mu1!.data)).not.toEqual(before);
  });
});

describe("cachesFromDictionary reads only Z1 … ZL and names every mismatch (mutation-tested)", () => {
  const one = (cols: number) => new Matrix(1, cols, new Float64Array(cols).fill(0.5));
  it("counts the layers from keys Z<digits> only; ten layers are ten", () => {
    const X = one(2);
    const cache: Record<string, Matrix> = { Z1: one(2), A1: one(2), dZ1: one(2), Z1_old: one(2) };
    expect(cachesFromDictionary(X, cache)).toHaveLength(1);
    const ten: Record<string, Matrix> = {};
    for (let l = 1; l <= 10; l++) { ten[`Z${l}`] = one(2); ten[`A${l}`] = one(2); }
    const c = cachesFromDictionary(X, ten);
    expect(c).toHaveLength(10);
    expect(c[9]!.Aprev).toBe(ten.A9);
  });
  it("messages", () => {
    const X = one(2);
    expect(() => cachesFromDictionary(X, {})).toThrow("cachesFromDictionary: the cache has no Z1 (keys: none)");
    expect(() => cachesFromDictionary(X, { A1: one(2), D1: one(2) })).toThrow("cachesFromDictionary: the cache has no Z1 (keys: A1, D1)");
    expect(() => cachesFromDictionary(X, { Z1: one(2), Z2: one(2), A2: one(2) })).toThrow("cachesFromDictionary: layer 1 needs Z1 and A1 (keys: Z1, Z2, A2)");
    expect(() => cachesFromDictionary(X, { Z1: one(2), A1: new Matrix(2, 2) })).toThrow("cachesFromDictionary: Z1 has shape (1, 2) but A1 has (2, 2)");
    expect(() => cachesFromDictionary(X, { Z1: one(2), A1: one(3) })).toThrow("cachesFromDictionary: Z1 has shape (1, 2) but A1 has (1, 3)");
    expect(() => cachesFromDictionary(X, { Z1: one(2), A1: one(2), Z2: one(3), A2: one(3) })).toThrow("cachesFromDictionary: Z2 has 3 examples but A1 has 2");
    expect(() => cachesFromDictionary(X, { Z1: one(3), A1: one(3) })).toThrow("cachesFromDictionary: Z1 has 3 examples but A0 has 2");
    expect(() => cachesFromDictionary(X, { Z1: one(2), A1: one(2), D1: new Matrix(2, 2) })).toThrow("cachesFromDictionary: D1 has shape (2, 2) but A1 has (1, 2)");
    expect(() => cachesFromDictionary(X, { Z1: one(2), A1: one(2), D1: one(3) })).toThrow("cachesFromDictionary: D1 has shape (1, 3) but A1 has (1, 2)");
    const D = matrix([[1, 0]]);
    expect(cachesFromDictionary(X, { Z1: one(2), A1: one(2), D1: D })[0]!.D).toBe(D);
    expect(cachesFromDictionary(X, { Z1: one(2), A1: one(2), Z2: one(2) }, 1)).toHaveLength(1);
  });
});
