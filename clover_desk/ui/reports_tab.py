"""The Reports tab: sales, refunds and net per day or week, per tender, per staff member.

A QtCharts bar chart above the same figures as a table; CSV export (the text comes from
``services.history.reports.report_csv``), printing, and saving as PDF. Figures come from the
local history (``services.history.reports.ReportsService``), computed on a worker thread.

Money stays integer minor units: the chart's bars are those integers (exact as Qt's
reals), and the value axis is labelled at round amounts formatted with QLocale.
"""

from __future__ import annotations

import asyncio
import enum
from datetime import date, datetime
from pathlib import Path
from typing import Any

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QCategoryAxis,
    QChart,
    QChartView,
)
from PySide6.QtCore import QCoreApplication, QDate, QRectF, QSizeF, Qt, Signal
from PySide6.QtGui import QPageLayout, QPageSize, QPainter, QPdfWriter, QTextDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from clover_desk.services.common import QT_TRANSLATE_NOOP
from clover_desk.services.history import (
    Breakdown,
    Figures,
    Granularity,
    Report,
    ReportsService,
    report_csv,
)
from clover_desk.services.merchant import Session
from clover_desk.ui.dates import format_day, format_time
from clover_desk.ui.history_rows import AsOfLabel
from clover_desk.ui.i18n import tr_enum, tr_text
from clover_desk.ui.jobs import Jobs
from clover_desk.ui.money import format_amount
from clover_desk.ui.refund_day_panel import RefundDayPanel
from clover_desk.ui.sync_panel import SyncPanel
from clover_desk.ui.tab_base import Tab
from clover_desk.ui.table import Column, RowTableModel, RowTableView
from clover_desk.ui.widgets import named_button

__all__ = ["ReportColumn", "ReportsTab", "report_columns"]


class ReportColumn(enum.IntEnum):
    """Columns of the report table."""

    LABEL = 0
    PAYMENTS = 1
    SALES = 2
    TIPS = 3
    REFUNDS = 4
    REFUND_COUNT = 5
    PARTIAL = 6
    NET = 7


def report_columns(currency: str, first: str = "") -> list[Column[Figures]]:
    """The report table's columns (money formatted for ``currency``)."""

    def money(get: Any) -> Any:
        return lambda f: format_amount(get(f), currency)

    first = first or QCoreApplication.translate("ReportsTab", "Period")
    columns: dict[ReportColumn, Column[Figures]] = {
        ReportColumn.LABEL: Column(first, lambda f: tr_text(f.label), lambda f: f.key),
        ReportColumn.PAYMENTS: Column(
            QCoreApplication.translate("ReportsTab", "Payments"),
            lambda f: str(f.payments),
            lambda f: f.payments,
            True,
        ),
        ReportColumn.SALES: Column(
            QCoreApplication.translate("ReportsTab", "Sales"),
            money(lambda f: f.sales),
            lambda f: f.sales,
            True,
        ),
        ReportColumn.TIPS: Column(
            QCoreApplication.translate("ReportsTab", "Tips"),
            money(lambda f: f.tips),
            lambda f: f.tips,
            True,
        ),
        ReportColumn.REFUNDS: Column(
            QCoreApplication.translate("ReportsTab", "Refunds"),
            money(lambda f: f.refunds),
            lambda f: f.refunds,
            True,
        ),
        ReportColumn.REFUND_COUNT: Column(
            QCoreApplication.translate("ReportsTab", "Refunds (count)"),
            lambda f: str(f.refund_count),
            lambda f: f.refund_count,
            True,
        ),
        ReportColumn.PARTIAL: Column(
            QCoreApplication.translate("ReportsTab", "Partial refunds"),
            lambda f: str(f.partial_refunds),
            lambda f: f.partial_refunds,
            True,
        ),
        ReportColumn.NET: Column(
            QCoreApplication.translate("ReportsTab", "Net"),
            money(lambda f: f.net),
            lambda f: f.net,
            True,
        ),
    }
    return [columns[c] for c in ReportColumn]


