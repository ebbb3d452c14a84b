import { describe, expect, it } from "vitest";
import { initializeParameters, initScale } from "../src/nn/init";
import { seed } from "../src/random/random";
import { fx, mat, maxRel } from "./nn/fixture";

describe("initializeParameters", () => {
  it("He on [2, 4, 1] with seed 3 equals np.random.randn(4, 2) * sqrt(2/2)", () => {
    const p = initializeParameters([2, 4, 1], { method: "he", seed: 3 });
    // Equal to the last bit or two: V8's Math.log (inside the polar method) can differ from glibc's by 1 ulp.
    expect(maxRel(p.W1!, mat(fx.init.he241))).toBeLessThan(1e-14);
    expect(p.b1!.shape).toEqual([4, 1]);
    expect(p.W2!.shape).toEqual([1, 4]);
  });

  for (const [method, key, extra] of [["he", "he", {}], ["xavier", "xavier", {}], ["glorot", "glorot", {}], ["random", "random10", { scale: 10 }], ["lecun", "xavier", {}]] as const) {
    it(`${method} matches numpy layer by layer (W1, b1, W2, …)`, () => {
      const p = initializeParameters(fx.init.dims, { method, seed: 3, ...extra });
      for (const [name, want] of Object.entries(fx.init[key])) expect(maxRel(p[name]!, mat(want as never))).toBeLessThan(1e-14);
    });
  }

  it("draws from a shared generator in order, and zeros draws nothing", () => {
    const rng = seed(3);
    initializeParameters([2, 3], { method: "zeros", rng });
    expect(rng.randn()).toBe(seed(3).randn());
    const z = initializeParameters([2, 3, 1], { method: "zeros" });
    expect(Array.from(z.W1!.data).every((v) => v === 0)).toBe(true);
  });

  it("batch norm layers get gamma = 1, beta = 0 and no b", () => {
    const p = initializeParameters([2, 3, 1], { batchNorm: true });
    expect(Object.keys(p)).toEqual(["W1", "gamma1", "beta1", "W2", "b2"]);
    expect(Array.from(p.gamma1!.data)).toEqual([1, 1, 1]);
  });

  it("scales", () => {
    expect(initScale("he", 8, 3)).toBeCloseTo(0.5);
    expect(initScale("glorot", 3, 5)).toBeCloseTo(0.5);
  });

  it("rejects bad layer sizes and methods with a clear message", () => {
    expect(() => initializeParameters([2])).toThrow(/at least the input size/);
    expect(() => initializeParameters([2, 0, 1])).toThrow(/layerDims\[1\]/);
    expect(() => initializeParameters([2, 2.5])).toThrow(/layerDims\[1\] must be an integer/);
    expect(() => initializeParameters([2, 3], { method: "bogus" as never })).toThrow(/unknown method "bogus"/);
  });
});

describe("initScale and the guards, hand-worked (mutation-tested)", () => {
  it("each method's standard deviation", () => {
    expect(initScale("zeros", 4, 3)).toBe(0);
    expect(initScale("random", 4, 3)).toBe(0.01);
    expect(initScale("random", 4, 3, 10)).toBe(10);
    expect(initScale("xavier", 4, 3)).toBe(0.5);
    expect(initScale("lecun", 4, 3)).toBe(0.5);
    expect(initScale("glorot", 4, 4)).toBe(0.5);
    expect(initScale("he", 8, 100)).toBe(0.5);
    expect(() => initScale("bogus" as never, 1, 1)).toThrow(/initializeParameters: unknown method "bogus"; expected one of "zeros", "random", "xavier", "glorot", "he", "lecun"/);
  });

  it("W = randn · scale, drawn layer by layer from one generator; b = 0", () => {
    const p = initializeParameters([3, 2, 1], { method: "random", scale: 2, seed: 5 });
    const r = seed(5), w1 = r.randn(2, 3), w2 = r.randn(1, 2);
    expect(Array.from(p.W1!.data)).toEqual(Array.from(w1.data, (v) => v * 2));
    expect(Array.from(p.W2!.data)).toEqual(Array.from(w2.data, (v) => v * 2));
    expect(Array.from(p.b1!.data)).toEqual([0, 0]);
    expect(p.b1!.shape).toEqual([2, 1]);
    // Defaults: He, seed 3.
    const d = initializeParameters([2, 2]), h = seed(3).randn(2, 2);
    expect(Array.from(d.W1!.data)).toEqual(Array.from(h.data, (v) => v * Math.sqrt(2 / 2)));
    expect(Array.from(initializeParameters([2, 2], { method: "random" }).W1!.data)).toEqual(Array.from(seed(3).randn(2, 2).data, (v) => v * 0.01));
  });

  it("batch norm: the output layer keeps its b", () => {
    const p = initializeParameters([2, 3, 4, 1], { batchNorm: true });
    expect(Object.keys(p)).toEqual(["W1", "gamma1", "beta1", "W2", "gamma2", "beta2", "W3", "b3"]);
    expect(Array.from(p.beta2!.data)).toEqual([0, 0, 0, 0]);
    expect(p.gamma2!.shape).toEqual([4, 1]);
  });

  it("rejects non-arrays, sizes out of range and a non-finite scale", () => {
    expect(() => initializeParameters("2, 3" as never)).toThrow(/initializeParameters: layerDims must list at least the input size and one layer, e.g. \[2, 5, 2, 1\]; got "2, 3"/);
    expect(() => initializeParameters([2, 1e7 + 1])).toThrow(/initializeParameters: layerDims\[1\] must be in \[1, 10000000\], got 10000001/);
    expect(() => initializeParameters([0, 1])).toThrow(/layerDims\[0\] must be in \[1, 10000000\], got 0/);
    expect(() => initializeParameters([2, 3], { method: "random", scale: NaN })).toThrow(/initializeParameters: scale must be a finite number/);
  });
});
