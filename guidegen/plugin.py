"""The MkDocs plugin `guidegen`: the one place where the engine meets MkDocs.

The content and the calculators are loaded and checked in `on_config`, before MkDocs cleans the site
folder, so a mistake there leaves the last site as it was. The pages' Markdown and the calculators'
bundles are made beside MkDocs in a second process (guidegen/beside.py) while MkDocs reads the pages:
each page waits for its Markdown, and `on_env`, the last hook before MkDocs writes anything, waits for
the rest, so a template or a calculator that fails stops the build with its file and line before a
single file is written (the folder MkDocs cleaned stays empty: never a partial site). What the hooks add to a page
is made in guidegen/pageparts.py, which `guidegen export` (the Zensical build) shares.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from markupsafe import Markup, escape
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, set_exclusions
from mkdocs.structure.pages import Page

from guidegen import collector
from guidegen.build import Build, BuildError, prepare
from guidegen.csp import Policies
from guidegen.mdsafe import SafeLinksExtension
from guidegen.pageparts import (EXTRA_CSS, EXTRA_MODULE, MARKER, calculator_scripts, defer_theme_script, escaped_meta,
                                escaped_titles, hand_written_pages, name_search_dialog)
from guidegen.prose import prose

log = logging.getLogger("mkdocs.plugins.guidegen")


class GuidegenConfig(base.Config):
    content_dir = c.Type(str, default="content")
    templates_dir = c.Type(str, default="templates")
    calculators_dir = c.Type(str, default="calculators")
    # Base of "edit this page" links; the path of the YAML (or Markdown, or .py) file is appended.
    edit_base = c.Optional(c.Type(str))


class GuidegenPlugin(BasePlugin[GuidegenConfig]):
    def __init__(self) -> None:
        super().__init__()
        self.build: Build | None = None
        self.serving = False
        self.policies = Policies()
        self.generated: set[str] = set()
        self.added: set[str] = set()  # the generated assets already among MkDocs' files

    # Runs once when MkDocs starts: `mkdocs serve` injects its live-reload script inline, with a
    # value that changes per build, so the preview goes without the policy (builds keep it).
    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"

    # Runs first, once per build (and on every rebuild of `mkdocs serve`): load, check and render
    # everything here, so that any error stops the build before MkDocs touches site/.
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        root = Path(config.config_file_path).resolve().parent
        try:
            with collector.loading():  # no collector passes over what loads: it is all kept to the end
                self.build = prepare(root, hand_written=hand_written_pages(Path(config.docs_dir)),
                                     site_name=config.site_name, finish=False)
        except BuildError as err:
            raise PluginError(f"the guide has problems; nothing was built:\n{err}") from None
        for warning in self.build.warnings:
            log.warning(str(warning))
        # The theme writes nav titles into its HTML as they are: hand it escaped text.
        config.nav = escaped_titles(self.build.site.nav(self.build.hand_written))
        self.generated = {page.path for page in self.build.site.pages}
        self.policies = Policies()
        # The theme's <title> block strips tags from the title, which unescapes it: ours does not.
        config.theme.dirs.insert(0, str(THEME_DIR))
        config.markdown_extensions.append(SafeLinksExtension())
        config.extra_css.append(EXTRA_CSS)
        config.extra_javascript.append(c.ExtraScriptValue(EXTRA_MODULE))
        config.extra_javascript[-1].type = "module"
        return config

    # Runs after MkDocs has listed docs_dir: add the generated pages and the assets made so far as
    # virtual files (no generated Markdown ever lands on disk or in git). A page still being rendered
    # gets its Markdown when MkDocs reads it (on_page_read_source).
    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        assert self.build is not None
        for page in self.build.site.pages:
            files.append(File.generated(config, page.path, content=page.markdown))
        self.added = set()
        self._add_assets(files, config)
        return files

    def _add_assets(self, files: Files, config: MkDocsConfig) -> None:
        assert self.build is not None
        new = [File.generated(config, path, content=text) for path, text in sorted(self.build.site.assets.items())
               if path not in self.added]
        for file in new:
            files.append(file)
        set_exclusions(new, config)
        self.added |= {file.src_uri for file in new}

    # Runs per page as MkDocs reads it: a generated page's Markdown, once it is rendered.
    def on_page_read_source(self, page: Page, config: MkDocsConfig) -> str | None:
        if self.build is None or self.build.pending is None or page.file.src_uri not in self.generated:
            return None
        try:
            return self.build.markdown_of(page.file.src_uri)
        except BuildError as err:
            raise PluginError(f"the guide has problems; nothing was built:\n{err}") from None

    # Runs per page before its Markdown is converted: point "edit this page" at the file a
    # contributor edits (the YAML, not generated Markdown), escape what the theme prints raw (front
    # matter), show a hand-written page's raw HTML as text as generated pages do, and expand
    # calculator markers.
    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        assert self.build is not None
        source = self.build.source_of(page.file.src_uri)
        base_url = self.config.edit_base
        page.edit_url = f"{base_url.rstrip('/')}/{source}" if base_url and source else None
        page.meta = escaped_meta(page.meta)
        if page.file.src_uri not in self.generated:
            markdown = prose(markdown)
        return MARKER.sub(lambda m: self.build.embed(m.group(1)), markdown)

    # Runs once every page is read, before MkDocs writes anything: wait for the rest of what is made beside
    # (the calculators' bundles), and add those assets.
    def on_env(self, env: Any, config: MkDocsConfig, files: Files) -> Any:
        assert self.build is not None
        try:
            self.build.finish()
        except BuildError as err:
            raise PluginError(f"the guide has problems; nothing was built:\n{err}") from None
        self._add_assets(files, config)
        return env

    # Runs when the build fails anywhere: stop the work beside it, leaving no process behind.
    def on_build_error(self, error: Exception) -> None:
        if self.build is not None and self.build.pending is not None:
            self.build.pending.close()

    # Runs per page just before its template: a title MkDocs took from the page itself (not from
    # the nav, which is escaped already) is escaped here, as the theme prints it raw.
    def on_page_context(self, context: Any, page: Page, config: MkDocsConfig, nav: Any) -> Any:
        if page.title is not None and not isinstance(page.title, Markup):
            page.title = escape(page.title)
        return context

    # Runs per page once its HTML is complete: name Material's search dialog, and give a page with
    # calculators the module script that imports them.
    # Last, it gets its Content-Security-Policy, which hashes the inline scripts as they stand then.
    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        assert self.build is not None
        html = calculator_scripts(defer_theme_script(name_search_dialog(output)), page.url, self.build.site.assets)
        return html if self.serving else self.policies.apply(html, page.file.abs_dest_path)

    # Runs per theme template rendered outside the pages (404.html): it carries the search dialog
    # and the policy too (not sitemap.xml, which is no page).
    def on_post_template(self, output_content: str, template_name: str, config: MkDocsConfig) -> str:
        if not template_name.endswith(".html"):
            return output_content
        html = defer_theme_script(name_search_dialog(output_content))
        return html if self.serving else self.policies.apply(html, str(Path(config.site_dir) / template_name))

    # Runs once every page is written: a page written before another page's content area added an
    # inline script gets that script's hash too (instant navigation may run it under its policy).
    def on_post_build(self, config: MkDocsConfig) -> None:
        rewritten = self.policies.finish()
        if rewritten:
            log.debug("Content-Security-Policy widened on %d page(s) written earlier", rewritten)

    # Runs when `mkdocs serve` starts: rebuild when content, templates or calculators change.
    def on_serve(self, server: Any, config: MkDocsConfig, builder: Any) -> Any:
        root = Path(config.config_file_path).resolve().parent
        for folder in (self.config.content_dir, self.config.templates_dir, self.config.calculators_dir):
            server.watch(str(root / folder))
        return server


THEME_DIR = Path(__file__).parent / "theme"
