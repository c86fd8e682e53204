"""Stage: checks — internal consistency of one article.

``run(state) -> list[Check]``. Each finding is stated plainly with its evidence
sentences, and findings that hold up are reported too (``status="consistent"``):

``percent_sum``
    percentages of one whole (same sentence, same counted noun, a share word such
    as "votes" or "received") should add up to 100%, allowing for the rounding
    of the figures as written. Over 100% is inconsistent; under 100% is reported
    as the unaccounted remainder.
``vote_tally``
    votes for + against + abstentions in a sentence about a vote: the total cast,
    the share in favour, compared with a body size the text gives ("the
    130-member Congress") and with words that describe the result elsewhere in
    the text ("unanimous", "narrowly", "overwhelmingly").
``vote_margin``
    vote shares in percent against words describing the margin nearby ("by the
    slimmest of margins", "a landslide").
``figure_conflict``
    the same figure (deaths, injuries, arrests, or the same counted noun) given
    in two sentences with different values, unless the qualifiers allow both
    ("at least 12" and "15") or the text says the figure rose.
``date_order``
    "A on <date1> after B on <date2>" with date1 before date2 (and "before" the
    other way round), a relative date ("a day earlier") next to an explicit
    date that does not match it, and an event told in the past tense but dated
    after the publication date.
``name_variant``
    one person's name spelled two ways (PERSON names sharing a first or last
    name with rapidfuzz similarity >= 85 but not equal).

Inputs: ``state.quantities``, ``state.dates``, ``state.entities`` and the spaCy
doc (vote roles are read from the parse around each number).
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections import defaultdict
from typing import Optional

from rapidfuzz import fuzz

from ..contract.records import Check, Evidence

logger = logging.getLogger(__name__)

__all__ = ["run"]

SHARE_CUES = re.compile(
    r"\b(?:votes?|voted|ballots?|share|received|won|got|polled|garnered|secured|obtained|support(?:ed)?|"
    r"respondents|electorate|seats?|market|of the total|split|divided)\b",
    re.IGNORECASE,
)
VOTE_CUES = re.compile(r"\b(?:vot(?:e|es|ed|ing)|ballot|abstention|abstentions|abstained|in favou?r|ayes|nays)\b", re.IGNORECASE)
BODY_SIZE = [
    re.compile(r"\b(\d{1,4})[- ](?:member|seat|strong|person|deputy|senator)\b", re.IGNORECASE),
    re.compile(
        r"\bof (?:the|its|all|all the) (\d{1,4}) (?:members|seats|lawmakers|legislators|deputies|senators|"
        r"representatives|congressmen|congresspeople|MPs|parliamentarians|delegates|judges|directors)\b",
        re.IGNORECASE,
    ),
    re.compile(r"\bhas (\d{1,4}) (?:members|seats|lawmakers|legislators|deputies|senators)\b", re.IGNORECASE),
]
DESCRIPTORS = [
    ("unanimous", re.compile(r"\bunanimous(?:ly)?\b|\bwithout (?:a single )?(?:dissent|opposition)\b", re.IGNORECASE)),
    ("narrow", re.compile(r"\b(?:narrow(?:ly|est)?|razor[- ]thin|slim(?:mest)?(?: of)? margins?|slim(?:mest)? majority|wafer[- ]thin|knife[- ]edge|close(?:st)? (?:vote|race|result)|barely)\b", re.IGNORECASE)),
    ("overwhelming", re.compile(r"\b(?:overwhelming(?:ly)?|landslide|by a (?:wide|large|huge|big) margin|crushing|resounding(?:ly)?|massive majority)\b", re.IGNORECASE)),
]
NUMBER_WORDS = {
    w: i
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
        "seventeen eighteen nineteen twenty".split()
    )
}
NUMBER_WORDS.update({"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "no": 0, "none": 0})
TALLY_RE = re.compile(r"(?<![\d.,/-])(\d{1,3})\s*[-–]\s*(\d{1,3})(?:\s*[-–]\s*(\d{1,3}))?(?![\d.,/-])")

CATEGORY_CUES = {
    "fatalities": re.compile(r"\b(?:kill(?:ed|ing|s)?|dead|deaths?|died|die|fatalit(?:y|ies)|death toll|lives|bodies|murdered|slain)\b", re.IGNORECASE),
    "injured": re.compile(r"\b(?:injur(?:ed|ies|y|ing)|wounded|hurt|hospitali[sz]ed)\b", re.IGNORECASE),
    "arrested": re.compile(r"\b(?:arrest(?:ed|s)?|detain(?:ed|ees)?|detentions?|custody|jailed|held)\b", re.IGNORECASE),
}
TOTAL_CUES = re.compile(r"\b(?:in all|in total|totals?|totalling|altogether|overall|combined|(?:death )?toll|so far|tally|nationwide|across the country)\b", re.IGNORECASE)
UPDATE_CUES = re.compile(r"\b(?:rose|risen|rises|climbed|increased|grew|jumped|reached|now|updated|revised|latest|so far|total(?:ling)?|bringing|brought|raising|later)\b", re.IGNORECASE)
GENERIC_NOUNS = frozenset("people persons person members member individuals men women others times".split())
#: counted nouns that say only what kind of figure it is ("the 15 dead"): they match any other noun
WILDCARD_NOUNS = GENERIC_NOUNS | frozenset("dead death killed fatality casualty victim injured wounded arrest detainee detention body life".split())

RELATIVE_RE = re.compile(
    r"\b(?:(a|one|two|three|four|five|six|seven|\d+)\s+(day|days|week|weeks)\s+(earlier|before|later|after)"
    r"|the\s+(previous|next|following)\s+(day|week)|the\s+day\s+(before|after))\b",
    re.IGNORECASE,
)
AFTER_WORDS = re.compile(r"\b(?:after|following|in the wake of|in response to)\b(?!\s*(?:that|this|which|,))", re.IGNORECASE)
BEFORE_WORDS = re.compile(r"\b(?:before|prior to|ahead of|in the run-up to)\b(?!\s*(?:that|this|which|,))", re.IGNORECASE)
FUTURE_CUES = re.compile(
    r"\b(?:will|would|shall|set to|due to|scheduled|planned|plans?|expected|to be held|going to|is to|are to|"
    r"deadline|until|by then|promised|vowed|pledged|called for|demand(?:ed|ing)?)\b",
    re.IGNORECASE,
)
MODALS = frozenset("will would shall should could can may might must".split())
TITLES = re.compile(r"^(?:President|Vice President|Prime Minister|Minister|Senator|Mr\.?|Mrs\.?|Ms\.?|Dr\.?|General|Gen\.|Judge|Justice|Governor|Mayor|Congressman|Congresswoman|Sir|Lady|Lord)\s+")
POSSESSIVE = re.compile(r"(?:['’]s|['’])$")


# ------------------------------------------------------------------ helpers


def _ev(state, *indexes: Optional[int]) -> list[Evidence]:
    out, seen = [], set()
    for i in indexes:
        if i is None or i in seen or i < 0 or i >= len(state.sentences):
            continue
        seen.add(i)
        out.append(state.evidence(i))
    return out


def _fmt(v: float) -> str:
    return f"{int(v)}" if float(v).is_integer() else f"{v:g}"


def _decimals(text: str) -> int:
    m = re.search(r"\d+(?:[.,](\d+))?", text)
    return len(m.group(1)) if m and m.group(1) else 0


def _sent_text(state, i: int) -> str:
    return state.sentences[i].text if 0 <= i < len(state.sentences) else ""


def _descriptors(text: str) -> list[tuple[str, str]]:
    found = []
    for name, rx in DESCRIPTORS:
        m = rx.search(text)
        if m:
            found.append((name, m.group(0)))
    return found


def _content_lemmas(span) -> set[str]:
    return {t.lemma_.lower() for t in span if t.pos_ in ("PROPN", "NOUN", "VERB") and not t.is_stop and t.lemma_.lower() not in ("vote", "%", "percent")}


# ------------------------------------------------------------- percent sums


def _percent_groups(state) -> list[list]:
    by_sentence: dict[int, list] = defaultdict(list)
    for q in state.quantities:
        if q.unit == "percent" and q.sentence_index is not None:
            by_sentence[q.sentence_index].append(q)
    groups = []
    for si, qs in sorted(by_sentence.items()):
        if len(qs) < 2:
            continue
        by_about: dict[str, list] = defaultdict(list)
        for q in qs:
            by_about[(q.about or "").lower()].append(q)
        unnamed = by_about.pop("", [])
        if not by_about:
            groups.append((si, unnamed))
            continue
        # figures with no counted noun join the largest named group
        biggest = max(by_about, key=lambda k: len(by_about[k]))
        by_about[biggest].extend(unnamed)
        for key, g in by_about.items():
            if len(g) >= 2:
                groups.append((si, sorted(g, key=lambda q: q.start)))
    return groups


def _percent_sums(state) -> list:
    checks = []
    for si, group in _percent_groups(state):
        text = _sent_text(state, si)
        total = sum(q.value for q in group)
        tol = sum(0.5 * 10 ** -_decimals(q.text) for q in group) + 1e-9
        parts = " + ".join(f"{_fmt(q.value)}%" for q in group)
        about = next((q.about for q in group if q.about), None)
        whole = f" of the {about}" if about else ""
        cue = SHARE_CUES.search(text)
        if abs(total - 100) <= tol:
            status = "consistent"
            verdict = "consistent" + (" (within rounding of the figures as written)" if abs(total - 100) > 1e-6 else "")
            msg = f"Shares{whole}: {parts} sum to {total:.4g}%: {verdict}."
        elif not cue:
            continue  # percentages of different wholes: not comparable
        elif total > 100:
            status = "inconsistent"
            msg = f"Shares{whole}: {parts} sum to {total:.4g}%, more than 100% of one whole: inconsistent."
        else:
            status = "info"
            msg = (
                f"Shares{whole}: {parts} sum to {total:.4g}%; the remaining {100 - total:.4g}% is not accounted for "
                "(other options, blank or spoiled votes, or a rounding of the figures)."
            )
        checks.append(Check(kind="percent_sum", status=status, message=msg, evidence=_ev(state, si)))
        checks += _margin_check(state, si, group, about)
    return checks


def _margin_check(state, si: int, group, about) -> list:
    """Percent shares of a vote against words describing the margin in nearby sentences."""
    if not VOTE_CUES.search(_sent_text(state, si)) and not (about and re.search(r"vot|ballot", about, re.I)):
        return []
    values = sorted((q.value for q in group), reverse=True)
    gap = values[0] - values[1]
    out = []
    own_figures = {q.sentence_index for q in state.quantities}
    for j in (si - 1, si):
        if j < 0 or (j != si and j in own_figures):
            continue
        for name, words in _descriptors(_sent_text(state, j)):
            if name == "narrow":
                status = "consistent" if gap <= 5 else ("inconsistent" if gap >= 15 else "info")
            elif name == "overwhelming":
                status = "consistent" if gap >= 20 else ("inconsistent" if gap < 5 else "info")
            else:  # unanimous
                status = "consistent" if values[1] == 0 else "inconsistent"
            out.append(
                Check(
                    kind="vote_margin",
                    status=status,
                    message=f"The result is described as “{words}”; the leading shares {_fmt(values[0])}% and "
                    f"{_fmt(values[1])}% differ by {gap:.4g} percentage points: {status}.",
                    evidence=_ev(state, j, si),
                )
            )
    return out


# -------------------------------------------------------------- vote tallies


def _num_value(tok) -> Optional[float]:
    text = tok.text.replace(",", "")
    if re.fullmatch(r"\d+(?:\.\d+)?", text):
        return float(text)
    return NUMBER_WORDS.get(tok.lower_)


def _role(tok) -> Optional[str]:
    """for | against | abstain for a number token in a vote sentence."""
    doc = tok.doc
    nxt = [t.lower_ for t in doc[tok.i + 1 : min(len(doc), tok.i + 5)]]
    nxt2 = " ".join(nxt)
    head = tok.head
    # the words right after the number decide first: "70 in favour", "15 against", "9 abstentions"
    if re.match(r"(?:\w+ )?(?:abstention|abstentions|abstained|abstaining|abstain)\b", nxt2):
        return "abstain"
    if re.match(r"(?:\w+ )?(?:voted |votes |voting )?(?:against|opposed|no\b|nays|noes)", nxt2) or any(c.lower_ == "against" for c in tok.children):
        return "against"
    if re.match(r"(?:\w+ )?(?:voted |votes |voting )?(?:in favou?r|for\b|yes\b|ayes|to\b)", nxt2):
        # "101 votes to 6": the number before "to" is for
        return "for"
    if head.lemma_.lower() in ("abstention", "abstain") and tok.dep_ == "nummod" and head.i == tok.i + 1:
        return "abstain"
    # "101 Congress members voted to remove": the number counts the subject of "voted"
    node = head if tok.dep_ == "nummod" else tok
    if node.dep_ in ("nsubj",) and node.head.lemma_.lower() == "vote":
        verb = node.head
        if any(c.lower_ == "against" for c in verb.children) or any(c.lower_ in ("against",) for c in verb.subtree if c.head == verb):
            return "against"
        return "for"
    return None


def _body_size(state) -> Optional[tuple[int, int, str]]:
    text = state.norm.text  # (doc.text is rebuilt from the tokens on every access)
    for rx in BODY_SIZE:
        m = rx.search(text)
        if m:
            n = int(m.group(1))
            if 3 <= n <= 2000:
                return n, state.sentence_at(m.start()), m.group(0)
    return None


def _vote_tallies(state) -> list:
    checks = []
    body = None
    body_done = False
    norm = state.norm.text
    texts = [norm[s.start_char : s.end_char] for s in state.sents]
    for si, sent in enumerate(state.sents):
        text = texts[si]
        if not VOTE_CUES.search(text):
            continue
        roles: dict[str, list[tuple[float, str]]] = defaultdict(list)
        for tok in sent:
            if not (tok.like_num or tok.lower_ in NUMBER_WORDS) or tok.lower_ in ("no", "none", "one") and tok.pos_ != "NUM":
                continue
            if tok.ent_type_ in ("DATE", "TIME", "PERCENT", "MONEY", "ORDINAL"):
                continue
            value = _num_value(tok)
            if value is None or value >= 5000:
                continue
            role = _role(tok)
            if role:
                roles[role].append((value, tok.text))
        if not roles:
            m = TALLY_RE.search(text)
            if m and re.search(r"\bvot", text, re.I):
                vals = [int(g) for g in m.groups() if g]
                roles["for"].append((vals[0], m.group(1)))
                roles["against"].append((vals[1], m.group(2)))
                if len(vals) > 2:
                    roles["abstain"].append((vals[2], m.group(3)))
        if "for" not in roles or len(roles) < 2:
            continue
        f = roles["for"][0][0]
        a = roles["against"][0][0] if roles.get("against") else 0
        ab = roles["abstain"][0][0] if roles.get("abstain") else 0
        total = f + a + ab
        parts = [f"{_fmt(f)} for"]
        if roles.get("against"):
            parts.append(f"{_fmt(a)} against")
        if roles.get("abstain"):
            parts.append(f"{_fmt(ab)} abstention{'s' if ab != 1 else ''}")
        share = 100 * f / total if total else 0
        majority = "a majority" if f > total / 2 else "not a majority"
        if f >= 2 * total / 3:
            majority += " (more than two thirds)"
        msg = f"Vote tally: {' + '.join(parts)} = {_fmt(total)} votes cast; those in favour are {share:.1f}% of votes cast, {majority}."
        status = "info"
        evidence = [si]
        if not body_done:
            body, body_done = _body_size(state), True
        if body is not None:
            n, bsi, btext = body
            evidence.append(bsi)
            if total > n:
                status = "inconsistent"
                msg += f" But the body has {n} members (“{btext}”): {_fmt(total)} votes cannot be cast: inconsistent."
            else:
                status = "consistent"
                msg += (
                    f" Of the {n} members (“{btext}”), {_fmt(total)} voted and {_fmt(n - total)} did not; "
                    f"those in favour are {100 * f / n:.1f}% of all members: consistent."
                )
        # words describing the result: this sentence or another about the same vote
        here = _content_lemmas(sent)
        described = []
        for j, other in enumerate(state.sents):
            if j != si and not (VOTE_CUES.search(texts[j]) and len(here & _content_lemmas(other)) >= 2):
                continue
            for name, words in _descriptors(texts[j]):
                if name == "unanimous":
                    st = "consistent" if a == 0 else "inconsistent"
                    why = "no votes against" if a == 0 else f"{_fmt(a)} votes against"
                elif name == "narrow":
                    margin = 100 * (f - a) / total if total else 0
                    st = "consistent" if margin <= 10 else ("inconsistent" if margin >= 25 else "info")
                    why = f"a margin of {_fmt(f - a)} votes ({margin:.1f}% of votes cast)"
                else:
                    st = "consistent" if share >= 200 / 3 else ("inconsistent" if share < 55 else "info")
                    why = f"{share:.1f}% of votes cast in favour"
                described.append(
                    Check(
                        kind="vote_tally",
                        status=st,
                        message=f"The vote is described as “{words}” (sentence {j}); the tally gives {why}: {st}.",
                        evidence=_ev(state, j, si),
                    )
                )
        # the tally first, then the words that describe it
        checks.append(Check(kind="vote_tally", status=status, message=msg, evidence=_ev(state, *evidence)))
        checks += described
    return checks


# ---------------------------------------------------------- figure conflicts


def _span_of(state, start: int, end: int):
    """The spaCy span for original offsets [start, end), or None."""
    try:
        s = state.norm.orig_to_norm(start)
        e = state.norm.orig_to_norm(end - 1) + 1
    except Exception:  # noqa: BLE001 - offsets outside the normalised text (title, dateline)
        return None
    return state.doc.char_span(s, e, alignment_mode="expand")


def _governing_verb(tok):
    node = tok
    for _ in range(8):
        if node.pos_ in ("VERB", "AUX") and node.dep_ not in ("aux", "auxpass"):
            return node
        if node.head == node:
            return None
        node = node.head
    return None


def _category(state, q) -> Optional[str]:
    """fatalities / injured / arrested, read from the figure's own phrase: its counted
    noun, the words it hangs from ("killed 12 people", "the deaths of seven"), or a
    death toll it reports ("the toll rose to 15")."""
    texts = [q.about or ""]
    span = _span_of(state, q.start, q.end)
    if span is not None:
        node = span.root
        for _ in range(3):
            if node.head == node:
                break
            node = node.head
            texts.append(node.text)
            if node.pos_ in ("VERB", "AUX"):
                # "the death toll rose to 15"
                if node.lemma_.lower() in ("rise", "reach", "climb", "stand", "hit", "increase", "jump", "be"):
                    for c in node.children:
                        if c.dep_ in ("nsubj", "nsubjpass") and any(t.lower_ == "toll" for t in c.subtree):
                            texts.append("death toll")
                break
    blob = " ".join(texts)
    for name, rx in CATEGORY_CUES.items():
        if rx.search(blob):
            return name
    return None


def _figure_day(state, q) -> Optional[str]:
    """The day-precision date attached to the same verb as the figure, if any."""
    span = _span_of(state, q.start, q.end)
    if span is None:
        return None
    verb = _governing_verb(span.root)
    if verb is None:
        return None
    for d in state.dates:
        if d.sentence_index != q.sentence_index or d.precision != "day" or not d.value:
            continue
        dspan = _span_of(state, d.start, d.end)
        dverb = _governing_verb(dspan.root) if dspan is not None else None
        if dverb is not None and dverb.i == verb.i:
            return d.value
    return None


def _noun_key(about: Optional[str]) -> Optional[str]:
    if not about:
        return None
    words = re.findall(r"[\w’'-]+", about.lower())
    if not words:
        return None
    w = words[-1]
    for suffix, repl in (("ies", "y"), ("s", "")):
        if w.endswith(suffix) and len(w) > 3:
            w = w[: -len(suffix)] + repl
            break
    return w


def _compatible(a, b) -> bool:
    """Two figures that both can be right given their qualifiers."""
    lo = {"at_least": "ge", "over": "gt", "nearly": "le", "under": "lt", "at_most": "le"}
    for x, y in ((a, b), (b, a)):
        rel = lo.get(x.qualifier or "")
        if rel == "ge" and y.value >= x.value or rel == "gt" and y.value > x.value:
            return True
        if rel in ("le", "lt") and y.value <= x.value:
            return True
    if "about" in (a.qualifier, b.qualifier):
        return abs(a.value - b.value) <= 0.1 * max(a.value, b.value)
    return False


def _figure_conflicts(state) -> list:
    groups: dict[tuple, list] = defaultdict(list)
    for q in state.quantities:
        if q.sentence_index is None or q.unit in ("percent", "percentage_point") or (q.unit and q.unit.isupper()):
            continue
        cat = _category(state, q)
        key = _noun_key(q.about)
        if cat:
            groups[(cat, None, q.unit)].append(q)
        elif key and key not in GENERIC_NOUNS and q.value >= 2:
            groups[("count", key, q.unit)].append(q)
    places: dict[int, set[str]] = defaultdict(set)
    for e in state.entities:
        if e.label in ("GPE", "LOC", "FAC") and e.sentence_index is not None:
            places[e.sentence_index].add(e.text.lower())
    checks = []
    for (cat, key, unit), qs in groups.items():
        if len({q.sentence_index for q in qs}) < 2:
            continue
        what = {"fatalities": "deaths", "injured": "injured", "arrested": "arrests"}.get(cat, q_about(qs))
        seen_pairs = set()
        group_places = set().union(*(places.get(q.sentence_index, set()) for q in qs))
        for i, a in enumerate(qs):
            for b in qs[i + 1 :]:
                if a.sentence_index == b.sentence_index:
                    continue
                ka, kb = _noun_key(a.about), _noun_key(b.about)
                if ka and kb and ka != kb and ka not in WILDCARD_NOUNS and kb not in WILDCARD_NOUNS:
                    continue  # different people counted ("civilians", "police")
                da, db = _figure_day(state, a), _figure_day(state, b)
                if da and db and da != db:
                    continue  # dated to different days: different events
                pa, pb = places.get(a.sentence_index, set()), places.get(b.sentence_index, set())
                if pa and pb and not (pa & pb):
                    continue  # different places: different events
                ta = bool(TOTAL_CUES.search(_sent_text(state, a.sentence_index)))
                tb = bool(TOTAL_CUES.search(_sent_text(state, b.sentence_index)))
                if ta != tb:
                    part, tot = (b, a) if ta else (a, b)
                    if part.value > tot.value and not _compatible(part, tot):
                        checks.append(
                            Check(kind="figure_conflict", status="inconsistent",
                                  message=f"{what}: a part, {_fmt(part.value)} (“{_fig(part)}”, sentence {part.sentence_index}), is larger than the total given, {_fmt(tot.value)} (“{_fig(tot)}”, sentence {tot.sentence_index}): inconsistent.",
                                  evidence=_ev(state, part.sentence_index, tot.sentence_index))
                        )
                    continue  # a part and a total: different figures
                pair = (a.value, b.value, a.qualifier, b.qualifier)
                if pair in seen_pairs:
                    continue
                seen_pairs.add(pair)
                ev = _ev(state, a.sentence_index, b.sentence_index)
                if a.value == b.value:
                    checks.append(
                        Check(kind="figure_conflict", status="consistent",
                              message=f"{what}: “{_fig(a)}” (sentence {a.sentence_index}) and “{_fig(b)}” (sentence {b.sentence_index}) give the same figure, {_fmt(a.value)}: consistent.",
                              evidence=ev)
                    )
                elif _compatible(a, b):
                    checks.append(
                        Check(kind="figure_conflict", status="consistent",
                              message=f"{what}: “{_fig(a)}” (sentence {a.sentence_index}) and “{_fig(b)}” (sentence {b.sentence_index}) differ, but their qualifiers allow both: consistent.",
                              evidence=ev)
                    )
                elif UPDATE_CUES.search(_sent_text(state, b.sentence_index)):
                    checks.append(
                        Check(kind="figure_conflict", status="info",
                              message=f"{what}: “{_fig(a)}” (sentence {a.sentence_index}) and later “{_fig(b)}” (sentence {b.sentence_index}); the later sentence reads as an update of the figure.",
                              evidence=ev)
                    )
                elif bool(pa) != bool(pb) and len(group_places) > 1:
                    checks.append(
                        Check(kind="figure_conflict", status="info",
                              message=f"{what}: {_fmt(a.value)} (“{_fig(a)}”, sentence {a.sentence_index}) and {_fmt(b.value)} (“{_fig(b)}”, sentence {b.sentence_index}) differ; only one is tied to a place, so they may count different things.",
                              evidence=ev)
                    )
                else:
                    checks.append(
                        Check(kind="figure_conflict", status="inconsistent",
                              message=f"{what}: the text gives {_fmt(a.value)} (“{_fig(a)}”, sentence {a.sentence_index}) and {_fmt(b.value)} (“{_fig(b)}”, sentence {b.sentence_index}) for what reads as the same figure: inconsistent.",
                              evidence=ev)
                    )
    return checks


def _fig(q) -> str:
    """A figure as a reader would quote it: "12 people", "the 15 dead"."""
    if q.about and q.about.lower() not in q.text.lower():
        return f"{q.text} {q.about}"
    return q.text


def q_about(qs) -> str:
    return next((q.about for q in qs if q.about), "figure")


# --------------------------------------------------------------- date order


def _past_tense_verb(span):
    """The verb that governs a date, if it tells a past event; else None."""
    node = span.root
    for _ in range(6):
        if node.pos_ in ("VERB", "AUX") and node.dep_ not in ("aux", "auxpass"):
            break
        if node.head == node:
            return None
        node = node.head
    else:
        return None
    if node.pos_ not in ("VERB", "AUX"):
        return None
    auxes = [c for c in node.children if c.dep_ in ("aux", "auxpass")]
    if any(a.lower_ in MODALS or a.lower_ == "to" for a in auxes):
        return None
    if node.tag_ == "VBD" or (node.tag_ == "VBN" and any(a.lower_ in ("had", "has", "have", "was", "were") for a in auxes)):
        return node
    return None


def _date_order(state) -> list:
    checks = []
    day_dates = [d for d in state.dates if d.value and d.precision == "day" and d.sentence_index is not None]
    by_sentence: dict[int, list] = defaultdict(list)
    for d in day_dates:
        by_sentence[d.sentence_index].append(d)
    # (a) "A on D1 after B on D2"
    n_pairs = 0
    for si, ds in by_sentence.items():
        ds = sorted(ds, key=lambda d: d.start)
        for d1, d2 in zip(ds, ds[1:]):
            between = state.original[d1.end : d2.start]
            if len(between) > 120:
                continue
            v1, v2 = dt.date.fromisoformat(d1.value[:10]), dt.date.fromisoformat(d2.value[:10])
            if AFTER_WORDS.search(between):
                n_pairs += 1
                ok = v1 >= v2
                word = AFTER_WORDS.search(between).group(0)
            elif BEFORE_WORDS.search(between):
                n_pairs += 1
                ok = v1 <= v2
                word = BEFORE_WORDS.search(between).group(0)
            else:
                continue
            status = "consistent" if ok else "inconsistent"
            order = "on or after" if word.lower() not in ("before", "prior to", "ahead of", "in the run-up to") else "on or before"
            checks.append(
                Check(
                    kind="date_order",
                    status=status,
                    message=f"“{d1.text}” ({v1.isoformat()}) is said to come “{word}” “{d2.text}” ({v2.isoformat()}); "
                    f"it must be {order} it: {status}.",
                    evidence=_ev(state, si),
                )
            )
    # (b) a relative date next to an explicit one
    for si, sent in enumerate(state.sentences):
        m = RELATIVE_RE.search(sent.text)
        if not m:
            continue
        explicit = [d for d in by_sentence.get(si, []) if not d.relative or (d.anchor or "").startswith("published")]
        explicit = [d for d in explicit if not RELATIVE_RE.search(d.text)]
        if not explicit:
            continue
        anchor = None
        for d in sorted(day_dates, key=lambda d: (d.sentence_index, d.start)):
            if d.sentence_index < si and not RELATIVE_RE.search(d.text):
                anchor = d
        if anchor is None:
            continue
        n, unit, direction = m.group(1), m.group(2), m.group(3)
        if m.group(4):
            n, unit, direction = "1", m.group(5), "before" if m.group(4).lower() == "previous" else "after"
        elif m.group(6):
            n, unit, direction = "1", "day", m.group(6)
        k = int(n) if n.isdigit() else {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7}[n.lower()]
        days = k * (7 if unit.lower().startswith("week") else 1)
        sign = -1 if direction.lower() in ("earlier", "before") else 1
        a_val = dt.date.fromisoformat(anchor.value[:10])
        expected = a_val + dt.timedelta(days=sign * days)
        got = dt.date.fromisoformat(explicit[0].value[:10])
        wrong_side = (got - a_val).days * sign < 0 or got == a_val
        status = "consistent" if got == expected else ("inconsistent" if wrong_side else "info")
        checks.append(
            Check(
                kind="date_order",
                status=status,
                message=f"“{m.group(0)}” counted from “{anchor.text}” ({a_val.isoformat()}) gives {expected.isoformat()}; "
                f"the sentence dates it “{explicit[0].text}” ({got.isoformat()}): {status}.",
                evidence=_ev(state, anchor.sentence_index, si),
            )
        )
    # (c) past-tense events dated after publication
    pub = state.published
    n_checked = 0
    if pub is not None:
        for d in state.dates:
            if not d.value or d.sentence_index is None:
                continue
            v = dt.date.fromisoformat(d.value[:10])
            if d.precision == "day":
                after = v > pub
            elif d.precision == "month":
                after = (v.year, v.month) > (pub.year, pub.month)
            elif d.precision == "year":
                after = v.year > pub.year
            else:
                after = v > pub
            if not after:
                n_checked += 1
                continue
            sent_text = _sent_text(state, d.sentence_index)
            if FUTURE_CUES.search(sent_text):
                continue
            before = state.original[max(0, d.start - 12) : d.start].lower()
            if re.search(r"\b(?:by|until|till|before|from|for|ahead of|next|in|since)\s*(?:the\s*)?$", before) and d.precision != "day":
                continue
            span = _span_of(state, d.start, d.end)
            verb = _past_tense_verb(span) if span is not None else None
            if verb is None:
                continue
            checks.append(
                Check(
                    kind="date_order",
                    status="inconsistent",
                    message=f"“{d.text}” ({d.value}) is after the publication date ({pub.isoformat()}), "
                    f"but the event is told in the past tense (“{verb.text}”): inconsistent.",
                    evidence=_ev(state, d.sentence_index),
                )
            )
    if not any(c.kind == "date_order" for c in checks) and pub is not None and n_checked >= 2:
        checks.append(
            Check(
                kind="date_order",
                status="consistent",
                message=f"{n_checked} dates checked against the publication date ({pub.isoformat()}): "
                "none tells a past event dated after it"
                + (f"; {n_pairs} “before”/“after” orders between dates hold." if n_pairs else "."),
                evidence=[],
            )
        )
    return checks


# ------------------------------------------------------------ name variants


def _clean_name(text: str) -> str:
    name = POSSESSIVE.sub("", text.strip())
    name = TITLES.sub("", name)
    return " ".join(name.split())


def _name_variants(state) -> list:
    names: dict[str, list] = defaultdict(list)
    for e in state.entities:
        if e.label != "PERSON":
            continue
        name = _clean_name(e.text)
        if not name or not name[:1].isupper():
            continue
        names[name].append(e)
    full = [n for n in names if len(n.split()) >= 2]
    single = [n for n in names if len(n.split()) == 1]
    checks = []
    reported = set()
    for i, a in enumerate(full):
        for b in full[i + 1 :]:
            if a.lower() == b.lower() or a in b or b in a:
                continue
            wa, wb = a.split(), b.split()
            if not (wa[0].lower() == wb[0].lower() or wa[-1].lower() == wb[-1].lower()):
                continue
            score = fuzz.ratio(a, b)
            if score < 85:
                continue
            checks.append(_variant_check(state, a, b, names, score))
            reported.update({a, b})
    words_of_full = {w.lower() for n in full for w in n.split()}
    for s in single:
        if s.lower() in words_of_full or len(s) < 5:
            continue
        for n in full:
            last = n.split()[-1]
            score = fuzz.ratio(s, last)
            if score >= 88 and s[:2].lower() == last[:2].lower():
                checks.append(_variant_check(state, n, s, names, score))
                reported.update({n, s})
                break
    if not checks and len(names) >= 2:
        checks.append(
            Check(
                kind="name_variant",
                status="consistent",
                message=f"{len(names)} person names, each spelled one way throughout.",
                evidence=[],
            )
        )
    return checks


def _variant_check(state, a: str, b: str, names, score: float) -> Check:
    ea, eb = names[a], names[b]
    return Check(
        kind="name_variant",
        status="inconsistent",
        message=f"“{a}” ({len(ea)}×) and “{b}” ({len(eb)}×) look like one name spelled two ways "
        f"(similarity {score:.0f}): inconsistent spelling.",
        evidence=_ev(state, ea[0].sentence_index, eb[0].sentence_index),
    )


# -------------------------------------------------------------------- stage


def run(state) -> list[Check]:
    """All internal-consistency checks of one article, in a stable order."""
    checks: list[Check] = []
    for fn in (_percent_sums, _vote_tallies, _figure_conflicts, _date_order, _name_variants):
        try:
            checks += fn(state)
        except Exception:  # noqa: BLE001 - one failing check must not sink the article
            logger.exception("check %s failed", fn.__name__)
    return checks
