"""Seed article (issue 3): event arguments on the events the pipeline codes.

Each test finds its event by the sentence (a short phrase of it) and the trigger,
then checks the arguments: date (own or inherited), place, figures, factuality,
actors. Assertions use short phrases only; the seed is read at run time.
"""

from __future__ import annotations

import pytest

from tests.conftest import sentence_with


def events_in(analysis, needle: str):
    assert analysis.events, "the pipeline coded no events"
    s = sentence_with(analysis, needle)
    return [e for e in analysis.events if e.evidence.sentence_index == s.index]


def event_with(analysis, needle: str, trigger_word: str):
    evs = [e for e in events_in(analysis, needle) if trigger_word in e.trigger.text.lower()]
    assert evs, f"no event with trigger {trigger_word!r} in the sentence with {needle!r}: " + repr(
        [e.trigger.text for e in events_in(analysis, needle)]
    )
    return evs[0]


def test_all_argument_offsets_quote_the_article(seed_analysis):
    text = seed_analysis.article.text
    quoted = 0
    for e in seed_analysis.events:
        for a in e.actors + e.targets:
            if a.start is not None:
                assert text[a.start : a.end] == a.text
                quoted += 1
    assert len(seed_analysis.events) >= 10 and quoted >= 10, (len(seed_analysis.events), quoted)


def test_attack_in_juliaca_counts_the_whole_crowd(seed_analysis):
    e = event_with(seed_analysis, "9000 people", "attack")
    assert e.participants is not None and e.participants.value == 9000
    assert e.location is not None and e.location.country == "PE"
    assert e.location.lat == pytest.approx(-15.5, abs=0.05) and e.location.lon == pytest.approx(-70.13, abs=0.05)
    assert "Juliaca" in e.location.name
    assert e.date is not None and e.date.value == "2023-01-09" and e.date.precision == "week" and e.date.inherited
    assert e.attribution is not None and "Otarola" in e.attribution.speaker
    assert {t.kind for t in e.targets} >= {"police"}


def test_riots_by_13_december_figures_on_one_event(seed_analysis):
    evs = events_in(seed_analysis, "By December 13")
    assert len(evs) >= 2
    with_deaths = [e for e in evs if e.fatalities is not None]
    assert len(with_deaths) == 1, "the result clause is counted once"
    e = with_deaths[0]
    assert e.fatalities.value == 7 and e.injured is not None and e.injured.value == 100
    assert e.trigger.text == "assaulted"
    for e in evs:
        assert e.date is not None and e.date.value == "2022-12-13" and not e.date.inherited
        assert [a.name for a in e.actors] == ["supporters of Pedro Castillo"]
        assert e.actors[0].text == "they"


def test_airport_occupation_attempt(seed_analysis):
    e = event_with(seed_analysis, "attempted to occupy", "occupy")
    assert e.factuality == "attempted"
    assert e.date is not None and (e.date.value, e.date.text) == ("2022-12-12", "A day earlier")
    assert e.participants is not None and (e.participants.value, e.participants.qualifier) == (2000, "about")
    assert e.location is not None and e.location.precision == "facility"
    assert e.location.name.endswith("Arequipa") and e.location.country == "PE"
    assert e.actors and e.actors[0].kind == "protesters"


def test_castillo_attempt_in_the_7_december_sentence(seed_analysis):
    evs = [e for e in events_in(seed_analysis, "dissolve the Congress") if e.factuality == "attempted"]
    assert evs
    for e in evs:
        assert [a.name for a in e.actors] == ["Pedro Castillo"]
        assert e.date is not None and e.date.value == "2022-12-07"


def test_dissolving_congress_is_the_attempted_event(seed_analysis):
    e = event_with(seed_analysis, "dissolve the Congress", "dissolve")
    assert e.factuality == "attempted"
    assert [t.kind for t in e.targets] == ["legislature"]


def test_general_strike_is_predicted(seed_analysis):
    e = event_with(seed_analysis, "called for a general strike", "strike")
    assert e.factuality == "predicted"
    assert e.date is not None and e.date.value == "2022-12-15"


def test_police_officer_burned_alive(seed_analysis):
    e = event_with(seed_analysis, "burned alive", "burned")
    assert e.fatalities is not None and e.fatalities.value == 1
    assert e.location is not None and e.location.name == "Juliaca"
    assert [t.kind for t in e.targets] == ["police"]
    assert [a.kind for a in e.actors] == ["rioters"]


def test_should_demand_is_no_asserted_event(seed_analysis):
    evs = events_in(seed_analysis, "should demand")
    assert all(e.factuality != "asserted" for e in evs)
