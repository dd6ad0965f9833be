"""The log-softmax, accurate to an ulp, shared by the activations and the classification losses.

Kernels here see a block of logits as a float64 array of shape ``(K, M)``: the
K classes along axis 0, M samples along axis 1 (`classes_first` lays the
public functions' ``(N, K, d1, ..., dk)`` arrays out that way, a block at a
time).  Reductions over the classes are then vector operations across the
samples, and ``K`` may be anything from 1 to millions.
"""

from __future__ import annotations

import functools
import math

import numpy as np

from ._reduction import BLOCK_ELEMENTS
from ._scratch import scratch
from ._summation import finest_grid, split_parts, split_sum_over, two_product

# Above this many elements in one block (a sample with millions of classes: the
# blocks of `_reduction` cannot cut a sample), the classes are taken a chunk at
# a time, so that temporaries stay a few chunks in size.
WIDE_ELEMENTS = CHUNK_ELEMENTS = BLOCK_ELEMENTS



def class_chunks(classes: int, samples: int) -> list[slice]:
    """The chunks of classes in which a ``(K, M)`` block is worked on: all at once, unless it is wide."""
    step = classes if classes * samples <= WIDE_ELEMENTS else max(1, CHUNK_ELEMENTS // max(samples, 1))
    return [slice(start, min(start + step, classes)) for start in range(0, classes, step)]


def classes_first(kernel, class_axis: int = 1, *, gradient: bool = False):
    """Adapt a ``(K, M)`` kernel to blocks of shape ``(n, K, d1, ..., dk)`` (``class_axis=1``).

    Every array argument with the block's full shape is laid out as ``(K, M)``,
    with ``M = n * d1 * ... * dk``, in float64; arrays of shape ``(n, d1, ...,
    dk)`` (class indices, ignore masks) are flattened to ``(M,)``.  A ``(K, M)``
    result is put back in the block's layout, an ``(M,)`` result in ``(n, d1,
    ..., dk)``.

    A block wider than ``WIDE_ELEMENTS`` (one sample with more classes than a
    block holds) is not copied: the kernel reads it where it lies, a chunk of
    classes at a time (`class_chunks`), widening each chunk to float64 itself.
    With ``gradient=True`` the kernel writes its ``(K, M)`` result through a
    keyword ``sink`` (`ArrayGradient` or `OutputGradient`, with the methods
    ``write(rows, values)`` and ``put_at(positions, values)``); for a wide block
    that is the output itself, so that the gradient never exists twice.
    """
    @functools.wraps(kernel)
    def adapted(scores, *others, out=None, divide_by=1.0):
        shape = scores.shape
        classes = shape[class_axis]
        per_sample = shape[:class_axis] + shape[class_axis + 1:]
        samples = math.prod(per_sample)
        wide = classes * samples > WIDE_ELEMENTS

        def columns(array, position):
            if array.shape != shape:
                return array.reshape(-1)
            moved = np.moveaxis(array, class_axis, 0)
            if wide:  # a single sample (n = 1), so this is a view
                return moved.reshape(classes, samples)
            # A copy, in the layout the kernel reads fastest.
            laid_out = scratch(f"classes first {position}", (classes, samples))
            np.copyto(laid_out.reshape((classes,) + per_sample), moved)
            return laid_out

        arguments = [columns(scores, 0), *(columns(other, position) for position, other in enumerate(others, 1))]
        if not gradient:
            result = kernel(*arguments)
            if result.ndim == 1:
                return result.reshape(per_sample)
        elif wide and out is not None:
            kernel(*arguments, sink=OutputGradient(out, class_axis, divide_by))
            return None
        else:
            sink = ArrayGradient((classes, samples))
            kernel(*arguments, sink=sink)
            result = sink.result
        return np.moveaxis(result.reshape((classes,) + per_sample), 0, class_axis)

    # `_reduction` hands this kernel float32 blocks unwidened (it widens them itself) and, for a
    # gradient, the block of the output to write into.
    adapted.widens_its_blocks = True
    adapted.writes_into_output = gradient
    return adapted


class ArrayGradient:
    """A ``(K, M)`` gradient, gathered a chunk of classes at a time into one array (`result`)."""

    def __init__(self, shape: tuple[int, int]):
        self.shape, self.result = shape, None

    def write(self, rows: slice, values: np.ndarray) -> None:
        if self.result is None and rows.start == 0 and rows.stop >= self.shape[0]:
            self.result = values  # every class at once: kept as it is, no copy
            return
        if self.result is None:
            self.result = np.empty(self.shape)
        self.result[rows] = values

    def put_at(self, positions: np.ndarray, values) -> None:
        put_at(self.result, positions, values)


class OutputGradient:
    """A wide block's gradient, written into the output as it comes, each value divided by ``divide_by``."""

    def __init__(self, out: np.ndarray, class_axis: int, divide_by: float):
        self.classes_first = np.moveaxis(out, class_axis, 0)  # a view: (K, n, d1, ..., dk)
        self.per_sample = self.classes_first.shape[1:]
        self.divide_by = divide_by

    def write(self, rows: slice, values: np.ndarray) -> None:
        destination = self.classes_first[rows]
        np.divide(values.reshape(destination.shape), self.divide_by, out=destination)

    def put_at(self, positions: np.ndarray, values) -> None:
        classes, columns = np.divmod(positions, math.prod(self.per_sample))
        self.classes_first[(classes,) + np.unravel_index(columns, self.per_sample)] = values / self.divide_by


def sample_positions(indices: np.ndarray) -> np.ndarray:
    """Where the class ``indices[j]`` of each sample ``j`` sits in a flattened ``(K, M)`` array.

    One gather or scatter at these positions is three times faster than
    indexing with the two arrays ``(indices, arange(M))``.
    """
    return indices * indices.shape[0] + np.arange(indices.shape[0])


def take_at(array: np.ndarray, positions: np.ndarray) -> np.ndarray:
    """``array.flat[positions]`` in float64: one value per sample."""
    return np.asarray(array.reshape(-1)[positions], dtype=np.float64)


def put_at(array: np.ndarray, positions: np.ndarray, values) -> None:
    """``array.flat[positions] = values``, as fast as NumPy allows for the layout."""
    if array.flags.c_contiguous:
        array.reshape(-1)[positions] = values
    else:
        np.put(array, positions, values)


class LogSoftmax:
    r"""The pieces of $\log\operatorname{softmax}$ over axis 0 of ``scores``, computed once.

    With $m = \max_k z_k$ and $d_k = m - z_k \ge 0$,

    $$
    \ln p_k = -d_k - \ln\bigl(1 + r\bigr), \qquad
    r = \sum_{k} e^{-d_k} - 1 = \sum_{k \ne k^*} e^{-d_k},
    $$

    where $k^*$ is one class that attains the maximum (its term is
    exactly 1).  Three details keep every piece within about an ulp:

    * $d_k$ is rounded before the exponential, and $e^{-d}$ turns
      that absolute error into a relative one of up to $d/2$ ulp (hundreds
      of ulp for a class 545 below the maximum).  Knuth's TwoSum recovers the exact rounding
      error $t_k$ of the subtraction, so that $m - z_k = d_k + t_k$
      exactly, and $e^{-(d + t)} \approx e^{-d}(1 - t)$ to within
      $t^2$.
    * $r$ is summed exactly over the classes (`split_sum`), so that its
      error does not grow with K or depend on the layout.
    * $\ln(1 + r)$ is ``log1p(r)``: for a dominant class, whose
      log-probability is the tiny $-\ln(1 + r) \approx -r$, nothing is
      lost to the rounding of $1 + r$.
    """

    def __init__(self, scores: np.ndarray):
        # Scores may be float32 (widened a chunk at a time) and a single sample
        # may have millions of classes: every per-element quantity is computed
        # for a chunk of classes at a time, and kept only when one chunk is all.
        self.scores = scores
        classes, samples = scores.shape
        self.maximum = np.asarray(np.max(scores, axis=0), dtype=np.float64)
        self.chunks = class_chunks(classes, samples)
        self._masked = False
        # r = Σ e^{z - m} - 1 with e^{z - m} = e^{below} (1 + error): the sum of
        # the exponentials exactly (the maximal class contributes exactly 1, so
        # subtracting it is exact), and the first-order correction Σ e·error,
        # which is tiny beside it and may be added with rounding error.
        levels = 1 if classes <= 64 else 2
        whole = len(self.chunks) == 1
        parts = correction = None
        for rows in self.chunks:
            below, error, exponentials = self._pieces(rows, reuse=whole)
            # One more scratch array: the parts of the exponentials on the grid, then the products e·error.
            work = scratch("grid", exponentials.shape) if whole else None
            chunk_parts = split_parts(exponentials, bounded=True, levels=levels, out=work)
            part_correction = np.sum(np.multiply(exponentials, error, out=work), axis=0)
            if np.isnan(part_correction).any():
                # A masked class (logit -inf) has probability 0 and error 0, not the NaN of inf - inf.
                self._masked = True
                error[np.isnan(error)] = 0.0
                part_correction = np.sum(exponentials * error, axis=0)
            if parts is None:
                parts, correction = chunk_parts, part_correction
            else:  # the parts on the grids add exactly, whatever the chunks
                parts, correction = parts.add(chunk_parts), correction + part_correction
        high, low = parts.pair()
        if whole:
            self.below_maximum, self.error, self._raw_exponentials = below, error, exponentials
        head, tail = high - 1.0, low + correction
        rest = head + tail
        # Terms below the finest grid are added with rounding error; that costs
        # at most K² (grid / 2) ε, which must stay below ε/16 relative to r.
        small = rest < classes * classes * finest_grid(levels) * 8.0
        if small.any():
            # A dominant class: sum the other terms again, without the dominant
            # one, on grids scaled to their own size.
            columns = np.flatnonzero(small)
            head[columns], tail[columns] = self._sum_of_others(columns)
            rest = head + tail
        # r = rest + rest_error exactly (TwoSum), the error kept for the normaliser.
        self.rest = rest
        virtual = rest - head
        self.rest_error = (head - (rest - virtual)) + (tail - virtual)

    def _pieces(self, rows: slice, columns=None, reuse=False) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``(below, error, exponentials)`` for classes ``rows`` (and samples ``columns``), in float64.

        With ``reuse`` (the block's only LogSoftmax, in one chunk) they are the block's scratch arrays.
        """
        scores = self.scores[rows] if columns is None else self.scores[rows][:, columns]
        scores = np.asarray(scores, dtype=np.float64)
        maximum = self.maximum if columns is None else self.maximum[columns]
        new = (lambda name: scratch(name, scores.shape)) if reuse else (lambda name: np.empty(scores.shape))
        # z - m = below + error exactly (Knuth's TwoSum of z + (-m)):
        # error = (z - (below - shifted)) - (shifted + m), with shifted = below - z,
        # computed in place (fresh arrays for each step cost more than the arithmetic).
        below = np.subtract(scores, maximum, out=new("below"))
        shifted = np.subtract(below, scores, out=new("exponentials"))
        error = np.subtract(below, shifted, out=new("error"))
        np.subtract(scores, error, out=error)
        shifted += maximum
        error -= shifted
        if self._masked:
            error[np.isnan(error)] = 0.0
        return below, error, np.exp(below, out=shifted)

    def _sum_of_others(self, columns: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Σ over the classes but the first maximal one of e^{z - m}, as a pair, for ``columns``."""
        dominant = self._first_maximal_class(columns)

        def others(rows):
            _, error, exponentials = self._pieces(rows, columns)
            terms = exponentials * (1.0 + error)
            inside = np.flatnonzero((dominant >= rows.start) & (dominant < rows.stop))
            terms[dominant[inside] - rows.start, inside] = 0.0
            return terms

        return split_sum_over(others, self.chunks)

    def _first_maximal_class(self, columns: np.ndarray) -> np.ndarray:
        """``argmax`` over the classes for the samples ``columns``, a chunk of classes at a time."""
        found = np.full(columns.size, -1)
        every = np.arange(columns.size)
        for rows in self.chunks:
            part = self.scores[rows][:, columns]
            here = np.argmax(part, axis=0)
            hit = (found < 0) & (part[here, every] == self.maximum[columns])
            found[hit] = here[hit] + rows.start
        # Only samples with a finite maximum come here; a NaN one has no maximal class to find.
        return np.maximum(found, 0)

    @functools.cached_property
    def below_maximum(self) -> np.ndarray:
        return self._pieces(slice(None))[0]

    @functools.cached_property
    def error(self) -> np.ndarray:
        return self._pieces(slice(None))[1]

    @functools.cached_property
    def _raw_exponentials(self) -> np.ndarray:
        return self._pieces(slice(None))[2]

    @functools.cached_property
    def log_normaliser(self) -> np.ndarray:
        """ln(1 + r) per sample, r's rounding error included to first order."""
        return np.log1p(self.rest) + self.rest_error / (1.0 + self.rest)

    @functools.cached_property
    def normaliser(self) -> np.ndarray:
        """1 + r rounded; `normaliser_error` is what that rounding lost."""
        return 1.0 + self.rest

    @functools.cached_property
    def normaliser_error(self) -> np.ndarray:
        # 1 + r as an unevaluated pair, so that dividing by it adds one
        # rounding, not two (Fast2Sum of the larger and smaller of 1, r).
        larger, smaller = np.maximum(1.0, self.rest), np.minimum(1.0, self.rest)
        return ((larger - self.normaliser) + smaller) + self.rest_error

    def _divide(self, high: np.ndarray, low=0.0) -> np.ndarray:
        """(high + low) / (1 + r), with r's and the division's errors rounded away together."""
        quotient = high / self.normaliser
        return quotient + (low - quotient * self.normaliser_error) / self.normaliser

    def _pieces_of(self, rows: slice) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        if len(self.chunks) == 1:
            return self.below_maximum, self.error, self._raw_exponentials
        return self._pieces(rows)

    def _assemble(self, of) -> np.ndarray:
        """A new (K, M) array of ``of(rows)`` over the chunks of classes."""
        if len(self.chunks) == 1:
            return of(self.chunks[0])
        result = np.empty(self.scores.shape)
        for rows in self.chunks:
            result[rows] = of(rows)
        return result

    def probabilities_of(self, rows: slice) -> np.ndarray:
        """p for the classes ``rows`` (one of `chunks`), as a new array."""
        # e^{below} (1 + t) / (1 + r) = q (1 + t - ρ) with q = e^{below} / (1 + r)
        # and ρ the normaliser's relative error: one rounding more than q's.
        _, error, exponentials = self._pieces_of(rows)
        quotient = exponentials / self.normaliser
        correction = error - self.normaliser_error / self.normaliser
        np.multiply(quotient, correction, out=correction)
        return np.add(quotient, correction, out=quotient)

    @property
    def probabilities(self) -> np.ndarray:
        """A new array of p for every class (callers may write into it)."""
        return self._assemble(self.probabilities_of)

    def probabilities_in_place(self) -> np.ndarray:
        """`probabilities`, written over the exponentials and errors: a kernel's last use of them.

        The same values without two fresh (K, M) arrays (whose first writes
        cost more than the arithmetic); the pieces are forgotten, and computed
        again if asked for later.
        """
        if len(self.chunks) != 1:
            return self.probabilities
        error, quotient = self.error, self._raw_exponentials
        np.divide(quotient, self.normaliser, out=quotient)
        np.subtract(error, self.normaliser_error / self.normaliser, out=error)
        np.multiply(quotient, error, out=error)
        del self.error, self._raw_exponentials
        return np.add(quotient, error, out=quotient)

    def probabilities_by_chunk(self):
        """``(rows, p for the classes rows)`` for every chunk; with one chunk, `probabilities_in_place`."""
        if len(self.chunks) == 1:
            yield self.chunks[0], self.probabilities_in_place()
            return
        for rows in self.chunks:
            yield rows, self.probabilities_of(rows)

    def probabilities_pair_of(self, rows: slice) -> tuple[np.ndarray, np.ndarray]:
        """``(high, low)`` for the classes ``rows``, p = high + low to about 2**-100: nothing rounded but the exponential.

        high = e / (1 + r) rounded; low gathers that division's exact error
        (from a Dekker product), the TwoSum error of z - m and the error of 1 + r.
        """
        _, error, exponentials = self._pieces_of(rows)
        quotient = exponentials / self.normaliser
        product, product_error = two_product(quotient, self.normaliser)
        remainder = (exponentials - product) - product_error  # e - q (1 + r), exactly
        low = (remainder + exponentials * error - quotient * self.normaliser_error) / self.normaliser
        return quotient, low

    def dominant_complement_pair(self) -> tuple[np.ndarray, np.ndarray]:
        """``(high, low)`` per sample with high + low = r / (1 + r) = 1 - p_max, to about 2**-100."""
        quotient = self.rest / self.normaliser
        product, product_error = two_product(quotient, self.normaliser)
        remainder = (self.rest - product) - product_error
        low = (remainder + self.rest_error - quotient * self.normaliser_error) / self.normaliser
        return quotient, low

    def log_probabilities_of(self, rows: slice) -> np.ndarray:
        """ln p for the classes ``rows`` (one of `chunks`)."""
        # z - m - log1p(r), with the TwoSum error added to the small term first.
        below, error, _ = self._pieces_of(rows)
        return below - (self.log_normaliser - error)

    def log_probabilities(self) -> np.ndarray:
        return self._assemble(self.log_probabilities_of)

    def _pieces_at(self, indices: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``(below, error, exponentials)`` at the class ``indices[j]`` of each sample ``j`` only."""
        samples = self.scores.shape[1]
        if "error" in self.__dict__:
            positions = sample_positions(indices)
            return (take_at(self.below_maximum, positions), take_at(self.error, positions),
                    take_at(self._raw_exponentials, positions))
        scores = np.asarray(self.scores[indices, np.arange(samples)], dtype=np.float64)
        below = scores - self.maximum
        shifted = below - scores
        error = (scores - (below - shifted)) - (self.maximum + shifted)
        return below, np.where(np.isnan(error), 0.0, error), np.exp(below)

    def log_probability_at(self, indices: np.ndarray) -> np.ndarray:
        """``log p`` of the class ``indices[j]`` of each sample ``j``, without forming the others."""
        below, error, _ = self._pieces_at(indices)
        return below - (self.log_normaliser - error)

    def complement_of(self, rows: slice) -> np.ndarray:
        """``1 - p`` for the classes ``rows``, without cancellation.

        1 - p_k cancels only when p_k > 1/2, which only a maximal class can
        have; there (and at any maximal class, where it is an identity)
        1 - p = r / (1 + r).
        """
        below, _, _ = self._pieces_of(rows)
        return np.where(below == 0, self._divide(self.rest, self.rest_error), 1.0 - self.probabilities_of(rows))

    def complement_at(self, indices: np.ndarray) -> np.ndarray:
        """``1 - p`` of the class ``indices[j]`` of each sample ``j`` only (see `complement_of`)."""
        below, error, exponentials = self._pieces_at(indices)
        dominant = self._divide(self.rest, self.rest_error)
        quotient = exponentials / self.normaliser
        probability = quotient + quotient * (error - self.normaliser_error / self.normaliser)
        return np.where(below == 0, dominant, 1.0 - probability)
