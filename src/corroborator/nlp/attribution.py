"""Stage: attribution — who says what, and where the writer keeps a distance.

``extract(state) -> (dict[sentence_index, Attribution], dict[sentence_index, list[Hedge]])``

Attribution (one per sentence, the one that governs its main clause), read from
the dependency parse of ``state.sents[i]``:

* **verbal** — a reporting verb (``codebooks/reporting_verbs.json``, by lemma) in
  the main clause (ROOT, or a ``conj``/``parataxis`` of it, an ``as``-clause, or the
  top verb outside a quotation that the parser hung under the quoted words) with
  reported content: a ``ccomp`` ("X said that ..."), an ``xcomp`` for verbs that
  take one ("claims to be"), a prepositional complement ("admit to ...", "criticised
  X for ..."), a quotation it frames ('"...," X said.'), a colon ("X said:"), a
  parenthetical ("..., officials said, ..."), or a direct object for verbs that do
  not need a clause ("denied the charges"). Verbs marked ``needs_quote`` (chant,
  label, call, order ...) report only the quotation in their clause and may sit in a
  participial or relative clause ("..., chanting \"...\""). The speaker is the
  verb's ``nsubj`` (or that of the verb it hangs on), never a noun inside the
  quotation; when the subject follows the verb ('"...", declared to the press the
  Prime Minister X') the noun phrase after the verb is taken, skipping the audience
  or medium ("to the press", "in a statement"). ``by``-agents of passive verbs too.
  "It was reported that ..." / "X is said to ..." give kind ``passive`` with speaker
  ``"unnamed"``.
* **label** — 'X Y: "..."' (a transcript or interview label before a quotation).
* **according to X** — speaker X, verb ``"according to"``.
* **nominal** — a reporting noun with its author: a possessor ("her claim that"),
  ``by``/``from`` ("a statement from the ministry"), or the subject of a light verb
  ("X issued a statement saying", "X made references to \"...\"").

Quotations: double-quoted stretches are tracked over the whole text; a quotation
left open at a paragraph end continues when the next paragraph opens with a quote
mark. Every sentence that lies mostly inside a quotation takes the quotation's
speaker: the speaker of a reporting clause outside the marks in any of its
sentences, of a sentence ending in a colon just before it, of the previous
quotation in the same (or the directly preceding) paragraph, or of a credit line
("Jane Roe, director of ...") under it. A credit line also names the speaker of an
unquoted pull quote above it.

Speakers are canonicalised: titles dropped ("Peruvian Prime Minister Alberto
Otarola" -> "Alberto Otarola"; ``speaker_text`` keeps what is written), a lone
surname or first name expanded to the full name the article used, a definite role
("the president", "the prime minister") resolved to the person the article
introduced with that title (not a "former" one), a message noun to its author
("a statement from the ministry" -> "ministry"), "you" to a vocative ("Zhanar, you
said"), personal pronouns to the last person named before them whose gender (from
honorifics and gendered titles) does not clash and who is not named inside a
quotation, ``they`` to the group spoken of in the previous sentences, ``it`` to the
nearest organisation or titled work. A name is read by the mention layer
(``state.mentions.name_at``: its person's one name, as events' actors and framing's speakers get
it), and every other person lookup goes through one
:class:`~corroborator.nlp.mentions.PersonIndex` of the layer, the one the other stages read too.
Kinds: ``named`` (a person, by name or role), ``group`` (organisations, parties,
collectives), ``pronoun`` (resolved or not), ``passive`` (no speaker given) and
``source`` (an inanimate or unnamed source such as "the results" or "one
protester"). First-person speakers are the author and give no attribution.

Hedges (``codebooks/hedges.json``): distancing adverbs and adjectives
("allegedly", "so-called", "alleged"), epistemic markers ("apparently",
"appears to"), unnamed-source phrases ("it was reported"), confirmation hedges
("could not be confirmed", "has not been independently verified"), and contested
reporting verbs that report something ("claimed that", not "claimed 60% of the
vote"). Adjectival hedges count only as noun modifiers, so the verb in "X alleged
that" is not an adjectival hedge (it is a distancing verb). A confirmation hedge
whose subject points back ("This could not be verified.") is also attached to the
sentence before it, the claim it weakens.
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
from ..contract.records import Attribution, Hedge
from ._spans import entity_of
from .mentions import PersonIndex, clean_person_name, pronoun_words, strip_possessive, title_words

logger = logging.getLogger(__name__)

__all__ = ["extract", "stance_of"]

# spaCy entity labels (schema constants, not words)
GROUP_ENTS = frozenset({"ORG", "NORP", "GPE", "FAC", "LOC"})


@dataclass(frozen=True)
class _Lexicon:
    verbs: dict
    nouns: dict
    stances: dict
    titles: frozenset
    group_nouns: frozenset
    audience: frozenset
    according: tuple
    hedge_words: re.Pattern
    hedge_word_kind: dict
    hedge_adjectives: dict
    hedge_phrases: tuple  # (compiled regex, kind)
    anaphoric: frozenset  # subjects by which "could not be confirmed" points back
    first_person: frozenset
    person_pronouns: frozenset
    male_pronouns: frozenset
    female_pronouns: frozenset
    group_pronouns: frozenset
    thing_pronouns: frozenset
    relative: frozenset
    determiners: frozenset
    trailing: frozenset
    message_nouns: frozenset
    light_verbs: frozenset
    medium: frozenset
    quote_open: str
    quote_close: str
    quote_both: str
    quote_single_open: str
    quote_frame_verbs: frozenset
    generic_titles: frozenset
    author_preps: frozenset
    speaker_preps: frozenset


@functools.lru_cache(maxsize=1)
def _lexicon() -> _Lexicon:
    rv = codebook.load("reporting_verbs")
    hd = codebook.load("hedges")
    words = sorted(hd["words"], key=len, reverse=True)
    word_re = re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(w) for w in words) + r")(?![\w-])", re.I)
    return _Lexicon(
        verbs=rv["verbs"],
        nouns=rv["nouns"],
        stances=rv["stances"],
        titles=title_words().words,  # the mention layer owns the title words
        group_nouns=frozenset(g.lower() for g in rv["group_nouns"]),
        audience=frozenset(a.lower() for a in rv["audience_nouns"]),
        according=tuple(a.lower() for a in rv["according_to"]),
        hedge_words=word_re,
        hedge_word_kind={w.lower(): k for w, k in hd["words"].items()},
        hedge_adjectives={w.lower(): k for w, k in hd["adjectives"].items()},
        hedge_phrases=tuple((re.compile(p, re.I), k) for p, k in hd["phrases"].items()),
        anaphoric=_words(hd["anaphoric_subjects"]["words"]),
        first_person=_words(rv["pronouns"]["first_person"]),
        person_pronouns=pronoun_words().person,  # the mention layer's pronoun classes
        male_pronouns=pronoun_words().male,
        female_pronouns=pronoun_words().female,
        group_pronouns=pronoun_words().plural,
        thing_pronouns=pronoun_words().thing,
        relative=_words(rv["pronouns"]["relative"]),
        determiners=_words(rv["determiners"]["words"]),
        trailing=_words(rv["trailing_adjuncts"]["words"]),
        message_nouns=_words(rv["message_nouns"]["words"]),
        light_verbs=_words(rv["light_verbs"]["words"]),
        medium=_words(rv["medium_nouns"]["words"]),
        quote_open="".join(rv["quote_marks"]["open"]),
        quote_close="".join(rv["quote_marks"]["close"]),
        quote_both="".join(rv["quote_marks"]["both"]),
        quote_single_open="".join(rv["quote_marks"]["single_open"]),
        quote_frame_verbs=frozenset(k for k, e in rv["verbs"].items() if e.get("quote_frame")),
        generic_titles=title_words().generic,
        author_preps=_words(rv["author_prepositions"]["words"]),
        speaker_preps=_words(rv["speaker_prepositions"]["words"]),
    )


def _words(items) -> frozenset:
    return frozenset(w.lower() for w in items)


def stance_of(verb_lemma: str) -> Optional[str]:
    """The stance of a reporting verb lemma ("claim" -> "contested"), or None."""
    entry = _lexicon().verbs.get(verb_lemma.lower())
    return entry["stance"] if entry else None


# ------------------------------------------------------------------ persons


def _strip_the(text: str, lex: Optional[_Lexicon] = None) -> str:
    dets = lex.determiners if lex is not None else _lexicon().determiners
    parts = text.split(" ", 1)
    if len(parts) == 2 and parts[0].lower() in dets:
        return parts[1]
    return text


# --------------------------------------------------------------- quotations


@dataclass
class _Quotes:
    """Double-quoted stretches of the (normalised) text. A quotation left open at the end of a
    paragraph continues into the next paragraph when that one opens with a quote mark (the
    multi-paragraph convention); otherwise it ends with its paragraph. ``qid`` groups the
    segments of one quotation."""

    starts: list[int] = field(default_factory=list)
    ends: list[int] = field(default_factory=list)
    qid: list[int] = field(default_factory=list)
    closed: list[bool] = field(default_factory=list)

    def at(self, pos: int) -> Optional[int]:
        i = bisect.bisect_right(self.starts, pos) - 1
        if i >= 0 and pos < self.ends[i]:
            return i
        return None

    def inside(self, tok: Token) -> bool:
        return self.at(tok.idx) is not None

    def share(self, sent: SpacySpan) -> float:
        """The share of the sentence's characters that lie inside quotation marks."""
        s0, s1 = sent.start_char, sent.end_char
        if s1 <= s0:
            return 0.0
        i = max(bisect.bisect_right(self.starts, s0) - 1, 0)
        inside = 0
        while i < len(self.starts) and self.starts[i] < s1:
            inside += max(0, min(s1, self.ends[i]) - max(s0, self.starts[i]))
            i += 1
        return inside / (s1 - s0)

    def ids_in(self, sent: SpacySpan) -> list[int]:
        out: dict[int, None] = {}  # ordered and O(1) to test (a sentence may hold thousands)
        i = bisect.bisect_right(self.starts, sent.start_char) - 1
        i = max(i, 0)
        while i < len(self.starts) and self.starts[i] < sent.end_char:
            if self.ends[i] > sent.start_char:
                out.setdefault(self.qid[i])
            i += 1
        return list(out)


