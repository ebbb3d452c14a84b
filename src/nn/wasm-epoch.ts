// One epoch of mini-batch training of a small dense network, as a WebAssembly
// module generated for the network's shape: the course's reshuffle
// (np.random.seed(s); np.random.permutation(m), MT19937 as src/random has it),
// then per mini-batch the forward pass, dZ[L] = A[L] − Y, the backward pass and
// the optimizer's in-place update. Compiled code from the first step, so a
// training run pays no JIT warm-up, and no object is allocated per step.
//
// It is a second implementation of src/nn (model.ts, backward.ts) and
// src/optim (the kernels of sgd.ts, momentum.ts, adam.ts), kept bit-identical
// to them: every value is computed by the same IEEE operations in the same
// order (WebAssembly, like JavaScript, rounds every multiply and every add; an
// f64x2 lane holds one example's value, never part of another's sum). tanh x
// comes from JavaScript's own Math.tanh (imported); e^x (in sigmoids) and log x
// (in the cost) are computed two lanes at a time by wasm-math.ts, which rounds
// as Math.exp and Math.log do (fdlibm's algorithms, as V8 has them) and leaves
// special arguments to the imported functions. Each mini-batch's cost is
// computed here too, as costs.ts does (its terms summed in numpy's pairwise order).
// test/nn/wasm-training.test.ts compares both paths bit for bit.
import { encodeModule, F64, Func, I32, V128, type FuncImport, type Local } from "../tensor/wasm/encode";
import { expPair, lanesCheck, logPair } from "./wasm-math";

/** The update rules the module can run (the in-place kernels of sgd, momentum "ema", rmsprop (ε outside √) and adam). */
export type UpdateRule = "sgd" | "ema" | "rms" | "adam";

/**
 * Scalars of one update, in the order the rule reads them (sgd: α; ema: α, β, 1 − β; rms: α, β, 1 − β, ε;
 * adam: α, β₁, 1 − β₁, β₂, 1 − β₂, r₁, r₂, ε).
 */
export const RULE_SCALARS: Record<UpdateRule, number> = { sgd: 1, ema: 3, rms: 4, adam: 8 };

/** Hidden activations the module computes (the output is a sigmoid scored with binary cross-entropy). */
export type HiddenActivation = "relu" | "sigmoid" | "tanh";

export interface EpochShape {
  /** n[0] … n[L]; n[L] = 1 (a sigmoid unit). */
  dims: number[];
  /** g[1] … g[L−1]. */
  hidden: HiddenActivation[];
  /** Examples m and mini-batch size (≥ m: one batch of all examples, no shuffle). */
  m: number;
  batch: number;
  rule: UpdateRule;
  /**
   * e^x and log x two lanes at a time (wasm-math.ts), or by calls to the imported Math.exp and Math.log
   * where the lanes would not round as they do (the module's `lanesOk()` is 0).
   */
  mathLanes: boolean;
}

/** Byte addresses of everything in the module's memory. */
export interface EpochLayout {
  X: number; Y: number;
  /** Parameters W1, b1, W2, … in one block (layer order), their gradients, and the rule's moments v, s, in the same layout. */
  P: number; G: number; V: number; S: number; count: number;
  /** Byte offset of W[l] and b[l] inside a block, l = 1 … L (index 0 unused). */
  wOff: number[]; bOff: number[];
  /** The shuffled examples, mini-batch after mini-batch (each n[0] x width), and their labels (1 x m). */
  XS: number; YS: number;
  /** A[L] of every mini-batch of the epoch, side by side (1 x m). */
  AL: number;
  /** Per layer l: Z[l], A[l] (hidden layers), dZ[l], each n[l] rows of the batch's width, `rowBytes` apart. */
  Z: number[]; A: number[]; dZ: number[];
  /**
   * Bytes from one row of Z, A or dZ to the next: the widest batch's row rounded up to an odd number
   * of 64-byte cache lines. Rows 4096 bytes apart (batches of 512) all fall in one set of the L1 cache
   * and evict each other: such an epoch took twice as long as one of 510 or 520.
   */
  rowBytes: number;
  MT: number; PERM: number;
  /** Scratch for one mini-batch's cost terms (batch f64s), each step's cost (steps f64s) and the epoch's running Σ cost·width (one f64). */
  T: number; COSTS: number; TOTAL: number;
  /** Last: the update scalars, RULE_SCALARS values per step, for as many steps as the memory is given room for. */
  SC: number;
  /** Bytes up to SC. */
  bytes: number;
  steps: number;
  /** Width of each step's mini-batch. */
  widths: number[];
}

const N = 624, M = 397;

