"""Open data: the published catalog as CSV and JSON with Open Referral (HSDS) field names."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import Response, jsonify, render_template, url_for

from red.blueprints.ruta import bp
from red.extensions import db
from red.permissions import PUBLIC, access
from red.services import open_data


def _hsds_rows() -> list[dict]:
    return [
        open_data.program_to_hsds(p, url_for("ruta.program", slug=p.slug, _external=True))
        for p in open_data.published_programs(db.session)
    ]


@bp.route("/datos")
@access(PUBLIC)
def open_data_page():
    return render_template("ruta/open_data.html", fields=open_data.HSDS_FIELDS)


@bp.route("/datos/programas.csv")
@access(PUBLIC)
def export_csv():
    return Response(
        open_data.hsds_csv(_hsds_rows()),
        mimetype="text/csv; charset=utf-8",
        headers={"Content-Disposition": "attachment; filename=programas-ruta.csv"},
    )


@bp.route("/datos/programas.json")
@access(PUBLIC)
def export_json():
    rows = _hsds_rows()
    response = jsonify(
        {
            "specification": "Open Referral HSDS (nombres de campo)",
            "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "count": len(rows),
            "services": rows,
        }
    )
    response.headers["Content-Disposition"] = "attachment; filename=programas-ruta.json"
    return response
