"""What one partner may see of the network, and which of it the partner may change.

The rules come from the sharing contract: the partner's own row and people; the
structures it belongs to and their meetings; the tasks it is responsible for and the
tasks of the meetings it attended; its agreements; the events it leads or co-organises;
its own offers, which it maintains itself. Other organisations appear by name
and type only, other people only with "Weitergabe an Partner" = ja and then only name,
organisation, function, email and phone. Everything is decided here, on typed rows,
before a single cell is written: what is not in the view cannot leak into the file.

References are rewritten to readable names the export itself holds (a person who did not
agree to sharing is replaced by their organisation), so no reference text carries a name
the partner may not see.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..errors import UserError
from ..schema import DATA_SHEETS, Kind
from ..workbook.tables import Book, Row, person_name, role_of

# Columns shown per sheet; anything not named here (internal notes, legal basis, consent
# and review dates, chairs and attendance lists, unknown user columns) never leaves.
OWN_PARTNER_COLUMNS = tuple(c.key for c in DATA_SHEETS["partners"].columns if not c.internal)
OTHER_PARTNER_COLUMNS = ("id", "name", "type")
OWN_PEOPLE_COLUMNS = ("id", "partner", "salutation", "first_name", "last_name", "position", "role",
                      "email", "phone")
OTHER_PEOPLE_COLUMNS = ("id", "partner", "first_name", "last_name", "position", "email", "phone")
STRUCTURE_COLUMNS = ("id", "name", "type", "field", "topics", "lead", "members", "cadence", "start",
                     "end", "status")
MEETING_COLUMNS = ("id", "structure", "date", "start", "end", "place", "agenda", "status")
TASK_COLUMNS = ("id", "meeting", "item", "kind", "description", "responsible", "due", "status",
                "done_on", "note")
AGREEMENT_COLUMNS = tuple(c.key for c in DATA_SHEETS["agreements"].columns
                          if not c.internal and c.key != "review_on")
EVENT_COLUMNS = ("id", "title", "date", "start", "end", "place", "lead", "co_organisers", "structure",
                 "target_groups", "expected", "reach", "residents", "status")
OFFER_COLUMNS = tuple(c.key for c in DATA_SHEETS["offers"].columns if not c.internal)
# Residents' concerns the partner takes up; who raised them (internal) never travels.
CONCERN_COLUMNS = ("id", "date", "source", "field", "concern", "taken_by", "status", "reply")
SHOWN_COLUMNS: dict[str, set[str]] = {
    "partners": set(OWN_PARTNER_COLUMNS) | set(OTHER_PARTNER_COLUMNS),
    "people": set(OWN_PEOPLE_COLUMNS) | set(OTHER_PEOPLE_COLUMNS),
    "structures": set(STRUCTURE_COLUMNS),
    "meetings": set(MEETING_COLUMNS),
    "tasks": set(TASK_COLUMNS),
    "agreements": set(AGREEMENT_COLUMNS),
    "topics": {c.key for c in DATA_SHEETS["topics"].columns},  # the sheet stays empty
    "events": set(EVENT_COLUMNS),
    "offers": set(OFFER_COLUMNS),
    "concerns": set(CONCERN_COLUMNS),
}

# The cells a partner may change: its own contact data and the state of its own tasks.
EDITABLE: dict[str, tuple[str, ...]] = {
    "partners": ("street", "postcode", "city", "email", "phone", "website"),
    "people": ("salutation", "first_name", "last_name", "position", "email", "phone"),
    "tasks": ("status", "done_on", "note"),
    "offers": ("kind", "title", "target_groups", "field", "place", "times", "cost", "step_free", "toilet",
               "capacity", "contact", "valid_until"),
}
# Sheets where the partner may add rows (new contact persons, new offers of its own organisation).
ADDABLE = ("people", "offers")


@dataclass
class PartnerView:
    """The rows of one partner's export, typed and canonical, ready for ``build_workbook``."""

    partner_id: str
    partner_name: str
    data: dict[str, list[dict[str, Any]]]
    editable: dict[str, dict[str, tuple[str, ...]]] = field(default_factory=dict)  # sheet -> id -> cols

    def rows(self, sheet: str) -> list[dict[str, Any]]:
        return self.data.get(sheet, [])


