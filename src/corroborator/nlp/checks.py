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
    name with rapidfuzz similarity >= 85 but not equal). A name is read the
    mention layer's way (:func:`corroborator.nlp.mentions.name_as_written`: its
    titles and possessive dropped), so checks keep no title list of their own.

Only figures that count the same thing are compared: a figure that measures
time ("no more than nine months", "held for four months") or names a year ("the
2022 protests") is not a count, and two figures of one kind an order of
magnitude apart (a side's 24 injured beside the other side's 250+, three held
under one law beside 140 arrested in all) count different groups.

Cost is linear in the length of the text: figures, dates, descriptor words and
names are indexed once by sentence, figure kind, day and value, and each figure
is compared with a bounded number of earlier distinct values (no all-pairs
loops). Word lists live in ``codebooks/check_rules.json``.

Inputs: ``state.quantities``, ``state.dates``, ``state.entities`` and the spaCy
doc (vote roles are read from the parse around each number).
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import logging
import re
from collections import defaultdict
from typing import Iterable, Optional

from rapidfuzz import fuzz

from ..contract.records import Check, Evidence
from ..lexicons import codebook
from .mentions import name_as_written

logger = logging.getLogger(__name__)

__all__ = ["run"]

CODEBOOK = "check_rules"

TALLY_RE = re.compile(r"(?<![\d.,/-])(\d{1,3})\s*[-–]\s*(\d{1,3})(?:\s*[-–]\s*(\d{1,3}))?(?![\d.,/-])")


# ------------------------------------------------------------------ word lists


def _alt(items: Iterable[str], regex: bool = False) -> str:
    parts = sorted((p if regex else re.escape(p) for p in items), key=len, reverse=True)
    return "|".join(p.replace(r"\ ", r"\s+").replace(" ", r"\s+") for p in parts)


def _words_re(items: Iterable[str], regex: bool = False) -> re.Pattern:
    return re.compile(r"\b(?:" + _alt(items, regex) + r")\b", re.IGNORECASE)


class _Rules:
    """check_rules.json compiled once."""

    def __init__(self, cb: dict) -> None:
        self.version = cb["version"]
        self.share_re = _words_re(cb["share_cues"]["words"])
        self.vote_re = _words_re(cb["vote_cues"]["words"])
        b = cb["body_size"]
        self.body_res = [
            re.compile(r"\b(\d{1,4})[- ](?:" + _alt(b["compound_heads"]) + r")\b", re.IGNORECASE),
            re.compile(r"\bof (?:the|its|all|all the) (\d{1,4}) (?:" + _alt(b["of_the_nouns"]) + r")\b", re.IGNORECASE),
            re.compile(r"\bhas (\d{1,4}) (?:" + _alt(b["has_nouns"]) + r")\b", re.IGNORECASE),
        ]
        self.body_min, self.body_max = b["min"], b["max"]
        d = cb["descriptors"]
        self.descriptors = [(name, _words_re(d[name], regex=True)) for name in ("unanimous", "narrow", "overwhelming")]
        self.number_words = dict(cb["number_words"]["values"])
        v = cb["vote_roles"]
        self.abstain = frozenset(v["abstain"])
        self.against = frozenset(v["against"])
        verbs = "(?:(?:" + _alt(v["vote_verbs"]) + r") )?"
        self.abstain_re = re.compile(r"(?:\w+ )?(?:" + _alt(v["abstain"]) + r")\b")
        self.against_re = re.compile(r"(?:\w+ )?" + verbs + r"(?:" + _alt(v["against"]) + r")\b")
        self.for_re = re.compile(r"(?:\w+ )?" + verbs + r"(?:" + _alt(v["for"]) + r")\b")
        self.skip_ents = frozenset(v["skip_entity_types"])
        self.max_votes = v["max_votes"]
        self.ambiguous_numbers = frozenset(v["ambiguous_numbers"])
        self.vote_lemma = v["vote_lemma"]
        self.content_stop = frozenset(v["content_stop"])
        c = cb["categories"]
        self.categories = {name: _words_re(c[name]) for name in ("fatalities", "injured", "arrested")}
        self.toll_verbs = frozenset(c["toll_verbs"])
        self.toll_nouns = frozenset(c["toll_nouns"])
        self.durations = frozenset(cb["duration_units"]["words"])
        self.year_min, self.year_max = cb["year_range"]["min"], cb["year_range"]["max"]
        self.part_ratio = cb["part_ratio"]["min_ratio"]
        self.total_re = _words_re(cb["total_cues"]["words"])
        self.update_re = _words_re(cb["update_cues"]["words"])
        self.generic = frozenset(cb["generic_nouns"]["words"])
        self.wildcard = self.generic | frozenset(cb["wildcard_nouns"]["words"])
        r = cb["relative_dates"]
        self.rel_numbers = dict(r["numbers"])
        self.rel_units = dict(r["units"])
        self.rel_back = frozenset(r["offset_backward"]) | frozenset(r["the_backward"])
        self.relative_re = re.compile(
            r"\b(?:(" + _alt(r["numbers"]) + r"|\d+)\s+(" + _alt(r["units"]) + r")\s+(" + _alt(r["offset_backward"] + r["offset_forward"]) + r")"
            r"|the\s+(" + _alt(r["the_backward"] + r["the_forward"]) + r")\s+(" + _alt(r["units"]) + r")"
            r"|the\s+(" + _alt(r["units"]) + r")\s+(" + _alt(r["offset_backward"] + r["offset_forward"]) + r"))\b",
            re.IGNORECASE,
        )
        o = cb["order_words"]
        not_pointing = r"(?!\s*(?:that|this|which|,))"
        self.after_re = re.compile(r"\b(?:" + _alt(o["after"]) + r")\b" + not_pointing, re.IGNORECASE)
        self.before_re = re.compile(r"\b(?:" + _alt(o["before"]) + r")\b" + not_pointing, re.IGNORECASE)
        self.before_words = frozenset(w.lower() for w in o["before"])
        self.future_re = _words_re(cb["future_cues"]["words"])
        self.open_end_re = re.compile(r"\b(?:" + _alt(cb["open_end_words"]["words"]) + r")\s*(?:the\s*)?$")
        self.modals = frozenset(cb["modals"]["words"])
        self.past_aux = frozenset(cb["past_auxiliaries"]["words"])
        lim = cb["limits"]
        self.window = lim["values_compared_per_figure"]
        self.descriptor_window = lim["descriptor_sentences_per_tally"]
        self.max_between = lim["max_between_dates_chars"]
        self.name_sim = lim["name_similarity"]
        self.single_sim = lim["single_name_similarity"]
        self.name_candidates = lim["name_candidates"]


@functools.lru_cache(maxsize=1)
def _rules() -> _Rules:
    return _Rules(codebook.load(CODEBOOK))




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
    for name, rx in _rules().descriptors:
        m = rx.search(text)
        if m:
            found.append((name, m.group(0)))
    return found


def _content_lemmas(span) -> set[str]:
    stop = _rules().content_stop
    return {t.lemma_.lower() for t in span if t.pos_ in ("PROPN", "NOUN", "VERB") and not t.is_stop and t.lemma_.lower() not in stop}


class _SentenceCues:
    """Per-sentence regex answers, computed at most once each."""

    def __init__(self, state, rx: re.Pattern) -> None:
        self.state, self.rx, self.cache = state, rx, {}

    def __call__(self, i: int) -> bool:
        v = self.cache.get(i)
        if v is None:
            v = self.cache[i] = bool(self.rx.search(_sent_text(self.state, i)))
        return v


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
    R = _rules()
    checks = []
    own_figures = {q.sentence_index for q in state.quantities}
    for si, group in _percent_groups(state):
        text = _sent_text(state, si)
        total = sum(q.value for q in group)
        tol = sum(0.5 * 10 ** -_decimals(q.text) for q in group) + 1e-9
        parts = " + ".join(f"{_fmt(q.value)}%" for q in group)
        about = next((q.about for q in group if q.about), None)
        whole = f" of the {about}" if about else ""
        cue = R.share_re.search(text)
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
        checks += _margin_check(state, si, group, about, own_figures)
    return checks


def _margin_check(state, si: int, group, about, own_figures: set) -> list:
    """Percent shares of a vote against words describing the margin in nearby sentences."""
    R = _rules()
    if not R.vote_re.search(_sent_text(state, si)) and not (about and re.search(r"vot|ballot", about, re.I)):
        return []
    values = sorted((q.value for q in group), reverse=True)
    gap = values[0] - values[1]
    out = []
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
    return _rules().number_words.get(tok.lower_)


def _role(tok) -> Optional[str]:
    """for | against | abstain for a number token in a vote sentence."""
    R = _rules()
    doc = tok.doc
    nxt2 = " ".join(t.lower_ for t in doc[tok.i + 1 : min(len(doc), tok.i + 5)])
    head = tok.head
    # the words right after the number decide first: "70 in favour", "15 against", "9 abstentions"
    if R.abstain_re.match(nxt2):
        return "abstain"
    if R.against_re.match(nxt2) or any(c.lower_ in R.against for c in tok.children):
        return "against"
    if R.for_re.match(nxt2):
        # "101 votes to 6": the number before "to" is for
        return "for"
    if head.lemma_.lower() in R.abstain and tok.dep_ == "nummod" and head.i == tok.i + 1:
        return "abstain"
    # "101 Congress members voted to remove": the number counts the subject of "voted"
    node = head if tok.dep_ == "nummod" else tok
    if node.dep_ in ("nsubj",) and node.head.lemma_.lower() == R.vote_lemma:
        verb = node.head
        if any(c.lower_ in R.against for c in verb.children):
            return "against"
        return "for"
    return None


def _body_size(state) -> Optional[tuple[int, int, str]]:
    R = _rules()
    text = state.norm.text  # (doc.text is rebuilt from the tokens on every access)
    for rx in R.body_res:
        m = rx.search(text)
        if m:
            n = int(m.group(1))
            if R.body_min <= n <= R.body_max:
                return n, state.sentence_at(m.start()), m.group(0)
    return None


def _tally_roles(sent, text: str) -> dict[str, list[tuple[float, str]]]:
    R = _rules()
    roles: dict[str, list[tuple[float, str]]] = defaultdict(list)
    for tok in sent:
        if not (tok.like_num or tok.lower_ in R.number_words) or tok.lower_ in R.ambiguous_numbers and tok.pos_ != "NUM":
            continue
        if tok.ent_type_ in R.skip_ents:
            continue
        value = _num_value(tok)
        if value is None or value >= R.max_votes:
            continue
        role = _role(tok)
        if role is None and tok.i >= 2 and tok.nbor(-1).lower_ == "to" and roles.get("for") and roles["for"][-1][1] == tok.nbor(-2).text:
            role = "against"  # "voted 70 to 15": the number after "to" is against
        if role:
            roles[role].append((value, tok.text))
    if not roles:
        m = TALLY_RE.search(text)
        if m and R.vote_re.search(text):
            vals = [int(g) for g in m.groups() if g]
            roles["for"].append((vals[0], m.group(1)))
            roles["against"].append((vals[1], m.group(2)))
            if len(vals) > 2:
                roles["abstain"].append((vals[2], m.group(3)))
    return roles


def _vote_tallies(state) -> list:
    """Each vote tally: its sum and majority, against the body's size, and the words that
    describe the result nearby ("unanimously", "narrowly")."""
    R = _rules()
    checks = []
    body = None
    body_done = False
    norm = state.norm.text
    texts = [norm[s.start_char : s.end_char] for s in state.sents]
    # one pass: which sentences speak of a vote, which describe a result ("unanimously", "narrowly")
    vote_sents = [bool(R.vote_re.search(t)) for t in texts]
    described_at = [j for j, t in enumerate(texts) if any(rx.search(t) for _n, rx in R.descriptors)]
    lemmas: dict[int, set[str]] = {}

    def content(j: int) -> set[str]:
        if j not in lemmas:
            lemmas[j] = _content_lemmas(state.sents[j])
        return lemmas[j]

    for si, sent in enumerate(state.sents):
        if not vote_sents[si]:
            continue
        roles = _tally_roles(sent, texts[si])
        if "for" not in roles or len(roles) < 2:
            continue
        if not body_done:
            body, body_done = _body_size(state), True
        tally, f, a, total, share = _tally_check(state, si, roles, body)
        # words describing the result: this sentence, or the nearest other sentences about the same vote
        described = _described_results(state, si, texts, vote_sents, described_at, content, f, a, total, share)
        # the tally first, then the words that describe it (in reading order)
        checks.append(tally)
        checks += [c for _j, c in sorted(described, key=lambda x: x[0])]
    return checks


def _tally_check(state, si: int, roles: dict, body) -> tuple[Check, float, float, float, float]:
    """The tally of sentence ``si``: votes cast, share in favour, majority, and the body's size
    when the text gives it; with the figures the descriptions are compared to."""
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
    return Check(kind="vote_tally", status=status, message=msg, evidence=_ev(state, *evidence)), f, a, total, share


def _described_results(state, si: int, texts: list, vote_sents: list, described_at: list, content, f, a, total, share) -> list:
    """(sentence, Check) for the nearest description of each kind ("unanimous", "narrow",
    "overwhelming") of the vote in sentence ``si``, compared with its tally."""
    R = _rules()
    here = content(si)
    k = bisect.bisect_left(described_at, si)
    near = sorted(described_at[max(0, k - R.descriptor_window) : k + R.descriptor_window], key=lambda j: abs(j - si))
    described = []
    named = set()  # the nearest sentence for each kind of description, not every one
    for j in near:
        if j != si and not (vote_sents[j] and len(here & content(j)) >= 2):
            continue
        for name, words in _descriptors(texts[j]):
            if name in named:
                continue
            named.add(name)
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
                (j, Check(
                    kind="vote_tally",
                    status=st,
                    message=f"The vote is described as “{words}” (sentence {j}); the tally gives {why}: {st}.",
                    evidence=_ev(state, j, si),
                ))
            )
    return described


