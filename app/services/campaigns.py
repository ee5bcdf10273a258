"""Campaigns (phong trào thi đua): the campaign, its phases (đợt), numbered content items (nội dung), and
the launching document; its targets (chỉ tiêu) and the units' results are app.services.targets'.

    campaign_id = save_campaign(ctx, CampaignInput("Phong trào thi đua yêu nước năm 2020", CampaignKind.PHASED, …))
    add_phase(ctx, campaign_id, PhaseInput(dt.date(2020, 6, 26), dt.date(2020, 7, 27), "tập trung tuyên truyền …"))
    add_content_items(ctx, campaign_id, pasted)  # one item a line; numbered "1. … 1.1. … a) …": a tree
    indent_content_item(ctx, item_id); move_content_item(ctx, item_id, -1)
    create_yearly_reviews(ctx, campaign_id)                    # 2023–2025: đánh giá each year, tổng kết
    detail = campaign_detail(ctx, campaign_id)

Every change is one transaction; what goes out are frozen dataclasses. Dates are checked against the
campaign's period and phases may not overlap; review points (sơ kết, tổng kết, đánh giá hằng năm) may.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace

from sqlalchemy import delete, func, or_, select
from sqlalchemy.orm import Session

from app.documents import state as state_documents
from app.documents.campaign_document import (
    LaunchDraft,
    LaunchWording,
    default_texts,
    draft_launch,
    launch_document,
)
from app.domain.campaigns import (
    ITEM_STYLES,
    PLAN_TEXT_FIELDS,
    CampaignDetail,
    CampaignInput,
    CampaignStatus,
    CampaignSummary,
    ContentItemInfo,
    PhaseInfo,
    PhaseInput,
    PlanTexts,
    ReviewInput,
    ReviewPointInfo,
    number_levels,
    parse_numbered,
    period_text,
    status_on,
    styles_from_text,
    styles_text,
    yearly_reviews,
)
from app.domain.campaigns import short_date as short_date
from app.domain.permissions import Permission, use_case
from app.domain.register import document_symbol
from app.domain.register import number_text as register_number
from app.errors import ValidationError
from app.services.agency import get_agency
from app.services.context import ServiceContext, clean_input
from app.services.legal_bases import legal_bases_on
from app.services.register import register_document
from app.services.targets import load_targets
from app.services.versions import check_version
from app.text import clean, vietnamese_key, vn_date
from app.text.numbers import int_text
from database.enums import CampaignKind, DocumentKind, ReviewKind
from database.models import (
    Agency,
    Campaign,
    ContentItem,
    OutgoingDocument,
    Phase,
    Registration,
    ReviewPoint,
    Target,
    TargetResult,
)

MAX_NAME = 400


# --- checks ----------------------------------------------------------------------------------------------


def _lines_text(text: str | None) -> str | None:
    """A text of paragraphs, one a line: each line cleaned, blank lines dropped (None when nothing is left)."""
    return "\n".join(x for x in (clean(line) for line in (text or "").splitlines()) if x) or None


def _check_campaign(data: CampaignInput) -> CampaignInput:
    # Each line of the căn cứ and of the plan's own sections is a paragraph of the launching document:
    # cleaned line by line, kept apart.
    texts = PlanTexts(**{f: _lines_text(getattr(data.texts, f)) for f in PLAN_TEXT_FIELDS})
    data = replace(
        clean_input(replace(data, texts=PlanTexts())), legal_basis=_lines_text(data.legal_basis), texts=texts
    )
    if not data.item_styles or any(x not in ITEM_STYLES for x in data.item_styles):
        raise ValidationError("Cách đánh số nội dung không hợp lệ.")
    if not data.name:
        raise ValidationError("Chưa nhập tên phong trào thi đua.")
    if len(data.name) > MAX_NAME:
        raise ValidationError(f"Tên phong trào dài quá {MAX_NAME} ký tự; hãy đưa phần giải thích vào chủ đề.")
    if data.start_date and data.end_date and data.end_date < data.start_date:
        raise ValidationError("Ngày kết thúc phong trào phải sau ngày bắt đầu.")
    if data.kind is CampaignKind.MULTI_YEAR:
        if not (data.start_date and data.end_date):
            raise ValidationError("Phong trào giai đoạn nhiều năm cần có ngày bắt đầu và ngày kết thúc.")
        if data.start_date.year == data.end_date.year:
            raise ValidationError(
                "Phong trào giai đoạn nhiều năm phải kéo dài qua ít nhất hai năm; nếu chỉ trong "
                "một năm, hãy chọn loại “Theo đợt” hoặc “Chuyên đề”."
            )
    return data


def _inside(campaign: Campaign, start: dt.date, end: dt.date, what: str) -> None:
    if campaign.start_date and start < campaign.start_date or campaign.end_date and end > campaign.end_date:
        raise ValidationError(
            f"{what} ({vn_date(start)} – {vn_date(end)}) phải nằm trong thời gian của phong trào "
            f"({period_text(campaign.start_date, campaign.end_date)})."
        )


def _check_phase(campaign: Campaign, data: PhaseInput, phase_id: int | None) -> PhaseInput:
    data = clean_input(data)
    if data.start_date is None or data.end_date is None:
        raise ValidationError("Đợt thi đua cần có ngày bắt đầu và ngày kết thúc.")
    if data.end_date < data.start_date:
        raise ValidationError("Ngày kết thúc của đợt phải sau ngày bắt đầu.")
    _inside(campaign, data.start_date, data.end_date, "Thời gian của đợt")
    for other in campaign.phases:
        if other.id != phase_id and data.start_date <= other.end_date and other.start_date <= data.end_date:
            raise ValidationError(
                f"Thời gian của đợt trùng với {other.name or f'Đợt {other.number}'} "
                f"({vn_date(other.start_date)} – {vn_date(other.end_date)}); các đợt không được "
                "chồng lên nhau."
            )
    return data


# --- reading ---------------------------------------------------------------------------------------------


def _campaign(s: Session, campaign_id: int) -> Campaign:
    campaign = s.get(Campaign, campaign_id)
    if campaign is None:
        raise ValidationError("Không tìm thấy phong trào thi đua (có thể đã bị xóa); hãy làm mới danh sách.")
    return campaign


def _phase_name(phase: Phase) -> str:
    return phase.name or f"Đợt {phase.number}"


def _overlaps_year(year: int):
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    return or_(Campaign.start_date.is_(None), Campaign.start_date <= last) & or_(
        Campaign.end_date.is_(None), Campaign.end_date >= first
    )


def list_campaigns(
    ctx: ServiceContext, year: int | None = None, today: dt.date | None = None
) -> list[CampaignSummary]:
    """The campaigns whose period touches `year` (all when None), under way first, newest first."""
    today = today or dt.date.today()
    with ctx.read() as s:
        query = select(Campaign)
        if year is not None:
            query = query.where(_overlaps_year(year))
        campaigns = s.scalars(query).all()
        counts = {}
        for model in (Phase, ContentItem, Target):
            counts[model] = dict(
                s.execute(select(model.campaign_id, func.count()).group_by(model.campaign_id)).all()
            )
        phases: dict[int, list[Phase]] = {}
        for phase in s.scalars(select(Phase).order_by(Phase.number)):
            phases.setdefault(phase.campaign_id, []).append(phase)
        out = []
        for c in campaigns:
            now = next((p for p in phases.get(c.id, ()) if p.start_date <= today <= p.end_date), None)
            out.append(
                CampaignSummary(
                    c.id,
                    c.name,
                    c.kind,
                    c.launcher,
                    c.start_date,
                    c.end_date,
                    status_on(c.start_date, c.end_date, today),
                    counts[Phase].get(c.id, 0),
                    counts[ContentItem].get(c.id, 0),
                    counts[Target].get(c.id, 0),
                    f"{_phase_name(now)} (đến {vn_date(now.end_date)})" if now else None,
                )
            )
    order = {CampaignStatus.RUNNING: 0, CampaignStatus.UPCOMING: 1, CampaignStatus.ENDED: 2}
    out.sort(key=lambda c: vietnamese_key(c.name))
    out.sort(key=lambda c: c.start_date or dt.date.min, reverse=True)
    out.sort(key=lambda c: order[c.status])
    return out


def campaign_years(ctx: ServiceContext) -> list[int]:
    """Every year some campaign's period covers, and this year; newest first."""
    with ctx.read() as s:
        spans = s.execute(select(Campaign.start_date, Campaign.end_date)).all()
    years = {dt.date.today().year}
    for start, end in spans:
        first, last = (start or end), (end or start)
        if first:
            years |= set(range(first.year, last.year + 1))
    return sorted(years, reverse=True)


