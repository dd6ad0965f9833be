"""Classification losses: binary, softmax and focal cross-entropy, KL divergence, hinge losses.

Conventions follow PyTorch's functional API: ``(input, target, *, ...,
reduction="mean")``.  The binary losses work element by element on any shape.
The multi-class losses take scores (logits) of shape ``(N, K)``, ``(K,)`` for
one sample, or ``(N, K, d1, ..., dk)`` with the classes on axis 1 (one
prediction per pixel, as in segmentation).  Each ``*_grad`` returns the
derivative of the reduced loss with respect to ``input`` (for
``reduction="none"``, of the sum of the unreduced losses).

Each loss is a per-element (or per-sample) kernel written next to its public
function, with the derivation of its stable form in a comment; the kernels are
run, reduced and scaled by `losses._reduction`.
"""

from __future__ import annotations

import functools
import math
import operator

import numpy as np

from . import _logistic
from ._reduction import gradient, reduce
from ._softmax import LogSoftmax, class_chunks, classes_first, put_at, sample_positions, take_at
from ._summation import accurate_sum, split_sum_over, two_product, two_sum
from ._validation import (
    as_float_array,
    check_choice,
    check_in_unit_interval,
    check_not_empty_for_mean,
    check_parameter,
    check_reduction,
    check_same_shape,
)

__all__ = [
    "binary_cross_entropy",
    "binary_cross_entropy_grad",
    "binary_cross_entropy_with_logits",
    "binary_cross_entropy_with_logits_grad",
    "sigmoid_focal_loss",
    "sigmoid_focal_loss_grad",
    "binary_hinge",
    "binary_hinge_grad",
    "cross_entropy",
    "cross_entropy_grad",
    "nll_loss",
    "nll_loss_grad",
    "kl_div",
    "kl_div_grad",
    "multiclass_hinge",
    "multiclass_hinge_grad",
]

# PyTorch clamps each log term of binary_cross_entropy at -100 so that p = 0
# with y = 1 gives a loss of 100 instead of inf, and 0 * log(0) never makes NaN.
_LOG_CLAMP = -100.0
# PyTorch's floor on p (1 - p) in the BCE backward pass.  PyTorch declares it
# as a C float, so the floor is float32(1e-12) = 9.99999996e-13, not 1e-12.
_BCE_GRAD_EPSILON = float(np.float32(1e-12))
# The next wider float type than float64, where the platform has one (long
# double is 80-bit on x86-64, the same as float64 on some other platforms).
_WIDER = np.longdouble if np.finfo(np.longdouble).nmant > np.finfo(np.float64).nmant else None


# ---------------------------------------------------------------------------
# Element-wise losses: the arrays, checked and laid out once.

class _Elementwise:
    """The checked ``input``, ``target`` and optional weights of an element-wise loss.

    Weights are broadcast to ``input``'s shape (as PyTorch does; never the other
    way round).  Every array is flattened in C order, so that blocks are cut
    evenly whatever the shape, and the same whatever the layout.
    """

    def __init__(self, input, target, reduction, *, probability_input=False, target_check=None, **weights):
        self.reduction = check_reduction(reduction)
        array = as_float_array(input, "input")
        target_array = as_float_array(target, "target")  # in its own precision, as in `prepare_pair`
        check_same_shape(array, target_array)
        check_not_empty_for_mean(array.size, reduction)
        if probability_input:
            check_in_unit_interval(array, "input")
        (target_check or check_in_unit_interval)(target_array, "target")
        self.shape, self.dtype = array.shape, array.dtype
        arrays = [array, target_array]
        self.weight_names = []
        for name, value in weights.items():
            if value is not None:
                arrays.append(_broadcast_weight(value, name, array))
                self.weight_names.append(name)
        # Flattened in C order (a copy only of what is not C-contiguous, or a broadcast weight):
        # every layout then meets the same blocks and sums, and gives the same bits.
        self.arrays = [np.ascontiguousarray(a).reshape(-1) for a in arrays]

    def _with_names(self, kernel):
        """The kernel called with the weights by name: ``kernel(input, target, weight=..., ...)``."""
        names = self.weight_names
        return lambda first, second, *weights: kernel(first, second, **dict(zip(names, weights)))

    def loss(self, kernel):
        result = reduce(self._with_names(kernel), self.arrays, self.reduction, shape=self.arrays[0].shape,
                        dtype=self.dtype, divisor=math.prod(self.shape))
        return result.reshape(self.shape) if self.reduction == "none" else result

    def gradient(self, kernel):
        return gradient(self._with_names(kernel), self.arrays, self.reduction, shape=self.arrays[0].shape,
                        dtype=self.dtype, divisor=math.prod(self.shape)).reshape(self.shape)


def _broadcast_weight(value, name: str, input_array: np.ndarray) -> np.ndarray:
    weights = as_float_array(value, name)
    if not np.all(np.isfinite(weights)) or np.any(weights < 0):
        raise ValueError(f"`{name}` must hold finite non-negative weights")
    try:
        return np.broadcast_to(weights, input_array.shape)
    except ValueError:
        raise ValueError(f"`{name}` of shape {weights.shape} cannot be broadcast to the shape of `input` "
                         f"{input_array.shape}") from None


# ---------------------------------------------------------------------------
# Binary cross-entropy of probabilities

def _weighted(values, weight):
    """``weight * values``, a weight of 0 giving 0 even where the value is inf (a sample weighted out)."""
    if weight is None:
        return values
    return np.where(weight == 0, 0.0, weight * values)


def _probability_loss(p, y, weight=None):
    # PyTorch's clamp: log terms below -100 count as -100 (so 0 log 0 is 0).
    log_p = np.maximum(np.log(p), _LOG_CLAMP)
    log_complement = np.maximum(np.log1p(-p), _LOG_CLAMP)
    loss = -(y * log_p + (1.0 - y) * log_complement)  # two terms <= 0: no cancellation
    return _weighted(loss, weight)


def _probability_derivative(p, y, weight=None):
    derivative = (p - y) / np.maximum(p * (1.0 - p), _BCE_GRAD_EPSILON)
    return _weighted(derivative, weight)


def binary_cross_entropy(input, target, *, weight=None, reduction="mean"):
    r"""Binary cross-entropy of predicted probabilities.

    $$
    \ell_n = -w_n\bigl[\,y_n \ln p_n + (1 - y_n)\ln(1 - p_n)\,\bigr]
    $$

    Each logarithm is clamped at $-100$, as in PyTorch, so that a certain
    wrong prediction costs 100 rather than $\infty$.  This probability form
    exists for teaching; a model should output logits and use
    `binary_cross_entropy_with_logits`, which loses nothing to the rounding
    of $p$ near 0 and 1.

    Parameters
    ----------
    input : array_like
        Predicted probabilities $p \in [0, 1]$, any shape.
    target : array_like
        Targets $y \in [0, 1]$ (labels 0/1 or soft labels), the same shape.
    weight : array_like, optional
        $w \ge 0$, broadcast to the shape of ``input`` (default 1).  It
        rescales each element's loss; ``"mean"`` still divides by the number
        of elements, as in PyTorch.
    reduction : {"mean", "sum", "none"}, default "mean"
        How the per-element losses are combined.

    Returns
    -------
    numpy.floating or numpy.ndarray
        A scalar, or per-element losses for ``"none"``.

    Raises
    ------
    ValueError
        If the shapes differ, a value lies outside $[0, 1]$, ``weight``
        does not broadcast or is negative, ``reduction`` is unknown, or
        ``input`` is empty with ``"mean"``.
    TypeError
        If an argument is not a real numeric array.

    See Also
    --------
    torch.nn.functional.binary_cross_entropy : the same function, clamp and defaults.

    References
    ----------
    Nielsen, *Neural Networks and Deep Learning* (2015), chapter 3;
    Goodfellow et al., *Deep Learning* (2016), section 6.2.2.2.

    Examples
    --------
    >>> import numpy as np
    >>> from losses import binary_cross_entropy
    >>> np.set_printoptions(precision=4)
    >>> binary_cross_entropy([0.9, 0.9], [1.0, 0.0], reduction="none")  # -ln 0.9, -ln 0.1
    array([0.1054, 2.3026])
    >>> binary_cross_entropy([0.0], [1.0], reduction="none")  # clamped, not inf
    array([100.])
    """
    return _Elementwise(input, target, reduction, probability_input=True, weight=weight).loss(_probability_loss)


def binary_cross_entropy_grad(input, target, *, weight=None, reduction="mean"):
    r"""Gradient of `binary_cross_entropy` with respect to the probabilities.

    $$
    \frac{\partial \ell_n}{\partial p_n}
        = w_n\Bigl(-\frac{y_n}{p_n} + \frac{1 - y_n}{1 - p_n}\Bigr)
        = w_n\,\frac{p_n - y_n}{\max\bigl(p_n(1 - p_n),\ 10^{-12}\bigr)}
    $$

    The denominator is floored at $10^{-12}$ (as a C ``float``) exactly as
    PyTorch's backward pass does, so the gradient stays finite at
    $p \in \{0, 1\}$.  Chained with the sigmoid's $p(1-p)$ it gives
    $p - y$: see `binary_cross_entropy_with_logits_grad`.

    Parameters
    ----------
    input, target, weight, reduction
        As for `binary_cross_entropy`.

    Returns
    -------
    numpy.ndarray
        Same shape and dtype as ``input``.

    Raises
    ------
    ValueError
        As for `binary_cross_entropy`.
    TypeError
        As for `binary_cross_entropy`.

    References
    ----------
    Nielsen, *Neural Networks and Deep Learning* (2015), chapter 3.

    Examples
    --------
    >>> import numpy as np
    >>> from losses import binary_cross_entropy_grad
    >>> np.set_printoptions(precision=4)
    >>> binary_cross_entropy_grad([0.9, 0.5], [1.0, 0.0], reduction="none")  # -1/0.9, 1/0.5
    array([-1.1111,  2.    ])
    """
    elementwise = _Elementwise(input, target, reduction, probability_input=True, weight=weight)
    return elementwise.gradient(_probability_derivative)


