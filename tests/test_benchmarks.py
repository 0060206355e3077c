"""The benchmarks (benchmarks/) keep working: the generated corpus passes the checker, and every
benchmark script finishes a tiny run and writes what it measures. Smoke runs, not measurements:
the sizes are tiny, nothing is compared against a target, and nothing uses the network (page
weight runs without Lighthouse). About a minute on 2 cores.

Everything runs as a command, as a contributor would run it: the benchmarks import nothing from
macros/, and neither does this file."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
BENCH = REPO / "benchmarks"
TIMEOUT = 240  # seconds for any one command; a hung server or build fails the test instead of the run


def _env(**extra: str) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "ATLAS_CONTENT"}
    env.update(NO_MKDOCS_2_WARNING="1", PYTHONDONTWRITEBYTECODE="1", **extra)
    return env


def _run(*args, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *map(str, args)], cwd=REPO, env=env or _env(), capture_output=True, text=True, timeout=TIMEOUT
    )


def _ok(done: subprocess.CompletedProcess) -> None:
    assert done.returncode == 0, f"exit {done.returncode}\n{done.stdout[-4000:]}\n{done.stderr[-4000:]}"


# -- the corpus ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("records", [30, 1000])
def test_the_generated_corpus_passes_the_checker(tmp_path, records):
    content = tmp_path / "content"
    _ok(_run(BENCH / "corpus.py", records, content))
    assert len(list(content.glob("*/*.yaml"))) >= records
    _ok(_run("-m", "macros", "check", content))


# Run in a child process: a corpus generator whose records share an alias, then build_scaling.
_BROKEN_CORPUS = """
import sys
sys.path.insert(0, sys.argv[1])
import corpus, build_scaling

real_build = corpus._Corpus.build

def build(self):
    records = real_build(self)
    first, second = list(records["interventions"].values())[:2]
    second["aliases"] = [first["name"].upper()]  # R306: the same name, in other case
    return records

corpus._Corpus.build = build
sys.exit(build_scaling.main(sys.argv[2:]))
"""


def test_build_scaling_stops_with_the_checkers_output_when_the_corpus_is_invalid(tmp_path):
    out = tmp_path / "scaling.json"
    done = _run(
        "-c",
        _BROKEN_CORPUS,
        BENCH,
        "--records",
        "20",
        "--repeat",
        "1",
        "--check-records",
        "0",
        "--no-real",
        "--no-rebuild",
        "--json",
        out,
    )
    assert done.returncode != 0
    assert "fails `python -m macros check`" in done.stderr, done.stderr[-3000:]  # checked before any build
    assert "R306" in done.stderr, done.stderr[-3000:]  # the checker's own words
    assert "round 1/1" not in done.stdout  # nothing was timed
    assert not out.exists()


def test_a_failed_quiet_build_is_explained_by_running_it_again_without_q(tmp_path):
    sys.path.insert(0, str(BENCH))
    try:
        import build_scaling
    finally:
        sys.path.remove(str(BENCH))
    # says nothing with -q, like a quiet MkDocs whose Abort lost its message (issue 18)
    command = [sys.executable, "-c", "import sys\nif '-q' not in sys.argv: print('the real', 'error')\nsys.exit(3)", "-q"]
    with pytest.raises(build_scaling.BuildFailed, match="(?s)exit 3.*the real error"):
        build_scaling.run_build(command, _env(), tmp_path / "quiet.log")


# -- every script, at a tiny size ----------------------------------------------------------------------


def test_build_scaling_smoke_run(tmp_path):
    out, table = tmp_path / "scaling.json", tmp_path / "scaling.md"
    _ok(
        _run(
            BENCH / "build_scaling.py",
            "--records",
            "20",
            "--repeat",
            "1",
            "--check-records",
            "50",
            "--no-real",
            "--timeout",
            "120",
            "--json",
            out,
            "--markdown",
            table,
        )
    )
    result = json.loads(out.read_text("utf-8"))
    (row,) = result["sizes"]
    assert row["ratio"] > 0 and row["ratio_cpu"] > 0
    assert row["atlas"]["ms_per_record"] > 0 and row["baseline"]["ms_per_record"] > 0
    assert row["atlas"]["html_pages"] > row["records"]
    assert result["check"]["records"] >= 50 and result["check"]["ms_per_record"] > 0
    assert 0 < result["rebuild_s"] < 120
    (rebuild,) = result["rebuilds"]
    assert rebuild["page_shows_edit"], rebuild  # the rebuilt page holds the edit
    assert "rebuild_s" in table.read_text("utf-8")


def test_check_speed_smoke_run(tmp_path):
    out = tmp_path / "check.json"
    _ok(_run(BENCH / "check_speed.py", "--records", "50", "--repeat", "1", "--json", out))
    result = json.loads(out.read_text("utf-8"))
    assert result["exit"] == 0 and result["records"] >= 50
    assert result["check_wall_s"] > 0 and result["ms_per_record"] > 0
    assert "target_met" in result


def test_profile_build_smoke_run(tmp_path):
    out = tmp_path / "profile.json"
    _ok(_run(BENCH / "profile_build.py", "--records", "20", "--json", out))
    result = json.loads(out.read_text("utf-8"))
    assert result["profiled_s"] > 0 and result["stages"]["whole build"] > 0
    assert result["packages"]


def test_page_weight_smoke_run_without_lighthouse(tmp_path):
    # an npx that only leaves a trace: Lighthouse (fetched by npx) must not run
    bin_dir, trace = tmp_path / "bin", tmp_path / "npx-was-called"
    bin_dir.mkdir()
    (bin_dir / "npx").write_text(f"#!/bin/sh\ntouch '{trace}'\nexit 1\n")
    (bin_dir / "npx").chmod(0o755)
    out = tmp_path / "weight.json"
    env = _env(PATH=f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}")
    _ok(_run(BENCH / "page_weight.py", "--records", "20", "--no-lighthouse", "--json", out, env=env))
    assert not trace.exists()
    result = json.loads(out.read_text("utf-8"))
    assert set(result["bytes"]) == {"record page (marker)", "guide, step 1", "guide, a result"}
    assert all(page["bytes"] > 0 and page["requests"] > 0 for page in result["bytes"].values())
    assert result["lighthouse"] == {}


def test_capture_pages_smoke_run(tmp_path):
    out, site = tmp_path / "pages", tmp_path / "site"
    _ok(_run(BENCH / "capture_pages.py", out, site, "--records", "20"))
    assert list((out / "markers").glob("*.md")) and (out / "guide" / "index.md").is_file()
    # the baseline's pages are whole: captured before the Atlas hook sets raw HTML aside
    guide = (out / "guide" / "index.md").read_text("utf-8")
    assert '<div class="atlas-choices">' in guide and "atlasraw" not in guide
