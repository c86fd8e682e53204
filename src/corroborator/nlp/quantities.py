"""Stage: quantities — numbers with their unit, qualifier and the noun they count.

``extract(state) -> list[Quantity]`` walks the spaCy tokens of the normalised
text once, reads each number (digits or words), then looks left for a
qualifier and a currency sign and right for a unit word and the counted noun.
The vocabulary is the versioned codebook ``codebooks/quantities.json``.

Record fields
=============
``text``
    the qualifier, currency sign, number and unit word as written — not the
    counted noun: "over half a million dollars", "50.125%", "around two
    thousand", "$5 million", "at least 12".
``value``
    the number as a float: "half a million" = 500000, "3.5 million" =
    3500000, "a dozen" = 12, "twenty-five" = 25, "2,000" = 2000. Separators
    of other languages are read by the digits after them: three digits after
    each dot are thousands ("about 2.000" = 2000, "1.300,5" = 1300.5) unless
    a percentage or currency makes it a decimal ("2.500%" = 2.5); a comma
    before one, two or four and more digits is a decimal comma ("2,5" = 2.5).
``unit`` (documented list)
    ``percent`` (``%``, "percent", "per cent"); ``percentage_point``;
    currencies as ISO 4217 codes: ``USD`` ($, US$, dollars), ``EUR`` (€,
    euros), ``GBP`` (£, pounds, sterling), ``PEN`` (S/, soles);
    ``people`` when the counted noun names people ("civilians", "Congress
    members", "injured police", "12 dead"); ``None`` for counts of anything
    else ("67 ballots", "two control booths", "10 abstentions") — the noun is
    in ``about``.
``qualifier`` (documented list)
    ``about`` (about, around, some, roughly, approximately, an estimated,
    "or so", "-odd"); ``over`` (over, more than, above, upwards of, in excess
    of); ``under`` (under, less than, fewer than, below); ``at_least`` (at
    least, no fewer than, "or more", "-plus"; also every vague plural, see
    below); ``at_most`` (up to, at most, no more than, as many as, "or
    fewer"); ``nearly`` (nearly, almost, close to); ``exactly`` (exactly,
    precisely); ``None`` when nothing is written. "only" adds no qualifier.
``about``
    the counted noun phrase after the number, without determiners ("Congress
    members", "injured police", "votes" in "50.125% of the votes"). A bare
    number with no noun ("only six against", "of which some 2000 led")
    takes the noun and unit of the nearest earlier count of the same kind in
    the same sentence (the writer left the noun out); else ``None``. Money
    amounts have no ``about``.

Choices
=======
* Vague plurals are kept with their smallest reading and qualifier
  ``at_least``: "dozens of protesters" = 24, "hundreds" = 200, "thousands" =
  2000, "tens of thousands" = 20000 (a value is required by the record; the
  lower bound is the only reading the text supports).
* Ranges "10 to 12 people", "10-12 people", "between 10 and 12 people" give
  two quantities: the lower one with ``at_least`` and the upper one with
  ``at_most``, both counting the same noun.
* Scores — three or more numbers joined by hyphens ("101-6-10"), or two
  followed by a word like "vote"/"victory"/"margin" — are split into one
  quantity per number, no qualifier, ``about`` the noun after the score if any.
* Not quantities: numbers inside date mentions (years, days of the month —
  read from ``state.dates``), ordinals ("8th", "second round"), clock times
  ("10:30", "5 pm"), numbers inside spaCy name entities (ORG, PERSON, FAC,
  LAW, EVENT, PRODUCT, WORK_OF_ART, GPE, LOC, NORP) or TIME entities, numbers
  right after a capitalised name or a label word ("Route 66", "Article 5",
  "page 12"), "one" used as a pronoun ("one of them", "if one was") or with
  time and manner nouns ("one day", "in one case"), "half" not followed by
  a scale ("half a quote"), and ages ("a 25-year-old", "60 years old", "the
  minister, 54, resigned", "aged 23", "aged between 18 and 25", "aged 23 to 40").
  Units of time, age, distance and size (``measure_units`` in the codebook) are
  read by the event-argument rules, which never count them as people.
"""

from __future__ import annotations

import functools
import logging
import re
from dataclasses import dataclass
from typing import Optional

from ..lexicons import codebook
from ..contract.records import Quantity

logger = logging.getLogger(__name__)

__all__ = ["extract", "parse_number_words", "parse_digits"]


