"""Stage: events. Finds event triggers and codes them in PLOVER and ACLED terms.

Method (measured with ``corroborator eval plover`` and ``corroborator eval events``):

1. **Candidates.** Every verb whose lemma is in the trigger lexicon (``codebooks/event_lexicon.json``)
   is tried against its rules: the first rule whose parse conditions hold (object kind, particle,
   preposition, subject kind ...) gives the PLOVER type and mode ("attack" + a policy is ACCUSE,
   + a convoy is ASSAULT; "fire" + tear gas is crowd control, + rockets heavy weapons). Nouns of
   the lexicon are triggers only when the text makes them concrete events: the object of a light
   verb ("staged a protest", "called a general strike", "led an attack on police"), the subject of
   an eventive verb ("an explosion killed ...", "clashes broke out"), a definite noun with a
   target ("the attack on the embassy"), or an event cited by a condemnation or protest.
2. **Not events.** Reporting verbs (they are attributions); the content of a verbal act ("urged X
   to release ...", "threatened to strike": the request/threat is the event); purpose clauses
   ("fired tear gas to disperse ..."); participles describing a noun ("the jailed leader") or
   adding a result ("..., killing three"); nouns in generic lists or after a copula ("this is not
   a protest"); nouns inside "in a raid" when a verb already codes it; events under "willing to",
   "the intention to"; calls to action in the author's voice ("workers should demand ...").
3. **PLOVER reductions** from the manual: future cooperative acts are AGREE, a future RETREAT is
   CONCEDE; a reported future use of force or coercion by the speaker is a THREATEN. The mode of
   THREATEN / REQUEST / REJECT comes from the content ("threatened to strike" -> restrict).
4. **ACLED** type from the rule when given, else from the PLOVER type/mode, the kinds of actor and
   target (``arguments.actors_and_targets``, falling back to the lexicon's word classes) and
   context: a crowd's violence is Riots, security forces firing on protesters is Protests /
   Excessive force, an armed group killing civilians is Violence against civilians, and so on.
5. Coordinated triggers of the same type without their own object merge ("arrested and
   detained"); different ones stay separate events ("blocked roads, seized airports and assaulted
   police" -> three events).

6. **Classifier fallback.** A sentence in which the lexicon finds no event, but whose main verb has
   an actor for a subject, is given to the event-type classifier (:mod:`._event_model`: logistic
   regression on parse features, optionally averaged with a MiniLM-embedding model; trained only on
   sentences written for corroborator). Its type is used at probability >= ``MODEL_THRESHOLD``, with
   the confidence scaled down; it never retypes an event the lexicon found.
7. **Casualty reports.** "Seventeen people died and 40 were injured, the ministry said" right after
   a clash in the same paragraph gives its figures (with their own offsets and source) to the
   clash instead of becoming an agentless event of its own.

Arguments (actors, targets, place, date, figures, factuality) come from :mod:`.arguments`.
Events are returned in text order; event ids are content hashes of the article text and the
trigger offsets.
"""

from __future__ import annotations

import functools
import hashlib
import logging
from dataclasses import dataclass, field
from typing import Optional

from ..lexicons import codebook
from ..text.normalise import MONTHS
from ..contract.records import AcledCode, Actor, Event, PloverCode, Span
from . import acled as acled_coding
from . import arguments
from ._event_lexicon import rule_words as _rule_words
from ._event_lexicon import (
    PRONOUNS,
    REL_PRONOUNS,
    Matcher,
    Rule,
    conjuncts,
    is_passive,
    lexicon,
    noun_agents,
    objects,
    particles,
    subjects,
)

logger = logging.getLogger(__name__)

__all__ = ["extract", "codebook_versions"]

