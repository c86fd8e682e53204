"""The mention layer: who and what a document talks about, built once per Doc.

One component (``corroborator_mentions``, right after sentence splitting) finds

* **paragraphs**: a paragraph id per sentence (a line break or a heading between two
  sentences starts a new paragraph);
* **persons**: every PERSON entity, grouped under one canonical full name with its aliases
  (the full name, the surname when only one person carries it, spelling variants of the
  surname such as "Boularte"/"Boluarte"), the titles written before it ("Prime Minister
  Alberto Otarola"), the kind of actor the title makes them (``government``, ``military``...
  from ``codebooks/actors.json``) and a nationality written before the title;
* **person mentions**: token spans that refer to a person, including a bare title that
  names a titled person met earlier ("the prime minister");
* **pronoun antecedents**, with one reach (``pronoun_reach`` in ``mention_rules.json``: at most
  three sentences back, in the paragraph or the one before): he/she/his/her to the last person
  named whose gender (from an honorific or gendered title: "Mrs.", "spokesman") does not clash,
  by one resolver, :meth:`PersonIndex.last_person_before` (attribution calls it with the
  quotations to pass over; :meth:`Mentions.antecedent` without); they/them/their to the most
  recent plural group noun phrase; it/its to the organisation or named thing last named
  (:meth:`PersonIndex.last_thing_before`). These are three referent kinds (persons, groups,
  things), not three rule sets for one;
* **the roster** (:class:`PersonIndex`, by character offset): every person named, also those
  the recogniser missed but a title introduces ("President Kassym-Jomart Tokayev" tagged ORG),
  expanded to the full name (a unique surname or first name alone), their gender, the offices
  they were introduced with (not "former" ones, so "the president" finds the sitting one), and
  the organisations and other named things an "it"/"its" can stand for. Stages take their own
  copy (:meth:`Mentions.person_index`) and may add the speakers they find;
* **countries**: the document's countries by mention count and its main country.

* **title words** (``mention_rules.json``: ``person_titles``, ``gendered_titles``,
  ``title_modifiers``), owned here: :func:`title_words` hands them to other stages, and
  :func:`name_as_written` reads a name the same way for records that keep only its text.

Attribution, events, framing, checks and coups read the same layer (``state.mentions``), so a
speaker, an actor and a perpetrator resolve to the same person. The data on the Doc is plain (see
``nlp/docstate.py``); :class:`Mentions` is its typed view.
"""

from __future__ import annotations

import bisect
import copy
import functools
import re
from dataclasses import dataclass, field
from typing import Optional, Union

from rapidfuzz import fuzz
from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from ..lexicons import codebook, gazetteer


@dataclass(frozen=True)
class Person:
    index: int
    name: str  # canonical full name
    kind: Optional[str]  # actor kind from a title (government, military, ...)
    country: Optional[str]  # ISO code from a nationality before the title
    titles: tuple[str, ...]  # titles written before the name, lower case
    variants: tuple[str, ...]  # every way the text writes the name
    gender: Optional[str] = None  # "m" | "f" from an honorific or a gendered title, else None
    title_at: tuple[tuple[str, int], ...] = ()  # (title, index of its first token): where each title was read


@dataclass(frozen=True)
class _Vocab:
    titles: dict  # lower title -> kind or None
    max_title_len: int
    group_nouns: dict  # lower noun -> kind
    singular_pronouns: frozenset
    plural_pronouns: frozenset
    possessives: frozenset
    pronoun_gender: dict  # "he" -> "m", "she" -> "f"
    speaker_titles: frozenset  # title and honorific words that introduce a person (TitleWords.words)
    male_titles: frozenset
    female_titles: frozenset
    generic_titles: frozenset  # honorifics and time words that name no office
    past_titles: frozenset  # "former", "then": the office is no longer held
    speaker_group_nouns: frozenset
    determiners: frozenset
    reach_sentences: int  # a pronoun's antecedent: at most this many sentences back ...
    reach_paragraphs: int  # ... and in its paragraph or this many before


@dataclass(frozen=True)
class TitleWords:
    """The title and honorific words of ``mention_rules.json``, lower case. The mention layer owns
    them; a stage that needs to recognise a title (attribution's speaker names) reads them here."""

    words: frozenset  # every title, office and honorific word ("president", "minister", "mr", "former")
    generic: frozenset  # honorifics and time words that name no office ("mr", "former", "acting")
    past: frozenset  # the office is no longer held ("former", "then")
    male: frozenset  # titles that say the person is male ("mr", "spokesman")
    female: frozenset  # ... female ("mrs", "spokeswoman")


