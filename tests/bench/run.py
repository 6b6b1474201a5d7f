"""Run every benchmark: `python tests/bench/run.py [NAME ...]`.

Each `tests/bench/bench_*.py` is a plain script that prints its own figures and
its ratio against a baseline measured in the same run; this runs them one after
another in fresh interpreters (so one benchmark's memory does not colour the
next), from the repository root, and exits non-zero if any of them failed.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]


def benchmarks(names: list[str]) -> list[Path]:
    """All bench_*.py, or those whose name contains one of `names`."""
    found = sorted(HERE.glob("bench_*.py"))
    return [path for path in found if not names or any(name in path.stem for name in names)]


def environment() -> dict[str, str]:
    """The repository root on the import path, as `python -m pytest` from the root has it."""
    paths = [str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])]
    return {**os.environ, "PYTHONPATH": os.pathsep.join(paths)}


def main(names: list[str]) -> int:
    chosen = benchmarks(names)
    if not chosen:
        print(f"no benchmark in {HERE} matches {names or 'bench_*.py'}", file=sys.stderr)
        return 2
    failed = []
    for path in chosen:
        print(f"== {path.stem}", flush=True)
        started = time.perf_counter()
        result = subprocess.run([sys.executable, str(path)], cwd=ROOT, env=environment())
        print(f"== {path.stem}: exit {result.returncode}, {time.perf_counter() - started:.1f} s\n")
        if result.returncode:
            failed.append(path.stem)
    print(
        f"{len(chosen) - len(failed)} passed, {len(failed)} failed"
        + (f": {failed}" if failed else "")
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
