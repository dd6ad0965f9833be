"""The logistic sigmoid's stable pieces, shared by the activations and the binary losses.

Every exponential here is of a non-positive number, so nothing overflows, and
each piece keeps full relative accuracy in both tails: the naive
``1 - sigmoid(z)`` is exactly 0 from z ≈ 36.7 on, where the true value is still
1e-16, and ``sigmoid(z) * (1 - sigmoid(z))`` loses every digit there.
"""

from __future__ import annotations

import numpy as np

from ._exponential import exp_of_pair
from ._summation import two_product, two_sum


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


# ---------------------------------------------------------------------------
# Self-gated units z σ(w): SiLU (w = z) and the tanh approximation of GELU
# (w = 2√(2/π)(z + 0.044715 z³)).  w has the sign of z and is given as a pair
# w_high + w_low, exact to far beyond float64, because σ(w) for negative w is
# about e^w, whose relative error is |w| times that of w.
#
# With s = 1 + e^{-|w|} (rounded; its exact error is recovered by Fast2Sum):
#   z ≥ 0:  z σ(w) = z / s
#   z < 0:  z σ(w) = z e^{w} / s
# and the derivative, σ(w) + z w' σ(w) σ(−w) with slope = z w':
#   z ≥ 0:  (s + slope · e^{−w}) / s²
#   z < 0:  e^{w} (s + slope) / s²
# Each quotient is formed as q = n/d plus the correction (n − q d)/d, with
# q d exact (Dekker's product), so only the last addition rounds.  The
# exponential of a very negative w comes scaled by 2^64 (losses/_exponential.py)
# and the result is scaled back once at the end.

# Beyond these, the results are z (or 1), or have underflowed to 0.
_GATED_HIGH = 50.0
_GATED_LOW = -800.0


def _divided(numerator, numerator_error, denominator, denominator_error):
    """(numerator + numerator_error) / (denominator + denominator_error), rounded once (up to tiny terms)."""
    quotient = numerator / denominator
    product, product_error = two_product(quotient, denominator)
    remainder = ((numerator - product) - product_error) + numerator_error - quotient * denominator_error
    return quotient + remainder / denominator


def _one_plus(e):
    """1 + e for 0 <= e <= 1, as a pair (Fast2Sum)."""
    total = 1.0 + e
    return total, e - (total - 1.0)


def _gated_parts(z, w_high, w_low):
    """Masks and exponentials shared by the value and the derivative."""
    negative = z < 0
    # z ≥ 0 (and NaN): e^{-w}; z < 0: e^{w}, possibly scaled by 2^64.
    positive_exponential = np.exp(-np.where(negative, 0.0, w_high))
    positive_exponential = positive_exponential - positive_exponential * np.where(negative, 0.0, w_low)
    value, correction, shift = exp_of_pair(np.where(negative, w_high, 0.0), np.where(negative, w_low, 0.0))
    exponential = np.where(negative, np.ldexp(value, -shift) * (1.0 + correction), positive_exponential)
    return negative, exponential, value, correction, shift


def gated(z, w_high, w_low):
    r"""$z\,\sigma(w)$ for $w$ = w_high + w_low with the sign of $z$."""
    negative, exponential, value, correction, shift = _gated_parts(z, w_high, w_low)
    clipped = np.clip(z, _GATED_LOW, _GATED_HIGH)
    total, total_error = _one_plus(exponential)
    numerator, numerator_error = two_product(clipped, np.where(negative, value, 1.0))
    numerator_error = numerator_error + np.where(negative, numerator * correction, 0.0)
    result = np.ldexp(_divided(numerator, numerator_error, total, total_error), -shift)
    # z σ(w) has the sign of z, also where it underflows (-0.0, not the +0.0 of a cancelled remainder).
    return np.where(z > _GATED_HIGH, z, np.copysign(result, z))


def gated_derivative(z, w_high, w_low, slope_high, slope_low):
    r"""$\frac{d}{dz} z\,\sigma(w) = \sigma(w)\bigl(1 + z w' \sigma(-w)\bigr)$, with slope = $z w'$ as a pair."""
    negative, exponential, value, correction, shift = _gated_parts(z, w_high, w_low)
    total, total_error = _one_plus(exponential)
    # The numerator s + slope (z < 0) or s + slope e^{-w} (z ≥ 0), as a pair.
    added = np.where(negative, slope_high, slope_high * exponential)
    added_error = np.where(negative, slope_low, slope_low * exponential)
    numerator, numerator_error = two_sum(total, added)
    numerator_error = numerator_error + total_error + added_error
    # Times e^{w} (scaled) for z < 0.
    factor = np.where(negative, value, 1.0)
    scaled, scaled_error = two_product(numerator, factor)
    scaled_error = scaled_error + numerator_error * factor + np.where(negative, scaled * correction, 0.0)
    square, square_error = two_product(total, total)
    square_error = square_error + 2.0 * total * total_error
    result = np.ldexp(_divided(scaled, scaled_error, square, square_error), -shift)
    return np.where(z > _GATED_HIGH, 1.0, result)
