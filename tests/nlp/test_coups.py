"""Issue 4: was it a coup? Criterion-by-criterion assessments, labels kept with who used them.

The wire reports below are written for these tests (invented places and people).
"""

from __future__ import annotations

import pytest

from corroborator.lexicons import codebook
from corroborator.contract.records import Event, PloverCode

CB = codebook.load("coup_typology")
NAME = {c["id"]: c["name"] for c in CB["criteria"]}

MILITARY = (
    "ARDANIA CITY, March 3 (Wire) - Soldiers led by Colonel Tomas Varga seized power in Ardania on Monday, "
    "ousting President Elena Sorel and dissolving her government. In a statement read on state television, the "
    "officers said they had suspended the constitution and closed the country's borders. Sorel is being held at a "
    "military base outside the capital, her party said. Varga was later sworn in as head of a transitional military "
    "council. Two weeks after the takeover, the council remains in control of the country. The African Union "
    "condemned the seizure of power as an unconstitutional change of government.\n"
)

FAILED = (
    "VELMORA, June 14 (Wire) - Troops loyal to President Amara Kell repelled an attempt by a group of army officers "
    "to seize power early on Tuesday, the defence ministry said. The mutineers surrounded the presidential palace and "
    "occupied the state broadcaster for several hours before loyalist units regained control. Twelve officers were "
    "arrested. Kell later appeared on television to say the situation was under control and that the coup attempt "
    "had failed.\n"
)

AUTO = (
    "SAN MIRO, Calvaria, Oct 2 (Wire) - President Ruben Ostra dissolved the National Assembly on Thursday and said "
    "he would rule by decree until new elections are held. The constitution does not allow the president to dissolve "
    "the assembly before the end of its term. Opposition leaders called the move a self-coup. Soldiers surrounded the "
    "assembly building, and the army command said it backed the president. Ostra also suspended the Constitutional "
    "Court and announced an emergency government led by his allies.\n"
)

IMPEACHMENT = (
    "BRELLA, Nortania, May 9 (Wire) - Lawmakers in Nortania voted 87 to 23 on Wednesday to remove President Iris "
    "Calder from office after an impeachment trial over misuse of public funds. The vote followed the procedure set "
    "out in Article 117 of the constitution, which allows Congress to remove a president with a two-thirds majority. "
    "Vice President Samuel Orin was sworn in hours later, as the constitution provides. Calder's supporters called the "
    "vote a parliamentary coup and said they would challenge it in court.\n"
)

FORCED = (
    "PORTO LIRA, Terrano, Aug 20 (Wire) - President Jonas Abara resigned on Sunday after the army chief gave him a "
    "24-hour ultimatum to step down and soldiers took up positions around the presidential palace. General Marco "
    "Dell, the army chief of staff, said the military had forced the president to resign to prevent bloodshed and "
    "would hand power to a civilian government within a year. Abara left the country on Monday.\n"
)

PROTEST = (
    "KESTOV, Sorvia, Feb 5 (Wire) - Thousands of people marched through the capital of Sorvia on Saturday to demand "
    "lower fuel prices, in the largest protests the country has seen in a decade. Interior Minister Paul Renner "
    "called the protests a foreign-backed coup against the government, but he offered no evidence. Protest organisers "
    "denied receiving money from abroad and said the marches were peaceful. Police said 14 people were detained.\n"
)

PLOT = (
    "DORAN, Ilvania, Nov 30 (Wire) - Security forces arrested nine retired officers accused of plotting to overthrow "
    "President Nadia Frey, the justice ministry said on Friday. According to the ministry, the group had planned to "
    "storm the presidential palace during a parade next month. The officers' lawyers said the charges were fabricated.\n"
)

NOT_ACTS = (
    "Farmers blocked highways on Monday and demanded the closure of Congress and new elections. The president "
    "threatened to dissolve parliament if lawmakers rejected his budget, but no vote has been scheduled. Analysts said "
    "the army could seize power if the unrest spread.\n"
)


