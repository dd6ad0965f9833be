"""What the pages say about other frameworks that is not a number, each as a check that runs them.

Each function here is one statement of a page (its name says which), and
fails with an AssertionError when the framework does something else.
tests/conformance/test_claims.py runs every one of ``STATEMENTS``; the numbers
the pages state are in `claims`.  Needs the conformance extra and pytest.
"""

from __future__ import annotations

import warnings
from typing import Callable

import numpy as np
import pytest

import losses

from .claims import WEIGHTS_PAGE
from .derivations import adam_rule
from .frameworks import F, jax, keras, optax, torch

STATEMENTS: list[Callable[[], None]] = []


def statement(check: Callable[[], None]) -> Callable[[], None]:
    STATEMENTS.append(check)
    return check


@statement
def pytorch_relu_derivatives_of_nan_are_one_and_the_slope():
    # The docstrings of relu_grad and leaky_relu_grad say so; ours give NaN.
    for function, expected in ((F.relu, 1.0), (lambda x: F.leaky_relu(x, 0.01), 0.01)):
        x = torch.tensor([float("nan")], dtype=torch.float64, requires_grad=True)
        function(x).sum().backward()
        assert float(x.grad[0]) == expected
    assert np.isnan(losses.relu_grad([np.nan])[0]) and np.isnan(losses.leaky_relu_grad([np.nan])[0])


@statement
def softmax_without_dim_picks_axis_zero_for_three_dimensional_input():
    x = torch.tensor(np.random.default_rng(0).normal(size=(2, 3, 4)))
    with pytest.warns(UserWarning, match="Implicit dimension choice"):
        implicit = F.softmax(x)
    assert torch.equal(implicit, F.softmax(x, dim=0))
    for shape, axis in [((4,), 0), ((2, 4), 1), ((2, 3, 4, 5), 1)]:
        y = torch.ones(shape, dtype=torch.float64).cumsum(-1)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            assert torch.equal(F.softmax(y), F.softmax(y, dim=axis))


@statement
def keras_categorical_hinge_is_not_crammer_singer():
    scores, target = np.array([[0.5, -3.0, -2.0]]), np.array([0])
    assert float(keras.losses.CategoricalHinge()(np.eye(3)[target], scores)) == 0.5
    assert losses.multiclass_hinge(scores, target, variant="crammer_singer") == 0.0
    assert float(optax.losses.multiclass_hinge_loss(scores, target)[0]) == 0.0


@statement
def keras_averages_float64_in_float32():
    x = np.random.default_rng(1).normal(size=8) * 3
    mean = float(keras.ops.mean(torch.tensor(x)))
    assert mean != np.mean(x) and mean == float(torch.tensor(x).float().mean())


@statement
def pytorch_softplus_returns_its_input_above_the_threshold():
    z = torch.tensor([20.5, 25.0], dtype=torch.float64, requires_grad=True)
    value = F.softplus(z)
    assert torch.equal(value, z.detach())
    (gradient,) = torch.autograd.grad(value.sum(), z)
    assert torch.equal(gradient, torch.ones(2, dtype=torch.float64))


@statement
def pytorch_cross_entropy_mean_with_weights_divides_by_target_weights():
    z = torch.zeros(3, 3, dtype=torch.float64)
    y, w = torch.tensor([0, 2, -100]), torch.tensor([1.0, 1.0, 3.0], dtype=torch.float64)
    assert float(F.cross_entropy(z, y, weight=w)) == pytest.approx(np.log(3), rel=1e-15)


def _derivative_at_zero(function):
    tensor = torch.zeros(1, dtype=torch.float64, requires_grad=True)
    (gradient,) = torch.autograd.grad(function(tensor).sum(), tensor)
    return float(gradient[0])


@statement
def leaky_relu_derivative_at_zero_is_the_slope_in_pytorch_and_one_in_jax():
    assert _derivative_at_zero(lambda z: F.leaky_relu(z, negative_slope=0.2)) == 0.2
    assert float(jax.grad(lambda z: jax.nn.leaky_relu(z, negative_slope=0.2))(0.0)) == 1.0
    assert losses.leaky_relu_grad(0.0, negative_slope=0.2) == 0.2


