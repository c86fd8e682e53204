"""Stage: claims — what kind of claim each sentence makes, how check-worthy it is,
and whether the article reads as reporting or opinion.

``classify(state) -> (list[Sentence], genre, genre_signals)``

Every rule is a cue from ``codebooks/claim_cues.json`` read over the spaCy parse;
``Sentence.kind_signals`` lists the cues that fired, so each decision can be
checked by hand. Cues for calls to action, predictions and opinion count only in
the **author's voice**: outside quotation marks and outside the clause that an
attributed speaker is reported to have said ("Officials said the vote *will* be
delayed" is attributed, not a prediction of the author).

Kind, first rule that applies wins (the order is the contract):

1. ``call_to_action`` — a deontic modal (should, must, ought to; not "should
   have"), an exhortation ("let us", "it is time to", "we call on") or an
   imperative (a bare verb heading the sentence, no subject).
2. ``prediction`` — future modal (will, shall) or a scheduled/expected phrase
   (is expected to, plans to, is set to, next week).
3. ``attributed`` — the sentence has an attribution (from the attribution stage).
4. ``statistic`` — a count with its counted noun, a percentage or an amount
   (quantities stage, with a fallback on spaCy's numeric entities).
5. ``event`` — a past-tense action verb in the main clause with a concrete actor
   (a named entity, a proper noun, a person pronoun or an actor noun such as
   "police"), or a past passive ("the governor was detained"); or an event of the
   events stage on this sentence that is asserted, attempted or threatened.
   Not in a question, nor when the author frames a causal or purpose claim as an
   inference ("it is apparent that X rigged the vote to ...": a conclusion about
   cause or intent, not a report of an event — it falls to ``causal``).
6. ``causal`` — a causal connective (because, hence, stems from, in order to, is
   behind ...), a cause or responsibility verb (caused, triggered, rigged,
   orchestrated), or a purpose construction ("is using X to ...", "funds X to
   ..."). Not in a question.
7. ``opinion`` — evaluative words, stance adverbs, first person, a rhetorical
   question, an exclamation, an inference frame ("it is apparent that").
8. ``other``.

Headings stay ``other`` with check-worthiness 0.

**Check-worthiness** (0..1): a base per kind (statistic > event, causal >
attributed > prediction > other, opinion > call to action), plus specificity
(named entities, numbers, dates), consequential words (killed, fraud, coup,
arrested ...) and unsupported conclusions; minus evaluative language; opinion,
calls to action, predictions and other sentences are capped low.

**Unsupported**: a causal conclusion, an event or figure the author presents as
an evident inference ("it is clear that the army staged the attack"), or an event
in which the author ascribes an intent to an abstract actor ("imperialism
activated its proxies in a bid to ..."), with no
citation, no attribution, no hedge and no quotation in the sentence (support
elsewhere in the article is not looked for). ``kind_signals`` says which.

**Genre** from document-level signals: first person, evaluative words,
exclamations, rhetorical questions, calls to action and opinion sentences point to
``opinion``; the share of attributed sentences, a dateline with a place or a wire
agency marker, and the absence of first person and exclamations point to
``reporting``. ``unknown`` when neither side is clearly ahead.
"""

from __future__ import annotations

import bisect
import functools
import logging
import re
from dataclasses import dataclass, field
from typing import Optional

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from ..lexicons import codebook
from ..contract.records import Sentence
from .framing import term_tokens

logger = logging.getLogger(__name__)

__all__ = ["classify", "KIND_ORDER"]

KIND_ORDER = ("call_to_action", "prediction", "attributed", "statistic", "event", "causal", "opinion", "other")

_WORDS = codebook.load("claim_cues")["words"]
CONCRETE_ENTS = {"PERSON", "ORG", "GPE", "NORP", "FAC"}
PERSON_PRONOUNS = frozenset(_WORDS["person_pronouns"]["words"])
NOT_SUBJECT = frozenset(_WORDS["not_subject"]["words"])
SPECIFIC_ENTS = {"PERSON", "ORG", "GPE", "NORP", "FAC", "LOC", "EVENT", "LAW"}
NUMERIC_ENTS = {"PERCENT", "MONEY", "QUANTITY", "CARDINAL"}
OPEN_QUOTES = "“«„"
CLOSE_QUOTES = "”»"
STRAIGHT_QUOTES = '"'
_TRAILING = "\"”’'»)]"  # closing marks stripped with whitespace from a sentence's end


def _strip_trailing(text: str) -> str:
    """``text`` without the whitespace and closing quotes and brackets that end it (a scan from
    the end: the regex ``[...]+$`` is quadratic on a long run of them inside a sentence)."""
    end = len(text)
    while end > 0 and (text[end - 1].isspace() or text[end - 1] in _TRAILING):
        end -= 1
    return text[:end]


