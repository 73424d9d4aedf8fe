"""The OpenAPI 3.0 description of the public API (/api/v1/openapi.json): its query
parameters, its two paths, and the shape of a program as open_data.program_to_dict gives it."""

from __future__ import annotations

from red.services.bounds import INT64_MAX, MAX_PAGE

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


ERROR = {"$ref": "#/components/schemas/Error"}
PROGRAM = {"$ref": "#/components/schemas/Program"}
SLUG = {
    "name": "slug",
    "in": "path",
    "required": True,
    "schema": {"type": "string", "pattern": "^[a-z0-9-]+$"},
}


def _answer(description: str, schema: dict) -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _query_parameters() -> list[dict]:
    filters = [
        {"name": name, "in": "query", "required": False, "description": text, "schema": TEXT_PARAM}
        for name, text in FILTER_PARAMS.items()
    ]
    paging = [
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
    return filters + paging


def _list_path() -> dict:
    integer = {"type": "integer"}
    page = {
        "type": "object",
        "properties": {
            "items": {"type": "array", "items": PROGRAM},
            "total": integer,
            "page": integer,
            "per_page": integer,
            "pages": integer,
        },
    }
    return {
        "get": {
            "summary": "Buscar programas publicados",
            "parameters": _query_parameters(),
            "responses": {
                "200": _answer("Una página de programas", page),
                "400": _answer("Parámetro no válido", ERROR),
            },
        }
    }


def _detail_path() -> dict:
    return {
        "get": {
            "summary": "Un programa publicado",
            "parameters": [SLUG],
            "responses": {
                "200": _answer("El programa", PROGRAM),
                "400": _answer("Identificador no válido", ERROR),
                "404": _answer("No existe", ERROR),
            },
        }
    }


def _error_schema() -> dict:
    text = {"type": "string"}
    body = {
        "type": "object",
        "properties": {"code": {"type": "integer"}, "title": text, "message": text},
    }
    return {"type": "object", "properties": {"error": body}}


def openapi_document(server_url: str) -> dict:
    """The whole description, served from `server_url` (the API's base URL)."""
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "API de la Ruta – Red Regional de Emprendimiento de Norte de Santander",
            "version": "1.0.0",
            "description": "Programas y servicios publicados por los actores de la Red.",
        },
        "servers": [{"url": server_url}],
        "paths": {"/programs": _list_path(), "/programs/{slug}": _detail_path()},
        "components": {"schemas": {"Program": _program_schema(), "Error": _error_schema()}},
    }