def campaign_detail(ctx: ServiceContext, campaign_id: int, today: dt.date | None = None) -> CampaignDetail:
    with ctx.read() as s:
        c = _campaign(s, campaign_id)
        targets, results = load_targets(s, c)
        reviews = tuple(_review_info(r) for r in sorted(c.review_points, key=_review_order))
        launch = s.get(OutgoingDocument, c.launch_document_id) if c.launch_document_id else None
        launch_text = None
        if launch is not None and launch.number:
            launch_text = f"{launch.number:02d}/{launch.symbol}" + (
                f" ngày {vn_date(launch.issued_on)}" if launch.issued_on else ""
            )
        styles = styles_from_text(c.item_styles)
        tree = _tree(c)
        labels = number_levels([level for _, level in tree], styles)
        return CampaignDetail(
            c.id,
            c.name,
            c.theme or "",
            c.kind,
            c.launcher,
            c.start_date,
            c.end_date,
            c.legal_basis or "",
            c.rule_set_date,
            c.note or "",
            status_on(c.start_date, c.end_date, today or dt.date.today()),
            tuple(
                PhaseInfo(p.id, p.number, _phase_name(p), p.start_date, p.end_date, p.focus or "", p.version)
                for p in c.phases
            ),
            tuple(
                ContentItemInfo(i.id, label, i.text, i.version, i.parent_id, level)
                for (i, level), label in zip(tree, labels, strict=True)
            ),
            targets,
            results,
            launch_text,
            c.launch_document_id,
            c.version,
            PlanTexts(**{f: getattr(c, f) for f in PLAN_TEXT_FIELDS}),
            styles,
            reviews,
        )


