"""Seed 004 (Quảng Nam, 2020): "kiểm tra triển khai thực hiện các mô hình, giải pháp thi đua được đăng ký từ
đầu năm". A unit registers a model and a solution beside its titles, tied to the year's campaign; its list
comes from Excel ("Mô hình …", "Giải pháp …" rows, once refused as "không phải là một danh hiệu thi đua");
the year-end review shows them registered, then achieved (one checked done, one recognised as an initiative),
and `python -m app registrations list` prints the same.

The seed's campaigns were launched by the Công đoàn ngành Y tế; a launcher for the union alone is another lane's
work (issue 15 point 10), so the campaign here is launched by the Sở (Launcher.DEPARTMENT)."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from openpyxl import Workbook

from app.cli import main
from app.domain.agency import AgencyInfo, SignerInfo
from app.domain.campaigns import CampaignInput
from app.errors import ValidationError
from app.exchange.roster import REGISTRATION_FIELDS, guess_mapping, read_roster
from app.services.agency import save_agency
from app.services.campaigns import save_campaign
from app.services.initiatives import AuthorShare, InitiativeData, create_initiative
from app.services.registrations import (
    RegistrationData,
    WorkAim,
    import_registration_list,
    plan_registration_import,
    read_aims,
    record_model_outcome,
    registered_vs_achieved,
    registration_detail,
    save_registration,
    year_registrations,
)
from app.text import fold, name_sort_key
from database.enums import (
    AwardSource,
    CampaignKind,
    InitiativeLevel,
    Launcher,
    RegistrationKind,
    UnitKind,
)
from database.models import Award, AwardType, Person, Unit

YEAR = 2020
CAMPAIGN = (
    "Phong trào thi đua thực hiện thắng lợi các mục tiêu, nhiệm vụ phát triển kinh tế - xã hội năm 2020"
)
MODEL = "Mô hình “Bệnh viện xanh – sạch – đẹp, an toàn”"
SOLUTION = "Giải pháp: Đặt lịch khám trực tuyến, giảm thời gian chờ khám"
CENTRE_MODEL = "Văn hóa công sở, nâng cao đạo đức công vụ"


def _unit(s, name: str, kind: UnitKind, parent: Unit | None = None, code: str | None = None) -> Unit:
    unit = Unit(
        name=name, name_folded=fold(name), kind=kind, parent_id=parent.id if parent else None, code=code
    )
    s.add(unit)
    s.flush()
    return unit


def _person(s, name: str, unit: Unit, birth: dt.date) -> int:
    person = Person(
        full_name=name,
        name_folded=fold(name),
        sort_key=name_sort_key(name),
        unit_id=unit.id,
        birth_date=birth,
        birth_year=birth.year,
    )
    s.add(person)
    s.flush()
    return person.id


@pytest.fixture
def quang_nam(ctx, tmp_path):
    save_agency(
        ctx,
        AgencyInfo(
            "UBND tỉnh Quảng Nam",
            "Sở Y tế",
            "SYT",
            "Quảng Nam",
            signers=(SignerInfo("Lê Văn Thanh", "Giám đốc"),),
        ),
    )
    with ctx.write() as s:
        so = _unit(s, "Sở Y tế", UnitKind.DEPARTMENT)
        hospital = _unit(s, "Bệnh viện Đa khoa Quảng Nam", UnitKind.HOSPITAL, so, "BVDK")
        centre = _unit(s, "Trung tâm Y tế thành phố Tam Kỳ", UnitKind.HEALTH_CENTER, so, "TTYT-TK")
        people = {
            "hoa": _person(s, "Nguyễn Thị Hoa", hospital, dt.date(1984, 4, 12)),
            "phuc": _person(s, "Trần Văn Phúc", hospital, dt.date(1979, 9, 3)),
        }
        codes = dict(s.execute(__import__("sqlalchemy").select(AwardType.code, AwardType.id)).all())
    campaign = save_campaign(
        ctx,
        CampaignInput(
            CAMPAIGN,
            CampaignKind.REGULAR,
            Launcher.DEPARTMENT,
            start_date=dt.date(2020, 1, 1),
            end_date=dt.date(2020, 12, 31),
        ),
    )
    book = Workbook()
    sheet = book.active
    sheet.append(["BỆNH VIỆN ĐA KHOA QUẢNG NAM"])
    sheet.append(["DANH SÁCH ĐĂNG KÝ THI ĐUA NĂM 2020"])
    sheet.append(["STT", "Họ và tên", "Ngày sinh", "Chức vụ", "Danh hiệu đăng ký"])
    sheet.append([1, "Nguyễn Thị Hoa", "12/04/1984", "Điều dưỡng", "Lao động tiên tiến"])
    sheet.append([2, "Trần Văn Phúc", "03/09/1979", "Bác sĩ", f"Lao động tiên tiến\n{SOLUTION}"])
    sheet.append([3, None, None, None, MODEL])  # the unit's own model: no name on its row
    path = tmp_path / "dang_ky_2020.xlsx"
    book.save(path)
    return {
        "hospital": hospital.id,
        "centre": centre.id,
        "people": people,
        "codes": codes,
        "campaign": campaign,
        "list": path,
    }


def _aims(path):
    sheet = read_roster(path)
    return read_aims(sheet, guess_mapping(sheet, REGISTRATION_FIELDS))


def test_models_and_solutions_are_registered_with_the_campaign_and_reviewed_at_the_year_end(
    ctx, quang_nam, capsys
):
    w = quang_nam
    people = w["people"]
    plan = plan_registration_import(ctx, YEAR, w["hospital"], _aims(w["list"]), campaign_id=w["campaign"])
    assert not plan.problem_rows, [r.problems for r in plan.problem_rows]
    assert [(r.full_name, r.codes, r.works) for r in plan.rows] == [
        ("Nguyễn Thị Hoa", ("LDTT",), ()),
        ("Trần Văn Phúc", ("LDTT",), ((RegistrationKind.SOLUTION, SOLUTION),)),
        ("", (), ((RegistrationKind.MODEL, MODEL),)),
    ]
    result = import_registration_list(
        ctx, YEAR, w["hospital"], _aims(w["list"]), source="dang_ky_2020.xlsx", campaign_id=w["campaign"]
    )
    assert (result.persons, result.added, result.works_added) == (2, 2, 2)

    # The health centre's registration, entered by hand: a collective title and the unit's model.
    centre_reg = save_registration(
        ctx,
        RegistrationData(
            YEAR,
            w["centre"],
            collective_codes=("TTLDTT",),
            works=(WorkAim(RegistrationKind.MODEL, CENTRE_MODEL),),
            campaign_id=w["campaign"],
        ),
    )
    units = {u.unit_name: u for u in year_registrations(ctx, YEAR)}
    assert units["Bệnh viện Đa khoa Quảng Nam"].campaign_name == CAMPAIGN
    assert (units["Bệnh viện Đa khoa Quảng Nam"].persons, units["Bệnh viện Đa khoa Quảng Nam"].works) == (
        2,
        2,
    )
    assert units["Trung tâm Y tế thành phố Tam Kỳ"].works == 1

    detail = registration_detail(ctx, result.registration_id)
    assert detail.campaign_id == w["campaign"] and detail.campaign_name == CAMPAIGN
    works = {x.kind: x for x in detail.works}
    assert (works[RegistrationKind.MODEL].name, works[RegistrationKind.MODEL].person_id) == (MODEL, None)
    assert (works[RegistrationKind.SOLUTION].person_name, works[RegistrationKind.SOLUTION].text) == (
        "Trần Văn Phúc",
        SOLUTION,
    )

    # Before the check: registered, nothing achieved.
    review = registered_vs_achieved(ctx, YEAR)
    assert [(r.unit_name, r.kind, r.aim_text, r.achieved) for r in review] == [
        ("Bệnh viện Đa khoa Quảng Nam", RegistrationKind.TITLE, "Lao động tiên tiến", False),
        ("Bệnh viện Đa khoa Quảng Nam", RegistrationKind.TITLE, "Lao động tiên tiến", False),
        ("Bệnh viện Đa khoa Quảng Nam", RegistrationKind.MODEL, MODEL, False),
        ("Bệnh viện Đa khoa Quảng Nam", RegistrationKind.SOLUTION, SOLUTION, False),
        ("Trung tâm Y tế thành phố Tam Kỳ", RegistrationKind.TITLE, "Tập thể lao động tiên tiến", False),
        ("Trung tâm Y tế thành phố Tam Kỳ", RegistrationKind.MODEL, f"Mô hình {CENTRE_MODEL[0].lower()}"
         f"{CENTRE_MODEL[1:]}", False),
    ]  # fmt: skip
    assert all(r.campaign_name == CAMPAIGN for r in review)

    # The year-end check: the model found done; the solution recognised as an initiative; the titles awarded.
    with pytest.raises(ValidationError, match="ngày kiểm tra"):
        record_model_outcome(ctx, works[RegistrationKind.MODEL].item_id, note="Đã kiểm tra")
    record_model_outcome(
        ctx, works[RegistrationKind.MODEL].item_id, dt.date(2020, 11, 25), "Đoàn kiểm tra của Sở ghi nhận"
    )
    initiative = create_initiative(
        ctx,
        InitiativeData(
            "Đặt lịch khám trực tuyến tại Bệnh viện Đa khoa Quảng Nam",
            YEAR,
            InitiativeLevel.BASE,
            unit_id=w["hospital"],
            authors=(AuthorShare(people["phuc"]),),
        ),
    )
    record_model_outcome(ctx, works[RegistrationKind.SOLUTION].item_id, initiative_id=initiative)
    with ctx.write() as s:
        for pid in people.values():
            s.add(
                Award(award_type_id=w["codes"]["LDTT"], is_title=True, year=YEAR, source=AwardSource.HISTORY,
                      person_id=pid)
            )  # fmt: skip
    review = registered_vs_achieved(ctx, YEAR, w["hospital"])
    assert [(r.name, r.kind, r.achieved, r.remark) for r in review] == [
        ("Nguyễn Thị Hoa", RegistrationKind.TITLE, True, ""),
        ("Trần Văn Phúc", RegistrationKind.TITLE, True, ""),
        ("Bệnh viện Đa khoa Quảng Nam", RegistrationKind.MODEL, True,
         "Đã thực hiện (25/11/2020): Đoàn kiểm tra của Sở ghi nhận"),
        ("Trần Văn Phúc", RegistrationKind.SOLUTION, True,
         "Công nhận sáng kiến: Đặt lịch khám trực tuyến tại Bệnh viện Đa khoa Quảng Nam"),
    ]  # fmt: skip
    # Saving the registration again by hand keeps how its models ended.
    save_registration(
        ctx,
        RegistrationData(
            YEAR,
            w["hospital"],
            persons=((people["hoa"], "LDTT"), (people["phuc"], "LDTT")),
            works=(
                WorkAim(RegistrationKind.MODEL, MODEL),
                WorkAim(RegistrationKind.SOLUTION, SOLUTION, people["phuc"]),
            ),
            campaign_id=w["campaign"],
            registration_id=result.registration_id,
        ),
    )
    assert all(r.achieved for r in registered_vs_achieved(ctx, YEAR, w["hospital"]))
    centre_review = registered_vs_achieved(ctx, YEAR, w["centre"])
    assert [r.achieved for r in centre_review] == [False, False]
    assert {r.registration_id for r in centre_review} == {centre_reg}

    # The command line: the same, as JSON, through app.cli on the test's database.
    url = ctx.db.engine.url.render_as_string(hide_password=False)
    capsys.readouterr()
    assert main(["--db-url", url, "registrations", "list", "--year", str(YEAR), "--json"]) == 0
    listed = {e["unit"]: e for e in json.loads(capsys.readouterr().out)}
    hospital = listed["Bệnh viện Đa khoa Quảng Nam"]
    assert (hospital["status"], hospital["campaign"]) == ("RECEIVED", CAMPAIGN)
    assert [(i["kind"], i["subject"], i["code"], i["achieved"]) for i in hospital["items"]] == [
        ("TITLE", "Nguyễn Thị Hoa", "LDTT", True),
        ("TITLE", "Trần Văn Phúc", "LDTT", True),
        ("MODEL", None, None, True),
        ("SOLUTION", "Trần Văn Phúc", None, True),
    ]
    assert hospital["items"][2]["name"] == MODEL and hospital["items"][1]["birth_date"] == "03/09/1979"
    assert [i["kind"] for i in listed["Trung tâm Y tế thành phố Tam Kỳ"]["items"]] == ["TITLE", "MODEL"]

    assert main(["--db-url", url, "registrations", "list", "--year", str(YEAR), "--unit", "TTYT-TK"]) == 0
    text = capsys.readouterr().out
    assert "Trung tâm Y tế thành phố Tam Kỳ: Đã nhận — phong trào: " + CAMPAIGN in text
    assert f"[CHƯA] Tập thể: Mô hình: {CENTRE_MODEL}" in text and "Bệnh viện" not in text

    assert main(["--db-url", url, "registrations", "list", "--year", str(YEAR), "--unit", "Không có"]) == 2
    assert "Không có đơn vị “Không có”" in capsys.readouterr().err


def test_a_model_needs_its_words_and_a_title_its_catalogue_entry(ctx, quang_nam):
    w = quang_nam
    with pytest.raises(ValidationError, match="Chưa ghi tên mô hình"):
        save_registration(
            ctx, RegistrationData(YEAR, w["centre"], works=(WorkAim(RegistrationKind.MODEL, "  "),))
        )
    with pytest.raises(ValidationError, match="không phải là một danh hiệu"):
        save_registration(ctx, RegistrationData(YEAR, w["centre"], collective_codes=("MO_HINH",)))
    # The database refuses a model without words, and a title without its award type, whoever writes.
    from sqlalchemy.exc import IntegrityError

    from database.models import Registration, RegistrationItem

    reg = save_registration(ctx, RegistrationData(YEAR, w["centre"], collective_codes=("TTLDTT",)))
    for item in (
        RegistrationItem(registration_id=reg, kind=RegistrationKind.MODEL, name=None),
        RegistrationItem(registration_id=reg, kind=RegistrationKind.TITLE, name="Lao động tiên tiến"),
        RegistrationItem(
            registration_id=reg, kind=RegistrationKind.MODEL, name="X", award_type_id=w["codes"]["LDTT"]
        ),
    ):
        with pytest.raises(IntegrityError), ctx.write() as s:
            s.add(item)
    # A registration moved to a campaign the unit already registered for is refused.
    other = save_registration(
        ctx, RegistrationData(YEAR, w["centre"], collective_codes=("TTLDTT",), campaign_id=w["campaign"])
    )
    assert other != reg
    with pytest.raises(ValidationError, match="đã có bản đăng ký"):
        save_registration(
            ctx,
            RegistrationData(
                YEAR,
                w["centre"],
                collective_codes=("TTLDTT",),
                campaign_id=w["campaign"],
                registration_id=reg,
            ),
        )
    with ctx.read() as s:
        assert s.get(Registration, reg).campaign_id is None
