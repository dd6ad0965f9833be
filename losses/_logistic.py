"""The logistic sigmoid's stable pieces, shared by the activations and the binary losses.

Every exponential here is of a non-positive number, so nothing overflows, and
each piece keeps full relative accuracy in both tails: the naive
``1 - sigmoid(z)`` is exactly 0 from z ≈ 36.7 on, where the true value is still
1e-16, and ``sigmoid(z) * (1 - sigmoid(z))`` loses every digit there.
"""

from __future__ import annotations

import numpy as np


def sigmoid_pair(z: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    r"""σ(z) and σ(−z) = 1 − σ(z), each to full relative accuracy.

    With $e = e^{-|z|} \in (0, 1]$, the larger of the two is
    $1/(1 + e)$ and the smaller $e/(1 + e)$: no subtraction.
    """
    e = np.exp(-np.abs(z))
    one_plus_e = 1.0 + e
    larger, smaller = 1.0 / one_plus_e, e / one_plus_e
    positive = z >= 0
    return np.where(positive, larger, smaller), np.where(positive, smaller, larger)


def _bell(e: np.ndarray) -> np.ndarray:
    r"""$e / (1 + e)^2$ for $e \in [0, 1]$, to about an ulp.

    $1 + e$ is rounded; its exact error $\ell = e - ((1 + e) - 1)$
    (Fast2Sum, exact because $1 \ge e$) corrects the square:
    $(s + \ell)^{-2} \approx s^{-2}(1 - 2\ell/s)$.
    """
    s = 1.0 + e
    error = e - (s - 1.0)
    quotient = (e / s) / s
    return quotient - quotient * (2.0 * error / s)


def sigmoid_derivative(z: np.ndarray) -> np.ndarray:
    r"""$\sigma'(z) = \sigma(z)\sigma(-z) = e^{-|z|} / (1 + e^{-|z|})^2$."""
    return _bell(np.exp(-np.abs(z)))


def tanh_derivative(z: np.ndarray) -> np.ndarray:
    r"""$\tanh'(z) = 4\sigma'(2z) = 4 e^{-2|z|} / (1 + e^{-2|z|})^2$.

    $-2|z|$ is exact (or $-\infty$, whose exponential is the right 0).
    """
    return 4.0 * _bell(np.exp(-2.0 * np.abs(z)))


def softplus(z: np.ndarray) -> np.ndarray:
    r"""$\ln(1 + e^{z}) = \max(z, 0) + \ln(1 + e^{-|z|})$, two non-negative terms."""
    return np.maximum(z, 0.0) + np.log1p(np.exp(-np.abs(z)))
