// Stopping the CLI leaves nothing behind: `descent grade`, `run` and
// `validate` stopped by SIGINT, SIGTERM or SIGHUP (or by `timeout`) kill their
// kernels and remove their folders; a SIGKILLed `grade` leaves no kernel
// either (the sandbox dies with its parent) and never a connection file with
// its HMAC key (the kernel gets it on a descriptor, already deleted), only a
// socket folder that the next run removes.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeNotebook } from "../../src/jupyter/nbformat";
import { removeStaleSandboxDirs, sandboxProblem } from "../../src/grading/sandbox/sandbox";
import { descentRoot } from "../../src/jupyter/kernelspec";
import { SOURCE, filled, cellById } from "./helpers";

const BIN = path.join(descentRoot(), "bin", "descent.js");
let root: string;

/** A submission whose clip exercise never returns: grading is busy in its kernel until stopped. */
function busyNotebook(file: string): void {
  const nb = filled();
  cellById(nb, "sigmoid-solution").source = "function sigmoid(z: number): number {\n  return 0.5;\n}\nlet spin = 0;\nwhile (true) spin++;";
  writeNotebook(file, nb);
}

/** The process tree under `pid`: pid → parent, from /proc. */
function descendants(pid: number): number[] {
  const parent = new Map<number, number>();
  for (const p of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(p)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${p}/stat`, "utf8");
      parent.set(Number(p), Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]));
    } catch {
      // gone
    }
  }
  const out: number[] = [];
  const walk = (p: number) => {
    for (const [c, pp] of parent) if (pp === p) {
      out.push(c);
      walk(c);
    }
  };
  walk(pid);
  return out;
}

/** Whether a process still runs (a zombie waiting for its parent does not). */
function alive(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
  } catch {
    return false;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitFor(cond: () => boolean, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(200);
  }
}

/** Files under `dir` (recursively). */
function files(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => !e.isDirectory()).map((e) => path.join(e.parentPath, e.name));
}

interface Case {
  name: string;
  /** The command line after `descent` (or the whole one, for `timeout`). */
  argv: (work: string) => string[];
  command?: string;
  signal: NodeJS.Signals | null;
  /** How many kernel processes must be up before the signal (0: send it whenever). */
  kernels: number;
}

/** Run a CLI in its own TMPDIR, stop it, and return what is left. */
async function stop(c: Case): Promise<{ survivors: number[]; left: string[]; tmp: string; exit: number | null }> {
  const work = fs.mkdtempSync(path.join(root, `${c.name.replace(/\W+/g, "-")}-`));
  const tmp = path.join(work, "tmp");
  fs.mkdirSync(tmp);
  busyNotebook(path.join(work, "subs", "busy.ipynb"));
  const cmd = c.command ?? process.execPath;
  const args = c.command ? c.argv(work) : [BIN, ...c.argv(work)];
  const child: ChildProcess = spawn(cmd, args, { cwd: work, env: { ...process.env, TMPDIR: tmp }, stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stderr!.on("data", (b: Buffer) => (stderr += b.toString()));
  const exited = new Promise<number | null>((r) => child.once("exit", (code, sig) => r(code ?? (sig ? -1 : null))));
  // Every process of the tree, noted while it runs (a SIGKILLed CLI's orphans lose their parent).
  const tree = new Set<number>();
  const note = () => descendants(child.pid!).forEach((p) => tree.add(p));
  const poller = setInterval(note, 100);
  const cmdline = (p: number) => {
    try {
      return fs.readFileSync(`/proc/${p}/cmdline`, "utf8");
    } catch {
      return "";
    }
  };
  // Wait until the kernel(s) run the endless cell.
  await waitFor(() => c.kernels === 0 || descendants(child.pid!).filter((p) => /harness\.js|launch\.js/.test(cmdline(p))).length >= c.kernels, 120_000, `${c.name}: a kernel (stderr: ${stderr})`);
  if (c.kernels) await sleep(1500);
  note();
  if (c.signal) child.kill(c.signal);
  const exit = await exited;
  clearInterval(poller);
  expect(tree.size).toBeGreaterThan(0);
  // Everything the CLI started must be gone within a few seconds.
  await waitFor(() => [...tree].every((p) => !alive(p)), 10_000, `${c.name}: its processes to end`).catch(() => {});
  const survivors = [...tree].filter(alive);
  for (const p of survivors) process.kill(p, "SIGKILL");
  return { survivors, left: files(tmp), tmp, exit };
}

beforeAll(() => {
  const problem = sandboxProblem();
  if (problem) throw new Error(`these tests grade in the sandbox: ${problem}`);
  root = fs.mkdtempSync(path.join(os.tmpdir(), "descent-signals-"));
});

afterAll(() => {
  if (root) fs.rmSync(root, { recursive: true, force: true });
});

const grade = (work: string) => ["grade", path.join(work, "subs"), "--source", SOURCE, "--out", path.join(work, "out"), "--timeout", "300"];

describe("stopping descent grade", () => {
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    it(`${signal}: no kernel, no file left in TMPDIR, exit code 128 + signal`, async () => {
      const r = await stop({ name: `grade-${signal}`, argv: grade, signal, kernels: 1 });
      expect(r.survivors).toEqual([]);
      expect(r.left).toEqual([]);
      expect(r.exit).toBe(128 + os.constants.signals[signal]);
    }, 180_000);
  }

  it("SIGKILL: no kernel and no connection file; the socket folder left is removed by the next run", async () => {
    const r = await stop({ name: "grade-SIGKILL", argv: grade, signal: "SIGKILL", kernels: 1 });
    expect(r.survivors).toEqual([]);
    expect(r.left.filter((f) => !/\/descent-sandbox-\d+-[^/]+\/k-\d$/.test(f))).toEqual([]);
    removeStaleSandboxDirs(r.tmp);
    expect(fs.readdirSync(r.tmp)).toEqual([]);
  }, 180_000);

  it("under `timeout` (SIGTERM, then SIGKILL), whenever it lands", async () => {
    const r = await stop({ name: "grade-timeout", command: "timeout", argv: (w) => ["-k", "3", "8", process.execPath, BIN, ...grade(w)], signal: null, kernels: 0 });
    expect(r.survivors).toEqual([]);
    expect(r.left.filter((f) => f.endsWith("kernel.json"))).toEqual([]);
  }, 180_000);
});

describe("stopping descent run and validate", () => {
  for (const signal of ["SIGTERM", "SIGHUP"] as const) {
    it(`run, ${signal}: no kernel, no connection file`, async () => {
      const r = await stop({ name: `run-${signal}`, argv: (w) => ["run", path.join(w, "subs", "busy.ipynb"), "--out", path.join(w, "out"), "--timeout", "300"], signal, kernels: 1 });
      expect(r.survivors).toEqual([]);
      expect(r.left).toEqual([]);
    }, 180_000);
  }

  it("validate, SIGINT: no kernel, no connection file", async () => {
    const r = await stop({ name: "validate-SIGINT", argv: (w) => ["validate", path.join(w, "subs", "busy.ipynb"), "--timeout", "300"], signal: "SIGINT", kernels: 1 });
    expect(r.survivors).toEqual([]);
    expect(r.left).toEqual([]);
    expect(r.exit).toBe(130);
  }, 180_000);

  it("run, SIGKILL: never a connection file (the kernel read it from a deleted file)", async () => {
    const r = await stop({ name: "run-SIGKILL", argv: (w) => ["run", path.join(w, "subs", "busy.ipynb"), "--out", path.join(w, "out"), "--timeout", "300"], signal: "SIGKILL", kernels: 1 });
    expect(r.left).toEqual([]);
  }, 180_000);
});
