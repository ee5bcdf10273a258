"""Rules for collectives (tập thể): the unit's own record and its members' in the review year.

Members are the staff of the unit (and the units under it) rated in the year; their LĐTT and CSTĐCS
count once recorded or when the same review grants them. Articles are of Luật TĐKT 06/2022/QH15.
"""

from __future__ import annotations

from app.rules.conditions import (
    DONE_OR_BETTER,
    EXCELLENT,
    EXCELLENT_ONLY,
    GOOD_OR_BETTER,
    SAME_REVIEW,
    Check,
    percent,
    rating_line,
    spent_floor,
    standing,
    vote,
)
from app.rules.history import MemberYear, UnitHistory
from app.rules.parameters import share
from app.rules.persons import BK_CODES, after_award, hcld_higher
from database.enums import DisciplineForm

WARNING = DisciplineForm.WARNING.severity
FLAGS = ("CO_TINH", "CO_BO", "CO_CP")
EMULATION_JUDGED = (
    "Tham gia phong trào thi đua thường xuyên, thiết thực, hiệu quả; nội bộ đoàn kết — Hội đồng xem xét"
)
FLAG_JUDGED = (
    "Vượt chỉ tiêu, là điển hình để học tập; nội bộ đoàn kết, tổ chức đảng được đánh giá tốt; tích cực "
    "phòng, chống tham nhũng, lãng phí — Hội đồng xem xét"
)
FLAG_CP_JUDGED = (
    "Tập thể tiêu biểu xuất sắc, có mô hình mới, cách làm hay đáng nhân rộng trong cả nước; trường "
    "hợp dẫn đầu phong trào chuyên đề từ 05 năm [U] — Hội đồng xem xét"
)
BK_UNIT_JUDGED = (
    "Thực hiện tốt dân chủ ở cơ sở, nội bộ đoàn kết; các trường hợp khác của Điều 74 — Hội đồng xem xét"
)
GIAY_KHEN_UNIT_JUDGED = (
    "Có thành tích trong phong trào thi đua hoặc thành tích đột xuất; nội bộ đoàn kết — Hội đồng xem xét"
)
UNIT_AFTER_JUDGED = "Tiêu chuẩn đối với tập thể chưa kiểm chứng [U] — đối chiếu văn bản, Hội đồng xem xét"


def members(c: Check, u: UnitHistory) -> tuple[MemberYear, ...]:
    if u.members_year != c.year:
        raise ValueError(f"members of unit {u.id} were loaded for {u.members_year}, not {c.year}")
    return u.members


def _holds(c: Check, m: MemberYear, code: str) -> tuple[bool, bool]:
    """(holds the title this year, only because the same review grants it)."""
    if (m.ldtt if code == "LDTT" else m.cstdcs) is not None:
        return True, False
    granted = (code, c.year) in c.members_granting.get(m.person_id, ())
    return granted, granted


def members_holding(
    c: Check, u: UnitHistory, code: str, share_key: str, exclusive_key: str | None = None
) -> None:
    """ "LĐTT 2024: 18/20 thành viên (90%, cần từ 70%)" — counted exactly, the limit from the parameters."""
    staff = members(c, u)
    n = len(staff)
    if n == 0:
        c.missing.append(f"Chưa có thành viên được xếp loại năm {c.year}")
        return
    held = marked = 0
    for m in staff:
        has, by_review = _holds(c, m, code)
        held += has
        marked += by_review
    need = share(c.rules.require(share_key))
    exclusive = bool(exclusive_key and c.rules.get(exclusive_key))
    ok = held > need * n if exclusive else held >= need * n
    bound = f"trên {percent(need)}" if exclusive else f"từ {percent(need)} trở lên"
    line = f"{c.name(code)} {c.year}: {held}/{n} thành viên ({held * 100 / n:.0f}%, cần {bound})"
    if marked:
        line += f", trong đó {marked}{SAME_REVIEW}"
    c.holds(ok, line)


