// Release and submission merging, without a kernel.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { joinText, readNotebook, type Cell } from "../../src/jupyter/nbformat";
import { releaseNotebook, releaseNotebooks } from "../../src/grading/release";
import { prepareSubmission } from "../../src/grading/prepare";
import { changedCells } from "../../src/grading/validate";
import { computeChecksum } from "../../src/grading/checksum";
import { GradingError, nbgraderOf, gradeIdOf } from "../../src/grading/metadata";
import { SOURCE, source, released, filled, cellById } from "./helpers";

describe("release", () => {
  it("writes a student notebook: no solutions, no hidden tests, stubs, no outputs, checksums", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "descent-release-"));
    const src = source();
    // Give the source an output, to see it cleared.
    const first = src.cells.find((c) => c.cell_type === "code")!;
    if (first.cell_type === "code") first.outputs = [{ output_type: "stream", name: "stdout", text: "hi\n" }];
    fs.writeFileSync(path.join(dir, "src.ipynb"), JSON.stringify(src));
    const [r] = releaseNotebooks([path.join(dir, "src.ipynb")], path.join(dir, "release"));
    const nb = readNotebook(r!.output);
    const text = nb.cells.map((c) => joinText(c.source)).join("\n");
    expect(text).not.toMatch(/BEGIN SOLUTION|END SOLUTION|HIDDEN TESTS/);
    expect(text).not.toContain("Math.exp(-z)"); // the sigmoid solution
    expect(text).not.toContain("sigmoid is symmetric"); // a hidden test
    expect(text).not.toContain("clip(-3, 0, 1)");
    expect(text).toContain('check("sigmoid(0)", sigmoid(0), 0.5);'); // visible tests stay
    expect(joinText(cellById(nb, "sigmoid-solution").source)).toBe('function sigmoid(z: number): number {\n  // YOUR CODE HERE\n  throw new Error("not implemented");\n}');
    expect(joinText(cellById(nb, "clip-hidden").source)).toBe("");
    for (const c of nb.cells) {
      if (c.cell_type === "code") {
        expect(c.outputs).toEqual([]);
        expect(c.execution_count).toBeNull();
      }
      const m = nbgraderOf(c);
      if (m) {
        expect(m.schema_version).toBe(3);
        expect(m.checksum).toBe(computeChecksum(c));
      }
    }
    expect(cellById(nb, "adam-tests").metadata).toMatchObject({ deletable: false, editable: false });
    // The source file is untouched.
    expect(joinText(cellById(readNotebook(path.join(dir, "src.ipynb")), "sigmoid-solution").source)).toContain("Math.exp(-z)");
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("refuses markers in cells that would leak them, naming the file and cell", () => {
    const nb = source();
    delete cellById(nb, "sigmoid-tests").metadata.nbgrader;
    expect(() => releaseNotebook(nb, "lesson.ipynb")).toThrow(/lesson\.ipynb cell 5: has hidden-test markers but is not a grade cell/);
    const dup = source();
    (cellById(dup, "clip-tests").metadata.nbgrader as Record<string, unknown>).grade_id = "adam-tests";
    expect(() => releaseNotebook(dup, "lesson.ipynb")).toThrow(GradingError);
    expect(() => releaseNotebook(dup, "lesson.ipynb")).toThrow(/grade_id "adam-tests" is already used by cell 8/);
  });

  it("will not write over the source folder", () => {
    expect(() => releaseNotebooks([SOURCE], path.dirname(SOURCE))).toThrow(/sources are never overwritten/);
  });

  it("replaces an untouched release, but not a notebook someone worked in (unless forced)", () => {
    // The README has learners release into their own folder and work there: re-running it after
    // pulling new lessons silently put the stubs back over their solutions.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "descent-rerelease-"));
    const out = path.join(dir, "mine"), file = path.join(out, path.basename(SOURCE));
    releaseNotebooks([SOURCE], out);
    expect(() => releaseNotebooks([SOURCE], out)).not.toThrow(); // nobody worked in it
    fs.writeFileSync(file, JSON.stringify(filled()));
    const work = fs.readFileSync(file, "utf8");
    expect(() => releaseNotebooks([SOURCE], out)).toThrow(
      `this notebook exists and is not an untouched release (a solution was filled in, or it is another file): ${file}; nothing was written. Release into another folder, or pass --force to replace it`);
    expect(fs.readFileSync(file, "utf8")).toBe(work);
    releaseNotebooks([SOURCE], out, { force: true });
    expect(joinText(cellById(readNotebook(file), "sigmoid-solution").source)).toContain("not implemented");
    fs.writeFileSync(file, "not a notebook");
    expect(() => releaseNotebooks([SOURCE], out)).toThrow(/is not an untouched release/);
    const notDir = path.join(dir, "notes.txt");
    fs.writeFileSync(notDir, "x");
    expect(() => releaseNotebooks([SOURCE], notDir)).toThrow(`--out ${notDir} is a file, not a folder`);
  });
});

