// Run by gate.test.ts in a node process of its own (the gate changes Error,
// vm and the module system for good): installs the gate over the built
// library and prints what each kind of call does, as JSON.
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const vm = require("node:vm");
const Module = require("node:module");
const root = fs.realpathSync(path.resolve(__dirname, "../.."));
const distDir = path.join(root, "dist") + path.sep;
const descent = require(path.join(root, "dist", "index.js"));
for (const k of Object.keys(descent)) void descent[k];
const { installGate, gateToken } = require(path.join(distDir, "grading", "sandbox", "gate.js"));
const SECRET = "ab".repeat(16);
const guarded = ["sigmoidScalar", "Ema", "emaSeries", "adam", "gradientCheck", "INIT_METHODS", "inverseTimeDecay"];
// A module of the library's folder exporting its own function under a guarded name (as the kernel's or the grader's might).
const sameName = path.join(distDir, "same-name.js");
require.cache[sameName] = { id: sameName, filename: sameName, loaded: true, exports: { sigmoidScalar: () => "not the library's" } };
const enter = installGate({ secret: SECRET, guarded, distDir, modules: { descent }, cache: require.cache });

const out = {};
const attempt = (name, f) => {
  try {
    const v = f();
    out[name] = { ok: true, value: v };
  } catch (e) {
    out[name] = { ok: false, name: e.name, message: e.message };
  }
};
const params = () => ({ W: descent.matrix([[0.3, -0.2]]) });
const cost = (p) => p.W.data[0] * p.W.data[0] + 3 * p.W.data[1];
const grads = () => ({ W: descent.matrix([[0.6, 3]]) });

attempt("open: direct", () => descent.sigmoidScalar(0.7));
attempt("open: stack is still a string", () => typeof new Error("x").stack);
attempt("open: set prepareStackTrace", () => {
  Error.prepareStackTrace = () => "forged";
  return new Error("y").stack;
});

