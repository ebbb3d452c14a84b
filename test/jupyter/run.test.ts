// Runs the fixture notebooks in the real descent kernel (built dist/, started
// from the repo's kernelspec) through runNotebooks and the `descent run` CLI.
import { describe, it, expect, beforeAll } from "vitest";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawn, spawnSync } from "node:child_process";
import { runNotebooks, type RunResult, type LessonRun } from "../../src/jupyter/runner";
import { readNotebook, joinText } from "../../src/jupyter/nbformat";
import { executeNotebook } from "../../src/jupyter/execute";

const REPO = path.resolve(__dirname, "..", "..");
const FIXTURES = path.join(REPO, "test", "fixtures", "notebooks");
const built = fs.existsSync(path.join(REPO, "dist", "kernel", "main.js")) && fs.existsSync(path.join(REPO, "dist", "cli", "run.js"));

/** Live kernels started by our launcher (their command line names a descent-kernel-* connection file), as pids; only children of `parent` if given. */
function kernelProcesses(parent?: number): number[] {
  const ps = spawnSync("ps", ["-eo", "pid=,ppid=,args="], { encoding: "utf8" }).stdout;
  return ps
    .split("\n")
    .map((l) => /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(l))
    // A kernel's command line names its connection file, or (descent's own kernel) its launcher: it reads the file from fd 3.
    .filter((m): m is RegExpExecArray => !!m && (m[3]!.includes("descent-kernel-") || m[3]!.includes("kernels/descent/launch.js")) && (parent === undefined || Number(m[2]) === parent))
    .map((m) => Number(m[1]));
}

/** Whether a process still runs (a zombie, dead but not yet reaped by its new parent, does not). */
const alive = (pid: number) => {
  const r = spawnSync("ps", ["-o", "stat=", "-p", String(pid)], { encoding: "utf8" });
  return r.status === 0 && r.stdout.trim() !== "" && !r.stdout.trim().startsWith("Z");
};

