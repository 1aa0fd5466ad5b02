"""Text made safe for every writer, in one place.

Cell values come from users and from partners' answers, so they may hold anything: control
characters that XML cannot carry (openpyxl, python-docx, the docx engine and icalendar then
fail), or ``$…$`` that matplotlib would read as mathtext. Every writer passes user text
through these functions instead of handling it on its own.
"""

from __future__ import annotations

import re

# Characters XML 1.0 cannot hold, and lone surrogates (not encodable as UTF-8).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
REPLACEMENT = "\ufffd"  # shown as �, so the user sees where something was


def xml_text(text: str) -> str:
    """``text`` with every character XML cannot hold replaced by a visible �."""
    return _NOT_XML.sub(REPLACEMENT, text)


def plot_label(text: str) -> str:
    """A label matplotlib draws as it is: XML-safe, and ``$`` not read as mathtext."""
    return xml_text(text).replace("$", r"\$")
