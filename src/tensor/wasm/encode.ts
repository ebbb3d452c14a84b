// A tiny WebAssembly binary writer: just the instructions the product kernels
// use (integer address arithmetic, loops, f64 and f64x2 SIMD loads, stores,
// multiplies and adds). The kernels are generated from TypeScript at run time
// (a few kilobytes, well under a millisecond), so no toolchain, no assembler
// package and no committed binary is needed. Layout and opcodes follow the
// WebAssembly core spec (binary format, §5) and the fixed-width SIMD proposal.

/** Value types. */
export const I32 = 0x7f, F64 = 0x7c, V128 = 0x7b;
export type ValType = typeof I32 | typeof F64 | typeof V128;

/** Unsigned LEB128. */
function uleb(out: number[], v: number): void {
  do {
    let b = v & 0x7f;
    v >>>= 7;
    if (v !== 0) b |= 0x80;
    out.push(b);
  } while (v !== 0);
}

/** Signed LEB128 (32-bit). */
function sleb(out: number[], v: number): void {
  for (;;) {
    const b = v & 0x7f;
    v >>= 7;
    if ((v === 0 && (b & 0x40) === 0) || (v === -1 && (b & 0x40) !== 0)) { out.push(b); return; }
    out.push(b | 0x80);
  }
}

/** A local variable (or parameter) of a function being written. */
export type Local = number & { readonly __local: unique symbol };

/**
 * One function body, written instruction by instruction; each method appends
 * one instruction (named as in the text format) and returns the builder.
 * Loads and stores take a constant byte offset, folded into the instruction.
 */
export class Func {
  readonly code: number[] = [];
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

  private op(...bytes: number[]): this {
    this.code.push(...bytes);
    return this;
  }

  private simd(opcode: number): this {
    this.code.push(0xfd);
    uleb(this.code, opcode);
    return this;
  }

  private mem(align: number, offset: number): this {
    uleb(this.code, align);
    uleb(this.code, offset);
    return this;
  }

  get(l: Local): this { this.op(0x20); uleb(this.code, l); return this; }
  set(l: Local): this { this.op(0x21); uleb(this.code, l); return this; }
  tee(l: Local): this { this.op(0x22); uleb(this.code, l); return this; }

  i32(v: number): this { this.op(0x41); sleb(this.code, v | 0); return this; }
  add(): this { return this.op(0x6a); }
  sub(): this { return this.op(0x6b); }
  mul(): this { return this.op(0x6c); }
  and(): this { return this.op(0x71); }
  ltU(): this { return this.op(0x49); }
  geU(): this { return this.op(0x4f); }
  eqz(): this { return this.op(0x45); }

  /** `block … end`: `br` to it jumps past its end. */
  block(): this { return this.op(0x02, 0x40); }
  /** `loop … end`: `br` to it jumps back to its start. */
  loop(): this { return this.op(0x03, 0x40); }
  end(): this { return this.op(0x0b); }
  br(depth: number): this { this.op(0x0c); uleb(this.code, depth); return this; }
  brIf(depth: number): this { this.op(0x0d); uleb(this.code, depth); return this; }

  f64Const(v: number): this {
    this.op(0x44);
    this.code.push(...new Uint8Array(new Float64Array([v]).buffer));
    return this;
  }
  f64Load(offset = 0): this { return this.op(0x2b).mem(3, offset); }
  f64Store(offset = 0): this { return this.op(0x39).mem(3, offset); }
  f64Add(): this { return this.op(0xa0); }
  f64Mul(): this { return this.op(0xa2); }

  v128Load(offset = 0): this { return this.simd(0x00).mem(4, offset); }
  v128Store(offset = 0): this { return this.simd(0x0b).mem(4, offset); }
  /** Load one f64 into both lanes. */
  loadSplat(offset = 0): this { return this.simd(0x0a).mem(3, offset); }
  splat(): this { return this.simd(0x14); }
  lane(i: 0 | 1): this { this.simd(0x21); this.code.push(i); return this; }
  vAdd(): this { return this.simd(0xf0); }
  vMul(): this { return this.simd(0xf2); }
  /** Pseudo-maximum `b > a ? b : a`: with a = 0 it is relu exactly as `z > 0 ? z : 0` (NaN and −0 give 0). */
  vPmax(): this { return this.simd(0xf7); }

  /** The body as the code section wants it: locals grouped by type, then the instructions. */
  body(): number[] {
    const groups: [number, ValType][] = [];
    for (const t of this.localTypes) {
      const last = groups[groups.length - 1];
      if (last && last[1] === t) last[0]++;
      else groups.push([1, t]);
    }
    const out: number[] = [];
    uleb(out, groups.length);
    for (const [n, t] of groups) { uleb(out, n); out.push(t); }
    out.push(...this.code, 0x0b);
    return out;
  }
}

function section(out: number[], id: number, content: number[]): void {
  out.push(id);
  uleb(out, content.length);
  out.push(...content);
}

function name(out: number[], s: string): void {
  uleb(out, s.length); // ASCII names only
  for (let i = 0; i < s.length; i++) out.push(s.charCodeAt(i));
}

/**
 * A module importing its memory as `env.memory` (shared when `shared`, so
 * worker threads can run the same kernels on the same data) and exporting
 * each function under its name.
 */
export function encodeModule(funcs: Func[], memory: { initial: number; maximum: number; shared: boolean }): Uint8Array {
  const out = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
  const types: number[] = [];
  uleb(types, funcs.length);
  for (const f of funcs) {
    types.push(0x60);
    uleb(types, f.params.length); types.push(...f.params);
    uleb(types, f.results.length); types.push(...f.results);
  }
  section(out, 1, types);
  const imports: number[] = [1];
  name(imports, "env"); name(imports, "memory");
  imports.push(0x02, memory.shared ? 0x03 : 0x01);
  uleb(imports, memory.initial); uleb(imports, memory.maximum);
  section(out, 2, imports);
  const fns: number[] = [];
  uleb(fns, funcs.length);
  funcs.forEach((_, i) => uleb(fns, i)); // function i has type i
  section(out, 3, fns);
  const exps: number[] = [];
  uleb(exps, funcs.length);
  funcs.forEach((f, i) => { name(exps, f.name); exps.push(0x00); uleb(exps, i); });
  section(out, 7, exps);
  const code: number[] = [];
  uleb(code, funcs.length);
  for (const f of funcs) {
    const b = f.body();
    uleb(code, b.length);
    code.push(...b);
  }
  section(out, 10, code);
  return new Uint8Array(out);
}
