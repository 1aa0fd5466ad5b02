"""The report's charts (matplotlib, Agg): where a picture says more than a table.

Each function returns PNG bytes ready for the Word report; numbers on the axes use the
report's language (decimal comma and German month names for ``de``).
"""

from __future__ import annotations

import io

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.ticker import MaxNLocator  # noqa: E402

from ..safe import plot_label  # noqa: E402
from ..schema import translate  # noqa: E402
from ..texts import t  # noqa: E402
from .indicators import Indicators  # noqa: E402

MONTHS = {
    "de": ("Jan", "Feb", "Mär", "Apr", "Mai", "Jun", "Jul", "Aug", "Sep", "Okt", "Nov", "Dez"),
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
}
BLUE, GREEN, GREY, RED = "#1f4e79", "#3a8d3f", "#a6a6a6", "#c0392b"


def _png(fig) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=150, bbox_inches="tight", facecolor="white")
    plt.close(fig)
    return buffer.getvalue()


def _tidy(ax) -> None:
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))


def meetings_per_month(ind: Indicators, lang: str) -> bytes:
    fig, ax = plt.subplots(figsize=(7.5, 2.8))
    counts = ind.meetings.per_month
    bars = ax.bar(MONTHS[lang], counts, color=BLUE)
    ax.bar_label(bars, labels=[str(c) if c else "" for c in counts], fontsize=9)
    ax.set_title(t(lang, f"Stattgefundene Treffen je Monat {ind.year}", f"Meetings held per month {ind.year}"),
                 loc="left", fontsize=11)
    _tidy(ax)
    return _png(fig)


def tasks_per_month(ind: Indicators, lang: str) -> bytes:
    fig, ax = plt.subplots(figsize=(7.5, 3.0))
    done = [m[0] for m in ind.tasks.per_month]
    still_open = [m[1] for m in ind.tasks.per_month]
    overdue = [m[2] for m in ind.tasks.per_month]
    months = MONTHS[lang]
    ax.bar(months, done, color=GREEN, label=t(lang, "erledigt", "done"))
    ax.bar(months, still_open, bottom=done, color=GREY, label=t(lang, "offen, noch nicht fällig",
                                                                "open, not yet due"))
    base = [a + b for a, b in zip(done, still_open, strict=True)]
    ax.bar(months, overdue, bottom=base, color=RED, label=t(lang, "überfällig", "overdue"))
    ax.set_title(t(lang, "Aufgaben nach Fälligkeitsmonat", "Tasks by month due"), loc="left", fontsize=11)
    ax.legend(frameon=False, fontsize=9, ncols=3, loc="upper left", bbox_to_anchor=(0, -0.12))
    _tidy(ax)
    return _png(fig)


def partners_by_field(ind: Indicators, lang: str) -> bytes:
    fields = list(ind.partners.by_field.items())[::-1]
    fig, ax = plt.subplots(figsize=(7.5, 0.45 * len(fields) + 1.0))
    names = [plot_label(translate("field", f, lang)) for f, _ in fields]
    active = [c[0] for _, c in fields]
    bars = ax.barh(names, active, color=BLUE)
    ax.bar_label(bars, labels=[str(a) for a in active], fontsize=9, padding=3)
    ax.set_title(t(lang, "Aktive Partner nach Handlungsfeld (Mehrfachnennung)",
                   "Active partners by field of action (several per partner)"), loc="left", fontsize=11)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    return _png(fig)
