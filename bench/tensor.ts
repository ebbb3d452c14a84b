// Tensor kernels vs numpy: matmul at the lessons' sizes and an elementwise
// chain on 1e6 values.  Run: npx tsx bench/tensor.ts
import { add, map, matmul, mul, scale, seed, tanh, type Matrix } from "../src/index";
import { numpy, report, time, type Row } from "./harness";

const sizes: [number, number, number][] = [[5, 2, 64], [20, 5, 300], [64, 64, 64], [128, 128, 128], [256, 256, 256]];
const rng = seed(0);

const py = numpy(String.raw`
rs = np.random.RandomState(0)
for (n, k, m) in ${JSON.stringify(sizes)}:
    A = rs.randn(n, k); B = rs.randn(k, m)
    RESULTS[f"matmul {n}x{k}·{k}x{m}"] = bench(lambda: A @ B)
x = rs.rand(1, 1000000)
RESULTS["chain tanh(0.5x+1)·x, 1e6"] = bench(lambda: np.tanh(x * 0.5 + 1) * x)
`);

const rows: Row[] = [];
for (const [n, k, m] of sizes) {
  const A = rng.randn(n, k), B = rng.randn(k, m);
  const name = `matmul ${n}x${k}·${k}x${m}`;
  rows.push({ name, ours: time(() => matmul(A, B)).median, numpy: py?.results[name] });
}
const x = rng.rand(1, 1_000_000);
const chain = "chain tanh(0.5x+1)·x, 1e6";
rows.push({ name: chain + " (op by op)", ours: time(() => mul(tanh(add(scale(x, 0.5), 1)), x)).median, numpy: py?.results[chain] });
let sink: Matrix | undefined;
rows.push({ name: chain + " (fused map)", ours: time(() => { sink = map(x, (v) => Math.tanh(v * 0.5 + 1) * v); }).median, numpy: py?.results[chain] });
void sink;
report(`Tensor kernels (numpy ${py?.version ?? "n/a"}; speed-up = numpy time / descent time)`, rows);
