"""Consistency checks inside one article."""

from __future__ import annotations

import time

from corroborator.nlp import checks as checks_stage


def of_kind(analysis, kind: str, status: str | None = None):
    return [c for c in analysis.checks if c.kind == kind and (status is None or c.status == status)]


def assert_evidence_quotes_text(analysis):
    text = analysis.article.text
    for c in analysis.checks:
        assert c.message
        for ev in c.evidence:
            assert text[ev.start : ev.end] == ev.text


# ----------------------------------------------------------------- seed article


def test_seed_vote_share_sums_to_100(seed_analysis):
    found = [c for c in of_kind(seed_analysis, "percent_sum") if "50.125%" in c.message]
    assert found and found[0].status == "consistent"
    assert "49.875%" in found[0].message and "100%" in found[0].message
    assert "50.125%" in found[0].evidence[0].text


def test_seed_vote_tally(seed_analysis):
    tally = [c for c in of_kind(seed_analysis, "vote_tally") if "117" in c.message]
    assert tally, [c.message for c in seed_analysis.checks]
    msg = tally[0].message
    assert "101 for" in msg and "6 against" in msg and "10 abstentions" in msg and "majority" in msg
    assert "101 Congress members" in tally[0].evidence[0].text
    # "voted overwhelmingly" elsewhere in the text agrees with 86% in favour
    described = [c for c in of_kind(seed_analysis, "vote_tally") if "overwhelmingly" in c.message]
    assert described and described[0].status == "consistent"


def test_seed_has_no_false_alarms(seed_analysis):
    assert_evidence_quotes_text(seed_analysis)
    assert not [c for c in seed_analysis.checks if c.status == "inconsistent"]


def test_seed_checks_are_fast(seed_analysis):
    from corroborator.run.analyze import state_for

    state = state_for(seed_analysis.article.text, stages={"quantities"})
    t = time.perf_counter()
    for _ in range(3):
        checks_stage.run(state)
    assert (time.perf_counter() - t) / 3 < 0.1  # a few ms measured


# ----------------------------------------------------------------- own articles


CONTRADICTING = (
    "Riot police in the river town of Sella killed 12 people on Saturday, local officials said. "
    "Candidate Maria Delgado won 54% of the votes and her rival Tomas Ruiz took 49%. "
    "On Monday, hospital staff said the 15 dead included two children."
)


def test_contradicting_figures(analyze):
    a = analyze(CONTRADICTING, published="2023-03-10")
    assert_evidence_quotes_text(a)
    pct = of_kind(a, "percent_sum")
    assert pct and pct[0].status == "inconsistent" and "103%" in pct[0].message
    fig = of_kind(a, "figure_conflict", "inconsistent")
    assert fig, [c.message for c in a.checks]
    assert "12" in fig[0].message and "15" in fig[0].message
    assert {e.sentence_index for e in fig[0].evidence} == {0, 2}
    # the two children are a part of the dead, not a second death toll
    assert not [c for c in of_kind(a, "figure_conflict") if "two" in c.message]


def test_same_figure_twice_is_consistent_and_qualifiers_allow_ranges(analyze):
    a = analyze(
        "Soldiers killed at least 9 people at the market in Dorna on Friday. "
        "The army later confirmed that 11 people had died at the market."
    )
    fig = of_kind(a, "figure_conflict")
    assert fig and fig[0].status == "consistent" and "qualifiers" in fig[0].message


def test_different_places_are_not_compared(analyze):
    a = analyze("Police killed 3 protesters in Juliaca on Monday. On Tuesday, soldiers killed 5 people in Puno.")
    assert not of_kind(a, "figure_conflict", "inconsistent")


def test_misspelled_name(analyze):
    a = analyze(
        "Interior minister Paulo Brandt ordered the curfew on Friday. Opposition deputies asked "
        "Paulo Brandt to appear before the committee. Paulo Brant declined the invitation on Saturday."
    )
    names = of_kind(a, "name_variant", "inconsistent")
    assert names, [c.message for c in a.checks]
    assert "Paulo Brandt" in names[0].message and "Paulo Brant" in names[0].message
    assert "(2×)" in names[0].message


def test_partial_names_are_not_variants(analyze):
    a = analyze(
        "Paulo Brandt ordered the curfew. Brandt’s deputy, Lucia Brandt, resigned. Paulo Brandt’s office "
        "said nothing. Brandt later spoke to reporters."
    )
    assert not of_kind(a, "name_variant", "inconsistent")


def test_neutral_wire_report(analyze):
    a = analyze(
        "LIMA, January 15, 2023 (Wire) - Peru's Congress voted 101-6-10 on Wednesday to remove the president. "
        "Of the 130 members, 117 took part. Police said roads in three regions were blocked on Thursday.",
    )
    assert a.framing.scare_quotes == []
    assert not [c for c in a.checks if c.status == "inconsistent"]
    tally = of_kind(a, "vote_tally")
    assert tally and tally[0].status == "consistent"
    assert "117 votes cast" in tally[0].message and "130" in tally[0].message


def test_vote_tally_against_body_size_and_unanimous(analyze):
    a = analyze(
        "The 90-member council voted unanimously to censure the mayor, with 70 in favour, 15 against "
        "and 9 abstentions."
    )
    tally = of_kind(a, "vote_tally")
    assert tally[0].status == "inconsistent" and "94" in tally[0].message and "90" in tally[0].message
    unanimous = [c for c in tally if "unanimously" in c.message]
    assert unanimous and unanimous[0].status == "inconsistent" and "15 votes against" in unanimous[0].message


