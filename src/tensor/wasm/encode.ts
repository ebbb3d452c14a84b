// A tiny WebAssembly binary writer: just the instructions our kernels use
// (integer arithmetic and loads for addresses and the random generator, loops
// and branches, f64 and f64x2 SIMD arithmetic, the i64x2 bit operations of
// e^x and log x two lanes at a time, calls to imported functions).
// The kernels are generated from TypeScript at run time
// (a few kilobytes, well under a millisecond), so no toolchain, no assembler
// package and no committed binary is needed. Layout and opcodes follow the
// WebAssembly core spec (binary format, §5) and the fixed-width SIMD proposal.

/** Value types. */
export const I32 = 0x7f, F64 = 0x7c, V128 = 0x7b;
export type ValType = typeof I32 | typeof F64 | typeof V128;

/**
 * A growing byte buffer. Generating a module runs once per process, mostly in
 * V8's interpreter, where an Array push per byte and spreads of long arrays
 * cost ~1 µs per byte; a typed array written by index and copied with `set` does not.
 */
class Bytes {
  buf = new Uint8Array(256);
  length = 0;

  private room(n: number): void {
    if (this.length + n <= this.buf.length) return;
    const next = new Uint8Array(Math.max(2 * this.buf.length, this.length + n));
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
  }

  byte(b: number): void {
    if (this.length === this.buf.length) this.room(1);
    this.buf[this.length++] = b;
  }

  bytes(src: Uint8Array): void {
    this.room(src.length);
    this.buf.set(src, this.length);
    this.length += src.length;
  }

  /** Unsigned LEB128. */
  uleb(v: number): void {
    do {
      let b = v & 0x7f;
      v >>>= 7;
      if (v !== 0) b |= 0x80;
      this.byte(b);
    } while (v !== 0);
  }

  /** Signed LEB128 (32-bit). */
  sleb(v: number): void {
    for (;;) {
      const b = v & 0x7f;
      v >>= 7;
      if ((v === 0 && (b & 0x40) === 0) || (v === -1 && (b & 0x40) !== 0)) { this.byte(b); return; }
      this.byte(b | 0x80);
    }
  }

  view(): Uint8Array {
    return this.buf.subarray(0, this.length);
  }
}

const F64_BITS = new Float64Array(1), F64_BYTES = new Uint8Array(F64_BITS.buffer); // little-endian, as the format wants
const U64_BITS = new BigUint64Array(F64_BITS.buffer);

/** A local variable (or parameter) of a function being written. */
export type Local = number & { readonly __local: unique symbol };

/**
 * One function body, written instruction by instruction; each method appends
 * one instruction (named as in the text format) and returns the builder.
 * Loads and stores take a constant byte offset, folded into the instruction.
 */
export class Func {
  private readonly code = new Bytes();
  private readonly localTypes: ValType[] = [];

  constructor(readonly name: string, readonly params: ValType[], readonly results: ValType[] = []) {}

  /** Parameter i. */
  param(i: number): Local {
    return i as Local;
  }

  /** A new local of type t. */
  local(t: ValType): Local {
    this.localTypes.push(t);
    return (this.params.length + this.localTypes.length - 1) as Local;
  }

  private op(byte: number): this {
    this.code.byte(byte);
    return this;
  }

  private simd(opcode: number): this {
    this.code.byte(0xfd);
    this.code.uleb(opcode);
    return this;
  }

  private mem(align: number, offset: number): this {
    this.code.uleb(align);
    this.code.uleb(offset);
    return this;
  }

  get(l: Local): this { this.op(0x20); this.code.uleb(l); return this; }
  set(l: Local): this { this.op(0x21); this.code.uleb(l); return this; }
  tee(l: Local): this { this.op(0x22); this.code.uleb(l); return this; }

  i32(v: number): this { this.op(0x41); this.code.sleb(v | 0); return this; }
  add(): this { return this.op(0x6a); }
  sub(): this { return this.op(0x6b); }
  mul(): this { return this.op(0x6c); }
  and(): this { return this.op(0x71); }
  ltU(): this { return this.op(0x49); }
  geU(): this { return this.op(0x4f); }
  eqz(): this { return this.op(0x45); }
  /** Count of leading zero bits. */
  clz(): this { return this.op(0x67); }
  eq(): this { return this.op(0x46); }
  ne(): this { return this.op(0x47); }
  ltS(): this { return this.op(0x48); }
  gtS(): this { return this.op(0x4a); }
  gtU(): this { return this.op(0x4b); }
  leU(): this { return this.op(0x4d); }
  or(): this { return this.op(0x72); }
  xor(): this { return this.op(0x73); }
  shl(): this { return this.op(0x74); }
  shrU(): this { return this.op(0x76); }
  i32Load(offset = 0): this { return this.op(0x28).mem(2, offset); }
  i32Store(offset = 0): this { return this.op(0x36).mem(2, offset); }

