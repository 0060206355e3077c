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


# First characters of the plain scalars YAML 1.1 may read as something else than text (true, 12,
# null, 2026-01-01, ...); no wildcard resolvers: anything else is text without trying the regexes.
_TYPED_STARTS = frozenset(_resolver.yaml_implicit_resolvers) if None not in _resolver.yaml_implicit_resolvers else None


def _scalar(event: yaml.ScalarEvent) -> Any:
    if not event.implicit[0]:  # quoted, or block scalars: always text
        return event.value
    if _TYPED_STARTS is not None and event.value[:1] not in _TYPED_STARTS and not _resolver.yaml_path_resolvers:
        return event.value  # text for sure: skip the resolver (speed only)
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
    except RecursionError:
        return None, [Problem(path, 1, 1, "Y117", f"values are nested more than {MAX_DEPTH} levels deep")]


_ScalarEvent, _AliasEvent, _DocumentStartEvent = yaml.ScalarEvent, yaml.AliasEvent, yaml.DocumentStartEvent
_MappingStartEvent, _SequenceStartEvent = yaml.MappingStartEvent, yaml.SequenceStartEvent
_CollectionEnds = (yaml.MappingEndEvent, yaml.SequenceEndEvent)


MAX_DEPTH = 12  # records nest four levels at most; deeper input is an attack on the parser, not a record


def _build(text: str, path: str) -> Document:
    # One flat loop dispatching on the event's exact class, with the innermost collection in local
    # variables: the same checks in the same order as before, in about half the time (speed only).
    doc = Document(path=path, data={}, modeline=text.split("\n", 1)[0].strip())
    positions, key_positions = doc.positions, doc.key_positions
    stack: list[tuple[Any, Path_, bool]] = []  # the enclosing collections: (container, its path, is a mapping)
    container: Any = None  # the innermost open collection (None: at the root)
    container_path: Path_ = ()
    in_mapping = False
    key = None  # a key read in the innermost mapping, waiting for its value
    key_pos = None
    root: Any = None
    documents = 0

    def stop(event, code, message):
        raise _Stop(Problem(path, *_pos(event.start_mark), code, message))

    for event in yaml.parse(text, Loader=_Loader):
        kind = type(event)
        if kind is _ScalarEvent:
            if event.anchor:
                stop(event, "Y106", f"anchor &{event.anchor} is not allowed")
            if event.tag and event.tag != "!" and not event.implicit[0]:
                stop(event, "Y109", f"explicit tag {event.tag} is not allowed")
            mark = event.start_mark
            if in_mapping and key is None:  # this value is a key; keys stay text
                if event.value in container:
                    first = key_positions[container_path + (event.value,)][0]
                    stop(event, "Y105", f"duplicate key '{event.value}' (first on line {first})")
                key, key_pos = event.value, (mark.line + 1, mark.column + 1)
                continue
            value = _scalar(event)
        elif kind is _MappingStartEvent or kind is _SequenceStartEvent:
            if event.anchor:
                stop(event, "Y106", f"anchor &{event.anchor} is not allowed")
            if event.tag and event.tag != "!":
                stop(event, "Y109", f"explicit tag {event.tag} is not allowed")
            if in_mapping and key is None:
                stop(event, "Y103", "a key must be a plain word")
            mark = event.start_mark
            value = {} if kind is _MappingStartEvent else []
        elif kind in _CollectionEnds:
            container, container_path, in_mapping = stack.pop()
            continue
        elif kind is _DocumentStartEvent:
            documents += 1
            if documents > 1:
                stop(event, "Y108", "more than one YAML document in the file")
            continue
        elif kind is _AliasEvent:
            stop(event, "Y106", f"alias *{event.anchor} is not allowed")
        else:  # stream start and end, document end
            continue
        # put the new value into the innermost collection
        if container is None:
            root = value
            at: Path_ = ()
        elif in_mapping:
            at = container_path + (key,)
            container[key] = value
            key_positions[at] = key_pos
            key = None
        else:
            at = container_path + (len(container),)
            container.append(value)
        positions[at] = (mark.line + 1, mark.column + 1)
        if kind is not _ScalarEvent:
            if len(stack) >= MAX_DEPTH:
                stop(event, "Y117", f"values are nested more than {MAX_DEPTH} levels deep")
            stack.append((container, container_path, in_mapping))
            container, container_path, in_mapping = value, at, kind is _MappingStartEvent

    if documents == 0 or root is None:
        raise _Stop(Problem(path, 1, 1, "Y102", "the file has no content"))
    if not isinstance(root, dict):
        found = "a list" if isinstance(root, list) else "a single value"
        raise _Stop(Problem(path, 1, 1, "Y107", f"the document is {found}, not a mapping of fields"))
    doc.data = root
    return doc


def load(file: Path, shown_as: str) -> tuple[Document | None, list[Problem]]:
    """Read and parse one record file (the loader has checked it is a regular file of a fair size)."""
    try:
        raw = file.read_bytes()
    except OSError as error:
        return None, [Problem(shown_as, 1, 1, "Y115", f"the file cannot be read ({error.strerror or type(error).__name__})")]
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
