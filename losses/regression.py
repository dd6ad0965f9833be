"""Regression losses: squared error, absolute error, Smooth L1 and Huber.

Every loss takes ``(input, target, *, ..., reduction="mean")`` with ``input``
and ``target`` of exactly the same shape, computes one loss per element and
reduces it; ``reduction="mean"`` divides by the number of elements, as in
PyTorch.  Each ``*_grad`` returns the derivative of the reduced loss with
respect to ``input`` (for ``reduction="none"``, of the sum of the
per-element losses), with the shape of ``input``.
"""

from __future__ import annotations

import numpy as np

from ._reduction import gradient, reduce
from ._validation import check_parameter, prepare_pair

__all__ = ["mse", "mse_grad", "l1", "l1_grad", "smooth_l1", "smooth_l1_grad", "huber", "huber_grad"]


def _loss(kernel, input, target, reduction):
    input, target = prepare_pair(input, target, reduction)
    flat = (input.reshape(-1), target.reshape(-1))
    result = reduce(kernel, flat, reduction, shape=flat[0].shape, dtype=input.dtype)
    return result.reshape(input.shape) if reduction == "none" else result


def _gradient(kernel, input, target, reduction, factor=1.0):
    input, target = prepare_pair(input, target, reduction)
    flat = (input.reshape(-1), target.reshape(-1))
    return gradient(kernel, flat, reduction, shape=flat[0].shape, dtype=input.dtype, divisor=flat[0].size,
                    factor=factor).reshape(input.shape)


def _residual(prediction, target):
    return prediction - target


def _squared_residual(prediction, target):
    residual = prediction - target
    return residual * residual


def _absolute_residual(prediction, target):
    return np.abs(prediction - target)


def _sign_of_residual(prediction, target):
    return np.sign(prediction - target)


def mse(input, target, *, reduction="mean"):
    r"""Mean squared error (squared L2 loss).

    $$
    \ell_n = (\hat y_n - y_n)^2, \qquad
    L = \frac{1}{N}\sum_{n=1}^{N} \ell_n \quad (\texttt{reduction="mean"})
    $$

    Minimising it is least squares: the fit that minimises the sum of squared
    vertical distances to the data.  Its derivative grows with the residual
    (see `mse_grad`), which makes it sensitive to outliers.

    Parameters
    ----------
    input : array_like
        Predictions $\hat y$, any shape.
    target : array_like
        Targets $y$, the same shape as ``input``.
    reduction : {"mean", "sum", "none"}, default "mean"
        ``"mean"`` averages over all elements, ``"sum"`` adds them, ``"none"``
        returns the per-element losses.

    Returns
    -------
    numpy.floating or numpy.ndarray
        A scalar, or an array of ``input``'s shape for ``"none"``; the floating
        dtype of ``input`` (integers become float64).

    Raises
    ------
    ValueError
        If the shapes differ, ``reduction`` is unknown, or ``input`` is empty
        with ``reduction="mean"``.
    TypeError
        If an argument is not a real numeric array.

    See Also
    --------
    torch.nn.functional.mse_loss : the same function and defaults.

    References
    ----------
    Legendre, *Nouvelles méthodes pour la détermination des orbites des
    comètes* (1805); Goodfellow et al., *Deep Learning* (2016), section 5.5.1.

    Examples
    --------
    >>> from losses import mse
    >>> print(mse([1.0, 2.0, 4.0], [1.0, 1.0, 1.0]))  # (0 + 1 + 9) / 3
    3.3333333333333335
    >>> mse([1.0, 2.0, 4.0], [1.0, 1.0, 1.0], reduction="none")
    array([0., 1., 9.])
    """
    return _loss(_squared_residual, input, target, reduction)


def mse_grad(input, target, *, reduction="mean"):
    r"""Gradient of `mse` with respect to ``input``.

    $$
    \frac{\partial L}{\partial \hat y_n} = \frac{2}{N}(\hat y_n - y_n)
    \quad (\texttt{"mean"}), \qquad 2(\hat y_n - y_n) \quad (\texttt{"sum"}, \texttt{"none"})
    $$

    Parameters
    ----------
    input, target
        As for `mse`.
    reduction : {"mean", "sum", "none"}, default "mean"
        As for `mse`.

    Returns
    -------
    numpy.ndarray
        Same shape and dtype as ``input``.

    Raises
    ------
    ValueError
        As for `mse`.
    TypeError
        As for `mse`.

    References
    ----------
    Goodfellow et al., *Deep Learning* (2016), section 6.5.

    Examples
    --------
    >>> from losses import mse_grad
    >>> mse_grad([1.0, 2.0, 4.0], [1.0, 1.0, 1.0])  # 2/3 * (0, 1, 3)
    array([0.        , 0.66666667, 2.        ])
    """
    # 2 (ŷ - y) / n is computed as (ŷ - y) / n * 2, which is finite wherever the result is.
    return _gradient(_residual, input, target, reduction, factor=2.0)


