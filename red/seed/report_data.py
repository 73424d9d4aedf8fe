"""The report's facts, read from the data files in red/data/report/.

Source of every organisation, program, event and figure there: the Gobernación de Norte de
Santander's report on its line «Desarrollo Económico Sostenible y Competitividad» for
2024–2025 (a copy is tests/data/informe_2024_2025.txt; a test checks that every figure it
prints is in the files). The files are data a person can read and edit; each one starts with
a comment saying what its rows are and which keys may be left out. This module only reads
them: it fills in the defaults, checks that no key is misspelt (an unknown key fails loudly,
naming the file and the row) and turns the tables' printed figures into numbers.

Municipalities are referred to by their name as written in red/data/…csv and resolved to
DIVIPOLA codes by the loader in red/seed/demo.py (an unknown name fails loudly there).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from red.seed import SeedError

DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "report"
REPORT = "Informe de gestión 2024–2025, línea Desarrollo Económico Sostenible y Competitividad"
GOBERNACION = "gobernacion-de-norte-de-santander"

ACTOR_DEFAULTS: dict[str, Any] = {
    "acronym": None,
    "network_role": None,  # given by the membership rule; only the presidency is written
    "mention": None,
    "in_department": False,
    "basis": None,
    "chains": [],
    "municipality": None,
    "description": None,
    "nit": None,
}
PROGRAM_DEFAULTS: dict[str, Any] = {
    "owner": GOBERNACION,
    "cooperators": [],
    "requirements": None,
    "stages": [],
    "services": [],
    "sectors": [],
    "chains": [],
    "populations": [],
    "municipalities": [],
    "whole_department": False,
    "status": "publicado",
    "is_free": True,
    "for_subsistence": False,
    "capacity": None,
    "period": "2024–2025",
    "reported_results": None,
    "assumption": None,
}
EVENT_DEFAULTS: dict[str, Any] = {
    "organizers": [],
    "program": None,
    "municipality": None,
    "city": None,
    "country": "Colombia",
    "date_precision": "anio",
    "period_label": None,
    "venue": None,
    "capacity": None,
    "reported_exhibitors": None,
    "reported_buyers": None,
    "reported_participants": None,
    "reported_sales_cop": None,
    "figures_qualifier": None,
    "reported_notes": None,
    "description": None,
    "assumption": None,
}
REQUIRED = {
    "actors": ("slug", "name", "kind", "mention", "basis"),
    "programs": ("slug", "name", "summary", "description"),
    "events": ("slug", "name", "kind", "starts_on", "ends_on"),
}


@dataclass(frozen=True)
class ReportData:
    """Everything the demo loads from the report, as plain lists of dicts."""

    route_stages: list[dict]
    service_types: list[dict]
    ciiu_version: str
    ciiu_sections: list[dict]
    productive_chains: list[dict]
    population_groups: list[dict]
    actors: list[dict]
    programs: list[dict]
    reviewed_on: date
    events: list[dict]
    indicators: list[dict]
    bodies: list[dict]
    apuestas: dict[int, dict]
    network: dict


def _yaml(name: str) -> Any:
    with (DATA_DIR / name).open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def _csv(name: str) -> list[dict[str, str]]:
    with (DATA_DIR / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _complete(kind: str, rows: list[dict], defaults: dict[str, Any]) -> list[dict]:
    """Each row with its defaults filled in; a missing or unknown key names file and row."""
    known = set(defaults) | set(REQUIRED[kind])
    complete = []
    for number, row in enumerate(rows, 1):
        label = f"{kind}.yaml, fila {number} ({row.get('slug', '?')})"
        unknown = set(row) - known
        if unknown:
            raise SeedError(f"{label}: clave desconocida {', '.join(sorted(unknown))}.")
        missing = [key for key in REQUIRED[kind] if not row.get(key)]
        if missing:
            raise SeedError(f"{label}: falta {', '.join(missing)}.")
        filled = {key: row.get(key, value) for key, value in defaults.items()}
        complete.append({**{key: row[key] for key in REQUIRED[kind]}, **filled})
    return complete


MEMBER_NOTE = (
    "Miembro según la regla de la demostración: el informe cuenta {count} actores en la Red "
    "sin nombrarlos, y a este lo sitúa en Norte de Santander — {basis}"
)
ALLY_NOTE = (
    "Aliado según la regla de la demostración (no es uno de los {count} miembros): el informe "
    "lo nombra, pero no lo sitúa en Norte de Santander — {basis}"
)


def _actors() -> list[dict]:
    document = _yaml("actors.yaml")
    rows = _complete("actors", document["actors"], ACTOR_DEFAULTS)
    apply_membership_rule(rows, int(document["reported_members"]))
    return rows


def apply_membership_rule(rows: list[dict], count: int) -> None:
    """The rule written in actors.yaml: in the order the report names them, the organisations
    it places in Norte de Santander are the members, up to the `count` the report gives;
    every other one is an aliado. Each row gets its role and the note the interface shows
    («Supuesto de la demostración»); a role the report states (the presidency) needs none."""
    ordered = sorted(rows, key=lambda row: row["mention"])
    chosen = [row["slug"] for row in ordered if row["in_department"]][:count]
    if len(chosen) < count:
        raise SeedError(
            f"actors.yaml: la regla da {len(chosen)} miembros y el informe cuenta {count}."
        )
    for row in rows:
        member = row["slug"] in chosen
        row["is_member"] = member
        stated = row["network_role"] is not None
        row["network_role"] = row["network_role"] or ("miembro" if member else "aliado")
        note = MEMBER_NOTE if member else ALLY_NOTE
        row["assumption"] = None if stated else note.format(count=count, basis=row["basis"])


def figure(text: str | None) -> Decimal | None:
    """A figure as the report prints it: '2.378' -> 2378, '63,5%' -> 63.5, '3***' -> 3,
    'En ejecución' -> None."""
    if text is None:
        return None
    cleaned = text.replace("*", "").replace("%", "").replace(".", "").replace(",", ".").strip()
    try:
        return Decimal(cleaned)
    except InvalidOperation:
        return None


def _result_goals(plan: dict) -> list[dict]:
    """Tabla 1. Metas de Resultado (MR-1..6): baseline, progress and target as printed."""
    years, notes = plan["years"], plan["source_notes"]
    rows = []
    for position, row in enumerate(_csv("result_goals.csv"), 1):
        base, progress, target = row["baseline_2023"], row["progress_2025"], row["target_2027"]
        rows.append(
            {
                "code": row["code"],
                "kind": "resultado",
                "table_number": 1,
                "goal_number": None,
                "apuesta": None,
                "initiative": None,
                "name": row["indicator"],
                "unit": row["unit"],
                "measure": row["measure"],
                "baseline_value": figure(base),
                "baseline_text": base,
                "baseline_year": years["baseline"],
                "progress_value": figure(progress),
                "progress_text": progress,
                "progress_year": years["progress"],
                "target_value": figure(target),
                "target_text": target,
                "target_year": years["target"],
                "measured_year": int(row["measured_year"]),
                "footnote": plan["footnotes"].get(row["footnote"]) if row["footnote"] else None,
                "source_note": notes.get(row["code"]),
                "position": position,
            }
        )
    return rows


def _product_goals(plan: dict) -> list[dict]:
    """Tablas 2–5. Metas de Producto (MP-1..20): quantity and progress 2025 as printed."""
    years, notes = plan["years"], plan["source_notes"]
    rows = []
    for row in _csv("product_goals.csv"):
        table, number = int(row["table"]), int(row["goal"])
        rows.append(
            {
                "code": f"MP-{number}",
                "kind": "producto",
                "table_number": table,
                "goal_number": number,
                "apuesta": plan["apuestas"][table]["name"],
                "initiative": row["initiative"],
                "name": row["indicator"],
                "unit": None,
                "measure": "acumulado",
                "baseline_value": None,
                "baseline_text": None,
                "baseline_year": None,
                "progress_value": figure(row["progress_2025"]),
                "progress_text": row["progress_2025"],
                "progress_year": years["progress"],
                "target_value": figure(row["quantity"]),
                "target_text": row["quantity"],
                "target_year": years["target"],  # the plan's horizon
                "measured_year": years["progress"],
                "footnote": None,
                "source_note": notes.get(f"MP-{number}"),
                "position": 100 + number,
            }
        )
    return rows


@dataclass(frozen=True)
class NetworkFacts:
    """What the report says of the network as a whole, for the pages that show totals."""

    reported_members: int
    reported_programs: int
    described_programs: int  # how many of them the report names (all loaded in the demo)
    rule: str  # the membership rule written in actors.yaml


@cache
def network_facts() -> NetworkFacts:
    report = load()
    rule = _yaml("actors.yaml")["membership_rule"]
    return NetworkFacts(
        int(report.network["reported_members"]),
        int(report.network["reported_programs"]),
        len(report.programs),
        rule,
    )


@cache
def load() -> ReportData:
    """Read the data files once per process."""
    catalogs = _yaml("catalogs.yaml")
    programs = _yaml("programs.yaml")
    plan = _yaml("plan.yaml")
    return ReportData(
        route_stages=catalogs["route_stages"],
        service_types=[{"description": None, **row} for row in catalogs["service_types"]],
        ciiu_version=catalogs["ciiu_version"],
        ciiu_sections=[{"short_name": None, **row} for row in catalogs["ciiu_sections"]],
        productive_chains=catalogs["productive_chains"],
        population_groups=[{"description": None, **row} for row in catalogs["population_groups"]],
        actors=_actors(),
        programs=_complete("programs", programs["programs"], PROGRAM_DEFAULTS),
        reviewed_on=programs["reviewed_on"],
        events=_complete("events", _yaml("events.yaml")["events"], EVENT_DEFAULTS),
        indicators=_result_goals(plan) + _product_goals(plan),
        bodies=_yaml("bodies.yaml")["bodies"],
        apuestas=plan["apuestas"],
        network=_yaml("network.yaml"),
    )
