"""No award twice (Luật TĐKT 2022 Điều 5 khoản 2 điểm c: one achievement, one award): a holder of the award
shows "Đã được khen" with the decision, is left out of "Đề nghị…", and nominating them again is refused
naming the decision unless the clerk writes why (kept on the item and in the audit row). A once-only honour
(KNC "Vì sức khỏe nhân dân", periodic ONCE) counts in any year."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import select

from app.errors import ValidationError
from app.rules import HELD, judge
from app.services.agency import save_agency
from app.services.decisions import issue_decision
from app.services.eligibility import eligibility, load_histories
from app.services.eligibility_view import propose_candidates
from app.services.nominations import (
    AlreadyAwarded,
    BatchData,
    add_nomination,
    create_batch,
    load_batch,
)
from app.text import fold
from database.enums import AwardBasis, AwardSource, Gender, RatingLevel, UnitKind
from database.models import AuditEntry, Award, AwardType, Nomination, Person, Posting, Rating, Unit
from tests.council_vote import pass_by_council
from tests.db.test_eligibility import cli
from tests.office import SON_HA


def agency_and_hospital(ctx) -> tuple[int, int]:
    """The Department with its Director as signer, and one hospital: (signer id, hospital id)."""
    agency = save_agency(ctx, SON_HA)
    with ctx.write() as s:
        hospital = Unit(
            name="Bệnh viện Đa khoa tỉnh", name_folded=fold("Bệnh viện Đa khoa tỉnh"), kind=UnitKind.HOSPITAL
        )
        s.add(hospital)
        s.flush()
        return agency.signers[0].id, hospital.id


@pytest.fixture
def office(ctx):
    """A hospital with Lan (LĐTT 2025 by decision 01/QĐ-SYT) and Hùng (not yet awarded), both rated HTTNV."""
    signer, hospital_id = agency_and_hospital(ctx)
    with ctx.write() as s:
        people = {}
        for key, name, gender, since in (
            ("lan", "Nguyễn Thị Lan", Gender.FEMALE, dt.date(2000, 1, 1)),
            ("hung", "Trần Văn Hùng", Gender.MALE, dt.date(2001, 1, 1)),
        ):
            p = Person(
                full_name=name,
                name_folded=fold(name),
                sort_key=name,
                birth_year=1975,
                gender=gender,
                unit_id=hospital_id,
                health_sector_since=since,
            )
            s.add(p)
            s.flush()
            s.add(Posting(person_id=p.id, unit_id=hospital_id, start_date=since))
            s.add(Rating(person_id=p.id, year=2025, level=RatingLevel.GOOD))
            people[key] = p.id
    batch = create_batch(
        ctx,
        BatchData(
            year=2025, title="Đề nghị LĐTT 2025", unit_id=hospital_id, received_on=dt.date(2025, 12, 1)
        ),
    )
    item = add_nomination(ctx, batch, "LDTT", person_id=people["lan"])
    pass_by_council(ctx, [item])
    issued = issue_decision(ctx, [item], dt.date(2025, 12, 15), signer)
    return {**people, "hospital": hospital_id, "decision": issued.number_text}


def test_a_holder_shows_held_with_the_decision(ctx, office):
    """Luật Đ5.2c: Lan's LĐTT 2025 is on record: "Đã được khen" with 01/QĐ-SYT, never "Đủ điều kiện"."""
    rows = {c.full_name: c for c in eligibility(ctx, 2025, "LDTT")}
    lan, hung = rows["Nguyễn Thị Lan"].verdict, rows["Trần Văn Hùng"].verdict
    assert lan.status == HELD and not lan.eligible and lan.status_text == "Đã được khen"
    assert lan.held == f"Đã được khen LĐTT 2025 (QĐ {office['decision']} ngày 15/12/2025)"
    assert hung.eligible and not hung.held
    assert rows["Nguyễn Thị Lan"].as_json()["held"] == lan.held
    # Another year is another achievement.
    with ctx.write() as s:
        s.add(Rating(person_id=office["lan"], year=2026, level=RatingLevel.GOOD))
    assert next(c for c in eligibility(ctx, 2026, "LDTT") if c.full_name == "Nguyễn Thị Lan").verdict.eligible


def test_nominating_a_holder_is_refused_naming_the_decision(ctx, office):
    """Luật Đ5.2c: refused with the decision; with a written reason accepted, and the audit row keeps it."""
    batch = create_batch(
        ctx, BatchData(year=2025, title="Đề nghị bổ sung", received_on=dt.date(2025, 12, 20))
    )
    with pytest.raises(AlreadyAwarded) as refused:
        add_nomination(ctx, batch, "LDTT", person_id=office["lan"])
    message = str(refused.value)
    assert message.startswith("Nguyễn Thị Lan: Đã được khen LĐTT 2025 (QĐ 01/QĐ-SYT ngày 15/12/2025)")
    assert "hãy ghi rõ lý do" in message and refused.value.held.startswith("Đã được khen LĐTT 2025")
    assert load_batch(ctx, batch).items == ()
    add_nomination(ctx, batch, "LDTT", person_id=office["hung"])  # not a holder: no reason asked

    why = "Quyết định 01/QĐ-SYT ghi sai năm, đề nghị lại để đính chính"
    item = add_nomination(ctx, batch, "LDTT", person_id=office["lan"], override_reason=f"  {why} ")
    with ctx.read() as s:
        assert s.get(Nomination, item).override_reason == why
        audit = s.scalars(
            select(AuditEntry).where(
                AuditEntry.entity == "nomination", AuditEntry.entity_id == item, AuditEntry.action == "create"
            )
        ).one()
        assert audit.after["override_reason"] == why
        assert why in audit.summary and "01/QĐ-SYT" in audit.summary
    # A blank reason is no reason.
    other = create_batch(ctx, BatchData(year=2025, title="Đề nghị khác"))
    with pytest.raises(AlreadyAwarded):
        add_nomination(ctx, other, "LDTT", person_id=office["lan"], override_reason="   ")