def _rule_words(name: str) -> frozenset:
    """A word list of the quantity_rules codebook (each list there notes where it comes from)."""
    return frozenset(codebook.load("quantity_rules")["word_sets"][name]["words"])


_DIGITS_RE = re.compile(
    r"^(?:(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"  # 2,000 / 2000 / 3.5 / 1,300.5
    r"|\d{1,3}(?:\.\d{3})+(?:,\d+)?"  # 2.000 / 1.300,5 (thousands dots, decimal comma)
    r"|\d+,\d{1,2}|\d+,\d{4,})$"  # 2,5 / 0,12345 (decimal comma)
)
_DOT_THOUSANDS_RE = re.compile(r"^\d{1,3}(?:\.\d{3})+(?:,\d+)?$")
_DECIMAL_COMMA_RE = re.compile(r"^\d+,(?:\d{1,2}|\d{4,})$")
_NAME_LABELS = {"ORG", "PERSON", "FAC", "LAW", "EVENT", "PRODUCT", "WORK_OF_ART", "GPE", "LOC", "NORP", "TIME"}
_HYPHENS = {"-", "–", "—"}
_CLOCK_AFTER = _rule_words("clock_after")
_SCORE_NOUNS = _rule_words("score_nouns")
_PREPOSITIONS = _rule_words("qualifier_preps")
_DURATION_UNITS = _rule_words("duration_units")
_PEOPLE_COMPOUNDS = _rule_words("people_compounds")
_DETS = _rule_words("partitive_dets")
_MONTH_WORDS = _rule_words("month_words")
AGE_UNITS = _rule_words("age_units")
AGE_PLURAL_UNITS = _rule_words("age_plural_units")
NUMBER_STARTERS = _rule_words("number_starters")
NUMBER_JOINERS = _rule_words("number_joiners")
NUMBER_GLUE = _rule_words("number_glue")
ARTICLES = _rule_words("articles")
SCALE_ABBREVIATIONS = _rule_words("scale_abbreviations")
MONEY_SUFFIXES = _rule_words("money_suffixes")
US_WORDS = _rule_words("us_words")
DOLLAR_PREFIXES = _rule_words("dollar_prefixes")
DOLLAR_WORDS = _rule_words("dollar_words")
POUND_WORDS = _rule_words("pound_words")
HYPHEN_TRAILERS = _rule_words("hyphen_trailers")
RANGE_WORDS = _rule_words("range_words")
AGE_RANGE_JOINERS = _rule_words("age_range_joiners")
AGE_RANGE_PREPS = _rule_words("age_range_preps")


@dataclass(frozen=True)
class _Vocab:
    words: dict
    scales: dict
    vague: dict
    qualifiers: dict  # tuple of lower-case words -> code
    max_q: int
    trailing: dict
    currencies: dict
    percent: tuple
    points: tuple
    people: frozenset
    casualty: frozenset
    not_after_one: frozenset
    identifiers: frozenset
    ages: frozenset
    measures: frozenset


@functools.lru_cache(maxsize=1)
def _vocab() -> _Vocab:
    cb = codebook.load("quantities")
    quals = {tuple(k.split()): v for k, v in cb["qualifiers"].items()}
    return _Vocab(
        words=cb["number_words"],
        scales=cb["scales"],
        vague=cb["vague"],
        qualifiers=quals,
        max_q=max(len(k) for k in quals),
        trailing={tuple(k.split()): v for k, v in cb["trailing_qualifiers"].items()},
        currencies=cb["currencies"],
        percent=tuple(tuple(p.split()) for p in cb["percent_words"]),
        points=tuple(tuple(p.split()) for p in cb["percentage_point_words"]),
        people=frozenset(cb["people_nouns"]),
        casualty=frozenset(cb["casualty_words"]),
        not_after_one=frozenset(cb["not_counted_after_one"]),
        identifiers=frozenset(cb["identifier_words"]),
        ages=frozenset(cb["age_words"]),
        measures=frozenset(cb["measure_units"]["words"]),
    )


@dataclass
class _Num:
    start: int  # token indices [start, end) of the number itself
    end: int
    value: float
    vague: bool = False
    word_one: bool = False  # the lone word "one"/"a"


@dataclass
class _Found:
    first: int  # token index of the first token of the text (qualifier, sign or number)
    last: int  # exclusive token index of the end of the text
    value: float
    unit: Optional[str]
    qualifier: Optional[str]
    about: Optional[str]
    kind: str  # count | percent | money
    sent: Optional[int]


