"""The conformance tests need PyTorch, Keras and JAX/optax (the `conformance` extra).

Without them the tests are skipped, unless LOSSES_REQUIRE_TORCH=1 (as set by
`python3 scripts/dev.py conformance` and CI), in which case a missing
framework is an error rather than a silent skip.
"""

import os

import pytest

# The statements' checks live in the catalog; their asserts should explain a failure as a test's do.
pytest.register_assert_rewrite("scripts.catalog.statements")

REQUIRED = os.environ.get("LOSSES_REQUIRE_TORCH") == "1"

for module in ("torch", "keras", "optax"):
    if not REQUIRED:
        pytest.importorskip(module if module != "keras" else "torch")


def pytest_collection_modifyitems(items):
    for item in items:
        item.add_marker(pytest.mark.conformance)
