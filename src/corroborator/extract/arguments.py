"""Event arguments: actors/targets, place, date, figures, factuality (being written).

Interface used by ``events.extract`` (stable; the bodies are being written):

    actors_and_targets(state, trigger) -> tuple[list[Actor], list[Actor]]
    location_for(state, sentence_index, trigger) -> Location | None
    date_for(state, sentence_index, trigger) -> EventDate | None
    figures_for(state, sentence_index, triggers) -> list[dict[str, Count]]
        one dict per trigger (same order), keys among fatalities/injured/arrested/participants
    factuality_of(state, trigger) -> str   # asserted|attempted|threatened|negated|hypothetical|predicted

``trigger`` is a spaCy Token (the head word of the event trigger) from ``state.doc``.
"""

from __future__ import annotations


def actors_and_targets(state, trigger):
    return [], []


def location_for(state, sentence_index, trigger):
    return None


def date_for(state, sentence_index, trigger):
    return None


def figures_for(state, sentence_index, triggers):
    return [{} for _ in triggers]


def factuality_of(state, trigger):
    return "asserted"
