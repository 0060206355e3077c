"""Contributor reference pages generated from the rules registry and the JSON Schemas, so the
documentation can never drift from what the checker enforces."""

from __future__ import annotations

import json
import re
from pathlib import Path

from .problems import RULES
from .richtext import plain_inert
from .schemas import follow_ref
from .vocabulary import KINDS

GROUPS = {
    "Y": "Reading the file",
    "S": "The record against its schema",
    "R": "References between records",
    "C": "Safety of text",
    "G": "The decision guide's logic",
    "V": "What was checked, against what",
    "P": "Practice exercises",
    "W": "Warnings (printed, never failing)",
}


def _cell(value: str) -> str:
    """Text for a table cell, inert (schemas are contributor input too); citation syntax as code."""
    cell = plain_inert(value.replace("`", ""))
    return re.sub(r"(&#91;@.*?&#93;)", r"<code>\1</code>", cell)


def rules_markdown() -> str:
    lines = []
    for prefix, title in GROUPS.items():
        lines += [f"## {title}", "", "| code | problem | how to fix it |", "|---|---|---|"]
        for rule in RULES.values():
            if rule.code.startswith(prefix):
                lines.append(f"| `{rule.code}` {{: #{rule.code.lower()} }} | {_cell(rule.title)} | {_cell(rule.fix)} |")
        lines.append("")
    return "\n".join(lines)


def _type_of(schema: dict, schema_dir: Path) -> str:
    if "enum" in schema:
        return "one of: " + ", ".join(f"`{v}`" for v in schema["enum"])
    if "const" in schema:
        return f"`{json.dumps(schema['const'])}`"
    if schema.get("x-atlas-claim"):
        return "text with citation"
    kind = schema.get("type")
    if kind == "array":
        item = follow_ref(schema.get("items", {}), schema_dir)
        return "list of " + _type_of(item, schema_dir)
    if kind == "object":
        return "mapping: " + ", ".join(f"`{k}`" for k in schema.get("properties", {}))
    if schema.get("format") == "date":
        return "date (YYYY-MM-DD)"
    if isinstance(kind, list):
        return " or ".join(kind)
    return {"string": "text", "integer": "whole number", "boolean": "true or false"}.get(kind, str(kind))


def fields_markdown(schema_dir: Path) -> str:
    lines = []
    for folder, kind in KINDS.items():
        schema = json.loads((schema_dir / f"{kind}.schema.json").read_text("utf-8"))
        required = set(schema.get("required", []))
        lines += [
            f"## {kind.capitalize()} (`content/{folder}/ID.yaml`) {{: #{kind} }}",
            "",
            _cell(schema.get("description", "")),
            "",
            "| field | required | type | meaning |",
            "|---|---|---|---|",
        ]
        for name, field in schema["properties"].items():
            resolved = follow_ref(field, schema_dir)
            need = "yes" if name in required else "no"
            lines.append(
                f"| `{name}` | {need} | {_cell(_type_of(resolved, schema_dir))} | {_cell(resolved.get('description', ''))} |"
            )
        if "then" in schema:
            lines += ["", f"When `purpose` is `repair`, these are required too: {', '.join(schema['then']['required'])}."]
        lines.append("")
    return "\n".join(lines)
