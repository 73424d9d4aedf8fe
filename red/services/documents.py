"""Identity documents (DIAN codes) and NIT checks, with Spanish messages."""

from __future__ import annotations

import re

from stdnum.co import nit as co_nit
from stdnum.exceptions import ValidationError as StdnumError

from red.models.people import DOCUMENT_TYPES


class DocumentError(ValueError):
    """A document number that cannot be right; the message is for the user."""


# Digits-only documents and their plausible lengths (Registraduría / Migración Colombia).
_NUMERIC_LENGTHS = {
    "13": (3, 10),  # cédula de ciudadanía
    "12": (6, 11),  # tarjeta de identidad
    "22": (3, 10),  # cédula de extranjería
    "47": (6, 15),  # PEP
    "48": (6, 15),  # PPT
}


def normalise_nit(value: str) -> str:
    """Validate a NIT with its check digit (python-stdnum) and return it as 800103927-7."""
    try:
        compact = co_nit.validate(value)
    except StdnumError as error:
        raise DocumentError(
            "El NIT no es válido: revise los dígitos y el dígito de verificación."
        ) from error
    return f"{compact[:-1]}-{compact[-1]}"


def normalise_document(doc_type: str, number: str) -> str:
    """Validate a person's document and return the number as stored (no dots or spaces)."""
    if doc_type not in DOCUMENT_TYPES:
        raise DocumentError("Seleccione un tipo de documento válido.")
    raw = (number or "").strip()
    if not raw:
        raise DocumentError("Escriba el número de documento.")
    if doc_type == "31":
        return normalise_nit(raw)
    if doc_type == "41":
        passport = re.sub(r"[\s-]", "", raw).upper()
        if not re.fullmatch(r"[A-Z0-9]{5,20}", passport):
            raise DocumentError("El pasaporte debe tener entre 5 y 20 letras o números.")
        return passport
    digits = re.sub(r"[.\s-]", "", raw)
    low, high = _NUMERIC_LENGTHS[doc_type]
    if not digits.isdigit():
        raise DocumentError(f"El número de {DOCUMENT_TYPES[doc_type]} solo lleva dígitos.")
    if not low <= len(digits) <= high or digits.startswith("0"):
        raise DocumentError(
            f"El número de {DOCUMENT_TYPES[doc_type]} debe tener entre {low} y {high} dígitos."
        )
    return digits
