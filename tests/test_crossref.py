"""The cross-reference table: its scikit-learn / SciPy column is checked here, PyTorch's in conformance/."""

import warnings

import numpy as np
import pytest
import scipy.special
import sklearn.metrics

import losses

from .crossref_cases import ROWS, sample

FIELDS = {"name", "kind", "losses", "pytorch", "keras", "optax", "reference", "note_en", "note_zh"}


@pytest.mark.parametrize("row", ROWS, ids=lambda row: row["name"])
def test_row_is_complete(row):
    assert set(row) == FIELDS, row["name"]
    assert row["losses"].startswith("losses.") and row["pytorch"], row["name"]


def test_every_loss_and_activation_has_a_row():
    documented = {row["losses"].split("(")[0].removeprefix("losses.") for row in ROWS}
    public = {name for name in losses.activations.__all__ + losses.regression.__all__ + losses.classification.__all__
              if not name.endswith(("_grad", "_jacobian"))}
    assert public == documented


@pytest.mark.parametrize("row", [row for row in ROWS if row["reference"]], ids=lambda row: row["name"])
@pytest.mark.parametrize("seed", range(3))
def test_reference_column_agrees(row, seed):
    namespace = {"np": np, "losses": losses, "scipy": scipy, "sklearn": sklearn, **sample(row["kind"], seed)}
    ours = eval(row["losses"], namespace)  # expressions from our own table, see crossref.yml
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        theirs = eval(row["reference"], namespace)
    np.testing.assert_allclose(ours, theirs, rtol=1e-12, atol=1e-300)
