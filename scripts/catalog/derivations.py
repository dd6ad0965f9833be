"""The check of every derivation a page shows: one function per entry of docs/snippets/formulas.yml.

A derivation's TeX lives in formulas.yml (see `formulas`); the function
``check_NAME`` (with ``-`` as ``_``) recomputes what it states from the code of
`losses` and raises AssertionError if the two disagree.  tests/test_formulas.py
runs every check and requires one per derivation.
"""

from __future__ import annotations

import numpy as np

import losses


def same(actual, expected, rtol=1e-12):
    np.testing.assert_allclose(actual, expected, rtol=rtol, atol=1e-300)


def central_difference(function, point: np.ndarray, step: float = 1e-6) -> np.ndarray:
    """Numerical gradient of a scalar ``function`` at ``point`` (float64)."""
    point = np.array(point, dtype=np.float64)
    gradient = np.zeros_like(point)
    for index in np.ndindex(point.shape):
        h = step * max(1.0, abs(point[index]))
        up, down = point.copy(), point.copy()
        up[index] += h
        down[index] -= h
        gradient[index] = (float(function(up)) - float(function(down))) / (2 * h)
    return gradient


def _neuron(w=0.6, b=0.9, x=1.5, y=0.2):
    z = w * x + b
    return z, 1 / (1 + np.exp(-z))


def check_sigmoid_neuron():
    history = losses.train_sigmoid_neuron(cost="quadratic", weight=0.6, bias=0.9, input=1.5, target=0.2, epochs=0)
    _, a = _neuron()
    same(history.output[0], a)
    same(history.cost[0], 0.5 * (a - 0.2) ** 2)


def check_neuron_quadratic_gradients():
    w, b, x, y, eta = 0.6, 0.9, 1.5, 0.2, 0.15
    history = losses.train_sigmoid_neuron(cost="quadratic", weight=w, bias=b, input=x, target=y,
                                          learning_rate=eta, epochs=1)
    z, a = _neuron(w, b, x, y)
    derivative = a * (1 - a)  # σ'(z)
    same(history.weight[1], w - eta * (a - y) * derivative * x)
    same(history.bias[1], b - eta * (a - y) * derivative)


def check_neuron_cross_entropy():
    history = losses.train_sigmoid_neuron(cost="cross_entropy", weight=0.6, bias=0.9, input=1.5, target=0.2, epochs=0)
    _, a = _neuron()
    same(history.cost[0], -(0.2 * np.log(a) + 0.8 * np.log(1 - a)), rtol=1e-13)


def check_neuron_cross_entropy_gradients():
    w, b, x, y, eta = 0.6, 0.9, 1.5, 0.2, 0.15
    history = losses.train_sigmoid_neuron(cost="cross_entropy", weight=w, bias=b, input=x, target=y,
                                          learning_rate=eta, epochs=1)
    _, a = _neuron(w, b, x, y)
    same(history.weight[1], w - eta * (a - y) * x)
    same(history.bias[1], b - eta * (a - y))


def check_linear_neuron_gradients():
    # A linear output (a = z) with L = ½ (a - y)²: no σ'(z) in the gradient.
    w, b, x, y = 0.6, 0.9, 1.5, 0.2

    def cost(parameters):
        weight, bias = parameters
        return 0.5 * (weight * x + bias - y) ** 2

    a = w * x + b
    same(central_difference(cost, np.array([w, b])), [(a - y) * x, a - y], rtol=1e-8)


def check_backpropagation_chain():
    # A chain of one-unit sigmoid layers a_l = σ(w_l a_{l-1} + b_l) with L = a_D:
    # the product formula equals a finite difference of the network.
    rng = np.random.default_rng(1)
    weights, biases = rng.normal(size=6), rng.normal(size=6)

    def network(first_bias):
        a, pre_activations = 0.3, []
        for layer, (w, b) in enumerate(zip(weights, biases)):
            z = w * a + (first_bias if layer == 0 else b)
            pre_activations.append(z)
            a = 1 / (1 + np.exp(-z))
        return a, pre_activations

    _, pre = network(biases[0])
    product = losses.sigmoid_grad(pre[0]) * np.prod([w * losses.sigmoid_grad(z) for w, z in zip(weights[1:], pre[1:])])
    same(product, central_difference(lambda b: network(float(b))[0], np.array(biases[0])), rtol=1e-6)
    assert np.all(np.abs(weights * losses.sigmoid_grad(np.array(pre))) <= np.abs(weights) / 4)


def check_negative_log():
    p = np.linspace(0.01, 0.99, 99)
    same(losses.binary_cross_entropy(p, np.ones_like(p), reduction="none"), -np.log(p))
    same(losses.binary_cross_entropy(p, np.zeros_like(p), reduction="none"), -np.log(1 - p))


