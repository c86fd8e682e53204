"""The parse-feature event-type classifier behind the trigger lexicon (extract/_event_model.py)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from corroborator.nlp import _event_model
from corroborator.nlp._event_features import sentence_features
from corroborator.contract.settings import Settings
from tests.conftest import REPO, SHARED

PLOVER_TYPES = {
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
}
TRAIN_DIR = REPO / "training" / "event_type"
EVAL_DIR = REPO / "src" / "corroborator" / "eval_data"


def _types(analysis):
    return [e.plover.type for e in analysis.events]


def test_model_ships_with_all_types_and_its_training_size():
    data = np.load(_event_model.FEATURE_MODEL_FILE, allow_pickle=False)
    assert set(map(str, data["classes"])) == PLOVER_TYPES | {"NONE"}
    assert int(data["n_train"]) >= 2000
    assert data["coef"].shape == (17, len(data["features"]))


def test_features_read_through_a_reporting_verb(nlp):
    sent = next(nlp("The army said on Monday that it would withdraw its troops from the border.").sents)
    feats = sentence_features(sent)
    assert "m=withdraw" in feats and "rep=say" in feats and "m:fut" in feats
    assert "mo=withdraw|troop" in feats
    # names become entity labels: the classifier learns acts, not actors
    feats = sentence_features(next(nlp("Kenya hosted talks with Ethiopia.").sents))
    assert not [f for f in feats if "kenya" in f or "ethiopia" in f]
    assert "m=host" in feats and "mo=host|talk" in feats


def test_classifier_codes_an_idiom_the_lexicon_misses(analyze):
    text = "The finance minister paid a call on his counterpart in Tokyo on Monday."
    assert _types(analyze(text, settings=Settings(use_classifier=False, detect_language=False))) == []
    a = analyze(text, settings=Settings(detect_language=False))
    assert _types(a) == ["CONSULT"]
    e = a.events[0]
    assert e.trigger.text == "paid" and e.confidence <= 0.6  # a classifier event says it is less sure
    assert [x.name for x in e.actors] and e.actors[0].kind is not None


@pytest.mark.parametrize(
    "text",
    [
        "The finance minister said he was optimistic about the economy this year.",
        "The governor declined to comment on the report on Tuesday.",
        "The ruling coalition holds 140 of the 250 seats in parliament.",
    ],
)
def test_classifier_adds_no_event_to_statements(analyze, text):
    assert _types(analyze(text, settings=Settings(detect_language=False))) == []


def _texts(path: Path, key: str = "text") -> set:
    return {json.loads(x)[key].strip().lower() for x in path.read_text(encoding="utf-8").splitlines() if x.strip()}


def test_training_sentences_are_not_evaluation_sentences():
    """No training sentence is the same as, or a near copy of, a sentence we measure on."""
    from rapidfuzz import fuzz, process

    train = set()
    for p in list(TRAIN_DIR.glob("train_*.jsonl")) + list(EVAL_DIR.glob("events_dev*.jsonl")):
        train |= _texts(p)
    assert len(train) >= 2500
    held_out = _texts(EVAL_DIR / "plover_style_heldout.jsonl") | _texts(EVAL_DIR / "events_gold.jsonl")
    gold = SHARED / "data" / "plover_gsr.jsonl"
    if gold.exists():
        held_out |= _texts(gold)
    train = sorted(train)
    near = [h for h in held_out if process.extractOne(h, train, scorer=fuzz.ratio, score_cutoff=85)]
    assert not near, f"{len(near)} evaluation sentences have a near copy in the training data"


def test_embedding_classifier_alone_gives_the_same_reading(analyze):
    """The optional MiniLM classifier (torch, loaded offline from its PyPI package)."""
    text = "The finance minister paid a call on his counterpart in Tokyo on Monday."
    a = analyze(text, settings=Settings(use_classifier=False, use_embeddings=True, detect_language=False))
    assert _types(a) == ["CONSULT"] and a.events[0].confidence <= 0.6
