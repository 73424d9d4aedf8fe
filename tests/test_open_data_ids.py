"""Open-data identifiers: every published record gets its own UUID once, kept for good."""

from __future__ import annotations

import random
import uuid

from sqlalchemy import select

from red.models import Program
from red.models.programs import program_municipalities, program_stages
from red.seed.synthetic_catalog import add_programs
from tests import factories as f

PROGRAM_IDS = (
    "uuid",
    "service_at_location_uuid",
    "phone_uuid",
    "contact_uuid",
    "cost_option_uuid",
    "schedule_uuid",
    "service_area_uuid",
    "service_area_attribute_uuid",
    "modality_attribute_uuid",
)


def _canonical(value: str) -> bool:
    return str(uuid.UUID(value)) == value


def test_a_new_program_and_its_links_get_distinct_canonical_uuids(db):
    item = f.program("Uuid nuevo", f.actor(slug="t-uuid"), stages=(1, 2), municipalities=("54810",))
    ids = [getattr(item, name) for name in PROGRAM_IDS]
    ids += [item.owner.uuid, item.owner.location_uuid, item.owner.identifier_uuid]
    links = db.session.execute(
        select(program_stages.c.uuid).where(program_stages.c.program_id == item.id)
    ).scalars()
    area = db.session.execute(
        select(program_municipalities.c.uuid, program_municipalities.c.attribute_uuid).where(
            program_municipalities.c.program_id == item.id
        )
    ).one()
    ids += [*links, *area, f.stage(1).uuid, f.municipality("54810").uuid]
    assert all(_canonical(value) for value in ids)
    assert len(set(ids)) == len(ids)


def test_ids_survive_edits_and_a_removed_link_never_comes_back(db):
    item = f.program("Uuid estable", f.actor(slug="t-uuid-2"), stages=(1,))
    before = {name: getattr(item, name) for name in PROGRAM_IDS}
    first_link = db.session.scalar(
        select(program_stages.c.uuid).where(program_stages.c.program_id == item.id)
    )
    item.name = "Uuid estable (renombrado)"
    item.stages = []
    db.session.flush()
    item.stages = [f.stage(1)]
    db.session.flush()
    assert {name: getattr(item, name) for name in PROGRAM_IDS} == before
    again = db.session.scalar(
        select(program_stages.c.uuid).where(program_stages.c.program_id == item.id)
    )
    assert again != first_link


def test_bulk_loaded_programs_get_ids_too(db):
    add_programs(db.session, 30, random.Random(7))
    rows = db.session.execute(
        select(Program.uuid, Program.contact_uuid).where(Program.slug.like("sintetico-%"))
    ).all()
    values = [value for row in rows for value in row]
    assert len(rows) >= 30 and all(_canonical(v) for v in values)
    assert len(set(values)) == len(values)
