"""The log-softmax, accurate to an ulp, shared by the activations and the classification losses.

Kernels here see a block of logits as a float64 array of shape ``(K, M)``: the
K classes along axis 0, M samples along axis 1 (`classes_first` lays the
public functions' ``(N, K, d1, ..., dk)`` arrays out that way, a block at a
time).  Reductions over the classes are then vector operations across the
samples, and ``K`` may be anything from 1 to millions.
"""

from __future__ import annotations

import functools

import numpy as np

from ._reduction import BLOCK_ELEMENTS
from ._summation import finest_grid, scale_of, split_sum, two_product

# Above this many elements in one block (a sample with millions of classes: the
# blocks of `_reduction` cannot cut a sample), the classes are taken a chunk at
# a time, so that temporaries stay a few chunks in size.
WIDE_ELEMENTS = CHUNK_ELEMENTS = BLOCK_ELEMENTS



def classes_first(kernel, class_axis: int = 1):
    """Adapt a ``(K, M)`` kernel to blocks of shape ``(n, K, d1, ..., dk)`` (``class_axis=1``).

    Every array argument with the block's full shape is laid out as ``(K, M)``,
    with ``M = n * d1 * ... * dk``; arrays of shape ``(n, d1, ..., dk)`` (class
    indices, ignore masks) are flattened to ``(M,)``.  A ``(K, M)`` result is
    put back in the block's layout, an ``(M,)`` result in ``(n, d1, ..., dk)``.
    """
    @functools.wraps(kernel)
    def adapted(scores, *others):
        shape = scores.shape
        classes = shape[class_axis]
        per_sample = shape[:class_axis] + shape[class_axis + 1:]

        def columns(array):
            if array.shape == shape:
                # A copy, in the layout the kernel reads fastest.
                return np.ascontiguousarray(np.moveaxis(array, class_axis, 0).reshape(classes, -1), dtype=np.float64)
            return array.reshape(-1)

        result = kernel(columns(scores), *(columns(other) for other in others))
        if result.ndim == 2:
            return np.moveaxis(result.reshape((classes,) + per_sample), 0, class_axis)
        return result.reshape(per_sample)

    return adapted


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
        self.maximum = np.max(scores, axis=0).astype(np.float64)
        step = classes if classes * samples <= WIDE_ELEMENTS else max(1, CHUNK_ELEMENTS // max(samples, 1))
        self.chunks = [slice(start, start + step) for start in range(0, classes, step)]
        self._masked = False
        # r = Σ e^{z - m} - 1 with e^{z - m} = e^{below} (1 + error): the sum of
        # the exponentials exactly (the maximal class contributes exactly 1, so
        # subtracting it is exact), and the first-order correction Σ e·error,
        # which is tiny beside it and may be added with rounding error.
        levels = 1 if classes <= 64 else 2
        high = low = correction = None
        for rows in self.chunks:
            below, error, exponentials = self._pieces(rows)
            part_high, part_low = split_sum(exponentials, bounded=True, levels=levels)
            part_correction = np.sum(exponentials * error, axis=0)
            if np.isnan(part_correction).any():
                # A masked class (logit -inf) has probability 0 and error 0, not the NaN of inf - inf.
                self._masked = True
                error[np.isnan(error)] = 0.0
                part_correction = np.sum(exponentials * error, axis=0)
            if high is None:
                high, low, correction = part_high, part_low, part_correction
            else:  # the parts on the grid add exactly, whatever the chunks
                high, low, correction = high + part_high, low + part_low, correction + part_correction
        if len(self.chunks) == 1:
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

    def _pieces(self, rows: slice, columns=None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``(below, error, exponentials)`` for classes ``rows`` (and samples ``columns``), in float64."""
        scores = self.scores[rows] if columns is None else self.scores[rows][:, columns]
        scores = np.asarray(scores, dtype=np.float64)
        maximum = self.maximum if columns is None else self.maximum[columns]
        # z - m = below + error exactly (Knuth's TwoSum of z + (-m)).
        below = scores - maximum
        shifted = below - scores
        error = (scores - (below - shifted)) - (maximum + shifted)
        if self._masked:
            error[np.isnan(error)] = 0.0
        return below, error, np.exp(below)

    def _sum_of_others(self, columns: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Σ over the classes but the first maximal one of e^{z - m}, as a pair, for ``columns``."""
        dominant = np.argmax(self.scores[:, columns], axis=0)

        def others(rows):
            _, error, exponentials = self._pieces(rows, columns)
            terms = exponentials * (1.0 + error)
            inside = np.flatnonzero((dominant >= rows.start) & (dominant < rows.stop))
            terms[dominant[inside] - rows.start, inside] = 0.0
            return terms

        if len(self.chunks) == 1:
            return split_sum(others(self.chunks[0]))
        # One scale for every chunk, so that their parts on the grids add exactly.
        scale = functools.reduce(np.maximum, (scale_of(others(rows)) for rows in self.chunks))
        parts = [split_sum(others(rows), scale=scale) for rows in self.chunks]
        return sum(high for high, _ in parts), sum(low for _, low in parts)

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

    def probabilities_pair(self) -> tuple[np.ndarray, np.ndarray]:
        """``(high, low)`` with p = high + low to about 2**-100: nothing rounded but the exponential.

        high = e / (1 + r) rounded; low gathers that division's exact error
        (from a Dekker product), the TwoSum error of z - m and the error of 1 + r.
        """
        exponentials = self._raw_exponentials
        quotient = exponentials / self.normaliser
        product, product_error = two_product(quotient, self.normaliser)
        remainder = (exponentials - product) - product_error  # e - q (1 + r), exactly
        low = (remainder + exponentials * self.error - quotient * self.normaliser_error) / self.normaliser
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

    def _pieces_at(self, indices: np.ndarray, columns: np.ndarray):
        """``(below, error, exponentials)`` at the entries ``(indices[j], columns[j])`` only."""
        at = (indices, columns)
        if "error" in self.__dict__:
            return self.below_maximum[at], self.error[at], self._raw_exponentials[at]
        scores = np.asarray(self.scores[at], dtype=np.float64)
        maximum = self.maximum[columns]
        below = scores - maximum
        shifted = below - scores
        error = (scores - (below - shifted)) - (maximum + shifted)
        return below, np.where(np.isnan(error), 0.0, error), np.exp(below)

    def log_probability_at(self, indices: np.ndarray, columns: np.ndarray) -> np.ndarray:
        """``log p[indices[j], columns[j]]``, without forming the others."""
        below, error, _ = self._pieces_at(indices, columns)
        return below - (self.log_normaliser[columns] - error)

    def complement_of(self, rows: slice) -> np.ndarray:
        """``1 - p`` for the classes ``rows``, without cancellation.

        1 - p_k cancels only when p_k > 1/2, which only a maximal class can
        have; there (and at any maximal class, where it is an identity)
        1 - p = r / (1 + r).
        """
        below, _, _ = self._pieces_of(rows)
        return np.where(below == 0, self._divide(self.rest, self.rest_error), 1.0 - self.probabilities_of(rows))

    def complement_at(self, indices: np.ndarray, columns: np.ndarray) -> np.ndarray:
        """``1 - p`` at the entries ``(indices[j], columns[j])`` only (see `complement`)."""
        below, error, exponentials = self._pieces_at(indices, columns)
        dominant = self._divide(self.rest, self.rest_error)[columns]
        normaliser = self.normaliser[columns]
        quotient = exponentials / normaliser
        probability = quotient + quotient * (error - self.normaliser_error[columns] / normaliser)
        return np.where(below == 0, dominant, 1.0 - probability)
