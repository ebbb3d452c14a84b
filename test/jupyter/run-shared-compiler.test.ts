// `descent run` type-checks every lesson's cells in one shared compiler
// process and starts its kernels in precompiled mode. These tests run the same
// notebooks that way and the old way (each kernel compiling its own cells,
// `compilers: 0`) and require the same outcome: statuses, failures with their
// cell and message, and outputs.
import { describe, it, expect, beforeAll } from "vitest";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { runNotebooks, type RunResult } from "../../src/jupyter/runner";
import { executeNotebook } from "../../src/jupyter/execute";
import { joinText, readNotebook, type Notebook } from "../../src/jupyter/nbformat";
import { PRECOMPILED_ENV } from "../../src/jupyter/kernelspec";

const REPO = path.resolve(__dirname, "..", "..");
const built = fs.existsSync(path.join(REPO, "dist", "kernel", "main.js")) && fs.existsSync(path.join(REPO, "dist", "kernel", "compile-server.js"));

function notebook(cells: Array<string | { md: string }>): Notebook {
  return {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { kernelspec: { name: "descent", display_name: "TypeScript (descent)", language: "typescript" } },
    cells: cells.map((c, i) =>
      typeof c === "string"
        ? { cell_type: "code", id: `c${i}`, metadata: {}, source: c, outputs: [], execution_count: null }
        : { cell_type: "markdown", id: `c${i}`, metadata: {}, source: c.md },
    ),
  } as Notebook;
}

const LESSONS: Record<string, Notebook> = {
  // A type error in the third cell (the fourth of the notebook: one markdown cell first).
  "type-error": notebook([{ md: "# Type error" }, 'import { matrix } from "descent";', "const m = matrix([[1, 2]]);\nconsole.log(m.shape);", 'const n: number = "three";\nconsole.log(n);', 'console.log("never");']),
  // A cell whose check fails after giving `b` its value: the kernel keeps `b`, and the next cell uses it.
  "failed-check-declarations": notebook(['import { check } from "descent";', 'const b = 2;\ncheck("b", b, 3);', "console.log(b + 1);"]),
  // A cell that fails before `d` has a value: the kernel keeps none of its names, and the next cell's type error says so.
  "failed-early-declarations": notebook(['import { check } from "descent";', 'check("c", 1, 2);\nconst d = 2;', "console.log(d);"]),
  // Two lessons with the same cells: the second's compiles come from the service's memory.
  passing: notebook(['import { matrix, matmul } from "descent";', "const a = matrix([[1, 2], [3, 4]]);\nmatmul(a, a)", 'console.log("done", a.shape);']),
  "passing-again": notebook(['import { matrix, matmul } from "descent";', "const a = matrix([[1, 2], [3, 4]]);\nmatmul(a, a)", 'console.log("done", a.shape);']),
  // A runtime error after a cell that defines a function: the traceback names the cells as before.
  "runtime-error": notebook(['function f(x: number): number {\n  if (x > 1) throw new Error("too big: " + x);\n  return x;\n}', "f(1)", "f(5)"]),
};

