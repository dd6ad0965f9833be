"""Each display formula of the site is checked against the code that implements it."""

import re
from pathlib import Path

import numpy as np
import pytest
import yaml

import losses
from losses import dynamics

ROOT = Path(__file__).resolve().parent.parent
FORMULAS = yaml.safe_load((ROOT / "docs" / "snippets" / "formulas.yml").read_text(encoding="utf-8"))
FORMULA_USE = re.compile(r"\[\[formula:([\w.-]+)\]\]")


def same(actual, expected, rtol=1e-12):
    np.testing.assert_allclose(actual, expected, rtol=rtol, atol=1e-300)


@pytest.mark.parametrize("name", sorted(FORMULAS))
def test_formula_matches_the_code(name):
    entry = FORMULAS[name]
    assert set(entry) == {"tex", "check"}, f"{name}: needs exactly `tex` and `check`"
    namespace = {"np": np, "losses": losses, "dynamics": dynamics, "same": same,
                 "rng": np.random.default_rng(sum(map(ord, name)))}
    exec(compile(entry["check"], f"formulas.yml:{name}", "exec"), namespace)


def test_every_formula_is_shown_and_every_shown_formula_exists():
    used = set()
    for page in (ROOT / "docs").rglob("*.md"):
        used |= set(FORMULA_USE.findall(page.read_text(encoding="utf-8")))
    assert used - set(FORMULAS) == set(), "pages use formulas that formulas.yml does not define"
    assert set(FORMULAS) - used == set(), "formulas.yml defines formulas no page shows"


def test_a_wrong_transcription_is_caught():
    # The mechanism itself can fail: a check of the wrong formula raises.
    namespace = {"np": np, "losses": losses, "same": same, "rng": np.random.default_rng(0)}
    with pytest.raises(AssertionError):
        exec("x, y = rng.normal(size=3), rng.normal(size=3)\nsame(losses.mse_grad(x, y), (x - y) / 3)", namespace)
