import warnings

import mpmath
import numpy as np
import pytest
import sklearn.metrics
from hypothesis import given, settings
from hypothesis import strategies as st

from losses import (
    binary_cross_entropy,
    binary_cross_entropy_grad,
    binary_cross_entropy_with_logits,
    binary_cross_entropy_with_logits_grad,
    cross_entropy,
    cross_entropy_grad,
    multiclass_hinge,
    multiclass_hinge_grad,
    sigmoid,
    softmax,
)

from .support import (
    float_arrays,
    oracle_bce_with_logits,
    oracle_bce_with_logits_grad,
    oracle_cross_entropy,
    oracle_cross_entropy_grad,
    ulp_error,
)

LOGIT_GRID = [-1e4, -700.0, -100.0, -40.0, -37.0, -36.0, -20.0, -5.0, -1.0, -1e-10, 0.0, 1e-10, 1.0, 5.0, 20.0,
              36.0, 37.0, 40.0, 100.0, 700.0, 1e4]
LABELS = [0.0, 1.0, 0.25, 0.5, 0.9]


class TestBinaryCrossEntropyWithLogits:
    def test_confident_right_answer_keeps_its_tiny_loss(self):
        # The case PyTorch 2.13 rounds to exactly 0.
        exact = oracle_bce_with_logits(-36.0, 0.0)
        computed = binary_cross_entropy_with_logits([-36.0], [0.0])
        assert float(exact) == pytest.approx(2.3195228302435696e-16, rel=1e-15)
        assert ulp_error(computed, exact) <= 2

    @pytest.mark.parametrize("label", LABELS)
    def test_loss_within_two_ulp_of_mpmath(self, label):
        computed = binary_cross_entropy_with_logits(LOGIT_GRID, np.full(len(LOGIT_GRID), label), reduction="none")
        errors = {z: ulp_error(c, oracle_bce_with_logits(z, label)) for z, c in zip(LOGIT_GRID, computed)}
        assert max(errors.values()) <= 2, errors

    @pytest.mark.parametrize("label", [0.0, 1.0] + [
        pytest.param(soft, marks=pytest.mark.skipif(
            np.finfo(np.longdouble).nmant <= 52, reason="soft labels need a wider long double (x86-64 has one)"))
        # Not 0.5: at z = 1e-10, sigma(z) - 0.5 = 2.5e-11 cancels more digits than any
        # fixed precision holds; the relative error of such a result is unbounded.
        for soft in (0.25, 0.9)])
    def test_gradient_within_two_ulp_of_mpmath(self, label):
        computed = binary_cross_entropy_with_logits_grad(LOGIT_GRID, np.full(len(LOGIT_GRID), label), reduction="none")
        errors = {z: ulp_error(c, oracle_bce_with_logits_grad(z, label)) for z, c in zip(LOGIT_GRID, computed)}
        assert max(errors.values()) <= 2, errors

    @given(z=float_arrays((6,), -10, 10), y=float_arrays((6,), 0, 1))
    def test_equals_probability_form_away_from_saturation(self, z, y):
        np.testing.assert_allclose(binary_cross_entropy_with_logits(z, y, reduction="none"),
                                   binary_cross_entropy(sigmoid(z), y, reduction="none"), rtol=1e-9, atol=1e-12)

    def test_no_overflow_or_nan_at_extreme_logits(self):
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            loss = binary_cross_entropy_with_logits([1e4, -1e4, 1e4, -1e4], [0.0, 1.0, 1.0, 0.0], reduction="none")
            grad = binary_cross_entropy_with_logits_grad([1e4, -1e4], [0.0, 1.0], reduction="none")
        np.testing.assert_array_equal(loss, [1e4, 1e4, 0.0, 0.0])
        np.testing.assert_array_equal(grad, [1.0, -1.0])

    def test_target_must_be_a_probability(self):
        with pytest.raises(ValueError, match=r"`target` must hold probabilities in \[0, 1\], found 1.5"):
            binary_cross_entropy_with_logits([0.0, 1.0], [0.0, 1.5])
        with pytest.raises(ValueError, match="`target`"):
            binary_cross_entropy_with_logits_grad([0.0], [np.nan])


