// The generator's less-travelled calls against numpy (test/fixtures/make_tensor_random.py, "api"),
// the polar method's two rejections on words written into the state by hand, and the exact message
// of each argument check.
import { describe, expect, it } from "vitest";
import { RandomState, seed } from "../src/random/random";
import { loadFixture, toMatrix, type MatJSON } from "./helpers/fixtures";
import { thrown } from "./helpers/thrown";

const api = loadFixture("tensor_random.json").api as {
  randint_scalar_seed0: number[];
  randint_one_bound_seed0_1x5: number[];
  randint_64bit_seed5_1x6: number[];
  randint_5_6_then_randn_seed1: { ints: number[]; randn: MatJSON };
  choice_10_4_seed2: number[];
  choice_10_4_noreplace_seed2: number[];
  permutation_values_seed3: number[];
  shuffle_cols_seed4: MatJSON;
  normal_scale0_then_randn_seed6: { normal: MatJSON; randn: MatJSON };
};

describe("RandomState's other calls, as numpy's legacy generator makes them", () => {
  it("randint(low, high) with no shape is one number; randint(n) draws from [0, n)", () => {
    const rng = seed(0);
    expect([rng.randint(-5, 5), rng.randint(-5, 5)]).toEqual(api.randint_scalar_seed0);
    expect(Array.from(seed(0).randint(10, undefined, 1, 5).data)).toEqual(api.randint_one_bound_seed0_1x5);
  });

  it("a range beyond 32 bits that is not a power of two: 64-bit draws, masked and rejected as numpy does", () => {
    expect(Array.from(seed(5).randint(0, 3 * 2 ** 33 + 5, 1, 6).data)).toEqual(api.randint_64bit_seed5_1x6);
  });

  it("a range of one value draws nothing from the stream", () => {
    const rng = seed(1), want = api.randint_5_6_then_randn_seed1;
    expect(Array.from(rng.randint(5, 6, 1, 3).data)).toEqual(want.ints);
    expect(rng.randn(1, 2).data).toEqual(toMatrix(want.randn).data);
  });

  it("choice with and without replacement", () => {
    expect(seed(2).choice(10, 4)).toEqual(api.choice_10_4_seed2);
    expect(seed(2).choice(10, 4, false)).toEqual(api.choice_10_4_noreplace_seed2);
    // Without replacement all n can be taken: a permutation.
    expect([...seed(2).choice(5, 5, false)].sort()).toEqual([0, 1, 2, 3, 4]);
  });

  it("permutation of given values, leaving them as they were", () => {
    const values = [10, 20, 30, 40, 50, 60];
    expect(seed(3).permutation(values)).toEqual(api.permutation_values_seed3);
    expect(values).toEqual([10, 20, 30, 40, 50, 60]);
  });

  it("shuffleCols moves whole columns, as np.random.shuffle(X.T)", () => {
    const X = toMatrix({ shape: [3, 4], data: Array.from({ length: 12 }, (_, k) => k) });
    seed(4).shuffleCols(X);
    expect(X.data).toEqual(toMatrix(api.shuffle_cols_seed4).data);
  });

  it("normal with scale 0 is loc everywhere, and still draws its gaussians", () => {
    const rng = seed(6), want = api.normal_scale0_then_randn_seed6;
    expect(rng.normal(2, 0, 1, 3).data).toEqual(toMatrix(want.normal).data);
    expect(rng.randn(1, 2).data).toEqual(toMatrix(want.randn).data);
  });
});

// MT19937's output is its state word "tempered"; undoing the tempering writes a chosen output into
// the state (setState, position 0: no twist for the next 620 words).
const M32 = 0xffffffff;
function untemper(y: number): number {
  const undoRight = (v: number, s: number) => { let x = v; for (let k = 0; k < 32 / s + 1; k++) x = (v ^ (x >>> s)) >>> 0; return x; };
  const undoLeft = (v: number, s: number, mask: number) => { let x = v; for (let k = 0; k < 32 / s + 1; k++) x = (v ^ ((x << s) & mask)) >>> 0; return x; };
  y = undoRight(y >>> 0, 18);
  y = undoLeft(y, 15, 0xefc60000);
  y = undoLeft(y, 7, 0x9d2c5680);
  return undoRight(y, 11) & M32;
}

/** A generator whose next outputs are `words`, then seed(7)'s. */
function producing(words: number[]): { rng: RandomState; after: RandomState } {
  const key = seed(7).getState().key.slice();
  words.forEach((w, i) => { key[i] = untemper(w); });
  const state = { key, pos: 0, hasGauss: false, gauss: 0 };
  return { rng: new RandomState(0).setState(state), after: new RandomState(0).setState({ ...state, pos: words.length }) };
}

describe("the polar method rejects r² = 1 and r² = 0, as numpy's legacy_gauss", () => {
  // A double is (a·2^26 + b)/2^53 with a = w₁ >>> 5, b = w₂ >>> 6: words 2^31, 0 give ½ (x = 0); 0, 0 give 0 (x = −1).
  const HALF = [0x80000000, 0], ZERO = [0, 0];

  it("writing outputs into the state works (the check the cases below rest on)", () => {
    const { rng } = producing([0x80000000, 0, 0x12345678, M32]);
    expect([rng.nextUint32(), rng.nextUint32(), rng.nextUint32(), rng.nextUint32()]).toEqual([0x80000000, 0, 0x12345678, M32]);
    expect(producing(HALF).rng.nextDouble()).toBe(0.5);
    expect(producing(ZERO).rng.nextDouble()).toBe(0);
  });

  for (const [name, words] of [["r² = 1 (x₁ = 0, x₂ = −1)", [...HALF, ...ZERO]], ["r² = 0 (x₁ = x₂ = 0)", [...HALF, ...HALF]]] as const) {
    it(`${name}: the pair is skipped and the next one used`, () => {
      const { rng, after } = producing([...words]);
      const want = [after.nextGaussian(), after.nextGaussian()];
      expect(want.every((g) => Number.isFinite(g) && g !== 0)).toBe(true);
      expect([rng.nextGaussian(), rng.nextGaussian()]).toEqual(want);
    });
  }
});

