// The two training workloads of bench/train.ts through descent's public API, as a
// learner's script would run them: a fresh `node` process that loads the built
// package (npm run build first). Plain CommonJS so that nothing but node runs.
//
//   node bench/train_descent.cjs moons   # [2,5,2,1] relu/sigmoid, the course's moons, Adam, 64/batch, EPOCHS epochs
//   node bench/train_descent.cjs wide    # [64,128,64,10] relu/softmax, 20,000 examples, Adam, 128/batch, 3 epochs
//
// Prints one JSON line: time to load `descent`, to make the data (the first use of its
// modules), wall and CPU time of train() alone, the costs of every epoch and the training
// accuracy (the same as bench/train_numpy.py).
"use strict";
const t0 = performance.now();
const d = require("descent");
const loadMs = performance.now() - t0;

const which = process.argv[2];
const tData = performance.now();
let X, Y, dims, opts, lr, batchSize, epochs;
if (which === "moons") {
  ({ X, Y } = d.loadMoons());
  dims = [2, 5, 2, 1]; opts = { hidden: "relu", output: "sigmoid" }; lr = 0.0007; batchSize = 64;
  epochs = Number(process.env.EPOCHS ?? 5000);
} else {
  // X: 64 x 20,000 from np.random.seed(0); the class is the larger of ten sums of two features.
  X = d.seed(0).randn(64, 20000);
  Y = new d.Matrix(1, X.cols);
  for (let j = 0; j < X.cols; j++) {
    let best = 0, bestV = -Infinity;
    for (let c = 0; c < 10; c++) {
      const v = X.get(c, j) + X.get(c + 10, j);
      if (v > bestV) { bestV = v; best = c; }
    }
    Y.data[j] = best;
  }
  dims = [64, 128, 64, 10]; opts = { hidden: "relu", output: "softmax" }; lr = 0.001; batchSize = 128;
  epochs = Number(process.env.EPOCHS ?? 3);
}
const dataMs = performance.now() - tData;
const t1 = performance.now(), c1 = process.cpuUsage();
const net = d.createNetwork(dims, { ...opts, init: "he", seed: 3 });
const r = d.train(net, { X, Y }, { optimizer: d.adam({ learningRate: lr }), epochs, batchSize, seed: 10 });
const trainMs = performance.now() - t1, cu = process.cpuUsage(c1), cpuMs = (cu.user + cu.system) / 1000;
const accuracy = d.accuracy(net, X, Y);
console.log(JSON.stringify({ loadMs, dataMs, trainMs, cpuMs, costs: r.costs, accuracy }));
