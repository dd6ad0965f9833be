"""The PDFs of scripts/print_pdf.py, read back with poppler (Debian's poppler-utils).

poppler is another PDF reader than the Chromium that wrote them: its page
counts, text and rendering are an independent look at what a reader gets.
Run with `python3 scripts/dev.py browser -k pdf`.
"""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("playwright.sync_api")
pypdf = pytest.importorskip("pypdf")

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
import print_pdf  # noqa: E402
from tests.browser.conftest import navigation_order  # noqa: E402
from source_date import source_date  # noqa: E402

LANGUAGES = print_pdf.LANGUAGES
# A command of the TeX that the pages and formulas use, shown as text: a formula that was not rendered.
TEX_COMMAND = re.compile(r"\\[A-Za-z]+")
CJK_OR_NOT = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]+|[^\u3000-\u303f\u3400-\u9fff\uff00-\uffef]+")


def navigation_keys() -> list[str]:
    """The pages in mkdocs.yml's nav order, as the keys the print page gives them (mse, api-regression, home)."""
    return ["home" if stem == "index" else stem.replace("/", "-") for stem in navigation_order()]


def tex_commands_in_sources() -> set[str]:
    """Every TeX command the site's formulas use: none of them may reach the PDF's text."""
    found = set(TEX_COMMAND.findall((ROOT / "docs" / "snippets" / "formulas.yml").read_text(encoding="utf-8")))
    for source in (ROOT / "docs").rglob("*.md"):
        for math in re.findall(r"\$\$.*?\$\$|\$[^$\n]+\$", source.read_text(encoding="utf-8"), re.DOTALL):
            found |= set(TEX_COMMAND.findall(math))
    return found


def poppler(*command: str) -> str:
    if shutil.which(command[0]) is None:
        pytest.fail(f"{command[0]} is missing: install Debian's poppler-utils (`apt-get install poppler-utils`)")
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout


def page_texts(pdf: Path) -> list[str]:
    """The text layer, one string per page (pdftotext ends each page with a form feed)."""
    return poppler("pdftotext", "-layout", "-enc", "UTF-8", str(pdf), "-").split("\f")[:-1]


@pytest.fixture(scope="module")
def printed(tmp_path_factory, browser):
    work = tmp_path_factory.mktemp("pdf")
    books = print_pdf.print_books(output_dir=work, work_dir=work, browser=browser)
    return {book.language: book for book in books}, work / "pdf-site"


@pytest.fixture(params=LANGUAGES)
def book(request, printed):
    return printed[0][request.param]


def test_page_count_and_metadata(book):
    reader = pypdf.PdfReader(book.path)
    pages = len(reader.pages)
    info = poppler("pdfinfo", str(book.path))
    assert re.search(rf"^Pages:\s+{pages}$", info, re.MULTILINE), "poppler and pypdf disagree on the page count"
    # A cover, the contents, and every page of the site starting on a page of its own.
    assert pages >= 2 + len(navigation_keys())
    # About 80 pages in November 2026; several times that is a layout gone wrong (a page per line, say).
    assert pages < 250
    assert re.search(r"^Page size:\s+594.9\d* x 841.9\d* pts \(A4\)", info, re.MULTILINE)
    assert re.search(r"^Tagged:\s+yes$", info, re.MULTILINE)
    expected_date = source_date().strftime("D:%Y%m%d%H%M%S")
    assert reader.metadata["/CreationDate"].startswith(expected_date)
    assert reader.metadata["/ModDate"].startswith(expected_date)


def test_every_page_in_navigation_order_with_numbered_contents(book):
    reader = pypdf.PdfReader(book.path)
    destinations = {name.lstrip("/"): reader.get_destination_page_number(target) + 1
                    for name, target in reader.named_destinations.items()}
    keys = navigation_keys()
    missing = [key for key in keys if key not in destinations]
    assert not missing, f"pages missing from the PDF: {missing}"
    starts = [destinations[key] for key in keys]
    assert starts == sorted(starts) and len(set(starts)) == len(starts), "pages out of navigation order"
    texts = page_texts(book.path)
    assert "losses" in texts[0]
    # The contents page(s) come before the first article; each line ends with its page number.
    contents = "\n".join(texts[1:starts[0] - 1])
    printed_numbers = [int(number) for number in re.findall(r"(\d+)\s*$", contents, re.MULTILINE)]
    # The last number on the contents pages is the footer's page number.
    assert printed_numbers[:len(keys)] == starts
    # The outline (bookmarks) has the pages and their sections.
    assert len(reader.outline) >= len(keys)


def test_links_between_pages_work_inside_the_pdf(book):
    reader = pypdf.PdfReader(book.path)
    destinations = {name.lstrip("/") for name in reader.named_destinations}
    internal, outside = [], []
    for page in reader.pages:
        for annotation in page.get("/Annots", []):
            annotation = annotation.get_object()
            if annotation.get("/Subtype") != "/Link":
                continue
            if "/Dest" in annotation:
                internal.append(str(annotation["/Dest"]).lstrip("/"))
            else:
                outside.append(annotation["/A"].get("/URI", ""))
    assert [name for name in internal if name not in destinations] == []
    # Links from one page's text to a section of another (mse -> slow-learning, ...), beyond the contents.
    assert len([name for name in internal if "--" in name]) >= 10
    assert [uri for uri in outside if not re.match(r"(https?|mailto):", uri)] == [], "links to files"


