"""What staff read goes through translation: every text on screen, and fr_CA for real.

The first test installs a pseudo-translation (every marked string becomes ``⟦…⟧``),
opens the window and every dialog on a demo training sandbox of its own (it makes a
batch refund, so the end-of-day refund report has something to say), and reads every
widget's visible text: whatever is left outside the brackets must be data (ids, money,
dates, the sandbox's names and items), or it was never marked. The others run the app
in French-Canadian from the committed catalogue and read key screens.
"""

from __future__ import annotations

import ast
import re
import socket
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from clover_helpers import card_charge, client_for
from i18n_catalogue import PSEUDO_CLOSE, PSEUDO_OPEN, REPO, compiled_fr, pseudo_qm
from memkeyring import MemoryKeyring
from PySide6.QtCharts import QChartView
from PySide6.QtCore import QItemSelectionModel, QLocale, Qt, QTranslator
from PySide6.QtGui import QAction, QTextDocument
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QMenu,
    QPlainTextEdit,
    QProgressBar,
    QRadioButton,
    QTableView,
    QTabWidget,
    QTextEdit,
    QWidget,
    QWizardPage,
)
from pytestqt.qtbot import QtBot

from clover_desk.api.credentials import CredentialStore
from clover_desk.api.money import Money
from clover_desk.app import DeskApp
from clover_desk.sandbox import RunningSandbox, start_sandbox
from clover_desk.services.common.feedback import UserFacingError
from clover_desk.services.common.i18n import QT_TRANSLATE_NOOP
from clover_desk.services.merchant.paths import AppPaths
from clover_desk.services.merchant.profiles import SettingsStore
from clover_desk.services.refunds.batch_check import PlannedRefund
from clover_desk.services.refunds.batch_file import MAX_BATCH_ROWS, BatchRow
from clover_desk.services.refunds.batch_queue import BatchStore, result_csv
from clover_desk.services.refunds.day_report import build_refund_day_report
from clover_desk.services.refunds.journal import EntryStatus, Journal, JournalEntry, MovementKind
from clover_desk.services.refunds.rules import RefundMode
from clover_desk.services.staff.accounts import TRAINING_STAFF, Role, StaffMember
from clover_desk.ui.batch_refund_dialog import BatchRefundDialog
from clover_desk.ui.customer_dialogs import AddCardDialog
from clover_desk.ui.i18n import LANGUAGES, install_translations, tr_text
from clover_desk.ui.naming import BRAND_NAMES
from clover_desk.ui.plan_dialogs import SubscriptionDialog
from clover_desk.ui.refund_day_panel import RefundDayPanel
from clover_desk.ui.refund_wizard import RefundWizard

#: Texts Qt itself provides (standard buttons, the tab bar's scroll buttons); Qt's own
#: qtbase catalogue translates them.
QT_OWN_TEXTS = {"OK", "&OK", "Cancel", "&Cancel", "Close", "&Close", "Save", "&Save"}
QT_OWN_TEXTS |= {"&Next >", "< &Back", "&Finish", "Commit", "&Commit", "Help", "&Help"}
QT_OWN_TEXTS |= {"Show Details...", "Scroll Left", "Scroll Right"}


#: What splits a shown text into pieces that are each either words or one datum.
SEPARATORS = re.compile(r"[\n·—•:;,()<>/|+=×]|\s-\s|\.(?:\s|$)")


def _pieces(text: str) -> list[str]:
    """``text`` without what is plainly data, split at separators."""
    text = re.sub(r"\S+@\S+", " ", text)  # email addresses
    text = re.sub(r"\b[A-Z0-9]{13}\b", " ", text)  # Clover ids
    text = re.sub(r"\b\w*\d\w*\b", " ", text)  # amounts, dates, card digits: any digit
    text = re.sub(r"\b[A-Z]{2,3}\b", " ", text)  # currency codes, states, card brands
    pieces = (" ".join(piece.split()) for piece in SEPARATORS.split(text))
    return [piece for piece in pieces if re.search(r"[^\W\d_]{2,}", piece)]


