// What one core of this machine does at best in double precision, for the
// GFLOP/s printed beside the product benchmarks: a simple multiply-add loop,
// `s_q += x[i + q]·y` over an L1-resident array with independent accumulators,
// in JavaScript (scalar) and in WebAssembly (f64x2: two lanes per instruction,
// a multiply and an add, no fused multiply-add). numpy's OpenBLAS uses AVX-512
// fused multiply-adds here (8 lanes, 2 flops per lane per instruction).
// Beside it, descent's own product kernel (src/tensor/wasm/kernels.ts) on one
// tile whose panels stay in L1: the most a product can get from it, since the
// kernel splats a value of A and loads B for every multiply-add pair, which the
// loop above does not (measured 4 Dec: 12–13 GFLOP/s against the loop's 19–25).
// Run: npx tsx bench/peak.ts
import { encodeModule, F64, Func, I32, V128 } from "../src/tensor/wasm/encode";
import { kernelModule, MR, NR } from "../src/tensor/wasm/kernels";

/** n passes of ACC multiply-adds acc[q] += load(p + 16q)·y over a 4 KiB buffer. */
function wasmLoop(ACC: number): Func {
  const f = new Func(`peak${ACC}`, [I32], [F64]);
  const n = f.param(0), i = f.local(I32), p = f.local(I32);
  const acc = Array.from({ length: ACC }, () => f.local(V128));
  const y = f.local(V128);
  f.f64Const(0.9999999).splat().set(y);
  for (const a of acc) f.f64Const(0).splat().set(a);
  f.loop();
  for (let q = 0; q < ACC; q++) f.get(acc[q]!).get(p).v128Load(16 * q).get(y).vMul().vAdd().set(acc[q]!);
  f.get(p).i32(16 * ACC).add().i32(4095).and().set(p);
  f.get(i).i32(1).add().tee(i).get(n).ltU().brIf(0);
  f.end();
  f.get(acc[0]!).lane(0);
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
function kernelPeak(): number {
  const K = 256, reps = 20_000;
  const limits = { initial: 1, maximum: 1, shared: false };
  const memory = new WebAssembly.Memory(limits);
  new Float64Array(memory.buffer).fill(1e-3);
  const k = new WebAssembly.Instance(new WebAssembly.Module(kernelModule(limits).buffer as ArrayBuffer), { env: { memory } }).exports as { gemm(ap: number, bp: number, c: number, np: number, mp: number, K: number, ldc: number): void };
  const bp = MR * K * 8, c = bp + NR * K * 8;
  const run = () => { for (let r = 0; r < reps; r++) k.gemm(0, bp, c, 1, 1, K, NR * 8); };
  run();
  return (2 * MR * NR * K * reps) / best(run) / 1e9;
}

/** Peak GFLOP/s of one core: JavaScript scalar, WebAssembly f64x2, and descent's product kernel on L1-resident panels. */
export function measurePeak(): { js: number; wasm: number; kernel: number } {
  const x = new Float64Array(512).fill(1.0000001);
  jsLoop(200, x, 0.5);
  const js = (2 * 512 * 20_000) / best(() => jsLoop(20_000, x, 0.9999999)) / 1e9;
  const counts = [4, 8, 12];
  const memory = new WebAssembly.Memory({ initial: 1, maximum: 1 });
  new Float64Array(memory.buffer).fill(1.0000001);
  const bytes = encodeModule(counts.map(wasmLoop), { initial: 1, maximum: 1, shared: false });
  const ex = new WebAssembly.Instance(new WebAssembly.Module(bytes.buffer as ArrayBuffer), { env: { memory } }).exports as Record<string, (n: number) => number>;
  let wasm = 0;
  const N = 2_000_000;
  for (const a of counts) {
    const fn = ex[`peak${a}`]!;
    fn(1000);
    wasm = Math.max(wasm, (4 * a * N) / best(() => fn(N)) / 1e9);
  }
  return { js, wasm, kernel: kernelPeak() };
}

if (require.main === module) {
  const p = measurePeak();
  console.log(`peak of one core for s += x·y: JavaScript ${p.js.toFixed(1)} GFLOP/s, WebAssembly f64x2 ${p.wasm.toFixed(1)} GFLOP/s; descent's product kernel on L1-resident panels ${p.kernel.toFixed(1)} GFLOP/s`);
}
