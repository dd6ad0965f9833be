"""Conformance with PyTorch (CPU, float64): every loss, reduction and parameter, values and autograd gradients.

Skipped when torch is not installed, unless LOSSES_REQUIRE_TORCH=1 (as in CI),
in which case a missing torch is an error rather than a silent skip.
"""

import os

import numpy as np
import pytest

import losses

from ..loss_cases import CASES

if os.environ.get("LOSSES_REQUIRE_TORCH") == "1":
    import torch
else:
    torch = pytest.importorskip("torch")

import torch.nn.functional as F  # noqa: E402

pytestmark = pytest.mark.conformance

RTOL = 1e-12
REDUCTIONS = ["mean", "sum", "none"]


def _torch_loss(case, input, target, reduction):
    options = case.options
    name = case.name
    if name == "mse":
        return F.mse_loss(input, target, reduction=reduction)
    if name == "l1":
        return F.l1_loss(input, target, reduction=reduction)
    if name.startswith("smooth_l1"):
        return F.smooth_l1_loss(input, target, beta=options.get("beta", 1.0), reduction=reduction)
    if name.startswith("huber"):
        return F.huber_loss(input, target, delta=options.get("delta", 1.0), reduction=reduction)
    if name == "binary_cross_entropy":
        return F.binary_cross_entropy(input, target, reduction=reduction)
    if name == "binary_cross_entropy_with_logits":
        return F.binary_cross_entropy_with_logits(input, target, reduction=reduction)
    if name.startswith("cross_entropy"):
        return F.cross_entropy(input, target, label_smoothing=options.get("label_smoothing", 0.0), reduction=reduction)
    if name.startswith("multiclass_hinge"):
        # PyTorch divides the Weston-Watkins sum by the number of classes.
        classes = input.shape[-1]
        return classes * F.multi_margin_loss(input, target, margin=options.get("margin", 1.0), reduction=reduction)
    raise AssertionError(f"no PyTorch equivalent registered for {name}")


def _torch_value_and_gradient(case, input, target, reduction):
    input_tensor = torch.tensor(input, dtype=torch.float64, requires_grad=True)
    target_tensor = torch.tensor(target)
    if target_tensor.is_floating_point():
        target_tensor = target_tensor.to(torch.float64)
    value = _torch_loss(case, input_tensor, target_tensor, reduction)
    value.sum().backward()
    return value.detach().numpy(), input_tensor.grad.numpy()


def _extreme_inputs(case):
    """Large, tiny and boundary inputs for each family."""
    if case.make.__name__ == "_real_pair":
        # Residuals up to 2e150, whose square is still finite.
        input = np.array([1e150, -1e150, 1e-300, 0.0, 1.0, -1.0, 0.5, 2.0, 1e8, -3.5])
        return input, np.array([-1e150, 1e150, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, -1e8, 1e-8])
    if case.make.__name__ == "_probability_pair":
        return np.array([0.0, 1.0, 1e-300, 1 - 1e-16, 0.5, 1e-10, 0.999]), np.array([1.0, 0.0, 0.0, 1.0, 0.5, 0.3, 1.0])
    if case.make.__name__ == "_logit_pair":
        z = np.array([1e4, -1e4, 700.0, -700.0, 36.0, -36.0, 20.0, 0.0, -5.0])
        return z, np.array([0.0, 1.0, 1.0, 0.0, 1.0, 1.0, 0.5, 0.3, 0.0])
    scores = np.array([[1e4, -1e4, 0.0], [-1e4, 1e4, 0.0], [700.0, 699.0, -700.0], [0.0, 0.0, 0.0],
                       [40.0, 0.0, 0.0], [3.2, 5.1, -1.7]])
    if case.make.__name__ == "_scores_and_indices":
        return scores, np.array([0, 0, 1, 2, 0, 0])
    return scores, np.array([[1.0, 0.0, 0.0], [0.2, 0.3, 0.5], [0.5, 0.5, 0.0], [1 / 3, 1 / 3, 1 / 3],
                             [0.0, 0.0, 1.0], [0.9, 0.05, 0.05]])


def _compare(case, input, target, reduction, *, atol=0.0):
    ours = case.loss(input, target, reduction=reduction, **case.options)
    ours_grad = case.grad(input, target, reduction=reduction, **case.options)
    theirs, theirs_grad = _torch_value_and_gradient(case, input, target, reduction)
    np.testing.assert_allclose(ours, theirs, rtol=RTOL, atol=atol, err_msg=f"{case} value, {reduction}")
    np.testing.assert_allclose(ours_grad, theirs_grad, rtol=RTOL, atol=atol, err_msg=f"{case} gradient, {reduction}")


@pytest.mark.parametrize("case", CASES, ids=str)
@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("seed", range(5))
def test_random_inputs(case, reduction, seed):
    input, target = case.make(np.random.default_rng(seed), 16)
    _compare(case, input, target, reduction)


