"""The catalog: every public function of `losses`, declared once, for every consumer to loop over.

An `Entry` says, for one public function: the function and its gradient; the
cases it is tested on (each a `kinds.Kind` of input, and the parameter
settings tested there); its exact value in mpmath (the oracle) and its
textbook formula transcribed into NumPy (the naive form, which the accuracy
table compares and whose agreement with the function checks the docstring's
formula); and the same computation in PyTorch, Keras, optax and
scikit-learn/SciPy, as functions that run.

Who reads it:

* tests/test_contract.py: reductions, gradients against finite differences,
  dtypes and errors, for every entry, case and setting;
* tests/test_formulas.py: each naive form against the function, and every
  derivation a page shows against its check in derivations.py;
* tests/conformance/: every framework equivalent against the function, and
  PyTorch's autograd gradients;
* scripts/accuracy.py and scripts/benchmark.py: the accuracy and speed tables;
* scripts/site/: the cross-reference table, and the formulas (from the
  docstrings of the functions named here).

Adding a function: write its kernel and public function in its family's
module of `losses`, add an `Entry` to the family's file here, and a section to
its page in both languages (README, "Adding a function").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

import numpy as np

from . import kinds
from .frameworks import FRAMEWORKS, source_of

__all__ = ["Case", "Entry", "ENTRIES", "Generated", "entry", "kinds", "resolve", "source_of", "FRAMEWORKS"]


@dataclass(frozen=True)
class Generated:
    """A setting made to fit each input, such as class weights of length K: ``make(input, rng)``."""

    make: Callable
    label: str

    def __repr__(self):
        return self.label


def resolve(settings: dict, input, seed: int = 0) -> dict:
    """The settings with every `Generated` value made for ``input``."""
    rng = np.random.default_rng(seed)
    return {name: value.make(np.asarray(input), rng) if isinstance(value, Generated) else value
            for name, value in settings.items()}


@dataclass(frozen=True)
class Case:
    """One way of calling a function: a kind of input, and the settings tested on it.

    Framework equivalents given here override the entry's for this case (for
    example Keras's sparse and dense categorical cross-entropies).
    """

    kind: kinds.Kind
    settings: tuple[dict, ...] = ({},)
    label: str = ""
    # Settings measured on the accuracy grid (scalars only: the oracles work element by element).
    accuracy_settings: tuple[dict, ...] = ({},)
    # The reduction that the Keras, optax and reference equivalents compute.
    reduction: str = "mean"
    pytorch: Callable | None = None
    keras: Callable | None = None
    optax: Callable | None = None
    reference: Callable | None = None

    def equivalents(self, entry: "Entry") -> dict[str, Callable]:
        found = {name: getattr(self, name) or getattr(entry, name) for name in FRAMEWORKS}
        return {name: function for name, function in found.items() if function is not None}


@dataclass(frozen=True)
class Entry:
    name: str
    function: Callable
    gradient: Callable | None
    family: str  # the module of `losses`: activations, regression, classification, dynamics
    cases: tuple[Case, ...] = ()
    # The exact value (mpmath, 400 digits) of one element or sample: exact(input, target, **settings).
    exact: Callable | None = None
    exact_gradient: Callable | None = None
    # The docstring's formula in NumPy, vectorised: naive(input, target, **settings) -> per-element losses.
    naive: Callable | None = None
    naive_gradient: Callable | None = None
    # Equivalents: pytorch(input, target, *, reduction, **settings) on tensors; the others compute the mean.
    pytorch: Callable | None = None
    keras: Callable | None = None
    optax: Callable | None = None
    reference: Callable | None = None
    # Where the loss has no derivative, so finite differences are meaningless:
    # kinks(input, target, **settings) -> boolean mask of input's shape.
    kinks: Callable | None = None
    # Where the exact result is the difference of two terms that the inputs
    # determine only to working precision, so that no float64 formula can be
    # accurate to an ulp: cancelling_terms(input, target, gradient=..., **settings)
    # returns the two terms (a, b) per output element, or None where nothing cancels.
    cancelling_terms: Callable | None = None
    # Whether the function accepts (N, K, d1, ..., dk) inputs (one prediction per pixel).
    spatial: bool = False
    # Whether a sample's loss may be negative (a divergence's terms are; only their sum is not).
    negative_terms: bool = False
    # Where PyTorch's autograd gradient is NaN and ours finite, a known defect of
    # theirs: pytorch_gradient_nan(input, target, settings) -> boolean mask of input's shape.
    pytorch_gradient_nan: Callable | None = None
    # A documented source for a claim about another framework that cannot be run here.
    documented: dict[str, str] = field(default_factory=dict)

    @property
    def is_loss(self) -> bool:
        return bool(self.cases) and self.cases[0].kind.has_target

    def __str__(self):
        return self.name


def _load() -> tuple[Entry, ...]:
    from . import activations, classification, dynamics, regression
    return activations.ENTRIES + regression.ENTRIES + classification.ENTRIES + dynamics.ENTRIES


ENTRIES: tuple[Entry, ...] = _load()
_BY_NAME = {entry.name: entry for entry in ENTRIES}


def entry(name: str) -> Entry:
    return _BY_NAME[name]
