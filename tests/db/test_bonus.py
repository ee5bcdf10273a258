"""Bonus money in the database: one bonus per achievement among emulation titles (NĐ 152/2025 Điều 49
khoản 5), the dated base salary (NĐ 161/2026/NĐ-CP from 01/07/2026) reaching an existing database, and the
note that explains a reduced amount in the decision's printed and Excel lists."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from openpyxl import load_workbook
from sqlalchemy import delete, select

from app.cli import main
from app.documents.state import quyet_dinh_khen_thuong
from app.exchange.lists import decision_list_xlsx
from app.services.agency import AgencyInfo, SignerInfo, save_agency
from app.services.awards import decision_detail
from app.services.bonus import bonus_quote
from app.services.catalogue import add_base_salary, base_salary_on, list_base_salaries
from app.services.context import ServiceContext
from app.services.decisions import draft_decision, forward_to_higher, issue_decision, record_higher_decision
from app.services.nominations import BatchData, add_nomination, create_batch
from app.settings import CATALOGUE_FINGERPRINT
from app.startup import open_database
from app.text import fold
from database.enums import AuthorityLevel, AwardSource, Certainty, RuleSet, UnitKind
from database.models import (
    AppSetting,
    Award,
    AwardType,
    BaseSalary,
    OutgoingDocument,
    Parameter,
    Person,
    Unit,
)
from tests.council_vote import pass_by_council
from tests.office import SON_HA

DAY_ONE, DAY_TWO = dt.date(2025, 12, 12), dt.date(2025, 12, 18)


@pytest.fixture
def desk(ctx):
    agency = save_agency(ctx, SON_HA)
    with ctx.write() as s:
        hospital = Unit(
            name="Bệnh viện Đa khoa tỉnh",
            name_folded=fold("Bệnh viện Đa khoa tỉnh"),
            kind=UnitKind.HOSPITAL,
            code="BVDK",
        )
        s.add(hospital)
        s.flush()
        people = [
            Person(
                full_name=n,
                name_folded=fold(n),
                sort_key=n,
                birth_date=dt.date(1980 + i, 3, 4),
                birth_year=1980 + i,
                unit_id=hospital.id,
                position="Bác sĩ",
            )
            for i, n in enumerate(["Nguyễn Thị Lan", "Trần Văn Hùng"])
        ]
        s.add_all(people)
        s.flush()
        ids = {"hospital": hospital.id, "lan": people[0].id, "hung": people[1].id}
    batch = create_batch(
        ctx,
        BatchData(
            year=2025, title="Đề nghị năm 2025", unit_id=ids["hospital"], received_on=dt.date(2025, 12, 1)
        ),
    )

    def nominate(code: str, who: str) -> int:
        subject = {"unit_id": ids[who]} if who == "hospital" else {"person_id": ids[who]}
        item = add_nomination(ctx, batch, code, **subject)
        pass_by_council(ctx, [item])
        return item

    return {**ids, "nominate": nominate, "signer": agency.signers[0].id}


def _awards(ctx, decision_id: int) -> dict[tuple[int | None, int | None, str], tuple[int | None, str | None]]:
    with ctx.read() as s:
        rows = s.execute(
            select(Award.person_id, Award.unit_id, AwardType.code, Award.bonus_amount, Award.bonus_note)
            .join(AwardType, AwardType.id == Award.award_type_id)
            .where(Award.decision_id == decision_id)
        ).all()
    return {(p, u, code): (amount, note) for p, u, code, amount, note in rows}


def _several_titles(ctx, mode: str, since: dt.date = dt.date(2024, 1, 1)) -> None:
    """The office sets its own reading of "only the highest" (a PROVINCE row overrides the national one)."""
    with ctx.write() as s:
        s.add(
            Parameter(
                rule_set=RuleSet.PROVINCE,
                key="bonus_several_titles",
                value=mode,
                effective_from=since,
                source="Quy chế TĐKT của tỉnh",
                certainty=Certainty.VERIFIED,
                local=True,
            )
        )


def test_titles_in_one_decision_pay_only_the_highest_nd152_dieu49_khoan5(ctx, desk, tmp_path):
    """NĐ 152/2025 Điều 49 khoản 5: LĐTT and CSTĐCS of 2025 for one person in one decision pay only CSTĐCS;
    a form (Giấy khen) beside them is paid too, as is another person's LĐTT."""
    nominate = desk["nominate"]
    ldtt, cstdcs, form = nominate("LDTT", "lan"), nominate("CSTDCS", "lan"), nominate("GIAY_KHEN", "lan")
    other = nominate("LDTT", "hung")
    draft = draft_decision(ctx, [ldtt, cstdcs, form, other], DAY_TWO)
    lines = {x.nomination_id: (x.amount, x.note) for x in draft.lines}
    assert lines[cstdcs] == (2_340_000, None)
    assert lines[ldtt] == (0, "Không chi: cùng thành tích chỉ nhận mức cao nhất (“Chiến sĩ thi đua cơ sở”)")
    assert lines[form] == (710_000, None) and lines[other] == (710_000, None)
    assert draft.total == 3_760_000  # the old rule paid 4.470.000
    assert draft.total_in_words == "Ba triệu bảy trăm sáu mươi nghìn đồng"

    issued = issue_decision(ctx, [ldtt, cstdcs, form, other], DAY_TWO, desk["signer"])
    assert issued.total == 3_760_000
    stored = _awards(ctx, issued.decision_id)
    assert stored[(desk["lan"], None, "LDTT")] == lines[ldtt]
    with ctx.read() as s:
        content = s.get(OutgoingDocument, issued.document_id).content
    assert content["total"] == 3_760_000
    assert [
        x["note"] for x in content["lines"] if x["award"] == "LDTT" and x["name"] == "Nguyễn Thị Lan"
    ] == [lines[ldtt][1]]

    # The printed list has a "Ghi chú" column before the amount; its total is the decision's.
    agency = AgencyInfo(parent_name="UBND tỉnh Sơn Hà", name="Sở Y tế", symbol="SYT", place_name="Sơn Hà")
    printed = quyet_dinh_khen_thuong(
        agency, SignerInfo("Lê Văn Bình", "Giám đốc"), content, subject="Về việc khen thưởng", year=2025
    )
    table = printed.annexes[0].table
    assert table.headers[-2:] == ("Ghi chú", "Số tiền (đồng)")
    assert any(row[-2] == lines[ldtt][1] and row[-1] == "0" for row in table.rows if isinstance(row, tuple))
    assert table.totals == ("Tổng cộng", "3.760.000")

    # And so does the Excel list of the decision.
    detail = decision_detail(ctx, issued.decision_id)
    assert detail.total == detail.decision.total == 3_760_000
    path = tmp_path / "ds.xlsx"
    decision_list_xlsx(path, detail, None, {})
    cells = [
        [c for c in row if c is not None] for row in load_workbook(path).active.iter_rows(values_only=True)
    ]
    assert any(row[-1:] == ["Ghi chú"] for row in cells)
    assert any(lines[ldtt][1] in row for row in cells)
    assert any("3760000" in [str(c) for c in row] for row in cells)


