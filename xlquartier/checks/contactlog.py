"""The contact log (Kontaktverlauf) per partner: the last contact, the last personal one, what is due.

Access to partners works through personal contact, and it takes patience: the office writes
down every contact and the next step agreed. The checks, the Excel function
``=LETZTER_KONTAKT`` and the partner list of other features ask the same questions of the
log ("when did we last speak to them, and what did we agree?"), so they are answered here.

A follow-up date is done as soon as a later contact with the same partner is entered: only
the latest contact of a partner carries the follow-up that is still open. The log never
leaves the office; nothing here is meant for a partner's eyes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..schema import PERSONAL_CHANNELS
from ..workbook.tables import Book, Row
from .load import partner_named

_CACHE = "_xlquartier_contact_log"


def _order(row: Row) -> tuple[dt.date, int]:
    return row["date"], row.number


@dataclass
class ContactLog:
    """The dated contacts of each partner (by the partner's Excel row), oldest first."""

    book: Book
    by_partner: dict[int, list[Row]] = field(default_factory=dict)

    @classmethod
    def of(cls, book: Book) -> ContactLog:
        """Built once per book and kept on it, like ``load.Network``."""
        cached = book.__dict__.get(_CACHE)
        if cached is None:
            cached = book.__dict__[_CACHE] = cls._build(book)
        return cached

    @classmethod
    def _build(cls, book: Book) -> ContactLog:
        log = cls(book)
        for contact in book.rows("contacts"):
            if not isinstance(contact["date"], dt.date):
                continue  # an undated contact says nothing about "when"; the entry checks report it
            partner = book.ref("contacts", contact, "partner")
            if partner is not None:
                log.by_partner.setdefault(partner.number, []).append(contact)
        for rows in log.by_partner.values():
            rows.sort(key=_order)
        return log

    @property
    def in_use(self) -> bool:
        """True once the office keeps the log (any dated contact with a known partner)."""
        return bool(self.by_partner)

    def contacts(self, partner: Row, until: dt.date | None = None) -> list[Row]:
        rows = self.by_partner.get(partner.number, [])
        return [r for r in rows if until is None or r["date"] <= until]

    def last(self, partner: Row, until: dt.date | None = None) -> Row | None:
        """The partner's latest contact (up to ``until``), any channel."""
        rows = self.contacts(partner, until)
        return rows[-1] if rows else None

    def last_personal(self, partner: Row, until: dt.date | None = None) -> Row | None:
        """The latest contact in person, by phone or video (an email or a letter is no conversation)."""
        rows = [r for r in self.contacts(partner, until) if r["channel"] in PERSONAL_CHANNELS]
        return rows[-1] if rows else None

    def open_follow_up(self, partner: Row, until: dt.date | None = None) -> Row | None:
        """The partner's latest contact (up to ``until``) when it has a follow-up date: the one still to do."""
        rows = self.contacts(partner, until)
        if rows and isinstance(rows[-1]["follow_up"], dt.date):
            return rows[-1]
        return None


@dataclass(frozen=True)
class LastContact:
    """What the office last heard from a partner and what comes next (``=LETZTER_KONTAKT``)."""

    partner: Row
    contact: Row | None  # the latest contact, None when there is none
    follow_up: dt.date | None  # still open: the latest contact's follow-up date


def last_contact(book: Book, partner: str, today: dt.date | None = None) -> LastContact:
    """The last contact (up to ``today``) and the open next step of the partner named ``partner``
    (ID, short name or name)."""
    row = partner_named(book, partner)
    log = ContactLog.of(book)
    latest = log.last(row, today)
    pending = log.open_follow_up(row, today)
    return LastContact(row, latest, pending["follow_up"] if pending is not None else None)

