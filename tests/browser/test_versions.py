"""The published site's version selector: mkdocs-release.yml (what the deploy builds with mike)
gives Material's selector, which reads the versions.json that mike keeps beside the versions, and
links each release. Built and served here as mike lays it out: /VERSION/ with versions.json above."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from helpers import BUILDER, REPO

from macros import export, printing


def test_the_release_build_shows_a_version_selector_fed_by_mike(tmp_path, browser):
    version = export.version()
    out = tmp_path / "gh-pages"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("ATLAS_CONTENT", None)
    result = subprocess.run(
        [sys.executable, "-m", BUILDER, "build", "--strict", "-f", "mkdocs-release.yml", "-d", str(out / version)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, (result.stdout + result.stderr)[-2000:]
    # what `mike deploy VERSION latest` writes beside the versions
    versions = [
        {"version": version, "title": version, "aliases": ["latest"]},
        {"version": "0.0.9", "title": "0.0.9", "aliases": []},
    ]
    (out / "versions.json").write_text(json.dumps(versions))
    with printing.serve(out) as base:
        requests: list[str] = []
        page = browser.new_page()
        page.on("request", lambda request: requests.append(request.url))
        page.goto(f"{base}{version}/")
        selector = page.locator(".md-version")
        selector.wait_for(timeout=10000)
        assert version in selector.locator(".md-version__current").inner_text()
        items = selector.locator(".md-version__link").evaluate_all("links => links.map(a => a.textContent.trim())")
        assert items[0] == f"{version}latest" and items[1] == "0.0.9", items  # the alias shows beside its version
        page.close()
    assert [url for url in requests if not url.startswith(base)] == [], "the selector fetches only from the site"


def test_a_renamed_record_s_old_address_takes_the_browser_to_the_new_one(tmp_path, browser):
    import shutil

    from helpers import SCHEMAS, VALID, build_site

    from macros.checks import load_checked

    content = tmp_path / "content"
    shutil.copytree(VALID, content)
    marker = content / "markers" / "minimal-response.yaml"
    marker.write_text(
        marker.read_text().replace("id: minimal-response\n", "id: minimal-response\nformerly:\n  - short-answers\n")
    )
    assert load_checked(content, SCHEMAS)[1] == []
    site = build_site(tmp_path / "site", content=content)
    with printing.serve(site) as base:
        page = browser.new_page()
        page.goto(f"{base}markers/short-answers/")
        page.wait_for_url(f"{base}markers/minimal-response/", timeout=10000)
        assert page.locator("article h1").inner_text().startswith("Minimal response")
        page.close()