# ---------------------------------------------------------- figure conflicts


def _span_of(state, start: int, end: int):
    """The spaCy span for the offsets [start, end) of a record, or None."""
    return state.doc.char_span(start, end, alignment_mode="expand")


def _governing_verb(tok):
    node = tok
    for _ in range(8):
        if node.pos_ in ("VERB", "AUX") and node.dep_ not in ("aux", "auxpass"):
            return node
        if node.head == node:
            return None
        node = node.head
    return None


def _category(state, q, span=None) -> Optional[str]:
    """fatalities / injured / arrested, read from the figure's own phrase: its counted
    noun, the words it hangs from ("killed 12 people", "the deaths of seven"), or a
    death toll it reports ("the toll rose to 15")."""
    R = _rules()
    texts = [q.about or ""]
    if span is None:
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
                if node.lemma_.lower() in R.toll_verbs:
                    for c in node.children:
                        if c.dep_ in ("nsubj", "nsubjpass") and any(t.lower_ in R.toll_nouns for t in c.subtree):
                            texts.append("death toll")
                break
    blob = " ".join(texts)
    for name, rx in R.categories.items():
        if rx.search(blob):
            return name
    return None


def _day_index(state) -> dict[int, list[tuple[int, str]]]:
    """sentence -> [(index of the verb a day-precision date hangs from, ISO day)], built once."""
    out: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for d in state.dates:
        if d.sentence_index is None or d.precision != "day" or not d.value:
            continue
        dspan = _span_of(state, d.start, d.end)
        dverb = _governing_verb(dspan.root) if dspan is not None else None
        if dverb is not None:
            out[d.sentence_index].append((dverb.i, d.value))
    return out


