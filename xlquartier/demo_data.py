"""The demo neighbourhood "Lindenhof" in the fictional town of Neustadt.

Deterministic (a seeded random generator, a fixed "today"), realistic enough to show every
feature, and with a handful of planted problems the checks should find. The planted
problems are listed in ``PLANTED`` so tests can assert them.
"""

from __future__ import annotations

import datetime as dt
import random
import unicodedata
from typing import Any

from .texts import joined

DEMO_TODAY = dt.date(2026, 11, 20)
SEED = 2026

SETTINGS: dict[str, Any] = {
    "qm_name": "Quartiersmanagement Lindenhof",
    "quarter": "Lindenhof",
    "provider": "Stadtteilarbeit Neustadt gGmbH",
    "address": "Lindenplatz 3, 12345 Neustadt",
    "city": "Neustadt",
    "phone": "0123 456780",
    "email": "qm@lindenhof-neustadt.de",
    "qm_contact_salutation": "Frau",
    "qm_contact_name": "Miriam Albers",
    "qm_contact_function": "Quartiersmanagerin",
    "qm_signatory_name": "Jens Hartwig",
    "qm_signatory_function": "Geschäftsführer der Stadtteilarbeit Neustadt gGmbH",
    "programme": "Sozialer Zusammenhalt",
    "network_name": "Netzwerk Lindenhof",
    "network_logo": "netzwerk-lindenhof.png",
    "network_text": "Im Netzwerk Lindenhof arbeiten Schulen, Kitas, Vereine, Initiativen, Wohnungsunternehmen "
                    "und Verwaltung zusammen, damit das Leben im Quartier besser wird. Sprechen Sie uns an: "
                    "jede Einrichtung hier ist auch Ihre Anlaufstelle.",
}

# What the checks should find in the demo, by code: a name that appears in the message.
PLANTED: dict[str, str] = {
    "duplicate-partner": "Sonnenschein",
    "duplicate-person": "Krüger",
    "duplicate-structure": "AK Sichere Gehwege",
    "dock-suggestion": "AK Jugend im Quartier",
    "too-many-topics": "2026",
    "partner-overload": "NEWOGE",
    "person-overload": "Yılmaz",
    "overdue-task": "Bänke am Mühlenbach",
    "minutes-late": "AK Kunst & Kultur",
    "agreement-review-due": "Sportverein",
    "consent-missing": "Petrović",
    "deletion-review-due": "Hoffmann",
    "logo-not-released": "Café Eck",
    "logo-missing": "Repair-Café",
    "no-win-win": "Apotheke",
    "topic-in-several-structures": "Barrierefreier Lindenplatz",
    "unknown-ref": "Grundschule am Prak",
    "bad-email": "kita-regenbogen",
    "date-as-text": "15.03.2024",
    "bad-postcode": "1234",
    # schema version 2: planning, events, offers
    "planned-duplicate-structure": "Runde Jugendbeteiligung",
    "event-clash": "Adventsmarkt",
    "event-without-room": "Herbstputz",
    "single-organiser": "Lesefest",
    "event-without-reach": "Lesefest",
    "offer-expired": "Mieterberatung",
    "room-not-in-catalogue": "Am Sportplatz 1",
    "not-invited": "Herbstputz",
    # contacts, benefit and residents (demo_relations)
    "follow-up-due": "Werbegemeinschaft",
    "acquisition-stalled": "Stadtwerke",
    "no-personal-contact": "Apotheke",
    "double-approach": "AWO",
    "benefit-statement-due": "Tafel",
    "concern-unanswered": "Mülleimer am Mühlenbach",
    "round-without-residents": "AK Kunst & Kultur",
    "no-resident-voice": "Kultur im Hof",
}

# (name, short name, type, fields, status, street, postcode, website/email domain, contributions, logo release)
_PARTNERS: list[tuple] = [
    ("Grundschule am Park", "GS Park", "Schule", ["Bildung", "Nachbarschaft"], "aktiv",
     "Parkallee 12", "12345", "gs-am-park-neustadt.de", ["Räume", "Zugang zu Zielgruppen"], "ja"),
    ("Grundschule am Markt", "GS Markt", "Schule", ["Bildung"], "aktiv",
     "Marktstraße 4", "12347", "gs-am-markt-neustadt.de", ["Räume"], "ja"),
    ("Gemeinschaftsschule Lindenhof", "GemS Lindenhof", "Schule", ["Bildung", "Gesundheit & Bewegung"],
     "aktiv", "Schillerstraße 30", "12345", "gems-lindenhof.de", ["Räume", "Personal"], "ja"),
    ("Kita Sonnenschein e.V.", "Kita Sonnenschein", "Kita", ["Bildung", "Nachbarschaft"], "aktiv",
     "Rosenweg 7", "12345", "kita-sonnenschein-neustadt.de", ["Zugang zu Zielgruppen"], "ja"),
    ("KiTa Sonnenschein eV", None, "Kita", ["Bildung"], "potenziell",
     "Rosenweg 7", "12345", "kita-sonnenschein-neustadt.de", [], None),
    ("Kita Regenbogen", "Kita Regenbogen", "Kita", ["Bildung"], "aktiv",
     "Ahornweg 2", "12347", "kita-regenbogen", ["Zugang zu Zielgruppen"], "ja"),
    ("Ev. Kita Arche Noah", "Kita Arche", "Kita", ["Bildung", "Nachbarschaft"], "aktiv",
     "Kirchplatz 2", "12345", "arche-noah-neustadt.de", ["Räume"], "ja"),
    ("Städtische Kita Pusteblume", "Kita Pusteblume", "Kita", ["Bildung"], "ruhend",
     "Gartenstraße 19", "12347", "neustadt.de", [], "nein"),
    ("Sportverein Blau-Weiß Lindenhof e.V.", "SV Blau-Weiß", "Verein", ["Gesundheit & Bewegung"],
     "aktiv", "Am Sportplatz 1", "12345", "bw-lindenhof.de", ["Räume", "Personal", "Fachwissen"], "ja"),
    ("Nachbarschaftsverein Lindenhof e.V.", "Nachbarschaftsverein", "Verein",
     ["Nachbarschaft", "Beteiligung & Vernetzung"], "aktiv", "Lindenstraße 21", "12345",
     "nachbarn-lindenhof.de", ["Personal", "Öffentlichkeitsarbeit"], "ja"),
    ("Kulturverein Brückenschlag e.V.", "Brückenschlag", "Verein", ["Kunst & Kultur"], "aktiv",
     "Mühlenweg 8", "12347", "brueckenschlag-kultur.de", ["Fachwissen", "Öffentlichkeitsarbeit"], "ja"),
    ("Seniorentreff Lindenhof e.V.", "Seniorentreff", "Verein", ["Nachbarschaft", "Sicherheit & Barrierefreiheit"],
     "aktiv", "Lindenstraße 40", "12345", "seniorentreff-lindenhof.de", ["Räume", "Zugang zu Zielgruppen"], "ja"),
    ("Förderverein Stadtteilgarten e.V.", "Stadtteilgarten", "Verein", ["Klima & Umwelt"], "aktiv",
     "Am Bach 5", "12347", "stadtteilgarten-neustadt.de", ["Personal", "Sachmittel"], "ja"),
    ("Frauenverein Miteinander e.V.", "Miteinander", "Verein", ["Nachbarschaft", "Bildung"], "aktiv",
     "Goethestraße 14", "12345", "miteinander-neustadt.de", ["Zugang zu Zielgruppen"], "ja"),
    ("Neustädter Wohnungsbaugesellschaft mbH", "NEWOGE", "Wohnungsunternehmen",
     ["Öffentlicher Raum", "Nachbarschaft"], "aktiv", "Bahnhofstraße 50", "12340", "newoge.de",
     ["Räume", "Finanzmittel", "Sachmittel"], "ja"),
    ("Wohnungsgenossenschaft Lindenhof eG", "WG Lindenhof", "Wohnungsunternehmen", ["Nachbarschaft"],
     "aktiv", "Parkallee 40", "12345", "wg-lindenhof.de", ["Räume", "Finanzmittel"], "ja"),
    ("Polizeirevier Neustadt-Süd", "Polizei Süd", "Polizei", ["Sicherheit & Barrierefreiheit"], "aktiv",
     "Wachstraße 1", "12340", "polizei.neustadt.de", ["Fachwissen"], "nein"),
    ("Ev. Kirchengemeinde St. Markus", "St. Markus", "Religionsgemeinschaft", ["Nachbarschaft"], "aktiv",
     "Kirchplatz 1", "12345", "st-markus-neustadt.de", ["Räume"], "ja"),
    ("Kath. Pfarrei St. Elisabeth", "St. Elisabeth", "Religionsgemeinschaft", ["Nachbarschaft"], "ruhend",
     "Elisabethstraße 3", "12347", "st-elisabeth-neustadt.de", ["Räume"], "ja"),
    ("Islamische Gemeinde Lindenhof e.V.", "Islamische Gemeinde", "Religionsgemeinschaft",
     ["Nachbarschaft", "Beteiligung & Vernetzung"], "aktiv", "Mühlenweg 22", "12347",
     "ig-lindenhof.de", ["Räume", "Zugang zu Zielgruppen"], "ja"),
    ("Jugendclub Oase", "Oase", "Jugendeinrichtung", ["Bildung", "Kunst & Kultur"], "aktiv",
     "Schillerstraße 2", "12345", "jugendclub-oase.de", ["Räume", "Personal"], "ja"),
    ("Kinder- und Jugendhaus Die Insel", "Die Insel", "Jugendeinrichtung", ["Bildung"], "aktiv",
     "Am Bach 12", "12347", "jugendhaus-insel.de", ["Räume"], "ja"),
    ("Mobile Jugendarbeit Neustadt-Süd", "Streetwork", "Jugendeinrichtung",
     ["Sicherheit & Barrierefreiheit", "Öffentlicher Raum"], "aktiv", "Lindenplatz 3", "12345",
     "streetwork-neustadt.de", ["Fachwissen", "Zugang zu Zielgruppen"], "ja"),
    ("Familienzentrum Lindenhof", "Familienzentrum", "Soziale Einrichtung", ["Bildung", "Nachbarschaft"],
     "aktiv", "Rosenweg 1", "12345", "familienzentrum-lindenhof.de", ["Räume", "Fachwissen"], "ja"),
    ("Diakoniestation Neustadt-Süd", "Diakoniestation", "Soziale Einrichtung", ["Gesundheit & Bewegung"],
     "aktiv", "Kirchplatz 4", "12345", "diakonie-neustadt.de", ["Fachwissen"], "ja"),
    ("Neustädter Tafel e.V.", "Tafel", "Soziale Einrichtung", ["Nachbarschaft"], "aktiv",
     "Gartenstraße 3", "12347", "tafel-neustadt.de", ["Sachmittel"], "ja"),
    ("AWO Schuldnerberatung", "AWO Beratung", "Soziale Einrichtung", ["Nachbarschaft"], "potenziell",
     "Bahnhofstraße 12", "12340", "awo-neustadt.de", [], None),
    ("Bezirksamt Neustadt-Süd, Stadtplanung", "Stadtplanung", "Verwaltung",
     ["Öffentlicher Raum", "Beteiligung & Vernetzung"], "aktiv", "Rathausplatz 1", "12340",
     "neustadt.de", ["Fachwissen", "Finanzmittel"], "ja"),
    ("Jugendamt Neustadt", "Jugendamt", "Verwaltung", ["Bildung"], "aktiv",
     "Rathausplatz 2", "12340", "neustadt.de", ["Fachwissen", "Finanzmittel"], "ja"),
    ("Grünflächenamt Neustadt", "Grünflächenamt", "Verwaltung", ["Klima & Umwelt", "Öffentlicher Raum"],
     "aktiv", "Rathausplatz 2", "12340", "neustadt.de", ["Sachmittel"], "nein"),
    ("Stadtteilbibliothek Lindenhof", "Bibliothek", "Verwaltung", ["Bildung", "Kunst & Kultur"], "aktiv",
     "Lindenplatz 5", "12345", "bibliothek-neustadt.de", ["Räume", "Öffentlichkeitsarbeit"], "ja"),
    ("Bäckerei Krume", "Bäckerei Krume", "Gewerbe", ["Nachbarschaft"], "aktiv",
     "Lindenplatz 1", "12345", "baeckerei-krume.de", ["Sachmittel"], "ja"),
    ("Apotheke am Lindenplatz", "Apotheke", "Gewerbe", ["Gesundheit & Bewegung"], "aktiv",
     "Lindenplatz 7", "12345", "apotheke-lindenplatz.de", ["Öffentlichkeitsarbeit"], "ja"),
    ("Werbegemeinschaft Lindenplatz", "Werbegemeinschaft", "Gewerbe", ["Öffentlicher Raum"], "aktiv",
     "Lindenplatz 9", "12345", "lindenplatz-neustadt.de", ["Öffentlichkeitsarbeit", "Finanzmittel"], "ja"),
    ("Café Eck", "Café Eck", "Gewerbe", ["Kunst & Kultur", "Nachbarschaft"], "aktiv",
     "Mühlenweg 1", "12347", "cafe-eck-neustadt.de", ["Räume"], "offen"),
    ("Initiative Lindenhof barrierefrei", "Ini barrierefrei", "Initiative", ["Sicherheit & Barrierefreiheit"],
     "aktiv", "Lindenstraße 9", "12345", "lindenhof-barrierefrei.de", ["Fachwissen"], "ja"),
    ("Repair-Café Lindenhof", "Repair-Café", "Initiative", ["Klima & Umwelt", "Nachbarschaft"], "aktiv",
     "Lindenplatz 3", "12345", "repaircafe-lindenhof.de", ["Personal"], "ja"),
    ("Elterninitiative Sicherer Schulweg", "Eltern Schulweg", "Initiative",
     ["Sicherheit & Barrierefreiheit", "Bildung"], "aktiv", "Parkallee 3", "12345",
     "sicherer-schulweg.de", ["Personal"], "ja"),
    ("Gemeinschaftsgarten Wilde Möhre", "Wilde Möhre", "Initiative", ["Klima & Umwelt"], "beendet",
     "Am Bach 30", "12347", "wilde-moehre.de", [], "nein"),
    ("Volkshochschule Neustadt", "VHS", "Sonstige", ["Bildung"], "aktiv",
     "Schulstraße 10", "12340", "vhs-neustadt.de", ["Räume", "Fachwissen"], "ja"),
    ("Musikschule Neustadt", "Musikschule", "Sonstige", ["Kunst & Kultur", "Bildung"], "aktiv",
     "Schulstraße 12", "12340", "musikschule-neustadt.de", ["Personal", "Fachwissen"], "ja"),
    ("Stadtwerke Neustadt", "Stadtwerke", "Sonstige", ["Klima & Umwelt"], "potenziell",
     "Werkstraße 1", "12340", "stadtwerke-neustadt.de", [], None),
]

