"""The built site in a real browser: every page loads cleanly offline, and the header works.

Run with `python3 scripts/dev.py browser`; CI runs it after installing the
`chromium` package.  Fixtures are in conftest.py.
"""

import re

import pytest

from tests.browser.conftest import ARTICLES, LANGUAGES, PAGES, REPOSITORY, url_path


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", PAGES)
def test_page_loads_cleanly_offline(reader, site_url, name, language):
    opened = reader().open(url_path(name, language)).settle()
    page = opened.page
    # No console error and no failed request: not even the sitemap.xml that
    # Material used to look for beside each alternate-language link.
    assert opened.errors == []
    assert not [url for url in opened.requests if url.endswith("sitemap.xml")]
    leaving = [url for url in opened.requests if not url.startswith(site_url) and not url.startswith("data:")]
    assert leaving == [], f"requests leaving localhost: {leaving}"
    body = page.inner_text("article")
    assert "$$" not in body and "\\(" not in body
    assert not re.search(r"\[\[(formula|example|glossary|crossref|accuracy|benchmark)", body)
    assert not re.search(r"\$\\?[A-Za-z]", body), "TeX source shown as text"
    if page.locator(".katex").count() == 0:
        assert name == "index", f"{name}: no rendered formula"
    else:
        # KaTeX's fonts are served by the site and actually used.
        family = page.eval_on_selector(".katex", "element => getComputedStyle(element).fontFamily")
        assert "KaTeX" in family
    assert page.evaluate("document.documentElement.lang") == language
    # "View source" links to the page's Markdown in the repository.
    source = f"{name}.{language}.md" if name in ARTICLES else f"{name}.md"
    view = page.locator("a.md-content__button").first.get_attribute("href")
    assert view == f"{REPOSITORY}/raw/main/docs/{source}"


def test_formulas_read_correctly_without_javascript(visit):
    page = visit("cross-entropy/", javascript=False).page
    assert page.locator(".katex-display").count() >= 8
    box = page.locator(".katex-display").first.bounding_box()
    assert box and box["height"] > 20


@pytest.mark.parametrize("name, anchor", [("mse", "worked-example"), ("cross-entropy", "label-smoothing"),
                                          ("hinge", "pytorch"), ("api/regression", "losses.regression.huber")])
def test_language_switch_keeps_the_section(visit, site_url, name, anchor):
    page = visit(f"{name}/#{anchor}").page
    for language in ("zh", "en"):
        page.locator(".md-header__option .md-select").hover()
        page.locator(f'a.md-select__link[hreflang="{language}"]').click()
        page.wait_for_load_state("load")
        assert page.url == site_url + url_path(name, language) + f"#{anchor}"
        # The browser scrolled to that section.
        top = page.evaluate(f"document.getElementById('{anchor}').getBoundingClientRect().top")
        assert 0 <= top < page.viewport_size["height"] / 2, top


def test_language_switch_follows_the_anchor_the_reader_clicked(visit, site_url):
    page = visit("cross-entropy/").page
    page.locator(".md-sidebar--secondary a[href='#numerical-stability']").click()
    page.locator(".md-header__option .md-select").hover()
    page.locator('a.md-select__link[hreflang="zh"]').click()
    page.wait_for_load_state("load")
    assert page.url == site_url + "zh/cross-entropy/#numerical-stability"


@pytest.mark.parametrize("language, to_dark, to_light", [("en", "Switch to dark mode", "Switch to light mode"),
                                                         ("zh", "切换到深色模式", "切换到浅色模式")])
def test_theme_toggle_speaks_the_page_language(visit, language, to_dark, to_light):
    page = visit(url_path("mse", language), scheme="light").page
    scheme = "document.body.getAttribute('data-md-color-scheme')"
    assert page.evaluate(scheme) == "default"
    toggle = page.locator("label.md-header__button[for^='__palette']:visible")
    assert toggle.get_attribute("title") == to_dark
    toggle.click()
    assert page.evaluate(scheme) == "slate"
    assert page.locator("label.md-header__button[for^='__palette']:visible").get_attribute("title") == to_light


@pytest.mark.parametrize("language, heading, home, other", [
    ("en", "404 · Page not found", "", "zh/"), ("zh", "404 · 找不到页面", "zh/", "")])
def test_not_found_page_speaks_its_language_and_leads_home(visit, site_url, language, heading, home, other):
    opened = visit(("zh/" if language == "zh" else "") + "404.html")
    page = opened.page
    assert opened.errors == []
    assert not [url for url in opened.requests if not url.startswith(site_url)]
    assert page.evaluate("document.documentElement.lang") == language
    assert page.locator("article h1").inner_text() == heading
    assert page.title() == heading.partition(" · ")[2] + " - losses"  # as every other page: "Title - losses"
    # The navigation is the page's language too (the Chinese build's used to stand at the root).
    home_in_navigation = {"en": "Home", "zh": "首页"}[language]
    assert page.locator(".md-nav--primary").get_by_text(home_in_navigation, exact=True).count() >= 1
    links = page.locator("article p a")
    assert [links.nth(index).evaluate("a => a.href") for index in range(links.count())] == [
        site_url + home, site_url + other]
    # The language selector leads to the home pages too (the Chinese one led to the API's regression page).
    selector = page.locator("a.md-select__link")
    assert sorted(selector.nth(index).evaluate("a => a.href") for index in range(selector.count())) == [
        site_url, site_url + "zh/"]
    links.nth(1).click()
    page.wait_for_load_state("load")
    assert page.evaluate("document.documentElement.lang") == ("zh" if language == "en" else "en")