def _quotations(text: str, lex: _Lexicon) -> _Quotes:
    q = _Quotes()
    marks = lex.quote_open + lex.quote_close + lex.quote_both
    mark_re = re.compile("[" + re.escape(marks) + "]")
    open_at: Optional[int] = None
    qid = -1
    for para in re.finditer(r"[^\n]+", text):
        ps, pe = para.span()
        first = ps + len(para.group()) - len(para.group().lstrip())
        skip = None
        if open_at is not None:  # left open by the previous paragraph
            if first < pe and text[first] in marks and text[first] not in lex.quote_close:
                open_at, skip = first, first
            else:
                open_at = None
        for m in mark_re.finditer(text, ps, pe):
            c = m.start()
            if c == skip:
                continue
            ch = text[c]
            if open_at is None:
                if ch in lex.quote_close:
                    continue
                open_at = c
                qid += 1
            elif ch in lex.quote_open:
                continue  # an inner or stray opener
            else:
                q.starts.append(open_at)
                q.ends.append(c + 1)
                q.qid.append(qid)
                q.closed.append(True)
                open_at = None
        if open_at is not None:
            q.starts.append(open_at)
            q.ends.append(pe)
            q.qid.append(qid)
            q.closed.append(False)
    return q


# ---------------------------------------------------------------- speakers


@dataclass
class _Ctx:
    state: object
    lex: _Lexicon
    names: PersonIndex
    quotes: _Quotes
    prev: dict  # sentence index -> Attribution found so far
    text: str = ""  # the normalised text
    breaks: list = field(default_factory=list)  # offsets of the text's line breaks, in order


def _np_bounds(head: Token) -> tuple[int, int]:
    """Token range [start, end) of a noun phrase without relative clauses and appositions."""
    start, end = head.i, head.i + 1
    for child in head.children:
        if child.dep_ in ("relcl", "acl", "appos", "advcl", "punct", "cc", "conj") and child.i > head.i:
            continue
        if child.dep_ in ("prep", "punct", "npadvmod", "advmod") and child.i < head.i:
            continue  # 'On Thursday, a spokesperson ...' parsed with the noun as root
        if child.dep_ == "prep" and any(g.dep_ == "pobj" and g.ent_type_ in ("DATE", "TIME") for g in child.children):
            continue  # "statements on Tuesday": the date is not part of the source
        start = min(start, child.left_edge.i)
        end = max(end, child.right_edge.i + 1)
    doc = head.doc
    while start < end - 1 and (doc[start].is_punct or doc[start].is_space):
        start += 1
    while end - 1 > start and (doc[end - 1].is_punct or doc[end - 1].is_space):
        if doc[end - 1].text == ")" and any(doc[k].text == "(" for k in range(start, end - 1)):
            break  # "the Farmers Party (FP)"
        end -= 1
    return start, end


def _names_person(tok: Token) -> bool:
    """An apposition that names a person ("Its leader, Pavel Renk"), not an acronym or place."""
    return tok.ent_type_ == "PERSON" or (tok.pos_ == "PROPN" and tok.ent_type_ not in GROUP_ENTS)