_GOALS = {
    "Schule": ("Eltern besser erreichen, sichere Schulwege, außerschulische Lernorte",
               "Zugang zu Familien im Quartier und Unterstützung bei Schulprojekten"),
    "Kita": ("Familien früh erreichen, Übergang Kita–Schule gestalten",
             "Kontakte zu Schulen, Beratung und Räumen im Quartier"),
    "Verein": ("Mitglieder gewinnen, Angebote bekannter machen",
               "Sichtbarkeit im Quartier und neue Mitglieder"),
    "Wohnungsunternehmen": ("Gute Nachbarschaft, gepflegte Höfe, weniger Konflikte",
                            "Zufriedene Mieterinnen und Mieter, weniger Leerstand"),
    "Polizei": ("Sicherheitsgefühl stärken, Prävention", "Direkter Draht zu Einrichtungen im Quartier"),
    "Religionsgemeinschaft": ("Begegnung und Zusammenhalt im Quartier",
                              "Neue Kontakte und gemeinsame Feste"),
    "Jugendeinrichtung": ("Jugendliche beteiligen, Freiräume schaffen",
                          "Mehr Jugendliche erreichen, Zugang zu Räumen"),
    "Soziale Einrichtung": ("Hilfen bekannt machen, Menschen früh erreichen",
                            "Mehr Ratsuchende erreichen, kurze Wege zu anderen Hilfen"),
    "Verwaltung": ("Bürgernahe Planung, Beteiligung im Quartier",
                   "Ansprechpartner vor Ort und frühe Rückmeldungen aus dem Quartier"),
    "Gewerbe": ("Belebter Lindenplatz, Kundschaft aus dem Quartier", "Sichtbarkeit und Kundschaft"),
    "Initiative": ("Anliegen der Bewohnerschaft voranbringen", "Unterstützung, Räume und Reichweite"),
    "Sonstige": ("Angebote im Quartier verankern", "Neue Teilnehmende aus dem Quartier"),
}

_FIRST_F = ["Anna", "Sabine", "Julia", "Katrin", "Elif", "Maria", "Sandra", "Petra", "Aylin", "Monika",
            "Claudia", "Nadine", "Fatma", "Ursula", "Lena", "Jana", "Olga", "Birgit", "Sophie", "Miriam"]
_FIRST_M = ["Thomas", "Michael", "Stefan", "Andreas", "Mehmet", "Jan", "Peter", "Markus", "Ali", "Frank",
            "Tobias", "Daniel", "Uwe", "Jürgen", "Klaus", "Lukas", "Dmitri", "Ralf", "Sven", "Kemal"]
_LAST = ["Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz",
         "Koch", "Richter", "Wolf", "Schröder", "Neumann", "Schwarz", "Zimmermann", "Braun", "Hartmann",
         "Lange", "Werner", "Krause", "Lehmann", "Köhler", "Demir", "Kaya", "Öztürk", "Nowak",
         "Kowalski", "Schubert", "Vogel", "Friedrich", "Keller", "Günther", "Frank", "Berger", "Winkler",
         "Roth", "Beck", "Lorenz", "Baumann", "Franke", "Albrecht", "Schuster", "Simon", "Ludwig"]
# Positions per partner type: a neutral word, or (female, male) forms chosen by the person's salutation.
_POSITIONS: dict[str, list[str | tuple[str, str]]] = {
    "Schule": ["Schulleitung", "Schulsozialarbeit", ("Lehrerin", "Lehrer")],
    "Kita": ["Kitaleitung", ("Erzieherin", "Erzieher"), "Stellv. Leitung"],
    "Verein": ["Vorsitz", "Geschäftsführung", "Vorstand"],
    "Wohnungsunternehmen": ["Sozialmanagement", "Quartiersbetreuung", "Kundenbetreuung"],
    "Polizei": [("Kontaktbereichsbeamtin", "Kontaktbereichsbeamter"),
                ("Präventionsbeauftragte", "Präventionsbeauftragter")],
    "Religionsgemeinschaft": [("Pfarrerin", "Pfarrer"), ("Gemeindereferentin", "Gemeindereferent"), "Vorstand"],
    "Jugendeinrichtung": ["Einrichtungsleitung", "Sozialarbeit", "Streetwork"],
    "Soziale Einrichtung": ["Leitung", "Beratung", "Koordination"],
    "Verwaltung": ["Sachbearbeitung", "Fachbereichsleitung", "Bezirkskoordination"],
    "Gewerbe": [("Inhaberin", "Inhaber"), "Filialleitung"],
    "Initiative": [("Sprecherin", "Sprecher"), "Koordination"],
    "Sonstige": ["Fachbereichsleitung", "Programmplanung"],
}
# Communities whose offices the general list would name wrongly (a mosque has no Pfarrerin;
# a Catholic parish priest is a man).
_POSITIONS_BY_PARTNER: dict[str, list[str | tuple[str, str]]] = {
    "Islamische Gemeinde": [("Vorsitzende", "Vorsitzender"), ("Dialogbeauftragte", "Dialogbeauftragter")],
    "St. Elisabeth": [("Gemeindereferentin", "Gemeindereferent"), ("Pastoralreferentin", "Pastoralreferent")],
}


