"""Input checking and reduction shared by every loss.

Each public function converts its arguments here, so that every error message
has the same form: it names the argument and says what was expected.  The
losses themselves are written as kernels (per element, or per row of class
scores) that `reduce_rows` and `gradient_rows` run block by block.
"""

from __future__ import annotations

import math
import numpy as np

from ._blockwise import map_blocks, sum_blocks

REDUCTIONS = ("mean", "sum", "none")


def as_float_array(value, name: str) -> np.ndarray:
    """Return ``value`` as a float32 or float64 array.

    float32 stays float32 (the caller asked for single precision); float16 is
    widened to float32 because NumPy's float16 ufuncs lose too much to be a
    reference; booleans and integers become float64.  Anything else (complex,
    strings, objects) is refused rather than guessed at.
    """
    array = np.asarray(value)
    kind = array.dtype.kind
    if kind == "f":
        if array.dtype == np.float64 or array.dtype == np.float32:
            return array
        if array.dtype == np.float16:
            return array.astype(np.float32)
        raise TypeError(
            f"`{name}` must be float32 or float64, got {array.dtype} "
            "(extended precision is not supported)"
        )
    if kind in "biu":
        return array.astype(np.float64)
    raise TypeError(f"`{name}` must be a real numeric array, got dtype {array.dtype}")


def as_target_like(target, name: str, input_array: np.ndarray) -> np.ndarray:
    """Return ``target`` converted to the floating dtype of ``input_array``.

    The input decides the precision of the computation, as in PyTorch where the
    target is cast to the prediction's dtype.
    """
    return as_float_array(target, name).astype(input_array.dtype, copy=False)


def check_same_shape(input_array: np.ndarray, target_array: np.ndarray) -> None:
    # Broadcasting an (n, 1) prediction against an (n,) target silently builds
    # an (n, n) matrix of cross terms: refuse it instead of guessing.
    if input_array.shape != target_array.shape:
        raise ValueError(
            f"`input` and `target` must have the same shape, got input "
            f"{input_array.shape} and target {target_array.shape}; reshape one "
            "of them explicitly (broadcasting is not applied)"
        )


def check_in_unit_interval(array: np.ndarray, name: str) -> None:
    # min and max propagate NaN, and NaN fails both comparisons, so it is
    # reported as out of range too; two fast passes, no temporary arrays.
    if array.size and not (array.min() >= 0 and array.max() <= 1):
        bad = array[~((array >= 0) & (array <= 1))].flat[0]
        raise ValueError(f"`{name}` must hold probabilities in [0, 1], found {bad.item()!r}")


def check_reduction(reduction) -> None:
    if reduction not in REDUCTIONS:
        raise ValueError(
            f"`reduction` must be one of {', '.join(map(repr, REDUCTIONS))}, "
            f"got {reduction!r}"
        )


def check_parameter(value, name: str, *, minimum: float, strict: bool, maximum: float = math.inf) -> float:
    """Check a scalar hyper-parameter such as ``beta`` or ``margin``."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise TypeError(f"`{name}` must be a real number, got {type(value).__name__}")
    value = float(value)
    below = value <= minimum if strict else value < minimum
    if not math.isfinite(value) or below or value > maximum:
        low = "(" if strict else "["
        high = "]" if math.isfinite(maximum) else ")"
        raise ValueError(f"`{name}` must be finite and in {low}{minimum:g}, {maximum:g}{high}, got {value!r}")
    return value


def check_not_empty_for_mean(array: np.ndarray, reduction: str) -> None:
    # PyTorch returns NaN for the mean of nothing; a NaN loss is the kind of
    # silent failure this package refuses, so the caller is told instead.
    if reduction == "mean" and array.size == 0:
        raise ValueError(
            "`input` is empty: the mean over zero elements is undefined; "
            "use reduction='sum' (gives 0) or 'none' (gives an empty array)"
        )


def reduce_rows(kernel, arrays, reduction: str, dtype):
    """Losses of each row of ``arrays`` (each element, for 1-D arrays), reduced as PyTorch does.

    ``kernel`` maps blocks of the arrays (cut along the first axis) to one
    loss per row; ``"mean"`` divides the sum by the number of rows.
    """
    rows = arrays[0].shape[0]
    if reduction == "none":
        return map_blocks(kernel, arrays, np.empty(rows, dtype))
    total = sum_blocks(kernel, arrays, dtype)
    return total if reduction == "sum" else dtype.type(total / rows)


def gradient_rows(kernel, arrays, reduction: str, dtype) -> np.ndarray:
    """Derivatives from ``kernel`` (shape of ``arrays[0]``), scaled as the reduction scales the losses.

    With ``"none"`` this is the gradient of the sum of the per-row losses,
    which is what back-propagation with an upstream gradient of ones computes.
    """
    rows = arrays[0].shape[0]
    if reduction == "mean":
        count = dtype.type(rows)
        return map_blocks(lambda *blocks: kernel(*blocks) / count, arrays, np.empty(arrays[0].shape, dtype))
    return map_blocks(kernel, arrays, np.empty(arrays[0].shape, dtype))


def prepare_pair(input, target, reduction):
    """Check and convert the ``(input, target, reduction)`` of an elementwise loss."""
    check_reduction(reduction)
    input_array = as_float_array(input, "input")
    target_array = as_target_like(target, "target", input_array)
    check_same_shape(input_array, target_array)
    check_not_empty_for_mean(input_array, reduction)
    return input_array, target_array
