"""Form pieces shared by several blueprints."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import Field
from wtforms.validators import ValidationError

from ..services.accounts import password_problem


class StrongPassword:
    """Validate a password against the portal's rules (length 12+, not common or guessable)."""

    def __init__(self, *related_fields: str) -> None:
        self.related_fields = related_fields

    def __call__(self, form: FlaskForm, field: Field) -> None:
        inputs = tuple(str(getattr(form, name).data or "") for name in self.related_fields if hasattr(form, name))
        problem = password_problem(field.data or "", user_inputs=inputs)
        if problem:
            raise ValidationError(problem)
