"""Stage: coups. Was it a coup, of what kind, and who calls it one?

For actions that seize, suspend or remove executive or legislative power, this
stage builds a :class:`~corroborator.records.CoupAssessment` with a criterion
table (Powell & Thyne 2011; Cline Center Coup d'Etat Project), each criterion
met ``True`` / ``False`` / ``None`` (the text does not say) with the sentence it
rests on. The tool's own position is only that table.

How it works (all word lists and patterns are data in
``codebooks/coup_typology.json``):

1. **Power actions** are found in the spaCy parse: a trigger word with the right
   object (``dissolve`` + ``Congress``, ``seize`` + ``power``, ``vote`` + ``to
   remove``, ``resign`` + a coercion cue ...). For each one the stage reads its
   perpetrator (subject, ``by``-agent, possessor, or the subject of the verb it
   hangs from), its target, and its *mode* from the words it depends on
   (``attempted to``, ``plotting to``, ``set to``, ``demand``, ``would`` ...).
   Demanded, threatened, hypothetical and denied actions are not acts.
2. **Episodes**: actions by the same perpetrator (a person's surname, else the
   perpetrator's role: military, legislature ...) form one episode, and one
   assessment. Sentences that reject, foil or defeat an episode's action, arrest
   its perpetrators, or state its legality are attached to it.
3. **Labels** ("coup", "self-coup", "golpe" ...) come from ``state.framing.labels``
   when the framing stage supplies them, else from a small fallback scan for the
   coup family only; each keeps who used it (the speaker of the reporting verb it
   sits under, the sentence's attribution, else the author) and is attached to
   the episode it names. A label never sets a criterion: it is noted as
   "labelled a coup by ...".
4. **Foreign backing** is recorded as a claim with its user and the support the
   text gives it (a citation marker, or none); the type ``foreign-backed`` needs
   the author to state the backing, unhedged, in a reporting text.
5. Outcome and type follow from ordered tables in the codebook
   (``assessment_rules``: reasons an episode is not a coup, outcomes, types),
   read by one generic function (:func:`_first_rule`); each criterion's cases
   (met true/false/null and the note shown) are also a table
   (``criteria[].cases``, with the Powell & Thyne / Cline Center passage the
   criterion paraphrases), filled by :func:`_case`.

What is never a coup here: a legislature's or court's removal of the executive
(a procedure, unless the text itself says it was illegal); an act with no
named or described perpetrator; protesters, whatever they force; denied,
conditional, planned, demanded or threatened acts, and acts the events stage
codes as negated or hypothetical. A "coup" label with no act to attach to is a
label-only record (who used it; not evidence). Persons come from the shared
mention layer (``state.mentions``: names, unique surnames and their spelling
variants, titles with the token where each was read), looked up in one place
(:meth:`_Context.lookup_person`); the stage maps a person's titles to its own
roles (``titles`` in ``coup_typology.json``) and adds only the names the entity
recogniser missed (:meth:`_Context._unlabelled_names`). Lookups are indexed (token, perpetrator, target, sentence, family), so
cost grows with the text, not with pairs of mentions. Word lists:
``coup_typology.json`` (criteria, actions, cues) and ``coup_rules.json``.

Offsets: spaCy offsets inside this module are normalised offsets; every record
leaves through ``state.evidence`` / ``state.span`` with original offsets.
"""

from __future__ import annotations

import bisect
import functools
import logging
import re
from dataclasses import dataclass, field
from typing import Iterable, Optional

from spacy.attrs import LEMMA, POS
from spacy.symbols import PROPN

from ..lexicons import codebook
from ..contract.records import CoupAssessment, Criterion, Evidence, UsedLabel
from .mentions import pronoun_gender, pronoun_words, strip_possessive

logger = logging.getLogger(__name__)

CODEBOOK = "coup_typology"
RULES = "coup_rules"

# Modes of a power action, strongest first: the first cue found in this order wins.
_MODE_ORDER = ("demanded", "threatened", "negated", "conspiracy", "attempted", "failed", "hypothetical", "asserted")
_NOT_ACTS = {"demanded", "threatened", "negated", "hypothetical"}
_AB_ORDER = ("dissolve_legislature", "suspend_constitution", "suspend_courts", "rule_by_decree", "emergency_government")


# ----------------------------------------------------------------- lexicon


def _words(items: Iterable[str]) -> frozenset[str]:
    return frozenset(w.lower() for w in items)


def _phrase_re(items: Iterable[str], regex: bool = False) -> re.Pattern:
    parts = sorted((p if regex else re.escape(p) for p in items), key=len, reverse=True)
    parts = [p.replace(r"\ ", r"\s+").replace(" ", r"\s+") for p in parts]
    return re.compile(r"(?<![\w-])(?:" + "|".join(parts) + r")(?![\w-])", re.IGNORECASE)


class _Lex:
    """The coup_typology and coup_rules codebooks, compiled once into sets and regexes."""

    def __init__(self, cb: dict, rules: dict) -> None:
        self.version = cb["version"]
        self.rules_version = rules["version"]
        self.assessment = cb["assessment_rules"]
        sm = next(c for c in cb["criteria"] if c["id"] == "state_elites")["met_by"]
        self.state_roles = frozenset(sm["true_roles"])
        self.outside_roles = frozenset(sm["false_roles"])
        self._read_rules(rules)
        self._read_criteria(cb)
        self._read_actions(cb["actions"])
        self._read_roles(cb)
        self._read_cues(cb)
        self._index_lemmas()

    def _read_rules(self, rules: dict) -> None:
        """coup_rules.json: the word lists of the parse rules."""
        ns = rules["neutral_seize_verbs"]
        self.neutral_seize = _words(ns["words"])
        self.neutral_seize_objs = _words(ns["objects"])
        self.neutral_seize_particle = ns["particle"]
        self.neutral_seize_roles = frozenset(ns["excluded_roles"])
        self.enabling = _words(rules["enabling_verbs"]["words"])
        self.exec_nouns = _words(rules["executive_nouns"]["words"])
        self.of_heads = _words(rules["of_phrase_heads"]["words"])
        self.coalition_verbs = _words(rules["coalition_verbs"]["words"])
        self.relpron = _words(rules["relative_pronouns"]["words"])
        self.neuter_subj = _words(rules["relative_pronouns"]["neuter"])
        self.personal_relpron = _words(rules["relative_pronouns"]["personal"])
        self.proposal_verbs = _words(rules["proposal_verbs"]["words"])
        self.conditional_marks = _words(rules["conditional_markers"]["words"])
        self.quant_heads = _words(rules["quantifier_heads"]["words"])
        self.demand_prep = _words(rules["demand_needing_preposition"]["words"])
        self.denial_exc = _words(rules["denial_exceptions"]["words"])
        self.survive = _words(rules["survival_verbs"]["words"])
        ce = rules["coup_event_verbs"]
        self.ce_attempt, self.ce_plot, self.ce_foil = _words(ce["attempt"]), _words(ce["plot"]), _words(ce["foil"])
        self.reflexives = _words(rules["reflexive_pronouns"]["words"])
        self.reflexive_distance = rules["reflexive_pronouns"]["max_distance"]
        self.takeover_mods = _words(rules["takeover_modifiers"]["words"])
        self.forced_mods = _words(rules["forced_modifiers"]["words"])
        self.resist_prep = _words(rules["resist_preposition"]["words"])
        self.past_forms = dict(rules["past_forms"]["forms"])
        op = rules["other_people"]
        self.others_re = re.compile(
            r"\b(?:" + "|".join(re.escape(p) for p in op["prefixes"]) + r")|\b(?:" + "|".join(map(re.escape, op["nouns"])) + r")\b"
        )
        self.det_re = re.compile(r"^(?:" + "|".join(map(re.escape, rules["determiners"]["words"])) + r")\s+")
        self.protest_verbs = _words(rules["protest_verbs"]["words"])
        ne = rules["no_evidence"]
        alt = lambda xs: "|".join(map(re.escape, xs))  # noqa: E731
        self.no_evidence_re = re.compile(
            rf"\b(?:(?:{alt(ne['verbs_past'])})\s+no\s+(?:{alt(ne['nouns'])})|without\s+(?:(?:{alt(ne['verbs_gerund'])})\s+)?(?:any\s+)?(?:{alt(ne['nouns'])})"
            rf"|did\s+not\s+(?:{alt(ne['verbs_base'])})\s+(?:any\s+)?(?:{alt(ne['nouns'])}))\b",
            re.IGNORECASE,
        )
        self.planned_mods = _words(rules["planned_modifiers"]["words"])
        self.fact_modes = dict(rules["mention_factuality"]["not_acts"])
        self.generic_labels = _words(rules["generic_labels"]["words"])
        self.this_refs = _words(rules["this_referents"]["words"])
        self.time_nouns = _words(rules["time_nouns"]["words"])

    def _read_criteria(self, cb: dict) -> None:
        """The criteria table, its parts, summaries and types."""
        self.criteria = {c["id"]: c for c in cb["criteria"]}
        self.parts = cb["criterion_parts"]
        self.summaries = cb["summaries"]
        self.described = {
            c["id"]: f"{c['description']} ({cb['sources'][c['passage']['source']]}: {c['passage']['where']})" if "passage" in c else c["description"]
            for c in cb["criteria"]
        }
        self.types = {t["id"]: t for t in cb["types"]}

    def _read_actions(self, a: dict) -> None:
        """The power actions: their trigger words, objects and perpetrators."""
        self.not_forcing_roles = frozenset(a["forced_resignation"]["not_perpetrator_roles"])
        self.actions = a
        self.family = {k: v["family"] for k, v in a.items()}
        self.summary = {k: v["summary"] for k, v in a.items()}
        # verb -> kinds whose object must match
        self.obj_kinds = []  # (kind, verbs, nouns, objects)
        for kind in ("dissolve_legislature", "suspend_constitution", "suspend_courts", "dissolve_government", "seize_power"):
            spec = a[kind]
            self.obj_kinds.append((kind, _words(spec["verbs"]), _words(spec["nouns"]), _words(spec["objects"])))
        self.takeover_nouns = _words(a["seize_power"]["takeover_nouns"])
        self.decree_verbs = _words(a["rule_by_decree"]["verbs"])
        self.decree_objs = _words(a["rule_by_decree"]["by_object"])
        self.gov_nouns = _words(a["emergency_government"]["government_nouns"])
        self.gov_mods = _words(a["emergency_government"]["government_modifiers"])
        self.emergency_re = _phrase_re(a["state_of_emergency"]["phrases"])
        o = a["oust"]
        self.oust_verbs = _words(o["verbs"])
        self.oust_nouns = _words(o["nouns"])
        self.oust_particles = {k: _words(v) for k, v in o["out_particles"].items()}
        self.from_office = _words(o["from_office"])
        self.from_preps = _words(o["from_prepositions"])
        self.procedure_roles = frozenset(a["legislative_removal"]["perpetrator_roles"])
        f = a["forced_resignation"]
        self.resign_verbs = _words(f["verbs"])
        self.resign_phrasal = {k: _words(v) for k, v in f["phrasal"].items()}
        self.resign_nouns = _words(f["nouns"])
        self.coerce_verbs = _words(f["coercion_verbs"])
        self.coerce_nouns = _words(f["coercion_nouns"])
        s = a["self_proclaimed"]
        self.self_re = re.compile(
            r"(?<![\w-])self[-\s](?:proclaimed|declared|appointed|styled)\s+(?:[\w-]+\s+){0,2}?(?:" + "|".join(map(re.escape, s["heads"])) + r")s?\b",
            re.IGNORECASE,
        )
        self.reflexive_verbs = _words(s["reflexive_verbs"])
        self.reflexive_roles = _words(s["reflexive_roles"])
        c = a["coup_event"]
        self.coup_verbs = _words(c["verbs"])
        self.coup_objs = _words(c["objects"])
        self.impeach_verbs = _words(a["impeachment"]["verbs"])
        self.impeach_nouns = _words(a["impeachment"]["nouns"])
        r = a["removal_vote"]
        self.vote_verbs = _words(r["vote_verbs"])
        self.vote_nouns = _words(r["vote_nouns"])
        self.removal_verbs = _words(r["removal_verbs"])
        self.removal_nouns = _words(r["removal_nouns"])
        self.vote_with_prep = _words(r["vote_with_preposition"]["verbs"])
        self.vote_preps = _words(r["vote_with_preposition"]["prepositions"])
        self.default_perp = {k: v["default_perpetrator"] for k, v in a.items() if "default_perpetrator" in v}

    def _read_roles(self, cb: dict) -> None:
        """Actor roles (single lemmas and multiword phrases) and the titles that give them."""
        self.role_of: dict[str, str] = {}
        self.role_phrases: list[tuple[str, str]] = []
        for role, items in cb["roles"].items():
            for it in items:
                it = it.lower()
                if " " in it:
                    self.role_phrases.append((it, role))
                else:
                    self.role_of.setdefault(it, role)
        self.generic = _words(cb["generic_heads"])
        self.dissident_mods = _words(cb["dissident_modifiers"])
        self.counter_targets = _words(cb["counter_coup_targets"])
        self.title_of: dict[str, str] = {}
        for role, items in cb["titles"].items():
            for it in items:
                self.title_of[it.lower()] = role

    def _read_cues(self, cb: dict) -> None:
        """Mode, context and label cues."""
        cu = cb["cues"]
        self.cue = {k: _words(cu[k]) for k in ("attempt", "announcement", "refusal", "conspiracy", "demand", "threat", "denial", "modal", "planned", "resistance", "failure", "support", "lost_power", "sworn_in", "foreign_backing_verbs", "foreign_words", "reporting_verbs", "performing_verbs", "claim_nouns", "holder_verbs")}
        self.hold_re = _phrase_re(cu["hold_power"])
        self.duration_re = re.compile(cu["duration_week"], re.IGNORECASE)
        self.illegal_re = _phrase_re(cu["illegal"], regex=False)
        self.legal_re = _phrase_re(cu["legal"], regex=True)
        self.foreign_re = _phrase_re(cu["foreign_backing"])
        self.concert_re = _phrase_re(cu["concert_phrases"])
        self.referents = {k: _words(v) for k, v in cu["referent_nouns"].items()}
        self.procedure_words = _words(cu["procedure_words"])
        p = pronoun_words()  # the mention layer's pronoun classes
        self.pron_sing, self.pron_plur, self.pron_neuter = p.person, p.plural, p.thing
        self.label_family_re = _phrase_re(cb["label_family"]["coup"])
        self.self_coup_re = _phrase_re(cb["label_family"]["self_coup"])
        self.fallback_re = _phrase_re(cb["fallback_labels"]["terms"])

    def _index_lemmas(self) -> None:
        """Lemmas that make a token worth a look (triggers, context cues, referents)."""
        self.trigger_lemmas = frozenset().union(
            self.vote_verbs, self.impeach_verbs, self.impeach_nouns, self.decree_verbs, self.coup_verbs,
            self.resign_verbs, self.resign_phrasal.keys(), self.resign_nouns, self.oust_verbs, self.oust_nouns,
            self.reflexive_verbs, self.gov_nouns, self.vote_nouns, self.takeover_nouns,
            *[v | n for _k, v, n, _o in self.obj_kinds],
        )
        self.context_lemmas = frozenset().union(
            self.cue["resistance"], self.cue["failure"], self.cue["support"], self.cue["lost_power"], self.cue["sworn_in"], self.oust_verbs
        )
        self.referent_lemmas = self.referents["episode"] | self.coup_objs