CONFLICT_TYPES = {"ASSAULT", "COERCE", "SANCTION", "MOBILIZE", "PROTEST", "THREATEN"}
VERBAL_TYPES = {"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "REQUEST", "ACCUSE", "REJECT", "THREATEN"}
COOPERATIVE = {"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT"}
COOP_FUTURE = {"CONSULT", "SUPPORT", "COOPERATE", "AID"}
MATERIAL = {"ASSAULT", "COERCE", "PROTEST", "MOBILIZE", "SANCTION", "RETREAT", "AID"}
CONTENT_DEPS = {"xcomp", "ccomp", "dobj", "dative", "prep", "pcomp", "attr", "oprd", "acomp", "obj", "advcl"}
NON_CONTENT_PREPS = _rule_words("non_content_preps")
REPORTING_FALLBACK = _rule_words("reporting_fallback")
VERB_TAGS = {"VB", "VBD", "VBG", "VBN", "VBP", "VBZ"}
HABITUAL = _rule_words("habitual")
IRREALIS_ACTS = {"REQUEST", "THREATEN", "AGREE", "REJECT"}
GENERIC_EVENT_NOUNS = _rule_words("generic_event_nouns")
CONDITION_MARKS = _rule_words("condition_marks")
LEGAL_PREPS = _rule_words("legal_preps")
REASON_PREPS = _rule_words("reason_preps")
FRAME_PREPS = _rule_words("frame_preps")
EVALUATIVE_ACTS = {"SUPPORT", "ACCUSE"}
PROSPECTIVE_COERCION = _rule_words("prospective_coercion")
DEFINITE_DETS = _rule_words("definite_dets")
ATTEMPT_NOUNS = _rule_words("attempt_nouns")
OF_PERSON_NOUNS = _rule_words("of_person_nouns")
PERSONISH = _rule_words("personish")
DECISION_NOUNS = _rule_words("decision_nouns")
PROTEST_WORDS = _rule_words("protest_words")
CROWD_KINDS = {"protesters", "rioters", "labour"}
SECURITY_KINDS = {"military", "police"}
ARMED_KINDS = {"rebels"}
CIVILIAN_KINDS = {"civilians", "media", "person", "business", "ngo", "labour", "protesters"}
# word lists of codebook event_rules (each with a note of its source)
PLURAL_PRONOUNS = _rule_words("plural_pronouns")
PASSIVE_NON_GOVERNORS = _rule_words("passive_non_governors")
PART_PREPS = _rule_words("part_preps")
PART_NOUNS = _rule_words("part_nouns")
JOINING_PREPS = _rule_words("joining_preps")
JOINING_VERBS = _rule_words("joining_verbs")
TRIGGER_MODIFIERS = _rule_words("trigger_modifiers")
PARTICLE_ADVMODS = _rule_words("particle_advmods")
COORDINATORS = _rule_words("coordinators")
SUBJECT_PRONOUNS = _rule_words("subject_pronouns")
ACTOR_NOUNS = _rule_words("actor_nouns")
MODAL_AUXILIARIES = _rule_words("modal_auxiliaries")
OPEN_CONDITION_MARKS = _rule_words("open_condition_marks")
NON_SPECIFIC_DETS = _rule_words("non_specific_dets")
WEEKDAY_NAMES = _rule_words("weekday_names")
GOAL_PREPS = _rule_words("goal_preps")
IN_FORCE_NOUNS = _rule_words("in_force_nouns")
IN_PREPS = _rule_words("in_preps")
ONGOING_WORDS = _rule_words("ongoing_words")
EVENT_TARGET_PREPS = _rule_words("event_target_preps")
CALLED_ACTION_NOUNS = _rule_words("called_action_nouns")
CITING_PREPS = _rule_words("citing_preps")
CITING_NOUNS = _rule_words("citing_nouns")
ATTACK_PREPS = _rule_words("attack_preps")
STATE_PREPS = _rule_words("state_preps")
COUP_ATTEMPT_MODIFIERS = _rule_words("coup_attempt_modifiers")
COUP_NOUNS = _rule_words("coup_nouns")
FUTURE_AUXILIARIES = _rule_words("future_auxiliaries")
READINESS_ADJECTIVES = _rule_words("readiness_adjectives")
COMMITMENT_ADJECTIVES = _rule_words("commitment_adjectives")
SCHEDULED_HEADS = _rule_words("scheduled_heads")
PLAN_NOUNS = _rule_words("plan_nouns")
PRETEXT_NOUNS = _rule_words("pretext_nouns")
INTENT_NOUNS = _rule_words("intent_nouns")
NECESSITY_VERBS = _rule_words("necessity_verbs")
TEMPORAL_MARKS = _rule_words("temporal_marks")
CONSEQUENCE_WORDS = _rule_words("consequence_words")
WARNED_PARTY_NOUNS = _rule_words("warned_party_nouns")
PROTESTER_NOUNS = _rule_words("protester_nouns")
POLICE_NOUNS = _rule_words("police_nouns")
MILITARY_NOUNS = _rule_words("military_nouns")
CROWD_NOUNS = _rule_words("crowd_nouns")
GOVERNMENT_NOUNS = _rule_words("government_nouns")
MOB_NOUNS = _rule_words("mob_nouns")
CROWD_HEADS = _rule_words("crowd_heads")
TARGET_GROUP_PREPS = _rule_words("target_group_preps")
SECURITY_PLACES = _rule_words("security_places")


def codebook_versions() -> str:
    """The codebook versions an event was coded with, e.g. ``plover-2.0-draft.1+acled-...+lexicon-1.0.0``."""
    return "plover-{}+acled-{}+lexicon-{}".format(
        codebook.version("plover"), codebook.version("acled"), codebook.version("event_lexicon")
    )


@dataclass
class _Cand:
    tok: object  # head token given to the argument functions
    rule: Rule
    type: str
    mode: Optional[str]
    start: int  # token indexes of the trigger span [start, end)
    end: int
    nominal: bool = False
    light: object = None  # governing light verb of a nominal trigger
    fact_hint: Optional[str] = None
    conf: float = 0.85
    dropped: Optional[str] = None  # reason when filtered out
    content: list = field(default_factory=list)  # suppressed candidates that are this one's content
    acled_hint: Optional[str] = None
    owns_complement: bool = False  # "voted to remove": the complement verb is this event
    cited: bool = False  # a nominal event cited by a verbal act ("condemned the attack")
    cited_by: int = -1  # token index of the citing word
    fact_from: object = None  # token whose factuality this event shares ("a government which was to dissolve ...")
    reasons: bool = False  # its content holds the act it thanks or blames someone for ("thanked X for sending troops")

    @property
    def speech(self) -> bool:
        """A verbal act: its complement or object is its content, not a separate event."""
        return self.rule.speech or bool(self.rule.by_complement) or self.type in VERBAL_TYPES

    @property
    def anchor(self):
        """The clause word whose context decides filters: the light verb of a nominal trigger, else the trigger."""
        return self.light if self.light is not None else self.tok


class _Doc:
    """Per-document helpers: pronoun stand-ins, paragraphs."""

    def __init__(self, state):
        self.state = state
        self.lex = lexicon()
        self.light_cache: dict = {}
        self.matcher = Matcher(self.lex, self.stand_in, self.light_of)
        self.mentions = state.mentions
        self.cues = acled_coding.DocCues()  # ACLED cue names of sentences and clauses, computed once
        self.versions = codebook_versions()
        self.text_hash = hashlib.sha256(state.norm.text.encode("utf-8")).hexdigest()  # event ids: hashed once
        self._relevant: dict = {}

    def relevant_tokens(self, si: int) -> list:
        """The tokens of a sentence that the lexicon knows in some role (computed once)."""
        toks = self._relevant.get(si)
        if toks is None:
            toks = self._relevant[si] = [t for t in self.state.sents[si] if t.is_alpha and self.matcher.relevant(t)]
        return toks

    def stand_in(self, tok):
        """The noun a pronoun is matched as in the lexicon's rules: a relative pronoun's antecedent
        (the noun its clause describes); for they/them the head of the plural group the mention
        layer resolves it to (one pronoun resolver for all stages). None for anything else."""
        low = tok.lower_
        if low in REL_PRONOUNS:
            head = tok.head
            while head.dep_ not in ("relcl", "acl") and head.head.i != head.i and head.pos_ not in ("NOUN", "PROPN"):
                head = head.head
            return head.head if head.dep_ in ("relcl", "acl") else None
        if low not in PLURAL_PRONOUNS:
            return None  # he/she: persons, resolved by the argument finder through the mention layer
        group = self.mentions.antecedent(tok)  # the mention layer's plural group noun phrase
        return group[-1] if group is not None and len(group) else None

    def light_of(self, noun):
        """The verb that makes a noun trigger an event ("staged a protest", "take part in", "a wave of attacks")."""
        key = noun.i
        if key in self.light_cache:
            return self.light_cache[key]
        res = _governing_verb(noun, self.lex)
        self.light_cache[key] = res
        return res

    def paragraph(self, si: int) -> int:
        """The paragraph id of a sentence (the mention layer's)."""
        return self.mentions.paragraph(si)


def _governing_verb(noun, lex):
    """The verb governing a noun as object: dobj, passive subject, 'take part in', 'go on', 'a wave of'."""
    t = noun
    for _ in range(4):
        dep, head = t.dep_, t.head
        if head.i == t.i:
            return None
        if dep == "nsubjpass" and head.lemma_.lower() in PASSIVE_NON_GOVERNORS:
            return None
        if dep in ("dobj", "nsubjpass", "attr" if head.lemma_ != "be" else "_", "oprd"):
            return head if head.pos_ in ("VERB", "AUX") or head.tag_ in VERB_TAGS else None
        if dep == "conj":
            t = head
            continue
        if dep == "pobj":
            prep = head
            ph = prep.head
            if prep.lower_ == "of" and ph.lemma_.lower() in lex.sets["quantity_heads"]:
                t = ph
                continue
            if prep.lower_ in PART_PREPS and ph.lemma_.lower() in PART_NOUNS:
                t = ph
                continue
            if prep.lower_ in JOINING_PREPS and (ph.pos_ == "VERB" or ph.tag_ in VERB_TAGS):
                if ph.lemma_.lower() in JOINING_VERBS:
                    return ph
            return None
        return None
    return None


# ------------------------------------------------------------------ candidates


def _span_for(tok, rule: Rule, nominal: bool) -> tuple[int, int]:
    """Token span of the trigger: the word, its particle, idiom object/preposition, noun compounds."""
    start, end = tok.i, tok.i + 1
    doc = tok.doc
    if nominal:
        for c in tok.children:
            if c.dep_ in ("compound",) or (c.dep_ == "amod" and c.lower_ in TRIGGER_MODIFIERS):
                if c.i < start and tok.i - c.i <= 3:
                    start = min(start, c.i)
        if tok.lemma_.lower() == "state":
            for c in tok.children:
                if c.dep_ == "prep" and c.lower_ == "of":
                    for g in c.children:
                        if g.dep_ == "pobj":
                            end = max(end, g.i + 1)
        return start, end
    for c in tok.children:
        if c.dep_ == "prt" or (c.dep_ == "advmod" and c.lower_ in PARTICLE_ADVMODS):
            if 0 < c.i - tok.i <= 3:
                end = max(end, c.i + 1)
        if rule.span_obj and c.dep_ in ("dobj", "xcomp", "oprd") and 0 < c.i - tok.i <= 3:
            end = max(end, c.i + 1)
        if rule.span_prep and c.dep_ == "prep" and 0 < c.i - tok.i <= 3:
            for g in c.children:
                if g.dep_ == "pobj" and g.i - tok.i <= 5:
                    end = max(end, g.i + 1)
    if end - start > 6:
        end = start + 1
    while end - 1 > start and doc[end - 1].is_punct:
        end -= 1
    return start, end


def _is_verbal(tok) -> bool:
    return tok.pos_ == "VERB" or (tok.tag_ in VERB_TAGS and tok.pos_ not in ("AUX", "NOUN", "PROPN"))


def _mistagged_verb(tok) -> bool:
    """A verb form the small tagger read as a noun or adjective where only a verb fits: the clause
    root of a sentence without a verb ("The regime relaxed press censorship" parsed as one noun
    phrase), or a progressive after 'be' ("is mediating between ...")."""
    dep = tok.dep_
    if dep not in ("attr", "amod") or tok.pos_ not in ("NOUN", "ADJ"):
        return False
    low = tok.lower_
    if dep == "attr":
        return low.endswith("ing") and tok.i > 0 and tok.head.i == tok.i - 1 and tok.head.lemma_ == "be" and any(c.dep_ == "prep" for c in tok.children)
    head = tok.head
    if not low.endswith("ed") or head.dep_ != "ROOT" or head.pos_ not in ("NOUN", "PROPN") or tok.i - head.left_edge.i < 2:
        return False
    return not any(t.pos_ in ("VERB", "AUX") for t in head.subtree)
    if tok.dep_ == "attr" and tok.lower_.endswith("ing"):
        return tok.head.lemma_ == "be" and tok.head.i == tok.i - 1 and any(c.dep_ == "prep" for c in tok.children)
    if tok.dep_ == "amod" and tok.lower_.endswith("ed"):
        root = tok.sent.root
        return root.pos_ in ("NOUN", "PROPN") and tok.head.i == root.i and not any(t.pos_ in ("VERB", "AUX") for t in tok.sent) and tok.i >= tok.sent.start + 2
    return False


def _hanging_verb(tok) -> bool:
    """A coordinated verb the parser hung as amod on its object ("roads, seized airports")."""
    if tok.dep_ != "amod" or tok.pos_ != "VERB" or tok.tag_ not in ("VBD", "VBN"):
        return False
    prev = tok.doc[tok.i - 1] if tok.i > 0 else None
    return prev is not None and prev.lower_ in COORDINATORS and tok.head.i > tok.i


def _verb_candidates(d: _Doc, sent, si: Optional[int] = None) -> tuple[list, dict]:
    """Verbal triggers and, per verb index, a 'light' marker for nominal objects."""
    lex = d.lex
    out: list[_Cand] = []
    light: dict = {}  # verb index -> fact hint ("" when none) for verbs whose object noun is the event
    for tok in (d.relevant_tokens(si) if si is not None else sent):
        if tok.pos_ == "ADJ" and tok.dep_ in ("acomp", "ROOT", "ccomp", "xcomp", "oprd", "conj", "advcl"):
            rule = d.matcher.adjective_rule(tok)
            if rule is not None and not rule.skip and rule.type:
                if any(_actor_like(x, d) for x in subjects(tok)):
                    out.append(_Cand(tok, rule, rule.type, rule.mode, tok.i, tok.i + 1, conf=min(rule.conf, 0.7)))
            continue
        if not (_is_verbal(tok) or _mistagged_verb(tok)) or tok.dep_ in ("compound", "nsubj", "nsubjpass", "dobj", "pobj", "npadvmod", "poss"):
            continue
        lemma = d.matcher.verb_key(tok) or tok.lemma_.lower()
        rule = d.matcher.verb_rule(tok)
        if rule is None or rule.skip:
            if lemma in lex.light:
                light[tok.i] = lex.light[lemma] or ""
            continue
        if rule.type == "@NOUN":
            light[tok.i] = rule.fact or lex.light.get(lemma) or ""
            continue
        if rule.type == "@COMPLEMENT":
            comp = next((c for c in tok.children if c.dep_ in ("xcomp", "ccomp") and _is_verbal(c)), None)
            crule = d.matcher.verb_rule(comp) if comp is not None else None
            if crule is None or crule.skip or crule.type is None or crule.type.startswith("@"):
                continue
            s0, e0 = _span_for(comp, crule, False)
            cand = _Cand(tok, crule, crule.type, crule.mode, tok.i, max(e0, comp.i + 1), conf=crule.conf, acled_hint=crule.acled)
            cand.content.append(comp.i)
            cand.owns_complement = True
            out.append(cand)
            continue
        if tok.dep_ == "amod" and not _hanging_verb(tok) and not _mistagged_verb(tok):
            continue  # "the jailed leader", "100 injured police": a description, not an event mention
        s, e = _span_for(tok, rule, False)
        out.append(_Cand(tok, rule, rule.type, rule.mode, s, e, conf=rule.conf, acled_hint=rule.acled))
    return out, light


def _actor_like(tok, d) -> bool:
    """A subject that can be a political actor: a named person/organisation/state, a personal
    pronoun, or an actor noun (government, police, rebels, protesters ...)."""
    low = tok.lower_
    if low in SUBJECT_PRONOUNS:
        return True
    lem = tok.lemma_.lower()
    if lem in d.lex.nouns:  # an event noun ("Coups, protests ...") is not an actor
        return False
    if tok.ent_type_ in ("PERSON", "ORG", "GPE", "NORP") and tok.pos_ in ("PROPN", "NOUN"):
        return True
    cls = d.lex.classes
    return lem in cls["person_words"] or lem in cls["state_actor"] or lem in cls["armed"] or lem in cls["security"] or lem in cls["crowd"] or lem in cls["legislature"] or lem in ACTOR_NOUNS


def _eventive_relative(noun, lex) -> Optional[object]:
    """The eventive verb of a relative clause whose subject is the noun itself: "protests that
    started over a fuel price rise ...", "the riots which broke out on Monday ..." (the noun is
    told as something that happened, whatever the main clause says of it)."""
    for v in noun.children:
        if v.dep_ != "relcl" or v.lemma_.lower() not in lex.sets["eventive_predicates"] or not _is_verbal(v):
            continue
        if not any(c.dep_ in ("nsubj", "nsubjpass") and c.lower_ in REL_PRONOUNS for c in v.children):
            continue
        if any(c.dep_ in ("aux", "auxpass") and c.lower_ in MODAL_AUXILIARIES for c in v.children):
            continue
        return v
    return None


def _eventive_subject(noun, lex) -> Optional[object]:
    """The eventive verb a noun is the subject of ("clashes broke out", "an explosion killed ...")."""
    rel = _eventive_relative(noun, lex)
    if rel is not None:
        return rel
    if noun.dep_ not in ("nsubj", "nsubjpass"):
        if noun.dep_ == "conj" and noun.head.dep_ in ("nsubj", "nsubjpass"):
            noun = noun.head
        else:
            return None
    v = noun.head
    if v.lemma_.lower() in lex.sets["eventive_predicates"] and (v.pos_ in ("VERB",) or v.tag_ in VERB_TAGS):
        for c in v.children:
            if c.dep_ in ("aux", "auxpass") and c.lower_ in MODAL_AUXILIARIES:
                return None
            if c.dep_ == "mark" and c.lower_ in OPEN_CONDITION_MARKS:
                return None
        return v
    return None


def _det_like(noun) -> bool:
    for c in noun.children:
        if c.dep_ in ("det", "poss", "nummod") and c.lower_ not in NON_SPECIFIC_DETS:
            return True
        if c.dep_ == "compound" and (c.ent_type_ in ("DATE", "TIME", "GPE", "NORP") or c.lower_ in WEEKDAY_NAMES):
            return True
    return False


def _definite(noun) -> bool:
    return any(c.dep_ in ("det", "poss") and c.lower_ in DEFINITE_DETS for c in noun.children) or any(
        c.dep_ == "poss" and c.pos_ in ("PROPN", "NOUN") for c in noun.children
    )


PLACE_OR_TIME_ENTS = {"GPE", "LOC", "FAC", "DATE", "TIME", "NORP", "EVENT", "LAW"}


def _of_named_person(noun) -> bool:
    """'resignation of Mahinda Rajapaksa', 'arrest of Imran Khan': an act noun of a named person
    (an entity, not 'the arrest of protesters') is one dated act, with or without an article."""
    if noun.lemma_.lower() not in OF_PERSON_NOUNS:
        return False
    for c in noun.children:
        if c.dep_ == "prep" and c.lower_ == "of":
            for g in c.children:
                if g.dep_ == "pobj" and g.pos_ == "PROPN" and g.ent_type_ not in PLACE_OR_TIME_ENTS:
                    return True
    return False


def _self_concrete(noun) -> bool:
    """A definite event noun with its own target or agent: 'the attack on the embassy',
    'a general strike called by the unions', 'the government's refusal', 'the arrest of a cleric',
    'a curfew has been in force'."""
    if noun.dep_ == "attr":
        return False
    if noun.dep_ == "pobj" and noun.head.lower_ in GOAL_PREPS:
        return False  # "votes for his impeachment", "calls for her release": a goal, not an event
    if any(c.dep_ == "poss" for c in noun.children) and noun.lemma_.lower() not in GENERIC_EVENT_NOUNS:
        return True
    if _of_named_person(noun):
        return True  # a list item or headline needs no article: "Resignation of Mahinda Rajapaksa as Prime Minister"
    if not _det_like(noun):
        return False
    if noun.dep_ == "nsubj" and noun.head.lemma_ == "be":
        for c in noun.head.children:
            if c.dep_ == "prep" and c.lower_ in IN_PREPS and any(g.lower_ in IN_FORCE_NOUNS for g in c.children):
                return True
            if c.dep_ in ("advmod", "acomp") and c.lower_ in ONGOING_WORDS:
                return True
            if c.dep_ == "prep" and c.lower_ == "under" and any(g.lower_ == "way" for g in c.children):
                return True
    for c in noun.children:
        if c.dep_ == "prep" and c.lower_ == "of" and noun.lemma_.lower() in OF_PERSON_NOUNS:
            for g in c.children:
                if g.dep_ == "pobj" and (g.ent_type_ in ("PERSON", "ORG", "NORP") or g.lemma_.lower() in PERSONISH):
                    return True
    for c in noun.children:
        if c.dep_ == "prep" and c.lower_ in EVENT_TARGET_PREPS and any(g.dep_ == "pobj" for g in c.children):
            return True
        if c.dep_ == "acl" and c.tag_ == "VBN" and any(g.dep_ == "agent" for g in c.children) and noun.lemma_.lower() in PROTEST_WORDS | CALLED_ACTION_NOUNS:
            return True
    return False


def _cited_by(noun, d: _Doc, verb_rules: dict, noun_type: str) -> Optional[int]:
    """The word (index) that cites a definite event noun: a condemnation, protest or investigation
    of it, or a crackdown acting on a protest. None when nothing cites it."""
    if not _det_like(noun):
        return None
    t = noun
    if t.dep_ == "conj":
        t = t.head
    head = t.head
    if t.dep_ == "pobj" and head.lower_ in CITING_PREPS:
        g = head.head
        if g.lemma_.lower() in CITING_NOUNS:
            return g.i
        r = verb_rules.get(g.i)
        if r is not None and (r.cites or r.type == "PROTEST"):
            return g.i
        if any(o.dep_ == "dobj" and o.lemma_.lower() in d.lex.classes["protest_noun"] for o in g.children):
            return g.i
        if r is not None and r.type in ("ASSAULT", "COERCE") and noun_type == "PROTEST" and head.lower_ in ATTACK_PREPS:
            return g.i
    if t.dep_ in ("dobj", "nsubjpass"):
        r = verb_rules.get(head.i)
        if r is not None and r.cites:
            return head.i
    return None


def _part_of_a_date(tok) -> bool:
    """A noun inside a date ("4 March", "March 2021"), also in lower-cased text the NER misses."""
    if tok.ent_type_ in ("DATE", "TIME"):
        return True
    if tok.lower_ not in MONTHS:
        return False
    doc = tok.doc
    near = [doc[i] for i in (tok.i - 1, tok.i + 1) if 0 <= i < len(doc)]
    return any(t.like_num for t in near)


def _noun_candidates(d: _Doc, sent, verb_cands: list, light: dict, si: Optional[int] = None) -> list:
    lex = d.lex
    out = []
    verb_at = {c.tok.i: c for c in verb_cands}
    verb_rules = {c.tok.i: c.rule for c in verb_cands}
    for tok in (d.relevant_tokens(si) if si is not None else sent):
        if tok.pos_ not in ("NOUN", "PROPN") and not (tok.pos_ == "VERB" and tok.tag_ == "VBG" and tok.dep_ in ("nsubj", "dobj", "pobj")):
            continue
        if _part_of_a_date(tok):
            continue  # "on 4 March", "in march 2021": the month, not a march
        lemma = d.matcher.noun_key(tok)
        if lemma is None:
            continue
        rule = d.matcher.noun_rule(tok)
        if rule is None or rule.skip or rule.type is None:
            continue
        gv = d.light_of(tok)
        s, e = _span_for(tok, rule, True)
        cand = _Cand(tok, rule, rule.type, rule.mode, s, e, nominal=True, conf=min(rule.conf, 0.8), acled_hint=rule.acled)
        # 1. object of a trigger verb: consumed (content), unless the verb cites it or acts on a protest
        if gv is not None and gv.i in verb_at:
            vc = verb_at[gv.i]
            if (vc.rule.cites and rule.type in MATERIAL and _det_like(tok) and lemma not in GENERIC_EVENT_NOUNS) or (
                vc.type in ("ASSAULT", "COERCE") and rule.type == "PROTEST" and gv.lemma_.lower() not in PROSPECTIVE_COERCION
            ):
                cand.cited, cand.cited_by = True, gv.i
                out.append(cand)
            else:
                vc.content.append(tok.i)
            continue
        # 2. object of a light verb ("staged a protest", "ordered the release")
        if gv is not None and gv.i in light and gv.i not in verb_at:
            lv_lemma = gv.lemma_.lower()
            light_list = next((v for n, v in rule.conds if n == "light"), None)
            if light_list is None or lv_lemma in light_list.words:
                cand.light = gv
                hint = light[gv.i] or None
                if hint == "predicted" and lv_lemma == "announce" and rule.type not in ("PROTEST", "CONSULT"):
                    hint = None
                cand.fact_hint = hint or rule.fact
                cand.conf = min(rule.conf, 0.85)
                out.append(cand)
                continue
        # 3. subject of an eventive verb; 4. definite noun with a target; 5. cited event
        ev = _eventive_subject(tok, lex)
        if ev is not None:
            cand.conf = min(rule.conf, 0.8)
            out.append(cand)
            continue
        if rule.eventive:
            continue
        # a state described with 'be': "is on a visit to", "were on high alert", "are on strike", "was in Cairo for talks"
        if tok.dep_ == "pobj" and tok.head.lower_ in STATE_PREPS and tok.head.head.lemma_ == "be" and tok.head.head.pos_ in ("AUX", "VERB"):
            if not any(ch.dep_ == "neg" for ch in tok.head.head.children):
                cand.conf = 0.7
                cand.light = tok.head.head
                out.append(cand)
                continue
        if _self_concrete(tok):
            cand.conf = 0.7
            if _definite(tok):  # "the attack on the convoy": a known event, whatever governs it
                cand.cited, cand.cited_by = True, -1
            out.append(cand)
            continue
        citer = _cited_by(tok, d, verb_rules, rule.type) if lemma not in GENERIC_EVENT_NOUNS and rule.type in MATERIAL else None
        if citer is not None:
            cand.conf = 0.7
            cand.cited, cand.cited_by = True, citer
            out.append(cand)
            continue
        # compounds that are events by themselves: "coup attempt", "attempted coup"
        if lemma in COUP_NOUNS and any(c.lemma_.lower() in COUP_ATTEMPT_MODIFIERS for c in tok.children):
            out.append(cand)
            continue
    return out


# ------------------------------------------------------------------ filters


def _ancestors(tok, limit: int = 40):
    t = tok
    for _ in range(limit):
        if t.head.i == t.i:
            return
        yield t, t.head
        t = t.head


def _in_content_of(tok, head) -> bool:
    """True if ``tok`` sits in the content (complement, object, 'of/for/to' phrase) of ``head``."""
    for child, parent in _ancestors(tok):
        if parent.i == head.i:
            if child.dep_ == "prep" and child.lower_ in NON_CONTENT_PREPS:
                return False
            if child.dep_ == "advcl":
                return any(c.dep_ == "aux" and c.lower_ == "to" for c in child.children)
            if child.dep_ == "conj" and child.pos_ in ("NOUN", "PROPN") and head.pos_ == "VERB":
                return True  # a noun the parser coordinated with the verb is a misattached object
            if child.dep_ in ("acl", "relcl") and head.pos_ == "NOUN":
                return _has_to(child)  # "made a threat to close the border", "a call to attack"
            return child.dep_ in CONTENT_DEPS
    return False


def _has_to(tok) -> bool:
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)


