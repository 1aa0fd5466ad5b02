"""``xlquartier demo``: write the demo neighbourhood and run every feature on it.

The demo is the README's "run the main job" command: a manager (or a reviewer) sees in one
go what the tool makes of a realistic network. It grows as features land: each feature is
one step in ``run_demo``.
"""

from __future__ import annotations

import colorsys
import hashlib
from collections import Counter
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont
from rich.console import Console

from .checks.run import run_check
from .demo_data import DEMO_TODAY, SETTINGS, demo_rows
from .documents import run_invitations, write_agreements, write_contacts, write_minutes
from .documents.benefit import write_benefit
from .documents.flyer import write_flyer
from .documents.press import write_press_contacts
from .errors import UserError
from .excel.desktop import prepare_desktop
from .report.annual import write_report
from .report.calendar import write_calendar
from .report.network import write_network
from .sharing.export import export_partner
from .texts import plural, t
from .workbook.build import build_workbook
from .workbook.read import read_book

__all__ = ["DEMO_TODAY", "run_demo", "write_demo_book"]

# Python identifiers, so xlwings' "Run main" finds the module of the same name.
BOOK_NAME = {"de": "Netzwerk_Lindenhof.xlsx", "en": "Network_Lindenhof.xlsx"}


def _font(size: int) -> ImageFont.ImageFont:
    for name in ("DejaVuSans-Bold.ttf", "LiberationSans-Bold.ttf"):
        try:
            return ImageFont.truetype(name, size)
        except OSError:
            continue
    return ImageFont.load_default()


LOGO_SIZE = (440, 160)
TEXT_LEFT, TEXT_RIGHT = 168, 428  # the name's column beside the badge, with a margin on the right


def _name_lines(text: str) -> tuple[list[str], int]:
    """The name in at most three lines, in the largest font in which every line fits the column.

    Words are never cut: a name too long for two lines at a size gets three, then a smaller size.
    """
    width = TEXT_RIGHT - TEXT_LEFT
    words = text.split()
    for size in (26, 23, 20, 18, 16, 14):
        font = _font(size)
        lines: list[str] = []
        for word in words:
            joined = f"{lines[-1]} {word}" if lines else word
            if lines and font.getlength(joined) <= width:
                lines[-1] = joined
            else:
                lines.append(word)
        if len(lines) <= (2 if size > 20 else 3) and all(font.getlength(line) <= width for line in lines):
            return lines, size
    return lines, size


def _logo(path: Path, text: str, subtitle: str = "") -> None:
    """A simple generated logo: a coloured badge with the initials and the whole name, deterministic per name."""
    digest = hashlib.sha256(text.encode()).digest()
    r, g, b = colorsys.hls_to_rgb(digest[0] / 255, 0.38, 0.55)
    colour = (int(r * 255), int(g * 255), int(b * 255))
    img = Image.new("RGBA", LOGO_SIZE, (255, 255, 255, 0))
    draw = ImageDraw.Draw(img)
    draw.rounded_rectangle((4, 4, 152, 152), radius=28, fill=colour)
    initials = "".join(w[0] for w in text.replace("-", " ").split() if w[0].isalnum())[:3].upper()
    size = next((n for n in (58, 50, 44) if _font(n).getlength(initials) <= 128), 38)  # inside the badge
    draw.text((78, 80), initials, font=_font(size), fill="white", anchor="mm")
    lines, size = _name_lines(text)
    font, step = _font(size), size + 10
    top = (76 if subtitle else 80) - step * (len(lines) - 1) / 2  # centred beside the badge
    for i, line in enumerate(lines):
        draw.text((TEXT_LEFT, top + i * step), line, font=font, fill=colour, anchor="lm")
    if subtitle:
        draw.text((TEXT_LEFT, 130), subtitle, font=_font(16), fill=(90, 90, 90), anchor="lm")
    img.save(path, optimize=True)


def write_demo_book(directory: str | Path, lang: str = "de", overwrite: bool = True) -> Path:
    """Write the demo workbook and its logo folder into ``directory``; returns the workbook path.

    With ``overwrite=False`` a demo workbook already there is refused: it may hold edits.
    """
    directory = Path(directory)
    target = directory / BOOK_NAME[lang]
    if target.exists() and not overwrite:
        raise UserError(f"{target} gibt es schon (vielleicht mit Ihren Änderungen); mit --force wird die Demo "
                        "neu geschrieben, sonst bitte einen anderen Ordner angeben.",
                        f"{target} already exists (perhaps with your edits); use --force to write the demo "
                        "again, or give another folder.")
    logos = directory / "logos"
    logos.mkdir(parents=True, exist_ok=True)
    rows = demo_rows()
    for partner in rows["partners"]:
        # One released logo is missing on purpose (a planted problem for the checks).
        if partner.get("logo_file") and partner["short_name"] != "Repair-Café":
            _logo(logos / partner["logo_file"], partner["short_name"] or partner["name"])
    _logo(logos / SETTINGS["network_logo"], "Netzwerk Lindenhof", "gemeinsam im Quartier")
    return build_workbook(target, lang, data=rows, settings=SETTINGS)