describe("64-bit ranges on hand-written words (hi word first, as numpy draws them)", () => {
  it("the mask smears the top bit down by 32 too: 2^40 masks with 41 ones, so 0x1ff comes back whole", () => {
    // randint(0, 2^40 + 1): max = 2^40, one bit; shifts of 1 … 16 alone leave bits 8 … 0 out of the mask.
    expect(producing([0, 0x1ff]).rng.randint(0, 2 ** 40 + 1)).toBe(0x1ff);
  });

  it("a draw equal to the range's top is kept (v > max rejects, v = max does not)", () => {
    const max = 3 * 2 ** 33 + 4; // 0x6_0000_0004: words 6, 4
    expect(producing([6, 4]).rng.randint(0, max + 1)).toBe(max);
  });
});

describe("the generator's argument checks name the call", () => {
  const rng = () => seed(1);
  it.each([
    ["rand(2)", () => rng().rand(2, undefined as unknown as number), "ValueError: rand: give both rows and cols (matrices are 2-D), or neither for one number"],
    ["rand(undefined, 3)", () => rng().rand(undefined as unknown as number, 3), "ValueError: rand: rows must be an integer, got undefined"],
    ["randn(undefined, 3)", () => rng().randn(undefined as unknown as number, 3), "ValueError: randn: rows must be an integer, got undefined"],
    ["normal(0, NaN, 1, 1)", () => rng().normal(0, NaN, 1, 1), "ValueError: normal: scale must be a finite number, got NaN"],
    ["normal(0, 1, -1, 2)", () => rng().normal(0, 1, -1, 2), "ValueError: normal: rows must be >= 0, got -1"],
    ["uniform(NaN, 1, 1, 1)", () => rng().uniform(NaN, 1, 1, 1), "ValueError: uniform: low must be a finite number, got NaN"],
    ["uniform(0, Infinity, 1, 1)", () => rng().uniform(0, Infinity, 1, 1), "ValueError: uniform: high must be a finite number, got Infinity"],
    ["uniform(0, 1, 2, 0.5)", () => rng().uniform(0, 1, 2, 0.5), "ValueError: uniform: cols must be an integer, got 0.5"],
    ["randint(0.5, 3)", () => rng().randint(0.5, 3), "ValueError: randint: low must be an integer, got 0.5"],
    ["randint(0, 1.5)", () => rng().randint(0, 1.5), "ValueError: randint: high must be an integer, got 1.5"],
    ["randint(0, 3, -1, 2)", () => rng().randint(0, 3, -1, 2), "ValueError: randint: rows must be >= 0, got -1"],
    ["randint(0, 3, 2)", () => (rng().randint as (a: number, b: number, r: number) => unknown)(0, 3, 2), "ValueError: randint: cols must be an integer, got undefined"],
    ["randint(0, 3, undefined, 2)", () => rng().randint(0, 3, undefined as unknown as number, 2), "ValueError: randint: rows must be an integer, got undefined"],
    ["normal(NaN, 1, 1, 1)", () => rng().normal(NaN, 1, 1, 1), "ValueError: normal: loc must be a finite number, got NaN"],
    ["permutation(-1)", () => rng().permutation(-1), "ValueError: permutation: n must be in [0, 4294967296], got -1"],
    ["permutation(\"abc\")", () => rng().permutation("abc" as unknown as number), "ValueError: permutation: expected a count or an array, got string"],
    ["choice(0, 1)", () => rng().choice(0, 1), "ValueError: choice: n must be >= 1, got 0"],
    ["choice(3, -1)", () => rng().choice(3, -1), "ValueError: choice: size must be >= 0, got -1"],
    ["choice(3, 4, false)", () => rng().choice(3, 4, false), "ValueError: choice: cannot take size=4 samples without replacement from n=3"],
    ["setState(null)", () => rng().setState(null as never), "ShapeError: setState: key must be an array of 624 integers, got undefined"],
    ["setState({ key: [1, 2] })", () => rng().setState({ key: [1, 2] } as never), "ShapeError: setState: key must be an array of 624 integers, got 2"],
    ["setState({ key: \"x\" })", () => rng().setState({ key: "x" } as never), "ShapeError: setState: key must be an array of 624 integers, got string"],
    ["setState(pos 625)", () => rng().setState({ key: new Array(624).fill(0), pos: 625, hasGauss: false, gauss: 0 }), "ValueError: setState: pos must be in [0, 624], got 625"],
  ])("%s", (_call, f, message) => {
    expect(thrown(f)).toBe(message);
  });

  it("choice(n, n, false) and normal with scale 0 are allowed", () => {
    expect(thrown(() => rng().choice(3, 3, false))).toBe("no error");
    expect(thrown(() => rng().normal(0, 0, 1, 1))).toBe("no error");
  });
});
