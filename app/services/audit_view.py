"""The audit trail as an inspector reads it: filtered, newest first, page by page, in local time, each change
as a readable before/after, a record's whole history, and the filtered rows out to Excel.

    page = audit_page(ctx, AuditFilter(actor="thu-ky", day_from=dt.date(2026, 12, 1)))   # 200 newest rows
    more = audit_page(ctx, filter_, after_id=page.next_after)                            # the next 200
    entry = audit_entry(ctx, page.rows[0].id)      # with its before/after as DiffLines
    history = record_history(ctx, "person", 42)   # every row about person 42, oldest first
    export_audit_xlsx(ctx, filter_, path)         # streamed; itself an audit row

Reading the trail needs Permission.AUDIT (Quản trị, Lãnh đạo): every function here asks first, so a
viewer gets PermissionDenied (and the refusal is an audit row). The table may hold millions of rows: pages
are keyset pages over the primary key (`id < :after ORDER BY id DESC LIMIT n`), the time filter uses the
index on `at`, a record's history the index on (entity, entity_id); before/after (JSON, possibly large)
are read only for the one row shown. Times are stored UTC (naive) and shown in the machine's local time.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from app.domain.permissions import Permission
from app.exchange.xlsx_table import write_table_xlsx
from app.services.audit import local_text, verify_chain
from app.services.context import ServiceContext
from database.enums import LabelledEnum
from database.models import Account, AuditEntry, Base

PAGE_SIZE = 200
EXPORT_BATCH = 2000
SECRET_TEXT = "(bí mật, không hiển thị)"
EMPTY = "(trống)"
LONG_VALUE = 300  # a longer value is cut in the diff (a document's whole text, a long list of ids)

# Every table of the program, and the pseudo-records events are written against.
ENTITY_LABELS: Mapping[str, str] = {
    "agency": "Thông tin cơ quan",
    "signer": "Người ký",
    "account": "Tài khoản",
    "audit_log": "Nhật ký hệ thống",
    "parameter": "Tham số quy định",
    "base_salary": "Lương cơ sở",
    "app_setting": "Cài đặt",
    "outgoing_document": "Văn bản đi",
    "register_series": "Số tiếp theo của sổ văn bản đi",
    "incoming_document": "Văn bản đến",
    "incoming_link": "Liên kết văn bản đến",
    "unit": "Đơn vị",
    "unit_name": "Tên đơn vị (lịch sử)",
    "unit_event": "Sự kiện đơn vị",
    "unit_event_link": "Liên kết sự kiện đơn vị",
    "cluster": "Cụm/Khối thi đua",
    "cluster_member": "Thành viên cụm/khối",
    "outside_organisation": "Cơ quan ngoài ngành",
    "pledge": "Giao ước thi đua",
    "criterion": "Tiêu chí chấm điểm",
    "score": "Điểm chấm",
    "person": "Cán bộ",
    "posting": "Quá trình công tác",
    "rating": "Xếp loại",
    "discipline": "Kỷ luật",
    "campaign": "Phong trào thi đua",
    "phase": "Giai đoạn phong trào",
    "content_item": "Nội dung phong trào",
    "review_point": "Mốc sơ kết, tổng kết",
    "target": "Chỉ tiêu",
    "target_result": "Kết quả chỉ tiêu",
    "target_unit_value": "Mục tiêu riêng của đơn vị",
    "registration": "Đăng ký thi đua",
    "registration_item": "Dòng đăng ký thi đua",
    "initiative": "Sáng kiến",
    "initiative_author": "Tác giả sáng kiến",
    "decision": "Quyết định",
    "award": "Khen thưởng",
    "nomination_batch": "Đợt đề nghị",
    "nomination": "Đề nghị khen thưởng",
    "nomination_attachment": "Hồ sơ kèm đề nghị",
    "nomination_status_change": "Thay đổi trạng thái đề nghị",
    "council_member": "Thành viên hội đồng",
    "council_meeting": "Phiên họp hội đồng",
    "meeting_attendance": "Dự họp hội đồng",
    "ballot": "Phiếu bầu",
    "award_type": "Loại hình khen thưởng",
    "bonus_coefficient": "Hệ số tiền thưởng",
    # events
    "permission": "Phân quyền",
    "database": "Cơ sở dữ liệu",
    "package": "Gói dữ liệu",
    "history": "Lịch sử thi đua, khen thưởng",
    "demo": "Dữ liệu mẫu",
    "certificate": "Bằng khen, giấy khen",
}

ACTION_LABELS: Mapping[str, str] = {
    "create": "Thêm mới",
    "update": "Sửa",
    "delete": "Xóa",
    "import": "Nhập dữ liệu",
    "export": "Xuất dữ liệu",
    "print": "In văn bản",
    "move": "Điều chuyển",
    "sign_in": "Đăng nhập",
    "sign_in_failed": "Đăng nhập sai",
    "sign_out": "Đăng xuất",
    "lock_out": "Khóa tài khoản",
    "unlock": "Mở khóa cửa sổ",
    "password_change": "Đổi mật khẩu",
    "deny": "Bị từ chối quyền",
    "backup": "Sao lưu",
    "restore": "Khôi phục",
    "data_place": "Đổi nơi lưu dữ liệu",
    "verify": "Kiểm tra nhật ký",
}

# Column names → what the clerk calls them (the same name means the same thing in every table).
FIELD_LABELS: Mapping[str, str] = {
    "full_name": "Họ và tên",
    "birth_date": "Ngày sinh",
    "birth_year": "Năm sinh",
    "gender": "Giới tính",
    "ethnicity": "Dân tộc",
    "position": "Chức vụ",
    "position_title": "Chức danh",
    "professional_title": "Chức danh nghề nghiệp",
    "staff_code": "Mã cán bộ",
    "health_sector_since": "Vào ngành Y tế từ",
    "drafter_initials": "Người soạn (viết tắt)",
    "their_reference": "Số văn bản của nơi gửi",
    "target_level": "Cấp đề nghị",
    "periodicity": "Chu kỳ",
    "theme": "Chủ đề",
    # a campaign's plan (app.domain.campaigns.PlanTexts) and its review points
    "launcher": "Cơ quan phát động",
    "purpose": "Mục đích, yêu cầu",
    "scope": "Phạm vi, đối tượng",
    "content_intro": "Nội dung (mở đầu)",
    "rewards": "Khen thưởng",
    "organisation": "Tổ chức thực hiện",
    "closing": "Lời kêu gọi",
    "addressees": "Kính gửi",
    "copies_to": "Nơi nhận",
    "item_styles": "Cách đánh số nội dung",
    "held_on": "Ngày tổ chức",
    "form": "Hình thức",
    "for_individual": "Cho cá nhân",
    "for_collective": "Cho tập thể",
    "is_title": "Là danh hiệu",
    "is_default": "Mặc định",
    "share": "Tỷ lệ đóng góp",
    "phone": "Điện thoại",
    "email": "Thư điện tử",
    "address": "Địa chỉ",
    "website": "Trang thông tin",
    "unit_id": "Đơn vị",
    "parent_id": "Đơn vị cấp trên",
    "person_id": "Cán bộ",
    "name": "Tên",
    "short_name": "Tên viết tắt",
    "parent_name": "Cơ quan chủ quản",
    "place_name": "Địa danh",
    "done_on": "Ngày hoàn thành",
    "done_note": "Ghi nhận hoàn thành",
    "head_name": "Thủ trưởng",
    "kind": "Loại",
    "status": "Trạng thái",
    "status_reason": "Lý do trạng thái",
    "reason": "Lý do",
    "note": "Ghi chú",
    "year": "Năm",
    "comparison": "Kiểu chỉ tiêu",
    "measure": "Đơn vị tính",
    "value_min": "Giá trị nhỏ nhất",
    "value_max": "Giá trị lớn nhất",
    "target_year": "Năm mục tiêu",
    "tolerance": "Sai lệch cho phép",
    "verdict": "Đánh giá",
    "level": "Mức",
    "title": "Tiêu đề",
    "subject": "Trích yếu",
    "symbol": "Ký hiệu",
    "number": "Số",
    "number_text": "Số văn bản",
    "series": "Dãy số",
    "next_number": "Số tiếp theo",
    "origin": "Nguồn vào sổ",
    "received_number": "Số đến",
    "incoming_id": "Văn bản đến",
    "issuer": "Cơ quan ban hành",
    "number_symbol": "Số, ký hiệu",
    "set_by": "Người đặt",
    "set_at": "Thời điểm đặt",
    "issued_on": "Ngày ban hành",
    "signed_on": "Ngày ký",
    "decided_on": "Ngày quyết định",
    "signer_name": "Người ký",
    "signer_title": "Chức vụ người ký",
    "recipients": "Nơi nhận",
    "content": "Nội dung",
    "void_reason": "Lý do hủy số",
    "file_name": "Tệp đính kèm",
    "decision_id": "Quyết định",
    "decision_number": "Số quyết định",
    "decision_date": "Ngày quyết định",
    "decision_issuer": "Cấp quyết định",
    "award_type_id": "Hình thức khen thưởng",
    "proposed_award_type_id": "Hình thức đề nghị",
    "campaign_id": "Phong trào",
    "cluster_id": "Cụm/Khối",
    "registration_id": "Đăng ký",
    "initiative_id": "Sáng kiến",
    "document_id": "Văn bản",
    "batch_id": "Đợt đề nghị",
    "nomination_id": "Đề nghị",
    "meeting_id": "Phiên họp",
    "member_id": "Thành viên",
    "achievement": "Thành tích",
    "amount": "Số tiền",
    "bonus_amount": "Tiền thưởng",
    "bonus_note": "Ghi chú tiền thưởng",
    "revoked": "Đã thu hồi",
    "revoked_reason": "Lý do thu hồi",
    "start_date": "Từ ngày",
    "end_date": "Đến ngày",
    "effective_from": "Hiệu lực từ",
    "effective_to": "Hiệu lực đến",
    "valid_from": "Có giá trị từ",
    "valid_to": "Có giá trị đến",
    "period_from": "Từ kỳ",
    "period_to": "Đến kỳ",
    "established_on": "Ngày thành lập",
    "ended_on": "Ngày kết thúc",
    "left_on": "Ngày nghỉ",
    "event_date": "Ngày sự kiện",
    "received_on": "Ngày nhận",
    "held_at": "Thời gian họp",
    "location": "Địa điểm",
    "username": "Tên đăng nhập",
    "roles": "Vai trò",
    "role": "Vai trò",
    "active": "Đang dùng",
    "must_change": "Phải đổi mật khẩu",
    "password_hash": "Mật khẩu",
    "password_changed_at": "Lần đổi mật khẩu",
    "failed_attempts": "Số lần đăng nhập sai",
    "locked_until": "Khóa đến",
    "last_sign_in_at": "Lần đăng nhập cuối",
    "key": "Khóa cài đặt",
    "value": "Giá trị",
    "code": "Mã",
    "rank": "Thứ bậc",
    "category": "Nhóm",
    "authority": "Thẩm quyền",
    "legal_basis": "Căn cứ pháp lý",
    "source": "Nguồn",
    "votes_for": "Phiếu đồng ý",
    "votes_against": "Phiếu không đồng ý",
    "votes_invalid": "Phiếu không hợp lệ",
    "present": "Có mặt",
    "passed": "Đạt",
    "self_points": "Điểm tự chấm",
    "assessed_points": "Điểm thẩm định",
    "max_points": "Điểm tối đa",
    "created_at": "Tạo lúc",
    "updated_at": "Sửa lúc",
    # what events write in `after`
    "people": "Số người",
    "target": "Nơi lưu",
    "what": "Nội dung",
    "rows": "Số dòng",
    "encrypted": "Mã hóa bằng mật khẩu",
    "file": "Tệp",
    "pages": "Số trang",
    "copies": "Số bản",
    "backup": "Bản sao lưu",
    "person_ids": "Các cán bộ",
    "folder": "Thư mục",
    "size": "Kích thước (byte)",
    "sha256": "Mã băm SHA-256",
    "second_copy": "Bản sao thứ hai",
    "set_aside": "Dữ liệu cũ cất thành bản sao lưu",
    "backup_created": "Bản sao lưu tạo lúc",
    "backup_schema": "Phiên bản lược đồ",
    "counts": "Số bản ghi",
    "signed": "Đã ký bằng khóa cơ quan",
    "filter": "Bộ lọc",
    "added": "Thêm",
    "removed": "Bỏ",
    "changed": "Thay đổi",
    "updated": "Cập nhật",
    "conflicts": "Xung đột",
    "review": "Cần xem lại",
    "units_created": "Đơn vị tạo mới",
    "ratings": "Xếp loại",
    "initiatives": "Sáng kiến",
    "awards": "Khen thưởng",
    "from_unit_ids": "Từ đơn vị",
    "to_unit_id": "Sang đơn vị",
    "on": "Ngày",
    "permission": "Quyền",
}

_SECRET_KEYS = ("password", "secret", "private_key", "passphrase")


def entity_label(entity: str | None) -> str:
    return ENTITY_LABELS.get(entity or "", entity or "")


def action_label(action: str | None) -> str:
    return ACTION_LABELS.get(action or "", action or "")


def field_label(key: str) -> str:
    return FIELD_LABELS.get(key, key)


# --- times ---------------------------------------------------------------------------------------------


def utc_from_local_day(day: dt.date) -> dt.datetime:
    """The first moment of a local day, as the stored UTC (naive) time."""
    return dt.datetime.combine(day, dt.time()).astimezone().astimezone(dt.UTC).replace(tzinfo=None)


# --- filters and pages ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class AuditFilter:
    """What the inspector asks for; every field optional. Days are local calendar days, both included."""

    actor: str | None = None
    day_from: dt.date | None = None
    day_to: dt.date | None = None
    entity: str | None = None
    action: str | None = None
    entity_id: int | None = None

    def describe(self) -> dict[str, Any]:
        return {
            k: (v.isoformat() if isinstance(v, dt.date) else v)
            for k, v in vars(self).items()
            if v is not None
        }


@dataclass(frozen=True)
class AuditRow:
    id: int
    at: dt.datetime  # UTC, naive
    actor: str
    action: str
    entity: str
    entity_id: int | None
    summary: str

    @property
    def local_at(self) -> str:
        return local_text(self.at)

    @property
    def action_label(self) -> str:
        return action_label(self.action)

    @property
    def entity_label(self) -> str:
        return entity_label(self.entity)

    @property
    def record_text(self) -> str:
        return self.entity_label + (f" #{self.entity_id}" if self.entity_id is not None else "")


@dataclass(frozen=True)
class AuditPage:
    rows: list[AuditRow]
    next_after: int | None  # pass as after_id for the next (older) page; None: this was the last


@dataclass(frozen=True)
class DiffLine:
    key: str
    label: str
    old: str
    new: str

    @property
    def text(self) -> str:
        if self.old and self.new:
            return f"{self.label}: {self.old} → {self.new}"
        return f"{self.label}: {self.new or self.old}"


@dataclass(frozen=True)
class AuditDetail:
    row: AuditRow
    lines: list[DiffLine] = field(default_factory=list)
    prev_hash: str = ""
    row_hash: str = ""

    @property
    def diff_text(self) -> str:
        return "\n".join(line.text for line in self.lines)

    @property
    def text(self) -> str:
        """The row whole, as the detail pane shows it: who, when, what, then each change on its line."""
        r = self.row
        head = [
            f"Dòng số {r.id} – {r.local_at}",
            f"Người thực hiện: {r.actor}",
            f"Thao tác: {r.action_label}",
            f"Bản ghi: {r.record_text}",
        ]
        if r.summary:
            head.append(f"Nội dung: {r.summary}")
        body = self.diff_text
        return "\n".join(head) + ("\n\nChi tiết:\n" + body if body else "")


_LIST_COLUMNS = (
    AuditEntry.id,
    AuditEntry.at,
    AuditEntry.actor,
    AuditEntry.action,
    AuditEntry.entity,
    AuditEntry.entity_id,
    AuditEntry.summary,
)


def _require(ctx: ServiceContext) -> None:
    ctx.require(Permission.AUDIT, "xem nhật ký hệ thống")


def _where(query: Select, f: AuditFilter) -> Select:
    if f.actor:
        query = query.where(AuditEntry.actor == f.actor)
    if f.day_from is not None:
        query = query.where(AuditEntry.at >= utc_from_local_day(f.day_from))
    if f.day_to is not None:
        query = query.where(AuditEntry.at < utc_from_local_day(f.day_to + dt.timedelta(days=1)))
    if f.entity:
        query = query.where(AuditEntry.entity == f.entity)
    if f.entity_id is not None:
        query = query.where(AuditEntry.entity_id == f.entity_id)
    if f.action:
        query = query.where(AuditEntry.action == f.action)
    return query


def _row(r) -> AuditRow:
    return AuditRow(r.id, r.at, r.actor, r.action, r.entity, r.entity_id, r.summary or "")


def audit_page(
    ctx: ServiceContext, f: AuditFilter = AuditFilter(), after_id: int | None = None, size: int = PAGE_SIZE
) -> AuditPage:
    """The newest `size` rows matching `f`, older than `after_id` when given (the previous page's
    `next_after`)."""
    _require(ctx)
    query = _where(select(*_LIST_COLUMNS), f)
    if after_id is not None:
        query = query.where(AuditEntry.id < after_id)
    query = query.order_by(AuditEntry.id.desc()).limit(size + 1)
    with ctx.read() as s:
        rows = [_row(r) for r in s.execute(query)]
    more = len(rows) > size
    rows = rows[:size]
    return AuditPage(rows, rows[-1].id if more and rows else None)


def audit_actors(ctx: ServiceContext) -> list[str]:
    """The names to offer in the account filter: the accounts, then the program's own names."""
    _require(ctx)
    with ctx.read() as s:
        names = list(s.scalars(select(Account.username).order_by(Account.username)))
    return names + [n for n in ("system", "demo") if n not in names]


