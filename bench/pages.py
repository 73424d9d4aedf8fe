"""Reference pages for `make bench`, outside the application package: only the benchmark's
own app (bench/wsgi.py, and `count_queries` in bench/run.py) registers them.

They give the benchmark two yardsticks served by the same gunicorn in the same run: a
plaintext page (the framework's floor) and a "fortunes"-like page (12 rows from the
database, one added in memory, sorted, rendered through Jinja with autoescaping).
"""

from __future__ import annotations

from flask import Blueprint, Flask, Response, render_template_string
from sqlalchemy import select

from red.extensions import db
from red.models import Municipality
from red.permissions import PUBLIC, access

bp = Blueprint("bench", __name__, url_prefix="/_bench")

FORTUNES_TEMPLATE = """<!doctype html><html lang="es-CO"><head><title>Fortunes</title></head><body>
<table><tr><th>id</th><th>message</th></tr>
{% for code, name in rows %}<tr><td>{{ code }}</td><td>{{ name }}</td></tr>{% endfor %}
</table></body></html>"""


@bp.route("/plaintext")
@access(PUBLIC)
def plaintext() -> Response:
    return Response("Hola, mundo", mimetype="text/plain")


@bp.route("/fortunes")
@access(PUBLIC)
def fortunes() -> str:
    rows = list(db.session.execute(select(Municipality.code, Municipality.name).limit(12)))
    rows.append(("00000", "<script>alert('añadido en memoria')</script>"))
    rows.sort(key=lambda row: row[1])
    return render_template_string(FORTUNES_TEMPLATE, rows=rows)


def with_bench_pages(app: Flask) -> Flask:
    """The application with the reference pages under /_bench."""
    app.register_blueprint(bp)
    return app
