// e^x and log x of both lanes of an f64x2, for the training module (wasm-epoch.ts:
// the output sigmoid and the cross-entropy cost), bit for bit as JavaScript's
// Math.exp and Math.log: V8 computes them with fdlibm's algorithms (its
// src/base/ieee754.cc, from FreeBSD msun e_exp.c and e_log.c), so these use the
// same constants and the same IEEE operations in the same order, and each lane
// rounds as the C code does. Where fdlibm branches on the argument, each lane
// here computes one general formula with its own reduction (k, hi, lo), chosen
// by selects, and the special forms are shown below to be the general one with
// k = 0. A pair with a lane outside the ordinary range (exp: |x| < 2^-28 or
// ≥ 708, NaN; log: 0, negative, subnormal, ∞, NaN) goes to the imported
// function lane by lane instead. test/nn/wasm-math.test.ts compares both with
// Math.exp and Math.log on millions of arguments. Where V8's C code was compiled
// otherwise (a compiler fusing its multiply-adds, as clang may on arm64), the
// lanes would round differently: the training module checks once per process
// (lanesCheck), and calls the imports instead where they do not match.
import { encodeModule, F64, Func, I32, V128, type FuncImport, type Local } from "../tensor/wasm/encode";

// fdlibm's constants (the doubles with the bits in the comments).
const LN2_HI = 6.93147180369123816490e-1; // 0x3fe62e42fee00000: ln 2's leading bits, k·LN2_HI exact for |k| < 2^11
const LN2_LO = 1.90821492927058770002e-10; // 0x3dea39ef35793c76: ln 2 − LN2_HI
const INV_LN2 = 1.44269504088896338700; // 0x3ff71547652b82fe
/** P1 … P5: exp's polynomial in r² (r·(e^r + 1)/(e^r − 1) ≈ 2 + P1·r² + … + P5·r¹⁰ on |r| ≤ ½ ln 2). */
const P = [1.66666666666666019037e-1, -2.77777777770155933842e-3, 6.61375632143793436117e-5, -1.65339022054652515390e-6, 4.13813679705723846039e-8];
/** Lg1 … Lg7: log's polynomial in s² for log(1 + f) = 2s + s·R(s²), s = f/(2 + f). */
const LG = [6.666666666666735130e-1, 3.999999999940941908e-1, 2.857142874366239149e-1, 2.222219843214978396e-1,
  1.818357216161805012e-1, 1.531383769920937332e-1, 1.479819860511658591e-1];

const SIGN = 1n << 63n;
/** 1.5·2^52: an integer n (|n| < 2^51) added to its bits is the double 1.5·2^52 + n. */
const MAGIC = 0x4338000000000000n, MAGIC_F = 1.5 * 2 ** 52;

/** The double whose high word is `hi` and low word 0: |x| < it exactly when |x|'s high word is < hi (fdlibm's tests). */
function withHighWord(hi: number): number {
  const f = new Float64Array(1);
  new Uint32Array(f.buffer)[1] = hi;
  return f[0]!;
}

/** The pair x from `fn` (an imported f64 → f64) lane by lane: the special cases. Leaves the v128 on the stack. */
function eachLane(f: Func, x: Local, fn: number): void {
  f.get(x).lane(0).call(fn).splat().get(x).lane(1).call(fn).replaceLane(1);
}

/**
 * e^x of both lanes of the v128 local x, left on the stack, as fdlibm: with k = trunc(x/ln2 ± ½) (0 for
 * |x| ≤ ½ ln2), hi = x − k·ln2hi, lo = k·ln2lo, r = hi − lo, t = r², c = r − t·(P1 + t·(P2 + …)),
 * e^x = 2^k · (1 − ((lo − r·c/(2 − c)) − hi)); exp(1) = Math.E. `exp` is the imported Math.exp.
 */