@functools.lru_cache(maxsize=1)
def title_words() -> TitleWords:
    rules = codebook.load("mention_rules")
    return TitleWords(
        words=_lower(rules["person_titles"]["words"]),
        generic=_lower(rules["title_modifiers"]["generic"]),
        past=_lower(rules["title_modifiers"]["past"]),
        male=_lower(rules["gendered_titles"]["male"]),
        female=_lower(rules["gendered_titles"]["female"]),
    )


@dataclass(frozen=True)
class PronounWords:
    """The third-person pronoun classes of ``mention_rules.json``: what the layer resolves, and
    what a stage asks about a pronoun before handing it to the layer's resolvers."""

    person: frozenset  # he, him, his, himself, she, her, hers, herself
    male: frozenset
    female: frozenset
    plural: frozenset  # they, them, their, theirs, themselves
    thing: frozenset  # it, its


@functools.lru_cache(maxsize=1)
def pronoun_words() -> PronounWords:
    rules = codebook.load("mention_rules")
    return PronounWords(
        person=_lower(rules["singular_person_pronouns"]["words"]),
        male=_lower(rules["male_pronouns"]["words"]),
        female=_lower(rules["female_pronouns"]["words"]),
        plural=_lower(rules["plural_pronouns"]["words"]),
        thing=_lower(rules["thing_pronouns"]["words"]),
    )


@functools.lru_cache(maxsize=1)
def _vocab() -> _Vocab:
    actors = codebook.load("actors")
    rules = codebook.load("mention_rules")
    rv = codebook.load("reporting_verbs")  # speaker group nouns, determiners
    tw = title_words()
    titles = {k.lower(): v for k, v in actors["titles"].items()}
    return _Vocab(
        titles=titles,
        max_title_len=max(len(t.split()) for t in titles),
        group_nouns={k.lower(): v for k, v in actors["nouns"].items()},
        singular_pronouns=pronoun_words().person,
        plural_pronouns=pronoun_words().plural,
        possessives=frozenset(rules["possessive_endings"]["words"]),
        pronoun_gender={**{w: "m" for w in pronoun_words().male}, **{w: "f" for w in pronoun_words().female}},
        speaker_titles=tw.words,
        male_titles=tw.male,
        female_titles=tw.female,
        generic_titles=tw.generic,
        past_titles=tw.past,
        speaker_group_nouns=_lower(rv["group_nouns"]),
        determiners=_lower(rv["determiners"]["words"]),
        reach_sentences=rules["pronoun_reach"]["sentences"],
        reach_paragraphs=rules["pronoun_reach"]["paragraphs"],
    )


def _lower(words) -> frozenset:
    return frozenset(w.lower() for w in words)


# ---------------------------------------------------------------------- building


def paragraphs(doc: Doc, sents: list[SpacySpan], heading_starts: set[int], text: Optional[str] = None) -> list[int]:
    """Paragraph id of each sentence: a line break or a heading between sentences starts a new one."""
    text = doc.text if text is None else text
    out: list[int] = []
    pid, prev_end = 0, None
    for sent in sents:
        heading = sent.start_char in heading_starts
        if prev_end is not None and ("\n" in text[prev_end : sent.start_char] or heading):
            pid += 1
        out.append(pid)
        if heading:
            pid += 1
        prev_end = sent.end_char
    return out


def _title_before(doc: Doc, start: int, vocab: _Vocab) -> tuple[Optional[str], int, Optional[str]]:
    """(title, first token index, kind) of a title written just before token ``start``,
    walking over stacked titles and modifiers ("former Interior Minister")."""
    best: tuple[Optional[str], int, Optional[str]] = (None, start, None)
    for n in range(vocab.max_title_len, 0, -1):
        i = start - n
        if i < 0:
            continue
        words = " ".join(t.lower_ for t in doc[i:start])
        if words in vocab.titles:
            best = (words, i, vocab.titles[words])
            break
    if best[0] is not None and best[1] > 0:
        outer = _title_before(doc, best[1], vocab)
        if outer[0] is not None:
            return (f"{outer[0]} {best[0]}", outer[1], best[2] or outer[2])
    return best


def _name_tokens(ent: SpacySpan, vocab: _Vocab) -> list:
    toks = [t for t in ent if not (t.is_punct or t.lower_ in vocab.possessives)]
    while toks and toks[0].lower_ in vocab.titles:
        toks = toks[1:]
    return toks


