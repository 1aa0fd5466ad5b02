"""The command line: each command is a thin wrapper over one public Python function.

Errors a user can act on (``UserError``) print one plain sentence and exit with their code;
nothing else reaches the user as a traceback.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from .errors import UserError
from .schema import LANGUAGES
from .texts import t

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="xlquartier: the network work of neighbourhood managers in a standard Excel workbook.",
    pretty_exceptions_enable=False,
)
console = Console()
err_console = Console(stderr=True, soft_wrap=True)

Lang = Annotated[str | None, typer.Option("--lang", help="Language of messages: de or en.")]


def _lang(value: str | None, book=None) -> str:
    """An explicit --lang wins; otherwise the workbook's language; otherwise German."""
    if value in LANGUAGES:
        return value
    if value:
        raise UserError(f"Unbekannte Sprache {value!r}: bitte de oder en.",
                        f"Unknown language {value!r}: use de or en.")
    return getattr(book, "lang", None) or "de"


Today = Annotated[str | None, typer.Option("--today", help="The date counted as today (YYYY-MM-DD).")]
Year = Annotated[int | None, typer.Option("--year", help="The year (default: this year).")]


def _day(text: str | None):
    import datetime as dt

    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        raise UserError(f"--today {text!r} ist kein Datum: bitte JJJJ-MM-TT.",
                        f"--today {text!r} is not a date: use YYYY-MM-DD.") from None


@app.command()
def new(
    book: Annotated[Path, typer.Argument(help="The workbook file to create (.xlsx).")],
    lang: Annotated[str, typer.Option("--lang", help="de or en")] = "de",
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
) -> None:
    """Create an empty standard workbook."""
    from .workbook.build import new_workbook

    new_workbook(book, _lang(lang), overwrite=force)
    console.print(t(_lang(lang), f"Neue Arbeitsmappe: {book}", f"New workbook: {book}"))


@app.command()
def demo(
    directory: Annotated[Path, typer.Argument(help="Folder for the demo files.")] = Path("xlquartier-demo"),
    lang: Lang = None,
) -> None:
    """Write the demo neighbourhood (workbook, logos) and run every feature on it."""
    from .demo import run_demo

    run_demo(directory, _lang(lang), console=console)


@app.command("check")
def check_command(
    book: Annotated[Path, typer.Argument(help="The workbook to check (.xlsx).")],
    fmt: Annotated[str, typer.Option("--format", help="text or json")] = "text",
    write: Annotated[bool, typer.Option(
        "--write", help="Write the findings into the Prüfung sheet, mark the cells, assign missing IDs.")] = False,
    strict: Annotated[bool, typer.Option("--strict", help="Exit with 1 on warnings too.")] = False,
    today: Today = None,
    lang: Lang = None,
) -> None:
    """Check a workbook: entries, duplicate structures, overload, reliability, privacy."""
    from .checks.display import findings_json, print_findings, print_written
    from .checks.run import run_check

    if fmt not in ("text", "json"):
        raise UserError(f"Unbekanntes Format {fmt!r}: bitte text oder json.",
                        f"Unknown format {fmt!r}: use text or json.")
    result = run_check(book, _day(today), write=write, lang=_lang(lang) if lang else None)
    lang = _lang(lang, result.book)
    if fmt == "json":
        sys.stdout.write(findings_json(result.findings) + "\n")
    else:
        print_findings(result, lang, console)
    if result.written:
        print_written(result, lang, err_console if fmt == "json" else console)
    raise typer.Exit(result.exit_code(strict))


share_app = typer.Typer(no_args_is_help=True, help="Share workbooks with partners: export views, import answers.")
app.add_typer(share_app, name="share")


@share_app.command("export")
def share_export(
    book: Annotated[Path, typer.Argument(help="The master workbook (.xlsx).")],
    partner: Annotated[str | None, typer.Option("--partner", help="PartnerID of the view to export.")] = None,
    all_partners: Annotated[bool, typer.Option("--all", help="One view per active partner.")] = False,
    out: Annotated[Path | None, typer.Option("--out", help="Output file (--partner) or folder (--all).")] = None,
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
        console.print(t(lang, f"Partneransicht geschrieben: {path}", f"Partner view written: {path}"))
        return
    with Progress(console=console, transient=True) as progress:
        task = progress.add_task(t(lang, "Partneransichten", "Partner views"), total=None)

        def step(done: int, total: int, name: str) -> None:
            progress.update(task, completed=done, total=total, description=name or "")

        paths = export_all(book, out, progress=step)
    console.print(t(lang, f"{len(paths)} Partneransichten geschrieben nach {paths[0].parent if paths else out}",
                    f"{len(paths)} partner views written to {paths[0].parent if paths else out}"))


@share_app.command("import")
def share_import(
    book: Annotated[Path, typer.Argument(help="The master workbook (.xlsx).")],
    returned: Annotated[Path, typer.Argument(help="The partner view that came back (.xlsx).")],
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Show what would change; write nothing.")] = False,
    partner: Annotated[str | None, typer.Option("--partner", help="Refuse unless the file is this partner's.")] = None,
    lang: Lang = None,
) -> None:
    """Merge a returned partner view into the master (conflicts go to the Konflikte sheet)."""
    from rich.markup import escape
    from rich.table import Table

    from .checks.display import print_expired
    from .sharing.importer import import_partner

    report = import_partner(book, returned, dry_run=dry_run, partner_id=partner)
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
                        f"{book} updated; backup: {report.backup}"))
        print_expired(report.expired_backups, lang, console)
    elif dry_run and report.changed:
        console.print(t(lang, "Probelauf: nichts geschrieben.", "Dry run: nothing written."))
    else:
        console.print(t(lang, "Nichts zu ändern.", "Nothing to change."))
    if report.conflicts:
        console.print(t(lang, f"{len(report.conflicts)} Konflikte: siehe Blatt „Konflikte“.",
                        f"{len(report.conflicts)} conflicts: see the “Conflicts” sheet."))