def test_collective_titles_of_a_year_pay_only_the_highest_nd152_dieu49_khoan5(ctx, desk):
    """NĐ 152/2025 Điều 49 khoản 5 holds for a collective: TTLĐTT (0,8) by the Director, then the province's
    decision with TTLĐXS (1,5) and Cờ thi đua (8,0): only the Cờ is paid, less the TTLĐTT already paid."""
    nominate = desk["nominate"]
    issue_decision(ctx, [nominate("TTLDTT", "hospital")], DAY_ONE, desk["signer"])
    above = [nominate("TTLDXS", "hospital"), nominate("CO_TINH", "hospital")]
    forward_to_higher(ctx, above, DAY_TWO, desk["signer"])
    done = record_higher_decision(
        ctx, above, "77/QĐ-UBND", dt.date(2025, 12, 28), "UBND tỉnh Sơn Hà", AuthorityLevel.PROVINCE
    )
    paid = _awards(ctx, done.decision_id)
    assert paid[(None, desk["hospital"], "TTLDXS")] == (
        0,
        "Không chi: cùng thành tích chỉ nhận mức cao nhất (“Cờ thi đua của Ủy ban nhân dân tỉnh”)",
    )
    assert paid[(None, desk["hospital"], "CO_TINH")] == (
        18_720_000 - 1_880_000,
        "Trừ 1.880.000 đ đã nhận theo QĐ số 01/QĐ-SYT ngày 12/12/2025 (“Tập thể lao động tiên tiến”)",
    )
    assert done.total == 16_840_000


