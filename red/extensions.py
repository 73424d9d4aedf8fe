"""Flask extensions, created unbound and initialised in the app factory."""

from flask import current_app, has_request_context
from flask_bootstrap import Bootstrap5
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect

from red.models.base import Base


class _SQLAlchemy(SQLAlchemy):
    def paginate(self, select, *, page=None, per_page=20, **kwargs):
        """db.paginate with ?page= read through red.query (1 to MAX_PAGE, else a 400), and
        never a ?per_page= from the URL: each list chooses its own."""
        if page is None and has_request_context():
            from red.query import query_args

            page = query_args().page()
        return super().paginate(select, page=page, per_page=per_page, **kwargs)


db = _SQLAlchemy(model_class=Base)
migrate = Migrate(render_as_batch=True, compare_type=True)
login_manager = LoginManager()
csrf = CSRFProtect()
limiter = Limiter(key_func=get_remote_address, default_limits=[])
bootstrap = Bootstrap5()


def api_rate_limit() -> str:
    """Per-IP limit of the public APIs (API_RATE_LIMIT), read on each request."""
    return current_app.config["API_RATE_LIMIT"]


def limit_public_api(blueprint) -> None:
    """One per-IP budget shared by every route of the public APIs (/api/v1 and /api/hsds)."""
    limiter.shared_limit(api_rate_limit, scope="public-api")(blueprint)
