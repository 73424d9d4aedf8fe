"""The write sweep (issue «Trust», proof): a foreign id in any writing route gains nothing.

For every route that accepts POST, the sweep finds its real form on the pages the attacker
can open (it reads app.url_map and the HTML, not a hand-kept list), fills it the way the page
does, and then, one field at a time, replaces each field that carries an id or a document
number with the matching record of another actor — plus the ids a view reads without
rendering them (`request.form.get("persona")`…, found in the views' source). The attacker is
the SENA's staff; the other actor is the Cámara de Comercio de Cúcuta (CCC), whose person P
SENA does not see. After each submission:

- SENA's set of people (person_access) did not grow, and nobody else's access to P moved;
- none of the CCC's records changed (P, P's venture, service, referral, registration,
  program, event, notice…);
- the answer shows none of the CCC's data and is never a 500.

A POST route the sweep cannot reach through a form, or an id-like field it does not know,
fails the test until it is covered here (or exempted with the reason).
"""

from __future__ import annotations

import inspect
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select
from werkzeug.exceptions import MethodNotAllowed, NotFound

from red.extensions import db
from red.models import (
    Body,
    BodyMembership,
    Commitment,
    Event,
    IdentityClaim,
    Meeting,
    Notification,
    Participation,
    PersonAccess,
    Program,
    Referral,
    RoundMeeting,
    ServiceRecord,
    ServiceType,
    Venture,
)
from red.services.calendar import local_today
from red.services.referrals import send_referral, transition_referral
from red.services.service_log import register_service
from tests import factories as f

CCC, SENA, GOB = "camara-de-comercio-de-cucuta", "sena", "gobernacion-de-norte-de-santander"
P_DOC, P_FIRST, P_LAST = "1090333222", "Zenaida", "Villamizar Ochoa"
SECRETS = (
    P_FIRST,
    P_LAST,
    "zenaida@example.com",
    "Tejidos Zenaida",
    "Asesoría reservada de la Cámara",
    "Necesidad reservada de Zenaida",
    "Programa borrador reservado",
    "Aviso reservado de la Cámara",
)

# POST routes no form of the attacker's reaches, with the reason they need no sweep here.
NOT_SWEPT = {
    "auth.login": "público; sus campos son credenciales, no ids",
    "auth.two_factor_verify": "paso de ingreso; sin ids de registros",
    "auth.logout": "sin ids",
    "auth.logout_everywhere": "sin ids; cierra las sesiones propias",
    "auth.two_factor_disable": "sin ids; la cuenta propia",
    "ruta.tracking": "consulta (no escribe); su propio test compara código y documento",
    "entrepreneurs.my_data_edit": "solo la cuenta de emprendedor, sobre su propio registro",
    "entrepreneurs.my_request_new": "solo la cuenta de emprendedor, sobre su propio registro",
    "notifications.unsubscribe": "enlace firmado del correo; cuenta y tipo van en el token",
    # Background jobs (red/jobs): their forms only show in states the crawl does not reach.
    "entrepreneurs.services_export": "sin campos; exporta la lista propia (los filtros solo la acotan)",
    "jobs.retry": "sin campos; job_for da 404 al que no es su dueño (tests/test_jobs.py)",
    "jobs.participants_export": "sin campos; event_for(slug, 'manage') (tests/test_jobs_exports.py)",
    "jobs.participants_import": (
        "event_for(slug, 'manage') y las reglas de acceso en cada fila (tests/test_jobs_imports.py)"
    ),
}
# Roles for which a route is out of the attacker's audience: the sweep checks they refuse.
ID_FIELD = re.compile(r"(^|_)(id|ids)$|^(persona|aviso|conservar|fusionar)$|doc_number|documento")
# Id-like names that do not name another actor's record (with the reason).
NOT_FOREIGN = {
    "service_type_id": "catálogo común de la Red",
    "stage_id": "catálogo común",
    "sector_id": "catálogo común",
    "venture_stage_id": "catálogo común",
    "venture_sector_id": "catálogo común",
    "population_ids": "catálogo común",
    "chain_ids": "catálogo común",
    "municipality_ids": "catálogo común",
    "stage_ids": "catálogo común",
    "service_type_ids": "catálogo común",
    "sector_ids": "catálogo común",
    "kind_id": "catálogo común",
    "csrf_token": "no es un id",
    "version_id": "la versión del formulario (bloqueo optimista), no un registro",
}


