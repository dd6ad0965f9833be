#!/usr/bin/env python3
"""Worst-case accuracy of every function of the catalog, against mpmath.

    python3 scripts/dev.py accuracy      # needs the conformance extra (PyTorch)

For every function (and gradient) of the catalog that has an exact oracle,
on its kind's accuracy grid (scripts/catalog/kinds.py) and for each of its
accuracy settings, the exact value of every output element is computed with
mpmath from the very floating-point inputs each implementation receives, and
the largest error is reported in units in the last place (ulp) of the
result's precision, for:

* `losses` in float64 (in every memory layout it accepts: C and Fortran order,
  and along a non-last axis where there is one) and in float32,
* the naive textbook formula (the catalog's transcription of the docstring)
  in float64,
* PyTorch (CPU) in float64 and float32: values from its functional API,
  gradients from autograd.

A non-finite result where the exact value, rounded, is finite counts as an
infinite error.  Some results are **differences of two terms** that the inputs
determine only to working precision, such as σ(z) − y for a soft label, or
p·S − q for a soft or smoothed target: half an ulp of rounding in either term
is unavoidable in float64, and where the terms are close it is magnified by
the factor f = max(|a|, |b|) / |a − b|.  The catalog names those terms for
each function, and their errors are counted in ulp of the larger term (the
error divided by f), the accuracy that any float64 evaluation allows.  How
many points cancel by more than a bit (f > 2), and their largest error in
ulp of the result, are reported too.

Results go to docs/snippets/accuracy.json, from which the site's table and
figure are made.  The measurement is also used, without PyTorch, by
tests/test_accuracy.py.
"""

from __future__ import annotations

import functools
import json
import math
import platform
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scripts.catalog import ENTRIES, Case, Entry  # noqa: E402
from scripts.catalog.exact import mpmath  # noqa: E402
from scripts.catalog.frameworks import as_torch, to_numpy, torch  # noqa: E402
from scripts.catalog.kinds import Batch  # noqa: E402

OUTPUT = ROOT / "docs" / "snippets" / "accuracy.json"
IMPLEMENTATIONS = ("losses float64", "losses float32", "naive float64", "PyTorch float64", "PyTorch float32")
# Rows this wide are evaluated at 60 digits instead of 400: their logits are
# moderate (no probability below 1e-40), and 400-digit exponentials would take minutes.
_WIDE = 100
# Points where the terms of a difference agree to a bit or more are counted apart.
_CANCELLATION_REPORTED = 2.0


@dataclass(frozen=True)
class Row:
    """One line of the table: a function or its gradient, on one case, with one setting."""

    entry: Entry
    case: Case
    settings: dict
    gradient: bool

    @property
    def name(self) -> str:
        name = self.entry.gradient.__name__ if self.gradient else self.entry.name
        shown = ", ".join(f"{key}={value!r}" for key, value in self.settings.items())
        label = self.case.label if self.case.label and len(self.entry.cases) > 1 else ""
        details = ", ".join(part for part in (label, shown) if part)
        return f"{name} ({details})" if details else name

    @property
    def function(self):
        return self.entry.gradient if self.gradient else self.entry.function


def rows() -> list[Row]:
    found = []
    for entry in ENTRIES:
        if entry.exact is None:
            continue
        for case in entry.cases:
            for settings in case.accuracy_settings:
                found.append(Row(entry, case, settings, False))
                if entry.exact_gradient is not None:
                    found.append(Row(entry, case, settings, True))
    return found


# ---------------------------------------------------------------------------
# Units in the last place

def ulp(value, dtype=np.float64):
    """The spacing of floats of ``dtype`` at ``value`` (element-wise): 2**(exponent - significand bits)."""
    info = np.finfo(dtype)
    magnitude = np.abs(np.asarray(value, dtype=np.float64))
    _, exponent = np.frexp(magnitude)
    spacing = np.where(magnitude == 0, 0.0, np.ldexp(1.0, exponent - (info.nmant + 1)))
    return np.maximum(spacing, float(info.smallest_subnormal))


def exact_pairs(exact: list) -> tuple[np.ndarray, np.ndarray]:
    """Exact values as float64 pairs ``high + low`` (high the correctly rounded value)."""
    high = np.array([float(value) for value in exact], dtype=np.float64)
    low = np.array([float(value - mpmath.mpf(h)) if mpmath.isfinite(value) and np.isfinite(h) else 0.0
                    for value, h in zip(exact, high)], dtype=np.float64)
    return high, low