PALACE = (
    "Vice President Lena Moravec removed President Karl Hesse from office on Friday with the help of the presidential "
    "guard, and named herself acting head of state. The cabinet backed the move. Hesse called it a palace coup and "
    "said he remained the legitimate president.\n"
)

COUNTER = (
    "A group of junior officers overthrew the military junta that had seized power in Belvaria last year, state radio "
    "said on Monday. The junta leader, General Paulo Ekko, was arrested.\n"
)

SELF_PROCLAIMED = (
    "Opposition leader Marco Vell proclaimed himself interim president at a rally in the capital on Tuesday, saying "
    "the last election was rigged. The army said it remained loyal to President Ana Ruiz, who continues to govern "
    "from the palace.\n"
)

EMERGENCY_ONLY = (
    "The government declared a state of emergency in three provinces on Monday after floods killed 40 people. "
    "Parliament approved the measure in a special session.\n"
)


# ------------------------------------------------------------------ helpers


def crit(coup, cid: str):
    for c in coup.criteria:
        if c.name == NAME[cid]:
            return c
    raise AssertionError(f"no criterion {cid!r} in {[c.name for c in coup.criteria]}")


def only(analysis):
    assert len(analysis.coups) == 1, [(c.type, c.outcome, c.summary) for c in analysis.coups]
    return analysis.coups[0]


def coup_labels(coup):
    return [l for l in coup.labels if "coup" in l.label.lower() or "golpe" in l.label.lower()]


@pytest.fixture(scope="module")
def runs(analyze):
    return {name: analyze(text) for name, text in {
        "military": MILITARY, "failed": FAILED, "auto": AUTO, "impeachment": IMPEACHMENT,
        "forced": FORCED, "protest": PROTEST, "plot": PLOT, "not_acts": NOT_ACTS,
    }.items()}


# ------------------------------------------------------------------ own texts


def test_military_coup_realized(runs):
    c = only(runs["military"])
    assert (c.type, c.outcome) == ("military", "realized")
    elites = crit(c, "state_elites")
    assert elites.met is True and "seized power" in elites.evidence.text
    assert crit(c, "target_executive").met is True and "Sorel" in crit(c, "target_executive").note
    held = crit(c, "held_power")
    assert held.met is True and "Two weeks after" in held.evidence.text
    # the African Union's word is reported as its own, not taken as the text's finding
    illegal = crit(c, "illegal")
    assert illegal.met is None and "African Union" in illegal.note
    assert c.summary and "military coup" in c.summary


def test_failed_coup_attempted(runs):
    c = only(runs["failed"])
    assert (c.type, c.outcome) == ("military", "attempted")
    held = crit(c, "held_power")
    assert held.met is False and "repelled" in held.evidence.text and "troops loyal" in held.note.lower()
    # Kell calls it a coup: kept as a label, and the label sets no criterion
    labels = coup_labels(c)
    assert labels and all("Kell" in l.used_by for l in labels)
    assert crit(c, "illegal").met is None and "Kell" in crit(c, "illegal").note


def test_auto_coup_dissolves_assembly(runs):
    c = only(runs["auto"])
    assert (c.type, c.outcome) == ("auto-coup", "realized")
    ab = crit(c, "executive_against_branches")
    assert ab.met is True and "dissolved the National Assembly" in ab.evidence.text
    # stated by the text, not by a source: met
    illegal = crit(c, "illegal")
    assert illegal.met is True and "does not allow" in illegal.evidence.text
    assert crit(c, "target_executive").met is False
    labels = coup_labels(c)
    assert len(labels) == 1 and labels[0].label == "self-coup" and "Opposition leaders" in labels[0].used_by
    # "said he would rule by decree" is an intention, not an act
    assert "rule by decree" not in c.summary


def test_impeachment_following_constitution_is_not_a_coup(runs):
    c = only(runs["impeachment"])
    assert c.outcome == "not_a_coup" and c.type is None
    proc = crit(c, "constitutional_procedure")
    assert proc.met is True and "voted 87 to 23" in proc.evidence.text and "Article 117" in proc.note
    illegal = crit(c, "illegal")
    assert illegal.met is False and "Article 117" in illegal.evidence.text
    # the supporters' label stays theirs
    users = [l.used_by for l in coup_labels(c)]
    assert len(users) == 1 and "Calder" in users[0] and "supporters" in users[0]