@functools.lru_cache(maxsize=1)
def _starters() -> frozenset:
    """Lower-case words that can start a number phrase."""
    v = _vocab()
    return frozenset([*v.words, *v.scales, *(k.split()[0] for k in v.vague), *NUMBER_STARTERS])


# ---------------------------------------------------------------- number words


def parse_number_words(words: list[str]) -> Optional[float]:
    """Value of a cardinal written in words ("two thousand", "half a million",
    "twenty-five", "a dozen"), or None. ``words`` are lower case, hyphens as
    separate items are allowed between tens and units."""
    v = _vocab()
    words = [w for w in words if w not in NUMBER_JOINERS]
    if not words:
        return None
    # "one and a half million", "two and a half thousand"
    if len(words) >= 4 and "half" in words[1:]:
        h = words.index("half", 1)
        if words[h - 1] in ARTICLES and h + 1 < len(words) and words[h + 1] in v.scales and h >= 2:
            head = parse_number_words(words[: h - 1])
            rest = parse_number_words(["one"] + words[h + 1 :])
            if head is not None and rest is not None:
                return (head + 0.5) * rest
    if words[0] == "half" and len(words) >= 3 and words[1] in ARTICLES and words[2] in v.scales:
        rest = parse_number_words(["one"] + words[2:])
        return None if rest is None else rest / 2
    if words[0] in ARTICLES:
        if len(words) < 2 or words[1] not in v.scales:
            return None
        words = ["one"] + words[1:]
    total = 0.0
    current = 0.0
    seen = False
    for w in words:
        if w in v.words:
            current += v.words[w]
            seen = True
        elif w in v.scales:
            scale = v.scales[w]
            if not seen and current == 0:
                current = 1
            if scale in (100, 12):
                current *= scale
            else:
                total += current * scale
                current = 0
            seen = True
        else:
            return None
    return total + current if seen else None


def parse_digits(text: str, decimal_context: bool = False) -> Optional[float]:
    """The value of a number written in digits, in English or in the formats of other languages.

    The separator is read by the digits after it: exactly three digits after each dot mark
    thousands ("about 2.000" = 2000, "1.300,5" = 1300.5), unless ``decimal_context`` (a
    percentage or a sum of money follows) makes "2.000" a decimal; a comma followed by one,
    two or four and more digits is a decimal comma ("2,5" = 2.5); "2,000" stays 2000.
    """
    if not _DIGITS_RE.match(text):
        return None
    if _DOT_THOUSANDS_RE.match(text) and not (decimal_context and "," not in text and text.count(".") == 1):
        return float(text.replace(".", "").replace(",", "."))
    if _DECIMAL_COMMA_RE.match(text):
        return float(text.replace(",", "."))
    return float(text.replace(",", ""))


def _parse_at(doc, i: int, v: _Vocab) -> Optional[_Num]:
    """Read a number starting at token ``i``."""
    tok = doc[i]
    low = tok.lower_
    n = len(doc)
    # vague plurals: "dozens", "tens of thousands"
    if i + 2 < n and f"{low} {doc[i + 1].lower_} {doc[i + 2].lower_}" in v.vague:
        return _Num(i, i + 3, float(v.vague[f"{low} {doc[i + 1].lower_} {doc[i + 2].lower_}"]), vague=True)
    if low in v.vague:
        return _Num(i, i + 1, float(v.vague[low]), vague=True)
    if _DIGITS_RE.match(tok.text):
        after = doc[i + 1] if i + 1 < n else None
        decimal_context = after is not None and (after.text in ("%", "percent") or after.lower_ in v.currencies or (
            i > 0 and doc[i - 1].lower_ in v.currencies and not doc[i - 1].is_alpha))
        value = parse_digits(tok.text, decimal_context)
        j = i + 1
        if j < n and doc[j].lower_ in v.scales and doc[j].lower_ != "k":
            mult = 1.0
            while j < n and doc[j].lower_ in v.scales:
                mult *= v.scales[doc[j].lower_]
                j += 1
            value *= mult
        return _Num(i, j, value)
    # words
    if low in v.words or low in NUMBER_STARTERS or (low in v.scales and low != "k"):
        j = i
        words = []
        while j < n:
            w = doc[j].lower_
            if w in v.words or w in v.scales and w not in SCALE_ABBREVIATIONS:
                words.append(w)
            elif w in ARTICLES and j == i:
                words.append(w)
            elif w in ARTICLES and words == ["half"]:
                words.append(w)
            elif w == "half" and j == i:
                words.append(w)
            elif w in _HYPHENS and words and j + 1 < n and doc[j + 1].lower_ in v.words \
                    and not doc[j - 1].whitespace_ and not doc[j].whitespace_:
                words.append("-")
            elif w == "and" and words and words[-1] in v.scales and j + 1 < n and doc[j + 1].lower_ in v.words:
                words.append("and")
            elif w == "and" and words and words[-1] in v.words and j + 3 < n and doc[j + 1].lower_ in ARTICLES \
                    and doc[j + 2].lower_ == "half" and doc[j + 3].lower_ in v.scales:
                words.extend((w, doc[j + 1].lower_, doc[j + 2].lower_))  # "one and a half million"
                j += 2
            else:
                break
            j += 1
        # drop trailing glue
        while words and words[-1] in NUMBER_GLUE:
            words.pop()
            j -= 1
        if not words:
            return None
        value = parse_number_words(words)
        if value is None:
            return None
        if words[0] in v.scales and len(words) == 1:
            return None  # "hundred" alone, "dozen" alone
        return _Num(i, i + len(words), value, word_one=(words in (["one"],)))
    return None


