// `descent gradebook merge|set|import`: the gradebook after grading.
//   merge SHARD_DIR… --out DIR     combine the --out folders of `grade --shard K/N` runs
//   set DIR --student S --cell ID [--points P] [--comment TEXT] [--assignment A] [--notebook N]
//                                  score a manually graded answer (or comment on any graded cell)
//   import DIR FILE.csv            the same for many cells at once (columns student, cell, points[, assignment, notebook, comment])
import { enterManualGrades, mergeGradebooks, readManualCsv, type NotebookGrade } from "../grading";
import { helpText, runCommand, UsageError, type CommandSpec } from "./args";

const MERGE: CommandSpec = {
  name: "gradebook merge",
  positionals: "SHARD_DIR… --out DIR",
  summary: "Combine the output folders of `descent grade --shard K/N` runs into one gradebook, the one a single run would write.",
  positionalHelp: [["SHARD_DIR", "the --out folders of the shards"]],
  options: { out: { type: "string", value: "DIR", help: "where the merged results, feedback pages and gradebook go" } },
};

const SET: CommandSpec = {
  name: "gradebook set",
  positionals: "DIR --student S --cell GRADE_ID [--points P] [--comment TEXT] [--assignment A] [--notebook N]",
  summary: "Score a manually graded answer (nbgrader's written answers and task cells), or comment on any graded cell; the totals, gradebook and feedback page are updated.",
  positionalHelp: [["DIR", "the grading output folder (descent grade --out)"]],
  options: {
    student: { type: "string", value: "S", help: "the student" },
    assignment: { type: "string", value: "A", help: "the assignment, when the student has several" },
    notebook: { type: "string", value: "N", help: "the notebook, when the assignment has several" },
    cell: { type: "string", value: "GRADE_ID", help: "the cell's grade_id" },
    points: { type: "string", value: "P", help: "the points (0 to the cell's maximum); leave out to only comment" },
    comment: { type: "string", value: "TEXT", help: "a comment shown on the student's feedback page" },
  },
};

const IMPORT: CommandSpec = {
  name: "gradebook import",
  positionals: "DIR FILE.csv",
  summary: "Enter manual scores from a CSV file with a header row: student, cell (or grade_id), points (empty: comment only), and optionally assignment, notebook, comment. Nothing is written if a row is wrong.",
  options: {},
};

const report = (updated: NotebookGrade[]) => {
  for (const g of updated) console.log(`${g.student}/${g.assignment}/${g.notebook}: ${g.score}/${g.maxScore}${g.needsManualGrading ? " (answers still to grade by hand)" : ""}`);
};

/** Entry point of `descent gradebook`; resolves to the exit code. */
export async function main(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  switch (sub) {
    case "merge":
      return runCommand(MERGE, rest, (values, dirs) => {
        if (dirs.length === 0) throw new UsageError("name the shards' output folders");
        if (typeof values.out !== "string") throw new UsageError("--out DIR is required");
        const r = mergeGradebooks(dirs, values.out);
        console.log(`merged ${r.submissions} submission(s) from ${dirs.length} folder(s)\ngradebook: ${r.gradebook.csv}, ${r.gradebook.json}`);
        return 0;
      });
    case "set":
      return runCommand(SET, rest, (values, pos) => {
        if (pos.length !== 1) throw new UsageError("name the grading output folder");
        if (typeof values.student !== "string" || typeof values.cell !== "string") throw new UsageError("--student and --cell are required");
        if (values.points === undefined && values.comment === undefined) throw new UsageError("give --points, --comment or both");
        const points = values.points === undefined ? null : Number(values.points);
        if (points !== null && !Number.isFinite(points)) throw new UsageError(`--points ${values.points}: not a number`);
        const opt = (k: string) => (typeof values[k] === "string" ? { [k]: values[k] as string } : {});
        report(enterManualGrades(pos[0]!, [{ student: values.student, gradeId: values.cell, points, ...opt("assignment"), ...opt("notebook"), ...opt("comment") }]));
        return 0;
      });
    case "import":
      return runCommand(IMPORT, rest, (_values, pos) => {
        if (pos.length !== 2) throw new UsageError("name the grading output folder and the CSV file");
        report(enterManualGrades(pos[0]!, readManualCsv(pos[1]!)));
        return 0;
      });
    default: {
      const help = [MERGE, SET, IMPORT].map(helpText).join("\n\n");
      if (sub === undefined || sub === "-h" || sub === "--help") {
        console.log(help);
        return sub ? 0 : 2;
      }
      console.error(`descent gradebook: unknown subcommand "${sub}" (merge, set, import)\n\n${help}`);
      return 2;
    }
  }
}
