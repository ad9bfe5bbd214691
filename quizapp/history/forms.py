"""History forms: both are buttons, so they carry only the CSRF token."""

from __future__ import annotations

from flask_wtf import FlaskForm


class OptimizeForm(FlaskForm):
    pass


class ResetParametersForm(FlaskForm):
    pass
