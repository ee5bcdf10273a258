"""Nominations in batches, with attachments and status history; the council and its votes."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    LargeBinary,
    Numeric,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from database.enums import (
    AttachmentKind,
    AuthorityLevel,
    AwardBasis,
    BatchStatus,
    CouncilRole,
    NominationStatus,
)
from database.models.base import Base, Subject, Timestamps, Versioned, enum_column, utcnow


class NominationBatch(Versioned, Timestamps, Base):
    """Hồ sơ đề nghị: what one unit sends (or the Department prepares) in one go."""

    __tablename__ = "nomination_batch"

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(SmallInteger, index=True)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"), index=True)  # proposing unit
    title: Mapped[str] = mapped_column(String(400))
    basis: Mapped[AwardBasis] = enum_column(AwardBasis, default=AwardBasis.MERIT)
    campaign_id: Mapped[int | None] = mapped_column(ForeignKey("campaign.id"))
    target_level: Mapped[AuthorityLevel] = enum_column(AuthorityLevel, default=AuthorityLevel.DEPARTMENT)
    received_on: Mapped[dt.date | None] = mapped_column(Date)
    their_reference: Mapped[str | None] = mapped_column(String(120))  # the unit's tờ trình number
    status: Mapped[BatchStatus] = enum_column(BatchStatus, default=BatchStatus.DRAFT)
    note: Mapped[str | None] = mapped_column(Text)

    nominations: Mapped[list[Nomination]] = relationship(back_populates="batch")

    __table_args__ = (CheckConstraint("year BETWEEN 1945 AND 2200", name="year"),)


class Nomination(Versioned, Subject, Timestamps, Base):
    """One proposal: a person or unit, for one title or form, for an achievement."""

    __tablename__ = "nomination"

    id: Mapped[int] = mapped_column(primary_key=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("nomination_batch.id"), index=True)
    award_type_id: Mapped[int] = mapped_column(ForeignKey("award_type.id"), index=True)
    year: Mapped[int] = mapped_column(SmallInteger, index=True)
    basis: Mapped[AwardBasis] = enum_column(AwardBasis, default=AwardBasis.MERIT)
    period_from: Mapped[int | None] = mapped_column(SmallInteger)
    period_to: Mapped[int | None] = mapped_column(SmallInteger)
    achievement: Mapped[str | None] = mapped_column(Text)
    status: Mapped[NominationStatus] = enum_column(NominationStatus, default=NominationStatus.DRAFT)
    status_reason: Mapped[str | None] = mapped_column(Text)
    # The clerk's written reason for nominating a subject who already holds this award (audited).
    override_reason: Mapped[str | None] = mapped_column(Text)

    batch: Mapped[NominationBatch] = relationship(back_populates="nominations")
    history: Mapped[list[NominationStatusChange]] = relationship(
        back_populates="nomination", order_by="NominationStatusChange.at"
    )

    __table_args__ = (
        Subject.subject_check(),
        CheckConstraint("year BETWEEN 1945 AND 2200", name="year"),
        CheckConstraint(
            "period_to IS NULL OR period_from IS NULL OR period_to >= period_from", name="period"
        ),
        UniqueConstraint("batch_id", "person_id", "unit_id", "award_type_id"),
    )


class NominationAttachment(Timestamps, Base):
    """A file of the dossier, kept inside the database so a backup holds everything."""

    __tablename__ = "nomination_attachment"

    id: Mapped[int] = mapped_column(primary_key=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("nomination_batch.id"), index=True)
    nomination_id: Mapped[int | None] = mapped_column(ForeignKey("nomination.id"), index=True)
    kind: Mapped[AttachmentKind] = enum_column(AttachmentKind)
    file_name: Mapped[str] = mapped_column(String(255))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)

    __table_args__ = (CheckConstraint("size >= 0", name="size"),)


class NominationStatusChange(Base):
    __tablename__ = "nomination_status_change"

    id: Mapped[int] = mapped_column(primary_key=True)
    nomination_id: Mapped[int] = mapped_column(ForeignKey("nomination.id"), index=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    actor: Mapped[str] = mapped_column(String(60))
    from_status: Mapped[NominationStatus | None] = enum_column(
        NominationStatus, check_name="from_status", nullable=True
    )
    to_status: Mapped[NominationStatus] = enum_column(NominationStatus, check_name="to_status")
    reason: Mapped[str | None] = mapped_column(Text)

    nomination: Mapped[Nomination] = relationship(back_populates="history")


class CouncilMember(Versioned, Timestamps, Base):
    """A member of the Hội đồng TĐKT over a period (the council changes with appointments)."""

    __tablename__ = "council_member"

    id: Mapped[int] = mapped_column(primary_key=True)
    full_name: Mapped[str] = mapped_column(String(120))
    position: Mapped[str | None] = mapped_column(String(200))
    role: Mapped[CouncilRole] = enum_column(CouncilRole, default=CouncilRole.MEMBER)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    valid_from: Mapped[dt.date] = mapped_column(Date)
    valid_to: Mapped[dt.date | None] = mapped_column(Date)

    __table_args__ = (CheckConstraint("valid_to IS NULL OR valid_to >= valid_from", name="dates"),)


class CouncilMeeting(Versioned, Timestamps, Base):
    __tablename__ = "council_meeting"

    id: Mapped[int] = mapped_column(primary_key=True)
    held_at: Mapped[dt.datetime] = mapped_column(DateTime)
    ended_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    location: Mapped[str | None] = mapped_column(String(250))
    year: Mapped[int] = mapped_column(SmallInteger, index=True)
    members_total: Mapped[int] = mapped_column(SmallInteger)  # thresholds count on the whole council
    minutes_document_id: Mapped[int | None] = mapped_column(ForeignKey("outgoing_document.id"))
    note: Mapped[str | None] = mapped_column(Text)

    attendance: Mapped[list[MeetingAttendance]] = relationship(
        back_populates="meeting", cascade="all, delete-orphan"
    )
    ballots: Mapped[list[Ballot]] = relationship(back_populates="meeting", cascade="all, delete-orphan")

    __table_args__ = (
        CheckConstraint("members_total > 0", name="members_total"),
        CheckConstraint("ended_at IS NULL OR ended_at >= held_at", name="times"),
    )


class MeetingAttendance(Base):
    __tablename__ = "meeting_attendance"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("council_meeting.id"), index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("council_member.id"))
    present: Mapped[bool] = mapped_column(Boolean, default=True)
    written_opinion: Mapped[bool] = mapped_column(Boolean, default=False)  # absent, sent an opinion

    meeting: Mapped[CouncilMeeting] = relationship(back_populates="attendance")

    __table_args__ = (UniqueConstraint("meeting_id", "member_id"),)


class Ballot(Base):
    """The council's vote on one nomination at one meeting."""

    __tablename__ = "ballot"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("council_meeting.id"), index=True)
    nomination_id: Mapped[int] = mapped_column(ForeignKey("nomination.id"), index=True)
    secret: Mapped[bool] = mapped_column(Boolean, default=True)
    votes_for: Mapped[int] = mapped_column(SmallInteger)
    votes_against: Mapped[int] = mapped_column(SmallInteger, default=0)
    votes_invalid: Mapped[int] = mapped_column(SmallInteger, default=0)
    threshold: Mapped[float] = mapped_column(Numeric(4, 3))  # share of the whole council needed
    passed: Mapped[bool] = mapped_column(Boolean)

    meeting: Mapped[CouncilMeeting] = relationship(back_populates="ballots")

    __table_args__ = (
        UniqueConstraint("meeting_id", "nomination_id"),
        CheckConstraint("votes_for >= 0 AND votes_against >= 0 AND votes_invalid >= 0", name="votes"),
        CheckConstraint("threshold > 0 AND threshold <= 1", name="threshold"),
    )
