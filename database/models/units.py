"""Units as a tree with their history; clusters and blocks with pledges and scores."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
    false,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from database.enums import (
    ClusterKind,
    ClusterRole,
    ClusterRotation,
    EventRole,
    UnitEventKind,
    UnitKind,
    UnitStatus,
)
from database.models.base import Base, StableId, Timestamps, Versioned, enum_column


class Unit(Versioned, Timestamps, StableId, Base):
    __tablename__ = "unit"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str | None] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(250))
    short_name: Mapped[str | None] = mapped_column(String(120))
    name_folded: Mapped[str] = mapped_column(String(250), index=True)
    kind: Mapped[UnitKind] = enum_column(UnitKind)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"), index=True)
    status: Mapped[UnitStatus] = enum_column(UnitStatus, default=UnitStatus.ACTIVE)
    address: Mapped[str | None] = mapped_column(String(300))
    phone: Mapped[str | None] = mapped_column(String(50))
    email: Mapped[str | None] = mapped_column(String(120))
    head_name: Mapped[str | None] = mapped_column(String(120))
    established_on: Mapped[dt.date | None] = mapped_column(Date)
    ended_on: Mapped[dt.date | None] = mapped_column(Date)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    note: Mapped[str | None] = mapped_column(Text)

    parent: Mapped[Unit | None] = relationship(remote_side=[id], back_populates="children")
    children: Mapped[list[Unit]] = relationship(back_populates="parent")
    names: Mapped[list[UnitName]] = relationship(back_populates="unit", order_by="UnitName.valid_from")

    __table_args__ = (
        CheckConstraint("parent_id IS NULL OR parent_id <> id", name="not_own_parent"),
        CheckConstraint(
            "ended_on IS NULL OR established_on IS NULL OR ended_on >= established_on", name="dates"
        ),
    )


class UnitName(StableId, Base):
    """Earlier names of a unit (renames); the current one is Unit.name."""

    __tablename__ = "unit_name"

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), index=True)
    name: Mapped[str] = mapped_column(String(250))
    valid_from: Mapped[dt.date | None] = mapped_column(Date)
    valid_to: Mapped[dt.date | None] = mapped_column(Date)
    event_id: Mapped[int | None] = mapped_column(ForeignKey("unit_event.id"))

    unit: Mapped[Unit] = relationship(back_populates="names")

    __table_args__ = (
        CheckConstraint("valid_to IS NULL OR valid_from IS NULL OR valid_to >= valid_from", name="dates"),
    )


class UnitEvent(Timestamps, Base):
    """A rename, merge, split, dissolution ...; links say which units came before and after."""

    __tablename__ = "unit_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[UnitEventKind] = enum_column(UnitEventKind)
    event_date: Mapped[dt.date] = mapped_column(Date)
    decision_ref: Mapped[str | None] = mapped_column(String(200))
    note: Mapped[str | None] = mapped_column(Text)

    links: Mapped[list[UnitEventLink]] = relationship(back_populates="event", cascade="all, delete-orphan")


class UnitEventLink(Base):
    __tablename__ = "unit_event_link"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("unit_event.id"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), index=True)
    role: Mapped[EventRole] = enum_column(EventRole)
    # The record (titles, ratings) that goes on: on a merge, the predecessor whose record the successor
    # continues; on a split, the successor that continues the predecessor's. The clerk says which; none
    # is marked when each unit starts afresh.
    continues_record: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())

    event: Mapped[UnitEvent] = relationship(back_populates="links")

    __table_args__ = (UniqueConstraint("event_id", "unit_id", "role"),)


class Cluster(Versioned, Timestamps, Base):
    """Cụm / khối thi đua for one year."""

    __tablename__ = "cluster"

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(SmallInteger, index=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[ClusterKind] = enum_column(ClusterKind)
    note: Mapped[str | None] = mapped_column(Text)
    # The rule its quy chế gives for next year's leader and deputy; the clerk chooses either way.
    rotation: Mapped[ClusterRotation] = enum_column(
        ClusterRotation, default=ClusterRotation.NONE, server_default=ClusterRotation.NONE.value
    )

    members: Mapped[list[ClusterMember]] = relationship(
        back_populates="cluster", cascade="all, delete-orphan", order_by="ClusterMember.sort_order"
    )

    __table_args__ = (
        UniqueConstraint("year", "name"),
        CheckConstraint("year BETWEEN 1945 AND 2200", name="year"),
    )


class OutsideOrganisation(Versioned, Timestamps, Base):
    """An organisation outside the Sở that sits in a cluster with it: another department, a city agency.
    Its head signs the pledge for it, or the person it names (a deputy in charge)."""

    __tablename__ = "outside_organisation"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(250), unique=True)
    short_name: Mapped[str | None] = mapped_column(String(120))
    head_name: Mapped[str | None] = mapped_column(String(120))
    head_title: Mapped[str | None] = mapped_column(String(120))
    signer_name: Mapped[str | None] = mapped_column(String(120))
    signer_title: Mapped[str | None] = mapped_column(String(120))
    note: Mapped[str | None] = mapped_column(Text)


class ClusterMember(Base):
    """One member of a cluster: a unit of the Sở, an outside organisation, or the Sở itself (is_agency);
    exactly one of the three. `sort_order` is the members' order (the rotation follows it)."""

    __tablename__ = "cluster_member"

    id: Mapped[int] = mapped_column(primary_key=True)
    cluster_id: Mapped[int] = mapped_column(ForeignKey("cluster.id"), index=True)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"), index=True)
    outside_id: Mapped[int | None] = mapped_column(ForeignKey("outside_organisation.id"), index=True)
    is_agency: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    sort_order: Mapped[int] = mapped_column(Integer, default=0, server_default=text("0"))
    role: Mapped[ClusterRole] = enum_column(ClusterRole, default=ClusterRole.MEMBER)
    # Set by the year-end meeting (suy tôn): the award the cluster proposes for this member.
    proposed_award_type_id: Mapped[int | None] = mapped_column(ForeignKey("award_type.id"))

    cluster: Mapped[Cluster] = relationship(back_populates="members")

    __table_args__ = (
        UniqueConstraint("cluster_id", "unit_id"),
        UniqueConstraint("cluster_id", "outside_id"),
        CheckConstraint(
            "(CASE WHEN unit_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN outside_id IS NULL THEN 0 ELSE 1 END)"
            " + (CASE WHEN is_agency THEN 1 ELSE 0 END) = 1",
            name="one_kind",
        ),
        # The Sở is in a cluster once at most.
        Index(
            "uq_cluster_member_agency",
            "cluster_id",
            unique=True,
            sqlite_where=text("is_agency"),
            postgresql_where=text("is_agency"),
        ),
        # One leader per cluster, at most.
        Index(
            "uq_cluster_member_leader",
            "cluster_id",
            unique=True,
            sqlite_where=text("role = 'LEADER'"),
            postgresql_where=text("role = 'LEADER'"),
        ),
    )


