"""Targets (chỉ tiêu) of a campaign, each unit's own values, and the units' results by year.

    target_id = save_target(ctx, campaign_id, TargetInput("Số bác sĩ/vạn dân", "bác sĩ/vạn dân",
                                                          TargetComparison.RANGE, Decimal("8.5"), Decimal("9")))
    set_unit_value(ctx, target_id, centre_id, Decimal("6"), Decimal("6.5"))  # the centre's own goal
    set_result(ctx, target_id, centre_id, 2024, Decimal("6.1"))            # IN_RANGE: judged by its own goal
    set_result(ctx, words_id, centre_id, 2024, verdict=TargetVerdict.MET, note="Hoàn thành 12/12 chỉ tiêu")
    report = target_report(ctx, campaign_id)                               # app.exchange.target_report

Every change is one transaction; what goes out are the frozen dataclasses of app.domain.targets.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.domain.permissions import Permission, use_case
from app.domain.targets import (
    NUMERIC_KINDS,
    ResultInfo,
    TargetInfo,
    TargetInput,
    TargetReport,
    UnitValue,
    build_report,
)
from app.domain.targets import Progress as Progress  # what set_result returns, for its callers
from app.errors import ValidationError
from app.services.context import ServiceContext, clean_input
from app.services.versions import check_version
from app.text import clean, vietnamese_key, vn_date
from app.text.numbers import decimal_text
from database.enums import TargetComparison, TargetVerdict
from database.models import Campaign, Target, TargetResult, TargetUnitValue, Unit

C = TargetComparison
MAX_TEXT = 2000


# --- checks ----------------------------------------------------------------------------------------------


def _check_bounds(comparison: TargetComparison, value: Decimal | None, value_max: Decimal | None) -> None:
    if value is None:
        raise ValidationError(
            "Chưa nhập giá trị chỉ tiêu."
            if comparison is not C.RANGE
            else "Chưa nhập giá trị nhỏ nhất của khoảng."
        )
    negative = next((v for v in (value, value_max) if v is not None and v < 0), None)
    if negative is not None:
        raise ValidationError(f"Giá trị chỉ tiêu không được âm ({decimal_text(negative)}).")
    if comparison is C.RANGE:
        if value_max is None:
            raise ValidationError("Chỉ tiêu theo khoảng cần cả giá trị nhỏ nhất và lớn nhất.")
        if value_max < value:
            raise ValidationError(
                f"Khoảng chỉ tiêu không hợp lệ: giá trị nhỏ nhất ({decimal_text(value)}) lớn "
                f"hơn giá trị lớn nhất ({decimal_text(value_max)})."
            )
    elif value_max is not None and value_max != value:
        raise ValidationError(
            "Chỉ tiêu một giá trị không có giá trị lớn nhất; hãy chọn “Trong khoảng” nếu là một khoảng."
        )
    if comparison is C.ABOUT and value == 0:
        raise ValidationError("Chỉ tiêu “khoảng” cần một giá trị khác 0.")


def _check_target(data: TargetInput) -> TargetInput:
    data = clean_input(data)
    if not data.name:
        raise ValidationError("Chưa nhập tên chỉ tiêu.")
    if data.target_year is not None and not 1945 <= data.target_year <= 2200:
        raise ValidationError(f"Năm mục tiêu {data.target_year} không hợp lệ.")
    if data.comparison is C.TEXT:
        if not data.text:
            raise ValidationError(
                "Chỉ tiêu bằng lời cần nội dung mục tiêu (ví dụ: “hoàn thành các chỉ tiêu nghị quyết…”)."
            )
        if len(data.text) > MAX_TEXT:
            raise ValidationError(f"Nội dung mục tiêu dài quá {MAX_TEXT} ký tự.")
        if data.value is not None or data.value_max is not None or data.tolerance is not None:
            raise ValidationError("Chỉ tiêu bằng lời không có giá trị số; kết quả được đánh giá thủ công.")
        return data
    _check_bounds(data.comparison, data.value, data.value_max)
    if data.tolerance is not None:
        if data.comparison is not C.ABOUT:
            raise ValidationError("Sai lệch cho phép chỉ dùng cho chỉ tiêu “khoảng”.")
        if data.tolerance < 0:
            raise ValidationError("Sai lệch cho phép không được âm.")
    return replace(data, text=None)


def _bounds(comparison: TargetComparison, value, value_max) -> tuple[Decimal | None, Decimal | None]:
    """How each kind is stored: a lower bound, an upper bound, both ends, or the value twice."""
    return {
        C.AT_LEAST: (value, None),
        C.AT_MOST: (None, value),
        C.RANGE: (value, value_max),
        C.ABOUT: (value, value),
        C.VALUE: (value, value),
        C.TEXT: (None, None),
    }[comparison]


def _target(s: Session, target_id: int) -> Target:
    target = s.get(Target, target_id)
    if target is None:
        raise ValidationError("Không tìm thấy chỉ tiêu; hãy làm mới.")
    return target


def _unit(s: Session, unit_id: int) -> Unit:
    unit = s.get(Unit, unit_id)
    if unit is None:
        raise ValidationError("Không tìm thấy đơn vị.")
    return unit


def _decimal(value) -> Decimal | None:
    return None if value is None else Decimal(value)


# --- reading ---------------------------------------------------------------------------------------------


def _target_info(t: Target, unit_names: dict[int, str]) -> TargetInfo:
    values = sorted(
        (
            UnitValue(
                v.unit_id,
                unit_names.get(v.unit_id, ""),
                _decimal(v.value_min),
                _decimal(v.value_max),
                v.version,
            )
            for v in t.unit_values
        ),
        key=lambda v: vietnamese_key(v.unit_name),
    )
    return TargetInfo(
        t.id,
        t.name,
        t.measure or "",
        t.comparison,
        _decimal(t.value_min),
        _decimal(t.value_max),
        t.version,
        t.target_year,
        t.text or "",
        _decimal(t.tolerance),
        tuple(values),
    )


def load_targets(s: Session, campaign: Campaign) -> tuple[tuple[TargetInfo, ...], tuple[ResultInfo, ...]]:
    """A campaign's targets (with the units' own values) and every result judged against its unit's target
    for its year, ordered by target, unit (Vietnamese order) and year."""
    ids = [t.id for t in campaign.targets] or [0]
    rows = s.execute(
        select(
            TargetResult.target_id,
            TargetResult.unit_id,
            TargetResult.year,
            TargetResult.value,
            TargetResult.verdict,
            TargetResult.note,
        ).where(TargetResult.target_id.in_(ids))
    ).all()
    unit_ids = {r.unit_id for r in rows} | {v.unit_id for t in campaign.targets for v in t.unit_values}
    names = dict(s.execute(select(Unit.id, Unit.name).where(Unit.id.in_(unit_ids or [0]))).all())
    targets = {t.id: _target_info(t, names) for t in campaign.targets}
    results = sorted(
        (
            ResultInfo(
                r.target_id,
                r.unit_id,
                names[r.unit_id],
                r.year,
                _decimal(r.value),
                targets[r.target_id].judge(_decimal(r.value), r.year, r.unit_id, r.verdict),
                r.verdict,
                r.note or "",
            )
            for r in rows
        ),
        key=lambda r: (r.target_id, vietnamese_key(r.unit_name), r.year),
    )
    return tuple(targets.values()), tuple(results)


def _period_years(campaign: Campaign) -> set[int]:
    if campaign.start_date and campaign.end_date:
        return set(range(campaign.start_date.year, campaign.end_date.year + 1))
    return set()


def _period_text(campaign: Campaign) -> str:
    start, end = campaign.start_date, campaign.end_date
    if start and end and start.year != end.year:
        return f"giai đoạn {start.year} - {end.year}"
    if start and end:
        return f"năm {start.year}"
    if start:
        return f"từ {vn_date(start)}"
    return ""


def target_report(ctx: ServiceContext, campaign_id: int) -> TargetReport:
    """The campaign's targets against the units' results, by unit and by year (the period's years and any
    year a result was entered for)."""
    with ctx.read() as s:
        campaign = s.get(Campaign, campaign_id)
        if campaign is None:
            raise ValidationError(
                "Không tìm thấy phong trào thi đua (có thể đã bị xóa); hãy làm mới danh sách."
            )
        targets, results = load_targets(s, campaign)
        years = sorted(_period_years(campaign) | {r.year for r in results})
        return build_report(campaign.name, _period_text(campaign), years, targets, results)


# --- writing ---------------------------------------------------------------------------------------------


@use_case(Permission.DESK)
def save_target(
    ctx: ServiceContext,
    campaign_id: int,
    data: TargetInput,
    target_id: int | None = None,
    expected_version: int | None = None,
) -> int:
    """A new target or edits to one. Its kind may change only while no unit has values of its own or
    results that the new kind could not judge (numbers for words, or words for numbers)."""
    data = _check_target(data)
    lo, hi = _bounds(data.comparison, data.value, data.value_max)
    with ctx.write(f"Lưu chỉ tiêu “{data.name}”") as s:
        campaign = s.get(Campaign, campaign_id)
        if campaign is None:
            raise ValidationError(
                "Không tìm thấy phong trào thi đua (có thể đã bị xóa); hãy làm mới danh sách."
            )
        if target_id is None:
            target = Target(sort_order=len(campaign.targets) + 1)
            campaign.targets.append(target)
        else:
            target = next((t for t in campaign.targets if t.id == target_id), None)
            if target is None:
                raise ValidationError("Không tìm thấy chỉ tiêu; hãy làm mới.")
            check_version(s, target, expected_version)
            _check_kind_change(s, target, data.comparison)
        target.name, target.measure, target.comparison = data.name, data.measure, data.comparison
        target.value_min, target.value_max, target.text = lo, hi, data.text
        target.target_year, target.tolerance = data.target_year, data.tolerance
        s.flush()
        return target.id


def _check_kind_change(s: Session, target: Target, kind: TargetComparison) -> None:
    if target.comparison is kind:
        return
    if target.unit_values:
        raise ValidationError(
            f"Chỉ tiêu “{target.name}” có {len(target.unit_values)} đơn vị với mục tiêu riêng theo kiểu "
            f"“{target.comparison.label}”; hãy xóa các mục tiêu riêng đó trước khi đổi kiểu chỉ tiêu."
        )
    if C.TEXT in (target.comparison, kind):
        results = s.scalar(
            select(func.count()).select_from(TargetResult).where(TargetResult.target_id == target.id)
        )
        if results:
            raise ValidationError(
                f"Chỉ tiêu “{target.name}” đã có {results} kết quả; không đổi được giữa chỉ tiêu bằng số và "
                "chỉ tiêu bằng lời."
            )


@use_case(Permission.DESK)
def delete_target(ctx: ServiceContext, target_id: int) -> None:
    """Only a target without results; the units' own values go with it."""
    with ctx.write("Xóa chỉ tiêu") as s:
        target = s.get(Target, target_id)
        if target is None:
            return
        results = s.scalar(
            select(func.count()).select_from(TargetResult).where(TargetResult.target_id == target_id)
        )
        if results:
            raise ValidationError(
                f"Chỉ tiêu “{target.name}” đã có {results} kết quả của đơn vị; hãy xóa các kết quả đó trước."
            )
        target.campaign.targets.remove(target)