describe.runIf(built)("runNotebooks on the fixtures (real kernel)", () => {
  let result: RunResult;
  let out: string;
  let pub: string;
  let earlierCopy: string;
  const lesson = (name: string): LessonRun => result.lessons.find((l) => l.name === name)!;
  const sources = new Map<string, string>();

  beforeAll(async () => {
    for (const f of fs.readdirSync(FIXTURES)) sources.set(f, fs.readFileSync(path.join(FIXTURES, f), "utf8"));
    out = fs.mkdtempSync(path.join(os.tmpdir(), "descent-run-"));
    // A reading copy published by an earlier run, of a lesson that fails in this one.
    pub = fs.mkdtempSync(path.join(os.tmpdir(), "descent-publish-"));
    earlierCopy = sources.get("passing.ipynb")!.replace("A passing lesson", "An earlier copy");
    fs.writeFileSync(path.join(pub, "failing-check.ipynb"), earlierCopy);
    result = await runNotebooks([FIXTURES], { outDir: out, publishDir: pub, timeoutMs: 4_000, execute: { interruptGraceMs: 3_000 } });
  }, 180_000);

  it("runs every notebook and fails the run", () => {
    expect(result.lessons.map((l) => l.name)).toEqual(["erroring", "failing-check", "infinite-loop", "kernel-dies", "malformed", "passing"]);
    expect(result.exitCode).toBe(1);
  });

  it("passes the passing lesson, counting its checks, and writes a valid executed notebook", () => {
    const l = lesson("passing");
    expect(l.status).toBe("ok");
    expect(l.checks).toEqual({ passed: 3, failed: 0 });
    expect(l.failures).toEqual([]);
    const nb = readNotebook(path.join(out, "passing.ipynb"));
    expect(nb.nbformat_minor).toBe(5);
    const code = nb.cells.filter((c) => c.cell_type === "code");
    expect(code.map((c) => (c.cell_type === "code" ? c.execution_count : -1))).toEqual([1, 2]);
    const text = code.flatMap((c) => (c.cell_type === "code" ? c.outputs : [])).map((o) => (o.output_type === "stream" ? joinText(o.text) : "")).join("");
    expect(text).toContain("mean 2.5");
    expect(text).toContain("✓ mean of 1..4 (2.5)");
    expect(text).toContain("✓ a 2×2 matrix");
    const html = fs.readFileSync(path.join(out, "passing.html"), "utf8");
    expect(html).toContain('class="katex"');
    expect(html).toContain("✓ ran without errors");
  });

  it("publishes a reading copy of each lesson that passed, keeps an earlier copy of one that failed, and lists both", () => {
    expect(fs.readdirSync(pub).sort()).toEqual(["README.md", "failing-check.ipynb", "passing.ipynb"]);
    expect(lesson("passing").outputs.readingCopy).toBe(path.join(pub, "passing.ipynb"));
    expect(lesson("failing-check").outputs.readingCopy).toBeUndefined();
    const copy = readNotebook(path.join(pub, "passing.ipynb"));
    const executed = readNotebook(path.join(out, "passing.ipynb"));
    expect(copy.cells.map((c) => joinText(c.source))).toEqual(executed.cells.map((c) => joinText(c.source)));
    expect(copy.cells.flatMap((c) => (c.cell_type === "code" ? c.outputs : []))).toEqual(executed.cells.flatMap((c) => (c.cell_type === "code" ? c.outputs : [])));
    expect(fs.readFileSync(path.join(pub, "failing-check.ipynb"), "utf8")).toBe(earlierCopy);
    const readme = fs.readFileSync(path.join(pub, "README.md"), "utf8");
    expect(readme).toContain("[A passing lesson](passing.ipynb)");
    expect(readme).toContain("[An earlier copy](failing-check.ipynb)");
  });

  it("leaves a README.md it did not write in the publish folder as it was", async () => {
    const mine = fs.mkdtempSync(path.join(os.tmpdir(), "descent-publish-own-"));
    fs.writeFileSync(path.join(mine, "README.md"), "# my own notes\n");
    const r = await runNotebooks([path.join(FIXTURES, "passing.ipynb")], { outDir: fs.mkdtempSync(path.join(os.tmpdir(), "descent-run-own-")), publishDir: mine });
    expect(r.exitCode).toBe(0);
    expect(fs.existsSync(path.join(mine, "passing.ipynb"))).toBe(true);
    expect(fs.readFileSync(path.join(mine, "README.md"), "utf8")).toBe("# my own notes\n");
  }, 60_000);

  it("refuses to publish into the sources' folder or the --out folder before running anything", async () => {
    await expect(runNotebooks([FIXTURES], { outDir: out, publishDir: FIXTURES })).rejects.toThrow(/--publish .* is the folder of the source notebooks/);
    await expect(runNotebooks([path.join(FIXTURES, "passing.ipynb")], { outDir: out, publishDir: out })).rejects.toThrow(/--publish .* is also the --out folder/);
    for (const [f, text] of sources) expect(fs.readFileSync(path.join(FIXTURES, f), "utf8")).toBe(text);
  });

  it("reports a failed check with its cell, source line and expected vs got, and goes on to later checks", () => {
    const l = lesson("failing-check");
    expect(l.status).toBe("failed");
    expect(l.checks).toEqual({ passed: 2, failed: 1 });
    expect(l.cells).toBe(3);
    expect(l.failures).toHaveLength(1);
    expect(l.failures[0]!.cell).toBe(2);
    expect(l.failures[0]!.sourceLine).toBe('check("last loss", loss[2], 0.2, { tol: 1e-3 });');
    expect(l.failures[0]!.message).toContain("CheckError: ✗ last loss: off by 0.05 (tol 0.001)");
    expect(l.failures[0]!.message).toContain("expected: 0.2");
    expect(l.failures[0]!.message).toContain("got:      0.25");
  });

  it("stops a lesson at an erroring cell and reports the throwing line", () => {
    const l = lesson("erroring");
    expect(l.status).toBe("failed");
    expect(l.failures[0]).toMatchObject({ cell: 2, sourceLine: 'throw new Error("boom: the weights are NaN");' });
    expect(l.failures[0]!.message).toMatch(/^Error: boom: the weights are NaN/);
    expect(l.result!.cells.map((c) => c.status)).toEqual(["ok", "error", "skipped"]);
    const nb = readNotebook(path.join(out, "erroring.ipynb"));
    const third = nb.cells[2]!;
    expect(third.cell_type === "code" && third.outputs.length === 0 && third.execution_count === null).toBe(true);
  });

  it("interrupts a cell that runs past its timeout", () => {
    const l = lesson("infinite-loop");
    expect(l.status).toBe("failed");
    expect(l.failures[0]!.cell).toBe(2);
    expect(l.failures[0]!.message).toMatch(/ran past its 4 s timeout and was interrupted/);
    expect(l.result!.cells[1]!.durationMs).toBeLessThan(4_000 + 3_000 + 1_000);
  });

  it("reports a kernel that dies with the cell that killed it, and goes on with the next notebook", () => {
    const l = lesson("kernel-dies");
    expect(l.status).toBe("failed");
    expect(l.failures[0]).toMatchObject({ cell: 2, sourceLine: "process.exit(1);" });
    expect(l.failures[0]!.message).toMatch(/the kernel died \(exit code 1\) while running this cell/);
    expect(lesson("malformed").status).toBe("failed"); // later notebooks still ran
  });

  it("names the malformed file and what is wrong", () => {
    const l = lesson("malformed");
    expect(l.failures[0]!.cell).toBeNull();
    expect(l.failures[0]!.message).toMatch(/malformed\.ipynb: not valid JSON/);
    expect(fs.existsSync(path.join(out, "malformed.ipynb"))).toBe(false);
  });

  it("writes an index page listing every lesson with its status", () => {
    const index = fs.readFileSync(path.join(out, "index.html"), "utf8");
    // Titles come from the first heading, else the file name; every page but the unreadable one is linked.
    expect(index).toContain('<a href="passing.html">A passing lesson</a>');
    for (const name of ["failing-check", "erroring", "infinite-loop", "kernel-dies"]) expect(index).toContain(`<a href="${name}.html">${name}</a>`);
    expect(index).toContain('<td class="lesson">malformed</td>');
    expect(index).toContain("1 of 6 ran without errors");
  });

  it("never writes over the sources and leaves no kernel behind", () => {
    for (const [f, text] of sources) expect(fs.readFileSync(path.join(FIXTURES, f), "utf8")).toBe(text);
    expect(kernelProcesses(process.pid)).toEqual([]);
    // Nor the shared type-checker the kernels' cells were compiled in.
    const ps = spawnSync("ps", ["-o", "pid=,args=", "--ppid", String(process.pid)], { encoding: "utf8" }).stdout;
    expect(ps.split("\n").filter((l) => l.includes("compile-server.js"))).toEqual([]);
  });
});

