"""Forms of the member workspace. They validate input only; rules live in red.services."""

from __future__ import annotations

import re

from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateField,
    DecimalField,
    EmailField,
    HiddenField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    Email,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from red.forms import FlaskForm
from red.models.people import (
    CONSENT_CHANNELS,
    DOCUMENT_TYPES,
    RIGHTS_REQUEST_KINDS,
    SALES_RANGES,
    SEXES,
    VENTURE_SIZES,
)
from red.services.documents import DocumentError, normalise_nit

INVALID_DATE = "Escriba una fecha válida."


def optional_int(value: object) -> int | None:
    if value in (None, ""):
        return None
    return int(value)  # type: ignore[arg-type]


def strip_text(value: object) -> object:
    """For an optional select: Optional() lets a whitespace value skip the choice check, so a
    " " would reach the database; stripped, it is the blank choice."""
    return value.strip() if isinstance(value, str) else value


def _blank_first(options: dict[str, str], label: str = "—") -> list[tuple[str, str]]:
    return [("", label)] + list(options.items())


def check_phone(_form: object, field: StringField) -> None:
    if field.data:
        digits = re.sub(r"[\s()+.-]", "", field.data)
        if not digits.isdigit() or not 7 <= len(digits) <= 13:
            raise ValidationError("Escriba un teléfono de 7 a 13 dígitos (fijo o celular).")


class PersonForm(FlaskForm):
    version = HiddenField()
    doc_type = SelectField(
        "Tipo de documento",
        choices=_blank_first(DOCUMENT_TYPES, "Seleccione…"),
        validators=[DataRequired("Seleccione el tipo de documento.")],
    )
    doc_number = StringField(
        "Número de documento",
        validators=[DataRequired("Escriba el número de documento."), Length(max=20)],
    )
    first_names = StringField(
        "Nombres", validators=[DataRequired("Escriba los nombres."), Length(max=120)]
    )
    last_names = StringField(
        "Apellidos", validators=[DataRequired("Escriba los apellidos."), Length(max=120)]
    )
    email = EmailField(
        "Correo electrónico",
        validators=[Optional(), Email("Escriba un correo válido."), Length(max=254)],
    )
    phone = StringField("Teléfono", validators=[Optional(), check_phone, Length(max=40)])
    municipality_code = SelectField(
        "Municipio", choices=[], validators=[Optional()], filters=[strip_text]
    )
    address = StringField("Dirección", validators=[Optional(), Length(max=300)])
    sex = SelectField(
        "Sexo", choices=_blank_first(SEXES), validators=[Optional()], filters=[strip_text]
    )
    gender_identity = StringField(
        "Identidad de género (opcional)", validators=[Optional(), Length(max=60)]
    )
    birth_date = DateField("Fecha de nacimiento", validators=[Optional()], format="%Y-%m-%d")


class ConsentForm(FlaskForm):
    """Consent captured by staff (Ley 1581): channel, purposes, evidence, representative."""

    channel = SelectField(
        "Canal de la autorización",
        choices=[(k, v) for k, v in CONSENT_CHANNELS.items() if k not in ("web", "importacion")],
        default="presencial",
    )
    purpose_attention = BooleanField(
        "Autoriza el tratamiento de sus datos para atención y remisión dentro de la Red"
    )
    purpose_statistics = BooleanField("Autoriza su uso en estadísticas agregadas")
    purpose_communications = BooleanField("Autoriza recibir comunicaciones de la Red")
    sensitive_data = BooleanField(
        "Autoriza expresamente el tratamiento de datos sensibles (opcional)"
    )
    evidence = StringField(
        "Evidencia (n.º de formato en papel, grabación…)", validators=[Optional(), Length(max=300)]
    )
    legal_representative = StringField(
        "Representante legal (si es menor de edad)", validators=[Optional(), Length(max=200)]
    )


class NewPersonForm(PersonForm, ConsentForm):
    pass


class LinkPersonForm(ConsentForm):
    """«Vincular persona»: the identity as the person's document shows it, and their say-so."""

    doc_type = SelectField(
        "Tipo de documento",
        choices=_blank_first(DOCUMENT_TYPES, "Seleccione…"),
        validators=[DataRequired("Seleccione el tipo de documento.")],
    )
    doc_number = StringField(
        "Número de documento",
        validators=[DataRequired("Escriba el número de documento."), Length(max=20)],
    )
    first_names = StringField(
        "Nombres completos", validators=[DataRequired("Escriba los nombres."), Length(max=120)]
    )
    last_names = StringField(
        "Apellidos completos",
        validators=[DataRequired("Escriba los apellidos."), Length(max=120)],
    )
    birth_date = DateField("Fecha de nacimiento", validators=[Optional()], format="%Y-%m-%d")
    siguiente = HiddenField()

    def validate_purpose_attention(self, field: BooleanField) -> None:
        if not field.data:
            raise ValidationError(
                "Sin la autorización de la persona para su organización no se puede vincular."
            )


