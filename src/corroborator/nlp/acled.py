"""ACLED event and sub-event types from the ACLED codebook's own cues (issue 10).

ACLED decides an event's sub-type from what was used (weapon, method), who acted and against whom
(state forces, non-state armed groups, demonstrators, rioters, mobs, civilians), how many organised
sides fought, and whether force was used on a protest. This module keeps that decision as data:

* ``AcledCues``: a small frozen record of those facts for one event, filled by the event coder
  (``cues_for`` builds it from the trigger token of a parsed sentence);
* the ordered rule table ``rules`` of ``lexicons/codebooks/acled.json`` (conditions -> code, each with
  the codebook passage it encodes) and its cue word lists ``cues``;
* ``acled_code(cues)``: a generic matcher that returns the code of the first rule whose conditions
  all hold, or None (no ACLED type: verbal events, threats, predictions).

Nothing here prints; the table is loaded once (codebook.load is cached).
"""

from __future__ import annotations

import functools
import logging
from dataclasses import dataclass, replace
from typing import Iterable, Optional, Sequence

from ..contract.errors import CodebookError
from ..contract.records import AcledCode
from ..lexicons import codebook

logger = logging.getLogger(__name__)

MAX_NGRAM = 3
ORGANISED = frozenset({"security", "armed"})
CROWDS = frozenset({"protesters", "rioters", "crowd", "mob"})
# how an actor word is read when it belongs to several groups ('students' marching vs. attacked)
ACTOR_ORDER = ("security", "armed", "rioters", "mob", "protesters", "crowd", "state", "civilians", "property")
TARGET_ORDER = ("security", "armed", "protesters", "rioters", "state", "civilians", "crowd", "mob", "property")
SUBJECT_DEPS = ("nsubj", "csubj")
OBJECT_DEPS = ("dobj", "obj", "nsubjpass", "dative", "attr")
TARGET_PREPS = frozenset(codebook.load("event_rules")["word_sets"]["acled_target_preps"]["words"])
RULE_KEYS = frozenset(
    {
        "plover", "mode", "trigger", "near", "near_also", "sentence", "not_trigger", "not_near", "not_sentence",
        "sentence_also", "nominal", "actor", "not_actor", "no_actor", "target", "not_target", "min_sides", "force",
        "factuality", "hint", "cited", "context", "not_context",
    }
)


@dataclass(frozen=True)
class AcledCues:
    """What the ACLED codebook looks at, for one event. Cue fields hold cue names of acled.json."""

    plover_type: Optional[str] = None
    plover_mode: Optional[str] = None
    trigger: str = ""  # lemma of the trigger's head word
    nominal: bool = False  # the trigger is a noun ('the protests', 'an air strike')
    trigger_cues: frozenset = frozenset()  # cues matched by the trigger word (with particle / object)
    near_cues: frozenset = frozenset()  # cues matched in the trigger's clause
    sentence_cues: frozenset = frozenset()  # cues matched anywhere in the sentence
    context_cues: frozenset = frozenset()  # cues of the neighbouring sentences of the same paragraph
    actors: frozenset = frozenset()  # actor groups: security, armed, state, protesters, rioters, mob, crowd, civilians
    targets: frozenset = frozenset()
    sides: int = 1  # 2 when two organised armed sides fight
    force_on_protest: Optional[str] = None  # "lethal" | "nonlethal" | None
    factuality: str = "asserted"
    hint: Optional[str] = None  # ACLED code key named by the trigger rule of the event lexicon
    cited: bool = False  # only named as the object of a statement ('condemned the killing')


@dataclass(frozen=True)
class _Rule:
    when: tuple
    code: Optional[str]
    passage: str


@dataclass(frozen=True)
class _Table:
    index: dict  # word or n-gram -> frozenset of cue names
    rules: tuple
    retype: tuple  # rules whose 'plover' gives the type the main rules read
    by_type: dict  # PLOVER type -> indexes of the rules that can apply to it (in order)
    any_type: tuple  # indexes of the rules with no PLOVER condition
    codes: dict  # code key -> (event type, sub-event type)
    pronouns: frozenset  # subjects that stand for the subject of the reporting verb
    record_stop: frozenset  # words after which an actor's text no longer names its head
    at_verbs: frozenset  # verbs whose 'at' object is a target ('fired at')
    kind_groups: dict
    actor_words: dict  # word -> tuple of groups


