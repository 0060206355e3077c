"""Time the checker alone: `python -m macros check DIR` (reading, schema checks and every
cross-record check, interpreter start and imports included) on a generated corpus of 10,000
records. Target (issue 8): under 5 s.

    python benchmarks/check_speed.py [--records 10000] [--repeat 3] [--profile] [--json OUT.json]
    python benchmarks/check_speed.py --records 50 --repeat 1      # a smoke run, about a second

Prints the median wall time of --repeat runs of the command contributors run, its CPU time and ms
per record. The checker runs as a command, never imported: its modules change as the Atlas is
reworked. With --profile, one more run under cProfile (`python -m cProfile -m macros check`)
prints where the time goes. A corpus the checker rejects stops the script with the checker's output.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import pstats
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path[:0] = [str(HERE)]

import corpus  # noqa: E402
from common import build_env, tail  # noqa: E402

TARGET_S = 5.0


def time_cli(content: Path) -> tuple[float, float, int, str]:
    """(wall s, CPU s, exit code, output) of one `python -m macros check content`."""
    command = [sys.executable, "-m", "macros", "check", str(content)]
    before = os.times()
    start = time.perf_counter()
    done = subprocess.run(command, cwd=REPO, env=build_env(None), capture_output=True, text=True)
    wall = time.perf_counter() - start
    after = os.times()
    cpu = (after.children_user - before.children_user) + (after.children_system - before.children_system)
    return wall, cpu, done.returncode, (done.stdout + done.stderr).strip()


def profile(content: Path, out: Path, top: int = 30) -> str:
    """cProfile of one checker run: top functions by own time, then by cumulative time."""
    subprocess.run(
        [sys.executable, "-m", "cProfile", "-o", str(out), "-m", "macros", "check", str(content)],
        cwd=REPO,
        env=build_env(None),
        capture_output=True,
        text=True,
    )
    text = io.StringIO()
    stats = pstats.Stats(str(out), stream=text)
    stats.strip_dirs().sort_stats("tottime").print_stats(top)
    stats.sort_stats("cumulative").print_stats(top)
    return text.getvalue()


def run(records: int, repeat: int, with_profile: bool = False, keep: Path | None = None) -> dict:
    with tempfile.TemporaryDirectory(prefix="atlas-check-") as tmp:
        content = keep or Path(tmp) / "content"
        started = time.perf_counter()
        counts = corpus.generate(records, content)
        generated_s = time.perf_counter() - started
        total = sum(counts.values())
        runs = []
        for _ in range(max(1, repeat)):
            runs.append(time_cli(content))
            if runs[-1][2] != 0:
                raise SystemExit(
                    f"the generated corpus of {total} records fails `python -m macros check` "
                    f"(exit {runs[-1][2]}): fix benchmarks/corpus.py\n{tail(runs[-1][3], 60)}"
                )
        wall = statistics.median(w for w, _c, _r, _o in runs)
        result = {
            "records": total,
            "counts": counts,
            "generate_s": round(generated_s, 2),
            "check_wall_s": round(wall, 3),
            "check_cpu_s": round(statistics.median(c for _w, c, _r, _o in runs), 3),
            "ms_per_record": round(wall / total * 1000, 3),
            "samples_wall_s": [round(w, 3) for w, _c, _r, _o in runs],
            "exit": runs[-1][2],
            "said": (runs[-1][3].splitlines() or [""])[-1],
            "target_s": TARGET_S,
        }
        result["target_met"] = wall <= TARGET_S
        if with_profile:
            result["profile"] = profile(content, Path(tmp) / "check.prof")
        return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--profile", action="store_true", help="also print a cProfile of one run")
    parser.add_argument("--json", type=Path, help="write the result as JSON here")
    parser.add_argument("--keep", type=Path, help="write the corpus here and keep it")
    args = parser.parse_args(argv)
    result = run(args.records, args.repeat, args.profile, args.keep)
    if "profile" in result:
        print(result["profile"])
    print(
        f"checker on {result['records']:,} records: `python -m macros check` {result['check_wall_s']:.2f} s wall "
        f"({result['check_cpu_s']:.2f} s CPU, median of {len(result['samples_wall_s'])}), "
        f"{result['ms_per_record']} ms per record ({result['said']}); "
        f"target ≤ {TARGET_S:g} s: {'met' if result['target_met'] else 'NOT met'}"
    )
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        saved = {k: v for k, v in result.items() if k != "profile"}
        args.json.write_text(json.dumps(saved, indent=2) + "\n", "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
