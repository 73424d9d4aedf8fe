"""Accounts: the admin's list of every user, and an actor admin's own team."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user

from red.blueprints.admin import bp
from red.blueprints.admin.forms import PasswordResetForm, TeamMemberForm, UserCreateForm
from red.blueprints.auth.session import has_remember_cookie, start_session
from red.extensions import db
from red.models.actors import ROLES, Actor, User
from red.permissions import access, can_manage_actor_staff, require
from red.permissions.records import account_for
from red.query import query_args
from red.services import users as user_service
from red.services.accounts import AccountError

PER_PAGE = 25


def _error_field(form, error: AccountError):
    """The form field a service error is about, so it shows next to that field."""
    text = str(error).lower()
    for word, name in (("correo", "email"), ("contraseña", "password"), ("actor", "actor_id")):
        if word in text and name in form:
            return form[name]
    return form["role"] if "role" in form else form["email"]


# --- every account (system admin) -------------------------------------------------


@bp.route("/usuarios")
@access("admin")
def users():
    args = query_args()
    q = args.text("q")
    role = args.choice("rol", ROLES)
    page = db.paginate(
        user_service.users_query(q, role or None), per_page=PER_PAGE, max_per_page=PER_PAGE
    )
    return render_template("admin/users.html", page=page, q=q, role=role, roles=ROLES)


@bp.route("/usuarios/nuevo", methods=["GET", "POST"])
@access("admin")
def user_new():
    form = UserCreateForm()
    form.role.choices = [("", "— Elija un rol —")] + [
        (key, ROLES[key]) for key in user_service.ADMIN_ASSIGNABLE_ROLES
    ]
    form.actor_id.choices = [("", "— Sin actor —")] + user_service.actor_choices(db.session)
    if form.validate_on_submit():
        try:
            user = user_service.create_account(
                db.session,
                current_user,
                email=form.email.data,
                full_name=form.full_name.data,
                password=form.password.data,
                role=form.role.data,
                actor_id=form.actor_id.data,
            )
        except AccountError as error:
            _error_field(form, error).errors.append(str(error))
        else:
            db.session.commit()
            flash(f"Cuenta creada para {user.full_name} ({user.email}).", "success")
            return redirect(url_for("admin.users"))
    return render_template("admin/user_form.html", form=form)


@bp.route("/usuarios/<int:user_id>/desactivar", methods=["POST"])
@access("admin")
def user_deactivate(user_id: int):
    _change_active(account_for(user_id), active=False)
    return redirect(url_for("admin.users"))


@bp.route("/usuarios/<int:user_id>/activar", methods=["POST"])
@access("admin")
def user_activate(user_id: int):
    _change_active(account_for(user_id), active=True)
    return redirect(url_for("admin.users"))


@bp.route("/usuarios/<int:user_id>/contrasena", methods=["GET", "POST"])
@access("admin")
def user_password(user_id: int):
    user = account_for(user_id)
    form = PasswordResetForm()
    if form.validate_on_submit():
        try:
            user_service.reset_password(db.session, current_user, user, form.password.data)
        except AccountError as error:
            form.password.errors.append(str(error))
        else:
            if user.id == current_user.id:
                start_session(user, remember=has_remember_cookie())  # this browser goes on
            db.session.commit()
            flash(
                f"Contraseña de {user.full_name} cambiada. Sus sesiones abiertas se cerraron.",
                "success",
            )
            return redirect(url_for("admin.users"))
    return render_template("admin/user_password.html", form=form, user=user)


def _change_active(user: User, active: bool) -> None:
    """Activate or deactivate, with the service's rules; flashes the outcome."""
    try:
        if active:
            user_service.activate_account(db.session, current_user, user)
        else:
            user_service.deactivate_account(db.session, current_user, user)
    except PermissionError:
        abort(403)
    except AccountError as error:
        flash(str(error), "danger")
        return
    db.session.commit()
    if active:
        flash(f"Cuenta de {user.full_name} activada.", "success")
    else:
        flash(f"Cuenta de {user.full_name} desactivada; sus sesiones se cerraron.", "success")


# --- an actor's own team (actor admin, or a system admin choosing the actor) ------------


def _team_actor() -> Actor | None:
    """The actor whose team is shown: the actor admin's own; for a system admin, ?actor=."""
    if current_user.role == "actor_admin":
        actor_id = current_user.actor_id
    else:
        actor_id = query_args().id("actor")
        if actor_id is None:
            return None
    require(can_manage_actor_staff(current_user, actor_id))
    return db.get_or_404(Actor, actor_id)


def _team_url(actor: Actor | None, **kwargs) -> str:
    if current_user.role == "actor_admin" or actor is None:
        return url_for("admin.team", **kwargs)
    return url_for("admin.team", actor=actor.id, **kwargs)


@bp.route("/mi-equipo")
@access("actor_admin", "admin")
def team():
    actor = _team_actor()
    actors = user_service.actor_choices(db.session) if current_user.role == "admin" else []
    page = None
    if actor is not None:
        page = db.paginate(
            user_service.team_query(actor.id), per_page=PER_PAGE, max_per_page=PER_PAGE
        )
    return render_template("admin/team.html", actor=actor, actors=actors, page=page)


@bp.route("/mi-equipo/nuevo", methods=["GET", "POST"])
@access("actor_admin", "admin")
def team_new():
    actor = _team_actor()
    if actor is None:
        flash("Elija primero el actor.", "warning")
        return redirect(url_for("admin.team"))
    form = TeamMemberForm()
    if form.validate_on_submit():
        try:
            member = user_service.create_account(
                db.session,
                current_user,
                email=form.email.data,
                full_name=form.full_name.data,
                password=form.password.data,
                role="actor_staff",
                actor_id=actor.id,
            )
        except PermissionError:
            abort(403)
        except AccountError as error:
            _error_field(form, error).errors.append(str(error))
        else:
            db.session.commit()
            flash(f"Cuenta de gestor creada para {member.full_name}.", "success")
            return redirect(_team_url(actor))
    return render_template("admin/team_form.html", form=form, actor=actor)


@bp.route("/mi-equipo/<int:user_id>/desactivar", methods=["POST"])
@access("actor_admin", "admin")
def team_deactivate(user_id: int):
    member = account_for(user_id)
    _change_active(member, active=False)
    return redirect(_team_url(member.actor))


@bp.route("/mi-equipo/<int:user_id>/activar", methods=["POST"])
@access("actor_admin", "admin")
def team_activate(user_id: int):
    member = account_for(user_id)
    _change_active(member, active=True)
    return redirect(_team_url(member.actor))
