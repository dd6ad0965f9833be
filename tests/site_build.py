"""One strict build of the site per set of inputs, shared by tests/test_docs.py and the browser suite.

CI runs `scripts/dev.py test` and then `scripts/dev.py browser`; both need the
built site.  It is built into build/site/ and reused while nothing it is made
from has changed: the pages and their data, the site's extension and hooks,
the package (its docstrings make the API pages), mkdocs.yml and the pinned
versions of every tool.  build/site.json records the fingerprint of those
inputs, the build's log and how long it took (wall clock and processor time).
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "build" / "site"
RECORD = ROOT / "build" / "site.json"
INPUTS = ["docs", "losses", "scripts/site", "mkdocs.yml", "pyproject.toml", "scripts/constraints.txt",
          "package-lock.json"]


def fingerprint() -> str:
    digest = hashlib.sha256()
    for entry in INPUTS:
        path = ROOT / entry
        files = sorted(path.rglob("*")) if path.is_dir() else [path]
        for file in files:
            if file.is_file() and "__pycache__" not in file.parts:
                digest.update(file.relative_to(ROOT).as_posix().encode() + b"\0" + file.read_bytes() + b"\0")
    return digest.hexdigest()


def build_site() -> dict:
    """Build the site unless build/site/ is up to date; returns {"site", "log", "seconds", "fingerprint"}.

    Processes that ask at the same time (a browser run beside a test run) take
    turns: the first builds, the others wait for it and then find the build
    up to date.
    """
    RECORD.parent.mkdir(parents=True, exist_ok=True)
    with open(RECORD.parent / "site.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        return _build_unless_current()


def _build_unless_current() -> dict:
    current = fingerprint()
    if RECORD.exists() and SITE.exists():
        record = json.loads(RECORD.read_text(encoding="utf-8"))
        if record["fingerprint"] == current:
            return {**record, "site": SITE}
    shutil.rmtree(SITE, ignore_errors=True)
    started = time.perf_counter()
    children_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    completed = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(SITE)],
        cwd=ROOT, capture_output=True, text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    seconds = time.perf_counter() - started
    children_after = resource.getrusage(resource.RUSAGE_CHILDREN)
    # Processor time (the build and its Node.js helpers) depends far less on what else the machine runs.
    cpu = (children_after.ru_utime - children_before.ru_utime) + (children_after.ru_stime - children_before.ru_stime)
    if completed.returncode != 0:
        raise RuntimeError(f"the site does not build:\n{completed.stdout}{completed.stderr}")
    record = {"fingerprint": current, "log": completed.stderr, "seconds": round(seconds, 2),
              "cpu_seconds": round(cpu, 2)}
    RECORD.write_text(json.dumps(record, indent=1), encoding="utf-8")
    return {**record, "site": SITE}