def test_a_later_higher_title_pays_the_difference_nd152_dieu49_khoan5(ctx, desk):
    """NĐ 152/2025 Điều 49 khoản 5 with the default "difference": LĐTT paid on 30/06/2026 at 2.340.000 đ, then
    CSTĐCS on 15/07/2026 at 2.530.000 đ (NĐ 161/2026) pays 2.530.000 − 710.000; the note names the decision."""
    nominate = desk["nominate"]
    first = issue_decision(ctx, [nominate("LDTT", "lan")], dt.date(2026, 6, 30), desk["signer"])
    assert first.total == 710_000
    later = issue_decision(ctx, [nominate("CSTDCS", "lan")], dt.date(2026, 7, 15), desk["signer"])
    assert later.total == 1_820_000
    assert _awards(ctx, later.decision_id)[(desk["lan"], None, "CSTDCS")] == (
        1_820_000,
        "Trừ 710.000 đ đã nhận theo QĐ số 01/QĐ-SYT ngày 30/06/2026 (“Lao động tiên tiến”)",
    )
    # The earlier decision is a signed document: it keeps what it paid.
    assert _awards(ctx, first.decision_id)[(desk["lan"], None, "LDTT")] == (710_000, None)
    # CSTĐ cấp tỉnh decided above later still: what the year's titles paid is taken off (7.590.000 − 2.530.000).
    tinh = nominate("CSTD_TINH", "lan")
    forward_to_higher(ctx, [tinh], dt.date(2026, 7, 20), desk["signer"])
    above = record_higher_decision(
        ctx, [tinh], "88/QĐ-UBND", dt.date(2026, 8, 1), "UBND tỉnh Sơn Hà", AuthorityLevel.PROVINCE
    )
    amount, note = _awards(ctx, above.decision_id)[(desk["lan"], None, "CSTD_TINH")]
    assert amount == 7_590_000 - 2_530_000
    assert note.startswith(
        "Trừ 2.530.000 đ đã nhận theo QĐ số 01/QĐ-SYT ngày 30/06/2026 (“Lao động tiên tiến”); "
        "QĐ số 02/QĐ-SYT ngày 15/07/2026 (“Chiến sĩ thi đua cơ sở”)"
    )


def test_a_later_lower_title_pays_nothing_nd152_dieu49_khoan5(ctx, desk):
    """NĐ 152/2025 Điều 49 khoản 5: CSTĐCS paid first, LĐTT of the same year decided later adds nothing."""
    nominate = desk["nominate"]
    issue_decision(ctx, [nominate("CSTDCS", "lan")], DAY_ONE, desk["signer"])
    late = draft_decision(ctx, [nominate("LDTT", "lan"), nominate("LDTT", "hung")], DAY_TWO)
    assert [(x.subject_name, x.amount, x.note) for x in late.lines] == [
        (
            "Nguyễn Thị Lan",
            0,
            "Không chi: đã nhận 2.340.000 đ theo QĐ số 01/QĐ-SYT ngày 12/12/2025 (“Chiến sĩ thi đua cơ sở”)",
        ),
        ("Trần Văn Hùng", 710_000, None),
    ]


