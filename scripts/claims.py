#!/usr/bin/env python3
"""Numbers the site states about other frameworks, measured by running those frameworks.

    python3 scripts/dev.py claims     # needs the conformance extra

A page writes ``[[claim:NAME]]`` where it states one of these numbers; the
site's build puts in the text recorded in docs/snippets/claims.json, which
this script writes.  tests/conformance/test_claims.py measures every claim
again and fails if the file is stale, and checks the statements about other
frameworks that are not numbers.
"""

from __future__ import annotations

import json
import math
import sys
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import losses  # noqa: E402
from scripts.catalog.frameworks import F, keras, torch  # noqa: E402

OUTPUT = ROOT / "docs" / "snippets" / "claims.json"


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


_FINE = np.round(np.arange(10.0, 45.0, 0.1), 1)  # z on a grid of 0.1


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


def keras_binary_cross_entropy_cap() -> float:
    """Keras's loss for a certain wrong prediction (p = 0, y = 1): its clip at 1e-7 caps it."""
    return float(keras.losses.BinaryCrossentropy()(np.array([1.0]), np.array([0.0])))


def keras_categorical_hinge_example() -> float:
    """Keras's CategoricalHinge of scores [0.5, -3, -2] for class 0 (Crammer–Singer gives 0)."""
    return float(keras.losses.CategoricalHinge()(np.array([[1.0, 0.0, 0.0]]), np.array([[0.5, -3.0, -2.0]])))


CLAIMS = {
    "pytorch-sigmoid-derivative-zero-float64": Claim(
        lambda: pytorch_sigmoid_derivative_zero_from(torch.float64), ".1f",
        "smallest z (grid of 0.1) from which PyTorch's float64 sigmoid derivative is exactly 0"),
    "pytorch-sigmoid-derivative-zero-float32": Claim(
        lambda: pytorch_sigmoid_derivative_zero_from(torch.float32), ".1f",
        "the same in float32"),
    "pytorch-sigmoid-derivative-error-35": Claim(
        lambda: pytorch_sigmoid_derivative_error(35.0), "percent",
        "relative error of PyTorch's sigmoid derivative at z = 35"),
    "pytorch-sigmoid-derivative-error-30": Claim(
        lambda: pytorch_sigmoid_derivative_error(30.0), ".0e",
        "relative error of PyTorch's sigmoid derivative at z = 30"),
    "pytorch-tanh-derivative-zero": Claim(
        pytorch_tanh_derivative_zero_from, ".1f",
        "smallest |z| (grid of 0.1) from which PyTorch's tanh derivative is exactly 0"),
    "pytorch-bce-logits-zero-below": Claim(
        pytorch_bce_logits_zero_below, ".0e",
        "largest true loss that PyTorch's binary_cross_entropy_with_logits returns as 0 (y = 0)"),
    "pytorch-bce-logits-error-30": Claim(
        lambda: pytorch_bce_logits_error(-30.0), "percent",
        "relative error of PyTorch's binary_cross_entropy_with_logits at z = -30, y = 0"),
    "keras-bce-cap": Claim(keras_binary_cross_entropy_cap, ".2f",
                           "Keras's BinaryCrossentropy for p = 0, y = 1"),
    "keras-categorical-hinge-example": Claim(keras_categorical_hinge_example, ".1f",
                                             "Keras's CategoricalHinge of [0.5, -3, -2] for class 0"),
}


def versions() -> str:
    """The versions of the frameworks the conformance tests run, as the pages name them."""
    import importlib.metadata as metadata

    def version(name):
        return metadata.version(name).split("+")[0]

    return " · ".join(f"{shown} {version(name)}" for shown, name in [
        ("PyTorch", "torch"), ("Keras", "keras"), ("JAX", "jax"), ("optax", "optax"),
        ("scikit-learn", "scikit-learn"), ("SciPy", "scipy")])


def measure_all() -> dict:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return {name: {"value": claim.measure(), "text": claim.text(claim.measure()),
                       "description": claim.description} for name, claim in CLAIMS.items()}


def main() -> int:
    report = measure_all()
    for name, result in report.items():
        print(f"{name:45s} {result['text']:>10s}   {result['description']}")
    report = {name: {key: (value if not isinstance(value, float) or math.isfinite(value) else str(value))
                     for key, value in result.items()} for name, result in report.items()}
    OUTPUT.write_text(json.dumps({"versions": versions(), "claims": report},
                                 indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {OUTPUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