def _same_surname(a: str, b: str) -> bool:
    """Spelling variants of one surname ("Boluarte"/"Boularte"); short names must match exactly."""
    if a == b:
        return True
    return min(len(a), len(b)) >= 5 and a[0] == b[0] and fuzz.ratio(a, b) >= 85


class _Surnames:
    """Surnames looked up as :func:`_same_surname` reads them, comparing a word only with the
    surnames that share its first letter and are close to it in length (a ratio of 85 needs the
    lengths within 15% of their sum), never with every person's."""

    def __init__(self) -> None:
        self._exact: dict[str, set[int]] = {}
        self._by_start: dict[str, dict[int, set[str]]] = {}

    def add(self, surname: str, pi: int) -> None:
        self._exact.setdefault(surname, set()).add(pi)
        self._by_start.setdefault(surname[:1], {}).setdefault(len(surname), set()).add(surname)

    def persons(self, word: str) -> set[int]:
        """Indices of the persons with a surname that :func:`_same_surname` matches to ``word``."""
        hits = set(self._exact.get(word, ()))
        n = len(word)
        if n < 5:
            return hits
        for m, names in self._by_start.get(word[:1], {}).items():
            if m < 5 or abs(m - n) * 5 > m + n:  # 20% > 15%: a margin, the exact test follows
                continue
            for s in names:
                if s != word and _same_surname(s, word):
                    hits |= self._exact[s]
        return hits


def _country_before(doc: Doc, first: int) -> tuple[Optional[str], int]:
    i = first
    country = None
    while i > 0 and (doc[i - 1].ent_type_ == "NORP" or doc[i - 1].pos_ == "ADJ"):
        cc = gazetteer.demonym_country(doc[i - 1].text)
        if not cc:
            break
        country = country or cc
        i -= 1
    return country, i


def build(doc: Doc, sents: list[SpacySpan], heading_starts: set[int], country_hint: Optional[str] = None,
          text: Optional[str] = None) -> dict:
    """The mention layer of a Doc as plain data (stored on ``doc._.corroborator_mentions``).
    ``text`` is the Doc's text when the caller has it (``doc.text`` is rebuilt token by token)."""
    vocab = _vocab()
    ents = list(doc.ents)
    persons, aliases, mentions = _persons(doc, ents, vocab)
    mentions.sort()
    _titled_references(doc, persons, mentions, vocab)
    paras = paragraphs(doc, sents, heading_starts, text)
    sent_of = {}
    for si, s in enumerate(sents):
        for i in range(s.start, s.end):
            sent_of[i] = si
    people = roster(doc, sents, paras)
    for p in persons:
        p["gender"] = next((people["gender"][n] for n in [p["name"], *p["variants"]] if n in people["gender"]), None)
    antecedents = _group_antecedents(doc, paras, sent_of, vocab)
    countries, main = _countries(ents, country_hint)
    return {
        "roster": people,
        "paragraphs": paras,
        "persons": persons,
        "aliases": aliases,
        "mentions": mentions,
        "antecedents": antecedents,
        "countries": countries,
        "main_country": main,
    }




def _persons(doc: Doc, ents: list, vocab: _Vocab) -> tuple[list[dict], dict[str, int], list[list[int]]]:
    """Persons of the PERSON entities (full names first, so that a later bare surname finds its
    person; a surname two persons share names neither), their aliases and token mentions."""
    persons: list[dict] = []
    aliases: dict[str, int] = {}
    mentions: list[list[int]] = []
    surnames = _Surnames()
    singles: list[tuple[SpacySpan, str]] = []

    def person_for_surname(surname: str) -> Optional[int]:
        hits = surnames.persons(surname)
        return hits.pop() if len(hits) == 1 else None

    for ent in ents:
        if ent.label_ != "PERSON":
            continue
        toks = _name_tokens(ent, vocab)
        if len(toks) < 2:
            if toks:
                singles.append((ent, toks[-1].text))
            continue
        full = " ".join(t.text for t in toks)
        title, first, kind = _title_before(doc, ent.start, vocab)
        country, _ = _country_before(doc, first)
        pi = aliases.get(full.lower())
        if pi is None:
            pi = person_for_surname(toks[-1].lower_)
            if pi is not None and persons[pi]["name"].split()[0].lower() != toks[0].lower_:
                pi = None  # same surname, other first name: another person
        if pi is None:
            pi = len(persons)
            persons.append({"name": full, "kind": kind, "country": country, "titles": [], "title_at": [], "variants": []})
            surnames.add(toks[-1].lower_, pi)
        p = persons[pi]
        p["kind"] = p["kind"] or kind
        p["country"] = p["country"] or country
        if title and title not in p["titles"]:
            p["titles"].append(title)
            p["title_at"].append([title, first])
        if full not in p["variants"]:
            p["variants"].append(full)
        aliases[full.lower()] = pi
        mentions.append([toks[0].i, toks[-1].i + 1, pi])
    for ent, word in singles:
        pi = aliases.get(word.lower())
        if pi is None:
            pi = person_for_surname(word.lower())
        if pi is None and surnames.persons(word.lower()):
            continue  # the surname of two or more persons: ambiguous, not a new person
        if pi is None:
            title, first, kind = _title_before(doc, ent.start, vocab)
            pi = len(persons)
            persons.append({"name": word, "kind": kind, "country": _country_before(doc, first)[0], "titles": [title] if title else [],
                            "title_at": [[title, first]] if title else [], "variants": []})
            surnames.add(word.lower(), pi)
        if word not in persons[pi]["variants"]:
            persons[pi]["variants"].append(word)
        aliases.setdefault(word.lower(), pi)
        mentions.append([ent.start, ent.end, pi])
    return persons, aliases, mentions