class Pledge(Versioned, Timestamps, Base):
    """Giao ước thi đua signed by a cluster's members."""

    __tablename__ = "pledge"

    id: Mapped[int] = mapped_column(primary_key=True)
    cluster_id: Mapped[int] = mapped_column(ForeignKey("cluster.id"), index=True)
    signed_on: Mapped[dt.date | None] = mapped_column(Date)
    content: Mapped[str | None] = mapped_column(Text)
    document_id: Mapped[int | None] = mapped_column(ForeignKey("outgoing_document.id"))


class Criterion(Base):
    """One line of a cluster's score sheet, in a group, with its maximum points; a penalty line (điểm trừ)
    has negative ones ("−5": from −5 to 0, subtracted from the total)."""

    __tablename__ = "criterion"

    id: Mapped[int] = mapped_column(primary_key=True)
    cluster_id: Mapped[int] = mapped_column(ForeignKey("cluster.id"), index=True)
    group_name: Mapped[str] = mapped_column(String(250))
    code: Mapped[str | None] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(Text)
    max_points: Mapped[float] = mapped_column(Numeric(8, 2))
    sort_order: Mapped[int] = mapped_column(Integer, default=0)

    __table_args__ = (CheckConstraint("max_points <> 0", name="max_points"),)


class Score(Base):
    """A member's points on a criterion: within 0 and the criterion's maximum (negative on a penalty line)."""

    __tablename__ = "score"

    id: Mapped[int] = mapped_column(primary_key=True)
    criterion_id: Mapped[int] = mapped_column(ForeignKey("criterion.id"), index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("cluster_member.id"), index=True)
    self_points: Mapped[float | None] = mapped_column(Numeric(8, 2))
    assessed_points: Mapped[float | None] = mapped_column(Numeric(8, 2))

    __table_args__ = (UniqueConstraint("criterion_id", "member_id"),)
