"""Forms of the reports area. They validate input only; rules live in red.services."""

from __future__ import annotations

from wtforms import DateField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length

from red.forms import FlaskForm
from red.models import lengths


class ProgressEntryForm(FlaskForm):
    recorded_on = DateField(
        "Fecha del avance",
        validators=[InputRequired("Indique la fecha.")],
        render_kw={"type": "date"},
    )
    value_text = StringField(
        "Valor",
        validators=[
            DataRequired("Escriba el valor."),
            Length(max=40, message="Máximo 40 caracteres."),
        ],
    )
    evidence = TextAreaField(
        "Evidencia",
        validators=[DataRequired("Describa la evidencia."), Length(max=lengths.NOTE)],
        render_kw={"rows": 3},
    )
