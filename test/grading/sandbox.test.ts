// Pieces of the sandbox on their own: sealing test cells (which names, line
// numbers kept), naming the limit a cell hit, what bwrap is given, and data
// files made available read-only with --data.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { writeNotebook, type Cell, type Notebook } from "../../src/jupyter/nbformat";
import type { CellResult } from "../../src/jupyter/execute";
import { sealCell, sealTests, testBindings } from "../../src/grading/sandbox/seal";
import { limitHit } from "../../src/grading/sandbox/limits";
import { bwrapArgs, DEFAULT_LIMITS } from "../../src/grading/sandbox/sandbox";
import { gradeSubmissions } from "../../src/grading/grade";
import { releaseNotebook } from "../../src/grading/release";
import { SOURCE, source } from "./helpers";

const code = (src: string, nbgrader?: Record<string, unknown>): Cell =>
  ({ cell_type: "code", id: Math.random().toString(36).slice(2), metadata: nbgrader ? { nbgrader: { schema_version: 3, ...nbgrader } } : {}, source: src, outputs: [], execution_count: null }) as Cell;
const nb = (...cells: Cell[]): Notebook => ({ nbformat: 4, nbformat_minor: 5, metadata: {}, cells });

describe("sealed tests", () => {
  const src = nb(
    code('import { check, zeros as z } from "descent";\nimport * as d from "descent";\nimport { evaluate } from "mathjs";'),
    code("function mine(x: number) { return x; }\nconst check2 = 1;", { grade_id: "ex-solution", solution: true }),
    code('check("a", mine(1), 1);\nconst m = z(1, 1);\nd.zeros(1, 1);', { grade_id: "ex-tests", grade: true, locked: true, points: 1 }),
    code("const zeros = 3; function d() {}"),
    code('check("b", mine(2), 2); d; z;', { grade_id: "later-tests", grade: true, locked: true, points: 1 }),
  );

  it("binds the instructor's imports a test mentions, to the anchor, keeping line numbers", () => {
    const b = testBindings(src).get("ex-tests")!;
    expect([...b.keys()].sort()).toEqual(["check", "d", "evaluate", "z"]);
    const sealed = sealCell('check("a", mine(1), 1);\nconst m = z(1, 1);\nd.zeros(1, 1);', b, "dg$abc", (m) => m === "descent")!;
    expect(sealed.modules).toEqual(["descent"]);
    const lines = sealed.source.split("\n");
    expect(lines[0]).toBe('declare const dg$abc: any; { const check = (dg$abc["descent"] as typeof import("descent"))["check"]; const z = (dg$abc["descent"] as typeof import("descent"))["zeros"]; const d = (dg$abc["descent"] as typeof import("descent")); { check("a", mine(1), 1);');
    expect(lines.slice(1)).toEqual(["const m = z(1, 1);", "d.zeros(1, 1);", "}}"]);
  });

  it("leaves a name the student's solution or a later instructor cell declares, and modules it cannot load", () => {
    // "d" is redeclared by an ordinary cell before later-tests; mathjs is not preloaded.
    expect([...testBindings(src).get("later-tests")!.keys()].sort()).toEqual(["check", "evaluate", "z"]);
    const s = sealTests(src, src, "dg$x", (m) => m === "descent");
    expect(s.preload).toEqual(["descent"]);
    expect(s.notebook.cells[4]!.source).toMatch(/^declare const dg\$x: any; \{ const check = .*; const z = .*; \{ check\("b"/);
    expect(s.notebook.cells[1]!.source).toBe(src.cells[1]!.source);
  });

  it("hoists a test's own imports out of the block, and leaves a test that uses no import alone", () => {
    const b = testBindings(nb(code('import { check } from "descent";'), code('import { zeros } from "descent";\ncheck("x", zeros(1, 1).rows, 1);', { grade_id: "t", grade: true, points: 1 }))).get("t")!;
    const sealed = sealCell('import { zeros } from "descent";\ncheck("x", zeros(1, 1).rows, 1);', b, "dg$y", () => true)!;
    expect(sealed.source.split("\n")[0]).toMatch(/^import \{ zeros \} from "descent"; declare const dg\$y: any; \{ .* \{ $/);
    expect(sealed.source.split("\n")[1]).toBe(`check("x", zeros(1, 1).rows, 1);`);
    expect(sealCell("1 + 1;", b, "dg$y", () => true)).toBeNull();
  });

  it("binds the standard globals a test names (a cell's `const Array = …` would otherwise be what the test calls), and nothing it only reads as a property", () => {
    const sealed = sealCell('const xs = Array.from([1, -2]).map((x) => Math.abs(x));\nif (!Object.is(xs[0], 1) || obj.Number) throw new Error(String(NaN));', new Map(), "dg$g", () => true)!;
    const head = sealed.source.split("\n")[0]!;
    for (const n of ["Array", "Math", "Object", "String", "NaN", "Error"]) expect(head).toContain(`const ${n}: typeof globalThis.${n} = dg$g[" globals"].${n};`);
    expect(head).not.toContain("const Number");
    expect(sealed.modules).toEqual([]);
    // An import of the same name wins over the global.
    const b = testBindings(nb(code('import { Map } from "immutable";'), code("new Map();", { grade_id: "t", grade: true, points: 1 }))).get("t")!;
    expect(sealCell("new Map();", b, "dg$g", () => true)!.source).not.toContain(" globals");
  });
});

describe("which limit a cell hit", () => {
  const result = (status: CellResult["status"], evalue: string, traceback: string[] = []): CellResult =>
    ({ index: 0, cellId: "c", status, executionCount: null, outputs: [], error: { ename: "E", evalue, traceback }, sourceLine: null, durationMs: 0, checks: { passed: 0, failed: 0 } });
  it("names CPU, memory and disk, and nothing else", () => {
    expect(limitHit(result("dead", "the kernel died (exit code 152) while running this cell"), DEFAULT_LIMITS)).toMatch(/CPU time limit \(600 s/);
    expect(limitHit(result("error", "Array buffer allocation failed"), DEFAULT_LIMITS)).toMatch(/memory limit \(1536 MB/);
    expect(limitHit(result("dead", "the kernel died (exit code 134)", ["FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory"]), DEFAULT_LIMITS)).toMatch(/memory limit/);
    expect(limitHit(result("error", "ENOSPC: no space left on device, write"), DEFAULT_LIMITS)).toMatch(/disk space \(256 MB/);
    expect(limitHit(result("dead", "the kernel died (exit code 1)"), DEFAULT_LIMITS)).toBeNull();
    expect(limitHit(result("error", "TypeError: x is not a function"), DEFAULT_LIMITS)).toBeNull();
  });
});

describe("the bwrap command line", () => {
  it("unshares everything, dies with its parent, empties the environment and binds no source", () => {
    const args = bwrapArgs(["node", "k.js"], "/tmp/descent-sandbox-1-x", DEFAULT_LIMITS, { env: { FOO: "1" } });
    for (const a of ["--unshare-all", "--die-with-parent", "--clearenv"]) expect(args).toContain(a);
    expect(args.join(" ")).not.toContain(path.dirname(SOURCE));
    expect(args.join(" ")).toContain("--setenv FOO 1");
    expect(args.slice(-3)).toEqual(["--", "node", "k.js"]);
  });
});

describe("--data", () => {
  let dir: string;
  afterAll(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("makes a file available read-only in the kernel's working folder", async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "descent-data-"));
    const data = path.join(dir, "numbers.txt");
    fs.writeFileSync(data, "3 4\n");
    const src = source();
    src.cells.splice(1, 0, code('import * as fs from "fs";\nconst numbers = fs.readFileSync("numbers.txt", "utf8").trim().split(" ").map(Number);', { grade_id: "data", locked: true }));
    src.cells.push(code('check("the data file is there", numbers, [3, 4]);\nlet wrote = "yes";\ntry { fs.writeFileSync("numbers.txt", "x"); } catch (e: any) { wrote = e.code; }\ncheck("and read-only", wrote, "EROFS");', { grade_id: "data-tests", grade: true, locked: true, points: 1 }));
    const file = path.join(dir, "source", "exercises.ipynb");
    writeNotebook(file, src);
    writeNotebook(path.join(dir, "subs", "ada.ipynb"), releaseNotebook(src, file));
    const run = await gradeSubmissions([path.join(dir, "subs")], { source: [file], outDir: path.join(dir, "out"), timeoutMs: 20_000, data: [data] });
    expect(run.grades[0]!.tests.find((t) => t.gradeId === "data-tests")).toMatchObject({ status: "ok", points: 1 });
  }, 120_000);
});
