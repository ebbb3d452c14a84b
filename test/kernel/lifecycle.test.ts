// A kernel leaves within 5 s when the client that started it dies — killed
// with SIGKILL, so it cannot clean up — even while a cell spins in a
// synchronous loop, and takes what its cells started with it. Tried with a
// stand-in parent (with and without JPY_PARENT_PID and a wrapper shell
// between), jupyter_client (as Notebook's server starts kernels), the
// classic Notebook server itself, nbconvert, `descent run` and `descent grade`.

import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { KernelClient, KERNEL_DIR, REPO } from "../helpers/kernel-client";
import { itWithTools, missingTool } from "../helpers/tools";
import { isAlive as alive } from "../../src/kernel/parent";

const built = fs.existsSync(path.join(REPO, "dist", "kernel", "main.js"));
const PY = "/usr/bin/python3";
const env = { ...process.env, JUPYTER_PATH: path.join(REPO, "kernel") };
const DEADLINE_MS = 5000;

/** Milliseconds until `pid` is gone, or Infinity if it outlives `ms`. */
async function goneWithin(pid: number, ms: number): Promise<number> {
  const t0 = Date.now();
  while (Date.now() - t0 <= ms) {
    if (!alive(pid)) return Date.now() - t0;
    await new Promise((r) => setTimeout(r, 50));
  }
  return Infinity;
}

const started: number[] = [];
const children: ChildProcess[] = [];
afterEach(() => {
  // Whatever a failed test left behind.
  for (const pid of started.splice(0)) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // gone
    }
  }
  for (const c of children.splice(0)) c.kill("SIGKILL");
});

/** The first line the process prints, parsed as JSON. */
function firstJsonLine(p: ChildProcess, timeoutMs = 120_000): Promise<Record<string, number>> {
  return new Promise((resolve, reject) => {
    let buf = "";
    const t = setTimeout(() => reject(new Error(`no output in ${timeoutMs} ms`)), timeoutMs);
    p.stdout!.on("data", (d) => {
      buf += d;
      const nl = buf.indexOf("\n");
      if (nl >= 0) {
        clearTimeout(t);
        resolve(JSON.parse(buf.slice(0, nl)));
      }
    });
    p.on("exit", (code) => reject(new Error(`exited with ${code} before printing`)));
  });
}

