"""The incoming register: documents received get their số đến, are corrected and searched, linked to the campaign,
nomination batch or decision they started or answered (one target a link), give the campaign's Căn cứ lines in
the state's wording, and are not deleted while linked."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace

import pytest
from sqlalchemy.exc import IntegrityError

from app.errors import ValidationError
from app.services.incoming import (
    IncomingInput,
    basis_lines,
    delete_incoming,
    incoming_file,
    incoming_for_campaign,
    incoming_links,
    incoming_years,
    link_incoming,
    link_targets,
    linked_incoming,
    list_incoming,
    load_incoming,
    next_received_number,
    record_incoming,
    unlink_incoming,
    update_incoming,
)
from database.enums import AuthorityLevel, CampaignKind
from database.models import Campaign, Decision, IncomingDocument, IncomingLink, NominationBatch

SCAN = b"%PDF-1.4\n% chi thi\n"
DIRECTIVE = IncomingInput(
    received_on=dt.date(2021, 4, 2),
    issuer="Bộ Y tế",
    number_symbol="04/CT-BYT",
    issued_on=dt.date(2021, 3, 29),
    kind="chỉ thị",
    subject="Tăng cường thực hiện công tác thi đua, khen thưởng trong ngành y tế giai đoạn 2021-2025",
    file_name="ct-04.pdf",
    file_content=SCAN,
)
PLAN = IncomingInput(
    received_on=dt.date(2021, 1, 12),
    issuer="UBND tỉnh Thanh Hóa",
    number_symbol="08/KH-UBND",
    issued_on=dt.date(2021, 1, 8),
    kind="Kế hoạch",
    subject="V/v tổ chức phong trào thi đua yêu nước năm 2021",
)


@pytest.fixture
def targets(ctx):
    """A campaign, a nomination batch and a higher body's decision (made directly: their services are not
    this test's business)."""
    with ctx.write() as s:
        campaign = Campaign(name="Phong trào thi đua yêu nước năm 2021", kind=CampaignKind.REGULAR)
        batch = NominationBatch(year=2021, title="Đề nghị khen thưởng chuyên đề")
        decision = Decision(
            number_text="1234/QĐ-BYT",
            issued_on=dt.date(2021, 11, 5),
            issuer="Bộ Y tế",
            level=AuthorityLevel.MINISTRY,
            year=2021,
            subject="Tặng Bằng khen của Bộ trưởng Bộ Y tế",
        )
        s.add_all([campaign, batch, decision])
        s.flush()
        return campaign.id, batch.id, decision.id


def test_received_documents_are_numbered_corrected_and_searched(ctx):
    with pytest.raises(ValidationError, match="cơ quan ban hành"):
        record_incoming(ctx, IncomingInput(dt.date(2021, 4, 2), " ", "", None, "Công văn", "x"))
    with pytest.raises(ValidationError, match="sau ngày đến"):
        record_incoming(
            ctx, IncomingInput(dt.date(2021, 4, 2), "Bộ Y tế", "", dt.date(2021, 4, 3), "CV", "x")
        )
    assert next_received_number(ctx, 2021) == 1
    plan = record_incoming(ctx, PLAN)
    directive = record_incoming(ctx, DIRECTIVE)
    entry = load_incoming(ctx, directive)
    assert (entry.year, entry.received_number, entry.kind, entry.file_name) == (
        2021,
        2,
        "Chỉ thị",
        "ct-04.pdf",
    )
    assert incoming_file(ctx, directive) == ("ct-04.pdf", SCAN) and incoming_file(ctx, plan) is None
    # a số đến given by hand: free, or refused
    with pytest.raises(ValidationError, match="Số đến 1 năm 2021 đã có"):
        record_incoming(ctx, replace(PLAN, received_number=1))
    later = record_incoming(ctx, replace(PLAN, received_number=40, number_symbol=""))
    assert next_received_number(ctx, 2021) == 41 and next_received_number(ctx, 2022) == 1
    assert [e.received_number for e in list_incoming(ctx, 2021)] == [40, 2, 1]
    assert [e.id for e in list_incoming(ctx, text="chi thi bo y te")] == [directive]
    assert incoming_years(ctx) == [2021]

    # corrections keep the scan unless replaced or dropped; the version the form read is checked
    changed = replace(DIRECTIVE, file_name=None, file_content=None, note="Bản chính")
    update_incoming(ctx, directive, changed, entry.version)
    assert (
        incoming_file(ctx, directive) == ("ct-04.pdf", SCAN)
        and load_incoming(ctx, directive).note == "Bản chính"
    )
    with pytest.raises(ValidationError, match="năm 2021"):
        update_incoming(ctx, directive, replace(changed, received_on=dt.date(2022, 1, 3)))
    with pytest.raises(ValidationError, match="Số đến 40"):
        update_incoming(ctx, directive, replace(changed, received_number=40))
    update_incoming(ctx, directive, replace(changed, drop_scan=True))
    assert incoming_file(ctx, directive) is None
    delete_incoming(ctx, later)
    assert [e.received_number for e in list_incoming(ctx, 2021)] == [2, 1]


