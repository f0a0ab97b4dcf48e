"""Shared test set-up: the repository root is importable and tests never read the clock for builds."""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

# Builds inside tests resolve figures as of a pinned date (2026-11-25 00:00 UTC), not today.
os.environ.setdefault("SOURCE_DATE_EPOCH", "1795564800")
# Tests compile every calculator and template afresh (the build cache is tested on its own, in
# tests/test_cache.py), so a cached result can never hide a compiler change from them.
os.environ.setdefault("GUIDEGEN_CACHE", "off")


import pytest  # noqa: E402


@pytest.fixture(scope="module")
def real():
    """(content, calculators) of the guide itself, loaded once per test module (tests/guide.py)."""
    from tests.guide import load_guide

    return load_guide()
