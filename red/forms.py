"""The base form of every Red form: WTForms' own messages in Spanish.

Flask-WTF translates WTForms' built-in messages ("This field is required.", "Not a valid
choice.", "Invalid email address."…) only through Flask-Babel, which Red does not use. This
base form hands WTForms its bundled Spanish catalogue instead, with a few messages reworded
for people filling in a form on a phone. Messages a form sets itself are left as they are.
"""

from __future__ import annotations

from datetime import date
from functools import cache

from flask_wtf import FlaskForm as _FlaskForm
from wtforms import DateField, IntegerField
from wtforms.i18n import get_translations

from red.services.bounds import MAX_DATE, MIN_DATE

# Clearer wording than the bundled catalogue for the messages people meet most.
SPANISH: dict[str, str] = {
    "This field is required.": "Este campo es obligatorio.",
    "Not a valid choice.": "Elija una de las opciones de la lista.",
    "Not a valid choice": "Elija una de las opciones de la lista.",
    "Invalid Choice: could not coerce.": "Elija una de las opciones de la lista.",
    "Invalid choice(s): one or more data inputs could not be coerced.": (
        "Elija opciones de la lista."
    ),
    "Invalid email address.": "Escriba un correo electrónico válido, como nombre@dominio.co.",
    "Not a valid date value.": "Escriba una fecha válida (dd/mm/aaaa).",
    "Not a valid datetime value.": "Escriba una fecha y hora válidas.",
    "Not a valid time value.": "Escriba una hora válida.",
    "Not a valid integer value.": "Escriba un número entero, sin puntos ni comas.",
    "Not a valid decimal value.": "Escriba un número válido.",
    "Not a valid float value.": "Escriba un número válido.",
    "Invalid input.": "El valor no es válido.",
    "Invalid value, must be one of: %(values)s.": "Valor no válido; debe ser uno de: %(values)s.",
    "Invalid value, can't be any of: %(values)s.": "Valor no válido; no puede ser: %(values)s.",
    "Choices cannot be None.": "No hay opciones para elegir.",
    "'%(value)s' is not a valid choice for this field.": (
        "«%(value)s» no es una opción válida para este campo."
    ),
    "'%(value)s' are not valid choices for this field.": (
        "«%(value)s» no son opciones válidas para este campo."
    ),
    "Field must be equal to %(other_name)s.": "Debe coincidir con el campo %(other_name)s.",
    "Invalid field name '%(other_name)s'.": "Nombre de campo no válido: «%(other_name)s».",
    "Number must be at least %(min)s.": "El número debe ser mayor o igual a %(min)s.",
    "Number must be at most %(max)s.": "El número debe ser menor o igual a %(max)s.",
    "Number must be between %(min)s and %(max)s.": "El número debe estar entre %(min)s y %(max)s.",
    "Invalid URL.": "Escriba una dirección web válida, como https://ejemplo.co.",
    "Invalid IP address.": "Dirección IP no válida.",
    "Invalid Mac address.": "Dirección MAC no válida.",
    "Invalid UUID.": "UUID no válido.",
}
SPANISH_PLURAL: dict[str, tuple[str, str]] = {
    "Field must be at least %(min)d character long.": (
        "Escriba al menos %(min)d carácter.",
        "Escriba al menos %(min)d caracteres.",
    ),
    "Field cannot be longer than %(max)d character.": (
        "Escriba como máximo %(max)d carácter.",
        "Escriba como máximo %(max)d caracteres.",
    ),
    "Field must be exactly %(max)d character long.": (
        "Debe tener exactamente %(max)d carácter.",
        "Debe tener exactamente %(max)d caracteres.",
    ),
    "Field must be between %(min)d and %(max)d characters long.": (
        "Debe tener entre %(min)d y %(max)d caracteres.",
        "Debe tener entre %(min)d y %(max)d caracteres.",
    ),
}


class SpanishTranslations:
    """gettext/ngettext for WTForms: Red's wording first, then WTForms' Spanish catalogue."""

    def __init__(self) -> None:
        self._catalogue = get_translations(["es_CO", "es"])

    def gettext(self, string: str) -> str:
        return SPANISH.get(string) or self._catalogue.gettext(string)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        if singular in SPANISH_PLURAL:
            one, many = SPANISH_PLURAL[singular]
            return one if n == 1 else many
        return self._catalogue.ngettext(singular, plural, n)


@cache
def spanish_translations() -> SpanishTranslations:
    return SpanishTranslations()


# What the database columns hold: INTEGER (int4 on PostgreSQL) and, for money in COP, BIGINT.
INT4_MAX = 2_147_483_647
BIGINT_MAX = 9_223_372_036_854_775_807
TOO_BIG = "El número es demasiado grande."
DATE_OUT_OF_RANGE = "Escriba una fecha entre 01/01/1900 y 31/12/2100."


class FlaskForm(_FlaskForm):
    """Flask-WTF's form with WTForms' built-in messages in Spanish (Colombia).

    It also keeps whole numbers inside what their columns can store, so a number typed too
    long is a message on the field rather than a database error (money fields, named *_cop,
    are BIGINT; every other whole number is an INTEGER), and dates between 1900 and 2100.
    """

    class Meta:
        def get_translations(self, form):
            return spanish_translations()

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        for field in self:
            if isinstance(field, IntegerField) and isinstance(field.data, int):
                limit = BIGINT_MAX if field.name.endswith("_cop") else INT4_MAX
                if abs(field.data) > limit:
                    field.errors = [*field.errors, TOO_BIG]
                    valid = False
            if isinstance(field, DateField) and isinstance(field.data, date):
                if not MIN_DATE <= field.data <= MAX_DATE:
                    field.errors = [*field.errors, DATE_OUT_OF_RANGE]
                    valid = False
        return valid
