"""Columns several records declare alike, declared once so they cannot drift apart.

A person and an organisation are reached the same way (an e-mail, a phone, a street
address in a municipality of the department); a form, an import or an export that handles
one handles the other with the same lengths. The relationships (to Municipality, to the
person or the claim) stay on each model, beside its others, since each chooses how it loads.
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


class PersonOrClaimMixin:
    """A record about a person who is either known (entrepreneur) or, until an identity is
    confirmed, only declared (claim): a referral from the Ruta, a public registration to an
    event. The model declares both relationships; these read whichever is there."""

    @property
    def awaits_identity(self) -> bool:
        return self.entrepreneur_id is None

    @property
    def person_name(self) -> str:
        """The record's name once the identity is known; until then what was declared."""
        if self.entrepreneur is not None:
            return self.entrepreneur.full_name
        return self.claim.full_name if self.claim is not None else ""

    @property
    def person_document(self) -> tuple[str, str]:
        holder = self.entrepreneur if self.entrepreneur is not None else self.claim
        return (holder.doc_type, holder.doc_number) if holder is not None else ("", "")
