"""The app uvicorn (or gunicorn with uvicorn workers) imports: ``xlquartier.excel.server.asgi:app``.

Each worker process builds it from the environment (``XLQUARTIER_SERVER_*``, see ``config``).
"""

from .app import create_app

app = create_app()
