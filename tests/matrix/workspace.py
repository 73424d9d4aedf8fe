"""Routes of the member workspace: entrepreneurs, service log, rights, /mis-datos, referrals.

Routes with ids build their own records in the test's transaction: a person registered by
the Cámara de Comercio de Cúcuta (consent captured by gestor.ccc), a service it logged, a
referral from it to SENA — so "staff of actor A" and "staff of actor B" differ.
"""

from __future__ import annotations

from sqlalchemy import select

from red.extensions import db
from red.models import ServiceType, Venture
from red.services.calendar import local_today
from tests import factories as f
from tests.matrix import SKIP, Route, only

CCC = "camara-de-comercio-de-cucuta"
STAFF_ROUTES = only("staff_ccc", "staff_sena", "actor_admin_ccc", "admin")
STAFF_ONLY = only("staff_ccc", "staff_sena", "actor_admin_ccc")
CCC_AND_ADMIN = only("staff_ccc", "actor_admin_ccc", "admin")
# Another actor's service record: 404 too.
SERVICE_OF_CCC = {**CCC_AND_ADMIN, "staff_sena": 404}
# A person's record: another actor's staff get 404, as for a record that does not exist.
PERSON_OF_CCC = {**CCC_AND_ADMIN, "staff_sena": 404}
ADMIN = only("admin")
OWN = only("entrepreneur")


def _ccc_person():
    from red.services.people import record_consent, register_person

    person = register_person(
        db.session,
        doc_type="13",
        doc_number="1090777888",
        first_names="Matriz",
        last_names="De Permisos",
        registered_by_actor_id=f.stored_actor(CCC).id,
    ).person
    db.session.refresh(person, ["consents"])
    if not person.consents:
        record_consent(
            db.session,
            person,
            channel="presencial",
            policy_version="2026-01",
            purpose_attention=True,
            captured_by_user_id=f.stored_user("staff_ccc").id,
            actor_id=f.stored_actor(CCC).id,
        )
    db.session.commit()
    return person


def _person_path(suffix: str = "") -> str:
    return f"/emprendedores/{_ccc_person().id}{suffix}"


def _venture_path() -> str:
    person = _ccc_person()
    venture = Venture(entrepreneur_id=person.id, name="Negocio de la matriz")
    db.session.add(venture)
    db.session.commit()
    return f"/emprendedores/{person.id}/emprendimientos/{venture.id}/editar"


def _service_path(suffix: str) -> str:
    from red.services.service_log import register_service

    record = register_service(
        db.session,
        actor_id=f.stored_actor(CCC).id,
        person=_ccc_person(),
        service_type_id=db.session.scalar(select(ServiceType.id).limit(1)),
        served_on=local_today(),  # Bogotá's day: UTC is a day ahead from 19:00
    )
    db.session.commit()
    return f"/atenciones/{record.id}/{suffix}"


def _rights_path() -> str:
    from red.services.rights import file_request

    request = file_request(
        db.session, _ccc_person(), kind="consulta", description="Consulta", user_id=None
    )
    db.session.commit()
    return f"/derechos/{request.id}"


def _referral_path(suffix: str = "") -> str:
    from red.services.referrals import send_referral

    referral = send_referral(
        db.session,
        person=_ccc_person(),
        to_actor_id=f.stored_actor("sena").id,
        from_actor_id=f.stored_actor(CCC).id,
        need="Formación técnica",
    )
    db.session.commit()
    return f"/remisiones/{referral.code}{suffix}"


# Only the receiving actor (SENA) or an admin may answer; anything else is refused.
RECEIVER_POST = {
    **only("staff_sena", "admin", status=SKIP),
}
EITHER_SIDE_POST = only("staff_ccc", "staff_sena", "actor_admin_ccc", "admin", status=SKIP)