def test_a_title_recorded_without_its_amount_counts_at_its_full_amount_nd152_dieu49_khoan5(ctx, desk):
    """NĐ 152/2025 Điều 49 khoản 5: a LĐTT from the history (no amount kept) was paid 0,3 × the base salary of
    its date: 0,3 × 1.800.000 = 540.000 đ on 10/12/2023, taken off a CSTĐCS of that year."""
    with ctx.write() as s:
        ldtt = s.scalar(select(AwardType.id).where(AwardType.code == "LDTT"))
        s.add(
            Award(
                person_id=desk["lan"],
                award_type_id=ldtt,
                is_title=True,
                year=2023,
                source=AwardSource.HISTORY,
                decision_number="55/QĐ-SYT",
                decision_date=dt.date(2023, 12, 10),
                revoked=False,
            )
        )
        cstdcs = s.scalar(select(AwardType.id).where(AwardType.code == "CSTDCS"))
        s.add(
            Award(
                person_id=desk["hung"],
                award_type_id=cstdcs,
                is_title=True,
                year=2023,
                revoked=True,
                source=AwardSource.HISTORY,
            )
        )  # revoked: paid back, not counted
    batch = create_batch(
        ctx,
        BatchData(
            year=2023,
            title="Đề nghị bổ sung 2023",
            unit_id=desk["hospital"],
            received_on=dt.date(2023, 12, 1),
        ),
    )
    items = [
        add_nomination(ctx, batch, "CSTDCS", person_id=desk["lan"]),
        add_nomination(ctx, batch, "CSTDCS", person_id=desk["hung"]),
    ]
    pass_by_council(ctx, items)
    draft = draft_decision(ctx, items, dt.date(2023, 12, 20))
    assert [(x.amount, x.note) for x in draft.lines] == [
        (
            1_800_000 - 540_000,
            "Trừ 540.000 đ đã nhận theo QĐ số 55/QĐ-SYT ngày 10/12/2023 (“Lao động tiên tiến”)",
        ),
        (1_800_000, None),
    ]


def test_highest_only_pays_a_later_higher_title_in_full_nd152_dieu49_khoan5(ctx, desk):
    """NĐ 152/2025 Điều 49 khoản 5 read as "highest only" (the office's parameter): no subtraction ever. A later
    title higher than every one paid that year is paid in full (the signed LĐTT stands); one that is not
    higher gets nothing; within one decision only the highest is paid, as always."""
    _several_titles(ctx, "highest_only")
    nominate = desk["nominate"]
    issue_decision(ctx, [nominate("LDTT", "lan"), nominate("CSTDCS", "hung")], DAY_ONE, desk["signer"])
    later = draft_decision(ctx, [nominate("CSTDCS", "lan"), nominate("LDTT", "hung")], DAY_TWO)
    assert [(x.subject_name, x.award_code, x.amount, x.note) for x in later.lines] == [
        ("Nguyễn Thị Lan", "CSTDCS", 2_340_000, None),
        (
            "Trần Văn Hùng",
            "LDTT",
            0,
            "Không chi: đã nhận mức thưởng không thấp hơn theo QĐ số 01/QĐ-SYT ngày "
            "12/12/2025 (“Chiến sĩ thi đua cơ sở”)",
        ),
    ]


def test_a_wrong_mode_is_refused_in_vietnamese(ctx, desk):
    from app.errors import UserError

    _several_titles(ctx, "nửa vời")
    with pytest.raises(UserError, match="bonus_several_titles"):
        draft_decision(ctx, [desk["nominate"]("LDTT", "lan")], DAY_TWO)


# --- the dated base salary ---------------------------------------------------------------------------------


def test_the_base_salary_rises_on_01_07_2026_nd161_2026(ctx):
    """NĐ 161/2026/NĐ-CP [P]: 2.530.000 đ from 01/07/2026; LĐTT = 0,3 × 2.530.000 = 759.000 → 760.000 đ
    (rounded up to tens of thousands, NĐ 152/2025 Điều 49 khoản 2)."""
    assert base_salary_on(ctx, dt.date(2026, 6, 30)) == 2_340_000
    assert base_salary_on(ctx, dt.date(2026, 7, 1)) == 2_530_000
    assert bonus_quote(ctx, "LDTT", dt.date(2026, 7, 15)).amount == 760_000
    assert bonus_quote(ctx, "LDTT", dt.date(2026, 6, 30)).amount == 710_000
    assert bonus_quote(ctx, "CSTDCS", dt.date(2026, 7, 15)).amount == 2_530_000
    quote = bonus_quote(ctx, "ttldxs", dt.date(2026, 7, 15))  # for collectives only: quoted for one
    assert (quote.collective, quote.amount) == (True, 3_800_000)  # 1,5 × 2.530.000 = 3.795.000 → 3.800.000
    assert "NĐ 161/2026/NĐ-CP [P]" in quote.source and "Điều 49 khoản 2" in quote.source


