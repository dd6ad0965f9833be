"""Samples with more classes than a block: streamed a chunk of classes at a time, to the same bits, in little memory."""

import tracemalloc

import numpy as np
import pytest

import losses
from losses import _softmax, activations, cross_entropy, log_softmax, multiclass_hinge, nll_loss, softmax

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


def _class_weights(classes):
    return np.random.default_rng(7).uniform(0.1, 2.0, size=classes)


# Every multi-class loss, with the settings whose kernels differ, and its target for the rows below.
WIDE_LOSSES = [
    (cross_entropy, "indices", {}),
    (cross_entropy, "indices", {"label_smoothing": 0.1}),
    (cross_entropy, "indices", {"weight": "class weights", "ignore_index": 200, "label_smoothing": 0.3}),
    (cross_entropy, "indices", {"weight": "class weights"}),
    (cross_entropy, "probabilities", {}),
    (cross_entropy, "probabilities", {"weight": "class weights", "label_smoothing": 0.2}),
    (nll_loss, "indices", {}),
    (nll_loss, "indices", {"weight": "class weights", "ignore_index": 3}),
    (multiclass_hinge, "indices", {}),
    (multiclass_hinge, "indices", {"variant": "crammer_singer", "margin": 0.5}),
]


def _wide_arguments(target_kind, settings, dtype=np.float64):
    rows = _rows(np.random.default_rng(1))
    input = np.stack([rows["normal"], rows["dominant"], rows["spread over 600"]]).astype(dtype)
    classes = input.shape[1]
    if target_kind == "indices":
        target = np.array([3, 200, 0])
    else:
        target = np.random.default_rng(3).dirichlet(np.ones(classes), size=3)
        target[1] = np.eye(classes)[200]
    settings = {name: _class_weights(classes) if value == "class weights" else value
                for name, value in settings.items()}
    return input, target, settings


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("reduction", ["none", "mean"])
@pytest.mark.parametrize("gradient", [False, True], ids=["loss", "gradient"])
@pytest.mark.parametrize("loss, target_kind, settings", WIDE_LOSSES,
                         ids=[f"{loss.__name__}-{kind}-{settings}" for loss, kind, settings in WIDE_LOSSES])
def test_losses_of_wide_rows_give_the_bits_of_one_block(small_chunks, loss, target_kind, settings, gradient,
                                                        reduction, dtype):
    function = getattr(losses, f"{loss.__name__}_grad") if gradient else loss
    input, target, settings = _wide_arguments(target_kind, settings, dtype)
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
@pytest.mark.parametrize("loss, target_kind, settings", WIDE_LOSSES,
                         ids=[f"{loss.__name__}-{kind}-{settings}" for loss, kind, settings in WIDE_LOSSES])
def test_a_loss_of_one_sample_of_two_million_classes_needs_little_more_than_its_result(loss, target_kind, settings,
                                                                                       gradient):
    classes = 1 << 21
    z = np.random.default_rng(2).normal(size=classes)
    target = np.array(5) if target_kind == "indices" else np.random.default_rng(4).dirichlet(np.ones(classes))
    settings = {name: _class_weights(classes) if value == "class weights" else value
                for name, value in settings.items()}
    function = getattr(losses, f"{loss.__name__}_grad") if gradient else loss
    # A gradient is 1 (written into its result as it is made); a loss 0; chunks a few MiB.
    assert _peak_over_input(function, z, target, **settings) < (1.5 if gradient else 0.5)