# --- the campaign ----------------------------------------------------------------------------------------


@use_case(Permission.DESK)
def save_campaign(
    ctx: ServiceContext,
    data: CampaignInput,
    campaign_id: int | None = None,
    expected_version: int | None = None,
) -> int:
    """A new campaign, or edits to one (its phases must still fit the period). `expected_version`: the
    version the form loaded (StaleRecord if another clerk saved since; None: no check)."""
    data = _check_campaign(data)
    verb = "Thêm" if campaign_id is None else "Sửa"
    with ctx.write(f"{verb} phong trào thi đua “{data.name}”") as s:
        campaign = Campaign() if campaign_id is None else _campaign(s, campaign_id)
        if campaign_id is not None:
            check_version(s, campaign, expected_version)
        for key in (
            "name",
            "theme",
            "kind",
            "launcher",
            "start_date",
            "end_date",
            "legal_basis",
            "rule_set_date",
            "note",
        ):
            setattr(campaign, key, getattr(data, key))
        for key in PLAN_TEXT_FIELDS:
            setattr(campaign, key, getattr(data.texts, key))
        restyled = campaign.item_styles != styles_text(data.item_styles)
        campaign.item_styles = styles_text(data.item_styles)
        for phase in campaign.phases if campaign_id is not None else ():
            _inside(campaign, phase.start_date, phase.end_date, f"Thời gian của {_phase_name(phase)}")
        if campaign.start_date or campaign.end_date:
            first = campaign.start_date.year if campaign.start_date else 1945
            last = campaign.end_date.year if campaign.end_date else 2200
            outside = (
                s.scalar(
                    select(func.count())
                    .select_from(TargetResult)
                    .join(Target)
                    .where(
                        Target.campaign_id == campaign.id,
                        or_(TargetResult.year < first, TargetResult.year > last),
                    )
                )
                if campaign_id
                else 0
            )
            if outside:
                raise ValidationError(
                    f"Có {outside} kết quả chỉ tiêu ngoài thời gian mới của phong trào; hãy xóa "
                    "hoặc sửa các kết quả đó trước."
                )
        s.add(campaign)
        s.flush()
        if restyled and campaign_id is not None:
            _write_tree(campaign, _children(campaign))
        return campaign.id


