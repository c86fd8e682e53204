"""The mention layer: who and what a document talks about, built once per Doc.

One component (``corroborator_mentions``, right after sentence splitting) finds

* **paragraphs**: a paragraph id per sentence (a line break or a heading between two
  sentences starts a new paragraph);
* **persons**, one structure: every name of a person the text writes is read one way
  (:func:`name_bounds`: titles and possessive out, a hyphenated given name whole, no line break
  inside) -- the PERSON entities, names only a title introduces ("President Kassym-Jomart
  Tokayev" tagged ORG), and a full name left untagged whose surname the recogniser tagged
  elsewhere -- and grouped once (:func:`_group`): full names first (the same name, or a surname
  spelt alike, "Boularte"/"Boluarte", with compatible given names, "Jomart Tokayev"/"Kassym-Jomart
  Tokayev"; the fullest form names the person), then one-word names (a unique surname or first
  name). Each person carries its canonical name, variants, titles with the token where each was
  read, actor kind (``codebooks/actors.json``), nationality, gender (an honorific or gendered
  title: "Mrs.", "spokesman") and offices (not "former" ones);
* **person mentions**: token spans that refer to a person: the names above, a surname or first
  name left untagged, and a bare title that names a titled person met earlier ("the prime
  minister"); :meth:`Mentions.name_at` gives the name at a token (events' actors),
  :meth:`Mentions.person_named` the person a name refers to (coups);
* **pronoun antecedents**, with one reach (``pronoun_reach`` in ``mention_rules.json``: at most
  three sentences back, in the paragraph or the one before): he/she/his/her to the last person
  named whose gender (from an honorific or gendered title: "Mrs.", "spokesman") does not clash,
  by one resolver, :meth:`PersonIndex.last_person_before` (attribution calls it with the
  quotations to pass over; :meth:`Mentions.antecedent` without); they/them/their to the most
  recent plural group noun phrase; it/its to the organisation or named thing last named
  (:meth:`PersonIndex.last_thing_before`). These are three referent kinds (persons, groups,
  things), not three rule sets for one;
* **the roster**, a view of the same persons for :class:`PersonIndex` (by character offset):
  every name read under its person's name, aliases, surnames and first names to it, gender,
  offices, and the organisations and other named things an "it"/"its" can stand for. Stages take
  their own copy (:meth:`Mentions.person_index`) and may add the speakers they find;
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
from spacy.symbols import PROPN
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
    offices: tuple[tuple[str, int], ...] = ()  # (office, character offset of the name): offices held (no former ones)


@dataclass(frozen=True)
class NameMention:
    """A place the text writes a person's name: a PERSON entity or a name a title introduces, read
    by :func:`name_bounds`, or a surname or first name the recogniser left untagged."""

    start: int  # first token of the name
    end: int
    text: str  # as written
    person: Optional[Person]  # None when several persons carry the name ("Castro" after two Castros)


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
    propn = [doc[i] for i, pos in enumerate(doc.to_array("POS")) if pos == PROPN]  # (no Token built for other words)
    names = _read_names(doc, ents, propn, vocab)
    persons, of = _group(names, vocab)
    aliases = _aliases(persons)
    read = [[n.start, n.end, pi, n.text] for n, pi in zip(names, of)]
    covered = {i for n in names for i in range(n.start, n.end)}
    untagged = _untagged_names(propn, persons, aliases, covered)
    written = sorted(read + untagged, key=lambda x: x[0])
    mentions = [[s, e, pi] for s, e, pi, _ in written if pi is not None]
    _titled_references(doc, persons, mentions, vocab)
    paras = paragraphs(doc, sents, heading_starts, text)
    sent_of = {}
    for si, s in enumerate(sents):
        for i in range(s.start, s.end):
            sent_of[i] = si
    antecedents = _group_antecedents(doc, paras, sent_of, vocab)
    countries, main = _countries(ents, country_hint)
    return {
        # the pronoun resolver's candidates (one set for every stage) are the names read, and a
        # surname left untagged where it is a clause's subject (:func:`_subject_names`)
        "roster": _roster(doc, ents, persons, sorted(read + _subject_names(doc, untagged), key=lambda x: x[0]), aliases, [n for n, pi in zip(names, of) if pi is None], sents, paras),
        "paragraphs": paras,
        "persons": persons,
        "aliases": aliases,
        "names": written,
        "mentions": mentions,
        "antecedents": antecedents,
        "countries": countries,
        "main_country": main,
    }


# ---------------------------------------------------------------------- persons: one reading, one grouping


@dataclass(frozen=True)
class _Name:
    """One place the text writes a person's name (a PERSON entity, or a name a title introduces)."""

    start: int  # first token of the name as read by name_bounds (titles, possessive left out)
    end: int
    text: str  # as written ("Kassym-Jomart Tokayev"), whitespace collapsed
    pos: int  # character offset of its first token
    title: Optional[str]  # the titles written before it, lower case ("former interior minister")
    title_first: int  # the token where they start
    kind: Optional[str]  # actor kind the title gives (codebooks/actors.json)
    country: Optional[str]  # ISO code of a nationality written before the title
    role: tuple[str, ...]  # title and honorific words around the name (gender, office)


