"""Classification losses: binary and softmax cross-entropy, multi-class hinge.

Conventions follow PyTorch's functional API: ``(input, target, *, ...,
reduction="mean")``.  The multi-class losses take scores (logits) of shape
``(N, C)`` (or ``(C,)`` for one sample) with the classes on the last axis, and
``reduction="mean"`` divides by the number of samples ``N``.  Each ``*_grad``
returns the derivative of the reduced loss with respect to ``input`` (for
``reduction="none"``, of the sum of the per-sample losses).
"""

from __future__ import annotations

import numpy as np

from ._validation import (
    as_float_array,
    check_in_unit_interval,
    check_not_empty_for_mean,
    check_parameter,
    check_reduction,
    gradient_rows,
    prepare_pair,
    reduce_rows,
)
from .activations import _LogSoftmaxPieces

__all__ = [
    "binary_cross_entropy",
    "binary_cross_entropy_grad",
    "binary_cross_entropy_with_logits",
    "binary_cross_entropy_with_logits_grad",
    "cross_entropy",
    "cross_entropy_grad",
    "multiclass_hinge",
    "multiclass_hinge_grad",
]

# PyTorch clamps each log term of binary_cross_entropy at -100 so that p = 0
# with y = 1 gives a loss of 100 instead of inf, and 0 * log(0) never makes NaN.
_LOG_CLAMP = -100.0
# PyTorch's floor on p (1 - p) in the BCE backward pass.  PyTorch declares it
# as a C float, so the floor is float32(1e-12) = 9.99999996e-13, not 1e-12.
_BCE_GRAD_EPSILON = float(np.float32(1e-12))


def _binary(kernel, input, target, reduction, *, gradient, input_is_probability):
    """Run an elementwise binary-classification kernel on flattened, checked inputs."""
    input_array, target_array = prepare_pair(input, target, reduction)
    if input_is_probability:
        check_in_unit_interval(input_array, "input")
    check_in_unit_interval(target_array, "target")
    pair = (input_array.reshape(-1), target_array.reshape(-1))
    if gradient:
        return gradient_rows(kernel, pair, reduction, input_array.dtype).reshape(input_array.shape)
    result = reduce_rows(kernel, pair, reduction, input_array.dtype)
    return result.reshape(input_array.shape) if reduction == "none" else result


def _probability_loss(p, y):
    # The error state is per thread, and blocks may run on worker threads.
    with np.errstate(divide="ignore"):
        log_p = np.maximum(np.log(p), _LOG_CLAMP)
        log_one_minus_p = np.maximum(np.log1p(-p), _LOG_CLAMP)
    return -(y * log_p + (1 - y) * log_one_minus_p)


def _probability_gradient(p, y):
    return (p - y) / np.maximum(p * (1 - p), p.dtype.type(_BCE_GRAD_EPSILON))


def _logits_loss(z, y):
    # Branch-free form of the two cases in the docstring: (1 - y) z for
    # z >= 0 and -y z for z < 0 are both ([z >= 0] - y) z.
    return (np.greater_equal(z, 0) - y) * z + np.log1p(np.exp(-np.abs(z)))


def _sigmoid_minus_target(z, y):
    # sigma(z) and sigma(-z) from one exponential of -|z|: the larger of the two is
    # 1 / (1 + e), the smaller e / (1 + e); then sigma(z) - y = (1 - y) sigma(z) - y sigma(-z).
    e = np.exp(-np.abs(z))
    larger = 1 / (1 + e)
    smaller = e * larger
    positive = z >= 0
    return (1 - y) * np.where(positive, larger, smaller) - y * np.where(positive, smaller, larger)


# The next wider float type, where the platform has one (long double is 80-bit
# on x86-64, the same as float64 on some other platforms).
_WIDER = {np.dtype(np.float32): np.float64}
if np.finfo(np.longdouble).nmant > np.finfo(np.float64).nmant:
    _WIDER[np.dtype(np.float64)] = np.longdouble


