"""Generate large standard workbooks for the benchmarks (deterministic).

``write_large_book(path, partners)`` makes a city-sized network: 2x people, 10x tasks,
partners/10 structures, one meeting per partner, partners/4 agreements (a third drafts).
Usage: ``python benchmarks/generate.py OUT.xlsx [PARTNERS]``.
"""

from __future__ import annotations

import datetime as dt
import random
import sys
from pathlib import Path

from xlquartier.schema import LISTS
from xlquartier.workbook.build import build_workbook

_PREFIX = ["Grundschule", "Kita", "Verein", "Initiative", "Jugendhaus", "Familienzentrum", "Gemeinde",
           "Sportverein", "Kulturverein", "Nachbarschaftshilfe", "Beratungsstelle", "Bibliothek"]
_PLACE = ["am Park", "am Markt", "Lindenhof", "Sonnenschein", "Regenbogen", "Mühlenbach", "Nord", "Süd",
          "am Bahnhof", "Kirchberg", "Rosengarten", "Auenweg", "Blau-Weiß", "Miteinander", "Brückenschlag"]
_STREETS = ["Lindenstraße", "Parkallee", "Marktplatz", "Mühlenweg", "Schillerstraße", "Gartenstraße",
            "Bahnhofstraße", "Kirchplatz", "Rosenweg", "Ahornweg"]
_FIRST = ["Anna", "Sabine", "Thomas", "Michael", "Elif", "Mehmet", "Julia", "Jan", "Petra", "Ali"]
_LAST = ["Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Demir", "Nowak"]


def large_rows(partners: int, people: int | None = None, tasks: int | None = None, seed: int = 7) -> dict:
    rng = random.Random(seed)
    people = people if people is not None else 2 * partners
    tasks = tasks if tasks is not None else 10 * partners
    types = [de for de, _ in LISTS["partner_type"].entries]
    fields = [de for de, _ in LISTS["field"].entries]
    p_rows = []
    for i in range(1, partners + 1):
        name = f"{rng.choice(_PREFIX)} {rng.choice(_PLACE)} {i}"
        p_rows.append({
            "id": f"P{i:05d}", "name": name, "short_name": f"Org{i}", "type": rng.choice(types),
            "fields": rng.sample(fields, 2), "status": rng.choice(["aktiv", "aktiv", "aktiv", "ruhend"]),
            "street": f"{rng.choice(_STREETS)} {rng.randint(1, 80)}", "postcode": f"{rng.randint(10000, 99999)}",
            "city": "Neustadt", "email": f"info@org{i}.de", "phone": f"0123 {rng.randint(100000, 999999)}",
            "since": dt.date(2020, 1, 1) + dt.timedelta(days=rng.randint(0, 2000)),
            "benefit": "Reichweite im Quartier", "contributions": ["Räume"],
        })
    k_rows = []
    for i in range(1, people + 1):
        k_rows.append({
            "id": f"K{i:05d}", "partner": f"P{rng.randint(1, partners):05d}", "first_name": rng.choice(_FIRST),
            "last_name": f"{rng.choice(_LAST)}{i}", "email": f"person{i}@example.org",
            "legal_basis": "Einwilligung", "consent_date": dt.date(2024, 1, 1) + dt.timedelta(days=i % 600),
            "share": rng.choice(["ja", "nein"]),
        })
    n_struct = max(1, partners // 10)
    s_rows = []
    for i in range(1, n_struct + 1):
        members = [f"P{rng.randint(1, partners):05d}" for _ in range(rng.randint(3, 10))]
        s_rows.append({"id": f"S{i:04d}", "name": f"Arbeitskreis {rng.choice(_PLACE)} {i}", "type": "Arbeitskreis",
                       "field": rng.choice(fields), "topics": [rng.choice(_PLACE)], "lead": "QM",
                       "members": sorted(set(members)), "status": "aktiv"})
    m_rows = []
    for i in range(1, partners + 1):
        s = s_rows[rng.randrange(n_struct)]
        day = dt.date(2025, 1, 1) + dt.timedelta(days=rng.randint(0, 700))
        m_rows.append({"id": f"T{i:05d}", "structure": s["id"], "date": day, "start": dt.time(17, 0),
                       "partners": s["members"][:3], "headcount": 8, "residents": 2,
                       "minutes_sent": day + dt.timedelta(days=3),
                       "status": "stattgefunden" if day < dt.date(2026, 11, 1) else "geplant"})
    a_rows = []
    for i in range(1, tasks + 1):
        due = dt.date(2025, 1, 1) + dt.timedelta(days=rng.randint(0, 700))
        done = rng.random() < 0.7
        a_rows.append({"id": f"A{i:06d}", "meeting": f"T{rng.randint(1, partners):05d}", "item": "Allgemeines",
                       "kind": "Aufgabe", "description": f"Aufgabe Nummer {i} erledigen",
                       "responsible": f"K{rng.randint(1, people):05d}" if people else "QM", "due": due,
                       "status": "erledigt" if done else "offen", "done_on": due if done else None,
                       "note": "erledigt" if done else None})
    v_rows = []
    for i in range(1, partners // 4 + 1):
        v_rows.append({"id": f"V{i:05d}", "partner": f"P{i:05d}",
                       "kind": rng.choice(["Kooperationsvereinbarung", "Letter of Intent"]),
                       "subject": f"Zusammenarbeit im Quartier {i}", "goals": "Gemeinsam mehr Menschen erreichen",
                       "partner_contribution": "Räume und Personal", "qm_contribution": "Moderation",
                       "benefit": "Reichweite", "status": ["Entwurf", "unterzeichnet", "versendet"][i % 3]})
    return {"partners": p_rows, "people": k_rows, "structures": s_rows, "meetings": m_rows, "tasks": a_rows,
            "agreements": v_rows}


def write_large_book(path: str | Path, partners: int, people: int | None = None, tasks: int | None = None) -> Path:
    """Write a large standard workbook; an existing file at ``path`` is reused (name files by size)."""
    path = Path(path)
    if path.exists():
        return path
    return build_workbook(path, "de", data=large_rows(partners, people, tasks))


if __name__ == "__main__":
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "benchmarks/out/large-5000.xlsx")
    print(write_large_book(out, int(sys.argv[2]) if len(sys.argv) > 2 else 5000))
