"""No import cycles between the modules of macros/: every import counts, top-level or inside a
function (a local import hides a cycle from Python at load time, not from the design)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent  # not from helpers: this test only reads the code, never imports it
PACKAGE = "macros"


def module_names(package_dir: Path) -> dict[str, Path]:
    """Dotted name (macros.model, and macros for __init__.py) -> file, for every module in the package."""
    found = {}
    for path in sorted(package_dir.rglob("*.py")):
        parts = path.relative_to(package_dir.parent).with_suffix("").parts
        found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def imports_of(source: str, name: str, is_package: bool, modules: set[str]) -> list[tuple[str, int]]:
    """(imported module, line) for every import of a package module in one module's source, at any
    depth: `import macros.x`, `from macros import x`, `from . import x`, `from .x import y`, and
    `importlib.import_module("macros.x")`."""
    package = name if is_package else name.rpartition(".")[0]

    def module_of(dotted: str) -> str | None:
        # The deepest package module a dotted name lies in: macros.x.func -> macros.x.
        while dotted and dotted not in modules:
            dotted = dotted.rpartition(".")[0]
        return dotted or None

    found = []
    for node in ast.walk(ast.parse(source)):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                if node.level > 1:
                    base = base[: -(node.level - 1)]
                base_name = ".".join(base + ([node.module] if node.module else []))
            else:
                base_name = node.module or ""
            # `from X import y`: y is a submodule if there is one, else a name inside X.
            targets = [f"{base_name}.{alias.name}" for alias in node.names]
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, (ast.Attribute, ast.Name))
            and (node.func.attr if isinstance(node.func, ast.Attribute) else node.func.id) == "import_module"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            targets = [node.args[0].value]
        for target in targets:
            module = module_of(target)
            if module and module != name:
                found.append((module, node.lineno))
    return found


def import_graph(package_dir: Path) -> dict[str, dict[str, int]]:
    """module -> {module it imports: line of the first such import}."""
    modules = module_names(package_dir)
    graph: dict[str, dict[str, int]] = {}
    for name, path in modules.items():
        edges = graph.setdefault(name, {})
        for target, line in imports_of(path.read_text("utf-8"), name, path.name == "__init__.py", set(modules)):
            edges.setdefault(target, line)
    return graph


def cycles(graph: dict[str, dict[str, int]]) -> list[list[str]]:
    """Every elementary cycle, each listed once, starting from its smallest module name."""
    found = []
    for start in sorted(graph):
        stack = [(start, [start])]
        while stack:
            node, path = stack.pop()
            for target in sorted(graph.get(node, {}), reverse=True):
                if target == start:
                    found.append(path + [start])
                elif target > start and target not in path:
                    stack.append((target, path + [target]))
    return sorted(found, key=lambda cycle: (len(cycle), cycle))


def describe(cycle: list[str], graph: dict[str, dict[str, int]], package_dir: Path) -> str:
    modules = module_names(package_dir)
    steps = [f"{modules[a].relative_to(package_dir.parent)}:{graph[a][b]} imports {b}" for a, b in zip(cycle, cycle[1:])]
    return " -> ".join(cycle) + "\n      " + "\n      ".join(steps)


def test_the_import_reader_sees_every_form_at_any_depth():
    modules = {"macros", "macros.a", "macros.b", "macros.c", "macros.d", "macros.e", "macros.f", "macros.g"}
    source = """
import os
from . import a
from .b import thing
import macros.c as c
from macros import d, os as not_a_module
def later():
    from .e import other
    class Inner:
        import macros.f
    return importlib.import_module("macros.g")
from macros import x
"""
    found = imports_of(source, "macros.z", False, modules | {"macros.z"})
    assert sorted(found) == [
        ("macros", 6),
        ("macros", 12),
        ("macros.a", 3),
        ("macros.b", 4),
        ("macros.c", 5),
        ("macros.d", 6),
        ("macros.e", 8),
        ("macros.f", 10),
        ("macros.g", 11),
    ]
    # In a package's __init__.py, `.` is the package itself.
    assert imports_of("from .a import y\n", "macros", True, modules) == [("macros.a", 1)]


def test_the_graph_holds_the_package_imports():
    graph = import_graph(REPO / PACKAGE)
    assert "macros.model" in graph["macros.checks"]  # a top-level import
    assert len(graph) > 10 and sum(map(len, graph.values())) > 10


def test_no_import_cycles_between_package_modules():
    package_dir = REPO / PACKAGE
    graph = import_graph(package_dir)
    found = cycles(graph)
    if found:
        pytest.fail(
            f"{len(found)} import cycle(s) in {PACKAGE}/:\n"
            + "\n".join(f"  {describe(cycle, graph, package_dir)}" for cycle in found[:20]),
            pytrace=False,
        )


# Import name -> distribution name, for the packages whose names differ.
DISTRIBUTIONS = {"yaml": "PyYAML", "jinja2": "Jinja2", "markupsafe": "MarkupSafe", "markdown": "Markdown"}


def _requirements(name: str) -> set[str]:
    found = set()
    for line in (REPO / name).read_text().splitlines():
        line = line.split("#")[0].strip()
        if line.startswith("-r "):
            found |= _requirements(line[3:].strip())
        elif line:
            found.add(re.split(r"[=<>!~]", line)[0].strip().lower())
    return found


def test_every_package_the_atlas_imports_is_declared_and_pinned():
    """The site's requirements cover every third-party import in macros/ (printing.py's playwright
    is in requirements-print.txt, which the deploy installs), each pinned with ==, or held to a
    range with both ends (MkDocs 1.6 and Material 9.8, which the issue of moving off them sets)."""
    import sys

    third_party = set()
    for path in sorted((REPO / "macros").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else ([node.module] if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module else [])
            )
            for name in names:
                top = name.split(".")[0]
                if top not in sys.stdlib_module_names and top != "macros":
                    third_party.add((path.name, top))
    site, printing = _requirements("requirements.txt"), _requirements("requirements-print.txt")
    for module, top in sorted(third_party):
        wanted = DISTRIBUTIONS.get(top, top).lower()
        assert wanted in (printing if module == "printing.py" else site), f"{module} imports {top}, not declared"
    for name in ("requirements.txt", "requirements-print.txt", "requirements-test.txt"):
        for line in (REPO / name).read_text().splitlines():
            line = line.split("#")[0].strip()
            held = ">=" in line and "<" in line.replace("<=", "")
            assert not line or line.startswith("-r ") or "==" in line or held, f"{name}: {line} is not pinned"
