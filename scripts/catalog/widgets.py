"""The interactive figures and their JavaScript kernels, declared once.

Two consumers loop over this module: tests/test_widget_kernels.py evaluates
every kernel of docs/assets/widgets/kernels.js on its grid (``KERNELS``) and
compares it with the NumPy reference and the mpmath oracle; the browser suite
(tests/browser/test_widgets.py) moves each figure's controls and compares what
is drawn with ``FIGURES[name].reference(settings)``.  Adding a figure means a
kernel here (if it needs a new one), a figure entry here, and its controls'
moves in the browser test.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from fractions import Fraction
from typing import Callable

import numpy as np

import losses

from . import entry
from .exact import mp


def ulp_distance(computed: float, exact) -> float:
    """|computed - exact| in ulp of `exact` rounded to float64 (exact: a float or an mpf).

    0 for two NaNs and for the same infinity (also where an mpf beyond the float
    range rounds to it), inf for any other non-finite pair.
    """
    exact_float = float(exact)
    if math.isnan(computed) or math.isnan(exact_float):
        return 0.0 if math.isnan(computed) and math.isnan(exact_float) else math.inf
    if computed == exact_float and (math.isinf(computed) or exact == exact_float):
        return 0.0
    if math.isinf(computed) or math.isinf(exact_float):
        return math.inf
    if isinstance(exact, float):
        return float(abs(Fraction(computed) - Fraction(exact)) / Fraction(math.ulp(exact)))
    return float(abs(mp(computed) - exact) / mp(math.ulp(exact_float)))


# ---------------------------------------------------------------------------
# The grid.

SUBNORMAL = [5e-324, 2.5e-320, 1e-310]
NEAR_OVERFLOW = [1e300, 1.7976931348623157e308]
Z_VALUES = sorted({sign * value for value in
                   [0.0, 1e-300, 1e-16, 1e-8, 0.25, 0.5, 1.0, 1.0986122886681098, 2.0, 5.0, 10.0, 16.6, 20.0, 30.0,
                    36.0, 37.0, 40.0, 100.0, 300.0, 700.0, 708.0, 709.78, 710.0, 745.0, 745.13, 746.0, 1e4,
                    2.2250738585072014e-308, *SUBNORMAL, *NEAR_OVERFLOW]
                   for sign in (1.0, -1.0)} | {float(v) for v in np.linspace(-12, 12, 97)})
Z_EXTREME = [-math.inf, math.inf, math.nan]
Z_GRID = Z_VALUES + Z_EXTREME
# Where two exp implementations differ in the last bit is found only by
# sampling densely: the kernels built on exp get 2,000 more points.
_RANDOM = np.random.default_rng(12)
Z_DENSE = Z_GRID + sorted(set(_RANDOM.uniform(-40, 40, 2000).tolist()))
# Soft labels, and labels equal to sigma(z) rounded: there sigma(z) - y is all cancellation.
BCE_TARGETS = [0.0, 1.0, 0.25, 0.5, 0.9, 1e-6]
BCE_CANCELLING = [(z, float(losses.sigmoid(z))) for z in (-3.0, -1.0986122886681098, 0.3, 2.5, 12.0)]

RESIDUAL_INPUTS = [-1e150, -3.0, -1.0, -0.3, 0.0, 1e-300, 0.3, 0.999, 1.0, 2.5, 1e8, 1e150, 5e-324, -1e-310,
                   1.7976931348623157e308, -1.7976931348623157e308, math.nan, math.inf]
RESIDUAL_TARGETS = [0.0, 0.5, -2.0]
BETAS = [0.0, 1e-300, 0.5, 1.0, 2.0, 3.7, 1e200, 1e300, 1.7976931348623157e308]
DELTAS = [1e-300, 0.5, 1.0, 2.0, 3.7, 1e200, 1e300]


def threshold_boundary(threshold: float) -> list[float]:
    """Residuals at and one float either side of the threshold, both signs."""
    near = [threshold, math.nextafter(threshold, 0.0), math.nextafter(threshold, math.inf)]
    return [float(sign * value) for value in near for sign in (1.0, -1.0)]


def regression_points(parameters: list[float]) -> list[tuple]:
    points = [(x, y, p) for x in RESIDUAL_INPUTS for y in RESIDUAL_TARGETS for p in parameters]
    points += [(x, 0.0, p) for p in parameters if 0 < p < math.inf for x in threshold_boundary(p)]
    points += [(float(x), 0.0, p) for x in np.linspace(-4, 4, 81) for p in (0.5, 1.0, 2.0)]
    return points


ROWS = [[0.0, 0.0, 0.0], [1.0, 2.0, 3.0], [3.2, 5.1, -1.7], [40.0, 0.0, 0.0], [-36.0, 0.0, -50.0],
        [700.0, 699.0, -700.0], [1e4, -1e4, 0.0], [1e-10, 0.0, -1e-10], [20.0, 19.0, -5.0], [0.1, -7.3, 2.9],
        # ties, near-ties and a dominant class
        [2.0, 2.0, 2.0], [5.0, 5.0, 1.0], [1.0, float(np.nextafter(1.0, 2.0)), 0.0], [800.0, 0.0, -800.0],
        [-1e4, 0.0, 0.0], [36.0, 0.0, 0.0], [3.0, 2.0, 0.0],
        # subnormal and near-overflow logits, a masked class, NaN
        [5e-324, 0.0, -5e-324], [1e-310, 2e-310, 0.0], [1.7976931348623157e308, 1.6e308, 0.0],
        [1.7976931348623157e308, -1.7976931348623157e308, 0.0], [-math.inf, 1.0, 2.0], [math.nan, 0.0, 1.0],
        *_RANDOM.normal(0.0, 4.0, size=(200, 3)).tolist()]
# The figures use two and three classes; rows of five and seven take the
# paths the package takes for more (the hinge's exact sum from five terms on).
WIDE_ROWS = [[1.0, 2.0, 3.0, 4.0, 5.0], [40.0, 0.0, 0.0, -3.0, 1.0], [3.2, 5.1, -1.7, 4.0, 5.1, 0.0, 2.2],
             *_RANDOM.normal(0.0, 4.0, size=(20, 5)).tolist(), *_RANDOM.normal(0.0, 4.0, size=(20, 7)).tolist()]
SMOOTHING = [0.0, 0.1, 0.5, 1.0]
PROBABILITY_TARGETS = [[0.2, 0.3, 0.5], [0.0, 1.0, 0.0], [0.1, 0.9, 0.0]]
MARGINS = [0.0, 1.0, 2.5]
FOCAL_Z = [z for z in Z_VALUES if abs(z) in (0.0, 1e-300, 0.25, 0.5, 1.0, 2.0, 5.0, 10.0, 20.0, 36.0, 40.0, 100.0,
                                             700.0, 745.13, 746.0, 1e4, 5e-324, 1e300)] + [-3.5, 1.5, 3.0]
FOCAL_PARAMETERS = [(alpha, gamma) for alpha in (0.25, 0.9, -1.0) for gamma in (0.0, 0.5, 2.0, 5.0)]


# ---------------------------------------------------------------------------
# What is compared: each kernel, its points, the reference and the oracle.
#
# The reference is called on many points at once, grouped only by what one
# call shares (the parameter values, the number of classes, the kind of
# target): `losses` computes each sample from its own inputs alone, bit for bit
# (tests/test_contract.py), whatever its neighbours.

def batched(key: Callable, evaluate: Callable) -> Callable:
    """A reference over a list of points: `evaluate(points)` once per group of points with equal `key`."""
    def reference(points):
        groups = defaultdict(list)
        for index, point in enumerate(points):
            groups[key(index, point)].append(index)
        results = [None] * len(points)
        # Overflow to inf where the exact value overflows too is the right answer, not a warning.
        with np.errstate(all="ignore"):
            for indices in groups.values():
                for index, value in zip(indices, evaluate([points[i] for i in indices])):
                    results[index] = value
        return results
    return reference


def _floats(array) -> list:
    return np.asarray(array, dtype=float).tolist()


def elementwise(function, keywords: tuple[str, ...] = ()):
    """`function(*columns)` on the points' columns; the last columns, named in `keywords`, are scalars."""
    names = list(keywords)

    def evaluate(points):
        columns = list(zip(*points))
        arrays = [np.array(column) for column in columns[:len(columns) - len(names)]]
        keywords = {name: columns[len(columns) - len(names) + i][0] for i, name in enumerate(names)}
        return _floats(function(*arrays, **keywords))

    return batched(lambda _, point: point[len(point) - len(names):], evaluate)


