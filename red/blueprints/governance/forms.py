"""Forms of the governance area. They validate input only; rules live in red.services."""

from __future__ import annotations

from flask_wtf.file import FileField, FileRequired
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
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from red.forms import FlaskForm
from red.models import lengths
from red.models.governance import ACTA_STATUSES, MEETING_KINDS

INVALID_DATE = "Escriba una fecha válida (dd/mm/aaaa)."
INVALID_NUMBER = "Escriba un número entero."


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class MeetingForm(FlaskForm):
    version = HiddenField()
    held_on = DateField(
        "Fecha", validators=[InputRequired("Indique la fecha.")], render_kw={"type": "date"}
    )
    kind = SelectField("Tipo de sesión", choices=list(MEETING_KINDS.items()))
    place = StringField(
        "Lugar o enlace", validators=[Optional(), Length(max=200, message="Máximo 200 caracteres.")]
    )
    agenda = TextAreaField(
        "Orden del día",
        validators=[DataRequired("Escriba el orden del día."), Length(max=lengths.DESCRIPTION)],
        render_kw={"rows": 5},
    )


class MeetingEditForm(MeetingForm):
    acta = TextAreaField(
        "Acta", validators=[Optional(), Length(max=lengths.MINUTES)], render_kw={"rows": 12}
    )
    acta_status = SelectField("Estado del acta", choices=list(ACTA_STATUSES.items()))
    approved_at_meeting_id = SelectField(
        "Aprobada en la sesión",
        coerce=lambda value: int(value) if value not in (None, "", "None") else None,
        validate_choice=False,
    )


class AttachmentForm(FlaskForm):
    file = FileField("Archivo", validators=[FileRequired("Elija un archivo.")])


class CommitmentForm(FlaskForm):
    description = TextAreaField(
        "Compromiso",
        validators=[DataRequired("Describa el compromiso."), Length(max=lengths.NOTE)],
        render_kw={"rows": 3},
    )
    due_on = DateField(
        "Fecha límite",
        validators=[InputRequired("Indique la fecha límite.")],
        render_kw={"type": "date"},
    )
    actor_ids = MultiCheckboxField(
        "Actores responsables",
        coerce=int,
        validators=[DataRequired("Elija al menos un actor responsable.")],
    )


class ProgressForm(FlaskForm):
    version = HiddenField()
    notes = TextAreaField(
        "Avance",
        validators=[DataRequired("Describa el avance."), Length(max=lengths.DESCRIPTION)],
        render_kw={"rows": 3},
    )
    evidence = TextAreaField(
        "Evidencia (enlace o descripción del soporte)",
        validators=[Optional(), Length(max=lengths.NOTE, message="Máximo 2000 caracteres.")],
        render_kw={"rows": 2},
    )


class VerifyForm(FlaskForm):
    version = HiddenField()
    status = SelectField(
        "Decisión",
        choices=[
            ("cumplido", "Cumplido"),
            ("en_curso", "Devolver a en curso"),
            ("cancelado", "Cancelado"),
        ],
    )
    completed_on = DateField(
        "Fecha de cumplimiento", validators=[Optional()], render_kw={"type": "date"}
    )


def _weight(label: str) -> IntegerField:
    return IntegerField(
        label,
        validators=[
            InputRequired("Escriba el peso (0 para no usarlo)."),
            NumberRange(min=0, max=100, message="Use un número entre 0 y 100."),
        ],
    )


class ScorecardForm(FlaskForm):
    current = HiddenField()
    attendance = _weight("Peso: asistencia a reuniones")
    commitments = _weight("Peso: compromisos cumplidos a tiempo")
    services = _weight("Peso: meses con atenciones")
    referrals = _weight("Peso: remisiones respondidas a tiempo")
    programs = _weight("Peso: programas revisados")
    green_min = IntegerField(
        "Verde desde (puntaje)",
        validators=[InputRequired("Escriba el umbral."), NumberRange(1, 100, "Entre 1 y 100.")],
    )
    yellow_min = IntegerField(
        "Amarillo desde (puntaje)",
        validators=[InputRequired("Escriba el umbral."), NumberRange(0, 99, "Entre 0 y 99.")],
    )
    response_window_days = IntegerField(
        "Plazo de respuesta a remisiones (días hábiles)",
        validators=[InputRequired("Escriba el plazo."), NumberRange(1, 30, "Entre 1 y 30.")],
    )
    review_window_days = IntegerField(
        "Ventana de revisión de programas (días)",
        validators=[InputRequired("Escriba la ventana."), NumberRange(30, 730, "Entre 30 y 730.")],
    )
    note = StringField(
        "Motivo del cambio",
        validators=[DataRequired("Explique el motivo del cambio."), Length(max=300)],
    )


class BodyForm(FlaskForm):
    name = StringField(
        "Nombre de la mesa",
        validators=[
            DataRequired("Escriba el nombre."),
            Length(max=200, message="Máximo 200 caracteres."),
        ],
    )
    description = TextAreaField(
        "Propósito",
        validators=[Optional(), Length(max=lengths.DESCRIPTION)],
        render_kw={"rows": 3},
    )
    coordinator_actor_id = SelectField(
        "Actor coordinador",
        coerce=int,
        validate_choice=True,
        invalid_choice_message="Elija un actor.",
    )


class MemberForm(FlaskForm):
    actor_id = SelectField(
        "Actor", coerce=int, invalid_choice_message="Elija un actor de la lista."
    )
    principal = StringField(
        "Delegado principal",
        validators=[Optional(), Length(max=200, message="Máximo 200 caracteres.")],
    )
    alternate = StringField(
        "Delegado suplente",
        validators=[Optional(), Length(max=200, message="Máximo 200 caracteres.")],
    )
    delegation_act = StringField(
        "Acto de delegación",
        validators=[Optional(), Length(max=200, message="Máximo 200 caracteres.")],
    )


class ClosePeriodForm(FlaskForm):
    periodo = HiddenField()
    confirm = BooleanField(
        "Entiendo que los puntajes de este periodo quedarán fijos y que un cambio posterior de "
        "la configuración no los modificará.",
        validators=[DataRequired("Confirme el cierre del periodo.")],
    )
