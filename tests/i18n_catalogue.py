"""The translation catalogue as the tests see it: refreshed from the code, compiled.

``fresh_ts`` runs ``pyside6-lupdate`` over the code into a copy of the committed
``.ts``, so a string added in code but not yet in the committed file counts as missing.
``pseudo_qm`` compiles a catalogue whose every translation is its source inside
``⟦…⟧``: with it installed, any text on screen outside those brackets was never
marked for translation.
"""

from __future__ import annotations

import importlib.util
import shutil
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from types import ModuleType

REPO = Path(__file__).resolve().parents[1]
COMMITTED_TS = REPO / "resources" / "translations" / "clover_desk_fr_CA.ts"
PSEUDO_OPEN, PSEUDO_CLOSE = "⟦", "⟧"


def translations_script() -> ModuleType:
    """``scripts/translations.py`` as a module (``scripts/`` is not a package)."""
    name = "clover_desk_translations_script"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, REPO / "scripts" / "translations.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def fresh_ts(directory: Path) -> Path:
    """The committed fr_CA catalogue brought up to date with the code, in ``directory``."""
    directory.mkdir(parents=True, exist_ok=True)
    ts = directory / COMMITTED_TS.name
    shutil.copyfile(COMMITTED_TS, ts)
    translations_script().update(ts)
    return ts


def messages(ts: Path) -> list[tuple[str, ET.Element]]:
    """(context, <message>) for every message of ``ts``."""
    found = []
    for context in ET.parse(ts).getroot().iter("context"):  # noqa: S314 (our own file)
        name = context.findtext("name") or ""
        found.extend((name, message) for message in context.iter("message"))
    return found


def compiled_fr(directory: Path) -> Path:
    """A directory holding ``clover_desk_fr_CA.qm`` compiled from the committed ``.ts``."""
    directory.mkdir(parents=True, exist_ok=True)
    translations_script().compile_ts(COMMITTED_TS, directory / "clover_desk_fr_CA.qm")
    return directory


def pseudo_qm(directory: Path) -> Path:
    """A ``.qm`` translating every marked string of the code to ``⟦source⟧``."""
    ts = fresh_ts(directory)
    tree = ET.parse(ts)  # noqa: S314 (our own file)
    for message in tree.getroot().iter("message"):
        source = message.findtext("source") or ""
        translation = message.find("translation")
        assert translation is not None
        translation.attrib.pop("type", None)
        pseudo = f"{PSEUDO_OPEN}{source}{PSEUDO_CLOSE}"
        if message.get("numerus") == "yes":
            for form in translation.iter("numerusform"):
                form.text = pseudo
        else:
            translation.text = pseudo
    tree.write(ts, encoding="utf-8", xml_declaration=True)
    return translations_script().compile_ts(ts, directory / "pseudo.qm")
