import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from losses import sigmoid
from losses.dynamics import (
    clip_grad_norm,
    clip_grad_value,
    l2_penalty,
    l2_penalty_grad,
    layer_gradient_norms,
    train_scalar_chain,
    train_sigmoid_neuron,
)

from .support import central_difference, float_arrays


class TestNielsenExperiment:
    """Nielsen, Neural Networks and Deep Learning, chapter 3 (input 1, target 0, eta 0.15)."""

    @pytest.mark.parametrize("weight, bias, start, end", [(0.6, 0.9, 0.82, 0.09), (2.0, 2.0, 0.98, 0.20)])
    def test_quadratic_cost_reproduces_the_book(self, weight, bias, start, end):
        # The book's figures: outputs 0.82 -> 0.09 and 0.98 -> 0.20 after 300 epochs.
        history = train_sigmoid_neuron(cost="quadratic", weight=weight, bias=bias)
        assert round(float(history.output[0]), 2) == start
        assert round(float(history.output[-1]), 2) == end

    def test_saturated_neuron_learns_slowly_with_quadratic_cost_only(self):
        quadratic = train_sigmoid_neuron(cost="quadratic", weight=2.0, bias=2.0)
        cross_entropy = train_sigmoid_neuron(cost="cross_entropy", weight=2.0, bias=2.0)
        # After 50 epochs the quadratic neuron has barely moved; cross-entropy is already near the target.
        assert quadratic.output[50] > 0.97
        assert cross_entropy.output[50] < 0.2

    def test_first_step_is_the_analytic_gradient(self):
        history = train_sigmoid_neuron(cost="quadratic", weight=0.6, bias=0.9, epochs=1)
        a = sigmoid(1.5)
        expected_gradient = (a - 0.0) * a * (1 - a)
        assert history.bias[1] == pytest.approx(0.9 - 0.15 * expected_gradient, rel=1e-14)
        cross = train_sigmoid_neuron(cost="cross_entropy", weight=0.6, bias=0.9, epochs=1)
        assert cross.weight[1] == pytest.approx(0.6 - 0.15 * a, rel=1e-14)

    def test_cost_is_what_the_formula_says(self):
        history = train_sigmoid_neuron(cost="cross_entropy", weight=0.6, bias=0.9, target=0.3, epochs=3)
        a = history.output
        np.testing.assert_allclose(history.cost, -(0.3 * np.log(a) + 0.7 * np.log(1 - a)), rtol=1e-13)
        quadratic = train_sigmoid_neuron(cost="quadratic", weight=0.6, bias=0.9, epochs=3)
        np.testing.assert_allclose(quadratic.cost, 0.5 * quadratic.output**2, rtol=1e-15)

    def test_history_lengths(self):
        history = train_sigmoid_neuron(cost="quadratic", weight=0.0, bias=0.0, epochs=7)
        assert all(len(series) == 8 for series in (history.weight, history.bias, history.output, history.cost))

    def test_bad_arguments(self):
        with pytest.raises(ValueError, match="`cost` must be one of 'quadratic', 'cross_entropy', got 'mse'"):
            train_sigmoid_neuron(cost="mse", weight=0.0, bias=0.0)
        with pytest.raises(ValueError, match="`learning_rate`"):
            train_sigmoid_neuron(cost="quadratic", weight=0.0, bias=0.0, learning_rate=0.0)
        with pytest.raises(ValueError, match="`epochs` must be an integer >= 0"):
            train_sigmoid_neuron(cost="quadratic", weight=0.0, bias=0.0, epochs=2.5)
        with pytest.raises(ValueError, match="`target`"):
            train_sigmoid_neuron(cost="quadratic", weight=0.0, bias=0.0, target=2.0)
        with pytest.raises(ValueError, match="`weight` must be a finite real number, got nan"):
            train_sigmoid_neuron(cost="quadratic", weight=np.nan, bias=0.0)


