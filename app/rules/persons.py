"""Rules for individuals (cá nhân). Each rule fills a `Check` for one person, one year, one code.

Articles are of Luật TĐKT 06/2022/QH15 unless named; the tag after each is DOMAIN.md's certainty.
"""

from __future__ import annotations

import datetime as dt

from app.rules.conditions import (
    EXCELLENT,
    EXCELLENT_ONLY,
    GOOD_OR_BETTER,
    SAME_REVIEW,
    Check,
    award_evidence,
    chain,
    held_years,
    initiative_line,
    initiatives,
    percent,
    rating_line,
    spent_floor,
    standing,
    vote,
)
from app.rules.history import PersonHistory, month_year
from app.rules.parameters import review_date
from database.enums import Gender, InitiativeKind, InitiativeLevel, RatingLevel

LDTT_SPIRIT = (
    "Tinh thần tự lực, tự cường, đoàn kết, tương trợ, tích cực tham gia phong trào thi đua — đơn vị bình xét"
)
CSTD_PROVINCE_JUDGED = (
    "Cá nhân tiêu biểu xuất sắc; phạm vi ảnh hưởng, khả năng nhân rộng của sáng kiến "
    "do người đứng đầu bộ, tỉnh công nhận — Hội đồng xem xét"
)
CSTD_NATION_JUDGED = (
    "Phạm vi ảnh hưởng toàn quốc của sáng kiến, đề tài do người đứng đầu bộ, tỉnh công nhận; "
    "cách hiểu “02 lần liên tục” cần đối chiếu [U] — Hội đồng xem xét"
)
BK_OTHER_BRANCHES = (
    "Các trường hợp khác của Điều 74 (thành tích xuất sắc trong phong trào thi đua của tỉnh, "
    "bộ; thành tích đột xuất; đóng góp cho phát triển, khoa học, từ thiện) — Hội đồng xem xét"
)
BK_TTG_OTHER = (
    "Các trường hợp khác của Điều 73 — Hội đồng xem xét; hồ sơ trình qua Bộ Nội vụ (NĐ 152/2025 Đ42)"
)
HCLD3_OTHER = "Các trường hợp khác của Điều 44 (thành tích xuất sắc, quá trình cống hiến) — Hội đồng xem xét"
HCLD_HIGHER = (
    "Danh hiệu, hình thức khen thưởng trong thời gian (CSTĐ cấp bộ, tỉnh, toàn quốc, Cờ thi đua…) theo "
    "Luật Đ42–43: tiêu chuẩn chưa kiểm chứng [U], chương trình chưa xét — đối chiếu văn bản"
)
GIAY_KHEN_JUDGED = (
    "Chấp hành tốt pháp luật; có thành tích trong phong trào thi đua hoặc thành tích đột xuất "
    "— đơn vị đề nghị, Hội đồng xem xét"
)
KNC_REDUCTION = "chuyên ngành nặng nhọc, độc hại được giảm số năm theo TT 25/2023/TT-BYT — kiểm tra riêng"
PHYSICIAN_JUDGED = (
    "Số năm trực tiếp làm chuyên môn (người làm quản lý: số năm trong ngành và số năm chuyên "
    "môn) và tiêu chuẩn Luật Đ65, NĐ 25/2024 — Hội đồng các cấp xem xét"
)
TTND_SCIENCE = (
    "Thành tích khoa học xuất sắc (chủ nhiệm nhiệm vụ KH&CN cấp bộ, tỉnh đã nghiệm thu): "
    "chưa có trong hồ sơ — Hội đồng xem xét"
)

CSTD_CODES = ("CSTD_TINH", "CSTD_BO")
BK_CODES = ("BK_TINH", "BK_BO")


def months_worked(start: dt.date, year: int) -> int:
    """Whole months from the first day of work to the end of `year`."""
    end = dt.date(year + 1, 1, 1)
    return (end.year - start.year) * 12 + end.month - start.month - (1 if end.day < start.day else 0)


