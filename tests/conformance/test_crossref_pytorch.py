"""The PyTorch column of the cross-reference table, evaluated with torch tensors."""

import os

import numpy as np
import pytest

import losses

from ..crossref_cases import ROWS, sample

if os.environ.get("LOSSES_REQUIRE_TORCH") == "1":
    import torch
else:
    torch = pytest.importorskip("torch")

import torch.nn.functional as F  # noqa: E402

pytestmark = pytest.mark.conformance


def _as_torch(value):
    if isinstance(value, np.ndarray):
        return torch.tensor(value)  # integer arrays become int64 (class indices), floats float64
    return value


@pytest.mark.parametrize("row", ROWS, ids=lambda row: row["name"])
@pytest.mark.parametrize("seed", range(3))
def test_pytorch_column_agrees(row, seed):
    data = sample(row["kind"], seed)
    ours = eval(row["losses"], {"np": np, "losses": losses, **data})
    namespace = {"torch": torch, "F": F, **{name: _as_torch(value) for name, value in data.items()}}
    theirs = eval(row["pytorch"], namespace).numpy()
    np.testing.assert_allclose(ours, theirs, rtol=1e-12, atol=1e-300, err_msg=row["pytorch"])