def find_partner(book: Book, partner_id: str) -> Row:
    """The partner row with this ID (exact, or case-insensitive); a plain error otherwise."""
    by_id = book.table("partners").by_id() if "partners" in book.tables else {}
    row = by_id.get(partner_id) or next(
        (r for pid, r in by_id.items() if pid.casefold() == partner_id.strip().casefold()), None)
    if row is None:
        raise UserError(f"Einen Partner mit der ID {partner_id} gibt es in der Arbeitsmappe nicht.",
                        f"There is no partner with the ID {partner_id} in the workbook.")
    return row


class _Selector:
    """Collects the rows of one partner's view; one instance per export."""

    def __init__(self, book: Book, partner: Row):
        self.book = book
        self.partner = partner
        self.own_people = [p for p in book.rows("people") if book.ref("people", p, "partner") is partner]
        self.own_ids = {id(p) for p in self.own_people}
        self.orgs: list[Row] = []  # other organisations mentioned in the view
        self.others: list[Row] = []  # other people mentioned, all with share == ja

    # ---- who may be named --------------------------------------------------------
    def _shared(self, person: Row) -> bool:
        return id(person) in self.own_ids or person["share"] == "ja"

    def _org(self, org: Row) -> str:
        if org is not self.partner and not any(o is org for o in self.orgs):
            self.orgs.append(org)
        return org["name"] or org.id

    def _person(self, person: Row) -> str | None:
        """A person's name when it may be shown, else their organisation's name (or nothing)."""
        if self._shared(person):
            if id(person) not in self.own_ids and not any(p is person for p in self.others):
                self.others.append(person)
            return person_name(person) or person.id
        org = self.book.ref("people", person, "partner")
        return self._org(org) if org else None

    def label(self, sheet: str, key: str, text: str, visible: dict[str, set[str]]) -> str | None:
        """A reference rewritten to a name the export holds; None when it may not be shown."""
        column = DATA_SHEETS[sheet].column(key)
        match = self.book.resolve(column, text)
        if match is None:
            return None
        if match.is_qm:
            return self.book.qm
        row = match.row
        if match.sheet == "partners":
            return self._org(row)
        if match.sheet == "people":
            return self._person(row)
        if match.sheet == "structures":
            return row["name"]
        if match.sheet in visible and row.id in visible[match.sheet]:
            return row.id
        return None

    def record(self, sheet: str, row: Row, columns: tuple[str, ...],
               visible: dict[str, set[str]]) -> dict[str, Any]:
        """The allowed columns of a row, references rewritten."""
        out: dict[str, Any] = {}
        spec = DATA_SHEETS[sheet]
        for key in columns:
            value = row[key]
            if value is None:
                continue
            kind = spec.column(key).kind
            if kind is Kind.REF:
                value = self.label(sheet, key, value, visible)
            elif kind is Kind.MULTIREF:
                roles = spec.column(key).roles  # "SV Blau-Weiß: Sportprogramm" keeps its role
                value = [f"{v}: {role_of(x)}" if roles and v and role_of(x) else v
                         for x in value if (v := self.label(sheet, key, x, visible))] or None
            if value is not None:
                out[key] = value
        return out


