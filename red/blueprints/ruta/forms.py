"""Forms of the Ruta: ask to join, tracking, and the member's program form."""

from __future__ import annotations

from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import URL, Email, InputRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from red.forms import FlaskForm
from red.models import lengths
from red.models.people import DOCUMENT_TYPES
from red.models.programs import MODALITIES

PERSON_DOCUMENTS = [(k, v) for k, v in DOCUMENT_TYPES.items() if k != "31"]
ETHNICITIES = [
    ("", "Prefiero no decir"),
    ("indigena", "Indígena"),
    ("narp", "Negro, afrocolombiano, raizal o palenquero (NARP)"),
    ("rrom", "Rrom (gitano)"),
    ("ninguna", "Ninguna de las anteriores"),
]


class MultiCheckboxField(SelectMultipleField):
    """Several choices as checkboxes (works without JavaScript, easy on a phone)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def optional_int(value):
    if value in (None, "", "None"):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


class JoinForm(FlaskForm):
    doc_type = SelectField("Tipo de documento", choices=PERSON_DOCUMENTS, default="13")
    doc_number = StringField(
        "Número de documento",
        validators=[InputRequired("Escriba su número de documento."), Length(max=20)],
    )
    first_names = StringField(
        "Nombres", validators=[InputRequired("Escriba sus nombres."), Length(max=120)]
    )
    last_names = StringField(
        "Apellidos", validators=[InputRequired("Escriba sus apellidos."), Length(max=120)]
    )
    email = StringField(
        "Correo electrónico",
        validators=[Optional(), Email("Escriba un correo válido."), Length(max=254)],
    )
    phone = StringField("Celular o teléfono", validators=[Optional(), Length(max=40)])
    municipality_code = SelectField("Municipio donde vive", choices=[], validate_choice=False)
    birth_date = DateField("Fecha de nacimiento", validators=[Optional()])
    legal_representative = StringField(
        "Representante legal (solo menores de 18 años)", validators=[Optional(), Length(max=200)]
    )
    venture_name = StringField(
        "Nombre de su idea, emprendimiento o negocio", validators=[Optional(), Length(max=200)]
    )
    venture_stage_id = SelectField(
        "¿En qué etapa está?", choices=[], coerce=optional_int, validate_choice=False
    )
    venture_sector_id = SelectField(
        "Sector económico", choices=[], coerce=optional_int, validate_choice=False
    )
    venture_is_formal = BooleanField("Tiene matrícula mercantil (negocio formalizado)")
    need = TextAreaField(
        "¿Qué necesita del programa?",
        validators=[InputRequired("Cuéntenos qué necesita."), Length(max=2000)],
    )
    population_ids = MultiCheckboxField("Grupos con los que se identifica", coerce=int, choices=[])
    consent_attention = BooleanField(
        "Autorizo el tratamiento de mis datos personales para atención y remisión dentro de la Red"
    )
    consent_statistics = BooleanField("Autorizo su uso en estadísticas agregadas de la Red")
    consent_communications = BooleanField("Quiero recibir información de convocatorias y eventos")
    consent_sensitive = BooleanField(
        "Autorizo de forma expresa el tratamiento de mis datos sensibles (opcional)"
    )
    ethnicity = SelectField("Pertenencia étnica", choices=ETHNICITIES, default="")
    has_disability = BooleanField("Tengo alguna discapacidad")
    is_conflict_victim = BooleanField("Soy víctima del conflicto armado")
    # Honeypot: hidden from people, filled in by bots.
    sitio_web = StringField("No escriba nada aquí", validators=[Length(max=300)])


class TrackingForm(FlaskForm):
    code = StringField(
        "Código de seguimiento",
        validators=[InputRequired("Escriba el código que recibió."), Length(max=16)],
    )
    doc_number = StringField(
        "Número de documento",
        validators=[InputRequired("Escriba su número de documento."), Length(max=20)],
    )


class ProgramForm(FlaskForm):
    version_id = HiddenField()
    owner_id = SelectField("Actor dueño", choices=[], coerce=optional_int, validate_choice=False)
    name = StringField(
        "Nombre del programa", validators=[InputRequired("Escriba el nombre."), Length(max=200)]
    )
    summary = StringField("Resumen (una frase)", validators=[Optional(), Length(max=500)])
    description = TextAreaField(
        "Qué es y qué ofrece", validators=[Optional(), Length(max=lengths.LONG_DESCRIPTION)]
    )
    requirements = TextAreaField(
        "Requisitos", validators=[Optional(), Length(max=lengths.DESCRIPTION)]
    )
    stage_ids = MultiCheckboxField("Etapas de la Ruta", coerce=int, choices=[])
    service_type_ids = MultiCheckboxField("Tipos de servicio", coerce=int, choices=[])
    population_ids = MultiCheckboxField("Poblaciones a las que se dirige", coerce=int, choices=[])
    chain_ids = MultiCheckboxField("Cadenas productivas", coerce=int, choices=[])
    sector_ids = SelectMultipleField("Sectores CIIU", coerce=int, choices=[])
    whole_department = BooleanField("Todo el departamento")
    municipality_codes = SelectMultipleField("Municipios", choices=[])
    cooperator_ids = SelectMultipleField("Actores que cooperan", coerce=int, choices=[])
    is_free = BooleanField("Gratuito", default=True)
    cost_cop = IntegerField(
        "Costo en pesos (COP)",
        validators=[Optional(), NumberRange(min=0, message="El costo no puede ser negativo.")],
    )
    modality = SelectField("Modalidad", choices=list(MODALITIES.items()), default="presencial")
    opens_on = DateField("Abre inscripciones", validators=[Optional()])
    closes_on = DateField("Cierra inscripciones", validators=[Optional()])
    capacity = IntegerField(
        "Cupos (vacío si no hay límite)",
        validators=[Optional(), NumberRange(min=0, message="Los cupos no pueden ser negativos.")],
    )
    for_subsistence = BooleanField("Para unidades de subsistencia / economía popular")
    period = StringField("Vigencia o periodo", validators=[Optional(), Length(max=60)])
    contact_name = StringField("Persona de contacto", validators=[Optional(), Length(max=200)])
    contact_email = StringField(
        "Correo de contacto",
        validators=[Optional(), Email("Escriba un correo válido."), Length(max=lengths.EMAIL)],
    )
    contact_phone = StringField("Teléfono de contacto", validators=[Optional(), Length(max=40)])
    url = StringField(
        "Enlace (página web)",
        validators=[
            Optional(),
            URL(message="Escriba una dirección web completa."),
            Length(max=300),
        ],
    )

    def values(self) -> dict:
        """The fields the programs service reads."""
        keys = (
            "name summary description requirements stage_ids service_type_ids population_ids "
            "chain_ids sector_ids whole_department municipality_codes cooperator_ids is_free "
            "cost_cop modality opens_on closes_on capacity for_subsistence period contact_name "
            "contact_email contact_phone url"
        ).split()
        return {key: getattr(self, key).data for key in keys}
