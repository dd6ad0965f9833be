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

from ._validation import check_parameter, gradient_rows, prepare_pair, reduce_rows

__all__ = ["mse", "mse_grad", "l1", "l1_grad", "smooth_l1", "smooth_l1_grad", "huber", "huber_grad"]


def _flat_pair(input, target, reduction):
    """Checked inputs as 1-D arrays (views where possible), and the shape to give results back."""
    input_array, target_array = prepare_pair(input, target, reduction)
    return (input_array.reshape(-1), target_array.reshape(-1)), input_array.shape


def _elementwise_loss(kernel, input, target, reduction):
    pair, shape = _flat_pair(input, target, reduction)
    result = reduce_rows(kernel, pair, reduction, pair[0].dtype)
    return result.reshape(shape) if reduction == "none" else result


def _elementwise_gradient(kernel, input, target, reduction):
    pair, shape = _flat_pair(input, target, reduction)
    return gradient_rows(kernel, pair, reduction, pair[0].dtype).reshape(shape)


def _squared_error(x, y):
    residual = x - y
    return np.multiply(residual, residual, out=residual)


def _squared_error_derivative(x, y):
    residual = x - y
    return np.multiply(residual, 2, out=residual)


def mse(input, target, *, reduction="mean"):
    r"""Mean squared error (squared L2 loss).

    $$
    \ell_i = (x_i - y_i)^2, \qquad
    L = \frac{1}{n}\sum_{i=1}^{n} (x_i - y_i)^2 \quad (\text{reduction}=\texttt{"mean"})
    $$

    Minimising it is least squares: the fit that minimises the sum of squared
    vertical distances to the data.  Its derivative grows with the residual
    (see `mse_grad`), which makes it sensitive to outliers.

    Parameters
    ----------
    input : array_like
        Predictions $x$, any shape.
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
    return _elementwise_loss(_squared_error, input, target, reduction)


def mse_grad(input, target, *, reduction="mean"):
    r"""Gradient of `mse` with respect to ``input``.

    $$
    \frac{\partial L}{\partial x_i} = \frac{2}{n}(x_i - y_i)
    \quad (\texttt{"mean"}), \qquad 2(x_i - y_i) \quad (\texttt{"sum"}, \texttt{"none"})
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
    return _elementwise_gradient(_squared_error_derivative, input, target, reduction)


def l1(input, target, *, reduction="mean"):
    r"""Mean absolute error (L1 loss).

    $$
    \ell_i = |x_i - y_i|
    $$

    Parameters
    ----------
    input : array_like
        Predictions $x$, any shape.
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
    return _elementwise_loss(lambda x, y: np.abs(x - y), input, target, reduction)


def l1_grad(input, target, *, reduction="mean"):
    r"""Gradient of `l1` with respect to ``input``.

    $$
    \frac{\partial \ell_i}{\partial x_i} = \operatorname{sign}(x_i - y_i)
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
    return _elementwise_gradient(lambda x, y: np.sign(x - y), input, target, reduction)


def _check_beta(beta) -> float:
    return check_parameter(beta, "beta", minimum=0.0, strict=False)


def _check_delta(delta) -> float:
    return check_parameter(delta, "delta", minimum=0.0, strict=True)


def _huber_kernel(delta: float):
    r"""Huber's loss per element, without a branch.

    With $a = \min(|r|, \delta)$ the loss is $a\,(|r| - a/2)$: for $|r| < \delta$
    that is $|r| \cdot |r|/2 = r^2/2$, otherwise $\delta\,(|r| - \delta/2)$.  One
    formula, so nothing is computed twice and discarded, and $r^2$ is never
    formed for a huge residual, so it cannot overflow.
    """
    def kernel(x, y):
        absolute = np.abs(x - y)
        inside = np.minimum(absolute, absolute.dtype.type(delta))
        return inside * (absolute - 0.5 * inside)
    return kernel


def _clip_kernel(bound: float):
    r"""Huber's derivative: $r$ inside $[-\delta, \delta]$, $\pm\delta$ outside, i.e. a clip."""
    def kernel(x, y):
        residual = x - y
        return np.clip(residual, -bound, bound, out=residual)
    return kernel


def _divided_by(kernel, divisor: float):
    def divided(x, y):
        result = kernel(x, y)
        return np.divide(result, result.dtype.type(divisor), out=result)
    return divided


def _smooth_l1_kernels(beta: float):
    """Smooth L1 with threshold beta is Huber with delta = beta, divided by beta."""
    if beta == 0:
        # The quadratic zone is empty: exactly L1 (PyTorch does the same).
        return (lambda x, y: np.abs(x - y)), (lambda x, y: np.sign(x - y))
    return _divided_by(_huber_kernel(beta), beta), _divided_by(_clip_kernel(beta), beta)


def smooth_l1(input, target, *, beta=1.0, reduction="mean"):
    r"""Smooth L1 loss: quadratic near 0, linear beyond ``beta`` (PyTorch's form).

    $$
    \ell_i = \begin{cases}
        \dfrac{(x_i - y_i)^2}{2\beta} & |x_i - y_i| < \beta \\[1ex]
        |x_i - y_i| - \dfrac{\beta}{2} & \text{otherwise}
    \end{cases}
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
        Predictions $x$, any shape.
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
    loss_kernel, _ = _smooth_l1_kernels(_check_beta(beta))
    return _elementwise_loss(loss_kernel, input, target, reduction)


def smooth_l1_grad(input, target, *, beta=1.0, reduction="mean"):
    r"""Gradient of `smooth_l1` with respect to ``input``.

    $$
    \frac{\partial \ell_i}{\partial x_i} = \begin{cases}
        (x_i - y_i) / \beta & |x_i - y_i| < \beta \\
        \operatorname{sign}(x_i - y_i) & \text{otherwise}
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
    _, gradient_kernel = _smooth_l1_kernels(_check_beta(beta))
    return _elementwise_gradient(gradient_kernel, input, target, reduction)


def huber(input, target, *, delta=1.0, reduction="mean"):
    r"""Huber loss: $\tfrac12 r^2$ near 0, linear with slope ``delta`` beyond.

    $$
    \ell_i = \begin{cases}
        \tfrac12 (x_i - y_i)^2 & |x_i - y_i| < \delta \\[0.5ex]
        \delta\,\bigl(|x_i - y_i| - \tfrac12\delta\bigr) & \text{otherwise}
    \end{cases}
    \;=\; \delta \cdot \operatorname{smooth\_l1}_{\beta=\delta}(x_i, y_i)
    $$

    Parameters
    ----------
    input : array_like
        Predictions $x$, any shape.
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
    return _elementwise_loss(_huber_kernel(_check_delta(delta)), input, target, reduction)


def huber_grad(input, target, *, delta=1.0, reduction="mean"):
    r"""Gradient of `huber` with respect to ``input``.

    $$
    \frac{\partial \ell_i}{\partial x_i} = \begin{cases}
        x_i - y_i & |x_i - y_i| < \delta \\
        \delta \operatorname{sign}(x_i - y_i) & \text{otherwise}
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
    return _elementwise_gradient(_clip_kernel(_check_delta(delta)), input, target, reduction)
