// "No shortcut through the library": every way of reaching a function the
// exercise re-implements is found by the parser-based analysis, and a
// solution that merely shares a name (a local, a parameter, a property) is
// not penalized. One end-to-end case goes through the grader and validate.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { joinText, readNotebook, writeNotebook, type Cell, type Notebook } from "../../src/jupyter/nbformat";
import { findShortcuts, reimplementsOf, reimplementsProblems, solutionNamesOf } from "../../src/grading/shortcut";
import { gradeSubmissions } from "../../src/grading/grade";
import { validateSubmission } from "../../src/grading/validate";
import { releaseNotebook } from "../../src/grading/release";
import { solutionText } from "../../src/grading/markers";
import { gradeIdOf } from "../../src/grading/metadata";
import { SOURCE } from "./redteam-attacks";

const nbg = (extra: Record<string, unknown>) => ({ nbgrader: { schema_version: 3, locked: false, grade: false, solution: false, ...extra } });

/** A notebook: setup cell, the student's extra cells, the solution cell (re-implements adam and momentum), a test. */
function notebook(setup: string, solution: string, extra: string[] = [], after: string[] = []): Notebook {
  const code = (source: string, metadata: Record<string, unknown> = {}, id = Math.random().toString(36).slice(2)): Cell =>
    ({ cell_type: "code", id, metadata, source, outputs: [], execution_count: null }) as Cell;
  return {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {},
    cells: [
      code(setup),
      ...extra.map((s) => code(s)),
      code(solution, { ...nbg({ grade_id: "adam-solution", solution: true }), descent: { reimplements: ["adam", "momentum"] } }),
      code("check('step', updateWithAdam(1, 2), 0.9);", nbg({ grade_id: "adam-tests", grade: true, locked: true, points: 3 })),
      ...after.map((s) => code(s)),
    ],
  };
}

const uses = (nb: Notebook) => findShortcuts(nb, reimplementsOf(nb)).flatMap((s) => s.names);

