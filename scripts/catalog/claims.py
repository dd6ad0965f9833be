"""Numbers the site states about other frameworks, each with the code that measures it.

A page writes ``[[claim:NAME]]`` where it states one of these numbers; the
site's build puts in the text recorded in docs/snippets/claims.json, which
scripts/claims.py writes from ``CLAIMS``, and tests/conformance/test_claims.py
measures every claim again.  The statements about other frameworks that are
not numbers are in `statements`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np

import losses

from .frameworks import F, jax, keras, torch


@dataclass(frozen=True)
class Claim:
    measure: Callable[[], float]
    format: str  # how the page shows it: a format spec, or "percent"
    description: str

    def text(self, value: float) -> str:
        if self.format == "percent":
            return f"{100 * value:.2g} %"
        if self.format.endswith("e"):
            return f"{value:{self.format}}".replace("e-0", "e-").replace("e+0", "e")
        return f"{value:{self.format}}"


def _torch_derivative(function, z: np.ndarray, dtype=torch.float64) -> np.ndarray:
    tensor = torch.tensor(z, dtype=dtype, requires_grad=True)
    (gradient,) = torch.autograd.grad(function(tensor).sum(), tensor)
    return gradient.double().numpy()


def _first_zero(values: np.ndarray, z: np.ndarray) -> float:
    """The smallest z of a grid where the values become exactly 0 and stay 0."""
    nonzero = np.flatnonzero(values != 0)
    return float(z[nonzero[-1] + 1])


# z on a grid of 0.01: fine enough that a threshold reads the same as where
# the checklist page computes it (1 + e^{-z} rounds to 1 from z = 53 ln 2 = 36.74).
_FINE = np.round(np.arange(10.0, 45.0, 0.01), 2)


def pytorch_sigmoid_derivative_zero_from(dtype) -> float:
    return _first_zero(_torch_derivative(torch.sigmoid, _FINE, dtype), _FINE)


def pytorch_sigmoid_derivative_error(z: float) -> float:
    theirs = _torch_derivative(torch.sigmoid, np.array([z]))[0]
    return abs(theirs / float(losses.sigmoid_grad(z)) - 1)


def pytorch_tanh_derivative_zero_from() -> float:
    return _first_zero(_torch_derivative(torch.tanh, _FINE), _FINE)


def _pytorch_bce_logits(z: np.ndarray) -> np.ndarray:
    return F.binary_cross_entropy_with_logits(torch.tensor(z), torch.zeros(len(z), dtype=torch.float64),
                                              reduction="none").numpy()


_NEGATIVE = -np.round(np.arange(20.0, 45.0, 0.1), 1)


def pytorch_bce_logits_zero_below() -> float:
    """The largest true loss (y = 0, z < 0) that PyTorch returns as exactly 0."""
    zero = _pytorch_bce_logits(_NEGATIVE) == 0
    ours = losses.binary_cross_entropy_with_logits(_NEGATIVE, np.zeros(_NEGATIVE.size), reduction="none")
    return float(np.max(ours[zero]))


def pytorch_bce_logits_error(z: float) -> float:
    theirs = _pytorch_bce_logits(np.array([z]))[0]
    return abs(theirs / float(losses.binary_cross_entropy_with_logits([z], [0.0])) - 1)


_GELU_TAIL = -np.round(np.arange(3.0, 14.0, 0.1), 1)  # z from -3 down to -13.9, on a grid of 0.1


def pytorch_gelu_zero_below(dtype, approximate="none") -> float:
    """|z| from which PyTorch's GELU is exactly 0 for every z below (grid of 0.1)."""
    values = F.gelu(torch.tensor(_GELU_TAIL, dtype=dtype), approximate=approximate).double().numpy()
    return -_first_zero(values, _GELU_TAIL)


def pytorch_gelu_error(z: float) -> float:
    theirs = float(F.gelu(torch.tensor([z], dtype=torch.float64))[0])
    return abs(theirs / float(losses.gelu(z)) - 1)


_SILU_TAIL = -np.round(np.arange(700.0, 720.0, 0.1), 1)


def pytorch_silu_zero_below() -> float:
    """|z| from which PyTorch's float64 F.silu is exactly 0 for every z below (grid of 0.1)."""
    return -_first_zero(F.silu(torch.tensor(_SILU_TAIL, dtype=torch.float64)).numpy(), _SILU_TAIL)


def keras_leaky_relu_default_slope() -> float:
    """The slope of Keras's leaky_relu for negative inputs when none is given."""
    return -float(keras.activations.leaky_relu(np.array([-1.0])).cpu().numpy()[0])


def pytorch_leaky_relu_default_slope() -> float:
    return -float(F.leaky_relu(torch.tensor([-1.0], dtype=torch.float64))[0])


def jax_leaky_relu_default_slope() -> float:
    return -float(jax.nn.leaky_relu(-1.0))


def keras_binary_cross_entropy_cap() -> float:
    """Keras's loss for a certain wrong prediction (p = 0, y = 1): its clip at 1e-7 caps it."""
    return float(keras.losses.BinaryCrossentropy()(np.array([1.0]), np.array([0.0])))


