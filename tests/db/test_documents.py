"""Registered documents printed again: from the content stored when issued, or from the decision's awards."""

from __future__ import annotations

import datetime as dt
import json

import docx
import pypdf
import pytest

from app.cli import main
from app.errors import ValidationError
from app.services.decisions import forward_to_higher, issue_decision
from app.services.documents import list_documents, render_document
from app.services.register import register_document
from database.enums import DocumentKind
from database.models import Decision, OutgoingDocument
from tests.db.test_decisions import desk  # noqa: F401  (a hospital, three people, four items "Đạt")


def pdf_text(path) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(path).pages)


def test_a_decision_and_a_submission_print_again(ctx, desk, tmp_path):  # noqa: F811
    items = desk["items"]
    issued = issue_decision(
        ctx, [items["lan"], items["hung"], items["unit"]], dt.date(2025, 12, 20), desk["signer"]
    )
    forward_to_higher(ctx, [items["bk"]], dt.date(2025, 12, 22), desk["signer"])
    entries = list_documents(ctx, 2025)
    assert [(e.kind, e.number_text) for e in entries] == [
        (DocumentKind.SUBMISSION, "02/TTr-SYT"),
        (DocumentKind.DECISION, "01/QĐ-SYT"),
    ]

    decision = render_document(ctx, issued.document_id, tmp_path / "qd.pdf")
    text = pdf_text(decision)
    assert "Số: 01/QĐ-SYT" in text and "20 tháng 12 năm 2025" in text
    assert "Nguyễn Thị Lan" in text and "Bệnh viện Đa khoa tỉnh" in text
    assert "2.340.000" in text and "710.000" in text and "4.930.000" in text
    assert "Bốn triệu chín trăm ba mươi nghìn đồng" in text

    with ctx.write() as s:  # an entry issued without stored content (an issued entry is locked: a new one)
        decision = s.get(Decision, issued.decision_id)
        kept = s.get(OutgoingDocument, issued.document_id)
        bare = register_document(
            s,
            DocumentKind.DECISION,
            kept.issued_on,
            kept.subject,
            signer_name=kept.signer_name,
            signer_title=kept.signer_title,
        )
        decision.document_id = bare.id
    again = pdf_text(render_document(ctx, bare.id, tmp_path / "qd2.pdf"))
    assert "Trần Văn Hùng" in again and "4.930.000" in again

    submission = next(e for e in entries if e.kind is DocumentKind.SUBMISSION)
    text = pdf_text(render_document(ctx, submission.id, tmp_path / "tt.pdf"))
    assert "Số: 02/TTr-SYT" in text and "Lê Thu" in text and "năm 2025" in text


def test_the_command_line(db, ctx, desk, tmp_path, capsys):  # noqa: F811
    issued = issue_decision(ctx, [desk["items"]["hung"]], dt.date(2025, 12, 15), desk["signer"])
    url = db.engine.url.render_as_string(hide_password=False)
    assert main(["--db-url", url, "documents", "list", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert listed == [
        {
            "id": issued.document_id,
            "kind": "DECISION",
            "number": 1,
            "symbol": "QĐ-SYT",
            "date": "2025-12-15",
            "subject": "Về việc tặng danh hiệu “Lao động tiên tiến” năm 2025",
        }
    ]
    out = tmp_path / "in-lai.pdf"
    assert main(["--db-url", url, "documents", "render", str(issued.document_id), "--out", str(out)]) == 0
    assert "Trần Văn Hùng" in pdf_text(out)
    assert main(["--db-url", url, "documents", "render", "999999", "--out", str(out)]) == 2
    assert "Không tìm thấy văn bản" in capsys.readouterr().err
    with pytest.raises(ValidationError, match=".docx"):
        render_document(ctx, issued.document_id, tmp_path / "x.txt")


def test_the_command_line_writes_a_word_file(db, ctx, desk, tmp_path, capsys):  # noqa: F811
    issued = issue_decision(ctx, [desk["items"]["hung"]], dt.date(2025, 12, 15), desk["signer"])
    url = db.engine.url.render_as_string(hide_password=False)
    out = tmp_path / "quyet-dinh.docx"
    assert main(["--db-url", url, "documents", "render", str(issued.document_id), "--out", str(out)]) == 0
    assert "quyet-dinh.docx" in capsys.readouterr().out
    word = docx.Document(out)
    texts = [p.text for p in word.paragraphs]
    assert "QUYẾT ĐỊNH" in texts and any(t.startswith("Điều 1. Tặng danh hiệu") for t in texts)
    head = [p.text for p in word.tables[0].rows[0].cells[0].paragraphs]
    assert "Số: 01/QĐ-SYT" in head
    assert any("Trần Văn Hùng" in row.cells[1].text for row in word.tables[-1].rows)
