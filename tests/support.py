"""Helpers shared by the test modules: finite differences, input strategies, the catalog as test parameters."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from scripts.catalog import ENTRIES, resolve
from scripts.catalog.derivations import central_difference  # noqa: F401 (the tests' finite differences)
from scripts.catalog.frameworks import applies, run


def moderate_floats(low: float = -10.0, high: float = 10.0):
    # Subnormals carry fewer significant bits than any relative tolerance assumes.
    return st.floats(low, high, allow_nan=False, allow_infinity=False, allow_subnormal=False)


def float_arrays(shape, low: float = -10.0, high: float = 10.0):
    return hnp.arrays(np.float64, shape, elements=moderate_floats(low, high))


def _settings_id(settings: dict) -> str:
    return ",".join(f"{name}={value!r}" for name, value in settings.items()) or "defaults"


def catalog_cases(selected):
    """pytest parameters ``(entry, case, settings)`` for every entry that ``selected(entry)`` keeps."""
    return [pytest.param(entry, case, settings, id=f"{entry.name}[{case.label or case.kind}]-{_settings_id(settings)}")
            for entry in ENTRIES if selected(entry)
            for case in entry.cases for settings in case.settings]


def sample(case, settings, seed: int, n: int = 4, classes: int | None = None):
    """Inputs of the case's kind, with the settings made to fit them (``classes``: of a per-sample kind)."""
    rng = np.random.default_rng(seed)
    input, target = case.kind.sample(rng, n) if classes is None else case.kind.sample(rng, n, classes)
    if n and "ignore_index" in settings:  # keep one target counted, or the mean has nothing to divide by
        target[0] = (settings["ignore_index"] + 1) % input.shape[1]
    if settings.get("log_target"):  # a target given as log-probabilities
        target = np.log(target)
    return input, target, resolve(settings, input, seed)


def framework_cases(framework):
    """``(entry, case, settings)`` for every equivalent of ``framework`` that applies."""
    return [pytest.param(entry, case, settings, id=f"{entry.name}[{case.label or case.kind}]-{settings}")
            for entry in ENTRIES for case in entry.cases
            if framework in case.equivalents(entry)
            for settings in case.settings if applies(case.equivalents(entry)[framework], settings)]


def compare_with_framework(framework, entry, case, settings, seed=0, rtol=1e-12):
    """Run ours and the framework's equivalent on the same sample and compare."""
    equivalent = case.equivalents(entry)[framework]
    input, target, settings = sample(case, settings, seed, n=8)
    if getattr(equivalent, "hard_labels", False):
        target = np.round(target)
    arguments = (input,) if target is None else (input, target)
    reduction = case.reduction if entry.is_loss else None
    ours_function = entry.gradient if getattr(equivalent, "of_gradient", False) else entry.function
    ours = ours_function(*arguments, **({"reduction": reduction} if reduction else {}), **settings)
    theirs = run(framework, equivalent, arguments, settings, reduction=reduction if framework == "pytorch" else None)
    for ours_part, theirs_part in zip(ours if isinstance(ours, tuple) else (ours,),
                                      theirs if isinstance(theirs, tuple) else (theirs,)):
        np.testing.assert_allclose(ours_part, theirs_part, rtol=rtol, atol=1e-300, err_msg=f"{framework}")
