// The feedback page a student gets back: score per exercise, each test with
// its result and message (hidden tests shown once graded, as nbgrader does),
// and what was found changed in cells that must not be.
import { escapeHtml } from "../jupyter";
import type { NotebookGrade, TestResult } from "./gradebook";

const STATUS: Record<string, string> = { ok: "passed", error: "failed", timeout: "timed out", dead: "crashed the kernel", skipped: "not run", manual: "graded by hand" };

function testHtml(t: TestResult): string {
  const pts = t.points === null ? `– / ${t.maxPoints}` : `${t.points} / ${t.maxPoints}`;
  const cls = t.kind === "manual" ? "manual" : t.status === "ok" ? "pass" : "fail";
  return `<section class="test ${cls}">
<h3><code>${escapeHtml(t.gradeId)}</code> <span class="status">${escapeHtml(STATUS[t.status] ?? t.status)}</span> <span class="pts">${pts}</span></h3>
${t.tampered ? `<p class="tamper">This cell was changed in your notebook; the original was graded.</p>` : ""}
${t.comment ? `<p class="comment"><b>Comment:</b> ${escapeHtml(t.comment)}</p>` : ""}
${t.message ? `<pre class="message">${escapeHtml(t.message)}</pre>` : ""}
${t.stdout ? `<pre class="stdout">${escapeHtml(t.stdout)}</pre>` : ""}
${t.source ? `<details><summary>test code</summary><pre>${escapeHtml(t.source)}</pre></details>` : ""}
</section>`;
}

/** A self-contained HTML page of one graded notebook. */
export function feedbackHtml(g: NotebookGrade): string {
  const title = `${g.notebook} — ${g.student}`;
  const rows = g.exercises.map((e) => `<tr><td>${escapeHtml(e.name)}</td><td>${e.score}</td><td>${e.maxScore}</td></tr>`).join("\n");
  const shortcuts = g.shortcuts?.length
    ? `<div class="shortcut"><h2>Library shortcuts</h2><ul>${g.shortcuts.map((x) => `<li>${escapeHtml(x.message)}</li>`).join("")}</ul></div>`
    : "";
  const tamper = g.tampering.length
    ? `<div class="tamper"><h2>Changed cells</h2><ul>${g.tampering.map((t) => `<li>${escapeHtml(t.message)}</li>`).join("")}</ul></div>`
    : "";
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>
body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}
table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.2rem .6rem;text-align:left}
.test{border-left:4px solid #999;padding:.2rem .8rem;margin:1rem 0}.pass{border-color:#2a2}.fail{border-color:#c22}.manual{border-color:#c90}
.status{font-weight:normal;color:#555}.comment{background:#fffbe6;padding:.3rem .5rem}.pts{float:right}pre{background:#f6f6f6;padding:.5rem;overflow:auto;white-space:pre-wrap}
.tamper,.shortcut{color:#a40}.unsandboxed{background:#fee;border:1px solid #c22;padding:.5rem}
</style></head><body>
<h1>${escapeHtml(g.notebook)}</h1>
<p>Student <b>${escapeHtml(g.student)}</b>, assignment <b>${escapeHtml(g.assignment)}</b>: <b>${g.score} / ${g.maxScore}</b> points${g.needsManualGrading ? " (some answers are still to be graded by hand)" : ""}.</p>
${g.sandbox === null ? `<p class="unsandboxed"><b>Graded without the sandbox</b> (<code>--no-sandbox</code>): this notebook's code ran with the grader's own permissions.</p>` : ""}
${g.error ? `<pre class="message">${escapeHtml(g.error)}</pre>` : ""}
<table><tr><th>exercise</th><th>points</th><th>of</th></tr>
${rows}
</table>
${shortcuts}
${tamper}
<h2>Tests</h2>
${g.tests.map(testHtml).join("\n")}
<p><small>graded ${escapeHtml(g.gradedAt)}</small></p>
</body></html>
`;
}