def ulp_errors(computed: np.ndarray, exact_high: np.ndarray, exact_low: np.ndarray, dtype=np.float64) -> np.ndarray:
    """|computed - exact| in ulp of the exact value rounded to ``dtype``; inf for a wrong non-finite result."""
    computed = np.asarray(computed, dtype=np.float64)
    with np.errstate(all="ignore"):
        rounded = exact_high.astype(dtype).astype(np.float64)
        # computed - high is exact where the two are close, which is where it matters.
        errors = np.abs((computed - exact_high) - exact_low) / ulp(rounded, dtype)
    finite = np.isfinite(computed) & np.isfinite(rounded)
    both_nan = np.isnan(computed) & np.isnan(exact_high)
    same_infinity = ~finite & (computed == rounded)
    return np.where(finite, errors, np.where(same_infinity | both_nan, 0.0, np.inf))


def ulp_error(computed: float, exact, dtype=np.float64) -> float:
    """`ulp_errors` of one value."""
    high, low = exact_pairs([exact])
    return float(ulp_errors(np.array([computed]), high, low, dtype)[0])


def format_ulp(value: float) -> str:
    """An error in ulp as the tables and the figure show it."""
    if math.isnan(value) or math.isinf(value):
        return "∞"
    return f"{value:.1f}" if value < 1e3 else f"{value:.0e}".replace("e+0", "e").replace("e+", "e")


# ---------------------------------------------------------------------------
# Exact values

_EXACT_CACHE: dict = {}
# Exact values of the grids' batches of at most STORED_ELEMENTS elements, as
# SciPy keeps its mpmath reference values: computed by this script, committed,
# and keyed by everything they depend on (see `_stored_key`), so that a stale
# value is never read; tests/test_accuracy.py reads them instead of waiting
# minutes for mpmath.
EXACT_STORE = ROOT / "scripts" / "catalog" / "exact-values.npz"
STORED_ELEMENTS = 10_000
_store: dict | None = None
_store_used: set = set()


def _oracle_fingerprint(row: Row) -> str:
    """A hash of the code an exact value depends on: the oracles (scripts/catalog/exact.py and the row's family module)."""
    return _fingerprint_of_modules("exact", row.entry.family)


@functools.lru_cache(maxsize=None)
def _fingerprint_of_modules(*names: str) -> str:
    import ast
    import hashlib

    digest = hashlib.sha256()
    for name in names:
        path = ROOT / "scripts" / "catalog" / f"{name}.py"
        digest.update(ast.dump(ast.parse(path.read_text(encoding="utf-8"))).encode())
    return digest.hexdigest()


def _stored_key(row: Row, batch: Batch) -> str:
    import hashlib

    digest = hashlib.sha256()
    for part in (_oracle_fingerprint(row), row.name, str(batch.input.dtype), str(batch.input.shape),
                 batch.input.tobytes(), b"" if batch.target is None else batch.target.tobytes(),
                 "" if batch.target is None else str(batch.target.dtype)):
        digest.update(part if isinstance(part, bytes) else part.encode())
    return digest.hexdigest()[:24]


def stored_values() -> dict:
    global _store
    if _store is None:
        _store = dict(np.load(EXACT_STORE)) if EXACT_STORE.exists() else {}
    return _store


def stored_keys_missing(row: Row, batches) -> list[str]:
    """Keys of ``batches`` (float64 and float32 inputs) that the committed store lacks."""
    keys = [_stored_key(row, _upcast(_as_dtype(batch, dtype))) for batch in batches for dtype in (np.float64, np.float32)]
    return [key for key in keys if key not in stored_values()]


def save_store() -> None:
    """Write the values used by this run (and only those: stale ones go)."""
    values = {key: value for key, value in stored_values().items() if key in _store_used}
    np.savez_compressed(EXACT_STORE, **dict(sorted(values.items())))


