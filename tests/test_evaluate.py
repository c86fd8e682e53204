"""Evaluation commands (issue 3): PLOVER gold accuracy, own annotated sentences vs a keyword baseline.

The floors sit just under what the coder reaches; a change that lowers them fails here.
"""

from __future__ import annotations

import json

import pytest

from corroborator.contract.errors import InputError
from corroborator.run.evaluate import (
    CAMEO_DEV,
    EVENTS_GOLD,
    _baseline,
    cameo_class,
    eval_cameo,
    eval_events,
    eval_plover,
    print_report,
)
from tests.conftest import PLOVER_GOLD, REPO

HELDOUT = REPO / "src" / "corroborator" / "eval_data" / "plover_style_heldout.jsonl"

# measured floors (see the report in the commit message / issue 3)
PLOVER_ACCURACY_FLOOR = 0.71  # measured 0.718 (lexicon + parse-feature classifier, default settings)
PLOVER_MACRO_F1_FLOOR = 0.685  # measured 0.694
HELDOUT_ACCURACY_FLOOR = 0.805  # own held-out PLOVER-style set: measured 0.816
HELDOUT_MACRO_F1_FLOOR = 0.83  # measured 0.841
OWN_TYPED_F1_FLOOR = 0.95  # measured 0.959 (keyword baseline 0.45)
OWN_PRECISION_FLOOR = 0.94  # measured 0.949
# real wire sentences (shared/data/real/cameo_penta_train.tsv, 1,349 sentences), first event's PLOVER type
# mapped to CAMEO's five classes; measured 2026-12-03 on commit 14483de: coder 0.717 / macro-F1 0.713,
# keyword baseline 0.529 / 0.541. The coder is being retrained: lower these with a measured value if needed.
CAMEO_ACCURACY_FLOOR = 0.70
CAMEO_MACRO_F1_FLOOR = 0.695


@pytest.fixture(scope="module")
def plover_report():
    if not PLOVER_GOLD.exists():
        pytest.skip(f"PLOVER gold file not found at {PLOVER_GOLD}")
    return eval_plover(PLOVER_GOLD)


@pytest.fixture(scope="module")
def heldout_report():
    return eval_plover(HELDOUT)


@pytest.fixture(scope="module")
def events_report():
    return eval_events()


@pytest.mark.slow
def test_plover_gold_floors(plover_report):
    r = plover_report
    assert r["n_records"] == 322 and r["n"] == 316  # 6 texts occur twice: scored once, multi-label
    assert r["accuracy"] >= PLOVER_ACCURACY_FLOOR, r["accuracy"]
    assert r["macro_f1"] >= PLOVER_MACRO_F1_FLOOR, r["macro_f1"]
    assert set(r["per_type"]) == {
        "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE", "REJECT",
        "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
    }
    # far above nearest-definition embedding similarity (about 0.38)
    assert r["accuracy"] > 0.5


@pytest.mark.slow
def test_heldout_plover_style_floors(heldout_report):
    """Our own PLOVER-style sentences, written apart from the coder's rules and never trained on."""
    r = heldout_report
    assert r["n"] == 320 and r["classifier"] and not r["embeddings"]
    assert r["accuracy"] >= HELDOUT_ACCURACY_FLOOR, r["accuracy"]
    assert r["macro_f1"] >= HELDOUT_MACRO_F1_FLOOR, r["macro_f1"]
    assert all(v["gold"] == 20 for v in r["per_type"].values())


@pytest.mark.slow
def test_own_sentences_beat_the_keyword_baseline(events_report):
    coder, base = events_report["coder"], events_report["baseline"]
    assert events_report["n"] >= 150
    assert coder["typed"]["f1"] >= OWN_TYPED_F1_FLOOR, coder["typed"]
    assert coder["typed"]["precision"] >= OWN_PRECISION_FLOOR, coder["typed"]
    assert coder["typed"]["f1"] > base["typed"]["f1"] + 0.3
    assert coder["false_event_sentences"] <= 2  # of the ~28 sentences that report no event
    assert coder["acled"]["event_type_accuracy"] >= 0.8


