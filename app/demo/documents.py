"""The demo's outgoing register beyond the decisions: each year's công văn, thông báo, báo cáo, the Tờ trình that
sends the province's awards up, the council's biên bản, and the text of every campaign's kế hoạch. Each
entry keeps the content `app.services.documents` prints it from, so `documents render` works on all.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction

from app.demo.structure import AGENCY_ADDRESS, AGENCY_NAME, AGENCY_PARENT, AGENCY_SYMBOL, PROVINCE
from app.documents.campaign_document import relayed
from app.documents.state.builders import Listed  # a line of a decision's or a Tờ trình's list
from app.domain.agency import LevelWording
from app.rules.parameters import shipped_book
from app.services.legal_bases import lines_in_force
from database.enums import AuthorityLevel, DocumentKind, Launcher

K = DocumentKind
UNIT_CODE = "TĐKT"  # the desk drafts them: công văn read SYT-TĐKT
ALL_UNITS = "Thủ trưởng các đơn vị trực thuộc Sở"
COUNCIL_MEMBERS = 11
LISTED_AT_MOST = 40  # a Tờ trình's or biên bản's list is cut here: enough to look real, quick to print
QUORUM = Fraction(4, 5)


@dataclass
class OfficeDocument:
    """One register entry to be numbered with the Department's decisions of its year (or, a biên bản, in the
    council's own series)."""

    kind: DocumentKind
    issued_on: dt.date
    subject: str
    content: dict
    recipients: str
    symbol: str
    number: int = 0


def _copies(*items: str) -> str:
    return "\n".join(f"{x}{'.' if n == len(items) - 1 else ';'}" for n, x in enumerate(items))


def _letter(
    kind: DocumentKind,
    day: dt.date,
    subject: str,
    paragraphs: Sequence[str],
    addressees: Sequence[str] = (),
    copies: Sequence[str] = ("Lưu: VT, TĐKT",),
) -> OfficeDocument:
    prefix = kind.symbol_prefix
    symbol = f"{prefix}-{AGENCY_SYMBOL}" if prefix else f"{AGENCY_SYMBOL}-{UNIT_CODE}"
    content = {"text": "\n".join(paragraphs), "addressees": list(addressees), "unit_code": UNIT_CODE}
    return OfficeDocument(kind, day, subject, content, _copies(*copies), symbol)


def year_letters(rng: random.Random, y: int) -> list[OfficeDocument]:
    """The công văn, thông báo and báo cáo every year brings."""
    register_day = dt.date(y, 1, rng.randint(8, 20))
    guide_day = dt.date(y, 11, rng.randint(3, 12))
    notice_day = dt.date(y, 12, rng.randint(12, 18))
    report_day = dt.date(y, 12, rng.randint(24, 29))
    return [
        _letter(
            K.OFFICIAL_LETTER,
            register_day,
            f"đăng ký thi đua năm {y}",
            [
                f"Thực hiện Kế hoạch phát động phong trào thi đua năm {y} của ngành Y tế tỉnh {PROVINCE}, Sở Y tế đề "
                "nghị Thủ trưởng các đơn vị tổ chức cho tập thể, cá nhân đăng ký danh hiệu thi đua năm "
                f"{y}.",
                "Bản đăng ký (theo mẫu kèm theo) gửi về Sở Y tế (qua bộ phận Thi đua – Khen thưởng, Văn phòng Sở) "
                f"**trước ngày 15/02/{y}**, đồng thời gửi bản điện tử qua hộp thư công vụ.",
                "Đơn vị không đăng ký thi đua sẽ *không được xét* danh hiệu thi đua cuối năm./.",
            ],
            [ALL_UNITS],
            ("Như trên", "Giám đốc Sở (để b/c)", "Lưu: VT, TĐKT"),
        ),
        _letter(
            K.OFFICIAL_LETTER,
            guide_day,
            f"hướng dẫn bình xét thi đua, khen thưởng năm {y}",
            [
                "Để công tác bình xét thi đua, khen thưởng năm được kịp thời, đúng quy định, Sở Y tế hướng dẫn như "
                "sau:",
                "1. Các đơn vị tổ chức họp Hội đồng Thi đua – Khen thưởng cơ sở, bình xét danh hiệu “Lao động tiên "
                "tiến”, “Chiến sĩ thi đua cơ sở” và đề nghị các hình thức khen thưởng cấp trên.",
                "2. Tỷ lệ “Chiến sĩ thi đua cơ sở” không quá 15% tổng số cá nhân đạt danh hiệu “Lao động tiên tiến”.",
                f"3. Hồ sơ đề nghị gửi về Sở Y tế trước ngày 30/11/{y}; hồ sơ gửi chậm sẽ xét vào đợt sau./.",
            ],
            [ALL_UNITS, "Trưởng các phòng chức năng thuộc Sở"],
            ("Như trên", "Lưu: VT, TĐKT"),
        ),
        _letter(
            K.NOTICE,
            notice_day,
            f"Kết quả họp Hội đồng Thi đua – Khen thưởng Sở Y tế năm {y}",
            [
                f"Ngày {notice_day.day - 2:02d}/12/{y}, Hội đồng Thi đua – Khen thưởng Sở Y tế đã họp xét các đề nghị "
                f"khen thưởng năm {y} của các đơn vị trực thuộc.",
                "Sở Y tế thông báo kết quả để các đơn vị biết; các trường hợp được đề nghị cấp trên khen thưởng, Sở "
                "sẽ trình UBND tỉnh, Bộ Y tế theo quy định.",
                "Đơn vị có ý kiến khác gửi về Văn phòng Sở trong 05 ngày làm việc kể từ ngày thông báo./.",
            ],
            copies=("Các đơn vị trực thuộc Sở", "Lưu: VT, TĐKT"),
        ),
        _letter(
            K.REPORT,
            report_day,
            f"Tổng kết công tác thi đua, khen thưởng năm {y} và phương hướng, nhiệm vụ năm {y + 1}",
            [
                "I. KẾT QUẢ THỰC HIỆN NĂM " + str(y),
                "1. Công tác chỉ đạo, tổ chức các phong trào thi đua",
                f"Sở Y tế đã ban hành kế hoạch phát động phong trào thi đua năm {y}; các đơn vị trực thuộc tổ chức "
                "đăng ký thi đua, ký giao ước thi đua trong cụm, khối.",
                "2. Công tác khen thưởng",
                "Việc bình xét, khen thưởng bảo đảm *chính xác, công khai, kịp thời*; hồ sơ đúng quy định.",
                "II. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM " + str(y + 1),
                "Tiếp tục đổi mới nội dung, hình thức tổ chức các phong trào thi đua; chú trọng phát hiện, nhân "
                "rộng điển hình tiên tiến./.",
            ],
            [f"UBND tỉnh {PROVINCE}", f"Ban Thi đua – Khen thưởng tỉnh {PROVINCE}"],
            ("Như trên", "Giám đốc Sở", "Lưu: VT, TĐKT"),
        ),
    ]


