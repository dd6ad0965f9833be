"""Where the TeX of a formula shown on a page comes from: written once, in one notation.

``[[formula:NAME]]`` on a page names either

* a public function of `losses` (``mse``, ``mse_grad``; ``NAME#2`` for its
  docstring's second display formula): the formula is the ``$$ ... $$`` block
  of its docstring, the very one the API page shows, and the catalog's naive
  form of the function transcribes it (tests/test_formulas.py compares the
  two); or
* a derivation (a name with a hyphen, such as ``neuron-quadratic-gradients``):
  the formula is the entry of that name in docs/snippets/formulas.yml, and
  scripts/catalog/derivations.py has a check of the same name, which
  tests/test_formulas.py runs.
"""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import losses

DERIVATIONS = Path(__file__).resolve().parents[2] / "docs" / "snippets" / "formulas.yml"
_DISPLAY = re.compile(r"^\s*\$\$\n(.*?)\n\s*\$\$\s*$", re.MULTILINE | re.DOTALL)


def docstring_formulas(function) -> list[str]:
    """The display formulas of a function's docstring, in order, dedented."""
    return [inspect.cleandoc(body) for body in _DISPLAY.findall(inspect.getdoc(function) or "")]


def derivations() -> dict[str, str]:
    import yaml  # the docs and test extras bring it; the package does not need it

    # libyaml's parser: a site build asks for the derivations once per formula marker
    # (some 160 times), and the pure-Python one took a fifth of the build.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return {name: tex.strip() for name, tex in yaml.load(DERIVATIONS.read_text(encoding="utf-8"), Loader=loader).items()}


def formula(name: str) -> str:
    """The TeX of the formula ``name`` (see the module docstring)."""
    if "-" in name:
        found = derivations().get(name)
        if found is None:
            raise KeyError(f"no derivation {name!r} in {DERIVATIONS.name}")
        return found
    function_name, _, position = name.partition("#")
    if function_name not in losses.__all__:
        raise KeyError(f"{function_name!r} is not a public function of losses")
    formulas = docstring_formulas(getattr(losses, function_name))
    index = int(position or 1) - 1
    if not 0 <= index < len(formulas):
        raise KeyError(f"the docstring of {function_name} has {len(formulas)} display formula(s), not {index + 1}")
    return formulas[index]