def _rows(seed, rows=3, classes=4):
    z = np.random.default_rng(seed).normal(size=(rows, classes))
    return z, np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)


def check_softmax_cross_entropy():
    z, p = _rows(2)
    y = np.array([2, 0, 3])
    q = np.eye(4)[y]
    same(losses.cross_entropy(z, q, reduction="none"), -(q * np.log(p)).sum(axis=1))
    same(losses.cross_entropy(z, y, reduction="none"), -np.log(p[np.arange(3), y]))


def check_softmax_cross_entropy_gradient():
    z, p = _rows(3)
    q = np.eye(4)[[1, 3, 0]]
    same(losses.cross_entropy_grad(z, q, reduction="sum"), p - q)


def check_label_smoothing():
    z, p = _rows(4, classes=5)
    y, epsilon = np.array([4, 0, 2]), 0.1
    q = (1 - epsilon) * np.eye(5)[y] + epsilon / 5
    same(losses.cross_entropy(z, y, label_smoothing=epsilon, reduction="none"), -(q * np.log(p)).sum(axis=1))
    same(losses.cross_entropy_grad(z, y, label_smoothing=epsilon, reduction="sum"), p - q)


def check_initialisation_variance():
    # Weights drawn afresh for every sample, independent of the inputs, as the argument assumes.
    rng = np.random.default_rng(3)
    fan_in, samples, variance = 64, 50_000, 0.02
    a = losses.relu(rng.normal(size=(samples, fan_in)))
    w = rng.normal(scale=np.sqrt(variance), size=(samples, fan_in))
    z = (w * a).sum(axis=1)
    same(z.var(), fan_in * variance * np.mean(a**2), rtol=0.03)


def check_initialisation_schemes():
    # He: ReLU keeps half of a symmetric z's second moment, so Var(w) = 2/n_in keeps the scale.
    z = np.random.default_rng(4).normal(size=1_000_000)
    same(np.mean(losses.relu(z) ** 2), 0.5, rtol=0.01)
    he = losses.layer_gradient_norms("relu", depth=30, weight_gain=np.sqrt(2))
    halving = losses.layer_gradient_norms("relu", depth=30, weight_gain=1.0)
    assert 0.5 < he[0] / he[-1] < 2
    assert 0.3 < (halving[0] / halving[-1]) / 0.5 ** (29 / 2) < 3  # 29 halvings of the variance
    # Xavier for square layers (n_in = n_out = n) is 2/(2n) = 1/n: a linear chain keeps its gradient.
    linear = losses.layer_gradient_norms("linear", depth=30, weight_gain=1.0)
    assert 0.3 < linear[0] / linear[-1] < 3

# --- Where losses come from (likelihood.md)

def check_maximum_likelihood():
    # For a constant Bernoulli model the likelihood peaks, and the mean negative
    # log-likelihood (binary cross-entropy) bottoms out, at the observed frequency.
    labels = np.array([1.0, 0.0, 1.0, 1.0, 0.0, 1.0, 1.0, 0.0])
    grid = np.linspace(0.001, 0.999, 999)
    likelihood = [np.prod(p**labels * (1 - p) ** (1 - labels)) for p in grid]
    mean_loss = [losses.binary_cross_entropy(np.full(labels.size, p), labels) for p in grid]
    assert np.argmax(likelihood) == np.argmin(mean_loss)
    same(grid[np.argmin(mean_loss)], labels.mean())


def check_gaussian_negative_log_likelihood():
    y, prediction, sigma = np.array([1.0, 2.0, 4.0]), np.array([1.5, 1.5, 3.0]), 0.7
    density = np.exp(-((y - prediction) ** 2) / (2 * sigma**2)) / np.sqrt(2 * np.pi * sigma**2)
    per_element = losses.mse(prediction, y, reduction="none") / (2 * sigma**2) + 0.5 * np.log(2 * np.pi * sigma**2)
    same(per_element, -np.log(density))


def check_bernoulli_negative_log_likelihood():
    p, y = np.array([0.9, 0.2, 0.6, 0.35]), np.array([1.0, 0.0, 0.0, 1.0])
    same(losses.binary_cross_entropy(p, y, reduction="none"), -np.log(p**y * (1 - p) ** (1 - y)))


def check_categorical_negative_log_likelihood():
    z, p = _rows(5)
    y = np.array([3, 1, 0])
    same(losses.cross_entropy(z, y, reduction="none"), -np.log(p[np.arange(3), y]))
    same(losses.cross_entropy(z, y, reduction="none"), np.log(np.exp(z).sum(axis=1)) - z[np.arange(3), y])


