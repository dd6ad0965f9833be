"""The site: both languages in step, numbers backed by examples, a strict offline build.

The examples themselves are executed by Sybil (see conftest.py); the formulas
are checked against the code in test_formulas.py.
"""

import html
import inspect
import io
import json
import re
import tokenize
from collections import Counter
from pathlib import Path

import pytest
import yaml

import losses
from scripts.site import sources
from tests.site_build import build_site

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
EXAMPLE = re.compile(r"^\[\[example:([\w-]+)(?::(\w+))?\]\]", re.MULTILINE)
TABLE = re.compile(r"^\[\[(glossary|crossref|accuracy|benchmark)(?::(\w+))?\]\]", re.MULTILINE)
CAPTION = re.compile(r"^/// caption\n.*?\n///$", re.MULTILINE | re.DOTALL)
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
        "examples": [name for name, _ in EXAMPLE.findall(prose)],
        "tables": [name for name, _ in TABLE.findall(prose)],
        "display math": DISPLAY_MATH.findall(prose),
        "inline math": Counter(INLINE_MATH.findall(DISPLAY_MATH.sub("", prose))),
        "code": code_blocks,
        "links": Counter(INTERNAL_LINK.findall(prose)),
    }


def _strip_comments(language: str, body: str) -> str:
    # Comments may be translated; the commands, the code and its printed output may not.
    if language in ("bash", "sh"):
        return "\n".join(line.split("#")[0].rstrip() for line in body.splitlines())
    if language == "python":
        return _without_python_comments(body.splitlines(), range(len(body.splitlines())), prompt=0)
    if language == "pycon":
        lines = body.splitlines()
        source = [index for index, line in enumerate(lines) if line.startswith((">>>", "..."))]
        return _without_python_comments(lines, source, prompt=4)
    return body


def _without_python_comments(lines: list[str], source: "range | list[int]", prompt: int) -> str:
    """``lines`` with the comments of the source lines (after a prompt of that width) removed.

    The comments are found by Python's tokenizer, so a "#" inside a string stays.
    """
    source = list(source)
    code = "\n".join(lines[index][prompt:] for index in source) + "\n"
    cuts = {}
    try:
        for token in tokenize.generate_tokens(io.StringIO(code).readline):
            if token.type == tokenize.COMMENT:
                cuts[source[token.start[0] - 1]] = prompt + token.start[1]
    except (tokenize.TokenError, IndentationError, SyntaxError):
        return "\n".join(lines)  # not Python the tokenizer reads: compare it as it is
    return "\n".join(line[:cuts[index]].rstrip() if index in cuts else line for index, line in enumerate(lines))


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


def test_translated_comments_are_allowed_but_not_other_differences():
    english = ">>> x = f('#1')  # the first\n>>> print(x,\n...       2)  # two lines\n1 # 2\n"
    chinese = ">>> x = f('#1')  # 第一个\n>>> print(x,\n...       2)  # 两行\n1 # 2\n"
    assert _strip_comments("pycon", english) == _strip_comments("pycon", chinese)
    assert "'#1'" in _strip_comments("pycon", english)
    for changed in (english.replace("'#1'", "'#2'"), english.replace("1 # 2", "1 # 3"),
                    english.replace("2)", "3)")):
        assert _strip_comments("pycon", changed) != _strip_comments("pycon", chinese)
    assert _strip_comments("python", "y = 1  # one\n") == _strip_comments("python", "y = 1  # 一\n")


@pytest.mark.parametrize("name", TRANSLATED)
@pytest.mark.parametrize("language", ["en", "zh"])
def test_every_heading_has_an_explicit_anchor(name, language):
    # Identical anchors keep links and the language switch on the same section.
    missing = [title for _, title, _, anchor in HEADING.findall(FENCE.sub("", page(name, language))) if not anchor]
    assert not missing, f"{name}.{language}.md headings without {{ #anchor }}: {missing}"


