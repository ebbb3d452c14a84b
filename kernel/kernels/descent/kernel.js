// Classic Notebook loads this file from the kernelspec folder when a notebook
// uses the descent kernel. It teaches the page to draw plotly figures
// (application/vnd.plotly.v1+json) interactively, as JupyterLab and VS Code
// do by themselves, with the minified plotly.js served beside this file
// (/kernelspecs/<name>/plotly.min.js): saved notebooks carry no copy of it.
// Until plotly.js is loaded, and wherever it cannot be, each figure shows the
// static SVG that comes with it.
define(["module", "jquery", "base/js/namespace", "notebook/js/outputarea"], function (module, $, Jupyter, outputarea) {
  "use strict";
  var MIME = "application/vnd.plotly.v1+json";
  var here = String(module.uri).replace(/[?#].*$/, "").replace(/[^/]*$/, "");

  function loadPlotly() {
    if (window.Plotly) return Promise.resolve(window.Plotly);
    return new Promise(function (resolve, reject) {
      var s = document.createElement("script");
      s.src = here + "plotly.min.js";
      s.onload = function () {
        if (window.Plotly) resolve(window.Plotly);
        else reject(new Error(s.src + " did not define Plotly"));
      };
      s.onerror = function () {
        reject(new Error("could not load " + s.src));
      };
      document.head.appendChild(s);
    });
  }

  function draw(div, value) {
    var fig = typeof value === "string" ? JSON.parse(value) : value;
    window.Plotly.newPlot(div, {
      data: fig.data || [],
      layout: fig.layout || {},
      frames: fig.frames || [],
      config: { responsive: true, displaylogo: false },
    });
  }

  // The output area's renderer for the plotly MIME type.
  function append(value, md, element) {
    var sub = this.create_output_subarea(md, "output_plotly", MIME);
    var div = $("<div/>").addClass("descent-plotly");
    sub.append(div);
    element.append(sub);
    draw(div[0], value);
    return sub;
  }

  // Outputs already on the page (a reopened notebook) were drawn as their SVG: draw them again, interactive.
  function upgrade() {
    Jupyter.notebook.get_cells().forEach(function (cell) {
      var area = cell.output_area;
      if (!area || !area.outputs) return;
      var shown = area.element.children(".output_area");
      area.outputs.forEach(function (out, i) {
        if (!out.data || out.data[MIME] === undefined) return;
        var sub = shown.eq(i).children(".output_subarea");
        if (!sub.length || sub.hasClass("output_plotly")) return;
        var div = $("<div/>").addClass("descent-plotly");
        sub.empty().removeClass("output_html rendered_html output_svg").addClass("output_plotly").append(div);
        draw(div[0], out.data[MIME]);
      });
    });
  }

  return {
    onload: function () {
      if (window.descentPlotly) return;
      window.descentPlotly = loadPlotly().then(
        function () {
          // safe: a figure is data (plotly escapes its text), so it is drawn in untrusted notebooks too, as JupyterLab does.
          outputarea.OutputArea.prototype.register_mime_type(MIME, append, { safe: true, index: 0 });
          upgrade();
        },
        function (e) {
          console.warn("descent: plots stay static:", e.message);
        }
      );
    },
  };
});
