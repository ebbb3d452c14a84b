import { describe, it, expect } from "vitest";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { parseNotebook, readNotebook, writeNotebook, formatNotebook, newNotebook, NotebookFormatError, joinText } from "../../src/jupyter/nbformat";

const fixtures = path.join(__dirname, "..", "fixtures", "notebooks");

function problem(text: string): string {
  try {
    parseNotebook(text, "lesson.ipynb");
  } catch (e) {
    expect(e).toBeInstanceOf(NotebookFormatError);
    return (e as Error).message;
  }
  throw new Error("expected a NotebookFormatError");
}

const minimal = (cells: unknown[], extra: Record<string, unknown> = {}) =>
  JSON.stringify({ nbformat: 4, nbformat_minor: 5, metadata: {}, cells, ...extra });

describe("nbformat", () => {
  it("reads a valid 4.5 notebook", () => {
    const nb = readNotebook(path.join(fixtures, "passing.ipynb"));
    expect(nb.nbformat).toBe(4);
    expect(nb.nbformat_minor).toBe(5);
    expect(nb.cells.map((c) => c.cell_type)).toEqual(["markdown", "code", "code"]);
    expect(nb.metadata.kernelspec?.name).toBe("descent");
    expect(joinText(nb.cells[1]!.source)).toContain('import { check } from "descent"');
  });

  it("names the file and the JSON problem for malformed JSON", () => {
    const file = path.join(fixtures, "malformed.ipynb");
    expect(() => readNotebook(file)).toThrow(NotebookFormatError);
    expect(() => readNotebook(file)).toThrow(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: not valid JSON`));
  });

  it("names a missing file", () => {
    expect(() => readNotebook("/nonexistent/x.ipynb")).toThrow("/nonexistent/x.ipynb: no such file");
  });

  it("says which field is wrong", () => {
    expect(problem("[]")).toBe("lesson.ipynb: the top level is an array; expected a JSON object with \"cells\", \"metadata\", \"nbformat\"");
    expect(problem(JSON.stringify({ nbformat: 3, nbformat_minor: 0, metadata: {}, cells: [] }))).toMatch(/nbformat is 3; only nbformat 4/);
    expect(problem(minimal([], { cells: {} }))).toMatch(/cells is an object; expected an array/);
    expect(problem(minimal([{ cell_type: "python", id: "a", metadata: {}, source: "" }]))).toMatch(/cells\[0\]\.cell_type is "python"/);
    expect(problem(minimal([{ cell_type: "code", id: "a", metadata: {}, source: 3, outputs: [], execution_count: null }]))).toMatch(/cells\[0\]\.source is a number/);
    expect(problem(minimal([{ cell_type: "code", id: "a b", metadata: {}, source: "", outputs: [], execution_count: null }]))).toMatch(/cells\[0\]\.id is "a b"/);
    expect(problem(minimal([{ cell_type: "markdown", metadata: {}, source: "" }]))).toMatch(/cells\[0\]\.id is undefined/);
    const dup = { cell_type: "markdown", id: "same", metadata: {}, source: "" };
    expect(problem(minimal([dup, dup]))).toMatch(/cells\[1\]\.id "same" is used by an earlier cell/);
    expect(problem(minimal([{ cell_type: "code", id: "a", metadata: {}, source: "", outputs: [{ output_type: "bogus" }], execution_count: null }]))).toMatch(
      /cells\[0\]\.outputs\[0\]\.output_type is "bogus"/,
    );
  });

  it("upgrades a 4.4 notebook by adding unique cell ids", () => {
    const nb = parseNotebook(JSON.stringify({ nbformat: 4, nbformat_minor: 4, metadata: {}, cells: [{ cell_type: "code", source: "1", metadata: {} }, { cell_type: "markdown", source: "x" }] }));
    expect(nb.nbformat_minor).toBe(5);
    const ids = nb.cells.map((c) => c.id);
    expect(new Set(ids).size).toBe(2);
    for (const id of ids) expect(id).toMatch(/^[a-zA-Z0-9-_]{1,64}$/);
  });

  it("writes Jupyter's layout (lines lists, 1-space indent, no transient) and reads it back", () => {
    const nb = newNotebook([
      { cell_type: "markdown", source: "# T\ntext" },
      { cell_type: "code", source: "a\nb" },
    ]);
    const code = nb.cells[1]!;
    if (code.cell_type !== "code") throw new Error("expected code");
    code.execution_count = 1;
    code.outputs = [
      { output_type: "stream", name: "stdout", text: "x\ny\n" },
      { output_type: "display_data", data: { "text/plain": "p" }, metadata: {}, transient: { display_id: "d" } },
    ];
    const text = formatNotebook(nb);
    expect(text.endsWith("\n")).toBe(true);
    const raw = JSON.parse(text);
    expect(raw.cells[0].source).toEqual(["# T\n", "text"]);
    expect(raw.cells[1].outputs[0].text).toEqual(["x\n", "y\n"]);
    expect(raw.cells[1].outputs[1].transient).toBeUndefined();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "nbformat-"));
    const file = path.join(dir, "sub", "x.ipynb");
    writeNotebook(file, nb);
    const back = readNotebook(file);
    expect(joinText(back.cells[1]!.source)).toBe("a\nb");
    expect(back.cells.map((c) => c.id)).toEqual(nb.cells.map((c) => c.id));
  });

  // Jupyter's own validator, when a Python with nbformat is around (it comes with apt's jupyter-nbconvert).
  const python = ["/usr/bin/python3", "python3"].find((p) => spawnSync(p, ["-c", "import nbformat"]).status === 0);
  it.skipIf(!python)("writes notebooks that Jupyter's nbformat validates as 4.5", () => {
    const nb = newNotebook([{ cell_type: "code", source: "1" }]);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "nbformat-"));
    const file = path.join(dir, "x.ipynb");
    writeNotebook(file, nb);
    const r = spawnSync(python!, ["-c", "import nbformat,sys; nb=nbformat.read(sys.argv[1], as_version=4); nbformat.validate(nb); print(nb.nbformat, nb.nbformat_minor)", file], { encoding: "utf8" });
    expect(r.stderr).toBe("");
    expect(r.stdout.trim()).toBe("4 5");
  });
});