# ------------------------------------------------------------------ the stage


def extract(state) -> list[Quantity]:
    v = _vocab()
    doc = state.doc
    n = len(doc)
    blocked = _blocked_tokens(state)
    found: list[_Found] = []
    i = 0
    starters = _starters()
    while i < n:
        if blocked[i]:
            i += 1
            continue
        tok = doc[i]
        if not tok.text[:1].isdigit() and tok.lower_ not in starters:
            i += 1
            continue
        num = _parse_at(doc, i, v)
        if num is None or any(blocked[k] for k in range(num.start, num.end)):
            i += 1
            continue
        group = _read_group(state, num, v, blocked)
        if group is None:
            i = num.end
            continue
        items, next_i = group
        found.extend(items)
        i = max(next_i, i + 1)
    _inherit(found)
    out = []
    for f in found:
        sp = state.span(doc[f.first].idx, doc[f.last - 1].idx + len(doc[f.last - 1]))
        out.append(
            Quantity(
                text=sp.text, start=sp.start, end=sp.end, value=f.value, unit=f.unit,
                qualifier=f.qualifier, about=f.about, sentence_index=f.sent,
            )
        )
    return out


def _blocked_tokens(state) -> list[bool]:
    """Tokens that can never be part of a quantity: dates, names, clock times."""
    doc = state.doc
    blocked = [False] * len(doc)
    for d in state.dates:
        span = doc.char_span(d.start, d.end, alignment_mode="expand")
        if span is not None:
            for k in range(span.start, span.end):
                blocked[k] = True
    for ent in doc.ents:
        if ent.label_ in _NAME_LABELS:
            for k in range(ent.start, ent.end):
                blocked[k] = True
    return blocked


def _match_phrase(doc, j: int, phrases) -> int:
    """Length of the longest phrase (tuple of lower-case words) starting at token j, else 0."""
    best = 0
    for p in phrases:
        k = len(p)
        if j + k <= len(doc) and all(doc[j + x].lower_ == p[x] for x in range(k)) and k > best:
            best = k
    return best


def _read_group(state, num: _Num, v: _Vocab, blocked) -> Optional[tuple[list[_Found], int]]:
    """The quantities a number starts (one, or two for a range, or one per number of a score) and
    the token index after them; None when the number is no quantity (a clock time, an age, a name)."""
    doc = state.doc
    if _not_a_quantity(doc, num, v, blocked):
        return None
    chain, joiners = _chain(doc, num, v, blocked)
    before = _before(doc, num, v)
    if before is None:
        return None
    first, currency, qualifier = before
    unit, kind, k = _unit_after(doc, chain, currency, v)
    qualifier, k = _trailing_qualifier(doc, k, qualifier, v)
    last = k
    counted = _counted(doc, k, num, chain, kind, unit, currency, v, blocked)
    if counted is None:
        return None
    about, unit = counted
    if num.vague and qualifier is None:
        qualifier = "at_least"
    if about is None and unit is None and qualifier is None and len(chain) == 1 and _age_in_apposition(doc, num, first, last, v):
        return None
    return _items(state, num, chain, joiners, first, last, unit, qualifier, about, kind), last


