"""Views of the Ruta: public catalog, program page, finder, ask to join and tracking."""

from __future__ import annotations

from datetime import date

from flask import (
    current_app,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user
from sqlalchemy import select

from red.blueprints.ruta import bp
from red.blueprints.ruta.catalog_version import version_and_badges
from red.blueprints.ruta.forms import JoinForm, TrackingForm
from red.blueprints.ruta.rendering import facet_options, result_cards
from red.es_co import catalog_order
from red.extensions import db, limiter
from red.models import (
    Entrepreneur,
    Municipality,
    PopulationGroup,
    ProductiveChain,
    RouteStage,
    Sector,
    ServiceType,
)
from red.models.programs import MODALITIES, PROGRAM_STATUSES
from red.permissions import PUBLIC, access, can_manage_actor
from red.permissions.records import program_for
from red.query import query_args
from red.services import catalog_facets, catalog_search, join, page_cache, programs
from red.services.calendar import local_today
from red.services.documents import DocumentError
from red.services.people import ConsentError
from red.services.query_understanding import Understanding, understand
from red.services.referrals import notify_applicant, notify_receiving_actor
from red.services.route_finder import Profile, answers_from, find_route

FILTER_LABELS = {
    "q": "Texto",
    "etapa": "Etapa",
    "tipo": "Tipo de servicio",
    "sector": "Sector",
    "cadena": "Cadena productiva",
    "municipio": "Municipio",
    "subregion": "Subregión",
    "poblacion": "Población",
    "actor": "Actor",
    "costo": "Costo",
    "modalidad": "Modalidad",
    "abierta": "Inscripciones",
}


def _chips(filters: catalog_search.ProgramFilters, facets: catalog_facets.Facets) -> list:
    """Active filters as removable chips: each understood term of `q`, the rest of the text,
    then each structured filter. `remove` holds the query arguments that drop the chip."""
    labels = {name: {o.value: o.label for o in options} for name, options in facets.options.items()}
    chips = []
    understood = filters.understood
    if understood:
        plain = [i for i, t in enumerate(understood.terms) if not t.understood]
        for i, term in enumerate(understood.terms):
            if term.understood:
                chips.append(
                    {"text": term.chip_label, "remove": {"q": understood.query_without(i)}}
                )
        if plain:
            kept = " ".join(t.typed for t in understood.terms if t.understood)
            words = " ".join(understood.terms[i].typed for i in plain)
            chips.append({"text": f"Texto: {words}", "remove": {"q": kept}})
    for key, value in filters.as_args().items():
        if key == "q":
            continue
        shown = labels.get(key, {}).get(value, value)
        if key == "costo":
            shown = "Gratuito"
        elif key == "abierta":
            shown = "Abiertas hoy"
        chips.append({"text": f"{FILTER_LABELS[key]}: {shown}", "remove": {key: None}})
    return chips


def _hidden_counts(filters: catalog_search.ProgramFilters, chips: list, today: date) -> list:
    """On an empty page: how many programs each active filter is hiding (zero is left out)."""
    out = []
    for chip in chips:
        relaxed = catalog_search.without(filters, chip["remove"])
        n = catalog_search.count_matching(db.session, relaxed, today)
        if n:
            out.append({**chip, "count": n})
    return out


def _cache_key(version: tuple) -> tuple | None:
    """Key for the public page cache, or None when this request must not use it."""
    if current_user.is_authenticated or session.get("_flashes"):
        return None
    return (request.full_path, local_today().isoformat(), version)


@bp.route("/ruta")
@access(PUBLIC)
def catalog():
    # One read of the catalog's version serves the page cache and the in-memory catalog.
    version = version_and_badges()
    key = _cache_key(version)
    cached = page_cache.catalog_pages.get(key) if key else None
    if cached is not None:
        return cached
    page = _render_catalog(version)
    if key is not None:
        page_cache.catalog_pages.put(key, page)
    return page


def _render_catalog(version: tuple) -> str:
    args = query_args()
    filters = catalog_search.ProgramFilters.from_args(args)
    catalog_search.prepare(db.session, filters, version=version)
    today = local_today()
    results = catalog_search.search_cards(db.session, filters, page=args.page(), today=today)
    facets = catalog_facets.facet_counts(db.session, filters, today)
    chips = _chips(filters, facets)
    empty = not results.items and results.page == 1
    return render_template(
        "ruta/catalog.html",
        filters=filters,
        results=results,
        facets=facets,
        chips=chips,
        hidden=_hidden_counts(filters, chips, today) if empty else [],
        path=catalog_facets.stage_path(db.session, filters),
        cards=result_cards(filters.snapshot.index, results.items, MODALITIES),
        facet_options=facet_options,
    )


@bp.route("/ruta/<slug>")
@access(PUBLIC)
def program(slug: str):
    item = program_for(slug)
    today = local_today()
    return render_template(
        "ruta/program.html",
        program=item,
        places_left=programs.places_left(db.session, [item])[item.id],
        next_programs=programs.next_programs(db.session, item),
        can_manage=can_manage_actor(current_user, item.owner_id),
        is_open=_accepts_requests(item, today),
        today=today,
        statuses=PROGRAM_STATUSES,
        modalities=MODALITIES,
    )


def _accepts_requests(item, today: date) -> bool:
    try:
        join.check_program_open(db.session, item, today)
    except join.JoinError:
        return False
    return True


def _active(model) -> list:
    """A catalog's active entries in the order its lists show them (position, then name)."""
    return catalog_order(db.session.scalars(select(model).where(model.active.is_(True))))


# --- route finder --------------------------------------------------------------------------

STAGE_QUESTIONS = {
    0: "Quiero aprender sobre emprendimiento",
    1: "Tengo una idea y quiero darle forma",
    2: "Voy a arrancar o arranqué hace poco mi negocio",
    3: "Mi negocio funciona y quiero fortalecerlo",
    4: "Mi negocio crece y quiero escalarlo",
    5: "Quiero vender en otros países",
}


@bp.route("/ruta/encuentra")
@access(PUBLIC)
def finder():
    stages = db.session.scalars(
        select(RouteStage).where(RouteStage.active.is_(True)).order_by(RouteStage.number)
    ).all()
    municipalities = db.session.scalars(
        select(Municipality).order_by(Municipality.name_sort, Municipality.code)
    ).all()
    chains, populations, needs = (
        _active(model) for model in (ProductiveChain, PopulationGroup, ServiceType)
    )
    args = query_args()
    stage = args.number("etapa", minimum=0, maximum=99)
    q = args.text("q", max_length=200)
    understood = understand(db.session, q)
    # Words typed in the catalog pre-answer the questions until the form is sent.
    typed = answers_from(understood) if stage is None else answers_from(Understanding())
    steps = None
    profile = Profile(
        stage=stage if stage is not None else -1,
        municipio=args.text("municipio", max_length=5) or typed["municipio"],
        cadena=args.text("cadena", max_length=40) or typed["cadena"],
        necesidad=args.text("necesidad", max_length=40) or typed["necesidad"],
        poblaciones=args.texts("poblacion", max_items=10, max_length=40) or typed["poblaciones"],
    )
    if stage is not None:
        steps = find_route(db.session, profile)
    return render_template(
        "ruta/finder.html",
        stages=stages,
        questions=STAGE_QUESTIONS,
        municipalities=municipalities,
        chains=chains,
        populations=populations,
        needs=needs,
        profile=profile,
        steps=steps,
        q=q,
        understood=understood,
    )


# --- ask to join ---------------------------------------------------------------------------


def _join_limit() -> str:
    return current_app.config.get("RUTA_JOIN_RATE_LIMIT", "10 per hour")


def _fill_join_choices(form: JoinForm) -> None:
    municipalities = db.session.scalars(
        select(Municipality).order_by(Municipality.name_sort, Municipality.code)
    ).all()
    form.municipality_code.choices = [("", "Seleccione…")] + [
        (m.code, m.name) for m in municipalities
    ]
    stages = db.session.scalars(
        select(RouteStage).where(RouteStage.active.is_(True)).order_by(RouteStage.number)
    ).all()
    form.venture_stage_id.choices = [("", "Seleccione…")] + [
        (s.id, f"{s.number}. {s.name}") for s in stages
    ]
    sectors = db.session.scalars(
        select(Sector).where(Sector.active.is_(True)).order_by(Sector.position, Sector.code)
    ).all()  # CIIU sections keep their letter order (A, B, C…)
    form.venture_sector_id.choices = [("", "Seleccione…")] + [(s.id, s.name) for s in sectors]
    populations = _active(PopulationGroup)
    form.population_ids.choices = [
        (p.id, p.name + (" (dato sensible)" if p.sensitive else "")) for p in populations
    ]


def _join_request(form: JoinForm) -> join.JoinRequest:
    return join.JoinRequest(
        doc_type=form.doc_type.data,
        doc_number=form.doc_number.data or "",
        first_names=form.first_names.data or "",
        last_names=form.last_names.data or "",
        need=form.need.data or "",
        consent_attention=bool(form.consent_attention.data),
        policy_version=current_app.config["PRIVACY_POLICY_VERSION"],
        email=form.email.data,
        phone=form.phone.data,
        municipality_code=form.municipality_code.data or None,
        birth_date=form.birth_date.data,
        legal_representative=form.legal_representative.data,
        consent_statistics=bool(form.consent_statistics.data),
        consent_communications=bool(form.consent_communications.data),
        consent_sensitive=bool(form.consent_sensitive.data),
        venture_name=form.venture_name.data,
        venture_stage_id=form.venture_stage_id.data,
        venture_sector_id=form.venture_sector_id.data,
        venture_is_formal=bool(form.venture_is_formal.data),
        population_ids=list(form.population_ids.data or []),
        ethnicity=form.ethnicity.data or None,
        has_disability=True if form.has_disability.data else None,
        is_conflict_victim=True if form.is_conflict_victim.data else None,
    )


def _own_record():
    """The logged-in entrepreneur's own record: asking for themselves needs no confirmation."""
    if getattr(current_user, "is_authenticated", False) and current_user.entrepreneur_id:
        return db.session.get(Entrepreneur, current_user.entrepreneur_id)
    return None


@bp.route("/ruta/<slug>/inscribirse", methods=["GET", "POST"])
@access(PUBLIC)
@limiter.limit(_join_limit, methods=["POST"])
def join_program(slug: str):
    item = program_for(slug)
    form = JoinForm()
    _fill_join_choices(form)
    error = None
    if request.method == "POST" and form.sitio_web.data:
        # A bot filled the hidden field: answer as usual, write nothing.
        current_app.logger.info("Solicitud descartada por el honeypot (programa %s)", slug)
        return redirect(url_for("ruta.program", slug=slug))
    if form.validate_on_submit():
        try:
            referral = join.request_to_join(
                db.session, item, _join_request(form), own_person=_own_record()
            )
        except DocumentError as exc:
            form.doc_number.errors.append(str(exc))
        except ConsentError as exc:
            target = form.legal_representative if "representante" in str(exc) else None
            if target is None:
                target = form.consent_sensitive if "sensib" in str(exc) else form.consent_attention
            target.errors.append(str(exc))
        except join.JoinError as exc:
            error = str(exc)
        else:
            db.session.commit()
            notify_receiving_actor(
                db.session,
                referral,
                url_for("referrals.detail", code=referral.code, _external=True),
            )
            notify_applicant(db.session, referral)
            db.session.commit()  # the notices
            session["ruta_join"] = {"code": referral.code, "program": item.name}
            return redirect(url_for("ruta.join_done"))
        db.session.rollback()
    status = 200 if request.method == "GET" else 422
    return render_template(
        "ruta/join.html",
        program=item,
        form=form,
        error=error,
        is_open=_accepts_requests(item, local_today()),
        policy_version=current_app.config["PRIVACY_POLICY_VERSION"],
    ), status


@bp.route("/ruta/solicitud/enviada")
@access(PUBLIC)
def join_done():
    """Shows the tracking code of the request this browser just sent (kept in its session)."""
    return render_template("ruta/join_done.html", sent=session.get("ruta_join"))


def _tracking_limit() -> str:
    return current_app.config.get("RUTA_TRACKING_RATE_LIMIT", "20 per hour")


@bp.route("/ruta/seguimiento", methods=["GET", "POST"])
@access(PUBLIC)
@limiter.limit(_tracking_limit, methods=["POST"])
def tracking():
    """Status of a request for whoever has its code and the document number.

    The lookup is a POST so the document number never lands in URLs, logs or history.
    """
    form = TrackingForm()
    found, not_found = None, False
    if form.validate_on_submit():
        found = join.track_request(db.session, form.code.data, form.doc_number.data)
        not_found = found is None
    return render_template("ruta/tracking.html", form=form, found=found, not_found=not_found)


from red.blueprints.ruta import manage_views, open_data_views  # noqa: E402,F401