def bce_reference(function):
    def evaluate(points):
        z, y = (np.array(column) for column in zip(*points))
        return _floats(function(z, y, reduction="none"))
    return batched(lambda _, point: None, evaluate)


def multiclass(function, keyword):
    """`function(rows, targets, **{keyword: value})` for (row, target, value) points."""
    def evaluate(points):
        rows, targets, values = zip(*points)
        target_array = np.array(targets, dtype=int if isinstance(targets[0], int) else float)
        result = function(np.array(rows), target_array, reduction="none", **{keyword: values[0]})
        return _floats(result)

    def key(index, point):
        row, target, value = point
        return len(row), isinstance(target, int), value

    return batched(key, evaluate)


def rowwise(function):
    return batched(lambda index, point: len(point[0]),
                   lambda points: _floats(function(np.array([row for row, in points]))))


@dataclass
class Kernel:
    js: str  # its name in LossesKernels
    points: list[tuple]  # the arguments of each call, in the JavaScript order
    exact: Callable  # mpmath: point -> mpf or list of mpf
    reference: Callable  # NumPy `losses`: list of points -> list of floats (or lists of floats)
    # point, component -> the size of the operands of a final subtraction (p_k and
    # q_k for p_k - q_k); where that subtraction cancels, errors are counted in ulp of it.
    operand_scale: Callable | None = None


