"""The shape of the code: each loss is declared once, and dependencies point one way.

A loss is referred to by code (a name, an attribute, an import, a keyword) in
at most three Python files under tests/ and scripts/: the catalog
(scripts/catalog/, one place however many modules it has), its family's test
file, and one more, such as the figure script.  Strings are not counted: a
page is also called "mse", and train_sigmoid_neuron's `cost` option is called
"cross_entropy".  The package imports neither scripts nor tests, and scripts
never import tests.
"""

import ast
from pathlib import Path

import pytest

from scripts.catalog import ENTRIES

ROOT = Path(__file__).resolve().parent.parent
LOSS_FAMILIES = ("regression", "classification")
SOURCES = {path: ast.parse(path.read_text(encoding="utf-8"))
           for folder in ("tests", "scripts") for path in sorted((ROOT / folder).rglob("*.py"))}


def _place(path: Path) -> str:
    relative = path.relative_to(ROOT).as_posix()
    return "scripts/catalog/" if relative.startswith("scripts/catalog/") else relative


def _names_used(tree: ast.AST) -> set[str]:
    used = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            used.add(node.id)
        elif isinstance(node, ast.Attribute):
            used.add(node.attr)
        elif isinstance(node, ast.alias):
            used |= {node.name.rpartition(".")[2], node.asname}
        elif isinstance(node, ast.keyword):
            used.add(node.arg)
    return used


USED = {path: _names_used(tree) for path, tree in SOURCES.items()}
LOSSES = [entry for entry in ENTRIES if entry.family in LOSS_FAMILIES]


@pytest.mark.parametrize("entry", LOSSES, ids=[entry.name for entry in LOSSES])
def test_a_loss_is_named_by_the_catalog_its_test_file_and_at_most_one_more(entry):
    names = {entry.name, f"{entry.name}_grad"}
    places = sorted({_place(path) for path, used in USED.items() if used & names})
    assert "scripts/catalog/" in places
    others = [place for place in places if place not in ("scripts/catalog/", f"tests/test_{entry.family}.py")]
    assert len(others) <= 1, f"{entry.name} is named in {places}: loop over the catalog instead"


def _imported_roots(tree: ast.AST) -> set[str]:
    roots = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            roots.add(node.module.split(".")[0])
    return roots


def test_dependencies_point_one_way():
    package = {path: ast.parse(path.read_text(encoding="utf-8")) for path in sorted((ROOT / "losses").glob("*.py"))}
    for path, tree in package.items():
        assert not _imported_roots(tree) & {"scripts", "tests"}, f"{path.name} imports scripts or tests"
    for path, tree in SOURCES.items():
        if path.relative_to(ROOT).parts[0] == "scripts":
            assert "tests" not in _imported_roots(tree), f"{path.relative_to(ROOT)} imports tests"


def test_the_count_sees_a_loss_named_in_a_new_file():
    # The counting itself can fail: a file that calls a loss is seen.
    tree = ast.parse("import losses\nlosses.huber([1.0], [0.0])\nfrom losses import mse_grad as g\n")
    assert {"huber", "mse_grad"} <= _names_used(tree)