# Structures: (name, type, field, topics, lead, members (short names), cadence, docked_to, start, status)
_STRUCTURES: list[tuple] = [
    ("Netzwerktreffen Lindenhof", "Netzwerktreffen", "Beteiligung & Vernetzung",
     ["Vernetzung", "Stadtteilfest", "Verfügungsfonds"], "QM",
     ["GS Park", "GemS Lindenhof", "Kita Sonnenschein", "SV Blau-Weiß", "Nachbarschaftsverein",
      "NEWOGE", "WG Lindenhof", "St. Markus", "Islamische Gemeinde", "Oase", "Familienzentrum",
      "Stadtplanung", "Bibliothek", "Werbegemeinschaft"],
     "quartalsweise", None, dt.date(2023, 3, 1), "aktiv"),
    ("AK Sicherheit & Barrierefreiheit", "Arbeitskreis", "Sicherheit & Barrierefreiheit",
     ["Gehwege", "Beleuchtung", "Barrierefreiheit"], "Polizei Süd",
     ["Polizei Süd", "Ini barrierefrei", "Seniorentreff", "NEWOGE", "Stadtplanung", "Eltern Schulweg"],
     "zweimonatlich", None, dt.date(2024, 2, 1), "aktiv"),
    ("AK Bewegung", "Arbeitskreis", "Gesundheit & Bewegung", ["Sport", "Spielplätze", "Gesundheit"],
     "SV Blau-Weiß", ["SV Blau-Weiß", "GS Park", "GemS Lindenhof", "Kita Sonnenschein", "Diakoniestation",
                      "Apotheke"], "quartalsweise", None, dt.date(2024, 5, 1), "aktiv"),
    ("AK Kunst & Kultur", "Arbeitskreis", "Kunst & Kultur", ["Stadtteilfest", "Ausstellung", "Musik"],
     "Brückenschlag", ["Brückenschlag", "Oase", "Bibliothek", "Musikschule", "Café Eck", "NEWOGE"],
     "quartalsweise", None, dt.date(2024, 9, 1), "aktiv"),
    ("Lesepatenschaften", "Kleinstkooperation", "Bildung", ["Lesen", "Ehrenamt"], "Bibliothek",
     ["Bibliothek", "GS Park", "Seniorentreff"], "nach Bedarf", None, dt.date(2025, 1, 15), "aktiv"),
    ("Sozialraumkonferenz Neustadt-Süd", "Gremium (extern)", "Bildung", ["Jugend", "Übergang Schule–Beruf"],
     "Jugendamt", ["Jugendamt", "Die Insel", "Oase", "Streetwork", "GemS Lindenhof", "Familienzentrum"],
     "halbjährlich", None, dt.date(2020, 1, 1), "aktiv"),
    ("AK Sichere Gehwege", "Arbeitskreis", "Sicherheit & Barrierefreiheit", ["Gehwege", "Schulweg"], "QM",
     ["Polizei Süd", "Ini barrierefrei", "NEWOGE", "Eltern Schulweg"], "monatlich", None,
     dt.date(2025, 9, 1), "aktiv"),
    ("AK Jugend im Quartier", "Arbeitskreis", "Bildung", ["Jugend", "Freizeit"], "QM",
     ["Oase", "Die Insel", "Streetwork", "GemS Lindenhof"], "zweimonatlich", None, dt.date(2025, 10, 1),
     "aktiv"),
    ("Gartenrunde", "Kleinstkooperation", "Klima & Umwelt", ["Garten", "Müll"], "Stadtteilgarten",
     ["Stadtteilgarten", "Repair-Café", "Grünflächenamt", "NEWOGE"], "monatlich", "Netzwerktreffen Lindenhof",
     dt.date(2025, 4, 1), "aktiv"),
]