def _subject_bounds(subj: Token) -> tuple[int, int]:
    """The subject as written, conjuncts included ("X and Y"), appositions dropped
    unless they name the speaker ("Its leader, Pavel Renk")."""
    start, end = _np_bounds(subj)
    for appos in subj.children:
        if appos.dep_ == "appos" and appos.i > subj.i and _names_person(appos) and subj.pos_ != "PROPN" and subj.tag_ not in ("NNS", "NNPS"):
            end = max(end, _np_bounds(appos)[1])
    for conj in subj.conjuncts:
        if conj.i > subj.i:
            s, e = _np_bounds(conj)
            end = max(end, e)
    return start, end


def _role_phrase(toks: list[Token], lex: _Lexicon) -> Optional[str]:
    """"the prime minister" -> "prime minister" when every word but the article is a title."""
    words = [t.lower_.rstrip(".") for t in toks if t.lower_ not in lex.determiners and not t.is_punct]
    office = [w for w in words if w not in lex.generic_titles]
    if office and all(w in lex.titles for w in words):
        return " ".join(office)
    return None


def _canonical_np(head: Token, ctx: _Ctx) -> tuple[str, str]:
    """(canonical name, kind) for a non-pronoun speaker noun phrase headed by ``head``."""
    found = _message_author(head, ctx)
    if found is not None:
        return found
    appos = next((c for c in head.children if c.dep_ == "appos" and c.ent_type_ == "PERSON"), None)
    if appos is not None and head.ent_type_ != "PERSON":  # "Amnesty's Director, Jane Roe, said"
        return _canonical_np(appos, ctx)
    found = _proper_np(head, ctx)
    if found is not None:
        return found
    appos = next((c for c in head.children if c.dep_ == "appos" and _names_person(c)), None)
    if appos is not None and head.tag_ not in ("NNS", "NNPS"):  # "Its leader, Pavel Renk, said"
        return _canonical_np(appos, ctx)
    return _common_np(head, ctx)


def _message_author(head: Token, ctx: _Ctx) -> Optional[tuple[str, str]]:
    """"a statement from the ministry", "the ministry's statement": the author speaks."""
    lex = ctx.lex
    if head.lemma_.lower() in lex.message_nouns or head.lower_ in lex.message_nouns:
        author = next((c for c in head.children if c.dep_ == "poss"), None)
        if author is None:
            for prep in head.children:
                if prep.dep_ == "prep" and prep.lower_ in lex.author_preps:
                    author = next((g for g in prep.children if g.dep_ == "pobj"), None)
                    if author is not None:
                        break
        if author is not None and author.lower_ not in lex.first_person:
            if author.pos_ == "PRON":
                resolved = _resolve_pronoun(author, head.sent.start, ctx)
                if resolved:
                    return resolved, "pronoun"
            else:
                return _canonical_np(author, ctx)
    return None


def _proper_np(head: Token, ctx: _Ctx) -> Optional[tuple[str, str]]:
    """A person's name as the mention layer reads it (``name_at``), or a named group."""
    lex, names = ctx.lex, ctx.names
    doc = head.doc
    # a name the mention layer reads here (a PERSON entity, a titled name, a full name or surname
    # the recogniser left untagged): its person's name, the same as events' actors and framing's
    # speakers; as written when several persons carry it
    mention = ctx.state.mentions.name_at(head)
    if mention is not None:
        return (mention.person.name if mention.person is not None else mention.text), "named"
    if head.pos_ == "PROPN":
        ent = _entity_of(head)
        if ent is not None and ent.label_ in GROUP_ENTS:
            start, end = _np_bounds(head)
            np_text = doc[start:end].text
            text = np_text if len(np_text) > len(ent.text) else ent.text
            return _strip_the(strip_possessive(text), lex), "group"
        name = _propn_chain(head, lex)
        if name:
            if head.ent_type_ in GROUP_ENTS or head.lower_ in lex.group_nouns:
                return _strip_the(name, lex), "group"
            return names.full_name(name), "named"
    return None


def _common_np(head: Token, ctx: _Ctx) -> tuple[str, str]:
    """A common noun phrase: the holder of a title named before ("the president"), a group, a
    titled person, or a source."""
    lex, names = ctx.lex, ctx.names
    doc = head.doc
    start, end = _np_bounds(head)
    text = _strip_the(doc[start:end].text, lex)
    poss = next((c for c in head.children if c.dep_ == "poss" and c.pos_ == "PROPN" and c.i == start), None)
    if poss is not None and names.full_name(poss.text) != poss.text:
        text = names.full_name(poss.text) + text[len(poss.text) :]  # "Alvarado's office" -> "Pedro Alvarado's office"
    role = _role_phrase(list(doc[start : head.i + 1]), lex)
    if role and not any(c.dep_ == "poss" for c in head.children):
        holder = names.holder_of(role, head.idx)  # "the president" -> the president named before
        if holder:
            return holder, "named"
    plural = head.tag_ in ("NNS", "NNPS")
    if head.lower_ in lex.group_nouns and head.ent_type_ != "PERSON":
        return text, "group"
    if not plural and (head.lemma_.lower() in lex.titles or head.lower_ in lex.titles):
        return text, "named"
    if plural and (head.lemma_.lower() in lex.titles or head.lemma_.lower() in lex.group_nouns):
        return text, "group"
    if head.lower_ in lex.group_nouns or head.lemma_.lower() in lex.group_nouns or head.ent_type_ in GROUP_ENTS:
        return text, "group"
    return text, "source"


_entity_of = entity_of


def _propn_chain(head: Token, lex: _Lexicon) -> Optional[str]:
    """The proper-noun compound ending at ``head`` ("Prime Minister Alberto Otarola"), titles
    dropped; a phrase of titles only keeps its words and what follows ("Prime Minister of Sri Lanka")."""
    run = _propn_run_left(head)
    if all(t.lower_.rstrip(".") in lex.titles for t in run):
        start, end = _np_bounds(head)
        return _strip_the(strip_possessive(head.doc[start:end].text), lex) or None
    while run and run[0].lower_.rstrip(".") in lex.titles and len(run) > 1:
        run = run[1:]
    doc = head.doc
    text = doc[run[0].i : run[-1].i + 1].text
    return strip_possessive(text) or None


def _propn_run_left(head: Token) -> list[Token]:
    """The contiguous proper nouns ending at ``head``, hyphenated parts included ("Kassym-Jomart")."""
    doc = head.doc
    run = [head]
    k = head.i - 1
    while k >= 0:
        t = doc[k]
        if t.pos_ == "PROPN" and t.dep_ in ("compound", "flat", "nmod") or (
            t.text == "-" and k > 0 and doc[k - 1].pos_ == "PROPN" and not doc[k - 1].whitespace_ and not t.whitespace_
        ):
            run.insert(0, t)
            k -= 1
            continue
        if t.pos_ == "PROPN" and run[0].text == "-":
            run.insert(0, t)
            k -= 1
            continue
        break
    while run and run[0].text == "-":
        run = run[1:]
    return run


