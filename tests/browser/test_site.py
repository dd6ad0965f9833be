"""The built site in a real browser: headless Chromium (Debian's) driven by Playwright.

Run with `python3 scripts/dev.py browser`; CI runs it after installing the
`chromium` package.  Screenshots of one page per language are kept in
build/screenshots/ (not committed).
"""

import re

import pytest

playwright = pytest.importorskip("playwright.sync_api")

from conftest import ROOT, SCREENSHOTS, Visit  # noqa: E402  (the fixtures, site_url and browser, are there too)

PAGES = sorted(path.name.rsplit(".", 2)[0] for path in (ROOT / "docs").glob("*.en.md"))
API_PAGES = sorted(f"api/{path.stem}" for path in (ROOT / "docs" / "api").glob("*.md"))


def _url_path(name: str, language: str) -> str:
    prefix = "" if language == "en" else "zh/"
    return prefix if name == "index" else f"{prefix}{name}/"


@pytest.mark.parametrize("language", ["en", "zh"])
@pytest.mark.parametrize("name", PAGES + API_PAGES)
def test_page_loads_cleanly_offline(browser, site_url, name, language):
    visit = Visit(browser, site_url + _url_path(name, language))
    try:
        assert visit.real_errors() == []
        leaving = [url for url in visit.requests if not url.startswith(site_url) and not url.startswith("data:")]
        assert leaving == [], f"requests leaving localhost: {leaving}"
        body = visit.page.inner_text("article")
        assert "$$" not in body and "[[formula" not in body
        if visit.page.locator(".katex").count() == 0:
            assert name in ("index", "glossary"), f"{name}: no rendered formula"
        else:
            # KaTeX's fonts are served by the site and actually used.
            family = visit.page.eval_on_selector(".katex", "element => getComputedStyle(element).fontFamily")
            assert "KaTeX" in family
        assert visit.page.evaluate("document.documentElement.lang") == ("zh" if language == "zh" else "en")
    finally:
        visit.close()


def test_formulas_read_correctly_without_javascript(browser, site_url):
    visit = Visit(browser, site_url + "cross-entropy/", java_script_enabled=False)
    try:
        assert visit.page.locator(".katex-display").count() >= 8
        box = visit.page.locator(".katex-display").first.bounding_box()
        assert box and box["height"] > 20
    finally:
        visit.close()


@pytest.mark.parametrize("name", ["mse", "hinge", "smooth-l1"])
def test_language_switch_lands_on_the_same_page(browser, site_url, name):
    visit = Visit(browser, site_url + f"{name}/#worked-example")
    try:
        visit.page.locator(".md-header__option .md-select").hover()
        visit.page.locator('a.md-select__link[hreflang="zh"]').click()
        visit.page.wait_for_load_state("networkidle")
        assert visit.page.url.startswith(site_url + f"zh/{name}/")
        visit.page.locator(".md-header__option .md-select").hover()
        visit.page.locator('a.md-select__link[hreflang="en"]').click()
        visit.page.wait_for_load_state("networkidle")
        assert visit.page.url.startswith(site_url + f"{name}/")
    finally:
        visit.close()


@pytest.mark.parametrize("query, expected", [("交叉熵", "交叉熵"), ("梯度爆炸", "梯度爆炸"),
                                             ("vanishing gradient", "anishing"), ("Huber", "Huber")])
def test_search_finds_chinese_and_english_terms(browser, site_url, query, expected):
    start = "zh/" if re.search(r"[\u4e00-\u9fff]", query) else ""
    visit = Visit(browser, site_url + start)
    try:
        visit.page.keyboard.press("/")
        field = visit.page.locator("input.md-search__input")
        field.fill(query)
        # Material's search reacts to key events; fill() alone does not trigger it.
        field.press("End")
        results = visit.page.locator(".md-search-result__item")
        results.first.wait_for(timeout=10_000)
        assert results.count() >= 1
        # Material shows jieba's word breaks as zero-width spaces.
        assert expected in visit.page.inner_text(".md-search-result").replace("\u200b", "")
    finally:
        visit.close()


def test_dark_mode_toggle(browser, site_url):
    visit = Visit(browser, site_url + "mse/", color_scheme="light")
    try:
        scheme = "document.body.getAttribute('data-md-color-scheme')"
        assert visit.page.evaluate(scheme) == "default"
        visit.page.locator("label.md-header__button[for^='__palette']").first.click()
        assert visit.page.evaluate(scheme) == "slate"
    finally:
        visit.close()


def test_figures_zoom_and_code_can_be_copied(browser, site_url):
    visit = Visit(browser, site_url + "slow-learning/")
    try:
        assert visit.page.locator('button.md-code__button[data-md-type="copy"]').count() >= 1
        image = visit.page.locator("a.glightbox img").first
        natural_width = image.evaluate("element => element.naturalWidth")
        assert natural_width > 0, "figure did not load"
        image.click()
        lightbox = visit.page.locator(".gslide-image img")
        lightbox.wait_for(timeout=5_000)
        visit.page.wait_for_timeout(1_000)  # the opening animation
        assert lightbox.get_attribute("src").endswith(".svg")
        assert lightbox.bounding_box()["width"] >= image.bounding_box()["width"]
    finally:
        visit.close()


@pytest.mark.parametrize("language", ["en", "zh"])
def test_screenshot_per_language(browser, site_url, language):
    visit = Visit(browser, site_url + _url_path("cross-entropy", language) + "#worked-example")
    try:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"cross-entropy-{language}.png"
        visit.page.screenshot(path=str(path), full_page=False)
        assert path.stat().st_size > 10_000
    finally:
        visit.close()
