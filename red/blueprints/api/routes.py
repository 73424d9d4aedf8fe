"""Public read-only API over the published catalog (same filters as /ruta)."""

from __future__ import annotations

from flask import abort, jsonify, url_for

from red.blueprints.api import bp
from red.blueprints.api.openapi import openapi_document
from red.extensions import db
from red.permissions import PUBLIC, access
from red.query import query_args
from red.services import catalog_search, open_data, programs
from red.services.calendar import local_today


def _page_url(slug: str) -> str:
    return url_for("ruta.program", slug=slug, _external=True)


@bp.route("/programs")
@access(PUBLIC)
def programs_list():
    args = query_args()
    args.once("page", "per_page")  # one value each: a repeated one is refused, not guessed
    args.not_blank("page", "per_page")
    filters = catalog_search.ProgramFilters.from_args(args)
    per_page = args.number("per_page", minimum=1, default=catalog_search.DEFAULT_PER_PAGE)
    page = catalog_search.search_programs(
        db.session, filters, page=args.page(), per_page=min(per_page, 100), today=local_today()
    )
    return jsonify(
        {
            "items": [open_data.program_to_dict(p, _page_url(p.slug)) for p in page.items],
            "total": page.total,
            "page": page.page,
            "per_page": page.per_page,
            "pages": page.pages,
        }
    )


@bp.route("/programs/<slug>")
@access(PUBLIC)
def program_detail(slug: str):
    item = programs.program_by_slug(db.session, slug)
    if item is None or item.status != "publicado":
        abort(404, "No existe un programa publicado con ese identificador.")
    return jsonify(open_data.program_to_dict(item, _page_url(item.slug)))


@bp.route("/openapi.json")
@access(PUBLIC)
def openapi():
    server = url_for("api.programs_list", _external=True).rsplit("/programs", 1)[0]
    return jsonify(openapi_document(server))
