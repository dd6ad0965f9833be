"""Every framework column of the catalog against `losses`: PyTorch (values and autograd gradients,
every reduction and setting), Keras 3, JAX/optax, and scikit-learn/SciPy."""

import numpy as np
import pytest

from scripts.catalog import ENTRIES, resolve
from scripts.catalog.frameworks import applies, as_torch, to_numpy, torch

from ..support import compare_with_framework, framework_cases

RTOL = 1e-12
# Keras 3.15 averages in float32 even for float64 input (its torch backend's mean
# casts to result_type(float64, "float32"), which is float32; test_claims.py checks
# it), so its column agrees to float32 precision only.
KERAS_RTOL = 1e-6
REDUCTIONS = ["mean", "sum", "none"]


def _pytorch_cases(selected):
    """``(entry, case, settings, reduction)`` for every PyTorch equivalent, and each case's own reduction
    (a divergence's "batchmean") too."""
    return [pytest.param(entry, case, settings, reduction,
                         id=f"{entry.name}[{case.label or case.kind}]-{settings}-{reduction}")
            for entry in ENTRIES if selected(entry) for case in entry.cases
            if "pytorch" in case.equivalents(entry)
            for settings in case.settings if applies(case.equivalents(entry)["pytorch"], settings)
            for reduction in dict.fromkeys(REDUCTIONS + [case.reduction])]


def _torch_value_and_gradient(equivalent, input, target, settings, reduction):
    input_tensor = as_torch(input).clone().requires_grad_(True)
    options = {name: as_torch(value) for name, value in settings.items()}
    value = equivalent(input_tensor, as_torch(target), reduction=reduction, **options)
    (gradient,) = torch.autograd.grad(value.sum(), input_tensor)
    return to_numpy(value), to_numpy(gradient)


def _compare_with_pytorch(entry, case, settings, input, target, reduction, atol=0.0):
    settings = resolve(settings, input)
    ours = entry.function(input, target, reduction=reduction, **settings)
    ours_gradient = entry.gradient(input, target, reduction=reduction, **settings)
    theirs, theirs_gradient = _torch_value_and_gradient(case.equivalents(entry)["pytorch"], input, target, settings,
                                                        reduction)
    if entry.pytorch_gradient_nan is not None:  # where PyTorch's autograd returns NaN for a finite limit
        known = entry.pytorch_gradient_nan(input, target, settings)
        assert np.all(np.isnan(theirs_gradient[known])) or not known.any()
        assert np.all(np.isfinite(ours_gradient))
        theirs_gradient = np.where(known, ours_gradient, theirs_gradient)
    np.testing.assert_allclose(ours, theirs, rtol=RTOL, atol=atol, err_msg=f"{entry} value, {reduction}")
    np.testing.assert_allclose(ours_gradient, theirs_gradient, rtol=RTOL, atol=atol,
                               err_msg=f"{entry} gradient, {reduction}")


@pytest.mark.parametrize("entry, case, settings, reduction", _pytorch_cases(lambda entry: entry.is_loss))
@pytest.mark.parametrize("seed", range(3))
def test_losses_against_pytorch(entry, case, settings, reduction, seed):
    input, target = case.kind.sample(np.random.default_rng(seed), 16)
    if "ignore_index" in settings:
        target[0] = (settings["ignore_index"] + 1) % input.shape[1]
    _compare_with_pytorch(entry, case, settings, input, target, reduction)


@pytest.mark.parametrize("entry, case, settings, reduction", _pytorch_cases(lambda entry: entry.is_loss))
def test_losses_against_pytorch_at_extremes(entry, case, settings, reduction):
    input, target = case.kind.extremes()
    if "ignore_index" in settings:
        target[0] = (settings["ignore_index"] + 1) % input.shape[1]
    # On logits PyTorch loses values below about 1e-15 of the terms it adds
    # (0 for BCE at z = -36, y = 0, and for p - 1 of a class with p = 1 - 8.5e-18);
    # ours keep them (see the accuracy table), so agreement there is absolute.
    loses_tiny_values = case.kind.name in ("logits", "class indices", "class probabilities")
    _compare_with_pytorch(entry, case, settings, input, target, reduction, atol=1e-15 if loses_tiny_values else 0.0)


# PyTorch computes GELU as z (1 + erf(z/√2))/2 or z (1 + tanh u)/2, which are
# exactly 0 where the true value is below about 1e-17 (see test_claims.py):
# compare absolutely there.
LOSES_TINY_VALUES = {"gelu"}


@pytest.mark.parametrize("entry, settings", [pytest.param(entry, settings, id=f"{entry.name}-{settings}")
                                             for entry in ENTRIES if entry.family == "activations"
                                             and entry.pytorch is not None
                                             for settings in entry.cases[0].settings])
def test_activations_against_pytorch(entry, settings):
    z, _ = entry.cases[0].kind.extremes()
    tensor = as_torch(z).clone().requires_grad_(True)
    value = entry.pytorch(tensor, **settings)
    np.testing.assert_allclose(entry.function(z, **settings), to_numpy(value), rtol=RTOL,
                               atol=1e-15 if entry.name in LOSES_TINY_VALUES else 1e-300, err_msg=entry.name)
    if entry.gradient is not None:
        (gradient,) = torch.autograd.grad(value.sum(), tensor)
        # PyTorch's backward passes are the textbook σ(1 - σ) and 1 - tanh², which
        # are 0 (or lose digits) where σ rounds to 1 and the true derivative is
        # below 1e-15; see test_claims.py for where.  Compare absolutely there.
        np.testing.assert_allclose(entry.gradient(z, **settings), to_numpy(gradient), rtol=RTOL, atol=1e-15,
                                   err_msg=entry.name)


@pytest.mark.parametrize("framework", ["pytorch", "keras", "optax"])
def test_every_column_is_run(framework):
    assert framework_cases(framework), f"no {framework} equivalent is declared"


def _all_columns():
    return [pytest.param(framework, *case.values, id=f"{framework}-{case.id}")
            for framework in ("pytorch", "keras", "optax") for case in framework_cases(framework)]


@pytest.mark.parametrize("framework, entry, case, settings", _all_columns())
def test_cross_reference_column_agrees(framework, entry, case, settings):
    # Keras computes in float64 here (keras.config.set_floatx), but some of its
    # losses clip probabilities at 1e-7; the samples stay clear of that.
    compare_with_framework(framework, entry, case, settings, seed=1, rtol=KERAS_RTOL if framework == "keras" else RTOL)
