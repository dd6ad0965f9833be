"""The contract every loss keeps: reductions, gradients, dtypes, and errors for bad input."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from .loss_cases import CASES
from .support import central_difference

all_cases = pytest.mark.parametrize("case", CASES, ids=str)


def _sample(case, seed, samples=4):
    return case.make(np.random.default_rng(seed), samples)


@all_cases
@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), reduction=st.sampled_from(["mean", "sum", "none"]))
def test_gradient_matches_central_differences(case, seed, reduction):
    input, target = _sample(case, seed)
    kinks = case.near_kink(input, target, case.options)

    def total(x):
        return np.sum(case.loss(x, target, reduction=reduction, **case.options))

    analytic = case.grad(input, target, reduction=reduction, **case.options)
    numeric = central_difference(total, input)
    assert analytic.shape == np.shape(input)
    np.testing.assert_allclose(analytic[~kinks], numeric[~kinks], rtol=1e-5, atol=1e-7)


@all_cases
@given(seed=st.integers(0, 2**32 - 1))
def test_non_negative_and_reductions_agree(case, seed):
    input, target = _sample(case, seed, samples=5)
    per_sample = case.loss(input, target, reduction="none", **case.options)
    assert per_sample.shape == (5,)
    assert np.all(per_sample >= 0)
    total = case.loss(input, target, reduction="sum", **case.options)
    mean = case.loss(input, target, reduction="mean", **case.options)
    assert total == pytest.approx(mean * 5, rel=1e-13)
    assert total == pytest.approx(np.sum(per_sample), rel=1e-13)


@all_cases
def test_gradient_reductions_agree(case):
    input, target = _sample(case, 7, samples=6)
    gradient_sum = case.grad(input, target, reduction="sum", **case.options)
    np.testing.assert_allclose(case.grad(input, target, reduction="mean", **case.options) * 6, gradient_sum, rtol=1e-14)
    np.testing.assert_array_equal(case.grad(input, target, reduction="none", **case.options), gradient_sum)


@all_cases
@pytest.mark.parametrize("function", ["loss", "grad"])
def test_float32_in_float32_out(case, function):
    input, target = _sample(case, 3)
    result = getattr(case, function)(input.astype(np.float32), target, reduction="sum", **case.options)
    assert result.dtype == np.float32
    reference = getattr(case, function)(input.astype(np.float32).astype(np.float64), target, reduction="sum",
                                        **case.options)
    np.testing.assert_allclose(result, reference, rtol=1e-5, atol=1e-6)


@all_cases
def test_integer_input_is_promoted_to_float64(case):
    input, target = _sample(case, 4)
    input = np.round(input).astype(int)  # probabilities round to 0 or 1, still valid
    assert case.loss(input, target, reduction="none", **case.options).dtype == np.float64


@all_cases
@pytest.mark.parametrize("function", ["loss", "grad"])
def test_unknown_reduction_is_refused(case, function):
    input, target = _sample(case, 5)
    with pytest.raises(ValueError, match="`reduction` must be one of 'mean', 'sum', 'none', got 'avg'"):
        getattr(case, function)(input, target, reduction="avg", **case.options)


@all_cases
@pytest.mark.parametrize("function", ["loss", "grad"])
def test_mismatched_target_shape_is_refused(case, function):
    input, target = _sample(case, 6)
    # The classic silent bug: a column of predictions against a flat target.
    bad_target = target[:, None] if target.ndim == 1 and input.ndim == 1 else target[:-1]
    with pytest.raises(ValueError, match="`target`.*shape|same shape"):
        getattr(case, function)(input, bad_target, **case.options)


@all_cases
@pytest.mark.parametrize("function", ["loss", "grad"])
def test_empty_input(case, function):
    input, target = _sample(case, 8, samples=0)
    function = getattr(case, function)
    with pytest.raises(ValueError, match="empty"):
        function(input, target, reduction="mean", **case.options)
    assert np.sum(function(input, target, reduction="sum", **case.options)) == 0
    assert np.size(function(input, target, reduction="none", **case.options)) == 0


@all_cases
def test_complex_input_is_refused(case):
    input, target = _sample(case, 9)
    with pytest.raises(TypeError, match="`input`"):
        case.loss(input.astype(complex), target, **case.options)
