"""Links that leave the page: join links, QR codes and mailed links, as full addresses.

In production they start with PUBLIC_URL, never with the Host header of the request (a client
chooses that header, so a link built from it could point a class or a reset mail at another
site). Development without PUBLIC_URL uses the address the page was requested at.
"""

from __future__ import annotations

from flask import current_app, url_for


def public_url_for(endpoint: str, **values) -> str:
    public_url = current_app.config.get("PUBLIC_URL")
    if public_url:
        return public_url + url_for(endpoint, **values)
    return url_for(endpoint, _external=True, **values)
