"""The publishing and contribution files: every workflow and template parses; the workflows run the
README's commands with least privilege; the issue form has what GitHub requires; pre-commit runs the
checker on the whole Atlas and its YAML check skips only the fixtures that are broken on purpose."""

from __future__ import annotations

import re
import subprocess

import pytest
import yaml
from helpers import REPO

GITHUB = REPO / ".github"
WORKFLOWS = sorted((GITHUB / "workflows").glob("*.yml"))
README = (REPO / "README.md").read_text("utf-8")


def load(path):
    return yaml.safe_load(path.read_text("utf-8"))


def on(workflow: dict) -> dict:
    # PyYAML (YAML 1.1) reads the key `on` as the boolean True.
    return workflow.get("on", workflow.get(True))


def run_lines(workflow: dict) -> list[str]:
    return [
        line.strip()
        for job in workflow["jobs"].values()
        for step in job["steps"]
        for line in step.get("run", "").splitlines()
        if line.strip()
    ]


def uses(workflow: dict) -> list[str]:
    return [step["uses"] for job in workflow["jobs"].values() for step in job["steps"] if "uses" in step]


@pytest.mark.parametrize(
    "path",
    [*WORKFLOWS, *sorted((GITHUB / "ISSUE_TEMPLATE").glob("*.yml")), REPO / ".pre-commit-config.yaml"],
    ids=lambda p: p.name,
)
def test_yaml_files_parse(path):
    assert isinstance(load(path), dict)


def test_there_are_the_two_workflows():
    assert {p.name for p in WORKFLOWS} == {"test.yml", "deploy.yml"}


def test_the_workflows_call_the_readmes_commands():
    for command in ("make test", "make build"):
        assert f"{command}  " in README or f"`{command}`" in README, f"the README no longer gives `{command}`"
    assert "make test" in run_lines(load(GITHUB / "workflows" / "test.yml"))
    assert "make build" in run_lines(load(GITHUB / "workflows" / "deploy.yml"))
    # CI's own entry point runs the same command
    assert "make test" in (REPO / ".ci" / "run").read_text().splitlines()


def test_tests_run_on_every_pull_request_and_push_on_ubuntu():
    workflow = load(GITHUB / "workflows" / "test.yml")
    assert {"pull_request", "push"} <= set(on(workflow))
    assert workflow["permissions"] == {"contents": "read"}
    assert {name: job["runs-on"] for name, job in workflow["jobs"].items()} == {
        "test": "ubuntu-latest",
        "properdocs": "ubuntu-latest",
    }
    assert "make test-properdocs" in run_lines({"jobs": {"properdocs": workflow["jobs"]["properdocs"]}})


def test_deploy_publishes_each_release_with_mike_and_a_preview_of_main():
    """A release tag publishes that version as `latest` (the default), with Material's version
    selector; a push to main publishes a `main` preview; both with the card deck's PDF."""
    workflow = load(GITHUB / "workflows" / "deploy.yml")
    assert on(workflow)["push"] == {"branches": ["main"], "tags": ["v*"]}
    assert "pull_request" not in on(workflow)
    lines = run_lines(workflow)
    assert lines.index("make build") < lines.index("make cards-pdf")
    assert "cp site/cards/atlas-cards.pdf docs/cards/atlas-cards.pdf" in lines  # so the cards page links it
    deploy = next(line for line in lines if "mike deploy" in line)
    assert "--config-file mkdocs-release.yml" in deploy and "--update-aliases" in deploy and "--push" in deploy
    assert any("mike set-default" in line and "latest" in line for line in lines)
    release = load(REPO / "mkdocs-release.yml")
    assert release["INHERIT"] == "mkdocs.yml"
    assert release["extra"]["version"] == {"provider": "mike", "default": "latest", "alias": True}
    makefile = (REPO / "Makefile").read_text()
    # the deploy installs what printing and publishing use (requirements-print.txt: mike too)
    assert "scripts/cards_pdf.py site site/cards/atlas-cards.pdf" in makefile.split("cards-pdf:")[1].split("\n\n")[0]
    assert "mike==" in (REPO / "requirements-print.txt").read_text()