# Agenda items and the tasks/decisions they bring, by field of action. ``{month}`` and ``{year}``
# are filled in from the meeting's date, ``{season}`` with the year of the coming summer; within one
# group an entry is never recorded twice, so a recurring item ("Stadtteilfest {season}") comes back
# once per year, a one-off item once.
_AGENDA = {
    "Beteiligung & Vernetzung": [
        ("Berichte aus den Einrichtungen", [("Information", "Neue Öffnungszeiten im Familienzentrum ab Januar"),
                                            ("Information", "Die Bibliothek bietet ab Herbst eine Sprechstunde an")]),
        ("Stadtteilfest", [("Aufgabe", "Standplan für das Stadtteilfest {season} erstellen"),
                           ("Aufgabe", "Bühnenprogramm {season} mit den Vereinen abstimmen"),
                           ("Beschluss", "Das Stadtteilfest {season} findet am zweiten Samstag im Juni statt")]),
        ("Verfügungsfonds", [("Aufgabe", "Anträge für den Verfügungsfonds {month} sammeln"),
                             ("Beschluss", "Der Vergabebeirat tagt zweimal im Jahr")]),
        ("Öffentlichkeitsarbeit", [("Aufgabe", "Netzwerk-Flyer {year} mit allen Ansprechpersonen aktualisieren"),
                                   ("Aufgabe", "Logos der Partner für die Webseite einsammeln"),
                                   ("Aufgabe", "Beitrag für die Stadtteilzeitung {month} schreiben")]),
        ("Nachbarschaftsbefragung", [("Aufgabe", "Fragebogen zur Nachbarschaftsbefragung abstimmen"),
                                     ("Aufgabe", "Ergebnisse der Befragung im Netzwerk vorstellen")]),
        ("Neue Partner", [("Aufgabe", "Stadtwerke zum nächsten Netzwerktreffen einladen"),
                          ("Information", "Die Musikschule möchte im Netzwerk mitarbeiten")]),
    ],
    "Sicherheit & Barrierefreiheit": [
        ("Begehung", [("Aufgabe", "Begehung der Schulwege im {month} mit Eltern und Polizei organisieren"),
                      ("Aufgabe", "Mängelliste der Begehung {month} an das Bezirksamt senden")]),
        ("Beleuchtung", [("Aufgabe", "Dunkle Ecken am Mühlenweg beim Bezirksamt melden"),
                         ("Information", "Die Stadtwerke prüfen zusätzliche Laternen"),
                         ("Aufgabe", "Rückmeldung der Stadtwerke zu den Laternen einholen")]),
        ("Barrierefreiheit", [("Aufgabe", "Bordsteinabsenkungen am Lindenplatz dokumentieren"),
                              ("Beschluss", "Der AK lädt den Behindertenbeirat zur nächsten Sitzung ein"),
                              ("Aufgabe", "Stadtplan mit barrierefreien Wegen entwerfen")]),
        ("Schulwegsicherheit", [("Aufgabe", "Elternbrief zum sicheren Schulweg {year} verteilen"),
                                ("Aufgabe", "Tempo-30-Schilder vor der Grundschule beantragen"),
                                ("Information", "Die Polizei kontrolliert morgens vor den Schulen")]),
        ("Sitzbänke", [("Aufgabe", "Standorte für neue Sitzbänke am Lindenplatz vorschlagen"),
                       ("Aufgabe", "Seniorentreff zu fehlenden Ruhebänken befragen")]),
    ],
    "Gesundheit & Bewegung": [
        ("Bewegungsangebote", [("Aufgabe", "Bewegungspass für Grundschulkinder entwerfen"),
                               ("Aufgabe", "Hallenzeiten {year} für offenes Sporttreffen anfragen")]),
        ("Spielplätze", [("Aufgabe", "Zustand der Spielplätze im Quartier erfassen"),
                         ("Information", "Der Spielplatz Parkallee wird im Frühjahr saniert")]),
        ("Gesundheitstag", [("Aufgabe", "Gesundheitstag {season} am Lindenplatz vorbereiten"),
                            ("Aufgabe", "Blutdruckmessung mit der Apotheke für den Gesundheitstag {season} planen")]),
        ("Bewegung im Alter", [("Aufgabe", "Spaziergruppe für Seniorinnen und Senioren starten"),
                               ("Information", "Die Diakoniestation bietet Sturzprävention an")]),
    ],
    "Kunst & Kultur": [
        ("Ausstellung", [("Aufgabe", "Räume für die Ausstellung „Lindenhof früher und heute“ anfragen"),
                         ("Aufgabe", "Fotos von Bewohnerinnen und Bewohnern sammeln")]),
        ("Musik im Park", [("Aufgabe", "Genehmigung für Musik im Park {season} beantragen"),
                           ("Beschluss", "Musik im Park {season} findet an drei Sonntagen im Sommer statt")]),
        ("Hofkonzerte", [("Aufgabe", "Höfe für die Hofkonzerte {season} mit der NEWOGE auswählen"),
                         ("Aufgabe", "Plakat für das Hofkonzert im {month} gestalten")]),
        ("Lesungen", [("Aufgabe", "Autorin für eine Lesung in der Bibliothek anfragen"),
                      ("Information", "Das Café Eck stellt seinen Saal für Lesungen zur Verfügung")]),
    ],
    "Bildung": [
        ("Lesepaten", [("Aufgabe", "Neue Lesepatinnen und Lesepaten für {year} ansprechen"),
                       ("Information", "Zwölf Kinder nehmen derzeit teil")]),
        ("Jugendbeteiligung", [("Aufgabe", "Jugendforum im {month} im Jugendclub vorbereiten"),
                               ("Aufgabe", "Umfrage zu Freizeitorten unter Jugendlichen auswerten")]),
        ("Übergang Schule–Beruf", [("Aufgabe", "Betriebe für Schnupperpraktika {year} gewinnen"),
                                   ("Aufgabe", "Bewerbungstraining mit der VHS planen")]),
        ("Ferienprogramm", [("Aufgabe", "Ferienprogramm {season} der Einrichtungen zusammenstellen"),
                            ("Beschluss", "Das Ferienprogramm erscheint als gemeinsamer Flyer")]),
    ],
    "Klima & Umwelt": [
        ("Garten", [("Aufgabe", "Hochbeete für den Innenhof der NEWOGE planen"),
                    ("Aufgabe", "Pflanzplan für die Beete im {month} abstimmen"),
                    ("Aufgabe", "Gießdienst für die Beete im {month} einteilen")]),
        ("Müll", [("Aufgabe", "Aktionstag „Sauberer Lindenhof“ {year} vorbereiten"),
                  ("Information", "Die Stadtreinigung stellt Greifzangen und Säcke")]),
        ("Reparieren", [("Aufgabe", "Termin für das Repair-Café im {month} bekanntmachen"),
                        ("Aufgabe", "Werkzeugspenden für das Repair-Café sammeln")]),
        ("Grünflächen", [("Aufgabe", "Baumpatenschaften am Mühlenbach vorschlagen"),
                         ("Information", "Das Grünflächenamt mäht die Wiese am Bach seltener")]),
    ],
}
# What a meeting records under an agenda item besides its tasks: news and decisions, one per item
# and meeting. ``{org}`` is an attending partner (not an office: offices report elsewhere), ``{n}``
# and ``{many}`` are numbers, ``{date}`` a day some weeks ahead; the never-twice rule above applies,
# so the entries naming a month or a partner recur.
_OUTCOMES: dict[str, list[tuple[str, str]]] = {
    "Berichte aus den Einrichtungen": [
        ("Information", "{org} stellt das Programm der kommenden Wochen vor; es geht mit dem Protokoll herum"),
        ("Information", "{org}: Ab {month} gibt es eine neue Ansprechperson für das Netzwerk"),
        ("Information", "{org} bittet, Hinweise auf Veranstaltungen künftig vier Wochen vorher zu schicken"),
        ("Information", "{org} bietet im {month} eine offene Sprechstunde an")],
    "Stadtteilfest": [
        ("Information", "{n} Einrichtungen haben bis {month} einen Stand beim Stadtteilfest {season} angemeldet"),
        ("Beschluss", "Das Netzwerk beantragt 1.500 € aus dem Verfügungsfonds für Bühne und Technik beim "
                      "Stadtteilfest {season}"),
        ("Information", "{org} ist beim Stadtteilfest {season} mit einem Stand dabei")],
    "Verfügungsfonds": [
        ("Information", "Seit dem letzten Treffen sind {n} Anträge für den Verfügungsfonds eingegangen"),
        ("Beschluss", "Das Netzwerk unterstützt die {n} Anträge, die der Vergabebeirat zur Förderung empfiehlt"),
        ("Information", "{org} stellt eine Projektidee für den Verfügungsfonds vor; der Vergabebeirat entscheidet")],
    "Öffentlichkeitsarbeit": [
        ("Information", "Die Stadtteilzeitung {month} berichtet auf einer Doppelseite über das Netzwerk"),
        ("Beschluss", "Neue Partner erscheinen mit Logo auf der Webseite, sobald sie es freigegeben haben"),
        ("Information", "{org} teilt die Beiträge des Netzwerks künftig auch in den eigenen Kanälen")],
    "Nachbarschaftsbefragung": [
        ("Information", "{n}0 ausgefüllte Fragebögen sind bis {month} zurückgekommen"),
        ("Beschluss", "Die Fragebögen liegen auch auf Türkisch und Arabisch aus"),
        ("Information", "{org} verteilt Fragebögen an die eigenen Besucherinnen und Besucher")],
    "Neue Partner": [
        ("Information", "{org} schlägt vor, die Volkshochschule zum Netzwerktreffen einzuladen"),
        ("Beschluss", "Neue Partner stellen sich beim nächsten Netzwerktreffen fünf Minuten lang vor"),
        ("Information", "Im {month} hat das Quartiersmanagement {n} Einrichtungen angesprochen; zwei haben Interesse")],
    "Begehung": [
        ("Information", "Bei der Begehung im {month} wurden {n} Gefahrenstellen aufgenommen; die Liste liegt bei"),
        ("Beschluss", "Die nächste Begehung führt über den Mühlenweg und den Lindenplatz"),
        ("Information", "{org} hat die gemeldeten Mängel an das Bezirksamt weitergegeben")],
    "Beleuchtung": [
        ("Information", "{n} der gemeldeten Laternen hat das Bezirksamt bis {month} instand gesetzt"),
        ("Beschluss", "Der AK bittet die Stadtwerke um eine zusätzliche Laterne am Durchgang zur Parkallee"),
        ("Information", "{org} meldet einen weiteren dunklen Abschnitt am Mühlenweg")],
    "Barrierefreiheit": [
        ("Information", "Im {month} hat {org} {n} Hauseingänge auf Stufen und Schwellen geprüft"),
        ("Beschluss", "Der AK schlägt dem Bezirksamt die Absenkung der Bordsteine am Markt vor"),
        ("Information", "Die Mängelliste zum Lindenplatz umfasst {n} Einträge (Stand {month})")],
    "Schulwegsicherheit": [
        ("Information", "Die Polizei hat im {month} an {n} Morgen vor den Grundschulen kontrolliert"),
        ("Beschluss", "Der AK unterstützt den Antrag auf einen Zebrastreifen an der Parkallee"),
        ("Information", "{org} berichtet: Die Elternhaltestelle wird gut angenommen")],
    "Sitzbänke": [
        ("Information", "{org} hat {n} Standorte für neue Bänke vorgeschlagen"),
        ("Beschluss", "Der AK empfiehlt dem Grünflächenamt zuerst die Bänke am Lindenplatz"),
        ("Information", "Im {month} hat das Grünflächenamt {n} Bänke am Lindenplatz geprüft")],
    "Bewegungsangebote": [
        ("Information", "Zum offenen Sporttreffen kamen im {month} im Schnitt {many} Kinder"),
        ("Beschluss", "Das offene Sporttreffen wird bis zu den Sommerferien verlängert"),
        ("Information", "{org} wirbt in den eigenen Räumen für das offene Sporttreffen")],
    "Spielplätze": [
        ("Information", "{org} meldet einen defekten Schaukelsitz am Spielplatz Parkallee"),
        ("Beschluss", "Der AK bittet das Grünflächenamt, den Spielplatz am Mühlenbach in die Sanierungsliste "
                      "aufzunehmen"),
        ("Information", "Bei der Spielplatzbegehung im {month} fielen {n} Mängel auf")],
    "Gesundheitstag": [
        ("Information", "{n} Einrichtungen haben bis {month} einen Stand beim Gesundheitstag {season} zugesagt"),
        ("Beschluss", "Der Gesundheitstag findet auf dem Lindenplatz statt, bei Regen im Familienzentrum"),
        ("Information", "{org} bietet beim Gesundheitstag {season} eine Beratung an")],
    "Bewegung im Alter": [
        ("Information", "Zur Spaziergruppe kamen im {month} jeden Dienstag {n} Seniorinnen und Senioren"),
        ("Beschluss", "Die Spaziergruppe trifft sich ab sofort am Seniorentreff"),
        ("Information", "{org} macht im {month} Werbung für die Spaziergruppe")],
    "Ausstellung": [
        ("Information", "{n}0 Fotos aus Familienalben sind bis {month} für die Ausstellung eingegangen"),
        ("Beschluss", "Die Ausstellung „Lindenhof früher und heute“ wird in der Bibliothek gezeigt"),
        ("Information", "{org} hilft beim Aufbau der Ausstellung")],
    "Musik im Park": [
        ("Information", "{n} Gruppen haben bis {month} für Musik im Park {season} zugesagt"),
        ("Beschluss", "Bei Regen weicht Musik im Park in den Gemeindesaal St. Markus aus"),
        ("Information", "{org} hilft bei Musik im Park {season} beim Auf- und Abbau")],
    "Hofkonzerte": [
        ("Information", "Zum Hofkonzert im {month} kamen rund {n}0 Nachbarinnen und Nachbarn"),
        ("Beschluss", "Die Hofkonzerte beginnen um 18 Uhr und enden spätestens um 20 Uhr"),
        ("Information", "{org} wirbt in den eigenen Kanälen für die Hofkonzerte {season}")],
    "Lesungen": [
        ("Information", "Zur Lesung im {month} kamen {many} Gäste"),
        ("Beschluss", "Lesungen finden künftig abwechselnd in der Bibliothek und im Café Eck statt"),
        ("Information", "{org} schlägt eine zweisprachige Lesung für Kinder vor")],
    "Lesepaten": [
        ("Information", "Im {month} lasen {n} Patinnen und Paten mit Kindern der Grundschule am Park"),
        ("Beschluss", "Die Lesepatinnen und Lesepaten treffen sich einmal im Halbjahr zum Austausch"),
        ("Information", "{org} wirbt um neue Lesepatinnen und Lesepaten")],
    "Jugendbeteiligung": [
        ("Information", "Beim Jugendforum im {month} haben {many} Jugendliche mitgemacht"),
        ("Beschluss", "Die Jugendlichen entscheiden selbst über 500 € aus dem Verfügungsfonds"),
        ("Information", "{org} gibt den Wunsch der Jugendlichen nach einem überdachten Treffpunkt am Bolzplatz "
                        "weiter")],
    "Übergang Schule–Beruf": [
        ("Information", "{n} Betriebe haben bis {month} Schnupperpraktika zugesagt"),
        ("Beschluss", "Das Bewerbungstraining findet in den Räumen der VHS statt"),
        ("Information", "{org} berichtet vom Berufsorientierungstag an der Gemeinschaftsschule")],
    "Ferienprogramm": [
        ("Information", "{n} Einrichtungen haben bis {month} Angebote für das Ferienprogramm {season} gemeldet"),
        ("Beschluss", "Anmeldeschluss für das Ferienprogramm ist zwei Wochen vor Ferienbeginn"),
        ("Information", "{org} bietet im Ferienprogramm {season} zwei Ausflugstage an")],
    "Garten": [
        ("Information", "Stand {month}: {n} Familien gärtnern im Gemeinschaftsgarten mit"),
        ("Beschluss", "Der Gießdienst wechselt wöchentlich; die Liste hängt am Gartenhaus"),
        ("Information", "{org} spendet Saatgut und Pflanzerde")],
    "Müll": [
        ("Information", "Im {month} haben die Müllpaten {many} Säcke Müll gesammelt"),
        ("Beschluss", "Der Aktionstag „Sauberer Lindenhof“ findet zweimal im Jahr statt"),
        ("Information", "{org} meldet wilde Müllablagerungen hinter den Garagen an der Parkallee")],
    "Reparieren": [
        ("Information", "Im Repair-Café wurden im {month} {n} Geräte repariert"),
        ("Beschluss", "Das Repair-Café findet jeden ersten Samstag im Monat im Stadtteilbüro statt"),
        ("Information", "{org} hängt Plakate für den nächsten Reparaturtermin aus")],
    "Grünflächen": [
        ("Information", "Im {month} hat das Grünflächenamt {n} junge Bäume am Mühlenbach gepflanzt"),
        ("Beschluss", "Die Gartenrunde übernimmt die Patenschaft für die Beete am Bachufer"),
        ("Information", "{org} regt eine Blühwiese am Spielplatz an")],
}
# Announcements under "Verschiedenes".
_ANNOUNCEMENTS = [
    ("Information", "{org} lädt am {date} zum Tag der offenen Tür ein"),
    ("Information", "{org} sucht Ehrenamtliche und bittet, den Aufruf weiterzugeben"),
    ("Information", "{org} hat neue Flyer mitgebracht; sie liegen im Stadtteilbüro aus"),
    ("Information", "{org} ist ab dem {date} zwei Wochen lang nur eingeschränkt erreichbar"),
    ("Information", "Termine für den Veranstaltungskalender bitte bis zum {date} an das Quartiersmanagement melden"),
    ("Information", "Anträge für den Verfügungsfonds können bis zum {date} im Stadtteilbüro abgegeben werden"),
    ("Information", "{org} sucht Räume für ein neues Angebot und bittet um Hinweise"),
    ("Information", "{org} stellt das neue Halbjahresprogramm vor; es geht mit dem Protokoll herum"),
]
_MONTHS = ("Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober",
           "November", "Dezember")


_PLACES = {"QM": "Stadtteilbüro, Lindenplatz 3"}
_FIRST_DAY = dt.date(2025, 5, 1)  # the demo's meetings begin here
_CADENCE_DAYS = {"monatlich": 30, "zweimonatlich": 61, "quartalsweise": 91, "halbjährlich": 182,
                 "nach Bedarf": 120, "wöchentlich": 7, "jährlich": 365}


def _ids(prefix: str, digits: int, n: int) -> list[str]:
    return [f"{prefix}{i:0{digits}d}" for i in range(1, n + 1)]


def demo_rows() -> dict[str, list[dict[str, Any]]]:
    """All rows of the demo workbook, by sheet key, with IDs assigned."""
    rng = random.Random(SEED)
    partners = _partners(rng)
    short = {p["short_name"] or p["name"]: p for p in partners}
    people = _people(rng, partners)
    structures = _structures()
    meetings, tasks = _meetings_and_tasks(rng, structures, short, people)
    agreements = _agreements(partners, people)
    topics = _topics()
    _link_topics(meetings, tasks, topics)
    rows = {"partners": partners, "people": people, "structures": structures, "meetings": meetings,
            "tasks": tasks, "agreements": agreements, "topics": topics}
    _planning(rows)
    _relations(rows)
    return rows


