#!/usr/bin/env python3
"""Worst-case accuracy of every loss, activation and gradient, against mpmath.

    python3 scripts/dev.py accuracy      # needs the conformance extra (PyTorch)

For each function, on the grid of ordinary and extreme inputs defined below,
it computes the exact value with mpmath (400 digits, from the very float
inputs each implementation receives) and reports the largest error in units
in the last place (ulp) of the result's precision, for:

* `losses` in float64 and float32,
* the naive textbook formula in float64,
* PyTorch (CPU) in float64 and float32, values from the functional API and
  gradients from autograd.

A non-finite result where the exact value is finite counts as an infinite
error.  Results go to docs/snippets/accuracy.json, from which the site's table
and figure are made.
"""

from __future__ import annotations

import json
import math
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import mpmath
import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import losses  # noqa: E402
from tests import support  # noqa: E402  (the mpmath oracles the tests use)

OUTPUT = ROOT / "docs" / "snippets" / "accuracy.json"
mp = mpmath.mpf

# ---------------------------------------------------------------------------
# The grid.  Extreme values are where naive formulas break: exp overflows
# beyond 709, 1 - sigmoid(z) rounds to 0 beyond 37, and so on.
ACTIVATION_GRID = [0.0, 1e-300, 1e-8, 0.5, 1.0, 2.0, 5.0, 10.0, 20.0, 30.0, 36.0, 37.0, 40.0, 100.0, 300.0, 700.0,
                   710.0, 1e4]
ACTIVATION_GRID = sorted({sign * value for value in ACTIVATION_GRID for sign in (1.0, -1.0)})
REGRESSION_GRID = [(x, y) for x in (-1e150, -3.0, -1.0, -0.3, 0.0, 1e-300, 0.3, 0.999, 1.0, 2.5, 1e8, 1e150)
                   for y in (0.0, 0.5, -2.0)]
PROBABILITY_GRID = [(p, y) for p in (0.0, 1e-300, 1e-11, 1e-6, 0.01, 0.1, 0.5, 0.9, 0.99, 1 - 1e-6, 1 - 1e-11, 1.0)
                    for y in (0.0, 1.0, 0.3)]
LOGIT_GRID = [(z, y) for z in ACTIVATION_GRID for y in (0.0, 1.0, 0.25)]
ROWS = [[0.0, 0.0, 0.0], [1.0, 2.0, 3.0], [3.2, 5.1, -1.7], [40.0, 0.0, 0.0], [-36.0, 0.0, -50.0],
        [700.0, 699.0, -700.0], [1e4, -1e4, 0.0], [1e-10, 0.0, -1e-10], [20.0, 19.0, -5.0]]
MULTICLASS_GRID = [(row, k) for row in ROWS for k in range(3)]
GRID_DESCRIPTION = {
    "activation": "z ∈ {0, ±1e-300, ±1e-8, ±0.5, ±1, ±2, ±5, ±10, ±20, ±30, ±36, ±37, ±40, ±100, ±300, ±700, ±710, ±1e4}",
    "regression": "x ∈ {±1e150, −3, −1, ±0.3, 0, 1e-300, 0.999, 1, 2.5, 1e8}, y ∈ {0, 0.5, −2}",
    "probability": "p ∈ {0, 1e-300, 1e-11, 1e-6, 0.01, 0.1, 0.5, 0.9, 0.99, 1 − 1e-6, 1 − 1e-11, 1}, y ∈ {0, 1, 0.3}",
    "logits": "z as for activations, y ∈ {0, 1, 0.25}",
    "multiclass": "9 rows of 3 logits from [0, 0, 0] to [1e4, −1e4, 0], every class as target",
}

IMPLEMENTATIONS = ["losses float64", "losses float32", "naive float64", "PyTorch float64", "PyTorch float32"]


@dataclass
class Function:
    name: str
    kind: str  # a key of GRID_DESCRIPTION
    exact: Callable  # mpmath oracle: (input, other) -> mpf or list of mpf
    ours: Callable  # (input array, other array) -> array
    naive: Callable
    torch: Callable  # (input tensor with grad, other tensor) -> output tensor


# ---------------------------------------------------------------------------
# Oracles not already in tests/support.py.

def exact_smooth_l1(r, beta=1.0):
    r, beta = abs(mp(r)), mp(beta)
    return r * r / (2 * beta) if r < beta else r - beta / 2


def exact_smooth_l1_grad(r, beta=1.0):
    r = mp(r)
    return r / beta if abs(r) < beta else mpmath.sign(r)


def exact_huber(r, delta=1.0):
    r, delta = abs(mp(r)), mp(delta)
    return r * r / 2 if r < delta else delta * (r - delta / 2)


def exact_hinge(row, k):
    row = [mp(value) for value in row]
    return mpmath.fsum(max(mp(0), row[j] - row[k] + 1) for j in range(len(row)) if j != k)