@dataclass
class _Speaker:
    name: str
    kind: str
    start: Optional[int] = None  # normalised char offsets of the text as written
    end: Optional[int] = None
    resolved_from: Optional[str] = None


def _vocative(subj: Token, ctx: _Ctx) -> Optional[str]:
    """'Zhanar, you said ...': the person addressed at the start of the sentence."""
    sent = subj.sent
    first = sent[0]
    if first.pos_ != "PROPN" or first.dep_ == "nsubj":
        return None
    ent = _entity_of(first)
    if ent is not None and ent.label_ == "PERSON" and ent.start == first.i:
        comma, name = ent.end, clean_person_name(ent)
    else:
        comma, name = first.i + 1, first.text
    if comma < subj.i and sent.doc[comma].text == "," and name:
        return ctx.names.full_name(name)
    return None


def _speaker(subj: Token, sent_index: int, ctx: _Ctx) -> Optional[_Speaker]:
    lex = ctx.lex
    doc = subj.doc
    low = subj.lower_
    if low == "you":
        name = _vocative(subj, ctx)
        if name:
            return _Speaker(name=name, kind="named", start=subj.idx, end=subj.idx + len(subj.text), resolved_from=subj.text)
    if low in lex.first_person:
        return None
    if low in lex.relative and subj.head.dep_ == "relcl":
        subj = subj.head.head
        low = subj.lower_
    if subj.pos_ == "PRON" or low in lex.person_pronouns | lex.group_pronouns | lex.thing_pronouns:
        name = _resolve_pronoun(subj, sent_index, ctx)
        return _Speaker(
            name=name or subj.text,
            kind="pronoun",
            start=subj.idx,
            end=subj.idx + len(subj.text),
            resolved_from=subj.text if name else None,
        )
    start, end = _subject_bounds(subj)
    conjs = [c for c in subj.conjuncts if c.i > subj.i]
    if conjs:
        parts = [_canonical_np(h, ctx) for h in [subj] + conjs]
        name = " and ".join(p[0] for p in parts)
        kind = "group" if any(k == "group" for _, k in parts) else "named"
        if all(k == "named" for _, k in parts):
            kind = "group"  # several people speaking together
    else:
        name, kind = _canonical_np(subj, ctx)
    return _Speaker(name=name, kind=kind, start=doc[start].idx, end=doc[end - 1].idx + len(doc[end - 1].text))


def _resolve_pronoun(pron: Token, sent_index: int, ctx: _Ctx) -> Optional[str]:
    lex, names, state, prev = ctx.lex, ctx.names, ctx.state, ctx.prev
    low = pron.lower_
    if low in lex.person_pronouns:
        gender = "m" if low in lex.male_pronouns else "f" if low in lex.female_pronouns else None
        here = ctx.quotes.at(pron.idx)
        # a person named inside a quotation is a poor antecedent for a pronoun outside it
        not_in = None if here is not None else (lambda pos: ctx.quotes.at(pos) is not None)
        name = names.last_person_before(pron.idx, gender, not_in)
        if name and gender:
            names.gender.setdefault(name, gender)
        return name
    sent_start = state.sents[max(sent_index - 1, 0)].start_char
    if low in lex.group_pronouns:
        for j in (sent_index - 1, sent_index - 2):
            att = prev.get(j)
            if att is not None and att.kind in ("group", "pronoun") and att.speaker.lower() not in lex.group_pronouns:
                return att.speaker
        if sent_index > 0:
            root = state.sents[sent_index - 1].root
            subj = next((c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subj is not None and (subj.tag_ in ("NNS", "NNPS") or subj.conjuncts or subj.ent_type_ in GROUP_ENTS):
                s, e = _subject_bounds(subj)
                return _strip_the(state.doc[s:e].text, lex)
        return None
    if low in lex.thing_pronouns:
        return names.last_thing_before(pron.idx, sent_start)
    return None


# -------------------------------------------------------------- detection


def _is_main(tok: Token, quotes: _Quotes) -> bool:
    if tok.dep_ == "ROOT":
        return True
    if tok.dep_ in ("conj", "parataxis") and tok.head.dep_ == "ROOT":
        return True
    if tok.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ == "as" for c in tok.children):
        return True
    if _reduced_root(tok) or _parenthetical(tok) is not None:
        return True
    if not quotes.inside(tok):
        # the top verb outside a quotation whose words the parser made the root
        # ('..., the minister tweeted: "I resign."')
        head = tok.head
        while head.i != head.head.i and quotes.inside(head):
            head = head.head
        if quotes.inside(head) and head.dep_ == "ROOT":
            return True
    return False


def _reduced_root(tok: Token) -> bool:
    """'On Thursday, a spokesperson called on ...' parsed with the noun as root and the finite
    verb as its reduced relative clause: the noun is the subject."""
    return tok.dep_ == "acl" and tok.tag_ == "VBD" and tok.head.dep_ == "ROOT" and tok.head.pos_ in ("NOUN", "PROPN") and tok.i > tok.head.i


def _parenthetical(tok: Token) -> Optional[Token]:
    """The subject of a reporting clause set off by a comma after the main clause, which the
    parser hung under it: "..., state radio reported on Friday, part of ..." (advcl),
    "..., the countries announced on Saturday" (the noun as apposition, the verb as its clause)."""
    if tok.tag_ not in ("VBD", "VBZ", "VBP", "VBN") or tok.i < tok.sent.root.i or any(c.dep_ == "auxpass" for c in tok.children):
        return None
    doc = tok.doc
    if tok.dep_ in ("advcl", "parataxis"):
        subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
        if subj is not None and subj.i < tok.i and subj.left_edge.i > 0 and doc[subj.left_edge.i - 1].text == ",":
            if not any(c.dep_ in ("ccomp", "mark") for c in tok.children):
                return subj
    if tok.dep_ == "acl" and tok.head.pos_ in ("NOUN", "PROPN") and tok.head.dep_ in ("appos", "npadvmod") and tok.head.i < tok.i:
        left = tok.head.left_edge.i
        if left > 0 and doc[left - 1].text == ",":
            return tok.head
    return None


def _quote_in(tok: Token, ctx: _Ctx) -> bool:
    """A quotation (double or opening single quote) inside the clause of ``tok``."""
    doc = tok.doc
    lo, hi = tok.left_edge.i, tok.right_edge.i + 1
    if any(ctx.quotes.at(doc[k].idx) is not None for k in range(lo, hi)):
        return True
    return any(doc[k].text in ctx.lex.quote_single_open for k in range(lo, hi))


def _has_quote(sent: SpacySpan, ctx: _Ctx) -> bool:
    return bool(ctx.quotes.ids_in(sent))


def _content(verb: Token, entry: dict, sent: SpacySpan, ctx: _Ctx) -> bool:
    lex = ctx.lex
    deps = {c.dep_ for c in verb.children}
    if entry.get("needs_quote") and _quote_in(verb, ctx):
        return True
    if entry.get("on_xcomp") and any(c.dep_ == "prep" and c.lower_ == "on" for c in verb.children) and (
        "xcomp" in deps or any(g.dep_ in ("xcomp", "acl", "relcl") for c in verb.children if c.dep_ == "prep" for p in c.children for g in p.children)
    ):
        return True  # "called on the army to withdraw"
    if "ccomp" in deps and not entry.get("needs_quote"):
        return True
    if verb.dep_ == "parataxis" and "nsubj" in deps and not entry.get("needs_quote"):
        return True  # "..., officials said, in a rare ...": the clause it interrupts is the content
    if _parenthetical(verb) is not None and not entry.get("needs_quote"):
        return True
    if entry.get("xcomp") and "xcomp" in deps:
        return True
    prep = entry.get("prep_complement")
    if prep and any(c.dep_ == "prep" and c.lower_ == prep and any(g.dep_ in ("pcomp", "pobj") for g in c.children) for c in verb.children):
        return True
    for c in verb.children:  # "said in a statement that ..."
        if c.dep_ == "prep" and c.i > verb.i:
            for g in c.children:
                if g.dep_ == "pobj" and any(
                    a.dep_ in ("acl", "ccomp") and any(m.dep_ == "mark" and m.lower_ == "that" for m in a.children) for a in g.children
                ):
                    return True
    # "X said:" introducing what follows, in this sentence or the next paragraph
    if any(c.text == ":" and c.i > verb.i for c in verb.children):
        return True
    last = next((t for t in reversed(sent) if not t.is_space), None)
    if last is not None and last.text == ":" and last.i > verb.i:
        return True
    if _has_quote(sent, ctx) and verb.lemma_.lower() in lex.quote_frame_verbs and not ctx.quotes.inside(verb):
        return True
    if not entry.get("needs_clause") and not entry.get("needs_quote") and "dobj" in deps:
        return True
    if verb.lemma_ == "tell" and any(c.dep_ == "dobj" and c.lower_ in lex.audience for c in verb.children):
        return True
    return False


def _subject_of(verb: Token, ctx: _Ctx) -> Optional[Token]:
    if _reduced_root(verb):
        return verb.head
    paren = _parenthetical(verb)
    if paren is not None:
        return paren
    tok = verb
    for _ in range(3):
        subj = next((c for c in tok.children if c.dep_ in ("nsubj", "csubj")), None)
        if subj is not None:
            if ctx.quotes.inside(subj) and not ctx.quotes.inside(verb):
                return None  # a noun inside the quotation never speaks it
            return subj
        if tok.dep_ == "conj" or (tok.dep_ in ("advcl", "xcomp") and tok.tag_ in ("VBG", "VBN")):
            tok = tok.head  # "..., chanting slogans": the subject of the clause it hangs on
        else:
            break
    return None


def _is_passive(verb: Token) -> bool:
    return any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children)


