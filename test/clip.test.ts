// Gradient clipping with TensorFlow's semantics; expected values by hand
// (3-4-5 triangles) and from the numpy fixture.
import { describe, expect, it } from "vitest";
import { adam, applyUpdates, chain, clipByGlobalNorm, clipByNorm, clipByValue, clipping, globalNorm, matrix, sgd } from "../src/index";
import { expectParamsClose, fixture, toParams } from "./optim/helpers";

describe("clipByValue (tf.clip_by_value)", () => {
  it("clips each entry to [min, max]", () => {
    expect(Array.from(clipByValue(matrix([[-7, -1, 0, 2, 9]]), -5, 5).data)).toEqual([-5, -1, 0, 2, 5]);
    const p = clipByValue({ W: matrix([[10]]), b: matrix([[-10]]) }, -1, 1);
    expect([p.W!.data[0], p.b!.data[0]]).toEqual([1, -1]);
  });
  it("rejects min > max", () => {
    expect(() => clipByValue(matrix([[1]]), 1, -1)).toThrow(/min must be <= max, got min=1, max=-1/);
  });
});

describe("clipByNorm (tf.clip_by_norm): t·c/max(‖t‖, c)", () => {
  it("[3, 4] has norm 5; clipped to 1 it is [0.6, 0.8]", () => {
    const c = clipByNorm(matrix([[3, 4]]), 1);
    expect(c.data[0]).toBeCloseTo(0.6, 15);
    expect(c.data[1]).toBeCloseTo(0.8, 15);
  });
  it("leaves a small tensor alone (norm 5 ≤ 10)", () => {
    const c = clipByNorm(matrix([[3, 4]]), 10);
    expect(Array.from(c.data)).toEqual([3, 4]);
  });
  it("clips each matrix of a set on its own; matches numpy", () => {
    const got = clipByNorm(toParams(fixture.clip.input), fixture.clip.clipNorm);
    expectParamsClose(got, toParams(fixture.clip.byNorm), 1e-13);
  });
  it("a zero tensor stays zero", () => {
    expect(Array.from(clipByNorm(matrix([[0, 0]]), 1).data)).toEqual([0, 0]);
  });
});

describe("clipByGlobalNorm (tf.clip_by_global_norm): tᵢ·c/max(global, c)", () => {
  it("{[3], [4]} has global norm 5; clipped to 2.5 it is {[1.5], [2]}", () => {
    const { grads, globalNorm: gn } = clipByGlobalNorm({ a: matrix([[3]]), b: matrix([[4]]) }, 2.5);
    expect(gn).toBe(5);
    expect(grads.a!.data[0]).toBeCloseTo(1.5, 15);
    expect(grads.b!.data[0]).toBeCloseTo(2, 15);
  });
  it("keeps the direction across parameters (unlike clipping each by norm)", () => {
    const g = { a: matrix([[3, 0]]), b: matrix([[0, 4]]) };
    const { grads } = clipByGlobalNorm(g, 1);
    expect(grads.a!.data[0]! / grads.b!.data[1]!).toBeCloseTo(0.75, 15);
    const each = clipByNorm(g, 1);
    expect(each.a!.data[0]! / each.b!.data[1]!).toBeCloseTo(1, 15);
  });
  it("matches numpy and returns the global norm", () => {
    const r = clipByGlobalNorm(toParams(fixture.clip.input), fixture.clip.globalClipNorm);
    expect(r.globalNorm).toBeCloseTo(fixture.clip.globalNorm, 12);
    expect(globalNorm(toParams(fixture.clip.input))).toBe(r.globalNorm);
    expectParamsClose(r.grads, toParams(fixture.clip.byGlobalNorm), 1e-13);
  });
  it("an infinite global norm gives NaN everywhere, as TensorFlow does", () => {
    const r = clipByGlobalNorm({ a: matrix([[Infinity, 1]]) }, 1);
    expect(r.globalNorm).toBe(Infinity);
    expect(Number.isNaN(r.grads.a!.data[1])).toBe(true);
  });
  it("rejects clipNorm ≤ 0", () => {
    expect(() => clipByGlobalNorm({ a: matrix([[1]]) }, 0)).toThrow(/clipNorm must be > 0, got 0/);
  });
});

