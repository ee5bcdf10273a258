"""`python -m app import nominations FILE --unit U --year Y [--attach FILE …] [--dry-run] [--json]`: a unit's
nomination list becomes a batch of that unit and year, without the window.

JSON: {"batch": the new batch's id (null on a dry run or when refused), "items": [{"full_name", "birth_date",
"title", "eligible"}], "review": [{"row", "full_name", "birth_date", "title", "candidates": [{"id",
"full_name", "birth_date", "unit"}]}], "unknown": [{"full_name", "birth_date"}], "errors": [{"row",
"message"}]}. title: the catalogue's code (one entry per code when a row proposes two); birth_date ISO (a year
alone when the list gives only that); eligible: the rules' verdict for that title in that year (false where the
program has no rule for it). Rows to review are written only through the window, where the clerk confirms
them; unknown people and units are never created. Exit 2 when the file is refused: nothing is written.
"""

from __future__ import annotations

import sys
from pathlib import Path

from app.commands import print_json, print_refusal
from app.errors import UserError
from app.exchange.roster import NOMINATION_FIELDS, guess_mapping, read_roster
from app.services.context import ServiceContext
from app.services.nomination_import import (
    BatchFile,
    NominationPlan,
    PlannedRow,
    apply_nomination_import,
    guess_attachment_kind,
    plan_nomination_import,
    read_proposals,
)
from app.services.units import find_unit
from app.text.numbers import int_text

REFUSED = 2


def items_json(row: PlannedRow) -> list[dict]:
    return [
        {
            "full_name": row.full_name,
            "birth_date": row.birth_key,
            "title": code,
            "eligible": bool(verdict and verdict.eligible),
        }
        for code, verdict in zip(row.codes, row.verdicts or (None,) * len(row.codes), strict=True)
    ]


def review_json(row: PlannedRow) -> dict:
    return {
        "row": row.row,
        "full_name": row.full_name,
        "birth_date": row.birth_key,
        "title": list(row.codes),
        "candidates": [
            {"id": k.id, "full_name": k.full_name, "birth_date": k.birth or None, "unit": k.unit_name}
            for k in row.candidates
        ],
    }


def plan_json(plan: NominationPlan) -> dict:
    return {
        "batch": None,
        "items": [item for row in plan.items for item in items_json(row)],
        "review": [review_json(r) for r in plan.review],
        "unknown": [{"full_name": r.full_name, "birth_date": r.birth_key} for r in plan.unknown],
        "errors": [{"row": row, "message": message} for row, message in plan.errors],
    }


def _files(paths) -> list[BatchFile]:
    files = []
    for name in paths or ():
        path = Path(name)
        try:
            content = path.read_bytes()
        except OSError as exc:
            raise UserError(f"Không đọc được tệp kèm theo “{path.name}”: {exc.strerror or exc}.") from exc
        files.append(BatchFile(guess_attachment_kind(path.name), path.name, content))
    return files


def run_import_nominations(ctx: ServiceContext, args) -> int:
    out: dict = {"batch": None, "items": [], "review": [], "unknown": [], "errors": []}
    try:
        unit_id = find_unit(ctx, args.unit)
        if unit_id is None:
            raise UserError(f"Không có đơn vị “{args.unit}”. Hãy kiểm tra tên hoặc mã đơn vị.")
        files = _files(args.attach)
        sheet = read_roster(Path(args.file), args.sheet)
        plan = plan_nomination_import(
            ctx, args.year, unit_id, read_proposals(sheet, guess_mapping(sheet, NOMINATION_FIELDS), args.year)
        )
        out = plan_json(plan)
        if plan.refused:
            raise UserError(f"Danh sách có {int_text(len(plan.errors))} lỗi; không nhập dòng nào.")
        if not args.dry_run:
            out["batch"] = apply_nomination_import(ctx, plan, files, source=Path(args.file).name).batch_id
    except UserError as exc:
        if not out["errors"]:
            out["errors"] = [{"row": None, "message": str(exc)}]
        _report(args, out, str(exc))
        return REFUSED
    _report(args, out, None)
    return 0


def _report(args, out: dict, refusal: str | None) -> None:
    if args.json:
        print_json(out)
        if refusal:
            print(f"Lỗi: {refusal}", file=sys.stderr)
        return
    if refusal:
        print_refusal(refusal, out["errors"])
        return
    verb = "Sẽ tạo" if args.dry_run else f"Đã tạo hồ sơ số {out['batch']} với"
    print(f"{verb} {int_text(len(out['items']))} đề nghị.")
    for i in out["items"]:
        mark = "ĐỦ" if i["eligible"] else "CHƯA"
        print(f"  [{mark}] {i['full_name']} ({i['birth_date'] or 'tập thể'}): {i['title']}")
    if out["review"]:
        print(
            f"Cần xác nhận trong cửa sổ ({int_text(len(out['review']))} dòng, chưa ghi: tên không dấu hoặc "
            "trùng tên):"
        )
        for r in out["review"]:
            who = ", ".join(f"{k['full_name']} ({k['birth_date'] or '?'})" for k in r["candidates"])
            print(f"  dòng {r['row']}: {r['full_name']} – có thể là {who}")
    if out["unknown"]:
        print(f"Không tìm thấy ({int_text(len(out['unknown']))}, không tạo mới):")
        for u in out["unknown"]:
            print(f"  {u['full_name']} ({u['birth_date'] or 'không rõ ngày sinh'})")