def multiclass_points(targets_and_values):
    return [(row, target, value) for row in ROWS for target, value in targets_and_values] + \
           [(row, target, value) for row in WIDE_ROWS for target, value in targets_and_values
            if isinstance(target, int)]


CROSS_ENTROPY_TARGETS = [(k, epsilon) for k in range(3) for epsilon in SMOOTHING] + \
                        [(q, epsilon) for q in PROBABILITY_TARGETS for epsilon in (0.0, 0.1)]
HINGE_TARGETS = [(k, margin) for k in range(3) for margin in MARGINS]
BCE_POINTS = [(z, y) for z in Z_GRID for y in BCE_TARGETS] + [(z, y) for z in Z_DENSE[len(Z_GRID):]
                                                                for y in (0.0, 1.0, 0.25)] + BCE_CANCELLING
BINARY_HINGE_POINTS = [(s, y, squared) for s in Z_GRID for y in (-1.0, 1.0) for squared in (False, True)]
FOCAL_POINTS = [(z, y, alpha, gamma) for z in FOCAL_Z for y in (0.0, 1.0, 0.25) for alpha, gamma in FOCAL_PARAMETERS]
Z_POINTS = [(z,) for z in Z_DENSE]


def oracle(name: str, gradient: bool = False, keywords: tuple[str, ...] = ()) -> Callable:
    """The catalog's mpmath oracle of `name`, called with a point's trailing arguments by keyword."""
    found = entry(name).exact_gradient if gradient else entry(name).exact

    def exact(*point):
        positional, named = point[:len(point) - len(keywords)], point[len(point) - len(keywords):]
        return found(*positional, **dict(zip(keywords, named)))

    return exact


def _with(function, **fixed):
    return lambda *columns, **keywords: function(*columns, reduction="none", **fixed, **keywords)


def _kernel(js: str, name: str, points, reference, *, gradient=False, keywords=(), operand_scale=None) -> Kernel:
    return Kernel(js, points, oracle(name, gradient, keywords), reference, operand_scale)


def probability_and_target_scale(point, component) -> float:
    """max(p_k, q_k) of a cross-entropy gradient p_k - q_k at `point` = (row, target, smoothing), 0 if q_k is 0 or 1."""
    row, target, smoothing = point
    classes = len(row)
    probability = float(losses.softmax(np.asarray(row, dtype=float))[component])
    hard = np.eye(classes)[target] if isinstance(target, int) else np.asarray(target, dtype=float)
    mass = float((1 - smoothing) * hard[component] + smoothing / classes)
    # q_k = 0 subtracts nothing, and 1 - p_k for q_k = 1 is computed without cancelling
    # (the reference does; a naive port does not): no allowance there.
    return 0.0 if mass in (0.0, 1.0) else max(probability, mass)


