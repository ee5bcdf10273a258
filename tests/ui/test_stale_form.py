"""A person form open while another clerk saves the same record: Save is refused with who and when,
"Hủy" keeps what the clerk typed, "Tải lại" shows the record as it now is, and a save after that goes in."""

from __future__ import annotations

import dataclasses

import pytest
from PySide6.QtCore import Qt

from app.services.agency import save_agency
from app.services.context import ServiceContext
from app.services.persons import person_upkeep, update_person
from tests.db.test_records import build_career
from tests.ui.boxes import Answers
from tests.ui.conftest import sample_agency
from tests.ui.keyboard import type_text
from ui.jobs import wait_for_background_work


@pytest.fixture
def person_form(qtbot, qt_app, ui_ctx):
    from ui.dialogs.person_edit import PersonDialog
    from ui.workspace import Workspace

    person_id = build_career(ui_ctx)["colleague"]
    workspace = Workspace(ui_ctx, save_agency(ui_ctx, sample_agency()))
    dialog = PersonDialog(workspace, upkeep=person_upkeep(ui_ctx, person_id))
    workspace.setParent(dialog)
    qtbot.addWidget(dialog)
    dialog.show()
    yield dialog, person_id
    wait_for_background_work()


def test_a_form_saved_over_a_newer_change_offers_to_reload(qtbot, monkeypatch, person_form, ui_db):
    dialog, person_id = person_form
    loaded = dialog.upkeep
    other = ServiceContext(ui_db, actor="lan")  # another clerk, another window
    update_person(other, person_id, dataclasses.replace(loaded.data, phone="0912 345 678"), loaded.version)

    type_text(qtbot, dialog.note_edit, "Ghi chú của thu-ky")
    answers = Answers(monkeypatch, yes=False)  # "Hủy"
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(answers.asked))
    (asked,) = answers.asked
    assert asked.text.startswith("Bản ghi đã được lan sửa lúc ") and asked.text.endswith("; tải lại?")
    assert asked.buttons == ("Tải lại", "Hủy") and "sẽ mất" in asked.details
    assert dialog.isVisible() and dialog.note_edit.text() == "Ghi chú của thu-ky"  # kept, not saved
    assert dialog.error.text() == asked.text
    now = person_upkeep(other, person_id)
    assert now.data.phone == "0912 345 678" and now.data.note == loaded.data.note  # nothing of the form's

    answers.yes = True  # "Tải lại"
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.phone_edit.text() == "0912 345 678")
    assert len(answers.asked) == 2 and dialog.isVisible()
    assert dialog.note_edit.text() == (loaded.data.note or "")  # the clerk's typing gone, as the box said
    assert dialog.upkeep.version == now.version and not dialog.has_changes()

    type_text(qtbot, dialog.note_edit, " (đã xem lại)")
    with qtbot.waitSignal(dialog.finished):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    saved = person_upkeep(other, person_id)
    assert saved.data.phone == "0912 345 678" and saved.data.note.endswith("(đã xem lại)")
    assert saved.version == now.version + 1


def test_the_unit_form_reloads_the_same_way(qtbot, monkeypatch, qt_app, ui_ctx, ui_db):
    """One mechanism for every form (ui.stale): the unit form too."""
    from app.services.records import unit_choices
    from app.services.units import unit_tree, update_unit
    from ui.dialogs.unit_edit import UnitEditDialog
    from ui.workspace import Workspace

    hospital = build_career(ui_ctx)["hospital"]
    workspace = Workspace(ui_ctx, save_agency(ui_ctx, sample_agency()))
    node = unit_tree(ui_ctx).by_id()[hospital]
    dialog = UnitEditDialog(workspace, unit_choices(ui_ctx), node)
    workspace.setParent(dialog)
    qtbot.addWidget(dialog)
    dialog.show()
    update_unit(ServiceContext(ui_db, actor="lan"), hospital, dataclasses.replace(node.data, phone="0237 1"))

    type_text(qtbot, dialog.email_edit, "bvdk@syt.gov.vn")
    answers = Answers(monkeypatch, yes=True)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.phone_edit.text() == "0237 1")
    assert answers.asked[0].text.startswith("Bản ghi đã được lan sửa lúc ")
    assert dialog.email_edit.text() == "" and dialog.node.version == node.version + 1
    with qtbot.waitSignal(dialog.finished):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    wait_for_background_work()