def _titled_references(doc: Doc, persons: list[dict], mentions: list[list[int]], vocab: _Vocab) -> None:
    """'the prime minister' after 'Prime Minister Alberto Otarola': a mention of that person."""
    by_title: dict[str, set[int]] = {}
    for pi, p in enumerate(persons):
        for t in p["titles"]:
            words = t.split()
            if any(w in vocab.past_titles for w in words):
                continue  # "former interior minister": "the interior minister" is someone else
            for k in range(len(words)):  # "acting interior minister" is also "interior minister", "minister"
                suffix = " ".join(words[k:])
                if suffix in vocab.titles:
                    by_title.setdefault(suffix, set()).add(pi)
    if not by_title:
        return
    covered = {i for s, e, _ in mentions for i in range(s, e)}
    first_mention = {}
    for s, _, pi in mentions:
        first_mention.setdefault(pi, s)
    found = []
    for tok in doc:
        if tok.lower_ != "the" or tok.i in covered:
            continue
        for n in range(vocab.max_title_len, 0, -1):
            end = tok.i + 1 + n
            if end > len(doc):
                continue
            words = " ".join(t.lower_ for t in doc[tok.i + 1 : end])
            cands = {pi for pi in by_title.get(words, []) if first_mention.get(pi, len(doc)) < tok.i}
            nxt = doc[end] if end < len(doc) else None
            if words in vocab.titles and len(cands) == 1 and not (nxt is not None and nxt.ent_type_ == "PERSON"):
                if nxt is None or nxt.lower_ != "of":
                    found.append([tok.i, end, cands.pop()])
                break
    mentions.extend(found)
    mentions.sort()


def _group_antecedents(doc: Doc, paras: list[int], sent_of: dict, vocab: _Vocab) -> list[list]:
    """[pronoun token, start, end]: they/them/their to the most recent plural group noun phrase
    within the pronoun's reach. (Persons are resolved by :meth:`PersonIndex.last_person_before`.)"""
    out: list[list] = []
    last_group: Optional[tuple[int, int]] = None  # (start, end) of a plural group noun phrase
    for tok in doc:
        if _plural_group(tok, vocab):
            left = min([t.i for t in tok.subtree if t.i <= tok.i and t.dep_ in ("amod", "compound", "det", "nmod", "poss")] + [tok.i])
            last_group = (left, tok.i + 1)
        if tok.lower_ in vocab.plural_pronouns and last_group and _near(last_group[0], sent_of.get(tok.i), paras, sent_of, vocab):
            out.append([tok.i, last_group[0], last_group[1]])
    return out


def _plural_group(tok, vocab: _Vocab) -> bool:
    """A plural noun a later 'they' can refer to: an actor noun anywhere, or any plural subject
    (also inside a partitive subject: "hundreds of farmers")."""
    if tok.tag_ not in ("NNS", "NNPS"):
        return False
    if tok.lower_ in vocab.group_nouns:
        return True
    if tok.dep_ in ("nsubj", "nsubjpass"):
        return True
    return tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.head.head.dep_ in ("nsubj", "nsubjpass")


def _near(tok_i: int, here: Optional[int], paras: list[int], sent_of: dict, vocab: _Vocab) -> bool:
    there = sent_of.get(tok_i)
    if here is None or there is None:
        return False
    return paras[here] - paras[there] <= vocab.reach_paragraphs and here - there <= vocab.reach_sentences


