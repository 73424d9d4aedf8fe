"""Flask extensions, created unbound and initialised in the app factory."""

from flask import has_request_context, request
from flask_bootstrap import Bootstrap5
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect

from red.models.base import Base
from red.services.bounds import MAX_PAGE


class _SQLAlchemy(SQLAlchemy):
    def paginate(self, select, *, page=None, **kwargs):
        """db.paginate with the page number (from ?page= when not given) capped at MAX_PAGE."""
        if page is None and has_request_context():
            raw = request.args.get("page", "1")
            page = int(raw) if raw.isdigit() else None  # anything else: Flask-SQLAlchemy decides
        if page is not None and page > MAX_PAGE:
            page = MAX_PAGE
        return super().paginate(select, page=page, **kwargs)


db = _SQLAlchemy(model_class=Base)
migrate = Migrate(render_as_batch=True, compare_type=True)
login_manager = LoginManager()
csrf = CSRFProtect()
limiter = Limiter(key_func=get_remote_address, default_limits=[])
bootstrap = Bootstrap5()
