#!/usr/bin/env python3
"""Set up the project in a local virtual environment and run its tasks.

    python3 scripts/dev.py test          # install what the tests need, run them all
    python3 scripts/dev.py conformance   # install PyTorch (CPU), compare every loss with it
    python3 scripts/dev.py serve         # install the docs toolchain, serve the site locally
    python3 scripts/dev.py build         # build the static site into site/ (for publishing)
    python3 scripts/dev.py figures [NAME ...]   # regenerate the figures into docs/

The virtual environment lives in .venv/ beside this script's folder and is
created on first use; each set of extras is installed once and reinstalled
only when pyproject.toml changes.  Only the standard library is used here, so
this runs on a bare Python >= 3.11.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")

# Which optional extras of pyproject.toml each task needs.
EXTRAS = {
    "test": ["test"],
    "conformance": ["test", "conformance"],
    "serve": ["docs"],
    "build": ["docs"],
    "figures": ["figures"],
}


def run(*command: str | os.PathLike, **options) -> None:
    print("+", " ".join(str(part) for part in command), flush=True)
    completed = subprocess.run([str(part) for part in command], cwd=ROOT, **options)
    if completed.returncode != 0:
        sys.exit(completed.returncode)


def ensure_environment(extras: list[str]) -> None:
    if sys.version_info < (3, 11):
        sys.exit(f"Python >= 3.11 is required, this is {sys.version.split()[0]}")
    if not PYTHON.exists():
        print(f"creating virtual environment in {VENV}", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    fingerprint = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()[:16]
    stamp = VENV / f".installed-{'-'.join(sorted(extras))}-{fingerprint}"
    if stamp.exists():
        return
    run(PYTHON, "-m", "pip", "install", "--quiet", "--upgrade", "pip")
    run(PYTHON, "-m", "pip", "install", "--quiet", "-e", f".[{','.join(extras)}]")
    stamp.touch()


def main(arguments: list[str]) -> None:
    if not arguments or arguments[0] not in EXTRAS:
        sys.exit(__doc__)
    task, rest = arguments[0], arguments[1:]
    ensure_environment(EXTRAS[task])
    if task == "test":
        run(PYTHON, "-m", "pytest", "-n", "2", "--ignore=tests/conformance", *rest)
    elif task == "conformance":
        run(PYTHON, "-m", "pytest", "-n", "2", "tests/conformance", *rest,
            env={**os.environ, "LOSSES_REQUIRE_TORCH": "1"})
    elif task == "serve":
        run(PYTHON, "-m", "mkdocs", "serve", *rest)
    elif task == "build":
        run(PYTHON, "-m", "mkdocs", "build", "--strict", *rest)
    elif task == "figures":
        run(PYTHON, "scripts/figures.py", *rest)


if __name__ == "__main__":
    main(sys.argv[1:])
