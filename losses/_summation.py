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

import functools

import numpy as np

# The largest term of each column is scaled into [1/2, 1) by a power of two
# (exact), so that the grids below are fixed.  One grid of 2**-26 suffices for
# a few classes; two, of 2**-20 and 2**-45, keep millions exact.
GRIDS = {1: (2.0**26,), 2: (2.0**20, 2.0**45)}
# Adding then subtracting 1.5 * 2**(52 - k) rounds a number below 2**(51 - k)
# to a multiple of 2**-k.
_SPLITTERS = {levels: tuple(1.5 * 2.0**52 / grid for grid in grids) for levels, grids in GRIDS.items()}


def finest_grid(levels: int) -> float:
    """The spacing below which a term is all remainder, added with rounding error."""
    return 1.0 / GRIDS[levels][-1]


def scale_of(terms: np.ndarray) -> np.ndarray:
    """A power of two per column, at least the largest magnitude (1 for an all-zero column)."""
    largest = np.max(np.abs(terms), axis=0)
    _, exponent = np.frexp(largest)
    # 2**1024 is not a float: terms from 2**1023 on are scaled into [1, 2), which the grids hold as well.
    return np.ldexp(1.0, np.minimum(exponent, 1023))


class SplitParts:
    """The sums over axis 0 of each part of the terms: one per grid (exact), then the remainders.

    Parts of chunks split on one scale add exactly, kind by kind (`add`), so
    that chunks summed apart give the pair (`pair`) that all the terms summed
    at once give, but for the rounding of the tiny remainders.
    """

    def __init__(self, on_grids: list[np.ndarray], remainder: np.ndarray, scale: np.ndarray | None):
        self.on_grids, self.remainder, self.scale = on_grids, remainder, scale

    def add(self, other: "SplitParts") -> "SplitParts":
        return SplitParts([mine + theirs for mine, theirs in zip(self.on_grids, other.on_grids)],
                          self.remainder + other.remainder, self.scale)

    def pair(self) -> tuple[np.ndarray, np.ndarray]:
        """``(high, low)``: the coarsest grid's sum, and the rest."""
        high = self.on_grids[0]
        # Every part after the first is exact too; only the remainders are rounded, and they are tiny.
        low = sum(self.on_grids[1:], self.remainder)
        if self.scale is not None:
            # Renormalised first: a high part rounded up to 2 would overflow at the scale 2**1023
            # where high + low does not.
            high, low = two_sum(high, low)
            high, low = high * self.scale, low * self.scale
        return high, low


def split_parts(terms: np.ndarray, *, bounded: bool = False, levels: int = 2,
                scale: np.ndarray | None = None, out: np.ndarray | None = None) -> SplitParts:
    """The parts of `split_sum`, kept apart so that those of several chunks can be added exactly."""
    if scale is None and not bounded:
        scale = scale_of(terms)
    remainder = terms if scale is None else terms / scale
    on_grids = []
    for level, splitter in enumerate(_SPLITTERS[levels]):
        # `out` takes the first level; a second one needs its own array beside the remainder in `out`.
        on_grid = np.add(remainder, splitter, out=out if level == 0 else None)
        on_grid -= splitter
        on_grids.append(np.sum(on_grid, axis=0))
        # What is left below the grid, written over the part on it (never over `terms`).
        remainder = np.subtract(remainder, on_grid, out=on_grid)
    return SplitParts(on_grids, np.sum(remainder, axis=0), scale)


def split_sum(terms: np.ndarray, *, bounded: bool = False, levels: int = 2,
              scale: np.ndarray | None = None, out: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Sum over axis 0 as an unevaluated pair ``(high, low)``: high + low is the sum to about 2**-60.

    ``high`` holds the exactly added parts on the coarse grid and ``low`` the
    rest.  With ``bounded=True`` the terms are known to lie in [-1, 1] and the
    scaling pass is skipped.  ``levels`` is the number of grids (1 or 2): with
    one, terms below 2**-27 (of the largest) are added with rounding error.
    ``scale`` (a power of two per column, at least every term's magnitude)
    replaces the scaling pass: sums of chunks split with one scale add exactly.
    ``out``, an array of the terms' shape, holds the work (it is overwritten).
    Finite terms only.
    """
    return split_parts(terms, bounded=bounded, levels=levels, scale=scale, out=out).pair()


def split_sum_over(terms_of, chunks: list[slice], *, levels: int = 2) -> tuple[np.ndarray, np.ndarray]:
    """`split_sum` of the terms of every chunk of classes, ``terms_of(rows)`` for ``rows`` in ``chunks``.

    The chunks are split on one scale (the largest of theirs, a first pass),
    and their parts added kind by kind (`SplitParts`).  With one chunk it is
    exactly `split_sum`.
    """
    if len(chunks) == 1:
        return split_sum(terms_of(chunks[0]), levels=levels)
    scale = functools.reduce(np.maximum, (scale_of(terms_of(rows)) for rows in chunks))
    parts = (split_parts(terms_of(rows), scale=scale, levels=levels) for rows in chunks)
    return functools.reduce(SplitParts.add, parts).pair()


def accurate_sum(terms: np.ndarray, *, bounded: bool = False) -> np.ndarray:
    """The sum over axis 0, rounded once (finite terms)."""
    high, low = split_sum(terms, bounded=bounded)
    return high + low


def two_sum(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``(s, e)`` with ``s = fl(a + b)`` and ``a + b = s + e`` exactly (Knuth's TwoSum, any order of magnitude)."""
    total = a + b
    b_part = total - a
    error = (a - (total - b_part)) + (b - b_part)
    return total, error


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