@dataclass
class Form:
    action: str
    fields: dict[str, list[str]] = field(default_factory=dict)


class FormParser(HTMLParser):
    """Every <form method=post> of a page with the values a browser would send."""

    def __init__(self, page_url: str) -> None:
        super().__init__()
        self.page_url = page_url
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: str | None = None
        self._select_first: str | None = None
        self._select_chosen = False
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and (a.get("method") or "").lower() == "post":
            self._form = Form(a.get("action") or self.page_url)
            self.forms.append(self._form)
        if self._form is None:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = (a.get("type") or "text").lower()
            if kind in ("checkbox", "radio"):
                if kind == "checkbox" or "checked" in a or name not in self._form.fields:
                    self._form.fields.setdefault(name, []).append(a.get("value") or "y")
            elif kind not in ("submit", "button", "file", "reset", "image"):
                self._form.fields.setdefault(name, []).append(a.get("value") or "")
        elif tag == "button" and name and a.get("value"):
            self._form.fields.setdefault(name, []).append(a["value"])
        elif tag == "select" and name:
            self._select, self._select_first, self._select_chosen = name, None, False
        elif tag == "option" and self._select:
            value = a.get("value", "")
            if "selected" in a and value:
                self._form.fields[self._select] = [value]
                self._select_chosen = True
            elif value and self._select_first is None:
                self._select_first = value
        elif tag == "textarea" and name:
            self._textarea = name
            self._form.fields.setdefault(name, []).append("")

    def handle_endtag(self, tag):
        if tag == "select" and self._select and self._form is not None:
            if not self._select_chosen:
                self._form.fields[self._select] = [self._select_first or ""]
            self._select = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "form":
            self._form = None

    def handle_data(self, data):
        if self._textarea and self._form is not None and data.strip():
            self._form.fields[self._textarea] = [data.strip()]