def _logits_gradient(z, y):
    # For hard labels the formula is exact to an ulp.  For a soft label close
    # to sigma(z) the difference cancels, and half an ulp of error in sigma(z)
    # becomes several ulp of the result; 11 more bits of precision absorb it.
    wider = _WIDER.get(z.dtype)
    if wider is not None and not np.all((y == 0) | (y == 1)):
        return _sigmoid_minus_target(z.astype(wider), y.astype(wider)).astype(z.dtype)
    return _sigmoid_minus_target(z, y)


def binary_cross_entropy(input, target, *, reduction="mean"):
    r"""Binary cross-entropy of predicted probabilities.

    $$
    \ell_i = -\bigl[\,y_i \ln p_i + (1 - y_i)\ln(1 - p_i)\,\bigr]
    $$

    Each logarithm is clamped at $-100$, as in PyTorch, so that a
    certain wrong prediction costs 100 rather than $\infty$.  This
    probability form exists for teaching; a model should output logits and use
    `binary_cross_entropy_with_logits`, which loses nothing to the
    rounding of $p$ near 0 and 1.

    Parameters
    ----------
    input : array_like
        Predicted probabilities $p \in [0, 1]$, any shape.
    target : array_like
        Targets $y \in [0, 1]$ (labels 0/1 or soft labels), the same shape.
    reduction : {"mean", "sum", "none"}, default "mean"
        How the per-element losses are combined.

    Returns
    -------
    numpy.floating or numpy.ndarray
        A scalar, or per-element losses for ``"none"``.

    Raises
    ------
    ValueError
        If the shapes differ, a value lies outside $[0, 1]$,
        ``reduction`` is unknown, or ``input`` is empty with ``"mean"``.
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
    return _binary(_probability_loss, input, target, reduction, gradient=False, input_is_probability=True)


def binary_cross_entropy_grad(input, target, *, reduction="mean"):
    r"""Gradient of `binary_cross_entropy` with respect to the probabilities.

    $$
    \frac{\partial \ell_i}{\partial p_i}
        = -\frac{y_i}{p_i} + \frac{1 - y_i}{1 - p_i}
        = \frac{p_i - y_i}{\max\bigl(p_i(1 - p_i),\ 10^{-12}\bigr)}
    $$

    The denominator is floored at $10^{-12}$ exactly as PyTorch's
    backward pass does, so the gradient stays finite at $p \in \{0, 1\}$.
    Chained with the sigmoid's $p(1-p)$ it gives $p - y$: see
    `binary_cross_entropy_with_logits_grad`.

    Parameters
    ----------
    input, target
        As for `binary_cross_entropy`.
    reduction : {"mean", "sum", "none"}, default "mean"
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
    return _binary(_probability_gradient, input, target, reduction, gradient=True, input_is_probability=True)


def binary_cross_entropy_with_logits(input, target, *, reduction="mean"):
    r"""Binary cross-entropy of logits: sigmoid and cross-entropy in one stable step.

    $$
    \ell_i = -\bigl[\,y_i \ln\sigma(z_i) + (1 - y_i)\ln(1 - \sigma(z_i))\,\bigr]
           = \operatorname{softplus}(z_i) - y_i z_i
    $$

    computed as

    $$
    \ell_i = \begin{cases}
        (1 - y_i)\,z_i + \ln\bigl(1 + e^{-z_i}\bigr) & z_i \ge 0 \\
        -y_i\,z_i + \ln\bigl(1 + e^{z_i}\bigr) & z_i < 0
    \end{cases}
    $$

    Both terms of each branch are $\ge 0$ for $y \in [0, 1]$, so
    nothing cancels: the loss is accurate to a few ulp even when it is tiny
    (a confident right answer).  PyTorch 2.13 computes
    $\ln(e^{-m} + e^{-z-m})$ instead and returns exactly 0 for
    $z = -36, y = 0$, where the true loss is $2.3 \times 10^{-16}$.

    Parameters
    ----------
    input : array_like
        Logits $z$, any shape.
    target : array_like
        Targets $y \in [0, 1]$, the same shape as ``input``.
    reduction : {"mean", "sum", "none"}, default "mean"
        How the per-element losses are combined.

    Returns
    -------
    numpy.floating or numpy.ndarray
        A scalar, or per-element losses for ``"none"``.

    Raises
    ------
    ValueError
        If the shapes differ, ``target`` lies outside $[0, 1]$,
        ``reduction`` is unknown, or ``input`` is empty with ``"mean"``.
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
    """
    return _binary(_logits_loss, input, target, reduction, gradient=False, input_is_probability=False)