@functools.cache
def _reporting() -> frozenset:
    """Lemmas of reporting verbs: the attribution codebook's verbs and the event rules' own list
    (loaded once per process; a broken codebook raises its coded error)."""
    verbs = codebook.load("reporting_verbs").get("verbs", [])
    return frozenset(v.lower() for v in verbs) | REPORTING_FALLBACK


ANNOUNCING = _rule_words("announcing")


def _under_reporting(tok, threats_only: bool = False) -> bool:
    """Inside what someone said. With ``threats_only``, an announcement of a decision
    ('announced that he would dissolve Congress') does not count: it is the act, not a threat."""
    rep = _reporting()
    for child, parent in _ancestors(tok):
        if child.dep_ in ("ccomp", "parataxis") and parent.lemma_.lower() in rep:
            return not (threats_only and parent.lemma_.lower() in ANNOUNCING)
    return False


def _is_future(tok, lex) -> bool:
    for c in tok.children:
        if c.dep_ in ("aux", "auxpass") and (c.lower_ in FUTURE_AUXILIARIES or c.lemma_ == "will"):
            return True
        if c.dep_ in ("aux",) and c.lower_ == "going":
            return True
    if tok.dep_ == "xcomp" and _has_to(tok):
        h = tok.head
        if h.lemma_.lower() in lex.sets["future_heads"] or h.lemma_.lower() in READINESS_ADJECTIVES:
            return True
        if h.lemma_ == "be" or (h.lower_ == "going"):
            return True
        if h.dep_ in ("acomp",) or h.lemma_.lower() in SCHEDULED_HEADS:
            return True
    if tok.dep_ == "acl" and _has_to(tok) and tok.head.lemma_.lower() in PLAN_NOUNS:
        return True
    return False


