"""Public read-only API over the published catalog (same filters as /ruta)."""

from __future__ import annotations

from flask import abort, jsonify, url_for

from red.blueprints.api import bp
from red.extensions import db
from red.permissions import PUBLIC, access
from red.query import query_args
from red.services import catalog_search, open_data, programs
from red.services.bounds import INT64_MAX, MAX_PAGE
from red.services.calendar import local_today

FILTER_PARAMS = {
    "q": "Texto libre (sin importar tildes ni mayúsculas) en nombre, resumen, descripción y actor.",
    "etapa": "Número de etapa de la Ruta (0 a 5).",
    "tipo": "Código del tipo de servicio.",
    "sector": "Código de sección CIIU (A–U).",
    "cadena": "Código de la cadena productiva.",
    "municipio": "Código DIVIPOLA; los programas de todo el departamento cuentan en todos.",
    "subregion": "Subregión del departamento.",
    "poblacion": "Código del grupo poblacional.",
    "actor": "Slug del actor dueño o cooperante.",
    "costo": "«gratuito» para solo programas sin costo.",
    "modalidad": "presencial, virtual o mixta.",
    "abierta": "1 para programas con inscripciones abiertas hoy.",
}


# Any text except a NUL byte, which every request refuses with a 400 (red/security.py).
TEXT_PARAM = {"type": "string", "pattern": "^[^\\x00]*$"}


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


def _program_schema() -> dict:
    """The shape of open_data.program_to_dict: every key is always present, some may be null."""

    def obj(**properties: dict) -> dict:
        return {"type": "object", "required": list(properties), "properties": properties}

    text = {"type": "string"}
    nullable_text = {"type": "string", "nullable": True}
    nullable_date = {"type": "string", "format": "date", "nullable": True}
    uuid = {"type": "string", "format": "uuid"}
    named = obj(uuid=uuid, slug=text, name=text, acronym=nullable_text)
    coded = obj(code=text, name=text)
    return obj(
        id={"type": "integer"},
        uuid=uuid,
        slug=text,
        name=text,
        summary=nullable_text,
        description=nullable_text,
        requirements=nullable_text,
        actor=named,
        cooperators={"type": "array", "items": named},
        stages={"type": "array", "items": obj(number={"type": "integer"}, name=text)},
        service_types={"type": "array", "items": coded},
        sectors={"type": "array", "items": coded},
        populations={"type": "array", "items": coded},
        whole_department={"type": "boolean"},
        municipalities={"type": "array", "items": coded},
        is_free={"type": "boolean"},
        cost_cop={"type": "integer", "nullable": True},
        modality={"type": "string", "enum": ["presencial", "virtual", "mixta"]},
        opens_on=nullable_date,
        closes_on=nullable_date,
        capacity={"type": "integer", "nullable": True},
        contact=obj(name=nullable_text, email=nullable_text, phone=nullable_text),
        link=nullable_text,
        page={"type": "string", "format": "uri"},
        last_reviewed_on=nullable_date,
    )


@bp.route("/openapi.json")
@access(PUBLIC)
def openapi():
    error = {"$ref": "#/components/schemas/Error"}
    parameters = [
        {
            "name": name,
            "in": "query",
            "required": False,
            "description": text,
            "schema": TEXT_PARAM,
        }
        for name, text in FILTER_PARAMS.items()
    ] + [
        {
            "name": "page",
            "in": "query",
            "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE},
        },
        {
            "name": "per_page",
            "in": "query",
            "description": "Resultados por página; se entregan 100 como máximo (un número mayor cuenta como 100).",
            "schema": {"type": "integer", "minimum": 1, "maximum": INT64_MAX, "default": 20},
        },
    ]
    document = {
        "openapi": "3.0.3",
        "info": {
            "title": "API de la Ruta – Red Regional de Emprendimiento de Norte de Santander",
            "version": "1.0.0",
            "description": "Programas y servicios publicados por los actores de la Red.",
        },
        "servers": [
            {"url": url_for("api.programs_list", _external=True).rsplit("/programs", 1)[0]}
        ],
        "paths": {
            "/programs": {
                "get": {
                    "summary": "Buscar programas publicados",
                    "parameters": parameters,
                    "responses": {
                        "200": {
                            "description": "Una página de programas",
                            "content": {
                                "application/json": {
                                    "schema": {
                                        "type": "object",
                                        "properties": {
                                            "items": {
                                                "type": "array",
                                                "items": {"$ref": "#/components/schemas/Program"},
                                            },
                                            "total": {"type": "integer"},
                                            "page": {"type": "integer"},
                                            "per_page": {"type": "integer"},
                                            "pages": {"type": "integer"},
                                        },
                                    }
                                }
                            },
                        },
                        "400": {
                            "description": "Parámetro no válido",
                            "content": {"application/json": {"schema": error}},
                        },
                    },
                }
            },
            "/programs/{slug}": {
                "get": {
                    "summary": "Un programa publicado",
                    "parameters": [
                        {
                            "name": "slug",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "string", "pattern": "^[a-z0-9-]+$"},
                        }
                    ],
                    "responses": {
                        "200": {
                            "description": "El programa",
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/Program"}
                                }
                            },
                        },
                        "400": {
                            "description": "Identificador no válido",
                            "content": {"application/json": {"schema": error}},
                        },
                        "404": {
                            "description": "No existe",
                            "content": {"application/json": {"schema": error}},
                        },
                    },
                }
            },
        },
        "components": {
            "schemas": {
                "Program": _program_schema(),
                "Error": {
                    "type": "object",
                    "properties": {
                        "error": {
                            "type": "object",
                            "properties": {
                                "code": {"type": "integer"},
                                "title": {"type": "string"},
                                "message": {"type": "string"},
                            },
                        }
                    },
                },
            }
        },
    }
    return jsonify(document)
