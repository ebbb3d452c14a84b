import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { install, installedSpec, parseInstallArgs, userDataDir } from "../../src/cli/kernel";
import { KernelClient, REPO } from "../helpers/kernel-client";

describe("descent kernel install: arguments", () => {
  it("resolves user, prefix and sys-prefix scopes to Jupyter data dirs", () => {
    const env = { HOME: "/home/u" } as NodeJS.ProcessEnv;
    expect(userDataDir(env, "linux", "/home/u")).toBe("/home/u/.local/share/jupyter");
    expect(userDataDir({ XDG_DATA_HOME: "/x" }, "linux", "/home/u")).toBe("/x/jupyter");
    expect(userDataDir({ JUPYTER_DATA_DIR: "/j" }, "linux", "/home/u")).toBe("/j");
    expect(userDataDir({}, "darwin", "/Users/u")).toBe("/Users/u/Library/Jupyter");
    expect(parseInstallArgs(["--prefix", "/opt/p"]).dir).toBe("/opt/p/share/jupyter/kernels/descent");
    expect(parseInstallArgs(["--prefix=/opt/p", "--name", "ts2"]).dir).toBe("/opt/p/share/jupyter/kernels/ts2");
    expect(parseInstallArgs(["--sys-prefix"], { VIRTUAL_ENV: "/venv" }).dir).toBe("/venv/share/jupyter/kernels/descent");
    expect(parseInstallArgs(["--user"], { JUPYTER_DATA_DIR: "/j" }).dir).toBe("/j/kernels/descent");
  });
  it("rejects bad arguments with the option named", () => {
    expect(() => parseInstallArgs(["--user", "--prefix", "/p"])).toThrow(/choose one of --user, --prefix/);
    expect(() => parseInstallArgs(["--sys-prefix"], {})).toThrow(/--sys-prefix needs/);
    expect(() => parseInstallArgs(["--prefix"])).toThrow(/--prefix needs a value/);
    expect(() => parseInstallArgs(["--bogus"])).toThrow(/unknown option --bogus/);
    expect(() => parseInstallArgs(["--name", "a b"])).toThrow(/--name/);
    expect(() => parseInstallArgs(["--display-name", " "])).toThrow(/--display-name must not be empty/);
  });
  it("names a second spec apart from the first in Jupyter's launcher", () => {
    expect(parseInstallArgs([]).displayName).toBe("TypeScript (descent)");
    expect(parseInstallArgs(["--name", "ts2"]).displayName).toBe("TypeScript (descent: ts2)");
    expect(parseInstallArgs(["--name", "ts2", "--display-name", "TS for course 2"]).displayName).toBe("TS for course 2");
  });
});

describe("descent kernel install: files", () => {
  it("writes a spec with absolute paths, is idempotent, and never overwrites a different spec without --force", () => {
    const prefix = fs.mkdtempSync(path.join(os.tmpdir(), "descent-prefix-"));
    const target = parseInstallArgs(["--prefix", prefix]);
    const first = install(target, REPO);
    expect(first.changed).toBe(true);
    const spec = JSON.parse(fs.readFileSync(path.join(target.dir, "kernel.json"), "utf8"));
    expect(spec).toEqual(installedSpec(REPO));
    expect(spec.display_name).toBe("TypeScript (descent)");
    expect(path.isAbsolute(spec.argv[0]) && path.isAbsolute(spec.argv[1])).toBe(true);
    expect(spec.argv[2]).toBe("{connection_file}");
    expect(install(target, REPO).changed).toBe(false);

    const mine = '{"argv": ["python3"], "display_name": "mine"}';
    fs.writeFileSync(path.join(target.dir, "kernel.json"), mine);
    expect(() => install(target, REPO)).toThrow(/already exists.*\n.*--force/);
    expect(fs.readFileSync(path.join(target.dir, "kernel.json"), "utf8")).toBe(mine);
    expect(install({ ...target, force: true }, REPO).changed).toBe(true);

    const second = parseInstallArgs(["--prefix", prefix, "--name", "ts2"]);
    install(second, REPO);
    const shown = () => JSON.parse(fs.readFileSync(path.join(second.dir, "kernel.json"), "utf8")).display_name;
    expect(shown()).toBe("TypeScript (descent: ts2)");
    // Another name asked for: refused without --force, the message saying what changes; then changed.
    const renamed = parseInstallArgs(["--prefix", prefix, "--name", "ts2", "--display-name", "TS two"]);
    expect(() => install(renamed, REPO)).toThrow(/shows as "TypeScript \(descent: ts2\)"\n.*--force to show it as "TS two"/);
    expect(shown()).toBe("TypeScript (descent: ts2)");
    expect(install({ ...renamed, force: true }, REPO).changed).toBe(true);
    expect(shown()).toBe("TS two");
    // Run again without --display-name (as a setup script would, or as one written before the option was):
    // the spec keeps the name it shows and is up to date.
    expect(install(second, REPO).changed).toBe(false);
    expect(install({ ...second, force: true }, REPO).changed).toBe(false);
    expect(shown()).toBe("TS two");
  });

  it.runIf(fs.existsSync(path.join(REPO, "dist", "kernel", "main.js")))("the installed spec starts a kernel that imports descent outside the repo", async () => {
    const prefix = fs.mkdtempSync(path.join(os.tmpdir(), "descent-prefix-"));
    const target = parseInstallArgs(["--prefix", prefix]);
    install(target, REPO);
    const k = await KernelClient.start({ kernelDir: target.dir, cwd: fs.mkdtempSync(path.join(os.tmpdir(), "descent-nb-")) });
    try {
      const { reply, outputs } = await k.execute('import { contour } from "descent"\ncontour((x, y) => x * x + y * y, { x: [-1, 1], y: [-1, 1], steps: 3 }).data.length');
      expect(reply.content.status).toBe("ok");
      expect(outputs[0].content.data["text/plain"]).toBe("1");
    } finally {
      await k.shutdown();
    }
  }, 60_000);
});
