"""Catalog entries of `losses.dynamics`: the remedies (with their framework equivalents) and the demonstrations."""

from __future__ import annotations

import numpy as np

import losses

from . import Case, Entry, kinds
from .frameworks import of_gradient, only_when, optax, shown_as, torch

VECTOR = kinds.Kind(
    "vector", "", "",
    sample=lambda rng, n: (rng.normal(size=n) * 5, None),
    extremes=lambda: (np.array([1e200, -1e200, 3.0, 0.0]), None),
    grid=lambda: [],
    has_target=False,
)


@shown_as("torch.nn.utils.clip_grad_value_(parameters, clip_value=clip_value)")
def _clip_value_pytorch(gradient, *, clip_value):
    parameter = torch.nn.Parameter(torch.zeros_like(gradient))
    parameter.grad = gradient.clone()
    torch.nn.utils.clip_grad_value_([parameter], clip_value=clip_value)
    return parameter.grad


def _clip_value_optax(gradient, *, clip_value):
    return optax.clip(clip_value).update(gradient, None)[0]


@only_when(lambda max_norm, epsilon=1e-6: epsilon == 1e-6)
@shown_as("torch.nn.utils.clip_grad_norm_(parameters, max_norm=max_norm)")
def _clip_norm_pytorch(gradient, *, max_norm, epsilon=1e-6):
    # PyTorch's epsilon is fixed at 1e-6.
    parameter = torch.nn.Parameter(torch.zeros_like(gradient))
    parameter.grad = gradient.clone()
    total = torch.nn.utils.clip_grad_norm_([parameter], max_norm=max_norm)
    return parameter.grad, total


@only_when(lambda max_norm, epsilon=1e-6: epsilon == 0)
def _clip_norm_optax(gradient, *, max_norm, epsilon=1e-6):
    return optax.clip_by_global_norm(max_norm).update(gradient, None)[0]


@of_gradient
@shown_as("torch.optim.SGD(parameters, lr=lr, weight_decay=weight_decay)")
def _weight_decay_pytorch(weights, *, weight_decay):
    # One SGD step with a zero loss gradient moves w by -lr * weight_decay * w.
    parameter = torch.nn.Parameter(weights.clone())
    parameter.grad = torch.zeros_like(weights)
    torch.optim.SGD([parameter], lr=0.5, weight_decay=weight_decay).step()
    return (weights - parameter.detach()) / 0.5


def _demonstration(name, function):
    return Entry(name, function, None, "dynamics")


ENTRIES = (
    Entry("clip_grad_value", losses.clip_grad_value, None, "dynamics",
          cases=(Case(VECTOR, settings=({"clip_value": 2.0}, {"clip_value": 0.5})),),
          pytorch=_clip_value_pytorch, optax=_clip_value_optax),
    Entry("clip_grad_norm", losses.clip_grad_norm, None, "dynamics",
          cases=(Case(VECTOR, settings=({"max_norm": 1.5}, {"max_norm": 1e3}, {"max_norm": 1.5, "epsilon": 0.0})),),
          pytorch=_clip_norm_pytorch, optax=_clip_norm_optax),
    Entry("l2_penalty", losses.l2_penalty, losses.l2_penalty_grad, "dynamics",
          cases=(Case(VECTOR, settings=({"weight_decay": 0.01}, {"weight_decay": 0.0})),),
          pytorch=_weight_decay_pytorch),
    _demonstration("train_sigmoid_neuron", losses.train_sigmoid_neuron),
    _demonstration("layer_gradient_norms", losses.layer_gradient_norms),
    _demonstration("train_scalar_chain", losses.train_scalar_chain),
)
