"""The task pane's own requests: who am I, my documents, my office's logos, and the download links.

Included in xlwings Server through its custom-router hook (``project/routers/custom.py``).
Everything but a download needs the office's login (xlwings Server's ``User`` dependency);
the documents list also needs the session id. A download needs neither: its link is
signed, short-lived and bound to one file of one session (``storage``), so the system
browser can open it.
"""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Header, HTTPException, Request
from fastapi.responses import FileResponse
from xlwings_server import dependencies as dep
from xlwings_server.config import settings

from ...errors import UserError
from .app import runtime
from .auth import office_of
from .storage import SESSION

router = APIRouter(prefix=settings.app_path + "/xq")

MEDIA_TYPES = {
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".zip": "application/zip",
    ".pdf": "application/pdf",
}


def _session(value: str) -> str:
    if not SESSION.fullmatch(value):
        raise HTTPException(status_code=400, detail="X-XQ-Session")
    return value


@router.get("/me")
async def me(user: dep.User) -> dict[str, object]:
    config = runtime().config
    return {"office": office_of(user), "several_offices": len(config.offices) > 1 or config.entra}


@router.get("/files")
async def files(user: dep.User, session: Annotated[str, Header(alias="X-XQ-Session")]) -> list[dict[str, object]]:
    rt = runtime()
    office, session = office_of(user), _session(session)
    found = []
    for download in rt.storage.downloads(office, session):
        query = rt.storage.link(office, session, download)
        url = (f"{settings.app_path}/xq/download/{office}/{session}/{download.run}/{quote(download.name, safe='')}"
               f"?e={query['e']}&k={query['k']}")
        found.append({"name": download.name, "size": download.size, "created": download.created,
                      "expires": download.expires, "url": url})
    return found


@router.get("/download/{office}/{session}/{run}/{name}")
async def download(office: str, session: str, run: str, name: str, e: str = "", k: str = "") -> FileResponse:
    rt = runtime()
    path = rt.storage.find(office, session, run, name, e, k)
    if path is None:
        lang = rt.config.lang
        raise HTTPException(status_code=404, detail=(
            "The link has expired or is not valid; please open the document again from the task pane."
            if lang == "en" else
            "Der Link ist abgelaufen oder ungültig; bitte das Dokument im Aufgabenbereich neu öffnen."))
    return FileResponse(path, filename=name, media_type=MEDIA_TYPES.get(path.suffix.lower(),
                                                                        "application/octet-stream"))


@router.get("/logos")
async def logos(user: dep.User) -> list[str]:
    return runtime().storage.logo_names(office_of(user))


@router.put("/logos/{name}")
async def upload_logo(name: str, request: Request, user: dep.User) -> dict[str, str]:
    rt = runtime()
    try:
        saved = rt.storage.save_logo(office_of(user), name, await request.body())
    except UserError as exc:
        raise HTTPException(status_code=422, detail=exc.message(rt.config.lang)) from None
    return {"name": saved}


@router.delete("/logos/{name}")
async def delete_logo(name: str, user: dep.User) -> dict[str, bool]:
    if not runtime().storage.delete_logo(office_of(user), name):
        raise HTTPException(status_code=404, detail=name)
    return {"deleted": True}
