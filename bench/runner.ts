// How fast `descent run` is: the kernel's cold start (process start to a
// kernel_info reply with iopub live), the per-cell overhead (a trivial cell's
// round trip in a warm kernel), and the whole pack's run time (lessons/ with
// the default parallelism; the fixtures when there are no lessons yet).
// Run: npx tsx bench/runner.ts [paths…]   (needs `npm run build` first)
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { KernelClient } from "../src/jupyter/client";
import { findKernelSpec } from "../src/jupyter/kernelspec";
import { launchKernel } from "../src/jupyter/launch";
import { collectNotebooks, repoKernelDir, runNotebooks } from "../src/jupyter/runner";
import { summaryTable } from "../src/jupyter/run-report";

const REPO = path.resolve(__dirname, "..");
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const fmt = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(1)} ms`);

async function main() {
  const kernelDir = repoKernelDir();
  if (!kernelDir || !fs.existsSync(path.join(REPO, "dist", "kernel", "main.js"))) throw new Error("build first: npm run build");
  const spec = findKernelSpec("descent", [kernelDir]);

  // Cold start, several times: each is a new process that loads TypeScript.
  const starts: number[] = [];
  let cellTimes: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    const kernel = await launchKernel(spec, { cwd: REPO });
    const client = new KernelClient(kernel.connection);
    client.connect();
    await client.waitForReady(60_000, kernel.exited);
    starts.push(performance.now() - t0);
    if (i === 0) {
      // Per-cell overhead: a cell that does nothing, after a warm-up.
      for (let w = 0; w < 5; w++) await client.execute("0;").done;
      cellTimes = [];
      for (let n = 0; n < 40; n++) {
        const t = performance.now();
        const r = await client.execute(`const x${n} = ${n};`).done;
        if (r.status !== "ok") throw new Error(`trivial cell failed: ${JSON.stringify(r.outputs)}`);
        cellTimes.push(performance.now() - t);
      }
    }
    client.close();
    await kernel.kill();
  }

  const args = process.argv.slice(2);
  const lessonsDir = path.join(REPO, "lessons");
  const paths = args.length ? args : collectNotebooksSafe(lessonsDir).length ? [lessonsDir] : [path.join(REPO, "test", "fixtures", "notebooks", "passing.ipynb")];
  const out = fs.mkdtempSync(path.join(os.tmpdir(), "descent-bench-"));
  const t0 = performance.now();
  const run = await runNotebooks(paths, { outDir: out });
  const packMs = performance.now() - t0;

  console.log(summaryTable(run.lessons));
  console.log("");
  console.log(`machine: ${os.cpus().length} cores, node ${process.version}`);
  console.log(`kernel cold start (median of ${starts.length}):  ${fmt(median(starts))}   [${starts.map(fmt).join(", ")}]`);
  console.log(`per-cell overhead (median of ${cellTimes.length}):  ${fmt(median(cellTimes))}   (min ${fmt(Math.min(...cellTimes))}, max ${fmt(Math.max(...cellTimes))})`);
  console.log(`whole pack: ${run.lessons.length} notebooks, ${run.lessons.reduce((a, l) => a + l.cells, 0)} cells in ${fmt(packMs)} with ${Math.min(os.cpus().length, run.lessons.length)} kernels at once (${paths.join(", ")})`);
}

function collectNotebooksSafe(dir: string): string[] {
  try {
    return collectNotebooks([dir]);
  } catch {
    return [];
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e instanceof Error ? e.message : String(e));
    process.exit(1);
  },
);
