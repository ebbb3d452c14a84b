// The grading kernel's command line: descent's kernel under the lockdown
// harness (harness.ts), and, on Linux with bubblewrap, inside a sandbox:
//
// - new user, pid, network, ipc, uts and cgroup namespaces (bwrap
//   --unshare-all): student code sees only its own processes, so not the
//   grader's command line; it has no network; anything it starts dies with
//   the kernel (--die-with-parent, and the pid namespace ends with it);
// - a file system of its own: the system's /usr (read-only), the descent
//   package and the node_modules it runs from (read-only), a fresh tmpfs as
//   its working folder and /tmp (size-limited), and a folder holding only the
//   kernel's unix sockets (Jupyter's ipc transport, since there is no network).
//   Sources, hidden tests, other submissions and the gradebook are not there;
//   the environment is emptied (no tokens from the grader's);
// - rlimits: CPU seconds (RLIMIT_CPU, SIGXCPU then SIGKILL) and memory
//   (RLIMIT_DATA, which counts what is allocated rather than the address
//   space V8 reserves; plus V8's own heap limit), so a submission that loops
//   or allocates without end is stopped and its feedback names the limit.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { CompilerSandbox } from "../../jupyter/compile-service";
import { dependencyDir, descentRoot, type KernelSpec } from "../../jupyter/kernelspec";
import type { LaunchOptions } from "../../jupyter/launch";

/** Per-kernel limits of a sandboxed submission. */
export interface SandboxLimits {
  /** RLIMIT_DATA and V8's heap limit, MB (default 1536). */
  memoryMb: number;
  /** RLIMIT_CPU, seconds of CPU time per kernel (default 600). */
  cpuSeconds: number;
  /** Size of the working folder's and /tmp's tmpfs, MB each (default 256). */
  diskMb: number;
}

export const DEFAULT_LIMITS: SandboxLimits = { memoryMb: 1536, cpuSeconds: 600, diskMb: 256 };

/** How a submission's kernel is run. */
export interface GradingKernelOptions {
  /** null: no sandbox (the lockdown harness still runs); else the limits. */
  sandbox: SandboxLimits | null;
  /** Global name of the anchor the sealed tests read (see seal.ts). */
  anchor: string;
  /** Modules the harness loads for the sealed tests. */
  preload: string[];
  /** Files or folders copied in read-only as `<working folder>/<basename>` (data a notebook reads). */
  data?: string[];
  /** Cells arrive compiled by the grader's compiler (compile-service.ts): the kernel starts none of its own. */
  precompiled?: boolean;
  /** The gate (gate.ts): the names the notebook's exercises re-implement and the secret the tests' tokens come from (sent on stdin). */
  gate?: { names: string[]; secret: string };
}

/** Where the sandboxed kernel's working folder is, inside the sandbox. */
export const SANDBOX_HOME = "/home/student";
/** Where the connection file appears inside the sandbox (bwrap writes it from fd 3; it is never on the host's disk). */
const SANDBOX_CONNECTION = "/run/descent/kernel.json";

/** Node flags of the grading kernel: no code from strings (eval, new Function), V8's heap bounded. */
function nodeFlags(limits: SandboxLimits | null): string[] {
  return ["--disallow-code-generation-from-strings", ...(limits ? [`--max-old-space-size=${Math.max(64, Math.floor(limits.memoryMb * 0.75))}`] : [])];
}

function harnessArgs(connectionFile: string, o: GradingKernelOptions): string[] {
  const harness = path.join(descentRoot(), "dist", "grading", "sandbox", "harness.js");
  const gate = o.gate && o.gate.names.length > 0 ? ["--gate", o.gate.names.join(",")] : [];
  return [harness, connectionFile, "--anchor", o.anchor, ...o.preload.flatMap((m) => ["--preload", m]), ...(o.precompiled ? ["--precompiled"] : []), ...gate];
}

/** The gate's secret on the kernel's stdin: not in its command line, environment or files, which student code can read. */
function gateStdin(o: GradingKernelOptions): { stdin?: string } {
  return o.gate && o.gate.names.length > 0 ? { stdin: `${o.gate.secret}\n` } : {};
}

