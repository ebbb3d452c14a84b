// The one public entry point works from CommonJS, Node ESM and TypeScript,
// resolved by package name exactly as a learner's project would.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";

const root = path.resolve(__dirname, "..");
let dir = "";

beforeAll(() => {
  if (!fs.existsSync(path.join(root, "dist", "index.js"))) throw new Error("dist/ is missing: run `npm run build` first");
  // A separate project that has descent in its node_modules.
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "descent-consumer-"));
  fs.mkdirSync(path.join(dir, "node_modules"));
  fs.symlinkSync(root, path.join(dir, "node_modules", "descent"), "dir");
});

const node = (args: string[]) => execFileSync(process.execPath, args, { cwd: dir, encoding: "utf8" }).trim();

describe("package entry point", () => {
  it("CommonJS require gives the course's numbers", () => {
    const out = node(["-e", 'const d = require("descent"); console.log(d.seed(3).randn(2, 3).get(0, 0))']);
    expect(Number(out)).toBeCloseTo(1.78862847, 8);
  });

  it("Node ESM import has named exports", () => {
    fs.writeFileSync(path.join(dir, "a.mjs"), 'import { seed, matmul, Matrix } from "descent";\nconsole.log(typeof matmul, seed(3).randn(1, 1) instanceof Matrix);\n');
    expect(node([path.join(dir, "a.mjs")])).toBe("function true");
  });

  it("TypeScript sees the types (Node10 resolution as tslab uses, and NodeNext)", () => {
    const tsc = path.join(root, "node_modules", "typescript", "bin", "tsc");
    fs.writeFileSync(path.join(dir, "a.ts"), 'import { seed, type Matrix } from "descent";\nconst m: Matrix = seed(3).randn(2, 3);\nconst n: number = m.rows;\nexport { n };\n');
    fs.writeFileSync(path.join(dir, "bad.ts"), 'import { seed } from "descent";\nconst s: string = seed(3).randn(2, 3);\nexport { s };\n');
    for (const mod of [["--module", "commonjs", "--moduleResolution", "node10"], ["--module", "nodenext", "--moduleResolution", "nodenext"]]) {
      node([tsc, "--noEmit", "--strict", "--skipLibCheck", "--types", "node", "--typeRoots", path.join(root, "node_modules", "@types"), ...mod, "a.ts"]);
      // And a type error is caught, so the types are real, not `any`.
      let out = "";
      try {
        node([tsc, "--noEmit", "--strict", "--skipLibCheck", "--types", "node", "--typeRoots", path.join(root, "node_modules", "@types"), ...mod, "bad.ts"]);
      } catch (e) {
        out = String((e as { stdout?: string }).stdout);
      }
      expect(out).toMatch(/Type 'Matrix' is not assignable to type 'string'/);
    }
  }, 60_000);
});
