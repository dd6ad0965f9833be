"""The offline bundle (scripts/offline_bundle.py), unzipped and opened from file:// in Chromium.

Every request that is not for a file:// address is aborted and recorded, and
each test asserts that none was made: the bundle must work on a machine with
no network at all.  Run with `python3 scripts/dev.py browser -k offline`.
"""

import re
import sys
import zipfile
from pathlib import Path

import pytest

playwright = pytest.importorskip("playwright.sync_api")

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
import offline_bundle  # noqa: E402

# The browser fixture is conftest.py's: one Playwright driver per process.
from tests.browser.conftest import API_PAGES, load_every_image, navigation_order  # noqa: E402
from tests.browser.conftest import ARTICLES as PAGES  # noqa: E402

# Pages with no formula on them.
WITHOUT_FORMULAS = {"index", "glossary"}


def page_path(name: str, language: str) -> str:
    """Where a page lives in the bundle: the offline build links to files, not folders."""
    return ("" if language == "en" else "zh/") + f"{name}.html"


def figures_referenced(language: str) -> set[str]:
    """The figures a reader sees in the light colour scheme, from the pages' Markdown.

    Not those an interactive figure stands in for (``data-replaces``): with
    JavaScript on, the interactive one is what the reader sees.
    """
    found = set()
    for source in (ROOT / "docs").rglob(f"*.{language}.md"):
        text = source.read_text(encoding="utf-8")
        replaced = {f"{name}.svg" for name in re.findall(r'data-replaces="([\w-]+)"', text)}
        found |= set(re.findall(r"assets/figures/([\w.-]+\.svg)(?!#only-dark)", text)) - replaced
    return found


@pytest.fixture(scope="module")
def bundle_zip(tmp_path_factory):
    work = tmp_path_factory.mktemp("bundle")
    zip_path = work / "losses-offline.zip"
    offline_bundle.build_bundle(zip_path, work_dir=work)
    return zip_path


@pytest.fixture(scope="module")
def bundle_url(bundle_zip):
    # Readers unzip into folders like "下载" or "My Documents": a space and
    # Chinese in the path must not break the file:// addresses.
    unpacked = bundle_zip.parent / "下载 offline"
    with zipfile.ZipFile(bundle_zip) as archive:
        archive.extractall(unpacked)
    return (unpacked / offline_bundle.TOP_FOLDER).as_uri() + "/"


class OfflineVisit:
    """A fresh browser context in which only file:// requests go through."""

    def __init__(self, browser, **context_options):
        self.context = browser.new_context(viewport={"width": 1280, "height": 900}, **context_options)
        self.blocked, self.failed, self.errors = [], [], []
        self.context.route("**/*", self._only_local_files)
        self.page = self.context.new_page()
        self.page.on("console", lambda message: self.errors.append(message.text) if message.type == "error" else None)
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("requestfailed", self._on_failure)

    def _only_local_files(self, route):
        if route.request.url.startswith("file://"):
            route.continue_()
        else:
            self.blocked.append(route.request.url)
            route.abort()

    def _on_failure(self, request):
        # A request cut short by the next navigation (the favicon, often) is
        # not a fault; a missing file fails with net::ERR_FILE_NOT_FOUND.
        if request.failure != "net::ERR_ABORTED":
            self.failed.append(request.url)

    def open(self, url):
        self.page.goto(url)
        self.page.wait_for_load_state("load")

    def check_clean(self):
        assert self.blocked == [], f"requests that tried to leave the machine: {self.blocked}"
        # Material's language selector asks for a sitemap.xml beside each
        # language, which browsers refuse from file:// (no CORS there).  The
        # selector's links already point at the same page in the other
        # language, so nothing is lost; any other failed request is a fault.
        assert [url for url in self.failed if not url.endswith("/sitemap.xml")] == []
        unexplained = [error for error in self.errors
                       if "sitemap.xml" not in error and error != "Failed to load resource: net::ERR_FAILED"]
        assert unexplained == []

    def search(self, query):
        self.page.keyboard.press("/")
        field = self.page.locator("input.md-search__input")
        field.fill(query)
        # Material's search reacts to key events; fill() alone does not trigger it.
        field.press("End")
        links = self.page.locator(".md-search-result__item > .md-search-result__link")
        links.first.wait_for(timeout=10_000)
        return [link.get_attribute("href") for link in links.all()]

    def close(self):
        self.context.close()


def test_zip_is_reproducible_and_holds_both_languages(bundle_zip, tmp_path):
    again = tmp_path / "again.zip"
    offline_bundle.build_bundle(again, work_dir=tmp_path)
    assert again.read_bytes() == bundle_zip.read_bytes(), "two builds of the same sources differ"
    with zipfile.ZipFile(bundle_zip) as archive:
        names = archive.namelist()
        dates = {entry.date_time for entry in archive.infolist()}
    assert names == sorted(names)
    assert len(dates) == 1
    top = offline_bundle.TOP_FOLDER
    for name in PAGES + API_PAGES:
        for language in ("en", "zh"):
            assert f"{top}/{page_path(name, language)}" in names
    assert f"{top}/assets/javascripts/iframe-worker-shim.js" in names
    assert f"{top}/search/search_index.js" in names
    assert not [name for name in names if name.endswith(".map")]