def _figure_day(days: dict, q, span) -> Optional[str]:
    """The day-precision date attached to the same verb as the figure, if any."""
    if span is None:
        return None
    verb = _governing_verb(span.root)
    if verb is None:
        return None
    for vi, value in days.get(q.sentence_index, ()):
        if vi == verb.i:
            return value
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


def _measures_time(state, q) -> bool:
    """'nine months', '18 months of detention', 'a 10-13 hours blackout': a duration, not a count."""
    R = _rules()
    words = re.findall(r"[\w-]+", (q.about or "").lower())
    if words and (words[0] in R.durations or words[-1] in R.durations):
        return True
    after = re.match(r"[\s-]*([A-Za-z]+)", state.text[q.end : q.end + 16])
    return bool(after and after.group(1).lower() in R.durations)


def _is_year(q) -> bool:
    R = _rules()
    return (
        bool(re.fullmatch(r"\d{4}", q.text.strip()))
        and float(q.value).is_integer()
        and R.year_min <= q.value <= R.year_max
        and not q.qualifier
    )


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


class _Fig:
    """A figure with what the comparison needs, read once."""

    __slots__ = ("q", "key", "day", "places", "total")

    def __init__(self, q, key, day, places, total) -> None:
        self.q, self.key, self.day, self.places, self.total = q, key, day, places, total

    def sig(self) -> tuple:
        q = self.q
        return (q.value, q.qualifier, self.key, self.day, self.places, self.total)