def partner_view(book: Book, partner_id: str) -> PartnerView:
    """Select what partner ``partner_id`` may see and which cells it may change."""
    partner = find_partner(book, partner_id)
    sel = _Selector(book, partner)
    own_people = sel.own_people

    own_ids = sel.own_ids

    def mine(sheet: str, row: Row, key: str) -> bool:
        return (any(r is partner for r in book.refs(sheet, row, key))
                or book.ref(sheet, row, key) is partner)

    structures = [s for s in book.rows("structures") if mine("structures", s, "members")
                  or mine("structures", s, "lead")]
    structure_set = {id(s) for s in structures}

    def attended(meeting: Row) -> bool:
        return (mine("meetings", meeting, "partners")
                or any(id(p) in own_ids for p in book.refs("meetings", meeting, "people")))

    meetings = [m for m in book.rows("meetings")
                if id(book.ref("meetings", m, "structure")) in structure_set or attended(m)]
    attended_set = {id(m) for m in meetings if attended(m)}

    def responsible(task: Row) -> bool:
        who = book.ref("tasks", task, "responsible")
        return who is partner or id(who) in own_ids

    tasks = [t for t in book.rows("tasks")
             if responsible(t) or id(book.ref("tasks", t, "meeting")) in attended_set]
    agreements = [a for a in book.rows("agreements") if book.ref("agreements", a, "partner") is partner]
    events = [e for e in book.rows("events")  # the events it leads or co-organises
              if mine("events", e, "lead") or mine("events", e, "co_organisers")]
    offers = [o for o in book.rows("offers") if book.ref("offers", o, "partner") is partner]
    concerns = [c for c in book.rows("concerns") if book.ref("concerns", c, "taken_by") is partner]

    visible = {"meetings": {m.id for m in meetings if m.id}}
    data: dict[str, list[dict[str, Any]]] = {
        "structures": [sel.record("structures", s, STRUCTURE_COLUMNS, visible) for s in structures],
        "meetings": [sel.record("meetings", m, MEETING_COLUMNS, visible) for m in meetings],
        "tasks": [sel.record("tasks", t, TASK_COLUMNS, visible) for t in tasks],
        "agreements": [sel.record("agreements", a, AGREEMENT_COLUMNS, visible) for a in agreements],
        "events": [sel.record("events", e, EVENT_COLUMNS, visible) for e in events],
        "offers": [sel.record("offers", o, OFFER_COLUMNS, visible) for o in offers],
        "concerns": [sel.record("concerns", c, CONCERN_COLUMNS, visible) for c in concerns],
    }
    for person in book.rows("people"):  # the fellow members' contact persons who agreed
        org = book.ref("people", person, "partner")
        if (person["share"] == "ja" and any(o is org for o in sel.orgs)
                and not any(p is person for p in sel.others)):
            sel.others.append(person)
    people = [sel.record("people", p, OWN_PEOPLE_COLUMNS, visible) for p in own_people]
    people += [sel.record("people", p, OTHER_PEOPLE_COLUMNS, visible) for p in list(sel.others)]
    data["people"] = people
    data["partners"] = [sel.record("partners", partner, OWN_PARTNER_COLUMNS, visible)]
    data["partners"] += [sel.record("partners", o, OTHER_PARTNER_COLUMNS, visible) for o in sel.orgs]
    data["topics"] = []

    _require_ids(partner, {"people": own_people, "tasks": [t for t in tasks if responsible(t)], "offers": offers})
    editable = {
        "partners": {partner.id: EDITABLE["partners"]},
        "people": {p.id: EDITABLE["people"] for p in own_people if p.id},
        "tasks": {t.id: EDITABLE["tasks"] for t in tasks if t.id and responsible(t)},
    }
    if "offers" in book.tables:  # a version-1 master has no catalogue the answers could go into
        editable["offers"] = {o.id: EDITABLE["offers"] for o in offers if o.id}
    return PartnerView(partner.id, partner["name"] or partner.id, data, editable)


def _require_ids(partner: Row, rows: dict[str, list[Row]]) -> None:
    """Refuse a view whose editable rows have no ID: the partner's answers could not be matched."""
    missing = {key: [r.number for r in found if not r.id] for key, found in rows.items()}
    missing = {key: numbers for key, numbers in missing.items() if numbers}
    if not missing:
        return
    where = "; ".join(f"{DATA_SHEETS[k].de} {', '.join(map(str, n))}" for k, n in missing.items())
    where_en = "; ".join(f"{DATA_SHEETS[k].en} {', '.join(map(str, n))}" for k, n in missing.items())
    name = partner["name"] or partner.id
    raise UserError(
        f"Zeilen für {name} haben noch keine ID ({where}); bitte zuerst „xlquartier check --write“ "
        "ausführen, damit die Antworten des Partners zugeordnet werden können.",
        f"Rows for {name} have no ID yet ({where_en}); please run “xlquartier check --write” first, "
        "so the partner's answers can be matched.")
