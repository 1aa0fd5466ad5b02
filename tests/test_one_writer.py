"""One writer at a time (issue 16, case 4): parallel imports and checks lose nothing.

Two real processes start each operation at the same moment (a barrier), 50 rounds of
two partners' answers imported at once and 50 of an import beside ``check --write``.
Every answer must be applied or refused with a message, and the final workbook must
hold the union of the applied answers. The workers are started once, so a round costs
the operations only; every wait is bounded.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import shutil
import subprocess
import sys
import threading
import time
import traceback
from pathlib import Path

import pytest
from sharing_book import NETWORK
from test_sharing_import import edit

from xlquartier.errors import FileLockedError
from xlquartier.sharing.export import export_partner
from xlquartier.sharing.store import store_dir
from xlquartier.workbook.read import read_book

ROUNDS = 50
TODAY = dt.date(2026, 6, 1)
ANSWERS = {  # partner -> the cells its answer changes: (sheet key, row id, column key) -> value
    "P001": {("tasks", "A002", "note"): "Elternbrief läuft", ("partners", "P001", "phone"): "030 5550001"},
    "P002": {("partners", "P002", "phone"): "030 5550002", ("people", "K002", "phone"): "030 5550003"},
}


def _work(barrier, inbox, outbox) -> None:
    """A worker process: wait at the barrier with the others, run one operation, report."""
    from xlquartier.checks.run import run_check
    from xlquartier.errors import UserError
    from xlquartier.sharing.importer import import_partner

    while (job := inbox.get()) is not None:
        op, master, returned = job
        barrier.wait(timeout=60)
        try:
            if op == "import":
                report = import_partner(master, returned)
                outbox.put(("applied", sorted((c.sheet, c.row_id, c.column) for c in report.applied)))
            else:
                outbox.put(("checked", run_check(master, TODAY, write=True).written))
        except UserError as refused:
            outbox.put(("refused", refused.message("de")))
        except Exception:  # noqa: BLE001 - reported to the test, which fails on it
            outbox.put(("error", traceback.format_exc()))


@pytest.fixture(scope="module")
def workers():
    ctx = multiprocessing.get_context("spawn")
    barrier = ctx.Barrier(2)
    boxes = [(ctx.Queue(), ctx.Queue()) for _ in range(2)]
    procs = [ctx.Process(target=_work, args=(barrier, inbox, outbox), daemon=True) for inbox, outbox in boxes]
    for p in procs:
        p.start()

    def run(*jobs):
        for (inbox, _), job in zip(boxes, jobs, strict=True):
            inbox.put(job)
        return [outbox.get(timeout=120) for _, outbox in boxes]

    yield run
    for inbox, _ in boxes:
        inbox.put(None)
    for p in procs:
        p.join(timeout=10)


@pytest.fixture(scope="module")
def pristine(tmp_path_factory):
    """A master with two exported views and each partner's answer."""
    from xlquartier.workbook.build import build_workbook

    folder = tmp_path_factory.mktemp("pristine")
    master = build_workbook(folder / "Netzwerk.xlsx", "de", data=NETWORK)
    answers = {}
    for partner, cells in ANSWERS.items():
        view = export_partner(master, partner, folder / f"view-{partner}.xlsx")
        changes: dict = {}
        for (sheet, row_id, column), value in cells.items():
            changes.setdefault((sheet, row_id), {})[column] = value
        answers[partner] = edit(view, changes, folder / f"answer-{partner}.xlsx")
    return master, answers


def _fresh(pristine, folder: Path) -> Path:
    master, _ = pristine
    folder.mkdir()
    copy = shutil.copy2(master, folder / master.name)
    shutil.copytree(store_dir(master).parent, store_dir(Path(copy)).parent)
    return Path(copy)


def _holds(master: Path, applied: dict[str, bool]) -> None:
    """The workbook holds every applied answer and nothing of a refused one."""
    book = read_book(master)
    for partner, cells in ANSWERS.items():
        for (sheet, row_id, column), value in cells.items():
            have = book.table(sheet).by_id()[row_id][column]
            if applied[partner]:
                assert have == value, (partner, row_id, column, have)
            else:
                assert have != value, (partner, row_id, column)


def _outcome(answer) -> bool:
    kind, detail = answer
    assert kind != "error", detail
    if kind == "refused":
        assert isinstance(detail, str) and detail.strip()  # refused with a message
        return False
    return True


def test_two_imports_at_once_lose_no_answer(workers, pristine, tmp_path):
    _, answers = pristine
    refused = 0
    for n in range(ROUNDS):
        master = _fresh(pristine, tmp_path / f"round{n}")
        results = workers(("import", master, answers["P001"]), ("import", master, answers["P002"]))
        applied = {partner: _outcome(r) for partner, r in zip(ANSWERS, results, strict=True)}
        refused += list(applied.values()).count(False)
        _holds(master, applied)
        for partner, result in zip(ANSWERS, results, strict=True):
            if applied[partner]:
                assert result[1] == sorted((s, r, c) for s, r, c in ANSWERS[partner]), result
    assert refused == 0  # with the lock the second import waits for the first: both are applied


def test_an_import_beside_check_write_loses_nothing(workers, pristine, tmp_path):
    _, answers = pristine
    for n in range(ROUNDS):
        master = _fresh(pristine, tmp_path / f"round{n}")
        imported, checked = workers(("import", master, answers["P001"]), ("check", master, None))
        applied = _outcome(imported)
        assert _outcome(checked) and checked == ("checked", True)
        _holds(master, {"P001": applied, "P002": False})
        assert applied
        assert "Prüfung" in read_book(master).sheet_names


HOLD = """
import sys, time
from pathlib import Path
from xlquartier.files import exclusive
with exclusive(Path(sys.argv[1])):
    print("holding", flush=True)
    time.sleep(float(sys.argv[2]))
"""


def test_the_lock_waits_for_another_process_then_refuses_in_one_sentence(tmp_path):
    from xlquartier.files import exclusive, lock_path

    book = tmp_path / "Netzwerk.xlsx"
    book.write_bytes(b"x")
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(book), "30"], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "holding"
        started = time.monotonic()
        with pytest.raises(FileLockedError) as busy, exclusive(book, timeout=0.5):
            pass
        assert 0.4 < time.monotonic() - started < 5
        assert busy.value.exit_code == 2
        assert busy.value.message("de") == ("Netzwerk.xlsx wird gerade von einem anderen xlquartier-Vorgang "
                                            "geschrieben; bitte gleich noch einmal versuchen.")
    finally:
        holder.kill()  # a killed holder leaves nothing locked: the OS drops its lock
        holder.wait()
    with exclusive(book, timeout=5):
        assert lock_path(book).exists()


def test_the_lock_is_reentrant_in_a_thread_and_excludes_other_threads(tmp_path):
    from xlquartier.files import exclusive

    book = tmp_path / "Netzwerk.xlsx"
    order = []

    def other():
        with exclusive(book, timeout=10):
            order.append("other")

    with exclusive(book):
        with exclusive(book):  # Package.save takes it again inside check --write
            thread = threading.Thread(target=other)
            thread.start()
            time.sleep(0.3)
            order.append("first")
    thread.join(timeout=10)
    assert order == ["first", "other"]