export function layout(s: EpochShape): EpochLayout {
  const { dims, m } = s, L = dims.length - 1, B = Math.min(s.batch, m), shuffle = s.batch < m;
  let at = 0;
  const take = (f64s: number): number => { const a = at; at += Math.ceil(f64s / 2) * 16; return a; };
  const wOff = [0], bOff = [0];
  let count = 0;
  for (let l = 1; l <= L; l++) {
    wOff.push(count * 8); count += dims[l]! * dims[l - 1]!;
    bOff.push(count * 8); count += dims[l]!;
  }
  const X = take(dims[0]! * m), Y = take(m);
  const P = take(count), G = take(count);
  const V = s.rule === "ema" || s.rule === "adam" ? take(count) : 0, S = s.rule === "rms" || s.rule === "adam" ? take(count) : 0;
  const XS = shuffle ? take(dims[0]! * m) : X, YS = shuffle ? take(m) : Y, AL = take(m);
  const Z = [0], A = [0], dZ = [0];
  const lines = Math.ceil((B * 8) / 64), rowBytes = 64 * (lines % 2 === 0 ? lines + 1 : lines), rowF64s = rowBytes / 8;
  for (let l = 1; l <= L; l++) { Z.push(take(dims[l]! * rowF64s)); A.push(l < L ? take(dims[l]! * rowF64s) : 0); dZ.push(take(dims[l]! * rowF64s)); }
  const widths: number[] = [];
  for (let start = 0; start < m; start += B) widths.push(Math.min(B, m - start));
  const MT = take(N / 2), PERM = take(Math.ceil(m / 2));
  const T = take(B), COSTS = take(widths.length), TOTAL = take(1);
  return { X, Y, P, G, V, S, count, wOff, bOff, XS, YS, AL, Z, A, dZ, rowBytes, MT, PERM, T, COSTS, TOTAL, SC: at, bytes: at, steps: widths.length, widths };
}

// Imported functions: JavaScript's own, so tanh x (and e^x, log x of special arguments) are the reference path's to the last bit.
const EXP = 0, TANH = 1, LOG = 2;
const IMPORTS: FuncImport[] = [
  { module: "Math", name: "exp", params: [F64], results: [F64] },
  { module: "Math", name: "tanh", params: [F64], results: [F64] },
  { module: "Math", name: "log", params: [F64], results: [F64] },
];
// The module's own functions, numbered after the imports (8 is `epoch`).
const TWIST = 3, SHUFFLE = 4, STEP = 5, PSUM = 6, COST = 7, VEXP = 9, VLOG = 10;

/** Operations on one value (f64) or on two neighbouring columns at once (f64x2, one example per lane). */
interface Lanes {
  type: typeof F64 | typeof V128;
  bytes: number;
  load(f: Func): void;
  store(f: Func): void;
  /** The f64 at a constant address, in every lane. */
  bcast(f: Func, addr: number): void;
  konst(f: Func, v: number): void;
  add(f: Func): void; sub(f: Func): void; mul(f: Func): void; div(f: Func): void; sqrt(f: Func): void;
}
const TWO: Lanes = {
  type: V128, bytes: 16,
  load: (f) => f.v128Load(), store: (f) => f.v128Store(), bcast: (f, a) => f.i32(0).loadSplat(a), konst: (f, v) => f.f64Const(v).splat(),
  add: (f) => f.vAdd(), sub: (f) => f.vSub(), mul: (f) => f.vMul(), div: (f) => f.vDiv(), sqrt: (f) => f.vSqrt(),
};
const ONE: Lanes = {
  type: F64, bytes: 8,
  load: (f) => f.f64Load(), store: (f) => f.f64Store(), bcast: (f, a) => f.i32(0).f64Load(a), konst: (f, v) => f.f64Const(v),
  add: (f) => f.f64Add(), sub: (f) => f.f64Sub(), mul: (f) => f.f64Mul(), div: (f) => f.f64Div(), sqrt: (f) => f.f64Sqrt(),
};

/**
 * `for (j = 0; j + lanes ≤ w; j += lanes) body` over byte offsets jb, then once more with one
 * lane if a column is left: `body(lanes)` is generated for both widths.
 */
function columns(f: Func, jb: Local, wb: Local, body: (x: Lanes) => void): void {
  f.i32(0).set(jb);
  f.block(); f.loop();
  f.get(jb).i32(16).add().get(wb).gtU().brIf(1);
  body(TWO);
  f.get(jb).i32(16).add().set(jb);
  f.br(0);
  f.end(); f.end();
  f.get(jb).get(wb).ltU().if();
  body(ONE);
  f.end();
}

/**
 * Row pointers (locals) for r < rows: a layer array of the layout (Z, A, dZ) at `at + r·lay.rowBytes`,
 * a block at a local's address (the mini-batch's inputs) at `local + r·wb`, rows as long as the batch.
 */
function rowPointers(f: Func, base: { at: number; lay: EpochLayout } | { local: Local; wb: Local }, rows: number): Local[] {
  const out: Local[] = [];
  for (let r = 0; r < rows; r++) {
    const p = f.local(I32);
    if ("at" in base) f.i32(base.at + r * base.lay.rowBytes);
    else f.i32(r).get(base.wb).mul().get(base.local).add();
    f.set(p);
    out.push(p);
  }
  return out;
}

