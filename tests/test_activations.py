"""Activations: derivatives, shapes, dtypes and errors, for every activation of the catalog; then the softmax."""

import warnings

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

import losses
from losses import (
    elu,
    elu_grad,
    gelu,
    gelu_grad,
    leaky_relu,
    leaky_relu_grad,
    log_softmax,
    relu,
    relu_grad,
    sigmoid,
    sigmoid_grad,
    silu,
    silu_grad,
    softmax,
    softmax_jacobian,
)
from scripts import generate_constants
from scripts.catalog import ENTRIES
from scripts.catalog.exact import mpmath

from .support import catalog_cases, central_difference, float_arrays, moderate_floats

ACTIVATIONS = [entry for entry in ENTRIES if entry.family == "activations"]
ELEMENTWISE = [entry for entry in ACTIVATIONS if not entry.cases[0].kind.per_sample]
WITH_DERIVATIVE = [entry for entry in ELEMENTWISE if entry.gradient is not None]
ALL_FUNCTIONS = [function for entry in ACTIVATIONS for function in (entry.function, entry.gradient) if function]
ELEMENTWISE_FUNCTIONS = [function for entry in ELEMENTWISE for function in (entry.function, entry.gradient)
                         if function]


@pytest.mark.parametrize("entry, case, options", catalog_cases(lambda entry: entry in WITH_DERIVATIVE))
@given(z=moderate_floats(-20, 20))
def test_derivative_matches_central_differences(entry, case, options, z):
    if entry.kinks is not None:
        assume(not entry.kinks(np.array(z), **options))
    numeric = central_difference(lambda v: entry.function(v, **options), np.array(z))
    assert entry.gradient(z, **options) == pytest.approx(numeric, rel=1e-6, abs=1e-9)


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

    def test_piecewise_linear_derivatives_of_nan_are_nan(self):
        # NaN in, NaN out, as every other derivative (and relu(nan) itself); PyTorch gives 1 and ν.
        np.testing.assert_array_equal(relu_grad([np.nan, -1.0, -0.0, 2.0]), [np.nan, 0.0, 0.0, 1.0])
        np.testing.assert_array_equal(losses.leaky_relu_grad([np.nan, -1.0, 2.0]), [np.nan, 0.01, 1.0])


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


# ---------------------------------------------------------------------------
# Leaky ReLU, ELU, GELU and SiLU.  Expected values are mpmath's (50 digits)
# unless stated; 4.5e-16 relative is 2 ulp anywhere in a binade.

TWO_ULP = 4.5e-16


def _exact(function, z):
    with mpmath.workdps(50):
        return float(function(mpmath.mpf(z)))


class TestLeakyRelu:
    def test_values_and_the_derivative_at_zero(self):
        np.testing.assert_array_equal(leaky_relu([-2.0, 0.0, 3.0]), [-0.02, 0.0, 3.0])
        # The negative side's slope at 0, as PyTorch (JAX returns 1).
        assert leaky_relu_grad(0.0) == 0.01 and leaky_relu_grad(0.0, negative_slope=0.2) == 0.2

    def test_zero_slope_is_relu(self):
        z = np.linspace(-3, 3, 13)
        np.testing.assert_array_equal(leaky_relu(z, negative_slope=0.0), relu(z))
        np.testing.assert_array_equal(leaky_relu_grad(z, negative_slope=0.0), relu_grad(z))

    @pytest.mark.parametrize("function", [leaky_relu, leaky_relu_grad])
    def test_bad_slope_is_refused(self, function):
        with pytest.raises(ValueError, match="`negative_slope` must be a finite real number, got nan"):
            function([1.0], negative_slope=float("nan"))
        with pytest.raises(TypeError, match="`negative_slope` must be a real number, got str"):
            function([1.0], negative_slope="0.1")


class TestElu:
    def test_small_inputs_keep_their_digits(self):
        # exp(z) - 1 is exactly 0 for |z| < 1.1e-16; expm1 is not.
        assert np.exp(-1e-20) - 1 == 0.0
        assert elu(-1e-20) == -1e-20 and elu(-1e-300, alpha=2.0) == -2e-300

    def test_limits_and_the_derivative_at_zero(self):
        assert elu(-1000.0, alpha=2.0) == -2.0 and elu_grad(-1000.0) == 0.0
        assert elu_grad(0.0) == 1.0 and elu_grad(0.0, alpha=0.3) == 0.3  # the left derivative, as PyTorch
        assert elu_grad(-1e-300) == 1.0  # continuous for alpha = 1

    def test_derivative_below_the_subnormal_threshold(self):
        # e^-709 is below the smallest normal number; 1.5 e^-709 is not.
        z = -709.0
        expected = _exact(lambda v: 1.5 * mpmath.exp(v), z)
        assert elu_grad(z, alpha=1.5) == pytest.approx(expected, rel=TWO_ULP)

    def test_bad_alpha_is_refused(self):
        with pytest.raises(ValueError, match="`alpha` must be a finite real number, got inf"):
            elu([1.0], alpha=float("inf"))


