"""What the demo office enters through the services after the bulk rows are written, as a clerk would:

- the campaigns' plans as the texts have them: content items as a tree, the plan's own sections, yearly
  review points and the tổng kết of the multi-year campaigns, targets of every kind (an "about" with its
  target year, a value, words judged by hand), a health centre held to a goal of its own, results;
- the incoming register (sổ văn bản đến): each year's plans and guidance from the Ministry, the province
  and its Ban Thi đua – Khen thưởng, the province's award decisions, the units' Tờ trình, each linked to
  the campaign, decision or nomination batch it started or answered;
- the outgoing register: a series going on from a number the clerk set, and a document issued outside the
  program;
- the province's block of departments (khối thi đua) the Sở sits in with outside organisations, its rule
  of rotation, its score sheet and its pledges;
- models and solutions (mô hình, giải pháp) registered for the multi-year campaign, some marked done;
- the units' wordings of titles the desk has taught the nomination import.

Everything here is small (a few hundred rows), drawn from an RNG of its own so the bulk province stays as
the seed made it, and goes through the use cases, so the rules, the audit trail and the versions are the
program's own.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Protocol

from sqlalchemy import func, select

from app.demo.structure import AGENCY_PARENT, PROVINCE
from app.domain.campaigns import PlanTexts, ReviewPointInfo, yearly_reviews
from app.domain.register import number_text
from app.domain.targets import TargetInput
from app.services.agency import SignerInfo, get_agency
from app.services.campaigns import add_content_items, campaign_detail, create_yearly_reviews, save_campaign
from app.services.clusters import (
    AGENCY_MEMBER,
    ClusterData,
    MemberRef,
    PledgeData,
    ScoreEntry,
    cluster_detail,
    copy_clusters_to_year,
    create_cluster,
    parse_sheet,
    save_pledge,
    save_scores,
    save_sheet,
)
from app.services.context import ServiceContext
from app.services.incoming import IncomingInput, link_incoming, record_incoming
from app.services.nomination_import import remember_wording
from app.services.nominations import AlreadyAwarded, BatchData, add_nomination, create_batch
from app.services.outside_organisations import OutsideOrganisationData, save_outside_organisation
from app.services.register import (
    SERIES,
    ExternalDocument,
    copies_lines,
    record_external_document,
    set_next_number,
)
from app.services.registrations import RegistrationData, WorkAim, record_model_outcome, save_registration
from app.services.targets import save_target, set_result, set_unit_value
from database.enums import (
    AwardBasis,
    ClusterKind,
    ClusterRotation,
    DocumentKind,
    RegistrationKind,
    ReviewKind,
    TargetComparison,
    TargetVerdict,
    UnitKind,
)
from database.models import Decision, OutgoingDocument, RegistrationItem


class _Unit(Protocol):
    """An organisation of the bulk province (app.demo.generator builds them), as the office's work reads it."""

    id: int
    name: str
    kind: UnitKind
    latent: float

    def exists(self, day: dt.date) -> bool: ...


class _Builder(Protocol):
    """What the office's work reads of the bulk province's build (app.demo.generator)."""

    seed: int
    campaign_ids: dict[str, int]
    orgs: list
    with_register: bool
    spanning_campaigns: list[str]
    rows: dict
    launched_above: list
    signers: list

    def staff_on(self, org, day: dt.date) -> list: ...


C, D = TargetComparison, Decimal
MULTI_YEAR = (2023, 2025)
UBND = AGENCY_PARENT
BAN_TDKT = f"Ban Thi đua – Khen thưởng tỉnh {PROVINCE}"
UNION = f"Công đoàn Ngành Y tế tỉnh {PROVINCE}"

# --- the multi-year campaign's plan, as seeds 000 and 001 write theirs -----------------------------------

