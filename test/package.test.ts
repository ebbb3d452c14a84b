// The package's entries ("descent" for learners, "descent/jupyter" and
// "descent/grading" for tools) work from CommonJS, Node ESM, TypeScript under
// node10 and nodenext resolution, and a tslab cell in the descent kernel,
// resolved by package name exactly as a learner's or instructor's project would.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KernelClient } from "./helpers/kernel-client";

const root = path.resolve(__dirname, "..");
let dir = "";

// Per entry: a value to read from it, and a type it exports (with a member to
// use it by), so that a wrong type shows the types are real, not `any`.
const ENTRIES = [
  { spec: "descent", probe: "seed(3).randn(2, 3).get(0, 0)", name: "seed", expect: "1.7886284734303186", type: "Matrix", typeUse: "seed(3).randn(2, 3)" },
  { spec: "descent/jupyter", probe: 'joinText(["a", "b"])', name: "joinText", expect: "ab", type: "Notebook", typeUse: "newNotebook([])" },
  { spec: "descent/grading", probe: "CODE_STUB.length > 0", name: "CODE_STUB", expect: "true", type: "NbgraderMetadata", typeUse: '{ grade: false, solution: false, locked: true, grade_id: "x", schema_version: 3 }' },
] as const;

beforeAll(() => {
  if (!fs.existsSync(path.join(root, "dist", "index.js"))) throw new Error("dist/ is missing: run `npm run build` first");
  // A separate project that has descent in its node_modules.
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "descent-consumer-"));
  fs.mkdirSync(path.join(dir, "node_modules"));
  fs.symlinkSync(root, path.join(dir, "node_modules", "descent"), "dir");
});
afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

const node = (args: string[]) => execFileSync(process.execPath, args, { cwd: dir, encoding: "utf8" }).trim();
const probeName = (spec: string) => spec.split("/")[1] ?? "main";
const importsOf = (e: (typeof ENTRIES)[number]) => (e.spec === "descent/jupyter" ? "joinText, newNotebook" : e.name);

describe("package entries", () => {
  for (const e of ENTRIES) {
    it(`${e.spec}: CommonJS require`, () => {
      expect(node(["-e", `const d = require(${JSON.stringify(e.spec)}); const { ${e.name} } = d; console.log(String(${e.probe}))`])).toBe(e.expect);
    });

    it(`${e.spec}: Node ESM import has named exports`, () => {
      const file = path.join(dir, `${probeName(e.spec)}.mjs`);
      fs.writeFileSync(file, `import { ${e.name} } from ${JSON.stringify(e.spec)};\nconsole.log(String(${e.probe}));\n`);
      expect(node([file])).toBe(e.expect);
    });
  }

  it("the learner's entry has no tool in it, and the tools are not learner material", () => {
    const names = node(["-e", 'console.log(Object.keys(require("descent")).join(" "))']).split(" ");
    for (const tool of ["killAllKernels", "executeNotebook", "clearSolutions", "removeHiddenTests", "gradeSubmissions", "runNotebooks", "readNotebook"]) {
      expect(names).not.toContain(tool);
    }
    expect(names).toEqual(expect.arrayContaining(["adam", "check", "plot", "createNetwork", "display", "progress"]));
    const jupyter = node(["-e", 'console.log(Object.keys(require("descent/jupyter")).join(" "))']).split(" ");
    expect(jupyter).toEqual(expect.arrayContaining(["runNotebooks", "executeNotebook", "killAllKernels", "readNotebook"]));
    expect(jupyter).not.toContain("adam");
  });

  it("TypeScript sees each entry's types (node10 resolution as tslab uses, and nodenext)", () => {
    const tsc = path.join(root, "node_modules", "typescript", "bin", "tsc");
    const files: string[] = [];
    const bad: string[] = [];
    for (const e of ENTRIES) {
      const n = probeName(e.spec);
      fs.writeFileSync(path.join(dir, `${n}.ts`), `import { ${importsOf(e)}, type ${e.type} } from ${JSON.stringify(e.spec)};\nconst v: ${e.type} = ${e.typeUse};\nexport { v };\n`);
      fs.writeFileSync(path.join(dir, `${n}-bad.ts`), `import { ${importsOf(e)}, type ${e.type} } from ${JSON.stringify(e.spec)};\nconst v: ${e.type} = ${e.typeUse};\nconst s: string = v;\nexport { s };\n`);
      files.push(`${n}.ts`);
      bad.push(`${n}-bad.ts`);
    }
    const common = ["--noEmit", "--strict", "--skipLibCheck", "--types", "node", "--typeRoots", path.join(root, "node_modules", "@types")];
    for (const mod of [["--module", "commonjs", "--moduleResolution", "node10"], ["--module", "nodenext", "--moduleResolution", "nodenext"]]) {
      node([tsc, ...common, ...mod, ...files]);
      // And a type error is caught in each, so the types are real, not `any`.
      let out = "";
      try {
        node([tsc, ...common, ...mod, ...bad]);
      } catch (err) {
        out = String((err as { stdout?: string }).stdout);
      }
      for (const e of ENTRIES) expect(out).toMatch(new RegExp(`${probeName(e.spec)}-bad\\.ts.*Type '${e.type}' is not assignable to type 'string'`));
    }
  }, 90_000);
});

describe.runIf(fs.existsSync(path.join(root, "dist", "kernel", "main.js")))("package entries in a tslab cell", () => {
  let k: KernelClient;
  beforeAll(async () => {
    k = await KernelClient.start({ cwd: dir || os.tmpdir() });
  }, 60_000);
  afterAll(async () => {
    await k?.shutdown();
  });

  for (const e of ENTRIES) {
    it(`${e.spec}: type-checked and run by the kernel`, async () => {
      const { reply, outputs } = await k.execute(`import { ${importsOf(e)}, type ${e.type} } from ${JSON.stringify(e.spec)};\nconst v_${probeName(e.spec)}: ${e.type} = ${e.typeUse};\nString(${e.probe})`);
      expect(reply.content.status).toBe("ok");
      const result = outputs.find((m) => m.header.msg_type === "execute_result");
      expect(result?.content.data["text/plain"]).toContain(e.expect);
    });
  }
});