def test_a_sudden_form_is_another_achievement_but_a_title_is_not(ctx, office):
    """NĐ 152/2025 Đ4.3: a Giấy khen đột xuất rewards another achievement than the year's merit; a title is
    held once a year whatever its basis."""
    with ctx.write() as s:
        gk = s.scalar(select(AwardType.id).where(AwardType.code == "GIAY_KHEN"))
        s.add(
            Award(
                person_id=office["hung"],
                award_type_id=gk,
                is_title=False,
                year=2025,
                basis=AwardBasis.SUDDEN,
                source=AwardSource.HISTORY,
                decision_number="9/QĐ-SYT",
            )
        )
    batch = create_batch(ctx, BatchData(year=2025, title="Giấy khen năm 2025"))
    add_nomination(ctx, batch, "GIAY_KHEN", person_id=office["hung"])  # merit: not the sudden one
    with pytest.raises(AlreadyAwarded, match="9/QĐ-SYT"):
        add_nomination(
            ctx,
            create_batch(ctx, BatchData(year=2025, title="Đột xuất")),
            "GIAY_KHEN",
            person_id=office["hung"],
            basis=AwardBasis.SUDDEN,
        )


def test_propose_leaves_the_holder_out(ctx, office):
    """Luật Đ5.2c: "Đề nghị…" never nominates the holder again, and says so."""
    picked = [c for c in eligibility(ctx, 2025, "LDTT")]
    assert {c.full_name for c in picked} == {"Nguyễn Thị Lan", "Trần Văn Hùng"}
    done = propose_candidates(ctx, BatchData(year=2025, title="Đề nghị từ danh sách"), picked)
    assert done.items == 1
    assert done.left_out == ("Nguyễn Thị Lan: Đã được khen LĐTT 2025 (QĐ 01/QĐ-SYT ngày 15/12/2025)",)
    assert [i.subject_name for i in load_batch(ctx, done.batch_id).items] == ["Trần Văn Hùng"]
    lan_only = [c for c in picked if c.full_name == "Nguyễn Thị Lan"]
    with pytest.raises(ValidationError, match="đều đã được khen"):
        propose_candidates(ctx, BatchData(year=2025, title="Chỉ Lan"), lan_only)


def test_a_once_only_honour_counts_in_any_year(ctx, office):
    """KNC "Vì sức khỏe nhân dân" is given once (TT 25/2023/TT-BYT, Luật Đ71.2; periodic ONCE): a 2019 KNC
    makes Lan "Đã được khen" in 2025 and refuses her nomination in any year."""
    with ctx.write() as s:
        knc = s.scalar(select(AwardType.id).where(AwardType.code == "KNC_VSKND"))
        s.add(
            Award(
                person_id=office["lan"],
                award_type_id=knc,
                is_title=False,
                year=2019,
                source=AwardSource.HISTORY,
                decision_number="1234/QĐ-BYT",
                decision_date=dt.date(2019, 2, 27),
            )
        )
    hist = load_histories(ctx)
    v = judge(hist.persons[office["lan"]], "KNC_VSKND", 2025, hist.book)
    assert v.status == HELD
    assert v.held == "Đã được khen KNC VSKND 2019 (QĐ 1234/QĐ-BYT ngày 27/02/2019) — chỉ tặng một lần"
    for year in (2025, 2030):
        batch = create_batch(ctx, BatchData(year=year, title=f"KNC {year}"))
        with pytest.raises(AlreadyAwarded, match="1234/QĐ-BYT"):
            add_nomination(ctx, batch, "KNC_VSKND", person_id=office["lan"])
        add_nomination(ctx, batch, "KNC_VSKND", person_id=office["hung"])


def test_the_command_line_says_held_with_the_decision(capsys, db, ctx, office):
    """Luật Đ5.2c, from the command line: "[ĐÃ KHEN]" with the decision, and "status": "HELD" in JSON."""
    code, out, err = cli(capsys, db, "--year", "2025", "--title", "LDTT")
    assert code == 0 and err == ""
    assert "== LDTT: 1/2 đủ điều kiện theo hồ sơ, 1 đã được khen ==" in out
    assert "[ĐÃ KHEN] Nguyễn Thị Lan (1975) — Bệnh viện Đa khoa tỉnh" in out
    assert "    = Đã được khen LĐTT 2025 (QĐ 01/QĐ-SYT ngày 15/12/2025)" in out
    code, out, _ = cli(capsys, db, "--year", "2025", "--title", "LDTT", "--json")
    lan = next(r for r in json.loads(out) if r["full_name"] == "Nguyễn Thị Lan")
    assert (lan["status"], lan["verdict"], lan["eligible"]) == ("HELD", "Đã được khen", False)
    assert lan["held"] == "Đã được khen LĐTT 2025 (QĐ 01/QĐ-SYT ngày 15/12/2025)"