def _frozen(when: dict) -> tuple:
    """Conditions compiled to predicates on AcledCues (list values as frozensets), in table order."""
    out = []
    for k, v in when.items():
        want = frozenset(v) if isinstance(v, list) else v
        out.append(functools.partial(_holds, k, want))
    return tuple(out)


@functools.lru_cache(maxsize=1)
def _table() -> _Table:
    cb = codebook.load("acled")
    sub_to_type = {}
    for et, body in cb["event_types"].items():
        for st in body["sub_event_types"]:
            sub_to_type[st] = et
    codes = {}
    for key, st in cb["codes"].items():
        if st not in sub_to_type:
            raise CodebookError("E302", name="acled", detail=f"code {key}: unknown sub-event type {st!r}")
        codes[key] = (sub_to_type[st], st)
    index: dict = {}
    for name, body in cb["cues"].items():
        for w in body["words"]:
            index.setdefault(w.lower(), set()).add(name)
    actor_words: dict = {}
    for group, words in cb["actor_words"].items():
        if group == "note":
            continue
        for w in words:
            actor_words.setdefault(w.lower(), []).append(group)
            index.setdefault(w.lower(), set()).add(f"{group}_word")
    cue_names = set(cb["cues"]) | {f"{g}_word" for g in cb["actor_words"] if g != "note"}
    rules = []
    for i, r in enumerate(cb["retype"] + cb["rules"]):
        when = r["when"]
        unknown = set(when) - RULE_KEYS
        if unknown:
            raise CodebookError("E302", name="acled", detail=f"rule {i}: unknown conditions {sorted(unknown)}")
        for k in ("trigger", "near", "near_also", "sentence", "sentence_also", "not_trigger", "not_near", "not_sentence"):
            missing = set(when.get(k, ())) - cue_names
            if missing:
                raise CodebookError("E302", name="acled", detail=f"rule {i}: unknown cues {sorted(missing)}")
        if "plover" in r and "when" in r and "code" not in r:
            continue
        code = r.get("code")
        if code is not None and code != "@hint" and code not in codes:
            raise CodebookError("E302", name="acled", detail=f"rule {i}: unknown code {code!r}")
        rules.append(_Rule(when=_frozen(when), code=code, passage=r.get("passage", "")))
    retype = tuple(_Rule(when=_frozen(r["when"]), code=r["plover"], passage=r.get("passage", "")) for r in cb["retype"])
    types = {t for r in cb["rules"] for t in r["when"].get("plover", ())} | {"none"}
    by_type = {
        t: tuple(i for i, r in enumerate(cb["rules"]) if "plover" not in r["when"] or t in r["when"]["plover"]) for t in types
    }
    any_type = tuple(i for i, r in enumerate(cb["rules"]) if "plover" not in r["when"])
    return _Table(
        index={k: frozenset(v) for k, v in index.items()},
        rules=tuple(rules),
        retype=retype,
        by_type=by_type,
        any_type=any_type,
        codes=codes,
        pronouns=frozenset(cb["parse_words"]["pronouns"]),
        record_stop=frozenset(cb["parse_words"]["record_stop"]),
        at_verbs=frozenset(cb["parse_words"]["at_verbs"]),
        kind_groups=dict(cb["kind_groups"]["map"]),
        actor_words={k: tuple(v) for k, v in actor_words.items()},
    )


def code_names(key: str) -> tuple[str, str]:
    """(event type, sub-event type) of a code key such as ``EXP-air``."""
    return _table().codes[key]


# ------------------------------------------------------------------ the matcher


