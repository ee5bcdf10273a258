"""The registers of the two former departments (Sở Y tế tỉnh Hà Xuyên, Sở Y tế tỉnh Tây Lâm) the province took
over on 1 July 2025, as `merge-database` keeps them: the outgoing register under the former department's name
(series "<name>", its council's biên bản in "<name> (HĐTĐKT)"), the incoming book under the same name
(incoming_document.series), and the audit trail noting each merge.

Their documents run from the year the program came into use to the end of June 2025: each year's kế hoạch,
công văn, the decisions on the titles of their units, the Tờ trình to their province, the council's biên bản,
the year's report, as register lines without their text (origin EXTERNAL: "Ban hành ngoài chương trình");
in their incoming book the documents of their province, the Ministry, the union and their units' Tờ trình.
Drawn from an RNG of their own: the rest of the province stays what the seed makes it.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass

from app.demo import names
from app.demo.structure import AGENCY_NAME, AGENCY_SYMBOL, FORMER_PROVINCES, REFORM_DAY, former_organisations
from app.domain.agency import LevelWording
from app.exchange.merge_database import series_label
from app.services.register import COUNCIL_SERIES, SERIES
from database.enums import DocumentKind, DocumentOrigin

K = DocumentKind
LAST_DAY = REFORM_DAY - dt.timedelta(days=1)  # the former departments' last day
DOCUMENTS_A_DAY = 6  # the rate the former departments' shared series grows at (all the office's documents)
UNITS_LISTED = 14  # the units of a former province whose decisions and Tờ trình the registers hold


@dataclass
class Entry:
    """One document of a former department's outgoing register, numbered once its year is known."""

    kind: DocumentKind
    issued_on: dt.date
    subject: str
    symbol: str
    series: str
    signer: tuple[str, str]
    number: int = 0


@dataclass(frozen=True)
class FormerDepartment:
    place: str
    units: tuple[str, ...]  # its units' names before REFORM_DAY

    @property
    def label(self) -> str:
        """The name its registers keep here: "Sở Y tế tỉnh Hà Xuyên" (merge_database.former_name)."""
        return LevelWording(place=self.place).with_place(AGENCY_NAME)


def former_departments() -> list[FormerDepartment]:
    """The two former departments, with the units their registers name (the same whatever the demo's size)."""
    orgs = former_organisations(10**6, taken=set())
    out = []
    for place, prefix in FORMER_PROVINCES:
        own = [o for o in orgs if o.code.startswith(f"{prefix}.")][:UNITS_LISTED]
        out.append(FormerDepartment(place, tuple(o.old_name or o.name for o in own)))
    return out


def _symbol(kind: DocumentKind) -> str:
    prefix = kind.symbol_prefix
    return f"{prefix}-{AGENCY_SYMBOL}" if prefix else f"{AGENCY_SYMBOL}-TĐKT"