@functools.lru_cache(maxsize=1)
def _lexicon() -> _Lex:
    return _Lex(codebook.load(CODEBOOK), codebook.load(RULES))


# ----------------------------------------------------------------- records in the making


@dataclass(frozen=True)
class _Who:
    """A person as this stage reads them (from the mention layer, or a name it lacks)."""

    full: str  # full name
    role: Optional[str]  # coup role a title gives them (executive, military, ...)
    sentence: Optional[int]  # where that title was read
    key: str  # episode key: the surname, lower case


@dataclass
class _Actor:
    text: str
    key: str
    role: Optional[str]
    i: int  # head token index
    title_sentence: Optional[int] = None  # where a person's title was read
    written: Optional[str] = None  # the phrase as written, for speakers ("Interior Minister Paul Renner")


@dataclass
class _Mention:
    kind: str
    family: str
    sent: int
    trigger: object  # spaCy Token
    tokens: list
    perp: Optional[_Actor]
    target: Optional[_Actor]
    obj_text: Optional[str]
    mode: str
    resisted_by: Optional[_Actor] = None
    resist_verb: Optional[str] = None
    speaker: Optional[str] = None  # who reports it, when not the author


@dataclass
class _Label:
    label: str
    used_by: str
    sent: int
    token: object  # spaCy Token inside the label
    start: Optional[int]
    end: Optional[int]
    target: Optional[str] = None
    from_framing: bool = False
    coup_family: bool = True


@dataclass
class _Episode:
    mentions: list[_Mention] = field(default_factory=list)
    key: Optional[str] = None
    perp: Optional[_Actor] = None
    labels: list[_Label] = field(default_factory=list)
    referent: Optional[str] = None  # for label-only episodes: what the label names ("protests")
    referent_sent: Optional[int] = None
    resistance: list[tuple[int, Optional[_Actor], str]] = field(default_factory=list)  # (sentence, actor, verb)
    lost_power: list[int] = field(default_factory=list)
    support: list[tuple[int, Optional[_Actor]]] = field(default_factory=list)
    legality: list[tuple[int, bool, Optional[str], str]] = field(default_factory=list)  # (sent, illegal?, speaker, phrase)
    hold: list[tuple[int, bool]] = field(default_factory=list)  # (sent, duration stated)
    foreign: list[tuple[int, str, str]] = field(default_factory=list)  # (sent, used_by, phrase)
    role_inferred: bool = False  # the perpetrator's role read from the act, not from a title
    _sorted: Optional[tuple] = field(default=None, repr=False)

    @property
    def sentences(self) -> set[int]:
        return {m.sent for m in self.mentions} | {l.sent for l in self.coup_labels}

    def sorted_sentences(self) -> list[int]:
        """``sentences`` in order, rebuilt only when a mention or label was added."""
        sig = (len(self.mentions), len(self.labels))
        if self._sorted is None or self._sorted[0] != sig:
            self._sorted = (sig, sorted(self.sentences))
        return self._sorted[1]

    @property
    def coup_labels(self) -> list[_Label]:
        return [l for l in self.labels if l.coup_family]

    @property
    def acts(self) -> list[_Mention]:
        return [m for m in self.mentions if m.mode not in _NOT_ACTS and m.family != "emergency"]

    def families(self) -> set[str]:
        return {m.family for m in self.acts}


# ----------------------------------------------------------------- document context


