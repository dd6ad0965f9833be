"""Input checking shared by every public function.

Each public function converts its arguments here, so that every error message
has the same form: it names the argument and says what was expected.
"""

from __future__ import annotations

import math
import operator

import numpy as np

REDUCTIONS = ("mean", "sum", "none")


def as_float_array(value, name: str) -> np.ndarray:
    """Return ``value`` as a native-byte-order float32 or float64 array.

    float32 stays float32 (the caller asked for single precision); float16 is
    widened to float32 because NumPy's float16 ufuncs lose too much to be a
    reference; booleans and integers become float64.  Anything else (complex,
    strings, objects, extended precision) is refused rather than guessed at,
    and so is a masked array, whose mask ``np.asarray`` would silently drop.
    """
    if isinstance(value, np.ma.MaskedArray):
        raise TypeError(
            f"`{name}` is a masked array; its mask would be ignored. Pass "
            f"`{name}.filled(value)` or `{name}.compressed()` to say what the masked entries mean"
        )
    try:
        array = np.asarray(value)
    except ValueError as error:  # nested lists of unequal lengths
        raise ValueError(f"`{name}` must be a rectangular array (lists of equal lengths): {error}") from None
    kind, size = array.dtype.kind, array.dtype.itemsize
    if kind == "f" and size in (4, 8):
        # A big-endian float64 is still float64: only its byte order changes.
        return array if array.dtype.isnative else array.astype(array.dtype.newbyteorder("="))
    if kind == "f" and size == 2:
        return array.astype(np.float32)
    if kind == "f":
        raise TypeError(f"`{name}` must be float32 or float64, got {array.dtype} (extended precision is not supported)")
    if kind in "biu":
        return array.astype(np.float64)
    raise TypeError(f"`{name}` must be a real numeric array, got dtype {array.dtype}")


def check_same_shape(input_array: np.ndarray, other: np.ndarray, name: str = "target") -> None:
    # Broadcasting an (n, 1) prediction against an (n,) target silently builds
    # an (n, n) matrix of cross terms: refuse it instead of guessing.
    if input_array.shape != other.shape:
        raise ValueError(
            f"`input` and `{name}` must have the same shape, got input "
            f"{input_array.shape} and {name} {other.shape}; reshape one "
            "of them explicitly (broadcasting is not applied)"
        )


def check_in_unit_interval(array: np.ndarray, name: str) -> None:
    # min and max propagate NaN, and NaN fails both comparisons, so it is
    # reported as out of range too; two fast passes, no temporary arrays.
    if array.size and not (array.min() >= 0 and array.max() <= 1):
        bad = array[~((array >= 0) & (array <= 1))].flat[0]
        raise ValueError(f"`{name}` must hold probabilities in [0, 1], found {bad.item()!r}")


def check_reduction(reduction, allowed=REDUCTIONS) -> str:
    if not isinstance(reduction, str) or reduction not in allowed:
        raise ValueError(f"`reduction` must be one of {', '.join(map(repr, allowed))}, got {reduction!r}")
    return reduction


def check_parameter(value, name: str, *, minimum: float = -math.inf, strict: bool = False,
                    maximum: float = math.inf) -> float:
    """Check a scalar hyper-parameter such as ``beta`` or ``margin``; return it as a float."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise TypeError(f"`{name}` must be a real number, got {type(value).__name__}")
    value = float(value)
    if not math.isfinite(value):
        raise ValueError(f"`{name}` must be a finite real number, got {value!r}")
    if (value <= minimum if strict else value < minimum) or value > maximum:
        low = "(" if strict else "["
        bounds = f"{low}{minimum:g}, {maximum:g}]" if math.isfinite(maximum) else f"{low}{minimum:g}, inf)"
        raise ValueError(f"`{name}` must be in {bounds}, got {value!r}")
    return value


def check_count(value, name: str, minimum: int) -> int:
    """Check an integer argument such as ``depth`` or ``epochs``."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)) or value < minimum:
        raise ValueError(f"`{name}` must be an integer >= {minimum}, got {value!r}")
    return int(value)


def check_choice(value, name: str, choices) -> str:
    if not isinstance(value, str) or value not in choices:
        raise ValueError(f"`{name}` must be one of {', '.join(map(repr, choices))}, got {value!r}")
    return value


def check_axis(value, array: np.ndarray, name: str = "axis") -> int:
    """The axis as a non-negative int; refuses floats, booleans and out-of-range values."""
    if isinstance(value, (bool, np.bool_)):
        raise TypeError(f"`{name}` must be an integer, got bool")
    try:
        axis = operator.index(value)
    except TypeError:
        raise TypeError(f"`{name}` must be an integer, got {type(value).__name__} {value!r}") from None
    if not -array.ndim <= axis < array.ndim:
        raise ValueError(f"`{name}` {axis} is out of range for an array with {array.ndim} dimension(s)")
    return axis % array.ndim


def check_not_empty_for_mean(size: int, reduction: str, what: str = "`input` is empty") -> None:
    # PyTorch returns NaN for the mean of nothing; a NaN loss is the kind of
    # silent failure this package refuses, so the caller is told instead.
    if reduction in ("mean", "batchmean") and size == 0:
        raise ValueError(
            f"{what}: the mean over zero elements is undefined; "
            "use reduction='sum' (gives 0) or 'none' (gives an empty array)"
        )


def prepare_pair(input, target, reduction):
    """Check and convert the ``(input, target, reduction)`` of an elementwise loss."""
    check_reduction(reduction)
    input_array = as_float_array(input, "input")
    # The target keeps its own precision: a float64 target with a float32 input is
    # used exactly (the result is the input's dtype, rounded once at the end).
    # PyTorch is no guide here: most of its losses promote the pair to float64,
    # huber_loss casts the target to the input's type, binary_cross_entropy
    # refuses a mixed pair.
    target_array = as_float_array(target, "target")
    check_same_shape(input_array, target_array)
    check_not_empty_for_mean(input_array.size, reduction)
    return input_array, target_array
