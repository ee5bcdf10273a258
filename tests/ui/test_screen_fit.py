"""Every page and every dialog fits the office laptops' screen: 1280×720 less a 40 px taskbar (1280×680).

The main window is opened over a small demo database and every page (and every tab of it) is shown: the
window's minimum size must fit 1280×680 and no page may raise its minimum width above 1024 px (so that a
1024×600 screen still holds it, scrolling where it must), and no page's toolbar may hide an action behind its
» button at 1280 pixels. Then every dialog of the program is built over the
same database with what its page would give it, shown, its reads let finish, and its minimum size checked;
a dialog whose comfortable size is taller than the screen scrolls its body and keeps its buttons in view.
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QRect, QSize, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QDialog,
    QDialogButtonBox,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QToolBar,
    QWidget,
    QWizard,
)

from app.demo import build_demo
from app.services.agency import get_agency
from app.services.context import ServiceContext
from app.startup import open_database
from database.engine import sqlite_url
from tests.ui.test_gui_thread import settle
from ui.jobs import wait_for_background_work

SCREEN = QSize(1280, 680)  # 1280×720 less the taskbar
NARROW = 1024  # no page may make the window wider than this


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory, ui_template):
    """The demo database, built once for the whole file (the tests only read it)."""
    path = tmp_path_factory.mktemp("screen_fit") / "demo.sqlite3"
    shutil.copyfile(ui_template, path)
    db = open_database(sqlite_url(path), backup_dir=path.parent / "b")
    build_demo(db, small=True, seed=9, staff=300)
    add_a_batch(ServiceContext(db, actor="thu-ky"))
    db.dispose()
    return path


def add_a_batch(ctx) -> None:
    """The demo has no proposals: a unit's file of a few, for the dialogs that work on one."""
    from app.errors import UserError
    from app.services.nominations import BatchData, add_nomination, create_batch
    from app.services.staff import load_directory

    year = dt.date.today().year
    people = load_directory(ctx).records
    batch = create_batch(
        ctx,
        BatchData(year=year, title=f"Đề nghị khen thưởng năm {year}", received_on=dt.date(year, 12, 1)),
    )
    added = 0
    for person in people[:20]:
        try:
            add_nomination(ctx, batch, "LDTT", person_id=person.id)
        except UserError:  # held already, and so on: the next one
            continue
        added += 1
    assert added >= 3


@pytest.fixture
def small_screen(monkeypatch):
    """The screen's free area is what a 1280×720 laptop leaves above its taskbar."""
    import ui.widgets.screen_fit as screen_fit

    monkeypatch.setattr(
        screen_fit, "available_room", lambda _widget: QRect(0, 0, SCREEN.width(), SCREEN.height())
    )


@pytest.fixture
def window(qtbot, qt_app, demo_file, tmp_path, small_screen):
    from ui.main_window import MainWindow
    from ui.workspace import Workspace

    path = tmp_path / "demo.sqlite3"
    shutil.copyfile(demo_file, path)
    db = open_database(sqlite_url(path), backup_dir=tmp_path / "b")
    ctx = ServiceContext(db, actor="thu-ky")
    made = MainWindow(Workspace(ctx, get_agency(ctx)))
    qtbot.addWidget(made)
    made.resize(1280, 680)
    made.show()
    yield made
    made.close()
    # The window, its pages and their readers gone before the database closes and before the next test
    # runs the event loop: nothing of this window may wake up over the next one's.
    wait_for_background_work()
    made.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    wait_for_background_work()
    db.dispose()


def least(widget: QWidget) -> QSize:
    return widget.minimumSizeHint().expandedTo(widget.minimumSize())


def every_tab(qtbot, page: QWidget):
    """Show each tab of the page in turn (tabs inside tabs too), yielding the tab's name."""
    for tabs in page.findChildren(QTabWidget):
        for index in range(tabs.count()):
            tabs.setCurrentIndex(index)
            settle(qtbot)
            yield tabs.tabText(index).replace("&", "")


def behind_the_extension(page: QWidget) -> list[str]:
    """The actions of the page's shown toolbars that only the » button reaches: the toolbar is too narrow."""
    hidden = []
    for toolbar in page.findChildren(QToolBar):
        if not toolbar.isVisible():
            continue
        for action in toolbar.actions():
            if action.isSeparator() or not action.isVisible():
                continue
            button = toolbar.widgetForAction(action)
            if button is None or not button.isVisible():
                hidden.append(action.text())
        extension = toolbar.findChild(QWidget, "qt_toolbar_ext_button")
        if extension is not None and extension.isVisible() and not hidden:
            hidden.append("»")
    return hidden


