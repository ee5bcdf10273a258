"""Seed 003 (Công văn 1975/SYT-VP of Sở Y tế Thanh Hóa, 2020) entered through the services, on SQLite and
PostgreSQL: the campaign with its two phases and ten content items, and its own words kept with it — section
3 (Tổ chức thực hiện) with its four points, the closing call, Kính gửi and Nơi nhận. The dispatch drafted from
those records, numbered in the register and printed, reads back as the seed word for word, and passes the
FORMAT.md layout checks of the unit tests (imported below, run here on the registered document)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from types import SimpleNamespace

import pytest

from app.documents.state import render_pdf
from app.services.agency import save_agency
from app.services.campaigns import (
    CampaignInput,
    PhaseInput,
    PlanTexts,
    add_content_items,
    add_phase,
    campaign_detail,
    launch_draft,
    launch_registered_model,
    register_launch,
    save_campaign,
)
from app.services.register import set_next_number
from database.models import OutgoingDocument
from tests.unit.test_campaign_document import (  # noqa: F401 (collected here, on the registered document)
    SEED,
    seed_agency,
    seed_campaign,
    test_both_phases_and_all_ten_content_items_as_body_paragraphs,
    test_header_number_and_date_line,
    test_organisation_section_then_closing_with_noi_nhan_and_signer,
    test_seed_003_entered_as_data_comes_out_as_the_seed,
    test_subject_under_the_number_and_one_recipient,
)
from tests.unit.test_state_documents import (  # noqa: F401 (collected here, on the registered document)
    Pdf,
    test_body_is_justified_with_a_first_line_indent_and_paragraph_gaps,
    test_closing_places_noi_nhan_level_with_the_signature,
    test_emphasis_typed_by_the_clerk_prints_bold_and_italic,
    test_header_left_column_agency_names_and_rule,
    test_header_right_column_national_name_motto_and_rule,
    test_letter_subject_sits_6pt_under_the_number_in_the_left_column,
    test_number_and_date_share_a_baseline_6pt_under_the_header,
    test_one_recipient_shares_the_kinh_gui_line,
    test_page_is_a4_and_text_stays_inside_the_margins,
    test_page_numbers_from_page_two_centred_in_the_top_margin,
)

ISSUED = dt.date.fromisoformat(SEED["issued_on"])


def seed_input() -> CampaignInput:
    """The campaign as the clerk types it in the form, its own sections on the "Văn bản" tab."""
    campaign, wording = seed_campaign()
    organisation = [
        wording.organisation_intro,
        *(f"3.{k}. {x}" for k, x in enumerate(wording.organisation_items, start=1)),
    ]
    return CampaignInput(
        campaign.name,
        campaign.kind,
        campaign.launcher,
        campaign.theme,
        campaign.start_date,
        campaign.end_date,
        campaign.legal_basis,
        texts=PlanTexts(
            organisation="\n".join(organisation),
            closing=wording.closing,
            addressees="\n".join(wording.recipients),
            copies_to="\n".join(f"- {x}" for x in wording.copies_to),
        ),
    )


@pytest.fixture(scope="module")
def entered(module_ctx):
    ctx = module_ctx
    agency, signer = seed_agency()
    save_agency(ctx, replace(agency, signers=(replace(signer, is_default=True),)))
    campaign, _ = seed_campaign()
    campaign_id = save_campaign(ctx, seed_input())
    for phase in reversed(campaign.phases):  # entered in any order: numbered by their dates
        add_phase(ctx, campaign_id, PhaseInput(phase.start_date, phase.end_date, phase.focus))
    pasted = "\n".join(f"2.{n}. {item.text}" for n, item in enumerate(campaign.items, start=1))
    assert add_content_items(ctx, campaign_id, pasted) == 10
    # The office issued its numbers by hand until mid-year: the register goes on from the seed's number.
    set_next_number(
        ctx, "CHUNG", ISSUED.year, SEED["number"], "Số đã cấp ngoài chương trình trước khi dùng phần mềm"
    )
    draft = replace(launch_draft(ctx, campaign_id), drafter=SEED["drafter"])
    registered = register_launch(ctx, campaign_id, draft, ISSUED)
    pdf = Pdf(render_pdf(launch_registered_model(ctx, campaign_id, draft)))
    return SimpleNamespace(ctx=ctx, campaign_id=campaign_id, draft=draft, registered=registered, pdf=pdf)


@pytest.fixture(scope="module")
def issued(entered) -> Pdf:
    return entered.pdf


@pytest.fixture(scope="module")
def seed(entered) -> Pdf:
    return entered.pdf


def test_the_campaign_keeps_its_own_words(entered):
    detail = campaign_detail(entered.ctx, entered.campaign_id)
    _, wording = seed_campaign()
    assert detail.texts == seed_input().texts  # as typed
    assert detail.texts.organisation.splitlines()[1].startswith("3.1. Nâng cao nhận thức")
    assert [p.name for p in detail.phases] == ["Đợt 1", "Đợt 2"]
    assert [(i.number, i.level) for i in detail.items] == [(f"{n}.", 1) for n in range(1, 11)]
    assert detail.launch_document == "1975/SYT-VP ngày 01/07/2020"


def test_the_draft_holds_section_3_the_closing_call_and_the_lists_as_entered(entered):
    draft, (_, wording) = entered.draft, seed_campaign()
    lines = draft.text.split("\n\n")
    assert lines[lines.index("**3. Tổ chức thực hiện**") + 1] == wording.organisation_intro
    for k, point in enumerate(wording.organisation_items, start=1):
        assert f"3.{k}. {point}" in lines
    assert lines[-1] == wording.closing
    assert draft.recipients == tuple(SEED["recipients"])
    assert draft.copies_to == tuple(SEED["copies_to"])


def test_the_register_gives_1975_and_keeps_the_text_it_printed(entered):
    assert entered.registered.number_text == "1975/SYT-VP"
    with entered.ctx.read() as s:
        doc = s.get(OutgoingDocument, entered.registered.document_id)
        assert (doc.number, doc.symbol, doc.issued_on) == (1975, "SYT-VP", ISSUED)
        assert doc.content["text"] == entered.draft.text
        assert doc.recipients.splitlines() == SEED["copies_to"]
