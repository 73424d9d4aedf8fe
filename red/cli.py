"""`flask red …` commands: demo and synthetic data, accounts."""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import AppGroup

from red.extensions import db

red_cli = AppGroup("red", help="Comandos de Red.")

FORCE_HELP = "Ejecutar aunque la base tenga datos reales o sea de producción (pide confirmación)."


def _database_name() -> str:
    """What the operator types to confirm: the PostgreSQL database or the SQLite file name."""
    from pathlib import Path

    url = db.session.connection().engine.url
    if url.get_backend_name() == "sqlite":
        return Path(url.database).name if url.database not in (None, "", ":memory:") else "memoria"
    return url.database or ""


def _non_demo_people() -> int:
    """People the demo data did not bring: real ones (or synthetic ones from a load test).
    The living demo's people are marked is_demo (red/seed/demo_activity.py)."""
    from sqlalchemy import and_, func, not_, or_, select

    from red.models import Entrepreneur
    from red.seed.demo_accounts import DEMO_ENTREPRENEUR as demo

    is_demo = and_(
        Entrepreneur.doc_type == demo["doc_type"], Entrepreneur.doc_number == demo["doc_number"]
    )
    demo_people = or_(is_demo, Entrepreneur.is_demo.is_(True))
    return db.session.scalar(select(func.count(Entrepreneur.id)).where(not_(demo_people))) or 0


def guard_destructive(command: str, force: bool) -> None:
    """Refuse a command that writes demo data or wipes the database when the configuration
    says production or real people are there, unless --force and the database's name typed."""
    from flask import current_app

    from red.deployment import is_production

    reasons = []
    if is_production(current_app.config):
        reasons.append("la configuración es de producción (RED_ENV=production)")
    if people := _non_demo_people():
        reasons.append(f"la base tiene personas que no son de los datos de demostración ({people})")
    if not reasons:
        return
    message = f"«flask red {command}» no se ejecutó: {' y '.join(reasons)}."
    if not force:
        raise click.ClickException(f"{message} Si de verdad quiere hacerlo, repita con --force.")
    click.echo(message)
    name = _database_name()
    typed = click.prompt(
        f"Escriba el nombre de la base de datos ({name}) para continuar",
        default="",
        show_default=False,
    )
    if typed.strip() != name:
        raise click.ClickException("La confirmación no coincide: no se hizo ningún cambio.")


@red_cli.command("seed-demo")
@click.option("--force", is_flag=True, help=FORCE_HELP)
@click.option(
    "--skip-if-refused",
    is_flag=True,
    help="Sin --force: si la base no es de demostración, avisar y terminar sin error (make run).",
)
def seed_demo_command(force: bool, skip_if_refused: bool) -> None:
    """Load the demo data from the report and twelve months of demonstration activity
    (idempotent: a second run adds nothing).

    The demo accounts share a published password: never on a database with real people."""
    from red.seed.demo import seed_demo
    from red.seed.demo_activity import seed_demo_activity, stale_demo_notice

    try:
        guard_destructive("seed-demo", force)
    except click.ClickException as refusal:
        if not skip_if_refused or force:
            raise
        click.echo(f"{refusal.message} Datos de demostración no cargados.")
        return
    summary = seed_demo(db.session)
    summary.update(seed_demo_activity(db.session))
    db.session.commit()
    for name, count in summary.items():
        click.echo(f"{name}: {count} nuevos")
    notice = stale_demo_notice(db.session)
    if notice:
        click.echo(notice)


@red_cli.command("seed-synthetic")
@click.option("--entrepreneurs", default=1000, show_default=True, type=int)
@click.option("--programs", default=0, show_default=True, type=int)
@click.option("--events", default=0, show_default=True, type=int)
@click.option("--seed", "random_seed", default=2026, show_default=True, type=int)
@click.option("--force", is_flag=True, help=FORCE_HELP)
def seed_synthetic_command(
    entrepreneurs: int, programs: int, events: int, random_seed: int, force: bool
) -> None:
    """Generate synthetic people, ventures and activity for load tests (never loaded by default)."""
    from red.seed import SeedError
    from red.seed.synthetic import seed_synthetic

    guard_destructive("seed-synthetic", force)
    try:
        summary = seed_synthetic(
            db.session,
            entrepreneurs=entrepreneurs,
            random_seed=random_seed,
            programs=programs,
            events=events,
        )
    except SeedError as error:
        raise click.ClickException(str(error)) from error
    db.session.commit()
    for name, count in summary.items():
        click.echo(f"{name}: {count}")


