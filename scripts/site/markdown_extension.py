"""The site's build-time transforms, as one Python-Markdown extension.

It is registered in mkdocs.yml as ``scripts.site.markdown_extension``.  That
name imports when the build runs from the repository root with
``python -m mkdocs ...`` (as scripts/dev.py and the tests run it): ``-m`` puts
the current folder on sys.path, and ``scripts`` and ``scripts.site`` are
namespace packages, so the folder name never collides with the standard
library's ``site`` module.  Nothing here needs MkDocs, so any tool that runs
Python-Markdown extensions (Zensical) can use it.

What it does to a page, in this order:

1. Joins lines broken inside Chinese text: the source wraps lines for
   readable diffs, and a line break between two CJK characters would show as
   a space.
2. Puts a "run in CI" badge under each ```pycon session written on the page
   (the test suite runs those too), when hooks.py has named the page on its
   first line (``[[page:LANG:PATH]]``).
3. Expands markers written on a line of their own.  Every marker whose output
   has words names the page's language, because an extension cannot know it:

   ``[[formula:NAME]]``      the display formula NAME (the same TeX in both languages):
                             a public function's docstring formula (``NAME#2`` its
                             second), or a hyphenated step of a derivation
   ``[[glossary:LANG]]``, ``[[crossref:LANG]]``, ``[[accuracy:LANG]]``,
   ``[[accuracy-grids:LANG]]``, ``[[benchmark:LANG]]``, ``[[memory:LANG]]``
                             the generated tables

   and, within a sentence, ``[[claim:NAME]]`` (a number measured from another
   framework) and ``[[versions]]`` (the versions it was measured with).
   ``[[example:NAME:LANG]]`` the executed example docs/snippets/examples/NAME.md,
                             with its code comments in LANG and a badge saying
                             that the test suite runs it

   Where the content comes from is sources.py's business.
4. Shows each figure of assets/figures/ as a light and a dark picture, each
   with a phone-sized variant; the page's colour scheme decides which one is
   displayed, and only the displayed one is downloaded (loading="lazy").
5. Lets code in table cells break only after ``.``, ``(``, ``,`` and ``=``, never
   inside a name, and labels each cell of a wide table with its column's
   name, for the one-card-per-row layout of phones.
6. Renders every formula (``$...$`` and ``$$...$$`` as marked up by
   pymdownx.arithmatex in generic mode: body, tables, captions, admonition
   titles, docstrings) to HTML and MathML with KaTeX.
"""

from __future__ import annotations

import html
import io
import re
import tokenize
import xml.etree.ElementTree as etree
from pathlib import Path

from markdown import Extension
from markdown.postprocessors import Postprocessor
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor

from scripts.site import sources
from scripts.site.katex import renderer

CJK = "\u3000-\u303f\u3400-\u9fff\uff00-\uffef"
# A break between two Chinese characters, also where the next line is indented
# (a list item's continuation) or one side is bold (**...**).
CJK_LINE_BREAK = re.compile(f"(?:(?<=[{CJK}])|(?<=[{CJK}]\\*\\*))\n[ \t]*(?=[{CJK}]|\\*\\*[{CJK}])")
FORMULA_LINE = re.compile(r"^(?P<indent>[ \t]*)\[\[formula:(?P<name>[\w.#-]+)\]\][ \t]*$", re.MULTILINE)
TABLE_LINE = re.compile(r"^\[\[(?P<table>glossary|crossref|accuracy-grids|accuracy|benchmark|memory)"
                        r"(?::(?P<language>\w+))?\]\][ \t]*$", re.MULTILINE)
