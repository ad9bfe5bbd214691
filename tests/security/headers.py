"""What every response must carry, checked on each response the security tests see."""

from __future__ import annotations


def assert_security_headers(response, label: str = "") -> None:
    headers = response.headers
    csp = headers.get("Content-Security-Policy", "")
    directives = {part.strip().split(" ")[0]: part.strip() for part in csp.split(";") if part.strip()}
    assert "script-src" in directives and "'unsafe-inline'" not in directives["script-src"], (label, csp)
    assert "'unsafe-eval'" not in csp, (label, csp)
    assert directives.get("frame-ancestors") == "frame-ancestors 'none'", (label, csp)
    assert directives.get("object-src") == "object-src 'none'", (label, csp)
    assert headers.get("X-Content-Type-Options") == "nosniff", label
    assert headers.get("Referrer-Policy") in {
        "same-origin",
        "no-referrer",
        "strict-origin-when-cross-origin",
    }, label
