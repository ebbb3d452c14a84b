// Deep-network training and gradient checking vs numpy written the course's
// way (the optimization assignment's model(): random_mini_batches, 3-layer
// forward/backward, Adam with bias correction).  Run: npx tsx bench/nn.ts
import { accuracy, createNetwork, gradientCheckNetwork, loadMoons, seed, train } from "../src/index";
import { adam } from "../src/optim";
import { numpy, report, type Row } from "./harness";

const EPOCHS = Number(process.env.EPOCHS ?? 5000);
const REPS = Number(process.env.REPS ?? 3);

/** Median wall time (s) over `reps` runs after a warm-up; `cpu` receives the median CPU time (less sensitive to a busy machine). */
function median(fn: () => void, reps: number, cpu?: { s: number }): number {
  fn(); // warm-up: let V8 optimize the hot loops
  const t: number[] = [], c: number[] = [];
  for (let r = 0; r < reps; r++) {
    const s = performance.now(), c0 = process.cpuUsage();
    fn();
    const cu = process.cpuUsage(c0);
    t.push((performance.now() - s) / 1000);
    c.push((cu.user + cu.system) / 1e6);
  }
  t.sort((a, b) => a - b);
  c.sort((a, b) => a - b);
  if (cpu) cpu.s = c[Math.floor(c.length / 2)]!;
  return t[Math.floor(t.length / 2)]!;
}

