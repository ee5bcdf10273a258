"""The law by date: the Căn cứ lines of decisions, tờ trình and kế hoạch chosen by the document's date; a
nomination judged under the rule set of its dossier's receipt unless a later one favours the nominee; council
thresholds with their real source. Each rule's test names its article."""

from __future__ import annotations

import datetime as dt
import json

import pypdf
import pytest
from sqlalchemy import select

from app.cli import main
from app.errors import ValidationError
from app.services.agency import save_agency
from app.services.awards import decision_detail
from app.services.campaigns import CampaignInput, launch_draft, save_campaign
from app.services.catalogue import sync_catalogue
from app.services.council import threshold_sources_on, thresholds_on
from app.services.decisions import forward_to_higher, issue_decision
from app.services.documents import load_document, render_document
from app.services.eligibility import load_histories
from app.services.legal_bases import PROVINCE_LINE, legal_bases_on, province_rules, set_province_rule
from app.services.nominations import BatchData, add_nomination, create_batch, load_nominations
from app.services.review import item_verdicts
from app.text import fold
from database.enums import (
    AuthorityLevel,
    CampaignKind,
    Certainty,
    DocumentKind,
    RatingLevel,
    RuleSet,
    UnitKind,
)
from database.models import Parameter, Person, Posting, Rating, Unit
from tests.council_vote import pass_by_council
from tests.office import SON_HA

D, TT, PLAN = DocumentKind.DECISION, DocumentKind.SUBMISSION, DocumentKind.PLAN
LAW_2003 = (
    "Căn cứ Luật Thi đua, khen thưởng ngày 26 tháng 11 năm 2003; Luật sửa đổi, bổ sung một số điều của "
    "Luật Thi đua, khen thưởng ngày 14 tháng 6 năm 2005 và ngày 16 tháng 11 năm 2013;"
)
LAW_2022 = "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;"
LAW_2026 = (
    "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022; Luật sửa đổi, bổ sung một số điều của "
    "Luật Thi đua, khen thưởng ngày 23 tháng 4 năm 2026;"
)
ND_91 = "Nghị định số 91/2017/NĐ-CP ngày 31 tháng 7 năm 2017"
ND_98 = "Nghị định số 98/2023/NĐ-CP ngày 31 tháng 12 năm 2023"
ND_152 = "Nghị định số 152/2025/NĐ-CP ngày 14 tháng 6 năm 2025"
TT_25 = "Thông tư số 25/2023/TT-BYT ngày 29 tháng 12 năm 2023"
PROPOSAL = "Xét đề nghị của Hội đồng Thi đua – Khen thưởng Sở Y tế."
OLD_SET, NEW_SET = "Luật TĐKT 2022 và NĐ 152/2025/NĐ-CP", "Luật TĐKT 2022 (sửa đổi 2026) và NĐ 152/2025/NĐ-CP"


def pdf_text(path) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(path).pages)


def flat(text: str) -> str:
    """PDF text with its line breaks joined, to find a sentence the layout wrapped."""
    return " ".join(text.split())


@pytest.fixture
def office(ctx):
    """A hospital with one doctor on the staff since 2010, rated HTTNV every year 2023–2026, and an LĐTT
    nomination "Đạt" for each of those years, in batches received on 10/12 of the year."""
    agency = save_agency(ctx, SON_HA)
    with ctx.write() as s:
        hospital = Unit(
            name="Bệnh viện Đa khoa tỉnh", name_folded=fold("Bệnh viện Đa khoa tỉnh"), kind=UnitKind.HOSPITAL
        )
        s.add(hospital)
        s.flush()
        person = Person(
            full_name="Nguyễn Thị Lan",
            name_folded=fold("Nguyễn Thị Lan"),
            sort_key="lan",
            birth_year=1980,
            unit_id=hospital.id,
            position="Bác sĩ",
        )
        s.add(person)
        s.flush()
        s.add(Posting(person_id=person.id, unit_id=hospital.id, start_date=dt.date(2010, 1, 1)))
        s.add_all(Rating(person_id=person.id, year=y, level=RatingLevel.GOOD) for y in range(2023, 2027))
        ids = {"hospital": hospital.id, "lan": person.id}
    items = {}
    for year in range(2023, 2027):
        batch = create_batch(
            ctx,
            BatchData(
                year=year,
                title=f"Đề nghị năm {year}",
                unit_id=ids["hospital"],
                received_on=dt.date(year, 12, 10),
            ),
        )
        items[year] = add_nomination(ctx, batch, "LDTT", person_id=ids["lan"])
    pass_by_council(ctx, list(items.values()))
    return {**ids, "items": items, "signer": agency.signers[0].id}


