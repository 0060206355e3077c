"""Live preview: pick up edited Atlas code without restarting `mkdocs serve`.

MkDocs rebuilds in one process, where Python keeps the first import of a module. Before each build
the hook asks for the Atlas package again: if a file in macros/ changed since it was imported, the
package is imported anew; otherwise nothing happens. Standard library only, imports nothing else
of the package.
"""

from __future__ import annotations

import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
_imported_at: dict[str, float] = {}


def _stamp() -> float:
    return max(p.stat().st_mtime for p in PACKAGE.rglob("*") if p.suffix in (".py", ".j2"))


def refresh() -> None:
    """Forget the package's modules if its code changed since they were imported (templates too)."""
    stamp = _stamp()
    if _imported_at.get("stamp", stamp) != stamp:
        package = sys.modules.get("macros")
        for name in [n for n in sys.modules if n.startswith("macros.") and n != __name__]:
            del sys.modules[name]
            if package is not None and "." not in name[len("macros.") :]:
                package.__dict__.pop(name[len("macros.") :], None)  # `from macros import x` must import anew
    _imported_at["stamp"] = stamp