def _reopen_at_the_old_catalogue(db, tmp_path, before=None) -> list:
    """Make the database look as the previous release left it (no 01/07/2026 row, that release's
    fingerprint), let `before` do what the office did then, and open it again as the new release does."""
    ctx = ServiceContext(db, actor="tester")
    with ctx.write() as s:
        s.execute(delete(BaseSalary).where(BaseSalary.effective_from == dt.date(2026, 7, 1)))
        s.merge(AppSetting(key=CATALOGUE_FINGERPRINT.key, value="0" * 64))
    if before:
        before(ctx)
    url = db.engine.url
    db.dispose()
    again = open_database(url, backup_dir=tmp_path / "again")
    try:
        return list_base_salaries(ServiceContext(again, actor="tester"))
    finally:
        again.dispose()


def test_an_existing_database_receives_the_new_base_salary_at_start(db, tmp_path):
    rows = _reopen_at_the_old_catalogue(db, tmp_path)
    assert [(b.effective_from, b.amount, b.legal_basis, b.certainty, b.local) for b in rows[:2]] == [
        (dt.date(2026, 7, 1), 2_530_000, "NĐ 161/2026/NĐ-CP", Certainty.PROBABLE, False),
        (dt.date(2024, 7, 1), 2_340_000, "NĐ 73/2024/NĐ-CP", Certainty.VERIFIED, False),
    ]


def test_the_update_leaves_the_office_own_rows_alone(db, tmp_path):
    def office(ctx):  # the office entered the rise itself before the release shipped it, and a later one
        add_base_salary(ctx, dt.date(2026, 7, 1), 2_530_000, "Công văn của Sở Tài chính")
        add_base_salary(ctx, dt.date(2027, 1, 1), 2_600_000, "Giả định của cơ quan")

    rows = _reopen_at_the_old_catalogue(db, tmp_path, office)
    assert [(b.effective_from, b.amount, b.legal_basis, b.local) for b in rows[:3]] == [
        (dt.date(2027, 1, 1), 2_600_000, "Giả định của cơ quan", True),
        (dt.date(2026, 7, 1), 2_530_000, "Công văn của Sở Tài chính", True),
        (dt.date(2024, 7, 1), 2_340_000, "NĐ 73/2024/NĐ-CP", False),
    ]


# --- the command line ----------------------------------------------------------------------------------------


def cli(capsys, db, *args) -> tuple[int, str, str]:
    code = main(["--db-url", db.url.render_as_string(hide_password=False), *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_bonus_on_both_sides_of_01_07_2026(capsys, db):
    """`bonus`: coefficient × mức lương cơ sở of the day, rounded up (NĐ 152/2025 Điều 49 khoản 2)."""
    code, out, err = cli(capsys, db, "bonus", "--title", "LDTT", "--date", "2026-07-15", "--json")
    assert code == 0 and err == ""
    quote = json.loads(out)
    assert set(quote) == {"title", "coefficient", "base_salary", "amount", "source"}
    assert (quote["title"], quote["coefficient"], quote["base_salary"], quote["amount"]) == (
        "LDTT",
        0.3,
        2_530_000,
        760_000,
    )
    assert "NĐ 161/2026/NĐ-CP [P]" in quote["source"] and "Điều 50" in quote["source"]
    assert json.loads(cli(capsys, db, "bonus", "--title", "LDTT", "--date", "2026-06-30", "--json")[1])[
        "amount"
    ] == (710_000)
    assert (
        json.loads(cli(capsys, db, "bonus", "--title", "CSTDCS", "--date", "2026-07-15", "--json")[1])[
            "amount"
        ]
        == 2_530_000
    )
    code, out, _ = cli(capsys, db, "bonus", "--title", "GIAY_KHEN", "--date", "15/07/2026", "--collective")
    assert code == 0 and "Giấy khen" in out and "tập thể" in out
    assert "0,6 × 2.530.000 đ = 1.518.000 đ, làm tròn lên 10.000 đ: 1.520.000 đ" in out
    assert "(Một triệu năm trăm hai mươi nghìn đồng)" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("--title", "KHONG_CO", "--date", "2026-07-15"),
            "Không có danh hiệu hoặc hình thức khen thưởng mã “KHONG_CO”",
        ),
        (
            ("--title", "LDTT", "--date", "2026-13-01"),
            "Ngày “2026-13-01” không hợp lệ; hãy viết theo dạng YYYY-MM-DD",
        ),
        (("--title", "LDTT", "--date", "hôm qua"), "Ngày “hôm qua” không hợp lệ"),
        (("--title", "LDTT", "--date", "1990-01-01"), "Chưa có mức lương cơ sở áp dụng cho ngày 01/01/1990"),
    ],
)
def test_cli_bonus_refusals_are_vietnamese_with_exit_2(capsys, db, args, message):
    code, out, err = cli(capsys, db, "bonus", *args, "--json")
    assert code == 2 and out == "" and message in err