MULTI_YEAR_TREE = """\
1. Thi đua hoàn thành các chỉ tiêu y tế cơ bản giai đoạn 2023 - 2025
1.1. Tăng số bác sĩ và số giường bệnh trên 10.000 dân theo lộ trình của tỉnh
1.2. Duy trì 100% số xã đạt Bộ tiêu chí quốc gia về y tế
1.3. Giữ tỷ lệ tăng dân số tự nhiên đến năm 2025 ở mức khoảng 1,0%
2. Thi đua củng cố, phát triển mạng lưới y tế cơ sở
2.1. Nâng cao chất lượng hoạt động của trạm y tế xã theo nguyên lý y học gia đình
2.2. Quản lý, điều trị bệnh không lây nhiễm (tăng huyết áp, đái tháo đường) tại tuyến xã
3. Thi đua nâng cao chất lượng dịch vụ, bảo đảm sự hài lòng của người bệnh
3.1. Thực hiện Bộ tiêu chí chất lượng bệnh viện Việt Nam
a) Cải tiến quy trình khám bệnh, giảm thời gian chờ của người bệnh
b) Bảo đảm an toàn người bệnh, phòng ngừa sự cố y khoa
3.2. Đổi mới phong cách, thái độ phục vụ của cán bộ y tế hướng tới sự hài lòng của người bệnh
4. Thi đua đẩy mạnh chuyển đổi số, ứng dụng công nghệ thông tin
4.1. Triển khai bệnh án điện tử, thanh toán viện phí không dùng tiền mặt
4.2. Liên thông dữ liệu khám bệnh, chữa bệnh với cơ quan bảo hiểm xã hội
5. Thi đua phát triển nguồn nhân lực y tế chất lượng cao
5.1. Đào tạo, bồi dưỡng chuyên môn, nghiệp vụ; thu hút bác sĩ về công tác tại tuyến cơ sở
5.2. Phát triển kỹ thuật mới, kỹ thuật chuyên sâu; nhân rộng mô hình, giải pháp, sáng kiến"""

MULTI_YEAR_TEXTS = PlanTexts(
    purpose=(
        "Phát huy vai trò, trách nhiệm của cấp ủy, người đứng đầu và toàn thể công chức, viên chức, người lao "
        "động, tạo khí thế thi đua sôi nổi, rộng khắp, quyết tâm hoàn thành và vượt mức các chỉ tiêu, nhiệm vụ "
        "giai đoạn 2023 - 2025 giao cho ngành Y tế.\n"
        "Kịp thời phát hiện, biểu dương, khen thưởng và nhân rộng các điển hình tiên tiến, mô hình hay, cách "
        "làm sáng tạo, sáng kiến được áp dụng hiệu quả.\n"
        "Việc bình xét, đề nghị khen thưởng bảo đảm dân chủ, khách quan, công khai, minh bạch và kịp thời."
    ),
    scope=(
        "Các cơ quan, đơn vị trực thuộc Sở Y tế; công chức, viên chức, người lao động đang công tác tại các "
        "cơ quan, đơn vị trực thuộc Sở."
    ),
    content_intro=(
        "Thủ trưởng các đơn vị căn cứ chức năng, nhiệm vụ xây dựng kế hoạch và tổ chức thực hiện phong trào "
        "thi đua với các nội dung trọng tâm sau:"
    ),
    rewards=(
        "Hằng năm, các đơn vị đánh giá kết quả thực hiện phong trào và xét khen thưởng gắn với kết quả thực "
        "hiện nhiệm vụ được giao.\n"
        "Năm 2025, Giám đốc Sở Y tế tặng Giấy khen cho các tập thể, cá nhân có thành tích xuất sắc tiêu biểu; "
        "lựa chọn các điển hình tiêu biểu nhất đề nghị Chủ tịch Ủy ban nhân dân tỉnh tặng Bằng khen.\n"
        "Ưu tiên khen thưởng tập thể, cá nhân có mô hình, giải pháp, cách làm sáng tạo, có sáng kiến được áp "
        "dụng hiệu quả trong thực tế."
    ),
    organisation=(
        "Thủ trưởng các đơn vị trực thuộc Sở xây dựng kế hoạch triển khai, cụ thể hóa các chỉ tiêu của đơn vị, "
        "gửi về Sở Y tế trước ngày 31/01/2023.\n"
        "Văn phòng Sở (bộ phận Thi đua – Khen thưởng) theo dõi, đôn đốc, tổng hợp kết quả, tham mưu Hội đồng "
        "Thi đua – Khen thưởng Sở đánh giá hằng năm và tổng kết phong trào.\n"
        "Đề nghị Công đoàn Ngành Y tế phối hợp tuyên truyền, vận động đoàn viên tích cực hưởng ứng phong trào."
    ),
    closing=(
        "Sở Y tế kêu gọi công chức, viên chức, người lao động toàn ngành phát huy truyền thống “Thầy thuốc "
        "như mẹ hiền”, đoàn kết, nỗ lực thi đua hoàn thành thắng lợi các chỉ tiêu, nhiệm vụ giai đoạn "
        "2023 - 2025./."
    ),
    addressees="Thủ trưởng các đơn vị trực thuộc Sở Y tế",
    copies_to=(
        f"{UBND} (để báo cáo)\n{BAN_TDKT}\nCông đoàn Ngành Y tế\nCác đơn vị trực thuộc Sở\nLưu: VT, TĐKT."
    ),
)

