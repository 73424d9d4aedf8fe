"""gunicorn reads this file when started from the project folder (`gunicorn wsgi:app`).

Before any worker starts, the app must know how many there will be: per-IP rate limits kept
in memory would count per worker (red/deployment.py refuses that in production).
"""

import os


def on_starting(server):
    """Runs in the master, before the workers fork (and so before they import the app)."""
    from red.config import Config
    from red.deployment import check

    workers = server.cfg.workers
    os.environ["WEB_CONCURRENCY"] = str(workers)
    # Each worker's database pool is sized from its threads (red/config.py: DB_POOL_SIZE).
    os.environ["WORKER_THREADS"] = str(server.cfg.threads)
    settings = {name: getattr(Config, name) for name in dir(Config) if name.isupper()}
    check(settings, workers)  # a DeploymentError stops gunicorn with its message
