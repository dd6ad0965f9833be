"""Samples with more classes than a block: streamed a chunk of classes at a time, to the same bits, in little memory."""

import tracemalloc

import numpy as np
import pytest

from losses import _softmax, activations, log_softmax, softmax
from scripts.catalog import ENTRIES, resolve

CHUNK = 64


@pytest.fixture
def small_chunks(monkeypatch):
    """Make a row of a few hundred classes 'wide', so the chunked path runs on small inputs."""
    def chunked(enabled: bool):
        size = CHUNK if enabled else 1 << 40
        monkeypatch.setattr(_softmax, "WIDE_ELEMENTS", size)
        monkeypatch.setattr(_softmax, "CHUNK_ELEMENTS", size)
        monkeypatch.setattr(activations, "BLOCK_ELEMENTS", size)
    return chunked


def _rows(rng):
    classes = 7 * CHUNK + 5
    normal = rng.normal(size=classes)
    return {
        "normal": normal,
        "spread over 600": rng.uniform(-300, 300, size=classes),
        # r of about 1e-11: the dominant class's terms are summed again, on a common scale.
        "dominant": np.r_[normal[:200], 30.0, normal[201:]],
        "underflowing": np.r_[800.0, normal[1:]],
        "masked": np.where(rng.random(classes) < 0.2, -np.inf, normal),
        "float32": normal.astype(np.float32),
        "batch, axis 0": rng.normal(size=(classes, 3)),
    }


@pytest.mark.parametrize("function", [softmax, log_softmax])
def test_wide_rows_give_the_bits_of_one_block(small_chunks, function):
    for name, z in _rows(np.random.default_rng(0)).items():
        axis = 0 if name.startswith("batch") else -1
        small_chunks(True)
        streamed = function(z, axis=axis)
        small_chunks(False)
        whole = function(z, axis=axis)
        assert streamed.dtype == whole.dtype == z.dtype
        np.testing.assert_array_equal(streamed, whole, err_msg=name)


# Every multi-class loss of the catalog, with every setting it is tested with.
WIDE_LOSSES = [pytest.param(entry, case, settings, id=f"{entry.name}[{case.label or case.kind}]-{settings}")
               for entry in ENTRIES if entry.is_loss and entry.cases[0].kind.per_sample
               for case in entry.cases for settings in case.settings]
# For the memory of one wide sample: each case's last setting (the one with every option at once).
WIDE_MEMORY = [pytest.param(entry, case, case.settings[-1], id=f"{entry.name}[{case.label or case.kind}]")
               for entry in ENTRIES if entry.is_loss and entry.cases[0].kind.per_sample for case in entry.cases]


def _targets_like(case, rows, classes):
    """Targets of the case's kind for ``rows`` samples of ``classes`` classes: the indices 5, 200, 4, ...
    (none of them an `ignore_index` of the catalog's first sample) or distributions, one-hot at class
    200 in the second row."""
    _, sample = case.kind.sample(np.random.default_rng(3), 1, classes=2)
    if sample.dtype.kind in "iu":
        return np.array([5, 200, 4][:rows])
    distributions = np.random.default_rng(3).random((rows, classes))
    distributions /= distributions.sum(axis=1, keepdims=True)
    distributions[min(1, rows - 1)] = 0.0
    distributions[min(1, rows - 1), 200] = 1.0
    return distributions


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
# Every sample's own loss (the sum and the mean are reduced from them as for any block), and the
# gradient of the mean (which divides each chunk as it is written).
@pytest.mark.parametrize("gradient, reduction", [(False, "none"), (True, "mean")], ids=["loss", "gradient"])
@pytest.mark.parametrize("entry, case, settings", WIDE_LOSSES)
def test_losses_of_wide_rows_give_the_bits_of_one_block(small_chunks, entry, case, settings, gradient, reduction,
                                                        dtype):
    function = entry.gradient if gradient else entry.function
    rows = _rows(np.random.default_rng(1))
    input = np.stack([rows["normal"], rows["dominant"], rows["spread over 600"]]).astype(dtype)
    target = _targets_like(case, *input.shape)
    settings = resolve(settings, input)
    small_chunks(True)
    streamed = function(input, target, reduction=reduction, **settings)
    small_chunks(False)
    whole = function(input, target, reduction=reduction, **settings)
    assert np.asarray(streamed).dtype == np.asarray(whole).dtype == dtype
    np.testing.assert_array_equal(streamed, whole)


def _peak_over_input(function, input, *rest, **settings):
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        function(input, *rest, **settings)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak / input.nbytes


@pytest.mark.parametrize("function", [softmax, log_softmax])
def test_one_row_of_two_million_classes_needs_little_more_than_its_result(function):
    z = np.random.default_rng(2).normal(size=1 << 21)
    # The result is 1; the chunks' temporaries a fixed few MiB.
    assert _peak_over_input(function, z) < 1.5


@pytest.mark.parametrize("gradient", [False, True], ids=["loss", "gradient"])
@pytest.mark.parametrize("entry, case, settings", WIDE_MEMORY)
def test_a_loss_of_one_sample_of_two_million_classes_needs_little_more_than_its_result(entry, case, settings,
                                                                                       gradient):
    classes = 1 << 21
    z = np.random.default_rng(2).normal(size=classes)
    target = _targets_like(case, 1, classes)[0]
    function = entry.gradient if gradient else entry.function
    # A gradient is 1 (written into its result as it is made); a loss 0; chunks a few MiB.
    assert _peak_over_input(function, z, target, **resolve(settings, z[None])) < (1.5 if gradient else 0.5)
