// The graded exercises catch the mistakes learners make: for every exercise of
// every lesson in lessons/ (whoever wrote it), mutants of the reference
// solution made by simple rules (test/mutation/mutants.ts: β and 1 − β swapped,
// a bias correction dropped, ε moved into the root, t off by one, a sign
// flipped, Math.sqrt or a transpose or 1/m dropped, a loop bound off by one,
// one variable for another…) are graded against the exercise's visible and
// hidden tests, and at least 90% of them must lose points. Survivors accepted
// as equivalent (they compute the same thing) are listed with their reason in
// test/mutation/accepted.ts and left out of the score.
//
// Cost: one kernel per lesson runs the lesson once and then the mutants (at
// most MUTANTS_PER_EXERCISE per exercise, sampled round-robin over the rules);
// `npx tsx test/mutation/report.ts <lesson>` grades every mutant of a lesson.
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { collectNotebooks, readNotebook } from "../src/jupyter";
import { ACCEPTED } from "./mutation/accepted";
import { exercisesOf, mutateLesson, mutationScore, type ExerciseResult } from "./mutation/run";

const MUTANTS_PER_EXERCISE = 40;
const lessons = collectNotebooks([path.resolve(__dirname, "..", "lessons")]).filter((f) => exercisesOf(readNotebook(f)).length > 0);
const jobs = Math.max(1, Math.min(2, os.cpus().length));

describe("graded exercises lose points for plausible mistakes (mutation test)", () => {
  it(`≥ 90% of the mutants of every exercise's solution lose points (${lessons.length} lessons)`, async () => {
    const results: ExerciseResult[] = [];
    const queue = [...lessons];
    await Promise.all(Array.from({ length: jobs }, async () => {
      for (let f = queue.shift(); f; f = queue.shift()) results.push(...(await mutateLesson(f, { cap: MUTANTS_PER_EXERCISE })));
    }));
    const report: string[] = [];
    const failing: string[] = [];
    for (const r of results.sort((a, b) => `${a.lesson}/${a.exercise}`.localeCompare(`${b.lesson}/${b.exercise}`))) {
      const key = `${r.lesson}/${r.exercise}`;
      const accepted = new Set((ACCEPTED[key] ?? []).map((a) => a.id));
      const s = mutationScore(r, accepted);
      report.push(`${key}: ${s.killed}/${s.killed + s.survived} killed (${(100 * s.score).toFixed(0)}%), ${s.equivalent} equivalent, ${s.invalid} invalid, ${r.mutants.length} of ${r.generated} generated`);
      for (const m of r.mutants) if (m.status === "survived") report.push(`    ${accepted.has(m.id) ? "equivalent" : "survived"}: [${m.rule}] ${m.id}`);
      // An exercise must be tested by enough valid mutants for its score to mean something.
      if (s.killed + s.survived < 5) failing.push(`${key}: only ${s.killed + s.survived} valid mutants`);
      if (s.score < 0.9) failing.push(`${key}: ${(100 * s.score).toFixed(1)}% of its mutants lose points (survivors: ${r.mutants.filter((m) => m.status === "survived" && !accepted.has(m.id)).map((m) => m.id).join(" | ")})`);
    }
    console.log(report.join("\n"));
    expect(results.length).toBeGreaterThanOrEqual(lessons.length);
    expect(failing).toEqual([]);
  }, 900_000);
});