def _drop_reason(c: _Cand, d: _Doc, cands_at: dict, sent_attr) -> Optional[str]:
    """Why a candidate is not an event of its own (None: it is): its place in the sentence's
    structure, or the mood of its clause."""
    return _structural_drop(c, d, cands_at) or _mood_drop(c, d, cands_at, sent_attr)


def _structural_drop(c: _Cand, d: _Doc, cands_at: dict) -> Optional[str]:
    """Purpose clauses, result participles, descriptions of participants, a noun naming the same
    event as its verb."""
    a = c.anchor
    tok = c.tok
    # content of a verbal act: handled by _suppress_content
    # purpose clause under another trigger: "fired tear gas to disperse", "took to the streets to demand"
    for child, parent in _ancestors(a, 6):
        if child.dep_ == "advcl" and (_has_to(child) or any(m.lower_ == "order" for m in child.children if m.dep_ == "mark")):
            if not (parent.i in cands_at and cands_at[parent.i].speech):
                return "purpose"
        if child.dep_ == "xcomp" and _has_to(child) and parent.i in cands_at and not cands_at[parent.i].speech:
            if not cands_at[parent.i].owns_complement and cands_at[parent.i] is not c:
                return "purpose"
        if child.dep_ == "acl" and _has_to(child) and parent.pos_ in ("NOUN", "PROPN") and parent.lemma_.lower() not in ATTEMPT_NOUNS | DECISION_NOUNS and parent.i not in cands_at and parent.lemma_.lower() not in d.lex.nouns:
            return "purpose"
        # "... in an attempt to broker a truce"
        if child.dep_ == "acl" and _has_to(child) and parent.lemma_.lower() in ATTEMPT_NOUNS and parent.dep_ == "pobj" and parent.head.lower_ == "in":
            if parent.head.head.i in cands_at:
                return "purpose"
        if child.dep_ in ("ccomp", "relcl", "ROOT") or (child.dep_ == "conj" and child.pos_ == "VERB"):
            break
    # participle adding a result or manner to another trigger: ", killing three and wounding 30"
    p = a
    while p.dep_ == "conj" and p.tag_ == "VBG" and p.head.tag_ == "VBG":
        p = p.head
    if p.dep_ in ("advcl", "conj") and p.tag_ == "VBG" and p.head.i in cands_at and p.head.i != a.i and not any(ch.dep_ in ("nsubj", "nsubjpass") for ch in p.children):
        if p.dep_ == "advcl" or (p.i > 0 and tok.doc[p.i - 1].lower_ == ","):
            return "participle"
    if a.dep_ == "acl" and a.tag_ in ("VBN",) and not c.nominal:
        return "description"
    if a.dep_ == "acl" and a.tag_ == "VBG" and not c.rule.speech and not c.nominal:
        return "description"
    # nominal inside "in a raid" attached to a verbal trigger
    if c.nominal and tok.dep_ == "pobj" and tok.head.lower_ == "in" and tok.head.head.i in cands_at and c.light is None:
        return "same-event"
    # a participle describing a noun, and what depends on it: "people accused of plotting a coup"
    for child, parent in _ancestors(a, 8):
        if child.dep_ in ("acl", "amod") and child.tag_ == "VBN" and child is not a:
            return "description"
        if child.dep_ in ("ccomp", "relcl", "conj", "ROOT", "advcl"):
            break
    return None


