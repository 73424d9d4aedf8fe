"""Imports of people and of event attendance, and the registry export: each a job.

The routes sit at the natural places (/emprendedores/…, /eventos/<evento>/asistencia/…) but
live here with the job machinery; the access layer decides each one as usual: staff only,
and for an event its organisers (event_for(slug, "manage")).
"""

from __future__ import annotations

from flask import Response, redirect, render_template, url_for
from flask_login import current_user

from red.blueprints.jobs import bp
from red.blueprints.jobs.forms import ConfirmExportForm, JobImportForm
from red.extensions import db
from red.jobs import sheets, store
from red.jobs.store import JobError
from red.jobs.uploads import start_import
from red.permissions import STAFF, STAFF_OR_ADMIN, access
from red.permissions.records import event_for
from red.services.calendar import local_today

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

PEOPLE_TEMPLATE = (
    ("tipo_documento", "Tipo de documento (13 CC, 12 TI, 22 CE, 41 pasaporte, 47 PEP, 48 PPT)"),
    ("numero_documento", "Número de documento"),
    ("nombres", "Nombres"),
    ("apellidos", "Apellidos"),
    ("correo", "Correo electrónico (opcional)"),
    ("telefono", "Teléfono (opcional)"),
    ("municipio", "Municipio (nombre o código DANE, opcional)"),
    (
        "autoriza_datos",
        "¿Autorizó el tratamiento de datos? (si/no; obligatorio para personas nuevas)",
    ),
    ("fecha_nacimiento", "Fecha de nacimiento (dd/mm/aaaa, opcional)"),
    ("sexo", "Sexo (F, M, I o N, opcional)"),
    ("representante_legal", "Representante legal (obligatorio si es menor de edad)"),
)
PARTICIPANTS_TEMPLATE = (
    ("tipo_documento", "Tipo de documento de la persona inscrita"),
    ("numero_documento", "Número de documento de la persona inscrita"),
    ("asistio", "¿Asistió? (si/no)"),
    ("hora_ingreso", "Hora de ingreso (dd/mm/aaaa hh:mm, opcional)"),
    ("ventas_cop", "Ventas en pesos (opcional)"),
    ("contactos", "Contactos comerciales (opcional)"),
    ("negocios", "Negocios cerrados (opcional)"),
)


def _queue(form: JobImportForm, kind: str, params: dict | None = None):
    try:
        job = start_import(
            db.session,
            user=current_user,
            kind=kind,
            upload=form.file.data,
            check_only=form.check_only.data,
            params=params,
        )
    except JobError as error:
        form.file.errors.append(str(error))
        return None
    db.session.commit()
    store.enqueue(job)
    return redirect(url_for("jobs.detail", job_id=job.id))


@bp.route("/emprendedores/importar", methods=["GET", "POST"])
@access(*STAFF)
def people_import():
    form = JobImportForm()
    if form.validate_on_submit() and (answer := _queue(form, "people_import")):
        return answer
    status = 422 if form.file.errors else 200
    return render_template("jobs/people_import.html", form=form), status


@bp.route("/emprendedores/plantilla.xlsx")
@access(*STAFF)
def people_template():
    example = ["13", "1090123456", "Ana María", "Pérez Rojas", "", "", "Cúcuta", "si", "", "", ""]
    return Response(
        sheets.template_workbook("Personas", PEOPLE_TEMPLATE, example),
        mimetype=XLSX,
        headers={"Content-Disposition": 'attachment; filename="plantilla-personas.xlsx"'},
    )


@bp.route("/eventos/<slug>/asistencia/importar", methods=["GET", "POST"])
@access(*STAFF)
def participants_import(slug: str):
    event = event_for(slug, "manage")
    form = JobImportForm()
    if form.validate_on_submit() and (
        answer := _queue(form, "participants_import", {"event_id": event.id})
    ):
        return answer
    status = 422 if form.file.errors else 200
    return render_template("jobs/participants_import.html", form=form, event=event), status


@bp.route("/eventos/<slug>/asistencia/plantilla.xlsx")
@access(*STAFF)
def participants_template(slug: str):
    event = event_for(slug, "manage")
    when = local_today().strftime("%d/%m/%Y") + " 08:30"
    return Response(
        sheets.template_workbook(
            "Asistencia", PARTICIPANTS_TEMPLATE, ["13", "1090123456", "si", when, "", "", ""]
        ),
        mimetype=XLSX,
        headers={"Content-Disposition": f'attachment; filename="asistencia-{event.slug}.xlsx"'},
    )


@bp.route("/emprendedores/exportar", methods=["GET", "POST"])
@access(*STAFF_OR_ADMIN)
def registry_export():
    """The registry of the people the user sees, as a job (GET offers it, POST starts it)."""
    form = ConfirmExportForm()
    if form.validate_on_submit():
        job = store.create_job(db.session, user=current_user, kind="registry_export")
        db.session.commit()
        store.enqueue(job)
        return redirect(url_for("jobs.detail", job_id=job.id))
    return render_template(
        "jobs/confirm_export.html",
        form=form,
        total=None,
        what="personas",
        back_endpoint="entrepreneurs.index",
    )