# ---------------------------------------------------------------------------
# Binary cross-entropy of logits

def _logits_loss(z, y, weight=None, pos_weight=None):
    # -[c y ln σ(z) + (1 - y) ln σ(-z)] with c = pos_weight, written as
    # c y softplus(-z) + (1 - y) softplus(z): two non-negative terms for
    # y in [0, 1], so nothing cancels and a tiny loss keeps every digit.
    # With softplus(±z) = max(±z, 0) + log1p(e^{-|z|}) they share one exponential.
    positive_part = np.maximum(z, 0.0)
    negative_part = positive_part - z  # max(-z, 0), exactly
    shared = np.log1p(np.exp(-np.abs(z)))
    negative_coefficient = y if pos_weight is None else pos_weight * y
    positive_coefficient = 1.0 - y
    loss = (positive_coefficient * positive_part + negative_coefficient * negative_part
            + (positive_coefficient + negative_coefficient) * shared)
    if np.isinf(z).any():
        # An infinite logit makes one softplus infinite; a term whose coefficient
        # is 0 contributes 0, its limit (PyTorch returns NaN).
        infinite_term = np.where(z > 0, positive_coefficient, negative_coefficient)
        loss = np.where(np.isinf(z), np.where(infinite_term == 0, 0.0, np.inf), loss)
    return _weighted(loss, weight)


def _sigmoid_minus_target(z, y, pos_weight=None):
    # σ(z) - y = (1 - y) σ(z) - y σ(-z) (with c y in place of y under a positive
    # weight c): for a hard label one term is exactly 0 and the other keeps full
    # relative accuracy, where σ(z) - 1 would round to 0 for z > 37.
    positive, negative = _logistic.sigmoid_pair(z)
    negative_coefficient = y if pos_weight is None else pos_weight * y
    return (1.0 - y) * positive - negative_coefficient * negative


def _logits_derivative(z, y, weight=None, pos_weight=None):
    derivative = _sigmoid_minus_target(z, y, pos_weight)
    # For a soft label the two terms cancel where σ(z) is close to y, and half
    # an ulp of σ(z) becomes many ulp of the difference: such elements (and
    # only they, so that no element depends on its neighbours) are recomputed
    # in the wider type, where one exists, and rounded once.
    soft = (y != 0) & (y != 1)
    if _WIDER is not None and soft.any():
        wide = [None if array is None else array[soft].astype(_WIDER) for array in (z, y, pos_weight)]
        derivative[soft] = _sigmoid_minus_target(*wide)
    return _weighted(derivative, weight)


def binary_cross_entropy_with_logits(input, target, *, weight=None, pos_weight=None, reduction="mean"):
    r"""Binary cross-entropy of logits: sigmoid and cross-entropy in one stable step.

    $$
    \ell_n = -w_n\bigl[\,c\,y_n \ln\sigma(z_n) + (1 - y_n)\ln\bigl(1 - \sigma(z_n)\bigr)\bigr]
           = w_n\bigl[\,c\,y_n \operatorname{softplus}(-z_n) + (1 - y_n)\operatorname{softplus}(z_n)\bigr]
    $$

    where $c$ is ``pos_weight`` (1 by default) and
    $\operatorname{softplus}(\pm z) = \max(\pm z, 0) + \ln(1 + e^{-|z|})$.
    Both terms are $\ge 0$ for $y \in [0, 1]$, so nothing cancels: the
    loss keeps every digit even when it is tiny (a confident right answer).
    PyTorch 2.13 computes $(1 - y)z - \ln\sigma(z)$, whose two terms cancel,
    and returns exactly 0 for $z = -36, y = 0$, where the true loss is
    $2.3 \times 10^{-16}$.

    Parameters
    ----------
    input : array_like
        Logits $z$, any shape.
    target : array_like
        Targets $y \in [0, 1]$, the same shape as ``input``.
    weight : array_like, optional
        $w \ge 0$, broadcast to the shape of ``input`` (default 1).
    pos_weight : array_like, optional
        $c \ge 0$, the weight of the positive term, broadcast to the shape of
        ``input``: a vector of length C applies along the last axis (one weight
        per class of a multi-label problem), as in PyTorch.  $c > 1$ raises
        recall, $c < 1$ precision.
    reduction : {"mean", "sum", "none"}, default "mean"
        How the per-element losses are combined; ``"mean"`` divides by the
        number of elements, whatever the weights.

    Returns
    -------
    numpy.floating or numpy.ndarray
        A scalar, or per-element losses for ``"none"``.

    Raises
    ------
    ValueError
        If the shapes differ, ``target`` lies outside $[0, 1]$, a weight
        does not broadcast or is negative, ``reduction`` is unknown, or
        ``input`` is empty with ``"mean"``.
    TypeError
        If an argument is not a real numeric array.

    See Also
    --------
    torch.nn.functional.binary_cross_entropy_with_logits : same function and defaults.

    References
    ----------
    Goodfellow et al., *Deep Learning* (2016), section 6.2.2.2.

    Examples
    --------
    >>> from losses import binary_cross_entropy_with_logits
    >>> print(round(float(binary_cross_entropy_with_logits([0.0], [1.0])), 4))  # ln 2
    0.6931
    >>> print(f"{float(binary_cross_entropy_with_logits([-36.0], [0.0])):.10e}")  # not 0
    2.3195228302e-16
    >>> print(float(binary_cross_entropy_with_logits([10000.0], [0.0])))  # not inf
    10000.0
    >>> print(round(float(binary_cross_entropy_with_logits([0.0], [1.0], pos_weight=[3.0])), 4))  # 3 ln 2
    2.0794
    """
    elementwise = _Elementwise(input, target, reduction, weight=weight, pos_weight=pos_weight)
    return elementwise.loss(_logits_loss)


def binary_cross_entropy_with_logits_grad(input, target, *, weight=None, pos_weight=None, reduction="mean"):
    r"""Gradient of `binary_cross_entropy_with_logits` with respect to the logits.

    $$
    \frac{\partial \ell_n}{\partial z_n} = w_n\bigl[(1 - y_n)\,\sigma(z_n) - c\,y_n\,\sigma(-z_n)\bigr]
        \;=\; w_n\bigl(\sigma(z_n) - y_n\bigr) \quad (c = 1)
    $$

    The sigmoid's own derivative has cancelled: the gradient is just the
    error, so a badly wrong neuron learns fast (compare
    `losses.dynamics.train_sigmoid_neuron`).  The left-hand form keeps full
    relative accuracy for hard labels, where $\sigma(z) - 1$ would round to
    0 for $z > 37$.  For a soft label, where the two terms can cancel, the
    element is computed in the next wider float type where the platform has
    one (the 80-bit long double on x86-64) and rounded once; the choice is made
    per element, so no element's result depends on its neighbours.

    Parameters
    ----------
    input, target, weight, pos_weight, reduction
        As for `binary_cross_entropy_with_logits`.

    Returns
    -------
    numpy.ndarray
        Same shape and dtype as ``input``.

    Raises
    ------
    ValueError
        As for `binary_cross_entropy_with_logits`.
    TypeError
        As for `binary_cross_entropy_with_logits`.

    References
    ----------
    Nielsen, *Neural Networks and Deep Learning* (2015), chapter 3.

    Examples
    --------
    >>> import numpy as np
    >>> from losses import binary_cross_entropy_with_logits_grad
    >>> np.set_printoptions(precision=4)
    >>> binary_cross_entropy_with_logits_grad([0.0, 2.0], [1.0, 0.0], reduction="none")
    array([-0.5   ,  0.8808])
    """
    elementwise = _Elementwise(input, target, reduction, weight=weight, pos_weight=pos_weight)
    return elementwise.gradient(_logits_derivative)


# ---------------------------------------------------------------------------
# Focal loss

def _focal_pieces(z, y, alpha, gamma):
    """α_t, the cross-entropy, 1 - p_t and its power γ, from σ(±z) without cancellation."""
    positive, negative = _logistic.sigmoid_pair(z)
    # 1 - p_t = 1 - [σ(z) y + σ(-z)(1 - y)] = σ(z)(1 - y) + σ(-z) y: two terms >= 0.
    miss = positive * (1.0 - y) + negative * y
    weight = 1.0 if alpha < 0 else alpha * y + (1.0 - alpha) * (1.0 - y)
    return weight, _logits_loss(z, y), miss, positive, negative


def _in_wider_type(kernel):
    """Run a kernel in the next wider float type, where the platform has one, and round once.

    The focal loss multiplies four rounded factors (α_t, the cross-entropy,
    1 - p_t and its power); in float64 that accumulates up to 4 ulp, in the
    80-bit long double of x86-64 it rounds away.
    """
    if _WIDER is None:
        return kernel
    return lambda z, y: kernel(z.astype(_WIDER), y.astype(_WIDER))


