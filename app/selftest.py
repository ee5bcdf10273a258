"""`python -m app selftest`: migrate a temporary database, write a record of each main kind, read it back."""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import func, select

from app.paths import resource
from app.services import verdict_store
from app.services.agency import AgencyInfo, SignerInfo, get_agency, save_agency
from app.services.context import ServiceContext
from app.services.eligibility import data_version, load_histories
from app.services.eligibility_view import YearVerdicts
from app.startup import open_database
from app.version import program_version
from database.engine import sqlite_url
from database.enums import (
    AuthorityLevel,
    AwardBasis,
    AwardSource,
    CampaignKind,
    ClusterKind,
    ClusterRole,
    DecisionStatus,
    DocumentKind,
    DocumentStatus,
    Gender,
    InitiativeLevel,
    RatingLevel,
    UnitKind,
)
from database.models import (
    AuditEntry,
    Award,
    AwardType,
    Ballot,
    Campaign,
    Cluster,
    ClusterMember,
    CouncilMeeting,
    Decision,
    Initiative,
    InitiativeAuthor,
    Nomination,
    NominationBatch,
    OutgoingDocument,
    Person,
    Phase,
    Rating,
    Registration,
    RegistrationItem,
    Unit,
)

NAME = "Nguyễn Thị Ánh Tuyết"


def write_sample(ctx: ServiceContext) -> None:
    """One connected record of every main kind, in one unit of work."""
    from app.text import fold, name_sort_key

    save_agency(
        ctx,
        AgencyInfo(
            parent_name="UBND tỉnh Thanh Hóa",
            name="Sở Y tế",
            symbol="SYT",
            place_name="Thanh Hóa",
            signers=(SignerInfo("Lê Văn Bình", "Giám đốc", is_default=True),),
        ),
    )
    with ctx.write("Tự kiểm tra") as s:
        codes = dict(s.execute(select(AwardType.code, AwardType.id)).all())
        dept = Unit(code="SYT", name="Sở Y tế", name_folded=fold("Sở Y tế"), kind=UnitKind.DEPARTMENT)
        hosp = Unit(
            code="BVDK",
            name="Bệnh viện Đa khoa tỉnh",
            name_folded=fold("Bệnh viện Đa khoa tỉnh"),
            kind=UnitKind.HOSPITAL,
            parent=dept,
        )
        s.add_all([dept, hosp])
        s.flush()
        person = Person(
            full_name=NAME,
            name_folded=fold(NAME),
            sort_key=name_sort_key(NAME),
            gender=Gender.FEMALE,
            birth_date=dt.date(1980, 2, 29),
            birth_year=1980,
            unit_id=hosp.id,
            position="Trưởng khoa",
        )
        s.add(person)
        s.flush()
        s.add(Rating(person_id=person.id, year=2024, level=RatingLevel.EXCELLENT))
        s.add(Rating(unit_id=hosp.id, year=2024, level=RatingLevel.GOOD))
        campaign = Campaign(
            name="Phong trào thi đua năm 2024",
            kind=CampaignKind.REGULAR,
            phases=[Phase(number=1, start_date=dt.date(2024, 1, 1), end_date=dt.date(2024, 6, 30))],
        )
        s.add(campaign)
        cluster = Cluster(
            year=2024,
            name="Cụm bệnh viện tuyến tỉnh",
            kind=ClusterKind.CLUSTER,
            members=[ClusterMember(unit_id=hosp.id, role=ClusterRole.LEADER)],
        )
        s.add(cluster)
        s.flush()
        reg = Registration(
            year=2024,
            unit_id=hosp.id,
            campaign_id=campaign.id,
            items=[RegistrationItem(person_id=person.id, award_type_id=codes["CSTDCS"])],
        )
        s.add(reg)
        batch = NominationBatch(year=2024, unit_id=hosp.id, title="Đề nghị khen thưởng năm 2024")
        s.add(batch)
        s.flush()
        nomination = Nomination(
            batch_id=batch.id, person_id=person.id, award_type_id=codes["CSTDCS"], year=2024
        )
        s.add(nomination)
        meeting = CouncilMeeting(held_at=dt.datetime(2024, 12, 20, 8, 0), year=2024, members_total=9)
        s.add(meeting)
        s.flush()
        s.add(
            Ballot(
                meeting_id=meeting.id, nomination_id=nomination.id, votes_for=9, threshold=0.8, passed=True
            )
        )
        doc = OutgoingDocument(
            kind=DocumentKind.DECISION,
            year=2024,
            number=1,
            symbol="QĐ-SYT",
            issued_on=dt.date(2024, 12, 25),
            subject="Về việc tặng danh hiệu CSTĐCS năm 2024",
            status=DocumentStatus.REGISTERED,
        )
        s.add(doc)
        s.flush()
        decision = Decision(
            document_id=doc.id,
            issued_on=doc.issued_on,
            issuer="Sở Y tế",
            level=AuthorityLevel.DEPARTMENT,
            year=2024,
            subject=doc.subject,
            base_salary=2_340_000,
            status=DecisionStatus.ISSUED,
        )
        s.add(decision)
        s.flush()
        award = Award(
            person_id=person.id,
            award_type_id=codes["CSTDCS"],
            is_title=True,
            year=2024,
            basis=AwardBasis.MERIT,
            source=AwardSource.DECISION,
            decision_id=decision.id,
            nomination_id=nomination.id,
            bonus_amount=2_340_000,
        )
        old = Award(
            person_id=person.id,
            award_type_id=codes["LDTT"],
            is_title=True,
            year=2015,
            source=AwardSource.HISTORY,
            decision_number="246/QĐ-SYT",
            decision_date=dt.date(2015, 12, 15),
        )
        s.add_all([award, old])
        s.flush()
        s.add(
            Initiative(
                title="Cải tiến quy trình tiếp đón người bệnh",
                year=2024,
                level=InitiativeLevel.BASE,
                unit_id=hosp.id,
                used_by_award_id=award.id,
                authors=[InitiativeAuthor(person_id=person.id, share=100)],
            )
        )


