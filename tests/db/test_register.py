"""The outgoing register: numbers per series and year, drafts numbered when registered, voided numbers never
given again, two sessions racing for a number, a failed issue taking no number."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.errors import ValidationError
from app.services.agency import AgencyInfo, SignerInfo, save_agency
from app.services.context import ServiceContext
from app.services.documents import (
    DraftInput,
    attach_file,
    choose_series,
    delete_draft,
    document_file,
    document_model,
    list_documents,
    load_document,
    register_draft,
    register_series,
    save_draft,
    void_document,
)
from app.services.register import SERIES_PER_KIND, SERIES_SHARED, expected_number, register_document
from database.engine import Database
from database.enums import DocumentKind, DocumentStatus
from database.models import OutgoingDocument

K = DocumentKind
DAY = dt.date(2025, 3, 2)


@pytest.fixture
def office(ctx):
    agency = save_agency(
        ctx,
        AgencyInfo(
            parent_name="UBND tỉnh Thanh Hóa",
            name="Sở Y tế",
            symbol="SYT",
            place_name="Thanh Hóa",
            signers=(SignerInfo("Lê Văn Bình", "Giám đốc", is_default=True),),
        ),
    )
    return agency.signers[0].id


def draft(ctx, signer_id, kind=K.OFFICIAL_LETTER, subject="hướng dẫn tổng kết thi đua", **kw) -> int:
    fields = {
        "text": "Đề nghị các đơn vị tổng kết.\nGửi báo cáo trước ngày 15/12./.",
        "addressees": ("Các đơn vị trực thuộc Sở",),
        "signer_id": signer_id,
        "copies_to": ("Như trên", "Lưu: VT, TĐKT"),
        **kw,
    }
    return save_draft(ctx, DraftInput(kind, subject, **fields))


def numbers(ctx, year=2025) -> list[str]:
    """The year's numbers in the order they were given."""
    return [e.number_text for e in sorted(list_documents(ctx, year), key=lambda e: e.id) if e.number]


def test_a_draft_has_no_number_until_it_is_registered(ctx, office):
    document_id = draft(ctx, office, unit_code="tđkt", drafter="nth", copies=5)
    stored = load_document(ctx, document_id)
    assert stored.editable and stored.entry.number is None and stored.entry.symbol == "SYT-TĐKT"
    assert stored.draft.text.splitlines() == [
        "Đề nghị các đơn vị tổng kết.",
        "Gửi báo cáo trước ngày 15/12./.",
    ]
    assert stored.draft.addressees == ("Các đơn vị trực thuộc Sở",) and stored.draft.signer_id == office
    assert document_model(ctx, document_id).number is None

    assert register_draft(ctx, document_id, DAY) == "01/SYT-TĐKT"
    entry = load_document(ctx, document_id).entry
    assert (entry.status, entry.issued_on, entry.year) == (DocumentStatus.REGISTERED, DAY, 2025)
    model = document_model(ctx, document_id)
    assert (model.number, model.issued_on, model.drafter, model.copies) == (1, DAY, "NTH", 5)
    with pytest.raises(ValidationError, match="đã ban hành không sửa được"):
        save_draft(ctx, DraftInput(K.OFFICIAL_LETTER, "khác", text="x", addressees=("A",)), document_id)
    with pytest.raises(ValidationError, match="đã có số"):
        register_draft(ctx, document_id, DAY)


