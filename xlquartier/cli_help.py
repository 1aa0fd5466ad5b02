"""The command line's own texts in the user's language: help pages, usage errors, plurals.

Typer prints help and usage errors in English only, with developer notation (``<bool>``,
``{book}``, ``<list[str]>``). The users are German managers, so xlquartier renders both itself
from the Click objects Typer builds (their public attributes only: names, options, help
texts, metavars), German by default and English with ``--lang en`` or an English locale
(``texts.ui_language``).

For the commands in ``cli.py`` this means one pattern: ``app = Typer(...)`` from this module,
help texts written as ``h("Deutsch", "English")`` and a ``metavar`` in capitals for every
value (``MAPPE``/``BOOK``). A plain ``help="..."`` string works too; it is shown as written.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import typer
import typer.core
from rich.console import Console
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table

from .texts import t, ui_language

# Exit codes: the CLI's contract (README, docs/cli.md and the root help list them).
EXIT_CODES: dict[int, tuple[str, str]] = {
    0: ("alles erledigt (Hinweise möglich, z. B. ein fehlendes Logo)",
        "all done (notices possible, e.g. a missing logo)"),
    1: ("etwas wurde übersprungen oder gefunden: Prüfung mit Fehlern (mit --strict auch Warnungen), "
        "ein Dokument nicht geschrieben, eine unbrauchbare Angabe",
        "something was skipped or found: errors in the check (warnings too with --strict), "
        "a document not written, an unusable value"),
    2: ("die Datei ist keine (lesbare) xlquartier-Arbeitsmappe, ist gerade in Excel geöffnet oder hat sich "
        "währenddessen geändert; oder der Aufruf ist falsch",
        "the file is not a (readable) xlquartier workbook, is open in Excel or changed meanwhile; "
        "or the command line is wrong"),
}


_LANGUAGE: list[str] = []  # the language of the running command line (set by ``cli.run``)


def set_language(lang: str) -> None:
    _LANGUAGE[:] = [lang]


def language() -> str:
    return _LANGUAGE[0] if _LANGUAGE else ui_language()


class Text(str):
    """A help text in both languages; as a ``str`` it reads in the language of this run."""

    de: str
    en: str

    def __new__(cls, de: str, en: str) -> Text:
        obj = super().__new__(cls, t(ui_language(), de, en))
        obj.de, obj.en = de, en
        return obj


def h(de: str, en: str) -> Text:
    """A help text for a command, argument or option: ``help=h("Die Arbeitsmappe.", "The workbook.")``."""
    return Text(de, en)


def in_lang(text: Any, lang: str) -> str:
    if isinstance(text, Text):
        return t(lang, text.de, text.en)
    return str(text or "")


# --------------------------------------------------------------------------- help pages

def _is_option(param) -> bool:
    return getattr(param, "param_type_name", "") == "option"


def _metavar(param, lang: str) -> str:
    if _is_option(param) and getattr(param, "is_flag", False):
        return ""
    if param.metavar:
        return in_lang(param.metavar, lang)
    return t(lang, "WERT", "VALUE") if _is_option(param) else (param.name or "").upper()


def _argument_usage(param, lang: str) -> str:
    name = _metavar(param, lang)
    if param.nargs == -1:
        name += " …"
    return name if param.required else f"[{name}]"


def usage_line(ctx, lang: str) -> str:
    command = ctx.command
    pieces = [ctx.command_path, t(lang, "[OPTIONEN]", "[OPTIONS]")]
    pieces += [_argument_usage(p, lang) for p in command.params if not _is_option(p) and not p.hidden]
    if hasattr(command, "list_commands"):
        pieces.append(t(lang, "BEFEHL …", "COMMAND …"))
    return " ".join(pieces)


def _help_of(param, lang: str) -> str:
    if param.name == "help":
        return t(lang, "Diese Hilfe zeigen.", "Show this help.")
    text = in_lang(param.help, lang)
    default = param.default
    if (_is_option(param) and not getattr(param, "is_flag", False) and default not in (None, "", (), [])
            and not callable(default)):
        text += t(lang, f" [Standard: {default}]", f" [default: {default}]")
    if param.required:
        text += t(lang, " [Pflicht]", " [required]")
    return text


def _first_paragraph(text: str) -> str:
    return text.strip().split("\n\n")[0].replace("\n", " ")


def _panel(rows: Sequence[tuple[str, str]], title: str) -> Panel:
    table = Table.grid(padding=(0, 2), expand=True)
    table.add_column(style="bold cyan", no_wrap=True)
    table.add_column(ratio=1)
    for left, right in rows:
        table.add_row(escape(left), escape(right))
    return Panel(table, title=title, title_align="left", border_style="dim")


def print_help(ctx, lang: str | None = None, console: Console | None = None) -> None:
    """The help page of the command in ``ctx``: usage, description, arguments, options, commands."""
    lang = lang or language()
    console = console or Console()
    command = ctx.command
    console.print(f"[bold]{t(lang, 'Aufruf', 'Usage')}:[/] {escape(usage_line(ctx, lang))}", highlight=False)
    description = in_lang(command.help, lang).strip()
    if description:
        console.print()
        console.print(escape(description), highlight=False)
    console.print()
    params = [p for p in command.get_params(ctx) if not p.hidden]
    arguments = [(_metavar(p, lang), _help_of(p, lang)) for p in params if not _is_option(p)]
    options = [(", ".join([*p.opts, *p.secondary_opts]) + (f" {m}" if (m := _metavar(p, lang)) else ""),
                _help_of(p, lang)) for p in params if _is_option(p)]
    if arguments:
        console.print(_panel(arguments, t(lang, "Angaben", "Arguments")))
    if options:
        console.print(_panel(options, t(lang, "Optionen", "Options")))
    if hasattr(command, "list_commands"):
        rows = []
        for name in command.list_commands(ctx):
            sub = command.get_command(ctx, name)
            if sub is None or sub.hidden:
                continue
            rows.append((name, _first_paragraph(in_lang(sub.short_help or sub.help, lang))))
        console.print(_panel(rows, t(lang, "Befehle", "Commands")))
        if ctx.parent is None:
            codes = [(str(code), t(lang, de, en)) for code, (de, en) in EXIT_CODES.items()]
            console.print(_panel(codes, t(lang, "Rückgabewerte", "Exit codes")))
            console.print(t(lang, f"Hilfe zu einem Befehl: {ctx.command_path} BEFEHL --help",
                            f"Help on a command: {ctx.command_path} COMMAND --help"), highlight=False)


class Command(typer.core.TyperCommand):
    def format_help(self, ctx, formatter) -> None:
        print_help(ctx)


class Group(typer.core.TyperGroup):
    def format_help(self, ctx, formatter) -> None:
        print_help(ctx)


class Typer(typer.Typer):
    """``typer.Typer`` whose commands and sub-apps print their help through ``print_help``."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("cls", Group)
        kwargs.setdefault("add_completion", False)
        kwargs.setdefault("no_args_is_help", True)
        kwargs.setdefault("pretty_exceptions_enable", False)
        super().__init__(**kwargs)

    def command(self, *args: Any, **kwargs: Any):
        kwargs.setdefault("cls", Command)
        return super().command(*args, **kwargs)


