// A fused multiply-add computed exactly, for references: fl(a·b + c) with one rounding,
// as the machine's FMA gives it. JavaScript has none (Math.fma is not a thing), so the
// sum is formed exactly in BigInt and rounded once by Number(), which rounds to nearest,
// ties to even. Finite inputs whose result is a normal number (the tests' data); anything
// else is refused rather than answered wrongly.

const view = new DataView(new ArrayBuffer(8));

/** x = m·2^e with m an integer. */
function split(x: number): [bigint, number] {
  view.setFloat64(0, x);
  const hi = view.getUint32(0), lo = view.getUint32(4);
  const exp = (hi >>> 20) & 0x7ff;
  let m = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  if (exp !== 0) m |= 1n << 52n;
  return [hi >>> 31 ? -m : m, (exp === 0 ? 1 : exp) - 1075];
}

/** fl(a·b + c), rounded once. */
export function fma(a: number, b: number, c: number): number {
  if (!Number.isFinite(a) || !Number.isFinite(b) || !Number.isFinite(c)) throw new RangeError("fma reference: finite inputs only");
  // An exact zero product (or c = 0) leaves one term: the two roundings are one, signs of zero included.
  if (a === 0 || b === 0 || c === 0) return a * b + c;
  const [ma, ea] = split(a), [mb, eb] = split(b), [mc, ec] = split(c);
  const ep = ea + eb, e = Math.min(ep, ec);
  const X = ((ma * mb) << BigInt(ep - e)) + (mc << BigInt(ec - e));
  if (X === 0n) return 0; // an exact cancellation is +0 when rounding to nearest
  const r = Number(X) * 2 ** e;
  if (!Number.isFinite(r) || Math.abs(r) < 2 ** -1022 || 2 ** e === 0) throw new RangeError("fma reference: result outside the normal range");
  return r;
}
