"""The launching document of a campaign (Công văn phát động or Kế hoạch), drafted from its records as
text the clerk edits, then laid out in the state format (FORMAT.md) by the state builders.

    draft = draft_launch(detail, agency, signer, DocumentKind.OFFICIAL_LETTER)   # a LaunchDraft: text
    draft = replace(draft, text=edited)                                          # the clerk's edits
    render_pdf(launch_document(draft, agency), "phat-dong.pdf")                  # number left blank

The text holds one paragraph a line (blank lines between them are ignored), with *italic* and **bold** as typed; a line that is bold as a whole
("**2. Nội dung phát động thi đua**") is a heading, kept with the paragraph after it.

The document reads: the opening (the campaign's căn cứ and context), who launches what with which
theme, then numbered sections — mục đích, phạm vi, the phases, the content items (a tree, numbered level by
level: 1., 1.1., a), -), the targets, the review points, khen thưởng, the organisation — and a closing call.
The sections the office writes itself (app.domain.campaigns.PlanTexts) print as entered; those it left empty
are left out, or, for the organisation, the closing call, Kính gửi and Nơi nhận, take the program's text
(`default_texts`). Every paragraph is a body paragraph (FORMAT.md: first line indented), whatever its level.
Seed 003 (a dispatch of 2020) is the model.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from app.documents.state.builders import ROMAN, agency_phrase, cong_van, head_title, ke_hoach
from app.documents.state.model import Block, Heading, Para, StateDocument
from app.domain.agency import AgencyInfo, LevelWording, SignerInfo
from app.domain.campaigns import (
    DEFAULT_ITEM_STYLES,
    CampaignDetail,
    PhaseInfo,
    PlanTexts,
    item_levels,
    number_levels,
    parse_numbered,
    short_date,
    typed_styles,
)
from database.enums import DocumentKind, Launcher, ReviewKind

UNION = "Công đoàn Ngành Y tế"  # the sector's trade union, co-launcher of the yearly campaign
LEAD_IN = "Phát huy truyền thống yêu nước, yêu ngành, yêu nghề"
DEFAULT_RECIPIENTS = ("Thủ trưởng các đơn vị trực thuộc Sở",)
DEFAULT_UNIT_CODE = "VP"
_WHOLE_BOLD = re.compile(r"\*\*([^*]+)\*\*")
_END_MARKS = ".;:!?…"


@dataclass(frozen=True)
class LaunchWording:
    """The words of the document that are not campaign records; None takes the program's default."""

    lead_in: str = LEAD_IN
    organisation_intro: str | None = None
    organisation_items: tuple[str, ...] | None = None
    closing: str | None = None
    recipients: tuple[str, ...] | None = None
    copies_to: tuple[str, ...] | None = None
    drafter: str = ""
    unit_code: str = DEFAULT_UNIT_CODE
    legal_bases: tuple[
        str, ...
    ] = ()  # a plan's Căn cứ lines: those in force on its date (app.services.legal_bases)


@dataclass(frozen=True)
class LaunchDraft:
    """What the clerk edits before printing and registering."""

    kind: DocumentKind  # OFFICIAL_LETTER (công văn) or PLAN (kế hoạch)
    subject: str  # trích yếu; a công văn prints it after "V/v "
    text: str  # the body, one paragraph a line
    recipients: tuple[str, ...] = ()  # Kính gửi (a công văn)
    copies_to: tuple[str, ...] = ()  # Nơi nhận
    signer: SignerInfo | None = None
    drafter: str = ""
    unit_code: str = DEFAULT_UNIT_CODE
    campaign_id: int | None = field(default=None, compare=False)


# --- words ----------------------------------------------------------------------------------------------


def campaign_phrase(name: str) -> str:
    """The campaign as running text names it: "phong trào thi đua yêu nước năm 2020"."""
    name = name.strip()
    if name.lower().startswith("phong trào"):
        return name[0].lower() + name[1:]
    return f"phong trào thi đua “{name}”"


def _director(agency: AgencyInfo, signer: SignerInfo | None) -> str:
    """ "Giám đốc Sở Y tế": the head whose power launches the campaign."""
    head = head_title(signer).capitalize() if signer else "Giám đốc"
    return f"{head} {agency_phrase(agency.name)}"


def _launchers(campaign: CampaignDetail, agency: AgencyInfo, signer: SignerInfo | None, joiner: str) -> str:
    director = _director(agency, signer)
    return f"{director}{joiner}Thường trực {UNION}" if campaign.launcher is Launcher.JOINT_UNION else director