describe.runIf(built)("executeNotebook", () => {
  it("returns per-cell results with outputs and durations, and continues after errors when asked", async () => {
    const nb = readNotebook(path.join(FIXTURES, "erroring.ipynb"));
    const events: string[] = [];
    const r = await executeNotebook(nb, { file: path.join(FIXTURES, "erroring.ipynb"), kernelDirs: [path.join(REPO, "kernel")], stopOnError: () => false, onCell: (e) => events.push(`${e.phase}${e.index}`) });
    expect(r.cells.map((c) => c.status)).toEqual(["ok", "error", "ok"]);
    expect(r.cells[1]!.error).toMatchObject({ ename: "Error", evalue: "boom: the weights are NaN" });
    expect(r.cells.every((c) => c.durationMs >= 0)).toBe(true);
    expect(events).toEqual(["start0", "end0", "start1", "end1", "start2", "end2"]);
    expect(r.kernelStartMs).toBeGreaterThan(0);
    expect(joinText(nb.cells[0]!.source)).toBe('console.log("before");'); // the input is not modified
    expect(nb.cells[0]!.cell_type === "code" && nb.cells[0]!.outputs).toEqual([]);
  }, 60_000);

  it("reports a missing kernelspec as a failure naming where it looked", async () => {
    const nb = readNotebook(path.join(FIXTURES, "passing.ipynb"));
    const r = await executeNotebook(nb, { kernelName: "no-such-kernel" });
    expect(r.status).toBe("failed");
    expect(r.failure!.message).toMatch(/no kernelspec named "no-such-kernel": looked for kernels\/no-such-kernel\/kernel.json in /);
  });
});

