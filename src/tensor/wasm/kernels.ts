// The product kernels, written as WebAssembly SIMD (two f64 lanes per v128).
//
// Every output entry is summed in exactly the order of the plain JavaScript
// loops they replace, and the two SIMD lanes hold two different output entries,
// never two halves of one sum. So whichever thread computes an entry, it comes
// out the same; and built with `fused = false` (a multiply, then an add, each
// rounded, as JavaScript does) it is bit-identical to the loops'. With `fused`
// each term is one relaxed_madd, a·b + c rounded once where the machine fuses
// it: twice the terms per cycle on x64, and what numpy's BLAS rounds too.
//
// gemm: C += A·B over packed panels, in the style of BLIS/OpenBLAS. A is
//   packed into panels of MR rows stored k-major (the MR values A[i..i+MR, k]
//   side by side), B into panels of NR columns stored k-major. The micro-kernel
//   keeps an MR x NR tile of C in registers (MR·NR/2 v128 accumulators) and for
//   each k loads NR/2 vectors of B, splats each of the MR values of A and
//   multiply-adds: C[i, j] = C[i, j] + A[i, k]·B[k, j] for k = 0, 1, …, K−1, the
//   same sequence as `s += a·b` (rounded once per term when fused). Since the
//   tile is loaded from C first, a product over K split in chunks (cache
//   blocking) sums in the same order too, and C's starting value is the
//   caller's choice (0, −0 or a bias).
// pack: the panels, from operands in any layout (strides), so one kernel serves
//   A·B, Aᵀ·B and A·Bᵀ, and every fourth column (the backward pass's partial sums).
// relu, gate, sum4: elementwise passes over a result before it is copied out
//   (relu(Z) beside Z; relu's backward mask; the four partial sums combined as
//   the backward loop combines them).
import { encodeModule, F64, Func, I32, V128, type Local } from "./encode";

/** Micro-tile of the gemm kernel: MR rows x NR columns of C in registers. */
export const MR = 4, NR = 4;

/** `gemm(ap, bp, c, panelsA, panelsB, K, ldc)`: every MR x NR tile of C (byte stride ldc) += its panels' product; `fused`: by relaxed_madd. */
function gemm(fused: boolean): Func {
  const f = new Func("gemm", [I32, I32, I32, I32, I32, I32, I32]);
  const [ap, bp, c, np, mp, K, ldc] = [0, 1, 2, 3, 4, 5, 6].map((i) => f.param(i));
  const aBytes = f.local(I32), bBytes = f.local(I32), apan = f.local(I32), bpan = f.local(I32);
  const aEnd = f.local(I32), bEnd = f.local(I32), ccol = f.local(I32), crow = f.local(I32);
  const a = f.local(I32), b = f.local(I32), kEnd = f.local(I32);
  const NV = NR / 2;
  const rows: Local[] = [];
  for (let r = 0; r < MR; r++) rows.push(f.local(I32));
  const acc: Local[][] = [];
  for (let r = 0; r < MR; r++) { acc.push([]); for (let q = 0; q < NV; q++) acc[r]!.push(f.local(V128)); }
  const bv: Local[] = [];
  for (let q = 0; q < NV; q++) bv.push(f.local(V128));
  const s = f.local(V128);

  f.get(K).i32(MR * 8).mul().set(aBytes);
  f.get(K).i32(NR * 8).mul().set(bBytes);
  f.get(ap).get(np).get(aBytes).mul().add().set(aEnd);
  f.get(bp).get(mp).get(bBytes).mul().add().set(bEnd);
  f.get(bp).set(bpan).get(c).set(ccol);
  f.loop(); // over the panels of B (column blocks of C)
  {
    f.get(ap).set(apan).get(ccol).set(crow);
    f.loop(); // over the panels of A (row blocks of C)
    {
      f.get(crow).set(rows[0]!);
      for (let r = 1; r < MR; r++) f.get(rows[r - 1]!).get(ldc).add().set(rows[r]!);
      for (let r = 0; r < MR; r++) for (let q = 0; q < NV; q++) f.get(rows[r]!).v128Load(16 * q).set(acc[r]![q]!);
      f.get(apan).set(a).get(bpan).tee(b).get(bBytes).add().set(kEnd);
      f.loop(); // over k
      {
        for (let q = 0; q < NV; q++) f.get(b).v128Load(16 * q).set(bv[q]!);
        for (let r = 0; r < MR; r++) {
          f.get(a).loadSplat(8 * r).set(s);
          for (let q = 0; q < NV; q++) {
            if (fused) f.get(s).get(bv[q]!).get(acc[r]![q]!).vMadd().set(acc[r]![q]!);
            else f.get(acc[r]![q]!).get(s).get(bv[q]!).vMul().vAdd().set(acc[r]![q]!);
          }
        }
        f.get(a).i32(MR * 8).add().set(a);
        f.get(b).i32(NR * 8).add().tee(b).get(kEnd).ltU().brIf(0);
      }
      f.end();
      for (let r = 0; r < MR; r++) for (let q = 0; q < NV; q++) f.get(rows[r]!).get(acc[r]![q]!).v128Store(16 * q);
      f.get(crow).get(ldc).i32(MR).mul().add().set(crow);
      f.get(apan).get(aBytes).add().tee(apan).get(aEnd).ltU().brIf(0);
    }
    f.end();
    f.get(ccol).i32(NR * 8).add().set(ccol);
    f.get(bpan).get(bBytes).add().tee(bpan).get(bEnd).ltU().brIf(0);
  }
  f.end();
  return f;
}