def l1(input, target, *, reduction="mean"):
    r"""Mean absolute error (L1 loss).

    $$
    \ell_n = |\hat y_n - y_n|
    $$

    Parameters
    ----------
    input : array_like
        Predictions $\hat y$, any shape.
    target : array_like
        Targets $y$, the same shape as ``input``.
    reduction : {"mean", "sum", "none"}, default "mean"
        How the per-element losses are combined.

    Returns
    -------
    numpy.floating or numpy.ndarray
        A scalar, or per-element losses for ``"none"``.

    Raises
    ------
    ValueError
        If the shapes differ, ``reduction`` is unknown, or ``input`` is empty
        with ``reduction="mean"``.
    TypeError
        If an argument is not a real numeric array.

    See Also
    --------
    torch.nn.functional.l1_loss : the same function and defaults.

    References
    ----------
    Hastie, Tibshirani and Friedman, *The Elements of Statistical Learning*
    (2009), section 10.6.

    Examples
    --------
    >>> from losses import l1
    >>> print(l1([1.0, 2.0, 4.0], [1.0, 1.0, 1.0]))  # (0 + 1 + 3) / 3
    1.3333333333333333
    """
    return _loss(_absolute_residual, input, target, reduction)


def l1_grad(input, target, *, reduction="mean"):
    r"""Gradient of `l1` with respect to ``input``.

    $$
    \frac{\partial \ell_n}{\partial \hat y_n} = \operatorname{sign}(\hat y_n - y_n)
    $$

    with $\operatorname{sign}(0) = 0$, as in PyTorch.  Its size never
    depends on how large the error is, and it jumps at 0.

    Parameters
    ----------
    input, target
        As for `l1`.
    reduction : {"mean", "sum", "none"}, default "mean"
        As for `l1`.

    Returns
    -------
    numpy.ndarray
        Same shape and dtype as ``input``.

    Raises
    ------
    ValueError
        As for `l1`.
    TypeError
        As for `l1`.

    References
    ----------
    Hastie, Tibshirani and Friedman, *The Elements of Statistical Learning*
    (2009), section 10.6.

    Examples
    --------
    >>> from losses import l1_grad
    >>> l1_grad([1.0, 2.0, -4.0], [1.0, 1.0, 1.0], reduction="sum")
    array([ 0.,  1., -1.])
    """
    return _gradient(_sign_of_residual, input, target, reduction)


def _outside_where_residual_overflows(value, absolute, prediction, target, outside_of_half):
    """Recompute the linear branch from |ŷ/2 - y/2| where |ŷ - y| overflowed although both are finite.

    Such a residual exceeds the float range, but |r| - β/2 (and Huber's
    δ(|r| - δ/2) with δ < 1) may not: 2(|r|/2 - β/4) is the same number,
    computed from halves that cannot overflow.  One reduction per block checks
    whether there is anything to do.
    """
    if np.max(absolute, initial=0.0) != np.inf:
        return value
    overflowed = np.isinf(absolute) & np.isfinite(prediction) & np.isfinite(target)
    half = np.abs(0.5 * prediction[overflowed] - 0.5 * target[overflowed])
    value[overflowed] = outside_of_half(half)
    return value


def _smooth_l1_kernels(beta: float):
    r"""Smooth L1's loss and derivative per element, each branch as written, without a branch.

    With $q = \min(|r|, \beta)$ the loss is $(q / \beta)\,(|r| - q/2)$: inside
    the quadratic zone $(|r|/\beta)(|r|/2) = r^2/(2\beta)$, outside
    $1 \cdot (|r| - \beta/2)$ exactly.  The ratio $q/\beta$ never exceeds 1, so
    neither a huge $\beta$ ($r^2$ overflowing) nor a tiny one ($r^2$
    underflowing, or a subnormal $\beta$) spoils it.  Computing Huber's loss
    and dividing it by $\beta$ gives NaN for ``beta=1e-300`` in float32,
    1.234684 for $r = 1.2345$ with ``beta=1e-320`` and inf for ``[1e306]`` with
    ``beta=1000``.  The derivative is $r$ clipped to $[-\beta, \beta]$, over
    $\beta$.  With $\beta = 0$ the loss is exactly L1, as in PyTorch.
    """
    if beta == 0:
        return _absolute_residual, _sign_of_residual

    def loss(prediction, target):
        absolute = np.abs(prediction - target)
        inside = np.minimum(absolute, beta)
        value = (inside / beta) * (absolute - 0.5 * inside)
        return _outside_where_residual_overflows(value, absolute, prediction, target,
                                                 lambda half: 2.0 * (half - 0.25 * beta))

    def derivative(prediction, target):
        residual = prediction - target
        return np.clip(residual, -beta, beta, out=residual) / beta

    return loss, derivative