# --- the Căn cứ lines by date ----------------------------------------------------------------------------


def test_the_lines_follow_the_texts_in_force_on_the_day(ctx):
    # Until 31/12/2023 the Luật 2003 (amended 2005, 2013) with NĐ 91/2017; no health-sector circular yet.
    lines = legal_bases_on(ctx, dt.date(2023, 12, 20), D)
    assert lines[0] == LAW_2003 and ND_91 in lines[1] and len(lines) == 3 and lines[-1] == PROPOSAL
    # Luật 06/2022/QH15 Điều 95: in force 01/01/2024, with NĐ 98/2023; TT 25/2023/TT-BYT only from 15/02/2024.
    lines = legal_bases_on(ctx, dt.date(2024, 1, 20), D)
    assert lines[0] == LAW_2022 and ND_98 in lines[1] and not any(TT_25 in x for x in lines)
    lines = legal_bases_on(ctx, dt.date(2024, 12, 20), D)
    assert lines[0] == LAW_2022 and ND_98 in lines[1] and TT_25 in lines[2]
    # NĐ 152/2025 from 01/07/2025 (its Điều 59 repeals NĐ 98/2023): 30/06/2025 still cites NĐ 98.
    assert ND_98 in legal_bases_on(ctx, dt.date(2025, 6, 30), D)[1]
    lines = legal_bases_on(ctx, dt.date(2025, 12, 20), D)
    assert lines[0] == LAW_2022 and ND_152 in lines[1] and not any(ND_98 in x for x in lines)
    # Luật 06/2026/QH16 amending the Luật TĐKT, in force 01/10/2026 [P].
    assert legal_bases_on(ctx, dt.date(2026, 9, 30), D)[0] == LAW_2022
    lines = legal_bases_on(ctx, dt.date(2026, 11, 20), D)
    assert lines[0] == LAW_2026 and ND_152 in lines[1] and TT_25 in lines[2]
    # A tờ trình and a kế hoạch cite the same texts, without the council's proposal.
    assert (
        legal_bases_on(ctx, dt.date(2024, 12, 20), TT) == legal_bases_on(ctx, dt.date(2024, 12, 20), D)[:-1]
    )
    assert legal_bases_on(ctx, dt.date(2023, 3, 1), PLAN) == legal_bases_on(ctx, dt.date(2023, 3, 1), D)[:-1]


def test_every_line_row_carries_its_source_and_certainty(ctx):
    with ctx.read() as s:
        rows = s.scalars(select(Parameter).where(Parameter.key.like("legal_basis_line.%"))).all()
    assert rows and all(r.source for r in rows)
    by_day = {(r.key, r.effective_from): r for r in rows}
    amended = by_day[("legal_basis_line.law", dt.date(2026, 10, 1))]
    assert "06/2026/QH16" in amended.source and amended.certainty is Certainty.PROBABLE
    assert by_day[("legal_basis_line.decree", dt.date(2025, 7, 1))].certainty is Certainty.VERIFIED


def test_decisions_cite_the_law_of_their_date(ctx, office, tmp_path):
    items, signer = office["items"], office["signer"]
    days = {
        2023: dt.date(2023, 12, 20),
        2024: dt.date(2024, 12, 20),
        2025: dt.date(2025, 12, 20),
        2026: dt.date(2026, 11, 20),
    }
    issued = {y: issue_decision(ctx, [items[y]], day, signer) for y, day in days.items()}
    bases = {y: decision_detail(ctx, issued[y].decision_id).legal_bases for y in days}
    assert bases[2023][0] == LAW_2003 and ND_91 in bases[2023][1]  # Luật 2003 (amended) and NĐ 91/2017
    assert bases[2024][0] == LAW_2022 and ND_98 in bases[2024][1] and TT_25 in bases[2024][2]
    assert ND_152 in bases[2025][1] and bases[2025][0] == LAW_2022
    assert bases[2026][0] == LAW_2026  # Luật 06/2026/QH16 from 01/10/2026 [P]

    # As printed: the decision of 2023 cites the old law and NĐ 91/2017, nothing of 2022 or later.
    text = flat(pdf_text(render_document(ctx, issued[2023].document_id, tmp_path / "qd-2023.pdf")))
    assert LAW_2003 in text and ND_91 in text and PROPOSAL in text
    assert "năm 2022" not in text and "152/2025" not in text and "25/2023/TT-BYT" not in text
    text = flat(pdf_text(render_document(ctx, issued[2024].document_id, tmp_path / "qd-2024.pdf")))
    assert LAW_2022 in text and ND_98 in text and TT_25 in text and "152/2025" not in text