def _figure_conflicts(state) -> list:
    R = _rules()
    places: dict[int, frozenset[str]] = {}
    acc: dict[int, set[str]] = defaultdict(set)
    for e in state.entities:
        if e.label in ("GPE", "LOC", "FAC") and e.sentence_index is not None:
            acc[e.sentence_index].add(e.text.lower())
    places = {k: frozenset(v) for k, v in acc.items()}
    days = _day_index(state)
    totals = _SentenceCues(state, R.total_re)
    updates = _SentenceCues(state, R.update_re)
    votes = _SentenceCues(state, R.vote_re)
    # index: figure kind -> figures, each read once; a figure's repeats beyond its first two are dropped
    groups: dict[tuple, list[_Fig]] = defaultdict(list)
    seen_sig: dict[tuple, int] = defaultdict(int)
    for q in state.quantities:
        if q.sentence_index is None or q.unit in ("percent", "percentage_point") or (q.unit and q.unit.isupper()):
            continue
        if _measures_time(state, q):
            continue  # a duration is not a count
        span = _span_of(state, q.start, q.end)
        cat = _category(state, q, span)
        key = _noun_key(q.about)
        if cat is None and _is_year(q):
            continue  # "the 2022 protests"
        if cat is None and votes(q.sentence_index):
            continue  # vote numbers and body sizes are the vote tally's, not counts to compare
        if cat:
            gk = (cat, None, q.unit)
        elif key and key not in R.generic and q.value >= 2:
            gk = ("count", key, q.unit)
        else:
            continue
        fig = _Fig(q, key, _figure_day(days, q, span), places.get(q.sentence_index, frozenset()), totals(q.sentence_index))
        sk = (gk, fig.sig())
        if seen_sig[sk] >= 2:
            continue
        seen_sig[sk] += 1
        groups[gk].append(fig)
    checks = []
    for (cat, key, unit), figs in groups.items():
        if len({f.q.sentence_index for f in figs}) < 2:
            continue
        what = {"fatalities": "deaths", "injured": "injured", "arrested": "arrests"}.get(cat, q_about([f.q for f in figs]))
        seen_pairs = set()
        group_places = frozenset().union(*(f.places for f in figs))
        # each figure against a bounded number of earlier distinct values: linear in the figures
        recent: list[_Fig] = []
        for fb in figs:
            for fa in recent[-R.window :]:
                c = _compare(state, fa, fb, what, group_places, seen_pairs, updates)
                if c is not None:
                    checks.append(c)
            recent.append(fb)
    return checks


