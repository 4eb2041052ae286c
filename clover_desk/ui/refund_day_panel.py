"""Reports ▸ End-of-day refunds: pick a day, save each staff member's refunds as CSV or PDF.

The figures come from ``services.refunds.day_report`` (the journal on this computer),
built on a worker thread; this panel only picks the day, says what the report holds,
and writes the files.
"""

from __future__ import annotations

import asyncio
import html
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtGui import QPageLayout, QPageSize, QPdfWriter, QTextDocument
from PySide6.QtWidgets import QDateEdit, QFileDialog, QGroupBox, QHBoxLayout, QLabel, QWidget

from clover_desk.services.history import from_ms
from clover_desk.services.refunds import (
    Journal,
    RefundDayReport,
    build_refund_day_report,
    refund_day_csv,
)
from clover_desk.ui.dates import format_time
from clover_desk.ui.jobs import Jobs
from clover_desk.ui.labels import entry_status_label, refund_reason_label
from clover_desk.ui.money import format_money
from clover_desk.ui.reading_locale import reading_locale
from clover_desk.ui.widgets import named_button

__all__ = ["RefundDayPanel"]


class RefundDayPanel(QGroupBox):
    """The end-of-day refund report's controls; ``bind`` gives it a merchant's journal."""

    def __init__(self, jobs: Jobs | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("End-of-day refunds"))
        self.setObjectName("refundDayBox")
        self.jobs = jobs
        self.journal: Journal | None = None
        self.batch_of: Callable[[str], str | None] = lambda _key: None
        self._dialogs: list[QFileDialog] = []
        self._tasks: set[asyncio.Future[Any]] = set()
        self.day_edit = QDateEdit(QDate.currentDate())
        self.day_edit.setObjectName("refundDay")
        self.day_edit.setAccessibleName(self.tr("Day of the refund report"))
        self.day_edit.setCalendarPopup(True)
        self.csv_button = named_button(
            self.tr("Save CS&V…"), "refundDayCsv", self.tr("Save the day's refunds as CSV")
        )
        self.csv_button.clicked.connect(lambda: self._ask("csv"))
        self.pdf_button = named_button(
            self.tr("Save P&DF…"), "refundDayPdf", self.tr("Save the day's refunds as PDF")
        )
        self.pdf_button.clicked.connect(lambda: self._ask("pdf"))
        self.summary = QLabel()
        self.summary.setObjectName("refundDaySummary")
        self.day_edit.dateChanged.connect(lambda _day: self.summary.clear())
        row = QHBoxLayout(self)
        row.addWidget(QLabel(self.tr("Refunds made on this computer on")))
        row.addWidget(self.day_edit)
        row.addWidget(self.csv_button)
        row.addWidget(self.pdf_button)
        row.addWidget(self.summary, 1)
        self._set_enabled()

    def bind(self, journal: Journal, batch_of: Callable[[str], str | None] | None = None) -> None:
        self.journal = journal
        self.batch_of = batch_of or (lambda _key: None)
        self._set_enabled()

    def _set_enabled(self) -> None:
        for button in (self.csv_button, self.pdf_button):
            button.setEnabled(self.journal is not None)

    @property
    def day(self) -> date:
        picked = self.day_edit.date()
        return date(picked.year(), picked.month(), picked.day())

    async def build(self) -> RefundDayReport:
        """The report for the picked day, built off the GUI thread; says what it holds."""
        if self.journal is None:
            raise RuntimeError("no merchant is open")
        report = await asyncio.to_thread(
            build_refund_day_report, self.journal, self.day, self.batch_of
        )
        self.summary.setText(self._describe(report))
        return report

    async def save_csv(self, path: Path) -> Path:
        report = await self.build()
        await asyncio.to_thread(path.write_text, refund_day_csv(report), encoding="utf-8")
        return path

    async def save_pdf(self, path: Path) -> Path:
        report = await self.build()
        document = QTextDocument()
        document.setHtml(self.report_html(report))
        writer = QPdfWriter(str(path))
        writer.setPageSize(QPageSize(QPageSize.PageSizeId.Letter))
        writer.setPageOrientation(QPageLayout.Orientation.Landscape)
        writer.setTitle(self.tr("Clover Desk end-of-day refunds"))
        document.print_(writer)
        return path

    def _describe(self, report: RefundDayReport) -> str:
        if not report.count:
            return self.tr("No refunds were made on this computer that day.")
        totals = ", ".join(format_money(total) for total in report.totals)
        if report.count == 1:
            text = self.tr("1 refund by {staff}, {totals}")
            return text.format(staff=report.sections[0].staff_name, totals=totals)
        if len(report.sections) == 1:
            text = self.tr("{count} refunds by {staff}, {totals}")
            return text.format(
                count=report.count, staff=report.sections[0].staff_name, totals=totals
            )
        # The staff count is the plural French must agree (« 2 membres du personnel »).
        text = self.tr("{count} refunds by %n staff, {totals}", "", len(report.sections))
        return text.format(count=report.count, totals=totals)

    def report_html(self, report: RefundDayReport) -> str:
        """The report as the PDF shows it: a heading, then one table per staff member."""
        locale = reading_locale()
        day = locale.toString(QDate(report.day.year, report.day.month, report.day.day))
        heading = html.escape(self.tr("Refunds of {day}").format(day=day))
        parts = [f"<h2>{heading}</h2><p>{html.escape(self._describe(report))}</p>"]
        headers = [
            self.tr("Time"),
            self.tr("Charge"),
            self.tr("Amount"),
            self.tr("Reason"),
            self.tr("Note"),
            self.tr("Items"),
            self.tr("Approved by"),
            self.tr("Batch"),
            self.tr("Status"),
        ]
        for section in report.sections:
            totals = ", ".join(format_money(total) for total in section.totals)
            parts.append(f"<h3>{html.escape(section.staff_name)} — {html.escape(totals)}</h3>")
            parts.append("<table border=1 cellspacing=0 cellpadding=3 width='100%'><tr>")
            parts += [f"<th>{html.escape(h)}</th>" for h in headers]
            parts.append("</tr>")
            for entry in section.entries:
                cells = [
                    format_time(from_ms(entry.created_ms)),
                    entry.charge_id,
                    format_money(entry.amount),
                    refund_reason_label(entry.reason),
                    entry.note,
                    ", ".join(item.name for item in entry.items),
                    entry.approver_name or "",
                    report.batch_of(entry),
                    entry_status_label(entry.status),
                ]
                parts.append("<tr>")
                for index, cell in enumerate(cells):
                    align = "right" if index == 2 else "left"
                    parts.append(f"<td align={align}>{html.escape(cell)}</td>")
                parts.append("</tr>")
            parts.append("</table>")
        return "".join(parts)

    def _ask(self, kind: str) -> None:
        """A non-blocking save dialog, then the file is written."""
        name = f"refunds-{self.day.isoformat()}.{kind}"
        if kind == "csv":
            title = self.tr("Save the day's refunds as CSV")
        else:
            title = self.tr("Save the day's refunds as PDF")
        dialog = QFileDialog(self, title, name, f"{kind.upper()} (*.{kind})")
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setObjectName(f"refundDay{kind.capitalize()}Dialog")
        save = self.save_csv if kind == "csv" else self.save_pdf
        dialog.fileSelected.connect(lambda chosen: self._run(save(Path(chosen))))
        self._dialogs.append(dialog)
        dialog.open()

    def _run(self, coro: Any) -> None:
        if self.jobs is not None:
            self.jobs.run(self.tr("saving the refund report"), coro)
            return
        task = asyncio.ensure_future(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
