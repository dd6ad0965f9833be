"""Exponentials of non-positive numbers given as pairs, that keep their digits near underflow.

Two things go wrong with ``np.exp(x)`` for the tails of GELU and SiLU:

* x itself is a rounded value (t²/2, or z + 0.044715 z³): an error δ in x is
  an error of δ in the *relative* value of e^x, that is |x|·(δ/|x|), so half
  an ulp of x = −684 becomes 684 half-ulps of e^x.  The callers therefore
  pass x as a pair high + low that is exact to about 2⁻¹⁰⁶, and the low part
  enters as the factor 1 + low.
* Below x ≈ −708.4, e^x is a subnormal number with fewer than 53 significant
  bits, although x·e^x or 15·e^x (the result the caller wants) may still be a
  normal number.  There the exponential is computed times 2⁶⁴ and the caller
  scales its final result back with `numpy.ldexp`, which rounds once.
"""

from __future__ import annotations

import numpy as np

from ._constants import LN2_HIGH, LN2_LOW

SHIFT = 64
# Below this, e^x times any factor the callers use could leave the normal range.
_SHIFTED_BELOW = -700.0


def exp_of_pair(high: np.ndarray, low: np.ndarray | float = 0.0):
    r"""$e^{\text{high} + \text{low}}$ for high ≤ 0, as ``(value, correction, shift)``.

    $e^{\text{high} + \text{low}} = \text{value}\,(1 + \text{correction})\,2^{-\text{shift}}$,
    where ``shift`` is 0, or `SHIFT` where high < −700, and ``correction``
    is below 2⁻²⁵ in magnitude; the only rounding is ``np.exp``'s own.
    """
    shifted = high < _SHIFTED_BELOW
    # e^x = 2^-64 e^(x + 64 ln 2).  x + 64·LN2_HIGH is exact: for x <= -700 both
    # are multiples of 2^-43 (LN2_HIGH has 32 fraction bits) and so is their sum,
    # which lies in [-1024, -512) or beyond.  The small rest 64·LN2_LOW ≈ 1.2e-8
    # joins low, and e^rest = 1 + rest + rest²/2 to 2^-77.
    argument = np.where(shifted, high + SHIFT * LN2_HIGH, high)
    rest = np.where(shifted, low + SHIFT * LN2_LOW, low)
    return np.exp(argument), rest + rest * rest / 2, np.where(shifted, SHIFT, 0)