def check_sample(ctx: ServiceContext) -> list[str]:
    problems: list[str] = []
    agency = get_agency(ctx)
    if agency is None or agency.name != "SỞ Y TẾ" or agency.signers[0].position_title != "GIÁM ĐỐC":
        problems.append("thông tin cơ quan")
    with ctx.read() as s:
        person = s.scalar(select(Person).where(Person.full_name == NAME))
        if person is None or person.birth_date != dt.date(1980, 2, 29):
            problems.append("cán bộ")
            return problems
        kinds = {
            "xếp loại": select(func.count()).select_from(Rating),
            "phong trào": select(func.count()).select_from(Phase),
            "cụm thi đua": select(func.count()).select_from(ClusterMember),
            "đăng ký": select(func.count()).select_from(RegistrationItem),
            "đề nghị": select(func.count()).select_from(Nomination),
            "phiếu bầu": select(func.count()).select_from(Ballot),
            "quyết định": select(func.count()).select_from(Decision),
            "khen thưởng": select(func.count()).select_from(Award).where(Award.person_id == person.id),
            "sáng kiến": select(func.count()).select_from(InitiativeAuthor),
            "văn bản đi": select(func.count()).select_from(OutgoingDocument),
            "nhật ký": select(func.count()).select_from(AuditEntry),
        }
        expected = {"xếp loại": 2, "khen thưởng": 2}
        for label, query in kinds.items():
            if s.scalar(query) < expected.get(label, 1):
                problems.append(label)
    return problems


def check_kept_verdicts(ctx: ServiceContext, folder: Path) -> list[str]:
    """Every title of the sample's year judged, kept in a sealed file and read back the same (the rules, the
    ciphers and the file's parts in this build: app.services.verdict_store)."""
    histories = load_histories(ctx)
    year = YearVerdicts(histories, histories.last_rated() or dt.date.today().year, {})
    for code in year.missing:
        year.add(code, year.judge(code))
    key, path = verdict_store.store_key(ctx), folder / "ket-qua-xet.bin"
    verdict_store.save_year(ctx, path, year, histories.last_rated(), data_version(ctx), key)
    back = verdict_store.load_year(ctx, path, key)
    same = back is not None and back.verdicts.listing().candidates == year.listing().candidates
    return [] if same and len(year.listing().candidates) else ["kết quả xét lưu trên máy"]


def run_selftest(say: Callable[[str], None] = print) -> int:
    with tempfile.TemporaryDirectory(prefix="tdkt-selftest-") as tmp:
        path = Path(tmp) / "selftest.sqlite3"
        db = open_database(sqlite_url(path), backup_dir=Path(tmp) / "backups")
        try:
            ctx = ServiceContext(db, actor="selftest")
            write_sample(ctx)
            problems = check_sample(ctx) or check_kept_verdicts(ctx, Path(tmp))
        finally:
            db.dispose()
    if not resource("i18n", "qt_vi.qm").is_file():  # Qt's words in Vietnamese, bundled from resources/
        problems.append("thiếu tệp dịch resources/i18n/qt_vi.qm")
    if problems:
        say("Tự kiểm tra THẤT BẠI: " + ", ".join(problems))
        return 1
    say(
        f"TĐKT {program_version()}. Tự kiểm tra đạt: cơ sở dữ liệu, lược đồ, dữ liệu mẫu và kết quả xét lưu trên máy"
        " đều đúng."
    )
    return 0