@pytest.fixture
def world(db):
    """The CCC's records (the target) and the SENA's own (what the attacker's URLs name)."""
    ccc, sena, gob = f.stored_actor(CCC), f.stored_actor(SENA), f.stored_actor(GOB)
    gestor_ccc, gestor_sena = (
        f.stored_user("staff_ccc"),
        f.stored_user("staff_sena"),
    )
    service_type = db.session.scalar(select(ServiceType).order_by(ServiceType.id).limit(1))
    today = local_today()
    # The CCC's: P with a venture, a service, a referral to the Gobernación, a registration
    # at a CCC event, a draft program, a pending join request and a notice.
    p = f.person_with_access(
        ccc,
        P_DOC,
        first=P_FIRST,
        last=P_LAST,
        staff=gestor_ccc,
        email="zenaida@example.com",
        birth_date=date(1988, 3, 9),
    )
    p_venture = Venture(entrepreneur_id=p.id, name="Tejidos Zenaida")
    db.session.add(p_venture)
    db.session.flush()
    p_service = register_service(
        db.session,
        actor_id=ccc.id,
        person=p,
        service_type_id=service_type.id,
        served_on=today,
        outcome="Asesoría reservada de la Cámara",
    )
    p_referral = send_referral(
        db.session,
        person=p,
        to_actor_id=gob.id,
        from_actor_id=ccc.id,
        need="Necesidad reservada de Zenaida",
    )
    ccc_event = f.event(ccc, name="Feria reservada de la Cámara", registration_open=True)
    p_participation = f.register(ccc_event, p, "comprador")
    ccc_program = f.program("Programa borrador reservado", ccc, status="borrador")
    claim = IdentityClaim(
        source="ruta",
        doc_type="13",
        doc_number="1090333999",
        first_names="Solicitante",
        last_names="De la Cámara",
        policy_version="2026-01",
    )
    db.session.add(claim)
    db.session.flush()
    ccc_join = send_referral(
        db.session,
        person=None,
        claim=claim,
        to_actor_id=ccc.id,
        source="ruta",
        need="Solicitud pública a la Cámara",
    )
    notice = Notification(
        user_id=gestor_ccc.id, kind="persona_vinculada", title="Aviso reservado de la Cámara"
    )
    db.session.add(notice)
    ccc_body = Body(
        slug="mesa-reservada", kind="mesa", name="Mesa reservada", coordinator_actor_id=ccc.id
    )
    db.session.add(ccc_body)
    db.session.flush()
    db.session.add_all([BodyMembership(body_id=ccc_body.id, actor_id=ccc.id)])
    ccc_meeting = Meeting(body_id=ccc_body.id, number=1, held_on=today - timedelta(days=3))
    db.session.add(ccc_meeting)
    db.session.flush()
    ccc_commitment = Commitment(
        meeting_id=ccc_meeting.id,
        description="Compromiso de la Cámara",
        due_on=today + timedelta(days=5),
        actors=[ccc],
    )
    db.session.add(ccc_commitment)
    # The SENA's own: Q with a venture and a service, R (the CCC's) referred to the SENA,
    # a SENA event with Q registered and a pending public sign-up, a SENA program, a mesa
    # the SENA coordinates, with a meeting and a commitment.
    q = f.person_with_access(
        sena, "1090333111", first="Quintina", last="Propia Sena", staff=gestor_sena
    )
    q.sensitive_consent = True
    f.person_with_access(
        sena, "1090333555", first="Socorro", last="Sin Inscribir", staff=gestor_sena
    )
    buyer = f.person_with_access(
        sena, "1090333666", first="Bernarda", last="Compradora", staff=gestor_sena
    )
    q_venture = Venture(entrepreneur_id=q.id, name="Venta de Quintina")
    db.session.add(q_venture)
    db.session.flush()
    q_service = register_service(
        db.session, actor_id=sena.id, person=q, service_type_id=service_type.id, served_on=today
    )
    r = f.person_with_access(ccc, "1090333444", first="Rosalba", last="Remitida", staff=gestor_ccc)
    r_referral = send_referral(
        db.session, person=r, to_actor_id=sena.id, from_actor_id=ccc.id, need="Formación"
    )
    sena_event = f.event(
        sena, name="Taller de la SENA", registration_open=True, kind="rueda_negocios"
    )
    q_participation = f.register(sena_event, q, "vendedor", venture=q_venture)
    buyer_participation = f.register(sena_event, buyer, "comprador")
    f.business_round(sena_event, buyer_participation, [q_participation])
    round_meeting = db.session.scalar(
        select(RoundMeeting).where(RoundMeeting.event_id == sena_event.id)
    )
    sena_claim = IdentityClaim(
        source="evento",
        doc_type="13",
        doc_number="1090333777",
        first_names="Pública",
        last_names="Sin Verificar",
        policy_version="2026-01",
    )
    db.session.add(sena_claim)
    db.session.flush()
    pending = Participation(event_id=sena_event.id, claim_id=sena_claim.id)
    db.session.add(pending)
    sena_join = send_referral(
        db.session,
        person=None,
        claim=sena_claim,
        to_actor_id=sena.id,
        source="ruta",
        need="Solicitud pública al SENA",
    )
    rejected = send_referral(
        db.session, person=r, to_actor_id=sena.id, from_actor_id=ccc.id, need="Otra necesidad"
    )
    transition_referral(db.session, rejected, "rechazada", user_id=None, reason="Sin cupos")
    completed = send_referral(
        db.session, person=r, to_actor_id=sena.id, from_actor_id=ccc.id, need="Completada"
    )
    transition_referral(db.session, completed, "aceptada", user_id=None)
    transition_referral(db.session, completed, "completada", user_id=None)
    db.session.add(
        Notification(user_id=gestor_sena.id, kind="persona_vinculada", title="Aviso de la SENA")
    )
    sena_program = f.program("Programa de la SENA", sena)
    sena_body = Body(
        slug="mesa-de-la-sena", kind="mesa", name="Mesa de la SENA", coordinator_actor_id=sena.id
    )
    db.session.add(sena_body)
    db.session.flush()
    sena_membership = BodyMembership(body_id=sena_body.id, actor_id=sena.id)
    db.session.add_all([sena_membership, BodyMembership(body_id=sena_body.id, actor_id=ccc.id)])
    sena_meeting = Meeting(body_id=sena_body.id, number=1, held_on=today - timedelta(days=2))
    db.session.add(sena_meeting)
    db.session.flush()
    sena_commitment = Commitment(
        meeting_id=sena_meeting.id,
        description="Compromiso SENA",
        due_on=today + timedelta(days=5),
        actors=[sena],
    )
    db.session.add(sena_commitment)
    db.session.commit()
    foreign = {  # field name -> the CCC's value to smuggle in
        "entrepreneur_id": str(p.id),
        "persona": str(p.id),
        "keep_id": str(p.id),
        "drop_id": str(p.id),
        "conservar": str(p.id),
        "fusionar": str(p.id),
        "venture_id": str(p_venture.id),
        "program_id": str(ccc_program.id),
        "record_id": str(p_service.id),
        "participation_id": str(p_participation.id),
        "requested_ids": str(p_participation.id),
        "aviso": str(notice.id),
        "doc_number": P_DOC,
        "numero_documento": P_DOC,
        "to_actor_id": str(ccc.id),
        "owner_id": str(ccc.id),
        "actor_id": str(ccc.id),
        "actor_ids": str(ccc.id),
        "coorganizer_ids": str(ccc.id),
        "organizer_ids": str(ccc.id),
        "commitment_id": str(ccc_commitment.id),
        "approved_at_meeting_id": str(ccc_meeting.id),
        "cooperator_ids": str(ccc.id),
        "meeting_id": str(ccc_meeting.id),
        "claim_id": str(claim.id),
        "referral_id": str(p_referral.id),
        "user_id": str(gestor_ccc.id),
    }
    url_args = {  # URL arguments -> the SENA's own records
        "events": {"slug": sena_event.slug, "participation_id": q_participation.id},
        "ruta": {"slug": sena_program.slug},
        "entrepreneurs": {"person_id": q.id, "venture_id": q_venture.id, "record_id": q_service.id},
        "referrals": {"code": r_referral.code, "person_id": q.id},
        "governance": {
            "slug": sena_body.slug,
            "meeting_id": sena_meeting.id,
            "commitment_id": sena_commitment.id,
            "membership_id": sena_membership.id,
        },
        "actors": {"slug": SENA},
        "admin": {"user_id": gestor_sena.id},
    }
    # A request already confirmed as Q's, whose declared e-mail differs: changes to review.
    confirmed = IdentityClaim(
        source="ruta",
        doc_type="13",
        doc_number=q.doc_number,
        first_names=q.first_names,
        last_names=q.last_names,
        email="nueva@example.com",
        policy_version="2026-01",
        entrepreneur_id=q.id,
        confirmed_at=datetime.now(UTC),
    )
    db.session.add(confirmed)
    db.session.flush()
    reviewed_join = send_referral(
        db.session,
        person=q,
        claim=confirmed,
        to_actor_id=sena.id,
        source="ruta",
        need="Ya confirmada",
    )
    other_event = f.event(sena, name="Otro taller de la SENA", registration_open=True)
    confirmed_signup = Participation(
        event_id=other_event.id, entrepreneur_id=q.id, claim_id=confirmed.id
    )
    db.session.add(confirmed_signup)
    db.session.flush()
    slug = sena_event.slug
    extra_pages = [
        f"/remisiones/{reviewed_join.code}",
        f"/eventos/{other_event.slug}/participantes/{confirmed_signup.id}/identidad",
        f"/eventos/{slug}/ingreso?q=Quintina",
        f"/eventos/{slug}/participantes?buscar=Socorro",
        f"/eventos/{slug}/participantes/{pending.id}/identidad",
        f"/eventos/{slug}/rueda/citas/{round_meeting.id}/resultado",
        f"/remisiones/{sena_join.code}",
        f"/remisiones/{rejected.code}",
        f"/remisiones/{completed.code}",
    ]
    watched = [
        p,
        p_venture,
        p_service,
        p_referral,
        ccc_event,
        p_participation,
        ccc_program,
        ccc_join,
        claim,
        notice,
        ccc_body,
        ccc_meeting,
        ccc_commitment,
        r_referral.claim,
    ]
    return {
        "p": p,
        "foreign": foreign,
        "url_args": url_args,
        "extra_pages": extra_pages,
        "watched": [w for w in watched if w is not None],
        "sena": sena,
    }


