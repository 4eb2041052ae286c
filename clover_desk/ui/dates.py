"""Dates and times for people: the reader's locale, with relative words where staff scan.

The one date formatter, as :mod:`clover_desk.ui.money` is the one money formatter. A
table cell reads ``Today 2:36 PM`` / ``Yesterday 9:02 AM`` for the last two days (what
someone at the counter looks for), then the locale's short date and time
(``12/1/26 4:10 PM``; ``2026-12-01 16 h 10`` in fr_CA). Times are shown in this
computer's time zone. Every function takes ``now`` so tests need no wall clock.
"""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QDate, QLocale, QTime

from clover_desk.ui.reading_locale import reading_locale

__all__ = [
    "current_time",
    "format_day",
    "format_time",
    "format_when",
    "format_when_in_sentence",
    "local",
]

_SHORT = QLocale.FormatType.ShortFormat


def local(moment: datetime) -> datetime:
    """``moment`` in this computer's time zone (a naive one is taken as local already)."""
    return moment.astimezone() if moment.tzinfo is not None else moment


def current_time() -> datetime:
    """The moment "today" and "yesterday" are counted from when a caller gives none."""
    return datetime.now().astimezone()


def _now(now: datetime | None) -> datetime:
    return local(now) if now is not None else current_time()


def format_time(moment: datetime, locale: QLocale | None = None) -> str:
    """The time of day as the locale writes it (``2:36 PM``, ``14 h 36``)."""
    at = local(moment)
    return reading_locale(locale).toString(QTime(at.hour, at.minute, at.second), _SHORT)


def format_day(day: date | datetime, locale: QLocale | None = None) -> str:
    """A calendar day in the locale's short form (``12/5/26``, ``2026-12-05``)."""
    if isinstance(day, datetime):
        day = local(day).date()
    return reading_locale(locale).toString(QDate(day.year, day.month, day.day), _SHORT)


def format_when(
    moment: datetime | None, *, now: datetime | None = None, locale: QLocale | None = None
) -> str:
    """``Today 2:36 PM``, ``Yesterday 9:02 AM``, else ``12/1/26 4:10 PM``; empty for none."""
    if moment is None:
        return ""
    forms = (
        str(QT_TRANSLATE_NOOP("Dates", "Today {time}")),
        str(QT_TRANSLATE_NOOP("Dates", "Yesterday {time}")),
        str(QT_TRANSLATE_NOOP("Dates", "{date} {time}")),
    )
    return _relative(moment, now, locale, forms)


def format_when_in_sentence(
    moment: datetime, *, now: datetime | None = None, locale: QLocale | None = None
) -> str:
    """The same moment inside a sentence: ``today at 2:36 PM``, ``12/1/26 at 4:10 PM``."""
    forms = (
        str(QT_TRANSLATE_NOOP("Dates", "today at {time}")),
        str(QT_TRANSLATE_NOOP("Dates", "yesterday at {time}")),
        str(QT_TRANSLATE_NOOP("Dates", "{date} at {time}")),
    )
    return _relative(moment, now, locale, forms)


def _relative(
    moment: datetime,
    now: datetime | None,
    locale: QLocale | None,
    forms: tuple[str, str, str],
) -> str:
    """``moment`` in the today / yesterday / dated one of ``forms`` (marked for
    translation in context ``Dates`` where they are written, translated here)."""
    at = local(moment)
    days = (_now(now).date() - at.date()).days
    form = forms[0] if days == 0 else forms[1] if days == 1 else forms[2]
    shown = QCoreApplication.translate("Dates", form)
    return shown.format(time=format_time(at, locale), date=format_day(at, locale))