def _holds(cond: str, want, c: AcledCues) -> bool:
    if cond == "plover":
        return (c.plover_type or "none") in want
    if cond == "mode":
        return (c.plover_mode or "none") in want
    if cond == "trigger":
        return not c.trigger_cues.isdisjoint(want)
    if cond in ("near", "near_also"):
        return not c.near_cues.isdisjoint(want)
    if cond in ("sentence", "sentence_also"):
        return not c.sentence_cues.isdisjoint(want)
    if cond == "context":
        return not c.context_cues.isdisjoint(want)
    if cond == "not_context":
        return c.context_cues.isdisjoint(want)
    if cond == "nominal":
        return c.nominal == bool(want)
    if cond == "not_trigger":
        return c.trigger_cues.isdisjoint(want)
    if cond == "not_near":
        return c.near_cues.isdisjoint(want)
    if cond == "not_sentence":
        return c.sentence_cues.isdisjoint(want)
    if cond == "actor":
        return not c.actors.isdisjoint(want)
    if cond == "not_actor":
        return c.actors.isdisjoint(want)
    if cond == "no_actor":
        return (not c.actors) == bool(want)
    if cond == "target":
        return not c.targets.isdisjoint(want)
    if cond == "not_target":
        return c.targets.isdisjoint(want)
    if cond == "min_sides":
        return c.sides >= want
    if cond == "force":
        return c.force_on_protest in want
    if cond == "factuality":
        return c.factuality in want
    if cond == "cited":
        return c.cited == bool(want)
    if cond == "hint":
        return c.hint is not None if want is True else c.hint in want
    raise KeyError(cond)


def effective(cues: AcledCues) -> AcledCues:
    """The cues with the PLOVER type the rules read: the first matching 'retype' rule may replace a
    type that the trigger word contradicts ('air strikes' coded as a labour strike)."""
    for rule in _table().retype:
        if all(p(cues) for p in rule.when):
            return replace(cues, plover_type=rule.code)
    return cues


def matching_rule(cues: AcledCues) -> Optional[int]:
    """Index of the first rule of the table whose conditions all hold (None: no rule)."""
    cues = effective(cues)
    table = _table()
    for i in table.by_type.get(cues.plover_type or "none", table.any_type):
        if all(p(cues) for p in table.rules[i].when):
            return i
    return None


def acled_key(cues: AcledCues) -> Optional[str]:
    """The ACLED code key (e.g. ``BAT-clash``) for an event's cues, or None."""
    i = matching_rule(cues)
    if i is None:
        return None
    code = _table().rules[i].code
    if code == "@hint":
        code = cues.hint if cues.hint in _table().codes else None
    return code


def acled_code(cues: AcledCues) -> Optional[AcledCode]:
    """ACLED event and sub-event type for an event's cues, or None when ACLED would not code it."""
    key = acled_key(cues)
    if key is None:
        return None
    et, st = _table().codes[key]
    return AcledCode(event_type=et, sub_event_type=st)


# ------------------------------------------------------------------ cues from a parse


def _cue_names(strings: Iterable[str]) -> frozenset:
    index = _table().index
    out: set = set()
    for s in strings:
        got = index.get(s)
        if got:
            out |= got
    return frozenset(out)


def _unigrams(tok) -> tuple:
    if tok.pos_ == "PROPN":
        return ()  # 'March': names are read inside n-grams only
    if tok.dep_ == "compound" and tok.head.lemma_.lower() in _table().actor_words:
        return ()  # 'riot police', 'protest leaders' name actors, not scenes
    return (tok.lemma_.lower(), tok.lower_)


def _join(toks: Sequence) -> str:
    text = ""
    for k, t in enumerate(toks):
        if k:
            text += " " if toks[k - 1].whitespace_ else ""
        text += t.lemma_.lower()
    return text


def _clause_head(tok):
    head, steps = tok, 0
    while head.pos_ not in ("VERB", "AUX") and head.head.i != head.i and steps < 4:
        head, steps = head.head, steps + 1
    return head


def _joins_clause(head) -> bool:
    """A conjoined verb without a subject of its own: it shares the clause of the verb it is conjoined to."""
    return head.dep_ == "conj" and head.head.pos_ in ("VERB", "AUX") and not any(c.dep_ in SUBJECT_DEPS + ("nsubjpass",) for c in head.children)


def _conjoined_clause(ch) -> bool:
    return ch.dep_ == "conj" and ch.pos_ in ("VERB", "AUX")


