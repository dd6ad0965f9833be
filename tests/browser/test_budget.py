"""The performance budget of issue 9, measured and printed at the end of the browser suite.

* First visit to any article page (measured by the screenshot tests, which
  open each page afresh once): at most 600 KB, uncompressed, counting
  every response (HTML, theme, KaTeX, fonts, the figures in view, search
  worker and its lunr files), except the search index that the worker
  fetches in the background.  Figures further down load lazily, when the
  reader comes near them: what reading the page to its end costs, every
  figure loaded, is printed too, as is the weight of the API pages (long
  reference pages, outside the article budget).
* The search index of each language: at most 150 KB.
* No source maps and no lunr language files that no search loads.
* The build: its time is printed (a measurement, not an assertion: this
  machine's load decides it).
"""

import json
import re
from collections import defaultdict

from tests.browser.conftest import LANGUAGES, url_path

PAGE_BUDGET = 600 * 1024
INDEX_BUDGET = 150 * 1024


FIRST_VISIT = "first visit (KB, uncompressed, without the search index)"
READ_TO_THE_END = "read to the end, every figure loaded (KB, uncompressed)"


def _kind(url: str) -> str:
    return ("HTML" if url.endswith("/") else "figures" if "/figures/" in url else "KaTeX" if "katex" in url
            else "search worker" if ("/workers/" in url or "/lunr/" in url) else "theme")


def check_first_visit(name, language, arrival: dict[str, int], report) -> None:
    """The weight of a first visit to a page (``arrival``: bytes by URL), within budget for an article.

    Called by the screenshot test of the page at desktop width in the light
    scheme, which opens it in a fresh browser context for that purpose (one
    visit of each page less than measuring it here).
    """
    counted = {url: size for url, size in arrival.items() if not url.endswith("/search_index.json")}
    total = sum(counted.values())
    kinds = defaultdict(int)
    for url, size in counted.items():
        kinds[_kind(url)] += size
    parts = ", ".join(f"{kind} {size / 1024:.0f}" for kind, size in sorted(kinds.items(), key=lambda k: -k[1]))
    report(FIRST_VISIT, f"{language} {name}: {total / 1024:.0f} KB in {len(counted)} requests ({parts})", -total)
    # Material's worker and its lunr files wait for the reader's first query (search-words.js).
    loaded = [url for url in arrival if "/lunr/" in url or re.search(r"/workers/search\.\w+\.min\.js", url)]
    assert not loaded, loaded
    if not name.startswith("api/"):  # long reference pages are reported, outside the article budget
        assert total <= PAGE_BUDGET, f"{language} {name}: {total / 1024:.0f} KB on a first visit"


def check_reading_to_the_end(name, language, arrival: dict[str, int], read: dict[str, int], report) -> None:
    """What reading the page to its end costs, every figure loaded: a measurement, never lighter than arriving."""
    def weight(sizes):
        return sum(size for url, size in sizes.items() if not url.endswith("/search_index.json"))

    report(READ_TO_THE_END, f"{language} {name}: {weight(read) / 1024:.0f} KB", -weight(read))
    assert weight(read) >= weight(arrival)


def _first_visit(browser, site_url, name, language):
    from tests.browser.conftest import Visit

    opened = Visit(browser, site_url, url_path(name, language))
    try:
        return opened.transferred()
    finally:
        opened.close()


def test_each_language_searches_a_small_index_of_its_own(built_site, browser, site_url, report):
    site = built_site["site"]
    for language in LANGUAGES:
        path = site / ("" if language == "en" else language) / "search" / "search_index.json"
        size = path.stat().st_size
        documents = len(json.loads(path.read_text(encoding="utf-8"))["docs"])
        report("search index", f"{language}: {size / 1024:.0f} KB, {documents} sections")
        assert size <= INDEX_BUDGET
        # The page of that language fetched exactly this index.
        fetched = [url for url in _first_visit(browser, site_url, "index", language)
                   if url.endswith("/search_index.json")]
        assert fetched == [site_url + path.relative_to(site).as_posix()]


def test_no_source_maps_or_unused_language_files(built_site, visit, report):
    site = built_site["site"]
    assert list(site.rglob("*.map")) == []
    for asset in list(site.rglob("*.js")) + list(site.rglob("*.css")):
        assert "sourceMappingURL" not in asset.read_text(encoding="utf-8"), asset
    used = set()
    for start in ("", "zh/"):
        opened = visit(start)
        page = opened.page
        page.keyboard.press("/")
        page.locator("input.md-search__input").fill("softmax")
        page.locator("input.md-search__input").press("End")
        page.locator(".md-search-result__item").first.wait_for()
        used |= {url.rsplit("/", 1)[1] for url in opened.requests if "/lunr/" in url}
    shipped = {path.name for path in (site / "assets" / "javascripts" / "lunr").rglob("*.js")}
    assert shipped == used, f"lunr files no search loads: {shipped - used}"
    shipped = sorted(shipped)
    size = sum(path.stat().st_size for path in site.rglob("*") if path.is_file())
    report("built site", f"{size / 1024 / 1024:.1f} MB in {sum(1 for _ in site.rglob('*'))} files; "
                         f"lunr files shipped: {', '.join(shipped)}")


def test_build_time_is_reported(built_site, report):
    mkdocs = re.search(r"Documentation built in ([\d.]+) seconds", built_site["log"])
    assert mkdocs, built_site["log"]
    report("build", f"mkdocs build --strict, both languages: {built_site['seconds']:.1f} s wall clock "
                    f"(MkDocs reports {float(mkdocs.group(1)):.1f} s), {built_site.get('cpu_seconds', 0):.1f} s of "
                    f"processor time; budget 5 s (measured when the site was last built, on a machine as loaded "
                    f"as it was then)")
