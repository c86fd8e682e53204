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
    MULTISOURCE_DIR,
    MULTISOURCE_KEY,
    _baseline,
    cameo_class,
    discover_evaluators,
    eval_all,
    eval_cameo,
    eval_events,
    eval_multisource,
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
# keyword baseline 0.529 / 0.541. Since then the event classifier is trained on this file too: scored on
# it the coder is in sample (0.93); out of fold (scripts/eval_cameo_dev.py --cv-models) it is 0.820. These
# floors stay as a guard against breaking the coder; the report says "in_sample".
CAMEO_ACCURACY_FLOOR = 0.70
CAMEO_MACRO_F1_FLOOR = 0.695
# multi-source real articles (shared/data/multisource, 19 files) against the hand-transcribed key
# tests/data/multisource_events.jsonl; measured 2026-12-03 on commit 7d6d9dd: key events of a compatible
# type found in 48 of 59 (event, file) pairs = 0.814 (keyword baseline 0.848, but with 128 events to 113);
# figures recall 13/31 = 0.419, precision 13/17 = 0.765. Each floor leaves about one item of slack.
MULTISOURCE_EVENT_RECALL_FLOOR = 0.93  # 0.949 (56/59) on commit 097c9ea
MULTISOURCE_FIGURE_RECALL_FLOOR = 0.66  # 0.677 (21/31) on commit 097c9ea
MULTISOURCE_FIGURE_PRECISION_FLOOR = 0.87  # 0.913 (21/23) on commit 097c9ea
# of the 19 (event, file) pairs whose file states the day, an event of a compatible type with that date:
# measured 8/19 = 0.421 on commit 1905f1f
MULTISOURCE_DATED_RECALL_FLOOR = 0.65  # 0.684 (13/19) with the document year for undated pages


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
    # 0.797 since the ACLED rule table (nlp/acled.py) gives every ASSAULT a sub-type, as the ACLED
    # codebook does, where this set's own labels often leave none; on 145 real sentences
    # (tests/data/acled_dev.jsonl) sub-event accuracy went 0.503 -> 0.897
    assert coder["acled"]["event_type_accuracy"] >= 0.78


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
    # every third sentence (450 of 1,349, all five classes 76-109 each): the same guard at a third of
    # the cost; `corroborator eval cameo` scores the whole file
    return eval_cameo(every=3)


def test_cameo_dev_floors(cameo_report):
    r = cameo_report
    assert r["n"] == 450 and r["every"] == 3 and sum(r["gold_distribution"].values()) == 450
    assert min(r["gold_distribution"].values()) > 70
    c, b = r["coder"], r["baseline"]
    assert c["accuracy"] >= CAMEO_ACCURACY_FLOOR, c["accuracy"]
    assert c["macro_f1"] >= CAMEO_MACRO_F1_FLOOR, c["macro_f1"]
    assert c["accuracy"] > b["accuracy"] + 0.1  # real text nobody here wrote: well above first-keyword rules
    # every class is predicted and recalled, and the confusion matrix accounts for every sentence
    assert all(v["recall"] > 0.4 and v["precision"] > 0.4 for v in c["per_class"].values()), c["per_class"]
    assert sum(map(sum, c["confusion"])) == r["n"]
    assert [sum(row) for row in c["confusion"]] == [r["gold_distribution"][str(k)] for k in range(5)]
    assert sum(map(sum, r["gold_classes_by_type"].values())) == r["n"]
    assert r["gold_classes_by_type"]["ASSAULT"][4] == max(r["gold_classes_by_type"]["ASSAULT"])
    assert r["in_sample"] is True  # the classifier's training data include this file, and the report says so


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


# ------------------------------------------------------------------ multi-source articles (real)


@pytest.fixture(scope="module")
def multisource_report():
    if not MULTISOURCE_DIR.is_dir():
        pytest.skip(f"multi-source corpus not found at {MULTISOURCE_DIR}")
    return eval_multisource()


