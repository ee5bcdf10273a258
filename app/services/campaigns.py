"""Campaigns (phong trào thi đua): the campaign, its phases (đợt), numbered content items (nội dung), and
the launching document; its targets (chỉ tiêu) and the units' results are app.services.targets'.

    campaign_id = save_campaign(ctx, CampaignInput("Phong trào thi đua yêu nước năm 2020", CampaignKind.PHASED, …))
    add_phase(ctx, campaign_id, PhaseInput(dt.date(2020, 6, 26), dt.date(2020, 7, 27), "tập trung tuyên truyền …"))
    add_content_items(ctx, campaign_id, pasted_text)          # one item a line, old numbering stripped
    detail = campaign_detail(ctx, campaign_id)

Every change is one transaction; what goes out are frozen dataclasses. Dates are checked against the
campaign's period and phases may not overlap.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace

from sqlalchemy import delete, func, or_, select
from sqlalchemy.orm import Session

from app.documents import state as state_documents
from app.documents.campaign_document import LaunchDraft, LaunchWording, draft_launch, launch_document
from app.domain.campaigns import (
    CampaignDetail,
    CampaignInput,
    CampaignStatus,
    CampaignSummary,
    ContentItemInfo,
    PhaseInfo,
    PhaseInput,
    period_text,
    status_on,
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
from database.enums import CampaignKind, DocumentKind
from database.models import (
    Agency,
    Campaign,
    ContentItem,
    OutgoingDocument,
    Phase,
    Registration,
    Target,
    TargetResult,
)

MAX_NAME = 400


# --- checks ----------------------------------------------------------------------------------------------


def _check_campaign(data: CampaignInput) -> CampaignInput:
    # Each line of the căn cứ is a paragraph of the launching document: cleaned line by line, kept apart.
    basis = "\n".join(x for x in (clean(line) for line in (data.legal_basis or "").splitlines()) if x)
    data = replace(clean_input(data), legal_basis=basis or None)
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
        launch = s.get(OutgoingDocument, c.launch_document_id) if c.launch_document_id else None
        launch_text = None
        if launch is not None and launch.number:
            launch_text = f"{launch.number:02d}/{launch.symbol}" + (
                f" ngày {vn_date(launch.issued_on)}" if launch.issued_on else ""
            )
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
                ContentItemInfo(i.id, n, i.text, i.version) for n, i in enumerate(c.content_items, start=1)
            ),
            targets,
            results,
            launch_text,
            c.launch_document_id,
            c.version,
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
        return campaign.id


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


# --- content items ---------------------------------------------------------------------------------------

# "2.1.", "3)", "a)", "-", "•" before an item's text, as pasted from an earlier plan.
_ITEM_LABEL = re.compile(r"^(?:\d+(?:\.\d+)+\.?|\d+[.)]|[a-zđ][.)]|[-–—•+])\s+", re.IGNORECASE)


def split_items(text: str) -> list[str]:
    """Pasted text as content items: one a line, its old numbering or bullet removed, blank lines skipped."""
    items = []
    for line in (text or "").splitlines():
        item = clean(_ITEM_LABEL.sub("", clean(line) or "", count=1))
        if item:
            items.append(item)
    return items


def _renumber_items(campaign: Campaign) -> None:
    for n, item in enumerate(campaign.content_items, start=1):
        item.number, item.sort_order = str(n), n


@use_case(Permission.DESK)
def add_content_items(ctx: ServiceContext, campaign_id: int, text: str) -> int:
    """Append the items of `text` (see split_items) after the existing ones; returns how many."""
    items = split_items(text)
    if not items:
        raise ValidationError("Chưa có nội dung nào: mỗi dòng là một nội dung thi đua.")
    with ctx.write(f"Thêm {int_text(len(items))} nội dung thi đua") as s:
        campaign = _campaign(s, campaign_id)
        for text_ in items:
            campaign.content_items.append(ContentItem(number="0", text=text_, sort_order=0))
        _renumber_items(campaign)
    return len(items)


@use_case(Permission.DESK)
def update_content_item(
    ctx: ServiceContext, item_id: int, text: str, expected_version: int | None = None
) -> None:
    text = clean(_ITEM_LABEL.sub("", clean(text) or "", count=1))
    if not text:
        raise ValidationError("Nội dung thi đua không được để trống; muốn bỏ thì hãy xóa.")
    with ctx.write("Sửa nội dung thi đua") as s:
        item = s.get(ContentItem, item_id)
        if item is None:
            raise ValidationError("Không tìm thấy nội dung thi đua; hãy làm mới.")
        check_version(s, item, expected_version)
        item.text = text


@use_case(Permission.DESK)
def delete_content_item(ctx: ServiceContext, item_id: int) -> None:
    with ctx.write("Xóa nội dung thi đua") as s:
        item = s.get(ContentItem, item_id)
        if item is None:
            return
        campaign = item.campaign
        campaign.content_items.remove(item)
        s.flush()
        _renumber_items(campaign)


@use_case(Permission.DESK)
def move_content_item(ctx: ServiceContext, item_id: int, step: int) -> None:
    """Up (-1) or down (+1) one place."""
    with ctx.write("Đổi thứ tự nội dung thi đua") as s:
        item = s.get(ContentItem, item_id)
        if item is None:
            return
        items = list(item.campaign.content_items)
        where = items.index(item)
        other = where + step
        if 0 <= other < len(items):
            items[where], items[other] = items[other], items[where]
            for n, x in enumerate(items, start=1):
                x.number, x.sort_order = str(n), n


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
