"""The base form of every Red form: WTForms' own messages in Spanish.

Flask-WTF translates WTForms' built-in messages ("This field is required.", "Not a valid
choice.", "Invalid email address."…) only through Flask-Babel, which Red does not use. This
base form hands WTForms its bundled Spanish catalogue instead, with a few messages reworded
for people filling in a form on a phone. Messages a form sets itself are left as they are.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from functools import cache
from typing import Any

from flask_wtf import FlaskForm as _FlaskForm
from wtforms import DateField, DecimalField, FloatField, IntegerField
from wtforms.fields.core import UnboundField
from wtforms.i18n import get_translations
from wtforms.validators import StopValidation
from wtforms.widgets import DateInput, TextInput

from red import es_co
from red.services.bounds import MAX_DATE, MIN_DATE

# What an es-CO field says when the text typed is no number or date.
NOT_A_WHOLE_NUMBER = "Escriba un número entero, como 25 o 1.500.000."
NOT_A_NUMBER = "Escriba un número como 1,5 o 1.500.000."
NOT_A_DATE = "Escriba una fecha válida (dd/mm/aaaa)."

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
    "Not a valid date value.": NOT_A_DATE,
    "Not a valid datetime value.": "Escriba una fecha y hora válidas.",
    "Not a valid time value.": "Escriba una hora válida.",
    "Not a valid integer value.": NOT_A_WHOLE_NUMBER,
    "Not a valid decimal value.": NOT_A_NUMBER,
    "Not a valid float value.": NOT_A_NUMBER,
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


def _blank(field, valuelist) -> bool:
    """Nothing typed (spaces count as nothing): no value and no reading error, so that the
    field's own Optional/InputRequired decides, with its own message."""
    if valuelist and "".join(valuelist).strip():
        return False
    field.data = None
    field.raw_data = [""] if valuelist else valuelist
    return True


class _StopWhenUnreadable:
    """A value that could not be read has its one message; range checks would only add a
    second, contradictory one ("Escriba un número" and "debe estar entre 0 y 24")."""

    def pre_validate(self, form) -> None:
        super().pre_validate(form)  # type: ignore[misc]
        if self.process_errors:  # type: ignore[attr-defined]
            raise StopValidation()


class _ColombianNumberField(_StopWhenUnreadable):
    """A number typed as in Colombia, read by `parser` (a function of red.es_co).

    A text box with a numeric keyboard, not <input type="number">: browsers empty a number
    box that holds "1.500.000", so the value would be lost without a word. What was typed
    goes back into the box as typed; a stored value is shown the es-CO way (1,5).
    """

    widget = TextInput()
    parser: Callable[[str], Any]
    inputmode: str
    unreadable: str  # the message when the text is no number (a form may set its own)

    def __init__(self, *args, render_kw=None, **kwargs) -> None:
        render_kw = {"inputmode": self.inputmode, **(render_kw or {})}
        super().__init__(*args, render_kw=render_kw, **kwargs)

    def _value(self) -> str:
        if self.raw_data:
            return self.raw_data[0]
        return es_co.format_input_number(self.data)

    def process_formdata(self, valuelist) -> None:
        if _blank(self, valuelist):
            return
        try:
            number = type(self).parser(valuelist[0])
        except es_co.NumberError as error:
            self.data = None
            raise ValueError(self.invalid_value_message or self.unreadable) from error
        self.data = self.stored(number)

    def stored(self, number: Any) -> Any:
        return number


class ColombianIntegerField(_ColombianNumberField, IntegerField):
    """A whole number: 25, 1.500.000 or 1500000 (es_co.parse_whole_number)."""

    parser = staticmethod(es_co.parse_whole_number)
    inputmode = "numeric"
    unreadable = NOT_A_WHOLE_NUMBER


class ColombianDecimalField(_ColombianNumberField, DecimalField):
    """A number with decimals: 1,5 or 1.500,25 (es_co.parse_number)."""

    parser = staticmethod(es_co.parse_number)
    inputmode = "decimal"
    unreadable = NOT_A_NUMBER

    def stored(self, number: Decimal) -> Decimal:
        return number if self.places is None else number.quantize(Decimal(1).scaleb(-self.places))


class ColombianFloatField(ColombianDecimalField):
    """The same reading for a float field (stored as float)."""

    def process_formdata(self, valuelist) -> None:
        super().process_formdata(valuelist)
        if self.data is not None:
            self.data = float(self.data)


class ColombianDateField(_StopWhenUnreadable, DateField):
    """A date typed dd/mm/aaaa (31/12/2025) or sent by a date picker as aaaa-mm-dd.

    It renders as <input type="date">, the phone's own calendar. A date that was typed
    dd/mm/aaaa goes back into the box as aaaa-mm-dd, the only form a date box keeps (it
    would empty any other); text that is no date is put back as typed.
    """

    widget = DateInput()

    def _value(self) -> str:
        if self.raw_data:
            typed = " ".join(self.raw_data)
            try:
                return es_co.parse_date(typed).isoformat()
            except ValueError:
                return typed
        return self.data.isoformat() if isinstance(self.data, date) else ""

    def process_formdata(self, valuelist) -> None:
        if _blank(self, valuelist):
            return
        typed = " ".join(valuelist).strip()
        try:
            self.data = es_co.parse_date(typed)
        except ValueError as error:
            self.data = None
            raise ValueError(self.invalid_value_message or NOT_A_DATE) from error


# Plain WTForms fields declared in Red's forms, and the es-CO field each is bound as.
COLOMBIAN_FIELDS: dict[type, type] = {
    IntegerField: ColombianIntegerField,
    DecimalField: ColombianDecimalField,
    FloatField: ColombianFloatField,
    DateField: ColombianDateField,
}


class FlaskForm(_FlaskForm):
    """Flask-WTF's form with WTForms' built-in messages in Spanish (Colombia).

    Every number and date field of a Red form reads what Colombians type (1,5; 1.500.000;
    31/12/2025): a form may declare WTForms' own IntegerField, DecimalField, FloatField or
    DateField, and it is bound as the es-CO field above (Meta.bind_field), so no form can
    forget it. Unreadable input gets one message, never a second range message.

    It also keeps whole numbers inside what their columns can store, so a number typed too
    long is a message on the field rather than a database error (money fields, named *_cop,
    are BIGINT; every other whole number is an INTEGER), and dates between 1900 and 2100.
    """

    class Meta:
        def get_translations(self, form):
            return spanish_translations()

        def bind_field(self, form, unbound_field, options):
            colombian = COLOMBIAN_FIELDS.get(unbound_field.field_class)
            if colombian is not None:
                unbound_field = UnboundField(
                    colombian, *unbound_field.args, name=unbound_field.name, **unbound_field.kwargs
                )
            return unbound_field.bind(form=form, **options)

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