def test_drafts_are_checked_edited_and_deleted(ctx, office):
    with pytest.raises(ValidationError, match="Kính gửi"):
        save_draft(ctx, DraftInput(K.OFFICIAL_LETTER, "V/v", text="Nội dung"))
    with pytest.raises(ValidationError, match="nội dung"):
        save_draft(ctx, DraftInput(K.PLAN, "Kế hoạch", text="  \n "))
    with pytest.raises(ValidationError, match="lập từ hồ sơ"):
        save_draft(ctx, DraftInput(K.DECISION, "Về việc", text="x"))
    document_id = draft(ctx, office, kind=K.PLAN, subject="Tổ chức phong trào thi đua", addressees=())
    save_draft(
        ctx,
        DraftInput(
            K.PLAN, "Tổ chức phong trào thi đua năm 2026", text="I. MỤC ĐÍCH\nNội dung.", signer_id=office
        ),
        document_id,
    )
    model = document_model(ctx, document_id)
    assert model.subject == "Tổ chức phong trào thi đua năm 2026" and model.symbol == "KH-SYT"
    assert [type(b).__name__ for b in model.body] == ["Heading", "Para"]
    unsigned = draft(ctx, None)
    with pytest.raises(ValidationError, match="người ký"):
        register_draft(ctx, unsigned, DAY)
    delete_draft(ctx, unsigned)
    assert [e.id for e in list_documents(ctx)] == [document_id]


def test_one_series_or_one_per_kind_per_year(ctx, office):
    assert register_series(ctx) == SERIES_SHARED
    for kind in (K.OFFICIAL_LETTER, K.PLAN, K.NOTICE):
        register_draft(ctx, draft(ctx, office, kind=kind), DAY)
    assert numbers(ctx) == ["01/SYT-VP", "02/KH-SYT", "03/TB-SYT"]

    choose_series(ctx, SERIES_PER_KIND)
    register_draft(ctx, draft(ctx, office, kind=K.PLAN), DAY)
    register_draft(ctx, draft(ctx, office, kind=K.REPORT), DAY)
    register_draft(ctx, draft(ctx, office, kind=K.PLAN), DAY)
    # a kind's own series starts past what its ký hiệu already has this year (số + ký hiệu stay unique)
    assert numbers(ctx)[3:] == ["03/KH-SYT", "01/BC-SYT", "04/KH-SYT"]

    choose_series(ctx, SERIES_SHARED)
    register_draft(ctx, draft(ctx, office), dt.date(2026, 1, 1))  # a new year starts again from 01
    register_draft(ctx, draft(ctx, office), DAY)
    assert numbers(ctx, 2026) == ["01/SYT-VP"]
    assert numbers(ctx)[-1] == "04/SYT-VP"
    with pytest.raises(ValidationError):
        choose_series(ctx, "MỖI THÁNG")


def test_the_expected_number_is_the_one_given_next(ctx, office):
    """What "Ban hành" announces before it takes a number: a read that takes and locks nothing."""

    def issue(kind, day) -> str:
        with ctx.write() as s:
            document = register_document(
                s, kind, day, "Về việc", signer_name="Lê Văn Bình", signer_title="GĐ"
            )
            return f"{document.number:02d}/{document.symbol}"

    register_draft(ctx, draft(ctx, office), DAY)  # 01/SYT-VP, in the shared series
    for kind, day in [(K.DECISION, DAY), (K.PLAN, DAY), (K.DECISION, dt.date(2026, 1, 5)), (K.DECISION, DAY)]:
        expected = expected_number(ctx, kind, day)
        assert expected_number(ctx, kind, day) == expected  # reading took nothing
        assert issue(kind, day) == expected
    assert numbers(ctx) == ["01/SYT-VP", "02/QĐ-SYT", "03/KH-SYT", "04/QĐ-SYT"]
    choose_series(ctx, SERIES_PER_KIND)  # a kind's own series, past what its ký hiệu has this year
    assert expected_number(ctx, K.DECISION, DAY) == "05/QĐ-SYT" == issue(K.DECISION, DAY)
    assert expected_number(ctx, K.NOTICE, DAY) == "01/TB-SYT"


def test_a_voided_number_stays_voided(ctx, office):
    first = draft(ctx, office)
    register_draft(ctx, first, DAY)
    with pytest.raises(ValidationError, match="lý do"):
        void_document(ctx, first, "  ")
    void_document(ctx, first, "Ký nhầm người ký")
    second = draft(ctx, office)
    with pytest.raises(ValidationError, match="dự thảo"):
        void_document(ctx, second, "không dùng")
    assert register_draft(ctx, second, DAY) == "02/SYT-VP"  # 01 is never given again
    entries = {e.id: e for e in list_documents(ctx, 2025)}
    assert entries[first].status is DocumentStatus.VOIDED and entries[first].void_reason == "Ký nhầm người ký"
    assert entries[first].number == 1
    with pytest.raises(ValidationError, match="đã vào sổ"):
        delete_draft(ctx, first)


