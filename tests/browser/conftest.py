"""Fixtures of the browser suite: the built site, a local server, Chromium, and visits.

Run with `python3 scripts/dev.py browser`.  The site comes from
tests/site_build.py (built once, shared with tests/test_docs.py); Chromium is
Debian's /usr/bin/chromium driven by Playwright, which never downloads one.

    def test_something(visit):
        page = visit("zh/cross-entropy/", width="phone", scheme="dark").page

A visit is a fresh browser context (no stored palette choice), records
console errors, failed responses and every request, and is closed after the
test.  Tests that only read many pages share one visit per width and scheme
(`reader(width, scheme).open(path)`), which keeps the browser's cache warm.
Measurements that a test records with `report(section, line)` are printed at
the end of the run.
"""

from __future__ import annotations

import functools
import http.server
import json
import re
import shutil
import threading
import time
from collections import defaultdict
from pathlib import Path

import pytest
import yaml

from tests.site_build import build_site

playwright = pytest.importorskip("playwright.sync_api")

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
CHROMIUM = "/usr/bin/chromium"
SCREENSHOTS = ROOT / "build" / "screenshots"
# Flags from this machine's probe: no background traffic, no first-run work.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
WIDTHS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
SCHEMES = {"light": "light", "dark": "dark"}
LANGUAGES = ("en", "zh")

ARTICLES = sorted(path.name.rsplit(".", 2)[0] for path in DOCS.glob("*.en.md"))
API_PAGES = sorted(f"api/{path.stem}" for path in (DOCS / "api").glob("*.md"))
PAGES = ARTICLES + API_PAGES
# Pages whose Markdown shows figures (the same in both languages).
# The repository that "view source" and the examples' source links point at (a placeholder until published).
REPOSITORY = re.search(r"^repo_url: (\S+)", (ROOT / "mkdocs.yml").read_text("utf-8"), re.MULTILINE).group(1)
FIGURE_PAGES = sorted(name for name in ARTICLES if "assets/figures/" in (DOCS / f"{name}.en.md").read_text("utf-8"))


class _IgnoreTags(yaml.SafeLoader):
    """Reads mkdocs.yml for its nav; the !ENV and !!python tags do not matter here."""


_IgnoreTags.add_multi_constructor("!", lambda loader, suffix, node: None)
_IgnoreTags.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def navigation_order() -> list[str]:
    """The pages in mkdocs.yml's nav order (index, mse, ..., api/regression): the footer's order."""
    def walk(items):
        for item in items:
            value = next(iter(item.values())) if isinstance(item, dict) else item
            if isinstance(value, list):
                yield from walk(value)
            else:
                yield value.removesuffix(".md")

    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_IgnoreTags)
    return list(walk(config["nav"]))


def url_path(name: str, language: str) -> str:
    prefix = "" if language == "en" else f"{language}/"
    return prefix if name == "index" else f"{prefix}{name}/"


# Measurements of the whole run, one JSON line each, from every test process
# (`scripts/dev.py browser` runs two, pytest-xdist): the process that prints
# the summary reads them all.
MEASUREMENTS = ROOT / "build" / "browser-measurements"


def pytest_sessionstart(session):
    if not hasattr(session.config, "workerinput"):  # the run itself, not one of its worker processes
        shutil.rmtree(MEASUREMENTS, ignore_errors=True)
    MEASUREMENTS.mkdir(parents=True, exist_ok=True)


@pytest.fixture(scope="session")
def report(request):
    """report(section, line): a measurement printed in the summary at the end of the run."""
    worker = getattr(request.config, "workerinput", {}).get("workerid", "main")
    path = MEASUREMENTS / f"{worker}.jsonl"

    def record(section, line, order=0.0):
        """``order``: lines of a section are printed from the smallest order up (heaviest page first, say)."""
        with path.open("a", encoding="utf-8") as lines:
            lines.write(json.dumps({"section": section, "line": line, "order": order}, ensure_ascii=False) + "\n")
    return record


def pytest_terminal_summary(terminalreporter):
    if hasattr(terminalreporter.config, "workerinput"):
        return
    sections = defaultdict(list)
    for path in sorted(MEASUREMENTS.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            measurement = json.loads(line)
            sections[measurement["section"]].append((measurement["order"], measurement["line"]))
    for section, lines in sections.items():
        terminalreporter.write_sep("-", section)
        for _, line in sorted(lines, key=lambda item: item[0]):
            terminalreporter.write_line(line)


@pytest.fixture(scope="session")
def built_site():
    """{"site": Path, "log": str, "seconds": float}: the strict build, made once (tests/site_build.py)."""
    return build_site()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *arguments):
        pass


