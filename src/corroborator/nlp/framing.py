"""Stage: framing — scare quotes, loaded terms and labels (with who applied them).

``extract(state) -> Framing``

* **Scare quotes.** Every pair of quote marks (curly “ ”, straight " ", and single
  ‘ ’ where the closing mark is not an apostrophe) is judged as one of:
  ``title`` (a capitalised name of a document, programme or work),
  ``quotation`` (a long quote, a full clause, or one introduced by a speech verb
  or a colon), ``partial quotation`` (a short quote inside words reported from a
  named speaker: "she called them “terrorists”"), ``mention`` (a word quoted as a
  word: "the term “coup”"), ``gloss``/``nickname``, or a **scare quote**: a short
  quoted phrase the author puts in quotes without giving anyone's speech. Only
  scare quotes are returned; ``reason`` says why each one was kept.
* **Loaded terms** come from the ``framing_lexicon`` codebook: the project's own entries
  (term or token pattern, category, note), matched on lower case and lemma, and the
  evaluative adjectives of a published subjectivity lexicon (pattern's, PDDL) extracted
  into the codebook, matched only in adjectival use and minus the words wire copy uses as
  plain description. Words inside quoted sentences are the speaker's
  and are not reported (short labels quoted from a speaker are). Quoted terms of law or office, quoted verb phrases (orders,
  slogans) and items of a list of quotes are not scare quotes.
* **Labels** come from the ``labels`` codebook (label families: coup,
  political-position, violence-actor ...). Each match gets a ``target`` (the
  person, group or event labelled, read from the dependency parse) and ``used_by``:
  the speaker of the words when the label sits in reported speech (a speech verb
  or claim noun in the same sentence, or the sentence's attribution), else
  ``"author"``.

The stage needs no spaCy pipeline of its own: codebook phrases are split with
:func:`term_tokens` and compared with the Doc's tokens. Scores on annotated data:
:mod:`corroborator.run.eval_framing`.
"""

from __future__ import annotations

import bisect
import functools
import logging
import re
from dataclasses import dataclass
from typing import Optional

from spacy.matcher import Matcher
from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan
from spacy.util import filter_spans

from ..lexicons import codebook
from ..contract.records import Framing, LoadedTerm, ScareQuote, UsedLabel
from .mentions import Mentions, PersonIndex, pronoun_gender, pronoun_words

logger = logging.getLogger(__name__)

__all__ = ["extract", "label_family", "classify_quotes", "QuoteJudgement", "term_tokens"]

# ----------------------------------------------------------------- word lists

_CUES = codebook.load("framing_lexicon")["cues"]


def _words(key: str) -> frozenset:
    return frozenset(w.lower() for w in _CUES[key]["words"])


def _alternation(words) -> str:
    """A regex alternation of phrases, longest first, spaces matching any whitespace."""
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))


#: verbs that report someone's words or label someone (lemmas)
SAY_VERBS = _words("say_verbs")
#: verbs whose object or predicate is a label given to someone ("labelled X criminals")
LABEL_VERBS = _words("label_verbs")
#: nouns that carry someone's words ("her claim that ...")
CLAIM_NOUNS = _words("claim_nouns")
#: "X would have us believe ..."
CAUSATIVE_HEADS = _words("causative_heads")
BELIEF_VERBS = _words("belief_verbs")
SUBJ_DEPS = frozenset({"nsubj", "nsubjpass", "csubj", "csubjpass", "expl"})
FIRST_PERSON = _words("first_person")
PERSON_PRONOUNS = pronoun_words().person  # the mention layer's pronoun classes
PLURAL_PRONOUNS = pronoun_words().plural
QUANTIFIER_HEADS = _words("quantifier_heads")
SMALL_WORDS = _words("small_words")
TERM_CUES = _words("term_cues")
ACCUSE_VERBS = _words("accuse_verbs")
FORMAL_ACTION_VERBS = _words("formal_action_verbs")
GROUND_PREPOSITIONS = _words("ground_prepositions")
#: '“...”, as officials call it': the speaker named right after the quote
SPEAKER_AFTER = re.compile(
    r"^\W{0,3}\s*as\s+((?:[\w’'.-]+\s+){0,5}?[\w’'.-]+)\s+(?:" + _alternation(_CUES["speaker_after"]["words"]) + r")\s+(?:it|them|this|that|him|her)\b",
    re.IGNORECASE,
)

MAX_SCARE_WORDS = 6
TITLE_CUES = re.compile(
    r"(?:\b(?:titled|entitled|headlined|headed|named|the\s+(?:" + _alternation(_CUES["title_nouns"]["words"]) + r"))\s*[,:]?\s*)$",
    re.IGNORECASE,
)
MENTION_CUES = re.compile(
    r"\b(?:" + _alternation(_CUES["mention_words"]["words"]) + r")\s*[,:]?\s*(?:(?:" + _alternation(_CUES["mention_links"]["words"])
    + r")\s+)?$",
    re.IGNORECASE,
)
GLOSS_CUES = re.compile(r"(?:\(\s*|\b(?:" + _alternation(_CUES["gloss_words"]["words"]) + r")\s*,?\s*)$", re.IGNORECASE)
SPEECH_INTRO = re.compile(
    r"(?:[:]\s*|\b(?:" + _alternation(_CUES["speech_intro"]["words"]) + r"|according\s+to\s+[^,“\"]{1,60}),?\s*)$",
    re.IGNORECASE,
)
SO_CALLED = re.compile(r"\b(?:" + _alternation(_CUES["distancing"]["words"]) + r")\s*$", re.IGNORECASE)
#: what may stand between two items of one list of quotes: '“a”, “b” and “c”'
_LIST_GAP = re.compile(r"^\s*(?:,|,?\s*(?:and|or))\s*$")

_CURLY = re.compile(r"“([^“”\n]{1,600}?)”")
_STRAIGHT = re.compile(r'(?<![\w"])"(?=\S)([^"\n]{1,600}?)(?<=\S)"(?!\w)')
_SINGLE = re.compile(r"(?<![\w‘’'])‘(?=\S)([^‘\n]{1,300}?)(?<=[^\s])’(?!\w)")
_DOUBLED_SINGLE = re.compile(r"(?<![\w'])''(?=\S)([^'\n]{1,300}?)(?<=\S)''(?!\w)")
_POSSESSIVE = re.compile(r"(?:['’]s|['’])$")

#: how a phrase of a codebook splits into spaCy tokens (English rules: clitics, hyphens, punctuation)
_TERM_TOKENS = re.compile(
    r"[’']s\b|n[’']t\b|[’'](?:re|ll|ve|d|m)\b|\d+(?:[.,]\d+)*|\w+?(?=n[’']t\b)|\w+(?:[’'](?!(?:s|re|ll|ve|d|m)\b)\w+)*|[^\w\s]"
)


