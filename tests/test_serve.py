"""Live preview: `mkdocs serve` rebuilds when a record or the Atlas's Python code changes, and the
rebuilt site shows the change (Python keeps modules between rebuilds; the hook imports them anew).
Runs a real server on 127.0.0.1 in a copy of the project, so editing files there is safe."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
import yaml
from helpers import REPO, SITE_PATH

sys.path.insert(0, str(REPO / "benchmarks"))
from common import make_serve_arguments  # noqa: E402  (the Makefile's `make serve`, read in one place)

PARTS = ("docs", "overrides", "macros", "content")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=120) as response:
        return response.read().decode("utf-8")


def _wait_for(log: Path, text: str, count: int, timeout: float = 240) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if log.read_text().count(text) >= count:
            return
        time.sleep(0.5)
    raise AssertionError(f"no {count}x {text!r} in the serve log:\n{log.read_text()[-3000:]}")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    project = tmp_path_factory.mktemp("serve") / "project"
    for part in PARTS:
        shutil.copytree(REPO / part, project / part, ignore=shutil.ignore_patterns("__pycache__"))
    for part in ("mkdocs.yml", "VERSION"):
        shutil.copyfile(REPO / part, project / part)
    port = _free_port()
    log = project / "serve.log"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("ATLAS_CONTENT", None)
    with log.open("w") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", *make_serve_arguments(), "-a", f"127.0.0.1:{port}"],
            cwd=project,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        _wait_for(log, "Serving on", 1)
        time.sleep(3)  # let the watcher settle (the first build writes __pycache__ under macros/)
        # mkdocs serve mounts the site at its public address's path
        yield project, f"http://127.0.0.1:{port}{SITE_PATH.rstrip('/')}", log
    finally:
        process.terminate()
        process.wait(timeout=30)


def _edit_and_wait(project: Path, log: Path, path: str, old: str, new: str) -> None:
    builds = log.read_text().count("Documentation built")
    target = project / path
    text = target.read_text()
    assert old in text, f"{path} no longer holds {old!r}"
    target.write_text(text.replace(old, new, 1))
    try:
        _wait_for(log, "Documentation built", builds + 1, timeout=45)
    except AssertionError:  # the watcher can miss an event just after it starts: save once more
        target.write_text(target.read_text())
        _wait_for(log, "Documentation built", builds + 1)


def test_the_watch_list_covers_records_schemas_templates_code_and_overrides():

    watched = yaml.safe_load((REPO / "mkdocs.yml").read_text())["watch"]
    assert {"content", "macros", "overrides"} <= set(watched)  # content/schemas and macros/templates inside


def test_an_edited_record_shows_after_the_rebuild(server):
    project, url, log = server
    _edit_and_wait(
        project,
        log,
        "content/interventions/acknowledge-contribution.yaml",
        'name: "Acknowledge your own contribution"',
        'name: "Own your part, live"',
    )
    assert "Own your part, live" in _get(f"{url}/interventions/acknowledge-contribution/")


def test_edited_atlas_code_shows_after_the_rebuild(server):
    project, url, log = server
    _edit_and_wait(project, log, "macros/build.py", "f'Alliance Atlas, <a href=", "f'Alliance Atlas (edited live), <a href=")
    assert "Alliance Atlas (edited live)," in _get(f"{url}/")


def test_an_invalid_record_shows_the_checkers_messages_until_it_is_fixed(server):
    """No endless spinner: the preview keeps serving, and the pages say what is wrong and where."""
    project, url, log = server
    path = "content/interventions/acknowledge-contribution.yaml"
    _edit_and_wait(project, log, path, "\nsummary:", "\nsumary:")
    for page in ("/", "/interventions/acknowledge-contribution/", "/guide/"):
        html = _get(url + page)
        assert "The Atlas has problems" in html, page
        assert "acknowledge-contribution.yaml:" in html and "S201 unknown field &#x27;sumary&#x27;" in html, page
        assert "livereload" in html, "the error page must reload itself once the record is fixed"
    _edit_and_wait(project, log, path, "\nsumary:", "\nsummary:")
    html = _get(url + "/interventions/acknowledge-contribution/")
    assert "The Atlas has problems" not in html and "Own your part, live" in html
