"""The committed figures were drawn from the sources as they are, in every variant, and every one is used.

Drawing all 104 SVGs takes half a minute, so the tests compare what each
figure was drawn from (docs/snippets/figures.json) with the sources, and draw
one figure to check the drawing itself; CI (.ci/run) draws every figure again
and compares the bytes (`python3 scripts/dev.py figures --check`).
"""

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIGURES = ROOT / "docs" / "assets" / "figures"
SCRIPT = ROOT / "scripts" / "figures.py"
FIGURE_REFERENCE = re.compile(r"assets/figures/([\w.-]+\.svg)")
VARIANT_SUFFIXES = ("", ".dark", ".phone", ".phone.dark")
SVG_WIDTH = re.compile(r'<svg[^>]*\bwidth="([\d.]+)pt"')
SVG_BACKGROUND = re.compile(r'<g id="patch_1">\s*<path d="[^"]*"\s*style="fill: (#[0-9a-f]{6})"')


def _run(*arguments):
    return subprocess.run([sys.executable, str(SCRIPT), *arguments], capture_output=True, text=True, cwd=ROOT)


def _figures_module():
    sys.path.insert(0, str(SCRIPT.parent))
    try:
        import figures
    finally:
        sys.path.remove(str(SCRIPT.parent))
    return figures


def test_committed_figures_were_drawn_from_the_current_sources():
    figures = _figures_module()
    recorded = json.loads(figures.MANIFEST.read_text(encoding="utf-8"))
    assert list(recorded) == list(figures.FIGURES), "run `python3 scripts/dev.py figures`"
    stale = [name for name in figures.FIGURES if recorded[name] != figures.inputs_fingerprint(name)]
    assert not stale, f"figures drawn from other sources (run `python3 scripts/dev.py figures`): {stale}"
    drawn = {f"{name}{suffix}.svg" for name in figures.FIGURES for suffix in VARIANT_SUFFIXES}
    assert {path.name for path in FIGURES.glob("*.svg")} == drawn


def _name(path: Path) -> str:
    return path.name.split(".")[0]


def test_every_figure_has_its_four_variants():
    names = {_name(path) for path in FIGURES.glob("*.svg")}
    expected = {f"{name}{suffix}.svg" for name in names for suffix in VARIANT_SUFFIXES}
    assert {path.name for path in FIGURES.glob("*.svg")} == expected


@pytest.mark.parametrize("name", sorted({_name(path) for path in FIGURES.glob("*.svg")}))
def test_variants_follow_the_colour_scheme_and_the_screen(name):
    svg = {suffix: (FIGURES / f"{name}{suffix}.svg").read_text(encoding="utf-8") for suffix in VARIANT_SUFFIXES}
    backgrounds = {suffix: SVG_BACKGROUND.search(text).group(1) for suffix, text in svg.items()}
    assert backgrounds[""] == backgrounds[".phone"] == "#ffffff"
    assert backgrounds[".dark"] == backgrounds[".phone.dark"] == "#1e2029"  # Material's slate background
    # Light ink on the dark variants, no black left over (except the accuracy map's cell labels).
    assert "#dfe2ea" in svg[".dark"] and "#dfe2ea" in svg[".phone.dark"]
    if name != "accuracy":
        assert "#000000" not in svg[".dark"] and "#000000" not in svg[".phone.dark"], "use ink(), not black"
    # A phone variant is at most a phone screen wide (4.2 in = 302.4 pt), whatever the desktop width.
    for suffix in (".phone", ".phone.dark"):
        assert float(SVG_WIDTH.search(svg[suffix]).group(1)) <= 302.4 + 0.01, "draw the axes with panels()"


def test_every_figure_is_used_by_a_page_in_both_languages():
    # A page names the desktop, light SVG; the site adds the other variants.
    pages = {path: path.read_text(encoding="utf-8") for path in (ROOT / "docs").rglob("*.md")}
    used = {language: set() for language in ("en", "zh")}
    for path, text in pages.items():
        for language in used:
            if path.name.endswith(f".{language}.md"):
                used[language] |= set(FIGURE_REFERENCE.findall(text))
    drawn = {f"{_name(path)}.svg" for path in FIGURES.glob("*.svg")}
    for language, names in used.items():
        assert drawn - names == set(), f"figures no {language} page shows: {sorted(drawn - names)}"
        assert names - drawn == set(), f"{language} pages show figures that do not exist: {sorted(names - drawn)}"


def test_one_named_figure_is_drawn_as_committed_and_unknown_names_are_refused(tmp_path):
    completed = _run("negative-log", "--output-dir", str(tmp_path))
    assert completed.returncode == 0, completed.stderr
    # Nothing but the four variants (no temporary file left behind), each byte for byte the committed one.
    names = sorted(f"negative-log{suffix}.svg" for suffix in VARIANT_SUFFIXES)
    assert sorted(path.name for path in tmp_path.iterdir()) == names
    assert [(tmp_path / name).read_bytes() == (FIGURES / name).read_bytes() for name in names] == [True] * 4
    assert re.search(r"\[ 1/1\] negative-log\.svg( +[\d.]+){4} KiB .* s\n", completed.stdout)
    assert "1 of 1 figures written" in completed.stdout
    unknown = _run("no-such-figure", "--output-dir", str(tmp_path))
    assert unknown.returncode != 0
    assert "unknown figure(s): no-such-figure" in unknown.stderr


def test_a_failing_figure_exits_non_zero_and_leaves_no_file(tmp_path):
    # A label that is invalid mathtext fails inside savefig, after the
    # temporary file has been opened: the worst moment for a half-written file.
    code = (
        "import sys; sys.path.insert(0, 'scripts'); import figures\n"
        "def broken():\n"
        "    import matplotlib.pyplot as plt\n"
        "    fig, ax = plt.subplots(); ax.plot([0, 1]); ax.set_title(r'$\\frac{$'); return fig\n"
        "figures.FIGURES['broken'] = broken\n"
        f"sys.exit(figures.main(['broken', 'negative-log', '--output-dir', {str(tmp_path)!r}]))\n"
    )
    completed = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert completed.returncode == 1
    assert "broken: FAILED" in completed.stdout
    assert "ValueError" in completed.stderr
    assert "1 figure(s) failed: broken" in completed.stderr
    assert sorted(path.name for path in tmp_path.iterdir()) == sorted(f"negative-log{suffix}.svg"
                                                                     for suffix in VARIANT_SUFFIXES)


def test_check_compares_the_bytes_of_what_it_draws(tmp_path):
    for suffix in VARIANT_SUFFIXES:
        shutil.copy(FIGURES / f"negative-log{suffix}.svg", tmp_path)
    same = _run("negative-log", "--check", "--output-dir", str(tmp_path))
    assert same.returncode == 0, same.stderr
    dark = tmp_path / "negative-log.dark.svg"
    dark.write_bytes(dark.read_bytes().replace(b"#1e2029", b"#1e2028", 1))
    changed = _run("negative-log", "--check", "--output-dir", str(tmp_path))
    assert changed.returncode == 1
    assert "stale: negative-log.dark.svg" in changed.stderr
    assert sorted(path.name for path in tmp_path.iterdir()) == sorted(f"negative-log{suffix}.svg"
                                                                     for suffix in VARIANT_SUFFIXES)
