"""The public API keeps its OpenAPI promise: schemathesis generates requests from
/api/v1/openapi.json (valid ones and invalid ones) and checks every answer against it —
never a 500, status codes, content types and bodies as documented.

Called programmatically inside ordinary tests so it runs in the rolled-back `db` fixture.
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.generation import GenerationMode

from tests import factories as f

SETTINGS = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)


def _operations(app):
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    return [result.ok() for result in schema.get_all_operations()]


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
@pytest.mark.parametrize("path", ["/programs", "/programs/{slug}"])
def test_api_answers_as_its_openapi_document_says(app, path, mode):
    (operation,) = [op for op in _operations(app) if op.path == path]

    @SETTINGS
    @given(case=operation.as_strategy(generation_mode=mode))
    def check(case):
        case.call_and_validate()

    check()


def test_the_document_lists_both_operations(app):
    assert {op.path for op in _operations(app)} == {"/programs", "/programs/{slug}"}


def test_api_detail_of_a_published_program_matches_the_schema(app):
    """Random slugs mostly miss; this one hits a published program with every field set."""
    owner = f.actor("Actor Esquema", slug="t-api-schema")
    owner.acronym = None
    item = f.program("Esquema completo", owner)
    (detail,) = [op for op in _operations(app) if op.path == "/programs/{slug}"]

    @SETTINGS
    @given(case=detail.as_strategy(path_parameters={"slug": item.slug}))
    def check(case):
        response = case.call_and_validate()
        assert response.status_code == 200

    check()