def test_the_draft_form_keeps_the_typing_on_cancel_and_reloads_on_request(
    qtbot, monkeypatch, qt_app, ui_ctx, ui_db
):
    from app.services.documents import DraftInput, load_document, save_draft
    from database.enums import DocumentKind
    from ui.dialogs.document_draft import DocumentDialog
    from ui.workspace import Workspace

    agency = save_agency(ui_ctx, sample_agency())
    workspace = Workspace(ui_ctx, agency)
    document_id = save_draft(
        ui_ctx,
        DraftInput(
            DocumentKind.OFFICIAL_LETTER,
            "hướng dẫn tổng kết",
            text="Bản đầu.",
            addressees=("Các đơn vị",),
            signer_id=agency.signers[0].id,
        ),
    )
    dialog = DocumentDialog(workspace, load_document(ui_ctx, document_id))
    workspace.setParent(dialog)
    qtbot.addWidget(dialog)
    dialog.show()
    theirs = load_document(ui_ctx, document_id)
    save_draft(
        ServiceContext(ui_db, actor="lan"),
        dataclasses.replace(theirs.draft, text="Bản của Lan."),
        document_id,
        theirs.version,
    )

    dialog.body_edit.setPlainText("Bản của thư ký.")
    answers = Answers(monkeypatch, yes=False)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(answers.asked) and dialog.ok_button.isEnabled())
    assert dialog.isVisible() and dialog.body_edit.toPlainText() == "Bản của thư ký."
    answers.yes = True
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.body_edit.toPlainText() == "Bản của Lan.")
    assert load_document(ui_ctx, document_id).draft.text == "Bản của Lan."
    wait_for_background_work()


def test_the_rating_and_discipline_forms_reload_the_same_way(qtbot, monkeypatch, qt_app, ui_ctx, ui_db):
    """A person's rating of a year and the lifting of a discipline: refused over another clerk's change,
    naming the year, then saved once reloaded."""
    import datetime as dt

    from app.services.persons import DisciplineData, add_discipline, set_person_rating, update_discipline
    from database.enums import DisciplineForm, RatingLevel
    from ui.dialogs.person_discipline import DisciplineDialog
    from ui.dialogs.person_history import RatingDialog
    from ui.workspace import Workspace

    career = build_career(ui_ctx)
    nurse, colleague = career["nurse"], career["colleague"]
    workspace = Workspace(ui_ctx, save_agency(ui_ctx, sample_agency()))
    other = ServiceContext(ui_db, actor="lan")

    dialog = RatingDialog(workspace, person_upkeep(ui_ctx, nurse), year=2020)
    workspace.setParent(dialog)
    qtbot.addWidget(dialog)
    dialog.show()
    set_person_rating(other, nurse, 2020, RatingLevel.DONE, expected_version=dialog.by_year[2020].version)
    dialog.level_combo.setCurrentIndex(dialog.level_combo.findData(RatingLevel.GOOD))
    answers = Answers(monkeypatch, yes=True)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.level_combo.currentData() is RatingLevel.DONE)  # Lan's, reloaded
    assert answers.asked[0].text.startswith("Xếp loại năm 2020 của Nguyễn Thị Ánh đã được lan sửa lúc ")
    dialog.level_combo.setCurrentIndex(dialog.level_combo.findData(RatingLevel.GOOD))
    with qtbot.waitSignal(dialog.finished):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert {r.year: r.level for r in person_upkeep(ui_ctx, nurse).ratings}[2020] is RatingLevel.GOOD

    data = DisciplineData(DisciplineForm.WARNING, dt.date(2024, 5, 1))
    did = add_discipline(ui_ctx, colleague, data)
    dialog = DisciplineDialog(workspace, person_upkeep(ui_ctx, colleague))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.what_combo.setCurrentIndex(dialog.what_combo.findData(did))
    update_discipline(other, did, dataclasses.replace(data, decision_ref="15/QĐ-BV"), 1)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(answers.asked) == 2 and dialog.versions[did] == 2)
    assert answers.asked[1].text.startswith("Bản ghi đã được lan sửa lúc ")
    assert dialog.what_combo.currentData() == did  # still on the discipline being lifted
    with qtbot.waitSignal(dialog.finished):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    (lifted,) = person_upkeep(ui_ctx, colleague).disciplines
    assert lifted.effective_to == dt.date.today() and lifted.decision_ref == "15/QĐ-BV"
    wait_for_background_work()