class _Context:
    """Per-document helpers: persons (read from the mention layer) and their roles, pronoun
    resolution, speakers."""

    def __init__(self, state, lex: _Lex) -> None:
        self.state = state
        self.lex = lex
        self.doc = state.doc
        self.sent_of: dict[int, int] = {}
        for i, s in enumerate(state.sents):
            for k in range(s.start, s.end):
                self.sent_of[k] = i
        self.headings = {s.index for s in state.sentences if s.heading}
        # one pass over the tokens: lowercase lemmas, and where triggers and cues sit
        # (read as arrays: building a Token object per word costs more than the rest of the stage)
        arr = self.doc.to_array([LEMMA, POS])
        strings = self.doc.vocab.strings
        lower: dict[int, str] = {}
        lemmas = []
        self.trigger_at: list[int] = []
        self.context_at: list[int] = []
        self.propn_at: list[int] = []
        trig, cont = lex.trigger_lemmas, lex.context_lemmas
        for i, (h, p) in enumerate(arr.tolist()):
            lm = lower.get(h)
            if lm is None:
                lm = lower[h] = strings[h].lower()
            lemmas.append(lm)
            if lm in trig:
                self.trigger_at.append(i)
            if lm in cont:
                self.context_at.append(i)
            if p == PROPN:
                self.propn_at.append(i)
        self.lemmas = lemmas
        # Doc.text rebuilds the string on every access; the normalised text is the same string
        last = self.doc[-1] if len(self.doc) else None
        same = last is not None and last.idx + len(last.text_with_ws) == len(state.norm.text)
        self.text = state.norm.text if same else self.doc.text
        self.ents = list(self.doc.ents)
        self.layer = state.mentions  # the shared mention layer: persons, aliases, titles, pronouns
        self._info: dict[int, Optional[_Who]] = {}
        # the names the entity recogniser missed and the layer therefore lacks (see _unlabelled_names)
        self.unlabelled: dict[str, _Who] = {}
        self.person_mentions: list[tuple[int, _Who]] = []
        self._people = None  # the layer's person index, with this stage's persons added (for he/she)
        self._people_at: dict[str, _Who] = {}
        self._read_persons()

    @functools.cached_property
    def events_by_sentence(self) -> dict[Optional[int], list[tuple[int, object]]]:
        """The coded events of each sentence with their place in ``state.events`` (built once)."""
        out: dict[Optional[int], list[tuple[int, object]]] = {}
        for k, ev in enumerate(self.state.events):
            out.setdefault(ev.evidence.sentence_index, []).append((k, ev))
        return out

    # ---- persons: the mention layer's, read once per person
    def _title_role(self, words: list[str]) -> Optional[str]:
        for n in (3, 2, 1):
            for k in range(len(words) - n + 1):
                role = self.lex.title_of.get(" ".join(words[k : k + n]))
                if role:
                    return role
        return None

    def _person_info(self, person) -> Optional[_Who]:
        """A person of the mention layer as this stage reads it: full name, the coup role their
        first role-bearing title gives (``coup_typology.json`` titles) with the sentence where the
        title was read, and the episode key (the surname). None when the recogniser's PERSON is a
        role word ("Congress") or a coup label ("Coup")."""
        if person.index in self._info:
            return self._info[person.index]
        lex = self.lex
        name = strip_possessive(person.name)
        surname = name.split()[-1] if name else ""
        info = None
        if surname[:1].isupper() and surname.lower() not in lex.role_of and not lex.label_family_re.fullmatch(name):
            role, ts = None, None
            for title, first in person.title_at:
                role = self._title_role(title.split())
                if role:
                    ts = self.sent_of.get(first)
                    break
            info = _Who(full=name, role=role, sentence=ts, key=surname.lower())
        self._info[person.index] = info
        return info

    def _read_persons(self) -> None:
        """The proper nouns that name a person (the layer's, or one it lacks), in text order."""
        self._unlabelled_names()
        doc = self.doc
        for i in self.propn_at:
            who = self.lookup_person(doc[i])
            if who is not None:
                self.person_mentions.append((i, who))
        # looked up by position, by person and by role (never rescanned per pronoun or noun)
        self._mention_pos = [i for i, _ in self.person_mentions]
        self._mentions_of: dict[_Who, list[int]] = {}
        self._with_role: dict[Optional[str], set[_Who]] = {}
        for i, who in self.person_mentions:
            self._mentions_of.setdefault(who, []).append(i)
            self._with_role.setdefault(who.role, set()).add(who)

    def _unlabelled_names(self) -> None:
        """Surnames the entity recogniser missed ("Castillo attempted to dissolve Congress"):
        a capitalised proper noun with no entity type, heading its own noun phrase as a
        subject, object or possessor, that is no role word ("Congress") is read as a person."""
        lex = self.lex
        doc = self.doc
        # (from the lemma array: building a Token per word would cost more than the stage)
        he_sents = {self.sent_of.get(i) for i, lm in enumerate(self.lemmas) if lm in lex.pron_sing}
        person_sents = {self.sent_of.get(e.start) for e in self.ents if e.label_ == "PERSON"}
        self.one_word_ent = {e.start: e for e in self.ents if len(e) == 1}
        for i in self.propn_at:
            tok = doc[i]
            if tok.dep_ not in ("nsubj", "nsubjpass", "dobj", "poss") and not (tok.dep_ == "compound" and tok.head.lemma_.lower() in lex.time_nouns):
                continue
            if tok.ent_type_ and not (self._personal_relative(tok) or self._taken_up_by_he(tok, he_sents, person_sents)):
                continue
            text = tok.text.removesuffix("’s").removesuffix("'s")
            key = text.lower()
            if key in self.unlabelled or self._layer_person(text) is not None or not text[:1].isupper() or text.isupper() or key in lex.role_of or self.lemmas[i] in lex.role_of:
                continue
            if any(c.dep_ in ("compound", "amod") and (c.ent_type_ and c.ent_type_ != "PERSON") for c in tok.children):
                continue
            title = [t for t in tok.lefts if t.dep_ in ("compound", "amod")]
            full = " ".join(t.text for t in title if t.pos_ == "PROPN" and not lex.title_of.get(t.lower_)) + (" " if any(t.pos_ == "PROPN" and not lex.title_of.get(t.lower_) for t in title) else "") + text
            role = self._title_role([t.lower_ for t in title])
            self.unlabelled[key] = _Who(full=full, role=role, sentence=self.sent_of.get(i) if role else None, key=key)

    def _personal_relative(self, tok) -> bool:
        """'Belan, who was ousted ...': a one-word name (whatever entity type the model
        guessed) that a 'who' clause describes is a person."""
        if tok.i not in self.one_word_ent:
            return False
        return any(
            c.dep_ == "relcl" and any(x.dep_ in ("nsubj", "nsubjpass") and x.lower_ in self.lex.personal_relpron for x in c.children)
            for c in tok.children
        )

    def _taken_up_by_he(self, tok, he_sents: set, person_sents: set) -> bool:
        """'Belan dissolved Congress ... He was removed': a one-word name the model took for an
        organisation, taken up by 'he'/'she' in the same or the next sentence with no person
        named in between, is a person."""
        if tok.ent_type_ not in ("ORG", "NORP", "GPE") or tok.i not in self.one_word_ent:
            return False
        si = self.sent_of.get(tok.i)
        if si is None:
            return False
        for j in (si, si + 1):
            if j in he_sents:
                return not any(k in person_sents for k in range(si, j + 1))
        return False

    def _layer_person(self, text: str) -> Optional[_Who]:
        person = self.layer.person_named(text)
        return self._person_info(person) if person is not None else None

    def lookup_person(self, tok) -> Optional[_Who]:
        """The one place a token is looked up as a person: the person of the name the mention
        layer read there (as events read it), else the person a proper noun names (a unique
        surname, a spelling variant of it), else a name the recogniser missed
        (:meth:`_unlabelled_names`)."""
        if tok.pos_ != "PROPN":
            return None
        named = self.layer.name_at(tok)
        who = self._person_info(named.person) if named is not None and named.person is not None else None
        if who is not None:
            return who
        text = strip_possessive(tok.text)
        return self._layer_person(text) or self.unlabelled.get(text.lower())

    # ---- roles and actors
    def role_of_token(self, tok, use_persons: bool = True) -> Optional[str]:
        lex = self.lex
        if use_persons:
            person = self.lookup_person(tok)
            if person is not None:
                return person.role
        mods = [c for c in tok.children if c.dep_ in ("compound", "amod", "nmod")]
        words = [c.lower_ for c in mods]
        lemmas = [c.lemma_.lower() for c in mods]
        head = tok.lemma_.lower()
        phrase = " ".join(words + [tok.lower_])
        for ph, role in lex.role_phrases:
            if phrase.endswith(ph) or " ".join(lemmas + [head]).endswith(ph):
                return self._dissident(tok, role)
        role = lex.role_of.get(head) or lex.role_of.get(tok.lower_)
        if role and head not in lex.generic:
            return self._dissident(tok, role)
        for c in mods:
            r = lex.role_of.get(c.lemma_.lower()) or lex.role_of.get(c.lower_)
            if r is None and c.pos_ == "PROPN":
                r = lex.role_of.get(c.lower_)
            if r:
                return self._dissident(tok, r)
        for c in tok.children:  # "members of Congress", "group of army officers"
            if c.dep_ == "prep" and c.lower_ == "of":
                for p in c.children:
                    if p.dep_ == "pobj":
                        r = self.role_of_token(p, use_persons)
                        if r:
                            return r
        if role:
            return self._dissident(tok, role)
        return None

    def _dissident(self, tok, role: str) -> str:
        if role == "military" and any(c.lower_ in self.lex.dissident_mods for c in tok.children if c.dep_ in ("amod", "compound")):
            return "dissident"
        return role

    def phrase_text(self, tok, lower_start: bool = True) -> str:
        """The noun phrase headed by ``tok``: determiners and modifiers, plus 'of'-phrases of generic heads."""
        lex = self.lex
        left = [c for c in tok.lefts if c.dep_ in ("det", "compound", "amod", "nummod", "poss", "nmod", "case", "punct", "quantmod")]
        start = min([tok.i] + [c.left_edge.i for c in left])
        end = tok.i + 1
        for c in tok.rights:
            if c.dep_ == "case":
                end = c.i + 1
            if c.dep_ == "prep" and c.lower_ in ("of", "in", "to") and (tok.lemma_.lower() in lex.generic or tok.lemma_.lower() in lex.of_heads or c.lower_ == "of"):
                end = max(end, c.right_edge.i + 1)
            elif c.dep_ == "amod" and c.i == tok.i + 1:  # "troops loyal to X"
                end = max(end, c.right_edge.i + 1)
        while start < end - 1 and (self.doc[start].is_punct or self.doc[start].is_space):
            start += 1
        while end - 1 > start and (self.doc[end - 1].is_punct or self.doc[end - 1].is_space):
            end -= 1
        text = self.doc[start:end].text
        first = self.doc[start]
        if lower_start and first.is_sent_start and first.pos_ != "PROPN" and not (len(first.text) > 1 and first.text.isupper()):
            text = text[:1].lower() + text[1:]
        return text

    def actor(self, tok) -> Optional[_Actor]:
        """An actor for the noun (or pronoun) ``tok``; pronouns are resolved."""
        if tok is None:
            return None
        low = tok.lower_
        if tok.pos_ == "PRON" or low in self.lex.pron_sing or low in self.lex.pron_plur:
            return self.resolve(tok)
        person = self.lookup_person(tok)
        if person is not None:
            return _Actor(text=person.full, key=person.key, role=person.role, i=tok.i, title_sentence=person.sentence,
                          written=self.phrase_text(tok, lower_start=False))
        lemma = tok.lemma_.lower()
        if lemma in self.lex.exec_nouns and not any(c.pos_ == "PROPN" for c in tok.children):
            p = self._recent_person(tok.i, role="executive")
            if p:
                return p
        role = self.role_of_token(tok)
        text = self.phrase_text(tok)
        key = role if role else lemma
        return _Actor(text=text, key=key, role=role, i=tok.i, written=self.phrase_text(tok, lower_start=False))

    def _recent_person(self, before: int, role: Optional[str] = None, window: int = 400) -> Optional[_Actor]:
        for k in range(bisect.bisect_left(self._mention_pos, before) - 1, -1, -1):
            i, who = self.person_mentions[k]
            if before - i > window:
                break
            if role is None or who.role == role:
                return _Actor(text=who.full, key=who.key, role=who.role, i=i, title_sentence=who.sentence)
        if role:  # the one person with that title
            cands = set(self._with_role.get(role, ()))
            if len(cands) == 1:
                who = cands.pop()
                return _Actor(text=who.full, key=who.key, role=who.role, i=before, title_sentence=who.sentence)
        return None

    def _person_antecedent(self, tok) -> Optional[_Actor]:
        """he/she: the mention layer's person resolver, over the layer's persons and every proper
        noun this stage reads as one (the names the recogniser missed among them)."""
        if self._people is None:
            self._people = self.layer.person_index()
            self._people_at = {}
            for i, who in self.person_mentions:
                pos = self.doc[i].idx
                self._people.add_person(pos, who.full)
                self._people_at[who.full] = who
        name = self._people.last_person_before(tok.idx, pronoun_gender(tok.text))
        if name is None:
            return None
        who = self._people_at.get(name)
        if who is None:
            person = self.layer.person_named(name)
            who = self._person_info(person) if person is not None else None
        if who is None:
            return None
        seen = self._mentions_of.get(who, [])
        k = bisect.bisect_left(seen, tok.i)
        at = seen[k - 1] if k else tok.i
        return _Actor(text=who.full, key=who.key, role=who.role, i=at, title_sentence=who.sentence)

    def resolve(self, tok) -> Optional[_Actor]:
        low = tok.lower_
        lex = self.lex
        if low in lex.pron_sing:
            return self._person_antecedent(tok)
        if low in lex.pron_neuter:
            cur = tok.head
            for _ in range(6):
                if cur.lemma_.lower() in lex.cue["reporting_verbs"]:
                    for c in cur.children:
                        if c.dep_ == "nsubj" and c.i != tok.i and c.pos_ in ("NOUN", "PROPN") and self.role_of_token(c):
                            return self.actor(c)
                if cur.head is cur:
                    break
                cur = cur.head
            return None
        if low in lex.pron_plur:
            # the plural subject of the reporting verb this clause depends on
            cur = tok.head
            for _ in range(6):
                if cur.lemma_.lower() in lex.cue["reporting_verbs"]:
                    for c in cur.children:
                        if c.dep_ == "nsubj" and c.i != tok.i and c.tag_ in ("NNS", "NNPS"):
                            return self.actor(c)
                if cur.head is cur:
                    break
                cur = cur.head
            # else a plural subject earlier in the same sentence ("Rebels blocked roads as they ...")
            si = self.sent_of.get(tok.i)
            if si is not None:
                sent = self.state.sents[si]
                for k in range(sent.start, tok.i):
                    t = self.doc[k]
                    if t.dep_ == "nsubj" and t.tag_ in ("NNS", "NNPS") and t.pos_ != "PRON":
                        return self.actor(t)
            # else the subject of the previous sentence, with its conjuncts
            if si:
                for j in (si - 1, si - 2):
                    if j < 0:
                        break
                    a = self._group_subject(self.state.sents[j])
                    if a:
                        return a
        return None

    def _group_subject(self, sent) -> Optional[_Actor]:
        root = sent.root
        subj = next((c for c in root.children if c.dep_ == "nsubj"), None)
        if subj is None or subj.pos_ == "PRON":
            return None
        members = [subj] + [c for c in subj.conjuncts]
        if root.lemma_.lower() in self.lex.coalition_verbs:
            for c in root.children:
                if c.dep_ == "prep" and c.lower_ == "with":
                    members += [p for p in c.children if p.dep_ == "pobj"]
        if len(members) == 1 and subj.tag_ not in ("NNS", "NNPS"):
            return None
        names = []
        for m in members:
            acr = next((c.text for c in m.children if c.dep_ == "appos" and c.text.isupper() and len(c.text) <= 8), None)
            names.append(acr or self.phrase_text(m))
        text = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
        role = self.role_of_token(subj)
        return _Actor(text=text, key=role or text.lower(), role=role, i=subj.i)

    # ---- who says so
    def speaker_of(self, tok) -> Optional[str]:
        """Who the words at ``tok`` are reported from: the subject of the reporting
        verb (or claim noun) they depend on, or ``None`` (the author or the
        sentence's attribution)."""
        lex = self.lex
        prev, cur = tok, tok.head
        for _ in range(12):
            lemma = cur.lemma_.lower()
            came_as_content = prev.dep_ in ("ccomp", "xcomp", "dobj", "oprd", "attr", "parataxis", "advcl", "conj") or (
                prev.dep_ == "prep" and prev.lower_ == "as"
            )
            if cur.pos_ in ("VERB", "AUX") and lemma in lex.cue["reporting_verbs"] and prev is not cur and came_as_content:
                a = self._subject(cur)
                if a:
                    return a.written or a.text
            if cur.pos_ == "NOUN" and lemma in lex.cue["claim_nouns"] and prev.dep_ in ("prep", "acl", "ccomp", "relcl", "pobj"):
                for c in cur.children:
                    if c.dep_ == "poss":
                        a = self.actor(c)
                        if a:
                            return a.written or a.text
                gov = cur.head.head if cur.dep_ == "pobj" else cur.head
                if gov.lemma_.lower() in lex.cue["holder_verbs"]:
                    a = self._subject(gov)
                    if a:
                        return a.written or a.text
            if cur.head is cur:
                break
            prev, cur = cur, cur.head
        return None

    def _subject(self, verb) -> Optional[_Actor]:
        cur = verb
        for _ in range(4):
            for c in cur.children:
                if c.dep_ == "agent":
                    p = next((x for x in c.children if x.dep_ == "pobj"), None)
                    if p is not None:
                        return self._of_head(p)
            for c in cur.children:
                if c.dep_ == "nsubj" and c.lower_ not in self.lex.relpron and c.lower_ not in self.lex.neuter_subj:
                    return self._of_head(c)
            if cur.dep_ in ("xcomp", "advcl", "conj") and cur.head is not cur:
                cur = cur.head
                continue
            break
        return None

    def _of_head(self, tok) -> Optional[_Actor]:
        """'Much of the liberal left' -> the liberal left."""
        if tok.lemma_.lower() in self.lex.quant_heads:
            for c in tok.children:
                if c.dep_ == "prep" and c.lower_ == "of":
                    p = next((x for x in c.children if x.dep_ == "pobj"), None)
                    if p is not None:
                        return self.actor(p)
        return self.actor(tok)

    def used_by(self, tok, sent: int) -> str:
        who = self.speaker_of(tok)
        if who:
            return who
        att = self.state.attributions.get(sent)
        if att is not None and att.speaker and att.kind != "author":
            return att.speaker
        return "author"


# ----------------------------------------------------------------- power actions


def _children(tok, *deps):
    return [c for c in tok.children if c.dep_ in deps]


def _with_conj(toks):
    out = []
    for t in toks:
        out.append(t)
        out.extend(t.conjuncts)
    return out


def _lemmas(tok) -> set[str]:
    """Lemmas naming a noun: its own and its compounds/adjectives."""
    s = {tok.lemma_.lower(), tok.lower_}
    for c in tok.children:
        if c.dep_ in ("compound", "amod"):
            s.add(c.lemma_.lower())
            s.add(c.lower_)
    return s


def _objects(tok):
    """Objects of a verb (or the passive subject)."""
    objs = _children(tok, "dobj", "nsubjpass", "attr", "oprd")
    for p in _children(tok, "prt"):  # 'shut down Congress' parsed with the object under the particle
        objs += _children(p, "pobj", "dobj")
    return _with_conj(objs)


def _of_objects(noun):
    out = []
    for c in noun.children:
        if c.dep_ == "prep" and c.lower_ in ("of", "on"):
            out += _with_conj(_children(c, "pobj"))
        elif c.dep_ in ("poss", "compound"):
            out.append(c)
    return out


def _mode(tok, lex: _Lex) -> tuple[str, Optional[object]]:
    """The mode of an action from the words it depends on, and the token of a
    resisting verb (``repelled an attempt to ...``) when there is one."""
    cues: set[str] = set()
    resist = None
    nominal = [tok] + ([tok.head] if tok.dep_ == "compound" else [])  # "a scheduled impeachment vote"
    if tok.pos_ in ("NOUN", "PROPN") and any(c.dep_ in ("amod", "compound") and (c.lower_ in lex.planned_mods or c.lemma_.lower() in lex.planned_mods) for n in nominal for c in n.children):
        cues.add("hypothetical")  # "a scheduled impeachment vote", "the planned dissolution"
    if tok.pos_ == "NOUN" and tok.dep_ == "dobj" and tok.lemma_.lower() in lex.vote_nouns and tok.head.lemma_.lower() in lex.proposal_verbs:
        cues.add("hypothetical")  # "filed a motion to remove her": proposed, not voted
    prev, cur = None, tok
    for _ in range(9):
        lemma = cur.lemma_.lower()
        for c in cur.children:
            if c.dep_ == "neg":
                cues.add("negated")
            elif c.dep_ == "aux" and c.lemma_.lower() in lex.cue["modal"]:
                cues.add("hypothetical")
            elif c.dep_ == "mark" and c.lower_ in lex.conditional_marks:
                cues.add("hypothetical")  # "if the army seized power, ..."
        if cur is not tok:
            if lemma in lex.cue["demand"] and not (lemma in lex.demand_prep and (prev is None or prev.dep_ != "prep")):
                cues.add("demanded")
            elif lemma in lex.cue["threat"]:
                cues.add("threatened")
            elif lemma in lex.cue["refusal"] and prev is not None and prev.dep_ == "xcomp":
                cues.add("negated")  # "declined to resign", "the army refused to dissolve Congress"
            elif lemma in lex.cue["denial"] and cur.pos_ == "VERB" and lemma not in lex.denial_exc:
                cues.add("negated")
            elif lemma in lex.cue["conspiracy"]:
                cues.add("conspiracy")
            elif lemma in lex.cue["resistance"] and cur.pos_ == "VERB":
                cues.add("attempted")
                resist = cur
            elif lemma in lex.cue["attempt"] or lemma in lex.cue["failure"]:
                cues.add("attempted")
            elif lemma in lex.cue["planned"] and cur.tag_ in ("VBN", "JJ"):
                cues.add("hypothetical")
            elif lemma in lex.enabling:
                cues.add("hypothetical")
            elif lemma == "be" and prev is not None and prev.dep_ == "xcomp":
                cues.add("hypothetical")  # "was to dissolve"
            elif lemma in lex.survive:
                cues.add("failed")
        if cur.dep_ == "ccomp" and cur.head is not cur:
            # a complement clause: its verb counts if it is a cue ("does not allow X to ..."), not if it reports
            gov = cur.head
            gl = gov.lemma_.lower()
            progressive = cur.tag_ == "VBG" and any(c.dep_ == "aux" and c.lemma_.lower() == "be" for c in cur.children)
            if gl in lex.cue["announcement"] and ("hypothetical" in cues or progressive) and not any(c.dep_ == "neg" for c in gov.children):
                # "announced that he was dissolving Congress": the announcement, not its effect
                # "announced that he would dissolve Congress": announcing it is the overt act
                cues.discard("hypothetical")
                cues.add("attempted")
                break
            if gl in lex.enabling or gl in lex.cue["demand"] or gl in lex.cue["threat"] or gl in lex.cue["conspiracy"] or gl in lex.cue["attempt"]:
                prev, cur = cur, gov
                continue
        if cur.dep_ in ("ROOT", "ccomp", "parataxis", "advcl") or cur.head is cur:
            break
        prev, cur = cur, cur.head
    for m in _MODE_ORDER:
        if m in cues:
            return m, resist
    return "asserted", resist


