"""The benchmark (`make bench`): bench/run.py, its reference pages and WSGI entry point."""