def test_own_gold_file_is_well_formed():
    n_events = n_empty = 0
    plover_types = set(json.loads((EVENTS_GOLD.parent.parent / "lexicons" / "codebooks" / "plover.json").read_text())["types"])
    for line in EVENTS_GOLD.read_text(encoding="utf-8").splitlines():
        r = json.loads(line)
        if not r["events"]:
            n_empty += 1
        for ev in r["events"]:
            n_events += 1
            assert ev["type"] in plover_types
            assert ev["trigger"] in r["text"]
            for alt in ev.get("alternatives", []):
                assert alt in r["text"]
    assert n_events >= 150 and n_empty >= 25


def test_plover_duplicates_are_multi_label(tmp_path, monkeypatch):
    import corroborator.run.evaluate as ev

    lines = [
        {"id": "a", "text": "Police arrested the mayor.", "event": "COERCE"},
        {"id": "b", "text": "Police arrested the mayor.", "event": "ASSAULT"},  # same text, second record
        {"id": "c", "text": "The minister praised the agreement.", "event": "SUPPORT"},
        {"id": "d", "text": "Prices rose.", "event": "AID"},
    ]
    p = tmp_path / "gold.jsonl"
    p.write_text("\n".join(json.dumps(x) for x in lines), encoding="utf-8")
    r = eval_plover(p)
    assert r["n"] == 3 and r["n_records"] == 4
    items = {i["text"]: i for i in r["items"]}
    assert items["Police arrested the mayor."]["predicted"] == "COERCE"
    assert items["Police arrested the mayor."]["correct"]
    assert items["Prices rose."]["predicted"] == "NONE" and not items["Prices rose."]["correct"]
    assert r["accuracy"] == pytest.approx(2 / 3, abs=1e-3)
    assert r["per_type"]["AID"]["recall"] == 0.0


def test_keyword_baseline_takes_the_first_keyword():
    assert [b["type"] for b in _baseline("Police arrested protesters after the attack.")] == ["COERCE"]
    assert _baseline("Prices rose sharply in May.") == []


def test_eval_events_matches_by_trigger_overlap(tmp_path):
    rec = {
        "id": "t1",
        "text": "Troops shelled the town and arrested the mayor.",
        "events": [
            {"trigger": "shelled", "type": "ASSAULT", "mode": "heavy-weapons", "acled": None},
            {"trigger": "arrested", "type": "COERCE", "mode": "arrest", "acled": {"event_type": "Strategic developments", "sub_event_type": "Arrests"}},
        ],
    }
    p = tmp_path / "own.jsonl"
    p.write_text(json.dumps(rec) + "\n", encoding="utf-8")
    r = eval_events(str(p))
    assert r["coder"]["typed"]["tp"] == 2 and r["coder"]["typed"]["precision"] == 1.0
    assert r["baseline"]["typed"]["tp"] <= 1  # one event per sentence at most