class DocCues:
    """The cue names of one document's sentences and trigger clauses, each computed once.

    A trigger's clause is the subtree of its governing verb without the conjoined clauses (a
    conjoined verb without a subject of its own shares the clause of the verb it is conjoined to),
    but with the conjoined clause the trigger sits in. Its cue names are the union of its tokens'
    cue names; they are read from per-subtree unions built once per sentence (bottom-up) and from
    memoised climbs up conjunction chains, so a long coordination costs linear time, not a
    subtree walk per trigger. The event coder makes one per document; ``cues_for`` without one
    uses a fresh one."""

    def __init__(self) -> None:
        self._facts: dict = {}  # (start, end) of a sentence span -> _compute_sentence_facts
        self._subtree: dict = {}  # token index -> cue names of its subtree
        self._own: dict = {}  # token index -> cue names of the token itself and its non-clause children's subtrees
        self._top: dict = {}  # token index -> (clause top, child of the top on the way up, or None)

    def sentence(self, sent) -> tuple:
        """(cue names of the sentence, force used on a protest, cue names per token)."""
        key = (sent.start, sent.end)
        facts = self._facts.get(key)
        if facts is None:
            facts = self._facts[key] = _compute_sentence_facts(sent)
        return facts

    def near(self, tok) -> frozenset:
        """The cue names of the trigger's clause."""
        head = _clause_head(tok)
        top, child = self._climb(head)
        if top.i == head.i:
            child = None
            t = tok
            while t.i != head.i:  # at most the 4 steps _clause_head took
                child, t = t, t.head
        if tok.i not in self._subtree:
            self._index_sentence(tok.sent)
        names = self._own.get(top.i, frozenset())
        if child is not None and _conjoined_clause(child):
            names = names | self._subtree.get(child.i, frozenset())
        return names

    def _climb(self, head) -> tuple:
        """(top, child of top on the path) of a conjunction chain climbed from ``head``; memoised."""
        path = []
        t = head
        while t.i not in self._top and _joins_clause(t):
            path.append(t)
            t = t.head
        top, child = self._top.get(t.i, (t, None))
        if t.i not in self._top:
            self._top[t.i] = (t, None)
        for p in reversed(path):
            if p.head.i == top.i:
                child = p
            self._top[p.i] = (top, child)
        return self._top[head.i]

    def _index_sentence(self, sent) -> None:
        per_token = self.sentence(sent)[2]
        empty = frozenset()
        toks = list(sent)
        depth = {}
        for t in toks:  # depth by memoised walks up (a tree stays inside its sentence)
            path = []
            u = t
            while u.i not in depth and u.head.i != u.i:
                path.append(u)
                u = u.head
            d = depth.setdefault(u.i, 0)
            for p in reversed(path):
                d += 1
                depth[p.i] = d
        below: dict = {}  # token index -> union of its children's subtrees (all / without conjoined clauses)
        for t in sorted(toks, key=lambda x: -depth[x.i]):
            kids, kids_own = below.get(t.i, (empty, empty))
            own = per_token.get(t.i, empty) | kids_own
            sub = per_token.get(t.i, empty) | kids
            self._own[t.i], self._subtree[t.i] = own, sub
            h = t.head
            if h.i != t.i:
                hk, ho = below.get(h.i, (empty, empty))
                below[h.i] = (hk | sub, ho if _conjoined_clause(t) else ho | sub)


def _trigger_strings(tok) -> list:
    lem = tok.lemma_.lower()
    out = [lem, tok.lower_]
    if tok.ent_type_ == "DATE":
        out.append("@date")
    sent = tok.sent
    lo, hi = max(sent.start, tok.i - 2), min(sent.end, tok.i + 3)
    window = [tok.doc[i] for i in range(lo, hi)]
    for i in range(len(window)):
        for j in range(i + 2, min(len(window), i + MAX_NGRAM) + 1):
            if window[i].i <= tok.i <= window[j - 1].i:
                out.append(_join(window[i:j]))
    prts = [c.lemma_.lower() for c in tok.children if c.dep_ == "prt"]
    objs = [c.lemma_.lower() for c in tok.children if c.dep_ in ("dobj", "obj")]
    for p in prts:
        out.append(f"{lem} {p}")
    for o in objs:
        out.append(f"{lem} {o}")
        for p in prts:
            out.append(f"{lem} {p} {o}")
    return out


def _word_group(tok, order: Sequence[str]) -> Optional[str]:
    words = _table().actor_words
    cands = [tok.lemma_.lower(), tok.lower_]
    mods = [c for c in tok.children if c.dep_ in ("compound", "amod")]
    for m in mods:
        cands.append(f"{m.lemma_.lower()} {tok.lemma_.lower()}")
        cands.append(f"{m.lower_} {tok.lower_}")
    if tok.ent_type_:
        doc, lo, hi = tok.doc, tok.i, tok.i + 1
        while lo > 0 and doc[lo].ent_iob_ == "I":
            lo -= 1
        while hi < len(doc) and doc[hi].ent_iob_ == "I":
            hi += 1
        text = doc[lo:hi].text.lower()
        cands.append(text[4:] if text.startswith("the ") else text)
    for m in mods:
        cands.append(m.lemma_.lower())
        cands.append(m.lower_)
    groups = set()
    for c in cands:
        groups.update(words.get(c, ()))
    for g in order:
        if g in groups:
            return g
    return None


