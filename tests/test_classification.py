"""Classification losses: definitions, PyTorch's conventions, shapes, and the cases that once went wrong."""

import math

import numpy as np
import pytest
import scipy.special
from hypothesis import given, settings
from hypothesis import strategies as st

from losses import (
    binary_cross_entropy,
    binary_cross_entropy_grad,
    binary_cross_entropy_with_logits,
    binary_cross_entropy_with_logits_grad,
    binary_hinge,
    binary_hinge_grad,
    cross_entropy,
    cross_entropy_grad,
    kl_div,
    kl_div_grad,
    log_softmax,
    multiclass_hinge,
    multiclass_hinge_grad,
    nll_loss,
    nll_loss_grad,
    sigmoid,
    sigmoid_focal_loss,
    sigmoid_focal_loss_grad,
    softmax,
)

from scripts.catalog import entry as catalog_entry
from scripts.catalog.exact import mp

from .support import float_arrays


class TestBinaryCrossEntropy:
    def test_clamped_like_pytorch(self):
        np.testing.assert_array_equal(
            binary_cross_entropy([0.0, 1.0, 0.0, 1.0], [1.0, 0.0, 0.0, 1.0], reduction="none"), [100.0, 100.0, 0, 0])

    def test_gradient_is_finite_at_the_ends(self):
        # PyTorch floors p (1 - p) at its C float constant 1e-12, i.e. float32(1e-12).
        floor = float(np.float32(1e-12))
        np.testing.assert_array_equal(binary_cross_entropy_grad([0.0, 1.0], [1.0, 0.0], reduction="none"),
                                      [-1 / floor, 1 / floor])

    def test_chain_rule_through_sigmoid_gives_prediction_minus_target(self):
        z, y = np.array([-2.0, 0.3, 4.0]), np.array([1.0, 0.0, 0.6])
        p = sigmoid(z)
        np.testing.assert_allclose(binary_cross_entropy_grad(p, y, reduction="none") * p * (1 - p),
                                   binary_cross_entropy_with_logits_grad(z, y, reduction="none"), rtol=1e-12)

    @pytest.mark.parametrize("bad", [-0.1, 1.1, np.nan])
    def test_input_must_be_a_probability(self, bad):
        with pytest.raises(ValueError, match=r"`input` must hold probabilities in \[0, 1\]"):
            binary_cross_entropy([0.5, bad], [0.0, 1.0])

    def test_weight_broadcasts_to_the_input_and_not_back(self):
        p, y = np.full((2, 3), 0.5), np.ones((2, 3))
        weighted = binary_cross_entropy(p, y, weight=[1.0, 2.0, 3.0], reduction="none")
        np.testing.assert_allclose(weighted, np.log(2) * np.array([[1.0, 2.0, 3.0]] * 2), rtol=1e-15)
        assert binary_cross_entropy(p, y, weight=[1.0, 2.0, 3.0]) == pytest.approx(2 * np.log(2), rel=1e-15)
        with pytest.raises(ValueError, match=r"`weight` of shape \(2,\) cannot be broadcast"):
            binary_cross_entropy(p, y, weight=[1.0, 2.0])
        with pytest.raises(ValueError, match="`weight` must hold finite non-negative weights"):
            binary_cross_entropy(p, y, weight=[1.0, -2.0, 3.0])


