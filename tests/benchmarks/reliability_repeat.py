"""Run the reliability tests (chaos and crash) many times and count how each run ended.

    QT_QPA_PLATFORM=offscreen python tests/benchmarks/reliability_repeat.py [--runs 20]

Each run is a fresh ``pytest -k "chaos or crash" tests/reliability`` in its own process
(so no state carries from one run to the next). A test that fails now and then is a
defect; this is how to see one. The last line printed is one JSON object
``{"runs", "passed", "failures": [...]}``, each failure naming the run, the failed tests
and the end of what pytest printed. Goal: ``passed == runs``.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PYTEST_ARGS = ("-p", "no:cacheprovider", "-q", "-k", "chaos or crash", "tests/reliability")


def one_run(index: int) -> dict[str, object] | None:
    """Run the tests once; ``None`` when every one passed, else what failed."""
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "pytest", *PYTEST_ARGS],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        check=False,
    )
    seconds = time.perf_counter() - started
    summary = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else ""
    print(f"run {index}: exit {done.returncode} in {seconds:.1f} s: {summary}", file=sys.stderr)
    if done.returncode == 0 and re.search(r"\b2 passed\b", summary):
        return None
    return {
        "run": index,
        "exit": done.returncode,
        "failed": re.findall(r"^FAILED (\S+)", done.stdout, flags=re.MULTILINE),
        # pytest's "E" lines say which assertion failed; the log tail after them often
        # doesn't (the sandbox's last log lines are printed last).
        "assertions": re.findall(r"^E +(.+)$", done.stdout, flags=re.MULTILINE)[:12],
        "tail": (done.stdout + done.stderr)[-1500:],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=20)
    runs = parser.parse_args().runs
    failures = [f for f in (one_run(i) for i in range(1, runs + 1)) if f is not None]
    print(json.dumps({"runs": runs, "passed": runs - len(failures), "failures": failures}))


if __name__ == "__main__":
    main()
