"""The agency that runs the program, its signers, users, parameters and the audit trail."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from database.enums import AgencyLevel, Certainty, RuleSet, SignAuthority
from database.models.base import Base, Timestamps, Versioned, enum_column, utcnow


class Agency(Versioned, Timestamps, Base):
    """The header on every document: cơ quan chủ quản, cơ quan ban hành, địa danh. One row."""

    __tablename__ = "agency"

    id: Mapped[int] = mapped_column(primary_key=True)
    parent_name: Mapped[str] = mapped_column(String(200))  # cơ quan chủ quản, e.g. UBND TỈNH THANH HÓA
    name: Mapped[str] = mapped_column(String(200))  # cơ quan ban hành, e.g. SỞ Y TẾ
    symbol: Mapped[str] = mapped_column(String(20))  # used in ký hiệu: QĐ-SYT
    place_name: Mapped[str] = mapped_column(String(100))  # địa danh on the date line
    address: Mapped[str | None] = mapped_column(String(300))
    phone: Mapped[str | None] = mapped_column(String(50))
    email: Mapped[str | None] = mapped_column(String(120))
    website: Mapped[str | None] = mapped_column(String(120))
    # The parent is a province or a centrally run city: every document's wording follows it
    # (app.domain.agency.LevelWording).
    level: Mapped[AgencyLevel] = enum_column(AgencyLevel, default=AgencyLevel.PROVINCE)


class Signer(Versioned, Timestamps, Base):
    """Người ký: the Director and deputies, with how they sign (KT., TM. ...)."""

    __tablename__ = "signer"

    id: Mapped[int] = mapped_column(primary_key=True)
    full_name: Mapped[str] = mapped_column(String(120))
    position_title: Mapped[str] = mapped_column(String(120))  # GIÁM ĐỐC, PHÓ GIÁM ĐỐC
    authority: Mapped[SignAuthority] = enum_column(SignAuthority, default=SignAuthority.OWN)
    authority_title: Mapped[str | None] = mapped_column(String(120))  # the head's title after KT.
    is_default: Mapped[bool] = mapped_column(Boolean, default=False)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)


class Account(Versioned, Timestamps, Base):
    """Tài khoản: who signs in. Never deleted (its history in the audit trail stays readable): deactivated.

    `username` is kept casefolded (sign-in ignores case); `roles` holds Role codes joined by commas;
    `password_hash` is an scrypt hash with its own salt and parameters (app.services.accounts). Times UTC."""

    __tablename__ = "account"
    version_by_hand = True  # a sign-in is not an edit: it must not make an administrator's form stale

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(60), unique=True)
    full_name: Mapped[str] = mapped_column(String(120))
    roles: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(200))
    password_changed_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    must_change: Mapped[bool] = mapped_column(Boolean, default=False)  # set by an administrator: change it
    failed_attempts: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[dt.datetime | None] = mapped_column(DateTime)
    last_sign_in_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class AuditEntry(Base):
    """One row per change: who, when, what, and the values before and after.

    `at` is UTC (naive); the window shows it in local time. Rows are append-only (triggers refuse UPDATE
    and DELETE) and hash-chained: `row_hash` is the SHA-256 of the row's content and `prev_hash`, the hash
    of the row before it (app.services.audit). Rows are written only through app.services.audit.append_rows,
    which takes their ids itself."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(String(60))
    action: Mapped[str] = mapped_column(String(20))  # create, update, delete, import ...
    entity: Mapped[str] = mapped_column(String(60))
    entity_id: Mapped[int | None] = mapped_column(Integer)
    summary: Mapped[str | None] = mapped_column(Text)
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    prev_hash: Mapped[str] = mapped_column(String(64))
    row_hash: Mapped[str] = mapped_column(String(64))

    __table_args__ = (Index("ix_audit_log_entity", "entity", "entity_id"),)


class Parameter(Base):
    """ThamSo: a dated rule parameter (thresholds, ratios) from a rule set, with its source."""

    __tablename__ = "parameter"

    id: Mapped[int] = mapped_column(primary_key=True)
    rule_set: Mapped[RuleSet] = enum_column(RuleSet)
    key: Mapped[str] = mapped_column(String(80))
    value: Mapped[Any] = mapped_column(JSON)
    effective_from: Mapped[dt.date] = mapped_column(Date)
    source: Mapped[str | None] = mapped_column(Text)
    certainty: Mapped[Certainty] = enum_column(Certainty, default=Certainty.UNVERIFIED)
    local: Mapped[bool] = mapped_column(Boolean, default=False)  # set by the office, not shipped data

    __table_args__ = (UniqueConstraint("rule_set", "key", "effective_from"),)


class BaseSalary(Base):
    """Mức lương cơ sở, by the date it took effect."""

    __tablename__ = "base_salary"

    id: Mapped[int] = mapped_column(primary_key=True)
    effective_from: Mapped[dt.date] = mapped_column(Date, unique=True)
    amount: Mapped[int] = mapped_column(BigInteger)
    legal_basis: Mapped[str | None] = mapped_column(Text)
    certainty: Mapped[Certainty] = enum_column(Certainty, default=Certainty.UNVERIFIED)


class AppSetting(Base):
    """Small facts the program keeps about itself, e.g. the fingerprint of the loaded catalogue."""

    __tablename__ = "app_setting"

    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    value: Mapped[str | None] = mapped_column(Text)
