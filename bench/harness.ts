// Benchmark harness: time our kernels and the same work in numpy in one run,
// and print them side by side with ratios. numpy runs in a python3 child
// process (skipped with a note when python3/numpy is missing).
import { spawnSync } from "node:child_process";

export interface Timing {
  /** Median seconds per call. */
  median: number;
  /** Calls timed. */
  reps: number;
}

/** Median time of `fn` over repetitions filling at least `minMs` after a warm-up. */
export function time(fn: () => void, minMs = 300, maxReps = 1_000_000): Timing {
  // Warm-up lets V8 optimize the hot loops before measuring.
  const warmEnd = performance.now() + Math.min(200, minMs);
  let warm = 0;
  while (performance.now() < warmEnd || warm < 3) { fn(); warm++; }
  // Batch calls so that each sample lasts ~1 ms or more (timer resolution).
  const t0 = performance.now();
  fn();
  const once = Math.max(performance.now() - t0, 1e-4);
  const batch = Math.max(1, Math.floor(1 / once));
  const samples: number[] = [];
  const end = performance.now() + minMs;
  let reps = 0;
  while ((performance.now() < end || samples.length < 5) && reps < maxReps) {
    const s = performance.now();
    for (let b = 0; b < batch; b++) fn();
    samples.push((performance.now() - s) / batch / 1000);
    reps += batch;
  }
  samples.sort((a, b) => a - b);
  return { median: samples[Math.floor(samples.length / 2)]!, reps };
}

const PY_PRELUDE = String.raw`
import json, sys, time
import numpy as np
def bench(fn, min_s=0.3):
    t_end = time.perf_counter() + 0.2
    fn()
    while time.perf_counter() < t_end: fn()
    t0 = time.perf_counter(); fn(); once = max(time.perf_counter() - t0, 1e-7)
    batch = max(1, int(1e-3 / once))
    samples = []; end = time.perf_counter() + min_s
    while time.perf_counter() < end or len(samples) < 5:
        s = time.perf_counter()
        for _ in range(batch): fn()
        samples.append((time.perf_counter() - s) / batch)
    samples.sort()
    return samples[len(samples) // 2]
RESULTS = {}
`;

/**
 * Run a numpy script that fills the dict RESULTS with name → seconds (use
 * `bench(fn)` from the prelude). Returns null when python3 or numpy is missing.
 */
export function numpy(script: string): { results: Record<string, number>; version: string } | null {
  const env = { ...process.env };
  // Old-CPU workarounds set on some machines slow a current numpy; drop them for the reference only.
  delete env.OPENBLAS_CORETYPE;
  delete env.OPENBLAS_L2_SIZE;
  const code = PY_PRELUDE + script + "\nprint(json.dumps({'version': np.__version__, 'results': RESULTS}))\n";
  const r = spawnSync("python3", ["-c", code], { env, encoding: "utf8", maxBuffer: 1 << 24 });
  if (r.error || r.status !== 0) {
    const why = r.error ? r.error.message : r.stderr.trim().split("\n").pop();
    console.log(`(numpy reference skipped: ${why})`);
    return null;
  }
  const lines = r.stdout.trim().split("\n");
  return JSON.parse(lines[lines.length - 1]!);
}

function fmt(s: number | undefined): string {
  if (s === undefined || !Number.isFinite(s)) return "—";
  if (s < 1e-6) return (s * 1e9).toFixed(1) + " ns";
  if (s < 1e-3) return (s * 1e6).toFixed(2) + " µs";
  if (s < 1) return (s * 1e3).toFixed(2) + " ms";
  return s.toFixed(2) + " s";
}

export interface Row {
  name: string;
  ours: number;
  numpy?: number;
  /** A lower bound for the same work (e.g. one read+write pass), when meaningful. */
  floor?: number;
  /** Target speed-up over numpy, printed as met or not. */
  target?: number;
}

/** Print rows as a table: ours, numpy, numpy/ours (speed-up), floor and ours/floor. */
export function report(title: string, rows: Row[]): void {
  const head = ["workload", "descent", "numpy", "speed-up", "floor", "ours/floor", "target"];
  const body = rows.map((r) => [
    r.name,
    fmt(r.ours),
    fmt(r.numpy),
    r.numpy ? (r.numpy / r.ours).toFixed(2) + "x" : "—",
    fmt(r.floor),
    r.floor ? (r.ours / r.floor).toFixed(2) + "x" : "—",
    r.target ? (r.numpy ? (r.numpy / r.ours >= r.target ? `≥${r.target}x met` : `≥${r.target}x MISSED`) : `≥${r.target}x (no numpy)`) : "",
  ]);
  const w = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(w[i]!) : c.padStart(w[i]!))).join("  ");
  console.log(`\n${title}`);
  console.log(line(head));
  console.log(w.map((n) => "-".repeat(n)).join("  "));
  for (const b of body) console.log(line(b));
}