/** The scalar σ(z) as activations.ts computes it: z ≥ 0 ? 1/(1 + e^(−z)) : e^z/(1 + e^z). Leaves σ on the stack. */
function sigmoidOf(f: Func, z: Local, e: Local): void {
  f.get(z).f64Const(0).f64Ge().if(F64);
  f.f64Const(1).f64Const(1).get(z).f64Neg().call(EXP).f64Add().f64Div();
  f.else();
  f.get(z).call(EXP).tee(e).f64Const(1).get(e).f64Add().f64Div();
  f.end();
}

/** σ of both lanes of z at once, as sigmoidOf: e = e^(z ≥ 0 ? −z : z), then (z ≥ 0 ? 1 : e)/(1 + e). Leaves σ on the stack. */
function sigmoidPair(f: Func, z: Local, ge: Local, e: Local): void {
  f.get(z).vConst(0).vGe().set(ge);
  f.get(z).vNeg().get(z).get(ge).vBitselect().call(VEXP).set(e);
  f.vConst(1).get(e).get(ge).vBitselect().vConst(1).get(e).vAdd().vDiv();
}

/** Locals forwardLayer's activations use: f64 z, e for one lane, v128 ge, e2 for two. */
interface Scratch { z: Local; e: Local; ge: Local; e2: Local }

/**
 * Z[l] = W[l]·A[l−1] + b[l] and A[l] = g(Z[l]) for one layer (model.ts `linearForward`, then
 * `activate`): each entry starts from b[i] and adds W[i, t]·A[t, j] for t = 0, 1, … in order.
 */
function forwardLayer(f: Func, s: EpochShape, lay: EpochLayout, l: number, input: Local[], wb: Local, jb: Local, alBase: Local, scratch: Scratch): void {
  const n = s.dims[l]!, k = s.dims[l - 1]!, L = s.dims.length - 1;
  const act = l < L ? s.hidden[l - 1]! : "sigmoid";
  const rz = rowPointers(f, { at: lay.Z[l]!, lay }, n);
  const ra = rowPointers(f, l < L ? { at: lay.A[l]!, lay } : { local: alBase, wb }, n);
  const xs2 = input.map(() => f.local(V128)), xs1 = input.map(() => f.local(F64));
  const acc2 = f.local(V128), acc1 = f.local(F64);
  const W = (i: number, t: number) => lay.P + lay.wOff[l]! + (i * k + t) * 8;
  const b = (i: number) => lay.P + lay.bOff[l]! + i * 8;
  columns(f, jb, wb, (x) => {
    const xs = x === TWO ? xs2 : xs1, acc = x === TWO ? acc2 : acc1;
    for (let t = 0; t < k; t++) { f.get(input[t]!).get(jb).add(); x.load(f); f.set(xs[t]!); }
    for (let i = 0; i < n; i++) {
      x.bcast(f, b(i));
      for (let t = 0; t < k; t++) { x.bcast(f, W(i, t)); f.get(xs[t]!); x.mul(f); x.add(f); }
      f.set(acc);
      f.get(rz[i]!).get(jb).add().get(acc); x.store(f);
      if (act === "relu") {
        // pmax(0, z) is z > 0 ? z : 0 exactly (NaN and −0 give +0), as the fused relu of linearForward.
        f.get(ra[i]!).get(jb).add();
        if (x === TWO) f.f64Const(0).splat().get(acc).vPmax();
        else f.get(acc).f64Const(0).get(acc).f64Const(0).f64Gt().select();
        x.store(f);
      } else if (act === "sigmoid" && x === TWO && s.mathLanes) {
        f.get(ra[i]!).get(jb).add();
        sigmoidPair(f, acc, scratch.ge, scratch.e2);
        f.v128Store();
      } else {
        for (let q = 0; q < x.bytes / 8; q++) {
          f.get(acc);
          if (x === TWO) f.lane(q as 0 | 1);
          f.set(scratch.z);
          f.get(ra[i]!).get(jb).add();
          if (act === "sigmoid") sigmoidOf(f, scratch.z, scratch.e);
          else f.get(scratch.z).call(TANH);
          f.f64Store(8 * q);
        }
      }
    }
  });
}

/**
 * dW[l] = dZ·A[l−1]ᵀ / m and db[l] = Σ_j dZ / m (backward.ts `linearGrads`): db sums j in order;
 * each dW entry keeps four partial sums over j ≡ 0, 1, 2, 3 (mod 4), the last m mod 4 columns
 * joining the first, then ((s0 + s1) + s2 + s3)·(1/m). Lanes (s0, s1) and (s2, s3) of two vectors.
 */