def test_resignation_forced_by_military(runs):
    c = only(runs["forced"])
    assert (c.type, c.outcome) == ("forced resignation", "realized")
    assert crit(c, "state_elites").met is True and "military" in crit(c, "state_elites").note
    assert crit(c, "target_executive").met is True and "Abara" in crit(c, "target_executive").note


def test_protest_called_foreign_backed_coup(runs):
    """A protest is not an attempt by state elites: the label is kept with the
    minister who used it, foreign sponsorship is his claim with no evidence in
    the text, and the protest is not assessed as a coup (outcome not_a_coup, no
    type: in particular not 'foreign-backed')."""
    c = only(runs["protest"])
    assert c.outcome == "not_a_coup" and c.type is None
    assert crit(c, "state_elites").met is False
    foreign = crit(c, "foreign_backing")
    assert foreign.met is None
    assert "claimed by Interior Minister Paul Renner" in foreign.note and "evidence in text: none" in foreign.note
    assert "foreign-backed" in foreign.evidence.text
    users = [l.used_by for l in coup_labels(c)]
    assert len(users) == 1 and "Paul Renner" in users[0]
    assert crit(c, "overt").met is None


def test_discovered_plot_is_a_conspiracy(runs):
    c = only(runs["plot"])
    assert (c.type, c.outcome) == ("dissident", "conspiracy")
    assert crit(c, "overt").met is False
    assert crit(c, "target_executive").met is True and "Frey" in crit(c, "target_executive").note


@pytest.mark.parametrize(
    "text, expected",
    [
        (PALACE, [("palace", "realized")]),
        (COUNTER, [("counter-coup", "realized"), ("military", "realized")]),
        (SELF_PROCLAIMED, [("dissident", "attempted")]),
        (EMERGENCY_ONLY, []),
    ],
    ids=["palace", "counter-coup", "self-proclaimed", "emergency-only"],
)
def test_other_initiator_types(analyze, text, expected):
    a = analyze(text)
    assert [(c.type, c.outcome) for c in a.coups] == expected


def test_demands_threats_and_speculation_are_not_assessed(runs):
    assert runs["not_acts"].coups == []


def test_offsets_quote_the_input(runs):
    checked = [0, 0]
    for a in runs.values():
        text = a.article.text
        for c in a.coups:
            for cr in c.criteria:
                if cr.evidence is not None:
                    assert text[cr.evidence.start : cr.evidence.end] == cr.evidence.text
                    checked[0] += 1
            for l in c.labels:
                if l.start is not None:
                    assert text[l.start : l.end].lower() == l.label.lower()
                    checked[1] += 1
    assert checked[0] >= 20 and checked[1] >= 3, checked  # 32 criteria, 4 labels measured


def test_fallback_labels_when_framing_gives_none(analyze, monkeypatch):
    from corroborator.nlp import framing
    from corroborator.contract.records import Framing

    monkeypatch.setattr(framing, "extract", lambda state: Framing())
    a = analyze(AUTO)
    c = only(a)
    assert [(l.label, l.used_by) for l in coup_labels(c)] == [("self-coup", "Opposition leaders")]
    a = analyze(PROTEST)
    # the fallback keeps the words that qualify the label
    assert [(l.label, l.used_by) for l in coup_labels(only(a))] == [("foreign-backed coup", "Interior Minister Paul Renner")]


def test_links_coded_events_that_overlap(analyze, monkeypatch):
    from corroborator.nlp import events

    def fake(state):
        tok = next(t for t in state.doc if t.text == "dissolved")
        si = state.sentence_of_token(tok)
        return [Event(id="ev-dissolve", plover=PloverCode(type="COERCE"), trigger=state.token_span(state.doc[tok.i : tok.i + 1]), evidence=state.evidence(si))]

    monkeypatch.setattr(events, "extract", fake)
    c = only(analyze(AUTO))
    assert c.event_ids == ["ev-dissolve"]


