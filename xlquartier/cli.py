"""The command line: each command is a thin wrapper over one public Python function.

Errors a user can act on (``UserError``) print one plain sentence and exit with their code;
nothing else reaches the user as a traceback. Help pages and usage errors are German by
default, English with ``--lang en`` or an English locale (``cli_help``).

Adding a command: ``@app.command(help=h("Deutsch.", "English."))``, every argument and
option with ``help=h(...)`` and a ``metavar`` in capitals; reuse the shared annotated types
below (``Book``, ``OutDir``, ``Lang``, ``Today``, ``Year``) so every command reads the same.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from . import cli_help
from .cli_help import Typer, h
from .errors import UserError
from .schema import LANGUAGES
from .texts import plural, t, ui_language

app = Typer(help=h("xlquartier: die Netzwerkarbeit des Quartiersmanagements in einer Excel-Arbeitsmappe – "
                   "prüfen, Protokolle und Vereinbarungen schreiben, mit Partnern teilen, berichten.",
                   "xlquartier: the network work of neighbourhood managers in a standard Excel workbook – "
                   "check it, write minutes and agreements, share with partners, report."))
console = Console()
err_console = Console(stderr=True, soft_wrap=True)


# --------------------------------------------------------------------------- shared parameters

Book = Annotated[Path, typer.Argument(metavar=h("MAPPE", "BOOK"), help=h(
    "Die Arbeitsmappe (.xlsx).", "The workbook (.xlsx)."), show_default=False)]
Lang = Annotated[str | None, typer.Option("--lang", metavar="de|en", help=h(
    "Sprache der Ausgaben: de oder en (Standard: die Sprache der Arbeitsmappe).",
    "Language of the output: de or en (default: the workbook's language)."))]
Today = Annotated[str | None, typer.Option("--today", metavar=h("TT.MM.JJJJ", "YYYY-MM-DD"), help=h(
    "Das Datum, das als heute gilt (auch JJJJ-MM-TT).", "The date counted as today (DD.MM.YYYY works too)."))]
Year = Annotated[int | None, typer.Option("--year", metavar=h("JAHR", "YEAR"), help=h(
    "Das Berichtsjahr (Standard: dieses Jahr).", "The year (default: this year)."))]
OutDir = Annotated[Path | None, typer.Option("--out", metavar=h("ORDNER", "FOLDER"), help=h(
    "Ordner für die Dokumente (wird angelegt; Standard: neben der Arbeitsmappe).",
    "Folder for the documents (made when missing; default: beside the workbook)."))]
Pdf = Annotated[bool, typer.Option("--pdf", help=h(
    "Zusätzlich PDF-Dateien schreiben (braucht LibreOffice).", "Also write PDFs (needs LibreOffice)."))]
Templates = Annotated[Path | None, typer.Option("--templates", metavar=h("ORDNER", "FOLDER"), help=h(
    "Ordner mit eigenen Vorlagen (Standard: der Ordner Vorlagen neben der Arbeitsmappe).",
    "Folder with your own templates (default: a Vorlagen folder beside the workbook)."))]


def out_file(what_de: str, what_en: str, suffix: str) -> object:
    """``--out`` of a command that writes one file: that file's name, or a folder for it."""
    return typer.Option("--out", metavar=h(f"DATEI{suffix}|ORDNER", f"FILE{suffix}|FOLDER"), help=h(
        f"{what_de} ({suffix}) oder ein Ordner dafür (wird angelegt); Standard: neben der Arbeitsmappe.",
        f"{what_en} ({suffix}) or a folder for it (made when missing); default: beside the workbook."))


def _lang(value: str | None, book=None) -> str:
    """An explicit --lang wins (any case); otherwise the workbook's language; otherwise German."""
    if value:
        code = value.strip().lower()
        if code in LANGUAGES:
            return code
        raise UserError(f"Unbekannte Sprache {value!r}: bitte de oder en.",
                        f"Unknown language {value!r}: use de or en.")
    return getattr(book, "lang", None) or "de"


def _chosen(lang: str | None) -> str | None:
    """``--lang`` checked, or None to let the workbook decide."""
    return _lang(lang) if lang else None


_GERMAN_DATE = re.compile(r"^\s*(\d{1,2})\.(\d{1,2})\.(\d{4})\s*$")


def _day(text: str | None) -> dt.date | None:
    """``--today`` as 01.12.2026 (German) or 2026-12-01 (ISO)."""
    if not text:
        return None
    try:
        german = _GERMAN_DATE.match(text)
        if german:
            day, month, year = (int(g) for g in german.groups())
            return dt.date(year, month, day)
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise UserError(f"--today {text!r} ist kein Datum: bitte TT.MM.JJJJ, z. B. 01.12.2026.",
                        f"--today {text!r} is not a date: use YYYY-MM-DD, e.g. 2026-12-01.") from None


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import version

        console.print(f"xlquartier {version('xlquartier')}", highlight=False)
        raise typer.Exit()


@app.callback()
def _root(version: Annotated[bool, typer.Option(
        "--version", is_eager=True, callback=_version,
        help=h("Die Version von xlquartier zeigen.", "Show the version of xlquartier."))] = False) -> None:
    """The root options (only ``--version``)."""


# --------------------------------------------------------------------------- workbook, demo, check

LitePackage = Annotated[str | None, typer.Option("--lite", metavar="URL", help=h(
    "Die Arbeitsmappe trägt ihren xlwings-Lite-Code; Adresse des xlquartier-Wheels.",
    "The workbook carries its xlwings Lite code; address of the xlquartier wheel."))]


