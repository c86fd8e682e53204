"""Running totals (tolls) link to each other across reports, never to a single incident (issue 12)."""

from __future__ import annotations

import datetime as dt

from corroborator.corpus.link import Mention, _is_toll, link, rules, toll_window

DAY = dt.date(2024, 3, 1).toordinal()


def _toll(id, article, lo, hi, figures=("fatalities",), country="KE", words="people killed unrest", published=None):
    return Mention(id=id, article=article, group=article, plover_type="ASSAULT", lo=DAY + lo, hi=DAY + hi,
                   precision="toll", country=country, words=frozenset(words.split()),
                   figures=frozenset(figures), toll=True, published=published)


def _incident(id, article, day, words="people killed unrest", place=None):
    return Mention(id=id, article=article, group=article, plover_type="ASSAULT", lo=DAY + day, hi=DAY + day,
                   precision="day", country="KE", place=place, place_level="city" if place else None,
                   words=frozenset(words.split()))


def _clusters(mentions):
    return sorted(sorted(mentions[i].id for i, _ in g) for g in link(mentions))


def test_reports_of_one_growing_toll_are_one_aggregate():
    # 44 dead in a report of day 7, 225 in one of day 19 (windows widened by the slack), 227 a week later
    ms = [_toll("a:1", "a", -1, 14), _toll("b:1", "b", 5, 26, words="died events official figures"),
          _toll("c:1", "c", 0, 14, words="some died clashes")]
    assert _clusters(ms) == [["a:1", "b:1", "c:1"]]


def test_a_toll_never_joins_a_single_incident():
    # the incident is the same day and country, with the same words: a toll still stays apart
    ms = [_toll("a:1", "a", -1, 14), _incident("b:1", "b", 5), _incident("c:1", "c", 5)]
    assert _clusters(ms) == [["a:1"], ["b:1", "c:1"]]


def test_tolls_of_other_figures_countries_or_times_stay_apart():
    ms = [
        _toll("a:1", "a", 0, 14),
        _toll("b:1", "b", 0, 14, figures=("arrested",)),  # arrests are not deaths
        _toll("c:1", "c", 0, 14, country="UG"),  # another country
        _toll("d:1", "d", 60, 74),  # two months later: another episode
    ]
    assert _clusters(ms) == [["a:1"], ["b:1"], ["c:1"], ["d:1"]]



def test_tolls_of_two_cities_stay_apart():
    a, b = _toll("a:1", "a", 0, 14), _toll("b:1", "b", 0, 14)
    a.place, a.place_level, b.place, b.place_level = "nairobi", "city", "kisumu", "city"
    c = _toll("c:1", "c", 0, 14)  # a country-level total may join one of them
    clusters = _clusters([a, b, c])
    assert not any({"a:1", "b:1"} <= set(g) for g in clusters)


def test_toll_window_takes_what_the_toll_totals_up():
    slack = rules()["tolls"]["slack_days"]
    assert slack > 0
    own, before, after = (DAY, DAY + 30), (DAY + 40, DAY + 40), (DAY + 50, DAY + 50)
    # its own coarse date (a month) first
    assert toll_window(own, before, after, DAY + 60) == (DAY - slack, DAY + 30 + slack)
    # else the dated event before it, else the week before publication, else the event after it
    assert toll_window((None, None), before, after, DAY + 60) == (DAY + 40 - slack, DAY + 40 + slack)
    assert toll_window((None, None), None, after, DAY + 60) == (DAY + 53 - slack, DAY + 60 + slack)
    assert toll_window((None, None), None, after, None) == (DAY + 50 - slack, DAY + 50 + slack)
    assert toll_window((None, None), None, None, None) == (None, None)


def _row(**kw):
    row = {"fatalities": None, "injured": None, "arrested": None, "date_lo": "2024-03-05", "date_inherited": 0,
           "date_precision": "day"}
    row.update(kw)
    return row


def test_a_figure_without_a_day_of_its_own_is_a_toll():
    fields, coarse = rules()["tolls"]["fields"], rules()["tolls"]["coarse_precisions"]
    assert not _is_toll(_row(fatalities=3), fields, coarse)  # "3 killed on 5 March": one incident
    assert not _is_toll(_row(date_lo=None), fields, coarse)  # no figure: not a total
    assert _is_toll(_row(fatalities=44, date_lo=None), fields, coarse)  # "44 killed in recent violence"
    assert _is_toll(_row(fatalities=227, date_inherited=1), fields, coarse)  # day from the sentence before
    assert _is_toll(_row(arrested=140, date_precision="month"), fields, coarse)  # "since July, 140 arrested"