def campaign_default_texts(
    ctx: ServiceContext, data: CampaignInput, campaign_id: int | None = None
) -> PlanTexts:
    """The program's text for the sections of the campaign as the form holds it (`data`: its launcher and
    name; its phases and targets when it exists), for the clerk to start from."""
    agency = get_agency(ctx)
    if agency is None:
        return PlanTexts()
    signer = next((x for x in agency.signers if x.is_default), agency.signers[0] if agency.signers else None)
    if campaign_id is not None:
        detail = campaign_detail(ctx, campaign_id)
    else:
        detail = CampaignDetail(
            0,
            data.name,
            "",
            data.kind,
            data.launcher,
            data.start_date,
            data.end_date,
            "",
            None,
            "",
            CampaignStatus.UPCOMING,
            (),
            (),
            (),
            (),
            None,
            None,
        )
    return default_texts(
        replace(detail, launcher=data.launcher, name=data.name or detail.name), agency, signer
    )


@use_case(Permission.DESK)
def delete_campaign(ctx: ServiceContext, campaign_id: int) -> None:
    """Only a campaign nothing refers to: no launching document in the register, no registration."""
    with ctx.write("Xóa phong trào thi đua") as s:
        campaign = _campaign(s, campaign_id)
        if campaign.launch_document_id is not None:
            raise ValidationError("Phong trào đã có văn bản phát động vào sổ; không xóa được.")
        if s.scalar(
            select(func.count()).select_from(Registration).where(Registration.campaign_id == campaign_id)
        ):
            raise ValidationError("Đã có đơn vị đăng ký thi đua theo phong trào này; không xóa được.")
        target_ids = [t.id for t in campaign.targets]
        if target_ids:
            s.execute(delete(TargetResult).where(TargetResult.target_id.in_(target_ids)))
        s.delete(campaign)


# --- phases ----------------------------------------------------------------------------------------------


def _renumber_phases(s: Session, campaign: Campaign) -> None:
    """Đợt 1, 2 … in date order. Numbers are unique per campaign, so they step aside (below 0) first."""
    ordered = sorted(campaign.phases, key=lambda p: p.start_date)
    for n, phase in enumerate(ordered, start=1):
        phase.number = -n
    s.flush()
    for n, phase in enumerate(ordered, start=1):
        phase.number = n
    s.flush()


def add_phase(ctx: ServiceContext, campaign_id: int, data: PhaseInput) -> int:
    return save_phase(ctx, campaign_id, data)


@use_case(Permission.DESK)
def save_phase(
    ctx: ServiceContext,
    campaign_id: int,
    data: PhaseInput,
    phase_id: int | None = None,
    expected_version: int | None = None,
) -> int:
    """A new phase or edits to one; phases are numbered by their dates."""
    with ctx.write("Lưu đợt thi đua") as s:
        campaign = _campaign(s, campaign_id)
        data = _check_phase(campaign, data, phase_id)
        if phase_id is None:
            phase = Phase(number=max((p.number for p in campaign.phases), default=0) + 1)
            campaign.phases.append(phase)
        else:
            phase = next((p for p in campaign.phases if p.id == phase_id), None)
            if phase is None:
                raise ValidationError("Không tìm thấy đợt thi đua; hãy làm mới.")
            check_version(s, phase, expected_version)
        phase.start_date, phase.end_date, phase.focus = data.start_date, data.end_date, data.focus
        # "Đợt 2" typed by hand is the default name: left empty, it follows the phase's place after a reorder.
        phase.name = (
            None if not data.name or re.fullmatch(r"đợt\s*\d+", data.name, re.IGNORECASE) else data.name
        )
        s.flush()
        _renumber_phases(s, campaign)
        return phase.id


