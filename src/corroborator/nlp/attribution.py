"""Stage: attribution — who says what, and where the writer keeps a distance.

``extract(state) -> (dict[sentence_index, Attribution], dict[sentence_index, list[Hedge]])``

Attribution (one per sentence, the one that governs its main clause), read from
the dependency parse of ``state.sents[i]``:

* **verbal** — a reporting verb (``codebooks/reporting_verbs.json``, by lemma) in
  the main clause (ROOT, or a ``conj``/``parataxis`` of it, or an ``as``-clause)
  with reported content: a ``ccomp`` ("X said that ..."), an ``xcomp`` for verbs
  that take one ("claims to be"), a prepositional complement ("admit to ..."),
  a quotation in the sentence ('"...," X said.'), or a direct object for verbs
  that do not need a clause ("denied the charges"). The speaker is the verb's
  ``nsubj`` (or that of the verb it is conjoined to); ``by``-agents of passive
  verbs too. "It was reported that ..." / "X is said to ..." give kind
  ``passive`` with speaker ``"unnamed"``.
* **according to X** — speaker X, verb ``"according to"``.
* **nominal** — a reporting noun with a possessor and a content clause ("her
  claim that ...", "the minister's statement that ...").

Speakers are canonicalised: titles dropped ("Peruvian Prime Minister Alberto
Otarola" -> "Alberto Otarola"; ``speaker_text`` keeps what is written), a lone
surname expanded to the full name the article used ("Fujimori" -> "Keiko
Fujimori"), personal pronouns resolved to the nearest person mentioned before
(``he``/``she``/``her``/``his``), ``they`` to the group spoken of in the previous
sentences, ``it`` to the nearest organisation or titled work. Kinds: ``named``
(a person, by name or role), ``group`` (organisations, parties, collectives),
``pronoun`` (resolved or not), ``passive`` (no speaker given) and ``source``
(an inanimate source such as "the results" or "the report"). First-person
speakers are the author and give no attribution.

Hedges (``codebooks/hedges.json``): distancing adverbs and adjectives
("allegedly", "so-called", "alleged"), epistemic markers ("apparently",
"appears to"), unnamed-source phrases ("it was reported"), and contested
reporting verbs ("claimed", "alleged") by which the writer keeps a distance.
Adjectival hedges count only as noun modifiers, so the verb in "X alleged that"
is not an adjectival hedge (it is a distancing verb).
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

logger = logging.getLogger(__name__)

__all__ = ["extract", "stance_of"]

FIRST_PERSON = {"i", "we", "me", "us", "my", "our", "you"}
PERSON_PRONOUNS = {"he", "she", "him", "her", "his", "hers"}
GROUP_PRONOUNS = {"they", "them", "their"}
THING_PRONOUNS = {"it", "its"}
RELATIVE = {"which", "who", "that", "whom"}
QUOTE_CHARS = "\"“”«»„"
SUBJECT_DEPS = ("nsubj", "nsubjpass", "csubj")
GROUP_ENTS = {"ORG", "NORP", "GPE", "FAC", "LOC"}
THING_ENTS = {"ORG", "WORK_OF_ART", "LAW", "PRODUCT", "EVENT"}
DETERMINERS = {"the", "a", "an", "this", "that", "these", "those"}
_POSSESSIVE = re.compile(r"(?:['’]s|['’])$")


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
        titles=frozenset(t.lower() for t in rv["speaker_titles"]),
        group_nouns=frozenset(g.lower() for g in rv["group_nouns"]),
        audience=frozenset(a.lower() for a in rv["audience_nouns"]),
        according=tuple(a.lower() for a in rv["according_to"]),
        hedge_words=word_re,
        hedge_word_kind={w.lower(): k for w, k in hd["words"].items()},
        hedge_adjectives={w.lower(): k for w, k in hd["adjectives"].items()},
        hedge_phrases=tuple((re.compile(p, re.I), k) for p, k in hd["phrases"].items()),
    )


def stance_of(verb_lemma: str) -> Optional[str]:
    """The stance of a reporting verb lemma ("claim" -> "contested"), or None."""
    entry = _lexicon().verbs.get(verb_lemma.lower())
    return entry["stance"] if entry else None


# ------------------------------------------------------------------ names


def _strip_possessive(text: str) -> str:
    return _POSSESSIVE.sub("", text).strip()


@dataclass
class _Names:
    """Person and group mentions in document order, for pronoun and surname resolution."""

    person_pos: list[int] = field(default_factory=list)
    person_name: list[str] = field(default_factory=list)
    thing_pos: list[int] = field(default_factory=list)
    thing_name: list[str] = field(default_factory=list)
    surname: dict[str, Optional[str]] = field(default_factory=dict)  # "Fujimori" -> "Keiko Fujimori" (None if ambiguous)

    def add_person(self, pos: int, name: str) -> None:
        i = bisect.bisect_right(self.person_pos, pos)
        self.person_pos.insert(i, pos)
        self.person_name.insert(i, name)

    def last_person_before(self, pos: int) -> Optional[str]:
        i = bisect.bisect_left(self.person_pos, pos)
        return self.person_name[i - 1] if i else None

    def last_thing_before(self, pos: int, not_before: int) -> Optional[str]:
        i = bisect.bisect_left(self.thing_pos, pos)
        if i and self.thing_pos[i - 1] >= not_before:
            return self.thing_name[i - 1]
        return None

    def full_name(self, name: str) -> str:
        if " " in name:
            return name
        return self.surname.get(name) or name


def _clean_person(ent: SpacySpan, titles: frozenset) -> Optional[str]:
    toks = [t for t in ent if not t.is_punct and t.tag_ != "POS"]
    while toks and toks[0].lower_.rstrip(".") in titles:
        toks = toks[1:]
    if not toks or not any(t.text[:1].isupper() for t in toks):
        return None
    return _strip_possessive(" ".join(t.text for t in toks))


def _names(doc, lex: _Lexicon) -> _Names:
    names = _Names()
    full_by_last: dict[str, set[str]] = {}
    for ent in doc.ents:
        if ent.label_ == "PERSON":
            name = _clean_person(ent, lex.titles)
            if not name:
                continue
            names.person_pos.append(ent.start_char)
            names.person_name.append(name)
            parts = name.split()
            if len(parts) > 1:
                full_by_last.setdefault(parts[-1], set()).add(name)
        elif ent.label_ in THING_ENTS:
            names.thing_pos.append(ent.start_char)
            names.thing_name.append(_strip_the(_strip_possessive(ent.text)))
    for last, fulls in full_by_last.items():
        names.surname[last] = next(iter(fulls)) if len(fulls) == 1 else None
    names.person_name = [names.full_name(n) for n in names.person_name]
    return names


def _strip_the(text: str) -> str:
    parts = text.split(" ", 1)
    if len(parts) == 2 and parts[0].lower() in DETERMINERS:
        return parts[1]
    return text


# ---------------------------------------------------------------- speakers


def _np_bounds(head: Token) -> tuple[int, int]:
    """Token range [start, end) of a noun phrase without relative clauses and appositions."""
    start, end = head.i, head.i + 1
    for child in head.children:
        if child.dep_ in ("relcl", "acl", "appos", "advcl", "punct", "cc", "conj") and child.i > head.i:
            continue
        start = min(start, child.left_edge.i)
        end = max(end, child.right_edge.i + 1)
    doc = head.doc
    while start < end - 1 and (doc[start].is_punct or doc[start].is_space):
        start += 1
    while end - 1 > start and (doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    return start, end


def _subject_bounds(subj: Token) -> tuple[int, int]:
    """The subject as written, conjuncts included ("X and Y"), appositions dropped
    unless they name the speaker ("Its leader, Pavel Renk")."""
    start, end = _np_bounds(subj)
    for appos in subj.children:
        if appos.dep_ == "appos" and appos.i > subj.i and (appos.ent_type_ == "PERSON" or appos.pos_ == "PROPN") and subj.pos_ != "PROPN":
            end = max(end, _np_bounds(appos)[1])
    for conj in subj.conjuncts:
        if conj.i > subj.i:
            s, e = _np_bounds(conj)
            end = max(end, e)
    return start, end


def _canonical_np(head: Token, lex: _Lexicon, names: _Names) -> tuple[str, str]:
    """(canonical name, kind) for a non-pronoun speaker noun phrase headed by ``head``."""
    doc = head.doc
    if head.ent_type_ == "PERSON" or (head.pos_ == "PROPN" and head.text in names.surname):
        ent = _entity_of(head)
        if ent is not None and ent.label_ == "PERSON":
            name = _clean_person(ent, lex.titles)
        else:
            name = _propn_chain(head, lex)
        if name:
            return names.full_name(name), "named"
    if head.pos_ == "PROPN":
        ent = _entity_of(head)
        if ent is not None and ent.label_ in GROUP_ENTS:
            start, end = _np_bounds(head)
            np_text = doc[start:end].text
            text = np_text if len(np_text) > len(ent.text) else ent.text
            return _strip_the(_strip_possessive(text)), "group"
        name = _propn_chain(head, lex)
        if name:
            if head.ent_type_ in GROUP_ENTS or head.lower_ in lex.group_nouns:
                return _strip_the(name), "group"
            return names.full_name(name), "named"
    appos = next((c for c in head.children if c.dep_ == "appos" and (c.ent_type_ == "PERSON" or c.pos_ == "PROPN")), None)
    if appos is not None:  # "Its leader, Pavel Renk, said"
        return _canonical_np(appos, lex, names)
    start, end = _np_bounds(head)
    text = _strip_the(doc[start:end].text)
    plural = head.tag_ in ("NNS", "NNPS")
    if not plural and (head.lemma_.lower() in lex.titles or head.lower_ in lex.titles):
        return text, "named"
    if plural and (head.lemma_.lower() in lex.titles or head.lemma_.lower() in lex.group_nouns):
        return text, "group"
    if head.lower_ in lex.group_nouns or head.lemma_.lower() in lex.group_nouns or head.ent_type_ in GROUP_ENTS:
        return text, "group"
    return text, "source"


_entity_of = entity_of


def _propn_chain(head: Token, lex: _Lexicon) -> Optional[str]:
    """The proper-noun compound ending at ``head`` ("Prime Minister Alberto Otarola"), titles dropped."""
    parts = [c for c in head.lefts if c.dep_ in ("compound", "flat") and c.pos_ == "PROPN"]
    toks = sorted(parts + [head], key=lambda t: t.i)
    # keep only the contiguous run that ends at head
    run = [head]
    for t in reversed(toks[:-1]):
        if t.i == run[0].i - 1:
            run.insert(0, t)
        else:
            break
    while run and run[0].lower_.rstrip(".") in lex.titles and len(run) > 1:
        run = run[1:]
    text = " ".join(t.text for t in run)
    return _strip_possessive(text) or None


@dataclass
class _Speaker:
    name: str
    kind: str
    start: Optional[int] = None  # normalised char offsets of the text as written
    end: Optional[int] = None
    resolved_from: Optional[str] = None


def _speaker(subj: Token, sent_index: int, state, lex: _Lexicon, names: _Names, prev: dict) -> Optional[_Speaker]:
    doc = subj.doc
    low = subj.lower_
    if low in FIRST_PERSON:
        return None
    if low in RELATIVE and subj.head.dep_ == "relcl":
        subj = subj.head.head
        low = subj.lower_
    if subj.pos_ == "PRON" or low in PERSON_PRONOUNS | GROUP_PRONOUNS | THING_PRONOUNS:
        name = _resolve_pronoun(subj, sent_index, state, names, prev)
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
        parts = [_canonical_np(h, lex, names) for h in [subj] + conjs]
        name = " and ".join(p[0] for p in parts)
        kind = "group" if any(k == "group" for _, k in parts) else "named"
        if all(k == "named" for _, k in parts):
            kind = "group"  # several people speaking together
    else:
        name, kind = _canonical_np(subj, lex, names)
    return _Speaker(name=name, kind=kind, start=doc[start].idx, end=doc[end - 1].idx + len(doc[end - 1].text))


def _resolve_pronoun(pron: Token, sent_index: int, state, names: _Names, prev: dict) -> Optional[str]:
    low = pron.lower_
    if low in PERSON_PRONOUNS:
        return names.last_person_before(pron.idx)
    sent_start = state.sents[max(sent_index - 1, 0)].start_char
    if low in GROUP_PRONOUNS:
        for j in (sent_index - 1, sent_index - 2):
            att = prev.get(j)
            if att is not None and att.kind in ("group", "pronoun") and att.speaker.lower() not in GROUP_PRONOUNS:
                return att.speaker
        if sent_index > 0:
            root = state.sents[sent_index - 1].root
            subj = next((c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subj is not None and (subj.tag_ in ("NNS", "NNPS") or subj.conjuncts or subj.ent_type_ in GROUP_ENTS):
                s, e = _subject_bounds(subj)
                return _strip_the(state.doc[s:e].text)
        return None
    if low in THING_PRONOUNS:
        return names.last_thing_before(pron.idx, sent_start)
    return None


# -------------------------------------------------------------- detection


def _is_main(tok: Token) -> bool:
    if tok.dep_ == "ROOT":
        return True
    if tok.dep_ in ("conj", "parataxis") and tok.head.dep_ == "ROOT":
        return True
    if tok.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ == "as" for c in tok.children):
        return True
    return False


def _has_quote(sent: SpacySpan) -> bool:
    return any(ch in sent.text for ch in QUOTE_CHARS)


def _content(verb: Token, entry: dict, sent: SpacySpan, lex: _Lexicon) -> bool:
    deps = {c.dep_ for c in verb.children}
    if "ccomp" in deps:
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
    if _has_quote(sent) and verb.lemma_ in ("say", "tell", "add", "write", "explain", "insist", "declare", "warn", "state", "claim", "announce", "note", "remark"):
        return True
    if not entry.get("needs_clause") and "dobj" in deps:
        return True
    if verb.lemma_ == "tell" and any(c.dep_ == "dobj" and c.lower_ in lex.audience for c in verb.children):
        return True
    return False


def _subject_of(verb: Token) -> Optional[Token]:
    tok = verb
    for _ in range(3):
        subj = next((c for c in tok.children if c.dep_ in ("nsubj", "csubj")), None)
        if subj is not None:
            return subj
        if tok.dep_ == "conj":
            tok = tok.head
        else:
            break
    return None


def _is_passive(verb: Token) -> bool:
    return any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children)


@dataclass
class _Found:
    verb: str
    speaker: _Speaker


def _verbal(sent: SpacySpan, i: int, state, lex: _Lexicon, names: _Names, prev: dict) -> Optional[_Found]:
    cands = []
    for tok in sent:
        if tok.pos_ not in ("VERB", "AUX") and tok.tag_ not in ("VBD", "VBN", "VBZ", "VBP", "VB", "VBG"):
            continue
        entry = lex.verbs.get(tok.lemma_.lower())
        if entry is None or not _is_main(tok):
            continue
        cands.append((0 if tok.dep_ == "ROOT" else 1, tok.i, tok, entry))
    for _, _, verb, entry in sorted(cands):
        if _is_passive(verb):
            agent = next((c for c in verb.children if c.dep_ == "agent"), None)
            pobj = next((g for g in agent.children if g.dep_ == "pobj"), None) if agent is not None else None
            deps = {c.dep_ for c in verb.children}
            if pobj is not None and ("ccomp" in deps or not entry.get("needs_clause")):
                sp = _speaker(pobj, i, state, lex, names, prev)
                if sp is not None:
                    return _Found(verb.text, sp)
            subj = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
            if (subj is not None and subj.lower_ == "it" and "ccomp" in deps) or (subj is not None and "xcomp" in deps):
                return _Found(verb.text, _Speaker(name="unnamed", kind="passive"))
            continue
        if not _content(verb, entry, sent, lex):
            continue
        subj = _subject_of(verb)
        if subj is None:
            continue
        sp = _speaker(subj, i, state, lex, names, prev)
        if sp is not None:
            return _Found(verb.text, sp)
    return None


_TRAILING_PP = {"on", "in", "at", "late", "earlier", "later", "today", "yesterday", "tonight", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "a", "an", "the", "statement", "interview", "press", "conference", "briefing", "told"}


def _trailing(sent: SpacySpan, i: int, state, lex: _Lexicon, names: _Names, prev: dict) -> Optional[_Found]:
    """'..., the World Food Programme said on Friday.' when the parse lost the subject:
    a reporting verb closing the sentence after a comma and a short noun phrase."""
    toks = [t for t in sent if not t.is_space]
    j = len(toks) - 1
    while j >= 0 and (toks[j].is_punct or toks[j].text in QUOTE_CHARS):
        j -= 1
    # skip a short trailing adjunct ("on Friday", "in a statement")
    k = j
    while k >= 0 and j - k < 5 and lex.verbs.get(toks[k].lemma_.lower()) is None:
        if toks[k].lower_ not in _TRAILING_PP and toks[k].ent_type_ not in ("DATE", "TIME"):
            break
        k -= 1
    for v in (j, k):
        if v < 1 or toks[v].tag_ not in ("VBD", "VBZ", "VBP") or lex.verbs.get(toks[v].lemma_.lower()) is None:
            continue
        comma = next((c for c in range(v - 1, max(v - 14, -1), -1) if toks[c].text == ","), None)
        if comma is None or comma == v - 1:
            continue
        span = toks[comma + 1 : v]
        lo, hi = span[0].i, span[-1].i
        heads = [t for t in span if not (lo <= t.head.i <= hi) and t.pos_ in ("NOUN", "PROPN", "PRON")]
        if not heads:
            continue
        sp = _speaker(heads[0], i, state, lex, names, prev)
        if sp is None:
            return None
        if sp.kind != "pronoun":
            sp.start, sp.end = span[0].idx, span[-1].idx + len(span[-1].text)
        return _Found(toks[v].text, sp)
    return None


def _according(sent: SpacySpan, i: int, state, lex: _Lexicon, names: _Names, prev: dict) -> Optional[_Found]:
    low = sent.text.lower()
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
                sp = _speaker(pobj, i, state, lex, names, prev)
                if sp is not None:
                    return _Found(phrase, sp)
    return None


def _nominal(sent: SpacySpan, i: int, state, lex: _Lexicon, names: _Names, prev: dict) -> Optional[_Found]:
    for tok in sent:
        if tok.pos_ != "NOUN" or tok.lemma_.lower() not in lex.nouns:
            continue
        clause = any(c.dep_ in ("acl", "ccomp") and any(g.dep_ == "mark" and g.lower_ == "that" for g in c.children) for c in tok.children)
        if not clause:
            continue
        poss = next((c for c in tok.children if c.dep_ == "poss"), None)
        if poss is None:
            by = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "by"), None)
            poss = next((g for g in by.children if g.dep_ == "pobj"), None) if by is not None else None
        if poss is None:
            continue
        sp = _speaker(poss, i, state, lex, names, prev)
        if sp is not None:
            if sp.start is not None and sp.kind != "pronoun":
                # drop the possessive marker from what is quoted
                text = state.doc.text[sp.start : sp.end]
                stripped = _strip_possessive(text)
                sp.end = sp.start + len(stripped)
            return _Found(tok.text, sp)
    return None


def _hedges(sent: SpacySpan, state, lex: _Lexicon) -> list[Hedge]:
    text = sent.text
    base = sent.start_char
    spans: list[tuple[int, int]] = []
    for m in lex.hedge_words.finditer(text):
        spans.append((base + m.start(), base + m.end()))
    for rx, _kind in lex.hedge_phrases:
        for m in rx.finditer(text):
            spans.append((base + m.start(), base + m.end()))
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
            if entry and clause_head and tok.dep_ != "amod" and lex.stances.get(entry["stance"], {}).get("distancing"):
                spans.append((tok.idx, tok.idx + len(tok.text)))
    if not spans:
        return []
    # keep the longest of overlapping spans
    spans.sort(key=lambda se: (se[0], -(se[1] - se[0])))
    kept: list[tuple[int, int]] = []
    for s, e in spans:
        if kept and s < kept[-1][1]:
            if e - s > kept[-1][1] - kept[-1][0]:
                kept[-1] = (s, e)
            continue
        kept.append((s, e))
    out = []
    for s, e in kept:
        sp = state.span(s, e)
        out.append(Hedge(text=sp.text, start=sp.start, end=sp.end))
    return out


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


def extract(state) -> tuple[dict[int, Attribution], dict[int, list[Hedge]]]:
    """Attribution and hedges per sentence index (see module docstring)."""
    lex = _lexicon()
    names = _names(state.doc, lex)
    attributions: dict[int, Attribution] = {}
    hedges: dict[int, list[Hedge]] = {}
    for i, sent in enumerate(state.sents):
        if state.sentences[i].heading:
            continue
        found = (
            _verbal(sent, i, state, lex, names, attributions)
            or _trailing(sent, i, state, lex, names, attributions)
            or _according(sent, i, state, lex, names, attributions)
            or _nominal(sent, i, state, lex, names, attributions)
        )
        if found is not None:
            att = _record(found, state)
            attributions[i] = att
            if att.kind == "named" and found.speaker.start is not None:
                names.add_person(found.speaker.start, att.speaker)
        hs = _hedges(sent, state, lex)
        if hs:
            hedges[i] = hs
    return attributions, hedges
