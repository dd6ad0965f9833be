"""MkDocs hooks of the losses site: only what needs MkDocs and its plugins.

Page content (formulas, tables, examples, figures, KaTeX) is made by the
Python-Markdown extension in markdown_extension.py.  These hooks:

* name each page's language and source file on its first line, for the
  extension's "run in CI" badges under the sessions written on the page;
* give mkdocstrings the language being built (section titles such as
  "参数：" on Chinese API pages) and the one-line summaries and source links
  its templates (scripts/site/templates/) show;
* index each page for search with each formula once, as the text of its
  MathML (KaTeX's HTML copy left out), add the glossary's synonyms of a term
  to the page about it (docs/snippets/glossary.yml), split Chinese text into
  words, split the search index per language (each language searches its own
  pages only), and put Material's search worker behind
  docs/assets/javascripts/workers/search-words.js (loaded with the first
  query, Chinese queries split into words);
* drop from every page what makes the browser ask for missing files
  (Material fetches a sitemap.xml beside each alternate-language link) or
  other hosts (repository facts from the GitHub API), so that the site works
  offline with a clean console;
* apply the system's colour scheme before the first figure loads;
* minify the interactive figures' scripts and stylesheets (assets/widgets/)
  with esbuild from the project's node_modules: the sources keep their
  comments, the reader downloads a third of the bytes;
* copy KaTeX's stylesheet and fonts into the site, and remove what no page
  uses: source maps, the lunr language files of other languages, and
  mkdocstrings' stylesheet outside the API pages;
* compile each template once for both language builds.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
from pathlib import Path
from xml.etree import ElementTree

from jinja2 import BytecodeCache
from mkdocs.exceptions import PluginError
from mkdocs.plugins import CombinedEvent, event_priority

from scripts.site import sources
from scripts.site.katex import KATEX_DIST, node_executable

DEFAULT_LANGUAGE = "en"
ESBUILD = sources.ROOT / "node_modules" / "esbuild"
WIDGETS = Path("assets") / "widgets"
# The lunr files a search in English or Chinese loads (see Material's search worker).
LUNR_KEPT = {"lunr.stemmer.support.min.js", "lunr.multi.min.js", "lunr.zh.min.js"}
FORMULA_START = re.compile(r'<span class="katex">')
SPAN_TAG = re.compile(r"<span\b|</span>")
MATHML = re.compile(r"<math\b.*?</math>", re.DOTALL)
TAG = re.compile(r"<[^>]+>")
SESSION = re.compile(r'<div class="language-pycon highlight">.*?</pre></div>', re.DOTALL)
HAN = re.compile(r"[\u3400-\u9fff]+")
# A word break that a space, the text's edge or Chinese punctuation (a
# separator of the search, see mkdocs.yml) already makes: 3 bytes each, saved.
CHINESE_PUNCTUATION = "，。：；、（）“”！？《》"
NEEDLESS_BREAK = re.compile(f"(?:(?<=[\\s{CHINESE_PUNCTUATION}])|^)\u200b|\u200b(?=[\\s{CHINESE_PUNCTUATION}]|$)")
SEGMENTER = Path(__file__).with_name("segment_words.cjs")
ALTERNATE_LINK = re.compile(r'\s*<link rel="alternate" href="[^"]*" hreflang="[^"]*">')
MKDOCSTRINGS_STYLESHEET = re.compile(r'\s*<link rel="stylesheet" href="[^"]*assets/_mkdocstrings\.css">')
PALETTE_SCRIPT = re.compile(r'<script>var palette=__md_get\("__palette"\).*?</script>', re.DOTALL)
# On a first visit Material applies the system's colour scheme only from its
# bundle at the end of the page, after the figures above the fold have
# started to load in the light variant.  Right after Material's own palette
# script (which restores a stored choice), this applies the system's scheme
# the same way, before any figure is parsed.
FIRST_VISIT_SCHEME = ('<script>if(!__md_get("__palette"))for(var input of document.querySelectorAll('
                      '"[data-md-color-media]"))if(matchMedia(input.getAttribute("data-md-color-media")).matches)'
                      '{document.body.setAttribute("data-md-color-scheme",input.getAttribute("data-md-color-scheme"));'
                      'break}</script>')
APP_CONFIG = re.compile(r'(<script id="__config" type="application/json">)(.*?)(</script>)', re.DOTALL)


def _plugin(config, *names):
    for name in names:
        if name in config.plugins:
            return config.plugins[name]
    return None


def building_language(config) -> str:
    """The language of the build in progress: mkdocs-static-i18n builds one language after the other."""
    i18n = _plugin(config, "i18n")
    return getattr(i18n, "current_language", None) or DEFAULT_LANGUAGE


def page_language(page) -> str:
    return getattr(page.file, "locale", None) or DEFAULT_LANGUAGE


def on_page_markdown(markdown, page, config, files):
    """Name the page for the Markdown extension, which badges the sessions written on it."""
    return f"[[page:{page_language(page)}:{page.file.src_uri}]]\n{markdown}"


@event_priority(10)  # before mkdocstrings reads its locale
def on_config(config):
    mkdocstrings = _plugin(config, "mkdocstrings")
    if mkdocstrings is not None:
        mkdocstrings.config.locale = building_language(config)
    return config


class CompiledTemplates(BytecodeCache):
    """Templates compiled once per process: each language's build makes new Jinja environments."""

    def __init__(self):
        self.compiled = {}

    def load_bytecode(self, bucket):
        if bucket.key in self.compiled:
            bucket.bytecode_from_string(self.compiled[bucket.key])

    def dump_bytecode(self, bucket):
        self.compiled[bucket.key] = bucket.bytecode_to_string()


