"""Event arguments: actors/targets, place, date, figures, factuality.

Interface used by ``events.extract`` (stable):

    actors_and_targets(state, trigger) -> tuple[list[Actor], list[Actor]]
    location_for(state, sentence_index, trigger) -> Location | None
    date_for(state, sentence_index, trigger) -> EventDate | None
    figures_for(state, sentence_index, triggers) -> list[dict[str, Count]]
        one dict per trigger (same order), keys among fatalities/injured/arrested/participants
    factuality_of(state, trigger) -> str   # asserted|attempted|threatened|negated|hypothetical|predicted

``trigger`` is a spaCy Token (the head word of the event trigger) from ``state.doc``.

How each argument is found
==========================

All rules read spaCy's dependency parse; word lists are data in ``codebooks/actors.json``
(actor kinds) and ``codebooks/argument_rules.json`` (every other word class, each with a note
on where it comes from). Per-document indexes (person names,
the article's main country, paragraph ids, date and quantity positions) are built once
per document on first use and kept on the state.

**Actors and targets.** A verbal trigger's actor is its ``nsubj`` (or the ``agent``
"by X" of a passive, or of a passive in its own adverbial: "burned after being ambushed
by X"); its targets are ``dobj``, ``nsubjpass`` and the objects of "against / on / upon"
(and of "at / to" when the verb has no object or only an instrument: "pelted stones at
the offices", "set fire to the booths"). Verbs of giving take the recipient ("gave the
farmers aid" -> farmers); an event noun object is never a target, its own "into /
against / on" object is ("launched an investigation into X"); a trigger without a target
takes the one of its infinitive ("threatened to shell the towns") or, for directives,
the subject of its content clause ("demanded that the government resign"). A trigger without a subject borrows one from the clause
it depends on: ``xcomp`` ("attempted to occupy" -> the subject of "attempted"; "ordered
troops to fire" -> "troops"), ``conj`` (the first conjunct's subject), non-finite
``advcl``/``acl`` and parse errors where a coordinated verb hangs as ``amod`` on its
object ("blocked roads, seized airports" -> the subject of "blocked"). A nominal trigger
("attack", "strike", "coup") takes its actor from a possessive, a "by X" phrase or an
actor-like compound ("police raid"), else from the subject of the verb that governs it
("led a merciless attack", "his attempt to stage a coup"); its targets from "on /
against / of" phrases. Each argument is expanded to its noun phrase and split on
coordination (several actors). Names: a person is named by the full name written
anywhere in the article ("Castillo" -> "Pedro Castillo"), without titles; an organisation
or place by its entity text without "the"; a group with an owner as "supporters of
Pedro Castillo"; partitives use the group ("a part of the mob" -> kind of "mob").
An agentless casualty verb takes its perpetrator from the event that caused it: "killed in
police firing", "died in an attack by gunmen", "killed as a result of the use of force by the
authorities" (a "by" phrase, possessive or actor modifier of a violent noun in its adjunct),
"were killed when rebels stormed the town" (the subject of a causing clause of force). Who
"died" is a victim (target), not an actor. Mutual events name both sides: "clashes between X
and Y", "an exchange of fire between X and Y". An event noun that is the subject of a verb
of harm takes that verb's object as its victims ("a car bombing killed 75 people"). An
apposition gives the kind of a vague head ("the group, a militia based in ..." -> rebels).
"it"/"its" resolve to the nearest organisation, country or body noun ("the army ... its
shelling"). Pronouns ("they", "he", "his"), relative pronouns and "of which" partitives resolve to
the nearest preceding compatible mention (same sentence first, then up to three
sentences back, subjects first). Kinds come from titles ("Prime Minister" ->
government), organisation names ("... Party" -> party), head nouns and phrases.
Country: a demonym or country in the phrase ("Peruvian", "of Peru", "Peru's"), the
resolved place of a GPE actor, else the article's main country (the settings'
``country_hint``, or the country that at least half of the country/demonym mentions
name) for domestic kinds (government, police, protesters ...), never for persons,
NGOs, IGOs or objects.

**Location.** GPE/LOC/FAC entities in the sentence (and ORG entities the facility
table knows), ranked: attached to the trigger by a locative preposition, then inside
the trigger's phrase, then anywhere in the clause; a finer place beats a coarser one
at the same rank. A place that only says where an actor comes from ("supporters from
Puno") or whose office it is ("the government of Peru") is not a location. Resolved by
:mod:`corroborator.gazetteer`; a facility in the facility table gets precision
``facility`` and its own approximate coordinates (name "Airport, City"); a common
facility noun placed by the text ("an airport in the city of Juliaca") is named
"airport, Juliaca" with the city's coordinates (precision ``city``). With no place in
the sentence, the place of one of the two previous sentences of the paragraph is
inherited only when the sentence points back at it: the same kind of facility
("airport buildings" after "an airport in ...") or a place anaphor ("there", "the
city").

**Date.** The date mention of the sentence attached to the trigger's clause (the
trigger, or a clause above it), else another adverbial date of the sentence; dates
modifying a noun other than the trigger ("elections in 2023") do not count. With none,
the latest adverbial date of the previous sentences of the same paragraph is
inherited (``inherited=True``); deictic "today"/"now" is never inherited, nor a date of a
caption, photo credit, byline or "updated" line (:func:`corroborator.nlp.dates.furniture_sentences`).
Else None. An asserted or attempted past event (a verbal trigger in a past or perfect clause) is
never dated after the publication date: a date whose year was inferred moves back a year, one
with a written year keeps only the year (or is dropped); a nominal event dated later ("announced
a strike on 15 January") keeps its date and is predicted.

**Figures.** Quantities of the sentence (``state.quantities``, plus bare "a/an" +
singular noun for one killed or wounded person) are typed by their context: death
words ("the deaths of seven civilians", "seven dead", "killed at least 12", "was burned
alive") -> fatalities; "injured / wounded" -> injured; "arrested / detained" ->
arrested; a counted crowd of people acting or gathering ("9000 people had
participated", "some 2000 led an attack", "a crowd of 5,000") -> participants. Each
figure is given to ONE event, to avoid double counting: the trigger whose clause
governs it (walking up the parse), where a result clause ("- causing the deaths of
...") belongs to the last trigger before it. A casualty verb that is not itself a trigger
gives its toll to the event it names: its subject ("the explosion killed 40"), the event noun
of its adjunct ("died during clashes"), its causing clause ("were killed when gunmen
attacked"); a toll inside an event noun no trigger stands for ("clashes that left one dead")
goes to no other event. Else the nearest violent trigger (the nearest arrest or violent
trigger for arrests); a casualty count never goes to a non-violent event ("demanding").
Coordinated counts of one toll are summed ("11 soldiers and four militants were killed" =
15); elided passives ("26 were killed and 41 wounded") and hearsay ("two people reported
killed") count; lengths of time, ages, distances and sizes ("four months", "a one-day strike",
"a 35-year-old", "20 kilometres") never do.
When a partitive subset ("of which some 2000 led the attack") and its whole ("9000
people had participated") are both participants of the same event, the whole counts.

**Factuality.** Walking from the trigger up to the root, each clause may carry a
marker: negation ("not", "never", "no", "denied", "refused to") -> negated; modal
"would / could / should / may / might / must / can", "if" -> hypothetical; "will",
"shall", "plans / is expected / is set to", "called for", "be to" -> predicted;
"threatened to" (or "vowed to ... or ...") -> threatened; "attempted / tried / sought /
failed to", "an attempt to", "foiled" -> attempted. The outermost marker wins ("did not
attempt to" -> negated, "would try to" -> hypothetical); on one clause the order is
hypothetical > negated > threatened > attempted > predicted. The walk stops at the
content clause of a reporting verb (what someone said keeps its own factuality; "denied
that ..." negates it) and at relative clauses unless they are themselves irrealis ("a
government which was to dissolve Congress"). A trigger without any marker whose own
sentence dates it after the publication date is predicted.
"""

from __future__ import annotations

import bisect
import functools
import logging
import re
from dataclasses import dataclass, field
from typing import Optional

from ..lexicons import codebook, gazetteer
from ..contract.records import Actor, Count, EventDate, Location, Span
from ._spans import entity_of
from .dates import furniture_sentences
from .quantities import parse_digits

logger = logging.getLogger(__name__)

__all__ = ["actors_and_targets", "location_for", "date_for", "figures_for", "factuality_of"]

# ------------------------------------------------------------------ closed classes
# Word lists live in codebooks/argument_rules.json (each with a note on where it comes from).


def _words(key: str) -> frozenset:
    return frozenset(codebook.load("argument_rules")["sets"][key]["words"])


def _word_map(key: str) -> dict:
    return dict(codebook.load("argument_rules")["maps"][key]["map"])


_PURPOSE_PREPS = _words("purpose_preps")
_AMONG_PREPS = _words("among_preps")
_GOAL_PREPS = _words("goal_preps")
_ON_PREPS = _words("on_preps")
_RECIPIENT_PREPS = _words("recipient_preps")
_ABSTRACT_ACTOR_PREPS = _words("abstract_actor_preps")
_OWN_POSSESSIVES = _words("own_possessives")
_EVENT_NOUN_TARGET_PREPS = _words("event_noun_target_preps")
_EVENT_NOUN_ATTACK_PREPS = _words("event_noun_attack_preps")
_OWN_AGENT_VERB_PREPS = _words("own_agent_verb_preps")
_OWN_AGENT_NOUN_PREPS = _words("own_agent_noun_preps")
_PARTNER_PREPS = _words("partner_preps")
_DIRECTIVE_MODALS = _words("directive_modals")
_OTHER_SUBJECT_PRON = _words("other_subject_pron")
_PARTY_SUFFIXES = tuple(sorted(_words("party_suffixes")))  # for str.endswith
_RELATIVE_OBJECTS = _words("relative_objects")
_RELATIVE_SUBJECTS = _words("relative_subjects")
_FACILITY_ATTACK_PREPS = _words("facility_attack_preps")
_ANAPHOR_DETS = _words("anaphor_dets")
_LARGE_SCALES = _words("large_scales")
_DEATH_STATE_WORDS = _words("death_state_words")
_NEGATORS = _words("negators")
_THREAT_PREPS = _words("threat_preps")
_ULTIMATUM_MARKS = _words("ultimatum_marks")
_OBLIGATION_VERBS = _words("obligation_verbs")


_SUBJ = {"nsubj", "csubj"}
_OBJ = {"dobj", "dative"}
_PLURAL_PRON = _words("plural_pron")
_SING_PRON = _words("sing_pron")
_REL_PRON = _words("rel_pron")
_TARGET_PREPS = _words("target_preps")
_INSTRUMENTS = _words("instruments")
_LIGHT_VERBS = _words("light_verbs")
_OBJECT_CONTROL = _words("object_control")
_CREATE_VERBS = _words("create_verbs")
_PARTITIVE = _words("partitive")
_OWNER_HEADS = _words("owner_heads")
_PLACE_NOUNS = _words("place_nouns")
_FACILITY_NOUNS = _words("facility_nouns")
_INHERIT_FACILITY = _words("inherit_facility")
_PLACE_ANAPHORS = _words("place_anaphors")
_GIVE_VERBS = _words("give_verbs")
_DIRECTIVE_VERBS = _words("directive_verbs")
_EVENT_NOUNS = _words("event_nouns")
_FIRE_WORDS = _words("fire_words")
# abstract objects whose prepositional phrases name the actor acted on ("rejected a proposal by X")
_PROPOSAL_NOUNS = _words("proposal_nouns")
_OWN_AGENTS = _words("own_agents")
_NOT_ACTOR_ENTS = {"DATE", "TIME", "MONEY", "PERCENT", "CARDINAL", "QUANTITY", "ORDINAL"}
_ON_NOT_TARGET = _words("on_not_target")
_OF_HEADS = _words("of_heads")
_PLACE_ANAPHOR_NOUNS = _words("place_anaphor_nouns")
_LOC_PREPS = _words("loc_preps")
_LOC_LABELS = {"GPE", "LOC", "FAC"}
_DEICTIC_DATES = _words("deictic_dates")

_DEATH_NOUNS = _words("death_nouns")
_DEATH_VERBS = _words("death_verbs")
_DEATH_ADJ = _words("death_adj")
_INJURY_VERBS = _words("injury_verbs")
_INJURY_NOUNS = _words("injury_nouns")
_ARREST_VERBS = _words("arrest_verbs")
_ARREST_NOUNS = _words("arrest_nouns")
_CROWD_NOUNS = _words("crowd_nouns")
_GATHER_VERBS = _words("gather_verbs")
_CROWD_HEADS = _words("crowd_heads")
_RESULT_VERBS = _words("result_verbs")

# factuality
_MODAL_HYPO = _words("modal_hypo")
_MODAL_PRED = _words("modal_pred")
_ATTEMPT_HEADS = _words("attempt_heads")
_FOIL_HEADS = _words("foil_heads")
_THREAT_HEADS = _words("threat_heads")
_VOW_HEADS = _words("vow_heads")
_PRED_HEADS = _words("pred_heads")
_HYPO_HEADS = _words("hypo_heads")
_NEG_HEADS = _words("neg_heads")
_COND_MARKS = _words("cond_marks")
_GENERIC_MARKS = _words("generic_marks")
_REPORT_FALLBACK = _words("report_fallback")

