"""The catalogue of check codes: the public contract of ``xlquartier check``.

Users filter on the codes and CI pipelines grep them, so a code never changes its meaning.
Every code a check can report is registered here once, with its severity, the group it
belongs to, a short label for the ``Prüfung`` sheet (German and English), what triggers
it, and the settings whose thresholds it reads. ``docs/checks.md`` is generated from this
table, and ``Finding`` refuses a code that is not in it, so the catalogue cannot drift
from the checks.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning", "hint"]

# Group key -> (German title, English title), in the order the catalogue lists them.
GROUPS: dict[str, tuple[str, str]] = {
    "entries": ("Einträge", "Entries"),
    "duplicates": ("Doppelstrukturen", "Duplicate structures"),
    "planning": ("Planung ohne Doppelstrukturen", "Planning without duplicate structures"),
    "events": ("Veranstaltungen, Angebote und Räume", "Events, offers and rooms"),
    "reliability": ("Überforderung und Verbindlichkeit", "Overload and reliability"),
    "privacy": ("Datenschutz", "Privacy"),
    "relations": ("Kontakte, Nutzen und Bürgerinteresse", "Contacts, benefit and residents"),
}


@dataclass(frozen=True)
class CheckCode:
    code: str
    severity: Severity
    group: str
    de: str  # short German label, shown beside the code
    en: str  # short English label
    when: str  # what triggers it (English, for the contract in docs/checks.md)
    settings: tuple[str, ...] = ()  # keys of schema.SETTINGS whose thresholds it reads

    def label(self, lang: str) -> str:
        return self.en if lang == "en" else self.de


def _codes(*codes: CheckCode) -> dict[str, CheckCode]:
    return {c.code: c for c in codes}


CATALOGUE: dict[str, CheckCode] = _codes(
    # ---- entries
    CheckCode("missing-sheet", "error", "entries", "Blatt fehlt", "Sheet missing",
              "a data sheet is missing (row and column null)"),
    CheckCode("missing-column", "error", "entries", "Spalte fehlt", "Column missing",
              "a required column is missing (row null)"),
    CheckCode("required", "error", "entries", "Pflichtfeld leer", "Required value missing",
              "a required cell is empty (including the rules that apply to tasks of kind Aufgabe)"),
    CheckCode("not-in-list", "error", "entries", "Wert nicht in der Liste", "Value not in the list",
              "a value is not in its list (the message names the closest allowed values)"),
    CheckCode("bad-date", "error", "entries", "Kein Datum", "Not a date",
              "a date or time cell holds something that is not a date or time"),
    CheckCode("date-as-text", "warning", "entries", "Datum als Text", "Date typed as text",
              "a date typed as text that could be read"),
    CheckCode("bad-number", "error", "entries", "Keine Zahl", "Not a number",
              "a whole-number cell holds something else, or residents exceed the headcount"),
    CheckCode("bad-email", "error", "entries", "E-Mail ungültig", "Invalid email",
              "not an email address"),
    CheckCode("bad-phone", "warning", "entries", "Telefonnummer fraglich", "Doubtful phone number",
              "a phone number with letters or too few digits"),
    CheckCode("bad-postcode", "warning", "entries", "PLZ fraglich", "Doubtful postcode",
              "a German postcode that is not 5 digits"),
    CheckCode("duplicate-id", "error", "entries", "ID doppelt", "Duplicate ID",
              "an ID used twice in one sheet (both rows)"),
    CheckCode("unknown-ref", "error", "entries", "Verweis unbekannt", "Unknown reference",
              "a reference names no row (the message asks “did you mean …?”)"),
    CheckCode("ambiguous-ref", "error", "entries", "Verweis mehrdeutig", "Ambiguous reference",
              "a reference matches several rows"),
    CheckCode("date-order", "error", "entries", "Datumsfolge falsch", "Dates out of order",
              "an end before its start; done before the meeting it came from; valid-until before valid-from"),
    CheckCode("status-mismatch", "warning", "entries", "Status passt nicht", "Status does not fit",
              "`erledigt` without a done date, or a done date on an item that is not `erledigt`"),
    CheckCode("excel-error", "error", "entries", "Excel-Fehlerwert", "Excel error value",
              "a cell holds an Excel error value (`#BEZUG!`, `#NV`, `#N/A`, …)"),
    CheckCode("schema-outdated", "hint", "entries", "Neue Blätter verfügbar", "Upgrade available",
              "the workbook's schema version predates data sheets of the current schema (row, column and sheet "
              "null): `xlquartier upgrade` adds them"),
    # ---- duplicate structures
    CheckCode("duplicate-partner", "warning", "duplicates", "Partner doppelt?", "Duplicate partner?",
              "two partner rows are probably one organisation: normalised names alike (case, umlauts/ß, "
              "punctuation, legal forms, “Str.” = “Straße”) and, where both are given, the same postcode "
              "or the same email domain", ("dup_partner_score",)),
    CheckCode("duplicate-person", "warning", "duplicates", "Person doppelt?", "Duplicate person?",
              "two person rows are probably one person: the same email, or alike names at the same partner"),
    CheckCode("duplicate-structure", "warning", "duplicates", "Doppelstruktur", "Duplicate structure",
              "two active structures in the same field of action whose members overlap (Jaccard) and that "
              "share a topic tag or have alike names", ("dup_structure_overlap",)),
    CheckCode("dock-suggestion", "hint", "duplicates", "Andocken möglich", "Could dock on",
              "a structure led by QM shares the field and a topic of an active outside body or another group "
              "it could dock onto, and has no `Angedockt an`"),
    CheckCode("overlapping-meetings", "warning", "duplicates", "Treffen überschneiden sich",
              "Overlapping meetings",
              "meetings of two different structures in the same field of action, a few days apart, with "
              "several attending partners in common", ("overlap_days", "overlap_partners")),
    CheckCode("topic-in-several-structures", "warning", "duplicates", "Thema in mehreren Strukturen",
              "Topic in several structures",
              "one annual topic is named by tasks or rows of more than one structure"),
    # ---- planning without duplicate structures (schema version 2)
    CheckCode("planned-duplicate-structure", "warning", "planning", "Geplante Doppelstruktur",
              "Planned duplicate structure",
              "a planned structure whose members mostly already meet in an active one (share of the planned "
              "round's members) in the same field, or with a shared topic or an alike name; the finding sits on "
              "the planned row and names the round to dock onto, the shared members, topics and meeting days",
              ("plan_member_share", "dup_partner_score")),
    CheckCode("meets-same-month", "warning", "planning", "Mitglieder treffen sich schon",
              "Members meet already",
              "a planned meeting of a new structure (planned, or started within the set months) in a month in "
              "which most of its members already meet in another active structure",
              ("plan_member_share", "new_round_months")),
    CheckCode("planned-duplicate-event", "warning", "planning", "Veranstaltung doppelt?", "Duplicate event?",
              "a planned event whose title is alike another event of the same year", ("dup_partner_score",)),
    CheckCode("event-clash", "warning", "planning", "Veranstaltungen zu dicht", "Events too close",
              "a planned event within the set days of another event for the same target group",
              ("event_gap_days",)),
    CheckCode("event-without-room", "warning", "planning", "Veranstaltung ohne Raum", "Event without a room",
              "a planned event within the set days that has no place yet", ("event_room_days",)),
    CheckCode("not-invited", "warning", "planning", "Noch nicht eingeladen", "Not invited yet",
              "a planned meeting or event within the set days without an `Eingeladen am` date",
              ("invite_days",)),
    # ---- events, offers and rooms (schema version 2)
    CheckCode("single-organiser", "hint", "events", "Nur ein Träger", "One organiser only",
              "an event carried by its lead alone, with no co-organising partner (“auf mehreren Schultern”)"),
    CheckCode("event-overload", "warning", "events", "Zu viele Veranstaltungen", "Too many events",
              "a partner leads or co-organises more events in one quarter (from the current one on) than the "
              "setting", ("max_events_quarter",)),
    CheckCode("event-without-reach", "warning", "events", "Reichweite fehlt", "Reach missing",
              "a held event without its attendance figure"),
    CheckCode("offer-expired", "warning", "events", "Angebot abgelaufen", "Offer expired",
              "an offer whose `Gültig bis` date has passed"),
    CheckCode("room-not-in-catalogue", "hint", "events", "Raum nicht im Katalog", "Room not in the catalogue",
              "a place given for at least the set number of meetings that is no room offer in `Angebote`",
              ("room_uses",)),
    # ---- overload and reliability
    CheckCode("too-many-topics", "warning", "reliability", "Zu viele Jahresthemen", "Too many annual topics",
              "more annual topics with status geplant/aktiv in one year than the maximum", ("max_topics",)),
    CheckCode("partner-overload", "warning", "reliability", "Partner überlastet", "Partner overloaded",
              "a partner is a member of too many active structures, or invited to too many meetings in one "
              "quarter", ("max_structures", "max_meetings_quarter")),
    CheckCode("person-overload", "warning", "reliability", "Zu viele Aufgaben", "Too many tasks",
              "a responsible person or partner holds too many open tasks, or too many overdue ones",
              ("max_open_tasks", "max_overdue_tasks")),
    CheckCode("overdue-task", "warning", "reliability", "Aufgabe überfällig", "Task overdue",
              "an open task past its due date (the message gives the days overdue, and says “no note” when "
              "it is overdue longer than the setting without a completion note)", ("overdue_note_days",)),
    CheckCode("low-attendance", "hint", "reliability", "Geringe Teilnahme", "Low attendance",
              "a member attended fewer than the given percentage of the last meetings of its structure: "
              "clarify interest and benefit", ("min_attendance_pct", "attendance_window")),
    CheckCode("group-too-large", "hint", "reliability", "Große Runde", "Large group",
              "a structure with more member organisations than the setting", ("max_group_size",)),
    CheckCode("minutes-late", "warning", "reliability", "Protokoll verspätet", "Minutes late",
              "a held meeting whose minutes were not sent within the set number of days", ("minutes_days",)),
    CheckCode("agreement-review-due", "warning", "reliability", "Vereinbarung überprüfen",
              "Agreement review due", "a signed agreement whose review date or end date has passed"),
    CheckCode("dormant-partner", "hint", "reliability", "Partner ruht", "Dormant partner",
              "an active partner with no attendance or task in the last months", ("dormant_months",)),
    CheckCode("no-win-win", "hint", "reliability", "Nutzen nicht benannt", "No benefit named",
              "an active partner or a signed agreement with no “Nutzen für den Partner”"),
    # ---- privacy
    CheckCode("consent-missing", "warning", "privacy", "Einwilligung fehlt", "Consent missing",
              "legal basis Einwilligung without a consent date"),
    CheckCode("deletion-review-due", "warning", "privacy", "Löschprüfung fällig", "Deletion review due",
              "the deletion review date has passed"),
    CheckCode("logo-not-released", "warning", "privacy", "Logo nicht freigegeben", "Logo not released",
              "a partner's logo file is named but its release is not `ja` (documents leave it out)"),
    CheckCode("logo-missing", "warning", "privacy", "Logo fehlt", "Logo missing",
              "a released logo file does not exist in the logo folder"),
    # ---- contacts, benefit and residents (schema version 2)
    CheckCode("follow-up-due", "warning", "relations", "Wiedervorlage fällig", "Follow-up due",
              "the latest contact with a partner in the Kontaktverlauf has a follow-up date that has come "
              "(a later contact with the partner marks it done); or a declined partner's “approach again” "
              "date has come and nobody has contacted it since"),
    CheckCode("acquisition-stalled", "hint", "relations", "Ansprache stockt", "Acquisition stalled",
              "a potential, approached or in-talks partner with no contact in the Kontaktverlauf for months",
              ("potential_months",)),
    CheckCode("no-personal-contact", "hint", "relations", "Kein persönlicher Kontakt",
              "No personal contact",
              "an active partner (for longer than the setting) with no contact in person, by phone or video "
              "in the Kontaktverlauf for months; meetings do not count (only once the log is in use)",
              ("contact_months",)),
    CheckCode("double-approach", "warning", "relations", "Doppelte Ansprache", "Double approach",
              "two different office staff contacted the same potential, approached, in-talks or declined "
              "partner within a few days of each other", ("double_approach_days",)),
    CheckCode("benefit-statement-due", "hint", "relations", "Nutzenbericht fällig", "Benefit statement due",
              "an active partner (for longer than the setting) with no “Nutzenbericht versendet am” in the "
              "last months: show it what the network did for it", ("benefit_months",)),
    CheckCode("concern-unanswered", "warning", "relations", "Anliegen ohne Status", "Concern without status",
              "a residents' concern with no status, or still “neu”, weeks after it was raised",
              ("concern_weeks",)),
    CheckCode("no-resident-voice", "hint", "relations", "Bürgerinteresse fehlt", "Residents not heard",
              "a field of action with active structures, or an annual topic of this year (from July on), "
              "with no residents' concern and no residents at its meetings in the last twelve months "
              "(only when the Anliegen sheet exists)"),
    CheckCode("round-without-residents", "hint", "relations", "Runde ohne Bewohner*innen",
              "Round without residents",
              "an active structure (not an outside body) that held at least the set number of meetings, none "
              "of them with a resident", ("resident_meetings",)),
)


def code_label(code: str, lang: str) -> str:
    """The short label of a code in ``lang`` (the code itself for an unknown one)."""
    entry = CATALOGUE.get(code)
    return entry.label(lang) if entry else code