compiled_templates = CompiledTemplates()


def on_env(env, config, files):
    env.bytecode_cache = compiled_templates
    return env


def on_pre_build(config):
    mkdocstrings = _plugin(config, "mkdocstrings")
    if mkdocstrings is None:
        return
    language = building_language(config)
    environment = mkdocstrings.handlers.get_handler("python").env
    environment.bytecode_cache = compiled_templates
    environment.globals["api_summaries"] = {name: entry[language]
                                            for name, entry in sources.api_summaries(language).items()}
    environment.globals["source_url"] = f"{config.repo_url.rstrip('/')}/blob/main/" if config.repo_url else ""


# Search ---------------------------------------------------------------------

def search_text(content: str) -> str:
    """What search indexes of a page: its prose, each formula once, no interactive sessions.

    A formula is on the page twice, as MathML (for screen readers) and as
    HTML (for the eye); indexed as is, a snippet reads "zizi" (and read
    "ziz_izi" while KaTeX's TeX annotation was there too).  Reduced to the
    text of its MathML, it reads "zi".
    Example sessions (```pycon) are mostly printed numbers; leaving them out
    keeps each language's index small.
    """
    content = SESSION.sub("", content)
    pieces, position = [], 0
    for start in FORMULA_START.finditer(content):
        if start.start() < position:
            continue  # a formula nested in one already replaced
        depth = 0
        for tag in SPAN_TAG.finditer(content, start.start()):
            depth += 1 if tag.group() == "<span" else -1
            if depth == 0:
                break
        formula = content[start.start():tag.end()]
        mathml = MATHML.search(formula)
        text = html.escape(mathml_text(mathml.group()), quote=False) if mathml else ""
        pieces += [content[position:start.start()], f"<span>{text}</span>"]
        position = tag.end()
    return "".join(pieces) + content[position:]


def mathml_text(mathml: str) -> str:
    """A formula as a line of text that a search snippet can show: ¼ as 1/4, e^{-z} as e^(−z), z_i as zi.

    The text of the MathML alone runs a fraction's numerator into its
    denominator ("14" for ¼) and an exponent into its base.
    """
    try:
        root = ElementTree.fromstring(mathml)
    except ElementTree.ParseError:
        return TAG.sub("", mathml)

    def grouped(element) -> str:
        text = spoken(element)
        return text if len(text) <= 1 or text.isalnum() else f"({text})"

    def spoken(element) -> str:
        tag = element.tag.rsplit("}", 1)[-1]
        children = list(element)
        if tag == "annotation":
            return ""
        if tag == "semantics":
            return spoken(children[0]) if children else ""
        if tag == "mfrac" and len(children) == 2:
            return f"{grouped(children[0])}/{grouped(children[1])}"
        if tag in ("msup", "mover") and len(children) == 2:
            above = spoken(children[1])
            if above in ("′", "″", "‴"):  # a derivative's prime reads as it is written
                return spoken(children[0]) + above
            return f"{spoken(children[0])}^{grouped(children[1])}"
        # A subscript follows its base, as in the MathML's own text (z_i reads "zi").
        if tag in ("msubsup", "munderover") and len(children) == 3:
            return f"{spoken(children[0])}{spoken(children[1])}^{grouped(children[2])}"
        if tag == "msqrt":
            return f"√{grouped(element[0]) if len(children) == 1 else '(' + ''.join(map(spoken, children)) + ')'}"
        return (element.text or "") + "".join(spoken(child) + (child.tail or "") for child in children)

    return spoken(root)