# --------------------------------------------------------------------------- schema version 2

# (title, date, lead, co-organisers "short name: role", structure, target groups, place, expected, reach,
#  residents, status) — a joint festival with four organisers, events on one shoulder, a planned clash
_EVENTS: list[tuple] = [
    ("Stadtteilfest Lindenhof", dt.date(2026, 6, 13), "Nachbarschaftsverein",
     ["SV Blau-Weiß: Sport- und Spielstraße", "NEWOGE: Strom, Höfe und Bierbänke",
      "Islamische Gemeinde: Essen aus aller Welt"], "Netzwerktreffen Lindenhof",
     ["alle Bewohner*innen", "Familien"], "Lindenplatz", 800, 950, 820, "stattgefunden"),
    ("Musik im Park", dt.date(2026, 8, 16), "Musikschule", ["Brückenschlag: Programm", "Café Eck: Getränke"],
     "AK Kunst & Kultur", ["Erwachsene", "Seniorinnen und Senioren"], "Stadtpark, Musikpavillon", 150, 180, 150,
     "stattgefunden"),
    ("Lesefest in der Bibliothek", dt.date(2026, 9, 26), "Bibliothek", [], "Lesepatenschaften", ["Kinder"],
     "Stadtteilbibliothek Lindenhof, Lindenplatz 5", 60, None, None, "stattgefunden"),
    ("Herbstputz Lindenhof", dt.date(2026, 11, 28), "Stadtteilgarten",
     ["Repair-Café: Werkzeug", "Grünflächenamt: Säcke und Abfuhr"], "Gartenrunde",
     ["Erwachsene", "alle Bewohner*innen"], None, 40, None, None, "geplant"),
    ("Lichterfest der Kitas", dt.date(2026, 12, 5), "Kita Sonnenschein", ["Kita Arche: Laternen"], None,
     ["Kinder", "Familien"], "Saal im Familienzentrum", 120, None, None, "geplant"),
    ("Adventsmarkt am Lindenplatz", dt.date(2026, 12, 12), "Werbegemeinschaft",
     ["St. Markus: Glühwein und Chor", "Bäckerei Krume: Stollen"], None, ["Familien", "Erwachsene"], "Lindenplatz",
     400, None, None, "geplant"),
]

# (kind, title, partner, target groups, field, place, times, cost, step-free, toilet, capacity, valid until)
_OFFERS: list[tuple] = [
    ("Raum", "Saal im Familienzentrum", "Familienzentrum", ["alle Bewohner*innen"], "Nachbarschaft",
     "Rosenweg 1, Erdgeschoss", "Mo–Do ab 17 Uhr", "kostenlos für Netzwerkpartner", "ja", "ja", 60, None),
    ("Raum", "Stadtteilbüro", "QM", ["alle Bewohner*innen"], "Beteiligung & Vernetzung", "Lindenplatz 3",
     "Di und Do 9–18 Uhr", "kostenlos", "ja", "nein", 20, None),
    ("Raum", "Gemeindesaal St. Markus", "St. Markus", ["alle Bewohner*innen"], "Nachbarschaft", "Kirchplatz 1",
     "nach Absprache", "Spende erbeten", "nein", "nein", 80, None),
    ("Raum", "Aula der Grundschule am Park", "GS Park", ["Kinder", "Familien"], "Bildung", "Parkallee 12",
     "abends und am Wochenende nach Absprache", "kostenlos", "ja", "ja", 120, dt.date(2027, 7, 31)),
    ("Kurs oder Gruppe", "Offenes Sporttreffen", "SV Blau-Weiß", ["Kinder", "Jugendliche"], "Gesundheit & Bewegung",
     "Am Sportplatz 1", "Fr 16–18 Uhr", "kostenlos", "ja", "ja", None, None),
    ("Beratung", "Mieterberatung", "NEWOGE", ["Familien", "Seniorinnen und Senioren"], "Nachbarschaft",
     "Bahnhofstraße 50", "Mi 10–12 Uhr", "kostenlos", "ja", "ja", None, dt.date(2026, 6, 30)),
    ("Ausstattung", "Bierzeltgarnituren (10 Sets)", "WG Lindenhof", ["alle Bewohner*innen"], None,
     "Parkallee 40", "Abholung nach Absprache", "kostenlos", None, None, None, None),
    ("Zugang zu einer Community", "Kontakt zu Familien der Gemeinde", "Islamische Gemeinde",
     ["Familien", "Menschen mit Migrationsgeschichte"], "Nachbarschaft", None, None, None, None, None, None, None),
    ("Fachwissen", "Barrierefreiheits-Check für Veranstaltungen", "Ini barrierefrei",
     ["Menschen mit Behinderung"], "Sicherheit & Barrierefreiheit", None, "nach Absprache", "kostenlos", None, None,
     None, None),
    # the rooms the groups meet in, as a manager enters them; the sports club's clubhouse is missing on
    # purpose (room-not-in-catalogue)
    ("Raum", "Gartenhaus im Stadtteilgarten", "Stadtteilgarten", ["alle Bewohner*innen"], "Klima & Umwelt",
     "Am Bach 5", "April–Oktober nach Absprache", "kostenlos", "ja", "nein", 15, None),
    ("Raum", "Besprechungsraum im Polizeirevier", "Polizei Süd", ["Erwachsene"], "Sicherheit & Barrierefreiheit",
     "Wachstraße 1", "werktags bis 18 Uhr", "kostenlos", "ja", "ja", 16, None),
    ("Raum", "Vereinsraum Brückenschlag", "Brückenschlag", ["alle Bewohner*innen"], "Kunst & Kultur",
     "Mühlenweg 8", "nach Absprache", "kostenlos für Netzwerkpartner", "nein", "ja", 25, None),
    ("Raum", "Leseraum der Stadtteilbibliothek", "Bibliothek", ["alle Bewohner*innen"], "Bildung", "Lindenplatz 5",
     "Mo–Fr während der Öffnungszeiten", "kostenlos", "ja", "ja", 30, None),
    ("Raum", "Gruppenraum im Jugendclub Oase", "Oase", ["Jugendliche"], "Bildung", "Schillerstraße 2",
     "Mo–Mi vormittags", "kostenlos", "ja", "ja", 20, None),
    ("Raum", "Sitzungssaal des Jugendamts", "Jugendamt", ["Erwachsene"], "Bildung", "Rathausplatz 2",
     "werktags nach Absprache", "kostenlos", "ja", "ja", 40, None),
]


def _planning(rows: dict[str, list[dict[str, Any]]]) -> None:
    """Events, offers, a planned duplicate round and its kick-off; added after (and without touching) the
    randomly generated rows, so every earlier row stays as it was."""
    people: dict[str, str] = {}
    for person in rows["people"]:
        if person.get("partner"):
            people.setdefault(person["partner"], f"{person['first_name']} {person['last_name']}")
    rows["structures"].append({
        "id": f"S{len(rows['structures']) + 1:02d}", "name": "Runde Jugendbeteiligung", "type": "Arbeitskreis",
        "field": "Bildung", "topics": ["Jugend", "Beteiligung"], "lead": "QM", "cadence": "zweimonatlich",
        "members": ["Oase", "Die Insel", "Streetwork", "GemS Lindenhof", "Jugendamt"], "status": "geplant"})
    rows["meetings"].append({
        "id": f"T{len(rows['meetings']) + 1:03d}", "structure": "Runde Jugendbeteiligung",
        "date": dt.date(2026, 12, 2), "start": dt.time(17, 0), "end": dt.time(18, 30), "host": "Oase",
        "place": "Jugendclub Oase, Schillerstraße 2", "status": "geplant",
        "agenda": ["Begrüßung", "Wozu eine neue Runde?", "Jugendforum 2027", "Verschiedenes"]})
    rows["events"] = [
        {"id": f"E{n:03d}", "title": title, "date": day, "start": dt.time(14, 0) if status == "geplant" else None,
         "end": dt.time(18, 0) if status == "geplant" else None, "lead": lead, "co_organisers": co,
         "structure": structure, "target_groups": groups, "place": place, "expected": expected, "reach": reach,
         "residents": residents, "status": status}
        for n, (title, day, lead, co, structure, groups, place, expected, reach, residents, status)
        in enumerate(_EVENTS, start=1)]
    rows["events"][0]["note"] = "Budget aus dem Verfügungsfonds: 2.400 €"
    rows["offers"] = [
        {"id": f"O{n:03d}", "kind": kind, "title": title, "partner": partner, "target_groups": groups, "field": field,
         "place": place, "times": times, "cost": cost, "step_free": step, "toilet": toilet, "capacity": capacity,
         "valid_until": until, "contact": people.get(partner)}
        for n, (kind, title, partner, groups, field, place, times, cost, step, toilet, capacity, until)
        in enumerate(_OFFERS, start=1)]
    number = len(rows["tasks"])
    for description, event, who, due, status in (
            ("Strom und Bühne für das Stadtteilfest klären", "E001", "NEWOGE", dt.date(2026, 5, 30), "erledigt"),
            ("Helferliste für den Herbstputz schreiben", "E004", "Stadtteilgarten", dt.date(2026, 11, 25), "offen"),
            ("Laternen-Bastelnachmittag ankündigen", "E005", "Kita Arche", dt.date(2026, 11, 30), "offen")):
        number += 1
        rows["tasks"].append({"id": f"A{number:03d}", "kind": "Aufgabe", "description": description, "event": event,
                              "responsible": who, "due": due, "status": status,
                              "done_on": due if status == "erledigt" else None,
                              "note": "Mit den Stadtwerken abgestimmt." if status == "erledigt" else None})



# --------------------------------------------------------------------------- contacts and concerns

_OFFICE = ["Anna Keller", "Murat Demir", "Lena Vogt"]
_CONTACT_TOPICS = [
    ("Kennenlernen und Erwartungen", "Einladung ins nächste Netzwerktreffen schicken"),
    ("Planung Stadtteilfest", "Standfläche und Material klären"),
    ("Rückmeldung zum Arbeitskreis", "Termin für ein Auswertungsgespräch finden"),
    ("Raumnutzung für Angebote", "Schlüsselübergabe vereinbaren"),
    ("Förderantrag Verfügungsfonds", "Unterlagen zuschicken"),
    ("Neue Ansprechperson", "Kontaktdaten in der Liste ergänzen"),
    ("Gemeinsamer Flyer", "Logo-Freigabe einholen"),
    ("Jahresplanung", "Termine abstimmen"),
]
_CONCERNS = [
    ("Nachbarschaft", "Ein Treffpunkt für ältere Menschen am Nachmittag", "Seniorentreff"),
    ("Öffentlicher Raum", "Mehr Sitzbänke auf dem Lindenplatz", "Stadtplanung"),
    ("Öffentlicher Raum", "Spielplatz an der Parkallee verschattet nicht", "Grünflächenamt"),
    ("Sicherheit & Barrierefreiheit", "Dunkler Weg zwischen Schule und Bushaltestelle", "Polizei Süd"),
    ("Sicherheit & Barrierefreiheit", "Bordsteine am Markt für Rollatoren absenken", "Ini barrierefrei"),
    ("Bildung", "Hausaufgabenhilfe auch freitags", "Familienzentrum"),
    ("Bildung", "Deutschkurs mit Kinderbetreuung", "VHS"),
    ("Kunst & Kultur", "Offene Bühne im Sommer", "Brückenschlag"),
    ("Gesundheit & Bewegung", "Bewegungsangebot für Frauen", "SV Blau-Weiß"),
    ("Klima & Umwelt", "Gemeinschaftsbeete im Hof der Parkallee", "Stadtteilgarten"),
    ("Nachbarschaft", "Tauschregal im Stadtteilbüro", "QM"),
    ("Beteiligung & Vernetzung", "Infos auch auf Türkisch und Arabisch", "QM"),
]


