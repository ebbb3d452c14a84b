import { describe, expect, it } from "vitest";
import { RandomState, seed } from "../src/random/random";
import { loadFixture, maxRelDiff, toMatrix, type MatJSON } from "./helpers/fixtures";

const fx = loadFixture("tensor_random.json");

describe("RandomState reproduces numpy's legacy streams", () => {
  for (const c of fx.random as { seed: number; calls: { call: string; args: any; result: any }[] }[]) {
    it(`seed ${c.seed}: ${c.calls.map((k) => k.call).join(", ")}`, () => {
      const rng = seed(c.seed);
      for (const { call, args, result } of c.calls) {
        if (call === "permutation") expect(rng.permutation(args as number)).toEqual(result);
        else if (call === "shuffle") {
          const a = Array.from({ length: args as number }, (_, k) => k);
          rng.shuffle(a);
          expect(a).toEqual(result);
        } else {
          const got =
            call === "randn" ? rng.randn(args[0], args[1])
            : call === "rand" ? rng.rand(args[0], args[1])
            : call === "randint" ? rng.randint(args[0], args[1], args[2], args[3])
            : call === "normal" ? rng.normal(args[0], args[1], args[2], args[3])
            : rng.uniform(args[0], args[1], args[2], args[3]);
          // The issue asks for 1e-12 relative or better.
          expect(maxRelDiff(got, toMatrix(result as MatJSON))).toBeLessThanOrEqual(1e-12);
        }
      }
    });
  }

  it("seed(3).randn(2, 3) gives the course's numbers", () => {
    const got = seed(3).randn(2, 3);
    expect(maxRelDiff(got, toMatrix(fx.global_seed3_randn_2x3))).toBeLessThanOrEqual(1e-12);
    // First value by hand from the published course output.
    expect(got.get(0, 0)).toBeCloseTo(1.78862847, 8);
  });

  it("re-seeding forgets the cached gaussian, like np.random.seed", () => {
    const rng = seed(2);
    rng.randn(1, 1); // leaves one cached value
    rng.seed(2);
    expect(rng.randn(3, 1).data).toEqual(seed(2).randn(3, 1).data);
  });

  it("scalars come from the same stream as matrices", () => {
    const a = seed(9), b = seed(9);
    const m = a.randn(1, 3);
    expect([b.randn(), b.randn(), b.randn()]).toEqual(Array.from(m.data));
    expect(seed(4).rand()).toBe(seed(4).rand(1, 1).data[0]);
  });

  it("state round-trips through JSON and continues identically", () => {
    const rng = seed(11);
    rng.randn(1, 3); // odd: a gaussian is cached
    const saved = JSON.parse(JSON.stringify(rng.getState()));
    const next = rng.randn(2, 2);
    const restored = new RandomState(0).setState(saved);
    expect(restored.randn(2, 2).data).toEqual(next.data);
  });

  it("rand is uniform on [0, 1) and randn has mean 0, variance 1 (large sample)", () => {
    const u = seed(0).rand(1, 200000).data;
    let mn = 1, mx = 0, s = 0;
    for (const x of u) { mn = Math.min(mn, x); mx = Math.max(mx, x); s += x; }
    expect(mn).toBeGreaterThanOrEqual(0);
    expect(mx).toBeLessThan(1);
    expect(s / u.length).toBeCloseTo(0.5, 2);
    const g = seed(0).randn(1, 200000).data;
    let m1 = 0, m2 = 0;
    for (const x of g) { m1 += x; m2 += x * x; }
    expect(m1 / g.length).toBeCloseTo(0, 1);
    expect(m2 / g.length).toBeCloseTo(1, 1);
  });

  it("bad input names the argument and the value", () => {
    expect(() => seed(-1)).toThrow(/seed must be in \[0, 4294967295\], got -1/);
    expect(() => seed(2 ** 32)).toThrow(/seed must be in \[0, 4294967295\], got 4294967296/);
    expect(() => seed(1.5)).toThrow(/seed must be an integer, got 1.5/);
    expect(() => seed(NaN)).toThrow(/seed must be an integer, got NaN/);
    expect(() => seed(1).randn(-2, 3)).toThrow(/randn: rows must be >= 0, got -2/);
    expect(() => seed(1).rand(2, 1.5)).toThrow(/rand: cols must be an integer, got 1.5/);
    expect(() => seed(1).randint(5, 5)).toThrow(/low must be < high, got low=5, high=5/);
    expect(() => seed(1).normal(0, -1, 1, 1)).toThrow(/scale must be >= 0, got -1/);
    expect(() => seed(1).normal(Infinity, 1, 1, 1)).toThrow(/loc must be a finite number, got Infinity/);
    expect(() => (seed(1).randn as (n: number) => unknown)(2)).toThrow(/give both rows and cols/);
  });
});