def _carry_lite(book: Path, package: str | None, lang: str) -> None:
    """``--lite URL``: the workbook gets main.py and requirements.txt for xlwings Lite (``excel lite``)."""
    if package is not None:
        from .excel.lite import embed_lite

        embed_lite(book, package, lang)
        console.print(t(lang, f"  xlwings Lite: Code in {book.name} (Paket {package})",
                        f"  xlwings Lite: code in {book.name} (package {package})"), markup=False, highlight=False)


@app.command(help=h("Eine leere Standard-Arbeitsmappe anlegen.", "Create an empty standard workbook."))
def new(
    book: Annotated[Path, typer.Argument(metavar=h("MAPPE", "BOOK"), help=h(
        "Die neue Arbeitsmappe (.xlsx).", "The workbook file to create (.xlsx)."))],
    lang: Annotated[str, typer.Option("--lang", metavar="de|en", help=h(
        "Sprache der Arbeitsmappe.", "Language of the workbook."))] = "de",
    force: Annotated[bool, typer.Option("--force", help=h(
        "Eine vorhandene Datei überschreiben.", "Overwrite an existing file."))] = False,
    lite: LitePackage = None,
) -> None:
    """Create an empty standard workbook."""
    from .workbook.build import new_workbook

    new_workbook(book, _lang(lang), overwrite=force)
    console.print(t(_lang(lang), f"Neue Arbeitsmappe: {book}", f"New workbook: {book}"))
    _carry_lite(book, lite, _lang(lang))


@app.command(help=h("Das Demo-Quartier Lindenhof schreiben (Arbeitsmappe, Logos) und jede Funktion daran zeigen.",
                    "Write the demo neighbourhood (workbook, logos) and run every feature on it."))
def demo(
    directory: Annotated[Path, typer.Argument(metavar=h("ORDNER", "FOLDER"), help=h(
        "Ordner für die Demo-Dateien.", "Folder for the demo files."))] = Path("xlquartier-demo"),
    force: Annotated[bool, typer.Option("--force", help=h(
        "Eine vorhandene Demo in diesem Ordner überschreiben.", "Overwrite a demo already in this folder."))] = False,
    lang: Lang = None,
    lite: LitePackage = None,
) -> None:
    """Write the demo neighbourhood (workbook, logos) and run every feature on it."""
    from .demo import run_demo

    _carry_lite(run_demo(directory, _lang(lang), console=console, overwrite=force), lite, _lang(lang))


@app.command("check", help=h(
    "Eine Arbeitsmappe prüfen: Einträge, Doppelstrukturen, Überforderung, Verbindlichkeit, Datenschutz.",
    "Check a workbook: entries, duplicate structures, overload, reliability, privacy."))
def check_command(
    book: Book,
    fmt: Annotated[str, typer.Option("--format", metavar="text|json", help=h(
        "Ausgabe als Text oder JSON (für Skripte).", "Output as text or JSON (for scripts)."))] = "text",
    write: Annotated[bool, typer.Option("--write", help=h(
        "Befunde ins Blatt Prüfung schreiben, Zellen markieren, fehlende IDs vergeben.",
        "Write the findings into the Prüfung sheet, mark the cells, assign missing IDs."))] = False,
    strict: Annotated[bool, typer.Option("--strict", help=h(
        "Auch bei Warnungen mit 1 enden.", "Exit with 1 on warnings too."))] = False,
    today: Today = None,
    lang: Lang = None,
) -> None:
    """Check a workbook: entries, duplicate structures, overload, reliability, privacy."""
    from .checks.display import findings_json, print_findings, print_written
    from .checks.run import run_check

    if fmt.strip().lower() not in ("text", "json"):
        raise UserError(f"Unbekanntes Format {fmt!r}: bitte text oder json.",
                        f"Unknown format {fmt!r}: use text or json.")
    day = _day(today)
    result = run_check(book, day, write=write, lang=_chosen(lang))
    lang = _lang(lang, result.book)
    if fmt.strip().lower() == "json":
        sys.stdout.write(findings_json(result.book, result.findings) + "\n")
    else:
        print_findings(result, lang, console)
    if result.written:
        print_written(result, lang, err_console if fmt == "json" else console)
    raise typer.Exit(result.exit_code(strict))


# --------------------------------------------------------------------------- sharing

share_app = Typer(help=h("Mit Partnern teilen: Partneransichten schreiben, Antworten einlesen.",
                         "Share workbooks with partners: export views, import answers."))
app.add_typer(share_app, name="share")


@share_app.command("export", help=h(
    "Die datenschutzgerechte Ansicht eines Partners schreiben (oder eine je aktivem Partner).",
    "Write a partner's privacy-safe view of the workbook (or one per active partner)."))