_PRIORITY = {"hypothetical": 5, "negated": 4, "threatened": 3, "attempted": 2, "predicted": 1}
_QUALIFIER_WORDS = _word_map("qualifier_words")
_COUNT_SUFFIX_SIGNS = _words("count_suffix_signs")
_FACTIVE_CLAUSE_MARKS = _words("factive_clause_marks")
_SEQUENCE_ADVERBS = _words("sequence_adverbs")
_DEVELOPMENT_VERBS = _words("development_verbs")
_NUMBER_WORDS = _word_map("number_words")
_ONE_DETS = _words("one_dets")
_VIOLENT_HEADS = _words("violent_heads")
_ARMED_NOUNS = _words("armed_nouns")
_ARMED_MODIFIERS = _words("armed_modifiers")
_CASUALTY_PREPS = _words("casualty_preps")
_DYING_VERBS = _words("dying_verbs")
_HARM_VERBS = _words("harm_verbs")
_INJURY_ADJ = _words("injury_adj")
_ARREST_PARTICIPLES = _words("arrest_participles")
_KILLING_NOUNS = _words("killing_nouns")
_NOT_CROWD_VERBS = _words("not_crowd_verbs")
_SINGLE_VICTIMS = _words("single_victims")
_CAUSE_MARKS = _words("cause_marks")
_MUTUAL_NOUNS = _words("mutual_nouns")
_NEUTER_PRON = _words("neuter_pron")
_HEARSAY_VERBS = _words("hearsay_verbs")
_LEADING_QUANTIFIERS = _words("leading_quantifiers")
_CALL_HEADS = _words("call_heads")
_PLAN_NOUNS = _words("plan_nouns")
_ATTEMPT_NOUNS = _words("attempt_nouns")
_PLAN_LIKE_NOUNS = _PLAN_NOUNS | _ATTEMPT_NOUNS | _THREAT_HEADS
_DATED_NOUNS = _words("dated_nouns")
_DATE_PREPS = _words("date_preps")
_FORCE_VERBS = _words("force_verbs")
_EVENT_SUBJECT_VERBS = _words("event_subject_verbs")


# ------------------------------------------------------------------ vocabulary


@dataclass(frozen=True)
class _Vocab:
    nouns: dict
    phrases: dict
    titles: dict
    orgs: dict
    org_words: dict
    max_title_len: int
    phrases_longest_first: tuple
    report_verbs: frozenset
    denial_verbs: frozenset


@functools.lru_cache(maxsize=1)
def _vocab() -> _Vocab:
    data = codebook.load("actors")
    titles = {k.lower(): v for k, v in data["titles"].items()}
    verbs = codebook.load("reporting_verbs").get("verbs", {})  # a broken codebook raises its coded error
    report = frozenset(verbs) | frozenset(_REPORT_FALLBACK)
    denial = frozenset(k for k, v in verbs.items() if isinstance(v, dict) and v.get("stance") == "denial") | {"deny"}
    return _Vocab(
        nouns={k.lower(): v for k, v in data["nouns"].items()},
        phrases={k.lower(): v for k, v in data["phrases"].items()},
        titles=titles,
        orgs={k.lower(): (v if isinstance(v, dict) else {"kind": v}) for k, v in data["organisations"].items()},
        org_words={k.lower(): v for k, v in data["org_words"].items()},
        max_title_len=max(len(t.split()) for t in titles),
        phrases_longest_first=tuple(sorted((k.lower() for k in data["phrases"]), key=len, reverse=True)),
        report_verbs=report,
        denial_verbs=denial,
    )


_HUMAN_KINDS = {
    "state", "government", "military", "police", "legislature", "judiciary", "party", "rebels", "protesters",
    "rioters", "civilians", "media", "ngo", "igo", "person", "business", "labour",
}
_DOMESTIC_KINDS = {
    "state", "government", "military", "police", "legislature", "judiciary", "party", "rebels", "protesters",
    "rioters", "civilians", "labour", "media",
}
_COLLECTIVE = _words("collective")


# ------------------------------------------------------------------ per-document index


@dataclass
class _Index:
    ent_of: list  # token index -> entity Span or None
    sent_ents: dict = field(default_factory=dict)  # sentence index -> entity Spans
    main_country: Optional[str] = None
    prefer: tuple = ()
    paragraph: list = field(default_factory=list)  # sentence index -> paragraph id
    dates: dict = field(default_factory=dict)  # sentence index -> [(DateMention, root token)]
    quants: dict = field(default_factory=dict)  # sentence index -> [(Quantity, token)]
    places: dict = field(default_factory=dict)  # text -> Place | None
    locations: dict = field(default_factory=dict)  # sentence index -> Location found for any trigger (for inheritance)
    place_anaphor: dict = field(default_factory=dict)  # sentence index -> does it point back to a place ("there")
    facility_tokens: dict = field(default_factory=dict)  # sentence index -> [(token, facility lemma)]


def _index(state) -> _Index:
    """The per-document index of entities, mentions and paragraphs, built once per component call."""
    return state.memo("arguments.index", lambda: _build_index(state))


def _build_index(state) -> _Index:
    doc = state.doc
    ent_of: list = [None] * len(doc)
    ents = list(doc.ents)  # doc.ents builds new Spans on every access: read it once
    for ent in ents:
        for i in range(ent.start, ent.end):
            ent_of[i] = ent
    idx = _Index(ent_of=ent_of)
    for ent in ents:
        si = state.sentence_of_token(ent[0])
        if si is not None:
            idx.sent_ents.setdefault(si, []).append(ent)
    _from_mentions(state, idx)
    _index_mentions(state, idx)
    return idx


def _title_before(doc, start: int, vocab: _Vocab, limit: int = 0) -> tuple[Optional[str], int]:
    """(kind, first token index) of a title written just before token ``start``."""
    best: tuple[Optional[str], int] = (None, start)
    found = False
    for n in range(1, vocab.max_title_len + 1):
        i = start - n
        if i < limit or i < 0:
            break
        words = " ".join(t.lower_ for t in doc[i:start])
        if words in vocab.titles:
            kind = vocab.titles[words]
            if kind is not None or not found:
                best = (kind, i)
                found = True
    # walk over stacked titles / modifiers: "Peruvian Prime Minister", "former President"
    if found and best[1] > 0:
        kind0, i0 = best
        prev_kind, prev_i = _title_before(doc, i0, vocab, limit)
        if prev_i < i0:
            return (kind0 or prev_kind, prev_i)
    return best


def _demonyms_before(doc, first: int) -> int:
    """Extend a title's start over a nationality: "[Bolivian] President Luis Arce"."""
    while first > 0 and (doc[first - 1].ent_type_ == "NORP" or (doc[first - 1].pos_ == "ADJ" and gazetteer.demonym_country(doc[first - 1].text))):
        first -= 1
    return first


def _from_mentions(state, idx: _Index) -> None:
    """The document's countries and paragraph ids, read from the mention layer (``state.mentions``;
    persons are looked up in it where they are written, :func:`_person_at`)."""
    m = state.mentions
    idx.main_country = m.main_country
    idx.prefer = tuple(m.countries)
    idx.paragraph = [m.paragraph(i) for i in range(len(state.sents))]


def _token_at(state, norm_char: int):
    doc = state.doc
    starts = state.memo("arguments.token_starts", lambda: [t.idx for t in doc])
    i = bisect.bisect_right(starts, norm_char) - 1
    return doc[max(i, 0)] if len(doc) else None


def _span_root(state, start: int, end: int):
    """The syntactic head of the tokens covering a record's span."""
    ns, ne = start, max(end - 1, start)
    first, last = _token_at(state, ns), _token_at(state, ne)
    if first is None:
        return None
    toks = state.doc[first.i : last.i + 1] if last is not None and last.i >= first.i else state.doc[first.i : first.i + 1]
    tops = [t for t in toks if not (toks.start <= t.head.i < toks.end) or t.head.i == t.i]
    if not tops:
        return toks[0]
    # the highest of them: in "on 5 and 6 January" the mention "6 January" has two tokens whose heads
    # lie outside it ("6" hangs on "5"), and the date's place in the sentence is the month's
    return min(tops, key=_depth)


def _depth(tok) -> int:
    n = 0
    while tok.head.i != tok.i and n < 100:
        tok, n = tok.head, n + 1
    return n


def _index_mentions(state, idx: _Index) -> None:
    for d in state.dates:
        if d.sentence_index is None:
            continue
        root = _span_root(state, d.start, d.end)
        if root is not None:
            idx.dates.setdefault(d.sentence_index, []).append((d, root))
    for q in state.quantities:
        if q.sentence_index is None:
            continue
        ns, ne = q.start, max(q.end - 1, q.start)
        first, last = _token_at(state, ns), _token_at(state, ne)
        if first is None:
            continue
        num = next((t for t in state.doc[first.i : last.i + 1] if t.like_num or t.pos_ == "NUM"), None)
        idx.quants.setdefault(q.sentence_index, []).append((q, num or last, first))


# ------------------------------------------------------------------ small helpers


def _sent_index(state, tok) -> Optional[int]:
    return state.sentence_of_token(tok)


def _children(tok, deps):
    return [c for c in tok.children if c.dep_ in deps]


def _pobj(prep):
    return next((c for c in prep.children if c.dep_ in ("pobj", "pcomp")), None)


def _verb_amod(noun):
    """The verb of a coordinated predicate mis-parsed as an adjective: "blocked roads, [seized] airports"."""
    if noun.dep_ != "conj":
        return None
    first = noun.left_edge
    if first.i < noun.i and first.dep_ == "amod" and first.tag_ in ("VBD", "VBN") and first.head.i == noun.i:
        prev = noun.doc[first.i - 1] if first.i > 0 else None
        if prev is not None and (prev.is_punct or prev.dep_ == "cc"):
            return first
    return None


def _conjuncts(tok) -> list:
    out = [tok]
    for c in tok.children:
        if c.dep_ == "conj" and c.pos_ in ("NOUN", "PROPN", "PRON", "NUM") and _verb_amod(c) is None:
            out.extend(_conjuncts(c))
    return out


def _is_passive(tok) -> bool:
    return any(c.dep_ in ("auxpass", "nsubjpass") for c in tok.children) or (tok.tag_ == "VBN" and tok.dep_ in ("acl", "pcomp"))


def _is_verbal(tok) -> bool:
    return tok.pos_ in ("VERB", "AUX") or (tok.tag_.startswith("VB") and tok.dep_ != "amod")


def _own_subject(tok):
    """(actor tokens, passive patient tokens) written on the token itself."""
    subj = _children(tok, _SUBJ)
    agent = [p for c in tok.children if c.dep_ == "agent" for p in [_pobj(c)] if p is not None]
    patient = _children(tok, {"nsubjpass"})
    return subj, agent, patient


def _resolve_subject(tok, depth: int = 0) -> list:
    """Tokens standing for the actor of verbal ``tok`` (borrowed from governing clauses)."""
    if depth > 6:
        return []
    subj, agent, _ = _own_subject(tok)
    if agent:
        return agent
    if subj:
        return subj
    if tok.dep_ == "xcomp" or (tok.dep_ in ("advcl", "acl", "ccomp") and any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)):
        head = tok.head
        if head.lemma_ in _OBJECT_CONTROL:
            objs = _children(head, _OBJ)
            if objs:
                return objs
        if head.pos_ in ("NOUN", "PROPN"):
            return _nominal_actor(head, depth + 1)
        raised = _children(head, {"nsubjpass"})
        if raised and not _children(head, _SUBJ) and tok.dep_ == "xcomp":
            return raised  # "Congress was set / expected to depose him"
        return _resolve_subject(head, depth + 1)
    if tok.dep_ == "conj" and not _children(tok, {"nsubjpass"}):  # "17 died and 40 were injured": no agent
        head = tok.head
        if head.pos_ in ("NOUN", "PROPN"):  # "roads, seized airports" parse: climb to the verb
            return _verb_subject_of_noun(head, depth + 1)
        return _resolve_subject(head, depth + 1)
    if tok.dep_ == "amod" and tok.tag_ in ("VBN", "VBD"):
        return _verb_subject_of_noun(tok.head, depth + 1)
    if tok.dep_ in ("advcl", "pcomp") and tok.tag_ == "VBG":
        head = tok.head.head if tok.dep_ == "pcomp" else tok.head
        return _resolve_subject(head, depth + 1)
    if tok.dep_ == "relcl":
        return [tok.head]
    if tok.dep_ == "acl" and tok.tag_ == "VBG":
        return [tok.head]
    if tok.dep_ == "acl" and tok.tag_ in ("VBN", "VBD") and _children(tok, {"dobj"}) and tok.head.pos_ in ("NOUN", "PROPN"):
        return [tok.head]  # a main verb parsed as a participle: "The air force carried out strikes"
    return []


def _verb_subject_of_noun(noun, depth: int) -> list:
    """Subject of the verb that has ``noun`` (or the conjunction it is part of) as object."""
    n = noun
    for _ in range(8):
        if n.dep_ in ("conj", "appos") and n.head.pos_ in ("NOUN", "PROPN", "PRON"):
            n = n.head
            continue
        break
    if n.dep_ in ("dobj", "pobj", "nsubjpass", "attr"):
        verb = n.head.head if n.dep_ == "pobj" else n.head
        if verb.pos_ in ("VERB", "AUX"):
            return _resolve_subject(verb, depth + 1)
    return []