#: The line item the sandbox gives a charge made without a description (the batch part
#: of the walk makes such charges); a name in the merchant's data, not the desk's words.
SANDBOX_CHARGE_ITEM = "Ecommerce charge"


def _data_values() -> set[str]:
    """Pieces of text that are data, not interface: whatever the demo sandbox is seeded
    from (names, items, notes, streets...), first-and-last-name pairs of them, the demo
    staff, and the language names (each written in its own language)."""
    seed = ast.parse((REPO / "clover_desk" / "sandbox" / "seed.py").read_text("utf-8"))
    texts = [
        node.value
        for node in ast.walk(seed)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    ]
    texts += [name for name, *_ in TRAINING_STAFF] + [name for _code, name in LANGUAGES]
    texts += list(BRAND_NAMES.values())  # "Mastercard •••• 4242": the brand is a name
    texts.append(socket.gethostname())  # the Activity view's "Machine" column
    texts.append(SANDBOX_CHARGE_ITEM)
    values = {piece for text in texts for piece in _pieces(text)}
    single = [v for v in values if re.fullmatch(r"[A-Z][^\W\d_]*(?:'[^\W\d_]+)*", v)]
    return values | {f"{first} {last}" for first in single for last in single}


DATA_VALUES = _data_values()


def unmarked_pieces(text: str) -> list[str]:
    """Pieces of ``text`` outside every ``⟦…⟧`` that are neither data nor Qt's own."""
    if text in QT_OWN_TEXTS:
        return []
    inner = re.compile(re.escape(PSEUDO_OPEN) + r"[^⟦⟧]*" + re.escape(PSEUDO_CLOSE))
    previous = None
    while previous != text:
        previous, text = text, inner.sub("\n", text)
    return [piece for piece in _pieces(text) if piece not in DATA_VALUES]


def _where(widget: QWidget) -> str:
    parts = []
    node: Any = widget
    while node is not None:
        parts.append(node.objectName() or type(node).__name__)
        node = node.parent()
    return "/".join(reversed(parts))


def visible_texts(root: QWidget) -> Iterator[tuple[str, str]]:
    """(where, text) for every text a widget under ``root`` shows or speaks."""
    for widget in [root, *root.findChildren(QWidget)]:
        if widget.objectName().startswith("qt_"):
            continue  # Qt's own parts (scroll areas, calendar popups, spin box editors)
        where = _where(widget)
        texts = [widget.toolTip(), widget.accessibleName()]
        if widget.isWindow():
            texts.append(widget.windowTitle())
        if isinstance(widget, QLabel | QAbstractButton):
            texts.append(widget.text())
        if isinstance(widget, QGroupBox):
            texts.append(widget.title())
        if isinstance(widget, QLineEdit | QPlainTextEdit):
            texts.append(widget.placeholderText())
        if isinstance(widget, QTextEdit):
            texts += [widget.placeholderText(), widget.toPlainText()]
        if isinstance(widget, QComboBox) and not widget.isEditable():
            texts += [widget.itemText(i) for i in range(widget.count())]
        if isinstance(widget, QListWidget):
            texts += [widget.item(i).text() for i in range(widget.count())]
        if isinstance(widget, QTabWidget):
            texts += [widget.tabText(i) for i in range(widget.count())]
        if isinstance(widget, QWizardPage):
            texts += [widget.title(), widget.subTitle()]
        if isinstance(widget, QProgressBar):
            texts.append(widget.text())
        if isinstance(widget, QMenu):
            texts.append(widget.title())
        if isinstance(widget, QTableView) and widget.model() is not None:
            model = widget.model()
            texts += [
                str(model.headerData(c, Qt.Orientation.Horizontal) or "")
                for c in range(model.columnCount())
            ]
            texts += [
                str(model.index(r, c).data() or "")
                for r in range(min(5, model.rowCount()))
                for c in range(model.columnCount())
            ]
        if isinstance(widget, QChartView):
            chart = widget.chart()
            texts.append(chart.title())
            for series in chart.series():
                texts += [bar_set.label() for bar_set in getattr(series, "barSets", list)()]
        for text in texts:
            if text:
                yield where, text
    for action in root.findChildren(QAction):
        if action.text():
            yield f"{_where(root)}/{action.objectName() or 'QAction'}", action.text()