# What one row of each sheet is called when the demo counts them ("1 Kontakt", "253 Kontakte").
ROW_NOUNS: dict[str, tuple[tuple[str, str], tuple[str, str]]] = {
    "partners": (("Partner", "Partner"), ("partner", "partners")),
    "people": (("Person", "Personen"), ("person", "people")),
    "structures": (("Struktur", "Strukturen"), ("structure", "structures")),
    "meetings": (("Treffen", "Treffen"), ("meeting", "meetings")),
    "tasks": (("Aufgabe", "Aufgaben"), ("task", "tasks")),
    "agreements": (("Vereinbarung", "Vereinbarungen"), ("agreement", "agreements")),
    "topics": (("Jahresthema", "Jahresthemen"), ("annual topic", "annual topics")),
    "events": (("Veranstaltung", "Veranstaltungen"), ("event", "events")),
    "offers": (("Angebot", "Angebote"), ("offer", "offers")),
    "contacts": (("Kontakt", "Kontakte"), ("contact", "contacts")),
    "concerns": (("Anliegen", "Anliegen"), ("concern", "concerns")),
}


def run_demo(directory: str | Path, lang: str = "de", console: Console | None = None,
             overwrite: bool = False) -> Path:
    """Write the demo and run every feature on it, printing one line per step.

    A demo workbook already in ``directory`` is refused unless ``overwrite``: it may hold edits.
    """
    console = console or Console()
    directory = Path(directory)
    book_path = write_demo_book(directory, lang, overwrite=overwrite)
    book = read_book(book_path)
    counts = ", ".join(plural(lang, len(book.rows(k)), *ROW_NOUNS[k]) for k in book.tables if k in ROW_NOUNS)
    say = console.print
    say(t(lang, f"[bold]Demo-Quartier Lindenhof[/] in {directory}/",
          f"[bold]Demo neighbourhood Lindenhof[/] in {directory}/"))
    say(t(lang, f"  Arbeitsmappe: {book_path.name} ({counts})", f"  Workbook: {book_path.name} ({counts})"))

    checked = run_check(book_path, DEMO_TODAY, write=True)
    found = Counter(f.code for f in checked.findings)
    findings = plural(lang, len(checked.findings), ("Befund", "Befunde"), ("finding", "findings"))
    say(t(lang, f"  Prüfung (check --write): {findings} im Blatt „Prüfung“, Zellen markiert: ",
          f"  Check (check --write): {findings} in the “Check” sheet, cells marked: ")
        + ", ".join(f"{n} {code}" for code, n in found.most_common()), highlight=False)

    book = read_book(book_path)  # with the IDs the check assigned
    docs = [write_minutes(book, today=DEMO_TODAY), write_agreements(book, today=DEMO_TODAY),
            write_contacts(book, today=DEMO_TODAY)]
    notes = sum(len(d.notices) for d in docs)
    minutes = plural(lang, len(docs[0].written), ("Protokoll", "Protokolle"), ("set of minutes", "sets of minutes"))
    agreements = plural(lang, len(docs[1].written), ("Vereinbarung", "Vereinbarungen"), ("agreement", "agreements"))
    notes = plural(lang, notes, ("Hinweis", "Hinweise"), ("note", "notes"))
    say(t(lang, f"  Word: {minutes}, {agreements}, Kontaktliste ({notes})",
          f"  Word: {minutes}, {agreements}, contact list ({notes})"))

    invited = run_invitations(book_path, today=DEMO_TODAY)
    say(t(lang, f"  Einladungen (Word, Kalender, E-Mail-Entwurf): {len(invited.written)}, „Eingeladen am“ "
                f"eingetragen",
          f"  Invitations (Word, calendar, email draft): {len(invited.written)}, “Invited on” filled in"))

    relations = [write_benefit(book, today=DEMO_TODAY), write_flyer(book, today=DEMO_TODAY),
                 write_press_contacts(book, today=DEMO_TODAY)]
    say(t(lang, f"  Nutzenberichte: {len(relations[0].written)}, Flyer: {relations[1].written[0].name}, "
                f"Pressekontakte: {relations[2].written[0].name}",
          f"  Benefit statements: {len(relations[0].written)}, flyer: {relations[1].written[0].name}, "
          f"press contacts: {relations[2].written[0].name}"))

    partner = next(p for p in book.rows("partners") if p["status"] == "aktiv")
    view = export_partner(book_path, partner.id, today=DEMO_TODAY)
    say(t(lang, f"  Partneransicht für {partner['name']}: {view.name}",
          f"  Partner view for {partner['name']}: {view.name}"))

    made = [write_report([book_path], today=DEMO_TODAY), write_calendar(book_path),
            write_network(book_path, kumu=directory / "Kumu.xlsx", today=DEMO_TODAY),
            write_network(book_path, today=DEMO_TODAY, events=True)]
    names = ", ".join(p.name for done in made for p in done.paths)
    say(t(lang, f"  Jahresbericht, Kalender, Netzwerkkarte, Kumu: {names}",
          f"  Annual report, calendar, network map, Kumu: {names}"))

    excel = ", ".join(p.name for p in prepare_desktop(book_path).written)
    say(t(lang, f"  Excel (xlwings-Add-in): {excel}", f"  Excel (xlwings add-in): {excel}"))
    return book_path
