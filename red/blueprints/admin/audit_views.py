"""The audit log, newest first, with filters. Two queries per page whatever its size."""

from __future__ import annotations

from flask import render_template
from sqlalchemy import select

from red.blueprints.admin import bp
from red.blueprints.admin.forms import audit_filter_form
from red.extensions import db
from red.models import User
from red.permissions import access
from red.services.audit import ACTIONS, TABLE_LABELS, audit_query, describe_changes

PER_PAGE = 25


@bp.route("/auditoria")
@access("admin")
def audit():
    form = audit_filter_form()
    page = db.paginate(audit_query(*form.filters()), per_page=PER_PAGE, max_per_page=PER_PAGE)
    user_ids = {entry.user_id for entry in page.items if entry.user_id is not None}
    authors = {}
    if user_ids:
        authors = {
            row.id: row
            for row in db.session.execute(
                select(User.id, User.full_name, User.email).where(User.id.in_(user_ids))
            )
        }
    rows = [(entry, authors.get(entry.user_id), describe_changes(entry)) for entry in page.items]
    return render_template(
        "admin/audit.html",
        form=form,
        page=page,
        rows=rows,
        actions=ACTIONS,
        valid=form.valid,
        table_labels=TABLE_LABELS,
    )