def test_bad_files_are_input_errors(tmp_path):
    with pytest.raises(InputError):
        eval_plover(tmp_path / "missing.jsonl")
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{not json\n", encoding="utf-8")
    with pytest.raises(InputError):
        eval_events(str(bad))


def test_print_report_renders_both_kinds(plover_report, events_report):
    from rich.console import Console

    console = Console(record=True, width=120)
    print_report(plover_report, console)
    print_report(events_report, console)
    out = console.export_text()
    assert "accuracy" in out and "ASSAULT" in out and "baseline" in out


def test_cli_eval_events_json(tmp_path):
    from typer.testing import CliRunner

    from corroborator.cli import app

    rec = {"id": "c1", "text": "Police detained two journalists in the capital.", "events": [{"trigger": "detained", "type": "COERCE"}]}
    p = tmp_path / "one.jsonl"
    p.write_text(json.dumps(rec) + "\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["eval", "events", str(p), "--format", "json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["coder"]["typed"]["tp"] == 1 and "items" in report


# ------------------------------------------------------------------ CAMEO five classes (real sentences)


@pytest.fixture(scope="module")
def cameo_report():
    if not CAMEO_DEV.exists():
        pytest.skip(f"CAMEO development file not found at {CAMEO_DEV}")
    return eval_cameo()


def test_cameo_dev_floors(cameo_report):
    r = cameo_report
    assert r["n"] == 1349 and sum(r["gold_distribution"].values()) == 1349
    c, b = r["coder"], r["baseline"]
    assert c["accuracy"] >= CAMEO_ACCURACY_FLOOR, c["accuracy"]
    assert c["macro_f1"] >= CAMEO_MACRO_F1_FLOOR, c["macro_f1"]
    assert c["accuracy"] > b["accuracy"] + 0.1  # real text nobody here wrote: well above first-keyword rules
    # every class is predicted and recalled, and the confusion matrix accounts for every sentence
    assert all(v["recall"] > 0.4 and v["precision"] > 0.4 for v in c["per_class"].values()), c["per_class"]
    assert sum(map(sum, c["confusion"])) == r["n"]
    assert [sum(row) for row in c["confusion"]] == [r["gold_distribution"][str(k)] for k in range(5)]
    assert r["seconds"] < 60  # nlp.pipe batching, events stage only


def test_cameo_class_mapping_follows_the_readme_table():
    assert cameo_class(None) == 0
    assert cameo_class("AGREE", "agreed") == 1 and cameo_class("CONSULT", "met") == 1
    assert cameo_class("AID", "sent") == 2 and cameo_class("RETREAT", "released") == 2
    assert cameo_class("SANCTION", "expelled") == 3 and cameo_class("ACCUSE", "accused") == 3
    assert cameo_class("COERCE", "arrested") == 4 and cameo_class("PROTEST", "marched") == 4
    # REQUEST: an appeal is class 0, a demand or an order is verbal conflict
    assert cameo_class("REQUEST", "urged") == 0 and cameo_class("REQUEST", "called on") == 0
    assert cameo_class("REQUEST", "demanded") == 3 and cameo_class("REQUEST", "ordered") == 3
    assert cameo_class("REQUEST", "insists") == 3


def test_eval_cameo_scores_a_small_file(tmp_path):
    p = tmp_path / "five.tsv"
    p.write_text(
        "Police arrested forty protesters in the capital on Monday.\t4\n"
        "The two foreign ministers met in Geneva to discuss the border.\t1\n"
        "The opposition leader demanded the immediate resignation of the cabinet.\t3\n"
        "Prices of bread rose again in the spring.\t0\n",
        encoding="utf-8",
    )
    r = eval_cameo(p)
    assert r["n"] == 4
    preds = [it["predicted"] for it in r["items"]]
    assert preds == [4, 1, 3, 0], r["items"]
    assert r["coder"]["accuracy"] == 1.0 and r["coder"]["confusion"][2] == [0, 0, 0, 0, 0]
    # the baseline's first keyword goes through the same mapping (its 'demanded' is a demand: class 3)
    assert [it["baseline"] for it in r["items"]] == [4, 1, 3, 0]


def test_eval_cameo_bad_input(tmp_path):
    with pytest.raises(InputError) as err:
        eval_cameo(tmp_path / "absent.tsv")
    assert err.value.code == "E101" and "CAMEO" in str(err.value)
    bad = tmp_path / "bad.tsv"
    bad.write_text("a sentence without a label\n", encoding="utf-8")
    with pytest.raises(InputError):
        eval_cameo(bad)


def test_cli_eval_cameo(tmp_path):
    from typer.testing import CliRunner

    from corroborator.cli import app

    p = tmp_path / "one.tsv"
    p.write_text("Rebels shelled the town overnight, killing six civilians.\t4\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["eval", "cameo", str(p), "--format", "json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["kind"] == "cameo" and report["coder"]["accuracy"] == 1.0
    missing = CliRunner().invoke(app, ["eval", "cameo", str(tmp_path / "none.tsv")])
    assert missing.exit_code == 3 and "E101" in missing.output
