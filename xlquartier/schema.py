"""The one definition of the standard workbook: sheets, columns, lists and settings.

Everything else derives from this module: the workbook builder, the reader, the entry
checks, the documents' contexts and the README's column tables. Adding a column means
adding one ``Column(...)`` line below.

German is the canonical language of values: list entries are stored and compared in
their German form; the reader maps English entries onto them, and writers translate
back for English workbooks.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

SCHEMA_VERSION = "2"  # "1": the seven sheets of the first release; "2": events, offers, invitations
LANGUAGES = ("de", "en")


class Kind(StrEnum):
    """The type of a column; drives parsing, validation and cell formats."""

    ID = "id"
    TEXT = "text"
    MULTITEXT = "multitext"
    LIST = "list"
    MULTILIST = "multilist"
    REF = "ref"
    MULTIREF = "multiref"
    DATE = "date"
    TIME = "time"
    INT = "int"
    EMAIL = "email"
    PHONE = "phone"
    POSTCODE = "postcode"
    URL = "url"


MULTI_KINDS = {Kind.MULTITEXT, Kind.MULTILIST, Kind.MULTIREF}
QM = "QM"  # stands for the neighbourhood management wherever a partner is expected


@dataclass(frozen=True)
class ListSpec:
    """A dropdown list. ``entries`` are (German, English) pairs; users may add more."""

    key: str
    de: str
    en: str
    entries: tuple[tuple[str, str], ...]
    allow_empty: bool = True

    def name(self, lang: str) -> str:
        return self.de if lang == "de" else self.en

    def labels(self, lang: str) -> list[str]:
        return [de if lang == "de" else en for de, en in self.entries]

    @property
    def defined_name(self) -> str:
        """The workbook-level defined name the dropdowns refer to (ASCII, no spaces)."""
        return f"Liste_{self.key}"


@dataclass(frozen=True)
class Column:
    key: str
    de: str
    en: str
    kind: Kind
    required: bool = False
    required_for_task: bool = False  # required when the task's kind is "Aufgabe"
    list: str | None = None
    ref: tuple[str, ...] = ()  # sheet keys a reference may point at
    qm: bool = False  # "QM" is a valid reference value
    internal: bool = False  # never leaves the office
    roles: bool = False  # a reference may carry a role after a colon: "SV Blau-Weiß: Sportprogramm"
    width: int = 16
    help_de: str = ""
    help_en: str = ""

    def header(self, lang: str) -> str:
        return self.de if lang == "de" else self.en

    def help(self, lang: str) -> str:
        return self.help_de if lang == "de" else self.help_en

    @property
    def multi(self) -> bool:
        return self.kind in MULTI_KINDS


@dataclass(frozen=True)
class SheetSpec:
    key: str
    de: str
    en: str
    id_prefix: str
    id_digits: int
    columns: tuple[Column, ...]
    table: str  # Excel table name (ASCII)
    since: str = "1"  # the schema version that added the sheet: older books lack it until `upgrade`

    def name(self, lang: str) -> str:
        return self.de if lang == "de" else self.en

    def column(self, key: str) -> Column:
        for col in self.columns:
            if col.key == key:
                return col
        raise KeyError(f"{self.key} has no column {key}")

    @property
    def id_column(self) -> Column:
        return self.columns[0]

    def new_id(self, number: int) -> str:
        return f"{self.id_prefix}{number:0{self.id_digits}d}"


@dataclass(frozen=True)
class Setting:
    key: str
    de: str
    en: str
    default: str | int | float
    help_de: str = ""
    help_en: str = ""

    def label(self, lang: str) -> str:
        return self.de if lang == "de" else self.en


# --------------------------------------------------------------------------- lists

def _same(*names: str) -> tuple[tuple[str, str], ...]:
    return tuple((n, n) for n in names)


LISTS: dict[str, ListSpec] = {
    spec.key: spec
    for spec in (
        ListSpec("partner_type", "Partnerart", "Partner type", (
            ("Schule", "School"), ("Kita", "Day-care centre"), ("Verein", "Association"),
            ("Wohnungsunternehmen", "Housing company"), ("Polizei", "Police"),
            ("Religionsgemeinschaft", "Religious community"),
            ("Jugendeinrichtung", "Youth facility"), ("Soziale Einrichtung", "Social service"),
            ("Verwaltung", "Administration"), ("Gewerbe", "Business"),
            ("Initiative", "Initiative"), ("Sonstige", "Other"), ("Medien", "Media"))),
        ListSpec("field", "Handlungsfeld", "Field of action", (
            ("Nachbarschaft", "Neighbourhood"), ("Bildung", "Education"),
            ("Öffentlicher Raum", "Public space"), ("Gesundheit & Bewegung", "Health & exercise"),
            ("Kunst & Kultur", "Arts & culture"),
            ("Sicherheit & Barrierefreiheit", "Safety & accessibility"),
            ("Beteiligung & Vernetzung", "Participation & networking"),
            ("Klima & Umwelt", "Climate & environment"))),
        ListSpec("contribution", "Beitrag", "Contribution", (
            ("Räume", "Rooms"), ("Personal", "Staff"), ("Fachwissen", "Expertise"),
            ("Öffentlichkeitsarbeit", "Publicity"),
            ("Zugang zu Zielgruppen", "Access to target groups"),
            ("Sachmittel", "Materials"), ("Finanzmittel", "Funding"))),
        ListSpec("partner_status", "Partnerstatus", "Partner status", (
            ("potenziell", "potential"), ("angesprochen", "approached"), ("im Gespräch", "in talks"),
            ("aktiv", "active"), ("ruhend", "dormant"), ("beendet", "ended"),
            ("abgelehnt", "declined"))),
        ListSpec("salutation", "Anrede", "Salutation", (("Frau", "Ms"), ("Herr", "Mr"))),
        ListSpec("role", "Rolle", "Role", (
            ("Hauptansprechperson", "Main contact"), ("Vertretung", "Deputy"),
            ("Leitung", "Head"), ("Schlüsselperson", "Key person"),
            ("Mitarbeitende", "Staff member"))),
        ListSpec("legal_basis", "Rechtsgrundlage", "Legal basis", (
            ("Einwilligung", "Consent"), ("berechtigtes Interesse", "Legitimate interest"),
            ("öffentliche Aufgabe", "Public task"))),
        ListSpec("yes_no", "Ja/Nein", "Yes/No", (("ja", "yes"), ("nein", "no"))),
        ListSpec("logo_release", "Logo-Freigabe", "Logo release", (
            ("ja", "yes"), ("nein", "no"), ("offen", "pending"))),
        ListSpec("structure_type", "Strukturart", "Structure type", (
            ("Netzwerktreffen", "Network meeting"), ("Arbeitskreis", "Working group"),
            ("Kleinstkooperation", "Micro-cooperation"),
            ("Gremium (extern)", "Outside body"))),
        ListSpec("cadence", "Turnus", "Cadence", (
            ("wöchentlich", "weekly"), ("monatlich", "monthly"),
            ("zweimonatlich", "every two months"), ("quartalsweise", "quarterly"),
            ("halbjährlich", "half-yearly"), ("jährlich", "yearly"),
            ("nach Bedarf", "as needed"))),
        ListSpec("structure_status", "Strukturstatus", "Structure status", (
            ("geplant", "planned"), ("aktiv", "active"), ("ruhend", "dormant"),
            ("beendet", "ended"))),
        ListSpec("meeting_status", "Treffenstatus", "Meeting status", (
            ("geplant", "planned"), ("stattgefunden", "held"), ("abgesagt", "cancelled"))),
        ListSpec("task_kind", "Eintragsart", "Item kind", (
            ("Aufgabe", "Task"), ("Beschluss", "Decision"), ("Information", "Information"))),
        ListSpec("task_status", "Aufgabenstatus", "Task status", (
            ("offen", "open"), ("in Arbeit", "in progress"), ("erledigt", "done"),
            ("verschoben", "postponed"), ("entfällt", "dropped"))),
        ListSpec("agreement_kind", "Vereinbarungsart", "Agreement kind", (
            ("Letter of Intent", "Letter of Intent"),
            ("Kooperationsvereinbarung", "Cooperation agreement"),
            ("mündliche Absprache", "Verbal agreement"))),
        ListSpec("agreement_status", "Vereinbarungsstatus", "Agreement status", (
            ("Entwurf", "Draft"), ("versendet", "sent"), ("unterzeichnet", "signed"),
            ("ausgelaufen", "expired"), ("beendet", "ended"))),
        ListSpec("topic_status", "Themenstatus", "Topic status", (
            ("geplant", "planned"), ("aktiv", "active"), ("abgeschlossen", "completed"),
            ("zurückgestellt", "deferred"))),
        # ---- schema version 2: events and offers
        ListSpec("target_group", "Zielgruppe", "Target group", (
            ("Kinder", "Children"), ("Jugendliche", "Young people"), ("Familien", "Families"),
            ("Erwachsene", "Adults"), ("Seniorinnen und Senioren", "Older people"),
            ("Menschen mit Behinderung", "People with disabilities"),
            ("Menschen mit Migrationsgeschichte", "People with a migration background"),
            ("alle Bewohner*innen", "All residents"))),
        ListSpec("offer_kind", "Angebotsart", "Offer kind", (
            ("Raum", "Room"), ("Kurs oder Gruppe", "Course or group"), ("Beratung", "Consultation"),
            ("Fachwissen", "Expertise"), ("Ausstattung", "Equipment"),
            ("Zugang zu einer Community", "Access to a community"))),
        ListSpec("event_status", "Veranstaltungsstatus", "Event status", (
            ("geplant", "planned"), ("stattgefunden", "held"), ("abgesagt", "cancelled"))),
        # ---- schema version 2: contact log and residents' concerns
        ListSpec("channel", "Kontaktweg", "Channel", (
            ("persönlich", "in person"), ("Telefon", "phone"), ("Video", "video call"),
            ("E-Mail", "email"), ("Brief", "letter"), ("am Rande eines Treffens", "at a meeting"))),
        ListSpec("concern_source", "Anliegen-Quelle", "Concern source", (
            ("Treffen", "meeting"), ("Veranstaltung", "event"), ("Sprechstunde", "consultation hours"),
            ("Umfrage", "survey"), ("Sonstiges", "other"))),
        ListSpec("concern_status", "Anliegen-Status", "Concern status", (
            ("neu", "new"), ("aufgegriffen", "taken up"), ("in Arbeit", "in progress"),
            ("umgesetzt", "done"), ("beantwortet", "answered"), ("nicht umsetzbar", "not feasible"))),
    )
}

# The acquisition path of a partner: potential -> approached -> in talks -> active (or declined).
ACQUISITION_STATES = ("potenziell", "angesprochen", "im Gespräch")
# Contact channels that count as personal contact (an email or a letter does not).
PERSONAL_CHANNELS = ("persönlich", "Telefon", "Video", "am Rande eines Treffens")
# Concern states meaning someone has taken the concern up.
TAKEN_UP_STATES = ("aufgegriffen", "in Arbeit", "umgesetzt")

# Task states that still need doing; "verschoben" is postponed, not done.
OPEN_TASK_STATES = ("offen", "in Arbeit", "verschoben")


# --------------------------------------------------------------------------- sheets

def _c(key: str, de: str, en: str, kind: Kind, **kw) -> Column:
    return Column(key, de, en, kind, **kw)


def _id(de: str, en: str, width: int = 11) -> Column:
    return _c("id", de, en, Kind.ID, width=width,
              help_de="Wird beim Prüfen automatisch vergeben, wenn leer.",
              help_en="Assigned automatically by the check when empty.")


def _note() -> Column:
    return _c("note", "Notiz (intern)", "Note (internal)", Kind.TEXT, internal=True, width=30,
              help_de="Nur für das Büro; wird nie an Partner weitergegeben.",
              help_en="Office only; never shared with partners.")


PLACE_HELP = ("Ein Raum aus dem Blatt „Angebote“ (AngebotID oder Titel) oder freier Text.",
              "A room from the “Offers” sheet (OfferID or title) or free text.")

PARTNERS = SheetSpec("partners", "Partner", "Partners", "P", 3, (
    _id("PartnerID", "PartnerID"),
    _c("name", "Name", "Name", Kind.TEXT, required=True, width=40,
       help_de="Vollständiger Name der Organisation.", help_en="Full name of the organisation."),
    _c("short_name", "Kurzname", "Short name", Kind.TEXT, width=16,
       help_de="Kurzer, eindeutiger Name für Verweise.", help_en="Short unique name for references."),
    _c("type", "Art", "Type", Kind.LIST, required=True, list="partner_type", width=20),
    _c("fields", "Handlungsfelder", "Fields of action", Kind.MULTILIST, list="field", width=28,
       help_de="Mehrere mit ; trennen.", help_en="Separate several with ;"),
    _c("status", "Status", "Status", Kind.LIST, required=True, list="partner_status", width=12),
    _c("street", "Straße", "Street", Kind.TEXT, width=24),
    _c("postcode", "PLZ", "Postcode", Kind.POSTCODE, width=8),
    _c("city", "Ort", "City", Kind.TEXT, width=14),
    _c("email", "E-Mail", "Email", Kind.EMAIL, width=28,
       help_de="Allgemeine Adresse der Organisation.", help_en="General address of the organisation."),
    _c("phone", "Telefon", "Phone", Kind.PHONE, width=16),
    _c("website", "Webseite", "Website", Kind.URL, width=26),
    _c("since", "Partner seit", "Partner since", Kind.DATE, width=12),
    _c("goals", "Ziele des Partners", "Partner's goals", Kind.TEXT, width=30),
    _c("benefit", "Nutzen für den Partner", "Benefit for the partner", Kind.TEXT, width=30,
       help_de="Was hat der Partner von der Zusammenarbeit? (Win-win)",
       help_en="What does the partner gain from working together? (win-win)"),
    _c("contributions", "Beiträge", "Contributions", Kind.MULTILIST, list="contribution", width=24,
       help_de="Mehrere mit ; trennen.", help_en="Separate several with ;"),
    _c("logo_file", "Logo-Datei", "Logo file", Kind.TEXT, width=18,
       help_de="Dateiname im Logo-Ordner.", help_en="File name in the logo folder."),
    _c("logo_release", "Logo-Freigabe", "Logo released", Kind.LIST, list="logo_release", width=12,
       help_de="Das Logo erscheint in Dokumenten nur mit „ja“.",
       help_en="The logo appears in documents only with “yes”."),
    _c("press", "Pressearbeit", "Press work", Kind.LIST, list="yes_no", width=11,
       help_de="„ja“, wenn der Partner eigene Pressearbeit macht (Pressekontaktliste).",
       help_en="“yes” when the partner does press work of its own (press contact list)."),
    _c("benefit_sent", "Nutzenbericht versendet am", "Benefit statement sent on", Kind.DATE, width=13,
       help_de="Wann der Partner zuletzt seinen Nutzenbericht bekam (xlquartier benefit).",
       help_en="When the partner last received its benefit statement (xlquartier benefit)."),
    _c("declined_reason", "Absagegrund (intern)", "Reason declined (internal)", Kind.TEXT,
       internal=True, width=24,
       help_de="Bei Status „abgelehnt“: warum. Nur für das Büro.",
       help_en="With status “declined”: why. Office only."),
    _c("approach_again", "Erneut ansprechen am (intern)", "Approach again on (internal)", Kind.DATE,
       internal=True, width=13,
       help_de="Bei Status „abgelehnt“: wann es sich lohnt, wieder anzufragen.",
       help_en="With status “declined”: when it is worth asking again."),
    _note(),
), "tblPartner")

PEOPLE = SheetSpec("people", "Personen", "People", "K", 3, (
    _id("PersonID", "PersonID"),
    _c("partner", "Partner", "Partner", Kind.REF, ref=("partners",), width=22,
       help_de="Leer bei Schlüsselpersonen ohne Organisation.",
       help_en="Empty for key persons without an organisation."),
    _c("salutation", "Anrede", "Salutation", Kind.LIST, list="salutation", width=9),
    _c("first_name", "Vorname", "First name", Kind.TEXT, width=14),
    _c("last_name", "Nachname", "Last name", Kind.TEXT, required=True, width=16),
    _c("position", "Funktion", "Position", Kind.TEXT, width=20),
    _c("role", "Rolle", "Role", Kind.LIST, list="role", width=20),
    _c("email", "E-Mail", "Email", Kind.EMAIL, width=28),
    _c("phone", "Telefon", "Phone", Kind.PHONE, width=16),
    _c("legal_basis", "Rechtsgrundlage", "Legal basis", Kind.LIST, required=True,
       list="legal_basis", width=20,
       help_de="Auf welcher Grundlage speichern wir die Daten? (DSGVO)",
       help_en="On what basis do we store the data? (GDPR)"),
    _c("consent_date", "Einwilligung am", "Consent date", Kind.DATE, width=13,
       help_de="Nötig bei Rechtsgrundlage Einwilligung.", help_en="Needed when the basis is consent."),
    _c("consent_source", "Einwilligung: Quelle", "Consent: source", Kind.TEXT, width=18,
       help_de="Wie und wo die Einwilligung gegeben wurde, z. B. Formular vom Netzwerktreffen, E-Mail.",
       help_en="How and where consent was given, e.g. form at the network meeting, email."),
    _c("consent_purpose", "Einwilligung: Zweck", "Consent: purpose", Kind.TEXT, width=22,
       help_de="Wofür eingewilligt wurde, z. B. Kontaktliste, Einladungen, Weitergabe an Partner.",
       help_en="What consent covers, e.g. contact list, invitations, sharing with partners."),
    _c("consent_withdrawn", "Einwilligung widerrufen am", "Consent withdrawn on", Kind.DATE, width=13,
       help_de="Ab diesem Tag keine Weitergabe mehr; die Daten löschen (xlquartier privacy erase).",
       help_en="From this day on nothing is shared; erase the data (xlquartier privacy erase)."),
    _c("share", "Weitergabe an Partner", "Share with partners", Kind.LIST, list="yes_no", width=12,
       help_de="Nur mit „ja“ erscheinen die Kontaktdaten bei anderen Partnern. Leer = nein.",
       help_en="Contact data reaches other partners only with “yes”. Empty = no."),
    _c("deletion_review", "Löschprüfung am", "Deletion review", Kind.DATE, width=13),
    _note(),
), "tblPersonen")

STRUCTURES = SheetSpec("structures", "Strukturen", "Structures", "S", 2, (
    _id("StrukturID", "StructureID"),
    _c("name", "Name", "Name", Kind.TEXT, required=True, width=30),
    _c("type", "Art", "Type", Kind.LIST, required=True, list="structure_type", width=18),
    _c("field", "Handlungsfeld", "Field of action", Kind.LIST, required=True, list="field", width=24),
    _c("topics", "Themen", "Topics", Kind.MULTITEXT, width=24,
       help_de="Freie Schlagworte, mit ; trennen.", help_en="Free tags, separated by ;"),
    _c("lead", "Federführung", "Lead", Kind.REF, ref=("partners",), qm=True, width=18),
    _c("members", "Mitglieder", "Members", Kind.MULTIREF, ref=("partners",), qm=True, width=36,
       help_de="Partner (ID, Kurzname oder Name), mit ; trennen.",
       help_en="Partners (ID, short name or name), separated by ;"),
    _c("cadence", "Turnus", "Cadence", Kind.LIST, list="cadence", width=14),
    _c("docked_to", "Angedockt an", "Docked to", Kind.REF, ref=("structures",), width=20,
       help_de="Bestehende Runde, mit der diese gemeinsam tagt.",
       help_en="The existing group this one meets with."),
    _c("start", "Beginn", "Start", Kind.DATE, width=12),
    _c("end", "Ende", "End", Kind.DATE, width=12),
    _c("status", "Status", "Status", Kind.LIST, required=True, list="structure_status", width=12),
), "tblStrukturen")

MEETINGS = SheetSpec("meetings", "Treffen", "Meetings", "T", 3, (
    _id("TreffenID", "MeetingID"),
    _c("structure", "Struktur", "Structure", Kind.REF, required=True, ref=("structures",), width=24),
    _c("date", "Datum", "Date", Kind.DATE, required=True, width=12),
    _c("start", "Beginn", "Start", Kind.TIME, width=8),
    _c("end", "Ende", "End", Kind.TIME, width=8),
    _c("place", "Ort", "Place", Kind.TEXT, width=22, help_de=PLACE_HELP[0], help_en=PLACE_HELP[1]),
    _c("host", "Gastgeber", "Host", Kind.REF, ref=("partners",), qm=True, width=18),
    _c("chair", "Moderation", "Chair", Kind.TEXT, width=16),
    _c("minute_taker", "Protokoll", "Minute-taker", Kind.TEXT, width=16),
    _c("agenda", "Tagesordnung", "Agenda", Kind.MULTITEXT, width=36,
       help_de="Ein Punkt pro Zeile (Alt+Enter).", help_en="One item per line (Alt+Enter)."),
    _c("partners", "Teilnehmende Partner", "Attending partners", Kind.MULTIREF,
       ref=("partners",), qm=True, width=36),
    _c("people", "Teilnehmende Personen", "Attending people", Kind.MULTIREF, ref=("people",), width=30),
    _c("excused", "Entschuldigt", "Excused", Kind.MULTIREF, ref=("partners",), width=22),
    _c("others", "Weitere Teilnehmende", "Other attendees", Kind.TEXT, width=20,
       help_de="z. B. „5 Bewohner*innen“", help_en="e.g. “5 residents”"),
    _c("headcount", "Anzahl Teilnehmende", "Headcount", Kind.INT, width=11),
    _c("residents", "davon Bewohner*innen", "of them residents", Kind.INT, width=11),
    _c("minutes_sent", "Protokoll versendet am", "Minutes sent on", Kind.DATE, width=13),
    _c("next_meeting", "Nächstes Treffen", "Next meeting", Kind.DATE, width=13),
    _c("status", "Status", "Status", Kind.LIST, required=True, list="meeting_status", width=14),
    _c("invited_on", "Eingeladen am", "Invited on", Kind.DATE, width=13,
       help_de="Wann die Einladung hinausging; „xlquartier invitations“ trägt es ein.",
       help_en="When the invitation went out; “xlquartier invitations” fills it in."),
), "tblTreffen")

TASKS = SheetSpec("tasks", "Aufgaben", "Tasks", "A", 3, (
    _id("AufgabeID", "TaskID"),
    _c("meeting", "Treffen", "Meeting", Kind.REF, ref=("meetings",), width=11,
       help_de="Wo es vereinbart wurde; leer außerhalb von Treffen.",
       help_en="Where it was agreed; empty outside meetings."),
    _c("item", "TOP", "Agenda item", Kind.TEXT, width=18),
    _c("kind", "Art", "Kind", Kind.LIST, required=True, list="task_kind", width=12),
    _c("description", "Beschreibung", "Description", Kind.TEXT, required=True, width=40),
    _c("responsible", "Zuständig", "Responsible", Kind.REF, required_for_task=True,
       ref=("people", "partners"), qm=True, width=20,
       help_de="Genau eine Person, ein Partner oder QM.",
       help_en="Exactly one person, partner or QM."),
    _c("due", "Fällig", "Due", Kind.DATE, required_for_task=True, width=12),
    _c("status", "Status", "Status", Kind.LIST, required_for_task=True, list="task_status", width=12),
    _c("done_on", "Erledigt am", "Done on", Kind.DATE, width=12),
    _c("note", "Erledigungsvermerk", "Completion note", Kind.TEXT, width=30),
    _c("topic", "Jahresthema", "Annual topic", Kind.REF, ref=("topics",), width=18),
    _c("event", "Veranstaltung", "Event", Kind.REF, ref=("events",), width=18,
       help_de="Die Veranstaltung, für die die Aufgabe erledigt wird.",
       help_en="The event the task is done for."),
), "tblAufgaben")

AGREEMENTS = SheetSpec("agreements", "Vereinbarungen", "Agreements", "V", 3, (
    _id("VereinbarungID", "AgreementID"),
    _c("partner", "Partner", "Partner", Kind.REF, required=True, ref=("partners",), width=22),
    _c("kind", "Art", "Kind", Kind.LIST, required=True, list="agreement_kind", width=22),
    _c("subject", "Gegenstand", "Subject", Kind.TEXT, required=True, width=30),
    _c("goals", "Gemeinsame Ziele", "Joint goals", Kind.TEXT, width=30),
    _c("partner_contribution", "Beitrag des Partners", "Partner's contribution", Kind.TEXT, width=30),
    _c("qm_contribution", "Beitrag des Quartiersmanagements", "Our contribution", Kind.TEXT, width=30),
    _c("benefit", "Nutzen für den Partner", "Benefit for the partner", Kind.TEXT, width=30),
    _c("contact", "Ansprechperson", "Contact person", Kind.REF, ref=("people",), width=18),
    _c("valid_from", "Gültig ab", "Valid from", Kind.DATE, width=12),
    _c("valid_until", "Gültig bis", "Valid until", Kind.DATE, width=12),
    _c("review_on", "Überprüfung am", "Review on", Kind.DATE, width=13),
    _c("logo_use", "Logo-Nutzung", "Logo use", Kind.LIST, list="yes_no", width=11),
    _c("status", "Status", "Status", Kind.LIST, required=True, list="agreement_status", width=14),
    _c("signed_on", "Unterzeichnet am", "Signed on", Kind.DATE, width=13),
), "tblVereinbarungen")

TOPICS = SheetSpec("topics", "Jahresthemen", "Annual topics", "J", 3, (
    _id("ThemaID", "TopicID"),
    _c("year", "Jahr", "Year", Kind.INT, required=True, width=8),
    _c("title", "Titel", "Title", Kind.TEXT, required=True, width=30),
    _c("field", "Handlungsfeld", "Field of action", Kind.LIST, list="field", width=24),
    _c("structure", "Struktur", "Structure", Kind.REF, ref=("structures",), width=24),
    _c("partners", "Beteiligte Partner", "Partners involved", Kind.MULTIREF, ref=("partners",),
       qm=True, width=36),
    _c("goal", "Ziel", "Goal", Kind.TEXT, width=36),
    _c("status", "Status", "Status", Kind.LIST, required=True, list="topic_status", width=14),
), "tblJahresthemen")

EVENTS = SheetSpec("events", "Veranstaltungen", "Events", "E", 3, (
    _id("VeranstaltungID", "EventID", width=16),
    _c("title", "Titel", "Title", Kind.TEXT, required=True, width=30),
    _c("date", "Datum", "Date", Kind.DATE, required=True, width=12),
    _c("start", "Beginn", "Start", Kind.TIME, width=8),
    _c("end", "Ende", "End", Kind.TIME, width=8),
    _c("place", "Ort", "Place", Kind.TEXT, width=30, help_de=PLACE_HELP[0], help_en=PLACE_HELP[1]),
    _c("lead", "Federführung", "Lead", Kind.REF, ref=("partners",), qm=True, width=18),
    _c("co_organisers", "Mitveranstaltende", "Co-organisers", Kind.MULTIREF, ref=("partners",), qm=True,
       roles=True, width=36,
       help_de="Partner mit ihrer Rolle, mit ; trennen, z. B. „SV Blau-Weiß: Sportprogramm; NEWOGE: Strom“.",
       help_en="Partners with their role, separated by ;, e.g. “SV Blau-Weiß: sports; NEWOGE: power”."),
    _c("structure", "Struktur", "Structure", Kind.REF, ref=("structures",), width=22,
       help_de="Die Runde, aus der die Veranstaltung kommt.", help_en="The group the event comes from."),
    _c("topic", "Jahresthema", "Annual topic", Kind.REF, ref=("topics",), width=18),
    _c("target_groups", "Zielgruppen", "Target groups", Kind.MULTILIST, list="target_group", width=30,
       help_de="Mehrere mit ; trennen.", help_en="Separate several with ;"),
    _c("expected", "Erwartete Teilnehmende", "Expected attendance", Kind.INT, width=14),
    _c("reach", "Erreichte Teilnehmende", "Attendance", Kind.INT, width=14,
       help_de="Nach der Veranstaltung eintragen.", help_en="Fill in after the event."),
    _c("residents", "davon Bewohner*innen", "of them residents", Kind.INT, width=16),
    _c("status", "Status", "Status", Kind.LIST, required=True, list="event_status", width=14),
    _c("invited_on", "Eingeladen am", "Invited on", Kind.DATE, width=13,
       help_de="Wann die Einladung hinausging; „xlquartier invitations“ trägt es ein.",
       help_en="When the invitation went out; “xlquartier invitations” fills it in."),
    _note(),
), "tblVeranstaltungen", since="2")

OFFERS = SheetSpec("offers", "Angebote", "Offers", "O", 3, (
    _id("AngebotID", "OfferID"),
    _c("kind", "Art", "Kind", Kind.LIST, required=True, list="offer_kind", width=24),
    _c("title", "Titel", "Title", Kind.TEXT, required=True, width=30,
       help_de="Kurz und eindeutig, z. B. „Saal im Familienzentrum“.",
       help_en="Short and unique, e.g. “Hall at the family centre”."),
    _c("partner", "Partner", "Partner", Kind.REF, required=True, ref=("partners",), qm=True, width=20,
       help_de="Wer es anbietet.", help_en="Who offers it."),
    _c("target_groups", "Zielgruppen", "Target groups", Kind.MULTILIST, list="target_group", width=30,
       help_de="Mehrere mit ; trennen.", help_en="Separate several with ;"),
    _c("field", "Handlungsfeld", "Field of action", Kind.LIST, list="field", width=22),
    _c("place", "Ort", "Place", Kind.TEXT, width=24,
       help_de="Anschrift, bei Räumen auch Etage oder Eingang.", help_en="Address; for rooms also floor or entrance."),
    _c("times", "Zeiten", "Times", Kind.TEXT, width=30,
       help_de="z. B. „Mo–Fr 9–16 Uhr, abends nach Absprache“.",
       help_en="e.g. “Mon–Fri 9–4, evenings by arrangement”."),
    _c("cost", "Kosten", "Cost", Kind.TEXT, width=18, help_de="z. B. „kostenlos“.", help_en="e.g. “free”."),
    _c("step_free", "Stufenlos", "Step-free", Kind.LIST, list="yes_no", width=10,
       help_de="Stufenloser Zugang (Rampe, Aufzug)?", help_en="Step-free access (ramp, lift)?"),
    _c("toilet", "Barrierefreies WC", "Accessible toilet", Kind.LIST, list="yes_no", width=15),
    _c("capacity", "Plätze", "Capacity", Kind.INT, width=9,
       help_de="Bei Räumen: für wie viele Personen.", help_en="For rooms: how many people fit."),
    _c("contact", "Ansprechperson", "Contact person", Kind.REF, ref=("people",), width=20,
       help_de="Erscheint außerhalb des Büros nur mit „Weitergabe an Partner: ja“.",
       help_en="Shown outside the office only with “Share with partners: yes”."),
    _c("valid_until", "Gültig bis", "Valid until", Kind.DATE, width=12,
       help_de="Danach fragt die Prüfung nach, ob es das Angebot noch gibt.",
       help_en="After this date the check asks whether the offer still exists."),
    _note(),
), "tblAngebote", since="2")

CONTACTS = SheetSpec("contacts", "Kontaktverlauf", "Contact log", "KV", 4, (
    _id("KontaktID", "ContactID"),
    _c("date", "Datum", "Date", Kind.DATE, required=True, width=12),
    _c("partner", "Partner", "Partner", Kind.REF, required=True, ref=("partners",), width=22,
       help_de="Auch potenzielle Partner: erst im Blatt Partner mit Status „potenziell“ anlegen.",
       help_en="Potential partners too: add them to Partners with status “potential” first."),
    _c("person", "Person", "Person", Kind.REF, ref=("people",), width=18,
       help_de="Mit wem gesprochen wurde (Blatt Personen).", help_en="Who was spoken to (People sheet)."),
    _c("office_person", "Wer im Büro", "Office staff", Kind.TEXT, width=14,
       help_de="Wer vom Quartiersmanagement den Kontakt hatte.",
       help_en="Who in the neighbourhood office had the contact."),
    _c("channel", "Kontaktweg", "Channel", Kind.LIST, list="channel", width=14),
    _c("topic", "Worum ging es", "What was discussed", Kind.TEXT, width=36),
    _c("next_step", "Vereinbarter nächster Schritt", "Agreed next step", Kind.TEXT, width=30),
    _c("follow_up", "Wiedervorlage am", "Follow up on", Kind.DATE, width=13,
       help_de="Wann nachfassen. Erledigt, sobald ein späterer Kontakt mit dem Partner eingetragen ist.",
       help_en="When to follow up. Done as soon as a later contact with the partner is entered."),
    _note(),
), "tblKontaktverlauf", since="2")

CONCERNS = SheetSpec("concerns", "Anliegen", "Concerns", "AL", 3, (
    _id("AnliegenID", "ConcernID"),
    _c("date", "Datum", "Date", Kind.DATE, required=True, width=12),
    _c("source", "Quelle", "Source", Kind.LIST, required=True, list="concern_source", width=16),
    _c("meeting", "Treffen", "Meeting", Kind.REF, ref=("meetings",), width=11,
       help_de="Das Treffen, in dem das Anliegen vorgebracht wurde (erscheint im Protokoll).",
       help_en="The meeting where it was raised (appears in the minutes)."),
    _c("field", "Handlungsfeld", "Field of action", Kind.LIST, list="field", width=22),
    _c("topic", "Jahresthema", "Annual topic", Kind.REF, ref=("topics",), width=18),
    _c("concern", "Anliegen", "Concern", Kind.TEXT, required=True, width=40,
       help_de="Kurz, ohne Namen von Bewohner*innen.", help_en="Short, without residents' names."),
    _c("taken_by", "Wer greift es auf", "Taken up by", Kind.REF, ref=("partners",), qm=True, width=18),
    _c("status", "Status", "Status", Kind.LIST, list="concern_status", width=14),
    _c("reply", "Antwort an die Bewohner*innen", "Reply to the residents", Kind.TEXT, width=36),
    _c("resident_contact", "Kontakt Bewohner*in (intern)", "Resident's contact (internal)", Kind.TEXT,
       internal=True, width=20,
       help_de="Nicht nötig. Nur wenn jemand eine Antwort möchte; verlässt nie das Büro.",
       help_en="Not needed. Only when someone wants an answer; never leaves the office."),
    _note(),
), "tblAnliegen", since="2")

DATA_SHEETS: dict[str, SheetSpec] = {
    s.key: s for s in (PARTNERS, PEOPLE, STRUCTURES, MEETINGS, TASKS, AGREEMENTS, TOPICS, EVENTS, OFFERS,
                       CONTACTS, CONCERNS)
}
# Data sheets that never leave the office, not even empty (the partner view leaves them out).
OFFICE_ONLY_SHEETS = ("contacts",)

# Sheets that hold no table of records, by key: (German name, English name).
OTHER_SHEETS: dict[str, tuple[str, str]] = {
    "overview": ("Übersicht", "Overview"),
    "settings": ("Einstellungen", "Settings"),
    "lists": ("Listen", "Lists"),
    "check": ("Prüfung", "Check"),
    "guide": ("Anleitung", "Guide"),
    "conflicts": ("Konflikte", "Conflicts"),
}


def sheet_name(key: str, lang: str) -> str:
    """The name of any sheet (data or other) in the given language."""
    if key in DATA_SHEETS:
        return DATA_SHEETS[key].name(lang)
    de, en = OTHER_SHEETS[key]
    return de if lang == "de" else en


# --------------------------------------------------------------------------- settings

SETTINGS: dict[str, Setting] = {
    s.key: s
    for s in (
        Setting("qm_name", "Quartiersmanagement", "Neighbourhood management", "Quartiersmanagement"),
        Setting("quarter", "Quartier", "Neighbourhood", ""),
        Setting("provider", "Träger", "Provider", ""),
        Setting("address", "Anschrift", "Address", ""),
        Setting("city", "Ort", "City", "",
                "Ort für Unterschriften und Protokolle.", "Place for signatures and minutes."),
        Setting("phone", "Telefon", "Phone", ""),
        Setting("email", "E-Mail", "Email", ""),
        Setting("qm_contact_salutation", "Ansprechperson (Anrede)", "Contact person (salutation)", "",
                "Frau oder Herr; steht in der Anschrift eines Briefs an das Büro („z. Hd. Frau …“).",
                "Ms or Mr; printed in the address of a letter to the office (“attn. Ms …”)."),
        Setting("qm_contact_name", "Ansprechperson (Name)", "Contact person (name)", "",
                "Wer im Quartiersmanagement für Partner ansprechbar ist; steht in Vereinbarungen und "
                "Protokollen (statt „QM“).",
                "Who in the neighbourhood management partners can turn to; printed in agreements and "
                "minutes (instead of “QM”)."),
        Setting("qm_contact_function", "Ansprechperson (Funktion)", "Contact person (position)", "",
                "z. B. Quartiersmanagerin", "e.g. neighbourhood manager"),
        Setting("qm_signatory_name", "Unterschrift (Name)", "Signatory (name)", "",
                "Wer Vereinbarungen für das Quartiersmanagement unterschreibt; leer = die Ansprechperson.",
                "Who signs agreements for the neighbourhood management; empty = the contact person."),
        Setting("qm_signatory_function", "Unterschrift (Funktion)", "Signatory (position)", "",
                "z. B. Geschäftsführung des Trägers", "e.g. managing director of the provider"),
        Setting("programme", "Förderprogramm", "Funding programme", "Sozialer Zusammenhalt"),
        Setting("network_name", "Netzwerkname", "Network name", ""),
        Setting("network_logo", "Netzwerk-Logo", "Network logo", "",
                "Dateiname im Logo-Ordner.", "File name in the logo folder."),
        Setting("logo_folder", "Logo-Ordner", "Logo folder", "logos",
                "Ordner mit den Logos, relativ zur Arbeitsmappe.",
                "Folder with the logos, relative to the workbook."),
        Setting("qm_short", "Kürzel für das Quartiersmanagement",
                "Short name of the neighbourhood management", QM,
                "Steht überall dort, wo ein Partner erwartet wird, für das Quartiersmanagement.",
                "Stands for the neighbourhood management wherever a partner is expected."),
        Setting("language", "Sprache", "Language", "de", "de oder en", "de or en"),
        Setting("dup_partner_score", "Dubletten: Ähnlichkeit von Partnernamen (0–100)",
                "Duplicates: similarity of partner names (0–100)", 90),
        Setting("dup_structure_overlap", "Doppelstrukturen: Überschneidung der Mitglieder (0–1)",
                "Duplicate structures: member overlap (0–1)", 0.5),
        Setting("overlap_days", "Überschneidende Treffen: Abstand in Tagen",
                "Overlapping meetings: days apart", 14),
        Setting("overlap_partners", "Überschneidende Treffen: gemeinsame Partner",
                "Overlapping meetings: partners in common", 3),
        Setting("max_topics", "Höchstzahl gemeinsamer Jahresthemen",
                "Maximum joint annual topics", 3),
        Setting("max_structures", "Überforderung: aktive Strukturen je Partner",
                "Overload: active structures per partner", 3),
        Setting("max_meetings_quarter", "Überforderung: Treffen je Partner und Quartal",
                "Overload: meetings per partner and quarter", 6),
        Setting("max_open_tasks", "Überforderung: offene Aufgaben je Zuständigen",
                "Overload: open tasks per responsible", 3),
        Setting("max_overdue_tasks", "Überforderung: überfällige Aufgaben je Zuständigen",
                "Overload: overdue tasks per responsible", 2),
        Setting("overdue_note_days", "Überfällig ohne Vermerk: Tage",
                "Overdue without a note: days", 14),
        Setting("min_attendance_pct", "Geringe Teilnahme: Prozent", "Low attendance: percent", 50),
        Setting("attendance_window", "Geringe Teilnahme: letzte Treffen",
                "Low attendance: last meetings", 4),
        Setting("max_group_size", "Große Runde: Mitgliedsorganisationen",
                "Large group: member organisations", 12),
        Setting("minutes_days", "Protokoll versenden innerhalb von Tagen",
                "Send minutes within days", 7),
        Setting("dormant_months", "Ruhender Partner: Monate ohne Beteiligung",
                "Dormant partner: months without involvement", 6),
        # ---- schema version 2: planning, events, offers, invitations
        Setting("plan_member_share", "Planung: Anteil der Mitglieder, die sich schon in einer Runde treffen (0–1)",
                "Planning: share of members who already meet in a group (0–1)", 0.6),
        Setting("new_round_months", "Planung: eine Runde gilt so viele Monate nach Beginn als neu",
                "Planning: a group counts as new for this many months after its start", 6),
        Setting("event_gap_days", "Veranstaltungen: Mindestabstand bei gleicher Zielgruppe (Tage)",
                "Events: minimum gap for the same target group (days)", 14),
        Setting("max_events_quarter", "Überforderung: Veranstaltungen je Partner und Quartal",
                "Overload: events per partner and quarter", 3),
        Setting("event_room_days", "Veranstaltung ohne Raum: Tage vorher",
                "Event without a room: days before", 28),
        Setting("room_uses", "Raum nicht im Katalog: ab so vielen Treffen",
                "Room missing from the catalogue: from this many meetings", 2),
        Setting("invite_days", "Einladung versenden: Tage vor dem Termin",
                "Send invitations: days before the date", 14),
        # ---- schema version 2: relationships, benefit and residents
        Setting("network_text", "Flyer: Text über das Netzwerk", "Flyer: text about the network", "",
                "Zwei, drei Sätze für den Flyer: wer wir sind, was wir gemeinsam tun.",
                "Two or three sentences for the flyer: who we are and what we do together."),
        Setting("potential_months", "Potenzielle Partner: Monate ohne Kontakt",
                "Potential partners: months without contact", 3),
        Setting("contact_months", "Aktive Partner: Monate ohne persönlichen Kontakt",
                "Active partners: months without personal contact", 6),
        Setting("double_approach_days", "Doppelte Ansprache: Tage",
                "Double approach: days apart", 30),
        Setting("benefit_months", "Nutzenbericht: spätestens nach Monaten",
                "Benefit statement: at the latest after months", 12),
        Setting("concern_weeks", "Anliegen ohne Status: Wochen", "Concern without status: weeks", 4),
        Setting("resident_meetings", "Runde ohne Bewohner*innen: ab Treffen",
                "Round without residents: from meetings", 3),
        Setting("retention_days", "Aufbewahrung: Sicherungen und Exportprotokolle (Tage)",
                "Retention: backups and export records (days)", 365,
                "Ältere Sicherungen und Exportprotokolle werden beim nächsten Schreiben gelöscht.",
                "Older backups and export records are deleted at the next write."),
        Setting("import_max_new_rows", "Rückmeldungen: höchstens neue Zeilen je Einlesen",
                "Partner answers: most new rows per import", 20,
                "Mehr neue Zeilen aus einer Partneransicht werden nicht übernommen, sondern gemeldet "
                "(„share import --max-new“ erlaubt mehr).",
                "More new rows from one partner view are reported, not added (“share import --max-new” "
                "allows more)."),
    )
}


# The range each numeric setting must lie in. A value outside it (or not a number) is reported by the
# check ``bad-setting`` and the default is used instead: a duplicate threshold of 0 would call every
# pair of names a duplicate, a window of 10**9 days overflows every date.
SETTING_RANGES: dict[str, tuple[float, float]] = {
    "dup_partner_score": (50, 100),
    "dup_structure_overlap": (0, 1),
    "overlap_days": (0, 366),
    "overlap_partners": (1, 10_000),
    "max_topics": (0, 100),
    "max_structures": (0, 10_000),
    "max_meetings_quarter": (0, 10_000),
    "max_open_tasks": (0, 100_000),
    "max_overdue_tasks": (0, 100_000),
    "overdue_note_days": (0, 3660),
    "min_attendance_pct": (0, 100),
    "attendance_window": (1, 1000),
    "max_group_size": (0, 10_000),
    "minutes_days": (0, 366),
    "dormant_months": (1, 600),
    "retention_days": (1, 36_600),
    "import_max_new_rows": (0, 100_000),
}


# --------------------------------------------------------------------------- helpers

def normalize_header(text: object) -> str:
    """Header comparison ignores case, surrounding spaces, line breaks and ``*``."""
    return " ".join(str(text).replace("*", " ").split()).casefold()


def list_entry_map(spec: ListSpec) -> dict[str, str]:
    """Maps both languages' spellings (normalised) to the canonical German entry."""
    mapping: dict[str, str] = {}
    for de, en in spec.entries:
        mapping[normalize_header(de)] = de
        mapping.setdefault(normalize_header(en), de)
    return mapping


def translate(list_key: str, value: str, lang: str) -> str:
    """The label of a canonical (German) list entry in ``lang``; unknown values as they are."""
    if lang == "de":
        return value
    for de, en in LISTS[list_key].entries:
        if de == value:
            return en
    return value
