"""Regression losses: their definitions and conventions, and the cases that once went wrong."""

import numpy as np
import pytest
from hypothesis import given

from losses import _reduction, huber, huber_grad, l1, l1_grad, mse, mse_grad, smooth_l1, smooth_l1_grad

from .support import float_arrays


class TestDefinitions:
    def test_mse_by_hand(self):
        # (0.5² + 2²) / 2 = 2.125; gradient 2 (ŷ - y) / 2
        assert mse([1.5, -1.0], [1.0, 1.0]) == 2.125
        np.testing.assert_array_equal(mse_grad([1.5, -1.0], [1.0, 1.0]), [0.5, -2.0])

    def test_l1_gradient_is_sign_with_zero_at_zero(self):
        np.testing.assert_array_equal(l1_grad([2.0, 1.0, -5.0], [1.0, 1.0, 1.0], reduction="sum"), [1.0, 0.0, -1.0])

    def test_fast_rcnn_smooth_l1(self):
        # Girshick 2015, β = 1: 0.5 r² inside, |r| - 0.5 outside.
        residuals = np.array([-3.0, -1.0, -0.5, 0.0, 0.5, 0.99, 1.0, 3.0])
        expected = np.where(np.abs(residuals) < 1, 0.5 * residuals**2, np.abs(residuals) - 0.5)
        np.testing.assert_array_equal(smooth_l1(residuals, np.zeros(8), reduction="none"), expected)

    @given(input=float_arrays((8,)), target=float_arrays((8,)))
    def test_huber_is_delta_times_smooth_l1_with_beta_delta(self, input, target):
        for delta in (0.1, 1.0, 2.5):
            np.testing.assert_allclose(huber(input, target, delta=delta, reduction="none"),
                                       delta * smooth_l1(input, target, beta=delta, reduction="none"),
                                       rtol=1e-14, atol=1e-300)
            np.testing.assert_allclose(huber_grad(input, target, delta=delta, reduction="none"),
                                       delta * smooth_l1_grad(input, target, beta=delta, reduction="none"),
                                       rtol=1e-14)

    @given(input=float_arrays((8,)), target=float_arrays((8,)))
    def test_beta_zero_is_exactly_l1(self, input, target):
        np.testing.assert_array_equal(smooth_l1(input, target, beta=0.0, reduction="none"),
                                      l1(input, target, reduction="none"))
        np.testing.assert_array_equal(smooth_l1_grad(input, target, beta=0.0), l1_grad(input, target))

    def test_continuous_at_the_threshold(self):
        beta = 0.7
        below = np.nextafter(beta, 0)
        assert smooth_l1([below], [0.0], beta=beta) == pytest.approx(smooth_l1([beta], [0.0], beta=beta), rel=1e-14)
        assert smooth_l1_grad([below], [0.0], beta=beta) == pytest.approx(1.0, rel=1e-14)

    @given(input=float_arrays((8,), -1e6, 1e6), target=float_arrays((8,), -1e6, 1e6))
    def test_gradients_are_bounded_unlike_mse(self, input, target):
        assert np.all(np.abs(smooth_l1_grad(input, target, beta=0.5, reduction="none")) <= 1)
        assert np.all(np.abs(huber_grad(input, target, delta=3.0, reduction="none")) <= 3)


class TestParameters:
    @pytest.mark.parametrize("beta, message", [(-0.1, r"`beta` must be in \[0, inf\), got -0.1"),
                                               (np.inf, "`beta` must be a finite real number, got inf"),
                                               (np.nan, "`beta` must be a finite real number, got nan")])
    def test_invalid_beta(self, beta, message):
        with pytest.raises(ValueError, match=message):
            smooth_l1([1.0], [0.0], beta=beta)
        with pytest.raises(ValueError, match="`beta`"):
            smooth_l1_grad([1.0], [0.0], beta=beta)

    @pytest.mark.parametrize("delta", [0.0, -1.0])
    def test_invalid_delta(self, delta):
        with pytest.raises(ValueError, match=r"`delta` must be in \(0, inf\)"):
            huber([1.0], [0.0], delta=delta)

    def test_non_numeric_parameter(self):
        with pytest.raises(TypeError, match="`beta` must be a real number, got str"):
            smooth_l1([1.0], [0.0], beta="1")


class TestExtremes:
    """Each case below once returned a wrong answer or raised (issue 8)."""

    def test_a_sum_that_overflows_is_inf_at_any_block_layout(self):
        # Two squares of 1.21e308 in different blocks: math.fsum used to raise.
        size = _reduction.BLOCK_ELEMENTS + 1
        values = np.r_[1.1e154, np.zeros(size - 2), 1.1e154]
        assert mse(values, np.zeros(size), reduction="sum") == np.inf
        assert mse(values, np.zeros(size), reduction="mean") == pytest.approx(2 * (1.1e154**2 / size), rel=1e-15)

    def test_a_finite_mean_of_huge_terms_is_finite(self):
        assert l1(np.full(2, 1.7e308), np.zeros(2)) == 1.7e308
        assert mse_grad([-1.7e308, 1.0], [1.0, 0.0])[0] == -1.7e308  # 2 (ŷ - y) / 2, scaled first

    def test_mse_gradient_of_subnormal_residuals_is_rounded_once(self):
        # 2 r / n: r / n rounded among the subnormals, then doubled, was 0 and 2e-323.
        np.testing.assert_array_equal(mse_grad([5e-324, 0.0], [0.0, 0.0]), [5e-324, 0.0])
        np.testing.assert_array_equal(mse_grad([3e-323, 0.0, 0.0, 0.0], np.zeros(4)), [1.5e-323, 0.0, 0.0, 0.0])

    def test_smooth_l1_at_extreme_beta(self):
        # PyTorch gives 0.5: the quadratic zone of beta = 1e-300 is empty in float32.
        assert smooth_l1(np.float32([0.5]), np.float32([0.0]), beta=1e-300) == np.float32(0.5)
        assert smooth_l1([1.2345], [0.0], beta=1e-320) == 1.2345
        assert smooth_l1([1e306], [0.0], beta=1000.0) == 1e306
        assert smooth_l1([1e-200], [0.0], beta=1e-190) == pytest.approx(0.5 * 1e-210, rel=1e-15)
        assert smooth_l1_grad([1e-321], [0.0], beta=1e-320) == pytest.approx(0.1, rel=1e-2)

    def test_linear_branch_where_the_residual_overflows(self):
        # |ŷ - y| = 1.8e308 + 1e300 is beyond the range; Huber's 0.5 (|r| - 0.25) is not.
        huge = float(np.finfo(np.float64).max)
        assert huber([-huge], [1e300], delta=0.5) == pytest.approx(0.5 * huge + 0.5e300, rel=1e-15)
        assert smooth_l1([-huge], [1e300], beta=1.5e308) == pytest.approx((huge - 0.75e308) + 1e300, rel=1e-15)
        assert mse([-huge], [1e300]) == np.inf  # the square is beyond the range: inf is right
