"""Date mentions (corroborator.nlp.dates) on the real pipeline."""

from __future__ import annotations

import pytest

PUB = "2023-01-15"  # a Sunday


def dates_of(analysis):
    return analysis.mentions.dates


def one(analysis, text):
    found = [d for d in analysis.mentions.dates if d.text == text]
    assert found, f"no date mention {text!r} in {[d.text for d in analysis.mentions.dates]}"
    return found[0]


def assert_quotes(analysis):
    for d in analysis.mentions.dates:
        assert analysis.article.text[d.start : d.end] == d.text


# ------------------------------------------------------------ month and day, no year


def test_month_day_without_year_is_the_latest_one_before_publication(analyze):
    from corroborator import Settings

    # a short English sentence the language check may take for another language: not this stage's business
    a = analyze("On the 8th of December the minister was sworn in.", published=PUB, settings=Settings(detect_language=False))
    d = one(a, "the 8th of December")
    assert (d.value, d.precision, d.relative, d.anchor) == ("2022-12-08", "day", True, "published")
    assert_quotes(a)


def test_scheduled_date_a_day_after_publication_stays_in_that_year(analyze):
    text = "The unions have called a general strike on December 15."
    assert one(analyze(text, published="2022-12-14"), "December 15").value == "2022-12-15"
    assert one(analyze(text, published=PUB), "December 15").value == "2022-12-15"


def test_future_tense_takes_the_next_such_date(analyze):
    assert one(analyze("Parliament will vote on March 3.", published=PUB), "March 3").value == "2023-03-03"
    assert one(analyze("Parliament voted on March 3.", published=PUB), "March 3").value == "2022-03-03"


def test_year_written_earlier_in_the_paragraph_is_used(analyze):
    a = analyze("The 2019 census was delayed. Counting began in June and ended on 4 July.", published=PUB)
    assert one(a, "June").value == "2019-06-01"
    july = one(a, "4 July")
    assert july.value == "2019-07-04" and july.anchor == "context:2019"


def test_absolute_forms(analyze):
    a = analyze(
        "Talks opened on 13 December 2022, resumed on Dec. 14, 2022, paused on 2022-12-16 "
        "and closed on 20/12/2022. By March 2021 nothing had changed.",
        published=PUB,
    )
    assert one(a, "13 December 2022").value == "2022-12-13"
    assert one(a, "Dec. 14, 2022").value == "2022-12-14"
    assert one(a, "2022-12-16").value == "2022-12-16"
    assert one(a, "20/12/2022").value == "2022-12-20"
    m = one(a, "March 2021")
    assert (m.value, m.precision, m.relative) == ("2021-03-01", "month", False)
    assert_quotes(a)


# ------------------------------------------------------------------------- weeks


def test_nth_week_of_a_month_starts_on_its_nth_monday(analyze):
    a = analyze("In the second week of January, farmers blocked the roads.", published=PUB)
    d = one(a, "the second week of January")
    assert (d.value, d.precision) == ("2023-01-09", "week")
    a = analyze("In the first week of February 2022 and the last week of March 2022 they marched.", published=PUB)
    assert one(a, "the first week of February 2022").value == "2022-02-07"
    assert one(a, "the last week of March 2022").value == "2022-03-28"


def test_last_and_next_week(analyze):
    a = analyze("Last week the talks failed. Next week the court will rule.", published=PUB)
    assert (one(a, "Last week").value, one(a, "Last week").precision) == ("2023-01-02", "week")
    assert one(a, "Next week").value == "2023-01-16"


def test_early_mid_late_month_are_month_precision_with_a_note(analyze):
    a = analyze("Protests grew in early January, faded by mid-December and returned in late November.", published=PUB)
    early = one(a, "early January")
    assert (early.value, early.precision) == ("2023-01-01", "month") and "early" in early.note
    assert one(a, "mid-December").value == "2022-12-01"
    assert one(a, "late November").value == "2022-11-01"


# ------------------------------------------------------- relative to publication


def test_relative_to_publication(analyze):
    a = analyze(
        "Yesterday the minister resigned. Today her deputy spoke. On Tuesday the vote was held. "
        "Last month prices rose. Two weeks ago the border closed. In November he met them. "
        "The debt grew in 2021.",
        published=PUB,
    )
    assert one(a, "Yesterday").value == "2023-01-14"
    assert one(a, "Today").value == "2023-01-15"
    tuesday = one(a, "Tuesday")
    assert (tuesday.value, tuesday.anchor) == ("2023-01-10", "published")
    assert (one(a, "Last month").value, one(a, "Last month").precision) == ("2022-12-01", "month")
    assert one(a, "Two weeks ago").precision == "week"
    assert (one(a, "November").value, one(a, "November").precision) == ("2022-11-01", "month")
    year = one(a, "2021")
    assert (year.value, year.precision, year.relative) == ("2021-01-01", "year", False)


