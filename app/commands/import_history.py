"""`python -m app import history FILE`: years of records from before the program, from one workbook."""

from __future__ import annotations

import sys
from pathlib import Path

from app.commands import print_json
from app.exchange.history import Problem, read_history
from app.services.context import ServiceContext
from app.services.history import HistoryReport, import_history
from app.text.numbers import int_text

REFUSED = 2


def report_json(report: HistoryReport) -> dict:
    return {
        "written": report.written,
        "people_created": [
            {"full_name": w.full_name, "birth_date": w.birth_key or None} for w in report.people_created
        ],
        "units_created": report.units_created,
        "ratings": report.ratings,
        "initiatives": report.initiatives,
        "awards": report.awards,
        "skipped": report.skipped,
        "review": _rows(report.review),
        "errors": _rows(report.problems),
    }


def _rows(problems: list[Problem]) -> list[dict]:
    return [{"sheet": p.sheet, "row": p.row, "message": p.message} for p in problems]


def run_import_history(ctx: ServiceContext, args) -> int:
    """UserError (an unreadable file) propagates to the CLI, which prints it and exits 2."""
    report = import_history(
        ctx,
        read_history(Path(args.file)),
        dry_run=args.dry_run,
        accept_probable=args.accept_probable,
    )
    if args.json:
        print_json(report_json(report))
    if report.problems:
        print(f"Lỗi: tệp có {len(report.problems)} vấn đề; không nhập dòng nào.", file=sys.stderr)
        if not args.json:
            for p in report.problems:
                print(f"  {p.text()}", file=sys.stderr)
        return REFUSED
    if not args.json:
        verb = "Sẽ nhập" if args.dry_run else "Đã nhập"
        print(
            f"{verb}: {int_text(report.ratings)} xếp loại, {int_text(report.initiatives)} sáng kiến, {int_text(report.awards)} khen thưởng; "
            f"{int_text(len(report.people_created))} cán bộ mới, {int_text(len(report.units_created))} đơn vị mới; "
            f"{int_text(report.skipped)} dòng đã có từ trước (bỏ qua)."
        )
        for name in report.units_created:
            print(f"  đơn vị mới: {name}")
        for who in report.people_created:
            print(f"  cán bộ mới: {who.full_name} ({who.birth_key or 'không rõ ngày sinh'})")
        if report.review:
            print(f"Cần xác nhận ({int_text(len(report.review))} dòng, không nhập):")
            for p in report.review:
                print(f"  {p.text()}")
    return 0