describe.runIf(built)("descent run with a shared compiler", () => {
  let shared: RunResult;
  let own: RunResult;
  let src: string;

  beforeAll(async () => {
    src = fs.mkdtempSync(path.join(os.tmpdir(), "descent-shared-src-"));
    // Cells import descent from the notebooks' folder, as lessons do from lessons/.
    fs.symlinkSync(path.join(REPO, "node_modules"), path.join(src, "node_modules"), "dir");
    for (const [name, nb] of Object.entries(LESSONS)) fs.writeFileSync(path.join(src, `${name}.ipynb`), JSON.stringify(nb));
    const out = (tag: string) => fs.mkdtempSync(path.join(os.tmpdir(), `descent-shared-${tag}-`));
    shared = await runNotebooks([src], { outDir: out("shared"), compilers: 1, jobs: 2 });
    own = await runNotebooks([src], { outDir: out("own"), compilers: 0, jobs: 2 });
  }, 180_000);

  const lesson = (r: RunResult, name: string) => r.lessons.find((l) => l.name === name)!;
  /** Outputs of every code cell, as text. */
  const outputs = (r: RunResult, name: string) =>
    lesson(r, name).result!.cells.map((c) => ({ status: c.status, count: c.executionCount, outputs: JSON.stringify(c.outputs) }));

  it("fails a lesson at a type error, naming its cell and the error, as each kernel compiling its own cells does", () => {
    const l = lesson(shared, "type-error");
    expect(l.status).toBe("failed");
    expect(l.failures).toHaveLength(1);
    expect(l.failures[0]!.cell).toBe(4);
    expect(l.failures[0]!.message).toMatch(/Type 'string' is not assignable to type 'number'/);
    expect(l.failures).toEqual(lesson(own, "type-error").failures);
    // Cells after the failure never ran.
    expect(l.result!.cells.map((c) => c.status)).toEqual(["ok", "ok", "error", "skipped"]);
  });

  it("counts a failed cell's declarations when the kernel kept them (all its names had values), as the kernel does", () => {
    const l = lesson(shared, "failed-check-declarations");
    expect(l.result!.cells.map((c) => c.status)).toEqual(["ok", "error", "ok"]);
    expect(l.result!.cells[1]!.kept).toBe(true);
    expect(joinText((l.result!.cells[2]!.outputs[0] as { text: string }).text)).toBe("3\n");
    expect(l.failures).toEqual(lesson(own, "failed-check-declarations").failures);
    const early = lesson(shared, "failed-early-declarations");
    expect(early.result!.cells.map((c) => c.status)).toEqual(["ok", "error", "error"]);
    expect(early.result!.cells[1]!.kept).toBeUndefined();
    expect(early.failures[1]!.message).toMatch(/Cannot find name 'd'/);
    expect(early.failures).toEqual(lesson(own, "failed-early-declarations").failures);
  });

  it("writes the same outputs as each kernel compiling its own cells", () => {
    // The message carries both runs' failures: a lesson that never got to its cells says why (a kernel that did not start).
    const why = (name: string) => `${name}: shared ${JSON.stringify(lesson(shared, name).failures)}, own ${JSON.stringify(lesson(own, name).failures)}`;
    for (const name of Object.keys(LESSONS)) expect(outputs(shared, name), why(name)).toEqual(outputs(own, name));
    expect(lesson(shared, "passing").status).toBe("ok");
    expect(lesson(shared, "passing-again").status).toBe("ok");
    const printed = lesson(shared, "passing-again").result!.cells[2]!.outputs.map((o) => (o.output_type === "stream" ? joinText(o.text) : "")).join("");
    expect(printed).toBe("done [ 2, 2 ]\n");
    expect(lesson(shared, "runtime-error").failures[0]).toMatchObject({ cell: 3, sourceLine: "f(5)" });
    expect(lesson(shared, "runtime-error").failures).toEqual(lesson(own, "runtime-error").failures);
  });

  it("records each lesson's seconds in the output folder, for the next run's order", () => {
    const out = path.dirname(shared.indexHtml);
    const times = JSON.parse(fs.readFileSync(path.join(out, ".descent-run-times.json"), "utf8")) as Record<string, number>;
    expect(Object.keys(times).sort()).toEqual(Object.keys(LESSONS).sort());
    expect(Object.values(times).every((s) => s > 0)).toBe(true);
  });
});

describe.runIf(built)("a kernel started in precompiled mode", () => {
  it("still compiles a cell that arrives without its compiled form", async () => {
    const file = path.join(REPO, "test", "fixtures", "notebooks", "passing.ipynb");
    const r = await executeNotebook(readNotebook(file), { file, kernelDirs: [path.join(REPO, "kernel")], env: { [PRECOMPILED_ENV]: "1" } });
    expect(r.status).toBe("ok");
    expect(r.checks).toEqual({ passed: 3, failed: 0 });
  }, 60_000);
});
