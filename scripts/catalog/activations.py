"""Catalog entries of `losses.activations`."""

from __future__ import annotations

import numpy as np

import losses

from . import Case, Entry, kinds
from . import exact as ex
from .exact import mp, mpmath
from .frameworks import F, jax, keras, only_when, scipy, torch


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


# --- leaky_relu -------------------------------------------------------------------

def _leaky_relu_exact(z, negative_slope=0.01):
    return mp(z) if z > 0 else mp(negative_slope) * mp(z)


def _leaky_relu_pytorch(z, *, negative_slope):
    return F.leaky_relu(z, negative_slope=negative_slope)


def _leaky_relu_keras(z, *, negative_slope):
    return keras.activations.leaky_relu(z, negative_slope=negative_slope)


def _leaky_relu_jax(z, *, negative_slope):
    return jax.nn.leaky_relu(z, negative_slope=negative_slope)


# --- elu --------------------------------------------------------------------------

def _elu_exact(z, alpha=1.0):
    return mp(z) if z > 0 else mp(alpha) * mpmath.expm1(mp(z))


def _elu_exact_gradient(z, alpha=1.0):
    return mp(1) if z > 0 else mp(alpha) * mpmath.exp(mp(z))


def _elu_pytorch(z, *, alpha):
    return F.elu(z, alpha=alpha)


def _elu_keras(z, *, alpha):
    return keras.activations.elu(z, alpha=alpha)


def _elu_jax(z, *, alpha):
    return jax.nn.elu(z, alpha=alpha)


# --- gelu -------------------------------------------------------------------------
# The tanh approximation's argument w = 2u = 2√(2/π)(z + 0.044715 z³), with its
# constants exact; (1 + tanh u)/2 = σ(2u) keeps the oracles free of 1 + tanh u,
# which 400 digits cannot resolve once u < -460.

def _tanh_argument_exact(z):
    z = mp(z)
    return 2 * mpmath.sqrt(2 / mpmath.pi) * (z + mpmath.mpf("0.044715") * z**3)


def _gelu_exact(z, approximate="none"):
    if approximate == "tanh":
        return mp(z) * ex.sigmoid(_tanh_argument_exact(z))
    return mp(z) * ex.normal_cdf(z)


def _gelu_exact_gradient(z, approximate="none"):
    z = mp(z)
    if approximate == "tanh":
        w = _tanh_argument_exact(z)
        slope = 2 * mpmath.sqrt(2 / mpmath.pi) * (1 + 3 * mpmath.mpf("0.044715") * z**2)
        return ex.sigmoid(w) * (1 + z * slope * ex.sigmoid(-w))
    return ex.normal_cdf(z) + z * mpmath.npdf(z)


def _gelu_naive(z, approximate="none"):
    if approximate == "tanh":
        return 0.5 * z * (1 + np.tanh(np.sqrt(2 / np.pi) * (z + 0.044715 * z**3)))
    return 0.5 * z * (1 + scipy.special.erf(z / np.sqrt(2)))


def _gelu_naive_gradient(z, approximate="none"):
    if approximate == "tanh":
        u = np.sqrt(2 / np.pi) * (z + 0.044715 * z**3)
        return (0.5 * (1 + np.tanh(u))
                + 0.5 * z * (1 - np.tanh(u) ** 2) * np.sqrt(2 / np.pi) * (1 + 3 * 0.044715 * z**2))
    return 0.5 * (1 + scipy.special.erf(z / np.sqrt(2))) + z * np.exp(-z**2 / 2) / np.sqrt(2 * np.pi)


def _gelu_cancelling(z, gradient=False, approximate="none"):
    """The derivative is Φ(z) − (−z φ(z)) (or its tanh analogue): zero at z ≈ −0.7518."""
    if not gradient:
        return None
    if approximate == "tanh":
        w = np.sqrt(8 / np.pi) * (z + 0.044715 * z**3)
        slope = np.sqrt(8 / np.pi) * (1 + 3 * 0.044715 * z**2)
        gate = scipy.special.expit(w)
        return gate, -z * slope * gate * scipy.special.expit(-w)
    return scipy.special.ndtr(z), -z * np.exp(-z**2 / 2) / np.sqrt(2 * np.pi)


