"""A unit's nomination list (app.services.nomination_import) on SQLite and PostgreSQL: the TCVN3 list with a
two-row header becomes a batch with the catalogue's codes and the verdicts; unknown people are listed, not
created; probable matches wait for the clerk; unknown wordings are asked once and remembered."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import func, select

from app.cli import main
from app.errors import UserError, ValidationError
from app.exchange.roster import NOMINATION_FIELDS, guess_mapping, read_roster
from app.services.nomination_import import (
    AMBIGUOUS,
    EXACT,
    LEFT_OUT,
    PROBABLE,
    UNKNOWN,
    BatchFile,
    apply_nomination_import,
    guess_attachment_kind,
    listed_year,
    names_a_unit,
    plan_nomination_import,
    read_proposals,
    remember_wording,
)
from app.services.nominations import load_batch
from app.services.staff import IncomingPerson
from app.services.units import UnitData, create_unit, create_unit_under_department
from app.text import fold, name_sort_key
from database.enums import AttachmentKind, AwardSource, RatingLevel, UnitKind
from database.models import (
    AuditEntry,
    Award,
    AwardType,
    Nomination,
    NominationAttachment,
    NominationBatch,
    Person,
    Posting,
    Rating,
    TitleWording,
    Unit,
)
from tests.db.test_audit_chain import _cli
from tests.nomination_list import ROWS, SAMPLE, write_nomination_list

YEAR = 2026
# (name, birth, ratings 2024–2026)
STAFF = (
    ("Nguyễn Thị Lan", dt.date(1980, 3, 1), RatingLevel.EXCELLENT),
    ("Trần Văn Hùng", dt.date(1975, 6, 15), RatingLevel.GOOD),
    ("Phạm Minh Châu", dt.date(1990, 1, 20), RatingLevel.GOOD),
    ("Đỗ Thị Mai", dt.date(1978, 9, 2), RatingLevel.EXCELLENT),
    ("Lê Thị Thu", dt.date(1988, 11, 5), RatingLevel.GOOD),  # the list writes "Le Thi Thu": probable
)


def build_world(ctx) -> dict[str, int]:
    """The hospital of the sample with its Khoa Nội, and the people of the sample but Hoàng Văn Nam."""
    create_unit(ctx, None, UnitData("Sở Y tế", UnitKind.DEPARTMENT))
    hospital = create_unit_under_department(ctx, "Bệnh viện Đa khoa tỉnh", UnitKind.HOSPITAL)
    ids = {"hospital": hospital}
    with ctx.write() as s:
        ward = Unit(
            name="Khoa Nội", name_folded=fold("Khoa Nội"), kind=UnitKind.CLINICAL_DEPT, parent_id=hospital
        )
        s.add(ward)
        s.flush()
        ids["ward"] = ward.id
        for name, born, level in STAFF:
            person = Person(
                full_name=name,
                name_folded=fold(name),
                sort_key=name_sort_key(name),
                birth_date=born,
                birth_year=born.year,
                unit_id=hospital,
            )
            s.add(person)
            s.flush()
            s.add(Posting(person_id=person.id, unit_id=hospital, start_date=dt.date(2010, 1, 1)))
            s.add_all(Rating(person_id=person.id, year=y, level=level) for y in (2024, 2025, YEAR))
            ids[name] = person.id
        s.add(Rating(unit_id=ward.id, year=YEAR, level=RatingLevel.EXCELLENT))
        s.add(Rating(unit_id=hospital, year=YEAR, level=RatingLevel.GOOD))
        cstdcs = s.scalar(select(AwardType.id).where(AwardType.code == "CSTDCS"))
        s.add_all(
            Award(
                person_id=ids["Nguyễn Thị Lan"],
                award_type_id=cstdcs,
                is_title=True,
                year=y,
                source=AwardSource.HISTORY,
                decision_number=f"{y}/QĐ-SYT",
            )
            for y in (2024, 2025)
        )
    return ids


@pytest.fixture
def world(ctx):
    return build_world(ctx)


def proposals_of(path):
    sheet = read_roster(path)
    return read_proposals(sheet, guess_mapping(sheet, NOMINATION_FIELDS), YEAR)


def plan_of(ctx, world, path, **kw):
    return plan_nomination_import(ctx, YEAR, world["hospital"], proposals_of(path), **kw)


def counts(ctx) -> tuple[int, int, int, int]:
    with ctx.read() as s:
        return tuple(
            s.scalar(select(func.count()).select_from(model))
            for model in (Person, NominationBatch, Nomination, NominationAttachment)
        )


def test_the_committed_sample_is_what_the_generator_writes(tmp_path):
    fresh = read_roster(write_nomination_list(tmp_path / "fresh.xlsx"))
    committed = read_roster(SAMPLE)
    assert committed.legacy == fresh.legacy == "tcvn3"
    assert committed.rows == fresh.rows and committed.skipped == fresh.skipped
    assert [c.header for c in committed.columns] == [c.header for c in fresh.columns]


def test_the_tcvn3_list_becomes_a_batch_with_codes_and_verdicts(ctx, world):
    before = counts(ctx)
    plan = plan_of(ctx, world, SAMPLE)
    assert plan.errors == []
    assert counts(ctx) == before  # the plan is a dry run
    got = {r.full_name: (r.match, r.codes) for r in plan.rows}
    assert got == {
        "Nguyễn Thị Lan": (EXACT, ("CSTDCS",)),  # "Chiến sĩ thi đua cơ sở"
        "Trần Văn Hùng": (EXACT, ("CSTDCS",)),  # "CSTĐ cơ sở"
        "Phạm Minh Châu": (EXACT, ("LDTT",)),  # "LĐTT"
        "Đỗ Thị Mai": (EXACT, ("BK_TINH",)),  # "BK UBND tỉnh"
        "Le Thi Thu": (PROBABLE, ("LDTT",)),  # no marks: the clerk confirms
        "Hoàng Văn Nam": (UNKNOWN, ("LDTT",)),  # nobody: listed, never created
        "Tập thể Khoa Nội": (EXACT, ("TTLDXS",)),  # a collective, matched to the unit
    }
    rows = {r.full_name: r for r in plan.rows}
    assert rows["Tập thể Khoa Nội"].unit_id == world["ward"] and rows["Tập thể Khoa Nội"].collective
    assert rows["Nguyễn Thị Lan"].birth_date == dt.date(1980, 3, 1)  # from the Nữ column
    lan, hung = rows["Nguyễn Thị Lan"].verdicts[0], rows["Trần Văn Hùng"].verdicts[0]
    assert lan.eligible and not lan.missing
    assert not hung.eligible and hung.missing  # HTTNV, no initiative: not a CSTĐCS
    assert rows["Le Thi Thu"].person_id == world["Lê Thị Thu"]  # judged beside the row, not taken
    assert rows["Hoàng Văn Nam"].verdicts == ()

    result = apply_nomination_import(
        ctx,
        plan,
        [BatchFile(AttachmentKind.SUBMISSION, "To trinh 125.pdf", b"%PDF-1.4 tt")],
        source="ds.xlsx",
    )
    assert result.items == 5 and result.attachments == 1 and result.left_out == 2
    view = load_batch(ctx, result.batch_id)
    assert view.batch.unit_id == world["hospital"] and view.batch.year == YEAR
    assert view.batch.title == "Đề nghị khen thưởng năm 2026 của Bệnh viện Đa khoa tỉnh"
    assert sorted((i.subject_name, i.award_code) for i in view.items) == [
        ("Khoa Nội", "TTLDXS"),
        ("Nguyễn Thị Lan", "CSTDCS"),
        ("Phạm Minh Châu", "LDTT"),
        ("Trần Văn Hùng", "CSTDCS"),
        ("Đỗ Thị Mai", "BK_TINH"),
    ]
    assert [(a.kind, a.file_name) for a in view.attachments] == [
        (AttachmentKind.SUBMISSION, "To trinh 125.pdf")
    ]
    people, batches, items, files = counts(ctx)
    assert (people, batches, items, files) == (before[0], before[1] + 1, before[2] + 5, before[3] + 1)
    with ctx.read() as s:
        assert s.scalar(
            select(AuditEntry.summary).where(
                AuditEntry.action == "import", AuditEntry.entity == "nomination_batch"
            )
        ).startswith(
            "Nhập danh sách đề nghị khen thưởng năm 2026 của Bệnh viện Đa khoa tỉnh ds.xlsx: 5 đề nghị"
        )

    # the same list again: every subject is proposed already this year; refused, nothing written
    again = plan_of(ctx, world, SAMPLE)
    assert any("đã được đề nghị CSTĐCS năm 2026" in m for _, m in again.errors)
    with pytest.raises(ValidationError):
        apply_nomination_import(ctx, again)
    assert counts(ctx) == (people, batches, items, files)


def test_a_probable_match_is_taken_only_when_the_clerk_confirms_it(ctx, world):
    plan = plan_of(ctx, world, SAMPLE)
    (review,) = plan.review
    assert review.row == 14 and [k.id for k in review.candidates] == [world["Lê Thị Thu"]]
    confirmed = plan_of(ctx, world, SAMPLE, confirmed={14: world["Lê Thị Thu"]})
    assert confirmed.review == [] and len(confirmed.items) == 6
    result = apply_nomination_import(ctx, confirmed)
    items = load_batch(ctx, result.batch_id).items
    assert ("Lê Thị Thu", "LDTT") in {(i.subject_name, i.award_code) for i in items}
    # a person who is not among the row's candidates is not taken
    stray = plan_of(ctx, world, SAMPLE, confirmed={14: world["Đỗ Thị Mai"]})
    assert [r.row for r in stray.review] == [14]


def test_an_unknown_wording_is_refused_until_mapped_then_remembered(ctx, world, tmp_path):
    rows = ROWS[:3] + (("Đỗ Thị Mai", "F", "02/09/1978", "Phó Giám đốc", "CSTĐ khối"),)
    path = write_nomination_list(tmp_path / "ds.xlsx", rows=rows)
    before = counts(ctx)
    plan = plan_of(ctx, world, path)
    assert plan.unknown_wordings == ["CSTĐ khối"]
    assert any("Không rõ “CSTĐ khối”" in m for _, m in plan.errors)
    with pytest.raises(ValidationError, match="Chưa có gì được ghi"):
        apply_nomination_import(ctx, plan)
    assert counts(ctx) == before
    remember_wording(ctx, "cstđ  KHỐI", "CSTDCS")
    with ctx.read() as s:
        assert s.scalar(select(TitleWording.folded_text)) == "cstd khoi"
    # the next file that writes it is read without asking
    plan = plan_of(ctx, world, write_nomination_list(tmp_path / "next.xlsx", rows=rows))
    assert plan.errors == [] and plan.unknown_wordings == []
    assert {r.full_name: r.codes for r in plan.rows}["Đỗ Thị Mai"] == ("CSTDCS",)
    with pytest.raises(ValidationError):
        remember_wording(ctx, "CSTĐ cụm", "KHONG_CO")


def test_refused_files_write_nothing(ctx, world, tmp_path):
    before = counts(ctx)
    twice = ROWS[:2] + ROWS[:1]  # Lan proposed twice for the same title
    plan = plan_of(ctx, world, write_nomination_list(tmp_path / "twice.xlsx", rows=twice))
    assert plan.errors == [(12, "Nguyễn Thị Lan: trùng với dòng 10 (cùng người, cùng CSTĐCS).")]
    with pytest.raises(ValidationError):
        apply_nomination_import(ctx, plan)
    empty = plan_of(ctx, world, write_nomination_list(tmp_path / "empty.xlsx", rows=()))
    assert empty.errors and empty.errors[0][0] is None
    wrong = tmp_path / "wrong.xlsx"
    write_nomination_list(wrong)
    sheet = read_roster(wrong)
    mapping = {
        i: code for i, code in guess_mapping(sheet, NOMINATION_FIELDS).items() if code != "nominated_award"
    }
    with pytest.raises(UserError, match="Hình thức, danh hiệu đề nghị"):
        read_proposals(sheet, mapping, YEAR)
    last_year = read_roster(write_nomination_list(tmp_path / "2025.xlsx", year=YEAR - 1))
    assert listed_year(last_year) == YEAR - 1 and listed_year(sheet) == YEAR  # read through TCVN3
    with pytest.raises(
        UserError, match=f"Tiêu đề danh sách ghi năm {YEAR - 1}, nhưng đang nhập đề nghị cho năm {YEAR}"
    ):
        read_proposals(last_year, guess_mapping(last_year, NOMINATION_FIELDS), YEAR)
    individual_for_unit = ROWS[:1] + (("Tập thể Khoa Nội", None, None, "", "LĐTT"),)
    plan = plan_of(ctx, world, write_nomination_list(tmp_path / "unit.xlsx", rows=individual_for_unit))
    assert plan.errors == [
        (
            11,
            "Tập thể Khoa Nội: “Lao động tiên tiến” là danh hiệu, hình thức cá nhân, không đề nghị cho tập thể.",
        )
    ]
    assert counts(ctx) == before


def test_a_row_names_a_unit_when_it_reads_like_one_and_gives_no_birth():
    nobody = IncomingPerson(10, None)
    assert names_a_unit("Tập thể Khoa Nội", nobody) and names_a_unit("Khoa Hồi sức cấp cứu", nobody)
    assert names_a_unit("Trạm Y tế xã Hà Lĩnh", nobody)
    assert not names_a_unit("Trương Văn Bình", nobody)  # a surname, not "Trường"
    assert not names_a_unit("Tô Thị Hạnh", nobody)
    assert not names_a_unit("Khoa Nội", IncomingPerson(10, "Khoa Nội", birth_year=1980))  # a birth: a person


def test_the_units_papers_are_told_apart_by_their_names():
    assert guess_attachment_kind("To trinh de nghi khen thuong 2026.pdf") is AttachmentKind.SUBMISSION
    assert guess_attachment_kind("Biên bản họp Hội đồng TĐKT.pdf") is AttachmentKind.MINUTES
    assert (
        guess_attachment_kind("Bao cao thanh tich Nguyen Thi Lan.docx") is AttachmentKind.ACHIEVEMENT_REPORT
    )
    assert guess_attachment_kind("scan001.pdf") is AttachmentKind.OTHER


# --- python -m app import nominations ----------------------------------------------------------------------


def run_cli(ctx, capsys, *args) -> tuple[int, dict]:
    code = main([*_cli(ctx.db), "import", "nominations", *args, "--json"])
    return code, json.loads(capsys.readouterr().out)


def test_the_command_line_dry_run_and_import(ctx, world, capsys, tmp_path):
    before = counts(ctx)
    code, out = run_cli(
        ctx, capsys, str(SAMPLE), "--unit", "Bệnh viện Đa khoa tỉnh", "--year", "2026", "--dry-run"
    )
    assert code == 0 and counts(ctx) == before
    assert set(out) == {"batch", "items", "review", "unknown", "errors"}
    assert out["batch"] is None and out["errors"] == []
    assert out["items"][0] == {
        "full_name": "Nguyễn Thị Lan",
        "birth_date": "1980-03-01",
        "title": "CSTDCS",
        "eligible": True,
    }
    assert {tuple(sorted(i)) for i in out["items"]} == {("birth_date", "eligible", "full_name", "title")}
    assert [(i["full_name"], i["title"], i["eligible"]) for i in out["items"][1:]] == [
        ("Trần Văn Hùng", "CSTDCS", False),
        ("Phạm Minh Châu", "LDTT", True),
        ("Đỗ Thị Mai", "BK_TINH", False),  # no CSTĐCS, no initiative: the rules say not yet
        ("Tập thể Khoa Nội", "TTLDXS", False),  # no member rated, no CSTĐCS among them
    ]
    assert out["items"][4]["birth_date"] is None
    assert [(r["row"], r["full_name"], [c["id"] for c in r["candidates"]]) for r in out["review"]] == [
        (14, "Le Thi Thu", [world["Lê Thị Thu"]])
    ]
    assert out["unknown"] == [{"full_name": "Hoàng Văn Nam", "birth_date": "1985-07-07"}]

    paper = tmp_path / "Bien ban hop Hoi dong.pdf"
    paper.write_bytes(b"%PDF-1.4 bb")
    code, out = run_cli(
        ctx, capsys, str(SAMPLE), "--unit", "bệnh viện đa khoa tỉnh", "--year", "2026", "--attach", str(paper)
    )
    assert code == 0 and isinstance(out["batch"], int)
    view = load_batch(ctx, out["batch"])
    assert len(view.items) == 5 and [a.kind for a in view.attachments] == [AttachmentKind.MINUTES]
    assert counts(ctx)[0] == before[0]  # Hoàng Văn Nam was not created


def test_the_command_line_refuses_with_exit_2_and_writes_nothing(ctx, world, capsys, tmp_path):
    before = counts(ctx)
    odd = write_nomination_list(
        tmp_path / "odd.xlsx", rows=ROWS[:1] + (("Trần Văn Hùng", "M", "15/06/1975", "", "CSTĐ khối"),)
    )
    code, out = run_cli(ctx, capsys, str(odd), "--unit", "Bệnh viện Đa khoa tỉnh", "--year", "2026")
    assert code == 2 and out["batch"] is None
    assert out["errors"] == [
        {
            "row": 11,
            "message": "Trần Văn Hùng: Không rõ “CSTĐ khối” là danh hiệu, hình thức nào: hãy chọn trong danh mục "
            "(chương trình sẽ nhớ cho các lần sau).",
        }
    ]
    code, out = run_cli(ctx, capsys, str(SAMPLE), "--unit", "Không có", "--year", "2026")
    assert code == 2 and out["errors"] == [
        {"row": None, "message": "Không có đơn vị “Không có”. Hãy kiểm tra tên hoặc mã đơn vị."}
    ]
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(SAMPLE.read_bytes()[:2000])
    code, out = run_cli(ctx, capsys, str(broken), "--unit", "Bệnh viện Đa khoa tỉnh", "--year", "2026")
    assert code == 2 and out["errors"][0]["row"] is None and "broken.xlsx" in out["errors"][0]["message"]
    assert counts(ctx) == before


def test_namesakes_of_one_birth_wait_for_the_clerk_to_choose(ctx, world, tmp_path):
    with ctx.write() as s:
        twin = Person(
            full_name="Phạm Minh Châu",
            name_folded=fold("Phạm Minh Châu"),
            sort_key=name_sort_key("Phạm Minh Châu"),
            birth_date=dt.date(1990, 1, 20),
            birth_year=1990,
            unit_id=world["hospital"],
        )
        s.add(twin)
        s.flush()
        twin_id = twin.id
    path = write_nomination_list(tmp_path / "ds.xlsx", rows=ROWS[2:3])
    plan = plan_of(ctx, world, path)
    (row,) = plan.review
    assert row.match == AMBIGUOUS and {k.id for k in row.candidates} == {world["Phạm Minh Châu"], twin_id}
    assert row.verdicts == ()
    assert [(r, m.split(":")[0]) for r, m in plan.errors] == [
        (None, "Không có dòng nào khớp với cán bộ, tập thể đã có trong cơ sở dữ liệu")
    ]  # nothing to import until the clerk chooses
    chosen = plan_of(ctx, world, path, confirmed={row.row: twin_id})
    assert chosen.errors == [] and [(r.person_id, r.codes) for r in chosen.items] == [(twin_id, ("LDTT",))]


def test_rows_left_out_are_listed_but_neither_checked_nor_proposed(ctx, world, tmp_path):
    path = write_nomination_list(
        tmp_path / "ds.xlsx", rows=ROWS[:2] + (ROWS[0], ROWS[0][:4] + ("Huân chương ?",))
    )
    whole = plan_of(ctx, world, path)
    bad = sorted({row for row, _m in whole.errors})
    assert len(bad) == 2 and whole.unknown_wordings == ["Huân chương ?"]
    plan = plan_of(ctx, world, path, left_out=set(bad))
    assert plan.errors == [] and plan.unknown_wordings == []
    assert [r.match for r in plan.rows] == [EXACT, EXACT, LEFT_OUT, LEFT_OUT]
    assert [r.verdicts for r in plan.rows[2:]] == [(), ()] and len(plan.items) == 2
    result = apply_nomination_import(ctx, plan)
    assert (result.items, result.left_out) == (2, 2)