def whole_years(start: dt.date, day: dt.date) -> int:
    return day.year - start.year - ((day.month, day.day) < (start.month, start.day))


# --- Lao động tiên tiến, Chiến sĩ thi đua ----------------------------------------------------------


def ldtt_standard(c: Check, h: PersonHistory) -> None:
    """Luật Đ24 [V]: rated HTTNV or better; absence and tenure limits [U] from the parameters."""
    rating_line(c, h.ix, GOOD_OR_BETTER)
    rules, y = c.rules, c.year
    limit = rules.require("ldtt_max_absent_days")
    record = h.ix.rating_of.get(y)
    days = record.absent_days if record is not None else None
    if days is None:
        c.met.append(c.text(("absent",), lambda: f"Không ghi nhận nghỉ từ {limit} ngày làm việc trở lên"))
    elif days >= limit:
        # Maternity leave counts as time worked (NĐ 152/2025 Đ4.5 [V]): absent_days must not include it.
        c.missing.append(f"Nghỉ {days} ngày làm việc năm {y} (từ {limit} ngày trở lên không được xét)")
    else:
        c.met.append(f"Nghỉ {days} ngày làm việc năm {y} (dưới {limit})")
    months = rules.require("ldtt_min_tenure_months")
    start = h.recruited_on
    if start is None:
        # The tenure limit is itself [U] and a yearly rating says the person worked the year: a check, not a wait.
        c.pending.append(
            c.text(("tenure?",), lambda: f"Chưa rõ ngày tuyển dụng — kiểm tra đủ {months} tháng công tác")
        )
    elif start.year < y:
        c.met.append(c.text(("tenure",), lambda: f"Công tác cả năm {y} (từ {months} tháng trở lên)"))
    else:
        worked = months_worked(start, y)
        c.holds(
            worked >= months,
            f"Tuyển dụng {month_year(start)}: {max(worked, 0)} tháng công tác năm {y} "
            f"(cần từ {months} tháng)",
        )


def ldtt(c: Check, h: PersonHistory) -> None:
    standing(c, h.ix)  # khiển trách or above rules LĐTT out [U]
    ldtt_standard(c, h)
    c.pending.append(LDTT_SPIRIT)


def cstdcs(c: Check, h: PersonHistory) -> None:
    """Luật Đ23 [V]: the LĐTT standard and (HTXSNV or a sáng kiến / accepted đề tài of the year); before
    2024 the sáng kiến was required (NĐ 91/2017) and the count capped at a share of LĐTT (Đ9.3)."""
    y, ix = c.year, h.ix
    held = ix.titles("LDTT").get(y)
    if held is not None:
        standing(c, ix)
        c.met.append(f"{c.name('LDTT')} {award_evidence(held)}")
    elif ("LDTT", y) in c.granting:
        standing(c, ix)
        c.met.append(f"{c.name('LDTT')} {y}{SAME_REVIEW}")
    else:
        ldtt(c, h)
    this_year = range(y, y + 1)
    if c.rules.get("cstdcs_requires_initiative"):
        initiative_line(
            c,
            h.initiatives,
            InitiativeLevel.BASE,
            f"sáng kiến, đề tài được công nhận năm {y} (bắt buộc theo {c.rules.law})",
            this_year,
        )
    elif ix.levels.get(y) is EXCELLENT:
        c.met.append(c.text(("cstdcs-excellent",), lambda: f"Xếp loại Hoàn thành xuất sắc nhiệm vụ năm {y}"))
    else:
        usable, used = initiatives(c, h.initiatives, InitiativeLevel.BASE, this_year)
        if usable:
            c.met.append(f"Có {usable[0].describe()} được công nhận")
            c.relied.append(usable[0])
        else:
            note = f" ({'; '.join(used)})" if used else ""
            c.missing.append(
                f"Năm {y} chưa xếp loại Hoàn thành xuất sắc nhiệm vụ và chưa có sáng kiến, "
                f"đề tài được công nhận{note}"
            )
    cap = c.rules.get("cstdcs_cap_share")
    if cap is not None:
        c.pending.append(
            c.text(
                ("cap",),
                lambda: (
                    f"Số CSTĐCS của đơn vị không quá {percent(cap)} số người đạt "
                    f"LĐTT ({c.rules.law}) — Hội đồng chọn trong hạn mức"
                ),
            )
        )
    vote(c)


