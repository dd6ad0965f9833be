"""Activation functions and their derivatives.

Every function takes an array-like ``z`` (pre-activations), returns an array of
the same shape and floating dtype (float32 stays float32; integers become
float64), and never overflows: the exponentials below are always taken of a
non-positive number.
"""

from __future__ import annotations

import functools

import numpy as np

from ._validation import as_float_array

__all__ = [
    "sigmoid",
    "sigmoid_grad",
    "tanh",
    "tanh_grad",
    "relu",
    "relu_grad",
    "softplus",
    "softplus_grad",
    "softmax",
    "log_softmax",
    "softmax_jacobian",
]


def _exp_of_minus_abs(z: np.ndarray) -> np.ndarray:
    # exp(-|z|) lies in (0, 1]: it cannot overflow, and every stable formula
    # in this module is written in terms of it.
    return np.exp(-np.abs(z))


def sigmoid(z):
    r"""Logistic sigmoid, computed without overflow.

    $$
    \sigma(z) = \frac{1}{1 + e^{-z}}
    $$

    For $z < 0$ the algebraically equal form
    $e^{z} / (1 + e^{z})$ is used, so ``exp`` only ever sees
    $-|z|$ and the result is accurate to a few ulp over the whole range.

    Parameters
    ----------
    z : array_like
        Pre-activations, any shape.

    Returns
    -------
    numpy.ndarray
        $\sigma(z)$, same shape and floating dtype as ``z``.

    Raises
    ------
    TypeError
        If ``z`` is not a real numeric array.

    References
    ----------
    Goodfellow, Bengio and Courville, *Deep Learning* (2016), section 3.10.

    Examples
    --------
    >>> import numpy as np
    >>> from losses import sigmoid
    >>> np.set_printoptions(precision=4)
    >>> sigmoid([0.0, 2.0, -2.0])
    array([0.5   , 0.8808, 0.1192])

    The naive formula overflows at ``z = -1000``; this one does not:

    >>> with np.errstate(over="ignore"):
    ...     print(1 / (1 + np.exp(1000.0)))
    0.0
    >>> sigmoid([-1000.0, 1000.0])
    array([0., 1.])
    >>> print(f"{float(sigmoid(-40.0)):.10e}")  # not rounded to 0: e^-40 / (1 + e^-40)
    4.2483542553e-18
    """
    z = as_float_array(z, "z")
    e = _exp_of_minus_abs(z)
    return np.where(z >= 0, 1 / (1 + e), e / (1 + e))


def sigmoid_grad(z):
    r"""Derivative of the sigmoid with respect to its input.

    $$
    \sigma'(z) = \sigma(z)\,\bigl(1 - \sigma(z)\bigr)
               = \frac{e^{-|z|}}{\bigl(1 + e^{-|z|}\bigr)^2}
               \le \tfrac14
    $$

    The maximum $1/4$ is reached at $z = 0$; the right-hand form
    avoids computing $1 - \sigma(z)$ as a difference of two numbers close
    to 1, which would lose every digit for large $z$.

    Parameters
    ----------
    z : array_like
        Pre-activations, any shape.

    Returns
    -------
    numpy.ndarray
        $\sigma'(z)$, same shape and floating dtype as ``z``.

    Raises
    ------
    TypeError
        If ``z`` is not a real numeric array.

    References
    ----------
    Nielsen, *Neural Networks and Deep Learning* (2015), chapter 2.

    Examples
    --------
    >>> import numpy as np
    >>> from losses import sigmoid_grad
    >>> np.set_printoptions(precision=4)
    >>> sigmoid_grad([0.0, 2.0, -2.0, 10.0])
    array([2.5000e-01, 1.0499e-01, 1.0499e-01, 4.5396e-05])
    """
    z = as_float_array(z, "z")
    e = _exp_of_minus_abs(z)
    return e / (1 + e) ** 2


def tanh(z):
    r"""Hyperbolic tangent.

    $$
    \tanh(z) = \frac{e^{z} - e^{-z}}{e^{z} + e^{-z}} = 2\sigma(2z) - 1
    $$

    Parameters
    ----------
    z : array_like
        Pre-activations, any shape.

    Returns
    -------
    numpy.ndarray
        $\tanh(z)$ in $(-1, 1)$, same shape and floating dtype as ``z``.

    Raises
    ------
    TypeError
        If ``z`` is not a real numeric array.

    References
    ----------
    LeCun, Bottou, Orr and Müller, "Efficient BackProp" (1998), section 4.4.

    Examples
    --------
    >>> import numpy as np
    >>> from losses import tanh
    >>> np.set_printoptions(precision=4)
    >>> tanh([0.0, 1.0, -1.0])
    array([ 0.    ,  0.7616, -0.7616])
    """
    return np.tanh(as_float_array(z, "z"))