_HYPHENS = ("-", "\u2010")  # characters that join the parts of a hyphenated given name


def _is_title_word(tok, vocab: _Vocab) -> bool:
    low = tok.lower_
    return low in vocab.titles or low in vocab.speaker_titles or low.rstrip(".") in vocab.speaker_titles


def name_bounds(doc: Doc, start: int, end: int) -> Optional[tuple[int, int]]:
    """The tokens of the person's name in ``doc[start:end]`` (a PERSON entity, a run of proper
    nouns after a title): titles and punctuation before it, the possessive and punctuation after
    it left out, cut at a line break, and taken back over a hyphenated given name the recogniser
    cut ("Kassym-[Jomart Tokayev]"); None when no word of it is capitalised. The one reading of
    a name in the layer (:func:`clean_person_name` gives its text)."""
    vocab = _vocab()
    s, e = start, end
    while s < e and (doc[s].is_punct or doc[s].is_space or _is_title_word(doc[s], vocab)):
        s += 1
    while e > s and (doc[e - 1].is_punct or doc[e - 1].is_space or doc[e - 1].tag_ == "POS" or doc[e - 1].lower_ in vocab.possessives):
        e -= 1
    for k in range(s, e - 1):
        if "\n" in doc[k].whitespace_ or doc[k + 1].is_space:
            e = k + 1
            break
    if s >= e:
        return None
    while (s >= 2 and doc[s - 1].text in _HYPHENS and not doc[s - 1].whitespace_ and not doc[s - 2].whitespace_
           and doc[s - 2].is_alpha and doc[s - 2].text[:1].isupper()):
        s -= 2
    if not any(t.text[:1].isupper() for t in doc[s:e]):
        return None
    return s, e


def _name_text(doc: Doc, s: int, e: int) -> str:
    return strip_possessive(" ".join(doc[s:e].text.split()))


def _read_names(doc: Doc, ents: list, propn: list, vocab: _Vocab) -> list[_Name]:
    """Every name of a person the text writes, in text order: the PERSON entities and the names
    only a title introduces (:func:`_titled_names`), each read by :func:`name_bounds`."""
    persons = [(_given_name_before(doc, ent.start, vocab), ent.end) for ent in ents if ent.label_ == "PERSON"]
    out = _names_in(doc, persons + _titled_names(doc, vocab), vocab)
    out += _names_in(doc, _untagged_full_names(doc, ents, propn, out, vocab), vocab)
    out.sort(key=lambda n: n.start)
    return out


def _given_name_before(doc: Doc, start: int, vocab: _Vocab) -> int:
    """Where a PERSON entity's name starts: one capitalised proper noun just before it that no
    entity claims is its given name, which the recogniser left out ("spokeswoman Ana [Rey]",
    "will release Pablo [Emilio Moncayo]") -- unless it ends a longer run of proper nouns or an
    entity, where it is the last word of a title or an organisation ("UK PM [Boris Johnson]",
    "Broome County Executive [Jason Garnar]", "NLRB General Counsel [Peter Robb]")."""
    if start == 0 or doc[start - 1].ent_type_ or not _given_name_token(doc[start - 1], vocab):
        return start
    if start >= 2 and (doc[start - 2].pos_ == "PROPN" or doc[start - 2].ent_type_):
        return start
    return start - 1


