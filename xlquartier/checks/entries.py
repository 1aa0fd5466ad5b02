"""Entry checks: is every cell what its column says it holds?

These are the checks a manager meets first: empty required cells, values not in their
list, dates typed as text, references to partners that do not exist. Each finding names
the value and says what to do, in the workbook's language. The reader has already parsed
every cell and recorded what it had to forgive (``row.issues``); the checks report those
codes and never parse a cell a second time.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator

from ..schema import DATA_SHEETS, Column, Kind, normalize_header, sheet_name, translate
from ..texts import format_date
from ..texts import t as _t
from ..workbook.tables import Book, Match, Row, Table, person_name
from .finding import Finding, Severity
from .similarity import WRatio, extract, ratio

_EMAIL = re.compile(r"^[A-Za-z0-9._%+\-']+@[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?"
                    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,}$")
_POSTCODE = re.compile(r"^\d{5}$")


def valid_email(value: object) -> bool:
    """Whether ``value`` passes the ``bad-email`` check (documents leave other addresses out)."""
    return bool(_EMAIL.match(str(value).strip()))

_PHONE_MIN_DIGITS = 6
_SUGGESTIONS = 3
_SUGGEST_CUTOFF = 60
_SUGGEST_TEXT = 120  # fuzzy matching cost grows with length; a longer cell is no name anyway

# Severity of each parse issue the reader records.
_ISSUE_SEVERITY: dict[str, Severity] = {
    "excel-error": "error", "bad-date": "error", "date-as-text": "warning", "bad-number": "error"}


def _finding(book: Book, table: Table, row: Row | None, key: str | None, code: str,
             severity: Severity, de: str, en: str) -> Finding:
    """A finding at the cell of ``key`` in ``row`` (or at the column or the sheet)."""
    pos = table.columns.get(key) if key else None
    column = pos.header if pos else (table.spec.column(key).header(book.lang) if key else None)
    number = row.number if row else None
    cell = table.cell(row.number, key) if row and key and pos else None
    return Finding(code, severity, table.name, number, column, _t(book.lang, de, en), cell)


def _shown(value: object, lang: str) -> str:
    """A cell value as the message quotes it."""
    if isinstance(value, dt.date):
        return format_date(value, lang)
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    text = str(value)
    return text if len(text) <= 60 else text[:57] + "…"


def _quote(text: object, lang: str) -> str:
    return f"„{_shown(text, lang)}“" if lang == "de" else f"“{_shown(text, lang)}”"


def _present(row: Row, key: str) -> bool:
    return key in row.values or key in row.issues


# --------------------------------------------------------------------------- sheets, columns

def _version(text: str | None) -> int:
    try:
        return int(str(text or "1").split(".")[0])
    except ValueError:
        return 1


def check_structure(book: Book, today: dt.date) -> Iterator[Finding]:
    """``missing-sheet``, ``missing-column``, and ``schema-outdated`` for a book older than a sheet."""
    version = _version(book.schema_version)
    newer = [key for key in book.missing_sheets if _version(DATA_SHEETS[key].since) > version]
    file_name = book.path.name if book.path else _t(book.lang, "MAPPE.xlsx", "BOOK.xlsx")
    if newer:
        listed = ", ".join(sheet_name(key, book.lang) for key in newer)
        yield Finding("schema-outdated", "hint", None, None, None, _t(
            book.lang,
            f"Die Arbeitsmappe hat Schemaversion {version}; „xlquartier upgrade {file_name}“ ergänzt die "
            f"neuen Blätter ({listed}), Spalten und Einstellungen, ohne Ihre Daten zu ändern.",
            f"The workbook has schema version {version}; “xlquartier upgrade {file_name}” adds the new "
            f"sheets ({listed}), columns and settings without changing your data."))
    for key in book.missing_sheets:
        if key in newer:
            continue
        name = sheet_name(key, book.lang)
        yield Finding("missing-sheet", "error", name, None, None, _t(
            book.lang,
            f"Das Blatt „{name}“ fehlt. „xlquartier upgrade {file_name}“ legt es mit seiner Kopfzeile "
            "wieder an.",
            f"The sheet “{name}” is missing. “xlquartier upgrade {file_name}” adds it again with its "
            "header row."))
    for table in book.tables.values():
        for column in table.spec.columns:
            if (column.required or column.required_for_task) and column.key not in table.columns:
                header = column.header(book.lang)
                yield _finding(book, table, None, column.key, "missing-column", "error",
                               f"Die Spalte „{header}“ fehlt auf dem Blatt „{table.name}“. Bitte die "
                               "Spalte mit genau dieser Überschrift ergänzen.",
                               f"The column “{header}” is missing on the sheet “{table.name}”. "
                               "Please add a column with exactly this header.")


# --------------------------------------------------------------------------- cells

def _issue_text(code: str, column: Column, raw: object, lang: str) -> tuple[str, str]:
    value = _quote(raw, lang)
    if code == "excel-error":
        return (f"Die Zelle enthält den Excel-Fehler {value}. Bitte die Formel prüfen oder den "
                "Wert von Hand eintragen.",
                f"The cell holds the Excel error {value}. Please fix the formula or type the value.")
    if code == "bad-number":
        return (f"{value} ist keine ganze Zahl. Bitte nur eine Zahl ohne Text eintragen, z. B. 12.",
                f"{value} is not a whole number. Please enter a number only, e.g. 12.")
    if column.kind is Kind.TIME:
        if code == "date-as-text":
            return (f"Die Uhrzeit {value} ist als Text eingetragen. Bitte als Uhrzeit eingeben "
                    "(z. B. 17:30), damit Excel damit rechnen kann.",
                    f"The time {value} is typed as text. Please enter it as a time (e.g. 17:30) "
                    "so Excel can work with it.")
        return (f"{value} ist keine Uhrzeit. Bitte eine Uhrzeit wie 17:30 eintragen.",
                f"{value} is not a time. Please enter a time such as 17:30.")
    if code == "date-as-text":
        return (f"Das Datum {value} ist als Text eingetragen. Bitte als echtes Datum eingeben "
                "(z. B. 03.12.2026), damit Excel damit rechnen kann.",
                f"The date {value} is typed as text. Please enter it as a real date "
                "(e.g. 2026-12-03) so Excel can work with it.")
    return (f"{value} ist kein Datum. Bitte ein Datum wie 03.12.2026 eintragen.",
            f"{value} is not a date. Please enter a date such as 2026-12-03.")


def _closest(value: str, allowed: list[str], lang: str, list_key: str) -> str:
    labels = [translate(list_key, v, lang) for v in allowed]
    best = extract(value[:_SUGGEST_TEXT], labels, scorer=WRatio, limit=_SUGGESTIONS, processor=str.casefold)
    return ", ".join(_quote(label, lang) for label, _, _ in best)


def _list_findings(book: Book, table: Table, row: Row, column: Column,
                   allowed: dict[str, set[str]]) -> Iterator[Finding]:
    list_key = column.list or ""
    if list_key not in allowed:
        allowed[list_key] = {normalize_header(v) for v in book.list_values(list_key)}
    values = row.values[column.key]
    for value in values if isinstance(values, list) else [values]:
        if normalize_header(value) in allowed[list_key]:
            continue
        shown = _quote(value, book.lang)
        closest = _closest(value, book.list_values(list_key), book.lang, list_key)
        list_name = _t(book.lang, "Listen", "Lists")
        yield _finding(book, table, row, column.key, "not-in-list", "error",
                       f"{shown} steht nicht in der Liste. Am nächsten kommen: {closest}. Bitte einen "
                       f"Wert aus der Liste wählen oder ihn auf dem Blatt „{list_name}“ ergänzen.",
                       f"{shown} is not in the list. Closest: {closest}. Please pick a value from the "
                       f"list or add it on the sheet “{list_name}”.")


def _format_finding(book: Book, table: Table, row: Row, column: Column) -> Finding | None:
    """``bad-email``, ``bad-phone``, ``bad-postcode`` and negative whole numbers."""
    value = row.values[column.key]
    shown = _quote(value, book.lang)
    if column.kind is Kind.EMAIL and not _EMAIL.match(str(value)):
        return _finding(book, table, row, column.key, "bad-email", "error",
                        f"{shown} ist keine E-Mail-Adresse. Bitte eine Adresse wie name@beispiel.de "
                        "eintragen (nur eine je Zelle).",
                        f"{shown} is not an email address. Please enter one address such as "
                        "name@example.org.")
    if column.kind is Kind.PHONE:
        text = str(value)
        digits = sum(ch.isdigit() for ch in text)
        if any(ch.isalpha() for ch in text) or digits < _PHONE_MIN_DIGITS:
            return _finding(book, table, row, column.key, "bad-phone", "warning",
                            f"Die Telefonnummer {shown} enthält Buchstaben oder zu wenige Ziffern. "
                            "Bitte nur die Nummer mit Vorwahl eintragen, z. B. 030 1234567.",
                            f"The phone number {shown} has letters or too few digits. Please enter "
                            "just the number with its area code, e.g. 030 1234567.")
    if column.kind is Kind.POSTCODE and not _POSTCODE.match(str(value)):
        return _finding(book, table, row, column.key, "bad-postcode", "warning",
                        f"Die Postleitzahl {shown} hat nicht 5 Ziffern. Bitte prüfen; bei führender "
                        "Null die Zelle als Text formatieren (z. B. 01067).",
                        f"The postcode {shown} does not have 5 digits. Please check it; for a leading "
                        "zero, format the cell as text (e.g. 01067).")
    if column.kind is Kind.INT and isinstance(value, int) and value < 0:
        return _finding(book, table, row, column.key, "bad-number", "error",
                        f"{shown} ist negativ. Bitte eine ganze Zahl ab 0 eintragen.",
                        f"{shown} is negative. Please enter a whole number of 0 or more.")
    return None


_FORMAT_KINDS = {Kind.EMAIL, Kind.PHONE, Kind.POSTCODE, Kind.INT}


def check_cells(book: Book, today: dt.date) -> Iterator[Finding]:
    """Parse issues, ``required``, ``not-in-list`` and the formats of single cells."""
    allowed: dict[str, set[str]] = {}
    for table in book.tables.values():
        present = [table.spec.column(key) for key in table.columns]
        required = [c for c in present if c.required]
        for_task = [c for c in present if c.required_for_task]
        lists = [c for c in present if c.list]
        formats = [c for c in present if c.kind in _FORMAT_KINDS]
        for row in table.rows:
            for key, code in row.issues.items():
                de, en = _issue_text(code, table.spec.column(key), row.raw.get(key), book.lang)
                yield _finding(book, table, row, key, code, _ISSUE_SEVERITY.get(code, "error"), de, en)
            missing = [c for c in required if not _present(row, c.key)]
            if row["kind"] == "Aufgabe":
                missing += [c for c in for_task if not _present(row, c.key)]
            for column in missing:
                yield _required(book, table, row, column)
            for column in lists:
                if column.key in row.values:
                    yield from _list_findings(book, table, row, column, allowed)
            for column in formats:
                if column.key in row.values and (found := _format_finding(book, table, row, column)):
                    yield found
        if table.spec.key == "meetings":
            yield from _residents(book, table)


def _required(book: Book, table: Table, row: Row, column: Column) -> Finding:
    header = table.header(column.key, book.lang)
    if column.required_for_task:
        kind = translate("task_kind", "Aufgabe", book.lang)
        return _finding(book, table, row, column.key, "required", "error",
                        f"„{header}“ ist leer; bei Art „{kind}“ ist es Pflicht. Bitte ausfüllen "
                        "oder die Art ändern (Beschluss, Information).",
                        f"“{header}” is empty; it is required when the kind is “{kind}”. Please fill "
                        "it in or change the kind (Decision, Information).")
    return _finding(book, table, row, column.key, "required", "error",
                    f"„{header}“ ist ein Pflichtfeld und leer. Bitte ausfüllen.",
                    f"“{header}” is required and empty. Please fill it in.")


def _residents(book: Book, table: Table) -> Iterator[Finding]:
    for row in table.rows:
        headcount, residents = row["headcount"], row["residents"]
        if isinstance(headcount, int) and isinstance(residents, int) and residents > headcount:
            yield _finding(book, table, row, "residents", "bad-number", "error",
                           f"{residents} Bewohner*innen, aber nur {headcount} Teilnehmende insgesamt. "
                           "Bitte eine der beiden Zahlen korrigieren.",
                           f"{residents} residents but only {headcount} attendees in all. Please "
                           "correct one of the two numbers.")


# --------------------------------------------------------------------------- IDs

def check_ids(book: Book, today: dt.date) -> Iterator[Finding]:
    """``duplicate-id``: both rows get a finding that names the other."""
    for table in book.tables.values():
        seen: dict[str, list[Row]] = {}
        for row in table.rows:
            if row.id:
                seen.setdefault(" ".join(row.id.split()).casefold(), []).append(row)
        for rows in seen.values():
            if len(rows) < 2:
                continue
            for row in rows:
                others = ", ".join(str(o.number) for o in rows if o is not row)
                shown = _quote(row.id, book.lang)
                yield _finding(book, table, row, "id", "duplicate-id", "error",
                               f"Die ID {shown} kommt mehrfach vor (auch in Zeile {others}). Bitte "
                               "eine der Zeilen umbenennen oder die ID leeren: leere IDs vergibt "
                               "die Prüfung neu.",
                               f"The ID {shown} is used more than once (also in row {others}). Please "
                               "rename one of them or clear the ID: the check assigns empty IDs.")


# --------------------------------------------------------------------------- references

def _label(sheet: str, row: Row, lang: str) -> str:
    """How a referenced row is named in a message: its ID and a readable name."""
    name = {"partners": row["name"] or row["short_name"], "people": person_name(row),
            "structures": row["name"], "topics": row["title"], "events": row["title"],
            "offers": row["title"]}.get(sheet)
    if sheet == "meetings" and row["date"]:
        name = format_date(row["date"], lang)
    if row.id and name:
        return f"{row.id} ({name})"
    return str(row.id or name or _t(lang, f"Zeile {row.number}", f"row {row.number}"))


class _Suggester:
    """The closest names of the rows a reference column may point at ("did you mean …?")."""

    def __init__(self, book: Book):
        self.book = book
        self._choices: dict[tuple[str, ...], tuple[list[str], list[tuple[str, Row]]]] = {}

    def __call__(self, column: Column, text: str) -> list[str]:
        if column.ref not in self._choices:
            names: list[str] = []
            owners: list[tuple[str, Row]] = []
            for sheet in column.ref:
                for name, rows in self.book.name_index(sheet).items():
                    names.append(name)
                    owners.append((sheet, rows[0]))
            self._choices[column.ref] = (names, owners)
        names, owners = self._choices[column.ref]
        found: list[str] = []
        for _name, _score, index in extract(text[:_SUGGEST_TEXT].casefold(), names, scorer=WRatio,
                                            limit=_SUGGESTIONS * 2, score_cutoff=_SUGGEST_CUTOFF):
            label = _label(*owners[index], self.book.lang)
            if label not in found:
                found.append(label)
        if column.qm and ratio(text.casefold(), self.book.qm.casefold()) >= _SUGGEST_CUTOFF:
            found.append(self.book.qm)
        return found[:_SUGGESTIONS]


def check_refs(book: Book, today: dt.date) -> Iterator[Finding]:
    """``unknown-ref`` (with "did you mean …?") and ``ambiguous-ref``."""
    suggest = _Suggester(book)
    resolved: dict[tuple[tuple[str, ...], bool, str], list[Match]] = {}  # the same names recur often
    for table in book.tables.values():
        columns = [table.spec.column(k) for k in table.columns
                   if table.spec.column(k).kind in (Kind.REF, Kind.MULTIREF)]
        for row in table.rows:
            for column in columns:
                value = row.values.get(column.key)
                if not value:
                    continue
                for text in value if isinstance(value, list) else [value]:
                    key = (column.ref, column.qm, text)
                    if key not in resolved:
                        resolved[key] = book.lookup(column, text)
                    if len(resolved[key]) != 1:
                        yield from _ref_findings(book, table, row, column, text, resolved[key], suggest)


def _ref_findings(book: Book, table: Table, row: Row, column: Column, text: str, matches: list[Match],
                  suggest: _Suggester) -> Iterable[Finding]:
    shown = _quote(text, book.lang)
    names = [DATA_SHEETS[s].name(book.lang) for s in column.ref]
    where_de = (f"auf dem Blatt „{names[0]}“" if len(names) == 1 else
                "auf den Blättern " + " und ".join(f"„{n}“" for n in names))
    where_en = (f"on the sheet “{names[0]}”" if len(names) == 1 else
                "on the sheets " + " or ".join(f"“{n}”" for n in names))
    if not matches:
        options = suggest(column, text)
        if options:
            hint_de = "Meinten Sie " + " oder ".join(_quote(o, "de") for o in options) + "?"
            hint_en = "Did you mean " + " or ".join(_quote(o, "en") for o in options) + "?"
        else:
            hint_de = hint_en = ""
        qm_de = f" (oder {book.qm})" if column.qm else ""
        qm_en = f" (or {book.qm})" if column.qm else ""
        return [_finding(book, table, row, column.key, "unknown-ref", "error",
                         f"{shown} gibt es {where_de} nicht. {hint_de} Bitte ID, Kurzname "
                         f"oder Namen wie dort eintragen{qm_de}.".replace("  ", " "),
                         f"{shown} does not exist {where_en}. {hint_en} Please enter its "
                         f"ID, short name or name as written there{qm_en}.".replace("  ", " "))]
    labels = ", ".join(_label(m.sheet, m.row, book.lang) for m in matches if m.row is not None)
    return [_finding(book, table, row, column.key, "ambiguous-ref", "error",
                     f"{shown} passt auf mehrere Einträge ({labels}). Bitte die ID eintragen.",
                     f"{shown} matches several rows ({labels}). Please enter the ID.")]


# --------------------------------------------------------------------------- dates, status

_DATE_PAIRS = {  # sheet -> (earlier, later) columns that must not be reversed
    "structures": ("start", "end"),
    "meetings": ("start", "end"),
    "events": ("start", "end"),
    "agreements": ("valid_from", "valid_until"),
}


def check_dates(book: Book, today: dt.date) -> Iterator[Finding]:
    """``date-order``: end before start; done before the meeting it came from."""
    for key, (first, second) in _DATE_PAIRS.items():
        table = book.tables.get(key)
        if table is None:
            continue
        for row in table.rows:
            start, end = row[first], row[second]
            if start is not None and end is not None and type(start) is type(end) and end < start:
                head_first, head_second = table.header(first, book.lang), table.header(second, book.lang)
                yield _finding(book, table, row, second, "date-order", "error",
                               f"„{head_second}“ ({_shown(end, 'de')}) liegt vor „{head_first}“ "
                               f"({_shown(start, 'de')}). Bitte die beiden Angaben prüfen.",
                               f"“{head_second}” ({_shown(end, 'en')}) is before “{head_first}” "
                               f"({_shown(start, 'en')}). Please check both.")
    tasks = book.tables.get("tasks")
    if tasks is None:
        return
    for row in tasks.rows:
        done = row["done_on"]
        meeting = book.ref("tasks", row, "meeting") if done and row["meeting"] else None
        if meeting is not None and meeting["date"] and done < meeting["date"]:
            when_de, when_en = _shown(meeting["date"], "de"), _shown(meeting["date"], "en")
            yield _finding(book, tasks, row, "done_on", "date-order", "error",
                           f"Erledigt am {_shown(done, 'de')}, aber vereinbart erst im Treffen "
                           f"{meeting.id} am {when_de}. Bitte das Datum oder das Treffen prüfen.",
                           f"Done on {_shown(done, 'en')}, but agreed only at meeting {meeting.id} "
                           f"on {when_en}. Please check the date or the meeting.")


def check_status(book: Book, today: dt.date) -> Iterator[Finding]:
    """``status-mismatch``: erledigt without a done date, or a done date on an open item."""
    table = book.tables.get("tasks")
    if table is None or "status" not in table.columns or "done_on" not in table.columns:
        return
    done_label = translate("task_status", "erledigt", book.lang)
    done_head = table.header("done_on", book.lang)
    for row in table.rows:
        status, done = row["status"], row["done_on"]
        if status == "erledigt" and not _present(row, "done_on"):
            yield _finding(book, table, row, "done_on", "status-mismatch", "warning",
                           f"Status „{done_label}“, aber kein Datum unter „{done_head}“. Bitte das "
                           "Datum nachtragen.",
                           f"Status “{done_label}” but no “{done_head}” date. Please add the date.")
        elif done is not None and status and status != "erledigt":
            shown = _quote(translate("task_status", status, book.lang), book.lang)
            yield _finding(book, table, row, "status", "status-mismatch", "warning",
                           f"Erledigt am {_shown(done, 'de')}, aber der Status ist {shown}. Bitte den "
                           f"Status auf „{done_label}“ setzen oder das Datum löschen.",
                           f"Done on {_shown(done, 'en')} but the status is {shown}. Please set the "
                           f"status to “{done_label}” or clear the date.")


CHECKS = (check_structure, check_cells, check_ids, check_refs, check_dates, check_status)