def _gelu_pytorch(z, *, approximate):
    return F.gelu(z, approximate=approximate)


def _gelu_keras(z, *, approximate):
    return keras.activations.gelu(z, approximate=approximate == "tanh")


def _gelu_jax(z, *, approximate):
    # JAX's default is approximate=True, the tanh form.
    return jax.nn.gelu(z, approximate=approximate == "tanh")


@only_when(lambda approximate: approximate == "none")
def _gelu_reference(z, *, approximate):
    return z * scipy.special.ndtr(z)


# --- silu -------------------------------------------------------------------------

def _silu_exact_gradient(z):
    return ex.sigmoid(z) * (1 + mp(z) * ex.sigmoid(-mp(z)))


def _silu_cancelling(z, gradient=False):
    """The derivative is σ(z) − (−z σ(z) σ(−z)): zero at z ≈ −1.2785."""
    if not gradient:
        return None
    gate = scipy.special.expit(z)
    return gate, -z * gate * scipy.special.expit(-z)


def _silu_pytorch(z):
    return F.silu(z)


def _silu_keras(z):
    return keras.activations.silu(z)


def _silu_jax(z):
    return jax.nn.silu(z)


def _silu_reference(z):
    return z * scipy.special.expit(z)


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
        "leaky_relu", losses.leaky_relu, losses.leaky_relu_grad, "activations",
        (Case(kinds.FINE_ELEMENTWISE, settings=({"negative_slope": 0.01}, {"negative_slope": 0.2}),
              accuracy_settings=({"negative_slope": 0.01}, {"negative_slope": 0.2})),),
        exact=_leaky_relu_exact,
        exact_gradient=lambda z, negative_slope=0.01: mp(1) if z > 0 else mp(negative_slope),
        naive=lambda z, negative_slope=0.01: np.where(z > 0, z, negative_slope * z),
        naive_gradient=lambda z, negative_slope=0.01: np.where(z > 0, 1.0, negative_slope),
        pytorch=_leaky_relu_pytorch, keras=_leaky_relu_keras, optax=_leaky_relu_jax,
        kinks=lambda z, target=None, **settings: np.abs(z) < 1e-4,
    ),
    Entry(
        "elu", losses.elu, losses.elu_grad, "activations",
        (Case(kinds.FINE_ELEMENTWISE, settings=({"alpha": 1.0}, {"alpha": 0.3}),
              accuracy_settings=({"alpha": 1.0}, {"alpha": 1.6732632423543772})),),
        exact=_elu_exact, exact_gradient=_elu_exact_gradient,
        naive=lambda z, alpha=1.0: np.where(z > 0, z, alpha * (np.exp(z) - 1)),
        naive_gradient=lambda z, alpha=1.0: np.where(z > 0, 1.0, alpha * np.exp(z)),
        pytorch=_elu_pytorch, keras=_elu_keras, optax=_elu_jax,
        # With alpha != 1 the slope jumps from alpha to 1 at 0.
        kinks=lambda z, target=None, **settings: np.abs(z) < 1e-4,
    ),
    Entry(
        "gelu", losses.gelu, losses.gelu_grad, "activations",
        (Case(kinds.FINE_ELEMENTWISE, settings=({"approximate": "none"}, {"approximate": "tanh"}),
              accuracy_settings=({"approximate": "none"}, {"approximate": "tanh"})),),
        exact=_gelu_exact, exact_gradient=_gelu_exact_gradient,
        naive=_gelu_naive, naive_gradient=_gelu_naive_gradient,
        pytorch=_gelu_pytorch, keras=_gelu_keras, optax=_gelu_jax, reference=_gelu_reference,
        cancelling_terms=_gelu_cancelling,
    ),
    Entry(
        "silu", losses.silu, losses.silu_grad, "activations", (Case(kinds.FINE_ELEMENTWISE),),
        exact=lambda z: mp(z) * ex.sigmoid(z),
        exact_gradient=_silu_exact_gradient,
        naive=lambda z: z / (1 + np.exp(-z)),
        naive_gradient=lambda z: _naive_sigmoid(z) * (1 + z * (1 - _naive_sigmoid(z))),
        pytorch=_silu_pytorch, keras=_silu_keras, optax=_silu_jax, reference=_silu_reference,
        cancelling_terms=_silu_cancelling,
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