WORDS_TARGET = (
    "Hoàn thành các chỉ tiêu nghị quyết Đại hội Đảng bộ huyện, thành phố giao cho ngành Y tế các địa phương"
)
NEW_TARGETS = {
    "about": TargetInput("Tỷ lệ tăng dân số tự nhiên", "%", C.ABOUT, D("1.0"), target_year=2025),
    "value": TargetInput(
        "Tỷ lệ xã đạt Bộ tiêu chí quốc gia về y tế", "%", C.VALUE, D("100"), target_year=2025
    ),
    "words": TargetInput(
        "Chỉ tiêu nghị quyết Đảng bộ huyện, thành phố", None, C.TEXT, None, text=WORDS_TARGET
    ),
}
REPORTING_CENTRES = 3  # the centres whose results of the new targets the desk has entered
DOCTORS_TARGET = "Số bác sĩ trên 10.000 dân"  # the bulk target a mountain centre holds its own goal for
OWN_DOCTORS = (D("6.0"), D("6.5"))

# --- the province's block of departments ---------------------------------------------------------------

BLOCK_NAME = "Khối thi đua các cơ quan văn hóa – xã hội"
BLOCK_YEARS = (2024, 2025)
OUTSIDE = (  # name, short name, head, title
    (f"Sở Giáo dục và Đào tạo tỉnh {PROVINCE}", "Sở Giáo dục và Đào tạo", "Phạm Quốc Bảo", "Giám đốc"),
    (
        f"Sở Văn hóa, Thể thao và Du lịch tỉnh {PROVINCE}",
        "Sở Văn hóa, Thể thao và Du lịch",
        "Hoàng Thị Thu Trang",
        "Giám đốc",
    ),
    (f"Sở Khoa học và Công nghệ tỉnh {PROVINCE}", "Sở Khoa học và Công nghệ", "Vũ Đình Nam", "Giám đốc"),
    (
        f"Đài Phát thanh và Truyền hình tỉnh {PROVINCE}",
        "Đài Phát thanh và Truyền hình tỉnh",
        "Trịnh Văn Hòa",
        "Giám đốc",
    ),
)
BLOCK_SHEET = """\
I. Thực hiện nhiệm vụ chính trị\t60
1.1 Hoàn thành các chỉ tiêu, nhiệm vụ được UBND tỉnh giao\t40
1.2 Cải cách hành chính, chuyển đổi số\t20
II. Công tác thi đua, khen thưởng\t40
2.1 Tổ chức phong trào thi đua, ký kết giao ước\t20
2.2 Phát hiện, bồi dưỡng, nhân rộng điển hình tiên tiến\t20
III. Điểm trừ
3.1 Gửi báo cáo, hồ sơ chậm so với quy định\t-5"""