def test_every_page_fits_1280_with_its_toolbar_whole_and_none_widens_the_window_past_1024(qtbot, window):
    from ui.main_window import SECTIONS
    from ui.pages.base import PageTitle

    too_wide = []
    cut = []
    for row, section in enumerate(SECTIONS):
        window.show_section(row)
        settle(qtbot)
        page = window.current_page()
        title = page.findChild(PageTitle)
        if title is not None:  # on one line at 1280 pixels
            assert title.width() >= title.sizeHint().width(), section.title
        for where in ["", *every_tab(qtbot, page)]:
            size = least(window)
            name = f"{section.title} {where}".strip()
            if size.width() > NARROW or size.height() > SCREEN.height():
                too_wide.append(f"{name}: {size.width()}×{size.height()}")
            if hidden := behind_the_extension(page):  # every action on the toolbar, none behind »
                cut.append(f"{name}: {', '.join(hidden)}")
    assert too_wide == []
    assert cut == []
    # What the last page needed goes with it: the window only asks for what the page shown needs.
    window.show_section(0)
    settle(qtbot)
    assert least(window).width() <= NARROW


def test_the_window_can_be_made_1024_wide_on_every_page(qtbot, window):
    from ui.main_window import SECTIONS

    window.resize(1024, 600)
    for row in range(len(SECTIONS)):
        window.show_section(row)
        settle(qtbot)
        assert window.width() <= NARROW, SECTIONS[row].title
        page = window.current_page()
        assert page.width() > 0 and page.height() > 0


# Dialogs: one factory per dialog class, given what the page that opens it would give.


def _year(ctx) -> int:
    from app.services.nominations import list_batches

    return max(b.year for b in list_batches(ctx))


def _units(ctx):
    from app.services.records import unit_choices

    return unit_choices(ctx)


def _tree_and_node(ctx):
    from app.services.units import unit_tree

    tree = unit_tree(ctx)
    return tree, next(n for n in tree.nodes if n.parent_id is not None)


def _campaign(ctx):
    from app.services.campaigns import campaign_detail, list_campaigns

    return campaign_detail(ctx, list_campaigns(ctx)[0].id)


def _cluster(ctx):
    from app.services.clusters import cluster_detail, list_clusters

    this_year = dt.date.today().year
    found = next(c for year in range(this_year, this_year - 6, -1) for c in list_clusters(ctx, year))
    return cluster_detail(ctx, found.id)


def _batch(ctx):
    from app.services.nominations import list_batches, load_batch

    batch = max(list_batches(ctx), key=lambda b: b.items)
    return load_batch(ctx, batch.id)


def _registration(ctx):
    from app.services.registrations import registration_detail, registration_years, year_registrations

    for year in sorted(registration_years(ctx), reverse=True):
        for line in year_registrations(ctx, year):
            if line.registration_id is not None:
                return registration_detail(ctx, line.registration_id)
    raise AssertionError("the demo has no registration")


def _document(ctx):
    from app.services.documents import list_documents

    return list_documents(ctx)[0]


def _decision(ctx):
    from app.services.awards import list_decisions

    return list_decisions(ctx)[0]


def _person(ctx) -> int:
    from app.services.staff import load_directory

    return load_directory(ctx).records[0].id


def _upkeep(ctx):
    from app.services.persons import person_upkeep

    return person_upkeep(ctx, _person(ctx))


def _account():
    """An account as the Tài khoản tab lists it (the demo has none: the dialogs only show it)."""
    from app.services.accounts import AccountRow
    from app.services.audit import utc_now
    from database.enums import Role

    roles = frozenset({Role.CLERK, Role.REGISTRAR})
    return AccountRow(2, "nguyenthuha", "Nguyễn Thu Hà", roles, True, True, None, None, utc_now())


def _incoming():
    """A received document with a long subject and a scan kept, as the incoming register lists it."""
    from app.services.incoming import IncomingEntry

    year = dt.date.today().year
    return IncomingEntry(
        1,
        year,
        12,
        dt.date(year, 4, 2),
        "Hội đồng Thi đua – Khen thưởng tỉnh Thanh Hóa",
        "04/CT-HĐTĐKT",
        dt.date(year, 3, 29),
        "Chỉ thị",
        "Tăng cường thực hiện công tác thi đua, khen thưởng trong ngành y tế giai đoạn 2021-2025 " * 2,
        "Văn phòng Sở xử lý",
        "chi-thi-04-ban-quet-co-dong-dau.pdf",
    )