const py = numpy(String.raw`

EPOCHS = ${EPOCHS}; REPS = ${REPS}
import math
def make_moons(n, noise):
    # sklearn's make_moons (random_state=None: numpy's global generator), inlined so the bench needs numpy only.
    n_out = n // 2; n_in = n - n_out
    X = np.vstack([np.append(np.cos(np.linspace(0, np.pi, n_out)), 1 - np.cos(np.linspace(0, np.pi, n_in))),
                   np.append(np.sin(np.linspace(0, np.pi, n_out)), 1 - np.sin(np.linspace(0, np.pi, n_in)) - .5)]).T
    y = np.hstack([np.zeros(n_out, dtype=np.intp), np.ones(n_in, dtype=np.intp)])
    idx = np.arange(n); np.random.shuffle(idx); X, y = X[idx], y[idx]
    X += np.random.normal(scale=noise, size=X.shape)
    return X, y
np.random.seed(3)
Xm, ym = make_moons(300, .2)
train_X, train_Y = Xm.T, ym.reshape((1, ym.shape[0]))

def sigmoid(x): return 1 / (1 + np.exp(-x))
def relu(x): return np.maximum(0, x)
def initialize_parameters(layer_dims):
    np.random.seed(3); parameters = {}; L = len(layer_dims)
    for l in range(1, L):
        parameters['W' + str(l)] = np.random.randn(layer_dims[l], layer_dims[l-1]) * np.sqrt(2 / layer_dims[l-1])
        parameters['b' + str(l)] = np.zeros((layer_dims[l], 1))
    return parameters
def forward_propagation(X, parameters):
    W1 = parameters["W1"]; b1 = parameters["b1"]; W2 = parameters["W2"]; b2 = parameters["b2"]; W3 = parameters["W3"]; b3 = parameters["b3"]
    z1 = np.dot(W1, X) + b1; a1 = relu(z1); z2 = np.dot(W2, a1) + b2; a2 = relu(z2); z3 = np.dot(W3, a2) + b3; a3 = sigmoid(z3)
    return a3, (z1, a1, W1, b1, z2, a2, W2, b2, z3, a3, W3, b3)
def backward_propagation(X, Y, cache):
    m = X.shape[1]
    (z1, a1, W1, b1, z2, a2, W2, b2, z3, a3, W3, b3) = cache
    dz3 = 1./m * (a3 - Y); dW3 = np.dot(dz3, a2.T); db3 = np.sum(dz3, axis=1, keepdims=True)
    da2 = np.dot(W3.T, dz3); dz2 = np.multiply(da2, np.int64(a2 > 0)); dW2 = np.dot(dz2, a1.T); db2 = np.sum(dz2, axis=1, keepdims=True)
    da1 = np.dot(W2.T, dz2); dz1 = np.multiply(da1, np.int64(a1 > 0)); dW1 = np.dot(dz1, X.T); db1 = np.sum(dz1, axis=1, keepdims=True)
    return {"dz3": dz3, "dW3": dW3, "db3": db3, "da2": da2, "dz2": dz2, "dW2": dW2, "db2": db2, "da1": da1, "dz1": dz1, "dW1": dW1, "db1": db1}
def compute_cost(a3, Y):
    logprobs = np.multiply(-np.log(a3), Y) + np.multiply(-np.log(1 - a3), 1 - Y)
    return np.sum(logprobs)
def random_mini_batches(X, Y, mini_batch_size=64, seed=0):
    np.random.seed(seed); m = X.shape[1]; mini_batches = []
    permutation = list(np.random.permutation(m))
    shuffled_X = X[:, permutation]; shuffled_Y = Y[:, permutation].reshape((1, m))
    num_complete_minibatches = math.floor(m / mini_batch_size)
    for k in range(0, num_complete_minibatches):
        mini_batches.append((shuffled_X[:, k * mini_batch_size:(k + 1) * mini_batch_size], shuffled_Y[:, k * mini_batch_size:(k + 1) * mini_batch_size]))
    if m % mini_batch_size != 0:
        mini_batches.append((shuffled_X[:, num_complete_minibatches * mini_batch_size:], shuffled_Y[:, num_complete_minibatches * mini_batch_size:]))
    return mini_batches
def initialize_adam(parameters):
    L = len(parameters) // 2; v = {}; s = {}
    for l in range(L):
        for p in ("W", "b"):
            v["d" + p + str(l+1)] = np.zeros(parameters[p + str(l+1)].shape); s["d" + p + str(l+1)] = np.zeros(parameters[p + str(l+1)].shape)
    return v, s
def update_parameters_with_adam(parameters, grads, v, s, t, learning_rate=0.01, beta1=0.9, beta2=0.999, epsilon=1e-8):
    L = len(parameters) // 2; v_corrected = {}; s_corrected = {}
    for l in range(L):
        for p in ("W", "b"):
            k = "d" + p + str(l+1)
            v[k] = beta1 * v[k] + (1 - beta1) * grads[k]
            v_corrected[k] = v[k] / (1 - beta1 ** t)
            s[k] = beta2 * s[k] + (1 - beta2) * np.square(grads[k])
            s_corrected[k] = s[k] / (1 - beta2 ** t)
            parameters[p + str(l+1)] = parameters[p + str(l+1)] - learning_rate * v_corrected[k] / (np.sqrt(s_corrected[k]) + epsilon)
    return parameters, v, s
def model(X, Y, layers_dims, learning_rate=0.0007, mini_batch_size=64, beta1=0.9, beta2=0.999, epsilon=1e-8, num_epochs=EPOCHS):
    costs = []; t = 0; seed = 10; m = X.shape[1]
    parameters = initialize_parameters(layers_dims)
    v, s = initialize_adam(parameters)
    for i in range(num_epochs):
        seed = seed + 1
        minibatches = random_mini_batches(X, Y, mini_batch_size, seed)
        cost_total = 0
        for minibatch in minibatches:
            (minibatch_X, minibatch_Y) = minibatch
            a3, caches = forward_propagation(minibatch_X, parameters)
            cost_total += compute_cost(a3, minibatch_Y)
            grads = backward_propagation(minibatch_X, minibatch_Y, caches)
            t = t + 1
            parameters, v, s = update_parameters_with_adam(parameters, grads, v, s, t, learning_rate, beta1, beta2, epsilon)
        costs.append(cost_total / m)
    return parameters, costs
def predict_acc(X, Y, parameters):
    a3, _ = forward_propagation(X, parameters)
    return float(np.mean((a3 > 0.5) == Y))
times = []; cpus = []
for r in range(REPS):
    t0 = time.perf_counter(); c0 = time.process_time()
    params, costs = model(train_X, train_Y, [2, 5, 2, 1])
    times.append(time.perf_counter() - t0); cpus.append(time.process_time() - c0)
times.sort(); cpus.sort()
RESULTS["train"] = times[len(times) // 2]
RESULTS["train_cpu"] = cpus[len(cpus) // 2]
RESULTS["train_cost"] = float(costs[-1]); RESULTS["train_acc"] = predict_acc(train_X, train_Y, params)

# gradient check of a [4, 5, 3, 1] network, the course's gradient_check_n (two-sided, ε = 1e-7)
np.random.seed(7); Xg = np.random.randn(4, 9); Yg = (np.random.rand(1, 9) > 0.5).astype(float)
pg = {}
np.random.seed(3)
for l, (a, b) in enumerate([(4, 5), (5, 3), (3, 1)], 1):
    pg["W%d" % l] = np.random.randn(b, a) * np.sqrt(2 / a); pg["b%d" % l] = np.zeros((b, 1))
keys = ["W1", "b1", "W2", "b2", "W3", "b3"]
def dictionary_to_vector(p): return np.concatenate([p[k].reshape((-1, 1)) for k in keys], axis=0)
def vector_to_dictionary(theta):
    out = {}; i = 0
    for k in keys:
        n = pg[k].size; out[k] = theta[i:i + n].reshape(pg[k].shape); i += n
    return out
def cost_of(p):
    a3, _ = forward_propagation(Xg, p)
    return -np.sum(Yg * np.log(a3) + (1 - Yg) * np.log(1 - a3)) / Xg.shape[1]
def gradient_check_n(parameters, gradients, X, Y, epsilon=1e-7):
    parameters_values = dictionary_to_vector(parameters); grad = np.concatenate([gradients["d" + k].reshape((-1, 1)) for k in keys])
    num_parameters = parameters_values.shape[0]; gradapprox = np.zeros((num_parameters, 1))
    for i in range(num_parameters):
        thetaplus = np.copy(parameters_values); thetaplus[i][0] += epsilon; J_plus = cost_of(vector_to_dictionary(thetaplus))
        thetaminus = np.copy(parameters_values); thetaminus[i][0] -= epsilon; J_minus = cost_of(vector_to_dictionary(thetaminus))
        gradapprox[i] = (J_plus - J_minus) / (2 * epsilon)
    numerator = np.linalg.norm(grad - gradapprox); denominator = np.linalg.norm(grad) + np.linalg.norm(gradapprox)
    return numerator / denominator
def gc():
    a3, cache = forward_propagation(Xg, pg)
    g = backward_propagation(Xg, Yg, cache)
    return gradient_check_n(pg, g, Xg, Yg)
RESULTS["gradcheck"] = bench(gc)
RESULTS["gradcheck_diff"] = float(gc())
`);

