// Class scale: three shards merged give the gradebook of one run, byte for
// byte; manually graded answers and task cells get their points and comments
// from `gradebook set` or a CSV import, in the totals and on the feedback page.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeNotebook, type Cell, type Notebook } from "../../src/jupyter/nbformat";
import { gradeSubmissions, type GradeRun } from "../../src/grading/grade";
import { mergeGradebooks, parseShard, shardOf } from "../../src/grading/shard";
import { enterManualGrades, parseCsv, readManualCsv, ManualGradeError } from "../../src/grading/manual";
import { loadResults } from "../../src/grading/gradebook";
import { releaseNotebook } from "../../src/grading/release";
import { main as cli } from "../../src/cli/gradebook";
import { source, filled, cellById } from "./helpers";

let dir: string;
let src: string;
let subs: string;
let single: GradeRun;
const STUDENTS = ["ada", "bob", "cy", "dee", "eve"];

const md = (id: string, text: string, nbgrader: Record<string, unknown>): Cell => ({ cell_type: "markdown", id, metadata: { nbgrader: { schema_version: 3, ...nbgrader } }, source: text }) as Cell;

/** The fixture with a written answer (graded by hand, 2 points) and a task cell (1 point). */
function withManual(nb: Notebook): Notebook {
  nb.cells.push(md("why", "Why does Adam correct its moments' bias?", { grade: false, solution: false, locked: true, grade_id: "why-question" }));
  nb.cells.push(md("why-answer", "YOUR ANSWER HERE", { grade: true, solution: true, locked: false, grade_id: "why-answer", points: 2 }));
  nb.cells.push(md("task", "Plot the loss for three learning rates and describe what you see.", { task: true, grade: false, solution: false, locked: true, grade_id: "plot-task", points: 1 }));
  return nb;
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "descent-scale-"));
  src = path.join(dir, "source", "exercises.ipynb");
  const source_ = withManual(source());
  writeNotebook(src, source_);
  const released = releaseNotebook(source_, src);
  subs = path.join(dir, "submissions");
  const full = () => {
    const nb = filled();
    nb.cells.push(...released.cells.slice(-3));
    return nb;
  };
  for (const [i, s] of STUDENTS.entries()) {
    const nb = full();
    if (i % 2 === 1) cellById(nb, "sigmoid-solution").source = "function sigmoid(z: number): number {\n  return 0.5;\n}";
    if (i === 4) (nb.cells.find((c) => c.id === "why-answer")!).source = "It starts at zero, so early averages are too small.";
    writeNotebook(path.join(subs, `${s}.ipynb`), nb);
  }
  single = await gradeSubmissions([subs], { source: [src], outDir: path.join(dir, "single"), timeoutMs: 20_000, jobs: 2 });
  for (let k = 1; k <= 3; k++) await gradeSubmissions([subs], { source: [src], outDir: path.join(dir, `shard${k}`), timeoutMs: 20_000, jobs: 2, shard: { index: k, count: 3 } });
}, 600_000);

afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe("sharded grading", () => {
  it("shares are deterministic and cover every submission once", () => {
    const keys = STUDENTS.map((s) => ({ student: s, assignment: "exercises", notebook: "exercises" }));
    const shards = keys.map((k) => shardOf(k, 3));
    expect(shards).toEqual(keys.map((k) => shardOf(k, 3)));
    const graded = [1, 2, 3].flatMap((k) => [...loadResults(path.join(dir, `shard${k}`)).keys()]);
    expect(graded.sort()).toEqual(keys.map((k) => `${k.student}/exercises/exercises`).sort());
    expect(new Set(shards).size).toBeGreaterThan(1);
  });

  it("three shards merged give the single run's gradebook.csv byte for byte", () => {
    const merged = mergeGradebooks([1, 2, 3].map((k) => path.join(dir, `shard${k}`)), path.join(dir, "merged"));
    expect(merged.submissions).toBe(5);
    expect(fs.readFileSync(path.join(dir, "merged", "gradebook.csv"), "utf8")).toBe(fs.readFileSync(path.join(dir, "single", "gradebook.csv"), "utf8"));
    for (const s of STUDENTS) expect(fs.existsSync(path.join(dir, "merged", "feedback", s, "exercises.html"))).toBe(true);
  });

  it("refuses a submission graded differently in two shards", () => {
    const other = path.join(dir, "conflict");
    fs.cpSync(path.join(dir, "shard1"), other, { recursive: true });
    const [file] = fs.readdirSync(path.join(other, "results"), { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
    const g = JSON.parse(fs.readFileSync(file!, "utf8"));
    g.score += 1;
    fs.writeFileSync(file!, JSON.stringify(g));
    expect(() => mergeGradebooks([path.join(dir, "shard1"), other], path.join(dir, "bad"))).toThrow(/was graded differently/);
  });

  it("a merge again into a folder keeps the manual scores entered there, and a shard's own scores reach it", async () => {
    const shards = [1, 2, 3].map((k) => path.join(dir, `shard${k}`));
    const out = path.join(dir, "remerged");
    mergeGradebooks(shards, out);
    expect(await cli(["set", out, "--student", "eve", "--cell", "why-answer", "--points", "2", "--comment", "Exactly."])).toBe(0);
    const scored = loadResults(out).get("eve/exercises/exercises")!;
    const csvBefore = fs.readFileSync(path.join(out, "gradebook.csv"), "utf8");
    // A late regrade in a shard, then the merge again: the score entered in `out` stays, in results, page and gradebook.
    mergeGradebooks(shards, out);
    const after = loadResults(out).get("eve/exercises/exercises")!;
    expect(after.tests.find((t) => t.gradeId === "why-answer")).toMatchObject({ points: 2, comment: "Exactly." });
    expect(after.score).toBe(scored.score);
    expect(fs.readFileSync(path.join(out, "gradebook.csv"), "utf8")).toBe(csvBefore);
    expect(fs.readFileSync(path.join(out, after.feedback), "utf8")).toContain("Exactly.");
    // A score entered in a shard for another cell of the same submission joins it; the folder's own still wins its cell.
    const shardOfEve = shards.find((d) => loadResults(d).has("eve/exercises/exercises"))!;
    const copy = path.join(dir, "shard-with-manual");
    fs.cpSync(shardOfEve, copy, { recursive: true });
    enterManualGrades(copy, [{ student: "eve", gradeId: "plot-task", points: 1 }]);
    mergeGradebooks([...shards.filter((d) => d !== shardOfEve), copy], out);
    const both = loadResults(out).get("eve/exercises/exercises")!;
    expect(both.tests.filter((t) => t.kind === "manual").map((t) => [t.gradeId, t.points])).toEqual([["why-answer", 2], ["plot-task", 1]]);
    expect(both.needsManualGrading).toBe(false);
  });

  it("parses K/N and refuses anything else", () => {
    expect(parseShard("2/8")).toEqual({ index: 2, count: 8 });
    for (const bad of ["0/3", "4/3", "a/b", "3", "1/0"]) expect(() => parseShard(bad)).toThrow(/expected K\/N/);
  });
});

describe("manually graded answers", () => {
  it("are left to the instructor, and count once scored with `gradebook set`", async () => {
    const out = path.join(dir, "single");
    const eve = single.grades.find((g) => g.student === "eve")!;
    expect(eve.needsManualGrading).toBe(true);
    expect(eve.tests.filter((t) => t.kind === "manual").map((t) => [t.gradeId, t.points, t.maxPoints])).toEqual([
      ["why-answer", null, 2],
      ["plot-task", null, 1],
    ]);
    // An untouched written answer is 0 automatically, as in nbgrader.
    expect(single.grades.find((g) => g.student === "ada")!.tests.find((t) => t.gradeId === "why-answer")!.points).toBe(0);
    const code = await cli(["set", out, "--student", "eve", "--cell", "why-answer", "--points", "1.5", "--comment", "Right idea; say why it is too small."]);
    expect(code).toBe(0);
    const after = loadResults(out).get("eve/exercises/exercises")!;
    expect(after.tests.find((t) => t.gradeId === "why-answer")).toMatchObject({ points: 1.5, comment: "Right idea; say why it is too small." });
    expect(after.score).toBe(eve.score + 1.5);
    expect(fs.readFileSync(path.join(out, after.feedback), "utf8")).toContain("Right idea; say why it is too small.");
    expect(fs.readFileSync(path.join(out, "gradebook.csv"), "utf8")).toMatch(new RegExp(`^eve,exercises,exercises,.*,${after.score},10,`, "m"));
  });

  it("are imported from a CSV, all or nothing, and survive a regrade", async () => {
    const out = path.join(dir, "single");
    const csv = path.join(dir, "manual.csv");
    fs.writeFileSync(csv, 'student,cell,points,comment\neve,plot-task,1,"Clear plot, ""good"" axes"\nbob,plot-task,0,\nada,why-answer,,Please answer next time\n');
    expect(parseCsv('a,"b,c"\n1,"x\ny"\n')).toEqual([["a", "b,c"], ["1", "x\ny"]]);
    fs.writeFileSync(path.join(dir, "bad.csv"), "student,cell,points\neve,plot-task,5\n");
    expect(() => enterManualGrades(out, readManualCsv(path.join(dir, "bad.csv")))).toThrow(ManualGradeError);
    expect(() => enterManualGrades(out, [{ student: "eve", gradeId: "sigmoid-tests", points: 1 }])).toThrow(/autograded/);
    expect(() => enterManualGrades(out, [{ student: "zed", gradeId: "plot-task", points: 1 }])).toThrow(/no graded submission/);
    expect(await cli(["import", out, csv])).toBe(0);
    const eve = loadResults(out).get("eve/exercises/exercises")!;
    expect(eve.tests.find((t) => t.gradeId === "plot-task")).toMatchObject({ points: 1, comment: 'Clear plot, "good" axes' });
    expect(eve.needsManualGrading).toBe(false);
    expect(loadResults(out).get("ada/exercises/exercises")!.tests.find((t) => t.gradeId === "why-answer")!.comment).toBe("Please answer next time");
    // A regrade (--force) keeps what was entered by hand.
    const again = await gradeSubmissions([path.join(subs, "eve.ipynb")], { source: [src], outDir: out, timeoutMs: 20_000, force: true });
    expect(again.graded).toBe(1);
    expect(loadResults(out).get("eve/exercises/exercises")!.tests.filter((t) => t.kind === "manual").map((t) => t.points)).toEqual([1.5, 1]);
  }, 120_000);
});
