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

# A test marked `forks` needs a child forked by guidegen/beside.py, which forks only when no other thread runs.
# Earlier tests may have left threads behind (the JavaScript engine's event loops, a test server): then the test
# runs in a fresh interpreter, and passes or fails as it does there.
ISOLATED = "GUIDEGEN_TEST_ISOLATED"


def pytest_pyfunc_call(pyfuncitem):
    from guidegen import beside

    if pyfuncitem.get_closest_marker("forks") is None or beside.can_fork() or os.environ.get(ISOLATED):
        return None  # as usual
    if not beside.fork_possible():
        pytest.skip("needs Linux, fork and two processors (and GUIDEGEN_JOBS not 1)")
    import subprocess

    result = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", pyfuncitem.nodeid],
                            cwd=ROOT, env={**os.environ, ISOLATED: "1"}, capture_output=True, text=True, timeout=900)
    if result.returncode != 0:
        pytest.fail(f"in a fresh interpreter:\n{result.stdout[-6000:]}{result.stderr[-2000:]}", pytrace=False)
    return True


@pytest.fixture(scope="module")
def real():
    """(content, calculators) of the guide itself, loaded once per test module (tests/guide.py)."""
    from tests.guide import load_guide

    return load_guide()