def exact_hinge_grad(row, k):
    row = [mp(value) for value in row]
    gradient = [mp(0)] * len(row)
    for j in range(len(row)):
        if j != k and row[j] - row[k] + 1 > 0:
            gradient[j] += 1
            gradient[k] -= 1
    return gradient


# The probability form is measured against the function PyTorch defines:
# each log clamped at -100, and p (1 - p) floored at float32(1e-12) in the
# gradient.  Without those conventions p = 0 or 1 would have no finite loss.
def _clamped_log(value):
    return max(mpmath.log(value), mp(-100)) if value > 0 else mp(-100)


def exact_bce(p, y):
    p, y = mp(p), mp(y)
    return -(y * _clamped_log(p) + (1 - y) * _clamped_log(1 - p))


def exact_bce_grad(p, y):
    p, y = mp(p), mp(y)
    return (p - y) / max(p * (1 - p), mp(float(np.float32(1e-12))))


def _naive_sigmoid(z):
    return 1 / (1 + np.exp(-z))


def _naive_softmax(z):
    return np.exp(z) / np.exp(z).sum(axis=-1, keepdims=True)


def _one_hot(k, dtype):
    return np.eye(3, dtype=dtype)[k]


def _torch():
    import torch
    import torch.nn.functional as F
    return torch, F