def _compare(state, fa: _Fig, fb: _Fig, what: str, group_places, seen_pairs: set, updates) -> Optional[Check]:
    R = _rules()
    a, b = fa.q, fb.q
    if a.sentence_index == b.sentence_index:
        return None
    ka, kb = fa.key, fb.key
    if ka and kb and ka != kb and ka not in R.wildcard and kb not in R.wildcard:
        return None  # different people counted ("civilians", "police")
    if fa.day and fb.day and fa.day != fb.day:
        return None  # dated to different days: different events
    pa, pb = fa.places, fb.places
    if pa and pb and not (pa & pb):
        return None  # different places: different events
    ta, tb = fa.total, fb.total
    if ta != tb:
        part, tot = (b, a) if ta else (a, b)
        if part.value > tot.value and not _compatible(part, tot):
            return Check(kind="figure_conflict", status="inconsistent",
                         message=f"{what}: a part, {_fmt(part.value)} (“{_fig(part)}”, sentence {part.sentence_index}), is larger than the total given, {_fmt(tot.value)} (“{_fig(tot)}”, sentence {tot.sentence_index}): inconsistent.",
                         evidence=_ev(state, part.sentence_index, tot.sentence_index))
        return None  # a part and a total: different figures
    lo, hi = sorted((a.value, b.value))
    if lo > 0 and hi / lo >= R.part_ratio:
        return None  # an order of magnitude apart: a part or another group, not two versions of one count
    pair = (a.value, b.value, a.qualifier, b.qualifier)
    if pair in seen_pairs:
        return None
    seen_pairs.add(pair)
    ev = _ev(state, a.sentence_index, b.sentence_index)
    if a.value == b.value:
        return Check(kind="figure_conflict", status="consistent",
                     message=f"{what}: “{_fig(a)}” (sentence {a.sentence_index}) and “{_fig(b)}” (sentence {b.sentence_index}) give the same figure, {_fmt(a.value)}: consistent.",
                     evidence=ev)
    if _compatible(a, b):
        return Check(kind="figure_conflict", status="consistent",
                     message=f"{what}: “{_fig(a)}” (sentence {a.sentence_index}) and “{_fig(b)}” (sentence {b.sentence_index}) differ, but their qualifiers allow both: consistent.",
                     evidence=ev)
    if updates(b.sentence_index):
        return Check(kind="figure_conflict", status="info",
                     message=f"{what}: “{_fig(a)}” (sentence {a.sentence_index}) and later “{_fig(b)}” (sentence {b.sentence_index}); the later sentence reads as an update of the figure.",
                     evidence=ev)
    if bool(pa) != bool(pb) and len(group_places) > 1:
        return Check(kind="figure_conflict", status="info",
                     message=f"{what}: {_fmt(a.value)} (“{_fig(a)}”, sentence {a.sentence_index}) and {_fmt(b.value)} (“{_fig(b)}”, sentence {b.sentence_index}) differ; only one is tied to a place, so they may count different things.",
                     evidence=ev)
    return Check(kind="figure_conflict", status="inconsistent",
                 message=f"{what}: the text gives {_fmt(a.value)} (“{_fig(a)}”, sentence {a.sentence_index}) and {_fmt(b.value)} (“{_fig(b)}”, sentence {b.sentence_index}) for what reads as the same figure: inconsistent.",
                 evidence=ev)


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
    R = _rules()
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
    if any(a.lower_ in R.modals or a.lower_ == "to" for a in auxes):
        return None
    if node.tag_ == "VBD" or (node.tag_ == "VBN" and any(a.lower_ in R.past_aux for a in auxes)):
        return node
    return None


