"""Error pages in Spanish for people, JSON for /api."""

from __future__ import annotations

from flask import Flask, jsonify, render_template, request
from sqlalchemy.exc import OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from werkzeug.exceptions import HTTPException

MESSAGES = {
    400: (
        "Solicitud no válida",
        "La solicitud no se pudo procesar. Recargue la página e intente de nuevo.",
    ),
    401: ("Debe iniciar sesión", "Inicie sesión para continuar."),
    403: ("Acceso denegado", "No tiene permiso para ver esta página o hacer esta acción."),
    404: ("Página no encontrada", "La página que busca no existe o fue movida."),
    405: ("Método no permitido", "Esta acción no está permitida en esta dirección."),
    409: (
        "Conflicto de edición",
        "Otra persona modificó este registro mientras usted lo editaba. Recargue la página para ver los cambios.",
    ),
    413: ("Archivo demasiado grande", "El archivo supera el tamaño permitido."),
    422: ("Datos no válidos", "Revise los datos enviados: no se guardó nada."),
    429: (
        "Demasiados intentos",
        "Ha hecho demasiados intentos seguidos. Espere unos minutos e intente de nuevo.",
    ),
    500: ("Error interno", "Ocurrió un error inesperado. El equipo técnico fue informado."),
    503: (
        "Servicio no disponible",
        "El servicio no está disponible en este momento. Intente de nuevo en unos minutos.",
    ),
}
# A statement cancelled by statement_timeout, or no free connection in the pool: the page
# gives up instead of holding a worker (red/database.py).
TOO_SLOW = (
    "La consulta tardó demasiado y se detuvo para no bloquear el servicio. Intente de nuevo "
    "en unos minutos; si busca en una lista larga, acote la búsqueda con más filtros."
)
QUERY_CANCELED = "57014"  # PostgreSQL's SQLSTATE for a statement cancelled by a timeout


def wants_json() -> bool:
    return request.path.startswith("/api/")


def render_error(code: int, detail: str | None = None):
    title, message = MESSAGES.get(code, MESSAGES[500])
    if wants_json():
        return jsonify(
            {"error": {"code": code, "title": title, "message": detail or message}}
        ), code
    return render_template(
        "errors/error.html", code=code, title=title, message=detail or message
    ), code


def _protocol_headers(error: HTTPException) -> list[tuple[str, str]]:
    """Headers the status code promises (Allow on a 405, WWW-Authenticate, Retry-After…);
    the body and its type are ours."""
    return [(k, v) for k, v in error.get_headers() if k.lower() != "content-type"]


def render_unavailable(message: str | None = None):
    """503 without the database: the user is forgotten for the rest of the request (loading
    them would query), and the page skips the base template and its context processors."""
    from flask import current_app, g
    from sqlalchemy.exc import SQLAlchemyError

    from red.extensions import db, login_manager

    try:
        db.session.rollback()
    except SQLAlchemyError:
        pass
    g._login_user = login_manager.anonymous_user()
    title, default = MESSAGES[503]
    message = message or default
    headers = {"Retry-After": "60", "Cache-Control": "no-store"}
    if wants_json():
        return jsonify({"error": {"code": 503, "title": title, "message": message}}), 503, headers
    page = current_app.jinja_env.get_template("errors/unavailable.html")
    return page.render(title=title, message=message, request=request), 503, headers


def render_bad_query(error):
    """400 for a query-string value: the user's filters come back in a form to correct."""
    from urllib.parse import urlencode

    from red.query import BadQueryParameter

    assert isinstance(error, BadQueryParameter)
    if wants_json():
        body = {"code": 400, "title": MESSAGES[400][0], "message": error.description}
        return jsonify({"error": {**body, "parameter": error.parameter}}), 400
    fields = list(request.args.items(multi=True))[:50]
    kept = [(k, v) for k, v in fields if k != error.parameter]
    without = request.path + (f"?{urlencode(kept)}" if kept else "")
    return render_template(
        "errors/bad_query.html", error=error, fields=fields, without=without
    ), 400


def register(app: Flask) -> None:
    from red.query import BadQueryParameter

    app.register_error_handler(BadQueryParameter, render_bad_query)

    @app.errorhandler(HTTPException)
    def _http_error(error: HTTPException):
        custom = error.code != 429 and error.description != type(error).description
        body, code = render_error(error.code or 500, error.description if custom else None)
        return body, code, _protocol_headers(error)

    from red.services.text_limits import TextTooLong

    @app.errorhandler(TextTooLong)
    def _text_too_long(error: TextTooLong):
        from red.extensions import db

        db.session.rollback()
        return render_error(422, str(error))

    @app.errorhandler(OperationalError)
    def _database_down(error: OperationalError):
        if getattr(error.orig, "sqlstate", None) == QUERY_CANCELED:
            app.logger.error(
                "Consulta cancelada por statement_timeout en %s: %s", request.path, error
            )
            return render_unavailable(TOO_SLOW)
        app.logger.error("Base de datos no disponible: %s", error)
        return render_unavailable()

    @app.errorhandler(PoolTimeout)
    def _no_free_connection(error: PoolTimeout):
        app.logger.error("Sin conexiones libres en el pool: %s", error)
        return render_unavailable(TOO_SLOW)

    @app.errorhandler(Exception)
    def _unexpected(error: Exception):
        if isinstance(error, HTTPException):
            return _http_error(error)
        app.logger.exception("Error no controlado")
        from red.extensions import db

        db.session.rollback()  # a failed flush would break the error page's own queries
        return render_error(500)