def reach_start(sent_starts: list[int], sent_paragraph: list[int], pos: int) -> int:
    """The first character offset a pronoun at ``pos`` may look back to: the start of the earliest
    sentence within its reach (``pronoun_reach`` in mention_rules.json); -1 with no sentences."""
    if not sent_starts:
        return -1
    vocab = _vocab()
    here = max(bisect.bisect_right(sent_starts, pos) - 1, 0)
    j = here
    while j > 0 and here - (j - 1) <= vocab.reach_sentences and sent_paragraph[here] - sent_paragraph[j - 1] <= vocab.reach_paragraphs:
        j -= 1
    return sent_starts[j]


def _countries(ents, hint: Optional[str]) -> tuple[list[str], Optional[str]]:
    counts: dict[str, int] = {}
    gz = gazetteer.default()
    for ent in ents:
        cc = gz.country_code(ent.text) if ent.label_ == "GPE" else gz.demonym(ent.text) if ent.label_ == "NORP" else None
        if cc:
            counts[cc] = counts.get(cc, 0) + 1
    main = None
    if counts:
        top, n = max(counts.items(), key=lambda kv: kv[1])
        if n >= 2 and n * 2 >= sum(counts.values()):
            main = top
    if hint:
        main = hint.upper()
    ordered = ([hint.upper()] if hint else []) + [cc for cc, _ in sorted(counts.items(), key=lambda kv: -kv[1])]
    return list(dict.fromkeys(ordered)), main


# ---------------------------------------------------------------------- the roster

# spaCy entity labels (schema constants, not words): things an "it"/"its" can stand for
THING_ENTS = frozenset({"ORG", "WORK_OF_ART", "LAW", "PRODUCT", "EVENT"})
_POSSESSIVE = re.compile(r"(?:['’]s|['’])$")


def strip_possessive(text: str) -> str:
    """'Castillo's' -> 'Castillo'."""
    return _POSSESSIVE.sub("", text).strip()


def clean_person_name(ent: SpacySpan) -> Optional[str]:
    """A PERSON entity's name as written, without titles and the possessive ("President Pedro
    Castillo's" -> "Pedro Castillo"), or None when no word of it is capitalised."""
    titles = _vocab().speaker_titles
    toks = [t for t in ent if not t.is_punct and t.tag_ != "POS"]
    while toks and toks[0].lower_.rstrip(".") in titles:
        toks = toks[1:]
    if not toks or not any(t.text[:1].isupper() for t in toks):
        return None
    doc = ent.doc
    # keep the text as written between the first and last word ("Kassym-Jomart Tokayev")
    return strip_possessive(doc[toks[0].i : toks[-1].i + 1].text)  # (doc.text would rebuild the whole text)


def pronoun_gender(word: str) -> Optional[str]:
    """"m" for he/him/his/himself, "f" for she/her/hers/herself, else None."""
    return _vocab().pronoun_gender.get(word.lower())


def name_as_written(text: str) -> Optional[str]:
    """A person's name as a text writes it, without the titles before it and the possessive
    ("President Pedro Castillo's" -> "Pedro Castillo"), or None when no word of it is capitalised:
    :func:`clean_person_name` for a record that keeps only an entity's text."""
    titles = _vocab().speaker_titles
    words = strip_possessive(text.strip()).split()
    while words and words[0].lower().rstrip(".") in titles:
        words = words[1:]
    if not words or not any(w[:1].isupper() for w in words):
        return None
    return " ".join(words)


def _strip_det(text: str, vocab: _Vocab) -> str:
    parts = text.split(" ", 1)
    if len(parts) == 2 and parts[0].lower() in vocab.determiners:
        return parts[1]
    return text


def _role_before(ent: SpacySpan, vocab: _Vocab) -> list[str]:
    """Title words written just before (or at the start of) a person's name: "Prime Minister X",
    "Kazakhstan's president, X" (an apposition)."""
    doc = ent.doc
    titles = vocab.speaker_titles
    words: list = [t for t in ent if t.lower_.rstrip(".") in titles]
    j = ent.start - 1
    if j >= 1 and doc[j].text == "," and doc[j - 1].lower_ in titles:
        j -= 1
    while j >= 0 and doc[j].lower_.rstrip(".") in titles and ent.start - j < 5:
        words.insert(0, doc[j])
        j -= 1
    return [w.lower_.rstrip(".") for w in words]