KERNELS = {
    "sigmoid": _kernel("sigmoid", "sigmoid", Z_POINTS, elementwise(losses.sigmoid)),
    "sigmoid_grad": _kernel("sigmoidGrad", "sigmoid", Z_POINTS, elementwise(losses.sigmoid_grad), gradient=True),
    "tanh_grad": _kernel("tanhGrad", "tanh", Z_POINTS, elementwise(losses.tanh_grad), gradient=True),
    "relu_grad": _kernel("reluGrad", "relu", Z_POINTS, elementwise(losses.relu_grad), gradient=True),
    "softmax": _kernel("softmax", "softmax", [(row,) for row in ROWS + WIDE_ROWS], rowwise(losses.softmax)),
    "cross_entropy": _kernel("crossEntropy", "cross_entropy", multiclass_points(CROSS_ENTROPY_TARGETS),
                             multiclass(losses.cross_entropy, "label_smoothing"), keywords=("label_smoothing",)),
    "cross_entropy_grad": _kernel("crossEntropyGrad", "cross_entropy", multiclass_points(CROSS_ENTROPY_TARGETS),
                                  multiclass(losses.cross_entropy_grad, "label_smoothing"), gradient=True,
                                  keywords=("label_smoothing",), operand_scale=probability_and_target_scale),
    "binary_cross_entropy_with_logits": _kernel(
        "bceWithLogits", "binary_cross_entropy_with_logits", BCE_POINTS,
        bce_reference(losses.binary_cross_entropy_with_logits)),
    "binary_cross_entropy_with_logits_grad": _kernel(
        "bceWithLogitsGrad", "binary_cross_entropy_with_logits", BCE_POINTS,
        bce_reference(losses.binary_cross_entropy_with_logits_grad), gradient=True),
    "multiclass_hinge": _kernel("multiclassHinge", "multiclass_hinge", multiclass_points(HINGE_TARGETS),
                                multiclass(losses.multiclass_hinge, "margin"), keywords=("margin",)),
    "multiclass_hinge_grad": _kernel("multiclassHingeGrad", "multiclass_hinge", multiclass_points(HINGE_TARGETS),
                                     multiclass(losses.multiclass_hinge_grad, "margin"), gradient=True,
                                     keywords=("margin",)),
    "binary_hinge": _kernel("binaryHinge", "binary_hinge", BINARY_HINGE_POINTS,
                            elementwise(_with(losses.binary_hinge), ("squared",)), keywords=("squared",)),
    "binary_hinge_grad": _kernel("binaryHingeGrad", "binary_hinge", BINARY_HINGE_POINTS,
                                 elementwise(_with(losses.binary_hinge_grad), ("squared",)), gradient=True,
                                 keywords=("squared",)),
    "smooth_l1": _kernel("smoothL1", "smooth_l1", regression_points(BETAS),
                         elementwise(_with(losses.smooth_l1), ("beta",)), keywords=("beta",)),
    "smooth_l1_grad": _kernel("smoothL1Grad", "smooth_l1", regression_points(BETAS),
                              elementwise(_with(losses.smooth_l1_grad), ("beta",)), gradient=True,
                              keywords=("beta",)),
    "huber": _kernel("huber", "huber", regression_points(DELTAS),
                     elementwise(_with(losses.huber), ("delta",)), keywords=("delta",)),
    "huber_grad": _kernel("huberGrad", "huber", regression_points(DELTAS),
                          elementwise(_with(losses.huber_grad), ("delta",)), gradient=True, keywords=("delta",)),
    "sigmoid_focal_loss": _kernel("sigmoidFocalLoss", "sigmoid_focal_loss", FOCAL_POINTS,
                                  elementwise(_with(losses.sigmoid_focal_loss), ("alpha", "gamma")),
                                  keywords=("alpha", "gamma")),
    "sigmoid_focal_loss_grad": _kernel("sigmoidFocalLossGrad", "sigmoid_focal_loss", FOCAL_POINTS,
                                       elementwise(_with(losses.sigmoid_focal_loss_grad), ("alpha", "gamma")),
                                       gradient=True, keywords=("alpha", "gamma")),
}
# Textbook formulas (defined in the test's runner), to show that the comparison
# can fail: each is compared as the kernel it would replace, on ordinary inputs
# only (that a naive formula overflows at 1e4 is no news).
NAIVE = {
    "naive.crossEntropyGrad": ("cross_entropy_grad", [(row, target, 0.0) for row in ROWS
                                                      if max(map(abs, row)) <= 50 for target in range(3)]),
    "naive.bceWithLogitsGrad": ("binary_cross_entropy_with_logits_grad", [(z, 1.0) for z in Z_GRID if abs(z) <= 40]),
}
# sigma(z) - 1 at z = 30, where the naive form keeps only a thousandth of the digits.
NAIVE_EXAMPLE = ("naive.bceWithLogitsGrad", (30.0, 1.0))


