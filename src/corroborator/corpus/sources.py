"""Inputs of ``corroborator ingest``: files, folders, HTML, Markdown and JSON Lines.

:func:`iter_documents` walks the paths (folders recursively, in sorted order) and yields
one :class:`Item` per document: the :class:`~corroborator.text.ingest.RawDocument`, the
metadata for :func:`~corroborator.run.analyze.analyze_documents`, and the document's
content key (a hash of its text and source metadata, the store's resume key). A document
that cannot be read yields an item with ``error`` set instead, so the run goes on.

Plain-text and Markdown files may start with a header block: an optional title line,
then ``key: value`` lines (``date``/``published``, ``outlet``, ``url``, ``title``,
``author``, ``licence``) and a blank line; or YAML-style front matter between ``---``
lines. The header is metadata, not body text: it is taken out before analysis.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator, Optional

from ..contract.errors import CorroboratorError
from ..contract.records import Skipped
from ..text import ingest

logger = logging.getLogger(__name__)

SUFFIXES = {".txt", ".md", ".markdown", ".html", ".htm", ".jsonl"}
_HEADER_KEYS = {
    "date": "published", "published": "published", "outlet": "outlet", "source": "outlet",
    "publisher": "outlet", "url": "url", "link": "url", "title": "title",
    "author": None, "authors": None, "licence": None, "license": None, "byline": None,
}
_HEADER_LINE = re.compile(r"^([A-Za-z]+):[ \t]*(.*?)\s*$")
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}")


@dataclass
class Item:
    key: str
    source: str
    raw: Optional[ingest.RawDocument] = None
    meta: dict = field(default_factory=dict)
    error: Optional[Skipped] = None


def content_key(text: str, meta: dict) -> str:
    """Hash of the text and the source metadata: the same document gets the same key."""
    h = hashlib.sha256()
    h.update(text.encode("utf-8"))
    for k in ("title", "outlet", "url", "published"):
        h.update(b"\x00" + str(meta.get(k) or "").encode("utf-8"))
    return h.hexdigest()[:20]


def split_header(text: str) -> tuple[dict, str]:
    """(metadata, body) of a text that starts with a header block; ({}, text) otherwise."""
    lines = text.split("\n")
    meta: dict = {}
    if lines and lines[0].strip() == "---":
        try:
            end = lines.index("---", 1)
        except ValueError:
            return {}, text
        block, body_start = lines[1:end], end + 1
        title = None
    else:
        # optional title line, then at least two "key: value" lines, then a blank line
        start = 1 if lines and lines[0].strip() and not _is_header_line(lines[0]) else 0
        end = start
        while end < len(lines) and _is_header_line(lines[end]):
            end += 1
        if end - start < 2 or (end < len(lines) and lines[end].strip()):
            return {}, text
        block, body_start = lines[start:end], end
        title = lines[0].strip() if start == 1 else None
    for line in block:
        m = _HEADER_LINE.match(line)
        if not m:
            continue
        key = _HEADER_KEYS.get(m.group(1).lower())
        value = m.group(2).strip().strip('"')
        if key and value and value.lower() != "unknown":
            meta.setdefault(key, value)
    if title:
        meta.setdefault("title", title)
    if "published" in meta and not _ISO.match(meta["published"]):
        logger.info("header date %r is not ISO; ignored", meta.pop("published"))
    body = "\n".join(lines[body_start:]).lstrip("\n")
    return meta, body


def _is_header_line(line: str) -> bool:
    m = _HEADER_LINE.match(line)
    return bool(m) and m.group(1).lower() in _HEADER_KEYS


def expand(paths: Iterable[str]) -> Iterator[Path]:
    """Files under ``paths`` (folders recursively, sorted) with a suffix ingest reads."""
    for p in paths:
        path = Path(p)
        if path.is_dir():
            for f in sorted(path.rglob("*")):
                if f.is_file() and f.suffix.lower() in SUFFIXES and not f.name.startswith("."):
                    yield f
        else:
            yield path  # a missing or odd file becomes a skip, not a silent omission


def _from_file(path: Path) -> Item:
    source = str(path)
    try:
        data = ingest.read_bytes(source)
    except CorroboratorError as exc:
        key = hashlib.sha256(source.encode()).hexdigest()[:20]
        return Item(key, source, error=Skipped(id=source, stage="read", code=exc.code, detail=str(exc)))
    try:
        text = ingest.decode(data, source)
        fmt = ingest.detect_format(text, source)
        meta: dict = {}
        if fmt in ("text", "markdown"):
            meta, text = split_header(text.replace("\r\n", "\n").replace("\r", "\n").removeprefix("\ufeff"))
        raw = ingest.from_text(text, source=source, fmt=fmt)
    except CorroboratorError as exc:
        key = hashlib.sha256(data).hexdigest()[:20]
        return Item(key, source, error=Skipped(id=source, stage="read", code=exc.code, detail=str(exc)))
    for k in ("title", "outlet", "url", "published"):
        if not meta.get(k) and getattr(raw, k, None):
            meta[k] = getattr(raw, k)
    return Item(content_key(raw.text, meta), source, raw, meta)


def _from_jsonl(path: Path) -> Iterator[Item]:
    with open(path, encoding="utf-8", errors="replace") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            where = f"{path}:{lineno}"
            bad_key = hashlib.sha256(f"{path}\x00{line}".encode()).hexdigest()[:20]
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as exc:
                yield Item(bad_key, where, error=Skipped(id=where, stage="read", code="E109", detail=f"{where}: not JSON ({exc.msg})"))
                continue
            if not isinstance(rec, dict) or not isinstance(rec.get("text") or rec.get("html"), str):
                yield Item(bad_key, where, error=Skipped(
                    id=where, stage="read", code="E109", detail=f"{where}: a line needs a 'text' or 'html' string"))
                continue
            source = str(rec.get("id") or where)
            meta = {k: str(rec[k]) for k in ("title", "outlet", "url", "published") if rec.get(k)}
            try:
                if isinstance(rec.get("text"), str):
                    raw = ingest.from_text(rec["text"], source=source, fmt="text")
                else:
                    raw = ingest.from_text(rec["html"], source=source, fmt="html")
                    for k in ("title", "outlet", "url", "published"):
                        if not meta.get(k) and getattr(raw, k, None):
                            meta[k] = getattr(raw, k)
            except CorroboratorError as exc:
                yield Item(bad_key, source, error=Skipped(id=source, stage="read", code=exc.code, detail=str(exc)))
                continue
            yield Item(content_key(raw.text, meta), source, raw, meta)


def count_documents(paths: Iterable[str]) -> int:
    """How many documents :func:`iter_documents` will yield (JSON Lines: non-blank lines)."""
    n = 0
    for path in expand(paths):
        if path.suffix.lower() == ".jsonl" and path.is_file():
            with open(path, "rb") as fh:
                n += sum(1 for line in fh if line.strip())
        else:
            n += 1
    return n


def iter_documents(paths: Iterable[str]) -> Iterator[Item]:
    """One item per document under ``paths`` (JSON Lines files give one per line)."""
    for path in expand(paths):
        if path.suffix.lower() == ".jsonl" and path.is_file():
            yield from _from_jsonl(path)
        else:
            yield _from_file(path)
