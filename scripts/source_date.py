"""The one date written into the offline bundle and the PDFs, so that a rebuild is byte-identical.

The reproducible-builds convention: ``SOURCE_DATE_EPOCH`` if it is set, else
the time of the last commit, so that the date says which sources were built
rather than when.
"""

from __future__ import annotations

import os
import subprocess
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The earliest time a zip file can record (MS-DOS dates start in 1980).
FALLBACK = datetime(1980, 1, 1, tzinfo=timezone.utc)


def source_date() -> datetime:
    if os.environ.get("SOURCE_DATE_EPOCH"):
        return datetime.fromtimestamp(int(os.environ["SOURCE_DATE_EPOCH"]), tz=timezone.utc)
    try:
        completed = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=ROOT, capture_output=True, text=True)
    except FileNotFoundError:  # no git: a source archive rather than a clone
        return FALLBACK
    if completed.returncode != 0 or not completed.stdout.strip():
        return FALLBACK
    return max(FALLBACK, datetime.fromtimestamp(int(completed.stdout.strip()), tz=timezone.utc))