def _groups_of_records(records, order: Sequence[str], doc=None) -> set:
    """Groups of actor/target records (objects with .kind/.text/.start/.end, or plain kind strings)."""
    table = _table()
    out = set()
    for r in records or ():
        if isinstance(r, str):
            g = table.kind_groups.get(r)
            if g:
                out.add(g)
            continue
        g = None
        text = (getattr(r, "text", None) or "").lower()
        if text:
            words = []
            for w in text.replace(",", " , ").split():
                if w in table.record_stop and words:
                    break
                if w != "the":
                    words.append(w)
            grams = [" ".join(words[i:j]) for i in range(len(words)) for j in range(i + 1, min(len(words), i + 3) + 1)]
            found = set()
            for w in grams:
                found.update(table.actor_words.get(w, ()))
                if w.endswith("s"):
                    found.update(table.actor_words.get(w[:-1], ()))
            g = next((x for x in order if x in found), None)
        if g is None:
            g = table.kind_groups.get(getattr(r, "kind", None) or "")
        if g:
            out.add(g)
    return out


def _parse_roles(tok) -> tuple[list, list]:
    """Actor and target tokens of a trigger from the parse (used when the records say nothing)."""
    actors, targets = [], []
    verbal = tok.pos_ in ("VERB", "AUX")
    for ch in tok.children:
        if verbal and ch.dep_ in SUBJECT_DEPS:
            actors.append(ch)
        elif ch.dep_ == "agent" or (ch.dep_ == "prep" and ch.lower_ == "by"):
            actors.extend(g for g in ch.children if g.dep_ == "pobj")
        elif not verbal and ch.dep_ in ("poss", "compound", "amod", "nmod"):
            actors.append(ch)
        elif verbal and ch.dep_ in OBJECT_DEPS:
            targets.append(ch)
        elif ch.dep_ == "prep" and (ch.lower_ in TARGET_PREPS or (ch.lower_ == "at" and tok.lemma_.lower() in _table().at_verbs)):
            targets.extend(g for g in ch.children if g.dep_ == "pobj")
    if not verbal and tok.dep_ in ("nsubj", "nsubjpass") and tok.head.pos_ in ("VERB", "AUX"):
        targets.extend(c for c in tok.head.children if c.dep_ in ("dobj", "obj"))  # 'a car bomb killed X'
    if verbal and tok.dep_ in ("ccomp", "xcomp") and any(a.lower_ in _table().pronouns for a in actors):
        actors.extend(c for c in tok.head.children if c.dep_ in SUBJECT_DEPS)  # 'the army says it seized ...'
    if verbal:
        for x in list(actors) + list(targets):
            for c in x.children:
                if c.dep_ == "conj":
                    (actors if x in actors else targets).append(c)
    return actors, targets


def _force_on_protest(sent_toks: Sequence, protest_toks: set) -> Optional[str]:
    """'lethal' / 'nonlethal' when the sentence says force was used at a protest; a killing that is
    the protest's grievance ('a protest against the killing of ...') does not count."""
    index = _table().index

    def topic(t) -> bool:  # one of its 4 nearest ancestors is a protest word
        for _ in range(4):
            if t.head.i == t.i:
                return False
            t = t.head
            if t.i in protest_toks:
                return True
        return False

    lethal = nonlethal = False
    toks = list(sent_toks)
    for k, t in enumerate(toks):
        names = set()
        for s in _unigrams(t) or (t.lemma_.lower(),):
            names |= index.get(s, frozenset())
        if k + 1 < len(toks):
            names |= index.get(f"{t.lemma_.lower()}{' ' if t.whitespace_ else ''}{toks[k + 1].lemma_.lower()}", frozenset())
        if not names & {"lethal", "intervention"} or topic(t):
            continue
        if "lethal" in names:
            lethal = True
        if "intervention" in names:
            nonlethal = True
    if lethal:
        return "lethal"
    if nonlethal:
        return "nonlethal"
    return None


