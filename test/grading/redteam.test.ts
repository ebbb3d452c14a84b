// The red-team suite: hostile submissions of test/fixtures/grading/redteam.ipynb,
// each a real notebook graded by the real grader in its sandbox. Every attack
// found against the old grader is here, with the ones thought of since; each
// must earn nothing (and leave everything outside its sandbox untouched),
// while a correct submission keeps full marks.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { joinText, readNotebook, writeNotebook, type Notebook } from "../../src/jupyter/nbformat";
import { gradeSubmissions, type GradeRun } from "../../src/grading/grade";
import { fileHash, type NotebookGrade } from "../../src/grading/gradebook";
import { releaseNotebook } from "../../src/grading/release";
import { sandboxProblem } from "../../src/grading/sandbox/sandbox";
import { ATTACKS, RESOURCE_ATTACKS, SOURCE } from "./redteam-attacks";
import { descentRoot } from "../../src/jupyter/kernelspec";
import { prepareSubmission } from "../../src/grading/prepare";
import { exerciseMap } from "../../src/grading/metadata";
import { findShortcuts, reimplementsOf, solutionNamesOf } from "../../src/grading/shortcut";

const q = JSON.stringify;

let dir: string;
let subs: string;
let out: string;
let run: GradeRun;
let server: net.Server;
let port: number;
let connections = 0;
const before: Record<string, string> = {};

function write(folder: string, attacks: Record<string, () => Notebook>, fill: (text: string) => string): void {
  for (const [name, make] of Object.entries(attacks)) {
    const nb = make();
    for (const c of nb.cells) c.source = fill(joinText(c.source));
    writeNotebook(path.join(folder, `${name}.ipynb`), nb);
  }
}

const grade = (g: GradeRun, student: string): NotebookGrade => {
  const found = g.grades.find((x) => x.student === student);
  if (!found) throw new Error(`${student} was not graded`);
  return found;
};
const points = (g: NotebookGrade) => Object.fromEntries(g.tests.map((t) => [t.gradeId, t.points]));
const messages = (g: NotebookGrade) => g.tests.map((t) => t.message).join("\n");

const LIBRARY = path.join(descentRoot(), "dist", "index.js");
/** An environment variable of the grader's that student code must not see. */
const GRADER_SECRET = "grader-secret-3f9a7c";