def audit_entry(ctx: ServiceContext, entry_id: int) -> AuditDetail | None:
    _require(ctx)
    with ctx.read() as s:
        entry = s.get(AuditEntry, entry_id)
        if entry is None:
            return None
        return _detail(entry)


def _detail(entry: AuditEntry) -> AuditDetail:
    row = AuditRow(
        entry.id, entry.at, entry.actor, entry.action, entry.entity, entry.entity_id, entry.summary or ""
    )
    return AuditDetail(
        row, diff_lines(entry.before, entry.after, entry.entity), entry.prev_hash, entry.row_hash
    )


def record_history(ctx: ServiceContext, entity: str, entity_id: int) -> list[AuditDetail]:
    """Every audit row about one record, oldest first, each with its diff."""
    _require(ctx)
    with ctx.read() as s:
        entries = s.scalars(
            select(AuditEntry)
            .where(AuditEntry.entity == entity, AuditEntry.entity_id == entity_id)
            .order_by(AuditEntry.id)
        ).all()
        return [_detail(e) for e in entries]


def check_chain(ctx: ServiceContext):
    """`verify_chain` for the page's "Kiểm tra nhật ký" (AUDIT only): app.services.audit.ChainReport."""
    _require(ctx)
    return verify_chain(ctx)


def chain_text(report) -> str:
    """What the page says of a ChainReport."""
    from app.text.numbers import int_text

    if report.ok:
        return f"Nhật ký nguyên vẹn: {int_text(report.rows)} dòng."
    b = report.broken
    if b.actor is None:  # rows cut from the end: nothing left to describe but where the cut begins
        return (
            f"Nhật ký đã bị can thiệp: {b.reason_text} (dòng số {b.id}). Các dòng trước nó "
            f"({int_text(report.rows)} dòng) vẫn nguyên vẹn; hãy báo người quản trị và so với bản sao lưu gần nhất."
        )
    return (
        f"Nhật ký đã bị can thiệp: dòng số {b.id} ({local_text(b.at) or 'không rõ thời gian'}, "
        f"người thực hiện “{b.actor}”, thao tác “{action_label(b.action)}” trên “{entity_label(b.entity)}”): "
        f"{b.reason_text}. Các dòng trước nó ({int_text(report.rows - 1)} dòng) vẫn nguyên vẹn; hãy báo "
        "người quản trị và so với bản sao lưu gần nhất."
    )


