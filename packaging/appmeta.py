"""Clover Desk's app metadata for the freezer and the installers, from one place.

The version comes from ``pyproject.toml`` only; the spec, the Inno Setup script and the
macOS Info.plist all receive it from here (build.py passes it to ``iscc`` as a define).
"""

from __future__ import annotations

import re
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class AppMeta:
    """Names and numbers every installer agrees on."""

    version: str
    display_name: str = "Clover Desk"
    #: The PyInstaller one-folder name (``dist/<dist_name>``) and the data-directory name.
    dist_name: str = "clover-desk"
    bundle_id: str = "com.cloverdesk.app"
    publisher: str = "Clover Desk"
    description: str = "Clover Desk back office"
    copyright: str = "Copyright © Clover Desk"
    url: str = "https://github.com/clover-desk/clover-desk"

    @property
    def exe_name(self) -> str:
        """The executable's name (without ``.exe``) on the current platform."""
        return exe_name_for(sys.platform)

    @property
    def version_tuple(self) -> tuple[int, int, int, int]:
        """Four numbers for Windows version resources (``1.2.3rc1`` -> ``(1, 2, 3, 0)``)."""
        release = re.match(r"\d+(\.\d+){0,2}", self.version)
        if release is None:
            raise ValueError(f"version {self.version!r} does not start with a number")
        numbers = [int(n) for n in release.group(0).split(".")]
        numbers += [0] * (4 - len(numbers))
        return (numbers[0], numbers[1], numbers[2], numbers[3])

    @property
    def numeric_version(self) -> str:
        """``a.b.c.d``, the form Windows and Inno's VersionInfoVersion accept."""
        return ".".join(str(n) for n in self.version_tuple)


def exe_name_for(platform: str) -> str:
    """``CloverDesk`` (.exe) on Windows, ``Clover Desk`` in the macOS .app, else ``clover-desk``."""
    if platform.startswith("win"):
        return "CloverDesk"
    if platform == "darwin":
        return "Clover Desk"
    return "clover-desk"


def read_version(pyproject: Path = REPO / "pyproject.toml") -> str:
    """``[project].version`` from pyproject.toml."""
    with pyproject.open("rb") as handle:
        version = tomllib.load(handle)["project"]["version"]
    if not isinstance(version, str):
        raise ValueError(f"{pyproject}: [project].version must be a string")
    return version


def metadata() -> AppMeta:
    """The metadata for this checkout."""
    return AppMeta(version=read_version())


def macos_minimum_from_wheel(wheel_text: str, default: str = "12.0") -> str:
    """The highest ``macosx_X_Y`` among a WHEEL file's tags (``"14.0"``), else ``default``."""
    found = [
        (int(major), int(minor))
        for major, minor in re.findall(r"^Tag: .*macosx_(\d+)_(\d+)_", wheel_text, re.MULTILINE)
    ]
    if not found:
        return default
    major, minor = max(found)
    return f"{major}.{minor}"


def macos_minimum_version() -> str:
    """The oldest macOS the bundled Qt runs on: the installed PySide6 wheel's platform tag.

    (PySide6 6.12's wheels say macOS 14; older ones less.) Used for LSMinimumSystemVersion.
    """
    from importlib import metadata

    try:
        wheel = metadata.distribution("PySide6-Essentials").read_text("WHEEL") or ""
    except metadata.PackageNotFoundError:
        wheel = ""
    return macos_minimum_from_wheel(wheel)
