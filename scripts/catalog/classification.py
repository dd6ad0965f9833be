"""Catalog entries of `losses.classification`."""

from __future__ import annotations

import numpy as np

import losses

from . import Case, Entry, Generated, kinds
from . import exact as ex
from .exact import mp, mpmath
from .frameworks import F, hard_labels, keras, only_when, optax, reduced, scipy, shown_as, sklearn, torch

# Settings that make weights of the right shape for each input.
ELEMENT_WEIGHT = Generated(lambda input, rng: rng.uniform(0.1, 2.0, size=input.shape), "per-element weight")
LAST_AXIS_WEIGHT = Generated(lambda input, rng: rng.uniform(0.3, 3.0, size=input.shape[-1:]), "last-axis weight")
CLASS_WEIGHT = Generated(lambda input, rng: rng.uniform(0.1, 2.0, size=input.shape[1]), "class weight")


def _plain(**settings) -> bool:
    """No weights, smoothing or ignored targets: the settings every framework understands."""
    return all(value in (None, 0.0, -100) for value in settings.values())


def _bce_clamped_log(value):
    return max(mpmath.log(value), mp(-100)) if value > 0 else mp(-100)


# --- binary_cross_entropy ---------------------------------------------------------

def _bce_exact(p, y, weight=None):
    p, y = mp(p), mp(y)
    return -(y * _bce_clamped_log(p) + (1 - y) * _bce_clamped_log(1 - p)) * (1 if weight is None else mp(weight))


def _bce_exact_gradient(p, y, weight=None):
    p, y = mp(p), mp(y)
    return (p - y) / max(p * (1 - p), mp(float(np.float32(1e-12)))) * (1 if weight is None else mp(weight))


def _bce_naive(p, y, weight=None):
    loss = -(y * np.log(p) + (1 - y) * np.log(1 - p))
    return loss if weight is None else weight * loss


def _bce_naive_gradient(p, y, weight=None):
    gradient = -y / p + (1 - y) / (1 - p)
    return gradient if weight is None else weight * gradient


def _bce_pytorch(input, target, *, weight=None, reduction):
    return F.binary_cross_entropy(input, target, weight=weight, reduction=reduction)


@only_when(_plain)
def _bce_keras(input, target, weight=None):
    return keras.losses.BinaryCrossentropy()(target, input)


@only_when(_plain)
@hard_labels
def _bce_reference(input, target, weight=None):
    return sklearn.metrics.log_loss(target, input, labels=[0, 1])


# --- binary_cross_entropy_with_logits -----------------------------------------------

def _logits_exact(z, y, weight=None, pos_weight=None):
    z, y = mp(z), mp(y)
    c = 1 if pos_weight is None else mp(pos_weight)
    loss = -(c * y * mpmath.log(ex.sigmoid(z)) + (1 - y) * mpmath.log(ex.sigmoid(-z)))
    return loss * (1 if weight is None else mp(weight))


def _logits_exact_gradient(z, y, weight=None, pos_weight=None):
    c = 1 if pos_weight is None else mp(pos_weight)
    gradient = (1 - mp(y)) * ex.sigmoid(z) - c * mp(y) * ex.sigmoid(-mp(z))
    return gradient * (1 if weight is None else mp(weight))


def _naive_sigmoid(z):
    return 1 / (1 + np.exp(-z))


def _logits_naive(z, y, weight=None, pos_weight=None):
    c = 1 if pos_weight is None else pos_weight
    loss = -(c * y * np.log(_naive_sigmoid(z)) + (1 - y) * np.log(1 - _naive_sigmoid(z)))
    return loss if weight is None else weight * loss


def _logits_naive_gradient(z, y, weight=None, pos_weight=None):
    c = 1 if pos_weight is None else pos_weight
    gradient = (1 - y) * _naive_sigmoid(z) - c * y * (1 - _naive_sigmoid(z))
    return gradient if weight is None else weight * gradient


def _logits_pytorch(input, target, *, weight=None, pos_weight=None, reduction):
    return F.binary_cross_entropy_with_logits(input, target, weight=weight, pos_weight=pos_weight,
                                              reduction=reduction)