def test_cli_awards_pay_each_decision_what_it_printed_nd152_dieu49_khoan5(capsys, db, ctx, desk):
    """`awards --year`: one row per award with what its decision pays after NĐ 152/2025 Điều 49 khoản 5; the
    rows of each decision add up to that decision's total."""
    nominate = desk["nominate"]
    first = issue_decision(ctx, [nominate("LDTT", "lan"), nominate("LDTT", "hung")], DAY_ONE, desk["signer"])
    later = issue_decision(
        ctx, [nominate("CSTDCS", "lan"), nominate("TTLDTT", "hospital")], DAY_TWO, desk["signer"]
    )
    code, out, err = cli(capsys, db, "awards", "--year", "2025", "--json")
    assert code == 0 and err == ""
    rows = json.loads(out)
    assert all(
        set(r) == {"full_name", "birth_date", "unit", "title", "decision", "date", "amount"} for r in rows
    )
    assert [
        (r["full_name"], r["birth_date"], r["unit"], r["title"], r["decision"], r["date"], r["amount"])
        for r in rows
    ] == [
        (
            "Nguyễn Thị Lan",
            "1980-03-04",
            "Bệnh viện Đa khoa tỉnh",
            "LDTT",
            "01/QĐ-SYT",
            "2025-12-12",
            710_000,
        ),
        ("Trần Văn Hùng", "1981-03-04", "Bệnh viện Đa khoa tỉnh", "LDTT", "01/QĐ-SYT", "2025-12-12", 710_000),
        (
            "Nguyễn Thị Lan",
            "1980-03-04",
            "Bệnh viện Đa khoa tỉnh",
            "CSTDCS",
            "02/QĐ-SYT",
            "2025-12-18",
            1_630_000,
        ),
        (
            "Bệnh viện Đa khoa tỉnh",
            None,
            "Bệnh viện Đa khoa tỉnh",
            "TTLDTT",
            "02/QĐ-SYT",
            "2025-12-18",
            1_880_000,
        ),
    ]
    lan = [r["amount"] for r in rows if r["full_name"] == "Nguyễn Thị Lan"]
    assert sum(lan) == 2_340_000  # no more than the highest title of the year
    for issued in (first, later):
        assert sum(r["amount"] for r in rows if r["decision"] == issued.number_text) == issued.total
        assert issued.total == decision_detail(ctx, issued.decision_id).decision.total
    assert json.loads(cli(capsys, db, "awards", "--year", "2025", "--unit", "bvdk", "--json")[1]) == rows
    assert json.loads(cli(capsys, db, "awards", "--year", "2024", "--json")[1]) == []
    code, out, _ = cli(capsys, db, "awards", "--year", "2025", "--unit", "Bệnh viện Đa khoa tỉnh")
    assert code == 0 and "Khen thưởng thành tích năm 2025: 4 lượt" in out
    assert (
        "Nguyễn Thị Lan (04/03/1980) — Bệnh viện Đa khoa tỉnh — Chiến sĩ thi đua cơ sở — QĐ 02/QĐ-SYT ngày "
        "18/12/2025 — 1.630.000 đ — Trừ 710.000 đ đã nhận theo QĐ số 01/QĐ-SYT ngày 12/12/2025"
    ) in out
    assert "Tổng tiền thưởng: 4.930.000 đ (Bốn triệu chín trăm ba mươi nghìn đồng)." in out
    code, out, err = cli(capsys, db, "awards", "--year", "2025", "--unit", "Bệnh viện Không Tên")
    assert code == 2 and out == "" and "Không có đơn vị “Bệnh viện Không Tên”" in err
