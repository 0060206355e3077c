"""What a build of the site needs from the Atlas, apart from MkDocs: load and check once, the
generated pages, the safety wall for hand-written pages, the exports, and the error page the live
preview shows while a record is invalid. mkdocs_hook.py is the only caller that knows MkDocs.
"""

from __future__ import annotations

import base64
import hashlib
import html
import os
import re
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from . import export, releases, reviews, richtext, urls
from .checks import load_checked
from .model import Atlas
from .pages import Page, PageCache, site_pages
from .render import Renderer
from .vocabulary import KINDS

PROJECT = Path(__file__).resolve().parent.parent
SCHEMAS = PROJECT / "content" / "schemas"
# Hand-written pages that discuss the real records (they cite and link them by id). A build of another
# corpus (ATLAS_CONTENT: fixtures, benchmarks) leaves them out rather than fail on their citations.
REAL_CONTENT_ONLY = ("foundations/",)


def content_dir() -> Path:
    """content/, or ATLAS_CONTENT (benchmarks and tests build generated or fixture corpora)."""
    return Path(os.environ.get("ATLAS_CONTENT") or PROJECT / "content")


def building_real_content() -> bool:
    return content_dir().resolve() == (PROJECT / "content").resolve()


@dataclass
class Build:
    atlas: Atlas
    problems: list[str] = field(default_factory=list)  # formatted problems: the Atlas is invalid
    pages: list[Page] = field(default_factory=list)
    raw_html: dict[str, list[str]] = field(default_factory=dict)  # set aside per page (stash_raw_html)


@dataclass
class PreviewCache:
    """What the live preview keeps from one build to the next (its keeper, the hook, starts a new
    one when code, templates, schemas or settings change): the record files as read and checked
    against their schemas, by path and content; and the record and guide pages,
    by what they show (pages.PageCache)."""

    files: dict = field(default_factory=dict)
    pages: PageCache = field(default_factory=PageCache)


def prepare(docs_dir: Path, directory_urls: bool, site_url: str = "", cache: PreviewCache | None = None) -> Build:
    """Load, check and render every generated page (or collect why not). `cache`: the live
    preview's, from its last build."""
    skip = () if building_real_content() else REAL_CONTENT_ONLY
    if cache is not None:
        cache.pages.next_build()
    files, pages = (cache.files, cache.pages) if cache is not None else (None, None)
    atlas, problems = load_checked(content_dir(), SCHEMAS, docs_dir, skip, files)
    if problems:
        count = len(problems)
        lines = [p.format() for p in problems]
        lines.append(
            f"{count} problem{'s' if count != 1 else ''}: the Atlas does not build until they are fixed "
            "(run `python -m macros check`)"
        )
        return Build(atlas, lines)
    deck_pdf = (docs_dir / "cards" / urls.DECK_PDF).is_file()  # the deploy prints it before building
    return Build(atlas, [], site_pages(atlas, SCHEMAS, directory_urls, site_url, deck_pdf, pages))


# Raw HTML blocks of generated pages (the guide's steps, the cards) are set aside before Markdown
# runs and put back after: Markdown would only pass them through, but parsing them cost about a
# quarter of its time. A block is a top-level chunk (between blank lines) that opens with a block
# tag and closes it; anything else, and a block an attribute list follows, stays for Markdown.
_RAW_BLOCK_TAG = re.compile(r"<(p|div|h[1-6]|ul|ol|section|nav|table|pre|blockquote|details|figure|hr)\b")
_RAW_TOKEN = "atlasraw{nonce}n{number}x"  # the nonce: record text cannot name a token


def _closes(chunk: str, tag: str) -> bool:
    if tag == "hr":
        return chunk.count("<") == 1
    return chunk.rstrip().endswith(f"</{tag}>") and len(re.findall(rf"<{tag}\b", chunk)) == chunk.count(f"</{tag}>")


def stash_raw_html(markdown: str) -> tuple[str, list[str]]:
    """A generated page's Markdown with its raw HTML blocks replaced by tokens, and the blocks."""
    chunks = markdown.split("\n\n")
    blocks: list[str] = [secrets.token_hex(6)]  # the first entry is the page's nonce
    for i, chunk in enumerate(chunks):
        opened = _RAW_BLOCK_TAG.match(chunk)
        following = chunks[i + 1].lstrip() if i + 1 < len(chunks) else ""
        if opened and _closes(chunk, opened.group(1)) and not following.startswith("{:"):
            chunks[i] = _RAW_TOKEN.format(nonce=blocks[0], number=len(blocks))
            blocks.append(chunk)
    return "\n\n".join(chunks), blocks


def restore_raw_html(page_html: str, blocks: list[str]) -> str:
    """Put the blocks stash_raw_html set aside back where Markdown left their tokens."""
    for number in range(len(blocks) - 1, 0, -1):  # each token ends in "x": n1x is not in n10x
        token = _RAW_TOKEN.format(nonce=blocks[0], number=number)
        page_html = page_html.replace(f"<p>{token}</p>", blocks[number]).replace(token, blocks[number])
    return page_html


def error_pages(build: Build) -> list[Page]:
    """While a record is invalid, the live preview shows the checker's messages on the home page and
    on every page the Atlas generates (each reloads by itself once the record is fixed)."""
    body = (
        "# The Atlas has problems\n\nThe preview rebuilds and this page reloads as soon as they are fixed.\n\n"
        '<pre class="atlas-problems">' + html.escape("\n".join(build.problems)) + "</pre>\n"
    )
    sources = {"index.md", urls.GUIDE, urls.CARDS} | {urls.record_source(folder) for folder in KINDS}
    sources |= {urls.record_source(r.folder, r.id) for r in build.atlas.all()}
    return [Page(source, "The Atlas has problems", body, "") for source in sorted(sources)]