@pytest.mark.parametrize("case", CASES, ids=str)
@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_extreme_inputs(case, reduction):
    input, target = _extreme_inputs(case)
    if case.make.__name__ in ("_logit_pair", "_scores_and_indices", "_scores_and_probabilities"):
        # On logits PyTorch loses values below ~1e-16 of the terms it adds: it
        # returns 0 for BCE at z = -36, y = 0 and for the gradient p - 1 of a
        # class with p = 1 - 8.5e-18.  Ours keep them (checked against mpmath
        # in test_classification), so agreement there is absolute, to 1e-15.
        _compare(case, input, target, reduction, atol=1e-15)
    else:
        _compare(case, input, target, reduction)


def test_pytorch_loses_the_tiny_logits_loss_that_we_keep():
    theirs = F.binary_cross_entropy_with_logits(torch.tensor([-36.0], dtype=torch.float64),
                                               torch.tensor([0.0], dtype=torch.float64)).item()
    assert theirs == 0.0
    assert losses.binary_cross_entropy_with_logits([-36.0], [0.0]) == pytest.approx(2.3195228302435696e-16, rel=1e-15)


ACTIVATION_POINTS = np.array([-700.0, -40.0, -20.0, -3.0, -1.0, -1e-8, 0.0, 1e-8, 0.5, 1.0, 3.0, 20.0, 40.0, 700.0])


@pytest.mark.parametrize("name, ours, ours_grad, theirs", [
    ("sigmoid", losses.sigmoid, losses.sigmoid_grad, torch.sigmoid),
    ("tanh", losses.tanh, losses.tanh_grad, torch.tanh),
    ("relu", losses.relu, losses.relu_grad, torch.relu),
    # threshold lifted so that PyTorch does not return z itself above 20.
    ("softplus", losses.softplus, losses.softplus_grad, lambda z: F.softplus(z, threshold=1e4)),
])
def test_elementwise_activations(name, ours, ours_grad, theirs):
    z = torch.tensor(ACTIVATION_POINTS, requires_grad=True)
    value = theirs(z)
    value.sum().backward()
    np.testing.assert_allclose(ours(ACTIVATION_POINTS), value.detach().numpy(), rtol=RTOL, atol=0, err_msg=name)
    if name in ("sigmoid", "tanh"):
        # PyTorch's backward passes are the textbook s (1 - s) and 1 - tanh^2,
        # which round to 0 (or lose digits) once s is within 1e-16 of 1, where the
        # true derivative is still 1e-17..1e-304 (ours, checked against mpmath in
        # test_activations).  Compare absolutely there, relatively elsewhere.
        np.testing.assert_allclose(ours_grad(ACTIVATION_POINTS), z.grad.numpy(), rtol=RTOL, atol=1e-15)
    else:
        np.testing.assert_allclose(ours_grad(ACTIVATION_POINTS), z.grad.numpy(), rtol=RTOL, atol=0, err_msg=name)


def test_softmax_log_softmax_and_jacobian():
    rows = np.vstack([np.random.default_rng(1).normal(size=(4, 5)) * 3, [[1e4, -1e4, 0.0, 1.0, 2.0]]])
    tensor = torch.tensor(rows)
    np.testing.assert_allclose(losses.softmax(rows), torch.softmax(tensor, dim=-1).numpy(), rtol=RTOL, atol=1e-300)
    np.testing.assert_allclose(losses.log_softmax(rows), torch.log_softmax(tensor, dim=-1).numpy(), rtol=RTOL)
    for row in rows:
        jacobian = torch.autograd.functional.jacobian(lambda v: torch.softmax(v, dim=-1), torch.tensor(row))
        np.testing.assert_allclose(losses.softmax_jacobian(row), jacobian.numpy(), rtol=RTOL, atol=1e-300)


def test_gradient_clipping_matches_torch_utils():
    gradient = np.random.default_rng(2).normal(size=10) * 5
    parameter = torch.nn.Parameter(torch.zeros(10, dtype=torch.float64))
    parameter.grad = torch.tensor(gradient)
    total = torch.nn.utils.clip_grad_norm_([parameter], max_norm=1.5)
    clipped, our_total = losses.clip_grad_norm(gradient, max_norm=1.5)
    assert our_total == pytest.approx(total.item(), rel=RTOL)
    np.testing.assert_allclose(clipped, parameter.grad.numpy(), rtol=RTOL)
    parameter.grad = torch.tensor(gradient)
    torch.nn.utils.clip_grad_value_([parameter], clip_value=2.0)
    np.testing.assert_array_equal(losses.clip_grad_value(gradient, clip_value=2.0), parameter.grad.numpy())


def test_l2_penalty_gradient_is_sgd_weight_decay():
    weights = np.array([0.5, -2.0, 3.0])
    parameter = torch.nn.Parameter(torch.tensor(weights))
    parameter.grad = torch.zeros(3, dtype=torch.float64)
    torch.optim.SGD([parameter], lr=0.1, weight_decay=0.01).step()
    expected = weights - 0.1 * losses.l2_penalty_grad(weights, weight_decay=0.01)
    np.testing.assert_allclose(parameter.detach().numpy(), expected, rtol=RTOL)


def test_every_loss_has_a_pytorch_case():
    covered = {case.loss.__name__ for case in CASES}
    public_losses = {name for name in losses.classification.__all__ + losses.regression.__all__
                     if not name.endswith("_grad")}
    assert public_losses <= covered