def term_tokens(phrase: str) -> tuple[str, ...]:
    """The lower-case tokens spaCy's English tokenizer makes of a codebook phrase."""
    return tuple(m.group(0).lower() for m in _TERM_TOKENS.finditer(phrase))


# ------------------------------------------------------------------ codebooks


class _TermIndex:
    """Token sequences of codebook phrases, found in a Doc by lower-case form or lemma.

    Built from the codebook alone (no spaCy pipeline): phrases are split with
    :func:`term_tokens`, and a Doc's tokens are compared by ``lower_`` (and by
    ``lemma_`` for entries matched by lemma, written in their base form)."""

    def __init__(self):
        self.first: dict[str, list[tuple[tuple[str, ...], int, bool]]] = {}
        self.entries: list[dict] = []

    def add(self, phrase: str, entry: dict, lemma: bool) -> None:
        words = term_tokens(phrase)
        if not words:
            return
        self.entries.append(entry)
        self.first.setdefault(words[0], []).append((words, len(self.entries) - 1, lemma))

    def finish(self) -> "_TermIndex":
        for seqs in self.first.values():
            seqs.sort(key=lambda x: len(x[0]), reverse=True)
        return self

    def find(self, lows: list[str], lemmas: list[str]) -> list[tuple[int, int, dict]]:
        """Every (start, end, entry) whose words match at a position (overlaps allowed)."""
        out = []
        n = len(lows)
        first = self.first
        for j in range(n):
            cands = first.get(lows[j], ())
            if lemmas[j] != lows[j]:
                cands = [*cands, *first.get(lemmas[j], ())]
            for words, k, lemma in cands:
                m = len(words)
                if j + m > n:
                    continue
                if tuple(lows[j : j + m]) == words or (lemma and tuple(lemmas[j : j + m]) == words):
                    out.append((j, j + m, self.entries[k]))
        return out


@functools.lru_cache(maxsize=1)
def _lexicon_index() -> _TermIndex:
    lex = codebook.load("framing_lexicon")
    index = _TermIndex()
    for entry in lex["entries"]:
        if "term" in entry:
            lemma = entry.get("match", "lemma") == "lemma"
            index.add(entry["term"], entry, lemma)
            plural = _plural(entry["term"]) if lemma else None
            if plural:  # the tagger leaves rare plurals unlemmatised ("lackeys")
                index.add(plural, entry, False)
    return index.finish()


def _plural(term: str) -> Optional[str]:
    """The regular plural of a phrase's last word (lackey -> lackeys, crony -> cronies), or None."""
    head, _, last = term.rpartition(" ")
    if not last.isalpha() or last.endswith(("s", "ly")):
        return None
    if last.endswith(("x", "ch", "sh")):
        last += "es"
    elif last.endswith("y") and last[-2:-1] not in "aeiou":
        last = last[:-1] + "ies"
    else:
        last += "s"
    return f"{head} {last}" if head else last



@functools.lru_cache(maxsize=1)
def _pattern_entries() -> tuple[dict, ...]:
    """The codebook's token-pattern entries (read once; the codebook is immutable data)."""
    return tuple(e for e in codebook.load("framing_lexicon")["entries"] if "pattern" in e)


def _pattern_matcher(vocab):
    """spaCy Matcher over the Doc's own vocabulary for the codebook's token-pattern entries
    (None when there are none). Built per document from the vocab handed in: no pipeline is
    loaded and nothing is kept in module state (a handful of patterns cost microseconds)."""
    entries = _pattern_entries()
    if not entries:
        return None, {}
    matcher, index = Matcher(vocab), {}
    for i, entry in enumerate(entries):
        key = f"corroborator_lex{i}"
        index[vocab.strings.add(key)] = entry
        matcher.add(key, [entry["pattern"]])
    return matcher, index


@functools.lru_cache(maxsize=1)
def _evaluative() -> dict[str, dict]:
    """Evaluative adjectives of the published lexicon (word -> an entry-like dict)."""
    out = dict(_evaluative_all())
    for word in codebook.load("framing_lexicon")["evaluative_lexicon"]["news_register"]["words"]:
        out.pop(word, None)
    return out


@functools.lru_cache(maxsize=1)
def _evaluative_all() -> dict[str, dict]:
    """The same, news-register words included (they still evaluate, but are not reported as loaded)."""
    sec = codebook.load("framing_lexicon")["evaluative_lexicon"]
    out: dict[str, dict] = {}
    for word, value in sec["pattern"]["words"].items():
        out.setdefault(word, {"category": "evaluative", "source": "pattern", "value": value})
    for word in sec["news_register"]["words"]:
        out.setdefault(word, {"category": "evaluative", "source": "news_register", "value": None})
    return out


@functools.lru_cache(maxsize=1)
def _label_index() -> _TermIndex:
    index = _TermIndex()
    for entry in codebook.load("labels")["labels"]:
        for form in entry["forms"]:
            index.add(form, entry, False)
    return index.finish()


@functools.lru_cache(maxsize=1)
def _family_index() -> dict[str, str]:
    out: dict[str, str] = {}
    for entry in codebook.load("labels")["labels"]:
        for form in entry["forms"]:
            out.setdefault(form.lower(), entry["family"])
    return out


def label_family(word: str) -> Optional[str]:
    """The family of a label word as used ("coup" -> "coup", "left-wing" -> "political-position")."""
    return _family_index().get(word.lower().strip())


def lexicon_version() -> str:
    return f"framing_lexicon-{codebook.version('framing_lexicon')}+labels-{codebook.version('labels')}"


# ------------------------------------------------------------ parse helpers


@dataclass
class _Context:
    """What helpers need from the pipeline state (kept small so tests can build it)."""

    doc: Doc
    attributions: dict
    sent_of: callable  # token -> sentence index
    text: str = ""  # doc.text (spaCy rebuilds it on every access: read it once)
    lows: list = None  # token.lower_ of every token, read once
    lemmas: list = None  # token.lemma_ (lower case) of every token
    ents: "_EntIndex" = None  # the entity of each token, the PERSON entities (built once per call)
    people: Optional[PersonIndex] = None  # the mention layer's persons (pronoun antecedents, surnames)
    mentions: Optional[Mentions] = None  # the mention layer: the person named at a token (name_at)

    def __post_init__(self):
        if self.lows is None:
            self.lows = [t.lower_ for t in self.doc]
        if self.lemmas is None:
            self.lemmas = [t.lemma_.lower() for t in self.doc]
        if self.ents is None:  # (spaCy builds a new tuple of spans on every doc.ents access)
            self.ents = _EntIndex(self.doc, tuple(self.doc.ents))

    def ent_of(self, i: int) -> Optional[SpacySpan]:
        """The entity that contains token ``i``, if any."""
        return self.ents.at.get(i)


