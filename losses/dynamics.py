"""Training-dynamics demonstrations: the arguments of the article, as code.

These small, deterministic experiments back the site's figures:

* `train_sigmoid_neuron` reproduces Nielsen's one-neuron experiment
  (quadratic cost learns slowly when the neuron is saturated; cross-entropy
  does not);
* `layer_gradient_norms` measures how the gradient shrinks (vanishes)
  or grows (explodes) layer by layer through a deep chain;
* `train_scalar_chain` trains a deep chain of scalar weights and shows
  gradient clipping and an L2 penalty taming an exploding gradient;
* `clip_grad_value`, `clip_grad_norm`, `l2_penalty` and
  `l2_penalty_grad` are the remedies themselves, with PyTorch's numbers.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ._validation import as_float_array, check_count, check_parameter
from .activations import relu, relu_grad, sigmoid, sigmoid_grad, tanh, tanh_grad
from .classification import binary_cross_entropy_with_logits, binary_cross_entropy_with_logits_grad

__all__ = [
    "NeuronHistory",
    "ChainHistory",
    "train_sigmoid_neuron",
    "layer_gradient_norms",
    "train_scalar_chain",
    "clip_grad_value",
    "clip_grad_norm",
    "l2_penalty",
    "l2_penalty_grad",
]

COSTS = ("quadratic", "cross_entropy")


@dataclass(frozen=True)
class NeuronHistory:
    """Per-epoch record of `train_sigmoid_neuron`; index 0 is the start."""

    weight: np.ndarray
    bias: np.ndarray
    output: np.ndarray
    cost: np.ndarray


def train_sigmoid_neuron(
    *,
    cost: str,
    weight: float,
    bias: float,
    input: float = 1.0,
    target: float = 0.0,
    learning_rate: float = 0.15,
    epochs: int = 300,
) -> NeuronHistory:
    r"""Gradient descent on one sigmoid neuron, with the quadratic or the cross-entropy cost.

    The neuron computes $a = \sigma(z)$, $z = wx + b$.  With the
    quadratic cost $L = \tfrac12 (a - y)^2$

    $$
    \frac{\partial L}{\partial w} = (a - y)\,\sigma'(z)\,x, \qquad
    \frac{\partial L}{\partial b} = (a - y)\,\sigma'(z)
    $$

    and with the cross-entropy $L = -[y \ln a + (1 - y)\ln(1 - a)]$

    $$
    \frac{\partial L}{\partial w} = (a - y)\,x, \qquad
    \frac{\partial L}{\partial b} = a - y.
    $$

    A saturated neuron ($a \approx 1$, $\sigma'(z) \approx 0$) that
    is badly wrong therefore learns slowly with the quadratic cost and fast
    with cross-entropy.  Nielsen's experiment: ``input=1``, ``target=0``,
    ``learning_rate=0.15``, starting from ``weight=0.6, bias=0.9`` (output
    0.82) or ``weight=2, bias=2`` (output 0.98).

    Parameters
    ----------
    cost : {"quadratic", "cross_entropy"}
        Which cost to descend.
    weight, bias : float
        Starting parameters.
    input, target : float, default 1.0 and 0.0
        The single training example; ``target`` in $[0, 1]$.
    learning_rate : float, default 0.15
        Step size, $> 0$.
    epochs : int, default 300
        Number of gradient steps.

    Returns
    -------
    NeuronHistory
        ``weight``, ``bias``, ``output`` and ``cost``, each of length
        ``epochs + 1`` (entry 0 is before the first step).

    Raises
    ------
    ValueError
        If ``cost`` is unknown, ``target`` outside $[0, 1]$,
        ``learning_rate`` not positive, or ``epochs`` not a non-negative integer.

    References
    ----------
    Nielsen, *Neural Networks and Deep Learning* (2015), chapter 3,
    "The cross-entropy cost function".

    Examples
    --------
    >>> from losses.dynamics import train_sigmoid_neuron
    >>> slow = train_sigmoid_neuron(cost="quadratic", weight=2.0, bias=2.0)
    >>> fast = train_sigmoid_neuron(cost="cross_entropy", weight=2.0, bias=2.0)
    >>> print(round(float(slow.output[0]), 2), round(float(slow.output[-1]), 2), round(float(fast.output[-1]), 2))
    0.98 0.2 0.01
    """
    if cost not in COSTS:
        raise ValueError(f"`cost` must be one of {', '.join(map(repr, COSTS))}, got {cost!r}")
    weight = check_parameter(weight, "weight")
    bias = check_parameter(bias, "bias")
    x = check_parameter(input, "input")
    y = check_parameter(target, "target", minimum=0.0, strict=False, maximum=1.0)
    learning_rate = check_parameter(learning_rate, "learning_rate", minimum=0.0, strict=True)
    epochs = check_count(epochs, "epochs", 0)

    weights, biases, outputs, costs = [], [], [], []
    for epoch in range(epochs + 1):
        z = np.array(weight * x + bias)
        a = float(sigmoid(z))
        weights.append(weight)
        biases.append(bias)
        outputs.append(a)
        if cost == "quadratic":
            costs.append(0.5 * (a - y) ** 2)
            error_signal = (a - y) * float(sigmoid_grad(z))
        else:
            # The logits form gives the same cost as -[y ln a + (1-y) ln(1-a)]
            # without taking the log of a rounded a.
            costs.append(float(binary_cross_entropy_with_logits(z, np.array(y), reduction="sum")))
            error_signal = float(binary_cross_entropy_with_logits_grad(z, np.array(y), reduction="sum"))
        if epoch < epochs:
            weight -= learning_rate * error_signal * x
            bias -= learning_rate * error_signal
    return NeuronHistory(*(np.array(values) for values in (weights, biases, outputs, costs)))


_ACTIVATIONS = {
    "sigmoid": (sigmoid, sigmoid_grad, 1.0),
    "tanh": (tanh, tanh_grad, 1.0),
    # He initialisation: ReLU zeroes half its inputs, so the weights' variance is doubled.
    "relu": (relu, relu_grad, math.sqrt(2.0)),
    "linear": (lambda a: a, np.ones_like, 1.0),
}


def layer_gradient_norms(
    activation: str,
    *,
    depth: int = 30,
    width: int = 64,
    batch_size: int = 32,
    weight_gain: float | None = None,
    seed: int = 0,
) -> np.ndarray:
    r"""How fast each layer of a deep chain learns: the norm of its bias gradient.

    A fully connected network of ``depth`` square layers
    $h_l = f(h_{l-1} W_l + b_l)$ is run on a standard-normal batch, with
    weights drawn from $\mathcal N(0, g^2/\text{width})$ and biases 0.
    The loss is the mean over the batch of the sum of the last layer's
    outputs; the returned value for layer $l$ is
    $\lVert \partial L / \partial b_l \rVert_2$, the "speed of
    learning" that Nielsen plots in chapter 5.

    Back-propagation multiplies one factor $f'(a_l) W_l^{\top}$ per
    layer ($a_l$ being the pre-activation).  With the sigmoid, $f' \le 1/4$ makes the product shrink
    geometrically (vanishing gradient); with ReLU and He gain
    $g = \sqrt2$ it stays level; with a gain above that it grows
    (exploding gradient).

    Parameters
    ----------
    activation : {"sigmoid", "tanh", "relu", "linear"}
        The non-linearity $f$ of every layer.
    depth : int, default 30
        Number of layers, $\ge 1$.
    width : int, default 64
        Units per layer, $\ge 1$.
    batch_size : int, default 32
        Number of random inputs, $\ge 1$.
    weight_gain : float, optional
        $g$.  Default: 1 for sigmoid, tanh and linear (LeCun / Glorot
        initialisation for square layers), $\sqrt 2$ for ReLU (He).
    seed : int, default 0
        Seed of the random generator: the same seed gives the same numbers.

    Returns
    -------
    numpy.ndarray
        Shape ``(depth,)``; entry 0 is the layer next to the input.

    Raises
    ------
    ValueError
        If ``activation`` is unknown or a size or gain is out of range.

    References
    ----------
    Glorot and Bengio, "Understanding the difficulty of training deep
    feedforward neural networks", AISTATS 2010; He et al., "Delving Deep into
    Rectifiers", ICCV 2015; Nielsen, *Neural Networks and Deep Learning*
    (2015), chapter 5.

    Examples
    --------
    >>> from losses.dynamics import layer_gradient_norms
    >>> sigmoid_norms = layer_gradient_norms("sigmoid", depth=10)
    >>> relu_norms = layer_gradient_norms("relu", depth=10)
    >>> print(f"{sigmoid_norms[0] / sigmoid_norms[-1]:.1e}", f"{relu_norms[0] / relu_norms[-1]:.1f}")
    3.3e-06 0.8
    """
    if activation not in _ACTIVATIONS:
        raise ValueError(f"`activation` must be one of {', '.join(map(repr, _ACTIVATIONS))}, got {activation!r}")
    function, derivative, default_gain = _ACTIVATIONS[activation]
    depth = check_count(depth, "depth", 1)
    width = check_count(width, "width", 1)
    batch_size = check_count(batch_size, "batch_size", 1)
    gain = default_gain if weight_gain is None else check_parameter(weight_gain, "weight_gain", minimum=0.0, strict=True)

    generator = np.random.default_rng(check_count(seed, "seed", 0))
    layer_input = generator.standard_normal((batch_size, width))
    weights = [generator.standard_normal((width, width)) * (gain / math.sqrt(width)) for _ in range(depth)]

    # ReLU and the identity are positively homogeneous (f(c x) = c f(x) for c > 0) and their
    # derivatives see only signs: their activations are kept near 1 by powers of two, which
    # changes no sign, so that a forward pass of thousands of layers does not overflow.
    homogeneous = activation in ("relu", "linear")
    pre_activations = []
    with np.errstate(over="ignore", invalid="ignore"):  # sigmoid and tanh layers with gains like 1e200
        for weight in weights:
            pre_activation = layer_input @ weight
            if homogeneous:
                pre_activation = _normalised(pre_activation)[0]
            pre_activations.append(pre_activation)
            layer_input = function(pre_activation)

    # The gradient is upstream · 2**exponent: kept near 1 by powers of two (exact), so that it
    # neither overflows (inf · 0 = NaN at a saturated unit) nor underflows on the way down;
    # a norm beyond the float range is inf, one below it 0.
    upstream, exponent = np.full((batch_size, width), 1.0 / batch_size), 0
    norms = np.empty(depth)
    for layer in reversed(range(depth)):
        through_activation = upstream * derivative(pre_activations[layer])
        with np.errstate(over="ignore", under="ignore"):
            norms[layer] = np.ldexp(np.linalg.norm(through_activation.sum(axis=0)), exponent)
        upstream, shift = _normalised(through_activation @ weights[layer].T)
        exponent += shift
    return norms


def _normalised(values: np.ndarray) -> tuple[np.ndarray, int]:
    """``(values / 2**e, e)`` with the largest magnitude in [1/2, 1) (``e = 0`` for zeros, inf or NaN)."""
    largest = float(np.max(np.abs(values))) if values.size else 0.0
    if largest == 0 or not math.isfinite(largest):
        return values, 0
    exponent = int(np.frexp(largest)[1])
    return np.ldexp(values, -exponent), exponent


@dataclass(frozen=True)
class ChainHistory:
    """Per-step record of `train_scalar_chain`.

    ``loss`` and ``gradient_norm`` (before clipping) have one entry per step
    taken; ``diverged`` is True when the run stopped early because the loss
    left every representable scale.
    """

    loss: np.ndarray
    gradient_norm: np.ndarray
    diverged: bool


# Beyond this the next step would overflow float64; the run is called diverged.
_DIVERGENCE_LOSS = 1e100


def train_scalar_chain(
    *,
    depth: int = 30,
    initial_weight: float = 1.15,
    input: float = 1.0,
    target: float = 1.0,
    learning_rate: float = 0.01,
    steps: int = 100,
    clip_norm: float | None = None,
    weight_decay: float = 0.0,
) -> ChainHistory:
    r"""Gradient descent on a deep chain of scalar weights, to show exploding gradients.

    A chain of $D$ scalar weights, every one starting at ``initial_weight``,
    predicts $\hat y$ from the input $x$ and is trained on a squared error
    with an L2 penalty:

    $$
    \hat y = x \prod_{l=1}^{D} w_l, \qquad
    L = \tfrac12(\hat y - y)^2 + \tfrac{\lambda}{2}\sum_{l=1}^{D} w_l^2, \qquad
    \frac{\partial L}{\partial w_l} = (\hat y - y)\, x \prod_{k \ne l} w_k + \lambda w_l
    $$

    The gradient carries a product of $D - 1$ weights: with weights above 1 it grows
    geometrically with depth, a step overshoots, and training diverges.
    Clipping the gradient's norm (``clip_norm``) bounds every step; an L2
    penalty (``weight_decay``) pulls the weights back towards 0.

    Parameters
    ----------
    depth : int, default 30
        Number of weights $D \ge 1$.
    initial_weight : float, default 1.15
        Starting value of every weight.
    input, target : float, default 1.0
        The single training example.
    learning_rate : float, default 0.01
        Step size, $> 0$.
    steps : int, default 100
        Maximum number of steps.
    clip_norm : float, optional
        If given, the gradient is rescaled by `clip_grad_norm` to at
        most this norm before each step.
    weight_decay : float, default 0.0
        $\lambda \ge 0$ of the L2 penalty (`l2_penalty`).

    Returns
    -------
    ChainHistory
        The loss and the unclipped gradient norm at each step.

    Raises
    ------
    ValueError
        If a count or rate is out of range.

    References
    ----------
    Pascanu, Mikolov and Bengio, "On the difficulty of training recurrent
    neural networks", ICML 2013.

    Examples
    --------
    >>> from losses.dynamics import train_scalar_chain
    >>> plain = train_scalar_chain()
    >>> clipped = train_scalar_chain(clip_norm=1.0)
    >>> print(plain.diverged, len(plain.loss), clipped.diverged, f"{clipped.loss[-1]:.1e}")
    True 2 False 5.6e-09
    """
    depth = check_count(depth, "depth", 1)
    steps = check_count(steps, "steps", 0)
    initial_weight = check_parameter(initial_weight, "initial_weight")
    x = check_parameter(input, "input")
    y = check_parameter(target, "target")
    learning_rate = check_parameter(learning_rate, "learning_rate", minimum=0.0, strict=True)
    weight_decay = check_parameter(weight_decay, "weight_decay", minimum=0.0, strict=False)
    if clip_norm is not None:
        clip_norm = check_parameter(clip_norm, "clip_norm", minimum=0.0, strict=True)

    weights = np.full(depth, initial_weight)
    losses, gradient_norms = [], []
    for _ in range(steps):
        # A diverging run overflows here by design; it is detected just below.
        with np.errstate(over="ignore", invalid="ignore"):
            prediction = x * np.prod(weights)
            loss = 0.5 * (prediction - y) ** 2 + float(l2_penalty(weights, weight_decay=weight_decay))
        if not loss < _DIVERGENCE_LOSS:
            return ChainHistory(np.array(losses), np.array(gradient_norms), diverged=True)
        # Products of all weights but one, from prefix and suffix products, so
        # that a weight of exactly 0 does not need a division.
        before = np.concatenate(([1.0], np.cumprod(weights)[:-1]))
        after = np.concatenate((np.cumprod(weights[::-1])[::-1][1:], [1.0]))
        with np.errstate(over="ignore", invalid="ignore"):
            gradient = (prediction - y) * x * before * after + l2_penalty_grad(weights, weight_decay=weight_decay)
        if not np.all(np.isfinite(gradient)):  # a finite loss whose gradient overflows diverges too
            return ChainHistory(np.array(losses), np.array(gradient_norms), diverged=True)
        losses.append(loss)
        gradient_norms.append(float(np.linalg.norm(gradient)))
        if clip_norm is not None:
            gradient, _ = clip_grad_norm(gradient, max_norm=clip_norm)
        weights = weights - learning_rate * gradient
    return ChainHistory(np.array(losses), np.array(gradient_norms), diverged=False)


def clip_grad_value(gradient, *, clip_value: float) -> np.ndarray:
    r"""Clip every gradient entry to $[-c, c]$.

    $$
    \operatorname{clip}(g_i) = \min\bigl(\max(g_i, -c),\, c\bigr)
    $$

    It bounds each component but can change the gradient's direction; see
    `clip_grad_norm` for the direction-preserving alternative.  Same as
    ``torch.nn.utils.clip_grad_value_`` (which works in place).

    Parameters
    ----------
    gradient : array_like
        Any shape.
    clip_value : float
        $c > 0$, finite.

    Returns
    -------
    numpy.ndarray
        Same shape and dtype as ``gradient``.

    Raises
    ------
    ValueError
        If ``clip_value`` is not positive and finite.
    TypeError
        If ``gradient`` is not a real numeric array.

    References
    ----------
    Mikolov, *Statistical Language Models Based on Neural Networks*, PhD
    thesis, Brno (2012), section 3.2.2.

    Examples
    --------
    >>> from losses.dynamics import clip_grad_value
    >>> clip_grad_value([0.5, -3.0, 10.0], clip_value=1.0)
    array([ 0.5, -1. ,  1. ])
    """
    clip_value = check_parameter(clip_value, "clip_value", minimum=0.0, strict=True)
    gradient = as_float_array(gradient, "gradient")
    # The bound in the gradient's dtype: clipping by the rounded bound is the exact clip rounded once,
    # and a bound beyond the dtype's range is inf in it, which clips nothing.
    with np.errstate(over="ignore"):
        bound = gradient.dtype.type(clip_value)
    return np.clip(gradient, -bound, bound)


def clip_grad_norm(gradient, *, max_norm: float, epsilon: float = 1e-6):
    r"""Rescale a gradient so that its L2 norm is at most ``max_norm``.

    $$
    g \leftarrow g \cdot \min\Bigl(1,\ \frac{\texttt{max\_norm}}{\lVert g\rVert_2 + \epsilon}\Bigr)
    $$

    The direction is kept; only the length is capped.  The
    $\epsilon = 10^{-6}$ is PyTorch's (``torch.nn.utils.clip_grad_norm_``),
    kept so that the numbers agree.

    Parameters
    ----------
    gradient : array_like
        The whole gradient (all parameters flattened into one array).
    max_norm : float
        Largest allowed norm, $> 0$.
    epsilon : float, default 1e-6
        Added to the norm in the denominator, $\ge 0$.

    Returns
    -------
    clipped : numpy.ndarray
        Same shape and dtype as ``gradient``.
    total_norm : float
        $\lVert g \rVert_2$ before clipping (what PyTorch returns).

    Raises
    ------
    ValueError
        If ``max_norm`` is not positive and finite, or ``epsilon`` negative.
    TypeError
        If ``gradient`` is not a real numeric array.

    References
    ----------
    Pascanu, Mikolov and Bengio, "On the difficulty of training recurrent
    neural networks", ICML 2013, algorithm 1.

    Examples
    --------
    >>> from losses.dynamics import clip_grad_norm
    >>> clipped, norm = clip_grad_norm([3.0, 4.0], max_norm=1.0)
    >>> print(norm, clipped.round(4))
    5.0 [0.6 0.8]
    """
    max_norm = check_parameter(max_norm, "max_norm", minimum=0.0, strict=True)
    epsilon = check_parameter(epsilon, "epsilon", minimum=0.0, strict=False)
    gradient = as_float_array(gradient, "gradient")
    if not np.all(np.isfinite(gradient)):
        # PyTorch would multiply by NaN (or by 0, giving NaN from inf); a
        # non-finite gradient has no norm to clip to.
        raise ValueError("`gradient` contains NaN or inf: its norm is undefined, so it cannot be clipped")
    scale, sum_of_squares = _scaled_sum_of_squares(gradient)
    if scale == 0:
        return gradient.copy(), 0.0
    # ||g|| = scale * sqrt(q); the factor max_norm / (||g|| + epsilon) is applied
    # to g / scale, so that neither the norm nor the product overflows.
    unit_norm = math.sqrt(sum_of_squares)
    with np.errstate(over="ignore"):  # a norm beyond the float range is reported as inf
        total_norm = float(np.float64(scale) * unit_norm)
    with np.errstate(over="ignore"):
        scaled_epsilon = epsilon / scale
    if math.isinf(scaled_epsilon):
        # A gradient below about 1e-308 ε, whose norm is far from overflowing: PyTorch's
        # factor max_norm / (||g|| + ε), clamped to 1, as it is.
        if total_norm + epsilon <= max_norm:
            return gradient.copy(), total_norm
        return (gradient.astype(np.float64) * (max_norm / (total_norm + epsilon))).astype(gradient.dtype), total_norm
    factor = max_norm / (unit_norm + scaled_epsilon)
    if factor >= scale:  # scale * 1: the norm (plus epsilon) is within max_norm, nothing to clip
        return gradient.copy(), total_norm
    clipped = (gradient.astype(np.float64) / scale) * factor
    return clipped.astype(gradient.dtype), total_norm


def _scaled_sum_of_squares(values: np.ndarray) -> tuple[float, float]:
    """``(s, q)`` with ``s`` a power of two, max |values| / s in [1, 2), and ``sum(values**2) = s**2 * q``.

    Dividing by a power of two is exact, so nothing overflows or underflows
    and nothing is rounded that the plain sum would not round.
    """
    largest = float(np.max(np.abs(values))) if values.size else 0.0
    if largest == 0:
        return 0.0, 0.0
    scale = float(np.ldexp(1.0, np.frexp(largest)[1] - 1))
    scaled = values.astype(np.float64).ravel() / scale
    return scale, float(np.dot(scaled, scaled))


def l2_penalty(weights, *, weight_decay: float):
    r"""L2 weight penalty $\tfrac{\lambda}{2}\lVert w \rVert_2^2$.

    $$
    R(w) = \frac{\lambda}{2}\lVert w \rVert_2^2, \qquad
    w \leftarrow w - \eta\bigl(\nabla L + \lambda w\bigr) = (1 - \eta\lambda)\,w - \eta \nabla L
    $$

    Added to a loss, it makes a gradient-descent step shrink every weight by
    the factor $1 - \eta\lambda$ before applying the loss's own gradient
    ("weight decay").  It pulls the weights towards 0 but does not bound them:
    a loss gradient that grows faster than $\lambda w$ still wins.  With SGD,
    ``weight_decay`` is exactly this penalty's gradient; with Adam it is not
    the same thing, because Adam divides the whole gradient, penalty included,
    by its running scale (AdamW applies the decay separately).

    Parameters
    ----------
    weights : array_like
        The weights, any shape.
    weight_decay : float
        $\lambda \ge 0$.

    Returns
    -------
    numpy.floating
        $\tfrac{\lambda}{2}\sum_i w_i^2$.

    Raises
    ------
    ValueError
        If ``weight_decay`` is negative or not finite.
    TypeError
        If ``weights`` is not a real numeric array.

    References
    ----------
    Goodfellow et al., *Deep Learning* (2016), section 7.1.1.

    Examples
    --------
    >>> from losses.dynamics import l2_penalty
    >>> print(l2_penalty([1.0, 2.0], weight_decay=0.1))  # 0.05 * (1 + 4)
    0.25
    """
    weight_decay = check_parameter(weight_decay, "weight_decay", minimum=0.0, strict=False)
    weights = as_float_array(weights, "weights")
    if weight_decay == 0:  # no penalty, whatever the weights (0 · inf is not a penalty)
        return weights.dtype.type(0.0)
    if not np.all(np.isfinite(weights)):  # inf or NaN: the plain formula propagates it
        with np.errstate(over="ignore", invalid="ignore"):
            return weights.dtype.type(0.5 * weight_decay * np.sum(np.square(weights.astype(np.float64))))
    scale, sum_of_squares = _scaled_sum_of_squares(weights)
    # (λ/2) s² q with s a power of two, and λ = m 2**e with m in [1/2, 1): the powers of two are
    # applied last, as one exponent, so that neither w² overflowing nor a subnormal λ loses digits.
    exponent = int(np.frexp(scale)[1]) - 1  # scale == 2**exponent
    mantissa, decay_exponent = np.frexp(weight_decay)
    with np.errstate(over="ignore", under="ignore"):
        return weights.dtype.type(np.ldexp(0.5 * mantissa * sum_of_squares, 2 * exponent + int(decay_exponent)))


def l2_penalty_grad(weights, *, weight_decay: float) -> np.ndarray:
    r"""Gradient of `l2_penalty`: $\lambda w$.

    This is the ``weight_decay`` term that ``torch.optim.SGD`` adds to each
    parameter's gradient.

    Parameters
    ----------
    weights, weight_decay
        As for `l2_penalty`.

    Returns
    -------
    numpy.ndarray
        Same shape and dtype as ``weights``.

    Raises
    ------
    ValueError
        As for `l2_penalty`.
    TypeError
        As for `l2_penalty`.

    References
    ----------
    Goodfellow et al., *Deep Learning* (2016), section 7.1.1.

    Examples
    --------
    >>> from losses.dynamics import l2_penalty_grad
    >>> l2_penalty_grad([1.0, -2.0], weight_decay=0.1)
    array([ 0.1, -0.2])
    """
    weight_decay = check_parameter(weight_decay, "weight_decay", minimum=0.0, strict=False)
    weights = as_float_array(weights, "weights")
    if weight_decay == 0:  # no penalty: no gradient, even of an infinite weight
        return np.zeros_like(weights)
    # λ w in float64, rounded once to the weights' dtype (inf beyond its range): rounding λ to float32
    # first would round twice.
    with np.errstate(over="ignore"):
        return (weight_decay * weights.astype(np.float64)).astype(weights.dtype)
