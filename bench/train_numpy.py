"""The two training workloads of bench/train.ts, written the course's way in numpy
(random_mini_batches with the seed bumped every epoch, He init under np.random.seed(3),
forward/backward with np.dot, Adam with bias correction as update_parameters_with_adam).

  python3 bench/train_numpy.py moons   # [2,5,2,1] relu/sigmoid on the course's moons, Adam, 64/batch, EPOCHS epochs
  python3 bench/train_numpy.py wide    # [64,128,64,10] relu/softmax, 20,000 examples, Adam, 128/batch, 3 epochs

Prints one JSON line: the wall and CPU time of model() alone ("train_s", "cpu_s"; CPU time
adds up all of OpenBLAS's threads), the costs of every epoch and
the training accuracy. bench/train.ts also times the whole process (python start-up and
`import numpy` included) to compare cold start with cold start.
"""
import json, math, os, sys, time
import numpy as np

def make_moons(n, noise):
    # sklearn's make_moons drawing from numpy's global generator, inlined (numpy only).
    n_out = n // 2; n_in = n - n_out
    X = np.vstack([np.append(np.cos(np.linspace(0, np.pi, n_out)), 1 - np.cos(np.linspace(0, np.pi, n_in))),
                   np.append(np.sin(np.linspace(0, np.pi, n_out)), 1 - np.sin(np.linspace(0, np.pi, n_in)) - .5)]).T
    y = np.hstack([np.zeros(n_out, dtype=np.intp), np.ones(n_in, dtype=np.intp)])
    idx = np.arange(n); np.random.shuffle(idx); X, y = X[idx], y[idx]
    X += np.random.normal(scale=noise, size=X.shape)
    return X, y

def wide_data():
    # X: 64 features x 20,000 examples; the class is the larger of ten sums of two features (exact in any order).
    np.random.seed(0)
    X = np.random.randn(64, 20000)
    y = np.argmax(X[0:10] + X[10:20], axis=0)
    Y = np.zeros((10, X.shape[1])); Y[y, np.arange(X.shape[1])] = 1
    return X, Y

def initialize_parameters_he(layers_dims):
    np.random.seed(3); parameters = {}; L = len(layers_dims) - 1
    for l in range(1, L + 1):
        parameters['W' + str(l)] = np.random.randn(layers_dims[l], layers_dims[l - 1]) * np.sqrt(2. / layers_dims[l - 1])
        parameters['b' + str(l)] = np.zeros((layers_dims[l], 1))
    return parameters

def relu(x): return np.maximum(0, x)
def sigmoid(x): return 1 / (1 + np.exp(-x))
def softmax(z):
    e = np.exp(z - np.max(z, axis=0, keepdims=True))
    return e / np.sum(e, axis=0, keepdims=True)

def forward(X, parameters, out):
    L = len(parameters) // 2; caches = []; A = X
    for l in range(1, L + 1):
        W = parameters['W' + str(l)]; b = parameters['b' + str(l)]
        Z = np.dot(W, A) + b
        caches.append((A, W, Z))
        A = relu(Z) if l < L else (sigmoid(Z) if out == "sigmoid" else softmax(Z))
    return A, caches

def backward(AL, Y, caches):
    # dZ[L] = A[L] - Y for sigmoid + binary cross-entropy and for softmax + cross-entropy.
    grads = {}; L = len(caches); m = AL.shape[1]
    dZ = AL - Y
    for l in range(L, 0, -1):
        A_prev, W, Z = caches[l - 1]
        grads['dW' + str(l)] = 1. / m * np.dot(dZ, A_prev.T)
        grads['db' + str(l)] = 1. / m * np.sum(dZ, axis=1, keepdims=True)
        if l > 1:
            dA = np.dot(W.T, dZ)
            dZ = np.multiply(dA, np.int64(caches[l - 2][2] > 0))
    return grads

def compute_cost(AL, Y, out):
    # Summed over the mini-batch (the course's opt_utils); the model divides the epoch's total by m.
    if out == "sigmoid":
        return np.sum(np.multiply(-np.log(AL), Y) + np.multiply(-np.log(1 - AL), 1 - Y))
    return -np.sum(Y * np.log(AL))

