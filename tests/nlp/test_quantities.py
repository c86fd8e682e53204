"""Quantities (corroborator.nlp.quantities) on the real pipeline."""

from __future__ import annotations

import pytest

from corroborator.nlp.quantities import parse_number_words

PUB = "2023-01-15"


def quantities(analysis, text):
    return [q for q in analysis.mentions.quantities if q.text == text]


def one(analysis, text):
    found = quantities(analysis, text)
    assert found, f"no quantity {text!r} in {[q.text for q in analysis.mentions.quantities]}"
    return found[0]


def fields(q):
    return (q.value, q.unit, q.qualifier, q.about)


def assert_quotes(analysis):
    for q in analysis.mentions.quantities:
        assert analysis.article.text[q.start : q.end] == q.text


# ------------------------------------------------------------------ number words


@pytest.mark.parametrize(
    "words,value",
    [
        ("two thousand", 2000),
        ("half a million", 500_000),
        ("a dozen", 12),
        ("two dozen", 24),
        ("twenty - five", 25),
        ("one hundred and five", 105),
        ("three hundred thousand", 300_000),
        ("a million", 1_000_000),
        ("seven", 7),
    ],
)
def test_parse_number_words(words, value):
    assert parse_number_words(words.split()) == value


def test_parse_number_words_rejects_non_numbers():
    assert parse_number_words(["half", "a", "quote"]) is None
    assert parse_number_words(["a"]) is None
    assert parse_number_words(["second"]) is None


# --------------------------------------------------------------------- examples


def test_percent_of_the_votes(analyze):
    a = analyze("The winner took 50.125% of the votes and the loser 49.875%.", published=PUB)
    assert fields(one(a, "50.125%")) == (50.125, "percent", None, "votes")
    assert fields(one(a, "49.875%")) == (49.875, "percent", None, "votes")
    assert_quotes(a)


def test_people_counts_and_bare_numbers_take_the_earlier_noun(analyze):
    a = analyze("In the end 101 Congress members voted for it, with only six against, and 10 abstentions.", published=PUB)
    assert fields(one(a, "101")) == (101, "people", None, "Congress members")
    assert fields(one(a, "six")) == (6, "people", None, "Congress members")
    assert fields(one(a, "10")) == (10, None, None, "abstentions")


def test_money_with_qualifier_and_number_words(analyze):
    a = analyze("The fund poured over half a million dollars into the region, then $5 million more.", published=PUB)
    assert fields(one(a, "over half a million dollars")) == (500_000, "USD", "over", None)
    assert fields(one(a, "$5 million")) == (5_000_000, "USD", None, None)


@pytest.mark.parametrize(
    "text,quantity,expected",
    [
        ("Guards shot seven civilians.", "seven", (7, "people", None, "civilians")),
        ("Organisers said 9000 people came.", "9000", (9000, "people", None, "people")),
        ("Then around two thousand Castillo supporters arrived.", "around two thousand", (2000, "people", "about", "Castillo supporters")),
        ("The clashes left 100 injured police.", "100", (100, "people", None, "injured police")),
        ("A clerk marked 67 ballots.", "67", (67, None, None, "ballots")),
        ("They came in over 200 vehicles.", "over 200", (200, None, "over", "vehicles")),
        ("Rioters burned two control booths.", "two", (2, None, None, "control booths")),
        ("The floods displaced 3.5 million people.", "3.5 million", (3_500_000, "people", None, "people")),
        ("The blast left at least 12 dead.", "at least 12", (12, "people", "at_least", "dead")),
        ("More than 40 students were held.", "More than 40", (40, "people", "over", "students")),
        ("Nearly 30 houses burned.", "Nearly 30", (30, None, "nearly", "houses")),
        ("Almost 20% of voters abstained.", "Almost 20%", (20, "percent", "nearly", "voters")),
        ("Up to 50 buses were hired.", "Up to 50", (50, None, "at_most", "buses")),
        ("Fewer than 9 judges signed.", "Fewer than 9", (9, "people", "under", "judges")),
        ("Roughly 60 trucks waited.", "Roughly 60", (60, None, "about", "trucks")),
        ("An estimated 5,000 miners struck.", "An estimated 5,000", (5000, "people", "about", "miners")),
        ("Dozens of protesters were hurt.", "Dozens", (24, "people", "at_least", "protesters")),
        ("The bank lent 300 euros and S/ 900.", "300 euros", (300, "EUR", None, None)),
        ("Turnout reached 70 per cent.", "70 per cent", (70, "percent", None, None)),
        ("It cost £3 each.", "£3", (3, "GBP", None, None)),
    ],
)
def test_quantity_examples(analyze, text, quantity, expected):
    a = analyze(text, published=PUB)
    assert fields(one(a, quantity)) == expected
    assert_quotes(a)