def test_the_clerk_still_edits_the_lines_of_a_decision(ctx, office):
    own = ("Căn cứ Quyết định số 86/2025/QĐ-UBND của UBND tỉnh;", "Xét đề nghị của Trưởng phòng TCCB.")
    issued = issue_decision(
        ctx, [office["items"][2025]], dt.date(2025, 12, 20), office["signer"], legal_bases=own
    )
    assert decision_detail(ctx, issued.decision_id).legal_bases == own


def test_a_submission_takes_its_lines_by_date(ctx, office, tmp_path):
    doc_id, _number = forward_to_higher(
        ctx, [office["items"][2024]], dt.date(2024, 12, 22), office["signer"], AuthorityLevel.PROVINCE
    )
    draft = load_document(ctx, doc_id).draft
    assert draft.legal_bases == legal_bases_on(ctx, dt.date(2024, 12, 22), TT)
    assert draft.legal_bases[0] == LAW_2022 and ND_98 in draft.legal_bases[1]
    text = flat(pdf_text(render_document(ctx, doc_id, tmp_path / "tt.pdf")))
    assert ND_98 in text and TT_25 in text and "152/2025" not in text


def test_a_plan_opens_with_the_laws_of_its_date(ctx, office):
    campaign = save_campaign(
        ctx,
        CampaignInput(
            "Phong trào thi đua yêu nước năm 2023",
            CampaignKind.REGULAR,
            start_date=dt.date(2023, 1, 1),
            end_date=dt.date(2023, 12, 31),
            legal_basis="Thực hiện Kế hoạch số 12/KH-UBND của UBND tỉnh;",
        ),
    )
    old = launch_draft(ctx, campaign, PLAN, day=dt.date(2023, 3, 1)).text.splitlines()
    assert old[0] == LAW_2003 and ND_91 in old[2] and "Thực hiện Kế hoạch số 12/KH-UBND" in old[4]
    new = launch_draft(ctx, campaign, PLAN, day=dt.date(2026, 11, 2)).text
    assert new.startswith(LAW_2026) and ND_152 in new
    # A công văn phát động opens with the campaign's own words only.
    letter = launch_draft(ctx, campaign, DocumentKind.OFFICIAL_LETTER, day=dt.date(2023, 3, 1)).text
    assert letter.startswith("Thực hiện Kế hoạch số 12/KH-UBND")
    # A campaign whose opening already cites its bases keeps them alone.
    save_campaign(
        ctx,
        CampaignInput(
            "Phong trào thi đua yêu nước năm 2023",
            CampaignKind.REGULAR,
            legal_basis="Căn cứ Kế hoạch số 12/KH-UBND của UBND tỉnh;",
        ),
        campaign,
    )
    assert launch_draft(ctx, campaign, PLAN, day=dt.date(2023, 3, 1)).text.startswith("Căn cứ Kế hoạch số 12")


def test_the_province_regulation_as_the_office_enters_it(ctx):
    day = dt.date(2025, 12, 15)
    assert not any("QĐ-UBND" in x for x in legal_bases_on(ctx, dt.date(2025, 12, 20), D))
    with pytest.raises(ValidationError, match="văn bản quy định"):
        set_province_rule(ctx, PROVINCE_LINE, day, "Quyết định số 86/2025/QĐ-UBND", "")
    set_province_rule(
        ctx,
        PROVINCE_LINE,
        day,
        "Quyết định số 86/2025/QĐ-UBND ngày 05 tháng 12 năm 2025 của UBND "
        "tỉnh ban hành Quy định về công tác thi đua, khen thưởng",
        "QĐ 86/2025/QĐ-UBND ngày 05/12/2025",
    )
    line = (
        "Căn cứ Quyết định số 86/2025/QĐ-UBND ngày 05 tháng 12 năm 2025 của UBND tỉnh ban hành Quy định về "
        "công tác thi đua, khen thưởng;"
    )
    assert legal_bases_on(ctx, dt.date(2025, 12, 20), D)[-2:] == (line, PROPOSAL)
    assert line not in legal_bases_on(ctx, dt.date(2025, 12, 14), D)  # not before it took effect
    sync_catalogue(ctx, force=True)  # a later release leaves the office's row alone
    assert line in legal_bases_on(ctx, dt.date(2025, 12, 20), TT)
    entered = next(r for r in province_rules(ctx) if r.key == PROVINCE_LINE and r.local)
    assert (entered.effective_from, entered.source, entered.certainty) == (
        day,
        "QĐ 86/2025/QĐ-UBND ngày 05/12/2025",
        Certainty.VERIFIED,
    )


