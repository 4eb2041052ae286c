"""Freeze the app with the real spec on Linux and run the frozen binary's --self-test.

Slow (about 40 s on two cores) and skipped by default: ``scripts/test -m slow``.
Needs PyInstaller (``pip install -r packaging/requirements.txt``).
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys

import pytest
from packaging_loader import PACKAGING, REPO

pytestmark = [
    pytest.mark.slow,
    pytest.mark.timeout(900),
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the Linux freeze"),
    pytest.mark.skipif(
        importlib.util.find_spec("PyInstaller") is None,
        reason="PyInstaller is not installed (pip install -r packaging/requirements.txt)",
    ),
]


def test_linux_freeze_passes_its_self_test() -> None:
    done = subprocess.run(
        [sys.executable, str(PACKAGING / "build.py"), "linux", "--self-test"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=840,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-4000:]
    summary = json.loads(done.stdout.strip().splitlines()[-1])
    assert summary["target"] == "linux"
    (result,) = summary["self_tests"]
    report = result["report"]
    assert result["rc"] == 0
    assert report["errors"] == []
    assert {"orders", "charges", "customers", "plans", "gift_cards"} <= report["tabs"].keys()
    assert (REPO / "dist" / "clover-desk" / "clover-desk").is_file()
    # The French-Canadian catalogue (compiled by build.py) and Qt's own for its buttons.
    bundle = REPO / "dist" / "clover-desk"
    assert list(bundle.rglob("resources/translations/clover_desk_fr_CA.qm"))
    assert list(bundle.rglob("qtbase_fr.qm"))