def test_some_2000_is_a_count_with_the_earlier_noun(analyze):
    a = analyze("Officials said 9000 people took part, of which some 2000 led an attack.", published=PUB)
    q = one(a, "some 2000")
    assert (q.value, q.qualifier, q.unit, q.about) == (2000, "about", "people", "people")
    assert a.mentions.dates == []


def test_ranges_give_lower_and_upper_bounds(analyze):
    a = analyze("Between 10 and 12 people and 30 to 40 soldiers came.", published=PUB)
    got = [(q.value, q.qualifier, q.about) for q in a.mentions.quantities]
    assert got == [(10, "at_least", "people"), (12, "at_most", "people"), (30, "at_least", "soldiers"), (40, "at_most", "soldiers")]


def test_vote_score_is_split_into_its_numbers(analyze):
    a = analyze("The motion passed 101-6-10 on Wednesday.", published=PUB)
    assert [q.value for q in a.mentions.quantities] == [101, 6, 10]
    assert all(q.qualifier is None for q in a.mentions.quantities)
    assert_quotes(a)


# -------------------------------------------------------------------- not quantities


def test_years_dates_ordinals_times_and_names_are_not_quantities(analyze):
    a = analyze(
        "On the 8th of December, in the second round of the 2021 election, at 10:30 a.m., "
        "trucks on Route 66 met a Boeing 737. One day, one of them said one should not stay. "
        "Nobody read even half a quote.",
        published=PUB,
    )
    assert a.mentions.quantities == []


def test_one_counts_only_before_a_noun(analyze):
    a = analyze("One police officer was burned alive. In one case, one of the guards fled.", published=PUB)
    assert [fields(q) for q in a.mentions.quantities] == [(1, "people", None, "police officer")]


def test_footnote_numbers_are_not_quantities(analyze):
    a = analyze("The army arrested 40 people.[12] Later 5 more were held.[13]", published=PUB)
    assert [q.value for q in a.mentions.quantities] == [40, 5]
    for q in a.mentions.quantities:
        for c in a.article.citations:
            assert q.end <= c.start or q.start >= c.end


# ---------------------------------------------------------------- seed article


@pytest.mark.parametrize(
    "text,expected",
    [
        ("50.125%", (50.125, "percent", None, "votes")),
        ("101", (101, "people", None, "Congress members")),
        ("over half a million dollars", (500_000, "USD", "over", None)),
        ("seven", (7, "people", None, "civilians")),
        ("9000", (9000, "people", None, "people")),
        ("around two thousand", (2000, "people", "about", "Castillo supporters")),
        ("100", (100, "people", None, "injured police")),
        ("10", (10, None, None, "abstentions")),
        ("67", (67, None, None, "ballots")),
        ("over 200", (200, None, "over", "vehicles")),
    ],
)
def test_seed_quantities(seed_analysis, text, expected):
    assert fields(one(seed_analysis, text)) == expected


def test_seed_bare_counts(seed_analysis):
    q = one(seed_analysis, "some 2000")
    assert (q.value, q.qualifier) == (2000, "about")
    six = [q for q in seed_analysis.mentions.quantities if q.text == "six" and q.about == "Congress members"]
    assert six and six[0].value == 6
    booths = [q for q in seed_analysis.mentions.quantities if q.about == "control booths"]
    assert booths and booths[0].value == 2


def test_seed_no_years_or_ordinals_as_quantities(seed_analysis):
    values = {q.value for q in seed_analysis.mentions.quantities}
    texts = {q.text for q in seed_analysis.mentions.quantities}
    assert not values & {2021, 2023, 8, 13, 15, 20}
    assert not texts & {"2021", "2023", "8th", "20th", "second", "half"}


def test_seed_offsets_quote_the_input(seed_analysis):
    assert seed_analysis.mentions.quantities
    assert_quotes(seed_analysis)
    for q in seed_analysis.mentions.quantities:
        for c in seed_analysis.article.citations:
            assert q.end <= c.start or q.start >= c.end