# -------------------------------------------------- relative to the previous date


def test_a_day_earlier_leans_on_the_previous_date(analyze):
    a = analyze("By December 13, roads were blocked. A day earlier, crowds had gathered.", published=PUB)
    d = one(a, "A day earlier")
    assert (d.value, d.precision, d.anchor) == ("2022-12-12", "day", "previous:December 13")


@pytest.mark.parametrize(
    "phrase,value",
    [
        ("The next day", "2022-12-06"),
        ("The following day", "2022-12-06"),
        ("Two days later", "2022-12-07"),
        ("The day before", "2022-12-04"),
        ("On the same day", "2022-12-05"),
        ("That day", "2022-12-05"),
    ],
)
def test_offsets_from_the_previous_date(analyze, phrase, value):
    a = analyze(f"The march began on December 5. {phrase}, the police arrived.", published=PUB)
    found = [d for d in a.mentions.dates if d.text.lower() in phrase.lower() and d.text != "December 5"]
    assert found, [d.text for d in a.mentions.dates]
    assert found[0].value == value and found[0].anchor == "previous:December 5"


def test_day_offsets_skip_coarser_previous_mentions(analyze):
    a = analyze("On May 2 the strike began, calling for elections in 2024. On the same day, shops shut.", published=PUB)
    assert one(a, "the same day").value == "2022-05-02"


# ----------------------------------------------------------------- not dates


def test_vague_spans_and_centuries_are_not_dates(analyze):
    a = analyze("In the 20th century and in decades past, in recent times and in the 1990s, life was hard.", published=PUB)
    assert a.mentions.dates == []


def test_counts_are_not_years(analyze):
    a = analyze(
        "Some 2000 led the march, 9000 people joined, 67 ballots were marked, 101 members voted "
        "and over 2000 came. The 2021 election was close and new elections in 2023 were demanded.",
        published=PUB,
    )
    texts = [d.text for d in a.mentions.dates]
    assert texts == ["2021", "2023"]
    assert [d.value for d in a.mentions.dates] == ["2021-01-01", "2023-01-01"]


def test_clock_times_are_not_dates(analyze):
    a = analyze("The vote closed at 10:30 after 45 speeches.", published=PUB)
    assert a.mentions.dates == []


# ------------------------------------------------------------ no publication date


def test_without_publication_date_relative_dates_stay_unresolved(analyze):
    a = analyze(
        "On the 8th of December he was arrested. A day earlier, crowds gathered. Yesterday it rained. "
        "The trial opened on 13 December 2022 and the 2021 vote was annulled."
    )
    assert a.article.published is None
    for text in ("the 8th of December", "A day earlier", "Yesterday"):
        d = one(a, text)
        assert d.value is None and d.note == "unresolved: no publication date" and d.relative
    assert one(a, "13 December 2022").value == "2022-12-13"
    assert one(a, "2021").value == "2021-01-01"


# ------------------------------------------------------------------- footnotes


def test_footnote_markers_are_never_dates(analyze):
    text = "Roads were closed on December 13.[5] Another 12 arrests followed[7] in March."
    a = analyze(text, published=PUB)
    assert [c.marker for c in a.article.citations] == ["5", "7"]
    assert [d.text for d in a.mentions.dates] == ["December 13", "March"]
    for d in a.mentions.dates:
        for c in a.article.citations:
            assert d.end <= c.start or d.start >= c.end
    assert_quotes(a)


# ---------------------------------------------------------------- seed article


def seed_date(seed_analysis, text):
    return one(seed_analysis, text)


def test_seed_published_from_dateline(seed_analysis):
    assert seed_analysis.article.published == "2023-01-15"


@pytest.mark.parametrize(
    "text,value,precision",
    [
        ("the 8th of December", "2022-12-08", "day"),
        ("the 7th of December", "2022-12-07", "day"),
        ("December 13", "2022-12-13", "day"),
        ("A day earlier", "2022-12-12", "day"),
        ("the same day", "2022-12-12", "day"),
        ("December 15", "2022-12-15", "day"),
        ("November", "2022-11-01", "month"),
        ("the second week of January", "2023-01-09", "week"),
        ("the year 2021", "2021-01-01", "year"),
        ("2023", "2023-01-01", "year"),
    ],
)
def test_seed_dates(seed_analysis, text, value, precision):
    d = seed_date(seed_analysis, text)
    assert (d.value, d.precision) == (value, precision)