class _Finder:
    def __init__(self, state, lex: _Lex, ctx: _Context) -> None:
        self.state, self.lex, self.ctx = state, lex, ctx

    # ---- perpetrator and target
    def agent(self, tok, kind: str) -> Optional[_Actor]:
        ctx = self.ctx
        cur = tok
        for _ in range(9):
            for c in cur.children:
                if c.dep_ == "agent" or (c.dep_ == "prep" and c.lower_ == "by" and cur.pos_ == "NOUN"):
                    p = next((x for x in c.children if x.dep_ == "pobj"), None)
                    if p is not None:
                        return ctx.actor(p)
            if cur.pos_ in ("VERB", "AUX"):
                for c in cur.children:
                    if c.dep_ == "nsubj" and c.lemma_.lower() not in ctx.lex.time_nouns:
                        if c.lower_ in ctx.lex.relpron and cur.dep_ == "relcl":
                            break
                        return ctx._of_head(c)
                if cur is not tok:
                    # "Congress was set to depose him", "X was forced to resign": the raised passive subject
                    for c in cur.children:
                        if c.dep_ == "nsubjpass" and c.lower_ not in ctx.lex.relpron:
                            return ctx._of_head(c)
            if cur.pos_ in ("NOUN", "PROPN") and cur is not tok or (cur is tok and kind in ("coup_event", "seize_power", "self_proclaimed")):
                for c in cur.children:
                    if c.dep_ == "poss" and kind not in ("oust", "impeachment", "removal_vote", "forced_resignation") or (c.dep_ == "poss" and cur is not tok):
                        return ctx.actor(c)
                for c in cur.children:
                    if c.dep_ in ("amod", "compound") and ctx.lex.role_of.get(c.lemma_.lower()) in ("military", "rebels", "security"):
                        return _Actor(text=c.text, key=ctx.lex.role_of[c.lemma_.lower()], role=ctx.lex.role_of[c.lemma_.lower()], i=c.i)
            if cur.dep_ == "relcl":
                ant = cur.head
                if (ctx.role_of_token(ant) or ctx.lookup_person(ant)) and not self._is_trigger_noun(ant):
                    return ctx.actor(ant)
                cur = ant
                continue
            if cur.dep_ == "acl" and cur.pos_ == "VERB" and cur.head.pos_ in ("NOUN", "PROPN") and cur is not tok:
                head = cur.head
                if (ctx.role_of_token(head) or head.pos_ == "PROPN") and not self._is_trigger_noun(head):
                    return ctx.actor(head)
            if cur.pos_ in ("NOUN", "PROPN") and cur.dep_ in ("dobj", "pobj", "nsubjpass", "attr", "oprd", "appos"):
                gov = cur.head.head if cur.dep_ == "pobj" and cur.head.pos_ == "ADP" else cur.head
                gl = gov.lemma_.lower()
                if gov.pos_ in ("VERB", "AUX") and not (gl in ctx.lex.cue["performing_verbs"] or gl in ctx.lex.cue["attempt"] or gl in ctx.lex.cue["conspiracy"]):
                    return None
            if cur.dep_ in ("xcomp", "conj", "acl", "pcomp", "prep", "pobj", "dobj", "advcl", "relcl", "attr", "oprd", "compound"):
                if cur.head is cur:
                    break
                cur = cur.head
                continue
            break
        return None

    def _is_trigger_noun(self, tok) -> bool:
        lemma = tok.lemma_.lower()
        return lemma in self.lex.gov_nouns and bool(_lemmas(tok) & self.lex.gov_mods) or lemma in self.lex.coup_objs or lemma in self.lex.referents["episode"]

    def target(self, tok, noun: bool) -> Optional[_Actor]:
        ctx = self.ctx
        cands = _of_objects(tok) if noun else _objects(tok)
        if not noun:
            for x in _children(tok, "xcomp"):  # "voted to remove X"
                cands += _objects(x)
        for c in cands:
            if c.lemma_.lower() in self.lex.time_nouns:
                # "ousted Belan hours after ...": the name parsed as a compound of the time noun
                c = next((x for x in c.children if x.dep_ == "compound" and x.pos_ == "PROPN"), None)
                if c is None:
                    continue
            if c.pos_ in ("NOUN", "PROPN", "PRON"):
                return ctx.actor(c)
        return None

    def _by_procedure(self, perp: Optional[_Actor], target: Optional[_Actor]) -> bool:
        """A legislature or court removing a person who holds no other office in the text."""
        return (
            perp is not None and perp.role in self.lex.procedure_roles
            and target is not None and target.role in (None, "executive") and target.key != perp.key
        )

    def is_executive(self, a: Optional[_Actor]) -> bool:
        if a is None:
            return False
        if a.role == "executive":
            return True
        return False

    # ---- the scan
    def find(self) -> list[_Mention]:
        out: list[_Mention] = []
        lex = self.lex
        ctx = self.ctx
        doc = self.state.doc
        for i in ctx.trigger_at:
            si = ctx.sent_of.get(i)
            if si is None or si in ctx.headings:
                continue
            m = self._at(doc[i], si)
            if m is not None:
                out.append(m)
        text = ctx.text
        for mt in lex.emergency_re.finditer(text):
            span = doc.char_span(mt.start(), mt.end(), alignment_mode="expand")
            si = ctx.sent_of.get(span.start) if span is not None else None
            if si is not None and si not in ctx.headings:
                head = span.root
                mode, _ = _mode(head, lex)
                out.append(self._mention("state_of_emergency", si, head, list(span), self.agent(head, "state_of_emergency"), None, None, mode))
        for mt in lex.self_re.finditer(text):
            span = doc.char_span(mt.start(), mt.end(), alignment_mode="expand")
            si = ctx.sent_of.get(span.start) if span is not None else None
            if si is not None and si not in ctx.headings:
                head = span.root
                perp = ctx.actor(head) if head.pos_ == "PROPN" else None
                out.append(self._mention("self_proclaimed", si, head, list(span), perp, None, "a government of their own", "asserted"))
        out.sort(key=lambda m: (m.sent, m.trigger.i))
        return out

    def _mention(self, kind, si, trig, tokens, perp, target, obj_text, mode, resist=None) -> _Mention:
        lex = self.lex
        resisted = None
        if resist is not None:
            resisted = self.ctx._subject(resist)
        if perp is None and kind in lex.default_perp:
            role = lex.default_perp[kind]
            perp = _Actor(text=f"the {role}", key=role, role=role, i=trig.i)
        return _Mention(kind=kind, family=lex.family[kind], sent=si, trigger=trig, tokens=tokens, perp=perp, target=target, obj_text=obj_text, mode=mode, resisted_by=resisted, resist_verb=resist.lemma_.lower() if resist is not None else None)

    def _at(self, tok, si: int) -> Optional[_Mention]:
        lemma = tok.lemma_.lower()
        if tok.pos_ == "VERB":
            return self._verb_at(tok, si, lemma)
        if tok.pos_ in ("NOUN", "PROPN"):
            return self._noun_at(tok, si, lemma)
        return None

    def _verb_at(self, tok, si: int, lemma: str) -> Optional[_Mention]:
        """A power action a verb names, tried in order: removal vote, impeachment, verb + object
        (dissolve, suspend, seize), rule by decree, coup verbs, forced resignation, ousting,
        self-proclamation."""
        lex = self.lex
        if lemma in lex.vote_verbs:
            m = self._vote_verb(tok, si, lemma)
            if m is not None:
                return m
        if lemma in lex.impeach_verbs:
            mode, resist = _mode(tok, lex)
            if tok.head.lemma_.lower() in lex.vote_verbs and tok.dep_ in ("xcomp", "conj"):
                return None
            return self._mention("impeachment", si, tok, [tok], self.agent(tok, "impeachment"), self.target(tok, False), None, mode, resist)
        m = self._object_verb(tok, si, lemma)
        if m is not None:
            return m
        if lemma in lex.decree_verbs:
            for p in _children(tok, "prep"):
                if p.lower_ == "by" and any(x.lemma_.lower() in lex.decree_objs for x in p.children):
                    mode, resist = _mode(tok, lex)
                    return self._mention("rule_by_decree", si, tok, [tok, p], self.agent(tok, "rule_by_decree"), None, None, mode, resist)
        if lemma in lex.coup_verbs:
            m = self._coup_verb(tok, si, lemma)
            if m is not None:
                return m
        # resign under coercion
        resign = lemma in lex.resign_verbs or any(lemma == v and any(c.lower_ in parts for c in tok.children if c.dep_ == "prt") for v, parts in lex.resign_phrasal.items())
        if resign:
            return self._forced(tok, si)
        if lemma in lex.oust_verbs:
            return self._oust_verb(tok, si, lemma)
        # proclaimed himself president
        if lemma in lex.reflexive_verbs:
            refl = [c for c in tok.subtree if c.lower_ in lex.reflexives and 0 < c.i - tok.i <= lex.reflexive_distance]
            role_word = next((x for x in tok.subtree if x.i > refl[0].i and x.lemma_.lower() in lex.reflexive_roles), None) if refl else None
            if role_word is not None:
                mode, resist = _mode(tok, lex)
                obj = self.state.doc[refl[0].i : role_word.i + 1].text
                return self._mention("self_proclaimed", si, tok, [tok, refl[0]], self.agent(tok, "self_proclaimed"), None, obj, mode, resist)
        return None

    def _vote_verb(self, tok, si: int, lemma: str) -> Optional[_Mention]:
        """vote to remove / vote for removal."""
        lex = self.lex
        rem = [x for x in _children(tok, "xcomp", "conj") if x.lemma_.lower() in lex.removal_verbs]
        if not rem and lemma in lex.vote_with_prep:
            for p in _children(tok, "prep"):
                if p.lower_ in lex.vote_preps:
                    rem += [x for x in _children(p, "pobj") if x.lemma_.lower() in lex.removal_nouns]
        if not rem and lemma != "vote":
            rem = [o for o in _objects(tok) if o.lemma_.lower() in lex.vote_nouns and any(
                x.lemma_.lower() in lex.removal_verbs | lex.removal_nouns for x in o.subtree if x is not o)]
        if not rem:
            return None
        r = rem[0]
        target = self.target(r, noun=r.pos_ == "NOUN")
        mode, resist = _mode(tok, lex)
        return self._mention("removal_vote", si, tok, [tok, r], self.agent(tok, "removal_vote"), target, None, mode, resist)

    def _object_verb(self, tok, si: int, lemma: str) -> Optional[_Mention]:
        """dissolve / suspend / seize: a verb with the right object."""
        lex, ctx = self.lex, self.ctx
        objs = None
        for kind, verbs, _nouns, objects in lex.obj_kinds:
            if lemma not in verbs:
                continue
            if objs is None:
                objs = _objects(tok)
            hit = next((o for o in objs if _lemmas(o) & objects), None)
            if hit is None:
                continue
            if kind == "seize_power" and lemma in lex.neutral_seize and not (hit.lemma_.lower() in lex.neutral_seize_objs or any(c.lower_ == lex.neutral_seize_particle for c in tok.children)):
                continue
            mode, resist = _mode(tok, lex)
            perp = self.agent(tok, kind)
            if kind == "seize_power" and lemma in lex.neutral_seize and (perp is None or perp.role in lex.neutral_seize_roles):
                continue
            if kind == "dissolve_government" and (perp is None or perp.role not in ("military", "rebels", "dissident", "security")):
                continue
            target = ctx.actor(hit) if kind == "dissolve_government" else None
            return self._mention(kind, si, tok, [tok, hit], perp, target, ctx.phrase_text(hit), mode, resist)
        return None

    def _coup_verb(self, tok, si: int, lemma: str) -> Optional[_Mention]:
        """stage / attempt / plot / foil a coup."""
        lex = self.lex
        objs = _objects(tok)
        hit = next((o for o in objs if _lemmas(o) & lex.coup_objs), None)
        if hit is None:
            return None
        mode, resist = _mode(tok, lex)
        if lemma in lex.ce_attempt:
            mode = "attempted" if mode in ("asserted", "failed") else mode
        elif lemma in lex.ce_plot:
            mode = "conspiracy" if mode in ("asserted", "failed") else mode
        elif lemma in lex.ce_foil:
            mode = "attempted" if mode in ("asserted", "failed") else mode
        perp = self.agent(tok, "coup_event") if lemma not in lex.ce_foil else self.agent(hit, "coup_event")
        if lemma in lex.ce_foil:
            resist = tok
        if "attempt" in _lemmas(hit):  # "staged a coup attempt"
            mode = "attempted" if mode == "asserted" else mode
        return self._mention("coup_event", si, tok, [tok, hit], perp, None, None, mode, resist)

    def _oust_verb(self, tok, si: int, lemma: str) -> Optional[_Mention]:
        """oust / overthrow / depose / remove (executive targets only)."""
        lex = self.lex
        parts = lex.oust_particles.get(lemma)
        if parts is not None and not any(c.lower_ in parts for c in tok.children):
            return None
        if lemma in lex.coerce_verbs and _children(tok, "xcomp"):  # "forced him to resign": a forced resignation
            return None
        if tok.head.lemma_.lower() in lex.vote_verbs and tok.dep_ in ("xcomp", "conj"):
            return None  # counted as a removal vote
        target = self.target(tok, noun=False)
        from_office = any(
            x.lemma_.lower() in lex.from_office for p in tok.children if p.lower_ in lex.from_preps for x in p.subtree
        )
        perp = self.agent(tok, "oust")
        if self._by_procedure(perp, target):
            # "Congress removed X from office", "lawmakers ousted X": a procedure, whatever the verb
            mode, resist = _mode(tok, lex)
            return self._mention("legislative_removal", si, tok, [tok], perp, target, None, mode, resist)
        if target is not None and _lemmas(self.state.doc[target.i]) & lex.counter_targets:
            target.role = "executive"  # a ruling junta or military council is the executive in office
        elif not (self.is_executive(target) or (from_office and target is not None and lemma != "remove") or (from_office and self.is_executive(target))):
            return None
        mode, resist = _mode(tok, lex)
        return self._mention("oust", si, tok, [tok], perp, target, None, mode, resist)

    def _noun_at(self, tok, si: int, lemma: str) -> Optional[_Mention]:
        """A power action a noun names: an emergency government, a seizure or dissolution, an
        impeachment, a removal vote, an ousting, a forced resignation."""
        lex, ctx = self.lex, self.ctx
        if lemma in lex.gov_nouns and (_lemmas(tok) & lex.gov_mods or any(
            p.lower_ == "of" and any(x.lemma_.lower() in lex.gov_mods for x in p.children) for p in tok.children
        )):
            mode, resist = _mode(tok, lex)
            return self._mention("emergency_government", si, tok, [tok], self.agent(tok, "emergency_government"), None, None, mode, resist)
        for kind, _verbs, nouns, objects in lex.obj_kinds:
            if lemma in nouns:
                hit = next((o for o in _of_objects(tok) if _lemmas(o) & objects), None)
                if hit is None and kind == "seize_power" and lemma in lex.takeover_nouns and (_lemmas(tok) & lex.takeover_mods):
                    hit = tok
                if hit is None or (kind == "dissolve_government"):
                    continue
                mode, resist = _mode(tok, lex)
                return self._mention(kind, si, tok, [tok, hit], self.agent(tok, kind), None, ctx.phrase_text(hit) if hit is not tok else None, mode, resist)
        if lemma in lex.impeach_nouns:
            if tok.head.lemma_.lower() in lex.vote_verbs | lex.vote_nouns and tok.dep_ == "pobj":
                pass
            mode, resist = _mode(tok, lex)
            return self._mention("impeachment", si, tok, [tok], self.agent(tok, "impeachment"), self.target(tok, True), None, mode, resist)
        if lemma in lex.vote_nouns:
            rem = [x for x in tok.subtree if x is not tok and x.lemma_.lower() in lex.removal_verbs | lex.removal_nouns]
            if rem and tok.head.lemma_.lower() not in lex.vote_verbs:
                r = rem[0]
                mode, resist = _mode(tok, lex)
                return self._mention("removal_vote", si, tok, [tok, r], self.agent(tok, "removal_vote"), self.target(r, r.pos_ == "NOUN"), None, mode, resist)
        if lemma in lex.oust_nouns:
            if tok.head.lemma_.lower() in lex.vote_verbs | lex.vote_nouns or (tok.dep_ == "pobj" and tok.head.head.lemma_.lower() in lex.vote_verbs | lex.vote_nouns):
                return None
            target = self.target(tok, noun=True)
            perp = self.agent(tok, "oust")
            if self._by_procedure(perp, target):
                mode, resist = _mode(tok, lex)
                return self._mention("legislative_removal", si, tok, [tok], perp, target, None, mode, resist)
            if not self.is_executive(target):
                return None
            mode, resist = _mode(tok, lex)
            return self._mention("oust", si, tok, [tok], perp, target, None, mode, resist)
        if lemma in lex.resign_nouns and any(c.lemma_.lower() in lex.forced_mods for c in tok.children if c.dep_ == "amod"):
            mode, resist = _mode(tok, lex)
            return self._mention("forced_resignation", si, tok, [tok], self.agent(tok, "forced_resignation"), self.target(tok, True), None, mode, resist)
        return None

    def _forced(self, tok, si: int) -> Optional[_Mention]:
        lex, ctx = self.lex, self.ctx
        perp = None
        target = None
        head = tok.head
        if tok.dep_ == "xcomp" and head.lemma_.lower() in lex.coerce_verbs:
            perp = self.agent(head, "forced_resignation")
            objs = _children(head, "dobj", "nsubjpass")
            target = ctx.actor(objs[0]) if objs else None
        else:
            subj = _children(tok, "nsubj")
            target = ctx.actor(subj[0]) if subj else None
            sent = self.state.sents[si]
            for t in sent:
                if t.lemma_.lower() in lex.coerce_nouns and t.pos_ == "NOUN":
                    # "after the army gave him an ultimatum", "under pressure from the army"
                    for c in t.children:
                        if c.dep_ == "prep" and c.lower_ in ("from", "by"):
                            p = next((x for x in c.children if x.dep_ == "pobj"), None)
                            if p is not None:
                                perp = ctx.actor(p)
                    if perp is None and t.head.pos_ == "VERB" and t.dep_ in ("dobj", "pobj"):
                        perp = ctx._subject(t.head if t.dep_ == "dobj" else t.head.head)
                    if perp is not None:
                        break
        if perp is None or (target is not None and perp.key == target.key) or perp.role in lex.not_forcing_roles:
            return None
        if target is not None and target.role not in ("executive", None):
            return None
        mode, resist = _mode(tok, lex)
        return self._mention("forced_resignation", si, tok, [tok], perp, target, None, mode, resist)