class _Phrases:
    """Multi-word cues matched on token lower-case forms (much faster than a regex
    alternation over the text). Phrases are split by :func:`framing.term_tokens`, which
    follows spaCy's English rules, so that "let's" splits as it does in the Doc."""

    def __init__(self, phrases, not_before: Optional[dict] = None):
        self.first: dict[str, list[tuple[str, ...]]] = {}
        self.not_before: dict[tuple[str, ...], frozenset] = {}
        for phrase in {p.lower() for p in phrases}:
            words = term_tokens(phrase)
            if words:
                self.first.setdefault(words[0], []).append(words)
                if not_before and phrase in not_before:
                    self.not_before[words] = frozenset(not_before[phrase])
        for seqs in self.first.values():
            seqs.sort(key=len, reverse=True)

    def find(self, lows: list[str]) -> list[tuple[int, int]]:
        """[start, end) positions in ``lows`` of non-overlapping matches, longest first."""
        out = []
        j, n = 0, len(lows)
        while j < n:
            seqs = self.first.get(lows[j])
            hit = 0
            if seqs:
                for words in seqs:
                    k = j + len(words)
                    if k <= n and tuple(lows[j:k]) == words:
                        blocked = self.not_before.get(words)
                        if blocked and k < n and lows[k] in blocked:
                            continue  # "thus far"
                        hit = len(words)
                        break
            if hit:
                out.append((j, j + hit))
                j += hit
            else:
                j += 1
        return out


@dataclass(frozen=True)
class _Cues:
    deontic: frozenset
    not_deontic_after: frozenset
    cta_phrases: _Phrases
    imperative_exclude: frozenset
    obligation_verbs: frozenset
    future_modals: frozenset
    prediction_phrases: _Phrases
    causal_phrases: _Phrases
    causal_verbs: frozenset
    intent_phrases: _Phrases
    responsibility_verbs: frozenset
    purpose_verbs: frozenset
    evaluative_words: frozenset
    evaluative_phrases: _Phrases
    stance_adverbs: frozenset
    stance_phrases: _Phrases
    inference: _Phrases
    opinion_phrases: _Phrases
    first_person: frozenset
    frame_adjectives: frozenset
    state_verbs: frozenset
    actor_nouns: frozenset
    people_nouns: frozenset
    factual_modes: frozenset
    reporting_verbs: frozenset
    base: dict
    cap: dict
    consequential: frozenset
    wire_markers: tuple
    genre: dict
    opinion_threshold: int
    reporting_threshold: int


@functools.lru_cache(maxsize=1)
def _cues() -> _Cues:
    def phrases(items, not_before=None):
        return _Phrases(items, not_before)

    cb = codebook.load("claim_cues")
    cta, pred, causal, op, ev = cb["call_to_action"], cb["prediction"], cb["causal"], cb["opinion"], cb["event"]
    evaluative = [w.lower() for w in op["evaluative"]]
    stance = [w.lower() for w in op["stance_adverbs"]]
    return _Cues(
        deontic=frozenset(cta["deontic_modals"]),
        not_deontic_after=frozenset(cta["not_deontic_after"]),
        cta_phrases=phrases(cta["phrases"]),
        imperative_exclude=frozenset(cta["imperative_exclude"]),
        obligation_verbs=frozenset(cta["obligation_verbs"]),
        future_modals=frozenset(pred["modals"]),
        prediction_phrases=phrases(pred["phrases"]),
        causal_phrases=phrases(causal["connectives"], causal["not_before"]),
        causal_verbs=frozenset(causal["verbs"]),
        intent_phrases=phrases(causal["intent_connectives"]),
        responsibility_verbs=frozenset(causal["responsibility_verbs"]),
        purpose_verbs=frozenset(causal["purpose_verbs"]),
        evaluative_words=frozenset(w for w in evaluative if " " not in w),
        evaluative_phrases=phrases([w for w in evaluative if " " in w]),
        stance_adverbs=frozenset(w for w in stance if " " not in w),
        stance_phrases=phrases([w for w in stance if " " in w]),
        inference=phrases(op["inference_frames"]),
        opinion_phrases=phrases(op["phrases"]),
        first_person=frozenset(op["first_person"]),
        frame_adjectives=frozenset(op["frame_adjectives"]),
        state_verbs=frozenset(ev["state_verbs"]),
        actor_nouns=frozenset(w.lower() for w in ev["actor_nouns"]),
        people_nouns=frozenset(w.lower() for w in ev["people_nouns"]),
        factual_modes=frozenset(ev["factual_modes"]),
        reporting_verbs=frozenset(codebook.load("reporting_verbs")["verbs"]),
        base=cb["checkworthy"]["base"],
        cap=cb["checkworthy"]["cap"],
        consequential=frozenset(w.lower() for w in cb["checkworthy"]["consequential"]),
        wire_markers=tuple(cb["genre"]["wire_markers"]),
        genre=cb["genre"],
        opinion_threshold=int(cb["genre"]["opinion_threshold"]),
        reporting_threshold=int(cb["genre"]["reporting_threshold"]),
    )


# ------------------------------------------------------------- author voice


def _quoted(sent: SpacySpan) -> set[int]:
    """Token indices inside quotation marks (quote marks included)."""
    inside: set[int] = set()
    open_at: Optional[int] = None
    for tok in sent:
        t = tok.text
        if t in OPEN_QUOTES or (t == STRAIGHT_QUOTES and open_at is None):
            open_at = tok.i
        elif (t in CLOSE_QUOTES or t == STRAIGHT_QUOTES) and open_at is not None:
            inside.update(range(open_at, tok.i + 1))
            open_at = None
    if open_at is not None and open_at > sent.start:
        # a quotation running to the end of the sentence
        inside.update(range(open_at, sent.end))
    return inside