@use_case(Permission.DESK)
def delete_phase(ctx: ServiceContext, phase_id: int) -> None:
    with ctx.write("Xóa đợt thi đua") as s:
        phase = s.get(Phase, phase_id)
        if phase is None:
            return
        campaign = phase.campaign
        campaign.phases.remove(phase)
        s.flush()
        _renumber_phases(s, campaign)


# --- content items: a tree ------------------------------------------------------------------------------


def split_items(text: str) -> list[str]:
    """Pasted text as content items: one a line, its old numbering or bullet removed, blank lines skipped
    (parse_numbered gives their levels too)."""
    return [x.text for x in parse_numbered(text)]


def _children(campaign: Campaign) -> dict[ContentItem | None, list[ContentItem]]:
    """Each item's sub-items (None: the top level), in their order."""
    kids: dict[ContentItem | None, list[ContentItem]] = {}
    for item in sorted(campaign.content_items, key=lambda i: (i.sort_order, i.id or 0)):
        kids.setdefault(item.parent, []).append(item)
    return kids


def _tree(campaign: Campaign, kids: dict | None = None) -> list[tuple[ContentItem, int]]:
    """(item, level) read top to bottom."""
    kids = _children(campaign) if kids is None else kids
    out: list[tuple[ContentItem, int]] = []

    def walk(parent: ContentItem | None, level: int) -> None:
        for item in kids.get(parent, ()):
            out.append((item, level))
            walk(item, level + 1)

    walk(None, 1)
    return out


def _write_tree(campaign: Campaign, kids: dict) -> None:
    """Store the tree `kids` describes: each item's parent, its place read top to bottom, its label."""
    tree = _tree(campaign, kids)
    for parent, items in kids.items():
        for item in items:
            item.parent = parent
    labels = number_levels([level for _, level in tree], styles_from_text(campaign.item_styles))
    for n, ((item, _), label) in enumerate(zip(tree, labels, strict=True), start=1):
        item.sort_order, item.number = n, label


def _item(s: Session, item_id: int) -> ContentItem:
    item = s.get(ContentItem, item_id)
    if item is None:
        raise ValidationError("Không tìm thấy nội dung thi đua (có thể đã bị xóa); hãy làm mới.")
    return item


@use_case(Permission.DESK)
def add_content_items(ctx: ServiceContext, campaign_id: int, text: str, parent_id: int | None = None) -> int:
    """Append the items of `text` after the existing ones (under `parent_id` when given): numbered lines
    ("1. … 1.1. … a) … - …") become items with their sub-items (parse_numbered). Returns how many."""
    lines = parse_numbered(text)
    if not lines:
        raise ValidationError("Chưa có nội dung nào: mỗi dòng là một nội dung thi đua.")
    with ctx.write(f"Thêm {int_text(len(lines))} nội dung thi đua") as s:
        campaign = _campaign(s, campaign_id)
        parent = _item(s, parent_id) if parent_id is not None else None
        if parent is not None and parent.campaign_id != campaign.id:
            raise ValidationError("Nội dung cha không thuộc phong trào này; hãy làm mới.")
        kids = _children(campaign)
        stack: list[ContentItem | None] = [parent]  # stack[k]: the item new level-k+1 lines go under
        for line in lines:
            del stack[line.level :]
            under = stack[-1]
            item = ContentItem(number="0", text=clean(line.text), sort_order=0)
            campaign.content_items.append(item)
            kids.setdefault(under, []).append(item)
            stack.append(item)
        _write_tree(campaign, kids)
    return len(lines)


@use_case(Permission.DESK)
def update_content_item(
    ctx: ServiceContext, item_id: int, text: str, expected_version: int | None = None
) -> None:
    text = clean(" ".join(split_items(text)))
    if not text:
        raise ValidationError("Nội dung thi đua không được để trống; muốn bỏ thì hãy xóa.")
    with ctx.write("Sửa nội dung thi đua") as s:
        item = _item(s, item_id)
        check_version(s, item, expected_version)
        item.text = text


