// Where one submission's grading time goes: one correct submission graded
// alone (no other job), its kernel's start-up and each cell timed, and the
// CPU time of the kernel's processes read from /proc before it is shut down.
//   npx tsx bench/grade-profile.ts [SOURCE.ipynb] [--no-sandbox] [--runs N] [--shared]
// --shared: the cells are compiled by the grader's compiler (src/jupyter/compile-service.ts), started
// and warmed beforehand (as it is for all but a run's first submissions); its CPU time is
// printed apart.
// Without SOURCE: the graded fixture. With one: its own solutions, as a
// student who solved everything would hand in (the source with hidden tests
// removed is what `release` writes; its solution cells keep the solutions).
// Needs `npm run build` first.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { executeNotebook, findKernelSpec, joinText, readNotebook, type CellEvent, type KernelSpec, type Notebook } from "../src/jupyter";
import { repoKernelDir } from "../src/jupyter/runner";
import { prepareSubmission } from "../src/grading/prepare";
import { releaseNotebook } from "../src/grading/release";
import { gradeIdOf, isSolution } from "../src/grading/metadata";
import { solutionText } from "../src/grading/markers";
import { compilerSandbox, DEFAULT_LIMITS, gradingKernel } from "../src/grading/sandbox/sandbox";
import { newAnchor, sealTests } from "../src/grading/sandbox/seal";
import { SOURCE } from "../test/grading/helpers";
import { CompileService, precompiledCells } from "../src/jupyter/compile-service";

const TICK = 100; // clock ticks per second of /proc/<pid>/stat (sysconf(_SC_CLK_TCK) on Linux)