@dataclass
class _Found:
    verb: Optional[str]
    speaker: _Speaker
    framed: bool = False  # the reporting clause stands outside the quotation


def _verbal(sent: SpacySpan, i: int, ctx: _Ctx) -> Optional[_Found]:
    lex, quotes = ctx.lex, ctx.quotes
    framed_sent = _has_quote(sent, ctx) and quotes.share(sent) < 0.999
    cands = []
    for tok in sent:
        if tok.pos_ not in ("VERB", "AUX") and tok.tag_ not in ("VBD", "VBN", "VBZ", "VBP", "VB", "VBG"):
            continue
        entry = lex.verbs.get(tok.lemma_.lower())
        if entry is None:
            continue
        if framed_sent and quotes.inside(tok):
            continue  # a reporting verb inside the quotation belongs to the quoted speaker
        main = _is_main(tok, quotes)
        if not main and not (entry.get("needs_quote") and _quote_in(tok, ctx)):
            continue
        cands.append((0 if tok.dep_ == "ROOT" else 1 if main else 2, tok.i, tok, entry))
    for _, _, verb, entry in sorted(cands):
        if _is_passive(verb):
            agent = next((c for c in verb.children if c.dep_ == "agent"), None)
            pobj = next((g for g in agent.children if g.dep_ == "pobj"), None) if agent is not None else None
            deps = {c.dep_ for c in verb.children}
            if pobj is not None and ("ccomp" in deps or not entry.get("needs_clause")) and not entry.get("needs_quote"):
                sp = _speaker(pobj, i, ctx)
                if sp is not None:
                    return _Found(verb.text, sp)
            subj = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
            if (subj is not None and subj.lower_ == "it" and "ccomp" in deps) or (subj is not None and "xcomp" in deps and not entry.get("needs_quote")):
                return _Found(verb.text, _Speaker(name="unnamed", kind="passive"))
            continue
        if not _content(verb, entry, sent, ctx):
            continue
        subj = _subject_of(verb, ctx)
        if subj is None:
            sp = _after_verb(verb, i, ctx) if framed_sent else None
            if sp is not None:
                return _Found(verb.text, sp, framed=True)
            continue
        sp = _speaker(subj, i, ctx)
        if sp is not None:
            return _Found(verb.text, sp, framed=framed_sent and not quotes.inside(subj))
    return None


_NP_POS = ("DET", "ADJ", "PROPN", "NOUN", "NUM", "PART")