describe.runIf(built)("descent run (CLI)", () => {
  const cli = path.join(REPO, "bin", "descent.js");

  it("exits 0 on passing lessons and ends with the summary table", () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), "descent-cli-"));
    const r = spawnSync(process.execPath, [cli, "run", path.join(FIXTURES, "passing.ipynb"), "--out", out], { encoding: "utf8", timeout: 60_000 });
    expect(r.stderr).toContain("✓ passing: 2 cells"); // plain progress lines: stderr is not a TTY here
    expect(r.stdout).toMatch(/lesson\s+status\s+cells\s+seconds\s+checks passed\s+checks failed/);
    expect(r.stdout).toMatch(/passing\s+ok\s+2\s+[\d.]+\s+3\s+0/);
    expect(r.stdout).toContain("lessons: 1 passed, 0 failed");
    expect(r.status).toBe(0);
    expect(fs.readdirSync(out).sort()).toEqual([".descent-run-times.json", "index.html", "passing.html", "passing.ipynb", "plotly.min.js"]);
  }, 60_000);

  it("exits non-zero on a failed check and refuses to write into the source folder", () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), "descent-cli-"));
    const r = spawnSync(process.execPath, [cli, "run", path.join(FIXTURES, "failing-check.ipynb"), `--out=${out}`], { encoding: "utf8", timeout: 60_000 });
    expect(r.status).toBe(1);
    expect(r.stdout).toContain("Failures:");
    expect(r.stdout).toContain('cell 2: check("last loss", loss[2], 0.2, { tol: 1e-3 });');
    const refused = spawnSync(process.execPath, [cli, "run", path.join(FIXTURES, "passing.ipynb"), "--out", FIXTURES], { encoding: "utf8" });
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/is the folder of the source notebooks/);
    const refusedDir = spawnSync(process.execPath, [cli, "run", FIXTURES, "--out", FIXTURES + "/"], { encoding: "utf8" });
    expect(refusedDir.status).toBe(2);
    expect(refusedDir.stderr).toMatch(/is the folder of the source notebooks/);
    const bad = spawnSync(process.execPath, [cli, "run", "--jobs", "zero"], { encoding: "utf8" });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("--jobs zero: must be a whole number ≥ 1");
  }, 60_000);

  it("kills its kernels when it gets SIGTERM", async () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), "descent-cli-"));
    const child = spawn(process.execPath, [cli, "run", path.join(FIXTURES, "infinite-loop.ipynb"), "--out", out, "--timeout", "600"], { stdio: ["ignore", "pipe", "pipe"] });
    let seen = "";
    child.stderr.on("data", (b: Buffer) => (seen += b.toString()));
    // Wait until the kernel runs the looping cell.
    for (let i = 0; i < 100 && kernelProcesses(child.pid).length === 0; i++) await new Promise((r) => setTimeout(r, 200));
    await new Promise((r) => setTimeout(r, 2_000));
    const kernels = kernelProcesses(child.pid);
    expect(kernels.length).toBeGreaterThan(0);
    const exited = new Promise<number | null>((r) => child.on("exit", (code) => r(code)));
    child.kill("SIGTERM");
    expect(await exited).toBe(143);
    await new Promise((r) => setTimeout(r, 300));
    expect(kernels.filter(alive)).toEqual([]);
    expect(seen).toContain("stopped by SIGTERM; kernels killed");
  }, 60_000);
});

it.runIf(!built)("notebook runner tests need a build", () => {
  throw new Error("dist/ is missing: run `npm run build` before the runner tests");
});
