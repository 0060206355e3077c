"""`python -m macros new KIND ID`: an annotated template, generated from the kind's JSON Schema so it
can never drift from what the checker expects. Every TODO must be replaced before it passes."""

from __future__ import annotations

import datetime
import json
import sys
from pathlib import Path

from .model import ID
from .schemas import follow_ref, modeline
from .vocabulary import KINDS

PLACEHOLDER = "TODO"
FOLDERS = {kind: folder for folder, kind in KINDS.items()}


def _load(schema_dir: Path, name: str) -> dict:
    return json.loads((schema_dir / name).read_text("utf-8"))


def _value_lines(name: str, schema: dict, schema_dir: Path, indent: str, record_id: str, kind: str) -> list[str]:
    schema = follow_ref(schema, schema_dir)
    if name == "id":
        return [f"{indent}id: {record_id}"]
    if schema.get("pattern", "").startswith("^[a-z0-9]+(-"):  # an id of another record
        return [f"{indent}{name}: {PLACEHOLDER.lower()}"]
    if "enum" in schema:
        return [f"{indent}{name}: {schema['enum'][0]}  # one of: {', '.join(map(str, schema['enum']))}"]
    if "const" in schema:
        return [f"{indent}{name}: {json.dumps(schema['const'])}"]
    kind_of = schema.get("type")
    if schema.get("format") == "date":
        return [f"{indent}{name}: {datetime.date.today().isoformat()}"]
    if kind_of == "boolean":
        return [f"{indent}{name}: false"]
    if kind_of == "integer":
        return [f"{indent}{name}: {schema.get('minimum', 0)}"]
    if kind_of == "object":
        lines = [f"{indent}{name}:"]
        lines += _fields(schema, schema_dir, indent + "  ", record_id, kind)
        return lines
    if kind_of == "array":
        item = follow_ref(schema.get("items", {}), schema_dir)
        if item.get("type") == "object":
            # as many items as the schema asks for, so the filled-in template passes; the field
            # comments once, on the first
            lines = [f"{indent}{name}:"]
            for number in range(max(1, schema.get("minItems", 1))):
                sub = _fields(item, schema_dir, indent + "    ", record_id, kind)
                if number:
                    sub = [line for line in sub if not line.lstrip().startswith("#")]
                sub[0] = indent + "  - " + sub[0].lstrip()
                lines += sub
            return lines
        if name in ("related", "concepts", "markers", "interventions"):
            return [f"{indent}{name}: []  # ids of records"]
        if "enum" in item:
            return [f"{indent}{name}:", f"{indent}  - {item['enum'][0]}  # any of: {', '.join(item['enum'])}"]
        return [f"{indent}{name}:"] + [f"{indent}  - {_text(item)}"] * max(1, schema.get("minItems", 1))
    return [f"{indent}{name}: {_text(schema)}"]


def _text(schema: dict) -> str:
    if schema.get("x-atlas-claim"):
        return f"{PLACEHOLDER} in your own words, citing its source [@{PLACEHOLDER.lower()}]"
    return f"{PLACEHOLDER} in your own words"


def _fields(schema: dict, schema_dir: Path, indent: str, record_id: str, kind: str) -> list[str]:
    required = set(schema.get("required", []))
    lines: list[str] = []
    for name, field in schema.get("properties", {}).items():
        described = follow_ref(field, schema_dir).get("description", "")
        tag = "required" if name in required else "optional"
        lines.append(f"{indent}# ({tag}) {described}".rstrip())
        lines += _value_lines(name, field, schema_dir, indent, record_id, kind)
    return lines


def template(kind: str, record_id: str, schema_dir: Path) -> str:
    schema = _load(schema_dir, f"{kind}.schema.json")
    head = [
        modeline(kind),
        f"# New {kind}: replace every {PLACEHOLDER}, delete optional fields you do not use,",
        "# then run `python -m macros check`. Field reference: /contributing/fields/ on the site.",
    ]
    return "\n".join(head + _fields(schema, schema_dir, "", record_id, kind)) + "\n"


def write(kind: str, record_id: str, content_dir: Path, schema_dir: Path) -> int:
    if not ID.fullmatch(record_id):
        print(f"'{record_id}' is not a lower-case kebab-case id (e.g. give-rationale)", file=sys.stderr)
        return 2
    target = content_dir / FOLDERS[kind] / f"{record_id}.yaml"
    if target.exists():
        print(f"{target} already exists; edit it instead", file=sys.stderr)
        return 2
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(template(kind, record_id, schema_dir), "utf-8")
    print(f"wrote {target}: fill in every {PLACEHOLDER}, then run `python -m macros check {target}`")
    return 0
