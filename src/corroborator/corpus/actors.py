"""Actors across sources: one actor with its spelling variants, counts and articles.

Person names are grouped by surname (the last word of the canonical name), allowing a
small spelling difference ("Boularte"/"Boluarte", rapidfuzz ratio >= ``SURNAME_RATIO``)
when the first letters agree; a full name and a bare surname join ("Castillo", "Pedro
Castillo"), two different first names do not. Other actors group by their folded name.
"""

from __future__ import annotations

import json
import logging
from collections import Counter, defaultdict

from rapidfuzz import fuzz

from ..lexicons.gazetteer import fold

logger = logging.getLogger(__name__)

SURNAME_RATIO = 80


def _entries(store):
    for article_id, actors, targets in store.conn.execute("SELECT article_id, actors, targets FROM events"):
        for blob in (actors, targets):
            for a in json.loads(blob) if blob else []:
                name = (a.get("name") or a.get("text") or "").strip()
                if name:
                    yield article_id, name, a.get("kind"), a.get("country")


def group_names(names: list[tuple[str, str]]) -> list[list[int]]:
    """Groups of indexes of (name, kind) pairs that denote one actor."""
    groups: list[list[int]] = []
    persons: dict[str, list[int]] = defaultdict(list)  # first letter of surname -> group indexes
    others: dict[str, int] = {}
    for i, (name, kind) in enumerate(names):
        words = fold(name).split()
        if not words:
            continue
        if kind == "person":
            surname, first = words[-1], words[0] if len(words) > 1 else None
            for g in persons[surname[0]]:
                rep_words = fold(names[groups[g][0]][0]).split()
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
    for article_id, name, kind, country in _entries(store):
        k = (name, kind or "other")
        counts[k] += 1
        arts[k].add(article_id)
        info.setdefault(k, (kind, country))
    keys = sorted(counts, key=lambda k: (-counts[k], k))
    actors = []
    for g in group_names(keys):
        members = [keys[i] for i in g]
        variants = {}
        for name, kind in members:
            n, a = variants.get(name, (0, set()))
            variants[name] = (n + counts[(name, kind)], a | arts[(name, kind)])
        canonical = max(variants, key=lambda v: (len(v.split()), variants[v][0]))
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
