// Start a kernel process from its kernelspec, and make sure it never outlives
// us. Each kernel gets its own process group (spawn `detached`), so killing
// the group also ends anything the kernel started; every live group is
// remembered so an exiting runner (normally, or on SIGINT/SIGTERM) can kill
// them all synchronously.
import { spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { kernelCommand, type KernelSpec } from "./kernelspec";

/** The connection file's contents (Jupyter's format). */
export interface ConnectionInfo {
  transport: "tcp";
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

const live = new Set<number>();
let exitHookInstalled = false;

/** SIGKILL every kernel process group still alive; synchronous, so it is safe in an `exit` handler. */
export function killAllKernels(): void {
  for (const pgid of live) {
    try {
      process.kill(-pgid, "SIGKILL");
    } catch {
      // already gone
    }
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
}

/** Write a connection file and start the kernel process in its own process group. */
export async function launchKernel(spec: KernelSpec, options: LaunchOptions = {}): Promise<KernelProcess> {
  installExitHook();
  const ip = "127.0.0.1";
  const [shell_port, iopub_port, stdin_port, control_port, hb_port] = (await freePorts(5, ip)) as [number, number, number, number, number];
  const connection: ConnectionInfo = {
    transport: "tcp",
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
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "descent-kernel-"));
  const connectionFile = path.join(dir, "kernel.json");
  fs.writeFileSync(connectionFile, JSON.stringify(connection, null, 1), { mode: 0o600 });

  const [cmd, ...args] = kernelCommand(spec, connectionFile) as [string, ...string[]];
  const child = spawn(cmd, args, {
    cwd: options.cwd ?? process.cwd(),
    env: { ...process.env, ...spec.env, ...options.env },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
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
  if (pgid !== undefined) live.add(pgid);
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
  });

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
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
