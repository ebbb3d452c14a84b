// The compiler thread keeps no earlier program alive: each cell makes a new
// TypeScript program and type checker (about 0.8 MB each), and a closure in the
// program builder that captured the previous program once chained them all
// together, so a 300-cell session grew by ~250 MB. Run in-process on dist/
// (as the kernel's worker does) and checked with a WeakRef after a full GC.

import { createRequire } from "node:module";
import path from "node:path";
import v8 from "node:v8";
import vm from "node:vm";
import { afterAll, expect, it } from "vitest";

const REPO = path.resolve(__dirname, "..", "..");
const load = createRequire(path.join(REPO, "dist", "kernel", "[test].js"));
const { Compiler } = load("./compiler.js") as typeof import("../../dist/kernel/compiler");
const { loadTypeScript } = load("./typescript.js") as typeof import("../../dist/kernel/typescript");

v8.setFlagsFromString("--expose-gc");
const gc = vm.runInNewContext("gc") as () => void;

// tslab warns that a cell's second program is the first one kept, as the kernel means it to (compiler-worker.ts drops it too).
const warn = console.warn;
console.warn = (...args: unknown[]) => void (args[0] === "builder is not recreated though contents are changed." || warn(...args));
const compiler = new Compiler({ cwd: REPO, root: REPO });
afterAll(() => {
  compiler.close();
  console.warn = warn;
});

it("lets the program and type checker of an earlier cell be collected", async () => {
  const program = () => loadTypeScript().hooks.watch!.getProgram().getProgram();
  let decl = "";
  const run = (src: string) => {
    const out = compiler.compile(decl, src);
    if (out.kind !== "cell") throw new Error(`cell did not compile: ${JSON.stringify(out)}`);
    decl = out.declarations;
  };
  run("const a = 1;");
  // Made in a function of its own: a local of this async test would keep it alive.
  const firstRef = ((p) => (p.getTypeChecker(), new WeakRef(p)))(program());
  // A type error is still found by the later programs (they check, not only keep).
  expect(compiler.compile(decl, "const s: string = a;").kind).toBe("errors");
  for (let i = 0; i < 3; i++) run(`const b${i}: number = a + ${i};`);
  expect(program()).not.toBe(firstRef.deref());
  // deref() holds its target until the current job ends.
  await new Promise((r) => setImmediate(r));
  gc();
  expect(firstRef.deref()).toBeUndefined();
});
