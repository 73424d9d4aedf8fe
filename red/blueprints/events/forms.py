"""Forms of the events area. They validate input only; rules live in red.services.events."""

from __future__ import annotations

from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    HiddenField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.validators import DataRequired, Email, Length, NumberRange, Optional

from red.forms import FlaskForm
from red.models import lengths
from red.models.business_rounds import INTEREST_LEVELS
from red.models.events import EVENT_KINDS, PARTICIPATION_ROLES
from red.models.people import DOCUMENT_TYPES

CHOOSE = "Elija una opción de la lista."
NUMBER = "Escriba un número entero."
DATE = "Fecha no válida (dd/mm/aaaa)."


def optional_str(value: object) -> str:
    return "" if value is None else str(value)


class BlankableSelectField(SelectField):
    """A select whose "nothing chosen" is "" even when the object holds None."""

    def process_data(self, value: object) -> None:
        self.data = self.coerce(value)


def optional_int(value: object) -> int | None:
    if value in (None, ""):
        return None
    return int(value)  # type: ignore[arg-type]


def _count(label: str) -> IntegerField:
    return IntegerField(
        label,
        validators=[Optional(), NumberRange(min=0, message="Debe ser 0 o más.")],
        render_kw={"inputmode": "numeric"},
    )


class EventForm(FlaskForm):
    version = HiddenField()
    name = StringField(
        "Nombre del evento",
        validators=[DataRequired("Escriba el nombre."), Length(max=200, message="Máximo 200.")],
    )
    kind = SelectField("Tipo", choices=list(EVENT_KINDS.items()), invalid_choice_message=CHOOSE)
    organizers = SelectMultipleField(
        "Actores organizadores", coerce=int, invalid_choice_message=CHOOSE
    )
    program_id = SelectField(
        "Programa vinculado",
        coerce=optional_int,
        invalid_choice_message=CHOOSE,
        invalid_value_message=CHOOSE,
    )
    starts_on = DateField("Fecha de inicio", validators=[Optional()])
    ends_on = DateField("Fecha de cierre", validators=[Optional()])
    period_label = StringField("Periodo (si no hay fechas exactas)", validators=[Length(max=60)])
    venue = StringField("Lugar", validators=[Length(max=200)])
    municipality_code = BlankableSelectField(
        "Municipio", coerce=optional_str, default="", invalid_choice_message=CHOOSE
    )
    city = StringField("Ciudad (fuera del departamento)", validators=[Length(max=120)])
    country = StringField("País", default="Colombia", validators=[Length(max=80)])
    capacity = _count("Cupo (vacío: sin límite)")
    registration_open = BooleanField("Inscripciones abiertas al público")
    description = TextAreaField("Descripción", validators=[Length(max=lengths.LONG_DESCRIPTION)])
    is_reported = BooleanField("Tiene cifras reportadas (informe)")
    reported_exhibitors = _count("Expositores reportados")
    reported_buyers = _count("Compradores reportados")
    reported_participants = _count("Participantes reportados")
    reported_sales_cop = _count("Ventas reportadas (COP)")
    reported_notes = TextAreaField(
        "Nota de las cifras reportadas", validators=[Length(max=lengths.DESCRIPTION)]
    )


class PersonForm(FlaskForm):
    """A person (and optionally their venture) signing up or registered on the spot."""

    doc_type = SelectField(
        "Tipo de documento", choices=list(DOCUMENT_TYPES.items()), invalid_choice_message=CHOOSE
    )
    doc_number = StringField(
        "Número de documento",
        validators=[DataRequired("Escriba el número de documento."), Length(max=20)],
        render_kw={"autocomplete": "off"},
    )
    first_names = StringField(
        "Nombres", validators=[DataRequired("Escriba los nombres."), Length(max=120)]
    )
    last_names = StringField(
        "Apellidos", validators=[DataRequired("Escriba los apellidos."), Length(max=120)]
    )
    email = EmailField(
        "Correo electrónico", validators=[Optional(), Email("Correo no válido."), Length(max=254)]
    )
    phone = StringField("Teléfono", validators=[Optional(), Length(max=40)])
    municipality_code = BlankableSelectField(
        "Municipio", coerce=optional_str, default="", invalid_choice_message=CHOOSE
    )
    birth_date = DateField("Fecha de nacimiento", validators=[Optional()])
    legal_representative = StringField(
        "Representante legal (solo menores de edad)", validators=[Optional(), Length(max=200)]
    )
    venture_name = StringField("Nombre del emprendimiento", validators=[Length(max=200)])
    role = SelectField(
        "Participa como", choices=list(PARTICIPATION_ROLES.items()), invalid_choice_message=CHOOSE
    )
    offer = TextAreaField("Qué ofrece o busca", validators=[Length(max=2000)])
    consent_attention = BooleanField(
        "Autorizo el tratamiento de mis datos para atención y remisión dentro de la Red"
    )
    consent_statistics = BooleanField("Autorizo su uso en estadísticas agregadas")
    consent_communications = BooleanField("Acepto recibir comunicaciones de la Red")


class SignupForm(PersonForm):
    """The public sign-up on the event page: the person's data and consent; they attend."""

    role = None
    venture_name = None
    offer = None


class RegisterExistingForm(FlaskForm):
    entrepreneur_id = HiddenField(validators=[DataRequired()])
    role = SelectField(
        "Participa como", choices=list(PARTICIPATION_ROLES.items()), invalid_choice_message=CHOOSE
    )
    offer = TextAreaField("Qué ofrece o busca", validators=[Length(max=2000)])


class OutcomeForm(FlaskForm):
    version = HiddenField()
    sales_cop = _count("Ventas (COP)")
    contacts = _count("Contactos comerciales")
    deals = _count("Negocios o acuerdos")
    notes = TextAreaField("Notas", validators=[Length(max=4000)])


class RoundSetupForm(FlaskForm):
    tables = IntegerField(
        "Mesas", validators=[DataRequired("Indique cuántas mesas."), NumberRange(min=1, max=500)]
    )
    slot_minutes = IntegerField(
        "Duración de cada cita (minutos)",
        validators=[DataRequired("Indique la duración."), NumberRange(min=5, max=240)],
    )
    day = DateField("Día", validators=[DataRequired(DATE)])
    starts = TimeField("Hora de inicio", validators=[DataRequired("Hora no válida.")])
    ends = TimeField("Hora de cierre", validators=[DataRequired("Hora no válida.")])


class MeetingResultForm(FlaskForm):
    version = HiddenField()
    interest = SelectField(
        "Interés", choices=list(INTEREST_LEVELS.items()), invalid_choice_message=CHOOSE
    )
    follow_up = BooleanField("Habrá seguimiento")
    expected_deal_cop = _count("Negocio esperado (COP)")
    result_notes = TextAreaField("Notas", validators=[Length(max=2000)])
