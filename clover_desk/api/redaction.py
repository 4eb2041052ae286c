"""Keep secrets and card data out of logs, wherever in the app they are logged.

:class:`RedactingFilter` rewrites a record's message (and its formatted traceback) with
Authorization/Bearer values, ``apikey`` values, ``clv_`` tokens, card numbers (13-19
digits, also spaced or dashed), CVVs and token-like secrets replaced by ``[REDACTED]``.
Values the app knows to be secret (tokens loaded from the keyring) can be registered with
:func:`register_secret` and are scrubbed wherever they appear.

:func:`install_redaction` guards the whole process: it wraps the log record factory, so
every record from every logger is scrubbed when it is created, and also puts the filter on
the root logger and its handlers.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Callable
from typing import Any

__all__ = [
    "REDACTED",
    "RedactingFilter",
    "install_redaction",
    "redact",
    "register_secret",
]

REDACTED = "[REDACTED]"

_secrets: set[str] = set()
_secrets_lock = threading.Lock()
_MIN_SECRET_LEN = 8

_KEYED_SECRET = re.compile(
    r"""(?ix)
    (?P<key>["']?
      (?:authorization|apikey|api[_-]?key|api[_-]?access[_-]?key|apiaccesskey|
         access[_-]?token|refresh[_-]?token|api[_-]?token|private[_-]?token|token|
         client[_-]?secret|secret|password|cvv2?|cvc|cvn|security[_-]?code|
         security[_-]?card[_-]?value|card[_-]?number|number|encrypted[_-]?pan|pan|
         bank[_-]?account[_-]?number|account[_-]?number|customer[_-]?id)
    ["']?\s*[:=]\s*)
    (?P<q>["']?)
    (?P<value>(?:bearer\s+)?[^\s"',;&}\]]+)
    """
)
_BEARER = re.compile(r"(?i)\b(bearer)\s+[A-Za-z0-9._~+/=-]+")
_CLV = re.compile(r"\bclv_[A-Za-z0-9_-]+")
_JWT = re.compile(r"\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]+")
_HEX_SECRET = re.compile(r"\b[0-9a-fA-F]{32,}\b")
# 13-19 digits, optionally split by single spaces or dashes (4242 4242 4242 4242).
_PAN = re.compile(r"(?<![\d.])\d(?:[ -]?\d){12,18}(?![\d.])")


def _luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = ord(ch) - 48
        if i % 2:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def _pan_sub(match: re.Match[str]) -> str:
    text = match.group(0)
    digits = re.sub(r"[ -]", "", text)
    separated = len(digits) != len(text)
    # A bare run of digits is redacted when it passes the Luhn check (so most epoch-ms
    # timestamps survive); a spaced or dashed one is redacted whatever its check digit.
    if separated or _luhn_ok(digits):
        return REDACTED
    return text


def _keyed_sub(match: re.Match[str]) -> str:
    key = match.group("key")
    value = match.group("value")
    name = key.strip("\"' :=").lower().replace("-", "_")
    if name == "number":
        # Only card-like numbers: "number" also names harmless things (receipt numbers).
        digits = re.sub(r"[ -]", "", value)
        if not (digits.isdigit() and 6 <= len(digits) <= 19):
            return match.group(0)
    if value.lower().startswith("bearer"):
        return f"{key}{match.group('q')}Bearer {REDACTED}"
    return f"{key}{match.group('q')}{REDACTED}"


def register_secret(value: str | None) -> None:
    """Scrub ``value`` wherever it appears in later log records (ignored if too short)."""
    if value and len(value) >= _MIN_SECRET_LEN:
        with _secrets_lock:
            _secrets.add(value)


def redact(text: str) -> str:
    """Return ``text`` with every secret and card datum replaced by ``[REDACTED]``."""
    if not text:
        return text
    with _secrets_lock:
        known = sorted(_secrets, key=len, reverse=True)
    for secret in known:
        if secret in text:
            text = text.replace(secret, REDACTED)
    text = _BEARER.sub(lambda m: f"{m.group(1)} {REDACTED}", text)
    text = _KEYED_SECRET.sub(_keyed_sub, text)
    text = _CLV.sub("clv_" + REDACTED, text)
    text = _JWT.sub(REDACTED, text)
    text = _HEX_SECRET.sub(REDACTED, text)
    return _PAN.sub(_pan_sub, text)


def _scrub_record(record: logging.LogRecord) -> None:
    if getattr(record, "_clover_redacted", False):
        return
    try:
        message = record.getMessage()
    except Exception:  # a broken format string: keep what we can, safely
        message = f"{record.msg!s} {record.args!r}"
    record.msg = redact(message)
    record.args = None
    if record.exc_info and not record.exc_text:
        record.exc_text = logging.Formatter().formatException(record.exc_info)
    if record.exc_text:
        record.exc_text = redact(record.exc_text)
    if record.stack_info:
        record.stack_info = redact(record.stack_info)
    record.__dict__["_clover_redacted"] = True


class RedactingFilter(logging.Filter):
    """A logging filter that scrubs the record it passes (it never drops one)."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Scrub ``record`` in place and let it through. Override logging.Filter::filter."""
        _scrub_record(record)
        return True


_installed_factory: Callable[..., logging.LogRecord] | None = None
_install_lock = threading.Lock()


def install_redaction(logger: logging.Logger | None = None) -> RedactingFilter:
    """Guard every log record in the process; call once at start-up (idempotent).

    Wraps the log record factory (covers every logger and handler, including ones made
    later) and adds a :class:`RedactingFilter` to ``logger`` (default: root) and its
    handlers.
    """
    global _installed_factory
    target = logger if logger is not None else logging.getLogger()
    with _install_lock:
        current = logging.getLogRecordFactory()
        if current is not _installed_factory:
            previous = current

            def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
                record = previous(*args, **kwargs)
                _scrub_record(record)
                return record

            logging.setLogRecordFactory(factory)
            _installed_factory = factory
    flt = next((f for f in target.filters if isinstance(f, RedactingFilter)), None)
    if flt is None:
        flt = RedactingFilter()
        target.addFilter(flt)
    for handler in target.handlers:
        if not any(isinstance(f, RedactingFilter) for f in handler.filters):
            handler.addFilter(flt)
    return flt
