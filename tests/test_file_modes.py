"""File modes and links when the tool replaces a file (issue 16, case 6).

A read-only workbook is refused, never replaced; a workbook keeps its mode, owner and
group; a symbolic link is written through to its target; backups, export records and
documents are private, or as strict as their workbook. Hard links cannot survive a
replace, as the README says; the test pins that down too.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys

import openpyxl
import pytest
from sharing_book import NETWORK
from test_checks_write import FAULTY
from test_sharing_import import edit

from xlquartier.checks.run import run_check
from xlquartier.errors import FileLockedError
from xlquartier.sharing.export import export_partner
from xlquartier.sharing.importer import import_partner
from xlquartier.sharing.store import store_dir
from xlquartier.workbook.read import read_book

TODAY_ARGS = ("--today", "2026-06-01")


def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def cli(*args):
    return subprocess.run([sys.executable, "-c", "from xlquartier.cli import main; main()", *map(str, args)],
                          capture_output=True, text=True)


def test_a_read_only_workbook_is_refused_and_left_as_it_is(make_book, tmp_path):
    path = make_book(NETWORK, name="Netzwerk.xlsx")
    view = edit(export_partner(path, "P001", tmp_path / "view.xlsx"), {("tasks", "A002"): {"note": "läuft"}},
                tmp_path / "back.xlsx")
    os.chmod(path, 0o444)
    before, inode = path.read_bytes(), os.stat(path).st_ino
    run = cli("check", path, "--write", *TODAY_ARGS)
    assert run.returncode == 2 and "Traceback" not in run.stderr
    assert "Netzwerk.xlsx ist schreibgeschützt; xlquartier hat nichts geändert." in run.stderr
    with pytest.raises(FileLockedError, match="read-only"):
        import_partner(path, view)
    assert (path.read_bytes(), os.stat(path).st_ino, mode(path)) == (before, inode, 0o444)
    assert not (tmp_path / "Sicherungen").exists()


def test_a_private_workbook_stays_private_and_so_do_its_backups_records_and_views(make_book, tmp_path):
    path = make_book(NETWORK, name="Netzwerk.xlsx")
    os.chmod(path, 0o600)
    result = run_check(path, write=True)
    assert mode(path) == 0o600 and mode(result.backup) == 0o600
    view = export_partner(path, "P001", tmp_path / "view.xlsx")
    records = list(store_dir(path).glob("*.json"))
    assert mode(view) == 0o600 and [mode(r) for r in records] == [0o600]
    returned = edit(view, {("tasks", "A002"): {"note": "läuft"}}, tmp_path / "back.xlsx")
    report = import_partner(path, returned)
    assert report.written and mode(path) == 0o600 and mode(report.backup) == 0o600
    assert [mode(r) for r in store_dir(path).glob("*.json")] == [0o600]


def test_a_shared_workbook_keeps_its_mode_owner_and_group(make_book):
    path = make_book(FAULTY, name="Netzwerk.xlsx")
    os.chmod(path, 0o664)
    if os.geteuid() == 0:  # root can hand the file to someone else, as an office share would have it
        os.chown(path, 65534, 65534)
    owner = os.stat(path)
    result = run_check(path, write=True)
    after = os.stat(path)
    assert after.st_ino != owner.st_ino  # replaced (atomically) ...
    assert (mode(path), after.st_uid, after.st_gid) == (0o664, owner.st_uid, owner.st_gid)  # ... as it was
    assert mode(result.backup) == 0o600  # the copy is private all the same


def test_writing_through_a_symbolic_link_keeps_the_link(make_book, tmp_path):
    folder = tmp_path / "Ablage"
    folder.mkdir()
    real = make_book(FAULTY, name="Netzwerk.xlsx").rename(folder / "Netzwerk.xlsx")
    link = tmp_path / "Verknüpfung.xlsx"
    link.symlink_to(real)
    result = run_check(link, write=True)
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert openpyxl.load_workbook(real)["Partner"]["A3"].value == "P008"
    assert result.backup.parent == folder / "Sicherungen"  # beside the file, not the link
    assert not [p for p in tmp_path.rglob("*") if "xlquartier-tmp" in p.name]
    assert run_check(link, write=True).backup is None  # and the link is read as the same book


def test_a_hard_link_keeps_the_old_content(make_book, tmp_path):
    """What the README promises: the workbook is replaced, other names of the old file keep the old state."""
    path = make_book(FAULTY, name="Netzwerk.xlsx")
    other = tmp_path / "Zweitname.xlsx"
    os.link(path, other)
    before = path.read_bytes()
    run_check(path, write=True)
    assert other.read_bytes() == before and path.read_bytes() != before
    assert os.stat(path).st_nlink == 1 and read_book(path).table("partners").rows[1].id == "P008"


def test_new_files_are_private_or_as_strict_as_their_workbook(tmp_path):
    from xlquartier.files import private_mode, write_atomically

    doc = write_atomically(tmp_path / "Protokoll.docx", b"new")
    assert mode(doc) == 0o600
    book = tmp_path / "Netzwerk.xlsx"
    book.write_bytes(b"x")
    os.chmod(book, 0o400)
    assert private_mode(book) == 0o400 and mode(write_atomically(tmp_path / "Liste.docx", b"x", like=book)) == 0o400
    os.chmod(doc, 0o644)  # the user shared it on purpose: a rewrite keeps that
    assert mode(write_atomically(doc, b"again")) == 0o644
    plain = write_atomically(tmp_path / "Vorlage.xlsx", b"x", private=False)
    umask = os.umask(0)
    os.umask(umask)
    assert mode(plain) == 0o666 & ~umask
