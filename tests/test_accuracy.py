"""Every function of the catalog is within 2 ulp of mpmath on its accuracy grid, in float64 and float32.

This is the measurement of scripts/accuracy.py (which also times PyTorch and
writes the site's table), run on `losses` alone.  The one batch of 10⁵
classes is left to the script: its exact values take a minute.
"""

import numpy as np
import pytest

from scripts import accuracy

ROWS = accuracy.rows()


def _batches(row):
    return [batch for batch in row.case.kind.grid() if batch.input.size <= 10_000]


@pytest.mark.parametrize("row", ROWS, ids=lambda row: row.name)
def test_within_two_ulp(row):
    results = accuracy.measure(row, implementations=("losses float64", "losses float32"), batches=_batches(row))
    for implementation, result in results.items():
        assert result["max_ulp"] <= 2, f"{implementation}: {result['max_ulp']:.2f} ulp at {result['at']}"


def test_ulp_is_measured_in_the_results_precision():
    assert accuracy.ulp(1.0) == 2.0**-52
    assert accuracy.ulp(1.0, np.float32) == 2.0**-23
    assert accuracy.ulp(0.0) == 5e-324
    assert accuracy.ulp_error(1.0 + 2.0**-52, 1.0) == 1.0
    assert accuracy.ulp_error(0.0, 1e-300) == np.inf or accuracy.ulp_error(0.0, 1e-300) > 1e15
    assert accuracy.ulp_error(np.inf, 1e308 * 10) == 0.0  # beyond the range, inf is the right rounding


def test_a_wrong_result_is_caught():
    # The measurement itself can fail: an implementation off by a few ulp is reported as such.
    row = next(row for row in ROWS if row.name == "sigmoid")
    exact_high, exact_low = accuracy.exact_pairs([accuracy.mpmath.mpf(0.5)])
    assert accuracy.ulp_errors(np.array([0.5 + 3 * 2.0**-53]), exact_high, exact_low)[0] == 3.0
    assert row.entry.exact(0.0) == 0.5