def _mood_drop(c: _Cand, d: _Doc, cands_at: dict, sent_attr) -> Optional[str]:
    """Generic dispositions, pretexts, irrealis nouns, relative purposes, conditions, habits,
    denied existence, calls to action in the author's voice."""
    lex = d.lex
    a = c.anchor
    # generic disposition: "willing to commit murder", "able to attack" (but "ready to talk" is AGREE)
    for child, parent in _ancestors(a, 6):
        if child.dep_ == "xcomp" and parent.lemma_.lower() in lex.sets["generic_heads"]:
            if c.type in COOPERATIVE and parent.lemma_.lower() in READINESS_ADJECTIVES:
                break
            return "generic"
        if child.dep_ in ("pcomp", "pobj") and parent.lower_ == "of" and parent.head.lemma_.lower() in PRETEXT_NOUNS:
            return "pretext"
        if child.dep_ in ("acl",) and parent.lemma_.lower() in lex.sets["irrealis_nouns"] and parent.lemma_.lower() not in lex.sets["attempt_nouns"]:
            if parent.lemma_.lower() not in INTENT_NOUNS:
                return "irrealis"
        if child.dep_ in ("ccomp", "advcl", "relcl", "conj"):
            break
    # a relative clause 'which was to dissolve ...' describing a trigger's object: its purpose, not an event
    for child, parent in _ancestors(a, 5):
        if child.dep_ == "relcl":
            if child.lemma_ == "be" and a.dep_ == "xcomp" and a.head.i == child.i:
                obj_of = parent.head if parent.dep_ in ("dobj", "nsubjpass") else None
                if obj_of is not None and obj_of.i in cands_at:
                    return "relative-purpose"
            break
    # the condition of another event: "... unless their leader was freed", "if the army withdrew"
    for child, parent in _ancestors(a, 6):
        if child.dep_ == "advcl" and any(m.dep_ in ("mark", "advmod") and m.lower_ in CONDITION_MARKS for m in child.children):
            return "condition"
        if child.dep_ in ("ccomp", "relcl") or parent.dep_ == "ROOT" and child.dep_ == "conj":
            break
    # habitual statements: "such attacks are often blamed on ..."
    if any(ch.dep_ == "advmod" and ch.lower_ in HABITUAL for ch in a.children) and a.tag_ in ("VBZ", "VBP", "VBN"):
        if a.tag_ != "VBN" or any(ch.dep_ == "auxpass" and ch.tag_ in ("VBZ", "VBP") for ch in a.children):
            return "habitual"
    # "there is no evidence that ... funded": the event sits under a denied noun
    for child, parent in _ancestors(a, 4):
        if child.dep_ in ("acl", "ccomp", "prep", "pcomp") and parent.pos_ == "NOUN" and any(x.dep_ == "det" and x.lower_ == "no" for x in parent.children):
            return "negated-existence"
    # calls to action in the author's voice: "workers should demand ..."
    deontic = lex.sets["deontic"]
    if any(ch.dep_ == "aux" and ch.lower_ in deontic for ch in a.children):
        if sent_attr is None and not _under_reporting(a):
            return "call-to-action"
    if a.dep_ == "xcomp" and a.head.lemma_.lower() in NECESSITY_VERBS and _has_to(a) and sent_attr is None:
        if any(ch.dep_ == "aux" and ch.lower_ in deontic for ch in a.head.children):
            return "call-to-action"
    return None


DEPLOY_LEMMAS = _rule_words("deploy_lemmas")
PURPOSE_TYPES = {"ACCUSE", "AID", "CONSULT"}


def _purpose_of_deployments(cands: list, d: _Doc) -> None:
    """'sent investigators to look into the massacre', 'troops were deployed to help flood victims':
    a deployment is coded by what it is for when that is an investigation, aid or a meeting."""
    by_tok = {c.tok.i: c for c in cands}
    for c in cands:
        if c.dropped != "purpose" or c.nominal or c.type not in PURPOSE_TYPES:
            continue
        if c.type == "ACCUSE" and c.mode != "investigate":
            continue
        h = c.anchor.head
        if (d.matcher.verb_key(h) or h.lemma_.lower()) not in DEPLOY_LEMMAS and h.lemma_.lower() not in DEPLOY_LEMMAS:
            continue
        hc = by_tok.get(h.i)
        if hc is not None:
            if hc.type in ("MOBILIZE", "REQUEST") and not hc.dropped:
                hc.type, hc.mode, hc.acled_hint = c.type, c.mode, None
        else:
            c.dropped, c.conf = None, 0.6


def _reason_of(c: _Cand, s: _Cand) -> bool:
    """``c`` is the reason ``s`` thanks, praises, blames or condemns someone for: an act in a
    gerund after 'for' ("thanked Putin for sending in troops", "condemned the army for killing
    protesters"). It stays the content of the speech act (coding it as an event of its own joins
    undated mentions to the wrong incidents in the linker; see the issue 12 report), but the
    sentence classifier's label, which reads the reason's act, must not retype the speech act."""
    if s.type not in EVALUATIVE_ACTS or c.nominal or c.tok.tag_ != "VBG" or c.tok.dep_ != "pcomp":
        return False
    prep = c.tok.head
    return prep.lower_ in REASON_PREPS and prep.head.i == s.tok.i


def _suppress_content(cands: list) -> None:
    """Drop candidates that are the content of a verbal act (request, threat, agreement ...)."""
    speech = [c for c in cands if c.speech]
    for c in cands:
        if c.dropped:
            continue
        for s in speech:
            if s is c or s.dropped or (c.cited and (s.tok.i == c.cited_by or s.type not in IRREALIS_ACTS)):
                continue
            if _in_content_of(c.anchor, s.tok) or (c.nominal and c.anchor is not c.tok and _in_content_of(c.tok, s.tok)):
                c.dropped = "content"
                s.reasons = s.reasons or _reason_of(c, s)
                s.content.append(c.tok.i)
                break
    # the offence an arrest, charge or conviction is for: "jailed for insulting the king"
    legal = [c for c in cands if c.rule.legal and not c.dropped]
    for c in cands:
        if c.dropped or c.cited:
            continue
        for s in legal:
            if s is c:
                continue
            for child, parent in _ancestors(c.anchor, 8):
                if parent.i == s.tok.i:
                    if child.dep_ == "prep" and child.lower_ in LEGAL_PREPS:
                        c.dropped = "offence"
                    break
            if c.dropped:
                break
    # complements already coded by their governing word ("voted to remove")
    owned = {i for c in cands if c.owns_complement for i in c.content}
    for c in cands:
        if not c.dropped and not c.owns_complement and c.tok.i in owned:
            c.dropped = "complement"


def _consequences(cands: list, lex) -> None:
    """'An explosion killed four': the nominal event is the event; 'were killed when police opened fire'."""
    nominal_at = {c.tok.i: c for c in cands if c.nominal and not c.dropped}
    verbal = [c for c in cands if not c.nominal and not c.dropped]
    cand_is = {c.tok.i for c in cands if not c.dropped}
    for v in verbal:
        lemma = v.tok.lemma_.lower()
        if lemma not in lex.sets["consequence_verbs"]:
            for s in subjects(v.tok):
                n = nominal_at.get(s.i)
                if n is not None and not n.dropped and n.type == v.type:
                    n.dropped = "subject-of-trigger"
            continue
        subj = [s for s in subjects(v.tok) if s.i in nominal_at]
        if subj:
            v.dropped = "consequence"
            continue
        if is_passive(v.tok):
            for ch in v.tok.children:
                if ch.dep_ == "advcl" and any(m.dep_ in ("mark", "advmod") and m.lower_ in TEMPORAL_MARKS for m in ch.children):
                    if any(t.i in cand_is for t in ch.subtree if t.i != v.tok.i):
                        v.dropped = "consequence"
                        break


def _merge_coordinated(cands: list) -> None:
    live = [c for c in cands if not c.dropped]
    at = {c.tok.i: c for c in live}
    for c in live:
        if c.dropped or c.nominal or c.tok.dep_ != "conj":
            continue
        first = at.get(c.tok.head.i)
        if first is None or first.dropped or first.nominal or first.type != c.type:
            continue
        if first.mode and c.mode and first.mode != c.mode:
            continue
        if objects(c.tok) and objects(first.tok) and not is_passive(c.tok):
            continue
        if c.tok.i - first.end > 3:
            continue
        first.end = max(first.end, c.end)
        first.mode = first.mode or c.mode
        c.dropped = "merged"


# ------------------------------------------------------------------ verbal-act modes and reductions