class TestGelu:
    @pytest.mark.parametrize("z", [-38.5, -37.7, -20.0, -10.0, -8.3, -3.0, -0.7518, -0.3, 1e-300, 0.4, 2.5, 9.0])
    def test_exact_form_against_mpmath(self, z):
        assert gelu(z) == pytest.approx(_exact(lambda v: v * mpmath.ncdf(v), z), rel=TWO_ULP, abs=1e-323)

    @pytest.mark.parametrize("z", [-37.7, -10.0, -3.0, -0.3, 0.4, 2.5])
    def test_exact_derivative_against_mpmath(self, z):
        expected = _exact(lambda v: mpmath.ncdf(v) + v * mpmath.npdf(v), z)
        assert gelu_grad(z) == pytest.approx(expected, rel=TWO_ULP)

    @pytest.mark.parametrize("z", [-20.0, -5.0, -1.0, 0.3, 4.0])
    def test_tanh_form_against_mpmath(self, z):
        def tanh_form(v):  # z σ(2u), the same as z (1 + tanh u) / 2
            u = mpmath.sqrt(2 / mpmath.pi) * (v + mpmath.mpf("0.044715") * v**3)
            return v / (1 + mpmath.exp(-2 * u))
        assert gelu(z, approximate="tanh") == pytest.approx(_exact(tanh_form, z), rel=TWO_ULP)

    def test_the_erf_form_is_zero_where_gelu_is_not(self):
        import math
        assert 0.5 * -10.0 * (1 + math.erf(-10.0 / math.sqrt(2))) == 0.0
        assert gelu(-10.0) == pytest.approx(-7.6198530241605e-23, rel=1e-13)  # mpmath

    def test_derivative_changes_sign_at_its_zero(self):
        # gelu'(z) = 0 at z = -0.75179193...: GELU is not monotonic.
        assert gelu_grad(-0.7517) > 0 > gelu_grad(-0.7519)
        assert gelu_grad(0.0) == 0.5 and gelu_grad(0.0, approximate="tanh") == 0.5

    def test_limits_and_nan(self):
        z = np.array([-np.inf, -1e308, -41.0, 41.0, 1e308, np.inf, np.nan])
        for approximate in ("none", "tanh"):
            np.testing.assert_array_equal(gelu(z, approximate=approximate), [0, 0, 0, 41, 1e308, np.inf, np.nan])
            np.testing.assert_array_equal(gelu_grad(z, approximate=approximate), [0, 0, 0, 1, 1, 1, np.nan])

    @pytest.mark.parametrize("function", [gelu, gelu_grad])
    def test_unknown_approximation_is_refused(self, function):
        with pytest.raises(ValueError, match="`approximate` must be one of 'none', 'tanh', got 'erf'"):
            function([1.0], approximate="erf")


class TestSilu:
    def test_minimum(self):
        # silu'(z) = 0 at z* = -1 - W(1/e), where silu(z*) = -W(1/e) (W: Lambert's function).
        with mpmath.workdps(50):
            omega = mpmath.lambertw(mpmath.exp(-1)).real
            where, lowest = float(-1 - omega), float(-omega)
        assert silu(where) == pytest.approx(lowest, rel=TWO_ULP)
        assert abs(silu_grad(where)) < 1e-16

    @pytest.mark.parametrize("z", [-745.0, -712.0, -710.0, -40.0, -1.0, 0.5, 30.0])
    def test_value_and_derivative_against_mpmath(self, z):
        # At z = -710, e^z is subnormal (53 bits no longer) but z e^z is not.
        assert silu(z) == pytest.approx(_exact(lambda v: v / (1 + mpmath.exp(-v)), z), rel=TWO_ULP, abs=1e-323)
        expected = _exact(lambda v: (1 + v / (1 + mpmath.exp(v))) / (1 + mpmath.exp(-v)), z)
        assert silu_grad(z) == pytest.approx(expected, rel=TWO_ULP, abs=1e-323)

    def test_naive_form_loses_the_subnormal_digits(self):
        # What the scaled exponential fixes: e^-712 keeps only 45 significant bits, and
        # z e^z inherits the loss (17 ulp here) although it is a normal number.
        naive = -712.0 * np.exp(-712.0)
        expected = _exact(lambda v: v / (1 + mpmath.exp(-v)), -712.0)
        assert abs(naive / expected - 1) > 1e-15 and abs(silu(-712.0) / expected - 1) < TWO_ULP


def test_generated_constants_are_what_the_script_writes():
    # losses/_constants.py is made by scripts/generate_constants.py with mpmath, not typed.
    assert generate_constants.OUTPUT.read_text(encoding="utf-8") == generate_constants.source()
