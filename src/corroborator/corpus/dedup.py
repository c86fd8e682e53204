"""Near-duplicate articles: MinHash over word shingles (datasketch) with banded LSH.

Wire copies and reposts (the same text under a new headline, or with a trimmed ending)
are linked into a duplicate group and count as one source when corroboration is counted.

A stored article keeps its MinHash signature (bytes), its shingle count and its LSH band
keys (table ``lsh_bands``, written in the article's own transaction), so the index lives in
the store and ingest memory does not grow with the corpus. Band keys are ``BANDS`` bands of
``ROWS`` MinHash values each (datasketch's choice for a 0.2 threshold at 128 permutations),
hashed to signed 64-bit integers with the band number. Candidates sharing the most bands
are ranked by their MinHash Jaccard estimate and the closest ``MAX_VERIFY`` are verified on
exact shingles (estimates are noisy on short texts): a copy is a Jaccard similarity >=
``ACCEPT_JACCARD`` or a containment of the shorter text in the longer >= ``ACCEPT_CONTAINMENT``
(a trimmed repost has a low Jaccard with its original but a containment close to 1).
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Callable, Optional

import numpy as np
from datasketch import MinHash

NUM_PERM = 128
SCHEME = "affine32"  # datasketch 2.0 hashing scheme; stored signatures are only comparable within one scheme
SHINGLE = 5  # words per shingle
BANDS, ROWS = 28, 2  # LSH banding (candidate threshold about 0.2; candidates are verified)
ACCEPT_JACCARD = 0.75
ACCEPT_CONTAINMENT = 0.8
MAX_CANDIDATES = 32  # candidates sharing the most bands, ranked by MinHash estimate
MAX_VERIFY = 8  # of those, verified on exact shingles, closest first
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


def band_keys(mh: MinHash) -> list[int]:
    """The LSH band keys of a signature (signed 64-bit, unique per band)."""
    hv = np.asarray(mh.hashvalues, dtype=np.uint64)
    out = []
    for b in range(BANDS):
        h = hashlib.blake2b(hv[b * ROWS : (b + 1) * ROWS].tobytes(), digest_size=8, salt=b.to_bytes(2, "little"))
        out.append(int.from_bytes(h.digest(), "little", signed=True))
    return out


class DuplicateIndex:
    """Near-duplicate look-up over the store's ``lsh_bands`` (or in memory when ``store`` is None).

    ``fetch_text(article_id)`` gives a candidate's text for exact verification; without it,
    the MinHash estimates decide."""

    def __init__(self, store=None, fetch_text: Optional[Callable[[str], Optional[str]]] = None) -> None:
        self.store = store
        self.fetch_text = fetch_text if fetch_text is not None else (store.article_text if store is not None else None)
        self.buckets: dict[int, list[str]] = defaultdict(list)  # in memory only
        self.info: dict[str, tuple[str, int, MinHash]] = {}  # in memory only: id -> (group, shingles, minhash)

    def add(self, article_id: str, mh: MinHash, n: int, group_id: Optional[str] = None) -> None:
        """Index an article (in memory; a store-backed index is written with the article)."""
        if self.store is not None or article_id in self.info:
            return
        self.info[article_id] = (group_id or article_id, n, mh)
        if n >= MIN_SHINGLES:
            for key in band_keys(mh):
                self.buckets[key].append(article_id)

    def _candidates(self, keys: list[int]) -> list[tuple[str, str, int, MinHash]]:
        if self.store is None:
            hits = Counter(a for k in keys for a in self.buckets.get(k, ()))
            return [(a, *self.info[a]) for a, _ in hits.most_common(MAX_CANDIDATES)]
        return [
            (a, g, n, from_bytes(blob))
            for a, g, n, blob in self.store.lsh_candidates(keys, MAX_CANDIDATES)
        ]

    def match(self, mh: MinHash, n: int, text: Optional[str] = None) -> Optional[Match]:
        """The best stored near-duplicate of a text, or None."""
        if n < MIN_SHINGLES:
            return None
        cands = self._candidates(band_keys(mh))
        if not cands:
            return None
        cands = sorted(cands, key=lambda c: (-mh.jaccard(c[3]), c[0]))[:MAX_VERIFY]
        mine = shingles(text) if text is not None and self.fetch_text else None
        best: Optional[Match] = None
        for cand, group, m, other in cands:
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
