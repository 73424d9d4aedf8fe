"""The words of each notice kind: one builder per kind turns a record into a Notice.

Notices name records by code and link, never by a person's data (the need written in a
referral, a name): the page behind the link applies the access rules again. Keys of the
once-only kinds carry the due date, so a deadline that moves earns a fresh reminder.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import current_app

from red.services.notifications import Notice


def local_path(endpoint: str, **values: Any) -> str:
    """A local URL for an endpoint, with or without a request (the tick runs from cron)."""
    return current_app.url_map.bind("localhost").build(endpoint, values)


def _sender(referral) -> str:
    return referral.from_actor.name if referral.from_actor else "la Ruta (autogestión)"


def join_request_received(referral) -> Notice:
    """To the person who asked on the Ruta, at the address they typed: the tracking code
    (already shown on the page; nothing here the page did not say)."""
    program = referral.program.name if referral.program else "la Ruta"
    return Notice(
        f"Recibimos su solicitud {referral.code}",
        f"Su solicitud para {program} llegó a {referral.to_actor.name}, que debe responder a más "
        f"tardar el {referral.response_due_on:%d/%m/%Y}. Siga su estado con el código "
        f"{referral.code} y su número de documento en la página de seguimiento.",
        local_path("ruta.tracking"),
    )


def referral_received(referral) -> Notice:
    return Notice(
        f"Nueva remisión {referral.code} en la Red",
        f"Su organización recibió la remisión {referral.code} de {_sender(referral)}. "
        f"Plazo para responder (aceptar o rechazar): {referral.response_due_on:%d/%m/%Y}.",
        local_path("referrals.detail", code=referral.code),
    )


def referral_answered(referral) -> Notice:
    answer = "aceptó" if referral.status == "aceptada" else "rechazó"
    return Notice(
        f"La remisión {referral.code} fue respondida",
        f"{referral.to_actor.name} {answer} la remisión {referral.code}.",
        local_path("referrals.detail", code=referral.code),
    )


def referral_overdue(referral) -> Notice:
    return Notice(
        f"La remisión {referral.code} venció sin respuesta",
        f"El plazo para responder la remisión {referral.code} de {_sender(referral)} venció el "
        f"{referral.response_due_on:%d/%m/%Y}. Acéptela o recházela cuanto antes: la demora "
        "cuenta en el cumplimiento de su organización.",
        local_path("referrals.detail", code=referral.code),
        key=f"remision_vencida:{referral.id}:{referral.response_due_on.isoformat()}",
    )


def referral_escalated(referral) -> Notice:
    """To the núcleo: which actor has not answered, never who the person is."""
    return Notice(
        f"Remisión {referral.code} sin respuesta de {referral.to_actor.name}",
        f"{referral.to_actor.name} no ha respondido la remisión {referral.code}, vencida desde "
        f"el {referral.response_due_on:%d/%m/%Y}.",
        local_path("referrals.overdue"),
        key=f"remision_escalada:{referral.id}:{referral.response_due_on.isoformat()}",
    )


def commitment_due(commitment) -> Notice:
    return Notice(
        f"Compromiso por vencer el {commitment.due_on:%d/%m/%Y}",
        f"«{commitment.description}» ({commitment.meeting.body.name}) vence el "
        f"{commitment.due_on:%d/%m/%Y}. Reporte el avance en Red.",
        local_path("governance.commitment_detail", commitment_id=commitment.id),
        key=f"compromiso_por_vencer:{commitment.id}:{commitment.due_on.isoformat()}",
    )


def commitment_overdue(commitment) -> Notice:
    return Notice(
        "Compromiso vencido",
        f"«{commitment.description}» ({commitment.meeting.body.name}) venció el "
        f"{commitment.due_on:%d/%m/%Y} y sigue abierto.",
        local_path("governance.commitment_detail", commitment_id=commitment.id),
        key=f"compromiso_vencido:{commitment.id}:{commitment.due_on.isoformat()}",
    )


def rights_due(request) -> Notice:
    from red.models.people import RIGHTS_REQUEST_KINDS

    kind = RIGHTS_REQUEST_KINDS.get(request.kind, request.kind)
    return Notice(
        f"Solicitud Ley 1581 n.º {request.id} vence el {request.due_on:%d/%m/%Y}",
        f"La solicitud de {kind.lower()} n.º {request.id} debe responderse a más tardar el "
        f"{request.due_on:%d/%m/%Y} (plazo legal en días hábiles).",
        local_path("entrepreneurs.rights_answer", request_id=request.id),
        key=f"derechos_por_vencer:{request.id}:{request.due_on.isoformat()}",
    )


def registration_confirmed(participation) -> Notice:
    """To the person with an account: the pass (QR) and the event for their calendar."""
    from red.services import checkin, ical
    from red.services.mail import Attachment

    event = participation.event
    code = checkin.checkin_code(participation.id)
    return Notice(
        f"Inscripción confirmada: {event.name}",
        f"Quedó inscrito en {event.name}. Su código de ingreso es {code}: muestre el QR adjunto "
        "(o el de su pase en Red) en la entrada y lleve su documento.",
        local_path("events.registration_pass", slug=event.slug, code=code),
        attachments=(
            Attachment(
                "ingreso.png",
                "image/png",
                checkin.qr_png(checkin.checkin_url(event.slug, participation.id)),
            ),
            Attachment(
                ical.ics_filename("evento", event.slug), "text/calendar", ical.event_ics(event)
            ),
        ),
    )


BUILDERS: dict[str, Callable[[Any], Notice]] = {
    "solicitud_recibida": join_request_received,
    "remision_recibida": referral_received,
    "remision_respondida": referral_answered,
    "remision_vencida": referral_overdue,
    "remision_escalada": referral_escalated,
    "compromiso_por_vencer": commitment_due,
    "compromiso_vencido": commitment_overdue,
    "derechos_por_vencer": rights_due,
    "inscripcion_confirmada": registration_confirmed,
}


def build_notice(kind: str, obj: Any) -> Notice:
    """The Notice of `kind` about `obj`; a ready Notice passes through (one-off messages)."""
    if isinstance(obj, Notice):
        return obj
    return BUILDERS[kind](obj)