def _titled_names(doc: Doc, vocab: _Vocab) -> list[tuple[int, str, list[str]]]:
    """Names the entity recogniser did not label PERSON but a title introduces: "President
    Kassym-Jomart Tokayev" (tagged ORG), "Kazakhstan's president, Kassym-Jomart Tokayev"."""
    titles = vocab.speaker_titles
    out = []
    n = len(doc)
    k = 0
    lows = [t.lower_ for t in doc]
    while k < n:
        low = lows[k]
        if (low not in titles and low.rstrip(".") not in titles) or low in vocab.generic_titles:
            k += 1
            continue
        j = k + 1
        while j < n and doc[j].lower_.rstrip(".") in titles:
            j += 1
        if j + 1 < n and doc[j].text == ",":
            j += 1
        e = j
        while e < n and e - j < 5 and (doc[e].pos_ == "PROPN" and doc[e].text[:1].isupper() or (doc[e].text == "-" and not doc[e].whitespace_)):
            e += 1
        if e - j >= 2 and not any(doc[x].ent_type_ in ("PERSON", "GPE", "NORP", "LOC", "FAC", "DATE") for x in range(j, e)):
            if doc[e - 1].text != "-" and doc[e - 1].lower_ not in vocab.speaker_group_nouns:
                role = [w.lower_.rstrip(".") for w in doc[max(0, k - 3) : j] if w.lower_.rstrip(".") in titles]
                out.append((doc[j].idx, doc[j:e].text, role))
                k = e
                continue
        k = j
    return out


def _gender_of(role: list[str], vocab: _Vocab) -> Optional[str]:
    if any(w in vocab.male_titles for w in role):
        return "m"
    if any(w in vocab.female_titles for w in role):
        return "f"
    return None


def _office(role: list[str], vocab: _Vocab) -> Optional[str]:
    """The office a title names ("prime minister"), None for honorifics alone or a past office
    ("former president": "the president" later is someone else)."""
    if any(w in vocab.past_titles for w in role):
        return None
    office = [w for w in role if w not in vocab.generic_titles]
    return " ".join(office) if office else None


def roster(doc: Doc, sents: Optional[list[SpacySpan]] = None, paras: Optional[list[int]] = None) -> dict:
    """Persons (by character offset, expanded to the full name), organisations and other named
    things, surname and first-name expansion, gender, and offices, as plain data (the
    ``"roster"`` of the mention layer; :class:`PersonIndex` reads it)."""
    vocab = _vocab()
    r = PersonIndex()
    full_by_last: dict[str, set[str]] = {}
    full_by_first: dict[str, set[str]] = {}

    def known(name: str) -> None:
        parts = name.split()
        if len(parts) > 1:
            full_by_last.setdefault(parts[-1], set()).add(name)
            full_by_first.setdefault(parts[0], set()).add(name)

    for ent in doc.ents:
        if ent.label_ == "PERSON":
            name = clean_person_name(ent)
            if not name:
                continue
            r.person_pos.append(ent.start_char)
            r.person_name.append(name)
            known(name)
            role = _role_before(ent, vocab)
            g = _gender_of(role, vocab)
            if g:
                r.gender.setdefault(name, g)
            office = _office(role, vocab)
            if office:
                r.roles.append((ent.start_char, office, name))
        elif ent.label_ in THING_ENTS:
            r.thing_pos.append(ent.start_char)
            r.thing_name.append(_strip_det(strip_possessive(ent.text), vocab))
    for start, name, role in _titled_names(doc, vocab):
        r.add_person(start, name)
        known(name)
        g = _gender_of(role, vocab)
        if g:
            r.gender.setdefault(name, g)
        office = _office(role, vocab) if role else None
        if office:
            r.roles.append((start, office, name))
    r.roles.sort()
    for last, fulls in full_by_last.items():
        r.surname[last] = next(iter(fulls)) if len(fulls) == 1 else None
    for first, fulls in full_by_first.items():
        if first not in r.surname:
            r.first_name[first] = next(iter(fulls)) if len(fulls) == 1 else None
    r.person_name = [r.full_name(n) for n in r.person_name]
    r.roles = [(p, o, r.full_name(n)) for p, o, n in r.roles]
    r.gender = {r.full_name(n): g for n, g in r.gender.items()}
    return {
        "person_pos": r.person_pos,
        "person_name": r.person_name,
        "thing_pos": r.thing_pos,
        "thing_name": r.thing_name,
        "surname": r.surname,
        "first_name": r.first_name,
        "gender": r.gender,
        "roles": [list(x) for x in r.roles],
        "sent_starts": [sent.start_char for sent in sents or []],
        "sent_paragraph": list(paras or []),
    }


