"""The performance budget of issue 9, measured and printed at the end of the browser suite.

* First visit to any article page: at most 600 KB, uncompressed, counting
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

import pytest

from tests.browser.conftest import LANGUAGES, PAGES, url_path

PAGE_BUDGET = 600 * 1024
INDEX_BUDGET = 150 * 1024


@pytest.fixture(scope="module")
def visits(browser, site_url, built_site):
    """{(page, language): ({url: bytes} on arrival, {url: bytes} with every figure loaded)}, at desktop width."""
    from tests.browser.conftest import Visit

    measured = {}
    for language in LANGUAGES:
        for name in PAGES:
            opened = Visit(browser, site_url, url_path(name, language))
            try:
                arrival = opened.transferred()
                opened.load_every_image()
                opened.page.wait_for_load_state("networkidle")
                measured[name, language] = arrival, opened.transferred()
            finally:
                opened.close()
    return measured


@pytest.fixture(scope="module")
def first_visits(visits):
    return {key: arrival for key, (arrival, _) in visits.items()}


def test_first_visit_to_every_page_is_within_budget(first_visits, site_url, report):
    totals = {}
    for (name, language), sizes in first_visits.items():
        counted = {url: size for url, size in sizes.items() if not url.endswith("/search_index.json")}
        totals[name, language] = (sum(counted.values()), len(counted), counted)
    heaviest = sorted(totals.items(), key=lambda item: -item[1][0])
    for (name, language), (total, requests, counted) in heaviest[:6]:
        kinds = {}
        for url, size in counted.items():
            kind = ("HTML" if url.endswith("/") else "figures" if "/figures/" in url else "KaTeX" if "katex" in url
                    else "search worker" if ("/workers/" in url or "/lunr/" in url) else "theme")
            kinds[kind] = kinds.get(kind, 0) + size
        parts = ", ".join(f"{kind} {size / 1024:.0f}" for kind, size in sorted(kinds.items(), key=lambda k: -k[1]))
        report("first visit (KB, uncompressed, without the search index)",
               f"{language} {name}: {total / 1024:.0f} KB in {requests} requests ({parts})")
    lightest = heaviest[-1]
    report("first visit (KB, uncompressed, without the search index)",
           f"... lightest: {lightest[0][1]} {lightest[0][0]}: {lightest[1][0] / 1024:.0f} KB")
    over = {key: round(total / 1024) for key, (total, _, _) in totals.items()
            if total > PAGE_BUDGET and not key[0].startswith("api/")}
    assert not over, f"article pages over {PAGE_BUDGET // 1024} KB on a first visit: {over}"


def test_reading_to_the_end_is_reported(visits, report):
    # A measurement: the figures far down a page load only if the reader gets there.
    ends = {key: sum(size for url, size in read.items() if not url.endswith("/search_index.json"))
            for key, (_, read) in visits.items()}
    for (name, language), total in sorted(ends.items(), key=lambda item: -item[1])[:6]:
        report("read to the end, every figure loaded (KB, uncompressed)", f"{language} {name}: {total / 1024:.0f} KB")
    # Loading the figures never makes a page lighter: the two measurements are of the same visit.
    assert all(ends[key] >= sum(size for url, size in visits[key][0].items()
                                if not url.endswith("/search_index.json")) for key in ends)


def test_each_language_searches_a_small_index_of_its_own(built_site, first_visits, site_url, report):
    site = built_site["site"]
    for language in LANGUAGES:
        path = site / ("" if language == "en" else language) / "search" / "search_index.json"
        size = path.stat().st_size
        documents = len(json.loads(path.read_text(encoding="utf-8"))["docs"])
        report("search index", f"{language}: {size / 1024:.0f} KB, {documents} sections")
        assert size <= INDEX_BUDGET
        # The page of that language fetched exactly this index.
        fetched = [url for url in first_visits["index", language] if url.endswith("/search_index.json")]
        assert fetched == [site_url + path.relative_to(site).as_posix()]


def test_search_machinery_loads_with_the_first_search(first_visits):
    # Material's worker and its lunr files wait for the reader's first query (search-words.js).
    for (name, language), sizes in first_visits.items():
        loaded = [url for url in sizes if "/lunr/" in url or re.search(r"/workers/search\.\w+\.min\.js", url)]
        assert not loaded, (name, language, loaded)


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
