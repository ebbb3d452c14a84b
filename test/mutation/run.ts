// Grade the mutants of a lesson's graded exercises, many in one kernel. The
// lesson runs once, in order, as the grader runs a submission; then for each
// mutant of an exercise's solution we run the mutated solution cell and that
// exercise's test cells (hidden tests included, as the grader restores them)
// and record whether a test cell failed, i.e. whether the mutant loses points.
// A grader gives a test cell its points when it runs without error, which is
// exactly what is observed here. What differs from grading one submission per
// kernel: later cells of the lesson have already run (exercises end their
// lessons, and their tests read the lesson's setup, not what follows), and each
// test cell is compiled once, as the body of a function the kernel calls after
// each mutant (a call resolves the solution's name when it runs, so it calls
// the mutant; compiling every test cell again for every mutant would triple the
// cost). A test cell that cannot be a function body (an import) runs as itself.
// After an exercise's mutants the reference solution runs again. A mutant whose
// solution cell does not compile is "invalid" (a type error a learner sees at
// once, not a graded mistake) and is not counted.
import path from "node:path";
import { KernelClient, race, TIMEOUT, DEAD, type ExecuteReply } from "../../src/jupyter/client";
import { findKernelSpec } from "../../src/jupyter/kernelspec";
import { launchKernel, type KernelProcess } from "../../src/jupyter/launch";
import { joinText, readNotebook, type Notebook } from "../../src/jupyter/nbformat";
import { repoKernelDir } from "../../src/jupyter/runner";
import { exerciseMap, gradeIdOf, isSolution, isTestCell } from "../../src/grading";
import { mutantsOf, type Mutant } from "./mutants";

/** A graded exercise: its solution cell and the test cells that score it (indices into the notebook's cells). */
export interface Exercise {
  name: string;
  solution: number;
  tests: number[];
}

export type MutantStatus = "killed" | "survived" | "invalid";

export interface MutantResult extends Mutant {
  status: MutantStatus;
  /** Why it was killed (the first failing test's error) or invalid (the compile error). */
  detail: string;
}

export interface ExerciseResult {
  lesson: string;
  exercise: string;
  /** Mutants generated before sampling. */
  generated: number;
  mutants: MutantResult[];
}

/** The exercises of a notebook: each solution code cell with the test cells that count towards it. */
export function exercisesOf(nb: Notebook): Exercise[] {
  const exOf = exerciseMap(nb);
  const out: Exercise[] = [];
  nb.cells.forEach((c, i) => {
    if (c.cell_type === "code" && isSolution(c)) out.push({ name: exOf.get(gradeIdOf(c)!) ?? gradeIdOf(c)!, solution: i, tests: [] });
  });
  nb.cells.forEach((c, i) => {
    if (!isTestCell(c)) return;
    const ex = out.find((e) => e.name === (exOf.get(gradeIdOf(c)!) ?? gradeIdOf(c)));
    if (ex) ex.tests.push(i);
  });
  return out.filter((e) => e.tests.length > 0);
}

/**
 * At most `cap` mutants, taken round-robin over the rules (each rule's mutants in source order), so
 * every kind of mistake stays represented when an exercise has many mutants.
 */
export function sample(mutants: Mutant[], cap: number): Mutant[] {
  if (mutants.length <= cap) return mutants;
  const byRule = new Map<string, Mutant[]>();
  for (const m of mutants) byRule.set(m.rule, [...(byRule.get(m.rule) ?? []), m]);
  const queues = [...byRule.values()];
  const out: Mutant[] = [];
  for (let k = 0; out.length < cap; k++) for (const q of queues) if (k < q.length && out.length < cap) out.push(q[k]!);
  return out;
}

interface Session {
  kernel: KernelProcess;
  client: KernelClient;
}

const errorText = (r: ExecuteReply): string => {
  const e = r.outputs.find((o) => o.output_type === "error") as { ename?: string; evalue?: string } | undefined;
  return e ? `${e.ename}: ${e.evalue}`.split("\n")[0]! : r.status;
};

/** Options of {@link mutateLesson}. */
export interface MutateOptions {
  /** Mutants per exercise at most (sampled round-robin over rules); default: all. */
  cap?: number;
  /** Per-cell timeout, ms (default 30 000). */
  timeoutMs?: number;
  /** Called after each mutant. */
  onMutant?: (exercise: string, result: MutantResult) => void;
}