@only_when(_plain)
def _logits_keras(input, target, weight=None, pos_weight=None):
    return keras.losses.BinaryCrossentropy(from_logits=True)(target, input)


@only_when(_plain)
def _logits_optax(input, target, weight=None, pos_weight=None):
    return optax.losses.sigmoid_binary_cross_entropy(input, target).mean()


@only_when(_plain)
@hard_labels
def _logits_reference(input, target, weight=None, pos_weight=None):
    return sklearn.metrics.log_loss(target, scipy.special.expit(input), labels=[0, 1])


def _naive_pair(z):
    positive = _naive_sigmoid(z)
    return positive, _naive_sigmoid(-z)


def _logits_cancelling(z, y, *, gradient, weight=None, pos_weight=None):
    # (1 - y) σ(z) - c y σ(-z): the two terms of the gradient.
    if not gradient:
        return None
    positive, negative = _naive_pair(z)
    return (1 - y) * positive, (1 if pos_weight is None else pos_weight) * y * negative


# --- sigmoid_focal_loss ------------------------------------------------------------

def _focal_exact(z, y, alpha=0.25, gamma=2.0):
    z, y = mp(z), mp(y)
    p = ex.sigmoid(z)
    cross_entropy = -(y * mpmath.log(p) + (1 - y) * mpmath.log(ex.sigmoid(-z)))
    miss = p * (1 - y) + ex.sigmoid(-z) * y  # 1 - p_t, written so that 400 digits resolve it
    weight = 1 if alpha < 0 else mp(alpha) * y + (1 - mp(alpha)) * (1 - y)
    return weight * cross_entropy * miss ** mp(gamma) if miss else mp(0)


def _focal_exact_gradient(z, y, alpha=0.25, gamma=2.0):
    # d/dz [α_t ce u^γ] = α_t u^γ [σ(z) - y + γ ce (1 - 2y) σ(z) σ(-z) / u],  u = 1 - p_t.
    z, y, gamma = mp(z), mp(y), mp(gamma)
    positive, negative = ex.sigmoid(z), ex.sigmoid(-z)
    cross_entropy = -(y * mpmath.log(positive) + (1 - y) * mpmath.log(negative))
    miss = positive * (1 - y) + negative * y
    if not miss:
        return mp(0)
    weight = 1 if alpha < 0 else mp(alpha) * y + (1 - mp(alpha)) * (1 - y)
    slope = (1 - y) * positive - y * negative
    return weight * miss**gamma * (slope + gamma * cross_entropy * (1 - 2 * y) * positive * negative / miss)


def _focal_naive(z, y, alpha=0.25, gamma=2.0):
    p = _naive_sigmoid(z)
    cross_entropy = -(y * np.log(p) + (1 - y) * np.log(1 - p))
    p_t = p * y + (1 - p) * (1 - y)
    alpha_t = 1.0 if alpha < 0 else alpha * y + (1 - alpha) * (1 - y)
    return alpha_t * (1 - p_t) ** gamma * cross_entropy


def _focal_naive_gradient(z, y, alpha=0.25, gamma=2.0):
    p = _naive_sigmoid(z)
    cross_entropy = -(y * np.log(p) + (1 - y) * np.log(1 - p))
    miss = 1 - (p * y + (1 - p) * (1 - y))
    alpha_t = 1.0 if alpha < 0 else alpha * y + (1 - alpha) * (1 - y)
    with np.errstate(divide="ignore", invalid="ignore"):
        return alpha_t * miss**gamma * (p - y + gamma * cross_entropy * (1 - 2 * y) * p * (1 - p) / miss)


def _focal_cancelling(z, y, *, gradient, alpha=0.25, gamma=2.0):
    # The gradient's bracket: (1 - y) σ(z) - y σ(-z) + γ ce (1 - 2y) v, its positive and negative parts.
    if not gradient:
        return None
    positive, negative = _naive_pair(z)
    cross_entropy = y * np.logaddexp(0, -z) + (1 - y) * np.logaddexp(0, z)
    miss = positive * (1 - y) + negative * y
    focusing = gamma * cross_entropy * (1 - 2 * y) * positive * negative / miss
    return (1 - y) * positive + np.maximum(focusing, 0), y * negative + np.maximum(-focusing, 0)


