"""`python -m guidegen export DIR`: the guide as a builder-neutral project that Zensical builds.

The same `prepare()` the MkDocs plugin runs makes the pages; what the plugin adds through MkDocs' hooks,
each page carries itself here (guidegen/pageparts.py makes it for both):
- the calculator forms expanded in the Markdown (hand-written pages' markers too), raw HTML and entities
  of hand-written prose made text, as the plugin does;
- front matter with its texts HTML-escaped and the page's edit link (`edit_url`: the YAML, Markdown or
  Python file a contributor edits), which the override `overrides/partials/actions.html` shows;
- the module script that imports the page's calculators, with the styles and preloads it needs, as a
  raw HTML block at the top of the page.
Then DIR/zensical.toml, made from mkdocs.yml (site, theme, Markdown extensions) with the nav, the
widgets' CSS and JS, and `guidegen.mdsafe` for every page's links.

After `zensical build`, `finish()` does to the built site what the plugin's `on_post_page` does to each
page: the theme's script deferred behind the search shim (widgets/search.js), the search dialog named,
and each page's Content-Security-Policy with the hashes of its inline scripts. `--build` runs all three.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from guidegen.build import Build, BuildError, prepare
from guidegen.csp import Policies, digest
from guidegen.pageparts import (EXTRA_CSS, EXTRA_MODULE, MARKER, defer_theme_script, escaped_meta, escaped_titles,
                                hand_written_pages, name_search_dialog, page_modules, page_url)
from guidegen.pages import prose, relative
from guidegen.project import mkdocs_config

DOCS, SITE, OVERRIDES, CONFIG = "docs", "site", "overrides", "zensical.toml"
# Zensical's theme in the look of Material for MkDocs ("modern" is its own newer look).
VARIANT = "classic"


def plugin_options(config: dict[str, Any]) -> dict[str, Any]:
    """The options given to the `guidegen` plugin in mkdocs.yml."""
    for item in config.get("plugins") or []:
        if isinstance(item, dict) and "guidegen" in item:
            return item["guidegen"] or {}
    return {}


# --- the project written out ---------------------------------------------------------------------


@dataclass
class Exported:
    """What `export` wrote: the project folder and how many pages and assets it holds."""

    dest: Path
    pages: int = 0
    assets: int = 0
    warnings: list[str] = field(default_factory=list)


def export(root: Path, dest: Path) -> Exported:
    """Write the guide under `root` as a Zensical project in `dest` (its docs/ written afresh; site/ and
    Zensical's cache are kept, so a repeated build is a repeated build). BuildError lists every problem."""
    config = mkdocs_config(root)
    docs_dir = root / config.get("docs_dir", "docs")
    build = prepare(root, hand_written=hand_written_pages(docs_dir), site_name=str(config.get("site_name", "")))
    edit_base = plugin_options(config).get("edit_base")
    out = Exported(dest, warnings=[str(w) for w in build.warnings])
    docs = dest / DOCS
    if docs.exists():
        shutil.rmtree(docs)
    docs.mkdir(parents=True)
    generated = {page.path for page in build.site.pages}
    # The hand-written pages and any file beside them (an image), as the plugin finds them in docs_dir.
    for path in sorted(p for p in docs_dir.rglob("*") if p.is_file()):
        rel = path.relative_to(docs_dir).as_posix()
        if rel in generated or any(part.startswith(".") for part in rel.split("/")):  # MkDocs skips dotfiles too
            continue
        if rel.endswith(".md"):
            _write(docs / rel, page_markdown(build, rel, path.read_text(encoding="utf-8"), edit_base, hand_written=True))
            out.pages += 1
        else:
            (docs / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, docs / rel)
    for page in build.site.pages:
        _write(docs / page.path, page_markdown(build, page.path, page.markdown, edit_base))
        out.pages += 1
    for path, text in sorted(build.site.assets.items()):
        _write(docs / path, text)
        out.assets += 1
    overrides = dest / OVERRIDES
    if overrides.exists():
        shutil.rmtree(overrides)
    theme = resources.files("guidegen") / "theme"
    _write(overrides / "main.html", (theme / "main.html").read_text(encoding="utf-8"))
    _write(overrides / "partials" / "actions.html", (theme / "zensical" / "actions.html").read_text(encoding="utf-8"))
    nav = [_plain(item) for item in escaped_titles(build.site.nav(build.hand_written))]
    _write(dest / CONFIG, toml(zensical_config(config, nav)))
    return out


def page_markdown(build: Build, path: str, markdown: str, edit_base: str | None, hand_written: bool = False) -> str:
    """One page as the exported project holds it: front matter escaped and with its edit link, forms
    expanded, and its module script (if it has calculators) at the top."""
    meta, body = front_matter(markdown)
    if hand_written:  # raw HTML and entities stay text, as on generated pages (plugin.on_page_markdown)
        body = prose(body)
    body = MARKER.sub(lambda m: build.embed(m.group(1)), body)
    meta = {key: _plain(value) for key, value in escaped_meta(meta).items()}
    source = build.source_of(path)
    if edit_base and source:
        meta["edit_url"] = f"{edit_base.rstrip('/')}/{source}"
    url = page_url(path)
    body = form_links(body, url, path.rpartition("/")[0])
    found = page_modules(body, url, build.site.assets)
    if found is not None:
        # Zensical reads an address in a page's raw HTML as relative to the Markdown file, as it reads a
        # Markdown link, and writes it relative to the page's URL; a script's text it leaves alone, so the
        # imports in it are relative to the page's URL already (page_modules).
        folder = path.rpartition("/")[0]
        links = [f'<link rel="stylesheet" href="{relative(s, folder)}">' for s in found.styles]
        links += [f'<link rel="modulepreload" href="{relative(m, folder)}">' for m in found.preloads]
        body = '<div class="gg-modules" hidden>\n' + "\n".join([*links, found.script]) + "\n</div>\n\n" + body
    head = ("---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=10_000) + "---\n\n") if meta else ""
    return head + body


FORM = re.compile(r'<form class="gg-calc".*?</form>', re.S)
HREF = re.compile(r'href="([^"#:]*)((?:#[^"]*)?)"')


def form_links(body: str, url: str, folder: str) -> str:
    """The links in a page's calculator forms (the explanation's, the calendar file: forms.py), which address
    their targets from the page's URL as MkDocs serves raw HTML, addressed from the Markdown file's folder
    instead, as Zensical reads an address in raw HTML (and then writes it from the page's URL again)."""
    import posixpath

    def rebase(m: re.Match[str]) -> str:
        address, fragment = m.group(1), m.group(2)
        if not address or address.startswith("/"):
            return m.group(0)
        target = posixpath.normpath(posixpath.join(url or ".", address))
        if address.endswith("/"):
            target += "/"
        return f'href="{relative(target.rstrip("/"), folder)}{"/" if target.endswith("/") else ""}{fragment}"'

    return FORM.sub(lambda form: HREF.sub(rebase, form.group(0)), body)


def front_matter(markdown: str) -> tuple[dict[str, Any], str]:
    """(YAML front matter, the rest) of a Markdown page; ({}, markdown) when it has none."""
    if markdown.startswith("---\n"):
        end = markdown.find("\n---\n", 3)
        if end >= 0:
            meta = yaml.safe_load(markdown[4:end]) or {}
            if isinstance(meta, dict):
                return meta, markdown[end + 5:].lstrip("\n")
    return {}, markdown


def _plain(value: Any) -> Any:
    """Markup and other str subclasses as plain str (YAML and TOML writers take only plain types)."""
    if isinstance(value, str):
        return str(value)
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {_plain(k): _plain(v) for k, v in value.items()}
    return value


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


# --- zensical.toml ----------------------------------------------------------------------------------

# What of mkdocs.yml's theme Zensical takes as it is; `name: material` it has built in.
THEME_KEYS = ("language", "font", "features", "palette", "favicon", "logo", "icon")


def zensical_config(mkdocs: dict[str, Any], nav: list[Any]) -> dict[str, Any]:
    """zensical.toml's [project] from mkdocs.yml, with the nav and what the plugin adds to MkDocs' config."""
    project: dict[str, Any] = {key: mkdocs[key] for key in ("site_name", "site_description", "site_url", "copyright")
                               if mkdocs.get(key)}
    project.update(docs_dir=DOCS, site_dir=SITE, use_directory_urls=True, nav=nav, extra_css=[EXTRA_CSS],
                   extra_javascript=[{"path": EXTRA_MODULE, "type": "module"}])
    theme = mkdocs.get("theme") or {}
    project["theme"] = {"variant": VARIANT, "custom_dir": OVERRIDES,
                        **{key: theme[key] for key in THEME_KEYS if key in theme}}
    if mkdocs.get("extra"):
        project["extra"] = mkdocs["extra"]
    extensions: dict[str, Any] = {}
    for item in mkdocs.get("markdown_extensions") or []:
        name, options = (item, {}) if isinstance(item, str) else next(iter(item.items()))
        extensions[name] = options or {}
    # The net under validate's link checks, as the plugin adds it to MkDocs (guidegen/mdsafe.py).
    extensions["guidegen.mdsafe:SafeLinksExtension"] = {}
    project["markdown_extensions"] = extensions
    links = (mkdocs.get("validation") or {}).get("links") or {}
    project["validation"] = {"invalid_links": links.get("not_found", "warn") != "ignore",
                             "invalid_link_anchors": links.get("anchors", "warn") != "ignore"}
    project["plugins"] = {"search": {}}
    return {"project": project}


def toml(data: dict[str, Any]) -> str:
    """`data` (tables of strings, numbers, booleans, lists and tables) as TOML: a table of scalars and lists
    under its [header], tables inside lists inline."""
    lines: list[str] = []

    def key(k: Any) -> str:
        return str(k) if re.fullmatch(r"[A-Za-z0-9_-]+", str(k)) else json.dumps(str(k))

    def value(v: Any, indent: str = "") -> str:
        if isinstance(v, bool):
            return "true" if v else "false"
        if isinstance(v, (int, float)):
            return repr(v)
        if isinstance(v, str):
            return json.dumps(v, ensure_ascii=False)  # a JSON string is a TOML basic string
        if isinstance(v, list):
            if not v:
                return "[]"
            inner = indent + "  "
            return "[\n" + "".join(f"{inner}{value(x, inner)},\n" for x in v) + indent + "]"
        if isinstance(v, dict):
            return "{ " + ", ".join(f"{key(k)} = {value(x, indent)}" for k, x in v.items()) + " }"
        raise TypeError(f"cannot write {type(v).__name__} as TOML")

    def table(header: str, t: dict[str, Any]) -> None:
        lines.append(f"[{header}]")
        lines.extend(f"{key(k)} = {value(v)}" for k, v in t.items() if not isinstance(v, dict))
        lines.append("")
        for k, v in t.items():
            if isinstance(v, dict):
                table(f"{header}.{key(k)}", v)

    for k, t in data.items():
        table(key(k), t)
    return "# Written by `python -m guidegen export` from mkdocs.yml and the content: edit those, not this.\n\n" + \
        "\n".join(lines)


# --- after `zensical build` ---------------------------------------------------------------------


def finish(site: Path) -> int:
    """Give every page of a built site what the plugin gives MkDocs' pages once their HTML is complete:
    the theme's script deferred behind the search shim, the search dialog named, and the page's
    Content-Security-Policy (hashes of its inline scripts and of every content area's, and of the
    styles the theme's script makes). Returns how many pages; running it twice changes nothing."""
    policies = Policies(styles=tuple(theme_styles(site)))
    pages = sorted(site.rglob("*.html"))
    for path in pages:
        html = defer_theme_script(name_search_dialog(path.read_text(encoding="utf-8")))
        path.write_text(policies.apply(html, str(path)), encoding="utf-8")
    policies.finish()
    return len(pages)


# Zensical's search draws its dialog in a shadow root styled by a <style> element its script makes from
# a string constant, which a policy allowing styles only from the site's files would block: the policy
# allows that one text by its hash, read from the theme's script as the build shipped it.
STYLE_FROM = re.compile(r'"style",\{\},(\w+)(?:\.toString\(\))?\)')
JS_ESCAPE = re.compile(r"\\(u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|.)", re.S)
JS_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", "b": "\b", "f": "\f", "v": "\v", "0": "\0", "\n": ""}


def theme_styles(site: Path) -> list[str]:
    """CSP hashes of the style elements the theme's script (assets/javascripts/bundle.*.min.js) makes from
    string constants; none for a theme that makes none."""
    out = []
    for bundle in sorted((site / "assets" / "javascripts").glob("bundle.*.min.js")):
        js = bundle.read_text(encoding="utf-8")
        for name in dict.fromkeys(STYLE_FROM.findall(js)):
            m = re.search(r"(?:\bvar\s+|\blet\s+|\bconst\s+|,\s*)" + re.escape(name) + r"\s*=\s*(['\"])((?:(?!\1)[^\\]|\\.)*)\1", js)
            if m:
                out.append(digest(JS_ESCAPE.sub(_unescape, m.group(2))))
    return out


def _unescape(m: re.Match[str]) -> str:
    code = m.group(1)
    if code[0] in "ux" and len(code) > 1:
        return chr(int(code[1:], 16))
    return JS_ESCAPES.get(code, code)


def zensical_command() -> list[str]:
    """How to run Zensical: the `zensical` beside this Python (a virtualenv's), else on PATH."""
    beside = Path(sys.executable).parent / "zensical"
    if beside.exists():
        return [str(beside)]
    found = shutil.which("zensical")
    if found:
        return [found]
    raise BuildError("zensical is not installed: `pip install -e '.[test]'` installs the version the tests use")


def build_site(dest: Path, clean: bool = False) -> float:
    """Run `zensical build` in `dest` (strict: a warning fails it) and finish its site; the seconds it took."""
    start = time.perf_counter()
    cmd = [*zensical_command(), "build", "--strict", *(["--clean"] if clean else [])]
    done = subprocess.run(cmd, cwd=dest, capture_output=True, text=True)
    if done.returncode != 0:
        raise BuildError(f"zensical build failed in {dest}:\n{(done.stdout + done.stderr)[-4000:]}")
    finish(dest / SITE)
    return time.perf_counter() - start


def main(args: Any) -> int:
    """The `export` command: write the project; with --build also build and finish it; --finish alone
    finishes a site built by hand (`zensical build` in DIR)."""
    dest = Path(args.dir).resolve()
    root = Path.cwd()
    try:
        if not args.finish:
            done = export(root, dest)
            for warning in done.warnings:
                print(f"warning: {warning}", file=sys.stderr)
            print(f"{done.pages} pages and {done.assets} assets written to {dest}", file=sys.stderr)
        if args.build:
            seconds = build_site(dest, clean=args.clean)
            print(f"built with Zensical in {seconds:.1f} s: {dest / SITE}", file=sys.stderr)
        elif args.finish:
            count = finish(dest / SITE)
            print(f"{count} pages of {dest / SITE} finished", file=sys.stderr)
    except BuildError as err:
        print(f"the guide has problems; nothing was exported:\n{err}", file=sys.stderr)
        return 1
    return 0