def _nominal_actor(noun, depth: int = 0) -> list:
    """Actor of a nominal trigger or of a noun with an infinitive ("his attempt to ...")."""
    if depth > 6:
        return []
    vocab = _vocab()
    poss = _children(noun, {"poss"})
    if poss:
        return poss
    for c in noun.children:
        if c.dep_ == "prep" and c.lower_ == "by":
            p = _pobj(c)
            if p is not None:
                return [p]
    sides = _mutual_sides(noun)
    if sides:
        return sides
    for c in noun.children:
        if c.dep_ in ("compound", "nmod", "amod") and c.i < noun.i and (c.pos_ in ("NOUN", "PROPN") or c.dep_ == "amod"):
            if c.ent_type_ in ("PERSON", "ORG") or vocab.nouns.get(c.lemma_.lower()) in _HUMAN_KINDS - {"civilians", "state"}:
                return [c]
    if _is_violent(noun):
        for c in noun.children:  # "Israeli strikes", "U.S. airstrikes": the state acts
            if c.dep_ in ("compound", "nmod", "amod") and c.i < noun.i and c.ent_type_ in ("GPE", "NORP"):
                return [c]
    if noun.dep_ in ("dobj", "attr") and noun.head.pos_ in ("VERB", "AUX"):
        return _resolve_subject(noun.head, depth + 1)
    if noun.dep_ == "pobj" and noun.head.dep_ == "prep" and noun.head.head.pos_ in ("VERB", "AUX"):
        verb = noun.head.head
        if noun.head.lower_ in _PURPOSE_PREPS or verb.lemma_ in _LIGHT_VERBS:
            return _resolve_subject(verb, depth + 1)
    if noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.pos_ == "NOUN":
        return _nominal_actor(noun.head.head, depth + 1)  # "unleashed an orgy of violence"
    if noun.dep_ == "conj":
        return _nominal_actor(noun.head, depth + 1) if noun.head.pos_ in ("NOUN", "PROPN") else []
    if noun.dep_ == "nsubj" or noun.dep_ == "nsubjpass":
        return []
    return []


def _mutual_sides(noun) -> list:
    """Both sides of a mutual event: "clashes between Cosatu members and DA supporters",
    "an exchange of fire between troops and gunmen"."""
    holders = [noun]
    if noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.pos_ == "NOUN":
        holders.append(noun.head.head)  # "an exchange of fire between ..."
    if not any(h.lemma_.lower() in _MUTUAL_NOUNS for h in holders):
        return []
    for h in holders:
        for c in h.children:
            if c.dep_ == "prep" and c.lower_ in _AMONG_PREPS:
                sides = _actor_pobj(c)
                if len(sides) >= 2:
                    return sides
    return []


def _nominal_agent(noun) -> list:
    """The perpetrator named inside an event noun: "an attack by gunmen", "police firing",
    "the use of deadly force by the authorities", "clashes between X and Y"."""
    event_like = _is_violent(noun) or noun.lemma_.lower() in _EVENT_NOUNS
    of_child = next((_pobj(c) for c in noun.children if c.dep_ == "prep" and c.lower_ == "of" and _pobj(c) is not None), None)
    if not event_like and not (of_child is not None and _is_violent(of_child)):
        return []
    for holder in (noun, of_child):
        if holder is None:
            continue
        for c in holder.children:
            if c.dep_ == "prep" and c.lower_ == "by":
                found = _actor_pobj(c)
                if found:
                    return found
    sides = _mutual_sides(noun)
    if sides:
        return sides
    vocab = _vocab()
    for c in noun.children:
        if c.dep_ == "poss" or (c.dep_ in ("compound", "nmod", "amod") and c.i < noun.i and (
            c.ent_type_ in ("ORG", "NORP", "GPE") or vocab.nouns.get(c.lemma_.lower()) in _HUMAN_KINDS - {"civilians"}
        )):
            return [c]
    return []


def _adjunct_agent(verb) -> list:
    """The perpetrator of an agentless casualty verb, from the event that caused it:
    "killed in police firing", "died in an attack by gunmen", "killed as a result of the use of
    force by the authorities", "were killed when ISIL launched an attack", "injured after police
    used tear gas"."""
    stack = [c for c in verb.children if c.dep_ == "prep" and c.lower_ in _CASUALTY_PREPS]
    seen = 0
    while stack and seen < 8:
        prep = stack.pop(0)
        seen += 1
        p = _pobj(prep)
        if p is None:
            continue
        for n in _with_conjuncts(p):
            found = _nominal_agent(n)
            if found:
                return found
            if any(c.dep_ == "acl" and c.tag_ == "VBG" and _is_violent(c) for c in n.children):
                return [n]  # "died in police firing" parsed as "police" + a participle
            # "as a result of clashes", "in the wake of an attack by X"
            stack.extend(c for c in n.children if c.dep_ == "prep" and c.lower_ == "of")
    clauses = [verb] + [c for c in verb.children if c.dep_ == "conj" and c.pos_ in ("VERB", "AUX")]
    if verb.dep_ == "conj" and verb.head.pos_ in ("VERB", "AUX"):
        clauses.append(verb.head)  # "one was killed and scores injured after police used ..."
    for c in (c for v in clauses for c in v.children):
        if c.dep_ == "advcl" and any(m.dep_ in ("mark", "advmod") and m.lower_ in _CAUSE_MARKS for m in c.children):
            if c.lemma_.lower() in _FORCE_VERBS or _is_violent(c):
                subj = _children(c, _SUBJ)
                if subj:
                    return subj
    return []


def _is_casualty_verb(tok) -> bool:
    lemma = tok.lemma_.lower()
    return lemma in _DEATH_VERBS or lemma in _DYING_VERBS or lemma in _INJURY_VERBS or lemma in _HARM_VERBS or lemma in _ARREST_VERBS


def _light_verb(noun):
    """The verb a nominal trigger is the object of ("set fire to", "led an attack")."""
    if noun.dep_ in ("dobj", "attr") and noun.head.pos_ in ("VERB", "AUX"):
        return noun.head
    return None


def _inner_agent(verb) -> list:
    """The agent of a passive verb in the trigger's adverbial phrase ("... after being ambushed by X")."""
    stack = [(c, 1) for c in verb.children if c.dep_ in ("advcl", "prep")]
    while stack:
        t, depth = stack.pop(0)
        for c in t.children:
            if c.dep_ == "agent":
                p = _pobj(c)
                if p is not None:
                    return [p]
        if depth < 4:
            stack.extend((c, depth + 1) for c in t.children if c.dep_ in ("advcl", "pcomp", "prep", "pobj"))
    return []


def _targets_of(tok, prep_only: bool = False) -> list:
    out = []
    objs = [] if prep_only else _children(tok, _OBJ)
    instrument_only = bool(objs) and all(o.lemma_.lower() in _INSTRUMENTS or o.lower_ in _FIRE_WORDS for o in objs)
    if not instrument_only:
        out.extend(objs)
    passive = _is_passive(tok)
    if passive:
        out.extend(_children(tok, {"nsubjpass"}))
    for c in tok.children:
        if c.dep_ != "prep":
            continue
        p = _pobj(c)
        if p is None or p.pos_ not in ("NOUN", "PROPN", "PRON"):
            continue
        word = c.lower_
        if word in _TARGET_PREPS or (word == "at" and (not objs or instrument_only)) or ((prep_only or instrument_only) and word in _GOAL_PREPS):
            if p.ent_type_ in ("DATE", "TIME") or (word != "against" and p.ent_type_ in ("GPE", "LOC")):
                continue
            if (word == "at" and p.lemma_.lower() in _PLACE_NOUNS) or (word in _ON_PREPS and p.lemma_.lower() in _ON_NOT_TARGET):
                continue
            if word == "on" and p.ent_type_ == "FAC":
                continue
            out.append(p)
        elif word == "of" and tok.pos_ in ("NOUN", "PROPN") and not passive:
            out.append(p)
    if prep_only:
        return out
    if tok.dep_ == "amod" and tok.tag_ in ("VBN", "VBD"):
        out.append(tok.head)
    if tok.dep_ == "acl" and tok.tag_ == "VBN":
        out.append(tok.head)
    return out


def _recipients(tok) -> list:
    out = []
    for d in _children(tok, {"dative"}):
        if d.pos_ == "ADP":  # "provide loans to farmers" parsed with 'to' as the dative
            out.extend(_actor_pobj(d))
        else:
            out.append(d)
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ in _RECIPIENT_PREPS:
            p = _pobj(c)
            if p is not None and p.pos_ in ("NOUN", "PROPN", "PRON") and p.ent_type_ not in ("DATE", "TIME", "MONEY"):
                out.append(p)
    return out


def _with_conjuncts(tok) -> list:
    out = [tok]
    for c in tok.children:
        if c.dep_ == "conj" and c.pos_ in ("NOUN", "PROPN"):
            out.extend(_with_conjuncts(c))
    return out


def _actor_pobj(prep) -> list:
    """The object of a preposition, with its conjuncts, when it can name an actor."""
    p = _pobj(prep)
    if p is None or p.pos_ not in ("NOUN", "PROPN", "PRON") or p.ent_type_ in _NOT_ACTOR_ENTS:
        return []
    if p.lemma_.lower() in _EVENT_NOUNS or p.lemma_.lower() in _PROPOSAL_NOUNS:
        return []  # "the idea of talks"
    return _with_conjuncts(p)


def _inside_abstract(noun) -> list:
    """Actors inside an abstract object: "a proposal by the IAEA", "the resignation of the prime
    minister", "sanctions on Belarus", "an offer from Cairo"."""
    out = []
    for c in noun.children:
        if c.dep_ == "prep" and c.lower_ in _ABSTRACT_ACTOR_PREPS:
            out.extend(_actor_pobj(c))
    return out


def _own_agent(noun) -> bool:
    """An object that is the actor's own agent or instrument: "recalled its ambassador"."""
    return any(c.dep_ == "poss" and c.lower_ in _OWN_POSSESSIVES for c in noun.children) and (
        noun.lemma_.lower() in _OWN_AGENTS
    )


def _prep_targets(tok, preps: frozenset) -> list:
    """Actors in the verb's own prepositional phrases: "apologised to Seoul", "mediate between X and Y"."""
    out = []
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ in preps:
            out.extend(_actor_pobj(c))
    return out


def _verbal_targets(tok, depth: int = 0) -> list:
    """Targets of a verbal trigger, looking through recipients, event nouns and complements.

    "gave the Ivory Coast aid" / "offered troops to Lebanon" -> the recipient; "launched an
    investigation into X" -> X (an event noun is never a target itself); "threatened to shell
    the towns" -> the towns; "demanded that the president resign" -> the president.
    """
    out = _targets_of(tok)
    lemma = tok.lemma_.lower()
    if lemma in _GIVE_VERBS:
        recips = _recipients(tok)
        if recips:
            out = [t for t in out if t.dep_ != "dobj"] + recips
    expanded = []
    for t in out:
        if t.dep_ == "dobj" and t.pos_ == "NOUN" and t.lemma_.lower() in _EVENT_NOUNS:
            inner = _targets_of(t)
            for c in t.children:
                if c.dep_ == "prep" and c.lower_ in _EVENT_NOUN_TARGET_PREPS:
                    p = _pobj(c)
                    if p is not None and p.pos_ in ("NOUN", "PROPN"):
                        inner.append(p)
                elif c.dep_ == "prep" and c.lower_ in _EVENT_NOUN_ATTACK_PREPS:
                    inner.extend(x for x in _actor_pobj(c) if x not in inner)  # "sanctions on Belarus"
            expanded.extend(x for x in inner if x.i != t.i)
        elif t.dep_ == "dobj" and t.lemma_.lower() in _PROPOSAL_NOUNS:
            expanded.extend(_inside_abstract(t) or [t])
        elif t.dep_ == "dobj" and _own_agent(t):
            expanded.extend(_prep_targets(tok, _OWN_AGENT_VERB_PREPS) or _prep_targets(t, _OWN_AGENT_NOUN_PREPS) or [t])
        else:
            expanded.append(t)
    out = expanded
    if not out:
        out = _prep_targets(tok, _PARTNER_PREPS)
    if out or depth >= 2:
        return out
    for c in tok.children:
        if c.dep_ == "xcomp" or (c.dep_ == "advcl" and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)):
            inner = _verbal_targets(c, depth + 1)
            if inner:
                return inner
        elif c.dep_ == "ccomp":
            directive = lemma in _DIRECTIVE_VERBS or any(a.dep_ == "aux" and a.lower_ in _DIRECTIVE_MODALS for a in c.children)
            if directive:
                subj = _children(c, {"nsubj", "nsubjpass"})
                if subj and subj[0].lower_ not in _PLURAL_PRON | _SING_PRON | _OTHER_SUBJECT_PRON:
                    return subj
    return out


# ------------------------------------------------------------------ actor records


def _np_bounds(tok) -> tuple[int, int]:
    """Token range [start, end) of the noun phrase headed by ``tok`` (no clauses, no conjuncts)."""
    left_deps = {"det", "amod", "compound", "nummod", "poss", "nmod", "quantmod", "case", "predet", "punct", "advmod", "npadvmod", "hmod", "hyph"}
    start = tok.i
    vamod = _verb_amod(tok)
    for c in tok.lefts:
        if c.dep_ in left_deps and (vamod is None or c.i != vamod.i):
            start = min(start, c.left_edge.i)
    end = tok.i + 1
    for c in tok.rights:
        if c.dep_ in ("compound", "flat", "nummod"):
            end = max(end, c.right_edge.i + 1)
        elif c.dep_ == "prep" and c.lower_ == "of" and tok.lemma_.lower() in _OF_HEADS:
            end = max(end, c.right_edge.i + 1)
    doc = tok.doc
    ent = entity_of(tok) if tok.ent_iob_ in ("B", "I") else None
    if ent is not None:
        start, end = min(start, ent.start), max(end, ent.end)
    while start < tok.i and (doc[start].is_punct and doc[start].text not in ("“", '"', "'", "‘")):
        start += 1
    while end - 1 > tok.i and doc[end - 1].is_punct and doc[end - 1].text not in ("”", '"', "’"):
        end -= 1
    return start, end