def _after_verb(verb: Token, i: int, ctx: _Ctx) -> Optional[_Speaker]:
    """The speaker written after a reporting verb that closes a quotation: '"...," said one
    protester', '"...", declared to the press the Prime Minister X'. Adverbs, dates and a
    prepositional phrase naming the audience or medium ("to the press", "in a statement") are
    skipped; the noun phrase that follows is the speaker."""
    lex, quotes = ctx.lex, ctx.quotes
    doc = verb.doc
    end = verb.sent.end
    j = verb.i + 1
    while j < end:
        t = doc[j]
        if quotes.inside(t):
            return None
        if t.pos_ in ("ADV", "PART") or t.ent_type_ in ("DATE", "TIME") or t.text == ",":
            j += 1
            continue
        if t.pos_ == "ADP":
            pobj = next((c for c in t.children if c.dep_ == "pobj"), None)
            if pobj is not None and pobj.i > j:
                k = _np_bounds(pobj)[1]
            else:
                k = j + 1
                while k < end and doc[k].pos_ in ("DET", "ADJ", "NOUN", "PROPN") and k - j <= 4:
                    k += 1
            obj = [w for w in doc[j + 1 : k] if w.pos_ in ("NOUN", "PROPN")]
            if obj and all(w.lower_ in lex.medium or w.lemma_.lower() in lex.medium or w.ent_type_ in ("DATE", "TIME") for w in obj):
                j = k
                continue
            return None
        break
    k = j
    while k < end and doc[k].pos_ in _NP_POS and doc[k].tag_ != "POS":
        k += 1
    run = list(doc[j:k])
    heads = [t for t in run if t.pos_ in ("NOUN", "PROPN")]
    if not heads:
        return None
    head = heads[-1]
    # "one protester in Colombo", "the Prime Minister of Sri Lanka"
    stop = k
    if k + 1 < end and doc[k].lower_ in lex.speaker_preps and doc[k + 1].pos_ in ("PROPN", "DET", "NOUN"):
        stop = k + 1
        while stop < end and doc[stop].pos_ in ("PROPN", "DET", "NOUN", "ADJ"):
            stop += 1
    ent = next((_entity_of(t) for t in run if t.ent_type_ == "PERSON"), None)
    if ent is not None:
        name = clean_person_name(ent)
        if name:
            s, e = doc[j].idx, doc[stop - 1].idx + len(doc[stop - 1].text)
            return _Speaker(name=ctx.names.full_name(name), kind="named", start=s, end=e)
    name, kind = _canonical_np(head, ctx)
    text = _strip_the(doc[j:stop].text, lex)
    if len(text) > len(name) and kind != "named":
        name = text
    elif kind == "named" and " " not in name and stop > k:
        name = text
    return _Speaker(name=name, kind=kind, start=doc[j].idx, end=doc[stop - 1].idx + len(doc[stop - 1].text))


def _trailing(sent: SpacySpan, i: int, ctx: _Ctx) -> Optional[_Found]:
    """'..., the World Food Programme said on Friday.' when the parse lost the subject:
    a reporting verb closing the sentence after a comma and a short noun phrase."""
    lex, quotes = ctx.lex, ctx.quotes
    marks = lex.quote_open + lex.quote_close + lex.quote_both
    toks = [t for t in sent if not t.is_space]
    j = len(toks) - 1
    while j >= 0 and (toks[j].is_punct or toks[j].text in marks):
        j -= 1
    # skip a short trailing adjunct ("on Friday", "in a statement")
    k = j
    while k >= 0 and j - k < 5 and lex.verbs.get(toks[k].lemma_.lower()) is None:
        if toks[k].lower_ not in lex.trailing and toks[k].ent_type_ not in ("DATE", "TIME"):
            break
        k -= 1
    for v in (j, k):
        if v < 1 or toks[v].tag_ not in ("VBD", "VBZ", "VBP") or lex.verbs.get(toks[v].lemma_.lower()) is None:
            continue
        if quotes.inside(toks[v]):
            continue
        comma = next((c for c in range(v - 1, max(v - 14, -1), -1) if toks[c].text == ","), None)
        if comma is None or comma == v - 1:
            continue
        span = [t for t in toks[comma + 1 : v] if not t.is_punct]
        if not span or any(quotes.inside(t) for t in span):
            continue
        lo, hi = span[0].i, span[-1].i
        heads = [t for t in span if not (lo <= t.head.i <= hi) and t.pos_ in ("NOUN", "PROPN", "PRON")]
        if not heads:
            continue
        sp = _speaker(heads[0], i, ctx)
        if sp is None:
            return None
        if sp.kind != "pronoun":
            sp.start, sp.end = span[0].idx, span[-1].idx + len(span[-1].text)
        return _Found(toks[v].text, sp, framed=_has_quote(sent, ctx))
    return None


def _colon_label(sent: SpacySpan, i: int, ctx: _Ctx) -> Optional[_Found]:
    """'Stéphane Dujarric: "..."' (a transcript or interview label): a person or organisation
    name, a colon and a quotation."""
    if ":" not in ctx.text[sent.start_char : sent.end_char]:
        return None
    toks = [t for t in sent[:10] if not t.is_space]
    colon = next((k for k, t in enumerate(toks[:8]) if t.text == ":"), None)
    if colon is None or colon == 0 or colon + 1 >= len(toks):
        return None
    nxt = toks[colon + 1]
    if ctx.quotes.at(nxt.idx) is None:
        return None
    label = toks[:colon]
    if not all(t.pos_ in ("PROPN", "NOUN", "DET", "ADJ", "PART") or t.is_punct for t in label):
        return None
    ent = _entity_of(label[-1])
    if ent is None and 1 <= len(label) <= 4 and all(t.pos_ == "PROPN" and t.text[:1].isupper() for t in label):
        ent = SpacySpan(sent.doc, label[0].i, label[-1].i + 1, label="PERSON")  # an unrecognised name
    if ent is None or ent.label_ not in ("PERSON", "ORG", "NORP") or ent.start < label[0].i:
        return None
    if ent.label_ == "PERSON":
        name, kind = ctx.names.full_name(clean_person_name(ent) or ent.text), "named"
    else:
        name, kind = _strip_the(ent.text, ctx.lex), "group"
    return _Found(":", _Speaker(name=name, kind=kind, start=label[0].idx, end=label[-1].idx + len(label[-1].text)), framed=True)


def _according(sent: SpacySpan, i: int, ctx: _Ctx) -> Optional[_Found]:
    lex = ctx.lex
    low = ctx.text[sent.start_char : sent.end_char].lower()  # (Span.text re-joins the tokens)
    for phrase in lex.according:
        if phrase not in low:
            continue
        last = phrase.split()[-1]
        for tok in sent:
            if tok.lower_ != last or tok.i < sent.start + len(phrase.split()) - 1:
                continue
            head_words = " ".join(t.lower_ for t in sent.doc[tok.i - len(phrase.split()) + 1 : tok.i + 1])
            if head_words != phrase:
                continue
            pobj = next((c for c in tok.children if c.dep_ == "pobj"), None)
            if pobj is None:
                # "according to" parsed as one prep: the object hangs off "to" or the next noun
                pobj = next((c for c in tok.rights if c.pos_ in ("PROPN", "NOUN", "PRON")), None)
            if pobj is None:
                nxt = tok.i + 1
                while nxt < sent.end and sent.doc[nxt].dep_ in ("det", "amod", "compound"):
                    nxt += 1
                if nxt < sent.end:
                    pobj = sent.doc[nxt]
            if pobj is not None:
                sp = _speaker(pobj, i, ctx)
                if sp is not None:
                    return _Found(phrase, sp, framed=not ctx.quotes.inside(tok))
    return None


