"""Samples with more classes than a block: streamed a chunk of classes at a time, to the same bits."""

import tracemalloc

import numpy as np
import pytest

from losses import _softmax, activations, cross_entropy, cross_entropy_grad, log_softmax, softmax

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


@pytest.mark.parametrize("function", [cross_entropy, cross_entropy_grad])
@pytest.mark.parametrize("settings", [{}, {"label_smoothing": 0.1}])
def test_cross_entropy_of_wide_rows_gives_the_bits_of_one_block(small_chunks, function, settings):
    rows = _rows(np.random.default_rng(1))
    input = np.stack([rows["normal"], rows["dominant"], rows["spread over 600"]])
    target = np.array([3, 200, 0])
    small_chunks(True)
    streamed = function(input, target, **settings)
    small_chunks(False)
    np.testing.assert_array_equal(streamed, function(input, target, **settings))


@pytest.mark.parametrize("function", [softmax, log_softmax])
def test_one_row_of_two_million_classes_needs_little_more_than_its_result(function):
    z = np.random.default_rng(2).normal(size=1 << 21)
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        function(z)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # The result is 1; the chunks' temporaries a fixed few MiB.
    assert peak / z.nbytes < 1.5
