"""Columns several records declare alike, declared once so they cannot drift apart.

A person and an organisation are reached the same way (an e-mail, a phone, a street
address in a municipality of the department); a form, an import or an export that handles
one handles the other with the same lengths. The relationship to Municipality stays on
each model, beside its other relationships, since each chooses how it loads.
"""

from __future__ import annotations

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from red.models import lengths


def municipality_column(*, index: bool = True) -> Mapped[str | None]:
    """The DIVIPOLA code of the municipality where something is (or happens)."""
    return mapped_column(ForeignKey("municipalities.code"), index=index)


class ContactMixin:
    """email, phone, address and municipality_code of someone the network can contact."""

    email: Mapped[str | None] = mapped_column(String(lengths.EMAIL))
    phone: Mapped[str | None] = mapped_column(String(lengths.PHONE))
    address: Mapped[str | None] = mapped_column(String(lengths.ADDRESS))
    municipality_code: Mapped[str | None] = municipality_column()
