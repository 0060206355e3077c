"""Page weight: Lighthouse scores (performance, accessibility, best practices, SEO) for a record page
and the decision guide, on mobile and desktop, and the bytes each page loads. A benchmark, not a test:
nothing here runs in `make test`.

Lighthouse is not part of the project's dependencies. This script runs it with
`npx --yes lighthouse@12.8.2`, which downloads it into npm's cache on first use (about 25 s,
180 MB; nothing is added to the repository or to node_modules/). It drives Debian's Chromium
(/usr/bin/chromium, `make browser`), never a downloaded one.

    .venv/bin/python benchmarks/page_weight.py            # builds the real site into a temp folder
    .venv/bin/python benchmarks/page_weight.py --site site --runs 2 --json out.json
    .venv/bin/python benchmarks/page_weight.py --records 20 --no-lighthouse   # a smoke run: no network

The pages are found in the built site, not through the Atlas's code: the first marker's page, the
guide's step 1, and that marker's result page in individual therapy with no cultural concept.
With --records N the site is built from a generated corpus of about N records (benchmarks/corpus.py)
instead of content/. --no-lighthouse skips Lighthouse, the only part that needs the network.

Bytes are also counted in Chromium through Playwright (every response body the page loads, until
the network is idle), so the byte figures are there even if Lighthouse is not.
The local server does not compress: byte figures are uncompressed. A real host serving gzip sends
roughly a quarter of them (the gzipped size of each file is reported too)."""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlparse

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path[:0] = [str(HERE), str(REPO)]

from common import build_env, explain_failure, require_valid  # noqa: E402

from macros.printing import CHROMIUM, CHROMIUM_ARGS  # noqa: E402  (one home for how Chromium starts)

LIGHTHOUSE = "lighthouse@12.8.2"
FLAGS = ["--headless", *CHROMIUM_ARGS]
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def pages(site: Path) -> dict[str, str]:
    """The three pages measured, as paths under the site's root, found in the built site."""
    markers = sorted(p.parent.name for p in (site / "markers").glob("*/index.html"))
    marker = next((m for m in markers if (site / "guide" / m / "individual" / "none" / "index.html").is_file()), None)
    if marker is None:
        raise SystemExit(f"{site}: no marker page with a guide result at guide/MARKER/individual/none/")
    return {
        "record page (marker)": f"markers/{marker}/",
        "guide, step 1": "guide/",
        "guide, a result": f"guide/{marker}/individual/none/",
    }


def build(site: Path, content: Path | None) -> None:
    require_valid(content, "The generated corpus" if content else "content/")
    env = build_env(content)
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(site)]
    log = site.parent / "build.log"
    with log.open("w") as out:
        done = subprocess.run(command, cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT)
    if done.returncode != 0:
        raise SystemExit(f"build failed (exit {done.returncode}): {' '.join(command)}\n{explain_failure(command, env, log)}")


