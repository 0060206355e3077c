"""No broken internal link or anchor anywhere in the built site: every href and src of every HTML
file of the real site (tests/conftest.py builds it once) is resolved like a browser would, and its
target file, and the element its #fragment names, must exist. No browser needed."""

from __future__ import annotations

import posixpath
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from helpers import SITE_PATH  # the site's path on its host: the 404 page links under it

BASE = "http://atlas.invalid" + SITE_PATH  # stands for the site root while resolving relative addresses


class _Page(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[tuple[str, str]] = []  # (tag.attribute, value)

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if value is None:
                continue
            if name == "id" or (tag == "a" and name == "name"):
                self.ids.add(value)
            elif name in ("href", "src"):
                self.links.append((f"{tag}.{name}", value))


def _parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def _target(site: Path, url_path: str) -> Path | None:
    """The file a site path is served from (directory URLs serve their index.html), or None."""
    relative = unquote(url_path)
    if not relative.startswith(SITE_PATH):
        return None  # outside the site's own path: broken once published
    relative = relative[len(SITE_PATH) :]
    candidate = site / relative
    if url_path.endswith("/") or candidate.is_dir():
        candidate = candidate / "index.html"
    return candidate if candidate.is_file() else None


def broken_links(site: Path) -> list[str]:
    pages = {path: _parse(path) for path in site.rglob("*.html")}
    problems = []
    for path, page in sorted(pages.items()):
        relative = path.relative_to(site).as_posix()
        # a page's own address: 404.html is served at any depth, so its links are site-absolute
        here = BASE + relative
        for where, value in page.links:
            value = value.strip()
            if value.startswith(("data:", "mailto:", "tel:")):
                continue
            if value.lower().startswith("javascript:"):
                problems.append(f"{relative}: {where}={value!r}: javascript: link")
                continue
            url = urlsplit(urljoin(here, value))
            if url.scheme in ("http", "https") and url.netloc != urlsplit(BASE).netloc:
                continue  # another site: not ours to check (and tests run with no network)
            target = _target(site, url.path)
            if target is None:
                problems.append(f"{relative}: {where}={value!r}: no such file {posixpath.normpath(url.path)}")
                continue
            if url.fragment and target.suffix == ".html":
                ids = pages[target].ids if target in pages else _parse(target).ids
                if unquote(url.fragment) not in ids:
                    problems.append(
                        f"{relative}: {where}={value!r}: no id {url.fragment!r} in {target.relative_to(site).as_posix()}"
                    )
    return problems


def test_no_broken_link_or_anchor_in_the_built_site(real_site):
    pages = list(real_site.rglob("*.html"))
    assert len(pages) > 50, "the crawl found too few pages"
    problems = broken_links(real_site)
    assert problems == [], f"{len(problems)} broken links, e.g.:\n" + "\n".join(problems[:30])


def test_the_crawl_sees_a_broken_page_and_a_broken_anchor(tmp_path):
    """The check can fail: a missing page, a missing anchor and a missing asset are each reported."""
    (tmp_path / "a").mkdir()
    (tmp_path / "index.html").write_text(
        '<p id="top"><a href="a/">ok</a> <a href="#top">ok</a> '
        '<a href="b/">gone</a> <a href="a/#nowhere">no anchor</a> '
        '<img src="x.png"> <a href="https://example.org/">elsewhere</a></p>'
    )
    (tmp_path / "a" / "index.html").write_text('<a href="../#top">ok</a>')
    problems = broken_links(tmp_path)
    assert len(problems) == 3, problems
    assert any("b/" in p for p in problems) and any("nowhere" in p for p in problems)
    assert any("x.png" in p for p in problems)