function expLanes(f: Func, x: Local, exp: number): void {
  const a = f.local(V128), k = f.local(V128), hi = f.local(V128), lo = f.local(V128);
  const r = f.local(V128), t = f.local(V128), c = f.local(V128);
  // 2^-28 ≤ |x| < 708 in both lanes (false for NaN): fdlibm's general path with 2^k a normal double, k ≥ −1021.
  f.get(x).vAbs().tee(a).vConst(2 ** -28).vGe().get(a).vConst(708).vLt().vAnd().vAllTrue64().if(V128);
  // k = (int)(x/ln2 ± ½) (C's cast truncates toward zero). fdlibm takes k = ±1 without it where |x|'s high
  // word is in (0x3fd62e42, 0x3ff0a2b2), but there |x|/ln2 + ½ ∈ [1.0000000014, 1.9999997): the same k,
  // and hi = x ∓ ln2hi, lo = ±ln2lo are its hi and lo for k = ±1.
  f.get(x).vConst(INV_LN2).vMul().vConst(0.5).get(x).vConstBits(SIGN).vAnd().vOr().vAdd().vTrunc(); // ½ with x's sign
  // k = +0 where the high word ≤ 0x3fd62e42 (|x| ≤ ½ ln2): hi = x, lo = 0, and fdlibm's k = 0 formula
  // 1 − (x·c/(c − 2) − x) is the general one, as x·c/(c − 2) = −(x·c/(2 − c)) = 0 − x·c/(2 − c) exactly, and 2^0 = 1.
  f.get(a).vConst(withHighWord(0x3fd62e43)).vLt().vAndNot().set(k);
  // hi = x − k·ln2hi (the product exact), lo = k·ln2lo, r = hi − lo.
  f.get(x).get(k).vConst(LN2_HI).vMul().vSub().set(hi);
  f.get(k).vConst(LN2_LO).vMul().set(lo);
  f.get(hi).get(lo).vSub().tee(r).get(r).vMul().set(t);
  // c = r − t·(P1 + t·(P2 + t·(P3 + t·(P4 + t·P5))))
  f.get(r).get(t).vConst(P[0]!);
  for (let i = 1; i < 5; i++) f.get(t).vConst(P[i]!);
  for (let i = 1; i < 5; i++) f.vMul().vAdd();
  f.vMul().vSub().set(c);
  // y = 1 − ((lo − (r·c)/(2 − c)) − hi)
  f.vConst(1).get(lo).get(r).get(c).vMul().vConst(2).get(c).vSub().vDiv().vSub().get(hi).vSub().vSub();
  // · 2^k: k + (2^52 + 1023) holds k + 1023 in its low 12 bits (2 … 2044), shifted into the exponent field.
  f.get(k).vConst(2 ** 52 + 1023).vAdd().i32(52).vShl64().vMul().set(t);
  // V8 returns Math.E for exp(1) (the formula is one ulp off there).
  f.vConst(Math.E).get(t).get(x).vConst(1).vEq().vBitselect();
  f.else();
  eachLane(f, x, exp);
  f.end();
}

/** `name(x: f64x2) → e^x` per lane (expLanes as a function). */
export function expPair(name: string, exp: number): Func {
  const f = new Func(name, [V128], [V128]);
  expLanes(f, f.param(0), exp);
  return f;
}

/**
 * log x of both lanes of the v128 local x, left on the stack, as fdlibm: x = 2^k·(1 + f) with 1 + f ∈ [√2/2, √2), s = f/(2 + f),
 * z = s², w = z², R = z·(Lg1 + w·(Lg3 + w·(Lg5 + w·Lg7))) + w·(Lg2 + w·(Lg4 + w·Lg6)), hfsq = ½f·f, then
 * k·ln2hi − ((hfsq − (s·(hfsq + R) + k·ln2lo)) − f) for the mantissa's high word in [0x6147a, 0x6b851],
 * k·ln2hi − ((s·(f − R) − k·ln2lo) − f) elsewhere, and k·ln2hi − ((f·f·(½ − f/3) − k·ln2lo) − f) for |f| < 2^-20.
 * `log` is the imported Math.log.
 */