def _content_words(c: _Cand) -> list:
    words = []
    seen = set()
    for ch in c.tok.children:
        if ch.dep_ in CONTENT_DEPS and not (ch.dep_ == "prep" and ch.lower_ in NON_CONTENT_PREPS):
            for t in ch.subtree:
                if t.i not in seen:
                    seen.add(t.i)
                    words.append(t)
    words.sort(key=lambda t: t.i)
    return words


def _first_content(c: _Cand, by_i: dict) -> Optional[_Cand]:
    for i in sorted(c.content):
        if i in by_i and i != c.tok.i:
            return by_i[i]
    return None


def _threaten_mode(inner: Optional[_Cand], c: _Cand, lex) -> Optional[str]:
    if inner is None:
        return None
    modes = lex.threaten_modes
    if inner.type == "ASSAULT" and inner.tok.lemma_.lower() in lex.sets["territory_verbs"]:
        return modes.get("ASSAULT:territory", "violence")
    key = f"{inner.type}:{inner.mode}"
    return modes.get(key) or modes.get(inner.type)


def _resolve_verbal_acts(cands: list, d: _Doc) -> None:
    lex = d.lex
    all_by_i = {c.tok.i: c for c in cands}
    for c in cands:
        if c.dropped:
            continue
        how = c.rule.by_complement
        inner = _first_content(c, all_by_i)
        if inner is None:
            # a nominal object that was consumed ("threatened a strike")
            for t in objects(c.tok) + [o for ch in c.tok.children if ch.dep_ == "prep" for o in ch.children if o.dep_ == "pobj"]:
                r = d.matcher.noun_rule(t)
                if r is not None and r.type and not r.skip:
                    inner = _Cand(t, r, r.type, r.mode, t.i, t.i + 1, nominal=True)
                    break
        if how == "ready":
            comp_cands = [o for o in cands if o is not c and _in_content_of(o.anchor, c.tok)]
            if any(o.type in CONFLICT_TYPES for o in comp_cands) or (inner is not None and inner.type in CONFLICT_TYPES):
                c.dropped = "disposition"
                continue
            c.type, c.mode = "AGREE", None
        elif how == "vow":
            if inner is not None and inner.type in CONFLICT_TYPES:
                c.type, c.mode = "THREATEN", _threaten_mode(inner, c, lex) or "violence"
            else:
                c.type, c.mode = "AGREE", None
        elif how == "threaten":
            c.type, c.mode = "THREATEN", _threaten_mode(inner, c, lex)
        elif how == "warn":
            words = {t.lemma_.lower() for t in _content_words(c)}
            if inner is not None and inner.type in CONFLICT_TYPES:
                c.type, c.mode = "THREATEN", _threaten_mode(inner, c, lex)
            elif words & CONSEQUENCE_WORDS:
                c.type, c.mode = "THREATEN", "relations" if "sanction" in words else "violence"
            elif any(ch.dep_ in ("dobj",) and (ch.ent_type_ in ("GPE", "ORG", "NORP", "PERSON") or ch.pos_ == "PROPN" or ch.lemma_.lower() in d.lex.classes["person_words"] or ch.lemma_.lower() in WARNED_PARTY_NOUNS) for ch in c.tok.children) or any(
                ch.dep_ == "prep" and ch.lower_ == "against" for ch in c.tok.children
            ):
                c.type, c.mode = "THREATEN", None
            else:
                c.dropped = "warning-without-threat"
                continue
        if c.type in ("REQUEST", "REJECT") and not c.mode:
            for t in _content_words(c):
                lem = t.lemma_.lower()
                mode = next((m for m, ws in lex.request_modes if lem in ws), None)
                if mode:
                    c.mode = mode
                    break


def _has_condition(tok) -> bool:
    """A clause with an 'if/unless' condition: '... would strike unless wages were raised'."""
    for ch in tok.children:
        if ch.dep_ == "advcl" and any(m.dep_ in ("mark", "advmod") and m.lower_ in CONDITION_MARKS for m in ch.children):
            return True
    return False


def _apply_reductions(cands: list, d: _Doc) -> None:
    lex = d.lex
    for c in cands:
        if c.dropped:
            continue
        a = c.anchor
        if a.dep_ == "xcomp" and a.head.lemma_.lower() in COMMITMENT_ADJECTIVES and c.type in COOPERATIVE:
            c.type, c.mode, c.acled_hint = "AGREE", None, None
            continue
        if not _is_future(c.anchor, lex):
            continue
        if c.type in COOP_FUTURE:
            c.type, c.mode = "AGREE", None
            if c.acled_hint != "SD-agree":
                c.acled_hint = None
        elif c.type == "RETREAT":
            c.type, c.mode = "CONCEDE", None
            c.acled_hint = None
        elif c.type in ("ASSAULT", "COERCE", "SANCTION", "MOBILIZE") and _under_reporting(c.anchor, threats_only=True) or (
            c.type == "PROTEST" and _under_reporting(c.anchor) and _has_condition(c.anchor)
        ):
            key = f"{c.type}:{c.mode}"
            c.mode = lex.threaten_modes.get(key) or lex.threaten_modes.get(c.type)
            c.type = "THREATEN"
            c.acled_hint = None


# ------------------------------------------------------------------ ACLED


def _kind_of_token(tok, d: _Doc) -> Optional[str]:
    """A coarse actor kind from the lexicon's word classes (used when arguments gave none)."""
    if tok is None:
        return None
    u = d.stand_in(tok) if tok.lower_ in PRONOUNS else tok
    if u is None:
        return None
    lem = u.lemma_.lower()
    cls = d.lex.classes
    if lem in cls["rioters"]:
        return "rioters"
    if lem in PROTESTER_NOUNS:
        return "protesters"
    if lem in POLICE_NOUNS or "police" in {c.lemma_.lower() for c in u.children if c.dep_ == "compound"}:
        return "police"
    if lem in MILITARY_NOUNS:
        return "military"
    if lem in cls["armed"]:
        return "rebels"
    if lem in CROWD_NOUNS:
        return "crowd"
    if lem in cls["civilian"] or u.ent_type_ == "PERSON":
        return "civilians"
    if lem in GOVERNMENT_NOUNS:
        return "government"
    return None


def _group(kind: Optional[str], lemma: str = "") -> Optional[str]:
    if kind is None:
        return None
    if kind in SECURITY_KINDS:
        return "security"
    if kind in ARMED_KINDS:
        return "armed"
    if kind == "rioters":
        return "mob" if lemma in MOB_NOUNS else "rioters"
    if kind in ("protesters", "labour"):
        return "protesters"
    if kind == "crowd":
        return "crowd"
    if kind in ("civilians", "media", "person", "business", "ngo"):
        return "civilians"
    if kind in ("government", "state"):
        return "state"
    return None


def _actor_groups(c: _Cand, actors: list, d: _Doc) -> Optional[str]:
    for a in actors:
        g = _group(a.kind, (a.text or "").lower().split()[-1] if a.text else "")
        if a.kind == "civilians" and a.text and a.text.lower().split()[-1].rstrip("s") in CROWD_HEADS:
            g = "crowd"
        if g:
            return g
    toks = noun_agents(c.tok) if c.nominal else subjects(c.tok)
    if c.nominal and not toks and c.light is not None:
        toks = subjects(c.light)
    for t in toks:
        g = _group(_kind_of_token(t, d), t.lemma_.lower())
        if g:
            return g
    return None


def _target_groups(c: _Cand, targets: list, d: _Doc) -> set:
    out = set()
    for a in targets:
        g = _group(a.kind)
        if g:
            out.add(g)
    toks = objects(c.tok) if not c.nominal else []
    for ch in c.tok.children:
        if ch.dep_ == "prep" and ch.lower_ in TARGET_GROUP_PREPS:
            toks.extend(g for g in ch.children if g.dep_ == "pobj")
    for t in toks:
        g = _group(_kind_of_token(t, d), t.lemma_.lower())
        if g:
            out.add(g)
        lem = t.lemma_.lower()
        if lem in d.lex.classes["protesters"]:
            out.add("protesters")
        if lem in SECURITY_PLACES and lem != "station" or (lem == "station" and "police" in {x.lower_ for x in t.children}):
            out.add("security")
        if lem in d.lex.classes["territory"]:
            out.add("territory")
        if lem in d.lex.classes["facility"]:
            out.add("facility")
    return out


def event_id(text_hash: str, start: int, end: int) -> str:
    """Content-derived id: the document's hash and the trigger's offsets (the text is hashed once).
    Inside the pipeline the offsets are normalised ones; export gives each event the id of its
    offsets in the input (``export/records.py``)."""
    return hashlib.sha256(f"{text_hash}|event|{start}|{end}".encode("ascii")).hexdigest()[:16]


