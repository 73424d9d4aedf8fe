"""The service log (/atenciones): quick form, list with filters, Excel export, bulk import
(the import and big exports run as background jobs: red/jobs)."""

from __future__ import annotations

from flask import Response, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import func, select

from red.blueprints.entrepreneurs import bp
from red.blueprints.entrepreneurs.forms import ServiceForm
from red.blueprints.entrepreneurs.helpers import (
    program_choices,
    service_type_choices,
)
from red.blueprints.jobs.forms import ConfirmExportForm, JobImportForm
from red.blueprints.stale import STALE_STATUS, stale_edit
from red.extensions import db
from red.jobs import exports, store
from red.jobs.store import JobError
from red.jobs.uploads import start_import
from red.models import Entrepreneur, ServiceRecord
from red.permissions import STAFF, STAFF_OR_ADMIN, access, is_admin
from red.permissions.people import (
    can_serve_person,
    optional_venture_for,
    person_by_document_for,
    person_for,
)
from red.permissions.records import service_record_for
from red.query import query_args
from red.services import service_log
from red.services.calendar import local_today
from red.services.documents import DocumentError
from red.services.service_log import ServiceError

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _filters() -> service_log.ServiceFilters:
    args = query_args()
    return service_log.ServiceFilters(
        q=args.text("q"),
        service_type=args.id("tipo"),
        program=args.id("programa"),
        date_from=args.date("desde"),
        date_to=args.date("hasta"),
        actor=args.id("actor"),
    )


@bp.route("/atenciones")
@access(*STAFF_OR_ADMIN)
def services():
    filters = _filters()
    pagination = db.paginate(
        service_log.services_query(current_user, filters), per_page=25, error_out=False
    )
    return render_template(
        "entrepreneurs/services.html",
        pagination=pagination,
        filters=filters,
        service_types=service_type_choices(),
        programs=program_choices(None if is_admin(current_user) else current_user.actor_id),
    )


@bp.route("/atenciones/exportar", methods=["GET", "POST"])
@access(*STAFF_OR_ADMIN)
def services_export():
    """Up to EXPORT_INLINE_ROWS rows the file comes at once; above that the GET offers a
    background job (a POST starts it: a GET never writes)."""
    filters = _filters()
    query = service_log.services_query(current_user, filters)
    total = db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    if total > current_app.config["EXPORT_INLINE_ROWS"]:
        form = ConfirmExportForm()
        if form.validate_on_submit():
            job = store.create_job(
                db.session,
                user=current_user,
                kind="services_export",
                params=exports.filters_params(filters),
            )
            db.session.commit()
            store.enqueue(job)
            return redirect(url_for("jobs.detail", job_id=job.id))
        return render_template(
            "jobs/confirm_export.html",
            form=form,
            total=total,
            what="atenciones",
            back_endpoint="entrepreneurs.services",  # with the same filters (the template)
        )
    records = db.session.scalars(query).all()
    return Response(
        service_log.export_workbook(list(records)),
        mimetype=XLSX,
        headers={"Content-Disposition": 'attachment; filename="atenciones.xlsx"'},
    )


def _service_form(record: ServiceRecord | None, person: Entrepreneur | None) -> ServiceForm:
    form = ServiceForm(obj=record)
    form.service_type_id.choices = service_type_choices()
    form.program_id.choices = program_choices(current_user.actor_id)
    ventures = person.ventures if person else []
    form.venture_id.choices = [("", "—")] + [(v.id, v.name) for v in ventures]
    return form


NOT_AMONG_YOURS = (
    "No encontramos a esa persona entre las de su organización. Si es nueva, regístrela; si "
    "ya está en la Red, vincúlela con sus nombres y su autorización."
)


def _person_served(form: ServiceForm) -> Entrepreneur | None:
    """The person served: the one chosen on their page, or typed by document — only among
    the people the actor already sees (the same answer for an unknown document)."""
    if form.entrepreneur_id.data:
        return person_for(form.entrepreneur_id.data, "serve")
    try:
        person = person_by_document_for(form.doc_type.data, form.doc_number.data)
    except DocumentError as error:
        form.doc_number.errors.append(str(error))
        return None
    if person is None or not can_serve_person(db.session, current_user, person):
        form.doc_number.errors.append(NOT_AMONG_YOURS)
        return None
    return person