def _names(found: list[str], limit: int = 5) -> str:
    more = f" và {len(found) - limit} người khác" if len(found) > limit else ""
    return ", ".join(found[:limit]) + more


def ttldtt(c: Check, u: UnitHistory) -> None:
    """Luật Đ28 [P]: HTTNV or better, ≥70% of members LĐTT (old law: more than 50%), no member
    disciplined at cảnh cáo or above in the year."""
    standing(c, u.ix)
    rating_line(c, u.ix, GOOD_OR_BETTER)
    members_holding(c, u, "LDTT", "ttldtt_min_ldtt_share", "ttldtt_share_exclusive")
    punished = [
        f"{m.full_name} ({m.discipline.form.label.lower()})"
        for m in members(c, u)
        if m.discipline is not None and m.discipline.form.severity >= WARNING
    ]
    c.holds(
        not punished,
        f"Thành viên bị kỷ luật từ cảnh cáo trở lên năm {c.year}: {_names(punished)}"
        if punished
        else f"Không có thành viên bị kỷ luật từ cảnh cáo trở lên năm {c.year}",
    )
    c.pending.append(EMULATION_JUDGED)


def ttldxs(c: Check, u: UnitHistory) -> None:
    """Luật Đ27 [P]: HTXSNV; every member completes tasks; ≥70% LĐTT; at least one CSTĐCS."""
    standing(c, u.ix)
    rating_line(c, u.ix, EXCELLENT_ONLY)
    staff = members(c, u)
    failed = [m.full_name for m in staff if m.level not in DONE_OR_BETTER]
    c.holds(
        not failed,
        f"Thành viên không hoàn thành nhiệm vụ năm {c.year}: {_names(failed)}"
        if failed
        else f"100% thành viên hoàn thành nhiệm vụ năm {c.year}",
    )
    members_holding(c, u, "LDTT", "ttldxs_min_ldtt_share")
    needed = c.rules.require("ttldxs_min_cstdcs")
    holders = [
        m.full_name + (SAME_REVIEW if by_review else "")
        for m in staff
        for has, by_review in (_holds(c, m, "CSTDCS"),)
        if has
    ]
    c.holds(
        len(holders) >= needed,
        f"{c.name('CSTDCS')} {c.year}: {_names(holders) or 'chưa có'} ({len(holders)}/{needed})",
    )
    c.pending.append(EMULATION_JUDGED)


def _led(c: Check, u: UnitHistory, codes: tuple[str, ...]) -> bool:
    """Chosen (suy tôn) by its cụm/khối's year-end meeting as the leader proposed for a Cờ thi đua."""
    rows = [r for r in u.clusters if r.year == c.year]
    chosen = next((r for r in rows if r.proposed_code in codes), None)
    if chosen is not None:
        c.met.append(f"{chosen.cluster} năm {c.year} suy tôn dẫn đầu, đề nghị {c.name(chosen.proposed_code)}")
        return True
    if not rows:
        c.missing.append(f"Không thuộc cụm, khối thi đua nào năm {c.year}")
        return False
    chair = "; là cụm, khối trưởng luân phiên" if any(r.role == "LEADER" for r in rows) else ""
    c.missing.append(
        f"Chưa được cụm, khối suy tôn dẫn đầu năm {c.year} ({', '.join(r.cluster for r in rows)}{chair})"
    )
    return False


def flag(c: Check, u: UnitHistory) -> None:
    """Cờ thi đua UBND tỉnh / Bộ Y tế, Luật Đ26 [P]: leads its cụm/khối; TTLĐXS too where the province
    requires it (parameter, [U])."""
    standing(c, u.ix)
    _led(c, u, (c.code,))
    if c.rules.get("co_requires_ttldxs"):
        award = u.ix.titles("TTLDXS").get(c.year)
        c.holds(
            award is not None or ("TTLDXS", c.year) in c.granting,
            f"{c.name('TTLDXS')} {c.year}"
            + (
                ""
                if award is not None
                else SAME_REVIEW
                if ("TTLDXS", c.year) in c.granting
                else ": chưa có (quy chế của tỉnh yêu cầu)"
            ),
        )
    c.pending.append(FLAG_JUDGED)
    vote(c)