function linearGrads(f: Func, s: EpochShape, lay: EpochLayout, l: number, dz: Local[], input: Local[], wb: Local, jb: Local, inv: Local): void {
  const n = s.dims[l]!, k = s.dims[l - 1]!;
  const p01 = input.map(() => f.local(V128)), p23 = input.map(() => f.local(V128)), a0 = input.map(() => f.local(F64));
  const d01 = f.local(V128), d23 = f.local(V128), d = f.local(F64), sum = f.local(F64);
  const dW = (i: number, t: number) => lay.G + lay.wOff[l]! + (i * k + t) * 8;
  const db = (i: number) => lay.G + lay.bOff[l]! + i * 8;
  for (let i = 0; i < n; i++) {
    for (let t = 0; t < k; t++) { f.f64Const(0).splat().tee(p01[t]!).set(p23[t]!); }
    f.f64Const(0).set(sum);
    f.i32(0).set(jb);
    f.block(); f.loop();
    f.get(jb).i32(32).add().get(wb).gtU().brIf(1);
    f.get(dz[i]!).get(jb).add().v128Load().set(d01);
    f.get(dz[i]!).get(jb).add().v128Load(16).set(d23);
    f.get(sum).get(d01).lane(0).f64Add().get(d01).lane(1).f64Add().get(d23).lane(0).f64Add().get(d23).lane(1).f64Add().set(sum);
    for (let t = 0; t < k; t++) {
      f.get(p01[t]!).get(d01).get(input[t]!).get(jb).add().v128Load().vMul().vAdd().set(p01[t]!);
      f.get(p23[t]!).get(d23).get(input[t]!).get(jb).add().v128Load(16).vMul().vAdd().set(p23[t]!);
    }
    f.get(jb).i32(32).add().set(jb);
    f.br(0);
    f.end(); f.end();
    for (let t = 0; t < k; t++) f.get(p01[t]!).lane(0).set(a0[t]!);
    // The remaining m mod 4 columns: into db's sum and s0, in order.
    f.block(); f.loop();
    f.get(jb).get(wb).geU().brIf(1);
    f.get(dz[i]!).get(jb).add().f64Load().set(d);
    f.get(sum).get(d).f64Add().set(sum);
    for (let t = 0; t < k; t++) f.get(a0[t]!).get(d).get(input[t]!).get(jb).add().f64Load().f64Mul().f64Add().set(a0[t]!);
    f.get(jb).i32(8).add().set(jb);
    f.br(0);
    f.end(); f.end();
    f.i32(0).get(sum).get(inv).f64Mul().f64Store(db(i));
    for (let t = 0; t < k; t++) {
      f.i32(0).get(a0[t]!).get(p01[t]!).lane(1).f64Add().get(p23[t]!).lane(0).f64Add().get(p23[t]!).lane(1).f64Add().get(inv).f64Mul().f64Store(dW(i, t));
    }
  }
}

/**
 * dZ[l−1] = g′(Z[l−1]) ∗ W[l]ᵀ·dZ[l] (backward.ts `backToPrevFused`, or `backToPrev` then
 * `activationBackward` for layers of more than 16 units): entry (t, j) sums W[i, t]·dZ[i, j]
 * over i in order, starting from the first product (fused) or from +0.
 */
function backToPrev(f: Func, s: EpochShape, lay: EpochLayout, l: number, dz: Local[], wb: Local, jb: Local): void {
  const n = s.dims[l]!, k = s.dims[l - 1]!, act = s.hidden[l - 2]!;
  const fused = n <= 16;
  const out = rowPointers(f, { at: lay.dZ[l - 1]!, lay }, k), zs = rowPointers(f, { at: lay.Z[l - 1]!, lay }, k), as = rowPointers(f, { at: lay.A[l - 1]!, lay }, k);
  const ds2 = dz.map(() => f.local(V128)), ds1 = dz.map(() => f.local(F64));
  const c2 = f.local(V128), c1 = f.local(F64), a2 = f.local(V128), a1 = f.local(F64);
  const W = (i: number, t: number) => lay.P + lay.wOff[l]! + (i * k + t) * 8;
  columns(f, jb, wb, (x) => {
    const ds = x === TWO ? ds2 : ds1, c = x === TWO ? c2 : c1, a = x === TWO ? a2 : a1;
    for (let i = 0; i < n; i++) { f.get(dz[i]!).get(jb).add(); x.load(f); f.set(ds[i]!); }
    for (let t = 0; t < k; t++) {
      if (fused) { x.bcast(f, W(0, t)); f.get(ds[0]!); x.mul(f); }
      else { x.konst(f, 0); x.bcast(f, W(0, t)); f.get(ds[0]!); x.mul(f); x.add(f); }
      for (let i = 1; i < n; i++) { x.bcast(f, W(i, t)); f.get(ds[i]!); x.mul(f); x.add(f); }
      f.set(c);
      f.get(out[t]!).get(jb).add();
      if (act === "relu") {
        // dZ = 0 where !(z > 0): the mask of z > 0 kept, +0 elsewhere.
        f.get(zs[t]!).get(jb).add();
        if (x === TWO) f.v128Load().f64Const(0).splat().vGt().get(c).vAnd();
        else f.f64Load().set(a).get(c).f64Const(0).get(a).f64Const(0).f64Gt().select();
      } else {
        f.get(as[t]!).get(jb).add(); x.load(f); f.set(a);
        if (act === "sigmoid") { f.get(c).get(a); x.mul(f); x.konst(f, 1); f.get(a); x.sub(f); x.mul(f); } // (dA·a)·(1 − a)
        else { f.get(c); x.konst(f, 1); f.get(a).get(a); x.mul(f); x.sub(f); x.mul(f); } // dA·(1 − a²)
      }
      x.store(f);
    }
  });
}

