"""Home page, health check and the privacy policy."""

from __future__ import annotations

from flask import current_app, jsonify, render_template, send_from_directory
from sqlalchemy import func, select, text

from red.blueprints.main import bp
from red.extensions import db
from red.models import Actor, Program, RouteStage
from red.permissions import PUBLIC, access
from red.seed.report_data import network_facts


@bp.route("/")
@access(PUBLIC)
def home():
    stages = db.session.scalars(select(RouteStage).order_by(RouteStage.number)).all()
    counts = db.session.execute(
        select(
            select(func.count(Actor.id)).where(Actor.is_member.is_(True)).scalar_subquery(),
            select(func.count(Program.id)).where(Program.status == "publicado").scalar_subquery(),
        )
    ).one()
    return render_template(
        "main/home.html",
        stages=stages,
        member_count=counts[0],
        program_count=counts[1],
        network=network_facts(),
    )


@bp.route("/healthz")
@access(PUBLIC)
def healthz():
    try:
        db.session.execute(text("SELECT 1"))
    except Exception:  # noqa: BLE001 - any failure means "not healthy"
        db.session.rollback()
        return jsonify({"status": "error", "database": "unavailable"}), 503
    return jsonify({"status": "ok", "database": "ok"})


@bp.route("/privacidad")
@access(PUBLIC)
def privacy():
    return render_template(
        "main/privacy.html", policy_version=current_app.config["PRIVACY_POLICY_VERSION"]
    )


@bp.route("/favicon.ico")
@access(PUBLIC)
def favicon():
    """Browsers and crawlers ask for /favicon.ico whatever the page links; answer it (no 404)."""
    return send_from_directory(
        current_app.static_folder, "favicon.ico", mimetype="image/vnd.microsoft.icon", max_age=86400
    )
