"""Views of the actors area: the public directory, profiles, and a member editing its own."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from red.blueprints.actors import bp
from red.blueprints.actors.forms import ActorProfileForm
from red.blueprints.stale import STALE_STATUS, stale_edit
from red.extensions import db
from red.models import Actor, Municipality, Program
from red.models.actors import ACTOR_KINDS, NETWORK_ROLES
from red.models.programs import MODALITIES
from red.permissions import PUBLIC, STAFF_OR_ADMIN, access, can_manage_actor, require
from red.query import query_args
from red.seed.report_data import network_facts
from red.services import actors as actor_service
from red.services.catalog_search import list_options, query_words


@bp.route("/actores")
@access(PUBLIC)
def directory():
    args = query_args()
    q = args.text("q")
    kind = args.choice("tipo", ACTOR_KINDS)
    stmt = select(Actor).where(Actor.status == "activo")
    for word in query_words(q):
        stmt = stmt.where(Actor.name_norm.like(f"%{word}%"))
    if kind:
        stmt = stmt.where(Actor.kind == kind)
    stmt = stmt.options(selectinload(Actor.municipality)).order_by(Actor.name_sort)
    page = db.paginate(stmt, per_page=30, error_out=False)
    published = dict(
        db.session.execute(
            select(Program.owner_id, func.count(Program.id))
            .where(
                Program.owner_id.in_([a.id for a in page.items]),
                Program.status == "publicado",
            )
            .group_by(Program.owner_id)
        ).all()
    )
    return render_template(
        "actors/directory.html",
        page=page,
        published=published,
        q=q,
        kind=kind,
        kinds=ACTOR_KINDS,
        roles=NETWORK_ROLES,
        network=network_facts(),
    )


def _actor_or_404(slug: str) -> Actor:
    actor = db.session.scalar(
        select(Actor)
        .where(Actor.slug == slug)
        .options(
            selectinload(Actor.municipality),
            selectinload(Actor.municipalities),
            selectinload(Actor.chains),
        )
    )
    if actor is None:
        abort(404)
    return actor


@bp.route("/actores/<slug>")
@access(PUBLIC)
def profile(slug: str):
    actor = _actor_or_404(slug)
    owned = db.session.scalars(
        select(Program)
        .where(Program.owner_id == actor.id, Program.status == "publicado")
        .options(*list_options())
        .order_by(Program.name_sort)
    ).all()
    cooperating = db.session.scalars(
        select(Program)
        .where(
            Program.status == "publicado",
            Program.cooperators.any(Actor.id == actor.id),
        )
        .options(selectinload(Program.owner))
        .order_by(Program.name_sort)
    ).all()
    return render_template(
        "actors/profile.html",
        actor=actor,
        programs=owned,
        cooperating=cooperating,
        kinds=ACTOR_KINDS,
        roles=NETWORK_ROLES,
        modalities=MODALITIES,
        can_manage=can_manage_actor(current_user, actor.id),
    )


@bp.route("/actores/<slug>/editar", methods=["GET", "POST"])
@access(*STAFF_OR_ADMIN)
def edit(slug: str):
    actor = _actor_or_404(slug)
    require(can_manage_actor(current_user, actor.id))
    form = ActorProfileForm(obj=actor if request.method == "GET" else None)
    municipalities = db.session.scalars(select(Municipality).order_by(Municipality.name_sort)).all()
    form.municipality_code.choices = [("", "Seleccione…")] + [
        (m.code, m.name) for m in municipalities
    ]
    form.municipality_codes.choices = [(m.code, m.name) for m in municipalities]
    if request.method == "GET":
        form.version_id.data = actor.version_id
        form.municipality_codes.data = [m.code for m in actor.municipalities]
    elif form.validate_on_submit():
        if stale_edit(form.version_id, actor.version_id):
            return render_template("actors/edit.html", actor=actor, form=form), STALE_STATUS
        values = {key: form[key].data for key in actor_service.FORM_FIELDS}
        actor_service.update_actor_profile(db.session, actor, values)
        db.session.commit()
        flash("Perfil actualizado.", "success")
        return redirect(url_for("actors.profile", slug=actor.slug))
    return render_template("actors/edit.html", actor=actor, form=form), (
        422 if request.method == "POST" else 200
    )