class TestBinaryCrossEntropy:
    @given(p=float_arrays((6,), 1e-6, 1 - 1e-6), y=st.lists(st.sampled_from([0, 1]), min_size=6, max_size=6))
    def test_against_scikit_learn_log_loss(self, p, y):
        if len(set(y)) < 2:
            y[0] = 1 - y[0]  # log_loss needs both labels present
        expected = sklearn.metrics.log_loss(y, p, labels=[0, 1])
        assert binary_cross_entropy(p, np.array(y, float)) == pytest.approx(expected, rel=1e-12)

    def test_clamped_like_pytorch(self):
        np.testing.assert_array_equal(binary_cross_entropy([0.0, 1.0, 0.0, 1.0], [1.0, 0.0, 0.0, 1.0], reduction="none"),
                                      [100.0, 100.0, 0.0, 0.0])

    def test_gradient_is_finite_at_the_ends(self):
        gradient = binary_cross_entropy_grad([0.0, 1.0], [1.0, 0.0], reduction="none")
        # PyTorch floors p (1 - p) at its C float constant 1e-12, i.e. float32(1e-12).
        floor = float(np.float32(1e-12))
        np.testing.assert_array_equal(gradient, [-1 / floor, 1 / floor])

    def test_chain_rule_through_sigmoid_gives_prediction_minus_target(self):
        z = np.array([-2.0, 0.3, 4.0])
        y = np.array([1.0, 0.0, 0.6])
        p = sigmoid(z)
        chained = binary_cross_entropy_grad(p, y, reduction="none") * p * (1 - p)
        np.testing.assert_allclose(chained, binary_cross_entropy_with_logits_grad(z, y, reduction="none"), rtol=1e-12)

    @pytest.mark.parametrize("bad", [-0.1, 1.1, np.nan])
    def test_input_must_be_a_probability(self, bad):
        with pytest.raises(ValueError, match=r"`input` must hold probabilities in \[0, 1\]"):
            binary_cross_entropy([0.5, bad], [0.0, 1.0])


class TestCrossEntropy:
    def test_cat_dog_bird(self):
        scores = np.array([[3.2, 5.1, -1.7]])
        p_cat = softmax(scores)[0, 0]
        assert cross_entropy(scores, np.array([0])) == pytest.approx(-np.log(p_cat), rel=1e-14)

    @given(z=float_arrays((4, 3), -5, 5), seed=st.integers(0, 1000))
    def test_against_scikit_learn_log_loss(self, z, seed):
        target = np.random.default_rng(seed).permutation([0, 1, 2, 0])
        expected = sklearn.metrics.log_loss(target, softmax(z), labels=[0, 1, 2])
        assert cross_entropy(z, target) == pytest.approx(expected, rel=1e-9)

    @pytest.mark.parametrize("row, target", [
        ([0.0, 0.0, 0.0], 0), ([40.0, 0.0, 0.0], 0), ([1e4, -1e4, 0.0], 0), ([1e4, -1e4, 0.0], 1),
        ([-36.0, 0.0, -50.0], 1), ([700.0, 699.0, -700.0], 0), ([1.0, 2.0, 3.0], 0), ([1e-10, 0.0, -1e-10], 2),
        # -1.7 - 5.1 is rounded before the exponential: the case the TwoSum correction is for.
        ([3.2, 5.1, -1.7], 0), ([3.2, 5.1, -1.7], 2), ([0.1, -7.3, 2.9], 1),
    ])
    def test_within_two_ulp_of_mpmath(self, row, target):
        q = np.eye(3)[target]
        assert ulp_error(cross_entropy(np.array([row]), np.array([target])), oracle_cross_entropy(row, q)) <= 2
        gradient = cross_entropy_grad(np.array([row]), np.array([target]), reduction="sum")[0]
        exact = oracle_cross_entropy_grad(row, q)
        errors = [ulp_error(g, e) for g, e in zip(gradient, exact)]
        assert max(errors) <= 2, errors

    def test_smoothed_and_soft_targets_against_mpmath(self):
        row = [5.0, -3.0, 0.5, 2.0]
        for q in ([0.7, 0.1, 0.1, 0.1], [0.25] * 4, [0.0, 0.0, 0.5, 0.5]):
            computed = cross_entropy(np.array([row]), np.array([q]))
            assert computed == pytest.approx(float(oracle_cross_entropy(row, q)), rel=4e-16)
        smoothed_target = [0.9 + 0.1 / 4, 0.1 / 4, 0.1 / 4, 0.1 / 4]
        assert cross_entropy(np.array([row]), np.array([0]), label_smoothing=0.1) == pytest.approx(
            float(oracle_cross_entropy(row, smoothed_target)), rel=4e-16)

    @given(z=float_arrays((3, 4)), seed=st.integers(0, 1000))
    def test_index_and_one_hot_targets_agree(self, z, seed):
        indices = np.random.default_rng(seed).integers(0, 4, size=3)
        one_hot = np.eye(4)[indices]
        for smoothing in (0.0, 0.3):
            assert cross_entropy(z, indices, label_smoothing=smoothing) == pytest.approx(
                cross_entropy(z, one_hot, label_smoothing=smoothing), rel=1e-14)
            np.testing.assert_allclose(cross_entropy_grad(z, indices, label_smoothing=smoothing),
                                       cross_entropy_grad(z, one_hot, label_smoothing=smoothing), rtol=1e-14, atol=1e-300)

    @given(z=float_arrays((2, 5)))
    def test_gradient_is_softmax_minus_one_hot(self, z):
        indices = np.array([1, 4])
        np.testing.assert_allclose(cross_entropy_grad(z, indices, reduction="sum"), softmax(z) - np.eye(5)[indices],
                                   atol=1e-15)

    def test_unbatched_input(self):
        assert cross_entropy([3.2, 5.1, -1.7], np.array(0)) == cross_entropy([[3.2, 5.1, -1.7]], np.array([0]))
        assert cross_entropy_grad([3.2, 5.1, -1.7], np.array(0)).shape == (3,)

    def test_masked_class_with_minus_infinity(self):
        loss = cross_entropy(np.array([[0.0, -np.inf, 0.0]]), np.array([0]))
        assert loss == pytest.approx(np.log(2), rel=1e-15)

    @pytest.mark.parametrize("index", [-1, 3])
    def test_class_index_out_of_range(self, index):
        with pytest.raises(ValueError, match=rf"class indices must be in \[0, 3\), found {index}"):
            cross_entropy(np.zeros((2, 3)), np.array([0, index]))

    def test_float_class_indices_are_not_guessed(self):
        with pytest.raises(ValueError, match="for class indices pass an integer array of shape"):
            cross_entropy(np.zeros((2, 3)), np.array([0.0, 2.0]))

    def test_wrong_number_of_indices(self):
        with pytest.raises(ValueError, match=r"must have shape \(2,\)"):
            cross_entropy(np.zeros((2, 3)), np.array([0, 1, 2]))

    def test_three_dimensional_input_is_refused(self):
        with pytest.raises(ValueError, match=r"`input` must have shape \(N, C\) or \(C,\)"):
            cross_entropy(np.zeros((2, 3, 4)), np.zeros((2, 4), int))

    @pytest.mark.parametrize("smoothing", [-0.1, 1.5])
    def test_label_smoothing_range(self, smoothing):
        with pytest.raises(ValueError, match=r"`label_smoothing` must be finite and in \[0, 1\]"):
            cross_entropy(np.zeros((1, 3)), np.array([0]), label_smoothing=smoothing)

    def test_boolean_target_is_refused(self):
        with pytest.raises(TypeError, match="integer class indices or floating probabilities"):
            cross_entropy(np.zeros((2, 2)), np.array([[True, False], [False, True]]))


