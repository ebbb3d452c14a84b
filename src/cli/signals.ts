// Ctrl-C (SIGINT), a CI or `timeout` stop (SIGTERM) and a closed terminal
// (SIGHUP) all end a command the same way: its kernels are killed and their
// connection and socket folders removed synchronously, a line says what was
// kept, and the exit code is 128 + the signal's number, as a shell reports it.
import os from "node:os";
import { killAllKernels } from "../jupyter";

const SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

/**
 * Handle SIGINT, SIGTERM and SIGHUP alike until the returned function is called.
 * @param command names the command in the message
 * @param kept what an interrupted run keeps (a sentence), if anything
 */
export function onTermination(command: string, kept = ""): () => void {
  const handler = (sig: NodeJS.Signals) => {
    killAllKernels();
    process.stderr.write(`\ndescent ${command}: stopped by ${sig}; kernels killed${kept ? `; ${kept}` : ""}\n`);
    process.exit(128 + (os.constants.signals[sig] ?? 1));
  };
  for (const s of SIGNALS) process.on(s, handler);
  return () => {
    for (const s of SIGNALS) process.off(s, handler);
  };
}
