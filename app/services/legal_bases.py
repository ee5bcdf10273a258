"""Căn cứ: the legal bases a decision, a Tờ trình or a kế hoạch opens with, chosen by the document's date from
the catalogue's dated rows, and the province's own rules the office enters (its TĐKT regulation, the council
thresholds that regulation sets).

    lines = legal_bases_on(ctx, dt.date(2024, 12, 10), DocumentKind.DECISION)
    # ("Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;", "Căn cứ Nghị định số 98/2023/NĐ-CP …",
    #  "Căn cứ Thông tư số 25/2023/TT-BYT …", "Xét đề nghị của Hội đồng Thi đua – Khen thưởng Sở Y tế.")

The lines are what the document is drafted with; the clerk may still edit them per document.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.permissions import Permission, use_case
from app.errors import ValidationError
from app.rules.parameters import RuleBook
from app.services.catalogue import parameter_book
from app.services.context import ServiceContext
from app.text import clean
from database.enums import Certainty, DocumentKind, RuleSet
from database.models import AwardType, Parameter

# In the order a document cites them: the Luật, its decree, the Ministry's circular, the province's regulation.
LINE_KEYS = (
    "legal_basis_line.law",
    "legal_basis_line.decree",
    "legal_basis_line.ministry",
    "legal_basis_line.province",
)
PROVINCE_LINE = "legal_basis_line.province"
THRESHOLD_PREFIX = "vote_threshold."
# What follows the legal texts in each kind of document (a decision rests on the council's proposal).
CLOSING = {DocumentKind.DECISION: ("Xét đề nghị của Hội đồng Thi đua – Khen thưởng Sở Y tế.",)}


def lines_in_force(book: RuleBook, day: dt.date, kind: DocumentKind) -> tuple[str, ...]:
    """The Căn cứ lines of a document of `kind` dated `day`: each text in force that day, then the closing
    line of that kind."""
    lines = tuple(x for x in (book.value(key, day) for key in LINE_KEYS) if x)
    return lines + CLOSING.get(kind, ())


def legal_bases(s: Session, day: dt.date, kind: DocumentKind) -> tuple[str, ...]:
    """`lines_in_force` over the database's catalogue (with the office's own rows)."""
    return lines_in_force(parameter_book(s, LINE_KEYS), day, kind)


def legal_bases_on(ctx: ServiceContext, day: dt.date, kind: DocumentKind) -> tuple[str, ...]:
    with ctx.read() as s:
        return legal_bases(s, day, kind)


# --- the province's rules, as the office enters them ------------------------------------------------------


@dataclass(frozen=True)
class ProvinceRule:
    key: str
    value: Any  # the Căn cứ line (text), or a threshold (a share, 0.8); None: not set
    effective_from: dt.date
    source: str | None
    certainty: Certainty
    local: bool  # entered by the office
    award_name: str | None = None  # a threshold's title or form, as the catalogue names it

    @property
    def label(self) -> str:
        if self.key == PROVINCE_LINE:
            return "Quy định thi đua, khen thưởng của tỉnh (dòng căn cứ)"
        if self.key.startswith(THRESHOLD_PREFIX):
            return f"Tỷ lệ phiếu bầu: {self.award_name or self.key.removeprefix(THRESHOLD_PREFIX)}"
        return self.key


def province_rules(ctx: ServiceContext) -> list[ProvinceRule]:
    """The PROVINCE rows the office confirms with its regulation: the Căn cứ line first, then the thresholds,
    each key newest first."""
    with ctx.read() as s:
        rows = s.scalars(
            select(Parameter).where(
                Parameter.rule_set == RuleSet.PROVINCE,
                Parameter.key.startswith(THRESHOLD_PREFIX, autoescape=True)
                | (Parameter.key == PROVINCE_LINE),
            )
        )
        names = dict(
            s.execute(select(AwardType.code, AwardType.name)).all()
        )  # the clerk reads names, not codes
        found = [
            ProvinceRule(
                r.key,
                r.value,
                r.effective_from,
                r.source,
                r.certainty,
                r.local,
                names.get(r.key.removeprefix(THRESHOLD_PREFIX)),
            )
            for r in rows
        ]
    found.sort(key=lambda r: (r.key != PROVINCE_LINE, r.key, -r.effective_from.toordinal()))
    return found


def _line(text: Any) -> str:
    line = clean(str(text or "")).rstrip(" ;.")
    if not line:
        raise ValidationError(
            "Chưa nhập nội dung căn cứ (ví dụ: Quyết định số …/2025/QĐ-UBND ngày … của UBND "
            "tỉnh ban hành Quy định về công tác thi đua, khen thưởng)."
        )
    if not line.casefold().startswith("căn cứ"):
        line = "Căn cứ " + line  # "Căn cứ Quyết định số …": the title keeps its capital
    return line + ";"


def _share(value: Any) -> float:
    try:
        share = Fraction(str(value))
    except (ValueError, ZeroDivisionError):
        raise ValidationError("Tỷ lệ phiếu bầu phải là một số, ví dụ 0,8 (80%).") from None
    if not 0 < share <= 1:
        raise ValidationError("Tỷ lệ phiếu bầu phải lớn hơn 0 và không quá 100%.")
    return float(share)


@use_case(Permission.CATALOGUE)
def set_province_rule(
    ctx: ServiceContext, key: str, effective_from: dt.date, value: Any, source: str
) -> None:
    """The office's own row for a province rule from a date (its regulation's line, or a council threshold),
    kept against later releases of the catalogue; a row of the same date is replaced."""
    if key != PROVINCE_LINE and not key.startswith(THRESHOLD_PREFIX):
        raise ValidationError(f"“{key}” không phải quy định do tỉnh ban hành.")
    if not isinstance(effective_from, dt.date):
        raise ValidationError("Cần nhập ngày có hiệu lực của quy định.")
    source = clean(source)
    if not source:
        raise ValidationError(
            "Cần ghi văn bản quy định (số, ngày, cơ quan ban hành), ví dụ: Quyết định số "
            "86/2025/QĐ-UBND ngày 05/12/2025 của UBND tỉnh."
        )
    value = _line(value) if key == PROVINCE_LINE else _share(value)
    with ctx.write(f"Ghi quy định của tỉnh: {key} từ ngày {effective_from:%d/%m/%Y}") as s:
        row = s.scalar(
            select(Parameter).where(
                Parameter.rule_set == RuleSet.PROVINCE,
                Parameter.key == key,
                Parameter.effective_from == effective_from,
            )
        )
        if row is None:
            row = Parameter(rule_set=RuleSet.PROVINCE, key=key, effective_from=effective_from)
            s.add(row)
        row.value, row.source, row.certainty, row.local = value, source, Certainty.VERIFIED, True
