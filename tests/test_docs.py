"""The site: both languages in step, numbers backed by examples, a strict offline build.

The examples themselves are executed by Sybil (see conftest.py); the formulas
are checked against the code in test_formulas.py.
"""

import html
import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
import yaml

import losses

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
SNIPPETS = DOCS / "snippets"
PAGES = sorted(path for path in DOCS.rglob("*.md") if SNIPPETS not in path.parents)
TRANSLATED = sorted({path.name.rsplit(".", 2)[0] for path in PAGES if re.search(r"\.(en|zh)\.md$", path.name)})

FENCE = re.compile(r"^```(\w*)[^\n]*\n(.*?)^```", re.MULTILINE | re.DOTALL)
HEADING = re.compile(r"^(#{1,6}) (.*?)\s*(\{ #([\w-]+) \})?\s*$", re.MULTILINE)
DISPLAY_MATH = re.compile(r"^\$\$\n(.*?)\n\$\$", re.MULTILINE | re.DOTALL)
INLINE_MATH = re.compile(r"(?<!\$)\$(?!\$)(.+?)(?<!\$)\$(?!\$)")
FIGURE = re.compile(r"\]\((assets/figures/[\w.-]+)\)")
FORMULA = re.compile(r"^\s*\[\[formula:([\w.-]+)\]\]", re.MULTILINE)
SNIPPET = re.compile(r'^--8<-- "([^"]+)"', re.MULTILINE)
INTERNAL_LINK = re.compile(r"\]\(((?!https?:)[^)\s]+)\)")
INLINE_CODE = re.compile(r"`[^`\n]+`")
DECIMAL = re.compile(r"(?<![\w.])\d+\.\d+(?:e[-+]\d+)?(?![\w.])")
# Version numbers are not results.
VERSION = re.compile(r"(Python|PyTorch|KaTeX|NumPy) \d+\.\d+")


def page(name: str, language: str) -> str:
    return (DOCS / f"{name}.{language}.md").read_text(encoding="utf-8")


def structure(text: str) -> dict:
    """What must be identical in both languages of a page."""
    code_blocks = [(language, _strip_comments(language, body)) for language, body in FENCE.findall(text)]
    prose = FENCE.sub("", text)
    return {
        "headings": [(len(hashes), anchor) for hashes, _, _, anchor in HEADING.findall(prose)],
        "figures": FIGURE.findall(prose),
        "formulas": FORMULA.findall(prose),
        "snippets": SNIPPET.findall(prose),
        "display math": DISPLAY_MATH.findall(prose),
        "inline math": Counter(INLINE_MATH.findall(DISPLAY_MATH.sub("", prose))),
        "code": code_blocks,
        "links": Counter(INTERNAL_LINK.findall(prose)),
    }


def _strip_comments(language: str, body: str) -> str:
    # Shell comments may be translated; the commands may not.
    if language in ("bash", "sh"):
        return "\n".join(line.split("#")[0].rstrip() for line in body.splitlines())
    return body


def test_every_page_exists_in_both_languages():
    names = {path.name for path in PAGES}
    for name in TRANSLATED:
        assert f"{name}.en.md" in names and f"{name}.zh.md" in names, name
    untranslated = [path.relative_to(DOCS) for path in PAGES if not re.search(r"\.(en|zh)\.md$", path.name)]
    # Only the API reference is shared: it is generated from the English docstrings.
    assert all(path.parts[0] == "api" for path in untranslated), untranslated


@pytest.mark.parametrize("name", TRANSLATED)
def test_both_languages_have_the_same_structure(name):
    english, chinese = structure(page(name, "en")), structure(page(name, "zh"))
    for part in english:
        assert english[part] == chinese[part], f"{name}: {part} differ between en and zh"


@pytest.mark.parametrize("name", TRANSLATED)
@pytest.mark.parametrize("language", ["en", "zh"])
def test_every_heading_has_an_explicit_anchor(name, language):
    # Identical anchors keep links and the language switch on the same section.
    missing = [title for _, title, _, anchor in HEADING.findall(FENCE.sub("", page(name, language))) if not anchor]
    assert not missing, f"{name}.{language}.md headings without {{ #anchor }}: {missing}"


def _example_text(text: str) -> str:
    included = [(SNIPPETS / path).read_text(encoding="utf-8") for path in SNIPPET.findall(text)]
    return "\n".join(included + [body for _, body in FENCE.findall(text)])


SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺", "0123456789-+")
# The ways the pages write a number: 2.3 × 10^{-16}, 10⁻¹⁷, 10^{-17}, 1e-16, 13 %, 36.7.
STATED_NUMBER = re.compile(
    r"(?<![\w.])(?:"
    r"(?P<mantissa>\d+(?:\.\d+)?)\s*(?:×|\\times)\s*10(?:\^\{?(?P<power>[-−]?\d+)\}?|(?P<superscript>[⁻⁺]?[⁰¹²³⁴⁵⁶⁷⁸⁹]+))"
    r"|10(?:\^\{(?P<bare_power>[-−]?\d+)\}|(?P<bare_superscript>[⁻⁺]?[⁰¹²³⁴⁵⁶⁷⁸⁹]+))"
    r"|(?P<scientific>\d+(?:\.\d+)?e[-+]?\d+)"
    r"|(?P<percent>\d+(?:\.\d+)?)\s*%"
    r"|(?P<decimal>\d+\.\d+)"
    r")(?![\w.])")
PRINTED_NUMBER = re.compile(r"(?<![\w.])-?\d+(?:\.\d*)?(?:e[-+]?\d+)?")


def _stated_numbers(prose: str) -> list[tuple[str, float, int]]:
    """(as written, value, significant digits) of every number the prose states."""
    found = []
    for match in STATED_NUMBER.finditer(prose):
        groups = {key: value for key, value in match.groupdict().items() if value}
        if "mantissa" in groups:
            exponent = groups.get("power") or groups["superscript"].translate(SUPERSCRIPTS)
            digits, value = groups["mantissa"], float(groups["mantissa"]) * 10.0 ** int(exponent.replace("−", "-"))
        elif "bare_power" in groups or "bare_superscript" in groups:
            exponent = groups.get("bare_power") or groups["bare_superscript"].translate(SUPERSCRIPTS)
            digits, value = "1", 10.0 ** int(exponent.replace("−", "-"))
        elif "scientific" in groups:
            digits, value = groups["scientific"].split("e")[0], float(groups["scientific"])
        elif "percent" in groups:
            digits, value = groups["percent"], float(groups["percent"]) / 100
        else:
            digits, value = groups["decimal"], float(groups["decimal"])
        significant = len(digits.replace(".", "").lstrip("0")) or 1
        found.append((match.group(0), value, significant))
    return found


def _backed(value: float, significant: int, printed: set[float]) -> bool:
    return any(float(f"{number:.{significant}g}") == float(f"{value:.{significant}g}") for number in printed)


@pytest.mark.parametrize("name", TRANSLATED)
@pytest.mark.parametrize("language", ["en", "zh"])
def test_numbers_in_the_prose_are_printed_by_the_examples(name, language):
    """Every decimal, power of ten, scientific number or percentage stated on a page, in prose,
    captions or inline math, is printed (to the digits stated) by an executed example of that page,
    or comes from a measured results file the page shows ([[claim:...]], [[accuracy]], [[benchmark]])."""
    text = page(name, language)
    prose = FENCE.sub("", text)
    prose = DISPLAY_MATH.sub("", prose)
    prose = INLINE_CODE.sub("", prose)
    prose = re.sub(r"!\[[^\]]*\]", "", prose)  # alt texts describe the figure
    prose = VERSION.sub("", prose)
    prose = re.sub(r"\]\([^)]*\)", "]", prose)  # link targets
    sources = _example_text(text)
    for marker, results in (("[[accuracy]]", "accuracy.json"), ("[[benchmark]]", "benchmark.json")):
        if marker in text:
            sources += (SNIPPETS / results).read_text(encoding="utf-8")
    printed = {abs(float(number)) for number in PRINTED_NUMBER.findall(sources)}  # a prose minus is −
    missing = [written for written, value, digits in _stated_numbers(prose) if not _backed(value, digits, printed)]
    assert not missing, f"{name}.{language}.md states numbers no example prints: {missing}"


def test_stated_numbers_are_recognised_in_every_form():
    stated = [(written, value) for written, value, _ in _stated_numbers(
        "2.3 × 10^{-16}, $2.3 \\times 10^{-16}$, 10⁻¹⁷, $10^{-17}$, 1e-16, 13 %, 36.7 and 2026")]
    assert [value for _, value in stated] == [2.3e-16, 2.3e-16, 1e-17, 1e-17, 1e-16, 0.13, 36.7]
    assert _backed(0.13, 2, {0.12998}) and not _backed(0.13, 2, {0.125})


