"""Catalog entries of `losses.activations`."""

from __future__ import annotations

import numpy as np

import losses

from . import Case, Entry, kinds
from . import exact as ex
from .exact import mp, mpmath
from .frameworks import F, jax, keras, scipy, torch


def _naive_sigmoid(z):
    return 1 / (1 + np.exp(-z))


# --- sigmoid ------------------------------------------------------------------

def _sigmoid_pytorch(z):
    return torch.sigmoid(z)


def _sigmoid_keras(z):
    return keras.activations.sigmoid(z)


def _sigmoid_jax(z):
    return jax.nn.sigmoid(z)


def _sigmoid_reference(z):
    return scipy.special.expit(z)


# --- tanh -----------------------------------------------------------------------

def _tanh_pytorch(z):
    return torch.tanh(z)


def _tanh_keras(z):
    return keras.activations.tanh(z)


def _tanh_jax(z):
    return jax.numpy.tanh(z)


def _tanh_reference(z):
    return np.tanh(z)


# --- relu -----------------------------------------------------------------------

def _relu_pytorch(z):
    return torch.relu(z)


def _relu_keras(z):
    return keras.activations.relu(z)


def _relu_jax(z):
    return jax.nn.relu(z)


# --- softplus -------------------------------------------------------------------

def _softplus_pytorch(z):
    # PyTorch's default threshold=20 returns z itself above 20 (see the accuracy table).
    return F.softplus(z)


def _softplus_keras(z):
    return keras.activations.softplus(z)


def _softplus_jax(z):
    return jax.nn.softplus(z)


def _softplus_reference(z):
    return np.logaddexp(0, z)


# --- softmax and log_softmax ----------------------------------------------------------

def _softmax_pytorch(z):
    return torch.softmax(z, dim=-1)


def _softmax_keras(z):
    return keras.activations.softmax(z, axis=-1)


def _softmax_jax(z):
    return jax.nn.softmax(z, axis=-1)


def _softmax_reference(z):
    return scipy.special.softmax(z, axis=-1)


def _log_softmax_pytorch(z):
    return torch.log_softmax(z, dim=-1)


def _log_softmax_keras(z):
    return keras.activations.log_softmax(z, axis=-1)


def _log_softmax_jax(z):
    return jax.nn.log_softmax(z, axis=-1)


def _log_softmax_reference(z):
    return scipy.special.log_softmax(z, axis=-1)


def _naive_softmax(z):
    return np.exp(z) / np.exp(z).sum(axis=-1, keepdims=True)


def _softmax_jacobian_pytorch(z):
    return torch.func.vmap(torch.func.jacrev(lambda row: torch.softmax(row, dim=-1)))(z)


def _exact_jacobian(row):
    p = ex.softmax(row)
    return [p[i] * ((1 if i == j else 0) - p[j]) for i in range(len(p)) for j in range(len(p))]


def _naive_jacobian(z):
    s = _naive_softmax(z)
    return s[..., :, None] * (np.eye(s.shape[-1]) - s[..., None, :])


ELEMENTWISE = (Case(kinds.ELEMENTWISE),)
CLASS_AXIS = (Case(kinds.CLASS_AXIS),)

ENTRIES = (
    Entry(
        "sigmoid", losses.sigmoid, losses.sigmoid_grad, "activations", ELEMENTWISE,
        exact=ex.sigmoid,
        exact_gradient=lambda z: ex.sigmoid(z) * (1 - ex.sigmoid(z)),
        naive=_naive_sigmoid,
        naive_gradient=lambda z: _naive_sigmoid(z) * (1 - _naive_sigmoid(z)),
        pytorch=_sigmoid_pytorch, keras=_sigmoid_keras, optax=_sigmoid_jax, reference=_sigmoid_reference,
    ),
    Entry(
        "tanh", losses.tanh, losses.tanh_grad, "activations", ELEMENTWISE,
        exact=lambda z: mpmath.tanh(mp(z)),
        exact_gradient=lambda z: mpmath.sech(mp(z)) ** 2,
        naive=lambda z: (np.exp(z) - np.exp(-z)) / (np.exp(z) + np.exp(-z)),
        naive_gradient=lambda z: 1 - np.tanh(z) ** 2,
        pytorch=_tanh_pytorch, keras=_tanh_keras, optax=_tanh_jax, reference=_tanh_reference,
    ),
    Entry(
        "relu", losses.relu, losses.relu_grad, "activations", ELEMENTWISE,
        exact=lambda z: max(mp(z), mp(0)),
        exact_gradient=lambda z: mp(1) if z > 0 else mp(0),
        naive=lambda z: np.maximum(z, 0),
        naive_gradient=lambda z: (z > 0).astype(float),
        pytorch=_relu_pytorch, keras=_relu_keras, optax=_relu_jax,
        kinks=lambda z, target=None: np.abs(z) < 1e-4,
    ),
    Entry(
        "softplus", losses.softplus, losses.softplus_grad, "activations", ELEMENTWISE,
        exact=ex.softplus,
        exact_gradient=ex.sigmoid,
        naive=lambda z: np.log(1 + np.exp(z)),
        naive_gradient=lambda z: np.exp(z) / (1 + np.exp(z)),
        pytorch=_softplus_pytorch, keras=_softplus_keras, optax=_softplus_jax, reference=_softplus_reference,
    ),
    Entry(
        "softmax", losses.softmax, None, "activations", CLASS_AXIS,
        exact=ex.softmax,
        naive=_naive_softmax,
        pytorch=_softmax_pytorch, keras=_softmax_keras, optax=_softmax_jax, reference=_softmax_reference,
    ),
    Entry(
        "log_softmax", losses.log_softmax, None, "activations", CLASS_AXIS,
        exact=ex.log_softmax,
        naive=lambda z: np.log(_naive_softmax(z)),
        pytorch=_log_softmax_pytorch, keras=_log_softmax_keras, optax=_log_softmax_jax,
        reference=_log_softmax_reference,
    ),
    Entry(
        "softmax_jacobian", losses.softmax_jacobian, None, "activations", (Case(kinds.SMALL_CLASS_AXIS),),
        exact=_exact_jacobian,
        naive=_naive_jacobian,
        pytorch=_softmax_jacobian_pytorch,
    ),
)
