"""From per-element kernels to results: the one reduction every function uses.

A kernel is a plain NumPy function of float64 blocks that returns one value per
element (or per sample, or one derivative per element).  This module decides
everything else, in one place:

* **Precision.**  Kernels always compute in float64: float32 inputs are widened
  block by block and the result is rounded to float32 once, at the end.  A
  float32 result is then the float64 result correctly rounded, not the
  accumulation of float32 rounding errors, and a parameter such as
  ``beta=1e-300`` means the same in both precisions.
* **Reduction.**  ``"none"``, ``"sum"`` and ``"mean"`` (a sum divided by a
  divisor that the loss chooses: the number of elements, of samples, or a sum of
  weights, as PyTorch does).  Sums of finite terms never raise: block sums are
  added exactly with `math.fsum`, and when a sum exceeds the float range it is
  carried scaled by 2**-64, so a sum that overflows is ``inf`` while a mean that
  fits (``l1([1.7e308, 1.7e308], [0, 0])``) is returned exactly.
* **Gradients.**  The derivative of each element's loss is divided by the
  divisor before any constant factor is applied (``factor``, e.g. the 2 of
  ``2(ŷ - y)``), so that a gradient whose reduction makes it finite is not
  overflowed by an intermediate product.
* **Floating-point warnings.**  Kernels run under ``np.errstate(all="ignore")``
  in every thread, whatever the caller's settings: overflow to ±inf is the
  right answer where the true value exceeds the range, the kernels never divide
  0 by 0 on valid input, and NaN comes out only where NaN (or an infinity that
  makes the result undefined) went in.  So results and warnings do not depend on
  the size of the input.
* **Speed and memory.**  Kernels run on blocks of about 33 thousand elements
  along the first axis, so that their temporaries stay in the CPU cache and
  never exceed a few blocks, and on worker threads for large inputs (NumPy
  releases the GIL inside its loops).  Block boundaries depend only on the
  input's shape, never on the number of threads, and every element's value is
  computed by the same operations whatever block it falls in: the thread count
  never changes a bit of any result.
"""

from __future__ import annotations

import math
import os
from concurrent.futures import ThreadPoolExecutor
from typing import Callable, Sequence

import numpy as np

from . import _scratch

# Elements per block (256 KiB of float64).  Smaller blocks pay NumPy's per-call
# overhead more often on every per-sample operation (rows of 10 classes make
# those a tenth of the work); larger ones let glibc's malloc return the
# temporaries of each block to the system and fault them in again (at 2**16,
# a cold process spent more time in page faults than in arithmetic).
BLOCK_ELEMENTS = 1 << 15
# Below this many elements a thread hand-off costs more than it saves
# (measured on 2 cores: threads lose at 1e5 elements, win at 1e6 and above).
THREADED_ELEMENTS = 1 << 19
THREADS = max(1, min(os.cpu_count() or 1, 8))
# Sums that overflow are carried multiplied by this power of two (exact).
_OVERFLOW_SCALE = 2.0**-64

_pool: ThreadPoolExecutor | None = None


def _executor() -> ThreadPoolExecutor:
    global _pool
    if _pool is None:
        _pool = ThreadPoolExecutor(max_workers=THREADS, thread_name_prefix="losses")
    return _pool