/** Wait for a file a cell writes (the kernel's pid), then read it. */
async function pidFrom(file: string, timeoutMs = 120_000): Promise<number> {
  const t0 = Date.now();
  while (Date.now() - t0 < timeoutMs) {
    if (fs.existsSync(file) && fs.readFileSync(file, "utf8").trim()) return Number(fs.readFileSync(file, "utf8"));
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${file} was not written in ${timeoutMs} ms`);
}

/** A notebook whose first cell records the kernel's pid and whose second spins forever. */
function spinningNotebook(dir: string, pidFile: string): string {
  const file = path.join(dir, "spin.ipynb");
  const cell = (source: string) => ({ cell_type: "code", execution_count: null, id: Math.random().toString(36).slice(2, 10), metadata: {}, outputs: [], source });
  const nb = {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { kernelspec: { name: "descent", display_name: "TypeScript (descent)", language: "typescript" } },
    cells: [cell(`require("node:fs").writeFileSync(${JSON.stringify(pidFile)}, String(process.pid))`), cell("while (true) {}")],
  };
  fs.writeFileSync(file, JSON.stringify(nb));
  return file;
}

async function standIn(flags: string[]): Promise<{ parent: ChildProcess; kernelPid: number; k: KernelClient }> {
  const conn = await KernelClient.newConnection();
  const connFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "descent-lc-")), "kernel.json");
  fs.writeFileSync(connFile, JSON.stringify({ ...conn, signature_scheme: "hmac-sha256", kernel_name: "descent" }));
  const parent = spawn(process.execPath, [path.join(__dirname, "stand_in_parent.js"), KERNEL_DIR, connFile, ...flags], { cwd: REPO, stdio: ["ignore", "pipe", "inherit"] });
  children.push(parent);
  await firstJsonLine(parent);
  const k = await KernelClient.attach(conn);
  const { outputs } = await k.execute("process.pid");
  const kernelPid = Number(outputs[0]!.content.data["text/plain"]);
  started.push(kernelPid);
  return { parent, kernelPid, k };
}

describe.runIf(built)("the kernel leaves when its parent dies", () => {
  it("while a cell spins in a synchronous loop, taking the processes its cells started along", async () => {
    const { parent, kernelPid, k } = await standIn([]);
    const { outputs } = await k.execute('require("node:child_process").spawn("sleep", ["600"], { stdio: "ignore" }).pid');
    const sleepPid = Number(outputs[0]!.content.data["text/plain"]);
    started.push(sleepPid);
    expect(alive(sleepPid)).toBe(true);
    const id = k.startExecute("while (true) {}");
    await k.waitIopub((m) => m.parent_header.msg_id === id && m.header.msg_type === "execute_input");
    await new Promise((r) => setTimeout(r, 500));
    parent.kill("SIGKILL");
    expect(await goneWithin(kernelPid, DEADLINE_MS)).toBeLessThan(DEADLINE_MS);
    expect(await goneWithin(sleepPid, 1000)).toBeLessThan(1000);
  }, 180_000);

  it("when only JPY_PARENT_PID can tell (a wrapper shell between stays alive)", async () => {
    const { parent, kernelPid } = await standIn(["--jpy", "--wrapper"]);
    parent.kill("SIGKILL");
    expect(await goneWithin(kernelPid, DEADLINE_MS)).toBeLessThan(DEADLINE_MS);
  }, 180_000);

  it("stays while its parent lives", async () => {
    const { parent, kernelPid, k } = await standIn(["--jpy"]);
    await new Promise((r) => setTimeout(r, 3000));
    expect(alive(kernelPid)).toBe(true);
    const { reply } = await k.execute("1");
    expect(reply.content.status).toBe("ok");
    parent.kill("SIGKILL");
    expect(await goneWithin(kernelPid, DEADLINE_MS)).toBeLessThan(DEADLINE_MS);
  }, 180_000);

  itWithTools(
    "started by jupyter_client (as Notebook's server starts it)",
    missingTool(PY, ["-c", "import jupyter_client"], "apt install python3-jupyter-client"),
    async () => {
      const parent = spawn(PY, [path.join(__dirname, "jupyter_client_parent.py")], { cwd: REPO, env, stdio: ["ignore", "pipe", "inherit"] });
      children.push(parent);
      const { kernel } = await firstJsonLine(parent);
      started.push(kernel!);
      expect(alive(kernel!)).toBe(true);
      parent.kill("SIGKILL");
      expect(await goneWithin(kernel!, DEADLINE_MS)).toBeLessThan(DEADLINE_MS);
    },
    180_000,
  );

  itWithTools(
    "started by the classic Notebook server",
    missingTool("jupyter", ["notebook", "--version"], "apt install jupyter-notebook"),
    async () => {
      const port = await new Promise<number>((resolve) => {
        const s = net.createServer().listen(0, "127.0.0.1", () => {
          const p = (s.address() as net.AddressInfo).port;
          s.close(() => resolve(p));
        });
      });
      const token = "descent-test";
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "descent-nbserver-"));
      const server = spawn("jupyter", ["notebook", "--no-browser", "--allow-root", `--port=${port}`, "--ip=127.0.0.1", `--NotebookApp.token=${token}`, `--notebook-dir=${dir}`], {
        cwd: dir,
        env: { ...env, JUPYTER_RUNTIME_DIR: dir, JUPYTER_CONFIG_DIR: dir },
        stdio: "ignore",
      });
      children.push(server);
      const url = `http://127.0.0.1:${port}/api/kernels?token=${token}`;
      let id: string | undefined;
      for (let t0 = Date.now(); !id && Date.now() - t0 < 120_000; ) {
        try {
          const r = await fetch(url, { method: "POST", body: JSON.stringify({ name: "descent" }) });
          if (r.ok) id = ((await r.json()) as { id: string }).id;
        } catch {
          await new Promise((r) => setTimeout(r, 250));
        }
      }
      expect(id).toBeDefined();
      // The kernel is the process whose command line names its connection file.
      let kernel: number | undefined;
      for (let t0 = Date.now(); kernel === undefined && Date.now() - t0 < 60_000; await new Promise((r) => setTimeout(r, 100))) {
        for (const p of fs.readdirSync("/proc").filter((d) => /^\d+$/.test(d))) {
          try {
            if (fs.readFileSync(`/proc/${p}/cmdline`, "utf8").includes(`kernel-${id}.json`)) kernel = Number(p);
          } catch {
            // exited meanwhile
          }
        }
      }
      expect(kernel).toBeDefined();
      started.push(kernel!);
      server.kill("SIGKILL");
      expect(await goneWithin(kernel!, DEADLINE_MS)).toBeLessThan(DEADLINE_MS);
    },
    180_000,
  );

  itWithTools(
    "started by nbconvert, killed in the middle of a spinning cell",
    missingTool("jupyter", ["nbconvert", "--version"], "apt install jupyter-nbconvert"),
    async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "descent-lc-"));
      const pidFile = path.join(dir, "kernel.pid");
      const nb = spinningNotebook(dir, pidFile);
      const conv = spawn("jupyter", ["nbconvert", "--to", "notebook", "--execute", "--ExecutePreprocessor.timeout=600", "--output", "out.ipynb", nb], { cwd: dir, env, stdio: "ignore" });
      children.push(conv);
      const kernel = await pidFrom(pidFile);
      started.push(kernel);
      await new Promise((r) => setTimeout(r, 500));
      conv.kill("SIGKILL");
      expect(await goneWithin(kernel, DEADLINE_MS)).toBeLessThan(DEADLINE_MS);
    },
    180_000,
  );

  it("started by `descent run`, killed in the middle of a spinning cell", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "descent-lc-"));
    const pidFile = path.join(dir, "kernel.pid");
    const nb = spinningNotebook(dir, pidFile);
    const run = spawn(process.execPath, [path.join(REPO, "bin", "descent.js"), "run", nb, "--out", path.join(dir, "out")], { cwd: dir, stdio: "ignore" });
    children.push(run);
    const kernel = await pidFrom(pidFile);
    started.push(kernel);
    await new Promise((r) => setTimeout(r, 500));
    run.kill("SIGKILL");
    expect(await goneWithin(kernel, DEADLINE_MS)).toBeLessThan(DEADLINE_MS);
  }, 180_000);

  it("started by `descent grade`, killed in the middle of a spinning submission", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "descent-lc-"));
    const pidFile = path.join(dir, "kernel.pid");
    const source = path.join(REPO, "test", "fixtures", "grading", "exercises.ipynb");
    const nb = JSON.parse(fs.readFileSync(source, "utf8")) as { cells: { source: string | string[]; metadata?: { nbgrader?: { grade_id?: string } } }[] };
    const solution = nb.cells.find((c) => c.metadata?.nbgrader?.grade_id === "sigmoid-solution")!;
    solution.source = `require("node:fs").writeFileSync(${JSON.stringify(pidFile)}, String(process.pid));\nwhile (true) {}\nfunction sigmoid(z: number): number { return z }`;
    fs.mkdirSync(path.join(dir, "submissions"));
    fs.writeFileSync(path.join(dir, "submissions", "alice.ipynb"), JSON.stringify(nb));
    // --no-sandbox: this is the kernel's own parent poller at work. In the sandbox the kernel cannot write
    // the pid file, and bubblewrap's --die-with-parent ends it (test/grading/signals.test.ts).
    const grade = spawn(process.execPath, [path.join(REPO, "bin", "descent.js"), "grade", path.join(dir, "submissions"), "--source", source, "--out", path.join(dir, "gradebook"), "--no-sandbox"], { cwd: dir, stdio: "ignore" });
    children.push(grade);
    const kernel = await pidFrom(pidFile);
    started.push(kernel);
    await new Promise((r) => setTimeout(r, 500));
    grade.kill("SIGKILL");
    expect(await goneWithin(kernel, DEADLINE_MS)).toBeLessThan(DEADLINE_MS);
  }, 180_000);
});
