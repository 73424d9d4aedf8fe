"""Home-page blocks for those who run the network: the núcleo, the secretaría técnica, the
system admin. The núcleo reads aggregates by actor (members at risk, overdue commitments and
referrals per owner, rights requests by deadline), never one person's referral; the admin
reads the Ley 1581 requests and accounts it answers for. Each block is a fixed number of
queries; see red/services/worklists.py for the shape of a block.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.orm import Session, joinedload

from red.models import Actor, Commitment, Meeting, Referral, RightsRequest, User
from red.models.actors import ROLES
from red.models.governance import commitment_actors
from red.models.people import RIGHTS_REQUEST_KINDS
from red.permissions.records import (
    manageable_accounts_clause,
    visible_commitments_clause,
    visible_rights_requests_clause,
)
from red.services import compliance as scoring
from red.services.calendar import add_business_days, business_days_between
from red.services.periods import previous_quarters
from red.services.rights import OPEN_STATUSES
from red.services.worklists import (
    LINES,
    OPEN_COMMITMENT,
    Block,
    Line,
    _count,
    _decimal,
    _first_lines,
)

RIGHTS_HORIZON_BUSINESS_DAYS = 3  # "near the legal deadline": due within this many days


def is_secretariat(session: Session, user: Any) -> bool:
    """Staff of the member that holds the secretaría técnica (it drafts the actas). The
    actor is usually in the session already (the compliance block read it): no statement."""
    actor = session.get(Actor, user.actor_id)
    return actor is not None and actor.network_role == "secretaria_tecnica"


def members_at_risk(session: Session, today: date) -> Block:
    """Members below green this quarter, or scoring less than last quarter."""
    previous, current = previous_quarters(today, 2)
    # Both quarters in one pass: one statement per component for the two, not two each.
    then, now = scoring.compute_scorecards(session, [previous, current], today)
    before = {row.actor.id: row.score for row in then.rows}
    green = now.settings["green_min"]
    risky = []
    for row in now.rows:
        last = before.get(row.actor.id)
        falling = row.score is not None and last is not None and row.score < last
        if row.score is not None and (row.score < green or falling):
            risky.append((row, last, falling))
    risky.sort(key=lambda item: (item[0].score, item[0].actor.name))
    lines = []
    for row, last, falling in risky[:LINES]:
        note = f"{_decimal(row.score)} puntos ({row.light_label.lower()})"
        if falling:
            note += f", bajó de {_decimal(last)}"
        lines.append(
            Line(
                row.actor.name,
                "governance.compliance_actor",
                {"slug": row.actor.slug},
                note,
                row.light == "rojo",
            )
        )
    return Block(
        "riesgo",
        f"Miembros en riesgo · {current.label}",
        len(risky),
        "Ningún miembro está por debajo del verde ni bajó respecto al trimestre anterior.",
        lines,
        "governance.compliance",
    )


def _overdue_commitments(user: Any, today: date):
    query = select(Commitment).where(
        Commitment.status.in_(OPEN_COMMITMENT), Commitment.due_on < today
    )
    visible = visible_commitments_clause(user)
    return query if visible is None else query.where(visible)


def overdue_commitments_by_owner(session: Session, user: Any, today: date) -> Block:
    """Overdue commitments counted per responsible actor, most first (two queries)."""
    overdue = _overdue_commitments(user, today).subquery()
    per_actor = session.execute(
        select(Actor.slug, Actor.name, func.count(overdue.c.id))
        .join(commitment_actors, commitment_actors.c.actor_id == Actor.id)
        .join(overdue, overdue.c.id == commitment_actors.c.commitment_id)
        .group_by(Actor.id, Actor.slug, Actor.name)
        .order_by(func.count(overdue.c.id).desc(), Actor.name_sort)
        .limit(LINES)
    ).all()
    lines = [
        Line(
            name,
            "governance.commitments",
            {"estado": "vencido", "actor": slug},
            f"{number} vencido" + ("" if number == 1 else "s"),
            True,
        )
        for slug, name, number in per_actor
    ]
    return Block(
        "compromisos_vencidos",
        "Compromisos vencidos por responsable",
        _count(session, _overdue_commitments(user, today)),
        "No hay compromisos vencidos.",
        lines,
        "governance.commitments",
        {"estado": "vencido"},
    )


def meetings_without_acta(session: Session, today: date) -> Block:
    """Meetings already held whose acta is not approved yet, oldest first; the first lines
    and their total in one statement (meetings are the network's governance, a few per
    month, not a list that grows with the people served)."""
    query = (
        select(Meeting)
        .where(Meeting.held_on < today, Meeting.acta_status != "aprobada")
        .options(joinedload(Meeting.body))
    )
    rows, total = _first_lines(session, query, Meeting.held_on, Meeting.id)
    lines = [
        Line(
            f"{m.body.name} · reunión {m.number} del {m.held_on:%d/%m/%Y}",
            "governance.meeting_detail",
            {"meeting_id": m.id},
            "acta en borrador" if m.acta_status == "borrador" else "sin acta",
            m.acta_status == "pendiente",
        )
        for m in rows
    ]
    return Block(
        "actas",
        "Reuniones sin acta aprobada",
        total,
        "Todas las reuniones realizadas tienen su acta aprobada.",
        lines,
        "governance.bodies",
    )


def overdue_referrals_by_actor(session: Session, today: date) -> Block:
    """Referrals unanswered past their window, per receiving actor (no personal data).

    One statement: the overdue referrals grouped by receiver, read from the index
    ix_referrals_overdue (status, response_due_on, to_actor_id) alone, with the network's
    total as a window sum over the groups, so no second COUNT walks them again."""
    grouped = (
        select(
            Referral.to_actor_id.label("receiver"),
            func.count().label("number"),
            func.min(Referral.response_due_on).label("oldest"),
        )
        .where(Referral.status == "enviada", Referral.response_due_on < today)
        .group_by(Referral.to_actor_id)
        .subquery()
    )
    total = func.sum(grouped.c.number).over().label("total")
    per_actor = session.execute(
        select(Actor.slug, Actor.name, grouped.c.number, grouped.c.oldest, total)
        .join(grouped, grouped.c.receiver == Actor.id)
        .order_by(grouped.c.number.desc(), Actor.name_sort)
        .limit(LINES)
    ).all()
    lines = []
    for slug, name, number, oldest, _total in per_actor:
        days = max(business_days_between(oldest, today), 1)
        lines.append(
            Line(
                name,
                "governance.compliance_actor",
                {"slug": slug},
                f"{number} sin respuesta; la más antigua venció hace {days} días hábiles",
                True,
            )
        )
    return Block(
        "remisiones_vencidas",
        "Remisiones vencidas en la Red",
        int(per_actor[0].total) if per_actor else 0,
        "Ninguna remisión de la Red está sin respuesta fuera del plazo.",
        lines,
        "referrals.overdue",
    )


def rights_near_deadline(session: Session, today: date) -> Block:
    """Open Ley 1581 requests due within a few business days or overdue, counted by kind."""
    horizon = add_business_days(today, RIGHTS_HORIZON_BUSINESS_DAYS)
    near = (
        RightsRequest.status.in_(OPEN_STATUSES),
        RightsRequest.due_on <= horizon,
    )
    per_kind = session.execute(
        select(RightsRequest.kind, func.count(RightsRequest.id), func.min(RightsRequest.due_on))
        .where(*near)
        .group_by(RightsRequest.kind)
        .order_by(func.min(RightsRequest.due_on))
    ).all()
    lines = [
        Line(
            RIGHTS_REQUEST_KINDS.get(kind, kind),
            None,
            {},
            f"{number}; la primera vence el {first:%d/%m/%Y}",
            first < today,
        )
        for kind, number, first in per_kind
    ]
    return Block(
        "derechos_plazo",
        f"Solicitudes Ley 1581 que vencen en {RIGHTS_HORIZON_BUSINESS_DAYS} días hábiles o menos",
        sum(number for _kind, number, _first in per_kind),
        "Ninguna solicitud de datos personales está cerca de su plazo legal.",
        lines,
        summary="Las responde el administrador del sistema en /derechos.",
    )


def nucleo_blocks(session: Session, user: Any, today: date) -> list[Block]:
    return [
        members_at_risk(session, today),
        overdue_commitments_by_owner(session, user, today),
        meetings_without_acta(session, today),
        overdue_referrals_by_actor(session, today),
        rights_near_deadline(session, today),
    ]


def secretariat_blocks(session: Session, user: Any, today: date) -> list[Block]:
    return [
        meetings_without_acta(session, today),
        overdue_commitments_by_owner(session, user, today),
    ]


# --- system admin -----------------------------------------------------------------------------


def rights_by_days_left(session: Session, user: Any, today: date) -> Block:
    """Open Ley 1581 requests, nearest legal deadline first, in business days."""
    query = select(RightsRequest).where(
        visible_rights_requests_clause(user), RightsRequest.status.in_(OPEN_STATUSES)
    )
    rows = session.scalars(
        query.order_by(RightsRequest.due_on, RightsRequest.id).limit(LINES)
    ).all()
    lines = []
    for r in rows:
        if r.due_on >= today:
            days = business_days_between(today, r.due_on)
            note = "vence hoy" if days == 0 else f"quedan {days} días hábiles"
        else:
            note = f"vencida hace {max(business_days_between(r.due_on, today), 1)} días hábiles"
        lines.append(
            Line(
                f"{RIGHTS_REQUEST_KINDS.get(r.kind, r.kind)} n.º {r.id} · radicada el "
                f"{r.filed_on:%d/%m/%Y}",
                "entrepreneurs.rights_answer",
                {"request_id": r.id},
                note,
                r.due_on <= add_business_days(today, RIGHTS_HORIZON_BUSINESS_DAYS),
            )
        )
    return Block(
        "derechos",
        "Solicitudes Ley 1581 abiertas",
        _count(session, query),
        "No hay solicitudes de datos personales abiertas.",
        lines,
        "entrepreneurs.rights_index",
    )


def accounts_without_2fa(session: Session, user: Any) -> Block:
    """Active accounts without two-step verification; those whose role requires it first."""
    required = tuple(current_app.config.get("TOTP_REQUIRED_ROLES", ()))
    query = select(User).where(
        manageable_accounts_clause(user), User.active.is_(True), User.totp_enabled_at.is_(None)
    )
    must = User.role.in_(required) if required else None
    order = [must.desc()] if must is not None else []
    rows = session.scalars(query.order_by(*order, User.name_sort, User.id).limit(LINES)).all()
    lines = [
        Line(
            f"{u.full_name} · {ROLES.get(u.role, u.role)}",
            "admin.users",
            {"q": u.email},
            "obligatoria para su rol" if u.role in required else "opcional",
            u.role in required,
        )
        for u in rows
    ]
    return Block(
        "dos_pasos",
        "Cuentas sin verificación en dos pasos",
        _count(session, query),
        "Todas las cuentas activas usan la verificación en dos pasos.",
        lines,
        "admin.users",
    )


def admin_blocks(session: Session, user: Any, today: date) -> list[Block]:
    return [rights_by_days_left(session, user, today), accounts_without_2fa(session, user)]