def _subtree(kids: dict, item: ContentItem) -> list[ContentItem]:
    out = [item]
    for child in kids.get(item, ()):
        out += _subtree(kids, child)
    return out


def content_item_count(detail: CampaignDetail, item_id: int) -> int:
    """How many items a deletion of `item_id` takes: the item and every sub-item under it."""
    under, count = {item_id}, 0
    for item in detail.items:
        if item.id in under or item.parent_id in under:
            under.add(item.id)
            count += 1
    return count


@use_case(Permission.DESK)
def delete_content_item(ctx: ServiceContext, item_id: int) -> int:
    """The item with all its sub-items (the screen asks first); returns how many were deleted."""
    with ctx.write("Xóa nội dung thi đua") as s:
        item = s.get(ContentItem, item_id)
        if item is None:
            return 0
        campaign = item.campaign
        kids = _children(campaign)
        gone = _subtree(kids, item)
        kids[item.parent].remove(item)
        for x in gone:
            kids.pop(x, None)
            campaign.content_items.remove(x)
        s.flush()
        _write_tree(campaign, kids)
        return len(gone)


@use_case(Permission.DESK)
def move_content_item(ctx: ServiceContext, item_id: int, step: int) -> None:
    """Up (-1) or down (+1) one place among its siblings, with its sub-items."""
    with ctx.write("Đổi thứ tự nội dung thi đua") as s:
        item = s.get(ContentItem, item_id)
        if item is None:
            return
        kids = _children(item.campaign)
        siblings = kids[item.parent]
        where = siblings.index(item)
        other = where + step
        if 0 <= other < len(siblings):
            siblings[where], siblings[other] = siblings[other], siblings[where]
            _write_tree(item.campaign, kids)


@use_case(Permission.DESK)
def indent_content_item(ctx: ServiceContext, item_id: int) -> None:
    """Thụt vào: the item (with its sub-items) becomes the last sub-item of the item above it."""
    with ctx.write("Thụt vào nội dung thi đua") as s:
        item = _item(s, item_id)
        kids = _children(item.campaign)
        siblings = kids[item.parent]
        where = siblings.index(item)
        if where == 0:
            raise ValidationError(
                "Không thụt vào được: phía trên nội dung này không có nội dung cùng cấp để làm mục cha."
            )
        siblings.remove(item)
        kids.setdefault(siblings[where - 1], []).append(item)
        _write_tree(item.campaign, kids)


@use_case(Permission.DESK)
def outdent_content_item(ctx: ServiceContext, item_id: int) -> None:
    """Lùi ra: the item (with its sub-items) leaves its parent and comes right after it, one level up."""
    with ctx.write("Lùi ra nội dung thi đua") as s:
        item = _item(s, item_id)
        parent = item.parent
        if parent is None:
            raise ValidationError("Nội dung này đã ở cấp cao nhất.")
        kids = _children(item.campaign)
        kids[parent].remove(item)
        above = kids[parent.parent]
        above.insert(above.index(parent) + 1, item)
        _write_tree(item.campaign, kids)


# --- review points ---------------------------------------------------------------------------------------


def _review_order(r: ReviewPoint) -> tuple:
    return (r.held_on or dt.date(r.year, 12, 31), r.kind is ReviewKind.FINAL, r.id or 0)


def _review_info(r: ReviewPoint) -> ReviewPointInfo:
    return ReviewPointInfo(
        r.id, r.kind, r.year, r.held_on, r.period_from, r.period_to, r.subject or "", r.version
    )


