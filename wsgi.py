"""WSGI entry point: `gunicorn wsgi:app`."""

from red import create_app

app = create_app()
