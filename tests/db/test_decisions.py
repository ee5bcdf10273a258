"""Decisions: the bonuses worked out, the register's numbers, awards in the history at once, higher decisions."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from app.errors import ValidationError
from app.services.agency import AgencyInfo, SignerInfo, save_agency
from app.services.decisions import (
    draft_decision,
    forward_to_higher,
    issue_decision,
    record_higher_decision,
    record_higher_outcome,
)
from app.services.nominations import BatchData, add_nomination, change_status, create_batch, load_batch
from app.services.records import person_record
from app.text import fold
from database.enums import AuthorityLevel, AwardSource, NominationStatus, SignAuthority, UnitKind
from database.models import Award, AwardType, Decision, OutgoingDocument, Person, Unit
from tests.council_vote import pass_by_council

S = NominationStatus


@pytest.fixture
def desk(ctx):
    agency = save_agency(
        ctx,
        AgencyInfo(
            parent_name="UBND tỉnh Sơn Hà",
            name="Sở Y tế",
            symbol="SYT",
            place_name="Sơn Hà",
            signers=(
                SignerInfo("Lê Văn Bình", "Giám đốc", is_default=True),
                SignerInfo("Trần Thị Hoa", "Phó Giám đốc", SignAuthority.DEPUTY, "Giám đốc"),
            ),
        ),
    )
    with ctx.write() as s:
        hospital = Unit(
            name="Bệnh viện Đa khoa tỉnh", name_folded=fold("Bệnh viện Đa khoa tỉnh"), kind=UnitKind.HOSPITAL
        )
        s.add(hospital)
        s.flush()
        people = [
            Person(
                full_name=n,
                name_folded=fold(n),
                sort_key=n,
                birth_year=1980 + i,
                unit_id=hospital.id,
                position="Bác sĩ",
            )
            for i, n in enumerate(["Nguyễn Thị Lan", "Trần Văn Hùng", "Lê Thu"])
        ]
        s.add_all(people)
        s.flush()
        ids = {"hospital": hospital.id, "lan": people[0].id, "hung": people[1].id, "thu": people[2].id}
    batch = create_batch(
        ctx,
        BatchData(
            year=2025, title="Đề nghị năm 2025", unit_id=ids["hospital"], received_on=dt.date(2025, 12, 1)
        ),
    )
    items = {
        "lan": add_nomination(ctx, batch, "CSTDCS", person_id=ids["lan"]),
        "hung": add_nomination(ctx, batch, "LDTT", person_id=ids["hung"]),
        "unit": add_nomination(ctx, batch, "TTLDTT", unit_id=ids["hospital"]),
        "bk": add_nomination(ctx, batch, "BK_TINH", person_id=ids["thu"]),
    }
    pass_by_council(ctx, list(items.values()))
    return {**ids, "items": items, "batch": batch, "signer": agency.signers[0].id}


def test_the_draft_works_out_each_bonus_and_the_total(ctx, desk):
    items = desk["items"]
    draft = draft_decision(ctx, [items["lan"], items["hung"], items["unit"]], dt.date(2025, 12, 20))
    assert draft.base_salary == 2_340_000 and draft.rounding == 10_000
    assert [(x.subject_name, x.award_code, x.coefficient, x.amount) for x in draft.lines] == [
        ("Nguyễn Thị Lan", "CSTDCS", Decimal("1.00"), 2_340_000),
        ("Trần Văn Hùng", "LDTT", Decimal("0.30"), 710_000),
        ("Bệnh viện Đa khoa tỉnh", "TTLDTT", Decimal("0.80"), 1_880_000),
    ]
    assert (draft.individuals, draft.collectives, draft.total) == (2, 1, 4_930_000)
    assert draft.total_in_words == "Bốn triệu chín trăm ba mươi nghìn đồng"
    assert draft.subject == "Về việc khen thưởng tập thể, cá nhân có thành tích xuất sắc năm 2025"
    assert draft_decision(ctx, [items["hung"]], dt.date(2025, 12, 20)).subject == (
        "Về việc tặng danh hiệu “Lao động tiên tiến” năm 2025"
    )
    # The base salary in force on the decision date, not today's.
    early = draft_decision(ctx, [items["lan"]], dt.date(2026, 1, 5))
    assert early.lines[0].amount == 2_340_000
    with ctx.read() as s:
        assert s.scalar(select(func.count()).select_from(Decision)) == 0  # a draft writes nothing


def test_issuing_numbers_records_and_closes_the_items(ctx, desk):
    items = desk["items"]
    first = issue_decision(ctx, [items["hung"]], dt.date(2025, 12, 15), desk["signer"])
    second = issue_decision(ctx, [items["lan"], items["unit"]], dt.date(2025, 12, 20), desk["signer"])
    assert (first.number_text, second.number_text) == ("01/QĐ-SYT", "02/QĐ-SYT")
    assert (second.awards, second.total) == (2, 4_220_000)
    with ctx.read() as s:
        decision = s.get(Decision, second.decision_id)
        assert (decision.signer_name, decision.base_salary, decision.issuer) == (
            "Lê Văn Bình",
            2_340_000,
            "SỞ Y TẾ",
        )
        document = s.get(OutgoingDocument, second.document_id)
        assert (document.number, document.symbol, document.content["total"]) == (2, "QĐ-SYT", 4_220_000)
        amounts = dict(
            s.execute(
                select(Award.nomination_id, Award.bonus_amount).where(Award.decision_id == second.decision_id)
            ).all()
        )
        assert amounts == {items["lan"]: 2_340_000, items["unit"]: 1_880_000}
    statuses = {i.id: i.status for i in load_batch(ctx, desk["batch"]).items}
    assert statuses[items["lan"]] is S.DECIDED and statuses[items["bk"]] is S.PASSED
    record = person_record(ctx, desk["lan"])
    award = next(a for a in record.awards if a.year == 2025)
    assert award.decision_number == "02/QĐ-SYT" and "Chiến sĩ thi đua cơ sở" in award.name


def test_refusals_change_nothing(ctx, desk):
    items = desk["items"]
    with pytest.raises(ValidationError, match="không thuộc thẩm quyền Giám đốc Sở"):
        issue_decision(ctx, [items["hung"], items["bk"]], dt.date(2025, 12, 15), desk["signer"])
    change_status(ctx, [items["lan"]], S.IN_COUNCIL)
    with pytest.raises(ValidationError, match="đang ở trạng thái “Đưa ra Hội đồng”"):
        issue_decision(ctx, [items["lan"]], dt.date(2025, 12, 15), desk["signer"])
    with ctx.write() as s:  # Hùng already holds LĐTT 2025 from a decision recorded earlier
        ldtt = s.scalar(select(AwardType.id).where(AwardType.code == "LDTT"))
        s.add(
            Award(
                person_id=desk["hung"],
                award_type_id=ldtt,
                is_title=True,
                year=2025,
                source=AwardSource.HISTORY,
                revoked=False,
            )
        )
    with pytest.raises(ValidationError, match="Trần Văn Hùng đã có danh hiệu “Lao động tiên tiến” năm 2025"):
        issue_decision(ctx, [items["hung"], items["unit"]], dt.date(2025, 12, 15), desk["signer"])
    with ctx.read() as s:
        assert s.scalar(select(func.count()).select_from(Decision)) == 0
        assert s.scalar(select(func.count()).select_from(OutgoingDocument)) == 0  # no number was used up
    assert {i.status for i in load_batch(ctx, desk["batch"]).items} == {S.PASSED, S.IN_COUNCIL}


def test_forwarded_then_decided_above(ctx, desk):
    items = desk["items"]
    with pytest.raises(ValidationError, match="đang ở trạng thái “Đạt”"):
        record_higher_decision(
            ctx,
            [items["bk"]],
            "2345/QĐ-UBND",
            dt.date(2026, 1, 20),
            "UBND tỉnh Sơn Hà",
            AuthorityLevel.PROVINCE,
        )
    document_id, number = forward_to_higher(ctx, [items["bk"]], dt.date(2025, 12, 22), desk["signer"])
    assert number == "01/TTr-SYT"
    done = record_higher_decision(
        ctx, [items["bk"]], "2345/QĐ-UBND", dt.date(2026, 1, 20), "UBND tỉnh Sơn Hà", AuthorityLevel.PROVINCE
    )
    assert (done.number_text, done.total) == ("2345/QĐ-UBND", 3_510_000)
    with ctx.read() as s:
        decision = s.get(Decision, done.decision_id)
        assert (decision.level, decision.document_id, decision.year) == (AuthorityLevel.PROVINCE, None, 2025)
        assert s.get(OutgoingDocument, document_id).content["lines"][0]["name"] == "Lê Thu"
    item = next(i for i in load_batch(ctx, desk["batch"]).items if i.id == items["bk"])
    assert item.status is S.HIGHER_DECIDED and "2345/QĐ-UBND" in item.status_reason
    assert any(a.name.startswith("Bằng khen") for a in person_record(ctx, desk["thu"]).awards)


def test_the_higher_answer_is_recorded_whole_or_not_at_all(ctx, desk):
    """What the province granted and what it refused go in one unit of work: a refusal that cannot be
    written leaves the granted items unrecorded too, and a refusal needs its reason."""
    items = desk["items"]
    forward_to_higher(ctx, [items["bk"]], dt.date(2025, 12, 22), desk["signer"])
    answer = ("2345/QĐ-UBND", dt.date(2026, 1, 20), "UBND tỉnh Sơn Hà", AuthorityLevel.PROVINCE, None)

    def statuses():
        return {i.id: i.status for i in load_batch(ctx, desk["batch"]).items}

    before = statuses()
    # Lan's item was never sent up ("Đạt"): it cannot be refused by the province, so nothing is written.
    with pytest.raises(ValidationError, match="Không thể chuyển"):
        record_higher_outcome(
            ctx, [items["bk"]], *answer, refused_ids=[items["lan"]], reason="Không đủ điều kiện"
        )
    with pytest.raises(ValidationError, match="lý do"):
        record_higher_outcome(ctx, [], *answer, refused_ids=[items["bk"]], reason="  ")
    with pytest.raises(ValidationError, match="Chưa đánh dấu"):
        record_higher_outcome(ctx, [], *answer)
    assert statuses() == before
    with ctx.read() as s:
        assert s.scalar(select(func.count()).select_from(Decision)) == 0

    refused = record_higher_outcome(ctx, [], *answer, refused_ids=[items["bk"]], reason="Cấp trên không khen")
    assert refused.decision is None and refused.failed == 1
    item = next(i for i in load_batch(ctx, desk["batch"]).items if i.id == items["bk"])
    assert (item.status, item.status_reason) == (S.FAILED, "Cấp trên không khen")
    with ctx.read() as s:
        assert s.scalar(select(func.count()).select_from(Decision)) == 0