def test_links_give_the_campaigns_basis_lines_and_hold_the_document(ctx, targets):
    campaign_id, batch_id, decision_id = targets
    directive, plan = record_incoming(ctx, DIRECTIVE), record_incoming(ctx, PLAN)
    assert basis_lines(ctx, campaign_id) == []
    link = link_incoming(ctx, directive, campaign_id=campaign_id)
    link_incoming(ctx, plan, campaign_id=campaign_id)
    link_incoming(ctx, directive, batch_id=batch_id)
    link_incoming(ctx, directive, decision_id=decision_id)
    with pytest.raises(ValidationError, match="đã liên kết"):
        link_incoming(ctx, directive, campaign_id=campaign_id)
    with pytest.raises(ValidationError, match="Hãy chọn một"):
        link_incoming(ctx, directive, campaign_id=campaign_id, batch_id=batch_id)
    with pytest.raises(ValidationError, match="Không tìm thấy phong trào"):
        link_incoming(ctx, directive, campaign_id=campaign_id + 999)

    # the oldest first, in the state's wording ("về việc" once, dates as documents cite them)
    assert basis_lines(ctx, campaign_id) == [
        "Căn cứ Kế hoạch số 08/KH-UBND ngày 08/01/2021 của UBND tỉnh Thanh Hóa về việc tổ chức phong trào "
        "thi đua yêu nước năm 2021;",
        "Căn cứ Chỉ thị số 04/CT-BYT ngày 29/3/2021 của Bộ Y tế về việc tăng cường thực hiện công tác thi "
        "đua, khen thưởng trong ngành y tế giai đoạn 2021-2025;",
    ]
    assert [e.id for e in incoming_for_campaign(ctx, campaign_id)] == [plan, directive]
    # seen from the batch and the decision: each document with the link that unlinks it from there
    held = {(x.target.kind, x.target.id): x.id for x in incoming_links(ctx, directive)}
    for kind, target_id in (("batch", batch_id), ("decision", decision_id), ("campaign", campaign_id)):
        shown = linked_incoming(ctx, kind, target_id)
        assert held[kind, target_id] in {x.link_id for x in shown}
        assert directive in {x.entry.id for x in shown}
    assert [x.entry.id for x in linked_incoming(ctx, "batch", batch_id)] == [directive]
    assert linked_incoming(ctx, "decision", decision_id + 999) == []
    assert [x.target.text for x in incoming_links(ctx, directive)] == [
        "Phong trào: Phong trào thi đua yêu nước năm 2021",
        "Hồ sơ đề nghị: Đề nghị khen thưởng chuyên đề (năm 2021)",
        "Quyết định: số 1234/QĐ-BYT ngày 05/11/2021 của Bộ Y tế: Tặng Bằng khen của Bộ trưởng Bộ Y tế",
    ]
    assert {t.kind for t in link_targets(ctx)} == {"campaign", "batch", "decision"}
    assert [e.id for e in list_incoming(ctx, text="1234/QĐ-BYT")] == [directive]

    # a linked document stays; unlinked, it may go
    with pytest.raises(ValidationError, match="bỏ liên kết trước khi xóa"):
        delete_incoming(ctx, directive)
    for x in incoming_links(ctx, directive):
        unlink_incoming(ctx, x.id)
    assert basis_lines(ctx, campaign_id)[0].startswith("Căn cứ Kế hoạch số 08/KH-UBND")
    assert len(basis_lines(ctx, campaign_id)) == 1
    delete_incoming(ctx, directive)
    assert link not in {x.id for x in incoming_links(ctx, plan)}

    # the database holds one target a link, and the document while linked
    with pytest.raises(IntegrityError), ctx.write() as s:
        s.add(IncomingLink(incoming_id=plan, campaign_id=campaign_id, batch_id=batch_id))
    with pytest.raises(IntegrityError), ctx.write() as s:
        s.add(IncomingLink(incoming_id=plan))
    with pytest.raises(IntegrityError), ctx.write() as s:
        s.delete(s.get(IncomingDocument, plan))
    # a campaign deleted takes its links with it
    with ctx.write() as s:
        s.delete(s.get(Campaign, campaign_id))
    assert incoming_links(ctx, plan) == [] and load_incoming(ctx, plan).links == ()


def test_the_command_line_lists_the_incoming_register(db, ctx, targets, capsys):
    from app.cli import main

    directive = record_incoming(ctx, DIRECTIVE)
    link_incoming(ctx, directive, campaign_id=targets[0])
    url = db.engine.url.render_as_string(hide_password=False)
    assert main(["--db-url", url, "documents", "incoming", "list", "--year", "2021", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert listed == [
        {
            "id": directive,
            "year": 2021,
            "received_number": 1,
            "received_on": "2021-04-02",
            "issuer": "Bộ Y tế",
            "number": "04/CT-BYT",
            "date": "2021-03-29",
            "kind": "Chỉ thị",
            "subject": DIRECTIVE.subject,
            "links": ["Phong trào: Phong trào thi đua yêu nước năm 2021"],
        }
    ]
    assert main(["--db-url", url, "documents", "incoming", "list", "--year", "2022"]) == 0
    assert "chưa có văn bản nào" in capsys.readouterr().out
