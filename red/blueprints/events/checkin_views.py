"""QR check-in: the person's pass (a QR and a short code) and the organiser's page that a
scanned or typed code opens, with one button to confirm (red/services/checkin.py)."""

from __future__ import annotations

from flask import render_template, url_for
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from red.blueprints.events.blueprint import bp
from red.extensions import db
from red.models import Participation
from red.models.events import PARTICIPATION_STATUSES
from red.permissions import PUBLIC, STAFF_OR_ADMIN, access
from red.permissions.records import event_for
from red.query import query_args
from red.services import checkin

WRONG_CODE = (
    "Este código no corresponde a ninguna inscripción de este evento. Revise que sea el del "
    "evento correcto o búsquela por nombre o documento."
)


def _registration(event, code: str | None) -> Participation | None:
    """The registration of this event the signed code names, or None."""
    participation_id = checkin.participation_id_from_code(code)
    if participation_id is None:
        return None
    return db.session.scalar(
        select(Participation)
        .where(Participation.id == participation_id, Participation.event_id == event.id)
        .options(joinedload(Participation.entrepreneur), joinedload(Participation.claim))
    )


@bp.route("/eventos/<slug>/pase/<code>")
@access(PUBLIC)
def registration_pass(slug: str, code: str):
    """The person's pass: the QR to show at the door and the code to read aloud. It names
    the event and the registration's state, never the person (the link may be forwarded)."""
    event = event_for(slug)
    participation = _registration(event, code)
    if participation is None:
        return render_template("events/pass.html", event=event, error=WRONG_CODE), 404
    url = checkin.checkin_url(event.slug, participation.id)
    return render_template(
        "events/pass.html",
        event=event,
        participation=participation,
        code=checkin.checkin_code(participation.id),
        qr=checkin.qr_svg(url),
        statuses=PARTICIPATION_STATUSES,
    )


@bp.route("/eventos/<slug>/ingreso/codigo", defaults={"code": None})
@bp.route("/eventos/<slug>/ingreso/codigo/<code>")
@access(*STAFF_OR_ADMIN)
def checkin_code(slug: str, code: str | None):
    """What a scanned QR (the code in the path) or a typed code (?codigo=) opens: who it
    is and one button. A wrong code or a code already used says so."""
    event = event_for(slug, "manage")
    typed = query_args().text("codigo", max_length=40)
    code = code or typed
    participation = _registration(event, code) if code else None
    status = 200 if participation is not None or not code else 404
    return render_template(
        "events/checkin_code.html",
        event=event,
        code=code,
        participation=participation,
        error=WRONG_CODE if code and participation is None else None,
        statuses=PARTICIPATION_STATUSES,
        back=url_for("events.checkin", slug=event.slug),
    ), status