# --- council thresholds ----------------------------------------------------------------------------------


def test_thresholds_carry_their_real_source(ctx):
    after, before = dt.date(2025, 12, 1), dt.date(2025, 6, 30)
    codes = ["CSTD_TQ", "CO_CP", "CSTDCS", "CSTD_TINH", "CSTD_BO", "CO_TINH", "CO_BO"]
    values = thresholds_on(ctx, codes, after)
    assert {c: float(v) for c, v in values.items()} == {
        "CSTD_TQ": 0.9,
        "CO_CP": 0.8,
        "CSTDCS": 0.8,
        "CSTD_TINH": 0.9,
        "CSTD_BO": 0.9,
        "CO_TINH": 0.8,
        "CO_BO": 0.8,
    }
    assert thresholds_on(ctx, codes, before) == values  # the same values under NĐ 98/2023
    sources = threshold_sources_on(ctx, codes, after)
    # NĐ 152/2025 Điều 33 khoản 5 sets 90% for CSTĐ toàn quốc (and Anh hùng), 80% for Cờ thi đua Chính phủ.
    for code in ("CSTD_TQ", "CO_CP"):
        assert sources[code].startswith("NĐ 152/2025/NĐ-CP, Điều 33 khoản 5") and sources[code].endswith(
            "[V]"
        )
    # The rest is the province's regulation, which the office fills in.
    for code in ("CSTDCS", "CSTD_TINH", "CSTD_BO", "CO_TINH", "CO_BO"):
        assert sources[code] == "Quy định của UBND tỉnh (cơ quan điền số, ngày văn bản) [U]"
    # Before 01/07/2025: NĐ 98/2023 Điều 30 khoản 7 for all of them, as before.
    assert all(
        "NĐ 98/2023/NĐ-CP, Điều 30 khoản 7" in x for x in threshold_sources_on(ctx, codes, before).values()
    )
    with ctx.read() as s:
        province = s.scalars(
            select(Parameter).where(
                Parameter.rule_set == RuleSet.PROVINCE, Parameter.key.like("vote_threshold.%")
            )
        ).all()
    assert {r.key.split(".")[1] for r in province} == {"CSTDCS", "CSTD_TINH", "CSTD_BO", "CO_TINH", "CO_BO"}
    assert all(
        r.certainty is Certainty.UNVERIFIED and r.effective_from == dt.date(2025, 7, 1) for r in province
    )


def test_the_office_confirms_a_threshold_with_its_regulation(ctx):
    set_province_rule(
        ctx, "vote_threshold.CSTDCS", dt.date(2025, 12, 15), 0.75, "QĐ 86/2025/QĐ-UBND, Điều 9 khoản 2"
    )
    assert float(thresholds_on(ctx, ["CSTDCS"], dt.date(2025, 12, 20))["CSTDCS"]) == 0.75
    assert threshold_sources_on(ctx, ["CSTDCS"], dt.date(2025, 12, 20))["CSTDCS"] == (
        "QĐ 86/2025/QĐ-UBND, Điều 9 khoản 2 [V]"
    )
    with pytest.raises(ValidationError, match="không quá 100%"):
        set_province_rule(ctx, "vote_threshold.CSTDCS", dt.date(2025, 12, 15), 1.5, "QĐ 86/2025")
    with pytest.raises(ValidationError, match="không phải quy định do tỉnh"):
        set_province_rule(ctx, "bonus_rounding", dt.date(2025, 12, 15), 1, "QĐ 86/2025")


# --- the rule set that judges a nomination -----------------------------------------------------------------


