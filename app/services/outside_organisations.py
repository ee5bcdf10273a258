"""Cơ quan ngoài ngành: the organisations outside the Sở that sit in a block with it (another department, a
city agency), each with its head and the person who signs the pledge for it.

    list_outside_organisations(ctx)                    # by name
    save_outside_organisation(ctx, data, expected_version)  # new (data.id None) or edited; returns the id
    delete_outside_organisation(ctx, org_id)           # refused while a block holds it
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from app.domain.permissions import Permission, use_case
from app.errors import ValidationError
from app.services.context import ServiceContext, clean_input
from app.services.versions import check_version
from app.text import vietnamese_key
from database.models import Cluster, ClusterMember, OutsideOrganisation


@dataclass(frozen=True)
class OutsideOrganisationData:
    name: str
    short_name: str | None = None
    head_name: str | None = None
    head_title: str | None = None  # Giám đốc
    signer_name: str | None = None  # who signs for it, when not the head (a deputy in charge)
    signer_title: str | None = None  # Phó Giám đốc phụ trách
    note: str | None = None
    id: int | None = None
    version: int | None = None  # as read: handed back by the form

    @property
    def signs(self) -> tuple[str | None, str | None]:
        """(title, name) of the person who signs for it: the signer named, else the head."""
        if self.signer_name:
            return self.signer_title or self.head_title, self.signer_name
        return self.head_title, self.head_name


FIELDS = ("name", "short_name", "head_name", "head_title", "signer_name", "signer_title", "note")
LIMITS = {
    "name": 250,
    "short_name": 120,
    "head_name": 120,
    "head_title": 120,
    "signer_name": 120,
    "signer_title": 120,
}


def outside_data(row: OutsideOrganisation) -> OutsideOrganisationData:
    return OutsideOrganisationData(*(getattr(row, f) for f in FIELDS), id=row.id, version=row.version)


def list_outside_organisations(ctx: ServiceContext) -> list[OutsideOrganisationData]:
    with ctx.read() as s:
        rows = [outside_data(r) for r in s.scalars(select(OutsideOrganisation))]
    return sorted(rows, key=lambda r: (vietnamese_key(r.name), r.id))


@use_case(Permission.DESK)
def save_outside_organisation(
    ctx: ServiceContext, data: OutsideOrganisationData, expected_version: int | None = None
) -> int:
    data = clean_input(data)
    if not data.name:
        raise ValidationError("Cần nhập tên cơ quan.")
    for name, limit in LIMITS.items():
        if len(getattr(data, name) or "") > limit:
            raise ValidationError(f"“{getattr(data, name)[:60]}…” dài quá {limit} ký tự.")
    with ctx.write(f"{'Thêm' if data.id is None else 'Sửa'} cơ quan ngoài ngành {data.name}") as s:
        # Compared here, not in SQL: SQLite's lower() leaves Vietnamese capitals as they are.
        others = s.execute(
            select(OutsideOrganisation.name).where(OutsideOrganisation.id != (data.id or 0))
        ).scalars()
        if any(name.casefold() == data.name.casefold() for name in others):
            raise ValidationError(f"Danh sách đã có “{data.name}”.")
        if data.id is None:
            row = OutsideOrganisation()
            s.add(row)
        else:
            row = s.get(OutsideOrganisation, data.id)
            if row is None:
                raise ValidationError("Không tìm thấy cơ quan này (có thể người khác vừa xóa). Hãy làm mới.")
            check_version(s, row, expected_version)
        for f in FIELDS:
            setattr(row, f, getattr(data, f) or (data.name if f == "name" else None))
        s.flush()
        return row.id


@use_case(Permission.DESK)
def delete_outside_organisation(ctx: ServiceContext, org_id: int) -> None:
    with ctx.write("Xóa cơ quan ngoài ngành") as s:
        row = s.get(OutsideOrganisation, org_id)
        if row is None:
            return
        blocks = list(
            s.execute(
                select(Cluster.name, Cluster.year)
                .join(ClusterMember, ClusterMember.cluster_id == Cluster.id)
                .where(ClusterMember.outside_id == org_id)
                .order_by(Cluster.year.desc())
            )
        )
        if blocks:
            held = ", ".join(f"{name} năm {year}" for name, year in blocks[:3])
            raise ValidationError(
                f"“{row.name}” đang là thành viên của {held}; hãy bỏ khỏi khối trước khi xóa."
            )
        s.delete(row)
