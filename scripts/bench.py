#!/usr/bin/env python3
"""Benchmarks: `python scripts/bench.py [build|calculators|all] [--sizes 50,200,1000] [--json PATH]`.

build        time of the full guide build, and of builds with N synthetic entities against plain
             MkDocs building the same Markdown pages (the ratio is our overhead; target <= 1.15).
calculators  per calculator page: own JS+CSS bytes gzipped (target <= 8 KB), page load -> first result
             in headless Chromium (median of 20 loads, target <= 50 ms), keystroke -> updated result.

Prints a Markdown table and writes the figures as JSON (bench-results/bench.json by default).
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
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


def mkdocs_build(project: Path, site: Path) -> float:
    """Seconds for one `mkdocs build` (a fresh process, as a contributor runs it)."""
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--quiet", "-f", str(project / "mkdocs.yml"),
                    "-d", str(site)], check=True, cwd=project,
                   env={**os.environ, "SOURCE_DATE_EPOCH": "1764028800"})
    return time.perf_counter() - start


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
    from guidegen.plugin import hand_written_pages

    os.environ.setdefault("SOURCE_DATE_EPOCH", "1764028800")
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


def bench_build(sizes: list[int], repeats: int) -> dict:
    results: dict = {"sizes": []}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        say("full guide build")
        results["guide_seconds"] = min(mkdocs_build(ROOT, work / "guide-site") for _ in range(repeats))
        for n in sizes:
            ours, plain = make_projects(n, work)
            pages = sum(1 for _ in (plain / "docs").rglob("*.md"))
            say(f"{n} synthetic entities ({pages} pages): ours vs plain MkDocs, best of {repeats}")
            t_ours = min(mkdocs_build(ours, work / f"s-ours-{n}") for _ in range(repeats))
            t_plain = min(mkdocs_build(plain, work / f"s-plain-{n}") for _ in range(repeats))
            results["sizes"].append({"entities": n, "pages": pages, "ours_s": round(t_ours, 3),
                                     "plain_s": round(t_plain, 3), "ratio": round(t_ours / t_plain, 3)})
    return results


def gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=9, mtime=0))


def bench_calculators(loads: int) -> dict:
    """Sizes from a fresh build; timings from headless Chromium when it is available."""
    results: dict = {"pages": []}
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        mkdocs_build(ROOT, site)
        runtime = (site / "assets/guidegen/calculator.js").read_bytes()
        css = (site / "assets/guidegen/calculator.css").read_bytes()
        names = sorted(p.stem for p in (site / "assets/calculators").glob("*.js"))
        timing = {}
        try:
            timing = browser_timings(site, names, loads)
        except Exception as err:  # no Chromium here: sizes still count
            say(f"no browser timings: {err}")
        for name in names:
            module = (site / f"assets/calculators/{name}.js").read_bytes()
            row = {"calculator": name,
                   "own_js_css_gzip_bytes": gz(runtime) + gz(css) + gz(module),
                   "runtime_gzip": gz(runtime), "css_gzip": gz(css), "module_gzip": gz(module)}
            row.update(timing.get(name, {}))
            results["pages"].append(row)
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
    import functools
    import http.server
    import threading

    from playwright.sync_api import sync_playwright

    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    handler.log_message = lambda *a: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    out = {}
    try:
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
    finally:
        server.shutdown()
    return out


def table(results: dict) -> str:
    out = []
    if "build" in results:
        b = results["build"]
        out.append(f"Full guide build: {b['guide_seconds']:.2f} s\n")
        out.append("| entities | pages | guidegen (s) | plain MkDocs (s) | ratio (target <= 1.15) |")
        out.append("|---:|---:|---:|---:|---:|")
        for r in b["sizes"]:
            out.append(f"| {r['entities']} | {r['pages']} | {r['ours_s']:.2f} | {r['plain_s']:.2f} | {r['ratio']:.3f} |")
        out.append("")
    if "calculators" in results:
        out.append("| calculator page | own JS+CSS gzip (target <= 8192 B) | page parsed -> first result, median ms "
                   "(target <= 50) | HTML arrived -> first result, incl. theme, median ms | keystroke -> result, "
                   "median ms |")
        out.append("|---|---:|---:|---:|---:|")

        def ms(value: float | None, digits: int = 1) -> str:
            return "n/a" if value is None else f"{value:.{digits}f}"

        for r in results["calculators"]["pages"]:
            out.append(f"| {r['calculator']} | {r['own_js_css_gzip_bytes']} | {ms(r.get('first_result_ms'))} | "
                       f"{ms(r.get('first_result_after_html_ms'))} | {ms(r.get('keystroke_ms'), 2)} |")
    return "\n".join(out)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("what", nargs="?", default="all", choices=["build", "calculators", "all"])
    parser.add_argument("--sizes", default="50,200,1000")
    parser.add_argument("--repeats", type=int, default=1)
    parser.add_argument("--loads", type=int, default=20)
    parser.add_argument("--json", default=str(ROOT / "bench-results" / "bench.json"))
    args = parser.parse_args()
    results: dict = {}
    if args.what in ("build", "all"):
        results["build"] = bench_build([int(s) for s in args.sizes.split(",") if s], args.repeats)
    if args.what in ("calculators", "all"):
        results["calculators"] = bench_calculators(args.loads)
    Path(args.json).parent.mkdir(parents=True, exist_ok=True)
    Path(args.json).write_text(json.dumps(results, indent=2) + "\n")
    print(table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
