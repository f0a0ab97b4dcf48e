#!/usr/bin/env python3
"""Benchmarks: `python scripts/bench.py [build|calculators|plan|pyodide|all|lighthouse] [--sizes 50,200,1000]`.

build        time of the full guide build, and of builds with N synthetic entities against plain
             MkDocs building the same Markdown pages (the ratio is our overhead; target <= 1.15);
             then both builders, MkDocs (the plugin) and Zensical (`guidegen export`, `zensical
             build`, the finishing step), each on a fresh machine (no cache) and repeated.
calculators  per calculator page: own JS+CSS bytes gzipped, the page's inline module script included
             (target <= 8 KB), and what loads once the first result is shown (the plan's explanation and
             print stylesheet), page load -> first result in headless Chromium (median of 20 loads,
             target <= 50 ms), keystroke -> updated result (target <= 5 ms).
plan         the year plan's page only: its weight, and a keystroke with ten sales rows -> every output
             updated, and the explanation too (median and 90th percentile of 50; target <= 5 ms); also
             part of `calculators`.
pyodide      what Pyodide downloads before its first result (loader, asm, wasm, stdlib, lock file of
             the published `pyodide` npm package, fetched with `npm pack`), against our pages' bytes.
all          the four above.
visits       a first visit's bytes transferred (every request, served gzipped as static hosts serve
             it; target <= 100 KB) for the home page, a calculator page and a platform page, in
             headless Chromium, and the search index's size (fetched only once the reader searches).
lighthouse   (optional, not in `all`) Lighthouse's mobile scores, four categories, for the home page
             and a calculator page, run with `npx lighthouse@13` against Debian's Chromium.

Prints a Markdown table and writes the figures as JSON (bench-results/bench.json by default).
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def say(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def build_epoch() -> str:
    """The repository's build date (its last commit's) as SOURCE_DATE_EPOCH, so copies build alike."""
    import datetime as dt

    from guidegen.builddate import build_date

    pinned = os.environ.pop("SOURCE_DATE_EPOCH", None)
    try:
        day = build_date(ROOT)
    finally:
        if pinned is not None:
            os.environ["SOURCE_DATE_EPOCH"] = pinned
    return pinned or str(int(dt.datetime.combine(day, dt.time(), tzinfo=dt.timezone.utc).timestamp()))


def mkdocs_build(project: Path, site: Path, site_url: str | None = None) -> float:
    """Seconds for one `mkdocs build` (a fresh process, as a contributor runs it)."""
    return mkdocs_build_timed(project, site, site_url)[0]


def mkdocs_build_timed(project: Path, site: Path, site_url: str | None = None,
                       cache: bool = True, one_process: bool = False) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one `mkdocs build` in a fresh process.

    The CPU seconds (user + system of the build process) do not grow when other work shares the
    machine, so on a busy machine their ratio is the fairer comparison.
    """
    import resource
    env = {**os.environ, "SOURCE_DATE_EPOCH": build_epoch(), "NO_MKDOCS_2_WARNING": "1"}
    # A contributor's repeated build reads Python's cached bytecode (__pycache__) for the engine and
    # the calculators; with PYTHONDONTWRITEBYTECODE (set on some CI machines) every build of a fresh
    # copy compiled them from source again, a cost plain MkDocs (installed, compiled) never pays.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if site_url:
        env["SITE_URL"] = site_url
    if not cache:
        env["GUIDEGEN_CACHE"] = "off"
    # The build renders and compiles in a second process where it can (guidegen/beside.py); the CPU seconds
    # below include that process's. GUIDEGEN_JOBS=1 keeps it all in one, to show what the second one saves.
    if one_process:
        env["GUIDEGEN_JOBS"] = "1"
    else:
        env.pop("GUIDEGEN_JOBS", None)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--quiet", "-f", str(project / "mkdocs.yml"),
                    "-d", str(site)], check=True, cwd=project, env=env)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def zensical_build_timed(project: Path, dest: Path, first: bool) -> dict[str, float]:
    """Wall seconds of the three steps of a Zensical build of `project` into `dest` (each a fresh process, as
    a contributor runs them): `guidegen export`, `zensical build --strict`, `guidegen export --finish`.
    first: a fresh machine's first build (no guidegen cache, no export folder, so no Zensical cache)."""
    from guidegen.export import zensical_command

    env = {**os.environ, "SOURCE_DATE_EPOCH": build_epoch()}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if first:
        env["GUIDEGEN_CACHE"] = "off"
        shutil.rmtree(dest, ignore_errors=True)
    steps = {"export_s": [sys.executable, "-m", "guidegen", "export", str(dest)],
             "zensical_s": [*zensical_command(), "build", "--strict"],
             "finish_s": [sys.executable, "-m", "guidegen", "export", str(dest), "--finish"]}
    out = {}
    for name, cmd in steps.items():
        start = time.perf_counter()
        subprocess.run(cmd, check=True, cwd=dest if name == "zensical_s" else project, env=env,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        out[name] = time.perf_counter() - start
    out["total_s"] = sum(out.values())
    return out


@contextlib.contextmanager
def serving(site: Path, compress: bool = False):
    """http://127.0.0.1:PORT serving `site` (which may be built after the port is known).

    compress: gzip text files for clients that accept it, as static hosts (GitHub Pages, CDNs) do.
    """
    import functools
    import http.server
    import threading

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args) -> None:  # no access log in the table's output
            pass

        def send_head(self):
            path = Path(self.translate_path(self.path))
            if path.is_dir():
                path = path / "index.html"
            if (not compress or "gzip" not in self.headers.get("Accept-Encoding", "")
                    or path.suffix not in (".html", ".css", ".js", ".json", ".xml", ".svg") or not path.is_file()):
                return super().send_head()
            if not self.path.split("?")[0].endswith("/") and Path(self.translate_path(self.path)).is_dir():
                return super().send_head()  # the redirect to the folder's URL
            import io

            body = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
            self.send_response(200)
            self.send_header("Content-Type", self.guess_type(str(path)))
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            return io.BytesIO(body)

    class Server(http.server.ThreadingHTTPServer):
        def handle_error(self, request, client_address) -> None:
            # A tab closed mid-download (the search index) is not news; anything else is.
            if not isinstance(sys.exc_info()[1], ConnectionError):
                super().handle_error(request, client_address)

    handler = functools.partial(Quiet, directory=str(site))
    server = Server(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()


SYNTHETIC = """\
id: synthetic-{i:04d}
name: Synthetic trend {i}
summary: A generated entity used only to measure how the build grows with the number of pages.
description: |
  Paragraph one of a generated page, long enough to look like real prose: it talks about
  platforms, fees and planning so the Markdown converter and search indexer have work to do.

  Paragraph two, with a [link to the home page](../index.md) and a short list:

  - first point
  - second point
opportunities:
  - Something that may help sellers.
risks:
  - Something that may hurt sellers.
"""


def make_projects(n: int, work: Path) -> tuple[Path, Path]:
    """Our project with n synthetic trends added, and a plain MkDocs project of the same pages."""
    ours = work / f"ours-{n}"
    shutil.copytree(ROOT, ours, ignore=shutil.ignore_patterns(".git", ".venv", "site", "bench-results",
                                                              "__pycache__", ".pytest_cache", ".hypothesis"))
    for i in range(n):
        (ours / "content" / "trends" / f"synthetic-{i:04d}.yaml").write_text(SYNTHETIC.format(i=i))
    # Plain MkDocs gets exactly the Markdown our plugin generates, written to disk.
    from guidegen.build import prepare
    from guidegen.pageparts import hand_written_pages

    os.environ.setdefault("SOURCE_DATE_EPOCH", build_epoch())
    build = prepare(ours, hand_written_pages(ours / "content" / "pages"))
    plain = work / f"plain-{n}"
    docs = plain / "docs"
    shutil.copytree(ours / "content" / "pages", docs)
    for page in build.site.pages:
        target = docs / page.path
        target.parent.mkdir(parents=True, exist_ok=True)
        # The calculator forms are already in the Markdown; plain MkDocs renders them as raw HTML.
        target.write_text(page.markdown, encoding="utf-8")
    for path, text in build.site.assets.items():
        target = docs / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    config = (ours / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("docs_dir: content/pages", "docs_dir: docs")
    lines, skip = [], False
    for line in config.splitlines():
        if line.strip().startswith("- guidegen"):
            skip = True
            continue
        if skip and line.startswith("      "):
            continue
        skip = False
        lines.append(line)
    nav = json.dumps(build.site.nav(build.hand_written))
    lines.append(f"nav: {nav}")
    lines.append("extra_css: [assets/guidegen/calculator.css]")
    lines.append("extra_javascript: [{path: assets/guidegen/calculator.js, type: module}]")
    (plain / "mkdocs.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return ours, plain


def bench_build(sizes: list[int], repeats: int, zensical: bool = True) -> dict:
    results: dict = {"sizes": [], "processors": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
                     else os.cpu_count()}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        say("full guide build")
        results["guide_seconds"] = min(mkdocs_build(ROOT, work / "guide-site") for _ in range(repeats))
        for n in sizes:
            ours, plain = make_projects(n, work)
            pages = sum(1 for _ in (plain / "docs").rglob("*.md"))
            say(f"{n} synthetic entities ({pages} pages): ours vs plain MkDocs, {repeats} rounds")
            # A round builds each variant once, each just after a plain MkDocs build: a shared machine's speed
            # drifts (the same plain build took 5.1 s and 7.4 s on one afternoon), so each ratio is the median,
            # over the rounds, of a variant's time over the plain build's just before it. The variants:
            # ours: a repeated build (the rendered site from the cache); edited: after a content edit (the
            # pages rendered again, compiled calculators from the cache: this project's rendered site is
            # dropped first); cold: a fresh machine's first build (no cache: every calculator compiled); one
            # process: the same with GUIDEGEN_JOBS=1 (nothing rendered or compiled beside MkDocs).
            variants = {"ours": {}, "edited": {"cache": True}, "cold": {"cache": False},
                        "single": {"cache": False, "one_process": True}}
            runs: dict[str, list[tuple[tuple[float, float], tuple[float, float]]]] = {v: [] for v in variants}
            z_first, z_again = [], []
            mkdocs_build_timed(ours, work / f"s-ours-{n}")  # fills the cache: ours is the repeated build
            for _ in range(repeats):
                for name, options in variants.items():
                    before = mkdocs_build_timed(plain, work / f"s-plain-{n}")
                    if name == "edited":
                        forget_rendered_site(ours)
                    runs[name].append((mkdocs_build_timed(ours, work / f"s-{name}-{n}", **options), before))
                if zensical:  # a fresh machine's first build, then the same again (guidegen's and Zensical's caches warm)
                    z_first.append(zensical_build_timed(ours, work / f"z-{n}", first=True))
                    z_again.append(zensical_build_timed(ours, work / f"z-{n}", first=False))

            def best(name: str, which: int = 0) -> float:
                return round(min(run[which] for run, _ in runs[name]), 3)

            def ratio(name: str, which: int = 0) -> float:
                return round(statistics.median(run[which] / plain_run[which] for run, plain_run in runs[name]), 3)

            plains = [plain_run for name in variants for _, plain_run in runs[name]]
            results["sizes"].append({"entities": n, "pages": pages, "rounds": repeats,
                                     "ours_s": best("ours"), "plain_s": round(min(p[0] for p in plains), 3),
                                     "ratio": ratio("ours"), "ours_cpu_s": best("ours", 1),
                                     "plain_cpu_s": round(min(p[1] for p in plains), 3), "cpu_ratio": ratio("ours", 1),
                                     "after_edit_s": best("edited"), "after_edit_ratio": ratio("edited"),
                                     "no_cache_s": best("cold"), "no_cache_ratio": ratio("cold"),
                                     "no_cache_cpu_s": best("cold", 1), "no_cache_cpu_ratio": ratio("cold", 1),
                                     "one_process_s": best("single"), "one_process_ratio": ratio("single"),
                                     "one_process_cpu_s": best("single", 1),
                                     **({"zensical_first": _best(z_first), "zensical_repeated": _best(z_again)}
                                        if zensical else {})})
    return results


def _best(runs: list[dict[str, float]]) -> dict[str, float]:
    """The run with the least total time, rounded (its steps add up to it)."""
    return {k: round(v, 3) for k, v in min(runs, key=lambda r: r["total_s"]).items()}


def forget_rendered_site(project: Path) -> None:
    """Drop the project's rendered site from the build cache (as a content edit would miss it)."""
    from guidegen import cache
    from guidegen.build import site_slot
    from guidegen.project import Project

    where = cache.folder()
    if where is not None:
        (where / "sites" / site_slot(Project(project))).unlink(missing_ok=True)


def gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=9, mtime=0))


def calculator_names(site: Path) -> list[str]:
    """The calculators of a built site: one bundle each (`NAME.js`; the files of a page with several,
    `A-B.js` and `A-B.A.js`, are not calculators)."""
    return sorted(p.stem for p in (site / "assets/calculators").glob("*.js") if re.fullmatch(r"[a-z0-9_]+", p.stem))


def bench_calculators(loads: int) -> dict:
    """Sizes from a fresh build; timings from headless Chromium when it is available."""
    results: dict = {"pages": []}
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        mkdocs_build(ROOT, site)
        names = calculator_names(site)
        timing = {}
        try:
            timing = browser_timings(site, names, loads)
        except Exception as err:  # no Chromium here: sizes still count
            say(f"no browser timings: {err}")
        for name in names:
            row = {"calculator": name, **page_weight(site, name)}
            row.update(timing.get(name, {}))
            results["pages"].append(row)
        results["together"] = [shared_weight(site, page) for page in pages_with_several(site)]
        if "plan" in names:
            try:
                results["plan_keystrokes"] = plan_keystrokes(site)
            except Exception as err:  # no Chromium here
                say(f"no plan keystroke timings: {err}")
    return results


def bench_plan() -> dict:
    """The year plan's page alone, from a fresh build: its weight and its ten-row keystroke timings."""
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        mkdocs_build(ROOT, site)
        return {"pages": [{"calculator": "plan", **page_weight(site, "plan")}], "plan_keystrokes": plan_keystrokes(site)}


# The year plan with ten sales rows (issue 20: a keystroke updates everything within 5 ms with ten rows).
TEN_ROWS = ("etsy,300,30,5,8,5;ebay,120,45,0,20,7;gumroad,50,12.5,0,0,0;etsy,10,20,5,5,5;ebay,5,15,5,5,5;"
            "etsy,1,1000,0,0,0;ebay,1,99,0,1,1;gumroad,1,5,0,0,0;etsy,2,30,5,8,5;ebay,3,45,0,20,7")
PLAN_KEYSTROKE_TARGET_MS = 5.0

# One keystroke in the first row's orders field, as a reader types it (an input event on the field, which
# the rows editor and then the form hear): ms until every output, table and chart shows the new result
# (the widget updates them before the event returns), and until the explanation's words have followed too
# (widgets/explain.js, after the page's mutations, before the next task).
PLAN_KEYSTROKE_JS = """async () => {
  const form = document.querySelector('form[data-calculator=plan]');
  const field = form.querySelector('[data-rows-input=sales] .gg-row [data-field=orders]');
  const gross = form.querySelector('.gg-results output[name=gross_sales]');
  const words = form.querySelector('[data-explain]');
  const before = [gross.dataset.value, words.dataset.shown];
  const t0 = performance.now();
  field.value = String(Number(field.value) + 1);
  field.dispatchEvent(new Event('input', {bubbles: true}));
  const t1 = performance.now();
  await Promise.resolve();  // the explanation's observer, queued by the update, runs first
  const t2 = performance.now();
  if (gross.dataset.value === before[0]) throw new Error('the keystroke changed no output');
  return [t1 - t0, words.dataset.shown !== before[1] ? t2 - t0 : null];
}"""


def plan_keystrokes(site: Path, count: int = 50, warm: int = 5) -> dict:
    """The plan page with ten rows in headless Chromium: `count` keystrokes (after `warm` not counted), each
    timed to every output updated, and to the explanation updated; median and 90th percentile in ms."""
    from playwright.sync_api import sync_playwright

    with serving(site) as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.goto(f"{base}/calculators/plan/?sales={TEN_ROWS}")
        page.wait_for_selector("form[data-calculator=plan][data-ready] [data-rows-input=sales][data-ready]")
        page.wait_for_selector("#gg-plan-explain[data-on]")
        assert page.locator("[data-rows-input=sales] .gg-row").count() == 10
        times = [page.evaluate(PLAN_KEYSTROKE_JS) for _ in range(warm + count)][warm:]
        browser.close()
    outputs = sorted(t[0] for t in times)
    words = sorted(t[1] for t in times if t[1] is not None)

    def p90(xs: list[float]) -> float:
        return xs[min(len(xs) - 1, int(round(0.9 * (len(xs) - 1))))]

    return {"rows": 10, "keystrokes": count, "outputs_median_ms": statistics.median(outputs),
            "outputs_p90_ms": p90(outputs), "with_words_median_ms": statistics.median(words) if words else None,
            "with_words_p90_ms": p90(words) if words else None, "target_ms": PLAN_KEYSTROKE_TARGET_MS,
            # A shared machine's load shows in these figures: the load average as they were taken.
            "load_average_1min": round(os.getloadavg()[0], 2)}


def pages_with_several(site: Path) -> list[Path]:
    """The pages that embed more than one calculator."""
    return sorted(p for p in site.rglob("index.html")
                  if len(set(re.findall(r'<form class="gg-calc" data-calculator="([a-z0-9_]+)"',
                                        p.read_text(encoding="utf-8")))) > 1)


def shared_weight(site: Path, page: Path) -> dict:
    """A page with several calculators: its own JS+CSS gzipped as shipped (their helpers once, in one module
    they import: registry.together) and as it would be with each calculator's single bundle."""
    html = page.read_text(encoding="utf-8")
    names = sorted(set(re.findall(r'<form class="gg-calc" data-calculator="([a-z0-9_]+)"', html)))
    common = (gz((site / "assets/guidegen/calculator.js").read_bytes())
              + gz((site / "assets/guidegen/calculator.css").read_bytes()) + gz(inline_modules(page)))
    shipped = re.findall(r'<link rel="modulepreload" href="[./]*(assets/calculators/[^"]+)"', html)
    singles = sum(gz((site / f"assets/calculators/{n}.js").read_bytes()) for n in names)
    return {"page": "/" + str(page.parent.relative_to(site)) + "/", "calculators": names,
            "shipped_gzip_bytes": common + sum(gz((site / f).read_bytes()) for f in shipped),
            "single_bundles_gzip_bytes": common + singles, "modules": shipped}


WEIGHT_BUDGET = 8192  # bytes, gzipped: the target for a calculator page's own JS+CSS (tests/test_site.py holds it)
# Pages allowed more: the comparison ranks every platform with the fee code, and draws a table and a chart;
# the year plan (issue 20) carries the fee, federal and state code with the rows a reader edits.
WEIGHT_BUDGETS = {"compare_platforms": 10240, "plan": 16384}


def page_weight(site: Path, name: str) -> dict[str, int]:
    """The guide's own JS+CSS for calculator `name` on its page in a built site, each part gzipped (-9), and
    their sum: the widget runtime and styles, the bundle, the page's inline module script, and the styles of
    a calculator beside the form where there is one (part.css; part.js itself loads only once the reader
    picks that calculator's key). Not here: widgets/search.js, the search index's shim every page carries
    (counted in the first visit's bytes, `visits`)."""
    page = site / "calculators" / name / "index.html"
    parts = {"runtime_gzip": site / "assets/guidegen/calculator.js", "css_gzip": site / "assets/guidegen/calculator.css",
             "module_gzip": site / f"assets/calculators/{name}.js"}
    row = {key: gz(path.read_bytes()) for key, path in parts.items()}
    row["inline_script_gzip"] = gz(inline_modules(page))
    html = page.read_text(encoding="utf-8")
    row["part_css_gzip"] = gz((site / "assets/guidegen/part.css").read_bytes()) if "guidegen/part.css" in html else 0
    row["rows_css_gzip"] = gz((site / "assets/guidegen/rows.css").read_bytes()) if "guidegen/rows.css" in html else 0
    # A list input's editor, which its bundle imports on the page's first result.
    row["rows_js_gzip"] = gz((site / "assets/guidegen/rows.js").read_bytes()) if "data-rows-input=" in html else 0
    # Not in the first load: what loads once the page has shown its first result, on the pages with an
    # explanation: its words (widgets/explain.js) and the print stylesheet it links (widgets/print.css,
    # media print, which the browser fetches without waiting on it). A stylesheet a page's HTML links for
    # print would not be counted here: only the files above are, and no page has one.
    explained = "data-explain=" in html
    later = {"explain_js_gzip": gz((site / "assets/guidegen/explain.js").read_bytes()) if explained else 0,
             "print_css_gzip": gz((site / "assets/guidegen/print.css").read_bytes()) if explained else 0}
    later["after_first_result_gzip"] = sum(later.values())
    return {"own_js_css_gzip_bytes": sum(row.values()), **row, **later}


def inline_modules(page: Path) -> bytes:
    """The page's inline module scripts (they import the runtime and register its calculators)."""
    html = page.read_text(encoding="utf-8")
    return "".join(re.findall(r'<script type="module">(.*?)</script>', html, flags=re.S)).encode()


# Pyodide's files needed before the first result of a pure-Python calculator (no extra packages):
# the loader, the Emscripten glue, the WebAssembly interpreter, the standard library, the lock file.
PYODIDE_FILES = [("pyodide.mjs", "pyodide.js"), ("pyodide.asm.mjs", "pyodide.asm.js"), ("pyodide.asm.wasm",),
                 ("python_stdlib.zip",), ("pyodide-lock.json",)]


VISITED = ["/", "/calculators/platform_fees/", "/platforms/etsy/"]


def bench_visits() -> dict:
    """{path: bytes transferred by a first visit, requests}, and the search index's size: raw, gzipped, and
    what searching then adds (focus in the search field fetches it)."""
    from playwright.sync_api import sync_playwright

    results: dict = {"pages": {}}
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        mkdocs_build(ROOT, site)
        index = (site / "search/search_index.json").read_bytes()
        results["index_bytes"], results["index_gzip"] = len(index), len(gzip.compress(index, 6, mtime=0))
        with serving(site, compress=True) as base, sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS)
            for path in VISITED:
                context = browser.new_context()  # a first visit: nothing cached
                page = context.new_page()
                done: list = []
                page.on("requestfinished", lambda r: done.append(r))
                page.goto(base + path, wait_until="networkidle")
                page.wait_for_timeout(500)
                sizes = [r.sizes() for r in done]
                total = sum(s["responseBodySize"] + s["responseHeadersSize"] for s in sizes)
                external = [r.url for r in done if not r.url.startswith(base)]
                index_loaded = any(r.url.endswith("search/search_index.json") for r in done)
                results["pages"][path] = {"bytes": total, "requests": len(done), "index_on_load": index_loaded,
                                          "other_hosts": external}
                context.close()
            browser.close()
    return results


