"""The launching document of a campaign (Công văn phát động or Kế hoạch), drafted from its records as
text the clerk edits, then laid out in the state format (FORMAT.md) by the state builders.

    draft = draft_launch(detail, agency, signer, DocumentKind.OFFICIAL_LETTER)   # a LaunchDraft: text
    draft = replace(draft, text=edited)                                          # the clerk's edits
    render_pdf(launch_document(draft, agency), "phat-dong.pdf")                  # number left blank

The text holds one paragraph a line (blank lines between them are ignored), with *italic* and **bold** as typed; a line that is bold as a whole
("**2. Nội dung phát động thi đua**") is a heading, kept with the paragraph after it.

The document reads: the opening (the campaign's căn cứ and context), who launches what with which
theme, then numbered sections — the phases, the content items, the targets, the organisation — and a
closing call. Seed 003 (a dispatch of 2020) is the model.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from app.documents.state.builders import ROMAN, agency_phrase, cong_van, head_title, ke_hoach
from app.documents.state.model import Block, Heading, Para, StateDocument
from app.domain.agency import AgencyInfo, LevelWording, SignerInfo
from app.domain.campaigns import CampaignDetail, PhaseInfo, short_date
from database.enums import DocumentKind, Launcher

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


def _launch_paragraph(
    campaign: CampaignDetail, agency: AgencyInfo, signer: SignerInfo | None, wording: LaunchWording
) -> str:
    phrase = campaign_phrase(campaign.name)
    theme = f" với chủ đề: “***{campaign.theme}***”" if campaign.theme else ""
    lead = f"{wording.lead_in}, " if wording.lead_in else ""
    origin = {Launcher.MINISTRY: "Bộ Y tế", Launcher.PROVINCE: agency.wording.people_committee}.get(
        campaign.launcher
    )
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


def _default_copies(
    campaign: CampaignDetail, kind: DocumentKind, unit_code: str, words: LevelWording
) -> tuple[str, ...]:
    first = ["Như trên"] if kind is DocumentKind.OFFICIAL_LETTER else ["Các đơn vị trực thuộc Sở"]
    above = {
        Launcher.MINISTRY: ["Bộ Y tế (để b/c)"],
        Launcher.PROVINCE: [f"{words.people_committee_short} (để b/c)"],
        Launcher.JOINT_UNION: [UNION, words.labour_federation],
    }.get(campaign.launcher, [])
    return (
        *first,
        *above,
        words.emulation_board,
        "Giám đốc, các Phó Giám đốc Sở",
        f"Lưu: VT, {unit_code}",
    )


# --- the draft -------------------------------------------------------------------------------------------


def _sections(kind: DocumentKind) -> tuple:
    """How a section and its items are numbered: "2." / "2.1." in a công văn, "II." / "1." in a kế hoạch."""
    if kind is DocumentKind.PLAN:
        return (lambda n, title: f"{ROMAN[n - 1]}. {title.upper()}"), (lambda n, k: f"{k}.")
    return (lambda n, title: f"{n}. {title}"), (lambda n, k: f"{n}.{k}.")


def launch_blocks(
    campaign: CampaignDetail,
    agency: AgencyInfo,
    signer: SignerInfo | None,
    kind: DocumentKind = DocumentKind.OFFICIAL_LETTER,
    wording: LaunchWording | None = None,
) -> list[Block]:
    wording = wording or LaunchWording()
    section, item = _sections(kind)
    opening = [x for x in campaign.legal_basis.splitlines() if x.strip()]
    # A plan opens with the laws in force, unless the campaign's own opening already cites its bases.
    cited = any(x.strip().casefold().startswith("căn cứ") for x in opening)
    bases = wording.legal_bases if kind is DocumentKind.PLAN and not cited else ()
    blocks: list[Block] = [Para(x) for x in (*bases, *opening)]
    blocks.append(Para(_launch_paragraph(campaign, agency, signer, wording)))
    parts: list[tuple[str, list[str], bool]] = []  # (title, paragraphs, numbered)
    if campaign.phases:
        parts.append(
            ("Phân kỳ thời gian phát động thi đua", [phase_sentence(p) for p in campaign.phases], False)
        )
    if campaign.items:
        parts.append(("Nội dung phát động thi đua", [_sentence(x.text) for x in campaign.items], True))
    if campaign.targets:
        parts.append(("Chỉ tiêu thi đua", [f"{t.name}: {t.goal_phrase()}." for t in campaign.targets], True))
    intro, tasks = _default_organisation(campaign, agency, signer)
    intro = wording.organisation_intro if wording.organisation_intro is not None else intro
    tasks = wording.organisation_items if wording.organisation_items is not None else tasks
    parts.append(("Tổ chức thực hiện", [intro, *tasks] if intro else list(tasks), True))
    for n, (title, paragraphs, numbered) in enumerate(parts, start=1):
        blocks.append(Heading(section(n, title)))
        first = 1 if title == "Tổ chức thực hiện" and intro else 0  # the intro is not numbered
        blocks += [
            Para(x if not numbered or k < first else f"{item(n, k + 1 - first)} {_sentence(x)}")
            for k, x in enumerate(paragraphs)
        ]
    closing = (
        wording.closing
        if wording.closing is not None
        else (
            f"{_launchers(campaign, agency, signer, ', ')} kêu gọi mỗi cán bộ, công chức, viên chức, người lao động "
            "trong ngành tích cực hưởng ứng phong trào, thi đua hoàn thành xuất sắc nhiệm vụ được giao./."
        )
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
    recipients = (
        (wording.recipients if wording.recipients is not None else DEFAULT_RECIPIENTS) if letter else ()
    )
    copies = (
        wording.copies_to
        if wording.copies_to is not None
        else _default_copies(campaign, kind, wording.unit_code, agency.wording)
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
