// e^x and log x two lanes at a time (src/nn/wasm-math.ts, used by the training
// module) against JavaScript's Math.exp and Math.log: the very same bits for
// every argument, on millions of them spread over each path's whole range and
// dense where fdlibm's formula or reduction changes (|x| = ½ ln2, 1.5 ln2, the
// k = ±(j + ½) boundaries; the mantissa's √2 split and the |f| < 2^-20 and
// [0x6147a, 0x6b851] ranges of log), and on every special value (which goes to
// the imported function), in either lane.
import { describe, expect, it } from "vitest";
import { mathModule } from "../../src/nn/wasm-math";
import { LANES_TESTED, lanesOk } from "../helpers/math-lanes";

const memory = new WebAssembly.Memory({ initial: 16, maximum: 16 });
/** Arguments that went to the imported function (the special pairs), so a test sees that the lanes did the rest. */
const imported = { exp: 0, log: 0 };
const counting = { exp: (x: number) => { imported.exp++; return Math.exp(x); }, log: (x: number) => { imported.log++; return Math.log(x); } };
const inst = new WebAssembly.Instance(new WebAssembly.Module(mathModule().buffer as ArrayBuffer), { Math: counting, env: { memory } });
const run = { exp: inst.exports.exp as (at: number, n: number) => void, log: inst.exports.log as (at: number, n: number) => void };
const CHUNK = (16 * 65536) / 8;
const mem = new Float64Array(memory.buffer), memBits = new BigUint64Array(memory.buffer);

/** A small deterministic generator (xorshift128): uniform on [0, 1) and raw 32-bit words. */
function rng(seed: number): { u(): number; word(): number } {
  let a = seed | 0 || 1, b = 362436069, c = 521288629, d = 88675123;
  const word = (): number => {
    const t = a ^ (a << 11);
    a = b; b = c; c = d;
    d = (d ^ (d >>> 19) ^ (t ^ (t >>> 8))) >>> 0;
    return d;
  };
  return { word, u: () => (word() * 2 ** 32 + word()) / 2 ** 64 };
}

const scratch = new Float64Array(1), scratchBits = new BigUint64Array(scratch.buffer), scratchWords = new Uint32Array(scratch.buffer);
const bitsOf = (x: number): bigint => { scratch[0] = x; return scratchBits[0]!; };
const fromBits = (b: bigint): number => { scratchBits[0] = BigInt.asUintN(64, b); return scratch[0]!; };
const fromWords = (hi: number, lo: number): number => { scratchWords[1] = hi >>> 0; scratchWords[0] = lo >>> 0; return scratch[0]!; };
/** x moved by `ulps` representable steps (as bit patterns; x finite and the sign kept). */
const nudge = (x: number, ulps: number): number => fromBits(bitsOf(x) + BigInt(ulps));

/**
 * Run `fn` on `xs` (two per call, an odd count padded) and compare with Math[fn] bit for bit (NaN with
 * NaN: JavaScript keeps no NaN payload). Returns the number compared and up to 5 mismatches.
 */
function compare(fn: "exp" | "log", xs: ArrayLike<number>): { n: number; bad: string[] } {
  const bad: string[] = [];
  let n = 0;
  for (let start = 0; start < xs.length; start += CHUNK) {
    const len = Math.min(CHUNK, xs.length - start), even = len + (len & 1);
    for (let i = 0; i < len; i++) mem[i] = xs[start + i]!;
    if (even > len) mem[len] = 1;
    run[fn](0, even);
    for (let i = 0; i < len; i++) {
      const x = xs[start + i]!, want = Math[fn](x);
      const same = Number.isNaN(want) ? Number.isNaN(mem[i]!) : memBits[i] === bitsOf(want);
      if (!same && bad.length < 5) bad.push(`${fn}(${x}) = ${mem[i]}, Math.${fn} gives ${want}`);
      n++;
    }
  }
  return { n, bad };
}

