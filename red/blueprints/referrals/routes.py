"""Views of the referrals area."""

from red.blueprints.referrals import bp  # noqa: F401
