"""The cross-reference table: every function has a row, and its scikit-learn / SciPy column runs.

The PyTorch, Keras and optax columns are run the same way in
tests/conformance/test_frameworks.py (they need the conformance extra).
"""

from pathlib import Path

import pytest
import yaml

import losses
from scripts.catalog import ENTRIES

from .support import compare_with_framework, framework_cases

ROOT = Path(__file__).resolve().parent.parent
NOTES = yaml.safe_load((ROOT / "docs" / "snippets" / "crossref.yml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("entry, case, settings", framework_cases("reference"))
@pytest.mark.parametrize("seed", range(2))
def test_reference_column_agrees(entry, case, settings, seed):
    compare_with_framework("reference", entry, case, settings, seed)


def test_every_function_has_a_row_and_a_note():
    documented = {entry.name for entry in ENTRIES}
    public = {name for name in losses.__all__ if not name.endswith("_grad") and not name[0].isupper()}
    assert public == documented, "public functions without a catalog entry, or entries without a function"
    rows = {f"{entry.name} ({case.label})" if len(entry.cases) > 1 else entry.name
            for entry in ENTRIES for case in entry.cases}
    assert set(NOTES) == rows, "docs/snippets/crossref.yml needs one note (en and zh) per row"
    for name, note in NOTES.items():
        assert set(note) == {"en", "zh"}, name