def binary_cross_entropy_with_logits_grad(input, target, *, reduction="mean"):
    r"""Gradient of `binary_cross_entropy_with_logits` with respect to the logits.

    $$
    \frac{\partial \ell_i}{\partial z_i} = \sigma(z_i) - y_i
        = (1 - y_i)\,\sigma(z_i) - y_i\,\sigma(-z_i)
    $$

    The sigmoid's own derivative has cancelled: the gradient is just the
    error, so a badly wrong neuron learns fast (compare
    `losses.dynamics.train_sigmoid_neuron`).  The right-hand form keeps
    full relative accuracy for hard labels, where $\sigma(z) - 1$ would
    round to 0 for $z > 37$.  For soft labels, where $\sigma(z) - y$ can
    cancel, it is computed in the next wider float type (float64 for float32
    input, the 80-bit long double for float64 on x86-64) and rounded once.

    Parameters
    ----------
    input, target
        As for `binary_cross_entropy_with_logits`.
    reduction : {"mean", "sum", "none"}, default "mean"
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
    return _binary(_logits_gradient, input, target, reduction, gradient=True, input_is_probability=False)


def _check_scores(input) -> np.ndarray:
    scores = as_float_array(input, "input")
    if scores.ndim not in (1, 2):
        raise ValueError(
            "`input` must have shape (N, C) or (C,) with the classes on the last axis, "
            f"got shape {scores.shape}"
        )
    if scores.shape[-1] == 0:
        raise ValueError(f"`input` must have at least one class, got shape {scores.shape}")
    return scores


def _check_class_indices(target, scores: np.ndarray) -> np.ndarray:
    indices = np.asarray(target)
    if indices.dtype.kind not in "iu":
        raise TypeError(f"`target` class indices must have an integer dtype, got {indices.dtype}")
    if indices.shape != scores.shape[:-1]:
        raise ValueError(
            f"`target` class indices must have shape {scores.shape[:-1]} for `input` of shape "
            f"{scores.shape}, got {indices.shape}"
        )
    classes = scores.shape[-1]
    out_of_range = (indices < 0) | (indices >= classes)
    if np.any(out_of_range):
        raise ValueError(
            f"`target` class indices must be in [0, {classes}), found {indices[out_of_range].flat[0]}"
        )
    return indices


def _checked_target(target, scores: np.ndarray) -> np.ndarray:
    """Class indices or probabilities, checked once for the whole batch."""
    target_array = np.asarray(target)
    if target_array.dtype.kind in "iu":
        return _check_class_indices(target_array, scores)
    if target_array.dtype.kind == "f":
        q = target_array.astype(scores.dtype, copy=False)
        if q.shape != scores.shape:
            raise ValueError(
                f"`target` probabilities must have the shape of `input` {scores.shape}, got "
                f"{q.shape}; for class indices pass an integer array of shape {scores.shape[:-1]}"
            )
        check_in_unit_interval(q, "target")
        return q
    raise TypeError(
        "`target` must be integer class indices or floating probabilities, "
        f"got dtype {target_array.dtype}"
    )


def _multiclass(kernel, scores: np.ndarray, target: np.ndarray, reduction: str, *, gradient: bool):
    """Run a per-row kernel on (N, C) scores, also for a single (C,) sample."""
    classes = scores.shape[-1]
    rows = (scores.reshape(-1, classes), target.reshape(-1, *target.shape[scores.ndim - 1:]))
    if gradient:
        return gradient_rows(kernel, rows, reduction, scores.dtype).reshape(scores.shape)
    result = reduce_rows(kernel, rows, reduction, scores.dtype)
    return result.reshape(scores.shape[:-1]) if reduction == "none" else result


# The multi-class kernels get a block of rows of scores, (rows, C), and work on
# its transpose, (C, rows), copied to be contiguous: a reduction over the few
# classes then runs as a vector operation across all the rows, several times
# faster in NumPy than a reduction along a short last axis.

def _cross_entropy_kernels(label_smoothing: float):
    def distribution(target: np.ndarray, columns: np.ndarray) -> np.ndarray:
        """The target as a distribution q over the classes, (C, rows), smoothed as PyTorch does."""
        classes = columns.shape[0]
        if target.ndim == 1:  # class indices
            q = (np.arange(classes)[:, None] == target).astype(columns.dtype)
        else:
            q = target.T
        if label_smoothing:
            q = (1 - label_smoothing) * q + label_smoothing / classes
        return q

    def loss(scores, target):
        columns = np.ascontiguousarray(scores.T)
        pieces = _LogSoftmaxPieces(columns, axis=0)
        if target.ndim == 1 and not label_smoothing:
            # A one-hot target picks one term: -ln p_y = (m - z_y) + ln(1 + rest).
            rows = np.arange(columns.shape[1])
            return pieces.distance_below_max[target, rows] + pieces.log_normaliser[0]
        q = distribution(target, columns)
        # Classes with zero target weight are skipped, so that a logit of -inf
        # (a masked class) contributes 0, not 0 * inf = NaN.
        return np.sum(q * np.where(q == 0, 0, pieces.negative_log_probabilities()), axis=0)

    def gradient(scores, target):
        columns = np.ascontiguousarray(scores.T)
        pieces = _LogSoftmaxPieces(columns, axis=0)
        if target.ndim == 1 and not label_smoothing:
            # p everywhere, and p_y - 1 = -(1 - p_y) at the true class.
            rows = np.arange(columns.shape[1])
            at_target = (target, rows)
            one_minus_p_target = pieces.one_minus_probabilities(at_target)
            result = pieces.probabilities  # not used again: safe to overwrite
            result[at_target] = -one_minus_p_target
            return result.T
        q = distribution(target, columns)
        weight_elsewhere = np.sum(q, axis=0) - q
        return (-q * pieces.one_minus_probabilities() + weight_elsewhere * pieces.probabilities).T

    return loss, gradient


def _prepare_softmax_cross_entropy(input, target, label_smoothing, reduction):
    check_reduction(reduction)
    label_smoothing = check_parameter(label_smoothing, "label_smoothing", minimum=0.0, strict=False, maximum=1.0)
    scores = _check_scores(input)
    target_array = _checked_target(target, scores)
    check_not_empty_for_mean(scores, reduction)
    return scores, target_array, _cross_entropy_kernels(label_smoothing)


def cross_entropy(input, target, *, label_smoothing=0.0, reduction="mean"):
    r"""Softmax cross-entropy of logits, with class-index or probability targets.

    $$
    \ell_n = -\sum_{c=1}^{C} q_{n,c} \ln \operatorname{softmax}(z_n)_c,
    \qquad
    q_n = (1 - \varepsilon)\, y_n + \frac{\varepsilon}{C}
    $$

    where $y_n$ is the one-hot vector of the class index (or the given
    probability vector) and $\varepsilon$ is ``label_smoothing``.  For a
    class index and $\varepsilon = 0$ this is
    $-\ln p_{y_n} = \ln\sum_j e^{z_{n,j}} - z_{n,y_n}$.

    The log-softmax is never formed as ``log(softmax)``: with
    $m = \max_j z_j$,
    $-\ln p_c = (m - z_c) + \ln\bigl(1 + \sum_{j \ne \arg\max} e^{z_j - m}\bigr)$,
    two non-negative terms, so neither overflow (logits of $\pm 10^4$)
    nor cancellation (a tiny loss) occurs.

    Parameters
    ----------
    input : array_like
        Logits of shape ``(N, C)``, or ``(C,)`` for a single sample.
    target : array_like
        Either integer class indices of shape ``(N,)`` (or ``()``), each in
        ``[0, C)``, or floating probabilities in $[0, 1]$ of the same
        shape as ``input`` (rows normally sum to 1; this is not enforced, as in
        PyTorch).
    label_smoothing : float, default 0.0
        $\varepsilon \in [0, 1]$: mixes the target with the uniform
        distribution, exactly as ``torch.nn.functional.cross_entropy`` does.
    reduction : {"mean", "sum", "none"}, default "mean"
        ``"mean"`` averages over the ``N`` samples.

    Returns
    -------
    numpy.floating or numpy.ndarray
        A scalar, or the ``N`` per-sample losses for ``"none"``.

    Raises
    ------
    ValueError
        If ``input`` is not 1-D or 2-D, a class index is out of range, the
        target's shape does not fit, a probability lies outside $[0, 1]$,
        ``label_smoothing`` is outside $[0, 1]$, ``reduction`` is
        unknown, or ``input`` is empty with ``"mean"``.
    TypeError
        If ``input`` is not real numeric, or ``target`` neither integer nor floating.

    See Also
    --------
    torch.nn.functional.cross_entropy : the same function for these shapes
        (without ``weight`` and ``ignore_index``).

    References
    ----------
    Goodfellow et al., *Deep Learning* (2016), section 6.2.2.3; Szegedy et al.,
    "Rethinking the Inception Architecture for Computer Vision", CVPR 2016
    (label smoothing).

    Examples
    --------
    The article's image of a cat, with scores for cat, dog and bird; the
    softmax gives the cat only 13 %, so the loss is $-\ln 0.12998$:

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
    """
    scores, target_array, (loss_kernel, _) = _prepare_softmax_cross_entropy(input, target, label_smoothing, reduction)
    return _multiclass(loss_kernel, scores, target_array, reduction, gradient=False)


def cross_entropy_grad(input, target, *, label_smoothing=0.0, reduction="mean"):
    r"""Gradient of `cross_entropy` with respect to the logits.

    $$
    \frac{\partial \ell_n}{\partial z_{n,c}} = p_{n,c} \sum_k q_{n,k} - q_{n,c}
        \;=\; p_{n,c} - q_{n,c} \quad\text{when } \textstyle\sum_k q_{n,k} = 1
    $$

    The softmax Jacobian and the $1/p$ of the logarithm cancel, leaving
    "prediction minus target".  It is evaluated as
    $-q_c(1 - p_c) + (\sum_k q_k - q_c)\,p_c$, with $1 - p_c$
    computed without cancellation, so a confident right answer keeps an
    accurate (tiny) gradient, and with $e^{z_c - m}$ corrected for the
    rounding of $z_c - m$ (TwoSum), so every entry is within about an ulp.

    Parameters
    ----------
    input, target
        As for `cross_entropy`.
    label_smoothing : float, default 0.0
        As for `cross_entropy`.
    reduction : {"mean", "sum", "none"}, default "mean"
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
    scores, target_array, (_, gradient_kernel) = _prepare_softmax_cross_entropy(
        input, target, label_smoothing, reduction)
    return _multiclass(gradient_kernel, scores, target_array, reduction, gradient=True)


