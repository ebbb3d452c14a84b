import { describe, expect, it } from "vitest";
import { mutantsOf } from "./mutants";
import { sample } from "./run";

const adamCell = `type Named = Record<string, Matrix>;
function step(p: Named, g: Named, v: Named, s: Named, t: number, lr: number, beta1: number, beta2: number, eps: number, m: number): Named {
  // ### BEGIN SOLUTION
  for (const k of Object.keys(p)) {
    v[k] = v[k].mul(beta1).add(g[k].mul(1 - beta1));
    s[k] = s[k].mul(beta2).add(g[k].mul(g[k]).mul(1 - beta2));
    const vHat = v[k].mul(1 / (1 - beta1 ** t));
    p[k] = p[k].sub(vHat.mul(lr).div(s[k].map(Math.sqrt).add(eps)));
  }
  const x = Math.sqrt(m) + eps;
  for (let i = 1; i < m; i++) p.W = scale(matmulTransB(p.W, p.W), 1 / m);
  return p;
  // ### END SOLUTION
}`;

describe("mutantsOf", () => {
  const ms = mutantsOf(adamCell);
  const has = (id: string) => expect(ms.map((m) => m.id)).toContain(id);

  it("makes the learner's mistakes, one per mutant", () => {
    has("line 5: v[k] = v[k].mul(beta1).add(g[k].mul(1 - beta1)); → v[k] = v[k].mul((1 - beta1)).add(g[k].mul(beta1));"); // β and 1 − β swapped
    has("line 7: v[k].mul(1 / (1 - beta1 ** t)) → v[k]"); // bias correction dropped
    has("line 8: s[k].map(Math.sqrt).add(eps) → s[k].add(eps).map(Math.sqrt)"); // ε inside the root
    has("line 10: Math.sqrt(m) + eps → Math.sqrt(m + eps)"); // … in scalar code
    has("line 7: t → (t + 1)");
    has("line 7: t → (t - 1)");
    has("line 6: beta2 → beta1"); // one set of notes corrects s with β1
    has("line 8: s[k].map(Math.sqrt) → s[k]"); // Math.sqrt forgotten
    has("line 10: Math.sqrt(m) → m");
    has("line 11: matmulTransB → matmul"); // a transpose missing
    has("line 11: scale(matmulTransB(p.W, p.W), 1 / m) → matmulTransB(p.W, p.W)"); // 1/m missing
    has("line 11: i < m → i <= m"); // loop bound off by one
    has("line 11: 1 → 0"); // loop start off by one
    has("line 8: p[k].sub(vHat.mul(lr).div(s[k].map(Math.sqrt).add(eps))) → p[k]"); // update forgotten
    has("line 5: g → v"); // the velocity where the gradient where the velocity belongs
  });

  it("touches only the solution region, and never gives the original back", () => {
    for (const m of ms) {
      expect(m.source.split("// ### BEGIN SOLUTION")[0]).toBe(adamCell.split("// ### BEGIN SOLUTION")[0]);
      expect(m.source.replace(/\s+/g, "")).not.toBe(adamCell.replace(/\s+/g, ""));
    }
    expect(new Set(ms.map((m) => m.source)).size).toBe(ms.length);
    expect(new Set(ms.map((m) => m.id)).size).toBe(ms.length);
  });

  it("leaves out swaps that change nothing: commuting arguments and chains of the same operation", () => {
    expect(ms.map((m) => m.id)).not.toContain("line 6: g[k].mul(g[k]).mul(1 - beta2) → g[k].mul(1 - beta2).mul(g[k])");
    expect(mutantsOf("function f(a: number) {\n// ### BEGIN SOLUTION\nreturn Math.max(a, 0);\n// ### END SOLUTION\n}").map((m) => m.rule)).not.toContain("swap-args");
  });

  it("a cell without solution markers has no mutants", () => {
    expect(mutantsOf("const x = 1 + 2;")).toEqual([]);
  });

  it("sample keeps every rule represented", () => {
    const s = sample(ms, 12);
    expect(s.length).toBe(12);
    expect(new Set(s.map((m) => m.rule)).size).toBe(Math.min(12, new Set(ms.map((m) => m.rule)).size));
    expect(sample(ms, 1000)).toBe(ms);
  });
});