def cstd_province(c: Check, h: PersonHistory) -> None:
    """Luật Đ22 [V]: 03 consecutive CSTĐCS up to the year, and a sáng kiến or đề tài of tỉnh/bộ scope."""
    ix = h.ix
    standing(c, ix)
    n = c.rules.require("cstd_tinh_cstdcs_years")
    floor, why = spent_floor(c, ix, CSTD_CODES)
    count, line = chain(c, ix, ("CSTDCS",), range(c.year - n + 1, c.year + 1), floor, why)
    c.holds(count == n, line)
    initiative_line(c, h.initiatives, InitiativeLevel.PROVINCE, "sáng kiến, đề tài phạm vi cấp tỉnh, bộ")
    c.pending.append(CSTD_PROVINCE_JUDGED)
    vote(c)


def cstd_nation(c: Check, h: PersonHistory) -> None:
    """Luật Đ21 [V]: two consecutive CSTĐ cấp tỉnh/bộ and a sáng kiến of nationwide effect. "Consecutive"
    is read as: the two latest at most `cstd_tq_max_gap_years` apart, the later one this year or last [U]."""
    ix, y = h.ix, c.year
    standing(c, ix)
    n = c.rules.require("cstd_tq_cstd_count")
    gap = c.rules.require("cstd_tq_max_gap_years")
    floor, _ = spent_floor(c, ix, ("CSTD_TQ",))  # the CSTĐ behind an earlier CSTĐ toàn quốc are spent (Đ5.2c)
    years = held_years(c, ix, CSTD_CODES, y, floor)
    recent = years[-n:]
    ok = (
        len(recent) == n
        and recent[-1] >= y - 1
        and all(b - a <= gap for a, b in zip(recent, recent[1:], strict=False))
    )
    shown = ", ".join(_held_text(c, ix, CSTD_CODES, k) for k in recent) or "chưa có"
    c.holds(ok, f"CSTĐ cấp tỉnh, bộ: {shown} (cần {n:02d} lần liên tục, lần gần nhất năm {y - 1} hoặc {y})")
    initiative_line(c, h.initiatives, InitiativeLevel.NATIONAL, "sáng kiến, đề tài phạm vi toàn quốc")
    c.pending.append(CSTD_NATION_JUDGED)
    vote(c)


def _held_text(c: Check, ix, codes: tuple[str, ...], year: int) -> str:
    for code in codes:
        award = ix.chain.get(code, {}).get(year)
        if award is not None:
            return award_evidence(award)
    return f"{year}{SAME_REVIEW}"


# --- Bằng khen, Huân chương --------------------------------------------------------------------------


