"""Routes of the foundation: home, health, privacy, login/logout, own account."""

from tests.matrix import SKIP, Route, everyone, logged_in

ROUTES = {
    "main.home": Route("/", get=everyone()),
    "main.healthz": Route("/healthz", get=everyone()),
    "main.privacy": Route("/privacidad", get=everyone()),
    "main.favicon": Route("/favicon.ico", get=everyone()),
    "auth.login": Route("/login", get={**everyone(302), "anon": 200}),
    "auth.logout": Route("/logout", get={**everyone(200), "anon": 302}, post=everyone(302)),
    "auth.change_password": Route("/cuenta/contrasena", get=logged_in()),
    "auth.logout_everywhere": Route("/cuenta/cerrar-otras-sesiones", post=logged_in(status=SKIP)),
}

ROUTES.update(
    {
        # Without a pending password step the verification page sends people back to /login.
        "auth.two_factor_verify": Route("/login/verificacion", get=everyone(302)),
        "auth.two_factor_setup": Route("/cuenta/dos-pasos", get=logged_in()),
        "auth.two_factor_disable": Route(
            "/cuenta/dos-pasos/desactivar", post=logged_in(status=SKIP)
        ),
    }
)

ROUTES.update(
    {
        "notifications.index": Route("/avisos", get=logged_in()),
        "notifications.mark_read": Route("/avisos/leidos", post=logged_in(status=302)),
    }
)

ROUTES.update({"home.index": Route("/inicio", get=logged_in())})


def _unsubscribe_path() -> str:
    from red.services.notifications import unsubscribe_token
    from tests.conftest import user_by_email

    return f"/avisos/baja/{unsubscribe_token(user_by_email('gestor.ccc@red.demo').id, 'remision_recibida')}"


ROUTES.update(
    {
        "notifications.preferences": Route(
            "/avisos/preferencias", get=logged_in(), post=logged_in(status=302)
        ),
        "notifications.unsubscribe": Route(_unsubscribe_path, get=everyone(), post=everyone()),
    }
)


def _feed_path() -> str:
    from red.extensions import db
    from red.services.ical import new_feed_token
    from tests.conftest import user_by_email

    token = new_feed_token(db.session, user_by_email("gestor.ccc@red.demo"))
    return f"/calendario/{token}.ics"


ROUTES.update(
    {
        "home.calendar_feed": Route(
            "/cuenta/calendario", get=logged_in(), post=logged_in(status=SKIP)
        ),
        "home.feed": Route(_feed_path, get=everyone()),
    }
)
