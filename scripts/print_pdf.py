"""Print the site as one PDF per language: build/losses-en.pdf and build/losses-zh.pdf.

    python3 scripts/dev.py pdf           # (runs this with the site's and the browser's toolchain)
    python3 scripts/dev.py pdf --site site/   # print an existing build instead of building one

1. Build the site (``mkdocs build --strict``), unless ``--site`` names a build.
2. Assemble one print page per language at the site's root (scripts/print_page.py):
   a cover, the contents, every page in navigation order, links made internal.
3. Print it with Debian's Chromium through Playwright, as the browser tests
   do: A4, page numbers, a tagged PDF with an outline (bookmarks) of the headings.
4. Number the contents: the first print tells on which page each part
   starts (Chromium writes a named destination for every link target); the
   numbers go into slots of fixed width and the page is printed again, and
   the second print must agree with the first.
5. Make the bytes reproducible: the creation and modification dates become
   the source date (scripts/source_date.py), and the ids Chromium gives to
   the structure elements of the tagged PDF (DOM node numbers, which vary from
   run to run) are renumbered in order.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import time
import tomllib
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from playwright.sync_api import sync_playwright
from pypdf import PdfReader

sys.path.insert(0, str(Path(__file__).resolve().parent))
import print_page  # noqa: E402
from source_date import source_date  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
OUTPUT_DIR = ROOT / "build"
LANGUAGES = ("en", "zh")
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]

# Skia writes dates as D:YYYYMMDDHHmmSS+HH'mm' and names structure elements
# (nodeNNNNNNNN); both are replaced by strings of the same length, so the
# cross-reference table's byte offsets stay right.
PDF_DATE = re.compile(rb"/(CreationDate|ModDate) \(D:\d{14}[+-]\d{2}'\d{2}'\)")
STRUCTURE_ID = re.compile(rb"\(node(\d{8})\)")


@dataclass
class PrintedBook:
    language: str
    path: Path
    pages: int
    seconds: float
    # The page on which each part starts, as the contents show it.
    numbers: dict[str, int]


def pdf_name(language: str) -> str:
    return f"losses-{language}.pdf"


def build_site(site_dir: Path) -> None:
    environment = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    environment.pop("LOSSES_OFFLINE", None)
    completed = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean", "--site-dir", str(site_dir)],
        cwd=ROOT, env=environment, capture_output=True, text=True)
    if completed.returncode != 0:
        sys.exit(f"mkdocs build failed:\n{completed.stderr}")


def cover_lines() -> list[str]:
    version = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    return [f"losses {version} · {source_date().date().isoformat()}"]


def start_pages(pdf: bytes, keys: list[str]) -> dict[str, int]:
    """The page (counting from 1) on which each part of the document starts."""
    reader = PdfReader(BytesIO(pdf))
    # Chromium names each destination after the id a link points to: /mse, /mse--api, ...
    destinations = {name.lstrip("/"): target for name, target in reader.named_destinations.items()}
    missing = [key for key in keys if key not in destinations]
    if missing:
        raise RuntimeError(f"the PDF has no destination for {missing}")
    return {key: reader.get_destination_page_number(destinations[key]) + 1 for key in keys}


def reproducible(pdf: bytes) -> bytes:
    date = source_date().strftime("D:%Y%m%d%H%M%S+00'00'").encode()
    pdf, dates = PDF_DATE.subn(lambda match: b"/" + match[1] + b" (" + date + b")", pdf)
    if dates != 2:
        raise RuntimeError(f"expected a CreationDate and a ModDate in Chromium's PDF, found {dates} dates")
    # Keeping the order of the numbers keeps the structure tree's IDTree sorted.
    numbers = sorted({int(match[1]) for match in STRUCTURE_ID.finditer(pdf)})
    renumbered = {number: index for index, number in enumerate(numbers, start=1)}
    return STRUCTURE_ID.sub(lambda match: b"(node%08d)" % renumbered[int(match[1])], pdf)


def print_book(browser, site: Path, language: str, output: Path, numbers: dict[str, int] | None = None) -> PrintedBook:
    """Print one language's book; with ``numbers`` (the contents' page numbers, from an earlier
    print of the same site) the first print, which finds them, is left out."""
    started = time.perf_counter()
    document = site / f"print-{language}.html"
    document.write_text(print_page.assemble(site, language, cover_lines()), encoding="utf-8")
    page = browser.new_page()
    # Everything the print page needs is in the site; a request for anything
    # else would make the PDF depend on the network.
    fetched = []
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file://")
               else (fetched.append(route.request.url), route.abort()))
    try:
        page.goto(document.as_uri())
        if fetched:
            raise RuntimeError(f"the print page asks for files outside the site: {fetched}")
        # Every font the page declares, loaded before the first layout for print: a
        # font first asked for while printing (a KaTeX size that only the print
        # layout uses) would be measured as a fallback in one print and as
        # itself in the next, moving glyphs by a fraction of a point.  A font that
        # cannot load fails the print.
        page.evaluate("Promise.all([...document.fonts].map(face => face.load()))"
                      ".then(() => document.fonts.ready).then(() => true)")
        keys = page.eval_on_selector_all("[data-page-of]", "slots => slots.map(slot => slot.dataset.pageOf)")
        options = dict(prefer_css_page_size=True, print_background=True, tagged=True, outline=True)
        if numbers is None:
            numbers = start_pages(page.pdf(**options), keys)
        page.evaluate("numbers => { for (const [key, number] of Object.entries(numbers)) "
                      "document.querySelector(`[data-page-of='${key}']`).textContent = number; }", numbers)
        pdf = page.pdf(**options)
    finally:
        page.close()
    if start_pages(pdf, keys) != numbers:
        raise RuntimeError("filling in the page numbers moved the pages; widen .print-contents__page")
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_bytes(reproducible(pdf))
    return PrintedBook(language, output, len(PdfReader(output).pages), time.perf_counter() - started, numbers)


def print_books(output_dir: Path = OUTPUT_DIR, site: Path | None = None, work_dir: Path | None = None,
                languages: tuple[str, ...] = LANGUAGES, browser=None,
                numbers: dict[str, dict[str, int]] | None = None) -> list[PrintedBook]:
    """Print each language's book; with `browser` (a Playwright Chromium already running, as in the
    browser tests, where a second Playwright driver cannot start) print with it."""
    if site is None:
        site = (work_dir or output_dir) / "pdf-site"
        build_site(site)
    numbers = numbers or {}
    if browser is not None:
        return [print_book(browser, site.resolve(), language, output_dir / pdf_name(language), numbers.get(language))
                for language in languages]
    with sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            return [print_book(browser, site.resolve(), language, output_dir / pdf_name(language),
                               numbers.get(language)) for language in languages]
        finally:
            browser.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path,
                        help="a built site to print (default: build one); print-en.html and print-zh.html are left in it")
    parser.add_argument("--output-dir", type=Path, default=OUTPUT_DIR,
                        help=f"where the PDFs go (default: {OUTPUT_DIR.relative_to(ROOT)})")
    arguments = parser.parse_args()
    started = time.perf_counter()
    books = print_books(arguments.output_dir.resolve(), site=arguments.site)
    for book in books:
        print(f"{book.path}: {book.pages} pages, {book.path.stat().st_size / 1e6:.2f} MB, "
              f"assembled and printed in {book.seconds:.1f} s")
    print(f"built in {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
