"""Privacy (DSGVO): contact data kept lawfully, and logos used only with permission.

A neighbourhood office stores names, emails and phone numbers of many people on the
basis of consent or of its public task; consent must be documented and data reviewed for
deletion on time. Partners' logos appear in minutes and flyers only once released.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

from ..texts import format_date, t
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


CHECKS = (consent_missing, deletion_review_due, logo_not_released, logo_missing)
