"""Catalog entries of `losses.regression`."""

from __future__ import annotations

import numpy as np

import losses

from . import Case, Entry, kinds
from .exact import mp, mpmath
from .frameworks import F, keras, only_when, optax, scipy, sklearn


def _near(residual_threshold):
    """Kinks where |ŷ - y| is within 1e-3 of a threshold named after a setting (or a number)."""
    def kinks(input, target, **settings):
        residual = np.abs(np.asarray(input) - np.asarray(target))
        threshold = settings.get(residual_threshold, 1.0) if isinstance(residual_threshold, str) else residual_threshold
        return np.abs(residual - threshold) < 1e-3
    return kinks


def _either(*tests):
    return lambda input, target, **settings: np.any([test(input, target, **settings) for test in tests], axis=0)


# --- mse ----------------------------------------------------------------------

def _mse_pytorch(input, target, *, reduction):
    return F.mse_loss(input, target, reduction=reduction)


def _mse_keras(input, target):
    return keras.losses.MeanSquaredError()(target, input)


def _mse_optax(input, target):
    return optax.losses.squared_error(input, target).mean()


def _mse_reference(input, target):
    return sklearn.metrics.mean_squared_error(target, input)


# --- l1 -----------------------------------------------------------------------

def _l1_pytorch(input, target, *, reduction):
    return F.l1_loss(input, target, reduction=reduction)


def _l1_keras(input, target):
    return keras.losses.MeanAbsoluteError()(target, input)


def _l1_reference(input, target):
    return sklearn.metrics.mean_absolute_error(target, input)


# --- smooth_l1 and huber --------------------------------------------------------

def _smooth_l1_exact(x, y, beta=1.0):
    r, beta = abs(mp(x) - mp(y)), mp(beta)
    return r * r / (2 * beta) if r < beta else r - beta / 2


def _smooth_l1_exact_gradient(x, y, beta=1.0):
    r = mp(x) - mp(y)
    return r / mp(beta) if abs(r) < beta else mpmath.sign(r)


def _smooth_l1_naive(x, y, beta=1.0):
    r = np.abs(x - y)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(r < beta, r**2 / (2 * beta), r - beta / 2)


def _smooth_l1_naive_gradient(x, y, beta=1.0):
    r = x - y
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(np.abs(r) < beta, r / beta, np.sign(r))


def _smooth_l1_pytorch(input, target, *, beta, reduction):
    return F.smooth_l1_loss(input, target, beta=beta, reduction=reduction)


# Keras turns delta into a float32 constant, so a beta below float32's range is 0 there.
@only_when(lambda beta: beta > 1e-30)
def _smooth_l1_keras(input, target, *, beta):
    return keras.losses.Huber(delta=beta)(target, input) / beta


@only_when(lambda beta: beta > 0)
def _smooth_l1_optax(input, target, *, beta):
    return optax.losses.huber_loss(input, target, delta=beta).mean() / beta


@only_when(lambda beta: beta > 0)
def _smooth_l1_reference(input, target, *, beta):
    return scipy.special.huber(beta, input - target).mean() / beta


def _huber_exact(x, y, delta=1.0):
    r, delta = abs(mp(x) - mp(y)), mp(delta)
    return r * r / 2 if r < delta else delta * (r - delta / 2)


def _huber_exact_gradient(x, y, delta=1.0):
    r = mp(x) - mp(y)
    return r if abs(r) < delta else delta * mpmath.sign(r)


def _huber_naive(x, y, delta=1.0):
    r = np.abs(x - y)
    return np.where(r < delta, r**2 / 2, delta * (r - delta / 2))


def _huber_pytorch(input, target, *, delta, reduction):
    return F.huber_loss(input, target, delta=delta, reduction=reduction)


def _huber_keras(input, target, *, delta):
    return keras.losses.Huber(delta=delta)(target, input)


def _huber_optax(input, target, *, delta):
    return optax.losses.huber_loss(input, target, delta=delta).mean()


def _huber_reference(input, target, *, delta):
    return scipy.special.huber(delta, input - target).mean()


ENTRIES = (
    Entry(
        "mse", losses.mse, losses.mse_grad, "regression",
        cases=(Case(kinds.REGRESSION),),
        exact=lambda x, y: (mp(x) - mp(y)) ** 2,
        exact_gradient=lambda x, y: 2 * (mp(x) - mp(y)),
        naive=lambda x, y: (x - y) ** 2,
        naive_gradient=lambda x, y: 2 * (x - y),
        pytorch=_mse_pytorch, keras=_mse_keras, optax=_mse_optax, reference=_mse_reference,
    ),
    Entry(
        "l1", losses.l1, losses.l1_grad, "regression",
        cases=(Case(kinds.REGRESSION),),
        exact=lambda x, y: abs(mp(x) - mp(y)),
        exact_gradient=lambda x, y: mpmath.sign(mp(x) - mp(y)),
        naive=lambda x, y: np.abs(x - y),
        naive_gradient=lambda x, y: np.sign(x - y),
        pytorch=_l1_pytorch, keras=_l1_keras, reference=_l1_reference,
        kinks=_near(0.0),
    ),
    Entry(
        "smooth_l1", losses.smooth_l1, losses.smooth_l1_grad, "regression",
        cases=(Case(kinds.REGRESSION,
                    settings=({"beta": 1.0}, {"beta": 0.5}, {"beta": 0.0}, {"beta": 1e-300}, {"beta": 1000.0}),
                    accuracy_settings=({"beta": 1.0}, {"beta": 0.5}, {"beta": 2.0}, {"beta": 1e-300},
                                       {"beta": 1000.0})),),
        exact=_smooth_l1_exact, exact_gradient=_smooth_l1_exact_gradient,
        naive=_smooth_l1_naive, naive_gradient=_smooth_l1_naive_gradient,
        pytorch=_smooth_l1_pytorch, keras=_smooth_l1_keras, optax=_smooth_l1_optax, reference=_smooth_l1_reference,
        kinks=_either(_near(0.0), _near("beta")),
    ),
    Entry(
        "huber", losses.huber, losses.huber_grad, "regression",
        cases=(Case(kinds.REGRESSION,
                    settings=({"delta": 1.0}, {"delta": 2.0}, {"delta": 0.3}, {"delta": 1e300}),
                    accuracy_settings=({"delta": 1.0}, {"delta": 0.5}, {"delta": 2.0}, {"delta": 1e300})),),
        exact=_huber_exact, exact_gradient=_huber_exact_gradient,
        naive=_huber_naive, naive_gradient=lambda x, y, delta=1.0: np.clip(x - y, -delta, delta),
        pytorch=_huber_pytorch, keras=_huber_keras, optax=_huber_optax, reference=_huber_reference,
        kinks=_near("delta"),
    ),
)
