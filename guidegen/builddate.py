"""The date a build is "as of": which fee or limit is in effect, and which figures are stale."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from pathlib import Path


def build_date(root: Path) -> dt.date:
    """SOURCE_DATE_EPOCH if set, else the date of the checked-out commit, else today (UTC).

    Taking the commit's date makes two builds of one commit identical (no clock in the output)
    while a new commit moves the date forward, so a fee that changed on a date applies from then.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc).date()
    try:
        out = subprocess.run(
            ["git", "log", "-1", "--format=%ct"], cwd=root, capture_output=True, text=True, timeout=10, check=True
        ).stdout.strip()
        if out:
            return dt.datetime.fromtimestamp(int(out), tz=dt.timezone.utc).date()
    except (OSError, subprocess.SubprocessError, ValueError):
        pass
    return dt.datetime.now(dt.timezone.utc).date()
