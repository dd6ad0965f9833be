"""Helpers shared by the test modules: finite differences and mpmath oracles."""

from __future__ import annotations

import mpmath
import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

# 400 digits: enough that 1 - sigmoid(700) ~ e^-700 ~ 1e-304 survives in
# the definitional formulas below without any rearrangement.
mpmath.mp.dps = 400


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


def moderate_floats(low: float = -10.0, high: float = 10.0):
    # Subnormals carry fewer significant bits than any relative tolerance assumes.
    return st.floats(low, high, allow_nan=False, allow_infinity=False, allow_subnormal=False)


def float_arrays(shape, low: float = -10.0, high: float = 10.0):
    return hnp.arrays(np.float64, shape, elements=moderate_floats(low, high))


def ulp_error(computed, exact) -> float:
    """Error in units of the last place of the exact value rounded to float64."""
    exact = mpmath.mpf(exact)
    rounded = float(exact)
    return float(abs(mpmath.mpf(float(computed)) - exact) / mpmath.mpf(np.spacing(abs(rounded))))


# mpmath oracles: definitions straight from the formulas, in 400 digits.

def oracle_sigmoid(z):
    return 1 / (1 + mpmath.exp(-mpmath.mpf(z)))


def oracle_sigmoid_grad(z):
    s = oracle_sigmoid(z)
    return s * (1 - s)


def oracle_tanh_grad(z):
    return mpmath.sech(mpmath.mpf(z)) ** 2


def oracle_softplus(z):
    return mpmath.log1p(mpmath.exp(mpmath.mpf(z)))


def oracle_bce_with_logits(z, y):
    # 1 - sigmoid(z) written as sigmoid(-z): the same number, but exact even
    # where 1 - sigmoid(1e4) is below 400 digits.
    z, y = mpmath.mpf(z), mpmath.mpf(y)
    return -(y * mpmath.log(oracle_sigmoid(z)) + (1 - y) * mpmath.log(oracle_sigmoid(-z)))


def oracle_bce_with_logits_grad(z, y):
    return oracle_sigmoid(z) - mpmath.mpf(y)


def oracle_log_softmax(row):
    row = [mpmath.mpf(v) for v in row]
    normaliser = mpmath.log(mpmath.fsum(mpmath.exp(v) for v in row))
    return [v - normaliser for v in row]


def oracle_cross_entropy(row, q):
    return -mpmath.fsum(mpmath.mpf(weight) * lp for weight, lp in zip(q, oracle_log_softmax(row)) if weight)


def oracle_cross_entropy_grad(row, q):
    probabilities = [mpmath.exp(v) for v in oracle_log_softmax(row)]
    total = mpmath.fsum(mpmath.mpf(weight) for weight in q)
    return [p * total - mpmath.mpf(weight) for p, weight in zip(probabilities, q)]
