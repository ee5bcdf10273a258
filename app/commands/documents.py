"""`python -m app documents list|render`: the outgoing register from a script, any entry printed again as a
PDF or a Word file (by the suffix of --out); `python -m app documents incoming list`: the incoming register."""

from __future__ import annotations

from app.commands import print_json
from app.services.context import ServiceContext
from app.services.documents import list_documents, render_document
from app.services.incoming import list_incoming
from app.services.settings import apply_document_font
from database.enums import DocumentStatus


def run_documents(ctx: ServiceContext, args) -> int:
    """UserError (an unknown entry, a file type not offered) reaches the CLI, which prints it and exits 2."""
    if args.what == "incoming":
        return run_incoming(ctx, args)
    apply_document_font(ctx)
    if args.what == "render":
        path = render_document(ctx, args.id, args.out)
        print(f"Đã in văn bản {args.id} ra {path}")
        return 0
    entries = list_documents(ctx, args.year)
    if args.json:
        print_json([e.as_json() for e in entries])
        return 0
    for e in entries:
        day = e.issued_on.strftime("%d/%m/%Y") if e.issued_on else "chưa ký"
        state = "" if e.status is DocumentStatus.REGISTERED else f" [{e.status.label}]"
        print(f"{e.id:>6}  {e.number_text:<16} {day:<10}  {e.kind.label}: {e.subject}{state}")
    if not entries:
        print("Sổ văn bản đi chưa có văn bản nào.")
    return 0


def run_incoming(ctx: ServiceContext, args) -> int:
    entries = list_incoming(ctx, args.year)
    if args.json:
        print_json([e.as_json() for e in entries])
        return 0
    for e in entries:
        links = f" → {'; '.join(e.links)}" if e.links else ""
        print(f"{e.received_number:>5}/{e.year}  {e.received_on:%d/%m/%Y}  {e.reference}: {e.subject}{links}")
    if not entries:
        print("Sổ văn bản đến chưa có văn bản nào.")
    return 0
