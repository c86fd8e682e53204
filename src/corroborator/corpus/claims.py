"""Claims across sources: sentences in different articles that assert the same thing.

The store keeps every event, statistic, attributed and causal sentence as a claim. Two
claims from different duplicate groups (and not from articles about two different
countries) are linked when their content words overlap enough (Jaccard >=
``WORD_THRESHOLD``), or, with ``embeddings``, when the cosine of their MiniLM embeddings is
>= ``EMBED_THRESHOLD``; clusters grow best pair first with complete linkage. Candidates come
from an inverted index over content words (words in more than ``MAX_DF`` of the claims are
not indexed), so the cost stays close to linear. Each linked claim reports how many
independent sources (duplicate groups) and outlets back it, and flags ``figures_differ``
when its sentences give different numbers.

The thresholds were measured on ``tests/data/multisource_claims.jsonl`` (31 pairs of
sentences that assert the same thing, 17 hard negatives, labelled before scoring; see
``evaluate.evaluate_claims_key`` and docs/corpus.md): the lowest threshold with no wrong pair
on the key, Jaccard 0.30 (precision 1.00, recall 0.19) and cosine 0.70 (1.00, 0.32).
"""

from __future__ import annotations

import calendar
import re
from collections import Counter, defaultdict
from typing import Optional

from .link import content_words

WORD_THRESHOLD = 0.30  # measured on the claims key (module docstring)
EMBED_THRESHOLD = 0.70
MIN_SHARED = 3
MAX_DF = 0.05
_NUMBER = re.compile(r"\d[\d,.]*\d|\d")
_MONTH = "|".join(m for m in calendar.month_name if m)
_DATE = re.compile(rf"\b(?:\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{_MONTH})|(?:{_MONTH})\s+\d{{1,2}}(?:st|nd|rd|th)?|(?:1[89]|20)\d\d)\b")


def _numbers(text: str) -> frozenset:
    """The figures a sentence gives (dates and years left out)."""
    return frozenset(n.replace(",", "") for n in _NUMBER.findall(_DATE.sub(" ", text or "")))


def cluster_claims(words: list[frozenset], groups: list[str], countries: list[Optional[str]], similarity,
                   threshold: float) -> list[list[int]]:
    """Clusters (lists of indexes) of sentences that assert the same thing.

    Candidates share at least ``MIN_SHARED`` indexed content words (an inverted index; words in
    more than ``MAX_DF`` of the sentences are not indexed) and come from different duplicate
    groups and not from two different countries. A candidate pair is linked when
    ``similarity(i, j) >= threshold``; pairs are merged best first with complete linkage (every
    pair of sources across two clusters must pass), so a chain of loosely similar sentences
    never glues unrelated claims together.
    """
    df = Counter(w for ws in words for w in ws)
    cap = max(20, int(MAX_DF * len(words)))
    index: dict[str, list[int]] = defaultdict(list)
    scored = []
    for i, ws in enumerate(words):
        shared: Counter = Counter()
        for w in ws:
            if df[w] <= cap:
                shared.update(index[w])
                index[w].append(i)
        for j, n in shared.items():
            if n < MIN_SHARED or groups[j] == groups[i]:
                continue
            if countries[i] and countries[j] and countries[i] != countries[j]:
                continue  # a claim about one country is not a claim about another
            sim = similarity(i, j)
            if sim >= threshold:
                scored.append((sim, j, i))
    scored.sort(key=lambda x: (-x[0], x[1], x[2]))
    parent = list(range(len(words)))
    members: dict[int, list[int]] = {i: [i] for i in range(len(words))}

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for _, i, j in scored:
        ri, rj = find(i), find(j)
        if ri == rj:
            continue
        if all(groups[x] == groups[y] or similarity(x, y) >= threshold for x in members[ri] for y in members[rj]):
            parent[rj] = ri
            members[ri].extend(members.pop(rj))
    return [sorted(m) for m in members.values()]


def link_claims(store, *, embeddings: bool = False, min_sources: int = 2, text: Optional[str] = None,
                outlet: Optional[str] = None) -> list[dict]:
    rows = store.conn.execute(
        "SELECT c.*, a.outlet, a.published, a.country AS a_country, COALESCE(d.group_id, a.id) AS grp FROM claims c "
        "JOIN articles a ON a.id = c.article_id LEFT JOIN duplicates d ON d.article_id = a.id ORDER BY a.rowid, c.sentence_index"
    ).fetchall()
    words = [content_words(r["text"]) for r in rows]
    if embeddings and rows:
        import numpy as np

        from ..nlp._event_model import embed

        vecs = np.asarray(embed([r["text"] for r in rows]), dtype=np.float32)
        vecs /= np.maximum(np.linalg.norm(vecs, axis=1, keepdims=True), 1e-9)

        def similarity(i: int, j: int) -> float:
            return float(vecs[i] @ vecs[j])

        threshold = EMBED_THRESHOLD
    else:
        def similarity(i: int, j: int) -> float:
            union = words[i] | words[j]
            return len(words[i] & words[j]) / len(union) if union else 0.0

        threshold = WORD_THRESHOLD
    found = cluster_claims(words, [r["grp"] for r in rows], [r["a_country"] for r in rows], similarity, threshold)
    out = []
    for members in found:
        groups = {rows[i]["grp"] for i in members}
        if len(groups) < min_sources:
            continue
        ms = [rows[i] for i in members]
        if text and not any(text.lower() in (r["text"] or "").lower() for r in ms):
            continue
        if outlet and not any(outlet.lower() in (r["outlet"] or "").lower() for r in ms):
            continue
        numbers = {_numbers(r["text"]) for r in ms if _numbers(r["text"])}
        first = min(ms, key=lambda r: (r["published"] or "9999", r["id"]))
        out.append({
            "claim": first["text"],
            "n_sources": len(groups),
            "n_outlets": len({r["outlet"] for r in ms if r["outlet"]}),
            "figures_differ": len(numbers) > 1,
            "members": [
                {"claim_id": r["id"], "article_id": r["article_id"], "outlet": r["outlet"], "published": r["published"],
                 "speaker": r["speaker"], "kind": r["kind"], "text": r["text"]}
                for r in ms
            ],
        })
    out.sort(key=lambda c: (-c["n_sources"], c["claim"]))
    return out