def random_mini_batches(X, Y, mini_batch_size=64, seed=0):
    np.random.seed(seed); m = X.shape[1]; mini_batches = []
    permutation = list(np.random.permutation(m))
    shuffled_X = X[:, permutation]; shuffled_Y = Y[:, permutation].reshape((Y.shape[0], m))
    num_complete = math.floor(m / mini_batch_size)
    for k in range(num_complete):
        mini_batches.append((shuffled_X[:, k * mini_batch_size:(k + 1) * mini_batch_size], shuffled_Y[:, k * mini_batch_size:(k + 1) * mini_batch_size]))
    if m % mini_batch_size != 0:
        mini_batches.append((shuffled_X[:, num_complete * mini_batch_size:], shuffled_Y[:, num_complete * mini_batch_size:]))
    return mini_batches

def initialize_adam(parameters):
    L = len(parameters) // 2; v = {}; s = {}
    for l in range(1, L + 1):
        for p in ("W", "b"):
            v["d" + p + str(l)] = np.zeros(parameters[p + str(l)].shape); s["d" + p + str(l)] = np.zeros(parameters[p + str(l)].shape)
    return v, s

def update_parameters_with_adam(parameters, grads, v, s, t, learning_rate, beta1=0.9, beta2=0.999, epsilon=1e-8):
    L = len(parameters) // 2
    for l in range(1, L + 1):
        for p in ("W", "b"):
            k = "d" + p + str(l)
            v[k] = beta1 * v[k] + (1 - beta1) * grads[k]
            v_corrected = v[k] / (1 - beta1 ** t)
            s[k] = beta2 * s[k] + (1 - beta2) * np.square(grads[k])
            s_corrected = s[k] / (1 - beta2 ** t)
            parameters[p + str(l)] = parameters[p + str(l)] - learning_rate * v_corrected / (np.sqrt(s_corrected) + epsilon)
    return parameters, v, s

def model(X, Y, layers_dims, out, learning_rate, mini_batch_size, num_epochs):
    costs = []; t = 0; seed = 10; m = X.shape[1]
    parameters = initialize_parameters_he(layers_dims)
    v, s = initialize_adam(parameters)
    for i in range(num_epochs):
        seed = seed + 1
        cost_total = 0
        for minibatch_X, minibatch_Y in random_mini_batches(X, Y, mini_batch_size, seed):
            AL, caches = forward(minibatch_X, parameters, out)
            cost_total += compute_cost(AL, minibatch_Y, out)
            grads = backward(AL, minibatch_Y, caches)
            t = t + 1
            parameters, v, s = update_parameters_with_adam(parameters, grads, v, s, t, learning_rate)
        costs.append(cost_total / m)
    return parameters, costs

def main():
    which = sys.argv[1]
    if which == "moons":
        np.random.seed(3)
        Xm, ym = make_moons(300, .2)
        X, Y = Xm.T, ym.reshape((1, ym.shape[0])).astype(float)
        dims, out, lr, batch, epochs = [2, 5, 2, 1], "sigmoid", 0.0007, 64, int(os.environ.get("EPOCHS", 5000))
    else:
        X, Y = wide_data()
        dims, out, lr, batch, epochs = [64, 128, 64, 10], "softmax", 0.001, 128, int(os.environ.get("EPOCHS", 3))
    t0 = time.perf_counter(); c0 = time.process_time()
    parameters, costs = model(X, Y, dims, out, lr, batch, epochs)
    train_s = time.perf_counter() - t0; cpu_s = time.process_time() - c0
    AL, _ = forward(X, parameters, out)
    acc = float(np.mean((AL > 0.5) == Y)) if out == "sigmoid" else float(np.mean(np.argmax(AL, axis=0) == np.argmax(Y, axis=0)))
    print(json.dumps({"numpy": np.__version__, "train_s": train_s, "cpu_s": cpu_s, "costs": [float(c) for c in costs], "accuracy": acc}))

main()