def _huber_kernels(delta: float):
    r"""Huber's loss and derivative per element.

    With $q = \min(|r|, \delta)$ the loss is $q\,(|r| - q/2)$: $\tfrac12 r^2$
    inside (as $|r| \cdot |r|/2$, which is finite wherever the result is,
    where $r^2$ alone overflows from $|r| = 1.4 \times 10^{154}$), and
    $\delta(|r| - \delta/2)$ outside.  The derivative is $r$ clipped to
    $[-\delta, \delta]$.
    """
    def loss(prediction, target):
        absolute = np.abs(prediction - target)
        inside = np.minimum(absolute, delta)
        value = inside * (absolute - 0.5 * inside)
        return _outside_where_residual_overflows(value, absolute, prediction, target,
                                                 lambda half: 2.0 * delta * (half - 0.25 * delta))

    def derivative(prediction, target):
        residual = prediction - target
        return np.clip(residual, -delta, delta, out=residual)

    return loss, derivative


def smooth_l1(input, target, *, beta=1.0, reduction="mean"):
    r"""Smooth L1 loss: quadratic near 0, linear beyond ``beta`` (PyTorch's form).

    $$
    \ell_n = \begin{cases}
        \dfrac{r_n^2}{2\beta} & |r_n| < \beta \\[1ex]
        |r_n| - \dfrac{\beta}{2} & \text{otherwise}
    \end{cases}
    \qquad r_n = \hat y_n - y_n
    $$

    With $\beta = 1$ it is the loss of Fast R-CNN's box regression.  The
    slope is at most 1 in absolute value, so an outlier cannot make the
    gradient explode, and unlike L1 it is differentiable at 0.  As
    $\beta \to 0$ it becomes `l1`; ``beta=0`` is exactly L1.

    Relation to Huber: $\operatorname{huber}_\delta = \delta \cdot
    \operatorname{smooth\_l1}_{\beta=\delta}$.  Smooth L1 keeps slope 1 in the
    linear zone whatever $\beta$; Huber keeps the quadratic zone
    $\tfrac12 r^2$ fixed and has slope $\delta$.

    Parameters
    ----------
    input : array_like
        Predictions $\hat y$, any shape.
    target : array_like
        Targets $y$, the same shape as ``input``.
    beta : float, default 1.0
        Where the quadratic zone ends; finite and $\ge 0$.
    reduction : {"mean", "sum", "none"}, default "mean"
        How the per-element losses are combined.

    Returns
    -------
    numpy.floating or numpy.ndarray
        A scalar, or per-element losses for ``"none"``.

    Raises
    ------
    ValueError
        If the shapes differ, ``beta`` is negative or not finite,
        ``reduction`` is unknown, or ``input`` is empty with ``"mean"``.
    TypeError
        If an argument is not a real numeric array, or ``beta`` not a number.

    See Also
    --------
    torch.nn.functional.smooth_l1_loss : the same function, argument and defaults.
    huber : the same shape, scaled by ``delta``.

    References
    ----------
    Girshick, "Fast R-CNN", ICCV 2015, equation (3).

    Examples
    --------
    >>> from losses import smooth_l1
    >>> smooth_l1([0.5, 3.0], [0.0, 0.0], reduction="none")  # 0.5**2 / 2, 3 - 0.5
    array([0.125, 2.5  ])
    >>> smooth_l1([0.5, 3.0], [0.0, 0.0], beta=2.0, reduction="none")  # 0.25/4, 3 - 1
    array([0.0625, 2.    ])
    """
    loss, _ = _smooth_l1_kernels(check_parameter(beta, "beta", minimum=0.0))
    return _loss(loss, input, target, reduction)


