"""Strict builds in a temporary folder: a page per record, links both ways, nothing unrendered,
bad records fail the build with the checker's messages, and record text is always escaped."""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
import sys
from html import unescape
from pathlib import Path

import pytest
from helpers import BUILDER, REPO, RULE_FIXTURES, SCHEMAS, VALID, overlay

from macros.checks import load_checked
from macros.pages import page_markdown
from macros.vocabulary import PAGE_KINDS

MKDOCS = [sys.executable, "-m", BUILDER, "build", "--strict", "--config-file", str(REPO / "mkdocs.yml")]


def build(content: Path, site: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "ATLAS_CONTENT": str(content), "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run([*MKDOCS, "--site-dir", str(site)], cwd=REPO, env=env, capture_output=True, text=True)


def article(html: str) -> str:
    found = re.search(r"<article[^>]*>(.*?)</article>", html, re.S)
    assert found, "page has no article"
    return found.group(1)


def heading(html_text: str) -> str:
    """The text of the article's first-level heading, without its permalink, unescaped."""
    found = re.search(r"<h1\b[^>]*>(.*?)</h1>", article(html_text), re.S)
    assert found, "article has no heading"
    inner = re.sub(r'<a class="headerlink".*?</a>', "", found.group(1), flags=re.S)
    return unescape(re.sub(r"<[^>]+>", "", inner)).strip()


@pytest.fixture(scope="module", params=["fixture", "real"])
def built(request, tmp_path_factory):
    content = VALID if request.param == "fixture" else REPO / "content"
    site = tmp_path_factory.mktemp(f"site-{request.param}")
    result = build(content, site)
    assert result.returncode == 0, (result.stdout + result.stderr)[-3000:]
    atlas, problems = load_checked(content, SCHEMAS)
    assert problems == []
    return atlas, site


def test_every_record_has_its_page(built):
    atlas, site = built
    for folder in PAGE_KINDS:
        for record in atlas.records[folder].values():
            page = site / folder / record.id / "index.html"
            assert page.exists(), f"no page for {folder}/{record.id}"
            # The article's own heading, not the <title> (which repeats the name on every page).
            assert heading(page.read_text()) == record.name, f"{folder}/{record.id}"


def test_every_reference_has_an_anchor(built):
    atlas, site = built
    html = (site / "references" / "index.html").read_text()
    for key in atlas.records["references"]:
        assert f'id="{key}"' in html


def test_nothing_left_unrendered(built):
    _atlas, site = built
    for page in site.rglob("*.html"):
        text = article(page.read_text()) if "<article" in page.read_text() else ""
        assert "{{" not in text and "{%" not in text, page


def test_links_go_both_ways(built):
    atlas, site = built
    for marker in atlas.records["markers"].values():
        html = article((site / "markers" / marker.id / "index.html").read_text())
        for entry in marker.data["repairs"]:
            assert f'href="../../interventions/{entry["intervention"]}/"' in html
            back = article((site / "interventions" / entry["intervention"] / "index.html").read_text())
            assert f'href="../../markers/{marker.id}/"' in back
        rupture = article((site / "ruptures" / marker.data["rupture"] / "index.html").read_text())
        assert f'href="../../markers/{marker.id}/"' in rupture
    for example in atlas.records["examples"].values():
        for marker_id in example.data["markers"]:
            back = article((site / "markers" / marker_id / "index.html").read_text())
            assert f'href="../../examples/{example.id}/"' in back


def test_a_retold_vignette_names_its_source_once_as_written(built):
    """The record's `source:` is a sentence of its own: the page adds nothing before it (it once
    read "Retold in our own words from Retold in our own words from ...")."""
    atlas, site = built
    retold = [e for e in atlas.records["examples"].values() if e.data.get("source")]
    for example in retold:
        text = " ".join(re.sub(r"<[^>]+>", " ", article((site / "examples" / example.id / "index.html").read_text())).split())
        opening = " ".join(example.data["source"].split()[:5])
        assert text.count(opening) == 1, f"examples/{example.id}: {opening!r} shown {text.count(opening)} times"


def test_citations_link_to_reference_anchors(built):
    atlas, site = built
    anchors = set(atlas.records["references"])
    seen = 0
    for page in (site / "markers").rglob("index.html"):
        for key in re.findall(r'href="(?:\.\./)+references/#([a-z0-9]+)"', page.read_text()):
            assert key in anchors
            seen += 1
    assert seen > 0


def test_record_pages_stay_out_of_the_sidebar(built):
    atlas, site = built
    marker = next(iter(atlas.records["markers"].values()))
    nav = (site / "index.html").read_text().split('class="md-content"')[0]
    assert f"markers/{marker.id}/" not in nav


def test_invalid_record_fails_the_build_with_the_checkers_messages(tmp_path):
    content = overlay(RULE_FIXTURES / "S201", tmp_path / "content")
    result = build(content, tmp_path / "site")
    assert result.returncode != 0
    assert "invite-discussion.yaml:8:1: S201 unknown field 'sumary'" in result.stdout + result.stderr
    assert "2 problems" in result.stdout + result.stderr
    assert not (tmp_path / "site" / "interventions").exists()


def build_project_copy(tmp_path: Path, home: str) -> subprocess.CompletedProcess:
    """Build a copy of the project (fixture records) whose home page is replaced by `home`."""
    project = tmp_path / "project"
    for part in ("docs", "overrides", "macros", "content"):
        shutil.copytree(REPO / part, project / part, ignore=shutil.ignore_patterns("__pycache__"))
    for part in ("mkdocs.yml", "VERSION"):
        shutil.copyfile(REPO / part, project / part)
    (project / "docs" / "index.md").write_text(home)
    env = {**os.environ, "ATLAS_CONTENT": str(VALID), "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        [sys.executable, "-m", BUILDER, "build", "--strict", "-d", str(tmp_path / "site")],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
    )


def test_broken_link_in_a_hand_written_page_fails_the_strict_build(tmp_path):
    result = build_project_copy(tmp_path, "# Home\n\n[missing](nowhere.md), [anchor](references/index.md#nobody2000)\n")
    assert result.returncode != 0
    assert "nowhere.md" in result.stdout + result.stderr and "nobody2000" in result.stdout + result.stderr


def test_hand_written_pages_cite_like_records(tmp_path):
    result = build_project_copy(tmp_path, "# Home\n\nRepair helps [@smith2020, p. 4].\n")
    assert result.returncode == 0, (result.stdout + result.stderr)[-2000:]
    home = (tmp_path / "site" / "index.html").read_text()
    assert '(<a href="references/#smith2020">Smith et al., 2020, p. 4</a>)' in home


def test_unknown_citation_in_a_hand_written_page_fails_the_build(tmp_path):
    result = build_project_copy(tmp_path, "# Home\n\nRepair helps [@nobody1999].\n")
    assert result.returncode != 0
    assert "docs/index.md:3:14: R304 [@nobody1999] cites no reference" in result.stdout + result.stderr


def test_script_in_a_record_is_refused_and_would_render_escaped(tmp_path):
    content = overlay(RULE_FIXTURES / "C402", tmp_path / "content")
    result = build(content, tmp_path / "site")
    assert result.returncode != 0 and "C402" in result.stdout + result.stderr
    # Even if such a record reached a template, the text comes out escaped, never as live HTML.
    atlas, problems = load_checked(content, SCHEMAS)
    assert {p.code for p in problems} == {"C402"}
    page = page_markdown(atlas, "interventions/invite-discussion.md", SCHEMAS)
    assert "<script" not in page and "<img" not in page
    shown = html.unescape(page)  # what a reader sees: the text as written
    assert "<script>alert(1)</script>" in shown
    assert '<img src=x onerror="alert(1)">' in shown


def test_template_syntax_in_a_record_never_runs(tmp_path):
    content = overlay(RULE_FIXTURES / "C405", tmp_path / "content")
    atlas, _ = load_checked(content, SCHEMAS)
    page = page_markdown(atlas, "interventions/invite-discussion.md", SCHEMAS)
    assert "{{" not in page and "Use {{ config }} here." in html.unescape(page)


def test_rules_and_fields_pages_are_generated_from_the_registry_and_schemas(built):
    from macros.problems import RULES
    from macros.vocabulary import KINDS

    _atlas, site = built
    rules = article((site / "contributing" / "rules" / "index.html").read_text())
    for code in RULES:
        assert f'id="{code.lower()}"' in rules and f"<code>{code}</code>" in rules, code
    fields = article((site / "contributing" / "fields" / "index.html").read_text())
    for kind in KINDS.values():
        assert f'id="{kind}"' in fields, kind
    assert "<code>utterance</code>" in fields and "<code>doi</code>" in fields


def test_exports_are_written_into_the_site(built):
    import json

    atlas, site = built
    data = json.loads((site / "data" / "atlas.json").read_text())
    assert data["version"] == (REPO / "VERSION").read_text().strip()
    assert sum(len(items) for items in data["records"].values()) == atlas.count()
    assert (site / "data" / "references.bib").read_text().count("\n@") + 1 == len(atlas.records["references"])


def test_pages_about_the_real_records_are_built_only_with_them(built):
    atlas, site = built
    real = "lynch2023" in atlas.records["references"]
    assert (site / "foundations" / "why-it-matters" / "index.html").exists() == real
    assert ("foundations/" in (site / "index.html").read_text()) == real


def test_the_mkdocs_command_builds_too(tmp_path):
    """`mkdocs build` (or `properdocs build`: the console script, which does not put the project on sys.path), not only
    `python -m mkdocs`: the hook must find the macros package itself."""
    script = Path(sys.executable).parent / BUILDER
    env = {**os.environ, "ATLAS_CONTENT": str(VALID), "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": ""}
    result = subprocess.run(
        [str(script), "build", "--strict", "-d", str(tmp_path / "site")], cwd=REPO, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, (result.stdout + result.stderr)[-2000:]
    assert (tmp_path / "site" / "markers" / "minimal-response" / "index.html").exists()


def test_macros_in_hand_written_pages_run_in_an_immutable_sandbox():
    """The second wall behind C409: a page that opts into macros cannot reach Python internals or
    change the objects it is given, even if the checker did not run."""
    import importlib.util

    from jinja2 import Environment, StrictUndefined
    from jinja2.exceptions import SecurityError

    spec = importlib.util.spec_from_file_location("atlas_hook_for_test", REPO / "macros" / "mkdocs_hook.py")
    hook = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hook)

    class MacrosPlugin:  # what the hook needs of mkdocs-macros: its Jinja environment
        def __init__(self):
            self._env = Environment(undefined=StrictUndefined)

        @property
        def env(self):
            return self._env

    class Config(dict):
        plugins = {"macros": MacrosPlugin()}

    hook.on_pre_build(Config())
    env = Config.plugins["macros"].env
    config = {"site_name": "Atlas"}
    assert env.from_string("{{ config.site_name }} {{ 6 * 7 }}").render(config=config) == "Atlas 42"
    for attack in (
        "{{ config.__class__.__init__.__globals__ }}",
        "{{ config|attr('__class__') }}",
        "{{ config.update({'site_name': 'x'}) }}",
    ):
        with pytest.raises(SecurityError):
            env.from_string(attack).render(config=config)
    assert config == {"site_name": "Atlas"}


def test_the_policy_hashes_the_themes_inline_scripts_but_never_the_contents():
    import base64
    import hashlib

    from macros.build import with_csp

    def digest(code: str) -> str:
        return "'sha256-" + base64.b64encode(hashlib.sha256(code.encode()).digest()).decode() + "'"

    page = (
        "<html><head><script>theme()</script></head><body><article><script>content()</script></article>"
        '<script id="__config" type="application/json">{}</script><script>after()</script></body></html>'
    )
    html_out = with_csp(page)
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html_out).group(1)
    assert html_out.index("Content-Security-Policy") < html_out.index("<script")
    assert digest("theme()") in policy and digest("after()") in policy
    assert digest("content()") not in policy and digest("{}") not in policy
    assert "'unsafe-inline'" not in policy
