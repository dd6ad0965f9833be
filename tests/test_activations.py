import warnings

import numpy as np
import pytest
import scipy.special
from hypothesis import given
from hypothesis import strategies as st

import losses
from losses import (
    log_softmax,
    relu,
    relu_grad,
    sigmoid,
    sigmoid_grad,
    softmax,
    softmax_jacobian,
    softplus,
    softplus_grad,
    tanh,
    tanh_grad,
)

from .support import (
    central_difference,
    float_arrays,
    moderate_floats,
    oracle_sigmoid,
    oracle_sigmoid_grad,
    oracle_softplus,
    oracle_tanh_grad,
    ulp_error,
)

ELEMENTWISE = [sigmoid, sigmoid_grad, tanh, tanh_grad, relu, relu_grad, softplus, softplus_grad]
# A grid of ordinary and extreme pre-activations, both signs.
EXTREME_GRID = np.array(
    [0.0, 1e-300, 1e-8, 0.5, 1.0, 2.0, 5.0, 15.0, 20.0, 30.0, 36.0, 37.0, 40.0, 100.0, 300.0, 700.0]
)
EXTREME_GRID = np.concatenate([-EXTREME_GRID[::-1], EXTREME_GRID])


class TestDerivativesMatchFiniteDifferences:
    @pytest.mark.parametrize(
        "function, derivative",
        [(sigmoid, sigmoid_grad), (tanh, tanh_grad), (softplus, softplus_grad), (relu, relu_grad)],
    )
    @given(z=moderate_floats(-20, 20))
    def test_elementwise(self, function, derivative, z):
        if function is relu and abs(z) < 1e-4:
            return  # the kink: no derivative to compare with
        numeric = central_difference(lambda v: function(v), np.array(z))
        assert derivative(z) == pytest.approx(numeric, rel=1e-6, abs=1e-9)

    @given(z=float_arrays((4,), -5, 5))
    def test_softmax_jacobian(self, z):
        jacobian = softmax_jacobian(z)
        for i in range(4):
            numeric = central_difference(lambda v: softmax(v)[i], z)
            np.testing.assert_allclose(jacobian[i], numeric, rtol=1e-6, atol=1e-9)

    @given(z=float_arrays((3,), -5, 5), upstream=float_arrays((3,), -1, 1))
    def test_softmax_vector_jacobian_product(self, z, upstream):
        # The docstring's claim: g^T J = s * (g - <g, s>).
        s = softmax(z)
        np.testing.assert_allclose(upstream @ softmax_jacobian(z), s * (upstream - upstream @ s), atol=1e-12)


class TestAgainstMpmath:
    """Few-ulp accuracy over the grid, including where the naive formulas fail."""

    @pytest.mark.parametrize(
        "function, oracle",
        [(sigmoid, oracle_sigmoid), (sigmoid_grad, oracle_sigmoid_grad), (tanh_grad, oracle_tanh_grad),
         (softplus, oracle_softplus), (softplus_grad, oracle_sigmoid)],
    )
    def test_within_two_ulp(self, function, oracle):
        computed = function(EXTREME_GRID)
        errors = [ulp_error(value, oracle(z)) for value, z in zip(computed, EXTREME_GRID)]
        assert max(errors) <= 2, dict(zip(EXTREME_GRID, errors))

    @pytest.mark.parametrize("row", [[40.0, 0.0, 0.0], [1e4, -1e4, 0.0], [3.2, 5.1, -1.7], [700.0, 699.0, -700.0]])
    def test_log_softmax_within_two_ulp(self, row):
        # The dominant class's log-probability is tiny (-8.5e-18 for [40, 0, 0]); it must not round to 0.
        from .support import oracle_log_softmax
        errors = [ulp_error(value, exact) for value, exact in zip(log_softmax(row), oracle_log_softmax(row))]
        assert max(errors) <= 2, errors

    def test_sigmoid_grad_peak_is_a_quarter(self):
        assert sigmoid_grad(0.0) == 0.25
        assert np.all(sigmoid_grad(np.linspace(-10, 10, 1001)) <= 0.25)


