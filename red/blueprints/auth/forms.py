from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, SubmitField
from wtforms.validators import DataRequired, Email, EqualTo, Length


class LoginForm(FlaskForm):
    email = EmailField(
        "Correo electrónico",
        validators=[DataRequired("Escriba su correo."), Email("Correo no válido.")],
    )
    password = PasswordField("Contraseña", validators=[DataRequired("Escriba su contraseña.")])
    remember = BooleanField("Recordarme en este equipo")
    submit = SubmitField("Ingresar")


class PasswordChangeForm(FlaskForm):
    current_password = PasswordField(
        "Contraseña actual", validators=[DataRequired("Escriba su contraseña actual.")]
    )
    new_password = PasswordField(
        "Nueva contraseña",
        validators=[
            DataRequired("Escriba la nueva contraseña."),
            Length(min=10, message="Use al menos 10 caracteres."),
        ],
    )
    confirm = PasswordField(
        "Repita la nueva contraseña",
        validators=[EqualTo("new_password", "Las contraseñas no coinciden.")],
    )
    submit = SubmitField("Cambiar contraseña")
