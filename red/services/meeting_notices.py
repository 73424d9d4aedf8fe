"""Notices about meetings and events, with their files: a meeting convened (to the staff of
the body's members, with the .ics), an acta ready for approval (with the PDF), an event
changed (to the people registered who have an account, with the new .ics; an event with
registrations cannot be deleted, so there is no cancellation to announce)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from red.models import Body, Event, Meeting, Participation, User
from red.services import ical
from red.services.acta_pdf import acta_filename
from red.services.events import SEAT_STATUSES
from red.services.mail import Attachment
from red.services.notices import local_path
from red.services.notifications import Delivery, Notice, deliver, staff_of, users


def _members_staff(session: Session, body: Body, meeting: Meeting):
    """The staff of the body's members on the meeting's day, and of its coordinator."""
    from red.services.governance import active_members

    actors = [m.actor_id for m in active_members(session, body, on=meeting.held_on)]
    return staff_of(*actors, body.coordinator_actor_id)


def meeting_convened(session: Session, meeting: Meeting) -> Delivery:
    body = meeting.body
    notice = Notice(
        f"Convocatoria: {body.name}, reunión n.º {meeting.number} ({meeting.held_on:%d/%m/%Y})",
        f"{body.name} se reúne en sesión {meeting.kind} el {meeting.held_on:%d/%m/%Y}"
        + (f" en {meeting.place}" if meeting.place else "")
        + ". El orden del día y el archivo para su calendario están en Red.",
        local_path("governance.meeting_detail", meeting_id=meeting.id),
        attachments=(
            Attachment(
                ical.ics_filename("reunion", f"{body.slug}-{meeting.number}"),
                "text/calendar",
                ical.meeting_ics(meeting),
            ),
        ),
    )
    return deliver(session, "reunion_convocada", _members_staff(session, body, meeting), notice)


def acta_ready(session: Session, meeting: Meeting, pdf: bytes) -> Delivery:
    body = meeting.body
    notice = Notice(
        f"Acta lista para aprobación: {body.name}, reunión n.º {meeting.number}",
        f"El acta de la reunión del {meeting.held_on:%d/%m/%Y} está lista y se aprobará en la "
        "próxima sesión. Va adjunta en PDF; envíe sus observaciones antes de esa sesión.",
        local_path("governance.meeting_detail", meeting_id=meeting.id),
        attachments=(Attachment(acta_filename(meeting), "application/pdf", pdf),),
    )
    return deliver(session, "acta_lista", _members_staff(session, body, meeting), notice)


def event_changed(session: Session, event: Event) -> Delivery:
    """To the registered people with an account (others are reached by the organisers)."""
    registered = select(Participation.entrepreneur_id).where(
        Participation.event_id == event.id,
        Participation.status.in_((*SEAT_STATUSES, "lista_espera")),
        Participation.entrepreneur_id.is_not(None),
    )
    accounts = session.scalars(
        select(User.id).where(User.role == "entrepreneur", User.entrepreneur_id.in_(registered))
    ).all()
    notice = Notice(
        f"Cambios en el evento {event.name}",
        f"Los organizadores cambiaron los datos de {event.name}: revise la fecha y el lugar. "
        "El archivo adjunto actualiza la entrada de su calendario (el mismo identificador).",
        local_path("events.show", slug=event.slug),
        attachments=(
            Attachment(
                ical.ics_filename("evento", event.slug), "text/calendar", ical.event_ics(event)
            ),
        ),
    )
    return deliver(session, "evento_cambiado", users(*accounts), notice)