@pytest.mark.parametrize("name", TRANSLATED)
@pytest.mark.parametrize("language", ["en", "zh"])
def test_markers_name_the_page_language(name, language):
    # A Markdown extension cannot know a page's language: each marker says it.
    text = page(name, language)
    markers = EXAMPLE.findall(text) + TABLE.findall(text)
    wrong = [marker for marker, marked in markers if marked != language]
    assert not wrong, f"{name}.{language}.md: write [[{wrong[0]}:{language}]]"


def _example_text(text: str) -> str:
    included = [(SNIPPETS / "examples" / f"{name}.md").read_text(encoding="utf-8") for name, _ in EXAMPLE.findall(text)]
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
    for marker, results in (("[[accuracy:", "accuracy.json"), ("[[benchmark:", "benchmark.json")):
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


ALIAS_NOTE = re.compile(r"（[^（）]*(?:又称|也称|又译作|也译作)[^（）]*）")


@pytest.mark.parametrize("entry", GLOSSARY, ids=lambda entry: entry["en"])
def test_glossary_terms_are_used_consistently(entry):
    chinese_pages = {path.name: path.read_text(encoding="utf-8") for path in DOCS.glob("*.zh.md")}
    term = entry["zh"].split("（")[0]
    linked_page = entry["page"].replace(".md", ".zh.md")
    for variant in entry["avoid_zh"]:
        # The glossary page itself names the variants, as aliases a search accepts; the page
        # that explains the term may name one as an alias in its gloss: 合页损失（hinge loss，又称铰链损失）.
        offending = [name for name, text in chinese_pages.items()
                     if variant in (ALIAS_NOTE.sub("", text) if name == linked_page else text)
                     and name != "glossary.zh.md"]
        assert not offending, f"{variant!r} used instead of {term!r} in {offending}"
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
def built_site():
    build = build_site()  # built once, reused by the browser suite (tests/site_build.py)
    return build["site"], build["log"]


def test_strict_build_has_no_warning(built_site):
    _, log = built_site
    assert "WARNING" not in log, log


def test_every_formula_is_rendered_at_build_time(built_site):
    site, _ = built_site
    pages = list(site.rglob("*.html"))
    assert len(pages) > 20
    for html_page in pages:
        text = html_page.read_text(encoding="utf-8")
        for leftover in ('class="arithmatex"', "[[formula:", "[[glossary", "[[example", "\\(", "$$"):
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
    claims = json.loads((SNIPPETS / "claims.json").read_text(encoding="utf-8"))["claims"]
    for name, note in notes.items():
        shown = re.sub(r"\[\[claim:([\w-]+)\]\]", lambda match: claims[match[1]]["text"], note[language])
        assert shown.replace("`", "") in text, name


PUBLIC_MODULES = ("activations", "regression", "classification", "dynamics")


def _summary_line(name: str) -> str:
    module = next(getattr(losses, module) for module in PUBLIC_MODULES if name in getattr(losses, module).__all__)
    return inspect.getdoc(getattr(module, name)).splitlines()[0]


def test_every_public_name_has_a_current_chinese_summary():
    catalog = yaml.safe_load((SNIPPETS / "api-zh.yml").read_text(encoding="utf-8"))
    public = [name for module in PUBLIC_MODULES for name in getattr(losses, module).__all__]
    missing = [name for name in public if name not in catalog]
    assert not missing, f"no Chinese summary in docs/snippets/api-zh.yml for {missing}"
    assert set(catalog) <= set(public), f"summaries of names that are not public: {set(catalog) - set(public)}"
    # `en` records the English line that was translated: a changed docstring makes its translation stale.
    stale = {name: _summary_line(name) for name in public if catalog[name]["en"] != _summary_line(name)}
    assert not stale, ("docstring summaries changed since their Chinese summary was written "
                       f"(update `zh`, then set `en` to the new line): {stale}")
    assert all(re.search(r"[\u4e00-\u9fff]", entry["zh"]) for entry in catalog.values())


def test_every_code_comment_translation_is_used():
    # A missing translation fails the build; an unused one is stale.
    catalog = yaml.safe_load((SNIPPETS / "code-comments.yml").read_text(encoding="utf-8"))
    examples = "\n".join(path.read_text(encoding="utf-8") for path in (SNIPPETS / "examples").glob("*.md"))
    unused = [comment for comment in catalog if f"# {comment}\n" not in examples]
    assert not unused, f"docs/snippets/code-comments.yml translates comments no example has: {unused}"


