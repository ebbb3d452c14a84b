import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, it, expect } from "vitest";
import { notebookToHtml, indexToHtml, renderMarkdown, mathSpans, plotlyScript, PLOTLY_MIME, FONT_STACK } from "../../src/jupyter/html";
import { newNotebook, type CodeCell } from "../../src/jupyter/nbformat";

describe("renderMarkdown", () => {
  it("renders markdown and TeX, leaving TeX underscores alone", () => {
    const html = renderMarkdown("# Title\n\nThe *rate* $\\eta_t$ and\n\n$$m_t = \\beta_1 m_{t-1}$$");
    expect(html).toContain("<h1>Title</h1>");
    expect(html).toContain("<em>rate</em>");
    expect(html).toContain('class="katex"');
    expect(html).toContain('class="math-display"');
    expect(html).not.toContain("$");
    expect(html).not.toMatch(/<em>t-1/); // the _ in m_{t-1} did not become emphasis
  });

  it("leaves $ in code and prices alone", () => {
    const html = renderMarkdown("Use `$x_1$` literally; it costs $5 and $6.\n\n```\nlet s = \"$a$\";\n```");
    expect(html).toContain("<code>$x_1$</code>");
    expect(html).toContain("$5 and $6");
    expect(html).toContain("let s = &quot;$a$&quot;;");
    expect(html).not.toContain("katex");
  });
});

describe("mathSpans", () => {
  it("finds the formulas renderMarkdown renders, display or inline, and none in code or an escaped $", () => {
    const text = "Cost $J = \\frac1m$ and\n\n$$\\begin{pmatrix} a \\cr b \\end{pmatrix}$$\n\n`$x$` costs \\$5, \\(y\\) and \\[z\\]\n```\n$w$\n```\n$5 and $6";
    expect(mathSpans(text)).toEqual([
      { tex: "J = \\frac1m", display: false },
      { tex: "\\begin{pmatrix} a \\cr b \\end{pmatrix}", display: true },
      { tex: "y", display: false },
      { tex: "z", display: true },
    ]);
  });
});

describe("notebookToHtml", () => {
  const nb = newNotebook([
    { cell_type: "markdown", source: "# Lesson" },
    { cell_type: "code", source: "plot()" },
    { cell_type: "code", source: "check()" },
  ]);
  const [, plotCell, checkCell] = nb.cells as [unknown, CodeCell, CodeCell];
  plotCell.execution_count = 1;
  plotCell.outputs = [
    { output_type: "display_data", data: { [PLOTLY_MIME]: { data: [{ type: "scatter", y: [1, 2] }], layout: { title: "</script><b>x</b>" } }, "text/html": "<div>big html</div>", "text/plain": "Figure" }, metadata: {} },
    { output_type: "display_data", data: { [PLOTLY_MIME]: { data: [], layout: {} }, "text/plain": "Figure" }, metadata: {} },
  ];
  checkCell.execution_count = 2;
  checkCell.outputs = [
    { output_type: "stream", name: "stdout", text: "✓ loss <falls>\n" },
    { output_type: "error", ename: "CheckError", evalue: "✗ x: off by 1", traceback: ["\u001b[31mCheckError\u001b[0m: ✗ x: off by 1"] },
  ];

  const html = notebookToHtml(nb, "lesson", { status: "failed", message: "cell 3: CheckError", checks: { passed: 1, failed: 1 } });

  it("inlines the minified plotly.js once in a lone page, shows each figure's SVG, and draws it from its JSON", () => {
    expect(html.split('<script type="application/json" data-plot=').length - 1).toBe(2);
    // The library appears as many times as its banner appears in one copy of it: once.
    const banners = (s: string) => s.split("plotly.js v").length - 1;
    expect(banners(plotlyScript())).toBeGreaterThan(0);
    expect(banners(html)).toBe(banners(plotlyScript()));
    expect(plotlyScript().length).toBeLessThan(6_000_000); // the minified build
    // The SVG is inside each plot's div, before plotly.js (loaded last) replaces it.
    expect(html).toMatch(/<div class="output plot" id="plot-1"><svg[^>]*>.*<\/svg><\/div>/s);
    expect(html.indexOf('id="plot-1"')).toBeLessThan(html.indexOf("plotly.js v"));
    expect(html).not.toContain("big html"); // the plotly JSON wins over the HTML fallback
    expect(html).not.toContain("</script><b>x</b>"); // JSON is escaped inside the script
    expect(html).toContain('"\\u003c/script>\\u003cb>x\\u003c/b>"');
  });

  it("a site page loads the shared plotly.js, names the lesson and links its neighbours", () => {
    const info = { number: "13", title: "Adam", title_zh: "Adam优化算法", mirrors: "Week 2: Adam", summary: "Adam in full." };
    const site = notebookToHtml(nb, "13-adam", undefined, { plotly: { src: "plotly.min.js" }, info, nav: { prev: { href: "12.html", label: "12 · RMSprop" }, contents: "index.html" } });
    expect(site).toContain('<script src="plotly.min.js"></script>');
    expect(site).not.toContain("plotly.js v");
    expect(site).toContain("<title>13 · Adam (Adam优化算法) — descent</title>");
    expect(site).toContain('<a class="prev" rel="prev" href="12.html">← 12 · RMSprop</a>');
    expect(site).toContain('<a class="contents" href="index.html">Contents</a>');
    expect(site).toContain('<span class="next"></span>'); // no next lesson
    expect(site).toContain("Mirrors: Week 2: Adam");
    expect(site).toContain(FONT_STACK);
    expect(FONT_STACK).toMatch(/Noto Sans CJK SC.*Microsoft YaHei.*sans-serif$/);
    expect(notebookToHtml(nb, "x", undefined, { plotly: "none" })).not.toContain("Plotly.newPlot");
  });

  it("shows the status banner, prompts, escaped text, checks and errors without ANSI codes", () => {
    expect(html).toContain('class="banner failed"');
    expect(html).toContain("checks 1 passed, 1 failed");
    expect(html).toContain("[1]:");
    expect(html).toContain('<span class="check-pass">✓ loss &lt;falls&gt;</span>');
    expect(html).toContain('<pre class="output error">CheckError: ✗ x: off by 1</pre>');
    expect(html).not.toContain("\u001b");
    expect(html).toContain("<h1>Lesson</h1>");
  });

  it("leaves plotly.js and KaTeX out of pages that need neither", () => {
    const plain = notebookToHtml(newNotebook([{ cell_type: "markdown", source: "no math" }]), "p");
    expect(plain.length).toBeLessThan(20_000);
    expect(plain).not.toContain("Plotly");
  });
});