def dialog_factories() -> dict[str, Callable]:
    """name → factory(workspace, parent) building the dialog (not shown yet)."""

    def agency(ws, parent):
        from ui.dialogs.agency_dialog import AgencyDialog

        return AgencyDialog(ws, ws.agency, parent)

    def campaign(ws, parent):
        from ui.dialogs.campaign_forms import CampaignDialog

        return CampaignDialog(ws, _campaign(ws.ctx), parent)

    def campaign_texts(ws, parent):
        from ui.dialogs.campaign_forms import CampaignDialog

        dialog = CampaignDialog(ws, _campaign(ws.ctx), parent)
        dialog.tabs.setCurrentIndex(1)  # the sections of the plan
        return dialog

    def sub_items(ws, parent):
        from ui.dialogs.campaign_forms import ContentItemsDialog

        detail = _campaign(ws.ctx)
        return ContentItemsDialog(ws, detail, parent, under=detail.items[0] if detail.items else None)

    def review(ws, parent):
        from ui.dialogs.campaign_forms import ReviewDialog

        return ReviewDialog(ws, _campaign(ws.ctx), parent=parent)

    def phase(ws, parent):
        from ui.dialogs.campaign_forms import PhaseDialog

        return PhaseDialog(ws, _campaign(ws.ctx), parent=parent)

    def content(ws, parent):
        from ui.dialogs.campaign_forms import ContentItemsDialog

        return ContentItemsDialog(ws, _campaign(ws.ctx), parent)

    def content_item(ws, parent):
        from app.domain.campaigns import ContentItemInfo
        from ui.dialogs.campaign_forms import ContentItemDialog

        long_text = "Đẩy mạnh ứng dụng công nghệ thông tin, chuyển đổi số trong khám bệnh, chữa bệnh " * 4
        return ContentItemDialog(ws, _campaign(ws.ctx), ContentItemInfo(1, "2.10.", long_text), parent)

    def target(ws, parent):
        from ui.dialogs.target_forms import TargetDialog

        return TargetDialog(ws, _campaign(ws.ctx), parent=parent)

    def result(ws, parent):
        from ui.dialogs.target_forms import ResultDialog

        return ResultDialog(ws, _campaign(ws.ctx), _units(ws.ctx), parent=parent)

    def unit_value(ws, parent):
        from ui.dialogs.target_forms import UnitValueDialog

        return UnitValueDialog(ws, _campaign(ws.ctx), _units(ws.ctx), parent=parent)

    def launch(ws, parent):
        from ui.dialogs.campaign_launch import LaunchDialog

        return LaunchDialog(ws, _campaign(ws.ctx), parent)

    def local_award(ws, parent):
        from ui.dialogs.catalogue_forms import LocalAwardTypeDialog

        return LocalAwardTypeDialog(ws, parent)

    def salary(ws, parent):
        from ui.dialogs.catalogue_forms import BaseSalaryDialog

        return BaseSalaryDialog(ws, parent)

    def law_update(ws, parent):
        from ui.dialogs.catalogue_update import CatalogueUpdateDialog

        return CatalogueUpdateDialog(ws, parent)

    def province_rule(ws, parent):
        from app.services.legal_bases import province_rules
        from ui.dialogs.catalogue_forms import ProvinceRuleDialog

        return ProvinceRuleDialog(ws, province_rules(ws.ctx), parent=parent)

    def layout_editor(ws, parent):
        from ui.dialogs.certificate_layout import LayoutEditorDialog

        return LayoutEditorDialog(ws, parent=parent)

    def certificate_print(ws, parent):
        from ui.dialogs.certificate_print import CertificatePrintDialog

        return CertificatePrintDialog(ws, _decision(ws.ctx), parent)

    def cluster(ws, parent):
        from ui.dialogs.cluster_form import ClusterFormDialog

        return ClusterFormDialog(ws, _year(ws.ctx), _units(ws.ctx), _cluster(ws.ctx), parent)

    def proposal(ws, parent):
        from ui.dialogs.cluster_proposal import ProposalDialog

        return ProposalDialog(ws, _cluster(ws.ctx), parent)

    def cluster_copy(ws, parent):
        from app.services.clusters import proposed_roles
        from ui.dialogs.cluster_copy import CopyClustersDialog

        year = _cluster(ws.ctx).year
        return CopyClustersDialog(ws, year, proposed_roles(ws.ctx, year), parent)

    def outside_list(ws, parent):
        from app.services.outside_organisations import OutsideOrganisationData
        from ui.dialogs.outside_organisations import OutsideOrganisationsDialog

        found = [
            OutsideOrganisationData(
                "Sở Lao động – Thương binh và Xã hội",
                None,
                "Bạch Liên Hương",
                "Giám đốc",
                "Nguyễn Văn Chiến",
                "Phó Giám đốc",
                id=n,
            )
            for n in range(1, 9)
        ]
        return OutsideOrganisationsDialog(ws, found, parent)

    def outside_form(ws, parent):
        from app.services.outside_organisations import OutsideOrganisationData
        from ui.dialogs.outside_organisations import OutsideOrganisationForm

        data = OutsideOrganisationData(
            "Sở Giáo dục và Đào tạo", "Sở GD&ĐT", "Trần Thế Cương", "Giám đốc", id=1
        )
        return OutsideOrganisationForm(ws, data, parent)

    def meeting(ws, parent):
        from ui.dialogs.council_meeting import MeetingDialog

        view = _batch(ws.ctx)
        return MeetingDialog(ws, view.batch.year, view.batch.id, view.batch.title, parent)

    def members(ws, parent):
        from ui.dialogs.council_members import CouncilMembersDialog

        return CouncilMembersDialog(ws, parent)

    def forward(ws, parent):
        from ui.dialogs.decision_forward import ForwardDialog

        return ForwardDialog(ws, _year(ws.ctx), parent)

    def higher(ws, parent):
        from ui.dialogs.decision_higher import HigherDecisionDialog

        return HigherDecisionDialog(ws, _year(ws.ctx), parent)

    def issue(ws, parent):
        from ui.dialogs.decision_issue import IssueDecisionDialog

        return IssueDecisionDialog(ws, _year(ws.ctx), parent)

    def register(ws, parent):
        from ui.dialogs.document_actions import RegisterDialog

        return RegisterDialog(ws, _document(ws.ctx), parent)

    def void(ws, parent):
        from ui.dialogs.document_actions import VoidDialog

        return VoidDialog(ws, _document(ws.ctx), parent)

    def correct(ws, parent):
        from ui.dialogs.document_actions import CorrectDialog

        return CorrectDialog(ws, _document(ws.ctx), parent)

    def document(ws, parent):
        from app.services.documents import load_document
        from ui.dialogs.document_draft import DocumentDialog

        return DocumentDialog(ws, load_document(ws.ctx, _document(ws.ctx).id), parent)

    def next_number(ws, parent):
        from ui.dialogs.register_entries import NextNumberDialog

        return NextNumberDialog(ws, ["CHUNG", "HĐTĐKT"], dt.date.today().year, parent)

    def external_document(ws, parent):
        from ui.dialogs.register_entries import ExternalDocumentDialog

        return ExternalDocumentDialog(ws, parent)

    def incoming(ws, parent):
        from ui.dialogs.incoming_forms import IncomingDialog

        return IncomingDialog(ws, _incoming(), parent)

    def incoming_link(ws, parent):
        from app.services.incoming import link_targets
        from ui.dialogs.incoming_forms import LinkDialog

        return LinkDialog(ws, _incoming(), link_targets(ws.ctx), parent)

    def incoming_unlink(ws, parent):
        from app.services.incoming import IncomingLinkEntry, link_targets
        from ui.dialogs.incoming_forms import UnlinkDialog

        links = [IncomingLinkEntry(n, target) for n, target in enumerate(link_targets(ws.ctx)[:3], 1)]
        return UnlinkDialog(ws, _incoming(), links, parent)

    def incoming_picker(ws, parent):
        from app.services.incoming import link_targets
        from ui.dialogs.incoming_forms import IncomingPickerDialog

        return IncomingPickerDialog(ws, link_targets(ws.ctx)[0], dt.date.today().year, parent=parent)

    def eligibility(ws, parent):
        from ui.dialogs.eligibility_dialog import EligibilityDialog

        return EligibilityDialog(ws, _year(ws.ctx), parent=parent)

    def help_viewer(ws, parent):
        from ui.dialogs.help_viewer import HelpViewer

        viewer = HelpViewer(parent)
        viewer.show_guide("quan-tri")  # the widest tables
        return viewer

    def history(ws, parent):
        from ui.dialogs.history_import import HistoryImportDialog

        return HistoryImportDialog(ws, parent)

    def unit_import(ws, parent):
        from ui.dialogs.unit_import import UnitImportDialog

        return UnitImportDialog(ws, parent)

    def import_wizard(ws, parent):
        from ui.dialogs.import_wizard import ImportWizard

        return ImportWizard(ws, parent)

    def initiative(ws, parent):
        from app.services.initiatives import initiative_detail, load_initiatives
        from ui.dialogs.initiative_form import InitiativeDialog

        detail = initiative_detail(ws.ctx, load_initiatives(ws.ctx).rows[0].id)
        return InitiativeDialog(ws, _units(ws.ctx), detail, parent=parent)

    def batch(ws, parent):
        from ui.dialogs.nomination_batch import BatchDialog

        return BatchDialog(ws, _year(ws.ctx), _units(ws.ctx), parent=parent)

    def receive(ws, parent):
        from ui.dialogs.nomination_batch import ReceiveDialog

        return ReceiveDialog(ws, _batch(ws.ctx).batch, parent)

    def item(ws, parent):
        from app.services.catalogue import list_award_types
        from ui.dialogs.nomination_item import ItemDialog

        return ItemDialog(ws, _batch(ws.ctx).batch, list_award_types(ws.ctx), _units(ws.ctx), parent=parent)

    def attach(ws, parent):
        from ui.dialogs.nomination_papers import AttachDialog

        view = _batch(ws.ctx)
        return AttachDialog(ws, view.batch, view.items, view.items[0].id, parent)

    def reason(ws, parent):
        from database.enums import NominationStatus
        from ui.dialogs.nomination_status import ReasonDialog

        return ReasonDialog(ws, _batch(ws.ctx).items[:3], NominationStatus.RETURNED, parent)

    def package_export(ws, parent):
        from ui.dialogs.package_export import PackageExportDialog

        return PackageExportDialog(ws, parent)

    def database_merge(ws, parent):
        from ui.dialogs.database_merge import DatabaseMergeDialog

        return DatabaseMergeDialog(ws, parent)

    def package_import(ws, parent):
        from ui.dialogs.package_import import PackageImportDialog

        return PackageImportDialog(ws, parent)

    def person_add(ws, parent):
        from ui.dialogs.person_edit import PersonDialog

        return PersonDialog(ws, _units(ws.ctx), parent=parent)

    def person_edit(ws, parent):
        from ui.dialogs.person_edit import PersonDialog

        return PersonDialog(ws, _units(ws.ctx), _upkeep(ws.ctx), parent=parent)

    def transfer(ws, parent):
        from ui.dialogs.person_moves import TransferDialog

        return TransferDialog(ws, _upkeep(ws.ctx), _units(ws.ctx), parent)

    def leave(ws, parent):
        from ui.dialogs.person_moves import LeaveDialog

        return LeaveDialog(ws, _upkeep(ws.ctx), parent)

    def discipline(ws, parent):
        from ui.dialogs.person_discipline import DisciplineDialog

        return DisciplineDialog(ws, _upkeep(ws.ctx), parent)

    def person_rating(ws, parent):
        from ui.dialogs.person_history import RatingDialog

        return RatingDialog(ws, _upkeep(ws.ctx), parent=parent)

    def hand_award(ws, parent):
        from ui.dialogs.person_history import HandAwardDialog

        return HandAwardDialog(ws, _upkeep(ws.ctx), parent)

    def person(ws, parent):
        from ui.dialogs.person_record import PersonRecordDialog

        return PersonRecordDialog(ws, _person(ws.ctx), parent)

    def ratings(ws, parent):
        from ui.dialogs.ratings_dialog import RatingsDialog

        return RatingsDialog(ws, _tree_and_node(ws.ctx)[1].id, _year(ws.ctx), parent)

    def registration(ws, parent):
        from app.services.campaigns import list_campaigns
        from app.services.registrations import title_choices
        from ui.dialogs.registration_entry import RegistrationEntryDialog

        detail = _registration(ws.ctx)
        unit = next(u for u in _units(ws.ctx) if u.id == detail.unit_id)
        campaigns = list_campaigns(ws.ctx)
        return RegistrationEntryDialog(
            ws, detail.year, unit, title_choices(ws.ctx), detail, parent, campaigns
        )

    def registration_import(ws, parent):
        from ui.dialogs.registration_import import RegistrationImportWizard

        return RegistrationImportWizard(ws, parent, year=_year(ws.ctx))

    def nomination_import(ws, parent):
        from tests.nomination_list import SAMPLE
        from ui.dialogs.nomination_import import NominationImportWizard

        return NominationImportWizard(ws, parent, SAMPLE, year=_year(ws.ctx))

    def work_outcome(ws, parent):
        from app.services.registrations import RegisteredWork
        from database.enums import RegistrationKind
        from ui.dialogs.work_outcome import WorkOutcomeDialog

        detail = _registration(ws.ctx)
        work = RegisteredWork(
            0,
            RegistrationKind.SOLUTION,
            "Giải pháp: Đặt lịch khám trực tuyến qua tổng đài và ứng dụng, giảm thời gian chờ khám của người bệnh",
            None,
            None,
        )
        return WorkOutcomeDialog(ws, detail, work, parent)

    def registration_status(ws, parent):
        from ui.dialogs.registration_status import RegistrationStatusDialog

        return RegistrationStatusDialog(ws, _registration(ws.ctx), parent)

    def dissolve(ws, parent):
        from ui.dialogs.unit_dissolve import DissolveDialog

        tree, node = _tree_and_node(ws.ctx)
        return DissolveDialog(ws, tree, node, _units(ws.ctx), parent)

    def unit_edit(ws, parent):
        from ui.dialogs.unit_edit import UnitEditDialog

        return UnitEditDialog(ws, _units(ws.ctx), _tree_and_node(ws.ctx)[1], parent=parent)

    def rename(ws, parent):
        from ui.dialogs.unit_edit import RenameDialog

        return RenameDialog(ws, _tree_and_node(ws.ctx)[1], parent)

    def merge(ws, parent):
        from ui.dialogs.unit_merge import MergeDialog

        tree, _node = _tree_and_node(ws.ctx)
        return MergeDialog(ws, tree, _units(ws.ctx), parent=parent)

    def unit_record(ws, parent):
        from ui.dialogs.unit_record import UnitRecordDialog

        return UnitRecordDialog(ws, _tree_and_node(ws.ctx)[1].id, parent)

    def split(ws, parent):
        from ui.dialogs.unit_split import SplitDialog

        tree, node = _tree_and_node(ws.ctx)
        return SplitDialog(ws, tree, node, parent)

    def account_add(ws, parent):
        from app.services.accounts import read_policy
        from ui.dialogs.account_form import AccountDialog

        return AccountDialog(ws, read_policy(ws.ctx), None, parent)

    def account_edit(ws, parent):
        from app.services.accounts import read_policy
        from ui.dialogs.account_form import AccountDialog

        return AccountDialog(ws, read_policy(ws.ctx), _account(), parent)

    def password_reset(ws, parent):
        from app.services.accounts import read_policy
        from ui.dialogs.account_form import ResetPasswordDialog

        return ResetPasswordDialog(ws, read_policy(ws.ctx), _account(), parent)

    def record_history(ws, parent):
        from ui.dialogs.record_history import RecordHistoryDialog

        return RecordHistoryDialog(ws, "person", _person(ws.ctx), "Nguyễn Thị Phương Thảo", parent)

    def restore(ws, parent):
        from app.services.backups import create_backup
        from ui.dialogs.restore_dialog import RestoreDialog

        create_backup(ws.db)
        reason = "Tệp dữ liệu bị hỏng (kiểm tra toàn vẹn không đạt): chương trình chỉ cho xem, không cho ghi."
        return RestoreDialog(ws, parent, reason)

    def first_admin(ws, parent):
        from ui.dialogs.sign_in import FirstAdminDialog

        return FirstAdminDialog(ServiceContext(ws.db), ws.agency, parent=parent)

    def first_run(ws, parent):
        from ui.dialogs.first_run import FirstRunWizard

        return FirstRunWizard(ws.db, parent=parent)

    def data_place(ws, parent):
        from ui.dialogs.data_place_dialog import DataPlaceDialog

        return DataPlaceDialog(ws, parent)

    def sign_in(ws, parent):
        from ui.dialogs.sign_in import SignInDialog

        return SignInDialog(ws.db, ws.agency, parent)

    def change_password(ws, parent):
        from app.domain.permissions import Principal
        from ui.dialogs.sign_in import ChangePasswordDialog

        who = Principal("vanthu", full_name="Trần Thị Hoa", account_id=2)
        reason = "Mật khẩu này do người quản trị đặt: hãy đổi mật khẩu của riêng mình trước khi làm việc."
        return ChangePasswordDialog(ws, who, reason, parent=parent)

    def idle_lock(ws, parent):
        from app.domain.permissions import Principal
        from ui.idle_lock import LockDialog

        return LockDialog(ws.db, Principal("quantri", full_name="Nguyễn Văn An", account_id=1), 15, parent)

    return {name: made for name, made in locals().items() if callable(made)}


