"""What a reader meets on the pages, at desktop (1280 px) and phone (390 px) widths, light and dark.

Captions and glossary cells show mathematics, never TeX; tables stay
readable and code in them breaks only between names; figures follow the
palette switch; the copy button copies runnable code; executed examples say
so; Chinese API pages speak Chinese.  What holds on every page at every
width and scheme (no formula cut, the right figure variant, nothing wider
than the screen) is checked with the screenshots, in test_screenshots.py.
"""

import re

import pytest

from tests.browser.conftest import API_PAGES, ARTICLES, DOCS, FIGURE_PAGES, LANGUAGES, REPOSITORY, WIDTHS, url_path


def _count_in_pages(pattern: str, language: str) -> int:
    return sum(len(re.findall(pattern, path.read_text(encoding="utf-8"), re.MULTILINE))
               for path in DOCS.glob(f"*.{language}.md"))

# Where code in a table cell wraps: the characters before and after each line break.
CODE_BREAKS = """() => {
    const breaks = [];
    const range = document.createRange();
    for (const code of document.querySelectorAll('td code, th code')) {
        if (code.offsetParent === null || code.getClientRects().length < 2) continue;
        const walker = document.createTreeWalker(code, NodeFilter.SHOW_TEXT);
        let previous = null, previousTop = null;
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            for (let i = 0; i < node.length; i++) {
                range.setStart(node, i);
                range.setEnd(node, i + 1);
                const rect = range.getClientRects()[0];
                if (!rect) continue;
                if (previousTop !== null && rect.top > previousTop + 2) {
                    breaks.push([code.textContent, previous, node.data[i]]);
                }
                previous = node.data[i];
                previousTop = rect.top;
            }
        }
    }
    return breaks;
}"""

# Text of the code lines that pass under the copy button, once scrolled to their end.
UNDER_THE_COPY_BUTTON = """() => {
    const problems = [];
    const range = document.createRange();
    for (const block of document.querySelectorAll('.highlight')) {
        const code = block.querySelector('pre > code'), button = block.querySelector('.md-code__button');
        if (!code || !button || code.offsetParent === null) continue;
        code.scrollLeft = code.scrollWidth;
        const guard = button.getBoundingClientRect();
        range.selectNodeContents(code);
        for (const line of range.getClientRects()) {
            const overlaps = line.bottom > guard.top && line.top < guard.bottom;
            if (overlaps && line.width > 0 && line.right > guard.left + 1) problems.push(code.textContent.slice(0, 50));
        }
        code.scrollLeft = 0;
    }
    return problems;
}"""