def test_the_register_is_searched_by_kind_and_folded_text(ctx, office):
    register_draft(ctx, draft(ctx, office, subject="Hướng dẫn bình xét Đội ngũ"), DAY)
    register_draft(ctx, draft(ctx, office, kind=K.REPORT, subject="Tổng kết công tác"), DAY)
    assert [e.subject for e in list_documents(ctx, 2025, text="doi ngu")] == ["Hướng dẫn bình xét Đội ngũ"]
    assert [e.subject for e in list_documents(ctx, 2025, text="02/bc")] == ["Tổng kết công tác"]
    assert [e.kind for e in list_documents(ctx, 2025, kind=K.REPORT)] == [K.REPORT]
    assert list_documents(ctx, 2024) == []


def test_the_signed_scan_is_kept_with_its_entry(ctx, office, tmp_path):
    document_id = draft(ctx, office)
    register_draft(ctx, document_id, DAY)
    scan = tmp_path / "cv-01-da-ky.pdf"
    scan.write_bytes(b"%PDF-1.4 signed scan")
    assert attach_file(ctx, document_id, scan) == "cv-01-da-ky.pdf"
    assert document_file(ctx, document_id) == ("cv-01-da-ky.pdf", b"%PDF-1.4 signed scan")
    assert list_documents(ctx)[0].file_name == "cv-01-da-ky.pdf"
    with pytest.raises(ValidationError, match="Không đọc được"):
        attach_file(ctx, document_id, tmp_path / "khong-co.pdf")


def test_a_failed_issue_takes_no_number(ctx, office):
    """The number is taken in the unit of work that saves the document: a failure after numbering rolls it
    back, and the next document gets that number."""
    with pytest.raises(RuntimeError), ctx.write() as s:
        taken = register_document(
            s, K.DECISION, DAY, "Về việc tặng Giấy khen", signer_name="Lê Văn Bình", signer_title="GIÁM ĐỐC"
        )
        assert taken.number == 1
        raise RuntimeError("máy tắt giữa chừng")
    assert list_documents(ctx) == []
    assert register_draft(ctx, draft(ctx, office), DAY) == "01/SYT-VP"
    # the database itself refuses a number given twice in a series and year
    with pytest.raises(IntegrityError), ctx.write() as s:
        s.add(
            OutgoingDocument(
                kind=K.REPORT,
                series="CHUNG",
                year=2025,
                number=1,
                symbol="BC-SYT",
                subject="trùng số",
                status=DocumentStatus.REGISTERED,
            )
        )


SESSIONS, EACH = 2, 4


def test_two_sessions_asking_at_once_get_different_numbers(db, ctx, office):
    """Two programs on one database (two engines, as two PCs or two windows would be) register at the same
    moment: every draft gets its own number and none is skipped."""
    drafts = [[draft(ctx, office, subject=f"Công văn {n}-{k}") for k in range(EACH)] for n in range(SESSIONS)]
    others = [Database.open(db.engine.url) for _ in range(SESSIONS)]
    start, errors, given = threading.Barrier(SESSIONS), [], []

    def clerk(n: int) -> None:
        session_ctx = ServiceContext(others[n], actor=f"thu-ky-{n}")
        start.wait()
        try:
            given.extend(register_draft(session_ctx, document_id, DAY) for document_id in drafts[n])
        except Exception as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=clerk, args=(n,)) for n in range(SESSIONS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    for other in others:
        other.dispose()
    assert not errors
    assert sorted(given) == [f"{n:02d}/SYT-VP" for n in range(1, SESSIONS * EACH + 1)]
    with ctx.read() as s:
        assert sorted(s.scalars(select(OutgoingDocument.number))) == list(range(1, SESSIONS * EACH + 1))