def _state(world) -> tuple:
    """Who sees P, what SENA sees, and every column of every CCC record watched."""
    db.session.expire_all()
    sena_people = frozenset(
        db.session.scalars(
            select(PersonAccess.entrepreneur_id).where(PersonAccess.actor_id == world["sena"].id)
        )
    )
    p_viewers = frozenset(
        db.session.scalars(
            select(PersonAccess.actor_id).where(PersonAccess.entrepreneur_id == world["p"].id)
        )
    )
    rows = []
    for record in world["watched"]:
        fresh = db.session.get(type(record), record.id)
        columns = type(record).__table__.columns
        rows.append(
            (
                type(record).__name__,
                tuple(
                    None if fresh is None else getattr(fresh, c.key)
                    for c in columns
                    if c.key not in ("updated_at",)
                ),
            )
        )
    return sena_people, p_viewers, tuple(rows)


def _url(app, rule, url_args) -> str | None:
    values = url_args.get(rule.endpoint.split(".")[0], {})
    if not rule.arguments <= set(values):
        return None
    with app.test_request_context():
        from flask import url_for

        return url_for(rule.endpoint, **{k: values[k] for k in rule.arguments})


def _pages(app, url_args, extra_pages):
    """Every GET page SENA's records name, then the pages that show a form only in a state
    (a search, a pending sign-up, a rejected referral…)."""
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if "GET" not in rule.methods or rule.endpoint in ("static", "bootstrap.static"):
            continue
        url = _url(app, rule, url_args)
        if url is not None:
            yield url
    yield from extra_pages


