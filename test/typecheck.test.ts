// The tests and the library type-check with the project's TypeScript (vitest only strips
// types, so a wrong type in a test would otherwise never fail a run). Not `npx tsc`:
// node_modules/.bin/tsc is tslab's TypeScript 5.0.
import { execFileSync } from "node:child_process";
import path from "node:path";
import { expect, it } from "vitest";

const root = path.resolve(__dirname, "..");

it("src and test type-check (tsconfig.test.json, TypeScript from package.json)", () => {
  let out = "";
  try {
    execFileSync(process.execPath, [path.join(root, "node_modules/typescript/bin/tsc"), "--noEmit", "-p", path.join(root, "tsconfig.test.json")], { cwd: root, encoding: "utf8", stdio: "pipe" });
  } catch (e) {
    out = String((e as { stdout?: string }).stdout ?? e);
  }
  expect(out).toBe("");
}, 180_000);