class TestLayerGradientNorms:
    def test_sigmoid_vanishes_relu_does_not(self):
        sigmoid_norms = layer_gradient_norms("sigmoid", depth=20)
        relu_norms = layer_gradient_norms("relu", depth=20)
        assert sigmoid_norms[0] / sigmoid_norms[-1] < 1e-8
        assert 0.1 < relu_norms[0] / relu_norms[-1] < 10

    def test_large_gain_explodes(self):
        norms = layer_gradient_norms("linear", depth=20, weight_gain=1.5)
        assert norms[0] / norms[-1] > 1e2

    def test_matches_finite_differences_of_the_network(self):
        # Rebuild the same network and differentiate the loss numerically with respect to one weight.
        depth, width, batch = 3, 4, 5
        generator = np.random.default_rng(11)
        inputs = generator.standard_normal((batch, width))
        weights = [generator.standard_normal((width, width)) / np.sqrt(width) for _ in range(depth)]

        def loss_with_first_bias(bias):
            h = np.tanh(inputs @ weights[0] + bias)
            for weight in weights[1:]:
                h = np.tanh(h @ weight)
            return h.sum() / batch

        numeric = central_difference(loss_with_first_bias, np.zeros(width))
        norms = layer_gradient_norms("tanh", depth=depth, width=width, batch_size=batch, seed=11)
        assert norms[0] == pytest.approx(np.linalg.norm(numeric), rel=1e-6)

    def test_deterministic(self):
        np.testing.assert_array_equal(layer_gradient_norms("tanh", depth=5), layer_gradient_norms("tanh", depth=5))

    def test_bad_arguments(self):
        with pytest.raises(ValueError, match="`activation` must be one of"):
            layer_gradient_norms("gelu")
        with pytest.raises(ValueError, match="`depth` must be an integer >= 1"):
            layer_gradient_norms("relu", depth=0)

    def test_deep_networks_neither_overflow_nor_turn_nan(self):
        # Powers of two keep the activations of ReLU and the gradients near 1: 2000 ReLU layers with
        # gain 2 once overflowed in the forward pass, and 3000 tanh layers gave inf · 0 = NaN.
        relu_norms = layer_gradient_norms("relu", weight_gain=2.0, depth=2000)
        assert np.all(np.isfinite(relu_norms)) and relu_norms[0] > 1e250
        tanh_norms = layer_gradient_norms("tanh", weight_gain=10.0, depth=3000)
        assert not np.isnan(tanh_norms).any() and np.isinf(tanh_norms[0])


class TestScalarChain:
    def test_plain_run_diverges_and_clipping_rescues_it(self):
        plain = train_scalar_chain()
        clipped = train_scalar_chain(clip_norm=1.0)
        assert plain.diverged and not clipped.diverged
        assert clipped.loss[-1] < 1e-6
        assert np.all(np.isfinite(clipped.gradient_norm))

    def test_gradient_matches_finite_differences(self):
        # One step with a tiny learning rate moves the loss by -lr * |grad|^2 to first order.
        history = train_scalar_chain(depth=5, initial_weight=1.1, learning_rate=1e-9, steps=2, weight_decay=0.3)
        change = history.loss[1] - history.loss[0]
        assert change == pytest.approx(-1e-9 * history.gradient_norm[0] ** 2, rel=1e-4)

    def test_weight_decay_adds_to_the_loss(self):
        plain = train_scalar_chain(depth=4, initial_weight=1.0, steps=1)
        decayed = train_scalar_chain(depth=4, initial_weight=1.0, steps=1, weight_decay=0.5)
        assert decayed.loss[0] - plain.loss[0] == pytest.approx(0.5 * 0.5 * 4)

    def test_a_gradient_that_overflows_is_divergence(self):
        # The loss 5e99 is below the divergence threshold, its gradient 1e350 is not a float.
        for clip_norm in (None, 1.0):
            history = train_scalar_chain(depth=1, initial_weight=1e-250, input=1e300, target=0.0, clip_norm=clip_norm)
            assert history.diverged and history.loss.size == 0