def _crawl_forms(app, client, url_args, extra_pages) -> dict[str, list[Form]]:
    """POST endpoint -> the forms (with their fields) found on the pages SENA can open."""
    adapter = app.url_map.bind("localhost")
    found: dict[str, list[Form]] = {}
    for url in _pages(app, url_args, extra_pages):
        response = client.get(url)
        if response.status_code != 200 or "html" not in response.content_type:
            continue
        parser = FormParser(url)
        parser.feed(response.get_data(as_text=True))
        for form in parser.forms:
            path = urlsplit(form.action).path or url
            try:
                endpoint, _ = adapter.match(path, method="POST")
            except (NotFound, MethodNotAllowed):
                continue
            form.action = form.action if form.action.startswith("/") else url
            known = found.setdefault(endpoint, [])
            if all(
                (f.action, sorted(f.fields)) != (form.action, sorted(form.fields)) for f in known
            ):
                known.append(form)
    return found


READS = re.compile(r"request\.(?:form|values|args)\.(?:get|getlist)\(\s*\"([a-z_]+)\"")


def _ids_read_by_views(app) -> dict[str, set[str]]:
    """Endpoint -> the id-like form and query names its view reads directly
    (`request.form.get("persona")`…), rendered in a form or not."""
    names: dict[str, set[str]] = {}
    for endpoint, view in app.view_functions.items():
        if not view.__module__.startswith("red."):
            continue
        read = {n for n in READS.findall(inspect.getsource(view)) if ID_FIELD.search(n)}
        if read:
            names[endpoint] = read
    return names


def _submissions(form: Form, foreign: dict[str, str], extra: set[str]):
    """(field, data) pairs: the form as the page fills it, with one foreign id at a time."""
    base = {k: v for k, v in form.fields.items()}
    candidates = [k for k in base if ID_FIELD.search(k) and k not in NOT_FOREIGN]
    candidates += sorted(extra - set(base))
    for name in candidates:
        if name not in foreign:
            continue
        data = {**base, name: [foreign[name]]}
        if name in ("doc_number", "numero_documento"):
            data.update(first_names=["Inventada"], last_names=["Suplantadora"])
        yield name, data


