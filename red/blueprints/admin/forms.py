"""Forms of the admin area. They validate input only; rules live in red.services."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    HiddenField,
    IntegerField,
    PasswordField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    Email,
    EqualTo,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
    StopValidation,
    ValidationError,
)

from red.extensions import db
from red.forms import FlaskForm
from red.models import User, lengths
from red.models.actors import ACTOR_ROLES, ROLES
from red.query import query_args
from red.services import audit
from red.services.accounts import MIN_PASSWORD_LENGTH

INVALID_CHOICE = "Elija una opción de la lista."
INVALID_NUMBER = "Escriba un número entero."
INVALID_DATE = "Fecha no válida."


def stop_if_unparsed(_form: object, field: object) -> None:
    """Skip range checks when the value could not even be read (its error is already shown)."""
    if field.process_errors:  # type: ignore[attr-defined]
        raise StopValidation()


def optional_int(value: object) -> int | None:
    """Coerce a select's value: "" is "nothing chosen"."""
    if value in (None, ""):
        return None
    return int(value)  # type: ignore[arg-type]


def _password_fields(label: str):
    password = PasswordField(
        label,
        validators=[
            DataRequired("Escriba la contraseña."),
            Length(
                min=MIN_PASSWORD_LENGTH,
                message=f"La contraseña debe tener al menos {MIN_PASSWORD_LENGTH} caracteres.",
            ),
            Length(max=lengths.PASSWORD),
        ],
    )
    confirm = PasswordField(
        "Repita la contraseña",
        validators=[
            EqualTo("password", "Las contraseñas no coinciden."),
            Length(max=lengths.PASSWORD),
        ],
    )
    return password, confirm


class UserCreateForm(FlaskForm):
    """New account. `role` choices and `actor_id` choices are filled by the view."""

    email = EmailField(
        "Correo electrónico",
        validators=[
            DataRequired("Escriba el correo."),
            Email("Correo no válido."),
            Length(max=254, message="El correo es demasiado largo."),
        ],
    )
    full_name = StringField(
        "Nombre completo",
        validators=[
            DataRequired("Escriba el nombre."),
            Length(max=200, message="Máximo 200 caracteres."),
        ],
    )
    role = SelectField("Rol", invalid_choice_message=INVALID_CHOICE)
    actor_id = SelectField(
        "Actor",
        coerce=optional_int,
        invalid_choice_message=INVALID_CHOICE,
        invalid_value_message=INVALID_CHOICE,
    )
    password, confirm = _password_fields("Contraseña inicial")

    def validate_actor_id(self, field: SelectField) -> None:
        if self.role.data in ACTOR_ROLES and field.data is None:
            raise ValidationError(
                f"Elija el actor: una cuenta de «{ROLES[self.role.data]}» pertenece a un actor."
            )


class TeamMemberForm(FlaskForm):
    """New gestor account for the actor admin's own actor (role and actor are fixed)."""

    email = UserCreateForm.email
    full_name = UserCreateForm.full_name
    password, confirm = _password_fields("Contraseña inicial")


class PasswordResetForm(FlaskForm):
    password, confirm = _password_fields("Nueva contraseña")


class CatalogEntryForm(FlaskForm):
    """Fields every catalog shares; subclasses add a catalog's own fields."""

    version = HiddenField()
    code = StringField(
        "Código",
        validators=[
            DataRequired("Escriba el código."),
            Length(max=40, message="Máximo 40 caracteres."),
            Regexp(
                r"^[A-Za-z0-9][A-Za-z0-9_.-]*$",
                message="Use letras sin tildes, números, punto, guion o guion bajo, sin espacios.",
            ),
        ],
        filters=[lambda value: value.strip() if isinstance(value, str) else value],
    )
    name = StringField(
        "Nombre",
        validators=[
            DataRequired("Escriba el nombre."),
            Length(max=120, message="Máximo 120 caracteres."),
        ],
    )
    description = TextAreaField("Descripción", validators=[Optional(), Length(max=lengths.NOTE)])
    position = IntegerField(
        "Orden",
        default=0,
        validators=[
            stop_if_unparsed,
            InputRequired("Escriba el orden (0 si no importa)."),
            NumberRange(min=0, max=9999, message="Use un número entre 0 y 9999."),
        ],
        invalid_value_message=INVALID_NUMBER,
    )
    active = BooleanField("Activa", default=True)


class RouteStageForm(CatalogEntryForm):
    number = IntegerField(
        "Número de etapa",
        validators=[
            stop_if_unparsed,
            InputRequired("Escriba el número de la etapa."),
            NumberRange(min=0, max=99, message="Use un número entre 0 y 99."),
        ],
        invalid_value_message=INVALID_NUMBER,
    )


class SectorForm(CatalogEntryForm):
    ciiu_version = StringField(
        "Versión de la clasificación",
        default="CIIU Rev. 4 A.C.",
        validators=[
            DataRequired("Escriba la versión de la CIIU."),
            Length(max=20, message="Máximo 20 caracteres."),
        ],
    )


class PopulationGroupForm(CatalogEntryForm):
    sensitive = BooleanField("Dato sensible (requiere autorización expresa del titular)")


CATALOG_FORMS: dict[str, type[CatalogEntryForm]] = {
    "etapas": RouteStageForm,
    "sectores": SectorForm,
    "poblaciones": PopulationGroupForm,
}


def catalog_form_class(slug: str) -> type[CatalogEntryForm]:
    return CATALOG_FORMS.get(slug, CatalogEntryForm)


class AuditFilterForm(FlaskForm):
    """GET filters of the audit log (no CSRF: it changes nothing)."""

    class Meta:
        csrf = False

    table = SelectField("Tabla", default="", invalid_choice_message=INVALID_CHOICE)
    user = SelectField(
        "Usuario",
        coerce=optional_int,
        invalid_choice_message=INVALID_CHOICE,
        invalid_value_message=INVALID_CHOICE,
    )
    since = DateField("Desde", validators=[Optional()], invalid_value_message=INVALID_DATE)
    until = DateField("Hasta", validators=[Optional()], invalid_value_message=INVALID_DATE)
    valid = True  # set by audit_filter_form: False when a filter given is wrong

    def validate_until(self, field: DateField) -> None:
        if field.data and self.since.data and field.data < self.since.data:
            raise ValidationError("La fecha final es anterior a la inicial.")

    def filters(self) -> tuple[str | None, int | None, date | None, date | None]:
        """(table, user id, since, until) to apply: what was chosen, or no filter at all when
        a value is wrong (the page then lists every change and says so)."""
        if not self.valid:
            return None, None, None, None
        return self.table.data or None, self.user.data, self.since.data, self.until.data

    def link_args(self) -> dict[str, str]:
        """The filters applied, as query-string values for a link that keeps them (the
        export, the way back from it): built from the parsed values, never copied from the
        request."""
        table, user_id, since, until = self.filters()
        values = {"table": table, "user": user_id, "since": since, "until": until}
        return {name: str(value) for name, value in values.items() if value is not None}


def audit_filter_form() -> AuditFilterForm:
    """The audit filters read from the query string (red.query) and checked, with the tables
    and accounts to choose from: one reading for the audit page and its export."""
    form = query_args().form(AuditFilterForm)
    form.table.choices = [("", "Todas")] + audit.audited_tables()
    people = db.session.execute(
        select(User.id, User.full_name, User.email).order_by(User.name_sort)
    ).all()
    form.user.choices = [("", "Todos")] + [(p.id, f"{p.full_name} ({p.email})") for p in people]
    form.valid = form.validate() if query_args().given() else True
    return form
