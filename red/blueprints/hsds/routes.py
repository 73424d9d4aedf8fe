"""The HSDS 3.0 API: the eleven paths of the spec's OpenAPI, over the published catalog."""

from __future__ import annotations

from collections.abc import Iterator

from flask import abort, url_for

from red.blueprints.hsds import bp
from red.blueprints.hsds.openapi import openapi_document
from red.blueprints.hsds.params import Query, as_uuid
from red.blueprints.hsds.responses import Page, answer, page_of
from red.extensions import db
from red.models import Program
from red.permissions import PUBLIC, access
from red.query import BadQueryParameter
from red.services.calendar import local_today
from red.services.hsds import HSDS_VERSION, queries, records, values
from red.services.hsds import organizations as orgs
from red.services.hsds.taxonomies import TAXONOMIES, TAXONOMY_BY_ID, Terms, term_order
from red.text import fold

LIST = ("search", "page", "per_page", "format")
SERVICE_FILTERS = ("taxonomy_term_id", "taxonomy_id", "organization_id", "modified_after")
NDJSON_CHUNK = 100


def _links() -> records.Links:
    return records.Links(
        program_page=lambda slug: url_for("ruta.program", slug=slug, _external=True)
    )


def _service_filters(query: Query) -> queries.ServiceFilters:
    return queries.ServiceFilters(
        search=query.search(),
        organization_id=query.uuid("organization_id"),
        taxonomy_term_id=query.uuid("taxonomy_term_id"),
        taxonomy_id=query.uuid("taxonomy_id"),
        modified_after=query.moment("modified_after"),
    )


def _programs(query, page: int, per_page: int) -> tuple[list[Program], int]:
    found = queries.services_page(db.session, query, page=page, per_page=per_page)
    return list(found.items), found.total or 0


def _listing(query: Query, select_programs, render) -> object:
    """A page (json) or every item (ndjson) of programs, rendered by `render(programs)`."""
    if query.format() == "ndjson":
        return _every(select_programs, render)
    page, per_page = query.page(), query.per_page(minimal=query.boolean("minimal"))
    programs, total = _programs(select_programs, page, per_page)
    return Page(render(programs), total, page, per_page).envelope()


def _every(select_programs, render) -> Iterator[dict]:
    page = 1
    while True:
        programs, total = _programs(select_programs, page, NDJSON_CHUNK)
        yield from render(programs)
        if page * NDJSON_CHUNK >= total:
            return
        page += 1


@bp.route("/")
@access(PUBLIC)
def about():
    Query.read(())
    return answer(
        lambda _terms: {
            "version": HSDS_VERSION,
            "openapi_url": url_for("hsds.openapi", _external=True),
        }
    )


@bp.route("/openapi.json")
@access(PUBLIC)
def openapi():
    Query.read(())
    server = url_for("hsds.about", _external=True).rstrip("/")
    return answer(lambda _terms: openapi_document(server))


# --- services ----------------------------------------------------------------------------


@bp.route("/services")
@access(PUBLIC)
def services():
    query = Query.read((*LIST, *SERVICE_FILTERS, "minimal", "full"))
    minimal, full = query.boolean("minimal"), query.boolean("full")
    if minimal and full:
        raise BadQueryParameter("full", "true", "no se puede pedir junto con «minimal»")
    filters = _service_filters(query)

    def build(terms: Terms):
        links = _links()
        select_programs = queries.services_query(db.session, filters, terms, local_today())

        def render(programs):
            if minimal:
                return [records.service_minimal(p) for p in programs]
            if not full:
                return [records.service_summary(p, links) for p in programs]
            data = queries.service_data(db.session, programs, terms, nested=True)
            return [records.service(d, links) for d in data]

        return _listing(query, select_programs, render)

    return answer(build)


@bp.route("/services/<id>")
@access(PUBLIC)
def service(id: str):
    Query.read(())
    program = queries.program_by_uuid(db.session, Program.uuid, as_uuid(id))
    if program is None:
        abort(404, "No existe un servicio publicado con ese id.")

    def build(terms: Terms):
        (data,) = queries.service_data(db.session, [program], terms, nested=True)
        return records.service(data, _links())

    return answer(build)


# --- services at locations ---------------------------------------------------------------


@bp.route("/service_at_locations")
@access(PUBLIC)
def service_at_locations():
    query = Query.read((*LIST, *SERVICE_FILTERS, "full", "postcode", "proximity"))
    query.unavailable("postcode", "proximity")
    full = query.boolean("full")
    filters = _service_filters(query)

    def build(terms: Terms):
        links = _links()
        select_programs = queries.services_query(
            db.session, filters, terms, local_today(), at_office=True
        )

        def render(programs):
            data = queries.service_data(db.session, programs, terms, nested=full)
            return [_at_location(d, links, full=full) for d in data]

        return _listing(query, select_programs, render)

    return answer(build)