def lighthouse(url: str, preset: str, out: Path) -> dict:
    profile = tempfile.mkdtemp(prefix="lh-profile-")
    command = [
        "npx",
        "--yes",
        LIGHTHOUSE,
        url,
        "--quiet",
        "--output=json",
        f"--output-path={out}",
        f"--chrome-flags={' '.join(FLAGS)} --user-data-dir={profile}",
    ]
    if preset == "desktop":
        command.append("--preset=desktop")
    started = time.monotonic()
    subprocess.run(
        command, check=True, env={**os.environ, "CHROME_PATH": CHROMIUM}, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    report = json.loads(out.read_text())
    audits = report["audits"]
    return {
        "scores": {c: round(report["categories"][c]["score"] * 100) for c in CATEGORIES},
        "bytes": int(audits["total-byte-weight"]["numericValue"]),
        "requests": len(audits["network-requests"]["details"]["items"]),
        "fcp_ms": round(audits["first-contentful-paint"]["numericValue"]),
        "lcp_ms": round(audits["largest-contentful-paint"]["numericValue"]),
        "failed_audits": sorted(
            k
            for k, a in audits.items()
            if a.get("score") is not None
            and a["score"] < 0.9
            and a.get("scoreDisplayMode") in ("binary", "numeric", "metricSavings")
            and not k.endswith("-insight")
        ),
        "seconds": round(time.monotonic() - started, 1),
    }


def bytes_loaded(base: str, site: Path, paths: dict[str, str]) -> dict[str, dict]:
    """What Chromium loads for each page, counted from the responses (no Lighthouse needed)."""
    from playwright.sync_api import sync_playwright

    found = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS[1:])
        for name, path in paths.items():
            context = browser.new_context()
            loaded: list[str] = []
            context.on("requestfinished", lambda request, loaded=loaded: loaded.append(request.url))
            page = context.new_page()
            page.goto(base + path, wait_until="networkidle")
            files = []
            for url in loaded:
                local = site / urlparse(url).path.lstrip("/")
                local = local / "index.html" if local.is_dir() else local
                if local.is_file():
                    data = local.read_bytes()
                    files.append((urlparse(url).path, len(data), len(gzip.compress(data))))
            found[name] = {
                "requests": len(files),
                "bytes": sum(f[1] for f in files),
                "gzip_bytes": sum(f[2] for f in files),
                "largest": sorted(files, key=lambda f: -f[1])[:4],
            }
            context.close()
        browser.close()
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, help="an already built site (default: build the real one)")
    parser.add_argument("--records", type=int, help="build a generated corpus of about N records instead of content/")
    parser.add_argument("--runs", type=int, default=1, help="Lighthouse runs per page and preset (median kept)")
    parser.add_argument("--no-lighthouse", action="store_true", help="bytes only: no Lighthouse, no network")
    parser.add_argument("--json", type=Path, help="write every figure here")
    args = parser.parse_args(argv)

    work = Path(tempfile.mkdtemp(prefix="page-weight-"))
    site = args.site or work / "site"
    if not args.site:
        content = None
        if args.records:
            sys.path.insert(0, str(HERE))
            import corpus

            content = work / "content"
            corpus.generate(args.records, content)
        build(site, content)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}/"
        paths = pages(site)
        figures = {
            "site": "generated" if args.records and not args.site else str(args.site or "content/"),
            "records": args.records,
            "pages": paths,
            "bytes": bytes_loaded(base, site, paths),
            "lighthouse": {},
        }
        print("| page | requests | bytes loaded | gzipped | largest files |\n|---|---|---|---|---|")
        for name, found in figures["bytes"].items():
            largest = ", ".join(f"{Path(p).name} {b // 1024} KB" for p, b, _g in found["largest"])
            print(f"| {name} | {found['requests']} | {found['bytes']:,} | {found['gzip_bytes']:,} | {largest} |")
        if not args.no_lighthouse:
            print("\n| page | preset | perf | a11y | best pr. | SEO | total byte weight | requests | FCP ms | LCP ms | s |")
            print("|---|---|---|---|---|---|---|---|---|---|---|")
            for name, path in paths.items():
                for preset in ("mobile", "desktop"):
                    runs = [
                        lighthouse(base + path, preset, work / f"lh-{len(figures['lighthouse'])}-{i}.json")
                        for i in range(args.runs)
                    ]
                    run = sorted(runs, key=lambda r: r["scores"]["performance"])[len(runs) // 2]
                    run["performance_runs"] = [r["scores"]["performance"] for r in runs]
                    figures["lighthouse"][f"{name} / {preset}"] = run
                    s = run["scores"]
                    perf = "/".join(str(v) for v in run["performance_runs"]) if len(runs) > 1 else s["performance"]
                    print(
                        f"| {name} | {preset} | {perf} | {s['accessibility']} | {s['best-practices']} | {s['seo']} "
                        f"| {run['bytes']:,} | {run['requests']} | {run['fcp_ms']} | {run['lcp_ms']} | {run['seconds']} |",
                        flush=True,
                    )
                    if run["failed_audits"]:
                        print(f"|  | failed audits: {', '.join(run['failed_audits'])} |||||||||", flush=True)
            medians = [r["seconds"] for r in figures["lighthouse"].values()]
            print(f"\nLighthouse: {len(medians)} reports, median {statistics.median(medians)} s each")
    finally:
        server.shutdown()
        server.server_close()
        shutil.rmtree(work, ignore_errors=True)  # the built site and Lighthouse's reports
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(figures, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