class _EntIndex:
    """The entity of each token, built once per Doc: a scan of every entity for each token
    looked up is quadratic in the length of the text."""

    def __init__(self, doc: Doc, ents: tuple) -> None:
        self.at: dict[int, SpacySpan] = {i: e for e in ents for i in range(e.start, e.end)}


def _ent_of(doc: Doc, i: int) -> Optional[SpacySpan]:
    """The entity that contains token ``i`` (a one-off lookup that indexes the Doc's entities; the
    stage itself looks up through :meth:`_Context.ent_of`, indexed once per call)."""
    return _EntIndex(doc, tuple(doc.ents)).at.get(i)


class _Ranges:
    """Membership of a character offset in any of a list of [start, end) ranges (which may
    overlap), by bisection on the starts and a running maximum of the ends."""

    def __init__(self, ranges) -> None:
        rs = sorted((s, e) for s, e in ranges)
        self.starts = [s for s, _ in rs]
        self.max_end: list[int] = []
        top = None
        for _, e in rs:
            top = e if top is None or e > top else top
            self.max_end.append(top)

    def __bool__(self) -> bool:
        return bool(self.starts)

    def __contains__(self, pos: int) -> bool:
        j = bisect.bisect_right(self.starts, pos) - 1
        return j >= 0 and self.max_end[j] > pos


def _strip_possessive(text: str) -> str:
    return _POSSESSIVE.sub("", text.strip())


def _canonical(ctx: _Context, text: str) -> str:
    """A name without its possessive; a lone surname or first name expanded to the one full name
    the mention layer gives it."""
    name = _strip_possessive(text)
    if ctx.people is not None and " " not in name:
        return ctx.people.full_name(name)
    return name


def _person_name(ctx: _Context, tok: Token) -> Optional[str]:
    """The name of the person the mention layer reads at ``tok`` (a PERSON entity, a name a title
    introduces, a full name or surname the recogniser left untagged): the person's one name, or
    the name as written when several persons carry it; None where the layer reads no name."""
    mention = ctx.mentions.name_at(tok) if ctx.mentions is not None else None
    if mention is None:
        return None
    return mention.person.name if mention.person is not None else mention.text


def _np_tokens(tok: Token, with_conj: bool = True) -> list[Token]:
    """Tokens of the noun phrase headed by ``tok`` (no relative clauses, no trailing punctuation)."""
    keep: list[Token] = []

    def walk(t: Token, top: bool):
        keep.append(t)
        for child in t.children:
            dep = child.dep_
            if dep in ("relcl", "acl", "advcl", "parataxis", "punct", "appos") and not (dep == "punct" and child.text in "-–"):
                continue
            if dep == "prep" and child.lower_ != "of":
                continue
            if dep in ("conj", "cc") and not (with_conj and top):
                continue
            walk(child, top and dep in ("conj", "cc"))

    walk(tok, True)
    keep.sort(key=lambda t: t.i)
    # keep a contiguous run around the head
    lo = hi = keep.index(tok)
    while lo > 0 and keep[lo - 1].i == keep[lo].i - 1:
        lo -= 1
    while hi < len(keep) - 1 and keep[hi + 1].i == keep[hi].i + 1:
        hi += 1
    run = keep[lo : hi + 1]
    while run and (run[-1].is_punct or run[-1].is_space):
        run.pop()
    while run and (run[0].is_punct or run[0].is_space):
        run.pop(0)
    return run or [tok]


def _span_text(doc: Doc, toks: list[Token]) -> str:
    if not toks:
        return ""
    return doc[toks[0].i : toks[-1].i + 1].text


def _resolve_pronoun(ctx: _Context, tok: Token) -> Optional[str]:
    """A name for a pronoun: nearest preceding PERSON for he/she, earlier subject for they."""
    low = tok.lower_
    if low in FIRST_PERSON:
        return "author"
    si = ctx.sent_of(tok)
    att = ctx.attributions.get(si) if ctx.attributions else None
    if att is not None and att.resolved_from and att.resolved_from.lower() == low and att.speaker:
        return att.speaker
    doc = ctx.doc
    if low in PERSON_PRONOUNS:  # the mention layer's one person resolver
        name = ctx.people.last_person_before(tok.idx, pronoun_gender(low)) if ctx.people is not None else None
        return _canonical(ctx, name) if name else None
    if low in PLURAL_PRONOUNS:
        # nearest earlier non-pronoun subject that names a group
        for j in range(tok.i - 1, max(tok.i - 120, -1), -1):
            t = doc[j]
            if t.dep_ in ("nsubj", "nsubjpass") and t.pos_ in ("NOUN", "PROPN") and (
                t.tag_ in ("NNS", "NNPS") or t.ent_type_ in ("ORG", "NORP") or any(c.dep_ == "conj" for c in t.children)
            ):
                return _speaker_text(ctx, t, resolve=False)
        return None
    return None


def _speaker_text(ctx: _Context, tok: Token, resolve: bool = True) -> Optional[str]:
    """Readable name for the subject token of a speech verb."""
    if tok.pos_ == "PRON":
        return _resolve_pronoun(ctx, tok) if resolve else None
    if tok.lower_ in QUANTIFIER_HEADS:
        # "Much of the liberal media" -> "the liberal media"
        for child in tok.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                objs = [c for c in child.children if c.dep_ == "pobj"]
                if objs:
                    return _speaker_text(ctx, objs[0], resolve)
    if not any(c.dep_ == "conj" for c in tok.children):
        name = _person_name(ctx, tok)
        if name:
            return name
    toks = _np_tokens(tok)
    return _span_text(ctx.doc, toks)


def _subject(tok: Token) -> Optional[Token]:
    for child in tok.children:
        if child.dep_ in ("nsubj", "nsubjpass", "csubj"):
            return child
    return None


def _agent(tok: Token) -> Optional[Token]:
    for child in tok.children:
        if child.dep_ == "agent":
            for obj in child.children:
                if obj.dep_ == "pobj":
                    return obj
    return None


def _is_passive(tok: Token) -> bool:
    return any(c.dep_ in ("auxpass", "nsubjpass") for c in tok.children) or (tok.tag_ == "VBN" and tok.dep_ in ("acl", "pcomp", "oprd"))


