"""The header's badges (unread notices; a member's staff also unread referrals): the same
figures on every page, read in one statement (red/navigation.py)."""

from datetime import timedelta

from red.extensions import db as database
from red.models import Notification
from red.models.base import utcnow
from red.services.calendar import local_today
from tests import factories as f


def _notice(user, read=False):
    database.session.add(
        Notification(
            user_id=user.id,
            kind="remision_recibida",
            title="Aviso de prueba",
            read_at=utcnow() if read else None,
        )
    )
    database.session.commit()


def test_staff_see_their_unread_notices_and_their_actors_unread_referrals(client, login_as, db):
    world = f.world()
    due = local_today() + timedelta(days=5)
    for _ in range(3):
        f.referral(world.actor_a, due)
    f.referral(world.actor_b, due)  # another actor's: not counted
    read = f.referral(world.actor_a, due)
    read.read_at = utcnow()
    for already_read in (False, False, True):
        _notice(world.staff_a, read=already_read)
    _notice(world.staff_b)
    login_as(world.staff_a)
    page = client.get("/ruta?q=badges").get_data(as_text=True)
    assert (
        '<span class="badge text-bg-danger">2<span class="visually-hidden"> sin leer</span>' in page
    )
    assert '3<span class="visually-hidden"> remisiones sin leer</span>' in page  # phone menu
    assert '3<span class="visually-hidden"> sin leer</span></span></a>' in page  # the link


def test_other_accounts_see_only_their_notices_and_visitors_no_badge(app, client, login_as, db):
    world = f.world()
    f.referral(world.actor_a, local_today() + timedelta(days=5))
    _notice(world.nucleo)
    login_as(world.nucleo)
    page = client.get("/ruta").get_data(as_text=True)
    assert '1<span class="visually-hidden"> sin leer</span>' in page
    assert "remisiones sin leer" not in page
    page = app.test_client().get("/ruta").get_data(as_text=True)  # a visitor
    assert "sin leer" not in page


def test_the_badges_are_one_statement(client, login_as, db, count_queries):
    world = f.world()
    login_as(world.staff_a)
    client.get("/avisos")
    with count_queries() as counter:
        client.get("/avisos")
    badges = [s for s in counter.statements if "read_at IS NULL" in s]
    assert len(badges) == 1, badges


def test_each_role_keeps_its_own_links_in_one_application(app, client, login_as, db):
    """The links are kept per role (red/navigation.py): a visitor after an admin still sees
    only public links, and the page's own link is marked current."""
    world = f.world()
    login_as(world.admin)
    page = client.get("/ruta").get_data(as_text=True)
    assert ">Administración</a>" in page
    assert '<a class="nav-link active fw-semibold" href="/ruta" aria-current="page">' in page
    login_as(world.staff_a)
    page = client.get("/remisiones").get_data(as_text=True)
    assert ">Administración</a>" not in page and ">Personas</a>" in page
    assert 'href="/remisiones" aria-current="page">Remisiones' in page
    page = app.test_client().get("/ruta").get_data(as_text=True)
    assert ">Personas</a>" not in page and ">La Ruta</a>" in page