def _sentence(text: str) -> str:
    """A paragraph ends with a mark; one is added when the clerk left it off."""
    plain = text.rstrip().rstrip("*”\"' ")
    return text if plain and plain[-1] in _END_MARKS else f"{text.rstrip()}."


def phase_sentence(phase: PhaseInfo) -> str:
    """ "Đợt 1 bắt đầu từ ngày 26/6/2020 đến ngày 27/7/2020, tập trung …". A phase that runs to the end of
    a month runs "đến hết ngày" it, as plans write the close of a month or a year."""
    last_of_month = (phase.end_date + dt.timedelta(days=1)).day == 1
    dates = (
        f"{phase.name} bắt đầu từ ngày {short_date(phase.start_date)} đến {'hết ' if last_of_month else ''}"
        f"ngày {short_date(phase.end_date)}"
    )
    return _sentence(f"{dates}, {phase.focus}" if phase.focus else dates)


def relayed(launcher: Launcher, words: LevelWording) -> tuple[str, tuple[str, ...]]:
    """Who launched a campaign the Sở relays ("… do Bộ Y tế phát động") and whom its Nơi nhận reports to;
    the Sở launching (alone or with the trade union): ("", whom it tells)."""
    committee = f"{words.people_committee_short} (để b/c)"
    return {
        Launcher.MINISTRY: ("Bộ Y tế", ("Bộ Y tế (để b/c)",)),
        Launcher.PROVINCE: (words.people_committee, (committee,)),
        Launcher.PRIME_MINISTER: ("Thủ tướng Chính phủ", ("Bộ Y tế (để b/c)", committee)),
        Launcher.PARTY_CENTRAL: ("Ban Chấp hành Trung ương Đảng", ("Đảng ủy Sở", committee)),
        Launcher.SECTOR_UNION: (UNION, (UNION, words.labour_federation)),
        Launcher.JOINT_UNION: ("", (UNION, words.labour_federation)),
    }.get(launcher, ("", ()))


def _launch_paragraph(
    campaign: CampaignDetail, agency: AgencyInfo, signer: SignerInfo | None, wording: LaunchWording
) -> str:
    phrase = campaign_phrase(campaign.name)
    theme = f" với chủ đề: “***{campaign.theme}***”" if campaign.theme else ""
    lead = f"{wording.lead_in}, " if wording.lead_in else ""
    origin = relayed(campaign.launcher, agency.wording)[0]
    if origin:
        return (
            f"{lead}{_director(agency, signer)} triển khai trong toàn ngành {phrase} do {origin} phát động"
            f"{theme} với các nội dung cụ thể sau đây:"
        )
    return f"{lead}{_launchers(campaign, agency, signer, ' và ')} phát động {phrase}{theme} với các nội dung cụ thể sau đây:"


def _default_organisation(
    campaign: CampaignDetail, agency: AgencyInfo, signer: SignerInfo | None
) -> tuple[str, tuple[str, ...]]:
    issuer = agency_phrase(agency.name)
    intro = (
        f"Để phong trào đạt kết quả thiết thực, {_director(agency, signer)} đề nghị Thủ trưởng các đơn vị:"
    )
    items = [
        "Xây dựng kế hoạch hưởng ứng phong trào gắn với nhiệm vụ chuyên môn của đơn vị; tổ chức phát động và "
        "hướng dẫn cán bộ, công chức, viên chức, người lao động đăng ký thi đua.",
        "Tuyên truyền sâu rộng về phong trào; kịp thời phát hiện, bồi dưỡng và nhân rộng các điển hình tiên tiến, "
        "các mô hình, cách làm hay.",
    ]
    if campaign.targets:
        items.append(
            "Giao chỉ tiêu cụ thể đến từng khoa, phòng; theo dõi và báo cáo kết quả thực hiện các chỉ "
            "tiêu hằng năm."
        )
    items.append(
        "Gắn kết quả thi đua với việc bình xét, đề nghị khen thưởng, bảo đảm chính xác, công khai, minh "
        "bạch, kịp thời."
    )
    review = "sơ kết sau mỗi đợt và tổng kết" if len(campaign.phases) > 1 else "tổng kết"
    items.append(
        f"Báo cáo {review} phong trào về {issuer} (qua Văn phòng Sở) để tổng hợp, đề nghị khen thưởng."
    )
    return intro, tuple(items)


def _default_closing(campaign: CampaignDetail, agency: AgencyInfo, signer: SignerInfo | None) -> str:
    return (
        f"{_launchers(campaign, agency, signer, ', ')} kêu gọi mỗi cán bộ, công chức, viên chức, người lao động "
        "trong ngành tích cực hưởng ứng phong trào, thi đua hoàn thành xuất sắc nhiệm vụ được giao./."
    )


