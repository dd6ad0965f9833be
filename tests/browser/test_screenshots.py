"""Every page at both widths, in both schemes and both languages: checked, and photographed for review.

For each page, width (1280 px, 390 px) and colour scheme: nothing is wider
than the screen, no formula is cut (it fits, or scrolls with the scroll
shadow of site.css) or shown as TeX source, every figure shows the variant drawn for this scheme
and screen, at a size that keeps its labels legible, and no other variant
is downloaded.  The full-page screenshots go to
build/screenshots/LANGUAGE/PAGE-WIDTH-SCHEME.jpg for people to look at.
"""

import re

import pytest

from tests.browser.conftest import PAGES, SCHEMES, SCREENSHOTS, WIDTHS, Visit, url_path
from tests.browser.test_budget import check_first_visit, check_reading_to_the_end

VARIANT = {("desktop", "light"): ".svg", ("desktop", "dark"): ".dark.svg",
           ("phone", "light"): ".phone.svg", ("phone", "dark"): ".phone.dark.svg"}

# For each formula whose box reaches past a box that clips it: is that box a
# scroller with the scroll shadow (site.css), or does it cut the formula?
CUT_FORMULAS = """() => {
    const problems = [];
    for (const formula of document.querySelectorAll('.katex')) {
        const box = formula.getBoundingClientRect();
        if (box.width === 0 || formula.parentElement.closest('.katex')) continue;
        let clipper = formula.parentElement;
        while (clipper && getComputedStyle(clipper).overflowX === 'visible') clipper = clipper.parentElement;
        const limit = clipper ? clipper.getBoundingClientRect() : {left: 0, right: innerWidth};
        if (box.right <= limit.right + 1 && box.left >= limit.left - 1) continue;
        const style = clipper && getComputedStyle(clipper);
        const text = formula.querySelector('.katex-mathml').textContent.slice(0, 60);
        if (!style || !['auto', 'scroll'].includes(style.overflowX)) problems.push(['cut', text]);
        else if (!style.backgroundImage.includes('radial-gradient')) problems.push(['scrolls without a hint', text]);
    }
    return problems;
}"""

SHOWN_FIGURES = """() => [...document.querySelectorAll('figure img')]
    .filter(image => image.offsetParent !== null)
    .map(image => [image.currentSrc, image.naturalWidth, image.clientWidth / image.naturalWidth])"""


class _EveryPageOfOneLanguage:
    """The pages of one language; the two classes let the two test processes take a language each."""

    language = "en"

    @pytest.mark.parametrize("scheme", SCHEMES)
    @pytest.mark.parametrize("width", WIDTHS)
    @pytest.mark.parametrize("name", PAGES)
    def test_page_reads_well_and_is_photographed(self, reader, browser, site_url, report, name, width, scheme):
        if (width, scheme) != ("desktop", "light"):
            check_and_photograph(reader(width, scheme), name, self.language, width, scheme)
            return
        # Desktop and light: a fresh browser context, so that the visit is a reader's
        # first, and the performance budget is measured on it (test_budget.py).
        opened = Visit(browser, site_url, url_path(name, self.language))
        try:
            arrival = opened.transferred()
            check_first_visit(name, self.language, arrival, report)
            check_and_photograph(opened, name, self.language, width, scheme, navigate=False)
            opened.settle()
            check_reading_to_the_end(name, self.language, arrival, opened.transferred(), report)
        finally:
            opened.close()


class TestEnglishPages(_EveryPageOfOneLanguage):
    language = "en"


class TestChinesePages(_EveryPageOfOneLanguage):
    language = "zh"


def check_and_photograph(opened, name, language, width, scheme, navigate=True):
    if navigate:
        opened.open(url_path(name, language))
    page = opened.page
    opened.load_every_image()
    expected_scheme = "slate" if scheme == "dark" else "default"
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == expected_scheme
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTHS[width]["width"], "wider than the screen"
    assert page.evaluate(CUT_FORMULAS) == []
    # Mathematics everywhere (captions, tables, admonitions), never its TeX source.
    assert not re.search(r"\$\\?[A-Za-z]|\\[a-z]+\{", page.inner_text("article"))
    suffix = VARIANT[width, scheme]
    shown = page.evaluate(SHOWN_FIGURES)
    # A figure that an interactive one stands in for is hidden (widgets.css), the rest are shown.
    assert len(shown) == page.locator("figure:has(picture):not(:has(+ .losses-widget[data-replaces]))").count()
    for source, natural_width, scale in shown:
        assert source.endswith(suffix) and not source[: -len(suffix)].endswith((".dark", ".phone")), source
        assert natural_width > 0, f"{source} did not load"
        # Drawn at 11-12 pt, the labels stay legible when the figure is shrunk by at most a fifth.
        assert scale >= 0.8, (source, scale)
    downloaded = [url for url in opened.requests if "/assets/figures/" in url]
    assert all(url.endswith(suffix) and not url[: -len(suffix)].endswith((".dark", ".phone"))
               for url in downloaded), downloaded
    # JPEG: a full page of text in a fifth of the time PNG takes to encode, and as legible.
    path = SCREENSHOTS / language / f"{name.replace('/', '-')}-{width}-{scheme}.jpg"
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path), full_page=True, type="jpeg", quality=85)
    assert opened.errors == []
