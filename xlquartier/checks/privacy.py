"""Privacy (DSGVO): contact data kept lawfully, and logos used only with permission.

A neighbourhood office stores names, emails and phone numbers of many people on the
basis of consent or of its public task; consent must be documented and data reviewed for
deletion on time, a withdrawn consent ends sharing, and copies beside the workbook
(backups, export records) are kept no longer than the retention setting. Partners' logos
appear in minutes and flyers only once released.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

from ..privacy.retention import backups, older_than
from ..schema import OTHER_SHEETS, normalize_header, sheet_name
from ..sharing.store import records
from ..texts import format_date, plural, t
from ..workbook.tables import Book
from .cells import finding_at, label, quoted
from .finding import Finding

CONSENT = "Einwilligung"
RELEASED = "ja"


def consent_missing(book: Book, today: dt.date) -> Iterator[Finding]:
    """Consent as the legal basis, but no date on which it was given."""
    for person in book.rows("people"):
        if person["legal_basis"] != CONSENT or person["consent_date"] is not None or "consent_date" in person.issues:
            continue  # an unreadable date is the entry checks' finding
        yield finding_at(book, "people", person, "consent_date", "consent-missing", "warning", t(
            book.lang,
            f"Für {label(book, 'people', person)} ist Einwilligung als Rechtsgrundlage eingetragen, aber kein "
            f"Datum der Einwilligung — das Datum eintragen oder die Einwilligung einholen.",
            f"Consent is the legal basis for {label(book, 'people', person)}, but no consent date is "
            f"entered — enter the date or obtain consent."))


def deletion_review_due(book: Book, today: dt.date) -> Iterator[Finding]:
    """The date to review whether a person's data may still be kept has passed."""
    for person in book.rows("people"):
        review = person["deletion_review"]
        if review is None or review >= today:
            continue
        yield finding_at(book, "people", person, "deletion_review", "deletion-review-due", "warning", t(
            book.lang,
            f"Die Löschprüfung für {label(book, 'people', person)} war am {format_date(review, 'de')} fällig — "
            f"prüfen, ob die Daten noch gebraucht werden: wenn nicht, löschen; wenn ja, ein neues Prüfdatum eintragen.",
            f"The deletion review for {label(book, 'people', person)} was due on {format_date(review, 'en')} — "
            f"check whether the data is still needed: if not, delete it; if so, enter a new review date."))


def logo_not_released(book: Book, today: dt.date) -> Iterator[Finding]:
    """A logo file named without a release: documents leave it out."""
    for partner in book.rows("partners"):
        if not partner["logo_file"] or partner["logo_release"] == RELEASED:
            continue
        yield finding_at(book, "partners", partner, "logo_release", "logo-not-released", "warning", t(
            book.lang,
            f"Das Logo von {label(book, 'partners', partner)} ({partner['logo_file']}) ist nicht freigegeben "
            f"und fehlt deshalb in Protokollen und Flyern — die Freigabe beim Partner einholen und „ja“ eintragen.",
            f"The logo of {label(book, 'partners', partner)} ({partner['logo_file']}) is not released, so "
            f"minutes and flyers leave it out — ask the partner for permission and enter “yes”."))


def _files(folder: Path) -> set[str]:
    """File names in the logo folder, case-insensitive as on Windows."""
    return {p.name.casefold() for p in folder.iterdir() if p.is_file()} if folder.is_dir() else set()


def logo_missing(book: Book, today: dt.date) -> Iterator[Finding]:
    """A released logo whose file is not in the logo folder (a live book without a path has none)."""
    folder = book.logo_dir
    if folder is None:
        return
    present = _files(folder)
    shown = str(book.setting("logo_folder"))  # as the setting says (beside the workbook): no machine path
    for partner in book.rows("partners"):
        name = partner["logo_file"]
        if not name or partner["logo_release"] != RELEASED or Path(name).name.casefold() in present:
            continue
        yield finding_at(book, "partners", partner, "logo_file", "logo-missing", "warning", t(
            book.lang,
            f"Die Logo-Datei {quoted(name, 'de')} von {label(book, 'partners', partner)} fehlt im Logo-Ordner "
            f"{quoted(shown, 'de')} — die Datei dort ablegen oder den Namen korrigieren.",
            f"The logo file {quoted(name, 'en')} of {label(book, 'partners', partner)} is not in the logo "
            f"folder {quoted(shown, 'en')} — put the file there or correct the name."))


def consent_withdrawn_shared(book: Book, today: dt.date) -> Iterator[Finding]:
    """Consent withdrawn (the date has come) but the person is still shared, or consent is still the basis."""
    for person in book.rows("people"):
        withdrawn = person["consent_withdrawn"]
        if withdrawn is None or withdrawn > today:
            continue
        shared, on_consent = person["share"] == "ja", person["legal_basis"] == CONSENT
        if not (shared or on_consent):
            continue
        column = "share" if shared else "legal_basis"
        what_de = "noch „Weitergabe an Partner: ja“" if shared else "noch Einwilligung als Rechtsgrundlage"
        what_en = "still “Share with partners: yes”" if shared else "consent still as the legal basis"
        yield finding_at(book, "people", person, column, "consent-withdrawn-shared", "error", t(
            book.lang,
            f"{label(book, 'people', person)} hat die Einwilligung am {format_date(withdrawn, 'de')} widerrufen, "
            f"hat aber {what_de} — „nein“ eintragen und die Daten löschen, soweit keine andere Rechtsgrundlage "
            f"trägt (xlquartier privacy erase).",
            f"{label(book, 'people', person)} withdrew consent on {format_date(withdrawn, 'en')} but has "
            f"{what_en} — enter “no” and erase the data unless another legal basis applies (xlquartier privacy "
            f"erase)."))


def retention_exceeded(book: Book, today: dt.date) -> Iterator[Finding]:
    """Backups or export records beside the workbook older than the retention setting."""
    if book.path is None:
        return
    days = book.whole("retention_days")
    old_backups = older_than(backups(book.path), days, today)
    old_records = older_than(records(book.path), days, today)
    if not old_backups and not old_records:
        return
    lang = book.lang
    counts = [plural(lang, len(old_backups), ("Sicherung", "Sicherungen"), ("backup", "backups"))] * bool(old_backups)
    counts += [plural(lang, len(old_records), ("Exportprotokoll", "Exportprotokolle"),
                      ("export record", "export records"))] * bool(old_records)
    found = t(lang, " und ", " and ").join(counts)
    one = len(old_backups) + len(old_records) == 1
    settings = next((n for n in book.sheet_names if normalize_header(n) in
                     {normalize_header(x) for x in OTHER_SHEETS["settings"]}), sheet_name("settings", lang))
    row = book.setting_rows.get("retention_days")
    yield Finding("retention-exceeded", "warning", settings, row, t(lang, "Wert", "Value"), t(
        lang,
        f"{found} neben der Arbeitsmappe {'ist' if one else 'sind'} älter als {days} Tage (Aufbewahrungsfrist) "
        f"und {'enthält' if one else 'enthalten'} personenbezogene Daten — beim nächsten Schreiben (check --write, "
        f"share import) {'wird sie' if one else 'werden sie'} gelöscht.",
        f"{found} beside the workbook {'is' if one else 'are'} older than {days} days (the retention period) "
        f"and {'holds' if one else 'hold'} personal data — the next write (check --write, share import) deletes "
        f"{'it' if one else 'them'}."), f"B{row}" if row else None)


CHECKS = (consent_missing, deletion_review_due, logo_not_released, logo_missing, consent_withdrawn_shared,
          retention_exceeded)
