// Leave when the parent is gone, as ipykernel's ParentPollerUnix does.
//
// A kernel whose client died (Jupyter server, nbconvert, `descent run` or
// `grade` killed) would otherwise run on forever. The parent is the process
// that started us and, when set, JPY_PARENT_PID (jupyter_client sets it to
// its own pid, which is our parent unless a wrapper sits between). The check
// runs in a small worker thread, because a cell spinning in `while (true)`
// blocks the main thread's timers: the main thread is asked to shut down
// cleanly, and when it cannot answer the process (and its process group, when
// it leads one, so nothing the cells started survives) is killed.

import fs from "node:fs";
import path from "node:path";
import { Worker } from "node:worker_threads";

/** What to watch: our parent at start, and JPY_PARENT_PID if it names another live process. */
export interface ParentWatch {
  ppid: number;
  jpyParentPid: number | undefined;
  intervalMs: number;
  /** Time the main thread gets to shut down before the process is killed. */
  graceMs: number;
}

/** The watch for this process, or undefined when there is no parent worth watching (started by init). */
export function parentWatch(env: NodeJS.ProcessEnv = process.env, ppid = process.ppid): ParentWatch | undefined {
  const jpy = Number(env.JPY_PARENT_PID);
  const jpyParentPid = Number.isInteger(jpy) && jpy > 1 ? jpy : undefined;
  if (ppid <= 1 && jpyParentPid === undefined) return undefined;
  return { ppid, jpyParentPid, intervalMs: 1000, graceMs: 1500 };
}

/** Whether `pid` is a live process (a zombie is not: it has exited and only waits to be reaped). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
  try {
    // /proc/<pid>/stat: "pid (comm) S ...": the state follows the last ')'.
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
  } catch {
    return true; // no /proc (macOS): kill(0) said it exists
  }
}

/** Whether this process leads its process group (then its group is what it started). */
export function isGroupLeader(): boolean {
  try {
    const stat = fs.readFileSync("/proc/self/stat", "utf8");
    // After "pid (comm) ": state, ppid, pgrp, ...
    return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[2]) === process.pid;
  } catch {
    return false;
  }
}

/** Whether the watched parent is gone, and why. */
export function orphaned(watch: ParentWatch, ppid = process.ppid): string | undefined {
  if (ppid !== watch.ppid) return `parent process ${watch.ppid} exited`;
  if (watch.jpyParentPid !== undefined && watch.jpyParentPid !== watch.ppid && !isAlive(watch.jpyParentPid)) return `JPY_PARENT_PID ${watch.jpyParentPid} exited`;
  return undefined;
}

/**
 * Start polling; `onOrphaned(reason)` runs in the main thread when the
 * parent is gone (it should shut down and exit). Returns a stop function.
 */
export function watchParent(watch: ParentWatch, onOrphaned: (reason: string) => void): () => void {
  const worker = new Worker(path.join(__dirname, "parent-poller.js"), { workerData: watch, stdout: true, stderr: true });
  worker.on("message", (m: { orphaned: string }) => onOrphaned(m.orphaned));
  worker.on("error", () => undefined); // a failed poller must not take the kernel down
  worker.unref();
  return () => void worker.terminate();
}