def _clause_subject(tok: Token) -> Optional[Token]:
    """The subject of ``tok``'s clause, climbing to governing verbs for infinitives and gerunds."""
    node = tok
    for _ in range(8):
        subj = _subject(node)
        if subj is not None:
            # "investigations which had been opened ..., accusing him": the antecedent
            if subj.lower_ in ("which", "who", "that") and node.dep_ == "relcl" and node.head != node:
                return node.head
            return subj
        if node.dep_ == "acl" and node.tag_ == "VBG" and node.head != node:
            return node.head  # "investigations ..., accusing him of": the noun does the accusing
        if node.dep_ in ("xcomp", "pcomp", "acl", "prep", "pobj", "advcl", "conj", "oprd", "dobj") and node.head != node:
            node = node.head
            if node.pos_ == "NOUN" and node.dep_ not in ("ROOT",):
                poss = [c for c in node.children if c.dep_ == "poss"]
                if poss:
                    return poss[0]
            continue
        return None
    return None


@dataclass
class _Speaker:
    name: str  # canonical name, "author", or "unnamed others"
    kind: str  # named | pronoun | group | unnamed | author
    verb: Optional[Token] = None


def _speaker_for(ctx: _Context, tok: Token) -> Optional[_Speaker]:
    """Who the words at ``tok`` are reported from, if the sentence reports someone's words.

    Climbs the dependency tree from ``tok``; the first speech verb or claim noun on
    the way decides. ``None`` means the words are the author's own."""
    node = tok
    for _ in range(14):
        parent = node.head
        if parent == node:
            return None
        lem = parent.lemma_.lower()
        if parent.pos_ in ("VERB", "AUX") and lem in SAY_VERBS and not _reported_path(node, tok):
            node = parent  # "police charged the crowd": an object, not reported words
            continue
        if parent.pos_ in ("VERB", "AUX") and lem in SAY_VERBS:
            if node.dep_ in SUBJ_DEPS:
                return None  # the words are in the speaker's own name ("the rioters said")
            subj = _subject(parent)
            agent = _agent(parent)
            if agent is not None:
                return _speaker_from_token(ctx, agent, parent)
            if subj is not None and not (subj.dep_ == "nsubjpass"):
                return _speaker_from_token(ctx, subj, parent)
            if _is_passive(parent) or (subj is not None and subj.dep_ == "nsubjpass"):
                return _Speaker("unnamed others", "unnamed", parent)
            # infinitive / gerund: "accused of calling them ..." -> subject of the governing clause
            csubj = _clause_subject(parent)
            if csubj is not None:
                return _speaker_from_token(ctx, csubj, parent)
            return None
        if parent.pos_ in ("VERB", "AUX") and lem in BELIEF_VERBS:
            subj = _subject(parent)
            if subj is not None and subj.lower_ in FIRST_PERSON and parent.head.lemma_.lower() in CAUSATIVE_HEADS:
                hsubj = _subject(parent.head)
                if hsubj is not None:
                    return _speaker_from_token(ctx, hsubj, parent.head)
        if parent.pos_ == "NOUN" and lem in CLAIM_NOUNS and node.dep_ in ("acl", "ccomp", "relcl", "prep", "appos", "attr", "pobj"):
            for child in parent.children:
                if child.dep_ == "poss":
                    return _speaker_from_token(ctx, child, parent)
            for child in parent.children:
                if child.dep_ == "prep" and child.lower_ in ("by", "from", "of") and child != node:
                    objs = [c for c in child.children if c.dep_ == "pobj" and (c.ent_type_ in ("PERSON", "ORG", "NORP") or c.pos_ == "PROPN")]
                    if objs:
                        return _speaker_from_token(ctx, objs[0], parent)
        node = parent
    return None


def _attribution_speaker(att, state_offset: Optional[int]) -> Optional[_Speaker]:
    """A speaker from the attribution stage's record for the sentence (None if it is the author)."""
    kind = getattr(att, "kind", None) or "named"
    if kind == "author" or not att.speaker:
        return None
    if state_offset is not None and att.start is not None and att.end is not None and att.start <= state_offset < att.end:
        return None  # the words are the speaker phrase itself
    if kind in ("passive",) or att.speaker == "unnamed":
        return _Speaker("unnamed others", "unnamed")
    if kind in ("named", "pronoun", "group"):
        return _Speaker(att.speaker, "named" if kind == "group" else kind)
    return _Speaker(att.speaker, "group")


def _reported_path(node: Token, start: Token) -> bool:
    """Does ``node`` hang from a speech verb as the words reported (not as a plain object)?"""
    dep = node.dep_
    if dep in ("ccomp", "xcomp", "oprd", "attr", "acomp", "parataxis", "advcl", "csubj") or dep in SUBJ_DEPS:
        return True
    if dep == "prep" and node.lower_ in ("as", "of", "that", "for"):
        return True
    # the label or quote is itself the object: "said “enough”", "called them thugs"
    return dep in ("dobj", "npadvmod", "appos", "dative") and node.i == start.i


def _speaker_from_token(ctx: _Context, tok: Token, verb: Token) -> Optional[_Speaker]:
    low = tok.lower_
    if low in FIRST_PERSON:
        return None  # the author speaking
    if low == "it" and tok.dep_ == "nsubj" and not _is_passive(verb):
        # "what it called ...": a referring "it" (an institution), not "it is said"
        for j in range(tok.i - 1, max(tok.i - 60, -1), -1):
            t = ctx.doc[j]
            if t.dep_ in ("nsubj", "nsubjpass") and t.pos_ in ("NOUN", "PROPN") and t.tag_ in ("NN", "NNP"):
                return _Speaker(_speaker_text(ctx, t) or t.text, "pronoun", verb)
        return _Speaker("it", "pronoun", verb)
    if low == "it" or tok.dep_ == "expl":
        return _Speaker("unnamed others", "unnamed", verb)
    name = _speaker_text(ctx, tok)
    if not name:
        return _Speaker(tok.text, "pronoun", verb)
    if name == "author":
        return None
    if tok.pos_ == "PRON":
        kind = "pronoun"
    elif any(t.ent_type_ in ("PERSON", "ORG", "NORP", "GPE") or t.pos_ == "PROPN" for t in _np_tokens(tok)):
        kind = "named"
    elif not any(c.dep_ == "det" and c.lower_ in ("these", "those", "such") for c in tok.children):
        kind = "named"  # a speaker named by role: "the mayor", "officials", "the protesters"
    else:
        kind = "group"  # a common-noun group the author describes ("these proxy forces")
    return _Speaker(name, kind, verb)


# ------------------------------------------------------------- scare quotes


