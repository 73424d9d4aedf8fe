"""The benchmark's WSGI entry point (`gunicorn bench.wsgi:app`): the application as wsgi.py
builds it, plus the reference pages of bench/pages.py."""

from bench.pages import with_bench_pages
from red import create_app

app = with_bench_pages(create_app())
