"""What counts as a digit in what staff type: ASCII ``0``–``9`` only.

``str.isdigit`` also says yes to superscripts (``²``, which ``int`` then refuses with a
``ValueError``) and to Arabic-Indic and other scripts' digits, which Clover's card and
amount fields do not accept. Every validator asks here instead.
"""

from __future__ import annotations

__all__ = ["ASCII_DIGITS", "ascii_digits_in", "is_ascii_digits"]

ASCII_DIGITS = frozenset("0123456789")


def is_ascii_digits(text: str) -> bool:
    """Whether ``text`` is one or more ASCII digits and nothing else."""
    return bool(text) and text.isascii() and text.isdigit()


def ascii_digits_in(text: str) -> str:
    """The ASCII digits of ``text``, in order (spaces, dashes and the rest dropped)."""
    return "".join(ch for ch in text if ch in ASCII_DIGITS)