def bk_person(c: Check, h: PersonHistory) -> None:
    """Luật Đ74 [P], branch (d): 02 consecutive CSTĐCS, or 02 consecutive years HTXSNV with 02 sáng kiến
    applied at cơ sở. A sáng kiến already used backs no hình thức (CV 5007/BNV-TĐKT [V])."""
    ix, y, rules = h.ix, c.year, c.rules
    standing(c, ix)
    floor, why = spent_floor(c, ix, BK_CODES)
    n = rules.require("bk_cstdcs_years")
    count, by_titles = chain(c, ix, ("CSTDCS",), range(y - n + 1, y + 1), floor, why)
    if count == n:
        c.met.append(by_titles)
    else:
        m, k = rules.require("bk_excellent_years"), rules.require("bk_min_initiatives")
        span = range(y - m + 1, y + 1)
        excellent = [str(k_) for k_ in span if k_ >= floor and ix.levels.get(k_) is EXCELLENT]
        usable, _ = initiatives(c, h.initiatives, InitiativeLevel.BASE, span)
        by_ratings = (
            f"HTXSNV {', '.join(excellent) or 'chưa có'} ({len(excellent)}/{m} năm {span[0]}–{y}); "
            f"sáng kiến cơ sở chưa dùng {len(usable)}/{k}"
        )
        if len(excellent) == m and len(usable) >= k:
            c.met.append(f"{by_ratings}: {'; '.join(i.describe() for i in usable[:k])}")
            c.relied.extend(usable[:k])
        else:
            c.missing.append(f"{by_titles}; hoặc {by_ratings}")
    c.pending.append(BK_OTHER_BRANCHES)


def after_award(
    c: Check,
    ix,
    base: tuple[str, ...],
    min_years: int,
    accepted: tuple[RatingLevel, ...],
    counted: tuple[tuple[tuple[str, ...], int], ...],
    excellent_needed: int = 0,
) -> bool:
    """A form earned after a lower one: the LATEST award of `base` before the year, in y0 (Luật Đ73.1.b [V]:
    the period runs from the latest Bằng khen, an older one is spent), then every year of (y0, y] — at
    least `min_years` of them — rated among `accepted`, with the `counted` titles along the way. Awards
    count after discipline ends, and a period already rewarded by this code is not used again."""
    y = c.year
    floor, _ = spent_floor(c, ix, (c.code,))
    bases = held_years(c, ix, base, y - 1, floor)
    if not bases:
        c.missing.append(f"Chưa có {c.name(base[0])} (tính vào chuỗi) trước năm {y}")
        return False
    y0 = bases[-1]
    if y - y0 < min_years:
        code = next((k for k in base if y0 in ix.chain.get(k, {})), base[0])
        c.missing.append(
            f"{c.name(code)} gần nhất {_held_text(c, ix, base, y0)}: mới {y - y0} năm "
            f"đến {y}, cần từ {min_years} năm"
        )
        return False
    ok, met, missing = _period(c, ix, base, y0, accepted, counted, excellent_needed)
    c.met.extend(met)
    c.missing.extend(missing)
    return ok


def _period(
    c: Check,
    ix,
    base: tuple[str, ...],
    y0: int,
    accepted: tuple[RatingLevel, ...],
    counted,
    excellent_needed: int,
):
    y = c.year
    code = next((k for k in base if y0 in ix.chain.get(k, {})), base[0])
    met, missing = [f"{c.name(code)} {_held_text(c, ix, base, y0)}"], []
    span = range(y0 + 1, y + 1)
    below = [
        f"{k} {ix.levels[k].short}" if k in ix.levels else f"{k} chưa có"
        for k in span
        if ix.levels.get(k) not in accepted
    ]
    word = "HTXSNV" if accepted is EXCELLENT_ONLY else "từ HTTNV trở lên"
    if below:
        missing.append(f"Xếp loại {span[0]}–{y} cần liên tục {word}: {', '.join(below)}")
    else:
        met.append(f"Xếp loại {word} liên tục {span[0]}–{y} ({len(span)} năm)")
    for codes, needed in counted:
        years = held_years(c, ix, codes, y, span[0])
        shown = ", ".join(_held_text(c, ix, codes, k) for k in years) or "chưa có"
        (met if len(years) >= needed else missing).append(
            f"{' / '.join(map(c.name, codes))} trong thời gian {span[0]}–{y}: {shown} ({len(years)}/{needed})"
        )
    if excellent_needed:
        excellent = [str(k) for k in span if ix.levels.get(k) is EXCELLENT]
        (met if len(excellent) >= excellent_needed else missing).append(
            f"HTXSNV trong thời gian: {', '.join(excellent) or 'chưa có'} ({len(excellent)}/{excellent_needed})"
        )
    return not missing, met, missing


