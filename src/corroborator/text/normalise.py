"""Prepare text for NLP while keeping a map back to the original input.

What is taken out (and why):

* the title line at the top of a plain-text or Markdown file (kept as metadata);
* a leading dateline such as ``15-01-2023:`` or ``LIMA, January 15, 2023 —``
  (it is the publication date, not a sentence);
* footnote markers ``[1]``, ``[12]`` and superscript digits: they break spaCy's
  sentence splits and read as dates ("[5]" as May). They are kept as citations;
* Markdown syntax (``#`` headings, ``*``/``_`` emphasis, link targets);
* the middle of a run of more than :data:`MAX_PUNCT_RUN` punctuation marks or symbols written
  without a space (thousands of brackets, quotation marks, dashes or emoji in a row, a page of
  ``&amp;``): spaCy's tokenizer splits such a run one mark at a time and costs the square of its
  length (50,000 quotation marks never finished). Its first and last ``MAX_PUNCT_RUN // 2`` marks
  stay; the evidence of anything around it still quotes the original, run and all
  (``Normalised.shortened_runs``).

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

from ..contract.records import Citation

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
# a dash, colon or "(Agency) -" after the date, or the end of the line ("January 15, 2023" alone)
_SEP = r"[ \t]*(?:[:—–]|-{1,2}|\(\w[\w ]*\)[ \t]*[:—–-]|(?=\n|$))\s*"

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
NOTE_LINE_RE = re.compile(
    r"^[ \t]*(?:\[\^?(\d{1,3})\]:?|(\d{1,3})\.|([⁰¹²³⁴⁵⁶⁷⁸⁹]+))[ \t]+(\S[^\n]*)$", re.M
)

# [1] .. [999] and Markdown's [^1]; not [2021] (a year) nor [a]
FOOTNOTE_RE = re.compile(r"\[\^?(\d{1,3})\]")
SUPERSCRIPT_RE = re.compile(r"(?<=[\w.,;:!?’”\"')\]])([⁰¹²³⁴⁵⁶⁷⁸⁹]+)")
_SUPER = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
# Longest run of punctuation marks and symbols (no letter, digit or space) kept as it is; in a
# longer one only its first and last MAX_PUNCT_RUN // 2 marks stay. Prose has runs of 2-5 ('."',
# '?!', '...', '),"'); the bound keeps the tokenizer's cost per run small and constant.
MAX_PUNCT_RUN = 16
_PUNCT_RUN_RE = re.compile(r"[^\w\s]{%d,}" % (MAX_PUNCT_RUN + 1))
# "500 km²", "20 m³": an exponent of a unit, not a footnote
_UNIT_POWER_RE = re.compile(r"\d[ \t]?(?:sq[ \t]?)?(?:km|cm|mm|m|ft|mi|yd|in)$")


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
    shortened_runs: list[tuple[int, int]] = field(default_factory=list)  # original spans of runs cut short

    def offset_problem(self) -> Optional[str]:
        """The first way the offset map fails to quote the input, or None: one entry per character
        plus the end, strictly increasing, each character the input's (or both whitespace), and
        every citation quoting the input. The invariant the property tests and the fuzzer check."""
        if len(self.norm2orig) != len(self.text) + 1:
            return f"offset map has {len(self.norm2orig)} entries for {len(self.text)} characters"
        prev = -1
        for i, ch in enumerate(self.text):
            j = self.norm2orig[i]
            if j <= prev:
                return f"offset map does not increase at {i}"
            prev = j
            if not (ch == self.original[j] or (ch.isspace() and self.original[j].isspace())):
                return f"character {i} ({ch!r}) is not the input's {j} ({self.original[j]!r})"
        for c in self.citations:
            if self.original[c.start : c.end] != c.text:
                return f"citation {c.text!r} does not quote the input at {c.start}-{c.end}"
        return None

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

    def pieces(self, limit: int) -> list["Normalised"]:
        """The text cut into pieces of at most ``limit`` characters, at paragraph breaks where
        possible (else line breaks, sentence ends, spaces). Each piece maps its offsets into the
        whole original input, so records made on a piece quote the original directly."""
        cuts = split_points(self.text, limit)
        out = []
        for n, (a, b) in enumerate(zip(cuts, cuts[1:])):
            cites = [(c, p - a) for c, p in zip(self.citations, self.citation_norm_pos) if a <= p < b or (p == b == len(self.text))]
            out.append(
                Normalised(
                    original=self.original,
                    text=self.text[a:b],
                    norm2orig=self.norm2orig[a : b + 1],
                    title=self.title,
                    title_span=self.title_span,
                    dateline=self.dateline if n == 0 else None,
                    citations=[c for c, _ in cites],
                    citation_norm_pos=[p for _, p in cites],
                    headings=[(s - a, e - a) for s, e in self.headings if a <= s and e <= b],
                )
            )
        return out


def split_points(text: str, limit: int) -> list[int]:
    """Offsets [0, ..., len(text)] cutting ``text`` into pieces of at most ``limit`` characters,
    each cut after a paragraph break if one lies in the second half of the piece, else after a
    line break, a sentence end or a space, else exactly at the limit."""
    if limit < 2:
        raise ValueError("limit must be at least 2")
    points = [0]
    start = 0
    while len(text) - start > limit:
        end = start + limit
        cut = -1
        for sep in ("\n\n", "\n", ". ", " "):
            i = text.rfind(sep, start + limit // 2, end)
            if i >= 0:
                cut = i + len(sep)
                break
        if cut <= start:
            cut = end
        points.append(cut)
        start = cut
    points.append(len(text))
    return points


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
    """A short first line followed by a blank line: (start, end, title, delete_end).

    A Markdown ``# Title`` line, or a title line directly followed by a dateline,
    needs no blank line after it.
    """
    m = re.match(r"\s*(#{1,6}[ \t]+)?([^\n]{1,200})\n([ \t]*\n)?", text)
    if not m:
        return None
    if not m.group(3) and not m.group(1) and not any(p.match(text, m.end()) for _, p in DATELINE_PATTERNS):
        return None
    line = m.group(2).strip()
    words = line.split()
    if not words or len(words) > 20:
        return None
    if line.endswith((".", ",", ";")) and not line.endswith("..."):
        return None
    if re.search(r"[.!?]\s+\S", line) or FOOTNOTE_RE.search(line) or SUPERSCRIPT_RE.search(line):
        return None  # prose, not a title
    if any(p.match(line) for _, p in DATELINE_PATTERNS):
        return None
    return m.start(2), m.start(2) + len(m.group(2).rstrip()), line.lstrip("# ").strip(), m.end()


def _parse_dateline(kind: str, m: re.Match, month_first: bool = False) -> Optional[dt.date]:
    try:
        y = int(m.group("y")) if m.groupdict().get("y") else None
        d = int(m.group("d"))
        if "mon" in m.groupdict() and m.group("mon"):
            mon = MONTHS[m.group("mon").rstrip(".").lower()]
        else:
            mon = int(m.group("m"))
        if y is None:
            return None
        if kind == "dmy" and (mon > 12 or month_first) and d <= 12:  # 01-15-2023 written month-first
            d, mon = mon, d
        return dt.date(y, mon, d)
    except (ValueError, KeyError):
        return None


def find_dateline(text: str, start: int, month_first: bool = False) -> Optional[Dateline]:
    """The dateline at ``start``; ``month_first`` reads 05-01-2023 as May 1 (settings.date_order MDY)."""
    for kind, pattern in DATELINE_PATTERNS:
        m = pattern.match(text, start)
        if m:
            date = _parse_dateline(kind, m, month_first)
            if date is None and kind != "place_mdy":
                continue
            place = m.groupdict().get("place")
            return Dateline(text=m.group(0).strip(), start=m.start(), end=m.end(), date=date, place=place)
    return None


_HTML_BULLET_RE = re.compile(r"^([ \t]*[-*•][ \t]+)(?=\S)", re.M)
_MD_HEADING_RE = re.compile(r"^(#{1,6}[ \t]+)(?=\S)", re.M)
_MD_PATTERNS = [
    _MD_HEADING_RE,  # heading marks
    re.compile(r"^([ \t]*(?:[-*_][ \t]*){3,})$", re.M),  # horizontal rules
    re.compile(r"^([ \t]*(?:```|~~~)[^\n]*)$", re.M),  # code fences
    re.compile(r"^([ \t]*[-*+][ \t]+)", re.M),  # bullets
    re.compile(r"^([ \t]*>[ \t]?)", re.M),  # block quotes
    re.compile(r"(\*\*|__)(?=\S)|(?<=\S)(\*\*|__)"),  # strong
    re.compile(r"(?<![\w*])(\*|_)(?=[^\s*_])|(?<=[^\s*_])(\*|_)(?![\w*])"),  # emphasis
]
_MD_LINK_START = re.compile(r"!?\[")
_MD_TARGET_START = re.compile(r"\]\(")
_TARGET_STOP = re.compile(r"[)\s]")


def _link_opens(text: str) -> list[tuple[int, int]]:
    """The ``[`` (or ``![``) of every Markdown link or image: one whose first ``]`` is followed
    by ``(``, and whose text does not start with ``]``, ``^`` or a digit (footnotes, ``[1]``).

    In one pass: the regular expression it replaces looked ahead for the ``]`` from every ``[``,
    which costs the square of the length on a text of ``[`` without ``]``."""
    spans = []
    close = -1  # the first "]" at or after the position last looked from
    for m in _MD_LINK_START.finditer(text):
        p = m.end()
        if p >= len(text) or text[p] in "]^" or text[p].isdecimal():
            continue
        if close < p:
            close = text.find("]", p)
            if close < 0:
                break
        if text.startswith("(", close + 1):
            spans.append(m.span())
    return spans


def _link_targets(text: str) -> list[tuple[int, int]]:
    """Every Markdown link target ``](url)``: a ``](`` followed by a ``)`` before any space.

    In one pass (a regular expression scans on to the next space or ``)`` from every ``](``)."""
    spans = []
    stop = -1  # the first ")" or space at or after the position last looked from
    end = 0
    for m in _MD_TARGET_START.finditer(text):
        if m.start() < end:
            continue
        if stop < m.end():
            found = _TARGET_STOP.search(text, m.end())
            if found is None:
                break
            stop = found.start()
        if text[stop] == ")":
            spans.append((m.start(), stop + 1))
            end = stop + 1
    return spans


def _markdown_deletions(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for pattern in _MD_PATTERNS:
        for m in pattern.finditer(text):
            for g in range(1, (m.lastindex or 0) + 1):
                if m.group(g):
                    spans.append((m.start(g), m.end(g)))
    spans += _link_targets(text)
    spans += _link_opens(text)
    return spans


def normalise(
    original: str, fmt: str = "text", title: Optional[str] = None, date_order: str = "DMY"
) -> Normalised:
    """Normalise ``original`` (``fmt``: text | markdown | html).

    ``title`` is a title known from elsewhere (HTML metadata): a first line that
    repeats it is taken out like a title line of a text file. ``date_order`` (DMY or
    MDY) reads an ambiguous numeric dateline such as ``05-01-2023:``.
    """
    deletions: list[tuple[int, int]] = []
    title_span = None
    body_start = 0
    if fmt in ("text", "markdown"):
        found = _find_title(original)
        if found:
            t_start, t_end, title, body_start = found
            title_span = (t_start, t_end)
    elif title:
        found = _repeated_title(original, title)
        if found:
            t_start, t_end, body_start = found
            title_span = (t_start, t_end)
    # skip blank lines before the first paragraph
    while body_start < len(original) and original[body_start].isspace():
        body_start += 1
    if title_span:
        deletions.append((0, body_start))

    md_deletions = _markdown_deletions(original) if fmt == "markdown" else []
    if fmt == "html":  # trafilatura writes list items as "- item" lines
        md_deletions = [m.span(1) for m in _HTML_BULLET_RE.finditer(original)]
    if fmt == "markdown" and title_span:  # "# **Title** with [a link](url)" -> "Title with a link"
        t_start, t_end = title_span
        inside = [
            (max(s, t_start) - t_start, min(e, t_end) - t_start) for s, e in md_deletions if s < t_end and e > t_start
        ]
        title = _apply_deletions(original[t_start:t_end], inside)[0].strip() or title
    dateline = _find_dateline_through(original, body_start, md_deletions, date_order.upper() == "MDY")
    if dateline:
        deletions.append((dateline.start, dateline.end))
    deletions.extend(md_deletions)

    notes_start, references = _notes_section(original, body_start)
    if notes_start is not None:
        deletions.append((notes_start, len(original)))
    prose_end = notes_start if notes_start is not None else len(original)

    markers = _markers(original, 0, prose_end)
    deletions.extend((s, e) for s, e, _, _ in markers)

    text, mapping = _apply_deletions(original, deletions)
    if fmt in ("text", "markdown"):
        text = _unwrap(text, mapping, original)
    text, mapping, runs = _shorten_runs(text, mapping)
    norm = Normalised(
        original=original, text=text, norm2orig=mapping, title=title, title_span=title_span, dateline=dateline,
        shortened_runs=runs,
    )
    for s, e, marker, written in markers:
        norm.citations.append(Citation(marker=marker, text=written, start=s, end=e, reference=references.get(marker)))
        norm.citation_norm_pos.append(norm.orig_to_norm(s))
    headings = _heading_lines(text)
    if fmt == "markdown":
        headings += _markdown_headings(original, norm, body_start, prose_end)
    elif fmt == "html":
        list_items = {e for _, e in md_deletions}  # where the text of a "- item" line starts
        headings += [(s, e) for s, e in _html_headings(text) if norm.norm2orig[s] not in list_items]
    norm.headings = sorted(set(headings))
    return norm


def _shorten_runs(text: str, mapping: list[int]) -> tuple[str, list[int], list[tuple[int, int]]]:
    """Keep the first and last MAX_PUNCT_RUN // 2 marks of every longer run of punctuation marks
    and symbols in the (otherwise normalised) text: (text, offset map to the original, original
    spans of the runs). Done last, so that deleting a footnote marker or Markdown syntax cannot
    join two short runs into a long one."""
    runs = [m.span() for m in _PUNCT_RUN_RE.finditer(text)]
    if not runs:
        return text, mapping, []
    half = MAX_PUNCT_RUN // 2
    short, kept = _apply_deletions(text, [(s + half, e - half) for s, e in runs])
    return short, [mapping[i] for i in kept], [(mapping[s], mapping[e - 1] + 1) for s, e in runs]


def _markers(text: str, start: int, end: int) -> list[tuple[int, int, str, str]]:
    """Footnote markers in text[start:end]: (start, end, marker, as written), in order."""
    markers: list[tuple[int, int, str, str]] = []
    for m in FOOTNOTE_RE.finditer(text, start, end):
        markers.append((m.start(), m.end(), m.group(1), m.group(0)))
    for m in SUPERSCRIPT_RE.finditer(text, start, end):
        if m.group(1) in "²³" and _UNIT_POWER_RE.search(text, max(0, m.start(1) - 8), m.start(1)):
            continue  # km², m³
        markers.append((m.start(1), m.end(1), m.group(1).translate(_SUPER), m.group(1)))
    markers.sort()
    return markers


def _repeated_title(text: str, title: str) -> Optional[tuple[int, int, int]]:
    """A first line that repeats the known title: (start, end, delete_end)."""
    m = re.match(r"\s*([^\n]{1,300})(?:\n|$)", text)
    if not m:
        return None
    squash = lambda s: " ".join(s.split()).casefold()  # noqa: E731
    if squash(m.group(1)) != squash(title):
        return None
    return m.start(1), m.start(1) + len(m.group(1).rstrip()), m.end()


def _find_dateline_through(
    original: str, body_start: int, md_deletions: list[tuple[int, int]], month_first: bool = False
) -> Optional[Dateline]:
    """The leading dateline, looked for in the text without Markdown syntax (``**LIMA, May 2** —``)."""
    if not md_deletions:
        return find_dateline(original, body_start, month_first)
    plain, mapping = _apply_deletions(original, md_deletions)
    pos = bisect.bisect_left(mapping, body_start, 0, len(plain))
    found = find_dateline(plain, pos, month_first)
    if found is None:
        return None
    start, end = mapping[found.start], mapping[found.end]
    return Dateline(text=original[start:end].strip(), start=start, end=end, date=found.date, place=found.place)


_WRAP_NEXT_BLOCK = re.compile(r"[ \t]*(?:[-*+•#>|\[]|\d{1,3}[.)][ \t])")


def _unwrap(text: str, mapping: list[int], original: str) -> str:
    """Join lines of hard-wrapped paragraphs (one newline inside a paragraph becomes a space).

    A line break ends a sentence for spaCy (see ``nlp.line_breaks``); in a text
    wrapped at ~72 columns that would cut sentences in pieces. A newline is a wrap
    when the line before is long and stops mid-sentence, and the next line neither
    is blank nor starts a list item, heading or quote (as written in the original,
    before Markdown syntax was taken out). Same length, so offsets hold.
    """
    if "\n" not in text:
        return text
    chars = None
    line_start = 0
    for m in re.finditer(r"\n", text):
        i = m.start()
        prev = text[line_start:i].rstrip()
        line_start = i + 1
        if len(prev) < 30 or prev[-1] in ".!?:;\"”’»)]":
            continue
        nxt_end = text.find("\n", i + 1)
        nxt = text[i + 1 : nxt_end if nxt_end != -1 else len(text)]
        if not nxt.strip() or _WRAP_NEXT_BLOCK.match(nxt):
            continue
        o = mapping[i] + 1
        o_end = original.find("\n", o)
        if _WRAP_NEXT_BLOCK.match(original, o, o_end if o_end != -1 else len(original)):
            continue
        first = nxt.lstrip()[0]
        if not (first.islower() or len(prev) >= 50 or prev[-1] in ",-–—("):
            continue
        if chars is None:
            chars = list(text)
        chars[i] = " "
    return text if chars is None else "".join(chars)


def _markdown_headings(original: str, norm: Normalised, start: int, end: int) -> list[tuple[int, int]]:
    """Normalised spans of ``#`` heading lines in the body."""
    spans = []
    for m in _MD_HEADING_RE.finditer(original, start, end):
        line_end = original.find("\n", m.end())
        line_end = len(original) if line_end == -1 else line_end
        s = norm.orig_to_norm(m.end(1))
        e = norm.orig_to_norm(line_end)
        while e > s and norm.text[e - 1].isspace():
            e -= 1
        if e > s:
            spans.append((s, e))
    return spans


