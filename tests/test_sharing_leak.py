"""The leak test: no partner's view of the demo neighbourhood carries what it may not see.

For every partner, every part of its export (raw bytes and XML-unescaped) is searched for
the internal notes, the other organisations' addresses and emails, the contact data
of everyone outside the partner who did not agree to sharing, everything of the contact log
(Kontaktverlauf: who in the office spoke to whom, about what, the next step) and the internal
columns of the residents' concerns. The needles are taken from
the master by the contract's rules, independently of the export code, and each is first
shown to be in the master, so the test can fail.
"""

from __future__ import annotations

import html
import zipfile

import pytest

from xlquartier.demo import DEMO_TODAY, write_demo_book
from xlquartier.sharing.export import export_partner
from xlquartier.workbook.read import read_book


def package_text(path) -> str:
    with zipfile.ZipFile(path) as archive:
        raw = "\n".join(archive.read(n).decode("utf-8", "replace") for n in archive.namelist())
    return raw + "\n" + html.unescape(raw)


def meeting_places(book, partner) -> list[str]:
    """Places of the meetings the contract shows this partner (an address may be a venue)."""
    own_people = [p for p in book.rows("people") if book.ref("people", p, "partner") is partner]
    groups = [s for s in book.rows("structures") if partner in book.refs("structures", s, "members")
              or book.ref("structures", s, "lead") is partner]
    return [m["place"] for m in book.rows("meetings") if m["place"] and (
        book.ref("meetings", m, "structure") in groups
        or partner in book.refs("meetings", m, "partners")
        or any(p in own_people for p in book.refs("meetings", m, "people")))]


def needles(book, partner) -> set[str]:
    """What this partner must never see, straight from the master.

    An address is not a needle where the view may show it for another reason: as the
    place of one of the partner's meetings, as the office's own address (Einstellungen),
    or as the partner's own address (the demo has an organisation entered twice).
    """
    found: set[str] = set()
    public = " | ".join(meeting_places(book, partner) + [str(book.setting("address"))])
    own = {partner["street"], partner["email"]}
    for row in book.rows("partners"):
        found.add(row["note"])
        if row is not partner:
            found.add(row["email"])
            if row["street"] and row["street"] not in public:
                found.add(row["street"])
    for person in book.rows("people"):
        found.add(person["note"])
        colleague = book.ref("people", person, "partner") is partner
        if not colleague and person["share"] != "ja":
            found |= {person["email"], person["phone"]}
    for contact in book.rows("contacts"):  # the contact log never leaves the office
        found |= {contact["topic"], contact["next_step"], contact["office_person"], contact["note"]}
    for concern in book.rows("concerns"):
        found |= {concern["resident_contact"], concern["note"]}
    return {n for n in found if n} - own


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    folder = tmp_path_factory.mktemp("demo")
    path = write_demo_book(folder)
    book = read_book(path)
    views = {p.id: export_partner(path, p.id, folder / "views" / f"{p.id}.xlsx", today=DEMO_TODAY)
             for p in book.rows("partners")}
    return path, book, views


def test_demo_has_something_to_leak(demo):
    path, book, views = demo
    assert len(views) >= 40
    master = package_text(path)
    for partner in book.rows("partners"):
        missing = [n for n in needles(book, partner) if n not in master]
        assert not missing, missing
    not_shared = [p for p in book.rows("people") if p["share"] != "ja" and (p["email"] or p["phone"])]
    assert len(not_shared) >= 10 and any(p["note"] for p in book.rows("partners"))
    assert len(book.rows("contacts")) >= 100 and any(c["note"] for c in book.rows("contacts"))
    assert any(c["resident_contact"] for c in book.rows("concerns"))


def test_a_view_shows_the_concerns_its_partner_takes_up_and_no_contact_log(demo):
    _, book, views = demo
    takers = [c for c in book.rows("concerns") if book.ref("concerns", c, "taken_by") is not None]
    partner = book.ref("concerns", takers[0], "taken_by")
    view = read_book(views[partner.id])
    mine = [c for c in takers if book.ref("concerns", c, "taken_by") is partner]
    assert [c["concern"] for c in view.rows("concerns")] == [c["concern"] for c in mine]
    assert "contacts" in view.missing_sheets


def test_no_view_carries_what_its_partner_may_not_see(demo):
    _, book, views = demo
    leaks = {}
    for partner in book.rows("partners"):
        text = package_text(views[partner.id])
        hits = sorted(n for n in needles(book, partner) if n in text)
        if hits:
            leaks[partner.id] = hits
    assert leaks == {}


def test_every_view_shows_its_partner_its_own_data(demo):
    _, book, views = demo
    for partner in book.rows("partners"):
        view = read_book(views[partner.id])
        own = view.table("partners").by_id()[partner.id]
        assert (own["name"], own["email"]) == (partner["name"], partner["email"])
        assert own["note"] is None