# --------------------------------------------------------------------------- usage errors

def _kind(exc: BaseException) -> set[str]:
    """The Click exception classes ``exc`` belongs to, by name (Typer ships its own copy of Click)."""
    return {cls.__name__ for cls in type(exc).__mro__}


def is_usage_error(exc: BaseException) -> bool:
    return "UsageError" in _kind(exc)


def is_no_args_help(exc: BaseException) -> bool:
    return "NoArgsIsHelpError" in _kind(exc)


_VALUE_PATTERNS = (
    (re.compile(r"^Input should be a valid integer.*$"),
     "bitte eine ganze Zahl angeben.", "please give a whole number."),
    (re.compile(r"^(?:Value )?'?(.*?)'? is not a valid (?:integer|int)\.?$"),
     "„{0}“ ist keine ganze Zahl.", "“{0}” is not a whole number."),
    (re.compile(r"^(?:Value )?'?(.*?)'? is not a valid (?:float|number)\.?$"),
     "„{0}“ ist keine Zahl.", "“{0}” is not a number."),
)
_MESSAGE_PATTERNS = (
    (re.compile(r"^Got unexpected extra arguments? \((.*)\)$"),
     "Zu viele Angaben: {0}", "Unexpected extra arguments: {0}"),
    (re.compile(r"^No such command '(.*?)'\.?(?: Did you mean (.*)\?)?$"),
     "Einen Befehl „{0}“ gibt es nicht.", "There is no command “{0}”."),
    (re.compile(r"^Missing command\.?$"), "Bitte einen Befehl angeben.", "Please name a command."),
    (re.compile(r"^Option '?(--?[\w-]+)'? requires an argument\.?$"),
     "Die Option {0} braucht einen Wert.", "The option {0} needs a value."),
    (re.compile(r"^Option '?(--?[\w-]+)'? does not take a value\.?$"),
     "Die Option {0} nimmt keinen Wert.", "The option {0} takes no value."),
)