@dataclass
class QuoteJudgement:
    """One pair of quote marks and what it was judged to be (normalised offsets)."""

    start: int  # offset of the opening mark
    end: int  # offset after the closing mark
    inner: str
    kind: str  # scare | quotation | partial_quotation | title | mention | gloss | nickname | term
    reason: str
    speaker: Optional[str] = None


def _quote_spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, inner) for each quote pair; single quotes inside double ones are dropped."""
    found: list[tuple[int, int, str]] = []
    for rx in (_CURLY, _STRAIGHT, _DOUBLED_SINGLE):
        for m in rx.finditer(text):
            found.append((m.start(), m.end(), m.group(1)))
    found.sort()
    doubles = []
    for q in found:  # drop overlaps (mixed quote styles)
        if doubles and q[0] < doubles[-1][1]:
            continue
        doubles.append(q)
    singles = []
    inside_double = _Ranges((ds, de) for ds, de, _ in doubles)
    for m in _SINGLE.finditer(text):
        s, e = m.start(), m.end()
        if s in inside_double:
            continue
        singles.append((s, e, m.group(1)))
    return sorted(doubles + singles)


def _is_title_case(words: list[str]) -> bool:
    content = [w for w in words if w.lower() not in SMALL_WORDS]
    if len(content) < 2:
        return False
    return all(w[:1].isupper() or w[:1].isdigit() for w in content) and words[0][:1].isupper()


def _has_clause(span: SpacySpan) -> bool:
    """A subject and its finite verb both inside the quoted words."""
    for t in span:
        if t.dep_ in ("nsubj", "nsubjpass") and t.head.i >= span.start and t.head.i < span.end and t.head.pos_ in ("VERB", "AUX"):
            if t.lower_ not in ("who", "which", "that"):
                return True
    return False


_FINITE_OR_BASE = frozenset({"VB", "VBP", "VBZ", "VBD", "MD"})


def _term_cue(ctx: _Context, span: SpacySpan) -> Optional[str]:
    """A word of law, office or technique in the four words before the quote ("on charges of", "removed for")."""
    sent_start = span.sent.start
    j = span.start - 1
    while j >= sent_start and ctx.doc[j].is_punct and j >= span.start - 2:
        j -= 1  # the opening quote mark
    if j >= sent_start and ctx.lows[j] in GROUND_PREPOSITIONS:
        head = ctx.doc[j].head
        for _ in range(2):  # "removed him for", "charged him with", "on charges of"
            if head.lemma_.lower() in FORMAL_ACTION_VERBS:
                return f"{head.text} ... {ctx.doc[j].text}"
            head = head.head
    for k in range(j, max(sent_start, j - 4) - 1, -1):
        if ctx.lemmas[k] in TERM_CUES or ctx.lows[k] in TERM_CUES:
            return ctx.doc[k].text
        if ctx.doc[k].is_punct and ctx.lows[k] not in ("-", "–"):
            break
    return None


def _evaluative_words(ctx: _Context, span: SpacySpan) -> bool:
    """Does the quoted phrase hold a loaded, evaluative or labelling word?"""
    lows, lemmas = ctx.lows[span.start : span.end], ctx.lemmas[span.start : span.end]
    if _lexicon_index().find(lows, lemmas):
        return True
    evaluative = _evaluative_all()
    return any(w in evaluative and _adjectival(t) or t.pos_ == "ADV" and w in evaluative for w, t in zip(lows, span))


def classify_quotes(ctx: _Context) -> list[QuoteJudgement]:
    """Judge every pair of quote marks in the document."""
    doc = ctx.doc
    text = ctx.text or doc.text
    out: list[QuoteJudgement] = []
    quoted_from: dict[str, str] = {}  # inner (lower) -> speaker it was first quoted from
    for s, e, inner in _quote_spans(text):
        words = inner.split()
        if not words:
            continue
        span = doc.char_span(s + 1, e - 1, alignment_mode="expand")
        line_before = text[max(0, s - 80) : s].rsplit("\n", 1)[-1]
        prev = out[-1] if out else None
        judged = _judge_by_form(ctx, text, s, e, words, span, line_before, prev)
        if judged is None:
            speaker, from_sentence = _quote_speaker(ctx, span)
            judged = _judge_by_content(ctx, inner, words, span, line_before, speaker, from_sentence, quoted_from)
        kind, reason, who = judged
        out.append(QuoteJudgement(s, e, inner, kind, reason, who))
        if kind in ("quotation", "partial_quotation") and who:
            quoted_from.setdefault(inner.strip().lower(), who)
    return out


def _judge_by_form(ctx: _Context, text: str, s: int, e: int, words: list[str], span, line_before: str, prev) -> Optional[tuple]:
    """(kind, reason, speaker) from the quote's form and its cues: a title or name, a word quoted
    as a word, a gloss, a nickname, the next item of a list of quotes, words of a speaker named
    right after; None when none applies."""
    doc = ctx.doc
    n = len(words)
    # titles and names: two or more capitalised words ("Country Development Strategy", "Clean Hands")
    if _is_title_case(words) and n <= 14:
        return "title", "capitalised name of a document, programme, campaign or work", None
    if MENTION_CUES.search(line_before) and n <= MAX_SCARE_WORDS:
        return "mention", "a word quoted as a word (term/label/slogan)", None
    if n <= 3 and GLOSS_CUES.search(line_before) and not SO_CALLED.search(line_before):
        return "gloss", "a translation or gloss of the word before it", None
    if span is not None and span.start > 1 and span.end < len(doc) - 1 and n == 1 and words[0][:1].isupper():
        before, nxt = doc[span.start - 2], doc[span.end + 1]
        if before.pos_ == "PROPN" and nxt.pos_ == "PROPN":
            return "nickname", "a nickname between given name and surname", None
    if prev is not None and prev.kind != "scare" and _LIST_GAP.match(text[prev.end : s]):
        return prev.kind, f"next item of a list of quotes after “{prev.inner}” ({prev.kind})", prev.speaker
    after = SPEAKER_AFTER.match(text[e : e + 80])
    if after and n <= MAX_SCARE_WORDS:
        return "partial_quotation", f"words of {after.group(1)} (named after the quote)", after.group(1)
    return None


def _quote_speaker(ctx: _Context, span) -> tuple[Optional[_Speaker], bool]:
    """Who the quoted words are reported from, and whether that is known only from the
    sentence-level attribution."""
    if span is None:
        return None, False
    root = span.root
    sp = _speaker_for(ctx, root)
    from_sentence = False
    if sp is None and ctx.attributions:
        from_sentence = True
        att = ctx.attributions.get(ctx.sent_of(root))
        # a whole sentence reported from someone, with the quote inside it
        if att is not None and att.speaker:
            sp = _attribution_speaker(att, state_offset=None)
    return sp, from_sentence


def _judge_by_content(ctx: _Context, inner: str, words: list[str], span, line_before: str, speaker, from_sentence: bool, quoted_from: dict) -> tuple:
    """(kind, reason, speaker) from what is quoted and who says it: a quotation, a term, or a
    scare quote."""
    n = len(words)
    key = inner.strip().lower()
    name = speaker.name if speaker else None
    if n > MAX_SCARE_WORDS:
        return "quotation", f"long quotation ({n} words)", name
    if span is not None and n >= 3 and _has_clause(span) and (inner.rstrip()[-1:] in ".!?," or words[0][:1].isupper() or speaker):
        return "quotation", "a full clause in quote marks", name
    if n >= 3 and SPEECH_INTRO.search(line_before):
        return "quotation", "introduced by a speech verb or colon", name
    if SO_CALLED.search(line_before):
        cue = SO_CALLED.search(line_before).group(0).strip()
        return "scare", f"short quoted phrase after “{cue}”", None
    if key in quoted_from and (speaker is None or from_sentence and speaker.name != quoted_from[key]):
        return "scare", f"repeats, without its speaker, a phrase quoted earlier from {quoted_from[key]}", None
    if speaker is not None and speaker.kind in ("named", "pronoun"):
        return "partial_quotation", f"short quote of words reported from {speaker.name}", speaker.name
    if span is not None and n >= 2 and span.root.pos_ in ("VERB", "AUX") and span.root.tag_ in _FINITE_OR_BASE:
        return "quotation", "a quoted verb phrase (words or an order reported, not a label)", name
    if span is not None:
        cue = _term_cue(ctx, span)
        if cue:
            return "term", f"a quoted term of law, office or technique (after “{cue}”)", None
        if n >= 3 and not _evaluative_words(ctx, span):
            return "term", f"quoted wording of {n} plain words (no evaluative word to distance from)", None
    if speaker is not None and speaker.kind == "group":
        return "scare", f"short quoted phrase inside a claim the author ascribes to {speaker.name}", None
    if speaker is not None:
        return "scare", f"short quoted phrase ({n} word{'s' if n > 1 else ''}) inside a claim reported without a speaker", None
    return "scare", f"short quoted phrase ({n} word{'s' if n > 1 else ''}) not attributed to any speaker", None


# ------------------------------------------------------------ loaded terms


_ADJ_TAGS = frozenset({"JJ", "JJR", "JJS"})
_PARTICIPLE_DEPS = frozenset({"amod", "acomp", "oprd", "conj", "attr"})


def _adjectival(tok: Token) -> bool:
    """Used as an adjective: tagged one, or a past participle modifying or predicated of a noun."""
    if tok.pos_ == "ADJ" or tok.tag_ in _ADJ_TAGS:
        return True
    return tok.tag_ == "VBN" and tok.dep_ in _PARTICIPLE_DEPS and not any(c.dep_ in ("auxpass", "agent", "dobj") for c in tok.children)


def _adverb_base(low: str, evaluative: dict) -> Optional[str]:
    """The evaluative adjective an -ly adverb is made from (cruelly -> cruel, angrily -> angry, horribly -> horrible)."""
    stem = low[:-2]
    for base in (stem, stem + "e", stem[:-1] + "y" if stem.endswith("i") else None, stem + "le" if stem.endswith("b") else None,
                 low[:-4] if low.endswith("ically") else None):
        if base and base in evaluative:
            return base
    return None


def _loaded_spans(ctx: _Context, speech=(), distanced=()) -> list[tuple[SpacySpan, dict]]:
    """Loaded terms of the codebook entries and evaluative adjectives, in the author's voice.

    Not reported: words inside quoted speech, mentions, titles and terms (``speech``; short
    labels quoted from a speaker are reported: the labels say who used them), evaluative adjectives
    inside scare quotes (``distanced``: the author distances themself from them). Words in
    reported speech without quote marks ("officials called them thugs") are reported: the
    labels part of the stage says who used them."""
    doc = ctx.doc
    cands: list[tuple[SpacySpan, dict]] = []
    for start, end, entry in _lexicon_index().find(ctx.lows, ctx.lemmas):
        span = doc[start:end]
        pos = entry.get("pos")
        if pos and (end - start != 1 or span[0].pos_ not in pos):
            continue
        cands.append((span, entry))
    matcher, pattern_entries = _pattern_matcher(doc.vocab)
    for key, start, end in matcher(doc) if matcher is not None else ():
        entry = pattern_entries[key]
        fs, fe = entry.get("focus", [0, None])
        toks = list(range(start, end))[fs:fe]
        if toks:
            cands.append((doc[toks[0] : toks[-1] + 1], entry))
    evaluative = _evaluative()
    for tok, low in zip(doc, ctx.lows):
        entry = evaluative.get(low)
        if entry is not None and _adjectival(tok) and not (tok.ent_type_ and tok.pos_ == "PROPN"):
            cands.append((doc[tok.i : tok.i + 1], entry))
        elif tok.pos_ == "ADV" and low.endswith("ly"):
            base = _adverb_base(low, evaluative)
            if base is not None:
                cands.append((doc[tok.i : tok.i + 1], {**evaluative[base], "base": base}))
    kept = []
    speech, distanced = _Ranges(speech), _Ranges(distanced)
    for span, entry in cands:
        if speech and span.start_char in speech:
            continue  # the speaker's words
        if entry.get("category") == "evaluative" and span.start_char in distanced:
            continue
        nxt = ctx.lows[span.end] if span.end < len(doc) else ""
        prv = ctx.lows[span.start - 1] if span.start > 0 else ""
        if nxt in entry.get("not_followed_by", ()) or prv in entry.get("not_preceded_by", ()):
            continue
        if "preceded_by" in entry and prv not in entry["preceded_by"]:
            continue
        need = entry.get("preceded_within")
        if need:
            before = doc[max(span.sent.start, span.start - need["window"]) : span.start]
            if not any(t.lemma_.lower() in need["lemmas"] for t in before):
                continue
        if span.start > 0 and ctx.lows[span.start - 1] in ("-", "–") and not doc[span.start - 1].whitespace_ and not doc[span.start - 2].whitespace_:
            continue  # the second half of a hyphenated word ("anti-regime"): a compound, not the term
        kept.append((span, entry))
    by_span = {}
    for span, entry in kept:  # one entry per span (alternatives for one term agree on the category)
        by_span.setdefault((span.start, span.end), (span, entry))
    longest = filter_spans([sp for sp, _ in by_span.values()])
    return [by_span[(sp.start, sp.end)] for sp in longest]


# ------------------------------------------------------------------- labels


def _target_of(ctx: _Context, span: SpacySpan, event: bool = False) -> Optional[str]:
    """The person, group or event a label applies to, read from the parse."""
    doc = ctx.doc
    root = span.root
    # conjoined labels share the first conjunct's role: "labelled criminals, terrorists"
    while root.dep_ == "conj" and root.head != root and root.head.pos_ in ("NOUN", "ADJ", "PROPN"):
        root = root.head
    dep = root.dep_
    head = root.head
    if event and dep in ("compound", "amod", "nmod"):
        return None  # "regime change operations": the label describes the operations, not an actor
    if dep in ("amod", "compound", "nmod") and head != root and head.pos_ in ("NOUN", "PROPN"):
        return _referent(ctx, head, exclude=set(range(span.start, span.end)))
    if dep in ("attr", "acomp", "oprd"):
        verb = head
        if verb.lemma_.lower() in LABEL_VERBS:
            obj = [c for c in verb.children if c.dep_ == "dobj"]
            if obj:
                return _referent(ctx, obj[0])
        subj = _subject(verb)
        if subj is not None and subj.lower_ not in ("it", "this", "that", "which", "who"):
            return _referent(ctx, subj)
        # "accused X of being communists"
        node = verb
        for _ in range(4):
            node = node.head
            if node.lemma_.lower() in LABEL_VERBS or node.lemma_.lower() in ACCUSE_VERBS:
                obj = [c for c in node.children if c.dep_ == "dobj"]
                if obj:
                    return _referent(ctx, obj[0])
                subj = _subject(node)
                if subj is not None and subj.dep_ == "nsubjpass":
                    return _referent(ctx, subj)
                csubj = _clause_subject(node)
                if csubj is not None:
                    return _referent(ctx, csubj)
            if node.head == node:
                break
        csubj = _clause_subject(verb)
        if csubj is not None and csubj.lower_ not in ("it", "this", "that"):
            return _referent(ctx, csubj)
        return None
    if dep in ("dobj", "oprd") and head.lemma_.lower() in LABEL_VERBS:
        # "being branded criminals" (passive): the subject; "called the protesters animals": the first object
        if any(c.dep_ == "auxpass" for c in head.children) or head.tag_ == "VBN":
            csubj = _clause_subject(head)
            return _referent(ctx, csubj) if csubj is not None else None
        objs = [c for c in head.children if c.dep_ == "dobj" and c.i != root.i and c.i < root.i]
        return _referent(ctx, objs[0]) if objs else None
    # possessor: "Castillo's coup", "his impeachment"
    for child in root.children:
        if child.dep_ == "poss":
            return _referent(ctx, child)
    # "the coup perpetrated by X", "a coup by X"
    for child in root.children:
        if child.dep_ == "acl":
            ag = _agent(child)
            if ag is not None:
                return _referent(ctx, ag)
        if child.dep_ == "prep" and child.lower_ in ("by", "of"):
            objs = [c for c in child.children if c.dep_ == "pobj"]
            if objs and (child.lower_ == "by" or objs[0].ent_type_ in ("PERSON", "ORG", "NORP", "GPE") or objs[0].pos_ in ("PROPN", "PRON")):
                return _referent(ctx, objs[0])
    # "X staged a coup", "his attempt to stage a coup"
    if dep in ("dobj", "nsubjpass") and head.pos_ == "VERB":
        subj = _agent(head) if dep == "nsubjpass" else _clause_subject(head)
        if subj is not None:
            return _referent(ctx, subj)
    # a group label used to refer to the group: keep its distinguishing modifiers
    if root.pos_ == "NOUN":
        mods = [c for c in root.children if c.dep_ in ("compound", "amod", "nmod") and (c.pos_ == "PROPN" or c.ent_type_ or "-" in c.text or c.i + 1 < len(doc) and doc[c.i + 1].text == "-")]
        if mods:
            toks = [t for t in _np_tokens(root, with_conj=False) if t.dep_ != "det"]
            return _span_text(doc, toks) or None
    return None


def _referent(ctx: _Context, tok: Token, exclude: Optional[set] = None) -> Optional[str]:
    """A readable name for the noun ``tok``: its entity, a resolved pronoun, or its core noun phrase."""
    doc = ctx.doc
    exclude = exclude or set()
    if tok.pos_ == "PRON":
        return _resolve_pronoun(ctx, tok)
    # "President Pedro Castillo": President -> compound of Castillo
    node = tok
    while node.dep_ == "compound" and node.head != node and node.head.pos_ in ("PROPN", "NOUN"):
        node = node.head
    name = _person_name(ctx, node)
    ent = ctx.ent_of(node.i) if node.ent_type_ else None
    if name or ent is not None and ent.label_ in ("ORG", "NORP", "GPE"):
        # a coordination ("Fujimori and the Popular Force", "Fujimori" tagged ORG) is the target
        # whole, except after a name the recogniser tagged PERSON, which keeps the person (coups
        # attaches such labels to the persons involved)
        if node.ent_type_ != "PERSON" and any(c.dep_ == "conj" for c in node.children):
            return _strip_possessive(_span_text(doc, _np_tokens(node)))
        return name or _strip_possessive(ent.text)
    if node.pos_ == "PROPN":
        toks = [t for t in _np_tokens(node) if t.dep_ != "det" and t.i not in exclude]
        return _canonical(ctx, _span_text(doc, toks)) if toks else None
    # "the left-wing mayor, Jon Pike": the person in apposition
    for child in node.children:
        if child.dep_ == "appos":
            name = _person_name(ctx, child)
            if name:
                return name
    # a common noun: possessor, compounds, proper-noun modifiers, "of" phrase
    keep = []
    for t in _np_tokens(node, with_conj=False):
        if t.i in exclude or t.dep_ in ("det", "advmod", "predet", "quantmod", "neg") or t.is_punct and t.text not in "’'":
            continue
        if t.dep_ == "amod" and not (t.pos_ == "PROPN" or t.ent_type_ in ("NORP", "GPE")):
            continue
        if t.head.i in exclude or any(a.i in exclude for a in t.ancestors if a.i > node.i - 8) and t.i < node.i and t.dep_ not in ("poss", "compound", "case"):
            continue
        keep.append(t)
    if not keep:
        return None
    parts = []
    for t in keep:
        if parts and t.text in ("’s", "'s", "’", "'"):
            parts[-1] += t.text
        else:
            parts.append(t.text)
    return " ".join(parts)


def _quote_enclosed(doc: Doc, span: SpacySpan) -> bool:
    if span.start == 0 or span.end >= len(doc):
        return False
    return doc[span.start - 1].text in ("“", '"', "‘", "'") and doc[span.end].text in ("”", '"', "’", "'")


_NAME_ENTS = frozenset({"ORG", "FAC", "WORK_OF_ART", "LAW", "EVENT", "PRODUCT"})
_META_NOUNS = _words("meta_nouns")


def _is_mention_or_name(ctx: _Context, sp: SpacySpan) -> bool:
    """True when a label word is mentioned rather than applied, or is part of a name or a hyphenated word."""
    doc = ctx.doc
    if sp.start > 0:
        prev = doc[sp.start - 1]
        # "anti-socialist", "pro-coup": a prefix glued on with a hyphen
        if prev.text in ("-", "–") and not prev.whitespace_ and sp.start > 1 and not doc[sp.start - 2].whitespace_:
            return True
    if sp.end < len(doc) and doc[sp.end].text == "-" and not doc[sp.end - 1].whitespace_:
        return True
    for t in sp:
        if t.ent_type_ in _NAME_ENTS:
            ent = ctx.ent_of(t.i)
            if ent is not None and (ent.end - ent.start) > len(sp) and any(w.is_title for w in ent if w.i not in range(sp.start, sp.end)):
                return True
    # "the labels left-wing and right-wing", "the term coup"
    node = sp.root
    while node.dep_ == "conj" and node.head != node:
        node = node.head
    if node.head.lemma_.lower() in _META_NOUNS and node.head.pos_ == "NOUN" and node.dep_ in ("appos", "compound", "amod", "dobj", "npadvmod", "nmod"):
        return True
    first = node.left_edge.i if node.dep_ != "ROOT" else sp.start
    left = doc[max(0, min(first, sp.start) - 4) : min(first, sp.start)]
    if any(t.lemma_.lower() in _META_NOUNS and t.pos_ == "NOUN" for t in left) and not any(t.is_punct and t.text not in "“\"‘" for t in left[-2:]):
        return True
    return False


def _names_a_unit(sp: SpacySpan) -> bool:
    """'riot police', 'riot gear', 'riot control': a label word as the compound modifier of a
    noun naming a kind of unit, equipment or task (``cues.unit_heads``) names that kind; it
    labels nobody ('coup plotters', 'terrorist cell' still do)."""
    root = sp.root
    head = root.head
    return root.dep_ == "compound" and head.i == sp.end and head.pos_ == "NOUN" and head.lemma_.lower() in _CUES["unit_heads"]["words"]


def _labels(ctx: _Context, state) -> list[UsedLabel]:
    doc = ctx.doc
    matches = _label_index().find(ctx.lows, ctx.lemmas)
    spans = []
    for start, end, entry in matches:
        sp = doc[start:end]
        if sp.root.pos_ in ("VERB", "AUX"):
            continue
        if entry.get("quoted_only") and not _quote_enclosed(doc, sp):
            continue
        if end < len(doc) and ctx.lows[end] in entry.get("not_followed_by", ()):
            continue  # "regime change": a policy, not a label of a government
        if _is_mention_or_name(ctx, sp):
            continue
        if _names_a_unit(sp):
            continue
        spans.append(sp)
    family_of = {}
    for start, end, entry in matches:
        family_of.setdefault((start, end), entry)
    out = []
    for sp in filter_spans(spans):
        si = ctx.sent_of(sp[0])
        speaker = _speaker_for(ctx, sp.root)
        used_by = speaker.name if speaker else None
        if used_by is None and ctx.attributions:
            att = ctx.attributions.get(si)
            if att is not None:
                o = state.span(sp.start_char, sp.end_char) if state is not None else None
                asp = _attribution_speaker(att, o.start if o is not None else None)
                used_by = asp.name if asp else None
        entry = family_of.get((sp.start, sp.end), {})
        target = _target_of(ctx, sp, event=entry.get("applies_to") == "event")
        label = sp.text.lower()
        if state is not None:
            o = state.span(sp.start_char, sp.end_char)
            start, end = o.start, o.end
        else:
            start, end = sp.start_char, sp.end_char
        out.append(UsedLabel(label=label, used_by=used_by or "author", target=target, start=start, end=end, sentence_index=si))
    return out


# -------------------------------------------------------------------- stage


def _context(state) -> _Context:
    doc = state.doc

    def sent_of(tok: Token) -> Optional[int]:
        return state.sentence_of_token(tok)

    ctx = _Context(doc=doc, attributions=state.attributions or {}, sent_of=sent_of, text=state.norm.text,
                   people=state.mentions.person_index(), mentions=state.mentions)
    return ctx


_LOADED_FIELDS = frozenset(LoadedTerm.model_fields)


def _matched_entry(span: SpacySpan, entry: dict) -> dict:
    """Which lexicon entry matched: the codebook term (or pattern), or the published lexicon's word."""
    if entry.get("category") == "evaluative":
        word = entry.get("base") or span.text.lower()
        return {"entry": word, "source": "pattern subjectivity lexicon (PDDL-1.0)"}
    if "term" in entry:
        return {"entry": entry["term"], "source": "framing_lexicon"}
    return {"entry": " ".join(str(t) for t in entry.get("pattern", [])), "source": "framing_lexicon"}


