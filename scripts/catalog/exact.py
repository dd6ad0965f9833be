"""Exact values in mpmath (400 significant digits), for the catalog's oracles.

400 digits resolve 1 - σ(700) ≈ e^-700 ≈ 1e-304 in the definitional formulas
without any rearrangement, so the oracles can be the textbook definitions.
Every float input is converted exactly (``mp``).
"""

from __future__ import annotations

from .frameworks import mpmath


def mp(value):
    """A float (or NumPy scalar) as an exact mpf; an mpf (from mpmath.diff, say) as it is."""
    return value if isinstance(value, mpmath.mpf) else mpmath.mpf(float(value))


def sigmoid(z):
    return 1 / (1 + mpmath.exp(-mp(z)))


def softplus(z):
    return mpmath.log1p(mpmath.exp(mp(z)))


def log_softmax(row):
    values = [mp(v) for v in row]
    finite = [v for v in values if v != mpmath.ninf]
    normaliser = mpmath.log(mpmath.fsum(mpmath.exp(v) for v in finite))
    return [v - normaliser for v in values]


def softmax(row):
    return [mpmath.exp(v) for v in log_softmax(row)]


def weighted_sum(weights, values):
    """Σ w v, a term with weight 0 counting 0 (even where v is infinite)."""
    return mpmath.fsum(mp(w) * v for w, v in zip(weights, values) if w)