  /** `block … end`: `br` to it jumps past its end. */
  block(): this { return this.op(0x02).op(0x40); }
  /** `loop … end`: `br` to it jumps back to its start. */
  loop(): this { return this.op(0x03).op(0x40); }
  end(): this { return this.op(0x0b); }
  br(depth: number): this { this.op(0x0c); this.code.uleb(depth); return this; }
  brIf(depth: number): this { this.op(0x0d); this.code.uleb(depth); return this; }
  /** `if … (else …) end`, taking an i32 condition; `result` types the value both arms leave. */
  if(result?: ValType): this { return this.op(0x04).op(result ?? 0x40); }
  else(): this { return this.op(0x05); }
  return(): this { return this.op(0x0f); }
  /** Call function `index` (imports are numbered first, in the order given to encodeModule). */
  call(index: number): this { this.op(0x10); this.code.uleb(index); return this; }
  drop(): this { return this.op(0x1a); }
  /** `c ? a : b` for operands a, b, c pushed in that order. */
  select(): this { return this.op(0x1b); }

  f64Const(v: number): this {
    F64_BITS[0] = v;
    this.op(0x44);
    this.code.bytes(F64_BYTES);
    return this;
  }
  f64Load(offset = 0): this { return this.op(0x2b).mem(3, offset); }
  f64Store(offset = 0): this { return this.op(0x39).mem(3, offset); }
  f64Add(): this { return this.op(0xa0); }
  f64Sub(): this { return this.op(0xa1); }
  f64Mul(): this { return this.op(0xa2); }
  f64Div(): this { return this.op(0xa3); }
  f64Neg(): this { return this.op(0x9a); }
  f64Sqrt(): this { return this.op(0x9f); }
  f64Floor(): this { return this.op(0x9c); }
  f64Eq(): this { return this.op(0x61); }
  f64Ne(): this { return this.op(0x62); }
  f64Lt(): this { return this.op(0x63); }
  f64Gt(): this { return this.op(0x64); }
  f64Ge(): this { return this.op(0x66); }
  /** The unsigned i32 on the stack as an f64 (exact). */
  f64FromU32(): this { return this.op(0xb8); }

  v128Load(offset = 0): this { return this.simd(0x00).mem(4, offset); }
  v128Store(offset = 0): this { return this.simd(0x0b).mem(4, offset); }
  /** Load one f64 into both lanes. */
  loadSplat(offset = 0): this { return this.simd(0x0a).mem(3, offset); }
  splat(): this { return this.simd(0x14); }
  lane(i: 0 | 1): this { this.simd(0x21); return this.op(i); }
  vAdd(): this { return this.simd(0xf0); }
  vSub(): this { return this.simd(0xf1); }
  vMul(): this { return this.simd(0xf2); }
  /** Relaxed SIMD `f64x2.relaxed_madd`: a·b + c, rounded once where the machine fuses it (x64 with FMA3, arm64), twice elsewhere. */
  vMadd(): this { return this.simd(0x107); }
  vDiv(): this { return this.simd(0xf3); }
  vSqrt(): this { return this.simd(0xef); }
  /** Lane-wise `a > b` as all-ones or all-zeros lanes (false for NaN). */
  vGt(): this { return this.simd(0x4a); }
  vAnd(): this { return this.simd(0x4e); }
  /** Pseudo-maximum `b > a ? b : a`: with a = 0 it is relu exactly as `z > 0 ? z : 0` (NaN and −0 give 0). */
  vPmax(): this { return this.simd(0xf7); }
  /** `v128.const`: the f64 `v` in both lanes, an immediate (no splat at run time). */
  vConst(v: number): this {
    F64_BITS[0] = v;
    this.simd(0x0c);
    this.code.bytes(F64_BYTES); this.code.bytes(F64_BYTES);
    return this;
  }
  /** `v128.const` with the 64-bit pattern `bits` (0 ≤ bits < 2^64) in both lanes. */
  vConstBits(bits: bigint): this {
    U64_BITS[0] = bits;
    this.simd(0x0c);
    this.code.bytes(F64_BYTES); this.code.bytes(F64_BYTES);
    return this;
  }
  /** `f64x2.replace_lane i`: (v, x) → v with lane i set to the f64 x. */
  replaceLane(i: 0 | 1): this { this.simd(0x22); return this.op(i); }
  vAbs(): this { return this.simd(0xec); }
  vNeg(): this { return this.simd(0xed); }
  /** Round each lane toward zero (C's (int) cast of a double in range, kept as a double). */
  vTrunc(): this { return this.simd(0x7a); }
  /** Lane-wise `a == b`, `a < b`, `a ≥ b` as all-ones or all-zeros lanes (false for NaN). */
  vEq(): this { return this.simd(0x47); }
  vLt(): this { return this.simd(0x49); }
  vGe(): this { return this.simd(0x4c); }
  vOr(): this { return this.simd(0x50); }
  vXor(): this { return this.simd(0x51); }
  /** `v128.andnot` of a, b: a & ~b. */
  vAndNot(): this { return this.simd(0x4f); }
  /** `v128.bitselect` of a, b, mask (pushed in that order): bits of a where mask is 1, of b where 0. */
  vBitselect(): this { return this.simd(0x52); }
  /** i64x2 lanes: shift left / logical shift right by the i32 on top, add, signed compares, "both lanes nonzero" (an i32). */
  vShl64(): this { return this.simd(0xcb); }
  vShrU64(): this { return this.simd(0xcd); }
  vAdd64(): this { return this.simd(0xce); }
  vLtS64(): this { return this.simd(0xd8); }
  vGtS64(): this { return this.simd(0xd9); }
  vAllTrue64(): this { return this.simd(0xc3); }
  /** i64x2.eq: lanes with equal bits as all-ones lanes. */
  vEq64(): this { return this.simd(0xd6); }