function logLanes(f: Func, x: Local, log: number): void {
  const mant = f.local(V128), big = f.local(V128), fr = f.local(V128), dk = f.local(V128), m = f.local(V128);
  const s = f.local(V128), z = f.local(V128), w = f.local(V128), R = f.local(V128), hi = f.local(V128), lo = f.local(V128);
  const hfsq = f.local(V128), res = f.local(V128);
  // Both lanes positive, normal and finite (false for NaN).
  f.get(x).vConst(2 ** -1022).vGe().get(x).vConst(Infinity).vLt().vAnd().vAllTrue64().if(V128);
  // big: the mantissa's high word + 0x95f64 carries into bit 20 (mantissa ≥ √2's): take x/2, k + 1.
  f.get(x).vConstBits(0x000fffffffffffffn).vAnd().tee(mant);
  f.vConstBits(0x95f64n << 32n).vAdd64().vConstBits(1n << 52n).vAnd().set(big);
  // f = (the mantissa under exponent 0x3ff, or 0x3fe when big) − 1
  f.get(mant).get(big).vConstBits(0x3ffn << 52n).vXor().vOr().vConst(1).vSub().set(fr);
  // k = exponent + big − 1023 as a double: the biased exponent added into MAGIC's bits (exact).
  f.get(x).get(big).vAdd64().i32(52).vShrU64().vConstBits(MAGIC).vAdd64().vConst(MAGIC_F + 1023).vSub().set(dk);
  f.get(mant).i32(32).vShrU64().set(m); // the mantissa's high word (20 bits)
  // s = f/(2 + f), z = s², w = z², R = t2 + t1
  f.get(fr).vConst(2).get(fr).vAdd().vDiv().tee(s).get(s).vMul().tee(z).get(z).vMul().set(w);
  f.get(z).vConst(LG[0]!); for (const i of [2, 4, 6]) f.get(w).vConst(LG[i]!); for (let i = 0; i < 3; i++) f.vMul().vAdd(); f.vMul(); // t2
  f.get(w).vConst(LG[1]!); for (const i of [3, 5]) f.get(w).vConst(LG[i]!); for (let i = 0; i < 2; i++) f.vMul().vAdd(); f.vMul(); // t1
  f.vAdd().set(R);
  f.get(dk).vConst(LN2_HI).vMul().set(hi);
  f.get(dk).vConst(LN2_LO).vMul().set(lo);
  f.vConst(0.5).get(fr).vMul().get(fr).vMul().set(hfsq);
  // The k = 0 forms (f − (hfsq − s·(hfsq + R)), f − s·(f − R), f − R) are these with k·ln2hi = k·ln2lo = +0:
  // v − 0 = v, and 0 − (u − f) = f − u exactly (the rounding is symmetric; +0 both when u = f).
  f.get(hi).get(hfsq).get(s).get(hfsq).get(R).vAdd().vMul().get(lo).vAdd().vSub().get(fr).vSub().vSub();
  f.get(hi).get(s).get(fr).get(R).vSub().vMul().get(lo).vSub().get(fr).vSub().vSub();
  f.get(m).vConstBits(0x6147an - 1n).vGtS64().get(m).vConstBits(0x6b852n).vLtS64().vAnd().vBitselect().set(res);
  // |f| < 2^-20 ((high word + 2) mod 2^20 < 3): R = f·f·(½ − f/3); with f = 0 it gives k·ln2hi + k·ln2lo, fdlibm's value there.
  f.get(hi).get(fr).get(fr).vMul().vConst(0.5).vConst(0.3333333333333333).get(fr).vMul().vSub().vMul().get(lo).vSub().get(fr).vSub().vSub();
  f.get(res);
  f.get(m).vConstBits(2n).vAdd64().vConstBits(0xfffffn).vAnd().vConstBits(3n).vLtS64().vBitselect();
  f.else();
  eachLane(f, x, log);
  f.end();
}

