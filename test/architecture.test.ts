// The layers of docs/architecture.md, read from the sources' import statements: data flows one way.
// A test of the imports themselves, so that a helper moved to the wrong folder fails here, with the
// file and the import named, rather than as a load-order surprise.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const SRC = path.join(__dirname, "..", "src");

interface Edge { file: string; target: string; typeOnly: boolean }

/** Every relative import of every file under src/: the importing file and the top-level folder (or root file) it reaches. */
function edges(): Edge[] {
  const out: Edge[] = [];
  const walk = (dir: string): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (p.endsWith(".ts")) {
        const text = fs.readFileSync(p, "utf8");
        const re = /(import\s+type\b[^;]*?\bfrom\s*|\bfrom\s*|\brequire\(\s*|\bimport\(\s*)"(\.{1,2}\/[^"]*)"/g;
        for (let m = re.exec(text); m; m = re.exec(text)) {
          const target = path.relative(SRC, path.resolve(path.dirname(p), m[2]!)).split(path.sep)[0]!.replace(/\.ts$/, "");
          out.push({ file: path.relative(SRC, p), target, typeOnly: /^import\s+type\b/.test(m[1]!) });
        }
      }
    }
  };
  walk(SRC);
  return out;
}

const top = (file: string) => file.split(path.sep)[0]!.replace(/\.ts$/, "");
const all = edges();
/** "file → folder" for the imports from `from` into any of `into` (type-only ones too unless `runtimeOnly`). */
const crossing = (from: string[], into: string[], runtimeOnly = false) =>
  all.filter((e) => from.includes(top(e.file)) && into.includes(e.target) && !(runtimeOnly && e.typeOnly)).map((e) => `${e.file} → ${e.target}`);

const LIBRARY = ["errors", "tensor", "random", "ema", "optim", "nn", "gradcheck", "data", "search", "metrics", "surfaces", "cell", "plot", "index"];
const TOOLS = ["jupyter", "grading"];
const TOP = ["kernel", "cli"];

describe("the layers of src/", () => {
  it("the scan sees the imports it checks (a sanity check of the parser)", () => {
    expect(all.length).toBeGreaterThan(300);
    expect(all).toContainEqual({ file: path.join("grading", "grade.ts"), target: "jupyter", typeOnly: false });
    expect(all).toContainEqual({ file: path.join("jupyter", "compile-service.ts"), target: "kernel", typeOnly: true });
  });

  it("the library (what lessons import) imports no Jupyter machinery, grading, kernel or CLI", () => {
    expect(crossing(LIBRARY, [...TOOLS, ...TOP])).toEqual([]);
  });

  it("tensor, the bottom, imports only the errors", () => {
    expect(crossing(["tensor"], LIBRARY.filter((l) => l !== "tensor" && l !== "errors"))).toEqual([]);
  });

  it("the Jupyter machinery imports nothing of grading, and of the kernel and the CLI at most types", () => {
    expect(crossing(["jupyter"], ["grading"])).toEqual([]);
    expect(crossing(["jupyter"], TOP, true)).toEqual([]);
  });

  it("nothing below the CLI imports it", () => {
    expect(crossing([...LIBRARY, ...TOOLS, "kernel"], ["cli"])).toEqual([]);
  });

  it("every import goes to its own layer or one below, in the order docs/architecture.md draws", () => {
    // Bottom to top. plot/ and cell/ are one layer: a figure shows itself through cell/, and cell/ draws a figure's static picture through plot/.
    const LAYERS = [["errors", "tensor"], ["random"], ["ema", "optim", "nn", "gradcheck", "data", "search", "metrics", "surfaces"], ["plot", "cell"], ["index"], TOOLS, TOP];
    const rank = (folder: string) => LAYERS.findIndex((l) => l.includes(folder));
    for (const e of all) expect(rank(e.target), `${e.target} is in a layer`).toBeGreaterThanOrEqual(0);
    const upward = [...new Set(all.filter((e) => rank(e.target) > rank(top(e.file))).map((e) => `${e.file} → ${e.target}${e.typeOnly ? " (type)" : ""}`))];
    expect(upward).toEqual([
      // The sandbox's harness is the process the grader starts inside bubblewrap: it runs the kernel there.
      path.join("grading", "sandbox", "harness.ts") + " → kernel",
      // The shared type-checker hands the kernel a compiled cell: the type only.
      path.join("jupyter", "compile-service.ts") + " → kernel (type)",
    ]);
  });

  it("the kernel uses only the Jupyter machinery, and each CLI command only the two tool entries", () => {
    expect(crossing(["kernel"], [...LIBRARY, "grading", "cli"])).toEqual([]);
    expect(crossing(["cli"], [...LIBRARY, "kernel"])).toEqual([]);
  });
});
