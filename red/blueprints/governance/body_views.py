"""Bodies (núcleo and mesas de trabajo), their meetings, attendance, actas and attachments."""

from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, request, send_file, url_for
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from red.blueprints.governance import bp
from red.blueprints.governance.forms import AttachmentForm, MeetingEditForm, MeetingForm
from red.blueprints.stale import STALE_STATUS, stale_edit
from red.es_co import sort_key
from red.extensions import db
from red.models import Attendance, Commitment, Meeting, MeetingAttachment
from red.models.governance import (
    ACTA_STATUSES,
    ATTENDANCE_STATUSES,
    BODY_KINDS,
    DELEGATE_ROLES,
    MEETING_KINDS,
)
from red.permissions import NETWORK_READERS, access
from red.permissions.records import attachment_for, body_for, can_run_body, meeting_for
from red.query import query_args
from red.services import governance as service
from red.services import meeting_notices
from red.services.uploads import UploadError, stored_path


@bp.route("/mesas")
@access(*NETWORK_READERS)
def bodies():
    kind = query_args().choice("tipo", BODY_KINDS)
    query = service.bodies_overview(kind)
    page = db.paginate(query, per_page=25, count=True)
    # db.paginate returns the first column only; re-run the page's rows with their counts.
    rows = db.session.execute(query.limit(page.per_page).offset((page.page - 1) * page.per_page))
    return render_template(
        "governance/bodies.html", page=page, rows=rows.all(), kinds=BODY_KINDS, kind=kind
    )


@bp.route("/mesas/<slug>")
@access(*NETWORK_READERS)
def body_detail(slug: str):
    body = body_for(slug)
    members = service.active_members(db.session, body)
    meetings = db.paginate(
        select(Meeting).where(Meeting.body_id == body.id).order_by(Meeting.held_on.desc()),
        per_page=20,
    )
    return render_template(
        "governance/body_detail.html",
        body=body,
        members=members,
        meetings=meetings,
        can_run=can_run_body(current_user, body),
        kinds=MEETING_KINDS,
        acta_statuses=ACTA_STATUSES,
    )


@bp.route("/mesas/<slug>/reuniones/nueva", methods=["GET", "POST"])
@access(*NETWORK_READERS)
def meeting_new(slug: str):
    body = body_for(slug, "run")
    form = MeetingForm()
    if form.validate_on_submit():
        try:
            meeting = service.schedule_meeting(
                db.session,
                body,
                held_on=form.held_on.data,
                kind=form.kind.data,
                place=form.place.data,
                agenda=form.agenda.data,
            )
        except service.GovernanceError as error:
            form.agenda.errors.append(str(error))
        else:
            db.session.commit()
            meeting_notices.meeting_convened(db.session, meeting)
            db.session.commit()
            flash(f"Se programó la reunión n.º {meeting.number}.", "success")
            return redirect(url_for("governance.meeting_detail", meeting_id=meeting.id))
    return render_template("governance/meeting_form.html", body=body, form=form, meeting=None)


def _meeting_context(meeting: Meeting) -> dict:
    attendance = db.session.scalars(
        select(Attendance)
        .where(Attendance.meeting_id == meeting.id)
        .options(joinedload(Attendance.actor))
    ).all()
    commitments = db.session.scalars(
        select(Commitment)
        .where(Commitment.meeting_id == meeting.id)
        .options(selectinload(Commitment.actors))
        .order_by(Commitment.due_on)
    ).all()
    attachments = db.session.scalars(
        select(MeetingAttachment)
        .where(MeetingAttachment.meeting_id == meeting.id)
        .order_by(MeetingAttachment.uploaded_at)
    ).all()
    approver = (
        db.session.get(Meeting, meeting.acta_approved_at_meeting_id)
        if meeting.acta_approved_at_meeting_id
        else None
    )
    return {
        "meeting": meeting,
        "approver": approver,
        "body": meeting.body,
        "attendance": sorted(attendance, key=lambda a: sort_key(a.actor.name)),
        "commitments": commitments,
        "attachments": attachments,
        "statuses": ATTENDANCE_STATUSES,
        "roles": DELEGATE_ROLES,
        "kinds": MEETING_KINDS,
        "acta_statuses": ACTA_STATUSES,
    }


@bp.route("/mesas/reuniones/<int:meeting_id>")
@access(*NETWORK_READERS)
def meeting_detail(meeting_id: int):
    meeting = meeting_for(meeting_id)
    context = _meeting_context(meeting)
    return render_template(
        "governance/meeting_detail.html",
        can_run=can_run_body(current_user, meeting.body),
        upload_form=AttachmentForm(),
        **context,
    )


@bp.route("/mesas/reuniones/<int:meeting_id>/acta")
@access(*NETWORK_READERS)
def meeting_print(meeting_id: int):
    meeting = meeting_for(meeting_id)
    return render_template("governance/meeting_print.html", **_meeting_context(meeting))