@shown_as("torchvision.ops.sigmoid_focal_loss(input, target, alpha=alpha, gamma=gamma)")
def _focal_pytorch_nan(input, target, settings):
    """torchvision's (1 - p_t) ** γ with γ < 1 has an infinite derivative where p_t
    rounds to 1 (a confident right answer, |z| > 36.7): autograd multiplies 0 by inf."""
    confident = ((input > 36.7) & (target == 1)) | ((input < -36.7) & (target == 0))
    return (0 < settings["gamma"] < 1) & confident


def _focal_pytorch(input, target, *, alpha, gamma, reduction):
    # torchvision's published definition (torchvision/ops/focal_loss.py), re-typed:
    # its PyPI wheel does not load beside the PyTorch 2.13 build used here.
    p = torch.sigmoid(input)
    ce_loss = F.binary_cross_entropy_with_logits(input, target, reduction="none")
    p_t = p * target + (1 - p) * (1 - target)
    loss = ce_loss * ((1 - p_t) ** gamma)
    if alpha >= 0:
        alpha_t = alpha * target + (1 - alpha) * (1 - target)
        loss = alpha_t * loss
    return reduced(loss, reduction=reduction)


@only_when(lambda alpha, gamma: alpha >= 0)
def _focal_keras(input, target, *, alpha, gamma):
    return keras.losses.BinaryFocalCrossentropy(apply_class_balancing=True, alpha=alpha, gamma=gamma,
                                                from_logits=True)(target, input)


@only_when(lambda alpha, gamma: alpha >= 0)
def _focal_optax(input, target, *, alpha, gamma):
    return optax.losses.sigmoid_focal_loss(input, target, alpha=alpha, gamma=gamma).mean()


# --- binary_hinge ----------------------------------------------------------------

def _binary_hinge_exact(s, y, squared=False):
    shortfall = max(mp(0), 1 - mp(y) * mp(s))
    return shortfall**2 if squared else shortfall


def _binary_hinge_exact_gradient(s, y, squared=False):
    shortfall = max(mp(0), 1 - mp(y) * mp(s))
    return -mp(y) * (2 * shortfall if squared else (1 if shortfall > 0 else 0))


def _binary_hinge_naive(s, y, squared=False):
    shortfall = np.maximum(0, 1 - y * s)
    return shortfall**2 if squared else shortfall


def _binary_hinge_naive_gradient(s, y, squared=False):
    shortfall = np.maximum(0, 1 - y * s)
    return -y * (2 * shortfall if squared else (shortfall > 0))


def _binary_hinge_pytorch(input, target, *, squared, reduction):
    return reduced(F.relu(1 - target * input) ** (2 if squared else 1), reduction=reduction)


def _binary_hinge_keras(input, target, *, squared):
    return (keras.losses.SquaredHinge() if squared else keras.losses.Hinge())(target, input)


@only_when(lambda squared: not squared)
def _binary_hinge_optax(input, target, *, squared):
    return optax.losses.hinge_loss(input, target).mean()


@only_when(lambda squared: not squared)
def _binary_hinge_reference(input, target, *, squared):
    return sklearn.metrics.hinge_loss(target, input)


# --- cross_entropy ------------------------------------------------------------------

def _target_mass(row, target, weight=None, label_smoothing=0.0, ignore_index=-100):
    """PyTorch's effective target Q_k = w_k [(1 - ε) q_k + ε / K], and 0 for an ignored target."""
    classes = len(row)
    if np.ndim(target) == 0:
        if target == ignore_index:
            return [mp(0)] * classes
        target = [1 if k == target else 0 for k in range(classes)]
    weights = [1] * classes if weight is None else [mp(w) for w in weight]
    smoothing = mp(label_smoothing)
    return [weights[k] * ((1 - smoothing) * mp(target[k]) + smoothing / classes) for k in range(classes)]


