// The lesson pack, end to end, as CI and authors use it: every lesson runs
// headlessly with its check cells passing; each lesson's release, filled in
// with the source's own solutions, gets full marks from the grader, and the
// release as handed out gets zero; and the same lessons execute under
// Jupyter's own executor.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { collectNotebooks, joinText, readNotebook, runNotebooks, writeNotebook } from "../src/jupyter";
import { gradeIdOf, gradeSubmissions, isSolution, releaseNotebook, solutionText, type GradeRun } from "../src/grading";
import { itWithTools, missingTool } from "./helpers/tools";
import { outputDifferences, READING_DIR, REPUBLISH } from "./helpers/reading-copies";
import { fusedMultiplyAdd } from "../src/index";

const root = path.resolve(__dirname, "..");
const lessonsDir = path.join(root, "lessons");
const lessons = collectNotebooks([lessonsDir]);

/** Each lesson of a run that failed or had a failing check, with its failures. */
const failing = (run: Awaited<ReturnType<typeof runNotebooks>>) =>
  run.lessons.filter((l) => l.status !== "ok" || l.checks.failed > 0).map((l) => `${l.name}: ${l.failures.map((f) => f.message).join("; ")}`);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "descent-lessons-"));
const jobs = Math.max(1, Math.min(2, os.cpus().length));
const mkdir = (...parts: string[]) => { const d = path.join(...parts); fs.mkdirSync(d, { recursive: true }); return d; };

