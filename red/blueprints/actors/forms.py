"""Form of an actor's public profile, edited by its own staff."""

from __future__ import annotations

from wtforms import HiddenField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import URL, Email, Length, Optional

from red.forms import FlaskForm
from red.models import lengths


class ActorProfileForm(FlaskForm):
    version_id = HiddenField()
    description = TextAreaField(
        "Quiénes somos y qué ofrecemos",
        validators=[Optional(), Length(max=lengths.DESCRIPTION)],
    )
    email = StringField(
        "Correo de contacto",
        validators=[Optional(), Email("Escriba un correo válido."), Length(max=lengths.EMAIL)],
    )
    phone = StringField("Teléfono", validators=[Optional(), Length(max=lengths.PHONE)])
    website = StringField(
        "Página web",
        validators=[
            Optional(),
            URL(message="Escriba una dirección web completa."),
            Length(max=300),
        ],
    )
    address = StringField("Dirección", validators=[Optional(), Length(max=lengths.ADDRESS)])
    municipality_code = SelectField("Municipio de la sede", choices=[], validate_choice=False)
    municipality_codes = SelectMultipleField("Municipios que atiende", choices=[])
