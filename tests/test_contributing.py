"""The contributor's path: "Edit this page" opens the file a contributor edits (a record's YAML, or a
hand-written page under docs/), the footer shows the version, and CONTRIBUTING.md's annotated
templates and field lists are the ones the scaffold and the schemas give today."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from helpers import BUILDER, REPO, SCHEMAS

from macros import export, scaffold, schemas
from macros.checks import load_checked
from macros.vocabulary import KINDS, PAGE_KINDS

CONFIG = yaml.safe_load((REPO / "mkdocs.yml").read_text())
EDIT = CONFIG["repo_url"].rstrip("/") + "/" + CONFIG["edit_uri"]
EDIT_LINK = re.compile(r'<a href="([^"]*)" title="Edit this page"')


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """A strict build of the real records (hand-written pages may cite any of them)."""
    out = tmp_path_factory.mktemp("site-contributing")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("ATLAS_CONTENT", None)
    result = subprocess.run(
        [sys.executable, "-m", BUILDER, "build", "--strict", "-d", str(out)], cwd=REPO, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, (result.stdout + result.stderr)[-3000:]
    return out


def edit_links(page: Path) -> list[str]:
    return EDIT_LINK.findall(page.read_text("utf-8"))


def test_the_repository_is_the_intended_public_home():
    assert CONFIG["repo_url"] == "https://github.com/alliance-atlas/alliance-atlas"
    assert CONFIG["edit_uri"] == "edit/main/"
    assert "content.action.edit" in CONFIG["theme"]["features"]


def test_every_record_page_edits_its_yaml_file(site):
    atlas, problems = load_checked(REPO / "content", SCHEMAS)
    assert problems == []
    for folder in PAGE_KINDS:
        assert atlas.records[folder], f"the fixture has no {folder}"
        for record_id in atlas.records[folder]:
            page = site / folder / record_id / "index.html"
            assert edit_links(page) == [f"{EDIT}content/{folder}/{record_id}.yaml"], page
            assert "Last reviewed" in page.read_text("utf-8"), page


@pytest.mark.parametrize(
    "page, source",
    [
        ("index.html", "docs/index.md"),
        ("foundations/alliance/index.html", "docs/foundations/alliance.md"),
        # generated pages whose words live in a template or in the rules registry: edit those
        ("markers/index.html", "macros/templates/index.md.j2"),
        ("contributing/rules/index.html", "macros/problems.py"),
        ("guide/index.html", "macros/templates/guide_start.md.j2"),
    ],
)
def test_hand_written_pages_edit_their_markdown_under_docs(site, page, source):
    assert (REPO / source).is_file()
    assert edit_links(site / page) == [EDIT + source]


def test_generated_guide_steps_have_no_edit_link(site):
    """A guide step is put together from several records: there is no one file to open."""
    steps = [p for p in (site / "guide").rglob("index.html") if p.parent != site / "guide"]
    assert steps
    for step in steps:
        assert edit_links(step) == [], step


def test_the_real_records_edit_links_point_at_files_that_exist():
    from macros.pages import site_pages

    atlas, problems = load_checked(REPO / "content", SCHEMAS)
    assert problems == []
    pages = {page.source: page for page in site_pages(atlas, SCHEMAS)}
    for folder in PAGE_KINDS:
        for record_id in atlas.records[folder]:
            edit_path = pages[f"{folder}/{record_id}.md"].edit_path
            assert edit_path == f"content/{folder}/{record_id}.yaml" and (REPO / edit_path).is_file()


def test_the_footer_shows_the_version_from_VERSION(site):
    version = (REPO / "VERSION").read_text().strip()
    assert re.fullmatch(r"\d+\.\d+\.\d+", version)
    html = (site / "index.html").read_text("utf-8")
    assert f">version {version}</a>" in html
    assert json.loads((site / "data" / "atlas.json").read_text())["version"] == version
    assert export.version() == version


def test_no_page_asks_github_for_repository_facts(site):
    """Material's stock repository link fetches star counts from api.github.com: a request leaving
    the site. overrides/partials/source.html keeps the link without it."""
    html = (site / "index.html").read_text("utf-8")
    assert 'class="md-source"' in html and 'data-md-component="source"' not in html


def test_the_changelog_has_an_entry_for_the_current_version():
    version = (REPO / "VERSION").read_text().strip()
    changelog = (REPO / "CHANGELOG.md").read_text("utf-8")
    assert "Keep a Changelog" in changelog and "## [Unreleased]" in changelog
    assert re.search(rf"^## \[{re.escape(version)}\] - \d{{4}}-\d{{2}}-\d{{2}}$", changelog, re.M)


# -- CONTRIBUTING.md against the scaffold and the schemas -----------------------------------------

CONTRIBUTING = (REPO / "CONTRIBUTING.md").read_text("utf-8") if (REPO / "CONTRIBUTING.md").exists() else ""
DATE = re.compile(r"^reviewed: \d{4}-\d{2}-\d{2}$", re.M)


def _section(kind: str) -> str:
    start = CONTRIBUTING.index(f"<!-- template:{kind} -->")
    end = CONTRIBUTING.find("\n### ", start)
    return CONTRIBUTING[start : end if end != -1 else CONTRIBUTING.index("\n## ", start)]


def _schema_fields(schema: dict, prefix: str = "") -> list[tuple[str, str]]:
    """(field path, required|optional) for every field, nested ones as a.b and list items as a[].b."""
    required = set(schema.get("required", []))
    found = []
    for name, field in schema.get("properties", {}).items():
        field = schemas.follow_ref(field, SCHEMAS)
        found.append((prefix + name, "required" if name in required else "optional"))
        if field.get("type") == "object":
            found += _schema_fields(field, f"{prefix}{name}.")
        elif field.get("type") == "array":
            item = schemas.follow_ref(field.get("items", {}), SCHEMAS)
            if item.get("type") == "object":
                found += _schema_fields(item, f"{prefix}{name}[].")
    return found


@pytest.mark.parametrize("kind", list(KINDS.values()))
def test_contributing_shows_the_template_the_scaffold_writes(kind):
    block = re.search(r"```yaml\n(.*?)```", _section(kind), re.S)
    assert block, f"CONTRIBUTING.md has no template for {kind}"
    expected = scaffold.template(kind, "example-id", SCHEMAS)
    assert DATE.sub("reviewed: DATE", block.group(1)) == DATE.sub("reviewed: DATE", expected), (
        f"regenerate the {kind} template in CONTRIBUTING.md: python -m macros new {kind} example-id"
    )
    assert f"python -m macros new {kind} example-id" in CONTRIBUTING


@pytest.mark.parametrize("kind", list(KINDS.values()))
def test_contributing_lists_every_field_with_whether_it_is_required_and_an_example(kind):
    rows = re.findall(r"^\| `([^`]+)` \| (required|optional) \| (.+) \|$", _section(kind), re.M)
    schema = json.loads((SCHEMAS / f"{kind}.schema.json").read_text())
    assert [(name, tag) for name, tag, _example in rows] == _schema_fields(schema)
    for name, _tag, example in rows:
        assert example.strip() not in ("", "—", "-"), f"{kind}.{name} has no example"


def test_contributing_covers_the_editorial_rules_preview_review_and_other_editors():
    for needed in (
        "own words",
        "[@citekey]",
        "Never invent a source",
        "Fictional people only",
        "verified: false",
        "Evidence levels",
        "make serve",
        "Clinical review",
        "any YAML language server",
        "python -m macros check",
        "Edit this page",
    ):
        assert needed in CONTRIBUTING, needed
    for level in json.loads((SCHEMAS / "common.schema.json").read_text())["$defs"]["evidence"]["properties"]["level"]["enum"]:
        assert f"| `{level}` |" in CONTRIBUTING, f"the evidence scale in CONTRIBUTING.md misses {level}"
    for template in (REPO / ".github" / "PULL_REQUEST_TEMPLATE").glob("*.md"):
        assert f"?template={template.name}" in CONTRIBUTING