  /** The body as the code section wants it: locals grouped by type, then the instructions. */
  body(out: Bytes): void {
    const groups: [number, ValType][] = [];
    for (const t of this.localTypes) {
      const last = groups[groups.length - 1];
      if (last && last[1] === t) last[0]++;
      else groups.push([1, t]);
    }
    const head = new Bytes();
    head.uleb(groups.length);
    for (const [n, t] of groups) { head.uleb(n); head.byte(t); }
    out.uleb(head.length + this.code.length + 1);
    out.bytes(head.view());
    out.bytes(this.code.view());
    out.byte(0x0b);
  }
}

function section(out: Bytes, id: number, content: Bytes): void {
  out.byte(id);
  out.uleb(content.length);
  out.bytes(content.view());
}

function name(out: Bytes, s: string): void {
  out.uleb(s.length); // ASCII names only
  for (let i = 0; i < s.length; i++) out.byte(s.charCodeAt(i));
}

/** A function the module imports, e.g. `{ module: "Math", name: "exp", params: [F64], results: [F64] }`. */
export interface FuncImport { module: string; name: string; params: ValType[]; results: ValType[] }

/**
 * A module importing its memory as `env.memory` (shared when `shared`, so
 * worker threads can run the same kernels on the same data) and the functions
 * in `imports` (numbered 0, 1, … for `call`, before the module's own), and
 * exporting each of its functions under its name.
 */
export function encodeModule(funcs: Func[], memory: { initial: number; maximum: number; shared: boolean }, imported: FuncImport[] = []): Uint8Array {
  const out = new Bytes();
  out.bytes(new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]));
  const types = new Bytes();
  const sigs = [...imported, ...funcs]; // type i is the signature of function i
  types.uleb(sigs.length);
  for (const f of sigs) {
    types.byte(0x60);
    types.uleb(f.params.length); for (const t of f.params) types.byte(t);
    types.uleb(f.results.length); for (const t of f.results) types.byte(t);
  }
  section(out, 1, types);
  const imports = new Bytes();
  imports.uleb(imported.length + 1);
  imported.forEach((im, i) => { name(imports, im.module); name(imports, im.name); imports.byte(0x00); imports.uleb(i); });
  name(imports, "env"); name(imports, "memory");
  imports.byte(0x02); imports.byte(memory.shared ? 0x03 : 0x01);
  imports.uleb(memory.initial); imports.uleb(memory.maximum);
  section(out, 2, imports);
  const fns = new Bytes();
  fns.uleb(funcs.length);
  funcs.forEach((_, i) => fns.uleb(imported.length + i));
  section(out, 3, fns);
  const exps = new Bytes();
  exps.uleb(funcs.length);
  funcs.forEach((f, i) => { name(exps, f.name); exps.byte(0x00); exps.uleb(imported.length + i); });
  section(out, 7, exps);
  const code = new Bytes();
  code.uleb(funcs.length);
  for (const f of funcs) f.body(code);
  section(out, 10, code);
  return out.view().slice();
}
