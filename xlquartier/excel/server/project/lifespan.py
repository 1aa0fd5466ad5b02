"""xlwings Server's lifespan hook: xlquartier's compute processes and the sweeping of old documents."""

from xlquartier.excel.server.app import lifespan

__all__ = ["lifespan"]
