"""The rules a merchant cares about, without Qt or httpx: one package per domain.

Each package's ``__init__`` is its face: the names other packages, the UI and the
composition root may use, in ``__all__``. Nothing outside a package imports its modules
(import-linter's ``protected`` contracts in ``pyproject.toml``); tests may.

A face imports each name from its module the first time it is asked for
(:func:`lazy_face`, PEP 562), so ``from clover_desk.services.merchant import AppPaths``
loads ``paths`` alone, not the session and the Clover client behind it: the sign-in
dialog shows before the heavy modules are imported, and the import graph is the one the
modules themselves make.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any

__all__ = ["lazy_face"]


def lazy_face(namespace: dict[str, Any], homes: Mapping[str, str]) -> Callable[[str], Any]:
    """A module ``__getattr__`` for the package whose ``globals()`` is ``namespace``.

    ``homes`` maps each name of the face to the submodule (by its name in the package)
    that defines it; a name is imported from there when first asked for, then kept in
    the package.
    """
    package = str(namespace["__name__"])

    def getattr_(name: str) -> Any:
        if name not in homes:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        namespace[name] = value = getattr(importlib.import_module(f"{package}.{homes[name]}"), name)
        return value

    return getattr_
