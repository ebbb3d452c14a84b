// One optimizer update over 1,000,000 parameters: descent's pure update, its
// in-place fused step, and numpy written the course's way, in one run.
// The floor is one fused pass that reads and writes the same arrays as the
// in-place step with no math (grads, v, s, params read; v, s, params
// written): the least any implementation must spend moving the data.
// Two tables: wall-clock medians (the harness), and CPU-time medians of this
// process (process.cpuUsage / time.process_time), which stay meaningful when
// the machine is shared and the process is descheduled.
// The in-place step is timed twice: on one thread (setThreads(1)), and split
// across the worker pool (src/parallel.ts; the default for matrices of
// ≥ 32,768 values). The CPU-time table shows the single-threaded step only:
// a threaded step spends about as much CPU, spread over more cores.
// Run: npx tsx bench/optim.ts
import { adam, applyUpdates, momentum, rmsprop, seed, type InPlaceOptimizer, type Params } from "../src/index";
import { getThreads, setThreads, whenReady } from "../src/tensor/parallel";
import { numpy, report, time, type Row } from "./harness";

const ROWS = 1000, COLS = 1000, N = ROWS * COLS;

const py = numpy(String.raw`
def cpu(fn, reps=25):
    for _ in range(3): fn()
    ts = []
    for _ in range(reps):
        c = time.process_time(); fn(); ts.append(time.process_time() - c)
    ts.sort()
    return ts[len(ts) // 2]

rs = np.random.RandomState(0)
params = {"W1": rs.randn(${ROWS}, ${COLS})}
grads = {"dW1": rs.randn(${ROWS}, ${COLS}) * 0.01}
learning_rate, beta, beta1, beta2, epsilon = 0.001, 0.9, 0.9, 0.999, 1e-8
v = {"dW1": np.zeros((${ROWS}, ${COLS}))}
s = {"dW1": np.zeros((${ROWS}, ${COLS}))}
t = [0]

def momentum_step():
    v["dW1"] = beta * v["dW1"] + (1 - beta) * grads["dW1"]
    params["W1"] = params["W1"] - learning_rate * v["dW1"]

def rmsprop_step():
    s["dW1"] = beta * s["dW1"] + (1 - beta) * np.square(grads["dW1"])
    params["W1"] = params["W1"] - learning_rate * grads["dW1"] / (np.sqrt(s["dW1"]) + epsilon)

def adam_step():
    t[0] += 1
    v["dW1"] = beta1 * v["dW1"] + (1 - beta1) * grads["dW1"]
    v_corrected = v["dW1"] / (1 - beta1 ** t[0])
    s["dW1"] = beta2 * s["dW1"] + (1 - beta2) * np.square(grads["dW1"])
    s_corrected = s["dW1"] / (1 - beta2 ** t[0])
    params["W1"] = params["W1"] - learning_rate * v_corrected / (np.sqrt(s_corrected) + epsilon)

for name, fn in [("momentum", momentum_step), ("rmsprop", rmsprop_step), ("adam", adam_step)]:
    RESULTS[name] = bench(fn)
    RESULTS[name + " cpu"] = cpu(fn)
`);

/** Median CPU seconds of this process per call (user + system), after a warm-up. */
function cpuTime(fn: () => void, reps = 25): number {
  for (let w = 0; w < 5; w++) fn();
  const ts: number[] = [];
  for (let r = 0; r < reps; r++) {
    const c0 = process.cpuUsage();
    fn();
    const d = process.cpuUsage(c0);
    ts.push((d.user + d.system) / 1e6);
  }
  ts.sort((a, b) => a - b);
  return ts[Math.floor(ts.length / 2)]!;
}

const rng = seed(0);
const W1 = rng.randn(ROWS, COLS);
const grads: Params = { W1: rng.randn(ROWS, COLS).mul(0.01) };

