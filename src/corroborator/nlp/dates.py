"""Stage: date mentions, resolved against the publication date or the text.

``extract(state) -> list[DateMention]`` finds the dates written in an article and
gives each one an ISO value, a precision (``day`` | ``week`` | ``month`` |
``year``) and the text it came from. It runs fast regular-expression rules over
the normalised text (footnote markers are already gone), in text order, so a
relative expression can lean on the date mentioned before it.

What is recognised
==================

Absolute (a year is written; ``relative=False``):
    ``2022-12-13``, ``13/12/2022`` (day/month order from ``settings.date_order``,
    unless one part is over 12), ``13 December 2022``, ``December 13, 2022``,
    ``Tuesday, Dec. 13, 2022``, ``December 2022`` (month), ``in 2021`` /
    ``the 2021 election`` / ``the year 2021`` (year).

A four-digit number is a year only in a year context: after a preposition
(``in``, ``since``, ``by``, ``during`` ...), after ``the year``, or in front of a
noun that takes years (``the 2021 election``, ``the 2021 vote``). ``some 2000
led``, ``2000 people`` and ``over 2000`` are counts, never years.

Month and day without a year (``December 13``, ``the 8th of December``, ``in
November``, ``the second week of January``):
    1. if the same paragraph has already written a year (``the 2021 election
       ... in June``), that year is used (``anchor="context:<year text>"``);
    2. else the publication date decides, by the tense of the clause the date
       sits in (the verb it hangs from in the parse):

       * past (``was``, ``had``, a past-tense verb): the latest such date not
         more than ``AHEAD_DAYS`` (7) days after publication — a past-tense "on
         December 15" in a 15 January article is 15 December of the year
         before, and "had called a strike on December 15" in a 14 December
         article stays in that year;
       * future (``will``, ``shall``, ``is set/due/scheduled to``): the first
         such date on or after publication;
       * neither (present tense, an infinitive, no verb): the candidate closest
         to the publication date, the earlier one on a tie.

       (``anchor="published"``, note ``"year inferred from publication date"``).

Relative to the publication date (``anchor="published"``):
    ``today``, ``tonight``, ``yesterday``, ``tomorrow``, ``last night``;
    weekdays: ``on Tuesday`` / ``Tuesday`` is the latest Tuesday on or before
    publication (the same day when the article is dated a Tuesday; the next one
    on or after it in future-tense clauses), ``last Tuesday`` strictly before,
    ``next Tuesday`` strictly after, ``this Tuesday`` in the publication week;
    ``last/this/next week|month|year``; ``earlier/later this week|month|year``;
    ``two days ago``, ``a week ago``, ``three months ago``, ``a year ago``;
    ``last November`` / ``this January`` / ``next March``.

Relative to the previous date mention (``anchor="previous:<its text>"``):
    ``a day earlier``, ``two days later``, ``the day before`` / ``the day
    after`` (when nothing follows), ``the next day``, ``the following day``,
    ``the previous day``, ``the same day``, ``that day`` / ``that night``,
    ``later that day``; ``the following week|month|year``, ``that week|month|
    year``. Day offsets use the nearest earlier mention with day precision; week,
    month and year offsets the nearest earlier mention at least that precise.
    "Two weeks earlier" than a day is 14 days earlier (precision day).

Weeks
=====
A week value is the Monday that starts it (weeks run Monday to Sunday). The
n-th week of a month is the week that starts on the month's n-th Monday, and
its last week starts on its last Monday: "the second week of January 2023" is
the week of Monday 9 January 2023. ``last week`` is the week before the
publication week, ``next week`` the one after.

Parts of months and years
=========================
``early/mid/late January``, ``the end of January``, ``mid-2022``: precision
``month`` (or ``year``), value the first day, with a note (``"early January"``).

What is left out
================
Centuries, decades and vague spans (``the 20th century``, ``the 1990s``,
``decades past``, ``recent times``) are not resolvable dates: no mention is
made for them. Clock times are not dates. When the publication date is not
known, anything that needs it gets ``value=None`` and the note
``"unresolved: no publication date"``; absolute dates with a year still
resolve. A spaCy DATE entity that no rule covered, holding a year or a month
name and not a plain duration ("30 days"), is tried with ``dateparser`` (loaded lazily, once per process; about
1 ms a call) and kept only when it parses; the rest are dropped.
"""

from __future__ import annotations

import bisect
import calendar
import datetime as dt
import functools
import logging
import re
from dataclasses import dataclass
from typing import Optional

from ..contract.records import DateMention
from ..lexicons import codebook

logger = logging.getLogger(__name__)

__all__ = ["extract", "AHEAD_DAYS", "furniture_sentences"]


def _rule_words(name: str) -> frozenset:
    """A word list of the date_rules codebook (each list there notes where it comes from)."""
    return frozenset(codebook.load("date_rules")["word_sets"][name]["words"])


AHEAD_DAYS = 7  # a month/day with no year may fall this many days after publication

# ----------------------------------------------------------------- vocabulary

_MONTHS_FULL = [
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
]
MONTHS = {m.lower(): i for i, m in enumerate(_MONTHS_FULL, start=1)}
MONTHS.update({"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
               "sept": 9, "oct": 10, "nov": 11, "dec": 12})
