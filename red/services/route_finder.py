"""The route finder: a few answers about a person and an ordered path through the Ruta.

Programs for the person's current stage come first, then the following stages in order; in
each stage the programs that fit the need, population and sector best come first. Each
program carries a short "por qué" built only from facts stored on it, so the reason never
promises what the program does not say.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, selectinload

from red.formatting import format_date
from red.models import Municipality, ProductiveChain, Program, RouteStage
from red.models.programs import program_chains, program_stages
from red.services.calendar import local_today
from red.services.catalog_search import list_options
from red.services.catalog_sql import covers_municipality
from red.services.query_understanding import Understanding

PER_STAGE = 6
CANDIDATE_CAP = 600


@dataclass
class Profile:
    stage: int
    municipio: str = ""
    cadena: str = ""
    necesidad: str = ""
    poblaciones: list[str] = field(default_factory=list)


@dataclass
class Suggestion:
    program: Program
    why: str
    score: int


@dataclass
class RouteStep:
    stage: RouteStage
    current: bool
    suggestions: list[Suggestion]


def answers_from(understood: Understanding) -> dict:
    """The finder's answers that words typed in the catalog already give (its «×» chips).

    Shares the catalog's query understanding, so «tibu crédito mujeres» arrives with Tibú,
    financiación and mujeres chosen; the person still picks the stage.
    """
    found: dict = {"municipio": "", "cadena": "", "necesidad": "", "poblaciones": []}
    keys = {"municipio": "municipio", "cadena": "cadena", "tipo": "necesidad"}
    for term in understood.terms:
        for concept in term.concepts:
            if concept.kind in keys and not found[keys[concept.kind]]:
                found[keys[concept.kind]] = concept.code
            elif concept.kind == "poblacion" and concept.code not in found["poblaciones"]:
                found["poblaciones"].append(concept.code)
    return found


def _candidates(session: Session, profile: Profile, today: date) -> list[Program]:
    later_stages = (
        select(program_stages.c.program_id)
        .join(RouteStage, RouteStage.id == program_stages.c.stage_id)
        .where(RouteStage.number >= profile.stage)
    )
    stmt = select(Program).where(
        Program.status == "publicado",
        Program.id.in_(later_stages),
        or_(Program.closes_on.is_(None), Program.closes_on >= today),
    )
    if profile.municipio:
        stmt = stmt.where(covers_municipality(profile.municipio))
    if profile.cadena:
        # Programs aimed at other chains do not fit; programs open to every chain do.
        aimed = select(program_chains.c.program_id)
        chain_ids = select(ProductiveChain.id).where(ProductiveChain.code == profile.cadena)
        stmt = stmt.where(
            or_(
                Program.id.not_in(aimed),
                Program.id.in_(aimed.where(program_chains.c.chain_id.in_(chain_ids))),
            )
        ).options(selectinload(Program.chains))  # the reasons name a program aimed at it
    stmt = stmt.options(*list_options()).order_by(Program.name_sort, Program.id)
    stmt = stmt.limit(CANDIDATE_CAP)
    return list(session.scalars(stmt))


def _explain(
    program: Program,
    stage: RouteStage,
    profile: Profile,
    municipality: Municipality | None,
    today: date,
) -> Suggestion:
    reasons: list[str] = []
    score = 0
    if stage.number == profile.stage:
        reasons.append(f"Es para su etapa actual ({stage.name}).")
    else:
        reasons.append(f"Es el paso siguiente: etapa {stage.number}, {stage.name}.")
    service = next((s for s in program.service_types if s.code == profile.necesidad), None)
    if service:
        score += 4
        reasons.append(f"Ofrece {service.name.lower()}, lo que usted busca.")
    populations = [p for p in program.populations if p.code in profile.poblaciones]
    if populations:
        score += 3
        reasons.append(f"Pensado para {populations[0].name.lower()}.")
    elif program.populations and profile.poblaciones:
        score -= 1
    if profile.cadena and any(c.code == profile.cadena for c in program.chains):
        score += 2
        reasons.append("Dirigido a su sector.")
    if municipality is not None:
        if program.whole_department:
            reasons.append("Cubre todo Norte de Santander.")
        else:
            score += 1
            reasons.append(f"Se ofrece en {municipality.name}.")
    if program.is_free:
        score += 1
        reasons.append("Es gratuito.")
    if program.opens_on and program.opens_on > today:
        reasons.append(f"Abre inscripciones el {format_date(program.opens_on)}.")
    elif program.closes_on:
        reasons.append(f"Inscripciones hasta el {format_date(program.closes_on)}.")
    return Suggestion(program, " ".join(reasons), score)


def find_route(session: Session, profile: Profile, today: date | None = None) -> list[RouteStep]:
    """The ordered path: current stage first, then each later stage with its best programs."""
    today = today or local_today()
    stages = session.scalars(
        select(RouteStage)
        .where(RouteStage.active.is_(True), RouteStage.number >= profile.stage)
        .order_by(RouteStage.number)
    ).all()
    municipality = session.get(Municipality, profile.municipio) if profile.municipio else None
    by_stage: dict[int, list[Suggestion]] = {s.number: [] for s in stages}
    stage_by_number = {s.number: s for s in stages}
    for program in _candidates(session, profile, today):
        numbers = sorted(s.number for s in program.stages if s.number >= profile.stage)
        if not numbers or numbers[0] not in stage_by_number:
            continue
        stage = stage_by_number[numbers[0]]
        by_stage[stage.number].append(_explain(program, stage, profile, municipality, today))
    steps = []
    for stage in stages:
        ranked = sorted(
            by_stage[stage.number], key=lambda s: (-s.score, s.program.name_sort, s.program.id)
        )
        if ranked:
            steps.append(RouteStep(stage, stage.number == profile.stage, ranked[:PER_STAGE]))
    return steps
