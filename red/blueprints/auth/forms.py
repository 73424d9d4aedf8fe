from wtforms import BooleanField, EmailField, PasswordField, StringField, SubmitField
from wtforms.validators import DataRequired, Email, EqualTo, Length

from red.forms import FlaskForm
from red.models import lengths

MAX_PASSWORD = Length(max=lengths.PASSWORD)


class LoginForm(FlaskForm):
    email = EmailField(
        "Correo electrónico",
        validators=[
            DataRequired("Escriba su correo."),
            Email("Correo no válido."),
            Length(max=lengths.EMAIL),
        ],
    )
    password = PasswordField(
        "Contraseña", validators=[DataRequired("Escriba su contraseña."), MAX_PASSWORD]
    )
    remember = BooleanField("Recordarme en este equipo")
    submit = SubmitField("Ingresar")


class PasswordChangeForm(FlaskForm):
    current_password = PasswordField(
        "Contraseña actual",
        validators=[DataRequired("Escriba su contraseña actual."), MAX_PASSWORD],
    )
    new_password = PasswordField(
        "Nueva contraseña",
        validators=[
            DataRequired("Escriba la nueva contraseña."),
            Length(min=10, message="Use al menos 10 caracteres."),
            MAX_PASSWORD,
        ],
    )
    confirm = PasswordField(
        "Repita la nueva contraseña",
        validators=[EqualTo("new_password", "Las contraseñas no coinciden."), MAX_PASSWORD],
    )
    submit = SubmitField("Cambiar contraseña")


class TwoFactorForm(FlaskForm):
    code = StringField(
        "Código de verificación",
        validators=[
            DataRequired("Escriba el código de 6 dígitos o un código de recuperación."),
            Length(max=40),
        ],
        render_kw={"autocomplete": "one-time-code", "inputmode": "numeric"},
    )
    submit = SubmitField("Verificar")


class TwoFactorSetupForm(FlaskForm):
    code = StringField(
        "Código que muestra la aplicación",
        validators=[DataRequired("Escriba el código de 6 dígitos."), Length(max=40)],
        render_kw={"autocomplete": "one-time-code", "inputmode": "numeric"},
    )
    submit = SubmitField("Activar")


class TwoFactorDisableForm(FlaskForm):
    password = PasswordField(
        "Contraseña", validators=[DataRequired("Escriba su contraseña."), MAX_PASSWORD]
    )
    submit = SubmitField("Desactivar la verificación en dos pasos")