FACTORIES = dialog_factories()
SMALLEST_WIDTH = 1024  # the smallest screen still in use


def buttons_of(dialog: QDialog) -> list[QAbstractButton]:
    """The buttons that save or close: those of the last row of the dialog's layout (a button box or a row);
    a wizard's own row of buttons."""
    if isinstance(dialog, QWizard):
        buttons = (dialog.button(which) for which in QWizard.WizardButton)
        return [b for b in buttons if b is not None and b.isVisible()]
    outer = dialog.layout()
    last = outer.itemAt(outer.count() - 1)
    if last.widget() is not None:
        row = last.widget()
        found = row.buttons() if isinstance(row, QDialogButtonBox) else row.findChildren(QPushButton)
        found = [b for b in found if not any(s.isAncestorOf(b) for s in row.findChildren(QScrollArea))]
    else:
        found = []
        pending = [last.layout()]
        while pending:
            layout = pending.pop()
            for index in range(layout.count()):
                item = layout.itemAt(index)
                if isinstance(item.widget(), QAbstractButton):
                    found.append(item.widget())
                elif isinstance(item.widget(), QDialogButtonBox):
                    found.extend(item.widget().buttons())
                elif item.layout() is not None:
                    pending.append(item.layout())
    return [b for b in found if b.isVisible()]


