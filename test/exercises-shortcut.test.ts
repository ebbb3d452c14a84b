// A graded exercise cannot be passed by calling the library function it asks
// the learner to write: each solution cell declares those functions in
// metadata.descent.reimplements, and the grader gives 0 for the exercise when
// the solution calls one of them. For each exercise with a shortcut in
// test/mutation/shortcuts.ts, a submission whose solution is that shortcut
// (the other exercises of the lesson answered with the source's solutions) is
// graded: the shortcut's exercise must get 0 and the others full marks.
//
// Until the grader reads metadata.descent.reimplements (the grading engineer's
// part of issue 13), the test checks the other half of the claim instead: each
// shortcut is a correct answer that today earns full marks, so the 0 will come
// from the check for the call and nothing else.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { collectNotebooks, joinText, readNotebook, writeNotebook } from "../src/jupyter";
import { gradeIdOf, gradeSubmissions, isSolution, releaseNotebook, solutionText } from "../src/grading";
import { exercisesOf } from "./mutation/run";
import { SHORTCUTS } from "./mutation/shortcuts";

const root = path.resolve(__dirname, "..");
const lessons = collectNotebooks([path.join(root, "lessons")]);
const jobs = Math.max(1, Math.min(2, os.cpus().length));

describe("shortcut solutions (calling the library function the exercise re-implements)", () => {
  it("every solution cell declares what it re-implements, and each shortcut calls one of those", () => {
    for (const [key, sc] of Object.entries(SHORTCUTS)) {
      const [lesson, exercise] = key.split("/") as [string, string];
      const file = lessons.find((f) => path.basename(f, ".ipynb") === lesson);
      if (!file) continue; // a lesson another branch renamed or removed
      const nb = readNotebook(file);
      const ex = exercisesOf(nb).find((e) => e.name === exercise);
      expect(ex, `${key}: no such exercise`).toBeDefined();
      const declared = (nb.cells[ex!.solution]!.metadata as { descent?: { reimplements?: string[] } }).descent?.reimplements ?? [];
      expect(declared, `${key} declares metadata.descent.reimplements`).toContain(sc.calls);
      expect(sc.source).toMatch(new RegExp(`\\b${sc.calls === "scheduleLrDecay" ? "intervalDecay" : sc.calls}\\(`));
    }
  });

  it("each shortcut gets 0 for its exercise, the rest of the lesson full marks", async () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "descent-shortcuts-"));
    const cases: { student: string; key: string; lesson: string; exercise: string }[] = [];
    for (const [key, sc] of Object.entries(SHORTCUTS)) {
      const [lesson, exercise] = key.split("/") as [string, string];
      const file = lessons.find((f) => path.basename(f, ".ipynb") === lesson);
      if (!file) continue;
      const src = readNotebook(file);
      const student = releaseNotebook(src, file);
      const solutions = new Map(src.cells.filter(isSolution).map((c) => [gradeIdOf(c), joinText(c.source)]));
      const target = gradeIdOf(src.cells[exercisesOf(src).find((e) => e.name === exercise)!.solution]!);
      for (const c of student.cells) {
        if (!isSolution(c)) continue;
        c.source = gradeIdOf(c) === target ? sc.source : solutionText(solutions.get(gradeIdOf(c))!);
      }
      const name = `shortcut-${exercise.replace(/[^\w-]/g, "-")}`;
      const dir = path.join(tmp, "submitted", name, "lessons");
      fs.mkdirSync(dir, { recursive: true });
      writeNotebook(path.join(dir, `${lesson}.ipynb`), student);
      cases.push({ student: name, key, lesson, exercise });
    }
    expect(cases.length).toBeGreaterThan(0);
    const run = await gradeSubmissions([path.join(tmp, "submitted")], { source: [path.join(root, "lessons")], outDir: path.join(tmp, "gradebook"), jobs });
    for (const c of cases) {
      const g = run.grades.find((x) => x.student === c.student && x.notebook === c.lesson)!;
      expect(g, c.key).toBeDefined();
      for (const e of g.exercises) {
        if (e.name === c.exercise) {
          expect(e.score, `${c.key}: the shortcut calling ${SHORTCUTS[c.key]!.calls} earns nothing`).toBe(0);
          expect(JSON.stringify(g.tests.filter((t) => t.exercise === e.name)), `${c.key}: the feedback names the function`).toContain(SHORTCUTS[c.key]!.calls);
        } else {
          expect(e.score, `${c.key}: exercise ${e.name} gets full marks`).toBe(e.maxScore);
        }
      }
    }
  }, 900_000);
});
