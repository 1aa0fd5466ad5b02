"""A fast, safe docxtpl-compatible renderer: a template is prepared once, filled many times.

docxtpl reloads and re-parses the whole .docx for every document it writes. Here a
template's parts are patched with docxtpl's own tag grammar (``{%tr``, ``{%p``, split
runs) and compiled into Jinja templates once; each document then only renders those
parts and writes a zip whose other entries are copied as bytes.

Safety: templates run in Jinja's sandbox with autoescape on, and every value passes
``_finalize``: it is escaped for XML, characters XML cannot hold are shown as � (``safe``),
and line breaks become Word line breaks. A cell holding ``{{ 7*7 }}`` is data and prints as
written.

Limits: a template is the user's own file, so it may ask for anything, and Jinja folds
constant expressions while compiling, so even ``templates check`` would compute
``"x" * 10**10``. Every loop is counted (all loops of a document together), every call,
loop step and filter checks a deadline, operations that multiply text (``*``, ``**``,
``%``, ``center``, ``join``, ``replace``, …) are sized before they run, each rendered part
has a maximum length, and recursion ends at Python's limit. A document over a limit is
not written and gets one notice (``TemplateLimitError``); the rest of the batch goes on.
"""

from __future__ import annotations

import contextvars
import functools
import io
import re
import struct
import time
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
from docxtpl import DocxTemplate
from jinja2 import nodes
from jinja2.runtime import markup_join
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.visitor import NodeTransformer
from markupsafe import Markup, escape

from ..errors import UserError
from ..safe import xml_text
from ..workbook.limits import check_package

RENDERED_PARTS = re.compile(r"^word/(document|header\d*|footer\d*|footnotes|endnotes)\.xml$")
IMAGE_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"
EMU_PER_MM = 36000
_BREAK = '</w:t><w:br/><w:t xml:space="preserve">'
_TAB = '</w:t><w:tab/><w:t xml:space="preserve">'
_IMAGE_TYPES = {"png": "image/png", "jpeg": "image/jpeg", "jpg": "image/jpeg", "gif": "image/gif",
                "bmp": "image/bmp"}


def _finalize(value: Any) -> Any:
    """Every ``{{ value }}`` passes here: escaped, XML-safe, line breaks kept."""
    if value is None or isinstance(value, jinja2.Undefined):
        return ""
    if hasattr(value, "__html__"):
        return value
    escaped = str(escape(xml_text(str(value))))
    if "\n" in escaped or "\t" in escaped:
        escaped = escaped.replace("\r\n", "\n").replace("\n", _BREAK).replace("\t", _TAB)
    return Markup(escaped)


# --------------------------------------------------------------------------- limits

RENDER_SECONDS = 30.0  # per document
MAX_LOOP_STEPS = 1_000_000  # all loops of one document together
MAX_TEXT = 4_000_000  # characters (or items) of any one value a template computes
MAX_PART = 64_000_000  # characters of one rendered part (document.xml: a few thousand pages)
MAX_TEMPLATE_PART = 32 * 2**20  # bytes of a template part that is rendered
MAX_FORMAT_WIDTH = 10_000  # widths and precisions in "%10s" and "{:10}"
_LOOP_GUARD, _CONCAT, _SIZED = "xq_loop_guard", "xq_concat", "xq_sized"
_FORMAT_NUMBERS = re.compile(r"\d{5,}")


class TemplateLimitError(UserError):
    """A template asked for more than one document may cost; the document is not written."""


def _over(what_de: str, what_en: str) -> TemplateLimitError:
    return TemplateLimitError(
        f"Die Vorlage verlangt zu viel ({what_de}); das Dokument wurde nicht geschrieben. Bitte die Vorlage prüfen.",
        f"The template asks for too much ({what_en}); the document was not written. Please check the template.")