def focus_chain(window: QWidget) -> list[QWidget]:
    """The window's widgets in the order Tab walks them, from the window itself."""
    chain: list[QWidget] = []
    widget = window.nextInFocusChain()
    while widget is not None and widget is not window and len(chain) < 10_000:
        if widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
            chain.append(widget)
        widget = widget.nextInFocusChain()
    return chain


def on_dialog(dialog: QDialog, widget: QWidget) -> bool:
    """The widget is shown whole inside the dialog's own rectangle."""
    top_left = widget.mapTo(dialog, widget.rect().topLeft())
    return dialog.rect().contains(QRect(top_left, widget.size()))


@pytest.mark.parametrize("name", sorted(FACTORIES))
def test_every_dialog_fits_1280x680(qtbot, window, name):
    dialog = FACTORIES[name](window.workspace, window)
    qtbot.addWidget(dialog)
    dialog.show()
    settle(qtbot)
    check_fits(qtbot, dialog)
    dialog.reject()


def check_fits(qtbot, dialog: QDialog) -> None:
    size = least(dialog)
    assert size.width() <= SCREEN.width() - 40 and size.height() <= SCREEN.height() - 60, (
        f"{dialog.windowTitle()}: {size.width()}×{size.height()}"
    )
    # Workable on a 1024×600 netbook too: never wider than its screen, frame included.
    assert size.width() <= SMALLEST_WIDTH - 24, f"{dialog.windowTitle()}: {size.width()} px wide"
    # It opens within the screen's free area (less its title bar)...
    assert dialog.width() <= SCREEN.width() - 40 and dialog.height() <= SCREEN.height() - 60, (
        f"{dialog.windowTitle()} opens at {dialog.width()}×{dialog.height()}"
    )
    # ... and made as small as its minimum allows, its buttons stay on it.
    dialog.resize(max(size.width(), 600), size.height())
    settle(qtbot)
    for button in buttons_of(dialog):
        assert on_dialog(dialog, button), f"{dialog.windowTitle()}: “{button.text()}” is off the dialog"


