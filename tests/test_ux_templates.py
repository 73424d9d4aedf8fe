"""What users see: no styles the CSP would block, the phone menu, readable document types."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

TEMPLATES = Path(__file__).resolve().parent.parent / "red" / "templates"


def test_templates_have_no_inline_styles():
    # The Content-Security-Policy says style-src 'self': inline <style> blocks and style=""
    # attributes are silently dropped by browsers. Styles go in red/static/css/.
    offenders = [
        f"{path.relative_to(TEMPLATES)}:{number}"
        for path in TEMPLATES.rglob("*.html")
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if re.search(r"<style\b|\sstyle=", line)
    ]
    assert not offenders, offenders


@pytest.mark.parametrize(
    ("code", "shown"), [("13", "CC"), ("48", "PPT"), ("41", "Pasaporte"), ("31", "NIT"), ("", "")]
)
def test_document_types_read_as_people_know_them(code, shown):
    from red.formatting import format_doc_type

    assert format_doc_type(code) == shown


def test_staff_get_a_grouped_menu_that_needs_no_javascript(client, login_as):
    login_as("admin")
    page = client.get("/").get_data(as_text=True)
    assert '<details class="red-menu' in page and "Menú" in page
    for group in ("La Ruta", "Mi trabajo", "Gobernanza", "Administración", "Mi cuenta"):
        assert f">{group}</p>" in page
    assert "<script" not in page


def test_visitors_see_their_few_links_without_a_menu(client):
    page = client.get("/").get_data(as_text=True)
    assert "red-menu" not in page
    assert 'href="/ruta"' in page and 'href="/login"' in page


def test_home_stages_lead_to_their_programs(client):
    page = client.get("/").get_data(as_text=True)
    assert 'href="/ruta?etapa=0"' in page