def _nominal(sent: SpacySpan, i: int, ctx: _Ctx) -> Optional[_Found]:
    """A reporting noun with its author: "her claim that ...", "the minister's statement that
    ...", "X issued a statement saying ...", "X made references to \\"...\\"" (a light verb
    passes the noun's content to its subject)."""
    lex, state = ctx.lex, ctx.state
    for tok in sent:
        if tok.pos_ != "NOUN":
            continue
        entry = lex.nouns.get(tok.lemma_.lower())
        if entry is None:
            continue
        clause = any(
            c.dep_ in ("acl", "ccomp") and (any(g.dep_ == "mark" and g.lower_ == "that" for g in c.children) or c.tag_ == "VBG")
            for c in tok.children
        )
        if entry.get("needs_quote"):
            clause = _quote_in(tok, ctx) or (tok.dep_ == "dobj" and tok.head.lemma_.lower() in lex.light_verbs and _quote_in(tok.head, ctx))
        if not clause:
            continue
        poss = next((c for c in tok.children if c.dep_ == "poss"), None)
        if poss is None:
            by = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ in lex.author_preps), None)
            poss = next((g for g in by.children if g.dep_ == "pobj"), None) if by is not None else None
        if poss is None and tok.dep_ == "dobj" and tok.head.lemma_.lower() in lex.light_verbs:
            poss = _subject_of(tok.head, ctx)
        if poss is None:
            continue
        sp = _speaker(poss, i, ctx)
        if sp is not None:
            if sp.start is not None and sp.kind != "pronoun":
                # drop the possessive marker from what is quoted
                text = ctx.text[sp.start : sp.end]
                stripped = strip_possessive(text)
                sp.end = sp.start + len(stripped)
            return _Found(tok.text, sp)
    return None


def _hedges(sent: SpacySpan, state, lex: _Lexicon, doc_text: str) -> tuple[list[tuple[int, int]], bool]:
    """Hedge spans (normalised offsets) of a sentence, and whether one of them is a
    confirmation hedge ("could not be confirmed") whose subject points back to the sentence
    before ("This could not be confirmed.")."""
    text = doc_text[sent.start_char : sent.end_char]
    base = sent.start_char
    spans: list[tuple[int, int]] = []
    back = False
    for m in lex.hedge_words.finditer(text):
        spans.append((base + m.start(), base + m.end()))
    for rx, kind in lex.hedge_phrases:
        for m in rx.finditer(text):
            spans.append((base + m.start(), base + m.end()))
            if kind == "unconfirmed":
                first = next((t for t in sent if not t.is_punct and not t.is_space), None)
                subj = next((t for t in sent if t.dep_ in ("nsubj", "nsubjpass") and t.idx < base + m.start()), None)
                if subj is not None and subj.lemma_.lower() in lex.anaphoric and first is not None and first.i >= subj.left_edge.i:
                    back = True
    for tok in sent:
        low = tok.lower_
        if low in lex.hedge_adjectives and (tok.dep_ == "amod" or (tok.tag_ == "JJ" and tok.dep_ != "acomp")):
            spans.append((tok.idx, tok.idx + len(tok.text)))
        elif tok.pos_ == "VERB" or tok.tag_.startswith("VB"):
            entry = lex.verbs.get(tok.lemma_.lower())
            # a distancing verb heading a clause ("X claimed that", "which claims to be",
            # "evidence alleging ..."); as a noun modifier it is an adjectival hedge above
            clause_head = tok.dep_ in ("ROOT", "relcl", "conj", "acl", "advcl", "ccomp") or any(
                c.dep_ in ("nsubj", "nsubjpass", "ccomp", "xcomp", "mark") for c in tok.children
            )
            reports = not entry.get("needs_clause") if entry else False
            if entry and not reports:  # "claimed 60% of the vote" reports nothing
                reports = any(c.dep_ in ("ccomp", "xcomp") for c in tok.children) or tok.dep_ in ("relcl", "acl", "advcl", "ccomp") and any(c.dep_ in ("ccomp", "xcomp", "mark") for c in tok.children) or not any(c.dep_ == "dobj" for c in tok.children)
            if entry and clause_head and reports and tok.dep_ != "amod" and lex.stances.get(entry["stance"], {}).get("distancing"):
                spans.append((tok.idx, tok.idx + len(tok.text)))
    if not spans:
        return [], False
    # keep the longest of overlapping spans
    spans.sort(key=lambda se: (se[0], -(se[1] - se[0])))
    kept: list[tuple[int, int]] = []
    for s, e in spans:
        if kept and s < kept[-1][1]:
            if e - s > kept[-1][1] - kept[-1][0]:
                kept[-1] = (s, e)
            continue
        kept.append((s, e))
    return kept, back


def _record(found: _Found, state) -> Attribution:
    sp = found.speaker
    text = start = end = None
    if sp.start is not None and sp.end is not None:
        orig = state.span(sp.start, sp.end)
        text, start, end = orig.text, orig.start, orig.end
    return Attribution(
        speaker=sp.name,
        verb=found.verb,
        speaker_text=text,
        start=start,
        end=end,
        resolved_from=sp.resolved_from,
        kind=sp.kind,
    )


# ------------------------------------------------------------ quotations


def _paragraph_of(ctx: _Ctx, pos: int) -> tuple[int, int]:
    """(start, end) of the line holding ``pos``, by bisection over the line breaks (searching the
    text for them would cost the line's length at every call)."""
    k = bisect.bisect_left(ctx.breaks, pos)
    s = ctx.breaks[k - 1] + 1 if k else 0
    e = ctx.breaks[k] if k < len(ctx.breaks) else len(ctx.text)
    return s, e


def _credit_line(sent: SpacySpan, ctx: _Ctx) -> Optional[_Speaker]:
    """A paragraph that only names a person ("Jane Roe, director of the institute") under a
    block quotation: the credit of the paragraph above."""
    ps, pe = _paragraph_of(ctx, sent.start_char)
    if sent.start_char > ps + 2 or sent.end_char < pe - 1 or len(sent) > 14:
        return None
    toks = [t for t in sent if not t.is_space and t.text not in ("—", "–", "-")]
    if not toks or any(t.pos_ in ("VERB", "AUX") for t in toks):
        return None
    ent = _entity_of(toks[0])
    if ent is None or ent.label_ != "PERSON":
        return None
    after = sent.doc[ent.end] if ent.end < sent.end else None
    if after is not None and after.text not in (",", "(") and not after.is_space:
        return None
    name = clean_person_name(ent)
    if not name:
        return None
    return _Speaker(name=ctx.names.full_name(name), kind="named", start=ent.start_char, end=ent.end_char)


def _has_words(sent: SpacySpan) -> bool:
    return any(t.is_alpha or t.like_num for t in sent)


