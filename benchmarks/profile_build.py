"""Where an Atlas build spends its time: one `mkdocs build --strict` of a generated corpus under
cProfile, summed by package (own time) and by the build's stages (cumulative time).

    python benchmarks/profile_build.py [--records 1000] [--out build.prof]

cProfile slows Python code about 2-3x, evenly enough for shares; the seconds are not wall time.
"""
from __future__ import annotations

import argparse
import collections
import os
import pstats
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path[:0] = [str(HERE)]

import corpus  # noqa: E402

# (label, file suffix, function name) of the build's stages, by cumulative time
STAGES = [
    ("whole build", "mkdocs/commands/build.py", "build"),
    ("Atlas: load and check the records (hook on_config)", "macros/site.py", "load_for_build"),
    ("Markdown to HTML (Python-Markdown)", "markdown/core.py", "convert"),
    ("mkdocs-macros: every page's Markdown as a Jinja template", "mkdocs_macros/plugin.py", "on_page_markdown"),
    ("  of which the Atlas's record and guide templates", "macros/render.py", "_render"),
    ("  of which Jinja compiling each page", "jinja2/environment.py", "compile"),
    ("Material page template (main.html)", "material/templates/main.html", "root"),
    ("  of which the navigation sidebar", "material/templates/partials/nav.html", "root"),
    ("search index (Material's search plugin)", "material/plugins/search/plugin.py", "on_page_context"),
    ("writing files", "mkdocs/utils/__init__.py", "write_file"),
]


def package(filename: str) -> str:
    if "site-packages/" in filename:
        return filename.split("site-packages/")[1].split("/")[0]
    if "/macros/" in filename:
        return "Atlas (macros/)"
    if filename.startswith(("~", "<")):
        return "built-ins and C"
    return "stdlib " + filename.rsplit("/", 1)[-1]


def report(prof: Path, top: int = 15) -> str:
    stats = pstats.Stats(str(prof))
    own = collections.Counter()
    cumulative = {}
    for (filename, _line, function), (_cc, _nc, tottime, cumtime, _callers) in stats.stats.items():
        own[package(filename)] += tottime
        for label, suffix, name in STAGES:
            if filename.endswith(suffix) and function == name:
                cumulative[label] = max(cumulative.get(label, 0), cumtime)
    total = cumulative.get("whole build") or sum(own.values())
    lines = [f"profiled build: {total:.1f} s (under cProfile)", "", "stage (cumulative) | s | share", "---|---:|---:"]
    lines += [f"{label} | {cumulative.get(label, 0):.1f} | {cumulative.get(label, 0) / total:.0%}" for label, _s, _n in STAGES]
    lines += ["", "package (own time) | s | share", "---|---:|---:"]
    lines += [f"{name} | {seconds:.1f} | {seconds / total:.0%}" for name, seconds in own.most_common(top)]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=1000)
    parser.add_argument("--out", type=Path, help="keep the .prof file here")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="atlas-profile-") as tmp:
        content = Path(tmp) / "content"
        counts = corpus.generate(args.records, content)
        prof = args.out or Path(tmp) / "build.prof"
        env = dict(os.environ, ATLAS_CONTENT=str(content), NO_MKDOCS_2_WARNING="1")
        subprocess.run([sys.executable, "-m", "cProfile", "-o", str(prof), "-m", "mkdocs", "build", "--strict", "-q",
                        "-f", str(REPO / "mkdocs.yml"), "-d", str(Path(tmp) / "site")], env=env, check=True, cwd=REPO)
        print(f"{sum(counts.values())} records {counts}")
        print(report(prof))
    return 0


if __name__ == "__main__":
    sys.exit(main())
