#!/usr/bin/env python3
"""Generate losses/_constants.py: the constants and polynomials of the GELU kernels, and ln 2 split in two.

    .venv/bin/python scripts/generate_constants.py          # rewrite losses/_constants.py
    .venv/bin/python scripts/generate_constants.py --check  # exit 1 if the committed file differs

Everything is computed with mpmath at 60 significant digits and rounded to
float64 once; tests/test_activations.py checks that the committed file is what
this script writes, so the numbers in it are reproducible, not copied.

* The standard normal tail, scaled: M(t) = e^{t²/2} Q(t) with
  Q(t) = Φ(−t) = ½ erfc(t/√2), which is ½ erfcx(t/√2).  M is smooth and
  varies slowly (M(t) ≈ 1/(t√(2π)) for large t), so polynomials approximate it
  to full relative accuracy, where Q itself spans 300 orders of magnitude.
  On each interval [a, b] of t the polynomial is in x = (t − c)/h, with c the
  midpoint and h the half-width, both chosen so that x is exact: the Chebyshev
  series of M to 30 terms (interpolation at 31 Chebyshev points) is truncated
  where the dropped terms are below 2⁻⁶⁶ of M and converted to powers of x.
  The constant term is stored as a pair high + low, so that the polynomial's
  value carries more than float64's precision into the products that follow.
* Near 0, the Taylor series of Φ(z) − ½ = z P(z²) and of
  Φ(z) + zφ(z) − ½ = z S(z²), whose coefficients are known exactly:
  P_k = (−1)^k / (2^k k! (2k + 1) √(2π)) and S_k = P_k (2k + 2).
* 1/√(2π), the tanh approximation's constants 2√(2/π) and 2√(2/π)·0.044715
  (the decimal of Hendrycks and Gimpel, exactly), and ln 2 split in
  Cody and Waite's way (a high part with 32 fraction bits, so that k·ln2_high is exact for |k| < 2²⁰),
  each as a pair high + low.
"""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path

import mpmath

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "losses" / "_constants.py"

# Intervals of t for M(t): the midpoint c and the half-width h of each are such
# that t - c is exact (Sterbenz: c/2 <= t <= 2c) and h is a power of two.
# Beyond 40, Q(t) < 1e-349 underflows, and so does every result that needs it.
BOUNDS = (0.5, 0.75, 1.0, 1.5, 2.0, 3.0, 4.0, 6.0, 8.0, 12.0, 16.0, 24.0, 32.0, 40.0)
# |z| below this uses the Taylor series of Φ around 0.
TAYLOR_LIMIT = 0.5
CHEBYSHEV_TERMS = 31
TRUNCATION = mpmath.mpf(2) ** -66

mpmath.mp.dps = 60


def scaled_tail(t):
    """M(t) = e^{t²/2} Q(t), exactly (to 60 digits)."""
    t = mpmath.mpf(t)
    return mpmath.erfc(t / mpmath.sqrt(2)) * mpmath.exp(t * t / 2) / 2


def pair(value) -> tuple[float, float]:
    high = float(value)
    return high, float(value - mpmath.mpf(high))


def _chebyshev(function, centre, half_width, terms):
    nodes = [mpmath.cos(mpmath.pi * (k + mpmath.mpf(1) / 2) / terms) for k in range(terms)]
    values = [function(centre + half_width * x) for x in nodes]
    series = [2 * mpmath.fsum(values[k] * mpmath.cos(mpmath.pi * j * (k + mpmath.mpf(1) / 2) / terms)
                              for k in range(terms)) / terms for j in range(terms)]
    series[0] /= 2
    return series


def _as_powers(series):
    """Coefficients of Σ a_j T_j(x) in powers of x."""
    chebyshev = [[mpmath.mpf(1)], [mpmath.mpf(0), mpmath.mpf(1)]]
    while len(chebyshev) < len(series):
        previous, before = chebyshev[-1], chebyshev[-2]
        following = [mpmath.mpf(0)] + [2 * value for value in previous]
        for index, value in enumerate(before):
            following[index] -= value
        chebyshev.append(following)
    powers = [mpmath.mpf(0)] * len(series)
    for coefficient, polynomial in zip(series, chebyshev):
        for index, value in enumerate(polynomial):
            powers[index] += coefficient * value
    return powers


def tail_polynomials():
    """Per interval: (centre, half-width, [c0, c1, ...] in powers of x) with c0 exact to 60 digits."""
    found = []
    for low, high in zip(BOUNDS[:-1], BOUNDS[1:]):
        centre, half_width = mpmath.mpf(low + high) / 2, mpmath.mpf(high - low) / 2
        series = _chebyshev(scaled_tail, centre, half_width, CHEBYSHEV_TERMS)
        kept = len(series)
        while mpmath.fsum(abs(value) for value in series[kept - 1:]) < TRUNCATION * abs(series[0]):
            kept -= 1
        found.append((float(centre), float(half_width), _as_powers(series[:kept])))
    return found


