"""Where the site's generated content comes from: one small function per source.

The Markdown extension (markdown_extension.py) and the MkDocs hooks
(hooks.py) call these and nothing else to read data files, so that moving a
source (formula TeX into the docstrings, cross-reference rows into a Python
catalog) means changing one function here:

* formula_tex(name)                 the TeX of the display formula NAME
* glossary_markdown(language)       the glossary table
* crossref_markdown(language)       the framework cross-reference table
* accuracy_markdown(language)       the accuracy table
* benchmark_markdown(language)      the benchmark table
* example_source(name)              an executed example (a ```pycon block)
* code_comment_translations(language)   English comment -> translated comment
* glossary_entries()                the terms, for search synonyms
* api_summaries(language)           one-line summaries of the public functions

Each table function returns Markdown in the page's language ("en" or "zh").
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
SNIPPETS = ROOT / "docs" / "snippets"
FORMULAS = SNIPPETS / "formulas.yml"
GLOSSARY = SNIPPETS / "glossary.yml"
CROSSREF = SNIPPETS / "crossref.yml"
ACCURACY = SNIPPETS / "accuracy.json"
BENCHMARK = SNIPPETS / "benchmark.json"
EXAMPLES = SNIPPETS / "examples"
CODE_COMMENTS = SNIPPETS / "code-comments.yml"
API_SUMMARIES = SNIPPETS / "api-zh.yml"
LANGUAGES = ("en", "zh")


class SourceError(LookupError):
    """A page asks for something its data files do not have."""


def _yaml(path: Path):
    """The parsed file, parsed again only when it has changed (pages ask for the same files many times)."""
    return _parsed_yaml(path, path.stat().st_mtime_ns)


@lru_cache(maxsize=32)
def _parsed_yaml(path: Path, modified: int):
    return yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def formula_tex(name: str) -> str:
    formulas = _yaml(FORMULAS)
    if name not in formulas:
        raise SourceError(f"unknown formula {name!r} (see {FORMULAS.relative_to(ROOT)})")
    return formulas[name]["tex"].strip()


GLOSSARY_HEADERS = {
    "en": "| English | 中文 | Meaning |\n| --- | --- | --- |",
    "zh": "| 中文 | English | 含义 |\n| --- | --- | --- |",
}


ALSO = {"en": " *Also: {}.*", "zh": "*又称：{}。*"}


def glossary_entries() -> list[dict]:
    return _yaml(GLOSSARY)


def glossary_anchor(entry: dict) -> str:
    return re.sub(r"[^a-z0-9]+", "-", entry["en"].lower()).strip("-")


def glossary_markdown(language: str) -> str:
    rows = [GLOSSARY_HEADERS[language]]
    for entry in glossary_entries():
        first, second = (entry["zh"], entry["en"]) if language == "zh" else (entry["en"], entry["zh"])
        meaning = entry["define_" + language].replace("|", "\\|")
        if entry.get("synonyms"):
            meaning += ALSO[language].format("、".join(entry["synonyms"]) if language == "zh"
                                             else ", ".join(entry["synonyms"]))
        rows.append(f"| [{first}]({entry['page']}){{ #{glossary_anchor(entry)} }} | {second} | {meaning} |")
    return "\n".join(rows)


CROSSREF_HEADERS = {
    "en": "| `losses` | PyTorch ✓ | Keras † | JAX / optax † | scikit-learn / SciPy ✓ | Note |",
    "zh": "| `losses` | PyTorch ✓ | Keras † | JAX / optax † | scikit-learn / SciPy ✓ | 说明 |",
}


def crossref_markdown(language: str) -> str:
    def cell(code: str) -> str:
        return f"`{code}`" if code else "—"

    rows = [CROSSREF_HEADERS[language], "| --- | --- | --- | --- | --- | --- |"]
    for row in _yaml(CROSSREF):
        cells = [cell(row[column]) for column in ("losses", "pytorch", "keras", "optax", "reference")]
        note = row["note_" + language].replace("|", "\\|")  # |z| must not split the table cell
        rows.append("| " + " | ".join(cells + [note]) + " |")
    return "\n".join(rows)


WORDS = {
    "en": {"function": "Function", "size": "elements", "bound": "one pass over the inputs",
           "ratio": "Throughput, `losses` / PyTorch", "times": "time at 10⁷, `losses` / PyTorch",
           "machine": "Measured on {cpu} ({cores} logical cores), Python {python}, NumPy {numpy}, "
                      "PyTorch {torch} with {threads} threads, on {date}; median of {repeats} interleaved runs."},
    "zh": {"function": "函数", "size": "元素", "bound": "读一遍输入所需时间",
           "ratio": "吞吐量之比，`losses` / PyTorch", "times": "10⁷ 时的耗时，`losses` / PyTorch",
           "machine": "测量环境：{cpu}（{cores} 个逻辑核心），Python {python}，NumPy {numpy}，"
                      "PyTorch {torch}（{threads} 个线程），日期 {date}；交替运行 {repeats} 次取中位数。"},
}


def format_ulp(value: float) -> str:
    if value != value or value == float("inf"):
        return "∞"
    text = f"{value:.1f}" if value < 1e3 else f"{value:.0e}".replace("e+", "e")
    return f"**{text}**" if value > 2 else text


def accuracy_markdown(language: str) -> str:
    report = json.loads(ACCURACY.read_text(encoding="utf-8"))
    header = [WORDS[language]["function"], *report["implementations"]]
    rows = ["| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
    for name, results in report["functions"].items():
        cells = [format_ulp(results[implementation]["max_ulp"]) for implementation in report["implementations"]]
        rows.append(f"| `{name}` | " + " | ".join(cells) + " |")
    return "\n".join(rows)


def benchmark_markdown(language: str) -> str:
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


TABLES = {"glossary": glossary_markdown, "crossref": crossref_markdown,
          "accuracy": accuracy_markdown, "benchmark": benchmark_markdown}


def example_path(name: str) -> Path:
    return EXAMPLES / f"{name}.md"


def example_source(name: str) -> str:
    """The Markdown of an executed example: one ```pycon block, which Sybil runs in the test suite."""
    path = example_path(name)
    if not path.exists():
        raise SourceError(f"unknown example {name!r}: {path.relative_to(ROOT)} does not exist")
    return path.read_text(encoding="utf-8")


def code_comment_translations(language: str) -> dict[str, str]:
    """English comment text -> the same comment in `language` (empty for English, which needs none)."""
    if language == "en":
        return {}
    return {english: translations[language] for english, translations in _yaml(CODE_COMMENTS).items()}


def api_summaries(language: str) -> dict[str, dict]:
    """Public function name -> {"en": the English summary line it translates, LANGUAGE: the translation}."""
    if language == "en" or not API_SUMMARIES.exists():
        return {}
    return _yaml(API_SUMMARIES)
