// `descent release SRC… --out DIR`: write the student version of graded
// lessons (solutions → stubs, hidden tests removed, outputs cleared,
// checksums recorded), in nbgrader's format.
import { releaseNotebooks } from "../grading";
import { runCommand, UsageError, type CommandSpec } from "./args";

const SPEC: CommandSpec = {
  name: "release",
  positionals: "SRC… --out DIR",
  summary: "Write the student version of graded lessons: solutions become stubs, hidden tests are removed, outputs cleared, checksums recorded.",
  positionalHelp: [["SRC", "source notebooks (with solutions and hidden tests) or folders of them"]],
  options: {
    out: { type: "string", value: "DIR", help: "where the student notebooks are written, one <name>.ipynb each (default: release/); a notebook already there is replaced only if nobody has worked in it" },
    force: { type: "boolean", help: "replace notebooks in DIR even where a solution cell was filled in (a learner's work is lost)" },
  },
};

/** Entry point of `descent release`; resolves to the exit code. */
export async function main(args: string[]): Promise<number> {
  return runCommand(SPEC, args, (values, paths) => {
    if (paths.length === 0) throw new UsageError("name at least one source notebook");
    for (const r of releaseNotebooks(paths, (values.out as string | undefined) ?? "release", { force: values.force === true })) console.log(`released ${r.source} → ${r.output}`);
    return 0;
  });
}