/**
 * `pack_W(src, dst, n, K, si, sk)`: panels of W lanes, k-major, from the strided
 * operand whose entry (i, k) is at byte `src + i·si + k·sk`: the panel of rows
 * p·W … p·W+W−1 holds at `dst + (p·K + k)·W·8` the W values of column k.
 * Lanes past row n−1 (the last panel's) are zeros, so edge tiles compute on
 * zeros instead of branching.
 */
function pack(W: number): Func {
  const f = new Func(`pack_${W}`, [I32, I32, I32, I32, I32, I32]);
  const [src, dst, n, K, si, sk] = [0, 1, 2, 3, 4, 5].map((i) => f.param(i));
  const row = f.local(I32), s = f.local(I32), k = f.local(I32), r = f.local(I32), d = f.local(I32), lanes = f.local(I32);
  f.get(src).set(row).get(dst).set(d);
  f.block();
  f.loop(); // one panel
  {
    f.get(n).i32(W).ltU().brIf(1); // fewer than W rows left: the partial panel below
    f.get(row).set(s).i32(0).set(k);
    f.loop();
    {
      for (let q = 0; q < W; q++) f.get(d).get(s).get(si).i32(q).mul().add().f64Load().f64Store(8 * q);
      f.get(d).i32(8 * W).add().set(d);
      f.get(s).get(sk).add().set(s);
      f.get(k).i32(1).add().tee(k).get(K).ltU().brIf(0);
    }
    f.end();
    f.get(row).get(si).i32(W).mul().add().set(row);
    f.get(n).i32(W).sub().set(n);
    f.br(0);
  }
  f.end();
  f.end();
  // The partial panel: zeros, then the n remaining rows lane by lane.
  f.block();
  f.get(n).eqz().brIf(0);
  f.get(n).set(lanes);
  f.i32(0).set(k);
  f.loop();
  {
    for (let q = 0; q < W; q++) f.get(d).get(k).i32(8 * W).mul().add().f64Const(0).f64Store(8 * q);
    f.get(k).i32(1).add().tee(k).get(K).ltU().brIf(0);
  }
  f.end();
  f.i32(0).set(r);
  f.loop();
  {
    f.get(row).get(si).get(r).mul().add().set(s).i32(0).set(k);
    f.loop();
    {
      f.get(d).get(k).i32(8 * W).mul().add().get(r).i32(8).mul().add();
      f.get(s).f64Load().f64Store();
      f.get(s).get(sk).add().set(s);
      f.get(k).i32(1).add().tee(k).get(K).ltU().brIf(0);
    }
    f.end();
    f.get(r).i32(1).add().tee(r).get(lanes).ltU().brIf(0);
  }
  f.end();
  f.end();
  return f;
}