def _exact(row: Row, batch: Batch) -> tuple[np.ndarray, np.ndarray]:
    """The exact output elements for the float64 inputs of ``batch``, flattened in C order, as pairs."""
    stored = batch.input.size <= STORED_ELEMENTS
    if stored:
        key = _stored_key(row, batch)
        _store_used.add(key)
        if key not in stored_values():
            stored_values()[key] = np.array(exact_pairs(_exact_uncached(row, batch)))
        high, low = stored_values()[key]
        return high, low
    key = (row.name, batch.input.tobytes(), None if batch.target is None else batch.target.tobytes())
    if key not in _EXACT_CACHE:
        _EXACT_CACHE.clear()  # one batch at a time; the row's implementations share their float64 inputs
        _EXACT_CACHE[key] = exact_pairs(_exact_uncached(row, batch))
    return _EXACT_CACHE[key]


def _exact_uncached(row: Row, batch: Batch) -> list:
    oracle = row.entry.exact_gradient if row.gradient else row.entry.exact
    wide = batch.input.ndim == 2 and batch.input.shape[1] > _WIDE
    with mpmath.workdps(60 if wide else 400):
        if row.case.kind.per_sample:
            targets = [None] * len(batch.input) if batch.target is None else batch.target
            values = []
            for scores, target in zip(batch.input, targets):
                arguments = (list(scores),) if target is None else (list(scores), target)
                result = oracle(*arguments, **row.settings)
                values.extend(result if isinstance(result, list) else [result])
            return values
        if batch.target is None:
            return [oracle(float(value), **row.settings) for value in batch.input.ravel()]
        return [oracle(float(value), float(target), **row.settings)
                for value, target in zip(batch.input.ravel(), batch.target.ravel())]


def _as_dtype(batch: Batch, dtype) -> Batch:
    with np.errstate(over="ignore"):  # 1e308 is inf in float32; its exact result is computed from inf too
        target = batch.target
        if target is not None and target.dtype.kind == "f":
            target = target.astype(dtype)
        return Batch(batch.input.astype(dtype), target)


def _upcast(batch: Batch) -> Batch:
    target = batch.target.astype(np.float64) if batch.target is not None and batch.target.dtype.kind == "f" \
        else batch.target
    return Batch(batch.input.astype(np.float64), target)


# ---------------------------------------------------------------------------
# The implementations

def _call(function, batch: Batch, row: Row, **layout):
    arguments = (batch.input,) if batch.target is None else (batch.input, batch.target)
    reduction = {"reduction": "none"} if row.entry.is_loss else {}
    return np.asarray(function(*arguments, **reduction, **row.settings, **layout))


def _losses_layouts(row: Row, batch: Batch) -> list[np.ndarray]:
    """Results of `losses` for the batch in every layout it accepts, each flattened in the batch's order."""
    results = [_call(row.function, batch, row)]
    if batch.input.ndim != 2:
        return results
    fortran = Batch(np.asfortranarray(batch.input), batch.target)
    results.append(_call(row.function, fortran, row))
    if row.entry.name in ("softmax", "log_softmax"):
        results.append(_call(row.function, Batch(np.ascontiguousarray(batch.input.T)), row, axis=0).T)
    elif row.entry.spatial:
        # Samples along a trailing axis, as in segmentation: (1, K, N) logits and (1, N) targets.
        target = batch.target
        spatial_target = target[None] if target.ndim == 1 else np.ascontiguousarray(target.T)[None]
        spatial = _call(row.function, Batch(np.ascontiguousarray(batch.input.T)[None], spatial_target), row)
        results.append(spatial[0].T if row.gradient else spatial[0])
    return results


def _torch_result(row: Row, batch: Batch) -> np.ndarray:
    equivalent = row.case.pytorch or row.entry.pytorch
    input_tensor = as_torch(batch.input).clone().requires_grad_(True)
    # PyTorch takes weights as tensors only, even a scalar one.
    options = {name: as_torch(np.asarray(value, dtype=np.float64) if name.endswith("weight") else value)
               for name, value in row.settings.items()}
    if row.entry.is_loss:
        output = equivalent(input_tensor, as_torch(batch.target), reduction="none", **options)
    else:
        output = equivalent(input_tensor, **options)
    if not row.gradient:
        return to_numpy(output)
    (derivative,) = torch.autograd.grad(output.sum(), input_tensor)
    return to_numpy(derivative)