/** One in-place update of every parameter from its gradient (the kernels of sgd.ts, momentum.ts "ema", rmsprop.ts, adam.ts). */
function update(f: Func, s: EpochShape, lay: EpochLayout, sc: Local, ib: Local): void {
  const end = lay.count * 8;
  const reg = (x: Lanes) => f.local(x.type);
  const body = (x: Lanes) => {
    const k = (q: number) => { f.get(sc); if (x === TWO) f.loadSplat(8 * q); else f.f64Load(8 * q); };
    const at = (base: number) => { f.get(ib).i32(base).add(); };
    const g = reg(x), v = reg(x), sq = reg(x);
    at(lay.G); x.load(f); f.set(g);
    if (s.rule === "sgd") {
      // p − α·g
      at(lay.P); at(lay.P); x.load(f); k(0); f.get(g); x.mul(f); x.sub(f); x.store(f);
      return;
    }
    if (s.rule === "rms") {
      // s = βs + (1 − β)g²; p − (α·g) / (√s + ε)
      k(1); at(lay.S); x.load(f); x.mul(f); k(2); f.get(g).get(g); x.mul(f); x.mul(f); x.add(f); f.set(sq);
      at(lay.S); f.get(sq); x.store(f);
      at(lay.P); at(lay.P); x.load(f);
      k(0); f.get(g); x.mul(f);
      f.get(sq); x.sqrt(f); k(3); x.add(f);
      x.div(f); x.sub(f); x.store(f);
      return;
    }
    // v = β₁v + (1 − β₁)g
    k(1); at(lay.V); x.load(f); x.mul(f); k(2); f.get(g); x.mul(f); x.add(f); f.set(v);
    at(lay.V); f.get(v); x.store(f);
    if (s.rule === "ema") {
      // p − α·v
      at(lay.P); at(lay.P); x.load(f); k(0); f.get(v); x.mul(f); x.sub(f); x.store(f);
      return;
    }
    // s = β₂s + (1 − β₂)g²; p − (α·(v·r₁)) / (√(s·r₂) + ε)
    k(3); at(lay.S); x.load(f); x.mul(f); k(4); f.get(g).get(g); x.mul(f); x.mul(f); x.add(f); f.set(sq);
    at(lay.S); f.get(sq); x.store(f);
    at(lay.P); at(lay.P); x.load(f);
    k(0); f.get(v); k(5); x.mul(f); x.mul(f);
    f.get(sq); k(6); x.mul(f); x.sqrt(f); k(7); x.add(f);
    x.div(f); x.sub(f); x.store(f);
  };
  f.i32(0).set(ib);
  f.block(); f.loop();
  f.get(ib).i32(16).add().i32(end).gtU().brIf(1);
  body(TWO);
  f.get(ib).i32(16).add().set(ib);
  f.br(0);
  f.end(); f.end();
  f.get(ib).i32(end).ltU().if();
  body(ONE);
  f.end();
}

/** `step(in, w, al, y, sc) → 0`, or 1 (nothing updated) when a gradient is not finite, as the optimizers' check would throw. */
function step(s: EpochShape, lay: EpochLayout): Func {
  const f = new Func("step", [I32, I32, I32, I32, I32], [I32]);
  const [inBase, w, alBase, yBase, sc] = [0, 1, 2, 3, 4].map((i) => f.param(i));
  const L = s.dims.length - 1;
  const wb = f.local(I32), jb = f.local(I32), ib = f.local(I32), inv = f.local(F64);
  const scratch: Scratch = { z: f.local(F64), e: f.local(F64), ge: f.local(V128), e2: f.local(V128) };
  f.get(w).i32(8).mul().set(wb);
  f.f64Const(1).get(w).f64FromU32().f64Div().set(inv); // 1 / m, as linearGrads' inv
  // Forward.
  const inputs: Local[][] = [[]];
  inputs[0] = rowPointers(f, { local: inBase, wb }, s.dims[0]!);
  for (let l = 1; l <= L; l++) {
    if (l > 1) inputs[l - 1] = rowPointers(f, { at: lay.A[l - 1]!, lay }, s.dims[l - 1]!);
    forwardLayer(f, s, lay, l, inputs[l - 1]!, wb, jb, alBase, scratch);
  }
  // dZ[L] = A[L] − Y (sigmoid with cross-entropy).
  {
    const dz = lay.dZ[L]!;
    columns(f, jb, wb, (x) => {
      f.get(jb).i32(dz).add();
      f.get(alBase).get(jb).add(); x.load(f);
      f.get(yBase).get(jb).add(); x.load(f);
      x.sub(f); x.store(f);
    });
  }
  // Backward, l = L … 1.
  for (let l = L; l >= 1; l--) {
    const dz = rowPointers(f, { at: lay.dZ[l]!, lay }, s.dims[l]!);
    linearGrads(f, s, lay, l, dz, inputs[l - 1]!, wb, jb, inv);
    if (l > 1) backToPrev(f, s, lay, l, dz, wb, jb);
  }
  // Every gradient finite? Σ g·0 is 0 unless some g is NaN or ±Infinity (validate.ts firstNonFinite).
  {
    const acc = f.local(V128), end = lay.count * 8;
    f.f64Const(0).splat().set(acc);
    f.i32(0).set(ib);
    f.block(); f.loop();
    f.get(ib).i32(16).add().i32(end).gtU().brIf(1);
    f.get(acc).get(ib).v128Load(lay.G).f64Const(0).splat().vMul().vAdd().set(acc);
    f.get(ib).i32(16).add().set(ib);
    f.br(0);
    f.end(); f.end();
    f.get(acc).lane(0).get(acc).lane(1).f64Add();
    f.get(ib).i32(end).ltU().if(F64);
    f.get(ib).f64Load(lay.G).f64Const(0).f64Mul();
    f.else();
    f.f64Const(0);
    f.end();
    f.f64Add().f64Const(0).f64Ne().if();
    f.i32(1).return();
    f.end();
  }
  update(f, s, lay, sc, ib);
  f.i32(0);
  return f;
}

