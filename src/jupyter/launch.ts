// Start a kernel process from its kernelspec, and make sure it never outlives
// us. Each kernel gets its own process group (spawn `detached`), so killing
// the group also ends anything the kernel started; every live group is
// remembered so an exiting runner (normally, or on SIGINT/SIGTERM/SIGHUP) can
// kill them all synchronously and remove what they left on disk. Our own
// kernel gets its connection file (with the HMAC key) on a file descriptor,
// already deleted, so not even a SIGKILLed runner leaves a key in TMPDIR.
import { spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { kernelCommand, type KernelSpec } from "./kernelspec";

/** The connection file's contents (Jupyter's format). */
export interface ConnectionInfo {
  /** `ipc`: unix sockets named `<ip>-<port>` (Jupyter's convention), for a kernel without network. */
  transport: "tcp" | "ipc";
  ip: string;
  shell_port: number;
  iopub_port: number;
  stdin_port: number;
  control_port: number;
  hb_port: number;
  key: string;
  signature_scheme: "hmac-sha256";
  kernel_name: string;
}

/** A started kernel process. */
export interface KernelProcess {
  spec: KernelSpec;
  connection: ConnectionInfo;
  connectionFile: string;
  child: ChildProcess;
  /** Resolves when the process exits, with its code or signal. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Whether the process has exited. */
  readonly hasExited: boolean;
  /** The last few KB of what the kernel wrote to stdout/stderr (for reports when it dies). */
  logTail(): string;
  /** Send a signal to the kernel's whole process group. */
  signal(sig: NodeJS.Signals): void;
  /** SIGKILL the process group, wait for the exit and remove the connection file. */
  kill(): Promise<void>;
}

/** Live kernel process groups, each with the folders to remove once it is gone. */
const live = new Map<number, string[]>();
let exitHookInstalled = false;

function removeDirs(dirs: string[]): void {
  for (const d of dirs) {
    try {
      fs.rmSync(d, { recursive: true, force: true });
    } catch {
      // best effort: an exit handler must not throw
    }
  }
}

/**
 * SIGKILL every kernel process group still alive and remove their connection
 * and socket folders; synchronous, so it is safe in an `exit` or signal handler.
 */
export function killAllKernels(): void {
  for (const [pgid, dirs] of live) {
    try {
      process.kill(-pgid, "SIGKILL");
    } catch {
      // already gone
    }
    removeDirs(dirs);
  }
  live.clear();
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on("exit", killAllKernels);
}

/** Ask the OS for `n` free TCP ports on `ip` (the usual Jupyter approach: bind port 0, read it, release it). */
export async function freePorts(n: number, ip = "127.0.0.1"): Promise<number[]> {
  const servers: net.Server[] = [];
  try {
    const ports: number[] = [];
    for (let i = 0; i < n; i++) {
      const srv = net.createServer();
      servers.push(srv);
      await new Promise<void>((resolve, reject) => {
        srv.once("error", reject);
        srv.listen(0, ip, () => resolve());
      });
      ports.push((srv.address() as net.AddressInfo).port);
    }
    return ports;
  } finally {
    await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  }
}

/** Options of {@link launchKernel}. */
export interface LaunchOptions {
  /** Working directory of the kernel (a notebook's own folder, as Jupyter does). */
  cwd?: string;
  /** Extra environment variables. */
  env?: Record<string, string>;
  /**
   * Use Jupyter's `ipc` transport: unix sockets `<ipc>-1` … `<ipc>-5` instead
   * of TCP ports, for a kernel in a network namespace of its own.
   */
  ipc?: string;
  /**
   * How the kernel receives its connection file. `fd`: on file descriptor 3,
   * a file deleted before the kernel even starts (`{connection_file}` is
   * /dev/fd/3), for kernels that read it once at start, as ours does.
   * `file`: a 0600 file in a private temp folder, removed when the kernel
   * ends. Default: `fd` for descent's own kernel, `file` for any other.
   */
  connection?: "fd" | "file";
  /** Folders to remove when the kernel ends or is killed (a sandbox's socket folder). */
  cleanup?: string[];
  /** Written to the kernel's stdin, which is then closed (a secret for the kernel alone: the grading gate's secret). Default: no stdin. */
  stdin?: string;
}

/** Whether a kernelspec starts descent's own kernel (its launch.js reads the connection file once, at start). */
export function isDescentKernel(spec: KernelSpec): boolean {
  const launcher = path.join("kernels", "descent", "launch.js");
  return spec.argv.some((a) => a.replaceAll("{resource_dir}", spec.resourceDir).endsWith(launcher));
}

/** Where the kernel finds its connection file when it is passed on fd 3. */
export const CONNECTION_FD_PATH = "/dev/fd/3";

/** Start the kernel process in its own process group, with a new connection file. */
export async function launchKernel(spec: KernelSpec, options: LaunchOptions = {}): Promise<KernelProcess> {
  installExitHook();
  const ipc = options.ipc;
  const ip = ipc ?? "127.0.0.1";
  // With ipc the "ports" only name the socket files.
  const [shell_port, iopub_port, stdin_port, control_port, hb_port] = (ipc ? [1, 2, 3, 4, 5] : await freePorts(5, ip)) as [number, number, number, number, number];
  const connection: ConnectionInfo = {
    transport: ipc ? "ipc" : "tcp",
    ip,
    shell_port,
    iopub_port,
    stdin_port,
    control_port,
    hb_port,
    key: crypto.randomUUID(),
    signature_scheme: "hmac-sha256",
    kernel_name: spec.name,
  };
  const viaFd = (options.connection ?? (isDescentKernel(spec) ? "fd" : "file")) === "fd";
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "descent-kernel-"));
  let connectionFile = path.join(dir, "kernel.json");
  fs.writeFileSync(connectionFile, JSON.stringify(connection, null, 1), { mode: 0o600 });
  let fd: number | undefined;
  if (viaFd) {
    // Open, then delete: the key lives on only in this descriptor, which the kernel inherits.
    fd = fs.openSync(connectionFile, "r");
    fs.rmSync(dir, { recursive: true, force: true });
    connectionFile = CONNECTION_FD_PATH;
  }
  const dirs = [...(viaFd ? [] : [dir]), ...(options.cleanup ?? [])];

  const [cmd, ...args] = kernelCommand(spec, connectionFile) as [string, ...string[]];
  let child: ChildProcess;
  try {
    child = spawn(cmd, args, {
      cwd: options.cwd ?? process.cwd(),
      env: { ...process.env, ...spec.env, ...options.env },
      stdio: [options.stdin === undefined ? "ignore" : "pipe", "pipe", "pipe", ...(fd !== undefined ? [fd] : [])],
      detached: true,
    });
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
  // A spawn failure (command not found) arrives as an 'error' event, and there is no exit event then.
  let exitedFlag = false;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once("exit", (code, signal) => {
      exitedFlag = true;
      resolve({ code, signal });
    });
    child.once("error", (err) => {
      exitedFlag = true;
      appendLog(`failed to start ${cmd}: ${err.message}\n`);
      resolve({ code: null, signal: null });
    });
  });
  const pgid = child.pid;
  if (pgid !== undefined) live.set(pgid, dirs);
  else removeDirs(dirs);
  void exited.then(() => {
    if (pgid !== undefined) {
      // Anything the kernel started is in its group; leave nothing behind.
      try {
        process.kill(-pgid, "SIGKILL");
      } catch {
        // group already empty
      }
      live.delete(pgid);
    }
    removeDirs(dirs);
  });

  if (options.stdin !== undefined) {
    // A kernel that dies before reading it must not take the runner down with EPIPE.
    child.stdin?.on("error", () => undefined);
    child.stdin?.end(options.stdin);
  }
  let log = "";
  const appendLog = (s: string) => {
    log = (log + s).slice(-4096);
  };
  child.stdout?.on("data", (b: Buffer) => appendLog(b.toString()));
  child.stderr?.on("data", (b: Buffer) => appendLog(b.toString()));

  const signal = (sig: NodeJS.Signals) => {
    if (pgid === undefined || exitedFlag) return;
    try {
      process.kill(-pgid, sig);
    } catch {
      // already gone
    }
  };
  return {
    spec,
    connection,
    connectionFile,
    child,
    exited,
    get hasExited() {
      return exitedFlag;
    },
    logTail: () => log,
    signal,
    async kill() {
      signal("SIGKILL");
      await exited;
      removeDirs(dirs);
    },
  };
}
