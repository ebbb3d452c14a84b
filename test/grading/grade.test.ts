// End to end, with real kernels: release → submissions → grade. One grading
// run of six submissions (two at a time) feeds most tests, to keep kernel
// time modest.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { writeNotebook, type Notebook } from "../../src/jupyter/nbformat";
import { gradeSubmissions, type GradeRun } from "../../src/grading/grade";
import { fileHash, type NotebookGrade } from "../../src/grading/gradebook";
import { validateSubmission } from "../../src/grading/validate";
import { main } from "../../src/cli/main";
import { gradeIdOf } from "../../src/grading/metadata";
import { SOURCE, source, released, filled, cellById } from "./helpers";

// Long enough for a fresh kernel's first cells on a loaded machine (a replayed cell that timed out would count as another restart).
const TIMEOUT_MS = 10_000;
let dir: string;
let subs: string;
let out: string;
let run: GradeRun;
let hashes: Record<string, string>;
const grade = (student: string): NotebookGrade => run.grades.find((g) => g.student === student)!;
const test = (student: string, id: string) => grade(student).tests.find((t) => t.gradeId === id)!;

function tampered(): Notebook {
  const nb = filled();
  cellById(nb, "sigmoid-tests").source = "// trust me, it works";
  const adam = cellById(nb, "adam-tests");
  Object.assign(adam, { cell_type: "markdown" });
  delete (adam as { outputs?: unknown }).outputs;
  delete (adam as { execution_count?: unknown }).execution_count;
  nb.cells = nb.cells.filter((c) => gradeIdOf(c) !== "clip-tests");
  return nb;
}

function broken(): Notebook {
  const nb = filled();
  // Exercise 1 exits the kernel process, exercise 2 never returns; exercise 3 is right.
  cellById(nb, "sigmoid-solution").source = "function sigmoid(z: number): number {\n  process.exit(1);\n}";
  cellById(nb, "adam-solution").source = "interface AdamState { m: number; v: number; t: number }\nfunction adamStep(theta: number, grad: number, s: AdamState): number {\n  while (true) {}\n}";
  return nb;
}

function hang(): Notebook {
  const nb = filled();
  // The solution is right but its cell never ends, so its names are never defined (a cell that times out is
  // not replayed): the exercise's tests then fail to compile, and that must not be what the feedback leads with.
  const cell = cellById(nb, "adam-solution");
  cell.source = `${[cell.source].flat().join("")}\nwhile (true) {}`;
  return nb;
}