def _cross_entropy_exact(row, target, **settings):
    mass = _target_mass(row, target, **settings)
    return -ex.weighted_sum(mass, ex.log_softmax(row))


def _cross_entropy_exact_gradient(row, target, **settings):
    mass = _target_mass(row, target, **settings)
    total = mpmath.fsum(mass)
    return [p * total - q for p, q in zip(ex.softmax(row), mass)]


def _naive_target_mass(z, target, weight=None, label_smoothing=0.0, ignore_index=-100):
    classes = z.shape[1]
    if target.ndim == 1:
        active = (target != ignore_index)[:, None]
        target = np.eye(classes)[np.where(active[:, 0], target, 0)] * active
    else:
        active = 1.0
    mass = (1 - label_smoothing) * target + label_smoothing / classes * active
    return mass if weight is None else mass * weight


def _cross_entropy_naive(z, target, **settings):
    mass = _naive_target_mass(z, target, **settings)
    softmax = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
    with np.errstate(invalid="ignore"):
        return -np.sum(np.where(mass == 0, 0.0, mass * np.log(softmax)), axis=1)


def _cross_entropy_naive_gradient(z, target, **settings):
    mass = _naive_target_mass(z, target, **settings)
    softmax = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
    return softmax * mass.sum(axis=1, keepdims=True) - mass


def _cross_entropy_cancelling(z, target, *, gradient, **settings):
    # p_k S - Q_k, written -Q_k (1 - p_k) + (S - Q_k) p_k for a dominant class.
    # A one-hot target without smoothing cancels nowhere: 1 - p_y is computed as r / (1 + r).
    if not gradient or target.ndim == 1 and not settings.get("label_smoothing"):
        return None
    mass = _naive_target_mass(z, target, **settings)
    p = np.exp(z - z.max(axis=1, keepdims=True))
    p /= p.sum(axis=1, keepdims=True)
    total = mass.sum(axis=1, keepdims=True)
    dominant = p > 0.5
    return (np.where(dominant, mass * (1 - p), p * total), np.where(dominant, (total - mass) * p, mass))


def _cross_entropy_pytorch(input, target, *, weight=None, ignore_index=-100, label_smoothing=0.0, reduction):
    return F.cross_entropy(input, target, weight=weight, ignore_index=ignore_index, label_smoothing=label_smoothing,
                           reduction=reduction)


@only_when(_plain)
def _sparse_cross_entropy_keras(input, target, **settings):
    return keras.losses.SparseCategoricalCrossentropy(from_logits=True)(target, input)


@only_when(_plain)
def _sparse_cross_entropy_optax(input, target, **settings):
    return optax.losses.softmax_cross_entropy_with_integer_labels(input, target).mean()


@only_when(_plain)
def _sparse_cross_entropy_reference(input, target, **settings):
    return sklearn.metrics.log_loss(target, scipy.special.softmax(input, axis=1), labels=range(input.shape[1]))


@only_when(lambda weight=None, label_smoothing=0.0, ignore_index=-100: weight is None)
def _dense_cross_entropy_keras(input, target, *, label_smoothing=0.0, **settings):
    return keras.losses.CategoricalCrossentropy(from_logits=True, label_smoothing=label_smoothing)(target, input)


@only_when(_plain)
def _dense_cross_entropy_optax(input, target, **settings):
    return optax.losses.softmax_cross_entropy(input, target).mean()


# --- nll_loss ---------------------------------------------------------------------------

def _nll_exact(row, target, weight=None, ignore_index=-100):
    if target == ignore_index:
        return mp(0)
    return -mp(row[target]) * (1 if weight is None else mp(weight[target]))


def _nll_exact_gradient(row, target, weight=None, ignore_index=-100):
    scale = mp(0) if target == ignore_index else -(1 if weight is None else mp(weight[target]))
    return [scale if k == target else mp(0) for k in range(len(row))]


def _nll_naive(x, target, weight=None, ignore_index=-100):
    active = target != ignore_index
    safe = np.where(active, target, 0)
    picked = -x[np.arange(len(target)), safe] * (1 if weight is None else weight[safe])
    return np.where(active, picked, 0.0)