@event_priority(10)  # before Material's search plugin indexes the page
def _index_formulas_once(context, page, config, nav):
    page.losses_rendered_content = page.content
    page.content = search_text(page.content)
    return context


@event_priority(-10)  # after it
def _show_formulas_again(context, page, config, nav):
    page.content = page.losses_rendered_content
    del page.losses_rendered_content
    search = _plugin(config, "material/search", "search")
    if search is not None and hasattr(search, "search_index"):
        add_search_keywords(search.search_index.entries, page)
    return context


on_page_context = CombinedEvent(_index_formulas_once, _show_formulas_again)


def search_keywords(page_source: str) -> list[str]:
    """Every name of every glossary term whose page is `page_source` (e.g. "hinge.md"), in both languages.

    The variants the Chinese pages avoid (avoid_zh, e.g. 铰链损失 for 合页损失)
    are what some readers type, so they find the page too.
    """
    words = []
    for entry in sources.glossary_entries():
        if entry["page"] == page_source:
            words += [entry["en"], entry["zh"].split("（")[0], *entry.get("synonyms", []), *entry["avoid_zh"]]
    return words


def add_search_keywords(entries: list[dict], page) -> None:
    """Glossary terms and their synonyms become the `keywords` field of the page's first search entry."""
    source = re.sub(r"\.(en|zh)\.md$", ".md", page.file.src_uri)
    words = search_keywords(source)
    for entry in entries:
        if words and entry["location"] == page.url:
            entry["keywords"] = " · ".join(words)
            return


PRE_BLOCK = re.compile(r"(<pre>.*?</pre>)", re.DOTALL)
# Text keeps its words; the markup of inline code, paragraphs and lists (a
# result is shown as a few lines of plain text anyway) is not worth its bytes.
MARKUP_TAG = re.compile(r"</?(?:code|p|ul|ol|li)>")
API_FUNCTION = re.compile(r"(?:^|/)api/[^#]*#losses\.")
API_PIECE = re.compile(r"<pre>.*?</pre>|<p>.*?</p>", re.DOTALL)
SOURCE_LINK_LABELS = ("<p>Source code</p>", "<p>源代码</p>")


def _indexed_text(doc: dict) -> str:
    """What of a section search keeps: on an API page, a function's signature and one-line summary.

    Each language's index must stay small (tests/browser/test_budget.py); a
    reader searches for a function by its name, a parameter or what it does,
    and the result lands on the function, whose docstring is right there.
    Code blocks of the articles (shell commands) are left out for the same
    reason as the example sessions.
    """
    if not API_FUNCTION.search(doc["location"]):
        return MARKUP_TAG.sub(" ", PRE_BLOCK.sub("", doc["text"]))
    pieces = [piece for piece in API_PIECE.findall(doc["text"]) if piece not in SOURCE_LINK_LABELS]
    signature = [piece for piece in pieces if piece.startswith("<pre>")][:1]
    summary = [piece for piece in pieces if piece.startswith("<p>")][:1]
    return " ".join(signature + summary)
SPACES = re.compile(r"\s{2,}")


def _collapsed(text: str) -> str:
    """Runs of white space outside code blocks as one space: template indentation is no text."""
    return "".join(part if index % 2 else SPACES.sub(" ", part)
                   for index, part in enumerate(PRE_BLOCK.split(text)))


def segment_chinese(docs: list[dict]) -> None:
    """Chinese words separated by zero-width spaces in every indexed field, as Material's search expects.

    Material would do this with jieba, which takes seconds to load its
    dictionary and is no longer maintained.  Node.js, which renders the
    formulas anyway, splits all the text at once with ICU, the segmentation
    browsers use: the index is split the way a reader's query is
    (docs/assets/javascripts/workers/search-words.js).
    """
    fields = ("title", "text", "keywords")
    runs = sorted({run for doc in docs for field in fields for run in HAN.findall(doc.get(field, ""))})
    if not runs:
        return
    completed = subprocess.run([node_executable(), str(SEGMENTER)], input=json.dumps(runs), capture_output=True,
                               text=True, encoding="utf-8", check=True)
    words = dict(zip(runs, json.loads(completed.stdout)))
    for doc in docs:
        for field in fields:
            if field in doc:
                doc[field] = NEEDLESS_BREAK.sub("", HAN.sub(
                    lambda match: "\u200b" + "\u200b".join(words[match.group()]) + "\u200b", doc[field]))


