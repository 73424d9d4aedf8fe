"""/api/hsds/openapi.json: the spec's own OpenAPI document (red/data/hsds/openapi.json, tag
v3.0), with Red's information, server, the bounds Red enforces and its error answers.

Paths, operations and parameters stay the spec's; response schemas keep pointing at the
spec's published JSON schemas. Two fixes to the spec, both documented in the text: the
`modified_after` format is "date-time" (the spec writes "datetime"), and
/service_at_locations/{id} answers a service_at_location (the spec points at the service
schema).
"""

from __future__ import annotations

import copy
import json
from functools import cache
from importlib import resources
from typing import Any

from flask import current_app

from red.blueprints.hsds.params import DEFAULT_PER_PAGE, MAX_PER_PAGE, MAX_PER_PAGE_MINIMAL
from red.services.bounds import MAX_PAGE

SPEC_COMPILED = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/compiled/"
UUID = {"type": "string", "format": "uuid"}

PARAMETERS: dict[str, tuple[str, dict[str, Any]]] = {
    "search": (
        "Texto libre, con el mismo buscador del catálogo de la Ruta (sin importar tildes ni "
        "mayúsculas). Se usan los primeros 200 caracteres.",
        {"type": "string", "maxLength": 200},
    ),
    "page": ("Número de página, desde 1.", {"type": "integer", "minimum": 1, "maximum": MAX_PAGE}),
    "per_page": (
        f"Resultados por página: de 1 a {MAX_PER_PAGE} ({DEFAULT_PER_PAGE} si no se indica); "
        f"con «minimal=true», hasta {MAX_PER_PAGE_MINIMAL}.",
        {
            "type": "integer",
            "minimum": 1,
            "maximum": MAX_PER_PAGE_MINIMAL,
            "default": DEFAULT_PER_PAGE,
        },
    ),
    "minimal": (
        "Solo id, nombre, estado y last_modified de cada servicio (name y status son "
        "obligatorios en HSDS).",
        {"type": "boolean"},
    ),
    "full": ("Objetos completos, con todo lo anidado.", {"type": "boolean"}),
    "modified_after": (
        "Solo lo modificado desde esta fecha y hora ISO 8601 (sin zona horaria: hora de "
        "Colombia). También se acepta una fecha AAAA-MM-DD.",
        {"type": "string", "format": "date-time"},
    ),
    "taxonomy_term_id": ("Servicios con este término (id UUID).", UUID),
    "taxonomy_id": ("Servicios con algún término de esta taxonomía (id UUID).", UUID),
    "organization_id": ("Servicios de esta organización (id UUID).", UUID),
    "full_service": ("Los servicios de cada organización, completos.", {"type": "boolean"}),
    "postcode": (
        "No disponible en Red (no registra códigos postales): se responde 400.",
        {"type": "string"},
    ),
    "proximity": (
        "No disponible en Red (no registra coordenadas): se responde 400.",
        {"type": "string"},
    ),
    "format": (
        "«json» (por páginas, por defecto) o «ndjson» (todos los resultados, un objeto por "
        "línea, sin paginar).",
        {"type": "string", "enum": ["json", "ndjson"], "default": "json"},
    ),
}

ERROR = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["code", "title", "message"],
            "properties": {
                "code": {"type": "integer"},
                "title": {"type": "string"},
                "message": {"type": "string", "description": "Qué pasó, en español."},
            },
        }
    },
}


@cache
def spec_document() -> dict[str, Any]:
    text = resources.files("red").joinpath("data/hsds/openapi.json").read_text("utf-8")
    return json.loads(text)


def _error(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }


def _adapt_operation(path: str, operation: dict[str, Any]) -> None:
    responses = operation["responses"]
    responses["304"] = {"description": "Sin cambios desde el ETag o la fecha enviados."}
    responses["400"] = _error("Parámetro no válido (el mensaje dice qué se esperaba).")
    responses["429"] = _error("Demasiadas solicitudes desde la misma dirección IP.")
    if "{id}" in path:
        responses["404"] = _error("No existe o no está publicado.")
    for parameter in operation.get("parameters", []):
        if parameter.get("name") in ("top_only",):
            parameter["description"] = "Solo los términos de primer nivel (sin padre)."
        if parameter.get("name") == "parent_id":
            parameter["description"] = "Solo los términos hijos de este término (id UUID)."
            parameter["schema"] = dict(UUID)
    if path == "/service_at_locations/{id}":
        schema = responses["200"]["content"]["application/json"]["schema"]
        schema["$ref"] = SPEC_COMPILED + "service_at_location.json"


def openapi_document(server: str) -> dict[str, Any]:
    """The document for this server (its absolute /api/hsds address)."""
    document = copy.deepcopy(spec_document())
    license_name = current_app.config["OPEN_DATA_LICENSE_NAME"]
    document["info"] = {
        "title": "API HSDS 3.0 de la Ruta – Red Regional de Emprendimiento de Norte de Santander",
        "version": "1.0.0",
        "summary": "Programas y servicios publicados por los actores de la Red, en Open "
        "Referral HSDS 3.0.",
        "description": "Datos abiertos de la Ruta de Emprendimiento, Innovación e "
        "Internacionalización de Norte de Santander en el formato Open Referral HSDS 3.0. "
        "Solo GET; CORS abierto; ETag y Last-Modified (responde 304 si nada cambió); límite "
        "de solicitudes por dirección IP. Los errores se responden en JSON y en español. "
        "Sin datos personales.",
        "license": {"name": license_name, "url": current_app.config["OPEN_DATA_LICENSE_URL"]},
    }
    document["servers"] = [{"url": server, "description": "Red"}]
    for name, (description, schema) in PARAMETERS.items():
        parameter = document["components"]["parameters"][name]
        parameter["description"] = description
        parameter["schema"] = schema
    for path, item in document["paths"].items():
        for parameter in item.get("parameters", []):
            if parameter.get("in") == "path":
                parameter["schema"] = dict(UUID)
        _adapt_operation(path, item["get"])
    document["components"]["schemas"]["Error"] = ERROR
    return document