def bk_ttg(c: Check, h: PersonHistory) -> None:
    """Luật Đ73.1.b [V]: a Bằng khen bộ/tỉnh, then ≥05 consecutive years HTTNV or better up to the
    proposal, with 03 CSTĐCS in them."""
    standing(c, h.ix)
    rules = c.rules
    after_award(
        c,
        h.ix,
        BK_CODES,
        rules.require("bk_ttg_min_years"),
        GOOD_OR_BETTER,
        ((("CSTDCS",), rules.require("bk_ttg_min_cstdcs")),),
    )
    c.pending.append(BK_TTG_OTHER)


def hcld3(c: Check, h: PersonHistory) -> None:
    """Luật Đ44.1.e [P]: a Bằng khen TTg, then ≥05 years HTTNV or better with 03 CSTĐCS and ≥01 HTXSNV."""
    standing(c, h.ix)
    rules = c.rules
    after_award(
        c,
        h.ix,
        ("BK_TTG",),
        rules.require("hcld3_min_years"),
        GOOD_OR_BETTER,
        ((("CSTDCS",), rules.require("hcld3_min_cstdcs")),),
        rules.require("hcld3_min_excellent"),
    )
    c.pending.append(HCLD3_OTHER)


def hcld_higher(c: Check, h: PersonHistory) -> None:
    """Luật Đ42–43 [U]: the class below held, then a further period; only that much is checked."""
    standing(c, h.ix)
    lower = "HCLD3" if c.code == "HCLD2" else "HCLD2"
    after_award(c, h.ix, (lower,), c.rules.require("hcld_next_min_years"), GOOD_OR_BETTER, ())
    c.undecided(HCLD_HIGHER)  # the main conditions: never "eligible" on the period alone


def giay_khen(c: Check, h: PersonHistory) -> None:
    """Luật Đ75 [V] (Bắc Ninh Đ4.3): completes tasks well; the achievement itself is judged."""
    standing(c, h.ix)
    rating_line(c, h.ix, GOOD_OR_BETTER)
    c.pending.append(GIAY_KHEN_JUDGED)


# --- once in a career ---------------------------------------------------------------------------------


def _received(h: PersonHistory, codes: tuple[str, ...]):
    for code in codes:
        for table in (h.ix.chain, h.ix.other):
            for award in table.get(code, {}).values():
                if not award.revoked:
                    return award
    return None


def _sector_years(c: Check, h: PersonHistory, needed: int, who: str = "", hint: str = "") -> bool:
    since = h.health_sector_since or h.recruited_on
    if since is None:
        c.missing.append("Chưa ghi ngày bắt đầu công tác trong ngành y tế")
        return False
    years = whole_years(since, review_date(c.year))
    line = f"Công tác trong ngành y tế {years} năm (từ {month_year(since)}), cần từ {needed} năm{who}"
    return c.holds(years >= needed, line if years >= needed or not hint else f"{line}; {hint}")


def knc(c: Check, h: PersonHistory) -> None:
    """Kỷ niệm chương "Vì sức khỏe nhân dân", once (TT 25/2023/TT-BYT under Luật Đ71.2 [P]): years in
    the health sector, fewer for women; reductions for hard specialties are checked by hand."""
    standing(c, h.ix)
    already = _received(h, ("KNC_VSKND",))
    if already is not None:
        c.missing.append(f"Đã được tặng {c.name('KNC_VSKND')} {award_evidence(already)} — chỉ tặng một lần")
    male, female = c.rules.require("knc_min_years_male"), c.rules.require("knc_min_years_female")
    if h.gender is None:
        needed, who = max(male, female), " (chưa ghi giới tính: tính theo mức cao hơn)"
    else:
        needed, who = (female, " (nữ)") if h.gender is Gender.FEMALE else (male, " (nam)")
    _sector_years(c, h, needed, who, KNC_REDUCTION)


