"""Cụm, khối thi đua on SQLite and PostgreSQL: five units scored on a sheet rank correctly with ties, and
the ranking survives a restart; next year's leader and deputy from the block's rule or the clerk's choice;
penalty lines; refusals that change nothing; the suy tôn read by the eligibility engine."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from app.errors import ValidationError
from app.services.clusters import (
    ClusterData,
    CriterionData,
    MemberRef,
    PledgeData,
    ScoreEntry,
    cluster_detail,
    cluster_years,
    copy_clusters_to_year,
    create_cluster,
    delete_cluster,
    link_pledge_document,
    list_clusters,
    parse_sheet,
    propose,
    proposed_roles,
    register_pledge,
    save_pledge,
    save_scores,
    save_sheet,
    suggested_proposals,
    update_cluster,
)
from app.services.context import ServiceContext
from app.services.eligibility import eligibility
from app.services.units import create_unit_under_department
from app.startup import open_database
from database.enums import ClusterKind, ClusterRole, ClusterRotation, UnitStatus
from database.models import AuditEntry, Score, Unit

YEAR = 2024
SHEET = """STT\tNội dung\tĐiểm tối đa
I\tCông tác chuyên môn\t70
1.1\tHoàn thành chỉ tiêu khám, chữa bệnh\t40
1.2\tChất lượng bệnh viện\t30
II. Công tác thi đua, khen thưởng
2.1 Đăng ký và phát động thi đua\t20
2.2 Sáng kiến, đề tài\t10
Tổng cộng\t100
"""
NAMES = {
    "dk": "Bệnh viện Đa khoa tỉnh",
    "nhi": "Bệnh viện Nhi",
    "yhct": "Bệnh viện Y học cổ truyền",
    "phoi": "Bệnh viện Phổi",
    "mat": "Bệnh viện Mắt",
}
# (self, assessed) per criterion 1.1, 1.2, 2.1, 2.2. Final = the cluster's assessment where given, else self.
POINTS = {
    "nhi": [("38", None), ("28", None), ("19", None), ("10", None)],  # 95
    "mat": [("40", "35"), ("30", "25"), ("20", None), ("10", None)],  # self 100, final 90
    "phoi": [("35,5", None), ("27", None), ("18", None), ("9,5", None)],  # 90: tied with Mắt
    "dk": [("35", None), ("28", None), ("17", None), ("8", None)],  # 88
    "yhct": [("40", "30"), ("30", "25"), ("16", "20"), ("10", "10")],  # self 96, final 85
}


def dec(text):
    return None if text is None else Decimal(text.replace(",", "."))


@pytest.fixture
def units(ctx):
    create_unit_under_department(ctx, "Sở Y tế")
    return {key: create_unit_under_department(ctx, name) for key, name in NAMES.items()}


@pytest.fixture
def cluster(ctx, units):
    members = tuple(units.values())
    return create_cluster(
        ctx,
        ClusterData(
            YEAR,
            "Cụm thi đua các bệnh viện tuyến tỉnh",
            ClusterKind.CLUSTER,
            members,
            leader_id=units["dk"],
            deputy_id=units["mat"],
        ),
    )


def members_of(ctx, cluster_id, units) -> dict[str, int]:
    """The member row of each unit (scores and proposals are keyed by it)."""
    rows = {m.unit_id: m.id for m in cluster_detail(ctx, cluster_id).members}
    return {key: rows[unit_id] for key, unit_id in units.items() if unit_id in rows}


def score_all(ctx, cluster_id, units):
    criteria = cluster_detail(ctx, cluster_id).criteria
    members = members_of(ctx, cluster_id, units)
    entries = [
        ScoreEntry(c.id, members[key], dec(own), dec(assessed))
        for key, points in POINTS.items()
        for c, (own, assessed) in zip(criteria, points, strict=True)
    ]
    assert save_scores(ctx, cluster_id, entries) == len(entries)


def ranking(ctx, cluster_id):
    return [(r.rank, r.name, r.final_total) for r in cluster_detail(ctx, cluster_id).ranking]


EXPECTED = [
    (1, "Bệnh viện Nhi", Decimal("95.00")),
    (2, "Bệnh viện Mắt", Decimal("90.00")),
    (2, "Bệnh viện Phổi", Decimal("90.00")),
    (4, "Bệnh viện Đa khoa tỉnh", Decimal("88.00")),
    (5, "Bệnh viện Y học cổ truyền", Decimal("85.00")),
]


def test_five_units_rank_with_ties_and_the_ranking_survives_a_restart(db, ctx, units, cluster):
    assert save_sheet(ctx, cluster, parse_sheet(SHEET)).criteria == 4
    detail = cluster_detail(ctx, cluster)
    assert [(g.name, g.max_points) for g in detail.groups] == [
        ("I. Công tác chuyên môn", Decimal(70)),
        ("II. Công tác thi đua, khen thưởng", Decimal(30)),
    ]
    assert [c.code for c in detail.criteria] == ["1.1", "1.2", "2.1", "2.2"] and detail.max_total == 100
    assert all(r.rank is None for r in detail.ranking)  # nothing scored yet: nobody ranked

    score_all(ctx, cluster, units)
    assert ranking(ctx, cluster) == EXPECTED
    rows = {r.name: r for r in cluster_detail(ctx, cluster).ranking}
    assert rows["Bệnh viện Mắt"].tied and rows["Bệnh viện Phổi"].tied and not rows["Bệnh viện Nhi"].tied
    assert (
        rows["Bệnh viện Y học cổ truyền"].self_total == 96
        and rows["Bệnh viện Y học cổ truyền"].assessed_total == 85
    )
    assert rows["Bệnh viện Nhi"].assessed_total is None

    url = db.url
    db.dispose()
    reopened = open_database(url)
    try:
        assert ranking(ServiceContext(reopened, "tester"), cluster) == EXPECTED
    finally:
        reopened.dispose()


def test_a_three_way_tie_at_the_top(ctx, units, cluster):
    save_sheet(ctx, cluster, [CriterionData("1. Chung", "Kết quả chung", Decimal(10), "1.1")])
    criterion = cluster_detail(ctx, cluster).criteria[0].id
    given = {"mat": "9", "nhi": "9", "dk": "9", "phoi": "7,25"}
    members = members_of(ctx, cluster, units)
    save_scores(ctx, cluster, [ScoreEntry(criterion, members[k], dec(v), None) for k, v in given.items()])
    assert [(r.rank, r.name) for r in cluster_detail(ctx, cluster).ranking] == [
        (1, "Bệnh viện Đa khoa tỉnh"),
        (1, "Bệnh viện Mắt"),
        (1, "Bệnh viện Nhi"),
        (4, "Bệnh viện Phổi"),
        (None, "Bệnh viện Y học cổ truyền"),
    ]


def test_the_clusters_of_a_year_with_their_roles(ctx, units, cluster):
    (summary,) = list_clusters(ctx, YEAR)
    assert (summary.name, summary.members, summary.leader, summary.deputy) == (
        "Cụm thi đua các bệnh viện tuyến tỉnh",
        5,
        "Bệnh viện Đa khoa tỉnh",
        "Bệnh viện Mắt",
    )
    assert cluster_years(ctx) == [YEAR]
    roles = {m.name: m.role for m in cluster_detail(ctx, cluster).members}
    assert (
        roles["Bệnh viện Đa khoa tỉnh"] is ClusterRole.LEADER and roles["Bệnh viện Nhi"] is ClusterRole.MEMBER
    )

    # The leader's turn passes to another member within the same edit (one leader at most, always).
    update_cluster(
        ctx,
        cluster,
        ClusterData(
            YEAR,
            summary.name,
            ClusterKind.CLUSTER,
            tuple(units.values()),
            leader_id=units["mat"],
            deputy_id=units["dk"],
        ),
    )
    (summary,) = list_clusters(ctx, YEAR)
    assert (summary.leader, summary.deputy) == ("Bệnh viện Mắt", "Bệnh viện Đa khoa tỉnh")


def test_next_year_the_rule_of_the_block_proposes_and_the_clerk_chooses(ctx, units, cluster):
    save_sheet(ctx, cluster, parse_sheet(SHEET))
    score_all(ctx, cluster, units)
    with ctx.write("Giải thể để kiểm thử") as s:
        s.get(Unit, units["nhi"]).status = UnitStatus.DISSOLVED

    # No rule entered: the same leader and deputy are proposed; nobody rotates by name any more.
    (proposal,) = proposed_roles(ctx, YEAR)
    assert proposal.rotation is ClusterRotation.NONE
    assert (proposal.leader, proposal.deputy) == (MemberRef.unit(units["dk"]), MemberRef.unit(units["mat"]))
    assert "Bệnh viện Nhi" not in {m.name for m in proposal.members}  # it ended: it does not go on

    # Rotation in the members' order (as entered: Đa khoa, Nhi, YHCT, Phổi, Mắt): the leader's place passes
    # to the next member that goes on (Nhi ended: YHCT), the deputy's to the one after.
    detail = cluster_detail(ctx, cluster)
    update_cluster(
        ctx,
        cluster,
        ClusterData(
            YEAR,
            detail.name,
            detail.kind,
            tuple(m.ref for m in detail.members),
            units["dk"],
            units["mat"],
            rotation=ClusterRotation.ORDER,
        ),
        detail.version,
    )
    (proposal,) = proposed_roles(ctx, YEAR)
    assert (proposal.leader, proposal.deputy) == (
        MemberRef.unit(units["yhct"]),
        MemberRef.unit(units["phoi"]),
    )

    result = copy_clusters_to_year(ctx, YEAR, YEAR + 1)
    (new,) = result.created
    detail = cluster_detail(ctx, new)
    roles = {m.name: m.role for m in detail.members}
    assert "Bệnh viện Nhi" not in roles and len(roles) == 4
    assert roles["Bệnh viện Y học cổ truyền"] is ClusterRole.LEADER
    assert roles["Bệnh viện Phổi"] is ClusterRole.DEPUTY
    assert detail.rotation is ClusterRotation.ORDER
    assert [m.name for m in detail.members] == [
        "Bệnh viện Đa khoa tỉnh",
        "Bệnh viện Y học cổ truyền",
        "Bệnh viện Phổi",
        "Bệnh viện Mắt",
    ]  # the order is kept
    assert [c.text for c in detail.criteria] == [c.text for c in cluster_detail(ctx, cluster).criteria]
    assert detail.scores == {} and detail.pledge is None

    again = copy_clusters_to_year(ctx, YEAR, YEAR + 1)
    assert again.created == () and again.skipped == ("Cụm thi đua các bệnh viện tuyến tỉnh",)

    # The clerk chooses otherwise than the rule: Mắt leads, no deputy.
    (third,) = copy_clusters_to_year(
        ctx, YEAR + 1, YEAR + 2, roles={new: (MemberRef.unit(units["mat"]), None)}
    ).created
    roles = {m.name: m.role for m in cluster_detail(ctx, third).members}
    assert roles["Bệnh viện Mắt"] is ClusterRole.LEADER
    assert ClusterRole.DEPUTY not in roles.values()


def _state(ctx):
    with ctx.read() as s:
        return (
            s.execute(
                select(
                    Score.criterion_id, Score.member_id, Score.self_points, Score.assessed_points
                ).order_by(Score.id)
            ).all(),
            s.scalar(select(func.count()).select_from(AuditEntry)),
        )


def test_refusals_change_nothing(ctx, units, cluster):
    save_sheet(ctx, cluster, parse_sheet(SHEET))
    score_all(ctx, cluster, units)
    before = _state(ctx)
    c11, c12 = cluster_detail(ctx, cluster).criteria[:2]
    members = members_of(ctx, cluster, units)

    with pytest.raises(
        ValidationError, match="30,5 vượt điểm tối đa 30"
    ):  # the first entry is fine, the second not
        save_scores(
            ctx,
            cluster,
            [
                ScoreEntry(c11.id, members["dk"], Decimal(1), None),
                ScoreEntry(c12.id, members["dk"], None, Decimal("30.5")),
            ],
        )
    with pytest.raises(ValidationError, match="−2 ngoài khoảng 0 … 40"):  # negative points on a plain line
        save_scores(ctx, cluster, [ScoreEntry(c11.id, members["dk"], Decimal(1), Decimal(-2))])
    with pytest.raises(
        ValidationError, match="Bệnh viện Phổi, Bệnh viện Y học cổ truyền đã được chấm ngoài khoảng điểm mới"
    ):
        save_sheet(
            ctx,
            cluster,
            [
                CriterionData(c.group, c.text, Decimal(30) if c.id == c11.id else c.max_points, c.code, c.id)
                for c in cluster_detail(ctx, cluster).criteria
            ],
        )
    with pytest.raises(ValidationError, match="hai đơn vị khác nhau"):
        create_cluster(
            ctx, ClusterData(YEAR, "Khối khác", ClusterKind.BLOCK, (units["dk"],), units["dk"], units["dk"])
        )
    with pytest.raises(ValidationError, match="đã có"):
        create_cluster(
            ctx,
            ClusterData(YEAR, " Cụm thi đua các bệnh viện tuyến tỉnh ", ClusterKind.CLUSTER, (units["dk"],)),
        )
    with pytest.raises(ValidationError, match="tối đa 1 đơn vị"):
        propose(ctx, cluster, {members["nhi"]: "CO_TINH", members["mat"]: "CO_TINH"})
    with pytest.raises(ValidationError, match="chỉ Cờ thi đua hoặc Bằng khen"):
        propose(ctx, cluster, {members["nhi"]: "CSTDCS"})
    with pytest.raises(ValidationError, match="thiếu điểm tối đa"):
        parse_sheet("1. Nhóm\n1.1 Tiêu chí không có điểm")
    with pytest.raises(ValidationError, match="khác điểm của nhóm"):
        parse_sheet("1. Nhóm\t20\n1.1 Một\t10\n1.2 Hai\t5")
    with pytest.raises(ValidationError, match="Sổ văn bản đi không có"):
        link_pledge_document(ctx, cluster, "99/GƯTĐ-SYT")
    assert _state(ctx) == before


def test_the_pledge_and_its_register_entry(ctx, units, cluster):
    from app.services.agency import save_agency
    from tests.ui.conftest import sample_agency

    save_agency(ctx, sample_agency())
    save_pledge(
        ctx, cluster, PledgeData(dt.date(YEAR, 3, 12), "Các đơn vị cam kết:\n1. Hoàn thành chỉ tiêu.")
    )
    reference = register_pledge(ctx, cluster, dt.date(YEAR, 3, 12))
    assert reference.endswith("/GƯTĐ-SYT")
    pledge = cluster_detail(ctx, cluster).pledge
    assert pledge.content.splitlines()[1] == "1. Hoàn thành chỉ tiêu."
    assert pledge.reference == f"{reference} ngày 12/03/{YEAR}"
    link_pledge_document(ctx, cluster, None)
    assert cluster_detail(ctx, cluster).pledge.document_id is None
    assert link_pledge_document(ctx, cluster, reference.lower()).startswith(reference)


def test_the_pledge_as_typed_is_saved_with_its_number_in_one_transaction(ctx, units, cluster):
    from app.services.agency import save_agency
    from tests.ui.conftest import sample_agency

    save_agency(ctx, sample_agency())
    # A signing date outside the cluster's year: refused, and nothing is numbered either.
    with pytest.raises(ValidationError, match="không thuộc năm"):
        register_pledge(ctx, cluster, dt.date(YEAR - 3, 1, 5), PledgeData(dt.date(YEAR - 3, 1, 5), "Cam kết"))
    assert cluster_detail(ctx, cluster).pledge is None
    reference = register_pledge(ctx, cluster, dt.date(YEAR, 2, 1), PledgeData(dt.date(YEAR, 2, 1), "Cam kết"))
    pledge = cluster_detail(ctx, cluster).pledge
    assert (pledge.content, pledge.signed_on) == ("Cam kết", dt.date(YEAR, 2, 1))
    assert pledge.reference == f"{reference} ngày 01/02/{YEAR}"


def test_the_suy_ton_is_read_by_the_eligibility_engine(ctx, units, cluster):
    save_sheet(ctx, cluster, parse_sheet(SHEET))
    score_all(ctx, cluster, units)
    detail = cluster_detail(ctx, cluster)
    members = members_of(ctx, cluster, units)
    # The top unit for the Cờ; the runners-up are tied, so the Bằng khen is left to the meeting.
    assert suggested_proposals(detail.ranking, flags=1, commendations=1) == {members["nhi"]: "CO_TINH"}
    assert (
        propose(
            ctx,
            cluster,
            {members["nhi"]: "CO_TINH", members["mat"]: "BK_TINH", members["phoi"]: "BK_TINH"},
            limits={"BK_TINH": 2},
        )
        == 3
    )
    assert {m.name: m.proposed_code for m in cluster_detail(ctx, cluster).members if m.proposed_code} == {
        "Bệnh viện Nhi": "CO_TINH",
        "Bệnh viện Mắt": "BK_TINH",
        "Bệnh viện Phổi": "BK_TINH",
    }

    candidates = eligibility(ctx, YEAR, "CO_TINH")
    nhi = [c for c in candidates if c.unit_id == units["nhi"]]
    assert nhi and any("suy tôn dẫn đầu" in line for line in nhi[0].verdict.met)
    assert units["mat"] not in {c.unit_id for c in candidates}

    with pytest.raises(ValidationError, match="bỏ suy tôn"):
        delete_cluster(ctx, cluster)
    propose(ctx, cluster, {})
    assert units["nhi"] not in {c.unit_id for c in eligibility(ctx, YEAR, "CO_TINH")}
    delete_cluster(ctx, cluster)
    assert list_clusters(ctx, YEAR) == []
    with ctx.read() as s:
        assert s.scalar(select(func.count()).select_from(Score)) == 0


PENALTY_SHEET = """I. Thực hiện nhiệm vụ chính trị\t30
1.1 Hoàn thành chỉ tiêu\t20
1.2 Cải cách hành chính\t10
II. Điểm trừ\t−5
2.1 Có cán bộ vi phạm kỷ luật\t−5
"""


def test_penalty_lines_subtract_and_every_title_is_printed_once(ctx, units, cluster, tmp_path):
    import openpyxl

    from app.exchange.lists import cluster_ranking_xlsx
    from app.services.clusters import CriteriaGroup, cluster_title, sheet_text

    save_sheet(ctx, cluster, parse_sheet(PENALTY_SHEET))
    detail = cluster_detail(ctx, cluster)
    assert [c.max_points for c in detail.criteria] == [20, 10, -5]
    assert detail.max_total == 30  # a penalty takes nothing from what a member can reach
    assert parse_sheet(sheet_text(detail.groups))[-1].max_points == -5  # "−5" reads back
    assert [g.heading(n) for n, g in enumerate(detail.groups)] == [
        "I. Thực hiện nhiệm vụ chính trị",
        "II. Điểm trừ",
    ]
    assert CriteriaGroup("Công tác khác", ()).heading(2) == "III. Công tác khác"  # typed without a number

    c1, c2, penalty = detail.criteria
    members = members_of(ctx, cluster, units)
    save_scores(
        ctx,
        cluster,
        [
            ScoreEntry(c1.id, members["dk"], Decimal(18), None),
            ScoreEntry(c2.id, members["dk"], Decimal(9), None),
            ScoreEntry(penalty.id, members["dk"], None, Decimal(-5)),
            ScoreEntry(c1.id, members["mat"], Decimal(15), None),
        ],
    )
    totals = {r.name: r.final_total for r in cluster_detail(ctx, cluster).ranking if r.rank}
    assert totals == {"Bệnh viện Đa khoa tỉnh": Decimal(22), "Bệnh viện Mắt": Decimal(15)}
    for wrong in (Decimal(-6), Decimal(1)):
        with pytest.raises(ValidationError, match="ngoài khoảng −5 … 0"):
            save_scores(ctx, cluster, [ScoreEntry(penalty.id, members["mat"], wrong, None)])

    assert cluster_title(ClusterKind.BLOCK, "Khối thi đua số 9") == "Khối thi đua số 9"
    assert cluster_title(ClusterKind.CLUSTER, "Các bệnh viện") == "Cụm thi đua các bệnh viện"
    update_cluster(
        ctx,
        cluster,
        ClusterData(YEAR, "Khối thi đua số 9", ClusterKind.BLOCK, tuple(units.values())),
    )
    path = tmp_path / "xep-hang.xlsx"
    cluster_ranking_xlsx(path, cluster_detail(ctx, cluster), None)
    book = openpyxl.load_workbook(path)
    cells = {str(c.value) for sheet in book for row in sheet.iter_rows() for c in row if c.value is not None}
    assert "Khối thi đua số 9" in cells and "BẢNG ĐIỂM THI ĐUA NĂM 2024 – KHỐI THI ĐUA SỐ 9" in cells
    assert not any("Khối thi đua Khối" in c or "KHỐI THI ĐUA KHỐI" in c for c in cells)
    assert {"I. Thực hiện nhiệm vụ chính trị", "II. Điểm trừ"} <= cells
    assert not any(c.startswith(("I. I.", "II. II.")) for c in cells)
