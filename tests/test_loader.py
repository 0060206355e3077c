"""The strict YAML loader: positions, YAML 1.1 typing, and what it refuses."""

from macros.yamlload import YamlDate, parse


def test_positions_of_keys_and_values():
    doc, problems = parse("id: x\nlist:\n  - a\n  - b\nmap: {k: v}\n", "f.yaml")
    assert problems == []
    assert doc.position(("list", 1)) == (4, 5)
    assert doc.position(("map", "k")) == (5, 10)
    assert doc.position(("list",), key=True) == (2, 1)
    assert doc.position(("missing", "deeper")) == (1, 1)


def test_yaml_11_types_are_kept_so_the_schema_can_object():
    doc, _ = parse('a: no\nb: "no"\nc: on\nd: 2024-01-01\ne: 12\nf: |\n  text\n', "f.yaml")
    assert doc.data["a"] is False and doc.data["b"] == "no" and doc.data["c"] is True
    assert isinstance(doc.data["d"], YamlDate) and doc.data["d"] == "2024-01-01"
    assert doc.data["e"] == 12 and doc.data["f"] == "text\n"


def test_impossible_date_stays_text():
    doc, _ = parse("d: 2026-13-45\n", "f.yaml")
    assert doc.data["d"] == "2026-13-45" and not isinstance(doc.data["d"], YamlDate)


def test_alias_bomb_is_refused_at_the_first_anchor_without_expanding():
    bomb = "a: &a [x, x]\n" + "".join(f"{c}: &{c} [*{p}, *{p}, *{p}]\n" for p, c in zip("abcdefgh", "bcdefghi"))
    doc, problems = parse(bomb, "f.yaml")
    assert doc is None and [p.code for p in problems] == ["Y106"]


def test_unused_anchor_is_refused_too():
    _, problems = parse("a: &x 1\n", "f.yaml")
    assert [(p.line, p.col, p.code) for p in problems] == [(1, 4, "Y106")]


def test_complex_keys_are_refused():
    _, problems = parse("? [a, b]\n: c\n", "f.yaml")
    assert [p.code for p in problems] == ["Y103"]