def _relations(rows: dict[str, list[dict[str, Any]]]) -> None:
    """The contact log over 20 months, residents' concerns, and the partners' new columns.

    Drawn from a generator of its own, so the rest of the demo stays exactly as it was.
    """
    rng = random.Random(SEED + 15)
    partners, people = rows["partners"], rows["people"]
    by_short = {p["short_name"]: p for p in partners if p["short_name"]}
    extra = [
        {"id": "P043", "name": "Neustädter Anzeiger", "short_name": "Anzeiger", "type": "Medien",
         "fields": ["Beteiligung & Vernetzung"], "status": "potenziell", "city": "Neustadt",
         "email": "redaktion@neustaedter-anzeiger.de", "website": "https://www.neustaedter-anzeiger.de"},
        {"id": "P044", "name": "Sparkasse Neustadt", "short_name": "Sparkasse", "type": "Gewerbe",
         "fields": ["Nachbarschaft"], "status": "abgelehnt", "city": "Neustadt",
         "email": "info@sparkasse-neustadt.de", "declined_reason": "Kein Budget für Stadtteilprojekte 2026",
         "approach_again": dt.date(2026, 10, 1)},
    ]
    partners += extra
    people.append({"id": f"K{len(people) + 1:03d}", "partner": "Anzeiger", "salutation": "Frau", "first_name": "Eva",
                   "last_name": "Brandt", "position": "Lokalredaktion", "email": "e.brandt@neustaedter-anzeiger.de",
                   "phone": "0123 777100", "legal_basis": "berechtigtes Interesse", "share": "nein"})
    for short in ("Nachbarschaftsverein", "Brückenschlag", "NEWOGE", "Bibliothek", "Stadtplanung"):
        by_short[short]["press"] = "ja"
    for partner in partners:
        if partner["status"] == "aktiv" and partner["short_name"] not in ("Tafel", "Bibliothek"):
            partner["benefit_sent"] = dt.date(2025, 12, 12)  # last winter's statements; Tafel was forgotten

    contacts: list[dict[str, Any]] = []
    start = dt.date(2025, 3, 20)

    def add(partner: dict, day: dt.date, who: str, channel: str, follow: int | None = None) -> None:
        topic, step = rng.choice(_CONTACT_TOPICS)
        contacts.append({"date": day, "partner": partner["short_name"] or partner["name"], "office_person": who,
                         "channel": channel, "topic": topic, "next_step": step,
                         "follow_up": day + dt.timedelta(days=follow) if follow else None})

    for i, partner in enumerate(partners):
        if partner["status"] not in ("aktiv", "ruhend"):
            continue
        who = _OFFICE[i % len(_OFFICE)]
        day = start + dt.timedelta(days=rng.randint(0, 60))
        while day < DEMO_TODAY - dt.timedelta(days=20):
            channel = rng.choice(["persönlich", "persönlich", "Telefon", "E-Mail", "am Rande eines Treffens"])
            if partner["short_name"] == "Apotheke":
                channel = "E-Mail"  # planted: never a conversation of its own
            add(partner, day, who, channel, rng.choice([None, None, 21]))
            day += dt.timedelta(days=rng.randint(70, 150))
        add(partner, DEMO_TODAY - dt.timedelta(days=rng.randint(5, 60)), who,
            "E-Mail" if partner["short_name"] == "Apotheke" else rng.choice(["persönlich", "Telefon"]),
            rng.choice([None, None, None, None, 30, 60]))
    werbung = by_short["Werbegemeinschaft"]["short_name"]
    contacts.append({"date": dt.date(2026, 10, 16), "partner": werbung, "office_person": "Lena Vogt",
                     "channel": "persönlich", "topic": "Weihnachtsbeleuchtung Lindenplatz",
                     "next_step": "Kostenvoranschlag nachfragen", "follow_up": dt.date(2026, 10, 30)})
    contacts += [  # planted: two colleagues approach the debt counselling service within a week
        {"date": dt.date(2026, 10, 2), "partner": "AWO Beratung", "office_person": "Anna Keller",
         "channel": "Telefon", "topic": "Sprechstunde im Stadtteilbüro?", "next_step": "Infomaterial schicken"},
        {"date": dt.date(2026, 10, 9), "partner": "AWO Beratung", "office_person": "Murat Demir",
         "channel": "persönlich", "topic": "Beratung für Mieter*innen der NEWOGE",
         "next_step": "Termin mit der Leitung", "follow_up": dt.date(2026, 12, 1)},
        {"date": dt.date(2025, 11, 3), "partner": "Anzeiger", "office_person": "Lena Vogt", "channel": "E-Mail",
         "topic": "Bericht über das Stadtteilfest", "next_step": "Pressemitteilung schicken"},
        {"date": dt.date(2026, 9, 15), "partner": "Anzeiger", "office_person": "Lena Vogt",
         "channel": "persönlich", "topic": "Serie „Gesichter des Lindenhofs“", "next_step": "Partner vorschlagen",
         "follow_up": dt.date(2026, 12, 15)},
        {"date": dt.date(2025, 10, 7), "partner": "Sparkasse", "office_person": "Murat Demir",
         "channel": "persönlich", "topic": "Sponsoring Stadtteilfest", "next_step": "Absage: im Herbst neu fragen"},
    ]
    contacts.sort(key=lambda c: c["date"])
    for number, row in enumerate(contacts, start=1):
        row["id"] = f"KV{number:04d}"
    contacts[3]["note"] = "Leitung skeptisch, erst nach den Sommerferien wieder ansprechen."
    rows["contacts"] = contacts

    concerns: list[dict[str, Any]] = []
    with_residents = [m for m in rows["meetings"] if m["status"] == "stattgefunden" and m.get("residents")]
    for meeting in rng.sample(with_residents, k=min(8, len(with_residents))):
        field, text, taker = rng.choice(_CONCERNS)
        concerns.append({"date": meeting["date"], "source": "Treffen", "meeting": meeting["id"], "field": field,
                         "concern": text, "taken_by": taker,
                         "status": rng.choice(["aufgegriffen", "in Arbeit", "umgesetzt", "beantwortet"])})
    survey = dt.date(2026, 5, 15)
    for field, text, taker in rng.sample(_CONCERNS, k=6):
        status = rng.choice(["aufgegriffen", "in Arbeit", "umgesetzt", "nicht umsetzbar"])
        concerns.append({"date": survey, "source": "Umfrage", "field": field, "concern": text, "taken_by": taker,
                         "status": status, "reply": "Im Quartiersbrief 3/2026 beantwortet."
                         if status in ("umgesetzt", "nicht umsetzbar") else None})
    concerns += [
        {"date": dt.date(2026, 9, 24), "source": "Sprechstunde", "field": "Klima & Umwelt",
         "concern": "Mehr Mülleimer am Mühlenbach"},  # planted: no status after eight weeks
        {"date": dt.date(2026, 10, 8), "source": "Sprechstunde", "field": "Öffentlicher Raum",
         "concern": "Parkende Autos auf dem Gehweg vor der Kita", "status": "neu", "taken_by": "NEWOGE",
         "resident_contact": "Herr B., 0176 5550123, möchte Rückruf", "note": "Beschwerde kam mehrfach."},
        {"date": dt.date(2026, 11, 12), "source": "Veranstaltung", "field": "Kunst & Kultur",
         "concern": "Lesungen auch für Kinder", "taken_by": "Bibliothek", "status": "aufgegriffen"},
    ]
    concerns.sort(key=lambda c: c["date"])
    for number, row in enumerate(concerns, start=1):
        row["id"] = f"AL{number:03d}"
    rows["concerns"] = concerns


def _partners(rng: random.Random) -> list[dict[str, Any]]:
    rows = []
    for pid, spec in zip(_ids("P", 3, len(_PARTNERS)), _PARTNERS, strict=True):
        name, short, kind, fields, status, street, postcode, domain, contributions, release = spec
        goals, benefit = _GOALS[kind]
        slug = (short or name).lower()
        for a, b in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss"), (" ", "-"), (".", ""), ("é", "e")):
            slug = slug.replace(a, b)
        row: dict[str, Any] = {
            "id": pid, "name": name, "short_name": short, "type": kind, "fields": fields, "status": status,
            "street": street, "postcode": postcode, "city": "Neustadt",
            "email": f"info@{domain}", "phone": f"0123 {rng.randint(100000, 999999)}",
            "website": f"https://www.{domain}" if "." in domain else None,
            "since": dt.date(2020 + rng.randint(0, 5), rng.randint(1, 12), 1) if status != "potenziell" else None,
            "goals": goals, "benefit": benefit if status == "aktiv" else None,
            "contributions": contributions,
            "logo_file": f"{slug}.png" if release else None, "logo_release": release,
        }
        rows.append(row)
    by_short = {r["short_name"]: r for r in rows if r["short_name"]}
    # Planted problems for the checks:
    by_short["Apotheke"]["benefit"] = None  # no-win-win
    by_short["Kita Regenbogen"]["email"] = "info@kita-regenbogen"  # bad-email
    by_short["Oase"]["since"] = "15.03.2024"  # date-as-text
    by_short["Wilde Möhre"]["postcode"] = "1234"  # bad-postcode
    by_short["Bäckerei Krume"]["since"] = dt.date(2026, 2, 1)  # new partners this year
    by_short["Musikschule"]["since"] = dt.date(2026, 5, 15)
    by_short["NEWOGE"]["note"] = "Vorstand wechselt 2027; Kontakt über Frau Krüger halten."
    by_short["Polizei Süd"]["note"] = "Logo nur nach Rücksprache mit der Pressestelle."
    return rows