class TestBinaryCrossEntropyWithLogits:
    def test_confident_right_answer_keeps_its_tiny_loss(self):
        assert binary_cross_entropy_with_logits([-36.0], [0.0]) == pytest.approx(2.3195228302435696e-16, rel=4e-16)

    def test_infinite_logits_have_their_limits(self):
        # PyTorch returns NaN for both; the limits are 0 (and inf for a wrong certainty).
        np.testing.assert_array_equal(
            binary_cross_entropy_with_logits([-np.inf, np.inf, np.inf], [0.0, 1.0, 0.0], reduction="none"),
            [0.0, 0.0, np.inf])
        np.testing.assert_array_equal(
            binary_cross_entropy_with_logits_grad([-np.inf, np.inf], [0.0, 1.0], reduction="none"), [0.0, 0.0])

    def test_a_weight_of_zero_weighs_out_an_infinite_loss(self):
        # 0 · inf was NaN, and spoiled the mean of the samples that count.
        assert binary_cross_entropy_with_logits([np.inf, 0.0], [0.0, 1.0], weight=[0.0, 1.0]) == np.log(2) / 2
        assert sigmoid_focal_loss([np.inf], [0.0], alpha=1.0) == 0.0  # α_t = 1 - α = 0 for a negative

    def test_pos_weight_applies_along_the_class_axis(self):
        z, y = np.zeros((4, 3)), np.ones((4, 3))
        loss = binary_cross_entropy_with_logits(z, y, pos_weight=[1.0, 2.0, 4.0], reduction="none")
        np.testing.assert_allclose(loss, np.log(2) * np.array([[1.0, 2.0, 4.0]] * 4), rtol=1e-15)
        negatives = binary_cross_entropy_with_logits(z, np.zeros((4, 3)), pos_weight=[1.0, 2.0, 4.0])
        assert negatives == pytest.approx(np.log(2), rel=1e-15)  # pos_weight leaves negatives alone

    @given(z=float_arrays((6,), -10, 10), y=float_arrays((6,), 0, 1))
    def test_equals_probability_form_away_from_saturation(self, z, y):
        np.testing.assert_allclose(binary_cross_entropy_with_logits(z, y, reduction="none"),
                                   binary_cross_entropy(sigmoid(z), y, reduction="none"), rtol=1e-9, atol=1e-12)

    def test_an_element_does_not_depend_on_its_neighbours(self):
        # The wider type is chosen per element for soft labels, not per block.
        z = np.array([0.3, -1.0986, 2.0, 7.0])
        alone = binary_cross_entropy_with_logits_grad(z[1:2], [0.25], reduction="none")
        for neighbours in ([0.0, 1.0, 1.0], [0.5, 0.7, 0.1]):
            y = np.array([neighbours[0], 0.25, *neighbours[1:]])
            assert binary_cross_entropy_with_logits_grad(z, y, reduction="none")[1] == alone[0]

    def test_target_must_be_a_probability(self):
        with pytest.raises(ValueError, match=r"`target` must hold probabilities in \[0, 1\], found 1.5"):
            binary_cross_entropy_with_logits([0.0, 1.0], [0.0, 1.5])


class TestFocalLoss:
    @given(z=float_arrays((5,)), y=st.lists(st.sampled_from([0.0, 1.0]), min_size=5, max_size=5))
    @settings(max_examples=20)
    def test_gamma_zero_without_alpha_is_cross_entropy(self, z, y):
        np.testing.assert_allclose(sigmoid_focal_loss(z, y, alpha=-1, gamma=0, reduction="none"),
                                   binary_cross_entropy_with_logits(z, y, reduction="none"), rtol=1e-15)
        np.testing.assert_allclose(sigmoid_focal_loss_grad(z, y, alpha=-1, gamma=0, reduction="none"),
                                   binary_cross_entropy_with_logits_grad(z, y, reduction="none"), rtol=1e-15)

    def test_alpha_weights_positives_and_negatives(self):
        z, y = np.array([0.0, 0.0]), np.array([1.0, 0.0])
        ratio = sigmoid_focal_loss(z, y, alpha=0.25, reduction="none") / sigmoid_focal_loss(z, y, alpha=-1,
                                                                                            reduction="none")
        np.testing.assert_allclose(ratio, [0.25, 0.75], rtol=1e-15)

    def test_easy_examples_keep_a_tiny_but_exact_loss(self):
        # 1 - p_t = σ(-40) ≈ 4e-18: computed without forming p_t, so not rounded to 0.
        assert sigmoid_focal_loss([40.0], [1.0], alpha=-1) == pytest.approx(
            np.logaddexp(0, -40.0) * float(sigmoid(-40.0)) ** 2, rel=1e-14)

    @pytest.mark.parametrize("arguments, message", [({"alpha": 1.5}, r"`alpha` must be in \[-inf, 1\]"),
                                                    ({"gamma": -1.0}, r"`gamma` must be in \[0, inf\)")])
    def test_invalid_parameters(self, arguments, message):
        with pytest.raises(ValueError, match=message):
            sigmoid_focal_loss([0.0], [1.0], **arguments)

    @pytest.mark.parametrize("gamma", [0.0, 2.0])
    def test_gradient_at_infinite_logits_is_its_limit(self, gamma):
        # ce · σ(-|z|) -> 0 while ce -> inf: the limits are (1 - α) and -α, not 0 · inf = NaN.
        np.testing.assert_array_equal(
            sigmoid_focal_loss_grad([np.inf, -np.inf], [0.0, 1.0], alpha=0.25, gamma=gamma, reduction="none"),
            [0.75, -0.25])


