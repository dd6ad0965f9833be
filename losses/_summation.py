"""Error-free sums and products: over the class axis, and of two numbers.

The sums do not depend on the number of classes or the memory layout.

NumPy adds along a contiguous axis pairwise, but along any other axis one term
after another, so the rounding error of ``np.sum(x, axis=0)`` grows with the
number of terms: 55 ulp for a softmax over 10⁵ classes.  The sums here are
accurate to about one rounding whatever the number of terms and the layout,
because most of each term is added exactly.

Every term is split into three parts (Dekker's splitting by a large constant,
which rounds to a fixed grid): a part on the grid of 2**-20 of the largest
magnitude, a part on the grid of 2**-45, and a remainder below 2**-46 of it.
Sums of numbers on a common grid are exact as long as they fit in 53 bits,
which holds for up to 2**29 terms, so only the tiny remainders are added with
rounding error, and that error is below 2**-46 · n · ε relative to the total.
"""

from __future__ import annotations

import numpy as np

# The largest term of each column is scaled into [1/2, 1) by a power of two
# (exact), so that the grids below are fixed.
_GRIDS = (2.0**20, 2.0**45)
# Adding then subtracting 1.5 * 2**(52 - k) rounds a number below 2**(51 - k)
# to a multiple of 2**-k.
_SPLITTERS = tuple(1.5 * 2.0**52 / grid for grid in _GRIDS)


def _scale_of(terms: np.ndarray) -> np.ndarray:
    """A power of two per column, at least the largest magnitude (1 for an all-zero column)."""
    largest = np.max(np.abs(terms), axis=0)
    _, exponent = np.frexp(largest)
    return np.ldexp(1.0, exponent)


def split_sum(terms: np.ndarray, *, bounded: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """Sum over axis 0 as an unevaluated pair ``(high, low)``: high + low is the sum to about 2**-60.

    ``high`` holds the exactly added parts on the coarse grid and ``low`` the
    rest.  With ``bounded=True`` the terms are known to lie in [-1, 1] and the
    scaling pass is skipped.  Finite terms only.
    """
    scale = None if bounded else _scale_of(terms)
    remainder = terms if scale is None else terms / scale
    parts = []
    for splitter in _SPLITTERS:
        on_grid = (remainder + splitter) - splitter
        remainder = remainder - on_grid
        parts.append(np.sum(on_grid, axis=0))
    high, middle = parts
    low = middle + np.sum(remainder, axis=0)  # middle is exact; the remainders are tiny
    if scale is not None:
        high, low = high * scale, low * scale
    return high, low


def accurate_sum(terms: np.ndarray, *, bounded: bool = False) -> np.ndarray:
    """The sum over axis 0, rounded once (finite terms)."""
    high, low = split_sum(terms, bounded=bounded)
    return high + low


def two_product(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``(p, e)`` with ``p = fl(a * b)`` and ``a * b = p + e`` exactly (Dekker, without FMA).

    Each factor is split into two halves of 26 bits, whose products are exact.
    Valid for |a|, |b| below 2**996 and products far from the subnormal range.
    """
    product = a * b
    a_high, a_low = _split(a)
    b_high, b_low = _split(b)
    error = ((a_high * b_high - product) + a_high * b_low + a_low * b_high) + a_low * b_low
    return product, error


def _split(value):
    scaled = 134217729.0 * value  # 2**27 + 1
    high = scaled - (scaled - value)
    return high, value - high
