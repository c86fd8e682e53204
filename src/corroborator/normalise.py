"""Prepare text for NLP while keeping a map back to the original input.

What is taken out (and why):

* the title line at the top of a plain-text or Markdown file (kept as metadata);
* a leading dateline such as ``15-01-2023:`` or ``LIMA, January 15, 2023 —``
  (it is the publication date, not a sentence);
* footnote markers ``[1]``, ``[12]`` and superscript digits: they break spaCy's
  sentence splits and read as dates ("[5]" as May). They are kept as citations;
* Markdown syntax (``#`` headings, ``*``/``_`` emphasis, link targets).

Deletions only, never insertions: so every character of the normalised text
comes from one character of the original, and ``Normalised.to_orig`` maps any
normalised offset back to the original input.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Optional

from .records import Citation

MONTHS = {
    m.lower(): i
    for i, names in enumerate(
        [
            ("January", "Jan"),
            ("February", "Feb"),
            ("March", "Mar"),
            ("April", "Apr"),
            ("May",),
            ("June", "Jun"),
            ("July", "Jul"),
            ("August", "Aug"),
            ("September", "Sep", "Sept"),
            ("October", "Oct"),
            ("November", "Nov"),
            ("December", "Dec"),
        ],
        start=1,
    )
    for m in names
}
_MONTH_RE = r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
_SEP = r"\s*(?:[:—–]|-{1,2}|\(\w[\w ]*\)\s*[:—–-])\s*"

# A leading dateline, at the start of the first body paragraph.
DATELINE_PATTERNS = [
    # 15-01-2023:   15/01/2023 -   2023-01-15:
    ("dmy", re.compile(r"(?P<d>\d{1,2})[-./](?P<m>\d{1,2})[-./](?P<y>\d{4})" + _SEP)),
    ("ymd", re.compile(r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})" + _SEP)),
    # LIMA, January 15, 2023 —   LIMA, Peru, Jan. 15 (Reuters) -
    (
        "place_mdy",
        re.compile(
            r"(?P<place>[A-Z][A-Za-z'.\- ]{1,40}(?:,\s*[A-Z][A-Za-z'.\- ]{1,30})?),\s*"
            r"(?P<mon>" + _MONTH_RE + r")\s+(?P<d>\d{1,2})(?:,?\s+(?P<y>\d{4}))?" + _SEP
        ),
    ),
    # January 15, 2023 —
    ("mdy", re.compile(r"(?P<mon>" + _MONTH_RE + r")\s+(?P<d>\d{1,2}),?\s+(?P<y>\d{4})" + _SEP)),
    # 15 January 2023 —
    ("dMy", re.compile(r"(?P<d>\d{1,2})\s+(?P<mon>" + _MONTH_RE + r")\s+(?P<y>\d{4})" + _SEP)),
]

# A closing list of notes: a "Sources"/"References"/"Notes" heading, or just lines that
# start with a marker, at the end of the text. It is metadata for the citations, not prose.
NOTES_HEADING_RE = re.compile(
    r"^[ \t]*#*[ \t]*(Sources|References|Notes|Footnotes|Endnotes|Bibliography|Citations)[ \t]*:?[ \t]*$",
    re.M | re.I,
)
NOTE_LINE_RE = re.compile(r"^[ \t]*(?:\[(\d{1,3})\]|(\d{1,3})\.|([⁰¹²³⁴⁵⁶⁷⁸⁹]+))[ \t]+(\S[^\n]*)$", re.M)

# [1] .. [999]; not [2021] (a year) nor [a]
FOOTNOTE_RE = re.compile(r"\[(\d{1,3})\]")
SUPERSCRIPT_RE = re.compile(r"(?<=[\w.,;:!?’”\"')\]])([⁰¹²³⁴⁵⁶⁷⁸⁹]+)")
_SUPER = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")


@dataclass
class Dateline:
    text: str
    start: int
    end: int
    date: Optional[dt.date]
    place: Optional[str] = None


@dataclass
class Normalised:
    original: str
    text: str
    norm2orig: list[int]  # len(text) + 1 entries
    title: Optional[str] = None
    title_span: Optional[tuple[int, int]] = None
    dateline: Optional[Dateline] = None
    citations: list[Citation] = field(default_factory=list)  # sentence_index filled later
    citation_norm_pos: list[int] = field(default_factory=list)  # where each marker sat in `text`
    headings: list[tuple[int, int]] = field(default_factory=list)  # normalised spans of heading lines

    def to_orig(self, start: int, end: int) -> tuple[int, int]:
        """Map a normalised [start, end) span to the original input."""
        o_start = self.norm2orig[start]
        if end <= start:
            return o_start, o_start
        o_end = self.norm2orig[end - 1] + 1
        return o_start, o_end

    def orig_to_norm(self, pos: int) -> int:
        """The normalised offset of the first kept character at or after original ``pos``."""
        return bisect.bisect_left(self.norm2orig, pos, 0, len(self.text))


def _apply_deletions(original: str, deletions: list[tuple[int, int]]) -> tuple[str, list[int]]:
    deletions = sorted(deletions)
    keep_chars: list[str] = []
    mapping: list[int] = []
    pos = 0
    for start, end in deletions:
        if start < pos:
            start = pos
        if end <= start:
            continue
        keep_chars.append(original[pos:start])
        mapping.extend(range(pos, start))
        pos = end
    keep_chars.append(original[pos:])
    mapping.extend(range(pos, len(original)))
    mapping.append(len(original))
    return "".join(keep_chars), mapping


def _find_title(text: str) -> Optional[tuple[int, int, str, int]]:
    """A short first line followed by a blank line: (start, end, title, delete_end)."""
    m = re.match(r"\s*(#{1,6}\s+)?([^\n]{1,200})\n[ \t]*\n", text)
    if not m:
        return None
    line = m.group(2).strip()
    words = line.split()
    if not words or len(words) > 20:
        return None
    if line.endswith((".", ",", ";")) and not line.endswith("..."):
        return None
    if re.search(r"[.!?]\s+\S", line) or FOOTNOTE_RE.search(line):
        return None  # prose, not a title
    if any(p.match(line) for _, p in DATELINE_PATTERNS):
        return None
    return m.start(2), m.start(2) + len(m.group(2).rstrip()), line.lstrip("# ").strip(), m.end()


def _parse_dateline(kind: str, m: re.Match) -> Optional[dt.date]:
    try:
        y = int(m.group("y")) if m.groupdict().get("y") else None
        d = int(m.group("d"))
        if "mon" in m.groupdict() and m.group("mon"):
            mon = MONTHS[m.group("mon").rstrip(".").lower()]
        else:
            mon = int(m.group("m"))
        if y is None:
            return None
        if kind == "dmy" and mon > 12 and d <= 12:  # 01-15-2023 written month-first
            d, mon = mon, d
        return dt.date(y, mon, d)
    except (ValueError, KeyError):
        return None


def find_dateline(text: str, start: int) -> Optional[Dateline]:
    for kind, pattern in DATELINE_PATTERNS:
        m = pattern.match(text, start)
        if m:
            date = _parse_dateline(kind, m)
            if date is None and kind != "place_mdy":
                continue
            place = m.groupdict().get("place")
            return Dateline(text=m.group(0).strip(), start=m.start(), end=m.end(), date=date, place=place)
    return None


_MD_PATTERNS = [
    re.compile(r"^(#{1,6}\s+)", re.M),  # heading marks
    re.compile(r"^(\s*[-*+]\s+)", re.M),  # bullets
    re.compile(r"^(>\s?)", re.M),  # block quotes
    re.compile(r"(\*\*|__)(?=\S)|(?<=\S)(\*\*|__)"),  # strong
    re.compile(r"(?<![\w*])(\*|_)(?=[^\s*_])|(?<=[^\s*_])(\*|_)(?![\w*])"),  # emphasis
    re.compile(r"(\]\([^)\s]*\))"),  # link target
]
_MD_LINK_OPEN = re.compile(r"(\[)(?=[^\]\d][^\]]*\]\()")


def _markdown_deletions(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for pattern in _MD_PATTERNS:
        for m in pattern.finditer(text):
            for g in range(1, (m.lastindex or 0) + 1):
                if m.group(g):
                    spans.append((m.start(g), m.end(g)))
    for m in _MD_LINK_OPEN.finditer(text):
        spans.append((m.start(1), m.end(1)))
    return spans


def normalise(original: str, fmt: str = "text") -> Normalised:
    deletions: list[tuple[int, int]] = []
    title = None
    title_span = None
    body_start = 0
    if fmt in ("text", "markdown"):
        found = _find_title(original)
        if found:
            t_start, t_end, title, body_start = found
            title_span = (t_start, t_end)
            deletions.append((0, body_start))
    # skip blank lines before the first paragraph
    while body_start < len(original) and original[body_start].isspace():
        body_start += 1
    dateline = find_dateline(original, body_start)
    if dateline:
        deletions.append((dateline.start, dateline.end))

    if fmt == "markdown":
        deletions.extend(_markdown_deletions(original))

    notes_start, references = _notes_section(original, body_start)
    if notes_start is not None:
        deletions.append((notes_start, len(original)))
    prose_end = notes_start if notes_start is not None else len(original)

    markers: list[tuple[int, int, str, str]] = []
    for m in FOOTNOTE_RE.finditer(original, 0, prose_end):
        markers.append((m.start(), m.end(), m.group(1), m.group(0)))
    for m in SUPERSCRIPT_RE.finditer(original, 0, prose_end):
        markers.append((m.start(1), m.end(1), m.group(1).translate(_SUPER), m.group(1)))
    markers.sort()
    deletions.extend((s, e) for s, e, _, _ in markers)

    text, mapping = _apply_deletions(original, deletions)
    norm = Normalised(
        original=original, text=text, norm2orig=mapping, title=title, title_span=title_span, dateline=dateline
    )
    for s, e, marker, written in markers:
        norm.citations.append(Citation(marker=marker, text=written, start=s, end=e, reference=references.get(marker)))
        norm.citation_norm_pos.append(norm.orig_to_norm(s))
    norm.headings = _heading_lines(text)
    return norm


def _notes_section(text: str, body_start: int) -> tuple[Optional[int], dict[str, str]]:
    """Where a closing list of notes starts (original offset), and marker -> note text."""
    start = None
    heading = None
    for m in NOTES_HEADING_RE.finditer(text, body_start):
        heading = m  # the last such heading
    if heading is not None:
        rest = text[heading.end():]
        if NOTE_LINE_RE.search(rest):
            start = heading.start()
    if start is None:
        # no heading: a run of at least two marker lines closing the text
        lines = list(NOTE_LINE_RE.finditer(text, body_start))
        run = []
        end = len(text.rstrip())
        for m in reversed(lines):
            if text[m.end():end].strip():
                break
            run.append(m)
            end = m.start()
        cited_before = bool(run) and FOOTNOTE_RE.search(text, body_start, run[-1].start()) is not None
        if len(run) >= 2 or cited_before:
            start = run[-1].start()
    if start is None:
        return None, {}
    notes = {}
    for m in NOTE_LINE_RE.finditer(text, start):
        marker = m.group(1) or m.group(2) or (m.group(3) or "").translate(_SUPER)
        notes[marker] = m.group(4).strip()
    return start, notes


def _heading_lines(text: str) -> list[tuple[int, int]]:
    """Short lines standing alone between blank lines, without final punctuation."""
    spans = []
    for m in re.finditer(r"(?:^|\n)[ \t]*\n([^\n]{1,80})\n[ \t]*\n", text):
        line = m.group(1).strip()
        if not line or len(line.split()) > 10 or line[-1] in ".!?:;,\"”’)":
            continue
        start = m.start(1) + (len(m.group(1)) - len(m.group(1).lstrip()))
        spans.append((start, start + len(line)))
    return spans
