"""Where an Atlas build spends its time: one `mkdocs build --strict` of a generated corpus under
cProfile, summed by package (own time) and by the build's stages (cumulative time).

    python benchmarks/profile_build.py [--records 1000] [--out build.prof] [--json OUT.json]
    python benchmarks/profile_build.py --records 20     # a smoke run, about 10 s

The corpus goes through `python -m macros check` first; a failed build stops the script with
MkDocs' own message.

cProfile slows Python code about 2-3x, evenly enough for shares; the seconds are not wall time.
"""

from __future__ import annotations

import argparse
import collections
import json
import pstats
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path[:0] = [str(HERE)]

import corpus  # noqa: E402
from common import build_env, explain_failure, require_valid  # noqa: E402

# (label, file suffix, function name) of the build's stages, by cumulative time. The Atlas's own
# stages are the hook's events (macros/mkdocs_hook.py is named in mkdocs.yml), not its internals,
# which move; a stage whose function is not in the profile shows as "-".
STAGES = [
    ("whole build", "mkdocs/commands/build.py", "build"),
    ("Atlas hook on_config: load and check the records (and what the hook prepares there)", "macros/mkdocs_hook.py", "on_config"),
    ("Atlas hook on_files: add the generated pages", "macros/mkdocs_hook.py", "on_files"),
    ("Atlas hook on_page_markdown", "macros/mkdocs_hook.py", "on_page_markdown"),
    ("Atlas hook on_page_content", "macros/mkdocs_hook.py", "on_page_content"),
    ("Atlas hook on_post_build: the exports", "macros/mkdocs_hook.py", "on_post_build"),
    ("Markdown to HTML (Python-Markdown)", "markdown/core.py", "convert"),
    ("mkdocs-macros: pages' Markdown as Jinja templates", "mkdocs_macros/plugin.py", "on_page_markdown"),
    ("Jinja compiling templates (whoever asks: mkdocs-macros, the Atlas, the theme)", "jinja2/environment.py", "compile"),
    ("Material page template (base.html)", "material/templates/base.html", "root"),
    ("  of which the navigation sidebar", "material/templates/partials/nav.html", "root"),
    ("search index (Material's search plugin)", "material/plugins/search/plugin.py", "on_page_context"),
    ("writing files", "mkdocs/utils/__init__.py", "write_file"),
]


def package(filename: str) -> str:
    if "site-packages/" in filename:
        return filename.split("site-packages/")[1].split("/")[0]
    if "/macros/" in filename:
        return "Atlas (macros/)"
    if "/overrides/" in filename:
        return "Atlas theme overrides (overrides/)"
    if filename.startswith(("~", "<")):
        return "built-ins and C"
    return "stdlib " + filename.rsplit("/", 1)[-1]


def shares(prof: Path, top: int = 15) -> dict:
    """Seconds by stage (cumulative) and by package (own time) of a .prof file."""
    stats = pstats.Stats(str(prof))
    own = collections.Counter()
    cumulative = {}
    for (filename, _line, function), (_cc, _nc, tottime, cumtime, _callers) in stats.stats.items():
        own[package(filename)] += tottime
        for label, suffix, name in STAGES:
            if filename.endswith(suffix) and function == name:
                cumulative[label] = max(cumulative.get(label, 0), cumtime)
    total = cumulative.get("whole build") or sum(own.values())
    return {
        "profiled_s": round(total, 2),
        "stages": {label: round(cumulative[label], 2) if label in cumulative else None for label, _s, _n in STAGES},
        "packages": {name: round(seconds, 2) for name, seconds in own.most_common(top)},
    }


def report(found: dict) -> str:
    total = found["profiled_s"] or 1
    lines = [
        f"profiled build: {found['profiled_s']:.1f} s (under cProfile)",
        "",
        "stage (cumulative) | s | share",
        "---|---:|---:",
    ]
    lines += [
        f"{label} | {seconds:.1f} | {seconds / total:.0%}" if seconds is not None else f"{label} | - | -"
        for label, seconds in found["stages"].items()
    ]
    lines += ["", "package (own time) | s | share", "---|---:|---:"]
    lines += [f"{name} | {seconds:.1f} | {seconds / total:.0%}" for name, seconds in found["packages"].items()]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=1000)
    parser.add_argument("--out", type=Path, help="keep the .prof file here")
    parser.add_argument("--json", type=Path, help="write the shares as JSON here")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="atlas-profile-") as tmp:
        content = Path(tmp) / "content"
        counts = corpus.generate(args.records, content)
        records = sum(counts.values())
        require_valid(content, f"The generated corpus of {records} records (benchmarks/corpus.py)")
        prof = args.out or Path(tmp) / "build.prof"
        env = build_env(content)
        command = [
            sys.executable,
            "-m",
            "cProfile",
            "-o",
            str(prof),
            "-m",
            "mkdocs",
            "build",
            "--strict",
            "-q",
            "-f",
            str(REPO / "mkdocs.yml"),
            "-d",
            str(Path(tmp) / "site"),
        ]
        log = Path(tmp) / "build.log"
        with log.open("w") as out:
            done = subprocess.run(command, env=env, cwd=REPO, stdout=out, stderr=subprocess.STDOUT)
        if done.returncode != 0:
            print(
                f"build failed (exit {done.returncode}): {' '.join(command)}\n{explain_failure(command, env, log)}",
                file=sys.stderr,
            )
            return 1
        found = {"records": records, "counts": counts, **shares(prof)}
        print(f"{records} records {counts}")
        print(report(found))
        if args.json:
            args.json.parent.mkdir(parents=True, exist_ok=True)
            args.json.write_text(json.dumps(found, indent=2) + "\n", "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
