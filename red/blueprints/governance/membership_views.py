"""Creating mesas and managing their member actors (núcleo and admin)."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from sqlalchemy import select

from red.blueprints.governance import bp
from red.blueprints.governance.forms import BodyForm, MemberForm
from red.extensions import db
from red.models import Actor
from red.permissions import NETWORK_LEADS, access
from red.permissions.records import body_for, membership_for
from red.services import governance as service
from red.services.periods import local_today
from red.text import fold


def _actor_choices(exclude: set[int] | None = None) -> list[tuple[int, str]]:
    rows = db.session.execute(
        select(Actor.id, Actor.name).where(Actor.status == "activo").order_by(Actor.name_sort)
    ).all()
    return [(actor_id, name) for actor_id, name in rows if actor_id not in (exclude or set())]


def _slugify(name: str) -> str:
    words = "".join(ch if ch.isalnum() else " " for ch in fold(name)).split()
    slug = "-".join(words)[:110] or "mesa"
    # Paths under /mesas/ that are not bodies.
    return f"{slug}-mesa" if slug in {"nueva", "reuniones", "adjuntos"} else slug


@bp.route("/mesas/nueva", methods=["GET", "POST"])
@access(*NETWORK_LEADS)
def body_new():
    form = BodyForm()
    form.coordinator_actor_id.choices = _actor_choices()
    if form.validate_on_submit():
        try:
            body = service.create_body(
                db.session,
                name=form.name.data,
                slug=_slugify(form.name.data),
                description=form.description.data,
                coordinator_actor_id=form.coordinator_actor_id.data,
            )
        except service.GovernanceError as error:
            form.name.errors.append(str(error))
        else:
            db.session.commit()
            flash(f"Se creó la instancia «{body.name}».", "success")
            return redirect(url_for("governance.body_members", slug=body.slug))
    return render_template("governance/body_form.html", form=form)


@bp.route("/mesas/<slug>/miembros", methods=["GET", "POST"])
@access(*NETWORK_LEADS)
def body_members(slug: str):
    body = body_for(slug)
    members = service.active_members(db.session, body)
    form = MemberForm()
    form.actor_id.choices = _actor_choices({m.actor_id for m in members})
    if form.validate_on_submit():
        try:
            service.add_member(
                db.session,
                body,
                actor_id=form.actor_id.data,
                principal=form.principal.data,
                alternate=form.alternate.data,
                delegation_act=form.delegation_act.data,
                joined_on=local_today(),
            )
        except service.GovernanceError as error:
            form.actor_id.errors.append(str(error))
        else:
            db.session.commit()
            flash("Se agregó el actor a la instancia.", "success")
            return redirect(url_for("governance.body_members", slug=body.slug))
    return render_template("governance/body_members.html", body=body, members=members, form=form)


@bp.route("/mesas/<slug>/miembros/<int:membership_id>/retirar", methods=["GET", "POST"])
@access(*NETWORK_LEADS)
def member_withdraw(slug: str, membership_id: int):
    """GET asks for confirmation; POST withdraws (soft: attendance history is kept)."""
    membership = membership_for(body_for(slug), membership_id)
    if request.method == "POST":
        try:
            service.withdraw_member(db.session, membership, on=local_today())
        except service.GovernanceError as error:
            flash(str(error), "danger")
        else:
            db.session.commit()
            flash(f"{membership.actor.name} se retiró de la instancia.", "success")
        return redirect(url_for("governance.body_members", slug=slug))
    return render_template("governance/member_withdraw.html", membership=membership)
