"""The one mechanism for edits left open in a form (red/blueprints/stale.py): a save over
someone else's newer change is refused with 409, the Spanish message, the typed input kept,
nothing written; saving again on purpose goes through."""

from __future__ import annotations

import re
from datetime import date

from sqlalchemy import select

from red.blueprints.stale import STALE_MESSAGE
from red.extensions import db
from red.models import Body
from tests import factories as f


def test_a_stale_edit_keeps_the_input_and_a_second_save_goes_through(client, login_as):
    login_as("nucleo")
    meeting = f.meeting(
        db.session.scalar(select(Body).where(Body.slug == "nucleo")), date(2026, 10, 5)
    )
    data = {
        "version": str(meeting.version_id),
        "held_on": "2026-10-05",
        "kind": "ordinaria",
        "agenda": "1. Punto escrito por mí",
        "acta_status": "pendiente",
    }
    meeting.agenda = "1. Punto de otra persona"
    db.session.flush()  # someone else saved: the version moved

    refused = client.post(f"/mesas/reuniones/{meeting.id}/editar", data=data)
    page = refused.get_data(as_text=True)
    assert refused.status_code == 409
    assert STALE_MESSAGE.split(":")[0] in page
    assert "1. Punto escrito por mí" in page  # the input is kept
    db.session.refresh(meeting)
    assert meeting.agenda == "1. Punto de otra persona"  # nothing written
    kept_version = re.search(r'name="version"[^>]*value="(\d+)"', page) or re.search(
        r'value="(\d+)"[^>]*name="version"', page
    )
    assert kept_version and kept_version.group(1) == str(meeting.version_id)

    again = client.post(
        f"/mesas/reuniones/{meeting.id}/editar", data={**data, "version": kept_version.group(1)}
    )
    assert again.status_code == 302
    db.session.refresh(meeting)
    assert meeting.agenda == "1. Punto escrito por mí"