# ----------------------------------------------------------------- episodes


def _episodes(mentions: list[_Mention]) -> list[_Episode]:
    eps: list[_Episode] = []
    pending_emergency = []
    # indexes kept as mentions are added (lookups by key, target, sentence and family, not scans)
    by_key: dict[str, int] = {}
    by_target: dict[str, list[int]] = {}
    by_sent: dict[int, list[int]] = {}
    by_family: dict[str, list[int]] = {}
    # actions with a perpetrator first, so that "the removal of X" joins whoever removed X
    ordered = [m for m in mentions if m.perp is not None] + [m for m in mentions if m.perp is None]
    for m in ordered:
        if m.family == "emergency":
            pending_emergency.append(m)
            continue
        if m.perp is not None and m.target is not None and m.perp.key == m.target.key and m.perp.role:
            # soldiers against a junta: same role, different actors
            m.perp.key = f"{m.perp.role}:{m.perp.text.lower()}"
        key = m.perp.key if m.perp else None
        pos = None
        if key is not None:
            pos = by_key.get(key)
        else:
            # no perpetrator: the episode with the same target, else the nearest one
            if m.target is not None:
                pos = min((k for k in by_target.get(m.target.key, ()) if eps[k].key != m.target.key), default=None)
            if pos is None:
                # "the seizure of power", "the dissolution of Congress": an earlier action named again
                for d in range(4):
                    near = by_sent.get(m.sent - d, []) + (by_sent.get(m.sent + d, []) if d else [])
                    if near:
                        pos = max(near)
                        break
                if pos is None and by_family.get(m.family):
                    pos = max(by_family[m.family])
        if pos is None:
            eps.append(_Episode(key=key, perp=m.perp))
            pos = len(eps) - 1
            if key is not None:
                by_key.setdefault(key, pos)
        ep = eps[pos]
        if ep.perp is None and m.perp is not None:
            ep.perp, ep.key = m.perp, m.perp.key
            by_key.setdefault(ep.key, pos)
        elif ep.perp is not None and m.perp is not None and ep.perp.role is None and m.perp.role is not None:
            ep.perp = m.perp
        ep.mentions.append(m)
        if m.target is not None and pos not in by_target.setdefault(m.target.key, []):
            by_target[m.target.key].append(pos)
        if pos not in by_sent.setdefault(m.sent, []):
            by_sent[m.sent].append(pos)
        if pos not in by_family.setdefault(m.family, []):
            by_family[m.family].append(pos)
    for m in pending_emergency:
        key = m.perp.key if m.perp else None
        ep = next((e for e in eps if key is not None and e.key == key), None) or next(
            (e for e in eps if m.sent in e.sentences), None
        )
        if ep is not None:
            ep.mentions.append(m)
    for e in eps:
        e.mentions.sort(key=lambda x: (x.sent, x.trigger.i))
    # an episode made only of non-acts (demands, threats, hypotheses) is no assessment
    return [e for e in eps if e.acts or any(m.mode == "conspiracy" for m in e.mentions)]


def _perp_role(ep: _Episode) -> Optional[str]:
    roles = [m.perp.role for m in ep.mentions if m.perp and m.perp.role]
    if ep.perp and ep.perp.role:
        return ep.perp.role
    return roles[0] if roles else None


# ----------------------------------------------------------------- attaching evidence


def _token_at(state, si: int, start: Optional[int], text: str):
    """The token of sentence ``si`` where a label (offsets ``start``...) sits."""
    sent = state.sents[si]
    low = text.lower()
    stext = sent.text.lower()
    pos = stext.find(low)
    best = None
    while pos >= 0:
        ns = sent.start_char + pos
        span = state.doc.char_span(ns, ns + len(low), alignment_mode="expand")
        if span is not None:
            if start is None or ns == start:
                return span[-1]
            best = best or span[-1]
        pos = stext.find(low, pos + 1)
    return best


def _labels(state, lex: _Lex, ctx: _Context) -> tuple[list[_Label], list]:
    """Coup-family labels (framing's first, then the fallback scan) and the
    framing labels of every family (for the actors' labels)."""
    out: list[_Label] = []
    framing = list(state.framing.labels) if state.framing is not None else []
    covered: dict[int, list[tuple[int, int]]] = {}  # sentence -> character ranges framing labelled
    for fl in framing:
        if fl.sentence_index is None or not lex.label_family_re.search(fl.label):
            continue
        tok = _token_at(state, fl.sentence_index, fl.start, state.text[fl.start : fl.end] if fl.start is not None and fl.end is not None else fl.label)
        if tok is None:
            continue
        out.append(_Label(label=fl.label, used_by=fl.used_by, sent=fl.sentence_index, token=tok, start=fl.start, end=fl.end, target=fl.target, from_framing=True))
        covered.setdefault(fl.sentence_index, []).append((fl.start if fl.start is not None else -1, fl.end if fl.end is not None else -1))
    for mt in lex.fallback_re.finditer(ctx.text):
        ns, ne = mt.start(), mt.end()
        toks0 = state.doc.char_span(ns, ne, alignment_mode="expand")
        si = ctx.sent_of.get(toks0.start) if toks0 is not None else None
        if si is None or si in ctx.headings:
            continue
        span = state.span(ns, ne)
        if any(a < 0 or (a < span.end and span.start < b) for a, b in covered.get(si, ())):
            continue
        toks = state.doc.char_span(ns, ne, alignment_mode="expand")
        if toks is None:
            continue
        tok = toks[-1]
        # with the words that qualify it: "palace coup", "parliamentary coup", "foreign-backed coup"
        first = toks[0]
        mods = [c for c in tok.lefts if c.dep_ in ("amod", "compound", "nmod") and c.i < first.i]
        if mods:
            lo = min(c.left_edge.i for c in mods)
            if first.i - lo <= 4 and all(not state.doc[k].is_punct or state.doc[k].text == "-" for k in range(lo, first.i)):
                span = state.span(state.doc[lo].idx, ne)
        out.append(_Label(label=span.text.lower(), used_by=ctx.used_by(tok, si), sent=si, token=tok, start=span.start, end=span.end))
    return out, framing


def _nearest(eps: list[_Episode], si: int, back: int = 3, families: Optional[set[str]] = None) -> Optional[_Episode]:
    best, dist = None, None
    for e in eps:
        if families is not None and not (e.families() & families or {m.family for m in e.mentions} & families):
            continue
        sents = e.sorted_sentences()
        k = bisect.bisect_right(sents, si)  # the last sentence of the episode at or before si
        if k:
            d = si - sents[k - 1]
            if d <= back and (dist is None or d < dist):
                best, dist = e, d
    return best


def _attach_labels(labels: list[_Label], eps: list[_Episode], lex: _Lex, ctx: _Context) -> None:
    loose: list[_Label] = []
    episode_at = {t.i: e for e in reversed(eps) for m in e.mentions for t in m.tokens}  # token -> episode, built once
    eps_in_sent: dict[int, list[_Episode]] = {}
    for e in eps:
        for m in e.mentions:
            lst = eps_in_sent.setdefault(m.sent, [])
            if e not in lst:
                lst.append(e)
    for lb in labels:
        tok = lb.token
        if tok is not None and _denied(tok):
            continue  # "the protests were not a coup": a denial, not a use of the label
        # 1. the label is part of an action ("stage a coup")
        ep = episode_at.get(tok.i)
        if ep is None:
            # 2. "the coup perpetrated by X", "X's coup", "a coup by X"
            ep = _label_by_agent(tok, eps, ctx)
        if ep is None:
            # 3. the label names something: "called the protests a coup", "the vote was a coup", "the coup attempt failed"
            ep = _label_by_named(lb, tok, eps, lex, ctx)
        if ep is None:
            # 4. the only episode acting in that sentence; a self-coup word names only
            # an executive's act against the other branches
            here = eps_in_sent.get(lb.sent, [])
            if lex.self_coup_re.search(lb.label):
                execs = [e for e in here or (_nearest(eps, lb.sent, back=3),) if e is not None and _perp_role(e) == "executive" and "against_branches" in e.families()]
                ep = execs[0] if len(execs) == 1 else None
            elif len(here) == 1:
                ep = here[0]
        if ep is None:
            loose.append(lb)
            continue
        if lb.target is None:
            lb.target = ep.perp.text if ep.perp else None
        ep.labels.append(lb)
    # a source calling something a coup with no act to attach the word to: a label-only record
    kept = [
        lb for lb in loose
        if lb.coup_family and not _generic_or_denied(lb, lex) and not ctx.state.sents[lb.sent].text.rstrip().endswith("?")  # a question labels nothing
    ]
    if kept:
        eps.append(_Episode(labels=kept, referent="label", referent_sent=kept[0].sent))


def _label_by_agent(tok, eps: list[_Episode], ctx: _Context) -> Optional[_Episode]:
    """The episode of the agent a label names: "the coup perpetrated by X", "X's coup", "a coup by X"."""
    who = None
    for c in tok.children:
        if c.dep_ == "poss":
            who = ctx.actor(c)
        elif c.dep_ == "prep" and c.lower_ == "by" or c.dep_ == "acl":
            for x in c.subtree:
                if x.dep_ == "pobj" and x.head.lower_ == "by":
                    who = ctx.actor(x)
                    break
        if who:
            break
    if who is None:
        return None
    ep = next((e for e in eps if e.key == who.key), None)
    if ep is None and who.role:
        ep = next((e for e in eps if _perp_role(e) == who.role), None)
    return ep