WEEKDAYS = {d.lower(): i for i, d in enumerate(
    ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"])}
SMALL_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "twenty": 20, "thirty": 30,
}
ORDINALS = {
    "first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4,
    "fifth": 5, "5th": 5, "last": -1, "final": -1,
}
# Nouns that take a year in front of them: "the 2021 election".
YEAR_NOUNS = _rule_words("year_nouns")
# Words after which a bare four-digit number reads as a year.
YEAR_PREPS = _rule_words("year_preps")
# Words after which a four-digit number is a count, not a year.
COUNT_WORDS = _rule_words("count_words")

_MONTH_FULL_RE = "(?:" + "|".join(_MONTHS_FULL) + ")"
_MONTH_ANY_RE = (
    r"(?:" + "|".join(_MONTHS_FULL)
    + r"|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?)"
)
_WEEKDAY_RE = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_DAY_RE = r"(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?(?![\d:])"
_YEAR_RE = r"(?:1[6-9]\d\d|20\d\d)(?![\w%]|[.,]\d)"
_B = r"(?<![\w$€£/.-])"  # left boundary for numbers
_W = r"(?<![\w'’-])"  # left boundary for words
_NUMWORD_RE = r"(?:an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|twenty|thirty|\d{1,3})"
_ORD_RE = r"(?:first|second|third|fourth|fifth|last|final|1st|2nd|3rd|4th|5th)"
_PART_RE = (
    r"(?:early|mid|late|the\s+end\s+of|the\s+beginning\s+of|the\s+start\s+of|the\s+middle\s+of"
    r"|the\s+turn\s+of|end\s+of|beginning\s+of|start\s+of|middle\s+of)"
)
_TOD_RE = r"(?:morning|afternoon|evening|night)"


def _ci(s: str) -> str:
    return "(?i:" + s + ")"


# Each rule: (kind, compiled pattern). Month and weekday names are case-sensitive
# ("may" and "march" are also verbs); the other words are not.
_RULES: list[tuple[str, re.Pattern]] = [
    ("iso", re.compile(_B + r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?![\w-])")),
    ("numeric", re.compile(_B + r"(?P<a>\d{1,2})(?P<sep>[/.-])(?P<b>\d{1,2})(?P=sep)(?P<y>\d{4})(?!\w)")),
    (
        "week_of_month",
        re.compile(
            _W + _ci(r"(?:the\s+)?(?P<ord>" + _ORD_RE + r")\s+week\s+(?:of|in)\s+")
            + r"(?P<mon>" + _MONTH_FULL_RE + r")(?:,?\s+(?P<y>" + _YEAR_RE + "))?"
        ),
    ),
    (
        "week_of_date",
        re.compile(
            _W + _ci(r"(?:the\s+)?week\s+of\s+")
            + r"(?:(?P<mon>" + _MONTH_ANY_RE + r")\s+(?P<d>" + _DAY_RE + r")"
            + r"|(?P<d2>" + _DAY_RE + r")\s+(?P<mon2>" + _MONTH_ANY_RE + r"))"
            + r"(?:,?\s+(?P<y>" + _YEAR_RE + "))?"
        ),
    ),
    (
        "dmy",
        re.compile(
            _W + r"(?:(?P<wd>" + _WEEKDAY_RE + r"),?\s+)?" + _ci(r"(?:the\s+)?")
            + r"(?P<d>" + _DAY_RE + r")(?:\s*[-–]\s*(?P<d_end>" + _DAY_RE + r"))?"
            + _ci(r"(?:\s+of)?") + r"\s+(?P<mon>" + _MONTH_ANY_RE + r")(?!\w)"
            + r"(?:,?\s+(?P<y>" + _YEAR_RE + "))?"
        ),
    ),
    (
        "mdy",
        re.compile(
            _W + r"(?:(?P<wd>" + _WEEKDAY_RE + r"),?\s+)?(?P<mon>" + _MONTH_ANY_RE + r")\s+"
            + _ci(r"(?:the\s+)?") + r"(?P<d>" + _DAY_RE + r")(?:\s*[-–]\s*(?P<d_end>" + _DAY_RE + r"))?"
            + r"(?:,?\s+(?P<y>" + _YEAR_RE + "))?"
        ),
    ),
    (
        "part_month",
        re.compile(
            _W + _ci(r"(?P<part>" + _PART_RE + r")") + r"[\s-]+(?P<mon>" + _MONTH_FULL_RE + r")(?!\w)"
            + r"(?:,?\s+(?P<y>" + _YEAR_RE + "))?"
        ),
    ),
    ("part_year", re.compile(_W + _ci(r"(?P<part>" + _PART_RE + r")") + r"[\s-]+(?P<y>" + _YEAR_RE + ")")),
    ("month_year", re.compile(_W + r"(?P<mon>" + _MONTH_ANY_RE + r"),?\s+" + _ci(r"(?:of\s+)?") + r"(?P<y>" + _YEAR_RE + ")")),
    (
        "rel_month",
        re.compile(_W + _ci(r"(?P<rel>last|this|next|past|coming)\s+") + r"(?P<mon>" + _MONTH_FULL_RE + r")(?!\w)"),
    ),
    ("month", re.compile(_W + r"(?P<mon>" + _MONTH_FULL_RE + r")(?![\w-])")),
    ("year_range", re.compile(_B + r"(?P<y>" + _YEAR_RE + r")\s*[-–/]\s*(?P<y2>\d{4}|\d{2})(?![\w%]|[.,]\d)")),
    ("year", re.compile(_B + _ci(r"(?:(?P<the>the\s+year)\s+)?") + r"(?P<y>" + _YEAR_RE + ")")),
    (
        "today",
        re.compile(_W + _ci(r"(?P<w>today|tonight|yesterday|tomorrow|last\s+night|this\s+(?:morning|afternoon|evening))(?!\w)")),
    ),
    (
        "weekday",
        re.compile(
            _W + _ci(r"(?:(?P<rel>last|this|next|past|coming)\s+)?")
            + r"(?P<wd>" + _WEEKDAY_RE + r")(?:\s+" + _ci(r"(?P<tod>" + _TOD_RE + ")") + r")?(?!\w)"
        ),
    ),
    (
        "rel_unit",
        re.compile(
            _W + _ci(r"(?P<rel>last|this|next|coming|earlier\s+this|later\s+this)\s+(?P<unit>week|month|year|weekend)(?!\w)")
        ),
    ),
    (
        "ago",
        re.compile(
            _W + _ci(r"(?P<n>" + _NUMWORD_RE + r")\s+(?P<unit>day|week|month|year|fortnight)s?\s+ago(?!\w)")
        ),
    ),
    (
        "offset",
        re.compile(
            _W + _ci(
                r"(?P<n>" + _NUMWORD_RE + r")\s+(?P<unit>day|week|month|year)s?\s+"
                r"(?:(?P<dir>earlier|later)|(?P<dir2>after|before)(?=\s*(?:[,.;:)]|$)))(?!\w)"
            )
        ),
    ),
    (
        "the_next",
        re.compile(
            _W + _ci(r"the\s+(?P<which>next|following|previous|preceding|subsequent)\s+(?P<unit>day|morning|afternoon|evening|night|week|month|year)(?!\w)")
        ),
    ),
    (
        "day_before",
        re.compile(_W + _ci(r"the\s+(?P<unit>day|night)\s+(?P<dir>before|after)(?=\s*(?:[,.;:)]|$))")),
    ),
    (
        "same",
        re.compile(
            _W + _ci(
                r"(?P<lead>(?:later|earlier)\s+)?(?:the\s+same\s+|that\s+(?:same\s+|very\s+)?)"
                r"(?P<unit>day|morning|afternoon|evening|night|week|month|year)(?!\w)"
            )
        ),
    ),
]

# Which rules can start at a given word (lower case); digits start _DIGIT_RULES.
_FIRST_WORDS = {
    "iso": [], "numeric": [], "year": ["the"], "year_range": [],
    "week_of_month": ["the", *ORDINALS],
    "week_of_date": ["the", "week"],
    "dmy": ["the", *WEEKDAYS],
    "mdy": [*MONTHS, *WEEKDAYS],
    "part_month": ["early", "mid", "late", "the", "end", "beginning", "start", "middle"],
    "part_year": ["early", "mid", "late", "the", "end", "beginning", "start", "middle"],
    "month_year": [*MONTHS],
    "rel_month": ["last", "this", "next", "past", "coming"],
    "month": [*MONTHS],
    "today": ["today", "tonight", "yesterday", "tomorrow", "last", "this"],
    "weekday": ["last", "this", "next", "past", "coming", *WEEKDAYS],
    "rel_unit": ["last", "this", "next", "coming", "earlier", "later"],
    "ago": [*SMALL_NUMBERS],
    "offset": [*SMALL_NUMBERS],
    "the_next": ["the"],
    "day_before": ["the"],
    "same": ["the", "that", "later", "earlier"],
}
_DIGIT_KINDS = {"iso", "numeric", "year", "year_range", "dmy", "ago", "offset", "week_of_month"}
_DISPATCH: dict[str, list[tuple[str, re.Pattern]]] = {}
for _kind, _pattern in _RULES:
    for _word in _FIRST_WORDS[_kind]:
        _DISPATCH.setdefault(_word, []).append((_kind, _pattern))
_DIGIT_RULES = [(k, p) for k, p in _RULES if k in _DIGIT_KINDS]
_WORD_RE = re.compile(r"[A-Za-z]+|\d+")

_VAGUE_RE = re.compile(r"(?i)centur|decade|\d0s\b|\d0's\b|millenni|era\b|age\b|times\b")
_FUTURE_AUX = _rule_words("future_auxiliaries")
_FUTURE_WORDS = _rule_words("future_words")
PRESENT_BE = _rule_words("present_be")
NAME_FOLLOWERS = _rule_words("name_followers")
MONTH_PREPS = _rule_words("month_preps")
_PARA_RE = re.compile(r"\n")
_HAS_YEAR_RE = re.compile(r"\b(?:1[6-9]\d\d|20\d\d)\b")
_MONTH_NAME_RE = re.compile(_MONTH_ANY_RE)
_DURATION_RE = re.compile(
    r"(?i)(?:(?:about|around|some|over|nearly|almost|up\s+to|at\s+least|more\s+than|less\s+than|the\s+(?:past|last|next|first))\s+)?"
    r"(?:\S+\s+)?(?:\S+\s+)?(?:days?|weeks?|months?|years?|hours?|decades?|fortnights?)(?:\s+long)?"
)
_PRECISION_RANK = {"day": 0, "week": 1, "month": 2, "year": 3}


@dataclass
class _Cand:
    start: int  # normalised offsets
    end: int
    kind: str
    m: Optional[re.Match]
    drop_year: bool = False  # the year group counts the noun after it: "December 13 2000 people"


@dataclass
class _Res:
    value: Optional[dt.date] = None
    precision: Optional[str] = None
    relative: bool = False
    anchor: Optional[str] = None
    note: Optional[str] = None
    explicit_year: Optional[str] = None  # text of a written year, for the paragraph context


# ------------------------------------------------------------------ date maths


def monday(d: dt.date) -> dt.date:
    return d - dt.timedelta(days=d.weekday())


def nth_monday(year: int, month: int, n: int) -> Optional[dt.date]:
    """The n-th Monday of a month (n=-1: the last one), or None if there is none."""
    days = calendar.monthrange(year, month)[1]
    first = dt.date(year, month, 1)
    first_monday = first + dt.timedelta(days=(7 - first.weekday()) % 7)
    if n == -1:
        d = first_monday
        while (d + dt.timedelta(days=7)).month == month:
            d += dt.timedelta(days=7)
        return d
    d = first_monday + dt.timedelta(days=7 * (n - 1))
    return d if d.day <= days and d.month == month else None


def add_months(d: dt.date, n: int) -> dt.date:
    m = d.month - 1 + n
    y = d.year + m // 12
    m = m % 12 + 1
    return dt.date(y, m, min(d.day, calendar.monthrange(y, m)[1]))


def _safe_date(y: int, m: int, d: int) -> Optional[dt.date]:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def pick_year(make, pub: dt.date, tense: str) -> Optional[dt.date]:
    """Choose among last year, this year and next year for a date with no year.

    ``make(year)`` builds the candidate date (or None). ``tense`` is ``past``
    (the latest candidate not more than AHEAD_DAYS after ``pub``), ``future``
    (the first candidate on or after ``pub``) or ``neutral`` (the candidate
    closest to ``pub``, the earlier on a tie).
    """
    cands = [c for c in (make(pub.year - 1), make(pub.year), make(pub.year + 1)) if c is not None]
    if not cands:
        return None
    if tense == "future":
        after = [c for c in cands if c >= pub]
        if after:
            return min(after)
    if tense == "neutral":
        return min(cands, key=lambda c: (abs((c - pub).days), c))
    limit = pub + dt.timedelta(days=AHEAD_DAYS)
    before = [c for c in cands if c <= limit]
    return max(before) if before else min(cands)


def pick_month_year(month: int, pub: dt.date, tense: str) -> dt.date:
    """The first day of the month, in the year chosen as in :func:`pick_year`:
    past clauses take the latest such month that has started by ``pub``, future
    clauses the next one to come (this month included), neutral ones the closest."""
    if tense == "future":
        y = pub.year if month >= pub.month else pub.year + 1
    elif tense == "neutral":
        y = min((pub.year - 1, pub.year, pub.year + 1), key=lambda yy: (abs((yy - pub.year) * 12 + month - pub.month), yy))
    else:
        y = pub.year if month <= pub.month else pub.year - 1
    return dt.date(y, month, 1)


# ------------------------------------------------------------------ the stage


def extract(state) -> list[DateMention]:
    text = state.doc.text
    cands = _candidates(state, text)
    para_starts = [0] + [m.end() for m in _PARA_RE.finditer(text)]
    out: list[DateMention] = []
    resolved: list[tuple[DateMention, Optional[dt.date]]] = []  # mentions so far with their date
    years: list[tuple[int, int, str]] = []  # (norm pos, year, text) of written years
    pub = state.published
    furniture = furniture_sentences(state)
    for c in cands:
        res = _resolve(state, text, c, pub, resolved, years, para_starts)
        if res is None:
            continue
        si = state.sentence_at(c.start)
        sp = state.span(c.start, c.end)
        mention = DateMention(
            text=sp.text,
            start=sp.start,
            end=sp.end,
            value=res.value.isoformat() if res.value else None,
            precision=res.precision,
            sentence_index=si,
            relative=res.relative,
            anchor=res.anchor,
            note=res.note,
        )
        out.append(mention)
        if si in furniture:
            continue  # a caption, byline or "updated" line anchors no later date
        resolved.append((mention, res.value))
        if res.explicit_year and res.value is not None:
            years.append((c.start, res.value.year, res.explicit_year))
    return out


@functools.lru_cache(maxsize=1)
def _furniture_res() -> tuple:
    """(start-of-line pattern, photo-credit pattern) built from the word lists in
    ``codebooks/argument_rules.json`` (furniture_starts, photo_agencies)."""
    sets = codebook.load("argument_rules")["sets"]
    starts = sorted(sets["furniture_starts"]["words"], key=len, reverse=True)
    alts = "|".join(r"by\s+[A-Z]" if w == "by" else r"\s+".join(map(re.escape, w.split())) + r"\b" for w in starts)
    start_re = re.compile(f"^(?:{alts})", re.I)
    agencies = "|".join(map(re.escape, sets["photo_agencies"]["words"]))
    credit_re = re.compile(
        rf"\((?:{agencies})\b[^)]*\)|\b(?:{agencies})\s*/\s*[A-Z]|/\s*(?:{agencies})\b|\bvia Getty\b|"
        r"\b(?:Photo|Photograph|Image|Picture)(?: credit)?\s*:"
    )
    return start_re, credit_re


_FINAL_PUNCT = ".!?\"”’)"


def furniture_sentences(state) -> set:
    """Indices of sentences that are page furniture, not reporting: bylines and "Updated/Published"
    lines, photo captions and credits ("(AP Photo/...)", "Photo: ..."), and one-sentence lines
    without final punctuation that hold a date ("Protesters outside the palace on 9 July" under
    a picture). Their dates are not anchors for other dates nor for events."""
    return state.memo("dates.furniture_sentences", lambda: _furniture_sentences(state))


def _furniture_sentences(state) -> set:
    out = set()
    text = state.text
    start_re, credit_re = _furniture_res()
    for si, sent in enumerate(state.sents):
        line = sent.text.strip()
        if not line:
            continue
        finite = any(t.tag_ in ("VBD", "VBZ", "VBP", "MD") for t in sent)
        if credit_re.search(line) or (start_re.match(line) and (not finite or ":" in line[:20])):
            out.add(si)
            continue
        # a line of its own: a newline (or the text's start) before it and after it
        start = sent.start_char + len(sent.text) - len(sent.text.lstrip())
        end = sent.start_char + len(sent.text.rstrip())
        # (stepping over spaces and tabs from the sentence outwards: slicing the text before
        # and after every sentence is quadratic in its length)
        k = start
        while k > 0 and text[k - 1] in " \t":
            k -= 1
        e = end
        while e < len(text) and text[e] in " \t":
            e += 1
        alone = (k == 0 or text[k - 1] == "\n") and (e == len(text) or text[e] == "\n")
        if alone and line[-1] not in _FINAL_PUNCT and len(line.split()) >= 4 and (
            _MONTH_NAME_RE.search(line) or _HAS_YEAR_RE.search(line) or re.search(_WEEKDAY_RE, line)
        ):
            out.add(si)
    for si in sorted(out):
        # the caption a parenthesised credit closes: "Police fire tear gas on 9 July. (AFP Photo/...)"
        if si > 0 and state.sents[si].text.lstrip().startswith("(") and credit_re.search(state.sents[si].text):
            out.add(si - 1)
    return out


def _candidates(state, text: str) -> list[_Cand]:
    found: list[_Cand] = []
    # Each rule is tried only where a word that can start it stands (one regex pass
    # over the words, then anchored matches): about 4x faster than running every
    # rule over the whole text.
    seen: set[tuple[str, int]] = set()
    for w in _WORD_RE.finditer(text):
        word = w.group()
        rules = _DIGIT_RULES if word[0].isdigit() else _DISPATCH.get(word.lower())
        if not rules:
            continue
        pos = w.start()
        for kind, pattern in rules:
            m = pattern.match(text, pos)
            if m is not None and (kind, pos) not in seen:
                seen.add((kind, pos))
                found.append(_Cand(m.start(), m.end(), kind, m))
    # the longest match wins where rules overlap; earlier rules win ties
    order = {k: i for i, (k, _) in enumerate(_RULES)}
    found.sort(key=lambda c: (-(c.end - c.start), order[c.kind], c.start))
    taken: list[_Cand] = []
    # the taken spans never overlap, so sorted by start they are sorted by end too: the one
    # that starts last before a candidate's end is the only one that can overlap it (a
    # bisect instead of a scan of every taken span, which was quadratic in the text)
    starts: list[int] = []
    ends: list[int] = []

    def free(start: int, end: int) -> bool:
        j = bisect.bisect_left(starts, end) - 1
        return j < 0 or ends[j] <= start

    def take(c: _Cand) -> None:
        j = bisect.bisect_left(starts, c.start)
        starts.insert(j, c.start)
        ends.insert(j, c.end)
        taken.append(c)

    for c in found:
        if not free(c.start, c.end):
            continue
        if not _accept(state, text, c):
            continue
        take(c)
    # spaCy DATE entities that no rule covered
    for ent in state.doc.ents:
        if ent.label_ != "DATE":
            continue
        if not free(ent.start_char, ent.end_char):
            continue
        if _VAGUE_RE.search(ent.text):
            continue
        if _DURATION_RE.fullmatch(ent.text.strip()):
            continue  # "30 days", "two weeks": a length of time, not a date
        if _HAS_YEAR_RE.search(ent.text) or _MONTH_NAME_RE.search(ent.text):
            take(_Cand(ent.start_char, ent.end_char, "fallback", None))
    taken.sort(key=lambda c: c.start)
    return taken


def _token_at(state, pos: int):
    span = state.doc.char_span(pos, pos + 1, alignment_mode="expand")
    return span[0] if span is not None and len(span) else None


def _prev_word(text: str, pos: int) -> str:
    m = re.search(r"([\w$€£'’-]+)[\s,]*$", text[max(0, pos - 40):pos])
    return m.group(1).lower() if m else ""


def _year_is_count(state, year_pos: int) -> bool:
    """True when the number at ``year_pos`` counts the noun after it (``2000 people``)."""
    tok = _token_at(state, year_pos)
    if tok is None:
        return False
    nxt = tok.nbor(1) if tok.i + 1 < len(tok.doc) else None
    if nxt is None or nxt.pos_ not in ("NOUN", "PROPN", "ADJ", "VERB"):
        return False
    if nxt.lower_ in YEAR_NOUNS:
        return False
    head = tok.head
    if tok.dep_ in ("nummod", "compound", "amod", "quantmod") and head.i > tok.i and head.lower_ not in YEAR_NOUNS:
        return head.pos_ in ("NOUN", "PROPN") and head.tag_ in ("NNS", "NNPS", "NN")
    return nxt.tag_ in ("NNS",) and nxt.lower_ not in YEAR_NOUNS


def _accept(state, text: str, c: _Cand) -> bool:
    m = c.m
    kind = c.kind
    if kind == "year":
        if m.group("the"):
            return True
        prev = _prev_word(text, c.start)
        if prev in COUNT_WORDS and prev != "the":
            return False
        if _year_is_count(state, m.start("y")):
            return False
        if prev in YEAR_PREPS:
            return True
        if prev == "the" or prev.endswith(("'s", "’s")):
            nxt = re.match(r"[\s-]+([A-Za-z-]+)", text[c.end:c.end + 30])
            return bool(nxt and nxt.group(1).lower() in YEAR_NOUNS)
        nxt = re.match(r"[\s-]+([A-Za-z-]+)", text[c.end:c.end + 30])
        if nxt and nxt.group(1).lower() in YEAR_NOUNS:
            return True
        tok = _token_at(state, c.start)
        return tok is not None and tok.ent_type_ == "DATE" and prev not in COUNT_WORDS
    if kind == "month":
        # bare month names: after a preposition-like word, or inside a spaCy DATE entity
        mon = m.group("mon")
        nxt = re.match(r"\s+([A-Z][a-z]+)", text[c.end:c.end + 30])
        if nxt and nxt.group(1) not in WEEKDAYS and nxt.group(1).lower() not in NAME_FOLLOWERS:
            return False  # "April Ryan", "June Carter": a name
        prev = _prev_word(text, c.start)
        if prev in YEAR_PREPS or prev in MONTH_PREPS:
            return True
        if mon == "May":
            return False
        tok = _token_at(state, c.start)
        return tok is not None and tok.ent_type_ == "DATE"
    if kind in ("dmy", "mdy", "week_of_date", "month_year"):
        y = m.groupdict().get("y")
        if y and _year_is_count(state, m.start("y")):
            if kind in ("month_year", "week_of_date"):
                return False
            c.drop_year = True  # keep "December 13", leave "2000 people" to the quantities
            if kind == "dmy":
                c.end = m.end("mon")
            else:
                c.end = m.end("d_end") if m.group("d_end") else m.end("d")
        if kind == "mdy" and m.group("mon") == "May" and not m.group("d"):
            return False
        return True
    if kind == "ago" or kind == "offset":
        n = m.group("n").lower()
        return n in SMALL_NUMBERS or n.isdigit()
    return True


def _tense(state, start: int, end: int) -> str:
    """The tense of the clause the span hangs from: ``future``, ``past`` or ``neutral``.

    The governing verb is the first verb above the span in the parse. Future: it
    has ``will``/``shall``/``'ll``, or it hangs (as ``to`` + verb) from a
    present-tense ``set``/``due``/``scheduled``/``planned``/``expected`` ("the vote
    is set to take place on March 3"). Past: it is a past tense or participle
    (``toppled``, ``was sworn in``, ``had attempted``) or has a past auxiliary.
    Anything else (present tense, no verb) is neutral.
    """
    span = state.doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return "neutral"
    tok = span.root
    for _ in range(6):
        if tok.pos_ in ("VERB", "AUX"):
            break
        if tok.head is tok:
            return "neutral"
        tok = tok.head
    else:
        return "neutral"
    if tok.pos_ not in ("VERB", "AUX"):
        return "neutral"
    auxes = [ch for ch in tok.children if ch.dep_ in ("aux", "auxpass")]
    if any(ch.lower_ in _FUTURE_AUX for ch in auxes):
        return "future"
    verb = tok
    if verb.tag_ == "VB" and verb.dep_ == "xcomp" and verb.head.lower_ in _FUTURE_WORDS:
        head = verb.head
        if head.tag_ in ("VBZ", "VBP") or any(ch.lower_ in PRESENT_BE or ch.lower_ in _FUTURE_AUX for ch in head.children):
            return "future"
    if verb.tag_ in ("VBD", "VBN") or any(ch.tag_ in ("VBD", "VBN") or ch.lemma_ == "have" for ch in auxes):
        return "past"
    return "neutral"


def _month_of(name: str) -> int:
    return MONTHS[name.rstrip(".").lower()]


def _day_of(s: str) -> int:
    return int(re.match(r"\d+", s).group(0))


def _previous(resolved, finest: str) -> Optional[tuple[DateMention, dt.date]]:
    """The nearest earlier mention with a value and a precision at least as fine as ``finest``."""
    rank = _PRECISION_RANK[finest]
    for mention, value in reversed(resolved):
        if value is not None and mention.precision and _PRECISION_RANK[mention.precision] <= rank:
            return mention, value
    return None


def _context_year(years, para_starts, pos: int) -> Optional[tuple[int, str]]:
    p_start = para_starts[bisect.bisect_right(para_starts, pos) - 1]
    for ypos, year, ytext in reversed(years):
        if ypos < pos and ypos >= p_start:
            return year, ytext
        if ypos < p_start:
            break
    return None


_UNRESOLVED_PUB = "unresolved: no publication date"


def _in_year(make, g, c, pub, tense, years, para_starts, precision):
    """``make(year)`` in the written year, else in the year the context gives; None if impossible."""
    if g.get("y"):
        d = make(int(g["y"]))
        return None if d is None else _Res(d, precision, explicit_year=g["y"])
    res = _year_from_context(make, c, pub, tense, years, para_starts)
    if res is not None:
        res.precision = precision
    return res


_ABSOLUTE_KINDS = ("iso", "numeric", "year", "year_range", "month_year", "part_year")
_TENSED_KINDS = ("dmy", "mdy", "week_of_month", "week_of_date", "part_month", "month", "weekday")


def _resolve(state, text, c: _Cand, pub, resolved, years, para_starts) -> Optional[_Res]:
    """The date a candidate means, by its kind: written with a year, a month (and day) whose year
    comes from the paragraph or the publication date, relative to the publication date, or
    relative to the previous date mention. None when it is no date."""
    m = c.m
    kind = c.kind
    g = m.groupdict() if m is not None else {}
    if c.drop_year:
        g["y"] = None
    if kind == "fallback":
        return _fallback(state, text[c.start:c.end], pub)
    if kind in _ABSOLUTE_KINDS:
        return _absolute(state, kind, g)
    tense = _tense(state, c.start, c.end) if kind in _TENSED_KINDS else "neutral"
    if kind in ("dmy", "mdy", "week_of_date"):
        return _month_day(kind, g, c, pub, tense, years, para_starts)
    if kind == "week_of_month":
        return _week_of_month(g, c, pub, tense, years, para_starts)
    if kind in ("part_month", "month", "rel_month"):
        return _month(kind, g, c, pub, tense, years, para_starts)
    if kind in ("today", "weekday", "rel_unit", "ago"):
        return _from_publication(kind, g, pub, tense)
    if kind in ("offset", "the_next", "day_before", "same"):
        return _from_previous(kind, g, resolved, pub)
    return None


def _absolute(state, kind: str, g: dict) -> Optional[_Res]:
    """A date with a written year: ISO, numeric, a year, a range of years, a month of a year, a part of a year."""
    if kind == "iso":
        d = _safe_date(int(g["y"]), int(g["m"]), int(g["d"]))
        return _Res(d, "day", explicit_year=g["y"]) if d else None
    if kind == "numeric":
        a, b, y = int(g["a"]), int(g["b"]), int(g["y"])
        dmy = getattr(state.settings, "date_order", "DMY").upper() != "MDY"
        if a > 12:
            dmy = True
        elif b > 12:
            dmy = False
        d = _safe_date(y, b, a) if dmy else _safe_date(y, a, b)
        return _Res(d, "day", explicit_year=g["y"]) if d else None
    if kind == "year":
        return _Res(dt.date(int(g["y"]), 1, 1), "year", explicit_year=g["y"])
    if kind == "year_range":
        y, y2 = int(g["y"]), int(g["y2"])
        if y2 < 100:
            y2 += y // 100 * 100
        if not 0 < y2 - y <= 30:
            return None
        return _Res(dt.date(y, 1, 1), "year", note=f"years {y} to {y2}", explicit_year=g["y"])
    if kind == "month_year":
        return _Res(dt.date(int(g["y"]), _month_of(g["mon"]), 1), "month", explicit_year=g["y"])
    part = re.sub(r"\s+", " ", g["part"].lower())  # part_year
    return _Res(dt.date(int(g["y"]), 1, 1), "year", note=f"{part} {g['y']}", explicit_year=g["y"])


def _month_day(kind: str, g: dict, c: _Cand, pub, tense: str, years, para_starts) -> Optional[_Res]:
    """A day of a month ("13 December", "December 13, 2022", "the week of 9 January"), in the
    written year or the year the context gives."""
    mon = _month_of(g.get("mon") or g.get("mon2"))
    day = _day_of(g.get("d") or g.get("d2"))
    res = _in_year(lambda y: _safe_date(y, mon, day), g, c, pub, tense, years, para_starts, "day")
    if res is None:
        return None
    if g.get("d_end") and res.value is not None:
        res.note = _join(res.note, f"days {day} to {_day_of(g['d_end'])}: value is the first")
    if kind == "week_of_date" and res.value:
        res.value = monday(res.value)
        res.precision = "week"
    elif kind == "week_of_date":
        res.precision = "week"
    return res


def _week_of_month(g: dict, c: _Cand, pub, tense: str, years, para_starts) -> Optional[_Res]:
    """ "the second week of January": the week that starts on the month's n-th Monday."""
    mon = _month_of(g["mon"])
    n = ORDINALS[g["ord"].lower()]
    res = _in_year(lambda y: nth_monday(y, mon, n), g, c, pub, tense, years, para_starts, "week")
    if res is None:
        return None
    if res.value is not None:
        which = "last" if n == -1 else _ORDINAL_WORD[n]
        res.note = _join(res.note, f"week starting on the {which} Monday of {_MONTHS_FULL[mon - 1]}")
    return res


def _month(kind: str, g: dict, c: _Cand, pub, tense: str, years, para_starts) -> _Res:
    """A month ("in November", "early January", "last March"), in the written year, the year of
    the paragraph, or the year the publication date and the tense give."""
    mon = _month_of(g["mon"])
    note = None
    if kind == "part_month":
        note = f"{_squash(g['part'])} {_MONTHS_FULL[mon - 1]}"
    if g.get("y"):
        return _Res(dt.date(int(g["y"]), mon, 1), "month", note=note, explicit_year=g["y"])
    if kind == "rel_month":
        if pub is None:
            return _Res(None, "month", True, None, _UNRESOLVED_PUB)
        rel = g["rel"].lower()
        if rel in ("last", "past"):
            y = pub.year if mon < pub.month else pub.year - 1
        elif rel in ("next", "coming"):
            y = pub.year if mon > pub.month else pub.year + 1
        else:
            y = pub.year
        return _Res(dt.date(y, mon, 1), "month", True, "published")
    ctx = _context_year(years, para_starts, c.start)
    if ctx is not None:
        return _Res(dt.date(ctx[0], mon, 1), "month", True, f"context:{ctx[1]}", _join(note, f"year from context: {ctx[1]}"))
    if pub is None:
        return _Res(None, "month", True, None, _join(note, _UNRESOLVED_PUB))
    return _Res(pick_month_year(mon, pub, tense), "month", True, "published", _join(note, "year inferred from publication date"))


def _from_publication(kind: str, g: dict, pub, tense: str) -> _Res:
    """today / yesterday, a weekday, last / this / next week|month|year, "two days ago"."""
    if pub is None:
        prec = "day"
        if kind in ("rel_unit", "ago"):
            unit = g["unit"].lower()
            prec = {"weekend": "day", "fortnight": "day"}.get(unit, unit)
        return _Res(None, prec, True, None, _UNRESOLVED_PUB)
    if kind == "today":
        w = re.sub(r"\s+", " ", g["w"].lower())
        delta = {"yesterday": -1, "tomorrow": 1, "last night": -1}.get(w, 0)
        return _Res(pub + dt.timedelta(days=delta), "day", True, "published")
    if kind == "weekday":
        return _Res(_weekday(g, pub, tense), "day", True, "published")
    if kind == "rel_unit":
        return _rel_unit(g, pub)
    return _ago(g, pub)


def _weekday(g: dict, pub: dt.date, tense: str) -> dt.date:
    """ "on Tuesday" (the latest on or before publication; the next in a future clause), "last / next / this Tuesday"."""
    wd = WEEKDAYS[g["wd"].lower()]
    rel = (g.get("rel") or "").lower()
    back = (pub.weekday() - wd) % 7
    if rel in ("last", "past"):
        return pub - dt.timedelta(days=back or 7)
    if rel in ("next", "coming"):
        return pub + dt.timedelta(days=((wd - pub.weekday()) % 7) or 7)
    if rel == "this":
        return monday(pub) + dt.timedelta(days=wd)
    if tense == "future":
        return pub + dt.timedelta(days=(wd - pub.weekday()) % 7)
    return pub - dt.timedelta(days=back)


def _rel_unit(g: dict, pub: dt.date) -> _Res:
    """last / this / next week|weekend|month|year, earlier / later this ..."""
    rel = re.sub(r"\s+", " ", g["rel"].lower())
    unit = g["unit"].lower()
    step = {"last": -1, "next": 1, "coming": 1}.get(rel, 0)
    if unit == "week":
        return _Res(monday(pub) + dt.timedelta(days=7 * step), "week", True, "published")
    if unit == "weekend":
        sat = monday(pub) + dt.timedelta(days=5 + 7 * step)
        if step == -1 and sat + dt.timedelta(days=7) <= pub:
            sat += dt.timedelta(days=7)  # "last weekend" said on a Monday..Sunday after it
        return _Res(sat, "day", True, "published", "weekend: value is the Saturday")
    if unit == "month":
        return _Res(add_months(pub.replace(day=1), step), "month", True, "published")
    return _Res(dt.date(pub.year + step, 1, 1), "year", True, "published")


def _ago(g: dict, pub: dt.date) -> _Res:
    """ "two days ago", "a fortnight ago", "three months ago"."""
    n = _number(g["n"])
    unit = g["unit"].lower()
    if unit in ("day", "fortnight"):
        days = n * (14 if unit == "fortnight" else 1)
        return _Res(pub - dt.timedelta(days=days), "day", True, "published")
    if unit == "week":
        return _Res(monday(pub - dt.timedelta(days=7 * n)), "week", True, "published")
    if unit == "month":
        return _Res(add_months(pub.replace(day=1), -n), "month", True, "published")
    return _Res(dt.date(pub.year - n, 1, 1), "year", True, "published")


def _from_previous(kind: str, g: dict, resolved, pub) -> _Res:
    """ "two days later", "the next day", "the day before", "that week": an offset from the nearest
    earlier mention at least as precise as the unit."""
    unit = g["unit"].lower()
    if unit in ("morning", "afternoon", "evening", "night"):
        unit = "day"
    if kind == "offset":
        n = _number(g["n"])
        direction = (g.get("dir") or g.get("dir2")).lower()
        step = -n if direction in ("earlier", "before") else n
    elif kind == "the_next":
        step = -1 if g["which"].lower() in ("previous", "preceding") else 1
    elif kind == "day_before":
        step = -1 if g["dir"].lower() == "before" else 1
    else:
        step = 0
    prev = _previous(resolved, unit)
    if prev is None:
        note = "unresolved: no earlier date in the text"
        if resolved and any(v is None for _, v in resolved) and pub is None:
            note = _UNRESOLVED_PUB
        return _Res(None, unit, True, None, note)
    pm, pv = prev
    if kind == "offset" and unit == "week" and pm.precision == "day":
        # "two weeks earlier" than a known day is that many days earlier
        return _Res(pv + dt.timedelta(days=7 * step), "day", True, f"previous:{pm.text}")
    if unit == "day":
        value = pv + dt.timedelta(days=step)
    elif unit == "week":
        value = monday(pv) + dt.timedelta(days=7 * step)
    elif unit == "month":
        value = add_months(pv.replace(day=1), step)
    else:
        value = dt.date(pv.year + step, 1, 1)
    return _Res(value, unit, True, f"previous:{pm.text}")


_ORDINAL_WORD = {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth"}


def _squash(s: str) -> str:
    return " ".join(s.lower().split())


def _join(a: Optional[str], b: Optional[str]) -> Optional[str]:
    return "; ".join(x for x in (a, b) if x) or None


def _number(s: str) -> int:
    s = s.lower()
    return int(s) if s.isdigit() else SMALL_NUMBERS[s]


def _year_from_context(make, c: _Cand, pub, tense, years, para_starts) -> Optional[_Res]:
    ctx = _context_year(years, para_starts, c.start)
    if ctx is not None:
        d = make(ctx[0])
        if d is not None:
            return _Res(d, None, True, f"context:{ctx[1]}", f"year from context: {ctx[1]}")
    if pub is None:
        # an undated page (an encyclopedia article, a copy without its dateline): the year last
        # written anywhere before, when no paragraph gives one ("Date: 15 March 2022 - ..." above
        # "resigns as President on 14 July")
        doc_year = years[-1] if years and years[-1][0] < c.start else None
        if doc_year is not None:
            d = make(doc_year[1])
            if d is not None:
                return _Res(d, None, True, f"context:{doc_year[2]}", f"year from earlier in the document: {doc_year[2]}")
        return _Res(None, None, True, None, _UNRESOLVED_PUB)
    d = pick_year(make, pub, tense)
    if d is None:
        return None
    return _Res(d, None, True, "published", "year inferred from publication date")


# --------------------------------------------------------------- dateparser


@functools.lru_cache(maxsize=8)
def _date_parser(base: dt.date):
    from dateparser.date import DateDataParser

    return DateDataParser(
        languages=["en"],
        settings={
            "RELATIVE_BASE": dt.datetime.combine(base, dt.time()),
            "PREFER_DATES_FROM": "past",
            "RETURN_TIME_AS_PERIOD": True,
        },
    )


def _fallback(state, s: str, pub) -> Optional[_Res]:
    """Last resort for a spaCy DATE entity with a year or month name that no rule took.

    dateparser is imported on first use (~0.3 s once per process, ~1 ms a call after).
    """
    has_year = _HAS_YEAR_RE.search(s) is not None
    if pub is None and not has_year:
        return None
    if re.fullmatch(r"[\d.,\s]+", s.strip()):
        return None  # a bare number is never a date here
    try:
        data = _date_parser(pub or dt.date(2000, 1, 1)).get_date_data(s)
    except Exception:  # dateparser raises assorted errors on odd input
        logger.debug("dateparser failed on %r", s, exc_info=True)
        return None
    if data is None or data.date_obj is None:
        return None
    value, period = data.date_obj.date(), data.period
    precision = {"day": "day", "time": "day", "week": "week", "month": "month", "year": "year"}.get(period)
    if precision is None:
        return None
    if precision == "week":
        value = monday(value)
    elif precision == "month":
        value = value.replace(day=1)
    elif precision == "year":
        value = value.replace(month=1, day=1)
    relative = not has_year
    return _Res(value, precision, relative, "published" if relative else None, "parsed by dateparser")