def share_export(
    book: Book,
    partner: Annotated[str | None, typer.Option("--partner", metavar="ID", help=h(
        "PartnerID der Ansicht, z. B. P004.", "PartnerID of the view, e.g. P004."))] = None,
    all_partners: Annotated[bool, typer.Option("--all", help=h(
        "Eine Ansicht je aktivem Partner.", "One view per active partner."))] = False,
    out: Annotated[Path | None, typer.Option("--out", metavar=h("ORDNER|DATEI.xlsx", "FOLDER|FILE.xlsx"), help=h(
        "Ordner für die Ansichten (wird angelegt); mit --partner auch ein Dateiname (.xlsx).",
        "Folder for the views (made when missing); with --partner also a file name (.xlsx)."))] = None,
    lang: Lang = None,
) -> None:
    """Write a partner's privacy-safe view of the workbook (or one per active partner)."""
    from rich.progress import Progress

    from .sharing.export import export_all, export_partner

    lang = _lang(lang)
    if all_partners == bool(partner):
        raise UserError("Bitte entweder --partner ID oder --all angeben.",
                        "Please give either --partner ID or --all.")
    if partner:
        path = export_partner(book, partner, out)
        console.print(t(lang, f"Partneransicht geschrieben: {path}", f"Partner view written: {path}"),
                      highlight=False)
        return
    with Progress(console=console, transient=True) as progress:
        task = progress.add_task(t(lang, "Partneransichten", "Partner views"), total=None)

        def step(done: int, total: int, name: str) -> None:
            progress.update(task, completed=done, total=total, description=name or "")

        paths = export_all(book, out, progress=step)
    where = paths[0].parent if paths else out
    views = plural(lang, len(paths), ("Partneransicht", "Partneransichten"), ("partner view", "partner views"))
    console.print(t(lang, f"{views} geschrieben nach {where}", f"{views} written to {where}"), highlight=False)


@share_app.command("import", help=h(
    "Eine zurückgeschickte Partneransicht einlesen (Konflikte kommen ins Blatt Konflikte).",
    "Merge a returned partner view into the master (conflicts go to the Konflikte sheet)."))
def share_import(
    book: Annotated[Path, typer.Argument(metavar=h("MAPPE", "BOOK"), help=h(
        "Die Arbeitsmappe des Büros (.xlsx).", "The master workbook (.xlsx)."))],
    returned: Annotated[Path, typer.Argument(metavar=h("ANTWORT", "ANSWER"), help=h(
        "Die zurückgeschickte Partneransicht (.xlsx).", "The partner view that came back (.xlsx)."))],
    dry_run: Annotated[bool, typer.Option("--dry-run", help=h(
        "Nur zeigen, was sich ändern würde; nichts schreiben.", "Show what would change; write nothing."))] = False,
    partner: Annotated[str | None, typer.Option("--partner", metavar="ID", help=h(
        "Nur annehmen, wenn die Datei diesem Partner gehört.", "Refuse unless the file is this partner's."))] = None,
    max_new: Annotated[int | None, typer.Option("--max-new", min=0, metavar=h("ANZAHL", "COUNT"), help=h(
        "Höchstens so viele neue Zeilen übernehmen (Standard: die Einstellung „Rückmeldungen: höchstens neue "
        "Zeilen je Einlesen“, 20).",
        "Add at most this many new rows (default: the setting “Partner answers: most new rows per import”, "
        "20)."))] = None,
    lang: Lang = None,
) -> None:
    """Merge a returned partner view into the master (conflicts go to the Konflikte sheet)."""
    from rich.markup import escape
    from rich.table import Table

    from .checks.display import print_expired
    from .sharing.importer import import_partner

    report = import_partner(book, returned, dry_run=dry_run, partner_id=partner, max_new=max_new)
    lang = _lang(lang, report)
    lines = report.lines(lang)
    if lines:
        table = Table(title=t(lang, f"Rückmeldung von {report.partner_name}", f"Answer from {report.partner_name}"))
        for head in t(lang, "Was|Blatt|ID|Spalte|Details", "What|Sheet|ID|Column|Details").split("|"):
            table.add_column(head)
        for line in lines:
            table.add_row(*line)
        console.print(table)
    for de, en in report.notices:
        console.print(escape(t(lang, de, en)), soft_wrap=True)
    if report.written:
        console.print(t(lang, f"{book} aktualisiert; Sicherung: {report.backup}",
                        f"{book} updated; backup: {report.backup}"), highlight=False)
        print_expired(report.expired_backups, lang, console)
    elif dry_run and report.changed:
        console.print(t(lang, "Probelauf: nichts geschrieben.", "Dry run: nothing written."))
    else:
        console.print(t(lang, "Nichts zu ändern.", "Nothing to change."))
    if report.conflicts:
        conflicts = plural(lang, len(report.conflicts), ("Konflikt", "Konflikte"), ("conflict", "conflicts"))
        console.print(t(lang, f"{conflicts}: siehe Blatt „Konflikte“.", f"{conflicts}: see the “Conflicts” sheet."))
    _print_expired(report.expired, lang)


def _print_expired(paths: Sequence[Path], lang: str) -> None:
    """Export records the retention setting removed during this write."""
    if paths:
        names = ", ".join(p.name for p in paths)
        console.print(t(lang, f"Aufbewahrungsfrist abgelaufen, Exportprotokolle gelöscht: {names}",
                        f"Retention period over, export records deleted: {names}"), markup=False, highlight=False)


# --------------------------------------------------------------------------- privacy

privacy_app = Typer(help=h("Datenschutz: Auskunft über eine Person und Löschung (DSGVO Art. 15 und 17).",
                           "Privacy: access to a person's data and erasure (GDPR Art. 15 and 17)."))
app.add_typer(privacy_app, name="privacy")
Person = Annotated[str, typer.Argument(metavar=h("PERSON", "PERSON"), help=h(
    "Die Person: PersonID (z. B. K012), E-Mail oder Name.", "The person: PersonID (e.g. K012), email or name."),
    show_default=False)]


