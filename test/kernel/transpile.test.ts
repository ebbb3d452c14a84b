// The kernel's CommonJS step (src/kernel/transpile.ts) gives exactly what
// TypeScript's transpileModule gives, for the module forms a cell's output can
// take, although it skips transpileModule's type check of its input.

import { createRequire } from "node:module";
import path from "node:path";
import { expect, it } from "vitest";
import type * as TS from "@tslab/typescript-for-tslab";

const REPO = path.resolve(__dirname, "..", "..");
const load = createRequire(path.join(REPO, "dist", "kernel", "[test].js"));
const { uncheckedTranspileModule } = load("./transpile.js") as typeof import("../../src/kernel/transpile");
const ts = createRequire(load.resolve("tslab/package.json"))("@tslab/typescript-for-tslab") as typeof TS;

// As tslab's esModuleToCommonJSModule calls it.
const options = (): TS.TranspileOptions => ({
  fileName: "custom.js",
  compilerOptions: { module: ts.ModuleKind.CommonJS, esModuleInterop: true, target: ts.ScriptTarget.ES2022, newLine: ts.NewLineKind.LineFeed, noImplicitUseStrict: true },
});

const cells = [
  'import { seed, lines } from "descent";\nconst W = seed(1).randn(2, 2);\nexport { W };',
  'import * as d from "descent";\nimport def from "./local";\nimport def2, { a as b } from "pkg";\nexport const x = d.adam(def, def2, b);',
  'import "side-effect";\nexport * from "descent";\nexport { adam as optimizer } from "descent";\nexport * as ns from "descent";',
  "export class Net { #w = 1; static make() { return new Net(); } get w() { return this.#w; } }\nexport let n = Net.make();\nn = new Net();",
  'export const f = async () => { const m = await import("descent"); return m; };\nexport function* g() { yield 1; }\nlet y = 0; for (const k of [1, 2]) y += k; export { y };',
  "export {};\nconsole.log(undeclared + Math.max(1, 2));",
  "const { a, ...rest } = { a: 1, b: 2 };\nexport { a, rest };\nexport default a;",
];

it("turns a cell's ES module output into the same CommonJS as transpileModule", () => {
  const transpile = uncheckedTranspileModule(ts);
  for (const js of cells) expect(transpile(js, options()).outputText, js).toBe(ts.transpileModule(js, options()).outputText);
});

it("hands calls with options it does not handle to transpileModule", () => {
  const js = 'import { a } from "m";\nexport const b = a;';
  const withName = { ...options(), moduleName: "named" };
  expect(uncheckedTranspileModule(ts)(js, withName).outputText).toBe(ts.transpileModule(js, withName).outputText);
});
