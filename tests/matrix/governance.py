"""Routes of the governance (/mesas, /compromisos, /nucleo, /mi-cumplimiento) and reports
(/indicadores) areas.

The lambdas build what a route needs: a mesa coordinated by the Cámara de Comercio de Cúcuta
with SENA as a member, a meeting, and a commitment assigned to SENA (rolled back per test).
"""

from __future__ import annotations

from datetime import timedelta
from io import BytesIO

from sqlalchemy import select

from red.extensions import db
from red.models import (
    Body,
    BodyMembership,
    Commitment,
    Indicator,
    Meeting,
    MeetingAttachment,
)
from red.services.periods import local_today
from tests import factories as f
from tests.matrix import Route, only

MEMBERS = ("staff_ccc", "staff_sena", "actor_admin_ccc", "nucleo", "admin")
RUNNERS = ("staff_ccc", "actor_admin_ccc", "nucleo", "admin")  # CCC coordinates the test mesa
NETWORK = ("nucleo", "admin")


def _body() -> Body:
    ccc, sena = f.stored_actor("camara-de-comercio-de-cucuta"), f.stored_actor("sena")
    body = Body(
        slug="mesa-matriz", kind="mesa", name="Mesa de la matriz", coordinator_actor_id=ccc.id
    )
    db.session.add(body)
    db.session.flush()
    db.session.add_all(
        [
            BodyMembership(body_id=body.id, actor_id=ccc.id),
            BodyMembership(body_id=body.id, actor_id=sena.id),
        ]
    )
    db.session.flush()
    return body


def _meeting() -> Meeting:
    meeting = Meeting(
        body_id=_body().id, number=1, held_on=local_today() - timedelta(days=3), agenda="1. Saludo"
    )
    db.session.add(meeting)
    db.session.flush()
    return meeting


def _commitment() -> Commitment:
    commitment = Commitment(
        meeting_id=_meeting().id,
        description="Enviar el informe trimestral",
        due_on=local_today() + timedelta(days=10),
        actors=[f.stored_actor("sena")],
    )
    db.session.add(commitment)
    db.session.flush()
    return commitment


def _attachment() -> MeetingAttachment:
    from red.services.uploads import store_upload

    stored = store_upload(BytesIO(b"%PDF-1.4 acta"), "acta.pdf")
    attachment = MeetingAttachment(
        meeting_id=_meeting().id,
        original_name=stored.original_name,
        stored_name=stored.stored_name,
        content_type=stored.content_type,
        size_bytes=stored.size_bytes,
    )
    db.session.add(attachment)
    db.session.flush()
    return attachment


def _indicator_code() -> str:
    code = db.session.scalar(select(Indicator.code).order_by(Indicator.id).limit(1))
    if code is None:
        indicator = Indicator(code="PRUEBA-1", kind="resultado", table_number=1, name="Prueba")
        db.session.add(indicator)
        db.session.flush()
        code = indicator.code
    return code