@pytest.fixture
def keep_locale() -> Iterator[None]:
    """Translators and Qt's default locale go back to what they were."""
    before = QLocale()
    yield
    install_translations("en")
    QLocale.setDefault(before)


def _open_desk(
    qtbot: QtBot, run: Callable[..., Any], home: Path, sandbox: RunningSandbox, **options: Any
) -> DeskApp:
    desk = DeskApp(AppPaths.under(home), CredentialStore(), **options)
    desk.adopt_sandbox(sandbox)
    qtbot.addWidget(desk.window)
    desk.window.resize(1200, 760)
    desk.window.show()
    run(desk.open_profile(None))
    desk.sign_in_training_owner()
    return desk


def _close_desk(qtbot: QtBot, run: Callable[..., Any], desk: DeskApp) -> None:
    desk.window.jobs.cancel_all()
    qtbot.waitUntil(lambda: not desk.window.jobs.busy(), timeout=5000)
    run(desk.aclose())


def _settle(qtbot: QtBot, desk: DeskApp) -> None:
    qtbot.waitUntil(lambda: not desk.window.jobs.busy(), timeout=20_000)


@pytest.fixture
def writable_demo_sandbox() -> Iterator[RunningSandbox]:
    """A demo-seeded sandbox of one test's own: it may make charges and refunds."""
    with start_sandbox(
        seed="demo",
        orders=60,
        export_windows=False,
        seed_number=7,
        rate_limit_per_s=10_000,
        max_concurrent=100,
    ) as running:
        yield running


def _new_charges(run: Callable[..., Any], sandbox: RunningSandbox, count: int) -> list[str]:
    async def make() -> list[str]:
        async with client_for(sandbox) as client:
            return [(await card_charge(client, 1_905)).id for _ in range(count)]

    ids: list[str] = run(make())
    return ids


#: A batch file with a problem of each kind the file itself can have, and one the check
#: finds (a charge Clover does not know).
BAD_BATCH_FILE = (
    "charge,amount,reason,note\n"
    "CHNOSUCHCHARGE1,full,duplicate,\n"
    "{charge},12.345,duplicate,too precise\n"
    "{charge},1.00,oops,wrong reason\n"
    ",1.00,duplicate,no charge\n"
    "{charge},0,duplicate,zero\n"
    "{charge},5.00,fraudulent,\n"
)


def _open_batch_screens(
    qtbot: QtBot, run: Callable[..., Any], desk: DeskApp, charge_ids: list[str], tmp_path: Path
) -> None:
    """Actions ▸ Batch refund… on selected charges (the preview), a second batch dialog
    with a bad file (the problems), and a third that sends its rows (the progress); then
    the end-of-day refund report in the Reports tab, which lists that batch."""
    window = desk.window
    window.tabs_widget.setCurrentWidget(window.charges_tab)
    table, model = window.charges_tab.table, window.charges_tab.model
    assert table is not None
    table.clearSelection()
    rows = [r for r in range(model.rowCount()) if (c := model.row_at(r)) and c.id in charge_ids[:2]]
    assert len(rows) == 2, "the new charges are listed"
    for row in rows:
        table.selectionModel().select(
            model.index(row, 0),
            QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows,
        )
    window.batch_refund_action.trigger()
    preview = window.batch_dialog
    assert preview is not None
    qtbot.waitUntil(lambda: preview.check is not None, timeout=20_000)

    session, staff, directory = window.session, window.staff_member, window.staff_directory
    assert session is not None
    assert staff is not None
    assert directory is not None
    bad = tmp_path / "bad-batch.csv"
    bad.write_text(BAD_BATCH_FILE.format(charge=charge_ids[2]), encoding="utf-8")
    problems = BatchRefundDialog(session, staff, directory, window)
    problems.open()
    run(problems.load_file(bad))
    assert problems.problems.count() >= 5

    selection = [BatchRow(n, c, None, None, "") for n, c in enumerate(charge_ids[2:], 1)]
    sender = BatchRefundDialog(session, staff, directory, window, selection)
    sender.open()
    qtbot.waitUntil(lambda: sender.check is not None, timeout=20_000)
    batch_id = run(sender.send())
    assert batch_id is not None
    qtbot.waitUntil(lambda: sender.progress is not None and sender.progress.done, timeout=20_000)

    window.tabs_widget.setCurrentWidget(window.reports_tab)
    run(window.reports_tab.refund_day.build())


