"""A fast, safe docxtpl-compatible renderer: a template is prepared once, filled many times.

docxtpl reloads and re-parses the whole .docx for every document it writes. Here a
template's parts are patched with docxtpl's own tag grammar (``{%tr``, ``{%p``, split
runs) and compiled into Jinja templates once; each document then only renders those
parts and writes a zip whose other entries are copied as bytes.

Safety: templates run in Jinja's sandbox with autoescape on, and every value passes
``_finalize``: it is escaped for XML, stripped of characters XML cannot hold, and line
breaks become Word line breaks. A cell holding ``{{ 7*7 }}`` is data and prints as written.
"""

from __future__ import annotations

import contextvars
import io
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
from docxtpl import DocxTemplate
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup, escape

from ..errors import UserError

RENDERED_PARTS = re.compile(r"^word/(document|header\d*|footer\d*|footnotes|endnotes)\.xml$")
IMAGE_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"
EMU_PER_MM = 36000
_ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
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
    text = _ILLEGAL_XML.sub("", str(value))
    escaped = str(escape(text))
    if "\n" in escaped or "\t" in escaped:
        escaped = escaped.replace("\r\n", "\n").replace("\n", _BREAK).replace("\t", _TAB)
    return Markup(escaped)


def make_environment() -> SandboxedEnvironment:
    """The sandboxed, autoescaping Jinja environment every template renders in.

    ``|safe`` does nothing here: a cell's text must never become Word XML.
    """
    env = SandboxedEnvironment(autoescape=True, finalize=_finalize)
    env.filters["safe"] = lambda value: value
    return env


# --------------------------------------------------------------------------- pictures

@dataclass(frozen=True)
class ImageFile:
    data: bytes
    ext: str
    width_px: int
    height_px: int


@lru_cache(maxsize=256)
def load_image(path: Path) -> ImageFile:
    """Reads a logo once per process; raises ``OSError``/``ValueError`` for unusable files."""
    from PIL import Image

    data = path.read_bytes()
    with Image.open(io.BytesIO(data)) as img:
        fmt = (img.format or "").lower()
        width, height = img.size
    if fmt not in _IMAGE_TYPES:
        raise ValueError(f"unsupported image format {fmt or '?'}")
    return ImageFile(data, "jpeg" if fmt == "jpg" else fmt, width, height)


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
                self.compiled[name] = env.from_string(source)
            except jinja2.TemplateSyntaxError as exc:
                raise UserError(
                    f"Die Vorlage {self.path.name} enthält einen Fehler in den Platzhaltern: {exc.message}",
                    f"The template {self.path.name} has an error in its placeholders: {exc.message}",
                ) from exc

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
                rendered[name] = template.render(context).encode("utf-8")
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
