"""Contributor text, read and rendered one way.

Record text is plain text with a few inline marks: citations `[@key, p. 4; @other]`, links
`[text](https://…)` or `[text](/markers/ID/)`, `*emphasis*`, `**strong**` and `` `code` ``. This
module is the only reader of that syntax: the checker asks it what it found (`scan`) and the pages
ask it for HTML (`to_html`), so both always see the same thing.

`to_html` is safe by construction, whether or not the checker ran: anything that is not one of the
marks above is text; the HTML it builds is sanitised by nh3 with an allow-list (a, em, strong,
code; http, https, mailto and relative links only); and every character Markdown or its attribute
lists could act on is written as a character reference, so when the page's Markdown is converted
no link, image, attribute list or HTML can come out of record text.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import nh3

# [@eubanks2018] or [@hook2013; @davis2018, p. 4]
CITATION = re.compile(r"\[(@[a-z0-9]+(?:,[^\];@\[\n]*)?(?:;\s*@[a-z0-9]+(?:,[^\];@\[\n]*)?)*)\]")
CITEKEY = re.compile(r"@([a-z0-9]+)(?:,\s*([^;\]]*))?")
# The marks, tried left to right at each position. A link's text holds no brackets and its target
# no white space or brackets: anything else stays text (and the checker says why).
_MARKS = re.compile(
    r"(?P<cite>" + CITATION.pattern + r")"
    r"|(?P<image>!\[[^\[\]\n]*\]\([^()\n]*\))"
    r"|(?P<link>\[(?P<label>[^\[\]\n]+)\]\((?P<target>[^()\s<>\"']+)\))"
    r"|\*\*(?P<strong>[^*\n]+)\*\*"
    r"|\*(?P<em>[^*\s][^*\n]*)\*"
    r"|`(?P<code>[^`\n]+)`"
)
SAFE_SCHEMES = ("https://", "http://", "mailto:")
SITE_PATH = re.compile(r"^/(?:[a-z0-9-]+/)*(?:#[A-Za-z0-9_-]+)?$")

# What the checker looks for besides the marks (the renderer shows all of it as text).
HTML_TAG = re.compile(r"<\s*/?\s*[A-Za-z!?][^>]*>|<\s*[A-Za-z]+[^>]*$", re.MULTILINE)
DANGEROUS = re.compile(
    r"<\s*/?\s*(script|style|iframe|object|embed|svg|math|link|meta|base|form)\b|\bon[a-z]+\s*=", re.IGNORECASE
)
SCRIPT_URL = re.compile(r"(?:java|vb|live)script\s*:|data\s*:", re.IGNORECASE)
ATTR_LIST = re.compile(r"\{\s*[:.#]|\{\s*[A-Za-z-]+\s*=")
LINK_DEFINITION = re.compile(r"^\s*\[[^\]\n]+\]:\s*\S", re.MULTILINE)
LINK_LIKE = re.compile(r"\]\s*\(|\]\s*\[")  # text that looks like a link the marks did not take
TEMPLATE = re.compile(r"\{\{|\{%|\{#|%\}|\}\}")
CODE_IN_DOCS = re.compile(r"(```.*?```|`[^`\n]*`)", re.S)


def citations(text: str) -> Iterator[tuple[str, str]]:
    """(citekey, locator) for every citation in the text."""
    for group in CITATION.finditer(text):
        for key in CITEKEY.finditer(group.group(1)):
            yield key.group(1), (key.group(2) or "").strip()


def is_safe_target(target: str) -> bool:
    return target.startswith(SAFE_SCHEMES) or bool(SITE_PATH.match(target))


@dataclass(frozen=True)
class Finding:
    """Something in record text that the renderer will not turn into markup."""

    offset: int
    code: str
    message: str


def scan(text: str) -> list[Finding]:
    """What a text holds that will be shown as plain text or refused: unsafe or unknown links,
    images, attribute lists, link definitions, HTML, template syntax. Site-path links are returned
    by `site_links` for the checker to resolve."""
    found: list[Finding] = []
    if not any(mark in text for mark in "<=:{}[]"):
        return found  # nothing here can be any of the findings (speed only)
    for match in _MARKS.finditer(text):
        if match.group("image"):
            found.append(Finding(match.start(), "C407", "image: images are not shown from record text"))
        elif match.group("link"):
            target = match.group("target")
            if not is_safe_target(target):
                found.append(
                    Finding(
                        match.start(),
                        "C403",
                        f"link to {shown(target, 40)} is neither https://, http://, mailto: nor a site path",
                    )
                )
    taken = "".join(" " * len(value) if kind in ("link", "cite", "image") else value for kind, value, _m in _iter_all(text))
    if DANGEROUS.search(text):
        found.append(Finding(DANGEROUS.search(text).start(), "C402", "text contains a script, style, frame or event handler"))
    elif HTML_TAG.search(text):
        tag = HTML_TAG.search(text)
        found.append(Finding(tag.start(), "C401", f"text contains HTML: {shown(tag.group(0), 30)}"))
    if SCRIPT_URL.search(text):
        found.append(Finding(SCRIPT_URL.search(text).start(), "C403", "text contains a javascript:, vbscript: or data: URL"))
    if ATTR_LIST.search(text):
        found.append(Finding(ATTR_LIST.search(text).start(), "C406", "text contains a Markdown attribute list ({: …})"))
    if LINK_DEFINITION.search(text):
        found.append(Finding(LINK_DEFINITION.search(text).start(), "C408", "text contains a reference-style link definition"))
    elif LINK_LIKE.search(taken) and not any(f.code == "C403" for f in found):
        found.append(
            Finding(
                LINK_LIKE.search(taken).start(),
                "C408",
                "text looks like a link but is not one the Atlas renders ([text](target), no brackets or spaces inside)",
            )
        )
    if TEMPLATE.search(text):
        found.append(Finding(TEMPLATE.search(text).start(), "C405", "text contains template syntax"))
    return found


def _kind(match: re.Match) -> str:
    for kind in ("cite", "image", "link", "strong", "em", "code"):
        if match.group(kind) is not None:
            return kind
    return "text"


def _iter_all(text: str) -> Iterator[tuple[str, str, re.Match | None]]:
    """(kind, text, match) for the marks and, between them, the plain text ("text", None)."""
    position = 0
    for match in _MARKS.finditer(text):
        if match.start() > position:
            yield "text", text[position : match.start()], None
        yield _kind(match), match.group(0), match
        position = match.end()
    if position < len(text):
        yield "text", text[position:], None


def site_links(text: str) -> Iterator[tuple[int, str]]:
    """(offset, target) of every link to a site path (/markers/ID/, /guide/, /references/#key)."""
    if "](" not in text:
        return
    for match in _MARKS.finditer(text):
        if match.group("link") and SITE_PATH.match(match.group("target")):
            yield match.start(), match.group("target")


def shown(value: str, limit: int = 60) -> str:
    """Contributor text inside a message, quoted and cut (Problem.format makes it one visible line)."""
    return "'" + (value if len(value) <= limit else value[:limit] + "…") + "'"


# -- rendering -----------------------------------------------------------------------------------
ALLOWED_TAGS = {"a", "em", "strong", "code", "p"}
ALLOWED_ATTRIBUTES = {"a": {"href", "class"}}
# Characters Markdown, attr_list or HTML could act on when the page is converted: written as
# character references in the text, so they can only ever be text.
_INERT = {ord(ch): f"&#{ord(ch)};" for ch in "\\`*_[]{}()!#|~^<>"}
_TAG_OR_TEXT = re.compile(r"(<[^>]*>)")


def _keep_safe_href(tag: str, attribute: str, value: str) -> str | None:
    if tag == "a" and attribute == "href":
        ok = value.startswith(SAFE_SCHEMES) or value.startswith(("../", "./", "#")) or re.match(r"^[a-z0-9-]+(/|\.html)", value)
        return value if ok and not value.startswith("//") else None
    return value


def clean(fragment: str, tags: set[str], attributes: dict[str, set[str]], attribute_filter) -> str:
    """nh3 with the Atlas's fixed choices: http, https and mailto links (and relative ones), no
    comments, no rel added. The one call to the sanitiser, for record text and whole pages."""
    return nh3.clean(
        fragment,
        tags=tags,
        attributes=attributes,
        attribute_filter=attribute_filter,
        url_schemes={"http", "https", "mailto"},
        link_rel=None,
        strip_comments=True,
    )


def sanitise(fragment: str) -> str:
    """HTML built from record text, through the allow-list."""
    return clean(fragment, ALLOWED_TAGS, ALLOWED_ATTRIBUTES, _keep_safe_href)


def inert(fragment: str) -> str:
    """Sanitised HTML with every Markdown-active character in its text written as a reference."""
    parts = _TAG_OR_TEXT.split(fragment)
    for i in range(0, len(parts), 2):
        text = parts[i].translate(_INERT)
        if i == 0:  # a block marker at the start of a line: "1. ", "- ", "+ ", "> ", "= "
            text = re.sub(
                r"^(\s*)([-+=]|\d+[.)])",
                lambda m: m.group(1) + m.group(2).translate({ord(c): f"&#{ord(c)};" for c in "-+=.)"}),
                text,
            )
        parts[i] = text
    return "".join(parts)


def plain_inert(value: str) -> str:
    """Plain text (not record Markdown) for a Markdown page: escaped and inert."""
    return inert(html.escape(value, quote=False))


# A resolver turns a citation group into HTML and a site path into an href for the page being
# rendered; pages.py provides them.
Cite = Callable[[list[tuple[str, str]]], str]
Href = Callable[[str], "str | None"]


def to_html(text: str, cite: Cite, href: Href, paragraphs: bool = False) -> str:
    """Record text as safe, Markdown-inert HTML (see the module's docstring)."""
    if paragraphs:
        blocks = [" ".join(block.split()) for block in re.split(r"\n\s*\n", text.strip())]
        return "\n".join(f"<p>{to_html(block, cite, href)}</p>" for block in blocks if block)
    text = " ".join(text.split())
    out: list[str] = []
    for kind, value, match in _iter_all(text):
        if kind == "cite":
            keys = [(k.group(1), (k.group(2) or "").strip()) for k in CITEKEY.finditer(value[1:-1])]
            out.append(cite(keys))
        elif kind == "link":
            target = match.group("target")
            resolved = None
            if is_safe_target(target):
                resolved = target if target.startswith(SAFE_SCHEMES) else href(target)
            label = html.escape(match.group("label"))
            out.append(f'<a href="{html.escape(resolved)}">{label}</a>' if resolved else html.escape(value))
        elif kind in ("strong", "em", "code"):
            out.append(f"<{kind}>{html.escape(match.group(kind))}</{kind}>")
        else:  # plain text, or an image: shown as text
            out.append(html.escape(value, quote=False))
    return inert(sanitise("".join(out)))


def to_plain(text: str, limit: int = 0) -> str:
    """Record text without its marks: citations dropped, links as their text (for teasers and
    cards); cut at a word boundary when limit is given. Still to be escaped by the caller."""
    value = CITATION.sub("", text)
    value = _MARKS.sub(
        lambda m: m.group("label") or m.group("strong") or m.group("em") or m.group("code") or "" if not m.group("image") else "",
        value,
    )
    value = " ".join(value.split())
    for mark in ".,;:)":
        value = value.replace(" " + mark, mark)
    value = value.replace("( ", "(").replace("()", "").strip()
    if limit and len(value) > limit:
        value = value[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    return value


_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’)]?\s+(?=[A-Z“\"(])")


def first_sentence(text: str, limit: int = 200) -> str:
    """A card's short form of record text: plain, its first sentence only (the page has the rest),
    and no longer than limit."""
    value = to_plain(text)
    value = _SENTENCE_END.split(value, maxsplit=1)[0]
    return to_plain(value, limit)


def docs_citations(markdown: str) -> Iterator[tuple[int, int, str]]:
    """(line, column, citekey) of every citation in a hand-written page, outside code."""
    for offset, part in outside_code(markdown):
        for group in CITATION.finditer(part):
            for key in CITEKEY.finditer(group.group(1)):
                at = offset + group.start()
                yield line_col(markdown, at) + (key.group(1),)


def outside_code(markdown: str) -> Iterator[tuple[int, str]]:
    """(offset, part) for the parts of hand-written Markdown outside code spans and fenced blocks."""
    offset = 0
    for index, part in enumerate(CODE_IN_DOCS.split(markdown)):
        if index % 2 == 0:
            yield offset, part
        offset += len(part)


def line_col(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1
