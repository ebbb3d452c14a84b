import { describe, expect, it } from "vitest";
import { curvesOver } from "../../src/plot";

describe("plot.curvesOver", () => {
  const x = [1, 2, 3, 4], y = [10, 12, 9, 11];
  it("draws the data as grey markers under one line per curve, at the data's x", () => {
    const fig = curvesOver({ name: "θ_t", x, y }, { "β = 0.5": [5, 8.5, 8.75, 9.875], mean: [10.5, 10.5, 10.5, 10.5] }, { title: "t", xLabel: "day" });
    expect(fig.data.map((t) => [t.name, t.mode])).toEqual([["θ_t", "markers"], ["β = 0.5", "lines"], ["mean", "lines"]]);
    expect(fig.data[0]!.x).toEqual(x);
    expect((fig.data[0]!.marker as { color: string }).color).toBe("#b0b0b0");
    expect(fig.data[1]!.x).toEqual(x);
    expect(fig.data[1]!.y).toEqual([5, 8.5, 8.75, 9.875]);
    expect(fig.layout.showlegend).toBe(true);
    expect(JSON.stringify(fig.layout.title)).toContain("t");
  });
  it("upTo keeps the first points of the data and of every curve", () => {
    const fig = curvesOver({ x, y }, { c: [1, 2, 3, 4] }, { upTo: 2 });
    expect(fig.data[0]!.y).toEqual([10, 12]);
    expect(fig.data[1]!.y).toEqual([1, 2]);
  });
  it("names the curve whose length is wrong", () => {
    expect(() => curvesOver({ x, y }, { short: [1, 2] })).toThrow(/curve "short" has 2 values but there are 4 points/);
    expect(() => curvesOver({ x, y }, { c: [1, 2, 3, 4] }, { upTo: 9 })).toThrow(/upTo must be an integer in \[0, 4\]/);
  });
});
