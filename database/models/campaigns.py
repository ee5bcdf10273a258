"""Campaigns with phases and content items (their targets: database.models.targets); registrations;
initiatives."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sqlalchemy import (
    CheckConstraint,
    Date,
    ForeignKey,
    Integer,
    Numeric,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from database.enums import (
    CampaignKind,
    InitiativeKind,
    InitiativeLevel,
    Launcher,
    RegistrationKind,
    RegistrationStatus,
    ReviewKind,
)
from database.models.base import Base, StableId, Timestamps, Versioned, enum_column

if TYPE_CHECKING:
    from database.models.targets import Target


class Campaign(Versioned, Timestamps, Base):
    """Phong trào thi đua."""

    __tablename__ = "campaign"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(400))
    theme: Mapped[str | None] = mapped_column(Text)  # chủ đề / khẩu hiệu
    kind: Mapped[CampaignKind] = enum_column(CampaignKind)
    launcher: Mapped[Launcher] = enum_column(Launcher, default=Launcher.DEPARTMENT)
    start_date: Mapped[dt.date | None] = mapped_column(Date)
    end_date: Mapped[dt.date | None] = mapped_column(Date)
    legal_basis: Mapped[str | None] = mapped_column(Text)
    rule_set_date: Mapped[dt.date | None] = mapped_column(Date)  # rules in force for this campaign
    launch_document_id: Mapped[int | None] = mapped_column(ForeignKey("outgoing_document.id"))
    note: Mapped[str | None] = mapped_column(Text)
    # The plan's own sections, printed as the office wrote them (app.domain.campaigns.PlanTexts); one
    # paragraph a line. Empty: the section is left out, or (organisation, closing, addressees, copies_to)
    # the program's default text.
    purpose: Mapped[str | None] = mapped_column(Text)  # mục đích, yêu cầu
    scope: Mapped[str | None] = mapped_column(Text)  # phạm vi, đối tượng
    content_intro: Mapped[str | None] = mapped_column(Text)  # the lines before the content items
    rewards: Mapped[str | None] = mapped_column(Text)  # khen thưởng
    organisation: Mapped[str | None] = mapped_column(Text)  # tổ chức thực hiện
    closing: Mapped[str | None] = mapped_column(Text)  # the closing call ("… kêu gọi …./.")
    addressees: Mapped[str | None] = mapped_column(Text)  # Kính gửi, one a line
    copies_to: Mapped[str | None] = mapped_column(Text)  # Nơi nhận, one a line
    item_styles: Mapped[str | None] = mapped_column(String(40))  # numbering per level: "1.|1.1.|a)|-"

    phases: Mapped[list[Phase]] = relationship(
        back_populates="campaign", order_by="Phase.number", cascade="all, delete-orphan"
    )
    content_items: Mapped[list[ContentItem]] = relationship(
        back_populates="campaign", order_by="ContentItem.sort_order", cascade="all, delete-orphan"
    )
    targets: Mapped[list[Target]] = relationship(
        back_populates="campaign", order_by="Target.sort_order", cascade="all, delete-orphan"
    )
    review_points: Mapped[list[ReviewPoint]] = relationship(
        back_populates="campaign", order_by="ReviewPoint.id", cascade="all, delete-orphan"
    )

    __table_args__ = (
        CheckConstraint("end_date IS NULL OR start_date IS NULL OR end_date >= start_date", name="dates"),
    )


class Phase(Versioned, Base):
    """Đợt: a dated stage of a campaign."""

    __tablename__ = "phase"

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id"), index=True)
    number: Mapped[int] = mapped_column(SmallInteger)
    name: Mapped[str | None] = mapped_column(String(200))
    start_date: Mapped[dt.date] = mapped_column(Date)
    end_date: Mapped[dt.date] = mapped_column(Date)
    focus: Mapped[str | None] = mapped_column(Text)

    campaign: Mapped[Campaign] = relationship(back_populates="phases")

    __table_args__ = (
        UniqueConstraint("campaign_id", "number"),
        CheckConstraint("end_date >= start_date", name="dates"),
    )


class ContentItem(Versioned, Base):
    """Nội dung: one numbered item of what a campaign asks; items hold sub-items (parent_id) to any depth.
    `sort_order` is the item's place in the whole tree read top to bottom; `number` its label on screen
    ("1.", "1.1.", "a)"), both kept by the services."""

    __tablename__ = "content_item"

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id"), index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("content_item.id"), index=True)
    number: Mapped[str] = mapped_column(String(20))  # "2.1"
    text: Mapped[str] = mapped_column(Text)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)

    campaign: Mapped[Campaign] = relationship(back_populates="content_items")
    # Many-to-one to the parent: the unit of work deletes a sub-item before its parent.
    parent: Mapped[ContentItem | None] = relationship(remote_side=[id])


class ReviewPoint(Versioned, Base):
    """Mốc sơ kết, tổng kết or đánh giá hằng năm of a campaign: a day or a year, and what it reviews (a
    period, or a text). Review points may overlap each other and the phases."""

    __tablename__ = "review_point"

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id"), index=True)
    kind: Mapped[ReviewKind] = enum_column(ReviewKind)
    year: Mapped[int | None] = mapped_column(SmallInteger)
    held_on: Mapped[dt.date | None] = mapped_column(Date)
    period_from: Mapped[dt.date | None] = mapped_column(Date)
    period_to: Mapped[dt.date | None] = mapped_column(Date)
    subject: Mapped[str | None] = mapped_column(Text)  # what it reviews, as the plan says it

    campaign: Mapped[Campaign] = relationship(back_populates="review_points")

    __table_args__ = (
        CheckConstraint("year IS NOT NULL OR held_on IS NOT NULL", name="when"),
        CheckConstraint(
            "period_from IS NULL OR period_to IS NULL OR period_to >= period_from", name="period"
        ),
    )


class Registration(Versioned, Timestamps, Base):
    """Đăng ký thi đua of one unit for a year (and optionally a campaign)."""

    __tablename__ = "registration"

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(SmallInteger, index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), index=True)
    campaign_id: Mapped[int | None] = mapped_column(ForeignKey("campaign.id"))
    status: Mapped[RegistrationStatus] = enum_column(RegistrationStatus, default=RegistrationStatus.PENDING)
    status_reason: Mapped[str | None] = mapped_column(Text)
    received_on: Mapped[dt.date | None] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(Text)

    items: Mapped[list[RegistrationItem]] = relationship(
        back_populates="registration", cascade="all, delete-orphan"
    )

    __table_args__ = (
        UniqueConstraint("year", "unit_id", "campaign_id"),
        CheckConstraint("year BETWEEN 1945 AND 2200", name="year"),
    )


class RegistrationItem(Base):
    """One aim of the unit itself (person_id empty) or of one of its staff: a title of the catalogue
    (kind TITLE, award_type_id), or a model or solution of its own (kind MODEL/SOLUTION, its name).

    A title is achieved when it is awarded; a model or solution when the clerk marks it done (done_on, with
    a note) or links it to the recognised initiative it became (initiative_id)."""

    __tablename__ = "registration_item"

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_id: Mapped[int] = mapped_column(ForeignKey("registration.id"), index=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"), index=True)
    kind: Mapped[RegistrationKind] = enum_column(RegistrationKind, default=RegistrationKind.TITLE)
    award_type_id: Mapped[int | None] = mapped_column(ForeignKey("award_type.id"))
    name: Mapped[str | None] = mapped_column(Text)  # the model's or solution's own words
    note: Mapped[str | None] = mapped_column(Text)
    done_on: Mapped[dt.date | None] = mapped_column(Date)  # marked done by the clerk
    done_note: Mapped[str | None] = mapped_column(Text)
    initiative_id: Mapped[int | None] = mapped_column(ForeignKey("initiative.id"), index=True)

    registration: Mapped[Registration] = relationship(back_populates="items")

    __table_args__ = (
        UniqueConstraint("registration_id", "person_id", "award_type_id"),
        CheckConstraint(
            "(kind = 'TITLE' AND award_type_id IS NOT NULL AND name IS NULL AND done_on IS NULL "
            "AND initiative_id IS NULL) OR (kind <> 'TITLE' AND award_type_id IS NULL AND name IS NOT NULL)",
            name="aim",
        ),
    )


class Initiative(Versioned, Timestamps, StableId, Base):
    """Sáng kiến (or an accepted đề tài KH&CN) with its recognition."""

    __tablename__ = "initiative"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(Text)
    kind: Mapped[InitiativeKind] = enum_column(InitiativeKind, default=InitiativeKind.INITIATIVE)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"), index=True)
    year: Mapped[int] = mapped_column(SmallInteger, index=True)
    level: Mapped[InitiativeLevel] = enum_column(InitiativeLevel)
    recognised_by: Mapped[str | None] = mapped_column(String(250))
    decision_number: Mapped[str | None] = mapped_column(String(80))
    decision_date: Mapped[dt.date | None] = mapped_column(Date)
    scope: Mapped[str | None] = mapped_column(Text)  # phạm vi ảnh hưởng
    applied_from: Mapped[dt.date | None] = mapped_column(Date)
    # The award that used this initiative as evidence: an initiative backs one award only (a single
    # column), while one award may rest on several initiatives (Bằng khen: two sáng kiến).
    used_by_award_id: Mapped[int | None] = mapped_column(ForeignKey("award.id"), index=True)
    note: Mapped[str | None] = mapped_column(Text)

    authors: Mapped[list[InitiativeAuthor]] = relationship(
        back_populates="initiative", cascade="all, delete-orphan"
    )

    __table_args__ = (CheckConstraint("year BETWEEN 1945 AND 2200", name="year"),)


class InitiativeAuthor(Base):
    __tablename__ = "initiative_author"

    id: Mapped[int] = mapped_column(primary_key=True)
    initiative_id: Mapped[int] = mapped_column(ForeignKey("initiative.id"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    share: Mapped[float | None] = mapped_column(Numeric(5, 2))  # percent of the contribution

    initiative: Mapped[Initiative] = relationship(back_populates="authors")

    __table_args__ = (
        UniqueConstraint("initiative_id", "person_id"),
        CheckConstraint("share IS NULL OR (share > 0 AND share <= 100)", name="share"),
    )