def _focal_kernels(alpha: float, gamma: float):
    @_in_wider_type
    def loss(z, y):
        weight, cross_entropy, miss, _, _ = _focal_pieces(z, y, alpha, gamma)
        return _weighted(cross_entropy * miss**gamma, weight)

    @_in_wider_type
    def derivative(z, y):
        # d/dz [ce (1 - p_t)^γ] with u = 1 - p_t, du/dz = (1 - 2y) σ(z) σ(-z):
        #   u^γ [ce' + γ ce (1 - 2y) v],  v = σ(z) σ(-z) / u.
        # For a hard label u is σ(-z) (y = 1) or σ(z) (y = 0), so v is the other
        # sigmoid exactly, and no negative power of a vanishing u is formed.
        weight, cross_entropy, miss, positive, negative = _focal_pieces(z, y, alpha, gamma)
        with np.errstate(invalid="ignore", divide="ignore"):
            other = np.where(y == 1, positive, np.where(y == 0, negative, positive * negative / miss))
        # ce · other -> 0 where other = 0: at z = ±inf the loss is inf but ce · σ(-|z|) ~ |z| e^-|z| -> 0.
        focusing = np.where(other == 0, 0.0, gamma * cross_entropy * (1.0 - 2.0 * y) * other)
        bracket = _sigmoid_minus_target(z, y) + focusing
        return _weighted(miss**gamma * bracket, weight)

    return loss, derivative


def _focal(input, target, alpha, gamma, reduction):
    alpha = check_parameter(alpha, "alpha", maximum=1.0)
    gamma = check_parameter(gamma, "gamma", minimum=0.0)
    return _Elementwise(input, target, reduction), _focal_kernels(alpha, gamma)


def sigmoid_focal_loss(input, target, *, alpha=0.25, gamma=2.0, reduction="mean"):
    r"""Focal loss of logits (RetinaNet), as torchvision defines it.

    $$
    \ell_n = \alpha_t\,(1 - p_t)^{\gamma}\,\operatorname{BCE}(z_n, y_n), \qquad
    p_t = p\,y + (1 - p)(1 - y), \quad
    \alpha_t = \alpha\,y + (1 - \alpha)(1 - y), \quad p = \sigma(z_n)
    $$

    The factor $(1 - p_t)^{\gamma}$ shrinks the loss of examples that are
    already classified well ($p_t \to 1$), so that the many easy negatives
    of a dense detector do not drown the few hard ones; $\gamma = 0$ is
    $\alpha$-weighted binary cross-entropy.  A negative ``alpha`` disables
    the $\alpha_t$ factor, as in torchvision.  $1 - p_t$ is computed as
    $\sigma(z)(1 - y) + \sigma(-z)\,y$, two non-negative terms, so the
    factor keeps full accuracy where $p_t$ rounds to 1.

    torchvision's ``sigmoid_focal_loss`` defaults to ``reduction="none"``;
    this one defaults to ``"mean"``, like every loss here.

    Parameters
    ----------
    input : array_like
        Logits $z$, any shape.
    target : array_like
        Targets $y \in [0, 1]$, the same shape.
    alpha : float, default 0.25
        $\alpha \le 1$, the weight of the positive class; negative to disable.
    gamma : float, default 2.0
        $\gamma \ge 0$, the focusing exponent.
    reduction : {"mean", "sum", "none"}, default "mean"
        How the per-element losses are combined.

    Returns
    -------
    numpy.floating or numpy.ndarray
        A scalar, or per-element losses for ``"none"``.

    Raises
    ------
    ValueError
        If the shapes differ, ``target`` lies outside $[0, 1]$, ``alpha``
        is above 1, ``gamma`` is negative, a parameter is not finite,
        ``reduction`` is unknown, or ``input`` is empty with ``"mean"``.
    TypeError
        If an argument is not a real numeric array or a parameter not a number.

    See Also
    --------
    torchvision.ops.sigmoid_focal_loss : the same loss (default reduction "none").

    References
    ----------
    Lin, Goyal, Girshick, He and Dollár, "Focal Loss for Dense Object
    Detection", ICCV 2017, equation (5).

    Examples
    --------
    An easy positive ($z = 3$, $p = 0.95$) loses almost all of its
    cross-entropy, a hard one ($z = -3$) keeps most of it:

    >>> import numpy as np
    >>> from losses import sigmoid_focal_loss, binary_cross_entropy_with_logits
    >>> z, y = np.array([3.0, -3.0]), np.array([1.0, 1.0])
    >>> focal = sigmoid_focal_loss(z, y, alpha=-1, reduction="none")
    >>> plain = binary_cross_entropy_with_logits(z, y, reduction="none")
    >>> print(focal.round(5), plain.round(5), (plain / focal).round(1))
    [1.10000e-04 2.76628e+00] [0.04859 3.04859] [444.6   1.1]
    """
    elementwise, (loss, _) = _focal(input, target, alpha, gamma, reduction)
    return elementwise.loss(loss)


def sigmoid_focal_loss_grad(input, target, *, alpha=0.25, gamma=2.0, reduction="mean"):
    r"""Gradient of `sigmoid_focal_loss` with respect to the logits.

    $$
    \frac{\partial \ell_n}{\partial z_n} = \alpha_t\,(1 - p_t)^{\gamma}
        \Bigl[\sigma(z_n) - y_n + \gamma\,\operatorname{BCE}(z_n, y_n)\,(1 - 2y_n)\,
        \frac{\sigma(z_n)\,\sigma(-z_n)}{1 - p_t}\Bigr]
    $$

    For $y = 1$ the last fraction is $\sigma(z)$ and for $y = 0$ it is
    $\sigma(-z)$; both are used as such, so no power of a vanishing
    $1 - p_t$ is ever divided by.

    Parameters
    ----------
    input, target, alpha, gamma, reduction
        As for `sigmoid_focal_loss`.

    Returns
    -------
    numpy.ndarray
        Same shape and dtype as ``input``.

    Raises
    ------
    ValueError
        As for `sigmoid_focal_loss`.
    TypeError
        As for `sigmoid_focal_loss`.

    References
    ----------
    Lin et al., "Focal Loss for Dense Object Detection", ICCV 2017.

    Examples
    --------
    >>> import numpy as np
    >>> from losses import sigmoid_focal_loss_grad
    >>> print(sigmoid_focal_loss_grad([3.0, -3.0], [1.0, 1.0], alpha=-1, reduction="none").round(5))
    [-3.10000e-04 -1.12675e+00]
    """
    elementwise, (_, derivative) = _focal(input, target, alpha, gamma, reduction)
    return elementwise.gradient(derivative)


# ---------------------------------------------------------------------------
# Binary hinge

def _check_signs(target, name):
    if target.size and not np.all((target == 1) | (target == -1)):
        bad = target[(target != 1) & (target != -1)].flat[0]
        raise ValueError(f"`{name}` must hold labels -1 or +1, found {bad.item()!r} "
                         "(for 0/1 labels pass 2 * target - 1)")


def _binary_hinge_kernels(squared: bool):
    def loss(s, y):
        shortfall = np.maximum(1.0 - y * s, 0.0)  # y s is exact for y = ±1
        return shortfall * shortfall if squared else shortfall

    def derivative(s, y):
        shortfall = np.maximum(1.0 - y * s, 0.0)
        # sign(shortfall) is 1 where the margin is violated, 0 where it is not, NaN where the loss is NaN.
        return -y * (2.0 * shortfall if squared else np.sign(shortfall)) + 0.0  # + 0.0: no -0.0

    return loss, derivative


def _binary_hinge(input, target, squared, reduction):
    if not isinstance(squared, (bool, np.bool_)):
        raise TypeError(f"`squared` must be True or False, got {squared!r}")
    return _Elementwise(input, target, reduction, target_check=_check_signs), _binary_hinge_kernels(bool(squared))


def binary_hinge(input, target, *, squared=False, reduction="mean"):
    r"""Hinge loss of a binary classifier's scores, with labels $\pm 1$ (the SVM loss).

    $$
    \ell_n = \max(0,\ 1 - y_n s_n) \qquad\text{or}\qquad
    \ell_n = \max(0,\ 1 - y_n s_n)^2 \quad (\texttt{squared=True})
    $$

    The loss is 0 once the margin $y s$ reaches 1: a correct answer with
    enough margin costs nothing and teaches nothing.  The squared hinge is
    differentiable at the margin and punishes large violations more.
    Compare the logistic loss $\ln(1 + e^{-ys})$
    (`binary_cross_entropy_with_logits` with $y \in \{0, 1\}$), which never
    reaches 0.

    Parameters
    ----------
    input : array_like
        Scores $s$, any shape.
    target : array_like
        Labels $y \in \{-1, +1\}$, the same shape (0/1 labels are refused:
        pass ``2 * target - 1``).
    squared : bool, default False
        Square each hinge term (Keras's ``squared_hinge``).
    reduction : {"mean", "sum", "none"}, default "mean"
        How the per-element losses are combined.

    Returns
    -------
    numpy.floating or numpy.ndarray
        A scalar, or per-element losses for ``"none"``.

    Raises
    ------
    ValueError
        If the shapes differ, a label is not $\pm 1$, ``reduction`` is
        unknown, or ``input`` is empty with ``"mean"``.
    TypeError
        If an argument is not a real numeric array, or ``squared`` not a bool.

    See Also
    --------
    sklearn.metrics.hinge_loss : the same loss averaged over samples.
    keras.losses.hinge : the same, after mapping 0/1 labels to -1/+1.

    References
    ----------
    Cortes and Vapnik, "Support-Vector Networks", *Machine Learning* 20, 1995;
    Rosasco et al., "Are Loss Functions All the Same?", *Neural Computation*
    16(5), 2004.

    Examples
    --------
    >>> import numpy as np
    >>> from losses import binary_hinge
    >>> s, y = np.array([2.0, 0.5, -0.5]), np.array([1.0, 1.0, 1.0])
    >>> binary_hinge(s, y, reduction="none")  # margins 2, 0.5, -0.5
    array([0. , 0.5, 1.5])
    >>> binary_hinge(s, y, squared=True, reduction="none")
    array([0.  , 0.25, 2.25])
    """
    elementwise, (loss, _) = _binary_hinge(input, target, squared, reduction)
    return elementwise.loss(loss)


