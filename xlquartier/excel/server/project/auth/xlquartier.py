"""The ``xlquartier`` provider: the offices' access tokens (see xlquartier.excel.server.auth)."""

from xlquartier.excel.server.auth import validate_token

__all__ = ["validate_token"]