def test_every_formula_word_translation_is_used():
    # A missing translation fails the build; an unused one is stale.
    words = yaml.safe_load((SNIPPETS / "formula-words.yml").read_text(encoding="utf-8"))
    shown = {name for path in DOCS.glob("*.zh.md") for name in FORMULA.findall(path.read_text(encoding="utf-8"))}
    used = {word for name in shown for word in sources.FORMULA_TEXT.findall(sources.formula_tex(name))}
    assert sorted(set(words) - used) == [], "docs/snippets/formula-words.yml translates words no formula has"
    assert all(re.search(r"[\u4e00-\u9fff]", entry["zh"]) for entry in words.values())


@pytest.mark.parametrize("language", ["en", "zh"])
def test_words_in_formulas_are_in_the_page_language(built_site, language):
    site, _ = built_site
    # KaTeX sets \text{...} in spans of class "text"; the MathML copy has <mtext>.
    words = re.compile(r"<mtext>([^<]*)</mtext>")
    page = (site / ("zh/" if language == "zh" else "") / "hinge" / "index.html").read_text(encoding="utf-8")
    found = {word.strip() for word in words.findall(page)} - {""}
    assert ("或" in found) == (language == "zh") and ("or" in found) == (language == "en"), found


CJK = "\u4e00-\u9fff"
# What a Chinese sentence may hold besides words: code and mathematics (set apart
# like Latin words), and link targets, markers and tags (which a reader never sees).
LATIN_LIKE = re.compile(r"`[^`\n]+`|(?<!\$)\$[^$\n]+\$")
UNSEEN = re.compile(r"\[\[[^\]]*\]\]|\]\([^)]*\)|<[^>\n]+>|\{ #[^}]*\}|^---\n.*?\n---\n", re.DOTALL)


def tight_spots(text: str) -> list[str]:
    """Places where a Chinese character touches a Latin letter, a digit, code or mathematics without a space."""
    text = FENCE.sub("", DISPLAY_MATH.sub("", text))
    text = UNSEEN.sub(lambda match: "]" if match.group().startswith("](") else "", text)
    text = LATIN_LIKE.sub("x", text)
    text = re.sub(r"[*_]{1,2}", "", text)  # emphasis marks are not seen either
    # A minus sign (U+2212) begins a number as a digit does.
    return re.findall(f".{{0,6}}(?:[{CJK}][A-Za-z0-9\u2212]|[A-Za-z0-9%][{CJK}]).{{0,6}}", text)


@pytest.mark.parametrize("name", TRANSLATED)
def test_chinese_and_latin_are_spaced_apart(name):
    # One convention on every page (the one most of them already followed): a space
    # between Chinese and Latin words, numbers, code and formulas.
    assert tight_spots(page(name, "zh")) == []


def _chinese_strings(data, key=""):
    """Every string of a YAML catalog filed under ``zh`` or a key ending in ``_zh``."""
    if isinstance(data, dict):
        for name, value in data.items():
            yield from _chinese_strings(value, str(name))
    elif isinstance(data, list):
        for value in data:
            yield from _chinese_strings(value, key)
    elif isinstance(data, str) and (key == "zh" or key.endswith("_zh")):
        yield data


def test_chinese_summaries_and_terms_are_spaced_apart_from_latin():
    tight = []
    for catalog in ("api-zh.yml", "glossary.yml", "code-comments.yml", "formula-words.yml"):
        strings = list(_chinese_strings(yaml.safe_load((SNIPPETS / catalog).read_text(encoding="utf-8"))))
        assert strings, catalog
        tight += [(catalog, spot) for text in strings for spot in tight_spots(text)]
    assert tight == []


def _text(html_page: Path) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", html_page.read_text(encoding="utf-8")))