Templates = Annotated[Path | None, typer.Option(
    "--templates", help="Folder with your own templates (default: a Vorlagen folder beside the workbook).")]
OutDir = Annotated[Path | None, typer.Option("--out", help="Output folder (default: beside the workbook).")]
Pdf = Annotated[bool, typer.Option("--pdf", help="Also write PDFs (needs LibreOffice).")]


def _documents(book: Path, lang: str | None, label: tuple[str, str], write) -> None:
    """Reads the workbook, runs one document batch with a progress bar, reports, sets the exit code."""
    from .documents.display import print_batch, progress_bar
    from .workbook.read import read_book

    workbook = read_book(book)
    lang = _lang(lang, workbook)
    with progress_bar(console, t(lang, *label)) as step:
        result = write(workbook, lang, step)
    print_batch(result, lang, console)
    raise typer.Exit(0 if result.complete else 1)


@app.command()
def minutes(
    book: Annotated[Path, typer.Argument(help="The workbook (.xlsx).")],
    meeting: Annotated[list[str] | None, typer.Option(
        "--meeting", help="MeetingID (repeatable); default: every held meeting.")] = None,
    out: OutDir = None, pdf: Pdf = False, templates: Templates = None, lang: Lang = None,
) -> None:
    """Write Word minutes: one per held meeting, with tasks and the follow-up of open tasks."""
    from .documents import write_minutes

    _documents(book, lang, ("Protokolle", "Minutes"), lambda wb, lg, step: write_minutes(
        wb, meeting, out, pdf=pdf, templates=templates, lang=lg, progress=step))


@app.command()
def agreements(
    book: Annotated[Path, typer.Argument(help="The workbook (.xlsx).")],
    partner: Annotated[list[str] | None, typer.Option(
        "--partner", help="PartnerID (repeatable); default: every draft agreement.")] = None,
    kind: Annotated[str | None, typer.Option("--kind", help="loi or agreement (default: both).")] = None,
    out: OutDir = None, pdf: Pdf = False, templates: Templates = None, lang: Lang = None,
) -> None:
    """Write cooperation agreements and Letters of Intent from the Vereinbarungen sheet."""
    from .documents import write_agreements

    _documents(book, lang, ("Vereinbarungen", "Agreements"), lambda wb, lg, step: write_agreements(
        wb, partner, kind, out, pdf=pdf, templates=templates, lang=lg, progress=step))


@app.command()
def contacts(
    book: Annotated[Path, typer.Argument(help="The workbook (.xlsx).")],
    out: Annotated[Path | None, typer.Option("--out", help="Output file (.docx) or folder.")] = None,
    pdf: Pdf = False, templates: Templates = None, lang: Lang = None,
) -> None:
    """Write the joint contact list for flyers (contact persons only where sharing was agreed)."""
    from .documents import write_contacts

    _documents(book, lang, ("Kontaktliste", "Contact list"), lambda wb, lg, step: write_contacts(
        wb, out, templates=templates, lang=lg, pdf=pdf, progress=step))


templates_app = typer.Typer(no_args_is_help=True, help="Work with your own Word templates.")
app.add_typer(templates_app, name="templates")


