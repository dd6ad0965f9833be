"""The contract every loss of the catalog keeps: reductions, gradients, dtypes, layouts and errors."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from losses import _reduction

from .support import catalog_cases, central_difference, sample

every_loss = pytest.mark.parametrize("entry, case, options", catalog_cases(lambda entry: entry.is_loss))


def _divisor(case, input, target, options, losses_none) -> float:
    """What PyTorch's "mean" divides by: the weight of the counted class-index targets, or the number of losses."""
    if np.asarray(target).dtype.kind in "iu" and ("weight" in options or "ignore_index" in options):
        counted = target != options.get("ignore_index", -100)
        weights = options.get("weight", np.ones(input.shape[1]))
        return float(np.sum(weights[np.where(counted, target, 0)] * counted))
    return float(np.size(losses_none))


@every_loss
@settings(max_examples=12, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), reduction=st.sampled_from(["mean", "sum", "none"]))
def test_gradient_matches_central_differences(entry, case, options, seed, reduction):
    input, target, options = sample(case, options, seed)
    kinks = entry.kinks(input, target, **options) if entry.kinks else np.zeros(input.shape, bool)

    def total(x):
        return np.sum(entry.function(x, target, reduction=reduction, **options))

    analytic = entry.gradient(input, target, reduction=reduction, **options)
    numeric = central_difference(total, input)
    assert analytic.shape == input.shape
    np.testing.assert_allclose(analytic[~kinks], numeric[~kinks], rtol=1e-5, atol=1e-7)


@every_loss
@settings(max_examples=10, deadline=None)
@given(seed=st.integers(0, 2**32 - 1))
def test_reductions_agree(entry, case, options, seed):
    input, target, options = sample(case, options, seed, n=5)
    per_sample = entry.function(input, target, reduction="none", **options)
    assert per_sample.shape == (5,) if case.kind.per_sample else input.shape
    if not entry.negative_terms:
        assert np.all(per_sample >= 0)
    total = entry.function(input, target, reduction="sum", **options)
    mean = entry.function(input, target, reduction="mean", **options)
    assert total == pytest.approx(np.sum(per_sample), rel=1e-13, abs=1e-300)
    assert mean == pytest.approx(total / _divisor(case, input, target, options, per_sample), rel=1e-13, abs=1e-300)


@every_loss
def test_gradient_reductions_agree(entry, case, options):
    input, target, options = sample(case, options, 7, n=6)
    divisor = _divisor(case, input, target, options, entry.function(input, target, reduction="none", **options))
    gradient_sum = entry.gradient(input, target, reduction="sum", **options)
    np.testing.assert_allclose(entry.gradient(input, target, reduction="mean", **options) * divisor, gradient_sum,
                               rtol=1e-14, atol=1e-300)
    np.testing.assert_array_equal(entry.gradient(input, target, reduction="none", **options), gradient_sum)


@every_loss
@pytest.mark.parametrize("which", ["function", "gradient"])
def test_float32_in_float32_out(entry, case, options, which):
    input, target, options = sample(case, options, 3)
    function = getattr(entry, which)
    result = function(input.astype(np.float32), target, reduction="none", **options)
    assert result.dtype == np.float32
    # Computed in float64 and rounded once: the float64 result of the float32 input and the
    # float64 target (which keeps its precision), rounded.
    reference = function(input.astype(np.float32).astype(np.float64), target, reduction="none", **options)
    np.testing.assert_array_equal(result, reference.astype(np.float32))
    # float16 is widened to float32, as the README says: its result is float32's.
    half = input.astype(np.float16)
    np.testing.assert_array_equal(function(half, target, reduction="none", **options),
                                  function(half.astype(np.float32), target, reduction="none", **options))
    assert function(half, target, reduction="none", **options).dtype == np.float32


@every_loss
def test_integer_input_is_promoted_to_float64(entry, case, options):
    input, target, options = sample(case, options, 4)
    # Probabilities round to 0 or 1 and log-probabilities to integers <= 0: still valid.
    input = np.round(input).astype(int)
    assert entry.function(input, target, reduction="none", **options).dtype == np.float64


@every_loss
@pytest.mark.parametrize("which", ["function", "gradient"])
def test_unknown_reduction_is_refused(entry, case, options, which):
    input, target, options = sample(case, options, 5)
    with pytest.raises(ValueError, match="`reduction` must be one of 'mean', .*'sum', 'none', got 'avg'"):
        getattr(entry, which)(input, target, reduction="avg", **options)


@every_loss
@pytest.mark.parametrize("which", ["function", "gradient"])
def test_mismatched_target_shape_is_refused(entry, case, options, which):
    input, target, options = sample(case, options, 6)
    # The classic silent bug: a column of predictions against a flat target.
    bad_target = target[:, None] if target.ndim == 1 and input.ndim == 1 else target[:-1]
    with pytest.raises(ValueError, match="`target`.*shape|same shape"):
        getattr(entry, which)(input, bad_target, **options)