@statement
def elu_derivative_at_zero_is_alpha_in_pytorch_and_jax():
    assert _derivative_at_zero(lambda z: F.elu(z, alpha=0.3)) == 0.3
    assert float(jax.grad(lambda z: jax.nn.elu(z, alpha=0.3))(0.0)) == pytest.approx(0.3, rel=1e-15)
    assert losses.elu_grad(0.0, alpha=0.3) == 0.3


@statement
def gelu_defaults_exact_in_pytorch_and_keras_tanh_in_jax():
    z = np.linspace(-3, 3, 13)
    exact, tanh_form = losses.gelu(z), losses.gelu(z, approximate="tanh")
    np.testing.assert_allclose(F.gelu(torch.tensor(z)).numpy(), exact, rtol=1e-13)
    np.testing.assert_allclose(np.asarray(keras.activations.gelu(z)), exact, rtol=1e-6)
    np.testing.assert_allclose(np.asarray(jax.nn.gelu(z)), tanh_form, rtol=1e-13)
    assert np.max(np.abs(exact - tanh_form)) > 1e-4  # the two forms are told apart at this tolerance


@statement
def pytorch_and_jax_leaky_relu_default_is_ours_and_keras_and_jax_call_silu_swish():
    z = np.linspace(-3, 3, 13)
    np.testing.assert_array_equal(F.leaky_relu(torch.tensor(z)).numpy(), losses.leaky_relu(z))
    np.testing.assert_array_equal(np.asarray(jax.nn.leaky_relu(z)), losses.leaky_relu(z))
    np.testing.assert_allclose(np.asarray(keras.activations.swish(z)), losses.silu(z), rtol=1e-13)
    np.testing.assert_allclose(np.asarray(jax.nn.swish(z)), losses.silu(z), rtol=1e-13)
    # ELU's default alpha is the same everywhere.
    np.testing.assert_allclose(F.elu(torch.tensor(z)).numpy(), losses.elu(z), rtol=1e-15)
    np.testing.assert_allclose(np.asarray(keras.activations.elu(z)), losses.elu(z), rtol=1e-13)
    np.testing.assert_allclose(np.asarray(jax.nn.elu(z)), losses.elu(z), rtol=1e-15)


@statement
def scipy_ndtr_keeps_the_gelu_tail_that_pytorch_loses():
    from scripts.catalog.frameworks import scipy
    z = np.array([-10.0, -20.0, -30.0])
    np.testing.assert_allclose(z * scipy.special.ndtr(z), losses.gelu(z), rtol=1e-12)
    assert np.all(F.gelu(torch.tensor(z)).numpy() == 0)


@statement
def pytorch_broadcasts_mismatched_shapes_with_a_warning():
    input, target = torch.zeros(3, 1, dtype=torch.float64), torch.arange(3, dtype=torch.float64)
    with pytest.warns(UserWarning, match="Using a target size"):
        value = F.mse_loss(input, target, reduction="none")
    assert value.shape == (3, 3)


@statement
def adam_weight_decay_is_not_adamw():
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


# --- The class-weights page (docs/weights.*.md) -----------------------------------

def _torch_cross_entropy(z, y, **options):
    if "weight" in options:
        options["weight"] = torch.tensor(options["weight"])
    return float(F.cross_entropy(torch.tensor(z), torch.tensor(y), **options))