# --- before / after --------------------------------------------------------------------------------------


def _is_secret(key: str) -> bool:
    lowered = key.lower()
    return any(word in lowered for word in _SECRET_KEYS)


def value_text(value: Any) -> str:
    """A stored JSON value as the clerk reads it: dates dd/mm/yyyy, Có/Không, lists joined, long text cut."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, str):
        text = _date_text(value) or value
    elif isinstance(value, (list, tuple)):
        text = ", ".join(value_text(v) for v in value)
    elif isinstance(value, dict):
        text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    else:
        text = str(value)
    return text if len(text) <= LONG_VALUE else text[: LONG_VALUE - 1] + "…"


def _date_text(text: str) -> str | None:
    if len(text) == 10 and text[4] == "-" and text[7] == "-":
        try:
            return f"{dt.date.fromisoformat(text):%d/%m/%Y}"
        except ValueError:
            return None
    if len(text) >= 19 and text[4] == "-" and text[10] == "T":
        try:
            return f"{dt.datetime.fromisoformat(text):%d/%m/%Y %H:%M}"
        except ValueError:
            return None
    return None


@functools.cache
def _enum_labels() -> dict[tuple[str, str], dict[str, str]]:
    """(table, column) → {stored code: Vietnamese label} for every labelled enum column."""
    labels = {}
    for table in Base.metadata.tables.values():
        for column in table.columns:
            kind = getattr(column.type, "enum_class", None)
            if kind is not None and issubclass(kind, LabelledEnum):
                labels[(table.name, column.name)] = {m.value: m.label for m in kind}
    return labels


def diff_lines(
    before: Mapping[str, Any] | None, after: Mapping[str, Any] | None, entity: str | None = None
) -> list[DiffLine]:
    """One line per field that a change touched (old → new), or every field of a record created (new
    only) or deleted (old only); secrets masked whatever was stored; an enum's code as its label."""
    before, after = before or {}, after or {}
    coded = _enum_labels()
    lines = []
    for key in list(dict.fromkeys([*before, *after])):
        if key in ("id", "name_folded", "sort_key"):
            continue
        old, new = before.get(key), after.get(key)
        if key in before and key in after and old == new:
            continue
        if _is_secret(key):
            old_text = SECRET_TEXT if key in before and old is not None else ""
            new_text = SECRET_TEXT if key in after and new is not None else ""
        else:
            codes = coded.get((entity or "", key))
            if codes:  # a code column: its stored strings as their labels
                old, new = (codes.get(v, v) if isinstance(v, str) else v for v in (old, new))
            old_text, new_text = value_text(old), value_text(new)
        if key in before and key in after:
            old_text, new_text = old_text or EMPTY, new_text or EMPTY
        if old_text or new_text:
            lines.append(DiffLine(key, field_label(key), old_text, new_text))
    return lines


