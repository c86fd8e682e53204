"""Claims across sources: the measured threshold on the multisource claims key, and complete linkage
(issue 12)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from corroborator.corpus.claims import WORD_THRESHOLD, cluster_claims
from corroborator.corpus.evaluate import CLAIMS_KEY, evaluate_claims_key

MULTISOURCE = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "multisource"


def test_claims_key_is_offsets_and_anchors_only():
    entries = [json.loads(line) for line in CLAIMS_KEY.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(entries) == 48 and len({e["id"] for e in entries}) == 48
    assert {e["label"] for e in entries} == {"same", "different"}
    for e in entries:
        assert set(e) == {"id", "a", "b", "label", "figures_differ", "note"}
        for side in (e["a"], e["b"]):
            assert set(side) == {"crisis", "file", "start", "end", "anchor"}
            assert side["start"] < side["end"] and len(side["anchor"].split()) <= 4
        assert (e["a"]["crisis"], e["a"]["file"]) != (e["b"]["crisis"], e["b"]["file"])


@pytest.mark.slow
def test_word_threshold_on_the_claims_key():
    if not MULTISOURCE.is_dir():
        pytest.skip(f"multisource folder not found at {MULTISOURCE}")
    result = evaluate_claims_key(str(MULTISOURCE))
    assert (result["same"], result["different"]) == (31, 17)
    at = {c["threshold"]: c for c in result["jaccard"]}[WORD_THRESHOLD]
    # measured 1.00 / 0.194 when the threshold was set (the lowest with no wrong pair on the key)
    assert at["precision"] >= 0.95 and at["recall"] >= 0.17, at
    # a looser threshold finds more and is less precise: the curve is what the choice rests on
    loose = {c["threshold"]: c for c in result["jaccard"]}[0.1]
    assert loose["recall"] > at["recall"] and loose["precision"] < at["precision"]


def _words(*texts):
    return [frozenset(t.split()) for t in texts]


def _jaccard(words):
    def sim(i, j):
        return len(words[i] & words[j]) / len(words[i] | words[j])

    return sim


def test_a_chain_of_loose_pairs_does_not_glue_two_claims():
    # a ~ b and b ~ c, but a and c share little: complete linkage keeps c out of a's claim
    words = _words("troops fired tear gas protesters capital square monday",
                   "troops fired tear gas protesters capital square curfew night",
                   "curfew night capital square announced minister radio")
    clusters = cluster_claims(words, ["a", "b", "c"], [None] * 3, _jaccard(words), 0.3)
    assert sorted(clusters) == [[0, 1], [2]]


def test_claims_from_one_group_or_two_countries_are_not_linked():
    words = _words("troops fired tear gas protesters capital square", "troops fired tear gas protesters capital square",
                   "troops fired tear gas protesters capital square")
    # 0 and 1 are one source (copies); 2 is about another country
    clusters = cluster_claims(words, ["g", "g", "h"], ["KE", "KE", "UG"], _jaccard(words), 0.3)
    assert sorted(clusters) == [[0], [1], [2]]
    clusters = cluster_claims(words, ["g", "h", "i"], ["KE", None, "KE"], _jaccard(words), 0.3)
    assert sorted(clusters) == [[0, 1, 2]]