describe("shortcuts through the library are found", () => {
  const cases: Record<string, [string, string, string[]?, string[]?]> = {
    "a direct call": ['import { adam } from "descent";', "function updateWithAdam(t: number, g: number) { return adam({}).step(t, g); }"],
    "an aliased import": ['import { adam as a } from "descent";', "function updateWithAdam(t: number, g: number) { return a({}).step(t, g); }"],
    "an import in the solution cell": ["", 'import { momentum as fast } from "descent";\nfunction updateWithAdam(t: number, g: number) { return fast({}).step(t, g); }'],
    "a namespace import": ['import * as d from "descent";', "function updateWithAdam(t: number, g: number) { return d.adam({}).step(t, g); }"],
    "a namespace read by a string key": ['import * as d from "descent";', 'function updateWithAdam(t: number, g: number) { return d["adam"]({}).step(t, g); }'],
    "a namespace read by a computed key": ['import * as d from "descent";', 'function updateWithAdam(t: number, g: number) { const k = "ad" + "am"; return (d as any)[k]({}).step(t, g); }'],
    "destructuring in another cell": ['import * as d from "descent";', "function updateWithAdam(t: number, g: number) { return adam({}).step(t, g); }", ["const { adam } = d;"]],
    "destructuring with a new name": ['import * as d from "descent";', "function updateWithAdam(t: number, g: number) { return quick({}).step(t, g); }", ["const { adam: quick } = d;"]],
    "require in the solution": ["", 'function updateWithAdam(t: number, g: number) { const lib = require("descent"); return lib.adam({}).step(t, g); }'],
    "require of a file inside the library": ["", 'function updateWithAdam(t: number, g: number) { return require("../node_modules/descent/dist/optim/adam").adam({}).step(t, g); }'],
    "a computed require": ["", 'function updateWithAdam(t: number, g: number) { const name = "desc" + "ent"; return require(name).adam({}).step(t, g); }'],
    "a dynamic import": ["", 'async function updateWithAdam(t: number, g: number) { return (await import("descent")).adam({}).step(t, g); }'],
    "re-binding through variables": ['import { adam } from "descent";', "function updateWithAdam(t: number, g: number) { return y({}).step(t, g); }", ["const x = adam;", "let y = x;"]],
    "assignment to a variable": ['import { adam } from "descent";', "function updateWithAdam(t: number, g: number) { return z({}).step(t, g); }", ["let z: any;\nz = adam;"]],
    "an object holding it": ['import { adam } from "descent";', "function updateWithAdam(t: number, g: number) { return tools.step({}).step(t, g); }", ["const tools = { step: adam };"]],
    "an array holding it": ['import { momentum } from "descent";', "function updateWithAdam(t: number, g: number) { return list[0]({}).step(t, g); }", ["const list = [momentum];"]],
    "a helper in another cell": ['import { adam } from "descent";', "function updateWithAdam(t: number, g: number) { return helper(t, g); }", ["function helper(t: number, g: number) { return adam({}).step(t, g); }"]],
    "a helper defined before the name it uses": ['import * as d from "descent";', "function updateWithAdam(t: number, g: number) { return helper(t, g); }", ["function helper(t: number, g: number) { return later({}).step(t, g); }", "const later = d.adam;"]],
    "an optimizer built in another cell": ['import { adam } from "descent";', "function updateWithAdam(t: number, g: number) { return opt.step(t, g); }", ["const opt = adam({ learningRate: 0.1 });"]],
    "a class wrapping it": ['import { adam } from "descent";', "function updateWithAdam(t: number, g: number) { return new Stepper().go(t, g); }", ["class Stepper { go(t: number, g: number) { return adam({}).step(t, g); } }"]],
    "Object.values of the namespace": ['import * as d from "descent";', "function updateWithAdam(t: number, g: number) { return (Object.values(d) as any[]).find((f) => f.name === 'adam')({}).step(t, g); }"],
    "passing it as a value": ['import { adam } from "descent";', "function updateWithAdam(t: number, g: number) { return call(adam, t, g); }", ["function call(f: any, t: number, g: number) { return f({}).step(t, g); }"]],
    "require handed to another name": ["", 'function updateWithAdam(t: number, g: number) { const req = require; return req("descent").adam({}).step(t, g); }'],
    "require through process.mainModule": ["", 'function updateWithAdam(t: number, g: number) { return (process as any).mainModule.require("descent").adam({}).step(t, g); }'],
    "a later cell redefining the solution": ['import { adam } from "descent";', "function updateWithAdam(t: number, g: number): number {\n  throw new Error('not implemented');\n}", [], ["function updateWithAdam(t: number, g: number) { return adam({}).step(t, g); }"]],
  };
  for (const [name, [setup, solution, extra, after]] of Object.entries(cases)) {
    it(name, () => {
      expect(uses(notebook(setup, solution, extra, after)).length).toBeGreaterThan(0);
    });
  }

  it("the function moved out of an emptied solution cell, judged by the source's names", () => {
    // The source's solution cell declares updateWithAdam; the submission's declares nothing.
    const source = notebook("", "function updateWithAdam(t: number, g: number) { return t - g; }");
    const moved = notebook('import { adam } from "descent";', "// the function is in the next cell", [], ["function updateWithAdam(t: number, g: number) { return adam({}).step(t, g); }"]);
    expect(solutionNamesOf(source).get("adam-solution")).toEqual(["updateWithAdam"]);
    expect(uses(moved)).toEqual([]); // the submission alone does not say which names are the solution's
    expect(findShortcuts(moved, reimplementsOf(source), undefined, solutionNamesOf(source)).flatMap((s) => s.names)).toEqual(["adam"]);
  });

  it("names what was used and the exercise in the message", () => {
    const [s] = findShortcuts(notebook('import { adam as a } from "descent";', "function updateWithAdam(t: number, g: number) { return a({}).step(t, g); }"), new Map([["adam-solution", ["adam", "momentum"]]]));
    expect(s).toMatchObject({ exercise: "adam", gradeId: "adam-solution", names: ["adam"] });
    expect(s!.message).toMatch(/uses `adam` from descent, which exercise "adam" asks you to write yourself/);
  });
});