ROUTES = {
    "governance.bodies": Route("/mesas", get=only(*MEMBERS)),
    "governance.body_detail": Route(lambda: f"/mesas/{_body().slug}", get=only(*MEMBERS)),
    "governance.meeting_new": Route(
        lambda: f"/mesas/{_body().slug}/reuniones/nueva",
        get=only(*RUNNERS),
        post=only(*RUNNERS, status=200),  # empty form: shown again with errors
    ),
    "governance.meeting_detail": Route(
        lambda: f"/mesas/reuniones/{_meeting().id}", get=only(*MEMBERS)
    ),
    "governance.meeting_print": Route(
        lambda: f"/mesas/reuniones/{_meeting().id}/acta", get=only(*MEMBERS)
    ),
    "governance.meeting_edit": Route(
        lambda: f"/mesas/reuniones/{_meeting().id}/editar",
        get=only(*RUNNERS),
        post=only(*RUNNERS, status=200),
    ),
    "governance.meeting_attendance": Route(
        lambda: f"/mesas/reuniones/{_meeting().id}/asistencia",
        get=only(*RUNNERS),
        post=only(*RUNNERS, status=409),  # no version in the form: refused, nothing written
    ),
    "governance.attachment_upload": Route(
        lambda: f"/mesas/reuniones/{_meeting().id}/adjuntos", post=only(*RUNNERS, status=302)
    ),
    "governance.attachment_download": Route(
        lambda: f"/mesas/adjuntos/{_attachment().id}", get=only(*MEMBERS)
    ),
    "governance.commitments": Route("/compromisos", get=only(*MEMBERS)),
    "governance.commitment_new": Route(
        lambda: f"/mesas/reuniones/{_meeting().id}/compromisos/nuevo",
        get=only(*RUNNERS),
        post=only(*RUNNERS, status=200),
    ),
    "governance.commitment_detail": Route(
        lambda: f"/compromisos/{_commitment().id}", get=only(*MEMBERS)
    ),
    "governance.commitment_progress": Route(
        lambda: f"/compromisos/{_commitment().id}/avance", post=only("staff_sena", status=422)
    ),
    "governance.commitment_verify": Route(
        lambda: f"/compromisos/{_commitment().id}/verificar", post=only(*RUNNERS, status=422)
    ),
    "governance.compliance": Route("/nucleo", get=only(*NETWORK)),
    "governance.compliance_print": Route("/nucleo/imprimir", get=only(*NETWORK)),
    "governance.compliance_export": Route("/nucleo/exportar", get=only(*NETWORK)),
    "governance.compliance_actor": Route(
        "/nucleo/actores/camara-de-comercio-de-cucuta", get=only(*NETWORK)
    ),
    "governance.my_compliance": Route(
        "/mi-cumplimiento", get=only("staff_ccc", "staff_sena", "actor_admin_ccc")
    ),
    "governance.close_compliance_period": Route(
        "/nucleo/cerrar-periodo", post=only(*NETWORK, status=422)
    ),
    "governance.scorecard_settings": Route(
        "/nucleo/configuracion", get=only("admin"), post=only("admin", status=422)
    ),
    "reports.indicators": Route("/indicadores", get=only(*MEMBERS)),
    "reports.indicator_detail": Route(
        lambda: f"/indicadores/meta/{_indicator_code()}", get=only(*MEMBERS)
    ),
    "reports.indicator_progress": Route(
        lambda: f"/indicadores/meta/{_indicator_code()}/avance", post=only(*NETWORK, status=422)
    ),
    "reports.activity": Route("/indicadores/actividad", get=only(*MEMBERS)),
    "reports.referral_flow": Route(
        "/indicadores/actividad/remisiones/camara-de-comercio-de-cucuta", get=only(*NETWORK)
    ),
}


def _membership_path() -> str:
    body = _body()
    membership = db.session.scalar(
        select(BodyMembership).where(
            BodyMembership.body_id == body.id,
            BodyMembership.actor_id == f.stored_actor("sena").id,
        )
    )
    return f"/mesas/{body.slug}/miembros/{membership.id}/retirar"


ROUTES.update(
    {
        "governance.body_new": Route(
            "/mesas/nueva", get=only(*NETWORK), post=only(*NETWORK, status=200)
        ),
        "governance.body_members": Route(
            lambda: f"/mesas/{_body().slug}/miembros",
            get=only(*NETWORK),
            post=only(*NETWORK, status=200),
        ),
        "governance.member_withdraw": Route(
            _membership_path, get=only(*NETWORK), post=only(*NETWORK, status=302)
        ),
    }
)

ROUTES.update(
    {
        "governance.meeting_calendar": Route(
            lambda: f"/mesas/reuniones/{_meeting().id}/calendario.ics", get=only(*MEMBERS)
        ),
    }
)

ROUTES.update(
    {
        "governance.meeting_pdf": Route(
            lambda: f"/mesas/reuniones/{_meeting().id}/acta.pdf", get=only(*MEMBERS)
        ),
    }
)