NOT_SEARCHED = {"accuracy", "accuracy-grids", "benchmark", "memory", "glossary"}
EXAMPLE_LINE = re.compile(r"^\[\[example:(?P<name>[\w-]+)(?::(?P<language>\w+))?\]\][ \t]*$", re.MULTILINE)
SNIPPET_LINE = re.compile(r"^[ \t]*--8<--", re.MULTILINE)
# Put first on a page by hooks.py (MkDocs knows the page; an extension does not).
PAGE_LINE = re.compile(r"\A\[\[page:(?P<language>\w+):(?P<path>[^\]]+)\]\]\n")
# A ```pycon session written on the page itself: the test suite runs it (Sybil) as it runs the examples.
SESSION_BLOCK = re.compile(r"^(?P<indent>[ \t]*)```pycon[^\n]*\n.*?^(?P=indent)```[ \t]*$", re.MULTILINE | re.DOTALL)
PROMPT = re.compile(r"^(>>> |\.\.\. )")
# What pymdownx.arithmatex (generic mode) emits.
INLINE_MATH = re.compile(r'<span class="arithmatex">\\\((?P<tex>.*?)\\\)</span>', re.DOTALL)
DISPLAY_MATH = re.compile(r'<div class="arithmatex">\\\[(?P<tex>.*?)\\\]</div>', re.DOTALL)
FIGURE_SOURCE = re.compile(r"^(?P<folder>(?:\.\./)*assets/figures/)(?P<name>[\w-]+)\.svg$")
SVG_SIZE = re.compile(r'<svg[^>]*?\bwidth="(?P<width>[\d.]+)pt"[^>]*?\bheight="(?P<height>[\d.]+)pt"')
# A phone shows the narrow, stacked variant of a figure up to this width.
PHONE_MEDIA = "(max-width: 600px)"
SESSION_OUTPUT = re.compile(r'(<span class="go">[^<]*)</span>\n')
NUMBER_CELL = re.compile(r"^[-−+]?(\d[\d.,]*(e[-+]?\d+)?|∞)(\s*\w{0,2}\s*/\s*[\d.]+\s*\w{0,2})?\s*\w{0,2}$")
CODE_BREAK_AFTER = re.compile(r"(?<=[.(,=])(?=[^\s.(),=])")
QUOTED = re.compile(r'"([^"]*)"')

BADGE = {
    "en": "Run in CI, output checked",
    "zh": "已在 CI 中运行，输出经过核对",
}


class SiteMarkdownError(ValueError):
    """A page uses a marker wrongly; the message says how to fix it."""


def _language(marker: str, language: str | None) -> str:
    if language not in sources.LANGUAGES:
        raise SiteMarkdownError(f"{marker} must name the page's language, for example "
                                f"{marker[:-2]}:zh]] on a Chinese page (one of {', '.join(sources.LANGUAGES)})")
    return language


def translate_comments(code: str, language: str, where: str) -> str:
    """Put the comments of a ```pycon block's input lines into `language`."""
    if language == "en":
        return code
    translations = sources.code_comment_translations(language)
    lines = []
    for line in code.splitlines():
        prompt = PROMPT.match(line)
        if prompt:
            source = line[prompt.end():]
            comment = _comment(source)
            if comment is not None:
                column, text = comment
                if text not in translations:
                    raise SiteMarkdownError(
                        f"{where}: no {language} translation of the code comment {text!r}: "
                        f"add it to {sources.CODE_COMMENTS.relative_to(sources.ROOT)}")
                line = prompt.group(0) + source[:column] + "# " + translations[text]
        lines.append(line)
    return "\n".join(lines) + ("\n" if code.endswith("\n") else "")


def _comment(source: str) -> tuple[int, str] | None:
    """The column and text of the comment on one line of Python, if there is one."""
    try:
        for token in tokenize.generate_tokens(io.StringIO(source).readline):
            if token.type == tokenize.COMMENT:
                return token.start[1], token.string[1:].strip()
    except (tokenize.TokenError, SyntaxError):
        pass  # a line that continues on the next one: its comment, if any, came before the error
    return None