def _not_a_quantity(doc, num: _Num, v: _Vocab, blocked) -> bool:
    """Clock times, identifiers ("Route 66", "Article 5"), parts of names and date ranges, ages."""
    n = len(doc)
    i, j = num.start, num.end
    tok = doc[i]
    nxt = doc[j] if j < n else None
    if nxt is not None and nxt.lower_ in _CLOCK_AFTER:
        return True
    if i > 0:
        prev = doc[i - 1]
        pl = prev.lower_
        if pl in v.identifiers and not prev.is_sent_start:
            return True
        if pl in v.identifiers and prev.is_sent_start and prev.is_title:
            return True
        if (
            prev.is_title and prev.pos_ in ("PROPN", "NOUN") and not prev.is_sent_start
            and pl not in _MONTH_WORDS and pl not in v.currencies and _DIGITS_RE.match(tok.text)
        ):
            return True  # "Route 66", "Boeing 737"
        if prev.text in _HYPHENS and not prev.whitespace_ and i > 1 and not doc[i - 2].whitespace_ and (
            doc[i - 2].is_alpha or blocked[i - 2]
        ):
            return True  # "COVID-19", "G-7", the end of a date range
    if nxt is not None and nxt.text in _HYPHENS and not nxt.whitespace_ and j + 1 < n and doc[j + 1].lower_ in AGE_UNITS \
            and j + 3 < n and doc[j + 3].lower_ == "old":
        return True  # ages: "a 25-year-old man"
    if nxt is not None and nxt.lower_ in AGE_PLURAL_UNITS and j + 1 < n and doc[j + 1].lower_ == "old":
        return True  # "he was 25 years old"
    if num.word_one and doc[i].lower_ == "a":
        return True
    return _is_age(doc, i, v)  # ages: "aged 23", "aged between 18 and 25", "aged 23 to 40"


def _chain(doc, num: _Num, v: _Vocab, blocked) -> tuple[list[_Num], list[str]]:
    """A score or range: the numbers joined by hyphens / "to" / "and", and the joining words."""
    n = len(doc)
    i = num.start
    chain = [num]
    k = num.end
    joiners: list[str] = []
    while k + 1 < n:
        t = doc[k]
        joined = (t.text in _HYPHENS and not doc[k - 1].whitespace_ and not t.whitespace_) or t.lower_ == "to" or (
            t.lower_ == "and" and len(chain) == 1 and i > 0 and doc[i - 1].lower_ == "between"
        )
        if not joined:
            break
        nn = _parse_at(doc, k + 1, v) if not blocked[k + 1] else None
        if nn is None or nn.vague:
            break
        chain.append(nn)
        joiners.append(t.lower_)
        k = nn.end
        if t.lower_ in RANGE_WORDS:
            break
    if len(chain) > 1 and joiners[0] == "to" and chain[0].value > chain[1].value:
        chain = [num]  # "2 to 1" odds / "from 5 to 3": not a range we can read
    return chain, joiners


def _before(doc, num: _Num, v: _Vocab) -> Optional[tuple[int, Optional[str], Optional[str]]]:
    """(first token of the text, currency, qualifier) from the qualifier and currency sign before the
    number; None for "some one" (a pronoun, no count)."""
    i = num.start
    first = i
    currency = None
    if i > 0 and doc[i - 1].lower_ in v.currencies and not doc[i - 1].is_alpha:
        currency = v.currencies[doc[i - 1].lower_]
        first = i - 1
        if first > 0 and doc[first - 1].lower_ in US_WORDS and doc[first].text == "$":
            first -= 1  # "US $50 million"
    qualifier = None
    q_start = first
    for size in range(v.max_q, 0, -1):
        s = first - size
        if s < 0:
            continue
        words = tuple(doc[x].lower_ for x in range(s, first))
        if words in v.qualifiers:
            if size == 1 and words[0] in _PREPOSITIONS and (
                doc[s].dep_ == "prt" or (doc[s].dep_ == "prep" and num.value < 10)
            ):
                break  # "handed over 700 kg", "a row over two raids": a preposition, not a qualifier
            qualifier = v.qualifiers[words]
            q_start = s
            break
    if qualifier is not None and i > 0 and doc[q_start].lower_ == "some" and num.word_one:
        return None
    first = q_start
    if first > 0 and currency is None and doc[first - 1].lower_ in v.currencies and not doc[first - 1].is_alpha:
        currency = v.currencies[doc[first - 1].lower_]
        first -= 1
    return first, currency, qualifier


