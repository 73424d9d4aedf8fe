"""The vendored HSDS 3.0 schemas (tests/hsds/, tag v3.0) as validators, offline.

Each file is registered under the address the spec publishes it at, so the relative `$ref`s
between the files and the absolute ones of the spec's OpenAPI both resolve to these copies.
Validation is Draft 2020-12 with format checking on (uuid, date-time, date, uri, email).

HSDS schemas do not forbid extra fields; `unknown_fields` adds that check, so a field that is
not HSDS (Red's own names, a typo) is caught too.
"""

from __future__ import annotations

import gzip
import json
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

HERE = Path(__file__).resolve().parent / "hsds"
SCHEMA_DIR = HERE / "schema"
PUBLISHED = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/"
REQUIRED_FORMATS = {"uuid", "date-time", "date", "uri", "email"}


def _read(path: Path) -> Any:
    if path.suffix == ".gz":
        return json.loads(gzip.decompress(path.read_bytes()))
    return json.loads(path.read_text("utf-8"))


@cache
def registry() -> Registry:
    resources = []
    for path in sorted(SCHEMA_DIR.rglob("*.json*")):
        relative = path.relative_to(SCHEMA_DIR).as_posix().removesuffix(".gz")
        if relative == "openapi.json":
            continue
        contents = _read(path)
        resources.append((PUBLISHED + relative, Resource(contents, specification=DRAFT202012)))
    return Registry().with_resources(resources)


def schema_uri(name: str) -> str:
    """ "service" -> the source schema; "compiled/service" -> the compiled one."""
    return f"{PUBLISHED}{name}.json"


@cache
def validator(name: str) -> Draft202012Validator:
    checker = Draft202012Validator.FORMAT_CHECKER
    assert REQUIRED_FORMATS <= set(checker.checkers), "install jsonschema[format-nongpl]"
    return Draft202012Validator(
        {"$ref": schema_uri(name)}, registry=registry(), format_checker=checker
    )


def openapi_spec() -> dict[str, Any]:
    return _read(SCHEMA_DIR / "openapi.json")


def spec_datapackage() -> dict[str, Any]:
    return _read(HERE / "datapackage.json")


def errors(name: str, instance: Any) -> list[str]:
    """Every way `instance` breaks schema `name`, including fields HSDS does not define."""
    found = [
        f"{'/'.join(map(str, e.absolute_path)) or '(raíz)'}: {e.message}"
        for e in validator(name).iter_errors(instance)
    ]
    return found + unknown_fields(instance, schema_uri(name))


def unknown_fields(instance: Any, uri: str, path: str = "") -> list[str]:
    resolver = registry().resolver()
    resolved = resolver.lookup(uri)
    return _unknown(instance, resolved.contents, resolved.resolver, path)


def _unknown(instance: Any, schema: dict, resolver, path: str) -> list[str]:
    while "$ref" in schema:
        resolved = resolver.lookup(schema["$ref"])
        schema, resolver = resolved.contents, resolved.resolver
    if isinstance(instance, list) and "items" in schema:
        out = []
        for index, item in enumerate(instance):
            out += _unknown(item, schema["items"], resolver, f"{path}/{index}")
        return out
    if not isinstance(instance, dict) or "properties" not in schema:
        return []
    properties = schema["properties"]
    out = [f"{path}/{key}: no es un campo de HSDS 3.0" for key in instance if key not in properties]
    for key, value in instance.items():
        if key in properties:
            out += _unknown(value, properties[key], resolver, f"{path}/{key}")
    return out