def _refund_report_texts(desk: DeskApp) -> Iterator[tuple[str, str]]:
    """The end-of-day refund report as its PDF reads (built from the panel's HTML)."""
    panel = desk.window.reports_tab.refund_day
    assert panel.journal is not None
    report = build_refund_day_report(panel.journal, panel.day, panel.batch_of)
    assert report.count, "the batch's refunds are in the day's report"
    document = QTextDocument()
    document.setHtml(panel.report_html(report))
    for line in document.toPlainText().splitlines():
        if line.strip():
            yield "refundDayReport.pdf", line


def _open_every_screen(qtbot: QtBot, run: Callable[..., Any], desk: DeskApp) -> RefundWizard:
    """Load every tab with a detail shown, and open every dialog; the refund wizard."""
    window = desk.window
    run(window.load_all())
    for tab in (window.orders_tab, window.charges_tab, window.customers_tab, window.plans_tab):
        window.tabs_widget.setCurrentWidget(tab)
        assert tab.table is not None
        tab.table.selectRow(0)
        tab.open_detail()
        _settle(qtbot, desk)
    window.tabs_widget.setCurrentWidget(window.orders_tab)
    window.orders_tab.new_order()
    window.customers_tab.new_customer()
    window.plans_tab.new_plan()
    desk.open_settings()
    desk.open_staff()
    desk.open_connect()
    desk.ask_sign_in()
    AddCardDialog("Ava Adams", window).open()
    SubscriptionDialog("USD", [("C1", "Ava Adams")], None, window).open()
    window._about()
    # A refusal worded by services, shown in the error banner and dialog.
    window.jobs.report(
        window.tr("searching orders"),
        UserFacingError(QT_TRANSLATE_NOOP("RefundRules", "Enter an amount above zero.")),
    )
    _settle(qtbot, desk)
    charge = window.charges_tab.model.row_at(0)
    assert charge is not None
    window.open_refund(charge.id)
    qtbot.waitUntil(lambda: window.refund_wizard is not None, timeout=20_000)
    assert window.refund_wizard is not None
    return window.refund_wizard


def test_every_text_on_screen_is_marked_for_translation(
    qtbot: QtBot,
    run: Callable[..., Any],
    tmp_path: Path,
    memory_keyring: MemoryKeyring,
    writable_demo_sandbox: RunningSandbox,
    keep_locale: None,
) -> None:
    charge_ids = _new_charges(run, writable_demo_sandbox, 4)
    pseudo = QTranslator()
    assert pseudo.load(str(pseudo_qm(tmp_path / "pseudo")))
    app = QApplication.instance()
    assert app is not None
    # Installed before the desk: its widgets take their words as they are built, and
    # DeskApp removes only the translators it installed itself.
    app.installTranslator(pseudo)
    desk = _open_desk(
        qtbot, run, tmp_path / "home", writable_demo_sandbox, language="en", translations=tmp_path
    )
    try:
        wizard = _open_every_screen(qtbot, run, desk)
        _open_batch_screens(qtbot, run, desk, charge_ids, tmp_path)
        for page_id in wizard.pageIds():
            assert wizard.page(page_id).title().startswith(PSEUDO_OPEN)
        # The window and everything it opened (every dialog here has it as parent);
        # windows other tests left behind are not this desk's.
        assert wizard.parent() is desk.window
        found = [
            f"{where}: {text!r} -> {words}"
            for where, text in [*visible_texts(desk.window), *_refund_report_texts(desk)]
            if (words := unmarked_pieces(text))
        ]
        assert not found, "texts not marked for translation:\n" + "\n".join(sorted(set(found)))
    finally:
        app.removeTranslator(pseudo)
        _close_desk(qtbot, run, desk)


