"""Where the site's generated content comes from: one small function per source.

The Markdown extension (markdown_extension.py) and the MkDocs hooks
(hooks.py) call these and nothing else to read data files, so that moving a
source (formula TeX into the docstrings, cross-reference rows into a Python
catalog) means changing one function here:

* formula_tex(name)                 the TeX of the display formula NAME: a public
                                    function's docstring formula, or a step of a
                                    derivation (scripts/catalog/formulas.py)
* glossary_markdown(language)       the glossary table
* crossref_markdown(language)       the framework cross-reference table, one row per
                                    catalog entry and case (scripts/catalog/)
* accuracy_markdown(language)       the accuracy table
* accuracy_grids_markdown(language) the inputs the accuracy table was measured on
* benchmark_markdown(language)      the speed table
* memory_markdown(language)         the peak-memory table
* with_claims(text, language)       [[claim:NAME]] and [[versions]] replaced by what
                                    scripts/claims.py measured (claims.json)
* example_source(name)              an executed example (a ```pycon block)
* code_comment_translations(language)   English comment -> translated comment
* glossary_entries()                the terms, for search synonyms
* api_summaries(language)           one-line summaries of the public functions

Each table function returns Markdown in the page's language ("en" or "zh").
"""

from __future__ import annotations

import json
import math
import re
from functools import lru_cache
from pathlib import Path

import yaml

from scripts import accuracy as accuracy_script
from scripts.catalog import ENTRIES, FRAMEWORKS, source_of
from scripts.catalog.formulas import formula as catalog_formula

ROOT = Path(__file__).resolve().parents[2]
SNIPPETS = ROOT / "docs" / "snippets"
FORMULAS = SNIPPETS / "formulas.yml"
GLOSSARY = SNIPPETS / "glossary.yml"
CROSSREF = SNIPPETS / "crossref.yml"
ACCURACY = SNIPPETS / "accuracy.json"
BENCHMARK = SNIPPETS / "benchmark.json"
CLAIMS = SNIPPETS / "claims.json"
CLAIM = re.compile(r"\[\[claim:(?P<name>[\w-]+)\]\]")
EXAMPLES = SNIPPETS / "examples"
CODE_COMMENTS = SNIPPETS / "code-comments.yml"
FORMULA_WORDS = SNIPPETS / "formula-words.yml"
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
    try:
        return catalog_formula(name).strip()
    except KeyError as error:
        raise SourceError(f"unknown formula {name!r}: {error.args[0]}") from None


GLOSSARY_HEADERS = {
    "en": "| English | 中文 | Meaning |\n| --- | --- | --- |",
    "zh": "| 中文 | 英文 | 含义 |\n| --- | --- | --- |",
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
    "en": "| `losses` | PyTorch | Keras | JAX / optax | scikit-learn / SciPy | Note |",
    "zh": "| `losses` | PyTorch | Keras | JAX / optax | scikit-learn / SciPy | 说明 |",
}


def crossref_markdown(language: str) -> str:
    """One row per catalog entry and case; every call shown is the code the conformance tests run.

    A † links to a framework's documentation where it has the loss but the
    tests do not run it (its semantics differ, or it is not installed here).
    """
    notes = _yaml(CROSSREF)
    rows = [CROSSREF_HEADERS[language], "| --- | --- | --- | --- | --- | --- |"]
    for entry in ENTRIES:
        for case in entry.cases:
            equivalents = case.equivalents(entry)
            several = len(entry.cases) > 1
            key = f"{entry.name} ({case.label})" if several else entry.name
            cells = [f"`{entry.name}`" + (f" ({case.label})" if several else "")]
            for framework in FRAMEWORKS:
                if framework in equivalents:
                    cells.append(f"`{source_of(equivalents[framework])}`")
                elif framework in entry.documented:
                    cells.append(f"[†]({entry.documented[framework]})")
                else:
                    cells.append("—")
            if key not in notes:
                raise SourceError(f"no note for {key!r} in {CROSSREF.relative_to(ROOT)}")
            note = notes[key][language].replace("|", "\\|")  # |z| must not split the table cell
            rows.append("| " + " | ".join(cells + [note]) + " |")
    return "\n".join(rows)