class TestAgainstScipy:
    @given(z=float_arrays((5,), -700, 700))
    def test_sigmoid_is_expit(self, z):
        np.testing.assert_allclose(sigmoid(z), scipy.special.expit(z), rtol=4e-16, atol=0)

    @given(z=float_arrays((2, 5), -1e4, 1e4))
    def test_softmax_and_log_softmax(self, z):
        np.testing.assert_allclose(softmax(z), scipy.special.softmax(z, axis=-1), rtol=1e-13, atol=1e-300)
        np.testing.assert_allclose(log_softmax(z), scipy.special.log_softmax(z, axis=-1), rtol=1e-13, atol=1e-13)

    def test_softmax_axis(self):
        z = np.arange(6.0).reshape(2, 3)
        np.testing.assert_allclose(softmax(z, axis=0), scipy.special.softmax(z, axis=0), rtol=1e-15)


class TestNumericalCare:
    def test_no_overflow_warning_at_extremes(self):
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            for function in ELEMENTWISE:
                result = function([-1000.0, 1000.0, -1e308, 1e308])
                assert np.all(np.isfinite(result)), function.__name__
            assert np.all(np.isfinite(softmax([1e4, -1e4, 0.0])))
            assert np.all(np.isfinite(log_softmax([1e4, -1e4, 0.0])))

    def test_sigmoid_limits(self):
        assert sigmoid(1000.0) == 1.0
        assert sigmoid(-1000.0) == 0.0
        assert sigmoid(-700.0) > 0  # not flushed to zero while representable

    def test_relu_grad_is_zero_at_zero(self):
        assert relu_grad(0.0) == 0.0

    def test_softmax_rows_sum_to_one(self):
        rows = np.random.default_rng(0).normal(scale=30, size=(50, 7))
        np.testing.assert_allclose(softmax(rows).sum(axis=-1), 1.0, rtol=1e-14)


class TestDtypes:
    @pytest.mark.parametrize("function", ELEMENTWISE + [softmax, log_softmax, softmax_jacobian])
    def test_float32_stays_float32(self, function):
        result = function(np.array([-3.0, 0.5, 2.0], dtype=np.float32))
        assert result.dtype == np.float32

    @pytest.mark.parametrize("function", ELEMENTWISE + [softmax, log_softmax])
    def test_integers_become_float64(self, function):
        assert function(np.array([-1, 0, 2])).dtype == np.float64

    def test_float32_accuracy(self):
        z = np.linspace(-80, 80, 321).astype(np.float32)
        np.testing.assert_allclose(sigmoid(z), scipy.special.expit(z.astype(np.float64)), rtol=2e-7)

    @pytest.mark.parametrize("function", ELEMENTWISE + [softmax])
    def test_complex_and_strings_are_refused(self, function):
        with pytest.raises(TypeError, match="`z`"):
            function(np.array([1 + 2j]))
        with pytest.raises(TypeError, match="`z`"):
            function(np.array(["a"]))


class TestShapesAndErrors:
    @given(shape=st.lists(st.integers(1, 3), max_size=3))
    def test_elementwise_keep_shape(self, shape):
        z = np.ones(shape)
        for function in ELEMENTWISE:
            assert function(z).shape == z.shape

    def test_softmax_jacobian_shape(self):
        assert softmax_jacobian(np.zeros((2, 5, 3))).shape == (2, 5, 3, 3)

    def test_softmax_needs_an_axis(self):
        with pytest.raises(ValueError, match="at least one dimension"):
            softmax(1.0)
        with pytest.raises(ValueError, match="out of range"):
            softmax([1.0, 2.0], axis=1)
        with pytest.raises(ValueError, match="at least one class"):
            log_softmax(np.zeros((2, 0)))


def test_public_names_are_exported():
    for name in losses.__all__:
        assert callable(getattr(losses, name)), name
    assert len(set(losses.__all__)) == len(losses.__all__)