/** CPU seconds (user + system, all threads) of the descendants of `pid` (not itself), from /proc. */
function treeCpu(pid: number): number {
  const parent = new Map<number, number>();
  const cpu = new Map<number, number>();
  for (const name of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${name}/stat`, "utf8");
      const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      parent.set(Number(name), Number(f[1]));
      cpu.set(Number(name), (Number(f[11]) + Number(f[12])) / TICK);
    } catch {
      // gone
    }
  }
  let total = 0;
  for (const [p, c] of cpu) {
    if (p === pid) continue;
    for (let q: number | undefined = p; q !== undefined && q > 1; q = parent.get(q)) {
      if (q === pid) {
        total += c;
        break;
      }
    }
  }
  return total;
}

/** CPU seconds of the shared compiler's processes (the descendants whose command line names compile-server.js). */
function compilerCpu(): number {
  let total = 0;
  for (const name of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      if (!fs.readFileSync(`/proc/${name}/cmdline`, "utf8").includes("compile-server.js")) continue;
      const stat = fs.readFileSync(`/proc/${name}/stat`, "utf8");
      const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      total += (Number(f[11]) + Number(f[12])) / TICK;
    } catch {
      // gone
    }
  }
  return total;
}

function filledFrom(src: Notebook, file: string): Notebook {
  const rel = releaseNotebook(src, file);
  for (const [i, cell] of rel.cells.entries()) {
    if (isSolution(cell) && cell.cell_type === "code") {
      const orig = src.cells.find((c) => gradeIdOf(c) === gradeIdOf(cell))!;
      rel.cells[i] = { ...cell, source: solutionText(joinText(orig.source)) };
    }
  }
  return rel;
}

async function profile(file: string, sandbox: boolean, service: CompileService | undefined): Promise<void> {
  const src = readNotebook(file);
  const t0 = performance.now();
  const rel = releaseNotebook(src, file);
  const { notebook } = prepareSubmission(src, rel, filledFrom(src, file));
  const anchor = newAnchor();
  const sealed = sealTests(notebook, src, anchor, () => true);
  const tPrep = performance.now() - t0;
  let spec: KernelSpec = findKernelSpec("descent", [repoKernelDir()!]);
  spec = { ...spec, env: { ...spec.env, DESCENT_KERNEL_DEBUG: "1" } };
  let cpuAtEnd = 0;
  const cells: string[] = [];
  const logFile = path.join(os.tmpdir(), `descent-grade-profile-${process.pid}.log`);
  fs.rmSync(logFile, { force: true });
  let tLaunch = 0;
  let tFirst = 0;
  const r = await executeNotebook(sealed.notebook, {
    kernelSpec: spec,
    cwd: path.dirname(file),
    timeoutMs: 120_000,
    stopOnError: () => false,
    ...(service ? { requestExtra: precompiledCells(service, anchor, anchor) } : {}),
    wrapKernel: (s) => {
      tLaunch = performance.now();
      const k = gradingKernel(s, { sandbox: sandbox ? DEFAULT_LIMITS : null, anchor, preload: ["descent", ...sealed.preload.filter((m) => m !== "descent")], precompiled: Boolean(service) });
      // The kernel's start-up log (DESCENT_KERNEL_DEBUG) to a file we print afterwards.
      return { ...k, spec: { ...k.spec, argv: ["/bin/sh", "-c", `exec "$@" 2>>${logFile}`, "profile", ...k.spec.argv] } };
    },
    onCell: (e: CellEvent) => {
      if (e.phase === "start" && e.position === 0) tFirst = performance.now();
      if (e.phase !== "end") return;
      const id = gradeIdOf(e.cell) ?? "-";
      const kind = isSolution(e.cell) ? "student" : (e.cell.metadata as { nbgrader?: { grade?: boolean } }).nbgrader?.grade ? "test" : "instructor";
      cells.push(`  cell ${String(e.index).padStart(2)} ${kind.padEnd(10)} ${id.padEnd(28)} ${String(e.result.durationMs).padStart(6)} ms  ${e.result.status}`);
      if (e.position === e.total - 1) {
        // The kernel still runs: its processes (bwrap → bwrap → node, or node) are this process's descendants.
        cpuAtEnd = treeCpu(process.pid) - (service ? compilerCpu() : 0);
      }
    },
  });
  const tEnd = performance.now();
  const shared = service ? `, shared compiler: ${service.stats.compiled} of ${service.stats.requests} compiles done so far, its CPU ${(compilerCpu() * 1000).toFixed(0)} ms so far` : "";
  console.log(`${path.basename(file)} ${sandbox ? "sandbox" : "no sandbox"} (load ${os.loadavg()[0]!.toFixed(1)}${shared})`);
  console.log(`  merge + release + seal              ${(tPrep).toFixed(0).padStart(6)} ms`);
  console.log(`  launch → kernel_info reply          ${(tFirst - tLaunch).toFixed(0).padStart(6)} ms`);
  for (const c of cells) console.log(c);
  const cellsMs = r.cells.reduce((a, c) => a + c.durationMs, 0);
  console.log(`  cells total                         ${String(cellsMs).padStart(6)} ms`);
  console.log(`  wall, launch to kernel gone         ${(tEnd - tLaunch).toFixed(0).padStart(6)} ms`);
  console.log(`  kernel CPU (all its processes)      ${(cpuAtEnd * 1000).toFixed(0).padStart(6)} ms${service ? " (without the shared compiler's)" : ""}`);
  for (const line of fs.readFileSync(logFile, "utf8").split("\n")) if (/ms after start/.test(line)) console.log(`  | ${line}`);
  fs.rmSync(logFile, { force: true });
  const log = r.failure?.message ?? "";
  if (log) console.log(`  failure: ${log.split("\n")[0]}`);
}

async function main() {
  const args = process.argv.slice(2);
  const file = path.resolve(args.find((a) => a.endsWith(".ipynb")) ?? SOURCE);
  const runs = Number(args[args.indexOf("--runs") + 1] ?? 1) || 1;
  const sandbox = !args.includes("--no-sandbox");
  let service: CompileService | undefined;
  if (args.includes("--shared")) {
    service = new CompileService({ sandbox: sandbox ? compilerSandbox(DEFAULT_LIMITS) : null, timeoutMs: 120_000 });
    const t = performance.now();
    await service.start();
    console.log(`shared compiler started and warm in ${(performance.now() - t).toFixed(0)} ms, CPU ${(compilerCpu() * 1000).toFixed(0)} ms`);
  }
  for (let i = 0; i < runs; i++) await profile(file, sandbox, service);
  service?.close();
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.stack : String(e));
  process.exit(1);
});