# ------------------------------------------------------------------ the seed article


def _seed_coups(seed_analysis):
    auto = [c for c in seed_analysis.coups if c.type == "auto-coup"]
    removal = [c for c in seed_analysis.coups if c.outcome == "not_a_coup" and any("101" in (cr.evidence.text if cr.evidence else "") for cr in c.criteria)]
    return auto, removal


def test_seed_castillo_attempt_is_an_attempted_auto_coup(seed_analysis):
    auto, _ = _seed_coups(seed_analysis)
    assert len(auto) == 1
    c = auto[0]
    assert c.outcome == "attempted"
    held = crit(c, "held_power")
    assert held.met is False and "rejected by the military" in held.evidence.text
    ab = crit(c, "executive_against_branches")
    assert ab.met is True and "emergency government" in ab.evidence.text and "dissolve the Congress" in ab.note
    assert "Castillo" in crit(c, "state_elites").note
    # the author's own word, kept as the author's, and not proof of illegality
    assert ("coup", "author") in [(l.label, l.used_by) for l in coup_labels(c)]
    assert crit(c, "illegal").met is None and "by the author" in crit(c, "illegal").note


def test_seed_removal_by_congress_is_not_a_realized_coup(seed_analysis):
    assert all(c.outcome != "realized" for c in seed_analysis.coups)
    _, removal = _seed_coups(seed_analysis)
    assert len(removal) == 1
    c = removal[0]
    proc = crit(c, "constitutional_procedure")
    assert proc.met is True and "voted to remove Castillo" in proc.evidence.text
    # the groups who called Congress's act a coup keep their label
    users = [l.used_by for l in coup_labels(c)]
    assert users and all(u != "author" for u in users)
    assert any("Assembly" in u or "ANP" in u or "FARP" in u for u in users)
    assert crit(c, "illegal").met is None


def test_seed_labels_kept_with_who_used_them(seed_analysis):
    """left-wing / right-wing / terrorists come from the framing stage; the coup
    entries carry the ones that name their actors."""
    fl = [(l.label, l.used_by, l.target) for l in seed_analysis.framing.labels]
    if not fl:
        pytest.skip("framing stage gives no labels")
    assert any(lab == "terrorists" and "Boularte" in by for lab, by, _ in fl)
    auto, removal = _seed_coups(seed_analysis)
    auto_labels = {(l.label, l.used_by) for l in auto[0].labels}
    removal_labels = {(l.label, l.used_by) for l in removal[0].labels}
    assert any(lab == "left-wing" for lab, _ in auto_labels)
    assert any(lab == "right-wing" for lab, _ in removal_labels)
    # a label for someone else ("supporters of Castillo") is not put on the coup entry
    assert all(l.target is None or "supporters" not in l.target for c in seed_analysis.coups for l in c.labels)


# ------------------------------------------------------------------ reports


def test_markdown_report_shows_the_criteria_table(runs):
    from corroborator.export.render import to_markdown

    md = to_markdown(runs["auto"])
    section = md.split("## Coup assessment", 1)[1].split("\n## ", 1)[0]
    assert "auto-coup — outcome: realized" in section
    assert "| criterion | met | evidence | note |" in section
    row = next(l for l in section.splitlines() if l.startswith("| " + NAME["executive_against_branches"]))
    assert "| yes |" in row and "dissolved the National Assembly" in row
    assert "“self-coup”" in section and "Opposition leaders" in section


def test_terminal_report_shows_the_criteria_table(runs):
    from rich.console import Console

    from corroborator.export.render import print_terminal

    console = Console(record=True, width=200)
    print_terminal(runs["protest"], console=console)
    out = console.export_text()
    assert "Coup assessment 1: not assessed as a coup" in out
    assert "foreign backing" in out and "evidence in text: none" in out
    assert "used by" in out and "Renner" in out


