"""Search as a reader uses it: their own language only, readable snippets, synonyms, the right page first."""

import re

import pytest


def _search(reader, start, query, width="desktop"):
    """The search results shown for `query` typed on page `start`: [(link, title, text), ...] in order."""
    opened = reader(width).open(start).settle()
    page = opened.page
    if width == "phone":
        page.locator("label.md-header__button[for='__search']").click()
    else:
        page.keyboard.press("/")
    field = page.locator("input.md-search__input")
    field.fill(query)
    # Material's search reacts to key events; fill() alone does not trigger it.
    field.press("End")
    page.locator(".md-search-result__meta").filter(has_not_text="键入").filter(has_not_text="Type to").wait_for()
    page.wait_for_timeout(300)  # results are rendered in one go after the meta line
    results = page.evaluate("""() => [...document.querySelectorAll('.md-search-result__item > .md-search-result__link')]
        .map(link => [link.getAttribute('href'), link.querySelector('h1, h2')?.innerText || '',
                      link.querySelector('article')?.innerText || ''])""")
    page.keyboard.press("Escape")
    return [(href, title.replace("\u200b", ""), text.replace("\u200b", "")) for href, title, text in results]


@pytest.mark.parametrize("start, query", [("", "hinge"), ("", "softmax"), ("", "gradient"),
                                          ("zh/", "softmax"), ("zh/", "hinge"), ("zh/", "交叉熵")])
def test_search_returns_only_the_readers_language(reader, site_url, start, query):
    results = _search(reader, start, query)
    assert results, query
    chinese = start == "zh/"
    for href, _, _ in results:
        assert href.startswith(site_url + "zh/") == chinese, href


@pytest.mark.parametrize("start, query, page", [
    ("zh/", "梯度消失", "zh/vanishing-gradients/"),
    ("zh/", "梯度爆炸", "zh/exploding-gradients/"),
    ("zh/", "铰链", "zh/hinge/"),
    ("zh/", "铰链损失", "zh/hinge/"),
    ("zh/", "合页损失", "zh/hinge/"),
    ("zh/", "hinge", "zh/hinge/"),
    ("zh/", "交叉熵", "zh/cross-entropy/"),
    ("zh/", "log loss", "zh/cross-entropy/"),
    ("zh/", "均方误差", "zh/mse/"),
    ("zh/", "MSE", "zh/mse/"),
    ("zh/", "标签平滑", "zh/cross-entropy/"),
    ("zh/", "学习率", "zh/exploding-gradients/"),
    ("zh/", "雅可比矩阵", "zh/activations/"),
    ("zh/", "饱和", "zh/vanishing-gradients/"),
    ("", "hinge", "hinge/"),
    ("", "cross entropy", "cross-entropy/"),
    ("", "log loss", "cross-entropy/"),
    ("", "L2 loss", "mse/"),
    ("", "vanishing gradient", "vanishing-gradients/"),
    ("", "Huber", "smooth-l1/"),
])
def test_the_page_about_a_term_comes_first(reader, site_url, start, query, page):
    results = _search(reader, start, query)
    assert results and results[0][0].startswith(site_url + page), [href for href, _, _ in results[:3]]


@pytest.mark.parametrize("start, query", [("", "softmax"), ("zh/", "softmax"), ("", "gradient")])
def test_snippets_read_as_text(reader, start, query):
    results = _search(reader, start, query)
    shown = " ".join(title + " " + text for _, title, text in results)
    # KaTeX's TeX annotation and its MathML copy are not indexed: no "\frac", no "ziz_izi".
    assert "\\" not in shown and "z_i" not in shown and "δ\\delta" not in shown
    assert not re.search(r"[_^]\{", shown)


@pytest.mark.parametrize("start, query, page", [("zh/", "梯度消失", "zh/vanishing-gradients/"),
                                                ("", "log loss", "cross-entropy/")])
def test_search_on_a_phone(reader, site_url, start, query, page):
    results = _search(reader, start, query, width="phone")
    assert results and results[0][0].startswith(site_url + page)
    assert all(href.startswith(site_url + "zh/") == (start == "zh/") for href, _, _ in results)