def _overflowed(batch64: Batch, batch: Batch, row: Row) -> np.ndarray:
    """Output elements whose input became infinite in the narrower dtype (a different problem, not measured)."""
    became_infinite = np.isinf(batch.input) & np.isfinite(batch64.input)
    if row.case.kind.per_sample:
        per_row = became_infinite.reshape(len(batch.input), -1).any(axis=1)
        classes = batch.input.shape[-1]
        repeat = classes * (classes if row.entry.name == "softmax_jacobian" else 1) \
            if (row.gradient or not row.entry.is_loss) else 1
        return np.repeat(per_row, repeat)
    return became_infinite.ravel()


def computed(row: Row, implementation: str, batch64: Batch) -> tuple[Batch, list[np.ndarray]]:
    """The inputs an implementation was given (as float64) and its results (possibly several layouts)."""
    dtype = np.float32 if implementation.endswith("float32") else np.float64
    batch = _as_dtype(batch64, dtype)
    with np.errstate(all="ignore"):
        if implementation.startswith("losses"):
            results = _losses_layouts(row, batch) if dtype == np.float64 else [_call(row.function, batch, row)]
        elif implementation.startswith("naive"):
            naive = row.entry.naive_gradient if row.gradient else row.entry.naive
            arguments = (batch.input,) if batch.target is None else (batch.input, batch.target)
            results = [np.asarray(naive(*arguments, **row.settings))]
        else:
            results = [_torch_result(row, batch)]
    return _upcast(batch), [np.asarray(result, dtype=np.float64).ravel() for result in results]


def available(row: Row, implementation: str) -> bool:
    if implementation.startswith("naive"):
        return (row.entry.naive_gradient if row.gradient else row.entry.naive) is not None
    if implementation.startswith("PyTorch"):
        from scripts.catalog.frameworks import applies
        equivalent = row.case.pytorch or row.entry.pytorch
        return equivalent is not None and applies(equivalent, row.settings)
    return True


# ---------------------------------------------------------------------------
# Measuring

def _cancellation(row: Row, batch: Batch) -> np.ndarray:
    """The cancellation factor f of each output element (a single 1 where nothing cancels)."""
    arguments = (batch.input,) if batch.target is None else (batch.input, batch.target)
    with np.errstate(all="ignore"):  # the terms are approximate; extreme inputs overflow in them
        terms = row.entry.cancelling_terms and row.entry.cancelling_terms(*arguments, gradient=row.gradient,
                                                                          **row.settings)
    if terms is None:
        return np.ones(1)
    with np.errstate(all="ignore"):
        first, second = (np.asarray(term, dtype=np.float64) for term in terms)
        factor = np.maximum(np.abs(first), np.abs(second)) / np.abs(first - second)
    return np.asarray(np.nan_to_num(factor, nan=1.0, posinf=np.inf), dtype=np.float64).ravel()


def measure(row: Row, implementations=IMPLEMENTATIONS, batches=None) -> dict:
    """The worst error of each implementation on the row's grid, and where it occurred."""
    batches = row.case.kind.grid() if batches is None else batches
    results = {}
    for implementation in implementations:
        if not available(row, implementation):
            continue
        dtype = np.float32 if implementation.endswith("float32") else np.float64
        worst = {"max_ulp": 0.0, "at": None, "cancellations": 0, "max_ulp_at_cancellations": 0.0}
        for batch in batches:
            given, outputs = computed(row, implementation, batch)
            measured = ~_overflowed(batch, _as_dtype(batch, dtype), row)
            exact_high, exact_low = _exact(row, given)
            factors = np.broadcast_to(np.maximum(_cancellation(row, given), 1.0), exact_high.shape)
            cancelling = measured & (factors > _CANCELLATION_REPORTED)
            worst["cancellations"] += int(cancelling.sum())
            for output in outputs:
                errors = ulp_errors(output, exact_high, exact_low, dtype)
                if cancelling.any():
                    worst["max_ulp_at_cancellations"] = max(worst["max_ulp_at_cancellations"],
                                                            float(np.max(errors[cancelling])))
                # A difference a - b is counted in ulp of max(|a|, |b|): the error divided by f.
                effective = np.where(measured, errors / factors, 0.0)
                index = int(np.argmax(effective))
                if not effective[index] <= worst["max_ulp"]:
                    worst["max_ulp"], worst["at"] = float(effective[index]), _describe(given, index, row)
        results[implementation] = worst
    return results