def _label_by_named(lb: _Label, tok, eps: list[_Episode], lex: _Lex, ctx: _Context) -> Optional[_Episode]:
    """The episode of what a label names: "called the protests a coup" (a protest episode is made
    when none exists), "the vote was a coup", "the coup attempt failed"."""
    ep = None
    named = None
    if tok.dep_ in ("oprd", "attr", "pobj") and tok.head.pos_ in ("VERB", "AUX", "ADP"):
        verb = tok.head if tok.head.pos_ != "ADP" else tok.head.head
        order = ("dobj", "nsubjpass") if tok.dep_ == "oprd" or tok.head.pos_ == "ADP" else ("nsubj", "nsubjpass", "dobj")
        for dep in order:
            named = next((c for c in verb.children if c.dep_ == dep and c.i != tok.i), None)
            if named is not None:
                break
    elif tok.dep_ == "appos":
        named = tok.head
    elif tok.dep_ == "compound":
        named = tok.head
    if named is not None:
        nl = named.lemma_.lower()
        low = named.lower_
        if nl in lex.referents["protest"] or low in lex.referents["protest"]:
            ep = next((e for e in eps if e.referent == "protest" and abs((e.referent_sent or 0) - lb.sent) <= 2), None)
            if ep is None:
                # the sentence that describes the protest (the label's, or one just before it)
                described = lb.sent
                for j in range(max(0, lb.sent - 3), lb.sent):
                    sj = ctx.state.sents[j]
                    if any(ctx.lemmas[k] in lex.referents["protest"] or ctx.lemmas[k] in lex.protest_verbs for k in range(sj.start, sj.end)):
                        described = j
                        break
                ep = _Episode(key="protesters", perp=_Actor(text=ctx.phrase_text(named), key="protesters", role="protesters", i=named.i), referent="protest", referent_sent=described)
                eps.append(ep)
        elif nl in lex.referents["procedure"] or low in lex.referents["procedure"]:
            ep = _nearest(eps, lb.sent, families={"procedure"}) or _nearest(eps, lb.sent)
        elif nl in lex.referents["episode"] or low in lex.referents["episode"] or low in lex.this_refs:
            ep = _nearest(eps, lb.sent)
        else:
            who = ctx.actor(named)
            if who is not None:
                ep = next((e for e in eps if e.key == who.key), None)
    return ep


def _generic_or_denied(lb: _Label, lex: _Lex) -> bool:
    """'coups have shaken the region' (no particular act), 'this was not a coup' (a denial)."""
    if lb.label.lower().split()[-1:] and lb.label.lower().split()[-1] in lex.generic_labels:
        return True
    tok = lb.token
    if tok is None:
        return False
    return tok.tag_ in ("NNS", "NNPS") or _denied(tok)


def _denied(tok) -> bool:
    """The label word or the words it hangs from carry a negation or a denial
    ("not a coup", "dismissing rumours of a coup")."""
    lex = _lexicon()
    denial = lex.cue["denial"] - lex.denial_exc  # "rejected the coup" resists it, it does not deny the word
    cur = tok
    for _ in range(4):
        if any(c.dep_ == "neg" for c in cur.children):
            return True
        if cur is not tok and cur.pos_ == "VERB" and cur.lemma_.lower() in denial:
            return True
        if cur.head is cur:
            break
        cur = cur.head
    return False


def _attach_context(state, eps: list[_Episode], lex: _Lex, ctx: _Context) -> None:
    """Resistance, failure, support, arrests, legality, hold on power, foreign backing."""
    if not eps:
        return
    by_key = {e.key: e for e in eps if e.key}
    for e in eps:
        for m in e.mentions:
            if m.resist_verb is not None:
                e.resistance.append((m.sent, m.resisted_by, m.resist_verb))
    first_sent = min(min(e.sentences) for e in eps if e.sentences)
    sworn_by_sent = _attach_cues(state, eps, by_key, lex, ctx, first_sent)
    _attach_hold(state, eps, by_key, lex, ctx, first_sent, sworn_by_sent)
    _attach_legality(state, eps, lex, ctx)
    _attach_foreign(state, eps, lex, ctx)


def _owner(tok, si: int, eps: list[_Episode], by_key: dict, lex: _Lex, ctx: _Context) -> Optional[_Episode]:
    """The episode a noun refers to: 'his moves', 'the coup attempt', 'the officers'."""
    if tok is None:
        return None
    lemma = tok.lemma_.lower()
    for c in tok.children:
        if c.dep_ == "poss":
            a = ctx.actor(c)
            if a and a.key in by_key:
                return by_key[a.key]
    if lemma in lex.referents["episode"] or lemma in lex.coup_objs or "coup" in _lemmas(tok):
        return _nearest(eps, si, back=3)
    a = ctx.actor(tok)
    if a is not None and a.key in by_key:
        return by_key[a.key]
    return None


def _attach_cues(state, eps: list[_Episode], by_key: dict, lex: _Lex, ctx: _Context, first_sent: int) -> dict[int, object]:
    """Resistance, failure, support and lost power read from the context verbs after the first
    act; returns the "sworn in" verbs by sentence (for the hold on power)."""
    doc = state.doc
    sworn_by_sent: dict[int, object] = {}
    for ti in ctx.context_at:
        si = ctx.sent_of.get(ti)
        if si is None or si < first_sent:
            continue
        tok = doc[ti]
        if tok.pos_ != "VERB":
            continue
        lemma = ctx.lemmas[ti]
        if lemma in lex.cue["sworn_in"]:
            sworn_by_sent.setdefault(si, tok)
        if lemma in lex.cue["lost_power"] or lemma in lex.oust_verbs:
            # "he was removed from office and arrested": the perpetrator lost power (a passive
            # conjunct shares its subject)
            held = _children(tok, "dobj", "nsubjpass")
            if not held and tok.dep_ == "conj" and tok.tag_ == "VBN":
                held = _children(tok.head, "nsubjpass")
            if held:
                a = ctx.actor(held[0])
                e = by_key.get(a.key) if a is not None else None
                if e is not None and si not in e.lost_power:
                    e.lost_power.append(si)
            if not (lemma in lex.cue["resistance"] or lemma in lex.cue["failure"] or lemma in lex.cue["support"]):
                continue
        if lemma in lex.cue["resistance"] or lemma in lex.cue["failure"] or lemma in lex.cue["support"]:
            objs = _children(tok, "dobj", "nsubjpass")
            subj = _children(tok, "nsubj")
            if lemma in lex.cue["failure"]:
                e = _owner(subj[0], si, eps, by_key, lex, ctx) if subj else None
                if e is not None and not any(r[0] == si for r in e.resistance):
                    e.resistance.append((si, None, lemma))
                continue
            e = _owner(objs[0], si, eps, by_key, lex, ctx) if objs else None
            if e is None and not objs and lemma in lex.cue["resistance"]:
                # "the armed forces refused to obey": state actors refusing, with no object, resist
                # the act told in the same sentence
                who = ctx._subject(tok)
                if who is not None and who.role in lex.state_roles:
                    here = [x for x in eps if any(m.sent == si for m in x.mentions) and x.key != who.key]
                    e = here[0] if len(here) == 1 else None
            if e is None:
                continue
            actor = ctx._subject(tok)
            if lemma in lex.cue["lost_power"]:
                if objs and ctx.actor(objs[0]) and ctx.actor(objs[0]).key == e.key:
                    e.lost_power.append(si)
            elif lemma in lex.cue["support"]:
                e.support.append((si, actor))
            elif not any(r[0] == si for r in e.resistance):
                e.resistance.append((si, actor, lemma))
    return sworn_by_sent


def _attach_hold(state, eps: list[_Episode], by_key: dict, lex: _Lex, ctx: _Context, first_sent: int, sworn_by_sent: dict) -> None:
    """Hold on power: "sworn in", "remains in power"."""
    hold_sents: dict[int, object] = {}
    for mt in lex.hold_re.finditer(ctx.text):
        si = state.sentence_at(mt.start())
        if si is not None and si >= first_sent:
            hold_sents.setdefault(si, mt)
    for si in sorted(set(hold_sents) | set(sworn_by_sent)):
        sent = state.sents[si]
        text = sent.text
        hold = hold_sents.get(si)
        sworn = sworn_by_sent.get(si)
        e = None
        if sworn is not None:
            subj = _children(sworn, "nsubjpass", "nsubj")
            a = ctx.actor(subj[0]) if subj else None
            if a is not None:
                e = by_key.get(a.key) or next((x for x in eps if a.role and _perp_role(x) == a.role), None)
        if e is None and hold:
            anchor = state.doc.char_span(hold.start(), hold.end(), alignment_mode="expand")
            subj = None
            if anchor is not None:
                v = anchor.root
                subj = ctx._subject(v) if v.pos_ in ("VERB", "AUX") else None
            if subj is not None:
                e = by_key.get(subj.key) or next((x for x in eps if subj.role and _perp_role(x) == subj.role), None)
        if e is None and hold:
            # "Two weeks after the takeover, the council remains in control"
            near = _nearest(eps, si, back=3)
            if near is not None and any(ctx.lemmas[k] in lex.referent_lemmas for k in range(sent.start, sent.end)):
                e = near
        if e is not None and si >= min(e.sentences):
            e.hold.append((si, bool(lex.duration_re.search(text))))


def _attach_legality(state, eps: list[_Episode], lex: _Lex, ctx: _Context) -> None:
    """Legality stated in the episode's sentences, or just after them about "the vote", "the move" ..."""
    legal_hits: dict[int, list] = {}
    for illegal, rx in ((True, lex.illegal_re), (False, lex.legal_re)):
        for mt in rx.finditer(ctx.text):
            si = state.sentence_at(mt.start())
            if si is not None:
                legal_hits.setdefault(si, []).append((illegal, mt))
    for si, hits in sorted(legal_hits.items()):
        sent = state.sents[si]
        e = next((x for x in eps if si in x.sentences), None)
        if e is None:
            near = _nearest(eps, si, back=2)
            if near is not None and any(
                ctx.lemmas[k] in lex.referents["procedure"] or ctx.lemmas[k] in lex.referents["episode"] or ctx.lemmas[k] == near.key or ctx.lemmas[k] in lex.procedure_words
                for k in range(sent.start, sent.end)
            ):
                e = near
        if e is None:
            continue
        for illegal, mt in hits:
            span = state.doc.char_span(mt.start(), mt.end(), alignment_mode="expand")
            who = ctx.speaker_of(span[0]) if span is not None else None
            if who is None:
                att = state.attributions.get(si)
                who = att.speaker if att is not None and att.kind != "author" else None
            e.legality.append((si, illegal, who, mt.group(0)))


def _attach_foreign(state, eps: list[_Episode], lex: _Lex, ctx: _Context) -> None:
    """Foreign backing claims, with who makes them."""
    home = _home_country(state)
    ep_sents = set().union(*(e.sentences for e in eps))
    for si in sorted(ep_sents):
        sent = state.sents[si]
        text = sent.text
        mt = lex.foreign_re.search(text)
        anchor = None
        if mt:
            span = state.doc.char_span(sent.start_char + mt.start(), sent.start_char + mt.end(), alignment_mode="expand")
            anchor = span[0] if span is not None else None
            phrase = mt.group(0)
        else:
            anchor, phrase = _foreign_by_parse(sent, lex, home)
        if anchor is None:
            continue
        e = next((x for x in eps if si in x.sentences), None)
        if e is None:
            continue
        who = ctx.used_by(anchor, si)
        for lb in e.coup_labels:  # say it the way the label's user is named, when it is the same person
            if lb.sent == si and lb.used_by != who and (lb.used_by in who or who in lb.used_by):
                who = lb.used_by if len(lb.used_by) >= len(who) else who
        e.foreign.append((si, who, phrase))


def _home_country(state) -> Optional[str]:
    counts: dict[str, int] = {}
    for ent in state.entities:
        if ent.label == "GPE":
            counts[ent.text] = counts.get(ent.text, 0) + 1
    return max(counts, key=counts.get) if counts else None


def _foreign_by_parse(sent, lex: _Lex, home: Optional[str]):
    """'backed by Washington', 'funded from abroad', 'in concert with the US'."""
    for tok in sent:
        if tok.lemma_.lower() in lex.cue["foreign_backing_verbs"] and tok.pos_ == "VERB":
            for c in tok.children:
                if c.dep_ in ("agent", "prep") and c.lower_ in ("by", "from"):
                    for x in c.subtree:
                        if x.lower_ in lex.cue["foreign_words"] or (x.ent_type_ in ("GPE", "NORP") and home and x.text not in home and home not in x.text):
                            return tok, sent.doc[tok.i : c.right_edge.i + 1].text
    mt = lex.concert_re.search(sent.text)
    if mt:
        span = sent.doc.char_span(sent.start_char + mt.start(), sent.start_char + mt.end(), alignment_mode="expand")
        if span is not None:
            tail = sent.doc[span.end : min(span.end + 8, sent.end)]
            if any(x.lower_ in lex.cue["foreign_words"] or (x.ent_type_ in ("GPE", "NORP", "ORG") and home and x.text not in home) for x in tail):
                return span[0], sent.doc[span.start : tail.end].text
    return None, None


# ----------------------------------------------------------------- assessment


def _rule_holds(when: dict, facts: dict) -> bool:
    """Whether every condition of a codebook rule holds for the facts of an episode.

    ``<fact>``: true/false; ``<fact>_in``: the value is one of a list; ``<fact>_any``:
    the fact's set meets the list; ``<fact>_subset``: the fact's set lies inside it."""
    for cond, want in when.items():
        if cond.endswith("_in"):
            if facts[cond[:-3]] not in want:
                return False
        elif cond.endswith("_any"):
            if not set(facts[cond[:-4]]) & set(want):
                return False
        elif cond.endswith("_subset"):
            if not set(facts[cond[:-7]]) <= set(want):
                return False
        elif bool(facts[cond]) != bool(want):
            return False
    return True


