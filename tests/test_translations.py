"""Every Chinese page is in step with its English page (scripts/translations.py), and the check works."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "translations.py"


def _run(*arguments, docs=None):
    options = ["--docs", str(docs)] if docs else []
    return subprocess.run([sys.executable, str(SCRIPT), *arguments, *options], capture_output=True, text=True,
                          cwd=ROOT)


def test_every_page_pair_is_in_step():
    completed = _run()
    assert completed.returncode == 0, (
        f"{completed.stdout}\nA page changed in one language only. Bring the other language up to date, then run "
        "`python3 scripts/dev.py translations mark NAME` (also for a change that needs no translation).")


@pytest.fixture
def docs(tmp_path):
    for name in ("mse", "hinge"):
        for language in ("en", "zh"):
            shutil.copy(ROOT / "docs" / f"{name}.{language}.md", tmp_path)
    assert _run(docs=tmp_path).returncode == 0
    return tmp_path


def _edit(path: Path, text: str):
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def test_an_english_change_alone_puts_the_page_out_of_step(docs):
    _edit(docs / "mse.en.md", "\nA new sentence.\n")
    completed = _run(docs=docs)
    assert completed.returncode == 1
    assert "mse: the English page changed" in completed.stdout
    assert "hinge" not in completed.stdout


def test_a_chinese_change_alone_puts_the_page_out_of_step(docs):
    _edit(docs / "hinge.zh.md", "\n新的一句。\n")
    completed = _run(docs=docs)
    assert completed.returncode == 1
    assert "hinge: the Chinese page changed alone" in completed.stdout


def test_marking_records_that_the_pair_says_the_same(docs):
    _edit(docs / "mse.en.md", "\nA new sentence.\n")
    _edit(docs / "mse.zh.md", "\n新的一句。\n")
    assert "mse: both pages changed" in _run(docs=docs).stdout
    marked = _run("mark", "mse", docs=docs)
    assert marked.returncode == 0 and "mse: marked as in step" in marked.stdout
    assert _run(docs=docs).returncode == 0
    # Marking rewrites only the record in the front matter.
    assert (docs / "mse.zh.md").read_text(encoding="utf-8").startswith("---\ntranslation:\n  en: ")
    assert (docs / "mse.zh.md").read_text(encoding="utf-8").endswith("\n新的一句。\n")


def test_a_page_never_marked_is_out_of_step_and_other_front_matter_is_kept(docs):
    page = docs / "hinge.zh.md"
    body = page.read_text(encoding="utf-8").split("---\n", 2)[2]
    page.write_text("---\nhide:\n  - toc\n---\n" + body, encoding="utf-8")
    assert "hinge: never marked as in step" in _run(docs=docs).stdout
    assert _run("mark", "hinge", docs=docs).returncode == 0
    assert page.read_text(encoding="utf-8").startswith("---\nhide:\n  - toc\ntranslation:\n")
    assert _run(docs=docs).returncode == 0


def test_mark_needs_known_names(docs):
    completed = _run("mark", "no-such-page", docs=docs)
    assert completed.returncode == 2 and "unknown: no-such-page" in completed.stderr