def _html_headings(text: str) -> list[tuple[int, int]]:
    """Short lines without final punctuation in extracted HTML text (one paragraph per line).

    Not the last line: a heading heads something.
    """
    spans = []
    body_end = len(text.rstrip())
    last_line = text.rfind("\n", 0, body_end) + 1
    for m in re.finditer(r"^[ \t]*([^\n]{1,80}?)[ \t]*$", text[:last_line], re.M):
        line = m.group(1)
        if not line or len(line.split()) > 10 or line[-1] in ".!?:;,\"”’)":
            continue
        if not (line[0].isupper() or line[0].isdigit()):
            continue
        spans.append((m.start(1), m.end(1)))
    return spans


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
        if run:
            # a closing numbered list is notes only when its markers are cited in the
            # prose, or when it is written as [1] lines (a "1." list may be prose)
            cited = {marker for _, _, marker, _ in _markers(text, body_start, run[-1].start())}
            bracketed = all(m.group(1) for m in run)
            if cited & {_note_marker(m) for m in run} or (len(run) >= 2 and bracketed):
                start = run[-1].start()
    if start is None:
        return None, {}
    notes = {}
    for m in NOTE_LINE_RE.finditer(text, start):
        notes[_note_marker(m)] = m.group(4).strip()
    return start, notes


def _note_marker(m: re.Match) -> str:
    return m.group(1) or m.group(2) or (m.group(3) or "").translate(_SUPER)


_BLOCK_RE = re.compile(r"[^\n]+(?:\n[ \t]*[^\s][^\n]*)*")  # lines up to a blank line


def _heading_lines(text: str) -> list[tuple[int, int]]:
    """Short lines standing alone between blank lines (or the text's ends), without final punctuation.

    The last block is not a heading: it has nothing to head.
    """
    spans = []
    blocks = [m for m in _BLOCK_RE.finditer(text) if m.group(0).strip()]
    for m in blocks[:-1]:
        block = m.group(0)
        line = block.strip()
        if "\n" in line or len(line) > 80 or len(line.split()) > 10 or line[-1] in ".!?:;,\"”’)":
            continue
        start = m.start() + (len(block) - len(block.lstrip()))
        spans.append((start, start + len(line)))
    return spans
