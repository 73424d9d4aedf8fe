"""Edits left open in a form: the one way a view refuses a save that would overwrite
someone else's (conventions.md, "Edits left open in a form").

The form carries the record's version in a hidden field; before calling its service the view
asks `stale_edit(form.version, record.version_id)`. When the record moved since the form was
opened, the view calls no service (nothing is saved), the user reads STALE_MESSAGE, and it
renders the same form again with status 409 (STALE_STATUS): what they typed is still
there, and the hidden field now names the current version, so saving again is a deliberate
choice to replace the other person's changes.
"""

from __future__ import annotations

from typing import Any

from flask import flash
from wtforms import Field

STALE_STATUS = 409
STALE_MESSAGE = (
    "Otra persona guardó cambios en este registro mientras usted lo editaba. No se guardó "
    "nada y sus datos siguen en el formulario: revise la versión actual en otra pestaña y, si "
    "quiere que sus datos la reemplacen, vuelva a guardar."
)


def stale_edit(submitted: Field | str | None, current: Any) -> bool:
    """True when `submitted` (the form's hidden version field, or its raw value) no longer
    names `current`: the message is flashed and the field pointed at the current version. False when the save may go ahead."""
    value = submitted.data if isinstance(submitted, Field) else submitted
    current = "" if current is None else str(current)
    if str(value or "").strip() == current:
        return False
    flash(STALE_MESSAGE, "danger")
    if isinstance(submitted, Field):
        submitted.data = current
    return True