def _check_review(campaign: Campaign, data: ReviewInput, review_id: int | None) -> ReviewInput:
    data = clean_input(data)
    if data.year is None and data.held_on is None:
        raise ValidationError("Mốc sơ kết, tổng kết cần ngày tổ chức hoặc năm.")
    if data.year is not None and data.held_on is not None and data.held_on.year != data.year:
        raise ValidationError(f"Ngày tổ chức {vn_date(data.held_on)} không thuộc năm {data.year}.")
    year = data.year or data.held_on.year
    if data.period_from and data.period_to:
        if data.period_to < data.period_from:
            raise ValidationError("Thời gian được sơ kết, tổng kết: ngày kết thúc phải sau ngày bắt đầu.")
        _inside(campaign, data.period_from, data.period_to, "Thời gian được sơ kết, tổng kết")
    if data.kind is ReviewKind.YEARLY:
        first = campaign.start_date.year if campaign.start_date else None
        last = campaign.end_date.year if campaign.end_date else None
        if first and year < first or last and year > last:
            raise ValidationError(
                f"Năm {year} nằm ngoài thời gian của phong trào "
                f"({period_text(campaign.start_date, campaign.end_date)})."
            )
        if any(
            r.kind is ReviewKind.YEARLY and r.year == year and r.id != review_id
            for r in campaign.review_points
        ):
            raise ValidationError(f"Phong trào đã có mốc đánh giá hằng năm của năm {year}.")
    return replace(data, year=year)


@use_case(Permission.DESK)
def save_review_point(
    ctx: ServiceContext,
    campaign_id: int,
    data: ReviewInput,
    review_id: int | None = None,
    expected_version: int | None = None,
) -> int:
    """A new review point (sơ kết, tổng kết, đánh giá hằng năm) or edits to one."""
    with ctx.write(f"Lưu mốc {data.kind.label.lower()}") as s:
        campaign = _campaign(s, campaign_id)
        data = _check_review(campaign, data, review_id)
        if review_id is None:
            review = ReviewPoint()
            campaign.review_points.append(review)
        else:
            review = next((r for r in campaign.review_points if r.id == review_id), None)
            if review is None:
                raise ValidationError("Không tìm thấy mốc sơ kết, tổng kết; hãy làm mới.")
            check_version(s, review, expected_version)
        for key in ("kind", "year", "held_on", "period_from", "period_to", "subject"):
            setattr(review, key, getattr(data, key))
        s.flush()
        return review.id


@use_case(Permission.DESK)
def delete_review_point(ctx: ServiceContext, review_id: int) -> None:
    with ctx.write("Xóa mốc sơ kết, tổng kết") as s:
        review = s.get(ReviewPoint, review_id)
        if review is not None:
            review.campaign.review_points.remove(review)


@use_case(Permission.DESK)
def create_yearly_reviews(ctx: ServiceContext, campaign_id: int) -> int:
    """A multi-year campaign's review points: an đánh giá each year and the tổng kết in the last (those it
    has already are kept); returns how many were added."""
    with ctx.write("Tạo các mốc đánh giá hằng năm và tổng kết") as s:
        campaign = _campaign(s, campaign_id)
        start, end = campaign.start_date, campaign.end_date
        if not (start and end and start.year < end.year):
            raise ValidationError(
                "Phong trào không kéo dài qua nhiều năm; hãy thêm từng mốc sơ kết, tổng kết."
            )
        have = {(r.kind, r.year) for r in campaign.review_points}
        added = 0
        for data in yearly_reviews(start, end):
            if (data.kind, data.year) not in have:
                campaign.review_points.append(
                    ReviewPoint(
                        kind=data.kind,
                        year=data.year,
                        period_from=data.period_from,
                        period_to=data.period_to,
                    )
                )
                added += 1
        return added


# --- the launching document ------------------------------------------------------------------------------


@dataclass(frozen=True)
class LaunchRegistered:
    document_id: int
    number_text: str  # 1975/SYT-VP


