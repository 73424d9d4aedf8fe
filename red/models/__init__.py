"""All models, imported here so Alembic and the app see one metadata."""

from red.models.activity import Referral, ReferralStatusChange, ServiceRecord
from red.models.actors import Actor, LoginFailure, RecoveryCode, User, UserSession
from red.models.audit import AuditEntry
from red.models.base import Base
from red.models.business_rounds import MeetingRequest, RoundMeeting, RoundSetup
from red.models.cache import CacheVersion
from red.models.catalogs import (
    Municipality,
    PopulationGroup,
    ProductiveChain,
    RouteStage,
    Sector,
    ServiceType,
)
from red.models.events import Event, EventOrganizer, Participation
from red.models.governance import (
    Attendance,
    Body,
    BodyMembership,
    ClosedPeriod,
    Commitment,
    ComplianceSnapshot,
    Meeting,
    MeetingAttachment,
    ScorecardVersion,
)
from red.models.indicators import Indicator, IndicatorProgress
from red.models.jobs import Job, JobRow
from red.models.notifications import CalendarFeed, Notification, NotificationPreference
from red.models.people import (
    ConsentRecord,
    Entrepreneur,
    IdentityClaim,
    PersonAccess,
    RightsRequest,
    Venture,
)
from red.models.programs import Program
from red.models.search_index import is_search_object  # noqa: F401  (registers the index DDL)

__all__ = [
    "Actor",
    "Attendance",
    "AuditEntry",
    "Base",
    "Body",
    "CacheVersion",
    "BodyMembership",
    "ClosedPeriod",
    "Commitment",
    "ComplianceSnapshot",
    "ConsentRecord",
    "Entrepreneur",
    "Event",
    "IdentityClaim",
    "Indicator",
    "IndicatorProgress",
    "Job",
    "JobRow",
    "LoginFailure",
    "Meeting",
    "MeetingRequest",
    "MeetingAttachment",
    "CalendarFeed",
    "Notification",
    "NotificationPreference",
    "Municipality",
    "EventOrganizer",
    "Participation",
    "PersonAccess",
    "PopulationGroup",
    "ProductiveChain",
    "Program",
    "RecoveryCode",
    "Referral",
    "ReferralStatusChange",
    "RightsRequest",
    "RoundMeeting",
    "RoundSetup",
    "RouteStage",
    "ScorecardVersion",
    "Sector",
    "ServiceRecord",
    "ServiceType",
    "User",
    "UserSession",
    "Venture",
]
