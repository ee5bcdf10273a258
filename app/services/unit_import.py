"""Importing the list of units (bệnh viện, trung tâm, trạm y tế … with their khoa, phòng) from Excel.

    plan = plan_unit_import(ctx, read_unit_list(path))     # what would be added, skipped, refused
    apply_unit_import(ctx, read_unit_list(path))           # one transaction, planned again inside it

Each row names its parent ("Trực thuộc") by name or code: another row of the file (before or after it) or
a unit already in the database; an empty parent is the root of the tree (the Sở Y tế). A unit already in the
database (the same code, or the same name under the same parent) is skipped and listed, never made twice.
A row that cannot be placed (blank name, unknown kind, parent not found or ambiguous, a cycle, a row given
twice, a field the unit form would refuse) refuses the whole file: nothing is written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.domain.permissions import Permission, use_case
from app.errors import ValidationError
from app.exchange.unit_list import UnitList, UnitRow, read_unit_list
from app.services.context import ServiceContext
from app.services.units import UnitData, add_unit, check_unit_data, unit_kind_named
from app.text import fold
from app.text.numbers import int_text
from database.enums import UnitKind, UnitStatus
from database.models import Unit

ADD, SKIP = "add", "skip"
ACTIONS = {ADD: "Thêm mới", SKIP: "Đã có (bỏ qua)"}
ROOT_NOTE = "đơn vị gốc của cây (đã có)"


@dataclass(frozen=True)
class RowError:
    row: int  # Excel row (0: the file as a whole)
    message: str

    def text(self) -> str:
        return f"Dòng {self.row}: {self.message}" if self.row else self.message


@dataclass(frozen=True)
class PlannedUnit:
    row: int
    name: str
    code: str | None
    kind: UnitKind
    parent: str  # the parent's name, as the clerk will read it
    action: str  # ADD or SKIP
    note: str = ""  # why skipped: which unit of the database it is
    existing_id: int | None = None


@dataclass
class UnitImportPlan:
    file_name: str
    units: list[PlannedUnit] = field(default_factory=list)  # in the file's order
    errors: list[RowError] = field(default_factory=list)

    @property
    def added(self) -> list[PlannedUnit]:
        return [u for u in self.units if u.action == ADD]

    @property
    def skipped(self) -> list[PlannedUnit]:
        return [u for u in self.units if u.action == SKIP]

    def summary(self) -> str:
        return (
            f"{int_text(len(self.added))} đơn vị mới, {int_text(len(self.skipped))} đơn vị đã có (bỏ qua)"
            + (f", {int_text(len(self.errors))} dòng lỗi" if self.errors else "")
        )


class UnitImportRefused(ValidationError):
    def __init__(self, plan: UnitImportPlan):
        self.plan = plan
        lines = "\n".join(e.text() for e in plan.errors[:10])
        more = f"\n… và {int_text(len(plan.errors) - 10)} lỗi khác." if len(plan.errors) > 10 else ""
        super().__init__(f"Không nhập được danh sách đơn vị; chưa ghi gì vào cơ sở dữ liệu.\n{lines}{more}")


@dataclass
class _Row:
    source: UnitRow
    data: UnitData
    parent_row: _Row | None = None  # a parent of the file
    parent_id: int | None = None  # a parent of the database
    existing: tuple[int, str] | None = None  # (id, how it is known) when the unit is there already
    bad: bool = False


class _Planner:
    def __init__(self, s: Session, units: UnitList):
        self.s, self.list = s, units
        self.plan = UnitImportPlan(units.file_name)
        self.rows: list[_Row] = []
        self.root = s.execute(
            select(Unit.id, Unit.name).where(Unit.parent_id.is_(None), Unit.kind == UnitKind.DEPARTMENT)
        ).first()

    def refuse(self, row: _Row | None, message: str) -> None:
        self.plan.errors.append(RowError(row.source.row if row else 0, message))
        if row is not None:
            row.bad = True

    def run(self) -> UnitImportPlan:
        if self.root is None:
            self.refuse(
                None, "Cơ sở dữ liệu chưa có đơn vị gốc (Sở Y tế); hãy hoàn tất bước thiết lập ban đầu."
            )
            return self.plan
        if not self.list.rows:
            self.refuse(None, f"Tệp “{self.list.file_name}” không có dòng đơn vị nào dưới dòng tiêu đề.")
            return self.plan
        self.rows = rows = [r for r in (self._row(source) for source in self.list.rows) if r is not None]
        self._no_code_twice(rows)
        for row in rows:
            if not row.bad:
                self._parent(row, rows)
        self._no_name_twice(rows)
        for row in rows:
            if not row.bad:
                self._no_cycle(row)
        for row in rows:
            self._existing(row)
        for row in rows:
            if not row.bad and row.existing is None:
                self._check(row)
        if self.plan.errors:
            self.plan.errors.sort(key=lambda e: e.row)  # in the file's order, as the clerk corrects them
            self.plan.units = []
        else:
            self.plan.units = sorted([*self.plan.units, *map(self._planned, rows)], key=lambda u: u.row)
        return self.plan

    def _row(self, source: UnitRow) -> _Row | None:
        if source.problem:
            self.plan.errors.append(RowError(source.row, source.problem))
            return None
        if not source.name:
            self.plan.errors.append(RowError(source.row, "Thiếu tên đơn vị."))
            return None
        if self._names_root(source.name) and not source.parent:  # the Sở itself, listed at the top
            self.plan.units.append(
                PlannedUnit(
                    source.row,
                    source.name,
                    source.code,
                    UnitKind.DEPARTMENT,
                    "",
                    SKIP,
                    ROOT_NOTE,
                    self.root.id,
                )
            )
            return None
        kind = unit_kind_named(source.kind) if source.kind else unit_kind_named(source.name) or UnitKind.OTHER
        if kind is None:
            labels = ", ".join(k.label for k in UnitKind if k is not UnitKind.DEPARTMENT)
            self.plan.errors.append(
                RowError(source.row, f"Không rõ loại đơn vị “{source.kind}”; hãy ghi một trong: {labels}.")
            )
            return None
        if kind is UnitKind.DEPARTMENT:
            self.plan.errors.append(
                RowError(
                    source.row, f"“{source.name}”: chỉ đơn vị gốc của cây mới là Sở Y tế; hãy ghi loại khác."
                )
            )
            return None
        data = UnitData(
            name=source.name, kind=kind, code=source.code, address=source.address, phone=source.phone
        )
        return _Row(source, data)

    def _no_code_twice(self, rows: list[_Row]) -> None:
        seen: dict[str, _Row] = {}
        for row in rows:
            if row.source.code:
                first = seen.setdefault(row.source.code.lower(), row)
                if first is not row:
                    self.refuse(row, f"Mã đơn vị “{row.source.code}” đã có ở dòng {first.source.row}.")

    def _no_name_twice(self, rows: list[_Row]) -> None:
        """Two rows of one name under one parent (however the parent is written)."""
        seen: dict[tuple, _Row] = {}
        for row in rows:
            if row.bad:
                continue
            under = ("file", id(row.parent_row)) if row.parent_row is not None else ("db", row.parent_id)
            first = seen.setdefault((fold(row.source.name), under), row)
            if first is not row:
                self.refuse(
                    row,
                    f"“{row.source.name}” trùng với dòng {first.source.row} (cùng tên, cùng đơn vị cấp trên).",
                )

    def _names_root(self, text: str) -> bool:
        """The root's own name, or a name or kind word that is the Sở ("Sở Y tế")."""
        return fold(text) == fold(self.root.name) or unit_kind_named(text) is UnitKind.DEPARTMENT

    def _parent(self, row: _Row, rows: list[_Row]) -> None:
        text = row.source.parent
        if not text or self._names_root(text):
            row.parent_id = self.root.id
            return
        in_file = [r for r in rows if r.source.code and r.source.code.lower() == text.lower()] or [
            r for r in rows if fold(r.source.name) == fold(text)
        ]
        if len(in_file) > 1:
            lines = ", ".join(str(r.source.row) for r in in_file)
            self.refuse(row, f"Đơn vị cấp trên “{text}” có ở nhiều dòng ({lines}); hãy ghi mã đơn vị.")
            return
        if in_file:
            if in_file[0] is row:
                self.refuse(row, f"“{row.source.name}” không thể trực thuộc chính nó.")
            else:
                row.parent_row = in_file[0]
            return
        by_code = self.s.scalar(select(Unit.id).where(func.lower(Unit.code) == text.lower()))
        found = (
            [by_code]
            if by_code
            else self.s.scalars(
                select(Unit.id).where(Unit.name_folded == fold(text), Unit.status == UnitStatus.ACTIVE)
            ).all()
        )
        if len(found) > 1:
            self.refuse(row, f"Có {int_text(len(found))} đơn vị tên “{text}”; hãy ghi mã đơn vị cấp trên.")
        elif not found:
            self.refuse(row, f"Không tìm thấy đơn vị cấp trên “{text}” (trong tệp và trong cơ sở dữ liệu).")
        else:
            row.parent_id = found[0]

    def _no_cycle(self, row: _Row) -> None:
        seen, up = {id(row)}, row.parent_row
        while up is not None:
            if id(up) in seen:
                self.refuse(
                    row, f"“{row.source.name}” nằm trong một vòng trực thuộc (đơn vị cấp trên lại thuộc nó)."
                )
                return
            seen.add(id(up))
            up = up.parent_row

    def _existing(self, row: _Row, depth: int = 0) -> None:
        """Whether the unit is there already: by its code, or by its name under its parent (once the
        parent itself is known to be there)."""
        if row.bad or row.existing is not None or depth > len(self.list.rows):
            return
        src = row.source
        if src.code:
            hit = self.s.execute(
                select(Unit.id, Unit.name).where(func.lower(Unit.code) == src.code.lower())
            ).first()
            if hit:
                row.existing = (hit.id, f"đã có mã “{src.code}” ({hit.name})")
                return
        parent_id = row.parent_id
        if row.parent_row is not None:
            self._existing(row.parent_row, depth + 1)
            parent_id = row.parent_row.existing[0] if row.parent_row.existing else None
        if parent_id is None:
            return
        hit = self.s.scalar(
            select(Unit.id).where(
                Unit.parent_id == parent_id,
                Unit.name_folded == fold(src.name),
                Unit.status == UnitStatus.ACTIVE,
            )
        )
        if hit:
            row.existing = (hit, "đã có cùng tên, cùng đơn vị cấp trên")

    def _check(self, row: _Row) -> None:
        parent_id = row.parent_id
        if row.parent_row is not None:
            parent_id = row.parent_row.existing[0] if row.parent_row.existing else -1  # -1: a new parent
        try:
            check_unit_data(self.s, row.data, parent_id)
        except ValidationError as exc:
            self.refuse(row, str(exc))

    def _parent_name(self, row: _Row) -> str:
        if row.parent_row is not None:
            return row.parent_row.source.name
        return self.s.get(Unit, row.parent_id).name

    def _planned(self, row: _Row) -> PlannedUnit:
        return PlannedUnit(
            row=row.source.row,
            name=row.data.name,
            code=row.data.code,
            kind=row.data.kind,
            parent=self._parent_name(row),
            action=SKIP if row.existing else ADD,
            note=row.existing[1] if row.existing else "",
            existing_id=row.existing[0] if row.existing else None,
        )

    def write(self) -> None:
        """Adds the planned units, parents first (the plan has no error)."""
        ids: dict[int, int] = {}

        def place(row: _Row) -> int:
            if row.existing:
                return row.existing[0]
            if id(row) not in ids:
                parent_id = place(row.parent_row) if row.parent_row is not None else row.parent_id
                ids[id(row)] = add_unit(self.s, parent_id, row.data).id
            return ids[id(row)]

        for row in self.rows:
            place(row)


