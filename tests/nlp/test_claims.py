"""Claims stage: sentence kinds, check-worthiness, unsupported conclusions, genre.

Seed assertions use short phrases of the seed article (read at run time); the
other texts, and the annotated sentences in tests/data/claim_kinds.jsonl, are
written for these tests.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from corroborator.lexicons import codebook
from corroborator.nlp import claims
from tests.conftest import sentence_with

GOLD = Path(__file__).resolve().parents[1] / "data" / "claim_kinds.jsonl"

# Accuracy of `kind` on tests/data/claim_kinds.jsonl when this floor was set:
# 95/97 = 0.979 overall (dev 63/64, held-out 32/33). The floor leaves room for two
# more errors.
GOLD_ACCURACY_FLOOR = 0.95

WIRE = """Talks on fuel tax stall in Varesh

VARESH, March 3, 2024 (Reuters) — Police in the northern city of Varesh arrested 14 people on Sunday after a protest against a new fuel tax turned violent, officials said.
Interior Minister Lena Odrova told reporters that officers had been attacked with stones.
According to the regional health office, nine people were treated in hospital.
Organisers of the protest denied that their members had started the violence.
The National Transport Union said in a statement that it would join a general strike on Thursday.
Its leader, Pavel Renk, claimed the tax would double the price of diesel.
He added that the union had asked for talks with the finance ministry.
The government is expected to debate the tax in parliament next week.
"""

OPINION = """The Dam Deal Is a Disgrace

