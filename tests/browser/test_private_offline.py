"""Private and offline, in a real browser: no request leaves the site's own origin on any page type
(every request the browser makes is recorded), and the offline build (mkdocs-offline.yml, Material's
offline plugin) works opened from disk over file://: pages with their styles, search, the guide.
Fails, never skips, without Chromium (`make browser`)."""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from helpers import REPO, contained_names

from macros import guide_paths as guide
from macros import urls

SEARCH_TEXT = "wxq"  # typed on every page: the search worker and its index load too


def _outside(url: str, origin: str) -> bool:
    if url.startswith(("data:", "blob:", "about:")):
        return False
    return not url.startswith(origin)


def test_no_request_leaves_the_site_on_any_page_type(browser, served, page_types):
    origin = served.rstrip("/")
    requests: list[tuple[str, str]] = []
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.on("request", lambda request: requests.append((page_name[0], request.url)))
    page = context.new_page()
    page_name = [""]
    try:
        for name, path in page_types.items():
            page_name[0] = name
            page.goto(served + path, wait_until="networkidle")
            page.keyboard.press("/")  # open search: Material fetches the worker and the index
            page.keyboard.type(SEARCH_TEXT, delay=20)
            page.wait_for_load_state("networkidle")
    finally:
        context.close()
    assert len({url for _name, url in requests}) > 10, "too few requests recorded: is the listener on?"
    outside = sorted({(name, url) for name, url in requests if _outside(url, origin)})
    assert outside == [], f"requests that left {origin}: {outside}"


def test_no_page_names_another_origin_for_what_it_loads(real_site):
    """Every HTML page of the site, without a browser: scripts, styles, images, icons, fonts and
    frames come from the site itself (links to sources elsewhere are fine: a click, not a load)."""
    loads = re.compile(
        r"<(script|img|iframe|source|audio|video|embed)\b[^>]*\bsrc=[\"']?([^\"' >]+)"
        r"|<link\b[^>]*\bhref=[\"']?([^\"' >]+)[^>]*>",
        re.I,
    )
    found = []
    for html in real_site.rglob("*.html"):
        for match in loads.finditer(html.read_text(encoding="utf-8")):
            url = match.group(2) or match.group(3)
            tag = match.group(0)
            if match.group(3) and re.search(r"rel=[\"']?(canonical|alternate|next|prev)\b", tag):
                continue
            if re.match(r"(https?:)?//", url):
                found.append((str(html.relative_to(real_site)), url))
    for css in real_site.rglob("*.css"):
        for url in re.findall(r"(?:url\(|@import\s+)[\"']?((?:https?:)?//[^\"') ]+)", css.read_text(encoding="utf-8")):
            found.append((str(css.relative_to(real_site)), url))
    assert found == [], found[:20]


# -- offline: the site opened from disk -------------------------------------------------------------


def _plain(data):
    """mkdocs.yml's plugins as plain data (unknown tags such as !ENV read as their text)."""

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor(
        "", lambda loader, suffix, node: loader.construct_scalar(node) if isinstance(node, yaml.ScalarNode) else None
    )
    return yaml.load(data, Loader=Loader)


def test_offline_config_repeats_the_main_plugins():
    """INHERIT replaces lists: the offline build must list mkdocs.yml's plugins, plus offline."""
    main = _plain((REPO / "mkdocs.yml").read_text())["plugins"]
    offline = _plain((REPO / "mkdocs-offline.yml").read_text())["plugins"]
    assert [p for p in offline if p != "offline"] == main
    assert "offline" in offline


def _file_url(site: Path, path: str) -> str:
    """The file:// address of a site path such as '', 'guide/' or 'markers/ID/' in the offline build."""
    target = site / path / "index.html" if (site / path / "index.html").is_file() else site / (path.rstrip("/") + ".html")
    assert target.is_file(), f"offline build has no page for {path!r}"
    return target.as_uri()


def test_offline_pages_load_from_disk_with_everything_they_need(browser, offline_site, page_types):
    failed, outside = [], []
    context = browser.new_context()
    context.on("requestfailed", lambda request: failed.append(request.url))
    context.on(
        "request",
        lambda request: (
            outside.append(request.url) if not request.url.startswith(("file://", "data:", "blob:", "about:")) else None
        ),
    )
    page = context.new_page()
    try:
        for name, path in page_types.items():
            page.goto(_file_url(offline_site, path), wait_until="load")
            assert page.locator("article h1").count() >= 1, name
            # Material's stylesheet applied: the header is coloured, not an unstyled list
            assert page.locator("header.md-header").evaluate("e => getComputedStyle(e).position") == "sticky", name
    finally:
        context.close()
    assert failed == [], f"could not load from disk: {sorted(set(failed))[:10]}"
    assert outside == [], f"requests that left the disk: {sorted(set(outside))[:10]}"