def bench_pyodide(version: str | None) -> dict:
    """Bytes of the published `pyodide` npm package's start-up files, raw and gzipped, via `npm pack`."""
    import tarfile

    npm = shutil.which("npm")
    if not npm:
        return {"error": "npm is not installed here"}
    spec = f"pyodide@{version}" if version else "pyodide"
    with tempfile.TemporaryDirectory() as tmp:
        say(f"npm pack {spec}")
        done = subprocess.run([npm, "pack", spec, "--silent"], cwd=tmp, capture_output=True, text=True)
        tarballs = list(Path(tmp).glob("pyodide-*.tgz"))
        if done.returncode != 0 or not tarballs:
            return {"error": f"npm pack {spec} failed: {(done.stderr or done.stdout).strip()[-300:]}"}
        files = {}
        with tarfile.open(tarballs[0]) as tar:
            members = {m.name.removeprefix("package/"): m for m in tar.getmembers() if m.isfile()}
            package = json.loads(tar.extractfile(members["package.json"]).read())
            for choices in PYODIDE_FILES:
                name = next((c for c in choices if c in members), None)
                if name is None:
                    return {"error": f"{spec} has none of {choices}", "version": package.get("version")}
                data = tar.extractfile(members[name]).read()
                files[name] = {"bytes": len(data), "gzip": gz(data)}
    return {"version": package["version"], "files": files,
            "total_bytes": sum(f["bytes"] for f in files.values()),
            "total_gzip": sum(f["gzip"] for f in files.values()),
            "how": "npm pack of the published package; each start-up file's size, and gzip -9 of it "
                   "(a server that compresses sends about that much; the stdlib zip barely shrinks)"}


