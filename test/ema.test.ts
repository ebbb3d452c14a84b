// Exponentially weighted averages: numpy fixture, hand-worked values, identities.
import { describe, expect, it } from "vitest";
import { biasCorrect, ema, effectiveWindow, emaSeries, emaStep, matrix, Matrix, ValueError } from "../src/index";
import { fixture } from "./optim/helpers";

describe("emaSeries", () => {
  const { series, results } = fixture.ema;
  it.each([
    ["zero", { beta: 0.9 }], ["corrected", { beta: 0.9, biasCorrection: true }],
    ["first", { beta: 0.9, start: "first" as const }], ["zero_098", { beta: 0.98 }],
  ])("matches numpy: %s", (name, opts) => {
    const got = emaSeries(series, opts);
    got.forEach((x, i) => expect(x).toBeCloseTo(results[name]![i]!, 12));
  });

  it("hand-worked: β = 0.5 over [2, 4]: v = [1, 2.5]; corrected [2, 10/3]; from the first value [2, 3]", () => {
    expect(emaSeries([2, 4], { beta: 0.5 })).toEqual([1, 2.5]);
    const c = emaSeries([2, 4], { beta: 0.5, biasCorrection: true });
    expect(c[0]).toBe(2);
    expect(c[1]).toBeCloseTo(10 / 3, 15);
    expect(emaSeries([2, 4], { beta: 0.5, start: "first" })).toEqual([2, 3]);
  });

  it("bias-corrected average of a constant series is the constant from t = 1", () => {
    for (const beta of [0.5, 0.9, 0.98, 0.999]) {
      emaSeries(new Array(200).fill(7.25), { beta, biasCorrection: true }).forEach((x) => expect(x).toBeCloseTo(7.25, 11));
    }
  });

  it("without correction it starts low: v₁ = (1 − β)θ₁", () => {
    expect(emaSeries([10], { beta: 0.98 })[0]).toBeCloseTo(0.2, 15);
  });
});

describe("streaming ema", () => {
  it("gives the same numbers as emaSeries, value by value", () => {
    const xs = fixture.ema.series;
    const avg = ema({ beta: 0.9, biasCorrection: true });
    const want = emaSeries(xs, { beta: 0.9, biasCorrection: true });
    xs.forEach((x, i) => expect(avg.update(x)).toBe(want[i]));
    expect(avg.t).toBe(xs.length);
  });

  it("averages whole matrices entry by entry", () => {
    const avg = ema({ beta: 0.9 });
    avg.update(matrix([[1, 2]]));
    const v = avg.update(matrix([[3, 4]]));
    expect(v).toBeInstanceOf(Matrix);
    expect(v.data[0]).toBeCloseTo(0.9 * 0.1 + 0.1 * 3, 15);
    expect(v.data[1]).toBeCloseTo(0.9 * 0.2 + 0.1 * 4, 15);
    expect(() => avg.update(matrix([[1, 2, 3]]))).toThrow(/value 3 has shape \(1, 3\), the average has \(1, 2\)/);
  });

  it("start 'first' takes the first value as is (seed 001's S₁ = Y₁)", () => {
    const avg = ema({ beta: 0.9, start: "first" });
    expect(avg.update(5)).toBe(5);
    expect(avg.update(15)).toBeCloseTo(6, 14);
  });

  it("rejects bad input with the value named", () => {
    expect(() => ema({ beta: 1 })).toThrow(/beta must be in \[0, 1\), got 1/);
    expect(() => ema({ beta: 0.9, start: "first", biasCorrection: true })).toThrow(ValueError);
    expect(() => ema({ beta: 0.9 }).update(NaN)).toThrow(/value 1 is NaN/);
    expect(() => emaSeries([1, Infinity], { beta: 0.9 })).toThrow(/values\[1\] must be a finite number, got Infinity/);
  });

  it("emaSeries reads arrays and typed arrays, and names what else it was given", () => {
    // Hand-worked, β = 0.5: 0.5, 0.5·0.5 + 0.5·2 = 1.25, 0.5·1.25 + 0.5·4 = 2.625
    for (const values of [[1, 2, 4], new Float64Array([1, 2, 4]), new Float32Array([1, 2, 4])]) expect(emaSeries(values, { beta: 0.5 })).toEqual([0.5, 1.25, 2.625]);
    expect(() => emaSeries(new DataView(new ArrayBuffer(16)) as never, { beta: 0.5 })).toThrow(/^emaSeries: values must be an array of numbers, got a DataView of 16 bytes$/);
    expect(() => emaSeries(matrix([[1, 2]]) as never, { beta: 0.5 })).toThrow(/^emaSeries: values must be an array of numbers \(for a Matrix, pass Array\.from\(M\.data\)\), got a Matrix of shape \(1, 2\)$/);
    expect(() => emaSeries(3 as never, { beta: 0.5 })).toThrow(/^emaSeries: values must be an array of numbers, got number 3$/);
    expect(() => emaSeries([1], [0.9] as never)).toThrow(/^emaSeries: options must be an object like \{ beta: 0\.9, biasCorrection: true \}, got /);
  });
});

