"""The task pane's own requests (documents, logos, download links)."""

from xlquartier.excel.server.routes import router

__all__ = ["router"]