WORDS = {
    "en": {"function": "Function", "cancellations": "Cancelling points · error there",
           "memory": "Peak memory / input size, at {elements} elements",
           "one row": "one sample of {classes} classes", "size": "elements",
           "cases": {"class indices": "class-index targets", "probabilities": "probability targets"}, "bound": "one pass over the inputs",
           "naive": "naive", "separator": ", ", "colon": ": ",
           "ratio": "Throughput, `losses` / PyTorch", "times": "time at 10⁷, `losses` / PyTorch",
           "machine": "Measured on {cpu} ({cores} logical cores), Python {python}, NumPy {numpy}, "
                      "PyTorch {torch} with {threads} threads, on {date}; median of {repeats} interleaved runs."},
    "zh": {"function": "函数", "cancellations": "相消点数 · 该处误差",
           "memory": "峰值内存 / 输入大小，{elements} 个元素",
           "one row": "一个有 {classes} 个类别的样本", "size": "元素",
           "cases": {"class indices": "类别索引目标", "probabilities": "概率目标"}, "bound": "读一遍输入所需时间",
           "naive": "朴素公式", "separator": "，", "colon": "：",
           "ratio": "吞吐量之比，`losses` / PyTorch", "times": "10⁷ 时的耗时，`losses` / PyTorch",
           "machine": "测量环境：{cpu}（{cores} 个逻辑核心），Python {python}，NumPy {numpy}，"
                      "PyTorch {torch}（{threads} 个线程），日期 {date}；交替运行 {repeats} 次取中位数。"},
}


def format_ulp(value: float, bold: bool = True) -> str:
    """An error in ulp as the tables show it; above the 2 ulp the site promises, in bold."""
    text = accuracy_script.format_ulp(value)
    return f"**{text}**" if bold and value > 2 else text