describe("clipping inside a chain", () => {
  it("chain(clipping({ globalNorm }), sgd) steps along the clipped gradient", () => {
    const p = { a: matrix([[0]]), b: matrix([[0]]) };
    const opt = chain(clipping({ globalNorm: 1 }), sgd({ learningRate: 1 }));
    const r = opt.update({ a: matrix([[3]]), b: matrix([[4]]) }, opt.init(p), p);
    const q = applyUpdates(p, r.updates);
    expect(q.a!.data[0]).toBeCloseTo(-0.6, 15);
    expect(q.b!.data[0]).toBeCloseTo(-0.8, 15);
  });
  it("value clipping with a symmetric bound or a pair", () => {
    const p = { a: matrix([[0, 0]]) };
    const o1 = chain(clipping({ value: 1 }), sgd({ learningRate: 1 }));
    expect(Array.from(o1.update({ a: matrix([[5, -0.5]]) }, o1.init(p), p).updates.a!.data)).toEqual([-1, 0.5]);
    const o2 = chain(clipping({ value: [-2, 0] }), sgd({ learningRate: 1 }));
    expect(Array.from(o2.update({ a: matrix([[5, -3]]) }, o2.init(p), p).updates.a!.data)).toEqual([-0, 2]);
  });
  it("the chain's in-place step equals its pure update", () => {
    const p0 = toParams(fixture.params0);
    const opt = chain(clipping({ norm: 0.01 }), adam({ learningRate: 0.01 }));
    let p = p0, s = opt.init(p0);
    const q = toParams(fixture.params0), sq = opt.init(q);
    for (const g of fixture.grads.map(toParams)) {
      const r = opt.update(g, s, p);
      p = applyUpdates(p, r.updates);
      s = r.state;
      opt.step(q, g, sq);
    }
    for (const k of Object.keys(p)) expect(Array.from(q[k]!.data)).toEqual(Array.from(p[k]!.data));
  });
});

describe("clipping: guards and edges (mutation-tested)", () => {
  it("each function names itself and the bad argument", () => {
    expect(() => clipByValue(matrix([[1]]), NaN, 1)).toThrow(/clipByValue: min must be a finite number/);
    expect(() => clipByValue(matrix([[1]]), 0, Infinity)).toThrow(/clipByValue: max must be a finite number/);
    expect(() => clipByValue(5 as never, 0, 1)).toThrow(/clipByValue: expected a Matrix or named matrices like \{ W1, b1 \}, got number 5/);
    expect(() => clipByValue(null as never, 0, 1)).toThrow(/clipByValue: expected a Matrix or named matrices like \{ W1, b1 \}, got null/);
    expect(() => clipByValue({ W1: [1, 2] } as never, 0, 1)).toThrow(/clipByValue: "W1" must be a Matrix, got a plain array \[1,2\]/);
    expect(() => clipByNorm({ b: 3 } as never, 1)).toThrow(/clipByNorm: "b" must be a Matrix, got number 3/);
    expect(() => clipByNorm(matrix([[1]]), 0)).toThrow(/clipByNorm: clipNorm must be > 0, got 0/);
    expect(() => clipByGlobalNorm({ a: matrix([[1]]) }, -1)).toThrow(/clipByGlobalNorm: clipNorm must be > 0, got -1/);
    expect(() => globalNorm([matrix([[1]]), 2 as never])).toThrow(/globalNorm: entry 1 must be a Matrix/);
    expect(() => globalNorm({ a: matrix([[1]]), b: "x" as never })).toThrow(/globalNorm: entry "b" must be a Matrix/);
    // Not gradients at all: each refused by name (a number had no values and gave a norm of 0; null reached Object.values)
    const what = "expected the gradients, an object of named matrices \\{ dW1, db1, … \\} or an array of matrices, got";
    expect(() => globalNorm(3 as never)).toThrow(new RegExp(`^globalNorm: ${what} number 3$`));
    expect(() => globalNorm(null as never)).toThrow(new RegExp(`^globalNorm: ${what} null$`));
    expect(() => globalNorm(matrix([[3, 4]]) as never)).toThrow(new RegExp(`^globalNorm: ${what} a Matrix of shape \\(1, 2\\)$`));
    // clipByGlobalNorm names itself, not the globalNorm it calls
    expect(() => clipByGlobalNorm(null as never, 1)).toThrow(new RegExp(`^clipByGlobalNorm: ${what} null$`));
    expect(() => clipByGlobalNorm({ a: matrix([[1]]), b: 2 as never }, 1)).toThrow(/^clipByGlobalNorm: entry "b" must be a Matrix$/);
  });

  it("min = max is allowed and pins every entry", () => {
    expect(Array.from(clipByValue(matrix([[-3, 0.5, 7]]), 1, 1).data)).toEqual([1, 1, 1]);
  });

  it("a global norm below c leaves every matrix as it is (scale 1)", () => {
    const r = clipByGlobalNorm({ a: matrix([[3]]), b: matrix([[4]]) }, 10);
    expect(r.globalNorm).toBe(5);
    expect([r.grads.a!.data[0], r.grads.b!.data[0]]).toEqual([3, 4]);
    expect(globalNorm([matrix([[3]]), matrix([[4]])])).toBe(5);
    expect(globalNorm([])).toBe(0);
  });

  it("clipByNorm: (t·c)/max(‖t‖, c) on every entry of a matrix", () => {
    expect(Array.from(clipByNorm(matrix([[3, 4], [0, 0]]), 2.5).data)).toEqual([1.5, 2, 0, 0]);
  });
});