@templates_app.command("check")
def templates_check(
    directory: Annotated[Path, typer.Argument(help="Folder with templates (e.g. Vorlagen).")],
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

excel_app = typer.Typer(no_args_is_help=True,
                        help="Set up an Excel route: desktop add-in, xlwings Lite, xlwings Server.")
app.add_typer(excel_app, name="excel")


@excel_app.command("desktop")
def excel_desktop(
    book: Annotated[Path, typer.Argument(help="The workbook (.xlsx/.xlsm); it is not changed.")],
    interpreter: Annotated[str | None, typer.Option(help="Python for Excel to start (default: this one).")] = None,
    lang: Lang = None,
) -> None:
    """Write xlwings.conf, the Run-main module and the button macros beside the workbook."""
    from .excel.desktop import prepare_desktop

    lang = _lang(lang)
    setup = prepare_desktop(book, interpreter)
    for path in setup.written:
        console.print(t(lang, f"geschrieben: {path}", f"written: {path}"), markup=False, highlight=False)
    for de, en in setup.notes:
        console.print(t(lang, de, en), markup=False, highlight=False)


@excel_app.command("lite")
def excel_lite(
    out: Annotated[Path, typer.Option("--out", help="Folder for main.py and requirements.txt.")] = Path("xlwings-lite"),
    package: Annotated[str | None, typer.Option(help="xlquartier requirement, e.g. a wheel URL.")] = None,
    lang: Lang = None,
) -> None:
    """Write main.py and requirements.txt for xlwings Lite; check them against Pyodide."""
    from .excel.lite import write_lite

    lang = _lang(lang)
    written, problems = write_lite(out, package)
    for path in written:
        console.print(t(lang, f"geschrieben: {path}", f"written: {path}"), markup=False, highlight=False)
    for problem in problems:
        err_console.print(t(lang, f"Nicht in Pyodide installierbar: {problem.name} ({problem.reason})",
                            f"Cannot be installed in Pyodide: {problem.name} ({problem.reason})"),
                          markup=False, highlight=False)
    raise typer.Exit(1 if problems else 0)


@excel_app.command("server")
def excel_server(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    project: Annotated[Path | None, typer.Option(help="Server project folder (default ~/.xlquartier/server).")] = None,
    license_key: Annotated[str | None, typer.Option(help="xlwings licence key, e.g. noncommercial.")] = None,
    hostname: Annotated[str | None, typer.Option(help="Public host name for the manifest.")] = None,
    certfile: Annotated[Path | None, typer.Option(help="TLS certificate (Office.js needs HTTPS).")] = None,
    keyfile: Annotated[Path | None, typer.Option(help="TLS key.")] = None,
) -> None:
    """Serve the worksheet functions and scripts with xlwings Server (needs the extra: xlquartier\\[server])."""
    from .excel.server import serve

    serve(host, port, project, license_key, certfile, keyfile, hostname)


@app.command()
def report(
    books: Annotated[list[Path], typer.Argument(help="One or more workbooks (.xlsx): several give a total.")],
    year: Year = None,
    out: Annotated[Path | None, typer.Option("--out", help="The report (.docx); default beside the workbook.")] = None,
    today: Today = None, lang: Lang = None,
) -> None:
    """Write the annual report (Word): indicators with their numbers, charts and the network map."""
    from .report.annual import write_report

    done = write_report(books, out, year, _day(today), lang=_lang(lang) if lang else None)
    console.print(t(done.lang, f"Jahresbericht: {done.paths[0]}", f"Annual report: {done.paths[0]}"))


@app.command()
def network(
    book: Annotated[Path, typer.Argument(help="The workbook (.xlsx).")],
    png: Annotated[Path | None, typer.Option("--png", help="The map as a picture (.png).")] = None,
    kumu: Annotated[Path | None, typer.Option("--kumu", help="A Kumu import file (.xlsx).")] = None,
    year: Year = None, today: Today = None, lang: Lang = None,
) -> None:
    """Draw the network map (PNG) and/or export it for Kumu; without options, the PNG beside the workbook."""
    from .report.network import write_network

    done = write_network(book, png, kumu, year, _day(today), lang=_lang(lang) if lang else None)
    for path in done.paths:
        console.print(t(done.lang, f"Netzwerk ({done.count} Knoten): {path}", f"Network ({done.count} nodes): {path}"))


@app.command()
def calendar(
    book: Annotated[Path, typer.Argument(help="The workbook (.xlsx).")],
    out: Annotated[Path | None, typer.Option(
        "--out", help="The calendar file (.ics); default beside the workbook.")] = None,
    lang: Lang = None,
) -> None:
    """Export the planned meetings as an iCalendar file for Outlook and Thunderbird."""
    from .report.calendar import write_calendar

    done = write_calendar(book, out, lang=_lang(lang) if lang else None)
    console.print(t(done.lang, f"{done.count} geplante Treffen: {done.paths[0]}",
                    f"{done.count} planned meetings: {done.paths[0]}"))


def main() -> None:
    """Entry point of the ``xlquartier`` command."""
    args = sys.argv[1:]
    pairs = zip(args, args[1:], strict=False)
    lang = "en" if "--lang=en" in args or ("--lang", "en") in pairs else "de"
    try:
        app()
    except UserError as exc:
        err_console.print(exc.message(lang), markup=False, highlight=False)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        sys.exit(130)
