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
  - anti-automation without locking out a classroom (V2.2.1, issue 17): refused sign-ins counted per
    account (the right password refused after ten wrong ones, from any address) and per address
    (spraying many accounts), failed live-join codes per address, sign-ups per address and per email;
    a class of 40 behind one address signs up, signs in, starts guests and joins a live game with the
    shipped limits: security/test_rate_limits.py

Account enumeration (V2.2 / V3, issue 17)
  - sign-up with a taken address answers exactly like a new one and mails the owner instead:
    web/test_accounts.py::test_sign_up_answers_alike_for_a_taken_address_and_mails_its_owner
  - forgot-password answers alike for unknown addresses and mails nobody:
    web/test_passwords.py::test_forgot_password_answers_alike_for_unknown_addresses_and_sends_nothing
  - wrong email and wrong password get the same answer: web/test_accounts.py

Credential recovery and change (V2.5, V2.1.5-2.1.6, issue 17)
  - change password asks the current one and ends every other session (remembered ones too); bad
    input is refused with the field's message: web/test_passwords.py
  - reset by mailed link, through a real SMTP server (aiosmtpd, tests/mailbox.py): single use,
    expires after an hour, dies when the password changes another way, forged links refused,
    requests per address limited; development without SMTP logs the link: web/test_passwords.py
  - `flask users set-password` and an admin's reset link (admins only): web/test_passwords.py
  - mailed links use PUBLIC_URL, never the Host header: web/test_public_url.py
  - in Chromium with the keyboard, axe-checked: browser/test_passwords_in_browser.py

Session timeouts (V3.3, issue 17)
  - without "Keep me signed in" the cookie has no expiry (ends with the browser), 30 idle minutes and
    12 hours after sign-in end it (configurable); "Keep me signed in" lasts 30 days and no longer,
    remember cookie included; tested on a controlled clock (ACCOUNT_CLOCK): security/test_sessions.py
  - personal pages and downloads are sent with Cache-Control: no-store (V8.2.1):
    security/test_caching.py
  - the same answer for a wrong email and a wrong password; password length floor and common
    passwords: web/test_accounts.py
  - open redirects through next= (sign-in and question reports): web/test_accounts.py,
    security/test_authentication.py

Configuration (V14, issue 17)
  - production refuses a SECRET_KEY under 32 random bytes and a missing PUBLIC_URL, with one line:
    web/test_config.py, reliability/test_startup.py (gunicorn with 1 and 4 workers: no tracebacks)
  - join links and QR codes come from PUBLIC_URL, not the Host header: web/test_public_url.py
  - a PostgreSQL URL without its driver names the extra to install: reliability/test_startup.py

Uploads and inputs
  - body size limit (413): web/test_errors_and_health.py, security/test_inputs.py (multipart)
  - uploaded decks of the wrong type, too large, malformed or hostile YAML: library/test_uploads.py,
    content/test_hostile.py; hostile CSV decks: security/test_inputs.py
  - arbitrary form values to every state-changing route as a teacher and a learner, with a valid
    CSRF token, give no 500 (hypothesis): security/test_inputs.py
  - display names with control or bidirectional-override characters are refused in forms and
    stripped from the command line: web/test_settings.py
"""
