"""Activations: derivatives, shapes, dtypes and errors, for every activation of the catalog; then the softmax."""

import warnings

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

import losses
from losses import log_softmax, relu_grad, sigmoid, sigmoid_grad, softmax, softmax_jacobian
from scripts.catalog import ENTRIES

from .support import central_difference, float_arrays, moderate_floats

ACTIVATIONS = [entry for entry in ENTRIES if entry.family == "activations"]
ELEMENTWISE = [entry for entry in ACTIVATIONS if not entry.cases[0].kind.per_sample]
WITH_DERIVATIVE = [entry for entry in ELEMENTWISE if entry.gradient is not None]
ALL_FUNCTIONS = [function for entry in ACTIVATIONS for function in (entry.function, entry.gradient) if function]
ELEMENTWISE_FUNCTIONS = [function for entry in ELEMENTWISE for function in (entry.function, entry.gradient)
                         if function]


@pytest.mark.parametrize("entry", WITH_DERIVATIVE, ids=str)
@given(z=moderate_floats(-20, 20))
def test_derivative_matches_central_differences(entry, z):
    if entry.kinks is not None:
        assume(not entry.kinks(np.array(z)))
    numeric = central_difference(entry.function, np.array(z))
    assert entry.gradient(z) == pytest.approx(numeric, rel=1e-6, abs=1e-9)


@pytest.mark.parametrize("function", ELEMENTWISE_FUNCTIONS, ids=lambda f: f.__name__)
class TestElementwiseContract:
    @given(shape=st.lists(st.integers(1, 3), max_size=3))
    def test_keeps_shape(self, function, shape):
        assert function(np.ones(shape)).shape == tuple(shape)

    def test_no_warning_and_finite_at_the_extremes(self, function):
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            assert np.all(np.isfinite(function([-1000.0, 1000.0, -1e308, 1e308, -5e-324])))

    def test_non_contiguous_input(self, function):
        z = np.linspace(-30, 30, 60).reshape(6, 10)
        np.testing.assert_array_equal(function(z.T), function(np.ascontiguousarray(z.T)))


@pytest.mark.parametrize("function", ALL_FUNCTIONS, ids=lambda f: f.__name__)
class TestDtypesAndErrors:
    def test_float32_stays_float32(self, function):
        assert function(np.array([-3.0, 0.5, 2.0], dtype=np.float32)).dtype == np.float32

    def test_integers_become_float64(self, function):
        assert function(np.array([-1, 0, 2])).dtype == np.float64

    def test_big_endian_is_float64(self, function):
        z = np.array([-3.0, 0.5, 2.0])
        np.testing.assert_array_equal(function(z.astype(">f8")), function(z))

    def test_complex_strings_and_masked_arrays_are_refused(self, function):
        with pytest.raises(TypeError, match="`z`"):
            function(np.array([1 + 2j]))
        with pytest.raises(TypeError, match="`z`"):
            function(np.array(["a"]))
        with pytest.raises(TypeError, match="`z` is a masked array"):
            function(np.ma.masked_array([1.0, 2.0], mask=[False, True]))


class TestConventions:
    def test_sigmoid_limits_and_peak(self):
        assert sigmoid(1000.0) == 1.0 and sigmoid(-1000.0) == 0.0
        assert sigmoid(-700.0) > 0  # not flushed to zero while representable
        assert sigmoid_grad(0.0) == 0.25
        assert np.all(sigmoid_grad(np.linspace(-10, 10, 1001)) <= 0.25)

    def test_relu_grad_is_zero_at_zero(self):
        assert relu_grad(0.0) == 0.0
        assert losses.relu(-0.0) == 0.0 and not np.signbit(losses.relu(-0.0))


class TestSoftmax:
    @given(z=float_arrays((4,), -5, 5))
    def test_jacobian_matches_central_differences(self, z):
        jacobian = softmax_jacobian(z)
        for i in range(4):
            np.testing.assert_allclose(jacobian[i], central_difference(lambda v: softmax(v)[i], z), rtol=1e-6, atol=1e-9)

    @given(z=float_arrays((3,), -5, 5), upstream=float_arrays((3,), -1, 1))
    def test_vector_jacobian_product(self, z, upstream):
        # The docstring's claim: g^T J = p * (g - <g, p>); and rows and columns sum to 0.
        p, jacobian = softmax(z), softmax_jacobian(z)
        np.testing.assert_allclose(upstream @ jacobian, p * (upstream - upstream @ p), atol=1e-12)
        np.testing.assert_allclose(jacobian.sum(axis=0), 0, atol=1e-15)
        np.testing.assert_allclose(jacobian.sum(axis=1), 0, atol=1e-15)

    def test_jacobian_shape_and_dominant_diagonal(self):
        assert softmax_jacobian(np.zeros((2, 5, 3))).shape == (2, 5, 3, 3)
        # p (1 - p) for p = 1 - 8.5e-18: not 0 (the issue's [40, 0, 0]).
        assert softmax_jacobian([40.0, 0.0, 0.0])[0, 0] == pytest.approx(8.4967085105831778e-18, rel=1e-15)

    @pytest.mark.parametrize("function", [softmax, log_softmax])
    def test_any_axis_and_layout_gives_the_same_numbers(self, function):
        z = np.random.default_rng(0).normal(size=(6, 40)) * 5
        expected = function(z, axis=-1)
        np.testing.assert_array_equal(function(np.ascontiguousarray(z.T), axis=0), expected.T)
        np.testing.assert_array_equal(function(np.asfortranarray(z), axis=1), expected)
        np.testing.assert_array_equal(function(z[:, None, :], axis=2)[:, 0, :], expected)

    def test_rows_sum_to_one(self):
        rows = np.random.default_rng(0).normal(scale=30, size=(50, 7))
        np.testing.assert_allclose(softmax(rows).sum(axis=-1), 1.0, rtol=1e-14)

    def test_masked_class(self):
        np.testing.assert_allclose(softmax([0.0, -np.inf, 0.0]), [0.5, 0.0, 0.5], rtol=1e-15)

    def test_bad_axis_and_shapes(self):
        with pytest.raises(ValueError, match="at least one dimension"):
            softmax(1.0)
        with pytest.raises(ValueError, match="`axis` 1 is out of range"):
            softmax([1.0, 2.0], axis=1)
        with pytest.raises(TypeError, match="`axis` must be an integer, got float 1.5"):
            softmax(np.zeros((2, 3)), axis=1.5)
        with pytest.raises(ValueError, match="at least one class"):
            log_softmax(np.zeros((2, 0)))