/** `name(x: f64x2) → log x` per lane (logLanes as a function). */
export function logPair(name: string, log: number): Func {
  const f = new Func(name, [V128], [V128]);
  logLanes(f, f.param(0), log);
  return f;
}

/**
 * A module for tests: `exp(at, n)` and `log(at, n)` replace the n f64s at byte address `at`
 * (16-aligned, n even) with their e^x or log x, two at a time through expPair and logPair; `lanesOk()` is lanesCheck.
 */
export function mathModule(): Uint8Array {
  const imports: FuncImport[] = [
    { module: "Math", name: "exp", params: [F64], results: [F64] },
    { module: "Math", name: "log", params: [F64], results: [F64] },
  ];
  const many = (name: string, pair: number): Func => {
    const f = new Func(name, [I32, I32]);
    const at = f.param(0), n = f.param(1), end = f.local(I32);
    f.get(n).i32(8).mul().get(at).add().set(end);
    f.block(); f.loop();
    f.get(at).get(end).geU().brIf(1);
    f.get(at).get(at).v128Load().call(pair).v128Store();
    f.get(at).i32(16).add().set(at);
    f.br(0);
    f.end(); f.end();
    return f;
  };
  const funcs = [expPair("expPair", 0), logPair("logPair", 1), many("exp", 2), many("log", 3), lanesCheck("lanesOk", 2, 3, 0, 1)];
  return encodeModule(funcs, { initial: 1, maximum: 65536, shared: false }, imports);
}

/** frac(v·φ) for the f64 v on the stack (t: an f64 local): a low-discrepancy sequence in [0, 1). */
function fracPhi(f: Func, t: Local): void {
  f.f64Const(0.6180339887498949).f64Mul().tee(t).get(t).f64Floor().f64Sub();
}

/**
 * `name() → 1` if expPair (function `vexp`) and logPair (`vlog`) give the imported Math.exp's (`exp`) and
 * Math.log's (`log`) bits on 4100 arguments spread over their ranges, else 0: where V8's C code was compiled
 * with fused multiply-adds (as clang may on arm64) they would not. All in the module: about 0.1 ms.
 */
export function lanesCheck(name: string, vexp: number, vlog: number, exp: number, log: number): Func {
  const f = new Func(name, [], [I32]);
  const i = f.local(F64), t = f.local(F64), u = f.local(V128), x = f.local(V128), ok = f.local(V128);
  f.vConstBits((1n << 64n) - 1n).set(ok);
  // Arguments from u = frac(i·φ): exp on [−707, 707] and [−2, 2]; log of e^±700, of u ∈ (0, 1) and of 1 ± 2^-19.
  const cases: [number, number, (f: Func) => void][] = [
    [vexp, exp, (f) => f.get(u).vConst(1414).vMul().vConst(707).vSub()],
    [vexp, exp, (f) => f.get(u).vConst(4).vMul().vConst(2).vSub()],
    [vlog, log, (f) => f.get(u).vConst(1400).vMul().vConst(700).vSub().call(vexp)],
    [vlog, log, (f) => f.get(u)],
    [vlog, log, (f) => f.get(u).vConst(0.5).vSub().vConst(2 ** -18).vMul().vConst(1).vAdd()],
  ];
  for (const [pair, one, arg] of cases) {
    f.f64Const(1).set(i);
    f.loop();
    f.get(i); fracPhi(f, t); f.splat();
    f.get(i).f64Const(1).f64Add(); fracPhi(f, t); f.replaceLane(1).set(u);
    arg(f); f.set(x);
    // ok &= (bits of the pair's results == bits of the imported function's, per lane)
    f.get(ok).get(x).call(pair);
    f.get(x).lane(0).call(one).splat().get(x).lane(1).call(one).replaceLane(1);
    f.vEq64().vAnd().set(ok);
    f.get(i).f64Const(2).f64Add().tee(i).f64Const(820).f64Lt().brIf(0); // 410 pairs per case
    f.end();
  }
  f.get(ok).vAllTrue64();
  return f;
}