/** Run `file`'s lesson once, then every (sampled) mutant of each exercise against that exercise's tests. */
export async function mutateLesson(file: string, opts: MutateOptions = {}): Promise<ExerciseResult[]> {
  const nb = readNotebook(file);
  const lesson = path.basename(file, ".ipynb");
  const code = nb.cells.map((c, i) => [c, i] as const).filter(([c]) => c.cell_type === "code");
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const spec = findKernelSpec("descent", [repoKernelDir()!]);
  let session: Session | null = null;

  const run = async (s: Session, source: string): Promise<ExecuteReply | "timeout" | "dead"> => {
    const { msgId, done } = s.client.execute(source);
    const r = await race(done, timeoutMs, s.kernel.exited);
    if (r === TIMEOUT || r === DEAD) {
      s.client.forget(msgId);
      return r === TIMEOUT ? "timeout" : "dead";
    }
    return r;
  };
  const stop = async () => {
    if (!session) return;
    session.client.close();
    await session.kernel.kill();
    session = null;
  };
  /** A kernel that has run the whole lesson with its reference solutions. */
  const fresh = async (): Promise<Session> => {
    await stop();
    const kernel = await launchKernel(spec, { cwd: path.dirname(path.resolve(file)) });
    const client = new KernelClient(kernel.connection);
    client.connect();
    await client.waitForReady(60_000, kernel.exited);
    const s = { kernel, client };
    for (const [c, i] of code) {
      const r = await run(s, joinText(c.source));
      if (r === "timeout" || r === "dead" || r.status !== "ok") {
        throw new Error(`${lesson}: cell ${i + 1} fails with the reference solutions (${typeof r === "string" ? r : errorText(r)}); fix the lesson before mutating it`);
      }
    }
    session = s;
    return s;
  };

  const results: ExerciseResult[] = [];
  try {
    let s = await fresh();
    let wrapped = 0;
    for (const ex of exercisesOf(nb)) {
      const original = joinText(nb.cells[ex.solution]!.source);
      const all = mutantsOf(original);
      const chosen = opts.cap ? sample(all, opts.cap) : all;
      const res: ExerciseResult = { lesson, exercise: ex.name, generated: all.length, mutants: [] };
      // Each test cell as a function (its source unchanged, as the body), defined once in this kernel.
      const defineTests = async (): Promise<(string | null)[]> => {
        const calls: (string | null)[] = [];
        for (const t of ex.tests) {
          const src = joinText(nb.cells[t]!.source);
          const name = `mutationTestCell${++wrapped}`;
          const r = /^\s*import\s/m.test(src) ? null : await run(s, `const ${name} = (): void => {\n${src}\n};`);
          calls.push(r && r !== "timeout" && r !== "dead" && r.status === "ok" ? `${name}();` : null);
        }
        return calls;
      };
      let calls = await defineTests();
      for (const m of chosen) {
        let status: MutantStatus = "survived", detail = "";
        const def = await run(s, m.source);
        if (def === "timeout" || def === "dead") {
          status = "killed"; detail = `the solution cell ${def === "timeout" ? "hung" : "killed the kernel"}`;
          s = await fresh();
          calls = await defineTests();
        } else if (def.status !== "ok") {
          status = "invalid"; detail = errorText(def);
        } else {
          for (const [j, t] of ex.tests.entries()) {
            const r = await run(s, calls[j] ?? joinText(nb.cells[t]!.source));
            if (r === "timeout" || r === "dead") {
              status = "killed"; detail = `test cell ${t + 1} ${r === "timeout" ? "hung" : "killed the kernel"}`;
              s = await fresh();
              calls = await defineTests();
              break;
            }
            if (r.status !== "ok") { status = "killed"; detail = `test cell ${t + 1}: ${errorText(r)}`; break; }
          }
        }
        const mr = { ...m, status, detail };
        res.mutants.push(mr);
        opts.onMutant?.(ex.name, mr);
      }
      // Back to the reference solution for the next exercise.
      const back = await run(s, original);
      if (back === "timeout" || back === "dead" || back.status !== "ok") s = await fresh();
      results.push(res);
    }
  } finally {
    await stop();
  }
  return results;
}

/** killed / (killed + survived), the accepted equivalent survivors left out of both. */
export function mutationScore(r: ExerciseResult, accepted: Set<string> = new Set()): { killed: number; survived: number; invalid: number; equivalent: number; score: number } {
  let killed = 0, survived = 0, invalid = 0, equivalent = 0;
  for (const m of r.mutants) {
    if (m.status === "invalid") invalid++;
    else if (m.status === "killed") killed++;
    else if (accepted.has(m.id)) equivalent++;
    else survived++;
  }
  return { killed, survived, invalid, equivalent, score: killed + survived === 0 ? 1 : killed / (killed + survived) };
}
