// `descent validate NOTEBOOK… [--timeout S]`: run your notebook before handing
// it in and see which visible tests pass. Exit code 0 when all pass.
import { killAllKernels, validateSubmission } from "../index";

const USAGE = `usage: descent validate NOTEBOOK… [--timeout SECONDS]

  NOTEBOOK     your notebook(s)
  --timeout S  per-cell timeout in seconds (default: 60)`;

/** Entry point of `descent validate`; resolves to the exit code. */
export async function main(args: string[]): Promise<number> {
  const files: string[] = [];
  let timeoutMs: number | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === "-h" || a === "--help") {
      console.log(USAGE);
      return 0;
    }
    if (a === "--timeout") {
      const n = Number(args[++i]);
      if (!(n > 0)) {
        console.error("descent validate: --timeout needs a positive number of seconds");
        return 2;
      }
      timeoutMs = n * 1000;
    } else if (a.startsWith("-")) {
      console.error(`descent validate: unknown option ${a}\n\n${USAGE}`);
      return 2;
    } else files.push(a);
  }
  if (files.length === 0) {
    console.error(`descent validate: name the notebook to validate\n\n${USAGE}`);
    return 2;
  }
  process.once("SIGINT", () => {
    killAllKernels();
    process.exit(130);
  });
  let ok = true;
  for (const file of files) {
    try {
      const v = await validateSubmission(file, timeoutMs ? { timeoutMs } : {});
      console.log(file);
      if (v.error) console.log(`  the kernel could not start: ${v.error}`);
      for (const t of v.tests) {
        console.log(`  ${t.passed ? "✓" : "✗"} ${t.gradeId} (${t.points} pt${t.points === 1 ? "" : "s"})${t.passed ? "" : `: ${t.message.split("\n")[0]}`}`);
      }
      for (const c of v.changed) console.log(`  ! ${c}`);
      const n = v.tests.filter((t) => t.passed).length;
      console.log(`  ${n}/${v.tests.length} visible tests pass${v.tests.length ? "" : " (no test cells found)"}`);
      ok &&= v.passed;
    } catch (e) {
      console.error(`descent validate: ${(e as Error).message}`);
      ok = false;
    }
  }
  return ok ? 0 : 1;
}
