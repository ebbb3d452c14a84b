// Newline-delimited messages from a stream (the grader and its compiler process talk in JSON lines).
import type { Readable } from "node:stream";

/** Call `onLine` with each complete line of `stream` (UTF-8, without its newline). */
export function onLines(stream: Readable, onLine: (line: string) => void): void {
  let buffered = "";
  stream.setEncoding("utf8");
  stream.on("data", (chunk: string) => {
    buffered += chunk;
    let nl: number;
    while ((nl = buffered.indexOf("\n")) >= 0) {
      const line = buffered.slice(0, nl);
      buffered = buffered.slice(nl + 1);
      onLine(line);
    }
  });
}
