"""Open data: /datos explains each download and API; the HSDS 3.0 package; Red's flat files."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from flask import Response, current_app, jsonify, render_template, request, send_file, url_for

from red.blueprints.ruta import bp
from red.extensions import db
from red.permissions import PUBLIC, access
from red.services import open_data
from red.services.hsds import HSDS_VERSION, package, queries, records, values

PACKAGE_NAME = f"red-ruta-hsds-{HSDS_VERSION}.zip"


def _flat_rows() -> list[dict]:
    return [
        open_data.program_row(p, url_for("ruta.program", slug=p.slug, _external=True))
        for p in open_data.published_programs(db.session)
    ]


def _package_info() -> package.PackageInfo:
    config = current_app.config
    return package.PackageInfo(
        license_id=config["OPEN_DATA_LICENSE_ID"],
        license_name=config["OPEN_DATA_LICENSE_NAME"],
        license_url=config["OPEN_DATA_LICENSE_URL"],
        homepage=url_for("ruta.open_data_page", _external=True),
    )


def _open_data_dir() -> Path:
    configured = current_app.config.get("OPEN_DATA_DIR")
    return Path(configured) if configured else Path(current_app.instance_path) / "open-data"


@bp.route("/datos")
@access(PUBLIC)
def open_data_page():
    _version, changed_at = queries.catalog_stamp(db.session)
    return render_template(
        "ruta/open_data.html",
        fields=open_data.FLAT_FIELDS,
        hsds_version=HSDS_VERSION,
        updated_at=values.as_utc(changed_at) if changed_at else None,
        license=_package_info(),
        tables=package.TABLES,
        api_base=url_for("hsds.about", _external=True),
    )


@bp.route("/datos/hsds.zip")
@access(PUBLIC)
def export_hsds():
    stamp = queries.catalog_stamp(db.session)
    links = records.Links(
        program_page=lambda slug: url_for("ruta.program", slug=slug, _external=True)
    )
    terms = queries.terms_for(db.session, stamp)
    path = package.package_file(db.session, _open_data_dir(), stamp, terms, links, _package_info())
    _version, changed_at = stamp
    response = send_file(
        path,
        mimetype="application/zip",
        as_attachment=True,
        download_name=PACKAGE_NAME,
        etag=path.stem,
        last_modified=values.as_utc(changed_at) if changed_at else None,
        conditional=True,
        max_age=60,
    )
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response.make_conditional(request)


@bp.route("/datos/programas.csv")
@access(PUBLIC)
def export_csv():
    return Response(
        open_data.flat_csv(_flat_rows()),
        mimetype="text/csv",  # Flask adds "; charset=utf-8" once
        headers={"Content-Disposition": "attachment; filename=programas-ruta.csv"},
    )


@bp.route("/datos/programas.json")
@access(PUBLIC)
def export_json():
    rows = _flat_rows()
    response = jsonify(
        {
            "specification": "Formato propio de Red: una fila por programa (no es Open "
            "Referral HSDS; para HSDS 3.0 use /datos/hsds.zip o /api/hsds/).",
            "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "count": len(rows),
            "services": rows,
        }
    )
    response.headers["Content-Disposition"] = "attachment; filename=programas-ruta.json"
    return response