def _strip_span(doc, start: int, end: int, keep: int) -> tuple[int, int]:
    """Drop leading determiners, numbers and quantifier words (never past token ``keep``)."""
    while start < keep and (
        doc[start].dep_ in ("det", "predet", "nummod", "quantmod")
        or doc[start].like_num
        or doc[start].lower_ in _LEADING_QUANTIFIERS
    ):
        start += 1
    return start, end


def _clean_name(text: str) -> str:
    text = text.replace("“", "").replace("”", "").replace('"', "")
    text = re.sub(r"\bso[- ]called\s+", "", text)
    text = re.sub(r"\s+", " ", text).strip(" ,.-–")
    if text.lower().startswith("the "):
        text = text[4:]
    for suffix in ("'s", "’s"):
        if text.endswith(suffix):
            text = text[: -len(suffix)]
    return text.strip()


def _person_at(state, tok):
    """(the person's name, first token index, the mention layer's Person or None) when ``tok``
    ends a person's name the mention layer read (whatever its entity label: "President
    Kassym-Jomart Tokayev" tagged ORG, a surname left untagged)."""
    name = state.mentions.name_at(tok)
    if name is None or tok.i != name.end - 1:
        return None
    return (name.person.name if name.person is not None else name.text), name.start, name.person


def _org_country(text: str) -> Optional[str]:
    entry = _vocab().orgs.get(_clean_name(text).lower())
    return entry.get("country") if entry else None


def _org_kind(text: str) -> Optional[str]:
    vocab = _vocab()
    key = _clean_name(text).lower()
    if key in vocab.orgs:
        return vocab.orgs[key]["kind"]
    for phrase, kind in vocab.phrases.items():
        if phrase in key:
            return kind
    kind = None
    for word in re.findall(r"[a-z]+", key):
        kind = vocab.org_words.get(word, kind)
    return kind


def _country_in(state, idx: _Index, toks) -> Optional[str]:
    gz = gazetteer.default()
    for t in toks:
        if t.ent_type_ == "NORP" or (t.pos_ == "ADJ" and t.text[:1].isupper()):
            cc = gz.demonym(t.text)
            if cc:
                return cc
    for t in toks:
        if t.ent_type_ == "GPE" or (t.pos_ == "PROPN" and t.ent_type_ in ("", "ORG", "LOC")):
            ent = idx.ent_of[t.i]
            name = ent.text if ent is not None and ent.label_ == "GPE" else t.text
            cc = gz.country_code(name)
            if cc:
                return cc
            if ent is not None and ent.label_ == "GPE":
                place = _place(idx, name)
                if place is not None:
                    return place.country
    return None


def _place(idx: _Index, text: str):
    if text in idx.places:
        return idx.places[text]
    place = gazetteer.default().resolve(text, prefer=idx.prefer)
    idx.places[text] = place
    return place


def _owner(head):
    """The person/organisation a group belongs to: "Castillo's supporters", "supporters of X", "Castillo supporters"."""
    for c in head.children:
        if c.dep_ == "poss" and c.pos_ in ("PROPN", "NOUN"):
            return c
    for c in head.children:
        if c.dep_ == "prep" and c.lower_ == "of":
            p = _pobj(c)
            if p is not None and p.pos_ in ("PROPN", "NOUN"):
                return p
    for c in head.lefts:
        if c.dep_ == "compound" and c.pos_ == "PROPN" and c.ent_type_ in ("PERSON", "ORG", ""):
            return c
    return None


def _semantic_head(tok):
    """Partitives point at their group: "a part of the mob" -> "mob"."""
    if tok.lemma_.lower() in _PARTITIVE or tok.lower_ in _PARTITIVE or tok.like_num:
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ == "of":
                p = _pobj(c)
                if p is not None and p.pos_ in ("NOUN", "PROPN") and p.lower_ not in _REL_PRON:
                    return p
    return tok


def _entity_identity(state, idx: _Index, head, start: int, end: int):
    """(name, kind, country, start, end) of a person, organisation, place or nationality head, or None."""
    vocab = _vocab()
    doc = state.doc
    ent = idx.ent_of[head.i]
    person = _person_at(state, head) if head.pos_ == "PROPN" else None
    if person is not None:
        name, pstart, who = person
        tkind, first = _title_before(doc, pstart, vocab)
        first = _demonyms_before(doc, first)
        kind = tkind or (who.kind if who is not None else None) or "person"
        country = _country_in(state, idx, doc[first:pstart]) or (who.country if who is not None else None)
        if ent is not None and ent.label_ != "PERSON" and (ent.start, ent.end) != (pstart, head.i + 1):
            # a name inside another entity: the actor is the name; a name the recogniser mislabelled
            # ("President Kassym-Jomart Tokayev" tagged ORG) keeps its noun phrase, as a PERSON does
            start, end = max(start, pstart), head.i + 1
            while end < len(doc) and doc[end].lower_ in ("'s", "’s"):
                end += 1
        return name, kind, country, start, end
    if ent is not None and ent.label_ in ("ORG", "FAC"):
        name = _clean_name(ent.text)
        kind = _org_kind(ent.text) or (vocab.nouns.get(head.lemma_.lower()) if head.i == ent.end - 1 else None)
        if ent.label_ == "FAC":
            kind = kind or "other"
        country = _org_country(ent.text) or _country_in(state, idx, ent)
        if _org_country(ent.text) is None and _clean_name(ent.text).lower() in vocab.orgs:
            country = country or "--"  # an international body: no main-country default
        if kind is None and head.i + 1 < len(doc) and doc[head.i + 1].lower_ in vocab.org_words and doc[head.i + 1].dep_ != "prep":
            kind = vocab.org_words[doc[head.i + 1].lower_]
        return name, kind or "other", country, start, end
    if ent is not None and ent.label_ == "GPE":
        name = _clean_name(ent.text)
        place = _place(idx, name)
        kind = "state" if place is None or place.precision == "country" else "government"
        return name, kind, (place.country if place is not None else None), start, end
    if ent is not None and ent.label_ == "NORP" and head.tag_ in ("NNPS", "NNS", "NNP"):
        name = _clean_name(ent.text)
        country = gazetteer.demonym_country(ent.text)
        kind = "civilians" if country else ("party" if name.lower().endswith(_PARTY_SUFFIXES) else "other")
        return name, kind, country, start, end
    return None


def _noun_kind(head, span_toks) -> str:
    """Kind of a common-noun actor: a known phrase in it, its head noun, an organisation word,
    or what an apposition says it is ("the group, a militia ...")."""
    vocab = _vocab()
    low = " ".join(t.lower_ for t in span_toks if not t.is_punct)
    kind = next((vocab.phrases[p] for p in vocab.phrases_longest_first if p in low), None)
    kind = kind or vocab.nouns.get(head.lemma_.lower()) or vocab.nouns.get(head.lower_)
    if kind is None and head.pos_ == "PROPN":
        kind = _org_kind(head.text)
    if kind is None:
        kind = next((vocab.nouns[a.lemma_.lower()] for a in head.children
                     if a.dep_ == "appos" and a.lemma_.lower() in vocab.nouns), None)
    return kind or "other"


