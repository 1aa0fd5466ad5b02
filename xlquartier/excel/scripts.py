"""Scripts (buttons) for Excel: check the workbook, write minutes and agreements, export a partner.

One module for every route. xlwings Lite and Server pass the open workbook as ``book``;
on the desktop the button's RunPython call leaves it out and the script asks xlwings for
the calling workbook. Each script reads the live values (never the file behind Excel's
back), calls one public function of the core and tells the manager in a message box what
it did, in the workbook's language.
"""

from __future__ import annotations

import datetime as dt

import xlwings as xw

from ..checks.run import check_with_ids
from ..documents.agreements import write_agreements
from ..documents.batch import BatchResult
from ..documents.minutes import write_minutes
from ..errors import UserError
from ..texts import t
from .live import LiveBook, output_dir, read_live, selected_row, tell, write_findings

__all__ = ["pruefen", "protokoll", "vereinbarungen", "partneransicht"]


def _live(book: xw.Book | None) -> LiveBook:
    return read_live(book if book is not None else xw.Book.caller())


def _run(book: xw.Book | None, action) -> None:
    """Run ``action(live) -> message`` and show its message, or the problem in plain words."""
    live = _live(book)
    try:
        message = action(live)
    except UserError as exc:
        message = exc.message(live.book.lang)
    tell(live, message)


def _written(lang: str, result: BatchResult, what_de: str, what_en: str) -> str:
    """How many documents went where, and what was skipped or left out."""
    folder = result.written[0].parent if result.written else ""
    lines = [t(lang, f"{len(result.written)} {what_de} geschrieben in {folder}",
               f"{len(result.written)} {what_en} written to {folder}")]
    lines += [p.name for p in result.written]
    lines += [f"{n.item}: {n.message}" for n in result.notices]
    return "\n".join(lines)


def _check(live: LiveBook) -> str:
    assigned, findings = check_with_ids(live.book, dt.date.today())  # messages name the new IDs
    write_findings(live, findings, assigned)
    counts = {s: sum(1 for f in findings if f.severity == s) for s in ("error", "warning", "hint")}
    return t(live.book.lang,
             f"Prüfung: {counts['error']} Fehler, {counts['warning']} Warnungen, {counts['hint']} Hinweise "
             "(Blatt „Prüfung“).",
             f"Check: {counts['error']} errors, {counts['warning']} warnings, {counts['hint']} hints "
             "(sheet “Check”).")


@xw.script(name="Prüfen / Check")
def pruefen(book: xw.Book | None = None) -> None:
    """Prüft die ganze Arbeitsmappe, schreibt das Blatt „Prüfung“ und markiert die Zellen."""
    _run(book, _check)


def _minutes(live: LiveBook) -> str:
    lang = live.book.lang
    meeting = selected_row(live, "meetings")
    if meeting is None or not meeting.id:
        raise UserError("Bitte zuerst eine Zeile im Blatt „Treffen“ (mit TreffenID) auswählen.",
                        "Please first select a row in the “Meetings” sheet (with a MeetingID).")
    result = write_minutes(live.book, [meeting.id], out_dir=output_dir(live, t(lang, "Protokolle", "Minutes")))
    return _written(lang, result, "Protokoll", "minutes")


@xw.script(name="Protokoll / Minutes")
def protokoll(book: xw.Book | None = None) -> None:
    """Schreibt das Protokoll des ausgewählten Treffens als Word-Datei."""
    _run(book, _minutes)


def _agreements(live: LiveBook) -> str:
    lang = live.book.lang
    folder = output_dir(live, t(lang, "Vereinbarungen", "Agreements"))
    return _written(lang, write_agreements(live.book, out_dir=folder), "Vereinbarungen", "agreements")


@xw.script(name="Vereinbarungen / Agreements")
def vereinbarungen(book: xw.Book | None = None) -> None:
    """Schreibt alle Vereinbarungen im Status „Entwurf“ als Word-Dateien."""
    _run(book, _agreements)


def _export(live: LiveBook) -> str:
    from ..sharing.export import export_partner

    lang = live.book.lang
    partner = selected_row(live, "partners")
    if partner is None or not partner.id:
        raise UserError("Bitte zuerst eine Zeile im Blatt „Partner“ (mit PartnerID) auswählen.",
                        "Please first select a row in the “Partners” sheet (with a PartnerID).")
    if live.book.path is None:
        raise UserError(
            "Die Partneransicht braucht die gespeicherte Arbeitsmappe auf diesem Rechner (Excel am PC "
            "oder: xlquartier share export).",
            "The partner view needs the saved workbook on this computer (desktop Excel or: "
            "xlquartier share export).")
    out = export_partner(live.book.path, partner.id)
    return t(lang, f"Partneransicht (Stand der zuletzt gespeicherten Datei) geschrieben: {out}",
             f"Partner view (as last saved) written: {out}")


@xw.script(name="Partneransicht / Partner view")
def partneransicht(book: xw.Book | None = None) -> None:
    """Exportiert die Sicht des ausgewählten Partners als eigene Arbeitsmappe zum Weitergeben."""
    _run(book, _export)
