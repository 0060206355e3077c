"""Runs of words a text shares with a source: the check behind "write in your own words".

A run is N or more consecutive words (default 10) that appear in the same order in a source file.
Words are compared lower-cased, with punctuation and typographic quotes ignored, so a copied
sentence cannot hide behind a changed comma. Quoted titles are left out before comparing: text in
quotation marks or *emphasis*, and a title announced as "Full title:" or "Subtitle:".
"""

from __future__ import annotations

import hashlib
import re
import sys
from collections.abc import Iterable
from pathlib import Path

RUN = 10
_WORD = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?")
_QUOTED_TITLE = re.compile(r'“[^”]*”|"[^"\n]*"|\*[^*\n]+\*|(?:Full title|Full subtitle|Subtitle):[^()]*')


def words(text: str) -> list[str]:
    return [w.replace("’", "'") for w in _WORD.findall(text.lower())]


def without_quoted_titles(text: str) -> str:
    return _QUOTED_TITLE.sub(" ", text)


def fingerprint(run: tuple[str, ...]) -> str:
    """A run of words as a short hash: the repository keeps these, never the sources' text."""
    return hashlib.blake2b(" ".join(run).encode(), digest_size=8).hexdigest()


class SourceIndex:
    """Every run of `n` consecutive words in the sources, with where it comes from: kept as the runs
    themselves, or (from_fingerprints) as their hashes only."""

    def __init__(self, sources: dict[str, str], n: int = RUN, hashed: bool = False):
        self.n = n
        self.hashed = hashed
        self.runs: dict[tuple[str, ...] | str, str] = {}
        for name, text in sources.items():
            ws = words(text)
            for i in range(len(ws) - n + 1):
                self.runs.setdefault(self._key(tuple(ws[i : i + n])), name)

    def _key(self, run: tuple[str, ...]):
        return fingerprint(run) if self.hashed else run

    @classmethod
    def from_folder(cls, folder: Path, n: int = RUN, hashed: bool = False) -> SourceIndex:
        texts = {p.name: p.read_text("utf-8", errors="replace") for p in sorted(folder.glob("*")) if p.is_file()}
        return cls(texts, n, hashed)

    @classmethod
    def from_fingerprints(cls, path: Path) -> SourceIndex:
        return cls.from_fingerprints_text(path.read_text("utf-8"))

    @classmethod
    def from_fingerprints_text(cls, text: str) -> SourceIndex:
        """The index written by `fingerprints()`: 'n=10' on its first line, then 'hash source' lines."""
        lines = text.splitlines()
        index = cls({}, int(lines[0].removeprefix("n=")), hashed=True)
        index.runs = dict(line.split(" ", 1) for line in lines[1:] if line)
        return index

    def fingerprints(self) -> str:
        runs = self.runs if self.hashed else {fingerprint(run): source for run, source in self.runs.items()}
        return f"n={self.n}\n" + "".join(f"{key} {source}\n" for key, source in sorted(runs.items()))

    def shared(self, text: str) -> list[tuple[str, str]]:
        """(the shared words, the source's name) for each maximal shared run in the text."""
        ws = words(without_quoted_titles(text))
        found, i = [], 0
        while i <= len(ws) - self.n:
            source = self.runs.get(self._key(tuple(ws[i : i + self.n])))
            if source is None:
                i += 1
                continue
            end = i + self.n
            while end < len(ws) and self._key(tuple(ws[end - self.n + 1 : end + 1])) in self.runs:
                end += 1
            found.append((" ".join(ws[i:end]), source))
            i = end
        return found


def findings(index: SourceIndex, texts: Iterable[tuple[str, str]]) -> list[str]:
    """'place: "run" (source)' for every shared run in (place, text) pairs."""
    return [f'{place}: "{run}" ({source})' for place, text in texts for run, source in index.shared(text)]


if __name__ == "__main__":  # python tests/seed_overlap.py SEEDS_FOLDER OUT: refresh the fingerprints
    Path(sys.argv[2]).write_text(SourceIndex.from_folder(Path(sys.argv[1]), hashed=True).fingerprints(), "utf-8")
