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

from ._summation import split_sum, two_product

# Below this, r is summed a second time on grids scaled to the terms (see LogSoftmax).
_SMALL_REST = 2.0**-20


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
        self.maximum = np.max(scores, axis=0)
        # z - m = below + error exactly (Knuth's TwoSum of z + (-m)).
        below = scores - self.maximum
        shifted = below - scores
        error = (scores - (below - shifted)) - (self.maximum + shifted)
        # A masked class (logit -inf) has probability 0; its error would be NaN.
        error[np.isnan(error)] = 0.0
        self.below_maximum, self.error = below, error
        exponentials = np.exp(below)
        # e^{z - m} = e^{below} (1 + error) to within error².
        self.exponentials = exponentials + exponentials * error
        high, low = split_sum(self.exponentials, bounded=True)
        # The maximal class contributes exactly 1 to `high`, so this subtraction is exact.
        head, tail = high - 1.0, low
        small = head + tail < _SMALL_REST
        if small.any():
            # A dominant class: the other terms all lie below the split's finest
            # grid and would be added with rounding error; sum them again,
            # without the dominant term, on grids scaled to their own size.
            columns = np.flatnonzero(small)
            others = self.exponentials[:, columns]
            others[np.argmax(scores[:, columns], axis=0), np.arange(columns.size)] = 0.0
            head[columns], tail[columns] = split_sum(others)
        # r = rest + rest_error exactly (TwoSum), the error kept for the normaliser.
        self.rest = rest = head + tail
        virtual = rest - head
        rest_error = (head - (rest - virtual)) + (tail - virtual)
        self.rest_error = rest_error
        self.log_normaliser = np.log1p(rest) + rest_error / (1.0 + rest)
        # The normaliser 1 + r as an unevaluated pair, so that dividing by it
        # adds one rounding, not two (Fast2Sum of the larger and smaller of 1, r).
        self.normaliser = 1.0 + rest
        larger, smaller = np.maximum(1.0, rest), np.minimum(1.0, rest)
        self.normaliser_error = ((larger - self.normaliser) + smaller) + rest_error
        self._raw_exponentials = exponentials

    def _divide(self, high: np.ndarray, low=0.0) -> np.ndarray:
        """(high + low) / (1 + r), with r's and the division's errors rounded away together."""
        quotient = high / self.normaliser
        return quotient + (low - quotient * self.normaliser_error) / self.normaliser

    @functools.cached_property
    def probabilities(self) -> np.ndarray:
        # e^{z - m} = e^{below} (1 + t): the TwoSum error enters as the low part.
        return self._divide(self._raw_exponentials, self._raw_exponentials * self.error)

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

    def log_probabilities(self) -> np.ndarray:
        # z - m - log1p(r), with the TwoSum error added to the small term first.
        return self.below_maximum - (self.log_normaliser - self.error)

    def log_probability_at(self, indices: np.ndarray, columns: np.ndarray) -> np.ndarray:
        """``log p[indices[j], columns[j]]``, without forming the others."""
        at = (indices, columns)
        return self.below_maximum[at] - (self.log_normaliser[columns] - self.error[at])

    def complement(self) -> np.ndarray:
        """``1 - p`` for every class, without cancellation.

        1 - p_k cancels only when p_k > 1/2, which only a maximal class can
        have; there (and at any maximal class, where it is an identity)
        1 - p = r / (1 + r).
        """
        return np.where(self.below_maximum == 0, self._divide(self.rest, self.rest_error), 1.0 - self.probabilities)

    def complement_at(self, indices: np.ndarray, columns: np.ndarray) -> np.ndarray:
        """``1 - p`` at the entries ``(indices[j], columns[j])`` only (see `complement`)."""
        at = (indices, columns)
        dominant = self._divide(self.rest, self.rest_error)[columns]
        return np.where(self.below_maximum[at] == 0, dominant, 1.0 - self.probabilities[at])