def binary_hinge_grad(input, target, *, squared=False, reduction="mean"):
    r"""Gradient of `binary_hinge` with respect to the scores.

    $$
    \frac{\partial \ell_n}{\partial s_n} = -y_n\,\mathbb{1}[\,y_n s_n < 1\,]
    \qquad\text{or}\qquad -2\,y_n \max(0,\ 1 - y_n s_n)
    $$

    At the margin $y s = 1$ the hinge has no derivative; 0 is taken there.

    Parameters
    ----------
    input, target, squared, reduction
        As for `binary_hinge`.

    Returns
    -------
    numpy.ndarray
        Same shape and dtype as ``input``.

    Raises
    ------
    ValueError
        As for `binary_hinge`.
    TypeError
        As for `binary_hinge`.

    References
    ----------
    Cortes and Vapnik, "Support-Vector Networks", 1995.

    Examples
    --------
    >>> from losses import binary_hinge_grad
    >>> binary_hinge_grad([2.0, 0.5, -0.5], [1.0, 1.0, -1.0], reduction="none")  # margins 2, 0.5, 0.5
    array([ 0., -1.,  1.])
    """
    elementwise, (_, derivative) = _binary_hinge(input, target, squared, reduction)
    return elementwise.gradient(derivative)


# ---------------------------------------------------------------------------
# Multi-class losses: the scores and targets, checked and laid out once.

class _MultiClass:
    """Scores of shape ``(N, K, d1, ..., dk)``, ``(N, K)`` or ``(K,)`` and their targets.

    ``batched`` always has the batch axis first and the classes second; the
    kernels (wrapped by `classes_first`) see ``(K, M)`` blocks.
    """

    def __init__(self, input, reduction, *, reductions=("mean", "sum", "none")):
        self.reduction = check_reduction(reduction, reductions)
        scores = as_float_array(input, "input")
        if scores.ndim == 0:
            raise ValueError("`input` must have a class axis: shape (N, K), (K,) or (N, K, d1, ..., dk), "
                             "got a scalar")
        self.shape, self.dtype = scores.shape, scores.dtype
        self.batched = scores[None] if scores.ndim == 1 else scores
        self.classes = self.batched.shape[1]
        if self.classes == 0:
            raise ValueError(f"`input` must have at least one class, got shape {scores.shape}")
        per_sample = self.batched.shape[:1] + self.batched.shape[2:]
        self.sample_shape = per_sample  # of the unreduced losses, batched
        self.samples = math.prod(per_sample)

    @property
    def index_shape(self):
        return () if len(self.shape) == 1 else self.sample_shape

    def class_indices(self, target, ignore_index=None) -> np.ndarray:
        """``target`` as int64 class indices of shape ``sample_shape``, each in [0, K) or ``ignore_index``."""
        indices = np.asarray(target)
        if isinstance(target, np.ma.MaskedArray):
            raise TypeError("`target` is a masked array; use `ignore_index` for targets that do not count")
        if indices.dtype.kind not in "iu":
            raise TypeError(f"`target` class indices must have an integer dtype, got {indices.dtype}")
        if indices.shape != self.index_shape:
            raise ValueError(f"`target` class indices must have shape {self.index_shape} for `input` of shape "
                             f"{self.shape}, got {indices.shape}")
        valid = (indices >= 0) & (indices < self.classes)
        if ignore_index is not None:
            valid |= indices == ignore_index
        if not np.all(valid):
            ignoring = "" if ignore_index is None else f" or `ignore_index` {ignore_index}"
            raise ValueError(f"`target` class indices must be in [0, {self.classes}){ignoring}, "
                             f"found {indices[~valid].flat[0]}")
        return indices.astype(np.int64, copy=False).reshape(self.sample_shape)

    def class_probabilities(self, target) -> np.ndarray:
        probabilities = as_float_array(target, "target")
        if probabilities.shape != self.shape:
            raise ValueError(f"`target` probabilities must have the shape of `input` {self.shape}, got "
                             f"{probabilities.shape}; for class indices pass an integer array of shape "
                             f"{self.index_shape}")
        check_in_unit_interval(probabilities, "target")
        return probabilities.reshape(self.batched.shape)

    def class_weights(self, weight) -> np.ndarray | None:
        if weight is None:
            return None
        weights = as_float_array(weight, "weight").astype(np.float64, copy=False)
        if weights.shape != (self.classes,):
            raise ValueError(f"`weight` must have one entry per class, shape ({self.classes},), got {weights.shape}")
        if not np.all(np.isfinite(weights)) or np.any(weights < 0):
            raise ValueError("`weight` must hold finite non-negative class weights")
        return weights

    def loss(self, kernel, others, divisor):
        result = reduce(classes_first(kernel), [self.batched, *others], self.reduction, shape=self.sample_shape,
                        dtype=self.dtype, divisor=divisor)
        return result.reshape(self.index_shape) if self.reduction == "none" else result

    def gradient(self, kernel, others, divisor):
        """``kernel(scores, *others, sink=...)`` writes the gradient of a (K, M) block through ``sink``."""
        return gradient(classes_first(kernel, gradient=True), [self.batched, *others], self.reduction,
                        shape=self.batched.shape, dtype=self.dtype, divisor=divisor).reshape(self.shape)


def _check_ignore_index(ignore_index) -> int:
    if isinstance(ignore_index, (bool, np.bool_)) or not isinstance(ignore_index, (int, np.integer)):
        raise TypeError(f"`ignore_index` must be an integer, got {type(ignore_index).__name__}")
    return int(ignore_index)


_WEIGHT_SCALE = 2.0**-64


class _Targets:
    """What a kernel needs of the class-index targets: safe indices, and the weight of each sample.

    ``indices`` has ignored targets replaced by 0, so that they can index an
    array; ``sample_weight`` is ``weight[y_n]`` (1 without class weights), 0
    for an ignored sample; ``active`` is 1, or 0 for an ignored sample.  When
    nothing is ignored and there are no class weights, the last two are None
    and the kernels take their fastest path.
    """

    def __init__(self, multi: _MultiClass, target, weight, ignore_index: int):
        indices = multi.class_indices(target, ignore_index)
        ignored = indices == ignore_index
        self.weights = multi.class_weights(weight)
        self.any_ignored = bool(ignored.any())
        if self.any_ignored:
            indices = np.where(ignored, 0, indices)
        self.indices = indices
        if self.weights is None and not self.any_ignored:
            self.sample_weight = self.active = None
            self.total_weight = float(indices.size)
        else:
            self.active = (~ignored).astype(np.float64)
            per_class = self.weights if self.weights is not None else np.ones(multi.classes)
            self.sample_weight = per_class[indices] * self.active
            self.total_weight = self._sum(self.sample_weight)
            if math.isinf(self.total_weight) and multi.reduction == "mean":
                # Finite weights whose sum overflows: the weighted mean does not change when every
                # weight is scaled by a power of two, and with 2**-64 the sum fits.
                self.weights = self.weights * _WEIGHT_SCALE
                self.sample_weight = self.sample_weight * _WEIGHT_SCALE
                self.total_weight = self._sum(self.sample_weight)

    @staticmethod
    def _sum(sample_weight) -> float:
        with np.errstate(over="ignore"):  # a sum beyond the float range is inf
            return float(accurate_sum(sample_weight.reshape(-1, 1))[0]) if sample_weight.size else 0.0

    @property
    def arrays(self):
        return [self.indices] if self.sample_weight is None else [self.indices, self.sample_weight, self.active]

    def divisor(self, reduction: str) -> float:
        if reduction == "mean" and self.total_weight == 0 and self.indices.size:
            raise ValueError("the weighted mean divides by the total weight of the targets, which is 0: every "
                             "target is ignored (`ignore_index`) or has class weight 0; use reduction='sum'")
        return self.total_weight


# ---------------------------------------------------------------------------
# Softmax cross-entropy

def _add_up(parts) -> np.ndarray:
    """The sum of the per-chunk ``parts`` in order (one part is itself: no ``0 +`` to turn -0.0 into 0.0)."""
    return functools.reduce(operator.add, parts)


def _accurate_sum_over(terms_of, chunks: list[slice], *, accurate: bool = True) -> np.ndarray:
    """Σ over the classes of ``terms_of(rows)``, a chunk of classes at a time, rounded once.

    Sums of finite terms are exact but for the last rounding (`split_sum_over`);
    a sample with an infinite or NaN term gets the plain sum, which propagates
    it, and its neighbours keep theirs.  With ``accurate=False`` (a few
    classes) the plain sum is taken in any case.
    """
    plain = _add_up(np.sum(terms_of(rows), axis=0) for rows in chunks)
    if not accurate:
        return plain
    finite = np.isfinite(plain)
    if finite.all():
        # A finite plain sum has finite terms (inf - inf is NaN): the exact sum applies to every sample.
        high, low = split_sum_over(terms_of, chunks)
        return high + low
    # Terms of finite magnitude can overflow in the plain sum; those samples are summed exactly as well.
    exact = functools.reduce(np.logical_and, (np.all(np.isfinite(terms_of(rows)), axis=0) for rows in chunks))
    if not exact.any():
        return plain
    high, low = split_sum_over(lambda rows: np.where(exact, terms_of(rows), 0.0), chunks)
    return np.where(exact, high + low, plain)


def _weighted_sum(values_of, weights_of, chunks: list[slice]) -> np.ndarray:
    """Σ_k w_k v_k over the classes, a term with weight 0 counting 0 even if its value is inf."""
    def terms(rows):
        weights = weights_of(rows)
        return np.where(weights == 0, 0.0, weights * values_of(rows))

    return _accurate_sum_over(terms, chunks, accurate=chunks[-1].stop > 2)