def taylor(terms_factor, limit=TAYLOR_LIMIT):
    """Σ_k c_k w^k for w = z² <= limit², c_k = (−1)^k / (2^k k! (2k+1) √(2π)) · terms_factor(k), to 2⁻⁶⁶."""
    scale = 1 / mpmath.sqrt(2 * mpmath.pi)
    coefficients, k = [], 0
    while True:
        value = scale * (-1) ** k / (2**k * mpmath.factorial(k) * (2 * k + 1)) * terms_factor(k)
        if k > 1 and abs(value) * mpmath.mpf(limit) ** (2 * k) < TRUNCATION * abs(coefficients[0]):
            return coefficients
        coefficients.append(value)
        k += 1


def _row(values, indent: int = 4) -> str:
    """A tuple of floats as source, wrapped at 110 characters."""
    body = ", ".join(repr(float(value)) for value in values) + ("," if len(values) == 1 else "")
    lines = textwrap.wrap(body, 110 - indent, break_long_words=False, break_on_hyphens=False)
    if len(lines) == 1:
        return f"({lines[0]})"
    inner = "\n".join(" " * indent + line for line in lines)
    return f"(\n{inner}\n{' ' * (indent - 4)})"


def source() -> str:
    ln2 = mpmath.log(2)
    ln2_high = mpmath.floor(ln2 * 2**32) / 2**32
    tanh_slope = 2 * mpmath.sqrt(2 / mpmath.pi)
    lines = [
        '"""Constants and polynomials of the GELU kernels (losses/_normal.py) and of losses/_exponential.py.',
        "",
        "Generated by scripts/generate_constants.py with mpmath; do not edit: a test checks that this is",
        "what that script writes.",
        '"""',
        "",
        "# ln 2 = LN2_HIGH + LN2_LOW; LN2_HIGH has 32 fraction bits, so k * LN2_HIGH is exact for |k| < 2**20.",
        f"LN2_HIGH, LN2_LOW = {float(ln2_high)!r}, {float(ln2 - ln2_high)!r}",
        "# 1 / sqrt(2 pi) = high + low.",
        f"INVERSE_SQRT_2PI = {pair(1 / mpmath.sqrt(2 * mpmath.pi))!r}",
        "# The tanh approximation's 2 sqrt(2/pi) and 2 sqrt(2/pi) * 0.044715, as pairs high + low.",
        f"TANH_LINEAR = {pair(tanh_slope)!r}",
        f"TANH_CUBIC = {pair(tanh_slope * mpmath.mpf('0.044715'))!r}",
        "",
        f"TAYLOR_LIMIT = {TAYLOR_LIMIT!r}",
        "# Phi(z) = 1/2 + z P(z^2) and Phi(z) + z phi(z) = 1/2 + z S(z^2) for |z| < TAYLOR_LIMIT:",
        "# the constant terms as pairs (high, low), then the other coefficients in increasing powers.",
    ]
    for name, factor in (("PHI", lambda k: 1), ("PHI_PLUS_Z_DENSITY", lambda k: 2 * k + 2)):
        coefficients = taylor(factor)
        lines.append(f"{name}_CONSTANT = {pair(coefficients[0])!r}")
        lines.append(f"{name}_POWERS = {_row(coefficients[1:])}")
    polynomials = tail_polynomials()
    degree = max(len(powers) for _, _, powers in polynomials) - 1
    lines += [
        "",
        "# M(t) = e^{t^2/2} Phi(-t) on [BOUNDS[i], BOUNDS[i + 1]]: a polynomial in",
        "# x = (t - CENTRES[i]) / HALF_WIDTHS[i] whose constant term is CONSTANT_HIGH[i] + CONSTANT_LOW[i]",
        "# and whose coefficient of x^k is POWERS[i][k - 1]",
        f"# (zeros pad each row to degree {degree}).",
        f"BOUNDS = {_row(BOUNDS)}",
        f"CENTRES = {_row([centre for centre, _, _ in polynomials])}",
        f"HALF_WIDTHS = {_row([half_width for _, half_width, _ in polynomials])}",
        f"CONSTANT_HIGH = {_row([pair(powers[0])[0] for _, _, powers in polynomials])}",
        f"CONSTANT_LOW = {_row([pair(powers[0])[1] for _, _, powers in polynomials])}",
        "POWERS = (",
    ]
    for _, _, powers in polynomials:
        padded = list(powers[1:]) + [0] * (degree + 1 - len(powers))
        lines.append(f"    {_row(padded, indent=8)},")
    lines.append(")")
    return "\n".join(lines) + "\n"


def main(arguments) -> int:
    text = source()
    if "--check" in arguments:
        current = OUTPUT.read_text(encoding="utf-8") if OUTPUT.exists() else ""
        if current != text:
            print(f"{OUTPUT.relative_to(ROOT)} is not what scripts/generate_constants.py writes")
            return 1
        return 0
    OUTPUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUTPUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