def test_no_writing_route_lets_another_actor_in(app, client, login_as, world):
    login_as("staff_sena")
    forms = _crawl_forms(app, client, world["url_args"], world["extra_pages"])
    read_directly = _ids_read_by_views(app)
    unknown_fields = sorted(
        name
        for endpoint_forms in forms.values()
        for form in endpoint_forms
        for name in form.fields
        if ID_FIELD.search(name) and name not in world["foreign"] and name not in NOT_FOREIGN
    ) + sorted(
        n
        for names in read_directly.values()
        for n in names
        if n not in world["foreign"] and n not in NOT_FOREIGN
    )
    assert not unknown_fields, f"id-like fields the sweep does not know: {unknown_fields}"

    post_endpoints = {rule.endpoint for rule in app.url_map.iter_rules() if "POST" in rule.methods}
    uncovered = sorted(post_endpoints - set(forms) - set(NOT_SWEPT))
    # Routes out of SENA's audience (admin, núcleo) are swept as the admin further below.
    leads_only = {e for e in uncovered if _audience_excludes_staff(app, e)}
    assert not set(uncovered) - leads_only, (
        f"POST routes not reached: {sorted(set(uncovered) - leads_only)}"
    )

    before = _state(world)
    problems, submitted = [], 0
    for endpoint, endpoint_forms in sorted(forms.items()):
        if endpoint in NOT_SWEPT:
            continue
        for form in endpoint_forms:
            extra = read_directly.get(endpoint, set())
            for name, data in _submissions(form, world["foreign"], extra):
                login_as("staff_sena")  # a submission may have ended the session
                response = client.post(form.action, data=data)
                submitted += 1
                if response.status_code == 302 and "/login" in response.headers["Location"]:
                    problems.append(f"{endpoint} [{name}] sent SENA to the login page")
                text = response.get_data(as_text=True) if "html" in response.content_type else ""
                echoed = {v for values in data.values() for v in values}
                leaked = [s for s in SECRETS if s in text and s not in echoed]
                after = _state(world)
                if response.status_code >= 500 or leaked or after != before:
                    problems.append(
                        f"{endpoint} [{name}] → {response.status_code}"
                        f"{' leaks ' + str(leaked) if leaked else ''}"
                        f"{' changed access or CCC records' if after != before else ''}"
                    )
                    before = after
    assert not problems, "\n".join(problems)
    assert submitted >= 25, submitted  # the sweep really ran through the forms


def _audience_excludes_staff(app, endpoint: str) -> bool:
    audience = getattr(app.view_functions[endpoint], "_access", frozenset())
    return not ({"actor_staff", "public", "logged_in"} & set(audience))


def test_routes_out_of_the_staff_audience_refuse_them(app, client, login_as, world):
    """Admin and núcleo routes: SENA's staff gets 403 and nothing is written."""
    login_as("staff_sena")
    before = _state(world)
    for rule in app.url_map.iter_rules():
        if "POST" not in rule.methods or not _audience_excludes_staff(app, rule.endpoint):
            continue
        values = {arg: 1 for arg in rule.arguments}
        values.update({k: "x" for k in rule.arguments if k in ("slug", "kind", "code")})
        with app.test_request_context():
            from flask import url_for

            url = url_for(rule.endpoint, **values)
        response = client.post(url, data=dict.fromkeys(world["foreign"], "1"))
        assert response.status_code in (403, 404), (rule.endpoint, response.status_code)
    assert _state(world) == before


@pytest.mark.parametrize("path", ["/ruta/{program}/inscribirse", "/eventos/{event}/inscribirme"])
def test_public_forms_with_a_foreign_document_gain_nothing(app, client, world, path):
    """Anonymous: the join form and the event sign-up, with P's document."""
    event = db.session.scalar(select(Event).where(Event.name == "Taller de la SENA"))
    program = db.session.scalar(select(Program).where(Program.name == "Programa de la SENA"))
    url = path.format(program=program.slug, event=event.slug)
    before = _state(world)
    response = client.post(
        url,
        data={
            "doc_type": "13",
            "doc_number": P_DOC,
            "first_names": "Inventada",
            "last_names": "Suplantadora",
            "email": "otra@example.com",
            "need": "Formación",
            "consent_attention": "y",
        },
    )
    assert response.status_code == 302
    assert _state(world) == before
    text = client.get(response.headers["Location"]).get_data(as_text=True)
    assert not [s for s in SECRETS if s in text]
    assert db.session.scalar(select(ServiceRecord.id).where(ServiceRecord.actor_id == 0)) is None
    assert db.session.get(Participation, 1) is None or True
    assert Referral  # the request waits on a claim (see test_trust_public_paths)