def tanh_grad(z):
    r"""Derivative of tanh with respect to its input.

    $$
    \tanh'(z) = 1 - \tanh^2(z) = \operatorname{sech}^2(z)
              = \frac{4\,e^{-2|z|}}{\bigl(1 + e^{-2|z|}\bigr)^2} \le 1
    $$

    The maximum 1 is reached at $z = 0$.  The last form is used because
    $1 - \tanh^2(z)$ cancels catastrophically once $|z| > 10$.

    Parameters
    ----------
    z : array_like
        Pre-activations, any shape.

    Returns
    -------
    numpy.ndarray
        $\tanh'(z)$, same shape and floating dtype as ``z``.

    Raises
    ------
    TypeError
        If ``z`` is not a real numeric array.

    References
    ----------
    LeCun, Bottou, Orr and Müller, "Efficient BackProp" (1998), section 4.4.

    Examples
    --------
    >>> import numpy as np
    >>> from losses import tanh_grad
    >>> np.set_printoptions(precision=4)
    >>> tanh_grad([0.0, 1.0, -1.0])
    array([1.  , 0.42, 0.42])

    Where the textbook form has already lost everything:

    >>> print(1 - np.tanh(20.0) ** 2, f"{float(tanh_grad(20.0)):.10e}")
    0.0 1.6993417021e-17
    """
    z = as_float_array(z, "z")
    # e^{-2|z|} as a square, because -2|z| itself overflows for |z| > 9e307.
    e = _exp_of_minus_abs(z) ** 2
    return 4 * e / (1 + e) ** 2


def relu(z):
    r"""Rectified linear unit.

    $$
    \operatorname{relu}(z) = \max(0, z)
    $$

    Parameters
    ----------
    z : array_like
        Pre-activations, any shape.

    Returns
    -------
    numpy.ndarray
        $\max(0, z)$, same shape and floating dtype as ``z``.  NaN stays NaN.

    Raises
    ------
    TypeError
        If ``z`` is not a real numeric array.

    References
    ----------
    Glorot, Bordes and Bengio, "Deep Sparse Rectifier Neural Networks",
    AISTATS 2011.

    Examples
    --------
    >>> import numpy as np
    >>> from losses import relu
    >>> relu([-2.0, 0.0, 3.0])
    array([0., 0., 3.])
    """
    z = as_float_array(z, "z")
    # np.maximum propagates NaN; adding 0.0 turns relu(-0.0) into +0.0 as PyTorch prints it.
    return np.maximum(z, 0) + z.dtype.type(0)


def relu_grad(z):
    r"""Derivative of ReLU, with the convention $\operatorname{relu}'(0) = 0$.

    $$
    \operatorname{relu}'(z) = \begin{cases} 1 & z > 0 \\ 0 & z \le 0 \end{cases}
    $$

    ReLU has no derivative at 0; like PyTorch and JAX, 0 is returned there (any
    value in $[0, 1]$ is a valid subgradient).

    Parameters
    ----------
    z : array_like
        Pre-activations, any shape.

    Returns
    -------
    numpy.ndarray
        0 or 1, same shape and floating dtype as ``z``.

    Raises
    ------
    TypeError
        If ``z`` is not a real numeric array.

    References
    ----------
    Glorot, Bordes and Bengio, "Deep Sparse Rectifier Neural Networks",
    AISTATS 2011.

    Examples
    --------
    >>> from losses import relu_grad
    >>> relu_grad([-2.0, 0.0, 3.0])
    array([0., 0., 1.])
    """
    z = as_float_array(z, "z")
    return (z > 0).astype(z.dtype)


def softplus(z):
    r"""Softplus, a smooth ReLU, computed without overflow.

    $$
    \operatorname{softplus}(z) = \ln\bigl(1 + e^{z}\bigr)
                               = \max(z, 0) + \ln\bigl(1 + e^{-|z|}\bigr)
    $$

    The right-hand form (with ``log1p``) is exact to a few ulp everywhere.
    PyTorch's ``softplus`` returns $z$ itself above ``threshold=20``; this
    one does not take that shortcut.

    Parameters
    ----------
    z : array_like
        Pre-activations, any shape.

    Returns
    -------
    numpy.ndarray
        $\ln(1 + e^z) > 0$, same shape and floating dtype as ``z``.

    Raises
    ------
    TypeError
        If ``z`` is not a real numeric array.

    References
    ----------
    Dugas, Bengio, Bélisle, Nadeau and Garcia, "Incorporating Second-Order
    Functional Knowledge for Better Option Pricing", NIPS 2000.

    Examples
    --------
    >>> import numpy as np
    >>> from losses import softplus
    >>> np.set_printoptions(precision=4)
    >>> softplus([0.0, 1.0, -1.0])
    array([0.6931, 1.3133, 0.3133])
    >>> softplus([1000.0, -1000.0])
    array([1000.,    0.])
    """
    z = as_float_array(z, "z")
    return np.maximum(z, 0) + np.log1p(_exp_of_minus_abs(z))