@pytest.fixture
def french_desk(
    qtbot: QtBot,
    run: Callable[..., Any],
    tmp_path: Path,
    memory_keyring: MemoryKeyring,
    demo_sandbox: RunningSandbox,
    keep_locale: None,
) -> Iterator[DeskApp]:
    translations = compiled_fr(tmp_path / "qm")
    desk = _open_desk(
        qtbot, run, tmp_path / "home", demo_sandbox, language="fr_CA", translations=translations
    )
    yield desk
    _close_desk(qtbot, run, desk)


def test_french_canadian_tabs_menus_and_tables(
    french_desk: DeskApp, run: Callable[..., Any]
) -> None:
    window = french_desk.window
    assert french_desk.language == "fr_CA"
    tabs = [window.tabs_widget.tabText(i) for i in range(window.tabs_widget.count())]
    assert tabs[:3] == ["C&ommandes", "&Transactions et remboursements", "C&lients et cartes"]
    assert window.menuBar().actions()[0].text() == "&Fichier"
    run(window.load_all())
    run(window.jobs.wait_idle())  # the customers' names are read after the rows show
    charges = window.charges_tab.table.model()
    headers = [charges.headerData(c, Qt.Orientation.Horizontal) for c in range(3)]
    assert headers == ["Créée le", "Transaction", "Montant"]
    assert window.status.jobs_label.text() == "Prêt"
    assert window.status.environment_label.text() == "FORMATION"
    assert window.windowTitle() == "Clover Desk — Formation"
    # A refusal worded by services, titled by services around the UI's own words.
    window.jobs.report(
        window.orders_tab.tr("searching orders"),
        UserFacingError(QT_TRANSLATE_NOOP("RefundRules", "Enter an amount above zero.")),
    )
    assert window.error_banner.text() == (
        "Échec\u00a0: recherche des commandes\u00a0: Entrez un montant supérieur à zéro. "
        "Corrigez-le et réessayez."
    )


def test_french_canadian_refund_wizard(
    french_desk: DeskApp, qtbot: QtBot, run: Callable[..., Any]
) -> None:
    window = french_desk.window
    run(window.load_all())
    charge = window.charges_tab.model.row_at(0)
    assert charge is not None
    window.open_refund(charge.id)
    qtbot.waitUntil(lambda: window.refund_wizard is not None, timeout=20_000)
    wizard = window.refund_wizard
    assert wizard is not None
    assert wizard.windowTitle() == f"Rembourser la transaction {charge.id}"
    assert [wizard.page(p).title() for p in wizard.pageIds()] == [
        "Quoi rembourser",
        "Pourquoi",
        "Vérification",
        "Résultat",
    ]
    modes = [b.text() for b in wizard.what.findChildren(QRadioButton)]
    assert modes[0] == "Rembourser tout ce qui reste"
    reason = wizard.why.reason
    assert reason.itemText(0) == "Choisissez un motif…"
    assert reason.itemText(1) == "Demandé par le client"
    # What stops the user going on is worded by services (RefundWizardState), in French.
    wizard.why.changed()
    assert wizard.why.problems.text().splitlines()[0] == "Choisissez un motif."