describe("the lessons", () => {
  it("there are lessons, committed without outputs", () => {
    expect(lessons.length).toBeGreaterThanOrEqual(9);
    for (const f of lessons) {
      const nb = readNotebook(f);
      const dirty = nb.cells.filter((c) => c.cell_type === "code" && ((c.outputs?.length ?? 0) > 0 || c.execution_count !== null));
      expect(dirty.length, `${path.basename(f)} has saved outputs`).toBe(0);
    }
  });

  it("every lesson runs headlessly with all its checks passing", async () => {
    const run = await runNotebooks([lessonsDir], { outDir: path.join(tmp, "out"), publishDir: path.join(tmp, "published"), jobs });
    expect(failing(run)).toEqual([]);
    expect(run.exitCode).toBe(0);
    for (const l of run.lessons) {
      expect(l.checks.passed, `${l.name} pins its numbers with check cells`).toBeGreaterThan(0);
      expect(fs.existsSync(l.outputs.html!)).toBe(true);
    }
    expect(fs.readFileSync(run.indexHtml, "utf8")).toContain("00-getting-started");
    // The committed reading copies show what the lessons print and draw today (measured times aside).
    // They are published with products fused, as here; without a fused multiply-add a few plotted
    // values round differently in their last shown digit (lesson 03), so there is nothing to compare.
    if (fusedMultiplyAdd()) for (const l of run.lessons) {
      const stale = outputDifferences(readNotebook(path.join(READING_DIR, `${l.name}.ipynb`)), readNotebook(l.outputs.readingCopy!));
      expect(stale, `docs/lessons/${l.name}.ipynb is out of date: ${REPUBLISH}`).toEqual([]);
    }
  }, 900_000);

  // The pinned numbers must not depend on how the machine rounds a multiply-add: the run above
  // fuses them where the CPU can (as numpy's BLAS does), this one rounds each twice, as a machine
  // without a fused multiply-add (and the JavaScript loops) would.
  it("every lesson's checks also pass with each multiply-add rounded twice (a machine without FMA)", async () => {
    const run = await runNotebooks([lessonsDir], { outDir: path.join(tmp, "out-unfused"), jobs, execute: { env: { DESCENT_FUSED_MULTIPLY_ADD: "0" } } });
    expect(failing(run)).toEqual([]);
    expect(run.lessons.length).toBe(lessons.length);
  }, 900_000);

  // One grading run for two students: "solutions" hands in each release filled with the source's solutions,
  // "untouched" hands in the releases as they are (every solution still the stub that throws).
  let graded: Promise<GradeRun> | undefined;
  const gradeBoth = () => (graded ??= (async () => {
    for (const f of lessons) {
      const src = readNotebook(f);
      const student = releaseNotebook(src, f);
      writeNotebook(path.join(mkdir(tmp, "submitted", "untouched", "lessons"), path.basename(f)), student);
      const solutions = new Map(src.cells.filter(isSolution).map((c) => [gradeIdOf(c), joinText(c.source)]));
      expect(solutions.size, `${path.basename(f)} has a graded exercise`).toBeGreaterThan(0);
      const filled = releaseNotebook(src, f);
      for (const c of filled.cells) if (isSolution(c)) c.source = solutionText(solutions.get(gradeIdOf(c))!);
      writeNotebook(path.join(mkdir(tmp, "submitted", "solutions", "lessons"), path.basename(f)), filled);
    }
    return gradeSubmissions([path.join(tmp, "submitted")], { source: [lessonsDir], outDir: path.join(tmp, "gradebook"), jobs });
  })());

  it("each lesson has a graded exercise, and its release filled with the source's solutions gets full marks", async () => {
    const run = await gradeBoth();
    const grades = run.grades.filter((g) => g.student === "solutions");
    expect(grades.length).toBe(lessons.length);
    for (const g of grades) {
      const failed = g.tests.filter((t) => t.points !== t.maxPoints).map((t) => `${t.gradeId}: ${t.message ?? ""}`);
      expect(failed, g.notebook).toEqual([]);
      expect(g.maxScore).toBeGreaterThan(0);
      expect(g.score, g.notebook).toBe(g.maxScore);
      expect(g.tampering, g.notebook).toEqual([]);
    }
  }, 900_000);

  it("an untouched release of each lesson gets zero, every test failing on the stub", async () => {
    const run = await gradeBoth();
    const grades = run.grades.filter((g) => g.student === "untouched");
    expect(grades.length).toBe(lessons.length);
    for (const g of grades) {
      expect(g.maxScore, g.notebook).toBeGreaterThan(0);
      expect(g.score, g.notebook).toBe(0);
      expect(g.tampering, g.notebook).toEqual([]);
      for (const t of g.tests.filter((x) => x.kind === "test")) expect(t.message, `${g.notebook} ${t.gradeId}`).toMatch(/not implemented/);
    }
  }, 900_000);

  const jupyter = "/usr/bin/jupyter";
  itWithTools("every lesson also executes under Jupyter's own executor (nbconvert --execute)", missingTool(jupyter, ["nbconvert", "--version"], "apt install jupyter-nbconvert"), async () => {
    const outDir = path.join(tmp, "nbconvert");
    const env = { ...process.env, JUPYTER_PATH: path.join(root, "kernel") };
    const runOne = (f: string) => new Promise<string | null>((resolve) => {
      const p = spawn(jupyter, ["nbconvert", "--to", "notebook", "--execute", "--ExecutePreprocessor.timeout=300", "--output-dir", outDir, f], { env });
      let err = "";
      p.stderr.on("data", (d) => (err += d));
      p.on("close", (code) => resolve(code === 0 ? null : `${path.basename(f)}: exit ${code}: ${err.trim().split("\n").slice(-3).join(" | ")}`));
    });
    const queue = [...lessons];
    const failures: string[] = [];
    await Promise.all(Array.from({ length: jobs }, async () => {
      for (let f = queue.shift(); f; f = queue.shift()) {
        const r = await runOne(f);
        if (r) failures.push(r);
      }
    }));
    expect(failures).toEqual([]);
    // The executed copies carry outputs; the sources stay clean.
    const executed = readNotebook(path.join(outDir, path.basename(lessons[0]!)));
    expect(executed.cells.some((c) => c.cell_type === "code" && c.outputs.length > 0)).toBe(true);
  }, 900_000);
});
