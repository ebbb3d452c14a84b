// A package installed (or a node_modules folder made) after a cell failed to
// import it: the next cell compiles, and sees the package. TypeScript answers
// a change in a folder it watches for failed lookups by scheduling its own
// timer, and tslab's compiler host holds one timer at a time: the next cell
// then failed with "CompileError: Unexpected pending rebuildTimer".
// Run in-process on dist/, as the kernel's compiler thread does, in the
// notebook's folder (tslab resolves imports from the process's directory).

import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { afterAll, expect, it } from "vitest";

const REPO = path.resolve(__dirname, "..", "..");
const load = createRequire(path.join(REPO, "dist", "kernel", "[test].js"));
const { Compiler } = load("./compiler.js") as typeof import("../../dist/kernel/compiler");

// tslab warns that a cell's second program is the first one kept, as the kernel means it to (compiler-worker.ts drops it too).
const warn = console.warn;
console.warn = (...args: unknown[]) => void (args[0] === "builder is not recreated though contents are changed." || warn(...args));
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "descent-late-pkg-"));
const cwd = process.cwd();
process.chdir(dir);
const compiler = new Compiler({ cwd: dir, root: REPO });
afterAll(() => {
  compiler.close();
  console.warn = warn;
  process.chdir(cwd);
  fs.rmSync(dir, { recursive: true, force: true });
});

it("compiles the next cell after a package appears where a failed import looked", () => {
  const failed = compiler.compile("", 'import * as later from "later-pkg";\nlater');
  expect(failed.kind).toBe("errors");
  expect(compiler.compile("", "1").kind).toBe("cell");
  const pkg = path.join(dir, "node_modules", "later-pkg");
  fs.mkdirSync(pkg, { recursive: true });
  fs.writeFileSync(path.join(pkg, "package.json"), JSON.stringify({ name: "later-pkg", version: "1.0.0", main: "index.js", types: "index.d.ts" }));
  fs.writeFileSync(path.join(pkg, "index.js"), "exports.answer = 42;\n");
  fs.writeFileSync(path.join(pkg, "index.d.ts"), "export declare const answer: number;\n");
  // Threw "Unexpected pending rebuildTimer" (the kernel's CompileError).
  expect(compiler.compile("", "2")).toMatchObject({ kind: "cell" });
  expect(compiler.compile("", 'import { answer } from "later-pkg";\nanswer + 1')).toMatchObject({ kind: "cell" });
});