def _smoothing_weights(smoothing: float, classes: int) -> tuple[float, float, float, float]:
    """``(keep, keep_error, share, share_error)``: 1 - ε = keep + keep_error and ε / K = share + share_error."""
    keep = 1.0 - smoothing
    keep_error = (1.0 - keep) - smoothing  # exact: 1 >= ε
    share = smoothing / classes
    product, product_error = two_product(share, classes)
    share_error = ((smoothing - product) - product_error) / classes
    return keep, keep_error, share, share_error


def _target_mass(target, weights, smoothing: float, classes: int, active=1.0):
    """PyTorch's effective target Q_k = w_k [(1 - ε) q_k + ε / K] as a pair ``(high, low)``.

    ``target`` is q for some classes (rows of a ``(K, M)`` block: one-hot for
    class indices, all 0 for an ignored sample, whose ``active`` is 0), and
    ``weights`` their w_k; ``classes`` is K.  Q is not an input but computed,
    and its roundings would count, at full weight, wherever p_k S and Q_k
    cancel in the gradient; so each step is error-free (TwoSum, Dekker's
    product) and ``high + low`` is Q to about 2**-100.
    """
    target = np.asarray(target, dtype=np.float64)
    high, low = target, np.zeros_like(target)
    if smoothing:
        keep, keep_error, share, share_error = _smoothing_weights(smoothing, classes)
        kept, kept_error = two_product(target, keep)
        high, sum_error = two_sum(kept, share * active)
        low = sum_error + kept_error + target * keep_error + share_error * active
    if weights is not None:
        high, product_error = two_product(high, weights[:, None])
        low = product_error + low * weights[:, None]
    return high, low


def _chunkwise(pieces: LogSoftmax, of):
    """``of(rows)`` for a chunk of classes, made once when the block is one chunk (kernels ask often)."""
    if len(pieces.chunks) == 1:
        made = of(pieces.chunks[0])
        return lambda rows: made
    return of


def _gradient_from_target_mass(pieces: LogSoftmax, mass_of, sink) -> None:
    """p_k S - Q_k with S = Σ_j Q_j: the gradient of -Σ_k Q_k ln p_k for any Q >= 0, written to ``sink``.

    ``mass_of(rows)`` is Q for the classes ``rows`` as a pair ``(high, low)``.
    Where p_k S is close to Q_k the two cancel, and every rounding in p_k or in
    the product is magnified; so p_k is kept as an unevaluated pair and p_k S is
    formed exactly (Dekker's product), leaving only the exponential's own error.
    Where p_k > 1/2 (at most one class per sample, the dominant one) the
    difference is written -Q_k (1 - p_k) + (S - Q_k) p_k, with 1 - p_k from
    `LogSoftmax` and S - Q_k summed over the other classes, so that a confident
    right answer keeps its tiny gradient.
    """
    chunks = pieces.chunks
    mass_of = _chunkwise(pieces, mass_of)
    probabilities_of = _chunkwise(pieces, pieces.probabilities_pair_of)
    total_high, total_low = split_sum_over(lambda rows: mass_of(rows)[0], chunks)
    total = total_high + total_low
    total_error = ((total_high - total) + total_low) + _add_up(np.sum(mass_of(rows)[1], axis=0) for rows in chunks)

    def dominant_of(rows):
        return probabilities_of(rows)[0] > 0.5

    if any(dominant_of(rows).any() for rows in chunks):
        # The dominant class only: (S - Q_k) p_k - Q_k (1 - p_k), both products exact.
        def others_of(rows):
            return np.where(dominant_of(rows), 0.0, mass_of(rows)[0])

        others_high, others_low = split_sum_over(others_of, chunks)
        others = others_high + others_low
        others_low = ((others_high - others) + others_low) + _add_up(
            np.sum(np.where(dominant_of(rows), 0.0, mass_of(rows)[1]), axis=0) for rows in chunks)
        complement, complement_low = pieces.dominant_complement_pair()
    for rows in chunks:
        p_high, p_low = probabilities_of(rows)
        mass, mass_low = mass_of(rows)
        product, product_error = two_product(p_high, total)
        result = (product - mass) + ((product_error - mass_low) + p_low * total + p_high * total_error)
        dominant = p_high > 0.5
        if dominant.any():
            kept, kept_error = two_product(others, p_high)
            lost, lost_error = two_product(mass, complement)
            alternative = (kept - lost) + ((kept_error - lost_error) + others * p_low + others_low * p_high
                                           - mass * complement_low - mass_low * complement)
            result = np.where(dominant, alternative, result)
        sink.write(rows, result)


def _cross_entropy_index_kernels(classes: int, weights, smoothing: float):
    """Kernels for class-index targets (``indices``, then ``sample_weight`` and ``active`` if given)."""

    def class_weights_of(rows):
        return np.ones((rows.stop - rows.start, 1)) if weights is None else weights[rows, None]

    def loss(scores, indices, sample_weight=None, active=None):
        pieces = LogSoftmax(scores)
        # -ln p_y = (m - z_y) + ln(1 + r): two non-negative terms.
        negative_log_likelihood = -pieces.log_probability_at(indices)
        if sample_weight is not None:
            negative_log_likelihood = np.where(sample_weight == 0, 0.0, sample_weight * negative_log_likelihood)
        if not smoothing:
            return negative_log_likelihood
        smooth = _weighted_sum(lambda rows: -pieces.log_probabilities_of(rows), class_weights_of, pieces.chunks)
        if active is not None:  # an ignored sample counts 0, even where its log-probabilities are inf or NaN
            smooth = np.where(active == 0, 0.0, smooth)
        if smoothing == 1.0:  # the one-hot part has weight 0 (and -ln p_y may be inf)
            negative_log_likelihood = np.zeros_like(smooth)
        return _smoothed(negative_log_likelihood, smooth, smoothing, classes)

    def derivative(scores, indices, sample_weight=None, active=None, *, sink):
        pieces = LogSoftmax(scores)
        if sample_weight is not None:
            # Without smoothing a sample of weight 0 counts nothing; with it, an ignored sample.
            sink = _silenced(sink, active == 0 if smoothing else sample_weight == 0)
        if smoothing:
            samples = scores.shape[1]
            on = 1.0 if active is None else active

            def mass_of(rows):  # the one-hot target of the classes `rows`, smoothed and weighted
                one_hot = np.zeros((rows.stop - rows.start, samples))
                _put_at_targets(one_hot, rows, indices, on, classes)
                return _target_mass(one_hot, None if weights is None else weights[rows], smoothing, classes,
                                    on)

            _gradient_from_target_mass(pieces, mass_of, sink)
            return
        # p everywhere, and p_y - 1 = -(1 - p_y) at the target, each without cancellation.
        at_targets = 0.0 - pieces.complement_at(indices)
        if sample_weight is not None:
            at_targets *= sample_weight
        for rows, probabilities in pieces.probabilities_by_chunk():
            if sample_weight is not None:
                probabilities *= sample_weight
            sink.write(rows, probabilities)
        sink.put_at(sample_positions(indices), at_targets)

    return loss, derivative


def _smoothed(negative_log_likelihood, smooth, smoothing: float, classes: int) -> np.ndarray:
    """(1 - ε) A + (ε / K) B, rounded once: the two products and their sum are error-free.

    1 - ε and ε / K are not exact either; their errors are added back too.
    Where a part is not finite, or so large that Dekker's product overflows,
    the plain formula is kept.
    """
    keep, keep_error, share, share_error = _smoothing_weights(smoothing, classes)
    kept, kept_error = two_product(keep, negative_log_likelihood)
    shared, shared_error = two_product(share, smooth)
    total, total_error = two_sum(kept, shared)
    exact = total + (total_error + kept_error + shared_error + keep_error * negative_log_likelihood
                     + share_error * smooth)
    plain = kept + shared
    return np.where(np.isfinite(exact), exact, plain)


def _cross_entropy_probability_kernels(classes: int, weights, smoothing: float):
    def mass_of_target(target):
        return lambda rows: _target_mass(target[rows], None if weights is None else weights[rows], smoothing,
                                         classes)

    def loss(scores, target):
        pieces = LogSoftmax(scores)
        mass_of = mass_of_target(target)
        return _weighted_sum(lambda rows: -pieces.log_probabilities_of(rows), lambda rows: mass_of(rows)[0],
                             pieces.chunks)

    def derivative(scores, target, *, sink):
        _gradient_from_target_mass(LogSoftmax(scores), mass_of_target(target), sink)

    return loss, derivative


def _cross_entropy(input, target, weight, ignore_index, label_smoothing, reduction):
    multi = _MultiClass(input, reduction)
    smoothing = check_parameter(label_smoothing, "label_smoothing", minimum=0.0, maximum=1.0)
    ignore_index = _check_ignore_index(ignore_index)
    check_not_empty_for_mean(multi.samples, multi.reduction)
    if np.asarray(target).dtype.kind == "f":
        # Probability targets: PyTorch ignores `ignore_index`, and the mean divides by the number of samples.
        probabilities = multi.class_probabilities(target)
        kernels = _cross_entropy_probability_kernels(multi.classes, multi.class_weights(weight), smoothing)
        return multi, kernels, [probabilities], float(multi.samples)
    if np.asarray(target).dtype.kind not in "iu":
        raise TypeError("`target` must be integer class indices or floating probabilities, "
                        f"got dtype {np.asarray(target).dtype}")
    targets = _Targets(multi, target, weight, ignore_index)
    kernels = _cross_entropy_index_kernels(multi.classes, targets.weights, smoothing)
    return multi, kernels, targets.arrays, targets.divisor(multi.reduction)