@red_cli.command("create-user")
@click.option("--email", required=True)
@click.option("--name", "full_name", required=True)
@click.option(
    "--role",
    required=True,
    type=click.Choice(["admin", "nucleo", "actor_admin", "actor_staff", "entrepreneur"]),
)
@click.option("--actor", "actor_slug", default=None, help="Slug o sigla del actor (gestores).")
@click.password_option("--password", help="Contraseña (mínimo 10 caracteres).")
def create_user_command(
    email: str, full_name: str, role: str, actor_slug: str | None, password: str
) -> None:
    """Create an account."""
    from sqlalchemy import func, or_, select

    from red.models import Actor
    from red.services.accounts import AccountError, create_user

    actor_id = None
    if actor_slug:
        actor = db.session.scalar(
            select(Actor).where(
                or_(Actor.slug == actor_slug, func.lower(Actor.acronym) == actor_slug.lower())
            )
        )
        if actor is None:
            raise click.ClickException(f"No existe el actor «{actor_slug}».")
        actor_id = actor.id
    try:
        user = create_user(
            db.session,
            email=email,
            full_name=full_name,
            password=password,
            role=role,
            actor_id=actor_id,
        )
    except AccountError as error:
        raise click.ClickException(str(error)) from error
    db.session.commit()
    click.echo(f"Cuenta creada: {user.email} ({user.role_label})")


@red_cli.command("backup")
@click.option("--output", "output", type=click.Path(dir_okay=False), default=None)
def backup_command(output: str | None) -> None:
    """Write every table to a gzip'd JSON file (instance/backups/ by default)."""
    from datetime import datetime
    from pathlib import Path

    from flask import current_app

    from red.services.backup import write_backup

    if output is None:
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        output = str(Path(current_app.instance_path) / "backups" / f"red-{stamp}.json.gz")
    counts = write_backup(db.session.connection(), Path(output))
    click.echo(f"Copia escrita en {output}: {sum(counts.values())} filas en {len(counts)} tablas.")


@red_cli.command("restore")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--replace", is_flag=True, help="Vaciar la base antes de restaurar.")
@click.option("--force", is_flag=True, help=FORCE_HELP)
def restore_command(path: str, replace: bool, force: bool) -> None:
    """Load a backup into this (migrated) database, all or nothing."""
    from pathlib import Path

    from red.services.backup import BackupError, read_backup, restore

    if replace:
        guard_destructive("restore --replace", force)
    try:
        data = read_backup(Path(path))
        counts = restore(db.session.connection(), data, replace=replace)
    except BackupError as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from error
    db.session.commit()
    click.echo(f"Copia restaurada: {sum(counts.values())} filas.")


@red_cli.command("rebuild-access")
def rebuild_access_command() -> None:
    """Recompute who-sees-whom (person_access) from the records, e.g. after editing the
    database by hand; the application keeps it current by itself."""
    from sqlalchemy import func, select

    from red.models import PersonAccess
    from red.services.person_access import rebuild

    rebuild(db.session.connection())
    db.session.commit()
    total = db.session.scalar(select(func.count()).select_from(PersonAccess))
    click.echo(f"Accesos recalculados: {total} pares actor–persona.")


@red_cli.command("tick")
def tick_command() -> None:
    """Send the reminders and escalations due today (referrals, commitments, Ley 1581
    requests), each exactly once; safe to run every few minutes from cron."""
    from red.services.reminders import tick

    report = tick(db.session)
    db.session.commit()
    click.echo(f"Recordatorios: {report.summary()}.")


def register(app: Flask) -> None:
    app.cli.add_command(red_cli)