@use_case(Permission.DESK)
def set_unit_value(
    ctx: ServiceContext,
    target_id: int,
    unit_id: int,
    value: Decimal | None,
    value_max: Decimal | None = None,
    expected_version: int | None = None,
) -> None:
    """A unit's own goal for a numeric target, in the target's kind (a range takes both ends); None clears
    it, and the unit is held to the campaign's goal again."""
    with ctx.write("Lưu mục tiêu riêng của đơn vị") as s:
        target, unit = _target(s, target_id), _unit(s, unit_id)
        if target.comparison is C.TEXT:
            raise ValidationError(
                "Chỉ tiêu bằng lời được đánh giá thủ công; không có giá trị riêng theo đơn vị."
            )
        row = next((v for v in target.unit_values if v.unit_id == unit_id), None)
        if row is not None:
            check_version(s, row, expected_version)
        if value is None and value_max is None:
            if row is not None:
                target.unit_values.remove(row)
            return
        _check_bounds(target.comparison, value, value_max)
        if row is None:
            row = TargetUnitValue(unit_id=unit.id)
            target.unit_values.append(row)
        row.value_min, row.value_max = _bounds(target.comparison, value, value_max)


@use_case(Permission.DESK)
def set_result(
    ctx: ServiceContext,
    target_id: int,
    unit_id: int,
    year: int,
    value: Decimal | None = None,
    verdict: TargetVerdict | None = None,
    note: str | None = None,
) -> Progress | None:
    """A unit's result for a year: a number for a numeric target, a verdict given by hand (with a note) for a
    target in words; neither clears it. Returns its progress against the unit's own target for that year."""
    note = clean(note) or None
    with ctx.write("Ghi kết quả chỉ tiêu") as s:
        target, _ = _target(s, target_id), _unit(s, unit_id)
        campaign = target.campaign
        first = campaign.start_date.year if campaign.start_date else None
        last = campaign.end_date.year if campaign.end_date else None
        if first and year < first or last and year > last:
            raise ValidationError(
                f"Năm {year} nằm ngoài thời gian của phong trào "
                f"({vn_date(campaign.start_date) if campaign.start_date else '…'} – "
                f"{vn_date(campaign.end_date) if campaign.end_date else '…'})."
            )
        if target.comparison is C.TEXT and value is not None:
            raise ValidationError(
                f"Chỉ tiêu “{target.name}” được đánh giá thủ công: hãy chọn Đạt hoặc Không đạt, không nhập số."
            )
        if target.comparison in NUMERIC_KINDS and verdict is not None:
            raise ValidationError(
                f"Chỉ tiêu “{target.name}” được đánh giá theo số liệu: hãy nhập kết quả bằng số."
            )
        row = s.scalar(
            select(TargetResult).where(
                TargetResult.target_id == target_id,
                TargetResult.unit_id == unit_id,
                TargetResult.year == year,
            )
        )
        if value is None and verdict is None:
            if note is not None:
                raise ValidationError("Ghi chú cần đi kèm một kết quả (số liệu hoặc Đạt / Không đạt).")
            if row is not None:
                s.delete(row)
            return None
        if row is None:
            row = TargetResult(target_id=target_id, unit_id=unit_id, year=year)
            s.add(row)
        row.value, row.verdict, row.note = value, verdict, note
        s.flush()
        names = {unit_id: ""} | {v.unit_id: "" for v in target.unit_values}
        return _target_info(target, names).judge(value, year, unit_id, verdict)
