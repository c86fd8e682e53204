"""Framing stage: scare quotes, loaded terms, labels with target and used_by."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from corroborator.lexicons import codebook
from corroborator.nlp import framing

GOLD = Path(__file__).resolve().parents[1] / "data" / "framing_gold.jsonl"


def scare_texts(analysis) -> list[str]:
    return [q.text for q in analysis.framing.scare_quotes]


def loaded_texts(analysis) -> list[str]:
    return [t.text.lower() for t in analysis.framing.loaded_terms]


def labels_named(analysis, label: str):
    return [l for l in analysis.framing.labels if l.label == label]


# ------------------------------------------------------------------ codebooks


@pytest.mark.parametrize("name", ["framing_lexicon", "labels"])
def test_codebooks_have_headers_and_documented_entries(name):
    data = codebook.load(name)
    for key in ("name", "version", "source", "license"):
        assert data[key]
    if name == "framing_lexicon":
        assert len(data["entries"]) > 100
        for entry in data["entries"]:
            assert ("term" in entry) != ("pattern" in entry)
            assert entry["category"] in data["categories"]
            assert entry["note"]
    else:
        for entry in data["labels"]:
            assert entry["family"] in data["families"]
            assert entry["forms"] and entry["note"]


def test_label_family_lookup():
    assert framing.label_family("coup") == "coup"
    assert framing.label_family("Autogolpe") == "coup"
    assert framing.label_family("left-wing") == "political-position"
    assert framing.label_family("terrorists") == "violence-actor"
    assert framing.label_family("impeachment") == "removal"
    assert framing.label_family("sandwich") is None


# ----------------------------------------------------------------- seed article


def test_seed_scare_quotes(seed_analysis):
    found = scare_texts(seed_analysis)
    for phrase in ("left", "elected", "Covid pandemic", "globalists", "revolutionaries"):
        assert phrase in found, phrase
    # a real quotation and a document title are not scare quotes
    assert not any(q.startswith("We seek") for q in found)
    assert not any(q.startswith("In line with") for q in found)
    assert "Country Development Cooperation Strategy" not in found
    # words quoted from a named speaker are partial quotations, not scare quotes
    assert "terrorists" not in found
    assert "communists" not in found


def test_seed_scare_quote_offsets_and_reasons(seed_analysis):
    text = seed_analysis.article.text
    for q in seed_analysis.framing.scare_quotes:
        assert text[q.start + 1 : q.end - 1] == q.text
        assert text[q.start] in "“\"‘" and text[q.end - 1] in "”\"’"
        assert q.reason and q.sentence_index is not None
    so_called = [q for q in seed_analysis.framing.scare_quotes if "so-called" in (q.reason or "")]
    assert so_called and so_called[0].text == "left"


def test_seed_loaded_terms(seed_analysis):
    found = loaded_texts(seed_analysis)
    for phrase in ("orgy of violence", "deep states", "nefarious", "mayhem"):
        assert phrase in found, phrase
    text = seed_analysis.article.text
    cats = {}
    for t in seed_analysis.framing.loaded_terms:
        assert text[t.start : t.end] == t.text
        cats[t.text.lower()] = t.category
    assert cats["orgy of violence"] == "violence-intensifying"
    assert cats["deep states"] == "conspiratorial"
    assert seed_analysis.framing.lexicon.startswith("framing_lexicon-")


def test_seed_labels(seed_analysis):
    text = seed_analysis.article.text
    for l in seed_analysis.framing.labels:
        assert text[l.start : l.end].lower() == l.label
    coup = [l for l in labels_named(seed_analysis, "coup") if "stage a coup" in seed_analysis.sentences[l.sentence_index].text]
    assert coup and coup[0].used_by == "author" and "Castillo" in (coup[0].target or "")
    media = [l for l in seed_analysis.framing.labels if l.label in ("left-wing", "right-wing") and "would have us believe" in seed_analysis.sentences[l.sentence_index].text]
    assert {l.label for l in media} == {"left-wing", "right-wing"}
    assert all(l.used_by == "the liberal Western media" for l in media)
    targets = {l.label: l.target for l in media}
    assert targets["left-wing"] == "Pedro Castillo"
    assert targets["right-wing"] == "Congress"
    terror = [l for l in labels_named(seed_analysis, "terrorists") if "Boularte" in l.used_by]
    assert terror, [l for l in labels_named(seed_analysis, "terrorists")]
    comm = labels_named(seed_analysis, "communists")
    assert comm and "Keiko Fujimori" in comm[0].used_by and "Popular Force" in comm[0].used_by
    assert "Castillo" in (comm[0].target or "")
    # the perpetrator of the coup the protesters' groups speak of
    congress = [l for l in labels_named(seed_analysis, "coup") if l.target == "Congress"]
    assert congress and congress[0].used_by != "author"


def test_seed_stage_is_fast(seed_analysis):
    from corroborator.run.analyze import state_for

    state = state_for(seed_analysis.article.text, stages={"attribution"})
    framing.extract(state)  # warm the matchers
    t = time.perf_counter()
    for _ in range(3):
        framing.extract(state)
    per_run = (time.perf_counter() - t) / 3
    assert per_run < 0.15, per_run  # ~20 ms measured; generous for slow CI machines


# ---------------------------------------------------------------- own texts


def test_neutral_wire_report_has_no_framing(analyze):
    a = analyze(
        "Lawmakers approved the budget on Tuesday by 70 votes to 45. The finance minister said the plan "
        "would cut the deficit to 3% of output next year. Opposition members said they would challenge "
        "parts of it in court. The bill now goes to the senate, which is expected to vote on it next month."
    )
    assert a.framing.scare_quotes == []
    assert a.framing.loaded_terms == []


def test_speech_quotes_titles_and_scare_quotes_told_apart(analyze):
    a = analyze(
        "The minister said: “We will not negotiate with anyone who blocks the roads.” "
        "Her ministry published a report titled “Roads to Recovery” on Monday. "
        "The so-called “reforms” only help the “investors” who paid for the campaign. "
        "The mayor called the marchers “troublemakers” in a radio interview."
    )
    found = scare_texts(a)
    assert "reforms" in found and "investors" in found
    assert not any("negotiate" in q for q in found)
    assert "Roads to Recovery" not in found
    assert "troublemakers" not in found  # the mayor's word, quoted
    reasons = {q.text: q.reason for q in a.framing.scare_quotes}
    assert "so-called" in reasons["reforms"]


def test_straight_and_single_quotes_and_apostrophes(analyze):
    a = analyze(
        'The party\'s "democratic" turn was short-lived. The council\'s leaders didn\'t comment on the '
        "‘consultation’ that the residents’ association held last week."
    )
    found = scare_texts(a)
    assert "democratic" in found
    assert "consultation" in found
    assert len(found) == 2  # apostrophes never open or close a quote
    text = a.article.text
    for q in a.framing.scare_quotes:
        assert text[q.start + 1 : q.end - 1] == q.text


def test_echoed_quote_becomes_scare_quote(analyze):
    a = analyze(
        "The interior ministry described the march as “peaceful and orderly” in a statement. "
        "Witnesses saw police charge the “peaceful and orderly” crowd an hour later."
    )
    qs = a.framing.scare_quotes
    assert len(qs) == 1 and qs[0].sentence_index == 1
    assert "quoted earlier" in qs[0].reason


def test_labels_used_by_speakers_and_passive(analyze):
    a = analyze(
        "General Omar Haddad accused the student leaders of being “anarchists” on Friday. "
        "The students object to being branded criminals and extremists. "
        "Analysts describe the takeover as a coup by the army."
    )
    anarch = labels_named(a, "anarchists")
    assert anarch and anarch[0].used_by == "Omar Haddad" and "student leaders" in (anarch[0].target or "")
    crim = labels_named(a, "criminals")
    assert crim and crim[0].used_by == "unnamed others" and "students" in (crim[0].target or "")
    coup = labels_named(a, "coup")
    assert coup and coup[0].used_by == "Analysts" and coup[0].target and "army" in coup[0].target


def test_label_mentions_and_names_are_not_labels(analyze):
    a = analyze(
        "The words left-wing and right-wing mean little here. The Socialist Party of Arcadia won the vote. "
        "An anti-communist senator, Ana Ruiz, spoke first. He said the left-wing mayor, Jon Pike, should resign."
    )
    labels = [(l.label, l.target) for l in a.framing.labels]
    assert ("left-wing", "Jon Pike") in labels
    assert not any(l.label == "socialist" for l in a.framing.labels)
    assert not any(l.label == "communist" for l in a.framing.labels)
    assert sum(1 for l in a.framing.labels if l.label == "left-wing") == 1


def test_loaded_terms_context_rules(analyze):
    a = analyze(
        "The regime jailed its critics, while the tax regime stayed the same and regime change was ruled out. "
        "Officials called the protesters animals. The zoo keeps animals from four continents."
    )
    found = [(t.text.lower(), t.category) for t in a.framing.loaded_terms]
    assert ("regime", "delegitimising") in found
    assert sum(1 for t, _ in found if t == "regime") == 1
    assert ("animals", "dehumanising") in found
    assert sum(1 for t, _ in found if t == "animals") == 1


# ----------------------------------------------------------------- measurement


def test_gold_set_floors():
    from corroborator.run.eval_framing import evaluate_gold

    result = evaluate_gold(GOLD)
    assert result["passages"] >= 60
    assert set(result["splits"]) == {"dev", "heldout"}
    sq, lt = result["scare_quotes"], result["loaded_terms"]
    # floors a little under what the detectors reach (sq 0.94/0.94, lt 1.00/0.98 on all 69 passages)
    assert sq["precision"] >= 0.88, result["errors"]
    assert sq["recall"] >= 0.88, result["errors"]
    assert lt["precision"] >= 0.93, result["errors"]
    assert lt["recall"] >= 0.93, result["errors"]
    held = result["splits"]["heldout"]
    assert held["scare_quotes"]["precision"] >= 0.75 and held["loaded_terms"]["recall"] >= 0.85


# ------------------------------------------------------- no pipeline in the stage


def test_stage_code_loads_no_pipeline_and_imports_no_runner():
    import ast

    from corroborator.nlp import claims

    for module in (framing, claims):
        tree = ast.parse(Path(module.__file__).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                assert not (node.module or "").startswith(("run", "corroborator.run")), (module.__name__, node.module)
                assert not (node.module == "model" and node.level == 1), module.__name__
            if isinstance(node, ast.Attribute):
                assert node.attr != "load_pipeline", module.__name__
            if isinstance(node, ast.Name):
                assert node.id != "load_pipeline", module.__name__


def test_codebook_phrases_split_like_the_spacy_tokenizer(nlp):
    phrases = [e["term"] for e in codebook.load("framing_lexicon")["entries"] if "term" in e]
    phrases += [f for e in codebook.load("labels")["labels"] for f in e["forms"]]
    phrases += codebook.load("claim_cues")["call_to_action"]["phrases"] + codebook.load("claim_cues")["prediction"]["phrases"]
    assert len(phrases) > 300
    for phrase in phrases:
        assert framing.term_tokens(phrase) == tuple(t.lower_ for t in nlp.tokenizer(phrase) if not t.is_space), phrase


# ------------------------------------------------------------- generalisation


def test_wire_copy_quotes_terms_orders_and_slogans_without_scare_quotes(analyze):
    a = analyze(
        "Lawmakers voted 88 to 30 on Tuesday to remove the governor on grounds of “gross misconduct in office”. "
        "The court cited the principle of “equality before the law” in its ruling. "
        "The army chief ordered units to “hold every bridge,” a spokesman said. "
        "Marchers chanted slogans such as “Bread and jobs”, “Go home now” and “No more lies”. "
        "The agency said the “transitional council” would meet on Friday."
    )
    assert scare_texts(a) == []
    assert a.framing.loaded_terms == []
    assert a.article.genre == "reporting"


def test_opinion_piece_loaded_terms_and_genre(analyze):
    a = analyze(
        "I have watched this government slaughtering its own citizens for a year. "
        "Its savage repression of every march is a desperate gamble to hide its failures. "
        "Why do we still fund it? The interior ministry is the most corrupt and despised body in the land, "
        "run by a clique of cronies who act with impunity. We must stop pretending otherwise."
    )
    found = loaded_texts(a)
    for word in ("slaughtering", "repression", "desperate", "despised", "clique", "impunity"):
        assert any(word in t for t in found), (word, found)
    assert a.article.genre == "opinion"
    # the same words inside a quotation are the speaker's, not the author's
    b = analyze("“They are slaughtering us with savage repression,” a student leader told reporters on Monday.")
    assert b.framing.loaded_terms == []


def test_evaluative_adjectives_need_adjectival_use_and_skip_news_register(analyze):
    a = analyze(
        "Critics called it a sinister and shameful law. The clashes were deadly, and the rally was peaceful. "
        "Police said the suspect was killed in an attack."
    )
    found = loaded_texts(a)
    assert "sinister" in found and "shameful" in found
    for word in ("deadly", "peaceful", "killed", "attack"):
        assert word not in found, found


@pytest.mark.slow
def test_multisource_dev_set_floors():
    from corroborator.run.eval_framing import CORPUS, DEV_SET, evaluate

    if not CORPUS.exists():
        pytest.skip(f"corpus not found at {CORPUS}")
    assert DEV_SET.exists()
    r = evaluate()
    assert r["files"] == 19
    # measured 2026-12-03: loaded P 1.00 R 0.86 (opinion R 0.82), scare quotes 1/1 and none on
    # reporting, genre 14/19 with no reporting text called opinion; before this work: loaded
    # P 0.50 R 0.14, scare P 0.20 (3 on reporting), genre 2/19
    assert r["loaded_terms"]["precision"] >= 0.9 and r["loaded_terms"]["recall"] >= 0.8, r["loaded_terms"]
    assert r["loaded_terms_opinion"]["recall"] >= 0.75
    assert r["loaded_terms_reporting"]["wrong_per_1000_words"] <= 1.0
    assert r["scare_quotes"]["recall"] == 1.0 and r["scare_quotes_on_reporting"] == 0
    assert r["genre"]["accuracy"] >= 0.7, r["genre"]
    assert r["genre"]["confusion"].get("reporting->opinion", 0) == 0, r["genre"]


@pytest.mark.slow
def test_few_loaded_terms_and_no_scare_quotes_on_wire_sentences():
    from corroborator.run.eval_framing import PLOVER_GOLD, wire_rate

    if not PLOVER_GOLD.exists():
        pytest.skip(f"PLOVER gold not found at {PLOVER_GOLD}")
    r = wire_rate(PLOVER_GOLD)
    assert r["sentences"] >= 300
    # measured 2026-12-03: 5 hits in 7,723 words (0.65 per 1,000), no scare quotes
    assert r["loaded_per_1000_words"] <= 1.0, r["loaded"]
    assert r["scare_quotes"] == 0, r["scare"]


def test_grounds_of_formal_acts_and_speakers_named_after_the_quote(analyze):
    a = analyze(
        "The assembly removed the mayor for “moral unfitness” after a short debate. "
        "Two students were charged with “aggravated disorder” on Friday. "
        "The “stabilisation drive”, as the army calls it, has emptied three villages. "
        "The party's “renewal” has brought back the same old faces. "
        "The government launched what it called a “counter-terrorism drive” in the north."
    )
    assert scare_texts(a) == ["renewal"]


def test_adverbs_made_from_evaluative_adjectives(analyze):
    a = analyze("The guards cruelly beat the prisoners. Prices rose sharply and the minister spoke briefly.")
    found = loaded_texts(a)
    assert "cruelly" in found
    assert "sharply" not in found and "briefly" not in found


@pytest.mark.parametrize(
    "text, label",
    [
        ("Mrs. Ana Keller met the police spokesman, Tomas Brel, in Varno on Monday. She called the protesters thugs.\n", "thugs"),
        ("Mrs. Ana Keller met Mr. Tomas Brel in Varno on Monday. Later she described the marchers as terrorists.\n", "terrorists"),
    ],
)
def test_a_labels_user_is_resolved_by_the_mention_layer(analyze, text, label):
    """'she' goes through the mention layer's one person resolver: the last person named whose
    gender does not clash ("spokesman", "Mr." say male), with the full name."""
    used = {l.label: l.used_by for l in analyze(text).framing.labels}
    assert used.get(label) == "Ana Keller", used


def test_a_surname_two_persons_share_is_not_guessed(analyze):
    """A lone surname is expanded the mention layer's way: to the one full name the text gives it,
    never to one of two people who share it."""
    two = analyze("Elena Castro and Pablo Castro addressed the crowd in Cusco on Monday. Castro called the protesters thugs.\n")
    one = analyze("Elena Castro addressed the crowd in Cusco on Monday. Castro called the protesters thugs.\n")
    assert {l.label: l.used_by for l in two.framing.labels}.get("thugs") == "Castro"
    assert {l.label: l.used_by for l in one.framing.labels}.get("thugs") == "Elena Castro"


def test_label_word_naming_a_unit_or_equipment_is_no_label(analyze):
    """'riot police', 'riot gear', 'riot control' name a kind of unit, equipment or task (the
    framing lexicon's unit_heads); the same word labelling people or events still counts, and
    so does a label word modifying a noun for the people labelled ('coup plotters')."""
    a = analyze("Riot police fired tear gas at the students in Monrovia on Monday. Officers in riot gear cleared the square. "
                "The army was deployed for riot control.", source="units.txt")
    assert not labels_named(a, "riot"), [l.label for l in a.framing.labels]
    b = analyze("The minister called the march a riot and said the coup plotters would be tried.", source="labels.txt")
    assert labels_named(b, "riot")
    assert [l for l in b.framing.labels if l.label.startswith("coup")]


def test_a_surname_the_recogniser_left_untagged_names_one_person_in_every_stage(analyze, nlp):
    """Framing reads person names from the mention layer (``name_at``), as attribution and events
    do: a later "Velarde" the recogniser did not tag as a person is Ramon Velarde as the label's
    user, as the quotation's speaker and as the event's actor."""
    text = (
        "Interior Minister Ramon Velarde spoke in Lima on Monday. Velarde called the protesters terrorists. "
        "\"We will not negotiate,\" Velarde told reporters.\n"
    )
    assert [e.text for e in nlp(text).ents if e.label_ == "PERSON"] == ["Ramon Velarde"]  # the case under test
    a = analyze(text)
    used_by = {l.label: l.used_by for l in a.framing.labels}
    assert used_by.get("terrorists") == "Ramon Velarde", used_by
    speakers = {s.attribution.speaker for s in a.sentences if s.attribution}
    assert speakers == {"Ramon Velarde"}
    actors = {x.name for e in a.events for x in e.actors if x.text == "Velarde"}
    assert actors == {"Ramon Velarde"}