@statement
def pytorch_weighted_mean_label_smoothing_and_ignored_samples_as_the_weights_page_says():
    z, y, w = WEIGHTS_PAGE
    ignored = np.array([0, -100, 2])
    # "mean" divides by the targets' weights; a sample alone is not weighted at all.
    assert _torch_cross_entropy(z, y, weight=w) == pytest.approx(
        float(losses.cross_entropy(z, y, weight=w, reduction="sum")) / 6, rel=1e-14)
    assert _torch_cross_entropy(z[2:], y[2:], weight=w) == pytest.approx(_torch_cross_entropy(z[2:], y[2:]), rel=1e-14)
    # Smoothing: the targets still decide the mean through the divisor at ε = 1.
    even = np.zeros((2, 3))
    for targets, divisor in (([0, 0], 2.0), ([2, 2], 8.0)):
        assert _torch_cross_entropy(even, np.array(targets), weight=w, label_smoothing=1.0) == pytest.approx(
            (2 * np.log(3) * w.sum() / 3) / divisor, rel=1e-14)
    # Ignored samples count in neither part (pytorch/pytorch#73205 reported the uniform part counting them).
    assert _torch_cross_entropy(z, ignored, weight=w, label_smoothing=0.1) == pytest.approx(
        _torch_cross_entropy(z[[0, 2]], y[[0, 2]], weight=w, label_smoothing=0.1), rel=1e-14)
    for epsilon in (0.0, 0.1, 1.0):
        assert _torch_cross_entropy(z, ignored, weight=w, label_smoothing=epsilon) == pytest.approx(
            float(losses.cross_entropy(z, ignored, weight=w, label_smoothing=epsilon)), rel=1e-14)
    # Probability targets: "mean" divides by N whatever the weights.
    assert _torch_cross_entropy(z, np.eye(3)[y], weight=w) == pytest.approx(
        float(losses.cross_entropy(z, y, weight=w, reduction="none").mean()), rel=1e-14)


@statement
def keras_weights_divide_by_the_batch_size_unless_asked_otherwise():
    z, y, w = WEIGHTS_PAGE
    per_sample_mean = float(losses.cross_entropy(z, y, weight=w, reduction="none").mean())
    loss = keras.losses.SparseCategoricalCrossentropy(from_logits=True)
    assert float(loss(y, z, sample_weight=w[y])) == pytest.approx(per_sample_mean, rel=1e-6)
    # Model.fit's class_weight becomes the same sample weights (a model that only passes z through).
    model = keras.Sequential([keras.Input((3,)), keras.layers.Identity()])
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.0), loss=loss)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "The model does not have any trainable weights."
        history = model.fit(z, y, class_weight=dict(enumerate(w)), batch_size=3, epochs=1, verbose=0)
    assert history.history["loss"][0] == pytest.approx(per_sample_mean, rel=1e-6)
    weighted = keras.losses.SparseCategoricalCrossentropy(from_logits=True, reduction="mean_with_sample_weight")
    assert float(weighted(y, z, sample_weight=w[y])) == pytest.approx(float(losses.cross_entropy(z, y, weight=w)),
                                                                      rel=1e-6)
    # ignore_class leaves the ignored samples out of the divisor, as ignore_index does.
    scores = np.concatenate([z, np.zeros((3, 1))], axis=1)
    ignoring = keras.losses.SparseCategoricalCrossentropy(from_logits=True, ignore_class=3)
    assert float(ignoring(np.array([0, 1, 3]), scores)) == pytest.approx(
        float(losses.cross_entropy(scores, np.array([0, 1, -100]))), rel=1e-6)


@statement
def optax_has_per_example_losses_that_you_weight_and_reduce_yourself():
    z, y, w = WEIGHTS_PAGE
    per_example = np.asarray(optax.losses.softmax_cross_entropy_with_integer_labels(z, y))
    assert per_example.shape == (3,)
    assert float((w[y] * per_example).sum() / w[y].sum()) == pytest.approx(
        float(losses.cross_entropy(z, y, weight=w)), rel=1e-12)
    masked = np.asarray(optax.losses.softmax_cross_entropy_with_integer_labels(z, y, where=np.array([True, False, True])))
    assert masked[1] == 0 and masked[[0, 2]] == pytest.approx(per_example[[0, 2]], rel=1e-12)


# --- The KL divergence, focal loss, hinge and checklist pages ------------------------

@statement
def pytorch_warns_that_kl_div_mean_is_not_batchmean():
    log_p, q = torch.log(torch.tensor([[0.5, 0.5]], dtype=torch.float64)), torch.tensor([[0.2, 0.8]], dtype=torch.float64)
    with pytest.warns(UserWarning, match="'batchmean' divides only by the batch size"):
        mean = F.kl_div(log_p, q, reduction="mean")
    assert float(mean) == pytest.approx(float(F.kl_div(log_p, q, reduction="batchmean")) / 2, rel=1e-15)


