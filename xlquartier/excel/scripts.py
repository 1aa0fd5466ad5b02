"""Scripts (buttons) for Excel: check the workbook, write minutes, agreements, invitations, the
contact list and the annual report, export a partner.

One module for every route. xlwings Lite and Server pass the open workbook as ``book``;
on the desktop the button's RunPython call leaves it out and the script asks xlwings for
the calling workbook. Each script reads the live values (never the file behind Excel's
back), calls one public function of the core and tells the manager in a message box what
it did, in the workbook's language. Documents go where the route keeps the workbook's files
(``live.output_dir``: beside the workbook, xlwings Lite's /data, the server's folder).

The document modules (python-docx, docxtpl, matplotlib) are imported when a button runs,
never at import: xlwings Lite imports this module when the workbook opens, and the
functions and Prüfen need none of them (``lite_scripts`` installs them on first use).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

import xlwings as xw

from ..checks.run import check_with_ids
from ..errors import UserError
from ..texts import plural, t
from .live import LiveBook, download_hint, output_dir, read_live, selected_row, tell, write_findings

if TYPE_CHECKING:
    from ..documents.batch import BatchResult

NOTICES_SHOWN = 5  # a message box, not a log: the first few notes, then how many more

__all__ = ["pruefen", "protokoll", "vereinbarungen", "einladungen", "kontaktliste", "jahresbericht",
           "partneransicht", "nutzenberichte"]


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


def _written(lang: str, written: list[Path], notices: list, what_de: tuple[str, str],
             what_en: tuple[str, str]) -> str:
    """How many documents went where, how to get them, and what was skipped or left out."""
    count = plural(lang, len(written), what_de, what_en)
    lines = [t(lang, f"{count} geschrieben in {written[0].parent}", f"{count} written to {written[0].parent}")
             if written else t(lang, f"{count} geschrieben.", f"{count} written.")]
    lines += [p.name for p in written]
    if written and (hint := download_hint(lang, written[0].parent)):
        lines.append(hint)
    lines += [f"{n.item}: {n.message}" for n in notices[:NOTICES_SHOWN]]
    if len(notices) > NOTICES_SHOWN:
        more = plural(lang, len(notices) - NOTICES_SHOWN, ("weiterer Hinweis", "weitere Hinweise"),
                      ("more note", "more notes"))
        lines.append(t(lang, f"… und {more}.", f"… and {more}."))
    return "\n".join(lines)


def _batch(lang: str, result: BatchResult, what_de: tuple[str, str], what_en: tuple[str, str]) -> str:
    return _written(lang, result.written, result.notices, what_de, what_en)


def _check(live: LiveBook) -> str:
    assigned, findings = check_with_ids(live.book, dt.date.today())  # messages name the new IDs
    write_findings(live, findings, assigned)
    lang = live.book.lang
    count = {s: sum(1 for f in findings if f.severity == s) for s in ("error", "warning", "hint")}
    counts = ", ".join((plural(lang, count["error"], ("Fehler", "Fehler"), ("error", "errors")),
                        plural(lang, count["warning"], ("Warnung", "Warnungen"), ("warning", "warnings")),
                        plural(lang, count["hint"], ("Hinweis", "Hinweise"), ("hint", "hints"))))
    return t(lang, f"Prüfung: {counts} (Blatt „Prüfung“).", f"Check: {counts} (sheet “Check”).")


@xw.script(name="Prüfen / Check")
def pruefen(book: xw.Book | None = None) -> None:
    """Prüft die ganze Arbeitsmappe, schreibt das Blatt „Prüfung“ und markiert die Zellen."""
    _run(book, _check)


def _minutes(live: LiveBook) -> str:
    from ..documents.minutes import write_minutes

    lang = live.book.lang
    meeting = selected_row(live, "meetings")
    if meeting is None or not meeting.id:
        raise UserError("Bitte zuerst eine Zeile im Blatt „Treffen“ (mit TreffenID) auswählen.",
                        "Please first select a row in the “Meetings” sheet (with a MeetingID).")
    result = write_minutes(live.book, [meeting.id], out_dir=output_dir(live, t(lang, "Protokolle", "Minutes")))
    return _batch(lang, result, ("Protokoll", "Protokolle"), ("minutes", "minutes"))


@xw.script(name="Protokoll / Minutes")
def protokoll(book: xw.Book | None = None) -> None:
    """Schreibt das Protokoll des ausgewählten Treffens als Word-Datei."""
    _run(book, _minutes)


def _agreements(live: LiveBook) -> str:
    from ..documents.agreements import write_agreements

    lang = live.book.lang
    folder = output_dir(live, t(lang, "Vereinbarungen", "Agreements"))
    return _batch(lang, write_agreements(live.book, out_dir=folder), ("Vereinbarung", "Vereinbarungen"),
                  ("agreement", "agreements"))


@xw.script(name="Vereinbarungen / Agreements")
def vereinbarungen(book: xw.Book | None = None) -> None:
    """Schreibt alle Vereinbarungen im Status „Entwurf“ als Word-Dateien."""
    _run(book, _agreements)


def _contacts(live: LiveBook) -> str:
    from ..documents.contacts import write_contacts

    lang = live.book.lang
    folder = output_dir(live, t(lang, "Kontaktlisten", "Contact lists"))
    return _batch(lang, write_contacts(live.book, out=folder), ("Kontaktliste", "Kontaktlisten"),
                  ("contact list", "contact lists"))


@xw.script(name="Kontaktliste / Contact list")
def kontaktliste(book: xw.Book | None = None) -> None:
    """Schreibt die gemeinsame Kontaktliste der aktiven Partner (Personen nur mit Freigabe) als Word-Datei."""
    _run(book, _contacts)


def _annual_report(live: LiveBook) -> str:
    from ..report.annual import write_book_report

    lang = live.book.lang
    folder = output_dir(live, t(lang, "Jahresberichte", "Annual reports"))
    done = write_book_report(live.book, folder, today=dt.date.today())
    return _written(lang, list(done.paths), [], ("Jahresbericht", "Jahresberichte"),
                    ("annual report", "annual reports"))


@xw.script(name="Jahresbericht / Annual report")
def jahresbericht(book: xw.Book | None = None) -> None:
    """Schreibt den Jahresbericht des laufenden Jahres (Kennzahlen, Diagramme, Netzwerkkarte) als Word-Datei."""
    _run(book, _annual_report)


def _export(live: LiveBook) -> str:
    from ..sharing.export import export_partner, export_partner_view, stand_in_path
    from ..sharing.store import store_dir

    lang = live.book.lang
    partner = selected_row(live, "partners")
    if partner is None or not partner.id:
        raise UserError("Bitte zuerst eine Zeile im Blatt „Partner“ (mit PartnerID) auswählen.",
                        "Please first select a row in the “Partners” sheet (with a PartnerID).")
    if live.book.path is not None:
        out = export_partner(live.book.path, partner.id)
        return t(lang, f"Partneransicht (Stand der zuletzt gespeicherten Datei) geschrieben: {out}",
                 f"Partner view (as last saved) written: {out}")
    # xlwings Server and Lite: the view of the values as they are in Excel now
    folder = output_dir(live, t(lang, "Partneransichten", "Partner views"))
    out = export_partner_view(live.book, partner.id, folder, live.xw_book.name)
    record = store_dir(stand_in_path(folder, live.xw_book.name)).parent.name
    lines = [t(lang, f"Partneransicht geschrieben in {folder}: {out.name}",
               f"Partner view written to {folder}: {out.name}"),
             t(lang, f"Die Datei an den Partner schicken. Den Ordner „{record}“ neben die Arbeitsmappe legen: "
                     "mit ihm liest „xlquartier share import“ die Antwort ein.",
               f"Send the file to the partner. Put the folder “{record}” beside the workbook: with it "
               "“xlquartier share import” reads the answer.")]
    if hint := download_hint(lang, folder):
        lines.append(hint)
    return "\n".join(lines)


@xw.script(name="Partneransicht / Partner view")
def partneransicht(book: xw.Book | None = None) -> None:
    """Exportiert die Sicht des ausgewählten Partners als eigene Arbeitsmappe zum Weitergeben."""
    _run(book, _export)


def _invite(live: LiveBook) -> str:
    """Invitations for the selected meeting or event, else for what is planned soon and not invited yet."""
    from ..documents.invitations import invited_lines, write_invitations

    book, lang = live.book, live.book.lang
    book.require(columns={"meetings": ("invited_on",)})
    event = selected_row(live, "events") if "events" in book.tables else None
    meeting = selected_row(live, "meetings") if event is None else None
    chosen = event or meeting
    if chosen is not None and not chosen.id:
        raise UserError("Die ausgewählte Zeile hat noch keine ID; bitte zuerst „Prüfen“ drücken.",
                        "The selected row has no ID yet; please press “Check” first.")
    folder = output_dir(live, t(lang, "Einladungen", "Invitations"))
    result = write_invitations(book, [meeting.id] if meeting else None, [event.id] if event else None,
                               out_dir=folder)
    today = dt.date.today()
    for sheet, row in result.invited:  # "Eingeladen am" in the open workbook, as the file route does
        table = book.tables[sheet]
        cell = table.cell(row.number, "invited_on")
        if cell is not None:
            live.xw_book.sheets[table.name][cell].value = today
            result.marked += 1
    lines = invited_lines(result, lang)
    if result.written and (hint := download_hint(lang, folder)):
        lines.append(hint)
    return "\n".join(lines)


@xw.script(name="Einladungen / Invitations")
def einladungen(book: xw.Book | None = None) -> None:
    """Schreibt Einladung, Kalendereintrag und E-Mail-Entwurf für das ausgewählte Treffen oder die ausgewählte
    Veranstaltung (sonst für alles bald Geplante) und trägt „Eingeladen am“ ein."""
    _run(book, _invite)


def _benefit(live: LiveBook) -> str:
    """The selected partner's benefit statement, or every active partner's when none is selected."""
    from ..documents.benefit import write_benefit

    lang = live.book.lang
    partner = selected_row(live, "partners")
    chosen = [partner.id or partner["name"]] if partner is not None else None
    folder = output_dir(live, t(lang, "Nutzenberichte", "Benefit statements"))
    return _batch(lang, write_benefit(live.book, chosen, out_dir=folder), ("Nutzenbericht", "Nutzenberichte"),
                  ("benefit statement", "benefit statements"))


@xw.script(name="Nutzenberichte / Benefit statements")
def nutzenberichte(book: xw.Book | None = None) -> None:
    """Schreibt den Nutzenbericht des ausgewählten Partners (sonst aller aktiven Partner) für dieses Jahr."""
    _run(book, _benefit)