function typo(): Notebook {
  const nb = filled();
  cellById(nb, "sigmoid-solution").source = 'function sigmoid(z: number): number {\n  return "0.5";\n}';
  // Right at run time, but the test's call no longer type-checks against the student's signature:
  // test cells are checked against the student's declarations, as in the learner's kernel.
  cellById(nb, "clip-solution").source = "function clip(x: string, lo: number, hi: number): number {\n  return Math.min(hi, Math.max(lo, Number(x)));\n}";
  return nb;
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "descent-grade-"));
  subs = path.join(dir, "submissions");
  out = path.join(dir, "gradebook");
  writeNotebook(path.join(subs, "full.ipynb"), filled());
  writeNotebook(path.join(subs, "untouched.ipynb"), released());
  writeNotebook(path.join(subs, "tampered.ipynb"), tampered());
  writeNotebook(path.join(subs, "broken.ipynb"), broken());
  writeNotebook(path.join(subs, "typo.ipynb"), typo());
  writeNotebook(path.join(subs, "hang.ipynb"), hang());
  hashes = Object.fromEntries(fs.readdirSync(subs).map((f) => [f, fileHash(path.join(subs, f))]));
  const t0 = Date.now();
  run = await gradeSubmissions([subs], { source: [SOURCE], outDir: out, timeoutMs: TIMEOUT_MS, jobs: 2 });
  console.log(`graded 6 submissions in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}, 400_000);

afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe("grade", () => {
  it("gives full marks to the source's solutions, per test, exercise and notebook", () => {
    const g = grade("full");
    expect(g.tests.map((t) => [t.gradeId, t.points, t.maxPoints, t.status])).toEqual([
      ["sigmoid-tests", 2, 2, "ok"],
      ["adam-tests", 3, 3, "ok"],
      ["clip-tests", 1, 1, "ok"],
      ["clip-hidden", 1, 1, "ok"],
    ]);
    expect(g.exercises).toEqual([
      { name: "sigmoid", score: 2, maxScore: 2 },
      { name: "adam", score: 3, maxScore: 3 },
      { name: "clip", score: 2, maxScore: 2 },
    ]);
    expect([g.score, g.maxScore, g.tampering, g.kernelRestarts]).toEqual([7, 7, [], 0]);
    // The hidden tests ran: their check lines are in the output.
    expect(test("full", "sigmoid-tests").stdout).toContain("✓ sigmoid is symmetric");
  });

  it("gives an untouched release zero for each exercise, with 'not implemented' messages", () => {
    const g = grade("untouched");
    expect(g.exercises.map((e) => e.score)).toEqual([0, 0, 0]);
    expect(g.score).toBe(0);
    expect(test("untouched", "sigmoid-tests").message).toMatch(/not implemented/);
    expect(g.error).toBeNull();
  });

  it("flags tampered tests and grades the source's versions", () => {
    const g = grade("tampered");
    expect(g.tampering.map((t) => [t.gradeId, t.kind]).sort()).toEqual([
      ["adam-tests", "retyped"],
      ["clip-tests", "deleted"],
      ["sigmoid-tests", "edited"],
    ]);
    // The solutions are right, so the restored tests (hidden ones included) all pass.
    expect(g.score).toBe(7);
    expect(test("tampered", "sigmoid-tests")).toMatchObject({ tampered: true, status: "ok" });
    expect(test("tampered", "sigmoid-tests").stdout).toContain("✓ sigmoid(-40) is tiny but positive");
  });

  it("a kernel exit and an infinite loop cost only their own tests", () => {
    const g = grade("broken");
    expect(test("broken", "sigmoid-tests")).toMatchObject({ status: "dead", points: 0 });
    expect(test("broken", "sigmoid-tests").message).toMatch(/kernel died/);
    expect(test("broken", "adam-tests")).toMatchObject({ status: "timeout", points: 0 });
    expect(test("broken", "adam-tests").message).toMatch(/timeout/);
    expect(test("broken", "clip-tests")).toMatchObject({ status: "ok", points: 1 });
    expect(test("broken", "clip-hidden")).toMatchObject({ status: "ok", points: 1 });
    expect(g.score).toBe(2);
    expect(g.kernelRestarts, JSON.stringify(g.tests.map((t) => [t.gradeId, t.status, t.message.slice(0, 100)]))).toBe(2);
  });

  it("a solution cell that times out heads its tests' feedback, before the errors it caused", () => {
    const g = grade("hang");
    expect(g.exercises.map((e) => [e.name, e.score])).toEqual([["sigmoid", 2], ["adam", 0], ["clip", 2]]);
    const t = test("hang", "adam-tests");
    expect(t.points).toBe(0);
    const [headline, ...rest] = t.message.split("\n");
    // The headline names the cell and the timeout, not the later cell's compile error.
    expect(headline).toMatch(/^your cell "adam-solution" .*ran past its 10 s timeout/);
    expect(headline).not.toMatch(/TSError|Cannot find name|more\)/);
    // The test's own error follows, as a consequence.
    expect(rest.join("\n"), t.message).toMatch(/^then, since that cell never finished .*this test failed: TSError: Cannot find name '(adamStep|AdamState)'/);
    const page = fs.readFileSync(path.join(out, "feedback", "hang", "exercises.html"), "utf8");
    expect(page).toContain('<pre class="message">your cell &quot;adam-solution&quot;');
  });

  it("a type error in a solution costs only its exercise, and the test's message says why", () => {
    const g = grade("typo");
    expect(g.exercises.map((e) => [e.name, e.score])).toEqual([["sigmoid", 0], ["adam", 3], ["clip", 0]]);
    expect(test("typo", "sigmoid-tests").message).toMatch(/your cell "sigmoid-solution" failed first: TSError: Type 'string' is not assignable to type 'number'/);
    // A test that calls the student's function with the released argument types fails to type-check (the
    // full submission's check of the same test cell, with the released signature, is not reused).
    expect(test("typo", "clip-tests")).toMatchObject({ status: "error", points: 0 });
    expect(test("typo", "clip-tests").message).toMatch(/Argument of type 'number' is not assignable to parameter of type 'string'/);
  });

  it("writes the gradebook (CSV, JSON) and a feedback page per student, and never modifies a submission", () => {
    for (const [f, h] of Object.entries(hashes)) expect(fileHash(path.join(subs, f))).toBe(h);
    const csv = fs.readFileSync(path.join(out, "gradebook.csv"), "utf8").trim().split("\n");
    expect(csv[0]).toBe("student,assignment,notebook,sigmoid,adam,clip,score,max_score,tampered_cells,needs_manual_grading,error,submission_sha256");
    expect(csv.find((l) => l.startsWith("full,"))).toMatch(/^full,exercises,exercises,2,3,2,7,7,,no,,[0-9a-f]{64}$/);
    expect(csv.find((l) => l.startsWith("broken,"))).toMatch(/^broken,exercises,exercises,0,0,2,2,7,/);
    const json = JSON.parse(fs.readFileSync(path.join(out, "gradebook.json"), "utf8")) as { submissions: NotebookGrade[] };
    expect(json.submissions.map((g) => g.student)).toEqual(["broken", "full", "hang", "tampered", "typo", "untouched"]);
    const page = fs.readFileSync(path.join(out, "feedback", "broken", "exercises.html"), "utf8");
    expect(page).toContain("2 / 7");
    expect(page).toContain("the kernel died");
    expect(page).toContain("timeout");
    expect(fs.readFileSync(path.join(out, "feedback", "tampered", "exercises.html"), "utf8")).toContain("was deleted");
  });

  it("resumes: a second run skips what is graded, and regrades only a lost or changed result", async () => {
    const again = await gradeSubmissions([subs], { source: [SOURCE], outDir: out, timeoutMs: TIMEOUT_MS, jobs: 2 });
    expect([again.graded, again.skipped]).toEqual([0, 6]);
    // As if the run had been interrupted before this one was written.
    fs.rmSync(path.join(out, "results", "untouched"), { recursive: true });
    const third = await gradeSubmissions([subs], { source: [SOURCE], outDir: out, timeoutMs: TIMEOUT_MS, jobs: 2 });
    expect([third.graded, third.skipped]).toEqual([1, 5]);
    expect(third.grades.map((g) => g.score)).toEqual([2, 7, 4, 7, 3, 0]);
    // Another sandbox (here a smaller memory limit; --no-sandbox too) is not the grade on record: regraded.
    const full = path.join(subs, "full.ipynb");
    const other = await gradeSubmissions([full], { source: [SOURCE], outDir: out, timeoutMs: TIMEOUT_MS, sandbox: { memoryMb: 1024, cpuSeconds: 600, diskMb: 256 } });
    expect([other.graded, other.skipped, other.grades[0]!.sandbox?.memoryMb]).toEqual([1, 0, 1024]);
    const same = await gradeSubmissions([full], { source: [SOURCE], outDir: out, timeoutMs: TIMEOUT_MS, sandbox: { memoryMb: 1024, cpuSeconds: 600, diskMb: 256 } });
    expect([same.graded, same.skipped]).toEqual([0, 1]);
  }, 180_000);
});

describe("a broken grading environment", () => {
  it("records nothing when the source's read-only setup fails before any student code", async () => {
    const src = source();
    cellById(src, "setup").source = 'import { check } from "descent";\nthrow new Error("data file missing");';
    const d = path.join(dir, "env");
    writeNotebook(path.join(d, "source", "exercises.ipynb"), src);
    writeNotebook(path.join(d, "subs", "someone.ipynb"), filled());
    await expect(gradeSubmissions([path.join(d, "subs")], { source: [path.join(d, "source")], outDir: path.join(d, "out"), timeoutMs: 20_000 })).rejects.toThrow(
      /someone\.ipynb: the source's read-only cell "setup" failed before any student code ran.*data file missing/,
    );
    expect(fs.existsSync(path.join(d, "out", "results"))).toBe(false);
  }, 120_000);
});

describe("validate", () => {
  it("runs the visible tests of a learner's notebook and reports each", async () => {
    const v = await validateSubmission(path.join(subs, "untouched.ipynb"), { timeoutMs: 20_000 });
    expect(v.tests.map((t) => [t.gradeId, t.passed])).toEqual([
      ["sigmoid-tests", false],
      ["adam-tests", false],
      ["clip-tests", false],
    ]);
    expect(v.tests[0]!.message).toMatch(/not implemented/);
    expect(v.passed).toBe(false);
  }, 120_000);

  it("names a solution cell that hung before the test errors it caused, as the grader's feedback does", async () => {
    const v = await validateSubmission(path.join(subs, "hang.ipynb"), { timeoutMs: TIMEOUT_MS });
    const adam = v.tests.find((t) => t.gradeId === "adam-tests")!;
    expect(adam.passed).toBe(false);
    const [first, second] = adam.message.split("\n");
    expect(first).toMatch(/^your cell "adam-solution" failed first: .*10 s timeout/);
    expect(second).toMatch(/^then, since that cell never finished .*this test failed: TSError: Cannot find name/);
    // The other exercises' cells ran, and their tests pass.
    expect(v.tests.filter((t) => t.gradeId !== "adam-tests").map((t) => t.passed)).toEqual([true, true]);
  }, 120_000);

  it("`descent validate` prints a test's error and, under it, the learner's own cell that failed first", async () => {
    const out: string[] = [];
    const log = vi.spyOn(console, "log").mockImplementation((...a: unknown[]) => void out.push(a.join(" ")));
    try {
      expect(await main(["validate", path.join(subs, "typo.ipynb"), "--timeout", "20"])).toBe(1);
    } finally {
      log.mockRestore();
    }
    const at = out.findIndex((l) => l.includes("✗ sigmoid-tests"));
    expect(at).toBeGreaterThan(0);
    expect(out[at + 1]).toMatch(/^ {6}your cell "sigmoid-solution" failed first: TSError/);
  }, 120_000);

  it("does not count a test cell the learner edited (it showed ✓ and exit 0; the grader gives 0)", async () => {
    const nb = filled();
    cellById(nb, "sigmoid-tests").source = 'check("ok", 1, 1);';
    const file = path.join(dir, "edited-test.ipynb");
    writeNotebook(file, nb);
    const v = await validateSubmission(file, { timeoutMs: 20_000 });
    expect(v.tests.map((t) => [t.gradeId, t.passed])).toEqual([["sigmoid-tests", false], ["adam-tests", true], ["clip-tests", true]]);
    expect(v.tests[0]!.message).toBe("this test cell was changed, so its result does not count: the grader runs the original");
    expect(v.changed).toHaveLength(1);
    expect(v.passed).toBe(false);
  }, 120_000);
});