def test_percentages_of_different_wholes_not_summed(analyze):
    a = analyze("Inflation reached 8% in March while unemployment fell to 6.5%.")
    assert not of_kind(a, "percent_sum")


def test_rounded_shares_are_consistent(analyze):
    a = analyze("In the runoff, Ana Lima received 50.3% of the votes and Jorge Pena received 49.8% of the votes.")
    pct = of_kind(a, "percent_sum")
    assert pct and pct[0].status == "consistent" and "rounding" in pct[0].message


def test_dates_in_impossible_order(analyze):
    a = analyze(
        "The union leader was arrested on 9 December after the general strike on 10 December. "
        "The strike had begun on 2 December before the talks collapsed on 5 December.",
        published="2022-12-20",
    )
    order = of_kind(a, "date_order")
    bad = [c for c in order if c.status == "inconsistent"]
    good = [c for c in order if c.status == "consistent"]
    assert len(bad) == 1 and "9 December" in bad[0].message and "after" in bad[0].message
    assert good and "2 December" in good[0].message


def test_past_event_dated_after_publication(analyze):
    a = analyze(
        "Protesters stormed the airport on 20 January, officials said. Elections will be held on 3 March.",
        published="2023-01-15",
    )
    bad = of_kind(a, "date_order", "inconsistent")
    assert len(bad) == 1 and "20 January" in bad[0].message and "stormed" in bad[0].message


def test_relative_date_contradicts_explicit_date(analyze):
    a = analyze(
        "Police cleared the square on 12 March. A day earlier, on 13 March, the unions had called a strike.",
        published="2023-03-20",
    )
    rel = [c for c in of_kind(a, "date_order") if "day earlier" in c.message.lower()]
    assert rel and rel[0].status == "inconsistent"


# ----------------------------------------------------------------- issue 11: only like with like


def test_durations_are_not_counts(analyze):
    a = analyze(
        "A judge ruled that Belan must be held for no more than nine months while prosecutors prepare the case. "
        "Prosecutors had asked for 18 months of pre-trial detention. Police arrested 12 of his aides on Monday. "
        "The aides were held for four months."
    )
    assert not of_kind(a, "figure_conflict"), [c.message for c in a.checks]


def test_years_are_not_counts(analyze):
    a = analyze("The 2022 Ruritanian protests began in March. The 2022 Ruritanian protests ended in November.")
    assert not of_kind(a, "figure_conflict"), [c.message for c in a.checks]


def test_a_subgroup_is_not_a_second_version_of_the_count(analyze):
    a = analyze(
        "Since the new president took office, over 140 protesters have been arrested. "
        "The government has also used the anti-terror law to detain three protesters."
    )
    assert not of_kind(a, "figure_conflict"), [c.message for c in a.checks]
    # while two versions of one toll still disagree
    b = analyze("Officials said 227 people were killed in the unrest. The final report says 238 people were killed in the unrest.")
    assert of_kind(b, "figure_conflict"), [c.message for c in b.checks]


def test_checks_grow_linearly_with_the_text(analyze):
    """The same short report repeated: findings grow with the copies, not with their pairs."""
    one = (
        "The 90-member council voted 70 to 15 on Monday to censure the mayor. Police said 12 people were "
        "arrested at the protest. Officials later said 15 people were arrested at the protest. "
        "The council voted overwhelmingly to censure the mayor, its chair said. "
    )
    n1 = len(analyze(one).checks)
    n8 = len(analyze(one * 8).checks)
    assert n1 >= 3  # the tally, the word that describes it, the two arrest figures
    assert n8 <= 8 * n1, (n1, n8)


def test_dev_infobox_sides_and_lead_toll(analyze):
    """Real article (read at run time): the infobox's 238 dead against the lead's 227 is a
    conflict; the other side's 19 dead is another group."""
    from pathlib import Path

    path = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "multisource" / "kazakhstan-2022" / "09-wikipedia.txt"
    if not path.exists():
        import pytest

        pytest.skip("multisource development data not found")
    from corroborator import analyze_file

    a = analyze_file(str(path))
    bad = of_kind(a, "figure_conflict", "inconsistent")
    assert len(bad) == 1 and "238" in bad[0].message and "227" in bad[0].message
    assert not [c for c in of_kind(a, "figure_conflict") if "19" in c.message.replace("9,900", "")]
    assert not [c for c in of_kind(a, "figure_conflict") if "2022" in c.message]


def test_names_are_compared_without_any_title_the_mention_layer_knows():
    """A title the recogniser keeps inside a PERSON entity ("Colonel Paulo Brandt") is dropped the
    mention layer's way before spellings are compared (the checks keep no title list of their own)."""
    from types import SimpleNamespace

    ents = [SimpleNamespace(label="PERSON", text=t, sentence_index=k) for k, t in enumerate(["Colonel Paulo Brandt", "Paulo Brandt", "Paulo Brant"])]
    state = SimpleNamespace(entities=ents, sentences=[], evidence=lambda i: None)
    found = [c for c in checks_stage._name_variants(state) if c.status == "inconsistent"]
    assert len(found) == 1 and "“Paulo Brandt” (2×)" in found[0].message and "“Paulo Brant” (1×)" in found[0].message
