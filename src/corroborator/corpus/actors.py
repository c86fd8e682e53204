"""Actors across sources: one actor with its spelling variants, counts and articles.

Person names are grouped by surname (the last word of the canonical name), allowing a
small spelling difference ("Boularte"/"Boluarte", rapidfuzz ratio >= ``SURNAME_RATIO``)
when the first letters agree; a full name and a bare surname join ("Castillo", "Pedro
Castillo"), two different first names do not. Other actors group by their folded name.

A name is a person's when the event stage says so, when its text puts a title before it
("President Tokayev", whatever kind the stage gave it), or when the mention layer resolved
it from a shorter text ("Nazarbayev" -> "Nursultan Nazarbayev"). An actor that is only a
title ("the prime minister", "Kazakhstan's president") is resolved inside its article to
the person named beside it ("the president, X, said") or, else, to the last person named
earlier in the article with that office ("Prime Minister X ... the prime minister"); a
"former president" never resolves to the serving one, nor the reverse. The title joins the
person's variants. Title words are the mention layer's (``nlp.mentions.title_words``).
"""

from __future__ import annotations

import json
import logging
import re
from collections import Counter, defaultdict
from typing import Optional

from rapidfuzz import fuzz

from ..lexicons.gazetteer import fold

logger = logging.getLogger(__name__)

SURNAME_RATIO = 80


_TOKEN = re.compile(r"[^\W\d_]+(?:['’]s)?")
_DETERMINERS = frozenset({"the", "a", "an", "its", "their", "his", "her", "our"})


def _titles():
    from ..nlp.mentions import title_words

    return title_words()


def _tokens(text: str) -> list[str]:
    return [t.lower() for t in _TOKEN.findall(text or "")]


def title_only(name: str) -> Optional[tuple[frozenset, bool]]:
    """(office words, former?) when a name is nothing but a title ("the prime minister",
    "Kazakhstan's president", "former president"), else None."""
    tw = _titles()
    words = _tokens(name)
    if not words or words[-1] not in tw.words or words[-1] in tw.generic:
        return None
    for w in words[:-1]:
        if w not in tw.words and w not in _DETERMINERS and not w.endswith(("'s", "’s")):
            return None
    offices = frozenset(w for w in words if w in tw.words and w not in tw.generic)
    return offices, any(w in tw.past for w in words)


def titled_person(text: str, name: str) -> Optional[tuple[frozenset, bool]]:
    """(office words, former?) of the title written right before a name ("Prime Minister X",
    "Kazakhstan's President X"; not "the Prime Minister of X"), or None."""
    tw = _titles()
    name_words = _tokens(name)
    if not name_words:
        return None
    words = _tokens(text)
    while words and words[-1] in name_words:  # the name as written ("Mahinda Rajapaska")
        words.pop()
    run = []
    while words and words[-1] in tw.words:
        run.append(words.pop())
    offices = frozenset(w for w in run if w not in tw.generic)
    if not run:
        return None
    return offices, any(w in tw.past for w in run)


_APPOSITIVE = re.compile(r",\s+((?:[A-Z][\w’'-]*\.?\s+){0,3}[A-Z][\w’'-]+)\s*[,;]")


def _article_people(store, article_id: str) -> tuple[list[tuple[int, int, str]], str]:
    """(start, end, text) of the PERSON entities of an article's stored analysis, and its text."""
    row = store.conn.execute(
        "SELECT json_extract(analysis, '$.mentions.entities'), json_extract(analysis, '$.article.text') "
        "FROM articles WHERE id = ?", (article_id,)
    ).fetchone()
    if not row:
        return [], ""
    ents = json.loads(row[0]) if row[0] else []
    return sorted((e["start"], e["end"], e["text"]) for e in ents if e.get("label") == "PERSON"), row[1] or ""


def _named_beside(end: Optional[int], people: list[tuple[int, int, str]], text: str) -> Optional[str]:
    """The name in apposition right after a title: "the president, Kassym-Jomart Tokayev, said"."""
    if end is None:
        return None
    for s, _, name in people:
        if 0 < s - end <= 3 and text[end:s].strip() in ("", ","):
            return name
    m = _APPOSITIVE.match(text, end) if text else None
    if m and len(m.group(1).split()) >= 2 and not title_only(m.group(1)):
        return m.group(1)
    return None


def _full_name(surname: str, start: Optional[int], people: list[tuple[int, int, str]], known: Counter) -> Optional[str]:
    """The full name a bare surname stands for in its article: of the full names with that
    surname named before it, the one named most often (then the latest)."""
    cands: Counter = Counter()
    last: dict[str, int] = {}
    for s, _, name in people:
        if start is not None and s >= start:
            break
        words = name.split()
        if len(words) >= 2 and words[-1] == surname:
            cands[name] += 1
            last[name] = s
    for name, n in known.items():
        if len(name.split()) >= 2 and name.split()[-1] == surname:
            cands[name] += n
            last.setdefault(name, -1)
    if not cands:
        return None
    return max(cands, key=lambda n: (cands[n], last[n]))


