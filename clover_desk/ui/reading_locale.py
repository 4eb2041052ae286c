"""The locale staff read numbers, money and dates in.

Qt answers the process locale; on a machine whose environment says ``C``/``POSIX`` (many
service accounts, containers, a terminal with ``LANG`` unset) that locale has no
currency, no grouping and a day-month-year date with no separators, which is how
``19.05 USD`` and ``as of 6 12 2026`` reached the screen. Nobody reads ``C``: it stands
for "nobody chose", and Clover is sold in the US first, so it reads as US English.
"""

from __future__ import annotations

from PySide6.QtCore import QLocale

__all__ = ["reading_locale"]


def reading_locale(locale: QLocale | None = None) -> QLocale:
    """``locale`` (or the default one), with the ``C`` locale read as ``en_US``."""
    chosen = locale if locale is not None else QLocale()
    if chosen.language() == QLocale.Language.C:
        return QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)
    return chosen