describe("indexToHtml", () => {
  it("is a table of contents: number, titles, chapter, summary, and the run's status in small print", () => {
    const html = indexToHtml([
      { name: "01-sgd", href: "01-sgd.html", status: "ok", cells: 5, seconds: 2.25, checks: { passed: 3, failed: 0 }, info: { number: "01", title: "SGD", title_zh: "随机梯度下降", mirrors: "Week 2: mini-batches", summary: "One step at a time." } },
      { name: "02-<adam>", href: "02-adam.html", status: "failed", cells: 2, seconds: 1, checks: { passed: 0, failed: 1 }, message: "cell 4: boom" },
    ]);
    expect(html).toContain('<td class="num">01</td><td class="lesson"><a href="01-sgd.html">SGD <span class="zh" lang="zh">随机梯度下降</span></a></td>');
    expect(html).toContain('<td class="mirrors">Week 2: mini-batches</td><td class="summary">One step at a time.</td>');
    expect(html).toContain("02-&lt;adam&gt;"); // no info: the name
    expect(html).toContain("✓ ok");
    expect(html).toContain("✗ failed");
    expect(html).toContain("3 checks · 2.3 s"); // seconds, one decimal
    expect(html).toContain("cell 4: boom");
    expect(html).toContain("1 of 2 ran without errors");
    expect(html).not.toContain("<script");
  });
});

describe("descent/jupyter loads fast", () => {
  const entry = path.resolve(__dirname, "../../dist/jupyter/index.js");
  it.runIf(fs.existsSync(entry))("leaves katex and markdown-it unloaded until a page is rendered", () => {
    const script = `const j = require(${JSON.stringify(entry)});
const loaded = () => Object.keys(require.cache).filter((k) => /node_modules[\\/](katex|markdown-it)[\\/]/.test(k)).length;
const before = loaded();
j.renderMarkdown("$x$");
console.log(JSON.stringify([before, loaded() > 0]));`;
    const r = spawnSync(process.execPath, ["-e", script], { encoding: "utf8" });
    expect(r.stderr).toBe("");
    expect(JSON.parse(r.stdout)).toEqual([0, true]);
  });
});