def test_seed_a_day_earlier_is_anchored_on_december_13(seed_analysis):
    assert seed_date(seed_analysis, "A day earlier").anchor == "previous:December 13"


def test_seed_no_vague_spans_or_counts_as_dates(seed_analysis):
    texts = {d.text for d in seed_analysis.mentions.dates}
    for bad in ("the 20th century", "decades past", "recent times", "decades", "101", "67", "9000", "2000", "night- time"):
        assert bad not in texts
    for d in seed_analysis.mentions.dates:
        assert d.value is not None


def test_seed_offsets_quote_the_input_and_avoid_footnotes(seed_analysis):
    a = seed_analysis
    assert a.mentions.dates
    assert_quotes(a)
    for d in a.mentions.dates:
        for c in a.article.citations:
            assert d.end <= c.start or d.start >= c.end, (d, c)


def test_durations_are_not_dates(analyze):
    a = analyze("The government extended the state of emergency for 30 days on Sunday.", published=PUB)
    assert [(d.text, d.value) for d in a.mentions.dates] == [("Sunday", "2023-01-15")]
    assert [(q.value, q.about) for q in a.mentions.quantities] == [(30, "days")]


def test_ranges_of_days_and_years(analyze):
    a = analyze("Talks on December 13-15 failed, as they had in 2015–18 and 2019-2021.", published=PUB)
    d = one(a, "December 13-15")
    assert (d.value, d.precision) == ("2022-12-13", "day") and "13 to 15" in d.note
    assert one(a, "2015–18").value == "2015-01-01" and one(a, "2015–18").note == "years 2015 to 2018"
    assert one(a, "2019-2021").value == "2019-01-01"
    assert a.mentions.quantities == []


def test_a_count_after_a_date_is_not_its_year(analyze):
    a = analyze("On 13 December 2000 people marched to the square.", published=PUB)
    assert [(d.text, d.value) for d in a.mentions.dates] == [("13 December", "2022-12-13")]
    assert [(q.value, q.about) for q in a.mentions.quantities] == [(2000, "people")]


def test_weeks_earlier_than_a_day_is_a_day(analyze):
    a = analyze("On Saturday, March 18, police fired tear gas. Two weeks earlier, three people died.", published="2023-03-20")
    d = one(a, "Two weeks earlier")
    assert (d.value, d.precision, d.anchor) == ("2023-03-04", "day", "previous:Saturday, March 18")


def test_tense_decides_the_year_of_a_bare_month(analyze):
    past = analyze("The unions held a referendum in April.", published=PUB)
    assert one(past, "April").value == "2022-04-01"
    neutral = analyze("The unions want a referendum in April.", published=PUB)
    assert one(neutral, "April").value == "2023-04-01"
    future = analyze("The unions will hold a referendum in January.", published="2023-02-10")
    assert one(future, "January").value == "2024-01-01"


# -------------------------------------------------- page furniture (issue 10)


def test_captions_and_bylines_are_furniture_and_anchor_nothing(analyze):
    text = (
        "Police fired tear gas at students in the capital on 9 July 2021. (AFP Photo/A. Person)\n"
        "A day later, the students returned.\n\n"
        "Updated: 12 March 2022\n\n"
        "On 14 July, crowds returned to the square."
    )
    a = analyze(text, published="2022-03-14")
    # the caption does not anchor "A day later"; the "updated" line gives no year to "14 July"
    later = one(a, "A day later")
    assert later.value is None or not later.value.startswith("2021-07-10")
    assert one(a, "14 July").value == "2021-07-14"


def test_furniture_sentences_are_found_by_their_shape(nlp):
    from types import SimpleNamespace

    from corroborator.nlp.dates import furniture_sentences

    doc = nlp("By Jane Roe\nUpdated 5 May 2022\nProtesters outside the palace on 9 July 2022\nBy noon, crowds had gathered.")
    state = SimpleNamespace(doc=doc, sents=list(doc.sents), text=doc.text, memo=lambda name, build: build())
    furniture = furniture_sentences(state)
    texts = [s.text.strip() for i, s in enumerate(state.sents) if i in furniture]
    assert "By noon, crowds had gathered." not in texts
    assert any(t.startswith("Updated") for t in texts)
    assert any(t.startswith("Protesters outside") for t in texts)