ROUTES = {
    # Registry
    "entrepreneurs.index": Route(
        "/emprendedores", get=only("staff_ccc", "staff_sena", "actor_admin_ccc", "nucleo", "admin")
    ),
    "entrepreneurs.new": Route("/emprendedores/nuevo", get=STAFF_ROUTES),
    "entrepreneurs.link": Route("/emprendedores/vincular", get=STAFF_ONLY),
    "entrepreneurs.detail": Route(lambda: _person_path(), get=PERSON_OF_CCC),
    "entrepreneurs.edit": Route(lambda: _person_path("/editar"), get=PERSON_OF_CCC),
    "entrepreneurs.sensitive": Route(lambda: _person_path("/datos-sensibles"), get=PERSON_OF_CCC),
    "entrepreneurs.consent": Route(lambda: _person_path("/autorizacion"), get=PERSON_OF_CCC),
    "entrepreneurs.venture_new": Route(
        lambda: _person_path("/emprendimientos/nuevo"), get=PERSON_OF_CCC
    ),
    "entrepreneurs.venture_edit": Route(_venture_path, get=PERSON_OF_CCC),
    "entrepreneurs.rights_new": Route(
        lambda: _person_path("/solicitudes/nueva"), get=PERSON_OF_CCC
    ),
    "entrepreneurs.merge": Route("/emprendedores/fusionar", get=ADMIN, post=ADMIN),
    "entrepreneurs.anonymise": Route(
        lambda: _person_path("/anonimizar"), get=ADMIN, post=only("admin", status=302)
    ),
    "entrepreneurs.rights_index": Route("/derechos", get=ADMIN),
    "entrepreneurs.rights_answer": Route(_rights_path, get=ADMIN),
    # The entrepreneur's own data
    "entrepreneurs.my_data": Route("/mis-datos", get=OWN),
    "entrepreneurs.my_data_download": Route("/mis-datos/descargar", get=OWN),
    "entrepreneurs.my_data_edit": Route("/mis-datos/corregir", get=OWN),
    "entrepreneurs.my_request_new": Route("/mis-datos/solicitudes/nueva", get=OWN),
    # Service log
    "entrepreneurs.services": Route("/atenciones", get=STAFF_ROUTES),
    "entrepreneurs.services_export": Route(
        "/atenciones/exportar", get=STAFF_ROUTES, post=STAFF_ROUTES
    ),
    "entrepreneurs.service_new": Route("/atenciones/nueva", get=STAFF_ONLY),
    "entrepreneurs.service_edit": Route(lambda: _service_path("editar"), get=SERVICE_OF_CCC),
    "entrepreneurs.service_delete": Route(
        lambda: _service_path("eliminar"),
        get=SERVICE_OF_CCC,
        post={**only("staff_ccc", "actor_admin_ccc", "admin", status=SKIP), "staff_sena": 404},
    ),
    "entrepreneurs.services_import": Route(
        "/atenciones/importar",
        get=STAFF_ONLY,
        post=only("staff_ccc", "staff_sena", "actor_admin_ccc", status=422),
    ),
    "entrepreneurs.services_template": Route("/atenciones/plantilla.xlsx", get=STAFF_ONLY),
    "entrepreneurs.services_template_csv": Route("/atenciones/plantilla.csv", get=STAFF_ONLY),
    # Referrals
    "referrals.inbox": Route("/remisiones", get=STAFF_ROUTES),
    "referrals.overdue": Route("/remisiones/vencidas", get=only("nucleo", "admin")),
    "referrals.send": Route(
        lambda: f"/remisiones/nueva/{_ccc_person().id}",
        get={**only("staff_ccc", "actor_admin_ccc"), "staff_sena": 404},
    ),
    "referrals.detail": Route(_referral_path, get=STAFF_ROUTES),
    "referrals.transition": Route(lambda: _referral_path("/estado"), post=RECEIVER_POST),
    "referrals.reopen": Route(lambda: _referral_path("/reabrir"), post=RECEIVER_POST),
    "referrals.confirm_identity": Route(lambda: _referral_path("/identidad"), post=RECEIVER_POST),
    "referrals.claim_changes": Route(lambda: _referral_path("/cambios"), post=RECEIVER_POST),
    "referrals.mark_read": Route(
        lambda: _referral_path("/leida"), post=only("staff_sena", "admin", status=302)
    ),
    "referrals.pass_on": Route(lambda: _referral_path("/remitir"), post=EITHER_SIDE_POST),
}