describe("helpers", () => {
  it("effectiveWindow: 1/(1 − β)", () => {
    expect(effectiveWindow(0.9)).toBeCloseTo(10, 12);
    expect(effectiveWindow(0.98)).toBeCloseTo(50, 12);
    expect(effectiveWindow(0)).toBe(1);
  });
  it("biasCorrect: v/(1 − βᵗ), numbers and matrices", () => {
    expect(biasCorrect(0.1, 0.9, 1)).toBeCloseTo(1, 15);
    expect(biasCorrect(matrix([[0.19]]), 0.9, 2).data[0]).toBeCloseTo(1, 15);
    expect(() => biasCorrect(1, 0.9, 0)).toThrow(/t must be >= 1, got 0/);
  });
  it("emaStep: βv + (1 − β)θ", () => {
    expect(emaStep(1, 3, 0.5)).toBe(2);
    expect(emaStep(matrix([[1]]), matrix([[3]]), 0.5).data[0]).toBe(2);
  });
});

describe("every guard names its function, and the arithmetic is βv + (1 − β)θ exactly (mutation-tested)", () => {
  it("emaStep with v ≠ 1: 0.25·2 + 0.75·6 = 5, numbers and matrices", () => {
    expect(emaStep(2, 6, 0.25)).toBe(5);
    expect(Array.from(emaStep(matrix([[2, 4]]), matrix([[6, 8]]), 0.25).data)).toEqual([5, 7]);
    expect(() => emaStep(matrix([[1, 2]]), matrix([[1], [2]]), 0.5)).toThrow(/emaStep: v has shape \(1, 2\) but x has shape \(2, 1\)/);
    expect(() => emaStep(matrix([[1, 2]]), matrix([[1, 2, 3]]), 0.5)).toThrow(/emaStep: v has shape \(1, 2\) but x has shape \(1, 3\)/);
    expect(() => emaStep(matrix([[1, 2]]), matrix([[1, 2], [3, 4]]), 0.5)).toThrow(/emaStep: v has shape \(1, 2\) but x has shape \(2, 2\)/);
    expect(() => emaStep(1, matrix([[1]]) as never, 0.5)).toThrow(/emaStep: v and x must both be numbers or both be matrices/);
    expect(() => emaStep(1, 2, 1)).toThrow(/emaStep: beta must be in \[0, 1\), got 1/);
  });

  it("biasCorrect and effectiveWindow name themselves", () => {
    expect(() => biasCorrect(1, 1, 1)).toThrow(/biasCorrect: beta must be in \[0, 1\)/);
    expect(() => biasCorrect(1, 0.5, 0)).toThrow(/biasCorrect: t must be >= 1, got 0/);
    expect(() => biasCorrect("1" as never, 0.5, 1)).toThrow(/biasCorrect: v must be a number or a Matrix/);
    expect(() => effectiveWindow(-0.1)).toThrow(/effectiveWindow: beta must be in \[0, 1\)/);
    expect(Array.from(biasCorrect(matrix([[0.5, 1]]), 0.5, 1).data)).toEqual([1, 2]);
  });

  it("options are checked by ema and emaSeries", () => {
    expect(() => ema(undefined as never)).toThrow(/ema: options \{ beta \} are required/);
    expect(() => ema(null as never)).toThrow(/ema: options \{ beta \} are required/);
    expect(() => ema({ beta: 0.9, start: "last" as never })).toThrow(/ema: start must be "zero" or "first", got "last"/);
    expect(() => ema({ beta: 0.9, start: "first", biasCorrection: true })).toThrow(/ema: biasCorrection needs start "zero"/);
    expect(() => emaSeries([1], { beta: 2 })).toThrow(/emaSeries: beta must be in \[0, 1\)/);
    expect(() => emaSeries(["1"] as never, { beta: 0.5 })).toThrow(/emaSeries: values\[0\] must be a finite number, got 1/);
  });

  it("a streaming average keeps to numbers or to matrices of one shape, all finite", () => {
    const n = ema({ beta: 0.5 });
    n.update(1);
    expect(() => n.update(matrix([[1]]))).toThrow(/ema.update: this average holds numbers, got a Matrix/);
    const m = ema({ beta: 0.5 });
    m.update(matrix([[1, 2]]));
    expect(() => m.update(3)).toThrow(/ema.update: this average holds matrices, got a number/);
    expect(() => m.update(matrix([[1], [2]]))).toThrow(/ema.update: value 2 has shape \(2, 1\), the average has \(1, 2\)/);
    expect(() => m.update(matrix([[1, 2], [3, 4]]))).toThrow(/ema.update: value 2 has shape \(2, 2\), the average has \(1, 2\)/);
    expect(() => m.update(matrix([[1, NaN]]))).toThrow(/ema.update: value 2 has NaN at index 1/);
    expect(() => m.update("x" as never)).toThrow(/ema.update: expected a number or a Matrix, got string/);
    expect(m.t).toBe(1);
  });

  it("start 'first' with matrices: v₁ = θ₁, then βv + (1 − β)θ", () => {
    const avg = ema({ beta: 0.5, start: "first" });
    expect(Array.from(avg.update(matrix([[2, 4]])).data)).toEqual([2, 4]);
    expect(Array.from(avg.update(matrix([[6, 8]])).data)).toEqual([4, 6]);
  });

  it("value before any update is 0 even with bias correction; value and raw are copies", () => {
    const avg = ema({ beta: 0.5, biasCorrection: true });
    expect(avg.value).toBe(0);
    avg.update(matrix([[2]]));
    expect((avg.raw as Matrix).data[0]).toBe(1);
    expect((avg.value as Matrix).data[0]).toBe(2);
    (avg.raw as Matrix).data[0] = 100;
    (avg.value as Matrix).data[0] = 100;
    expect((avg.raw as Matrix).data[0]).toBe(1);
  });
});