def _size(value: Any) -> int:
    """Characters of text, items of a list: what a value costs to hold (0 for numbers and the rest)."""
    return len(value) if isinstance(value, (str, bytes, list, tuple, dict, set, frozenset)) else 0


def _check_size(value: Any) -> Any:
    if _size(value) > MAX_TEXT:
        raise _over("ein Wert mit mehr als 4 Millionen Zeichen", "a value of more than 4 million characters")
    return value


def _check_bound(bound: float) -> None:
    if bound > MAX_TEXT:
        raise _over("ein Wert mit mehr als 4 Millionen Zeichen", "a value of more than 4 million characters")


def _check_format(text: Any) -> None:
    if isinstance(text, str) and any(int(n) > MAX_FORMAT_WIDTH for n in _FORMAT_NUMBERS.findall(text)):
        raise _over("eine Feldbreite über 10.000 Zeichen", "a field width over 10,000 characters")


def _tick() -> None:
    """A step of work: past the deadline, rendering stops (compiling has no deadline)."""
    state = _RENDERING.get(None)
    if state is not None and time.monotonic() > state.deadline:
        raise _over(f"mehr als {RENDER_SECONDS:.0f} Sekunden Rechenzeit",
                    f"more than {RENDER_SECONDS:.0f} seconds of work")


def _loop_guard(iterable: Iterable[Any]) -> Iterator[Any]:
    """Wraps the iterable of every ``{% for %}``: counts the steps of all loops of a document."""
    state = _RENDERING.get(None)
    for item in iterable:
        if state is not None:
            state.loop_steps += 1
            if state.loop_steps > MAX_LOOP_STEPS:
                raise _over("mehr als eine Million Schleifendurchläufe", "more than a million loop steps")
            _tick()
        yield item


