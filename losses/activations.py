"""Activation functions and their derivatives.

Every function takes an array-like ``z`` (pre-activations), returns an array of
the same shape and floating dtype (float32 stays float32; integers become
float64), and never overflows: the exponentials are always taken of a
non-positive number.  Each is a per-element kernel below its public function,
run by `losses._reduction.evaluate` (float64 inside, block by block).
"""

from __future__ import annotations

import numpy as np

from . import _logistic, _normal
from ._constants import TANH_CUBIC, TANH_LINEAR
from ._exponential import exp_of_pair
from ._reduction import BLOCK_ELEMENTS, evaluate
from ._softmax import LogSoftmax, classes_first
from ._summation import two_product, two_sum
from ._validation import as_float_array, check_axis, check_choice, check_parameter

__all__ = [
    "sigmoid",
    "sigmoid_grad",
    "tanh",
    "tanh_grad",
    "relu",
    "relu_grad",
    "softplus",
    "softplus_grad",
    "leaky_relu",
    "leaky_relu_grad",
    "elu",
    "elu_grad",
    "gelu",
    "gelu_grad",
    "silu",
    "silu_grad",
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
    value in $[0, 1]$ is a valid subgradient).  NaN gives NaN, as ``relu``
    does (PyTorch's autograd gives 1).

    Parameters
    ----------
    z : array_like
        Pre-activations, any shape.

    Returns
    -------
    numpy.ndarray
        0 or 1 (NaN where ``z`` is NaN), same shape and floating dtype as ``z``.

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
    # sign(max(z, 0)) is 1 for z > 0, 0 for z <= 0, and NaN for NaN.
    return _elementwise(lambda z: np.sign(np.maximum(z, 0.0)), z)


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


def leaky_relu(z, negative_slope: float = 0.01):
    r"""Leaky ReLU: the identity for positive inputs, a small slope for the others.

    $$
    \operatorname{leaky\_relu}(z) = \begin{cases} z & z > 0 \\ \nu\,z & z \le 0 \end{cases},
    \qquad \nu = \texttt{negative\_slope}
    $$

    A ReLU unit whose input is negative for every example receives no gradient
    and never recovers ("dying ReLU"); the slope $\nu$ keeps a small gradient
    flowing there.  $\nu = 0.01$ is Maas et al.'s value and PyTorch's default.

    Parameters
    ----------
    z : array_like
        Pre-activations, any shape.
    negative_slope : float, default 0.01
        The slope $\nu$ for $z \le 0$ (any finite number; PyTorch accepts any).

    Returns
    -------
    numpy.ndarray
        Same shape and floating dtype as ``z``.  NaN stays NaN.

    Raises
    ------
    TypeError
        If ``z`` is not a real numeric array, or ``negative_slope`` not a number.
    ValueError
        If ``negative_slope`` is not finite.

    References
    ----------
    Maas, Hannun and Ng, "Rectifier Nonlinearities Improve Neural Network
    Acoustic Models", ICML 2013 Workshop on Deep Learning for Audio, Speech
    and Language Processing.

    Examples
    --------
    >>> from losses import leaky_relu
    >>> leaky_relu([-2.0, 0.0, 3.0])
    array([-0.02,  0.  ,  3.  ])
    >>> leaky_relu([-2.0, 3.0], negative_slope=0.2)
    array([-0.4,  3. ])
    """
    negative_slope = check_parameter(negative_slope, "negative_slope")
    if negative_slope == 0:  # ReLU, whose limit at -inf is 0 (0 · -inf would be NaN); -0.0 as 0 · z gives
        return _elementwise(lambda z: np.where(z > 0, z, np.where(z == -np.inf, -0.0, z * 0.0)), z)
    return _elementwise(lambda z: np.where(z > 0, z, z * negative_slope), z)


def leaky_relu_grad(z, negative_slope: float = 0.01):
    r"""Derivative of leaky ReLU, with the convention $\operatorname{leaky\_relu}'(0) = \nu$.

    $$
    \operatorname{leaky\_relu}'(z) = \begin{cases} 1 & z > 0 \\ \nu & z \le 0 \end{cases}
    $$

    Leaky ReLU has no derivative at 0; like PyTorch (and like
    `relu_grad`, which is the case $\nu = 0$), the slope of the negative
    side is returned there.  JAX's ``jax.nn.leaky_relu`` returns 1 at 0.
    NaN gives NaN (PyTorch's autograd gives $\nu$).

    Parameters
    ----------
    z : array_like
        Pre-activations, any shape.
    negative_slope : float, default 0.01
        The slope $\nu$ for $z \le 0$.

    Returns
    -------
    numpy.ndarray
        1 or $\nu$ (NaN where ``z`` is NaN), same shape and floating dtype as ``z``.

    Raises
    ------
    TypeError
        If ``z`` is not a real numeric array, or ``negative_slope`` not a number.
    ValueError
        If ``negative_slope`` is not finite.

    References
    ----------
    Maas, Hannun and Ng, "Rectifier Nonlinearities Improve Neural Network
    Acoustic Models", ICML 2013 Workshop on Deep Learning for Audio, Speech
    and Language Processing.

    Examples
    --------
    >>> from losses import leaky_relu_grad
    >>> leaky_relu_grad([-2.0, 0.0, 3.0])
    array([0.01, 0.01, 1.  ])
    """
    negative_slope = check_parameter(negative_slope, "negative_slope")
    return _elementwise(lambda z: np.where(z > 0, 1.0, np.where(np.isnan(z), np.nan, negative_slope)), z)


def elu(z, alpha: float = 1.0):
    r"""Exponential linear unit, computed with ``expm1``.

    $$
    \operatorname{elu}(z) = \begin{cases} z & z > 0 \\ \alpha\,(e^{z} - 1) & z \le 0 \end{cases}
    $$

    For negative inputs ELU saturates smoothly at $-\alpha$ instead of
    being 0, so the mean activation of a layer is closer to 0 and every unit
    keeps a gradient.  $e^{z} - 1$ is computed as ``np.expm1(z)``: for small
    $|z|$ the subtraction would lose the digits of $z$ itself.

    Parameters
    ----------
    z : array_like
        Pre-activations, any shape.
    alpha : float, default 1.0
        The value $-\alpha$ that ELU approaches as $z \to -\infty$ (any finite number).

    Returns
    -------
    numpy.ndarray
        Same shape and floating dtype as ``z``.  NaN stays NaN.

    Raises
    ------
    TypeError
        If ``z`` is not a real numeric array, or ``alpha`` not a number.
    ValueError
        If ``alpha`` is not finite.

    References
    ----------
    Clevert, Unterthiner and Hochreiter, "Fast and Accurate Deep Network
    Learning by Exponential Linear Units (ELUs)", ICLR 2016.

    Examples
    --------
    >>> import numpy as np
    >>> from losses import elu
    >>> np.set_printoptions(precision=4)
    >>> elu([-2.0, 0.0, 3.0])
    array([-0.8647,  0.    ,  3.    ])
    >>> print(float(elu(-1e-20)))  # exp(z) - 1 would give 0.0
    -1e-20
    """
    alpha = check_parameter(alpha, "alpha")
    # alpha (e^z - 1) with expm1, and e^z of min(z, 0) only: nothing overflows.
    return _elementwise(lambda z: np.where(z > 0, z, alpha * np.expm1(np.minimum(z, 0.0))), z)


def elu_grad(z, alpha: float = 1.0):
    r"""Derivative of ELU, with the convention $\operatorname{elu}'(0) = \alpha$.

    $$
    \operatorname{elu}'(z) = \begin{cases} 1 & z > 0 \\ \alpha\,e^{z} & z \le 0 \end{cases}
    $$

    With $\alpha = 1$ the derivative is continuous; otherwise it jumps at 0
    from $\alpha$ to 1, and like PyTorch and JAX the left value $\alpha$
    is returned at 0.

    Parameters
    ----------
    z : array_like
        Pre-activations, any shape.
    alpha : float, default 1.0
        As for `elu`.

    Returns
    -------
    numpy.ndarray
        Same shape and floating dtype as ``z``.

    Raises
    ------
    TypeError
        If ``z`` is not a real numeric array, or ``alpha`` not a number.
    ValueError
        If ``alpha`` is not finite.

    References
    ----------
    Clevert, Unterthiner and Hochreiter, "Fast and Accurate Deep Network
    Learning by Exponential Linear Units (ELUs)", ICLR 2016.

    Examples
    --------
    >>> import numpy as np
    >>> from losses import elu_grad
    >>> np.set_printoptions(precision=4)
    >>> elu_grad([-2.0, 0.0, 3.0])
    array([0.1353, 1.    , 1.    ])
    >>> elu_grad([-2.0, 0.0, 3.0], alpha=0.5)
    array([0.0677, 0.5   , 1.    ])
    """
    alpha = check_parameter(alpha, "alpha")
    return _elementwise(lambda z: _elu_derivative(z, alpha), z)


def _elu_derivative(z, alpha):
    # alpha e^z for z <= 0; e^z comes scaled by 2^64 where it would be
    # subnormal, so that alpha e^z keeps its digits where it is not.
    value, correction, shift = exp_of_pair(np.minimum(z, 0.0))
    if abs(alpha) < 2.0**996:  # Dekker's product needs factors below 2^996
        product, error = two_product(value, alpha)
    else:
        product, error = value * alpha, 0.0
    negative_side = np.ldexp(product + (error + product * correction), -shift)
    return np.where(z > 0, 1.0, negative_side)


# GELU.  Exact form: gelu(z) = z Φ(z).  With t = |z|, Φ(−t) = M(t) e^{−t²/2}
# (losses/_normal.py: M is a polynomial, e^{−t²/2} has only exp's rounding):
#   z < 0:  z Φ(z) = −t M(t) e^{−t²/2}
#   z > 0:  z Φ(z) = t − t M(t) e^{−t²/2}
#   gelu'(z) = Φ(z) + z φ(z) = e^{−t²/2} (M(t) − t/√(2π))        for z < 0
#                            = 1 − e^{−t²/2} (M(t) − t/√(2π))    for z > 0
# The products are carried as pairs (Dekker) and rounded once, at the end;
# for |z| < 1/2 the Taylor series Φ(z) = 1/2 + z P(z²) is used instead.
# The derivative's zero at z ≈ −0.7518, where Φ(z) = −z φ(z), is an inherent
# cancellation: there the error is an ulp of Φ(z), not of the result.

def _gelu_regions(z, near_zero, tail, far):
    """``z`` cut into |z| < 1/2, 1/2 <= |z| <= 40 and the rest (with NaN); one function each."""
    magnitude = np.abs(z)
    near = magnitude < _normal.TAYLOR_LIMIT
    middle = (magnitude >= _normal.TAYLOR_LIMIT) & (magnitude <= _normal.TAIL_LIMIT)
    outside = ~(near | middle)
    result = np.empty_like(z)
    result[near] = near_zero(z[near])
    result[middle] = tail(z[middle])
    result[outside] = far(z[outside])
    return result


def _gelu_near_zero(z):
    (high, low), _ = _normal.taylor_pairs(z)
    product, error = two_product(z, high)  # z P(z²) = Φ(z) − 1/2
    error = error + z * low
    phi = 0.5 + product  # |z P| < 0.2: Fast2Sum
    phi_low = (product - (phi - 0.5)) + error
    value, value_error = two_product(z, phi)
    return value + (value_error + z * phi_low)


def _lower_tail_times(t, high, low):
    """e^{−t²/2} (high + low) as a pair scaled by 2^shift, and the shift."""
    value, correction, shift = _normal.half_square_exponential(t)
    product, error = two_product(high, value)
    return product, error + low * value + product * correction, shift


def _gelu_tail(z):
    t = np.abs(z)
    high, low = _normal.scaled_tail(t)
    product, error = two_product(t, high)  # t M(t)
    tail, tail_error, shift = _lower_tail_times(t, product, error + t * low)  # t Φ(−t)
    tail, tail_error = np.ldexp(tail, -shift), np.ldexp(tail_error, -shift)
    difference, difference_error = two_sum(t, -tail)
    return np.where(z < 0, -(tail + tail_error), difference + (difference_error - tail_error))


def _gelu_derivative_near_zero(z):
    _, (high, low) = _normal.taylor_pairs(z)
    product, error = two_product(z, high)  # z S(z²) = Φ(z) + z φ(z) − 1/2
    error = error + z * low
    total = 0.5 + product  # |z S| < 0.4: Fast2Sum
    return total + ((product - (total - 0.5)) + error)


def _gelu_derivative_tail(z):
    t = np.abs(z)
    high, low = _normal.scaled_tail(t)
    scaled_density, scaled_density_error = _normal.inverse_sqrt_2pi_times(t)
    bracket, bracket_error = two_sum(high, -scaled_density)  # M(t) − t/√(2π)
    bracket_error = bracket_error + low - scaled_density_error
    tail, tail_error, shift = _lower_tail_times(t, bracket, bracket_error)  # Φ(−t) − t φ(t)
    tail, tail_error = np.ldexp(tail, -shift), np.ldexp(tail_error, -shift)
    difference, difference_error = two_sum(1.0, -tail)
    return np.where(z < 0, tail + tail_error, difference + (difference_error - tail_error))


# The tanh approximation: gelu(z) ≈ z σ(w) with w = 2√(2/π)(z + 0.044715 z³),
# because (1 + tanh(u))/2 = σ(2u).  Then it is a self-gated unit like SiLU
# (losses/_logistic.py), which needs w, and z w' = 2√(2/π)(z + 3·0.044715 z³),
# as pairs: z², z³ and the products with the constants are carried exactly.
_TANH_LIMIT = 40.0  # beyond, σ(w) is 0 or 1 to far below an ulp


def _tanh_argument(z):
    """(w_high, w_low, slope_high, slope_low) for z clipped to ±40."""
    z = np.clip(z, -_TANH_LIMIT, _TANH_LIMIT)
    square, square_error = two_product(z, z)
    cube, cube_error = two_product(square, z)
    cube_error = cube_error + square_error * z
    cubic, cubic_error = two_product(TANH_CUBIC[0], cube)  # 2√(2/π)·0.044715 z³
    cubic_error = cubic_error + TANH_CUBIC[0] * cube_error + TANH_CUBIC[1] * cube
    linear, linear_error = two_product(TANH_LINEAR[0], z)  # 2√(2/π) z
    linear_error = linear_error + TANH_LINEAR[1] * z
    w, w_error = two_sum(linear, cubic)
    tripled, tripled_error = two_product(cubic, 3.0)
    slope, slope_error = two_sum(linear, tripled)
    return (w, w_error + linear_error + cubic_error,
            slope, slope_error + linear_error + tripled_error + 3.0 * cubic_error)


def _gelu_tanh(z):
    w, w_low, _, _ = _tanh_argument(z)
    return _logistic.gated(z, w, w_low)


def _gelu_tanh_derivative(z):
    return _logistic.gated_derivative(z, *_tanh_argument(z))


_APPROXIMATIONS = ("none", "tanh")


def gelu(z, approximate: str = "none"):
    r"""Gaussian error linear unit $z\,\Phi(z)$, accurate in both tails.

    $$
    \operatorname{gelu}(z) = z\,\Phi(z) = \frac{z}{2}\Bigl(1 + \operatorname{erf}\frac{z}{\sqrt{2}}\Bigr)
    $$

    $\Phi$ is the standard normal distribution function: the input is
    multiplied by the probability that a standard normal variable is below
    it, a smooth, non-monotonic ReLU.  ``approximate="tanh"`` is Hendrycks
    and Gimpel's approximation (used by GPT-2 and BERT), with the constants
    taken exactly:

    $$
    \operatorname{gelu}_{\tanh}(z) = \frac{z}{2}\Bigl(1 + \tanh\Bigl(\sqrt{2/\pi}\,\bigl(z + 0.044715\,z^{3}\bigr)\Bigr)\Bigr)
    $$

    Neither is computed as written.  The erf form is exactly 0 below
    $z \approx -8.3$, where ``erf`` rounds to $-1$; here
    $\Phi(z) = M(t)\,e^{-t^2/2}$ for $t = -z$, with $M$ a polynomial and
    $t^2$ split exactly, so that in the far tail only the exponential's own
    rounding remains.  The tanh form is computed as $z\,\sigma(w)$,
    $w = 2\sqrt{2/\pi}\,(z + 0.044715 z^3)$, with $w$ carried to twice
    float64's precision.  Both are within 2 ulp everywhere (see the accuracy
    table).

    Parameters
    ----------
    z : array_like
        Pre-activations, any shape.
    approximate : {"none", "tanh"}, default "none"
        The exact form, or the tanh approximation (PyTorch's argument).

    Returns
    -------
    numpy.ndarray
        Same shape and floating dtype as ``z``.  NaN stays NaN.

    Raises
    ------
    TypeError
        If ``z`` is not a real numeric array.
    ValueError
        If ``approximate`` is not "none" or "tanh".

    References
    ----------
    Hendrycks and Gimpel, "Gaussian Error Linear Units (GELUs)", arXiv:1606.08415 (2016).

    Examples
    --------
    >>> import math
    >>> import numpy as np
    >>> from losses import gelu
    >>> np.set_printoptions(precision=4)
    >>> gelu([-1.0, 0.0, 1.0])
    array([-0.1587,  0.    ,  0.8413])
    >>> gelu([-1.0, 0.0, 1.0], approximate="tanh")
    array([-0.1588,  0.    ,  0.8412])

    The erf form returns 0 at ``z = -10``; the true value is not 0:

    >>> print(0.5 * -10.0 * (1 + math.erf(-10.0 / math.sqrt(2))))
    -0.0
    >>> print(f"{float(gelu(-10.0)):.10e}")
    -7.6198530242e-23
    """
    approximate = check_choice(approximate, "approximate", _APPROXIMATIONS)
    if approximate == "tanh":
        return _elementwise(_gelu_tanh, z)
    return _elementwise(lambda z: _gelu_regions(z, _gelu_near_zero, _gelu_tail,
                                                lambda z: np.where(z < 0, -0.0, z)), z)


def gelu_grad(z, approximate: str = "none"):
    r"""Derivative of GELU with respect to its input.

    $$
    \operatorname{gelu}'(z) = \Phi(z) + z\,\varphi(z),
    \qquad \varphi(z) = \frac{e^{-z^{2}/2}}{\sqrt{2\pi}}
    $$

    It is 1/2 at 0, rises to about 1.13 at $z \approx 1.41$, and is
    negative for $z < -0.7518$, where GELU decreases: the unit is not
    monotonic.  For ``approximate="tanh"``, with
    $u = \sqrt{2/\pi}\,(z + 0.044715\,z^3)$:

    $$
    \operatorname{gelu}_{\tanh}'(z) = \tfrac12\bigl(1 + \tanh u\bigr)
        + \tfrac12\,z\,\bigl(1 - \tanh^{2} u\bigr)\,\sqrt{2/\pi}\,\bigl(1 + 3 \cdot 0.044715\,z^{2}\bigr)
    $$

    Near the zero at $z \approx -0.75$ the two terms cancel, which no
    float64 formula can avoid: there the error is within 2 ulp of the larger
    term, $\Phi(z)$, rather than of the result.

    Parameters
    ----------
    z : array_like
        Pre-activations, any shape.
    approximate : {"none", "tanh"}, default "none"
        As for `gelu`.

    Returns
    -------
    numpy.ndarray
        Same shape and floating dtype as ``z``.

    Raises
    ------
    TypeError
        If ``z`` is not a real numeric array.
    ValueError
        If ``approximate`` is not "none" or "tanh".

    References
    ----------
    Hendrycks and Gimpel, "Gaussian Error Linear Units (GELUs)", arXiv:1606.08415 (2016).

    Examples
    --------
    >>> import numpy as np
    >>> from losses import gelu_grad
    >>> np.set_printoptions(precision=4)
    >>> gelu_grad([-2.0, 0.0, 2.0])
    array([-0.0852,  0.5   ,  1.0852])
    >>> gelu_grad([-2.0, 0.0, 2.0], approximate="tanh")
    array([-0.0861,  0.5   ,  1.0861])
    """
    approximate = check_choice(approximate, "approximate", _APPROXIMATIONS)
    if approximate == "tanh":
        return _elementwise(_gelu_tanh_derivative, z)
    return _elementwise(lambda z: _gelu_regions(z, _gelu_derivative_near_zero, _gelu_derivative_tail,
                                                lambda z: np.where(z > 0, 1.0, np.where(z < 0, 0.0, z))), z)


# SiLU is the self-gated unit z σ(w) with w = z (losses/_logistic.py); its
# derivative's zero at z ≈ −1.2785, where σ(z) = −z σ(z) σ(−z), is an
# inherent cancellation like GELU's.
_SILU_LOW, _SILU_HIGH = -800.0, 50.0  # beyond, the results are 0 (underflow) and z, 1


def silu(z):
    r"""Sigmoid-weighted linear unit (swish), $z\,\sigma(z)$, computed without overflow.

    $$
    \operatorname{silu}(z) = z\,\sigma(z) = \frac{z}{1 + e^{-z}}
    $$

    The input gates itself: $\sigma(z)$ decides how much of $z$ passes.
    Like GELU it is smooth, not monotonic (its minimum is about
    $-0.2785$ at $z \approx -1.2785$), and close to ReLU away from 0.
    $e^{-|z|}$ is the only exponential taken.

    Parameters
    ----------
    z : array_like
        Pre-activations, any shape.

    Returns
    -------
    numpy.ndarray
        Same shape and floating dtype as ``z``.  NaN stays NaN.

    Raises
    ------
    TypeError
        If ``z`` is not a real numeric array.

    References
    ----------
    Elfwing, Uchibe and Doya, "Sigmoid-Weighted Linear Units for Neural
    Network Function Approximation in Reinforcement Learning", Neural Networks
    107 (2018); Ramachandran, Zoph and Le, "Searching for Activation
    Functions", arXiv:1710.05941 (2017), who call it swish.

    Examples
    --------
    >>> import numpy as np
    >>> from losses import silu
    >>> np.set_printoptions(precision=4)
    >>> silu([-2.0, 0.0, 2.0])
    array([-0.2384,  0.    ,  1.7616])
    >>> print(float(silu(1000.0)), float(silu(-1000.0)) == 0.0)  # no overflow at either end
    1000.0 True
    """
    return _elementwise(lambda z: _logistic.gated(z, np.clip(z, _SILU_LOW, _SILU_HIGH), 0.0), z)


def silu_grad(z):
    r"""Derivative of SiLU with respect to its input.

    $$
    \operatorname{silu}'(z) = \sigma(z)\,\bigl(1 + z\,(1 - \sigma(z))\bigr)
    $$

    It is 1/2 at 0, about 1.0998 at its maximum ($z \approx 2.3994$), and
    negative for $z < -1.2785$.  Near that zero the two terms $\sigma(z)$
    and $z\,\sigma(z)(1 - \sigma(z))$ cancel, which no float64 formula can
    avoid: there the error is within 2 ulp of $\sigma(z)$.

    Parameters
    ----------
    z : array_like
        Pre-activations, any shape.

    Returns
    -------
    numpy.ndarray
        Same shape and floating dtype as ``z``.

    Raises
    ------
    TypeError
        If ``z`` is not a real numeric array.

    References
    ----------
    Elfwing, Uchibe and Doya, "Sigmoid-Weighted Linear Units for Neural
    Network Function Approximation in Reinforcement Learning", Neural Networks
    107 (2018).

    Examples
    --------
    >>> import numpy as np
    >>> from losses import silu_grad
    >>> np.set_printoptions(precision=4)
    >>> silu_grad([-2.0, 0.0, 2.0])
    array([-0.0908,  0.5   ,  1.0908])
    """
    def kernel(z):
        clipped = np.clip(z, _SILU_LOW, _SILU_HIGH)
        return _logistic.gated_derivative(z, clipped, 0.0, clipped, 0.0)
    return _elementwise(kernel, z)


def _over_classes(method: str, z, axis):
    """``LogSoftmax(...).<method>(rows)`` along ``axis`` of ``z``; returns an array of ``z``'s shape.

    ``method`` computes its values for a chunk of classes (`LogSoftmax.chunks`).
    """
    z = as_float_array(z, "z")
    if z.ndim == 0:
        raise ValueError("`z` must have at least one dimension (the class axis), got a scalar")
    axis = check_axis(axis, z)
    if z.shape[axis] == 0:
        raise ValueError(f"`z` has no entries along `axis` {axis}: softmax needs at least one class")
    out = np.empty(z.shape, z.dtype)
    if z.size == 0:
        return out
    if z.shape[axis] > BLOCK_ELEMENTS:
        # One sample's classes fill more than a block: each sample is streamed
        # a chunk of classes at a time into `out` (twice the exponentials, but
        # temporaries of a chunk, not of the whole row).
        samples, results = np.moveaxis(z, axis, -1), np.moveaxis(out, axis, -1)
        with np.errstate(all="ignore"):
            for index in np.ndindex(samples.shape[:-1]):
                pieces = LogSoftmax(samples[index][:, None])
                for rows in pieces.chunks:
                    results[index][rows] = getattr(pieces, method)(rows)[:, 0]
        return out

    def kernel(scores):
        pieces = LogSoftmax(scores)
        return pieces._assemble(getattr(pieces, method))

    # Blocks are cut along the first axis of the (n, K, ...) views, the class axis second.
    if z.ndim == 1:
        moved, moved_out = z[None, :], out[None, :]
    else:
        moved, moved_out = np.moveaxis(z, axis, 1), np.moveaxis(out, axis, 1)
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
    return _over_classes("probabilities_of", z, axis)


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
    return _over_classes("log_probabilities_of", z, axis)


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
    complement = _over_classes("complement_of", z.astype(np.float64), -1)
    jacobian = -p[..., :, None] * p[..., None, :]
    diagonal = np.arange(p.shape[-1])
    jacobian[..., diagonal, diagonal] = p * complement  # p_i (1 - p_i), accurate for a dominant class
    return jacobian.astype(z.dtype, copy=False)
