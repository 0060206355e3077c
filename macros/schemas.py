"""Checks a record against its kind's JSON Schema (content/schemas/), with positions and fix-worthy
messages. The same schema files drive contributors' editors through the modeline."""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

from jsonschema import Draft202012Validator, validators
from jsonschema.exceptions import ValidationError
from referencing import Registry, Resource

from .problems import Problem
from .yamlload import Document, YamlDate


def follow_ref(schema: dict, schema_dir: Path) -> dict:
    """A property's schema with its $ref (into common.schema.json) followed, keeping the referring
    schema's own keys such as its description. Used by the template and the fields page."""
    while "$ref" in schema:
        file, _, pointer = schema["$ref"].partition("#")
        target = json.loads((schema_dir / (file or "common.schema.json")).read_text("utf-8"))
        for part in pointer.strip("/").split("/"):
            target = target[part]
        schema = {**target, **{k: v for k, v in schema.items() if k != "$ref"}}
    return schema


def modeline(kind: str) -> str:
    return f"# yaml-language-server: $schema=../schemas/{kind}.schema.json"


def _describe(value) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, YamlDate):
        return f"the date {value}"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    return "a mapping"


_TYPE_WORDS = {
    "string": "text",
    "integer": "a whole number",
    "boolean": "true or false",
    "array": "a list",
    "object": "a mapping of fields",
    "number": "a number",
}


_EXACT = {"string": str, "array": list, "object": dict, "boolean": bool, "integer": int}


def _type_keyword(validator, types, instance, schema):
    """`type`, except that a YAML date counts as text only where the schema asks for a date."""
    if type(types) is str and type(instance) is _EXACT.get(types):
        return  # the common case, plain text where text is wanted, without the checks below (speed only)
    types = types if isinstance(types, list) else [types]
    if isinstance(instance, YamlDate) and schema.get("format") != "date":
        yield ValidationError(f"expected {' or '.join(_TYPE_WORDS[t] for t in types)}, found {_describe(instance)}")
        return
    if not any(validator.is_type(instance, t) for t in types):
        yield ValidationError(f"expected {' or '.join(_TYPE_WORDS[t] for t in types)}, found {_describe(instance)}")


_Validator = validators.extend(Draft202012Validator, {"type": _type_keyword})


@lru_cache(maxsize=8)
def _validators(schema_dir: str) -> dict:
    schemas = {p.name: json.loads(p.read_text("utf-8")) for p in Path(schema_dir).glob("*.schema.json")}
    registry = Registry().with_resources((name, Resource.from_contents(schema)) for name, schema in schemas.items())
    return {
        name.removesuffix(".schema.json"): _Validator(
            _inline_refs(schema, name, schemas), registry=registry, format_checker=Draft202012Validator.FORMAT_CHECKER
        )
        for name, schema in schemas.items()
        if name != "common.schema.json"
    }


_ANNOTATIONS = {"description", "title", "$comment"}  # keywords that never change what is valid


def _inline_refs(node, here: str, schemas: dict, expanding: tuple = ()):
    """The schema with each `{"$ref": ..., "description": ...}` replaced by the schema it points at.

    Speed only: jsonschema resolves a $ref again for every value it checks (over half the checker's
    time on 10,000 records). The errors are the same: after a $ref jsonschema reports the target
    schema, which is what stands here now. A $ref next to other keywords, into a schema with an
    $id or anchors, or into itself, is left for jsonschema to resolve."""
    if isinstance(node, list):
        return [_inline_refs(item, here, schemas, expanding) for item in node]
    if not isinstance(node, dict):
        return node
    ref = node.get("$ref")
    if isinstance(ref, str) and set(node) - {"$ref"} <= _ANNOTATIONS and (here, ref) not in expanding:
        document, _, pointer = ref.partition("#")
        document = document or here
        target = schemas.get(document)
        for part in pointer.split("/")[1:] if target is not None else ():
            part = part.replace("~1", "/").replace("~0", "~")
            target = target.get(part) if isinstance(target, dict) else None
        if isinstance(target, dict) and not any(k in json.dumps(target) for k in ('"$id"', '"$anchor"', '"$dynamic')):
            return _inline_refs(target, document, schemas, expanding + ((here, ref),))
    return {
        key: value if key in ("const", "enum") else _inline_refs(value, here, schemas, expanding) for key, value in node.items()
    }


def check(doc: Document, kind: str, schema_dir: Path) -> Iterator[Problem]:
    if doc.modeline != modeline(kind):
        yield Problem(doc.path, 1, 1, "S207", f"the first line must be `{modeline(kind)}`")
    validator = _validators(str(schema_dir))[kind]
    for error in validator.iter_errors(doc.data):
        yield from _problems(doc, error)


def _field_name(at) -> str:
    return ".".join(str(part) for part in at) or "the record"


def _problems(doc: Document, error: ValidationError) -> Iterator[Problem]:
    at = tuple(error.absolute_path)
    name = _field_name(at)
    keyword = error.validator
    instance = error.instance

    if keyword == "additionalProperties":
        allowed = list(error.schema.get("properties", {}))
        retired = error.schema.get("x-atlas-retired", {})  # fields that once existed; checks.py says what replaced them
        for key in instance:
            if key not in allowed and key not in retired:
                hint = difflib.get_close_matches(key, allowed, n=1) if len(key) <= 64 else []
                said = f"; did you mean '{hint[0]}'?" if hint else ""
                yield Problem(doc.path, *doc.position(at + (key,), key=True), "S201", f"unknown field '{key}'{said}")
        return
    if keyword == "required":
        missing = [key for key in error.validator_value if key not in instance]
        where = doc.position(at, key=True) if at else (1, 1)
        for key in missing:
            inside = f" in {name}" if at else ""
            yield Problem(doc.path, *where, "S202", f"missing required field '{key}'{inside}")
        return

    line, col = doc.position(at)
    if instance is None or (keyword in ("minLength", "minItems") and len(instance) == 0):
        yield Problem(doc.path, line, col, "S203", f"{name} is empty")
    elif keyword == "type":
        quote = ""
        if isinstance(instance, (bool, YamlDate)) or (
            isinstance(instance, (int, float)) and "string" in str(error.validator_value)
        ):
            quote = " (put the value in quotes if you mean it as text)"
        yield Problem(doc.path, line, col, "S204", f"{name}: {error.message}{quote}")
    elif keyword == "pattern" and error.schema.get("x-atlas-claim"):
        yield Problem(doc.path, line, col, "S206", f"{name} makes a claim but cites no reference")
    elif keyword in ("enum", "const"):
        options = error.validator_value if keyword == "enum" else [error.validator_value]
        shown = ", ".join(json.dumps(option) for option in options)
        yield Problem(
            doc.path, line, col, "S205", f"{name}: {json.dumps(instance, default=str)} is not allowed; use one of {shown}"
        )
    elif keyword == "pattern":
        yield Problem(
            doc.path,
            line,
            col,
            "S208",
            f"{name}: {json.dumps(instance)[:60]} does not have the expected form ({error.schema.get('description') or error.validator_value})",
        )
    else:
        yield Problem(doc.path, line, col, "S208", f"{name}: {error.message}")