GLOSSARY = yaml.safe_load((SNIPPETS / "glossary.yml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("entry", GLOSSARY, ids=lambda entry: entry["en"])
def test_glossary_terms_are_used_consistently(entry):
    chinese_pages = {path.name: path.read_text(encoding="utf-8") for path in DOCS.glob("*.zh.md")}
    term = entry["zh"].split("（")[0]
    for variant in entry["avoid_zh"]:
        # The glossary page itself names the variants, as aliases a search accepts.
        offending = [name for name, text in chinese_pages.items() if variant in text and name != "glossary.zh.md"]
        assert not offending, f"{variant!r} used instead of {term!r} in {offending}"
    linked_page = entry["page"].replace(".md", ".zh.md")
    assert term in chinese_pages[linked_page], f"{term!r} does not appear on {linked_page}, which it links to"
    english = entry["en"].lower().split(" (")[0]
    assert english in page(entry["page"].replace(".md", ""), "en").lower(), f"{english!r} not on {entry['page']}"


def test_every_public_name_has_an_api_entry():
    api = "\n".join(path.read_text(encoding="utf-8") for path in (DOCS / "api").glob("*.md"))
    modules = {name: module for module in ("activations", "regression", "classification", "dynamics")
               for name in getattr(losses, module).__all__}
    assert set(losses.__all__) == set(modules)
    for module in set(modules.values()):
        assert f"::: losses.{module}" in api


@pytest.fixture(scope="module")
def built_site(tmp_path_factory):
    site = tmp_path_factory.mktemp("site")
    completed = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=ROOT, capture_output=True, text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    return site, completed.stderr


def test_strict_build_has_no_warning(built_site):
    _, log = built_site
    assert "WARNING" not in log, log


def test_every_formula_is_rendered_at_build_time(built_site):
    site, _ = built_site
    pages = list(site.rglob("*.html"))
    assert len(pages) > 20
    for html_page in pages:
        text = html_page.read_text(encoding="utf-8")
        for leftover in ('class="arithmatex"', "[[formula:", "[[glossary]]", "\\(", "$$"):
            assert leftover not in text, f"{html_page.relative_to(site)} still contains {leftover!r}"
    assert 'class="katex-display"' in (site / "zh" / "cross-entropy" / "index.html").read_text(encoding="utf-8")
    assert (site / "assets" / "katex" / "katex.min.css").exists()
    assert list((site / "assets" / "katex" / "fonts").glob("*.woff2"))


def test_nothing_is_fetched_from_another_host(built_site):
    site, _ = built_site
    external = re.compile(r'<(?:script|link|img|iframe|source)\b[^>]*(?:src|href)="(?:https?:)?//', re.IGNORECASE)
    for path in list(site.rglob("*.html")) + list(site.rglob("*.css")):
        text = path.read_text(encoding="utf-8", errors="replace")
        assert not external.search(text), f"{path.relative_to(site)} loads an external resource"
        assert "fonts.googleapis" not in text and "cdn.jsdelivr" not in text and "unpkg.com" not in text


@pytest.mark.parametrize("name", [name for name in TRANSLATED if name != "index"])
def test_language_switch_lands_on_the_same_page(built_site, name):
    site, _ = built_site
    english = (site / name / "index.html").read_text(encoding="utf-8")
    chinese = (site / "zh" / name / "index.html").read_text(encoding="utf-8")
    assert f'href="../zh/{name}/" hreflang="zh"' in english
    assert f'href="../../{name}/" hreflang="en"' in chinese
    assert '<html lang="zh"' in chinese


@pytest.mark.parametrize("language", ["en", "zh"])
def test_generated_tables_keep_every_cell(built_site, language):
    # A stray "|" in a note would split its table cell and silently drop the rest.
    site, _ = built_site
    notes = yaml.safe_load((SNIPPETS / "crossref.yml").read_text(encoding="utf-8"))
    page_path = site / ("zh/" if language == "zh" else "") / "frameworks" / "index.html"
    text = html.unescape(re.sub(r"<[^>]+>", "", page_path.read_text(encoding="utf-8")))
    for name, note in notes.items():
        assert note[language].replace("`", "") in text, name
