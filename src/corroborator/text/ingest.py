"""Read an article from a file, standard input or a string, and extract HTML.

Output: a :class:`RawDocument` whose ``text`` is the text every later offset
refers to (the file's own text, or for HTML the text trafilatura extracts).
"""

from __future__ import annotations

import logging
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Optional

from ..contract.errors import InputError

logger = logging.getLogger(__name__)

HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
MARKDOWN_SUFFIXES = {".md", ".markdown"}
_HTML_SNIFF = re.compile(r"^\s*(<!doctype html|<html|<head|<body|<article|<div|<p[ >])", re.I)


@dataclass
class RawDocument:
    text: str
    source: str
    format: str = "text"  # text | markdown | html
    title: Optional[str] = None
    published: Optional[str] = None  # ISO date from HTML metadata
    outlet: Optional[str] = None
    url: Optional[str] = None
    metadata: dict = field(default_factory=dict)


def open_binary(source: str) -> IO[bytes]:
    """Open a path for reading bytes (standard input for ``-``), with errors that name the fix."""
    if source == "-":
        return sys.stdin.buffer
    path = Path(source)
    if not path.exists():
        raise InputError("E101", source=source)
    if path.is_dir():
        raise InputError("E102", source=source)
    try:
        return open(path, "rb")
    except OSError as exc:  # permissions, special files
        raise InputError("E107", source=source, detail=exc.strerror or str(exc)) from exc


def read_bytes(source: str) -> bytes:
    """Read raw bytes from a path, or standard input for ``-``."""
    if source == "-":
        return sys.stdin.buffer.read()
    with open_binary(source) as fh:
        try:
            return fh.read()
        except OSError as exc:
            raise InputError("E107", source=source, detail=exc.strerror or str(exc)) from exc


_BINARY_SIGNATURES = (b"%PDF", b"PK\x03\x04", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"\x1f\x8b")


def decode(data: bytes, source: str, encoding: Optional[str] = None) -> str:
    """Decode bytes to text, refusing binary data with a clear error."""
    if encoding is None and data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding = "utf-16"  # a byte-order mark says so (UTF-16 text is full of NUL bytes)
    if data.startswith(_BINARY_SIGNATURES):
        raise InputError("E105", source=source, detail="file signature of a PDF, ZIP, gzip or image")
    wide = (encoding or "").lower().replace("-", "").replace("_", "").startswith(("utf16", "utf32"))
    if not wide and b"\x00" in data[:8192]:
        raise InputError("E105", source=source, detail="contains NUL bytes")
    codec = encoding or "utf-8-sig"
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as exc:
        raise InputError(
            "E103", source=source, detail=f"invalid {encoding or 'UTF-8'} byte at position {exc.start}"
        ) from exc
    except LookupError as exc:
        raise InputError("E103", source=source, detail=f"unknown encoding {codec!r}") from exc
    controls = sum(1 for ch in text[:8192] if ord(ch) < 32 and ch not in "\n\r\t\f")
    if text and controls / min(len(text), 8192) > 0.02:
        raise InputError("E105", source=source, detail=f"{controls} control characters")
    return text


def detect_format(text: str, source: str, declared: Optional[str] = None) -> str:
    if declared and declared != "auto":
        return declared
    suffix = Path(source).suffix.lower() if source != "-" else ""
    if suffix in HTML_SUFFIXES or _HTML_SNIFF.match(text):
        return "html"
    if suffix in MARKDOWN_SUFFIXES:
        return "markdown"
    return "text"


def extract_html(html: str, source: str) -> RawDocument:
    """Main text and metadata of an HTML page, via trafilatura."""
    import trafilatura

    text = trafilatura.extract(
        html, include_comments=False, include_tables=False, favor_precision=True, deduplicate=False
    )
    if not text or not text.strip():
        # short pages fail trafilatura's length thresholds: fall back to the baseline extractor
        try:
            _, text, _ = trafilatura.baseline(html)
        except Exception:  # noqa: BLE001 - baseline is best effort
            text = ""
    if not text or not any(len(line.split()) >= 4 for line in text.splitlines()):
        # nothing, or only menu items and link labels ("Home", "World news")
        raise InputError("E106", source=source)
    meta = trafilatura.extract_metadata(html)
    published = None
    title = outlet = url = None
    if meta is not None:
        title = meta.title or None
        published = (meta.date or None) and str(meta.date)[:10]
        outlet = meta.sitename or None
        url = meta.url or None
    return RawDocument(
        text=text, source=source, format="html", title=title, published=published, outlet=outlet, url=url
    )


def load(
    source: str, *, encoding: Optional[str] = None, fmt: Optional[str] = None, data: Optional[bytes] = None
) -> RawDocument:
    """Read and decode ``source`` (a path or ``-``); extract text from HTML."""
    try:
        raw = read_bytes(source) if data is None else data
        text = decode(raw, source, encoding)
        return from_text(text, source=source, fmt=fmt)
    except InputError as exc:
        if source != "-":
            raise
        # "-: the input is empty" reads badly: name standard input in the message
        raise InputError(exc.code, **{**exc.params, "source": "standard input"}) from None


def from_text(text: str, *, source: str = "<text>", fmt: Optional[str] = None) -> RawDocument:
    # one newline convention for every offset downstream (files and strings alike), no BOM
    text = text.replace("\r\n", "\n").replace("\r", "\n").removeprefix("\ufeff")
    if not text.strip():
        raise InputError("E104", source=source)
    kind = detect_format(text, source, fmt)
    if kind == "html":
        return extract_html(text, source)
    return RawDocument(text=text, source=source, format=kind)
