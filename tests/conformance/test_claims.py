"""What the site says about other frameworks, run against those frameworks.

Numbers come from scripts/claims.py (docs/snippets/claims.json, shown on the
pages through [[claim:NAME]]); the statements that are not numbers are
checked here directly.
"""

import json
import warnings

import numpy as np
import pytest

import losses
from scripts import claims
from scripts.catalog.frameworks import F, keras, optax, torch

RECORDED = json.loads(claims.OUTPUT.read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", sorted(claims.CLAIMS))
def test_recorded_number_is_what_the_framework_does_now(name):
    claim = claims.CLAIMS[name]
    assert claim.text(claim.measure()) == RECORDED["claims"][name]["text"], (
        f"{name} changed: run `python3 scripts/dev.py claims`")


def test_recorded_versions_are_the_installed_ones():
    assert RECORDED["versions"] == claims.versions(), "run `python3 scripts/dev.py claims`"


def test_softmax_without_dim_picks_axis_zero_for_three_dimensional_input():
    x = torch.tensor(np.random.default_rng(0).normal(size=(2, 3, 4)))
    with pytest.warns(UserWarning, match="Implicit dimension choice"):
        implicit = F.softmax(x)
    assert torch.equal(implicit, F.softmax(x, dim=0))
    for shape, axis in [((4,), 0), ((2, 4), 1), ((2, 3, 4, 5), 1)]:
        y = torch.ones(shape, dtype=torch.float64).cumsum(-1)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            assert torch.equal(F.softmax(y), F.softmax(y, dim=axis))


def test_keras_categorical_hinge_is_not_crammer_singer():
    scores, target = np.array([[0.5, -3.0, -2.0]]), np.array([0])
    assert float(keras.losses.CategoricalHinge()(np.eye(3)[target], scores)) == 0.5
    assert losses.multiclass_hinge(scores, target, variant="crammer_singer") == 0.0
    assert float(optax.losses.multiclass_hinge_loss(scores, target)[0]) == 0.0


def test_keras_averages_float64_in_float32():
    x = np.random.default_rng(1).normal(size=8) * 3
    mean = float(keras.ops.mean(torch.tensor(x)))
    assert mean != np.mean(x) and mean == float(torch.tensor(x).float().mean())


def test_pytorch_softplus_returns_its_input_above_the_threshold():
    z = torch.tensor([20.5, 25.0], dtype=torch.float64, requires_grad=True)
    value = F.softplus(z)
    assert torch.equal(value, z.detach())
    (gradient,) = torch.autograd.grad(value.sum(), z)
    assert torch.equal(gradient, torch.ones(2, dtype=torch.float64))


def test_pytorch_cross_entropy_mean_with_weights_divides_by_target_weights():
    z = torch.zeros(3, 3, dtype=torch.float64)
    y, w = torch.tensor([0, 2, -100]), torch.tensor([1.0, 1.0, 3.0], dtype=torch.float64)
    assert float(F.cross_entropy(z, y, weight=w)) == pytest.approx(np.log(3), rel=1e-15)


def test_pytorch_broadcasts_mismatched_shapes_with_a_warning():
    input, target = torch.zeros(3, 1, dtype=torch.float64), torch.arange(3, dtype=torch.float64)
    with pytest.warns(UserWarning, match="Using a target size"):
        value = F.mse_loss(input, target, reduction="none")
    assert value.shape == (3, 3)


def test_adam_weight_decay_is_not_adamw():
    # SGD's weight_decay is the L2 penalty's gradient; Adam's is rescaled with the
    # gradient, so one step with a large loss gradient barely decays the weight.
    def step(optimizer_class, gradient):
        weight = torch.nn.Parameter(torch.tensor([1.0], dtype=torch.float64))
        weight.grad = torch.tensor([gradient], dtype=torch.float64)
        optimizer_class([weight], lr=0.1, weight_decay=0.1).step()
        return float(weight.detach())

    sgd = step(torch.optim.SGD, 0.0)
    assert sgd == pytest.approx(1.0 - 0.1 * losses.l2_penalty_grad([1.0], weight_decay=0.1)[0], rel=1e-15)
    assert step(torch.optim.Adam, 100.0) != pytest.approx(step(torch.optim.AdamW, 100.0), rel=1e-6)
