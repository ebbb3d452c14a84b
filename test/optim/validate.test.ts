// The checks every optimizer runs before it writes anything (src/optim/validate.ts), called
// directly: where the first NaN or ±∞ is found, what each message names, and which schedule
// counter a learning rate reads. The optimizers' own tests reach these through one optimizer at a
// time; here each branch is pinned on its own.
import { afterEach, describe, expect, it } from "vitest";
import { Matrix, matrix } from "../../src/tensor/matrix";
import { allocF64 } from "../../src/tensor/alloc";
import { setThreads } from "../../src/tensor/parallel";
import {
  checkFiniteMatrix, checkFiniteParameters, checkGrads, checkParams, checkSlot, firstNonFinite,
  learningRateAt, trustParams, zerosLikeParams,
} from "../../src/optim/validate";
import type { Schedule } from "../../src/optim/schedules";

afterEach(() => setThreads(undefined));

const schedule = (per: "epoch" | "step", f: (i: number) => number): Schedule => Object.assign(f, { per, label: `f(${per})` });

describe("firstNonFinite", () => {
  it("finds a NaN, +∞ or −∞ at every position of short arrays (the unrolled lanes and the tail)", () => {
    for (let n = 1; n <= 11; n++) {
      expect(firstNonFinite(new Float64Array(n).fill(1e308)), `n = ${n}`).toBe(-1);
      for (let k = 0; k < n; k++) {
        for (const bad of [NaN, Infinity, -Infinity]) {
          const a = new Float64Array(n).fill(-2.5);
          a[k] = bad;
          expect(firstNonFinite(a), `n = ${n}, k = ${k}, ${bad}`).toBe(k);
        }
      }
    }
    expect(firstNonFinite(new Float64Array(0))).toBe(-1);
  });

  it("returns the first of several, across 8192-entry blocks", () => {
    const a = new Float64Array(2 * 8192 + 5);
    a[2 * 8192 + 3] = NaN;
    expect(firstNonFinite(a)).toBe(2 * 8192 + 3);
    a[8192 + 1] = -Infinity;
    expect(firstNonFinite(a)).toBe(8192 + 1);
    a[8191] = Infinity;
    expect(firstNonFinite(a)).toBe(8191);
  });

  // Under mutation testing the workers would run the instrumented kernel's source, which refers to
  // Stryker's globals (test/optim/parallel.test.ts is left out of it for the same reason).
  it.skipIf(Boolean(process.env.MUTATION_MODULE))("gives the same answer for a large shared array split across threads", () => {
    setThreads(2);
    const n = 3 * 8192 * 8 + 7;
    const a = allocF64(n);
    expect(a.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(firstNonFinite(a)).toBe(-1);
    a[n - 1] = NaN;
    expect(firstNonFinite(a)).toBe(n - 1);
    a[5 * 8192 + 2] = Infinity;
    expect(firstNonFinite(a)).toBe(5 * 8192 + 2);
  });
});

describe("the messages name the matrix, the entry and the value", () => {
  it("checkFiniteMatrix gives [row, column] of a 2 x 3 matrix", () => {
    expect(() => checkFiniteMatrix("adam.update", "gradient \"W1\"", matrix([[1, 2, 3], [4, NaN, 6]])))
      .toThrow('adam.update: gradient "W1" has NaN at [1, 1]');
    expect(() => checkFiniteMatrix("adam.update", "X", matrix([[1, 2, -Infinity], [4, 5, 6]])))
      .toThrow("adam.update: X has -Infinity at [0, 2]");
    expect(() => checkFiniteMatrix("adam.update", "X", matrix([[1, 2, 3], [4, 5, 6]]))).not.toThrow();
  });

  it("checkFiniteParameters names the parameter and its entry, skips non-matrices and trusted contexts", () => {
    const params = { W1: matrix([[1, 2], [3, 4], [5, Infinity]]), note: "not a matrix" } as never;
    expect(() => checkFiniteParameters("sgd.update", params)).toThrow(/^sgd\.update: parameter "W1" has Infinity at \[2, 1\]; parameters must be finite/);
    expect(() => checkFiniteParameters("sgd.update", params, {})).toThrow(/parameter "W1" has Infinity at \[2, 1\]/);
    expect(() => checkFiniteParameters("sgd.update", params, trustParams({}))).not.toThrow();
    expect(() => checkFiniteParameters("sgd.update", { b: matrix([[0], [1]]) })).not.toThrow();
  });
});

describe("checkGrads", () => {
  const params = { W1: new Matrix(2, 3), b1: new Matrix(2, 1) };
  it("returns the names in the reference's order", () => {
    expect(checkGrads("m", { b1: new Matrix(2, 1), W1: new Matrix(2, 3) }, params)).toEqual(["W1", "b1"]);
    expect(checkGrads("m", { b1: new Matrix(2, 1), W1: new Matrix(2, 3) }, undefined)).toEqual(["b1", "W1"]);
  });
  it("refuses what is not an object of matrices", () => {
    expect(() => checkGrads("m", null as never, params)).toThrow("m: grads must be an object of named matrices like { W1, b1 }, got null");
    expect(() => checkGrads("m", 3 as never, params)).toThrow("got number 3");
    expect(() => checkGrads("m", { W1: null, b1: new Matrix(2, 1) } as never, params)).toThrow('m: gradient "W1" must be a Matrix, got null');
    expect(() => checkGrads("m", { W1: [1], b1: new Matrix(2, 1) } as never, params)).toThrow('m: gradient "W1" must be a Matrix, got a plain array [1]');
    expect(() => checkGrads("m", { W1: new Matrix(2, 3) }, { W1: null } as never)).toThrow('m: parameter "W1" must be a Matrix, got null');
    expect(() => checkGrads("m", { W1: new Matrix(2, 3) }, { W1: 5 } as never, "moment")).toThrow('m: moment "W1" must be a Matrix, got number 5');
  });
  it("names a missing or extra gradient, with the course's dW1 spelling as a hint", () => {
    expect(() => checkGrads("m", { dW1: new Matrix(2, 3), b1: new Matrix(2, 1) }, params))
      .toThrow('m: no gradient for parameter "W1" (gradients given: dW1, b1) (gradients are named like the parameters: "W1", not "dW1")');
    expect(() => checkGrads("m", {}, params)).toThrow('m: no gradient for parameter "W1" (gradients given: none)');
    expect(() => checkGrads("m", { W1: new Matrix(2, 3), b1: new Matrix(2, 1), db1: new Matrix(2, 1) }, params))
      .toThrow('m: gradient "db1" has no matching parameter (parameters: W1, b1) (gradients are named like the parameters: "b1", not "db1")');
    const extra = () => checkGrads("m", { W1: new Matrix(2, 3), b1: new Matrix(2, 1), W2: new Matrix(1, 1) }, params, "moment");
    expect(extra).toThrow(/^m: gradient "W2" has no matching moment \(moments: W1, b1\)$/);
    // Only a "d" prefix is a hint: "xb1" is not the course's spelling of b1's gradient.
    expect(() => checkGrads("m", { W1: new Matrix(2, 3), b1: new Matrix(2, 1), xb1: new Matrix(2, 1) }, params)).toThrow(/^m: gradient "xb1" has no matching parameter \(parameters: W1, b1\)$/);
    // "d" alone, or a d-name whose rest is not a parameter, gets no hint.
    expect(() => checkGrads("m", { W1: new Matrix(2, 3), b1: new Matrix(2, 1), dX: new Matrix(1, 1) }, params)).toThrow(/has no matching parameter \(parameters: W1, b1\)$/);
    expect(() => checkGrads("m", { W1: new Matrix(2, 3), b1: new Matrix(2, 1), d: new Matrix(1, 1) }, { ...params, "": new Matrix(1, 1) } as never)).toThrow(/no gradient for parameter ""/);
  });
  it("compares rows and columns separately", () => {
    expect(() => checkGrads("m", { W1: new Matrix(3, 3), b1: new Matrix(2, 1) }, params)).toThrow('m: gradient "W1" has shape (3, 3) but parameter "W1" has shape (2, 3)');
    expect(() => checkGrads("m", { W1: new Matrix(2, 2), b1: new Matrix(2, 1) }, params)).toThrow('m: gradient "W1" has shape (2, 2) but parameter "W1" has shape (2, 3)');
  });
  it("checks every gradient's entries, the last one too", () => {
    expect(() => checkGrads("m", { W1: new Matrix(2, 3), b1: matrix([[0], [NaN]]) }, params)).toThrow('m: gradient "b1" has NaN at [1, 0]');
  });
});

describe("checkSlot, checkParams, zerosLikeParams", () => {
  const grads = { W1: new Matrix(2, 3) };
  it("checkSlot names the missing moment set, a missing matrix and a shape that differs in rows or columns", () => {
    expect(() => checkSlot("adam.update", "v", undefined, grads, ["W1"])).toThrow("adam.update: state.v is missing (was the state made by this optimizer's init?)");
    expect(() => checkSlot("adam.update", "v", null, grads, ["W1"])).toThrow("state.v is missing");
    expect(() => checkSlot("adam.update", "v", {}, grads, ["W1"])).toThrow('adam.update: state.v has no matrix for "W1"');
    expect(() => checkSlot("adam.update", "s", { W1: new Matrix(1, 3) }, grads, ["W1"])).toThrow('adam.update: state.s.W1 has shape (1, 3) but gradient "W1" has shape (2, 3)');
    expect(() => checkSlot("adam.update", "s", { W1: new Matrix(2, 1) }, grads, ["W1"])).toThrow("state.s.W1 has shape (2, 1)");
    const v = { W1: new Matrix(2, 3) };
    expect(checkSlot("adam.update", "v", v, grads, ["W1"])).toBe(v);
  });
  it("checkParams wants an object of matrices and returns its names", () => {
    expect(() => checkParams("sgd.init", null as never)).toThrow("sgd.init: params must be an object of named matrices like { W1, b1 }, got null");
    expect(() => checkParams("sgd.init", { W1: 2 } as never)).toThrow('sgd.init: parameter "W1" must be a Matrix, got number');
    expect(checkParams("sgd.init", { W1: new Matrix(1, 1), b1: new Matrix(1, 1) })).toEqual(["W1", "b1"]);
  });
  it("zerosLikeParams copies each shape, filled with 0 or the given value", () => {
    const z = zerosLikeParams({ W1: matrix([[1, 2, 3]]), b1: matrix([[4], [5]]) });
    expect(Object.keys(z)).toEqual(["W1", "b1"]);
    expect([z.W1!.rows, z.W1!.cols, z.b1!.rows, z.b1!.cols]).toEqual([1, 3, 2, 1]);
    expect(Array.from(z.W1!.data)).toEqual([0, 0, 0]);
    expect(Array.from(zerosLikeParams({ b1: matrix([[4], [5]]) }, 0.1).b1!.data)).toEqual([0.1, 0.1]);
  });
});

describe("learningRateAt", () => {
  it("reads a per-epoch schedule at ctx.epoch and a per-step one at the update count", () => {
    expect(learningRateAt("m", 0.5, 7)).toBe(0.5);
    expect(learningRateAt("m", schedule("epoch", (i) => 1 / (1 + i)), 7, { epoch: 3 })).toBe(0.25);
    expect(learningRateAt("m", schedule("step", (i) => 1 / (1 + i)), 7, { epoch: 3 })).toBe(0.125);
    expect(learningRateAt("m", schedule("epoch", () => 0), 0, { epoch: 0 })).toBe(0);
  });
  it("names a missing or bad epoch and a rate that is not a finite number ≥ 0", () => {
    const perEpoch = schedule("epoch", () => 0.1);
    expect(() => learningRateAt("adam.update", perEpoch, 0)).toThrow("adam.update: the learning-rate schedule f(epoch) needs the epoch: call update(grads, state, params, { epoch })");
    expect(() => learningRateAt("adam.update", perEpoch, 0, {})).toThrow("needs the epoch");
    expect(() => learningRateAt("adam.update", perEpoch, 0, { epoch: -1 })).toThrow(/ctx\.epoch/);
    expect(() => learningRateAt("adam.update", perEpoch, 0, { epoch: 1.5 })).toThrow(/ctx\.epoch/);
    for (const [v, shown] of [[-0.001, "-0.001"], [NaN, "NaN"], [Infinity, "Infinity"]] as const) {
      expect(() => learningRateAt("adam.update", schedule("step", () => v), 4)).toThrow(`adam.update: learning rate from f(step) at step 4 must be a finite number >= 0, got ${shown}`);
    }
    expect(() => learningRateAt("adam.update", schedule("step", () => "0.1" as never), 4)).toThrow("got 0.1");
  });
});

describe("the edges the first mutation runs left open", () => {
  it("checkFiniteParameters reports a non-finite first entry ([0, 0]) and passes over a non-matrix before a finite one", () => {
    expect(() => checkFiniteParameters("sgd.update", { W1: matrix([[NaN, 1], [2, 3]]) })).toThrow('sgd.update: parameter "W1" has NaN at [0, 0]');
    expect(() => checkFiniteParameters("sgd.update", { note: "not a matrix", W1: matrix([[1, 2]]) } as never)).not.toThrow();
  });
  it("checkParams refuses a number, not only null", () => {
    expect(() => checkParams("sgd.init", 3 as never)).toThrow("sgd.init: params must be an object of named matrices like { W1, b1 }, got number 3");
    // One Matrix read as names "rows", "cols", "data": the message named a parameter "rows".
    expect(() => checkParams("adam.init", matrix([[1, 2]]) as never)).toThrow("adam.init: params must be an object of named matrices like { W1, b1 } (for one matrix, name it: { W: M }), got a Matrix of shape (1, 2)");
    expect(() => checkParams("adam.init", [matrix([[1]])] as never)).toThrow(/got a plain array \[Matrix \(1, 1\)\]/);
  });
  it("a missing gradient with no d-spelled twin gets no hint at all", () => {
    const params = { W1: new Matrix(2, 3), b1: new Matrix(2, 1) };
    expect(() => checkGrads("m", { W1: new Matrix(2, 3) }, params)).toThrow(/^m: no gradient for parameter "b1" \(gradients given: W1\)$/);
  });
  it("the dW1 hint needs the d first: a parameter named bdW and a stray gradient xbdW get none", () => {
    const params = { bdW: new Matrix(1, 1) };
    expect(() => checkGrads("m", { bdW: new Matrix(1, 1), xbdW: new Matrix(1, 1) }, params)).toThrow(/^m: gradient "xbdW" has no matching parameter \(parameters: bdW\)$/);
  });
});