def _sentence_cands(d: _Doc, si: int) -> list:
    state = d.state
    sent = state.sents[si]
    verb_cands, light = _verb_candidates(d, sent, si)
    noun_cands = _noun_candidates(d, sent, verb_cands, light, si)
    cands = sorted(verb_cands + noun_cands, key=lambda c: (c.start, c.tok.i))
    # one candidate per head token
    seen = set()
    uniq = []
    for c in cands:
        if c.tok.i in seen:
            continue
        seen.add(c.tok.i)
        uniq.append(c)
    cands = uniq
    cands_at = {c.tok.i: c for c in cands}
    for c in cands:
        if c.light is not None:
            cands_at.setdefault(c.light.i, c)
    sent_attr = state.attributions.get(si) if state.attributions else None
    if sent_attr is not None and getattr(sent_attr, "kind", None) == "author":
        sent_attr = None
    for c in cands:
        c.dropped = _drop_reason(c, d, cands_at, sent_attr)
        # a noun that is concrete by itself ("the attack on the police station") survives its light verb
        if c.dropped in ("description", "generic", "irrealis", "participle", "purpose") and c.light is not None and _self_concrete(c.tok):
            c.light, c.fact_hint = None, None
            c.dropped = _drop_reason(c, d, cands_at, sent_attr)
    _counted_casualties(cands)
    by_tok = {c.tok.i: c for c in cands}
    _intended_parts(cands, cands_at)
    for c in cands:
        if not c.dropped and c.tok.dep_ == "conj" and not c.nominal:
            h = by_tok.get(c.tok.head.i)
            if h is not None and h.dropped in ("relative-purpose", "purpose", "condition", "generic", "irrealis", "call-to-action", "pretext", "description"):
                c.dropped = h.dropped
    _purpose_of_deployments(cands, d)
    _suppress_content(cands)
    _consequences(cands, d.lex)
    _resolve_verbal_acts(cands, d)
    _apply_reductions(cands, d)
    _merge_coordinated(cands)
    live = [c for c in cands if not c.dropped]
    if not live:
        fb = _backoff(d, sent, sent_attr)
        if fb is None and (state.settings.use_classifier or state.settings.use_embeddings):
            fb = _model_opinion(d, sent, sent_attr)
        if fb is not None:
            live = [fb]
    elif state.settings.use_classifier or state.settings.use_embeddings:
        live = _model_review(live, sent, d)
    return live


COUNTED_LEMMAS = _rule_words("counted_casualty_lemmas")


def _counted_casualties(cands: list) -> None:
    """'one of ten people killed in the city', 'three killed in police firing' (a headline): a
    participle of killing, wounding or arrest on a counted head reports the event itself, not a
    description of people known from elsewhere ('the two people killed'); it is coded when the
    sentence has no other event of its type."""
    for c in cands:
        a = c.tok
        if c.dropped != "description" or c.nominal or a.dep_ != "acl" or a.tag_ != "VBN":
            continue
        if a.lemma_.lower() not in COUNTED_LEMMAS:
            continue
        head = a.head
        if not (head.like_num or any(ch.dep_ == "nummod" or ch.like_num for ch in head.children)):
            continue
        if _definite(head):
            continue  # 'the two people killed were students': people known from an earlier report
        if any(o is not c and not o.dropped and o.type == c.type for o in cands):
            continue
        c.dropped = None


def _main_predicates(sent):
    """The root and the content verb under a reporting root (the reporting verbs of the lexicon)."""
    from ._event_features import main_predicate

    return main_predicate(sent, _reporting())


def _intended_parts(cands: list, cands_at: dict) -> None:
    """'attempted to form a government which was to dissolve the legislature': when the relative
    clause spells out a coercive act of the same type as the event on its antecedent, it is part of
    that act (an attempted dissolution), coded as its own event with the governing event's factuality."""
    for c in cands:
        if c.dropped != "relative-purpose" or c.type not in ("COERCE", "ASSAULT", "SANCTION"):
            continue
        rel = next((p for ch, p in _ancestors(c.anchor, 5) if ch.dep_ == "relcl"), None)
        if rel is None:
            continue
        g = cands_at.get(rel.head.i)
        if g is not None and not g.dropped and g.type == c.type:
            c.dropped = None
            c.fact_from = g.anchor


NON_EVENT_PREDICATES = _rule_words("non_event_predicates")
# How the classifiers (trained on our own sentences and on 1,346 real CAMEO-coded wire sentences)
# combine with the lexicon; chosen with scripts/tune_event_combination.py on out-of-fold
# predictions (written-sentence type accuracy / CAMEO five-class accuracy: lexicon alone
# 0.853 / 0.699, these thresholds 0.873 / 0.854), never on evaluation sets. The whole coder, out
# of fold on the CAMEO sentences (scripts/eval_cameo_dev.py --cv-models): 0.717 -> 0.820.
# * the lexicon found no event: the classifier's type when its probability >= MODEL_THRESHOLD;
# * the lexicon found events: when the classifier gives the first event's five-class group
#   (cooperation or conflict, verbal or material, or statement) a total probability below
#   MODEL_OVERRIDE_MASS and its own top type has probability >= MODEL_OVERRIDE_PROB, its type
#   replaces the lexicon's; when that type is NONE, the sentence's events of low mass are vetoed.
MODEL_THRESHOLD = 0.3
MODEL_OVERRIDE_PROB = 0.4
MODEL_OVERRIDE_MASS = 0.3


@functools.lru_cache(maxsize=1)
def _five_class() -> dict:
    """PLOVER type -> CAMEO five-class group (codebook cameo_classes; no event and REQUEST: 0)."""
    cb = codebook.load("cameo_classes")
    return {"NONE": cb["no_event_class"], "REQUEST": cb["request"]["appeal_class"], **cb["plover_to_class"]}


def _class_mass(dist: dict, typ: str) -> float:
    five = _five_class()
    k = five.get(typ)
    return sum(p for t, p in dist.items() if five.get(t) == k)


def _model_review(live: list, sent, d: _Doc) -> list:
    """The classifiers' second opinion on the events the lexicon found in a sentence: veto them, or
    retype the first, when the classifier is confident the lexicon's reading is of the wrong kind
    (see MODEL_OVERRIDE_*). The lexicon's readings of nouns ('called for a general strike') and
    of future or conditional acts (a promise to provide aid is AGREE, a conditional expulsion
    THREATEN) are kept: the sentence classifier sees the sentence's act, not the noun's, and its
    five-class training labels do not separate an intent from its act. (Measured, out of fold on
    the CAMEO sentences: retyping those too 0.837 five-class, but PLOVER gold 0.725 instead of
    0.731 and typed F1 on our annotated news 0.935 instead of 0.951.)"""
    dist = _distribution(sent, d.state)
    if not dist:
        return live
    top = max(dist, key=dist.get)
    first = live[0]
    if top == first.type or dist[top] < MODEL_OVERRIDE_PROB or _class_mass(dist, first.type) >= MODEL_OVERRIDE_MASS:
        return live
    if top == "NONE":
        # an agentless casualty report ('17 people died') is no CAMEO act, but it is an event here
        # nor is a sentence that describes a concrete event noun ("the January police crackdown on
        # protesters ... is the most violent episode"): the noun is an event, the sentence is not an act
        return [c for c in live if _class_mass(dist, c.type) >= MODEL_OVERRIDE_MASS or c.tok.lemma_.lower() in CASUALTY_LEMMAS
                or (c.nominal and c.light is None and _self_concrete(c.tok))]
    if first.nominal or first.type != first.rule.type or first.owns_complement:
        return live  # ('voted to impeach': the lexicon read the act in the complement)
    if first.reasons:
        return live  # 'thanked Putin for sending in troops': the label is the reason's act, not the thanks
    if first.tok.dep_ in ("acl", "relcl", "amod") and any(c.type == top for c in live):
        return live  # 'the men arrested on Monday were released': the sentence's act is found elsewhere
    negated = any(ch.dep_ == "neg" for ch in first.tok.children)
    conf = round(0.6 * dist[top], 2)
    first.rule = Rule(type=top, conds=(("neg", True),) if negated and top == "REJECT" else (), conf=conf)
    first.type, first.mode, first.acled_hint, first.conf = top, None, None, conf
    return live


def _distribution(sent, state) -> Optional[dict]:
    """{type: probability} of the classifiers for a sentence: the parse-feature model, averaged
    with the embedding model when ``use_embeddings`` is on; None when neither is enabled or available."""
    from . import _event_model

    settings = state.settings
    dists = []
    if settings.use_classifier:
        p = _safe(lambda: _event_model.feature_probabilities(sent), None, state, unit="classifier readings")
        if p:
            dists.append(p)
    if settings.use_embeddings:
        p = _safe(lambda: _event_model.probabilities(sent.text), None, state, unit="classifier readings")
        if p:
            dists.append(p)
    if not dists:
        return None
    labels = set().union(*dists)
    return {k: sum(d.get(k, 0.0) for d in dists) / len(dists) for k in labels}


def _opinion(sent, state) -> Optional[tuple[str, float]]:
    """The classifiers' top type for a sentence and its probability, or None."""
    avg = _distribution(sent, state)
    if not avg:
        return None
    label = max(avg, key=avg.get)
    return label, avg[label]


def _model_opinion(d: _Doc, sent, sent_attr) -> Optional[_Cand]:
    """Second opinion of the classifiers for a sentence the lexicon found no event in.
    The trigger is the sentence's main verb (the content verb under a reporting verb)."""
    root, main = _main_predicates(sent)
    if not _is_verbal(main) or main.lemma_.lower() in NON_EVENT_PREDICATES:
        return None  # "will not be sovereign", "seems likely": states, not acts
    if not any(_actor_like(x, d) for x in subjects(main) + subjects(root)):
        return None
    opinion = _opinion(sent, d.state)
    if opinion is None:
        return None
    label, prob = opinion
    if label == "NONE" or prob < MODEL_THRESHOLD:
        return None
    rule = Rule(type=label, conf=round(0.6 * prob, 2))
    cand = _Cand(main, rule, label, None, main.i, main.i + 1, conf=round(0.6 * prob, 2))
    if _drop_reason(cand, d, {main.i: cand}, sent_attr):
        return None
    _apply_reductions([cand], d)
    return cand


