"""The block-wise executor: same numbers whatever the block size and thread count."""

import numpy as np
import pytest

import losses
from losses import _blockwise

from .loss_cases import CASES


@pytest.fixture
def tiny_blocks(monkeypatch):
    """Blocks of a few elements and threads from 8 elements on, so small inputs take every path."""
    def configure(block_elements, threaded_elements, threads):
        monkeypatch.setattr(_blockwise, "BLOCK_ELEMENTS", block_elements)
        monkeypatch.setattr(_blockwise, "THREADED_ELEMENTS", threaded_elements)
        monkeypatch.setattr(_blockwise, "THREADS", threads)
    return configure


@pytest.mark.parametrize("case", CASES, ids=str)
@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
def test_many_blocks_and_threads_give_the_same_numbers(case, reduction, tiny_blocks):
    input, target = case.make(np.random.default_rng(3), 257)
    tiny_blocks(1 << 30, 1 << 30, 1)  # one block, one thread
    loss = case.loss(input, target, reduction=reduction, **case.options)
    gradient = case.grad(input, target, reduction=reduction, **case.options)
    for block, threads in [(7, 1), (7, 2), (16, 3), (1, 4)]:
        tiny_blocks(block, 8, threads)
        np.testing.assert_allclose(case.loss(input, target, reduction=reduction, **case.options), loss,
                                   rtol=4e-16, atol=0)
        # Each element's derivative is computed by the same operations in any block: bit for bit equal.
        np.testing.assert_array_equal(case.grad(input, target, reduction=reduction, **case.options), gradient)


def test_sums_are_exact_over_blocks(tiny_blocks):
    # math.fsum adds the block sums exactly: 1e16 + 1 + ... - 1e16 keeps the ones.
    values = np.array([1e16] + [1.0] * 10 + [-1e16])
    tiny_blocks(1, 1, 2)
    assert losses.l1(values, np.zeros_like(values), reduction="sum") == 2e16 + 10
    assert _blockwise.sum_blocks(lambda block: block, [values], values.dtype) == 10.0


def test_results_do_not_depend_on_thread_count(tiny_blocks):
    x = np.random.default_rng(4).normal(size=(300, 5))
    k = np.random.default_rng(5).integers(0, 5, size=300)
    tiny_blocks(64, 8, 1)
    single = losses.cross_entropy(x, k), losses.cross_entropy_grad(x, k)
    tiny_blocks(64, 8, 4)
    threaded = losses.cross_entropy(x, k), losses.cross_entropy_grad(x, k)
    assert single[0] == threaded[0]
    np.testing.assert_array_equal(single[1], threaded[1])


def test_errors_inside_a_worker_thread_reach_the_caller(tiny_blocks):
    tiny_blocks(4, 8, 2)
    data = [np.arange(64.0)]

    def failing(block):
        if block[0] >= 32:
            raise ArithmeticError("from a block")
        return block

    with pytest.raises(ArithmeticError, match="from a block"):
        _blockwise.sum_blocks(failing, data, data[0].dtype)
