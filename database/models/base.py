"""Declarative base shared by every model: naming convention, enum columns, common mixins."""

from __future__ import annotations

import datetime as dt
import enum
from typing import ClassVar

from sqlalchemy import (
    CheckConstraint,
    DateTime,
    Enum,
    FetchedValue,
    ForeignKey,
    Integer,
    MetaData,
    String,
    func,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column

# Named constraints let Alembic alter them on SQLite (batch mode) and PostgreSQL alike.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def enum_column(enum_cls: type[enum.Enum], check_name: str | None = None, **kw) -> Mapped:
    """A portable enum column: stored as its code in VARCHAR with a CHECK constraint.

    `check_name` tells two columns of the same enum in one table apart.
    """
    return mapped_column(
        Enum(
            enum_cls,
            native_enum=False,
            create_constraint=True,
            length=32,
            values_callable=lambda e: [m.value for m in e],
            validate_strings=True,
            name=check_name or enum_cls.__name__.lower(),
        ),
        **kw,
    )


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class StableId:
    """A stable identifier the record keeps for life and carries in USB packages, so that a merge joins
    records because they are the same record, never because they look alike.

    The database fills it in (migration 0005 sets the column's default), so every way of inserting gets
    one, INSERT ... SELECT included; a Python default would give a whole INSERT ... SELECT one value.
    """

    uid: Mapped[str] = mapped_column(String(32), server_default=FetchedValue(), index=True, unique=True)


class Versioned:
    """A record a form edits: `version` counts its saves, and every ORM UPDATE (or DELETE) checks it
    atomically (UPDATE ... WHERE id = ? AND version = ?), so a clerk saving over a change made meanwhile by
    another clerk is refused (StaleDataError, shown as app.refusals.StaleRecord) instead of overwriting it."""

    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1, server_default=text("1"))
    # True: only the use cases that edit what a form shows move the version (app.services.versions.bump),
    # other writes (an account's sign-in counts) are still checked against it but leave it as it is.
    version_by_hand: ClassVar[bool] = False

    @declared_attr.directive
    def __mapper_args__(cls) -> dict:
        args = {"version_id_col": cls.__table__.c.version}
        if cls.version_by_hand:
            args["version_id_generator"] = False
        return args


class Timestamps:
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, server_default=func.now())
    updated_at: Mapped[dt.datetime] = mapped_column(
        DateTime, default=utcnow, onupdate=utcnow, server_default=func.now()
    )


class Subject:
    """A record about either one person or one unit, never both (ratings, awards, nominations ...)."""

    @declared_attr
    def person_id(cls) -> Mapped[int | None]:
        return mapped_column(Integer, ForeignKey("person.id"), index=True)

    @declared_attr
    def unit_id(cls) -> Mapped[int | None]:
        return mapped_column(Integer, ForeignKey("unit.id"), index=True)

    @classmethod
    def subject_check(cls) -> CheckConstraint:
        return CheckConstraint("(person_id IS NULL) <> (unit_id IS NULL)", name="one_subject")