/** MT19937's twist of the 624-word state (random.ts `twist`). */
function twist(lay: EpochLayout): Func {
  const f = new Func("twist", []);
  const kk = f.local(I32), y = f.local(I32);
  const word = (i: (f: Func) => void) => { i(f); f.i32(4).mul().i32Load(lay.MT); };
  const next = (src: (f: Func) => void) => {
    // mt[kk] = src ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0)
    f.get(kk).i32(4).mul();
    src(f);
    f.get(y).i32(1).shrU().xor();
    f.i32(0).get(y).i32(1).and().sub().i32(0x9908b0df).and().xor();
    f.i32Store(lay.MT);
  };
  const mix = (a: (f: Func) => void, b: (f: Func) => void) => {
    a(f); f.i32(0x80000000).and(); b(f); f.i32(0x7fffffff).and(); f.or().set(y);
  };
  // kk < N − M reads mt[kk + M]; later words wrap round to mt[kk + M − N], already twisted.
  for (const [from, to, off] of [[0, N - M, M], [N - M, N - 1, M - N]] as const) {
    f.i32(from).set(kk);
    f.loop();
    mix((f) => word((f) => f.get(kk)), (f) => word((f) => f.get(kk).i32(1).add()));
    next((f) => word((f) => f.get(kk).i32(off).add()));
    f.get(kk).i32(1).add().tee(kk).i32(to).ltU().brIf(0);
    f.end();
  }
  f.i32(N - 1).set(kk);
  mix((f) => f.i32(0).i32Load(lay.MT + (N - 1) * 4), (f) => f.i32(0).i32Load(lay.MT));
  next((f) => f.i32(0).i32Load(lay.MT + (M - 1) * 4));
  return f;
}

/**
 * `shuffle(seed)`: PERM = np.random.seed(seed); np.random.permutation(m) (random.ts `seed`, then
 * `shuffle`: Fisher–Yates from the end, j drawn by masked rejection from tempered MT19937 words).
 */
function shuffle(s: EpochShape, lay: EpochLayout): Func {
  const f = new Func("shuffle", [I32]);
  const seed = f.param(0);
  const i = f.local(I32), prev = f.local(I32), mti = f.local(I32), y = f.local(I32), j = f.local(I32);
  // init_genrand: mt[0] = seed, mt[i] = 1812433253·(mt[i−1] ^ (mt[i−1] >>> 30)) + i (mod 2^32).
  f.i32(0).get(seed).i32Store(lay.MT);
  f.get(seed).set(prev);
  f.i32(1).set(i);
  f.loop();
  f.get(i).i32(4).mul();
  f.get(prev).get(prev).i32(30).shrU().xor().i32(1812433253).mul().get(i).add().tee(prev);
  f.i32Store(lay.MT);
  f.get(i).i32(1).add().tee(i).i32(N).ltU().brIf(0);
  f.end();
  f.i32(N).set(mti);
  // PERM = 0, 1, …, m − 1
  f.i32(0).set(i);
  f.loop();
  f.get(i).i32(4).mul().get(i).i32Store(lay.PERM);
  f.get(i).i32(1).add().tee(i).i32(s.m).ltU().brIf(0);
  f.end();
  // for i = m − 1 … 1: j uniform on [0, i] by masked rejection, swap. Written as one pass over the
  // generator's words, each either accepted (swap, i − 1) or rejected (a swap of perm[i] with itself),
  // so no branch depends on a random word: a mispredicted rejection cost more than the rest.
  const acc = f.local(I32), jj = f.local(I32), a = f.local(I32);
  f.i32(s.m - 1).set(i);
  f.block();
  f.loop();
  f.get(i).eqz().brIf(1);
  f.get(mti).i32(N).geU().if();
  f.call(TWIST).i32(0).set(mti);
  f.end();
  f.get(mti).i32(4).mul().i32Load(lay.MT).set(y);
  f.get(mti).i32(1).add().set(mti);
  f.get(y).get(y).i32(11).shrU().xor().set(y);
  f.get(y).get(y).i32(7).shl().i32(0x9d2c5680).and().xor().set(y);
  f.get(y).get(y).i32(15).shl().i32(0xefc60000).and().xor().set(y);
  // mask = i with every bit below its highest set (random.ts smears i >>> 1, 2, 4, 8, 16): all ones >>> clz(i).
  f.get(y).get(y).i32(18).shrU().xor().i32(-1).get(i).clz().shrU().and().tee(j);
  f.get(i).leU().set(acc);
  f.get(j).get(i).get(acc).select().i32(4).mul().set(jj);
  f.get(i).i32(4).mul().i32Load(lay.PERM).set(a);
  f.get(i).i32(4).mul().get(jj).i32Load(lay.PERM).i32Store(lay.PERM);
  f.get(jj).get(a).i32Store(lay.PERM);
  f.get(i).get(acc).sub().set(i);
  f.br(0);
  f.end();
  f.end();
  return f;
}