def test_workflows_pin_major_versions_and_ask_for_least_privilege():
    for path in WORKFLOWS:
        workflow = load(path)
        for action in uses(workflow):
            assert re.fullmatch(r"[\w.-]+/[\w.-]+@v\d+", action), f"{path.name}: pin {action} to a major version"
        assert "permissions" in workflow, f"{path.name}: set permissions (default is too broad)"
        granted = [workflow["permissions"]] + [job.get("permissions", {}) for job in workflow["jobs"].values()]
        for permissions in granted:
            for scope, level in (permissions or {}).items():
                assert level in ("read", "write", "none")
                if level == "write":  # only the deploy writes: mike commits the site to gh-pages
                    assert path.name == "deploy.yml" and scope == "contents", f"{path.name}: {scope}: write"
    deploy = load(GITHUB / "workflows" / "deploy.yml")
    assert deploy["permissions"] == {}
    assert {name: job["permissions"] for name, job in deploy["jobs"].items()} == {"publish": {"contents": "write"}}


def test_the_clinical_error_form_has_the_keys_github_requires():
    form = load(GITHUB / "ISSUE_TEMPLATE" / "clinical-error.yml")
    assert {"name", "description", "body"} <= set(form)
    ids = set()
    for element in form["body"]:
        assert element["type"] in ("markdown", "input", "textarea", "dropdown", "checkboxes")
        assert "attributes" in element
        if element["type"] != "markdown":
            assert element["attributes"].get("label"), element
            assert element["id"] not in ids
            ids.add(element["id"])
        if element["type"] == "dropdown":
            assert element["attributes"]["options"]
    assert {"page", "wrong"} <= ids
    required = {e["id"] for e in form["body"] if e.get("validations", {}).get("required")}
    assert {"page", "wrong"} <= required


def test_there_is_a_pull_request_template_per_kind_of_change():
    templates = {p.name: p.read_text("utf-8") for p in (GITHUB / "PULL_REQUEST_TEMPLATE").glob("*.md")}
    assert set(templates) == {"new-record.md", "content-correction.md", "evidence-update.md"}
    for name, text in templates.items():
        assert "python -m macros check" in text, name
        assert "Clinical review" in text, name


def test_pre_commit_runs_the_checker_on_the_whole_atlas():
    config = load(REPO / ".pre-commit-config.yaml")
    local = [hook for repo in config["repos"] if repo["repo"] == "local" for hook in repo["hooks"]]
    [checker] = [hook for hook in local if hook["id"] == "atlas-check"]
    assert checker["entry"] == "python -m macros check"
    assert checker["pass_filenames"] is False  # cross-record rules need every record
    assert re.match(checker["files"], "content/markers/minimal-response.yaml")
    assert not re.match(checker["files"], "docs/index.md")
    remote = {hook["id"]: hook for repo in config["repos"] if repo["repo"] != "local" for hook in repo["hooks"]}
    assert {"trailing-whitespace", "end-of-file-fixer", "check-yaml", "check-json"} <= set(remote)
    for repo in config["repos"]:
        if repo["repo"] != "local":
            assert re.fullmatch(r"v\d+\.\d+\.\d+", repo["rev"]), repo["repo"]


def _tracked(pattern: str) -> list[str]:
    files = subprocess.run(["git", "ls-files"], cwd=REPO, capture_output=True, text=True, check=True).stdout.split()
    return [f for f in files if re.search(pattern, f)]


class _StrictLoader(yaml.SafeLoader):
    """PyYAML, but failing on a duplicate key as check-yaml (ruamel.yaml) does."""

    def construct_mapping(self, node, deep=False):
        keys = [self.construct_object(key, deep=deep) for key, _value in node.value]
        if len(keys) != len(set(keys)):
            raise yaml.constructor.ConstructorError(None, None, "duplicate key", node.start_mark)
        return super().construct_mapping(node, deep=deep)


def test_check_yaml_excludes_exactly_the_files_that_are_broken_on_purpose():
    config = load(REPO / ".pre-commit-config.yaml")
    [hook] = [h for repo in config["repos"] for h in repo["hooks"] if h["id"] == "check-yaml"]
    excluded = re.compile(hook["exclude"])
    tracked = _tracked(r"\.ya?ml$")
    assert len(tracked) > 100
    for path in tracked:
        try:
            yaml.load((REPO / path).read_bytes().decode("utf-8"), Loader=_StrictLoader)
            parses = True
        except (UnicodeDecodeError, yaml.YAMLError):
            parses = False
        if excluded.search(path):
            assert not parses, f"{path} parses: stop excluding it from check-yaml"
        else:
            assert parses, f"{path} does not parse, and check-yaml would reject it"