@privacy_app.command("show", help=h(
    "Alles, was über eine Person gespeichert ist, als Word-Dokument zum Aushändigen (DSGVO Art. 15).",
    "Everything stored about a person, as a Word document to hand over (GDPR Art. 15)."))
def privacy_show(
    book: Book,
    person: Person,
    out: Annotated[Path | None, out_file("Das Auskunftsdokument", "The access document", ".docx")] = None,
    lang: Lang = None,
) -> None:
    """Everything stored about a person, as a Word document to hand over (GDPR Art. 15)."""
    from .privacy.show import show_person, summary

    data, path = show_person(book, person, out)
    lang = _lang(lang, data.book)
    for line in summary(data):
        console.print(line, markup=False, highlight=False)
    console.print(t(lang, f"Auskunft geschrieben (nur für Sie lesbar): {path}",
                    f"Access document written (readable by you only): {path}"), markup=False, highlight=False)


@privacy_app.command("erase", help=h(
    "Eine Person aus der Arbeitsmappe, ihren Sicherungen und den Exportprotokollen löschen (DSGVO Art. 17).",
    "Remove a person from the workbook, its backups and export records (GDPR Art. 17)."))
def privacy_erase(
    book: Book,
    person: Person,
    dry_run: Annotated[bool, typer.Option("--dry-run", help=h(
        "Nur zeigen, was gelöscht würde; nichts schreiben.", "Only show what would be erased; write nothing."))
    ] = False,
    lang: Lang = None,
) -> None:
    """Remove a person from the workbook, its backups and export records (GDPR Art. 17)."""
    from .privacy.erase import erase_person, lines

    report = erase_person(book, person, dry_run=dry_run)
    for line in lines(report):
        console.print(line, markup=False, highlight=False)
    _print_expired(report.expired, _lang(lang, report))


# --------------------------------------------------------------------------- Word documents

def _documents(book: Path, lang: str | None, label: tuple[str, str], write) -> None:
    """Reads the workbook, runs one document batch with progress bars, reports, sets the exit code.

    Exit 1 only when a document was skipped; notices that skipped nothing (a missing logo)
    are printed and the run succeeds.
    """
    from .documents.display import print_batch, progress_bars
    from .workbook.read import read_book

    workbook = read_book(book)
    lang = _lang(lang, workbook)
    with progress_bars(console, t(lang, *label)) as (step, pdf_step):
        result = write(workbook, lang, step, pdf_step)
    print_batch(result, lang, console)
    raise typer.Exit(1 if result.skipped else 0)


@app.command(help=h("Word-Protokolle schreiben: eines je stattgefundenem Treffen, mit Aufgaben und den offenen "
                    "Aufgaben früherer Treffen.",
                    "Write Word minutes: one per held meeting, with tasks and the follow-up of open tasks."))
def minutes(
    book: Book,
    meeting: Annotated[list[str] | None, typer.Option("--meeting", metavar="ID", help=h(
        "TreffenID, z. B. T012 (mehrfach möglich); Standard: jedes stattgefundene Treffen.",
        "MeetingID, e.g. T012 (repeatable); default: every held meeting."))] = None,
    out: OutDir = None, pdf: Pdf = False, templates: Templates = None, lang: Lang = None,
) -> None:
    """Write Word minutes: one per held meeting, with tasks and the follow-up of open tasks."""
    from .documents import write_minutes

    _documents(book, lang, ("Protokolle", "Minutes"), lambda wb, lg, step, pdf_step: write_minutes(
        wb, meeting, out, pdf=pdf, templates=templates, lang=lg, progress=step, pdf_progress=pdf_step))


@app.command(help=h("Kooperationsvereinbarungen und Letters of Intent aus dem Blatt Vereinbarungen schreiben.",
                    "Write cooperation agreements and Letters of Intent from the Vereinbarungen sheet."))
def agreements(
    book: Book,
    partner: Annotated[list[str] | None, typer.Option("--partner", metavar="ID", help=h(
        "PartnerID, z. B. P004 (mehrfach möglich); Standard: jede Vereinbarung im Status Entwurf.",
        "PartnerID, e.g. P004 (repeatable); default: every draft agreement."))] = None,
    kind: Annotated[str | None, typer.Option("--kind", metavar="loi|agreement", help=h(
        "Nur Letters of Intent (loi) oder nur Kooperationsvereinbarungen (agreement).",
        "Only Letters of Intent (loi) or only cooperation agreements (agreement)."))] = None,
    out: OutDir = None, pdf: Pdf = False, templates: Templates = None, lang: Lang = None,
) -> None:
    """Write cooperation agreements and Letters of Intent from the Vereinbarungen sheet."""
    from .documents import write_agreements

    _documents(book, lang, ("Vereinbarungen", "Agreements"), lambda wb, lg, step, pdf_step: write_agreements(
        wb, partner, kind and kind.strip().lower(), out, pdf=pdf, templates=templates, lang=lg, progress=step,
        pdf_progress=pdf_step))


@app.command(help=h("Die gemeinsame Kontaktliste für Flyer schreiben (Ansprechpersonen nur mit Zustimmung).",
                    "Write the joint contact list for flyers (contact persons only where sharing was agreed)."))
