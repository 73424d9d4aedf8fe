"""Views of the admin area: the dashboard here; users, catalogs and audit in their modules."""

from __future__ import annotations

from datetime import timedelta

from flask import render_template
from sqlalchemy import func, select

from red.blueprints.admin import bp
from red.extensions import db
from red.models import AuditEntry, User
from red.models.base import utcnow
from red.permissions import access
from red.services import catalogs


@bp.route("/")
@access("admin")
def index():
    since = utcnow() - timedelta(hours=24)
    counts = db.session.execute(
        select(
            select(func.count(User.id)).scalar_subquery(),
            select(func.count(User.id)).where(User.active.is_(True)).scalar_subquery(),
            select(func.count(AuditEntry.id)).where(AuditEntry.at >= since).scalar_subquery(),
        )
    ).one()
    return render_template(
        "admin/index.html",
        user_count=counts[0],
        active_user_count=counts[1],
        audit_last_day=counts[2],
        catalog_kinds=catalogs.CATALOGS.values(),
        catalog_counts=catalogs.catalog_counts(db.session),
    )


from red.blueprints.admin import audit_views, catalog_views, user_views  # noqa: E402,F401