def resolve_titles(actors: list[dict], people=None, text: str = "") -> list[dict]:
    """One article's actor mentions (``text``, ``name``, ``kind``, ``start``, ``end``) with bare
    titles resolved to a person named beside them or earlier in the article with that office, and
    bare surnames to the full name named earlier: each gets ``person`` (the resolved name, or the
    name itself when it is a person's, else None) and ``title`` (the title as written, when resolved).

    ``people`` are the article's PERSON entities (start, end, text) and ``text`` its text, or
    ``people`` is a function returning both, called only when they are needed."""
    loaded: list = [] if callable(people) else [(people or [], text)]

    def article() -> tuple[list, str]:
        if not loaded:
            loaded.append(people())
        return loaded[0]

    holders: dict[tuple, str] = {}
    known: Counter = Counter()  # full names of persons seen so far in the article
    out = []
    for a in sorted(actors, key=lambda a: (a.get("start") is None, a.get("start") or 0)):
        a = dict(a, person=None, title=None)
        name, written = a.get("name") or a.get("text") or "", a.get("text") or ""
        bare = title_only(name)
        if bare is None:
            titled = titled_person(written, name)
            short, full = fold(written).split(), fold(name).split()
            resolved = 0 < len(short) < len(full) and set(short) <= set(full)  # the mention layer's alias
            if a.get("kind") == "person" or titled or resolved:
                person = name
                if len(name.split()) == 1:
                    person = (_full_name(name, a.get("start"), [], known)
                              or _full_name(name, a.get("start"), article()[0], known) or name)
                a["person"] = person
                known[person] += 1
                if titled and titled[0]:
                    holders[titled] = person
        else:
            person = _named_beside(a.get("end"), *article()) or holders.get(bare)
            if person:
                a["person"], a["title"] = person, written or name
                holders[bare] = person
                known[person] += 1
        out.append(a)
    return out


def _entries(store):
    """(article, name, variant as written, kind, country) of every actor and target mention."""
    by_article: dict[str, list[dict]] = defaultdict(list)
    for article_id, actors, targets in store.conn.execute("SELECT article_id, actors, targets FROM events"):
        for blob in (actors, targets):
            for a in json.loads(blob) if blob else []:
                if (a.get("name") or a.get("text") or "").strip():
                    by_article[article_id].append(a)
    for article_id, mentions in by_article.items():
        seen: set = set()
        unique = []
        for a in mentions:  # an actor of two events of one sentence is one mention
            k = (a.get("start"), a.get("end"), a.get("name"))
            if a.get("start") is None or k not in seen:
                seen.add(k)
                unique.append(a)
        for a in resolve_titles(unique, lambda aid=article_id: _article_people(store, aid)):
            name = (a.get("name") or a.get("text") or "").strip()
            if a["person"]:
                yield article_id, a["person"], a["title"] or a["person"], "person", a.get("country")
            else:
                yield article_id, name, name, a.get("kind"), a.get("country")


def group_names(names: list[tuple[str, str]]) -> list[list[int]]:
    """Groups of indexes of (name, kind) pairs that denote one actor."""
    groups: list[list[int]] = []
    persons: dict[str, list[int]] = defaultdict(list)  # first letter of surname -> group indexes
    others: dict[str, int] = {}
    for i, (name, kind) in enumerate(names):
        words = fold(name).replace("-", " ").split() if kind == "person" else fold(name).split()
        if not words:
            continue
        if kind == "person":
            surname, first = words[-1], words[0] if len(words) > 1 else None
            for g in persons[surname[0]]:
                rep_words = fold(names[groups[g][0]][0]).replace("-", " ").split()
                rep_first = rep_words[0] if len(rep_words) > 1 else None
                if fuzz.ratio(surname, rep_words[-1]) >= SURNAME_RATIO and (not first or not rep_first or first == rep_first):
                    groups[g].append(i)
                    if first and not rep_first:  # keep the fullest name first
                        groups[g].insert(0, groups[g].pop())
                    break
            else:
                persons[surname[0]].append(len(groups))
                groups.append([i])
        else:
            key = " ".join(words)
            if key in others:
                groups[others[key]].append(i)
            else:
                others[key] = len(groups)
                groups.append([i])
    return groups


def rebuild_actors(store) -> int:
    """Recompute the actors and actor_variants tables; returns the number of actors."""
    counts: Counter = Counter()
    arts: dict[tuple, set] = defaultdict(set)
    info: dict[tuple, tuple] = {}
    titles: dict[tuple, dict[str, tuple[int, set]]] = defaultdict(dict)  # a person's titles as written
    for article_id, name, variant, kind, country in _entries(store):
        k = (name, kind or "other")
        counts[k] += 1
        arts[k].add(article_id)
        info.setdefault(k, (kind, country))
        if variant != name:
            n, a = titles[k].get(variant, (0, set()))
            titles[k][variant] = (n + 1, a | {article_id})
    keys = sorted(counts, key=lambda k: (-counts[k], k))
    actors = []
    for g in group_names(keys):
        members = [keys[i] for i in g]
        variants = {}
        for name, kind in members:
            n, a = variants.get(name, (0, set()))
            variants[name] = (n + counts[(name, kind)], a | arts[(name, kind)])
        names = dict(variants)
        for name, kind in members:
            for title, (n, a) in titles[(name, kind)].items():
                m, b = variants.get(title, (0, set()))
                variants[title] = (m + n, a | b)
                n0, a0 = variants[name]  # the title was counted under the name: not twice
                variants[name] = (n0 - n, a0)
        variants = {v: (n, a) for v, (n, a) in variants.items() if n > 0}
        canonical = max(names, key=lambda v: (len(fold(v).replace("-", " ").split()), names[v][0], v))
        kind, country = info[members[0]]
        actors.append({
            "name": canonical, "kind": kind, "country": country,
            "n_mentions": sum(n for n, _ in variants.values()),
            "n_articles": len(set().union(*(a for _, a in variants.values()))),
            "variants": variants,
        })
    actors.sort(key=lambda a: (-a["n_mentions"], a["name"]))
    store.replace_actors(actors)
    return len(actors)
