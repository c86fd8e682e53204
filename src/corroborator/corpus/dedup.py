"""Near-duplicate articles: MinHash over word shingles with an LSH index (datasketch).

Wire copies and reposts (the same text under a new headline, or with a trimmed ending)
are linked into a duplicate group and count as one source when corroboration is counted.

A stored article keeps its MinHash signature (bytes) and shingle count; the LSH index is
rebuilt from the store when an ingest starts (:meth:`DuplicateIndex.from_store`). A
candidate found by LSH is accepted when its estimated Jaccard similarity is high, or when
the shorter text is almost contained in the longer one (estimated containment, from the
Jaccard estimate and the two shingle counts): a trimmed repost has a low Jaccard with its
original but a containment close to 1.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Iterable, Optional

import numpy as np
from datasketch import MinHash, MinHashLSH

NUM_PERM = 128
SCHEME = "affine32"  # datasketch 2.0 hashing scheme; stored signatures are only comparable within one scheme
SHINGLE = 5  # words per shingle
LSH_THRESHOLD = 0.2  # candidate retrieval (generous; candidates are verified below)
ACCEPT_JACCARD = 0.75
ACCEPT_CONTAINMENT = 0.8
MAX_VERIFY = 8  # candidates verified on exact shingles, closest MinHash estimates first
MIN_SHINGLES = 8  # shorter texts are too short to call copies

_WORD = re.compile(r"\w+")


def shingles(text: str, k: int = SHINGLE) -> set[bytes]:
    words = _WORD.findall(text.lower())
    if len(words) < k:
        return {" ".join(words).encode()} if words else set()
    return {" ".join(words[i : i + k]).encode() for i in range(len(words) - k + 1)}


def signature(text: str) -> tuple[MinHash, int]:
    sh = shingles(text)
    mh = MinHash(num_perm=NUM_PERM, seed=1, scheme=SCHEME)
    if sh:
        mh.update_batch(list(sh))
    return mh, len(sh)


def to_bytes(mh: MinHash) -> bytes:
    return mh.hashvalues.astype(np.uint64).tobytes()


def from_bytes(data: bytes) -> MinHash:
    return MinHash(num_perm=NUM_PERM, seed=1, scheme=SCHEME, hashvalues=np.frombuffer(data, dtype=np.uint64).copy())


def containment(jaccard: float, n_a: int, n_b: int) -> float:
    """Estimated share of the smaller shingle set found in the larger one."""
    if not n_a or not n_b:
        return 0.0
    inter = jaccard * (n_a + n_b) / (1.0 + jaccard)
    return min(1.0, inter / min(n_a, n_b))


@dataclass
class Match:
    article_id: str
    group_id: str
    jaccard: float
    containment: float

    def as_dict(self) -> dict:
        return {"group_id": self.group_id, "of_article": self.article_id, "jaccard": round(self.jaccard, 3),
                "containment": round(self.containment, 3)}


class DuplicateIndex:
    """LSH over stored signatures. ``fetch_text(article_id)``, when given, lets a candidate be
    verified on its exact shingles instead of the MinHash estimate (noisy on short texts)."""

    def __init__(self, fetch_text: Optional[Callable[[str], Optional[str]]] = None) -> None:
        self.fetch_text = fetch_text
        self.lsh = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM)
        self.info: dict[str, tuple[str, int, MinHash]] = {}  # id -> (group id, shingles, minhash)

    @classmethod
    def from_store(cls, rows: Iterable[tuple[str, str, int, bytes]], fetch_text=None) -> "DuplicateIndex":
        index = cls(fetch_text)
        for article_id, group_id, n, data in rows:
            index.add(article_id, from_bytes(data), n, group_id)
        return index

    def __len__(self) -> int:
        return len(self.info)

    def add(self, article_id: str, mh: MinHash, n: int, group_id: Optional[str] = None) -> None:
        if article_id in self.info:
            return
        self.info[article_id] = (group_id or article_id, n, mh)
        if n >= MIN_SHINGLES:
            self.lsh.insert(article_id, mh)

    def match(self, mh: MinHash, n: int, text: Optional[str] = None) -> Optional[Match]:
        """The best stored near-duplicate of a text, or None."""
        if n < MIN_SHINGLES:
            return None
        best: Optional[Match] = None
        mine = shingles(text) if text is not None and self.fetch_text else None
        cands = self.lsh.query(mh)
        if len(cands) > MAX_VERIFY:  # many look-alikes (templated items): verify the closest estimates only
            cands = sorted(cands, key=lambda c: -mh.jaccard(self.info[c][2]))[:MAX_VERIFY]
        for cand in cands:
            group, m, other = self.info[cand]
            other_text = self.fetch_text(cand) if mine is not None else None
            if other_text is not None:
                theirs = shingles(other_text)
                inter = len(mine & theirs)
                j = inter / len(mine | theirs)
                c = inter / min(len(mine), len(theirs))
            else:
                j = mh.jaccard(other)
                c = containment(j, n, m)
            if j >= ACCEPT_JACCARD or c >= ACCEPT_CONTAINMENT:
                if best is None or (c, j) > (best.containment, best.jaccard):
                    best = Match(cand, group, j, c)
        return best
