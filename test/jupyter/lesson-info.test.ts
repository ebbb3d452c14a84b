import { describe, expect, it } from "vitest";
import { lessonInfo, parseHeading, lessonLabel } from "../../src/jupyter/lesson-info";
import { newNotebook } from "../../src/jupyter/nbformat";

describe("lesson info for the site", () => {
  it("reads metadata.descent first", () => {
    const nb = newNotebook([{ cell_type: "markdown", source: "# 99 · Other (别的)" }]);
    nb.metadata.descent = { number: "13", title: "Adam", title_zh: "Adam优化算法", mirrors: "Week 2 · Adam", summary: "Adam in full." };
    expect(lessonInfo(nb, "lessons/13-adam.ipynb")).toEqual({ number: "13", title: "Adam", title_zh: "Adam优化算法", mirrors: "Week 2 · Adam", summary: "Adam in full." });
  });
  it("falls back to the first heading `# NN · Title (中文)`, then to the file name", () => {
    const nb = newNotebook([{ cell_type: "code", source: "# 1 · not markdown" }, { cell_type: "markdown", source: "Intro\n# 06 · Vanishing/exploding gradients and initialization (梯度消失和梯度爆炸 · 权重初始化)\n\ntext" }]);
    expect(lessonInfo(nb, "06-init.ipynb")).toEqual({ number: "06", title: "Vanishing/exploding gradients and initialization", title_zh: "梯度消失和梯度爆炸 · 权重初始化" });
    expect(parseHeading("# 12 · AdaGrad and RMSprop (AdaGrad 与 RMSprop 算法)")).toEqual({ number: "12", title: "AdaGrad and RMSprop", title_zh: "AdaGrad 与 RMSprop 算法" });
    expect(parseHeading("# Getting started (the basics)")).toEqual({ title: "Getting started (the basics)" }); // no Chinese: part of the title
    expect(lessonInfo(newNotebook([]), "07-gradient-checking.ipynb")).toEqual({ number: "07", title: "07-gradient-checking" });
    expect(lessonInfo(undefined, "notes.ipynb")).toEqual({ title: "notes" });
    expect(lessonLabel({ number: "13", title: "Adam" })).toBe("13 · Adam");
  });
});