def _relative_offset(m) -> tuple[int, int]:
    """(days, sign) of a relative-date match."""
    R = _rules()
    if m.group(1):
        n, unit, direction = m.group(1), m.group(2), m.group(3)
    elif m.group(4):
        n, unit, direction = "1", m.group(5), m.group(4)
    else:
        n, unit, direction = "1", m.group(6), m.group(7)
    k = int(n) if n.isdigit() else R.rel_numbers[n.lower()]
    days = k * R.rel_units[unit.lower()]
    return days, (-1 if direction.lower() in R.rel_back else 1)


def _date_order(state) -> list:
    """Dates in the order the text says, relative dates against explicit ones, and past events
    dated after publication."""
    day_dates = [d for d in state.dates if d.value and d.precision == "day" and d.sentence_index is not None]
    by_sentence: dict[int, list] = defaultdict(list)
    for d in day_dates:
        by_sentence[d.sentence_index].append(d)
    checks, n_pairs = _dates_in_order(state, by_sentence)
    checks += _relative_dates(state, day_dates, by_sentence)
    past, n_checked = _past_after_publication(state)
    checks += past
    pub = state.published
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


def _dates_in_order(state, by_sentence: dict) -> tuple[list, int]:
    """(a) "A on D1 after B on D2": the two dates of one sentence in the order the word says."""
    R = _rules()
    checks = []
    n_pairs = 0
    for si, ds in by_sentence.items():
        ds = sorted(ds, key=lambda d: d.start)
        for d1, d2 in zip(ds, ds[1:]):
            between = state.text[d1.end : d2.start]
            if len(between) > R.max_between:
                continue
            v1, v2 = dt.date.fromisoformat(d1.value[:10]), dt.date.fromisoformat(d2.value[:10])
            ma, mb = R.after_re.search(between), R.before_re.search(between)
            if ma:
                n_pairs += 1
                ok = v1 >= v2
                word = ma.group(0)
            elif mb:
                n_pairs += 1
                ok = v1 <= v2
                word = mb.group(0)
            else:
                continue
            status = "consistent" if ok else "inconsistent"
            order = "on or after" if " ".join(word.lower().split()) not in R.before_words else "on or before"
            checks.append(
                Check(
                    kind="date_order",
                    status=status,
                    message=f"“{d1.text}” ({v1.isoformat()}) is said to come “{word}” “{d2.text}” ({v2.isoformat()}); "
                    f"it must be {order} it: {status}.",
                    evidence=_ev(state, si),
                )
            )
    return checks, n_pairs