def build_functions() -> list[Function]:
    torch, F = _torch()

    def grad_of(forward):
        """A torch function returning d(sum forward)/d(input) by autograd."""
        def gradient(inputs, other):
            value = forward(inputs, other)
            (derivative,) = torch.autograd.grad(value.sum(), inputs)
            return derivative
        return gradient

    functions = [
        Function("sigmoid", "activation", lambda z, _: support.oracle_sigmoid(z), lambda z, _: losses.sigmoid(z),
                 lambda z, _: _naive_sigmoid(z), lambda z, _: torch.sigmoid(z)),
        Function("sigmoid_grad", "activation", lambda z, _: support.oracle_sigmoid_grad(z),
                 lambda z, _: losses.sigmoid_grad(z), lambda z, _: _naive_sigmoid(z) * (1 - _naive_sigmoid(z)),
                 grad_of(lambda z, _: torch.sigmoid(z))),
        Function("tanh", "activation", lambda z, _: mpmath.tanh(mp(z)), lambda z, _: losses.tanh(z),
                 lambda z, _: (np.exp(z) - np.exp(-z)) / (np.exp(z) + np.exp(-z)), lambda z, _: torch.tanh(z)),
        Function("tanh_grad", "activation", lambda z, _: support.oracle_tanh_grad(z), lambda z, _: losses.tanh_grad(z),
                 lambda z, _: 1 - np.tanh(z) ** 2, grad_of(lambda z, _: torch.tanh(z))),
        Function("relu", "activation", lambda z, _: max(mp(z), mp(0)), lambda z, _: losses.relu(z),
                 lambda z, _: np.maximum(z, 0), lambda z, _: torch.relu(z)),
        Function("softplus", "activation", lambda z, _: support.oracle_softplus(z), lambda z, _: losses.softplus(z),
                 lambda z, _: np.log(1 + np.exp(z)), lambda z, _: F.softplus(z)),
        Function("softplus_grad", "activation", lambda z, _: support.oracle_sigmoid(z),
                 lambda z, _: losses.softplus_grad(z), lambda z, _: np.exp(z) / (1 + np.exp(z)),
                 grad_of(lambda z, _: F.softplus(z))),
        Function("log_softmax", "multiclass", lambda row, _: support.oracle_log_softmax(row),
                 lambda z, _: losses.log_softmax(z), lambda z, _: np.log(_naive_softmax(z)),
                 lambda z, _: F.log_softmax(z, dim=-1)),
        Function("mse", "regression", lambda x, y: (mp(x) - mp(y)) ** 2,
                 lambda x, y: losses.mse(x, y, reduction="none"), lambda x, y: (x - y) ** 2,
                 lambda x, y: F.mse_loss(x, y, reduction="none")),
        Function("mse_grad", "regression", lambda x, y: 2 * (mp(x) - mp(y)),
                 lambda x, y: losses.mse_grad(x, y, reduction="none"), lambda x, y: 2 * (x - y),
                 grad_of(lambda x, y: F.mse_loss(x, y, reduction="none"))),
        Function("l1", "regression", lambda x, y: abs(mp(x) - mp(y)), lambda x, y: losses.l1(x, y, reduction="none"),
                 lambda x, y: np.abs(x - y), lambda x, y: F.l1_loss(x, y, reduction="none")),
        Function("smooth_l1", "regression", lambda x, y: exact_smooth_l1(mp(x) - mp(y)),
                 lambda x, y: losses.smooth_l1(x, y, reduction="none"),
                 lambda x, y: np.where(np.abs(x - y) < 1, 0.5 * (x - y) ** 2, np.abs(x - y) - 0.5),
                 lambda x, y: F.smooth_l1_loss(x, y, reduction="none")),
        Function("smooth_l1_grad", "regression", lambda x, y: exact_smooth_l1_grad(mp(x) - mp(y)),
                 lambda x, y: losses.smooth_l1_grad(x, y, reduction="none"),
                 lambda x, y: np.where(np.abs(x - y) < 1, x - y, np.sign(x - y)),
                 grad_of(lambda x, y: F.smooth_l1_loss(x, y, reduction="none"))),
        Function("huber", "regression", lambda x, y: exact_huber(mp(x) - mp(y)),
                 lambda x, y: losses.huber(x, y, reduction="none"),
                 lambda x, y: np.where(np.abs(x - y) < 1, 0.5 * (x - y) ** 2, np.abs(x - y) - 0.5),
                 lambda x, y: F.huber_loss(x, y, reduction="none")),
        Function("binary_cross_entropy", "probability", exact_bce,
                 lambda p, y: losses.binary_cross_entropy(p, y, reduction="none"),
                 lambda p, y: -(y * np.log(p) + (1 - y) * np.log(1 - p)),
                 lambda p, y: F.binary_cross_entropy(p, y, reduction="none")),
        Function("binary_cross_entropy_grad", "probability", exact_bce_grad,
                 lambda p, y: losses.binary_cross_entropy_grad(p, y, reduction="none"),
                 lambda p, y: -y / p + (1 - y) / (1 - p),
                 grad_of(lambda p, y: F.binary_cross_entropy(p, y, reduction="none"))),
        Function("binary_cross_entropy_with_logits", "logits", support.oracle_bce_with_logits,
                 lambda z, y: losses.binary_cross_entropy_with_logits(z, y, reduction="none"),
                 lambda z, y: -(y * np.log(_naive_sigmoid(z)) + (1 - y) * np.log(1 - _naive_sigmoid(z))),
                 lambda z, y: F.binary_cross_entropy_with_logits(z, y, reduction="none")),
        Function("binary_cross_entropy_with_logits_grad", "logits", support.oracle_bce_with_logits_grad,
                 lambda z, y: losses.binary_cross_entropy_with_logits_grad(z, y, reduction="none"),
                 lambda z, y: _naive_sigmoid(z) - y,
                 grad_of(lambda z, y: F.binary_cross_entropy_with_logits(z, y, reduction="none"))),
        Function("cross_entropy", "multiclass", lambda row, k: support.oracle_cross_entropy(row, np.eye(3)[k]),
                 lambda z, k: losses.cross_entropy(z, k, reduction="none"),
                 lambda z, k: -np.log(np.take_along_axis(_naive_softmax(z), k[:, None], axis=-1))[:, 0],
                 lambda z, k: F.cross_entropy(z, k, reduction="none")),
        Function("cross_entropy_grad", "multiclass",
                 lambda row, k: support.oracle_cross_entropy_grad(row, np.eye(3)[k]),
                 lambda z, k: losses.cross_entropy_grad(z, k, reduction="none"),
                 lambda z, k: _naive_softmax(z) - _one_hot(k, z.dtype),
                 grad_of(lambda z, k: F.cross_entropy(z, k, reduction="none"))),
        Function("multiclass_hinge", "multiclass", exact_hinge,
                 lambda s, k: losses.multiclass_hinge(s, k, reduction="none"),
                 lambda s, k: np.sum(np.maximum(0, s - np.take_along_axis(s, k[:, None], axis=-1) + 1), axis=-1) - 1,
                 lambda s, k: 3 * F.multi_margin_loss(s, k, reduction="none")),
        Function("multiclass_hinge_grad", "multiclass", exact_hinge_grad,
                 lambda s, k: losses.multiclass_hinge_grad(s, k, reduction="none"),
                 lambda s, k: _naive_hinge_grad(s, k),
                 grad_of(lambda s, k: 3 * F.multi_margin_loss(s, k, reduction="none"))),
    ]
    return functions


def _naive_hinge_grad(s, k):
    violating = (s - np.take_along_axis(s, k[:, None], axis=-1) + 1 > 0).astype(s.dtype)
    violating[np.arange(len(k)), k] = 0
    violating[np.arange(len(k)), k] = -violating.sum(axis=-1)
    return violating


# ---------------------------------------------------------------------------

def _inputs(kind: str):
    """The grid as (first, second) arrays, float64; second may be None or class indices."""
    if kind == "activation":
        return np.array(ACTIVATION_GRID), None
    if kind in ("regression", "probability", "logits"):
        grid = {"regression": REGRESSION_GRID, "probability": PROBABILITY_GRID, "logits": LOGIT_GRID}[kind]
        return np.array([a for a, _ in grid]), np.array([b for _, b in grid])
    return np.array([row for row, _ in MULTICLASS_GRID]), np.array([k for _, k in MULTICLASS_GRID])