def test_every_step_of_the_first_run_wizard_fits_1280x680(qtbot, window):
    from ui.dialogs.first_run import FirstRunWizard

    wizard = FirstRunWizard(window.workspace.db, parent=window)
    qtbot.addWidget(wizard)
    for step in wizard.pageIds():
        wizard.setStartId(step)
        wizard.restart()
        wizard.show()
        settle(qtbot)
        assert wizard.currentId() == step
        check_fits(qtbot, wizard)
    wizard.reject()


def test_the_dialogs_opened_from_other_dialogs_fit_1280x680(qtbot, window):
    """ "Đề nghị các người đã chọn…" from the eligibility list, and the override asked when a holder is
    nominated again."""
    from app.services.nominations import AlreadyAwarded, ItemData
    from ui.dialogs.eligibility_dialog import EligibilityDialog
    from ui.dialogs.nomination_item import OverrideDialog

    host = EligibilityDialog(window.workspace, dt.date.today().year - 1, parent=window)
    qtbot.addWidget(host)
    host.show()
    qtbot.waitUntil(lambda: host.panel.model.rowCount() > 0, timeout=20_000)
    settle(qtbot)
    host.panel.model.tick(range(host.panel.model.rowCount()))
    propose = host.panel.propose()
    assert propose is not None
    settle(qtbot)
    check_fits(qtbot, propose)
    propose.reject()
    host.reject()

    view = _batch(window.workspace.ctx)
    refused = AlreadyAwarded("Đã được khen LĐTT năm nay.", "Đã được khen LĐTT (QĐ 12/QĐ-SYT ngày 15/12/2025)")
    item = view.items[0]
    override = OverrideDialog(
        window.workspace, refused, view.batch.id, ItemData("LDTT", person_id=item.person_id), window
    )
    qtbot.addWidget(override)
    override.show()
    settle(qtbot)
    check_fits(qtbot, override)
    override.reject()