def accuracy_markdown(language: str) -> str:
    """Worst error in ulp per function and implementation; the points where the
    exact result is a cancellation (p - q with p close to q) are counted apart."""
    report = json.loads(ACCURACY.read_text(encoding="utf-8"))
    implementations = report["implementations"]
    words = WORDS[language]
    header = [words["function"], *(name.replace("naive", words["naive"]) for name in implementations),
              words["cancellations"]]
    rows = ["| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
    for name, results in report["functions"].items():
        cells = [format_ulp(results[implementation]["max_ulp"]) if implementation in results else "—"
                 for implementation in implementations]
        ours = results["losses float64"]
        cancellations = (f"{ours['cancellations']} · {format_ulp(ours['max_ulp_at_cancellations'], bold=False)}"
                         if ours["cancellations"] else "—")
        rows.append(f"| `{name}` | " + " | ".join(cells) + f" | {cancellations} |")
    return "\n".join(rows)


def accuracy_grids_markdown(language: str) -> str:
    """The grids the accuracy table was measured on, one bullet per kind of input."""
    report = json.loads(ACCURACY.read_text(encoding="utf-8"))
    colon = WORDS[language]["colon"]
    return "\n".join(f"- **{kind}**{colon}{descriptions[language]}" for kind, descriptions in report["grids"].items())


def benchmark_markdown(language: str) -> str:
    report = json.loads(BENCHMARK.read_text(encoding="utf-8"))
    words, sizes = WORDS[language], sorted(report["results"], key=int)
    superscript = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
    size_labels = [f"10{str(len(size) - 1).translate(superscript)}" for size in sizes]
    header = [words["function"], *(f"{label} {words['size']}" for label in size_labels), words["times"]]
    rows = [f"{words['ratio']}{words['colon'].rstrip()}", "", "| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
    largest = report["results"][sizes[-1]]
    for name in largest["functions"]:
        ratios = [f"{report['results'][size]['functions'][name]['throughput_ratio']:.2f}" for size in sizes]
        timing = largest["functions"][name]
        times = f"{timing['losses_seconds'] * 1e3:.1f} ms / {timing['torch_seconds'] * 1e3:.1f} ms"
        rows.append(f"| `{name}` | " + " | ".join(ratios) + f" | {times} |")
    bounds = " · ".join(f"{label}: {report['results'][size]['bandwidth_bound_seconds'] * 1e3:.3g} ms"
                        for label, size in zip(size_labels, sizes))
    machine = report["machine"]
    rows += ["", f"{words['bound']}{words['colon']}{bounds}", "",
             words["machine"].format(cpu=machine["cpu"], cores=machine["logical_cores"], python=machine["python"],
                                     numpy=machine["numpy"], torch=machine["torch"], threads=machine["torch_threads"],
                                     date=machine["date"], repeats=report["repeats"])]
    return "\n".join(rows)


def memory_markdown(language: str) -> str:
    report = json.loads(BENCHMARK.read_text(encoding="utf-8"))
    if "memory" not in report:
        raise SourceError(f"{BENCHMARK.relative_to(ROOT)} has no memory measurements: run "
                          "`python3 scripts/dev.py benchmark`")
    memory = report["memory"]
    words = WORDS[language]
    header = [words["function"], words["memory"].format(elements=f"{memory['elements']:,}")]
    rows = ["| " + " | ".join(header) + " |", "| --- | --- |"]
    for record in memory["peak_over_input"]:
        label = f"`{record['function']}`"
        if record["case"]:
            label += words["separator"] + words["cases"][record["case"]]
        if record["classes"]:
            label += words["separator"] + words["one row"].format(classes=_power_of_ten(float(record["classes"])))
        rows.append(f"| {label} | {record['ratio']:.2f}× |")
    return "\n".join(rows)


def _power_of_ten(value: float) -> str:
    superscript = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
    return f"10{str(round(math.log10(value))).translate(superscript)}"


def with_claims(text: str, language: str = "en") -> str:
    """[[claim:NAME]] replaced by the measured claim NAME, [[versions]] by the versions measured.

    Chinese text sets no space before % (the glossary's conventions): "5.6 %" is "5.6%" there.
    """
    if "[[claim:" not in text and "[[versions]]" not in text:
        return text
    recorded = json.loads(CLAIMS.read_text(encoding="utf-8"))

    def claim(match):
        if match["name"] not in recorded["claims"]:
            raise SourceError(f"unknown claim {match['name']!r}: scripts/claims.py measures no such claim")
        text = recorded["claims"][match["name"]]["text"]
        return text.replace(" %", "%") if language == "zh" else text

    return CLAIM.sub(claim, text.replace("[[versions]]", recorded["versions"]))


TABLES = {"glossary": glossary_markdown, "crossref": crossref_markdown, "accuracy": accuracy_markdown,
          "accuracy-grids": accuracy_grids_markdown, "benchmark": benchmark_markdown, "memory": memory_markdown}


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


# Words in a formula: \text{...} without braces inside (the site's formulas have none there).
FORMULA_TEXT = re.compile(r"\\text\{([^{}]*)\}")


def formula_in(name: str, language: str) -> str:
    """The TeX of formula ``name`` with its words (``\\text{...}``) in ``language``."""
    tex = formula_tex(name)
    if language == "en":
        return tex
    words = _yaml(FORMULA_WORDS)

    def translated(match):
        english = match[1]
        if english not in words or language not in words[english]:
            raise SourceError(f"formula {name!r}: no {language} for the word {english!r}: add it to "
                              f"{FORMULA_WORDS.relative_to(ROOT)}")
        return "\\text{" + words[english][language] + "}"

    return FORMULA_TEXT.sub(translated, tex)


def api_summaries(language: str) -> dict[str, dict]:
    """Public function name -> {"en": the English summary line it translates, LANGUAGE: the translation}."""
    if language == "en" or not API_SUMMARIES.exists():
        return {}
    return _yaml(API_SUMMARIES)
