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
