"""The sign-in dialog paints before the heavy parts of the app are imported.

Start-up speed is measured by ``tests/benchmarks/startup.py``; this test only keeps the
launcher's import graph honest, so a stray import (the Clover client's httpx, the
sandbox's Starlette app, the history store, the main window) cannot creep back in front
of the first screen unnoticed.
"""

from __future__ import annotations

import json
import subprocess
import sys

#: Modules the first screen does without: each is loaded after the dialog has painted.
LOADED_LATER = (
    "httpx",
    "starlette",
    "clover_desk.app",
    "clover_desk.api.client",
    "clover_desk.sandbox",
    "clover_desk.services.history.store",
    "clover_desk.services.merchant.session",
    "clover_desk.ui.main_window",
)


def test_the_launcher_imports_nothing_the_sign_in_dialog_does_not_need() -> None:
    probe = (
        "import json, sys, clover_desk.launch; "
        f"print(json.dumps([m for m in {list(LOADED_LATER)!r} if m in sys.modules]))"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=120
    )
    assert json.loads(done.stdout.strip().splitlines()[-1]) == []
