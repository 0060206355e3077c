"""Reading the inline syntax contributors use in record text: citations and links.

Shared by the checks (which refuse what is unsafe or unresolved) and the renderer (which turns
citations and site paths into links), so both read text the same way.
"""
from __future__ import annotations

import re
from typing import Iterator

# [@eubanks2018] or [@hook2013; @davis2018, p. 4]
CITATION = re.compile(r"\[(@[a-z0-9]+(?:,[^\];@]*)?(?:;\s*@[a-z0-9]+(?:,[^\];@]*)?)*)\]")
CITEKEY = re.compile(r"@([a-z0-9]+)(?:,\s*([^;\]]*))?")
# Markdown inline links and images: [text](target) / ![alt](target); reference definitions [x]: target
LINK = re.compile(r"!?\[[^\]]*\]\(\s*<?([^)\s>]*)>?(?:\s+[\"'][^)]*)?\)")
LINK_DEFINITION = re.compile(r"^\s*\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)", re.MULTILINE)
SITE_PATH = re.compile(r"^/(?:([a-z]+)/(?:([a-z0-9-]+)/)?)?(?:#[A-Za-z0-9_-]+)?$")
SAFE_SCHEMES = ("https://", "http://", "mailto:")

HTML_TAG = re.compile(r"<\s*/?\s*[A-Za-z!?][^>]*>|<\s*[A-Za-z]+[^>]*$", re.MULTILINE)
DANGEROUS = re.compile(
    r"<\s*/?\s*(script|style|iframe|object|embed|svg|math|link|meta|base|form)\b|\bon[a-z]+\s*=",
    re.IGNORECASE,
)
SCRIPT_URL = re.compile(r"(?:java|vb|live)script\s*:|data\s*:\s*text/html", re.IGNORECASE)
TEMPLATE = re.compile(r"\{\{|\{%|\{#|%\}|\}\}")


def citations(text: str) -> Iterator[tuple[str, str]]:
    """Yield (citekey, locator) for every citation in the text."""
    for group in CITATION.finditer(text):
        for key in CITEKEY.finditer(group.group(1)):
            yield key.group(1), (key.group(2) or "").strip()


def link_targets(text: str) -> Iterator[str]:
    for match in LINK.finditer(text):
        yield match.group(1)
    for match in LINK_DEFINITION.finditer(text):
        yield match.group(1)


def site_path(target: str) -> tuple[str, str] | None:
    """('markers', 'denial') for /markers/denial/, ('guide', '') for /guide/, else None."""
    match = SITE_PATH.match(target)
    if not match:
        return None
    return match.group(1) or "", match.group(2) or ""


CODE = re.compile(r"(```.*?```|`[^`\n]*`)", re.S)


def outside_code(markdown: str) -> Iterator[tuple[int, str]]:
    """(offset, part) for the parts of hand-written Markdown outside code spans and fenced blocks,
    where pages show the citation syntax itself rather than cite."""
    offset = 0
    for index, part in enumerate(CODE.split(markdown)):
        if index % 2 == 0:
            yield offset, part
        offset += len(part)


def docs_citations(markdown: str) -> Iterator[tuple[int, int, str]]:
    """(line, column, citekey) of every citation in a hand-written page."""
    for offset, part in outside_code(markdown):
        for group in CITATION.finditer(part):
            for key in CITEKEY.finditer(group.group(1)):
                at = offset + group.start()
                line = markdown.count("\n", 0, at) + 1
                yield line, at - (markdown.rfind("\n", 0, at) + 1) + 1, key.group(1)