def _hinge_kernels(margin: float):
    def margins(scores, indices):
        """s_j - s_y + margin as (C, rows), with the true class's own term set to exactly 0."""
        columns = np.ascontiguousarray(scores.T)
        rows = np.arange(columns.shape[1])
        gaps = columns - columns[indices, rows] + columns.dtype.type(margin)
        gaps[indices, rows] = 0
        return gaps, rows

    def loss(scores, indices):
        gaps, _ = margins(scores, indices)
        return np.sum(np.maximum(gaps, 0, out=gaps), axis=0)

    def gradient(scores, indices):
        gaps, rows = margins(scores, indices)
        violating = (gaps > 0).astype(scores.dtype)
        violating[indices, rows] = -np.sum(violating, axis=0)
        return violating.T

    return loss, gradient


def _prepare_hinge(input, target, margin, reduction):
    check_reduction(reduction)
    margin = check_parameter(margin, "margin", minimum=0.0, strict=False)
    scores = _check_scores(input)
    indices = _check_class_indices(target, scores)
    check_not_empty_for_mean(scores, reduction)
    return scores, indices, _hinge_kernels(margin)


def multiclass_hinge(input, target, *, margin=1.0, reduction="mean"):
    r"""Multi-class SVM hinge loss (Weston–Watkins form, as in CS231n).

    $$
    \ell_n = \sum_{j \ne y_n} \max\bigl(0,\; s_{n,j} - s_{n,y_n} + \Delta\bigr)
    $$

    The correct class must out-score every other class by at least the margin
    $\Delta$; each class that does not adds how far it falls short.

    PyTorch's ``multi_margin_loss`` (with its defaults ``p=1``) is the same sum
    divided by the number of classes $C$:
    ``multiclass_hinge(s, y) == C * torch.nn.functional.multi_margin_loss(s, y)``.
    optax's ``multiclass_hinge_loss`` is the Crammer–Singer form, a max over
    $j$ rather than a sum.

    Parameters
    ----------
    input : array_like
        Class scores of shape ``(N, C)``, or ``(C,)`` for a single sample.
    target : array_like
        Integer class indices of shape ``(N,)`` (or ``()``), each in ``[0, C)``.
    margin : float, default 1.0
        $\Delta$, finite and $\ge 0$.
    reduction : {"mean", "sum", "none"}, default "mean"
        ``"mean"`` averages over the ``N`` samples.

    Returns
    -------
    numpy.floating or numpy.ndarray
        A scalar, or the ``N`` per-sample losses for ``"none"``.

    Raises
    ------
    ValueError
        If ``input`` is not 1-D or 2-D, a class index is out of range or of the
        wrong shape, ``margin`` is negative or not finite, ``reduction`` is
        unknown, or ``input`` is empty with ``"mean"``.
    TypeError
        If ``input`` is not real numeric or ``target`` not integer.

    See Also
    --------
    torch.nn.functional.multi_margin_loss : the same loss divided by ``C``.

    References
    ----------
    Weston and Watkins, "Support Vector Machines for Multi-Class Pattern
    Recognition", ESANN 1999; CS231n course notes, "Linear classification".

    Examples
    --------
    A cat image scored 3.2 (cat), 5.1 (dog), -1.7 (bird): the dog term is
    $\max(0, 5.1 - 3.2 + 1) = 2.9$, the bird term
    $\max(0, -1.7 - 3.2 + 1) = 0$:

    >>> import numpy as np
    >>> from losses import multiclass_hinge
    >>> print(round(float(multiclass_hinge(np.array([[3.2, 5.1, -1.7]]), np.array([0]))), 4))
    2.9
    """
    scores, indices, (loss_kernel, _) = _prepare_hinge(input, target, margin, reduction)
    return _multiclass(loss_kernel, scores, indices, reduction, gradient=False)


def multiclass_hinge_grad(input, target, *, margin=1.0, reduction="mean"):
    r"""Gradient of `multiclass_hinge` with respect to the scores.

    $$
    \frac{\partial \ell_n}{\partial s_{n,j}} = \mathbb{1}\bigl[s_{n,j} - s_{n,y_n} + \Delta > 0\bigr]
        \quad (j \ne y_n),
    \qquad
    \frac{\partial \ell_n}{\partial s_{n,y_n}} = -\sum_{j \ne y_n} \mathbb{1}\bigl[s_{n,j} - s_{n,y_n} + \Delta > 0\bigr]
    $$

    Each violating class pushes its own score down and the correct score up
    by one.  At a term of exactly 0 the subgradient 0 is taken, as in PyTorch.

    Parameters
    ----------
    input, target
        As for `multiclass_hinge`.
    margin : float, default 1.0
        As for `multiclass_hinge`.
    reduction : {"mean", "sum", "none"}, default "mean"
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
    scores, indices, (_, gradient_kernel) = _prepare_hinge(input, target, margin, reduction)
    return _multiclass(gradient_kernel, scores, indices, reduction, gradient=True)
