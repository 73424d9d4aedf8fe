"""flask red … commands."""

from __future__ import annotations

from sqlalchemy import select

from red.models import User


def test_create_user_command(runner, db):
    result = runner.invoke(
        args=[
            "red",
            "create-user",
            "--email",
            "Nueva@Red.co",
            "--name",
            "Nueva Persona",
            "--role",
            "nucleo",
            "--password",
            "clave-segura-123",
        ]
    )
    assert result.exit_code == 0, result.output
    assert "Cuenta creada: nueva@red.co" in result.output
    user = db.session.scalar(select(User).where(User.email == "nueva@red.co"))
    assert user.role == "nucleo" and user.password_hash.startswith("$argon2id$")


def test_create_user_command_refuses_staff_without_actor(runner, db):
    result = runner.invoke(
        args=[
            "red",
            "create-user",
            "--email",
            "g@red.co",
            "--name",
            "G",
            "--role",
            "actor_staff",
            "--password",
            "clave-segura-123",
        ]
    )
    assert result.exit_code != 0
    assert "necesitan un actor" in result.output
    assert db.session.scalar(select(User).where(User.email == "g@red.co")) is None


def test_create_user_command_unknown_actor(runner, db):
    result = runner.invoke(
        args=[
            "red",
            "create-user",
            "--email",
            "g@red.co",
            "--name",
            "G",
            "--role",
            "actor_staff",
            "--actor",
            "no-existe",
            "--password",
            "clave-segura-123",
        ]
    )
    assert result.exit_code != 0
    assert "No existe el actor" in result.output