@every_loss
@pytest.mark.parametrize("which", ["function", "gradient"])
def test_empty_input(entry, case, options, which):
    input, target, options = sample(case, options, 8, n=0)
    function = getattr(entry, which)
    with pytest.raises(ValueError, match="empty|zero elements|divides"):
        function(input, target, reduction="mean", **options)
    assert np.sum(function(input, target, reduction="sum", **options)) == 0
    assert np.size(function(input, target, reduction="none", **options)) == 0


@every_loss
def test_complex_and_masked_inputs_are_refused(entry, case, options):
    input, target, options = sample(case, options, 9)
    with pytest.raises(TypeError, match="`input`"):
        entry.function(input.astype(complex), target, **options)
    with pytest.raises(TypeError, match="`input` is a masked array"):
        entry.function(np.ma.masked_array(input, mask=np.zeros(input.shape, bool)), target, **options)


@every_loss
def test_big_endian_input_is_float64(entry, case, options):
    input, target, options = sample(case, options, 10)
    swapped = input.astype(input.dtype.newbyteorder(">"))
    np.testing.assert_array_equal(entry.function(swapped, target, reduction="none", **options),
                                  entry.function(input, target, reduction="none", **options))


@every_loss
def test_callers_error_state_changes_nothing(entry, case, options, monkeypatch):
    # Small inputs run on the calling thread, large ones on workers: the caller's
    # np.errstate must not make the two behave differently (neither raise).
    input, target, options = sample(case, options, 11, n=64)
    expected = entry.function(input, target, reduction="none", **options)
    monkeypatch.setattr(_reduction, "THREADED_ELEMENTS", 8)
    monkeypatch.setattr(_reduction, "BLOCK_ELEMENTS", 16)
    with np.errstate(all="raise"):
        np.testing.assert_array_equal(entry.function(input, target, reduction="none", **options), expected)
        entry.gradient(input, target, reduction="mean", **options)


@every_loss
@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
def test_results_do_not_depend_on_blocks_or_threads(entry, case, options, reduction, monkeypatch):
    input, target, options = sample(case, options, 12, n=97)
    if not case.kind.per_sample and case.kind.name == "logits":
        target[::3] = np.round(target[::3])  # hard and soft labels side by side
    monkeypatch.setattr(_reduction, "BLOCK_ELEMENTS", 1 << 30)
    loss = entry.function(input, target, reduction=reduction, **options)
    gradient = entry.gradient(input, target, reduction=reduction, **options)
    for block, threshold, threads in [(7, 8, 1), (16, 8, 3)]:
        monkeypatch.setattr(_reduction, "BLOCK_ELEMENTS", block)
        monkeypatch.setattr(_reduction, "THREADED_ELEMENTS", threshold)
        monkeypatch.setattr(_reduction, "THREADS", threads)
        monkeypatch.setattr(_reduction, "_pool", None)
        # Sums of blocks are added exactly, but each block is summed in its own order.
        np.testing.assert_allclose(entry.function(input, target, reduction=reduction, **options), loss,
                                   rtol=4e-16, atol=0)
        # Each element's derivative is computed by the same operations in any block: bit for bit equal.
        np.testing.assert_array_equal(entry.gradient(input, target, reduction=reduction, **options), gradient)


@every_loss
@pytest.mark.parametrize("value", [np.inf, -np.inf, np.nan])
def test_a_non_finite_sample_leaves_the_others_alone(entry, case, options, value):
    # Each sample's loss and gradient come from its own inputs alone, bit for bit: an exact sum over
    # 40 classes once fell back to the plain sum for every sample of a block with one inf or NaN term.
    input, target, options = sample(case, options, 13, n=3, classes=40 if case.kind.per_sample else None)
    expected = entry.function(input, target, reduction="none", **options)
    expected_gradient = entry.gradient(input, target, reduction="sum", **options)
    spoiled = input.copy()
    spoiled[(0, 1) if case.kind.per_sample else 0] = value
    try:
        loss = entry.function(spoiled, target, reduction="none", **options)
    except ValueError as error:  # a probability input refuses what is not a probability
        assert "`input`" in str(error)
        return
    np.testing.assert_array_equal(loss[1:], expected[1:])
    np.testing.assert_array_equal(entry.gradient(spoiled, target, reduction="sum", **options)[1:],
                                  expected_gradient[1:])


@every_loss
@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
def test_memory_layout_changes_no_bit(entry, case, options, reduction):
    # The plain sum of a block follows the memory order: layouts once gave different last bits.
    input, target, options = sample(case, options, 14, n=6 if case.kind.per_sample else 60)
    if input.ndim == 1:  # a (6, 10) batch, with the weights that had the input's shape
        options = {name: value.reshape(6, 10) if np.shape(value) == input.shape else value
                   for name, value in options.items()}
        input, target = input.reshape(6, 10), target.reshape(6, 10)
    fortran = {name: np.asfortranarray(value) if np.ndim(value) == 2 else value for name, value in options.items()}
    fortran_target = np.asfortranarray(target) if target.ndim == 2 else target
    for function in (entry.function, entry.gradient):
        np.testing.assert_array_equal(function(np.asfortranarray(input), fortran_target, reduction=reduction, **fortran),
                                      function(input, target, reduction=reduction, **options))
