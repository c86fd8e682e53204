"""Claims across sources: sentences in different articles that assert the same thing.

The store keeps every event, statistic, attributed and causal sentence as a claim. Two
claims from different duplicate groups are linked when their content words overlap enough
(Jaccard >= ``WORD_THRESHOLD``), or, with ``embeddings``, when the cosine of their MiniLM
embeddings is >= ``EMBED_THRESHOLD``. Candidates come from an inverted index over content
words (words in more than ``MAX_DF`` of the claims are not indexed), so the cost stays close
to linear. Each linked claim reports how many independent sources (duplicate groups) and
outlets back it, and flags ``figures_differ`` when its sentences give different numbers.

The thresholds are first guesses, not yet measured against a key of linked claims.
"""

from __future__ import annotations

import calendar
import re
from collections import Counter, defaultdict
from typing import Optional

from .link import content_words

WORD_THRESHOLD = 0.35
EMBED_THRESHOLD = 0.75
MIN_SHARED = 3
MAX_DF = 0.05
_NUMBER = re.compile(r"\d[\d,.]*\d|\d")
_MONTH = "|".join(m for m in calendar.month_name if m)
_DATE = re.compile(rf"\b(?:\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{_MONTH})|(?:{_MONTH})\s+\d{{1,2}}(?:st|nd|rd|th)?|(?:1[89]|20)\d\d)\b")


def _numbers(text: str) -> frozenset:
    """The figures a sentence gives (dates and years left out)."""
    return frozenset(n.replace(",", "") for n in _NUMBER.findall(_DATE.sub(" ", text or "")))


def link_claims(store, *, embeddings: bool = False, min_sources: int = 2, text: Optional[str] = None,
                outlet: Optional[str] = None) -> list[dict]:
    rows = store.conn.execute(
        "SELECT c.*, a.outlet, a.published, COALESCE(d.group_id, a.id) AS grp FROM claims c "
        "JOIN articles a ON a.id = c.article_id LEFT JOIN duplicates d ON d.article_id = a.id ORDER BY a.rowid, c.sentence_index"
    ).fetchall()
    words = [content_words(r["text"]) for r in rows]
    df = Counter(w for ws in words for w in ws)
    cap = max(20, int(MAX_DF * len(rows)))
    index: dict[str, list[int]] = defaultdict(list)
    parent = list(range(len(rows)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    vecs = None
    if embeddings and rows:
        import numpy as np

        from ..nlp._event_model import embed

        vecs = np.asarray(embed([r["text"] for r in rows]), dtype=np.float32)
        vecs /= np.maximum(np.linalg.norm(vecs, axis=1, keepdims=True), 1e-9)

    for i, ws in enumerate(words):
        shared: Counter = Counter()
        for w in ws:
            if df[w] <= cap:
                shared.update(index[w])
                index[w].append(i)
        for j, n in shared.items():
            if n < MIN_SHARED or rows[j]["grp"] == rows[i]["grp"]:
                continue
            if vecs is not None:
                ok = float(vecs[i] @ vecs[j]) >= EMBED_THRESHOLD
            else:
                ok = len(ws & words[j]) / len(ws | words[j]) >= WORD_THRESHOLD
            if ok:
                parent[find(j)] = find(i)

    clusters: dict[int, list[int]] = defaultdict(list)
    for i in range(len(rows)):
        clusters[find(i)].append(i)
    out = []
    for members in clusters.values():
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