def plan_subject(name: str, launcher: Launcher) -> str:
    """ "Phát động phong trào …" for the Sở's own; "Triển khai phong trào … do Thủ tướng Chính phủ phát động"
    for a higher body's."""
    name = f"{name[:1].lower()}{name[1:]}"
    origin = relayed(launcher, LevelWording(place=PROVINCE))[0]
    return f"Triển khai {name} do {origin} phát động" if origin else f"Phát động {name}"


def plan_content(
    campaign: dict, items: Sequence[str], numbered: Sequence[str] = (), reviews: Sequence[str] = ()
) -> dict:
    """The text of a campaign's kế hoạch: aims, content items (`items` numbered 1., 2. …, or the lines of a
    tree as `numbered` labels them), the period with its review points, organisation."""
    start, end = campaign["start_date"], campaign["end_date"]
    lines = [
        "I. MỤC ĐÍCH, YÊU CẦU",
        f"{plan_subject(campaign['name'], campaign['launcher'])} với chủ đề *“{campaign['theme']}”*, "
        "động viên cán bộ, viên chức, người lao động hoàn thành xuất sắc nhiệm vụ được giao.",
        "II. NỘI DUNG THI ĐUA",
        *(
            numbered
            or (
                f"{n}. {x.rstrip('.;')}{'.' if n == len(items) else ';'}"
                for n, x in enumerate(items, start=1)
            )
        ),
        "III. THỜI GIAN THỰC HIỆN",
        f"Từ ngày {start:%d/%m/%Y} đến ngày {end:%d/%m/%Y}.",
        *reviews,
        "IV. TỔ CHỨC THỰC HIỆN",
        "Thủ trưởng các đơn vị trực thuộc Sở xây dựng kế hoạch của đơn vị, tổ chức phát động, sơ kết, tổng kết "
        "và đề nghị khen thưởng theo quy định./.",
    ]
    return {"text": "\n".join(lines), "addressees": [], "unit_code": UNIT_CODE}


def submission(
    rng: random.Random, y: int, first_decision: dt.date, listed: Sequence[Listed]
) -> OfficeDocument:
    """The Tờ trình sending the year's awards within the province's power up, days before its decisions."""
    day = first_decision - dt.timedelta(days=rng.randint(6, 12))
    lines = [
        {
            "name": x.name,
            "position": x.position,
            "unit": x.unit,
            "collective": x.collective,
            "award_name": x.award,
        }
        for x in listed[:LISTED_AT_MOST]
    ]
    content = {
        "level": AuthorityLevel.PROVINCE.value,
        "year": y,
        "lines": lines,
        "addressees": [f"UBND tỉnh {PROVINCE}"],
        "legal_bases": list(lines_in_force(shipped_book(), day, K.SUBMISSION)),
    }
    return OfficeDocument(
        K.SUBMISSION,
        day,
        f"Về việc đề nghị UBND tỉnh khen thưởng cho tập thể, cá nhân thuộc Sở Y tế năm {y}",
        content,
        _copies(f"UBND tỉnh {PROVINCE}", "Ban Thi đua – Khen thưởng tỉnh", "Lưu: VT, TĐKT"),
        f"TTr-{AGENCY_SYMBOL}",
    )