def _describe(batch: Batch, index: int, row: Row) -> str:
    """The input of output element ``index``, for the report."""
    if row.case.kind.per_sample:
        classes = batch.input.shape[-1]
        sample = index // classes if row.gradient or not row.entry.is_loss else index
        sample = min(sample, len(batch.input) - 1)
        scores = batch.input[sample]
        shown = np.array2string(scores, precision=17, threshold=6) if scores.size <= 6 else f"row of {scores.size}"
        target = "" if batch.target is None else f", target {np.array2string(np.asarray(batch.target[sample]), precision=3, threshold=6)}"
        return f"{shown}{target}"
    target = "" if batch.target is None else f", {batch.target.ravel()[index]!r}"
    return f"{batch.input.ravel()[index]!r}{target}"


def platform_signature() -> str:
    """What decides the last bits of NumPy's exp and log: its version and the SIMD code paths it chose."""
    from numpy._core._multiarray_umath import __cpu_features__
    found = sorted(name for name, present in __cpu_features__.items() if present and name.startswith("AVX512"))
    wider = np.finfo(np.longdouble).nmant > 52
    return (f"{platform.machine()} numpy {np.__version__} {'+'.join(found) or 'no AVX512'}"
            f"{', long double wider than float64' if wider else ''}")


def fingerprint() -> str:
    """A hash of the code the table depends on: the package, the catalog and this script.

    Docstrings and comments are left out (the abstract syntax tree is hashed,
    without docstrings), so that editing prose does not call for a new
    measurement; the platform is left out too (see `platform_signature`).
    """
    import ast
    import hashlib

    def without_docstrings(tree):
        for node in ast.walk(tree):
            body = getattr(node, "body", None)
            if isinstance(body, list) and body and isinstance(body[0], ast.Expr) \
                    and isinstance(body[0].value, ast.Constant) and isinstance(body[0].value.value, str):
                node.body = body[1:] or [ast.Pass()]
        return tree

    # The checks of the derivations, the widgets' declarations and the claims
    # about other frameworks measure nothing here.
    unmeasured = {"derivations.py", "widgets.py", "claims.py", "statements.py"}
    catalog = [path for path in sorted((ROOT / "scripts" / "catalog").glob("*.py")) if path.name not in unmeasured]
    sources = sorted((ROOT / "losses").glob("*.py")) + catalog
    digest = hashlib.sha256()
    for path in sources + [Path(__file__).resolve()]:
        tree = without_docstrings(ast.parse(path.read_text(encoding="utf-8")))
        digest.update(path.relative_to(ROOT).as_posix().encode() + b"\0" + ast.dump(tree).encode())
    return digest.hexdigest()[:16]


def build_report(progress=print) -> dict:
    import torch as real_torch

    report = {"implementations": list(IMPLEMENTATIONS), "functions": {}, "grids": {},
              "versions": {"numpy": np.__version__, "torch": real_torch.__version__, "mpmath": mpmath.__version__},
              "platform": platform_signature(), "fingerprint": fingerprint()}
    measured_rows = rows()
    for position, row in enumerate(measured_rows, 1):
        began = time.perf_counter()
        kind = row.case.kind
        report["grids"][kind.name] = {"en": kind.grid_en, "zh": kind.grid_zh}
        report["functions"][row.name] = {"kind": kind.name, "family": row.entry.family, **measure(row)}
        summary = "  ".join(f"{name}: {format_ulp(result['max_ulp'])}"
                            for name, result in report["functions"][row.name].items() if isinstance(result, dict))
        progress(f"[{position:2d}/{len(measured_rows)}] {row.name:60s} {summary}  ({time.perf_counter() - began:.1f} s)")
    return report


def main() -> int:
    started = time.perf_counter()
    report = build_report(lambda line: print(line, flush=True))
    OUTPUT.write_text(json.dumps(report, indent=1, ensure_ascii=False, allow_nan=True) + "\n", encoding="utf-8")
    save_store()
    print(f"wrote {OUTPUT.relative_to(ROOT)} in {time.perf_counter() - started:.1f} s")
    worst = max(row["losses float64"]["max_ulp"] for row in report["functions"].values())
    print(f"worst error of losses in float64 (well-conditioned points): {worst:.2f} ulp")
    return 0


if __name__ == "__main__":
    sys.exit(main())