class TestBinaryHinge:
    def test_labels_must_be_signs(self):
        with pytest.raises(ValueError, match=r"labels -1 or \+1, found 0.0 \(for 0/1 labels pass 2 \* target - 1\)"):
            binary_hinge([0.5, 1.0], [1.0, 0.0])

    def test_nothing_beyond_the_margin(self):
        np.testing.assert_array_equal(binary_hinge([1.0, 3.0, -2.0], [1.0, 1.0, -1.0], reduction="none"), [0, 0, 0])
        np.testing.assert_array_equal(binary_hinge_grad([1.0, 3.0], [1.0, 1.0], squared=True, reduction="none"), 0)

    def test_squared_must_be_a_bool(self):
        with pytest.raises(TypeError, match="`squared` must be True or False"):
            binary_hinge([0.0], [1.0], squared="yes")

    def test_a_nan_score_has_a_nan_gradient(self):
        for squared in (False, True):
            assert np.isnan(binary_hinge([np.nan], [1.0], squared=squared))
            np.testing.assert_array_equal(binary_hinge_grad([np.nan, 0.5], [1.0, -1.0], squared=squared,
                                                            reduction="none"), [np.nan, 3.0 if squared else 1.0])


class TestCrossEntropy:
    def test_cat_dog_bird(self):
        scores = np.array([[3.2, 5.1, -1.7]])
        assert cross_entropy(scores, np.array([0])) == pytest.approx(-np.log(softmax(scores)[0, 0]), rel=1e-14)

    @given(z=float_arrays((3, 4)), seed=st.integers(0, 1000))
    def test_index_and_one_hot_targets_agree(self, z, seed):
        indices = np.random.default_rng(seed).integers(0, 4, size=3)
        for smoothing in (0.0, 0.3):
            assert cross_entropy(z, indices, label_smoothing=smoothing) == pytest.approx(
                cross_entropy(z, np.eye(4)[indices], label_smoothing=smoothing), rel=1e-14)
            np.testing.assert_allclose(cross_entropy_grad(z, indices, label_smoothing=smoothing),
                                       cross_entropy_grad(z, np.eye(4)[indices], label_smoothing=smoothing),
                                       rtol=1e-13, atol=1e-16)

    def test_one_prediction_per_pixel(self):
        # (N, K, H, W) logits and (N, H, W) targets: the same as the flattened (N H W, K) problem.
        rng = np.random.default_rng(0)
        z, y = rng.normal(size=(2, 4, 3, 5)), rng.integers(0, 4, size=(2, 3, 5))
        y[0, 1, 2] = -100
        flat_z, flat_y = np.moveaxis(z, 1, -1).reshape(-1, 4), y.reshape(-1)
        for options in ({}, {"weight": [1.0, 2.0, 0.5, 3.0]}, {"label_smoothing": 0.2}):
            np.testing.assert_allclose(cross_entropy(z, y, reduction="none", **options),
                                       cross_entropy(flat_z, flat_y, reduction="none", **options).reshape(2, 3, 5),
                                       rtol=1e-15)
            assert cross_entropy(z, y, **options) == pytest.approx(cross_entropy(flat_z, flat_y, **options),
                                                                   rel=1e-14)
            np.testing.assert_allclose(np.moveaxis(cross_entropy_grad(z, y, **options), 1, -1).reshape(-1, 4),
                                       cross_entropy_grad(flat_z, flat_y, **options), rtol=1e-14, atol=1e-300)

    def test_weighted_mean_divides_by_the_weights_of_the_counted_targets(self):
        z, y, w = np.zeros((3, 3)), np.array([0, 2, -100]), np.array([1.0, 1.0, 3.0])
        # ln 3 (1 + 3) / (1 + 3): the ignored sample and its weight count nowhere.
        assert cross_entropy(z, y, weight=w) == pytest.approx(np.log(3), rel=1e-15)
        assert cross_entropy(z, y, weight=w, reduction="sum") == pytest.approx(4 * np.log(3), rel=1e-15)

    def test_a_mean_over_nothing_is_refused(self):
        with pytest.raises(ValueError, match="total weight of the targets, which is 0"):
            cross_entropy(np.zeros((2, 3)), np.array([-100, -100]))
        assert cross_entropy(np.zeros((2, 3)), np.array([-100, -100]), reduction="sum") == 0.0

    @pytest.mark.parametrize("spoiler", [-np.inf, np.inf, np.nan])
    def test_an_ignored_sample_counts_nothing_whatever_its_scores(self, spoiler):
        z = np.array([[0.3, spoiler, 1.0], [0.2, 0.5, -0.4]])
        for options in ({}, {"label_smoothing": 0.1}, {"weight": np.array([1.0, 2.0, 0.5])}):
            for reduction in ("mean", "sum"):
                assert cross_entropy(z, np.array([-100, 1]), reduction=reduction, **options) == \
                    cross_entropy(z[1:], np.array([1]), reduction=reduction, **options)
            gradient = cross_entropy_grad(z, np.array([-100, 1]), reduction="sum", **options)
            np.testing.assert_array_equal(gradient[1], cross_entropy_grad(z[1:], np.array([1]), reduction="sum",
                                                                          **options)[0])
            assert not np.signbit(gradient[0]).any()  # 0, not -0.0

    def test_weights_whose_sum_overflows_give_the_weighted_mean(self):
        z, y = np.array([[1.0, 2.0], [0.5, 0.1]]), np.array([0, 1])
        # Equal weights of 1e308: their sum is inf, the weighted mean is the plain mean.
        assert cross_entropy(z, y, weight=[1e308, 1e308]) == pytest.approx(cross_entropy(z, y), rel=1e-15)
        np.testing.assert_allclose(cross_entropy_grad(z, y, weight=[1e308, 1e308]), cross_entropy_grad(z, y),
                                   rtol=1e-15)
        assert cross_entropy(z, y, weight=[1e308, 1.0], reduction="sum") == pytest.approx(
            1e308 * np.logaddexp(0.0, 1.0) + np.logaddexp(0.4, 0.0), rel=1e-15)

    def test_smoothed_loss_of_wide_rows_is_within_one_ulp(self):
        # (1 - ε) A + (ε / K) B formed error-free, with the errors of 1 - ε and ε / K added back:
        # with the first one's sign wrong it was 1.07 ulp off on these rows.
        rng = np.random.default_rng(5)
        exact = catalog_entry("cross_entropy").exact
        for _ in range(12):
            row, target = rng.normal(size=1000) * 3, int(rng.integers(0, 1000))
            computed = float(cross_entropy(row[None], np.array([target]), label_smoothing=0.1))
            expected = exact(row.tolist(), target, label_smoothing=0.1)
            assert float(abs(mp(computed) - expected)) <= math.ulp(float(expected))

    def test_terms_from_2_to_the_1023_are_summed(self):
        # -ln p_0 = 1e308 + ln(e + e²): the smoothing part ε/K Σ_k -ln p_k is about 0.1 · 1e308 / 3.
        z = np.array([[-1e308, 1.0, 2.0]])
        expected = 0.9 * np.logaddexp(0.0, 1.0) + 0.1 / 3 * (1e308 + 3 * np.logaddexp(1.0, 2.0) - 3.0)
        assert cross_entropy(z, np.array([1]), label_smoothing=0.1) == pytest.approx(expected, rel=1e-15)
        assert multiclass_hinge(np.array([[-1.7e308, 1e308, 1e308]]), np.array([0]), reduction="sum") == np.inf

    def test_probability_targets_ignore_ignore_index(self):
        z, q = np.zeros((2, 3)), np.full((2, 3), 1 / 3)
        assert cross_entropy(z, q, ignore_index=0) == cross_entropy(z, q)

    def test_full_smoothing_of_equal_logits_has_exactly_zero_gradient(self):
        # Exact answer 0 (issue 8: it was 2.8e-17).
        np.testing.assert_array_equal(cross_entropy_grad(np.zeros(3), np.array(0), label_smoothing=1.0), 0.0)

    def test_masked_class(self):
        assert cross_entropy(np.array([[0.0, -np.inf, 0.0]]), np.array([0])) == pytest.approx(np.log(2), rel=1e-15)
        assert cross_entropy(np.array([[0.0, -np.inf, 0.0]]), np.array([1])) == np.inf

    def test_unbatched_input(self):
        assert cross_entropy([3.2, 5.1, -1.7], np.array(0)) == cross_entropy([[3.2, 5.1, -1.7]], np.array([0]))
        assert cross_entropy_grad([3.2, 5.1, -1.7], np.array(0)).shape == (3,)

    @pytest.mark.parametrize("target, error, message", [
        (np.array([0, 3]), ValueError, r"class indices must be in \[0, 3\) or `ignore_index` -100, found 3"),
        (np.array([0.0, 2.0]), ValueError, "for class indices pass an integer array of shape"),
        (np.array([0, 1, 2]), ValueError, r"must have shape \(2,\)"),
        (np.array([[True, False, True]] * 2), TypeError, "integer class indices or floating probabilities"),
    ])
    def test_bad_targets(self, target, error, message):
        with pytest.raises(error, match=message):
            cross_entropy(np.zeros((2, 3)), target)

    def test_bad_weight_and_smoothing(self):
        with pytest.raises(ValueError, match=r"`weight` must have one entry per class, shape \(3,\)"):
            cross_entropy(np.zeros((2, 3)), np.array([0, 1]), weight=[1.0, 2.0])
        with pytest.raises(ValueError, match=r"`label_smoothing` must be in \[0, 1\]"):
            cross_entropy(np.zeros((1, 3)), np.array([0]), label_smoothing=1.5)


