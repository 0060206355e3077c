"""Runs of words a text shares with a source: the check behind "write in your own words".

A run is N or more consecutive words (default 10) that appear in the same order in a source file.
Words are compared lower-cased, with punctuation and typographic quotes ignored, so a copied
sentence cannot hide behind a changed comma. Quoted titles are left out before comparing: text in
quotation marks or *emphasis*, and a title announced as "Full title:" or "Subtitle:".
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

RUN = 10
_WORD = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?")
_QUOTED_TITLE = re.compile(r'“[^”]*”|"[^"\n]*"|\*[^*\n]+\*|(?:Full title|Full subtitle|Subtitle):[^()]*')


def words(text: str) -> list[str]:
    return [w.replace("’", "'") for w in _WORD.findall(text.lower())]


def without_quoted_titles(text: str) -> str:
    return _QUOTED_TITLE.sub(" ", text)


class SourceIndex:
    """Every run of `n` consecutive words in the sources, with where it comes from."""

    def __init__(self, sources: dict[str, str], n: int = RUN):
        self.n = n
        self.runs: dict[tuple[str, ...], str] = {}
        for name, text in sources.items():
            ws = words(text)
            for i in range(len(ws) - n + 1):
                self.runs.setdefault(tuple(ws[i : i + n]), name)

    @classmethod
    def from_folder(cls, folder: Path, n: int = RUN) -> SourceIndex:
        return cls({p.name: p.read_text("utf-8", errors="replace") for p in sorted(folder.glob("*")) if p.is_file()}, n)

    def shared(self, text: str) -> list[tuple[str, str]]:
        """(the shared words, the source's name) for each maximal shared run in the text."""
        ws = words(without_quoted_titles(text))
        found, i = [], 0
        while i <= len(ws) - self.n:
            source = self.runs.get(tuple(ws[i : i + self.n]))
            if source is None:
                i += 1
                continue
            end = i + self.n
            while end < len(ws) and tuple(ws[end - self.n + 1 : end + 1]) in self.runs:
                end += 1
            found.append((" ".join(ws[i:end]), source))
            i = end
        return found


def findings(index: SourceIndex, texts: Iterable[tuple[str, str]]) -> list[str]:
    """'place: "run" (source)' for every shared run in (place, text) pairs."""
    return [f'{place}: "{run}" ({source})' for place, text in texts for run, source in index.shared(text)]