# ------------------------------------------------------------------ properties (issue 13)

import datetime as dt  # noqa: E402

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from corroborator.nlp import dates as _dates  # noqa: E402

DAYS = st.dates(min_value=dt.date(1700, 1, 1), max_value=dt.date(2200, 12, 31))


@settings(max_examples=300, deadline=None)
@given(DAYS)
def test_monday_starts_the_week_of_a_day(d):
    m = _dates.monday(d)
    assert m.weekday() == 0 and 0 <= (d - m).days <= 6


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=1700, max_value=2200), st.integers(min_value=1, max_value=12), st.sampled_from([1, 2, 3, 4, 5, -1]))
def test_nth_monday_is_a_monday_of_that_month(year, month, n):
    d = _dates.nth_monday(year, month, n)
    if d is None:
        assert n == 5  # only a fifth Monday can be missing
        return
    assert d.weekday() == 0 and (d.year, d.month) == (year, month)
    assert (d.day - 1) // 7 + 1 == n if n > 0 else (d + dt.timedelta(days=7)).month != month


@settings(max_examples=300, deadline=None)
@given(DAYS, st.integers(min_value=-48, max_value=48))
def test_add_months_moves_the_month_and_keeps_the_day_when_it_can(d, n):
    got = _dates.add_months(d, n)
    assert got.year * 12 + got.month - 1 == d.year * 12 + d.month - 1 + n
    assert got.day == d.day or (got.day < d.day and (got + dt.timedelta(days=1)).month != got.month)


@settings(max_examples=300, deadline=None)
@given(DAYS, st.integers(min_value=1, max_value=12), st.integers(min_value=1, max_value=31), st.sampled_from(["past", "future", "neutral"]))
def test_a_date_without_a_year_follows_the_tense(pub, month, day, tense):
    def make(y):
        try:
            return dt.date(y, month, day)
        except ValueError:
            return None

    got = _dates.pick_year(make, pub, tense)
    cands = [c for c in (make(pub.year - 1), make(pub.year), make(pub.year + 1)) if c is not None]
    if not cands:
        assert got is None
        return
    assert got in cands
    if tense == "past" and any(c <= pub + dt.timedelta(days=_dates.AHEAD_DAYS) for c in cands):
        assert got <= pub + dt.timedelta(days=_dates.AHEAD_DAYS)
    if tense == "future" and any(c >= pub for c in cands):
        assert got >= pub and not any(pub <= c < got for c in cands)
    if tense == "neutral":
        assert abs((got - pub).days) == min(abs((c - pub).days) for c in cands)


@settings(max_examples=300, deadline=None)
@given(DAYS, st.sampled_from(list(_dates.WEEKDAYS)), st.sampled_from(["", "last", "next", "this", "past", "coming"]), st.sampled_from(["past", "future", "neutral"]))
def test_a_weekday_falls_where_its_word_says(pub, name, rel, tense):
    d = _dates._weekday({"wd": name.capitalize(), "rel": rel or None}, pub, tense)
    assert d.weekday() == _dates.WEEKDAYS[name]
    if rel in ("last", "past"):
        assert 1 <= (pub - d).days <= 7
    elif rel in ("next", "coming"):
        assert 1 <= (d - pub).days <= 7
    elif rel == "this":
        assert _dates.monday(d) == _dates.monday(pub)
    elif tense == "future":
        assert 0 <= (d - pub).days <= 6
    else:
        assert 0 <= (pub - d).days <= 6


def test_undated_page_takes_the_year_written_earlier_in_the_document(analyze):
    # no publication date: a day and month in a later paragraph take the last year written before
    text = "The strike wave lasted from 3 May 2019 to 1 August 2019.\n\nThe union leader was arrested on 14 July."
    d = one(analyze(text), "14 July")
    assert d.value == "2019-07-14" and d.anchor == "context:2019"


def test_with_a_publication_date_another_paragraph_year_is_not_borrowed(analyze):
    text = "The strike wave of 2019 was the longest.\n\nThe union leader was arrested on 14 July."
    assert one(analyze(text, published=PUB), "14 July").value == "2022-07-14"


def test_without_any_year_a_day_and_month_stay_unresolved(analyze):
    d = one(analyze("The union leader was arrested on 14 July."), "14 July")
    assert d.value is None