# ---------------------------------------------------------------------------
# The interactive figures: what `losses` says each must show, for the settings
# its controls show.  Each reference takes the settings (control name -> value)
# and returns the curves (x -> y), markers, bars, bands, level lines and printed
# numbers, keyed as the figure's data attributes key them.

def _none(function, *arrays, **keywords):
    return np.asarray(function(*arrays, reduction="none", **keywords), dtype=float)


def smooth_l1_reference(s):
    def at(function, parameter, name):
        return lambda x: _none(function, np.asarray(x, float), np.zeros_like(np.asarray(x, float)),
                               **{name: parameter})
    curves = {"smooth_l1": at(losses.smooth_l1, s["beta"], "beta"),
              "smooth_l1_grad": at(losses.smooth_l1_grad, s["beta"], "beta"),
              "huber": at(losses.huber, s["delta"], "delta"), "huber_grad": at(losses.huber_grad, s["delta"], "delta")}
    r = [s["r"]]
    return {
        "curves": curves,
        "markers": {"loss": s["r"], "gradient": s["r"]},
        "bands": {"smooth_l1": (-s["beta"], s["beta"]), "huber": (-s["delta"], s["delta"])},
        "numbers": {("loss", 0): curves["smooth_l1"](r)[0], ("loss", 1): curves["huber"](r)[0],
                    ("gradient", 0): curves["smooth_l1_grad"](r)[0], ("gradient", 1): curves["huber_grad"](r)[0]},
    }


def binary_hinge(score, target, squared):
    score = np.asarray(score, float)
    return _none(losses.binary_hinge, score, np.full_like(score, target), squared=squared)


def binary_hinge_grad(score, target, squared):
    score = np.asarray(score, float)
    return _none(losses.binary_hinge_grad, score, np.full_like(score, target), squared=squared)


def logistic(score, target):
    score = np.asarray(score, float)
    return _none(losses.binary_cross_entropy_with_logits, score, np.full_like(score, (target + 1) / 2))


def logistic_grad(score, target):
    score = np.asarray(score, float)
    return _none(losses.binary_cross_entropy_with_logits_grad, score, np.full_like(score, (target + 1) / 2))


def margin_losses_reference(s):
    score, target = s["score"], s["target"]
    pairs = [("hinge", lambda x, y: binary_hinge(x, y, False), lambda x, y: binary_hinge_grad(x, y, False)),
             ("squared_hinge", lambda x, y: binary_hinge(x, y, True), lambda x, y: binary_hinge_grad(x, y, True)),
             ("logistic", logistic, logistic_grad)]
    curves, numbers = {}, {("margin", None): target * score}
    for index, (name, loss, grad) in enumerate(pairs):
        curves[name] = lambda m, loss=loss: np.asarray(loss(m, 1.0), float)
        curves[name + "_grad"] = lambda m, grad=grad: np.asarray(grad(m, 1.0), float)
        numbers[("loss", index)] = float(np.asarray(loss([score], target))[0])
        numbers[("gradient", index)] = float(np.asarray(grad([score], target))[0])
    return {"curves": curves, "markers": {"loss": target * score, "gradient": target * score}, "numbers": numbers}


def hinge_margin_reference(s):
    scores, target, margin = np.array([s["s0"], s["s1"], s["s2"]]), int(s["target"]), s["margin"]
    terms = [0.0 if j == target else float(losses.multiclass_hinge(np.array([[scores[target], scores[j]]]),
                                                                   np.array([0]), margin=margin))
             for j in range(3)]
    gradient = losses.multiclass_hinge_grad(scores[None], np.array([target]), margin=margin, reduction="sum")[0]
    numbers = {("loss", None): float(losses.multiclass_hinge(scores[None], np.array([target]), margin=margin))}
    for c in range(3):
        numbers[("term", c)] = terms[c]
        numbers[("gradient", c)] = float(gradient[c])
    return {"bars": {"score": list(scores), "term": terms}, "lines": {"level": scores[target] + margin},
            "numbers": numbers}


