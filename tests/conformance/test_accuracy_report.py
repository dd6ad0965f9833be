"""The accuracy table on the site was measured from the code as it is now."""

import json

from scripts import accuracy

REPORT = json.loads(accuracy.OUTPUT.read_text(encoding="utf-8"))


def test_committed_results_are_current():
    # Re-measuring takes minutes; the fingerprint covers every source the numbers depend on
    # (the package, the catalog with its grids and oracles, the measuring script).
    assert REPORT["fingerprint"] == accuracy.fingerprint(), (
        "docs/snippets/accuracy.json was measured from other code: run `python3 scripts/dev.py accuracy` "
        "and `python3 scripts/dev.py figures accuracy`")
    assert set(REPORT["functions"]) == {row.name for row in accuracy.rows()}


def test_losses_is_within_two_ulp_in_float64_and_float32():
    for name, row in REPORT["functions"].items():
        for implementation in ("losses float64", "losses float32"):
            assert row[implementation]["max_ulp"] <= 2, (name, implementation, row[implementation])
