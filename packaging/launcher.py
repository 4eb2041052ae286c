"""PyInstaller's entry script: the same ``main`` as the ``clover-desk`` console script.

A windowed executable started from Explorer (Windows) has no standard streams:
``sys.stdout`` and ``sys.stderr`` are ``None``, as under ``pythonw.exe``. Third-party code
does not all cope (uvicorn's log formatter calls ``sys.stdout.isatty()`` and the training
sandbox then fails to start), so missing streams become ``os.devnull`` here. When the
streams exist (a console, or a pipe such as ``build.py``'s self-test) nothing changes.
"""

import multiprocessing
import os
import sys


def _ensure_std_streams() -> None:
    for name in ("stdout", "stderr"):
        if getattr(sys, name) is None:
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115


if __name__ == "__main__":
    _ensure_std_streams()
    multiprocessing.freeze_support()  # harmless unless something spawns processes

    from clover_desk.launch import main

    sys.exit(main())