def test_no_formula_source_in_the_text(book):
    text = "\n".join(page_texts(book.path))
    for delimiter in ("$$", "\\(", "\\)", "\\[", "\\]", "[[formula"):
        assert delimiter not in text
    commands = tex_commands_in_sources()
    assert "\\frac" in commands  # the sources are read
    leaked = sorted(set(TEX_COMMAND.findall(text)) & commands)
    assert leaked == [], f"TeX shown as text: {leaked}"


def font_names(reader) -> set[str]:
    """The fonts the pages use, without the subset prefix (AAAAAA+).

    Skia embeds the OpenType (CFF) Noto CJK glyphs as Type 3 fonts, which
    poppler lists as [none]; their descriptor still names the font.
    """
    names = set()
    for page in reader.pages:
        for font in page["/Resources"].get("/Font", {}).values():
            font = font.get_object()
            if "/DescendantFonts" in font:
                font = font["/DescendantFonts"][0].get_object()
            descriptor = font.get("/FontDescriptor")
            name = descriptor.get_object()["/FontName"] if descriptor else font.get("/BaseFont", "")
            names.add(str(name).lstrip("/").split("+")[-1])
    return names


def test_fonts_embedded(book):
    for line in poppler("pdffonts", str(book.path)).splitlines()[2:]:
        assert re.search(r"\byes\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+$", line), f"a font that is not embedded: {line}"
    names = font_names(pypdf.PdfReader(book.path))
    assert {"KaTeX_Main-Regular", "KaTeX_Math-Italic"} <= names
    if book.language == "zh":
        # The Chinese text is set in Noto Sans CJK (Debian's fonts-noto-cjk), not a fallback.
        assert any(name.startswith("NotoSansCJKsc") for name in names), names
        assert not any("WenQuanYi" in name for name in names)
        assert "均方误差" in "".join(page_texts(book.path))


def test_code_is_wrapped_not_cut(book, printed):
    """Every line of every code block is in the text; text cut off at the page edge would be missing."""
    from selectolax.lexbor import LexborHTMLParser

    site = printed[1]
    page = LexborHTMLParser((site / f"print-{book.language}.html").read_text(encoding="utf-8"))
    # Page footers (a number on a line of its own) and line breaks come between the pieces of a wrapped line.
    pages = [re.sub(r"\n\s*\d+\s*$", "", text) for text in page_texts(book.path)]
    flat = re.sub(r"\s+", "", "".join(pages)).replace("\u200b", "")
    code_lines = [re.sub(r"\s+", "", line) for block in page.css("pre") for line in block.text().splitlines()]
    code_lines = [line for line in code_lines if line]
    assert len(code_lines) > 100
    # A Chinese comment in a code line is set in the CJK font, which the text layer
    # orders apart from the code font's text: each run of one script must be there.
    runs = [(line, run) for line in code_lines for run in CJK_OR_NOT.findall(line)]
    assert [line for line, run in runs if run not in flat] == []


@pytest.mark.parametrize("which", ["cover", "contents", "first article", "middle", "last"])
def test_rendered_pages_are_not_blank(book, which, tmp_path):
    reader = pypdf.PdfReader(book.path)
    count = len(reader.pages)
    first_article = reader.get_destination_page_number(reader.named_destinations["/home"]) + 1
    number = {"cover": 1, "contents": 2, "first article": first_article, "middle": count // 2, "last": count}[which]
    prefix = tmp_path / "page"
    poppler("pdftoppm", "-r", "40", "-gray", "-singlefile", "-f", str(number), "-l", str(number),
            str(book.path), str(prefix))
    pixels = read_pgm(prefix.with_suffix(".pgm"))
    assert pixels.shape[0] > pixels.shape[1] > 200  # portrait A4 at 40 dpi
    # Anything but white: even a page with a single line of code has its grey box.
    ink = np.mean(pixels < 250)
    assert ink > 0.002, f"page {number} ({which}) is blank"
    assert ink < 0.5, f"page {number} ({which}) is mostly dark"


def read_pgm(path: Path) -> np.ndarray:
    """A binary greyscale image as pdftoppm -gray writes it: P5, width, height, 255, then the bytes."""
    data = path.read_bytes()
    magic, width, height, maximum, pixels = re.match(rb"(P5)\s+(\d+)\s+(\d+)\s+(\d+)\s(.*)", data, re.DOTALL).groups()
    return np.frombuffer(pixels, dtype=np.uint8).reshape(int(height), int(width))


def test_printing_again_gives_the_same_bytes(printed, tmp_path, browser):
    """Chromium, then print_pdf's fixes, make the same bytes from the same site (Chinese: the larger one).

    The print page is opened again in a new tab, its fonts loaded again, and
    printed with the page numbers the first print found (finding them again is
    the same print once more).
    """
    books, site = printed
    again = print_pdf.print_books(output_dir=tmp_path, site=site, languages=("zh",), browser=browser,
                                  numbers={"zh": books["zh"].numbers})[0]
    assert again.path.read_bytes() == books["zh"].path.read_bytes()