/** `relu(src, dst, n)`: dst = `src > 0 ? src : 0` over n values (n even), two at a time (pmax(0, x) is exactly that, NaN and −0 giving 0). */
function relu(): Func {
  const f = new Func("relu", [I32, I32, I32]);
  const [src, dst, n] = [0, 1, 2].map((i) => f.param(i));
  const end = f.local(I32), zero = f.local(V128);
  f.f64Const(0).splat().set(zero);
  f.get(src).get(n).i32(8).mul().add().set(end);
  f.block();
  f.get(n).eqz().brIf(0);
  f.loop();
  f.get(dst).get(zero).get(src).v128Load().vPmax().v128Store();
  f.get(dst).i32(16).add().set(dst);
  f.get(src).i32(16).add().tee(src).get(end).ltU().brIf(0);
  f.end();
  f.end();
  return f;
}

/**
 * `gate(c, z, n)`: c = `z > 0 ? c : 0` over n values (n even), two at a time: relu′ applied to
 * dA, the lane ANDed with the all-ones or all-zeros of `z > 0` (so +0 where z ≤ 0 or NaN, c's bits where z > 0).
 */
function gate(): Func {
  const f = new Func("gate", [I32, I32, I32]);
  const [c, z, n] = [0, 1, 2].map((i) => f.param(i));
  const end = f.local(I32), zero = f.local(V128);
  f.f64Const(0).splat().set(zero);
  f.get(c).get(n).i32(8).mul().add().set(end);
  f.block();
  f.get(n).eqz().brIf(0);
  f.loop();
  f.get(c).get(c).v128Load().get(z).v128Load().get(zero).vGt().vAnd().v128Store();
  f.get(z).i32(16).add().set(z);
  f.get(c).i32(16).add().tee(c).get(end).ltU().brIf(0);
  f.end();
  f.end();
  return f;
}

/** `sum4(src, size, dst, n, inv)`: dst[i] = (((s0 + s1) + s2) + s3)·inv with s_r = src[i + r·size] (bytes), n values (n even). */
function sum4(): Func {
  const f = new Func("sum4", [I32, I32, I32, I32, F64]);
  const [src, size, dst, n] = [0, 1, 2, 3].map((i) => f.param(i));
  const inv = f.param(4);
  const end = f.local(I32), vinv = f.local(V128), s = f.local(I32);
  f.get(inv).splat().set(vinv);
  f.get(src).get(n).i32(8).mul().add().set(end);
  f.block();
  f.get(n).eqz().brIf(0);
  f.loop();
  f.get(dst);
  f.get(src).v128Load().get(src).get(size).add().tee(s).v128Load().vAdd();
  f.get(s).get(size).add().tee(s).v128Load().vAdd();
  f.get(s).get(size).add().v128Load().vAdd();
  f.get(vinv).vMul().v128Store();
  f.get(dst).i32(16).add().set(dst);
  f.get(src).i32(16).add().tee(src).get(end).ltU().brIf(0);
  f.end();
  f.end();
  return f;
}

/** `fill(dst, n, value)`: n f64 values (n even) from byte dst set to value, two at a time (TypedArray#fill on a shared memory is 5–10x slower, measured 4 Dec). */
function fill(): Func {
  const f = new Func("fill", [I32, I32, F64]);
  const [dst, n] = [0, 1].map((i) => f.param(i));
  const end = f.local(I32), v = f.local(V128);
  f.get(f.param(2)).splat().set(v);
  f.get(dst).get(n).i32(8).mul().add().set(end);
  f.block();
  f.get(n).eqz().brIf(0);
  f.loop();
  f.get(dst).get(v).v128Store();
  f.get(dst).i32(16).add().tee(dst).get(end).ltU().brIf(0);
  f.end();
  f.end();
  return f;
}

/** The kernels' module bytes; the memory is imported (shared when threads will use it). `fused` needs relaxed SIMD (runtime.ts). */
export function kernelModule(memory: { initial: number; maximum: number; shared: boolean }, fused = false): Uint8Array {
  const packs = NR === MR ? [pack(MR)] : [pack(MR), pack(NR)];
  return encodeModule([gemm(fused), ...packs, relu(), gate(), sum4(), fill()], memory);
}
