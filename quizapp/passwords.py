"""Password hashing and policy.

argon2id at OWASP's minimum (19 MiB, 2 passes) took ~20 ms here against ~100 ms for werkzeug's
scrypt default, which keeps a class signing in at once from queueing.
"""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

_hasher = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)

# A dummy hash verified when the email is unknown, so both failures take the same time.
_DUMMY_HASH = _hasher.hash("not-a-real-password-but-same-cost")

COMMON_PASSWORDS = frozenset(
    """
    password password1 password12 password123 password1234 passw0rd 123456 1234567 12345678
    123456789 1234567890 0123456789 qwerty qwertyuiop qwerty123 qwerty1234 1q2w3e4r5t 1qaz2wsx3edc
    abc123 abcdef abcdefg abcdefgh abcdefghij iloveyou letmein letmeinnow welcome welcome1
    welcome123 admin admin123 administrator monkey dragon football baseball sunshine princess
    starwars trustno1 whatever superman batman michael shadow master jennifer hunter2 changeme
    changeme123 secret secret123 computer internet chatgpt openai foundation foundationmodel
    foundationmodels quizapp quizapp123 teacher teacher123 student student123 school school123
    aaaaaaaaaa 1111111111 0000000000 qazwsxedc zaq12wsx asdfghjkl asdfghjkl1 p@ssw0rd p@ssword
    """.split()
)


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(stored_hash: str | None, password: str) -> bool:
    """Check a password; unknown users still pay for one verification."""
    try:
        return _hasher.verify(stored_hash or _DUMMY_HASH, password) and stored_hash is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def password_problem(password: str, min_length: int, email: str | None = None) -> str | None:
    """Say what is wrong with a new password, or None when it is acceptable."""
    if len(password) < min_length:
        return f"Use at least {min_length} characters."
    if len(password) > 256:
        return "Use at most 256 characters."
    folded = password.lower()
    if folded in COMMON_PASSWORDS or len(set(folded)) < 4:
        return "That password is too common or too simple; choose another."
    if email and folded == email.lower():
        return "Don't use your email address as your password."
    return None
