// Say which sandbox limit a cell ran into, for the feedback page: a kernel
// killed by SIGXCPU (exit code 152 through bwrap) hit the CPU time limit; a
// V8 heap out of memory, or an ArrayBuffer that could not be allocated, hit
// the memory limit.
import type { CellResult } from "../../jupyter";
import type { SandboxLimits } from "./sandbox";

const SIGXCPU_EXIT = 128 + 24;

/** A sentence naming the limit `r` hit, or null when it hit none. */
export function limitHit(r: CellResult, limits: SandboxLimits): string | null {
  const e = r.error;
  if (!e) return null;
  const text = [e.evalue, ...e.traceback].join("\n");
  if (r.status === "dead" && (text.includes(`exit code ${SIGXCPU_EXIT}`) || text.includes("SIGXCPU"))) {
    return `the kernel used up the sandbox's CPU time limit (${limits.cpuSeconds} s of CPU per kernel) and was stopped`;
  }
  if (/heap out of memory|Allocation failed - |Array buffer allocation failed|Cannot allocate memory|ENOMEM/.test(text)) {
    return `the sandbox's memory limit (${limits.memoryMb} MB per kernel) was reached`;
  }
  if (/ENOSPC/.test(text)) return `the sandbox's disk space (${limits.diskMb} MB for the working folder, as much for /tmp) is full`;
  return null;
}