def _first_rule(rules: list[dict], facts: dict) -> Optional[dict]:
    """The first rule of an ordered codebook table whose conditions all hold."""
    return next((r for r in rules if _rule_holds(r["when"], facts)), None)


def _facts(ep: _Episode, lex: _Lex, illegal: Optional[bool], foreign_stated: bool, removed: set[str]) -> dict:
    """What the assessment tables of the codebook are read against."""
    acts = ep.acts
    role = _perp_role(ep)
    targets = [m.target for m in ep.mentions if m.target is not None]
    return {
        "acts": bool(acts),
        "conspiracy": any(m.mode == "conspiracy" for m in ep.mentions),
        "perpetrator": ep.perp is not None,
        "referent": ep.referent,
        "role": role,
        "families": ep.families(),
        "kinds": {m.kind for m in acts},
        "modes": {m.mode for m in acts},
        "illegal_stated": illegal is True,
        "resisted": bool(ep.resistance),
        "perpetrator_lost_power": bool(ep.lost_power) or (ep.key is not None and ep.key in removed),
        "held": bool(ep.hold),
        "foreign_stated": foreign_stated,
        "target_counter": any(_lemmas_text(t.text) & lex.counter_targets for t in targets),
        "labelled": bool(ep.coup_labels),
    }


def _type_and_outcome(ep: _Episode, lex: _Lex, illegal: Optional[bool], foreign_stated: bool, removed: Optional[set[str]] = None) -> tuple[Optional[str], str, str]:
    """(type, outcome, reason), read from the ordered tables of the codebook
    (``assessment_rules``): first the reasons an episode is not a coup, then its
    outcome, then its type."""
    facts = _facts(ep, lex, illegal, foreign_stated, removed or set())
    rules = lex.assessment
    no = _first_rule(rules["not_a_coup"], facts)
    if no is not None:
        return None, "not_a_coup", no["reason"]
    outcome = _first_rule(rules["outcomes"], facts)["outcome"]
    typ = _first_rule(rules["types"], facts)["type"]
    return typ, outcome, "coup"


def _lemmas_text(text: str) -> set[str]:
    low = text.lower()
    words = set(re.findall(r"[\w-]+", low))
    return words | {low}


def _by_weight(acts: list[_Mention]) -> list[_Mention]:
    """Actions in the order their sentences make the best evidence: procedures
    (the vote itself) first, then what the author states, then what a source
    reports, earlier sentences first; labels-as-actions ("staged a coup") last."""
    has_proc = any(m.family == "procedure" for m in acts)
    return sorted(
        acts,
        key=lambda m: (
            0 if (has_proc and m.kind == "removal_vote") else 1 if (has_proc and m.family == "procedure") else 2,
            m.kind in ("coup_event", "state_of_emergency"),
            m.speaker is not None,
            m.sent,
        ),
    )


def _label_note(ep: _Episode, lex: _Lex) -> Optional[str]:
    if not ep.coup_labels:
        return None
    seen = []
    for lb in ep.coup_labels:
        s = _part(lex, "label_use", label=lb.label, user=lex.parts["author"] if lb.used_by == "author" else lb.used_by, sent=lb.sent)
        if s not in seen:
            seen.append(s)
    return "; ".join(seen)


def _according(m: _Mention, lex: Optional[_Lex] = None) -> str:
    return _part(lex or _lexicon(), "according", speaker=m.speaker) if m.speaker else ""


def _case(lex: _Lex, cid: str, case: str, evidence: Optional[Evidence], **fields) -> Criterion:
    """A criterion row from the codebook's case table: whether the case meets the
    criterion (true/false/null) and its note template, filled with ``fields``."""
    c = lex.criteria[cid]["cases"][case]
    return Criterion(name=lex.criteria[cid]["name"], description=lex.described[cid], met=c["met"], evidence=evidence, note=c["note"].format(**fields))


def _part(lex: _Lex, name: str, **fields) -> str:
    return lex.parts[name].format(**fields)


def _assess_episode(state, ep: _Episode, lex: _Lex, ctx: _Context, removed: Optional[set[str]] = None) -> Optional[CoupAssessment]:
    """One episode's assessment: each criterion in turn (the cases are codebook tables), then the
    type and outcome the ordered rules give, the labels, the linked events and the summary."""
    ev = state.evidence
    acts = ep.acts
    role = _perp_role(ep)
    perp_text = ep.perp.text if ep.perp else None
    first = _by_weight(acts)[0] if acts else (min(ep.mentions, key=lambda m: m.sent) if ep.mentions else None)
    label_note = _label_note(ep, lex)
    label_sent = ep.coup_labels[0].sent if ep.coup_labels else None
    according = lambda m: _according(m, lex)  # noqa: E731

    c_illegal, illegal = _crit_illegal(ep, lex, ev, label_note, label_sent)
    c_foreign, foreign_stated = _crit_foreign(state, ep, lex, ev)
    typ, outcome, reason = _type_and_outcome(ep, lex, illegal, foreign_stated, removed)
    if reason in ("no_action", "no_perpetrator", "protest") and not ep.coup_labels:
        return None
    if outcome == "not_a_coup":
        typ = None
    criteria = [
        c_illegal,
        _crit_overt(ep, acts, outcome, first, lex, ev, according),
        _crit_elites(ep, acts, role, perp_text, label_sent, lex, ev),
        _crit_target(ep, acts, role, first, lex, ev, according),
        _crit_held(state, ep, outcome, first, lex, ev),
    ]
    c_branches = _crit_branches(acts, typ, role, perp_text, lex, ev, according)
    if c_branches is not None:
        criteria.append(c_branches)
    c_proc = _crit_procedure(ep, acts, illegal, lex, ev, according)
    if c_proc is not None:
        criteria.append(c_proc)
    criteria.append(c_foreign)

    # --- labels
    labels = _dedupe([UsedLabel(label=lb.label, used_by=lb.used_by, target=lb.target, start=lb.start, end=lb.end, sentence_index=lb.sent if lb.sent >= 0 else None) for lb in ep.labels])

    # --- linked events
    event_ids = _link_events(state, ep, ctx)

    summary = _summary(ep, typ, outcome, reason, lex, perp_text)
    return CoupAssessment(
        event_ids=event_ids,
        type=typ,
        outcome=outcome,
        criteria=criteria,
        labels=labels,
        summary=summary,
        codebook=f"{CODEBOOK}-{lex.version}",
    )


def _crit_illegal(ep: _Episode, lex: _Lex, ev, label_note: Optional[str], label_sent: Optional[int]) -> tuple[Criterion, Optional[bool]]:
    """Illegal: only the text's own statement counts; a source's word or a label does not."""
    author_illegal = [x for x in ep.legality if x[1] and x[2] is None]
    author_legal = [x for x in ep.legality if not x[1] and x[2] is None]
    attributed = [x for x in ep.legality if x[2] is not None]
    illegal: Optional[bool] = None
    if author_illegal:
        s, _, _, ph = author_illegal[0]
        illegal = True
        c_illegal = _case(lex, "illegal", "stated_illegal", ev(s), phrase=ph)
    elif author_legal:
        s, _, _, ph = author_legal[0]
        illegal = False
        c_illegal = _case(lex, "illegal", "stated_legal", ev(s), phrase=ph)
    elif attributed:
        s, ill, who, ph = attributed[0]
        c_illegal = _case(lex, "illegal", "attributed_illegal" if ill else "attributed_lawful", ev(s), phrase=ph, who=who, labels=f"; {label_note}" if label_note else "")
    elif label_note:
        c_illegal = _case(lex, "illegal", "labelled_only", ev(label_sent), labels=label_note)
    else:
        c_illegal = _case(lex, "illegal", "not_stated", None)
    return c_illegal, illegal


def _crit_foreign(state, ep: _Episode, lex: _Lex, ev) -> tuple[Criterion, bool]:
    """Foreign backing: stated by the author, unhedged, in reporting; else a claim with its user."""
    foreign_stated = False
    if ep.foreign:
        notes = []
        for s, who, ph in ep.foreign:
            sent = state.sentences[s]
            hedged = bool(sent.hedges)
            support = _part(lex, "support_cites", markers=", ".join(f"[{c}]" for c in sent.citations)) if sent.citations else _part(lex, "support_none")
            nxt = state.sents[s + 1].text if s + 1 < len(state.sents) else ""
            if lex.no_evidence_re.search(state.sents[s].text) or lex.no_evidence_re.search(nxt):
                support += _part(lex, "support_denied")
            if who == "author" and not hedged and state.genre != "opinion" and sent.kind not in ("opinion",):
                foreign_stated = True
                notes.append(_part(lex, "foreign_stated", phrase=ph, sent=s, support=support))
            else:
                notes.append(_part(lex, "foreign_claimed", who=who, phrase=ph, sent=s, support=support))
        c_foreign = _case(lex, "foreign_backing", "stated" if foreign_stated else "claimed", ev(ep.foreign[0][0]), claims="; ".join(notes))
    else:
        c_foreign = _case(lex, "foreign_backing", "none", None)
    return c_foreign, foreign_stated


def _crit_overt(ep: _Episode, acts: list, outcome: str, first, lex: _Lex, ev, according) -> Criterion:
    if acts and outcome != "conspiracy":
        c_overt = _case(lex, "overt", "acted", ev(first.sent), according=according(first))
    elif outcome == "conspiracy" and first is not None:
        c_overt = _case(lex, "overt", "plotted", ev(first.sent), according=according(first))
    else:
        c_overt = _case(lex, "overt", "no_act", ev(ep.referent_sent) if ep.referent_sent is not None else None)
    return c_overt


def _crit_elites(ep: _Episode, acts: list, role: Optional[str], perp_text: Optional[str], label_sent: Optional[int], lex: _Lex, ev) -> Criterion:
    """Carried out by state elites (the roles that meet it are the codebook's)."""
    perp_m = next((m for m in _by_weight(acts) if m.perp is not None and m.perp.role and m.perp.key == ep.key), None) or next(
        (m for m in _by_weight(acts) if m.perp is not None and m.perp.role), None) or next((m for m in ep.mentions if m.perp is not None), None)
    if role in lex.state_roles:
        who = perp_m.perp if perp_m else ep.perp
        title = ""
        if who is not None and who.title_sentence is not None and who.title_sentence != (perp_m.sent if perp_m else None):
            title = _part(lex, "title_read", sent=who.title_sentence)
        inferred = _part(lex, "role_inferred") if ep.role_inferred else ""
        c_elites = _case(lex, "state_elites", "elite", ev(perp_m.sent) if perp_m else None, who=who.text if who else perp_text, role=role, title=title, inferred=inferred)
    elif role in lex.outside_roles:
        s = perp_m.sent if perp_m else (ep.referent_sent if ep.referent_sent is not None else label_sent)
        if ep.referent == "protest":
            s = ep.referent_sent
        c_elites = _case(lex, "state_elites", "outside", ev(s) if s is not None else None, who=perp_text, what=lex.parts["outside_roles"][role])
    elif perp_text:
        c_elites = _case(lex, "state_elites", "role_unknown", ev(perp_m.sent) if perp_m else None, who=perp_text)
    else:
        c_elites = _case(lex, "state_elites", "no_perpetrator", ev(perp_m.sent) if perp_m else None)
    return c_elites


def _crit_target(ep: _Episode, acts: list, role: Optional[str], first, lex: _Lex, ev, according) -> Criterion:
    tgt_m = next((m for m in _by_weight(acts) if m.target is not None and m.target.role == "executive" and m.family in ("remove_executive", "procedure")), None)
    seize = next((m for m in _by_weight(acts) if m.kind == "seize_power"), None)
    fams = ep.families()
    if role == "executive" and "against_branches" in fams:
        c_target = _case(lex, "target_executive", "executive_acts", ev(first.sent))
    elif tgt_m is not None:
        c_target = _case(lex, "target_executive", "removal", ev(tgt_m.sent), target=tgt_m.target.text, according=according(tgt_m))
    elif seize is not None:
        c_target = _case(lex, "target_executive", "seizure", ev(seize.sent), according=according(seize))
    elif ep.referent == "protest":
        lbl = ep.coup_labels[0] if ep.coup_labels else None
        aim = None
        if lbl is not None:
            for c in lbl.token.children:
                if c.dep_ == "prep" and c.lower_ in lex.resist_prep:
                    aim = " ".join(x.text for x in c.subtree)
        c_target = _case(lex, "target_executive", "protest", ev(lbl.sent) if lbl else None, aim=_part(lex, "aim", aim=aim, user=lbl.used_by) if aim and lbl is not None else "")
    else:
        c_target = _case(lex, "target_executive", "not_stated", None)
    return c_target


def _crit_held(state, ep: _Episode, outcome: str, first, lex: _Lex, ev) -> Criterion:
    """Held power for a week."""
    if outcome == "attempted" and ep.resistance:
        s, actor, verb = ep.resistance[0]
        c_held = _case(lex, "held_power", "resisted", ev(s), verb=_past(verb), by=_part(lex, "resisted_by", actor=actor.text) if actor is not None else "")
    elif outcome in ("attempted", "conspiracy") and ep.lost_power:
        c_held = _case(lex, "held_power", "arrested", ev(ep.lost_power[0]))
    elif outcome == "attempted":
        c_held = _case(lex, "held_power", "attempted", ev(first.sent) if first else None)
    elif outcome == "conspiracy":
        c_held = _case(lex, "held_power", "plot", ev(first.sent) if first else None)
    elif outcome == "realized" and ep.hold:
        week = [h for h in ep.hold if h[1] or _days_between(state, first.sent, h[0]) >= 7]
        c_held = _case(lex, "held_power", "week", ev(week[0][0])) if week else _case(lex, "held_power", "no_duration", ev(ep.hold[0][0]))
    elif outcome == "realized" and ep.lost_power:
        c_held = _case(lex, "held_power", "arrested_when_unknown", ev(ep.lost_power[0]))
    else:
        c_held = _case(lex, "held_power", "not_stated" if outcome != "not_a_coup" else "not_applicable", None)
    return c_held