@pytest.mark.parametrize("language", LANGUAGES)
def test_captions_show_mathematics_not_tex(reader, language):
    opened = reader()
    captions = formulas = 0
    for name in FIGURE_PAGES:
        page = opened.open(url_path(name, language)).page
        # One round trip per page: the captions' text and how many formulas they render.
        texts, rendered = page.evaluate("""() => [[...document.querySelectorAll('figcaption')].map(c => c.innerText),
                                                 document.querySelectorAll('figcaption .katex').length]""")
        for text in texts:
            assert "$" not in text and "\\" not in text, (name, text)
        captions += len(texts)
        formulas += rendered
    assert captions == _count_in_pages(r"^/// caption$", language)
    assert formulas >= _count_in_pages(r"^/// caption\n.*\$", language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_glossary_shows_mathematics_not_tex(reader, language):
    page = reader().open(url_path("glossary", language)).page
    cells = page.locator("td").all_inner_texts()
    assert not [cell for cell in cells if re.search(r"\$|\\[a-z]|_\{|_[a-z]\b|Σ_", cell)]
    assert page.locator("td .katex").count() >= 10


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_tables_stay_readable(reader, language, width):
    opened = reader(width)
    for name in ("frameworks", "cross-entropy", "benchmarks", "glossary", "hinge"):
        page = opened.open(url_path(name, language)).page
        # Code breaks between names (after . ( , or a space), never inside one.
        breaks = page.evaluate(CODE_BREAKS)
        assert not [(code, before, after) for code, before, after in breaks
                    if re.match(r"\w", before) and re.match(r"\w", after)], name
        scrollers = page.evaluate("""() => [...document.querySelectorAll('.md-typeset__scrollwrap')]
            .map(box => [box.scrollWidth > box.clientWidth + 1,
                         getComputedStyle(box).backgroundImage.includes('radial-gradient'),
                         box.querySelector('table').getAttribute('data-cards')])""")
        # Shown as cards (every wide table on a phone, the table of calls everywhere): nothing to scroll.
        cards = ("phone", "always") if width == "phone" else ("always",)
        assert not [box for box in scrollers if box[0] and box[2] in cards], name
        # A table wider than the column scrolls, with the shadow that says so.
        assert all(hint for overflows, hint, _ in scrollers if overflows), name


@pytest.mark.parametrize("width", WIDTHS)
def test_the_table_of_calls_is_one_card_per_row(reader, width):
    page = reader(width).open("frameworks/").page
    first_row = page.locator("table tbody tr").first
    labels = first_row.evaluate("row => [...row.cells].map(cell => getComputedStyle(cell, '::before').content)")
    assert [label.strip('" ') for label in labels[1:3]] == ["PyTorch", "Keras"]
    assert page.evaluate("getComputedStyle(document.querySelector('table tr')).display") == "block"
    # Every call is on its card, nothing hidden.
    card = first_row.bounding_box()
    assert all(cell["x"] + cell["width"] <= card["x"] + card["width"] + 1
               for cell in [first_row.locator("td").nth(index).bounding_box() for index in range(6)])


def test_figures_follow_the_palette_switch(visit):
    opened = visit("exploding-gradients/", scheme="light")
    page = opened.page
    visible = "[...document.querySelectorAll('figure img')].filter(i => i.offsetParent !== null).map(i => i.currentSrc)"
    assert all(source.endswith("gradients.svg") for source in page.evaluate(visible))
    page.locator("label.md-header__button[for^='__palette']:visible").click()
    page.wait_for_function(f"({visible}).every(source => source.endsWith('.dark.svg'))")
    opened.load_every_image()
    # The dark picture displayed has loaded (it was not downloaded before the switch).
    assert page.evaluate("[...document.querySelectorAll('figure img')].filter(i => i.offsetParent !== null)"
                         ".every(i => i.naturalWidth > 0)")


def test_copy_button_copies_runnable_code(visit):
    opened = visit("cross-entropy/", permissions=["clipboard-read", "clipboard-write"])
    page = opened.page
    block = page.locator(".language-pycon").first
    block.hover()
    block.locator(".md-code__button").click()
    copied = page.evaluate("navigator.clipboard.readText()")
    # The session's code, without its prompts and without what it prints.
    shown = block.locator("code").inner_text().splitlines()
    code = [line[4:] for line in shown if line.startswith((">>> ", "... "))]
    assert len(code) >= 5 and copied.splitlines() == code
    # What is copied runs.
    exec(compile(copied, "copied", "exec"), {})


@pytest.mark.parametrize("width", WIDTHS)
def test_long_code_lines_scroll_clear_of_the_copy_button(reader, width):
    opened = reader(width)
    for name in ("cross-entropy", "benchmarks", "exploding-gradients", "api/classification"):
        assert opened.open(url_path(name, "en")).page.evaluate(UNDER_THE_COPY_BUTTON) == [], name


@pytest.mark.parametrize("language", LANGUAGES)
def test_executed_examples_say_so_in_the_page_language(reader, language):
    opened = reader()
    badge = {"en": "Run in CI", "zh": "已在 CI 中运行"}[language]
    examples = 0
    for name in ARTICLES:
        page = opened.open(url_path(name, language)).page
        # One round trip per page: what follows each session (its badge, and the badge's link).
        badges = page.evaluate("""() => [...document.querySelectorAll('article .language-pycon')].map(session => {
            const after = session.nextElementSibling, link = after && after.querySelector('a');
            return [after ? after.innerText : '', link ? link.getAttribute('href') : null,
                    link ? link.innerText : ''];
        })""")
        for index, (text, href, link_text) in enumerate(badges):
            assert badge in text, (name, index)
            # An example from docs/snippets/examples/, or a session written on the page itself.
            assert href in (f"{REPOSITORY}/blob/main/docs/snippets/examples/{link_text.removeprefix('examples/')}",
                            f"{REPOSITORY}/blob/main/docs/{name}.{language}.md"), (name, index, href)
            examples += 1
    assert examples == _count_in_pages(r"^(\[\[example:|```pycon)", language)


@pytest.mark.parametrize("name", API_PAGES)
def test_chinese_api_pages_speak_chinese(reader, name):
    opened = reader()
    english = opened.open(url_path(name, "en")).page
    functions = english.locator("h2.doc-heading").count()
    assert english.locator(".api-summary").count() == 0
    assert english.get_by_text("Parameters:").count() >= 1
    assert set(english.locator("details.references > summary").all_inner_texts()) == {"References"}
    # See Also lists each name as code, as NumPy's "name : description" lines mean it.
    starts = english.locator("details.see-also li").evaluate_all(
        "items => items.map(item => item.firstChild.nodeName + ' ' + item.firstChild.textContent)")
    assert len(starts) >= english.locator("details.see-also").count()
    assert all(re.fullmatch(r"CODE [\w.]+", start) for start in starts), starts
    chinese = opened.open(url_path(name, "zh")).page
    assert chinese.locator(".api-language-notice").count() == 1
    summaries = chinese.locator(".api-summary").all_inner_texts()
    assert len(summaries) == functions and all(re.search(r"[\u4e00-\u9fff]", text) for text in summaries)
    assert chinese.get_by_text("参数：").count() >= 1 and chinese.get_by_text("Parameters:").count() == 0
    # Every section title, the collapsible See Also and References too.
    titles = chinese.locator("details.references > summary, details.see-also > summary").all_inner_texts()
    assert titles and set(titles) <= {"另请参阅", "参考文献"}, set(titles)
    assert chinese.locator(".api-source a").count() == functions


def test_quoted_strings_in_formulas_open_and_close(reader):
    page = reader().open("api/regression/").page
    shown = " ".join(page.locator(".katex-html").all_inner_texts())
    assert '"mean"' in shown and "”mean”" not in shown