const early = new descent.Ema({ beta: 0.5 });
early.update(1);
const earlyAdam = descent.adam({ learningRate: 0.1 });
const earlyState = earlyAdam.init(params());
const earlyStep = earlyAdam.update(grads(), earlyState, params());
const earlySchedule = descent.inverseTimeDecay({ learningRate: 0.5, decayRate: 1 });
const earlyRate = earlySchedule(3);
const entries = enter("t1", gateToken(SECRET, "t1"), ["sigmoidScalar", "Ema", "emaSeries", "adam", "gradientCheck", "inverseTimeDecay"]);
const lib = entries.modules.descent;
attempt("closed: direct", () => descent.sigmoidScalar(0.7));
attempt("closed: internal module", () => require.cache[path.join(distDir, "nn", "activations.js")].exports.sigmoidScalar(0.7));
attempt("closed: new Ema", () => new descent.Ema({ beta: 0.9 }));
attempt("closed: presets.course.adam (not guarded, calls adam)", () => typeof descent.presets.course.adam());
attempt("closed: another function with a guarded name", () => require.cache[sameName].exports.sigmoidScalar());
attempt("closed: Reflect.apply from a user frame", () => Reflect.apply(descent.sigmoidScalar, null, [0.7]));
attempt("closed: an Ema made before the tests", () => early.update(3));
attempt("closed: Ema.prototype.update on a plain object", () => descent.Ema.prototype.update.call({ beta: 0.5, start: "zero", biasCorrection: false, t: 0, v: 0 }, 3));
attempt("closed: the value of an Ema made before the tests", () => early.value);
attempt("closed: an optimizer adam made before the tests", () => earlyAdam.update(grads(), earlyState, params()));
attempt("entry: an optimizer the test made, used by the test", () => {
  const opt = lib.adam({ learningRate: 0.1 });
  const r = opt.update(grads(), opt.init(params()), params());
  return [r.updates.W.data[0], earlyStep.updates.W.data[0], r.state.t];
});
attempt("entry: the library running an optimizer made before the tests, on the test's behalf", () => lib.descend(lib.bowl(), earlyAdam, [1, 1], 3).cost.length);
attempt("closed: a schedule inverseTimeDecay made before the tests", () => earlySchedule(3));
attempt("closed: a schedule made before the tests, called through Reflect.apply", () => Reflect.apply(earlySchedule, null, [3]));
attempt("entry: a schedule the test made, used by the test", () => [lib.inverseTimeDecay({ learningRate: 0.5, decayRate: 1 })(3), earlyRate]);
attempt("entry: the library running a schedule made before the tests, on the test's behalf", () => {
  const run = lib.descend(lib.bowl(), lib.sgd({ learningRate: earlySchedule }), [1, 1], 3);
  return [run.steps, earlySchedule.per, earlySchedule.label];
});
attempt("entry: an Ema the test made, used by the test", () => {
  const e = new lib.Ema({ beta: 0.5 });
  e.update(2);
  return [e.update(4), e.value, e.t];
});
attempt("entry: emaSeries (makes and uses an Ema inside)", () => lib.emaSeries([2, 4], { beta: 0.5 }));
attempt("entry: sigmoidScalar", () => lib.sigmoidScalar(0.7));
attempt("entry: Ema", () => {
  const e = new lib.Ema({ beta: 0.9 });
  return [e instanceof descent.Ema, e.constructor.name];
});
attempt("entry: presets.course.adam (calls adam inside)", () => typeof lib.presets.course.adam().update);
attempt("entry: a guarded object that is data, not code", () => JSON.stringify(lib.INIT_METHODS) === JSON.stringify(descent.INIT_METHODS));
attempt("entry: gradientCheck, a callback that stays out", () => lib.gradientCheck(cost, params(), grads()).difference < 1e-7);
attempt("entry: gradientCheck, a callback that calls a guarded function", () => lib.gradientCheck((p) => cost(p) + descent.sigmoidScalar(0), params(), grads()).difference);
// A student's function, compiled as the kernel compiles a cell (a script of its own), that calls what it is handed.
const studentCalls = vm.runInThisContext("(function studentCalls(f) { return f(0.7); })", { filename: "cell-3" });
attempt("entry: a test's callback that calls an entry, run by the library", () => lib.gradientCheck((p) => cost(p) + lib.sigmoidScalar(0), params(), grads()).difference < 1e-7);
attempt("entry: an entry handed to a student's function", () => studentCalls(lib.sigmoidScalar));
attempt("entry: a test's closure over an entry handed to a student's function", () => studentCalls((z) => lib.sigmoidScalar(z)));
attempt("entry: an entry a student's function reaches through the library", () => studentCalls((z) => lib.emaSeries([z], { beta: 0.5 })));
attempt("entry: gradientCheck, a callback made by new Function that calls a guarded function", () => {
  const evald = new Function("descent", "cost", "return (p) => cost(p) + descent.sigmoidScalar(0)")(descent, cost);
  return lib.gradientCheck(evald, params(), grads()).difference;
});
// A "solution" that is the library's function bound before the tests (a bound function leaves no frame), handed by a test to the library.
const boundEarly = descent.sigmoidScalar.bind(null);
attempt("entry: the library calling a bound guarded function the test handed it", () => lib.gradientCheck(boundEarly, params(), grads()));
attempt("entry: the library calling Reflect.apply bound to a guarded function, handed to it", () => lib.gradientCheck(Reflect.apply.bind(null, descent.sigmoidScalar, null), params(), grads()));
attempt("wrong token", () => enter("t2", "cd".repeat(32), []));
attempt("another test's token", () => enter("t2", gateToken(SECRET, "t1"), []));
attempt("a token used again", () => enter("t1", gateToken(SECRET, "t1"), []));
attempt("vm script named inside the library", () => vm.runInThisContext("1 + 1", { filename: path.join(distDir, "nn", "x.js") }));
attempt("vm.Script named inside the library", () => new vm.Script("1 + 1", { filename: path.join(distDir, "index.js") }).runInThisContext());
attempt("vm script named elsewhere", () => vm.runInThisContext("1 + 1", { filename: "cell-7" }));
attempt("_compile of forged content as a library file", () => {
  const m = new Module(path.join(distDir, "forged.js"));
  m._compile("module.exports = 1;", path.join(distDir, "forged.js"));
  return m.exports;
});
attempt("require of a library file not loaded yet", () => typeof require(path.join(distDir, "grading", "checksum.js")).computeChecksum);
// A promise callback runs from no entry (the microtask queue), while a test would await it.
const settled = (p) => p.then((value) => ({ ok: true, value }), (e) => ({ ok: false, name: e.name, message: e.message }));
settled(Promise.resolve(0.7).then(descent.sigmoidScalar)).then((r) => {
  out["closed: a promise callback"] = r;
  entries.done();
  finish();
});

// A test cell as the kernel runs one: a script of its own, which opens the gate and records what happened.
const TEST_CELL = `(function (enter, token, studentCalls, into) {
  const entries = enter(into.id, token, ["sigmoidScalar"]);
  const lib = entries.modules.descent;
  const attempt = (name, f) => {
    try { into[name] = { ok: true, value: f() }; } catch (e) { into[name] = { ok: false, name: e.name, message: e.message }; }
  };
  attempt("the test's own call", () => lib.sigmoidScalar(0.7));
  attempt("an entry handed to a student's function", () => studentCalls(lib.sigmoidScalar));
  entries.done();
})`;
function testCell(id, filename) {
  const into = { id };
  vm.runInThisContext(TEST_CELL, { filename })(enter, gateToken(SECRET, id), studentCalls, into);
  for (const [k, v] of Object.entries(into)) if (k !== "id") out[`${id} in ${filename}: ${k}`] = v;
}

function finish() {
  testCell("t3", "cell-9");
  // A student's function compiled under the name the next test cell will have, so as to pass for the test's code.
  const impostor = vm.runInThisContext("(function (f) { return f(0.7); })", { filename: "cell-10" });
  void impostor;
  testCell("t4", "cell-10");
  attempt("a fresh test's token", () => typeof enter("t2", gateToken(SECRET, "t2"), []).done);
  attempt("done: direct again", () => descent.sigmoidScalar(0.7));
  process.stdout.write(JSON.stringify(out));
}