def softmax_reference(s):
    logits, temperature = np.array([s["z0"], s["z1"], s["z2"]]), s["temperature"]
    target, epsilon = int(s["target"]), s["epsilon"]
    scaled = logits / temperature
    probabilities = losses.softmax(scaled)
    q = [(1 - epsilon) * (1.0 if c == target else 0.0) + epsilon / 3 for c in range(3)]
    gradient = losses.cross_entropy_grad(scaled[None], np.array([target]), label_smoothing=epsilon,
                                         reduction="sum")[0] / temperature
    numbers = {("loss", None): float(losses.cross_entropy(scaled[None], np.array([target]),
                                                          label_smoothing=epsilon))}
    for c in range(3):
        numbers[("probability", c)], numbers[("target", c)] = float(probabilities[c]), q[c]
        numbers[("gradient", c)] = float(gradient[c])
    return {"bars": {"logit": list(logits), "probability": list(probabilities), "target": q,
                     "gradient": list(gradient)}, "numbers": numbers}


ACTIVATION_DERIVATIVES = [("sigmoid", losses.sigmoid_grad), ("tanh", losses.tanh_grad), ("relu", losses.relu_grad)]


def vanishing_reference(s):
    z, weight, depth = s["z"], s["weight"], int(s["depth"])

    def product(derivative, layers):
        factor = weight * float(derivative(z))
        result = 1.0
        for _ in range(int(layers)):  # layer by layer, as back-propagation (and the figure) multiplies
            result *= factor
        return result

    curves, numbers = {}, {}
    for index, (name, derivative) in enumerate(ACTIVATION_DERIVATIVES):
        curves[name] = lambda x, derivative=derivative: np.asarray(derivative(np.asarray(x, float)), float)
        curves[name + "_product"] = lambda ls, derivative=derivative: np.array([product(derivative, l) for l in ls])
        numbers[("derivative", index)] = float(derivative(z))
        numbers[("factor", index)] = weight * float(derivative(z))
        numbers[("product", index)] = product(derivative, depth)
    return {"curves": curves, "markers": {"derivatives": z, "product": depth}, "numbers": numbers,
            # A factor n ulp off, raised to the k-th power, is nk ulp off.
            "ulp_factor": {"product": depth}}


def focal_loss(z, y, alpha, gamma):
    return _none(losses.sigmoid_focal_loss, z, np.full_like(z, y), alpha=alpha, gamma=gamma)


def focal_loss_grad(z, y, alpha, gamma):
    return _none(losses.sigmoid_focal_loss_grad, z, np.full_like(z, y), alpha=alpha, gamma=gamma)


def focal_reference(s):
    y, alpha, gamma = s["target"], s["alpha"], s["gamma"]
    curves = {
        "focal": lambda z: focal_loss(np.asarray(z, float), y, alpha, gamma),
        "focal_grad": lambda z: focal_loss_grad(np.asarray(z, float), y, alpha, gamma),
        "cross_entropy": lambda z: _none(losses.binary_cross_entropy_with_logits, np.asarray(z, float),
                                         np.full(np.shape(z), y)),
        "cross_entropy_grad": lambda z: _none(losses.binary_cross_entropy_with_logits_grad, np.asarray(z, float),
                                              np.full(np.shape(z), y)),
    }
    z = [s["z"]]
    numbers = {("loss", 0): curves["focal"](z)[0], ("loss", 1): curves["cross_entropy"](z)[0],
               ("gradient", 0): curves["focal_grad"](z)[0], ("gradient", 1): curves["cross_entropy_grad"](z)[0],
               ("probability", None): float(losses.sigmoid(s["z"]))}
    return {"curves": curves, "markers": {"loss": s["z"], "gradient": s["z"]}, "numbers": numbers}


@dataclass(frozen=True)
class Figure:
    page: str  # the page slug (the same in both languages)
    replaces: str | None  # the static figure it replaces, with JavaScript on
    reference: Callable[[dict], dict]


FIGURES = {
    "smooth-l1": Figure("smooth-l1", "smooth-l1-beta", smooth_l1_reference),
    "hinge-margin": Figure("hinge", "hinge-cat-dog-bird", hinge_margin_reference),
    "margin-losses": Figure("hinge", "hinge-binary", margin_losses_reference),
    "softmax": Figure("cross-entropy", None, softmax_reference),
    "vanishing-gradients": Figure("vanishing-gradients", None, vanishing_reference),
    "focal-loss": Figure("focal-loss", "focal-loss", focal_reference),
}