def _unit_after(doc, chain: list[_Num], currency: Optional[str], v: _Vocab) -> tuple[Optional[str], str, int]:
    """(unit, kind, token index after the unit words): a sum of money ("$5m", "million soles",
    "US dollars"), a percentage or percentage points, else a count."""
    n = len(doc)
    k = chain[-1].end
    unit = None
    kind = "count"
    if currency is not None:
        unit, kind = currency, "money"
        if k < n and doc[k].lower_ in MONEY_SUFFIXES and not doc[k - 1].whitespace_:
            for c in chain:
                c.value *= v.scales.get(doc[k].lower_, 1_000_000)
            k += 1
        return unit, kind, k
    size = _match_phrase(doc, k, v.percent)
    if size:
        return "percent", "percent", k + size
    if _match_phrase(doc, k, v.points):
        return "percentage_point", "percent", k + _match_phrase(doc, k, v.points)
    # "US dollars", "million soles", "dollars"
    size = 0
    if k + 1 < n and doc[k].lower_ in DOLLAR_PREFIXES and doc[k + 1].lower_ in DOLLAR_WORDS:
        size = 2
    elif k < n and doc[k].lower_ in v.currencies and doc[k].is_alpha:
        if not (doc[k].lower_ in POUND_WORDS and k + 1 < n and doc[k + 1].lower_ == "of"):
            size = 1
    if size:
        unit, kind = v.currencies[doc[k + size - 1].lower_], "money"
        k += size
    return unit, kind, k


def _trailing_qualifier(doc, k: int, qualifier: Optional[str], v: _Vocab) -> tuple[Optional[str], int]:
    """A qualifier after the number ("or more", "-odd", "plus") when none came before it."""
    n = len(doc)
    if k >= n:
        return qualifier, k
    t_size = 0
    if doc[k].text in _HYPHENS and k + 1 < n and doc[k + 1].lower_ in HYPHEN_TRAILERS and not doc[k].whitespace_:
        t_size = 2
        tq = v.trailing[(doc[k + 1].lower_,)]
    else:
        for p, code in v.trailing.items():
            if p in (("odd",),):
                continue
            if k + len(p) <= n and all(doc[k + x].lower_ == p[x] for x in range(len(p))):
                if len(p) > t_size:
                    t_size, tq = len(p), code
    if t_size and qualifier is None:
        return tq, k + t_size
    return qualifier, k



def _counted(doc, k: int, num: _Num, chain: list[_Num], kind: str, unit, currency, v: _Vocab, blocked):
    """(about, unit): the counted noun after the number ("Congress members", "votes" in "50% of the
    votes") and the unit it gives ("people"); None when the number is no count after all (a length
    of time, "one" as a pronoun)."""
    n = len(doc)
    about = None
    compound_people = False
    if kind == "count" and k + 1 < n and doc[k].text in _HYPHENS and not doc[k - 1].whitespace_ \
            and not doc[k].whitespace_ and doc[k + 1].is_alpha:
        word = doc[k + 1].lower_
        if word in _DURATION_UNITS:
            return None  # "a six-month extension": a length of time, not a count
        if word in _PEOPLE_COMPOUNDS:
            compound_people = True  # "an 800-strong contingent", "a 10,000-member force"
        k += 2
    if kind == "money":
        return about, unit
    about_start = k
    partitive = False
    if about_start < n and doc[about_start].lower_ == "of" and (num.vague or kind == "percent" or (
        about_start + 1 < n and doc[about_start + 1].lower_ in _DETS
    )):
        partitive = True
        about_start += 1
        while about_start < n and doc[about_start].lower_ in _DETS:
            about_start += 1
    about, about_head = _noun_run(doc, about_start, v, blocked, None if partitive else doc[chain[-1].end - 1])
    if num.word_one and len(chain) == 1 and currency is None and kind == "count":
        # "one" is a count only when a noun follows directly: "one police officer"
        if partitive or about is None or about_head.lower_ in v.not_after_one:
            return None
    if about is not None and kind == "count":
        head_low = about_head.lower_
        if (
            compound_people or head_low in v.people or about_head.lemma_.lower() in v.people
            or about.lower() in v.casualty or (about_head.ent_type_ == "NORP" and about_head.tag_ in ("NNPS", "NNS"))
        ):
            unit = "people"
    elif about is None and kind == "count" and num.word_one:
        return None
    return about, unit


