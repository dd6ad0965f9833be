"""The kinds of input a function takes, and how to make them: samples, extremes, accuracy grids.

Every function of the catalog names one kind per case.  A kind makes

* ``sample(rng, n)``: ordinary inputs for the contract, gradient and
  conformance tests (n elements or samples);
* ``extremes()``: large, tiny and boundary inputs on which two correct
  implementations must still agree (the conformance tests);
* ``grid()``: the accuracy grid, as a list of batches, on which
  scripts/accuracy.py compares every implementation with mpmath.  The grid is
  built to find the failures that matter: both tails of every exponential,
  the thresholds where a naive formula breaks, subnormal and near-overflow
  inputs, dominant classes, near-ties and wide rows.

Inputs are float64 NumPy arrays; class indices are int64.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np

TINY = float(np.finfo(np.float64).smallest_subnormal)
HUGE = float(np.finfo(np.float64).max)


@dataclass(frozen=True)
class Batch:
    """Inputs evaluated in one call; every element (or row) is one accuracy point."""

    input: np.ndarray
    target: np.ndarray | None = None


@dataclass(frozen=True)
class Kind:
    name: str
    # Shown on the accuracy page, in both languages.
    grid_en: str
    grid_zh: str
    sample: Callable[[np.random.Generator, int], tuple]
    extremes: Callable[[], tuple]
    grid: Callable[[], list[Batch]]
    # Whether the function takes a target (losses) or only an input (activations).
    has_target: bool = True
    # Whether the input has a class axis (the multi-class losses and the softmax).
    per_sample: bool = False

    def __str__(self):
        return self.name


def _symmetric(values) -> np.ndarray:
    values = np.asarray(sorted(set(values)))
    return np.unique(np.concatenate([-values, values]))


# Pre-activations and logits: both tails of every exponential and the
# thresholds where formulas break: σ(z) rounds to 1 from z ≈ 16.6 in float32
# and 36.7 in float64, PyTorch's softplus switches to z at 20, e^z overflows
# beyond 709.78, and the subnormal and near-overflow ends.
LOGITS = _symmetric([0.0, TINY, 1e-310, 1e-300, 1e-8, 0.5, 1.0, 2.0, 5.0, 10.0, 15.0, 16.6, 17.0, 20.0, 20.5,
                     21.0, 25.0, 30.0, 35.0, 36.7, 37.0, 40.0, 100.0, 300.0, 700.0, 709.7, 710.0, 745.0, 1e4,
                     1e150, 1e308])


def _activation_grid():
    return [Batch(LOGITS)]


ELEMENTWISE = Kind(
    "elementwise",
    "z ∈ ±{0, 5e-324, 1e-310, 1e-300, 1e-8, 0.5, 1, 2, 5, 10, 15, 16.6, 17, 20, 20.5, 21, 25, 30, 35, 36.7, 37, "
    "40, 100, 300, 700, 709.7, 710, 745, 1e4, 1e150, 1e308}",
    "z ∈ ±{0, 5e-324, 1e-310, 1e-300, 1e-8, 0.5, 1, 2, 5, 10, 15, 16.6, 17, 20, 20.5, 21, 25, 30, 35, 36.7, 37, "
    "40, 100, 300, 700, 709.7, 710, 745, 1e4, 1e150, 1e308}",
    sample=lambda rng, n: (rng.normal(size=n) * 4, None),
    extremes=lambda: (np.array([-700.0, -40.0, -20.0, -3.0, -1.0, -1e-8, 0.0, 1e-8, 0.5, 1.0, 3.0, 20.0, 40.0,
                                700.0]), None),
    grid=_activation_grid,
    has_target=False,
)


# ---------------------------------------------------------------------------
# Element-wise losses

def _regression_grid():
    predictions = [-HUGE, -1e300, -1e150, -3.0, -1.0, -0.3, 0.0, TINY, 1e-300, 0.3, 0.5, 0.999, 1.0, 1.0000000000000002,
                   2.5, 1e8, 1e150, 1e306, HUGE]
    targets = [0.0, 0.5, -2.0, 1e-300, 1e300]
    # Residuals exactly at, and one ulp either side of, the Smooth L1 / Huber thresholds 1, 0.5 and 2.
    boundary = [threshold * side for threshold in (0.5, 1.0, 2.0)
                for side in (1.0, np.nextafter(1.0, 0.0), np.nextafter(1.0, 2.0))]
    pairs = [(x, y) for x in predictions for y in targets] + [(r, 0.0) for r in boundary] + [(-r, 0.0) for r in boundary]
    return [Batch(np.array([x for x, _ in pairs]), np.array([y for _, y in pairs]))]


REGRESSION = Kind(
    "regression",
    "ŷ ∈ {±1.8e308, −1e300, ±1e150, −3, −1, ±0.3, 0, 5e-324, 1e-300, 0.5, 0.999, 1, 1 + 2⁻⁵², 2.5, 1e8, 1e306} × "
    "y ∈ {0, 0.5, −2, 1e-300, 1e300}, and residuals at and one ulp either side of ±0.5, ±1, ±2",
    "ŷ ∈ {±1.8e308, −1e300, ±1e150, −3, −1, ±0.3, 0, 5e-324, 1e-300, 0.5, 0.999, 1, 1 + 2⁻⁵², 2.5, 1e8, 1e306} × "
    "y ∈ {0, 0.5, −2, 1e-300, 1e300}，以及恰在 ±0.5、±1、±2 处和两侧各差一个 ulp 的残差",
    sample=lambda rng, n: (rng.normal(size=n) * 3, rng.normal(size=n) * 3),
    extremes=lambda: (np.array([1e150, -1e150, 1e-300, 0.0, 1.0, -1.0, 0.5, 2.0, 1e8, -3.5]),
                      np.array([-1e150, 1e150, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, -1e8, 1e-8])),
    grid=_regression_grid,
)


def _probability_grid():
    probabilities = [0.0, TINY, 1e-300, 1e-11, 1e-6, 0.01, 0.1, 0.5, 0.9, 0.99, 1 - 1e-6, 1 - 1e-11,
                     1 - 2.0**-53, 1.0]
    labels = [0.0, 1.0, 0.3]
    pairs = [(p, y) for p in probabilities for y in labels]
    return [Batch(np.array([p for p, _ in pairs]), np.array([y for _, y in pairs]))]


PROBABILITY = Kind(
    "probability",
    "p ∈ {0, 5e-324, 1e-300, 1e-11, 1e-6, 0.01, 0.1, 0.5, 0.9, 0.99, 1 − 1e-6, 1 − 1e-11, 1 − 2⁻⁵³, 1} × y ∈ {0, 1, 0.3}",
    "p ∈ {0, 5e-324, 1e-300, 1e-11, 1e-6, 0.01, 0.1, 0.5, 0.9, 0.99, 1 − 1e-6, 1 − 1e-11, 1 − 2⁻⁵³, 1} × y ∈ {0, 1, 0.3}",
    sample=lambda rng, n: (rng.uniform(0.02, 0.98, size=n), rng.uniform(0, 1, size=n)),
    extremes=lambda: (np.array([0.0, 1.0, 1e-300, 1 - 1e-16, 0.5, 1e-10, 0.999]),
                      np.array([1.0, 0.0, 0.0, 1.0, 0.5, 0.3, 1.0])),
    grid=_probability_grid,
)

LOGIT_LABELS = (0.0, 1.0, 0.25, 0.9)


def _logit_grid():
    pairs = [(z, y) for z in LOGITS if abs(z) < 1e300 for y in LOGIT_LABELS]
    return [Batch(np.array([z for z, _ in pairs]), np.array([y for _, y in pairs]))]


LOGIT = Kind(
    "logits",
    "z as for the activations (up to ±1e150) × y ∈ {0, 1, 0.25, 0.9}",
    "z 同激活函数（至 ±1e150）× y ∈ {0, 1, 0.25, 0.9}",
    sample=lambda rng, n: (rng.normal(size=n) * 4, rng.uniform(0, 1, size=n)),
    extremes=lambda: (np.array([1e4, -1e4, 700.0, -700.0, 36.0, -36.0, 20.0, 0.0, -5.0]),
                      np.array([0.0, 1.0, 1.0, 0.0, 1.0, 1.0, 0.5, 0.3, 0.0])),
    grid=_logit_grid,
)


def _signed_grid():
    scores = [s for s in LOGITS if abs(s) < 1e300] + [0.999999, 1.0, 1.000001, -0.999999, -1.0000001]
    pairs = [(s, y) for s in scores for y in (-1.0, 1.0)]
    return [Batch(np.array([s for s, _ in pairs]), np.array([y for _, y in pairs]))]


SIGNED = Kind(
    "signed",
    "s as for the activations (up to ±1e150) and next to ±1, × y ∈ {−1, +1}",
    "s 同激活函数（至 ±1e150）及 ±1 附近，× y ∈ {−1, +1}",
    sample=lambda rng, n: (rng.normal(size=n) * 2, rng.choice([-1.0, 1.0], size=n)),
    extremes=lambda: (np.array([1e4, -1e4, 1.0, -1.0, 0.0, 1e-300, 2.0]), np.array([1.0, 1.0, 1.0, -1.0, 1.0, -1.0, -1.0])),
    grid=_signed_grid,
)


# ---------------------------------------------------------------------------
# Rows of class scores

CLASSES = 4  # in samples and extremes; the grid also has wide rows


def _rows_of_three():
    return np.array([
        [0.0, 0.0, 0.0], [1.0, 2.0, 3.0], [3.2, 5.1, -1.7], [40.0, 0.0, 0.0], [-36.0, 0.0, -50.0],
        [700.0, 699.0, -700.0], [1e4, -1e4, 0.0], [1e-10, 0.0, -1e-10], [20.0, 19.0, -5.0],
        # A dominant class far above the rest: d = m - z is rounded, e^{-d} amplifies it.
        [0.6611545902250668, -544.9900736082442, -30.25], [0.1, -7.3, 2.9],
        # Near-ties and exact ties, and a masked class.
        [1.0, 1.0 + 2.0**-52, 0.0], [2.0, 2.0, 0.0], [5.0, 5.0, 5.0 - 2.0**-50], [0.0, -np.inf, 1.0],
        # Subnormal and near-overflow logits.
        [TINY, 0.0, -TINY], [1e308, 5e307, 0.0], [HUGE, HUGE, 0.0],
    ])


def _wide_rows(rng, classes, rows):
    scores = rng.normal(size=(rows, classes)) * 3
    scores[0, 7] += 60.0  # one row with a dominant class
    return scores


def _multiclass_grid(targets: str):
    rng = np.random.default_rng(2026)
    batches = []
    for scores in (_rows_of_three(), _wide_rows(rng, 1000, 3)):
        rows, classes = scores.shape
        if targets == "indices":
            # Every class of the small rows; the largest, the smallest and one other of the wide ones.
            picks = range(classes) if classes <= 3 else (0,)
            chosen = [(row, k) for row in range(rows) for k in picks]
            if classes > 3:
                chosen += [(row, int(k)) for row in range(rows)
                           for k in (np.argmax(scores[row]), np.argmin(scores[row]), 500)]
            batches.append(Batch(scores[[row for row, _ in chosen]],
                                 np.array([k for _, k in chosen], dtype=np.int64)))
        else:
            distributions = rng.dirichlet(np.ones(classes), size=rows)
            distributions[0] = np.eye(classes)[0]
            batches.append(Batch(scores, distributions))
    return batches


def _finite_masked(scores):
    return np.where(np.isinf(scores), -1e4, scores)


def _index_sample(rng, n, classes=CLASSES):
    return rng.normal(size=(n, classes)) * 2, rng.integers(0, classes, size=n)


def _probability_rows_sample(rng, n, classes=CLASSES):
    return rng.normal(size=(n, classes)) * 2, rng.dirichlet(np.ones(classes), size=n)


_EXTREME_ROWS = np.array([[1e4, -1e4, 0.0, 1.0], [-1e4, 1e4, 0.0, -1.0], [700.0, 699.0, -700.0, 0.0],
                          [0.0, 0.0, 0.0, 0.0], [40.0, 0.0, 0.0, 0.0], [3.2, 5.1, -1.7, 0.5]])

CLASS_INDICES = Kind(
    "class indices",
    "18 rows of 3 logits (equal, ordinary, a dominant class 545 above the rest, near-ties, ties, a masked class "
    "−∞, subnormal logits and logits near 1.8e308) with every class as target, and 3 rows of 1000 logits with the largest, "
    "the smallest and one other as target",
    "18 行 3 个 logit（相等、普通、比其余高 545 的主导类、近乎相等、相等、被屏蔽的 −∞ 类、次正规数和接近 1.8e308 的 logit），"
    "每个类别都作一次目标；另有 3 行 1000 个 logit，以最大、最小和另一个类别为目标",
    sample=_index_sample,
    extremes=lambda: (_EXTREME_ROWS, np.array([0, 0, 1, 2, 0, 0])),
    grid=lambda: _multiclass_grid("indices"),
    per_sample=True,
)

CLASS_PROBABILITIES = Kind(
    "class probabilities",
    "the rows of the class-index grid, with random distributions as targets (a one-hot one in the first row)",
    "与类别索引相同的各行，目标为随机分布（第一行为独热分布）",
    sample=_probability_rows_sample,
    extremes=lambda: (_EXTREME_ROWS, np.array([[1.0, 0.0, 0.0, 0.0], [0.2, 0.3, 0.4, 0.1], [0.5, 0.5, 0.0, 0.0],
                                               [0.25] * 4, [0.0, 0.0, 1.0, 0.0], [0.9, 0.05, 0.03, 0.02]])),
    grid=lambda: _multiclass_grid("probabilities"),
    per_sample=True,
)


def _log_softmax_rows(scores):
    shifted = scores - scores.max(axis=-1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))


LOG_PROBABILITY_INDICES = Kind(
    "log-probabilities and class indices",
    "the log-softmax of the class-index grid's rows",
    "类别索引网格各行的 log-softmax",
    sample=lambda rng, n, classes=CLASSES: (lambda scores, k: (_log_softmax_rows(scores), k))(
        *_index_sample(rng, n, classes)),
    extremes=lambda: (_log_softmax_rows(_EXTREME_ROWS), np.array([0, 0, 1, 2, 0, 0])),
    grid=lambda: [Batch(_log_softmax_rows(_finite_masked(b.input)), b.target) for b in _multiclass_grid("indices")],
    per_sample=True,
)


def _distribution_pairs_grid():
    rng = np.random.default_rng(7)
    p = rng.dirichlet(np.ones(5), size=6)
    q = rng.dirichlet(np.ones(5), size=6)
    q[0] = [0.0, 0.0, 1.0, 0.0, 0.0]
    q[1] = p[1]  # equal distributions: every term cancels
    p[2] = [1e-300, 1e-20, 0.5, 0.25, 0.25 - 1e-20]
    flat_x, flat_q = np.log(p).ravel(), q.ravel()
    return [Batch(flat_x, flat_q)]


DISTRIBUTIONS = Kind(
    "distributions",
    "6 pairs of distributions over 5 classes (one-hot targets, equal distributions, probabilities down to 1e-300), "
    "element by element",
    "6 对 5 个类别上的分布（独热目标、相同的分布、小到 1e-300 的概率），逐元素",
    sample=lambda rng, n, classes=CLASSES: (np.log(rng.dirichlet(np.ones(classes), size=n)),
                                             rng.dirichlet(np.ones(classes), size=n)),
    extremes=lambda: (np.log(np.array([[1e-300, 0.5, 0.5 - 1e-300, 0.0 + 1e-10], [0.25] * 4])),
                      np.array([[0.0, 1.0, 0.0, 0.0], [0.1, 0.2, 0.3, 0.4]])),
    grid=_distribution_pairs_grid,
)


def _class_axis_grid():
    return [Batch(_finite_masked(b.input)) for b in _multiclass_grid("indices")[:1]] + [
        Batch(_wide_rows(np.random.default_rng(5), 1000, 2)),
        Batch(np.random.default_rng(6).normal(size=(1, 100_000)) * 3),
    ]


CLASS_AXIS = Kind(
    "class axis",
    "the 18 rows of 3 logits of the class-index grid, 2 rows of 1000 logits and one of 10⁵, each also laid out "
    "along axis 0 and in Fortran order",
    "类别索引网格中 18 行 3 个 logit、2 行 1000 个 logit 和 1 行 10⁵ 个 logit，每一行也按第 0 轴和 Fortran 顺序排列",
    sample=lambda rng, n, classes=CLASSES: (rng.normal(size=(n, classes)) * 3, None),
    extremes=lambda: (np.vstack([np.random.default_rng(1).normal(size=(4, CLASSES)) * 3, _EXTREME_ROWS[:1]]), None),
    grid=_class_axis_grid,
    has_target=False,
    per_sample=True,
)

# The Jacobian has K² entries per row: its grid is the rows of three logits only.
SMALL_CLASS_AXIS = Kind(
    "class axis, small rows",
    "the 18 rows of 3 logits of the class-index grid",
    "类别索引网格中的 18 行 3 个 logit",
    sample=CLASS_AXIS.sample,
    extremes=CLASS_AXIS.extremes,
    grid=lambda: _class_axis_grid()[:1],
    has_target=False,
    per_sample=True,
)