def _spread_quotations(ctx: _Ctx, framed: dict[int, _Found], found: dict[int, _Found]) -> None:
    """Give every sentence of a quotation the speaker of the quotation: the speaker of a
    reporting clause outside the quote marks in any of its sentences ('"A. B," X said.'), of a
    sentence ending in a colon just before it ('X said:'), of an earlier quotation in the same
    paragraph ('"A," said X. "B."'), or of a quotation or credit line in the paragraph just
    before. Sentences mostly inside the quotation take that speaker over any source named
    inside the quotation."""
    state, quotes = ctx.state, ctx.quotes
    sents = state.sents
    by_qid: dict[int, list[int]] = {}
    share: dict[int, float] = {}  # sentence -> share inside quotes, once per sentence (a sentence
    # may hold thousands of quotations: asking per quotation would cost their square)
    for i, sent in enumerate(sents):
        if state.sentences[i].heading:
            continue
        for q in quotes.ids_in(sent):
            by_qid.setdefault(q, []).append(i)
    segs_of: dict[int, list[int]] = {}
    for k, qq in enumerate(quotes.qid):
        segs_of.setdefault(qq, []).append(k)
    credits = _credit_lines(ctx, found)
    last_speaker: Optional[tuple[_Found, int]] = None  # (found, paragraph end)
    for q in sorted(by_qid):
        members = by_qid[q]
        seg_idx = segs_of[q]
        q_start = quotes.starts[seg_idx[0]]
        for i in members:
            if i not in share:
                share[i] = quotes.share(sents[i]) if _has_words(sents[i]) else 0.0
        inner = [i for i in members if share[i] >= 0.5]
        speaker = next((framed[i] for i in members if i in framed), None)
        if speaker is None and members:
            speaker = _quotation_speaker(ctx, members, q_start, inner, found, credits, last_speaker)
        if speaker is None:
            last_speaker = None
            continue
        if not inner and not (members and q_start <= sents[members[0]].start_char + 1):
            continue  # quoted words inside a sentence of narrative: no quotation to carry on
        for i in inner:
            if i not in framed:
                found[i] = speaker
        end_seg = seg_idx[-1]
        last_speaker = (speaker, _paragraph_of(ctx, max(quotes.ends[end_seg] - 1, 0))[1])
        for i in members:
            if i in credits:
                last_speaker = None


def _credit_lines(ctx: _Ctx, found: dict[int, _Found]) -> dict[int, _Speaker]:
    """Credit lines by sentence; a credit line also names the speaker of an unquoted paragraph
    just above it (a pull quote), written into ``found``."""
    state, sents = ctx.state, ctx.state.sents
    credits: dict[int, _Speaker] = {}
    for i, sent in enumerate(sents):
        if i in found:
            continue
        sp = _credit_line(sent, ctx)
        if sp is not None:
            credits[i] = sp
    for i, sp in credits.items():
        ps, _ = _paragraph_of(ctx, sents[i].start_char)
        j = i - 1
        while j >= 0 and sents[j].start_char >= ps and j not in credits:
            j -= 1
        prev_para = _paragraph_of(ctx, sents[j].start_char) if j >= 0 else None
        while j >= 0 and prev_para and sents[j].start_char >= prev_para[0]:
            if j not in found and not state.sentences[j].heading:
                found[j] = _Found(None, sp)
            j -= 1
    return credits


def _quotation_speaker(ctx: _Ctx, members: list[int], q_start: int, inner: list[int], found: dict[int, _Found],
                       credits: dict[int, _Speaker], last_speaker: Optional[tuple[_Found, int]]) -> Optional[_Found]:
    """The speaker of a quotation no reporting clause frames: a sentence ending in a colon just
    before it, 'X said: "..."' in its first sentence, the quotation just before in the same
    paragraph, or a credit line just above."""
    quotes, text, sents = ctx.quotes, ctx.text, ctx.state.sents
    speaker = None
    first = members[0]
    before = first - 1
    if before >= 0 and before in found:
        last_tok = next((t for t in reversed(sents[before]) if not t.is_space), None)
        if last_tok is not None and last_tok.text == ":":
            speaker = found[before]
    # 'X said: "..."' inside the first sentence
    if speaker is None and first in found and not quotes.inside(sents[first][0]) and found[first].speaker.start is not None:
        lead = text[found[first].speaker.start : q_start].rstrip()
        if found[first].speaker.start < q_start and lead.endswith((":", ",")):
            speaker = found[first]
    if speaker is None and last_speaker is not None and inner:
        found_prev, prev_end = last_speaker
        ps, _ = _paragraph_of(ctx, q_start)
        gap = text[prev_end:ps]
        if ps <= prev_end or gap.count("\n") <= 2 and not gap.strip():
            speaker = found_prev
    if speaker is None:
        ps, _ = _paragraph_of(ctx, q_start)
        j = first - 1
        if j >= 0 and j in credits and sents[j].end_char >= ps - 3:
            speaker = _Found(None, credits[j])
    return speaker


def extract(state) -> tuple[dict[int, Attribution], dict[int, list[Hedge]]]:
    """Attribution and hedges per sentence index (see module docstring)."""
    lex = _lexicon()
    names = state.mentions.person_index()  # the stage's own copy: speakers found are added
    text = state.text  # (Doc.text would join every token again)
    quotes = _quotations(text, lex)
    attributions: dict[int, Attribution] = {}
    breaks = [m.start() for m in re.finditer("\n", text)]
    ctx = _Ctx(state=state, lex=lex, names=names, quotes=quotes, prev=attributions, text=text, breaks=breaks)
    found: dict[int, _Found] = {}
    framed: dict[int, _Found] = {}
    hedge_spans: dict[int, list[tuple[int, int]]] = {}
    for i, sent in enumerate(state.sents):
        if state.sentences[i].heading:
            continue
        f = (
            _colon_label(sent, i, ctx)
            or _verbal(sent, i, ctx)
            or _trailing(sent, i, ctx)
            or _according(sent, i, ctx)
            or _nominal(sent, i, ctx)
        )
        if f is not None:
            found[i] = f
            if f.framed:
                framed[i] = f
            att = _record(f, state)
            attributions[i] = att
            if att.kind == "named" and f.speaker.start is not None:
                names.add_person(f.speaker.start, att.speaker)
        spans, back = _hedges(sent, state, lex, text)
        if spans:
            hedge_spans.setdefault(i, []).extend(spans)
            if back and i > 0:
                hedge_spans.setdefault(i - 1, []).extend(s for s in spans)
    _spread_quotations(ctx, framed, found)
    out: dict[int, Attribution] = {}
    for i, f in found.items():
        out[i] = attributions[i] if i in attributions and found[i].speaker is f.speaker else _record(f, state)
    hedges: dict[int, list[Hedge]] = {}
    for i, spans in hedge_spans.items():
        seen = set()
        for s, e in sorted(spans):
            if (s, e) in seen:
                continue
            seen.add((s, e))
            sp = state.span(s, e)
            hedges.setdefault(i, []).append(Hedge(text=sp.text, start=sp.start, end=sp.end))
    return out, hedges