def _people(rng: random.Random, partners: list[dict[str, Any]]) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    used: set[tuple[str, str]] = set()

    def person(partner: dict | None, role: str, position: str | tuple[str, str]) -> dict[str, Any]:
        while True:
            female = rng.random() < 0.55
            first = rng.choice(_FIRST_F if female else _FIRST_M)
            last = rng.choice(_LAST)
            if (first, last) not in used:
                used.add((first, last))
                break
        if isinstance(position, tuple):
            position = position[0] if female else position[1]
        domain = partner["email"].split("@")[1] if partner else "web.de"
        basis = rng.choice(["Einwilligung", "Einwilligung", "berechtigtes Interesse"])
        if partner and partner["type"] == "Verwaltung":
            basis = "öffentliche Aufgabe"
        return {
            "partner": partner["short_name"] or partner["name"] if partner else None,
            "salutation": "Frau" if female else "Herr", "first_name": first, "last_name": last,
            "position": position, "role": role, "email": email_address(first, last, domain),
            "phone": f"0123 {rng.randint(100000, 999999)}", "legal_basis": basis,
            "consent_date": dt.date(2024, rng.randint(1, 12), rng.randint(1, 28)) if basis == "Einwilligung" else None,
            "consent_source": "Formular beim Netzwerktreffen" if basis == "Einwilligung" else None,
            "consent_purpose": "Einladungen, Protokolle, Kontaktliste" if basis == "Einwilligung" else None,
            "share": "ja" if rng.random() < 0.7 else rng.choice(["nein", None]),
            "deletion_review": dt.date(2027, rng.randint(1, 12), 1),
        }

    for partner in partners:
        positions = _POSITIONS_BY_PARTNER.get(partner["short_name"]) or _POSITIONS[partner["type"]]
        rows.append(person(partner, "Hauptansprechperson", positions[0]))
        if partner["status"] in ("aktiv", "ruhend"):
            rows.append(person(partner, "Vertretung", positions[1 % len(positions)]))
    for position in (("Bewohnerin, Mieterbeirat", "Bewohner, Mieterbeirat"),
                     ("Bewohnerin, Sprecherin Seniorenbeirat", "Bewohner, Sprecher Seniorenbeirat"),
                     ("Bewohnerin, Elternvertreterin", "Bewohner, Elternvertreter")):
        rows.append(person(None, "Schlüsselperson", position))
    # Planted: a duplicate person (same email), missing consent, deletion review due, overload.
    newoge = next(p for p in rows if p["partner"] == "NEWOGE")
    _rename(newoge, "Sabine", "Krüger", "Frau", "Sozialmanagement")
    newoge.update(share="ja", legal_basis="Einwilligung", consent_date=dt.date(2024, 4, 2))
    rows.append({**newoge, "first_name": "S.", "position": "Quartiersbetreuung", "role": "Vertretung",
                 "phone": None})
    sv = next(p for p in rows if p["partner"] == "SV Blau-Weiß")
    _rename(sv, "Mehmet", "Yılmaz", "Herr", "Vorsitzender")
    cafe = next(p for p in rows if p["partner"] == "Café Eck")
    _rename(cafe, "Dragana", "Petrović", "Frau", "Inhaberin")
    cafe.update(legal_basis="Einwilligung", consent_date=None)
    key = next(p for p in rows if p["role"] == "Schlüsselperson")
    _rename(key, "Gisela", "Hoffmann", "Frau", "Bewohnerin, Mieterbeirat")
    key.update(deletion_review=dt.date(2026, 6, 30))
    key["note"] = "Möchte nur telefonisch kontaktiert werden."
    for pid, row in zip(_ids("K", 3, len(rows)), rows, strict=True):
        row["id"] = pid
    return rows