def test_former_president_dissolving_congress_is_an_auto_coup(analyze):
    # news calls a removed leader "former President" when telling what he did in office
    a = analyze(
        "MARAVAL, March 3, 2024 — Former President Tomas Arriaga was detained on Friday, hours after he "
        "announced on television that he would dissolve Congress and rule by decree. The army refused "
        "to back the plan."
    )
    coups = [c for c in a.coups if c.outcome != "not_a_coup"]
    assert coups and coups[0].type == "auto-coup"
    assert coups[0].outcome == "attempted"


# ------------------------------------------------------------------ issue 11: no invented coups
# Own texts (invented people and places) in the constructions real reporting uses.

from pathlib import Path  # noqa: E402

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
MULTI = SHARED / "data" / "multisource"

AUTO_COUP_PHRASINGS = [
    "On 7 March 2023, Belan attempted to dissolve Congress and install an emergency government. "
    "Congress then voted 88-20-5 to remove him from office.",
    "Belan announced the dissolution of Congress on Wednesday. Hours later lawmakers voted to remove him, "
    "and police arrested him.",
    "Belan dissolved Congress on 7 March and called new elections. He was removed from office and arrested "
    "later that day.",
    "Lawmakers ousted Belan hours after he tried to dissolve the legislature.",
    "Belan, who was ousted after his failed bid to close the legislature, remains in pre-trial detention.",
    "Belan, who tried to shut down Congress and rule by decree, was arrested.",
    "In a televised address, Belan announced that he was temporarily dissolving Congress and installing an "
    "emergency government. He was detained hours later.",
    "Belan ordered the dissolution of Congress and imposed a curfew, but the armed forces refused to obey.",
]


@pytest.mark.parametrize("text", AUTO_COUP_PHRASINGS, ids=[f"phrasing-{i}" for i in range(len(AUTO_COUP_PHRASINGS))])
def test_same_act_is_an_attempted_auto_coup_however_it_is_told(analyze, text):
    """An executive who tries to close the legislature and is removed or arrested for it:
    an attempted auto-coup in every phrasing, even with no title in the text."""
    a = analyze(text)
    autos = [c for c in a.coups if c.type == "auto-coup"]
    assert [(c.type, c.outcome) for c in autos] == [("auto-coup", "attempted")], [(c.type, c.outcome, c.summary) for c in a.coups]
    assert "Belan" in autos[0].summary
    assert not [c for c in a.coups if c.outcome == "realized"]


@pytest.mark.parametrize(
    "text",
    [
        "On Monday the National Assembly voted 88 to 20 to remove President Tomas Belan from office.",
        "Anna Korver was sworn in as president after Congress removed Tomas Belan from office.",
        "Lawmakers ousted Belan on Monday.",
        "Congress removed President Belan with 88 votes in favour after he announced he would dissolve it.",
        "Lawmakers voted to impeach the president on charges of corruption; the senate will hold a trial next month.",
    ],
    ids=["vote", "sworn-in-after", "ousted", "removed-with-votes", "impeached-trial-to-come"],
)
def test_removal_by_the_legislature_is_never_a_coup(analyze, text):
    a = analyze(text)
    by_legislature = [c for c in a.coups if any(cr.name == NAME["constitutional_procedure"] for cr in c.criteria)]
    assert by_legislature, [(c.type, c.outcome, c.summary) for c in a.coups]
    assert all(c.outcome == "not_a_coup" and c.type is None for c in by_legislature)
    assert "Korver" not in " ".join(c.summary for c in a.coups)


@pytest.mark.parametrize(
    "text",
    [
        # a swearing-in reported inside a negated mention
        "The ministry's statement did not name Ruritania's new president, Anna Korver, who was sworn in by "
        "parliament hours after lawmakers ousted Tomas Belan.",
        # an encyclopedia lead: an appointment, a minister's mention, a removal in passing
        "Tomas Belan is a Ruritanian politician who served as president from 2019 until his removal from office "
        "in 2022. Interior Minister Paul Renner was among his first appointments.",
    ],
    ids=["negated-mention", "encyclopedia-lead"],
)
def test_mentions_appointments_and_swearing_in_are_not_removals(analyze, text):
    a = analyze(text)
    assert not [c for c in a.coups if c.outcome in ("realized", "attempted")], [c.summary for c in a.coups]
    for c in a.coups:
        assert "Korver" not in c.summary and "Renner" not in c.summary