def _doc_quoted(doc) -> set[int]:
    """Token indices inside quotation marks over the whole Doc (quote marks included).

    A quotation may run over several sentences ('“It's time to go. But I worry,” he said');
    one left open runs to the end of its paragraph (the convention of a quote that goes on in
    the next paragraph), and a closing mark with no opening one in its paragraph closes a
    quotation that began there."""
    inside: set[int] = set()
    open_at: Optional[int] = None
    para_start = 0
    done = 0  # every index below this is already decided: ranges end in order, so each is added once

    def add(a: int, b: int) -> None:
        nonlocal done
        a = max(a, done)
        if a < b:
            inside.update(range(a, b))
        done = max(done, b)

    for tok in doc:
        t = tok.text
        if tok.is_space and "\n" in t:
            if open_at is not None:
                add(open_at, tok.i)
            open_at, para_start = None, tok.i + 1
            continue
        if t in OPEN_QUOTES or (t == STRAIGHT_QUOTES and open_at is None):
            if open_at is None:
                open_at = tok.i
        elif t in CLOSE_QUOTES or t == STRAIGHT_QUOTES:
            add(open_at if open_at is not None else para_start, tok.i + 1)
            open_at = None
    if open_at is not None:
        add(open_at, len(doc))
    return inside


def _reported(sent: SpacySpan, att) -> set[int]:
    """Token indices of what an attributed speaker is reported to have said."""
    if att is None or not att.verb:
        return set()
    verb_text = att.verb.split()[0].lower()
    verb = next((t for t in sent if t.lower_ == verb_text), None)
    if verb is None:
        return set()
    if att.verb.lower().startswith("according"):
        pp = {t.i for t in verb.subtree} | {verb.i}
        obj_end = max(pp) if pp else verb.i
        # the "according to X" phrase is the source; the rest is reported
        return {t.i for t in sent if t.i not in pp and t.i > obj_end or t.i < verb.i}
    out: set[int] = set()
    for child in verb.children:
        if child.dep_ in ("ccomp", "xcomp", "acl", "pcomp", "dobj", "parataxis") or (child.dep_ == "prep" and child.i > verb.i):
            out.update(t.i for t in child.subtree)
    clausal = any(c.dep_ in ("ccomp", "xcomp", "acl", "pcomp", "parataxis") for c in verb.children)
    if verb.dep_ == "parataxis" or not clausal:
        # '"...", X said.' or '..., X said.' with the report as the head of the sentence:
        # what comes before the comma that opens the speaker's phrase is reported
        commas = [t.i for t in sent if t.text == "," and t.i < verb.i]
        if commas:
            out.update(t.i for t in sent if t.i < commas[-1])
        else:
            subj = {t.i for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") for t in c.subtree}
            out.update(t.i for t in sent if t.i < verb.i and t.i not in subj)
    return out


@dataclass
class _Sent:
    sent: SpacySpan
    voice: set[int]
    starts: list[int]  # token char offsets, for mapping regex matches to tokens
    idx: list[int]  # token indices aligned with starts
    question: bool
    exclamation: bool
    frame: bool = False  # the root is an inference frame ("it is clear that ...")
    ents: list = field(default_factory=list)  # spaCy entities of the sentence (doc.ents is slow to re-read)
    toks: list = field(default_factory=list)  # the tokens, and their string attributes read once
    texts: list = field(default_factory=list)
    lows: list = field(default_factory=list)
    lemmas: list = field(default_factory=list)
    pos: list = field(default_factory=list)
    tags: list = field(default_factory=list)
    # the sentence's quantities, events and dates, looked up in an index built once per Doc
    quantities: list = field(default_factory=list)
    events: list = field(default_factory=list)
    dates: list = field(default_factory=list)

    def words(self):
        """(token index, text, lower, lemma, pos, tag) of every token."""
        return zip(self.idx, self.texts, self.lows, self.lemmas, self.pos, self.tags)

    def in_voice(self, char: int) -> bool:
        j = bisect.bisect_right(self.starts, char) - 1
        return j >= 0 and self.idx[j] in self.voice

    def voice_matches(self, cue, main_only: bool = False) -> list[str]:
        """Matches of a phrase list (or a regex) that start in the author's voice
        (and, with ``main_only``, in the main clause)."""
        if isinstance(cue, _Phrases):
            doc = self.sent.doc
            return [
                doc[self.idx[a] : self.idx[b - 1] + 1].text
                for a, b in cue.find(self.lows)
                if self.idx[a] in self.voice and (not main_only or _in_main_clause(self.toks[a], self.frame))
            ]
        base = self.sent.start_char
        return [m.group(0) for m in cue.finditer(self.sent.text) if self.in_voice(base + m.start())]


def _prepare(sent: SpacySpan, att, ents: list, cues: "_Cues", doc_quoted: Optional[set] = None) -> _Sent:
    toks = list(sent)
    excluded = _quoted(sent) | _reported(sent, att)
    if doc_quoted:
        excluded |= {t.i for t in toks if t.i in doc_quoted}
    voice = {t.i for t in toks if t.i not in excluded}
    text = _strip_trailing(sent.text)
    last_voice = any(t.i in voice for t in toks[-3:]) or not excluded
    return _Sent(
        sent=sent,
        voice=voice,
        starts=[t.idx for t in toks],
        idx=[t.i for t in toks],
        toks=toks,
        texts=[t.text for t in toks],
        lows=[t.lower_ for t in toks],
        lemmas=[t.lemma_.lower() for t in toks],
        pos=[t.pos_ for t in toks],
        tags=[t.tag_ for t in toks],
        question=text.endswith("?") and last_voice,
        exclamation=text.endswith("!") and last_voice,
        ents=ents,
        frame=_is_frame(sent.root, cues),
    )


# ------------------------------------------------------------------- cues


_EMBEDDING = {"ccomp", "advcl", "acl", "relcl", "csubj", "csubjpass", "pcomp", "parataxis", "appos"}


def _in_main_clause(tok: Token, frame: bool = False) -> bool:
    """True when ``tok`` belongs to the sentence's main clause (or a clause
    conjoined to it), not to a that-clause, relative clause, adverbial clause ...:
    "officials agreed that the countries *should* cooperate" is not the author's call.
    With ``frame`` (the root is an inference frame, "it is clear that ..."), the
    that-clause of the root is the author's assertion and counts as main."""
    for _ in range(64):
        if tok.dep_ == "ROOT":
            return True
        if tok.dep_ in _EMBEDDING and not (frame and tok.dep_ == "ccomp" and tok.head.dep_ == "ROOT"):
            return False
        tok = tok.head
    return False


def _is_frame(root: Token, cues: "_Cues") -> bool:
    """"It is clear / apparent / obvious that ...": a copula whose that-clause is the assertion."""
    return root.lemma_ == "be" and any(c.dep_ in ("acomp", "attr") and c.lower_ in cues.frame_adjectives for c in root.children) and any(
        c.dep_ == "ccomp" for c in root.children
    )


def _call_to_action(p: _Sent, cues: _Cues) -> list[str]:
    out = []
    for tok, low, tag in zip(p.toks, p.lows, p.tags):
        if tok.i not in p.voice or (tag != "MD" and low != "ought"):
            continue
        if not _in_main_clause(tok, p.frame):
            continue
        if tag == "MD" and low in cues.deontic:
            nxt = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
            if nxt is not None and nxt.lower_ == "not":
                nxt = tok.doc[tok.i + 2] if tok.i + 2 < len(tok.doc) else None
            if nxt is not None and nxt.lower_ in cues.not_deontic_after:
                continue  # "should have", "must have": counterfactual or inference
            verb = tok.head
            if tok.i < verb.i <= tok.i + 4:
                out.append(f"deontic '{tok.doc[tok.i : verb.i + 1].text}'")
            else:
                out.append(f"deontic '{tok.text}'")
        elif low == "ought" and tok.i + 1 < tok.sent.end and tok.doc[tok.i + 1].lower_ == "to":
            out.append("deontic 'ought to'")
    out += [f"exhortation '{m}'" for m in p.voice_matches(cues.cta_phrases, main_only=True)]
    root = p.sent.root
    for verb in _main_verbs(root, p.frame):
        # "we have to act", "the army needs to withdraw" (main clause, not negated)
        if verb.lemma_.lower() in cues.obligation_verbs and verb.i in p.voice and not any(c.dep_ == "neg" for c in verb.children):
            xcomp = next((c for c in verb.children if c.dep_ == "xcomp" and any(a.lower_ == "to" for a in c.children)), None)
            if xcomp is not None and not any(a.tag_ == "MD" for a in verb.children):
                out.append(f"obligation '{verb.text} to {xcomp.text}'")
    if (
        not p.question
        and root.tag_ == "VB"
        and root.i in p.voice
        and root.lemma_.lower() not in cues.imperative_exclude
        and not any(c.dep_ in ("nsubj", "nsubjpass", "aux", "expl") for c in root.children)
    ):
        lead = [t for t in p.toks if t.i < root.i and not (t.is_punct or t.pos_ in ("ADV", "INTJ", "CCONJ"))]
        if not lead:
            out.append(f"imperative '{root.text}'")
    return out


def _prediction(p: _Sent, cues: _Cues) -> list[str]:
    out = []
    for tok, low, tag in zip(p.toks, p.lows, p.tags):
        if tag == "MD" and low in cues.future_modals and tok.i in p.voice and _in_main_clause(tok, p.frame):
            verb = tok.head
            words = tok.doc[tok.i : verb.i + 1].text if tok.i < verb.i <= tok.i + 4 else tok.text
            out.append(f"future '{words}'")
    out += [f"expectation '{m}'" for m in p.voice_matches(cues.prediction_phrases, main_only=True)]
    return out


_NUMBER_WORDS = {w: int(v) for w, v in _WORDS["number_words"]["values"].items()}
CURRENCY_UNITS = frozenset(_WORDS["currency_units"]["words"])


def _rough_value(text: str) -> Optional[float]:
    """The largest number written in ``text`` ("some 2,000" -> 2000, "twelve" -> 12)."""
    best = None
    for w in re.findall(r"[\d.,]+|[a-z]+", text.lower()):
        v = None
        if w[0].isdigit():
            try:
                v = float(w.replace(",", ""))
            except ValueError:
                v = None
        else:
            v = _NUMBER_WORDS.get(w)
        if v is not None and (best is None or v > best):
            best = v
    return best


def _is_statistic(value: Optional[float], unit: Optional[str], people: bool) -> bool:
    """A measurement rather than a detail: a percentage or an amount of money, a count of
    people (two or more), or any count of ten or more. "two shops" is a detail of an event."""
    if unit == "percent" or unit in CURRENCY_UNITS:
        return True
    if value is None:
        return False
    if people or unit == "people":
        return value >= 2
    return value >= 10


_TALLY = re.compile(r"(?<![\d.,])\d{1,3}\s*(?:-|–|to)\s*\d{1,3}(?:\s*(?:-|–)\s*\d{1,3})?(?![\d.,%])")
_VOTE_LEMMAS = frozenset(_WORDS["vote_lemmas"]["words"])


def _statistic(p: _Sent, i: int, state, cues: _Cues) -> list[str]:
    out = []
    if any(lemma in _VOTE_LEMMAS for lemma in p.lemmas):
        out += [f"vote tally '{m}'" for m in p.voice_matches(_TALLY)]
    if state.quantities:
        for q in p.quantities:
            if (q.about or q.unit) and _is_statistic(q.value, q.unit, False):
                out.append(f"quantity '{q.text}'" + (f" of {q.about}" if q.about else ""))
        if out or p.quantities:
            return out
    # fallback when the quantities stage did not run: spaCy's numeric entities
    for ent in p.ents:
        if ent.label_ not in NUMERIC_ENTS or ent.start not in p.voice:
            continue
        if ent.label_ in ("PERCENT", "MONEY"):
            out.append(f"{ent.label_.lower()} '{ent.text}'")
            continue
        last = ent[-1]
        head = last.head
        counted = last.dep_ == "nummod" and head.pos_ in ("NOUN", "PROPN") and head.ent_type_ != "DATE"
        if not counted:
            continue
        people = head.lower_ in cues.actor_nouns or head.lemma_.lower() in cues.people_nouns
        if _is_statistic(_rough_value(ent.text), None, people):
            out.append(f"count '{ent.text} {head.text}'")
    return out


def _concrete(tok: Token, cues: _Cues) -> bool:
    low = tok.lower_
    if low in NOT_SUBJECT:
        return False
    if tok.ent_type_ in CONCRETE_ENTS or tok.pos_ == "PROPN" or low in PERSON_PRONOUNS:
        return True
    return low in cues.actor_nouns or tok.lemma_.lower() in cues.actor_nouns


def _main_verbs(root: Token, frame: bool = False) -> list[Token]:
    verbs = [root] + ([c for c in root.children if c.dep_ == "ccomp"] if frame else [])
    frontier = list(verbs)
    while frontier:
        tok = frontier.pop()
        for c in tok.children:
            if c.dep_ == "conj" and c.pos_ in ("VERB", "AUX"):
                verbs.append(c)
                frontier.append(c)
    return verbs


def _subject(verb: Token) -> tuple[Optional[Token], bool]:
    tok = verb
    for _ in range(3):
        for c in tok.children:
            if c.dep_ == "nsubj":
                return c, False
            if c.dep_ == "nsubjpass":
                return c, True
        if tok.dep_ != "conj":
            break
        tok = tok.head
    return None, False


def _past(verb: Token) -> bool:
    """A past-tense (or present perfect, past passive, past progressive) verb, no modal."""
    if any(c.dep_ == "aux" and c.tag_ == "MD" for c in verb.children):
        return False  # would, could, may ...
    auxes = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
    tag = verb.tag_
    return (
        tag == "VBD"
        or (tag == "VBN" and bool(auxes & {"has", "have", "had", "was", "were", "been"}))
        or (tag == "VBG" and bool(auxes & {"was", "were"}))
    )


def _coded_event_counts(p: _Sent, ev, state, cues: _Cues) -> bool:
    """An event of the events stage makes the sentence an event when its trigger is in
    the main clause and is (or is governed by) a past-tense verb: not "... because
    the port was closed", "who voted for", nor a habitual "the council meets"."""
    if ev.factuality not in cues.factual_modes:
        return False
    j = bisect.bisect_right(p.starts, ev.trigger.start) - 1
    if j < 0:
        return False
    tok = p.toks[j]
    if tok.i not in p.voice or not _in_main_clause(tok, p.frame):
        return False
    verb = tok
    while verb.pos_ not in ("VERB", "AUX") and verb.dep_ != "ROOT":
        verb = verb.head
    return _past(verb) and verb.lemma_.lower() not in cues.state_verbs


def _event(p: _Sent, i: int, state, cues: _Cues) -> list[str]:
    out = []
    for ev in p.events:
        if _coded_event_counts(p, ev, state, cues):
            out.append(f"coded event {ev.plover.type} '{ev.trigger.text}'")
    for verb in _main_verbs(p.sent.root, p.frame):
        lemma = verb.lemma_.lower()
        if verb.pos_ != "VERB" or lemma in cues.state_verbs or verb.i not in p.voice:
            continue
        if lemma in cues.reporting_verbs and any(c.dep_ in ("ccomp", "xcomp") for c in verb.children):
            continue  # a report of speech, not an action
        if not _past(verb):
            continue
        subj, passive = _subject(verb)
        if subj is None:
            continue
        if passive:
            agent = next((c for c in verb.children if c.dep_ == "agent"), None)
            ok = subj.lower_ not in NOT_SUBJECT and subj.pos_ in ("NOUN", "PROPN", "PRON")
            if agent is not None:
                pobj = next((g for g in agent.children if g.dep_ == "pobj"), None)
                ok = ok or (pobj is not None and _concrete(pobj, cues))
            if ok:
                out.append(f"past passive '{subj.text} {verb.text}'")
        elif _concrete(subj, cues):
            out.append(f"past action '{subj.text} {verb.text}'")
    return out


def _abstract_actor(p: _Sent, cues: _Cues) -> Optional[str]:
    """The subject of the main clause when it is not a concrete actor ("imperialism",
    "the globalists", "dark forces"): intent ascribed to it is a conclusion, while
    "police used tear gas to disperse the crowd" is a description."""
    subjects = []
    for verb in _main_verbs(p.sent.root, p.frame):
        subj, passive = _subject(verb)
        if subj is not None and not passive:
            subjects.append(subj)
    if subjects and not any(_concrete(s, cues) for s in subjects):
        return subjects[0].text
    return None


def _causal(p: _Sent, cues: _Cues) -> list[str]:
    out = [f"connective '{m}'" for m in p.voice_matches(cues.causal_phrases)]
    out += [f"intent: connective '{m}'" for m in p.voice_matches(cues.intent_phrases)]
    for tok, lemma, pos in zip(p.toks, p.lemmas, p.pos):
        if pos != "VERB" or tok.i not in p.voice:
            continue
        if lemma in cues.causal_verbs:
            out.append(f"cause verb '{tok.text}'")
        if lemma in cues.responsibility_verbs:
            out.append(f"intent: responsibility verb '{tok.text}'")
        if lemma in cues.purpose_verbs:
            # "is using X to ...", "funds X to ...": an infinitive of purpose below the verb or its object
            below = list(tok.children) + [g for c in tok.children if c.dep_ == "dobj" for g in c.children]
            for c in below:
                if c.dep_ in ("advcl", "xcomp", "relcl", "acl") and c.tag_ == "VB" and any(a.lower_ == "to" and a.dep_ == "aux" for a in c.children):
                    out.append(f"intent: purpose '{tok.text} ... to {c.text}'")
                    break
    return out


def _opinion(p: _Sent, cues: _Cues) -> list[str]:
    out = []
    fp = [text for i, text, low, _, pos, _ in p.words() if low in cues.first_person and pos == "PRON" and i in p.voice]
    if fp:
        out.append("first person " + ", ".join(dict.fromkeys(fp)))
    ev = [
        text
        for i, text, low, _, pos, _ in p.words()
        if low in cues.evaluative_words and pos in ("ADJ", "ADV", "NOUN", "PROPN") and i in p.voice
    ]
    ev += p.voice_matches(cues.evaluative_phrases)
    if ev:
        out.append("evaluative " + ", ".join(dict.fromkeys(ev)))
    st = [text for i, text, low, _, pos, _ in p.words() if low in cues.stance_adverbs and pos == "ADV" and i in p.voice]
    st += p.voice_matches(cues.stance_phrases)
    if st:
        out.append("stance " + ", ".join(dict.fromkeys(st)))
    out += [f"inference frame '{m}'" for m in p.voice_matches(cues.inference)]
    out += [f"phrase '{m}'" for m in p.voice_matches(cues.opinion_phrases)]
    if p.question:
        out.append("rhetorical question")
    if p.exclamation:
        out.append("exclamation")
    return out


# ------------------------------------------------------------ per sentence


@dataclass
class _Result:
    kind: str
    signals: list[str]
    checkworthy: float
    unsupported: bool
    opinion_signals: list[str] = field(default_factory=list)
    first_person: bool = False
    evaluative: int = 0
    cta: bool = False


def _by_sentence(items, key) -> dict[int, list]:
    """Items grouped by sentence index, built once per Doc (a per-sentence scan of every
    item is quadratic in the length of the text)."""
    out: dict[int, list] = {}
    for item in items or ():
        out.setdefault(key(item), []).append(item)
    return out


def _classify_sentence(
    i: int, s: Sentence, state, cues: _Cues, ents: list, doc_quoted: Optional[set] = None, index: Optional[dict] = None
) -> _Result:
    sent = state.sents[i]
    p = _prepare(sent, s.attribution, ents, cues, doc_quoted)
    if index is None:
        index = _index(state)
    p.quantities = index["quantities"].get(i, [])
    p.events = index["events"].get(i, [])
    p.dates = index["dates"].get(i, [])
    cta = _call_to_action(p, cues) if not p.question else []
    pred = _prediction(p, cues) if not p.question else []
    stat = _statistic(p, i, state, cues) if not p.question else []
    opinion = _opinion(p, cues)
    inference = [o for o in opinion if o.startswith("inference frame")]
    event = _event(p, i, state, cues) if not p.question else []
    causal = _causal(p, cues) if not p.question else []
    ignored_event = bool(inference and causal and event)
    if ignored_event:
        event = []

    signals: list[str] = []
    if cta:
        kind, signals = "call_to_action", cta
    elif pred:
        kind, signals = "prediction", pred
    elif s.attribution is not None:
        att = s.attribution
        kind, signals = "attributed", [f"attributed to {att.speaker} ({att.kind}, '{att.verb}')"]
    elif stat:
        kind, signals = "statistic", stat
    elif event:
        kind, signals = "event", event
    elif causal:
        kind, signals = "causal", causal
    elif opinion:
        kind, signals = "opinion", opinion
    else:
        kind = "other"
    signals = [f"{kind}: {x}" for x in signals]
    # the other cues that fired, for transparency
    for name, cue in (("causal", causal), ("opinion", opinion), ("event", event), ("statistic", stat)):
        if cue and name != kind:
            signals += [f"also {name}: {x}" for x in cue]
    if ignored_event:
        signals.append("event cues ignored: the author presents a causal claim as an inference")

    supported_by = []
    if s.citations:
        supported_by.append("citation")
    if s.attribution is not None:
        supported_by.append("attribution")
    if s.hedges:
        supported_by.append("hedge")
    if any(t in OPEN_QUOTES or t == STRAIGHT_QUOTES for t in p.texts) and len(_quoted(sent)) > 6:
        supported_by.append("quotation")
    intent = any(c.startswith("intent:") for c in causal)
    hidden = _abstract_actor(p, cues) if intent and kind in ("event", "statistic") else None
    conclusion = kind == "causal" or (kind in ("event", "statistic") and (inference or hidden))
    unsupported = bool(conclusion) and not supported_by and not p.question
    if unsupported:
        if kind == "causal":
            why = "causal conclusion"
        elif inference:
            why = "conclusion presented as evident"
        else:
            why = f"intent ascribed to an abstract actor '{hidden}'"
        signals.append(f"unsupported: {why} with no citation, attribution, hedge or quotation")

    score = _checkworthy(kind, i, p, state, cues, opinion, unsupported)
    return _Result(
        kind=kind,
        signals=signals,
        checkworthy=score,
        unsupported=unsupported,
        opinion_signals=opinion,
        first_person=any(o.startswith("first person") for o in opinion),
        evaluative=sum(len(o.split(", ")) for o in opinion if o.startswith("evaluative")),
        cta=bool(cta),
    )


def _checkworthy(kind: str, i: int, p: _Sent, state, cues: _Cues, opinion: list[str], unsupported: bool) -> float:
    score = float(cues.base.get(kind, 0.1))
    ents = {e.text for e in p.ents if e.label_ in SPECIFIC_ENTS}  # reported names are as checkable as the author's
    score += min(0.05 * len(ents), 0.15)
    if any(e.label_ in NUMERIC_ENTS for e in p.ents) or p.quantities:
        score += 0.1
    if any(e.label_ == "DATE" for e in p.ents) or p.dates:
        score += 0.05
    if any(low in cues.consequential or lemma in cues.consequential for low, lemma in zip(p.lows, p.lemmas)):
        score += 0.1
    if unsupported:
        score += 0.1
    if kind not in ("opinion", "call_to_action"):
        score -= min(0.05 * len(opinion), 0.15)
    if p.question or p.exclamation:
        score -= 0.1
    cap = cues.cap.get(kind)
    if cap is not None:
        score = min(score, float(cap))
    return round(max(0.0, min(1.0, score)), 2)


# --------------------------------------------------------------------- genre


def _author_loaded_terms(state) -> int:
    """Loaded terms the framing stage found (in the author's voice) outside headings, if it ran."""
    framing = getattr(state, "framing", None)
    terms = getattr(framing, "loaded_terms", None) or []
    headings = {i for i, s in enumerate(state.sentences) if s.heading}
    return sum(1 for t in terms if t.sentence_index not in headings)


@dataclass
class _GenreCounts:
    """What the genre is read from, counted over the body sentences."""

    n: int  # body sentences
    fp: int  # with first person
    ev: int  # evaluative words
    loaded: int  # loaded terms in the author's voice
    ex: int  # exclamations
    rq: int  # questions in the author's voice
    cta: int  # calls to action
    op: int  # opinion sentences
    narrative: int  # event and statistic sentences
    att_share: float  # share of attributed sentences
    wire: Optional[str]  # a wire agency marker near the top
    dateline: object  # the dateline, if any

    @property
    def rate(self) -> float:
        return (self.ev + self.loaded) / self.n


def _genre(state, results: dict[int, _Result], cues: _Cues) -> tuple[str, list[str]]:
    """Reporting or opinion (advocacy counts as opinion) from general cues of the author's voice.

    Opinion: first person, evaluative density (the claims stage's evaluative words plus the
    framing stage's loaded terms, per sentence), evaluations asserted without attribution,
    calls to action, questions, exclamations, a share of opinion sentences. Reporting: the share
    of attributed sentences, a wire marker or a dateline, a share of event and statistic
    sentences, and no opinion cue at all. Weights and thresholds are in ``claim_cues.genre``."""
    g = cues.genre
    body = [i for i, s in enumerate(state.sentences) if not s.heading]
    if not body:
        return "unknown", ["no sentences"]
    c = _genre_counts(state, results, cues, body)
    op_points, op_sig = _opinion_points(c, g)
    rep_points, rep_sig = _reporting_points(c, g)
    dense = c.ev + c.loaded >= g["decisive_min_words"] and c.rate >= g["evaluative_rate_decisive"]
    if dense:
        op_sig.append("evaluative density decides (wire copy never comes near it)")
    if dense or op_points >= cues.opinion_threshold and op_points >= rep_points + g["opinion_margin"]:
        genre = "opinion"
    elif rep_points >= cues.reporting_threshold and rep_points > op_points:
        genre = "reporting"
    else:
        genre = "unknown"
    signals = [f"opinion score {op_points} vs reporting score {rep_points}"] + op_sig + rep_sig
    return genre, signals


def _genre_counts(state, results: dict[int, _Result], cues: _Cues, body: list[int]) -> _GenreCounts:
    n = len(body)
    head = state.input_head(400)  # a wire credit sits in the dateline
    return _GenreCounts(
        n=n,
        fp=sum(1 for i in body if results[i].first_person),
        ev=sum(results[i].evaluative for i in body),
        loaded=_author_loaded_terms(state),
        ex=sum(1 for i in body if "exclamation" in results[i].opinion_signals),
        rq=sum(1 for i in body if "rhetorical question" in results[i].opinion_signals),
        cta=sum(1 for i in body if results[i].kind == "call_to_action"),
        op=sum(1 for i in body if results[i].kind == "opinion"),
        narrative=sum(1 for i in body if results[i].kind in ("event", "statistic")),
        att_share=sum(1 for i in body if state.sentences[i].attribution is not None) / n,
        wire=next((m for m in cues.wire_markers if m in head), None),
        dateline=state.norm.dateline,
    )


def _opinion_points(c: _GenreCounts, g: dict) -> tuple[int, list[str]]:
    """Points and signals of the author's opinion voice."""
    points, sig = 0, []
    fp, ev, loaded, ex, rq, cta, op, n, rate = c.fp, c.ev, c.loaded, c.ex, c.rq, c.cta, c.op, c.n, c.rate
    if fp:
        points += 2 if fp >= 2 else 1
        sig.append(f"first person in {fp} sentence(s)")
    if ev or loaded:
        p = 3 if rate >= g["evaluative_rate_high"] else 2 if rate >= g["evaluative_rate_mid"] else 1 if rate >= g["evaluative_rate_low"] else 0
        if ev + loaded < 2:
            p = min(p, 1)  # one word makes no density, however short the text
        points += p
        sig.append(f"{ev} evaluative word(s) and {loaded} loaded term(s) in {n} sentences")
        if ev + loaded >= 2 and rate >= g["evaluative_rate_mid"] and c.att_share < g["attributed_share_low"]:
            points += 1
            sig.append("evaluations asserted without attribution")
    if ex:
        points += 1
        sig.append(f"{ex} exclamation(s)")
    if rq:
        points += 2 if rq >= 3 else 1
        sig.append(f"{rq} question(s) in the author's voice")
    if cta:
        points += 3 if cta >= 2 else 1
        sig.append(f"{cta} call(s) to action")
    if op / n >= 0.2:
        points += 1
        sig.append(f"opinion sentences {op / n:.0%}")
    return points, sig


def _reporting_points(c: _GenreCounts, g: dict) -> tuple[int, list[str]]:
    """Points and signals of reporting: attribution, a wire marker or dateline, narrative, no opinion cue."""
    points, sig = 0, []
    if c.att_share >= 0.3:
        points += 3
    elif c.att_share >= g["attributed_share_low"]:
        points += 1
    sig.append(f"attributed sentences {c.att_share:.0%}")
    if c.wire:
        points += 2
        sig.append(f"wire agency marker {c.wire}")
    elif c.dateline is not None and c.dateline.place:
        points += 2
        sig.append(f"dateline with place ({c.dateline.place})")
    elif c.dateline is not None:
        sig.append("dateline without place")
    if c.narrative / c.n >= g["narrative_share"]:
        points += 1
        sig.append(f"event and statistic sentences {c.narrative / c.n:.0%}")
    if not c.fp and not c.ex and not c.rq:
        if not c.cta and c.rate < g["evaluative_rate_low"]:
            points += 2
            sig.append("no opinion cue (first person, evaluation, question, exclamation, call to action)")
        else:
            points += 1
            sig.append("no first person, exclamations or questions")
    return points, sig


def _index(state) -> dict[str, dict[int, list]]:
    return {
        "quantities": _by_sentence(state.quantities, lambda q: q.sentence_index),
        "events": _by_sentence(state.events, lambda e: e.evidence.sentence_index),
        "dates": _by_sentence(state.dates, lambda d: d.sentence_index),
    }


def classify(state) -> tuple[list[Sentence], str, list[str]]:
    """Sentences with kind, signals, check-worthiness and support; the genre and its signals."""
    cues = _cues()
    results: dict[int, _Result] = {}
    out: list[Sentence] = []
    doc_quoted = _doc_quoted(state.doc)
    index = _index(state)
    ents_by_sentence: dict[int, list] = {}
    for ent in state.doc.ents:
        j = state.sentence_at(ent.start_char)
        if j is not None:
            ents_by_sentence.setdefault(j, []).append(ent)
    for i, s in enumerate(state.sentences):
        if s.heading:
            results[i] = _Result(kind="other", signals=["heading"], checkworthy=0.0, unsupported=False)
            out.append(s.model_copy(update={"kind": "other", "kind_signals": ["heading"], "checkworthy": 0.0, "unsupported": False}))
            continue
        r = _classify_sentence(i, s, state, cues, ents_by_sentence.get(i, []), doc_quoted, index)
        results[i] = r
        out.append(s.model_copy(update={"kind": r.kind, "kind_signals": r.signals, "checkworthy": r.checkworthy, "unsupported": r.unsupported}))
    genre, signals = _genre(state, results, cues)
    return out, genre, signals
