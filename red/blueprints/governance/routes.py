"""Views of the governance area: bodies and meetings, commitments, compliance."""

from flask import current_app, url_for

from red.blueprints.governance import (  # noqa: F401  (modules register their views)
    body_views,
    bp,
    commitment_views,
    compliance_views,
    membership_views,
)


@bp.app_template_global()
def optional_url(endpoint: str | None, **values) -> str | None:
    """A link to another area's page only when that page exists (areas land separately)."""
    if not endpoint or endpoint not in current_app.view_functions:
        return None
    return url_for(endpoint, **values)