def smooth_l1_grad(input, target, *, beta=1.0, reduction="mean"):
    r"""Gradient of `smooth_l1` with respect to ``input``.

    $$
    \frac{\partial \ell_n}{\partial \hat y_n} = \begin{cases}
        r_n / \beta & |r_n| < \beta \\
        \operatorname{sign}(r_n) & \text{otherwise}
    \end{cases}
    $$

    Bounded by 1 in absolute value.

    Parameters
    ----------
    input, target
        As for `smooth_l1`.
    beta : float, default 1.0
        As for `smooth_l1`.
    reduction : {"mean", "sum", "none"}, default "mean"
        As for `smooth_l1`.

    Returns
    -------
    numpy.ndarray
        Same shape and dtype as ``input``.

    Raises
    ------
    ValueError
        As for `smooth_l1`.
    TypeError
        As for `smooth_l1`.

    References
    ----------
    Girshick, "Fast R-CNN", ICCV 2015.

    Examples
    --------
    >>> from losses import smooth_l1_grad
    >>> smooth_l1_grad([0.5, 3.0, -3.0], [0.0, 0.0, 0.0], reduction="none")
    array([ 0.5,  1. , -1. ])
    """
    _, derivative = _smooth_l1_kernels(check_parameter(beta, "beta", minimum=0.0))
    return _gradient(derivative, input, target, reduction)


def huber(input, target, *, delta=1.0, reduction="mean"):
    r"""Huber loss: $\tfrac12 r^2$ near 0, linear with slope ``delta`` beyond.

    $$
    \ell_n = \begin{cases}
        \tfrac12 r_n^2 & |r_n| < \delta \\[0.5ex]
        \delta\,\bigl(|r_n| - \tfrac12\delta\bigr) & \text{otherwise}
    \end{cases}
    \;=\; \delta \cdot \operatorname{smooth\_l1}_{\beta=\delta}(r_n)
    $$

    Parameters
    ----------
    input : array_like
        Predictions $\hat y$, any shape.
    target : array_like
        Targets $y$, the same shape as ``input``.
    delta : float, default 1.0
        Where the quadratic zone ends and the slope of the linear zone;
        finite and $> 0$.
    reduction : {"mean", "sum", "none"}, default "mean"
        How the per-element losses are combined.

    Returns
    -------
    numpy.floating or numpy.ndarray
        A scalar, or per-element losses for ``"none"``.

    Raises
    ------
    ValueError
        If the shapes differ, ``delta`` is not positive and finite,
        ``reduction`` is unknown, or ``input`` is empty with ``"mean"``.
    TypeError
        If an argument is not a real numeric array, or ``delta`` not a number.

    See Also
    --------
    torch.nn.functional.huber_loss : the same function, argument and defaults.
    smooth_l1 : the same shape divided by ``delta``.

    References
    ----------
    Huber, "Robust Estimation of a Location Parameter", *Annals of
    Mathematical Statistics* 35(1), 1964.

    Examples
    --------
    >>> from losses import huber, smooth_l1
    >>> huber([0.5, 3.0], [0.0, 0.0], delta=2.0, reduction="none")  # 0.25/2, 2 * (3 - 1)
    array([0.125, 4.   ])
    >>> 2.0 * smooth_l1([0.5, 3.0], [0.0, 0.0], beta=2.0, reduction="none")
    array([0.125, 4.   ])
    """
    loss, _ = _huber_kernels(check_parameter(delta, "delta", minimum=0.0, strict=True))
    return _loss(loss, input, target, reduction)


def huber_grad(input, target, *, delta=1.0, reduction="mean"):
    r"""Gradient of `huber` with respect to ``input``.

    $$
    \frac{\partial \ell_n}{\partial \hat y_n} = \begin{cases}
        r_n & |r_n| < \delta \\
        \delta \operatorname{sign}(r_n) & \text{otherwise}
    \end{cases}
    $$

    Bounded by ``delta`` in absolute value.

    Parameters
    ----------
    input, target
        As for `huber`.
    delta : float, default 1.0
        As for `huber`.
    reduction : {"mean", "sum", "none"}, default "mean"
        As for `huber`.

    Returns
    -------
    numpy.ndarray
        Same shape and dtype as ``input``.

    Raises
    ------
    ValueError
        As for `huber`.
    TypeError
        As for `huber`.

    References
    ----------
    Huber, "Robust Estimation of a Location Parameter", 1964.

    Examples
    --------
    >>> from losses import huber_grad
    >>> huber_grad([0.5, 3.0], [0.0, 0.0], delta=2.0, reduction="none")
    array([0.5, 2. ])
    """
    _, derivative = _huber_kernels(check_parameter(delta, "delta", minimum=0.0, strict=True))
    return _gradient(derivative, input, target, reduction)