/** bwrap binds that give the sandbox the system's programs and libraries, mirroring the host's layout. */
function systemBinds(): string[] {
  const args = ["--ro-bind", "/usr", "/usr"];
  for (const top of ["/bin", "/sbin", "/lib", "/lib32", "/lib64"]) {
    let st: fs.Stats;
    try {
      st = fs.lstatSync(top);
    } catch {
      continue;
    }
    if (st.isSymbolicLink()) args.push("--symlink", fs.readlinkSync(top), top);
    else if (st.isDirectory()) args.push("--ro-bind", top, top);
  }
  // A few files programs read from /etc; not /etc itself (the host's secrets live there).
  for (const f of ["/etc/ld.so.cache", "/etc/localtime", "/etc/nsswitch.conf", "/etc/passwd", "/etc/group", "/etc/hosts"]) args.push("--ro-bind-try", f, f);
  // Node installed outside /usr (nvm, a tarball): its prefix.
  const prefix = path.dirname(path.dirname(fs.realpathSync(process.execPath)));
  if (!prefix.startsWith("/usr")) args.push("--ro-bind", prefix, prefix);
  return args;
}

/** The package parts the kernel runs from, read-only: dist/, kernel/, package.json and the dependencies. */
function packageBinds(root: string, deps: string): string[] {
  const args: string[] = [];
  // When descent is itself inside the dependency folder (installed as a package) the one bind covers it.
  if (!root.startsWith(deps + path.sep)) for (const p of ["dist", "kernel", "package.json"]) args.push("--ro-bind", path.join(root, p), path.join(root, p));
  args.push("--ro-bind", deps, deps);
  return args;
}

/** What else goes into the sandbox. */
interface BwrapExtras {
  /** Read-only data, bound as `<working folder>/<basename>`. */
  data?: string[];
  env?: Record<string, string>;
  /** Materialize the connection file from fd 3 (false for the probe). */
  connection?: boolean;
}

/** The bwrap command line around `command`. */
export function bwrapArgs(command: string[], runDir: string, limits: SandboxLimits, extras: BwrapExtras = {}): string[] {
  const root = descentRoot();
  const deps = dependencyDir(root);
  const size = String(limits.diskMb * 1024 * 1024);
  const { data = [], env = {}, connection = true } = extras;
  return [
    "--unshare-all",
    "--die-with-parent",
    "--uid", "1000", "--gid", "1000",
    "--hostname", "grading",
    ...systemBinds(),
    "--proc", "/proc",
    "--dev", "/dev",
    "--size", size, "--tmpfs", "/tmp",
    "--size", size, "--tmpfs", SANDBOX_HOME,
    ...packageBinds(root, deps),
    // The notebook's folder resolves packages like the repo does: node_modules → the dependencies.
    "--symlink", deps, path.join(SANDBOX_HOME, "node_modules"),
    ...data.flatMap((d) => ["--ro-bind", path.resolve(d), path.join(SANDBOX_HOME, path.basename(path.resolve(d)))]),
    "--bind", runDir, runDir,
    ...(connection ? ["--ro-bind-data", "3", SANDBOX_CONNECTION] : []),
    "--chdir", SANDBOX_HOME,
    "--clearenv",
    ...Object.entries({ PATH: "/usr/local/bin:/usr/bin:/bin", HOME: SANDBOX_HOME, TMPDIR: "/tmp", LANG: "C.UTF-8", NODE_NO_WARNINGS: "1", DESCENT_ROOT: root, ...env }).flatMap(([k, v]) => ["--setenv", k, v]),
    "--",
    ...command,
  ];
}

/** The shell prefix that sets the rlimits, then execs the rest of the command line. */
function rlimitPrefix(limits: SandboxLimits): string[] {
  // ulimit -t: CPU seconds, the soft limit sends SIGXCPU (so the death names its cause), the hard one
  // SIGKILLs a process that ignores it; -d: data segment in KB (RLIMIT_DATA).
  const script = `ulimit -St ${limits.cpuSeconds} && ulimit -Ht ${limits.cpuSeconds + 5} && ulimit -d ${limits.memoryMb * 1024} && exec "$@"`;
  return ["/bin/sh", "-c", script, "descent-sandbox"];
}

/**
 * The sandbox of the grader's type-checker (src/jupyter/compile-service.ts): a kernel's, without a
 * connection, with `data` bound read-only and the memory limit of `limits` (no CPU limit: one compiler
 * serves the whole run, and a cell that does not finish is stopped by the service's timeout).
 */
export function compilerSandbox(limits: SandboxLimits, data: string[] = []): CompilerSandbox {
  return {
    memoryMb: limits.memoryMb,
    command(node) {
      const bwrap = findBwrap();
      if (!bwrap) throw new Error("bubblewrap is not installed");
      const runDir = fs.mkdtempSync(path.join(os.tmpdir(), `descent-sandbox-${process.pid}-`));
      const script = `ulimit -d ${limits.memoryMb * 1024} && exec "$@"`;
      return { argv: ["/bin/sh", "-c", script, "descent-compiler", bwrap, ...bwrapArgs(node, runDir, limits, { data, connection: false })], cwd: runDir, remove: runDir };
    },
  };
}