def test_the_pdf_preview_fits_1280x680(qtbot, window, tmp_path):
    """The preview every printed document opens in (ui/widgets/pdf_preview.py)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    from ui.widgets.pdf_preview import PdfPreview

    path = tmp_path / "van-ban.pdf"
    canvas = Canvas(str(path), pagesize=A4)
    for page in (1, 2):
        canvas.drawString(72, 760, f"Trang {page}")
        canvas.showPage()
    canvas.save()
    preview = PdfPreview(path, "Văn bản thử", window)
    qtbot.addWidget(preview)
    preview.show()
    settle(qtbot)
    assert preview.pages.text() == "2 trang"
    check_fits(qtbot, preview)
    preview.close()


BASES = {
    "DecisionFormDialog",
    "EntryStepDialog",
    "FileCheckDialog",
    "UnitEventForm",
    "UnitForm",
    "_AccountDialog",
    "_TargetAndUnit",
}  # built through kin
FROM_DIALOGS = {"ProposeDialog", "OverrideDialog"}  # the test above


def test_every_dialog_class_is_measured():
    """A new dialog in ui/dialogs gets a factory here (or the test above), or this fails."""
    import importlib
    import inspect
    import pkgutil
    import re

    import ui.dialogs

    built = set(BASES | FROM_DIALOGS)
    for factory in FACTORIES.values():
        built |= set(re.findall(r"from ui\.dialogs\.\w+ import (\w+)", inspect.getsource(factory)))
    classes = set()
    for found in pkgutil.iter_modules(ui.dialogs.__path__):
        module = importlib.import_module(f"ui.dialogs.{found.name}")
        for name, value in vars(module).items():
            if inspect.isclass(value) and issubclass(value, QDialog) and value.__module__ == module.__name__:
                classes.add(name)
    assert classes - built == set()


TALL = [  # the dialogs seen under the taskbar, and those whose body is as tall as a short screen
    "initiative",
    "meeting",
    "issue",
    "forward",
    "higher",
    "layout_editor",
    "merge",
    "split",
    "launch",
    "certificate_print",
    "local_award",
    "document",
    "cluster",
    "item",
    "campaign",
    "unit_edit",
    "agency",
]


@pytest.mark.parametrize("name", TALL)
def test_a_tall_dialog_scrolls_its_body_and_keeps_its_buttons(qtbot, window, name):
    """The body scrolls, the buttons are outside it: on the shortest screen the buttons stay in view."""
    dialog = FACTORIES[name](window.workspace, window)
    qtbot.addWidget(dialog)
    dialog.show()
    settle(qtbot)
    dialog.resize(dialog.width(), least(dialog).height())  # as short as it goes
    settle(qtbot)
    scrolls = [s for s in dialog.findChildren(QScrollArea) if s.isVisible()]
    assert scrolls, f"{dialog.windowTitle()} has no scrolling body"
    buttons = buttons_of(dialog)
    assert buttons
    for button in buttons:
        assert not any(s.isAncestorOf(button) for s in scrolls)
        assert on_dialog(dialog, button)
    # Tab still starts on the fields, then comes to the buttons.
    chain = focus_chain(dialog)
    fields = [n for n, w in enumerate(chain) if any(s.isAncestorOf(w) for s in scrolls)]
    assert fields and min(fields) < min(chain.index(b) for b in buttons if b in chain)
    dialog.reject()


def test_ai_du_dieu_kien_is_on_the_de_nghi_toolbar_at_1280(qtbot, window):
    """The eligibility action is not pushed into the toolbar's "››" overflow on a 1280-pixel window."""
    from ui.main_window import SECTIONS

    window.resize(1280, 680)
    row = next(n for n, s in enumerate(SECTIONS) if s.icon == "nominations")
    window.show_section(row)
    settle(qtbot)
    page = window.current_page()
    button = page.toolbar.widgetForAction(page.eligibility_action)
    assert button is not None and button.isVisible()
    assert page.toolbar.rect().contains(button.geometry())
