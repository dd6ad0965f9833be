"""Activation functions and their derivatives.

Every function takes an array-like ``z`` (pre-activations), returns an array of
the same shape and floating dtype (float32 stays float32; integers become
float64), and never overflows: the exponentials are always taken of a
non-positive number.  Each is a per-element kernel below its public function,
run by `losses._reduction.evaluate` (float64 inside, block by block).
"""

from __future__ import annotations

import numpy as np

from . import _logistic
from ._reduction import evaluate
from ._softmax import LogSoftmax, classes_first
from ._validation import as_float_array, check_axis

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


def _elementwise(kernel, z) -> np.ndarray:
    """``kernel`` applied to every element of ``z``, in ``z``'s floating dtype and shape."""
    z = as_float_array(z, "z")
    # A contiguous array is one long row of blocks; any other is cut along its first axis.
    rows = z.reshape(-1) if z.flags.c_contiguous or z.ndim == 0 else z
    return evaluate(kernel, [rows], np.empty(rows.shape, z.dtype)).reshape(z.shape)


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
    return _elementwise(lambda z: _logistic.sigmoid_pair(z)[0], z)


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
    return _elementwise(_logistic.sigmoid_derivative, z)


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
    return _elementwise(np.tanh, z)


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
    return _elementwise(_logistic.tanh_derivative, z)


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
    # np.maximum propagates NaN; adding 0.0 turns relu(-0.0) into +0.0 as PyTorch prints it.
    return _elementwise(lambda z: np.maximum(z, 0.0) + 0.0, z)


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
    return _elementwise(lambda z: (z > 0).astype(np.float64), z)


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
    return _elementwise(_logistic.softplus, z)


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


def _over_classes(kernel, z, axis):
    """A `LogSoftmax` kernel applied along ``axis`` of ``z``; returns an array of ``z``'s shape."""
    z = as_float_array(z, "z")
    if z.ndim == 0:
        raise ValueError("`z` must have at least one dimension (the class axis), got a scalar")
    axis = check_axis(axis, z)
    if z.shape[axis] == 0:
        raise ValueError(f"`z` has no entries along `axis` {axis}: softmax needs at least one class")
    out = np.empty(z.shape, z.dtype)
    # Blocks are cut along the first axis of the (n, K, ...) views, the class axis second.
    if z.ndim == 1:
        moved, moved_out = z[None, :], out[None, :]
    else:
        moved, moved_out = np.moveaxis(z, axis, 1), np.moveaxis(out, axis, 1)
    if z.size:
        evaluate(classes_first(kernel), [moved], moved_out)
    return out


def softmax(z, axis: int = -1):
    r"""Softmax along ``axis``: exponentiate and normalise to probabilities.

    $$
    p_k = \operatorname{softmax}(z)_k = \frac{e^{z_k}}{\sum_{j=1}^{K} e^{z_j}}
        = \frac{e^{z_k - m}}{\sum_{j=1}^{K} e^{z_j - m}},
    \qquad m = \max_j z_j
    $$

    Subtracting the largest logit changes nothing mathematically and keeps
    every exponential in $(0, 1]$.  The exponentials are corrected for the
    rounding of $z_k - m$ and summed exactly, so that each probability is
    within about an ulp whatever the number of classes, the axis and the
    memory layout.

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
    The cat / dog / bird scores of CS231n's notes on linear classification:

    >>> import numpy as np
    >>> from losses import softmax
    >>> print(softmax([3.2, 5.1, -1.7]).round(5))
    [0.12998 0.86905 0.00097]
    >>> softmax([1000.0, 1.0])  # the naive formula gives nan here
    array([1., 0.])
    """
    return _over_classes(lambda scores: LogSoftmax(scores).probabilities, z, axis)


def log_softmax(z, axis: int = -1):
    r"""Logarithm of the softmax, by the log-sum-exp trick.

    $$
    \ln p_k = z_k - m - \ln \sum_{j=1}^{K} e^{z_j - m}, \qquad m = \max_j z_j
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
    # ln p_k = (z_k - m) - ln(1 + r): for the dominant class the second term
    # alone, so a log-probability of -1e-18 is not rounded to 0.
    return _over_classes(lambda scores: LogSoftmax(scores).log_probabilities(), z, axis)


def softmax_jacobian(z):
    r"""Jacobian of the softmax for each row of ``z`` (class axis last).

    $$
    \frac{\partial p_i}{\partial z_j} = p_i\,(\delta_{ij} - p_j),
    \qquad J = \operatorname{diag}(p) - p\,p^{\top}, \qquad p = \operatorname{softmax}(z)
    $$

    This full $K \times K$ matrix is for study.  Back-propagation never
    builds it: the vector–Jacobian product is
    $g^{\top} J = p \odot (g - \langle g, p\rangle)$, which costs
    $O(K)$ instead of $O(K^2)$.  Each row sums to 0 because the softmax
    does not change when the same constant is added to every logit; each
    column sums to 0 because the probabilities always sum to 1.  The
    diagonal $p_i(1 - p_i)$ is computed with $1 - p_i$ free of
    cancellation, so a dominant class keeps its tiny entry.

    Memory: the result has $N K^2$ entries for $N$ rows, 8 bytes each in
    float64; for $K = 1000$ classes that is 8 MB per row, and a batch of
    1000 such rows needs 8 GB.  Use the vector–Jacobian product above for
    anything larger than a teaching example.

    Parameters
    ----------
    z : array_like
        Logits of shape ``(..., K)``.

    Returns
    -------
    numpy.ndarray
        Shape ``(..., K, K)``; entry ``[..., i, j]`` is
        $\partial p_i / \partial z_j$.  Each matrix is symmetric.

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
    >>> print(f"{softmax_jacobian([40.0, 0.0, 0.0])[0, 0]:.6e}")  # p (1 - p) for p = 1 - 8.5e-18
    8.496709e-18
    """
    z = as_float_array(z, "z")
    # Built in float64 and rounded once; the K x K matrices are the whole cost anyway.
    p = softmax(z.astype(np.float64), axis=-1)
    complement = _over_classes(lambda scores: LogSoftmax(scores).complement(), z.astype(np.float64), -1)
    jacobian = -p[..., :, None] * p[..., None, :]
    diagonal = np.arange(p.shape[-1])
    jacobian[..., diagonal, diagonal] = p * complement  # p_i (1 - p_i), accurate for a dominant class
    return jacobian.astype(z.dtype, copy=False)
