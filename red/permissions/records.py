"""Everything that is not a person's record: who may see or change programs, events and
their registrations, referrals, service records, governance records and accounts — and the
loaders every view uses to reach one from an id or slug of the request.

Personal data has its own module (red/permissions/people.py). Here a record another actor
owns but anybody may know exists (a published program, a mesa) answers 403 to a write; a
record whose existence is itself private (a draft program, another actor's service, a
referral between two other actors) answers 404.
"""

from __future__ import annotations

from typing import Any

from flask import abort
from flask_login import current_user
from sqlalchemy import ColumnElement, and_, exists, false, or_, select, true
from sqlalchemy.orm import joinedload, selectinload

from red.extensions import db
from red.models import (
    Body,
    BodyMembership,
    Commitment,
    Entrepreneur,
    Event,
    Indicator,
    Meeting,
    MeetingAttachment,
    Participation,
    Program,
    Referral,
    ReferralStatusChange,
    RightsRequest,
    RoundMeeting,
    ServiceRecord,
    User,
)
from red.models.events import event_organizers
from red.models.governance import commitment_actors
from red.permissions import (
    NETWORK_LEADS,
    STAFF,
    belongs_to_actor,
    can_manage_actor,
    can_manage_actor_staff,
    has_role,
    is_admin,
    require,
)
from red.services.bounds import as_id


def _user(user: Any) -> Any:
    return current_user if user is None else user


def _id(value: Any) -> int:
    try:
        return as_id(str(value).strip())
    except (TypeError, ValueError):
        abort(404)


# --- programs ----------------------------------------------------------------------------


def visible_programs_clause(user: Any) -> ColumnElement[bool]:
    """Published programs are everybody's; drafts and closed ones only their owner's."""
    if is_admin(user):
        return true()
    if has_role(user, STAFF) and user.actor_id is not None:
        return or_(Program.status == "publicado", Program.owner_id == user.actor_id)
    return Program.status == "publicado"


def program_for(slug: str, action: str = "view", user: Any = None) -> Program:
    """The program, if the user may see it (404) and, for "manage", edit it (403)."""
    from red.services.programs import detail_options

    user = _user(user)
    program = db.session.scalar(
        select(Program).where(Program.slug == slug).options(*detail_options())
    )
    if program is None:
        abort(404)
    if program.status != "publicado" and not can_manage_actor(user, program.owner_id):
        abort(404)
    if action == "manage":
        require(can_manage_actor(user, program.owner_id))
    return program


# --- events ------------------------------------------------------------------------------


def organizer_ids(event: Event) -> set[int]:
    return {actor.id for actor in event.organizers}


def can_manage_event(user: Any, event: Event) -> bool:
    """Admins, and staff of one of the event's organising actors."""
    if is_admin(user):
        return True
    return has_role(user, STAFF) and user.actor_id in organizer_ids(event)


def can_create_event(user: Any) -> bool:
    return is_admin(user) or has_role(user, STAFF)


def event_for(slug: str, action: str = "view", user: Any = None) -> Event:
    """Events are public pages; "manage" (participants, check-in, edits) is for organisers."""
    from red.services.events import organizers_loaded

    # The rule reads the organisers; every event page's header shows them with the place
    # and the program.
    event = db.session.scalar(
        select(Event)
        .where(Event.slug == slug)
        .options(organizers_loaded(), joinedload(Event.municipality), joinedload(Event.program))
    )
    if event is None:
        abort(404)
    if action == "manage":
        require(can_manage_event(_user(user), event))
    return event


def participation_for(event: Event, participation_id: Any) -> Participation:
    """A registration of this (already authorised) event; 404 for any other event's."""
    # Its pages and messages name the person (or the declared name, until identified).
    participation = db.session.scalar(
        select(Participation)
        .where(Participation.id == _id(participation_id))
        .options(
            joinedload(Participation.entrepreneur),
            joinedload(Participation.claim),
            joinedload(Participation.venture),
        )
    )
    if participation is None or participation.event_id != event.id:
        abort(404)
    return participation


def participations_of(event: Event, ids: list[int]) -> list[int]:
    """The ids, among these, that are registrations of this event (others are dropped)."""
    if not ids:
        return []
    return list(
        db.session.scalars(
            select(Participation.id).where(
                Participation.event_id == event.id, Participation.id.in_(ids)
            )
        )
    )