def launch_draft(
    ctx: ServiceContext,
    campaign_id: int,
    kind: DocumentKind = DocumentKind.OFFICIAL_LETTER,
    signer_id: int | None = None,
    day: dt.date | None = None,
) -> LaunchDraft:
    """The campaign's Công văn phát động or Kế hoạch, drafted as text for the clerk to edit; a kế hoạch opens
    with the Căn cứ lines in force on `day` (today when not given)."""
    agency = get_agency(ctx)
    if agency is None:
        raise ValidationError(
            "Chưa có thông tin cơ quan (Cài đặt › Thông tin cơ quan); chưa soạn được văn bản."
        )
    signer = next((x for x in agency.signers if x.id == signer_id), None) or next(
        (x for x in agency.signers if x.is_default), agency.signers[0] if agency.signers else None
    )
    bases = legal_bases_on(ctx, day or dt.date.today(), kind) if kind is DocumentKind.PLAN else ()
    return draft_launch(
        campaign_detail(ctx, campaign_id), agency, signer, kind, LaunchWording(legal_bases=bases)
    )


def _check_draft(draft: LaunchDraft) -> LaunchDraft:
    text = "\n".join(clean(line) or "" for line in draft.text.splitlines()).strip()
    draft = replace(clean_input(draft), text=text)
    if not draft.subject:
        raise ValidationError("Chưa nhập trích yếu của văn bản.")
    if not draft.text:
        raise ValidationError("Văn bản chưa có nội dung.")
    if draft.kind is DocumentKind.OFFICIAL_LETTER and not draft.recipients:
        raise ValidationError("Công văn cần ít nhất một nơi “Kính gửi”.")
    if draft.signer is None:
        raise ValidationError("Chưa chọn người ký (Cài đặt › Thông tin cơ quan).")
    return draft


def launch_model(
    ctx: ServiceContext, draft: LaunchDraft, number: int | None = None, issued_on: dt.date | None = None
):
    """The edited draft as a StateDocument (a draft for signing unless numbered)."""
    return launch_document(_check_draft(draft), get_agency(ctx), number=number, issued_on=issued_on)


def render_launch(
    ctx: ServiceContext,
    draft: LaunchDraft,
    target,
    number: int | None = None,
    issued_on: dt.date | None = None,
) -> None:
    state_documents.render_pdf(launch_model(ctx, draft, number, issued_on), target)


@use_case(Permission.REGISTER)
def register_launch(
    ctx: ServiceContext, campaign_id: int, draft: LaunchDraft, issued_on: dt.date
) -> LaunchRegistered:
    """Number the launching document in the register and tie it to the campaign, in one transaction; the
    entry keeps the clerk's text so it prints again as issued."""
    draft = _check_draft(draft)
    with ctx.write(f"Vào sổ văn bản phát động: {draft.subject}") as s:
        campaign = _campaign(s, campaign_id)
        if campaign.launch_document_id is not None:
            earlier = s.get(OutgoingDocument, campaign.launch_document_id)
            raise ValidationError(
                f"Phong trào đã có văn bản phát động số "
                f"{register_number(earlier.number, earlier.symbol)}; không vào sổ lần nữa."
            )
        agency = s.scalar(select(Agency))
        symbol = None
        if draft.kind is DocumentKind.OFFICIAL_LETTER and agency is not None:
            # a công văn names its drafting office: SYT-VP (set before the number: an issued entry is locked)
            symbol = f"{document_symbol(draft.kind, agency.symbol)}-{draft.unit_code}"
        doc = register_document(
            s,
            draft.kind,
            issued_on,
            draft.subject,
            signer_name=draft.signer.full_name,
            signer_title=draft.signer.position_title,
            recipients="\n".join(draft.copies_to) or None,
            content={"text": draft.text, "addressees": list(draft.recipients), "unit_code": draft.unit_code},
            symbol=symbol,
            drafter_initials=draft.drafter or None,
        )
        campaign.launch_document_id = doc.id
        s.flush()
        return LaunchRegistered(doc.id, register_number(doc.number, doc.symbol))


def launch_registered_model(ctx: ServiceContext, campaign_id: int, draft: LaunchDraft):
    """The registered launching document with its number and date."""
    with ctx.read() as s:
        doc = s.get(OutgoingDocument, _campaign(s, campaign_id).launch_document_id or 0)
        if doc is None:
            raise ValidationError("Phong trào chưa có văn bản phát động vào sổ.")
        number, issued_on = doc.number, doc.issued_on
    return launch_model(ctx, draft, number, issued_on)
