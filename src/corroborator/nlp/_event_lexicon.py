"""The compiled trigger lexicon (``codebooks/event_lexicon.json``) and the parse tests its rules use.

A rule is tried against a spaCy token (a verb, or a noun for nominal triggers); the first rule
of a lemma whose conditions all hold decides. Conditions look at the dependency parse only:
objects, subjects, particles, prepositional objects, complements and noun modifiers. Word lists
in conditions are lemmas, ``@class`` word classes from the lexicon, ``@ent:LABEL`` entity labels
or ``@event_noun`` (any noun trigger of the lexicon).

Pronoun and relative-pronoun subjects/objects are matched through a cheap stand-in chosen by
``events.extract`` (the nearest earlier noun of the right number), so that "they seized
airports" after "supporters unleashed violence" reads as a crowd.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Callable, Optional

from ..lexicons import codebook


def rule_words(name: str) -> frozenset:
    """A word list of the event_rules codebook (each list there notes where it comes from)."""
    return frozenset(codebook.load("event_rules")["word_sets"][name]["words"])


_rule_words = rule_words
PRONOUNS = _rule_words("pronouns")
REL_PRONOUNS = _rule_words("rel_pronouns")
PARTICLE_ADVS = _rule_words("particle_advs")
PARTICLE_PREPS = _rule_words("particle_preps")
FORCE_PARTICLES = _rule_words("force_particles")
QUANTITY_HEADS = _rule_words("quantity_heads")
NO_PREP_ON_PREPS = _rule_words("no_prep_on_preps")
INFLECTION_SUFFIXES = tuple(sorted(_rule_words("inflection_suffixes")))  # for str.endswith
SUBJ_DEPS = ("nsubj", "csubj")
OBJ_DEPS = ("dobj", "dative", "obj")


@dataclass(frozen=True)
class WordSpec:
    """A compiled word list: lemmas, class names, entity labels, and whether any event noun matches."""

    words: frozenset
    any_word: bool = False
    ent_labels: frozenset = frozenset()
    event_noun: bool = False
    propn: bool = False  # any proper noun that is not a place (names the parser's NER missed)

    def match(self, tok, lex: "Lexicon") -> bool:
        if self.any_word:
            return True
        lem = tok.lemma_.lower()
        low = tok.lower_
        if lem in self.words or low in self.words:
            return True
        if low.endswith("s") and low[:-1] in self.words:
            return True
        if self.ent_labels and tok.ent_type_ in self.ent_labels:
            return True
        if self.event_noun and (lem in lex.nouns or low in lex.nouns):
            return True
        if self.propn and tok.pos_ == "PROPN" and tok.ent_type_ not in ("GPE", "LOC", "FAC", "DATE", "TIME", "NORP"):
            return True
        return False


@dataclass(frozen=True)
class Rule:
    type: Optional[str]  # PLOVER type, "@NOUN", "@COMPLEMENT"; None when skip
    mode: Optional[str] = None
    acled: Optional[str] = None
    conds: tuple = ()
    conf: float = 0.85
    speech: bool = False
    cites: bool = False
    by_complement: Optional[str] = None
    fact: Optional[str] = None
    eventive: bool = False
    span_obj: bool = False
    span_prep: bool = False
    skip: bool = False
    legal: bool = False  # an arrest/charge/conviction: its "for ..." phrase is the alleged offence, not an event


@dataclass(frozen=True)
class Lexicon:
    version: str
    verbs: dict
    nouns: dict
    adjectives: dict
    light: dict
    sets: dict
    request_modes: tuple
    threaten_modes: dict
    acled_codes: dict
    classes: dict
    irregular: dict
    all_keys: frozenset = frozenset()


def _compile_spec(items, classes: dict) -> WordSpec:
    if items == "*":
        return WordSpec(frozenset(), any_word=True)
    words: set = set()
    labels: set = set()
    event_noun = False
    propn = False
    for it in items:
        if it == "@event_noun":
            event_noun = True
        elif it == "@propn":
            propn = True
        elif it.startswith("@ent:"):
            labels.add(it[5:])
        elif it.startswith("@"):
            words |= classes[it[1:]]
        else:
            words.add(it.lower())
    return WordSpec(frozenset(words), False, frozenset(labels), event_noun, propn)


def _compile_rule(raw: dict, classes: dict) -> Rule:
    conds = []
    for name, value in (raw.get("if") or {}).items():
        if name == "prep":
            value = tuple((p, _compile_spec(v, classes)) for p, v in value.items())
        elif isinstance(value, list):
            value = _compile_spec(value, classes)
        conds.append((name, value))
    return Rule(
        type=None if raw.get("skip") else raw.get("type"),
        mode=raw.get("mode"),
        acled=raw.get("acled"),
        conds=tuple(conds),
        conf=float(raw.get("conf", 0.85)),
        speech=bool(raw.get("speech")),
        cites=bool(raw.get("cites")),
        by_complement=raw.get("by_complement"),
        fact=raw.get("fact"),
        eventive=bool(raw.get("eventive")),
        span_obj=bool(raw.get("span_obj")),
        span_prep=bool(raw.get("span_prep")),
        skip=bool(raw.get("skip")),
        legal=bool(raw.get("legal")),
    )


@functools.lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    data = codebook.load("event_lexicon")
    classes = {k: frozenset(w.lower() for w in v) for k, v in data["classes"].items()}
    verbs = {k: tuple(_compile_rule(r, classes) for r in rules) for k, rules in data["verbs"].items()}
    nouns = {k: tuple(_compile_rule(r, classes) for r in rules) for k, rules in data["nouns"].items()}
    adjectives = {k: tuple(_compile_rule(r, classes) for r in rules) for k, rules in data.get("adjectives", {}).items()}
    sets = {}
    for key in (
        "eventive_predicates", "consequence_verbs", "quantity_heads", "generic_heads", "irrealis_nouns", "attempt_nouns",
        "future_heads", "deontic", "territory_verbs", "regain_verbs", "arrest_lemmas", "loot_lemmas",
    ):
        sets[key] = frozenset(data[key])
    request_modes = tuple((mode, frozenset(words)) for mode, words in data["request_modes"].items())
    acled_codes = {k: tuple(v) for k, v in data["acled_codes"].items()}
    return Lexicon(
        version=data["version"],
        verbs=verbs,
        nouns=nouns,
        adjectives=adjectives,
        light=dict(data["light_verbs"]),
        sets=sets,
        request_modes=request_modes,
        threaten_modes=dict(data["threaten_modes"]),
        acled_codes=acled_codes,
        classes=classes,
        irregular=dict(data.get("irregular_forms", {})),
        all_keys=frozenset(verbs) | frozenset(nouns) | frozenset(adjectives) | frozenset(data["light_verbs"]),
    )


# ------------------------------------------------------------------ parse helpers


def is_passive(tok) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.children)


def conjuncts(tok) -> list:
    out = [tok]
    for c in tok.children:
        if c.dep_ == "conj" and c.pos_ in ("NOUN", "PROPN", "PRON", "NUM"):
            out.extend(conjuncts(c))
    return out


def _unquantify(tok):
    """'thousands of reservists' -> 'reservists'."""
    if tok.lemma_.lower() in QUANTITY_HEADS or tok.pos_ == "NUM":
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ == "of":
                for g in c.children:
                    if g.dep_ == "pobj":
                        return g
    return tok


def lemma_keys(tok) -> list:
    """Lexicon keys to try for a word: its lemma, its form, and plain de-inflections of the form
    (the lemmatizer turns some verbs into other words: 'staged' -> 'stag', 'forgave' -> 'forgave')."""
    low = tok.lower_
    keys = [tok.lemma_.lower(), low]
    irregular = lexicon().irregular.get(low)
    if irregular:
        keys.insert(0, irregular)
    if low.endswith("ied"):
        keys.append(low[:-3] + "y")
    if low.endswith("ed"):
        keys += [low[:-1], low[:-2]]
        if len(low) > 4 and low[-3] == low[-4]:
            keys.append(low[:-3])
    if low.endswith("ing"):
        keys += [low[:-3] + "e", low[:-3]]
    if low.endswith("es"):
        keys += [low[:-1], low[:-2]]
    elif low.endswith("s"):
        keys.append(low[:-1])
    doc = tok.doc
    if tok.i >= 2 and doc[tok.i - 1].text == "-" and not doc[tok.i - 1].whitespace_:
        keys.insert(0, f"{doc[tok.i - 2].lower_}-{tok.lemma_.lower()}")
    return keys


def particle_preps(tok) -> list:
    """Particles the parser made prepositions: 'voted down the bill', 'pulled its forces out of'."""
    out = []
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ in PARTICLE_PREPS:
            if c.i == tok.i + 1 or not any(g.dep_ == "pobj" for g in c.children) or any(g.lower_ == "of" for g in c.children):
                out.append(c)
    return out


def _forces_after_particle(tok) -> list:
    """'sending in troops', 'brought in reinforcements': a force noun after the particle 'in',
    which the parser reads as a preposition."""
    forces = lexicon().classes["forces"]
    out = []
    for c in tok.children:
        if c.dep_ == "prep" and c.i == tok.i + 1 and c.lower_ in FORCE_PARTICLES:
            for g in c.children:
                if g.dep_ == "pobj" and g.lemma_.lower() in forces and not any(x.dep_ in ("det", "poss") for x in g.children):
                    out.extend(_unquantify(x) for x in conjuncts(g))
    return out


def objects(tok) -> list:
    """Direct objects (passive subject for a passive verb), with their conjuncts."""
    out = []
    passive = is_passive(tok)
    for c in tok.children:
        if c.dep_ in OBJ_DEPS or (passive and c.dep_ == "nsubjpass"):
            out.extend(_unquantify(x) for x in conjuncts(c))
    for p in particle_preps(tok):
        if p.i == tok.i + 1:
            out.extend(_unquantify(g) for g in p.children if g.dep_ == "pobj")
    out.extend(_forces_after_particle(tok))
    if not out:  # object control: "allow inspectors to return" parsed with 'inspectors' as the complement's subject
        for c in tok.children:
            if c.dep_ in ("ccomp", "xcomp") and c.i > tok.i:
                out.extend(_unquantify(g) for g in c.children if g.dep_ == "nsubj" and g.i < c.i)
    # "blocked roads, seized airports": the parser sometimes hangs a verb as amod on its object
    if not out and tok.dep_ == "amod" and tok.head.pos_ in ("NOUN", "PROPN"):
        out.extend(conjuncts(tok.head))
    return out


def subjects(tok, depth: int = 0) -> list:
    """Subjects of a verb (agent of a passive); borrowed from the governing clause when missing."""
    out = []
    for c in tok.children:
        if c.dep_ in SUBJ_DEPS:
            out.extend(_unquantify(x) for x in conjuncts(c))
        elif c.dep_ == "agent":
            for p in c.children:
                if p.dep_ == "pobj":
                    out.extend(_unquantify(x) for x in conjuncts(p))
    if out or depth > 3:
        return out
    if tok.dep_ in ("acomp", "oprd") and tok.head.i != tok.i:  # "he was ready": the copula's subject
        return subjects(tok.head, depth + 1)
    if tok.dep_ in ("conj", "xcomp", "advcl") and tok.head.i != tok.i:
        if tok.dep_ == "xcomp":
            objs = [c for c in tok.head.children if c.dep_ in OBJ_DEPS]
            if objs:
                return objs
        return subjects(tok.head, depth + 1)
    if tok.dep_ == "amod":  # a verb hung on its object: climb to the clause of the first conjunct
        h = tok.head
        while h.dep_ == "conj" and h.head.i != h.i:
            h = h.head
        if h.dep_ in OBJ_DEPS:
            return subjects(h.head, depth + 1)
    return out


def noun_agents(noun) -> list:
    """Actors written on a nominal trigger: possessive, 'by X', actor-like compound."""
    out = []
    for c in noun.children:
        if c.dep_ == "poss":
            out.append(c)
        elif c.dep_ == "prep" and c.lower_ == "by":
            out.extend(p for p in c.children if p.dep_ == "pobj")
    return out


def particles(tok) -> set:
    out = {c.lower_ for c in tok.children if c.dep_ == "prt" or (c.dep_ in ("advmod", "acomp", "oprd") and c.lower_ in PARTICLE_ADVS)}
    out.update(c.lower_ for c in particle_preps(tok))
    return out


def preps(tok) -> list:
    """(preposition, object) pairs of a word, including 'out of' chains."""
    out = []
    for c in tok.children:
        if c.dep_ in ("prep", "agent", "dative") or (c.dep_ == "prt" and any(g.dep_ == "pobj" for g in c.children)):
            objs = [g for g in c.children if g.dep_ in ("pobj", "pcomp")]
            for g in c.children:
                if g.dep_ == "prep":  # "out of office", "because of"
                    objs.extend(h for h in g.children if h.dep_ == "pobj")
                    out.extend((g.lower_, h) for h in g.children if h.dep_ == "pobj")
            for o in objs:
                for oc in conjuncts(o):
                    out.append((c.lower_, oc))
            if not objs:
                out.append((c.lower_, None))
    return out


def has_complement(tok) -> bool:
    return any(c.dep_ in ("xcomp", "ccomp") for c in tok.children)


def modifiers(tok) -> set:
    out = set()
    for c in tok.children:
        if c.dep_ in ("compound", "amod", "nmod", "npadvmod", "nummod") or (c.dep_ == "poss" and c.pos_ != "PRON"):
            out.add(c.lemma_.lower())
            out.add(c.lower_)
            for g in c.children:
                if g.dep_ in ("compound", "amod"):
                    out.add(g.lemma_.lower())
    if "-" in tok.lower_:
        out.update(tok.lower_.split("-"))
    return out


def of_objects(tok) -> list:
    return [o for p, o in preps(tok) if p == "of" and o is not None]


def xcomp_words(tok) -> set:
    out = set()
    for c in tok.children:
        if c.dep_ in ("xcomp", "acomp", "oprd", "advmod", "prt", "npadvmod", "dobj", "ccomp"):
            out.add(c.lemma_.lower())
            out.add(c.lower_)
    return out


# ------------------------------------------------------------------ rule matching


class Matcher:
    """Tries the rules of a lemma on a token; ``stand_in`` maps pronouns to a noun to match instead."""

    def __init__(self, lex: Lexicon, stand_in: Callable, light_of: Callable):
        self.lex = lex
        self.stand_in = stand_in
        self.light_of = light_of
        self._keys: dict = {}  # token index -> lemma_keys (a document's tokens are looked up several times)

    def keys(self, tok) -> list:
        k = self._keys.get(tok.i)
        if k is None:
            k = self._keys[tok.i] = lemma_keys(tok)
        return k

    def _m(self, spec: WordSpec, toks) -> bool:
        for t in toks:
            if t is None:
                continue
            u = self.stand_in(t) if t.lower_ in PRONOUNS else t
            if u is not None and spec.match(u, self.lex):
                return True
            if u is not t and spec.match(t, self.lex):  # the pronoun itself may be listed ("removed him")
                return True
        return False

    def holds(self, name: str, value, tok, is_noun: bool) -> bool:
        if name == "obj":
            return self._m(value, of_objects(tok) if is_noun else objects(tok))
        if name == "obj_not":
            return not self._m(value, of_objects(tok) if is_noun else objects(tok))
        if name == "no_obj":
            return not objects(tok)
        if name == "has_obj":
            return bool(objects(tok)) == bool(value)
        if name == "subj":
            toks = noun_agents(tok) if is_noun else subjects(tok)
            if is_noun and not toks:
                lv = self.light_of(tok)
                toks = subjects(lv) if lv is not None else []
            return self._m(value, toks)
        if name == "subj_not":
            return not self._m(value, subjects(tok) if not is_noun else noun_agents(tok))
        if name == "prt":
            return bool(particles(tok) & value.words)
        if name == "prep":
            pairs = preps(tok)
            if not is_noun:
                for o in objects(tok):
                    pairs = pairs + preps(o)
            for p, spec in value:
                for q, o in pairs:
                    if q == p and (spec.any_word or (o is not None and self._m(spec, [o]))):
                        return True
            return False
        if name == "no_prep_on":
            return not any(q in NO_PREP_ON_PREPS for q, _ in preps(tok))
        if name == "comp":
            return has_complement(tok) == bool(value)
        if name == "no_comp":
            return not has_complement(tok)
        if name == "xcomp":  # an infinitive complement: "told them to leave"
            return any(c.dep_ == "xcomp" for c in tok.children) == bool(value)
        if name == "compound":
            return bool(modifiers(tok) & value.words)
        if name == "compound_any":
            return any(modifiers(o) & value.words for o in objects(tok))
        if name == "of":
            return self._m(value, of_objects(tok))
        if name == "of_mod":
            return any(modifiers(o) & value.words for o in of_objects(tok))
        if name == "obj_mod":
            return any(modifiers(o) & value.words for o in objects(tok))
        if name == "passive":
            return is_passive(tok) == bool(value)
        if name == "neg":
            return any(c.dep_ == "neg" or (c.dep_ == "advmod" and c.lower_ == "never") for c in tok.children) == bool(value)
        if name == "neg_det":
            return any(c.dep_ == "det" and c.lower_ == "no" for c in tok.children) == bool(value)
        if name == "light":  # a light verb governs the noun, and it is one of these
            lv = self.light_of(tok)
            return lv is not None and lv.lemma_.lower() in value.words
        if name == "xcomp_lemma":
            return bool(xcomp_words(tok) & value.words)
        raise KeyError(f"unknown lexicon condition {name!r}")

    def first_rule(self, rules, tok, is_noun: bool = False) -> Optional[Rule]:
        for rule in rules:
            if all(self.holds(n, v, tok, is_noun) for n, v in rule.conds):
                return rule
        return None

    def verb_key(self, tok) -> Optional[str]:
        return next((k for k in self.keys(tok) if k in self.lex.verbs), None)

    def noun_key(self, tok) -> Optional[str]:
        return next((k for k in self.keys(tok) if k in self.lex.nouns), None)

    def relevant(self, tok) -> bool:
        """Whether a token can play any part in the lexicon (trigger, light verb, adjective)."""
        known = self.lex.all_keys
        low = tok.lower_
        if tok.lemma_.lower() in known or low in known:
            return True
        if low in self.lex.irregular or low.endswith(INFLECTION_SUFFIXES) or (tok.i > 0 and tok.nbor(-1).text == "-"):
            return any(k in known for k in self.keys(tok))
        return False

    def verb_rule(self, tok) -> Optional[Rule]:
        key = self.verb_key(tok)
        return self.first_rule(self.lex.verbs[key], tok) if key else None

    def adjective_rule(self, tok) -> Optional[Rule]:
        key = next((k for k in (tok.lemma_.lower(), tok.lower_) if k in self.lex.adjectives), None)
        return self.first_rule(self.lex.adjectives[key], tok) if key else None

    def noun_rule(self, tok) -> Optional[Rule]:
        key = self.noun_key(tok)
        return self.first_rule(self.lex.nouns[key], tok, is_noun=True) if key else None
