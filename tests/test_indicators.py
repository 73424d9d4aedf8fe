"""The plan's metas as the report gives them, progress entries, and live network activity."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from red.extensions import db
from red.models import (
    Event,
    Indicator,
    IndicatorProgress,
    Municipality,
    Participation,
    ReferralStatusChange,
)
from red.services.indicators import meta_progress, network_activity, parse_value, progress_share
from tests import factories as f

TABLA_1 = [
    ("Posición Departamental: Formalidad Laboral*", "23", "22", "20"),
    ("Posición departamental: Densidad empresarial*", "15", "17", "12"),
    ("Tasa de informalidad Departamental", "63,5%", "62,8%**", "60%"),
    ("Posición departamental: Tasa de desempleo Departamental*", "23", "27", "20"),
    ("Posición departamental: Exportaciones no minero energéticas", "6", "3***", "5"),
    ("Créditos para capital de trabajo", "2.378", "664", "3.500"),
]


def test_tabla_1_shows_baselines_progress_and_targets_exactly(client, login_as):
    login_as("nucleo")
    page = client.get("/indicadores").get_data(as_text=True)
    assert "Tabla 1. Metas de resultado" in page
    for name, baseline, progress, target in TABLA_1:
        start = page.index(name, page.index("<tbody"))  # the table, not the chart above it
        row = page[start : page.index("</tr>", start)]
        cells = [baseline + ' <span class="small text-body-secondary">(2023)',
                 progress + ' <span class="small text-body-secondary">(2025)',
                 target + ' <span class="small text-body-secondary">(2027)']  # fmt: skip
        positions = [row.index(cell) for cell in cells]
        assert positions == sorted(positions), name
    assert "Índice Departamental de Competitividad año 2025" in page
    for table in range(2, 6):
        assert f"Tabla {table}. Metas de producto" in page


def _meta(code: str) -> Indicator:
    return db.session.scalar(select(Indicator).where(Indicator.code == code))


# Tabla 1 of the report, meta by meta: (code, measure, share of the way, what it means).
TABLA_1_PROGRESS = [
    ("MR-1", "bajar", 33.3, "avance"),  # formalidad: position 23 -> 22 toward 20
    ("MR-2", "bajar", -66.7, "retroceso"),  # densidad empresarial: 15 -> 17 toward 12
    ("MR-3", "bajar", 20.0, "avance"),  # informalidad: 63,5 % -> 62,8 % toward 60 %
    ("MR-4", "bajar", -133.3, "retroceso"),  # desempleo: 23 -> 27 toward 20, a step back
    ("MR-5", "bajar", 300.0, "superada"),  # exportaciones: 6 -> 3, target 5 already passed
    ("MR-6", "acumulado", 19.0, "avance"),  # 664 new credits of 3.500 (report: «del 19%»)
]


@pytest.mark.parametrize(("code", "measure", "share", "status"), TABLA_1_PROGRESS)
def test_each_result_goal_reads_progress_in_its_own_direction(code, measure, share, status):
    meta = _meta(code)
    assert meta.measure == measure
    progress = meta_progress(meta)
    assert (progress.share, progress.status) == (share, status)


def test_product_goals_count_toward_their_quantity_and_may_pass_it():
    assert meta_progress(_meta("MP-6")).share == 126.0  # 252 of 200: meta superada
    assert meta_progress(_meta("MP-6")).label == "Meta superada"
    assert meta_progress(_meta("MP-5")).status == "cumplida"  # 3 clusters of 3
    assert meta_progress(_meta("MP-14")).share == 10.0  # 25 of 250
    in_progress = meta_progress(_meta("MP-16"))  # «En ejecución»: no figure to compute
    assert (in_progress.share, in_progress.status) == (None, "sin_calculo")


def test_a_level_to_raise_can_regress_and_pass_its_target():
    def level(progress):
        return Indicator(measure="subir", baseline_value=Decimal(40),
                         progress_value=Decimal(progress), target_value=Decimal(50))  # fmt: skip

    assert meta_progress(level(45)).share == 50.0
    assert (meta_progress(level(35)).share, meta_progress(level(35)).status) == (-50.0, "retroceso")
    assert (meta_progress(level(60)).share, meta_progress(level(60)).status) == (200.0, "superada")
    # A target below the baseline contradicts "subir": not read at all rather than misread.
    wrong = Indicator(measure="subir", baseline_value=Decimal(50), progress_value=Decimal(45),
                      target_value=Decimal(40))  # fmt: skip
    assert progress_share(wrong) is None


def test_indicators_page_shows_regressions_and_metas_superadas_in_words(client, login_as):
    login_as("nucleo")
    page = client.get("/indicadores").get_data(as_text=True)
    start = page.index(
        "Posición departamental: Tasa de desempleo Departamental*", page.index("<tbody")
    )
    row = page[start : page.index("</tr>", start)]
    assert "-133,3 %" in row and "Retroceso" in row
    start = page.index(
        "Posición departamental: Exportaciones no minero energéticas", page.index("<tbody")
    )
    row = page[start : page.index("</tr>", start)]
    assert "300,0 %" in row and "Meta superada" in row
    detail = client.get("/indicadores/meta/MR-5").get_data(as_text=True)
    assert "Nivel que debe bajar" in detail and "Año que mide el avance" in detail
    assert "2024" in detail and "del puesto 6 al 3" in detail


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("2.378", Decimal(2378)),
        ("62,8%", Decimal("62.8")),
        ("3", Decimal(3)),
        ("1.5", Decimal("1.5")),
    ],
)
def test_values_are_read_the_colombian_way(text, value):
    assert parse_value(text) == value


def test_nucleo_records_a_dated_progress_entry_with_evidence(client, login_as):
    indicator = db.session.scalar(select(Indicator).where(Indicator.code == "MR-6"))
    login_as("staff_ccc")
    url = f"/indicadores/meta/{indicator.code}/avance"
    data = {"recorded_on": "2026-06-30", "value_text": "900", "evidence": "Informe IFINORTE"}
    assert client.post(url, data=data).status_code == 403
    login_as("nucleo")
    bad = client.post(url, data={**data, "value_text": "novecientos"})
    assert bad.status_code == 422 and "Escriba el valor como número" in bad.get_data(as_text=True)
    assert client.post(url, data=data).status_code == 302
    entry = db.session.scalar(
        select(IndicatorProgress).where(IndicatorProgress.indicator_id == indicator.id)
    )
    assert entry.value == 900 and entry.evidence == "Informe IFINORTE"
    db.session.refresh(indicator)
    assert indicator.progress_text == "900" and indicator.progress_year == 2026
    page = client.get(f"/indicadores/meta/{indicator.code}").get_data(as_text=True)
    assert "30/06/2026" in page and "Informe IFINORTE" in page


def test_network_activity_is_computed_from_the_records(db):
    tibu = db.session.scalar(select(Municipality).where(Municipality.name == "Tibú"))
    actor = f.actor()
    person = f.person()
    person.municipality_code = tibu.code
    other = f.person()
    other.municipality_code = tibu.code
    db.session.flush()
    f.service(actor, date(2026, 3, 1), person)
    f.service(actor, date(2026, 3, 2), person)
    f.service(actor, date(2026, 4, 2), other)
    f.service(actor, date(2025, 12, 31), other)  # outside the period
    referral = f.referral(actor, date(2026, 3, 10), f.bogota(date(2026, 3, 9), 9), "completada")
    referral.entrepreneur_id = person.id
    db.session.add(
        ReferralStatusChange(
            referral_id=referral.id, from_status="aceptada", to_status="completada",
            at=f.bogota(date(2026, 3, 20), 10),
        )
    )  # fmt: skip
    event = Event(slug="feria-prueba", name="Feria de prueba", kind="feria", starts_on=date(2026, 5, 1),
                  municipality_code=tibu.code, is_reported=True, reported_sales_cop=28_000_000)  # fmt: skip
    db.session.add(event)
    db.session.flush()
    db.session.add(
        Participation(
            event_id=event.id, entrepreneur_id=other.id, status="asistio", sales_cop=1_500_000
        )
    )
    db.session.flush()

    whole = network_activity(db.session, date(2026, 1, 1), date(2026, 12, 31))
    only_tibu = network_activity(
        db.session, date(2026, 1, 1), date(2026, 12, 31), municipality=tibu.code
    )
    assert (only_tibu.people, only_tibu.services) == (2, 3)
    assert only_tibu.referrals_completed == 1
    assert only_tibu.participations == 1
    assert only_tibu.participant_sales_cop == 1_500_000
    assert [p.name for p in only_tibu.places] == ["Tibú"]
    assert whole.people >= 2 and len(whole.places) == 40
    subregion = network_activity(
        db.session, date(2026, 1, 1), date(2026, 12, 31), subregion=tibu.subregion
    )
    assert subregion.services >= 3
    assert all(p.subregion == tibu.subregion for p in subregion.places)


def test_activity_page_shows_the_coverage_of_the_40_municipalities(client, login_as):
    login_as("staff_sena")
    page = client.get("/indicadores/actividad?desde=2025-01-01&hasta=2025-12-31").get_data(
        as_text=True
    )
    assert "Cobertura de los municipios" in page and "de 40 con actividad" in page
    assert "Tibú" in page and "Personas atendidas" in page
    assert db.session.scalar(select(func.count()).select_from(Municipality)) == 40