def check_cross_entropy_decomposition():
    z, p = _rows(6)
    q = np.random.default_rng(7).dirichlet(np.ones(4), size=3)
    entropy = -(q * np.log(q)).sum(axis=1)
    divergence = losses.kl_div(losses.log_softmax(z), q, reduction="none").sum(axis=1)
    same(divergence, (q * np.log(q / p)).sum(axis=1))
    same(losses.cross_entropy(z, q, reduction="none"), entropy + divergence)


def check_nielsen_required_gradient():
    a, y = np.array([0.2, 0.5, 0.9, 0.7]), np.array([1.0, 1.0, 0.0, 0.3])
    same(losses.binary_cross_entropy_grad(a, y, reduction="none"), (a - y) / (a * (1 - a)))
    same(losses.binary_cross_entropy_grad(a, y, reduction="none"), -y / a + (1 - y) / (1 - a))
    z = np.log(a / (1 - a))  # so that σ(z) = a
    same(losses.binary_cross_entropy_with_logits_grad(z, y, reduction="none"), a - y, rtol=1e-10)


def check_nielsen_integrated():
    # The integral of ∂L/∂a from a_0 to a_1 is the change of binary cross-entropy.
    for y in (1.0, 0.0, 0.3):
        grid = np.linspace(0.2, 0.9, 200001)
        integral = np.trapezoid(-y / grid + (1 - y) / (1 - grid), grid)
        change = losses.binary_cross_entropy([0.9], [y]) - losses.binary_cross_entropy([0.2], [y])
        same(integral, change, rtol=1e-9)


def check_two_class_softmax():
    z1, z0 = np.array([1.3, -2.0, 40.0]), np.array([-0.4, 0.5, 1.0])
    same(losses.softmax(np.stack([z1, z0], axis=1))[:, 0], losses.sigmoid(z1 - z0))
    same(losses.cross_entropy(np.stack([z1, z0], axis=1), np.zeros(3, dtype=int), reduction="none"),
         losses.binary_cross_entropy_with_logits(z1 - z0, np.ones(3), reduction="none"))


def check_multi_label_cross_entropy():
    z = np.random.default_rng(8).normal(size=(4, 3))
    y = (np.random.default_rng(9).random((4, 3)) < 0.5).astype(float)
    a = 1 / (1 + np.exp(-z))
    same(losses.binary_cross_entropy_with_logits(z, y), np.mean(-(y * np.log(a) + (1 - y) * np.log(1 - a))))


# --- Class weights, ignored targets and positive weights (weights.md)

def check_smoothed_weighted_mean():
    z, p = _rows(10, rows=5, classes=4)
    y, w, epsilon = np.array([3, -100, 0, 2, 0]), np.array([0.5, 2.0, 1.0, 3.0]), 0.2
    kept = y != -100
    negative_log = -np.log(p[kept])
    numerator = ((1 - epsilon) * w[y[kept]] * negative_log[np.arange(kept.sum()), y[kept]]
                 + epsilon / 4 * (negative_log * w).sum(axis=1)).sum()
    same(losses.cross_entropy(z, y, weight=w, label_smoothing=epsilon), numerator / w[y[kept]].sum())


def check_probability_target_mean():
    z, p = _rows(11, rows=5, classes=4)
    q, w = np.random.default_rng(12).dirichlet(np.ones(4), size=5), np.array([0.5, 2.0, 1.0, 3.0])
    same(losses.cross_entropy(z, q, weight=w), np.mean(-(w * q * np.log(p)).sum(axis=1)))


def check_binary_weighted_mean():
    z = np.random.default_rng(13).normal(size=(3, 4))
    y = (z > 0.3).astype(float)
    w = np.random.default_rng(14).uniform(0, 3, size=(3, 4))
    for loss, first in ((losses.binary_cross_entropy, 1 / (1 + np.exp(-z))), (losses.binary_cross_entropy_with_logits, z)):
        same(loss(first, y, weight=w), np.sum(w * loss(first, y, reduction="none")) / y.size)


# --- KL divergence (kl-divergence.md)

def check_kl_reductions():
    q = np.random.default_rng(15).dirichlet(np.ones(5), size=3)
    x = losses.log_softmax(np.random.default_rng(16).normal(size=(3, 5)))
    per_sample = (q * (np.log(q) - x)).sum(axis=1)
    same(losses.kl_div(x, q, reduction="batchmean"), per_sample.mean())
    same(losses.kl_div(x, q, reduction="mean"), per_sample.sum() / (3 * 5))


def check_kl_log_target():
    q = np.random.default_rng(17).dirichlet(np.ones(5), size=3)
    x = losses.log_softmax(np.random.default_rng(18).normal(size=(3, 5)))
    t = np.log(q)
    same(losses.kl_div(x, t, log_target=True, reduction="none"), np.exp(t) * (t - x))
    same(losses.kl_div(x, t, log_target=True, reduction="none"), losses.kl_div(x, q, reduction="none"))