_FIRST = {
    Breakdown.TIME: QT_TRANSLATE_NOOP("ReportsTab", "Period"),
    Breakdown.TENDER: QT_TRANSLATE_NOOP("ReportsTab", "Tender"),
    Breakdown.STAFF: QT_TRANSLATE_NOOP("ReportsTab", "Staff member"),
}


def _nice_step(span: int) -> int:
    """A round tick step (1, 2 or 5 × 10^n minor units) giving about five ticks."""
    raw = max(1, span // 5)
    magnitude = 1
    while magnitude * 10 <= raw:
        magnitude *= 10
    for factor in (1, 2, 5, 10):
        if magnitude * factor >= raw:
            return magnitude * factor
    return magnitude * 10


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _date(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())


class ReportsTab(Tab):
    """Sales reports from the local history, with the history's sync panel above them.

    Args:
        jobs: the window's jobs (errors are shown by the window).
        reports: builds reports from the store; a bound session brings its own.

    Attributes:
        report: the report shown, once built.
        model: the table's rows (one per bucket, tender or staff member, then the total).

    Signals:
        report_shown: a report was rendered.
    """

    report_shown = Signal()

    key = "reports"
    title = QT_TRANSLATE_NOOP("MainWindow", "&Reports")
    table: RowTableView

    def __init__(
        self,
        jobs: Jobs,
        parent: QWidget | None = None,
        *,
        reports: ReportsService | None = None,
    ) -> None:
        super().__init__(jobs, parent)
        self.setObjectName("reportsTab")
        self.setAccessibleName(self.tr("Reports"))
        self.reports = reports
        self.sync_panel: SyncPanel | None = None
        self.report: Report | None = None
        self._dialogs: list[QWidget] = []
        self._tasks: set[asyncio.Future[Any]] = set()

        today = date.today()
        self.from_edit = QDateEdit(_qdate(today).addDays(-29))
        self.from_edit.setObjectName("reportFrom")
        self.from_edit.setAccessibleName(self.tr("Report from"))
        self.to_edit = QDateEdit(_qdate(today))
        self.to_edit.setObjectName("reportTo")
        self.to_edit.setAccessibleName(self.tr("Report to"))
        for edit in (self.from_edit, self.to_edit):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        self.granularity_box = QComboBox()
        self.granularity_box.setObjectName("reportGranularity")
        self.granularity_box.setAccessibleName(self.tr("Daily or weekly"))
        for g in Granularity:
            self.granularity_box.addItem(tr_enum(g), g)
        self.breakdown_box = QComboBox()
        self.breakdown_box.setObjectName("reportBreakdown")
        self.breakdown_box.setAccessibleName(self.tr("Breakdown"))
        for b in Breakdown:
            self.breakdown_box.addItem(tr_enum(b), b)
        self.breakdown_box.currentIndexChanged.connect(lambda _i: self._render())
        self.refresh_button = named_button(
            self.tr("&Show"), "reportRefresh", self.tr("Show the report")
        )
        self.refresh_button.clicked.connect(self.refresh_clicked)
        self.csv_button = named_button(
            self.tr("Export &CSV…"), "reportCsv", self.tr("Export the table as CSV")
        )
        self.csv_button.clicked.connect(self.ask_csv)
        self.print_button = named_button(
            self.tr("&Print…"), "reportPrint", self.tr("Print the report")
        )
        self.print_button.clicked.connect(self.ask_print)
        self.pdf_button = named_button(
            self.tr("Save as P&DF…"), "reportPdf", self.tr("Save the report as PDF")
        )
        self.pdf_button.clicked.connect(self.ask_pdf)
        for button in (self.csv_button, self.print_button, self.pdf_button):
            button.setEnabled(False)
        self.as_of_label = AsOfLabel("reportAsOf")
        self.summary_label = QLabel()
        self.summary_label.setObjectName("reportSummary")
        self.summary_label.setAccessibleName(self.tr("Report totals"))

        controls = QHBoxLayout()
        for widget in (
            QLabel(self.tr("From")),
            self.from_edit,
            QLabel(self.tr("to")),
            self.to_edit,
            self.granularity_box,
            self.breakdown_box,
            self.refresh_button,
        ):
            controls.addWidget(widget)
        controls.addStretch(1)
        for widget in (self.csv_button, self.print_button, self.pdf_button):
            controls.addWidget(widget)

        self.chart = QChart()
        self.chart.setObjectName("reportChartModel")
        self.chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        self.chart_view = QChartView(self.chart)
        self.chart_view.setObjectName("reportChart")
        self.chart_view.setAccessibleName(self.tr("Report chart"))
        self.chart_view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.chart_view.setMinimumHeight(260)  # below this the axis labels elide to "…"
        self.model: RowTableModel[Figures] = RowTableModel(
            report_columns("USD"), lambda f: f.key, self
        )
        self.table = RowTableView(self.model, "reportTable", self.tr("Report figures"))
        self.table.set_empty_text(
            self.tr(
                "No sales in these dates in the local history. Widen the dates, or sync "
                "the history first (Sync history, above)."
            )
        )

        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.chart_view)
        splitter.addWidget(self.table)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        self.sync_box = QGroupBox(self.tr("History on this computer"))
        self.sync_box.setObjectName("historyBox")
        self.sync_layout = QVBoxLayout(self.sync_box)
        self.sync_box.setVisible(False)
        layout.addWidget(self.sync_box)
        layout.addLayout(controls)
        layout.addWidget(self.as_of_label)
        layout.addWidget(self.summary_label)
        layout.addWidget(splitter, 1)
        self.refund_day = RefundDayPanel(jobs, self)
        layout.addWidget(self.refund_day)

    # -- Tab hooks ----------------------------------------------------------------------

    def bind(self, session: Session) -> None:
        """Override Tab.bind: this profile's reports and a sync panel for its history."""
        super().bind(session)
        self.reports = session.reports
        self.refund_day.bind(session.journal, session.batches.store.batch_of)
        if self.sync_panel is not None:
            self.sync_panel.cancel()  # the previous profile's sync stops with its session
            self.sync_layout.removeWidget(self.sync_panel)
            self.sync_panel.deleteLater()
        self.sync_panel = SyncPanel(session.sync, self.jobs, self.sync_box)
        # The report is the page's subject; the windows list scrolls inside a short panel.
        self.sync_panel.setMaximumHeight(150)
        self.sync_panel.finished.connect(self._synced)
        self.sync_layout.addWidget(self.sync_panel)
        self.sync_box.setVisible(True)

    def _synced(self, state: str) -> None:
        if state == "done":
            self._run(self.tr("building the report"), self.refresh())

    async def reload(self) -> int:
        """Override Tab.reload: the report for the chosen period, once history exists."""
        if self.reports is None:
            return 0
        if not self.reports.store.populated():
            self.summary_label.setText(
                self.tr("No history on this computer yet: sync it above to see reports.")
            )
            return 0
        await self.refresh()
        return self.model.rowCount()

    # -- choices ------------------------------------------------------------------------

    def set_period(self, start: date, end: date) -> None:
        """Choose the period (inclusive)."""
        self.from_edit.setDate(_qdate(start))
        self.to_edit.setDate(_qdate(end))

    def granularity(self) -> Granularity:
        """Daily or weekly."""
        return Granularity(self.granularity_box.currentData() or Granularity.DAILY)

    def set_granularity(self, granularity: Granularity) -> None:
        """Choose daily or weekly."""
        self.granularity_box.setCurrentIndex(list(Granularity).index(granularity))

    def breakdown(self) -> Breakdown:
        """Over time, by tender or by staff member."""
        return Breakdown(self.breakdown_box.currentData() or Breakdown.TIME)

    def set_breakdown(self, breakdown: Breakdown) -> None:
        """Choose the table and chart shown."""
        self.breakdown_box.setCurrentIndex(list(Breakdown).index(breakdown))

    # -- building -----------------------------------------------------------------------

    def refresh_clicked(self) -> None:
        """*Show*."""
        self._run(self.tr("building the report"), self.refresh())

    async def refresh(self) -> Report:
        """Build the report for the chosen period (on a worker thread) and show it."""
        if self.reports is None:
            raise RuntimeError("no profile is open")
        start, end = _date(self.from_edit.date()), _date(self.to_edit.date())
        report = await self.reports.build(start, end, self.granularity())
        self.show_report(report)
        return report

    def show_report(self, report: Report) -> None:
        """Render ``report`` (chart, table, totals)."""
        self.report = report
        if self.reports is not None:
            self.as_of_label.set_as_of(self.reports.store.as_of())
        for button in (self.csv_button, self.print_button, self.pdf_button):
            button.setEnabled(True)
        self._render()
        self.report_shown.emit()

    def _render(self) -> None:
        report = self.report
        if report is None:
            return
        breakdown = self.breakdown()
        rows = report.rows(breakdown)
        c = report.currency
        self.model = RowTableModel(
            report_columns(c, tr_text(_FIRST[breakdown])), lambda f: f.key, self
        )
        self.model.reset_rows([*rows, report.total])
        self.table.setModel(self.model)
        t = report.total
        self.summary_label.setText(
            self.tr(
                "{start} – {end}: sales {sales}, tips {tips}, refunds {refunds} "
                "({count}, {partial} partial), net {net}"
            ).format(
                start=f"{report.start:%Y-%m-%d}",
                end=f"{report.end:%Y-%m-%d}",
                sales=format_amount(t.sales, c),
                tips=format_amount(t.tips, c),
                refunds=format_amount(t.refunds, c),
                count=t.refund_count,
                partial=t.partial_refunds,
                net=format_amount(t.net, c),
            )
        )
        self._chart(report, rows, breakdown)

    def _chart(self, report: Report, rows: list[Figures], breakdown: Breakdown) -> None:
        chart = self.chart
        chart.removeAllSeries()
        for axis in chart.axes():
            chart.removeAxis(axis)
        chart.setTitle(
            self.tr("{breakdown}: sales, refunds and net ({currency})").format(
                breakdown=tr_enum(breakdown), currency=report.currency
            )
        )
        series = QBarSeries()
        sets = {
            "Sales": QBarSet(self.tr("Sales")),
            "Refunds": QBarSet(self.tr("Refunds")),
            "Net": QBarSet(self.tr("Net")),
        }
        low = high = 0
        for f in rows:
            # bars are plotted in minor units: integers, exact as Qt reals
            for name, value in (("Sales", f.sales), ("Refunds", f.refunds), ("Net", f.net)):
                sets[name].append(float(value))
                low, high = min(low, value), max(high, value)
        for bar_set in sets.values():
            series.append(bar_set)
        chart.addSeries(series)
        categories = QBarCategoryAxis()
        labels = [
            f.key[5:] if breakdown is Breakdown.TIME else f.label for f in rows
        ]  # MM-DD for dates
        categories.append(labels)
        if len(labels) > 12:  # a month of days only fits standing up
            categories.setLabelsAngle(-90)
        chart.addAxis(categories, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(categories)
        values = QCategoryAxis()
        values.setLabelsPosition(QCategoryAxis.AxisLabelsPosition.AxisLabelsPositionOnValue)
        step = _nice_step(max(1, high - low))
        first = (low // step) * step
        last = -((-high) // step) * step if high > 0 else 0
        if last <= first:
            last = first + step
        tick = first
        while tick <= last:
            values.append(format_amount(tick, report.currency), float(tick))
            tick += step
        values.setRange(float(first), float(last))
        chart.addAxis(values, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(values)

    # -- CSV, print, PDF --------------------------------------------------------------------

    def csv_text(self) -> str:
        """The table shown, as CSV."""
        if self.report is None:
            raise RuntimeError("no report yet")
        return report_csv(self.report, self.breakdown())

    async def export_csv(self, path: Path) -> Path:
        """Write the table shown as CSV to ``path`` (off the event loop)."""
        await asyncio.to_thread(path.write_text, self.csv_text(), encoding="utf-8")
        return path

    def ask_csv(self) -> None:
        """*Export CSV…*: a non-blocking save dialog, then write."""
        dialog = QFileDialog(
            self, self.tr("Export report as CSV"), "report.csv", self.tr("CSV files (*.csv)")
        )
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setObjectName("reportCsvDialog")
        dialog.fileSelected.connect(
            lambda name: self._run(self.tr("exporting CSV"), self.export_csv(Path(name)))
        )
        self._open(dialog)  # fmt: skip

    def ask_pdf(self) -> None:
        """*Save as PDF…*: a non-blocking save dialog, then write."""
        dialog = QFileDialog(
            self, self.tr("Save report as PDF"), "report.pdf", self.tr("PDF files (*.pdf)")
        )
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setObjectName("reportPdfDialog")
        dialog.fileSelected.connect(lambda name: self.save_pdf(Path(name)))
        self._open(dialog)

    def ask_print(self) -> None:
        """*Print…*: the print dialog (opened, not exec'd: qasync), then print."""
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        dialog.setObjectName("reportPrintDialog")
        dialog.accepted.connect(lambda: self.render_to(printer))
        self._open(dialog)

    def _open(self, dialog: QWidget) -> None:
        self._dialogs.append(dialog)
        dialog.destroyed.connect(lambda *_: None)
        dialog.open()  # type: ignore[attr-defined]

    def _run(self, label: str, coro: Any) -> None:
        if self.jobs is not None:
            self.jobs.run(label, coro)
            return
        task = asyncio.ensure_future(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def save_pdf(self, path: Path) -> Path:
        """Write the chart and table to a PDF file."""
        writer = QPdfWriter(str(path))
        writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
        writer.setPageOrientation(QPageLayout.Orientation.Landscape)
        writer.setResolution(150)
        writer.setTitle(self.tr("Clover Desk report"))
        self.render_to(writer)
        return path

    def render_to(self, device: QPdfWriter | QPrinter) -> None:
        """Paint title, chart and table on a printer or PDF writer."""
        if self.report is None:
            raise RuntimeError("no report yet")
        report = self.report
        painter = QPainter()
        if not painter.begin(device):
            raise OSError("cannot paint on the printer or file")
        try:
            page = QRectF(device.pageLayout().paintRectPixels(device.resolution()))
            page.moveTo(0, 0)
            title = QTextDocument()
            printed = datetime.now()
            title.setHtml(
                self.tr("<h2>Sales report {start} – {end}</h2>").format(
                    start=format_day(report.start), end=format_day(report.end)
                )
                + f"<p>{self.summary_label.text()}<br>{self.as_of_label.text()}<br>"
                + self.tr("Printed {moment}").format(
                    moment=f"{format_day(printed)} {format_time(printed)}"
                )
                + "</p>"
            )
            title.setPageSize(QSizeF(page.width(), page.height()))
            title.drawContents(painter)
            top = title.size().height() + 10
            chart_rect = QRectF(0, top, page.width(), page.height() * 0.45)
            self.chart_view.render(painter, chart_rect)
            table = QTextDocument()
            table.setDocumentMargin(0)
            table.setHtml(self._table_html())
            table.setPageSize(QSizeF(page.width(), 1e9))
            painter.translate(0, chart_rect.bottom() + 10)
            available = page.height() - chart_rect.bottom() - 10
            table.drawContents(painter, QRectF(0, 0, page.width(), available))
            remaining = table.size().height() - available
            offset = available
            while remaining > 0 and hasattr(device, "newPage"):
                device.newPage()
                painter.resetTransform()
                painter.translate(0, -offset)
                table.drawContents(painter, QRectF(0, offset, page.width(), page.height()))
                offset += page.height()
                remaining -= page.height()
        finally:
            painter.end()

    def _table_html(self) -> str:
        columns = [self.model.headerData(i, Qt.Orientation.Horizontal) for i in range(8)]
        cells = ["<table border=1 cellspacing=0 cellpadding=3 width='100%'><tr>"]
        cells += [f"<th>{h}</th>" for h in columns]
        cells.append("</tr>")
        for row in range(self.model.rowCount()):
            cells.append("<tr>")
            for col in range(8):
                text = self.model.data(self.model.index(row, col)) or ""
                align = "left" if col == 0 else "right"
                cells.append(f"<td align={align}>{_esc(str(text))}</td>")
            cells.append("</tr>")
        cells.append("</table>")
        return "".join(cells)


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