def _default_copies(
    campaign: CampaignDetail, kind: DocumentKind, unit_code: str, words: LevelWording
) -> tuple[str, ...]:
    first = ["Như trên"] if kind is DocumentKind.OFFICIAL_LETTER else ["Các đơn vị trực thuộc Sở"]
    above = relayed(campaign.launcher, words)[1]
    return (
        *first,
        *above,
        words.emulation_board,
        "Giám đốc, các Phó Giám đốc Sở",
        f"Lưu: VT, {unit_code}",
    )


def default_texts(campaign: CampaignDetail, agency: AgencyInfo, signer: SignerInfo | None) -> PlanTexts:
    """The program's text for the sections a campaign always prints (tổ chức thực hiện, the closing call,
    Kính gửi and Nơi nhận of a công văn), offered to the clerk the first time; the others start empty."""
    intro, tasks = _default_organisation(campaign, agency, signer)
    return PlanTexts(
        organisation="\n".join([intro, *(f"{k}. {x}" for k, x in enumerate(tasks, start=1))]),
        closing=_default_closing(campaign, agency, signer),
        addressees="\n".join(DEFAULT_RECIPIENTS),
        copies_to="\n".join(
            _default_copies(campaign, DocumentKind.OFFICIAL_LETTER, DEFAULT_UNIT_CODE, agency.wording)
        ),
    )


def text_lines(text: str | None) -> tuple[str, ...]:
    """A list field (Kính gửi, Nơi nhận) as its lines, the dashes typed before them dropped."""
    return tuple(
        x.strip().lstrip("-–").strip() for x in (text or "").splitlines() if x.strip().lstrip("-–").strip()
    )


# --- the draft -------------------------------------------------------------------------------------------

# A part of the document: its title, its lines, each (level, text) (level 0 is a plain paragraph, the others
# are numbered under the section: app.domain.campaigns.number_levels), and the numbering style of each level.
Part = tuple[str, list[tuple[int, str]], tuple[str, ...]]


def _sections(kind: DocumentKind) -> tuple:
    """A section's heading and the number its first level counts under: "2." / 2.1. in a công văn, "II." /
    1. in a kế hoạch."""
    if kind is DocumentKind.PLAN:
        return (lambda n, title: f"{ROMAN[n - 1]}. {title.upper()}"), (lambda n: "")
    return (lambda n, title: f"{n}. {title}"), (lambda n: f"{n}.")


def _written(title: str, text: str | None, styles: tuple[str, ...]) -> Part:
    """A section as the office wrote it: numbered lines keep their level and the kind of label typed (a
    number follows the section's: 1. typed prints 3.1. in section 3 of a công văn; a dash stays a dash); the
    other lines are paragraphs."""
    lines = parse_numbered(text or "")
    return title, [(x.level if x.labelled else 0, x.text) for x in lines], typed_styles(lines, styles)


def _organisation(
    campaign: CampaignDetail, agency: AgencyInfo, signer: SignerInfo | None, wording: LaunchWording
) -> Part:
    title = "Tổ chức thực hiện"
    if wording.organisation_intro is not None or wording.organisation_items is not None:
        intro, tasks = _default_organisation(campaign, agency, signer)
        intro = wording.organisation_intro if wording.organisation_intro is not None else intro
        tasks = wording.organisation_items if wording.organisation_items is not None else tasks
        return title, ([(0, intro)] if intro else []) + [(1, x) for x in tasks], DEFAULT_ITEM_STYLES
    text = campaign.texts.organisation or default_texts(campaign, agency, signer).organisation
    return _written(title, text, campaign.item_styles)


def _parts(
    campaign: CampaignDetail, agency: AgencyInfo, signer: SignerInfo | None, wording: LaunchWording
) -> list[Part]:
    """The sections in the order plans write them; those with nothing to say are left out."""
    texts, styles = campaign.texts, campaign.item_styles
    items = list(zip(item_levels(campaign.items), (x.text for x in campaign.items), strict=True))
    intro = [(0, x.strip()) for x in (texts.content_intro or "").splitlines() if x.strip()]  # as typed
    reviews = sorted(
        campaign.reviews, key=lambda r: (r.held_on or dt.date(r.year, 12, 31), r.kind is ReviewKind.FINAL)
    )
    parts: list[Part] = [
        _written("Mục đích, yêu cầu", texts.purpose, styles),
        _written("Phạm vi, đối tượng", texts.scope, styles),
        ("Phân kỳ thời gian phát động thi đua", [(0, phase_sentence(p)) for p in campaign.phases], styles),
        ("Nội dung phát động thi đua", intro + items, styles),
        ("Chỉ tiêu thi đua", [(1, t.plan_line()) for t in campaign.targets], styles),
        ("Sơ kết, tổng kết", [(1, r.sentence()) for r in reviews], styles),
        _written("Khen thưởng", texts.rewards, styles),
        _organisation(campaign, agency, signer, wording),
    ]
    return [part for part in parts if part[1]]


