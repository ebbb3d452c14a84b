// The lessons must also run under Jupyter's own executor, with the repo's
// kernelspec: `jupyter nbconvert --to notebook --execute`. Where Jupyter is
// missing this is skipped, except on CI (CI set), which must install it.
import { describe, it, expect } from "vitest";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { readNotebook, joinText } from "../../src/jupyter/nbformat";
import { countChecks } from "../../src/cell/check";

const REPO = path.resolve(__dirname, "..", "..");
const FIXTURES = path.join(REPO, "test", "fixtures", "notebooks");
const env = { ...process.env, JUPYTER_PATH: path.join(REPO, "kernel") };
const probe = spawnSync("jupyter", ["nbconvert", "--version"], { encoding: "utf8", env });
const hasJupyter = probe.status === 0;
const built = fs.existsSync(path.join(REPO, "dist", "kernel", "main.js"));

function nbconvert(file: string) {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), "descent-nbconvert-"));
  const r = spawnSync("jupyter", ["nbconvert", "--to", "notebook", "--execute", "--ExecutePreprocessor.timeout=60", "--output-dir", out, file], { encoding: "utf8", env, timeout: 120_000 });
  return { ...r, outFile: path.join(out, path.basename(file)) };
}

if (!hasJupyter && process.env.CI) {
  it("jupyter nbconvert is installed on CI", () => {
    throw new Error(`CI must install Jupyter (apt-get install jupyter-nbconvert jupyter-client python3-ipykernel): \`jupyter nbconvert --version\` failed: ${probe.error?.message ?? probe.stderr}`);
  });
}

describe.skipIf(!hasJupyter || !built)(`jupyter nbconvert --execute with the descent kernelspec${hasJupyter ? "" : " (skipped: jupyter nbconvert is not installed)"}${built ? "" : " (skipped: run npm run build first)"}`, () => {
  it("executes a passing lesson, with the same checks our runner counts", () => {
    const file = path.join(FIXTURES, "passing.ipynb");
    const before = fs.readFileSync(file, "utf8");
    const r = nbconvert(file);
    expect(r.status, r.stderr).toBe(0);
    const nb = readNotebook(r.outFile);
    expect(nb.nbformat_minor).toBe(5);
    const stdout = nb.cells
      .flatMap((c) => (c.cell_type === "code" ? c.outputs : []))
      .map((o) => (o.output_type === "stream" && o.name === "stdout" ? joinText(o.text) : ""))
      .join("");
    expect(countChecks(stdout, null)).toEqual({ passed: 3, failed: 0 });
    expect(nb.cells.filter((c) => c.cell_type === "code").map((c) => (c.cell_type === "code" ? c.execution_count : null))).toEqual([1, 2]);
    expect(fs.readFileSync(file, "utf8")).toBe(before);
  }, 120_000);

  it("fails on a failed check, showing expected vs got", () => {
    const r = nbconvert(path.join(FIXTURES, "failing-check.ipynb"));
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain("CheckError: ✗ last loss: off by 0.05");
    expect(r.stderr).toContain("got:      0.25");
  }, 120_000);
});

it.skipIf(hasJupyter || !!process.env.CI)("jupyter nbconvert tests skipped: `jupyter nbconvert` is not installed (apt-get install jupyter-nbconvert)", () => {});