# What the page test needs to know, gathered in one round trip per page.
PAGE_FACTS = """() => {
    const katex = document.querySelector("article .katex");
    return {
        language: document.documentElement.lang,
        text: document.querySelector("article").innerText,
        formulas: document.querySelectorAll("article .katex").length,
        katexFamily: katex ? getComputedStyle(katex).fontFamily : "",
        katexFontLoaded: document.fonts.check("1em KaTeX_Main"),
        images: [...document.querySelectorAll("article img")]
            .filter(image => image.checkVisibility())
            .map(image => ({src: image.getAttribute("src"), loaded: image.complete && image.naturalWidth > 0})),
    };
}"""


@pytest.mark.parametrize("language", ["en", "zh"])
def test_every_page_opens_with_formulas_and_figures(browser, bundle_url, language):
    visit, shown_figures = OfflineVisit(browser), set()
    try:
        for name in PAGES + API_PAGES:
            visit.open(bundle_url + page_path(name, language))
            load_every_image(visit.page)  # figures load lazily, when the reader comes near
            facts = visit.page.evaluate(PAGE_FACTS)
            assert facts["language"] == language
            for leftover in ("$$", "\\(", "\\[", "[[formula"):
                assert leftover not in facts["text"], f"{name}: {leftover!r} shown as text"
            if name not in WITHOUT_FORMULAS:
                assert facts["formulas"] > 0, f"{name}: no rendered formula"
                # Set by katex.min.css, and its fonts load from the bundle.
                assert "KaTeX" in facts["katexFamily"] and facts["katexFontLoaded"], name
            for image in facts["images"]:
                assert image["loaded"], f"{name}: {image['src']} did not load"
                shown_figures.add(Path(image["src"].split("#")[0]).name)
            # The interactive figures load their scripts from the bundle when the reader comes near.
            for widget in visit.page.locator(".losses-widget").all():
                widget.scroll_into_view_if_needed()
                built = f'.losses-widget[data-widget="{widget.get_attribute("data-widget")}"][data-widget-state="ready"]'
                visit.page.locator(built).wait_for(timeout=10_000)
                assert widget.locator("svg").count() >= 1, f"{name}: {built} has no figure"
        visit.check_clean()
        assert shown_figures == figures_referenced(language)
    finally:
        visit.close()


@pytest.mark.parametrize("language", ["en", "zh"])
def test_navigation_by_sidebar_and_footer(browser, bundle_url, language):
    visit = OfflineVisit(browser)
    try:
        visit.open(bundle_url + page_path("index", language))
        visit.page.locator(".md-sidebar--primary a.md-nav__link[href$='cross-entropy.html']").first.click()
        visit.page.wait_for_load_state("load")
        assert visit.page.url == bundle_url + page_path("cross-entropy", language)
        assert visit.page.locator(".katex-display").count() >= 8
        visit.page.locator("a.md-footer__link--next").click()
        visit.page.wait_for_load_state("load")
        order = navigation_order()
        assert visit.page.url == bundle_url + page_path(order[order.index("cross-entropy") + 1], language)
        visit.check_clean()
    finally:
        visit.close()


@pytest.mark.parametrize("language, query, expected, first_page", [
    ("en", "Huber", "Huber", "smooth-l1"),
    ("en", "vanishing gradient", "anishing", "vanishing-gradients"),
    ("zh", "交叉熵", "交叉熵", "cross-entropy"),
    ("zh", "梯度爆炸", "梯度爆炸", "exploding-gradients"),
])
def test_search_works_from_files_in_the_page_language(browser, bundle_url, language, query, expected, first_page):
    visit = OfflineVisit(browser)
    try:
        visit.open(bundle_url + page_path("index", language))
        hrefs = visit.search(query)
        # Material shows jieba's word breaks as zero-width spaces.
        assert expected in visit.page.inner_text(".md-search-result").replace("\u200b", "")
        first = re.sub(r"[?#].*", "", hrefs[0])
        assert first == bundle_url + page_path(first_page, language)
        visit.page.locator(".md-search-result__item > .md-search-result__link").first.click()
        visit.page.wait_for_load_state("load")
        assert visit.page.url.startswith(bundle_url + page_path(first_page, language))
        visit.check_clean()
    finally:
        visit.close()


@pytest.mark.parametrize("name", ["mse", "api/classification"])
def test_language_switch_inside_the_bundle(browser, bundle_url, name):
    visit = OfflineVisit(browser)
    try:
        visit.open(bundle_url + page_path(name, "en"))
        for language in ("zh", "en"):
            visit.page.locator(".md-header__option .md-select").hover()
            visit.page.locator(f'a.md-select__link[hreflang="{language}"]').click()
            visit.page.wait_for_load_state("load")
            assert visit.page.url == bundle_url + page_path(name, language)
            assert visit.page.evaluate("document.documentElement.lang") == language
        visit.check_clean()
    finally:
        visit.close()