def _lower_tenure_from_2026_10(ctx) -> None:
    """A hypothetical amendment of 01/10/2026 that shortens the tenure LĐTT needs (the real changes of Luật
    06/2026/QH16 are not known here [U]): a rule that favours a nominee recruited in 2026."""
    with ctx.write() as s:
        s.add(
            Parameter(
                rule_set=RuleSet.NATIONAL,
                key="ldtt_min_tenure_months",
                value=3,
                effective_from=dt.date(2026, 10, 1),
                source="giả định cho kiểm thử",
                certainty=Certainty.UNVERIFIED,
                local=True,
            )
        )


def _newcomer(ctx, office, received_on: dt.date | None) -> int:
    """Someone recruited in 06/2026 (7 months of work in 2026, short of 10 [U]) proposed for LĐTT 2026."""
    with ctx.write() as s:
        person = Person(
            full_name="Trần Văn Hùng",
            name_folded=fold("Trần Văn Hùng"),
            sort_key="hung",
            birth_year=1995,
            unit_id=office["hospital"],
            position="Điều dưỡng",
        )
        s.add(person)
        s.flush()
        s.add(Posting(person_id=person.id, unit_id=office["hospital"], start_date=dt.date(2026, 6, 1)))
        s.add(Rating(person_id=person.id, year=2026, level=RatingLevel.GOOD))
        person_id = person.id
    batch = create_batch(
        ctx,
        BatchData(year=2026, title="Đề nghị năm 2026", unit_id=office["hospital"], received_on=received_on),
    )
    return add_nomination(ctx, batch, "LDTT", person_id=person_id)


def _verdict(ctx, item_id: int, today: dt.date):
    items = load_nominations(ctx, [item_id])
    return item_verdicts(ctx, items, load_histories(ctx), today=today)[item_id]


def test_a_dossier_received_before_1_10_2026_is_judged_under_the_old_rule_set(ctx, office):
    # Luật 06/2026/QH16 (from 01/10/2026) [P]: a dossier received before that day follows Luật 06/2022/QH15.
    today = dt.date(2026, 12, 6)
    before = _newcomer(ctx, office, dt.date(2026, 9, 25))
    verdict = _verdict(ctx, before, today)
    assert verdict.law == OLD_SET and not verdict.eligible
    assert any("cần từ 10 tháng" in x for x in verdict.missing)
    after = _newcomer(ctx, office, dt.date(2026, 10, 5))
    assert _verdict(ctx, after, today).law == NEW_SET
    # The same item, with the rule set as it stood: received 10/12/2026, the year's LĐTT of the doctor.
    assert _verdict(ctx, office["items"][2026], today).law == NEW_SET
    assert _verdict(ctx, office["items"][2025], today).law == OLD_SET


def test_a_later_rule_set_that_favours_the_nominee_wins_and_says_so(ctx, office):
    _lower_tenure_from_2026_10(ctx)
    item = _newcomer(ctx, office, dt.date(2026, 9, 25))
    # Judged before the amendment took effect: only the rule set of the receipt exists.
    early = _verdict(ctx, item, dt.date(2026, 9, 28))
    assert early.law == OLD_SET and not early.eligible
    # Judged on 06/12/2026: the amended rule makes him eligible, so it applies, and the verdict names both.
    verdict = _verdict(ctx, item, dt.date(2026, 12, 6))
    assert verdict.eligible and verdict.law.startswith(NEW_SET) and OLD_SET in verdict.law
    assert any("cần từ 3 tháng" in x for x in verdict.met)


def test_a_batch_not_marked_received_is_judged_from_its_year(ctx, office):
    item = _newcomer(ctx, office, None)
    assert load_nominations(ctx, [item])[0].dossier_date <= dt.date(2026, 12, 31)
    # An old year entered today: judged from its year-end review, not by today's law.
    batch = create_batch(ctx, BatchData(year=2023, title="Nhập bổ sung năm 2023", unit_id=office["hospital"]))
    old = add_nomination(ctx, batch, "LDTT", person_id=office["lan"])
    assert load_nominations(ctx, [old])[0].dossier_date == dt.date(2023, 12, 31)
    assert _verdict(ctx, old, dt.date(2026, 12, 6)).law == "NĐ 91/2017/NĐ-CP"


def test_the_cli_names_the_rule_set_of_each_verdict(capsys, db, office):
    url = db.url.render_as_string(hide_password=False)
    for year, rule_set in ((2025, OLD_SET), (2026, NEW_SET)):
        assert main(["--db-url", url, "eligibility", "--year", str(year), "--title", "LDTT", "--json"]) == 0
        rows = json.loads(capsys.readouterr().out)
        assert rows and {r["rule_set"] for r in rows} == {rule_set}
