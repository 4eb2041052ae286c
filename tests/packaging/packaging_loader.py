"""Import the scripts in ``packaging/`` by path.

``packaging/`` is deliberately not a Python package: its name would shadow the PyPI
``packaging`` library that pip, setuptools and pytest import.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

REPO = Path(__file__).resolve().parents[2]
PACKAGING = REPO / "packaging"


def load(name: str) -> ModuleType:
    """``packaging/<name>.py`` as a module (cached in ``sys.modules`` under ``name``)."""
    if name in sys.modules:
        return sys.modules[name]
    if str(PACKAGING) not in sys.path:
        sys.path.insert(0, str(PACKAGING))
    spec = importlib.util.spec_from_file_location(name, PACKAGING / f"{name}.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module