def contacts(
    book: Book,
    out: Annotated[Path | None, out_file("Die Kontaktliste", "The contact list", ".docx")] = None,
    pdf: Pdf = False, templates: Templates = None, lang: Lang = None,
) -> None:
    """Write the joint contact list for flyers (contact persons only where sharing was agreed)."""
    from .documents import write_contacts

    _documents(book, lang, ("Kontaktliste", "Contact list"), lambda wb, lg, step, pdf_step: write_contacts(
        wb, out, templates=templates, lang=lg, pdf=pdf, progress=step, pdf_progress=pdf_step))


@app.command(help=h("Nutzenberichte schreiben: je Partner, was das Netzwerk im Jahr für ihn bewirkt hat "
                    "(Standard: alle aktiven Partner).",
                    "Write benefit statements: per partner, what the network did for it in the year "
                    "(default: every active partner)."))
def benefit(
    book: Book,
    partner: Annotated[list[str] | None, typer.Option("--partner", metavar=h("PARTNER", "PARTNER"), help=h(
        "PartnerID, Kurzname oder Name (mehrfach möglich).", "PartnerID, short name or name (repeatable)."))] = None,
    all_partners: Annotated[bool, typer.Option("--all", help=h(
        "Alle aktiven Partner (Standard ohne --partner).", "Every active partner (the default without --partner)."))
    ] = False,
    year: Year = None, out: OutDir = None, pdf: Pdf = False, templates: Templates = None,
    today: Today = None, lang: Lang = None,
) -> None:
    from .documents.benefit import write_benefit

    if partner and all_partners:
        raise UserError("Bitte entweder --partner oder --all angeben, nicht beides.",
                        "Please give either --partner or --all, not both.")
    _documents(book, lang, ("Nutzenberichte", "Benefit statements"), lambda wb, lg, step: write_benefit(
        wb, partner, year, out, pdf=pdf, templates=templates, lang=lg, today=_day(today), progress=step))


@app.command(help=h("Den gemeinsamen Flyer schreiben: das Netzwerk und jeden aktiven Partner einmal, nach "
                    "Handlungsfeldern, mit freigegebenem Logo.",
                    "Write the joint flyer: the network and every active partner once, by field of action, with "
                    "its released logo."))
def flyer(
    book: Book,
    out: Annotated[Path | None, out_file("Der Flyer", "The flyer", ".docx")] = None,
    pdf: Pdf = False, templates: Templates = None, lang: Lang = None,
) -> None:
    from .documents.flyer import write_flyer

    _documents(book, lang, ("Flyer", "Flyer"), lambda wb, lg, step: write_flyer(
        wb, out, templates=templates, lang=lg, pdf=pdf, progress=step))


press_app = Typer(help=h("Pressearbeit: Pressekontaktliste und Pressemitteilung.",
                         "Press work: the press-contact list and a press release."))
app.add_typer(press_app, name="press")


@press_app.command("contacts", help=h("Die interne Pressekontaktliste: Partner mit Pressearbeit und Medien.",
                                      "The internal press-contact list: partners doing press work, and the media."))
def press_contacts(
    book: Book,
    out: Annotated[Path | None, out_file("Die Liste", "The list", ".docx")] = None,
    pdf: Pdf = False, templates: Templates = None, lang: Lang = None,
) -> None:
    from .documents.press import write_press_contacts

    _documents(book, lang, ("Pressekontakte", "Press contacts"), lambda wb, lg, step: write_press_contacts(
        wb, out, templates=templates, lang=lg, pdf=pdf, progress=step))


@press_app.command("release", help=h(
    "Entwurf einer Pressemitteilung zu einer Veranstaltung oder einem Treffen, mit allen Mitveranstaltern und "
    "ihren Logos.",
    "A press-release draft for an event or a meeting, with every co-organiser and its logo."))
def press_release(
    book: Book,
    event: Annotated[str, typer.Option("--event", metavar="ID", help=h(
        "ID der Veranstaltung (oder eines Treffens, z. B. T012).", "ID of the event (or of a meeting, e.g. T012)."))],
    out: Annotated[Path | None, out_file("Die Pressemitteilung", "The press release", ".docx")] = None,
    pdf: Pdf = False, templates: Templates = None, lang: Lang = None,
) -> None:
    from .documents.press import write_press_release

    _documents(book, lang, ("Pressemitteilung", "Press release"), lambda wb, lg, step: write_press_release(
        wb, event, out, templates=templates, lang=lg, pdf=pdf, progress=step))


templates_app = Typer(help=h("Mit eigenen Word-Vorlagen arbeiten.", "Work with your own Word templates."))
app.add_typer(templates_app, name="templates")


@templates_app.command("check", help=h(
    "Platzhalter in eigenen Vorlagen finden, die xlquartier nicht kennt (Tippfehler).",
    "List placeholders your templates use that xlquartier does not provide (typos)."))
def templates_check(
    directory: Annotated[Path, typer.Argument(metavar=h("ORDNER", "FOLDER"), help=h(
        "Ordner mit den Vorlagen, z. B. Vorlagen.", "Folder with templates (e.g. Vorlagen)."))],
    lang: Lang = None,
) -> None:
    """List placeholders your templates use that xlquartier does not provide."""
    from .documents import check_templates

    lang = _lang(lang)
    problems = 0
    for path, unknown in check_templates(directory).items():
        if unknown:
            problems += len(unknown)
            console.print(t(lang, f"{path}: unbekannte Platzhalter: ", f"{path}: unknown placeholders: ")
                          + ", ".join(unknown), markup=False, highlight=False)
        else:
            console.print(t(lang, f"{path}: in Ordnung", f"{path}: OK"), markup=False, highlight=False)
    raise typer.Exit(1 if problems else 0)