def round_meeting_for(event: Event, meeting_id: Any) -> RoundMeeting:
    """A business-round meeting of this (already authorised) event; 404 for any other's."""
    meeting = db.session.get(RoundMeeting, _id(meeting_id))
    if meeting is None or meeting.event_id != event.id:
        abort(404)
    return meeting


# --- referrals and service records ----------------------------------------------------------


def referral_for(code: str, action: str = "view", user: Any = None) -> Referral:
    """A referral for its two ends (sender, receiver) and admins; "answer" is the receiver's.

    Anybody else gets 404: a referral between two other actors is none of their business.
    """
    user = _user(user)
    referral = db.session.scalar(
        select(Referral)
        .where(Referral.code == code)
        .options(
            selectinload(Referral.history).selectinload(ReferralStatusChange.user),
            selectinload(Referral.entrepreneur),
            selectinload(Referral.claim),
            # The detail page names both ends, the program and where it came from.
            joinedload(Referral.from_actor),
            joinedload(Referral.to_actor),
            joinedload(Referral.program),
            joinedload(Referral.parent).joinedload(Referral.to_actor),
        )
    )
    if referral is None:
        abort(404)
    receiving = is_admin(user) or belongs_to_actor(user, referral.to_actor_id)
    if not (receiving or belongs_to_actor(user, referral.from_actor_id)):
        abort(404)
    if action == "answer":
        require(receiving)
    return referral


def service_record_for(record_id: Any, user: Any = None) -> ServiceRecord:
    """A service record of the user's own actor (or any, for an admin); others are 404."""
    # Its pages (edit, delete) name the person served, the service and the program.
    record = db.session.scalar(
        select(ServiceRecord)
        .where(ServiceRecord.id == _id(record_id))
        .options(
            # The edit form offers the person's ventures.
            joinedload(ServiceRecord.entrepreneur).selectinload(Entrepreneur.ventures),
            joinedload(ServiceRecord.service_type),
            joinedload(ServiceRecord.program),
        )
    )
    if (
        record is None
        or record.deleted_at is not None
        or not can_manage_actor(_user(user), record.actor_id)
    ):
        abort(404)
    return record


# --- governance ----------------------------------------------------------------------------


def can_run_body(user: Any, body: Body) -> bool:
    return has_role(user, NETWORK_LEADS) or belongs_to_actor(user, body.coordinator_actor_id)


def can_report_progress(user: Any, commitment: Commitment) -> bool:
    return any(belongs_to_actor(user, actor.id) for actor in commitment.actors)


def can_verify(user: Any, commitment: Commitment) -> bool:
    return can_run_body(user, commitment.meeting.body)


def visible_commitments_clause(user: Any):
    """Staff see commitments of their own actor or of bodies their actor coordinates."""
    if has_role(user, NETWORK_LEADS):
        return None
    actor_id = getattr(user, "actor_id", None)
    own = select(commitment_actors.c.commitment_id).where(commitment_actors.c.actor_id == actor_id)
    coordinated = (
        select(Meeting.id)
        .join(Body, Body.id == Meeting.body_id)
        .where(Body.coordinator_actor_id == actor_id)
    )
    return or_(Commitment.id.in_(own), Commitment.meeting_id.in_(coordinated))


def body_for(slug: str, action: str = "view", user: Any = None) -> Body:
    """Every mesa is readable by the whole network; "run" is its coordinator's or the
    núcleo's (meetings, attendance, actas)."""
    body = db.session.scalar(
        select(Body).where(Body.slug == slug).options(joinedload(Body.coordinator))
    )
    if body is None:
        abort(404)
    if action == "run":
        require(can_run_body(_user(user), body))
    return body


def meeting_for(meeting_id: Any, action: str = "view", user: Any = None) -> Meeting:
    meeting = db.session.scalar(
        select(Meeting)
        .where(Meeting.id == _id(meeting_id))
        .options(joinedload(Meeting.body).joinedload(Body.coordinator))
    )
    if meeting is None:
        abort(404)
    if action == "run":
        require(can_run_body(_user(user), meeting.body))
    return meeting


def membership_for(body: Body, membership_id: Any) -> BodyMembership:
    membership = db.session.scalar(
        select(BodyMembership)
        .where(BodyMembership.id == _id(membership_id))
        .options(joinedload(BodyMembership.body), joinedload(BodyMembership.actor))
    )
    if membership is None or membership.body_id != body.id:
        abort(404)
    return membership


