#!/usr/bin/env python3
"""Which Chinese pages have fallen behind (or ahead of) their English page.

    python3 scripts/dev.py translations                  # list the pages out of step; exit 1 if any
    python3 scripts/dev.py translations mark NAME ...    # record that NAME.zh.md and NAME.en.md say the same
    python3 scripts/dev.py translations mark --all       # ... for every page

Each Chinese page records, in its front matter, what both pages were when
they were last in step: a hash of the English page and of the Chinese page
(each without its front matter).

    ---
    translation:
      en: 3f2a9c1b7d4e
      zh: 8b1e04c6aa27
    ---

A page is out of step when either hash no longer matches: the English page
changed (translate the change), the Chinese page changed alone (carry the
change over to English, or confirm that it needs none), or both.  Once the
two say the same again, `mark` records it; a change that needs no
translation (a typo, a reflowed line) is recorded the same way, explicitly.
When git is available, the listing names the commit the English page was
last in step at, so `git diff COMMIT -- docs/NAME.en.md` shows what to
translate.  Only the standard library is used.
"""

from __future__ import annotations

import argparse
import hashlib
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FRONT_MATTER = re.compile(r"\A---\n(?P<body>.*?\n)---\n", re.DOTALL)
RECORD = re.compile(r"^translation:\n(?:[ \t]+.*\n)*", re.MULTILINE)
RECORDED_HASH = re.compile(r"^[ \t]+(?P<language>en|zh):[ \t]*(?P<hash>[0-9a-f]+)[ \t]*$", re.MULTILINE)


def split_front_matter(text: str) -> tuple[str, str]:
    """(front matter without its --- lines, the page below it)."""
    found = FRONT_MATTER.match(text)
    return (found["body"], text[found.end():]) if found else ("", text)


def content_hash(text: str) -> str:
    _, body = split_front_matter(text)
    return hashlib.sha256(body.encode("utf-8")).hexdigest()[:12]


def recorded_hashes(chinese_text: str) -> dict[str, str]:
    front_matter, _ = split_front_matter(chinese_text)
    record = RECORD.search(front_matter)
    return {found["language"]: found["hash"] for found in RECORDED_HASH.finditer(record.group())} if record else {}


def with_record(chinese_text: str, english_hash: str, chinese_hash: str) -> str:
    front_matter, body = split_front_matter(chinese_text)
    front_matter = RECORD.sub("", front_matter)
    record = f"translation:\n  en: {english_hash}\n  zh: {chinese_hash}\n"
    return f"---\n{front_matter}{record}---\n{body}"


@dataclass
class Pair:
    name: str
    english: Path
    chinese: Path

    def status(self) -> str | None:
        """None when the pages are in step, else what happened."""
        chinese_text = self.chinese.read_text(encoding="utf-8")
        recorded = recorded_hashes(chinese_text)
        if set(recorded) != {"en", "zh"}:
            return "never marked as in step"
        english_changed = recorded["en"] != content_hash(self.english.read_text(encoding="utf-8"))
        chinese_changed = recorded["zh"] != content_hash(chinese_text)
        if english_changed and chinese_changed:
            return "both pages changed: check that they say the same"
        if english_changed:
            return "the English page changed: translate the change"
        if chinese_changed:
            return "the Chinese page changed alone: carry it over to English, or mark it if it needs nothing"
        return None

    def mark(self) -> None:
        chinese_text = self.chinese.read_text(encoding="utf-8")
        english_hash = content_hash(self.english.read_text(encoding="utf-8"))
        self.chinese.write_text(with_record(chinese_text, english_hash, content_hash(chinese_text)),
                                encoding="utf-8")

    def last_commit_in_step(self) -> str | None:
        """The newest commit whose English page has the recorded hash (needs git)."""
        wanted = recorded_hashes(self.chinese.read_text(encoding="utf-8")).get("en")
        if not self.english.is_relative_to(ROOT):
            return None
        relative = self.english.relative_to(ROOT).as_posix()
        try:
            commits = subprocess.run(["git", "log", "--format=%h", "--", relative], cwd=ROOT, capture_output=True,
                                     text=True, check=True).stdout.split()
            for commit in commits:
                text = subprocess.run(["git", "show", f"{commit}:{relative}"], cwd=ROOT, capture_output=True,
                                      text=True, check=True).stdout
                if content_hash(text) == wanted:
                    return commit
        except (OSError, subprocess.CalledProcessError):
            pass
        return None


def pairs(docs: Path) -> list[Pair]:
    english = {path.name[: -len(".en.md")]: path for path in docs.rglob("*.en.md")}
    return [Pair(name, path, path.with_name(f"{name}.zh.md")) for name, path in sorted(english.items())
            if path.with_name(f"{name}.zh.md").exists()]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("command", nargs="?", choices=["list", "mark"], default="list")
    parser.add_argument("names", nargs="*", help="pages to mark, e.g. cross-entropy")
    parser.add_argument("--all", action="store_true", help="mark every page")
    parser.add_argument("--docs", type=Path, default=ROOT / "docs", help=argparse.SUPPRESS)
    arguments = parser.parse_args(argv)
    known = {pair.name: pair for pair in pairs(arguments.docs)}

    if arguments.command == "mark":
        unknown = [name for name in arguments.names if name not in known]
        if unknown or not (arguments.names or arguments.all):
            parser.error(f"name the pages to mark (or --all); known: {', '.join(known)}"
                         + (f"; unknown: {', '.join(unknown)}" if unknown else ""))
        for name in (known if arguments.all else arguments.names):
            known[name].mark()
            print(f"{name}: marked as in step")
        return 0

    out_of_step = [(pair, pair.status()) for pair in known.values() if pair.status()]
    for pair, status in out_of_step:
        print(f"{pair.name}: {status}")
        commit = pair.last_commit_in_step() if "English" in status or "both" in status else None
        if commit:
            print(f"    what changed: git diff {commit} -- docs/{pair.english.name}")
    if out_of_step:
        print(f"{len(out_of_step)} of {len(known)} pages out of step; once a pair says the same, run "
              f"`python3 scripts/dev.py translations mark NAME`")
        return 1
    print(f"all {len(known)} pages in step")
    return 0


if __name__ == "__main__":
    sys.exit(main())
