from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, RadioField, SelectChoice, StringField, SubmitField
from wtforms.validators import DataRequired, Email, EqualTo, Length, Optional, ValidationError

from ..forms import StrongPassword

# Password managers suggest a new password here instead of filling in the saved one (WCAG 1.3.5 input purpose).
NEW_PASSWORD = {"autocomplete": "new-password"}


def repeat_of(field_name: str, label: str) -> PasswordField:
    """A field that must repeat the new password in ``field_name``, so a typing slip is caught before it is saved."""
    return PasswordField(
        label, validators=[DataRequired(), EqualTo(field_name, "The passwords differ.")], render_kw=NEW_PASSWORD
    )


class SignupForm(FlaskForm):
    account_type = RadioField(
        "I am",
        choices=[
            SelectChoice("candidate", "A case manager looking for a job"),
            SelectChoice("employer", "An employer hiring case managers"),
        ],
        default="candidate",
        validators=[DataRequired()],
    )
    name = StringField(
        "Your full name", validators=[DataRequired(), Length(max=200)], render_kw={"autocomplete": "name"}
    )
    email = EmailField(
        "E-mail", validators=[DataRequired(), Email(), Length(max=254)], render_kw={"autocomplete": "email"}
    )
    organization = StringField(
        "Organisation name", validators=[Optional(), Length(max=200)], description="Employers only."
    )
    password = PasswordField(
        "Password",
        validators=[DataRequired(), StrongPassword("email", "name")],
        description="At least 12 characters. A few unrelated words make a strong password.",
        render_kw=NEW_PASSWORD,
    )
    confirm = repeat_of("password", "Repeat the password")
    submit = SubmitField("Create account")

    def validate_organization(self, field: StringField) -> None:
        if self.account_type.data == "employer" and not (field.data or "").strip():
            raise ValidationError("Give your organisation's name.")


class LoginForm(FlaskForm):
    email = EmailField("E-mail", validators=[DataRequired(), Length(max=254)], render_kw={"autocomplete": "username"})
    password = PasswordField(
        "Password", validators=[DataRequired(), Length(max=128)], render_kw={"autocomplete": "current-password"}
    )
    submit = SubmitField("Log in")


class PasswordChangeForm(FlaskForm):
    current_password = PasswordField(
        "Current password", validators=[DataRequired()], render_kw={"autocomplete": "current-password"}
    )
    new_password = PasswordField(
        "New password",
        validators=[DataRequired(), StrongPassword()],
        description="At least 12 characters.",
        render_kw=NEW_PASSWORD,
    )
    confirm = repeat_of("new_password", "Repeat the new password")
    submit = SubmitField("Change password")


class AcceptInvitationForm(FlaskForm):
    name = StringField(
        "Your full name", validators=[DataRequired(), Length(max=200)], render_kw={"autocomplete": "name"}
    )
    password = PasswordField("Password", validators=[DataRequired(), StrongPassword("name")], render_kw=NEW_PASSWORD)
    confirm = repeat_of("password", "Repeat the password")
    submit = SubmitField("Join")


class ResetRequestForm(FlaskForm):
    email = EmailField("E-mail", validators=[DataRequired(), Length(max=254)], render_kw={"autocomplete": "email"})
    submit = SubmitField("Send me a link")


class ResetPasswordForm(FlaskForm):
    # The strength rules run once, in accounts.reset_password, which knows the account's e-mail and name.
    password = PasswordField(
        "New password",
        validators=[DataRequired(), Length(max=128)],
        description="At least 12 characters.",
        render_kw=NEW_PASSWORD,
    )
    confirm = repeat_of("password", "Repeat the new password")
    submit = SubmitField("Save the new password")