const LN2 = Math.LN2;
const SPECIAL = [
  0, -0, NaN, Infinity, -Infinity, -1, -Number.MIN_VALUE, -Number.MAX_VALUE, Number.MIN_VALUE, Number.MAX_VALUE,
  2 ** -1022, nudge(2 ** -1022, -1), nudge(2 ** -1022, 1), 2 ** -1074 * 12345, 2 ** -1030, 2 ** -28, nudge(2 ** -28, -1), -(2 ** -28), -nudge(2 ** -28, -1),
  1e-300, -1e-300, 709.782712893384, nudge(709.782712893384, 1), nudge(709.782712893384, -1), -745.1332191019411, nudge(-745.1332191019411, 1),
  nudge(-745.1332191019411, -1), -745.1332191019412, 708, nudge(708, -1), -708, nudge(-708, -1), 709.5, -708.5, 1024, -1075, 1e308, -1e308,
  1, -1, nudge(1, 1), nudge(1, -1), 2, 0.5, Math.E, LN2, -LN2, 0.5 * LN2, -0.5 * LN2, 1.5 * LN2, -1.5 * LN2, 3,
];

/** Each special value in either lane beside an ordinary argument, and specials side by side. */
function withSpecials(ordinary: number): number[] {
  const out: number[] = [];
  for (const s of SPECIAL) out.push(s, ordinary, ordinary, s, s, -s);
  return out;
}

const append = (xs: number[], more: number[]): void => { for (const x of more) xs.push(x); };

/** Every double within `span` steps of each x, both signs when `signs`. */
function around(xs: number[], span: number, signs: boolean): number[] {
  const out: number[] = [];
  for (const x of xs) for (let d = -span; d <= span; d++) {
    const y = nudge(Math.abs(x), d);
    out.push(y);
    if (signs) out.push(-y);
  }
  return out;
}

describe.runIf(LANES_TESTED)("e^x two lanes at a time is Math.exp bit for bit", () => {
  it("on 2 million arguments over [−745, 710], dense near 0 and where the reduction changes, and on special values", () => {
    const r = rng(1), xs: number[] = [];
    for (let i = 0; i < 1_100_000; i++) xs.push(-745 + 1455 * r.u());
    for (let i = 0; i < 200_000; i++) xs.push((r.u() - 0.5) * 6);
    // |x| from 2^-32 to 2^3, log-uniform: the k = 0 formula, the tiny cutoff and the first reductions.
    for (let i = 0; i < 300_000; i++) xs.push((r.u() < 0.5 ? -1 : 1) * 2 ** (-32 + 35 * r.u()));
    // Where fdlibm's tests on the high word switch (½ ln2, 1.5 ln2, 2^-28): the doubles around
    // the switch points themselves and around ½ ln2, 1.5 ln2, both signs.
    const switches = [fromWords(0x3fd62e42, 0xffffffff), fromWords(0x3fd62e43, 0), fromWords(0x3ff0a2b1, 0xffffffff), fromWords(0x3ff0a2b2, 0), 0.5 * LN2, 1.5 * LN2, 2 ** -28];
    append(xs, around(switches, 2000, true));
    for (const c of [0.5 * LN2, 1.5 * LN2]) for (let i = 0; i < 40_000; i++) xs.push((r.u() < 0.5 ? -1 : 1) * c * (1 + (r.u() - 0.5) * 2 ** -16));
    // k's rounding boundaries x/ln2 = ±(j + ½) for every k of the range, a few steps either side.
    const kEdges: number[] = [];
    for (let j = 1; j <= 1022; j++) kEdges.push((j + 0.5) * LN2, (j + 0.5) / Math.LOG2E);
    append(xs, around(kEdges, 24, true));
    // Near the range ends (708: beyond it the import; 709.78 and −745.13: overflow and underflow).
    for (let i = 0; i < 50_000; i++) xs.push(706 + 4 * r.u(), -706 - 40 * r.u());
    append(xs, withSpecials(0.3)); append(xs, withSpecials(-20));
    const { n, bad } = compare("exp", xs);
    expect(n).toBeGreaterThanOrEqual(2_000_000);
    expect(bad).toEqual([]);
    // Math.exp only for pairs with a lane beyond ±708 (about 5 % of the uniform draws' pairs, most of
    // those near the ends) or a special one: some 11 % of the arguments here.
    expect(imported.exp).toBeGreaterThan(0);
    expect(imported.exp).toBeLessThan(0.15 * n);
  });
});

