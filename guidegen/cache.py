"""A disk cache for build work whose inputs are files: compiled calculator code, compiled templates, parsed YAML.

Every entry is keyed by a hash of everything that makes it (the calculator's source, the shared
modules, the compiler, the minifier), so an edit anywhere misses the cache rather than serving a
stale result; a build with the cache gives the same bytes as one without. The folder is
$GUIDEGEN_CACHE, else $XDG_CACHE_HOME/guidegen, else ~/.cache/guidegen; GUIDEGEN_CACHE=off, or a
folder that cannot be written, turns it off (the build then does all the work, as before).
"""

from __future__ import annotations

import functools
import hashlib
import os
import sys
from pathlib import Path

ENGINE = Path(__file__).resolve().parent


def folder() -> Path | None:
    """The cache folder, created, or None when caching is off or impossible here."""
    setting = os.environ.get("GUIDEGEN_CACHE", "")
    if setting.lower() in ("off", "0", "no", "false"):
        return None
    base = Path(setting) if setting else Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "guidegen"
    try:
        base.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return base if os.access(base, os.W_OK) else None


def digest(*parts: str | bytes) -> str:
    h = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "big"))
        h.update(data)
    return h.hexdigest()


def engine_files() -> list[Path]:
    """The engine's files that shape compiled calculator code: the compiler, its runtime, the minifier, the
    bundle and parameter modules of the calculators, this module."""
    return sorted([*ENGINE.glob("compiler/*.py"), *ENGINE.glob("compiler/*.js"), ENGINE / "minify.py",
                   ENGINE / "calc" / "bundle.py", ENGINE / "calc" / "params.py", ENGINE / "cache.py"])


@functools.lru_cache(maxsize=1)
def engine_digest() -> str:
    """The engine's files and the interpreter's version, hashed once per process (they are Python modules: a
    change needs a restart anyway). The version counts because compiled code depends on it (the messages
    CPython gives, `sum` compensated from 3.12), and one cache folder serves every virtualenv of a user."""
    return digest(interpreter(), *(f"{p.name}\n".encode() + p.read_bytes() for p in engine_files()))


def interpreter() -> str:
    """The running Python, as far as it can shape what the engine makes: implementation and full version."""
    return f"{sys.implementation.name} {sys.version}"


def get(kind: str, key: str) -> str | None:
    where = folder()
    if where is None:
        return None
    try:
        return (where / kind / key).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def put(kind: str, key: str, text: str) -> None:
    where = folder()
    if where is not None:
        store(where / kind, key, text.encode("utf-8"))


def store(place: Path, key: str, data: bytes) -> None:
    """Store atomically (write a temporary file, then rename), so a reader never sees half an entry."""
    try:
        place.mkdir(exist_ok=True)
        tmp = place / f".{key}.{os.getpid()}.tmp"
        tmp.write_bytes(data)
        os.replace(tmp, place / key)
    except OSError:
        pass