/** Path of the bwrap program, or null. */
export function findBwrap(): string | null {
  for (const dir of (process.env.PATH ?? "/usr/bin:/bin").split(path.delimiter)) {
    const p = path.join(dir, "bwrap");
    try {
      fs.accessSync(p, fs.constants.X_OK);
      return p;
    } catch {
      // not here
    }
  }
  return null;
}

let probed: string | null | undefined;

/**
 * Why the sandbox cannot be set up on this machine, or null when it can:
 * not Linux, no bubblewrap, or bwrap failing (user namespaces disabled…).
 * Tried once per process with a real sandbox and `node -e`.
 */
export function sandboxProblem(): string | null {
  if (probed !== undefined) return probed;
  if (process.platform !== "linux") return (probed = `the sandbox needs Linux namespaces (bubblewrap); this is ${process.platform}`);
  const bwrap = findBwrap();
  if (!bwrap) return (probed = "bubblewrap (bwrap) is not installed; on Debian/Ubuntu: apt-get install bubblewrap");
  const runDir = fs.mkdtempSync(path.join(os.tmpdir(), "descent-probe-"));
  try {
    const args = bwrapArgs([process.execPath, "-e", "process.stdout.write('ok')"], runDir, DEFAULT_LIMITS, { connection: false });
    const r = spawnSync(bwrap, args, { encoding: "utf8", timeout: 20_000 });
    if (r.stdout === "ok") return (probed = null);
    const why = (r.stderr || r.error?.message || `exit code ${r.status}`).trim().split("\n")[0];
    return (probed = `bubblewrap could not set up the sandbox: ${why}`);
  } finally {
    fs.rmSync(runDir, { recursive: true, force: true });
  }
}

/**
 * The kernelspec and launch options of one grading kernel. Called before
 * each kernel start (a restart after a crash gets a fresh socket folder and
 * working folder).
 */
export function gradingKernel(spec: KernelSpec, o: GradingKernelOptions): { spec: KernelSpec; launch: LaunchOptions } {
  const node = process.execPath;
  if (!o.sandbox) {
    // No sandbox: still the lockdown harness, in a scratch folder of its own rather than the source's.
    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "descent-scratch-"));
    fs.symlinkSync(dependencyDir(), path.join(scratch, "node_modules"), "dir");
    for (const d of o.data ?? []) fs.symlinkSync(path.resolve(d), path.join(scratch, path.basename(path.resolve(d))));
    const argv = [node, ...nodeFlags(null), ...harnessArgs("{connection_file}", o)];
    return { spec: { ...spec, argv, env: { ...spec.env, DESCENT_ROOT: descentRoot() } }, launch: { connection: "fd", cwd: scratch, cleanup: [scratch], ...gateStdin(o) } };
  }
  const bwrap = findBwrap();
  if (!bwrap) throw new Error(sandboxProblem() ?? "bubblewrap is not installed");
  // Short path: unix socket names are limited to 107 bytes.
  const runDir = fs.mkdtempSync(path.join(os.tmpdir(), `descent-sandbox-${process.pid}-`));
  const kernel = [node, ...nodeFlags(o.sandbox), ...harnessArgs(SANDBOX_CONNECTION, o)];
  const argv = [...rlimitPrefix(o.sandbox), bwrap, ...bwrapArgs(kernel, runDir, o.sandbox, { data: o.data ?? [], env: spec.env })];
  return { spec: { ...spec, argv, env: {} }, launch: { connection: "fd", ipc: path.join(runDir, "k"), cwd: runDir, cleanup: [runDir], ...gateStdin(o) } };
}

/** Socket folders of graders that died without cleaning up (SIGKILL): removed when no process of that id lives. */
export function removeStaleSandboxDirs(tmp = os.tmpdir()): number {
  let n = 0;
  for (const name of fs.readdirSync(tmp)) {
    const m = /^descent-sandbox-(\d+)-/.exec(name);
    if (!m) continue;
    const pid = Number(m[1]);
    let alive = true;
    try {
      process.kill(pid, 0);
    } catch (e) {
      alive = (e as NodeJS.ErrnoException).code === "EPERM";
    }
    if (!alive) {
      fs.rmSync(path.join(tmp, name), { recursive: true, force: true });
      n++;
    }
  }
  return n;
}
