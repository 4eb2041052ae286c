"""A batch refund file: CSV rows of refunds to make, read and checked for form only.

The file has a header row naming its columns (any order, any case):

``charge`` or ``order`` (one per row; both columns may be present),
``amount`` (``full``, or a decimal such as ``12.50`` in the merchant's currency),
``reason`` (``duplicate``, ``fraudulent`` or ``requested_by_customer``),
``note`` (optional column) and ``items`` (optional: line-item ids separated by spaces,
``|`` or ``;``, which makes the row an item return).

Reading never sends anything. What cannot be read at all (not UTF-8, not
comma-separated, no usable header) raises :class:`BatchFileRefused` with one sentence
saying how to fix the file; a row that is wrong in itself (bad amount, unknown reason,
no charge, a row repeated exactly) is listed with its line number, and the rest are
still read so that every problem is shown at once. Whether the refunds can be made —
the charges exist, enough remains, the staff member may — is ``batch_check``'s job.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from dataclasses import dataclass

from clover_desk.api.money import minor_digits
from clover_desk.services.common import QT_TRANSLATE_NOOP, join_phrases
from clover_desk.services.refunds.rules import REFUND_REASONS
from clover_desk.services.refunds.wizard import MAX_NOTE_LENGTH
from clover_desk.services.staff import MAX_REFUND_LIMIT

__all__ = [
    "MAX_BATCH_ROWS",
    "BatchFile",
    "BatchFileRefused",
    "BatchRow",
    "RowProblem",
    "read_batch_file",
]

#: A batch larger than this is better split: at Clover's 16 requests a second it
#: already takes about half an hour to send.
MAX_BATCH_ROWS = 10_000

REASON_CODES = tuple(code for code, _label in REFUND_REASONS)

#: Header spellings accepted for each column (after lower-casing and turning spaces
#: and dashes into underscores).
_COLUMNS = {
    "charge": ("charge", "charge_id"),
    "order": ("order", "order_id"),
    "amount": ("amount",),
    "reason": ("reason",),
    "note": ("note", "notes"),
    "items": ("items", "item_ids", "line_items", "line_item_ids"),
}
_ITEM_SEPARATORS = re.compile(r"[\s|;,]+")
_AMOUNT = re.compile(r"^(\d+)(?:\.(\d*))?$")


class BatchFileRefused(Exception):
    """The file as a whole cannot be read; ``str(error)`` says how to fix it."""


@dataclass(frozen=True, slots=True)
class RowProblem:
    """What is wrong with one line of the file (``line`` 0: the batch as a whole)."""

    line: int
    message: str

    @property
    def text(self) -> str:
        """``Line 4: …`` as staff read it (a phrase, translated at display time)."""
        if not self.line:
            return self.message
        return QT_TRANSLATE_NOOP("BatchFile", "Line {line}: {problem}").format(
            line=self.line, problem=self.message
        )

    def __str__(self) -> str:
        return str(self.text)


@dataclass(frozen=True, slots=True)
class BatchRow:
    """One refund asked for by the file.

    ``amount`` is in minor units of the merchant's currency; None means the whole of
    what remains (``full``), or for an item return the items' own amounts.
    """

    line: int
    charge_id: str | None
    order_id: str | None
    amount: int | None
    reason: str
    note: str = ""
    item_ids: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class BatchFile:
    """The rows read from a file, and the rows that could not be read."""

    rows: tuple[BatchRow, ...]
    problems: tuple[RowProblem, ...]

    @property
    def ok(self) -> bool:
        return not self.problems and bool(self.rows)


def read_batch_file(data: bytes, currency: str) -> BatchFile:
    """Read a batch refund CSV (UTF-8, with or without a byte-order mark).

    Raises:
        BatchFileRefused: the file is not UTF-8, not comma-separated, or has no header
            naming the columns a batch needs.
    """
    text = _decode(data)
    lines = text.splitlines()
    header_index = next((i for i, line in enumerate(lines) if line.strip()), None)
    if header_index is None:
        raise BatchFileRefused(
            QT_TRANSLATE_NOOP(
                "BatchFile", "The file is empty: it has no header row and no refunds."
            )
        )
    columns = _header_columns(lines[header_index])
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows: list[BatchRow] = []
    problems: list[RowProblem] = []
    seen: dict[tuple[object, ...], int] = {}
    previous_end = 0
    try:
        for record in reader:
            line, previous_end = previous_end + 1, reader.line_num
            if line <= header_index + 1 or not any(cell.strip() for cell in record):
                continue
            if len(rows) + len(problems) >= MAX_BATCH_ROWS:
                raise BatchFileRefused(
                    QT_TRANSLATE_NOOP(
                        "BatchFile",
                        "The file has more than {limit} refunds: split it into smaller batches.",
                    ).format(limit=MAX_BATCH_ROWS)
                )
            row, problem = _row(line, record, columns, currency)
            if problem is not None:
                problems.append(problem)
                continue
            assert row is not None
            same = (row.charge_id, row.order_id, row.amount, row.item_ids, row.reason, row.note)
            if same in seen:
                problems.append(
                    RowProblem(
                        line,
                        QT_TRANSLATE_NOOP(
                            "BatchFile",
                            "repeats line {line} exactly. Remove it, or give each refund its "
                            "own note if both are meant.",
                        ).format(line=seen[same]),
                    )
                )
                continue
            seen[same] = line
            rows.append(row)
    except csv.Error as error:
        problems.append(
            RowProblem(
                previous_end + 1,
                QT_TRANSLATE_NOOP("BatchFile", "cannot be read as CSV ({error}).").format(
                    error=str(error)
                ),
            )
        )
    if not rows and not problems:
        problems.append(
            RowProblem(
                0, QT_TRANSLATE_NOOP("BatchFile", "The file has a header row but no refunds.")
            )
        )
    return BatchFile(tuple(rows), tuple(problems))


def _decode(data: bytes) -> str:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise BatchFileRefused(
            QT_TRANSLATE_NOOP(
                "BatchFile",
                "The file is saved as UTF-16 text. Save it as “CSV UTF-8” (comma delimited) "
                "and import it again.",
            )
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise BatchFileRefused(
            QT_TRANSLATE_NOOP(
                "BatchFile",
                "The file is not UTF-8 text: line {line} has characters in another encoding "
                "(perhaps Windows-1252 or Latin-1). Save it as “CSV UTF-8” (comma delimited) "
                "and import it again; nothing was sent.",
            ).format(line=line)
        ) from None


def _normal(name: str) -> str:
    return re.sub(r"[\s\-]+", "_", name.strip().lower())


def _header_columns(header: str) -> dict[str, int]:
    """Column name → index, from the header line; refuses a file split by ``;`` or tabs."""
    known = {spelling: column for column, names in _COLUMNS.items() for spelling in names}
    cells = next(csv.reader([header]))
    names = [_normal(cell) for cell in cells]
    if len(cells) == 1:
        for delimiter, label in (
            (";", QT_TRANSLATE_NOOP("BatchFile", "semicolons")),
            ("\t", QT_TRANSLATE_NOOP("BatchFile", "tabs")),
            ("|", QT_TRANSLATE_NOOP("BatchFile", "vertical bars")),
        ):
            parts = [_normal(part) for part in header.split(delimiter)]
            if len(parts) > 1 and any(part in known for part in parts):
                raise BatchFileRefused(
                    QT_TRANSLATE_NOOP(
                        "BatchFile",
                        "The file's columns are separated by {separator}, not commas. Save it "
                        "as “CSV UTF-8” (comma delimited) and import it again; nothing was sent.",
                    ).format(separator=label)
                )
    columns: dict[str, int] = {}
    for index, name in enumerate(names):
        column = known.get(name)
        if column is not None and column not in columns:
            columns[column] = index
    # Column names stay English: they are what the file's header must say.
    missing = [c for c in ("amount", "reason") if c not in columns]
    if "charge" not in columns and "order" not in columns:
        missing.insert(0, QT_TRANSLATE_NOOP("BatchFile", "charge or order"))
    if missing:
        raise BatchFileRefused(
            QT_TRANSLATE_NOOP(
                "BatchFile",
                "The first row must name the columns: charge (or order), amount, reason, and "
                "optionally note and items. Missing: {columns}.",
            ).format(columns=join_phrases(missing, ", "))
        )
    return columns


def _row(
    line: int, record: list[str], columns: dict[str, int], currency: str
) -> tuple[BatchRow | None, RowProblem | None]:
    def cell(column: str) -> str:
        index = columns.get(column)
        return record[index].strip() if index is not None and index < len(record) else ""

    if len(record) < max(columns.values()) + 1:
        return None, RowProblem(
            line,
            QT_TRANSLATE_NOOP(
                "BatchFile", "has {count} columns, but the header names {expected}."
            ).format(count=len(record), expected=max(columns.values()) + 1),
        )
    charge_id, order_id = cell("charge"), cell("order")
    if bool(charge_id) == bool(order_id):
        return None, RowProblem(
            line,
            QT_TRANSLATE_NOOP(
                "BatchFile", "needs either a charge id or an order id (one of them)."
            ),
        )
    reason = cell("reason").lower()
    if reason not in REASON_CODES:
        shown = cell("reason") or QT_TRANSLATE_NOOP("BatchFile", "(empty)")
        return None, RowProblem(
            line,
            QT_TRANSLATE_NOOP(
                "BatchFile", "reason “{reason}” is not one of Clover's: {codes}."
            ).format(reason=shown, codes=", ".join(REASON_CODES)),
        )
    note = cell("note")
    if len(note) > MAX_NOTE_LENGTH:
        return None, RowProblem(
            line,
            QT_TRANSLATE_NOOP("BatchFile", "the note is longer than {count} characters.").format(
                count=MAX_NOTE_LENGTH
            ),
        )
    item_ids = tuple(dict.fromkeys(i for i in _ITEM_SEPARATORS.split(cell("items")) if i))
    amount_text = cell("amount")
    amount: int | None = None
    if amount_text.lower() == "full" or (not amount_text and item_ids):
        amount = None
    else:
        amount = _minor_units(amount_text, currency)
        if amount is None:
            return None, RowProblem(
                line,
                QT_TRANSLATE_NOOP(
                    "BatchFile",
                    "amount “{amount}” is not an amount: write it like {example} (no currency "
                    "sign or thousands separator), or full.",
                ).format(
                    amount=amount_text or QT_TRANSLATE_NOOP("BatchFile", "(empty)"),
                    example=_example(currency),
                ),
            )
        if amount == 0:
            return None, RowProblem(
                line,
                QT_TRANSLATE_NOOP("BatchFile", "the amount is zero: there is nothing to refund."),
            )
        if amount > MAX_REFUND_LIMIT:
            return None, RowProblem(
                line, QT_TRANSLATE_NOOP("BatchFile", "the amount is larger than any charge can be.")
            )
    return (
        BatchRow(
            line=line,
            charge_id=charge_id or None,
            order_id=order_id or None,
            amount=amount,
            reason=reason,
            note=note,
            item_ids=item_ids,
        ),
        None,
    )


def _minor_units(text: str, currency: str) -> int | None:
    """``"12.5"`` → 1250 for dollars; None for anything else (signs, commas, too many
    decimals). Parsed as text, never through floats."""
    match = _AMOUNT.match(text)
    digits = minor_digits(currency)
    if match is None or not text.isascii():
        return None
    whole: str = match.group(1)
    fraction: str = match.group(2) or ""
    if len(fraction) > digits or len(whole) > 12:
        return None
    scale = (1, 10, 100, 1000)[digits]
    return int(whole) * scale + int(fraction.ljust(digits, "0") or "0")


def _example(currency: str) -> str:
    digits = minor_digits(currency)
    return "12" if digits == 0 else "12." + "50".ljust(digits, "0")[:digits]