# --------------------------------------------------------------------------- Excel

excel_app = Typer(help=h("Einen Weg nach Excel einrichten: Desktop-Add-in, xlwings Lite, xlwings Server.",
                         "Set up an Excel route: desktop add-in, xlwings Lite, xlwings Server."))
app.add_typer(excel_app, name="excel")


@excel_app.command("desktop", help=h(
    "xlwings.conf, das Run-main-Modul und die Makros für die Knöpfe neben die Arbeitsmappe schreiben.",
    "Write xlwings.conf, the Run-main module and the button macros beside the workbook."))
def excel_desktop(
    book: Annotated[Path, typer.Argument(metavar=h("MAPPE", "BOOK"), help=h(
        "Die Arbeitsmappe (.xlsx/.xlsm); sie wird nicht verändert.",
        "The workbook (.xlsx/.xlsm); it is not changed."))],
    interpreter: Annotated[str | None, typer.Option(metavar="PYTHON", help=h(
        "Das Python, das Excel starten soll (Standard: dieses).",
        "Python for Excel to start (default: this one)."))] = None,
    lang: Lang = None,
) -> None:
    """Write xlwings.conf, the Run-main module and the button macros beside the workbook."""
    from .excel.desktop import prepare_desktop
    from .workbook.read import read_book

    lang = _lang(lang)
    read_book(book)  # a workbook that is not a standard one is refused here, before anything is written
    setup = prepare_desktop(book, interpreter)
    for path in setup.written:
        console.print(t(lang, f"geschrieben: {path}", f"written: {path}"), markup=False, highlight=False)
    for de, en in setup.notes:
        console.print(t(lang, de, en), markup=False, highlight=False)


@excel_app.command("lite", help=h(
    "main.py und requirements.txt für xlwings Lite in die Arbeitsmappe schreiben (oder mit --out als zwei "
    "Dateien) und gegen Pyodide prüfen.",
    "Write main.py and requirements.txt for xlwings Lite into the workbook (or with --out as two files); "
    "check them against Pyodide."))
def excel_lite(
    book: Annotated[Path | None, typer.Argument(metavar=h("MAPPE", "BOOK"), help=h(
        "Die Arbeitsmappe (.xlsx), die ihren Lite-Code tragen soll.", "The workbook (.xlsx) to carry its Lite code."),
        show_default=False)] = None,
    out: Annotated[Path | None, typer.Option("--out", metavar=h("ORDNER", "FOLDER"), help=h(
        "Stattdessen main.py und requirements.txt in diesen Ordner schreiben.",
        "Write main.py and requirements.txt into this folder instead."))] = None,
    package: Annotated[str | None, typer.Option(metavar="URL", help=h(
        "Adresse des xlquartier-Wheels, von der Lite es holt.", "Address of the xlquartier wheel Lite fetches."))
    ] = None,
    lang: Lang = None,
) -> None:
    """Put main.py and requirements.txt for xlwings Lite into the workbook (or --out); check them against Pyodide."""
    from .excel.lite import embed_lite, write_lite
    from .outputs import output_folder

    lang = _lang(lang)
    if (book is None) == (out is None):
        raise UserError("Bitte entweder eine Arbeitsmappe oder --out ORDNER angeben.",
                        "Please give either a workbook or --out FOLDER.")
    if book is not None:
        backup, problems = embed_lite(book, package, lang)
        console.print(t(lang, f"Lite-Code in {book} geschrieben" + (f" (Sicherung: {backup})" if backup else ""),
                        f"Lite code written into {book}" + (f" (backup: {backup})" if backup else "")),
                      markup=False, highlight=False, soft_wrap=True)
    else:
        written, problems = write_lite(output_folder(out, out), package)
        for path in written:
            console.print(t(lang, f"geschrieben: {path}", f"written: {path}"), markup=False, highlight=False)
    for problem in problems:
        err_console.print(t(lang, f"Nicht in Pyodide installierbar: {problem.name} ({problem.reason})",
                            f"Cannot be installed in Pyodide: {problem.name} ({problem.reason})"),
                          markup=False, highlight=False)
    raise typer.Exit(1 if problems else 0)


@excel_app.command("server", help=h(
    "Die Tabellenfunktionen und Knöpfe als Excel-Add-in mit xlwings Server anbieten (braucht xlquartier[server]).",
    "Serve the worksheet functions and buttons as an Excel add-in with xlwings Server (needs xlquartier[server])."))