def email_address(first: str, last: str, domain: str) -> str:
    """``a.mueller@domain``: initial and last name, umlauts written out, other accents dropped."""
    local = f"{first[0]}.{last}".lower().replace("ı", "i").translate(
        str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"}))
    local = unicodedata.normalize("NFKD", local).encode("ascii", "ignore").decode("ascii").replace(" ", "")
    return f"{local}@{domain}"


def _rename(person: dict[str, Any], first: str, last: str, salutation: str, position: str) -> None:
    """A planted person: name, salutation, position and email address that belong together."""
    person.update(first_name=first, last_name=last, salutation=salutation, position=position,
                  email=email_address(first, last, person["email"].split("@")[1]))


def _structures() -> list[dict[str, Any]]:
    rows = []
    for sid, spec in zip(_ids("S", 2, len(_STRUCTURES)), _STRUCTURES, strict=True):
        name, kind, field, topics, lead, members, cadence, docked, start, status = spec
        rows.append({"id": sid, "name": name, "type": kind, "field": field, "topics": topics, "lead": lead,
                     "members": members, "cadence": cadence, "docked_to": docked, "start": start,
                     "status": status})
    return rows


def _meetings_and_tasks(rng, structures, short, people) -> tuple[list[dict], list[dict]]:
    people_of: dict[str, list[dict]] = {}
    for p in people:
        people_of.setdefault(p["partner"], []).append(p)
    meetings: list[dict] = []
    for s in structures:
        step = _CADENCE_DAYS[s["cadence"]]
        day = max(_FIRST_DAY, s["start"]) + dt.timedelta(days=rng.randint(3, 20))
        while day <= DEMO_TODAY + dt.timedelta(days=70):
            meetings.append({"structure": s, "date": _weekday(day)})
            day += dt.timedelta(days=step)
    meetings.sort(key=lambda m: (m["date"], m["structure"]["id"]))
    rows, tasks = [], []
    recorded: set[tuple[str, str]] = set()
    said = random.Random(SEED + 13)  # what was said: drawn apart, so the other rows stay as they were
    last_held: dict[str, dt.date] = {}
    yilmaz = next(p for p in people if p["last_name"] == "Yılmaz")
    for mid, m in zip(_ids("T", 3, len(meetings)), meetings, strict=True):
        s, day = m["structure"], m["date"]
        held = day <= DEMO_TODAY
        lead = s["lead"]
        host = lead if lead != "QM" else rng.choice(["QM", s["members"][0]])
        members = list(s["members"])
        # the host (and so the chair, when a partner leads) attends; the draws stay as they were
        attending = [p for p in members if rng.random() < 0.8 or p == host] or members[:2]
        if s["name"] == "AK Kunst & Kultur" and "Café Eck" in attending:
            attending.remove("Café Eck")  # a member losing interest: low attendance
        excused = [p for p in members if p not in attending][:2]
        status = "stattgefunden" if held else "geplant"
        if held and rng.random() < 0.05:
            status = "abgesagt"
        agenda = _AGENDA[s["field"]]
        items = rng.sample(agenda, k=min(len(agenda), rng.randint(2, 3)))
        attending_people = [people_of[p][0] for p in attending if people_of.get(p)]
        headcount = len(attending_people) + (2 if lead == "QM" else 1) + rng.randint(0, 6)
        residents = rng.randint(0, max(0, headcount - len(attending_people) - 1))
        minute_taker = rng.choice(["QM", lead])
        if s["name"] == "AK Kunst & Kultur":
            residents = 0  # a round no resident comes to (round-without-residents)
        row = {
            "id": mid, "structure": s["name"], "date": day,
            "start": dt.time(17, 0) if s["type"] != "Gremium (extern)" else dt.time(10, 0),
            "end": dt.time(18, 30) if s["type"] != "Gremium (extern)" else dt.time(12, 0),
            "place": _PLACES.get(host) or f"{short[host]['name']}, {short[host]['street']}",
            "host": host, "chair": "QM" if lead == "QM" else lead,
            "minute_taker": minute_taker,
            "agenda": ["Begrüßung und Protokoll der letzten Sitzung"] + [i[0] for i in items]
            + ["Verschiedenes"],
            "partners": (["QM"] + attending) if lead == "QM" or rng.random() < 0.7 or minute_taker == "QM"
            else attending,
            "people": [p["id"] for p in attending_people[:4]] if status == "stattgefunden" else None,
            "excused": excused or None,
            "others": f"{residents} Bewohner*innen" if residents else None,
            "headcount": headcount if status == "stattgefunden" else None,
            "residents": residents if status == "stattgefunden" else None,
            "minutes_sent": day + dt.timedelta(days=rng.randint(2, 6)) if status == "stattgefunden" else None,
            "next_meeting": day + dt.timedelta(days=_CADENCE_DAYS[s["cadence"]]),
            "status": status,
        }
        if status != "stattgefunden":  # nobody attended (yet); apologies may already be in
            row.update(partners=None, people=None, others=None)
        rows.append(row)
        if status != "stattgefunden":
            continue
        month = f"{_MONTHS[day.month - 1]} {day.year}"
        season = day.year if day.month <= 7 else day.year + 1
        voices = [p for p in attending if short[p]["type"] not in ("Verwaltung", "Polizei")] or attending
        tasks.append({"meeting": mid, "item": row["agenda"][0], **_opening(s, last_held.get(s["name"]), said)})
        last_held[s["name"]] = day
        for item, entries in items:
            for kind, template in entries:
                text = template.format(month=month, year=day.year, season=season)
                if (s["name"], text) in recorded:  # never the same entry twice in one group
                    continue
                recorded.add((s["name"], text))
                task: dict[str, Any] = {"meeting": mid, "item": item, "kind": kind, "description": text}
                if kind == "Aufgabe":
                    who = rng.choice(attending)
                    person = (people_of.get(who) or [None])[0]
                    task["responsible"] = (f"{person['first_name']} {person['last_name']}"
                                           if person and rng.random() < 0.6 else who)
                    due = day + dt.timedelta(days=rng.choice([14, 21, 30, 45, 60]))
                    task["due"] = due
                    if due < DEMO_TODAY - dt.timedelta(days=10) or rng.random() < 0.3 and due < DEMO_TODAY:
                        task["status"] = "erledigt"
                        # most on time, some a few days late (the report counts punctuality)
                        task["done_on"] = min(due + dt.timedelta(days=rng.randint(-12, 3)), DEMO_TODAY)
                        task["note"] = rng.choice(["Erledigt, siehe Anlage.", "Im Netzwerk verteilt.",
                                                   "Rückmeldung liegt vor.", "Termin steht.",
                                                   "An das Bezirksamt weitergeleitet."])
                    else:
                        task["status"] = rng.choice(["offen", "in Arbeit"])
                tasks.append(task)
            tasks += _said(said, mid, item, _OUTCOMES[item], _values(said, day, voices), recorded, s["name"])
        tasks += _said(said, mid, row["agenda"][-1], _ANNOUNCEMENTS, _values(said, day, voices), recorded,
                       s["name"])
    _plant_task_problems(rows, tasks, yilmaz, people)
    for tid, task in zip(_ids("A", 3, len(tasks)), tasks, strict=True):
        task["id"] = tid
    return rows, tasks


def _opening(structure: dict[str, Any], last: dt.date | None, said: random.Random) -> dict[str, str]:
    """The first agenda item's entry: the last minutes approved, or a first round of introductions."""
    if last is None and structure["start"] >= _FIRST_DAY:
        lead = "das Quartiersmanagement" if structure["lead"] == "QM" else structure["lead"]
        return {"kind": "Information", "description": f"Vorstellungsrunde; {lead} erläutert Ziel und Arbeitsweise "
                                                      "der Runde"}
    since = f"vom {last:%d.%m.%Y}" if last else "der letzten Sitzung"
    how = "mit einer Ergänzung" if said.random() < 0.2 else "ohne Änderungen"
    return {"kind": "Beschluss", "description": f"Das Protokoll {since} wird {how} genehmigt"}


def _values(said: random.Random, day: dt.date, voices: list[str]) -> dict[str, Any]:
    """What fills in an outcome's template at a meeting on ``day``."""
    return {"month": f"{_MONTHS[day.month - 1]} {day.year}", "year": day.year,
            "season": day.year if day.month <= 7 else day.year + 1, "org": said.choice(voices),
            "n": said.randint(3, 9), "many": said.randint(12, 40),
            "date": (day + dt.timedelta(days=said.randint(10, 40))).strftime("%d.%m.%Y")}


def _said(said: random.Random, meeting: str, item: str, pool: list[tuple[str, str]], values: dict[str, Any],
          recorded: set[tuple[str, str]], group: str) -> list[dict[str, Any]]:
    """One entry of ``pool`` for an agenda item, the first (in a drawn order) not yet recorded in the group."""
    for kind, template in said.sample(pool, k=len(pool)):
        text = template.format(**values)
        if (group, text) not in recorded:
            recorded.add((group, text))
            return [{"meeting": meeting, "item": item, "kind": kind, "description": text}]
    return []


def _plant_task_problems(meetings, tasks, yilmaz, people) -> None:
    held = [m for m in meetings if m["status"] == "stattgefunden"]
    # A late set of minutes in the arts group.
    arts = [m for m in held if m["structure"] == "AK Kunst & Kultur"][-1]
    arts["minutes_sent"] = arts["date"] + dt.timedelta(days=19)
    # An overdue task without a completion note.
    garden = [m for m in held if m["structure"] == "Gartenrunde"][-3]
    for task in tasks:
        if task["meeting"] == garden["id"] and task["kind"] == "Aufgabe":
            break
    else:
        task = {"meeting": garden["id"], "item": "Garten", "kind": "Aufgabe"}
        tasks.append(task)
    task.update(description="Bänke am Mühlenbach reparieren lassen", responsible="Grünflächenamt",
                due=garden["date"] + dt.timedelta(days=14), status="offen", done_on=None, note=None)
    # Mr Yılmaz holds five open tasks.
    sport = [m for m in held if m["structure"] == "AK Bewegung"][-1]
    name = f"{yilmaz['first_name']} {yilmaz['last_name']}"
    for text in ("Hallenbelegung für das Wintertraining klären", "Übungsleitende für Kinderturnen finden",
                 "Sportabzeichen-Tag mit den Schulen planen", "Trikots für das Fußballturnier bestellen",
                 "Zuschuss beim Stadtsportbund beantragen"):
        tasks.append({"meeting": sport["id"], "item": "Bewegungsangebote", "kind": "Aufgabe",
                      "description": text, "responsible": name,
                      "due": DEMO_TODAY + dt.timedelta(days=20), "status": "offen"})
    # A task outside meetings naming a partner with a typo.
    tasks.append({"kind": "Aufgabe", "description": "Einladung zum Herbstputz an die Schulen verteilen",
                  "responsible": "Grundschule am Prak", "due": DEMO_TODAY + dt.timedelta(days=7),
                  "status": "offen"})


def _link_topics(meetings, tasks, topics) -> None:
    """Tasks of a topic's structure in its year name the topic; one names it from another group."""
    meeting = {m["id"]: m for m in meetings}
    topic_of = {(t["structure"], t["year"]): t["title"] for t in topics}
    for task in tasks:
        m = meeting.get(task.get("meeting"))
        if m and task["kind"] == "Aufgabe":
            task["topic"] = topic_of.get((m["structure"], m["date"].year))
    gehwege = next(t for t in tasks if meeting.get(t.get("meeting"), {}).get("structure") == "AK Sichere Gehwege"
                   and t["kind"] == "Aufgabe")
    gehwege["topic"] = "Barrierefreier Lindenplatz"  # topic-in-several-structures


def _weekday(day: dt.date) -> dt.date:
    """Meetings happen Tuesday to Thursday."""
    while day.weekday() not in (1, 2, 3):
        day += dt.timedelta(days=1)
    return day


def _agreements(partners, people) -> list[dict[str, Any]]:
    contact = {}
    for p in people:
        contact.setdefault(p["partner"], p["id"])
    specs = [
        ("GS Park", "Kooperationsvereinbarung", "Lesepatenschaften und Elternarbeit", "unterzeichnet",
         dt.date(2025, 2, 1)),
        ("SV Blau-Weiß", "Kooperationsvereinbarung", "Offenes Sporttreffen für Kinder und Jugendliche",
         "unterzeichnet", dt.date(2024, 9, 1)),
        ("NEWOGE", "Kooperationsvereinbarung", "Nachbarschaftsarbeit in den Höfen der NEWOGE", "unterzeichnet",
         dt.date(2025, 6, 1)),
        ("Bibliothek", "Letter of Intent", "Lesepatenschaften im Quartier", "unterzeichnet", dt.date(2025, 1, 10)),
        ("Brückenschlag", "Letter of Intent", "Ausstellung „Lindenhof früher und heute“", "unterzeichnet",
         dt.date(2025, 11, 3)),
        ("Familienzentrum", "Kooperationsvereinbarung", "Frühe Hilfen und Elterncafé", "versendet",
         dt.date(2026, 10, 1)),
        ("Polizei Süd", "mündliche Absprache", "Teilnahme an Begehungen", "unterzeichnet", dt.date(2024, 3, 1)),
        ("Islamische Gemeinde", "Letter of Intent", "Interkulturelles Nachbarschaftsfest", "Entwurf", None),
        ("Oase", "Kooperationsvereinbarung", "Jugendforum und Jugendbeteiligung", "Entwurf", None),
        ("Stadtteilgarten", "Letter of Intent", "Hochbeete im Innenhof", "Entwurf", None),
        ("WG Lindenhof", "Kooperationsvereinbarung", "Mieterfeste und Hofgestaltung", "Entwurf", None),
        ("Musikschule", "Letter of Intent", "Musik im Park", "unterzeichnet", dt.date(2026, 4, 15)),
        ("Diakoniestation", "Letter of Intent", "Bewegungsangebote für Seniorinnen und Senioren", "versendet",
         dt.date(2026, 9, 20)),
        ("Apotheke", "Kooperationsvereinbarung", "Gesundheitstage am Lindenplatz", "unterzeichnet",
         dt.date(2026, 3, 1)),
        ("Wilde Möhre", "Letter of Intent", "Gemeinschaftsgarten am Bach", "ausgelaufen", dt.date(2023, 4, 1)),
        ("Repair-Café", "Letter of Intent", "Reparaturtreffs im Stadtteilbüro", "Entwurf", None),
    ]
    by_short = {p["short_name"]: p for p in partners if p["short_name"]}
    rows = []
    for vid, (who, kind, subject, status, signed) in zip(_ids("V", 3, len(specs)), specs, strict=True):
        p = by_short[who]
        start = signed or dt.date(2027, 1, 1)
        rows.append({
            "id": vid, "partner": who, "kind": kind, "subject": subject,
            "goals": f"{subject}: gemeinsam mehr Menschen im Lindenhof erreichen und Angebote verbinden.",
            # noun phrases: they read right in the agreement's table and in the partner's own letter
            "partner_contribution": f"{joined('de', p['contributions']) or 'Erfahrung'} sowie eine feste "
                                    "Ansprechperson für das Vorhaben",
            "qm_contribution": "Einladung und Moderation der Treffen, Öffentlichkeitsarbeit und Beratung zu "
                               "Fördermitteln",
            "benefit": _GOALS[p["type"]][1], "contact": contact.get(who),
            "valid_from": start, "valid_until": start.replace(year=start.year + 3) - dt.timedelta(days=1),
            "review_on": start.replace(year=start.year + (1 if who == "SV Blau-Weiß" else 2)),
            "logo_use": "ja" if p["logo_release"] == "ja" else "nein",
            "status": status, "signed_on": signed if status in ("unterzeichnet", "ausgelaufen") else None,
        })
    rows[13]["benefit"] = None  # the pharmacy: a signed agreement without a win-win (no-win-win)
    return rows


def _topics() -> list[dict[str, Any]]:
    specs = [
        (2025, "Sichere Schulwege", "Sicherheit & Barrierefreiheit", "AK Sicherheit & Barrierefreiheit",
         ["Polizei Süd", "Eltern Schulweg", "GS Park"], "Jeder Schulweg im Quartier einmal begangen", "abgeschlossen"),
        (2025, "Stadtteilfest 2025", "Beteiligung & Vernetzung", "Netzwerktreffen Lindenhof",
         ["Nachbarschaftsverein", "SV Blau-Weiß", "St. Markus"], "Ein Fest von allen für alle", "abgeschlossen"),
        (2025, "Lesen im Quartier", "Bildung", "Lesepatenschaften", ["Bibliothek", "GS Park"],
         "20 Lesepatenschaften", "abgeschlossen"),
        (2026, "Bewegter Lindenhof", "Gesundheit & Bewegung", "AK Bewegung",
         ["SV Blau-Weiß", "GS Park", "Diakoniestation"], "Ein Bewegungsangebot für jede Altersgruppe", "aktiv"),
        (2026, "Barrierefreier Lindenplatz", "Sicherheit & Barrierefreiheit", "AK Sicherheit & Barrierefreiheit",
         ["Ini barrierefrei", "Stadtplanung", "Seniorentreff"], "Mängelliste an die Stadt übergeben", "aktiv"),
        (2026, "Kultur im Hof", "Kunst & Kultur", "AK Kunst & Kultur", ["Brückenschlag", "NEWOGE", "Musikschule"],
         "Vier Hofkonzerte", "aktiv"),
        (2026, "Grüne Höfe", "Klima & Umwelt", "Gartenrunde", ["Stadtteilgarten", "NEWOGE"],
         "Drei Höfe begrünt", "geplant"),
        (2027, "Jugend beteiligen", "Bildung", "AK Jugend im Quartier", ["Oase", "Die Insel"],
         "Ein Jugendforum pro Halbjahr", "geplant"),
    ]
    return [{"id": jid, "year": y, "title": t, "field": f, "structure": s, "partners": p, "goal": g, "status": st}
            for jid, (y, t, f, s, p, g, st) in zip(_ids("J", 3, len(specs)), specs, strict=True)]