def _names_in(doc: Doc, spans: list[tuple[int, int]], vocab: _Vocab) -> list[_Name]:
    out = []
    for start, end in spans:
        bounds = name_bounds(doc, start, end)
        if bounds is None:
            continue
        s, e = bounds
        title, first, kind = _title_before(doc, s, vocab)
        country, _ = _country_before(doc, first)
        out.append(_Name(start=s, end=e, text=_name_text(doc, s, e), pos=doc[s].idx, title=title, title_first=first,
                         kind=kind, country=country, role=tuple(_role_before(doc, min(start, s), e, vocab))))
    return out


# spaCy entity labels (schema constants, not words) a word of a person's name does not carry
_NOT_NAME_ENTS = frozenset({"PERSON", "GPE", "NORP", "LOC", "FAC", "DATE"})


def _untagged_full_names(doc: Doc, ents: list, propn: list, names: list[_Name], vocab: _Vocab) -> list[tuple[int, int]]:
    """Full names the recogniser left untagged whose last word it read as a name elsewhere
    ("Police detained Aibek-Nurlan Sadykov ... Sadykov said"): capitalised proper nouns (and the
    hyphens joining them) written just before that word, no title or place among them, outside
    any entity or making up one (a mislabelled name, not "the Second Tokayev cabinet")."""
    lasts = {n.text.split()[-1].lower() for n in names}
    covered = {i for n in names for i in range(n.start, n.end)}
    ent_of = {i: (e.start, e.end) for e in ents for i in range(e.start, e.end)}
    out = []
    for tok in propn:
        if tok.i in covered or tok.lower_ not in lasts or tok.ent_type_ in _NOT_NAME_ENTS:
            continue
        s = tok.i
        while s > 0 and s - 1 not in covered and tok.i - s < 4 and _given_name_token(doc[s - 1], vocab):
            s += -1
        while s < tok.i and doc[s].text in _HYPHENS:
            s += 1
        if s < tok.i and ent_of.get(tok.i, (s, tok.i + 1)) == (s, tok.i + 1):  # no entity, or one that is the name
            out.append((s, tok.i + 1))
    return out


def _given_name_token(tok, vocab: _Vocab) -> bool:
    if "\n" in tok.whitespace_ or tok.ent_type_ in _NOT_NAME_ENTS or _is_title_word(tok, vocab):
        return False
    if tok.text in _HYPHENS:
        return not tok.whitespace_
    return tok.pos_ == "PROPN" and tok.is_alpha and tok.text[:1].isupper() and not tok.like_num


def _given(name: str) -> frozenset:
    """The given-name parts of a full name, lower case ("Kassym-Jomart Tokayev" -> kassym, jomart)."""
    return frozenset(p.rstrip(".") for w in name.lower().split()[:-1] for p in re.split("[" + "".join(_HYPHENS) + "]", w) if p)


def _same_given(a: str, b: str) -> bool:
    """Two full names with one surname name one person when the given names of one are among the
    other's ("Jomart Tokayev", "Kassym-Jomart Tokayev", "Kassym Jomart Tokayev")."""
    ga, gb = _given(a), _given(b)
    return ga <= gb or gb <= ga


def _group(names: list[_Name], vocab: _Vocab) -> tuple[list[dict], list[Optional[int]]]:
    """The persons the names refer to, and the person of each name (None: a surname or first name
    several persons carry). Full names first, in text order: the same name again, or a surname
    spelt alike (:func:`_same_surname`) with compatible given names (:func:`_same_given`); the
    fullest form names the person. Then one-word names: a name read before, the surname or first
    name of one person only; else a new person."""
    persons: list[dict] = []
    of: list[Optional[int]] = [None] * len(names)
    seen: dict[str, int] = {}
    surnames = _Surnames()
    for k, n in enumerate(names):
        words = n.text.split()
        if len(words) < 2:
            continue
        pi = seen.get(n.text.lower())
        if pi is None:
            hits = [h for h in sorted(surnames.persons(words[-1].lower())) if _same_given(persons[h]["name"], n.text)]
            pi = hits[0] if len(hits) == 1 else None
        if pi is None:
            pi = len(persons)
            persons.append(_new_person(n.text))
        elif len(_given(n.text)) > len(_given(persons[pi]["name"])):
            persons[pi]["name"] = n.text
        surnames.add(words[-1].lower(), pi)
        seen[n.text.lower()] = of[k] = pi
    firsts: dict[str, set[int]] = {}
    for full, pi in seen.items():
        firsts.setdefault(full.split()[0], set()).add(pi)
    for k, n in enumerate(names):
        if " " in n.text:
            continue
        key = n.text.lower()
        pi = seen.get(key)
        if pi is None:
            hits = surnames.persons(key) or firsts.get(key, set())
            if len(hits) > 1:
                continue  # a name two or more persons carry: ambiguous, not a new person
            pi = next(iter(hits), None)
        if pi is None:
            pi = len(persons)
            persons.append(_new_person(n.text))
            surnames.add(key, pi)
        seen[key] = of[k] = pi
    for n, pi in zip(names, of):
        if pi is not None:
            _add_name(persons[pi], n, vocab)
    return persons, of


