"""The service log (/atenciones): quick form, list with filters, Excel export, bulk import."""

from __future__ import annotations

from flask import Response, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from red.blueprints.entrepreneurs import bp
from red.blueprints.entrepreneurs.forms import ImportForm, ServiceForm
from red.blueprints.entrepreneurs.helpers import (
    check_version,
    program_choices,
    service_type_choices,
)
from red.extensions import db
from red.models import Entrepreneur, ServiceRecord, Venture
from red.permissions import access, can_manage_actor, is_admin, require
from red.query import query_args
from red.services import service_log
from red.services.bounds import as_id
from red.services.calendar import local_today
from red.services.documents import DocumentError
from red.services.entrepreneurs import can_see_person
from red.services.people import find_person
from red.services.service_log import ServiceError

STAFF = ("actor_admin", "actor_staff")
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
@access("admin", *STAFF)
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


@bp.route("/atenciones/exportar")
@access("admin", *STAFF)
def services_export():
    records = db.session.scalars(service_log.services_query(current_user, _filters())).all()
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


def _resolve_person(form: ServiceForm) -> Entrepreneur | None:
    """The person served: the one chosen on their page, or looked up by document."""
    if form.entrepreneur_id.data and str(form.entrepreneur_id.data).isdigit():
        person = db.session.get(Entrepreneur, int(form.entrepreneur_id.data))
    else:
        try:
            person = find_person(db.session, form.doc_type.data, form.doc_number.data)
        except DocumentError as error:
            form.doc_number.errors.append(str(error))
            return None
        if person is None:
            form.doc_number.errors.append(
                "No hay ninguna persona registrada con ese documento: regístrela primero."
            )
            return None
    if person is None or not can_see_person(db.session, current_user, person):
        if person is not None and current_user.is_staff:
            # Known to the network but not yet to this actor: serving them is legitimate
            # once their consent for attention exists; the service record creates the link.
            from red.services.people import has_valid_consent

            if has_valid_consent(person):
                return person
        form.doc_number.errors.append(
            "Registre a la persona (con su autorización de datos) antes de registrar la atención."
        )
        return None
    return person


@bp.route("/atenciones/nueva", methods=["GET", "POST"])
@access(*STAFF)
def service_new():
    """The fast "registrar atención" form; opened from a person's page it comes pre-filled."""
    person_id = (
        query_args().id("persona")
        or request.form.get("persona", type=as_id)
        or request.form.get("entrepreneur_id", type=as_id)
    )
    person = db.session.get(Entrepreneur, person_id) if person_id else None
    if person is not None and not can_see_person(db.session, current_user, person):
        person = None
    form = _service_form(None, person)
    if request.method == "GET":
        form.served_on.data = local_today()
        if person is not None:
            form.entrepreneur_id.data = str(person.id)
    if form.validate_on_submit():
        target = _resolve_person(form)
        if target is not None:
            venture_id = form.venture_id.data
            if venture_id and db.session.get(Venture, venture_id).entrepreneur_id != target.id:
                venture_id = None
            try:
                service_log.register_service(
                    db.session,
                    actor_id=current_user.actor_id,
                    entrepreneur_id=target.id,
                    service_type_id=form.service_type_id.data,
                    served_on=form.served_on.data,
                    program_id=form.program_id.data,
                    venture_id=venture_id,
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


def _own_record(record_id: int) -> ServiceRecord:
    record = db.get_or_404(ServiceRecord, record_id)
    require(record.deleted_at is None and can_manage_actor(current_user, record.actor_id))
    return record


@bp.route("/atenciones/<int:record_id>/editar", methods=["GET", "POST"])
@access("admin", *STAFF)
def service_edit(record_id: int):
    record = _own_record(record_id)
    form = _service_form(record, record.entrepreneur)
    form.program_id.choices = program_choices(record.actor_id)
    if request.method == "GET":
        form.version.data = str(record.version_id)
    if form.validate_on_submit():
        check_version(record, form.version.data)
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
    return render_template(
        "entrepreneurs/service_form.html", form=form, person=record.entrepreneur, record=record
    )


@bp.route("/atenciones/<int:record_id>/eliminar", methods=["GET", "POST"])
@access("admin", *STAFF)
def service_delete(record_id: int):
    """GET asks for confirmation; the POST hides the record (soft delete)."""
    record = _own_record(record_id)
    if request.method == "POST":
        check_version(record, request.form.get("version"))
        service_log.delete_service(db.session, record)
        db.session.commit()
        flash("Se eliminó la atención.", "success")
        return redirect(url_for("entrepreneurs.services"))
    return render_template("entrepreneurs/service_delete.html", record=record)


@bp.route("/atenciones/importar", methods=["GET", "POST"])
@access(*STAFF)
def services_import():
    form = ImportForm()
    result = None
    status = 200
    if form.validate_on_submit():
        upload = form.file.data
        if not upload or not upload.filename:
            form.file.errors.append("Elija el archivo con la plantilla diligenciada.")
        else:
            try:
                rows = service_log.read_rows(upload.filename, upload.read())
            except ServiceError as error:
                form.file.errors.append(str(error))
            else:
                result = service_log.import_services(
                    db.session,
                    rows,
                    actor_id=current_user.actor_id,
                    user_id=current_user.id,
                    policy_version=current_app.config["PRIVACY_POLICY_VERSION"],
                )
                if result.ok:
                    db.session.commit()
                    flash(
                        f"Se importaron {result.created} atenciones "
                        f"({result.new_people} personas nuevas).",
                        "success",
                    )
                    return redirect(url_for("entrepreneurs.services"))
                db.session.rollback()
                status = 422
    return render_template("entrepreneurs/import.html", form=form, result=result), status


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
