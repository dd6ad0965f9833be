"""Assemble one printable HTML page per language from the built site (scripts/print_pdf.py prints it).

The site's own HTML is the source: the order of the pages and the section
titles come from the navigation of the language's home page, and each page's
``<article>`` is taken as rendered (KaTeX already turned into HTML at build
time, figures as ``<img>``).  Three things change so that the pages work as one
document:

* every ``id`` is prefixed with its page's key (``mse--definition``), because
  each page has its own ``#definition``, ``#api``, ...;
* a link to another page of the book becomes a link to that page's part of
  the document (``../mse/#api`` -> ``#mse--api``), so it works inside the PDF;
  a link to a file that is not a page (a figure's full-size view) is dropped
  and its content kept; links to other sites are kept;
* ``src``/``srcset`` addresses are made relative to the site's root, where the
  print page is written.

Works with either kind of build: folder URLs (``mse/``) or the offline
bundle's ``mse.html``.  Only reads and writes HTML: no MkDocs API.
"""

from __future__ import annotations

import html
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

STYLESHEET = Path(__file__).with_name("print_page.css")
# The print page's own ids; page keys are page paths such as "mse" or "api-regression".
COVER_ID, CONTENTS_ID = "print-cover", "print-contents"
WORDS = {
    "en": {"contents": "Contents", "language": "English"},
    "zh": {"contents": "目录", "language": "简体中文"},
}
# What a printed page has no use for: permalink marks, buttons, forms, the
# placeholders of the interactive figures (paper gets the static figure they
# stand in for; a placeholder would hide it and leave an empty box), and the
# dark-scheme copy of each figure (paper is light; the site shows one of the
# two by the class of the link around it, which printing unwraps).
DROPPED = ("a.headerlink, .md-content__button, .md-source-file, .md-feedback, form, script, noscript, "
           ".losses-widget, a.figure-dark")


@dataclass
class NavEntry:
    """A page (``path`` set) or a section of the navigation (``children`` set)."""

    title: str
    path: str | None = None  # the page's HTML file, relative to the site root
    children: list[NavEntry] = field(default_factory=list)

    def pages(self) -> list[NavEntry]:
        return [self] if self.path else [page for child in self.children for page in child.pages()]


def home_page(language: str) -> str:
    return "index.html" if language == "en" else f"{language}/index.html"


