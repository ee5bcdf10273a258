"""`python -m app catalogue update FILE [--dry-run] [--json]`, `catalogue updates [--json]` and
`catalogue undo-update ID [--json]`: law updates (Cập nhật quy định, app.services.catalogue_update).

The file's signature is always checked with the publisher's key the program ships; a file that does not
verify, does not match its manifest, is broken, older than or the same as the update in force is refused
with exit 2 and nothing is written.

JSON of `update`: {"update_id" (null on --dry-run), "applied", "digest", "publisher", "issued", "description",
"counts": {"ADDED", "CHANGED", "ENDED", "KEPT"}, "changes": [{"kind", "kind_label", "action" (ADDED, CHANGED,
ENDED, KEPT: the office's own row, left as it is), "action_label", "what", "effective" (YYYY-MM-DD), "detail",
"source", "certainty" (V, P, U)}]}. Of `updates`: a list of {"id", "publisher", "issued", "description",
"applied_at", "applied_by", "undone_at", "undone_by", "changes" (how many lines)}, newest first.
"""

from __future__ import annotations

from pathlib import Path

from app.commands import print_json
from app.services.catalogue_update import (
    ENDED,
    AppliedUpdate,
    UpdatePreview,
    applied_updates,
    apply_update,
    preview_update,
    undo_update,
)
from app.services.context import ServiceContext


def run_catalogue(ctx: ServiceContext, args) -> int:
    if args.action == "update":
        path = Path(args.file)
        result = preview_update(ctx, path) if args.dry_run else apply_update(ctx, path)
        print_json(result.as_json()) if args.json else print(describe_update(result))
    elif args.action == "updates":
        found = applied_updates(ctx)
        print_json([u.as_json() for u in found]) if args.json else print(describe_updates(found))
    else:
        undone = undo_update(ctx, args.id)
        if args.json:
            print_json(undone.as_json())
        else:
            print(
                f"Đã hoàn tác bản cập nhật số {undone.id} ({undone.description}); danh mục trở lại như trước."
            )
    return 0


def describe_update(result: UpdatePreview) -> str:
    head = "Đã áp dụng" if result.update_id is not None else "Chạy thử, chưa ghi gì"
    number = f" (bản số {result.update_id})" if result.update_id is not None else ""
    out = [
        f"{head}{number}: {result.description}",
        f"Nhà phát hành: {result.publisher}; ban hành ngày {result.issued:%d/%m/%Y}. Chữ ký hợp lệ.",
        result.summary(),
    ]
    for c in result.changes:
        day = f" từ {c.effective:%d/%m/%Y}" if c.effective and c.action != ENDED else ""
        tag = f" [{c.certainty.value}]" if c.certainty else ""
        source = f" — {c.source}{tag}" if c.source else tag
        out.append(f"  {c.action_text}: {c.kind_text} · {c.what}{day}: {c.detail}{source}")
    return "\n".join(out)


def describe_updates(found: list[AppliedUpdate]) -> str:
    if not found:
        return "Chưa áp dụng bản cập nhật quy định nào."
    out = []
    for u in found:
        state = "đang áp dụng" if u.in_force else f"đã hoàn tác ngày {u.undone_at:%d/%m/%Y} ({u.undone_by})"
        out.append(
            f"{u.id}. {u.description} — ban hành {u.issued:%d/%m/%Y}, áp dụng {u.applied_at:%d/%m/%Y} bởi "
            f"{u.applied_by}; {len(u.changes)} dòng; {state}"
        )
    return "\n".join(out)