def test_french_canadian_batch_file_problems(
    french_desk: DeskApp, qtbot: QtBot, run: Callable[..., Any], tmp_path: Path
) -> None:
    """A bad batch file's problems, worded by services, read in French line by line;
    counts and amounts in them as French writes them."""
    window = french_desk.window
    run(window.load_all())
    charge = window.charges_tab.model.row_at(0)
    assert charge is not None
    path = tmp_path / "lot.csv"
    path.write_text(
        "charge,amount,reason,note\n"
        "CHNOSUCHCHARGE1,full,duplicate,\n"
        f"{charge.id},1.00,oops,x\n"
        ",1.00,duplicate,x\n"
        f"{charge.id},12.345,duplicate,x\n"
        f"{charge.id},0,duplicate,x\n",
        encoding="utf-8",
    )
    window.batch_refund_action.trigger()
    dialog = window.batch_dialog
    assert dialog is not None
    assert dialog.windowTitle() == "Remboursement par lot"
    run(dialog.load_file(path))
    shown = [dialog.problems.item(n).text() for n in range(dialog.problems.count())]
    assert shown == [
        "Ligne 2\u00a0: la transaction CHNOSUCHCHARGE1 n'existe pas dans Clover.",
        "Ligne 3\u00a0: le motif « oops » n'est pas un de ceux de Clover\u00a0: "
        "requested_by_customer, duplicate, fraudulent.",
        "Ligne 4\u00a0: doit avoir soit un n° de transaction, soit un n° de commande "
        "(l'un des deux).",
        "Ligne 5\u00a0: le montant « 12.345 » n'est pas un montant\u00a0: écrivez-le comme "
        "12.50 (avec un point, sans symbole de devise ni séparateur de milliers), ou full.",
        "Ligne 6\u00a0: le montant est zéro\u00a0: il n'y a rien à rembourser.",
    ]
    assert dialog.status.text() == (
        "5 problèmes\u00a0: rien n'est envoyé tant que le fichier n'est pas corrigé."
    )
    assert not dialog.send_button.isEnabled()

    semicolons = tmp_path / "points-virgules.csv"
    semicolons.write_text(f"charge;amount;reason\n{charge.id};full;duplicate\n", encoding="utf-8")
    run(dialog.load_file(semicolons))
    assert [dialog.problems.item(n).text() for n in range(dialog.problems.count())] == [
        "Les colonnes du fichier sont séparées par des points-virgules, pas par des virgules. "
        "Enregistrez-le en « CSV UTF-8 » (délimité par des virgules) et importez-le de "
        "nouveau; rien n'a été envoyé."
    ]

    # A count inside a service's sentence is grouped as French writes it.
    too_many = tmp_path / "trop.csv"
    rows = "".join(f"CH{n:011d},full,duplicate,\n" for n in range(MAX_BATCH_ROWS + 1))
    too_many.write_text("charge,amount,reason\n" + rows, encoding="utf-8")
    run(dialog.load_file(too_many))
    assert dialog.problems.item(0).text() == (
        "Le fichier contient plus de 10\u00a0000 remboursements\u00a0: divisez-le en lots "
        "plus petits."
    )


def test_settings_language_choice_is_kept_and_speaks_at_next_start(
    qtbot: QtBot,
    run: Callable[..., Any],
    tmp_path: Path,
    memory_keyring: MemoryKeyring,
    demo_sandbox: RunningSandbox,
    keep_locale: None,
) -> None:
    home = tmp_path / "home"
    translations = compiled_fr(tmp_path / "qm")
    desk = _open_desk(qtbot, run, home, demo_sandbox, translations=translations, language="en")
    desk.open_settings()
    dialog = desk.switching._settings_dialog
    assert dialog is not None
    box = dialog.language_box
    assert [box.itemData(i) for i in range(box.count())] == ["", "en", "fr_CA"]
    box.setCurrentIndex(box.findData("fr_CA"))
    assert SettingsStore(AppPaths.under(home).settings_file).load().language == "fr_CA"
    assert dialog.language_note.text()  # says when it applies
    _close_desk(qtbot, run, desk)

    again = _open_desk(qtbot, run, home, demo_sandbox, translations=translations)
    try:
        assert again.language == "fr_CA"
        assert again.window.tabs_widget.tabText(0) == "C&ommandes"
    finally:
        _close_desk(qtbot, run, again)