def cross_entropy(input, target, *, weight=None, ignore_index=-100, label_smoothing=0.0, reduction="mean"):
    r"""Softmax cross-entropy of logits, with class-index or probability targets, as in PyTorch.

    $$
    \ell_n = -\sum_{k=1}^{K} Q_{n,k} \ln \operatorname{softmax}(z_n)_k,
    \qquad
    Q_{n,k} = w_k \Bigl[(1 - \varepsilon)\, q_{n,k} + \frac{\varepsilon}{K}\Bigr]
    $$

    where $q_n$ is the one-hot vector of the class index $y_n$ (or the
    given probability vector), $\varepsilon$ is ``label_smoothing`` and
    $w_k$ the class ``weight`` (1 by default).  For a class index,
    $\varepsilon = 0$ and no weights this is
    $-\ln p_{y_n} = \ln\sum_k e^{z_{n,k}} - z_{n,y_n}$.

    With class indices, PyTorch weights the one-hot part by the target's class
    weight $w_{y_n}$ and the smoothing part by every class's own weight, and
    ``"mean"`` divides by $\sum_n w_{y_n}$ over the samples that are not
    ignored (not by their number); with probability targets ``"mean"``
    divides by the number of samples whatever the weights.  This function
    does exactly the same (see the "class weights" page of the site for why
    that surprises).

    The log-softmax is never formed as ``log(softmax)``: with
    $m = \max_k z_k$,
    $-\ln p_k = (m - z_k) + \ln\bigl(1 + \sum_{j \ne \arg\max} e^{z_j - m}\bigr)$,
    two non-negative terms, so neither overflow (logits of $\pm 10^4$)
    nor cancellation (a tiny loss) occurs; the sum is exact whatever K.

    Parameters
    ----------
    input : array_like
        Logits of shape ``(N, K)``, ``(K,)`` for a single sample, or
        ``(N, K, d1, ..., dk)`` with the classes on axis 1 (for example one
        prediction per pixel).
    target : array_like
        Either integer class indices of shape ``(N,)`` (``()`` for a single
        sample, ``(N, d1, ..., dk)``), each in ``[0, K)`` or equal to
        ``ignore_index``, or floating probabilities in $[0, 1]$ of the
        shape of ``input`` (rows normally sum to 1; this is not enforced, as in
        PyTorch).
    weight : array_like, optional
        Class weights $w_k \ge 0$, shape ``(K,)``.
    ignore_index : int, default -100
        Class-index targets equal to it contribute nothing, not even to the
        divisor of ``"mean"``.  Not used with probability targets.
    label_smoothing : float, default 0.0
        $\varepsilon \in [0, 1]$: mixes the target with the uniform
        distribution, exactly as ``torch.nn.functional.cross_entropy`` does.
    reduction : {"mean", "sum", "none"}, default "mean"
        ``"none"`` returns one loss per sample (shape ``(N, d1, ..., dk)``).

    Returns
    -------
    numpy.floating or numpy.ndarray
        A scalar, or the per-sample losses for ``"none"``.

    Raises
    ------
    ValueError
        If a shape does not fit, a class index is out of range, a probability
        lies outside $[0, 1]$, a weight is negative, ``label_smoothing``
        is outside $[0, 1]$, ``reduction`` is unknown, or the ``"mean"``
        would divide by 0 (empty input, or every target ignored).
    TypeError
        If ``input`` is not real numeric, or ``target`` neither integer nor floating.

    See Also
    --------
    torch.nn.functional.cross_entropy : the same function, arguments and defaults.
    nll_loss : the same loss for inputs that are already log-probabilities.

    References
    ----------
    Goodfellow et al., *Deep Learning* (2016), section 6.2.2.3; Szegedy et al.,
    "Rethinking the Inception Architecture for Computer Vision", CVPR 2016
    (label smoothing).

    Examples
    --------
    The cat / dog / bird scores of CS231n's linear classifier notes, for an
    image of a cat; the softmax gives the cat only 13 %, so the loss is
    $-\ln 0.12998$:

    >>> import numpy as np
    >>> from losses import cross_entropy
    >>> scores = np.array([[3.2, 5.1, -1.7]])
    >>> print(round(float(cross_entropy(scores, np.array([0]))), 4))
    2.0404
    >>> print(round(float(cross_entropy(scores, np.array([[1.0, 0.0, 0.0]]))), 4))
    2.0404
    >>> print(round(float(cross_entropy(scores, np.array([0]), label_smoothing=0.1)), 4))
    2.1404
    >>> print(float(cross_entropy(np.array([[1e4, -1e4]]), np.array([1]))))
    20000.0

    Class weights change what ``"mean"`` divides by:

    >>> z, y = np.zeros((2, 3)), np.array([0, 2])
    >>> w = np.array([1.0, 1.0, 3.0])
    >>> print(round(float(cross_entropy(z, y, weight=w)), 4))  # (1 + 3) ln 3 / (1 + 3)
    1.0986
    """
    multi, (loss, _), others, divisor = _cross_entropy(input, target, weight, ignore_index, label_smoothing,
                                                       reduction)
    return multi.loss(loss, others, divisor)


def cross_entropy_grad(input, target, *, weight=None, ignore_index=-100, label_smoothing=0.0, reduction="mean"):
    r"""Gradient of `cross_entropy` with respect to the logits.

    $$
    \frac{\partial \ell_n}{\partial z_{n,k}} = p_{n,k} \sum_j Q_{n,j} - Q_{n,k}
        \;=\; p_{n,k} - q_{n,k} \quad\text{(no weights, } \textstyle\sum_j q_{n,j} = 1\text{)}
    $$

    The softmax Jacobian and the $1/p$ of the logarithm cancel, leaving
    "prediction minus target".  Each entry is computed without cancellation:
    $1 - p_k$ for the dominant class as $r/(1 + r)$, the exponentials
    corrected for the rounding of $z_k - m$ (TwoSum), the sums over the
    classes exact, so that every entry is within about an ulp whatever K.

    Parameters
    ----------
    input, target, weight, ignore_index, label_smoothing, reduction
        As for `cross_entropy`.

    Returns
    -------
    numpy.ndarray
        Same shape and dtype as ``input``.

    Raises
    ------
    ValueError
        As for `cross_entropy`.
    TypeError
        As for `cross_entropy`.

    References
    ----------
    Goodfellow et al., *Deep Learning* (2016), section 6.2.2.3.

    Examples
    --------
    >>> import numpy as np
    >>> from losses import cross_entropy_grad
    >>> print(cross_entropy_grad(np.array([[3.2, 5.1, -1.7]]), np.array([0])).round(5))  # p - onehot
    [[-0.87002  0.86905  0.00097]]
    """
    multi, (_, derivative), others, divisor = _cross_entropy(input, target, weight, ignore_index, label_smoothing,
                                                             reduction)
    return multi.gradient(derivative, others, divisor)


# ---------------------------------------------------------------------------
# Negative log-likelihood of log-probabilities

def _nll_kernels():
    def loss(log_probabilities, indices, sample_weight=None, active=None):
        picked = -take_at(log_probabilities, sample_positions(indices))
        return picked if sample_weight is None else np.where(sample_weight == 0, 0.0, sample_weight * picked)

    def derivative(log_probabilities, indices, sample_weight=None, active=None, *, sink):
        classes, samples = log_probabilities.shape
        for rows in class_chunks(classes, samples):
            sink.write(rows, np.zeros((rows.stop - rows.start, samples)))
        sink.put_at(sample_positions(indices), -1.0 if sample_weight is None else 0.0 - sample_weight)

    return loss, derivative


def _nll(input, target, weight, ignore_index, reduction):
    multi = _MultiClass(input, reduction)
    check_not_empty_for_mean(multi.samples, multi.reduction)
    targets = _Targets(multi, target, weight, _check_ignore_index(ignore_index))
    return multi, _nll_kernels(), targets.arrays, targets.divisor(multi.reduction)


def nll_loss(input, target, *, weight=None, ignore_index=-100, reduction="mean"):
    r"""Negative log-likelihood of log-probabilities: pick $-\ln p_{y_n}$, as PyTorch's ``nll_loss``.

    $$
    \ell_n = -w_{y_n}\, x_{n, y_n}, \qquad
    L = \frac{\sum_n \ell_n}{\sum_n w_{y_n}} \quad (\texttt{reduction="mean"})
    $$

    where $x = \ln p$ is the ``input`` (typically from `log_softmax`) and
    the sums run over the samples whose target is not ``ignore_index``.
    ``nll_loss(log_softmax(z, axis=1), y)`` equals ``cross_entropy(z, y)``;
    `cross_entropy` is the one to use on logits.

    Parameters
    ----------
    input : array_like
        Log-probabilities, shape ``(N, K)``, ``(K,)`` or ``(N, K, d1, ..., dk)``.
    target : array_like
        Integer class indices of the shape of ``input`` without its class axis,
        each in ``[0, K)`` or equal to ``ignore_index``.
    weight : array_like, optional
        Class weights $w_k \ge 0$, shape ``(K,)``.
    ignore_index : int, default -100
        Targets equal to it contribute nothing, not even to the divisor.
    reduction : {"mean", "sum", "none"}, default "mean"
        ``"mean"`` divides by the total weight of the counted targets.

    Returns
    -------
    numpy.floating or numpy.ndarray
        A scalar, or the per-sample losses for ``"none"``.

    Raises
    ------
    ValueError
        If a shape does not fit, a class index is out of range, a weight is
        negative, ``reduction`` is unknown, or ``"mean"`` would divide by 0.
    TypeError
        If ``input`` is not real numeric or ``target`` not integer.

    See Also
    --------
    torch.nn.functional.nll_loss : the same function, arguments and defaults.

    References
    ----------
    Bishop, *Pattern Recognition and Machine Learning* (2006), section 4.3.4.

    Examples
    --------
    >>> import numpy as np
    >>> from losses import nll_loss
    >>> log_p = np.log(np.array([[0.7, 0.2, 0.1], [0.1, 0.1, 0.8]]))
    >>> print(round(float(nll_loss(log_p, np.array([0, 2]))), 4))  # -(ln 0.7 + ln 0.8) / 2
    0.2899
    >>> print(round(float(nll_loss(log_p, np.array([0, -100]))), 4))  # the second is ignored
    0.3567
    """
    multi, (loss, _), others, divisor = _nll(input, target, weight, ignore_index, reduction)
    return multi.loss(loss, others, divisor)