class ConfirmIdentityForm(FlaskForm):
    """Staff met the person and saw their document: the identity as it shows it."""

    doc_type = SelectField(
        "Tipo de documento",
        choices=_blank_first(DOCUMENT_TYPES, "Seleccione…"),
        validators=[DataRequired("Seleccione el tipo de documento.")],
    )
    doc_number = StringField(
        "Número de documento",
        validators=[DataRequired("Escriba el número de documento."), Length(max=20)],
    )
    first_names = StringField(
        "Nombres completos", validators=[DataRequired("Escriba los nombres."), Length(max=120)]
    )
    last_names = StringField(
        "Apellidos completos",
        validators=[DataRequired("Escriba los apellidos."), Length(max=120)],
    )
    birth_date = DateField("Fecha de nacimiento", validators=[Optional()], format="%Y-%m-%d")
    verified = BooleanField("Verifiqué el documento de identidad de la persona")

    def validate_verified(self, field: BooleanField) -> None:
        if not field.data:
            raise ValidationError("Confirme que verificó el documento de identidad de la persona.")


class SensitiveForm(FlaskForm):
    version = HiddenField()
    ethnicity = StringField("Pertenencia étnica", validators=[Optional(), Length(max=60)])
    has_disability = BooleanField("Persona con discapacidad")
    is_conflict_victim = BooleanField("Víctima del conflicto armado")
    populations = SelectMultipleField("Grupos poblacionales", coerce=int, choices=[])


class VentureForm(FlaskForm):
    version = HiddenField()
    name = StringField(
        "Nombre del emprendimiento",
        validators=[DataRequired("Escriba el nombre."), Length(max=200)],
    )
    nit = StringField("NIT (opcional)", validators=[Optional(), Length(max=20)])
    stage_id = SelectField("Etapa de la Ruta", coerce=optional_int, choices=[])
    sector_id = SelectField("Sector (CIIU)", coerce=optional_int, choices=[])
    ciiu_code = StringField("Código CIIU", validators=[Optional(), Length(max=6)])
    is_formal = BooleanField("Formalizado (matrícula mercantil)")
    is_subsistence = BooleanField("Unidad de subsistencia / economía popular")
    size = SelectField(
        "Tamaño", choices=_blank_first(VENTURE_SIZES), validators=[Optional()], filters=[strip_text]
    )
    employees = IntegerField(
        "Empleados",
        validators=[Optional(), NumberRange(min=0, message="No puede ser negativo.")],
    )
    sales_range = SelectField(
        "Ventas", choices=_blank_first(SALES_RANGES), validators=[Optional()], filters=[strip_text]
    )
    municipality_code = SelectField(
        "Municipio", choices=[], validators=[Optional()], filters=[strip_text]
    )
    description = TextAreaField("Descripción", validators=[Optional(), Length(max=2000)])

    def validate_nit(self, field: StringField) -> None:
        if field.data:
            try:
                field.data = normalise_nit(field.data)
            except DocumentError as error:
                raise ValidationError(str(error)) from error


class ServiceForm(FlaskForm):
    version = HiddenField()
    doc_type = SelectField(
        "Tipo de documento", choices=_blank_first(DOCUMENT_TYPES), validate_choice=False
    )
    doc_number = StringField("Documento de la persona", validators=[Optional(), Length(max=20)])
    entrepreneur_id = HiddenField()
    program_id = SelectField("Programa", coerce=optional_int, choices=[])
    venture_id = SelectField("Emprendimiento", coerce=optional_int, choices=[])
    served_on = DateField(
        "Fecha",
        validators=[InputRequired("Escriba la fecha.")],
        format="%Y-%m-%d",
    )
    service_type_id = SelectField(
        "Tipo de atención",
        coerce=optional_int,
        choices=[],
        validators=[InputRequired("Elija el tipo de atención.")],
    )
    hours = DecimalField(
        "Horas",
        places=2,
        validators=[
            Optional(),
            NumberRange(min=0, max=24, message="Las horas deben estar entre 0 y 24."),
        ],
    )
    outcome = TextAreaField("Resultado", validators=[Optional(), Length(max=2000)])
    notes = TextAreaField("Notas internas", validators=[Optional(), Length(max=2000)])


class ImportForm(FlaskForm):
    file = FileField("Archivo (.xlsx o .csv)")


class MergeForm(FlaskForm):
    keep_id = IntegerField(
        "Registro que se conserva (n.º)", validators=[InputRequired("Escriba el número.")]
    )
    drop_id = IntegerField(
        "Registro duplicado que se fusiona (n.º)",
        validators=[InputRequired("Escriba el número.")],
    )
    confirm = BooleanField("Confirmo que son la misma persona")


class RightsRequestForm(FlaskForm):
    kind = SelectField(
        "Tipo de solicitud", choices=_blank_first(RIGHTS_REQUEST_KINDS, "Seleccione…")
    )
    description = TextAreaField(
        "Descripción", validators=[DataRequired("Describa la solicitud."), Length(max=4000)]
    )


class AnswerForm(FlaskForm):
    response = TextAreaField(
        "Respuesta", validators=[DataRequired("Escriba la respuesta."), Length(max=4000)]
    )
    apply_deletion = BooleanField("Aplicar la supresión: anonimizar el registro de la persona")


class OwnDataForm(FlaskForm):
    email = EmailField(
        "Correo electrónico",
        validators=[Optional(), Email("Escriba un correo válido."), Length(max=254)],
    )
    phone = StringField("Teléfono", validators=[Optional(), check_phone, Length(max=40)])
    municipality_code = SelectField(
        "Municipio", choices=[], validators=[Optional()], filters=[strip_text]
    )
    address = StringField("Dirección", validators=[Optional(), Length(max=300)])
