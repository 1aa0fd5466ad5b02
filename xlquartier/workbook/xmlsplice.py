"""XML parts as bytes: read them namespace-aware, change them by splicing.

The surgical writer (``write.py``) changes a few elements of a part and must leave every
other byte as the program that saved the file wrote it. It must also understand every
form the standard allows: any namespace prefix (``<x:c>``, the .NET Open XML SDK's
default), attributes in either quote style and with character references
(``name="Pr&#252;fung"``), comments, CDATA, optional attributes such as a row's ``r``.
So a part is parsed once into a tree of *spans* (where each element starts and ends, its
namespace, its decoded attributes) and every change is a byte splice at those spans;
new elements take the prefix their parent uses.

Worksheets are large, so ``parse`` can leave an element's content unparsed (``skip``):
``sheetData`` holds a million cells in a big book. Its rows and cells are then found by
``Rows`` with regular expressions, which is exact whenever the content holds no
comment, CDATA, processing instruction, namespace declaration or reference inside an
attribute value; content with any of those is parsed by the tokenizer instead, which
gives the same spans, only slower.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Iterator, Mapping

from ..errors import WorkbookError

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
CONTENT_TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
XML_NS = "http://www.w3.org/XML/1998/namespace"

_NAME = rb"[^\s/>!?\"'=<][^\s/>\"'=<]*"
_ATTRS = rb"(?:\s+" + _NAME + rb"\s*=\s*(?:\"[^\"<]*\"|'[^'<]*'))*"
_TOKEN = re.compile(
    rb"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<\?.*?\?>|<(!DOCTYPE|!ENTITY)|<(/?)(" + _NAME + rb")(" + _ATTRS + rb")\s*(/?)>",
    re.S)
_ATTR = re.compile(rb"(\s+)(" + _NAME + rb")(\s*=\s*)(\"[^\"<]*\"|'[^'<]*')")
_REFERENCE = re.compile(r"&(#x[0-9A-Fa-f]+|#[0-9]+|lt|gt|amp|quot|apos);")
_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"', "apos": "'"}
_AMP_IN_ATTRIBUTE = re.compile(rb"=\s*(?:\"[^\"<]*&|'[^'<]*&)")
_NS_DECLARATION = re.compile(rb"\sxmlns(?::[^\s=]+)?\s*=")


def damaged(what: str = "") -> WorkbookError:
    detail_de, detail_en = (f" ({what})", f" ({what})") if what else ("", "")
    return WorkbookError(f"Ein Teil der Arbeitsmappe ist kein gültiges XML{detail_de}.",
                         f"A part of the workbook is not valid XML{detail_en}.")


# --------------------------------------------------------------------------- text

def to_utf8(data: bytes) -> bytes:
    """A part as UTF-8 (the standard also allows UTF-16, which the byte patterns here cannot read)."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        text = data.decode("utf-16")
        text = re.sub(r"^(<\?xml[^>]*encoding=)([\"'])[Uu][Tt][Ff]-?16\2", r"\1\2UTF-8\2", text)
        return text.encode("utf-8")
    return data


def unescape(raw: bytes | str, attribute: bool = True) -> str:
    """Decode XML text: character and entity references; in attribute values also the
    normalisation of literal tabs and line breaks to spaces, as every XML parser does."""
    text = raw.decode("utf-8") if isinstance(raw, bytes) else raw
    if attribute and ("\t" in text or "\n" in text or "\r" in text):
        text = text.replace("\r\n", " ").replace("\t", " ").replace("\n", " ").replace("\r", " ")
    if "&" not in text:
        return text

    def one(m: re.Match[str]) -> str:
        ref = m[1]
        if ref[0] == "#":
            return chr(int(ref[2:], 16) if ref[1] in "xX" else int(ref[1:]))
        return _ENTITIES[ref]

    decoded = _REFERENCE.sub(one, text)
    if "&" in _REFERENCE.sub("", text):
        raise damaged("&")
    return decoded