class TestMulticlassHinge:
    def test_cat_dog_bird(self):
        # max(0, 5.1 - 3.2 + 1) + max(0, -1.7 - 3.2 + 1) = 2.9 + 0
        assert multiclass_hinge(np.array([[3.2, 5.1, -1.7]]), np.array([0])) == pytest.approx(2.9, rel=1e-15)

    def test_cs231n_example(self):
        # CS231n notes: scores [13, -7, 11], correct class 0, margin 10 -> 0 + 8.
        assert multiclass_hinge(np.array([[13.0, -7.0, 11.0]]), np.array([0]), margin=10.0) == 8.0

    def test_zero_when_every_margin_is_met(self):
        assert multiclass_hinge(np.array([[5.0, 3.9, 0.0]]), np.array([0])) == 0.0
        np.testing.assert_array_equal(multiclass_hinge_grad(np.array([[5.0, 3.9, 0.0]]), np.array([0])), 0.0)

    @settings(max_examples=50)
    @given(scores=float_arrays((4, 5)), seed=st.integers(0, 1000))
    def test_gradient_rows_sum_to_zero(self, scores, seed):
        target = np.random.default_rng(seed).integers(0, 5, size=4)
        np.testing.assert_array_equal(multiclass_hinge_grad(scores, target, reduction="sum").sum(axis=-1), 0.0)

    def test_negative_margin_is_refused(self):
        with pytest.raises(ValueError, match="`margin`"):
            multiclass_hinge(np.zeros((1, 3)), np.array([0]), margin=-1.0)

    def test_float_target_is_refused(self):
        with pytest.raises(TypeError, match="`target` class indices must have an integer dtype"):
            multiclass_hinge(np.zeros((1, 3)), np.array([0.0]))


def test_mpmath_precision_is_enough_for_the_grid():
    # The oracle itself must resolve 1 - sigmoid(700); otherwise the ulp tests above prove nothing.
    assert mpmath.mp.dps >= 350
