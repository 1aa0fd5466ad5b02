"""What the manager sees of the add-in: the ribbon tab, the task pane, their labels and icons.

One button per script xlwings Server serves, in the ribbon and in the task pane, labelled
in the server's language (``--lang``): the labels are the German and English halves of
each script's name (``@xw.script(name="Protokoll / Minutes")``), the explanations are
below. The manifest and the task pane templates (``project/templates``) read all of it
from the Jinja global ``xq``.
"""

from __future__ import annotations

from typing import Any

from ...texts import t
from .config import ServerConfig

ORDER = ("pruefen", "protokoll", "vereinbarungen", "kontaktliste", "jahresbericht", "partneransicht")
HELP = {
    "pruefen": ("Prüft die ganze Arbeitsmappe: Blatt „Prüfung“, markierte Zellen, fehlende IDs.",
                "Checks the whole workbook: the Check sheet, marked cells, missing IDs."),
    "protokoll": ("Protokoll des ausgewählten Treffens als Word-Datei (Zeile im Blatt „Treffen“ oder eine "
                  "seiner Aufgaben auswählen).",
                  "Minutes of the selected meeting as a Word file (select its row in the Meetings sheet or one "
                  "of its tasks)."),
    "vereinbarungen": ("Alle Vereinbarungen im Status „Entwurf“ als Word-Dateien.",
                       "Every agreement in status draft as a Word file."),
    "kontaktliste": ("Die Kontaktliste der aktiven Partner als Word-Datei (Personen nur mit Freigabe).",
                     "The contact list of the active partners as a Word file (people only with consent)."),
    "jahresbericht": ("Der Jahresbericht des laufenden Jahres als Word-Datei.",
                      "The annual report of the current year as a Word file."),
    "partneransicht": ("Die Sicht des ausgewählten Partners als eigene Arbeitsmappe zum Weitergeben (Zeile im "
                       "Blatt „Partner“ auswählen).",
                       "The selected partner's view as a workbook of its own to pass on (select its row in the "
                       "Partners sheet)."),
}
SELECTION = {"protokoll": ("ausgewähltes Treffen", "selected meeting"),
             "partneransicht": ("ausgewählter Partner", "selected partner")}
DOCUMENTS = frozenset({"protokoll", "vereinbarungen", "kontaktliste", "jahresbericht", "partneransicht"})
TEXTS = {
    "tab": ("xlquartier", "xlquartier"),
    "group": ("Netzwerk", "Network"),
    "taskpane": ("Aufgabenbereich", "Task pane"),
    "taskpane_help": ("Öffnet den Aufgabenbereich mit allen Knöpfen, den Dokumenten zum Herunterladen und den "
                      "Logos des Büros.",
                      "Opens the task pane with every button, the documents to download and the office's logos."),
    "description": ("Netzwerkarbeit im Quartiersmanagement: prüfen, Protokolle, Vereinbarungen, Kontaktliste, "
                    "Jahresbericht und Partneransichten aus der Arbeitsmappe.",
                    "Network work in neighbourhood management: checks, minutes, agreements, contact list, annual "
                    "report and partner views from the workbook."),
    "actions": ("Aktionen", "Actions"),
    "documents": ("Dokumente", "Documents"),
    "no_documents": ("Noch keine Dokumente in dieser Sitzung.", "No documents in this session yet."),
    "documents_note": ("Links gelten {link} Minuten; Dateien werden nach {keep} Minuten vom Server gelöscht.",
                       "Links work for {link} minutes; files are deleted from the server after {keep} minutes."),
    "logos": ("Logos des Büros", "The office's logos"),
    "logos_note": ("Die Logos gelten für alle Arbeitsmappen des Büros. In der Spalte „Logo-Datei“ nur den "
                   "Dateinamen eintragen, z. B. kita-sonnenschein.png; ein Ordner davor und die Einstellung "
                   "„Logo-Ordner“ zählen hier nicht.",
                   "The logos count for all of the office's workbooks. In the column “Logo file” enter just the "
                   "file name, e.g. kita-sonnenschein.png; a folder before it and the setting “Logo folder” do not "
                   "count here."),
    "no_logos": ("Noch keine Logos hochgeladen.", "No logos uploaded yet."),
    "upload": ("Logos hochladen (PNG oder JPEG)", "Upload logos (PNG or JPEG)"),
    "delete": ("Löschen", "Delete"),
    "sign_in": ("Anmelden", "Sign in"),
    "token": ("Zugangsschlüssel des Büros", "The office's access token"),
    "token_help": ("Den Schlüssel gibt die IT der Stadt; er wird nur auf diesem Gerät gespeichert.",
                   "The city's IT gives you the token; it is stored on this device only."),
    "sign_out": ("Abmelden", "Sign out"),
    "signed_in": ("Angemeldet", "Signed in"),
    "office": ("Büro", "Office"),
    "wrong_token": ("Der Zugangsschlüssel stimmt nicht.", "The access token is not right."),
    "working": ("Läuft …", "Working …"),
    "not_loaded": ("Das Add-in wurde nicht richtig geladen.", "The add-in did not load properly."),
    "reload": ("Neu laden", "Reload"),
    "cancel": ("Abbrechen", "Cancel"),
    "functions": ("Funktionen: =XQ.DUBLETTEN(…), =XQ.PARTNERLAST(…) und weitere, siehe Anleitung.",
                  "Functions: =XQ.DUPLICATES(…), =XQ.PARTNER_LOAD(…) and more, see the guide."),
}


def _label(script: Any, lang: str) -> str:
    name = script.__xlscript__.get("name") or script.__name__
    de, _, en = name.partition(" / ")
    return t(lang, de, en or de)


def buttons(scripts: dict[str, Any], lang: str) -> list[dict[str, str]]:
    """One button per served script, in the order a manager works; unknown scripts at the end."""
    names = [n for n in ORDER if n in scripts] + sorted(n for n in scripts if n not in ORDER)
    found = []
    for name in names:
        label = _label(scripts[name], lang)
        selection = SELECTION.get(name)
        doc = (scripts[name].__doc__ or "").strip()
        found.append({
            "script": name, "label": label,
            "pane_label": f"{label} ({t(lang, *selection)})" if selection else label,
            "help": t(lang, *HELP[name]) if name in HELP else doc,
            "action": f"xq-{name}", "icon": name if name in HELP else "xlquartier",
            "documents": "true" if name in DOCUMENTS else "false",
        })
    return found


def template_globals(config: ServerConfig, scripts: dict[str, Any]) -> dict[str, Any]:
    """The Jinja global ``xq`` for the manifest and the task pane."""
    lang, limits = config.lang, config.limits
    texts = {key: t(lang, *pair) for key, pair in TEXTS.items()}
    texts["documents_note"] = texts["documents_note"].format(link=f"{limits.link_minutes:g}",
                                                             keep=f"{limits.keep_minutes:g}")
    listed = buttons(scripts, lang)
    return {
        "lang": lang, "locale": t(lang, "de-DE", "en-US"), "texts": texts, "buttons": listed,
        "client": {"tokens": bool(config.offices), "scripts": [b["script"] for b in listed],
                   "documents": [b["script"] for b in listed if b["documents"] == "true"],
                   "lang": lang,
                   "texts": {k: texts[k] for k in ("no_documents", "no_logos", "delete", "wrong_token", "working",
                                                   "signed_in", "office", "not_loaded", "reload", "cancel")}},
    }
