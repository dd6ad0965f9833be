#!/usr/bin/env python3
"""Numbers the site states about other frameworks, measured by running those frameworks.

    python3 scripts/dev.py claims     # needs the conformance extra

A page writes ``[[claim:NAME]]`` where it states one of these numbers; the
site's build puts in the text recorded in docs/snippets/claims.json, which
this script writes.  The claims and how each is measured are declared in
scripts/catalog/claims.py; tests/conformance/test_claims.py measures every
claim again and fails if the file is stale.
"""

from __future__ import annotations

import json
import math
import sys
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scripts.catalog.claims import CLAIMS  # noqa: E402

OUTPUT = ROOT / "docs" / "snippets" / "claims.json"


def versions() -> str:
    """The versions of the frameworks the conformance tests run, as the pages name them."""
    import importlib.metadata as metadata

    def version(name):
        return metadata.version(name).split("+")[0]

    return " · ".join(f"{shown} {version(name)}" for shown, name in [
        ("PyTorch", "torch"), ("Keras", "keras"), ("JAX", "jax"), ("optax", "optax"),
        ("scikit-learn", "scikit-learn"), ("SciPy", "scipy")])


def measure_all() -> dict:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return {name: {"value": claim.measure(), "text": claim.text(claim.measure()),
                       "description": claim.description} for name, claim in CLAIMS.items()}


def main() -> int:
    report = measure_all()
    for name, result in report.items():
        print(f"{name:45s} {result['text']:>10s}   {result['description']}")
    report = {name: {key: (value if not isinstance(value, float) or math.isfinite(value) else str(value))
                     for key, value in result.items()} for name, result in report.items()}
    OUTPUT.write_text(json.dumps({"versions": versions(), "claims": report},
                                 indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {OUTPUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
