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