@pytest.fixture(scope="session")
def site_url(built_site):
    handler = functools.partial(QuietHandler, directory=str(built_site["site"]))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def browser():
    with playwright.sync_playwright() as driver:
        instance = driver.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


def load_every_image(page) -> None:
    """Load now every displayed image that would load lazily once scrolled to (hidden ones stay unloaded)."""
    page.evaluate("""() => document.querySelectorAll('img[loading=lazy]').forEach(image => {
        if (image.offsetParent !== null) image.loading = 'eager';
    })""")
    page.wait_for_function("""() => [...document.images]
        .filter(image => image.offsetParent !== null).every(image => image.complete)""")


class Visit:
    """A page opened in a fresh context, recording console errors, failed responses and every request."""

    def __init__(self, browser, base_url, path=None, *, width="desktop", scheme="light", javascript=True,
                 **context_options):
        self.base_url, self.width = base_url, width
        self.context = browser.new_context(viewport=WIDTHS[width], color_scheme=SCHEMES[scheme],
                                           java_script_enabled=javascript, **context_options)
        self.page = self.context.new_page()
        self.errors, self.requests, self.responses = [], [], []
        self.page.on("console", lambda message: self.errors.append(message.text) if message.type == "error" else None)
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        # Context-wide, so that the search worker's requests count too.
        self.context.on("request", self._on_request)
        self.context.on("response", self._on_response)
        self.context.on("requestfinished", self._on_done)
        self.context.on("requestfailed", self._on_done)
        self._pending, self._last_activity = 0, time.monotonic()
        if path is not None:
            self.open(path)
            self.settle()

    def open(self, path, wait_until="load"):
        """Go to the page `path` of the site (e.g. "zh/mse/") and forget what the previous page recorded."""
        self.errors.clear(), self.requests.clear(), self.responses.clear()
        self.page.goto(self.base_url + path, wait_until=wait_until)
        return self

    def settle(self, quiet: float = 0.25, timeout: float = 15.0):
        """Wait until no request has been open for ``quiet`` seconds (Playwright's "networkidle" waits 0.5 s).

        The local server answers in milliseconds, so a quarter of a second
        without a request means the page has asked for all it asks for on
        its own (the search worker's index included).
        """
        deadline = time.monotonic() + timeout
        while self._pending or time.monotonic() - self._last_activity < quiet:
            if time.monotonic() > deadline:
                raise TimeoutError(f"requests still open after {timeout} s: {self._pending}")
            self.page.wait_for_timeout(25)  # lets Playwright deliver the events meanwhile
        return self

    def _on_request(self, request):
        self.requests.append(request.url)
        self._pending += 1
        self._last_activity = time.monotonic()

    def _on_done(self, request):
        self._pending -= 1
        self._last_activity = time.monotonic()

    def _on_response(self, response):
        self.responses.append(response)
        if response.status >= 400:
            self.errors.append(f"HTTP {response.status} {response.url}")

    def transferred(self) -> dict[str, int]:
        """Bytes of every response body so far, by URL (uncompressed: the local server sends none compressed)."""
        sizes = {}
        for response in self.responses:
            try:
                sizes[response.url] = len(response.body())
            except playwright.Error:  # a redirect or an aborted request has no body
                sizes.setdefault(response.url, 0)
        return sizes

    def load_every_image(self):
        load_every_image(self.page)

    def real_errors(self):
        """The errors, without the console's copy of a failed response (that is recorded as "HTTP status url")."""
        return [error for error in self.errors if not error.startswith("Failed to load resource:")]

    def close(self):
        self.context.close()


@pytest.fixture(scope="session")
def reader(browser, site_url):
    """reader(width, scheme) -> a Visit kept for the whole run; .open(path) goes to a page of the site."""
    readers = {}

    def shared(width="desktop", scheme="light"):
        if (width, scheme) not in readers:
            readers[width, scheme] = Visit(browser, site_url, width=width, scheme=scheme)
        return readers[width, scheme]

    yield shared
    for opened in readers.values():
        opened.close()


@pytest.fixture
def visit(browser, site_url):
    """visit(path, width="desktop"|"phone", scheme="light"|"dark", javascript=True) -> Visit, closed after the test."""
    opened = []

    def open_page(path, **options):
        opened.append(Visit(browser, site_url, path, **options))
        return opened[-1]

    yield open_page
    for item in opened:
        item.close()
