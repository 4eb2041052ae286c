"""Building blocks shared by every wire model: times, tolerant enums, references, lists.

Times are decoded once into aware UTC datetimes by :func:`dec_hook`, whatever form the API
uses: epoch milliseconds (v1, v3; also as numeric strings), epoch seconds (OAuth
expirations), or the recurring API's strings (``2023-09-19T10:02:59.476+0000`` and the
older ``2021-12-03@22:04:15.896+0000``). The marker classes are ``datetime`` subclasses,
so a decoded value *is* a datetime.

Enums never fail on a value the reference does not list: they match case-insensitively
and fall back to their ``UNKNOWN`` member.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Annotated, Any, Generic, Self, TypeVar

import msgspec

#: An integer field as read from a server: within the 64-bit range SQLite and Clover use.
#: A larger one is a ResponseFormatError naming the field when it arrives, never a Python
#: int that overflows later where it is stored.
Int64 = Annotated[int, msgspec.Meta(ge=-(2**63), le=2**63 - 1)]


__all__ = [
    "CloverEnum",
    "CloverTime",
    "Elements",
    "EpochMillis",
    "EpochSeconds",
    "ListEnvelope",
    "Ref",
    "dec_hook",
]

T = TypeVar("T")

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


class EpochMillis(datetime):
    """An aware UTC datetime that travels as epoch milliseconds (number or digit string)."""


class EpochSeconds(datetime):
    """An aware UTC datetime that travels as epoch seconds (OAuth expirations)."""


class CloverTime(datetime):
    """An aware datetime that travels as an ISO-8601-like string (recurring API).

    Also accepts ``@`` between date and time, a date alone, and epoch milliseconds.
    """


def _as(cls: type[T], moment: datetime) -> T:
    """``moment`` as an instance of the marker class ``cls`` (msgspec checks the type)."""
    return cls(  # type: ignore[call-arg]
        moment.year,
        moment.month,
        moment.day,
        moment.hour,
        moment.minute,
        moment.second,
        moment.microsecond,
        tzinfo=moment.tzinfo,
    )


def _from_epoch(value: object, scale: int) -> datetime:
    if isinstance(value, bool):
        raise TypeError("expected a timestamp, got a boolean")
    number: int | float
    if isinstance(value, int | float):
        number = value
    elif isinstance(value, str) and re.fullmatch(r"\s*-?\d+(\.\d+)?\s*", value):
        number = float(value) if "." in value else int(value)
    else:
        raise TypeError(f"expected a timestamp, got {type(value).__name__}")
    try:
        return _EPOCH + timedelta(milliseconds=number * (1000 // scale))
    except (OverflowError, ValueError) as exc:
        raise ValueError(f"timestamp out of range: {value!r}") from exc


_CLOVER_TIME = re.compile(r"^(\d{4}-?\d{2}-?\d{2})(?:[T@ ](.+))?$")


def _from_clover_time(value: object) -> datetime:
    if isinstance(value, bool):
        raise TypeError("expected a date-time, got a boolean")
    numeric = isinstance(value, int | float) or (
        isinstance(value, str) and value.strip().isdigit() and len(value.strip()) > 8
    )
    if numeric:
        return _from_epoch(value, 1000)
    if not isinstance(value, str):
        raise TypeError(f"expected a date-time string, got {type(value).__name__}")
    match = _CLOVER_TIME.match(value.strip())
    if not match:
        raise ValueError(f"not a date-time: {value!r}")
    text = match.group(1) if not match.group(2) else f"{match.group(1)}T{match.group(2)}"
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError as exc:
        raise ValueError(f"not a date-time: {value!r}") from exc
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=UTC)


#: Decoded epoch milliseconds by value. An order repeats its times in its line items,
#: payments and refunds, and a bulk export holds ~10 times per object: converting each
#: value once took the benchmark's 200,000 exported objects from 3.1 to 2.4 s of decoding,
#: and shares one object among the repeats. Datetimes are immutable, so sharing them is
#: safe. Small and emptied when full: repeats come close together, and every entry is an
#: object the garbage collector keeps walking.
_MILLIS: dict[int, EpochMillis] = {}
_EPOCH_MILLIS = EpochMillis(1970, 1, 1, tzinfo=UTC)
_MILLIS_MAX = 1024


def _epoch_millis(value: object) -> EpochMillis:
    if type(value) is int:
        hit = _MILLIS.get(value)
        if hit is not None:
            return hit
        try:
            # Integer arithmetic on an EpochMillis, so exact, and the sum is one too
            # (datetime arithmetic keeps the subclass): half the time of building the
            # datetime from a timestamp and then setting its milliseconds, and no
            # platform limits before 1970.
            moment = _EPOCH_MILLIS + timedelta(milliseconds=value)
        except OverflowError:
            # beyond year 9999: the general path names the value
            return _as(EpochMillis, _from_epoch(value, 1000))
        if len(_MILLIS) >= _MILLIS_MAX:
            _MILLIS.clear()
        _MILLIS[value] = moment
        return moment
    return _as(EpochMillis, _from_epoch(value, 1000))


def dec_hook(type_: type, value: object) -> Any:
    """msgspec decode hook for the time markers above (TypeError/ValueError on bad input)."""
    if type_ is EpochMillis:
        return _epoch_millis(value)
    if type_ is EpochSeconds:
        return _as(EpochSeconds, _from_epoch(value, 1))
    if type_ is CloverTime:
        return _as(CloverTime, _from_clover_time(value))
    raise NotImplementedError(f"no decoder for {type_!r}")


def enc_hook(value: object) -> Any:
    """msgspec encode hook: datetimes never need one, everything else is unsupported."""
    raise NotImplementedError(f"cannot encode {type(value)!r}")


class CloverEnum(StrEnum):
    """A StrEnum that matches any case and maps unlisted values to ``UNKNOWN``.

    Every subclass must define an ``UNKNOWN`` member.
    """

    @classmethod
    def _missing_(cls, value: object) -> Self:
        if isinstance(value, str):
            folded = value.casefold()
            for member in cls:
                if member.value.casefold() == folded:
                    return member
            alias = cls._aliases().get(folded)
            if alias is not None:
                return cls(alias)
        return cls["UNKNOWN"]

    @classmethod
    def _aliases(cls) -> dict[str, str]:
        """Other spellings seen for some members (lower-case key -> member value)."""
        return {}


class Ref(msgspec.Struct, kw_only=True, gc=False):
    """A reference to another object: ``{"id": ...}`` (extra fields ignored).

    This and the envelopes below are untracked by the garbage collector, like the v3
    models (see ``platform._V3``): wire data holds no reference cycles.
    """

    id: str


class Elements(msgspec.Struct, Generic[T], kw_only=True, gc=False):
    """A v3 collection: ``{"elements": [...]}`` (nested, or a whole list response).

    A tuple, not a list: the garbage collector stops tracking a tuple of untracked
    objects, and an export file nests several of these in each of its 1,000 objects.
    """

    elements: tuple[T, ...] = ()
    href: str | None = None


class ListEnvelope(msgspec.Struct, Generic[T], kw_only=True, gc=False):
    """A list response in any of the shapes the reference allows.

    v1 lists put items in ``data`` (pagination guide) or ``elements`` (a mirror); v3 lists
    use ``elements``. ``has_more`` is v1 only.
    """

    data: list[T] | None = None
    elements: list[T] | None = None
    has_more: bool | None = None
    url: str | None = None
    href: str | None = None

    @property
    def items(self) -> list[T]:
        """The listed objects, wherever the envelope put them."""
        if self.data is not None:
            return self.data
        return self.elements if self.elements is not None else []