// The floor: read g, every slot and p once, write every slot and p once, no
// math. Written the way our kernels are (arrays as arguments, blocks of 8192,
// four entries per iteration) — the fastest such pass we found in V8 — so
// ours/floor measures the arithmetic, not the calling convention.
function floorBlock(g: Float64Array, a: Float64Array, b: Float64Array, p: Float64Array, two: boolean, i0: number, i1: number): void {
  let i = i0;
  if (two) {
    for (; i + 3 < i1; i += 4) {
      const x0 = g[i]!, x1 = g[i + 1]!, x2 = g[i + 2]!, x3 = g[i + 3]!;
      a[i] = a[i]! + x0; a[i + 1] = a[i + 1]! + x1; a[i + 2] = a[i + 2]! + x2; a[i + 3] = a[i + 3]! + x3;
      b[i] = b[i]! + x0; b[i + 1] = b[i + 1]! + x1; b[i + 2] = b[i + 2]! + x2; b[i + 3] = b[i + 3]! + x3;
      p[i] = p[i]! + x0; p[i + 1] = p[i + 1]! + x1; p[i + 2] = p[i + 2]! + x2; p[i + 3] = p[i + 3]! + x3;
    }
  } else {
    for (; i + 3 < i1; i += 4) {
      const x0 = g[i]!, x1 = g[i + 1]!, x2 = g[i + 2]!, x3 = g[i + 3]!;
      a[i] = a[i]! + x0; a[i + 1] = a[i + 1]! + x1; a[i + 2] = a[i + 2]! + x2; a[i + 3] = a[i + 3]! + x3;
      p[i] = p[i]! + x0; p[i + 1] = p[i + 1]! + x1; p[i + 2] = p[i + 2]! + x2; p[i + 3] = p[i + 3]! + x3;
    }
  }
}
function floorPass(g: Float64Array, slots: Float64Array[], p: Float64Array): () => void {
  const a = slots[0]!, b = slots[1] ?? slots[0]!, two = slots.length === 2;
  return () => { for (let i0 = 0; i0 < N; i0 += 8192) floorBlock(g, a, b, p, two, i0, Math.min(N, i0 + 8192)); };
}

const cases: [string, () => InPlaceOptimizer<any>, ("v" | "s")[]][] = [
  ["momentum", () => momentum({ learningRate: 0.001, beta: 0.9 }), ["v"]],
  ["rmsprop", () => rmsprop({ learningRate: 0.001, beta: 0.9 }), ["s"]],
  ["adam", () => adam({ learningRate: 0.001 }), ["v", "s"]],
];
async function main(): Promise<void> {
  const wall: Row[] = [], cpu: Row[] = [];
  const threads = getThreads();
  const workers = await whenReady();
  for (const [name, make, slots] of cases) {
    const opt = make();
    const p: Params = { W1: W1.mul(1) };
    let state = opt.init(p);
    const pureFn = () => { const r = opt.update(grads, state, p); state = r.state; };
    let pp = p;
    const applyFn = () => { const r = opt.update(grads, state, pp); state = r.state; pp = applyUpdates(pp, r.updates); };
    const fastState = opt.init(p);
    const stepFn = () => { opt.step(p, grads, fastState); };
    const fl = floorPass(grads.W1!.data.slice(), slots.map(() => new Float64Array(N)), W1.data.slice());
    const target = name === "adam" ? 3 : undefined;
    const np = py?.results[name], npCpu = py?.results[name + " cpu"];
    const fw = time(fl).median, fc = cpuTime(fl);
    wall.push({ name: `${name}: pure update (allocates)`, ours: time(pureFn).median, numpy: np });
    wall.push({ name: `${name}: update + applyUpdates`, ours: time(applyFn).median, numpy: np });
    setThreads(1);
    wall.push({ name: `${name}: in-place step, 1 thread`, ours: time(stepFn).median, numpy: np, floor: fw });
    cpu.push({ name: `${name}: pure update (allocates)`, ours: cpuTime(pureFn), numpy: npCpu });
    cpu.push({ name: `${name}: update + applyUpdates`, ours: cpuTime(applyFn), numpy: npCpu });
    cpu.push({ name: `${name}: in-place step, 1 thread`, ours: cpuTime(stepFn), numpy: npCpu, floor: fc });
    setThreads(undefined);
    await whenReady();
    if (workers > 0) wall.push({ name: `${name}: in-place step, ${threads} threads`, ours: time(stepFn).median, numpy: np, floor: fw, target });
  }
  const what = `one update over ${N.toLocaleString("en-US")} parameters vs numpy ${py?.version ?? "n/a"} written the course's way`;
  if (workers === 0) console.log(`(no worker threads available: the threaded step was not timed)`);
  report(`Optimizers, wall clock (${what}; floor = one fused read+write pass over the same arrays; Adam targets: ≥3x numpy, ≤1.5x floor)`, wall);
  report(`Optimizers, CPU time of the process (same work; robust on a shared machine)`, cpu);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.stack : String(e));
  process.exit(1);
});
