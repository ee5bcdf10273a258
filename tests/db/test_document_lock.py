"""Issued documents are locked (issue 14, Deliver 5): the services refuse to change what was issued, and so does
the database when it is edited with raw SQL (SQLite triggers, a PostgreSQL trigger function); a correction is
a new document linked both ways; a leader's sign-off, where the office asks for one, comes before the number."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from app.domain.permissions import PermissionDenied, Principal
from app.errors import ValidationError
from app.services.context import ServiceContext
from app.services.decisions import issue_decision
from app.services.documents import (
    ISSUED_LOCKED,
    DraftInput,
    approval_required,
    approve_draft,
    attach_file,
    correct_document,
    delete_draft,
    document_model,
    list_documents,
    load_document,
    register_draft,
    require_approval,
    save_draft,
    void_document,
)
from database.enums import CorrectionKind, DocumentKind, DocumentStatus, Role
from database.models import Award, Decision, OutgoingDocument
from tests.db.test_decisions import desk  # noqa: F401  (a hospital, three people, four items "Đạt")
from tests.db.test_register import draft, office  # noqa: F401

DAY = dt.date(2025, 3, 2)
REFUSED = "không sửa được"
AWARD_REFUSED = "không sửa, không xóa được"


def issued_letter(ctx, signer_id) -> int:
    document_id = draft(ctx, signer_id)
    register_draft(ctx, document_id, DAY)
    return document_id


def raw(db, sql: str, **params) -> int:
    """A hand edit of the database, past the program (one transaction)."""
    with db.engine.begin() as conn:
        return conn.execute(text(sql), params).rowcount


def signed_in(db, name: str, *roles: Role) -> ServiceContext:
    return ServiceContext.signed_in(db, Principal(name, frozenset(roles), full_name=name))


def entry(ctx, document_id):
    return next(e for e in list_documents(ctx) if e.id == document_id)


# --- the services refuse -----------------------------------------------------------------------------------


def test_the_services_refuse_to_edit_an_issued_document(ctx, office):  # noqa: F811
    document_id = issued_letter(ctx, office)
    with pytest.raises(ValidationError) as refused:
        save_draft(
            ctx, DraftInput(DocumentKind.OFFICIAL_LETTER, "khác", text="x", addressees=("A",)), document_id
        )
    assert str(refused.value) == ISSUED_LOCKED
    with pytest.raises(ValidationError, match="không xóa được"):
        delete_draft(ctx, document_id)
    # any write of the program (a bug, another service) is refused before it reaches the database
    for change in (
        lambda d: setattr(d, "subject", "Sửa trích yếu"),
        lambda d: setattr(d, "issued_on", dt.date(2025, 3, 3)),
        lambda d: setattr(d, "signer_name", "Người khác"),
        lambda d: setattr(d, "content", {**d.content, "text": "Nội dung khác"}),
    ):
        with pytest.raises(ValidationError, match=REFUSED), ctx.write() as s:
            change(s.get(OutgoingDocument, document_id))
    with pytest.raises(ValidationError, match=REFUSED), ctx.write() as s:
        s.delete(s.get(OutgoingDocument, document_id))
    stored = load_document(ctx, document_id)
    assert stored.entry.subject == "hướng dẫn tổng kết thi đua" and stored.entry.issued_on == DAY


# --- the database refuses ----------------------------------------------------------------------------------


def test_raw_sql_cannot_change_an_issued_document(db, ctx, office, tmp_path):  # noqa: F811
    document_id = issued_letter(ctx, office)
    for sql in (
        "UPDATE outgoing_document SET subject = 'Sửa tay' WHERE id = :id",
        "UPDATE outgoing_document SET content = NULL WHERE id = :id",
        "UPDATE outgoing_document SET number = 7 WHERE id = :id",
        "UPDATE outgoing_document SET issued_on = '2025-03-09' WHERE id = :id",
        "UPDATE outgoing_document SET signer_name = 'Người khác' WHERE id = :id",
        "UPDATE outgoing_document SET recipients = NULL WHERE id = :id",
        "UPDATE outgoing_document SET status = 'DRAFT' WHERE id = :id",
        "UPDATE outgoing_document SET status = 'VOIDED' WHERE id = :id",  # voided without a reason
        "DELETE FROM outgoing_document WHERE id = :id",
    ):
        with pytest.raises(DBAPIError, match=REFUSED):
            raw(db, sql, id=document_id)
    # a draft is still the clerk's to edit, by hand too
    other = draft(ctx, office, subject="dự thảo")
    assert raw(db, "UPDATE outgoing_document SET subject = 'Sửa dự thảo' WHERE id = :id", id=other) == 1

    # the signed scan, once
    scan = tmp_path / "cv-da-ky.pdf"
    scan.write_bytes(b"%PDF-1.4 signed")
    assert attach_file(ctx, document_id, scan) == "cv-da-ky.pdf"
    with pytest.raises(ValidationError, match="không thay được"):
        attach_file(ctx, document_id, scan)
    with pytest.raises(DBAPIError, match=REFUSED):
        raw(
            db,
            "UPDATE outgoing_document SET file_content = NULL, file_name = NULL WHERE id = :id",
            id=document_id,
        )

    # voiding, with a reason, still works
    with pytest.raises(ValidationError, match="lý do"):
        void_document(ctx, document_id, "  ")
    void_document(ctx, document_id, "Ban hành nhầm")
    voided = entry(ctx, document_id)
    assert (voided.status, voided.void_reason, voided.file_name) == (
        DocumentStatus.VOIDED,
        "Ban hành nhầm",
        "cv-da-ky.pdf",
    )
    with pytest.raises(DBAPIError, match=REFUSED):  # a voided number stays voided, its reason too
        raw(db, "UPDATE outgoing_document SET void_reason = 'Khác' WHERE id = :id", id=document_id)
    with pytest.raises(DBAPIError, match=REFUSED):
        raw(db, "UPDATE outgoing_document SET status = 'REGISTERED' WHERE id = :id", id=document_id)


def test_the_awards_of_an_issued_decision_are_locked(db, ctx, desk):  # noqa: F811
    items = desk["items"]
    issued = issue_decision(ctx, [items["lan"], items["hung"]], dt.date(2025, 12, 20), desk["signer"])
    with ctx.read() as s:
        award_id, person_id = s.execute(
            select(Award.id, Award.person_id).where(Award.decision_id == issued.decision_id).limit(1)
        ).one()
        other_person = next(p for p in (desk["lan"], desk["hung"], desk["thu"]) if p != person_id)
    for sql, params in (
        ("UPDATE award SET bonus_amount = 999 WHERE id = :id", {}),
        ("UPDATE award SET person_id = :p WHERE id = :id", {"p": other_person}),
        ("UPDATE award SET year = 2024 WHERE id = :id", {}),
        ("UPDATE award SET decision_id = NULL, source = 'HISTORY' WHERE id = :id", {}),
        ("UPDATE award SET revoked = :t WHERE id = :id", {"t": True}),  # revoked without a reason
        ("DELETE FROM award WHERE id = :id", {}),
    ):
        with pytest.raises(DBAPIError, match=AWARD_REFUSED):
            raw(db, sql, id=award_id, **params)
    with pytest.raises(DBAPIError, match=REFUSED):  # the decision's register entry too
        raw(db, "UPDATE outgoing_document SET content = NULL WHERE id = :id", id=issued.document_id)
    # and the decision itself: the awards' lock cannot be lifted by making it a draft again
    for sql in (
        "UPDATE decision SET status = 'DRAFT' WHERE id = :id",
        "UPDATE decision SET subject = 'Sửa tay', base_salary = 1 WHERE id = :id",
        "DELETE FROM decision WHERE id = :id",
    ):
        with pytest.raises(DBAPIError, match="Quyết định đã ban hành không sửa"):
            raw(db, sql, id=issued.decision_id)
    with pytest.raises(ValidationError, match="Quyết định đã ban hành"), ctx.write() as s:
        s.get(Decision, issued.decision_id).issued_on = dt.date(2025, 12, 21)
    with pytest.raises(ValidationError, match=AWARD_REFUSED), ctx.write() as s:
        s.get(Award, award_id).bonus_amount = 1
    with pytest.raises(ValidationError, match=AWARD_REFUSED), ctx.write() as s:
        s.delete(s.get(Award, award_id))

    # what is legitimately written later: the citation, and a revocation with its reason (once)
    with ctx.write() as s:
        s.get(Award, award_id).achievement = "Có thành tích xuất sắc trong phòng, chống dịch"
    assert (
        raw(
            db,
            "UPDATE award SET revoked = :t, revoked_reason = 'Khai man thành tích' WHERE id = :id",
            id=award_id,
            t=True,
        )
        == 1
    )
    with pytest.raises(DBAPIError, match=AWARD_REFUSED):
        raw(db, "UPDATE award SET revoked = :f WHERE id = :id", id=award_id, f=False)
    with ctx.read() as s:
        award = s.get(Award, award_id)
        assert (award.revoked, award.revoked_reason, award.person_id) == (
            True,
            "Khai man thành tích",
            person_id,
        )
    # a voided decision's awards stay as they were: history
    assert raw(db, "UPDATE decision SET status = 'VOIDED' WHERE id = :id", id=issued.decision_id) == 1
    with pytest.raises(DBAPIError, match=AWARD_REFUSED):
        raw(db, "DELETE FROM award WHERE id = :id", id=award_id)
    with pytest.raises(DBAPIError, match="Quyết định đã ban hành không sửa"):
        raw(db, "UPDATE decision SET status = 'ISSUED' WHERE id = :id", id=issued.decision_id)


# --- corrections -------------------------------------------------------------------------------------------


def test_a_correction_is_a_new_document_linked_both_ways(ctx, office):  # noqa: F811
    first = issued_letter(ctx, office)
    with pytest.raises(ValidationError, match="đã ban hành"):
        correct_document(ctx, draft(ctx, office, subject="chưa vào sổ"), CorrectionKind.CORRECTION)

    fix = correct_document(ctx, first, CorrectionKind.CORRECTION)
    stored = load_document(ctx, fix)
    assert stored.editable and stored.entry.kind is DocumentKind.OFFICIAL_LETTER
    assert stored.entry.subject == "Về việc đính chính Công văn số 01/SYT-VP ngày 02/03/2025"
    lead, *rest = stored.draft.text.splitlines()
    assert lead == (
        "Sở Y tế đính chính Công văn số 01/SYT-VP ngày 02/03/2025 về việc hướng dẫn tổng kết thi đua như sau:"
    )
    assert rest == ["Đề nghị các đơn vị tổng kết.", "Gửi báo cáo trước ngày 15/12./."]
    assert entry(ctx, fix).corrects == "Đính chính cho 01/SYT-VP"
    assert entry(ctx, first).chain_text == ""  # a draft corrects nothing yet

    register_draft(ctx, fix, dt.date(2025, 3, 5))
    assert entry(ctx, first).corrected_by == ("Được đính chính bởi 02/SYT-VP",)
    assert entry(ctx, first).status is DocumentStatus.REGISTERED and entry(ctx, first).replaced_by is None

    replacing = correct_document(ctx, first, CorrectionKind.REPLACEMENT)
    assert load_document(ctx, replacing).entry.subject == (
        "hướng dẫn tổng kết thi đua (thay thế Công văn số 01/SYT-VP ngày 02/03/2025)"
    )
    with pytest.raises(ValidationError, match="đã có văn bản thay thế"):
        correct_document(ctx, first, CorrectionKind.REPLACEMENT)
    register_draft(ctx, replacing, dt.date(2025, 3, 9))
    replaced = entry(ctx, first)
    assert replaced.replaced_by == "03/SYT-VP"
    assert replaced.chain_text == "Được đính chính bởi 02/SYT-VP; Bị thay thế bởi 03/SYT-VP"
    assert entry(ctx, replacing).corrects == "Thay thế 01/SYT-VP"
    assert entry(ctx, replacing).as_json()["chain"] == ["Thay thế 01/SYT-VP"]
    assert [e.id for e in list_documents(ctx, text="thay the boi 03")] == [first]
    # the first is untouched: what was issued stays as issued
    assert load_document(ctx, first).entry.subject == "hướng dẫn tổng kết thi đua"


def test_a_decision_is_corrected_by_a_decision_citing_it(ctx, desk):  # noqa: F811
    items = desk["items"]
    issued = issue_decision(ctx, [items["lan"]], dt.date(2025, 12, 20), desk["signer"])
    fix = correct_document(ctx, issued.document_id, CorrectionKind.AMENDMENT)
    stored = load_document(ctx, fix)
    assert stored.entry.kind is DocumentKind.DECISION
    assert stored.entry.subject == "Về việc sửa đổi Quyết định số 01/QĐ-SYT ngày 20/12/2025"
    cited = "Căn cứ Quyết định số 01/QĐ-SYT ngày 20/12/2025 của Sở Y tế về việc tặng danh hiệu"
    assert any(b.startswith(cited) for b in stored.draft.legal_bases), stored.draft.legal_bases
    assert stored.draft.legal_bases[-1].startswith("Xét")  # the reference goes before "Xét đề nghị"
    model = document_model(ctx, fix)
    assert model.number is None and model.symbol == "QĐ-SYT"
    delete_draft(ctx, fix)  # a correction still a draft may be dropped; the decision stays
    assert entry(ctx, issued.document_id).chain_text == ""


# --- the leader's sign-off ---------------------------------------------------------------------------------


def test_a_draft_needs_a_leaders_approval_when_the_office_asks(db, ctx, office):  # noqa: F811
    clerk = signed_in(db, "chuyenvien", Role.CLERK)
    leader = signed_in(db, "lanhdao", Role.LEADER)
    registrar = signed_in(db, "vanthu", Role.REGISTRAR)
    assert not approval_required(ctx)
    with pytest.raises(PermissionDenied):
        require_approval(clerk, True)
    require_approval(ctx, True)
    assert approval_required(ctx)

    document_id = draft(clerk, office)
    assert entry(ctx, document_id).approval_text(True) == "Chờ duyệt"
    with pytest.raises(ValidationError, match="chưa được Lãnh đạo duyệt"):
        register_draft(registrar, document_id, DAY)
    with pytest.raises(PermissionDenied):
        approve_draft(clerk, document_id)
    approve_draft(leader, document_id)
    approved = entry(ctx, document_id)
    assert approved.approval_text(True) == "Đã duyệt" and approved.approved_by == "lanhdao"

    # saved again unchanged: still approved; its text changed: the sign-off is gone
    stored = load_document(ctx, document_id)
    save_draft(clerk, stored.draft, document_id)
    assert entry(ctx, document_id).approved
    save_draft(clerk, DraftInput(**{**stored.draft.__dict__, "text": "Nội dung đã sửa."}), document_id)
    assert entry(ctx, document_id).approval_text(True) == "Chờ duyệt"
    with pytest.raises(ValidationError, match="chưa được Lãnh đạo duyệt"):
        register_draft(registrar, document_id, DAY)

    approve_draft(leader, document_id)
    assert register_draft(registrar, document_id, DAY) == "01/SYT-VP"
    with pytest.raises(ValidationError, match="Chỉ duyệt được dự thảo"):
        approve_draft(leader, document_id)
    assert entry(ctx, document_id).approved_by == "lanhdao"  # the sign-off stays with what was issued

    require_approval(ctx, False)
    assert register_draft(registrar, draft(clerk, office), DAY) == "02/SYT-VP"
