"""Every formula shown on the site agrees with the code.

A function's formula is its docstring's (the catalog's naive form transcribes
it, and is compared with the function here); a derivation's formula is in
docs/snippets/formulas.yml, and is compared with the code by the check of
the same name in scripts/catalog/derivations.py.
"""

import re
from pathlib import Path

import numpy as np
import pytest

from scripts.catalog import ENTRIES, formulas
from scripts.catalog.derivations import CHECKS

from .support import catalog_cases, sample

ROOT = Path(__file__).resolve().parent.parent
FORMULA_USE = re.compile(r"\[\[formula:([\w.#-]+)\]\]")


@pytest.mark.parametrize("entry, case, options", catalog_cases(lambda entry: entry.naive is not None))
def test_docstring_formula_as_numpy_matches_the_function(entry, case, options):
    input, target, options = sample(case, options, seed=sum(map(ord, entry.name)), n=6)
    arguments = (input,) if target is None else (input, target)
    reduction = {"reduction": "none"} if entry.is_loss else {}
    # The textbook forms lose digits only at extremes (samples are moderate), and
    # compute branches that np.where then discards, which may overflow: that is fine.
    with np.errstate(all="ignore"):
        naive = entry.naive(*arguments, **options)
        naive_gradient = entry.naive_gradient and entry.naive_gradient(*arguments, **options)
    np.testing.assert_allclose(entry.function(*arguments, **reduction, **options), naive, rtol=1e-9, atol=1e-12)
    if naive_gradient is not None:
        np.testing.assert_allclose(entry.gradient(*arguments, **reduction, **options), naive_gradient,
                                   rtol=1e-8, atol=1e-12)


@pytest.mark.parametrize("entry", [entry for entry in ENTRIES if entry.naive is not None], ids=str)
def test_every_transcribed_function_shows_its_formula(entry):
    assert formulas.docstring_formulas(entry.function), f"{entry.name}'s docstring has no $$ formula"
    if entry.gradient is not None:
        assert formulas.docstring_formulas(entry.gradient), f"{entry.gradient.__name__} has no $$ formula"


@pytest.mark.parametrize("name", sorted(formulas.derivations()))
def test_derivation_matches_the_code(name):
    assert name in CHECKS, f"formulas.yml has {name!r} but scripts/catalog/derivations.py no check_{name.replace('-', '_')}"
    CHECKS[name]()


def test_every_check_has_its_derivation():
    assert set(CHECKS) <= set(formulas.derivations())


def test_every_formula_on_a_page_exists_and_every_derivation_is_shown():
    used = set()
    for page in (ROOT / "docs").rglob("*.md"):
        used |= set(FORMULA_USE.findall(page.read_text(encoding="utf-8")))
    for name in used:
        assert formulas.formula(name), name  # raises KeyError for an unknown formula
    assert set(formulas.derivations()) <= used, "formulas.yml has derivations that no page shows"
