"""What the browser tests share: the built site on a local server, one Chromium, and a page visit.

Moved here from test_site.py so that every test module of this folder uses the
same site build and the same browser (two Playwright drivers cannot run in one
process).
"""

import functools
import http.server
import subprocess
import sys
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
SCREENSHOTS = ROOT / "build" / "screenshots"
# Flags from this machine's probe: no background traffic, no first-run work.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="session")
def site_url(tmp_path_factory):
    site = tmp_path_factory.mktemp("site")
    completed = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
                               cwd=ROOT, capture_output=True, text=True)
    assert completed.returncode == 0, completed.stderr
    handler = functools.partial(QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *arguments):
        pass


@pytest.fixture(scope="session")
def browser():
    # Imported here: without Playwright the test modules skip themselves, and this file must still import.
    from playwright.sync_api import sync_playwright
    with sync_playwright() as driver:
        instance = driver.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


class Visit:
    """A page opened in a fresh context, recording console errors and every request."""

    def __init__(self, browser, url, **context_options):
        self.context = browser.new_context(viewport={"width": 1280, "height": 900}, **context_options)
        self.page = self.context.new_page()
        self.errors, self.requests = [], []
        self.page.on("console", lambda message: self.errors.append(message.text) if message.type == "error" else None)
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on("response", self._on_response)
        self.page.goto(url)
        self.page.wait_for_load_state("networkidle")

    def _on_response(self, response):
        # Material's language selector looks for a sitemap.xml beside each
        # alternate page; with mkdocs-static-i18n those do not exist.  The 404
        # is expected and harmless; every other failed response is an error.
        if response.status >= 400 and not response.url.endswith("/sitemap.xml"):
            self.errors.append(f"HTTP {response.status} {response.url}")

    def real_errors(self):
        return [error for error in self.errors
                if not error.startswith("Failed to load resource: the server responded with a status of 404")]

    def close(self):
        self.context.close()