def keras_categorical_hinge_example() -> float:
    """Keras's CategoricalHinge of scores [0.5, -3, -2] for class 0 (Crammer–Singer gives 0)."""
    return float(keras.losses.CategoricalHinge()(np.array([[1.0, 0.0, 0.0]]), np.array([[0.5, -3.0, -2.0]])))


# The three samples of the class-weights page: logits, class indices, class weights.
WEIGHTS_PAGE = (np.array([[2.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, -1.0]]), np.array([0, 1, 2]),
                 np.array([1.0, 1.0, 4.0]))


def pytorch_weighted_mean_example() -> float:
    z, y, w = WEIGHTS_PAGE
    return float(F.cross_entropy(torch.tensor(z), torch.tensor(y), weight=torch.tensor(w)))


def keras_sample_weight_example() -> float:
    """Keras's default reduction with one sample weight per sample, w[y]: the sum over N, not over Σw."""
    z, y, w = WEIGHTS_PAGE
    return float(keras.losses.SparseCategoricalCrossentropy(from_logits=True)(y, z, sample_weight=w[y]))


def pytorch_multi_margin_cat_example() -> float:
    """PyTorch's multi_margin_loss of CS231n's cat scores 3.2 / 5.1 / -1.7 (the cat is class 0)."""
    return float(F.multi_margin_loss(torch.tensor([[3.2, 5.1, -1.7]], dtype=torch.float64), torch.tensor([0])))


CLAIMS = {
    "pytorch-sigmoid-derivative-zero-float64": Claim(
        lambda: pytorch_sigmoid_derivative_zero_from(torch.float64), ".2f",
        "smallest z (grid of 0.01) from which PyTorch's float64 sigmoid derivative is exactly 0"),
    "pytorch-sigmoid-derivative-zero-float32": Claim(
        lambda: pytorch_sigmoid_derivative_zero_from(torch.float32), ".2f",
        "the same in float32"),
    "pytorch-sigmoid-derivative-error-35": Claim(
        lambda: pytorch_sigmoid_derivative_error(35.0), "percent",
        "relative error of PyTorch's sigmoid derivative at z = 35"),
    "pytorch-sigmoid-derivative-error-30": Claim(
        lambda: pytorch_sigmoid_derivative_error(30.0), ".0e",
        "relative error of PyTorch's sigmoid derivative at z = 30"),
    "pytorch-tanh-derivative-zero": Claim(
        pytorch_tanh_derivative_zero_from, ".2f",
        "smallest |z| (grid of 0.01) from which PyTorch's tanh derivative is exactly 0"),
    "pytorch-bce-logits-zero-below": Claim(
        pytorch_bce_logits_zero_below, ".0e",
        "largest true loss that PyTorch's binary_cross_entropy_with_logits returns as 0 (y = 0)"),
    "pytorch-bce-logits-error-30": Claim(
        lambda: pytorch_bce_logits_error(-30.0), "percent",
        "relative error of PyTorch's binary_cross_entropy_with_logits at z = -30, y = 0"),
    "pytorch-gelu-zero-float64": Claim(
        lambda: pytorch_gelu_zero_below(torch.float64), ".1f",
        "|z| (grid of 0.1) from which PyTorch's float64 F.gelu is exactly 0 for every z below"),
    "pytorch-gelu-zero-float32": Claim(
        lambda: pytorch_gelu_zero_below(torch.float32), ".1f", "the same in float32"),
    "pytorch-gelu-tanh-zero-float64": Claim(
        lambda: pytorch_gelu_zero_below(torch.float64, "tanh"), ".1f",
        "the same for F.gelu(approximate='tanh') in float64"),
    "pytorch-silu-zero-float64": Claim(
        pytorch_silu_zero_below, ".1f", "|z| (grid of 0.1) from which PyTorch's float64 F.silu is exactly 0 below"),
    "pytorch-gelu-error-8": Claim(
        lambda: pytorch_gelu_error(-8.0), "percent", "relative error of PyTorch's float64 F.gelu at z = -8"),
    "keras-leaky-relu-default-slope": Claim(
        keras_leaky_relu_default_slope, "g", "Keras's default negative_slope of leaky_relu"),
    "pytorch-leaky-relu-default-slope": Claim(
        pytorch_leaky_relu_default_slope, "g", "PyTorch's default negative_slope of F.leaky_relu"),
    "jax-leaky-relu-default-slope": Claim(
        jax_leaky_relu_default_slope, "g", "JAX's default negative_slope of jax.nn.leaky_relu"),
    "keras-bce-cap": Claim(keras_binary_cross_entropy_cap, ".2f",
                           "Keras's BinaryCrossentropy for p = 0, y = 1"),
    "pytorch-weighted-mean-example": Claim(pytorch_weighted_mean_example, ".4f",
                                           "PyTorch's weighted-mean cross-entropy of the class-weights page's example"),
    "keras-sample-weight-example": Claim(keras_sample_weight_example, ".4f",
                                         "Keras's cross-entropy of the same example with sample_weight = w[y]"),
    "pytorch-multi-margin-cat-example": Claim(pytorch_multi_margin_cat_example, ".4f",
                                              "PyTorch's multi_margin_loss of the cat scores 3.2 / 5.1 / -1.7"),
    "keras-categorical-hinge-example": Claim(keras_categorical_hinge_example, ".1f",
                                             "Keras's CategoricalHinge of [0.5, -3, -2] for class 0"),
}
