"""Campaigns on SQLite and PostgreSQL: the campaign with its phases, content items and targets, results per
unit and year with their progress, the checks (Vietnamese messages, nothing written), the audit trail, and
the launching document numbered in the register in one transaction."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from app.errors import ValidationError
from app.services.agency import AgencyInfo, SignerInfo, save_agency
from app.services.campaigns import (
    CampaignInput,
    CampaignStatus,
    PhaseInput,
    add_content_items,
    add_phase,
    campaign_detail,
    campaign_years,
    delete_campaign,
    delete_content_item,
    delete_phase,
    launch_draft,
    launch_model,
    list_campaigns,
    move_content_item,
    register_launch,
    save_campaign,
    save_phase,
    split_items,
    update_content_item,
)
from app.services.targets import Progress, TargetInput, delete_target, save_target, set_result
from app.text.numbers import parse_percent
from database.enums import CampaignKind, DocumentKind, DocumentStatus, Launcher, TargetComparison, UnitKind
from database.models import AuditEntry, Campaign, OutgoingDocument, Phase, Unit

C = TargetComparison
D = Decimal
SEED_003 = CampaignInput(
    "Phong trào thi đua yêu nước năm 2020",
    CampaignKind.PHASED,
    Launcher.JOINT_UNION,
    theme="Cán bộ, công chức, viên chức, lao động ngành y tế phấn đấu hoàn thành tốt các mục tiêu, nhiệm vụ",
    start_date=dt.date(2020, 6, 26),
    end_date=dt.date(2020, 12, 31),
)
SEED_001 = CampaignInput(
    "Phong trào thi đua thực hiện thắng lợi các chỉ tiêu Nghị quyết giai đoạn 2023 - 2025",
    CampaignKind.MULTI_YEAR,
    start_date=dt.date(2023, 1, 1),
    end_date=dt.date(2025, 12, 31),
)


def _units(ctx) -> list[int]:
    with ctx.write("Đơn vị kiểm thử") as s:
        units = [
            Unit(name=n, name_folded=n.lower(), kind=UnitKind.HOSPITAL)
            for n in ("Bệnh viện Đa khoa tỉnh", "Trung tâm Y tế huyện Cát Tiên")
        ]
        s.add_all(units)
        s.flush()
        return [u.id for u in units]


def _seed_001_targets(ctx, campaign_id) -> list[int]:
    return [
        save_target(ctx, campaign_id, t)
        for t in (
            TargetInput("Số bác sĩ/vạn dân", "bác sĩ/vạn dân", C.RANGE, D("8.5"), D("9")),
            TargetInput("Số giường bệnh/vạn dân", "giường bệnh/vạn dân", C.RANGE, D("24"), D("25")),
            TargetInput("Tỷ lệ xã đạt bộ tiêu chí quốc gia về y tế", "%", C.AT_LEAST, D("100")),
            TargetInput("Tỷ lệ tăng dân số tự nhiên", "%", C.ABOUT, D("1.0")),
        )
    ]


def test_seed_003_campaign_with_two_phases_and_ten_items(ctx):
    campaign_id = save_campaign(ctx, SEED_003)
    add_phase(ctx, campaign_id, PhaseInput(dt.date(2020, 7, 28), dt.date(2020, 12, 31), "cao điểm thi đua."))
    add_phase(ctx, campaign_id, PhaseInput(dt.date(2020, 6, 26), dt.date(2020, 7, 27), "tuyên truyền."))
    pasted = "\n".join(f"2.{n}. Nội dung thi đua số {n}." for n in range(1, 11))
    assert add_content_items(ctx, campaign_id, pasted + "\n\n") == 10
    detail = campaign_detail(ctx, campaign_id, today=dt.date(2020, 8, 1))
    assert detail.kind is CampaignKind.PHASED and detail.launcher is Launcher.JOINT_UNION
    assert [(p.number, p.name, p.start_date) for p in detail.phases] == [
        (1, "Đợt 1", dt.date(2020, 6, 26)),
        (2, "Đợt 2", dt.date(2020, 7, 28)),
    ]  # numbered by date
    assert [i.number for i in detail.items] == [f"{n}." for n in range(1, 11)]
    assert detail.items[9].text == "Nội dung thi đua số 10."  # the old numbering is gone
    assert detail.status is CampaignStatus.RUNNING
    [summary] = list_campaigns(ctx, 2020, today=dt.date(2020, 8, 1))
    assert (summary.phases, summary.items, summary.current_phase) == (2, 10, "Đợt 2 (đến 31/12/2020)")
    assert list_campaigns(ctx, 2021) == []
    assert 2020 in campaign_years(ctx)


def test_items_are_edited_moved_and_renumbered(ctx):
    campaign_id = save_campaign(ctx, SEED_003)
    add_content_items(ctx, campaign_id, "- Thứ nhất\n• Thứ hai\nThứ ba")
    items = campaign_detail(ctx, campaign_id).items
    move_content_item(ctx, items[2].id, -1)
    update_content_item(ctx, items[0].id, "1. Thứ nhất, sửa lại")
    delete_content_item(ctx, items[1].id)
    assert [(i.number, i.text) for i in campaign_detail(ctx, campaign_id).items] == [
        ("1.", "Thứ nhất, sửa lại"),
        ("2.", "Thứ ba"),
    ]
    with pytest.raises(ValidationError, match="không được để trống"):
        update_content_item(ctx, items[0].id, "  ")


def test_pasted_lines_keep_numbers_that_belong_to_the_text():
    assert split_items("2.3. 100% các đơn vị\n2020 là năm bản lề\n3) Ba\n10. Mười") == [
        "100% các đơn vị",
        "2020 là năm bản lề",
        "Ba",
        "Mười",
    ]


@pytest.mark.parametrize(
    ("phase", "message"),
    [
        (PhaseInput(dt.date(2020, 6, 1), dt.date(2020, 7, 1)), "phải nằm trong thời gian của phong trào"),
        (PhaseInput(dt.date(2020, 7, 20), dt.date(2020, 8, 30)), "trùng với Đợt 1"),
        (PhaseInput(dt.date(2020, 9, 1), dt.date(2020, 8, 1)), "phải sau ngày bắt đầu"),
    ],
)
def test_phases_stay_inside_the_period_and_do_not_overlap(ctx, phase, message):
    campaign_id = save_campaign(ctx, SEED_003)
    add_phase(ctx, campaign_id, PhaseInput(dt.date(2020, 6, 26), dt.date(2020, 7, 27)))
    with pytest.raises(ValidationError, match=message):
        add_phase(ctx, campaign_id, phase)
    with ctx.read() as s:
        assert s.scalar(select(func.count()).select_from(Phase)) == 1


def test_a_phase_is_edited_and_deleted_and_the_period_cannot_shrink_under_it(ctx):
    campaign_id = save_campaign(ctx, SEED_003)
    first = add_phase(ctx, campaign_id, PhaseInput(dt.date(2020, 6, 26), dt.date(2020, 7, 27), name="Đợt 1"))
    second = add_phase(
        ctx, campaign_id, PhaseInput(dt.date(2020, 7, 28), dt.date(2020, 12, 31), name="Đợt cao điểm")
    )
    with pytest.raises(ValidationError, match="Đợt cao điểm"):
        save_campaign(
            ctx, SEED_003.__class__(**{**SEED_003.__dict__, "end_date": dt.date(2020, 11, 30)}), campaign_id
        )
    save_phase(
        ctx,
        campaign_id,
        PhaseInput(dt.date(2020, 7, 28), dt.date(2020, 11, 30), "mới", "Đợt cao điểm"),
        second,
    )
    delete_phase(ctx, first)
    [phase] = campaign_detail(ctx, campaign_id).phases
    assert (phase.number, phase.name, phase.end_date, phase.focus) == (
        1,
        "Đợt cao điểm",
        dt.date(2020, 11, 30),
        "mới",
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (CampaignInput("  ", CampaignKind.REGULAR), "Chưa nhập tên"),
        (
            CampaignInput(
                "A", CampaignKind.THEMATIC, start_date=dt.date(2021, 1, 1), end_date=dt.date(2020, 1, 1)
            ),
            "phải sau ngày bắt đầu",
        ),
        (
            CampaignInput(
                "A", CampaignKind.MULTI_YEAR, start_date=dt.date(2023, 1, 1), end_date=dt.date(2023, 12, 31)
            ),
            "ít nhất hai năm",
        ),
        (CampaignInput("A", CampaignKind.MULTI_YEAR), "cần có ngày bắt đầu"),
    ],
)
def test_campaign_checks(ctx, data, message):
    with pytest.raises(ValidationError, match=message):
        save_campaign(ctx, data)
    with ctx.read() as s:
        assert s.scalar(select(func.count()).select_from(Campaign)) == 0


@pytest.mark.parametrize(
    ("target", "message"),
    [
        (
            TargetInput("Giường bệnh", "giường", C.RANGE, D("25"), D("24")),
            "nhỏ nhất .25. lớn hơn giá trị lớn nhất .24.",
        ),
        (TargetInput("Giường bệnh", "giường", C.RANGE, D("24")), "cần cả giá trị nhỏ nhất và lớn nhất"),
        (TargetInput("", "giường", C.AT_LEAST, D("1")), "Chưa nhập tên chỉ tiêu"),
        (TargetInput("Giường bệnh", "giường", C.AT_LEAST, None), "Chưa nhập giá trị"),
        (TargetInput("Tỷ lệ hộ nghèo", "%", C.AT_LEAST, D("-5")), r"không được âm \(-5\)"),
        (TargetInput("Tỷ lệ hộ nghèo", "%", C.AT_MOST, D("-0.5")), r"không được âm \(-0,5\)"),
        (TargetInput("Giường bệnh", "giường", C.RANGE, D("-2"), D("3")), r"không được âm \(-2\)"),
        (TargetInput("Giường bệnh", "giường", C.RANGE, D("-3"), D("-2")), "không được âm"),
    ],
)
def test_target_checks(ctx, target, message):
    campaign_id = save_campaign(ctx, SEED_001)
    with pytest.raises(ValidationError, match=message):
        save_target(ctx, campaign_id, target)


def test_seed_001_targets_and_results_with_progress(ctx):
    unit, other = _units(ctx)
    campaign_id = save_campaign(ctx, SEED_001)
    doctors, beds, communes, growth = _seed_001_targets(ctx, campaign_id)
    assert set_result(ctx, doctors, unit, 2023, D("8.2")) is Progress.NOT_MET
    assert set_result(ctx, doctors, unit, 2024, D("8.7")) is Progress.IN_RANGE
    assert set_result(ctx, doctors, unit, 2025, D("9.4")) is Progress.EXCEEDED
    assert set_result(ctx, beds, other, 2024, D("24.5")) is Progress.IN_RANGE
    assert set_result(ctx, communes, other, 2024, D("100")) is Progress.MET
    assert set_result(ctx, communes, unit, 2024, D("96.5")) is Progress.NOT_MET
    assert set_result(ctx, growth, unit, 2024, D("1.05")) is Progress.IN_RANGE
    assert set_result(ctx, growth, other, 2024, D("1.3")) is Progress.OFF
    set_result(ctx, doctors, unit, 2024, D("8.9"))  # corrected: one row per unit and year
    set_result(ctx, growth, other, 2024, None)  # cleared
    detail = campaign_detail(ctx, campaign_id)
    assert [t.goal_text() for t in detail.targets] == [
        "8,5 – 9 bác sĩ/vạn dân",
        "24 – 25 giường bệnh/vạn dân",
        "≥ 100 %",
        "khoảng 1 %",
    ]
    assert detail.years() == [2023, 2024, 2025]
    mine = {(r.target_id, r.unit_id, r.year): (r.value, r.progress) for r in detail.results}
    assert mine[(doctors, unit, 2024)] == (D("8.9"), Progress.IN_RANGE)
    assert (growth, other, 2024) not in mine and len(mine) == 7
    with pytest.raises(ValidationError, match="Năm 2026 nằm ngoài thời gian"):
        set_result(ctx, doctors, unit, 2026, D("9"))
    with pytest.raises(ValidationError, match="đã có 3 kết quả"):
        delete_target(ctx, doctors)
    with pytest.raises(ValidationError, match="kết quả chỉ tiêu ngoài thời gian mới"):
        save_campaign(
            ctx,
            CampaignInput(
                SEED_001.name,
                CampaignKind.MULTI_YEAR,
                start_date=dt.date(2024, 1, 1),
                end_date=dt.date(2025, 12, 31),
            ),
            campaign_id,
        )


def test_numbers_typed_the_vietnamese_way():
    assert parse_percent("8,5") == D("8.5") and parse_percent("8.5") == D("8.5")
    assert parse_percent("1.000") == D("1000") and parse_percent("1.000,5") == D("1000.5")
    assert parse_percent("100%") == D("100") and parse_percent("  ") is None
    with pytest.raises(ValidationError, match="không phải là số"):
        parse_percent("tám")


def test_every_change_is_audited(ctx):
    campaign_id = save_campaign(ctx, SEED_003)
    add_content_items(ctx, campaign_id, "Một\nHai")
    with ctx.read() as s:
        rows = s.execute(
            select(AuditEntry.entity, AuditEntry.action, AuditEntry.summary, AuditEntry.actor)
        ).all()
    assert (
        "campaign",
        "create",
        "Thêm phong trào thi đua “Phong trào thi đua yêu nước năm 2020”",
        "tester",
    ) in rows
    assert sum(1 for r in rows if r.entity == "content_item" and r.action == "create") == 2


def test_launch_is_drafted_registered_once_and_tied_to_the_campaign(ctx):
    save_agency(
        ctx,
        AgencyInfo(
            "UBND tỉnh Thanh Hóa",
            "Sở Y tế",
            "SYT",
            "Thanh Hóa",
            signers=(SignerInfo("Trịnh Hữu Hùng", "Giám đốc", is_default=True),),
        ),
    )
    campaign_id = save_campaign(ctx, SEED_003)
    add_phase(
        ctx, campaign_id, PhaseInput(dt.date(2020, 6, 26), dt.date(2020, 7, 27), "tập trung tuyên truyền")
    )
    add_content_items(ctx, campaign_id, "Thi đua thứ nhất.\nThi đua thứ hai.")
    draft = launch_draft(ctx, campaign_id)
    assert draft.kind is DocumentKind.OFFICIAL_LETTER and draft.signer.full_name == "Trịnh Hữu Hùng"
    assert draft.subject == "phát động phong trào thi đua yêu nước năm 2020"
    assert "**1. Phân kỳ thời gian phát động thi đua**" in draft.text.splitlines()
    assert "2.2. Thi đua thứ hai." in draft.text.splitlines()
    assert "Giám đốc Sở Y tế và Thường trực Công đoàn Ngành Y tế phát động" in draft.text

    registered = register_launch(ctx, campaign_id, draft, dt.date(2020, 7, 1))
    assert registered.number_text == "01/SYT-VP"
    detail = campaign_detail(ctx, campaign_id)
    assert detail.launch_document == "01/SYT-VP ngày 01/07/2020"
    with ctx.read() as s:
        doc = s.get(OutgoingDocument, registered.document_id)
        assert (doc.status, doc.kind, doc.subject) == (
            DocumentStatus.REGISTERED,
            DocumentKind.OFFICIAL_LETTER,
            draft.subject,
        )
        assert doc.content["text"] == draft.text and doc.content["addressees"] == list(draft.recipients)
        assert doc.recipients.splitlines()[0] == "Như trên"
    model = launch_model(ctx, draft, 1, dt.date(2020, 7, 1))
    assert (model.number, model.symbol) == (1, "SYT-VP")
    with pytest.raises(ValidationError, match="đã có văn bản phát động số 01/SYT-VP"):
        register_launch(ctx, campaign_id, draft, dt.date(2020, 7, 2))
    with pytest.raises(ValidationError, match="văn bản phát động vào sổ"):
        delete_campaign(ctx, campaign_id)
    plan = launch_draft(ctx, campaign_id, DocumentKind.PLAN)
    assert plan.recipients == () and "**I. PHÂN KỲ THỜI GIAN PHÁT ĐỘNG THI ĐUA**" in plan.text


def test_a_refused_registration_takes_no_number(ctx):
    save_agency(
        ctx,
        AgencyInfo(
            "UBND tỉnh Thanh Hóa",
            "Sở Y tế",
            "SYT",
            "Thanh Hóa",
            signers=(SignerInfo("Trịnh Hữu Hùng", "Giám đốc", is_default=True),),
        ),
    )
    campaign_id = save_campaign(ctx, SEED_003)
    draft = launch_draft(ctx, campaign_id)
    with pytest.raises(ValidationError, match="Kính gửi"):
        register_launch(
            ctx, campaign_id, draft.__class__(**{**draft.__dict__, "recipients": ()}), dt.date(2020, 7, 1)
        )
    with ctx.read() as s:
        assert s.scalar(select(func.count()).select_from(OutgoingDocument)) == 0
    assert campaign_detail(ctx, campaign_id).launch_document is None


def test_a_campaign_without_a_document_is_deleted_with_its_records(ctx):
    unit, _ = _units(ctx)
    campaign_id = save_campaign(ctx, SEED_001)
    target = _seed_001_targets(ctx, campaign_id)[0]
    set_result(ctx, target, unit, 2024, D("8.6"))
    add_content_items(ctx, campaign_id, "Một")
    delete_campaign(ctx, campaign_id)
    assert list_campaigns(ctx) == []