def docs_page_markdown(atlas: Atlas, markdown: str, src_uri: str, directory_urls: bool) -> str:
    """Citations in a hand-written page become links to the references page (KeyError if unknown)."""
    renderer = Renderer(atlas, directory_urls)
    parts = richtext.CODE_IN_DOCS.split(markdown)
    return "".join(
        part
        if i % 2
        else richtext.CITATION.sub(
            lambda m: renderer.cite(
                src_uri, [(k.group(1), (k.group(2) or "").strip()) for k in richtext.CITEKEY.finditer(m.group(1))]
            ),
            part,
        )
        for i, part in enumerate(parts)
    )


# The second wall for hand-written pages: whatever their Markdown produced, only these survive.
PAGE_TAGS = {
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "p",
    "a",
    "ul",
    "ol",
    "li",
    "em",
    "strong",
    "code",
    "pre",
    "span",
    "blockquote",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "div",
    "hr",
    "br",
    "sup",
    "sub",
    "abbr",
}
PAGE_ATTRIBUTES = {"*": {"id", "class", "title"}, "a": {"href"}, "td": {"align"}, "th": {"align"}, "ol": {"start"}}
_RESERVED_ID = re.compile(r"^(__|md-)")


def _page_attribute(tag: str, attribute: str, value: str) -> str | None:
    if attribute == "id" and _RESERVED_ID.match(value):
        return None  # Material's own ids (__search, md-…)
    if attribute == "class" and not all(
        c.startswith(
            (
                "atlas-",
                "admonition",
                "headerlink",
                "note",
                "info",
                "tip",
                "warning",
                "danger",
                "abstract",
                "example",
                "quote",
                "toclink",
            )
        )
        for c in value.split()
    ):
        return None
    if attribute == "href" and (
        value.startswith("//") or not (value.startswith(richtext.SAFE_SCHEMES) or ":" not in value.split("/")[0])
    ):
        return None
    return value


def sanitise_page(html_content: str) -> str:
    return richtext.clean(html_content, PAGE_TAGS, PAGE_ATTRIBUTES, _page_attribute)


# The Content-Security-Policy, a second wall behind the sanitising: scripts only from the site and
# the theme's own inline scripts (by hash, computed per page: one of them names the page's depth),
# styles, images, fonts, the search worker and its offline iframe only from the site; no requests
# elsewhere, no plugins, forms or base changes.
CSP = (
    "default-src 'none'; script-src 'self' {hashes}; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; worker-src 'self' blob:; frame-src 'self' blob:; child-src 'self' blob:; "
    "manifest-src 'self'; base-uri 'none'; form-action 'none'; object-src 'none'"
)
_INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>(.*?)</script>", re.S)


def with_csp(page_html: str) -> str:
    """The page with its CSP meta first in <head>. Inline scripts inside the article (page content)
    are never hashed, so they cannot run even if one got there."""
    start, end = page_html.find("<article"), page_html.find("</article>")
    hashes = []
    for match in _INLINE_SCRIPT.finditer(page_html):
        if start != -1 and start < match.start() < end:
            continue
        digest = base64.b64encode(hashlib.sha256(match.group(1).encode("utf-8")).digest()).decode()
        hashes.append(f"'sha256-{digest}'")
    meta = f'<meta http-equiv="Content-Security-Policy" content="{CSP.format(hashes=" ".join(sorted(set(hashes))))}">'
    return page_html.replace("<head>", "<head>\n    " + meta, 1)


def write_exports(atlas: Atlas, site_dir: Path, site_url: str = "") -> None:
    """site/data/: atlas.json with its schema, the references as CSL-JSON and BibTeX, every release's
    data at its own address, changes.json and the Atom feed."""
    export.write_all(atlas, site_dir / "data", SCHEMAS / "export" / "atlas.schema.json")
    releases.write_release_data(export.atlas_json(atlas), site_dir / "data", site_url=site_url)


def review_warnings(atlas: Atlas) -> list[str]:
    """Overdue reviews (W801), one line each: the build logs them and goes on."""
    return [warning.format() for warning in reviews.overdue(atlas)]


def copyright_line(repo_url: str | None) -> str:
    """The footer line: the Atlas's version (VERSION) and its licences, linked to the changelog and
    the LICENSE file when the repository is known."""
    version = export.version()
    licences = "text and data CC BY 4.0, code MIT"
    if not repo_url:
        return f"Alliance Atlas, version {version} · {licences}"
    repo = html.escape(repo_url.rstrip("/"))
    return (
        f'Alliance Atlas, <a href="{repo}/blob/main/CHANGELOG.md">version {version}</a>'
        f' · <a href="{repo}/blob/main/LICENSE">{licences}</a>'
    )


def docs_edit_path(docs_dir: Path, src_uri: str) -> str:
    """What "Edit this page" opens for a hand-written page: docs/<path>, relative to the repository."""
    try:
        docs = docs_dir.resolve().relative_to(PROJECT).as_posix()
    except ValueError:  # a docs folder outside the project: link the page's own path
        return src_uri
    return f"{docs}/{src_uri}" if docs != "." else src_uri


def without_real_content_pages(nav: list) -> list:
    """The nav minus entries for REAL_CONTENT_ONLY pages (and sections left empty)."""
    kept = []
    for item in nav:
        value = next(iter(item.values())) if isinstance(item, dict) else item
        if isinstance(value, list):
            value = without_real_content_pages(value)
            if value:
                kept.append({next(iter(item)): value})
        elif not (isinstance(value, str) and value.startswith(REAL_CONTENT_ONLY)):
            kept.append(item)
    return kept
