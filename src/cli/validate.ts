// `descent validate NOTEBOOK… [--timeout S]`: run your notebook before handing
// it in and see which visible tests pass. Exit code 0 when all pass and no
// solution calls a library function its exercise re-implements.
import { validateSubmission } from "../grading";
import { collectNotebooks } from "../jupyter";
import { runCommand, seconds, UsageError, type CommandSpec } from "./args";
import { onTermination } from "./signals";

const SPEC: CommandSpec = {
  name: "validate",
  positionals: "NOTEBOOK… [--timeout SECONDS]",
  summary: "Run your notebook before handing it in and see which visible tests pass. Exit code 0 when all pass and no solution calls a library function its exercise asks you to write (the grader would give that exercise 0).",
  positionalHelp: [["NOTEBOOK", "your notebook(s), or folders of them"]],
  options: {
    timeout: { type: "string", value: "SECONDS", help: "per-cell timeout in seconds (default: 60)" },
  },
};

/** Entry point of `descent validate`; resolves to the exit code. */
export async function main(args: string[]): Promise<number> {
  return runCommand(SPEC, args, async (values, files) => {
    const timeoutMs = seconds("timeout", values.timeout as string | undefined);
    if (files.length === 0) throw new UsageError("name the notebook to validate");
    // Folders too, as release, grade and run take them.
    const notebooks = collectNotebooks(files);
    if (notebooks.length === 0) throw new UsageError(`no notebooks found in ${files.join(", ")}`);
    return validateAll(notebooks, timeoutMs);
  });
}

async function validateAll(files: string[], timeoutMs: number | undefined): Promise<number> {
  const done = onTermination("validate");
  let ok = true;
  for (const file of files) {
    try {
      const v = await validateSubmission(file, timeoutMs ? { timeoutMs } : {});
      console.log(file);
      if (v.error) console.log(`  the kernel could not start: ${v.error}`);
      for (const t of v.tests) {
        const lines = t.message.split("\n");
        console.log(`  ${t.passed ? "✓" : "✗"} ${t.gradeId} (${t.points} pt${t.points === 1 ? "" : "s"})${t.passed ? "" : `: ${lines[0]}`}`);
        // The learner's own cell that failed first, when it is not already the headline.
        const cause = lines.slice(1).find((l) => l.startsWith("your cell "));
        if (!t.passed && cause) console.log(`      ${cause}`);
      }
      for (const c of v.changed) console.log(`  ! ${c}`);
      for (const x of v.shortcuts) console.log(`  ! ${x.message}`);
      const n = v.tests.filter((t) => t.passed).length;
      console.log(`  ${n}/${v.tests.length} visible tests pass${v.tests.length ? "" : " (no test cells found)"}`);
      ok &&= v.passed;
    } catch (e) {
      console.error(`descent validate: ${(e as Error).message}`);
      ok = false;
    }
  }
  done();
  return ok ? 0 : 1;
}
