"""Every variable each template gets, described once, and the lint for users' own templates.

The descriptions here are the documentation (``templates/VARIABLES.md`` is generated from
them) and the reference ``check_template`` compares a template's placeholders with. The
tests check that the contexts the code builds have exactly these keys.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Union

from jinja2 import nodes

from ..errors import UserError
from .engine import Template, make_environment
from .templates import TEMPLATE_FILES, template_kind


@dataclass(frozen=True)
class Value:
    """A single value: text, a date as text, a yes/no flag or a picture."""

    de: str
    en: str


@dataclass(frozen=True)
class Obj:
    de: str
    en: str
    fields: dict[str, Spec] = field(default_factory=dict)


@dataclass(frozen=True)
class ListOf:
    de: str
    en: str
    item: Obj | Value


Spec = Union[Value, Obj, ListOf]  # noqa: UP007 (a forward-referenced alias)


def _v(de: str, en: str) -> Value:
    return Value(de, en)


PERSON = {
    "name": _v("Vor- und Nachname", "first and last name"),
    "salutation": _v("Anrede", "salutation"),
    "position": _v("Funktion", "position"),
    "email": _v("E-Mail", "email"),
    "phone": _v("Telefon", "phone"),
}
STRUCTURE = Obj("", "", {"name": _v("Name", "name"), "type": _v("Art", "type"), "cadence": _v("Turnus", "cadence"),
                         "field": _v("Handlungsfeld", "field of action")})
TASK = {
    "no": _v("AufgabeID (bei Aufgaben; leer bei Beschluss und Information)", "task ID (empty for decisions)"),
    "id": _v("AufgabeID", "task ID"),
    "item": _v("TOP, wie eingetragen", "agenda item as entered"),
    "description": _v("Beschreibung", "description"),
    "responsible": _v("Zuständig: Person (Organisation), Partner oder QM", "responsible person/partner"),
    "due": _v("Fällig (Datum)", "due date"),
    "status": _v("Status, ggf. mit Erledigt-Datum", "status, with the date done"),
    "note": _v("Erledigungsvermerk", "completion note"),
    "kind": _v("Art: Information, Beschluss oder Aufgabe", "kind: information, decision or task"),
}

COMMON: dict[str, Spec] = {
    "qm": Obj("Das Quartiersmanagement (aus den Einstellungen)", "the neighbourhood management (settings)", {
        "name": _v("Name", "name"),
        "full_name": _v("Name mit Quartier", "name with the neighbourhood"),
        "short": _v("Kürzel (QM)", "short name"),
        "provider": _v("Träger", "provider"),
        "address": _v("Anschrift", "address"),
        "address_lines": _v("Anschrift, ein Teil je Zeile (für ein Adressfeld)", "address, one part a line (for an "
                            "address block)"),
        "city": _v("Ort", "city"),
        "phone": _v("Telefon", "phone"),
        "email": _v("E-Mail", "email"),
        "programme": _v("Förderprogramm", "funding programme"),
        "quarter": _v("Quartier", "neighbourhood"),
        "network_name": _v("Netzwerkname", "network name"),
        "contact_salutation": _v("Anrede der Ansprechperson: Frau oder Herr", "contact person's salutation: Ms or Mr"),
        "contact_name": _v("Ansprechperson (Einstellung)", "contact person (setting)"),
        "contact_function": _v("Funktion der Ansprechperson", "contact person's position"),
        "signatory_name": _v("Wer unterschreibt (sonst die Ansprechperson)", "signatory (else the contact person)"),
        "signatory_function": _v("Funktion dessen, der unterschreibt", "signatory's position"),
    }),
    "network_logo": _v("Netzwerk-Logo (Bild; leer ohne Logo)", "network logo (picture; empty without)"),
    "date": _v("Datum der Erstellung", "date of writing"),
    "place": _v("Ort für Unterschriften (Einstellung Ort)", "place for signatures (setting City)"),
    "lang": _v("Sprache: de oder en", "language: de or en"),
}

MINUTES: dict[str, Spec] = COMMON | {
    "meeting": Obj("Das Treffen", "the meeting", {
        "id": _v("TreffenID", "meeting ID"),
        "date": _v("Datum", "date"),
        "time": _v("Uhrzeit, z. B. 17:00–18:30 Uhr", "time, e.g. 17:00–18:30"),
        "place": _v("Ort", "place"),
        "host": _v("Gastgeber", "host"),
        "chair": _v("Moderation", "chair"),
        "minute_taker": _v("Protokoll", "minute-taker"),
        "agenda": ListOf("Tagesordnungspunkte (Text)", "agenda items (text)", _v("Punkt", "item")),
        "others": _v("Weitere Teilnehmende", "other attendees"),
        "headcount": _v("Anzahl Teilnehmende", "headcount"),
        "residents": _v("davon Bewohner*innen (leer bei 0)", "of them residents (empty for 0)"),
        "residents_text": _v("dieselbe Zahl mit Wort: „1 Bewohner*in“, „3 Bewohner*innen“",
                             "the same count with its noun: “1 resident”, “3 residents”"),
        "status": _v("Status", "status"),
    }),
    "structure": Obj("Die Runde / der Arbeitskreis", "the group", {
        "name": _v("Name", "name"), "type": _v("Art", "type"), "field": _v("Handlungsfeld", "field of action"),
        "cadence": _v("Turnus", "cadence"),
    }),
    "attendees": ListOf("Teilnehmende Organisationen", "attending organisations", Obj("", "", {
        "organisation": _v("Organisation", "organisation"),
        "people": _v("teilnehmende Personen, mit Komma", "attending people, comma-separated"),
    })),
    "excused": ListOf("Entschuldigte Organisationen (Text)", "organisations sending apologies",
                      _v("Name", "name")),
    "logos": ListOf("Freigegebene Logos der teilnehmenden Partner", "released logos of attending partners",
                    Obj("", "", {"name": _v("Partner", "partner"), "image": _v("Logo (Bild)", "logo")})),
    "items": ListOf("Ergebnisse je TOP", "outcomes per agenda item", Obj("", "", {
        "number": _v("Nummer des TOP", "item number"),
        "title": _v("Titel des TOP", "item title"),
        "entries": ListOf("Einträge (Information, Beschluss, Aufgabe)", "entries", Obj("", "", TASK)),
    })),
    "tasks": ListOf("Vereinbarte Aufgaben dieses Treffens", "tasks agreed in this meeting", Obj("", "", TASK)),
    "followup": ListOf("Offene Aufgaben aus früheren Treffen derselben Runde",
                       "open tasks from earlier meetings of the same group", Obj("", "", TASK | {
                           "meeting_date": _v("Datum des Treffens, in dem sie vereinbart wurde",
                                              "date of the meeting that agreed it"),
                           "overdue": _v("ja/nein: Fälligkeit vor diesem Treffen", "yes/no: due before this meeting"),
                       })),
    "next_meeting": Obj("Nächstes Treffen (leer, wenn unbekannt)", "next meeting (empty when unknown)", {
        "date": _v("Datum", "date"), "time": _v("Uhrzeit", "time"), "place": _v("Ort", "place"),
    }),
    "concerns": ListOf("Anliegen von Bewohner*innen aus diesem Treffen (Blatt Anliegen)",
                       "residents' concerns raised in this meeting (Concerns sheet)", Obj("", "", {
                           "concern": _v("Anliegen", "concern"), "field": _v("Handlungsfeld", "field of action"),
                           "taken_by": _v("Wer greift es auf", "taken up by"), "status": _v("Status", "status")})),
    "distribution": ListOf("Verteiler", "distribution list", Obj("", "", {
        "organisation": _v("Organisation", "organisation"),
        "emails": _v("E-Mail-Adressen (Personen nur mit Weitergabe ja)", "emails (people only with sharing yes)"),
    })),
}

AGREEMENT: dict[str, Spec] = COMMON | {
    "agreement": Obj("Die Vereinbarung (Blatt Vereinbarungen)", "the agreement (Agreements sheet)", {
        "id": _v("VereinbarungID", "agreement ID"),
        "kind": _v("Art", "kind"),
        "subject": _v("Gegenstand", "subject"),
        "goals": _v("Gemeinsame Ziele (sonst Ziele des Partners)", "joint goals (else the partner's goals)"),
        "partner_contribution": _v("Beitrag des Partners", "partner's contribution"),
        "qm_contribution": _v("Beitrag des Quartiersmanagements", "our contribution"),
        "benefit": _v("Nutzen für den Partner (Win-win)", "benefit for the partner (win-win)"),
        "valid_from": _v("Gültig ab", "valid from"),
        "valid_until": _v("Gültig bis", "valid until"),
        "review_on": _v("Überprüfung am", "review on"),
        "logo_use": _v("ja/nein: Logo-Nutzung vereinbart", "yes/no: logo use agreed"),
        "status": _v("Status", "status"),
        "signed_on": _v("Unterzeichnet am", "signed on"),
    }),
    "partner": Obj("Der Partner", "the partner", {
        "id": _v("PartnerID", "partner ID"),
        "name": _v("Name", "name"),
        "short_name": _v("Kurzname", "short name"),
        "type": _v("Art", "type"),
        "street": _v("Straße", "street"),
        "postcode": _v("PLZ", "postcode"),
        "city": _v("Ort", "city"),
        "address": _v("Straße, PLZ Ort", "street, postcode city"),
        "email": _v("E-Mail", "email"),
        "phone": _v("Telefon", "phone"),
        "website": _v("Webseite", "website"),
        "contributions": _v("Beiträge (Liste, mit Komma)", "kinds of contribution"),
        "logo": _v("Logo (Bild; nur mit Freigabe ja)", "logo (picture; only when released)"),
    }),
    "contact": Obj("Ansprechperson des Partners (leer, wenn keine)", "the partner's contact person", PERSON),
    "structures": ListOf("Aktive Runden, in denen der Partner mitwirkt", "active groups the partner takes part in",
                         STRUCTURE),
    "planned_structures": ListOf("Geplante Runden, in denen der Partner mitwirken soll",
                                 "planned groups the partner is to take part in", STRUCTURE),
}

CONTACTS: dict[str, Spec] = COMMON | {
    "fields": ListOf("Handlungsfelder mit ihren aktiven Partnern", "fields of action with their partners",
                     Obj("", "", {
                         "name": _v("Handlungsfeld", "field of action"),
                         "partners": ListOf("Partner", "partners", Obj("", "", {
                             "name": _v("Name", "name"),
                             "type": _v("Art", "type"),
                             "address": _v("Anschrift", "address"),
                             "website": _v("Webseite", "website"),
                             "email": _v("E-Mail der Organisation", "organisation's email"),
                             "phone": _v("Telefon der Organisation", "organisation's phone"),
                             "contacts": _v("Ansprechpersonen mit Weitergabe ja, je zwei Zeilen",
                                            "contact persons with sharing yes, two lines each"),
                             "logo": _v("Logo (Bild; nur mit Freigabe ja)", "logo (only when released)"),
                         })),
                     })),
    "offers": ListOf("Gültige Angebote und Räume der gelisteten Partner (Blatt Angebote)",
                     "valid offers and rooms of the listed partners (Offers sheet)", Obj("", "", {
                         "partner": _v("Partner", "partner"), "title": _v("Titel", "title"), "kind": _v("Art", "kind"),
                         "target_groups": _v("Zielgruppen, mit Komma", "target groups"), "place": _v("Ort", "place"),
                         "times": _v("Zeiten", "times"), "cost": _v("Kosten", "cost"),
                         "access": _v("Barrierefreiheit und Plätze in Worten", "accessibility and capacity"),
                         "contact": _v("Ansprechperson (nur mit Weitergabe ja), zwei Zeilen",
                                       "contact person (only with sharing yes), two lines"),
                     })),
}

INVITATION: dict[str, Spec] = COMMON | {
    "kind": _v("meeting (Treffen) oder event (Veranstaltung)", "meeting or event"),
    "id": _v("TreffenID bzw. VeranstaltungID", "meeting or event ID"),
    "title": _v("Name der Runde bzw. Titel der Veranstaltung", "group name or event title"),
    "group": _v("Die Runde (bei Veranstaltungen: die Struktur, aus der sie kommt)",
                "the group (for events: the structure it comes from)"),
    "date": _v("Datum", "date"),
    "weekday": _v("Wochentag", "weekday"),
    "time": _v("Uhrzeit, z. B. 17:00–18:30 Uhr", "time, e.g. 17:00–18:30"),
    "venue": Obj("Der Ort; bei einem Raum aus dem Blatt Angebote mit Barrierefreiheit",
                 "the place; for a room of the Offers sheet with its accessibility", {
                     "name": _v("Ort bzw. Titel des Raums (mit Anbieter)", "place or room title (with its partner)"),
                     "address": _v("Anschrift des Raums", "address of the room"),
                     "step_free": _v("Stufenlos: ja/nein (leer, wenn unbekannt)", "step-free: yes/no"),
                     "toilet": _v("Barrierefreies WC: ja/nein", "accessible toilet: yes/no"),
                     "capacity": _v("Plätze", "capacity"),
                     "accessibility": _v("Barrierefreiheit in Worten, z. B. „stufenlos erreichbar, "
                                         "barrierefreies WC, 40 Plätze“", "accessibility in words"),
                 }),
    "host": _v("Gastgeber (Treffen)", "host (meetings)"),
    "organisers": ListOf("Veranstaltende mit Rolle (Veranstaltungen)", "organisers with their role (events)",
                         Obj("", "", {"name": _v("Partner", "partner"), "role": _v("Rolle", "role")})),
    "target_groups": _v("Zielgruppen (Veranstaltungen), mit Komma", "target groups (events)"),
    "agenda": ListOf("Tagesordnungspunkte (Text)", "agenda items (text)", _v("Punkt", "item")),
    "tasks": ListOf("Offene Aufgaben, die bis zum Termin fällig sind", "open tasks due by the date",
                    Obj("", "", {"id": _v("AufgabeID", "task ID"), "description": _v("Beschreibung", "description"),
                                 "responsible": _v("Zuständig", "responsible"), "due": _v("Fällig", "due"),
                                 "overdue": _v("„überfällig“, wenn schon fällig", "“overdue” when already due")})),
    "last_minutes": Obj("Protokoll des letzten Treffens der Runde (leer, wenn keins)",
                        "minutes of the group's last meeting (empty when none)", {
                            "id": _v("TreffenID", "meeting ID"), "date": _v("Datum des Treffens", "meeting date"),
                            "sent": _v("Versendet am (leer, wenn noch nicht)", "sent on (empty when not yet)"),
                            "file": _v("Dateiname des Protokolls", "file name of the minutes"),
                        }),
    "invited": ListOf("Eingeladene Organisationen (Text)", "organisations invited", _v("Name", "name")),
    "reply_by": _v("Rückmeldung bis (eine Woche vorher; leer, wenn zu knapp)", "reply by (a week before)"),
}

_TEXT_ONLY = {"text": _v("Absatz mit den Zahlen", "paragraph with the figures")}
_FIGURE = Obj("", "", {"label": _v("Kennzahl", "indicator"), "value": _v("Wert", "value"),
                       "basis": _v("Bezug, z. B. „von 40 (30 %)“", "basis, e.g. “of 40 (30%)”"),
                       "how": _v("So gezählt", "how it is counted")})
_COUNTS = Obj("", "", {"name": _v("Art bzw. Handlungsfeld", "type or field"), "active": _v("aktiv", "active"),
                       "new": _v("neu im Jahr", "new in the year"), "ended": _v("beendet", "ended")})
REPORT: dict[str, Spec] = COMMON | {
    "report": Obj("Der Bericht", "the report", {
        "year": _v("Berichtsjahr", "year"),
        "subtitle": _v("Netzwerk · Quartiersmanagement · Träger (bzw. Zahl der Netzwerke)",
                       "network · management · provider (or the number of networks)"),
        "as_of": _v("Stand und Herkunft der Zahlen", "as-of date and source"),
        "multi": _v("ja/nein: mehrere Arbeitsmappen", "yes/no: several workbooks"),
    }),
    "totals": Obj("Summe über alle Arbeitsmappen (leer bei einer)", "total over all workbooks (empty for one)", {
        "text": _v("Einleitungssatz", "introduction"),
        "figures": ListOf("Kennzahlen, zusammengezählt", "key figures, added up", _FIGURE),
        "books": ListOf("Eine Zeile je Netzwerk", "one row per network", Obj("", "", {
            "title": _v("Netzwerk", "network"), "partners_active": _v("aktive Partner", "active partners"),
            "meetings_held": _v("Treffen", "meetings"), "residents": _v("Bewohner*innen", "residents"),
            "tasks_agreed": _v("Aufgaben", "tasks"), "tasks_overdue": _v("überfällig", "overdue"),
            "topics": _v("Jahresthemen", "annual topics")})),
    }),
    "parts": ListOf("Ein Teil je Arbeitsmappe", "one part per workbook", Obj("", "", {
        "title": _v("Name des Netzwerks", "name of the network"),
        "figures": ListOf("Kennzahlen auf einen Blick", "key figures at a glance", _FIGURE),
        "partners": Obj("Partner", "partners", {
            "text": _v("Absatz", "paragraph"),
            "by_type": ListOf("je Art", "per type", _COUNTS),
            "by_field": ListOf("je Handlungsfeld", "per field of action", _COUNTS),
            "chart": _v("Diagramm (Bild; leer ohne Handlungsfelder)", "chart (picture)")}),
        "meetings": Obj("Treffen und Beteiligung", "meetings and attendance", {
            "text": _v("Absatz", "paragraph"),
            "structures": ListOf("je Struktur", "per structure", Obj("", "", {
                "name": _v("Name", "name"), "type": _v("Art", "type"), "members": _v("Mitglieder", "members"),
                "held": _v("stattgefunden", "held"), "cancelled": _v("abgesagt", "cancelled"),
                "planned": _v("geplant", "planned"), "attendance": _v("Teilnahme der Mitglieder", "attendance"),
                "headcount": _v("Teilnehmende", "attendees"), "residents": _v("Bewohner*innen", "residents")})),
            "without_structure": _v("Satz zu Treffen ohne Struktur (leer, wenn keine)", "note on meetings "
                                    "without a structure"),
            "chart": _v("Diagramm Treffen je Monat (Bild)", "chart of meetings per month (picture)")}),
        "tasks": Obj("Aufgaben", "tasks", {"text": _v("Absatz", "paragraph"),
                                           "chart": _v("Diagramm Aufgaben je Monat (Bild)", "chart (picture)")}),
        "agreements": Obj("Vereinbarungen", "agreements", _TEXT_ONLY),
        "topics": Obj("Jahresthemen", "annual topics", {
            "text": _v("Absatz", "paragraph"),
            "titles": ListOf("Themen mit Status (Text)", "topics with status (text)", _v("Thema", "topic"))}),
        "events": Obj("Veranstaltungen", "events", {
            "text": _v("Absatz (leer ohne Veranstaltungen)", "paragraph (empty without events)"),
            "rows": ListOf("Veranstaltungen des Jahres", "the year's events", Obj("", "", {
                "date": _v("Datum", "date"), "title": _v("Titel", "title"), "status": _v("Status", "status"),
                "organisers": _v("Zahl der Veranstaltenden", "number of organisers"),
                "reach": _v("Reichweite", "reach"), "residents": _v("davon Bewohner*innen", "of them residents")})),
            "note": _v("Hinweis auf Veranstaltungen ohne Zahlen (leer, wenn keine)",
                       "note on events without figures")}),
        "concerns": Obj("Anliegen von Bewohner*innen", "residents' concerns", {
            "text": _v("Absatz (leer ohne Anliegen)", "paragraph (empty without concerns)"),
            "rows": ListOf("je Handlungsfeld", "per field of action", Obj("", "", {
                "field": _v("Handlungsfeld", "field of action"), "raised": _v("Anliegen", "concerns"),
                "taken_up": _v("davon aufgegriffen", "of them taken up")}))}),
        "load": Obj("Belastung der Partner", "partner load", {
            "text": _v("Absatz", "paragraph"),
            "rows": ListOf("Partner", "partners", Obj("", "", {
                "name": _v("Name, (!) bei Warnung", "name, (!) when warned"), "structures": _v("Strukturen",
                                                                                             "structures"),
                "meetings": _v("besuchte Treffen", "meetings attended"), "open": _v("offene Aufgaben", "open tasks"),
                "overdue": _v("überfällige Aufgaben", "overdue tasks"), "hosted": _v("Gastgeber", "hosted")}))}),
        "bridges": Obj("Brückenpartner", "bridging partners", {
            "text": _v("Absatz", "paragraph"),
            "rows": ListOf("Partner", "partners", Obj("", "", {
                "name": _v("Name", "name"), "count": _v("Zahl der Strukturen", "number of structures"),
                "structures": _v("Strukturen", "structures")}))}),
        "contributions": Obj("Beiträge", "contributions", {
            "text": _v("Absatz", "paragraph"),
            "rows": ListOf("je Beitrag", "per contribution", Obj("", "", {
                "name": _v("Beitrag", "contribution"), "count": _v("Zahl der Partner", "number of partners"),
                "who": _v("Partner", "partners")}))}),
        "map": _v("Netzwerkkarte (Bild; leer ohne Strukturen)", "network map (picture; empty without structures)"),
    })),
}

BENEFIT: dict[str, Spec] = COMMON | {
    "year": _v("Berichtsjahr", "the year reported on"),
    "partner": Obj("Der Partner, an den der Bericht geht", "the partner the statement is for", {
        "id": _v("PartnerID", "partner ID"),
        "name": _v("Name", "name"),
        "short_name": _v("Kurzname", "short name"),
        "address": _v("Straße, PLZ Ort", "street, postcode city"),
        "street": _v("Straße", "street"),
        "postcode_city": _v("PLZ Ort", "postcode city"),
        "since": _v("Partner seit", "partner since"),
        "logo": _v("Logo (Bild; nur mit Freigabe ja)", "logo (picture; only when released)"),
    }),
    "contact": Obj("Hauptansprechperson (sonst die erste Person; leer, wenn keine)",
                   "main contact person (else the first; empty when none)", PERSON),
    "salutation": _v("Anrede, z. B. „Sehr geehrte Frau Schmidt,“", "salutation, e.g. “Dear Ms Schmidt,”"),
    "figures": ListOf("Kennzahlen des Jahres", "figures of the year", Obj("", "", {
        "label": _v("Bezeichnung", "label"), "value": _v("Wert", "value")})),
    "rounds": ListOf("Runden, in denen der Partner Mitglied ist oder die er leitet",
                     "groups the partner belongs to or leads", Obj("", "", {
                         "name": _v("Name", "name"), "role": _v("Federführung oder Mitglied", "lead or member"),
                         "held": _v("stattgefundene Treffen im Jahr", "meetings held in the year"),
                         "attended": _v("davon mit dem Partner", "of them attended by the partner")})),
    "meetings": Obj("Treffen im Jahr", "meetings in the year", {
        "attended": _v("besucht (Zahl)", "attended (number)"), "hosted": _v("ausgerichtet (Zahl)", "hosted (number)"),
        "attended_text": _v("besucht, mit Wort („3 Treffen“)", "attended, with the noun (“3 meetings”)"),
        "hosted_text": _v("ausgerichtet, mit Wort", "hosted, with the noun")}),
    "events": ListOf("Gemeinsam organisierte Veranstaltungen (Blatt Veranstaltungen)",
                     "events co-organised (Events sheet)", Obj("", "", {
                         "title": _v("Titel", "title"), "date": _v("Datum", "date"),
                         "reach": _v("Reichweite (Teilnehmende)", "reach (attendees)")})),
    "tasks_done": ListOf("Erledigte Aufgaben im Jahr (höchstens acht)", "tasks done in the year (up to eight)",
                         Obj("", "", {"description": _v("Beschreibung", "description"),
                                      "date": _v("Erledigt am", "done on")})),
    "tasks_done_more": _v("„… und 4 weitere“ (leer, wenn alle gezeigt)", "“… and 4 more” (empty when all shown)"),
    "tasks_done_count": _v("Zahl der erledigten Aufgaben", "number of tasks done"),
    "contributions": _v("Beiträge (Liste, mit Komma)", "kinds of contribution"),
    "contributed": ListOf("Beitrag des Partners aus unterzeichneten Vereinbarungen",
                          "the partner's contribution in signed agreements", _v("Text", "text")),
    "offers_provided": ListOf("Eigene Angebote und Räume (Blatt Angebote)", "own offers and rooms (Offers sheet)",
                              _v("Titel", "title")),
    "benefit": _v("Nutzen für den Partner (Partner und unterzeichnete Vereinbarungen)",
                  "benefit for the partner (partner row and signed agreements)"),
    "offers_used": ListOf("Genutzte Angebote und Räume (Blatt Angebote)", "offers and rooms used (Offers sheet)",
                          _v("Titel", "title")),
    "rooms_used": ListOf("Räume anderer Partner oder des QM (Blatt Angebote), in denen Treffen des Partners und "
                         "seine Veranstaltungen im Jahr stattfanden; die meistgenutzten zuerst",
                         "rooms of other partners or the office (Offers sheet) where the partner's meetings and "
                         "events of the year took place; most used first", Obj("", "", {
                             "name": _v("Titel des Raums", "title of the room"),
                             "provider": _v("Wer ihn stellt", "who provides it"),
                             "uses": _v("wie oft, z. B. „3 Treffen und 1 Veranstaltung“",
                                        "how often, e.g. “3 meetings and 1 event”"),
                             "meetings": _v("Zahl der Treffen", "number of meetings"),
                             "events": _v("Zahl der Veranstaltungen", "number of events")})),
    "residents": _v("Bewohner*innen bei Treffen, an denen der Partner teilnahm", "residents at meetings it attended"),
    "concerns": ListOf("Anliegen, die der Partner aufgegriffen hat", "residents' concerns the partner took up",
                       Obj("", "", {"concern": _v("Anliegen", "concern"), "status": _v("Status", "status"),
                                    "reply": _v("Antwort an die Bewohner*innen", "reply to the residents")})),
    "open_tasks": ListOf("Offene Aufgaben (höchstens acht)", "open tasks (up to eight)", Obj("", "", {
        "description": _v("Beschreibung", "description"), "due": _v("Fällig", "due"),
        "overdue": _v("ja/nein: überfällig", "yes/no: overdue")})),
    "open_tasks_more": _v("„… und 2 weitere“", "“… and 2 more”"),
}

FLYER: dict[str, Spec] = COMMON | {
    "text": _v("Text über das Netzwerk (Einstellung „Flyer: Text über das Netzwerk“)",
               "text about the network (setting “Flyer: text about the network”)"),
    "partner_count": _v("Zahl der aktiven Partner", "number of active partners"),
    "offers": ListOf("Angebote (Blatt Angebote, höchstens acht)", "offers (Offers sheet, up to eight)",
                     Obj("", "", {"title": _v("Titel", "title"), "provider": _v("Anbieter", "provider")})),
    "fields": ListOf("Handlungsfelder, jeder aktive Partner genau einmal (unter seinem ersten Feld)",
                     "fields of action, every active partner exactly once (under its first field)", Obj("", "", {
                         "name": _v("Handlungsfeld", "field of action"),
                         "rows": ListOf("Zeilen zu vier Partnern", "rows of four partners", Obj("", "", {
                             "cells": ListOf("vier Zellen (r.cells[0] … r.cells[3]; leere Zellen am Ende)",
                                             "four cells (r.cells[0] … r.cells[3]; empty cells at the end)",
                                             Obj("", "", {
                                                 "name": _v("Name", "name"),
                                                 "logo": _v("Logo (Bild; nur mit Freigabe ja)",
                                                            "logo (only when released)"),
                                                 "contact": _v("Ansprechperson mit Weitergabe ja, mit Telefon",
                                                               "contact person with sharing yes, with phone"),
                                                 "reach": _v("Webseite (sonst Telefon oder E-Mail)",
                                                             "website (else phone or email)"),
                                             })),
                         })),
                     })),
}

_PRESS_ENTRY = Obj("", "", {
    "name": _v("Name", "name"), "type": _v("Art", "type"), "email": _v("E-Mail", "email"),
    "phone": _v("Telefon", "phone"), "website": _v("Webseite", "website"),
    "people": _v("Personen mit E-Mail und Telefon, je eine Zeile", "people with email and phone, one a line")})
PRESS_CONTACTS: dict[str, Spec] = COMMON | {
    "partners": ListOf("Partner mit „Pressearbeit: ja“", "partners with “press work: yes”", _PRESS_ENTRY),
    "media": ListOf("Medien (Partner der Art „Medien“)", "media (partners of type “Media”)", _PRESS_ENTRY),
}
PRESS_RELEASE: dict[str, Spec] = COMMON | {
    "event": Obj("Die Veranstaltung (oder das Treffen)", "the event (or meeting)", {
        "id": _v("ID", "ID"), "title": _v("Titel", "title"), "date": _v("Datum", "date"),
        "time": _v("Uhrzeit", "time"), "place": _v("Ort", "place")}),
    "organisers": ListOf("Mitveranstalter", "co-organisers", Obj("", "", {
        "name": _v("Name", "name"), "logo": _v("Logo (Bild; nur mit Freigabe ja)", "logo (only when released)")})),
    "organiser_names": _v("Mitveranstalter, mit Komma", "co-organisers, comma-separated"),
}

VARIABLES: dict[str, dict[str, Spec]] = {
    "minutes": MINUTES, "agreement": AGREEMENT, "loi": AGREEMENT, "contacts": CONTACTS, "report": REPORT,
    "invitation": INVITATION, "benefit": BENEFIT, "flyer": FLYER, "press_contacts": PRESS_CONTACTS,
    "press_release": PRESS_RELEASE,
}
_ANY = Value("", "")  # loop helpers, variables a template sets itself
_JINJA_NAMES = ("loop", "range", "dict", "namespace", "cycler", "joiner", "lipsum", "true", "false", "none")


# --------------------------------------------------------------------------- lint

def _dotted(node: nodes.Node) -> str:
    if isinstance(node, nodes.Name):
        return node.name
    if isinstance(node, nodes.Getattr):
        return f"{_dotted(node.node)}.{node.attr}"
    if isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const):
        return f"{_dotted(node.node)}.{node.arg.value}"
    return "…"


def _targets(node: nodes.Node) -> list[nodes.Name]:
    return [node] if isinstance(node, nodes.Name) else list(node.find_all(nodes.Name))


class _Linter:
    def __init__(self, spec: dict[str, Spec]):
        self.unknown: list[str] = []
        self.root = spec

    def _report(self, name: str) -> None:
        if name not in self.unknown:
            self.unknown.append(name)

    def resolve(self, node: nodes.Node, scope: dict[str, Spec]) -> Spec:
        if isinstance(node, nodes.Name):
            if node.name in scope:
                return scope[node.name]
            if node.name not in _JINJA_NAMES:
                self._report(node.name)
            return _ANY
        attr = None
        if isinstance(node, nodes.Getattr):
            attr = node.attr
        elif isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const):
            attr = str(node.arg.value)
        if attr is not None:
            base = self.resolve(node.node, scope)  # type: ignore[attr-defined]
            if isinstance(base, Obj):
                if attr in base.fields:
                    return base.fields[attr]
                self._report(_dotted(node))
            return _ANY
        self.visit(node, scope)
        return _ANY

    def visit(self, node: nodes.Node, scope: dict[str, Spec]) -> None:
        if isinstance(node, nodes.For):
            source = self.resolve(node.iter, scope)
            inner = dict(scope)
            item = source.item if isinstance(source, ListOf) else _ANY
            for target in _targets(node.target):
                inner[target.name] = item
            for child in [*node.body, *([node.test] if node.test else [])]:
                self.visit(child, inner)
            for child in node.else_:
                self.visit(child, scope)
            return
        if isinstance(node, nodes.Assign | nodes.AssignBlock):
            for target in _targets(node.target):
                scope[target.name] = _ANY
        if isinstance(node, nodes.Macro):
            inner = dict(scope) | {arg.name: _ANY for arg in node.args}
            for child in node.body:
                self.visit(child, inner)
            return
        if isinstance(node, nodes.Name | nodes.Getattr | nodes.Getitem) and getattr(node, "ctx", "load") == "load":
            self.resolve(node, scope)
            return
        for child in node.iter_child_nodes():
            self.visit(child, scope)


def check_template(path: str | Path, kind: str | None = None) -> list[str]:
    """The placeholders a template uses that its context does not provide (``[]`` when all is well).

    ``kind`` (minutes, agreement, loi, contacts) is taken from the file name when not given.
    """
    path = Path(path)
    kind = kind or template_kind(path)
    if kind not in VARIABLES:
        names = ", ".join(sorted({n for names in TEMPLATE_FILES.values() for n in names.values()}))
        raise UserError(f"{path.name}: unbekannter Vorlagenname; erwartet wird einer von {names}.",
                        f"{path.name}: unknown template name; expected one of {names}.")
    source = Template(path).source()
    linter = _Linter(VARIABLES[kind])
    linter.visit(make_environment().parse(source), dict(VARIABLES[kind]))
    return linter.unknown


def check_templates(folder: str | Path) -> dict[Path, list[str]]:
    """``check_template`` for every known template in ``folder`` (and its ``de``/``en`` folders)."""
    folder = Path(folder)
    if not folder.is_dir():
        raise UserError(f"Der Ordner {folder} existiert nicht.", f"The folder {folder} does not exist.")
    found = sorted(p for p in [*folder.glob("*.docx"), *folder.glob("*/*.docx")]
                   if template_kind(p) and not p.name.startswith("~$"))
    if not found:
        raise UserError(f"In {folder} liegt keine Vorlage (z. B. Protokoll.docx).",
                        f"There is no template (e.g. Minutes.docx) in {folder}.")
    return {path: check_template(path) for path in found}


# --------------------------------------------------------------------------- docs

def _lines(spec: dict[str, Spec], prefix: str, lang: str) -> list[str]:
    lines = []
    for name, entry in spec.items():
        text = entry.de if lang == "de" else entry.en
        if isinstance(entry, ListOf):
            loop = f"{{%tr for x in {prefix}{name} %}}"
            lines.append(f"| `{prefix}{name}` | {text} (Liste: `{loop}`) |" if lang == "de"
                         else f"| `{prefix}{name}` | {text} (list: `{loop}`) |")
            if isinstance(entry.item, Obj):
                lines += _lines(entry.item.fields, "x.", lang)
        elif isinstance(entry, Obj):
            lines.append(f"| `{prefix}{name}` | {text} |")
            lines += _lines(entry.fields, f"{prefix}{name}.", lang)
        else:
            lines.append(f"| `{prefix}{name}` | {text} |")
    return lines


def variables_markdown() -> str:
    """The variable reference for template editors (German first, then English)."""
    titles = {"minutes": ("Protokoll", "Minutes"), "agreement": ("Kooperationsvereinbarung", "Cooperation agreement"),
              "loi": ("Letter of Intent", "Letter of Intent"), "contacts": ("Kontaktliste", "Contact list"),
              "report": ("Jahresbericht", "Annual report"), "invitation": ("Einladung", "Invitation"),
              "benefit": ("Nutzenbericht", "Benefit statement"), "flyer": ("Flyer", "Flyer"),
              "press_contacts": ("Pressekontakte", "Press contacts"),
              "press_release": ("Pressemitteilung", "Press release")}
    out = [
        "# Platzhalter der Vorlagen / Template variables",
        "",
        "Erzeugt aus `xlquartier/documents/variables.py` – nicht von Hand ändern. "
        "Generated from `xlquartier/documents/variables.py`; do not edit by hand.",
        "",
        "Werte: `{{ meeting.date }}`; Tabellenzeilen: `{%tr for k in tasks %}` … `{%tr endfor %}`; "
        "optionale Absätze: `{%p if contact %}` … `{%p endif %}`. Alle Werte werden wörtlich gedruckt "
        "(`&`, `<`, `{{` …). Prüfen: `xlquartier templates check ORDNER`.",
        "",
    ]
    for kind, spec in VARIABLES.items():
        de, en = titles[kind]
        files = " / ".join(f"`{lang}/{name}`" for lang, name in TEMPLATE_FILES[kind].items())
        out += [f"## {de} / {en} ({files})", "", "| Platzhalter | Bedeutung |", "|---|---|",
                *_lines(spec, "", "de"), "", "| Variable | Meaning |", "|---|---|", *_lines(spec, "", "en"), ""]
    return "\n".join(out)
