"""Exports of an event's participants and of the audit log: at once up to
EXPORT_INLINE_ROWS rows, above that a job (the GET offers it, a POST starts it: a GET never
writes). The access layer decides first: an event's organisers (event_for(slug, "manage")),
the audit log for admins only; the job checks again when it runs."""

from __future__ import annotations

from io import BytesIO

from flask import current_app, redirect, render_template, send_file, url_for
from flask_login import current_user
from openpyxl import Workbook

from red.blueprints.admin.forms import audit_filter_form
from red.blueprints.jobs import bp
from red.blueprints.jobs.forms import ConfirmExportForm
from red.extensions import db
from red.jobs import exports_more, store
from red.permissions import STAFF_OR_ADMIN, access
from red.permissions.records import event_for
from red.services import audit
from red.services import event_participants as event_service

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _big(total: int) -> bool:
    return total > current_app.config["EXPORT_INLINE_ROWS"]


def _start(kind: str, params: dict):
    job = store.create_job(db.session, user=current_user, kind=kind, params=params)
    db.session.commit()
    store.enqueue(job)
    return redirect(url_for("jobs.detail", job_id=job.id))


def _file(book: Workbook, name: str):
    buffer = BytesIO()
    book.save(buffer)
    buffer.seek(0)
    return send_file(buffer, mimetype=XLSX, as_attachment=True, download_name=name)


@bp.route("/eventos/<slug>/participantes/exportar", methods=["GET", "POST"])
@access(*STAFF_OR_ADMIN)
def participants_export(slug: str):
    event = event_for(slug, "manage")
    total = exports_more.count_of(db.session, event_service.participants_query(event))
    if not _big(total):
        book = Workbook(write_only=True)
        exports_more.write_participants(db.session, event, book, None)
        return _file(book, f"participantes-{event.slug}.xlsx")
    form = ConfirmExportForm()
    if form.validate_on_submit():
        return _start("participants_export", {"event_id": event.id})
    return render_template(
        "jobs/confirm_export.html",
        form=form,
        total=total,
        what="inscripciones",
        back_url=url_for("events.participants", slug=event.slug),
    )


@bp.route("/auditoria/exportar", methods=["GET", "POST"])
@access("admin")
def audit_export():
    form = audit_filter_form()
    filters = form.filters()
    query = audit.audit_query(*filters)
    total = exports_more.count_of(db.session, query)
    if not _big(total):
        book = Workbook(write_only=True)
        exports_more.write_audit(db.session, query, book, None)
        return _file(book, "auditoria.xlsx")
    confirm = ConfirmExportForm()
    if confirm.validate_on_submit():
        return _start("audit_export", exports_more.audit_params(*filters))
    return render_template(
        "jobs/confirm_export.html",
        form=confirm,
        total=total,
        what="entradas de auditoría",
        back_url=url_for("admin.audit", **form.link_args()),
    )
