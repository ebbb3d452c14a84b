// What one core of this machine does at best in double precision, for the
// GFLOP/s printed beside the product benchmarks: a simple multiply-add loop,
// `s_q += x[i + q]·y` over an L1-resident array with independent accumulators,
// in JavaScript (scalar) and in WebAssembly (f64x2: two lanes per instruction),
// as a multiply then an add, and as relaxed SIMD's fused multiply-add where the
// machine has one (what descent's kernels use then). numpy's OpenBLAS uses
// AVX-512 fused multiply-adds (8 lanes, 2 flops per lane per instruction).
// Beside it, descent's own product kernel (src/tensor/wasm/kernels.ts) on one
// tile whose panels stay in L1: the most a product can get from it.
// Every accumulator feeds the result: a loop whose sums are not all used is cut
// down by the compiler and "measures" several times the real rate (this file
// reported 19–25 GFLOP/s for the multiply-add loop until 4 Dec for that reason;
// the real figure is ~14, which the kernel reaches).
// Run: npx tsx bench/peak.ts
import { encodeModule, F64, Func, I32, V128 } from "../src/tensor/wasm/encode";
import { kernelModule, MR, NR } from "../src/tensor/wasm/kernels";
import { fusedMultiplyAdd } from "../src/tensor/wasm/runtime";

/** n passes of ACC multiply-adds acc[q] += load(p + 16q)·y over a 4 KiB buffer; returns lane 0 of Σ acc. */
function wasmLoop(ACC: number, fused: boolean): Func {
  const f = new Func(`peak${ACC}${fused ? "f" : ""}`, [I32], [F64]);
  const n = f.param(0), i = f.local(I32), p = f.local(I32);
  const acc = Array.from({ length: ACC }, () => f.local(V128));
  const y = f.local(V128);
  f.f64Const(0.9999999).splat().set(y);
  for (const a of acc) f.f64Const(0).splat().set(a);
  f.loop();
  for (let q = 0; q < ACC; q++) {
    if (fused) f.get(p).v128Load(16 * q).get(y).get(acc[q]!).vMadd().set(acc[q]!);
    else f.get(acc[q]!).get(p).v128Load(16 * q).get(y).vMul().vAdd().set(acc[q]!);
  }
  f.get(p).i32(16 * ACC).add().i32(4095).and().set(p);
  f.get(i).i32(1).add().tee(i).get(n).ltU().brIf(0);
  f.end();
  f.get(acc[0]!);
  for (let q = 1; q < ACC; q++) f.get(acc[q]!).vAdd();
  f.lane(0);
  return f;
}

function jsLoop(reps: number, x: Float64Array, y: number): number {
  let a = 0, b = 0, c = 0, d = 0, e = 0, f = 0, g = 0, h = 0;
  for (let r = 0; r < reps; r++) {
    for (let i = 0; i < 512; i += 8) {
      a += x[i]! * y; b += x[i + 1]! * y; c += x[i + 2]! * y; d += x[i + 3]! * y;
      e += x[i + 4]! * y; f += x[i + 5]! * y; g += x[i + 6]! * y; h += x[i + 7]! * y;
    }
  }
  return a + b + c + d + e + f + g + h;
}

/** Best of several timed runs, in seconds. */
function best(fn: () => void, runs = 15): number {
  let b = Infinity;
  for (let r = 0; r < runs; r++) {
    const s = performance.now();
    fn();
    b = Math.min(b, performance.now() - s);
  }
  return b / 1000;
}

/** GFLOP/s of the gemm kernel on one MR x NR tile, K = 256 deep (16 KiB of panels, in L1), called `reps` times per run. */
function kernelPeak(fused: boolean): number {
  const K = 256, reps = 20_000;
  const limits = { initial: 1, maximum: 1, shared: false };
  const memory = new WebAssembly.Memory(limits);
  new Float64Array(memory.buffer).fill(1e-3);
  const k = new WebAssembly.Instance(new WebAssembly.Module(kernelModule(limits, fused).buffer as ArrayBuffer), { env: { memory } }).exports as { gemm(ap: number, bp: number, c: number, np: number, mp: number, K: number, ldc: number): void };
  const bp = MR * K * 8, c = bp + NR * K * 8;
  const run = () => { for (let r = 0; r < reps; r++) k.gemm(0, bp, c, 1, 1, K, NR * 8); };
  run();
  return (2 * MR * NR * K * reps) / best(run) / 1e9;
}

export interface Peak {
  js: number;
  /** A multiply then an add (f64x2). */
  wasm: number;
  /** relaxed_madd, null where the machine does not fuse it. */
  wasmFused: number | null;
  /** descent's kernel as a multiply then an add, and fused (null as above). */
  kernel: number;
  kernelFused: number | null;
}

/** Peak GFLOP/s of one core: JavaScript scalar, WebAssembly f64x2 (separate and fused), and descent's product kernel on L1-resident panels. */
export function measurePeak(): Peak {
  const x = new Float64Array(512).fill(1.0000001);
  jsLoop(200, x, 0.5);
  const js = (2 * 512 * 20_000) / best(() => jsLoop(20_000, x, 0.9999999)) / 1e9;
  const fuses = fusedMultiplyAdd(); // also turns relaxed SIMD on where Node 20 needs the flag
  const counts = [4, 8, 12];
  const memory = new WebAssembly.Memory({ initial: 1, maximum: 1 });
  new Float64Array(memory.buffer).fill(1.0000001);
  const loops = counts.flatMap((a) => (fuses ? [wasmLoop(a, false), wasmLoop(a, true)] : [wasmLoop(a, false)]));
  const ex = new WebAssembly.Instance(new WebAssembly.Module(encodeModule(loops, { initial: 1, maximum: 1, shared: false }).buffer as ArrayBuffer), { env: { memory } }).exports as Record<string, (n: number) => number>;
  const N = 2_000_000;
  const rate = (suffix: string) => Math.max(...counts.map((a) => {
    const fn = ex[`peak${a}${suffix}`]!;
    fn(1000);
    return (4 * a * N) / best(() => fn(N)) / 1e9;
  }));
  return {
    js, wasm: rate(""), wasmFused: fuses ? rate("f") : null,
    kernel: kernelPeak(false), kernelFused: fuses ? kernelPeak(true) : null,
  };
}

/** One line for the benchmarks' reports. */
export function describePeak(p: Peak): string {
  const g = (x: number) => `${x.toFixed(1)} GFLOP/s`;
  const fusedLoop = p.wasmFused === null ? "" : ` (fused multiply-add ${g(p.wasmFused)})`;
  const fusedKernel = p.kernelFused === null ? "" : ` (fused ${g(p.kernelFused)}, what products use here)`;
  return `peak of one core for s += x·y: JavaScript ${g(p.js)}, WebAssembly f64x2 ${g(p.wasm)}${fusedLoop}; descent's product kernel on L1-resident panels ${g(p.kernel)}${fusedKernel}`;
}

if (require.main === module) console.log(describePeak(measurePeak()));