def bench_lighthouse() -> dict:
    """Lighthouse mobile scores (0-100) for the home page and the first calculator page, or why not."""
    npx, chromium = shutil.which("npx"), shutil.which("chromium") or shutil.which("chromium-browser")
    if not npx or not chromium:
        return {"error": f"needs npx and Debian's chromium (npx: {npx}, chromium: {chromium})"}
    results: dict = {"pages": {}, "served": "text files gzipped, as a static host serves them"}
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        with serving(site, compress=True) as base:
            mkdocs_build(ROOT, site, site_url=base + "/")
            names = calculator_names(site)
            pages = ["/"] + ([f"/calculators/{names[0]}/"] if names else [])
            for path in pages:
                out = Path(tmp) / "lh.json"
                say(f"lighthouse {path}")
                done = subprocess.run(
                    [npx, "-y", "lighthouse@13", base + path, f"--chrome-path={chromium}",
                     "--chrome-flags=--headless=new --no-sandbox --disable-gpu", "--output=json",
                     f"--output-path={out}", "--quiet", "--form-factor=mobile",
                     "--only-categories=performance,accessibility,best-practices,seo"],
                    capture_output=True, text=True, timeout=600)
                if done.returncode != 0 or not out.exists():
                    results["pages"][path] = {"error": (done.stderr or done.stdout).strip()[-500:]}
                    continue
                report = json.loads(out.read_text())
                results["version"] = report.get("lighthouseVersion")
                row = {k: round(c["score"] * 100) if c["score"] is not None else None
                       for k, c in report["categories"].items()}
                # What kept a category under 100, so the table says why.
                row["below_100"] = sorted({a for c in report["categories"].values() for r in c["auditRefs"]
                                           if r["weight"] > 0 and (a := r["id"])
                                           and report["audits"][a].get("score") not in (None, 1)})
                results["pages"][path] = row
    return results


CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]

# The runtime's first result, read from its performance mark: ms after the page was parsed
# (domInteractive: what the guide's own scripts cost) and ms after the HTML arrived (responseEnd:
# includes the theme's scripts and the browser's first layout).
FIRST_RESULT_JS = """async (name) => {
  const mark = 'gg:first-result:' + name;
  for (let i = 0; i < 400 && !performance.getEntriesByName(mark).length; i++) {
    await new Promise(r => setTimeout(r, 5));
  }
  const m = performance.getEntriesByName(mark)[0];
  const nav = performance.getEntriesByType('navigation')[0];
  return m ? [m.startTime - nav.domInteractive, m.startTime - nav.responseEnd] : null;
}"""

# Time from a keystroke (an input event on the first number field) to the first output changing.
KEYSTROKE_JS = """async () => {
  const form = document.querySelector('form[data-calculator]');
  const field = form.querySelector('input[inputmode=decimal], input[type=number], input[type=text]');
  const outs = [...form.querySelectorAll('output')];
  const before = outs.map(o => o.dataset.value).join('|');
  const t0 = performance.now();
  field.value = String((parseFloat(field.value) || 0) + 1);
  field.dispatchEvent(new Event('input', {bubbles: true}));
  while (outs.map(o => o.dataset.value).join('|') === before && performance.now() - t0 < 2000) {
    await new Promise(r => setTimeout(r, 0));
  }
  return performance.now() - t0;
}"""