def _new_person(name: str) -> dict:
    return {"name": name, "kind": None, "country": None, "titles": [], "title_at": [], "variants": [], "gender": None, "offices": []}


def _add_name(p: dict, n: _Name, vocab: _Vocab) -> None:
    """What one name tells about its person: a variant, the title's kind, a nationality, the title
    where it was read, gender, the office held (not a former one)."""
    if n.text not in p["variants"]:
        p["variants"].append(n.text)
    p["kind"] = p["kind"] or n.kind
    p["country"] = p["country"] or n.country
    if n.title and n.title not in p["titles"]:
        p["titles"].append(n.title)
        p["title_at"].append([n.title, n.title_first])
    p["gender"] = p["gender"] or _gender_of(list(n.role), vocab)
    office = _office(list(n.role), vocab) if n.role else None
    if office:
        p["offices"].append([office, n.pos])


def _aliases(persons: list[dict]) -> dict[str, Optional[int]]:
    """Lower-case name -> person: every way the text writes a person's name, and the surname and
    the first name of a full name (a first name only when it is nobody's surname); None when
    several persons carry it."""
    out: dict[str, Optional[int]] = {}
    last: dict[str, set[int]] = {}
    first: dict[str, set[int]] = {}
    for pi, p in enumerate(persons):
        for v in [p["name"], *p["variants"]]:
            out.setdefault(v.lower(), pi)
            words = v.lower().split()
            if len(words) > 1:
                last.setdefault(words[-1], set()).add(pi)
                first.setdefault(words[0], set()).add(pi)
    for word, pis in last.items():
        out.setdefault(word, next(iter(pis)) if len(pis) == 1 else None)
    for word, pis in first.items():
        if word not in last:
            out.setdefault(word, next(iter(pis)) if len(pis) == 1 else None)
    return out


def _untagged_names(propn: list, persons: list[dict], aliases: dict, covered: set[int]) -> list[list]:
    """The surname or first name of a person with a full name written alone where the recogniser
    tagged no PERSON ("Tokayev" tagged ORG or nothing): a name of that person."""
    out = []
    for tok in propn:
        if tok.i in covered or tok.ent_type_ == "PERSON" or not tok.text[:1].isupper():
            continue
        pi = aliases.get(tok.lower_)
        if pi is not None and " " in persons[pi]["name"]:
            out.append([tok.i, tok.i + 1, pi, tok.text])
    return out


# spaCy dependency labels (schema constants, not words) of a clause's subject
_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})


