import { AsyncLocalStorage } from "node:async_hooks";
import { afterEach, describe, expect, it, vi } from "vitest";
import { setChannel, type DisplayOptions, type MimeBundle } from "../../src/cell/channel";
import { display, latex, markdown, clearOutput } from "../../src/cell/display";
import { toMimeBundle } from "../../src/cell/mime";
import { matrixText, formatNumber } from "../../src/cell/matrix";
import { figureBundle } from "../../src/cell/plotly-html";
import { progress } from "../../src/cell/progress";
import { lines } from "../../src/plot/charts";

function capture() {
  const sent: { bundle: MimeBundle; options: DisplayOptions }[] = [];
  const clears: boolean[] = [];
  setChannel({ display: (bundle, options = {}) => sent.push({ bundle, options }), clear: (w) => clears.push(w) });
  return { sent, clears };
}

afterEach(() => setChannel(undefined));

describe("MIME bundles", () => {
  it("shows matrices as aligned text and an HTML table, eliding big ones", () => {
    const m = { rows: 2, cols: 3, data: new Float64Array([1, -2.5, 3e-7, 4, 5, 123456789]) };
    const b = toMimeBundle(m);
    expect(b["text/plain"]).toBe("Matrix 2×3\n[[       1     -2.5 3.000e-7]\n [       4        5 1.235e+8]]");
    // numpy's style in the table: one notation for all entries (scientific here, as magnitudes span 1e15).
    expect(b["text/html"]).toContain("<td>-2.50000000e+00</td>");
    expect(b["text/html"]).toContain("<td>1.23456789e+08</td>");
    const course = toMimeBundle({ rows: 1, cols: 3, data: [1.78862847, 0.43650985, -4] });
    expect(course["text/html"]).toContain("<td>0.43650985</td>");
    expect(course["text/html"]).toContain("<td>-4</td>");
    const big = { rows: 20, cols: 1, data: new Float64Array(20) };
    expect(matrixText(big).split("\n")).toHaveLength(14); // header + 6 + … + 6
    expect(formatNumber(NaN)).toBe("nan");
  });
  it("prefers a matrix class's own toString for text/plain", () => {
    class M {
      rows = 1;
      cols = 1;
      data = new Float64Array([7]);
      toString() {
        return "array([[7.]])";
      }
    }
    expect(toMimeBundle(new M())["text/plain"]).toBe("array([[7.]])");
  });
  it("uses inspect for other values", () => {
    expect(toMimeBundle(42)).toEqual({ "text/plain": "42" });
    expect(toMimeBundle("s")).toEqual({ "text/plain": "'s'" });
  });
  it("shows a promise made where the kernel tracks a cell as Promise { 4 }, not with the async hooks' symbols and the message header", async () => {
    const store = new AsyncLocalStorage<{ header: string }>();
    const p = store.run({ header: "msg_id: abc" }, () => Promise.resolve(4));
    expect(Object.getOwnPropertySymbols(p).length).toBeGreaterThan(0); // what Node attached
    expect(toMimeBundle(p)).toEqual({ "text/plain": "Promise { 4 }" });
    // Node still finds them: the store follows the promise's continuation.
    expect(await store.run({ header: "h" }, () => p.then(() => store.getStore()?.header))).toBe("h");
    const own = Symbol("mine");
    const q = Object.assign(Promise.resolve(1), { [own]: 2 });
    expect(toMimeBundle(q)["text/plain"]).toBe("Promise { 1, [Symbol(mine)]: 2 }");
    // A frozen one cannot be tidied: it is shown as inspect shows it, not refused.
    const frozen = Object.freeze(store.run({ header: "h" }, () => Promise.resolve(5)));
    expect(toMimeBundle(frozen)["text/plain"]).toMatch(/^Promise \{\s+5,/);
  });

  it("shows promises inside arrays, objects, Maps and Sets without the hooks' symbols, calling no getter", () => {
    const store = new AsyncLocalStorage<{ header: string }>();
    const made = store.run({ header: "msg_id: abc" }, () => ({
      p: Promise.resolve(4), q: [Promise.resolve(5)], m: new Map([[1, Promise.resolve(6)]]), s: new Set([Promise.resolve(7)]),
    }));
    expect(Object.getOwnPropertySymbols(made.q[0]!).length).toBeGreaterThan(0);
    const text = toMimeBundle(made)["text/plain"];
    expect(text).not.toMatch(/Symbol|msg_id/);
    expect(text).toBe("{\n  p: Promise { 4 },\n  q: [ Promise { 5 } ],\n  m: Map(1) { 1 => Promise { 6 } },\n  s: Set(1) { Promise { 7 } }\n}");
    let called = 0;
    const withGetter = { get g() { called++; return 1; }, cyclic: undefined as unknown };
    withGetter.cyclic = withGetter;
    expect(toMimeBundle(withGetter)["text/plain"]).toBe("<ref *1> { g: [Getter], cyclic: [Circular *1] }");
    expect(called).toBe(0);
  });
});

describe("a figure's MIME bundle", () => {
  const fig = { data: [{ type: "scatter", mode: "lines", name: "loss", y: [3, 2.123456789, 1] }], layout: { title: { text: "loss" } } };
  const b = figureBundle(fig);
  it("carries the compact figure, its SVG, the same SVG as the HTML form, and no plotly.js", () => {
    expect(b["application/vnd.plotly.v1+json"]).toEqual({ data: [{ type: "scatter", mode: "lines", name: "loss", y: [3, 2.1235, 1] }], layout: { title: { text: "loss" } } });
    const svg = b["image/svg+xml"] as string;
    expect(svg.startsWith("<svg")).toBe(true);
    expect(b["text/html"]).toBe(`<div class="descent-plot">${svg}</div>`);
    expect(b["text/html"]).not.toMatch(/<script|Plotly/);
    expect(b["text/plain"]).toBe('<Figure "loss": 1 trace (scatter)>');
  });
  it("never lets figure text end the HTML early", () => {
    const html = figureBundle({ data: [], layout: { title: "</script><b>x</b>" } })["text/html"] as string;
    expect(html).not.toContain("</script>");
    expect(html).not.toContain("<b>");
    expect(html).toContain(">x</text>");
  });
});

describe("display", () => {
  it("sends bundles through the kernel channel", () => {
    const { sent, clears } = capture();
    display(lines([1, 2]));
    markdown("# hi");
    latex("$$a+b$$");
    clearOutput(true);
    expect(sent[0].bundle).toHaveProperty("application/vnd.plotly.v1+json");
    expect(sent[1].bundle["text/markdown"]).toBe("# hi");
    expect(sent[2].bundle).toMatchObject({ "text/latex": "$$a+b$$", "text/plain": "a+b" });
    expect(clears).toEqual([true]);
  });
  it("prints text/plain outside a kernel", () => {
    const write = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
    try {
      display({ rows: 1, cols: 2, data: [1, 2] });
      expect(write).toHaveBeenCalledWith("Matrix 1×2\n[[1 2]]\n");
    } finally {
      write.mockRestore();
    }
  });
  it("progress updates one display id in place and records losses", () => {
    const { sent } = capture();
    const p = progress(3, { title: "fit", lossPlot: true, interval: 0 });
    p.update(1, { loss: 1 });
    p.update(2, { loss: 0.5 });
    p.update(3, { loss: 0.25 });
    p.done();
    const ids = new Set(sent.map((s) => s.options.displayId));
    expect(ids.size).toBe(2); // the bar and the loss plot
    expect(sent.filter((s) => !s.options.update)).toHaveLength(2);
    const last = sent.filter((s) => s.bundle["text/plain"]?.toString().startsWith("fit")).at(-1)!;
    expect(last.bundle["text/plain"]).toMatch(/^fit █+ 3\/3 loss 0\.25 .*done$/);
    const plot = sent.filter((s) => "application/vnd.plotly.v1+json" in s.bundle).at(-1)!;
    expect((plot.bundle["application/vnd.plotly.v1+json"] as { data: { y: number[] }[] }).data[0].y).toEqual([1, 0.5, 0.25]);
    // the redrawn plot has its static picture too: the losses halve each step, one straight line on the log axis
    expect(plot.bundle["image/svg+xml"]).toMatch(/<path d="M[\d.]+ [\d.]+L[\d.]+ [\d.]+" fill="none"/);
    expect(p.losses).toEqual([1, 0.5, 0.25]);
    expect(() => progress(0)).toThrow(/total/);
  });
});
