r"""The standard normal distribution's Φ and φ for the exact GELU, to full relative accuracy in both tails.

GELU is z Φ(z), with Φ the standard normal distribution function.  The
textbook Φ(z) = ½(1 + erf(z/√2)) is exactly 0 below z ≈ −8.3, where erf has
rounded to −1, and wrong well before.  ½ erfc(−z/√2) avoids that subtraction
but still loses digits in the far tail: Φ(z) ≈ e^{−z²/2}/(|z|√(2π)), and the
exponential turns the rounding of z/√2 (or of z²) into a relative error about
z² times larger, 1400 half-ulps at z = −37.

So the tail is split into two well-behaved factors, for t = |z| ≥ ½:

    Φ(−t) = M(t) · e^{−t²/2},   M(t) = e^{t²/2} Φ(−t) = ½ erfcx(t/√2).

M is smooth and slowly varying (M(t) ≈ 1/(t√(2π)) for large t); it is a
polynomial on each of 13 intervals (losses/_constants.py, made with mpmath by
scripts/generate_constants.py) and is returned as a pair high + low, accurate
to about a tenth of an ulp.  e^{−t²/2} is computed from t² split exactly into
two floats (Dekker's product), so that the exponential's own rounding, half an
ulp, is its only error.  For |z| < ½ the Taylor series of Φ around 0 is used.
SciPy's ``erfcx`` was measured at up to 7.7 ulp (0 < t < 0.5) and 3 ulp in the
tail on this project's machine, against the 2 ulp the package promises, which
is why M is our own.
"""

from __future__ import annotations

import numpy as np

from . import _constants as constants
from ._exponential import exp_of_pair
from ._summation import two_product

TAYLOR_LIMIT = constants.TAYLOR_LIMIT
# Beyond this |z|, Φ(−|z|) < 1e-349: every result that needs it has underflowed.
TAIL_LIMIT = constants.BOUNDS[-1]

_INNER_BOUNDS = np.array(constants.BOUNDS[1:-1])
# Each interval's coefficients of x, x^2, ..., without the zeros that pad the table.
_POWERS = [tuple(row[:max((k + 1 for k, value in enumerate(row) if value), default=0)])
           for row in constants.POWERS]


def _horner(coefficients, x):
    """Σ_k coefficients[k] x^k (coefficients: a sequence of arrays or floats, increasing powers)."""
    accumulated = coefficients[-1] * np.ones_like(x)
    for coefficient in coefficients[-2::-1]:
        accumulated = accumulated * x + coefficient
    return accumulated


def _with_constant(constant: tuple[float, float], rest: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(constant_high + constant_low + rest) as a pair, for |rest| < |constant| (Fast2Sum)."""
    high_part, low_part = constant
    rest = rest + low_part
    high = high_part + rest
    return high, rest - (high - high_part)


def taylor_pairs(z: np.ndarray):
    r"""For |z| < ½: $P$ and $S$ with $\Phi(z) = \tfrac12 + z P(z^2)$ and $\Phi(z) + z\varphi(z) = \tfrac12 + z S(z^2)$, as pairs."""
    w = z * z
    phi = _with_constant(constants.PHI_CONSTANT, w * _horner(constants.PHI_POWERS, w))
    density = _with_constant(constants.PHI_PLUS_Z_DENSITY_CONSTANT,
                             w * _horner(constants.PHI_PLUS_Z_DENSITY_POWERS, w))
    return phi, density


def scaled_tail(t: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    r"""$M(t) = e^{t^2/2}\,\Phi(-t)$ for ½ ≤ t ≤ 40, as a pair (high, low)."""
    interval = np.searchsorted(_INNER_BOUNDS, t, side="right")
    high, low = np.empty_like(t), np.empty_like(t)
    # One interval at a time, so that the coefficients are scalars.
    for index in np.flatnonzero(np.bincount(interval.ravel(), minlength=len(_POWERS))):
        chosen = interval == index
        # Exact: t - centre by Sterbenz's lemma, and the half-width is a power of two.
        x = (t[chosen] - constants.CENTRES[index]) / constants.HALF_WIDTHS[index]
        high[chosen], low[chosen] = _with_constant(
            (constants.CONSTANT_HIGH[index], constants.CONSTANT_LOW[index]), x * _horner(_POWERS[index], x))
    return high, low


def half_square_exponential(t: np.ndarray):
    r"""$e^{-t^2/2}$ for ½ ≤ t ≤ 40, as `exp_of_pair` returns it: t² = square + error exactly."""
    square, error = two_product(t, t)
    return exp_of_pair(-square / 2, -error / 2)


def inverse_sqrt_2pi_times(t: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    r"""$t/\sqrt{2\pi}$ as a pair."""
    high_part, low_part = constants.INVERSE_SQRT_2PI
    product, error = two_product(t, high_part)
    return product, error + t * low_part