class TestNllLoss:
    @given(z=float_arrays((4, 5)), seed=st.integers(0, 1000))
    def test_of_log_softmax_is_cross_entropy(self, z, seed):
        y = np.random.default_rng(seed).integers(0, 5, size=4)
        assert nll_loss(log_softmax(z, axis=1), y) == pytest.approx(cross_entropy(z, y), rel=1e-14)

    def test_gradient_picks_the_targets(self):
        gradient = nll_loss_grad(np.zeros((2, 3)), np.array([1, -100]), reduction="sum")
        np.testing.assert_array_equal(gradient, [[0, -1, 0], [0, 0, 0]])
        assert not np.signbit(gradient[1]).any()  # an ignored sample's gradient is 0, not -0.0


class TestKlDivergence:
    def test_argument_order_is_target_then_model(self):
        p, q = np.array([0.7, 0.2, 0.1]), np.array([0.1, 0.3, 0.6])
        # KL(target || exp(input)) = Σ q ln(q / p): scipy's rel_entr(q, p).
        assert kl_div(np.log(p), q, reduction="sum") == pytest.approx(scipy.special.rel_entr(q, p).sum(), rel=1e-15)
        assert kl_div(np.log(p), q, reduction="sum") != pytest.approx(scipy.special.rel_entr(p, q).sum(), rel=1e-3)

    def test_batchmean_is_the_mean_divergence_and_mean_is_not(self):
        x = np.log(np.array([[0.5, 0.5], [0.9, 0.1]]))
        q = np.array([[0.1, 0.9], [0.5, 0.5]])
        total = kl_div(x, q, reduction="sum")
        assert kl_div(x, q, reduction="batchmean") == pytest.approx(total / 2, rel=1e-15)
        assert kl_div(x, q) == pytest.approx(total / 4, rel=1e-15)
        np.testing.assert_allclose(kl_div_grad(x, q, reduction="batchmean"), -q / 2, rtol=1e-15)

    def test_log_target_is_the_same_divergence(self):
        x, q = np.log([[0.2, 0.8]]), np.array([[0.6, 0.4]])
        assert kl_div(x, np.log(q), log_target=True) == pytest.approx(kl_div(x, q), rel=1e-14)

    def test_zero_target_terms_are_zero(self):
        np.testing.assert_array_equal(kl_div(np.array([-np.inf, 0.0]), np.array([0.0, 1.0]), reduction="none"), 0.0)
        # The same q = 0 given as its logarithm, -inf.
        np.testing.assert_array_equal(kl_div(np.array([-np.inf, -1.0]), np.array([-np.inf, -np.inf]),
                                             log_target=True, reduction="none"), 0.0)

    def test_batchmean_of_distributions_over_no_classes_is_zero(self):
        # Three samples, no terms: the sum 0 divided by the batch size, as in PyTorch.
        assert kl_div(np.zeros((3, 0)), np.zeros((3, 0)), reduction="batchmean") == 0.0

    def test_bad_targets_and_reductions(self):
        with pytest.raises(ValueError, match=r"`target` must hold probabilities >= 0"):
            kl_div(np.zeros(2), np.array([0.5, -0.5]))
        with pytest.raises(ValueError, match="`reduction` must be one of 'mean', 'batchmean', 'sum', 'none'"):
            kl_div(np.zeros(2), np.ones(2), reduction="average")
        with pytest.raises(TypeError, match="`log_target` must be True or False"):
            kl_div(np.zeros(2), np.ones(2), log_target=1)
        with pytest.raises(ValueError, match="`target` must hold log-probabilities"):
            kl_div(np.zeros(2), np.array([np.nan, 0.0]), log_target=True)


