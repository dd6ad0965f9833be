"""Every loss with a way to make valid inputs for it: the table the contract tests walk."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

import numpy as np

import losses


@dataclass(frozen=True)
class LossCase:
    name: str
    loss: Callable
    grad: Callable
    # make(rng, samples) -> (input, target); classification inputs are (samples, 3)
    make: Callable
    options: dict = field(default_factory=dict)
    # kinks: points where the loss has no derivative; finite differences skip them
    near_kink: Callable = lambda input, target, options: np.zeros(np.shape(input), bool)

    def __str__(self):
        return self.name


def _real_pair(rng, samples):
    return rng.normal(size=samples) * 3, rng.normal(size=samples) * 3


def _probability_pair(rng, samples):
    return rng.uniform(0.02, 0.98, size=samples), rng.uniform(0, 1, size=samples)


def _logit_pair(rng, samples):
    return rng.normal(size=samples) * 4, rng.uniform(0, 1, size=samples)


def _scores_and_indices(rng, samples):
    return rng.normal(size=(samples, 3)) * 2, rng.integers(0, 3, size=samples)


def _scores_and_probabilities(rng, samples):
    return rng.normal(size=(samples, 3)) * 2, rng.dirichlet(np.ones(3), size=samples)


def _residual_near(*points):
    """Kinks at |input - target| == point; a point named after an option defaults to 1.0."""
    def near(input, target, options):
        residual = np.abs(np.asarray(input) - np.asarray(target))
        thresholds = [options.get(point, 1.0) if isinstance(point, str) else point for point in points]
        return np.any([np.abs(residual - threshold) < 1e-3 for threshold in thresholds], axis=0)
    return near


def _hinge_near_kink(input, target, options):
    scores = np.asarray(input)
    correct = np.take_along_axis(scores, np.asarray(target)[:, None], axis=-1)
    margins = scores - correct + options.get("margin", 1.0)
    return np.broadcast_to(np.any(np.abs(margins) < 1e-3, axis=-1, keepdims=True), scores.shape)


CASES = [
    LossCase("mse", losses.mse, losses.mse_grad, _real_pair),
    LossCase("l1", losses.l1, losses.l1_grad, _real_pair, near_kink=_residual_near(0.0)),
    LossCase("smooth_l1", losses.smooth_l1, losses.smooth_l1_grad, _real_pair,
             near_kink=_residual_near(0.0, "beta")),
    LossCase("smooth_l1_beta_0.5", losses.smooth_l1, losses.smooth_l1_grad, _real_pair, {"beta": 0.5},
             near_kink=_residual_near(0.0, "beta")),
    LossCase("smooth_l1_beta_0", losses.smooth_l1, losses.smooth_l1_grad, _real_pair, {"beta": 0.0},
             near_kink=_residual_near(0.0)),
    LossCase("huber", losses.huber, losses.huber_grad, _real_pair, near_kink=_residual_near("delta")),
    LossCase("huber_delta_2", losses.huber, losses.huber_grad, _real_pair, {"delta": 2.0},
             near_kink=_residual_near("delta")),
    LossCase("binary_cross_entropy", losses.binary_cross_entropy, losses.binary_cross_entropy_grad,
             _probability_pair),
    LossCase("binary_cross_entropy_with_logits", losses.binary_cross_entropy_with_logits,
             losses.binary_cross_entropy_with_logits_grad, _logit_pair),
    LossCase("cross_entropy_indices", losses.cross_entropy, losses.cross_entropy_grad, _scores_and_indices),
    LossCase("cross_entropy_probabilities", losses.cross_entropy, losses.cross_entropy_grad,
             _scores_and_probabilities),
    LossCase("cross_entropy_smoothed", losses.cross_entropy, losses.cross_entropy_grad, _scores_and_indices,
             {"label_smoothing": 0.2}),
    LossCase("multiclass_hinge", losses.multiclass_hinge, losses.multiclass_hinge_grad, _scores_and_indices,
             near_kink=_hinge_near_kink),
    LossCase("multiclass_hinge_margin_0.5", losses.multiclass_hinge, losses.multiclass_hinge_grad,
             _scores_and_indices, {"margin": 0.5}, near_kink=_hinge_near_kink),
]