describe.runIf(LANES_TESTED)("log x two lanes at a time is Math.log bit for bit", () => {
  it("on 2 million arguments: random positive doubles, (0, 1), near 1, 1 ± 2^-20, the mantissa's switch points, subnormals, and special values", () => {
    const r = rng(2), xs: number[] = [];
    // Random bit patterns of positive doubles (every exponent, subnormals, ∞ and NaN included).
    for (let i = 0; i < 800_000; i++) xs.push(fromWords(r.word() & 0x7fffffff, r.word()));
    for (let i = 0; i < 400_000; i++) xs.push(r.u());
    for (let i = 0; i < 100_000; i++) xs.push(1 - r.u() * 1e-6, r.u() * 1e-6);
    for (let i = 0; i < 200_000; i++) xs.push(1 + (r.u() - 0.5) * 2 ** -12);
    // |f| < 2^-20 (the high word's last 20 bits 0, 0xffffe or 0xfffff) and its edges, at every exponent.
    append(xs, around([1, 1 + 2 ** -20, 1 - 2 ** -20, 1 - 2 ** -21, 2, 0.5, 1 + 2 ** -19, 1 - 2 ** -19], 3000, false));
    const mantissas = [0x00000, 0x00001, 0xffffd, 0xffffe, 0xfffff, 0x6147a, 0x61479, 0x6b851, 0x6b852, 0x6a09c, 0x6a09b];
    for (let i = 0; i < 300_000; i++) {
      const e = 1 + (r.word() % 2046), m = mantissas[r.word() % mantissas.length]!;
      const lo = r.u() < 0.5 ? r.word() : [0, 1, 0xffffffff, 0xfffffffe][r.word() % 4]!;
      xs.push(fromWords((e << 20) | m, lo));
    }
    // Subnormals (the import's) and the two ends of the normal range.
    for (let i = 0; i < 50_000; i++) xs.push(fromWords(r.word() & 0xfffff, r.word()));
    append(xs, around([2 ** -1022, Number.MAX_VALUE, 1e-300, 1e300], 500, false));
    append(xs, withSpecials(0.7)); append(xs, withSpecials(123.25));
    const { n, bad } = compare("log", xs);
    expect(n).toBeGreaterThanOrEqual(2_000_000);
    expect(bad).toEqual([]);
    // Math.log only for pairs with a subnormal, ∞, NaN (the random bit patterns' few) or special lane.
    expect(imported.log).toBeGreaterThan(0);
    expect(imported.log).toBeLessThan(0.1 * n);
  });
});

describe("the check the training module makes before using the lanes (lanesCheck)", () => {
  it.runIf(LANES_TESTED)("finds them matching Math.exp and Math.log here (so the training tests run the lanes)", () => {
    expect(lanesOk(Math.exp, Math.log)).toBe(1);
  });

  it("finds them not matching an exp or log one step off for some arguments (as fused multiply-adds would round)", () => {
    const off = (fn: (x: number) => number, every: number) => {
      let n = 0;
      return (x: number) => (++n % every === 0 ? nudge(fn(x), 1) : fn(x));
    };
    expect(lanesOk(off(Math.exp, 50), Math.log)).toBe(0);
    expect(lanesOk(Math.exp, off(Math.log, 50))).toBe(0);
  });
});
