"""Who is calling, and which office they belong to.

Two ways in, both through xlwings Server's authentication hook (``XLWINGS_AUTH_PROVIDERS``):

- **Access tokens** (provider ``xlquartier``): each office has a secret of its own (an
  offices file, ``--offices``), or a small deployment has one (``--token`` or
  ``XLQUARTIER_SERVER_TOKEN``). The add-in sends it in the ``Authorization`` header of
  every call (``Bearer <token>``); the server keeps only its SHA-256.
- **Microsoft Entra ID** (provider ``entraid``, xlwings Server's own single sign-on): the
  office is the app role ``Office.<name>`` the city's IT assigns to a user; a user without
  one works in a space of their own.

The office decides whose logos a call sees and where its documents are kept.
"""

from __future__ import annotations

import hashlib
import hmac

from .config import OFFICE_NAME, ServerConfig, token_key

OFFICE_ROLE = "Office."


def office_for_token(header: str, config: ServerConfig) -> str | None:
    """The office whose token the ``Authorization`` header carries (compared in constant time)."""
    token = header.strip()
    if token[:7].lower() == "bearer ":
        token = token[7:].strip()
    if not token:
        return None
    presented = token_key(token)
    found = None
    for office, expected in config.offices.items():
        if hmac.compare_digest(presented, expected):
            found = office
    return found


def office_of(user) -> str:
    """The office of an authenticated xlwings Server user (token or Entra ID)."""
    offices = sorted({role[len(OFFICE_ROLE):] for role in user.roles if role.startswith(OFFICE_ROLE)
                      and OFFICE_NAME.fullmatch(role[len(OFFICE_ROLE):])})
    if offices:
        return offices[0]
    return "user-" + hashlib.sha256(str(user.id).encode()).hexdigest()[:24]


def not_signed_in(lang: str) -> str:
    if lang == "en":
        return "Not signed in: please enter your office's access token in the xlquartier task pane."
    return "Nicht angemeldet: bitte im Aufgabenbereich „xlquartier“ den Zugangsschlüssel des Büros eingeben."


async def validate_token(token_string: str):
    """xlwings Server's hook for the ``xlquartier`` provider: the office's user, or 401."""
    from fastapi import HTTPException, status
    from xlwings_server.models import User

    from .app import runtime

    config = runtime().config
    office = office_for_token(token_string, config)
    if office is None:
        raise HTTPException(status_code=status.HTTP_401_UNAUTHORIZED, detail=not_signed_in(config.lang))
    return User(id=f"office:{office}", name=office, roles=[OFFICE_ROLE + office])
