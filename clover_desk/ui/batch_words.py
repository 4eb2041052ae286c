"""A batch's counted words: how many refunds, charges and rows in each state.

Kept apart from ``labels`` because it needs the batch queue's states, and the sign-in
dialog (which uses ``labels``) must paint before the refund service is imported.
"""

from __future__ import annotations

from PySide6.QtCore import QObject

from clover_desk.services.refunds import RowStatus

__all__ = ["BATCH_WORDS", "BatchWords"]


class BatchWords(QObject):
    """A batch's counted words (Activity, the batch dialog's progress). A QObject so
    that ``pyside6-lupdate`` sees them as plurals: it reads ``self.tr(text, "", n)`` as
    one, never ``QCoreApplication.translate`` (French agrees the word with the count)."""

    def refunds_in_batch(self, count: int) -> str:
        return self.tr("Batch of %n refund(s)", "", count)

    def charges(self, count: int) -> str:
        return self.tr("%n charge(s)", "", count)

    def rows_in_status(self, status: RowStatus, count: int) -> str:
        """``3 refunded``, ``1 not sent``…: how many rows of a batch stand where."""
        if status is RowStatus.QUEUED:
            return self.tr("%n queued", "", count)
        if status is RowStatus.REFUNDED:
            return self.tr("%n refunded", "", count)
        if status is RowStatus.FAILED:
            return self.tr("%n failed", "", count)
        if status is RowStatus.REFUSED:
            return self.tr("%n not sent", "", count)
        if status is RowStatus.CONFIRMING:
            return self.tr("%n being confirmed", "", count)
        return self.tr("%n cancelled", "", count)


BATCH_WORDS = BatchWords()