@statement
def pytorch_kl_div_is_nan_where_a_zero_target_meets_infinity():
    minus_infinity = -np.inf
    x, q = np.array([minus_infinity, 0.0]), np.array([0.0, 1.0])
    theirs = F.kl_div(torch.tensor(x), torch.tensor(q), reduction="none").numpy()
    assert np.isnan(theirs[0]) and theirs[1] == 0
    np.testing.assert_array_equal(losses.kl_div(x, q, reduction="none"), [0.0, 0.0])
    x, t = np.array([-1.0, minus_infinity]), np.full(2, minus_infinity)  # q = 0 given as its logarithm
    assert np.isnan(F.kl_div(torch.tensor(x), torch.tensor(t), reduction="none", log_target=True).numpy()).all()
    np.testing.assert_array_equal(losses.kl_div(x, t, reduction="none", log_target=True), [0.0, 0.0])


@statement
def keras_focal_loss_leaves_alpha_out_by_default():
    z, y = np.array([3.0, -3.0, 0.5, -1.0]), np.array([1.0, 1.0, 0.0, 0.0])
    default = float(keras.losses.BinaryFocalCrossentropy(from_logits=True)(y, z))
    assert default == pytest.approx(float(losses.sigmoid_focal_loss(z, y, alpha=-1)), rel=1e-6)
    assert default != pytest.approx(float(losses.sigmoid_focal_loss(z, y)), rel=1e-2)


@statement
def keras_hinge_maps_zero_one_labels_to_signs():
    s, signs = np.array([[2.0, 0.5, -0.5, -2.0]]), np.array([[1.0, 1.0, 1.0, -1.0]])
    for loss, squared in ((keras.losses.Hinge(), False), (keras.losses.SquaredHinge(), True)):
        expected = float(losses.binary_hinge(s, signs, squared=squared))
        assert float(loss(signs, s)) == pytest.approx(expected, rel=1e-6)
        assert float(loss((signs + 1) / 2, s)) == pytest.approx(expected, rel=1e-6)


@statement
def pytorch_adam_adds_weight_decay_to_the_gradient_and_adamw_decouples_it():
    signs = np.where(np.arange(200) % 2 == 0, 1.0, -1.0)
    gradients = signs[:, None] * np.array([10.0, 0.001])
    for optimizer_class, decoupled in ((torch.optim.Adam, False), (torch.optim.AdamW, True)):
        weight = torch.nn.Parameter(torch.ones(2, dtype=torch.float64))
        optimizer = optimizer_class([weight], lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.1)
        for gradient in gradients:
            weight.grad = torch.tensor(gradient)
            optimizer.step()
        expected = adam_rule(gradients, np.ones(2), 0.1, decoupled=decoupled)
        np.testing.assert_allclose(weight.detach().numpy(), expected, rtol=1e-12)
        other = adam_rule(gradients, np.ones(2), 0.1, decoupled=not decoupled)
        assert not np.allclose(weight.detach().numpy(), other, rtol=1e-6)


@statement
def pytorch_clip_grad_norm_clips_the_norm_of_all_parameters_together():
    layers = [torch.nn.Parameter(torch.zeros(2, dtype=torch.float64)) for _ in range(2)]
    layers[0].grad = torch.tensor([3.0, 4.0], dtype=torch.float64)
    layers[1].grad = torch.tensor([0.3, 0.4], dtype=torch.float64)
    total = torch.nn.utils.clip_grad_norm_(layers, max_norm=1.0)
    clipped, norm = losses.clip_grad_norm(np.array([3.0, 4.0, 0.3, 0.4]), max_norm=1.0)
    assert float(total) == pytest.approx(norm, rel=1e-15)
    np.testing.assert_allclose(torch.cat([layer.grad for layer in layers]).numpy(), clipped, rtol=1e-15)