def nll_loss_grad(input, target, *, weight=None, ignore_index=-100, reduction="mean"):
    r"""Gradient of `nll_loss` with respect to the log-probabilities.

    $$
    \frac{\partial \ell_n}{\partial x_{n,k}} = -w_{y_n}\,[\,k = y_n\,]
    $$

    (divided by $\sum_n w_{y_n}$ for ``"mean"``); 0 for ignored samples.

    Parameters
    ----------
    input, target, weight, ignore_index, reduction
        As for `nll_loss`.

    Returns
    -------
    numpy.ndarray
        Same shape and dtype as ``input``.

    Raises
    ------
    ValueError
        As for `nll_loss`.
    TypeError
        As for `nll_loss`.

    References
    ----------
    Bishop, *Pattern Recognition and Machine Learning* (2006), section 4.3.4.

    Examples
    --------
    >>> import numpy as np
    >>> from losses import nll_loss_grad
    >>> nll_loss_grad(np.zeros((2, 3)), np.array([0, 2]), reduction="sum")
    array([[-1.,  0.,  0.],
           [ 0.,  0., -1.]])
    """
    multi, (_, derivative), others, divisor = _nll(input, target, weight, ignore_index, reduction)
    return multi.gradient(derivative, others, divisor)


# ---------------------------------------------------------------------------
# Kullback–Leibler divergence

_KL_REDUCTIONS = ("mean", "batchmean", "sum", "none")


def _kl_kernels(log_target: bool):
    def loss(x, t):
        if log_target:  # q = e^t = 0 (t = -inf) counts 0, as q = 0 does without log_target
            return np.where(t == -np.inf, 0.0, np.exp(t) * (t - x))
        # t (ln t - x), with 0 where t = 0: the divergence sums over the target's support.
        with np.errstate(divide="ignore"):
            return np.where(t == 0, 0.0, t * (np.log(t) - x))

    def derivative(x, t):
        return -np.exp(t) if log_target else -t

    return loss, derivative


def _kl(input, target, reduction, log_target):
    if not isinstance(log_target, (bool, np.bool_)):
        raise TypeError(f"`log_target` must be True or False, got {log_target!r}")
    reduction = check_reduction(reduction, _KL_REDUCTIONS)
    if reduction == "batchmean" and np.ndim(input) == 0:
        raise ValueError("reduction='batchmean' divides by the size of the first axis; `input` is a scalar")

    def check_target(t, name):
        if not log_target and t.size and not t.min() >= 0:  # also catches NaN
            raise ValueError(f"`{name}` must hold probabilities >= 0 (or pass log_target=True), "
                             f"found {t[~(t >= 0)].flat[0].item()!r}")
        if log_target and np.isnan(t).any():
            raise ValueError(f"`{name}` must hold log-probabilities (-inf for 0), found nan")

    elementwise = _Elementwise(input, target, "sum" if reduction == "batchmean" else reduction,
                               target_check=check_target)
    if reduction == "batchmean":
        check_not_empty_for_mean(elementwise.shape[0], "batchmean", "`input` has no samples")
        elementwise.reduction = "batchmean"
    return elementwise, _kl_kernels(bool(log_target))


def _kl_loss(elementwise, kernel):
    if elementwise.reduction != "batchmean":
        return elementwise.loss(kernel)
    return reduce(kernel, elementwise.arrays, "mean", shape=elementwise.arrays[0].shape, dtype=elementwise.dtype,
                  divisor=elementwise.shape[0])


def kl_div(input, target, *, reduction="mean", log_target=False):
    r"""Kullback–Leibler divergence $\mathrm{KL}(q \,\|\, p)$ with ``input`` = $\ln p$, as PyTorch's ``kl_div``.

    $$
    \ell_n = q_n\,(\ln q_n - x_n), \qquad
    \sum_n \ell_n = \mathrm{KL}(q \,\|\, p) = \sum_n q_n \ln\frac{q_n}{p_n}
    $$

    The **argument order** is the trap: ``input`` is the model's
    *log*-probabilities $x = \ln p$ and ``target`` the reference
    distribution $q$, and the result is the divergence of the target from
    the model, $\mathrm{KL}(\text{target} \,\|\, \exp(\text{input}))$ —
    the reverse of the order in which the arguments are written, and of
    ``scipy.special.kl_div(q, p)``'s order of ``p`` and ``q`` in the name.
    Terms with $q_n = 0$ are 0, also given as $t_n = -\infty$ with
    ``log_target=True`` (where PyTorch gives NaN for $x_n = -\infty$, and
    with ``log_target=True`` for any $x_n$).

    ``reduction="mean"`` divides by the number of *elements*, $N K$ for
    a batch of N distributions over K classes, which is not a divergence of
    anything: use ``"batchmean"`` (divide by N, the batch size) for the mean
    KL per sample.  ``"mean"`` is the default only because it is PyTorch's.

    Parameters
    ----------
    input : array_like
        Log-probabilities $x = \ln p$, any shape (batch first for ``"batchmean"``).
    target : array_like
        Probabilities $q \ge 0$ of the same shape, or their logarithms with
        ``log_target=True`` (then $\ell = e^{t}(t - x)$).
    reduction : {"mean", "batchmean", "sum", "none"}, default "mean"
        ``"batchmean"`` divides the sum by the size of the first axis.
    log_target : bool, default False
        Whether ``target`` is given as log-probabilities.

    Returns
    -------
    numpy.floating or numpy.ndarray
        A scalar, or the per-element terms for ``"none"``.

    Raises
    ------
    ValueError
        If the shapes differ, a target probability is negative or NaN,
        ``reduction`` is unknown, or a mean would divide by 0.
    TypeError
        If an argument is not a real numeric array, or ``log_target`` not a bool.

    See Also
    --------
    torch.nn.functional.kl_div : the same function, arguments and defaults.
    scipy.special.rel_entr : the same terms, from ``(q, p)``.

    References
    ----------
    Kullback and Leibler, "On Information and Sufficiency", *Annals of
    Mathematical Statistics* 22(1), 1951; Cover and Thomas, *Elements of
    Information Theory* (2006), section 2.3.

    Examples
    --------
    >>> import numpy as np
    >>> from losses import kl_div
    >>> p = np.array([[0.7, 0.2, 0.1]])  # the model
    >>> q = np.array([[0.1, 0.3, 0.6]])  # the target
    >>> print(round(float(kl_div(np.log(p), q, reduction="batchmean")), 4))  # KL(q || p)
    1.0021
    >>> print(round(float(kl_div(np.log(q), p, reduction="batchmean")), 4))  # KL(p || q): not the same
    1.1019
    >>> print(round(float(kl_div(np.log(p), q)), 4))  # "mean": KL(q || p) divided by 3 elements
    0.334
    """
    elementwise, (loss, _) = _kl(input, target, reduction, log_target)
    return _kl_loss(elementwise, loss)


def kl_div_grad(input, target, *, reduction="mean", log_target=False):
    r"""Gradient of `kl_div` with respect to ``input`` (the log-probabilities).

    $$
    \frac{\partial \ell_n}{\partial x_n} = -q_n
    $$

    (divided by the number of elements for ``"mean"``, by N for
    ``"batchmean"``).  Chained with `log_softmax` it becomes $p - q$, the
    gradient of cross-entropy: the two differ by the entropy of $q$, which
    does not depend on the model.

    Parameters
    ----------
    input, target, reduction, log_target
        As for `kl_div`.

    Returns
    -------
    numpy.ndarray
        Same shape and dtype as ``input``.

    Raises
    ------
    ValueError
        As for `kl_div`.
    TypeError
        As for `kl_div`.

    References
    ----------
    Cover and Thomas, *Elements of Information Theory* (2006), section 2.3.

    Examples
    --------
    >>> import numpy as np
    >>> from losses import kl_div_grad
    >>> kl_div_grad(np.log([[0.5, 0.5]]), np.array([[0.25, 0.75]]), reduction="batchmean")
    array([[-0.25, -0.75]])
    """
    elementwise, (_, derivative) = _kl(input, target, reduction, log_target)
    divisor = elementwise.shape[0] if elementwise.reduction == "batchmean" else math.prod(elementwise.shape)
    return gradient(derivative, elementwise.arrays, elementwise.reduction, shape=elementwise.arrays[0].shape,
                    dtype=elementwise.dtype, divisor=divisor).reshape(elementwise.shape)


# ---------------------------------------------------------------------------
# Multi-class hinge

_HINGE_VARIANTS = ("weston_watkins", "crammer_singer")