def _nll_naive_gradient(x, target, weight=None, ignore_index=-100):
    active = target != ignore_index
    safe = np.where(active, target, 0)
    gradient = np.zeros_like(x)
    gradient[np.arange(len(target)), safe] = -(1.0 if weight is None else weight[safe]) * active
    return gradient


def _nll_pytorch(input, target, *, weight=None, ignore_index=-100, reduction):
    return F.nll_loss(input, target, weight=weight, ignore_index=ignore_index, reduction=reduction)


# --- kl_div -----------------------------------------------------------------------------

def _kl_exact(x, t, log_target=False):
    x, t = mp(x), mp(t)
    if log_target:
        return mpmath.exp(t) * (t - x)
    return t * (mpmath.log(t) - x) if t else mp(0)


def _kl_exact_gradient(x, t, log_target=False):
    return -(mpmath.exp(mp(t)) if log_target else mp(t))


def _kl_naive(x, t, log_target=False):
    if log_target:
        return np.exp(t) * (t - x)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(t == 0, 0.0, t * (np.log(t) - x))


def _kl_cancelling(x, t, *, gradient, log_target=False):
    # t (ln t - x): ln t is rounded, and cancels against x where the distributions agree.
    if gradient or log_target:
        return None
    with np.errstate(divide="ignore"):
        return np.log(t), x


def _kl_pytorch(input, target, *, log_target=False, reduction):
    return F.kl_div(input, target, reduction=reduction, log_target=log_target)


def _kl_keras(input, target, *, log_target=False):
    return keras.losses.KLDivergence()(np.exp(target) if log_target else target, np.exp(input))


def _kl_optax(input, target, *, log_target=False):
    return (optax.losses.kl_divergence_with_log_targets(input, target) if log_target
            else optax.losses.kl_divergence(input, target)).mean()


@only_when(lambda log_target=False: not log_target)
def _kl_reference(input, target, *, log_target=False):
    return scipy.special.rel_entr(target, np.exp(input)).sum(axis=-1).mean()


# --- multiclass_hinge ----------------------------------------------------------------------

def _hinge_terms(row, target, margin):
    row = [mp(v) for v in row]
    return [row[j] - row[target] + mp(margin) for j in range(len(row)) if j != target]


def _hinge_exact(row, target, margin=1.0, variant="weston_watkins"):
    terms = _hinge_terms(row, target, margin)
    if variant == "crammer_singer":
        return max([mp(0)] + terms)
    return mpmath.fsum(max(mp(0), term) for term in terms)


def _hinge_exact_gradient(row, target, margin=1.0, variant="weston_watkins"):
    values = [mp(v) for v in row]
    gradient = [mp(0)] * len(row)
    others = [j for j in range(len(row)) if j != target]
    if variant == "crammer_singer":
        violators = [j for j in others if values[j] - values[target] + margin > 0]
        if violators:
            largest = max(violators, key=lambda j: (values[j], -j))
            gradient[largest], gradient[target] = mp(1), mp(-1)
        return gradient
    for j in others:
        if values[j] - values[target] + margin > 0:
            gradient[j] += 1
            gradient[target] -= 1
    return gradient


def _hinge_naive(s, target, margin=1.0, variant="weston_watkins"):
    rows = np.arange(len(target))
    gaps = s - s[rows, target][:, None] + margin
    gaps[rows, target] = -np.inf
    if variant == "crammer_singer":
        return np.maximum(gaps.max(axis=1), 0)
    return np.sum(np.maximum(gaps, 0), axis=1)


def _hinge_naive_gradient(s, target, margin=1.0, variant="weston_watkins"):
    rows = np.arange(len(target))
    gaps = s - s[rows, target][:, None] + margin
    gaps[rows, target] = -np.inf
    gradient = np.zeros_like(s)
    if variant == "crammer_singer":
        largest = gaps.argmax(axis=1)
        violated = gaps[rows, largest] > 0
        gradient[rows, largest] += violated
        gradient[rows, target] -= violated
        return gradient
    gradient += gaps > 0
    gradient[rows, target] = -gradient.sum(axis=1)
    return gradient