def _pledge_text(year: int) -> str:
    return (
        f"Thi đua hoàn thành xuất sắc các chỉ tiêu, nhiệm vụ kinh tế – xã hội năm {year} Ủy ban nhân dân tỉnh "
        "giao cho từng cơ quan.\n"
        "Đẩy mạnh cải cách hành chính, chuyển đổi số; nâng cao chỉ số hài lòng của người dân, tổ chức.\n"
        "Tổ chức các phong trào thi đua thiết thực, hiệu quả; phát hiện, bồi dưỡng, nhân rộng điển hình tiên "
        "tiến.\n"
        "Thực hành tiết kiệm, chống lãng phí; phòng, chống tham nhũng, tiêu cực.\n"
        "Thực hiện nghiêm chế độ thông tin, báo cáo; phối hợp chặt chẽ giữa các thành viên trong khối."
    )


# --- models and solutions, and the wordings the nomination import was taught ------------------------------

MODELS = (
    "Bệnh viện xanh – sạch – đẹp, giảm rác thải nhựa",
    "Đón tiếp người bệnh thân thiện tại khoa Khám bệnh",
    "Quản lý người bệnh tăng huyết áp, đái tháo đường tại trạm y tế xã",
    "Nhắc lịch tiêm chủng cho trẻ qua tin nhắn điện thoại",
)
SOLUTIONS = (
    "Ứng dụng phần mềm đặt lịch khám trực tuyến, giảm thời gian chờ của người bệnh",
    "Cải tiến quy trình cấp phát thuốc ngoại trú bằng mã vạch",
    "Thanh toán viện phí không dùng tiền mặt qua mã QR",
    "Số hóa hồ sơ bệnh án lưu trữ của khoa",
)
WORDINGS = (
    ("Chiến sỹ thi đua cấp cơ sở", "CSTDCS"),
    ("Danh hiệu LĐTT", "LDTT"),
    ("BK Chủ tịch UBND tỉnh", "BK_TINH"),
    ("GK Giám đốc Sở", "GIAY_KHEN"),
)


@dataclass(frozen=True)
class Received:
    """One entry of the incoming register, and what it is linked to: campaign keys, or decision ids."""

    data: IncomingInput
    campaigns: tuple[str, ...] = ()
    decisions: tuple[int, ...] = ()
    unit: _Unit | None = None  # a unit's Tờ trình: it opens a nomination batch


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def review_sentences(start: dt.date, end: dt.date) -> list[str]:
    """How a plan states the yearly reviews and the tổng kết of a campaign over several years (the last
    year's review is its tổng kết)."""
    said = [
        ReviewPointInfo(0, r.kind, r.year, r.held_on, r.period_from, r.period_to, r.subject or "").sentence()
        for r in yearly_reviews(start, end)
        if r.kind is not ReviewKind.YEARLY or r.year < end.year
    ]
    return [f"{line}{'.' if n == len(said) else ';'}" for n, line in enumerate(said, start=1)]


