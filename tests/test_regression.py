import numpy as np
import pytest
import sklearn.metrics
from hypothesis import given

from losses import huber, huber_grad, l1, l1_grad, mse, mse_grad, smooth_l1, smooth_l1_grad

from .support import float_arrays


class TestMse:
    def test_hand_computed(self):
        # (0.5^2 + 2^2) / 2 = 2.125
        assert mse([1.5, -1.0], [1.0, 1.0]) == 2.125
        np.testing.assert_array_equal(mse_grad([1.5, -1.0], [1.0, 1.0]), [0.5, -2.0])

    @given(input=float_arrays((6,)), target=float_arrays((6,)))
    def test_against_scikit_learn(self, input, target):
        assert mse(input, target) == pytest.approx(sklearn.metrics.mean_squared_error(target, input), rel=1e-12, abs=1e-300)

    def test_zero_at_perfect_prediction(self):
        assert mse([3.0, -2.0], [3.0, -2.0]) == 0

    def test_shapes_never_broadcast(self):
        with pytest.raises(ValueError, match=r"input \(3, 1\) and target \(3,\)"):
            mse(np.zeros((3, 1)), np.zeros(3))


class TestL1:
    @given(input=float_arrays((6,)), target=float_arrays((6,)))
    def test_against_scikit_learn(self, input, target):
        assert l1(input, target) == pytest.approx(sklearn.metrics.mean_absolute_error(target, input), rel=1e-12, abs=1e-300)

    def test_gradient_is_sign_with_zero_at_zero(self):
        np.testing.assert_array_equal(l1_grad([2.0, 1.0, -5.0], [1.0, 1.0, 1.0], reduction="sum"), [1.0, 0.0, -1.0])


class TestSmoothL1AndHuber:
    def test_fast_rcnn_definition(self):
        # Girshick 2015, beta = 1: 0.5 x^2 inside, |x| - 0.5 outside.
        residuals = np.array([-3.0, -1.0, -0.5, 0.0, 0.5, 0.99, 1.0, 3.0])
        expected = np.where(np.abs(residuals) < 1, 0.5 * residuals**2, np.abs(residuals) - 0.5)
        np.testing.assert_array_equal(smooth_l1(residuals, np.zeros(8), reduction="none"), expected)

    @given(input=float_arrays((8,)), target=float_arrays((8,)))
    def test_huber_is_delta_times_smooth_l1_with_beta_delta(self, input, target):
        for delta in (0.1, 1.0, 2.5):
            np.testing.assert_allclose(
                huber(input, target, delta=delta, reduction="none"),
                delta * smooth_l1(input, target, beta=delta, reduction="none"), rtol=1e-14, atol=1e-300)
            np.testing.assert_allclose(
                huber_grad(input, target, delta=delta, reduction="none"),
                delta * smooth_l1_grad(input, target, beta=delta, reduction="none"), rtol=1e-14)

    @given(input=float_arrays((8,)), target=float_arrays((8,)))
    def test_beta_zero_is_exactly_l1(self, input, target):
        np.testing.assert_array_equal(smooth_l1(input, target, beta=0.0, reduction="none"),
                                      l1(input, target, reduction="none"))
        np.testing.assert_array_equal(smooth_l1_grad(input, target, beta=0.0), l1_grad(input, target))

    def test_huber_matches_the_squared_error_inside_delta(self):
        residual = np.array([0.3, -1.9])
        np.testing.assert_array_equal(huber(residual, np.zeros(2), delta=2.0, reduction="none"), 0.5 * residual**2)

    @given(input=float_arrays((8,), -1e6, 1e6), target=float_arrays((8,), -1e6, 1e6))
    def test_gradients_are_bounded_unlike_mse(self, input, target):
        assert np.all(np.abs(smooth_l1_grad(input, target, beta=0.5, reduction="none")) <= 1)
        assert np.all(np.abs(huber_grad(input, target, delta=3.0, reduction="none")) <= 3)

    def test_continuous_at_the_threshold(self):
        beta = 0.7
        below, above = np.nextafter(beta, 0), beta
        assert smooth_l1([below], [0.0], beta=beta) == pytest.approx(smooth_l1([above], [0.0], beta=beta), rel=1e-14)
        assert smooth_l1_grad([below], [0.0], beta=beta) == pytest.approx(1.0, rel=1e-14)

    @pytest.mark.parametrize("beta", [-0.1, np.inf, np.nan])
    def test_invalid_beta(self, beta):
        with pytest.raises(ValueError, match="`beta` must be finite and in \\[0, inf\\)"):
            smooth_l1([1.0], [0.0], beta=beta)
        with pytest.raises(ValueError, match="`beta`"):
            smooth_l1_grad([1.0], [0.0], beta=beta)

    @pytest.mark.parametrize("delta", [0.0, -1.0, np.inf])
    def test_invalid_delta(self, delta):
        with pytest.raises(ValueError, match="`delta` must be finite and in \\(0, inf\\)"):
            huber([1.0], [0.0], delta=delta)

    def test_non_numeric_parameter(self):
        with pytest.raises(TypeError, match="`beta` must be a real number, got str"):
            smooth_l1([1.0], [0.0], beta="1")

    def test_no_overflow_for_large_residuals(self):
        assert smooth_l1([1e300], [-1e300]) == 2e300
        assert huber_grad([1e300], [-1e300], delta=2.0) == 2.0