def diff_text(
    before: Mapping[str, Any] | None, after: Mapping[str, Any] | None, entity: str | None = None
) -> str:
    return "\n".join(line.text for line in diff_lines(before, after, entity))


# --- Excel -------------------------------------------------------------------------------------------------

EXPORT_HEADERS = (
    "Thời gian",
    "Người thực hiện",
    "Thao tác",
    "Loại bản ghi",
    "Mã bản ghi",
    "Nội dung",
    "Chi tiết",
)
EXPORT_WIDTHS = (20, 16, 16, 22, 10, 50, 70)


def _export_rows(s: Session, f: AuditFilter) -> Iterator[list[object]]:
    query = (
        _where(select(AuditEntry), f).order_by(AuditEntry.id.desc()).execution_options(yield_per=EXPORT_BATCH)
    )
    for entry in s.scalars(query):
        yield [
            local_text(entry.at),
            entry.actor,
            action_label(entry.action),
            entity_label(entry.entity),
            entry.entity_id,
            entry.summary or "",
            diff_text(entry.before, entry.after, entry.entity),
        ]
        s.expunge(entry)


def export_audit_xlsx(
    ctx: ServiceContext,
    f: AuditFilter,
    target: str | Path,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    shown_as: str | Path | None = None,
) -> int:
    """The rows matching `f`, newest first, to an .xlsx file (text that looks like a formula kept as text);
    returns the rows written. The export is an audit row of its own (who, which filter, how many, where:
    `shown_as` when the file is written under a temporary name first)."""
    _require(ctx)
    from sqlalchemy import func

    with ctx.read() as s:
        total = s.scalar(_where(select(func.count()).select_from(AuditEntry), f)) or 0
        written = write_table_xlsx(
            target,
            "Nhật ký",
            EXPORT_HEADERS,
            EXPORT_WIDTHS,
            _export_rows(s, f),
            total,
            title="NHẬT KÝ HỆ THỐNG",
            progress=progress,
            cancelled=cancelled,
        )
    where = shown_as or target
    ctx.log_event(
        "export",
        "audit_log",
        f"Xuất {written} dòng nhật ký hệ thống ra Excel: {where}",
        {"what": "Nhật ký hệ thống", "rows": written, "target": str(where), "filter": f.describe()},
    )
    return written