def _at_location(data: records.ServiceData, links: records.Links, *, full: bool) -> dict:
    program = data.program
    nested = (
        records.service(data, links, with_locations=False)
        if full
        else records.service_summary(program, links)
    )
    return records.service_at_location(program, service=nested)


@bp.route("/service_at_locations/<id>")
@access(PUBLIC)
def service_at_location(id: str):
    Query.read(())
    column = Program.service_at_location_uuid
    program = queries.program_by_uuid(db.session, column, as_uuid(id))
    if program is None or not orgs.has_office(program.owner):
        abort(404, "No existe un servicio en una sede con ese id.")

    def build(terms: Terms):
        (data,) = queries.service_data(db.session, [program], terms, nested=True)
        return _at_location(data, _links(), full=True)

    return answer(build)


# --- organizations -----------------------------------------------------------------------


def _organizations(actors, terms: Terms, *, full: bool, full_service: bool) -> list[dict]:
    if not (full or full_service):
        return [orgs.organization_summary(actor) for actor in actors]
    links = _links()
    owned = queries.services_of(db.session, [a.id for a in actors], terms, nested=full_service)
    out = []
    for actor in actors:
        services = [
            records.service(d, links) if full_service else records.service_summary(d.program, links)
            for d in owned.get(actor.id, [])
        ]
        # The organization is the container here: its services need not repeat it.
        services = [{k: v for k, v in s.items() if k != "organization"} for s in services]
        out.append(orgs.organization(actor, services))
    return out


@bp.route("/organizations")
@access(PUBLIC)
def organizations():
    query = Query.read((*LIST, "full", "full_service"))
    full, full_service = query.boolean("full"), query.boolean("full_service")
    search = query.search()

    def build(terms: Terms):
        select_actors = queries.organizations_query(search)

        def render(actors):
            return _organizations(actors, terms, full=full, full_service=full_service)

        if query.format() == "ndjson":
            return iter(render(db.session.scalars(select_actors).all()))
        page, per_page = query.page(), query.per_page()
        found = queries.organizations_page(db.session, select_actors, page=page, per_page=per_page)
        return Page(render(list(found.items)), found.total or 0, page, per_page).envelope()

    return answer(build)


@bp.route("/organizations/<id>")
@access(PUBLIC)
def organization(id: str):
    query = Query.read(("full_service",))
    full_service = query.boolean("full_service")
    actor = queries.organization_by_uuid(db.session, as_uuid(id))
    if actor is None:
        abort(404, "No existe una organización publicada con ese id.")
    return answer(
        lambda terms: _organizations([actor], terms, full=True, full_service=full_service)[0]
    )


# --- taxonomies --------------------------------------------------------------------------


def _matches(search: str, *texts: str | None) -> bool:
    words = fold(search).split()
    haystack = fold(" ".join(t or "" for t in texts))
    return all(word in haystack for word in words)


def _small_list(query: Query, items: list, render) -> object:
    if query.format() == "ndjson":
        return iter([render(item) for item in items])
    return page_of(items, query.page(), query.per_page(), render).envelope()


@bp.route("/taxonomies")
@access(PUBLIC)
def taxonomies():
    query = Query.read(LIST)
    search = query.search()
    chosen = [t for t in TAXONOMIES if _matches(search, t.name, t.description, t.key)]
    return answer(lambda _terms: _small_list(query, chosen, values.taxonomy))


@bp.route("/taxonomies/<id>")
@access(PUBLIC)
def taxonomy(id: str):
    Query.read(())
    found = TAXONOMY_BY_ID.get(as_uuid(id))
    if found is None:
        abort(404, "No existe una taxonomía con ese id.")
    return answer(lambda _terms: values.taxonomy(found))


@bp.route("/taxonomy_terms")
@access(PUBLIC)
def taxonomy_terms():
    query = Query.read((*LIST, "taxonomy_id", "top_only", "parent_id"))
    search, top_only = query.search(), query.boolean("top_only")
    taxonomy_id, parent_id = query.uuid("taxonomy_id"), query.uuid("parent_id")

    def build(terms: Terms):
        chosen = [
            term
            for term in queries.used_terms(db.session, terms)
            if (taxonomy_id is None or term.taxonomy.id == taxonomy_id)
            and (parent_id is None or term.parent_id == parent_id)
            and not (top_only and term.parent_id)
            and _matches(search, term.name, term.code, term.description)
        ]
        return _small_list(query, sorted(chosen, key=term_order), values.taxonomy_term)

    return answer(build)


@bp.route("/taxonomy_terms/<id>")
@access(PUBLIC)
def taxonomy_term(id: str):
    Query.read(())
    wanted = as_uuid(id)

    def build(terms: Terms):
        used = {term.id: term for term in queries.used_terms(db.session, terms)}
        if wanted not in used:
            abort(404, "No existe un término en uso con ese id.")
        return values.taxonomy_term(used[wanted])

    return answer(build)