@dataclass
class PersonIndex:
    """Persons, their offices and gender, and things named in a document, in document order,
    looked up by character offset: pronoun antecedents, surname and first-name expansion,
    definite roles ("the president"). :meth:`Mentions.person_index` hands each stage its own
    copy, which the stage may extend (``add_person``) while it reads the document."""

    person_pos: list[int] = field(default_factory=list)
    person_name: list[str] = field(default_factory=list)
    thing_pos: list[int] = field(default_factory=list)
    thing_name: list[str] = field(default_factory=list)
    surname: dict[str, Optional[str]] = field(default_factory=dict)  # "Fujimori" -> "Keiko Fujimori" (None if ambiguous)
    first_name: dict[str, Optional[str]] = field(default_factory=dict)  # "Zhanar" -> "Zhanar Sekerbayeva"
    gender: dict[str, str] = field(default_factory=dict)  # full name -> "m" | "f"
    roles: list[tuple[int, str, str]] = field(default_factory=list)  # (offset, office, full name)
    sent_starts: list[int] = field(default_factory=list)  # character offset of each sentence
    sent_paragraph: list[int] = field(default_factory=list)  # paragraph of each sentence
    _role_index: Optional[tuple[int, dict, dict]] = field(default=None, init=False, repr=False, compare=False)

    @classmethod
    def from_data(cls, data: dict) -> "PersonIndex":
        d = copy.deepcopy(data)
        d["roles"] = [tuple(x) for x in d["roles"]]
        return cls(**d)

    def add_person(self, pos: int, name: str) -> None:
        i = bisect.bisect_right(self.person_pos, pos)
        self.person_pos.insert(i, pos)
        self.person_name.insert(i, name)

    def last_person_before(self, pos: int, gender: Optional[str] = None, not_in=None) -> Optional[str]:
        """The antecedent of a person pronoun at ``pos`` (he, she, his, her): the last person named
        before it, within the pronoun's reach (:func:`reach_start`), whose known gender does not
        contradict ``gender``; ``not_in(pos)`` passes over mentions (those inside quotations, say),
        which are taken only when no other person is found. The one person resolver of the layer."""
        i = bisect.bisect_left(self.person_pos, pos)
        first = reach_start(self.sent_starts, self.sent_paragraph, pos)
        fallback = None
        while i:
            i -= 1
            if self.person_pos[i] < first:
                break
            name = self.person_name[i]
            if gender and self.gender.get(name, gender) != gender:
                continue
            if not_in is not None and not_in(self.person_pos[i]):
                fallback = fallback or name
                continue
            return name
        return fallback

    def last_thing_before(self, pos: int, not_before: int) -> Optional[str]:
        """The organisation or other named thing last named in [not_before, pos) ("it", "its")."""
        i = bisect.bisect_left(self.thing_pos, pos)
        if i and self.thing_pos[i - 1] >= not_before:
            return self.thing_name[i - 1]
        return None

    def full_name(self, name: str) -> str:
        """A lone surname or first name expanded to the one full name the text gives it."""
        if " " in name:
            return name
        return self.surname.get(name) or self.first_name.get(name) or name

    def holder_of(self, role: str, pos: int) -> Optional[str]:
        """The person last introduced with ``role`` ("prime minister") before ``pos``; a one-word
        role ("president") also matches a longer one that ends with it if only one person holds it."""
        by_role, by_last = self._roles_by_office()
        positions, names = by_role.get(role, ((), ()))
        k = bisect.bisect_left(positions, pos)
        if k:
            return names[k - 1]
        if " " not in role:
            positions, first, one_name = by_last.get(role, ((), None, ()))
            k = bisect.bisect_left(positions, pos)
            if k and one_name[k - 1]:
                return first
        return None

    def _roles_by_office(self) -> tuple[dict, dict]:
        """``roles`` indexed once (rebuilt only if roles were added): office -> (offsets, names)
        in text order; an office's last word -> (offsets, the first name, whether the names up
        to each offset are all that one)."""
        if self._role_index is None or self._role_index[0] != len(self.roles):
            roles = sorted(self.roles, key=lambda x: x[0])  # (stable: equal offsets keep their order)
            by_role: dict[str, tuple[list[int], list[str]]] = {}
            by_last: dict[str, tuple[list[int], str, list[bool]]] = {}
            for p, r, n in roles:
                ps, ns = by_role.setdefault(r, ([], []))
                ps.append(p)
                ns.append(n)
                last = r.split()[-1] if r.split() else r
                if last not in by_last:
                    by_last[last] = ([], n, [])
                ps, first, one = by_last[last]
                ps.append(p)
                one.append((not one or one[-1]) and n == first)
            self._role_index = (len(self.roles), by_role, by_last)
        return self._role_index[1], self._role_index[2]