def attr(value: object) -> bytes:
    """An attribute value, quoted, escaped so any parser reads back exactly ``value``."""
    text = (str(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
            .replace("\t", "&#9;").replace("\n", "&#10;").replace("\r", "&#13;"))
    return b'"' + text.encode("utf-8") + b'"'


def text(value: str) -> bytes:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").encode("utf-8")


# --------------------------------------------------------------------------- tree

class Element:
    """One element of a parsed part: its name, its decoded attributes, and where it lies.

    ``start``..``head_end`` is the start tag, ``inner_end``..``end`` the end tag (for an
    empty element all three ends are equal). ``scope`` maps the prefixes in scope here to
    their namespaces (``b""`` is the default namespace).
    """

    __slots__ = ("qname", "ns", "local", "start", "head_end", "inner_end", "end", "attrs", "scope",
                 "children", "parent", "skipped")

    def __init__(self, qname: bytes, ns: str, local: str, start: int, head_end: int,
                 attrs: dict[str, str], scope: dict[bytes, str], parent: Element | None):
        self.qname, self.ns, self.local = qname, ns, local
        self.start, self.head_end = start, head_end
        self.inner_end = self.end = head_end
        self.attrs, self.scope, self.parent = attrs, scope, parent
        self.children: list[Element] = []
        self.skipped = False  # content left unparsed (see ``parse``)

    def __repr__(self) -> str:
        return f"<Element {self.qname.decode()} {self.start}:{self.end}>"

    @property
    def empty(self) -> bool:
        return self.inner_end == self.head_end

    @property
    def prefix(self) -> bytes:
        """The prefix with colon (``b"x:"``) or ``b""``: new children in the same namespace use it."""
        return self.qname[: self.qname.index(b":") + 1] if b":" in self.qname else b""

    def find(self, local: str, ns: str = MAIN) -> Element | None:
        return next((c for c in self.children if c.local == local and c.ns == ns), None)

    def findall(self, local: str, ns: str = MAIN) -> list[Element]:
        return [c for c in self.children if c.local == local and c.ns == ns]

    def path(self, *locals_: str, ns: str = MAIN) -> Element | None:
        el: Element | None = self
        for local in locals_:
            el = el.find(local, ns) if el is not None else None
        return el

    def prefix_for(self, ns: str) -> bytes | None:
        """A prefix (with colon) bound to ``ns`` here; ``b""`` for the default namespace; None if unbound."""
        if self.scope.get(b"") == ns:
            return b""
        return next((p + b":" for p, uri in self.scope.items() if p and uri == ns), None)

    def key(self) -> tuple:
        """What the element means, independent of prefixes, quotes and attribute order."""
        attrs = frozenset((k, v) for k, v in self.attrs.items())
        return (self.ns, self.local, attrs, tuple(c.key() for c in self.children))


def _resolve(qname: bytes, scope: dict[bytes, str], attribute: bool) -> tuple[str, str]:
    if b":" in qname:
        prefix, local = qname.split(b":", 1)
        if prefix == b"xml":
            return XML_NS, local.decode()
        if prefix not in scope:
            raise damaged(f"prefix {prefix.decode()}")
        return scope[prefix], local.decode()
    if attribute:
        return "", qname.decode()
    return scope.get(b"", ""), qname.decode()


def start_tag(data: bytes, at: int, end: int) -> tuple[dict[str, str], dict[bytes, str]]:
    """(attributes, namespace declarations) of the start tag spanning ``data[at:end]``."""
    raw: list[tuple[bytes, bytes]] = []
    declared: dict[bytes, str] = {}
    for m in _ATTR.finditer(data, at, end):
        name, value = m[2], m[4][1:-1]
        if name == b"xmlns":
            declared[b""] = unescape(value)
        elif name.startswith(b"xmlns:"):
            declared[name[6:]] = unescape(value)
        else:
            raw.append((name, value))
    return {n.decode(): unescape(v) for n, v in raw if b":" not in n} | {
        "\0" + n.decode(): unescape(v) for n, v in raw if b":" in n}, declared


def _qualify(attrs: dict[str, str], scope: dict[bytes, str]) -> dict[str, str]:
    """Prefixed attributes (kept as ``"\\0p:name"`` by ``start_tag``) as ``{namespace}name``."""
    if not any(k.startswith("\0") for k in attrs):
        return attrs
    out = {}
    for k, v in attrs.items():
        if k.startswith("\0"):
            ns, local = _resolve(k[1:].encode(), scope, attribute=True)
            out[f"{{{ns}}}{local}"] = v
        else:
            out[k] = v
    return out


def parse(data: bytes, skip: Callable[[Element], bool] | None = None,
          scope: dict[bytes, str] | None = None) -> Element:
    """The element tree of a part (``data`` must be UTF-8, see ``to_utf8``).

    ``skip(element)`` may leave an element's content unparsed when it holds no markup
    that could hide its end tag; its ``skipped`` is then True and ``children`` empty.
    Refuses (``WorkbookError``) what is not well-formed, and document type declarations,
    which OOXML forbids and which entity expansion attacks need.
    """
    scope = dict(scope or {}) | {b"xml": XML_NS}
    root: Element | None = None
    stack: list[Element] = []
    pos = 0
    search = _TOKEN.search
    while True:
        m = search(data, pos)
        if m is None:
            break
        if data.find(b"<", pos, m.start()) != -1:
            raise damaged("<")
        pos = m.end()
        if m[1]:
            raise damaged("DOCTYPE")
        qname = m[3]
        if qname is None:
            continue  # comment, CDATA, processing instruction
        if m[2]:  # end tag
            if not stack or stack[-1].qname != qname:
                raise damaged(qname.decode("utf-8", "replace"))
            el = stack.pop()
            el.inner_end, el.end = m.start(), m.end()
            continue
        if root is not None and not stack:
            raise damaged("two roots")
        parent = stack[-1] if stack else None
        attrs, declared = start_tag(data, m.start(3) + len(qname), m.end(4))
        here = (parent.scope if parent else scope)
        if declared:
            here = here | declared
        ns, local = _resolve(qname, here, attribute=False)
        el = Element(qname, ns, local, m.start(), m.end(), _qualify(attrs, here), here, parent)
        if parent is None:
            root = el
        else:
            parent.children.append(el)
        if m[5]:  # empty-element tag
            continue
        if skip is not None and skip(el):
            close = re.compile(rb"</" + re.escape(qname) + rb"\s*>").search(data, pos)
            if close is not None and simple(data, pos, close.start()):
                el.inner_end, el.end, el.skipped = close.start(), close.end(), True
                pos = close.end()
                continue
        stack.append(el)
    if root is None or stack:
        raise damaged("end")
    return root


def simple(data: bytes, start: int, end: int) -> bool:
    """Whether ``data[start:end]`` can be read with the byte patterns alone (see the module docstring)."""
    return (data.find(b"<!", start, end) == -1 and data.find(b"<?", start, end) == -1
            and (data.find(b"xmlns", start, end) == -1 or not _NS_DECLARATION.search(data, start, end))
            and (data.find(b"&", start, end) == -1 or not _AMP_IN_ATTRIBUTE.search(data, start, end)))


# --------------------------------------------------------------------------- editing

class Splices:
    """Byte replacements ``(start, end, new)`` applied at once, so spans stay valid while collecting."""

    def __init__(self) -> None:
        self.edits: list[tuple[int, int, bytes]] = []

    def __bool__(self) -> bool:
        return bool(self.edits)

    def replace(self, start: int, end: int, new: bytes) -> None:
        self.edits.append((start, end, new))

    def insert(self, at: int, new: bytes) -> None:
        self.edits.append((at, at, new))

    def remove(self, el: Element) -> None:
        self.edits.append((el.start, el.end, b""))

    def append_child(self, data: bytes, parent: Element, child: bytes,
                     attrs: Mapping[str, object] | None = None) -> None:
        """Add ``child`` as the last child of ``parent`` (an empty ``<a/>`` becomes ``<a>…</a>``),
        setting ``attrs`` of ``parent`` in the same edit (a ``count``, say)."""
        head = with_attrs(data[parent.start: parent.head_end], attrs or {})
        if head.endswith(b"/>"):
            self.replace(parent.start, parent.end, head[:-2].rstrip() + b">" + child + b"</" + parent.qname + b">")
            return
        if attrs:
            self.replace(parent.start, parent.head_end, head)
        self.insert(parent.inner_end, child)

    def set_attrs(self, data: bytes, el: Element, attrs: Mapping[str, object]) -> None:
        """Give unprefixed attributes of ``el`` new values (added when missing)."""
        self.replace(el.start, el.head_end, with_attrs(data[el.start: el.head_end], attrs))

    def apply(self, data: bytes) -> bytes:
        if not self.edits:
            return data
        pieces, pos = [], 0
        for start, end, new in sorted(self.edits, key=lambda e: (e[0], e[1])):
            if start < pos:
                raise ValueError("overlapping edits")
            pieces += [data[pos:start], new]
            pos = end
        pieces.append(data[pos:])
        self.edits = []
        return b"".join(pieces)


@functools.cache
def _attr_in_tag(name: bytes) -> re.Pattern[bytes]:
    """The unprefixed attribute ``name`` of a start tag, found by stepping over the attributes
    before it (so a look-alike inside another attribute's value is never taken)."""
    value = rb"(?:\"[^\"<]*\"|'[^'<]*')"
    before = rb"(?:\s+(?!" + re.escape(name) + rb"\s*=)" + _NAME + rb"\s*=\s*" + value + rb")*"
    return re.compile(rb"<" + _NAME + before + rb"\s+" + re.escape(name) + rb"\s*=\s*(" + value + rb")")


def with_attrs(tag: bytes, attrs: Mapping[str, object]) -> bytes:
    """A start tag (``<a …>`` or ``<a …/>``) with unprefixed attributes set: replaced where
    they are, added at the end otherwise."""
    for name, value in attrs.items():
        target = name.encode()
        m = _attr_in_tag(target).match(tag)
        if m is not None:
            tag = tag[: m.start(1)] + attr(value) + tag[m.end(1):]
        else:
            closing = 2 if tag.endswith(b"/>") else 1
            tag = tag[:-closing].rstrip() + b" " + target + b"=" + attr(value) + tag[-closing:]
    return tag


def without_attrs(tag: bytes, names: Iterable[str]) -> bytes:
    """A start tag without the unprefixed attributes ``names``."""
    targets = {n.encode() for n in names}
    return _ATTR.sub(lambda m: b"" if m[2] in targets else m[0], tag)


def element(qname: bytes, attrs: Iterable[tuple[str, object]] = (), content: bytes | None = None) -> bytes:
    """A new element; attributes with the value None are left out."""
    head = b"<" + qname + b"".join(b" " + k.encode() + b"=" + attr(v) for k, v in attrs if v is not None)
    return head + b"/>" if content is None else head + b">" + content + b"</" + qname + b">"


# --------------------------------------------------------------------------- sheetData

_COLUMN = re.compile(r"^\$?([A-Za-z]{1,3})\$?(\d*)$")


@functools.cache
def column_number(letters: str) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + ord(ch) - 64
    return n


class Span:
    """A row or a cell inside ``sheetData``: its number, where it lies, its raw start tag.

    ``end`` (and ``inner_end``) of a cell are found only when asked for (``SheetData.complete``):
    restyling a cell needs its start tag alone.
    """

    __slots__ = ("number", "start", "head_end", "inner_end", "end", "qname", "explicit", "closed")

    def __init__(self, number: int, start: int, head_end: int, qname: bytes, explicit: bool, closed: bool,
                 inner_end: int = -1, end: int = -1):
        self.number, self.start, self.head_end, self.qname = number, start, head_end, qname
        self.explicit, self.closed = explicit, closed  # closed: an empty-element tag ``<c …/>``
        if closed:
            inner_end = end = head_end
        self.inner_end, self.end = inner_end, end

    @property
    def empty(self) -> bool:
        return self.inner_end == self.head_end

    def __repr__(self) -> str:
        return f"<Span {self.qname.decode()} {self.number} {self.start}:{self.end}>"


@functools.cache
def _tag_pattern(qnames: tuple[bytes, ...], r: bytes) -> re.Pattern[bytes]:
    """A start tag of one of ``qnames``; group 2 catches ``r`` when it is the first attribute
    (as every writer puts it), matching ``r`` (row digits, or a cell's column letters)."""
    names = b"|".join(re.escape(q) for q in qnames)
    return re.compile(rb"<(" + names + rb")(?:\s+r\s*=\s*[\"']" + r + rb"[\"'])?(" + _ATTRS + rb")\s*(/?)>")


_ROW_R = rb"(\d+)"
_CELL_R = rb"\$?([A-Z]{1,3})\$?\d+"


@functools.cache
def _end_pattern(qname: bytes) -> re.Pattern[bytes]:
    return re.compile(rb"</" + re.escape(qname) + rb"\s*>")


_R_ATTR = re.compile(rb"(?:^|\s)r\s*=\s*(?:\"([^\"]*)\"|'([^']*)')")
_S_ATTR = re.compile(rb"\ss\s*=\s*(?:\"([^\"]*)\"|'([^']*)')")


def _attr_value(pattern: re.Pattern[bytes], data: bytes, start: int, end: int) -> str | None:
    m = pattern.search(data, start, end)
    if m is None:
        return None
    raw = m[1] if m[1] is not None else m[2]
    return unescape(raw) if b"&" in raw else raw.decode()


class SheetData:
    """The rows of a worksheet's ``sheetData`` and, on demand, the cells of a row.

    Rows are kept as parallel lists (a big sheet has 50,000); ``row(i)`` makes the span
    of one. Each row's number is its ``r``, or one more than the row before.
    """

    def __init__(self, data: bytes, sheet_data: Element):
        self.data = data
        self.element = sheet_data
        self.fast = sheet_data.skipped
        prefixes = tuple(_prefixes(sheet_data, MAIN))
        self._row_tag = _tag_pattern(tuple(p + b"row" for p in prefixes), _ROW_R)
        self.cell_tag = _tag_pattern(tuple(p + b"c" for p in prefixes), _CELL_R)
        self.numbers: list[int] = []
        self.starts: list[int] = []
        self._heads: list[int] = []
        self._closed: list[bool] = []
        self._explicit: list[bool] = []
        self._qnames: list[bytes] = []
        self._rows: dict[int, Span] = {}
        self._elements: dict[int, Element] = {}
        previous = 0
        if self.fast:
            for m in self._row_tag.finditer(data, sheet_data.head_end, sheet_data.inner_end):
                r = m[2] if m[2] is not None else _attr_value(_R_ATTR, data, m.start(3), m.end(3))
                previous = int(r) if r is not None and r.isdigit() else _row_number(r, previous)
                self._add(previous, m.start(), m.end(), m[1], r is not None, bool(m[4]))
            return
        for child in sheet_data.findall("row"):
            r = child.attrs.get("r")
            previous = _row_number(r, previous)
            self._add(previous, child.start, child.head_end, child.qname, r is not None, child.empty and
                      data[child.head_end - 2: child.head_end] == b"/>")
            self._rows[len(self.starts) - 1] = Span(previous, child.start, child.head_end, child.qname, r is not None,
                                                    False, child.inner_end, child.end)
            self._elements[child.start] = child

    def _add(self, number: int, start: int, head_end: int, qname: bytes, explicit: bool, closed: bool) -> None:
        self.numbers.append(number)
        self.starts.append(start)
        self._heads.append(head_end)
        self._qnames.append(qname)
        self._explicit.append(explicit)
        self._closed.append(closed)

    def __len__(self) -> int:
        return len(self.starts)

    def row(self, i: int) -> Span:
        span = self._rows.get(i)
        if span is None:
            span = Span(self.numbers[i], self.starts[i], self._heads[i], self._qnames[i], self._explicit[i],
                        self._closed[i])
            if not span.closed:  # the row runs to its end tag, the last before the next row
                until = self.starts[i + 1] if i + 1 < len(self.starts) else self.element.inner_end
                span.inner_end = self.data.rfind(b"</", span.head_end, until)
                if span.inner_end == -1:
                    raise damaged("row")
                span.end = self.data.index(b">", span.inner_end) + 1
            self._rows[i] = span
        return span

    def cells(self, row: Span, until: int | None = None) -> Iterator[Span]:
        """The cells of ``row`` in order (``number`` is the 1-based column), up to the first beyond
        column ``until``."""
        previous = 0
        data = self.data
        if self.fast:
            for m in self.cell_tag.finditer(data, row.head_end, row.inner_end):
                letters = m[2]
                if letters is not None:
                    previous = column_number(letters.decode())
                else:
                    previous = _column(_attr_value(_R_ATTR, data, m.start(3), m.end(3)), previous)
                yield (span := Span(previous, m.start(), m.end(), m[1], letters is not None or
                                    _R_ATTR.search(data, m.start(3), m.end(3)) is not None, bool(m[4])))
                if until is not None and span.number > until:
                    return
            return
        for child in self._elements[row.start].findall("c"):
            r = child.attrs.get("r")
            previous = _column(r, previous)
            yield (span := Span(previous, child.start, child.head_end, child.qname, r is not None, False,
                                child.inner_end, child.end))
            if until is not None and span.number > until:
                return

    def cell_at(self, row: Span, at: int) -> Span | None:
        """The cell whose start tag holds position ``at`` (None: none does). A cell without ``r``
        comes with ``explicit`` False and no column: only the whole row tells it."""
        lt = self.data.rfind(b"<", row.head_end, at)
        m = self.cell_tag.match(self.data, lt) if lt != -1 else None
        if m is None or m.end() <= at:
            return None
        if m[2] is not None:
            return Span(column_number(m[2].decode()), lt, m.end(), m[1], True, bool(m[4]))
        r = _attr_value(_R_ATTR, self.data, m.start(3), m.end(3))
        return Span(_column(r, 0) if r is not None else 0, lt, m.end(), m[1], r is not None, bool(m[4]))

    def complete(self, cell: Span) -> Span:
        """Find where ``cell`` ends (its end tag)."""
        if cell.end == -1:
            close = _end_pattern(cell.qname).search(self.data, cell.head_end)
            if close is None:
                raise damaged("c")
            cell.inner_end, cell.end = close.start(), close.end()
        return cell

    def next_cell(self, at: int, row: Span) -> Span | None:
        """The first cell starting at or after ``at`` in ``row`` (column only if explicit)."""
        m = self.cell_tag.search(self.data, at, row.inner_end)
        if m is None:
            return None
        explicit = m[2] is not None or _R_ATTR.search(self.data, m.start(3), m.end(3)) is not None
        return Span(0, m.start(), m.end(), m[1], explicit, bool(m[4]))

    def children(self, cell: Span) -> list[tuple[str, str]]:
        """(namespace, local name) of a cell's child elements (``f``, ``v``, ``is``)."""
        self.complete(cell)
        if cell.empty:
            return []
        inner = parse(b"<w>" + self.data[cell.head_end: cell.inner_end] + b"</w>", scope=self.element.scope)
        return [(c.ns, c.local) for c in inner.children]

    def attrs(self, span: Span) -> dict[str, str]:
        attrs, _ = start_tag(self.data, span.start + len(span.qname) + 1, span.head_end)
        return attrs

    def style(self, span: Span) -> int:
        """The cell's ``s`` (0 when missing or not a number)."""
        s = _attr_value(_S_ATTR, self.data, span.start + len(span.qname) + 1, span.head_end)
        return int(s) if s is not None and s.strip().isdigit() else 0


def _prefixes(el: Element, ns: str) -> list[bytes]:
    return [(p + b":" if p else b"") for p, uri in el.scope.items() if uri == ns]


def _row_number(r: str | None, previous: int) -> int:
    if r is None:
        return previous + 1
    try:
        return int(r)
    except ValueError:
        raise damaged(f"row {r}") from None


def _column(r: str | None, previous: int) -> int:
    if r is None:
        return previous + 1
    m = _COLUMN.match(r.strip())
    if not m:
        raise damaged(f"cell {r}")
    return column_number(m[1])