def _outgoing(
    rng: random.Random, dept: FormerDepartment, y: int, signers: list[tuple[str, str]]
) -> list[Entry]:
    """A year's TĐKT documents in the former department's register (January to June only in 2025)."""
    shared = series_label(dept.label, SERIES)
    council = series_label(dept.label, COUNCIL_SERIES)
    province = f"tỉnh {dept.place}"

    def day(month: int, first: int = 1, last: int = 28) -> dt.date:
        return dt.date(y, month, rng.randint(first, last))

    def entry(kind: DocumentKind, when: dt.date, subject: str, series: str = shared) -> Entry:
        signer = signers[0] if kind is K.MINUTES or rng.random() < 0.7 else rng.choice(signers[1:])
        symbol = "BB-HĐTĐKT" if kind is K.MINUTES else _symbol(kind)
        return Entry(kind, when, subject, symbol, series, signer)

    out = [
        entry(K.PLAN, day(1, 3, 12), f"Phát động phong trào thi đua năm {y} ngành Y tế {province}"),
        entry(K.OFFICIAL_LETTER, day(1, 14, 25), f"đăng ký thi đua năm {y}"),
    ]
    if y == REFORM_DAY.year:
        out.append(
            entry(
                K.REPORT,
                day(6, 16, 25),
                "Công tác thi đua, khen thưởng 6 tháng đầu năm 2025 và bàn giao hồ sơ thi đua, "
                "khen thưởng về Sở Y tế tỉnh mới",
            )
        )
        return out
    out += [
        entry(K.OFFICIAL_LETTER, day(6, 10, 25), f"sơ kết phong trào thi đua 6 tháng đầu năm {y}"),
        entry(K.OFFICIAL_LETTER, day(11, 2, 12), f"hướng dẫn bình xét thi đua, khen thưởng năm {y}"),
        entry(
            K.MINUTES,
            day(12, 5, 9),
            f"Họp Hội đồng Thi đua – Khen thưởng Sở Y tế {province} xét thi đua, khen thưởng năm {y}",
            council,
        ),
    ]
    for unit in dept.units:
        out.append(
            entry(
                K.DECISION,
                day(12, 10, 15),
                f"Về việc tặng danh hiệu “Lao động tiên tiến” năm {y} cho cá nhân thuộc {unit}",
            )
        )
    out += [
        entry(K.DECISION, day(12, 16, 20), f"Về việc tặng danh hiệu “Chiến sĩ thi đua cơ sở” năm {y}"),
        entry(K.DECISION, day(12, 16, 20), f"Về việc tặng danh hiệu “Tập thể lao động tiên tiến” năm {y}"),
        entry(
            K.DECISION,
            day(12, 16, 20),
            "Về việc tặng Giấy khen của Giám đốc Sở Y tế cho tập thể, cá nhân có thành tích xuất sắc "
            f"năm {y}",
        ),
        entry(
            K.SUBMISSION,
            day(12, 16, 21),
            f"Đề nghị Chủ tịch UBND {province} tặng Bằng khen, danh hiệu thi đua năm {y}",
        ),
        entry(K.NOTICE, day(12, 18, 24), f"Kết quả bình xét thi đua, khen thưởng năm {y}"),
        entry(
            K.REPORT,
            day(12, 22, 29),
            f"Tổng kết công tác thi đua, khen thưởng năm {y} và phương hướng, nhiệm vụ năm {y + 1}",
        ),
    ]
    if rng.random() < 0.5:  # a sudden award: an outbreak, an accident, a rescue
        out.append(
            entry(
                K.DECISION,
                day(rng.randint(2, 10)),
                "Về việc tặng Giấy khen cho tập thể, cá nhân có thành tích xuất sắc đột xuất",
            )
        )
    return out