def _hinge_kernels(margin: float, variant: str):
    def gaps_of(scores, indices):
        """``gaps(rows)``: s_j - s_y + Δ for the classes ``rows``, the target's own entry -inf (it never counts).

        As in PyTorch, the sign of a term within rounding of 0 (scores a few
        ulp apart, at the margin) decides which of the two valid subgradients
        is taken.
        """
        target_scores = take_at(scores, sample_positions(indices))

        def gaps(rows):
            result = (np.asarray(scores[rows], dtype=np.float64) - target_scores) + margin
            _put_at_targets(result, rows, indices, -np.inf, scores.shape[0])
            return result

        return gaps

    def loss(scores, indices):
        chunks = class_chunks(*scores.shape)
        gaps = gaps_of(scores, indices)
        if variant == "crammer_singer":
            return np.maximum(functools.reduce(np.maximum, (np.max(gaps(rows), axis=0) for rows in chunks)), 0.0)
        terms_of = _chunkwise_rows(chunks, lambda rows: np.maximum(gaps(rows), 0.0))
        return _accurate_sum_over(terms_of, chunks, accurate=scores.shape[0] > 4)

    def derivative(scores, indices, *, sink):
        classes, samples = scores.shape
        chunks = class_chunks(classes, samples)
        gaps = gaps_of(scores, indices)
        targets = sample_positions(indices)
        if variant == "crammer_singer":
            # The largest violator (the first of tied scores) moves up, the target down.
            # It is chosen by the scores themselves, which are exact, not by the rounded gaps.
            largest, best = np.zeros(samples, dtype=np.int64), np.full(samples, -np.inf)
            for rows in chunks:
                others = np.array(scores[rows], dtype=np.float64)
                _put_at_targets(others, rows, indices, -np.inf, classes)
                here = np.argmax(others, axis=0)
                value = take_at(others, sample_positions(here))
                # As argmax over every class: the first chunk, then a later one only with a larger
                # score (the first of ties wins) or the first NaN.
                better = (rows.start == 0) | (value > best) | (np.isnan(value) & ~np.isnan(best))
                largest[better], best[better] = here[better] + rows.start, value[better]
                sink.write(rows, np.zeros((rows.stop - rows.start, samples)))
            violators = sample_positions(largest)
            violated = np.sign(np.maximum(_gap_at(scores, largest, indices, margin), 0.0))  # NaN stays NaN
            sink.put_at(violators, violated)
            sink.put_at(targets, 0.0 - violated)
            return
        violations = np.zeros(samples)
        for rows in chunks:
            # 1 for a violated margin, 0 otherwise, NaN where the loss term is NaN (and so the target's entry).
            violating = np.sign(np.maximum(gaps(rows), 0.0))
            violations += np.sum(violating, axis=0)
            sink.write(rows, violating)
        sink.put_at(targets, 0.0 - violations)

    return loss, derivative


class _Silenced:
    """A gradient sink that writes 0 for the ``silent`` samples (one flag per column).

    A sample that counts nothing has gradient 0, even where its scores are inf
    or NaN, so that p · 0 would be NaN, or -(1 - p) · 0 would be -0.0.
    """

    def __init__(self, sink, silent: np.ndarray):
        self.sink, self.silent = sink, silent

    def write(self, rows: slice, values: np.ndarray) -> None:
        values[:, self.silent] = 0.0
        self.sink.write(rows, values)

    def put_at(self, positions: np.ndarray, values) -> None:
        self.sink.put_at(positions, np.where(self.silent, 0.0, values))


def _silenced(sink, silent: np.ndarray):
    return _Silenced(sink, silent) if silent.any() else sink


def _put_at_targets(block: np.ndarray, rows: slice, indices: np.ndarray, values, classes: int) -> None:
    """``values`` (one per sample, or one for all) at each sample's target, in the chunk ``rows`` of ``classes``."""
    if rows.start == 0 and rows.stop >= classes:  # every class: one scatter
        put_at(block, sample_positions(indices), values)
        return
    inside = (indices >= rows.start) & (indices < rows.stop)
    block[indices[inside] - rows.start, np.flatnonzero(inside)] = values if np.ndim(values) == 0 else values[inside]


def _gap_at(scores, classes, indices, margin):
    """s_j - s_y + Δ for the class ``classes[m]`` of each sample m (the -inf of j = y included)."""
    gap = (take_at(scores, sample_positions(classes)) - take_at(scores, sample_positions(indices))) + margin
    return np.where(classes == indices, -np.inf, gap)


def _chunkwise_rows(chunks, of):
    """``of(rows)``, made once when there is one chunk."""
    if len(chunks) == 1:
        made = of(chunks[0])
        return lambda rows: made
    return of


def _hinge(input, target, margin, variant, reduction):
    multi = _MultiClass(input, reduction)
    if len(multi.shape) > 2:
        raise ValueError(f"`input` must have shape (N, K) or (K,), got {multi.shape}")
    margin = check_parameter(margin, "margin", minimum=0.0)
    variant = check_choice(variant, "variant", _HINGE_VARIANTS)
    check_not_empty_for_mean(multi.samples, multi.reduction)
    indices = multi.class_indices(target)
    return multi, _hinge_kernels(margin, variant), [indices], float(multi.samples)


def multiclass_hinge(input, target, *, margin=1.0, variant="weston_watkins", reduction="mean"):
    r"""Multi-class SVM hinge loss: Weston–Watkins (a sum over classes) or Crammer–Singer (the largest term).

    $$
    \ell_n = \sum_{j \ne y_n} \max\bigl(0,\; s_{n,j} - s_{n,y_n} + \Delta\bigr)
    \quad\text{or}\quad
    \ell_n = \max\bigl(0,\; \max_{j \ne y_n} s_{n,j} - s_{n,y_n} + \Delta\bigr)
    $$

    The correct class must out-score every other class by at least the margin
    $\Delta$.  Weston–Watkins (the default, CS231n's SVM loss) adds how far
    each class falls short; Crammer–Singer (``variant="crammer_singer"``)
    counts only the worst one.

    PyTorch's ``multi_margin_loss`` (with its defaults ``p=1``, no weight) is
    the Weston–Watkins sum divided by the number of classes K:
    ``multiclass_hinge(s, y) == K * F.multi_margin_loss(s, y)``, so its
    initial loss is about $(K - 1)/K$, not $K - 1$.  optax's
    ``multiclass_hinge_loss`` is Crammer–Singer.  Keras's ``CategoricalHinge``
    is neither: it takes $\max(0, 1 + \max_j (1 - q_j) s_j - s_y)$ over
    *all* classes, the target's own zeroed score included.

    Parameters
    ----------
    input : array_like
        Class scores of shape ``(N, K)``, or ``(K,)`` for a single sample.
    target : array_like
        Integer class indices of shape ``(N,)`` (or ``()``), each in ``[0, K)``.
    margin : float, default 1.0
        $\Delta \ge 0$.
    variant : {"weston_watkins", "crammer_singer"}, default "weston_watkins"
        Sum of the violations, or the largest one.
    reduction : {"mean", "sum", "none"}, default "mean"
        ``"mean"`` averages over the N samples.

    Returns
    -------
    numpy.floating or numpy.ndarray
        A scalar, or the N per-sample losses for ``"none"``.

    Raises
    ------
    ValueError
        If ``input`` is not 1-D or 2-D, a class index is out of range or of the
        wrong shape, ``margin`` is negative or not finite, ``variant`` or
        ``reduction`` is unknown, or ``input`` is empty with ``"mean"``.
    TypeError
        If ``input`` is not real numeric or ``target`` not integer.

    See Also
    --------
    torch.nn.functional.multi_margin_loss : the Weston–Watkins loss divided by K.
    binary_hinge : the two-class hinge with labels ±1.

    References
    ----------
    Weston and Watkins, "Support Vector Machines for Multi-Class Pattern
    Recognition", ESANN 1999; Crammer and Singer, "On the Algorithmic
    Implementation of Multiclass Kernel-based Vector Machines", JMLR 2, 2001;
    CS231n course notes, "Linear classification".

    Examples
    --------
    CS231n's cat image scored 3.2 (cat), 5.1 (dog), -1.7 (bird): the dog
    term is $\max(0, 5.1 - 3.2 + 1) = 2.9$, the bird term
    $\max(0, -1.7 - 3.2 + 1) = 0$:

    >>> import numpy as np
    >>> from losses import multiclass_hinge
    >>> scores, cat = np.array([[3.2, 5.1, -1.7]]), np.array([0])
    >>> print(round(float(multiclass_hinge(scores, cat)), 4))
    2.9
    >>> print(round(float(multiclass_hinge([[3.2, 5.1, 4.0]], cat)), 4))  # 2.9 + 1.8
    4.7
    >>> print(round(float(multiclass_hinge([[3.2, 5.1, 4.0]], cat, variant="crammer_singer")), 4))
    2.9
    """
    multi, (loss, _), others, divisor = _hinge(input, target, margin, variant, reduction)
    return multi.loss(loss, others, divisor)


def multiclass_hinge_grad(input, target, *, margin=1.0, variant="weston_watkins", reduction="mean"):
    r"""Gradient of `multiclass_hinge` with respect to the scores.

    Weston–Watkins, with $v_{n,j} = \mathbb{1}[s_{n,j} - s_{n,y_n} + \Delta > 0]$:

    $$
    \frac{\partial \ell_n}{\partial s_{n,j}} = v_{n,j} \quad (j \ne y_n),
    \qquad
    \frac{\partial \ell_n}{\partial s_{n,y_n}} = -\sum_{j \ne y_n} v_{n,j}
    $$

    Each violating class pushes its own score down and the correct score up
    by one.  Crammer–Singer: $+1$ at the largest violator (the first of
    tied ones) and $-1$ at the target, if the margin is violated.  At a term
    of exactly 0 the subgradient 0 is taken, as in PyTorch.

    Parameters
    ----------
    input, target, margin, variant, reduction
        As for `multiclass_hinge`.

    Returns
    -------
    numpy.ndarray
        Same shape and dtype as ``input``.

    Raises
    ------
    ValueError
        As for `multiclass_hinge`.
    TypeError
        As for `multiclass_hinge`.

    References
    ----------
    CS231n course notes, "Optimization: stochastic gradient descent".

    Examples
    --------
    >>> import numpy as np
    >>> from losses import multiclass_hinge_grad
    >>> multiclass_hinge_grad(np.array([[3.2, 5.1, -1.7]]), np.array([0]))
    array([[-1.,  1.,  0.]])
    """
    multi, (_, derivative), others, divisor = _hinge(input, target, margin, variant, reduction)
    return multi.gradient(derivative, others, divisor)
