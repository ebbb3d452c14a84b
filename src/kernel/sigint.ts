// SIGINT, Jupyter's interrupt, without the races of vm's breakOnSigint.
//
// A cell's synchronous code can only be stopped by node's SIGINT watchdog, the
// one vm's `breakOnSigint` (and node's REPL) start for the length of a script.
// Left to vm, each run takes the process's SIGINT listeners off, starts the
// watchdog, runs the script, stops the watchdog (which puts back node's
// exit-on-SIGINT handler) and only then puts the listeners back. A SIGINT in
// the gaps between those steps, at the start or the end of any cell, killed the
// kernel or was dropped: a stream of short cells interrupted every ~40 ms died
// within seconds. So the kernel starts the watchdog once and keeps it for its
// whole life, with no SIGINT listener for vm to take off: a signal while a
// script runs stops the script, as before; one at any other time is left
// pending by the watchdog, and the kernel takes it (poll below, and just before
// each script, whose own watchdog would otherwise drop it).
//
// The watchdog's switches are node's internal `contextify` binding, the ones
// its REPL uses. Where they are missing, the kernel falls back to a plain
// listener and vm's own handling, races and all.

interface SigintWatchdog {
  startSigintWatchdog(): boolean;
  stopSigintWatchdog(): boolean;
  watchdogHasPendingSigint(): boolean;
}

/** How often a pending SIGINT is looked for, in ms: an interrupt reaches an awaiting cell within this. */
export const SIGINT_POLL_MS = 20;

function watchdogSwitches(): SigintWatchdog | undefined {
  try {
    const b = (process as unknown as { binding(name: string): Partial<SigintWatchdog> }).binding("contextify");
    if (typeof b.startSigintWatchdog === "function" && typeof b.stopSigintWatchdog === "function" && typeof b.watchdogHasPendingSigint === "function") return b as SigintWatchdog;
  } catch {
    // no process.binding (a future node, or a sandbox that took it away)
  }
  return undefined;
}

/** The installed kernel's settle: hands a SIGINT still pending to its handler (undefined until watchInterrupts, or in the fallback). */
let settlePending: (() => void) | undefined;
let taken = false;

/** Take SIGINT for the kernel: `onInterrupt` runs for every SIGINT that did not land in a running script (which it stops by itself). */
export function watchInterrupts(onInterrupt: () => void, pollMs = SIGINT_POLL_MS): void {
  if (taken) throw new Error("watchInterrupts: SIGINT is already taken by this process's kernel");
  taken = true;
  const wd = watchdogSwitches();
  if (!wd || !wd.startSigintWatchdog()) {
    process.on("SIGINT", onInterrupt);
    return;
  }
  // A nested start and stop reads and clears the pending flag and leaves the handler as it is
  // (stopping the last start would put node's exit-on-SIGINT handler back).
  const take = (): boolean => wd.startSigintWatchdog() && wd.stopSigintWatchdog();
  // A cell that adds a SIGINT listener makes node put its own handler in place of the watchdog's,
  // and vm would then take that listener off around every later cell, leaving SIGINT to its default
  // (the kernel dies) while the cell runs. From then on the kernel goes back to vm's way: the
  // watchdog stopped, its own listener beside the cell's, each put back so node's handler is in place.
  const toListener = (): void => {
    clearInterval(timer);
    settlePending = undefined;
    const pending = take();
    const theirs = process.rawListeners("SIGINT") as Array<(...a: unknown[]) => void>;
    wd.stopSigintWatchdog();
    process.removeAllListeners("SIGINT");
    for (const l of theirs) process.on("SIGINT", l);
    process.on("SIGINT", onInterrupt);
    if (pending) onInterrupt();
  };
  const settle = (): void => {
    if (process.listenerCount("SIGINT") > 0) return toListener();
    if (wd.watchdogHasPendingSigint() && take()) onInterrupt();
  };
  const timer = setInterval(settle, pollMs);
  timer.unref();
  settlePending = settle;
}

/** Settle a pending SIGINT of this process's kernel, if it holds SIGINT through the watchdog (for the executor, just before a script). */
export function settleInterrupts(): void {
  settlePending?.();
}
