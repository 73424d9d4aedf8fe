"""Red: the CRM of the Red Regional de Emprendimiento de Norte de Santander."""

from __future__ import annotations

from flask import Flask

from red.config import Config, load_or_create_secret_key


def create_app(config_object: type[Config] | None = None, **overrides) -> Flask:
    """Build the application: config, extensions, blueprints, errors, CLI — in that order."""
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_object(config_object or Config)
    app.config.update(overrides)
    app.config.setdefault("SECRET_KEY", None)
    if not app.config.get("SECRET_KEY"):
        from pathlib import Path

        app.config["SECRET_KEY"] = load_or_create_secret_key(Path(app.instance_path))
    from red import deployment

    deployment.check(app.config)

    _init_extensions(app)
    from red import jobs

    jobs.init_app(app)
    _bound_url_ids(app)
    _register_blueprints(app)

    from red import errors, security

    errors.register(app)
    security.register(app)

    from red import cli, templating

    templating.register(app)
    cli.register(app)
    return app


def _init_extensions(app: Flask) -> None:
    from red.database import configure_postgresql, configure_sqlite, engine_options
    from red.extensions import bootstrap, csrf, db, limiter, login_manager, migrate
    from red.services.hooks import register_flush_hooks

    register_flush_hooks()

    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = engine_options(app.config)
    db.init_app(app)
    migrate.init_app(app, db, directory=str(_migrations_dir()))
    login_manager.init_app(app)
    csrf.init_app(app)
    limiter.init_app(app)
    bootstrap.init_app(app)
    with app.app_context():
        for engine in db.engines.values():
            configure_sqlite(engine)
            configure_postgresql(engine, app.config["DB_STATEMENT_TIMEOUT_MS"])

    from red.blueprints.auth.session import configure_login

    configure_login(login_manager)


def _bound_url_ids(app: Flask) -> None:
    """<int:id> in a URL matches only ids a column can hold: a larger number is a 404, not a 500."""
    from werkzeug.routing import IntegerConverter

    from red.services.bounds import MAX_ID

    class BoundedIntegerConverter(IntegerConverter):
        def __init__(self, map, *args, **kwargs):
            kwargs.setdefault("max", MAX_ID)
            super().__init__(map, *args, **kwargs)

    app.url_map.converters["int"] = BoundedIntegerConverter


def _migrations_dir():
    from pathlib import Path

    return Path(__file__).resolve().parent.parent / "migrations"


def _register_blueprints(app: Flask) -> None:
    from red.blueprints.actors import bp as actors_bp
    from red.blueprints.admin import bp as admin_bp
    from red.blueprints.api import bp as api_bp
    from red.blueprints.auth import bp as auth_bp
    from red.blueprints.entrepreneurs import bp as entrepreneurs_bp
    from red.blueprints.events import bp as events_bp
    from red.blueprints.governance import bp as governance_bp
    from red.blueprints.home import bp as home_bp
    from red.blueprints.hsds import bp as hsds_bp
    from red.blueprints.jobs import bp as jobs_bp
    from red.blueprints.main import bp as main_bp
    from red.blueprints.notifications import bp as notifications_bp
    from red.blueprints.referrals import bp as referrals_bp
    from red.blueprints.reports import bp as reports_bp
    from red.blueprints.ruta import bp as ruta_bp

    for blueprint in (
        main_bp,
        auth_bp,
        ruta_bp,
        actors_bp,
        entrepreneurs_bp,
        referrals_bp,
        events_bp,
        governance_bp,
        reports_bp,
        api_bp,
        hsds_bp,
        admin_bp,
        notifications_bp,
        home_bp,
        jobs_bp,
    ):
        app.register_blueprint(blueprint)