const { X, Y } = loadMoons();
let acc = 0, lastCost = 0;
const trainCpu = { s: NaN };
const trainTime = median(() => {
  const net = createNetwork([2, 5, 2, 1], { hidden: "relu", output: "sigmoid", init: "he", seed: 3 });
  const r = train(net, { X, Y }, { optimizer: adam({ learningRate: 0.0007 }), epochs: EPOCHS, batchSize: 64, seed: 10 });
  acc = accuracy(net, X, Y);
  lastCost = r.costs[r.costs.length - 1]!;
}, REPS, trainCpu);

const rng = seed(7);
const Xg = rng.randn(4, 9);
const Yg = rng.rand(1, 9).map((v) => (v > 0.5 ? 1 : 0));
const gnet = createNetwork([4, 5, 3, 1], { seed: 3 });
let diff = 0;
const gcTime = median(() => { diff = gradientCheckNetwork(gnet, Xg, Yg).difference; }, 50);

const rows: Row[] = [
  { name: `train [2,5,2,1] moons, Adam, 64/batch, ${EPOCHS} epochs`, ours: trainTime, numpy: py?.results.train, target: 5 },
  { name: "gradient check [4,5,3,1], 9 examples", ours: gcTime, numpy: py?.results.gradcheck },
];
report(`Deep networks (numpy ${py?.version ?? "n/a"}; speed-up = numpy time / descent time, median of ${REPS} runs)`, rows);
const npCpu = py?.results.train_cpu;
console.log(`\ntraining CPU time: descent ${trainCpu.s.toFixed(2)} s, numpy ${npCpu?.toFixed(2) ?? "—"} s${npCpu ? ` (${(npCpu / trainCpu.s).toFixed(2)}x)` : ""}; wall times depend on the machine's load, CPU times less so`);
console.log(`final cost: descent ${lastCost.toFixed(6)}, numpy ${py?.results.train_cost?.toFixed(6) ?? "—"}; train accuracy: descent ${acc}, numpy ${py?.results.train_acc ?? "—"}`);
console.log(`gradient check difference: descent ${diff.toExponential(3)}, numpy ${py?.results.gradcheck_diff?.toExponential(3) ?? "—"}`);