def _crit_branches(acts: list, typ: Optional[str], role: Optional[str], perp_text: Optional[str], lex: _Lex, ev, according) -> Optional[Criterion]:
    """Executive against the other branches (auto-coups, or any executive action against branches)."""
    ab = sorted((m for m in acts if m.family == "against_branches"), key=lambda m: (_AB_ORDER.index(m.kind) if m.kind in _AB_ORDER else 9, m.sent))
    if ab and (typ == "auto-coup" or role == "executive"):
        m = ab[0]
        what = lex.summary[m.kind].format(object=m.obj_text or lex.parts["default_object"])
        return _case(lex, "executive_against_branches", "acted", ev(m.sent), who=perp_text, what=what, according=according(m))
    return None


def _crit_procedure(ep: _Episode, acts: list, illegal: Optional[bool], lex: _Lex, ev, according) -> Optional[Criterion]:
    """A removal by constitutional procedure."""
    proc = [m for m in acts if m.family == "procedure"]
    if proc:
        m = next((x for x in proc if x.kind == "removal_vote"), proc[0])
        legal = [x for x in ep.legality if not x[1]]
        who = m.perp.text if m.perp else lex.parts["default_legislature"]
        if legal and legal[0][2] is None:
            c_proc = _case(lex, "constitutional_procedure", "legal_by_text", ev(m.sent), how=_how(m.kind), who=who, phrase=legal[0][3], sent=legal[0][0])
        elif legal:
            c_proc = _case(lex, "constitutional_procedure", "legal_by_source", ev(m.sent), who=who, source=legal[0][2], sent=legal[0][0])
        else:
            c_proc = _case(lex, "constitutional_procedure", "silent", ev(m.sent), how=_how(m.kind), who=who)
        if illegal is True:
            c_proc = _case(lex, "constitutional_procedure", "stated_illegal", ev(m.sent), base=c_proc.note)
        return c_proc.model_copy(update={"note": c_proc.note + according(m)})
    return None


def _days_between(state, s1: int, s2: int) -> int:
    """Days from the first day-precision date of sentence s1 to that of s2 (0 if unknown)."""
    import datetime as dt

    def first_day(si):
        for d in state.dates:
            if d.sentence_index == si and d.value and d.precision == "day":
                try:
                    return dt.date.fromisoformat(d.value[:10])
                except ValueError:
                    continue
        return None

    a, b = first_day(s1), first_day(s2)
    if a is None or b is None:
        return 0
    return (b - a).days


def _past(verb: str) -> str:
    irregular = _lexicon().past_forms
    if verb in irregular:
        return irregular[verb]
    return verb + ("d" if verb.endswith("e") else "ed")


def _dedupe(labels: list[UsedLabel]) -> list[UsedLabel]:
    seen, out = set(), []
    for lb in labels:
        k = (lb.label.lower(), lb.used_by, lb.sentence_index, lb.start)
        if k in seen:
            continue
        seen.add(k)
        out.append(lb)
    return out


def _link_events(state, ep: _Episode, ctx: _Context) -> list[str]:
    """Ids of coded events that are the episode's actions (trigger offsets overlap
    an action's words), the resistance to it, or the arrest of its perpetrators (only the
    events of the episode's sentences are read: every rule below needs one of them)."""
    ids: list[str] = []
    if not state.events:
        return ids
    spans: dict[int, list[tuple[int, int]]] = {}  # sentence -> the actions' character ranges
    for m in ep.mentions:
        lo = min(t.i for t in m.tokens)
        hi = max(t.i for t in m.tokens)
        # widen to the clause: trigger, its objects, and the verb it depends on
        head = m.trigger.head if m.trigger.dep_ in ("xcomp", "acl", "dobj", "pobj") else m.trigger
        lo, hi = min(lo, head.i), max(hi, head.i)
        s, e = state.doc[lo].idx, state.doc[hi].idx + len(state.doc[hi].text)
        spans.setdefault(m.sent, []).append((s, e))
    resist = {(si, verb[:4]) for si, _a, verb in ep.resistance}
    lost = set(ep.lost_power)
    keys = {x for m in ep.mentions for x in ((m.perp.key if m.perp else None),) if x}
    seen: set[str] = set()
    by_sent = ctx.events_by_sentence
    near = set(spans) | {si for si, _v in resist} | lost
    for _k, ev in sorted((x for si in near for x in by_sent.get(si, ())), key=lambda x: x[0]):
        si = ev.evidence.sentence_index
        hit = any(ev.trigger.start < e and s < ev.trigger.end for s, e in spans.get(si, ()))
        if not hit and (si, ev.trigger.text.lower()[:4]) in resist:
            hit = True
        if not hit and si in lost:
            names = " ".join((a.name or a.text).lower() for a in ev.targets)
            hit = any(k in names for k in keys)
        if hit and ev.id not in seen:
            seen.add(ev.id)
            ids.append(ev.id)
    return ids


def _summary(ep: _Episode, typ: Optional[str], outcome: str, reason: str, lex: _Lex, perp_text: Optional[str]) -> str:
    """The one sentence that says why, from the codebook's ``summaries`` templates."""
    S = lex.summaries
    P = S["parts"]
    acts = ep.acts
    who = perp_text or P["unnamed"]
    label_users: list[str] = []
    clabels = ep.coup_labels
    for lb in clabels:
        if lb.used_by not in label_users:
            label_users.append(lb.used_by)
    user_names = [lex.parts["author"] if u == "author" else u for u in label_users]
    labelled = ""
    if clabels:
        names: list[str] = []
        for lb in clabels:
            if lb.label not in names:
                names.append(lb.label)
        labelled = P["labelled"].format(labels=_join([f"“{n}”" for n in names]), users=_join(user_names))
    last = user_names[0].split()[-1] if user_names else ""
    plural = last.endswith("s") and not last.endswith("ss") and (last.islower() or len(user_names[0].split()) == 1)
    one = len(label_users) == 1 and not plural  # "his critics" call, "the author" calls
    call = P["call_one"] if one else P["call_many"]
    users = _join(user_names) if label_users else P["a_source"]
    label = clabels[0].label if clabels else "coup"
    if reason == "protest":
        what = re.sub(r"^(?:" + "|".join(P["leading_determiners"]) + r")\s+", "", who, flags=re.IGNORECASE)
        what = what[:1].upper() + what[1:]
        pron = P["pron_many"] if what.lower().endswith("s") else P["pron_one"]
        at = P["at"].format(sent=clabels[0].sent) if clabels else ""
        return S["protest"].format(what=what, users=users, call=call, label=label, at=at, pron=pron)
    if reason == "procedure":
        m = next((x for x in acts if x.family == "procedure" and x.kind == "removal_vote"), None) or next(x for x in acts if x.family == "procedure")
        tgt = next((x.target.text for x in acts if x.target is not None), P["the_executive"])
        return S["procedure"].format(target=tgt, how=_how(m.kind), who=m.perp.text if m.perp else lex.parts["default_legislature"], sent=m.sent, labelled=labelled)
    if reason == "no_action":
        what = P["what_of"].format(perp=ep.perp.text) if ep.perp is not None else P["the_events"]
        return S["no_action"].format(users=users[:1].upper() + users[1:], call=call, what=what, label=label, sent=clabels[0].sent if clabels else "?")
    if reason == "no_perpetrator":
        m = acts[0] if acts else ep.mentions[0]
        action = lex.summary[m.kind].format(object=m.obj_text or (m.target.text if m.target else P["the_executive"]))
        return S["no_perpetrator"].format(action=action, sent=m.sent, labelled=labelled)
    main = next((m for m in acts if m.family == "against_branches"), None) if typ == "auto-coup" else None
    main = main or next((m for m in acts if m.kind not in ("coup_event", "state_of_emergency")), None) or (acts[0] if acts else ep.mentions[0])
    target = main.target.text if main.target is not None else (main.obj_text or P["the_executive"])
    action = lex.summary[main.kind].format(object=main.obj_text or target)
    if typ == "auto-coup":
        phrases = []
        for m in sorted((x for x in acts if x.family == "against_branches"), key=lambda x: (x.sent, x.trigger.i)):
            ph = lex.summary[m.kind].format(object=m.obj_text or lex.parts["default_object"])
            if ph not in phrases:
                phrases.append(ph)
        action = _join(phrases[:3])
    fields = {"who": who, "action": action, "sent": main.sent, "type": _typ_phrase(typ), "labelled": labelled, "resist": ""}
    if outcome == "attempted":
        if ep.resistance and ep.resistance[0][1] is not None:
            fields["resist"] = P["resisted_by"].format(actor=ep.resistance[0][1].text, verb=_past(ep.resistance[0][2]))
        elif ep.resistance:
            fields["resist"] = P["failed"]
        return S["attempted"].format(**fields)
    if outcome == "conspiracy":
        return S["conspiracy"].format(**fields)
    return S["realized"].format(**fields)


def _how(kind: str) -> str:
    """How a procedure removed the executive, for the notes: 'a vote of', 'impeachment by'."""
    return _lexicon().actions[kind].get("how", _lexicon().actions["legislative_removal"]["how"])


def _typ_phrase(typ: Optional[str]) -> str:
    phrases = _lexicon().summaries["type_phrases"]
    return phrases.get(typ or "", phrases["*"].format(type=typ))


def _join(items: list[str]) -> str:
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + " and " + items[-1]


# ----------------------------------------------------------------- entry point


def assess(state) -> list[CoupAssessment]:
    """Coup assessments for the power-related actions the article describes."""
    if not state.sents:
        return []
    lex = _lexicon()
    ctx = _Context(state, lex)
    finder = _Finder(state, lex, ctx)
    mentions = finder.find()
    for m in mentions:
        who = ctx.speaker_of(m.trigger)
        if who is None:
            att = state.attributions.get(m.sent)
            if att is not None and att.speaker and att.kind != "author":
                who = att.speaker
        if who and m.perp is not None and (m.perp.key in who.lower() or who in (m.perp.text, m.perp.written)):
            who = None  # the perpetrators announcing their own act
        m.speaker = who
    _events_factuality(state, mentions, lex)
    eps = _episodes(mentions)
    labels, framing = _labels(state, lex, ctx)
    _attach_labels(labels, eps, lex, ctx)
    eps = [e for e in eps if e.mentions or e.labels]
    _attach_context(state, eps, lex, ctx)
    _actor_labels(eps, framing, ctx)
    # in reading order of the sentence each assessment rests on
    eps.sort(key=lambda e: (_by_weight(e.acts)[0].sent if e.acts else min(e.sentences, default=0)))
    # a person with no title in the text who dissolves or suspends another branch acts as the executive
    for ep in eps:
        if ep.perp is not None and ep.perp.role is None and "against_branches" in ep.families() and 0 <= ep.perp.i < len(state.doc):
            t = state.doc[ep.perp.i]
            # a person, or a one-word name the model took for an organisation ("Belan" tagged ORG)
            if ctx.lookup_person(t) is not None or (t.pos_ == "PROPN" and t.i in ctx.one_word_ent and t.ent_type_ in ("ORG", "PERSON")):
                ep.perp.role = "executive"
                ep.role_inferred = True
    # persons removed from office by another episode's act: their own act did not take effect
    removed = {m.target.key for e in eps for m in e.acts if m.target is not None and m.family in ("procedure", "remove_executive")}
    out = []
    for ep in eps:
        try:
            a = _assess_episode(state, ep, lex, ctx, removed)
        except Exception as exc:  # a malformed parse must not sink the article: W202 (--strict raises)
            logger.debug("coup assessment failed for an episode", exc_info=True)
            state.partial_failure("episodes", exc)
            continue
        if a is not None:
            out.append(a)
    return out


def _events_factuality(state, mentions: list[_Mention], lex: _Lex) -> None:
    """An action the events stage codes as negated, hypothetical, predicted or threatened
    (same sentence, overlapping trigger) is not an act here either: merely mentioned,
    denied or foreseen events never make an outcome."""
    if not state.events:
        return
    by_sent: dict[int, list] = {}
    for ev in state.events:
        if ev.factuality in lex.fact_modes and ev.evidence is not None:
            by_sent.setdefault(ev.evidence.sentence_index, []).append(ev)
    if not by_sent:
        return
    for m in mentions:
        if m.mode != "asserted" or m.sent not in by_sent:
            continue
        t = m.trigger
        s, e = t.idx, t.idx + len(t.text)
        for ev in by_sent[m.sent]:
            if ev.trigger.start < e and s < ev.trigger.end:
                m.mode = lex.fact_modes[ev.factuality]
                break


def _actor_labels(eps: list[_Episode], framing: list, ctx: _Context) -> None:
    """Framing labels (any family) that name an episode's actors: 'left-wing' for the
    president, 'right-wing' for Congress, kept with who used them."""
    if not framing:
        return
    for ep in eps:
        names = set()
        for m in ep.mentions:
            for a in (m.perp, m.target):
                if a is None:
                    continue
                names.add(a.key)
                if a.text:
                    names.add(a.text.lower())
        names = {n for n in names if n and len(n) > 2}
        have = {(lb.sent, lb.start) for lb in ep.labels}
        for fl in framing:
            if not fl.target or (fl.sentence_index, fl.start) in have:
                continue
            if _names_actor(fl.target, names) and not _coup_family(fl.label):
                ep.labels.append(_Label(label=fl.label, used_by=fl.used_by, sent=fl.sentence_index if fl.sentence_index is not None else -1, token=None, start=fl.start, end=fl.end, target=fl.target, from_framing=True, coup_family=False))
                have.add((fl.sentence_index, fl.start))


def _names_actor(target: str, names: set[str]) -> bool:
    """Whether a label's target is one of the actors (not merely mentions one:
    'supporters of Castillo' and 'pro-Castillo rioters' are other people)."""
    lex = _lexicon()
    t = lex.det_re.sub("", target.strip().lower())
    if " of " in t or lex.others_re.search(t):
        return False
    for n in names:
        n2 = lex.det_re.sub("", n)
        if t == n2 or t.split()[-1:] == n2.split()[-1:]:
            return True
    return False


def _coup_family(label: str) -> bool:
    return bool(_lexicon().label_family_re.search(label))