/**
 * `psum(at, n) → Σ`: the n f64s at byte address `at` summed in numpy's pairwise order, as
 * tensor/pairwise.ts `pairwiseSum`: n < 8 left to right from 0; n ≤ 128 eight running sums
 * r₀…r₇ (lanes of four f64x2), `((r₀+r₁)+(r₂+r₃))+((r₄+r₅)+(r₆+r₇))`, the rest left to right;
 * longer runs split in two halves, the first a multiple of 8 long.
 */
function psum(): Func {
  const f = new Func("psum", [I32, I32], [F64]);
  const [at, n] = [0, 1].map((i) => f.param(i));
  const i = f.local(I32), end = f.local(I32), s = f.local(F64), n2 = f.local(I32);
  const r = [f.local(V128), f.local(V128), f.local(V128), f.local(V128)];
  const rest = () => {
    // for (; i < n; i++) s += v[i]
    f.block(); f.loop();
    f.get(i).get(n).geU().brIf(1);
    f.get(s).get(i).i32(8).mul().get(at).add().f64Load().f64Add().set(s);
    f.get(i).i32(1).add().set(i);
    f.br(0);
    f.end(); f.end();
  };
  f.get(n).i32(8).ltU().if();
  f.f64Const(0).set(s); f.i32(0).set(i); rest(); f.get(s).return();
  f.end();
  f.get(n).i32(128).gtU().if();
  f.get(n).i32(1).shrU().tee(n2).get(n2).i32(7).and().sub().set(n2);
  f.get(at).get(n2).call(PSUM);
  f.get(at).get(n2).i32(8).mul().add().get(n).get(n2).sub().call(PSUM);
  f.f64Add().return();
  f.end();
  for (let q = 0; q < 4; q++) f.get(at).v128Load(16 * q).set(r[q]!);
  f.get(n).get(n).i32(7).and().sub().set(end);
  f.i32(8).set(i);
  f.block(); f.loop();
  f.get(i).get(end).geU().brIf(1);
  for (let q = 0; q < 4; q++) f.get(r[q]!).get(i).i32(8).mul().get(at).add().v128Load(16 * q).vAdd().set(r[q]!);
  f.get(i).i32(8).add().set(i);
  f.br(0);
  f.end(); f.end();
  const pair = (q: number) => { f.get(r[q]!).lane(0).get(r[q]!).lane(1).f64Add(); };
  pair(0); pair(1); f.f64Add(); pair(2); pair(3); f.f64Add(); f.f64Add().set(s);
  rest();
  f.get(s);
  return f;
}

/**
 * `cost(al, y, w) → J`: binary cross-entropy of one mini-batch as costs.ts `crossEntropyCost`
 * computes it, `J = (1/w) · Σ_j (y_j = 1 ? −log a_j : −log(1 − a_j)) + 0`, Σ in numpy's order.
 * The terms two at a time (with s.mathLanes): −log of (y = 1 ? a : 1 − a) per lane.
 */