@pytest.mark.parametrize(
    "text",
    [
        "President Omar Haddad fled the country on Wednesday after protesters stormed his residence, and "
        "resigned the next day.",
        "The prime minister resigned on Monday after weeks of mass protests demanding his departure.",
        "The president resigned under pressure from protesters who had occupied the palace for a week.",
    ],
    ids=["fled-and-resigned", "resigned-after-protests", "pressure-from-protesters"],
)
def test_leader_fleeing_or_resigning_under_protest_is_not_a_coup(analyze, text):
    assert analyze(text).coups == []


def test_scheduled_vote_and_filed_motion_are_not_acts(analyze):
    a = analyze(
        "Korver has rejected calls to step down. Opposition lawmakers filed a motion to remove her, but the "
        "vote has not been scheduled. A scheduled impeachment vote was postponed."
    )
    assert a.coups == [], [c.summary for c in a.coups]


def test_a_coup_label_with_no_act_is_a_label_only_record(analyze):
    a = analyze(
        "As calm returned on Friday, the interior minister, Paul Renner, claimed that 5,000 armed men had "
        "stormed the city as part of an attempted coup. Hospitals said 40 people had died."
    )
    c = only(a)
    assert (c.type, c.outcome) == (None, "not_a_coup")
    users = [l.used_by for l in coup_labels(c)]
    assert users and all("Renner" in u or "minister" in u for u in users)
    assert "label, not evidence" in c.summary
    assert all(cr.met is None for cr in c.criteria)


def test_generic_and_denied_coup_words_make_no_record(analyze):
    a = analyze(
        "Coups have shaken the region for decades. The army chief said on Monday that the protests were not a coup. "
        "Right-wing or left-wing coup? Observers disagree about what happened in the capital."
    )
    assert a.coups == [], [c.summary for c in a.coups]


@pytest.mark.parametrize(
    "text",
    [
        "If the army seized power, the country would face sanctions, the envoy warned.",
        "The military said it would not intervene in politics, dismissing rumours of a coup.",
        "The president dismissed the army chief and the interior minister on Tuesday.",
        "The prime minister dissolved the cabinet and appointed a caretaker government.",
    ],
    ids=["conditional", "denied-rumour", "dismissals", "cabinet-reshuffle"],
)
def test_conditions_denials_and_reshuffles_are_not_coups(analyze, text):
    assert analyze(text).coups == [], [c.summary for c in analyze(text).coups]


def test_a_self_coup_word_never_goes_to_the_legislature(analyze):
    a = analyze("Congress removed President Belan on Friday, a move his critics called a self-coup.")
    assert any("self-coup" in l.label for c in a.coups for l in c.labels), [c.summary for c in a.coups]
    assert any(c.summary.startswith("His critics call ") for c in a.coups), [c.summary for c in a.coups]
    for c in a.coups:
        if any("self-coup" in l.label for l in c.labels):
            assert not any(cr.name == NAME["constitutional_procedure"] for cr in c.criteria), c.summary


def test_an_act_without_a_perpetrator_is_not_assessed(analyze):
    a = analyze("Opposition leaders described the dissolution of the court as a coup.")
    c = only(a)
    assert c.outcome == "not_a_coup" and c.type is None
    assert "names or describes no one" in c.summary
    assert [l.used_by for l in coup_labels(c)] == ["Opposition leaders"]


def test_every_record_says_why_with_a_sentence_to_check(runs):
    records = [c for a in runs.values() for c in a.coups]
    assert len(records) >= 6  # 7 measured
    for c in records:
        assert c.summary and "(sentence " in c.summary, c.summary


def test_criteria_cite_the_passage_they_paraphrase(runs):
    c = only(runs["military"])
    for cr in c.criteria:
        assert cr.description and ("Powell & Thyne" in cr.description or "Cline Center" in cr.description or "corroborator" in cr.description)


