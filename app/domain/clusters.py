"""Who a member of a cụm or khối thi đua is (a unit of the Sở, an outside organisation, or the Sở itself),
as services and documents (the pledge) both read it."""

from __future__ import annotations

from dataclasses import dataclass

from database.enums import ClusterRole, MemberKind


@dataclass(frozen=True, order=True)
class MemberRef:
    """Which organisation a member is: a unit of the Sở, an outside organisation (by id), or the Sở."""

    kind: MemberKind
    id: int | None = None

    @classmethod
    def unit(cls, unit_id: int) -> MemberRef:
        return cls(MemberKind.UNIT, unit_id)

    @classmethod
    def outside(cls, org_id: int) -> MemberRef:
        return cls(MemberKind.OUTSIDE, org_id)

    @classmethod
    def of(cls, value: MemberRef | int | None) -> MemberRef | None:
        """A bare int is a unit of the Sở (as clusters of units were always entered)."""
        return cls.unit(value) if isinstance(value, int) else value

    @property
    def key(self) -> str:
        """ "unit:5", "outside:2", "agency": how the forms (and Qt's item data) name it."""
        return self.kind.value.lower() if self.id is None else f"{self.kind.value.lower()}:{self.id}"

    @classmethod
    def from_key(cls, key: str | None) -> MemberRef | None:
        if not key:
            return None
        kind, _, number = key.partition(":")
        return cls(MemberKind(kind.upper()), int(number) if number else None)


@dataclass(frozen=True)
class MemberInfo:
    id: int  # the member row: scores and proposals are keyed by it
    ref: MemberRef
    name: str
    short_name: str  # for narrow column headers
    role: ClusterRole
    active: bool
    proposed_code: str | None
    proposed_name: str | None
    # Who signs the pledge for it: title lines (ô 7a, as written) and name.
    signer_titles: tuple[str, ...] = ()
    signer_name: str = ""

    @property
    def kind(self) -> MemberKind:
        return self.ref.kind

    @property
    def unit_id(self) -> int | None:
        """The unit of the Sở it is, or None (an outside organisation, the Sở itself)."""
        return self.ref.id if self.ref.kind is MemberKind.UNIT else None