def _age_in_apposition(doc, num: _Num, first: int, last: int, v: _Vocab) -> bool:
    """An age between commas after a person: "The minister, 54, resigned"."""
    n = len(doc)
    return (
        num.value < 120 and first > 1 and doc[first - 1].text == "," and last < n and doc[last].text == ","
        and (doc[first - 2].ent_type_ == "PERSON" or doc[first - 2].lower_ in v.people)
    )


def _items(state, num: _Num, chain: list[_Num], joiners: list[str], first: int, last: int, unit, qualifier, about, kind) -> list[_Found]:
    """One quantity, one per number of a score ("101-6-10", "a 3-2 vote"), or the two ends of a range."""
    sent = state.sentence_of_token(state.doc[num.start])
    if len(chain) == 1:
        return [_Found(first, last, num.value, unit, qualifier, about, kind, sent)]
    score = len(chain) >= 3 or (
        all(j_ in _HYPHENS for j_ in joiners) and about is not None and about.split()[-1].lower() in _SCORE_NOUNS
    )
    if score:
        return [_Found(c.start, c.end, c.value, unit, None, about, kind, sent) for c in chain]
    lo, hi = chain[0], chain[1]
    return [
        _Found(first, lo.end, lo.value, unit, "at_least", about, kind, sent),
        _Found(hi.start, last, hi.value, unit, "at_most", about, kind, sent),
    ]


def _is_age(doc, i: int, v: _Vocab) -> bool:
    """The number at ``i`` follows "aged" (or "aged between", or is the end of an age range)."""
    k = i - 1
    if k >= 0 and doc[k].lower_ in AGE_RANGE_JOINERS and k > 0 and doc[k - 1].like_num:
        k -= 2  # "aged 23 to 40": look before the range's first number
    if k >= 0 and doc[k].lower_ in AGE_RANGE_PREPS:
        k -= 1
    return k >= 0 and doc[k].lower_ in v.ages


def _noun_run(doc, k: int, v: _Vocab, blocked, number=None):
    """The noun phrase right after a number: ("Congress members", head token) or (None, None).

    When the parser attaches ``number`` to a noun inside the run, the run ends there
    ("2000 homes" in "in 2000 homes lights went out").
    """
    n = len(doc)
    toks = []
    x = k
    while x < n and len(toks) < 5:
        t = doc[x]
        if blocked[x] and t.ent_type_ not in ("ORG", "NORP", "PERSON", "GPE", "LOC", "FAC"):
            break
        if t.pos_ in ("NOUN", "PROPN", "ADJ") and not t.like_num:
            toks.append(t)
            if t.tag_ == "NNS":
                break  # a plural common noun ends the phrase: "homes" in "2000 homes lights"
        elif t.pos_ == "VERB" and t.tag_ in ("VBN", "VBG") and x + 1 < n and doc[x + 1].pos_ in ("NOUN", "PROPN"):
            toks.append(t)  # "injured police", "striking workers"
        elif t.text in _HYPHENS and toks and not doc[x - 1].whitespace_ and not t.whitespace_ and x + 1 < n \
                and doc[x + 1].is_alpha:
            toks.append(t)  # "pro-Castillo"
        else:
            break
        x += 1
    if number is not None and toks and number.head in toks and number.head.pos_ in ("NOUN", "PROPN"):
        toks = toks[: toks.index(number.head) + 1]
    # the run ends on its last noun
    while toks and toks[-1].pos_ not in ("NOUN", "PROPN"):
        toks.pop()
    if not toks:
        first = doc[k] if k < n else None
        if first is not None and first.lower_ in v.casualty:
            return first.text, first
        return None, None
    text = doc[toks[0].i: toks[-1].i + 1].text
    return text, toks[-1]


def _inherit(found: list[_Found]) -> None:
    """A bare number takes the noun and unit of the nearest earlier quantity of its
    kind in the same sentence: "101 members voted for, only six against"."""
    for idx, f in enumerate(found):
        if f.about is not None or f.kind == "money":
            continue
        for prev in reversed(found[:idx]):
            if prev.sent != f.sent:
                break
            if prev.kind == f.kind and prev.about is not None:
                f.about = prev.about
                if f.unit is None:
                    f.unit = prev.unit
                break
