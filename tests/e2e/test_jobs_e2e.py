"""Imports as jobs in a real browser: upload, the job page, "Mis trabajos", at phone width."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook

from tests.e2e.conftest import axe_violations

pytestmark = pytest.mark.e2e


def _file(tmp_path) -> str:
    from red.services.service_log import IMPORT_COLUMNS

    book = Workbook()
    sheet = book.active
    sheet.append([key for key, _ in IMPORT_COLUMNS])
    sheet.append(
        ["13", "1090999001", "Navegador", "Prueba", "", "", "Cúcuta", "02/02/2026",
         "formacion", "", "1", "Ok", "si"]
    )  # fmt: skip
    sheet.append(
        ["13", "12ab", "Fila", "Mala", "", "", "Cúcuta", "02/02/2026", "formacion", "", "1", "", "si"]
    )  # fmt: skip
    path = tmp_path / "atenciones.xlsx"
    buffer = io.BytesIO()
    book.save(buffer)
    path.write_bytes(buffer.getvalue())
    return str(path)


def test_an_import_with_a_bad_row_shows_the_job_page_with_its_errors(phone, login, tmp_path):
    login(phone, "gestor.ccc@red.demo")
    base = phone.url.split("/", 3)[:3]
    phone.goto("/".join(base) + "/atenciones/importar")
    phone.get_by_label("Archivo (.xlsx o .csv)").set_input_files(_file(tmp_path))
    phone.get_by_role("button", name="Subir e importar").click()
    phone.wait_for_load_state()
    assert "/trabajos/" in phone.url
    assert phone.get_by_text("No se importó ninguna fila").is_visible()
    assert phone.get_by_role("cell", name="numero_documento").first.is_visible()
    violations = axe_violations(phone)
    assert not violations, [(v["id"], v["help"]) for v in violations]
    phone.get_by_role("link", name="Mis trabajos").first.click()
    assert phone.get_by_text("Importación de atenciones").first.is_visible()
    violations = axe_violations(phone)
    assert not violations, [(v["id"], v["help"]) for v in violations]
