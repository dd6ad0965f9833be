"""Build the site for reading without a server and zip it: build/losses-offline.zip.

    python3 scripts/dev.py bundle        # (runs this with the docs toolchain installed)

One zip holds both languages: the language switch then works inside the
bundle, and the assets that make up most of its size (KaTeX's fonts, the
figures, Material's scripts) are stored once instead of twice; each language
has its own search index (search/ and zh/search/).  Unzipped,
``losses/index.html`` opens the English pages and ``losses/zh/index.html``
the Chinese ones, from ``file://``.

The site is built with Material's ``offline`` plugin on (``LOSSES_OFFLINE=true``
in mkdocs.yml; scripts/site/offline.py ships its web-worker shim from npm
instead of a CDN).  The zip is reproducible: its entries are sorted, carry one
date (scripts/source_date.py) and fixed permissions, so the same sources give
the same bytes.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from source_date import source_date  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "build" / "losses-offline.zip"
# The folder the zip unpacks into.
TOP_FOLDER = "losses"
# Of no use to a reader of local files: source maps of Material's scripts,
# the sitemaps (for search engines; they also carry the build date) and
# mkdocstrings' inventory (for other sites' cross-references).
LEFT_OUT_SUFFIXES = (".map",)
LEFT_OUT_NAMES = {"sitemap.xml", "sitemap.xml.gz", "objects.inv"}


def build_offline_site(site_dir: Path) -> None:
    environment = {**os.environ, "LOSSES_OFFLINE": "true", "NO_MKDOCS_2_WARNING": "1"}
    completed = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean", "--site-dir", str(site_dir)],
        cwd=ROOT, env=environment, capture_output=True, text=True)
    if completed.returncode != 0:
        sys.exit(f"mkdocs build failed:\n{completed.stderr}")


def bundled_files(site_dir: Path) -> list[Path]:
    return sorted(
        (path for path in site_dir.rglob("*")
         if path.is_file() and path.suffix not in LEFT_OUT_SUFFIXES and path.name not in LEFT_OUT_NAMES),
        key=lambda path: path.relative_to(site_dir).as_posix())


def write_zip(site_dir: Path, zip_path: Path) -> None:
    date_time = source_date().timetuple()[:6]
    zip_path.parent.mkdir(parents=True, exist_ok=True)
    partial = zip_path.with_suffix(".zip.partial")
    with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for path in bundled_files(site_dir):
            entry = zipfile.ZipInfo(f"{TOP_FOLDER}/{path.relative_to(site_dir).as_posix()}", date_time=date_time)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.create_system = 3  # Unix, so that the permissions below are honoured when unzipping
            entry.external_attr = 0o100644 << 16
            archive.writestr(entry, path.read_bytes(), compresslevel=9)
    partial.replace(zip_path)


def build_bundle(zip_path: Path = OUTPUT, work_dir: Path | None = None) -> None:
    site_dir = (work_dir or zip_path.parent) / "offline-site"
    build_offline_site(site_dir)
    write_zip(site_dir, zip_path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--output", type=Path, default=OUTPUT, help=f"the zip to write (default: {OUTPUT.relative_to(ROOT)})")
    arguments = parser.parse_args()
    started = time.perf_counter()
    build_bundle(arguments.output.resolve())
    size = arguments.output.stat().st_size
    print(f"{arguments.output}: {size / 1e6:.2f} MB, built in {time.perf_counter() - started:.1f} s; "
          f"unzip it and open {TOP_FOLDER}/index.html (English) or {TOP_FOLDER}/zh/index.html (中文)")


if __name__ == "__main__":
    main()
