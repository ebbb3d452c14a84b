// Stream batching (src/kernel/iostream.ts) with a fake clock: what is sent,
// when, in which order, for which cell.

import { describe, expect, it, vi } from "vitest";
import { OutStreams } from "../../src/kernel/iostream";

function setup(intervalMs = 200, maxChars = 1000) {
  let now = 0;
  const sent: [string, string, string][] = [];
  const s = new OutStreams<string>((name, text, parent) => sent.push([name, text, parent]), { intervalMs, maxChars, now: () => now });
  return { s, sent, tick: (ms: number) => (now += ms) };
}

describe("OutStreams", () => {
  it("holds writes until the interval passes, then sends them as one message", () => {
    vi.useFakeTimers();
    try {
      const { s, sent } = setup();
      s.write("stdout", "a\n", "c1");
      s.write("stdout", "b\n", "c1");
      expect(sent).toEqual([]);
      vi.advanceTimersByTime(199);
      expect(sent).toEqual([]);
      vi.advanceTimersByTime(1);
      expect(sent).toEqual([["stdout", "a\nb\n", "c1"]]);
    } finally {
      vi.useRealTimers();
    }
  });

  it("flushes from write() once the oldest text has waited the interval (a synchronous loop never lets the timer fire)", () => {
    const { s, sent, tick } = setup();
    s.write("stdout", "1\n", "c");
    tick(150);
    s.write("stdout", "2\n", "c");
    expect(sent).toEqual([]);
    tick(50);
    s.write("stdout", "3\n", "c");
    expect(sent).toEqual([["stdout", "1\n2\n3\n", "c"]]);
    s.flush();
  });

  it("flushes at once when the buffer is large", () => {
    const { s, sent } = setup(200, 10);
    s.write("stdout", "12345", "c");
    expect(sent).toEqual([]);
    s.write("stdout", "67890", "c");
    expect(sent).toEqual([["stdout", "1234567890", "c"]]);
  });

  it("keeps stdout and stderr in write order, and a new cell's output apart from the last one's", () => {
    const { s, sent } = setup();
    s.write("stdout", "o1 ", "c1");
    s.write("stderr", "e1 ", "c1");
    s.write("stdout", "o2 ", "c1");
    s.write("stdout", "x ", "c2");
    expect(sent).toEqual([
      ["stdout", "o1 ", "c1"],
      ["stderr", "e1 ", "c1"],
      ["stdout", "o2 ", "c1"],
    ]);
    s.flush();
    expect(sent.at(-1)).toEqual(["stdout", "x ", "c2"]);
    expect(s.pending).toBe(false);
  });

  it("merges per stream when stdout and stderr alternate line by line (as ipykernel), losing nothing", () => {
    const { s, sent } = setup(200, 1e9);
    for (let i = 0; i < 100; i++) s.write(i % 2 ? "stderr" : "stdout", `${i}\n`, "c");
    s.flush();
    expect(sent.length).toBe(2);
    const out = sent.find((m) => m[0] === "stdout")![1];
    const err = sent.find((m) => m[0] === "stderr")![1];
    expect(out.split("\n").filter(Boolean).map(Number)).toEqual(Array.from({ length: 50 }, (_, i) => 2 * i));
    expect(err.split("\n").filter(Boolean).map(Number)).toEqual(Array.from({ length: 50 }, (_, i) => 2 * i + 1));
  });

  it("decodes UTF-8 bytes split across writes", () => {
    const { s, sent } = setup();
    const bytes = Buffer.from("é😀\n");
    s.write("stdout", bytes.subarray(0, 1), "c");
    s.write("stdout", bytes.subarray(1, 4), "c");
    s.write("stdout", bytes.subarray(4), "c");
    s.flush();
    expect(sent).toEqual([["stdout", "é😀\n", "c"]]);
  });
});