def browser_timings(site: Path, names: list[str], loads: int) -> dict:
    """{name: {first_result_ms, keystroke_ms}}: medians over `loads` fresh page loads each."""
    from playwright.sync_api import sync_playwright

    out = {}
    with serving(site) as base:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS)
            for name in names:
                firsts, keys = [], []
                for _ in range(loads):
                    page = browser.new_page()
                    page.goto(f"{base}/calculators/{name}/")
                    firsts.append(page.evaluate(FIRST_RESULT_JS, name))
                    keys.append(page.evaluate(KEYSTROKE_JS))
                    page.close()
                firsts = [f for f in firsts if f is not None]
                out[name] = {"first_result_ms": statistics.median(f[0] for f in firsts) if firsts else None,
                             "first_result_after_html_ms": statistics.median(f[1] for f in firsts) if firsts else None,
                             "keystroke_ms": statistics.median(keys)}
            browser.close()
    return out


def table(results: dict) -> str:
    out = []
    if "build" in results:
        b = results["build"]
        out.append(f"Full guide build: {b['guide_seconds']:.2f} s; {b.get('processors', '?')} processor(s) here. "
                   "Without the cache, the pages are rendered and the calculators compiled in a second process "
                   "beside MkDocs; 'one process' is the same build with GUIDEGEN_JOBS=1. Times are the best of the "
                   "rounds; each ratio is the median over the rounds of a build's time over that of the plain MkDocs "
                   "build run just before it.\n")
        out.append("| entities | pages | guidegen (s) | plain MkDocs (s) | ratio (target <= 1.15) "
                   "| guidegen CPU (s) | plain CPU (s) | CPU ratio | after a content edit (s) | its ratio "
                   "| without the cache (s) | its ratio | its CPU (s) | its CPU ratio | one process (s) | its ratio |")
        out.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        for r in b["sizes"]:
            edited = (f"{r['after_edit_s']:.2f} | {r['after_edit_ratio']:.3f}" if "after_edit_s" in r else "n/a | n/a")
            cold = (f"{r['no_cache_s']:.2f} | {r['no_cache_ratio']:.3f}" if "no_cache_s" in r else "n/a | n/a")
            cold_cpu = (f"{r['no_cache_cpu_s']:.2f} | {r['no_cache_cpu_ratio']:.3f}" if "no_cache_cpu_s" in r
                        else "n/a | n/a")
            single = (f"{r['one_process_s']:.2f} | {r['one_process_ratio']:.3f}" if "one_process_s" in r
                      else "n/a | n/a")
            out.append(f"| {r['entities']} | {r['pages']} | {r['ours_s']:.2f} | {r['plain_s']:.2f} | {r['ratio']:.3f} "
                       f"| {r['ours_cpu_s']:.2f} | {r['plain_cpu_s']:.2f} | {r['cpu_ratio']:.3f} | {edited} | {cold} "
                       f"| {cold_cpu} | {single} |")
        out.append("")
        if all("zensical_first" in r for r in b["sizes"]):
            out.append("Both builders, wall seconds (best of the rounds). First: a fresh machine (no guidegen cache, "
                       "no Zensical cache); repeated: the same build again. Zensical's is `guidegen export` + "
                       "`zensical build --strict` + `guidegen export --finish`, each step shown.\n")
            out.append("| entities | pages | MkDocs first | MkDocs repeated | Zensical first | its steps "
                       "| Zensical repeated | its steps |")
            out.append("|---:|---:|---:|---:|---:|---|---:|---|")

            def steps(z: dict) -> str:
                return f"{z['export_s']:.2f} + {z['zensical_s']:.2f} + {z['finish_s']:.2f}"

            for r in b["sizes"]:
                zf, zr = r["zensical_first"], r["zensical_repeated"]
                out.append(f"| {r['entities']} | {r['pages']} | {r['no_cache_s']:.2f} | {r['ours_s']:.2f} "
                           f"| {zf['total_s']:.2f} | {steps(zf)} | {zr['total_s']:.2f} | {steps(zr)} |")
            out.append("")
    if "calculators" in results:
        out.append("| calculator page | own JS+CSS gzip (target <= 8192 B) | then, after the first result | page parsed "
                   "-> first result, median ms (target <= 50) | HTML arrived -> first result, incl. theme, median ms "
                   "| keystroke -> result, median ms |")
        out.append("|---|---:|---:|---:|---:|---:|")

        def ms(value: float | None, digits: int = 1) -> str:
            return "n/a" if value is None else f"{value:.{digits}f}"

        for r in results["calculators"]["pages"]:
            later = r.get("after_first_result_gzip") or 0
            out.append(f"| {r['calculator']} | {r['own_js_css_gzip_bytes']} | {f'+{later} B' if later else '-'} "
                       f"| {ms(r.get('first_result_ms'))} | "
                       f"{ms(r.get('first_result_after_html_ms'))} | {ms(r.get('keystroke_ms'), 2)} |")
        out.append("")
        k = results["calculators"].get("plan_keystrokes")
        if k:
            out.append(f"Year plan, {k['rows']} sales rows, {k['keystrokes']} keystrokes (target <= {k['target_ms']:g} ms): "
                       f"every output, table and chart updated in {k['outputs_median_ms']:.2f} ms median, "
                       f"{k['outputs_p90_ms']:.2f} ms 90th percentile; with the explanation's words too, "
                       f"{ms(k['with_words_median_ms'], 2)} ms median, {ms(k['with_words_p90_ms'], 2)} ms 90th "
                       f"percentile (load average {k.get('load_average_1min', 'n/a')}).\n")
        if results["calculators"].get("together"):
            out.append("| page with several calculators | own JS+CSS gzip, helpers once | with each single bundle | modules |")
            out.append("|---|---:|---:|---:|")
            for r in results["calculators"]["together"]:
                out.append(f"| {r['page']} ({', '.join(r['calculators'])}) | {r['shipped_gzip_bytes']:,} B "
                           f"| {r['single_bundles_gzip_bytes']:,} B | {len(r['modules'])} |")
            out.append("")
    if "pyodide" in results:
        p = results["pyodide"]
        if "error" in p:
            out.append(f"Pyodide: n/a ({p['error']})")
        else:
            pages = results.get("calculators", {}).get("pages", [])
            ours = max((r["own_js_css_gzip_bytes"] for r in pages), default=None)
            files = ", ".join(f"{n} {f['gzip'] / 1024:,.0f} KB" for n, f in p["files"].items())
            line = (f"Pyodide {p['version']} before its first result: {p['total_gzip'] / 1024:,.0f} KB gzipped "
                    f"({p['total_bytes'] / 1024:,.0f} KB raw; {files})")
            if ours:
                line += (f"; the heaviest calculator page's own JS+CSS is {ours:,} B gzipped: "
                         f"Pyodide is {p['total_gzip'] / ours:,.0f}x that")
            out.append(line + ".")
        out.append("")
    if "visits" in results:
        v = results["visits"]
        out.append(f"Search index: {v['index_bytes'] / 1024:,.0f} KB raw, {v['index_gzip'] / 1024:,.0f} KB gzipped, "
                   "fetched once the reader searches.\n")
        out.append("| first visit | bytes transferred, gzip (target <= 100 KB) | requests | index on load | other hosts |")
        out.append("|---|---:|---:|---|---|")
        for path, r in v["pages"].items():
            out.append(f"| {path} | {r['bytes'] / 1024:,.1f} KB | {r['requests']} | {'yes' if r['index_on_load'] else 'no'} "
                       f"| {', '.join(r['other_hosts']) or 'none'} |")
        out.append("")
    if "lighthouse" in results:
        lh = results["lighthouse"]
        if "error" in lh:
            out.append(f"Lighthouse: n/a ({lh['error']})")
        else:
            out.append(f"Lighthouse {lh.get('version', '?')}, mobile, {lh['served']} (target 100 each):\n")
            out.append("| page | performance | accessibility | best practices | SEO | audits under 100 |")
            out.append("|---|---:|---:|---:|---:|---|")
            for path, r in lh["pages"].items():
                if "error" in r:
                    out.append(f"| {path} | n/a | n/a | n/a | n/a | {r['error'][:120]} |")
                else:
                    out.append(f"| {path} | {r['performance']} | {r['accessibility']} | {r['best-practices']} | "
                               f"{r['seo']} | {', '.join(r['below_100']) or '-'} |")
    return "\n".join(out)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("what", nargs="?", default="all",
                        choices=["build", "calculators", "plan", "pyodide", "visits", "all", "lighthouse"])
    parser.add_argument("--sizes", default="50,200,1000")
    parser.add_argument("--repeats", type=int, default=3, help="rounds of build timings (best times, median ratios)")
    parser.add_argument("--no-zensical", action="store_true", help="build: time MkDocs builds only")
    parser.add_argument("--loads", type=int, default=20)
    parser.add_argument("--pyodide", default=None, help="pyodide npm version (default: the latest)")
    parser.add_argument("--json", default=str(ROOT / "bench-results" / "bench.json"))
    args = parser.parse_args()
    results: dict = {}
    if args.what in ("build", "all"):
        results["build"] = bench_build([int(s) for s in args.sizes.split(",") if s], args.repeats,
                                       zensical=not args.no_zensical)
    if args.what in ("calculators", "all"):
        results["calculators"] = bench_calculators(args.loads)
    if args.what == "plan":
        results["calculators"] = bench_plan()
    if args.what in ("pyodide", "all"):
        results["pyodide"] = bench_pyodide(args.pyodide)
    if args.what in ("visits", "all"):
        results["visits"] = bench_visits()
    if args.what == "lighthouse":
        results["lighthouse"] = bench_lighthouse()
    Path(args.json).parent.mkdir(parents=True, exist_ok=True)
    Path(args.json).write_text(json.dumps(results, indent=2) + "\n")
    print(table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
