// The training loop's reusable buffers: one per (batch size, slot), kept while the shape holds,
// replaced when it changes, never shared between two slots or two batch sizes.
import { describe, expect, it } from "vitest";
import { buffer, pname, slot, SLOT, Workspace } from "../../src/nn/workspace";

describe("Workspace", () => {
  it("gives the same buffer back for the same batch size, slot and shape", () => {
    const ws = new Workspace();
    const a = ws.get(64, 3, 2, 5);
    expect([a.rows, a.cols]).toEqual([2, 5]);
    expect(ws.get(64, 3, 2, 5)).toBe(a);
    expect(ws.grads(64)).toBe(ws.grads(64));
  });
  it("keeps batch sizes and slots apart", () => {
    const ws = new Workspace();
    const a = ws.get(64, 3, 2, 5);
    expect(ws.get(36, 3, 2, 5)).not.toBe(a);
    expect(ws.get(64, 4, 2, 5)).not.toBe(a);
    expect(ws.get(64, 3, 2, 5)).toBe(a); // still there after the others
    expect(ws.grads(36)).not.toBe(ws.grads(64));
  });
  it("replaces a buffer whose rows or columns differ, and keeps the new one", () => {
    const ws = new Workspace();
    const a = ws.get(8, 0, 2, 5);
    const b = ws.get(8, 0, 3, 5);
    expect([b.rows, b.cols]).toEqual([3, 5]);
    const c = ws.get(8, 0, 3, 4);
    expect([c.rows, c.cols]).toEqual([3, 4]);
    expect(ws.get(8, 0, 3, 4)).toBe(c);
    expect(b).not.toBe(a);
  });
  it("buffer() without a workspace is a fresh zero matrix every time", () => {
    const x = buffer(undefined, 8, 0, 2, 2), y = buffer(undefined, 8, 0, 2, 2);
    expect(x).not.toBe(y);
    expect(Array.from(x.data)).toEqual([0, 0, 0, 0]);
    const ws = new Workspace();
    expect(buffer(ws, 8, 0, 2, 2)).toBe(buffer(ws, 8, 0, 2, 2));
  });
  it("slots are 8 per layer and names are cached strings", () => {
    expect(slot(0, SLOT.Z)).toBe(0);
    expect(slot(2, SLOT.dA)).toBe(21);
    expect(slot(1, SLOT.batchY)).toBe(15);
    expect(pname("W", 3)).toBe("W3");
    expect(pname("W", 3)).toBe(pname("W", 3));
    expect(pname("b", 3)).toBe("b3");
  });
});
