"""Translations: refresh the ``.ts`` sources from the code, or compile them to ``.qm``.

    python scripts/translations.py update   # pyside6-lupdate: new strings in every .ts
    python scripts/translations.py compile  # pyside6-lrelease: .qm beside each .ts
    python scripts/translations.py missing  # list strings not yet translated; exit 1 if any

``update`` keeps existing translations, drops strings the code no longer has, and writes
no line numbers (so unrelated edits do not touch the ``.ts`` files). New strings arrive
as ``type="unfinished"``: translate them in Qt Linguist (``pyside6-linguist``) or in the
XML, then run ``compile`` (``scripts/bootstrap.sh`` and ``packaging/build.py`` do).
Standard library only: the install step runs it before anything else is set up.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TRANSLATIONS = REPO / "resources" / "translations"
#: Code whose strings staff read: the root, the UI, the services' marked messages.
SOURCE_DIRS = ("clover_desk/app", "clover_desk/ui", "clover_desk/services")


def source_files(repo: Path = REPO) -> list[Path]:
    """Every Python file lupdate reads, in a stable order."""
    files: list[Path] = []
    for directory in SOURCE_DIRS:
        files.extend(sorted((repo / directory).rglob("*.py")))
    return files


def ts_files(directory: Path = TRANSLATIONS) -> list[Path]:
    """The translation sources (``clover_desk_<lang>.ts``)."""
    return sorted(directory.glob("clover_desk_*.ts"))


def tool(name: str) -> str:
    """``pyside6-<name>`` from this Python's environment, else from ``PATH``."""
    beside = Path(sys.executable).with_name(f"pyside6-{name}")
    if beside.exists():
        return str(beside)
    found = shutil.which(f"pyside6-{name}")
    if found is None:
        raise SystemExit(f"pyside6-{name} not found: install PySide6 (scripts/bootstrap.sh)")
    return found


def update(ts: Path, repo: Path = REPO) -> None:
    """Bring ``ts`` up to date with the code (created if missing)."""
    language = ts.stem.removeprefix("clover_desk_")
    subprocess.run(  # noqa: S603 (our own tool and files)
        [
            tool("lupdate"),
            *[str(f.relative_to(repo)) for f in source_files(repo)],
            "-no-obsolete",
            "-locations",
            "none",
            "-source-language",
            "en",
            "-target-language",
            language,
            "-ts",
            str(ts),
        ],
        cwd=repo,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def compile_ts(ts: Path, qm: Path | None = None) -> Path:
    """Compile ``ts`` to ``qm`` (default: beside it); the ``.qm`` path."""
    qm = qm or ts.with_suffix(".qm")
    subprocess.run([tool("lrelease"), "-silent", str(ts), "-qm", str(qm)], check=True)  # noqa: S603
    return qm


def untranslated(ts: Path) -> list[tuple[str, str]]:
    """(context, source) of every message in ``ts`` with no finished translation."""
    missing = []
    # The repository's own .ts files, not untrusted input.
    for context in ET.parse(ts).getroot().iter("context"):  # noqa: S314
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            texts = (
                [translation.text or ""]
                if translation is None or message.get("numerus") != "yes"
                else [form.text or "" for form in translation.iter("numerusform")]
            )
            if (
                translation is None
                or translation.get("type") in ("unfinished", "vanished", "obsolete")
                or not all(t.strip() for t in texts)
            ):
                missing.append((name, message.findtext("source") or ""))
    return missing


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=("update", "compile", "missing"))
    args = parser.parse_args(argv)
    sources = ts_files()
    if not sources:
        raise SystemExit(f"no clover_desk_*.ts under {TRANSLATIONS}")
    status = 0
    for ts in sources:
        if args.command == "update":
            update(ts)
        elif args.command == "compile":
            compile_ts(ts)
        if args.command in ("update", "missing"):
            missing = untranslated(ts)
            for context, source in missing:
                print(f"{ts.name}: untranslated [{context}] {source!r}")
            print(f"{ts.name}: {len(missing)} untranslated")
            status = 1 if missing and args.command == "missing" else status
    return status


if __name__ == "__main__":
    sys.exit(main())
