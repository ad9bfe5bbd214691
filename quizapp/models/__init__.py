"""SQLAlchemy 2.0 typed models, one module per area."""

from quizapp.models.base import Base, UTCDateTime, utcnow
from quizapp.models.user import ROLE_VALUES, Role, User

__all__ = ["Base", "ROLE_VALUES", "Role", "UTCDateTime", "User", "utcnow"]
