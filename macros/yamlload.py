"""Strict YAML reading: one mapping per file, every value with its line and column.

PyYAML's own loaders keep the last of two duplicate keys, expand aliases and lose positions, so
records are built here from the parser's events (libyaml's C parser when available: ~10x faster).
Scalars are typed with YAML 1.1 rules, as PyYAML does, so an unquoted `no` really is a boolean and
the schema check can say so instead of the site showing "False".
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .problems import Problem

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_resolver = yaml.resolver.Resolver()
_constructor = yaml.constructor.SafeConstructor()

Path_ = tuple  # a value's place in the record: ("repairs", 0, "why")


class YamlDate(str):
    """A scalar YAML reads as a date. Kept as its text so schemas can tell a date from text."""


@dataclass
class Document:
    path: str  # as shown in messages
    data: dict
    modeline: str  # the first line of the file
    positions: dict = field(default_factory=dict)  # value path -> (line, col)
    key_positions: dict = field(default_factory=dict)  # value path -> (line, col) of its key

    def position(self, at: Path_, key: bool = False) -> tuple[int, int]:
        """Line and column of a value (or of its key), else of its nearest ancestor."""
        table = self.key_positions if key else self.positions
        at = tuple(at)
        while at:
            if at in table:
                return table[at]
            if at in self.positions:
                return self.positions[at]
            at = at[:-1]
        return self.positions.get((), (1, 1))


class _Stop(Exception):
    def __init__(self, problem: Problem):
        self.problem = problem


def _scalar(event: yaml.ScalarEvent) -> Any:
    if not event.implicit[0]:  # quoted, or block scalars: always text
        return event.value
    tag = _resolver.resolve(yaml.ScalarNode, event.value, event.implicit)
    if tag == "tag:yaml.org,2002:str":
        return event.value
    try:
        value = _constructor.yaml_constructors[tag](_constructor, yaml.ScalarNode(tag, event.value))
    except ValueError:  # looks like a date but is not one (2026-13-45): leave it as text
        return event.value
    if isinstance(value, (datetime.date, datetime.datetime)):
        return YamlDate(event.value)
    return value


def _pos(mark) -> tuple[int, int]:
    return mark.line + 1, mark.column + 1


def _line_has_tab_indent(text: str, line: int) -> bool:
    lines = text.splitlines()
    if not 1 <= line <= len(lines):
        return False
    current = lines[line - 1]
    return "\t" in current[: len(current) - len(current.lstrip(" \t"))]


def parse(text: str, path: str) -> tuple[Document | None, list[Problem]]:
    """Build a Document from YAML text, or say why not (the first problem stops the file)."""
    try:
        return _build(text, path), []
    except _Stop as stop:
        return None, [stop.problem]
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, col = _pos(mark) if mark else (1, 1)
        # libyaml points at the tab itself or at the line after it
        for candidate in (line, line - 1):
            if _line_has_tab_indent(text, candidate):
                return None, [Problem(path, candidate, 1, "Y104", "a tab is used for indentation")]
        reason = error.problem or "invalid YAML"
        return None, [Problem(path, line, col, "Y103", f"YAML syntax error: {reason}")]
    except yaml.YAMLError as error:
        return None, [Problem(path, 1, 1, "Y103", f"YAML syntax error: {error}")]


def _build(text: str, path: str) -> Document:
    doc = Document(path=path, data={}, modeline=text.split("\n", 1)[0].strip())
    stack: list[tuple[Any, Path_, list]] = []  # (container, its path, [pending key, key position])
    root: Any = None
    documents = 0

    def stop(event, code, message):
        raise _Stop(Problem(path, *_pos(event.start_mark), code, message))

    def place(value, event) -> Path_ | None:
        """Put a new value into the current container; return its path."""
        nonlocal root
        if not stack:
            root = value
            at: Path_ = ()
        else:
            container, container_path, pending = stack[-1]
            if isinstance(container, list):
                at = container_path + (len(container),)
                container.append(value)
            elif pending[0] is None:  # this value is a key
                if not isinstance(value, str) or isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                    stop(event, "Y103", "a key must be a plain word")
                key = event.value
                if key in container:
                    first = doc.key_positions[container_path + (key,)][0]
                    stop(event, "Y105", f"duplicate key '{key}' (first on line {first})")
                pending[0], pending[1] = key, _pos(event.start_mark)
                return None
            else:
                key = pending[0]
                at = container_path + (key,)
                container[key] = value
                doc.key_positions[at] = pending[1]
                pending[0] = None
        doc.positions[at] = _pos(event.start_mark)
        return at

    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.DocumentStartEvent):
            documents += 1
            if documents > 1:
                stop(event, "Y108", "more than one YAML document in the file")
            continue
        if isinstance(event, yaml.AliasEvent):
            stop(event, "Y106", f"alias *{event.anchor} is not allowed")
        if isinstance(event, yaml.NodeEvent) and event.anchor:
            stop(event, "Y106", f"anchor &{event.anchor} is not allowed")
        if isinstance(event, (yaml.ScalarEvent, yaml.CollectionStartEvent)) and event.tag and event.tag != "!":
            if not (isinstance(event, yaml.ScalarEvent) and event.implicit[0]):
                stop(event, "Y109", f"explicit tag {event.tag} is not allowed")
        if isinstance(event, yaml.ScalarEvent):
            if stack and isinstance(stack[-1][0], dict) and stack[-1][2][0] is None:
                place(event.value, event)  # keys stay text
            else:
                place(_scalar(event), event)
        elif isinstance(event, yaml.MappingStartEvent):
            container: Any = {}
            at = place(container, event)
            stack.append((container, at, [None, None]))
        elif isinstance(event, yaml.SequenceStartEvent):
            container = []
            at = place(container, event)
            stack.append((container, at, [None, None]))
        elif isinstance(event, yaml.CollectionEndEvent):
            stack.pop()

    if documents == 0 or root is None:
        raise _Stop(Problem(path, 1, 1, "Y102", "the file has no content"))
    if not isinstance(root, dict):
        found = "a list" if isinstance(root, list) else "a single value"
        raise _Stop(Problem(path, 1, 1, "Y107", f"the document is {found}, not a mapping of fields"))
    doc.data = root
    return doc


def load(file: Path, shown_as: str) -> tuple[Document | None, list[Problem]]:
    """Read and parse one record file."""
    raw = file.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        before = raw[: error.start]
        line = before.count(b"\n") + 1
        col = error.start - (before.rfind(b"\n") + 1) + 1
        return None, [Problem(shown_as, line, col, "Y101", f"byte 0x{raw[error.start]:02x} is not valid UTF-8")]
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip():
        return None, [Problem(shown_as, 1, 1, "Y102", "the file is empty")]
    return parse(text, shown_as)