def test_a_french_system_other_than_canada_gets_french_canadian(
    qapp: QApplication, tmp_path: Path, keep_locale: None
) -> None:
    translations = compiled_fr(tmp_path / "qm")
    assert install_translations("fr_FR", translations) == "fr_CA"
    assert QApplication.translate("MainWindow", "&Orders") == "C&ommandes"
    assert QLocale().name() == "fr_FR"  # numbers and dates as France writes them
    assert install_translations("en", translations) == "en"
    assert QApplication.translate("MainWindow", "&Orders") == "&Orders"


def test_messages_kept_in_the_journal_read_in_the_language_of_whoever_reads_them(
    qapp: QApplication, tmp_path: Path, keep_locale: None
) -> None:
    """A refund's outcome and a batch row's refusal are written while the desk speaks
    English and read after a restart in French: they were kept as phrases, not as the
    English they were written in (CSV files keep English)."""
    path = tmp_path / "journal.sqlite"
    journal = Journal(path)
    store = BatchStore(journal)
    cora = StaffMember(3, "Cora Clerk", Role.CLERK)
    entry = journal.record_intent(
        JournalEntry(
            key="k-1",
            kind=MovementKind.REFUND,
            charge_id="CHARGE0000001",
            order_id=None,
            amount=Money(1_905, "USD"),
            reason="duplicate",
            note="",
            staff_id=cora.id,
            staff_name=cora.name,
        )
    )
    lost = QT_TRANSLATE_NOOP(
        "Refunds", "Clover could not be reached ({reason}); confirming later."
    ).format(reason="timeout")
    journal.record_outcome(entry.key, EntryStatus.UNKNOWN, message=lost)
    row = PlannedRefund(
        1, "CHARGE0000002", None, RefundMode.FULL, Money(500, "USD"), "duplicate", ""
    )
    batch_id = store.add("", cora, [row], "digest", None, None)
    [queued] = store.rows(batch_id)
    refused = QT_TRANSLATE_NOOP(
        "Staff", "{name} can no longer approve refunds. Ask another manager."
    ).format(name="Marcus Manager")
    store.refuse(queued.key, refused)
    store.close()
    journal.close()

    again = Journal(path)
    store = BatchStore(again)
    try:
        assert install_translations("fr_CA", compiled_fr(tmp_path / "qm")) == "fr_CA"
        [kept] = again.unsettled()
        assert kept.message == "Clover could not be reached (timeout); confirming later."
        assert (
            tr_text(kept.message)
            == "Impossible de joindre Clover (timeout); confirmation plus tard."
        )
        [not_sent] = store.rows(batch_id)
        assert tr_text(not_sent.message) == (
            "Marcus Manager ne peut plus approuver de remboursements. Demandez à un autre gérant."
        )
        assert "Marcus Manager can no longer approve refunds" in result_csv([not_sent])
    finally:
        store.close()
        again.close()


def test_french_canadian_end_of_day_refunds_agree_with_their_counts(
    qtbot: QtBot, run: Callable[..., Any], tmp_path: Path, keep_locale: None
) -> None:
    journal = Journal(tmp_path / "journal.sqlite")
    try:
        for key, staff in (("a", "Cora Clerk"), ("b", "Cora Clerk"), ("c", "Marcus Manager")):
            entry = journal.record_intent(
                JournalEntry(
                    key=key,
                    kind=MovementKind.REFUND,
                    charge_id=f"CHARGE{key.upper()}",
                    order_id=None,
                    amount=Money(500, "CAD"),
                    reason="duplicate",
                    note="",
                    staff_id=None,
                    staff_name=staff,
                )
            )
            journal.record_outcome(entry.key, EntryStatus.SUCCEEDED, refund_id=f"R{key}")
        assert install_translations("fr_CA", compiled_fr(tmp_path / "qm")) == "fr_CA"
        panel = RefundDayPanel(None)
        qtbot.addWidget(panel)
        panel.bind(journal)
        run(panel.build())
        assert panel.summary.text() == ("3 remboursements par 2 membres du personnel, 15,00\u00a0$")
    finally:
        journal.close()