# ---------------------------------------------------------------------- typed view


class Mentions:
    """Typed read access to the mention layer of one Doc."""

    def __init__(self, doc: Doc, data: dict) -> None:
        self.doc = doc
        self._data = data
        self.persons = [
            Person(index=i, name=p["name"], kind=p["kind"], country=p["country"], titles=tuple(p["titles"]), variants=tuple(p["variants"]), gender=p.get("gender"),
                   title_at=tuple((t, i) for t, i in p.get("title_at", ())))
            for i, p in enumerate(data["persons"])
        ]
        self._at = {}
        for s, e, pi in data["mentions"]:
            for i in range(s, e):
                self._at[i] = pi
        self._groups = {a[0]: a[1:] for a in data["antecedents"]}
        self._read_only: Optional[PersonIndex] = None
        self._variant_surnames: Optional[_Surnames] = None
        self._by_surname: dict[str, Optional[int]] = {}

    def _surnames(self) -> _Surnames:
        """The last words of every person's variants, indexed once (for :meth:`person_named`)."""
        if self._variant_surnames is None:
            self._variant_surnames = _Surnames()
            for p in self.persons:
                for v in p.variants:
                    self._variant_surnames.add(v.split()[-1].lower(), p.index)
        return self._variant_surnames

    @property
    def main_country(self) -> Optional[str]:
        return self._data["main_country"]

    @property
    def countries(self) -> list[str]:
        return list(self._data["countries"])

    def paragraph(self, sentence_index: int) -> int:
        paras = self._data["paragraphs"]
        return paras[sentence_index] if 0 <= sentence_index < len(paras) else -1

    def person_named(self, text: str) -> Optional[Person]:
        """The person a name refers to ("Castillo", "Pedro Castillo", "President Pedro Castillo")."""
        vocab = _vocab()
        words = [w for w in text.replace("’s", "").replace("'s", "").split() if w]
        while words and " ".join(words[:2]).lower() in vocab.titles:
            words = words[2:]
        while words and words[0].lower() in vocab.titles:
            words = words[1:]
        if not words:
            return None
        pi = self._data["aliases"].get(" ".join(words).lower())
        if pi is None:
            pi = self._data["aliases"].get(words[-1].lower())
        if pi is None:
            word = words[-1].lower()
            pi = self._by_surname.get(word, -1)
            if pi == -1:  # each word compared with the surnames once per document
                hits = self._surnames().persons(word)
                pi = self._by_surname[word] = next(iter(hits)) if len(hits) == 1 else None
        return self.persons[pi] if pi is not None else None

    def person_at(self, token) -> Optional[Person]:
        """The person a token is part of a mention of (a name or a titled reference)."""
        pi = self._at.get(token.i)
        return self.persons[pi] if pi is not None else None

    def mentions_of(self, person: Person) -> list[SpacySpan]:
        return [self.doc[s:e] for s, e, pi in self._data["mentions"] if pi == person.index]

    def person_index(self) -> PersonIndex:
        """A fresh, stage-private copy of the document's :class:`PersonIndex`."""
        return PersonIndex.from_data(self._data["roster"])

    def holder_of(self, office: str, pos: int) -> Optional[str]:
        """Full name of the person last introduced with ``office`` before character ``pos``
        ("the president" -> the president named before; never a "former" one)."""
        return self._index().holder_of(office, pos)

    def full_name(self, name: str) -> str:
        """A lone surname or first name expanded to the full name the text gives it."""
        return self._index().full_name(name)

    def gender(self, name: str) -> Optional[str]:
        """"m" | "f" of a full name, from an honorific or gendered title, else None."""
        return self._data["roster"]["gender"].get(name)

    def thing_before(self, pos: int, not_before: int = 0) -> Optional[str]:
        """The organisation or other named thing an "it"/"its" at ``pos`` stands for."""
        return self._index().last_thing_before(pos, not_before)

    def _index(self) -> PersonIndex:
        if self._read_only is None:
            self._read_only = self.person_index()
        return self._read_only

    def antecedent(self, token) -> Union[Person, SpacySpan, None]:
        """What a pronoun refers to: a Person (he, she: :meth:`PersonIndex.last_person_before`) or a
        group noun phrase (they)."""
        vocab = _vocab()
        low = token.lower_
        if low in vocab.singular_pronouns:
            name = self._index().last_person_before(token.idx, vocab.pronoun_gender.get(low))
            return self.person_named(name) if name else None
        a = self._groups.get(token.i)
        return self.doc[a[0] : a[1]] if a is not None else None
