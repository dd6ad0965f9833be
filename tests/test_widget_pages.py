"""The interactive figures' placeholders on the pages: the same in both languages, each naming a widget that exists.

A placeholder is one line of HTML, `<div class="losses-widget" data-widget="NAME">`,
optionally with `data-replaces="FIGURE"`: then it must come right after the
figure whose image is FIGURE.svg, because widgets.css hides "the figure right
before a replacing placeholder" from the first layout (so that its lazy image
is never fetched) and widgets.js finds it by name.  The figures themselves run
in a browser in tests/browser/test_widgets.py.
"""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
WIDGETS = DOCS / "assets" / "widgets"
PLACEHOLDER = re.compile(r'<div class="losses-widget" data-widget="(?P<name>[a-z0-9-]+)"'
                         r'(?: data-replaces="(?P<replaces>[\w-]+)")?></div>')
# A figure is an image line and its `/// caption` block (scripts/site/markdown_extension.py).
FIGURE_BEFORE = re.compile(r'!\[[^\]]*\]\(assets/figures/(?P<figure>[\w.-]+)\.svg\)\n'
                           r'/// caption\n(?:(?!///).*\n)*///\n\n$')
# Widgets written before their page (none now; the set stays so that one can be again).
NOT_PLACED_YET: set[str] = set()
SHARED_SCRIPTS = {"widgets", "kernels", "widget-figure"}
PAGES = sorted({path.name.rsplit(".", 2)[0] for path in DOCS.glob("*.en.md")})


def placeholders(text: str) -> list[tuple[str, str | None]]:
    return [(match["name"], match["replaces"]) for match in PLACEHOLDER.finditer(text)]


@pytest.mark.parametrize("name", PAGES)
def test_both_languages_have_the_same_widgets(name):
    english = (DOCS / f"{name}.en.md").read_text(encoding="utf-8")
    chinese = (DOCS / f"{name}.zh.md").read_text(encoding="utf-8")
    assert placeholders(english) == placeholders(chinese)
    # Nothing that looks like a placeholder but is not quite one.
    for text in (english, chinese):
        assert text.count("losses-widget") == len(placeholders(text))


@pytest.mark.parametrize("path", sorted(DOCS.glob("*.md")), ids=lambda path: path.name)
def test_a_replacing_placeholder_follows_its_figure(path):
    text = path.read_text(encoding="utf-8")
    for match in PLACEHOLDER.finditer(text):
        if match["replaces"]:
            before = FIGURE_BEFORE.search(text[:match.start()])
            assert before and before["figure"] == match["replaces"], \
                f"{path.name}: {match['name']} must come right after the figure {match['replaces']}.svg"


def test_every_widget_is_placed_or_waiting_and_every_placed_one_exists():
    defined = {path.stem for path in WIDGETS.glob("*.js")} - SHARED_SCRIPTS
    placed = {name for path in DOCS.glob("*.md") for name, _ in placeholders(path.read_text(encoding="utf-8"))}
    assert placed <= defined, f"pages ask for widgets that do not exist: {placed - defined}"
    assert defined - placed == NOT_PLACED_YET, "a widget is neither on a page nor listed as waiting for one"
    for name in defined:
        assert f'LossesWidgets.define("{name}"' in (WIDGETS / f"{name}.js").read_text(encoding="utf-8")