def flag_government(c: Check, u: UnitHistory) -> None:
    """Cờ thi đua Chính phủ, Luật Đ25 [P]: chosen among the leaders of cụm/khối at bộ or tỉnh level."""
    standing(c, u.ix)
    held = [
        code for code in ("CO_TINH", "CO_BO") if c.year in u.ix.titles(code) or (code, c.year) in c.granting
    ]
    if held:
        c.met.append(f"{c.name(held[0])} {c.year}" + ("" if c.year in u.ix.titles(held[0]) else SAME_REVIEW))
    else:
        _led(c, u, FLAGS)
    c.pending.append(FLAG_CP_JUDGED)
    vote(c)


def bk_unit(c: Check, u: UnitHistory) -> None:
    """Bằng khen tỉnh/bộ for a collective, Luật Đ74 [P]: 02 consecutive years HTXSNV or TTLĐXS."""
    ix, y = u.ix, c.year
    standing(c, ix)
    floor, why = spent_floor(c, ix, BK_CODES)
    n = c.rules.require("bk_unit_excellent_years")
    found, lacking = [], []
    for k in range(y - n + 1, y + 1):
        titled = k in ix.titles("TTLDXS") or ("TTLDXS", k) in c.granting
        if k >= floor and (titled or ix.levels.get(k) is EXCELLENT):
            found.append(f"{k} {'TTLĐXS' if titled else 'HTXSNV'}")
        else:
            lacking.append(f"{k} (không tính: {why})" if k < floor else str(k))
    line = f"HTXSNV hoặc TTLĐXS {y - n + 1}–{y}: {', '.join(found) or 'chưa có'}"
    c.holds(not lacking, line + (f" — thiếu {', '.join(lacking)}" if lacking else ""))
    c.pending.append(BK_UNIT_JUDGED)


def bk_ttg_unit(c: Check, u: UnitHistory) -> None:
    """Bằng khen TTg for a collective [U]: a Bằng khen bộ/tỉnh, then ≥03 years HTXSNV, with a Cờ thi đua
    or TTLĐXS along the way."""
    standing(c, u.ix)
    after_award(
        c,
        u.ix,
        BK_CODES,
        c.rules.require("bk_ttg_unit_min_years"),
        EXCELLENT_ONLY,
        ((FLAGS + ("TTLDXS",), 1),),
    )
    c.pending.append(UNIT_AFTER_JUDGED)


def hcld3_unit(c: Check, u: UnitHistory) -> None:
    """HCLĐ hạng Ba for a collective [U]: a Bằng khen TTg, then ≥05 years HTXSNV, with a Cờ thi đua or
    Bằng khen along the way."""
    standing(c, u.ix)
    after_award(
        c,
        u.ix,
        ("BK_TTG",),
        c.rules.require("hcld3_unit_min_years"),
        EXCELLENT_ONLY,
        ((FLAGS + BK_CODES, 1),),
    )
    c.pending.append(UNIT_AFTER_JUDGED)


def giay_khen_unit(c: Check, u: UnitHistory) -> None:
    """Giấy khen for a collective, Luật Đ75 [V]."""
    standing(c, u.ix)
    rating_line(c, u.ix, GOOD_OR_BETTER)
    c.pending.append(GIAY_KHEN_UNIT_JUDGED)


RULES = {
    "TTLDTT": ttldtt,
    "TTLDXS": ttldxs,
    "CO_TINH": flag,
    "CO_BO": flag,
    "CO_CP": flag_government,
    "GIAY_KHEN": giay_khen_unit,
    "BK_TINH": bk_unit,
    "BK_BO": bk_unit,
    "BK_TTG": bk_ttg_unit,
    "HCLD3": hcld3_unit,
    "HCLD2": hcld_higher,
    "HCLD1": hcld_higher,
}
