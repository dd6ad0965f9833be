"""The committed figures are exactly what scripts/figures.py draws, in every variant, and every one is used."""

import re
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


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory):
    output = tmp_path_factory.mktemp("figures")
    completed = _run("--output-dir", str(output))
    assert completed.returncode == 0, completed.stdout + completed.stderr
    return output, completed.stdout


def test_committed_figures_are_up_to_date(regenerated):
    output, _ = regenerated
    fresh = {path.name: path.read_bytes() for path in output.glob("*.svg")}
    committed = {path.name: path.read_bytes() for path in FIGURES.glob("*.svg")}
    missing = sorted(set(fresh) - set(committed))
    stale = sorted(name for name in set(fresh) & set(committed) if fresh[name] != committed[name])
    orphans = sorted(set(committed) - set(fresh))
    assert not missing, f"figures not committed (run `python3 scripts/dev.py figures`): {missing}"
    assert not stale, f"committed figures are stale (run `python3 scripts/dev.py figures`): {stale}"
    assert not orphans, f"committed figures that scripts/figures.py does not draw: {orphans}"


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


def test_no_temporary_files_are_left_behind(regenerated):
    output, _ = regenerated
    assert not [path.name for path in output.iterdir() if not path.name.endswith(".svg")]


def test_progress_and_summary_are_printed(regenerated):
    _, stdout = regenerated
    assert re.search(r"\[ 1/\d+\] \S+\.svg( +[\d.]+){4} KiB .* s\n", stdout)
    assert re.search(r"(\d+) of \1 figures written", stdout)


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


def test_one_named_figure_and_unknown_names(tmp_path):
    completed = _run("hinge-margin", "--output-dir", str(tmp_path))
    assert completed.returncode == 0
    assert sorted(path.name for path in tmp_path.iterdir()) == sorted(f"hinge-margin{suffix}.svg"
                                                                     for suffix in VARIANT_SUFFIXES)
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
        f"sys.exit(figures.main(['broken', 'hinge-margin', '--output-dir', {str(tmp_path)!r}]))\n"
    )
    completed = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert completed.returncode == 1
    assert "broken: FAILED" in completed.stdout
    assert "ValueError" in completed.stderr
    assert "1 figure(s) failed: broken" in completed.stderr
    assert sorted(path.name for path in tmp_path.iterdir()) == sorted(f"hinge-margin{suffix}.svg"
                                                                     for suffix in VARIANT_SUFFIXES)