def test_chinese_pages_set_no_space_before_percent(built_site):
    # The glossary's convention; the numbers measured from other frameworks ("5.6 %") once kept theirs.
    site, _ = built_site
    # The API pages' docstrings are English, and follow English usage ("only 13 %").
    spaced = {path.parent.name: re.findall(r".{0,12}\d %", _text(path)) for path in (site / "zh").rglob("index.html")
              if "api" not in path.parts}
    assert {name: found for name, found in spaced.items() if found} == {}


@pytest.mark.parametrize("language", ["en", "zh"])
def test_code_comments_on_a_page_are_in_its_language(built_site, language):
    site, _ = built_site
    comment = re.compile(r'<span class="c1">#\s*(.*?)</span>')
    prefix = site / "zh" if language == "zh" else site
    checked = 0
    # The article pages; the API pages show the English docstrings, as their notice says.
    articles = [path for path in prefix.glob("*/index.html") if path.parent.name != "zh"]
    for html_page in [prefix / "index.html", *articles]:
        for text in comment.findall(html_page.read_text(encoding="utf-8")):
            has_chinese = bool(re.search(r"[\u4e00-\u9fff]", text))
            assert has_chinese == (language == "zh"), f"{html_page.relative_to(site)}: comment {text!r}"
            checked += 1
    assert checked >= 10


def test_every_executed_example_says_so(built_site):
    site, _ = built_site
    for language, prefix in (("en", site), ("zh", site / "zh")):
        for name in TRANSLATED:
            text = (prefix / ("" if name == "index" else name) / "index.html").read_text(encoding="utf-8")
            sessions = text.count('<div class="language-pycon highlight">')
            badges = text.count(f'<p class="executed-example" lang="{language}">')
            assert sessions == badges, f"{language} {name}: {sessions} examples, {badges} badges"


def test_each_language_has_its_own_search_index(built_site):
    site, _ = built_site
    english = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    chinese = json.loads((site / "zh" / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert english["docs"] and chinese["docs"]
    assert not [doc for doc in english["docs"] if doc["location"].startswith("zh/")]
    # Chinese locations are relative to /zh/, which Chinese pages give Material as its base.
    assert {re.split("[/#]", doc["location"])[0] for doc in chinese["docs"]} <= {"", *TRANSLATED, "api"}
    assert re.search(r"[\u4e00-\u9fff]", chinese["docs"][0]["title"])
    assert '"base": "../../zh/"' in (site / "zh" / "mse" / "index.html").read_text(encoding="utf-8")
    for index in (english, chinese):
        text = json.dumps(index, ensure_ascii=False)
        # Each formula once, as readable text: no TeX annotation, no MathML duplicate.
        assert "\\\\frac" not in text and "\\\\delta" not in text and "x-tex" not in text
        assert "z_i" not in text and "katex" not in text
    # A fraction keeps its bar and a power its caret: ¼ is not "14", e^{-z} not "e−z".
    activations = " ".join(doc["text"] for doc in english["docs"] if doc["location"].startswith("activations/"))
    assert "≤1/4" in activations and "1/(1+e^(−z))" in activations


def test_synonyms_are_indexed_with_the_page_about_the_term(built_site):
    site, _ = built_site
    chinese = json.loads((site / "zh" / "search" / "search_index.json").read_text(encoding="utf-8"))
    keywords = {doc["location"]: doc.get("keywords", "").replace("\u200b", "") for doc in chinese["docs"]}
    for entry in GLOSSARY:
        page_location = entry["page"].replace(".md", "/").replace("index/", "")
        for word in [entry["en"], *entry.get("synonyms", [])]:
            assert word in keywords[page_location], f"{word!r} not a search keyword of {page_location}"


def test_glossary_meanings_use_real_mathematics():
    # Pseudo-TeX such as Σ_{j≠y} or ∂p_i/∂z_j would show as plain text.
    for entry in GLOSSARY:
        for language in ("en", "zh"):
            # Identifiers in code spans (`ignore_index`) are code, not mathematics.
            outside_math = re.sub(r"`[^`]+`", "", re.sub(r"\$[^$]+\$", "", entry["define_" + language]))
            assert not re.search(r"[_^]\{?\w", outside_math), f"{entry['en']}: write {outside_math!r} as $...$"
