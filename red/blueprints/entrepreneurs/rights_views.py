"""Ley 1581 in practice: rights requests, merging duplicates, anonymising, and /mis-datos."""

from __future__ import annotations

import json

from flask import Response, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy.orm import joinedload, selectinload

from red.blueprints.entrepreneurs import bp
from red.blueprints.entrepreneurs.forms import (
    AnswerForm,
    MergeForm,
    OwnDataForm,
    RightsRequestForm,
)
from red.blueprints.entrepreneurs.helpers import municipality_choices
from red.extensions import db
from red.models import Entrepreneur, RightsRequest
from red.permissions import STAFF_OR_ADMIN, access, require
from red.permissions.people import PERSON_RECORD, find_person_for, person_for, record_of
from red.permissions.records import rights_request_for
from red.query import query_args
from red.services import entrepreneurs as registry
from red.services import rights as rights_service
from red.services.calendar import local_today
from red.services.entrepreneurs import MergeError
from red.services.rights import RightsError


@bp.route("/emprendedores/<int:person_id>/solicitudes/nueva", methods=["GET", "POST"])
@access(*STAFF_OR_ADMIN)
def rights_new(person_id: int):
    """Staff record a request the person made to them (in person, by phone, on paper)."""
    person = person_for(person_id)
    form = RightsRequestForm()
    if form.validate_on_submit():
        filed = _file_request(form, person)
        if filed is not None:
            flash(
                f"Se registró la solicitud; debe responderse a más tardar el "
                f"{filed.due_on.strftime('%d/%m/%Y')}.",
                "success",
            )
            return redirect(url_for("entrepreneurs.detail", person_id=person.id))
    return render_template("entrepreneurs/rights_form.html", form=form, person=person)


def _file_request(form: RightsRequestForm, person):
    """File the request the form describes and commit; None when the rule refuses it (the
    reason is then on the form, which keeps what the person typed)."""
    try:
        filed = rights_service.file_request(
            db.session,
            person,
            kind=form.kind.data,
            description=form.description.data,
            user_id=current_user.id,
        )
    except RightsError as error:
        form.kind.errors.append(str(error))
        return None
    db.session.commit()
    return filed


@bp.route("/derechos")
@access("admin")
def rights_index():
    overdue_only = query_args().flag("vencidas")
    pagination = db.paginate(
        rights_service.requests_query(overdue_only=overdue_only), per_page=25, error_out=False
    )
    return render_template(
        "entrepreneurs/rights_index.html",
        pagination=pagination,
        overdue_only=overdue_only,
        today=local_today(),
    )


@bp.route("/derechos/<int:request_id>", methods=["GET", "POST"])
@access("admin")
def rights_answer(request_id: int):
    rights_request = rights_request_for(request_id)
    form = AnswerForm()
    if form.validate_on_submit():
        try:
            rights_service.answer_request(
                db.session,
                rights_request,
                response=form.response.data,
                apply_deletion=form.apply_deletion.data,
            )
        except RightsError as error:
            form.response.errors.append(str(error))
        else:
            db.session.commit()
            flash("Se registró la respuesta.", "success")
            return redirect(url_for("entrepreneurs.rights_index"))
    return render_template(
        "entrepreneurs/rights_answer.html", form=form, item=rights_request, today=local_today()
    )


@bp.route("/emprendedores/fusionar", methods=["GET", "POST"])
@access("admin")
def merge():
    """Two records of the same person become one; GET shows both, only POST merges."""
    form = MergeForm(
        keep_id=query_args().id("conservar"),
        drop_id=query_args().id("fusionar"),
    )
    keep, drop = find_person_for(form.keep_id.data), find_person_for(form.drop_id.data)
    if form.validate_on_submit():
        if keep is None or drop is None:
            form.keep_id.errors.append("Escriba los números de dos registros existentes.")
        elif not form.confirm.data:
            form.confirm.errors.append("Confirme que son la misma persona.")
        else:
            try:
                moved = registry.merge_people(db.session, keep, drop)
            except MergeError as error:
                form.keep_id.errors.append(str(error))
            else:
                db.session.commit()
                summary = ", ".join(f"{n} {k}" for k, n in moved.items() if n)
                flash(f"Registros fusionados. Se movieron: {summary or 'nada'}.", "success")
                return redirect(url_for("entrepreneurs.detail", person_id=keep.id))
    return render_template("entrepreneurs/merge.html", form=form, keep=keep, drop=drop)


@bp.route("/emprendedores/<int:person_id>/anonimizar", methods=["GET", "POST"])
@access("admin")
def anonymise(person_id: int):
    person = person_for(person_id)
    if request.method == "POST":
        registry.anonymise_person(db.session, person)
        db.session.commit()
        flash("Se anonimizó el registro; las cifras agregadas se conservan.", "success")
        return redirect(url_for("entrepreneurs.detail", person_id=person.id))
    return render_template("entrepreneurs/anonymise.html", person=person)


# --- The entrepreneur's own data ---------------------------------------------------


def _own_person(*options) -> Entrepreneur:
    person = (
        record_of(current_user.entrepreneur_id, options) if current_user.entrepreneur_id else None
    )
    require(person is not None and person.anonymized_at is None)
    return person


@bp.route("/mis-datos")
@access("entrepreneur")
def my_data():
    person = _own_person(selectinload(Entrepreneur.consents), joinedload(Entrepreneur.municipality))
    requests = db.session.scalars(
        db.select(RightsRequest)
        .where(RightsRequest.entrepreneur_id == person.id)
        .order_by(RightsRequest.filed_on.desc())
    ).all()
    return render_template(
        "entrepreneurs/my_data.html",
        person=person,
        requests=requests,
        timeline=registry.person_timeline(db.session, current_user, person),
    )


@bp.route("/mis-datos/descargar")
@access("entrepreneur")
def my_data_download():
    person = _own_person(*PERSON_RECORD)  # the download has all of it
    body = json.dumps(rights_service.personal_data_export(person), ensure_ascii=False, indent=2)
    return Response(
        body,
        mimetype="application/json",
        headers={"Content-Disposition": 'attachment; filename="mis-datos-red.json"'},
    )


@bp.route("/mis-datos/corregir", methods=["GET", "POST"])
@access("entrepreneur")
def my_data_edit():
    person = _own_person()
    form = OwnDataForm(obj=person)
    form.municipality_code.choices = municipality_choices()
    if form.validate_on_submit():
        rights_service.correct_own_data(
            person,
            {
                "email": form.email.data or None,
                "phone": form.phone.data or None,
                "municipality_code": form.municipality_code.data or None,
                "address": form.address.data or None,
            },
        )
        db.session.commit()
        flash("Se corrigieron sus datos.", "success")
        return redirect(url_for("entrepreneurs.my_data"))
    return render_template("entrepreneurs/my_data_edit.html", form=form, person=person)


@bp.route("/mis-datos/solicitudes/nueva", methods=["GET", "POST"])
@access("entrepreneur")
def my_request_new():
    person = _own_person()
    form = RightsRequestForm()
    if form.validate_on_submit():
        filed = _file_request(form, person)
        if filed is not None:
            flash(
                f"Recibimos su solicitud. La respuesta llegará a más tardar el "
                f"{filed.due_on.strftime('%d/%m/%Y')}.",
                "success",
            )
            return redirect(url_for("entrepreneurs.my_data"))
    return render_template("entrepreneurs/rights_form.html", form=form, person=person, own=True)