def launch_blocks(
    campaign: CampaignDetail,
    agency: AgencyInfo,
    signer: SignerInfo | None,
    kind: DocumentKind = DocumentKind.OFFICIAL_LETTER,
    wording: LaunchWording | None = None,
) -> list[Block]:
    wording = wording or LaunchWording()
    section, root = _sections(kind)
    opening = [x for x in campaign.legal_basis.splitlines() if x.strip()]
    # A plan opens with the laws in force, unless the campaign's own opening already cites its bases.
    cited = any(x.strip().casefold().startswith("căn cứ") for x in opening)
    bases = wording.legal_bases if kind is DocumentKind.PLAN and not cited else ()
    blocks: list[Block] = [Para(x) for x in (*bases, *opening)]
    blocks.append(Para(_launch_paragraph(campaign, agency, signer, wording)))
    for n, (title, lines, styles) in enumerate(_parts(campaign, agency, signer, wording), start=1):
        blocks.append(Heading(section(n, title)))
        labels = number_levels([level for level, _ in lines], styles, root(n))
        blocks += [
            Para(f"{label} {_sentence(text)}" if label else text)
            for label, (_, text) in zip(labels, lines, strict=True)
        ]
    closing = (
        wording.closing
        if wording.closing is not None
        else campaign.texts.closing or _default_closing(campaign, agency, signer)
    )
    if closing:
        blocks.append(Para(closing))
    return blocks


def blocks_text(blocks: Sequence[Block]) -> str:
    """Body blocks as the clerk edits them: a heading is a line bold as a whole; a blank line between
    paragraphs keeps them apart on screen (blank lines print nothing)."""
    return "\n\n".join(f"**{b.text}**" if isinstance(b, Heading) else b.text for b in blocks)


def text_blocks(text: str) -> tuple[Block, ...]:
    """The clerk's text back as blocks (see blocks_text)."""
    blocks: list[Block] = []
    for line in (x.strip() for x in text.splitlines()):
        if line:
            whole = _WHOLE_BOLD.fullmatch(line)
            blocks.append(Heading(whole.group(1).strip()) if whole else Para(line))
    return tuple(blocks)


def draft_launch(
    campaign: CampaignDetail,
    agency: AgencyInfo,
    signer: SignerInfo | None,
    kind: DocumentKind = DocumentKind.OFFICIAL_LETTER,
    wording: LaunchWording | None = None,
) -> LaunchDraft:
    """The launching document of `campaign` as an editable draft."""
    if kind not in (DocumentKind.OFFICIAL_LETTER, DocumentKind.PLAN):
        raise ValueError(f"not a launching document: {kind}")
    wording = wording or LaunchWording()
    phrase = campaign_phrase(campaign.name)
    letter = kind is DocumentKind.OFFICIAL_LETTER
    subject = f"phát động {phrase}" if letter else f"Phát động {phrase}"
    # The wording given, else the campaign's own lines, else the program's.
    recipients = (
        (
            wording.recipients
            if wording.recipients is not None
            else text_lines(campaign.texts.addressees) or DEFAULT_RECIPIENTS
        )
        if letter
        else ()
    )
    copies = (
        wording.copies_to
        if wording.copies_to is not None
        else text_lines(campaign.texts.copies_to)
        or _default_copies(campaign, kind, wording.unit_code, agency.wording)
    )
    return LaunchDraft(
        kind,
        subject,
        blocks_text(launch_blocks(campaign, agency, signer, kind, wording)),
        tuple(recipients),
        tuple(copies),
        signer,
        wording.drafter,
        wording.unit_code,
        campaign.id,
    )


def launch_document(
    draft: LaunchDraft, agency: AgencyInfo, number: int | None = None, issued_on: dt.date | None = None
) -> StateDocument:
    """The draft laid out as a state document: a công văn (V/v, Kính gửi) or a kế hoạch (title, subject)."""
    common = dict(
        subject=draft.subject,
        body=text_blocks(draft.text),
        copies_to=draft.copies_to,
        number=number,
        issued_on=issued_on,
        drafter=draft.drafter,
    )
    if draft.kind is DocumentKind.OFFICIAL_LETTER:
        return cong_van(
            agency, draft.signer, recipients=draft.recipients, unit_code=draft.unit_code, **common
        )
    return ke_hoach(agency, draft.signer, **common)