def ttut(c: Check, h: PersonHistory) -> None:
    """Thầy thuốc ưu tú (NĐ 25/2024 [P/U]): years of work and one of the prior merits the catalogue lists
    as alternatives (`ttut_prior_merits` [P])."""
    standing(c, h.ix)
    merits = tuple(c.rules.require("ttut_prior_merits"))
    award = _received(h, merits)
    if award is not None:
        c.met.append(f"{c.name(award.code)} {award_evidence(award)}")
    else:
        c.missing.append(
            c.text(
                ("ttut-merits",),
                lambda: (
                    "Chưa có thành tích khen thưởng trước theo NĐ 25/2024 "
                    f"(một trong: {', '.join(map(c.name, merits))})"
                ),
            )
        )
    _sector_years(c, h, c.rules.require("ttut_min_years"))
    c.undecided(PHYSICIAN_JUDGED)


def ttnd(c: Check, h: PersonHistory) -> None:
    """Thầy thuốc nhân dân (NĐ 25/2024 [V]): already TTƯT, ≥20 years, scientific excellence."""
    standing(c, h.ix)
    award = _received(h, ("TTUT",))
    c.holds(
        award is not None,
        f"{c.name('TTUT')} {award_evidence(award)}" if award else f"Chưa được phong tặng {c.name('TTUT')}",
    )
    _sector_years(c, h, c.rules.require("ttnd_min_years"))
    research = [
        i for i in h.initiatives if i.kind is InitiativeKind.RESEARCH and i.level is not InitiativeLevel.BASE
    ]
    if research:
        c.met.append(f"Có {research[0].describe()} (xác nhận vai trò chủ nhiệm)")
    else:
        c.undecided(TTND_SCIENCE)
    c.undecided(PHYSICIAN_JUDGED)


def plain_year(h: PersonHistory, year: int, granting: frozenset, rules=None):
    """For LĐTT and Giấy khen, a person with no discipline, no recorded absence and a whole year of
    work gets the same verdict as anyone else with their rating: the key to share it (verdicts are
    immutable), or None when their record needs reading."""
    if h.ix.disciplines or granting:
        return None
    record = h.ix.rating_of.get(year)
    start = h.recruited_on
    if record is None or record.absent_days is not None or start is None or start.year >= year:
        return None
    return record.level.label


# The shapes below key a verdict on exactly what its rule reads of a person without discipline, initiative
# or a grant of the same review: the records themselves by identity (one RatingRecord per (year, level,
# absence), one AwardRecord per decision and title, shared by everyone alike and alive with the histories),
# so that everyone granted the same title by the same decision, rated alike, shares one verdict.


def _plain(h: PersonHistory, granting: frozenset, years: range, above_base: bool = False) -> bool:
    """No discipline, no grant of the same review, and no initiative the rule looks at: one of `years`
    (up to the review year), above cơ sở level when `above_base`."""
    if h.ix.disciplines or granting:
        return False
    base = InitiativeLevel.BASE
    return not any(i.year in years and not (above_base and i.level is base) for i in h.initiatives)


def _ids(table: dict, code: str, years: range) -> tuple:
    held = table.get(code)
    return tuple(id(held.get(y)) for y in years) if held else ()


def _last_before(ix, codes: tuple[str, ...], year: int) -> int | None:
    found = [y for code in codes for y in ix.chain.get(code, ()) if y < year]
    return max(found) if found else None


def cstdcs_shape(h: PersonHistory, year: int, granting: frozenset, rules=None):
    """CSTĐCS reads the LĐTT of the year (or the LĐTT standard: the year's rating record and the tenure) and
    the year's rating."""
    if not _plain(h, granting, range(year, year + 1)):
        return None
    ix, start = h.ix, h.recruited_on
    ldtt = ix.titles("LDTT").get(year)
    tenure = None if start is None else -1 if start.year < year else start
    return id(ldtt), id(ix.rating_of.get(year)), tenure