class TestMulticlassHinge:
    def test_cs231n_examples(self):
        # max(0, 5.1 - 3.2 + 1) + max(0, -1.7 - 3.2 + 1) = 2.9 + 0; and the notes' [13, -7, 11] with Δ = 10.
        assert multiclass_hinge(np.array([[3.2, 5.1, -1.7]]), np.array([0])) == pytest.approx(2.9, rel=1e-15)
        assert multiclass_hinge(np.array([[13.0, -7.0, 11.0]]), np.array([0]), margin=10.0) == 8.0

    def test_crammer_singer_counts_only_the_largest_violation(self):
        scores, target = np.array([[3.2, 5.1, 4.0]]), np.array([0])
        assert multiclass_hinge(scores, target, variant="crammer_singer") == pytest.approx(2.9, rel=1e-15)
        np.testing.assert_array_equal(multiclass_hinge_grad(scores, target, variant="crammer_singer"), [[-1, 1, 0]])

    def test_ties_one_ulp_apart_pick_the_true_largest_violator(self):
        scores = np.array([[1.0, 1.0 + 2.0**-52, 0.0]])
        np.testing.assert_array_equal(
            multiclass_hinge_grad(scores, np.array([2]), variant="crammer_singer", reduction="sum"), [[0, 1, -1]])

    @settings(max_examples=50)
    @given(scores=float_arrays((4, 5)), seed=st.integers(0, 1000))
    def test_gradient_rows_sum_to_zero(self, scores, seed):
        target = np.random.default_rng(seed).integers(0, 5, size=4)
        for variant in ("weston_watkins", "crammer_singer"):
            np.testing.assert_array_equal(
                multiclass_hinge_grad(scores, target, variant=variant, reduction="sum").sum(axis=-1), 0.0)

    @pytest.mark.parametrize("variant", ["weston_watkins", "crammer_singer"])
    def test_a_nan_score_has_a_nan_gradient_and_zeros_have_no_sign(self, variant):
        scores, target = np.array([[np.nan, 0.5, 0.2], [0.1, 5.5, 0.2]]), np.array([1, 1])
        loss = multiclass_hinge(scores, target, variant=variant, reduction="none")
        gradient = multiclass_hinge_grad(scores, target, variant=variant, reduction="none")
        assert np.isnan(loss[0]) and np.isnan(gradient[0, [0, 1]]).all()
        np.testing.assert_array_equal(gradient[1], 0.0)  # nothing violates the margin of the second sample
        assert not np.signbit(gradient[1]).any()

    def test_bad_arguments(self):
        with pytest.raises(ValueError, match="`margin`"):
            multiclass_hinge(np.zeros((1, 3)), np.array([0]), margin=-1.0)
        with pytest.raises(ValueError, match="`variant` must be one of 'weston_watkins', 'crammer_singer'"):
            multiclass_hinge(np.zeros((1, 3)), np.array([0]), variant="cs")
        with pytest.raises(TypeError, match="`target` class indices must have an integer dtype"):
            multiclass_hinge(np.zeros((1, 3)), np.array([0.0]))
        with pytest.raises(ValueError, match=r"`input` must have shape \(N, K\) or \(K,\)"):
            multiclass_hinge(np.zeros((1, 3, 2)), np.zeros((1, 2), int))