def _translate(message: str, patterns, lang: str) -> str | None:
    for pattern, de, en in patterns:
        match = pattern.match(message.strip())
        if match:
            return t(lang, de, en).format(*(g or "" for g in match.groups()))
    return None


def usage_message(exc: Any, lang: str) -> str:
    """One plain sentence for a Click usage error."""
    kinds = _kind(exc)
    param = getattr(exc, "param", None)
    if "MissingParameter" in kinds and param is not None:
        if _is_option(param):
            name = "/".join(param.opts)
            return t(lang, f"Die Option {name} fehlt.", f"The option {name} is missing.")
        name = _metavar(param, lang)
        return t(lang, f"Es fehlt die Angabe {name}.", f"{name} is missing.")
    if "NoSuchOption" in kinds:
        name = getattr(exc, "option_name", "")
        guesses = [g for g in (getattr(exc, "possibilities", None) or []) if g]
        text = t(lang, f"Die Option {name} gibt es nicht.", f"There is no option {name}.")
        if guesses:
            text += t(lang, f" Meinten Sie {', '.join(guesses)}?", f" Did you mean {', '.join(guesses)}?")
        return text
    message = exc.format_message() if hasattr(exc, "format_message") else str(exc)
    if "BadParameter" in kinds:
        inner = str(getattr(exc, "message", "") or message)
        hint = getattr(exc, "param_hint", None) or (
            "/".join(param.opts) if param is not None and _is_option(param) else
            _metavar(param, lang) if param is not None else "")
        if isinstance(hint, (list, tuple)):
            hint = "/".join(hint)
        hint = str(hint).strip("'")
        value = _translate(inner, _VALUE_PATTERNS, lang) or inner
        return t(lang, f"Ungültiger Wert für {hint}: {value}", f"Invalid value for {hint}: {value}")
    return _translate(message, _MESSAGE_PATTERNS, lang) or message


def print_usage_error(exc: Any, lang: str, console: Console) -> None:
    """The sentence, the usage line and where to find help: what a user needs to try again."""
    console.print(f"{t(lang, 'Fehler', 'Error')}: {usage_message(exc, lang)}", markup=False, highlight=False)
    ctx = getattr(exc, "ctx", None)
    if ctx is not None:
        console.print(f"{t(lang, 'Aufruf', 'Usage')}: {usage_line(ctx, lang)}", markup=False, highlight=False)
        console.print(t(lang, f"Hilfe: {ctx.command_path} --help", f"Help: {ctx.command_path} --help"),
                      markup=False, highlight=False)