def commitment_for(commitment_id: Any, action: str = "view", user: Any = None) -> Commitment:
    """A commitment the user may read (403 otherwise); "report" is for the actors that owe
    it, "verify" for whoever runs its body."""
    user = _user(user)
    commitment = db.session.scalar(
        select(Commitment)
        .where(Commitment.id == _id(commitment_id))
        .options(
            selectinload(Commitment.actors),
            joinedload(Commitment.meeting).joinedload(Meeting.body).joinedload(Body.coordinator),
            joinedload(Commitment.verified_by),
        )
    )
    if commitment is None:
        abort(404)
    visible = visible_commitments_clause(user)
    if visible is not None:
        allowed = db.session.scalar(
            select(Commitment.id).where(Commitment.id == commitment.id, visible)
        )
        require(allowed is not None)
    if action == "report":
        require(can_report_progress(user, commitment))
    elif action == "verify":
        require(can_verify(user, commitment))
    return commitment


def attachment_for(attachment_id: Any) -> MeetingAttachment:
    """Actas' attachments are read like the actas: by every account of the network."""
    attachment = db.session.get(MeetingAttachment, _id(attachment_id))
    if attachment is None:
        abort(404)
    return attachment


def indicator_for(code: str) -> Indicator:
    indicator = db.session.scalar(select(Indicator).where(Indicator.code == code))
    if indicator is None:
        abort(404)
    return indicator


# --- rights requests and accounts ----------------------------------------------------------


def rights_request_for(request_id: Any) -> RightsRequest:
    """Ley 1581 requests are answered by the system admin (the route says so)."""
    # Its page and its answer read the person the request is about.
    rights_request = db.session.scalar(
        select(RightsRequest)
        .where(RightsRequest.id == _id(request_id))
        .options(joinedload(RightsRequest.entrepreneur))
    )
    if rights_request is None:
        abort(404)
    return rights_request


def can_manage_account(user: Any, target: User) -> bool:
    """A system admin manages every account; an actor admin only its own actor's staff."""
    if is_admin(user):
        return True
    return target.role == "actor_staff" and can_manage_actor_staff(user, target.actor_id)


def account_for(user_id: Any, user: Any = None) -> User:
    """An account the user may manage; another actor's accounts are 404."""
    account = db.session.get(User, _id(user_id))
    if account is None or not can_manage_account(_user(user), account):
        abort(404)
    return account


# --- list clauses (the home page's worklists and other lists) -------------------------------


def visible_referrals_clause(user: Any) -> ColumnElement[bool]:
    """Referrals the user may list: both ends' staff, the person's own account, admins."""
    if is_admin(user):
        return true()
    actor_id = getattr(user, "actor_id", None)
    if has_role(user, STAFF) and actor_id is not None:
        return or_(Referral.to_actor_id == actor_id, Referral.from_actor_id == actor_id)
    own = getattr(user, "entrepreneur_id", None)
    if has_role(user, ("entrepreneur",)) and own is not None:
        return Referral.entrepreneur_id == own
    return false()


def visible_participations_clause(user: Any) -> ColumnElement[bool]:
    """Registrations the user may list: an organiser's staff (as `can_manage_event`), the
    person's own account, admins."""
    if is_admin(user):
        return true()
    actor_id = getattr(user, "actor_id", None)
    if has_role(user, STAFF) and actor_id is not None:
        return exists().where(
            event_organizers.c.event_id == Participation.event_id,
            event_organizers.c.actor_id == actor_id,
        )
    own = getattr(user, "entrepreneur_id", None)
    if has_role(user, ("entrepreneur",)) and own is not None:
        return Participation.entrepreneur_id == own
    return false()


def visible_rights_requests_clause(user: Any) -> ColumnElement[bool]:
    """Ley 1581 requests are the system admin's to read and answer (as `rights_request_for`)."""
    return true() if is_admin(user) else false()


def manageable_accounts_clause(user: Any) -> ColumnElement[bool]:
    """Accounts the user manages (as `can_manage_account`): all for an admin, an actor
    admin's own staff accounts, nothing for anybody else."""
    if is_admin(user):
        return true()
    if has_role(user, ("actor_admin",)) and getattr(user, "actor_id", None) is not None:
        return and_(User.role == "actor_staff", User.actor_id == user.actor_id)
    return false()
