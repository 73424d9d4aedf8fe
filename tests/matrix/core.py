"""Routes of the foundation: home, health, privacy, login/logout, own account."""

from tests.matrix import SKIP, Route, everyone, logged_in

ROUTES = {
    "main.home": Route("/", get=everyone()),
    "main.healthz": Route("/healthz", get=everyone()),
    "main.privacy": Route("/privacidad", get=everyone()),
    "auth.login": Route("/login", get={**everyone(302), "anon": 200}),
    "auth.logout": Route("/logout", get={**everyone(200), "anon": 302}, post=everyone(302)),
    "auth.change_password": Route("/cuenta/contrasena", get=logged_in()),
    "auth.logout_everywhere": Route("/cuenta/cerrar-otras-sesiones", post=logged_in(status=SKIP)),
}