class Office:
    def __init__(self, ctx: ServiceContext, builder: _Builder):
        self.ctx = ctx
        self.b = builder
        self.rng = random.Random(builder.seed * 7919 + 15)
        self.campaign_ids = builder.campaign_ids
        self.centres = self._lasting(UnitKind.HEALTH_CENTER)
        self.hospitals = self._lasting(UnitKind.HOSPITAL)

    def _lasting(self, kind: UnitKind) -> list[_Unit]:
        """Organisations of `kind` through the whole multi-year campaign, weakest first."""
        first, last = MULTI_YEAR
        units = [u for u in self.b.orgs if u.kind is kind and u.exists(first) and u.exists(last)]
        return sorted(units, key=lambda u: (u.latent, u.id))

    def enter(self) -> None:
        self.plans()
        self.targets()
        self.block()
        self.registrations()
        self.wordings()
        self.incoming()
        if self.b.with_register:
            self.register()

    # -- campaigns ------------------------------------------------------------------------------------

    def plans(self) -> None:
        multi = self.campaign_ids["GIAI_DOAN"]
        detail = campaign_detail(self.ctx, multi)
        save_campaign(self.ctx, replace(detail.as_input(), texts=MULTI_YEAR_TEXTS), multi, detail.version)
        add_content_items(self.ctx, multi, MULTI_YEAR_TREE)
        for key in self.b.spanning_campaigns:
            create_yearly_reviews(self.ctx, self.campaign_ids[key])

    def targets(self) -> None:
        ctx, rng = self.ctx, self.rng
        multi = self.campaign_ids["GIAI_DOAN"]
        ids = {key: save_target(ctx, multi, data) for key, data in NEW_TARGETS.items()}
        first, last = MULTI_YEAR
        for n, centre in enumerate(self.centres[:REPORTING_CENTRES]):
            lag = Decimal(rng.randint(0, 30)) / 100
            for year in range(first, last + 1):
                growth = D("1.0") + D(last - year) * D("0.12") + lag - D("0.1")
                set_result(ctx, ids["about"], centre.id, year, growth.quantize(D("0.01")))
                communes = min(D(100), D(88) + D(4) * (year - first) + D(rng.randint(0, 8)))
                set_result(ctx, ids["value"], centre.id, year, communes)
                met = n > 0 or year == last
                set_result(
                    ctx,
                    ids["words"],
                    centre.id,
                    year,
                    verdict=TargetVerdict.MET if met else TargetVerdict.NOT_MET,
                    note=f"Đạt {12 if met else 10}/12 chỉ tiêu nghị quyết năm {year}",
                )
        if self.centres:  # the weakest centre, in the mountains, is held to a goal of its own
            centre = self.centres[0]
            doctors = next(t.id for t in campaign_detail(ctx, multi).targets if t.name == DOCTORS_TARGET)
            set_unit_value(ctx, doctors, centre.id, *OWN_DOCTORS)
            for year, value in zip(range(first, last + 1), ("5.8", "6.1", "6.4"), strict=True):
                set_result(ctx, doctors, centre.id, year, D(value))

    # -- the block of departments ---------------------------------------------------------------------

    def block(self) -> None:
        ctx = self.ctx
        outside = [
            save_outside_organisation(
                ctx,
                OutsideOrganisationData(
                    name,
                    short,
                    head,
                    title,
                    note=f"Thành viên {BLOCK_NAME.lower()} của {UBND}",
                ),
            )
            for name, short, head, title in OUTSIDE
        ]
        first, last = BLOCK_YEARS
        members = (MemberRef.outside(outside[0]), AGENCY_MEMBER, *(MemberRef.outside(x) for x in outside[1:]))
        block = create_cluster(
            ctx,
            ClusterData(
                first,
                BLOCK_NAME,
                ClusterKind.BLOCK,
                members,
                members[0],
                members[1],
                note=f"Khối thi đua do {UBND} tổ chức; trưởng khối, phó khối luân phiên theo thứ tự thành viên",
                rotation=ClusterRotation.ORDER,
            ),
        )
        save_sheet(ctx, block, parse_sheet(BLOCK_SHEET))
        save_pledge(ctx, block, PledgeData(dt.date(first, 2, 26), _pledge_text(first)))
        self._scores(block)
        # Next year the rule passes the chair to the next member in order: the Sở leads the block.
        (copy,) = copy_clusters_to_year(ctx, first, last, [block]).created
        save_pledge(ctx, copy, PledgeData(dt.date(last, 2, 20), _pledge_text(last)))

    def _scores(self, block: int) -> None:
        """The year-end scoring: what each member gave itself and what the block assessed; one member loses
        points on the penalty line."""
        rng, detail = self.rng, cluster_detail(self.ctx, block)
        entries = []
        for n, member in enumerate(detail.members):
            for c in detail.criteria:
                if c.max_points < 0:
                    points = c.max_points if n == len(detail.members) - 1 else D(0)
                    entries.append(ScoreEntry(c.id, member.id, points, points))
                    continue
                own = c.max_points - D(rng.randint(0, 4)) / 2
                entries.append(ScoreEntry(c.id, member.id, own, max(D(0), own - D(rng.randint(0, 6)) / 2)))
        save_scores(self.ctx, block, entries)

    # -- models and solutions -------------------------------------------------------------------------

    def registrations(self) -> None:
        ctx, rng = self.ctx, self.rng
        multi = self.campaign_ids["GIAI_DOAN"]
        units = [*self.hospitals[-2:], *self.centres[-2:]]
        for year in (2024, 2025):
            for n, org in enumerate(units):
                staff = self.b.staff_on(org, dt.date(year, 1, 15))
                works = [
                    WorkAim(RegistrationKind.MODEL, MODELS[(n + year) % len(MODELS)]),
                    WorkAim(RegistrationKind.SOLUTION, SOLUTIONS[(n + year) % len(SOLUTIONS)], staff[0].id)
                    if staff
                    else None,
                ]
                registration = save_registration(
                    ctx,
                    RegistrationData(
                        year,
                        org.id,
                        works=tuple(w for w in works if w is not None),
                        received_on=dt.date(year, 1, rng.randint(10, 25)),
                        campaign_id=multi,
                    ),
                )
                if year == 2025:
                    continue  # the year is not checked yet
                with ctx.read() as s:
                    items = s.scalars(
                        select(RegistrationItem.id)
                        .where(
                            RegistrationItem.registration_id == registration,
                            RegistrationItem.kind != RegistrationKind.TITLE,
                        )
                        .order_by(RegistrationItem.id)
                    ).all()
                for item in items[: 2 if n % 2 == 0 else 1]:
                    record_model_outcome(
                        ctx,
                        item,
                        dt.date(year, 12, rng.randint(5, 20)),
                        "Đoàn kiểm tra của Sở xác nhận đã triển khai, có hiệu quả",
                    )

    def wordings(self) -> None:
        for text, code in WORDINGS:
            remember_wording(self.ctx, text, code)

    # -- the incoming register ------------------------------------------------------------------------

    def _received(self) -> list[Received]:
        rng = self.rng
        out: list[Received] = []

        def doc(issued: dt.date, issuer, number, kind, subject, after=(2, 9), **links) -> None:
            received = issued + dt.timedelta(days=rng.randint(*after))
            out.append(Received(IncomingInput(received, issuer, number, issued, kind, subject), **links))

        years = sorted(int(k.removeprefix("REGULAR")) for k in self.campaign_ids if k.startswith("REGULAR"))
        province_decisions: dict[int, list[dict]] = {}
        for row in self.b.rows[Decision]:
            if row["issuer"] == "UBND tỉnh":
                province_decisions.setdefault(row["issued_on"].year, []).append(row)
        for year in years:
            doc(
                dt.date(year, 1, rng.randint(5, 15)),
                UBND,
                f"{rng.randint(3, 25)}/KH-UBND",
                "Kế hoạch",
                f"Tổ chức phong trào thi đua yêu nước năm {year}",
                campaigns=(f"REGULAR{year}",),
            )
            doc(
                dt.date(year, 1, rng.randint(16, 28)),
                "Bộ Y tế",
                f"{rng.randint(150, 480)}/BYT-TĐKT",
                "Công văn",
                f"Hướng dẫn công tác thi đua, khen thưởng năm {year}",
                campaigns=(f"REGULAR{year}",),
            )
            doc(
                dt.date(year, 10, rng.randint(10, 25)),
                BAN_TDKT,
                f"{rng.randint(300, 600)}/BTĐKT-NV",
                "Công văn",
                f"Hướng dẫn xét khen thưởng tổng kết năm {year}",
            )
            for row in sorted(province_decisions.get(year, []), key=lambda r: r["issued_on"])[:1]:
                doc(
                    row["issued_on"],
                    UBND,
                    row["number_text"],
                    "Quyết định",
                    _capital(row["subject"].removeprefix("Về việc ")),
                    decisions=(row["id"],),
                )
        specials = [
            (
                dt.date(2020, 3, 6),
                "Bộ Y tế",
                "1154/BYT-TĐKT",
                "Công văn",
                "Phát động phong trào thi đua “Ngành Y tế chung tay phòng, chống dịch COVID-19”",
                ("COVID",),
            ),
            (
                dt.date(2021, 3, 29),
                "Bộ Y tế",
                "04/CT-BYT",
                "Chỉ thị",
                "Tăng cường thực hiện công tác thi đua, khen thưởng trong ngành y tế giai đoạn 2021-2025",
                tuple(f"REGULAR{y}" for y in range(2021, 2026)),
            ),
            (
                dt.date(2022, 12, 2),
                UBND,
                "268/KH-UBND",
                "Kế hoạch",
                "Tổ chức phong trào thi đua thực hiện thắng lợi các chỉ tiêu, nhiệm vụ Nghị quyết Đại hội đại "
                "biểu Đảng bộ tỉnh giai đoạn 2023 - 2025",
                ("GIAI_DOAN",),
            ),
        ]
        specials += self.b.launched_above
        for issued, issuer, number, kind, subject, keys in specials:
            doc(
                issued,
                issuer,
                number,
                kind,
                subject,
                campaigns=tuple(k for k in keys if k in self.campaign_ids),
            )
        last = MULTI_YEAR[1]
        for n, org in enumerate([*self.hospitals[-1:], *self.centres[-1:]]):
            prefix = "BV" if org.kind is UnitKind.HOSPITAL else "TTYT"
            doc(
                dt.date(last, 12, 1 + 3 * n),
                org.name,
                f"{rng.randint(120, 380)}/TTr-{prefix}",
                "Tờ trình",
                "Đề nghị khen thưởng tổng kết phong trào thi đua giai đoạn 2023 - 2025",
                after=(1, 4),
                unit=org,
            )
        return sorted(out, key=lambda r: (r.data.received_on, r.data.issuer))

    def incoming(self) -> None:
        ctx = self.ctx
        for entry in self._received():
            incoming_id = record_incoming(ctx, entry.data)
            for key in entry.campaigns:
                link_incoming(ctx, incoming_id, campaign_id=self.campaign_ids[key])
            for decision_id in entry.decisions:
                link_incoming(ctx, incoming_id, decision_id=decision_id)
            if entry.unit is not None:
                batch = self._batch(entry)
                link_incoming(ctx, incoming_id, batch_id=batch)

    def _batch(self, entry: Received) -> int:
        """The unit's proposals the Tờ trình sends: Giấy khen for the campaign's tổng kết, for the unit and a
        few of its best people (one who already holds one is left out, as the desk would)."""
        ctx, org, data = self.ctx, entry.unit, entry.data
        year = data.received_on.year
        batch = create_batch(
            ctx,
            BatchData(
                year,
                f"Đề nghị khen thưởng tổng kết phong trào giai đoạn 2023 - 2025 của {org.name}",
                org.id,
                AwardBasis.THEMATIC,
                received_on=data.received_on,
                their_reference=data.number_symbol,
                campaign_id=self.campaign_ids["GIAI_DOAN"],
            ),
        )
        achievement = "Có thành tích xuất sắc tiêu biểu trong phong trào thi đua giai đoạn 2023 - 2025"
        subjects = [{"unit_id": org.id}] + [
            {"person_id": p.id}
            for p in sorted(self.b.staff_on(org, dt.date(year, 11, 30)), key=lambda p: (-p.talent, p.id))[:2]
        ]
        for subject in subjects:
            try:
                add_nomination(ctx, batch, "GIAY_KHEN", achievement=achievement, **subject)
            except AlreadyAwarded:
                continue
        return batch

    # -- the outgoing register ------------------------------------------------------------------------

    def _signed_letter(self, letter: ExternalDocument, year: int) -> bytes:
        """The signed letter's scan, as the clerk attaches it when entering the letter: the Văn phòng's công
        văn sending the year's báo cáo tổng kết up to the province's Ban Thi đua – Khen thưởng."""
        from app.documents.state import cong_van, render_pdf  # ReportLab: loaded for this one letter

        with self.ctx.read() as s:
            report = s.execute(
                select(OutgoingDocument.number, OutgoingDocument.symbol, OutgoingDocument.issued_on)
                .where(OutgoingDocument.year == year, OutgoingDocument.kind == DocumentKind.REPORT)
                .order_by(OutgoingDocument.issued_on.desc())
                .limit(1)
            ).one()
        agency = get_agency(self.ctx)
        model = cong_van(
            agency,
            SignerInfo(letter.signer_name, letter.signer_title),
            subject=letter.subject,
            recipients=[BAN_TDKT],
            body=[
                f"Thực hiện hướng dẫn của {BAN_TDKT} về tổng kết công tác thi đua, khen thưởng năm {year}, Sở Y "
                f"tế gửi kèm theo Công văn này Báo cáo số {number_text(report.number, report.symbol)} ngày "
                f"{report.issued_on:%d/%m/%Y} tổng kết công tác thi đua, khen thưởng năm {year} và phương "
                f"hướng, nhiệm vụ năm {year + 1} của ngành Y tế tỉnh {PROVINCE}.",
                "Bản điện tử của báo cáo đã gửi qua hộp thư công vụ của Ban. Đầu mối liên hệ: bộ phận Thi đua – "
                "Khen thưởng, Văn phòng Sở Y tế.",
                f"Sở Y tế kính gửi {BAN_TDKT} tổng hợp./.",
            ],
            unit_code="VP",
            copies_to=copies_lines(letter.recipients),
            number=letter.number,
            issued_on=letter.issued_on,
        )
        return render_pdf(model)

    def register(self) -> None:
        """From mid-December the province's document system numbered the Sở's letters for a while: one of
        them is entered as issued outside the program, and the shared series goes on past those numbers."""
        ctx = self.ctx
        year = MULTI_YEAR[1]
        with ctx.read() as s:
            highest = s.scalar(
                select(func.max(OutgoingDocument.number)).where(
                    OutgoingDocument.year == year, OutgoingDocument.series == SERIES
                )
            )
        director = self.b.signers[0]
        letter = ExternalDocument(
            DocumentKind.OFFICIAL_LETTER,
            highest + 1,
            "SYT-VP",
            dt.date(year, 12, 31),
            f"báo cáo tổng kết công tác thi đua, khen thưởng năm {year}",
            director.name,
            "Giám đốc",
            "Như trên;\nLưu: VT, VP.",
        )
        scan = self._signed_letter(letter, year)
        record_external_document(
            ctx, replace(letter, file_name=f"{letter.number}-{letter.symbol}.pdf", file_content=scan)
        )
        gap = 14
        set_next_number(
            ctx,
            SERIES,
            year,
            highest + gap + 1,
            f"Các số {highest + 1:02d}–{highest + gap:02d} năm {year} đã cấp trên Hệ thống quản lý văn bản và "
            "điều hành của tỉnh trong thời gian chuyển đổi; chương trình cấp tiếp từ số sau đó.",
        )
