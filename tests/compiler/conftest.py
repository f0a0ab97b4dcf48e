from __future__ import annotations

import pytest

from guidegen.jsengine import JsEngine


@pytest.fixture(scope="session")
def engine() -> JsEngine:
    return JsEngine()