def _relative_dates(state, day_dates: list, by_sentence: dict) -> list:
    """(b) a relative date next to an explicit one; the anchor is the last explicit day
    date of an earlier sentence (found by bisection, not by scanning all dates)."""
    R = _rules()
    checks = []
    anchors = sorted(
        ((d.sentence_index, d.start, d) for d in day_dates if not R.relative_re.search(d.text)), key=lambda x: (x[0], x[1])
    )
    anchor_sents = [x[0] for x in anchors]
    for si, sent in enumerate(state.sentences):
        m = R.relative_re.search(sent.text)
        if not m:
            continue
        explicit = [d for d in by_sentence.get(si, []) if not d.relative or (d.anchor or "").startswith("published")]
        explicit = [d for d in explicit if not R.relative_re.search(d.text)]
        if not explicit:
            continue
        k = bisect.bisect_left(anchor_sents, si)
        if k == 0:
            continue
        anchor = anchors[k - 1][2]
        days, sign = _relative_offset(m)
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
    return checks


def _past_after_publication(state) -> tuple[list, int]:
    """(c) past-tense events dated after publication; also how many dates were checked."""
    R = _rules()
    checks = []
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
            if R.future_re.search(sent_text):
                continue
            before = state.text[max(0, d.start - 12) : d.start].lower()
            if R.open_end_re.search(before) and d.precision != "day":
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
    return checks, n_checked


# ------------------------------------------------------------ name variants


def _name_variants(state) -> list:
    R = _rules()
    names: dict[str, list] = defaultdict(list)
    for e in state.entities:
        if e.label != "PERSON":
            continue
        name = name_as_written(e.text)  # the mention layer's reading of a name: titles and possessive dropped
        if not name or not name[:1].isupper():
            continue
        names[name].append(e)
    full = [n for n in names if len(n.split()) >= 2]
    single = [n for n in names if len(n.split()) == 1]
    checks = []
    # full names are compared only with names sharing their first or last word (indexed)
    by_word: dict[tuple[str, str], list[int]] = defaultdict(list)
    for k, n in enumerate(full):
        w = n.split()
        by_word[("first", w[0].lower())].append(k)
        by_word[("last", w[-1].lower())].append(k)
    done = set()
    reported: set[str] = set()  # each name is reported once, with its first look-alike
    for k, a in enumerate(full):
        if a in reported:
            continue
        wa = a.split()
        # the first name_candidates later names of each list (the lists ascend: bisection, not a
        # sort of every name sharing a word, which is quadratic when thousands share "John")
        firsts, lasts = by_word[("first", wa[0].lower())], by_word[("last", wa[-1].lower())]
        fi, li = bisect.bisect_right(firsts, k), bisect.bisect_right(lasts, k)
        later = firsts[fi : fi + R.name_candidates] + lasts[li : li + R.name_candidates]
        for j in sorted(set(later))[: R.name_candidates]:
            if (k, j) in done or full[j] in reported:
                continue
            done.add((k, j))
            b = full[j]
            if a.lower() == b.lower() or a in b or b in a:
                continue
            score = fuzz.ratio(a, b)
            if score < R.name_sim:
                continue
            checks.append(_variant_check(state, a, b, names, score))
            reported.update((a, b))
            break
    words_of_full = {w.lower() for n in full for w in n.split()}
    # prefix -> {last word: the first full name ending in it}: a single name is scored once per
    # distinct last word, not once per full name
    by_prefix: dict[str, dict[str, str]] = defaultdict(dict)
    for n in full:
        last = n.split()[-1]
        by_prefix[last[:2].lower()].setdefault(last, n)
    for s in single:
        if s.lower() in words_of_full or len(s) < 5:
            continue
        for last, n in by_prefix.get(s[:2].lower(), {}).items():
            score = fuzz.ratio(s, last)
            if score >= R.single_sim:
                checks.append(_variant_check(state, n, s, names, score))
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
        except Exception as exc:  # noqa: BLE001 - one failing check must not sink the article: W202 (--strict raises)
            logger.debug("check %s failed", fn.__name__, exc_info=True)
            state.partial_failure("checks", exc)
    return checks
