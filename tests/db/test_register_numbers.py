"""Where a series goes on in the middle of a year, and documents issued outside the program: the clerk sets the
next number (1975/SYT-VP), enters what was issued by hand so the series stays whole, and the register refuses a
number already taken, in Vietnamese, before the database's own constraint (which still holds)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError, IntegrityError

from app.errors import ValidationError
from app.services.agency import AgencyInfo, SignerInfo, save_agency
from app.services.documents import (
    DraftInput,
    correct_document,
    list_documents,
    load_document,
    register_draft,
    save_draft,
    void_document,
)
from app.services.register import (
    SERIES_SHARED,
    ExternalDocument,
    expected_number,
    next_numbers,
    record_external_document,
    series_starts,
    set_next_number,
)
from database.enums import CorrectionKind, DocumentKind, DocumentOrigin, DocumentStatus
from database.models import AuditEntry, OutgoingDocument

K = DocumentKind
DAY = dt.date(2020, 7, 1)
SCAN = b"%PDF-1.4\n% a scan\n"


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


def letter(ctx, signer_id, subject="phát động phong trào thi đua yêu nước năm 2020") -> int:
    return save_draft(
        ctx,
        DraftInput(
            K.OFFICIAL_LETTER,
            subject,
            text="Giám đốc Sở Y tế phát động phong trào thi đua.",
            addressees=("Thủ trưởng các đơn vị trong ngành",),
            signer_id=signer_id,
            copies_to=("Như trên", "Lưu: VT, TĐKT"),
        ),
    )


def external(number: int, symbol: str = "SYT-VP", **kw) -> ExternalDocument:
    fields = {
        "kind": K.OFFICIAL_LETTER,
        "number": number,
        "symbol": symbol,
        "issued_on": dt.date(2020, 6, 30),
        "subject": "V/v báo cáo công tác thi đua 6 tháng đầu năm",
        "signer_name": "Lê Văn Bình",
        "signer_title": "Giám đốc",
        **kw,
    }
    return ExternalDocument(**fields)


def test_the_next_number_set_mid_year_is_the_next_dispatch(ctx, office):
    with pytest.raises(ValidationError, match="lý do"):
        set_next_number(ctx, SERIES_SHARED, 2020, 1975, "  ")
    with pytest.raises(ValidationError, match="dãy số"):
        set_next_number(ctx, "KHÔNG CÓ", 2020, 1975, "bắt đầu dùng chương trình")
    with pytest.raises(ValidationError, match="từ 1 đến"):
        set_next_number(ctx, SERIES_SHARED, 2020, 0, "bắt đầu dùng chương trình")
    set_next_number(ctx, SERIES_SHARED, 2020, 1975, "Bắt đầu dùng chương trình từ tháng 7/2020")
    assert expected_number(ctx, K.OFFICIAL_LETTER, DAY) == "1975/SYT"
    assert next_numbers(ctx, 2020)[SERIES_SHARED] == 1975
    assert next_numbers(ctx, 2021)[SERIES_SHARED] == 1  # a year of its own starts from 01
    assert register_draft(ctx, letter(ctx, office), DAY) == "1975/SYT-VP"
    assert register_draft(ctx, letter(ctx, office, "báo cáo"), DAY) == "1976/SYT-VP"

    (start,) = series_starts(ctx, 2020)
    assert (start.next_number, start.reason, start.set_by) == (
        1975,
        "Bắt đầu dùng chương trình từ tháng 7/2020",
        "tester",
    )
    with ctx.read() as s:
        row = s.scalar(
            select(AuditEntry).where(AuditEntry.entity == "register_series").order_by(AuditEntry.id.desc())
        )
    assert row.action == "create" and row.after["next_number"] == 1975
    assert "Lý do: Bắt đầu dùng chương trình từ tháng 7/2020" in row.summary

    # a number at or below one given is refused: it would collide, or be silently skipped
    with pytest.raises(ValidationError, match=r"đã cấp đến số 1976/SYT-VP .* từ 1977 trở lên"):
        set_next_number(ctx, SERIES_SHARED, 2020, 1976, "nhầm")
    with pytest.raises(ValidationError, match="từ 1977 trở lên"):
        set_next_number(ctx, SERIES_SHARED, 2020, 12, "nhầm")
    # set again further on (a gap the office leaves for its other book): the register goes on from there
    set_next_number(ctx, SERIES_SHARED, 2020, 2001, "Các số 1977–2000 cấp ở sổ tay của Văn phòng")
    assert [x.next_number for x in series_starts(ctx)] == [2001]
    assert register_draft(ctx, letter(ctx, office, "thông báo"), DAY) == "2001/SYT-VP"


def test_documents_issued_outside_the_program_keep_the_series_whole(db, ctx, office):
    set_next_number(ctx, SERIES_SHARED, 2020, 1975, "Bắt đầu dùng chương trình từ tháng 7/2020")
    first = record_external_document(ctx, external(1973, file_name="cv-1973.pdf", file_content=SCAN))
    record_external_document(ctx, external(1974, "kh-syt", kind=K.PLAN, subject="Kế hoạch tổ chức Hội nghị"))
    (entry,) = [e for e in list_documents(ctx, 2020) if e.id == first]
    assert entry.number_text == "1973/SYT-VP" and entry.status is DocumentStatus.REGISTERED
    assert entry.external and entry.origin is DocumentOrigin.EXTERNAL and entry.file_name == "cv-1973.pdf"
    assert entry.as_json()["origin"] == "EXTERNAL"
    assert [e.id for e in list_documents(ctx, 2020, text="ngoai chuong trinh")] == [
        e.id for e in list_documents(ctx, 2020)
    ]
    assert register_draft(ctx, letter(ctx, office), DAY) == "1975/SYT-VP"
    # one entered past the set number moves the series on: the register never gives a number twice
    first_letter = record_external_document(ctx, external(1980, issued_on=dt.date(2020, 7, 3)))
    assert register_draft(ctx, letter(ctx, office, "báo cáo"), DAY) == "1981/SYT-VP"
    with ctx.read() as s:
        kept = s.get(OutgoingDocument, first)
        assert (kept.origin, kept.file_content, kept.content) == (DocumentOrigin.EXTERNAL, SCAN, None)

    # taken in the same series, or with the same ký hiệu in another series: refused, in Vietnamese
    with pytest.raises(ValidationError, match=r"Số 1975/SYT-VP năm 2020 đã có trong sổ"):
        record_external_document(ctx, external(1975))
    with pytest.raises(ValidationError, match="1974/KH-SYT năm 2020 đã có"):
        record_external_document(ctx, external(1974, "KH-SYT", kind=K.PLAN, series="PLAN"))
    # a voided number is still taken
    void_document(ctx, first, "cấp nhầm")
    with pytest.raises(ValidationError, match="1973/SYT-VP.*đã hủy số"):
        record_external_document(ctx, external(1973))
    # the same number in another year is free
    record_external_document(ctx, external(1975, issued_on=dt.date(2019, 12, 30)))
    with pytest.raises(ValidationError, match="người ký"):
        record_external_document(ctx, external(1990, signer_name=""))
    with pytest.raises(ValidationError, match="rỗng"):
        record_external_document(ctx, external(1991, file_name="x.pdf", file_content=b""))

    # it is corrected as any issued document is: a new draft citing it
    correction = correct_document(ctx, first_letter, CorrectionKind.CORRECTION)
    assert "đính chính Công văn số 1980/SYT-VP ngày 03/07/2020" in load_document(ctx, correction).draft.text

    # an entry issued outside stays one: the issued documents' lock holds its origin, by hand too
    with pytest.raises(DBAPIError, match="không sửa được"), db.engine.begin() as conn:
        conn.execute(text("UPDATE outgoing_document SET origin = 'PROGRAM' WHERE id = :id"), {"id": first})
    with pytest.raises(ValidationError, match="không sửa được"), ctx.write() as s:
        s.get(OutgoingDocument, first).origin = DocumentOrigin.PROGRAM

    # the database's constraint still holds when the service is bypassed
    with pytest.raises(IntegrityError), ctx.write() as s:
        s.add(
            OutgoingDocument(
                kind=K.OFFICIAL_LETTER,
                series=SERIES_SHARED,
                year=2020,
                number=1975,
                symbol="SYT-TĐKT",
                issued_on=DAY,
                subject="trùng số",
                status=DocumentStatus.REGISTERED,
                origin=DocumentOrigin.EXTERNAL,
            )
        )


def test_a_document_issued_outside_keeps_its_noi_nhan_lines_and_prints_as_its_signed_scan(
    ctx, office, tmp_path
):
    """Nơi nhận typed "a; b" (the dialog sends one a line) stays one item a line, never "a; Lưu: VT, VP." run
    on; the entry prints as its PDF scan, and one without a PDF scan is refused rather than printed hollow."""
    from app.services.documents import render_document

    typed = "Ban Thi đua – Khen thưởng tỉnh\nLưu:  VT, VP"
    with_scan = record_external_document(
        ctx, external(1973, recipients=typed, file_name="cv.pdf", file_content=SCAN)
    )
    bare = record_external_document(ctx, external(1974, recipients="Như trên; Lưu: VT, VP."))
    image = record_external_document(
        ctx, external(1975, file_name="cv.jpg", file_content=b"\xff\xd8\xff scan")
    )
    with ctx.read() as s:
        kept = {d.id: d.recipients for d in s.scalars(select(OutgoingDocument))}
    assert kept[with_scan] == "Ban Thi đua – Khen thưởng tỉnh;\nLưu: VT, VP."
    assert kept[bare] == "Như trên;\nLưu: VT, VP."
    assert kept[image] is None
    (entry,) = [e for e in list_documents(ctx, 2020) if e.id == bare]
    assert entry.recipients_text == "Như trên; Lưu: VT, VP"

    assert render_document(ctx, with_scan, tmp_path / "cv.pdf").read_bytes() == SCAN
    with pytest.raises(ValidationError, match=r"1973/SYT-VP ban hành ngoài chương trình.*in ra tệp \.pdf"):
        render_document(ctx, with_scan, tmp_path / "cv.docx")
    with pytest.raises(ValidationError, match="1974/SYT-VP .* chưa có bản ký đính kèm"):
        render_document(ctx, bare, tmp_path / "bare.pdf")
    with pytest.raises(ValidationError, match="chỉ giữ bản ký “cv.jpg” .*Mở bản ký"):
        render_document(ctx, image, tmp_path / "image.pdf")
    assert not any((tmp_path / name).exists() for name in ("cv.docx", "bare.pdf", "image.pdf"))
    with ctx.read() as s:
        printed = s.scalars(select(AuditEntry.summary).where(AuditEntry.action == "print")).all()
    assert printed == ["In công văn số 1973/SYT-VP ra tệp “cv.pdf”"]
