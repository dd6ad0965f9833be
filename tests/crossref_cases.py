"""Sample data for the rows of docs/snippets/crossref.yml, by kind."""

from pathlib import Path

import numpy as np
import yaml

ROOT = Path(__file__).resolve().parent.parent
ROWS = yaml.safe_load((ROOT / "docs" / "snippets" / "crossref.yml").read_text(encoding="utf-8"))
CLASSES = 3


def sample(kind: str, seed: int = 0) -> dict:
    """NumPy inputs of the row's kind, under the names the expressions use."""
    rng = np.random.default_rng(seed)
    if kind == "regression":
        return {"x": rng.normal(size=12) * 3, "y": rng.normal(size=12) * 3, "b": 0.7, "d": 1.6}
    if kind == "probability":
        return {"p": rng.uniform(0.01, 0.99, size=12), "y": rng.integers(0, 2, size=12).astype(float)}
    if kind == "logits":
        return {"z": rng.normal(size=12) * 4, "y": rng.integers(0, 2, size=12).astype(float)}
    if kind == "multiclass":
        return {"z": rng.normal(size=(8, CLASSES)) * 2, "k": rng.integers(0, CLASSES, size=8),
                "q": rng.dirichlet(np.ones(CLASSES), size=8), "C": CLASSES, "e": 0.1}
    if kind == "activation":
        return {"z": np.linspace(-12, 12, 49)}
    if kind == "activation-rows":
        return {"z": rng.normal(size=(4, 5)) * 5}
    raise ValueError(f"unknown kind {kind!r}")