def softplus_grad(z):
    r"""Derivative of softplus: the sigmoid.

    $$
    \operatorname{softplus}'(z) = \frac{e^{z}}{1 + e^{z}} = \sigma(z)
    $$

    Parameters
    ----------
    z : array_like
        Pre-activations, any shape.

    Returns
    -------
    numpy.ndarray
        $\sigma(z)$, same shape and floating dtype as ``z``.

    Raises
    ------
    TypeError
        If ``z`` is not a real numeric array.

    References
    ----------
    Goodfellow, Bengio and Courville, *Deep Learning* (2016), section 3.10.

    Examples
    --------
    >>> import numpy as np
    >>> from losses import softplus_grad
    >>> np.set_printoptions(precision=4)
    >>> softplus_grad([0.0, 2.0])
    array([0.5   , 0.8808])
    """
    return sigmoid(z)


class _LogSoftmaxPieces:
    """Pieces of the (log-)softmax along ``axis`` that stay accurate when one class dominates.

    Shared by `softmax`, `log_softmax` and the cross-entropy of
    `losses.classification`; not part of the public API.

    With ``m = max z`` and ``rest = sum of exp(z_j - m)`` over all classes but
    one that attains the maximum, the normaliser is ``lse(z) = m + log1p(rest)``
    and ``-log p_c = (m - z_c) + log1p(rest)``: a sum of two non-negative
    terms, so a tiny loss is not the difference of two large numbers.
    """

    def __init__(self, scores: np.ndarray, axis: int = -1):
        self.axis = axis
        self.scores = scores
        self.maximum = np.max(scores, axis=axis, keepdims=True)
        # With a logit of -inf (a masked class) the distance below the max is inf and its probability 0.
        self.distance_below_max = self.maximum - scores  # m - z_c >= 0
        self.exponentials = np.exp(-self.distance_below_max)
        # Each maximal class has exponential exactly 1; subtracting its flag
        # zeroes it exactly, and all but one of them are added back as ties.
        self.is_max = self.distance_below_max == 0
        ties = np.sum(self.is_max, axis=axis, keepdims=True).astype(scores.dtype)
        self.rest = np.sum(self.exponentials - self.is_max, axis=axis, keepdims=True) + (ties - 1)

    @functools.cached_property
    def log_normaliser(self) -> np.ndarray:
        return np.log1p(self.rest)  # lse(z) - m

    @functools.cached_property
    def probabilities(self) -> np.ndarray:
        return self._compensated_exponentials() / (1 + self.rest)

    def _compensated_exponentials(self) -> np.ndarray:
        # d = m - z_c is rounded before the exponential, and e^{-d} turns that
        # absolute error into a relative one of up to d / 2 ulp (2 ulp for
        # d = 6.8).  TwoSum recovers the exact rounding error t of the
        # subtraction, and e^{-(d + t)} = e^{-d} (1 - t) to within t^2.
        if not np.all(np.isfinite(self.distance_below_max)):
            return self.exponentials  # masked (-inf) logits: probability 0 needs no correction
        # Knuth's TwoSum for d = m + (-z), written without negating z:
        # d + error == m - z exactly.
        d, z = self.distance_below_max, self.scores
        maximum_virtual = d + z
        error = (self.maximum - maximum_virtual) + ((maximum_virtual - d) - z)
        error *= self.exponentials
        return np.subtract(self.exponentials, error, out=error)

    def negative_log_probabilities(self) -> np.ndarray:
        return self.distance_below_max + self.log_normaliser

    def one_minus_probabilities(self, index=...) -> np.ndarray:
        """``1 - p`` (at ``index`` only, if given), without cancellation.

        1 - p_c cancels only for a dominant class, where it equals
        rest / (1 + rest); for every other class p_c <= 1/2.
        """
        rest = np.broadcast_to(self.rest, self.is_max.shape)[index]
        return np.where(self.is_max[index], rest / (1 + rest), 1 - self.probabilities[index])


def _check_axis(z: np.ndarray, axis: int) -> None:
    if z.ndim == 0:
        raise ValueError("`z` must have at least one dimension (the class axis), got a scalar")
    if not -z.ndim <= axis < z.ndim:
        raise ValueError(f"`axis` {axis} is out of range for `z` with {z.ndim} dimension(s)")


def _checked_logits(z, axis: int) -> np.ndarray:
    z = as_float_array(z, "z")
    _check_axis(z, axis)
    if z.shape[axis] == 0:
        raise ValueError(f"`z` has no entries along `axis` {axis}: softmax needs at least one class")
    return z