def check_kl_gradient_logits():
    z, p = _rows(19)
    q = np.random.default_rng(20).dirichlet(np.ones(4), size=3)

    def divergence(logits):
        return losses.kl_div(losses.log_softmax(logits), q, reduction="sum")

    same(central_difference(divergence, z), p - q, rtol=1e-6)
    same(losses.cross_entropy_grad(z, q, reduction="sum"), p - q)


# --- Focal loss (focal-loss.md)

def check_focal_ratio():
    z = np.array([3.0, -3.0, 0.5, -1.0])
    y = np.array([1.0, 1.0, 0.0, 0.0])
    p = 1 / (1 + np.exp(-z))
    p_t = np.where(y == 1, p, 1 - p)
    for alpha, gamma in ((0.25, 2.0), (-1.0, 0.5)):
        alpha_t = 1.0 if alpha < 0 else np.where(y == 1, alpha, 1 - alpha)
        ratio = (losses.sigmoid_focal_loss(z, y, alpha=alpha, gamma=gamma, reduction="none")
                 / losses.binary_cross_entropy_with_logits(z, y, reduction="none"))
        same(ratio, alpha_t * (1 - p_t) ** gamma)
        same(losses.binary_cross_entropy_with_logits(z, y, reduction="none"), -np.log(p_t))


# --- The hinge family (hinge.md)

def check_logistic_margin_loss():
    s, y = np.array([-2.0, 0.0, 0.5, 3.0]), np.array([1.0, -1.0, 1.0, -1.0])
    same(losses.binary_cross_entropy_with_logits(s, (y + 1) / 2, reduction="none"), np.log1p(np.exp(-y * s)))
    same(losses.softplus(-y * s), np.log1p(np.exp(-y * s)))


# --- A practitioner's checklist (checklist.md)

def check_initial_loss():
    for classes in (2, 10, 1000):
        scores = np.zeros((3, classes))
        target = np.array([0, classes - 1, 1])
        same(losses.cross_entropy(scores, target), np.log(classes))
        same(losses.multiclass_hinge(scores, target, margin=1.5), (classes - 1) * 1.5)


def check_sigmoid_rounding():
    for dtype, bits in ((np.float32, 24), (np.float64, 53)):
        z = np.arange(10.0, 40.0, 0.001).astype(dtype)
        with np.errstate(over="ignore"):
            one = dtype(1) / (dtype(1) + np.exp(-z)) == 1
        first = float(z[np.argmax(one)])
        assert np.all(one[np.argmax(one):]) and not one[0]
        assert abs(first - bits * np.log(2)) < 0.002, (dtype, first)


def adam_rule(gradients, weight, decay, *, decoupled, rate=1e-3, beta1=0.9, beta2=0.999, epsilon=1e-8):
    """The two update rules of the checklist page, transcribed: Adam with L2 (``decoupled=False``) or AdamW."""
    first = second = np.zeros_like(weight)
    for step, loss_gradient in enumerate(gradients, 1):
        gradient = loss_gradient if decoupled else loss_gradient + decay * weight
        first = beta1 * first + (1 - beta1) * gradient
        second = beta2 * second + (1 - beta2) * gradient**2
        adaptive = (first / (1 - beta1**step)) / (np.sqrt(second / (1 - beta2**step)) + epsilon)
        weight = weight - rate * (adaptive + (decay * weight if decoupled else 0.0))
    return weight


def check_adam_l2():
    # With no loss gradient, Adam normalises the L2 term away: every step is
    # about η·sign(w), whatever λ is.
    for decay in (1e-4, 1e-2, 1.0):
        same(adam_rule(np.zeros(10), 2.0, decay, decoupled=False), 2.0 - 10 * 1e-3, rtol=1e-5)


def check_adamw_decoupled():
    # With no loss gradient, decoupled decay multiplies w by 1 - ηλ each step.
    for decay in (1e-4, 1e-2, 1.0):
        same(adam_rule(np.zeros(10), 2.0, decay, decoupled=True), 2.0 * (1 - 1e-3 * decay) ** 10)


def check_global_norm():
    layers = [np.array([3.0, 4.0]), np.array([[0.3], [0.4]]), np.array([12.0])]
    total = np.sqrt(sum(float(np.sum(g**2)) for g in layers))
    clipped, norm = losses.clip_grad_norm(np.concatenate([g.ravel() for g in layers]), max_norm=1.0)
    same(norm, total)
    same(clipped, np.concatenate([g.ravel() for g in layers]) * min(1.0, 1.0 / (total + 1e-6)))


CHECKS = {name.removeprefix("check_").replace("_", "-"): function
          for name, function in dict(globals()).items() if name.startswith("check_")}
