"""Start-up benchmark: process start to the sign-in dialog (run on demand).

    QT_QPA_PLATFORM=offscreen python tests/benchmarks/startup.py [--runs 5]

Each round, interleaved so that a busy moment on a shared machine hits every kind alike:

* **first**: ``clover-desk --home NEW_DIR`` on an empty home, which creates and seeds the
  training merchant's database;
* **warm**: the same command again in that home (everything already on disk);
* **bare**: a bare PySide6 ``QMainWindow`` holding a ``QTabWidget`` of five
  ``QTableView``\\ s, the floor any Qt window on this machine pays.

Each child runs offscreen and prints ``{"event", "monotonic"}`` lines
(``clover_desk.ui.startup_probe``; the app with ``--startup-probe``) on the clock this
process reads too: the app marks ``sign_in_shown`` after the sign-in dialog's first paint
and ``ready`` once sign-in works, then exits; the bare window marks its first paint. A
time is the mark minus the moment just before the child was started, so the
interpreter's own start-up counts.

The last line is one JSON object::

    {"app_warm_s", "app_first_s", "bare_s", "ratio_warm", "app_first_ready_s", "runs"}

medians over the runs; ``ratio_warm = app_warm_s / bare_s``. Goals: ``ratio_warm <= 2.5``,
``app_first_s <= 1.0``. ``app_first_ready_s`` is when a first launch lets staff sign in.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

#: What the bare child runs: the same probe module the app uses, nothing else of ours.
BARE_WINDOW = """
import sys
from PySide6.QtWidgets import QApplication, QMainWindow, QTabWidget, QTableView
from clover_desk.ui.startup_probe import FirstPaint, mark
app = QApplication(sys.argv[:1])
window = QMainWindow()
tabs = QTabWidget()
for index in range(5):
    tabs.addTab(QTableView(), f"Tab {index + 1}")
window.setCentralWidget(tabs)
def shown():
    mark("window_shown")
    app.quit()
FirstPaint(window, shown)
window.show()
app.exec()
"""


def child_env() -> dict[str, str]:
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = "offscreen"
    # Never the user's keyring; the training profile needs none.
    env["PYTHON_KEYRING_BACKEND"] = "keyring.backends.null.Keyring"
    env["PYTHONPATH"] = str(ROOT)
    return env


def timed(command: list[str]) -> dict[str, float]:
    """Run ``command``; seconds from just before its start to each event it marks."""
    started = time.monotonic()
    done = subprocess.run(
        command, env=child_env(), capture_output=True, text=True, timeout=120, check=False
    )
    events: dict[str, float] = {}
    for line in done.stdout.splitlines():
        if line.startswith("{"):
            record = json.loads(line)
            events[record["event"]] = record["monotonic"] - started
    if done.returncode != 0 or not events:
        raise RuntimeError(f"{command} exited {done.returncode}: {done.stderr[-2000:]}")
    return events


def app_command(home: Path) -> list[str]:
    """The ``clover-desk`` command this environment installed, as staff start it."""
    launcher = Path(sys.executable).with_name("clover-desk")
    return [str(launcher), "--home", str(home), "--startup-probe"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    first: list[float] = []
    first_ready: list[float] = []
    warm: list[float] = []
    bare: list[float] = []
    scratch = Path(tempfile.mkdtemp(prefix="clover-desk-startup-"))
    try:
        for run in range(args.runs):
            home = scratch / f"home-{run}"
            events = timed(app_command(home))
            first.append(events["sign_in_shown"])
            first_ready.append(events["ready"])
            warm.append(timed(app_command(home))["sign_in_shown"])
            bare.append(timed([sys.executable, "-c", BARE_WINDOW])["window_shown"])
            print(
                f"run {run + 1}: first {first[-1]:.3f} s (ready {first_ready[-1]:.3f} s), "
                f"warm {warm[-1]:.3f} s, bare {bare[-1]:.3f} s",
                flush=True,
            )
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    app_warm_s = statistics.median(warm)
    bare_s = statistics.median(bare)
    print(
        json.dumps(
            {
                "app_warm_s": round(app_warm_s, 3),
                "app_first_s": round(statistics.median(first), 3),
                "bare_s": round(bare_s, 3),
                "ratio_warm": round(app_warm_s / bare_s, 2),
                "app_first_ready_s": round(statistics.median(first_ready), 3),
                "runs": args.runs,
            }
        )
    )


if __name__ == "__main__":
    main()