describe("legitimate solutions are not penalized", () => {
  const cases: Record<string, [string, string, string[]?, string[]?]> = {
    "a local variable named like the function": ['import { adam } from "descent";', "function updateWithAdam(t: number, g: number) { const adam = 0.9; return t - adam * g; }"],
    "a parameter named like the function": ['import { adam } from "descent";', "function updateWithAdam(adam: number, g: number) { return adam - g; }"],
    "an inner callback's parameter": ['import { momentum } from "descent";', "function updateWithAdam(t: number, g: number) { return [t].map((momentum) => momentum - g)[0]; }"],
    "properties named like the function": ['import { adam } from "descent";', "function updateWithAdam(t: number, g: number) { const s = { adam: 1, momentum: 2 }; const c: any = { cfg: s }; return t - s.adam * g + c.cfg['momentum'] * 0; }"],
    "its own function named like the library's": ['import { adam } from "descent";', "function adam(t: number, g: number) { return t - 0.1 * g; }\nfunction updateWithAdam(t: number, g: number) { return adam(t, g); }"],
    "other library functions": ['import * as d from "descent";\nimport { zeros, sqrt } from "descent";', "function updateWithAdam(t: number, g: number) { return zeros(1, 1).get(0, 0) + d.scale(d.zeros(1, 1), 2).get(0, 0) + t - g + sqrt(d.zeros(1,1)).get(0, 0); }"],
    "the lesson using it outside the solution": ['import { adam, momentum } from "descent";\nconst opt = adam({});', "function updateWithAdam(t: number, g: number) { return t - 0.1 * g; }", ["const demo = momentum({}); opt.init({});"], ["const compare = adam({}); updateWithAdam(1, 2);"]],
    "a type-only import": ['import type { Matrix } from "descent";\nimport { adam } from "descent";', "function updateWithAdam(t: number, g: number): number { let m: Matrix | null = null; return t - g; }"],
    "require of another module, handed to another name": ['import { adam } from "descent";', 'function updateWithAdam(t: number, g: number) { const req = require; return t - req("path").sep.length * 0 - g; }'],
    "a catch variable and a loop variable named like it": ['import { adam, momentum } from "descent";', "function updateWithAdam(t: number, g: number) { for (const adam of [1]) t += adam; try { t += 1; } catch (momentum) { return 0; } return t - g; }"],
  };
  for (const [name, [setup, solution, extra, after]] of Object.entries(cases)) {
    it(name, () => {
      expect(uses(notebook(setup, solution, extra, after))).toEqual([]);
    });
  }

  it("exercises that declare nothing are never checked", () => {
    const nb = notebook('import { adam } from "descent";', "function updateWithAdam(t: number, g: number) { return adam({}).step(t, g); }");
    delete nb.cells[1]!.metadata.descent;
    expect(findShortcuts(nb, reimplementsOf(nb))).toEqual([]);
  });

  it("a malformed reimplements list in a source is reported", () => {
    const nb = notebook("", "function updateWithAdam() {}");
    nb.cells[1]!.metadata.descent = { reimplements: "adam" };
    nb.cells[0]!.metadata.descent = { reimplements: ["adam"] };
    expect(reimplementsProblems(nb)).toEqual([
      'cell 1: metadata.descent.reimplements belongs on a solution cell',
      'cell 2 (grade_id "adam-solution"): metadata.descent.reimplements must be a list of library function names, got "adam"',
    ]);
  });
});

describe("end to end: grade gives the exercise 0, validate warns", () => {
  let dir: string;
  afterAll(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("a sigmoid that calls descent's sigmoidScalar scores 0 for its exercise only, with feedback saying why", async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "descent-shortcut-"));
    const src = readNotebook(SOURCE);
    const nb = releaseNotebook(src, SOURCE);
    const byId = (n: Notebook, id: string) => n.cells.find((c) => gradeIdOf(c) === id)!;
    byId(nb, "clip-solution").source = solutionText(joinText(byId(src, "clip-solution").source));
    byId(nb, "sigmoid-solution").source = "const s = sigmoidScalar;\nfunction sigmoid(z: number): number {\n  return s(z);\n}";
    const file = path.join(dir, "subs", "quick.ipynb");
    writeNotebook(file, nb);
    const run = await gradeSubmissions([path.dirname(file)], { source: [SOURCE], outDir: path.join(dir, "out"), timeoutMs: 20_000 });
    const g = run.grades[0]!;
    expect(g.exercises.map((e) => [e.name, e.score])).toEqual([["sigmoid", 0], ["clip", 2]]);
    // The static check names the shortcut; the gate (sandbox/gate.ts) refused the call in the tests too.
    expect(g.tests.find((t) => t.gradeId === "sigmoid-tests")).toMatchObject({ status: "error", points: 0 });
    expect(g.tests.find((t) => t.gradeId === "sigmoid-tests")!.message).toMatch(/uses `sigmoidScalar` from descent/);
    expect(g.tests.find((t) => t.gradeId === "sigmoid-tests")!.message).toMatch(/sigmoidScalar is turned off while this exercise's tests run/);
    expect(g.shortcuts.map((s) => s.exercise)).toEqual(["sigmoid"]);
    expect(fs.readFileSync(path.join(dir, "out", g.feedback), "utf8")).toContain("Library shortcuts");
    const v = await validateSubmission(file, { timeoutMs: 20_000 });
    expect(v.shortcuts.map((s) => s.names)).toEqual([["sigmoidScalar"]]);
    expect(v.passed).toBe(false);
  }, 300_000);
});