def test_and_a_half_and_ages(analyze):
    a = analyze("One and a half million people marched; a 25-year-old man who was 60 years old died.", published=PUB)
    assert [fields(q) for q in a.mentions.quantities] == [(1_500_000, "people", None, "people")]
    assert a.mentions.quantities[0].text == "One and a half million"


def test_ages_in_apposition_are_skipped_but_bare_counts_are_kept(analyze):
    a = analyze("The minister, 54, resigned. Of the 40 seats, 12, a third, went to the left.", published=PUB)
    assert [(q.value, q.about) for q in a.mentions.quantities] == [(40, "seats"), (12, "seats")]


def test_hyphenated_compounds(analyze):
    a = analyze("The council approved a six-month extension and sent a 900-strong battalion.", published=PUB)
    assert [fields(q) for q in a.mentions.quantities] == [(900, "people", None, "battalion")]


def test_prepositions_are_not_qualifiers(analyze):
    a = analyze("Doctors handed over 700 kg of medicine. The envoy complained over two border raids.", published=PUB)
    assert [(q.value, q.qualifier) for q in a.mentions.quantities] == [(700, None), (2, None)]


def test_nationality_nouns_count_people(analyze):
    a = analyze("Nearly 2,000 Bolivians crossed the border and thousands of Chileans followed.", published=PUB)
    assert [(q.value, q.unit, q.qualifier) for q in a.mentions.quantities] == [(2000, "people", "nearly"), (2000, "people", "at_least")]


# ------------------------------------------------------------------ number formats of other languages (issue 10)


@pytest.mark.parametrize(
    "text,value",
    [("2.000", 2000), ("1.300,5", 1300.5), ("12.500.000", 12_500_000), ("2,5", 2.5), ("2,000", 2000), ("1,300.5", 1300.5), ("3.5", 3.5)],
)
def test_separators_are_read_by_the_digits_after_them(text, value):
    from corroborator.nlp.quantities import parse_digits

    assert parse_digits(text) == value


def test_dot_thousands_in_a_sentence_and_a_decimal_before_percent(analyze):
    a = analyze("About 2.000 teachers marched to the ministry, and prices rose 2.500% in a year.", published=PUB)
    assert fields(one(a, "About 2.000")) == (2000.0, "people", "about", "teachers")
    assert one(a, "2.500%").value == 2.5
    assert_quotes(a)


def test_ages_are_not_counts(analyze):
    a = analyze("Police detained 12 men aged 23 to 40 and a woman aged 19 in the raid.", published=PUB)
    assert [q.text for q in a.mentions.quantities] == ["12"]


# ------------------------------------------------------------------ properties (issue 13)

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from corroborator.nlp.quantities import parse_digits  # noqa: E402

_UNITS = "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split()
_TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()


def _below_thousand(n: int) -> list[str]:
    words = []
    if n >= 100:
        words += [_UNITS[n // 100], "hundred"] + (["and"] if n % 100 else [])
        n %= 100
    if n >= 20:
        words += [_TENS[n // 10]] + (["-", _UNITS[n % 10]] if n % 10 else [])
    elif n or not words:
        words.append(_UNITS[n])
    return words


def _in_words(n: int) -> list[str]:
    """English words of 0 <= n < 10**9 ('two hundred and ten thousand, four ...'), written here."""
    words = []
    for scale, size in (("million", 10**6), ("thousand", 10**3)):
        if n >= size:
            words += _below_thousand(n // size) + [scale]
            n %= size
    if n or not words:
        words += _below_thousand(n)
    return words


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=0, max_value=10**9 - 1))
def test_number_words_read_back_their_value(n):
    assert parse_number_words(_in_words(n)) == n


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=0, max_value=10**12))
def test_digits_with_thousands_separators_read_back_their_value(n):
    assert parse_digits(str(n)) == n
    assert parse_digits(f"{n:,}") == n  # 2,000 / 1,300,000
    if n >= 1000:
        assert parse_digits(f"{n:,}".replace(",", ".")) == n  # 2.000: thousands dots


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=0, max_value=10**6), st.integers(min_value=1, max_value=99))
def test_decimals_read_with_a_point_or_a_decimal_comma(whole, cents):
    frac = f"{cents:02d}"
    assert parse_digits(f"{whole}.{frac}") == pytest.approx(whole + cents / 100)
    assert parse_digits(f"{whole},{frac}") == pytest.approx(whole + cents / 100)  # 2,5 / 1300,50


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=12))
def test_parse_digits_never_raises(text):
    value = parse_digits(text)
    assert value is None or value >= 0
