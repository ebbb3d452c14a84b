// Tensor kernels vs numpy: matmul at the lessons' sizes and larger (with
// GFLOP/s: the machine-code kernel where it runs, the WebAssembly one with
// threads on and off, and the plain JavaScript kernel), and an elementwise
// chain on 1e6 values.  Run: npx tsx bench/tensor.ts
import os from "node:os";
import { add, map, matmul, mul, scale, seed, setThreads, tanh, type Matrix } from "../src/index";
import { nativeAvailable, setNative } from "../src/tensor/native";
import { setWasm } from "../src/tensor/wasm/runtime";
import { whenThreadsReady } from "../src/tensor/wasm/threads";
import { numpy, report, time, type Row } from "./harness";
import { describePeak, measurePeak } from "./peak";

const sizes: [number, number, number][] = [[5, 2, 64], [20, 5, 300], [64, 64, 64], [128, 128, 128], [256, 256, 256]];
const rng = seed(0);

async function main(): Promise<void> {
  console.log(`load average (1, 5, 15 min): ${os.loadavg().map((x) => x.toFixed(2)).join(" ")} on ${os.availableParallelism()} cores`);
  const script = String.raw`
rs = np.random.RandomState(0)
for (n, k, m) in ${JSON.stringify(sizes)}:
    A = rs.randn(n, k); B = rs.randn(k, m)
    RESULTS[f"matmul {n}x{k}·{k}x{m}"] = bench(lambda: A @ B)
x = rs.rand(1, 1000000)
RESULTS["chain tanh(0.5x+1)·x, 1e6"] = bench(lambda: np.tanh(x * 0.5 + 1) * x)
`;
  // numpy runs before and after descent's measurements: this shared machine's speed drifts within a minute,
  // so each ratio is taken against numpy's faster run (the harder target) and both runs are printed.
  const before = numpy(script);
  await whenThreadsReady();
  const rows: Row[] = [];
  const flops: string[] = [];
  const products: { name: string; flop: number; ours: number; wasm: number; alone: number; js: number }[] = [];
  const native = nativeAvailable();
  for (const [n, k, m] of sizes) {
    const A = rng.randn(n, k), B = rng.randn(k, m);
    const name = `matmul ${n}x${k}·${k}x${m}`;
    const ours = time(() => matmul(A, B)).median;
    setNative(false);
    const wasm = time(() => matmul(A, B)).median;
    setThreads(1);
    const alone = time(() => matmul(A, B)).median;
    setWasm(false);
    const js = time(() => matmul(A, B), 200).median;
    setWasm(true);
    setThreads(undefined);
    setNative(true);
    products.push({ name, flop: 2 * n * k * m, ours, wasm, alone, js });
  }
  const after = numpy(script);
  const py = before && after ? { version: before.version, results: Object.fromEntries(Object.keys(before.results).map((k) => [k, Math.min(before.results[k]!, after.results[k] ?? Infinity)])) } : before ?? after;
  console.log(native ? "products run on the machine-code kernel (AVX-512, one thread)" : "the machine-code kernel is not built or does not run here: products run on WebAssembly");
  for (const { name, flop, ours, wasm, alone, js } of products) {
    rows.push({ name, ours, numpy: py?.results[name] });
    const gf = (s: number | undefined) => (s ? (flop / s / 1e9).toFixed(1) : "—");
    const runs = before && after ? ` (runs before and after descent's: ${gf(before.results[name])}, ${gf(after.results[name])})` : "";
    flops.push(`${name}: descent ${gf(ours)} GFLOP/s (WebAssembly ${gf(wasm)}, on one thread ${gf(alone)}; the JS kernel ${gf(js)}), numpy ${gf(py?.results[name])}${runs}`);
  }
  const x = rng.rand(1, 1_000_000);
  const chain = "chain tanh(0.5x+1)·x, 1e6";
  rows.push({ name: chain + " (op by op)", ours: time(() => mul(tanh(add(scale(x, 0.5), 1)), x)).median, numpy: py?.results[chain] });
  let sink: Matrix | undefined;
  rows.push({ name: chain + " (fused map)", ours: time(() => { sink = map(x, (v) => Math.tanh(v * 0.5 + 1) * v); }).median, numpy: py?.results[chain] });
  void sink;
  report(`Tensor kernels (numpy ${py?.version ?? "n/a"}; speed-up = numpy time / descent time)`, rows);
  console.log("");
  for (const f of flops) console.log(f);
  const peak = measurePeak();
  console.log(describePeak(peak));
  console.log(`load average at end: ${os.loadavg().map((v) => v.toFixed(2)).join(" ")}`);
}

main().then(() => process.exit(0));
