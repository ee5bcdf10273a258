"""Every model, imported here so `Base.metadata` knows the whole schema."""

from database.models.agency import Account, Agency, AppSetting, AuditEntry, BaseSalary, Parameter, Signer
from database.models.base import Base
from database.models.campaigns import (
    Campaign,
    ContentItem,
    Initiative,
    InitiativeAuthor,
    Phase,
    Registration,
    RegistrationItem,
    Target,
    TargetResult,
)
from database.models.catalogue import AwardType, BonusCoefficient
from database.models.decisions import Award, Decision
from database.models.documents import IncomingDocument, IncomingLink, OutgoingDocument, RegisterSeries
from database.models.nominations import (
    Ballot,
    CouncilMeeting,
    CouncilMember,
    MeetingAttendance,
    Nomination,
    NominationAttachment,
    NominationBatch,
    NominationStatusChange,
)
from database.models.staff import Discipline, Person, Posting, Rating
from database.models.units import (
    Cluster,
    ClusterMember,
    Criterion,
    Pledge,
    Score,
    Unit,
    UnitEvent,
    UnitEventLink,
    UnitName,
)

__all__ = [
    "Account",
    "Agency",
    "AppSetting",
    "AuditEntry",
    "Award",
    "AwardType",
    "Ballot",
    "Base",
    "BaseSalary",
    "BonusCoefficient",
    "Campaign",
    "Cluster",
    "ClusterMember",
    "ContentItem",
    "CouncilMeeting",
    "CouncilMember",
    "Criterion",
    "Decision",
    "IncomingDocument",
    "IncomingLink",
    "Discipline",
    "Initiative",
    "InitiativeAuthor",
    "MeetingAttendance",
    "Nomination",
    "NominationAttachment",
    "NominationBatch",
    "NominationStatusChange",
    "OutgoingDocument",
    "Parameter",
    "Person",
    "Phase",
    "Pledge",
    "Posting",
    "Rating",
    "RegisterSeries",
    "Registration",
    "RegistrationItem",
    "Score",
    "Signer",
    "Target",
    "TargetResult",
    "Unit",
    "UnitEvent",
    "UnitEventLink",
    "UnitName",
]