def test_assessment_tables_are_read_by_one_generic_function():
    from corroborator.nlp import coups

    rules = [
        {"type": "a", "when": {"role_in": ["military"], "families_any": ["against_branches"]}},
        {"type": "b", "when": {"kinds_subset": ["x", "y"], "held": False}},
        {"type": "c", "when": {}},
    ]
    facts = {"role": "military", "families": {"remove_executive"}, "kinds": {"x"}, "held": False}
    assert coups._first_rule(rules, facts)["type"] == "b"
    facts["families"] = {"against_branches"}
    assert coups._first_rule(rules, facts)["type"] == "a"
    facts.update(role=None, kinds={"x", "z"})
    assert coups._first_rule(rules, facts)["type"] == "c"
    # the shipped tables end with a rule that always applies
    lex = coups._lexicon()
    assert lex.assessment["outcomes"][-1]["when"] == {} and lex.assessment["types"][-1]["when"] == {}


# ------------------------------------------------------------------ development set (real articles)


def test_dev_unrest_called_a_coup_is_a_label_by_the_president(analyze):
    path = MULTI / "kazakhstan-2022" / "06-opendemocracy-kaisar-mazorenko.txt"
    if not path.exists():
        pytest.skip("multisource development data not found")
    from corroborator import analyze_file

    a = analyze_file(str(path))
    c = only(a)
    assert (c.type, c.outcome) == (None, "not_a_coup")
    assert any("Tokayev" in l.used_by for l in coup_labels(c))


@pytest.mark.slow
def test_dev_set_coup_records_and_checks():
    """All 19 multisource articles and the seed, against tests/data/coups_dev.jsonl.
    Floors just under the values measured when this test was written (coups 1.00/1.00,
    labels 1.00, checks P 1.00 R 0.86)."""
    from corroborator.run.eval_coups import evaluate

    r = evaluate()
    if "skipped" in r:
        pytest.skip(r["skipped"])
    assert r["coups"]["precision"] >= 0.99 and r["coups"]["recall"] >= 0.99, r["errors"]
    assert r["coup_labels"]["recall"] >= 0.99, r["errors"]
    assert r["checks"]["precision"] >= 0.95 and r["checks"]["recall"] >= 0.85, r["errors"]


@pytest.mark.parametrize(
    "text, full",
    [
        ("ROVANO, May 2 (Wire) - President Marta Keldanova addressed the nation on Monday. On Tuesday, Keldonova "
         "dissolved the National Assembly and said she would rule by decree until new elections.\n", "Marta Keldanova"),
        ("TERVA, Sept 9 (Wire) - Prime Minister Anton Velichkov met union leaders on Friday. The next day Velichkow "
         "suspended the constitution and ordered troops to close parliament.\n", "Anton Velichkov"),
    ],
)
def test_perpetrator_is_the_mention_layers_person_with_the_title_read_where_it_was(analyze, text, full):
    """Persons come from the mention layer: a surname spelled another way is the titled person named
    before, with the office read in the first sentence (not a title-less stranger taken for the executive)."""
    coup = only(analyze(text))
    assert coup.type == "auto-coup" and coup.outcome == "realized"
    assert coup.summary.split(" to ")[0].endswith(full)
    note = crit(coup, "state_elites").note
    assert note.startswith(f"perpetrator: {full} (executive)") and "[0]" in note


@pytest.mark.parametrize(
    "text",
    [
        "VARNO, April 4 (Wire) - Mrs. Ana Keller, the president, met the army spokesman, Tomas Brel, on Monday. "
        "The next day she dissolved the National Assembly and suspended the constitution.\n",
        "VARNO, April 4 (Wire) - President Ana Keller met Mr. Tomas Brel, the army chief, on Monday. "
        "The next day she dissolved the National Assembly and suspended the constitution.\n",
    ],
)
def test_she_is_resolved_by_the_mention_layer_and_skips_a_man(analyze, text):
    """he/she go through the mention layer's one resolver: the last person named whose gender does
    not clash ("spokesman", "Mr." say male), not merely the last name before the pronoun."""
    coup = only(analyze(text))
    assert coup.type == "auto-coup" and coup.outcome == "realized"
    assert "by Ana Keller to dissolve" in coup.summary
