"""DocState's per-call memo and its record of parts a stage could not read (W202)."""

from __future__ import annotations

import pytest

from corroborator.contract.settings import Settings
from corroborator.run.analyze import state_for

TEXT = "Protesters marched in Lima on Monday. Police arrested 12 people."


def test_memo_builds_once_per_view():
    state = state_for(TEXT, stages={"sentences"})
    calls = []
    first = state.memo("index", lambda: calls.append(1) or {"a": 1})
    assert state.memo("index", lambda: calls.append(1) or {"b": 2}) is first
    assert calls == [1]
    fresh = type(state)(state.doc)  # the next component's view starts empty
    assert fresh.memo("index", lambda: {"b": 2}) == {"b": 2}


def test_partial_failures_become_one_counted_warning_per_unit():
    state = state_for(TEXT, stages={"sentences"})
    state.partial_failure("sentences", ValueError("bad parse"))
    state.partial_failure("sentences", KeyError("x"))
    state.partial_failure("arguments", IndexError("y"))
    notices = state.partial_notices("events")
    assert [(n.code, n.stage) for n in notices] == [("W202", "events"), ("W202", "events")]
    by_unit = {n.message.split(" of this document")[0].rsplit(" ", 1)[-1]: n.message for n in notices}
    assert "could not read 2 sentences" in by_unit["sentences"] and "ValueError: bad parse" in by_unit["sentences"]
    assert "could not read 1 arguments" in by_unit["arguments"]


def test_partial_failure_raises_when_strict():
    state = state_for(TEXT, stages={"sentences"}, settings=Settings(strict=True))
    with pytest.raises(ValueError, match="bad parse"):
        state.partial_failure("sentences", ValueError("bad parse"))
    assert state.partial_notices("events") == []


def test_a_check_that_fails_is_a_warning_in_the_output_and_the_other_checks_stay(monkeypatch, analyze):
    from corroborator.nlp import checks

    text = ("Turnout was 60 percent, 30 percent and 25 percent in the three rounds. "
            "The motion passed by 101 votes to six, with 10 abstentions.")
    clean = analyze(text)
    assert clean.checks and not [w for w in clean.warnings if w.code == "W202"]

    def broken(state):
        raise ValueError("no tally today")

    monkeypatch.setattr(checks, "_vote_tallies", broken)
    out = analyze(text)
    w202 = [w for w in out.warnings if w.code == "W202"]
    assert len(w202) == 1 and w202[0].stage == "checks" and "no tally today" in w202[0].message
    assert [c.kind for c in out.checks] == [c.kind for c in clean.checks if c.kind != "vote_tally"]
    with pytest.raises(ValueError, match="no tally today"):
        analyze(text, settings=Settings(strict=True))


def test_an_argument_finder_that_fails_costs_one_argument_and_says_so(monkeypatch, analyze):
    from corroborator.nlp import arguments

    text = "Police arrested 12 protesters in Lima on Monday."
    clean = analyze(text, published="2023-01-10")
    assert clean.events and clean.events[0].location is not None

    def broken(*args, **kwargs):
        raise RuntimeError("no places today")

    monkeypatch.setattr(arguments, "location_for", broken)
    out = analyze(text, published="2023-01-10")
    assert [e.plover.type for e in out.events] == [e.plover.type for e in clean.events]
    assert out.events[0].location is None and out.events[0].date == clean.events[0].date
    w202 = [w for w in out.warnings if w.code == "W202"]
    assert [(w.stage, "arguments" in w.message) for w in w202] == [("events", True)]
    with pytest.raises(RuntimeError, match="no places today"):
        analyze(text, published="2023-01-10", settings=Settings(strict=True))