def split_search_index(site_dir: Path, languages: list[str]) -> None:
    """One index per language: search/ for the default language, LANGUAGE/search/ for the others.

    Each language's pages get its index because on_post_page points their
    `base` (where Material's search looks) at their language's root.
    """
    path = site_dir / "search" / "search_index.json"
    if not path.exists():
        return
    index = json.loads(path.read_text(encoding="utf-8"))
    for doc in index["docs"]:
        doc["text"] = _collapsed(_indexed_text(doc))
    segment_chinese(index["docs"])
    for language in languages:
        prefix = "" if language == DEFAULT_LANGUAGE else f"{language}/"
        others = tuple(f"{other}/" for other in languages if other != DEFAULT_LANGUAGE)
        if prefix:
            docs = [{**doc, "location": doc["location"][len(prefix):]}
                    for doc in index["docs"] if doc["location"].startswith(prefix)]
        else:
            docs = [doc for doc in index["docs"] if not doc["location"].startswith(others)]
        # English words occur on Chinese pages too; English pages need no other language.
        lunr_languages = ["en"] if language == "en" else ["en", language]
        target = site_dir / prefix / "search" / "search_index.json"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps({"config": {**index["config"], "lang": lunr_languages}, "docs": docs},
                                     ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


# Pages ----------------------------------------------------------------------

def on_post_page(output, page, config):
    return finish_page(output, page_language(page))


# The 404 page of each language, kept until every language is built: each
# language's build writes its own to the site's root, the last one winning.
_not_found_pages: dict[str, str] = {}
NOT_FOUND_HEADING = "<h1>404 - Not found</h1>"
LOGO_LINK = re.compile(r'<a href="([^"]*)" title="[^"]*" class="md-header__button md-logo"')
NOT_FOUND = {
    "en": '<h1>404 · Page not found</h1><p>There is no page at this address. Go to the '
          '<a href="{home}">home page</a>, or to the <a href="{other}" lang="zh">中文首页</a>.</p>',
    "zh": '<h1>404 · 找不到页面</h1><p>这个地址没有页面。请回到<a href="{home}">首页</a>，'
          '或者 <a href="{other}" lang="en">English home page</a>。</p>',
}
# Material titles the 404 page with the site name alone; every other page is "Title - losses".
NOT_FOUND_TITLE = {"en": "Page not found", "zh": "找不到页面"}


LANGUAGE_LINK = re.compile(r'<a href="[^"]*" hreflang="([\w-]+)" class="md-select__link">')


def on_post_template(output, template_name, config):
    if not template_name.endswith(".html"):
        return output
    language = building_language(config)
    output = finish_page(output, language)
    if template_name == "404.html":
        # In the page's language, with a way to the home page of either (the
        # root one serves every missing address on most hosts; zh/404.html is
        # for hosts that look in the folder first).
        home = LOGO_LINK.search(output)[1]  # "/." for the default language, "/zh/" for Chinese
        root = home.removesuffix(f"{language}/") if language != DEFAULT_LANGUAGE else home.removesuffix(".")
        home, other = (root, f"{root}zh/") if language == DEFAULT_LANGUAGE else (home, root)
        output = output.replace(NOT_FOUND_HEADING, NOT_FOUND[language].format(home=home, other=other), 1)
        site_name = config["site_name"]
        output = output.replace(f"<title>{site_name}</title>",
                                f"<title>{NOT_FOUND_TITLE[language]} - {site_name}</title>", 1)
        # The language selector of a 404 page leads to each language's home page (the i18n
        # plugin fills it with the alternates of the last page it built).
        output = LANGUAGE_LINK.sub(lambda match: f'<a href="{root if match[1] == DEFAULT_LANGUAGE else f"{root}{match[1]}/"}"'
                                   f' hreflang="{match[1]}" class="md-select__link">', output)
        _not_found_pages[language] = output
    return output


def finish_page(output: str, language: str) -> str:
    # Material asks for a sitemap.xml beside every <link rel="alternate">; the
    # i18n plugin's per-page alternates have none, so each page logged two
    # 404s.  The language selector in the header keeps working (and
    # docs/assets/site.js keeps the section anchor when switching).
    head_end = output.find("</head>")
    output = ALTERNATE_LINK.sub("", output[:head_end]) + output[head_end:]
    # mkdocstrings adds its stylesheet to every page; only the API pages use it.
    if 'class="doc ' not in output:
        output = MKDOCSTRINGS_STYLESHEET.sub("", output)
    output = PALETTE_SCRIPT.sub(lambda match: match.group() + FIRST_VISIT_SCHEME, output, 1)
    # A GitHub repo_url makes Material fetch stars and forks from api.github.com.
    output = output.replace(' data-md-component="source"', "")
    return APP_CONFIG.sub(lambda match: match[1] + _app_config(match[2], language) + match[3], output, 1)


def _app_config(app_config: str, language: str) -> str:
    app = json.loads(app_config)
    if language != DEFAULT_LANGUAGE:
        app["base"] = f"{app['base'].rstrip('/')}/{language}/"  # "../.." -> "../../zh/", "/" (the 404 page) -> "/zh/"
    # Material's search worker behind docs/assets/javascripts/workers/search-words.js, which splits
    # Chinese queries into words first.
    folder, worker = app["search"].rsplit("/", 1)
    app["search"] = f"{folder}/search-words.js?worker={worker}"
    return json.dumps(app, ensure_ascii=False)


# The built site ------------------------------------------------------------

@event_priority(-200)  # after mkdocs-static-i18n has built every language and merged the search index
def on_post_build(config):
    i18n = _plugin(config, "i18n")
    if getattr(i18n, "building", False):
        return  # a nested language build; the outer one finishes the site
    site_dir = Path(config.site_dir)
    languages = getattr(i18n, "build_languages", None) or [DEFAULT_LANGUAGE]
    split_search_index(site_dir, languages)
    write_not_found_pages(site_dir)
    copy_katex_assets(site_dir)
    remove_unused_assets(site_dir)
    minify_widgets(site_dir / WIDGETS)


def write_not_found_pages(site_dir: Path) -> None:
    """The default language's 404 page at the root, every other one in its folder."""
    for language, page in _not_found_pages.items():
        folder = site_dir if language == DEFAULT_LANGUAGE else site_dir / language
        (folder / "404.html").write_text(page, encoding="utf-8")
    _not_found_pages.clear()


def minify_widgets(folder: Path) -> None:
    files = sorted(str(path) for path in folder.glob("*") if path.suffix in (".js", ".css"))
    if not files:
        return
    if not ESBUILD.exists():
        raise PluginError("esbuild is not installed: run `npm ci` in the project root (scripts/dev.py does it for you)")
    # utf8: the figures' Greek and Chinese labels stay characters, not longer \u escapes.
    options = {"entryPoints": files, "outdir": str(folder), "allowOverwrite": True, "minify": True,
               "charset": "utf8", "logLevel": "error"}
    script = f"require({json.dumps(str(ESBUILD))}).buildSync({json.dumps(options)})"
    completed = subprocess.run([node_executable(), "-e", script], capture_output=True, text=True, encoding="utf-8")
    if completed.returncode != 0:
        raise PluginError(f"esbuild could not minify {folder}: {completed.stderr}")


def copy_katex_assets(site_dir: Path) -> None:
    target = site_dir / "assets" / "katex"
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy2(KATEX_DIST / "katex.min.css", target / "katex.min.css")
    # Only the woff2 fonts: every browser that runs this site reads them, and
    # katex.min.css lists woff2 first.
    fonts = target / "fonts"
    fonts.mkdir(exist_ok=True)
    for font in (KATEX_DIST / "fonts").glob("*.woff2"):
        shutil.copy2(font, fonts / font.name)


def remove_unused_assets(site_dir: Path) -> None:
    javascripts = site_dir / "assets" / "javascripts"
    for source_map in site_dir.joinpath("assets").rglob("*.map"):
        source_map.unlink()
    for asset in list(javascripts.rglob("*.js")) + list(site_dir.joinpath("assets", "stylesheets").rglob("*.css")):
        text = asset.read_text(encoding="utf-8")
        if "sourceMappingURL=" in text:
            asset.write_text(re.sub(r"\n?/[/*]# sourceMappingURL=\S+(?: \*/)?\s*$", "\n", text), encoding="utf-8")
    lunr = javascripts / "lunr"
    for language_file in list(lunr.glob("*.js")) + list(lunr.glob("min/*.js")):
        if language_file.name not in LUNR_KEPT:
            language_file.unlink()