def plan_unit_import(ctx: ServiceContext, units: UnitList) -> UnitImportPlan:
    """What apply_unit_import would do, read only."""
    with ctx.read() as s:
        return _Planner(s, units).run()


@use_case(Permission.DESK, "nhập danh sách đơn vị từ Excel")
def apply_unit_import(ctx: ServiceContext, units: UnitList) -> UnitImportPlan:
    """The list planned again and written in one transaction; UnitImportRefused (nothing written) when any
    row is refused."""
    with ctx.write(f"Nhập danh sách đơn vị từ {units.file_name}") as s:
        planner = _Planner(s, units)
        plan = planner.run()
        if plan.errors:
            raise UnitImportRefused(plan)
        planner.write()
    ctx.log_event(
        "import",
        "unit",
        f"Nhập danh sách đơn vị từ {units.file_name}: {plan.summary()}",
        {"added": [u.name for u in plan.added], "skipped": [u.name for u in plan.skipped]},
    )
    return plan


def check_unit_file(ctx: ServiceContext, path: str | Path) -> UnitImportPlan:
    """The file read and planned: what "Nhập" will do, or its refused rows. Writes nothing."""
    return plan_unit_import(ctx, read_unit_list(path))


def import_unit_file(ctx: ServiceContext, path: str | Path) -> UnitImportPlan:
    """The file read again and imported in one transaction (UnitImportRefused: nothing written)."""
    return apply_unit_import(ctx, read_unit_list(path))
