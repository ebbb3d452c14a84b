// Where allocF64 puts an array: small ones carved out of shared 64 KiB slabs, larger ones on their
// own buffer, very large ones on a SharedArrayBuffer when more than one thread may touch them.
// Each choice is visible through `.buffer`, so each threshold is pinned on both sides.
import { afterEach, describe, expect, it } from "vitest";
import { allocF64, SHARED } from "../../src/tensor/alloc";
import { setThreads } from "../../src/tensor/parallel";

const SLAB_BYTES = 1 << 16;
const SMALL = 512;

afterEach(() => setThreads(undefined));

describe("a matrix's storage", () => {
  it("is shareable by default: from 2^15 entries on a SharedArrayBuffer when more than one thread may work on it", async () => {
    const { zeros, Matrix } = await import("../../src/index");
    setThreads(2);
    expect(zeros(256, 128).data.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(new Matrix(128, 256).data.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(zeros(255, 128).data.buffer).not.toBeInstanceOf(SharedArrayBuffer);
    setThreads(1);
    expect(zeros(256, 128).data.buffer).not.toBeInstanceOf(SharedArrayBuffer);
  });
});

describe("allocF64", () => {
  it("gives zero-filled arrays of the asked length", () => {
    for (const n of [1, 7, SMALL, SMALL + 1, SHARED]) {
      const a = allocF64(n);
      expect(a.length).toBe(n);
      expect(a.every((x) => x === 0)).toBe(true);
    }
  });

  it("carves arrays of up to 512 values out of one 64 KiB slab, one after another", () => {
    allocF64(SLAB_BYTES / 8); // an own buffer: does not touch the slab
    const a = allocF64(3), b = allocF64(SMALL);
    expect(a.buffer.byteLength).toBe(SLAB_BYTES);
    expect(b.buffer).toBe(a.buffer);
    expect(b.byteOffset).toBe(a.byteOffset + 3 * 8);
    a.fill(1);
    expect(b.every((x) => x === 0)).toBe(true); // neighbours do not overlap
  });

  it("gives 513 values and an empty array their own buffer", () => {
    const big = allocF64(SMALL + 1);
    expect(big.buffer.byteLength).toBe((SMALL + 1) * 8);
    expect(big.byteOffset).toBe(0);
    const empty = allocF64(0);
    expect(empty.buffer.byteLength).toBe(0);
  });

  it("starts a new slab when the next array would not fit, and fills a slab to its last byte", () => {
    // Fill what is left of the current slab exactly, whatever earlier tests used.
    const probe = allocF64(1);
    let left = (SLAB_BYTES - probe.byteOffset - 8) / 8;
    const parts: Float64Array[] = [];
    while (left > 0) { const n = Math.min(SMALL, left); parts.push(allocF64(n)); left -= n; }
    const last = parts.at(-1) ?? probe;
    expect(last.buffer).toBe(probe.buffer);
    expect(last.byteOffset + last.byteLength).toBe(SLAB_BYTES); // fits exactly: same slab
    const next = allocF64(1);
    expect(next.buffer).not.toBe(probe.buffer);
    expect(next.byteOffset).toBe(0);
  });

  it("puts 32768 values or more on a SharedArrayBuffer only with more than one thread and when shareable", () => {
    setThreads(2);
    expect(allocF64(SHARED).buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(allocF64(SHARED - 1).buffer).toBeInstanceOf(ArrayBuffer);
    expect(allocF64(SHARED, false).buffer).toBeInstanceOf(ArrayBuffer);
    setThreads(1);
    expect(allocF64(SHARED).buffer).toBeInstanceOf(ArrayBuffer);
    expect(allocF64(SHARED + 1).buffer).toBeInstanceOf(ArrayBuffer);
  });
});
