"""What the site says about other frameworks, run against those frameworks.

Numbers are declared in scripts/catalog/claims.py and recorded by
scripts/claims.py (docs/snippets/claims.json, shown on the pages through
[[claim:NAME]]); the statements that are not numbers are declared, each with
its check, in scripts/catalog/statements.py.
"""

import json

import pytest

from scripts import claims
from scripts.catalog.claims import CLAIMS
from scripts.catalog.statements import STATEMENTS

RECORDED = json.loads(claims.OUTPUT.read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", sorted(CLAIMS))
def test_recorded_number_is_what_the_framework_does_now(name):
    claim = CLAIMS[name]
    assert claim.text(claim.measure()) == RECORDED["claims"][name]["text"], (
        f"{name} changed: run `python3 scripts/dev.py claims`")


def test_recorded_versions_are_the_installed_ones():
    assert RECORDED["versions"] == claims.versions(), "run `python3 scripts/dev.py claims`"


@pytest.mark.parametrize("statement", STATEMENTS, ids=[statement.__name__ for statement in STATEMENTS])
def test_statement_holds(statement):
    statement()