def minutes(
    rng: random.Random, y: int, listed: Sequence[Listed], chair: str, secretary: str
) -> OfficeDocument:
    """The biên bản of the year's council meeting, as `bien_ban_hop_hoi_dong` drafts it, kept whole."""
    from app.documents.state import bien_ban_hop_hoi_dong
    from app.domain.agency import AgencyInfo
    from app.domain.council import BallotResult, MeetingInfo
    from app.services.documents import minutes_entry

    held = dt.datetime(y, 12, rng.randint(8, 10), 8, 0)
    present = rng.randint(9, COUNCIL_MEMBERS)
    info = MeetingInfo(
        0, held, "Hội trường Sở Y tế", y, COUNCIL_MEMBERS, present, 0, math.ceil(QUORUM * COUNCIL_MEMBERS)
    )
    needed = math.ceil(QUORUM * COUNCIL_MEMBERS)
    results = []
    for n, x in enumerate(listed[:LISTED_AT_MOST]):
        votes = rng.randint(needed, present)
        results.append(
            BallotResult(
                n, x.name, x.award, votes, present - votes, 0, COUNCIL_MEMBERS, QUORUM, needed, True, True
            )
        )
    agency = AgencyInfo(AGENCY_PARENT.upper(), AGENCY_NAME.upper(), AGENCY_SYMBOL, PROVINCE, AGENCY_ADDRESS)
    model = bien_ban_hop_hoi_dong(
        agency,
        info,
        results,
        chair=chair,
        secretary=secretary,
        ended_at=held + dt.timedelta(hours=3, minutes=rng.choice((0, 15, 30))),
    )
    entry = minutes_entry(model)
    return OfficeDocument(
        K.MINUTES, held.date(), entry["subject"], entry["content"], entry["recipients"], entry["symbol"]
    )


def pledge(
    rng: random.Random, y: int, title: str, members: Sequence[tuple[str, str | None]]
) -> OfficeDocument:
    """The Bản giao ước thi đua of one of the year's clusters, signed by its members' heads, kept whole."""
    from app.documents.pledge_document import pledge_document, pledge_register_subject
    from app.documents.state.stored import snapshot
    from app.domain.agency import AgencyInfo
    from app.domain.clusters import MemberInfo, MemberRef
    from app.services.clusters import HEAD_OF_UNIT, PLEDGE_SYMBOL
    from database.enums import ClusterRole

    day = dt.date(y, 3, rng.randint(2, 20))
    agency = AgencyInfo(AGENCY_PARENT.upper(), AGENCY_NAME.upper(), AGENCY_SYMBOL, PROVINCE, AGENCY_ADDRESS)
    signers = [
        MemberInfo(
            n,
            MemberRef.unit(n),
            name,
            name,
            ClusterRole.MEMBER,
            True,
            None,
            None,
            (HEAD_OF_UNIT,),
            head or "",
        )
        for n, (name, head) in enumerate(members, start=1)
    ]
    symbol = f"{PLEDGE_SYMBOL}-{AGENCY_SYMBOL}"
    content = (
        "I. Nội dung giao ước\n"
        f"1. Hoàn thành toàn diện các chỉ tiêu chuyên môn, kế hoạch được giao năm {y}.\n"
        "2. Tổ chức tốt các phong trào thi đua, phát hiện, nhân rộng điển hình tiên tiến.\n"
        "II. Tổ chức thực hiện\n"
        f"Các đơn vị thống nhất ký kết giao ước thi đua năm {y}."
    )
    model = pledge_document(
        agency, title=title, year=y, members=signers, signed_on=day, content=content, symbol=symbol
    )
    return OfficeDocument(
        K.PLEDGE, day, pledge_register_subject(y, title), {"snapshot": snapshot(model)}, "", symbol
    )


def listed_awards(
    award_rows: Sequence[dict], decision_ids: set[int], name_of: Callable[[dict], Listed]
) -> dict[int, list[Listed]]:
    """The awards of the given decisions, as their lists name them, by decision."""
    out: dict[int, list[Listed]] = defaultdict(list)
    for award in award_rows:
        decision_id = award.get("decision_id")
        if decision_id in decision_ids:
            out[decision_id].append(name_of(award))
    return out
