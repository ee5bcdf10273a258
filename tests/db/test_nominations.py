"""Nominations: batches, items, the dossier's papers and the statuses an item goes through."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from app.errors import ValidationError
from app.services.nominations import (
    BatchData,
    add_nomination,
    allowed_moves,
    attach,
    attachment_content,
    change_status,
    create_batch,
    higher_level_items,
    list_batches,
    load_batch,
    mark_received,
    moves_for,
    status_history,
)
from app.text import fold
from database.enums import AttachmentKind, NominationStatus, UnitKind
from database.models import AuditEntry, Nomination, Person, Unit
from tests.council_vote import pass_by_council

S = NominationStatus
A = AttachmentKind


@pytest.fixture
def world(ctx):
    with ctx.write() as s:
        dept = Unit(name="Sở Y tế", name_folded="so y te", kind=UnitKind.DEPARTMENT)
        s.add(dept)
        s.flush()
        hospital = Unit(
            name="Bệnh viện Đa khoa tỉnh",
            name_folded=fold("Bệnh viện Đa khoa tỉnh"),
            kind=UnitKind.HOSPITAL,
            parent_id=dept.id,
        )
        s.add(hospital)
        s.flush()
        people = [
            Person(
                full_name=n,
                name_folded=fold(n),
                sort_key=n,
                birth_date=dt.date(1980, 1, i + 1),
                birth_year=1980,
                unit_id=hospital.id,
                position="Bác sĩ",
            )
            for i, n in enumerate(["Nguyễn Thị Lan", "Trần Văn Hùng"])
        ]
        s.add_all(people)
        s.flush()
        return {"hospital": hospital.id, "lan": people[0].id, "hung": people[1].id}


def received_batch(ctx, world) -> int:
    return create_batch(
        ctx,
        BatchData(
            year=2025,
            title="Đề nghị khen thưởng năm 2025",
            unit_id=world["hospital"],
            received_on=dt.date(2025, 12, 2),
            their_reference="125/TTr-BV",
        ),
    )


def test_a_received_batch_and_its_items(ctx, world):
    batch = received_batch(ctx, world)
    lan = add_nomination(ctx, batch, "CSTDCS", person_id=world["lan"], achievement="Hoàn thành xuất sắc")
    add_nomination(ctx, batch, "ldtt", person_id=world["hung"])
    add_nomination(ctx, batch, "TTLDTT", unit_id=world["hospital"])
    view = load_batch(ctx, batch)
    assert (view.batch.unit_name, view.batch.their_reference, view.batch.items) == (
        "Bệnh viện Đa khoa tỉnh",
        "125/TTr-BV",
        3,
    )
    first = view.items[0]
    assert (
        first.id,
        first.subject_name,
        first.birth_text,
        first.unit_name,
        first.award_code,
        first.status,
    ) == (lan, "Nguyễn Thị Lan", "01/01/1980", "Bệnh viện Đa khoa tỉnh", "CSTDCS", S.RECEIVED)
    assert view.items[2].collective and view.items[2].subject_name == "Bệnh viện Đa khoa tỉnh"
    assert [h.to_status for h in status_history(ctx, lan)] == [S.RECEIVED]
    assert [b.title for b in list_batches(ctx, 2025)] == ["Đề nghị khen thưởng năm 2025"]
    assert list_batches(ctx, 2024) == []


def test_items_are_checked_as_they_are_added(ctx, world):
    batch = received_batch(ctx, world)
    add_nomination(ctx, batch, "CSTDCS", person_id=world["lan"])
    with pytest.raises(ValidationError, match="đã có đề nghị “Chiến sĩ thi đua cơ sở”"):
        add_nomination(ctx, batch, "CSTDCS", person_id=world["lan"])
    with pytest.raises(ValidationError, match="chỉ dành cho tập thể"):
        add_nomination(ctx, batch, "TTLDXS", person_id=world["lan"])
    with pytest.raises(ValidationError, match="chỉ dành cho cá nhân"):
        add_nomination(ctx, batch, "CSTDCS", unit_id=world["hospital"])
    with pytest.raises(ValidationError, match="mã “XYZ”"):
        add_nomination(ctx, batch, "XYZ", person_id=world["lan"])
    with pytest.raises(ValidationError, match="một cá nhân hoặc một tập thể"):
        add_nomination(ctx, batch, "LDTT", person_id=world["lan"], unit_id=world["hospital"])
    with ctx.read() as s:
        assert s.scalar(select(func.count()).select_from(Nomination)) == 1


def test_the_checklist_follows_the_papers_filed(ctx, world):
    batch = received_batch(ctx, world)
    lan = add_nomination(ctx, batch, "CSTDCS", person_id=world["lan"])
    hung = add_nomination(ctx, batch, "LDTT", person_id=world["hung"])

    def missing():
        return {i.id: i.missing_papers for i in load_batch(ctx, batch).items}

    assert missing() == {
        lan: [
            "Tờ trình",
            "Báo cáo thành tích",
            "Biên bản bình xét",
            "Chứng nhận sáng kiến, đề tài hoặc xác nhận HTXSNV",
        ],
        hung: ["Tờ trình", "Biên bản bình xét"],
    }
    attach(ctx, batch, A.SUBMISSION, "To trinh 125.pdf", b"%PDF-1.4 to trinh")  # for the whole batch
    attach(ctx, batch, A.MINUTES, "Bien ban.pdf", b"%PDF-1.4 bien ban")
    attach(ctx, batch, A.ACHIEVEMENT_REPORT, "BCTT Lan.docx", b"PK bao cao", nomination_id=lan)
    assert missing() == {lan: ["Chứng nhận sáng kiến, đề tài hoặc xác nhận HTXSNV"], hung: []}
    attach(ctx, batch, A.RATING_CONFIRMATION, "Xac nhan HTXSNV.pdf", b"%PDF xac nhan", nomination_id=lan)
    view = load_batch(ctx, batch)
    assert all(i.papers_complete for i in view.items)
    report = next(a for a in view.attachments if a.kind is A.ACHIEVEMENT_REPORT)
    assert attachment_content(ctx, report.id) == ("BCTT Lan.docx", b"PK bao cao")


def test_bad_attachments_are_refused(ctx, world):
    batch = received_batch(ctx, world)
    other = received_batch(ctx, world)
    item = add_nomination(ctx, other, "LDTT", person_id=world["lan"])
    with pytest.raises(ValidationError, match="rỗng"):
        attach(ctx, batch, A.SUBMISSION, "a.pdf", b"")
    with pytest.raises(ValidationError, match="không thuộc hồ sơ này"):
        attach(ctx, batch, A.SUBMISSION, "a.pdf", b"x", nomination_id=item)
    assert load_batch(ctx, batch).attachments == ()


def test_statuses_follow_the_transitions(ctx, world):
    batch = received_batch(ctx, world)
    lan = add_nomination(ctx, batch, "CSTDCS", person_id=world["lan"])
    hung = add_nomination(ctx, batch, "LDTT", person_id=world["hung"])
    with pytest.raises(ValidationError, match="Cần ghi lý do"):
        change_status(ctx, [lan], S.RETURNED)
    change_status(ctx, [lan], S.RETURNED, "Thiếu báo cáo thành tích")
    with pytest.raises(ValidationError, match="“Trả lại bổ sung” sang “Đạt”"):
        change_status(ctx, [lan, hung], S.PASSED)  # refused for both: Hùng stays as he was
    assert [i.status for i in load_batch(ctx, batch).items] == [S.RETURNED, S.RECEIVED]
    change_status(ctx, [lan], S.RECEIVED)
    change_status(ctx, [lan], S.IN_COUNCIL)
    change_status(ctx, [hung], S.PASSED)
    with pytest.raises(ValidationError, match="khi ban hành quyết định"):
        change_status(ctx, [hung], S.DECIDED)
    history = status_history(ctx, lan)
    assert [(h.from_status, h.to_status, h.reason) for h in history] == [
        (None, S.RECEIVED, None),
        (S.RECEIVED, S.RETURNED, "Thiếu báo cáo thành tích"),
        (S.RETURNED, S.RECEIVED, None),
        (S.RECEIVED, S.IN_COUNCIL, None),
    ]
    assert all(h.actor == "tester" for h in history)
    items = load_batch(ctx, batch).items
    assert (items[0].status, items[0].status_reason, items[1].status) == (S.IN_COUNCIL, None, S.PASSED)
    with ctx.read() as s:
        assert (
            s.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.entity == "nomination"))
            >= 5
        )


def test_a_draft_batch_becomes_received(ctx, world):
    batch = create_batch(ctx, BatchData(year=2025, title="Sở tự đề nghị"))
    item = add_nomination(ctx, batch, "GIAY_KHEN", person_id=world["lan"])
    assert load_batch(ctx, batch).items[0].status is S.DRAFT
    mark_received(ctx, batch, dt.date(2025, 12, 5), "01/TTr-VP")
    view = load_batch(ctx, batch)
    assert (view.batch.status.value, view.batch.received_on, view.items[0].status) == (
        "RECEIVED",
        dt.date(2025, 12, 5),
        S.RECEIVED,
    )
    assert [h.to_status for h in status_history(ctx, item)] == [S.DRAFT, S.RECEIVED]
    with pytest.raises(ValidationError, match="tên hồ sơ"):
        create_batch(ctx, BatchData(year=2025, title="  "))


def test_only_the_council_vote_passes_a_council_title(ctx, world):
    """Luật TĐKT: a CSTĐ tỉnh (any title or form but LĐTT, TTLĐTT) is "Đạt" only by the council's vote."""
    batch = received_batch(ctx, world)
    tinh = add_nomination(ctx, batch, "CSTD_TINH", person_id=world["lan"])
    ldtt = add_nomination(ctx, batch, "LDTT", person_id=world["hung"])
    team = add_nomination(ctx, batch, "TTLDTT", unit_id=world["hospital"])
    with pytest.raises(ValidationError, match="chỉ “Đạt” khi Hội đồng Thi đua – Khen thưởng bỏ phiếu"):
        change_status(ctx, [tinh], S.PASSED)
    with pytest.raises(ValidationError, match="Hội đồng"):
        change_status(ctx, [ldtt, tinh], S.PASSED)  # refused as a whole: LĐTT stays as it was
    change_status(ctx, [tinh], S.IN_COUNCIL)
    with pytest.raises(ValidationError, match="bỏ phiếu"):
        change_status(ctx, [tinh], S.PASSED)  # before the council is not the council's vote
    statuses = {i.id: i.status for i in load_batch(ctx, batch).items}
    assert statuses == {tinh: S.IN_COUNCIL, ldtt: S.RECEIVED, team: S.RECEIVED}

    items = {i.id: i for i in load_batch(ctx, batch).items}
    assert allowed_moves(items[tinh]) == {S.FAILED, S.RECEIVED, S.WITHDRAWN}
    assert allowed_moves(items[ldtt]) == {S.RETURNED, S.IN_COUNCIL, S.PASSED, S.FAILED, S.WITHDRAWN}
    assert S.PASSED in moves_for(items.values()) and S.PASSED not in moves_for([items[tinh]])

    change_status(ctx, [ldtt, team], S.PASSED)  # on the unit's review minutes and list
    assert allowed_moves(load_batch(ctx, batch).items[1]) == {S.IN_COUNCIL, S.WITHDRAWN}  # no DECIDED by hand
    assert higher_level_items(ctx, 2025) == []
    pass_by_council(ctx, [tinh])
    statuses = {i.id: i.status for i in load_batch(ctx, batch).items}
    assert statuses == {tinh: S.PASSED, ldtt: S.PASSED, team: S.PASSED}
    assert [i.id for i in higher_level_items(ctx, 2025)] == [tinh]  # beyond the Director's power
    assert higher_level_items(ctx, 2024) == []
