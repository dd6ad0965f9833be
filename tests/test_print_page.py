"""scripts/print_page.py on a small hand-made site: order, ids and links of the assembled print page.

The real site is printed and read back by tests/browser/test_pdf.py; this
checks the rewriting rules one by one, for both kinds of build (folder URLs
and the offline bundle's .html files), without a browser.
"""

import sys
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
import print_page  # noqa: E402

NAVIGATION = """
<nav class="md-nav md-nav--primary"><ul class="md-nav__list">
  <li class="md-nav__item"><a href="{home}" class="md-nav__link"><span class="md-ellipsis">Home</span></a></li>
  <li class="md-nav__item md-nav__item--section">
    <label class="md-nav__link"><span class="md-ellipsis">Losses</span></label>
    <nav class="md-nav"><ul class="md-nav__list">
      <li class="md-nav__item"><a href="{mse}" class="md-nav__link"><span class="md-ellipsis">Mean squared error</span></a></li>
      <li class="md-nav__item"><a href="{api}" class="md-nav__link"><span class="md-ellipsis">losses.regression</span></a></li>
    </ul></nav>
  </li>
</ul></nav>"""
PAGE = """<!doctype html><html lang="en"><head>
<meta name="description" content="Loss functions.">
<link rel="stylesheet" href="{up}assets/stylesheets/main.css"></head>
<body dir="ltr"><header><div class="md-header__topic"><span class="md-ellipsis">losses</span></div></header>
{navigation}
<article class="md-content__inner md-typeset">{content}</article>
<div class="md-copyright__highlight">Text CC BY 4.0</div></body></html>"""
CONTENT = {
    "home": '<h1 id="welcome">Welcome<a class="headerlink" href="#welcome">¶</a></h1>'
            '<p><a href="{mse}#definition">the definition</a>, <a href="https://example.org/">elsewhere</a></p>',
    "mse": '<h1 id="mean-squared-error">Mean squared error</h1><h2 id="definition">Definition</h2>'
           '<p><a href="#definition">here</a>, <a href="{api}#losses.regression.mse">mse</a></p>'
           '<p><a class="glightbox" href="{up}assets/figures/mse.svg"><img src="{up}assets/figures/mse.svg" alt="plot"></a></p>'
           '<figure><img src="{up}assets/figures/residual.svg" alt="static" loading="lazy"></figure>'
           '<div class="losses-widget" data-widget="residual" data-replaces="residual"></div>'
           '<details class="note"><summary>Note</summary><p>folded</p></details>',
    "api": '<h1 id="losses.regression">losses.regression</h1><h2 id="losses.regression.mse">mse</h2>'
           '<p><a href="{home_from_api}">home</a></p>',
}
LAYOUTS = {
    # file of each page, and how the page at `source` links to the page at `target`
    "folders": {"home": "index.html", "mse": "mse/index.html", "api": "api/regression/index.html"},
    "files": {"home": "index.html", "mse": "mse.html", "api": "api/regression.html"},
}


def link(layout: str, source: str, target: str) -> str:
    files = LAYOUTS[layout]
    depth = files[source].count("/")
    if layout == "folders":
        folder = files[target].removesuffix("index.html")
        return "../" * depth + folder if folder or depth else "./"
    return "../" * depth + files[target]


def write_site(root: Path, layout: str) -> None:
    for name, path in LAYOUTS[layout].items():
        up = "../" * path.count("/")
        navigation = NAVIGATION.format(**{key: link(layout, name, key) for key in ("home", "mse", "api")})
        content = CONTENT[name].format(
            up=up, **{key: link(layout, name, key) for key in ("mse", "api")},
            home_from_api=link(layout, name, "home"))
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(PAGE.format(up=up, navigation=navigation, content=content), encoding="utf-8")


@pytest.fixture(params=sorted(LAYOUTS))
def assembled(request, tmp_path):
    write_site(tmp_path, request.param)
    return LexborHTMLParser(print_page.assemble(tmp_path, "en", ["losses 0.1.0"]))


def test_pages_in_navigation_order_with_contents(assembled):
    assert [node.attrs["id"] for node in assembled.css("article.print-page")] == ["home", "mse", "api-regression"]
    contents = [node.attrs["href"] for node in assembled.css(".print-contents a")]
    assert contents == ["#home", "#mse", "#api-regression"]
    assert assembled.css_first(".print-contents__section > span").text() == "Losses"
    assert assembled.css_first(".print-cover__name").text() == "losses"
    assert 'href="assets/stylesheets/main.css"' in assembled.html


def test_ids_are_unique_and_every_internal_link_has_a_target(assembled):
    ids = [node.attrs["id"] for node in assembled.css("[id]")]
    assert len(ids) == len(set(ids))
    assert "mse--definition" in ids and "api-regression--losses.regression.mse" in ids
    internal = [node.attrs["href"][1:] for node in assembled.css('a[href^="#"]')]
    assert internal and set(internal) <= set(ids)


def test_links_between_pages_become_links_inside_the_document(assembled):
    hrefs = {node.text(): node.attrs["href"] for node in assembled.css("article a[href]")}
    assert hrefs == {
        "the definition": "#mse--definition",
        "elsewhere": "https://example.org/",
        "here": "#mse--definition",
        "mse": "#api-regression--losses.regression.mse",
        "home": "#home",
    }


def test_figures_keep_their_image_but_lose_the_link_to_the_file(assembled):
    image = assembled.css_first("article img")
    assert image.attrs["src"] == "assets/figures/mse.svg"
    assert image.parent.tag == "p"
    assert assembled.css("a.headerlink") == []
    assert "open" in assembled.css_first("details").attrs


def test_static_figures_are_printed_instead_of_the_interactive_ones(assembled):
    # The placeholder would hide the figure before it (widgets.css) and print an empty box;
    # a lazy image might not be fetched before printing.
    assert assembled.css(".losses-widget") == []
    image = assembled.css_first('article img[alt="static"]')
    assert image.attrs["src"] == "assets/figures/residual.svg"
    assert "loading" not in image.attrs


@pytest.mark.parametrize("base, href, expected", [
    ("zh/mse/index.html", "../", ("zh/index.html", "")),
    ("zh/mse/index.html", "../api/regression/#losses.regression.mse",
     ("zh/api/regression/index.html", "losses.regression.mse")),
    ("mse.html", "api/regression.html#x", ("api/regression.html", "x")),
    ("index.html", "./", ("index.html", "")),
    ("mse/index.html", "#definition", ("mse/index.html", "definition")),
    ("mse/index.html", "https://example.org/", None),
    ("index.html", "../outside.html", None),
])
def test_resolve(base, href, expected):
    assert print_page.resolve(base, href) == expected


def test_page_keys():
    assert print_page.page_key("zh/api/regression/index.html", "zh") == "api-regression"
    assert print_page.page_key("zh/index.html", "zh") == "home"
    assert print_page.page_key("mse.html", "en") == "mse"