describe("prepareSubmission", () => {
  const ids = (cells: Cell[]) => cells.map(gradeIdOf).filter(Boolean);

  it("restores source tests (hidden tests in) and keeps the student's solutions, with nothing flagged", () => {
    const { notebook, tampering } = prepareSubmission(source(), released(), filled());
    expect(tampering).toEqual([]);
    expect(joinText(cellById(notebook, "sigmoid-tests").source)).toContain("sigmoid is symmetric");
    expect(joinText(cellById(notebook, "sigmoid-tests").source)).not.toContain("HIDDEN TESTS");
    expect(joinText(cellById(notebook, "sigmoid-solution").source)).toContain("Math.exp(-z)");
    expect(ids(notebook.cells)).toEqual(ids(source().cells));
  });

  it("does not flag the source's own cells: grading a copy of the source (the instructor's self-check) reports nothing", () => {
    // grading.md recommends it; every test cell was reported "edited" (it holds the hidden tests).
    const { tampering } = prepareSubmission(source(), released(), source());
    expect(tampering).toEqual([]);
  });

  it("flags an edited, a retyped and a deleted test, and grades the source's versions in place", () => {
    const sub = filled();
    cellById(sub, "sigmoid-tests").source = "// all good";
    const adam = cellById(sub, "adam-tests");
    Object.assign(adam, { cell_type: "markdown" });
    delete (adam as { outputs?: unknown }).outputs;
    sub.cells = sub.cells.filter((c) => gradeIdOf(c) !== "clip-tests");
    (cellById(sub, "clip-hidden").metadata.nbgrader as Record<string, unknown>).points = 100;
    const { notebook, tampering } = prepareSubmission(source(), released(), sub);
    expect(tampering.map((t) => [t.gradeId, t.kind])).toEqual([
      ["sigmoid-tests", "edited"],
      ["adam-tests", "retyped"],
      ["clip-hidden", "edited"],
      ["clip-tests", "deleted"],
    ]);
    expect(tampering[0]!.message).toMatch(/source was edited/);
    expect(tampering[2]!.message).toMatch(/metadata/);
    expect(ids(notebook.cells)).toEqual(ids(source().cells));
    expect(cellById(notebook, "adam-tests").cell_type).toBe("code");
    expect(joinText(cellById(notebook, "sigmoid-tests").source)).toContain('check("sigmoid(0)"');
    expect(nbgraderOf(cellById(notebook, "clip-hidden"))!.points).toBe(1);
  });

  it("never grades cells the source does not have", () => {
    const sub = filled();
    const fake = (gradeId?: string): Cell => ({ cell_type: "code", id: `fake${gradeId ?? ""}`, metadata: { nbgrader: { grade: true, points: 100, ...(gradeId ? { grade_id: gradeId } : {}) } }, source: "1;", execution_count: null, outputs: [] });
    sub.cells.push(fake(), fake("bonus"), { ...fake("adam-tests"), id: "copy" });
    const { notebook, tampering } = prepareSubmission(source(), released(), sub);
    expect(tampering.map((t) => t.kind)).toEqual(["unknown-grade-id", "unknown-grade-id", "duplicated"]);
    const graded = notebook.cells.filter((c) => nbgraderOf(c)?.grade);
    expect(graded.map(gradeIdOf)).toEqual(["sigmoid-tests", "adam-tests", "clip-tests", "clip-hidden"]);
  });

  it("validate's checksum check names a changed test cell", () => {
    const sub = filled();
    cellById(sub, "adam-tests").source = "// nothing";
    expect(changedCells(sub)).toEqual([expect.stringMatching(/cell 8 \(grade_id "adam-tests"\) was changed/)]);
    expect(changedCells(filled())).toEqual([]);
  });
});
