// The parent poller's thread (see parent.ts): checks once per interval, tells
// the main thread once, and kills the process if it is still alive after the
// grace period (a cell's synchronous loop keeps the main thread from exiting).

import { parentPort, workerData } from "node:worker_threads";
import { isGroupLeader, orphaned, type ParentWatch } from "./parent";

const watch = workerData as ParentWatch;
const timer = setInterval(() => {
  const reason = orphaned(watch);
  if (!reason) return;
  clearInterval(timer);
  parentPort!.postMessage({ orphaned: reason });
  setTimeout(() => {
    try {
      if (isGroupLeader()) process.kill(-process.pid, "SIGKILL");
    } catch {
      // fall through to this process alone
    }
    process.kill(process.pid, "SIGKILL");
  }, watch.graceMs);
}, watch.intervalMs);
