"""Seed 002 entered through the services, on SQLite and PostgreSQL: Khối thi đua số 9 of Hà Nội, whose members
are the Sở Y tế itself (the block's leader) and four other departments kept as outside organisations; the
Bản giao ước thi đua năm 2024 they sign, read back from its PDF with every member's organisation, title and
signer, in the NĐ 30 layout the other documents are checked against (FORMAT.md); the blocks command line.
Also: only the Sở's own units owe a registration."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest

from app.cli import main
from app.documents.state import render_pdf
from app.errors import ValidationError
from app.services.agency import save_agency
from app.services.clusters import (
    AGENCY_MEMBER,
    ClusterData,
    MemberRef,
    PledgeData,
    ScoreEntry,
    cluster_detail,
    create_cluster,
    parse_sheet,
    pledge_model,
    register_pledge,
    save_pledge,
    save_scores,
    save_sheet,
)
from app.services.documents import list_documents, render_document
from app.services.outside_organisations import (
    OutsideOrganisationData,
    delete_outside_organisation,
    list_outside_organisations,
    save_outside_organisation,
)
from app.services.registrations import RegistrationData, save_registration
from app.services.units import create_unit_under_department
from database.enums import AgencyLevel, ClusterKind, ClusterRole, DocumentKind, MemberKind, SignAuthority
from tests.unit.test_state_documents import (
    LEFT,
    LEFT_CENTRE,
    PAGE_CENTRE,
    RIGHT_CENTRE,
    SINGLE,
    AgencyInfo,
    Pdf,
    SignerInfo,
    W,
    assert_element,
    bottom_of,
    close,
)

YEAR = 2024
SIGNED = dt.date(2024, 5, 4)  # "Sáng 4-5 … thực hiện ký kết giao ước thi đua năm 2024"
# A centrally run city's Sở: to the other departments of its block it is "Sở Y tế Hà Nội".
AGENCY = AgencyInfo(
    parent_name="UBND THÀNH PHỐ HÀ NỘI",
    name="Sở Y tế",
    symbol="SYT",
    place_name="Hà Nội",
    signers=(
        SignerInfo("Nguyễn Đình Hưng", "Phó Giám đốc", SignAuthority.DEPUTY, "Giám đốc", is_default=True),
    ),
    level=AgencyLevel.CITY,
)
# The seed names the departments; their heads are the test's own.
DEPARTMENTS = (
    OutsideOrganisationData("Sở Giáo dục và Đào tạo", "Sở GD&ĐT", "Trần Thế Cương", "Giám đốc"),
    OutsideOrganisationData("Sở Văn hóa và Thể thao", "Sở VH&TT", "Đỗ Đình Hồng", "Giám đốc"),
    OutsideOrganisationData(
        "Sở Lao động – Thương binh và Xã hội",
        "Sở LĐTBXH",
        "Bạch Liên Hương",
        "Giám đốc",
        signer_name="Nguyễn Văn Chiến",
        signer_title="Phó Giám đốc",
        note="Ký thay Giám đốc",
    ),
    OutsideOrganisationData("Sở Khoa học và Công nghệ", "Sở KH&CN", "Nguyễn Việt Hùng", "Giám đốc"),
)
COMMITMENTS = """I. Nội dung giao ước
1. Phát động và tổ chức thực hiện tốt các phong trào thi đua, đổi mới phương thức, biện pháp tổ chức các phong trào thi đua thường xuyên, thi đua theo đợt, thi đua chuyên đề với nội dung, tiêu chí cụ thể.
2. Quán triệt, tuyên truyền và triển khai thực hiện tốt chủ trương của Đảng, chính sách và pháp luật của Nhà nước về thi đua, khen thưởng.
3. Tập trung nâng cao chất lượng công tác khen thưởng, đảm bảo kịp thời, chính xác, công khai, công bằng.
II. Tổ chức thực hiện
Các đơn vị trong Khối thi đua số 9 thành phố Hà Nội thống nhất ký kết giao ước thi đua năm 2024."""


@pytest.fixture
def block(ctx):
    save_agency(ctx, AGENCY)
    outside = [save_outside_organisation(ctx, d) for d in DEPARTMENTS]
    block_id = create_cluster(
        ctx,
        ClusterData(
            YEAR,
            "Khối thi đua số 9",
            ClusterKind.BLOCK,
            (AGENCY_MEMBER, *(MemberRef.outside(i) for i in outside)),
            leader_id=AGENCY_MEMBER,
            note="Quyết định số 1615/QĐ-UBND ngày 26/3/2024 của UBND thành phố Hà Nội",
        ),
    )
    save_pledge(ctx, block_id, PledgeData(SIGNED, COMMITMENTS))
    return block_id


def test_the_block_holds_the_so_as_leader_and_four_outside_departments(ctx, block):
    detail = cluster_detail(ctx, block)
    assert detail.title == "Khối thi đua số 9"  # not "Khối thi đua Khối thi đua số 9"
    assert [(m.name, m.kind) for m in detail.members] == [
        ("Sở Y tế Hà Nội", MemberKind.AGENCY),  # the leader, named with its city
        ("Sở Giáo dục và Đào tạo", MemberKind.OUTSIDE),
        ("Sở Văn hóa và Thể thao", MemberKind.OUTSIDE),
        ("Sở Lao động – Thương binh và Xã hội", MemberKind.OUTSIDE),
        ("Sở Khoa học và Công nghệ", MemberKind.OUTSIDE),
    ]
    assert detail.member(ClusterRole.LEADER).kind is MemberKind.AGENCY
    assert all(m.unit_id is None for m in detail.members)  # none of them is a unit of the Sở …
    assert detail.unregistered == ()  # … so none owes a registration
    signers = {m.name: (m.signer_titles, m.signer_name) for m in detail.members}
    assert signers["Sở Y tế Hà Nội"] == (("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"), "Nguyễn Đình Hưng")
    assert signers["Sở Lao động – Thương binh và Xã hội"] == (("Phó Giám đốc",), "Nguyễn Văn Chiến")
    assert signers["Sở Khoa học và Công nghệ"] == (("Giám đốc",), "Nguyễn Việt Hùng")

    with pytest.raises(ValidationError, match="đang là thành viên của Khối thi đua số 9 năm 2024"):
        delete_outside_organisation(ctx, detail.members[1].ref.id)
    with pytest.raises(ValidationError, match="Danh sách đã có"):
        save_outside_organisation(ctx, OutsideOrganisationData("sở giáo dục và đào tạo"))
    assert len(list_outside_organisations(ctx)) == 4


def test_the_pledge_is_signed_by_every_member_in_the_nd30_layout(ctx, block, tmp_path):
    pdf = Pdf(render_pdf(pledge_model(ctx, block)))
    assert len(pdf.pages) in (1, 2)
    # Header: the city above the block on the left, the national name on the right; no number, no V/v.
    parent, issuer = pdf.find("UBND THÀNH PHỐ HÀ NỘI"), pdf.find("KHỐI THI ĐUA SỐ 9", page=0)
    assert_element(parent, 12, "R", centre=LEFT_CENTRE)
    assert_element(issuer, 12, "B", centre=LEFT_CENTRE)
    assert close(parent.baseline - issuer.baseline, SINGLE * 12)
    nation = pdf.find("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    assert_element(nation, 12, "B", centre=RIGHT_CENTRE)
    date = pdf.find("Hà Nội, ngày 04 tháng 5 năm 2024")
    assert_element(date, 13, "I", centre=RIGHT_CENTRE)
    text = "".join(pdf.text(n) for n in range(len(pdf.pages)))
    assert "Số:" not in text and "V/v" not in text and "Nơi nhận" not in text and "Kính gửi" not in text
    # Title: the kind of document and the block's name, centred, bold, with the rule under them.
    title, subject = pdf.find("BẢN GIAO ƯỚC THI ĐUA NĂM 2024"), pdf.find("Khối thi đua số 9", page=0)
    assert_element(title, 14, "B", centre=PAGE_CENTRE)
    assert_element(subject, 14, "B", centre=PAGE_CENTRE)
    x0, x1, y = pdf.rule_under(subject)
    assert close((x0 + x1) / 2, PAGE_CENTRE) and y < bottom_of(subject)
    # The commitments as typed: parts in bold, paragraphs justified with their indent.
    assert pdf.find("I. Nội dung giao ước").style == "B"
    first = pdf.find("1. Phát động và tổ chức thực hiện tốt")
    assert first.size == 14 and close(first.x, LEFT + 10 * 72 / 25.4)
    # Every member signs under its own name: organisation, title lines, signer, in a grid of three columns.
    organisations = [
        "SỞ Y TẾ HÀ NỘI",
        "SỞ GIÁO DỤC VÀ ĐÀO TẠO",
        "SỞ VĂN HÓA VÀ THỂ THAO",
        "SỞ LAO ĐỘNG – THƯƠNG BINH VÀ XÃ HỘI",
        "SỞ KHOA HỌC VÀ CÔNG NGHỆ",
    ]
    names = ["Nguyễn Đình Hưng", "Trần Thế Cương", "Đỗ Đình Hồng", "Nguyễn Văn Chiến", "Nguyễn Việt Hùng"]
    found_names = [pdf.find(n) for n in names]
    for found in found_names:
        assert found.size == 14 and found.style == "B"
    for org in organisations:
        assert pdf.find(org).style == "B"
    # The leader signs for "SỞ Y TẾ HÀ NỘI" (the city's Sở as its block names it), above its title and signer.
    leader = pdf.find("SỞ Y TẾ HÀ NỘI")
    assert close(leader.centre, found_names[0].centre, 3) and leader.baseline > found_names[0].baseline
    assert len(pdf.find_all("SỞ Y TẾ")) == len(pdf.find_all("SỞ Y TẾ HÀ NỘI")) == 1  # never without its city
    assert pdf.find("KT. GIÁM ĐỐC") and pdf.find("PHÓ GIÁM ĐỐC", nth=0)
    assert len(pdf.find_all("GIÁM ĐỐC")) >= 5
    first_row, second_row = found_names[:3], found_names[3:]
    assert len({round(f.baseline, 1) for f in first_row}) == 1  # a row's names are level …
    assert len({round(f.baseline, 1) for f in second_row}) == 1
    assert first_row[0].baseline > second_row[0].baseline or first_row[0].page < second_row[0].page
    column = W / 3
    for n, f in enumerate(first_row):
        assert close(f.centre, LEFT + column * (n + 0.5))  # … each centred in its third of the width
    assert close((second_row[0].centre + second_row[1].centre) / 2, PAGE_CENTRE)  # a short row is centred
    # The titles of a row stay level although the organisations' names wrap to different lengths
    # ("SỞ Y TẾ HÀ NỘI" on one line, "SỞ GIÁO DỤC VÀ ĐÀO TẠO" on two).
    assert len(pdf.find("SỞ GIÁO DỤC VÀ ĐÀO TẠO").baselines) == 2 and len(leader.baselines) == 1
    first_titles = [pdf.find("KT. GIÁM ĐỐC")] + [
        t
        for t in pdf.find_all("GIÁM ĐỐC", page=first_row[1].page)
        if any(close(t.centre, f.centre, 3) for f in first_row[1:]) and t.baseline > first_row[1].baseline
    ]
    assert len(first_titles) == 3 and len({round(t.baseline, 1) for t in first_titles}) == 1

    # Entered in the register, it is a giao ước (not a công văn) and prints again the same.
    number = register_pledge(ctx, block, SIGNED)
    assert number == "01/GƯTĐ-SYT"
    (entry,) = [d for d in list_documents(ctx, YEAR) if d.kind is DocumentKind.PLEDGE]
    path = render_document(ctx, entry.id, tmp_path / "giao-uoc.pdf")
    again = Pdf(path.read_bytes())
    assert again.has("BẢN GIAO ƯỚC THI ĐUA NĂM 2024") and not again.has("Số:")
    # Under the title, the block's name alone: the register's line ("Giao ước thi đua năm 2024 – …") is not
    # printed as a second title.
    assert entry.subject == "Giao ước thi đua năm 2024 – Khối thi đua số 9"
    assert not again.has("Giao ước thi đua năm 2024")
    assert_element(again.find("Khối thi đua số 9", page=0), 14, "B", centre=PAGE_CENTRE)
    for org, name in zip(organisations, names, strict=True):
        assert again.has(org) and again.has(name)
    # As Word too: no number line, every member's organisation and signer in the rows of signatures.
    import docx

    word = docx.Document(render_document(ctx, entry.id, tmp_path / "giao-uoc.docx"))
    cells = [p.text for t in word.tables for c in t.rows[0].cells for p in c.paragraphs if p.text]
    assert not any(x.startswith("Số:") for x in cells)
    for org, name in zip(organisations, names, strict=True):
        assert org in cells and name in cells


def test_only_the_sos_own_units_owe_a_registration(ctx):
    save_agency(ctx, AGENCY)
    hospital = create_unit_under_department(ctx, "Bệnh viện Đa khoa Xanh Pôn")
    outside = save_outside_organisation(ctx, DEPARTMENTS[0])
    block_id = create_cluster(
        ctx,
        ClusterData(
            YEAR,
            "Các cơ sở y tế và giáo dục",
            ClusterKind.BLOCK,
            (hospital, MemberRef.outside(outside), AGENCY_MEMBER),
            leader_id=MemberRef.outside(outside),
        ),
    )
    detail = cluster_detail(ctx, block_id)
    assert detail.title == "Khối thi đua các cơ sở y tế và giáo dục"
    assert [m.name for m in detail.members if m.id in detail.unregistered] == ["Bệnh viện Đa khoa Xanh Pôn"]
    save_registration(ctx, RegistrationData(YEAR, hospital, ("TTLDXS",)))
    assert cluster_detail(ctx, block_id).unregistered == ()


def test_the_blocks_command_line(capsys, db, ctx, block):
    url = db.url.render_as_string(hide_password=False)
    save_sheet(
        ctx, block, parse_sheet("I. Nhiệm vụ chính trị\t20\n1.1 Kết quả\t20\nII. Điểm trừ\n2.1 Vi phạm\t−5")
    )
    detail = cluster_detail(ctx, block)
    result, penalty = detail.criteria
    so, education = detail.members[0].id, detail.members[1].id
    save_scores(
        ctx,
        block,
        [
            ScoreEntry(result.id, so, Decimal(19), None),
            ScoreEntry(result.id, education, Decimal(18), None),
            ScoreEntry(penalty.id, so, None, Decimal(-2)),
        ],
    )

    assert main(["--db-url", url, "blocks", "list", "--year", str(YEAR), "--json"]) == 0
    (listed,) = json.loads(capsys.readouterr().out)
    assert (listed["id"], listed["name"], listed["members"], listed["leader"]) == (
        block,
        "Khối thi đua số 9",
        5,
        "Sở Y tế Hà Nội",
    )

    assert main(["--db-url", url, "blocks", "show", str(block), "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["title"] == "Khối thi đua số 9" and shown["rotation"] == "NONE"
    assert [(m["kind"], m["role"], m["registered"]) for m in shown["members"]] == [
        ("agency", "LEADER", None),
        *[("outside", "MEMBER", None)] * 4,
    ]
    assert shown["members"][3]["signer_name"] == "Nguyễn Văn Chiến"
    assert shown["pledge"]["signed_on"] == "2024-05-04"

    assert (
        main(["--db-url", url, "blocks", "ranking", "--year", str(YEAR), "--block", str(block), "--json"])
        == 0
    )
    (ranking,) = json.loads(capsys.readouterr().out)
    top = [(r["rank"], r["name"], r["kind"], r["final_total"]) for r in ranking["ranking"] if r["rank"]]
    assert top == [(1, "Sở Giáo dục và Đào tạo", "outside", 18.0), (2, "Sở Y tế Hà Nội", "agency", 17.0)]

    assert main(["--db-url", url, "blocks", "show", str(block)]) == 0
    out = capsys.readouterr().out
    assert "Khối thi đua số 9 – năm 2024" in out and "Sở Y tế Hà Nội [Cơ quan Sở] – Cụm/Khối trưởng" in out

    assert main(["--db-url", url, "blocks", "ranking", "--year", str(YEAR), "--block", "999999"]) == 2
    assert "không có cụm, khối thi đua số 999999" in capsys.readouterr().err
