import { describe, it, expect } from "vitest";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { findKernelSpec, jupyterDataPath, kernelCommand, KernelSpecError } from "../../src/jupyter/kernelspec";

function specDir(kernel: Record<string, unknown> | string, name = "descent"): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "kspec-"));
  fs.mkdirSync(path.join(root, "kernels", name), { recursive: true });
  fs.writeFileSync(path.join(root, "kernels", name, "kernel.json"), typeof kernel === "string" ? kernel : JSON.stringify(kernel));
  return root;
}

describe("kernelspec lookup", () => {
  const env = { HOME: "/nonexistent-home" } as NodeJS.ProcessEnv;

  it("searches extra dirs, then JUPYTER_PATH, then the user's and the system data dirs", () => {
    const dirs = jupyterDataPath(["/extra"], { ...env, JUPYTER_PATH: `/a${path.delimiter}/b`, XDG_DATA_HOME: "/xdg" });
    expect(dirs).toEqual(["/extra", "/a", "/b", "/xdg/jupyter", "/usr/local/share/jupyter", "/usr/share/jupyter"]);
  });

  it("finds the first match and substitutes {connection_file} and {resource_dir}", () => {
    const first = specDir({ argv: ["node", "{resource_dir}/launch.js", "{connection_file}"], display_name: "A", interrupt_mode: "message", env: { X: "1" } });
    const second = specDir({ argv: ["other", "{connection_file}"] });
    const spec = findKernelSpec("descent", [], { ...env, JUPYTER_PATH: [first, second].join(path.delimiter) });
    expect(spec.resourceDir).toBe(path.join(first, "kernels", "descent"));
    expect(spec.interruptMode).toBe("message");
    expect(spec.env).toEqual({ X: "1" });
    expect(kernelCommand(spec, "/tmp/c.json")).toEqual(["node", path.join(first, "kernels", "descent") + "/launch.js", "/tmp/c.json"]);
  });

  it("finds the repo's own kernelspec", () => {
    const spec = findKernelSpec("descent", [path.resolve(__dirname, "..", "..", "kernel")], env);
    expect(spec.name).toBe("descent");
    expect(spec.argv.some((a) => a.includes("{connection_file}"))).toBe(true);
  });

  it("says where it looked when a kernel is missing", () => {
    expect(() => findKernelSpec("nope", ["/extra"], env)).toThrow(KernelSpecError);
    expect(() => findKernelSpec("nope", ["/extra"], env)).toThrow(/no kernelspec named "nope": looked for kernels\/nope\/kernel.json in \/extra, /);
  });

  it("names the problem in a bad kernel.json", () => {
    const bad = (k: Record<string, unknown> | string) => () => findKernelSpec("descent", [specDir(k)], env);
    expect(bad("{")).toThrow(/kernel\.json: not readable JSON/);
    expect(bad({ argv: [] })).toThrow(/"argv" must be a non-empty list of strings/);
    expect(bad({ argv: ["node", "k.js"] })).toThrow(/never mentions \{connection_file\}/);
    expect(bad({ argv: ["k", "{connection_file}"], interrupt_mode: "pigeon" })).toThrow(/"interrupt_mode" is "pigeon"/);
  });
});