def _owner_kind(head, kind: str) -> str:
    """Property stands for its owner: "the offices of television stations" -> media."""
    vocab = _vocab()
    of = next((c for c in head.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    owner_tok = _pobj(of) if of is not None else None
    if owner_tok is None:
        return kind
    oent = entity_of(owner_tok) if owner_tok.ent_iob_ in ("B", "I") else None
    okind = _org_kind(oent.text) if oent is not None and oent.label_ == "ORG" else None
    okind = okind or vocab.nouns.get(owner_tok.lemma_.lower())
    if okind is None:
        low_owner = " ".join(t.lower_ for t in owner_tok.subtree)
        okind = next((k for p, k in vocab.phrases.items() if p in low_owner), None)
    return okind or kind


def _noun_identity(state, idx: _Index, tok, head, start: int, end: int, partitive: bool):
    """(name, kind, country) of a common-noun actor ("riot police", "supporters of X")."""
    vocab = _vocab()
    doc = state.doc
    span_toks = doc[start:end]
    lemma = head.lemma_.lower()
    kind = _noun_kind(head, span_toks)
    country = None
    owner = _owner(head) if lemma in _OWNER_HEADS else None
    if owner is not None and owner.i != head.i:
        oent = idx.ent_of[owner.i]
        named = state.mentions.name_at(owner)
        owner_person = named.person if named is not None else None
        if named is not None:
            owner_name = owner_person.name if owner_person is not None else named.text
        else:
            owner_name = _clean_name(oent.text if oent is not None else owner.text)
        if lemma == "member":
            kind = _org_kind(owner_name) or vocab.nouns.get(owner.lemma_.lower()) or kind
        name = f"{head.text.lower() if head.pos_ == 'NOUN' else head.text} of {owner_name}"
        country = _country_in(state, idx, [owner]) or (owner_person.country if owner_person is not None else None)
    else:
        name_toks = [t for t in span_toks if not (t.dep_ in ("det", "predet") or t.like_num and t.i != head.i)]
        name = _clean_name("".join(t.text_with_ws for t in name_toks)) if name_toks else _clean_name(head.text)
        first_tok = name_toks[0] if name_toks else head
        if first_tok.pos_ not in ("PROPN",) and not first_tok.ent_type_ and name[:1].isupper() and not name[1:2].isupper():
            name = name[:1].lower() + name[1:]  # "Farmers" at the start of a sentence
    if kind == "other" and lemma in _OF_HEADS:
        kind = _owner_kind(head, kind)
    country = country or _country_in(state, idx, [t for t in span_toks if t.i != head.i])
    if partitive and kind == "other":
        kind = vocab.nouns.get(tok.lemma_.lower(), kind)
    return name, kind, country


def _make_actor(state, idx: _Index, tok, text_tok=None, role: str = "actor") -> Optional[Actor]:
    """Actor record for the noun phrase headed by ``tok``; ``text_tok`` (a pronoun) gives the quoted text."""
    doc = state.doc
    head = _semantic_head(tok)
    partitive = head.i != tok.i
    start, end = _np_bounds(tok)
    if partitive:
        end = max(end, _np_bounds(head)[1])
    start, end = _strip_span(doc, start, end, tok.i)
    found = _entity_identity(state, idx, head, start, end)
    if found is not None:
        name, kind, country, start, end = found
    else:
        name, kind, country = _noun_identity(state, idx, tok, head, start, end, partitive)
    if country is None and idx.main_country and kind in _DOMESTIC_KINDS:
        country = idx.main_country
    if country == "--":
        country = None
    if partitive and name:
        # a partitive is named by its group: "a part of the mob" -> "mob"
        gs, ge = _np_bounds(head)
        gs, ge = _strip_span(doc, gs, ge, head.i)
        if idx.ent_of[head.i] is None:
            name = _clean_name(doc[gs:ge].text)
            if doc[gs].pos_ != "PROPN" and not doc[gs].ent_type_ and name[1:2].islower():
                name = name[:1].lower() + name[1:]
    if text_tok is not None:
        sp = state.span(text_tok.idx, text_tok.idx + len(text_tok.text))
    else:
        first, last = doc[start], doc[end - 1]
        sp = state.span(first.idx, last.idx + len(last.text))
    if not sp.text.strip():
        return None
    return Actor(text=sp.text, name=name or None, kind=kind, country=country, start=sp.start, end=sp.end)


def _relative_antecedent(tok):
    """The noun a relative pronoun stands for, or the group of an "of which" partitive."""
    clause = tok.head
    for _ in range(3):
        if clause.dep_ in ("relcl", "acl"):
            return clause.head
        if clause.dep_ == "prep":
            clause = clause.head
            continue
        if clause.dep_ in ("advcl",) and clause.head.pos_ in ("VERB", "AUX"):
            # "9000 people had participated, of which some 2000 led ...": the subject of the main clause
            subj = _children(clause.head, _SUBJ | {"nsubjpass"})
            return subj[0] if subj else None
        break
    return None


def _partitive_antecedent(num_tok):
    """For "of which some 2000", the noun "which" refers to."""
    for c in num_tok.head.children:
        if c.dep_ == "prep" and c.lower_ == "of":
            p = _pobj(c)
            if p is not None and p.lower_ in _RELATIVE_OBJECTS:
                if p.lower_ == "them":
                    return None
                return _relative_antecedent(c) or _relative_antecedent(p)
    return None


def _antecedent(state, idx: _Index, pron) -> list:
    """Tokens a personal pronoun refers to (several for a coordinated group), or []."""
    low = pron.lower_
    plural = low in _PLURAL_PRON
    si = _sent_index(state, pron)
    if si is None:
        return []

    def compatible(t) -> bool:
        if t.i == pron.i or t.pos_ not in ("NOUN", "PROPN"):
            return False
        ent = idx.ent_of[t.i]
        person = t.pos_ == "PROPN" and _person_at(state, t) is not None
        if t.dep_ in ("compound", "amod") and (plural or not person):
            return False
        if plural:
            if person:
                return False
            if ent is not None and ent.label_ == "ORG" and t.i == ent.end - 1:
                return True
            if t.tag_ in ("NNS", "NNPS"):
                kind = _vocab().nouns.get(t.lemma_.lower())
                return kind in _HUMAN_KINDS
            return t.lemma_.lower() in _COLLECTIVE
        return person and (ent is None or ent.label_ != "PERSON" or t.i >= ent.end - 2)

    sent = state.sents[si]
    same = [t for t in sent if t.i < pron.i and compatible(t) and not (t.i <= pron.i <= t.head.i and t.dep_ == "poss")]
    # a possessive pronoun inside its own antecedent's clause ("Castillo met his ...") is fine;
    # skip candidates that are the pronoun's own head phrase
    same = [t for t in same if pron not in list(t.subtree)]
    if same:
        return _group(max(same, key=lambda t: (_is_subject(t), _is_group_noun(t), t.i)))
    for back in range(1, 4):
        j = si - back
        if j < 0:
            break
        if back > 1 and idx.paragraph and idx.paragraph[j] != idx.paragraph[si]:
            break
        cands = [t for t in state.sents[j] if compatible(t)]
        if not cands:
            continue
        return _group(max(cands, key=lambda t: (_is_subject(t), _is_group_noun(t), t.i)))
    return []


def _is_body(t) -> bool:
    """An organisation or a body that "it" can stand for: an ORG entity, a country, or a
    singular actor noun such as army, police, government, group."""
    if t.pos_ not in ("NOUN", "PROPN") or t.tag_ in ("NNS", "NNPS") or t.dep_ in ("compound", "amod", "poss"):
        return False
    ent = entity_of(t) if t.ent_iob_ in ("B", "I") else None
    if ent is not None:
        return ent.label_ in ("ORG", "GPE") and t.i == ent.end - 1
    kind = _vocab().nouns.get(t.lemma_.lower())
    return t.lemma_.lower() in _COLLECTIVE or (kind is not None and kind not in ("person", "civilians", "other"))


def _body_antecedent(state, idx: _Index, pron):
    """The organisation "it"/"its" refers to: "the Air Force says it has killed", "the army
    intensified its bombardment" (same sentence first, subjects first; then the previous one)."""
    si = _sent_index(state, pron)
    if si is None:
        return None
    sent = state.sents[si]
    same = [t for t in sent if t.i < pron.i and _is_body(t) and pron not in list(t.subtree)]
    if same:
        return max(same, key=lambda t: (_is_subject(t), t.i))
    if si > 0:
        prev = [t for t in state.sents[si - 1] if _is_body(t)]
        if prev:
            return max(prev, key=lambda t: (_is_subject(t), t.i))
    return None


def _is_subject(t) -> bool:
    """Subject of a clause, directly, as a conjunct, or as the group of a partitive subject ("Thousands of miners")."""
    if t.dep_ in ("nsubj", "nsubjpass"):
        return True
    if t.dep_ == "conj" and t.head.dep_ in ("nsubj", "nsubjpass"):
        return True
    if t.dep_ == "pobj" and t.head.lower_ == "of" and t.head.head.dep_ in ("nsubj", "nsubjpass"):
        holder = t.head.head
        return holder.lower_ in _PARTITIVE or holder.lemma_.lower() in _PARTITIVE or holder.like_num
    return False


def _is_group_noun(t) -> bool:
    return t.pos_ == "NOUN"


def _group(tok) -> list:
    """A coordinated group from any of its members: "FARP and ANP" -> both."""
    top = tok
    while top.dep_ == "conj" and top.head.pos_ in ("NOUN", "PROPN"):
        top = top.head
    return _conjuncts(top)


def _actors_for(state, idx: _Index, toks, role: str) -> list[Actor]:
    out: list[Actor] = []
    for tok in toks:
        for member in _conjuncts(tok):
            out.extend(_actors_of_token(state, idx, member, role))
    seen = set()
    uniq = []
    for a in out:
        key = (a.start, a.end, a.name)
        if key not in seen:
            seen.add(key)
            uniq.append(a)
    return uniq


def _actors_of_token(state, idx: _Index, tok, role: str) -> list[Actor]:
    low = tok.lower_
    if tok.pos_ == "PRON" or tok.tag_ in ("PRP", "PRP$", "WP", "WDT"):
        if low in _REL_PRON:
            ante = _relative_antecedent(tok)
            if ante is None:
                return []
            return [a for a in [_make_actor(state, idx, ante, text_tok=None, role=role)] if a]
        if low in _NEUTER_PRON:
            ante = _body_antecedent(state, idx, tok)
            a = _make_actor(state, idx, ante, text_tok=tok, role=role) if ante is not None else None
            return [a] if a is not None else []
        if low in _PLURAL_PRON or low in _SING_PRON:
            out = []
            for ante in _antecedent(state, idx, tok):
                a = _make_actor(state, idx, ante, text_tok=tok, role=role)
                if a is not None:
                    out.append(a)
            return out
        return []
    if tok.like_num and tok.pos_ == "NUM":
        ante = _partitive_antecedent(tok)
        a = _make_actor(state, idx, tok, role=role)
        if ante is not None and a is not None:
            ref = _make_actor(state, idx, ante, role=role)
            if ref is not None:
                a = a.model_copy(update={"name": ref.name, "kind": ref.kind, "country": ref.country})
        return [a] if a else []
    if tok.pos_ not in ("NOUN", "PROPN", "ADJ", "X"):
        return []
    a = _make_actor(state, idx, tok, role=role)
    return [a] if a else []


def _creator_of(rel_tok):
    """"... attempted to form a government which was to dissolve Congress": the former."""
    ante = _relative_antecedent(rel_tok)
    if ante is None or ante.dep_ != "dobj" or ante.head.lemma_ not in _CREATE_VERBS:
        return None
    subj = _resolve_subject(ante.head)
    return subj or None


def actors_and_targets(state, trigger) -> tuple[list[Actor], list[Actor]]:
    """Actors and targets of the event whose trigger head is ``trigger``."""
    idx = _index(state)
    if trigger.pos_ in ("NOUN", "PROPN") or (trigger.dep_ in ("dobj", "pobj", "nsubj", "nsubjpass", "conj", "attr") and not _is_verbal(trigger)):
        actor_toks = _nominal_actor(trigger)
        target_toks = _targets_of(trigger)
        light = _light_verb(trigger)
        if light is not None:
            target_toks += [t for t in _targets_of(light, prep_only=True) if t.i != trigger.i]
        if trigger.dep_ == "nsubj" and trigger.head.lemma_.lower() in _EVENT_SUBJECT_VERBS:
            # "a car bombing killed 75 displaced people": the event noun's verb names the victims
            target_toks += [t for t in _targets_of(trigger.head) if t.i != trigger.i]
    else:
        actor_toks = _resolve_subject(trigger)
        target_toks = _verbal_targets(trigger)
        if not actor_toks and _is_passive(trigger):
            actor_toks = _inner_agent(trigger)
        if trigger.lemma_.lower() in _DYING_VERBS and actor_toks and all(t.head.i == trigger.i for t in actor_toks):
            # "17 people died during clashes": who died is the victim, the clash names the actors
            target_toks = actor_toks + [t for t in target_toks if t not in actor_toks]
            actor_toks = []
        if not actor_toks and _is_casualty_verb(trigger) and (_is_passive(trigger) or trigger.lemma_.lower() in _DYING_VERBS):
            actor_toks = _adjunct_agent(trigger)
    # "a government which was to dissolve Congress" (formed by X): X acts
    resolved = []
    for t in actor_toks:
        creator = _creator_of(t) if t.lower_ in _RELATIVE_SUBJECTS else None
        resolved.extend(creator or [t])
    actors = _actors_for(state, idx, resolved, "actor")
    targets = _actors_for(state, idx, [t for t in target_toks if t not in resolved], "target")
    actor_keys = {(a.start, a.end) for a in actors}
    actor_names = {a.name for a in actors if a.name}
    targets = [t for t in targets if (t.start, t.end) not in actor_keys and t.name not in actor_names]
    return actors, targets


# ------------------------------------------------------------------ location


def _loc_record(state, text_start: int, text_end: int, place, name: Optional[str] = None) -> Location:
    sp = state.span(text_start, text_end)
    if place is None:
        return Location(text=sp.text, name=name or _clean_name(sp.text))
    return Location(
        text=sp.text,
        name=name or place.name,
        country=place.country,
        lat=place.lat,
        lon=place.lon,
        precision=place.precision,
        geonameid=place.geonameid,
    )


_PRECISION_RANK = {"facility": 0, "city": 1, "region": 2, "country": 3, None: 4}


def _clause_root(tok):
    t = tok
    while t.dep_ not in ("ROOT",) and t.head.i != t.i:
        if t.dep_ in ("ccomp", "advcl", "relcl", "conj") and _is_verbal(t):
            return t
        t = t.head
    return t


def _path_to(tok, target, limit: int = 12) -> Optional[list]:
    """Ancestors of ``tok`` up to ``target`` (inclusive), or None if ``target`` is not above it."""
    path = []
    t = tok
    for _ in range(limit):
        if t.i == target.i:
            return path
        if t.head.i == t.i:
            return None
        path.append(t)
        t = t.head
    return None


_NOT_PLACE_LABELS = {"PERSON", "NORP", "DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY", "LAW", "EVENT"}


def _place_units(state, idx: _Index, si: int):
    """(root token, normalised start, end, text, is_facility) for each place-like mention of a sentence.

    Entities labelled GPE/LOC/FAC, organisations the facility table knows, and proper
    nouns after a locative preposition that the gazetteer resolves whatever their entity
    label (the small model often calls a town an ORG).
    """
    cache = state.memo("arguments.place_units", dict)
    if si in cache:
        return cache[si]
    gz = gazetteer.default()
    doc = state.doc
    units = []
    covered = set()
    for ent in idx.sent_ents.get(si, ()):
        fac = gz.facility(ent.text) is not None
        if ent.label_ not in _LOC_LABELS and not (ent.label_ == "ORG" and fac):
            continue
        toks = ent[1:] if ent[0].lower_ == "the" and len(ent) > 1 else ent
        units.append((ent.root, toks.start_char, toks.end_char, toks.text, fac or ent.label_ == "FAC"))
        covered.update(range(ent.start, ent.end))
    for t in state.sents[si]:
        if t.i in covered or t.pos_ != "PROPN" or t.dep_ != "pobj" or t.head.lower_ not in _LOC_PREPS | {"of"}:
            continue
        ent = idx.ent_of[t.i]
        if ent is not None and ent.label_ in _NOT_PLACE_LABELS:
            continue
        start = t.i
        while start - 1 >= 0 and doc[start - 1].dep_ == "compound" and doc[start - 1].pos_ == "PROPN" and doc[start - 1].head.i == t.i:
            start -= 1
        text = doc[start : t.i + 1].text
        if _place(idx, text) is None:
            continue
        units.append((t, doc[start].idx, t.idx + len(t.text), text, False))
    cache[si] = units
    return units


def _only_nouns_between(root, trigger, light) -> bool:
    """No other clause between a place name and the trigger ("occupied X in the city of Y")."""
    t = root
    for _ in range(8):
        if t.i == trigger.i or (light is not None and t.i == light.i):
            return True
        if t.head.i == t.i or (t.pos_ in ("VERB", "AUX") and t.i != root.i):
            return False
        t = t.head
    return False


def _facility_object(trigger, light):
    """A facility noun that is the event's object ("occupied an airport [in the city of X]")."""
    for verb in (trigger, light):
        if verb is None:
            continue
        for c in verb.children:
            if c.dep_ in ("dobj", "nsubjpass") and c.pos_ == "NOUN" and c.lemma_.lower() in _FACILITY_NOUNS:
                return c
            if c.dep_ == "prep" and c.lower_ in _FACILITY_ATTACK_PREPS:
                p = _pobj(c)
                if p is not None and p.pos_ == "NOUN" and p.lemma_.lower() in _FACILITY_NOUNS:
                    return p
    return None


def _location_candidates(state, idx: _Index, si: int, trigger):
    light = trigger.head if trigger.pos_ in ("NOUN", "PROPN") and trigger.dep_ in ("dobj", "pobj") else None
    if light is not None and light.dep_ == "prep":
        light = light.head
    clause = _clause_root(trigger)
    out = []
    for root, start_char, end_char, text, facility_like in _place_units(state, idx, si):
        prep = root.head if root.dep_ == "pobj" and root.head.pos_ == "ADP" else None
        if prep is None:
            # no preposition: a facility that is the event's object ("occupied the X Airport"),
            # or a place name inside a facility's name ("the Juliaca airport")
            if facility_like and root.dep_ in ("dobj", "nsubjpass", "appos", "conj"):
                pass
            elif root.dep_ in ("compound", "nmod") and root.head.lemma_.lower() in _FACILITY_NOUNS:
                pass
            else:
                continue
        else:
            holder = prep.head
            word = prep.lower_
            if word == "from" and holder.pos_ in ("NOUN", "PROPN", "PRON"):
                continue  # where an actor comes from
            if word == "of":
                if holder.lemma_.lower() not in _PLACE_NOUNS | _FACILITY_NOUNS:
                    continue  # "the government of Peru", "the president of Peru"
            elif word not in _LOC_PREPS and not facility_like:
                continue
        attached = prep is not None and prep.lower_ in _LOC_PREPS and (prep.head.i == trigger.i or (light is not None and prep.head.i == light.i))
        if attached:
            rank = 0
        elif _path_to(root, trigger) is not None or (light is not None and _path_to(root, light) is not None):
            rank = 1
        elif _path_to(root, clause) is not None or _path_to(trigger, root) is not None:
            rank = 2
        elif prep is not None and prep.lower_ in _LOC_PREPS:
            rank = 3
        else:
            continue
        gz = gazetteer.default()
        place = gz.facility(text) or _place(idx, text)
        if place is None and rank > 0:
            continue
        name = None
        # a common facility noun placed by this name: "an airport in the city of Juliaca"
        fac = _facility_above(root, trigger)
        if fac is None and rank <= 1 and _only_nouns_between(root, trigger, light):
            fac = _facility_object(trigger, light)
        if fac is not None and place is not None and place.precision in ("city", "region"):
            if fac.i < root.i:
                fs, _ = _np_bounds(fac)
                fs, _ = _strip_span(state.doc, fs, fac.i + 1, fac.i)
                if _path_to(root, fac) is not None:
                    start_char = min(start_char, state.doc[fs].idx)
            name = f"{fac.lemma_.lower()}, {place.name}"
        else:
            fac = None
        out.append((rank, _PRECISION_RANK.get(place.precision if place else None, 4), abs(root.i - trigger.i), start_char, end_char, place, name, fac))
    out.sort(key=lambda c: (c[0], c[1], c[2]))
    return out


def _facility_above(root, trigger):
    """A facility noun the place name modifies ("airport in the city of Juliaca"), below the trigger."""
    t = root
    for _ in range(6):
        if t.head.i == t.i or t.i == trigger.i:
            return None
        t = t.head
        if t.pos_ == "NOUN" and t.lemma_.lower() in _FACILITY_NOUNS:
            return t
        if t.pos_ in ("VERB", "AUX"):
            return None
    return None


def _facility_nouns_near(idx: _Index, si: int, sent, trigger) -> set:
    """Facility nouns the event's own phrase mentions ("attack on ... airport buildings").

    The sentence's facility nouns are found once; each is then tested for being under the
    trigger (walking up from the few nouns, not down the trigger's whole subtree, which in a
    long coordinated sentence is the whole sentence for every event)."""
    nouns = idx.facility_tokens.get(si)
    if nouns is None:
        nouns = idx.facility_tokens[si] = [(t, t.lemma_.lower()) for t in sent if t.lemma_.lower() in _INHERIT_FACILITY]
    return {low for t, low in nouns if t.i == trigger.i or trigger.is_ancestor(t)}


def _points_back_to_a_place(idx: _Index, si: int, sent) -> bool:
    """'there', 'in the same town': the sentence points back to a place named before (once per sentence)."""
    got = idx.place_anaphor.get(si)
    if got is None:
        got = idx.place_anaphor[si] = any(t.lower_ in _PLACE_ANAPHORS and t.dep_ == "advmod" for t in sent) or any(
            t.lemma_.lower() in _PLACE_ANAPHOR_NOUNS and any(c.lower_ in _ANAPHOR_DETS or c.lower_ == "same" for c in t.lefts) and t.dep_ == "pobj"
            for t in sent
        )
    return got


def location_for(state, sentence_index, trigger) -> Optional[Location]:
    """The place of the event (see the module docstring)."""
    idx = _index(state)
    if sentence_index is None or sentence_index >= len(state.sents):
        return None
    cands = _location_candidates(state, idx, sentence_index, trigger)
    if cands:
        _rank, _, _, s, e, place, name, fac = cands[0]
        loc = _loc_record(state, s, e, place, name)
        idx.locations.setdefault(sentence_index, []).append((loc, fac.lemma_.lower() if fac is not None else _fac_word(place)))
        return loc
    # inherit from the previous sentences of the paragraph when the text points back
    sent = state.sents[sentence_index]
    anaphor = _points_back_to_a_place(idx, sentence_index, sent)
    facs = _facility_nouns_near(idx, sentence_index, sent, trigger)
    if not anaphor and not facs:
        return None
    for back in (1, 2):
        j = sentence_index - back
        if j < 0 or (idx.paragraph and idx.paragraph[j] != idx.paragraph[sentence_index]):
            break
        prev = _sentence_locations(state, idx, j)
        for loc, facword in prev:
            if anaphor or (facword and facword in facs):
                return loc
    return None


def _fac_word(place) -> Optional[str]:
    if place is None or place.precision != "facility":
        return None
    low = place.name.lower()
    return next((w for w in _INHERIT_FACILITY if w in low), None)


def _sentence_locations(state, idx: _Index, si: int) -> list:
    """Locations found in sentence ``si`` (for any of its verbs), for inheritance."""
    if si in idx.locations:
        return idx.locations[si]
    found = []
    sent = state.sents[si]
    roots = [t for t in sent if t.pos_ == "VERB" or t.dep_ == "ROOT"]
    seen = set()
    for r in roots:
        for c in _location_candidates(state, idx, si, r)[:1]:
            key = (c[3], c[4])
            if key in seen:
                continue
            seen.add(key)
            loc = _loc_record(state, c[3], c[4], c[5], c[6])
            found.append((loc, c[7].lemma_.lower() if c[7] is not None else _fac_word(c[5])))
    idx.locations[si] = found
    return found


# ------------------------------------------------------------------ date


def _date_event_date(d, inherited: bool) -> EventDate:
    return EventDate(value=d.value, precision=d.precision, text=d.text, inherited=inherited)


_WEEKDAY_RE = re.compile(r"^(?:on |from |by |until |this |next )?(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b", re.I)


def forward_weekday(date: Optional[EventDate], published) -> Optional[EventDate]:
    """A bare weekday of a predicted event points forward ("called a strike from Wednesday"): the
    dates stage resolves weekdays to the latest one on or before publication, as news mostly means;
    for an event that has not happened yet the next one is meant."""
    if date is None or published is None or date.inherited or not date.value or date.precision != "day":
        return date
    if not _WEEKDAY_RE.match((date.text or "").strip()):
        return date
    import datetime as _dt

    value = _dt.date.fromisoformat(date.value)
    if value >= published:
        return date
    return date.model_copy(update={"value": (value + _dt.timedelta(days=7)).isoformat()})


def _modifies_other_noun(root, trigger) -> bool:
    """True when the date hangs on a noun that is not the trigger ("elections in 2023")."""
    t = root
    for _ in range(10):
        if t.i == trigger.i:
            return False
        if t.head.i == t.i:
            return False
        head = t.head
        if head.i == trigger.i:
            return False
        if t.dep_ == "prep" and t.lower_ == "on" and head.dep_ == "dobj" and (
            head.head.i == trigger.i or (trigger.dep_ == "conj" and trigger.head.i == head.head.i)
        ):
            return False  # "blocked the highway ... on Sunday": the parser hangs the date on the object
        if t.dep_ == "prep" and t.lower_ in _DATE_PREPS and head.pos_ in ("NOUN", "PROPN") and not _is_dated_noun(head):
            return False  # a thing or a person is not dated: "an attack on the shrine of X in June 2017" dates the attack
        if head.pos_ in ("NOUN", "PROPN") and t.dep_ in ("compound", "nummod", "amod", "prep", "npadvmod", "nmod", "poss", "pobj") and head.dep_ != "pobj" or (
            head.pos_ in ("NOUN", "PROPN") and t.dep_ in ("compound", "nummod", "amod", "nmod", "poss")
        ):
            return True
        if head.pos_ in ("VERB", "AUX"):
            return False
        t = head
    return False


def _is_dated_noun(noun) -> bool:
    """A noun that a date can belong to: an event, a plan, a law, a term ("elections in 2023")."""
    lemma = noun.lemma_.lower()
    return (lemma in _DATED_NOUNS or lemma in _EVENT_NOUNS or lemma in _PROPOSAL_NOUNS or _is_violent(noun)
            or noun.ent_type_ in ("EVENT", "LAW") or noun.tag_ == "VBG")


def _is_adverbial(root) -> bool:
    t = root
    for _ in range(4):
        if t.head.i == t.i:
            return True
        if t.head.pos_ in ("VERB", "AUX"):
            return True
        if t.dep_ in ("pobj", "npadvmod", "advmod", "prep", "nummod", "compound") and t.head.pos_ in ("ADP", "ADV", "NUM", "PROPN") and t.head.dep_ not in ("compound",):
            t = t.head
            continue
        return False
    return False


def _in_clause_of_other_noun(path, trigger) -> bool:
    """The date sits in a relative or participle clause on a noun other than the trigger: "took
    down a statue that had been erected five years before" dates the erecting, not the taking
    down (a clause on the trigger noun itself still dates it: "protests, which began on 2 January")."""
    return any(t.dep_ in ("relcl", "acl") and _is_verbal(t) and t.head.i != trigger.i for t in path)


def _in_other_clause(path) -> bool:
    """The date hangs on a verb with a subject of its own below the trigger: another clause, often
    another item of a list ("X resigns on 14 July, ..., troops raid Galle Face ... on 22 July"
    parsed as one chain of clauses)."""
    return any(t.pos_ in ("VERB", "AUX") and t.dep_ in ("conj", "advcl", "ccomp", "parataxis", "dep")
               and any(c.dep_ in ("nsubj", "nsubjpass", "csubj") for c in t.children) for t in path)


def _own_date(idx: _Index, sentence_index: int, trigger):
    """The date mention of the trigger's own sentence that dates it, or None."""
    best = None
    best_key = None
    for d, root in idx.dates.get(sentence_index, []):
        if _modifies_other_noun(root, trigger):
            continue
        path = _path_to(root, trigger)
        if path is not None:
            rank = 3 if _in_clause_of_other_noun(path, trigger) or _in_other_clause(path) else 0
        elif _path_to(trigger, _clause_root(root)) is not None or _path_to(trigger, root.head) is not None:
            rank = 1  # the date's clause dominates the trigger ("On the 7th, X attempted to dissolve ...")
        elif _is_adverbial(root):
            rank = 2
        else:
            continue
        hops = len(path) if path is not None else len(_path_to(trigger, _clause_root(root)) or ()) + 1
        key = (rank, d.value is None, hops, abs(root.i - trigger.i))
        if best_key is None or key < best_key:
            best, best_key = d, key
    return best


def _inherited_date(state, idx: _Index, sentence_index: int):
    """The latest adverbial date of the previous sentences of the paragraph (never a deictic
    "today", never a caption, byline or "updated" line)."""
    furniture = furniture_sentences(state)
    para = idx.paragraph[sentence_index] if sentence_index < len(idx.paragraph) else None
    for j in range(sentence_index - 1, -1, -1):
        if para is None or idx.paragraph[j] != para:
            break
        if j in furniture:
            continue
        for d, root in reversed(idx.dates.get(j, [])):
            if d.value is None or d.text.lower().strip() in _DEICTIC_DATES:
                continue
            if not _is_adverbial(root):
                continue
            return d
    return None


def _clause_verb(tok):
    """The verb whose tense dates ``tok``'s event: the trigger itself, the verb a nominal trigger
    hangs from, or the clause a participle depends on ("stormed ..., killing five")."""
    t = tok
    for _ in range(6):
        if t.pos_ in ("VERB", "AUX") and t.dep_ != "xcomp" and not (
            t.tag_ in ("VBG", "VBN") and t.dep_ in ("advcl", "acl", "conj") and not _children(t, {"aux", "auxpass"})
        ):
            return t
        if t.head.i == t.i:
            return t if t.pos_ in ("VERB", "AUX") else None
        t = t.head
    return None


def _asserted_past(state, trigger) -> bool:
    """The event is told as past: a verbal trigger in a past-tense or perfect clause with no
    future or modal auxiliary, and no marker making it attempted, predicted, hypothetical ...
    (a nominal trigger dated later stays as it is: "announced a strike on 15 January")."""
    if not _is_verbal(trigger) or factuality_of(state, trigger, use_date=False) not in ("asserted", "attempted"):
        return False
    verb = _clause_verb(trigger)
    if verb is None:
        return False
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    if any(a.lower_ in _MODAL_PRED or a.lower_ in _MODAL_HYPO or a.lower_ == "to" for a in auxes):
        return False
    if verb.tag_ == "VBD":
        return True
    return any(a.tag_ == "VBD" or a.lemma_ == "have" for a in auxes)


def _not_after_publication(state, trigger, date: EventDate) -> Optional[EventDate]:
    """An asserted past event is never dated after the article's publication date: a date
    whose year was inferred moves back a year; one with a written year keeps only the year
    (or is dropped when even the year is later)."""
    pub = state.published
    if pub is None or not date.value or date.value[:10] <= pub.isoformat() or not _asserted_past(state, trigger):
        return date
    import datetime as _dt

    value = _dt.date.fromisoformat(date.value[:10])
    if not _YEAR_WRITTEN_RE.search(date.text or ""):
        try:
            earlier = value.replace(year=value.year - 1)
        except ValueError:  # 29 February
            earlier = value.replace(year=value.year - 1, day=28)
        if earlier <= pub:
            return date.model_copy(update={"value": earlier.isoformat()})
    if value.year <= pub.year and date.precision != "year":
        return date.model_copy(update={"value": f"{value.year}-01-01", "precision": "year"})
    return None


_YEAR_WRITTEN_RE = re.compile(r"\b(?:1[6-9]\d\d|20\d\d)\b|'\d\d\b")


def date_for(state, sentence_index, trigger) -> Optional[EventDate]:
    """The event's date mention (own sentence first, then inherited; see the module docstring)."""
    idx = _index(state)
    if sentence_index is None:
        return None
    best = _own_date(idx, sentence_index, trigger)
    if best is not None:
        return _not_after_publication(state, trigger, _date_event_date(best, inherited=False))
    d = _inherited_date(state, idx, sentence_index)
    if d is not None:
        date = _date_event_date(d, inherited=True)
        if date.precision == "day" and date.value and _in_a_development(trigger):
            date = date.model_copy(update={"value": date.value[:8] + "01", "precision": "month"})
        return _not_after_publication(state, trigger, date)
    return None


def _in_a_development(trigger) -> bool:
    """The trigger is, or hangs below, a verb of spreading or turning ("... quickly spread to other
    cities, especially Almaty, which saw its demonstrations turn into violent riots"): it happened
    some time after the day a previous sentence names ("began on 2 January"), so it inherits only
    that day's month."""
    t = trigger
    for _ in range(12):
        if t.pos_ in ("VERB", "AUX") and t.lemma_.lower() in _DEVELOPMENT_VERBS and not (
            trigger.head.i == t.i and trigger.dep_ in ("nsubj", "nsubjpass")
        ):
            return True  # (the subject of "spread" is what was already going on: "the strike spread")
        if t.head.i == t.i:
            return False
        t = t.head
    return False


# ------------------------------------------------------------------ figures


def _parse_number(toks) -> Optional[float]:
    total = 0.0
    current = None
    for t in toks:
        low = t.lower_
        digits = parse_digits(low)
        if digits is not None:
            current = (current or 0) + digits
        elif low in _LARGE_SCALES:
            current = (current or 1) * (1e6 if low == "million" else 1e9)
            total += current
            current = None
        elif low in _NUMBER_WORDS:
            val = _NUMBER_WORDS[low]
            if val in (100, 1000):
                current = (current or 1) * val
                if val == 1000:
                    total += current
                    current = None
            else:
                current = (current or 0) + val
        elif "-" in low and all(p in _NUMBER_WORDS for p in low.split("-")):
            current = (current or 0) + sum(_NUMBER_WORDS[p] for p in low.split("-"))
    if current is not None:
        total += current
    return total or None


def _is_measure(num, counted) -> bool:
    """A length of time, an age, a distance or a size: "four months", "a one-day strike",
    "a 35-year-old", "20 kilometres" -- never a count of people."""
    units = _measure_units()
    if counted.lemma_.lower() in units or counted.lower_ in units:
        return True
    doc = num.doc
    nxt = doc[num.i + 1] if num.i + 1 < len(doc) else None
    if nxt is not None and nxt.text in ("-", "–") and num.i + 2 < len(doc) and doc[num.i + 2].lemma_.lower() in units:
        return True  # "one-day", "35-year-old"
    return bool(nxt is not None and nxt.lemma_.lower() in units and not nxt.is_punct)


@functools.lru_cache(maxsize=1)
def _measure_units() -> frozenset:
    return frozenset(codebook.load("quantities")["measure_units"]["words"])


def _modifier_role(h) -> Optional[str]:
    """"seven dead", "100 injured police", "12 arrested": a participle or adjective on the counted noun."""
    for c in h.children:
        if c.dep_ == "amod" or (c.dep_ in ("compound",) and c.tag_ in ("VBN", "JJ")):
            cl = c.lemma_.lower()
            if c.lower_ in _DEATH_ADJ or cl in _DEATH_ADJ:
                return "fatalities"
            if cl in _INJURY_VERBS or c.lower_ in _INJURY_NOUNS:
                return "injured"
            if cl in _ARREST_VERBS or c.lower_ in _ARREST_PARTICIPLES:
                return "arrested"
    return None


def _noun_role(h) -> Optional[str]:
    """The counted noun itself, or the noun it is "of": "seven dead", "the deaths of seven civilians"."""
    lemma = h.lemma_.lower()
    if lemma in _DEATH_NOUNS or h.lower_ in _DEATH_ADJ:
        return "fatalities"
    if lemma in _INJURY_NOUNS or h.lower_ in _INJURY_NOUNS:
        return "injured"
    if lemma in _ARREST_NOUNS:
        return "arrested"
    base = h.head if h.dep_ == "conj" else h  # "the deaths of seven civilians and two police"
    if base.dep_ == "pobj" and base.head.lower_ == "of":
        holder = base.head.head
        hl = holder.lemma_.lower()
        if hl in _DEATH_NOUNS or hl in _DEATH_VERBS or holder.lower_ in _KILLING_NOUNS:
            return "fatalities"
        if base is h:
            if hl in _INJURY_NOUNS or hl in _INJURY_VERBS:
                return "injured"
            if hl in _ARREST_NOUNS or hl in _ARREST_VERBS:
                return "arrested"
            if hl in _CROWD_HEADS:
                return "participants"
    return None


def _to_death(verb) -> bool:
    """"beaten to death", "burned alive", "shot dead"."""
    for c in verb.children:
        if c.dep_ == "prep" and c.lower_ == "to" and any(p.lower_ == "death" for p in c.children):
            return True
        if c.lower_ in _DEATH_STATE_WORDS and c.dep_ in ("oprd", "acomp", "advmod", "xcomp", "amod"):
            return True
    return False


def _verb_role(num, h, verb, dep: Optional[str] = None) -> Optional[str]:
    """Object or passive subject of kill / injure / arrest; subject of die; a counted crowd acting.
    ``dep`` overrides the counted word's relation (a subject parsed as "over" + number)."""
    vl = verb.lemma_.lower()
    lemma = h.lemma_.lower()
    dep = dep or h.dep_
    if dep in ("dobj", "nsubjpass"):
        if vl in _DEATH_VERBS or _to_death(verb):
            return "fatalities"
        if vl in _INJURY_VERBS:
            return "injured"
        if vl in _ARREST_VERBS:
            return "arrested"
    if dep == "nsubj" and vl in _DYING_VERBS:
        return "fatalities"
    if dep == "nsubj" and verb.tag_ == "VBN" and verb.dep_ in ("conj", "ROOT") and not _children(verb, {"dobj", "auxpass", "aux"}):
        # an elided passive: "26 were killed and 41 wounded", "227 killed, 9,900 arrested"
        if vl in _DEATH_VERBS:
            return "fatalities"
        if vl in _INJURY_VERBS:
            return "injured"
        if vl in _ARREST_VERBS:
            return "arrested"
    if dep == "nsubj" and vl in _HEARSAY_VERBS:
        # "two people reported killed", "dozens feared dead": the complement says what befell them
        for c in verb.children:
            cl = c.lemma_.lower()
            if c.dep_ in ("xcomp", "oprd", "acomp", "ccomp") and (c.lower_ in _DEATH_ADJ or cl in _DEATH_VERBS):
                return "fatalities"
            if c.dep_ in ("xcomp", "oprd", "acomp", "ccomp") and (c.lower_ in _INJURY_ADJ or cl in _INJURY_VERBS):
                return "injured"
            if c.dep_ in ("xcomp", "oprd", "acomp", "ccomp") and cl in _ARREST_VERBS:
                return "arrested"
    if dep == "dobj" and vl == "leave":  # "left five civilians dead / injured"
        words = {c.lower_ for c in verb.children if c.i > h.i} | {c.lower_ for c in h.children if c.i > h.i}
        if words & _DEATH_ADJ:
            return "fatalities"
        if words & _INJURY_ADJ:
            return "injured"
    if dep == "nsubjpass" and vl in _HARM_VERBS:
        return "injured"
    if dep == "nsubj" and (lemma in _CROWD_NOUNS or num.i == h.i) and vl in _GATHER_VERBS | _LIGHT_VERBS:
        return "participants"
    if dep == "nsubj" and lemma in _CROWD_NOUNS and vl not in _NOT_CROWD_VERBS:
        return "participants"
    return None


def _bare_toll_verb(num, counted):
    """A count followed at once by a bare participle of killing, wounding or arrest, with no
    auxiliary and no object: the elided passive of headlines, infoboxes and lists ("238 killed",
    "250+ injured", "7,939 people arrested", "two killed in Puno"), whatever the parser made of
    the fragment (it often reads "164 people killed" as an active verb with "people" as subject).
    Returns the participle, or None."""
    doc = num.doc
    k = max(num.i, counted.i) + 1
    if k < len(doc) and doc[k].text in _COUNT_SUFFIX_SIGNS:
        k += 1
    if k >= len(doc):
        return None
    verb = doc[k]
    if verb.tag_ not in ("VBN", "VBD") or _children(verb, {"dobj", "aux", "auxpass"}):
        return None
    vl = verb.lemma_.lower()
    if vl in (_DEATH_VERBS - _DYING_VERBS) | _INJURY_VERBS | _ARREST_VERBS:
        return verb
    return None


def _bare_toll(num, counted) -> Optional[str]:
    """The role a bare-participle toll gives its count (see ``_bare_toll_verb``)."""
    verb = _bare_toll_verb(num, counted)
    if verb is None:
        return None
    vl = verb.lemma_.lower()
    if vl in _DEATH_VERBS:
        return "fatalities"
    return "injured" if vl in _INJURY_VERBS else "arrested"


def _role_of(num, counted) -> Optional[str]:
    """fatalities | injured | arrested | participants for a number and the noun it counts."""
    if _is_measure(num, counted):
        return None
    h = counted
    role = _modifier_role(h) or _noun_role(h) or _bare_toll(num, counted)
    if role is not None:
        return role
    top = h
    while top.dep_ == "conj" and top.head.pos_ in ("NOUN", "PROPN", "NUM"):
        top = top.head  # "11 soldiers and four militants were killed": the conjunction's place
    verb = top.head if top.dep_ in ("dobj", "nsubjpass", "nsubj", "attr") else None
    dep = None
    if top.dep_ == "pobj" and top.head.lower_ in _QUALIFIER_WORDS and top.head.dep_ == "prep" and top.head.i < top.head.head.i:
        # "over 9,900 were arrested" parsed as a preposition: the number is the subject
        verb = top.head.head
        if verb.pos_ in ("VERB", "AUX") and not _children(verb, _SUBJ | {"nsubjpass"}):
            dep = "nsubjpass" if _is_passive(verb) or any(c.dep_ == "auxpass" for c in verb.children) else "nsubj"
        else:
            verb = None
    if verb is not None and verb.pos_ in ("VERB", "AUX"):
        role = _verb_role(num, top, verb, dep)
        if role is not None:
            return role
    if h.dep_ == "pobj" and h.head.lower_ == "of" and h.head.head.lemma_.lower() in _CROWD_HEADS:
        return "participants"
    return None


def _counted_noun(num):
    """The noun a number counts: "seven civilians" -> civilians; "some 2000" -> 2000 itself."""
    t = num
    while t.dep_ in ("compound", "quantmod") and t.head.like_num:
        t = t.head
    if t.dep_ == "nummod" and t.head.pos_ in ("NOUN", "PROPN"):
        return t.head
    return t


def _single_victims(sent):
    """"a police officer was burned alive", "a protester was killed": one person."""
    people = _vocab().nouns
    for t in sent:
        if t.dep_ in ("nsubjpass", "dobj") and t.tag_ in ("NN", "NNP"):
            lemma = t.lemma_.lower()
            if lemma in _CROWD_NOUNS or lemma in _SINGLE_VICTIMS or people.get(lemma) in _HUMAN_KINDS - {"state"}:
                det = next((c for c in t.children if c.dep_ in ("det", "nummod")), None)
                if det is not None and det.lower_ in _ONE_DETS:
                    yield det, t


_MISSED = -1  # the figure belongs to an event noun no trigger stands for ("clashes that left one dead")


def _is_violent(tok) -> bool:
    lemma = tok.lemma_.lower()
    if lemma in _VIOLENT_HEADS or tok.lower_ in _VIOLENT_HEADS:
        return True
    return lemma in _ARMED_NOUNS and any(c.lemma_.lower() in _ARMED_MODIFIERS for c in tok.children)


def _trigger_heads(triggers, positions) -> dict:
    """Words that stand for a trigger: a nominal trigger's light verb ("led a merciless attack"),
    the control verb of an infinitive ("2000 supporters attempted to occupy")."""
    heads = {}
    for k, t in enumerate(triggers):
        if t.pos_ in ("NOUN", "PROPN") and t.dep_ in ("dobj", "attr") and t.head.pos_ in ("VERB", "AUX"):
            heads.setdefault(t.head.i, k)
        if t.pos_ in ("NOUN", "PROPN") and t.dep_ == "pobj" and t.head.head.pos_ in ("VERB", "AUX"):
            heads.setdefault(t.head.head.i, k)
        if t.dep_ == "xcomp" and t.head.i not in positions:
            heads.setdefault(t.head.i, k)
    return heads


def _event_of_casualty_verb(verb, positions) -> Optional[int]:
    """The event a casualty verb that is not itself a trigger reports the toll of: its subject
    ("the explosion killed 100", "clashes left three dead"), the event noun of its adjunct ("died
    in clashes", "killed during a raid") or its temporal clause ("were killed when gunmen attacked").
    ``_MISSED`` when that event is a violent noun no trigger stands for."""
    vl = verb.lemma_.lower()
    if not (vl in _DEATH_VERBS or vl in _DYING_VERBS or vl in _INJURY_VERBS or vl in _ARREST_VERBS or vl in _RESULT_VERBS):
        return None
    if verb.dep_ == "conj" and verb.head.i in positions and _is_casualty_verb(verb.head):
        return positions[verb.head.i]  # "26 were killed and 41 wounded": one toll report
    for subj in _children(verb, _SUBJ):
        for s in _conjuncts(subj):
            if s.i in positions:
                return positions[s.i]
    missed = False
    for c in verb.children:
        if c.dep_ == "prep" and c.lower_ in _CASUALTY_PREPS:
            for p in _with_conjuncts(_pobj(c)) if _pobj(c) is not None else []:
                if p.i in positions:
                    return positions[p.i]
                missed = missed or _is_violent(p)
    for c in verb.children:
        if c.dep_ == "advcl" and c.i in positions and _is_violent(c) and (
            c.tag_ == "VBG" or any(m.dep_ in ("mark", "advmod") and m.lower_ in _CAUSE_MARKS for m in c.children)
        ):
            return positions[c.i]
    return _MISSED if missed else None


def _governing_trigger(num, triggers) -> Optional[int]:
    """Index in ``triggers`` of the trigger whose clause governs ``num`` (``_MISSED``: an event
    noun no trigger stands for governs it)."""
    positions = {t.i: k for k, t in enumerate(triggers)}
    bare = _bare_toll_verb(num, _counted_noun(num))
    if bare is not None and bare.i in positions:
        return positions[bare.i]  # "238 killed, 9,900+ arrested": each count with its own participle
    heads = _trigger_heads(triggers, positions)
    missed = False
    t = num
    for _ in range(14):
        if t.i != num.i:
            if t.i in positions:
                return positions[t.i]
            if t.dep_ == "conj" and t.head.i in positions and _is_casualty_verb(t) and _is_casualty_verb(t.head):
                return positions[t.head.i]  # "26 were killed and 41 wounded": one toll report
            if t.i in heads:
                return heads[t.i]
            if t.pos_ in ("VERB", "AUX"):
                k = _event_of_casualty_verb(t, positions)
                if k == _MISSED:
                    missed = True  # unless a trigger above governs the clause ("stormed ..., injuring 22 in an assault")
                elif k is not None:
                    return k
            elif t.pos_ == "NOUN" and _is_violent(t) and t.dep_ != "dobj":
                return _MISSED
        if t.pos_ in ("VERB",) and t.lemma_.lower() in _RESULT_VERBS and t.dep_ in ("advcl", "acl", "conj", "xcomp") and t.tag_ == "VBG":
            before = [k for k, trig in enumerate(triggers) if trig.i < t.i]
            if before:
                return max(before, key=lambda k: triggers[k].i)
        if t.head.i == t.i:
            break
        t = t.head
    return _MISSED if missed else None


def _fallback_trigger(role, num, triggers) -> Optional[int]:
    """With no governing trigger: the nearest trigger that can carry the figure (a casualty
    count goes to a violent event, an arrest count to an arrest or a violent event)."""
    if role == "participants":
        ok = list(range(len(triggers)))
    elif role == "arrested":
        ok = [k for k, t in enumerate(triggers) if _is_violent(t) or t.lemma_.lower() in _ARREST_VERBS | _ARREST_NOUNS]
    else:
        ok = [k for k, t in enumerate(triggers) if _is_violent(t)]
    if not ok:
        return None
    return min(ok, key=lambda j: abs(triggers[j].i - num.i))


def _quantity_figures(state, idx, sentence_index, covered) -> list:
    """(role, value, qualifier, text Span, number token, counted noun) for the quantities stage's counts."""
    out = []
    for q, num, first in idx.quants.get(sentence_index, []):
        if q.unit not in (None, "people"):
            continue
        counted = _counted_noun(num)
        role = _role_of(num, counted)
        covered.add(num.i)
        if role is None and q.unit == "people" and counted.dep_ == "nsubj" and counted.head.lemma_.lower() in _GATHER_VERBS:
            role = "participants"  # "About 2.000 nurses marched": any people counted as a marching crowd
        if role is None:
            continue
        text = Span(text=q.text, start=q.start, end=q.end)
        if counted.i != num.i and counted.i > num.i:
            text = state.span(first.idx, counted.idx + len(counted.text))
        out.append((role, q.value, q.qualifier, text, num, counted))
    return out


def _token_figures(state, sent, covered) -> list:
    """Counts the quantities stage did not read (number words inside entities and the like)."""
    out = []
    for tok in sent:
        if tok.i in covered or not (tok.like_num and tok.pos_ == "NUM") or tok.ent_type_ in ("DATE", "TIME", "MONEY", "PERCENT", "ORDINAL"):
            continue
        if tok.dep_ in ("compound", "quantmod") and tok.head.like_num:
            continue
        value = _parse_number([c for c in tok.subtree if c.like_num])
        if value is None:
            continue
        counted = _counted_noun(tok)
        role = _role_of(tok, counted)
        if role is None:
            continue
        qual = None
        for c in tok.subtree:
            if c.lower_ in _QUALIFIER_WORDS and c.i < tok.i:
                qual = _QUALIFIER_WORDS[c.lower_]
        end_tok = counted if counted.i > tok.i else tok
        text = state.span(tok.left_edge.idx, end_tok.idx + len(end_tok.text))
        out.append((role, value, qual, text, tok, counted))
    return out


def _sum_coordinated(state, figures) -> list:
    """"11 soldiers and four militants were killed": one toll of 15 (never across "including")."""
    out = []
    for fig in figures:
        role, value, qual, text, num, counted = fig
        base = next((f for f in out if f[0] == role and counted.dep_ == "conj" and counted.head.i == f[5].i), None)
        if base is None:
            out.append(fig)
            continue
        start = min(base[3].start, text.start)
        end = max(base[3].end, text.end)
        merged = state.span(start, end)
        out[out.index(base)] = (role, base[1] + value, base[2], merged, base[4], base[5])
    return out


def _assign(figures, triggers) -> list[dict]:
    """Each figure to one trigger: the governing one, else the nearest one that can carry it."""
    assigned: list[dict[str, tuple]] = [{} for _ in triggers]
    for fig in figures:
        role, num = fig[0], fig[4]
        k = _governing_trigger(num, triggers)
        direct = k is not None and k != _MISSED
        if k == _MISSED:
            continue
        if k is None:
            k = _fallback_trigger(role, num, triggers)
            if k is None:
                continue
        prev = assigned[k].get(role)
        if prev is None or (direct and not prev[0]):
            assigned[k][role] = (direct, fig)
    # a crowd's subset ("of which some 2000 led the attack") stands for the whole crowd
    wholes = {f[5].i: f for f in figures if f[0] == "participants"}
    for roles in assigned:
        part = roles.get("participants")
        if part is None:
            continue
        num, counted = part[1][4], part[1][5]
        ante = _partitive_antecedent(num) if counted.i == num.i else None
        if ante is not None and ante.i in wholes:
            roles["participants"] = (part[0], wholes[ante.i])
    return assigned


def figures_for(state, sentence_index, triggers) -> list[dict[str, Count]]:
    """Fatalities, injured, arrested and participants, each given to one of ``triggers``."""
    idx = _index(state)
    result: list[dict[str, Count]] = [{} for _ in triggers]
    if sentence_index is None or not triggers or sentence_index >= len(state.sents):
        return result
    sent = state.sents[sentence_index]
    covered: set = set()
    figures = _quantity_figures(state, idx, sentence_index, covered)
    figures += _token_figures(state, sent, covered)
    for det, noun in _single_victims(sent):
        if noun.i in covered or any(f[5].i == noun.i for f in figures):
            continue
        role = _role_of(det, noun)
        if role in ("fatalities", "injured", "arrested"):
            text = state.span(det.idx, noun.idx + len(noun.text))
            figures.append((role, 1.0, None, text, det, noun))
    if not figures:
        return result
    for k, roles in enumerate(_assign(_sum_coordinated(state, figures), triggers)):
        for role, (_direct, (_r, value, qual, text, _num, _counted)) in roles.items():
            result[k][role] = Count(value=float(value), qualifier=qual, text=text.text, start=text.start, end=text.end)
    return result


# ------------------------------------------------------------------ factuality


def _markers(tok, from_child=None) -> set:
    """Factuality markers written on one clause head ``tok`` (reached from ``from_child``)."""
    vocab = _vocab()
    out = set()
    for c in tok.children:
        low = c.lower_
        if c.dep_ == "neg" or (c.dep_ in ("advmod", "det") and low in _NEGATORS):
            out.add("negated")
        elif c.dep_ in ("aux", "auxpass"):
            if c.text == "May" and not c.is_sent_start:
                continue  # the month mis-parsed as a modal: "On 3 May the general tried ..."
            if low in _MODAL_HYPO:
                if not (low == "would" and _narrative_later(tok)):
                    out.add("hypothetical")
            elif low in _MODAL_PRED or c.lemma_ == "will":
                out.add("predicted")
            elif low == "going" or (c.lemma_ == "be" and any(x.lower_ == "going" for x in tok.children)):
                out.add("predicted")
        elif c.dep_ == "mark":
            if low in _COND_MARKS:
                out.add("hypothetical")
            elif low in _GENERIC_MARKS and tok.tag_ in ("VBP", "VBZ", "VB"):
                out.add("hypothetical")
    if tok.pos_ in ("NOUN",) and any(c.dep_ == "det" and c.lower_ == "no" for c in tok.children):
        out.add("negated")
    if tok.dep_ == "pcomp" and tok.head.lower_ == "without":
        out.add("negated")
    if from_child is not None:
        out |= _head_markers(tok, from_child, vocab)
    return out


def _narrative_later(tok) -> bool:
    """'Four days later, troops would arrive': 'would' with a measured later time ("four days
    later", "a year afterwards") is the future-in-the-past of a narrative, a past fact, unless a
    condition or a reporting verb governs the clause."""
    if tok.dep_ not in ("ROOT", "conj") or any(c.dep_ == "mark" for c in tok.children):
        return False
    for c in tok.children:
        if c.dep_ == "advmod" and c.lower_ in _SEQUENCE_ADVERBS and any(g.dep_ == "npadvmod" for g in c.children):
            return not any(a.lower_ in _COND_MARKS for a in tok.subtree if a.dep_ == "mark")
    return False


def _factive_clause(tok) -> bool:
    """A past-tense adverbial clause opened by 'after', 'because', 'when' ... with no auxiliary of
    its own: its event happened, whatever the mood of the clause it hangs on ("the president was
    called on to quit after demonstrators overran the palace")."""
    if tok.dep_ != "advcl" or tok.tag_ != "VBD":
        return False
    if any(c.dep_ in ("aux", "auxpass", "neg") for c in tok.children):
        return False
    return any(c.dep_ == "mark" and c.lower_ in _FACTIVE_CLAUSE_MARKS for c in tok.children)


def _head_markers(tok, child, vocab) -> set:
    """Markers that a governing word puts on its complement ``child``."""
    lemma = tok.lemma_.lower()
    rel = child.dep_
    infinitive = rel == "xcomp" or (rel in ("acl", "advcl", "ccomp") and any(c.dep_ == "aux" and c.lower_ == "to" for c in child.children))
    nominal = rel in ("dobj", "pobj", "prep", "pcomp", "attr", "nsubjpass")
    prep = child.lower_ if rel == "prep" else None
    verbal = tok.pos_ in ("VERB", "AUX")
    if lemma in _ATTEMPT_HEADS and (infinitive or (nominal and prep in (None, "at"))):
        return {"attempted"}
    if lemma in _FOIL_HEADS and (nominal or rel == "advcl") and (prep in (None, "from")):
        return {"attempted"}
    if lemma in _THREAT_HEADS and (infinitive or prep in _THREAT_PREPS):
        return {"threatened"}
    if lemma in _VOW_HEADS and infinitive:
        words = {t.lower_ for t in tok.subtree}
        return {"threatened"} if words & _ULTIMATUM_MARKS else {"predicted"}
    if (lemma in vocab.denial_verbs and rel == "ccomp") or (lemma == "deny" and (infinitive or nominal)):
        return {"negated"}  # "denied that soldiers fired", "denied the attack"
    if lemma in _NEG_HEADS and (infinitive or rel in ("dobj", "pcomp", "ccomp")):
        return {"negated"}
    if lemma in _CALL_HEADS and (nominal or infinitive):
        return {"predicted"}
    if lemma in _PRED_HEADS and infinitive:
        return {"predicted"}
    if not verbal and lemma in _PLAN_LIKE_NOUNS:
        if lemma in ("threat",):
            return {"threatened"}
        if lemma in _ATTEMPT_NOUNS:
            return {"attempted"}
        if infinitive or prep in ("for",):
            return {"predicted"}
    if lemma in _HYPO_HEADS and (infinitive or nominal or rel == "ccomp"):
        return {"hypothetical"}
    if lemma == "be" and infinitive and rel == "xcomp":
        return {"predicted"}  # "was to dissolve"
    if lemma in _OBLIGATION_VERBS and infinitive and tok.tag_ in ("VBP", "VBZ", "VB"):
        return {"hypothetical"}
    return set()


def factuality_of(state, trigger, use_date: bool = True) -> str:
    """asserted | attempted | threatened | negated | hypothetical | predicted (see the module docstring).
    ``use_date=False`` leaves out the last step (an unmarked event dated after publication is predicted)."""
    vocab = _vocab()
    outer: Optional[str] = None
    # the trigger is itself the attempt / threat word ("attempted to dissolve", "an attempt to ...")
    lemma = trigger.lemma_.lower()
    if any(c.dep_ in ("xcomp", "acl") and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children) or c.dep_ == "xcomp" for c in trigger.children):
        if lemma in _ATTEMPT_HEADS or lemma in _ATTEMPT_NOUNS:
            outer = "attempted"
        elif lemma in _THREAT_HEADS:
            outer = "threatened"
    t = trigger
    child = None
    for _ in range(16):
        marks = _markers(t, child)
        if child is not None and child.dep_ == "conj" and any(c.dep_ in ("aux", "auxpass", "neg") for c in child.children):
            # the conjunct has its own auxiliaries: the first conjunct's do not carry over
            marks -= {"hypothetical", "predicted", "negated"}
        if marks:
            outer = max(marks, key=lambda m: _PRIORITY[m])
        if t.head.i == t.i:
            break
        # boundaries
        if t.dep_ == "ccomp" and t.head.lemma_.lower() in vocab.report_verbs:
            head_marks = _markers(t.head, t) & {"negated"} if t.head.lemma_.lower() in vocab.denial_verbs else set()
            if head_marks:
                outer = "negated"
            break
        if t.dep_ == "relcl" and not marks:
            break
        if _factive_clause(t):
            break
        child, t = t, t.head
    if outer is None:
        outer = "asserted"
        if use_date and state.published is not None and not _markers(trigger):
            try:
                d = date_for(state, state.sentence_of_token(trigger), trigger)
            except Exception as exc:  # a date problem must not break factuality: W202 (--strict raises)
                logger.debug("arguments: the date of a trigger could not be read", exc_info=True)
                state.partial_failure("dates", exc)
                d = None
            if d is not None and not d.inherited and d.value and d.precision in ("day", "week") and d.value > state.published.isoformat():
                outer = "predicted"
    return outer