def excel_server(
    host: Annotated[str, typer.Option(metavar=h("ADRESSE", "ADDRESS"), help=h(
        "Adresse, auf der der Server hört.", "Address to listen on."))] = "127.0.0.1",
    port: Annotated[int, typer.Option(metavar="PORT", help=h("Port, auf dem der Server hört.",
                                                             "Port to listen on."))] = 8000,
    public_url: Annotated[str | None, typer.Option(metavar="URL", help=h(
        "Öffentliche Adresse für das Manifest, mit Port und Pfad wenn nötig, z. B. "
        "https://xq.stadt.example:8443/quartier (Standard https://localhost:PORT).",
        "Public address for the manifest, with port and path if needed, e.g. "
        "https://xq.city.example:8443/quartier (default https://localhost:PORT)."))] = None,
    certfile: Annotated[Path | None, typer.Option(metavar=h("DATEI", "FILE"), help=h(
        "TLS-Zertifikat (Office.js braucht HTTPS).", "TLS certificate (Office.js needs HTTPS)."))] = None,
    keyfile: Annotated[Path | None, typer.Option(metavar=h("DATEI", "FILE"), help=h(
        "Schlüssel des TLS-Zertifikats.", "Key of the TLS certificate."))] = None,
    token: Annotated[str | None, typer.Option(metavar=h("SCHLÜSSEL", "TOKEN"), help=h(
        "Gemeinsamer Zugangsschlüssel (besser: XLQUARTIER_SERVER_TOKEN).",
        "Shared access token (better: XLQUARTIER_SERVER_TOKEN)."))] = None,
    offices: Annotated[Path | None, typer.Option(metavar=h("DATEI", "FILE"), help=h(
        "Büro-Datei (TOML, Tabelle offices: Name = Zugangsschlüssel): ein Schlüssel je Büro.",
        "Offices file (TOML, table offices: name = access token): one token per office."))] = None,
    data: Annotated[Path | None, typer.Option(metavar=h("ORDNER", "FOLDER"), help=h(
        "Datenordner für Logos und Dokumente (Standard ~/.xlquartier/server-data).",
        "Data folder for logos and documents (default ~/.xlquartier/server-data)."))] = None,
    license_key: Annotated[str | None, typer.Option(metavar=h("SCHLÜSSEL", "KEY"), help=h(
        "xlwings-Lizenzschlüssel, z. B. noncommercial.", "xlwings licence key, e.g. noncommercial."))] = None,
    workers: Annotated[int, typer.Option(metavar=h("ANZAHL", "COUNT"), help=h(
        "uvicorn-Arbeitsprozesse.", "uvicorn worker processes."))] = 1,
    processes: Annotated[int | None, typer.Option(metavar=h("ANZAHL", "COUNT"), help=h(
        "Rechenprozesse je Arbeitsprozess (Standard: Zahl der Kerne, höchstens 4).",
        "Compute processes per worker (default: number of cores, at most 4)."))] = None,
    lang: Lang = None,
) -> None:
    """Serve the worksheet functions and buttons as an Excel add-in with xlwings Server (xlquartier[server])."""
    from .excel.server import serve

    serve(host, port, public_url, certfile, keyfile, token, offices, data, lang, license_key, workers, processes,
          announce=lambda line: console.print(line, markup=False, highlight=False))


# --------------------------------------------------------------------------- report, map, calendar

@app.command(help=h("Den Jahresbericht schreiben (Word): Kennzahlen mit den Zahlen dahinter, Diagramme und die "
                    "Netzwerkkarte.",
                    "Write the annual report (Word): indicators with their numbers, charts and the network map."))
def report(
    books: Annotated[list[Path], typer.Argument(metavar=h("MAPPE", "BOOK"), help=h(
        "Eine oder mehrere Arbeitsmappen (.xlsx); mehrere ergeben eine Summe.",
        "One or more workbooks (.xlsx): several give a total."))],
    year: Year = None,
    out: Annotated[Path | None, out_file("Der Bericht", "The report", ".docx")] = None,
    today: Today = None, lang: Lang = None,
) -> None:
    """Write the annual report (Word): indicators with their numbers, charts and the network map."""
    from .report.annual import write_report

    done = write_report(books, out, year, _day(today), lang=_chosen(lang))
    console.print(t(done.lang, f"Jahresbericht: {done.paths[0]}", f"Annual report: {done.paths[0]}"),
                  highlight=False)


@app.command(help=h("Quartiere im Vergleich: die Kennzahlen des Jahresberichts mehrerer Arbeitsmappen "
                    "nebeneinander, als Excel-Datei mit Diagrammen.",
                    "Neighbourhoods side by side: the annual report's key figures of several workbooks, as an "
                    "Excel file with charts."))
def compare(
    books: Annotated[list[Path], typer.Argument(metavar=h("MAPPE", "BOOK"), help=h(
        "Die Arbeitsmappen (.xlsx), eine je Quartier.", "The workbooks (.xlsx), one per neighbourhood."))],
    year: Year = None,
    out: Annotated[Path | None, out_file("Die Vergleichsdatei", "The comparison", ".xlsx")] = None,
    today: Today = None, lang: Lang = None,
) -> None:
    from .report.compare import write_compare

    done = write_compare(books, out, year, _day(today), lang=_chosen(lang))
    for sentence in done.unread:
        err_console.print(sentence, markup=False, highlight=False)
    count = plural(done.lang, done.count, ("Quartier", "Quartieren"), ("neighbourhood", "neighbourhoods"))
    console.print(t(done.lang, f"Vergleich von {count}: {done.paths[0]}", f"Comparison of {count}: {done.paths[0]}"),
                  markup=False, highlight=False)


@app.command(help=h("Die Netzwerkkarte zeichnen (PNG) und/oder für Kumu ausgeben; ohne Optionen das PNG neben "
                    "der Arbeitsmappe.",
                    "Draw the network map (PNG) and/or export it for Kumu; without options, the PNG beside the "
                    "workbook."))