def cstd_shape(h: PersonHistory, year: int, granting: frozenset, rules):
    """CSTĐ cấp tỉnh/bộ reads the CSTĐCS of the chain's years and the last CSTĐ before the year."""
    if not _plain(h, granting, range(year + 1), above_base=True):
        return None
    ix, n = h.ix, rules.require("cstd_tinh_cstdcs_years")
    span = range(year - n + 1, year + 1)
    return _last_before(ix, CSTD_CODES, year), _ids(ix.chain, "CSTDCS", span), _ids(ix.other, "CSTDCS", span)


def bk_shape(h: PersonHistory, year: int, granting: frozenset, rules):
    """Bằng khen tỉnh/bộ reads the CSTĐCS of the chain's years, the last Bằng khen before the year and the
    ratings of the years it counts instead."""
    n, m = rules.require("bk_cstdcs_years"), rules.require("bk_excellent_years")
    if not _plain(h, granting, range(year - m + 1, year + 1)):
        return None
    ix, span = h.ix, range(year - n + 1, year + 1)
    levels = ix.levels
    return (
        _last_before(ix, BK_CODES, year),
        _ids(ix.chain, "CSTDCS", span),
        _ids(ix.other, "CSTDCS", span),
        tuple(id(levels.get(k)) for k in range(year - m + 1, year + 1)),
    )


def knc_shape(h: PersonHistory, year: int, granting: frozenset, rules=None):
    """The Kỷ niệm chương reads the sex, the first day in the sector and any Kỷ niệm chương received."""
    if h.ix.disciplines or granting:
        return None
    ix = h.ix
    return (
        h.gender,
        h.health_sector_since or h.recruited_on,
        _ids(ix.chain, "KNC_VSKND", tuple(ix.chain.get("KNC_VSKND", ()))),
        _ids(ix.other, "KNC_VSKND", tuple(ix.other.get("KNC_VSKND", ()))),
    )


def bare(codes: tuple[str, ...], ratings: int = 0):
    """For the chain rules: someone with none of `codes`, no initiative and no discipline gets the same
    verdict as anyone else like them (with the same ratings over the last `ratings` years)."""

    def shape(h: PersonHistory, year: int, granting: frozenset, rules=None):
        ix = h.ix
        if ix.disciplines or granting or h.initiatives:
            return None
        for code in codes:
            if code in ix.chain or code in ix.other:
                return None
        levels = ix.levels
        return tuple(levels[y].label if y in levels else "" for y in range(year - ratings + 1, year + 1))

    return shape


SHAPES = {
    "LDTT": plain_year,
    "GIAY_KHEN": plain_year,
    "CSTDCS": cstdcs_shape,
    "CSTD_TINH": cstd_shape,
    "CSTD_BO": cstd_shape,
    "CSTD_TQ": bare(("CSTDCS",) + CSTD_CODES),
    "BK_TINH": bk_shape,
    "BK_BO": bk_shape,
    "BK_TTG": bare(BK_CODES + ("BK_TTG",)),
    "HCLD3": bare(("BK_TTG", "HCLD3")),
    "HCLD2": bare(("HCLD3", "HCLD2")),
    "HCLD1": bare(("HCLD2", "HCLD1")),
    "KNC_VSKND": knc_shape,
}

RULES = {
    "LDTT": ldtt,
    "CSTDCS": cstdcs,
    "CSTD_TINH": cstd_province,
    "CSTD_BO": cstd_province,
    "CSTD_TQ": cstd_nation,
    "GIAY_KHEN": giay_khen,
    "BK_TINH": bk_person,
    "BK_BO": bk_person,
    "BK_TTG": bk_ttg,
    "HCLD3": hcld3,
    "HCLD2": hcld_higher,
    "HCLD1": hcld_higher,
    "KNC_VSKND": knc,
    "TTUT": ttut,
    "TTND": ttnd,
}