def resolve(base_file: str, href: str) -> tuple[str, str] | None:
    """The site-root-relative file and fragment that ``href`` on ``base_file`` points to, or None if elsewhere."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or href.startswith("/"):
        return None
    if not parts.path:
        return base_file, unquote(parts.fragment)
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(base_file), unquote(parts.path)))
    if joined == ".." or joined.startswith("../"):
        return None
    # A folder URL (``mse/``, the home page ``./``) names the folder's index.html.
    if joined == ".":
        joined = "index.html"
    elif parts.path.endswith("/"):
        joined += "/index.html"
    return joined, unquote(parts.fragment)


def page_key(path: str, language: str) -> str:
    """A readable id for a page: ``zh/api/regression/index.html`` -> ``api-regression``; the home page is ``home``."""
    if language != "en":
        path = path.removeprefix(f"{language}/")
    stem = re.sub(r"(^|/)index\.html$", "", path).removesuffix(".html").strip("/")
    return stem.replace("/", "-") or "home"


def read_navigation(site: Path, language: str) -> list[NavEntry]:
    home = home_page(language)
    tree = LexborHTMLParser((site / home).read_text(encoding="utf-8"))
    top = tree.css_first("nav.md-nav--primary > ul.md-nav__list")
    if top is None:
        raise ValueError(f"{home}: no primary navigation (is this a Material for MkDocs site?)")
    return _read_list(top, home)


def _children(node: LexborNode, tag: str) -> list[LexborNode]:
    return [child for child in node.iter() if child.tag == tag]


def _title(node: LexborNode) -> str:
    label = node.css_first(".md-ellipsis") or node
    return " ".join(label.text(deep=True).split())


def _read_list(ul: LexborNode, home: str) -> list[NavEntry]:
    entries = []
    for item in _children(ul, "li"):
        link = next((child for child in _children(item, "a") if "md-nav__link" in child.attrs.get("class", "")), None)
        if link is not None:
            target = resolve(home, link.attrs["href"])
            entries.append(NavEntry(_title(link), path=target[0] if target else None))
            continue
        label = next(child for child in _children(item, "label") if "md-nav__link" in child.attrs.get("class", ""))
        nested = next(child for child in _children(item, "nav"))
        entries.append(NavEntry(_title(label), children=_read_list(nested.css_first("ul.md-nav__list"), home)))
    return entries


def _prefix_ids(article: LexborNode, key: str) -> None:
    for node in article.css("[id]"):
        node.attrs["id"] = f"{key}--{node.attrs['id']}"


def _rewrite_links(article: LexborNode, path: str, keys: dict[str, str]) -> None:
    for link in article.css("a[href]"):
        href = link.attrs["href"]
        if urlsplit(href).scheme in ("http", "https", "mailto"):
            continue
        target = resolve(path, href)
        if target is None or target[0] not in keys:
            # A figure's full-size view, a page outside the book: nothing to go to in a PDF.
            link.unwrap()
            continue
        file, fragment = target
        link.attrs["href"] = f"#{keys[file]}--{fragment}" if fragment else f"#{keys[file]}"


def _rewrite_sources(article: LexborNode, path: str) -> None:
    for node in article.css("[src]"):
        target = resolve(path, node.attrs["src"])
        if target is not None:
            node.attrs["src"] = target[0] + (f"#{target[1]}" if target[1] else "")
    for node in article.css("[srcset]"):
        candidates = []
        for candidate in node.attrs["srcset"].split(","):
            address, _, descriptor = candidate.strip().partition(" ")
            target = resolve(path, address)
            candidates.append(" ".join(filter(None, [target[0] if target else address, descriptor])))
        node.attrs["srcset"] = ", ".join(candidates)


def _article(site: Path, path: str, key: str, keys: dict[str, str]) -> str:
    tree = LexborHTMLParser((site / path).read_text(encoding="utf-8"))
    article = tree.css_first("article.md-content__inner")
    if article is None:
        raise ValueError(f"{path}: no <article class=md-content__inner>")
    for node in article.css(DROPPED):
        node.decompose()
    # Paper cannot be clicked open.
    for node in article.css("details"):
        node.attrs["open"] = ""
    # A lazy image far down the page may not be fetched before printing.
    for node in article.css("img[loading]"):
        del node.attrs["loading"]
    _prefix_ids(article, key)
    _rewrite_links(article, path, keys)
    _rewrite_sources(article, path)
    return f'<article class="md-typeset print-page" id="{key}">\n{article.inner_html.strip()}\n</article>'


def _contents(navigation: list[NavEntry], keys: dict[str, str]) -> str:
    def items(entries: list[NavEntry]) -> str:
        rows = []
        for entry in entries:
            if entry.path:
                key = keys[entry.path]
                rows.append(f'<li><a href="#{key}"><span class="print-contents__title">{html.escape(entry.title)}'
                            f'</span><span class="print-contents__page" data-page-of="{key}"></span></a></li>')
            else:
                rows.append(f'<li class="print-contents__section"><span>{html.escape(entry.title)}</span>'
                            f"<ol>{items(entry.children)}</ol></li>")
        return "".join(rows)

    return f"<ol>{items(navigation)}</ol>"


def assemble(site: Path, language: str, subtitle_lines: list[str] = ()) -> str:
    """The print page of ``language`` as HTML, to be written at the root of ``site``."""
    home = home_page(language)
    home_tree = LexborHTMLParser((site / home).read_text(encoding="utf-8"))
    navigation = read_navigation(site, language)
    pages = [page for entry in navigation for page in entry.pages()]
    keys = {page.path: page_key(page.path, language) for page in pages}
    if len(set(keys.values())) != len(keys):
        raise ValueError(f"two pages share a key: {keys}")

    stylesheets = []
    for link in home_tree.css('head link[rel="stylesheet"]'):
        target = resolve(home, link.attrs["href"])
        if target is not None:
            stylesheets.append(f'<link rel="stylesheet" href="{html.escape(target[0])}">')
    # The header shows the site's name; the <title> adds the page's ("首页 - losses").
    name = " ".join(home_tree.css_first(".md-header__topic .md-ellipsis").text().split())
    description_tag = home_tree.css_first('meta[name="description"]')
    description = description_tag.attrs.get("content", "") if description_tag else ""
    copyright_tag = home_tree.css_first(".md-copyright__highlight")
    copyright_text = " ".join(copyright_tag.text().split()) if copyright_tag else ""
    # Material's stylesheets place icons and indents by [dir=ltr] / [dir=rtl].
    direction = home_tree.body.attrs.get("dir") or "ltr"
    words = WORDS[language]
    lines = "".join(f'<p class="print-cover__line">{html.escape(line)}</p>' for line in subtitle_lines)
    articles = "\n".join(_article(site, page.path, keys[page.path], keys) for page in pages)
    return f"""<!doctype html>
<html lang="{language}">
<head>
<meta charset="utf-8">
<title>{html.escape(name)} · {html.escape(words["language"])}</title>
<meta name="description" content="{html.escape(description)}">
{chr(10).join(stylesheets)}
<style>
{STYLESHEET.read_text(encoding="utf-8")}
</style>
</head>
<body class="print-book" dir="{direction}" data-md-color-scheme="default" data-md-color-primary="indigo" data-md-color-accent="indigo">
<section class="print-cover" id="{COVER_ID}">
<h1 class="print-cover__name">{html.escape(name)}</h1>
<p class="print-cover__description">{html.escape(description)}</p>
<p class="print-cover__line">{words["language"]}</p>
{lines}
<p class="print-cover__copyright">{html.escape(copyright_text)}</p>
</section>
<nav class="print-contents md-typeset" id="{CONTENTS_ID}">
<h1>{words["contents"]}</h1>
{_contents(navigation, keys)}
</nav>
{articles}
</body>
</html>
"""