beforeAll(async () => {
  const problem = sandboxProblem();
  if (problem) throw new Error(`the red-team suite needs the sandbox: ${problem}`);
  process.env.DESCENT_REDTEAM_TOKEN = GRADER_SECRET;
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "descent-redteam-"));
  subs = path.join(dir, "submissions");
  out = path.join(dir, "gradebook");
  fs.mkdirSync(out, { recursive: true });
  fs.writeFileSync(path.join(out, "gradebook.csv"), "student\n");
  server = net.createServer((s) => {
    connections++;
    s.destroy();
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  port = (server.address() as net.AddressInfo).port;
  const targets = {
    victim: path.join(subs, "victim.ipynb"),
    source: SOURCE,
    gradebook: path.join(out, "gradebook.csv"),
    library: LIBRARY,
    "library package.json": path.join(descentRoot(), "node_modules", "descent", "package.json"),
    scratch: "scratch.txt",
  };
  write(subs, ATTACKS, (t) => t.replace("TARGETS_JSON", q(targets)).replaceAll("OUT_DIR", out).replaceAll("PORT", String(port)));
  for (const f of [targets.victim, SOURCE, LIBRARY, targets["library package.json"]]) before[f] = fileHash(f);
  const t0 = Date.now();
  run = await gradeSubmissions([subs], { source: [SOURCE], outDir: out, timeoutMs: 20_000, jobs: 2 });
  console.log(`graded ${Object.keys(ATTACKS).length} red-team submissions in the sandbox in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}, 900_000);

afterAll(() => {
  server?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe("red team: the sandbox", () => {
  it("a correct submission keeps full marks", () => {
    expect(points(grade(run, "control"))).toEqual({ "sigmoid-tests": 2, "sigmoid-library": 1, "clip-tests": 2 });
    expect(grade(run, "control").sandbox).not.toBeNull();
  });

  it("reading the source notebook finds nothing, so the instructor's solution cannot be run", () => {
    const g = grade(run, "read-source");
    expect([g.exercises[0]!.score, g.exercises[1]!.score]).toEqual([0, 2]);
    expect(messages(g)).toMatch(/ENOENT/);
  });

  it("looking around shows no source, no hidden test, no grader command line and no grader environment", () => {
    const g = grade(run, "recon");
    const text = messages(g);
    expect(text).toMatch(/RECON/);
    for (const secret of ["BEGIN SOLUTION", "BEGIN HIDDEN", "sigmoid(-800)", out, subs, "--source", "gradebook", GRADER_SECRET]) expect(text).not.toContain(secret);
    expect(text).toContain(`${path.dirname(SOURCE)}: !ENOENT`);
    expect(g.exercises[0]!.score).toBe(0);
  });

  it("another student's submission, the source, the gradebook and the library cannot be written", () => {
    const g = grade(run, "vandal");
    for (const [f, h] of Object.entries(before)) expect(fileHash(f)).toBe(h);
    expect(grade(run, "victim").score).toBe(5);
    // Only its own working folder is writable; the vandal's correct solutions still count.
    expect(g.score).toBe(5);
    expect(fs.readFileSync(path.join(out, "gradebook.csv"), "utf8")).toMatch(/^victim,/m);
  });

  it("no process outlives grading: child processes, process.binding and workers are refused", () => {
    const ps = execFileSync("ps", ["-eo", "args"], { encoding: "utf8" });
    expect(ps).not.toMatch(/4242\.5|4242500/);
    expect(fs.existsSync(path.join(out, "pwned"))).toBe(false);
    expect(grade(run, "detached").score).toBe(5);
  });

  it("the sandbox has no network: a connection to the grader's loopback never arrives", () => {
    expect(connections).toBe(0);
    expect(grade(run, "network").score).toBe(5);
  });

  it("killing the kernel's parent kills no grader: every submission is graded", () => {
    expect(run.grades.length).toBe(Object.keys(ATTACKS).length);
    expect(grade(run, "kill-parent").exercises[0]!.score).toBe(3);
  });
});

describe("red team: forging the hidden tests", () => {
  it("redeclaring check and the library function a test compares with earns nothing", () => {
    expect(points(grade(run, "redeclare-check"))).toEqual({ "sigmoid-tests": 0, "sigmoid-library": 0, "clip-tests": 0 });
  });

  it("patching Number.isNaN, Object.is, Array.prototype, Math or Object.prototype earns nothing", () => {
    expect(grade(run, "patch-globals").score).toBe(0);
  });

  it("patching the kernel's and the library's modules through require.cache earns nothing", () => {
    expect(grade(run, "patch-modules").score).toBe(0);
  });

  it("printing the lines a passing check prints earns nothing", () => {
    const g = grade(run, "fake-output");
    expect(g.score).toBe(0);
  });

  it("the locked global the tests read cannot be replaced, redefined or shadowed", () => {
    expect(grade(run, "anchor").score).toBe(0);
  });

  it("a library function shadowed by the student's does not fool the test that compares with it", () => {
    expect(points(grade(run, "library-shadow"))).toEqual({ "sigmoid-tests": 0, "sigmoid-library": 0, "clip-tests": 2 });
  });

  it("a solution reading the calling test's source through .caller finds null: cells run in strict mode", () => {
    const g = grade(run, "caller-oracle");
    expect(points(g)).toEqual({ "sigmoid-tests": 0, "sigmoid-library": 0, "clip-tests": 2 });
    expect(messages(g)).toMatch(/ORACLE: the caller is null/);
  });

  it("no hidden test's text is reachable from globalThis, the module cache or process while the test runs", () => {
    const g = grade(run, "heap-walk");
    const m = /PROBE visited (\d+) control (\d+) found (\d+)/.exec(messages(g))!;
    expect(Number(m[1])).toBeGreaterThan(1000);
    expect(Number(m[2])).toBeGreaterThan(0); // the walk does reach the modules
    expect(Number(m[3])).toBe(0);
    expect(g.exercises[0]!.score).toBe(0);
  });

  it("a top-level const Object does not change the Object.is a hidden test calls", () => {
    const g = grade(run, "shadow-global");
    expect(points(g)).toEqual({ "sigmoid-tests": 2, "sigmoid-library": 1, "clip-tests": 0 });
    expect(messages(g)).toMatch(/a value inside is kept exactly/);
  });

  it("a solution moved out of its cell into a shortcut is still found (the source says which names are the solution's)", () => {
    const g = grade(run, "moved-out");
    expect(g.exercises.map((e) => [e.name, e.score])).toEqual([["sigmoid", 0], ["clip", 2]]);
    expect(g.shortcuts.map((s) => s.names)).toEqual([["sigmoidScalar"]]);
  });

  // The static check misses each of these (shown on the submission itself); the gate refuses the call while the tests run.
  for (const name of ["anchor-library", "map-box", "map-alias", "scope-symbol", "file-require"]) {
    it(`${name}: reaching the library past the static check earns nothing for the exercise`, () => {
      const g = grade(run, name);
      expect(points(g)).toEqual({ "sigmoid-tests": 0, "sigmoid-library": 0, "clip-tests": 2 });
      expect(g.shortcuts.map((s) => [s.exercise, s.names])).toEqual([["sigmoid", ["sigmoidScalar"]]]);
      expect(g.shortcuts[0]!.message).toMatch(/while its tests ran, the solution called the library's sigmoidScalar/);
      const src = readNotebook(SOURCE);
      const { notebook } = prepareSubmission(src, releaseNotebook(src, SOURCE), ATTACKS[name]!());
      expect(findShortcuts(notebook, reimplementsOf(src), exerciseMap(src), solutionNamesOf(src))).toEqual([]);
    });
  }

  it("the tests' entries past the gate need the grader's token, and stacks cannot be read the gate's way", () => {
    const g = grade(run, "gate-entries");
    expect(points(g)).toEqual({ "sigmoid-tests": 0, "sigmoid-library": 0, "clip-tests": 2 });
    const m = messages(g);
    // Three tokens tried in each of the exercise's two test cells.
    expect(m.match(/not the grader's token/g)?.length).toBe(6);
    expect(m).toMatch(/prepareStackTrace cannot be set in graded code/);
    expect(m).toMatch(/sigmoidScalar is turned off while this exercise's tests run/);
  });

  it("values that only pretend to be numbers earn nothing", () => {
    expect(grade(run, "exotic").score).toBe(0);
  });

  it("the inspector, workers, native addons, eval, new Function, v8 flags and child processes are all refused", () => {
    const text = messages(grade(run, "hatches"));
    const outcome = JSON.parse(/HATCHES (\{.*?\})(\n|$)/.exec(text)![1]!) as Record<string, string>;
    for (const [k, v] of Object.entries(outcome)) expect(`${k}: ${v}`).toMatch(/: refused/);
    expect(Object.keys(outcome).length).toBe(11);
  });
});

describe("red team: resources", () => {
  let res: GradeRun;
  beforeAll(async () => {
    const folder = path.join(dir, "resources");
    write(folder, RESOURCE_ATTACKS, (t) => t);
    res = await gradeSubmissions([folder], { source: [SOURCE], outDir: path.join(dir, "resources-out"), timeoutMs: 120_000, jobs: 2, sandbox: { memoryMb: 512, cpuSeconds: 15, diskMb: 64 } });
  }, 600_000);

  it("4 GB of Buffers and an endless heap stop at the memory limit, and the feedback says so", () => {
    const g = grade(res, "memory");
    expect(g.score).toBe(0);
    const sig = g.tests.find((t) => t.gradeId === "sigmoid-tests")!;
    expect(sig.message).toMatch(/memory limit \(512 MB per kernel\)/);
    const clip = g.tests.find((t) => t.gradeId === "clip-tests")!;
    expect(clip.message).toMatch(/memory limit \(512 MB per kernel\)/);
  });

  it("an endless loop stops at the CPU time limit, and the feedback says so; the rest is graded", () => {
    const g = grade(res, "cpu");
    expect(g.tests.find((t) => t.gradeId === "sigmoid-tests")!.message).toMatch(/CPU time limit \(15 s of CPU per kernel\)/);
    expect(g.exercises[1]!.score).toBe(2);
  });

  it("filling the working folder stops at its size", () => {
    const g = grade(res, "disk");
    expect(g.tests.find((t) => t.gradeId === "sigmoid-tests")!.message).toMatch(/ENOSPC[\s\S]*disk space \(64 MB/);
  });
});

describe("red team: without the sandbox (--no-sandbox)", () => {
  let bare: GradeRun;
  beforeAll(async () => {
    const folder = path.join(dir, "bare");
    const { control, "redeclare-check": r, "patch-globals": p, "patch-modules": m } = ATTACKS;
    write(folder, { control: control!, "redeclare-check": r!, "patch-globals": p!, "patch-modules": m! }, (t) => t);
    bare = await gradeSubmissions([folder], { source: [SOURCE], outDir: path.join(dir, "bare-out"), timeoutMs: 20_000, jobs: 2, sandbox: null });
  }, 600_000);

  it("says so on every feedback page, and the lockdown still stops the forgeries", () => {
    for (const g of bare.grades) {
      expect(g.sandbox).toBeNull();
      expect(fs.readFileSync(path.join(dir, "bare-out", g.feedback), "utf8")).toContain("Graded without the sandbox");
    }
    expect(grade(bare, "control").score).toBe(5);
    for (const s of ["redeclare-check", "patch-globals", "patch-modules"]) expect(grade(bare, s).score).toBe(0);
  });
});

describe("red team: the forgeries are real", () => {
  // The same submissions on a kernel without the lockdown and with unsealed
  // tests (the grader before this suite): each forgery earns points there,
  // so the tests above can fail.
  it("each forgery scores against an unprotected kernel", async () => {
    const { prepareSubmission } = await import("../../src/grading/prepare");
    const { executeResilient } = await import("../../src/grading/resilient");
    const { repoKernelDir } = await import("../../src/jupyter/runner");
    const src = readNotebook(SOURCE);
    const rel = releaseNotebook(src, SOURCE);
    const scores: Record<string, Record<string, number>> = {};
    await Promise.all(
      ["redeclare-check", "patch-globals", "patch-modules", "library-shadow", "fake-output", "shadow-global"].map(async (name) => {
        const { notebook } = prepareSubmission(src, rel, ATTACKS[name]!());
        const r = await executeResilient(notebook, { kernelDirs: [repoKernelDir()!], cwd: path.dirname(SOURCE), timeoutMs: 20_000, interruptGraceMs: 1_000, replay: () => true });
        scores[name] = {};
        notebook.cells.forEach((c, i) => {
          const m = c.metadata.nbgrader as { grade?: boolean; solution?: boolean; points?: number; grade_id?: string } | undefined;
          if (m?.grade && !m.solution) scores[name]![m.grade_id!] = r.cells.get(i)?.status === "ok" ? (m.points ?? 0) : 0;
        });
      }),
    );
    expect(scores["redeclare-check"]).toEqual({ "sigmoid-tests": 2, "sigmoid-library": 1, "clip-tests": 2 });
    expect(scores["patch-globals"]).toEqual({ "sigmoid-tests": 2, "sigmoid-library": 1, "clip-tests": 2 });
    expect(scores["patch-modules"]).toEqual({ "sigmoid-tests": 2, "sigmoid-library": 1, "clip-tests": 2 });
    expect(scores["library-shadow"]).toEqual({ "sigmoid-tests": 0, "sigmoid-library": 1, "clip-tests": 2 });
    expect(scores["shadow-global"]).toEqual({ "sigmoid-tests": 2, "sigmoid-library": 1, "clip-tests": 2 });
    // Printing pass lines forges nothing by itself, before or after: the verdict never came from the output.
    expect(scores["fake-output"]).toEqual({ "sigmoid-tests": 0, "sigmoid-library": 0, "clip-tests": 0 });
  }, 300_000);
});
