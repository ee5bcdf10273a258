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
    ReviewPoint,
)
from database.models.catalogue import AwardType, BonusCoefficient, TitleWording
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
from database.models.targets import Target, TargetResult, TargetUnitValue
from database.models.units import (
    Cluster,
    ClusterMember,
    Criterion,
    OutsideOrganisation,
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
    "OutsideOrganisation",
    "Pledge",
    "Posting",
    "Rating",
    "RegisterSeries",
    "Registration",
    "RegistrationItem",
    "ReviewPoint",
    "Score",
    "Signer",
    "Target",
    "TargetResult",
    "TargetUnitValue",
    "TitleWording",
    "Unit",
    "UnitEvent",
    "UnitEventLink",
    "UnitName",
]