def _multiplied(name: str, args: tuple, kwargs: dict) -> None:
    """Size a text-multiplying filter or string method before it runs."""
    value = args[0] if args else ""
    rest = list(args[1:]) + list(kwargs.values())
    size = _size(value) if not isinstance(value, (list, tuple)) else sum(_size(v) + 1 for v in value)
    name = name.removeprefix("str.") if name != "str.join" else name
    if name in ("center", "ljust", "rjust", "zfill", "batch", "slice"):
        _check_bound(max([size] + [abs(n) for n in rest if isinstance(n, int)]))
    elif name == "str.join":  # "sep".join(items): the separator between the items
        items = rest[0] if rest and isinstance(rest[0], (list, tuple, str)) else []
        texts = len(items) if isinstance(items, str) else sum(_size(item) for item in items)
        _check_bound(texts + len(items) * size)
    elif name in ("indent", "wordwrap", "join", "expandtabs"):
        factor = max([1] + [_size(v) for v in rest] + [abs(v) for v in rest if isinstance(v, int)])
        _check_bound((size + 1) * factor)
    elif name == "replace":
        old, new = (rest + ["", ""])[:2]
        _check_bound(size + (size // max(_size(old), 1) + 1) * _size(new))
    elif name in ("format", "format_map"):
        _check_format(value)
        _check_bound(size + sum(_size(v) for v in rest))


def _bounded_filter(name: str, function):
    @functools.wraps(function)  # keeps Jinja's pass_context / pass_eval_context marks
    def bounded(*args, **kwargs):
        _tick()
        values = [a for a in args if not isinstance(a, (jinja2.runtime.Context, jinja2.nodes.EvalContext,
                                                         jinja2.Environment))]
        _multiplied(name, tuple(values), kwargs)
        return _check_size(function(*args, **kwargs))
    return bounded


class _Sandbox(ImmutableSandboxedEnvironment):
    """Jinja's sandbox (no changes to lists and dicts either) with the limits above, also while compiling."""

    intercepted_binops = frozenset({"*", "**", "%", "+"})

    def call_binop(self, context, operator, left, right):
        _tick()
        if operator == "*":
            for seq, times in ((left, right), (right, left)):
                if _size(seq) and isinstance(times, int):
                    _check_bound(_size(seq) * times)
            if isinstance(left, int) and isinstance(right, int) and left.bit_length() + right.bit_length() > 4096:
                raise _over("eine riesige Zahl", "a huge number")
        elif operator == "**":
            if isinstance(left, int) and isinstance(right, int) and left.bit_length() * max(right, 0) > 4096:
                raise _over("eine riesige Zahl", "a huge number")
        elif operator == "%":
            _check_format(left)
        elif operator == "+":
            _check_bound(_size(left) + _size(right))
        return _check_size(super().call_binop(context, operator, left, right))

    def call(__self, __context, __obj, *args, **kwargs):  # noqa: N805 (Jinja's own signature)
        _tick()
        name = getattr(__obj, "__name__", "")
        if isinstance(getattr(__obj, "__self__", None), str):
            _multiplied(f"str.{name}", (__obj.__self__, *args), kwargs)
        return _check_size(super().call(__context, __obj, *args, **kwargs))

    def wrap_str_format(self, value):  # Jinja >= 3.1.5 sandboxes "…".format when it is looked up
        wrapped = super().wrap_str_format(value)
        if wrapped is not None:
            _check_format(value.__self__)
        return wrapped

    def format_string(self, s, args, kwargs, format_func=None):  # Jinja before 3.1.5
        _check_format(s)
        return _check_size(super().format_string(s, args, kwargs, format_func))


def make_environment() -> ImmutableSandboxedEnvironment:
    """The sandboxed, autoescaping, bounded Jinja environment every template renders in.

    ``|safe`` does nothing here: a cell's text must never become Word XML. ``lipsum`` is gone
    (it makes any amount of text).
    """
    env = _Sandbox(autoescape=True, finalize=_finalize)
    env.filters["safe"] = lambda value: value
    env.filters = {name: _bounded_filter(name, f) for name, f in env.filters.items()}
    env.filters[_SIZED] = _check_size
    env.globals.pop("lipsum", None)
    env.globals[_LOOP_GUARD] = _loop_guard
    env.globals[_CONCAT] = _concat
    return env


def _concat(*parts: Any) -> str:
    """``a ~ b``, sized first (Jinja joins outside the sandbox's operators)."""
    _tick()
    _check_bound(sum(len(str(p)) for p in parts))
    return markup_join(parts)


class _Guards(NodeTransformer):
    """Routes loops, ``~`` and ``{% set %}…{% endset %}`` blocks of a parsed template through the limits."""

    def _call(self, name: str, args: list[nodes.Expr], lineno: int) -> nodes.Call:
        return nodes.Call(nodes.Name(name, "load", lineno=lineno), args, [], None, None, lineno=lineno)

    def visit_For(self, node: nodes.For) -> nodes.For:
        self.generic_visit(node)
        node.iter = self._call(_LOOP_GUARD, [node.iter], node.lineno)
        return node

    def visit_Concat(self, node: nodes.Concat) -> nodes.Call:
        self.generic_visit(node)
        return self._call(_CONCAT, list(node.nodes), node.lineno)

    def visit_AssignBlock(self, node: nodes.AssignBlock) -> nodes.AssignBlock:
        self.generic_visit(node)
        node.filter = nodes.Filter(node.filter, _SIZED, [], [], None, None, lineno=node.lineno)
        return node


def compile_template(env: ImmutableSandboxedEnvironment, source: str) -> jinja2.Template:
    """A template whose loops, joins and captured blocks run through the limits."""
    tree = _Guards().visit(env.parse(source))
    tree.set_environment(env)
    return env.from_string(tree)


# --------------------------------------------------------------------------- pictures

@dataclass(frozen=True)
class ImageFile:
    data: bytes
    ext: str
    width_px: int
    height_px: int


MAX_LOGO_BYTES = 50 * 2**20  # on disk
MAX_LOGO_PIXELS = 40_000_000  # decoded (an 8000 x 5000 photo); the header is checked before decoding
LOGO_SIDE = 1000  # pixels on the long side once re-encoded: sharp at 4 cm, small in every document


class LogoError(ValueError):
    """A logo that cannot be used; ``too_large`` tells a bomb or huge file from a broken one."""

    def __init__(self, reason: str, too_large: bool = False):
        super().__init__(reason)
        self.too_large = too_large


@lru_cache(maxsize=256)
def load_image(path: Path) -> ImageFile:
    """A logo decoded within a pixel limit and re-encoded at most ``LOGO_SIDE`` px on its long side.

    Re-encoding drops whatever was appended to the file or hidden in its metadata (a camera's GPS
    position, a name), and keeps documents small however large the original was. Raises ``LogoError``.
    """
    from PIL import Image

    if path.stat().st_size > MAX_LOGO_BYTES:
        raise LogoError("file too large", too_large=True)
    try:
        with Image.open(io.BytesIO(path.read_bytes())) as img:
            fmt = (img.format or "").lower()
            if fmt not in _IMAGE_TYPES:
                raise LogoError(f"unsupported image format {fmt or '?'}")
            if img.width * img.height > MAX_LOGO_PIXELS:
                raise LogoError(f"{img.width} x {img.height} pixels", too_large=True)
            img.seek(0)  # the first frame of an animation
            img.load()
            img.thumbnail((LOGO_SIDE, LOGO_SIDE))
            photo = fmt in ("jpeg", "jpg") and img.mode in ("RGB", "L", "CMYK")
            picture = img.convert("RGB") if photo else img.convert("RGBA" if _transparent(img) else "RGB")
    except LogoError:
        raise
    except Image.DecompressionBombError as exc:
        raise LogoError(str(exc), too_large=True) from exc
    except Exception as exc:  # Pillow reports broken files with many error types
        raise LogoError(f"{type(exc).__name__}: {exc}") from exc
    out = io.BytesIO()
    picture.save(out, "JPEG" if photo else "PNG", **({"quality": 90} if photo else {}))
    return ImageFile(out.getvalue(), "jpeg" if photo else "png", picture.width, picture.height)


def _transparent(img) -> bool:
    return img.mode in ("RGBA", "LA", "PA") or (img.mode == "P" and "transparency" in img.info)


@dataclass(frozen=True)
class Picture:
    """An image placed with ``{{ logo }}``: fits a box of ``max_width_mm`` x ``height_mm``."""

    path: Path
    height_mm: float = 15
    max_width_mm: float = 45

    def size_emu(self) -> tuple[int, int]:
        image = load_image(self.path)
        height = self.height_mm * EMU_PER_MM
        width = height * image.width_px / max(image.height_px, 1)
        if width > self.max_width_mm * EMU_PER_MM:
            scale = self.max_width_mm * EMU_PER_MM / width
            width, height = width * scale, height * scale
        return int(width), int(height)

    def __html__(self) -> str:
        state = _RENDERING.get(None)
        if state is None:
            return ""
        return state.embed(self)

    def __str__(self) -> str:
        return self.__html__()


_INLINE = (
    '</w:t></w:r><w:r><w:drawing>'
    '<wp:inline xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'distT="0" distB="0" distL="0" distR="0"><wp:extent cx="{cx}" cy="{cy}"/>'
    '<wp:docPr id="{id}" name="Logo {id}"/><wp:cNvGraphicFramePr>'
    '<a:graphicFrameLocks xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'noChangeAspect="1"/></wp:cNvGraphicFramePr>'
    '<a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
    '<a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">'
    '<pic:pic xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture">'
    '<pic:nvPicPr><pic:cNvPr id="0" name="{name}"/><pic:cNvPicPr/></pic:nvPicPr>'
    '<pic:blipFill><a:blip xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
    'r:embed="{rid}"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>'
    '<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm>'
    '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic>'
    '</a:graphicData></a:graphic></wp:inline></w:drawing></w:r><w:r><w:t xml:space="preserve">'
)


@dataclass
class _DocumentState:
    """The images one document collects while its parts render."""

    part: str = ""
    media: dict[Path, str] = field(default_factory=dict)  # image path -> zip name
    rels: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # part -> (rId, target)
    next_id: int = 1
    deadline: float = field(default_factory=lambda: time.monotonic() + RENDER_SECONDS)
    loop_steps: int = 0

    def embed(self, picture: Picture) -> str:
        image = load_image(picture.path)
        if picture.path not in self.media:
            self.media[picture.path] = f"word/media/xq_logo{len(self.media) + 1}.{image.ext}"
        rid = f"rIdXq{self.next_id}"
        docpr = 9000 + self.next_id
        self.next_id += 1
        self.rels.setdefault(self.part, []).append((rid, self.media[picture.path][len("word/"):]))
        cx, cy = picture.size_emu()
        name = str(escape(picture.path.name))
        return _INLINE.format(cx=cx, cy=cy, id=docpr, name=name, rid=rid)


_RENDERING: contextvars.ContextVar[_DocumentState] = contextvars.ContextVar("xq_rendering")


# --------------------------------------------------------------------------- templates

def _rels_name(part: str) -> str:
    folder, _, name = part.rpartition("/")
    return f"{folder}/_rels/{name}.rels"


_EMPTY_RELS = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships '
               b'xmlns="http://schemas.openxmlformats.org/package/2006/relationships"></Relationships>')


def _with_image_types(content_types: bytes) -> bytes:
    text = content_types.decode("utf-8")
    for ext, mime in _IMAGE_TYPES.items():
        if f'Extension="{ext}"' not in text and f"Extension='{ext}'" not in text:
            text = text.replace("</Types>", f'<Default Extension="{ext}" ContentType="{mime}"/></Types>')
    return text.encode("utf-8")


class Template:
    """A .docx template prepared once: its text parts compiled, everything else kept as bytes."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        try:
            with zipfile.ZipFile(self.path) as archive:
                check_package(self.path, archive)
                if any(RENDERED_PARTS.match(i.filename) and i.file_size > MAX_TEMPLATE_PART
                       for i in archive.infolist()):
                    raise UserError(f"Die Vorlage {self.path.name} ist zu groß.",
                                    f"The template {self.path.name} is too large.")
                self.entries = {info.filename: archive.read(info) for info in archive.infolist()}
        except (OSError, zipfile.BadZipFile, KeyError) as exc:
            raise UserError(f"Die Vorlage {self.path.name} ist keine lesbare Word-Datei (.docx).",
                            f"The template {self.path.name} is not a readable Word file (.docx).") from exc
        if "word/document.xml" not in self.entries:
            raise UserError(f"Die Vorlage {self.path.name} ist keine Word-Datei (.docx).",
                            f"The template {self.path.name} is not a Word file (.docx).")
        self.entries["[Content_Types].xml"] = _with_image_types(self.entries["[Content_Types].xml"])
        self.packed = {name: _pack(data) for name, data in self.entries.items()}  # compressed once
        patcher = DocxTemplate(self.path)
        self.sources: dict[str, str] = {
            name: patcher.patch_xml(data.decode("utf-8"))
            for name, data in self.entries.items() if RENDERED_PARTS.match(name)
        }
        env = make_environment()
        self.compiled: dict[str, jinja2.Template] = {}
        for name, source in self.sources.items():
            try:
                self.compiled[name] = compile_template(env, source)
            except jinja2.TemplateSyntaxError as exc:
                raise UserError(
                    f"Die Vorlage {self.path.name} enthält einen Fehler in den Platzhaltern: {exc.message}",
                    f"The template {self.path.name} has an error in its placeholders: {exc.message}",
                ) from exc
            except (RecursionError, MemoryError) as exc:
                raise UserError(f"Die Vorlage {self.path.name} ist zu tief verschachtelt.",
                                f"The template {self.path.name} is nested too deeply.") from exc

    def source(self) -> str:
        """All patched Jinja source of the template (for linting its placeholders)."""
        return "".join(self.sources.values())

    def render(self, context: dict[str, Any]) -> bytes:
        """One filled document as .docx bytes."""
        state = _DocumentState()
        token = _RENDERING.set(state)
        try:
            rendered = {}
            for name, template in self.compiled.items():
                state.part = name
                rendered[name] = _rendered(template, context).encode("utf-8")
        except (RecursionError, MemoryError, OverflowError) as exc:
            raise _over("zu tiefe Rekursion oder zu große Werte", "too deep a recursion or too large values") from exc
        except (jinja2.TemplateError, UserError):
            raise
        except Exception as exc:  # a filter or method failing on the values it was given
            raise UserError(f"Fehler in der Vorlage: {type(exc).__name__}: {exc}",
                            f"error in the template: {type(exc).__name__}: {exc}") from exc
        finally:
            _RENDERING.reset(token)
        extra = self._image_entries(state)
        entries = [(name, self.packed[name]) for name in self.entries if name not in rendered and name not in extra]
        entries += [(name, _pack(data, level=1)) for name, data in rendered.items()]  # fast, per document
        entries += [(name, _pack(data, compress=not name.startswith("word/media/"))) for name, data in extra.items()]
        return _zip(entries)

    def _image_entries(self, state: _DocumentState) -> dict[str, bytes]:
        extra: dict[str, bytes] = {}
        for path, name in state.media.items():
            extra[name] = load_image(path).data
        for part, rels in state.rels.items():
            rels_name = _rels_name(part)
            text = self.entries.get(rels_name, _EMPTY_RELS).decode("utf-8")
            added = "".join(f'<Relationship Id="{rid}" Type="{IMAGE_REL}" Target="{target}"/>'
                            for rid, target in rels)
            extra[rels_name] = text.replace("</Relationships>", added + "</Relationships>").encode("utf-8")
        return extra


def _rendered(template: jinja2.Template, context: dict[str, Any]) -> str:
    """One part's text, stopped as soon as it grows past ``MAX_PART``."""
    pieces, size = [], 0
    for piece in template.generate(context):
        size += len(piece)
        if size > MAX_PART:
            raise _over("ein Dokument mit mehr als 64 Millionen Zeichen",
                        "a document of more than 64 million characters")
        pieces.append(piece)
    return "".join(pieces)


# A minimal zip writer: the parts that do not change are compressed once per template and
# copied as bytes into every document (zipfile would compress them again each time).
_DOS_DATE = ((2026 - 1980) << 9) | (1 << 5) | 1  # 2026-01-01 00:00, so equal input gives equal bytes


@dataclass(frozen=True)
class _Packed:
    method: int  # 8 = deflate, 0 = stored
    crc: int
    size: int
    data: bytes


def _pack(data: bytes, compress: bool = True, level: int = 6) -> _Packed:
    if not compress:
        return _Packed(0, zlib.crc32(data), len(data), data)
    deflate = zlib.compressobj(level, zlib.DEFLATED, -15)
    return _Packed(8, zlib.crc32(data), len(data), deflate.compress(data) + deflate.flush())


def _zip(entries: list[tuple[str, _Packed]]) -> bytes:
    out, central = io.BytesIO(), io.BytesIO()
    for name, packed in entries:
        raw = name.encode("utf-8")
        fields = (packed.method, 0, _DOS_DATE, packed.crc, len(packed.data), packed.size, len(raw))
        central.write(struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0x800, *fields, 0, 0, 0, 0, 0,
                                  out.tell()) + raw)
        out.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0x800, *fields, 0) + raw + packed.data)
    offset = out.tell()
    out.write(central.getvalue())
    out.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries), central.tell(), offset, 0))
    return out.getvalue()
