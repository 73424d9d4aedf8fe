"""Views of /trabajos: the owner's jobs, a job's page (progress without or with JavaScript),
its status as JSON for the page's small poller, its download and its list of errors."""

from __future__ import annotations

from pathlib import Path

from flask import abort, flash, jsonify, redirect, render_template, send_file, url_for
from flask_login import current_user

from red.blueprints.jobs import bp
from red.extensions import db
from red.jobs import store
from red.permissions import NETWORK_READERS, access
from red.permissions.jobs import job_for

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@bp.route("/trabajos")
@access(*NETWORK_READERS)
def index():
    pagination = db.paginate(store.jobs_query(current_user), per_page=25, error_out=False)
    return render_template("jobs/index.html", pagination=pagination)


@bp.route("/trabajos/<int:job_id>")
@access(*NETWORK_READERS)
def detail(job_id: int):
    job = job_for(job_id)
    return render_template(
        "jobs/detail.html", job=job, state=store.state(job), can_retry=store.can_retry(job)
    )


@bp.route("/trabajos/<int:job_id>/estado")
@access(*NETWORK_READERS)
def status(job_id: int):
    """What the page's poller needs; never the rows themselves."""
    return jsonify(store.state(job_for(job_id)))


def _owned_file(path: str | None) -> Path:
    if not path or not Path(path).is_file():
        abort(404)
    return Path(path)


@bp.route("/trabajos/<int:job_id>/descarga")
@access(*NETWORK_READERS)
def download(job_id: int):
    job = job_for(job_id)
    if job.status != "done":
        abort(404)
    return send_file(
        _owned_file(job.output_path),
        mimetype=XLSX,
        as_attachment=True,
        download_name=job.output_name or "exportacion.xlsx",
    )


@bp.route("/trabajos/<int:job_id>/errores.xlsx")
@access(*NETWORK_READERS)
def errors_file(job_id: int):
    job = job_for(job_id)
    return send_file(
        _owned_file(job.errors_path),
        mimetype=XLSX,
        as_attachment=True,
        download_name=f"errores-trabajo-{job.id}.xlsx",
    )


@bp.route("/trabajos/<int:job_id>/reintentar", methods=["POST"])
@access(*NETWORK_READERS)
def retry(job_id: int):
    job = job_for(job_id)
    if not store.can_retry(job):
        flash("Este trabajo no se puede reintentar (no falló, o su archivo ya no está).", "warning")
        return redirect(url_for("jobs.detail", job_id=job.id))
    store.retry(db.session, job)
    db.session.commit()
    store.enqueue(job)
    flash("El trabajo volvió a la cola.", "success")
    return redirect(url_for("jobs.detail", job_id=job.id))