Once again our leaders have sold out the valley. The so-called development agreement hands the river to a foreign consortium for forty years. Who asked the farmers? It is obvious that the ministry ignored every objection because the consortium bankrolled the ruling party. This is a shameful betrayal of the people who feed this country! We should not accept it quietly. Citizens must fill the streets on Saturday and demand that parliament tear up the contract. If they do not, the valley will be flooded within five years.
"""


@pytest.fixture(scope="module")
def wire(analyze):
    return analyze(WIRE)


@pytest.fixture(scope="module")
def opinion(analyze):
    return analyze(OPINION)


def test_codebook_header():
    data = codebook.load("claim_cues")
    for key in ("name", "version", "source", "license"):
        assert data[key]
    assert set(data["checkworthy"]["base"]) == set(claims.KIND_ORDER)


def test_priority_order_documented():
    doc = claims.__doc__
    positions = [doc.index(f"``{k}``") for k in claims.KIND_ORDER[:-1]]
    assert positions == sorted(positions)


# ----------------------------------------------------------------- the seed


def test_seed_genre_is_opinion(seed_analysis):
    art = seed_analysis.article
    assert art.genre == "opinion"
    assert any("first person" in s for s in art.genre_signals)
    assert any("call(s) to action" in s for s in art.genre_signals)


def test_seed_closing_call_to_action(seed_analysis):
    s = sentence_with(seed_analysis, "should demand the expulsion")
    assert s.kind == "call_to_action"
    assert s.checkworthy < 0.3
    assert any("should demand" in k for k in s.kind_signals)


def test_seed_rigged_vote_is_unsupported_causal(seed_analysis):
    s = sentence_with(seed_analysis, "rigged the 2021 vote")
    assert s.kind == "causal"
    assert s.unsupported is True
    assert s.checkworthy >= 0.6
    assert any(k.startswith("unsupported") for k in s.kind_signals)
    assert any("inference frame" in k for k in s.kind_signals)


def test_seed_attributed_claim(seed_analysis):
    s = sentence_with(seed_analysis, "Fujimori claimed that there was")
    assert s.kind == "attributed"
    assert s.attribution.speaker == "Keiko Fujimori"
    assert not s.unsupported


def test_seed_other_kinds(seed_analysis):
    assert sentence_with(seed_analysis, "Who are the forces behind").kind == "opinion"
    assert sentence_with(seed_analysis, "101 Congress members voted").kind == "statistic"
    assert sentence_with(seed_analysis, "will not be sovereign until").kind == "prediction"
    assert sentence_with(seed_analysis, "Vandals also attacked").kind == "event"
    assert sentence_with(seed_analysis, "So much for progressive").kind == "opinion"


def test_seed_headings_stay_other(seed_analysis):
    headings = [s for s in seed_analysis.sentences if s.heading]
    assert len(headings) >= 3
    for s in headings:
        assert s.kind == "other" and s.checkworthy == 0.0 and not s.unsupported


def test_seed_cited_causal_claims_are_not_unsupported(seed_analysis):
    unsupported = [s for s in seed_analysis.sentences if s.unsupported]
    assert len(unsupported) >= 5  # 11 measured
    for s in unsupported:
        assert not s.citations and s.attribution is None and not s.hedges


def test_seed_signals_and_scores(seed_analysis):
    for s in seed_analysis.sentences:
        assert 0.0 <= s.checkworthy <= 1.0
        if s.kind != "other":
            assert s.kind_signals and s.kind_signals[0].startswith(s.kind + ":")
    opinions = [s.checkworthy for s in seed_analysis.sentences if s.kind == "opinion"]
    facts = [s.checkworthy for s in seed_analysis.sentences if s.kind in ("event", "statistic")]
    assert max(opinions) < min(facts)


# --------------------------------------------------------- own short articles


def test_wire_report_is_reporting(wire):
    assert wire.article.genre == "reporting"
    assert any("(Reuters)" in s for s in wire.article.genre_signals)
    body = [s for s in wire.sentences if not s.heading]
    attributed = [s for s in body if s.kind == "attributed"]
    assert len(attributed) >= 6
    assert not any(s.unsupported for s in body)
    assert sentence_with(wire, "is expected to debate").kind == "prediction"


def test_reported_future_is_attributed_not_prediction(wire):
    s = sentence_with(wire, "would join a general strike")
    assert s.kind == "attributed"
    s = sentence_with(wire, "claimed the tax would double")
    assert s.kind == "attributed"


def test_opinion_piece(opinion):
    assert opinion.article.genre == "opinion"
    assert sentence_with(opinion, "Who asked the farmers?").kind == "opinion"
    assert sentence_with(opinion, "shameful betrayal").kind == "opinion"
    assert sentence_with(opinion, "We should not accept").kind == "call_to_action"
    cta = sentence_with(opinion, "Citizens must fill the streets")
    assert cta.kind == "call_to_action" and cta.checkworthy < 0.3
    assert sentence_with(opinion, "will be flooded").kind == "prediction"
    s = sentence_with(opinion, "It is obvious that the ministry")
    assert s.kind == "causal" and s.unsupported
    assert s.checkworthy > sentence_with(opinion, "shameful betrayal").checkworthy


def test_author_voice_outranks_reported_speech(analyze):
    a = analyze(
        'The minister said on Monday that taxes will rise, and we should all be worried.\n'
        '"Workers must go home," the mayor said.\n'
        "Join the march on Saturday.\n"
        "Prices rose because the port was closed, according to the chamber of commerce.\n"
        "Prices rose because the port was closed.\n"
    )
    assert sentence_with(a, "we should all be worried").kind == "call_to_action"
    assert sentence_with(a, "Workers must go home").kind == "attributed"
    assert sentence_with(a, "Join the march").kind == "call_to_action"
    sourced = sentence_with(a, "according to the chamber")
    assert sourced.kind == "attributed" and not sourced.unsupported
    bare = [s for s in a.sentences if s.text.startswith("Prices rose") and s.attribution is None][0]
    assert bare.kind == "causal" and bare.unsupported


def test_small_counts_are_details_not_statistics(analyze):
    a = analyze("Protesters set fire to the town hall and looted two shops.\nTwelve people died in the clashes.\n")
    assert sentence_with(a, "looted two shops").kind == "event"
    assert sentence_with(a, "Twelve people died").kind == "statistic"


# ------------------------------------------------------------ gold accuracy


def _gold():
    return [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_gold_set_shape():
    items = _gold()
    assert len(items) >= 60
    assert {i["kind"] for i in items} == set(claims.KIND_ORDER)
    assert {i["split"] for i in items} == {"dev", "heldout"}


def test_gold_kind_accuracy(analyze):
    items = _gold()
    text = "Claim kinds\n\n"
    offsets = []
    for item in items:
        offsets.append(len(text))
        text += item["text"] + "\n\n"
    analysis = analyze(text)
    correct = 0
    misses = []
    for item, off in zip(items, offsets):
        sent = next(s for s in analysis.sentences if s.start <= off < s.end)
        if sent.kind == item["kind"]:
            correct += 1
        else:
            misses.append((item["kind"], sent.kind, item["text"]))
    accuracy = correct / len(items)
    assert accuracy >= GOLD_ACCURACY_FLOOR, misses


def test_modals_in_embedded_clauses_are_not_the_authors(analyze):
    a = analyze(
        "Regional ministers agreed on Monday that their governments should share river data.\n"
        "Farmers staged rallies across the delta, insisting that the dam must be stopped.\n"
        "The cabinet approved a plan that will raise water fees.\n"
        "Water fees will rise in June.\n"
    )
    assert sentence_with(a, "should share river data").kind != "call_to_action"
    assert sentence_with(a, "must be stopped").kind != "call_to_action"
    assert sentence_with(a, "a plan that will raise").kind == "event"
    assert sentence_with(a, "Water fees will rise").kind == "prediction"


def test_inference_frames(analyze):
    a = analyze(
        "It is clear that the army staged the attack on the border post.\n"
        "It is apparent that foreign bankers rigged the auction to ruin local firms.\n"
        "It is clear that the army staged the attack, as the defence ministry admitted.\n"
    )
    s = sentence_with(a, "the army staged the attack on")
    assert s.kind == "event" and s.unsupported
    assert any("conclusion presented as evident" in k for k in s.kind_signals)
    s = sentence_with(a, "rigged the auction")
    assert s.kind == "causal" and s.unsupported and s.checkworthy >= 0.6
    assert not sentence_with(a, "as the defence ministry admitted").unsupported


def test_event_with_ascribed_intent_is_unsupported(analyze):
    a = analyze(
        "Then global finance mobilised its agents in the ports in a bid to topple the government.\n"
        "Riot police used tear gas to disperse the crowd.\n"
        "The militia blocked the northern highway after the vote.\n"
    )
    s = sentence_with(a, "in a bid to topple")
    # event when the events stage codes "mobilised", causal otherwise: unsupported either way
    assert s.kind in ("event", "causal") and s.unsupported
    assert any("intent" in k for k in s.kind_signals)
    # a concrete actor's purpose is description, not a hidden-hand conclusion
    police = sentence_with(a, "to disperse the crowd")
    assert police.kind == "event" and not police.unsupported
    plain = sentence_with(a, "after the vote")
    assert plain.kind == "event" and not plain.unsupported


# ------------------------------------------------------------------ genre cues


def test_genre_advocacy_without_first_person_is_opinion(analyze):
    a = analyze(
        "The authorities have ruthlessly crushed every protest and arbitrarily jailed hundreds of students.\n\n"
        "Guards beat detainees with impunity, and the draconian security law lets them hold anyone without charge.\n\n"
        "The government must release the students at once and repeal the law.\n\n"
        "Parliament should open an independent inquiry into the abuses."
    )
    assert a.article.genre == "opinion", a.article.genre_signals
    assert any("loaded term" in s for s in a.article.genre_signals)
    assert any("call(s) to action" in s for s in a.article.genre_signals)


def test_genre_neutral_expository_text_is_reporting(analyze):
    a = analyze(
        "The 2019 floods were a series of river floods that began in March in the north of the country.\n\n"
        "Water levels rose after two weeks of heavy rain, and about 4,000 families left their homes.\n\n"
        "The government opened 30 shelters and the army sent boats to the worst-hit districts.\n\n"
        "Most families had returned by the end of May."
    )
    assert a.article.genre == "reporting", a.article.genre_signals
    # one evaluative word ("worst-hit") in a short text makes no evaluative density
    assert not any("evaluations asserted" in s for s in a.article.genre_signals)


def test_dense_loaded_language_is_opinion_despite_attribution(analyze):
    text = (
        "The junta's thugs went on slaughtering villagers, the army said on Monday.\n\n"
        "This savage repression is a desperate gamble by a despised clique, according to local media.\n\n"
        "Officials said the curfew would be lifted on Friday."
    )
    a = analyze(text)
    assert a.article.genre == "opinion", a.article.genre_signals
    assert any("density decides" in s for s in a.article.genre_signals)
    # the same attributed report without the loaded words is not opinion
    plain = analyze(
        "Soldiers killed villagers, the army said on Monday.\n\n"
        "The operation is an attempt by the government to regain control, according to local media.\n\n"
        "Officials said the curfew would be lifted on Friday."
    )
    assert plain.article.genre != "opinion", plain.article.genre_signals


def test_quotation_over_two_sentences_is_not_the_authors_voice(analyze):
    a = analyze(
        "The editor resigned on Monday after a year of pressure from the authorities.\n\n"
        "“It is time for me to leave. But I worry for my colleagues now,” he told reporters.\n\n"
        "The newspaper said it would appoint a new editor next month."
    )
    worry = next(s for s in a.sentences if "I worry" in s.text)
    assert not any("first person" in k for k in worry.kind_signals), worry.kind_signals
    assert not any(s.startswith("first person") for s in a.article.genre_signals), a.article.genre_signals