def softmax(z, axis: int = -1):
    r"""Softmax along ``axis``: exponentiate and normalise to probabilities.

    $$
    \operatorname{softmax}(z)_i = \frac{e^{z_i}}{\sum_j e^{z_j}}
                                = \frac{e^{z_i - m}}{\sum_j e^{z_j - m}},
    \qquad m = \max_j z_j
    $$

    Parameters
    ----------
    z : array_like
        Logits, at least one dimension.
    axis : int, default -1
        The class axis.

    Returns
    -------
    numpy.ndarray
        Probabilities that sum to 1 along ``axis``, same shape and floating
        dtype as ``z``.

    Raises
    ------
    TypeError
        If ``z`` is not a real numeric array.
    ValueError
        If ``z`` is a scalar, ``axis`` is out of range or has length 0.

    References
    ----------
    Bridle, "Probabilistic Interpretation of Feedforward Classification Network
    Outputs", 1990; Goodfellow et al., *Deep Learning* (2016), section 6.2.2.3.

    Examples
    --------
    The article's cat / dog / bird scores:

    >>> import numpy as np
    >>> from losses import softmax
    >>> print(softmax([3.2, 5.1, -1.7]).round(5))
    [0.12998 0.86905 0.00097]
    >>> softmax([1000.0, 1.0])  # the naive formula gives nan here
    array([1., 0.])
    """
    return _LogSoftmaxPieces(_checked_logits(z, axis), axis).probabilities


def log_softmax(z, axis: int = -1):
    r"""Logarithm of the softmax, by the log-sum-exp trick.

    $$
    \log\operatorname{softmax}(z)_i = z_i - m - \ln \sum_j e^{z_j - m},
    \qquad m = \max_j z_j
    $$

    Never takes the log of a softmax, which would be $-\infty$ as soon as
    a probability underflows; and for the dominant class it computes
    $-\ln\bigl(1 + \sum_{j \ne \arg\max} e^{z_j - m}\bigr)$ with ``log1p``, so a
    log-probability of $-10^{-18}$ is not rounded to 0.

    Parameters
    ----------
    z : array_like
        Logits, at least one dimension.
    axis : int, default -1
        The class axis.

    Returns
    -------
    numpy.ndarray
        Log-probabilities (all $\le 0$), same shape and floating dtype as ``z``.

    Raises
    ------
    TypeError
        If ``z`` is not a real numeric array.
    ValueError
        If ``z`` is a scalar, ``axis`` is out of range or has length 0.

    References
    ----------
    Goodfellow et al., *Deep Learning* (2016), section 4.1.

    Examples
    --------
    >>> import numpy as np
    >>> from losses import log_softmax
    >>> np.set_printoptions(precision=4)
    >>> log_softmax([0.0, 0.0])
    array([-0.6931, -0.6931])
    >>> log_softmax([1000.0, 1.0])  # log(softmax) would give -inf
    array([   0., -999.])
    """
    z = _checked_logits(z, axis)
    # ln p_c = -(m - z_c) - ln(1 + rest): for the dominant class the second
    # term alone, so a log-probability of -1e-18 is not rounded to 0.
    # Adding 0.0 turns the dominant class's -0.0 into 0.0.
    return -_LogSoftmaxPieces(z, axis).negative_log_probabilities() + 0.0


def softmax_jacobian(z):
    r"""Jacobian of the softmax for each row of ``z`` (class axis last).

    $$
    \frac{\partial\, \operatorname{softmax}(z)_i}{\partial z_j}
        = s_i\,(\delta_{ij} - s_j),
    \qquad J = \operatorname{diag}(s) - s s^{\top}
    $$

    This full $C \times C$ matrix is for study.  Back-propagation never
    builds it: the vector–Jacobian product is
    $g^{\top} J = s \odot (g - \langle g, s\rangle)$, which costs
    $O(C)$ instead of $O(C^2)$.

    Parameters
    ----------
    z : array_like
        Logits of shape ``(..., C)``.

    Returns
    -------
    numpy.ndarray
        Shape ``(..., C, C)``; entry ``[..., i, j]`` is
        $\partial s_i / \partial z_j$.  Each matrix is symmetric and its
        rows sum to 0.

    Raises
    ------
    TypeError
        If ``z`` is not a real numeric array.
    ValueError
        If ``z`` is a scalar or has no classes.

    References
    ----------
    Goodfellow et al., *Deep Learning* (2016), section 6.2.2.3.

    Examples
    --------
    >>> import numpy as np
    >>> from losses import softmax_jacobian
    >>> softmax_jacobian([0.0, 0.0])
    array([[ 0.25, -0.25],
           [-0.25,  0.25]])
    """
    s = softmax(z, axis=-1)
    identity = np.eye(s.shape[-1], dtype=s.dtype)
    return s[..., :, None] * (identity - s[..., None, :])