@only_when(lambda margin=1.0, variant="weston_watkins": variant == "weston_watkins")
def _hinge_pytorch(input, target, *, margin=1.0, variant="weston_watkins", reduction):
    return input.shape[1] * F.multi_margin_loss(input, target, margin=margin, reduction=reduction)


@only_when(lambda margin=1.0, variant="weston_watkins": variant == "crammer_singer" and margin == 1.0)
def _hinge_optax(input, target, **settings):
    return optax.losses.multiclass_hinge_loss(input, target).mean()


@only_when(lambda margin=1.0, variant="weston_watkins": variant == "crammer_singer" and margin == 1.0)
def _hinge_reference(input, target, **settings):
    return sklearn.metrics.hinge_loss(target, input, labels=range(input.shape[1]))


def _hinge_kinks(input, target, margin=1.0, variant="weston_watkins"):
    scores = np.asarray(input)
    correct = np.take_along_axis(scores, np.asarray(target)[:, None], axis=-1)
    gaps = scores - correct + margin
    near = np.abs(gaps) < 1e-3
    if variant == "crammer_singer":  # also where the largest violator changes
        ordered = np.sort(np.where(np.arange(scores.shape[1]) == np.asarray(target)[:, None], -np.inf, scores), axis=1)
        near |= (ordered[:, -1:] - ordered[:, -2:-1]) < 1e-3
    return np.broadcast_to(np.any(near, axis=-1, keepdims=True), scores.shape)