class MarkerPreprocessor(Preprocessor):
    def __init__(self, md, extension):
        super().__init__(md)
        self.extension = extension

    def run(self, lines):
        text = CJK_LINE_BREAK.sub("", "\n".join(lines))
        if SNIPPET_LINE.search(text):
            raise SiteMarkdownError("--8<-- includes are not used on this site: write [[example:NAME:LANG]] "
                                    "for docs/snippets/examples/NAME.md")
        page = PAGE_LINE.match(text)
        if page:
            text = text[page.end():]
            text = SESSION_BLOCK.sub(lambda match: self._badged(match, page["language"], "docs/" + page["path"]),
                                     text)
        text = TABLE_LINE.sub(self._table, text)
        language = page["language"] if page else "en"
        text = sources.with_claims(text, language)  # after the tables: a cross-reference note may state a claim
        text = FORMULA_LINE.sub(lambda match: self._formula(match, language), text)
        text = EXAMPLE_LINE.sub(self._example, text)
        return text.split("\n")

    @staticmethod
    def _table(match):
        language = _language(f"[[{match['table']}]]", match["language"])
        table = sources.TABLES[match["table"]](language)
        if match["table"] in NOT_SEARCHED:
            # Columns of measured numbers are nothing a reader searches for, and each
            # glossary term is a search keyword of the page about it (hooks.py): left
            # out, they keep each language's search index small.
            return f'<div markdown="1" data-search-exclude>\n\n{table}\n\n</div>'
        return table

    @staticmethod
    def _formula(match, language):
        body = sources.formula_in(match["name"], language).splitlines()
        return "\n".join(match["indent"] + line for line in ["$$", *body, "$$"])

    def _example(self, match):
        name = match["name"]
        language = _language(f"[[example:{name}]]", match["language"])
        code = translate_comments(sources.example_source(name), language, f"example {name!r}")
        path = sources.example_path(name).relative_to(sources.ROOT).as_posix()
        return f"{code.rstrip()}\n\n{self._badge(language, path)}\n"

    def _badged(self, match, language, path):
        return f"{match.group(0)}\n\n{match['indent']}{self._badge(language, path)}"

    def _badge(self, language, path):
        """"Run in CI" and a link to the file the session is written in."""
        source_url = self.extension.getConfig("source_url")
        shown = path.removeprefix("docs/snippets/")
        label = f'<a href="{html.escape(source_url + path)}">{html.escape(shown)}</a>' if source_url else shown
        return f'<p class="executed-example" lang="{language}">{BADGE[language]} · {label}</p>'


class FigureTreeprocessor(Treeprocessor):
    """<img src=".../assets/figures/NAME.svg"> becomes a light and a dark <picture>, each with a phone source."""

    def __init__(self, md, figures_dir: Path):
        super().__init__(md)
        self.figures_dir = figures_dir

    def run(self, root):
        for parent in list(root.iter()):
            for index, child in enumerate(list(parent)):
                if child.tag == "img":
                    found = FIGURE_SOURCE.match(child.get("src", ""))
                    if found and self._has_variants(found["name"]):
                        self._replace(parent, index, child, found["folder"], found["name"])

    def _has_variants(self, name):
        return all((self.figures_dir / f"{name}{suffix}.svg").exists()
                   for suffix in ("", ".dark", ".phone", ".phone.dark"))

    def _size(self, file_name):
        found = SVG_SIZE.search((self.figures_dir / file_name).read_text(encoding="utf-8")[:2000])
        # SVG sizes are in points; CSS pixels are 4/3 of a point.
        return str(round(float(found["width"]) * 4 / 3)), str(round(float(found["height"]) * 4 / 3))

    def _replace(self, parent, index, image, folder, name):
        tail, image.tail = image.tail, None
        parent.remove(image)
        for position, scheme in enumerate(("light", "dark")):
            suffix = "" if scheme == "light" else ".dark"
            link = etree.Element("a", {"class": f"figure-{scheme}", "href": f"{folder}{name}{suffix}.svg"})
            picture = etree.SubElement(link, "picture")
            phone = f"{name}.phone{suffix}.svg"
            width, height = self._size(phone)
            etree.SubElement(picture, "source", {"media": PHONE_MEDIA, "srcset": folder + phone,
                                                 "width": width, "height": height})
            width, height = self._size(f"{name}{suffix}.svg")
            etree.SubElement(picture, "img", {"src": f"{folder}{name}{suffix}.svg", "alt": image.get("alt", ""),
                                              "width": width, "height": height, "loading": "lazy",
                                              "decoding": "async"})
            parent.insert(index + position, link)
        link.tail = tail