def test_multisource_floors(multisource_report):
    r = multisource_report
    assert r["n"] == 19 and len(r["files"]) == 19
    ev, fig = r["events"], r["figures"]
    assert ev["coder"]["pairs"] >= 55 and ev["coder"]["recall"] >= MULTISOURCE_EVENT_RECALL_FLOOR, ev["coder"]
    assert fig["strict"]["gold"] == 31
    assert ev["coder_dated"]["pairs"] == 19 and ev["coder_dated"]["recall"] >= MULTISOURCE_DATED_RECALL_FLOOR, ev["coder_dated"]
    assert fig["strict"]["recall"] >= MULTISOURCE_FIGURE_RECALL_FLOOR, fig
    assert fig["strict"]["precision"] >= MULTISOURCE_FIGURE_PRECISION_FLOOR, fig
    assert fig["lenient"]["recall"] >= fig["strict"]["recall"]
    # files with a stated publication date are analysed with it
    dated = {f["file"].split("/")[-1][:2] + f["file"].split("/")[0][:2]: f["published"] for f in r["files"]}
    assert dated["01ka"] == "2022-01-07" and dated["01sr"] is None


def test_multisource_key_is_well_formed():
    plover_types = set(json.loads((EVENTS_GOLD.parent.parent / "lexicons" / "codebooks" / "plover.json").read_text())["types"])
    rows = [json.loads(line) for line in MULTISOURCE_KEY.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len({r["event"] for r in rows}) == 33  # 18 Sri Lanka + 15 Kazakhstan events of ANSWERS.md
    assert len({(r["event"], r["file"]) for r in rows}) == len(rows)
    for r in rows:
        assert r["crisis"] in {"sri-lanka-2022", "kazakhstan-2022"} and r["file"].isdigit() and len(r["file"]) == 2
        assert r["kind"] in {"incident", "decision", "aggregate"}
        assert r["plover"] is None or (r["plover"] and set(r["plover"]) <= plover_types)
        for name, values in r.get("figures", {}).items():
            assert name in {"dead", "injured", "arrested", "participants"} and all(isinstance(v, int) and v > 0 for v in values)
        assert set(r) <= {"event", "crisis", "file", "kind", "plover", "uncertain", "date", "figures"}  # ids and numbers only
        if "date" in r:
            assert len(r["date"]) == 2 and r["date"][0] <= r["date"][1] and r["date"][0][:4] == "2022"
    if MULTISOURCE_DIR.is_dir():
        for r in rows:
            assert list((MULTISOURCE_DIR / r["crisis"]).glob(f"{r['file']}-*.txt")), r


def _write_corpus(root):
    (root / "crisis-a").mkdir(parents=True)
    (root / "crisis-a" / "01-wire.txt").write_text(
        "Clashes in the north\ndate: 2021-03-04\noutlet: Example Wire\nurl: https://example.org/a\nlicence: CC0\n\n"
        "Police arrested 45 protesters in the northern city on 2 March. "
        "Soldiers shot dead 12 demonstrators during the march.\n",
        encoding="utf-8",
    )
    (root / "crisis-a" / "02-blog.txt").write_text(
        "A quiet week\ndate: unknown\noutlet: Example Blog\nurl: https://example.org/b\nlicence: CC0\n\n"
        "The weather was mild and the markets were calm.\n",
        encoding="utf-8",
    )
    key = [
        {"event": "A-E1", "crisis": "crisis-a", "file": "01", "kind": "incident", "plover": ["COERCE"], "uncertain": False,
         "date": ["2021-03-02", "2021-03-02"], "figures": {"arrested": [45]}},
        {"event": "A-E4", "crisis": "crisis-a", "file": "01", "kind": "incident", "plover": ["COERCE"], "uncertain": False,
         "date": ["2021-03-03", "2021-03-03"]},
        {"event": "A-E2", "crisis": "crisis-a", "file": "01", "kind": "incident", "plover": ["ASSAULT"], "uncertain": False,
         "figures": {"dead": [12], "injured": [30]}},
        {"event": "A-E2", "crisis": "crisis-a", "file": "02", "kind": "incident", "plover": ["ASSAULT"], "uncertain": True},
        {"event": "A-E3", "crisis": "crisis-a", "file": "02", "kind": "decision", "plover": None, "uncertain": False},
    ]
    kp = root / "key.jsonl"
    kp.write_text("\n".join(json.dumps(k) for k in key) + "\n", encoding="utf-8")
    return kp


def test_eval_multisource_scores_events_and_figures(tmp_path):
    kp = _write_corpus(tmp_path / "corpus")
    r = eval_multisource(tmp_path / "corpus", key=kp)
    assert r["n"] == 2
    assert r["events"]["coder"] == {"found": 3, "pairs": 3, "recall": 1.0, "events_returned": r["events"]["coder"]["events_returned"]}
    assert r["events"]["coder_all_pairs"]["pairs"] == 4 and r["events"]["coder_all_pairs"]["found"] == 3
    # the arrest is dated 2 March (the file's year): found with its date; no COERCE event on 3 March
    assert r["events"]["coder_dated"] == {"found": 1, "pairs": 2, "recall": 0.5}
    assert r["events"]["not_scored"] == ["A-E3"]
    st = r["figures"]["strict"]
    assert st["gold"] == 3 and st["tp"] == 2  # 45 arrested and 12 dead found; the key's 30 injured is not in the text
    assert st["predicted"] == 2 and st["precision"] == 1.0
    files = {f["file"]: f for f in r["files"]}
    assert files["crisis-a/01-wire.txt"]["published"] == "2021-03-04" and files["crisis-a/02-blog.txt"]["published"] is None
    assert files["crisis-a/01-wire.txt"]["missed"] == [["injured", 30]]


def test_eval_multisource_missing_inputs(tmp_path):
    from typer.testing import CliRunner

    from corroborator.cli import app

    with pytest.raises(InputError) as err:
        eval_multisource(tmp_path / "nowhere")
    assert err.value.code == "E101" and "multi-source" in str(err.value)
    kp = _write_corpus(tmp_path / "corpus")
    (tmp_path / "corpus" / "crisis-a" / "02-blog.txt").unlink()
    with pytest.raises(InputError):  # a file the key names is missing
        eval_multisource(tmp_path / "corpus", key=kp)
    result = CliRunner().invoke(app, ["eval", "multisource", str(tmp_path / "nowhere")])
    assert result.exit_code == 3 and "E101" in result.output


# ------------------------------------------------------------------ eval all


def _fake_package(root, name="fake_evals"):
    pkg = root / name
    pkg.mkdir()
    (pkg / "__init__.py").write_text("", encoding="utf-8")
    (pkg / "eval_good.py").write_text(
        '"""Good evaluator: a made-up score."""\n'
        "def evaluate(settings=None):\n"
        "    return {'kind': 'good', 'n': 7, 'accuracy': 0.5, 'detail': {'x': 1}, 'items': [1, 2]}\n",
        encoding="utf-8",
    )
    (pkg / "eval_nested.py").write_text(
        "def evaluate(settings=None):\n    return {'speakers': {'precision': 0.9, 'recall': 0.8}}\n", encoding="utf-8"
    )
    (pkg / "eval_absent.py").write_text("def evaluate(settings=None):\n    return {'skipped': 'no data here'}\n", encoding="utf-8")
    (pkg / "eval_broken.py").write_text("def evaluate(settings=None):\n    raise RuntimeError('boom')\n", encoding="utf-8")
    (pkg / "eval_nofunction.py").write_text("X = 1\n", encoding="utf-8")
    (pkg / "helper.py").write_text("def evaluate(settings=None):\n    raise AssertionError('not an eval_ module')\n", encoding="utf-8")
    return name


def test_eval_all_discovers_modules_and_skips_absent_data(tmp_path, monkeypatch):
    monkeypatch.syspath_prepend(str(tmp_path))
    name = _fake_package(tmp_path)
    assert set(discover_evaluators(name)) == {"eval_good", "eval_nested", "eval_absent", "eval_broken"}
    r = eval_all(only={"plover_gold", "cameo_dev", "eval_good", "nested", "eval_absent", "eval_broken"},
                 paths={"plover_gold": tmp_path / "no.jsonl", "cameo_dev": tmp_path / "no.tsv"}, package=name)
    rows = {row["name"]: row for row in r["sets"]}
    assert set(rows) == {"plover_gold", "cameo_dev", "eval_good", "eval_nested", "eval_absent", "eval_broken"}
    assert rows["plover_gold"]["status"] == "skipped" and "no.jsonl" in rows["plover_gold"]["reason"]
    assert rows["cameo_dev"]["status"] == "skipped"
    assert rows["eval_good"]["status"] == "ok" and rows["eval_good"]["numbers"] == {"n": 7, "accuracy": 0.5}
    assert rows["eval_good"]["about"].startswith("Good evaluator")
    assert rows["eval_nested"]["numbers"] == {"speakers.precision": 0.9, "speakers.recall": 0.8}
    assert rows["eval_absent"] == {**rows["eval_absent"], "status": "skipped", "reason": "no data here"}
    assert rows["eval_broken"]["status"] == "error" and "boom" in rows["eval_broken"]["reason"]


def test_eval_all_runs_a_builtin_set(tmp_path):
    rec = {"id": "c1", "text": "Police detained two journalists in the capital.", "events": [{"trigger": "detained", "type": "COERCE"}]}
    p = tmp_path / "one.jsonl"
    p.write_text(json.dumps(rec) + "\n", encoding="utf-8")
    r = eval_all(only={"own_events"}, paths={"own_events": p})
    (row,) = [x for x in r["sets"] if x["name"] == "own_events"]
    assert row["status"] == "ok" and row["numbers"]["n"] == 1 and row["numbers"]["typed_f1"] == 1.0


def test_cli_eval_all_json_and_table(tmp_path, monkeypatch, multisource_report):
    from typer.testing import CliRunner

    from corroborator.cli import app
    from corroborator.run import evaluate

    # the multisource set was run by its module fixture: the command gets that report
    about, default, _run, headline = evaluate.BUILTIN_SETS["multisource"]
    monkeypatch.setitem(evaluate.BUILTIN_SETS, "multisource", (about, default, lambda path, st: multisource_report, headline))

    result = CliRunner().invoke(app, ["eval", "all", "--set", "multisource", "--set", "no_such_set", "--format", "json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    names = [row["name"] for row in report["sets"]]
    assert names == ["multisource"]
    row = report["sets"][0]
    assert row["status"] == "ok" and row["numbers"]["event_recall"] == multisource_report["events"]["coder"]["recall"]


def test_print_report_renders_real_sets(cameo_report, multisource_report):
    from rich.console import Console

    console = Console(record=True, width=160)
    print_report(cameo_report, console)
    print_report(multisource_report, console)
    print_report({"kind": "all", "seconds": 1.0, "classifier": True, "sets": [
        {"name": "cameo_dev", "status": "ok", "numbers": {"n": 3, "accuracy": 0.5}, "seconds": 1.0},
        {"name": "eval_x", "status": "skipped", "reason": "data absent"}]}, console)
    out = console.export_text()
    assert "CAMEO five classes" in out and "macro-F1" in out and "verbal conflict" in out and "gold classes of the" in out
    assert "figures (dead, injured, arrested, participants)" in out and "KZ-E" in out
    assert "eval_x" in out and "data absent" in out and "accuracy 0.500" in out


@pytest.mark.slow
def test_eval_all_every_set(monkeypatch, plover_report, heldout_report, events_report, cameo_report, multisource_report):
    # The built-in sets were already run by the module fixtures above, and each eval_* module of
    # the package by its stage's tests (test_coups, test_framing, test_attribution): hand eval_all
    # those reports, or a marked one, instead of running the pipeline over every set a second time.
    # What is under test is the summary: every set listed, headline numbers taken from the
    # reports, every eval_* module of the package discovered and called with the settings.
    from corroborator.run import evaluate

    done = {"plover_gold": plover_report, "plover_style_heldout": heldout_report, "own_events": events_report,
            "cameo_dev": cameo_report, "multisource": multisource_report}
    for name, report in done.items():
        about, default, _run, headline = evaluate.BUILTIN_SETS[name]
        monkeypatch.setitem(evaluate.BUILTIN_SETS, name, (about, default, lambda path, st, r=report: r, headline))
    from corroborator.contract.settings import Settings

    called = {}

    def stand_in(name):
        def run(settings=None):
            called[name] = settings
            return {"n": 7, "precision": 0.25}
        return run

    for name, module in discover_evaluators().items():
        monkeypatch.setattr(module, "evaluate", stand_in(name))
    settings = Settings(use_classifier=True)
    r = eval_all(settings)
    assert set(called) >= {"eval_coups", "eval_framing", "eval_speakers"}
    assert all(got is settings for got in called.values())
    rows = {row["name"]: row for row in r["sets"]}
    assert {"plover_gold", "plover_style_heldout", "own_events", "cameo_dev", "multisource"} <= set(rows)
    assert rows["cameo_dev"]["numbers"]["accuracy"] == cameo_report["coder"]["accuracy"]
    assert rows["plover_style_heldout"]["status"] == "ok"
    assert rows["plover_style_heldout"]["numbers"]["accuracy"] >= HELDOUT_ACCURACY_FLOOR
    discovered = [n for n in rows if n.startswith("eval_")]
    assert sorted(discovered) == sorted(called), discovered
    assert all(rows[n]["status"] == "ok" and rows[n]["numbers"] == {"n": 7, "precision": 0.25} for n in discovered), \
        [rows[n] for n in discovered]
