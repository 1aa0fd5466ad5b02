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
from .texts import t

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="xlquartier: the network work of neighbourhood managers in a standard Excel workbook.",
    pretty_exceptions_enable=False,
)
console = Console()
err_console = Console(stderr=True)

Lang = Annotated[str | None, typer.Option("--lang", help="Language of messages: de or en.")]


def _lang(value: str | None, book=None) -> str:
    """An explicit --lang wins; otherwise the workbook's language; otherwise German."""
    if value in ("de", "en"):
        return value
    if value:
        raise UserError(f"Unbekannte Sprache {value!r}: bitte de oder en.",
                        f"Unknown language {value!r}: use de or en.")
    return getattr(book, "lang", None) or "de"


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
    today: Annotated[str | None, typer.Option("--today", help="The date the rules use as today (YYYY-MM-DD).")] = None,
    lang: Lang = None,
) -> None:
    """Check a workbook: entries, duplicate structures, overload, reliability, privacy."""
    import datetime as dt

    from .checks.display import findings_json, print_findings, print_written
    from .checks.run import run_check

    if fmt not in ("text", "json"):
        raise UserError(f"Unbekanntes Format {fmt!r}: bitte text oder json.",
                        f"Unknown format {fmt!r}: use text or json.")
    try:
        day = dt.date.fromisoformat(today) if today else None
    except ValueError:
        raise UserError(f"--today {today!r} ist kein Datum: bitte JJJJ-MM-TT.",
                        f"--today {today!r} is not a date: use YYYY-MM-DD.") from None
    result = run_check(book, day, write=write, lang=_lang(lang) if lang else None)
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
    from rich.table import Table

    from .sharing.importer import import_partner

    report = import_partner(book, returned, dry_run=dry_run, partner_id=partner)
    lang = _lang(lang, report)
    lines = report.lines()
    if lines:
        table = Table(title=t(lang, f"Rückmeldung von {report.partner_name}", f"Answer from {report.partner_name}"))
        for head in t(lang, "Was|Blatt|ID|Spalte|Details", "What|Sheet|ID|Column|Details").split("|"):
            table.add_column(head)
        for line in lines:
            table.add_row(*line)
        console.print(table)
    if report.written:
        console.print(t(lang, f"{book} aktualisiert; Sicherung: {report.backup}",
                        f"{book} updated; backup: {report.backup}"))
    elif dry_run and report.changed:
        console.print(t(lang, "Probelauf: nichts geschrieben.", "Dry run: nothing written."))
    else:
        console.print(t(lang, "Nichts zu ändern.", "Nothing to change."))
    if report.conflicts:
        console.print(t(lang, f"{len(report.conflicts)} Konflikte: siehe Blatt „Konflikte“.",
                        f"{len(report.conflicts)} conflicts: see the “Conflicts” sheet."))


def main() -> None:
    """Entry point of the ``xlquartier`` command."""
    lang = "en" if "--lang" in sys.argv and "en" in sys.argv else "de"
    try:
        app()
    except UserError as exc:
        err_console.print(exc.message(lang), markup=False, highlight=False)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        sys.exit(130)
