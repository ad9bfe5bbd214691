"""Admin forms."""

from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired

from quizapp.models import ROLE_VALUES


class RoleForm(FlaskForm):
    user_id = HiddenField(validators=[DataRequired()])
    role = SelectField("Role", choices=[SelectChoice(role, role.capitalize()) for role in ROLE_VALUES])
    submit = SubmitField("Change")


class ResetLinkForm(FlaskForm):
    """Make a password-reset link for one user, to hand over in person."""

    user_id = HiddenField(validators=[DataRequired()])
    submit = SubmitField("Reset link")