def _subject_names(doc: Doc, untagged: list[list]) -> list[list]:
    """The untagged surnames (:func:`_untagged_names`) that are a pronoun's candidate antecedent:
    those written as a clause's subject. A name the recogniser missed is weaker evidence than one
    it read, so it stands for a later "he"/"she" only where it is the topic ("In November, Castillo
    had met the ANP ... but he had also met the OAS"), not as an object ("Boluarte, sworn in after
    Congress voted to remove Castillo, ... She said": "she" is Boluarte, not Castillo)."""
    return [w for w in untagged if doc[w[0]].dep_ in _SUBJECT_DEPS]


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
    Castillo's" -> "Pedro Castillo"), or None when no word of it is capitalised: the layer's one
    reading of a name (:func:`name_bounds`)."""
    bounds = name_bounds(ent.doc, ent.start, ent.end)
    return _name_text(ent.doc, *bounds) if bounds is not None else None


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


def _role_before(doc: Doc, start: int, end: int, vocab: _Vocab) -> list[str]:
    """Title words written just before (or at the start of) a person's name ``doc[start:end]``:
    "Prime Minister X", "Kazakhstan's president, X" (an apposition)."""
    titles = vocab.speaker_titles
    words: list = [t for t in doc[start:end] if t.lower_.rstrip(".") in titles]
    j = start - 1
    if j >= 1 and doc[j].text == "," and doc[j - 1].lower_ in titles:
        j -= 1
    while j >= 0 and doc[j].lower_.rstrip(".") in titles and start - j < 5:
        words.insert(0, doc[j])
        j -= 1
    return [w.lower_.rstrip(".") for w in words]


def _titled_names(doc: Doc, vocab: _Vocab) -> list[tuple[int, int]]:
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
                out.append((j, e))
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


def _roster(doc: Doc, ents: list, persons: list[dict], written: list[list], aliases: dict, loose: list[_Name], sents: list[SpacySpan],
            paras: list[int]) -> dict:
    """The persons as :class:`PersonIndex` reads them (plain data, the ``"roster"`` of the layer):
    every name written, by character offset, under its person's name (a name several persons
    carry as written, ``loose``); surnames, first names and aliases to the person's name; gender;
    offices; and the organisations and other named things an "it"/"its" can stand for."""
    vocab = _vocab()
    gender = {n.text: g for n in reversed(loose) if (g := _gender_of(list(n.role), vocab))}
    gender.update({p["name"]: p["gender"] for p in persons if p["gender"]})
    roles = [[p_pos, office, p["name"]] for p in persons for office, p_pos in p["offices"]]
    roles += [[n.pos, office, n.text] for n in loose if (office := _office(list(n.role), vocab))]
    by_last: dict[str, set[int]] = {}
    by_first: dict[str, set[int]] = {}
    for pi, p in enumerate(persons):
        for v in [p["name"], *p["variants"]]:
            words = v.split()
            if len(words) > 1:
                by_last.setdefault(words[-1], set()).add(pi)
                by_first.setdefault(words[0], set()).add(pi)

    def one(pis: set[int]) -> Optional[str]:
        return persons[next(iter(pis))]["name"] if len(pis) == 1 else None

    things = [e for e in ents if e.label_ in THING_ENTS]
    return {
        "person_pos": [doc[s].idx for s, _e, _pi, _t in written],
        "person_name": [persons[pi]["name"] if pi is not None else text for _s, _e, pi, text in written],
        "thing_pos": [e.start_char for e in things],
        "thing_name": [_strip_det(strip_possessive(e.text), vocab) for e in things],
        "surname": {w: one(pis) for w, pis in by_last.items()},
        "first_name": {w: one(pis) for w, pis in by_first.items() if w not in by_last},
        "alias": {k: (persons[pi]["name"] if pi is not None else None) for k, pi in aliases.items()},
        "gender": gender,
        "roles": sorted(roles),
        "sent_starts": [sent.start_char for sent in sents],
        "sent_paragraph": list(paras),
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
    alias: dict[str, Optional[str]] = field(default_factory=dict)  # any name the layer read, lower case -> the person's name
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
        """The name of the person a name refers to, as the mention layer grouped them: a variant
        ("Jomart Tokayev", "Boularte"), a lone surname or first name, each to the person's one name;
        a name the layer did not read, or several persons carry, as it is."""
        key = name.lower()
        if key in self.alias:
            return self.alias[key] or name
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
                   title_at=tuple((t, i) for t, i in p.get("title_at", ())), offices=tuple((o, c) for o, c in p.get("offices", ())))
            for i, p in enumerate(data["persons"])
        ]
        self._name_at: dict[int, NameMention] = {}
        for s, e, pi, text in data["names"]:
            mention = NameMention(start=s, end=e, text=text, person=self.persons[pi] if pi is not None else None)
            for i in range(s, e):
                self._name_at[i] = mention
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

    def name_at(self, token) -> Optional[NameMention]:
        """The name of a person a token is part of (not a titled reference: see :meth:`person_at`)."""
        return self._name_at.get(token.i)

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