class TableTreeprocessor(Treeprocessor):
    """Tables that read on a phone, with code that never breaks inside a name.

    Code in a cell may wrap after `.`, `(`, `,` or `=` (a <wbr>; see site.css) and
    nowhere else.  Each cell of a table of three or more columns gets its
    column's name as data-label, and the table a data-cards layout for
    site.css: one card per row on a phone ("phone"), or everywhere
    ("always") for a table of calls, whose code needs more width than its
    columns can give (four or more columns of code).  A table of numbers
    stays a grid, which scrolls: numbers are read across columns.
    """

    def run(self, root):
        for table in root.iter("table"):
            header = [self._text(cell) for cell in table.iter("th")]
            rows = [[cell for cell in row if cell.tag == "td"] for row in table.iter("tr")]
            first = next((row for row in rows if row), [])
            numbers = sum(1 for cell in first[1:] if NUMBER_CELL.match(self._text(cell)))
            if len(header) >= 3 and numbers * 2 < len(first) - 1:
                code_columns = sum(1 for cell in first if cell.find("code") is not None)
                table.set("data-cards", "always" if code_columns >= 4 else "phone")
                # Code in a header keeps its escaped quotes (&quot;) until the page is
                # written, where they would end the attribute: the label gets curly ones.
                labels = [QUOTED.sub(r"“\1”", html.unescape(name)) for name in header]
                for row in rows:
                    for label, cell in zip(labels, row):
                        cell.set("data-label", label)
            for code in [code for cell in table.iter() if cell.tag in ("td", "th") for code in cell.iter("code")]:
                self._break_after_punctuation(code)

    @staticmethod
    def _text(element) -> str:
        return "".join(element.itertext()).strip()

    @staticmethod
    def _break_after_punctuation(code):
        text = code.text or ""
        if len(code) or not CODE_BREAK_AFTER.search(text):
            return
        pieces = CODE_BREAK_AFTER.split(text)
        code.text = type(text)(pieces[0])
        for piece in pieces[1:]:
            opportunity = etree.SubElement(code, "wbr")
            opportunity.tail = type(text)(piece)


class SessionOutputPostprocessor(Postprocessor):
    """Each output line of a ```pycon session keeps its line break inside its span (Pygments leaves it out).

    The copy button then copies runnable code: site.css hides prompts and
    output while Material copies, and a hidden output line leaves no blank line.
    """

    def run(self, text):
        return SESSION_OUTPUT.sub(lambda match: f'{match[1]}\n</span>', text)


class KatexPostprocessor(Postprocessor):
    def run(self, text):
        text = DISPLAY_MATH.sub(lambda match: renderer.render(html.unescape(match["tex"]).strip(), True), text)
        return INLINE_MATH.sub(lambda match: renderer.render(html.unescape(match["tex"]).strip(), False), text)


class SiteExtension(Extension):
    def __init__(self, **kwargs):
        self.config = {
            "source_url": ["", "URL prefix of the repository's files, e.g. https://host/owner/repo/blob/main/; "
                               "an executed example links to its source there"],
            "figures_dir": [str(sources.ROOT / "docs" / "assets" / "figures"), "where the figure SVGs are"],
        }
        super().__init__(**kwargs)

    def extendMarkdown(self, md):
        # After whitespace normalisation (30), before fenced code blocks are stashed (25).
        md.preprocessors.register(MarkerPreprocessor(md, self), "losses_markers", 28)
        # After inline processing (20), so that images and code elements exist.
        md.treeprocessors.register(TableTreeprocessor(md), "losses_tables", 5)
        # After MkDocs has made each image's src relative to the page (its "relpath", 0): the
        # variants' paths are built from that src, including <source srcset>, which MkDocs leaves alone.
        md.treeprocessors.register(FigureTreeprocessor(md, Path(self.getConfig("figures_dir"))), "losses_figures", -1)
        # Last: arithmatex's output is final once raw HTML and escapes are restored.
        md.postprocessors.register(KatexPostprocessor(md), "losses_katex", 1)
        md.postprocessors.register(SessionOutputPostprocessor(md), "losses_session_output", 0)


def makeExtension(**kwargs):
    return SiteExtension(**kwargs)