def _ulp_errors(computed: np.ndarray, exact: list, dtype) -> np.ndarray:
    computed = np.asarray(computed, dtype=np.float64).ravel()
    errors = np.empty(computed.size)
    for index, (value, true) in enumerate(zip(computed, exact)):
        true_float = float(true)
        if not math.isfinite(value):
            errors[index] = 0.0 if value == true_float else math.inf
            continue
        errors[index] = float(abs(mp(value) - true) / mp(ulp(true_float, dtype)))
    return errors


def ulp(value: float, dtype) -> float:
    """The spacing of floats of `dtype` at `value`: 2**(exponent - significand bits)."""
    info = np.finfo(dtype)
    _, exponent = math.frexp(abs(value))
    return max(math.ldexp(1.0, exponent - (info.nmant + 1)), float(info.smallest_subnormal))


def _flatten_exact(function: Function, first: np.ndarray, second):
    values = []
    if function.kind == "multiclass":
        for row, k in zip(first, second):
            result = function.exact([float(v) for v in row], int(k))
            values.extend(result if isinstance(result, list) else [result])
    elif second is None:
        values = [function.exact(float(v), None) for v in first]
    else:
        values = [function.exact(float(a), float(b)) for a, b in zip(first, second)]
    return values


def measure(function: Function) -> dict:
    torch, _ = _torch()
    first64, second64 = _inputs(function.kind)
    results = {}
    for implementation in IMPLEMENTATIONS:
        dtype = np.float32 if implementation.endswith("float32") else np.float64
        with np.errstate(over="ignore"):  # 1e150 is inf in float32; its exact value is then inf too
            first = first64.astype(dtype)
        second = second64 if second64 is None or function.kind == "multiclass" else second64.astype(dtype)
        # The exact value of what this implementation was actually given.
        exact = _flatten_exact(function, first.astype(np.float64),
                               None if second is None else np.asarray(second, dtype=np.float64 if
                                                                       function.kind != "multiclass" else int))
        with np.errstate(all="ignore"):
            if implementation.startswith("losses"):
                computed = function.ours(first, second)
            elif implementation.startswith("naive"):
                computed = function.naive(first, second)
            else:
                tensor = torch.tensor(first, requires_grad=True)
                other = None if second is None else torch.tensor(second)
                computed = function.torch(tensor, other).detach().numpy()
        errors = _ulp_errors(computed, exact, dtype)
        worst = int(np.argmax(errors))
        results[implementation] = {"max_ulp": float(errors[worst]), "worst_index": worst}
    return results


def build_report(progress=print) -> dict:
    """Measure every function; the dictionary that main() writes as JSON."""
    import torch
    mpmath.mp.dps = 400
    report = {"grids": GRID_DESCRIPTION, "implementations": IMPLEMENTATIONS, "functions": {},
              "versions": {"numpy": np.__version__, "torch": torch.__version__, "mpmath": mpmath.__version__},
              "platform": platform_signature()}
    functions = build_functions()
    for position, function in enumerate(functions, 1):
        began = time.perf_counter()
        report["functions"][function.name] = row = {"kind": function.kind, **measure(function)}
        summary = "  ".join(f"{name}: {_format(row[name]['max_ulp'])}" for name in IMPLEMENTATIONS)
        progress(f"[{position:2d}/{len(functions)}] {function.name:40s} {summary}  "
                 f"({time.perf_counter() - began:.1f} s)")
    return report


def platform_signature() -> str:
    """What decides the last bits of NumPy's exp and log: its version and the SIMD code paths it chose."""
    import platform
    from numpy._core._multiarray_umath import __cpu_features__
    found = sorted(name for name, present in __cpu_features__.items() if present and name.startswith("AVX512"))
    return f"{platform.machine()} numpy {np.__version__} {'+'.join(found) or 'no AVX512'}"


def main() -> int:
    started = time.perf_counter()
    report = build_report(lambda line: print(line, flush=True))
    OUTPUT.write_text(json.dumps(report, indent=1, sort_keys=True, allow_nan=True) + "\n", encoding="utf-8")
    print(f"wrote {OUTPUT.relative_to(ROOT)} in {time.perf_counter() - started:.1f} s")
    worst_ours = max(row["losses float64"]["max_ulp"] for row in report["functions"].values())
    print(f"worst error of losses in float64: {worst_ours:.2f} ulp")
    return 0


def _format(ulp: float) -> str:
    if math.isinf(ulp):
        return "inf"
    return f"{ulp:.1f}" if ulp < 1e3 else f"{ulp:.0e}"


if __name__ == "__main__":
    sys.exit(main())