def _backoff(d: _Doc, sent, sent_attr) -> Optional[_Cand]:
    """No rule fired: a main-clause verb with an actor subject whose lexicon rules all give one
    PLOVER type ('released a statement'-like skips aside) is coded with that type, at low confidence."""
    rep = _reporting()
    for tok in d.relevant_tokens(d.state.sentence_of_token(sent[0]) or 0):
        if not _is_verbal(tok) or tok.dep_ not in ("ROOT", "ccomp", "conj", "xcomp"):
            continue
        if tok.dep_ != "ROOT":
            h = tok.head
            if not (h.dep_ == "ROOT" and (tok.dep_ == "conj" or h.lemma_.lower() in rep or tok.dep_ == "xcomp")):
                continue
        key = d.matcher.verb_key(tok)
        if key is None:
            continue
        first = d.matcher.first_rule(d.lex.verbs[key], tok)
        if first is not None and first.skip and first.conds:
            continue  # a rule says this use is no event ("declined to comment")
        if any(r.skip and not r.conds for r in d.lex.verbs[key]):
            continue  # the lexicon says: no event unless a condition holds ('responded swiftly', 'blew whistles')
        rules = [r for r in d.lex.verbs[key] if not r.skip and r.type and not r.type.startswith("@")]
        if len({r.type for r in rules}) != 1:
            continue
        if any(c.dep_ == "neg" for c in tok.children):
            continue
        subj = subjects(tok)
        if not any(_actor_like(x, d) for x in subj):
            continue
        rule = rules[0]
        cand = _Cand(tok, rule, rule.type, None, tok.i, tok.i + 1, conf=0.4)
        cands_at = {tok.i: cand}
        if _drop_reason(cand, d, cands_at, sent_attr):
            continue
        _apply_reductions([cand], d)
        return cand
    return None


def extract(state) -> list[Event]:
    """PLOVER/ACLED coded events of the document, in text order."""
    if not state.sents:
        return []
    d = _Doc(state)
    events: list[Event] = []
    casualty_reports: set = set()  # positions in ``events`` of agentless "N were killed" events
    for si in range(len(state.sents)):
        if si < len(state.sentences) and state.sentences[si].heading:
            continue
        try:
            cands = _sentence_cands(d, si)
        except Exception as exc:  # one bad parse must not lose the document's other events: W202 (--strict raises)
            logger.debug("events: sentence %d could not be coded", si, exc_info=True)
            state.partial_failure("sentences", exc)
            continue
        if cands:
            _sentence_events(d, si, cands, events, casualty_reports)
    return _fold_casualty_reports(events, casualty_reports, state)


def _own_time_frame(tok) -> bool:
    """The casualty report gives its own span ("During the week-long unrest, 227 people were killed",
    "Since January, 40 have died"): a total over that span, not the toll of the event before it."""
    clause = tok
    while clause.dep_ == "conj" and clause.head.i != clause.i:
        clause = clause.head
    return any(c.dep_ == "prep" and c.lower_ in FRAME_PREPS for c in clause.children)


def _sentence_events(d: _Doc, si: int, cands: list, events: list, casualty_reports: set) -> None:
    """Code one sentence's candidates as events (appended to ``events``) with their arguments: the
    sentence's figures, each trigger's actors and targets, and the paragraph's neighbouring
    sentences as context for the ACLED type."""
    state = d.state
    heads = [c.tok for c in cands]
    figures = _safe(lambda: arguments.figures_for(state, si, heads), None, state) or [{} for _ in heads]
    para = d.paragraph(si)
    context = [state.sents[j] for j in range(max(0, si - 3), min(len(state.sents), si + 4)) if j != si and d.paragraph(j) == para]
    for c, figs in zip(cands, figures):
        actors, targets = _safe(lambda: arguments.actors_and_targets(state, c.tok), ([], []), state)
        event = _event(d, si, c, actors, targets, figs, context)
        if c.type == "ASSAULT" and not actors and c.tok.lemma_.lower() in CASUALTY_LEMMAS and (figs.get("fatalities") or figs.get("injured")) \
                and not _own_time_frame(c.tok):
            casualty_reports.add(len(events))
        events.append(event)


def _event(d: _Doc, si: int, c: _Cand, actors: list, targets: list, figs: dict, context: list) -> Event:
    """The Event record of one candidate: factuality, ACLED type, date, place, figures, evidence."""
    state = d.state
    doc = c.tok.doc
    trig = state.span(doc[c.start].idx, doc[c.end - 1].idx + len(doc[c.end - 1].text))
    fact = _safe(lambda: arguments.factuality_of(state, c.fact_from if c.fact_from is not None else c.tok), "asserted", state)
    if fact == "asserted" and c.fact_hint:
        fact = c.fact_hint
    if fact == "negated" and any(n in ("neg", "neg_det") and v for n, v in c.rule.conds):
        fact = "asserted"  # "will not allow", "no intention of": the negation is what makes it a REJECT
    group = _actor_groups(c, actors, d)
    acled = acled_coding.acled_for_token(
        c.tok, c.type, c.mode,
        actors=actors or ([group] if group else []),
        targets=targets or sorted(_target_groups(c, targets, d)),
        factuality=fact, hint=c.acled_hint, cited=c.cited, context=context, cache=d.cues,
    )
    date = _safe(lambda: arguments.date_for(state, si, c.tok), None, state)
    if fact == "predicted":
        date = arguments.forward_weekday(date, state.published)
    return Event(
        id=event_id(d.text_hash, trig.start, trig.end),
        plover=PloverCode(type=c.type, mode=c.mode),
        acled=acled,
        trigger=Span(text=trig.text, start=trig.start, end=trig.end),
        actors=actors,
        targets=targets,
        date=date,
        location=_safe(lambda: arguments.location_for(state, si, c.tok), None, state),
        fatalities=figs.get("fatalities"),
        injured=figs.get("injured"),
        arrested=figs.get("arrested"),
        participants=figs.get("participants"),
        factuality=fact,
        attribution=state.attributions.get(si) if state.attributions else None,
        evidence=state.evidence(si),
        confidence=round(c.conf, 2),
        codebook=d.versions,
    )


CASUALTY_LEMMAS = _rule_words("casualty_lemmas")
EPISODE_TYPES = {"ASSAULT", "PROTEST", "COERCE"}


PEACEFUL_SUB_EVENT = "Peaceful protest"  # ACLED's sub-event type: no violence, nobody intervenes


def _peaceful(e: Event) -> bool:
    """A protest the ACLED coder reads as peaceful ("9,000 demonstrators gathered"): it has no
    casualties of its own, so a toll in the next sentence ("Police said 68 officers were injured")
    reports another event, not this one."""
    return e.plover.type == "PROTEST" and e.acled is not None and e.acled.sub_event_type == PEACEFUL_SUB_EVENT


def _fold_casualty_reports(events: list[Event], reports: set, state) -> list[Event]:
    """'Protesters clashed with police in Puno. Seventeen people died and 40 were injured.': an
    agentless casualty report in the next one or two sentences of the same paragraph gives its
    figures to the conflict event it follows (never to a peaceful protest), when that event has none of its own and the report
    names no other place, and is not reported again as an event of its own. The figures keep the
    offsets of the later sentence and, when it differs from the event's, its attribution ("..., the
    health ministry said")."""
    if not reports:
        return events
    mentions = state.mentions
    dropped = set()
    for k in sorted(reports):
        e = events[k]
        si = e.evidence.sentence_index
        prev = None
        for j in range(k - 1, -1, -1):
            p = events[j]
            pj = p.evidence.sentence_index
            if pj == si:
                continue
            if si - pj > 2 or mentions.paragraph(pj) != mentions.paragraph(si):
                break
            if p.plover.type in EPISODE_TYPES and p.factuality == "asserted" and j not in dropped and not _peaceful(p):
                prev = j
            break
        if prev is None:
            continue
        p = events[prev]
        if p.fatalities is not None or p.injured is not None:
            continue
        if e.location is not None and p.location is not None and e.location.name != p.location.name:
            continue  # "... in Lima, the ministry said": another place, another event
        source = e.attribution if e.attribution != p.attribution else None
        update = {}
        for role in ("fatalities", "injured", "arrested"):
            count = getattr(e, role)
            if count is not None and getattr(p, role) is None:
                update[role] = count.model_copy(update={"attribution": source}) if source else count
        events[prev] = p.model_copy(update=update)
        dropped.add(k)
    return [e for k, e in enumerate(events) if k not in dropped]


def _safe(fn, default, state, unit: str = "arguments"):
    """A helper of another module (argument finders, the classifiers) that fails costs one reading,
    not the event: counted into the output's W202 (with ``--strict`` it raises)."""
    try:
        return fn()
    except Exception as exc:
        logger.debug("events: %s failed", unit, exc_info=True)
        state.partial_failure(unit, exc)
        return default