def _compute_sentence_facts(sent) -> tuple:
    """(cue names of the sentence, force used on a protest, cue names per token: its own words and the
    n-grams starting at it)."""
    toks = list(sent)
    index = _table().index
    lem = [t.lemma_.lower() for t in toks]
    sep = [" " if t.whitespace_ else "" for t in toks]
    per_token = {}
    protest_toks = set()
    empty = frozenset()
    for k, t in enumerate(toks):
        found = set()
        for u in (lem[k], t.lower_):
            if "protest" in index.get(u, empty):
                protest_toks.add(t.i)
        for u in _unigrams(t):
            found |= index.get(u, empty)
        gram = lem[k]
        for j in range(k + 1, min(len(toks), k + MAX_NGRAM)):
            gram += sep[j - 1] + lem[j]
            found |= index.get(gram, empty)
        per_token[t.i] = frozenset(found)
    names = frozenset().union(*per_token.values()) if per_token else frozenset()
    force = _force_on_protest(toks, protest_toks) if names & {"protest", "protesters_word"} else None
    return names, force, per_token


def cues_for(
    tok,
    plover_type: Optional[str] = None,
    plover_mode: Optional[str] = None,
    actors: Sequence = (),
    targets: Sequence = (),
    factuality: str = "asserted",
    hint: Optional[str] = None,
    cited: bool = False,
    context: Sequence = (),
    cache: Optional["DocCues"] = None,
) -> AcledCues:
    """Cues of the event whose trigger head is the spaCy token ``tok``. ``actors`` / ``targets`` are the
    event's Actor records (or actor kinds, or events.py group names); the parse fills what they leave out.
    ``context``: the neighbouring sentence spans of the same paragraph (a riot told in the next sentence).
    ``cache``: the document's :class:`DocCues` (the event coder passes one for all its events)."""
    cache = cache if cache is not None else DocCues()
    context_cues = frozenset().union(*(cache.sentence(s)[0] for s in context)) if context else frozenset()
    sentence_cues, force, _ = cache.sentence(tok.sent)
    near = cache.near(tok)
    trig = _cue_names(_trigger_strings(tok))
    a_groups = _groups_of_records(actors, ACTOR_ORDER)
    t_groups = _groups_of_records(targets, TARGET_ORDER)
    p_act, p_tgt = _parse_roles(tok)
    if not a_groups or a_groups <= {"civilians", "property"}:
        a_groups |= {g for g in (_word_group(t, ACTOR_ORDER) for t in p_act) if g}
    a_groups.discard("property")
    if "kill" in trig and not a_groups:
        near = near | sentence_cues  # 'two were killed when a bomb went off': the cause may sit anywhere
    if not t_groups:
        t_groups |= {g for g in (_word_group(t, TARGET_ORDER) for t in p_tgt) if g}
    sides = 1
    if a_groups & ORGANISED and t_groups & ORGANISED:
        sides = 2
    elif "reciprocal" in trig and not a_groups & CROWDS and (a_groups | t_groups) & ORGANISED:
        sides = 2
    return AcledCues(
        plover_type=plover_type,
        plover_mode=plover_mode,
        trigger=tok.lemma_.lower(),
        nominal=tok.pos_ in ("NOUN", "PROPN"),
        trigger_cues=trig,
        near_cues=near | trig,
        sentence_cues=sentence_cues | near | trig,
        context_cues=context_cues,
        actors=frozenset(a_groups),
        targets=frozenset(t_groups),
        sides=sides,
        force_on_protest=force,
        factuality=factuality or "asserted",
        hint=hint,
        cited=cited,
    )


def acled_for_token(
    tok, plover_type=None, plover_mode=None, actors=(), targets=(), factuality="asserted", hint=None, cited=False, context=(), cache=None
) -> Optional[AcledCode]:
    """Convenience: ``acled_code(cues_for(...))``."""
    return acled_code(cues_for(tok, plover_type, plover_mode, actors, targets, factuality, hint, cited, context, cache))


def acled_for_text(span, plover_type: Optional[str] = None, plover_mode: Optional[str] = None, **kwargs) -> Optional[AcledCode]:
    """ACLED type of the main event of a sentence span (its syntactic root as trigger)."""
    return acled_for_token(span.root, plover_type, plover_mode, **kwargs)
