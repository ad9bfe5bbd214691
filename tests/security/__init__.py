"""Security tests: the OWASP ASVS level 2 items of issue 7, each a test that runs in CI.

Where each item is tested (files under tests/ unless a path says otherwise):

Access control
  - every route × every role (anonymous, guest, learner, another class's learner, teacher, another
    teacher, admin); other people's classes, quizzes, attempts, answers, practice tests and decks
    give 403/404 and change nothing: security/test_access.py, driven by the one table
    security/access_table.py (a route without an entry fails `test_every_route_has_an_entry`).
    It replaces the quiz-only table that was tests/quizzes/test_access.py and includes the live
    routes (tests/live/test_access.py also covers nickname players, who are not a role here).
  - only admins manage users, no self-promotion: web/test_roles.py

CSRF and safe methods
  - every POST rule (from url_map) refuses a missing, forged or other session's token with 400 and
    changes nothing: security/test_csrf_and_safe_methods.py
  - no GET changes anything, for any role: security/test_access.py (a fingerprint of every table
    around every request); the one exception, closing an overdue quiz attempt at its deadline on
    read, is pinned down in security/test_csrf_and_safe_methods.py

Output encoding
  - script/HTML payloads in names, class and quiz titles, typed answers, reports, uploaded facts and
    live nicknames render as text on every page; CSV cells that start a formula are neutralised:
    security/test_output_encoding.py

Headers and sessions
  - CSP without unsafe-inline script, frame-ancestors 'none', object-src 'none', nosniff, referrer
    policy on every response: security/headers.py, asserted for every response of
    security/test_access.py and security/test_csrf_and_safe_methods.py; web/test_errors_and_health.py
  - session cookie HttpOnly, SameSite=Lax, Secure over HTTPS in production; HSTS; a new session at
    sign-in; a copied cookie dies at sign-out (accounts and guests): security/test_sessions.py,
    web/test_accounts.py::test_a_copied_session_cookie_dies_at_sign_out, web/test_config.py

Authentication
  - sign-in rate limit, shared by every worker: web/test_accounts.py
  - sign-up, guest and join-by-code rate limits; RATELIMIT_STORAGE_URI reaches the limiter (Redis):
    security/test_authentication.py
  - the same answer for a wrong email and a wrong password; password length floor and common
    passwords: web/test_accounts.py
  - open redirects through next= (sign-in and question reports): web/test_accounts.py,
    security/test_authentication.py

Uploads and inputs
  - body size limit (413): web/test_errors_and_health.py, security/test_inputs.py (multipart)
  - uploaded decks of the wrong type, too large, malformed or hostile YAML: library/test_uploads.py,
    content/test_hostile.py; hostile CSV decks: security/test_inputs.py
  - arbitrary form values to every state-changing route as a teacher and a learner, with a valid
    CSRF token, give no 500 (hypothesis): security/test_inputs.py
"""