def network(
    book: Book,
    png: Annotated[Path | None, typer.Option("--png", metavar=h("DATEI.png", "FILE.png"), help=h(
        "Die Karte als Bild.", "The map as a picture."))] = None,
    kumu: Annotated[Path | None, typer.Option("--kumu", metavar=h("DATEI.xlsx", "FILE.xlsx"), help=h(
        "Eine Importdatei für Kumu.", "A Kumu import file."))] = None,
    events: Annotated[bool, typer.Option("--events", help=h(
        "Auch die Veranstaltungen des Jahres zeigen (Rauten, mit ihren Veranstaltenden verbunden).",
        "Show the year's events too (diamonds joined to their organisers)."))] = False,
    year: Year = None, today: Today = None, lang: Lang = None,
) -> None:
    """Draw the network map (PNG) and/or export it for Kumu; without options, the PNG beside the workbook."""
    from .report.network import write_network

    done = write_network(book, png, kumu, year, _day(today), lang=_chosen(lang), events=events)
    for path in done.paths:
        nodes = plural(done.lang, done.count, ("Knoten", "Knoten"), ("node", "nodes"))
        console.print(t(done.lang, f"Netzwerk ({nodes}): {path}", f"Network ({nodes}): {path}"), highlight=False)


@app.command(help=h("Die geplanten Treffen als Kalenderdatei (.ics) für Outlook und Thunderbird ausgeben.",
                    "Export the planned meetings as an iCalendar file for Outlook and Thunderbird."))
def calendar(
    book: Book,
    out: Annotated[Path | None, out_file("Die Kalenderdatei", "The calendar file", ".ics")] = None,
    lang: Lang = None,
) -> None:
    """Export the planned meetings as an iCalendar file for Outlook and Thunderbird."""
    from .report.calendar import write_calendar

    done = write_calendar(book, out, lang=_chosen(lang))
    meetings = plural(done.lang, done.count, ("geplantes Treffen", "geplante Treffen"),
                      ("planned meeting", "planned meetings"))
    console.print(f"{meetings}: {done.paths[0]}", highlight=False)


# --------------------------------------------------------------------------- planning, schema

@app.command(help=h(
    "Einladungen schreiben: für jedes geplante Treffen und jede geplante Veranstaltung eine Einladung (Word), "
    "einen Kalendereintrag (.ics, REQUEST) und einen E-Mail-Entwurf (.eml, alle Empfänger in Bcc); trägt "
    "„Eingeladen am“ ein. Ohne Angabe: alles Geplante der nächsten Tage laut Einstellungen, das noch nicht "
    "eingeladen ist.",
    "Write invitations: for each planned meeting and event an invitation (Word), a calendar request (.ics) and "
    "an email draft (.eml, every recipient in Bcc); fills in “Invited on”. Without options: whatever is planned "
    "in the next days (Settings) and not invited yet."))
def invitations(
    book: Book,
    meeting: Annotated[list[str] | None, typer.Option("--meeting", metavar=h("TREFFENID", "MEETINGID"), help=h(
        "TreffenID (mehrfach möglich).", "MeetingID (repeatable)."))] = None,
    event: Annotated[list[str] | None, typer.Option("--event", metavar=h("VERANSTALTUNGID", "EVENTID"), help=h(
        "VeranstaltungID (mehrfach möglich).", "EventID (repeatable)."))] = None,
    next_days: Annotated[int | None, typer.Option("--next", metavar=h("TAGE", "DAYS"), help=h(
        "Alles Geplante der nächsten N Tage.", "Everything planned in the next N days."))] = None,
    no_mark: Annotated[bool, typer.Option("--no-mark", help=h(
        "„Eingeladen am“ nicht eintragen.", "Do not fill in “Invited on”."))] = False,
    out: OutDir = None, pdf: Pdf = False, templates: Templates = None, today: Today = None, lang: Lang = None,
) -> None:
    from .documents.invitations import invited_lines, run_invitations

    result = run_invitations(book, meeting, event, next_days, out, pdf, templates, _chosen(lang),
                             _day(today), mark=not no_mark)
    for line in invited_lines(result, _lang(lang, result)):
        console.print(line, markup=False, highlight=False)
    raise typer.Exit(0 if result.complete else 1)


@app.command(help=h(
    "Eine Arbeitsmappe auf die aktuelle Schemaversion bringen: ergänzt neue Blätter, Spalten, Auswahllisten und "
    "Einstellungen und ändert sonst nichts (mit Sicherungskopie).",
    "Bring a workbook to the current schema version: adds new sheets, columns, lists and settings and changes "
    "nothing else (with a backup)."))
def upgrade(book: Book, lang: Lang = None) -> None:
    from .workbook.upgrade import upgrade_book

    report = upgrade_book(book)
    for line in report.lines(_lang(lang, report)):
        console.print(line, markup=False, highlight=False)


# --------------------------------------------------------------------------- entry point

def run(argv: Sequence[str] | None = None) -> int:
    """Run the command line on ``argv`` (default: ``sys.argv[1:]``); returns the exit code.

    Usage errors and refused actions print one sentence (and for usage errors the usage
    line) on stderr, in German unless ``--lang en`` or an English locale says otherwise.
    """
    argv = list(sys.argv[1:] if argv is None else argv)
    lang = ui_language(argv)
    cli_help.set_language(lang)
    try:
        code = app(args=argv, prog_name="xlquartier", standalone_mode=False)
    except UserError as exc:
        err_console.print(exc.message(lang), markup=False, highlight=False)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    except Exception as exc:
        if cli_help.is_no_args_help(exc):
            return 0  # building the exception printed the help page
        if cli_help.is_usage_error(exc):
            cli_help.print_usage_error(exc, lang, err_console)
            return 2
        if type(exc).__name__ == "Abort":
            return 1
        raise
    return code if isinstance(code, int) else 0


def main() -> None:
    """Entry point of the ``xlquartier`` command."""
    sys.exit(run())