def extract(state) -> Framing:
    """Scare quotes, loaded terms and labels of one article (original offsets)."""
    ctx = _context(state)
    doc = state.doc
    scare = []
    speech: list[tuple[int, int]] = []  # normalised char ranges of words that are not the author's
    distanced: list[tuple[int, int]] = []  # scare quotes: words the author holds at a distance
    for q in classify_quotes(ctx):
        if q.kind == "partial_quotation":
            continue  # a short label quoted from a speaker ("called them “lackeys”"): loaded language all the same
        if q.kind != "scare":
            speech.append((q.start, q.end))
            continue
        distanced.append((q.start, q.end))
        outer = state.span(q.start, q.end)
        inner = state.span(q.start + 1, q.end - 1)
        scare.append(
            ScareQuote(text=inner.text, start=outer.start, end=outer.end, sentence_index=state.sentence_at(q.start), reason=q.reason)
        )
    loaded = []
    for span, entry in _loaded_spans(ctx, speech, distanced):
        o = state.token_span(span)
        extra = {k: v for k, v in _matched_entry(span, entry).items() if k in _LOADED_FIELDS}
        loaded.append(
            LoadedTerm(
                text=o.text, category=entry["category"], start=o.start, end=o.end, sentence_index=state.sentence_of_token(span[0]), **extra
            )
        )
    labels = _labels(ctx, state)
    return Framing(scare_quotes=scare, loaded_terms=loaded, labels=labels, lexicon=lexicon_version())