@bp.route("/atenciones/nueva", methods=["GET", "POST"])
@access(*STAFF)
def service_new():
    """The fast "registrar atención" form; opened from a person's page it comes pre-filled."""
    chosen = (
        query_args().id("persona")
        or request.form.get("persona")
        or request.form.get("entrepreneur_id")
    )
    person = person_for(chosen, "serve") if chosen else None
    form = _service_form(None, person)
    if request.method == "GET":
        form.served_on.data = local_today()
        if person is not None:
            form.entrepreneur_id.data = str(person.id)
    if form.validate_on_submit():
        target = _person_served(form)
        if target is not None:
            try:
                service_log.register_service(
                    db.session,
                    actor_id=current_user.actor_id,
                    person=target,
                    service_type_id=form.service_type_id.data,
                    served_on=form.served_on.data,
                    program_id=form.program_id.data,
                    venture=optional_venture_for(target, form.venture_id.data),
                    hours=form.hours.data,
                    outcome=form.outcome.data,
                    notes=form.notes.data,
                    user_id=current_user.id,
                )
            except ServiceError as error:
                form.served_on.errors.append(str(error))
            else:
                db.session.commit()
                flash(f"Se registró la atención a {target.full_name}.", "success")
                if request.form.get("volver") == "persona":
                    return redirect(url_for("entrepreneurs.detail", person_id=target.id))
                return redirect(url_for("entrepreneurs.services"))
    return render_template("entrepreneurs/service_form.html", form=form, person=person)


@bp.route("/atenciones/<int:record_id>/editar", methods=["GET", "POST"])
@access(*STAFF_OR_ADMIN)
def service_edit(record_id: int):
    record = service_record_for(record_id)
    form = _service_form(record, record.entrepreneur)
    form.program_id.choices = program_choices(record.actor_id)
    if request.method == "GET":
        form.version.data = str(record.version_id)
    if form.validate_on_submit():
        if stale_edit(form.version, record.version_id):
            return _service_page(form, record), STALE_STATUS
        try:
            service_log.update_service(
                db.session,
                record,
                {
                    "service_type_id": form.service_type_id.data,
                    "served_on": form.served_on.data,
                    "program_id": form.program_id.data,
                    "venture_id": form.venture_id.data,
                    "hours": form.hours.data,
                    "outcome": form.outcome.data,
                    "notes": form.notes.data,
                },
            )
        except ServiceError as error:
            form.served_on.errors.append(str(error))
        else:
            db.session.commit()
            flash("Se guardaron los cambios de la atención.", "success")
            return redirect(url_for("entrepreneurs.services"))
    return _service_page(form, record)


def _service_page(form, record) -> str:
    return render_template(
        "entrepreneurs/service_form.html", form=form, person=record.entrepreneur, record=record
    )


@bp.route("/atenciones/<int:record_id>/eliminar", methods=["GET", "POST"])
@access(*STAFF_OR_ADMIN)
def service_delete(record_id: int):
    """GET asks for confirmation; the POST hides the record (soft delete)."""
    record = service_record_for(record_id)
    if request.method == "POST":
        if stale_edit(request.form.get("version"), record.version_id):
            return render_template("entrepreneurs/service_delete.html", record=record), STALE_STATUS
        service_log.delete_service(db.session, record)
        db.session.commit()
        flash("Se eliminó la atención.", "success")
        return redirect(url_for("entrepreneurs.services"))
    return render_template("entrepreneurs/service_delete.html", record=record)


@bp.route("/atenciones/importar", methods=["GET", "POST"])
@access(*STAFF)
def services_import():
    """Upload → the file is stored and a job queued; the answer is the job's page at once."""
    form = JobImportForm()
    if form.validate_on_submit():
        try:
            job = start_import(
                db.session,
                user=current_user,
                kind="service_import",
                upload=form.file.data,
                check_only=form.check_only.data,
            )
        except JobError as error:
            form.file.errors.append(str(error))
        else:
            db.session.commit()
            store.enqueue(job)
            return redirect(url_for("jobs.detail", job_id=job.id))
    status = 422 if form.file.errors else 200
    return render_template("entrepreneurs/import.html", form=form), status


@bp.route("/atenciones/plantilla.xlsx")
@access(*STAFF)
def services_template():
    return Response(
        service_log.template_workbook(),
        mimetype=XLSX,
        headers={"Content-Disposition": 'attachment; filename="plantilla-atenciones.xlsx"'},
    )


@bp.route("/atenciones/plantilla.csv")
@access(*STAFF)
def services_template_csv():
    return Response(
        "\ufeff" + service_log.template_csv(),
        mimetype="text/csv",
        headers={"Content-Disposition": 'attachment; filename="plantilla-atenciones.csv"'},
    )
