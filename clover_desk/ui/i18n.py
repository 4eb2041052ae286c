"""The user's language: which translations load at start, and services' words translated.

Clover Desk is written in English; ``resources/translations/clover_desk_<lang>.ts`` hold
the translations (made by ``scripts/update-translations``) and the install and
packaging steps compile them to ``.qm`` files beside them. The language follows the
system unless Settings names one; Qt's own ``qtbase`` translations (standard buttons
and dialogs) load for the same language when Qt ships them.
"""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from clover_desk.api.money import Money
from clover_desk.services.common import Phrase, UserMessage
from clover_desk.ui.money import format_money

__all__ = [
    "LANGUAGES",
    "install_translations",
    "tr_text",
    "translations_dir",
]

#: Languages Settings offers: (code stored in the settings file, name in that language).
#: An empty code follows the system. Names are not translated: each reads in its own
#: language, so anyone can find theirs.
LANGUAGES: tuple[tuple[str, str], ...] = (
    ("en", "English"),
    ("fr_CA", "Français (Canada)"),
)

_APP_CATALOGUE = "clover_desk"

# The translators now installed (kept referenced: Qt does not own them).
_installed: list[QTranslator] = []


def translations_dir() -> Path:
    """Where the compiled ``.qm`` files are (``resources/translations``)."""
    return Path(__file__).resolve().parents[2] / "resources" / "translations"


def _load_app_catalogue(locale: QLocale, directory: Path) -> QTranslator | None:
    translator = QTranslator()
    if translator.load(locale, _APP_CATALOGUE, "_", str(directory)):
        return translator
    # A French system other than Canada's still reads French better than English.
    language = QLocale.languageToCode(locale.language()).replace("-", "_")
    for candidate in sorted(directory.glob(f"{_APP_CATALOGUE}_{language}_*.qm")):
        if translator.load(str(candidate)):
            return translator
    return None


def install_translations(
    language: str = "", directory: Path | None = None, app: QCoreApplication | None = None
) -> str:
    """Load the translations for ``language`` (``""``: the system's); the code in use.

    The language's locale also becomes Qt's default, so numbers, money and dates read
    the way the chosen language writes them. Replaces whatever an earlier call
    installed. Returns ``"en"`` when no translation matched (the source language).
    """
    app = app or QCoreApplication.instance()
    if app is None:
        raise RuntimeError("install_translations needs a QCoreApplication")
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    locale = QLocale(language) if language else QLocale.system()
    QLocale.setDefault(locale)
    ours = _load_app_catalogue(locale, directory or translations_dir())
    if ours is None:
        return "en"
    qt_own = QTranslator()
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    translators = [qt_own, ours] if qt_own.load(locale, "qtbase", "_", qt_dir) else [ours]
    for translator in translators:
        app.installTranslator(translator)
        _installed.append(translator)
    return ours.language() or locale.name()


def tr_text(text: Any) -> str:
    """``text`` in the user's language when services marked it (a :class:`Phrase`).

    Values inside a phrase that are phrases themselves are translated too; other text
    (names, ids, Clover's own messages) is shown as it is.
    """
    if not isinstance(text, Phrase):
        return str(text)
    values = {name: _shown(value) for name, value in text.values.items()}
    template = text.template
    if text.context:
        template = QCoreApplication.translate(text.context, text.template)
    try:
        result = template.format(**values) if values else template
    except (KeyError, IndexError, ValueError):
        # A translation whose placeholders do not match must not lose the message.
        result = text.template.format(**values)
    if text.sentence:
        result = result[:1].upper() + result[1:]
    return result


def _shown(value: Any) -> Any:
    """A phrase's value as staff read it: translated, money and counts as the locale writes them."""
    if isinstance(value, str):
        return tr_text(value)
    if isinstance(value, Money):
        return format_money(value)
    if isinstance(value, int) and not isinstance(value, bool):
        # Counts and line numbers with the user's digit grouping (10,000; 10 000).
        return QLocale().toString(value)
    return value


def tr_message(message: UserMessage) -> UserMessage:
    """``message`` with each part in the user's language (see :func:`tr_text`)."""
    return UserMessage(tr_text(message.title), tr_text(message.detail), tr_text(message.advice))


def tr_error(error: BaseException) -> str:
    """An exception's message in the user's language (services raise marked phrases;
    ``str(error)`` would drop the phrase and keep only its English)."""
    first = error.args[0] if len(error.args) == 1 else None
    if isinstance(first, Phrase):
        return tr_text(first)
    detail = getattr(error, "detail", None)
    if isinstance(detail, Phrase):
        return tr_text(detail)
    return str(error)


def tr_enum(member: Enum) -> str:
    """A staff-facing enum value (``ChargeState.CAPTURED``) in the user's language.

    Services mark such values ``QT_TRANSLATE_NOOP("<EnumClass>", "...")``; a ``StrEnum``
    keeps only their English, so the context is the enum's class name.
    """
    return QCoreApplication.translate(type(member).__name__, str(member.value))