def _incoming(rng: random.Random, dept: FormerDepartment, y: int) -> list[dict]:
    """A year's TĐKT documents the former department received (its own book), before numbering."""
    province = f"tỉnh {dept.place}"
    committee = f"UBND {province}"
    last = LAST_DAY if y == REFORM_DAY.year else dt.date(y, 12, 31)

    def doc(issued: dt.date, issuer: str, symbol: str, kind: str, subject: str) -> None:
        received = min(last, issued + dt.timedelta(days=rng.randint(1, 6)))
        if issued <= last:
            number = rng.randint(5, 60) if issued.month == 1 else rng.randint(60, 3200)
            out.append(
                {
                    "received_on": received,
                    "issuer": issuer,
                    "number_symbol": f"{number}/{symbol}",
                    "issued_on": issued,
                    "kind": kind,
                    "subject": subject,
                }
            )

    out: list[dict] = []
    day = lambda month, first=1, last_day=28: dt.date(y, month, rng.randint(first, last_day))  # noqa: E731
    doc(day(1, 2, 10), committee, "KH-UBND", "Kế hoạch", f"Phát động phong trào thi đua năm {y}")
    doc(
        day(1, 5, 20),
        f"Ban Thi đua – Khen thưởng {province}",
        "HD-BTĐKT",
        "Hướng dẫn",
        f"Hướng dẫn công tác thi đua, khen thưởng năm {y}",
    )
    doc(
        day(2, 10, 25),
        "Bộ Y tế",
        "QĐ-BYT",
        "Quyết định",
        "Về việc tặng Kỷ niệm chương “Vì sức khỏe nhân dân”",
    )
    doc(
        day(3, 1, 20),
        f"Công đoàn ngành Y tế {province}",
        "KH-CĐN",
        "Kế hoạch",
        f"Tổ chức phong trào thi đua “Lao động giỏi, lao động sáng tạo” năm {y}",
    )
    doc(day(5, 5, 25), "Bộ Y tế", "BYT-TĐKT", "Công văn", f"Hướng dẫn khen thưởng tổng kết năm {y}")
    doc(
        day(10, 10, 28),
        committee,
        "UBND-TĐKT",
        "Công văn",
        f"Hướng dẫn bình xét thi đua, khen thưởng năm {y}",
    )
    for unit in dept.units:
        doc(
            day(12, 1, 8),
            unit,
            "TTr-" + "".join(w[0] for w in unit.split()[:3]).upper(),
            "Tờ trình",
            f"Đề nghị công nhận danh hiệu thi đua và khen thưởng năm {y}",
        )
    if y < REFORM_DAY.year:
        doc(
            dt.date(y, 12, 30),
            committee,
            "QĐ-UBND",
            "Quyết định",
            f"Về việc tặng Bằng khen của Chủ tịch UBND tỉnh cho tập thể, cá nhân thuộc Sở Y tế năm {y}",
        )
    return out


def former_registers(
    seed: int,
    first_year: int,
    document: Callable[[DocumentKind, Entry, str, str], dict],  # (kind, entry, signer's name, title)
) -> tuple[list[tuple[str, int, int]], list[dict], list[dict]]:
    """Both former departments' registers from `first_year` (the program's first) to June 2025: the
    outgoing rows (`document(kind, entry, signer_name, signer_title)` makes one, as the office's own), the
    incoming rows, and a line a department for the audit trail (label, outgoing, incoming)."""
    merged, outgoing, incoming = [], [], []
    for n, dept in enumerate(former_departments()):
        rng = random.Random(seed * 7919 + 101 + n)
        signers = [(names.full_name(rng, False, rng.randint(1965, 1972)), "GIÁM ĐỐC")] + [
            (names.full_name(rng, rng.random() < 0.4, rng.randint(1968, 1980)), "PHÓ GIÁM ĐỐC")
            for _ in range(2)
        ]
        mine_out = mine_in = 0
        for y in range(first_year, REFORM_DAY.year + 1):
            previous: dict[str, int] = {}
            for entry in sorted(_outgoing(rng, dept, y, signers), key=lambda e: (e.issued_on, e.subject)):
                if entry.kind is K.MINUTES:
                    entry.number = previous.get(entry.series, 0) + 1
                else:
                    floor = int(entry.issued_on.timetuple().tm_yday * DOCUMENTS_A_DAY * rng.uniform(0.9, 1.0))
                    entry.number = max(previous.get(entry.series, 0) + rng.randint(1, 6), floor)
                previous[entry.series] = entry.number
                name, title = entry.signer
                row = document(entry.kind, entry, name, title)
                row["series"] = entry.series
                row["origin"] = DocumentOrigin.EXTERNAL  # their register's line, without its text
                row["recipients"] = (
                    "Như trên;\nLưu: VT, TĐKT."
                    if entry.kind is K.OFFICIAL_LETTER
                    else "Các đơn vị trực thuộc Sở;\nLưu: VT, TĐKT."
                )
                outgoing.append(row)
                mine_out += 1
            received = sorted(_incoming(rng, dept, y), key=lambda d: (d["received_on"], d["issuer"]))
            for number, data in enumerate(received, start=1):
                incoming.append(
                    {
                        **data,
                        "series": series_label(dept.label, ""),
                        "year": y,
                        "received_number": number,
                        "note": None,
                    }
                )
            mine_in += len(received)
        merged.append((dept.label, mine_out, mine_in))
    return merged, outgoing, incoming
