// A graded exercise cannot be passed by calling the library function it asks
// the learner to write: each solution cell declares those functions in
// metadata.descent.reimplements, and the grader gives 0 for the exercise when
// the solution calls one of them. For each exercise with a shortcut in
// test/mutation/shortcuts.ts, a submission whose solution is that shortcut
// (the other exercises of the lesson answered with the source's solutions) is
// graded: the shortcut's exercise must get 0 and the others full marks. Each
// shortcut is a correct answer, so the 0 comes from the grader's checks and
// nothing else: the static one (shortcut.ts) for the shortcut as written, the
// gate (sandbox/gate.ts) for its hidden twin, which reaches the same function
// through the tests' global, where the static check does not look.
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

/**
 * The shortcut with its function reached through the tests' global (found among the global names) instead of by
 * name, which the static check does not follow; null when the shortcut does not call the function by name.
 */
function throughAnchor(sc: { calls: string; source: string }): string | null {
  // A call, not the solution's own declaration of a function by that name (14's scheduleLrDecay).
  const call = new RegExp(`(?<!function )\\b${sc.calls}\\(`, "g");
  if (!call.test(sc.source)) return null;
  const lib = `(globalThis as any)[Object.getOwnPropertyNames(globalThis).find((n) => n.startsWith("dg$"))!].descent`;
  return sc.source.replace(new RegExp(`^import \\{ ${sc.calls} \\} from "descent";\\n`, "m"), "").replace(call, `${lib}.${sc.calls}(`);
}

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

  it("each shortcut gets 0 for its exercise, the rest of the lesson full marks; so does each reaching the library past the static check", async () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "descent-shortcuts-"));
    const cases: { student: string; key: string; lesson: string; exercise: string; hidden: boolean }[] = [];
    for (const [key, sc] of Object.entries(SHORTCUTS)) {
      const [lesson, exercise] = key.split("/") as [string, string];
      const file = lessons.find((f) => path.basename(f, ".ipynb") === lesson);
      if (!file) continue;
      const src = readNotebook(file);
      const solutions = new Map(src.cells.filter(isSolution).map((c) => [gradeIdOf(c), joinText(c.source)]));
      const target = gradeIdOf(src.cells[exercisesOf(src).find((e) => e.name === exercise)!.solution]!);
      const hidden = throughAnchor(sc);
      for (const [prefix, source] of [["shortcut", sc.source], ["hidden", hidden]] as const) {
        if (source === null) continue;
        const student = releaseNotebook(src, file);
        for (const c of student.cells) {
          if (!isSolution(c)) continue;
          c.source = gradeIdOf(c) === target ? source : solutionText(solutions.get(gradeIdOf(c))!);
        }
        const name = `${prefix}-${exercise.replace(/[^\w-]/g, "-")}`;
        const dir = path.join(tmp, "submitted", name, "lessons");
        fs.mkdirSync(dir, { recursive: true });
        writeNotebook(path.join(dir, `${lesson}.ipynb`), student);
        cases.push({ student: name, key, lesson, exercise, hidden: prefix === "hidden" });
      }
    }
    // Every shortcut that calls its function by name has a hidden twin.
    expect(cases.filter((c) => c.hidden).length).toBe(Object.values(SHORTCUTS).filter((sc) => throughAnchor(sc) !== null).length);
    expect(cases.filter((c) => c.hidden).length).toBeGreaterThanOrEqual(8);
    expect(cases.length).toBeGreaterThan(0);
    const run = await gradeSubmissions([path.join(tmp, "submitted")], { source: [path.join(root, "lessons")], outDir: path.join(tmp, "gradebook"), jobs });
    for (const c of cases) {
      const g = run.grades.find((x) => x.student === c.student && x.notebook === c.lesson)!;
      expect(g, c.key).toBeDefined();
      for (const e of g.exercises) {
        if (e.name === c.exercise) {
          expect(e.score, `${c.student}: the shortcut calling ${SHORTCUTS[c.key]!.calls} earns nothing`).toBe(0);
          expect(JSON.stringify(g.tests.filter((t) => t.exercise === e.name)), `${c.student}: the feedback names the function`).toContain(SHORTCUTS[c.key]!.calls);
          // The hidden twin is missed by the static check and refused by the gate (src/grading/sandbox/gate.ts) while the tests run.
          const how = g.shortcuts.find((s) => s.exercise === e.name)?.message ?? "";
          if (c.hidden) expect(how, c.student).toMatch(/while its tests ran, the solution called the library's/);
          else expect(how, c.student).not.toMatch(/while its tests ran/);
        } else {
          expect(e.score, `${c.key}: exercise ${e.name} gets full marks`).toBe(e.maxScore);
        }
      }
    }
  }, 900_000);
});