def _blocks(rows: int, elements_per_row: int) -> list[slice]:
    step = max(1, BLOCK_ELEMENTS // max(elements_per_row, 1))
    return [slice(start, min(start + step, rows)) for start in range(0, rows, step)]


def _widened(array, block: slice):
    """Rows ``block`` of ``array`` in float64 (float32 is widened); other dtypes untouched."""
    part = array[block]
    return part.astype(np.float64) if part.dtype == np.float32 else part


def _block_of(kernel, arrays, block: slice) -> list:
    """The kernel's arguments for rows ``block``: widened, unless the kernel widens them itself."""
    if getattr(kernel, "widens_its_blocks", False):
        return [array[block] for array in arrays]
    return [_widened(array, block) for array in arrays]


def _run(work: Callable[[slice], object], arrays: Sequence[np.ndarray]) -> list:
    """``[work(block) for block in blocks]`` over the rows of ``arrays``, in block order."""
    first = arrays[0]
    rows = first.shape[0]
    blocks = _blocks(rows, first.size // rows if rows else 1)

    def guarded(chunk):
        results = []
        with np.errstate(all="ignore"), _scratch.blocks_of_a_call():
            for block in chunk:
                _scratch.next_block()
                results.append(work(block))
        return results

    if first.size < THREADED_ELEMENTS or THREADS == 1 or len(blocks) == 1:
        return guarded(blocks)
    # Contiguous runs of blocks per thread, results put back in block order.
    step = -(-len(blocks) // THREADS)
    chunks = [blocks[start:start + step] for start in range(0, len(blocks), step)]
    futures = [_executor().submit(guarded, chunk) for chunk in chunks]
    return [value for future in futures for value in future.result()]


def evaluate(kernel: Callable[..., np.ndarray], arrays: Sequence[np.ndarray], out: np.ndarray, *,
             divide_by: float = 1.0, factor: float = 1.0) -> np.ndarray:
    """``out[...] = kernel(*arrays) / divide_by * factor``, block by block in float64, rounded to ``out``'s dtype.

    ``arrays`` and ``out`` share their first axis (rows); ``out`` may be a view.
    The scaling writes its result straight into ``out``: one pass over the
    block, not a pass in place and then a copy.
    """
    in_one_step = out.dtype == np.float64 or factor == 1.0
    # A kernel that may write its block of ``out`` itself (a wide sample's gradient) returns None then.
    writes_into_output = getattr(kernel, "writes_into_output", False) and factor == 1.0

    def work(block):
        target = out[block]
        if writes_into_output:
            values = kernel(*_block_of(kernel, arrays, block), out=target, divide_by=divide_by)
            if values is None:
                return
        else:
            values = kernel(*_block_of(kernel, arrays, block))
        if divide_by == 1.0 and factor == 1.0:
            target[...] = values
        elif in_one_step and factor == 1.0:
            # float64 throughout (a float32 ``out`` rounds the float64 quotient once).
            np.divide(values, divide_by, out=target)
        elif in_one_step:
            # The factor is a power of two: multiplied first it is exact, and the quotient is
            # rounded once (r / n rounded, then doubled, rounds twice among the subnormals);
            # where the product overflows, divided first.
            scaled = values * factor
            np.divide(scaled, divide_by, out=target)
            overflowed = np.isinf(scaled) & np.isfinite(values)
            if overflowed.any():
                target[overflowed] = values[overflowed] / divide_by * factor
        else:  # float32 with a factor: both steps in float64, rounded once
            target[...] = values / divide_by * factor

    if out.size:
        _run(work, arrays)
    return out


def _block_sum(values: np.ndarray) -> tuple[float, bool]:
    """The sum of a block, and whether it is given times ``_OVERFLOW_SCALE`` because it overflowed."""
    total = float(np.sum(values))
    if math.isinf(total) and np.all(np.isfinite(values)):
        return float(np.sum(values * _OVERFLOW_SCALE)), True
    return total, False


def _exact_total(block_sums: list[tuple[float, bool]]) -> tuple[float, bool]:
    """Add the block sums exactly; returns (total, scaled) with the same meaning as `_block_sum`."""
    values = [value for value, _ in block_sums]
    if not all(map(math.isfinite, values)):  # inf or NaN from the terms themselves: plain addition propagates it
        return sum(values), False
    if not any(scaled for _, scaled in block_sums):
        try:
            return math.fsum(values), False
        except OverflowError:  # fsum raises where the partial sums leave the float range
            pass
    return math.fsum(value if scaled else value * _OVERFLOW_SCALE for value, scaled in block_sums), True


def _as_result(value: float, dtype) -> np.floating:
    with np.errstate(over="ignore"):  # a float64 result beyond float32's range is inf in float32
        return np.dtype(dtype).type(value)


def reduce(kernel, arrays, reduction: str, *, shape, dtype, divisor: float | None = None):
    """The losses that ``kernel`` computes for the rows of ``arrays``, reduced as PyTorch does.

    ``shape`` is the shape of the unreduced losses (returned for ``"none"``);
    ``"mean"`` divides their sum by ``divisor`` (default: their number).
    """
    if reduction == "none":
        return evaluate(kernel, arrays, np.empty(shape, dtype))
    if not arrays[0].shape[0]:  # an empty sum is 0; a mean of nothing is NaN, unless its divisor is not 0
        return _as_result(0.0 if reduction == "sum" or divisor else math.nan, dtype)
    total, scaled = _exact_total(_run(lambda block: _block_sum(kernel(*_block_of(kernel, arrays, block))), arrays))
    if reduction != "sum":  # "mean", or kl_div's "batchmean"
        total /= math.prod(shape) if divisor is None else divisor
    return _as_result(total / _OVERFLOW_SCALE if scaled else total, dtype)


def gradient(kernel, arrays, reduction: str, *, shape, dtype, divisor: float, factor: float = 1.0) -> np.ndarray:
    """``kernel(...) / divisor * factor``: the derivative of the reduced loss, of ``shape`` and ``dtype``.

    ``divisor`` is what ``"mean"`` divides the summed losses by; for ``"sum"``
    and ``"none"`` nothing is divided (with ``"none"`` this is the gradient of
    the sum of the losses, which is what back-propagation with an upstream
    gradient of ones computes).  ``factor`` is a power of two (2 for the MSE):
    ``2(ŷ - y) / n`` is rounded once, and is finite wherever ``ŷ - y`` is.
    """
    divide_by = divisor if reduction in ("mean", "batchmean") else 1.0
    if math.frexp(factor)[0] != 0.5:
        raise ValueError(f"the factor must be a power of two, got {factor!r}")
    return evaluate(kernel, arrays, np.empty(shape, dtype), divide_by=divide_by, factor=factor)
