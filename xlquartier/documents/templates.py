"""Which template file a document uses: the user's own copy first, then the shipped one.

Search order: ``--templates DIR``, a ``Vorlagen`` (or ``Templates``) folder beside the
workbook, the shipped templates. Each folder may hold the files directly or in ``de/``/``en/``.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import UserError
from ..resources import shipped

# document kind -> file name per language
TEMPLATE_FILES: dict[str, dict[str, str]] = {
    "minutes": {"de": "Protokoll.docx", "en": "Minutes.docx"},
    "agreement": {"de": "Kooperationsvereinbarung.docx", "en": "Cooperation-agreement.docx"},
    "loi": {"de": "Letter-of-Intent.docx", "en": "Letter-of-Intent.docx"},
    "contacts": {"de": "Kontaktliste.docx", "en": "Contact-list.docx"},
    "report": {"de": "Jahresbericht.docx", "en": "Annual-report.docx"},
    "invitation": {"de": "Einladung.docx", "en": "Invitation.docx"},
    "benefit": {"de": "Nutzenbericht.docx", "en": "Benefit-statement.docx"},
    "flyer": {"de": "Flyer.docx", "en": "Flyer.docx"},
    "press_contacts": {"de": "Pressekontakte.docx", "en": "Press-contacts.docx"},
    "press_release": {"de": "Pressemitteilung.docx", "en": "Press-release.docx"},
}
USER_FOLDERS = ("Vorlagen", "Templates")


def template_kind(path: Path) -> str | None:
    """The document kind a template file is for, by its name (either language)."""
    name = path.name.casefold()
    for kind, names in TEMPLATE_FILES.items():
        if name in (n.casefold() for n in names.values()):
            return kind
    return None


def find_template(kind: str, lang: str, book_path: Path | None = None,
                  templates: Path | None = None) -> Path:
    name = TEMPLATE_FILES[kind][lang]
    folders: list[Path] = []
    if templates is not None:
        if not templates.is_dir():
            raise UserError(f"Der Vorlagen-Ordner {templates} existiert nicht.",
                            f"The templates folder {templates} does not exist.")
        folders.append(templates)
    if book_path is not None:
        folders += [book_path.parent / folder for folder in USER_FOLDERS]
    folders.append(shipped("templates"))
    for folder in folders:
        for candidate in (folder / name, folder / lang / name):
            if candidate.is_file():
                return candidate
    raise UserError(f"Keine Vorlage {name} gefunden.", f"No template {name} found.")