def test_offline_search_finds_a_name_and_opens_its_page(browser, offline_site, atlas, search):
    """A hard case (a name inside another record's name), so the Atlas's search adjustments are
    shown working over file:// too, where the search worker runs in an iframe."""
    # several words (a one-word alias such as "MBSR" Material ranks first on its own)
    text, folder, record_id = next(name for name in contained_names(atlas) if len(name[0].split()) > 1)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        page.goto(_file_url(offline_site, ""))
        results = search(page, text)
        assert results and results[0].endswith(f"/{folder}/{record_id}.html"), results[:5]
        page.locator("a.md-search-result__link").first.click()
        page.wait_for_url(re.compile(rf"/{folder}/{re.escape(record_id)}\.html"))
        assert atlas.records[folder][record_id].name in page.locator("article h1").inner_text()
        page.goto(_file_url(offline_site, ""))
        assert search(page, "the qwzxqv") == [], "a whole stop word matched other words offline"
    finally:
        context.close()


def _follow(page, target: str) -> None:
    """Click the first link in the article whose address is `target` (a file:// URL)."""
    index = page.locator("article a").evaluate_all("(links, target) => links.findIndex(a => a.href === target)", target)
    assert index >= 0, f"{page.url}: no link to {target}"
    page.locator("article a").nth(index).click()
    page.wait_for_url(target)


def test_offline_guide_from_step_one_to_a_repair(browser, offline_site, atlas):
    path = next(p for p in guide.paths(atlas) if p.setting == "individual")
    first = path.suggestions[0].id
    context = browser.new_context()
    page = context.new_page()
    try:
        page.goto(_file_url(offline_site, "guide/"))
        for url in (urls.guide_url(path.marker.id), urls.guide_url(path.marker.id, path.setting), path.url):
            _follow(page, _file_url(offline_site, url[1:]))
            assert page.locator("article h1").count() == 1
        _follow(page, _file_url(offline_site, f"interventions/{first}/"))
        assert path.suggestions[0].intervention.name in page.locator("article h1").inner_text()
    finally:
        context.close()


# -- the Content-Security-Policy: a second wall behind the sanitiser ---------------------------------
CSP_WATCH = """window.__csp = []; document.addEventListener('securitypolicyviolation',
    e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));"""


def _csp(html: str) -> str:
    found = re.findall(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', html)
    assert len(found) == 1, "every page carries exactly one CSP meta"
    return found[0]


def test_every_page_has_a_strict_policy_first_in_its_head(real_site, offline_site):
    for site in (real_site, offline_site):
        for html in site.rglob("*.html"):
            text = html.read_text("utf-8")
            policy = _csp(text)
            assert text.index("Content-Security-Policy") < text.index("<script"), html
            assert "'unsafe-inline'" not in policy and "'unsafe-eval'" not in policy, html
            assert "default-src 'none'" in policy and "style-src 'self';" in policy, html


def _browse_with_policy(browser, pages: list[str], typed: str) -> tuple[list[str], list[str]]:
    """Violations and console errors while each page loads and search runs."""
    violations, errors = [], []
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(CSP_WATCH)
    page = context.new_page()
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    try:
        for url in pages:
            page.goto(url, wait_until="load")
            page.locator("input.md-search__input").focus()
            for key in typed:
                page.keyboard.press(key)
            # polled from here: wait_for_function evaluates a string, which the policy rightly refuses
            meta = page.locator(".md-search-result__meta")
            for _ in range(300):
                if re.search(r"\d+ matching", meta.inner_text()):
                    break
                page.wait_for_timeout(100)
            else:
                raise AssertionError(f"{url}: search found nothing: {meta.inner_text()!r}")
            violations += [f"{url}: {v}" for v in page.evaluate("window.__csp")]
    finally:
        context.close()
    return violations, errors


def test_the_site_works_under_its_policy_online_and_offline(browser, served, page_types, offline_site):
    """Search (its worker online, the iframe worker from disk), the palette and every page type run
    with no policy violation: the policy blocks nothing the site itself needs."""
    online = [served + path for path in page_types.values()]
    offline = [
        (offline_site / "index.html").as_uri(),
        (offline_site / "markers" / "denial.html").as_uri(),
        (offline_site / "guide" / "index.html").as_uri(),
    ]
    violations, errors = _browse_with_policy(browser, online + offline, "denial")
    assert violations == [], violations
    assert not [e for e in errors if "Content Security Policy" in e], errors


def test_the_policy_blocks_an_inline_script_that_reached_the_content(browser, real_site, tmp_path):
    """A script inside the article (where page content goes) gets no hash: it cannot run."""
    import shutil

    from macros.printing import serve

    site = tmp_path / "site"
    shutil.copytree(real_site, site)
    page_file = site / "markers" / "denial" / "index.html"
    text = page_file.read_text("utf-8")
    page_file.write_text(text.replace("</article>", "<script>window.__ran = 1</script></article>", 1), "utf-8")
    with serve(site) as base:
        context = browser.new_context()
        context.add_init_script(CSP_WATCH)
        page = context.new_page()
        page.goto(base + "markers/denial/", wait_until="load")
        ran, violations = page.evaluate("[window.__ran, window.__csp]")
        context.close()
    assert ran is None and any("script-src" in v for v in violations), violations