ENTRIES = (
    Entry(
        "binary_cross_entropy", losses.binary_cross_entropy, losses.binary_cross_entropy_grad, "classification",
        cases=(Case(kinds.PROBABILITY, settings=({}, {"weight": ELEMENT_WEIGHT})),),
        exact=_bce_exact, exact_gradient=_bce_exact_gradient,
        naive=_bce_naive, naive_gradient=_bce_naive_gradient,
        pytorch=_bce_pytorch, keras=_bce_keras, reference=_bce_reference,
    ),
    Entry(
        "binary_cross_entropy_with_logits", losses.binary_cross_entropy_with_logits,
        losses.binary_cross_entropy_with_logits_grad, "classification",
        cases=(Case(kinds.LOGIT, settings=({}, {"weight": ELEMENT_WEIGHT}, {"pos_weight": LAST_AXIS_WEIGHT},
                                           {"weight": ELEMENT_WEIGHT, "pos_weight": LAST_AXIS_WEIGHT}),
                    accuracy_settings=({}, {"pos_weight": 3.0})),),
        exact=_logits_exact, exact_gradient=_logits_exact_gradient,
        naive=_logits_naive, naive_gradient=_logits_naive_gradient,
        pytorch=_logits_pytorch, keras=_logits_keras, optax=_logits_optax, reference=_logits_reference,
        cancelling_terms=_logits_cancelling,
    ),
    Entry(
        "sigmoid_focal_loss", losses.sigmoid_focal_loss, losses.sigmoid_focal_loss_grad, "classification",
        cases=(Case(kinds.LOGIT, settings=({"alpha": 0.25, "gamma": 2.0}, {"alpha": -1.0, "gamma": 0.0},
                                           {"alpha": 0.7, "gamma": 0.5}, {"alpha": 0.25, "gamma": 1.0}),
                    accuracy_settings=({"alpha": 0.25, "gamma": 2.0}, {"alpha": -1.0, "gamma": 0.5})),),
        exact=_focal_exact, exact_gradient=_focal_exact_gradient,
        naive=_focal_naive, naive_gradient=_focal_naive_gradient,
        pytorch=_focal_pytorch, keras=_focal_keras, optax=_focal_optax,
        cancelling_terms=_focal_cancelling, pytorch_gradient_nan=_focal_pytorch_nan,
    ),
    Entry(
        "binary_hinge", losses.binary_hinge, losses.binary_hinge_grad, "classification",
        cases=(Case(kinds.SIGNED, settings=({"squared": False}, {"squared": True}),
                    accuracy_settings=({"squared": False}, {"squared": True})),),
        exact=_binary_hinge_exact, exact_gradient=_binary_hinge_exact_gradient,
        naive=_binary_hinge_naive, naive_gradient=_binary_hinge_naive_gradient,
        pytorch=_binary_hinge_pytorch, keras=_binary_hinge_keras, optax=_binary_hinge_optax,
        reference=_binary_hinge_reference,
        kinks=lambda s, y, squared=False: np.abs(1 - y * s) < 1e-3,
    ),
    Entry(
        "cross_entropy", losses.cross_entropy, losses.cross_entropy_grad, "classification",
        cases=(
            Case(kinds.CLASS_INDICES, label="class indices",
                 settings=({}, {"label_smoothing": 0.2}, {"weight": CLASS_WEIGHT}, {"ignore_index": 1},
                           {"weight": CLASS_WEIGHT, "ignore_index": 2, "label_smoothing": 0.3}),
                 accuracy_settings=({}, {"label_smoothing": 0.1}, {"label_smoothing": 1.0}),
                 keras=_sparse_cross_entropy_keras, optax=_sparse_cross_entropy_optax,
                 reference=_sparse_cross_entropy_reference),
            Case(kinds.CLASS_PROBABILITIES, label="probabilities",
                 settings=({}, {"label_smoothing": 0.2}, {"weight": CLASS_WEIGHT},
                           {"weight": CLASS_WEIGHT, "label_smoothing": 0.3}),
                 accuracy_settings=({}, {"label_smoothing": 0.1}),
                 keras=_dense_cross_entropy_keras, optax=_dense_cross_entropy_optax),
        ),
        exact=_cross_entropy_exact, exact_gradient=_cross_entropy_exact_gradient,
        naive=_cross_entropy_naive, naive_gradient=_cross_entropy_naive_gradient,
        pytorch=_cross_entropy_pytorch,
        cancelling_terms=_cross_entropy_cancelling, spatial=True,
    ),
    Entry(
        "nll_loss", losses.nll_loss, losses.nll_loss_grad, "classification",
        cases=(Case(kinds.LOG_PROBABILITY_INDICES,
                    settings=({}, {"weight": CLASS_WEIGHT}, {"ignore_index": 0},
                              {"weight": CLASS_WEIGHT, "ignore_index": 3})),),
        exact=_nll_exact, exact_gradient=_nll_exact_gradient,
        naive=_nll_naive, naive_gradient=_nll_naive_gradient,
        pytorch=_nll_pytorch, spatial=True,
    ),
    Entry(
        "kl_div", losses.kl_div, losses.kl_div_grad, "classification",
        cases=(Case(kinds.DISTRIBUTIONS, settings=({"log_target": False}, {"log_target": True}),
                    accuracy_settings=({"log_target": False},), reduction="batchmean"),),
        exact=_kl_exact, exact_gradient=_kl_exact_gradient,
        naive=_kl_naive, naive_gradient=lambda x, t, log_target=False: -(np.exp(t) if log_target else t),
        pytorch=_kl_pytorch, keras=_kl_keras, optax=_kl_optax, reference=_kl_reference,
        cancelling_terms=_kl_cancelling, negative_terms=True,
    ),
    Entry(
        "multiclass_hinge", losses.multiclass_hinge, losses.multiclass_hinge_grad, "classification",
        cases=(Case(kinds.CLASS_INDICES,
                    settings=({}, {"margin": 0.5}, {"variant": "crammer_singer"},
                              {"variant": "crammer_singer", "margin": 2.0}),
                    accuracy_settings=({}, {"variant": "crammer_singer"})),),
        exact=_hinge_exact, exact_gradient=_hinge_exact_gradient,
        naive=_hinge_naive, naive_gradient=_hinge_naive_gradient,
        pytorch=_hinge_pytorch, optax=_hinge_optax, reference=_hinge_reference,
        kinks=_hinge_kinks,
        documented={"keras": "https://keras.io/api/losses/hinge_losses/#categoricalhinge-class"},
    ),
)