function cost(s: EpochShape, lay: EpochLayout): Func {
  const f = new Func("cost", [I32, I32, I32], [F64]);
  const [al, y, w] = [0, 1, 2].map((i) => f.param(i));
  const jb = f.local(I32), wb = f.local(I32), a = f.local(F64), a2 = f.local(V128);
  f.get(w).i32(8).mul().set(wb);
  columns(f, jb, wb, (x) => {
    f.get(jb);
    if (x === TWO && s.mathLanes) {
      f.get(al).get(jb).add().v128Load().tee(a2).vConst(1).get(a2).vSub();
      f.get(y).get(jb).add().v128Load().vConst(1).vEq().vBitselect().call(VLOG).vNeg().v128Store(lay.T);
      return;
    }
    for (let q = 0; q < x.bytes / 8; q++) {
      if (q > 0) f.get(jb);
      f.get(al).get(jb).add().f64Load(8 * q).set(a);
      f.get(y).get(jb).add().f64Load(8 * q).f64Const(1).f64Eq().if(F64);
      f.get(a).call(LOG).f64Neg();
      f.else();
      f.f64Const(1).get(a).f64Sub().call(LOG).f64Neg();
      f.end();
      f.f64Store(lay.T + 8 * q);
    }
  });
  f.f64Const(1).get(w).f64FromU32().f64Div();
  f.i32(lay.T).get(w).call(PSUM);
  f.f64Mul().f64Const(0).f64Add();
  return f;
}

/**
 * `epoch(seed, steps, sc) → k`: reshuffle with `seed` (unless one batch holds all m), then mini-batches
 * 0 … steps − 1 in turn, each gathered (columns PERM[start … start + width)), trained with the
 * scalars at byte address sc + k·8·RULE_SCALARS, and its A[L] left at AL + start, its cost at
 * COSTS + 8k and Σ cost·width so far (train.ts's running total, from 0) at TOTAL. Returns −1, or the
 * mini-batch k whose gradients were not finite (0 … k − 1 applied).
 */
function epoch(s: EpochShape, lay: EpochLayout): Func {
  const f = new Func("epoch", [I32, I32, I32], [I32]);
  const [seed, steps, sc] = [0, 1, 2].map((i) => f.param(i));
  const shuffled = s.batch < s.m, B = Math.min(s.batch, s.m), n0 = s.dims[0]!, K = RULE_SCALARS[s.rule];
  const k = f.local(I32), start = f.local(I32), w = f.local(I32), t = f.local(I32), c = f.local(I32), dst = f.local(I32);
  const j = f.local(F64);
  f.i32(0).f64Const(0).f64Store(lay.TOTAL);
  if (shuffled) f.get(seed).call(SHUFFLE);
  f.i32(0).set(k).i32(0).set(start);
  f.block(); f.loop();
  f.get(k).get(steps).geU().brIf(1);
  f.i32(s.m).get(start).sub().set(w);
  f.get(w).i32(B).gtU().if(); f.i32(B).set(w); f.end();
  if (shuffled) {
    // X's columns PERM[start + t] into an n[0] x w block at XS + 8·n[0]·start, labels into YS + 8·start.
    f.get(start).i32(8 * n0).mul().i32(lay.XS).add().set(dst);
    f.i32(0).set(t);
    f.loop();
    f.get(start).get(t).add().i32(4).mul().i32Load(lay.PERM).i32(8).mul().set(c);
    for (let r = 0; r < n0; r++) {
      f.get(dst).get(t).get(w).i32(r).mul().add().i32(8).mul().add();
      f.get(c).f64Load(lay.X + r * s.m * 8).f64Store();
    }
    f.get(start).get(t).add().i32(8).mul().get(c).f64Load(lay.Y).f64Store(lay.YS);
    f.get(t).i32(1).add().tee(t).get(w).ltU().brIf(0);
    f.end();
  }
  f.get(start).i32(8 * n0).mul().i32(lay.XS).add();
  f.get(w);
  f.get(start).i32(8).mul().i32(lay.AL).add();
  f.get(start).i32(8).mul().i32(lay.YS).add();
  f.get(k).i32(8 * K).mul().get(sc).add();
  f.call(STEP).if(); f.get(k).return(); f.end();
  f.get(start).i32(8).mul().i32(lay.AL).add();
  f.get(start).i32(8).mul().i32(lay.YS).add();
  f.get(w).call(COST).set(j);
  f.get(k).i32(8).mul().get(j).f64Store(lay.COSTS);
  f.i32(0).i32(0).f64Load(lay.TOTAL).get(j).get(w).f64FromU32().f64Mul().f64Add().f64Store(lay.TOTAL);
  f.get(k).i32(1).add().set(k);
  f.get(start).i32(B).add().set(start);
  f.br(0);
  f.end(); f.end();
  f.i32(-1);
  return f;
}

/**
 * The module's bytes: imports Math.exp, Math.tanh, Math.log and `env.memory` (at least lay.bytes, plus room
 * for the scalars). Exports `epoch`, and `lanesOk() → 1` if its e^x and log x lanes match Math.exp's and Math.log's bits here.
 */
export function epochModule(s: EpochShape, lay: EpochLayout): Uint8Array {
  const pages = Math.ceil(lay.bytes / 65536);
  const funcs = [twist(lay), shuffle(s, lay), step(s, lay), psum(), cost(s, lay), epoch(s, lay), expPair("vexp", EXP), logPair("vlog", LOG),
    lanesCheck("lanesOk", VEXP, VLOG, EXP, LOG)];
  return encodeModule(funcs, { initial: pages, maximum: 65536, shared: false }, IMPORTS);
}