@bp.route("/mesas/reuniones/<int:meeting_id>/editar", methods=["GET", "POST"])
@access(*NETWORK_READERS)
def meeting_edit(meeting_id: int):
    meeting = meeting_for(meeting_id, "run")
    form = MeetingEditForm(obj=meeting)
    later = db.session.execute(
        select(Meeting.id, Meeting.number, Meeting.held_on)
        .where(Meeting.body_id == meeting.body_id, Meeting.held_on > meeting.held_on)
        .order_by(Meeting.held_on)
    ).all()
    form.approved_at_meeting_id.choices = [("", "Sin aprobar aún")] + [
        (str(mid), f"Reunión {number} ({held:%d/%m/%Y})") for mid, number, held in later
    ]
    if request.method == "GET":
        form.version.data = str(meeting.version_id)
        form.approved_at_meeting_id.data = meeting.acta_approved_at_meeting_id
    if form.validate_on_submit():
        if stale_edit(form.version, meeting.version_id):
            return _meeting_form(meeting, form), STALE_STATUS
        drafted_before = meeting.acta_status == "borrador"
        try:
            service.update_meeting(
                db.session,
                meeting,
                held_on=form.held_on.data,
                kind=form.kind.data,
                place=form.place.data or "",
                agenda=form.agenda.data,
                acta=form.acta.data or "",
                acta_status=form.acta_status.data,
                approved_at_meeting_id=form.approved_at_meeting_id.data,
            )
        except service.GovernanceError as error:
            form.acta.errors.append(str(error))
        else:
            db.session.commit()
            if meeting.acta_status == "borrador" and not drafted_before:
                _tell_acta_ready(meeting)
            flash("Se guardaron los cambios de la reunión.", "success")
            return redirect(url_for("governance.meeting_detail", meeting_id=meeting.id))
    return _meeting_form(meeting, form)


def _meeting_form(meeting: Meeting, form: MeetingEditForm) -> str:
    return render_template(
        "governance/meeting_form.html", body=meeting.body, form=form, meeting=meeting
    )


@bp.route("/mesas/reuniones/<int:meeting_id>/asistencia", methods=["GET", "POST"])
@access(*NETWORK_READERS)
def meeting_attendance(meeting_id: int):
    meeting = meeting_for(meeting_id, "run")
    members = service.active_members(db.session, meeting.body, meeting.held_on)
    current = {
        a.actor_id: a
        for a in db.session.scalars(select(Attendance).where(Attendance.meeting_id == meeting.id))
    }
    error, status = None, 200
    if request.method == "POST" and stale_edit(request.form.get("version"), meeting.version_id):
        status = STALE_STATUS
    elif request.method == "POST":
        entries = {
            m.actor_id: {
                "status": request.form.get(f"estado-{m.actor_id}"),
                "delegate_role": request.form.get(f"rol-{m.actor_id}"),
                "delegate_name": request.form.get(f"delegado-{m.actor_id}"),
            }
            for m in members
        }
        try:
            service.record_attendance(db.session, meeting, entries)
        except service.GovernanceError as exc:
            error = str(exc)
        else:
            db.session.commit()
            flash("Se guardó la asistencia.", "success")
            return redirect(url_for("governance.meeting_detail", meeting_id=meeting.id))
    return render_template(
        "governance/attendance_form.html",
        meeting=meeting,
        body=meeting.body,
        members=members,
        current=current,
        submitted=request.form if request.method == "POST" else None,
        statuses=ATTENDANCE_STATUSES,
        roles=DELEGATE_ROLES,
        error=error,
    ), (422 if error else status)


@bp.route("/mesas/reuniones/<int:meeting_id>/adjuntos", methods=["POST"])
@access(*NETWORK_READERS)
def attachment_upload(meeting_id: int):
    meeting = meeting_for(meeting_id, "run")
    form = AttachmentForm()
    if not form.validate_on_submit():
        flash("Elija un archivo para adjuntar.", "danger")
        return redirect(url_for("governance.meeting_detail", meeting_id=meeting.id))
    upload = form.file.data
    try:
        attachment = service.attach_file(
            db.session, meeting, upload.stream, upload.filename or "", user_id=current_user.id
        )
    except service.GovernanceError as error:
        flash(str(error), "danger")
        return redirect(url_for("governance.meeting_detail", meeting_id=meeting.id))
    db.session.commit()
    flash(f"Se adjuntó «{attachment.original_name}».", "success")
    return redirect(url_for("governance.meeting_detail", meeting_id=meeting.id))


@bp.route("/mesas/adjuntos/<int:attachment_id>")
@access(*NETWORK_READERS)
def attachment_download(attachment_id: int):
    attachment = attachment_for(attachment_id)
    try:
        path = stored_path(attachment.stored_name)
    except UploadError:
        abort(404)
    if not path.exists():
        abort(404)
    return send_file(
        path,
        mimetype=attachment.content_type,
        as_attachment=True,
        download_name=attachment.original_name,
    )


@bp.route("/mesas/reuniones/<int:meeting_id>/calendario.ics")
@access(*NETWORK_READERS)
def meeting_calendar(meeting_id: int):
    """The meeting as an .ics file, for the members' calendars."""
    from red.services import ical

    meeting = meeting_for(meeting_id)
    name = ical.ics_filename("reunion", f"{meeting.body.slug}-{meeting.number}")
    return Response(
        ical.meeting_ics(meeting),
        mimetype="text/calendar",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


def _acta_pdf(meeting: Meeting) -> bytes:
    from red.services import acta_pdf
    from red.services.governance import active_members

    members = len(active_members(db.session, meeting.body, on=meeting.held_on))
    return acta_pdf.render_acta(_meeting_context(meeting), members)


def _tell_acta_ready(meeting: Meeting) -> None:
    """The acta became a draft for approval: the members get it in PDF."""
    meeting_notices.acta_ready(db.session, meeting, _acta_pdf(meeting))
    db.session.commit()


@bp.route("/mesas/reuniones/<int:meeting_id>/acta.pdf")
@access(*NETWORK_READERS)
def meeting_pdf(meeting_id: int):
    """The acta as a PDF, from the same data as the page, with a stable file name."""
    from red.services import acta_pdf

    meeting = meeting_for(meeting_id)
    return Response(
        _acta_pdf(meeting),
        mimetype="application/pdf",
        headers={
            "Content-Disposition": f'attachment; filename="{acta_pdf.acta_filename(meeting)}"'
        },
    )