class TestClipping:
    def test_value_matches_numpy_clip(self):
        np.testing.assert_array_equal(clip_grad_value([-5.0, 0.2, 9.0], clip_value=1.0), [-1.0, 0.2, 1.0])

    def test_a_bound_beyond_float32_clips_nothing(self):
        gradient = np.array([3e38, -np.inf, 0.5], dtype=np.float32)
        np.testing.assert_array_equal(clip_grad_value(gradient, clip_value=1e300), gradient)

    @given(gradient=float_arrays((6,), -100, 100), max_norm=st.floats(0.1, 10))
    def test_norm_is_capped_and_direction_kept(self, gradient, max_norm):
        clipped, total = clip_grad_norm(gradient, max_norm=max_norm)
        # math.hypot neither underflows nor overflows, unlike np.linalg.norm of 1e-197 or 1e200 entries.
        assert total == pytest.approx(math.hypot(*gradient), rel=1e-14, abs=1e-300)
        assert np.linalg.norm(clipped) <= max_norm * (1 + 1e-12)
        if total + 1e-6 <= max_norm:  # PyTorch's epsilon: at exactly max_norm it still scales by 1 / (1 + 1e-6)
            np.testing.assert_array_equal(clipped, gradient)
        else:
            np.testing.assert_allclose(clipped / np.linalg.norm(clipped), gradient / total, rtol=1e-12, atol=1e-300)

    def test_bad_arguments(self):
        with pytest.raises(ValueError, match="`clip_value`"):
            clip_grad_value([1.0], clip_value=0.0)
        with pytest.raises(ValueError, match="`max_norm`"):
            clip_grad_norm([1.0], max_norm=-1.0)

    def test_subnormal_gradients_are_not_flushed(self):
        # ε / s overflowed for the power of two s of a gradient below 5.6e-315: the factor was 0.
        clipped, norm = clip_grad_norm([1e-320], max_norm=1.0)
        assert norm == 1e-320 and clipped[0] == 1e-320
        clipped, _ = clip_grad_norm([1e-320, -2e-320], max_norm=1e-7)  # clipped by 1e-7 / (||g|| + 1e-6)
        np.testing.assert_array_equal(clipped, np.array([1e-320, -2e-320]) * (1e-7 / (math.hypot(1e-320, 2e-320) + 1e-6)))

    def test_zero_gradient_without_epsilon(self):
        clipped, norm = clip_grad_norm([0.0, 0.0], max_norm=1.0, epsilon=0.0)
        np.testing.assert_array_equal(clipped, [0.0, 0.0])
        assert norm == 0.0

    def test_non_finite_gradient_is_refused(self):
        # min(1.0, nan) is 1.0: a NaN gradient used to come back "clipped".
        for bad in (np.nan, np.inf):
            with pytest.raises(ValueError, match="`gradient` contains NaN or inf"):
                clip_grad_norm([bad, 1.0], max_norm=1.0)

    def test_a_norm_beyond_the_range_still_clips(self):
        clipped, norm = clip_grad_norm([1e200, 1e200], max_norm=1.0)
        np.testing.assert_allclose(clipped, [2**-0.5, 2**-0.5], rtol=1e-6)  # PyTorch's epsilon: 1 / (1 + 1e-6)
        assert norm == pytest.approx(2**0.5 * 1e200, rel=1e-15)
        clipped, norm = clip_grad_norm([1.5e308, 1.5e308], max_norm=1.0)
        assert norm == np.inf
        np.testing.assert_allclose(clipped, [2**-0.5, 2**-0.5], rtol=1e-6)


class TestL2Penalty:
    @given(weights=float_arrays((5,)), weight_decay=st.floats(0, 2))
    def test_gradient_matches_finite_differences(self, weights, weight_decay):
        numeric = central_difference(lambda w: l2_penalty(w, weight_decay=weight_decay), weights)
        np.testing.assert_allclose(l2_penalty_grad(weights, weight_decay=weight_decay), numeric, rtol=1e-6, atol=1e-6)

    def test_float32_gradient_is_rounded_once(self):
        # λ = 0.1 is not a float32: rounding it first, then the product, is off by an ulp for 0.33043706.
        weights = np.array([0.33043706, 1e38], dtype=np.float32)
        gradient = l2_penalty_grad(weights, weight_decay=0.1)
        assert gradient.dtype == np.float32
        np.testing.assert_array_equal(gradient, (0.1 * weights.astype(np.float64)).astype(np.float32))
        assert gradient[0] != np.float32(0.1) * weights[0]
        np.testing.assert_array_equal(l2_penalty_grad(weights, weight_decay=1e300), [np.inf, np.inf])

    def test_non_finite_weights_and_subnormal_decay(self):
        assert np.isnan(l2_penalty([np.nan, 1e308], weight_decay=1.0))
        assert l2_penalty([np.inf], weight_decay=1.0) == np.inf
        assert l2_penalty([np.inf], weight_decay=0.0) == 0.0  # no penalty at all
        np.testing.assert_array_equal(l2_penalty_grad([np.inf], weight_decay=0.0), [0.0])
        # λ = 5e-324 was multiplied in before the power of two of the weights: 0 instead of 2.47e-24.
        assert l2_penalty([1e150], weight_decay=5e-324) == pytest.approx(0.5 * 5e-324 * 1e300, rel=1e-15)

    def test_negative_decay_is_refused(self):
        with pytest.raises(ValueError, match="`weight_decay`"):
            l2_penalty([1.0], weight_decay=-0.1)

    def test_no_zero_times_infinity(self):
        # 0 · (1e200)² used to be NaN; and a finite penalty of huge weights is finite.
        assert l2_penalty([1e200], weight_decay=0.0) == 0.0
        assert l2_penalty([1e200], weight_decay=1e-200) == pytest.approx(5e199, rel=1e-15)
        assert l2_penalty([1.0, 2.0], weight_decay=0.1) == 0.25
