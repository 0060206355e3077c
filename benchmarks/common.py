"""What every benchmark script shares: the checker and MkDocs run as commands, and a failed run
explained with its own output.

The benchmarks import nothing from macros/: its modules change as the Atlas is reworked, and the
commands contributors run (`python -m macros check`, `python -m mkdocs build`) are what is timed.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent


def build_env(content: Path | None) -> dict:
    """The environment of a build: ATLAS_CONTENT set to `content` (None: the real content/)."""
    env = {k: v for k, v in os.environ.items() if k != "ATLAS_CONTENT"}
    env["NO_MKDOCS_2_WARNING"] = "1"
    env["PYTHONDONTWRITEBYTECODE"] = "1"  # no __pycache__ in watched folders (mkdocs serve)
    if content is not None:
        env["ATLAS_CONTENT"] = str(content)
    return env


def make_serve_arguments() -> list[str]:
    """What `make serve` passes to `mkdocs serve` (['--dirty']): the Makefile is its one home, so the
    benchmark and the tests time and try the preview contributors run."""
    recipe = (REPO / "Makefile").read_text("utf-8").split("\nserve:", 1)[1].splitlines()[1]
    return recipe.split("-m mkdocs serve", 1)[1].split()


def run_checker(content: Path | None = None, timeout: float = 600) -> subprocess.CompletedProcess:
    """`python -m macros check [content]`, from the repository (None: the real content/)."""
    return subprocess.run(
        [sys.executable, "-m", "macros", "check", *([str(content)] if content else [])],
        cwd=REPO,
        env=build_env(None),
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def require_valid(content: Path | None, what: str) -> str:
    """Stop (SystemExit) with the checker's own output unless `content` passes it; else its last line."""
    done = run_checker(content)
    output = (done.stdout + done.stderr).strip()
    if done.returncode != 0:
        raise SystemExit(
            f"{what} fails `python -m macros check` (exit {done.returncode}); nothing was timed.\n{tail(output, 60)}"
        )
    return (output.splitlines() or [""])[-1]


def tail(text: str, lines: int = 40) -> str:
    rows = text.rstrip().splitlines()
    if len(rows) > lines:
        return f"[... {len(rows) - lines} earlier lines]\n" + "\n".join(rows[-lines:])
    return "\n".join(rows)


def explain_failure(args: list[str], env: dict, log: Path, cwd: Path = REPO, timeout: float = 900) -> str:
    """What a failed command said: its log, or, if the log is empty (a quiet MkDocs run can lose its
    message, issue 18), the output of the same command run once more without -q."""
    said = log.read_text("utf-8", "replace").strip() if log.is_file() else ""
    if said:
        return tail(said)
    loud = [a for a in args if a not in ("-q", "--quiet")]
    try:
        again = subprocess.run(loud, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
        said = (again.stdout + again.stderr).strip()
        note = f"(the log was empty; run again without -q: exit {again.returncode})"
    except subprocess.TimeoutExpired:
        said, note = "", f"(the log was empty; run again without -q: no end after {timeout:g} s)"
    return note + "\n" + (tail(said) if said else "(no output either)")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
