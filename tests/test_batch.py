"""Batch coding: ``corroborator code --jsonl`` and the pure batch function under it."""

from __future__ import annotations

import io
import json
import sys

import pytest

from corroborator.run.batch import code_jsonl, code_records
from corroborator.contract.records import Event

GOOD = [
    {"id": "a1", "text": "Police arrested 45 protesters in Lima on Monday.", "date": "2023-01-10"},
    {"id": "a2", "text": "Soldiers killed at least 12 people in Juliaca on 9 January 2023."},
]


def _check_events(record: dict, text: str) -> None:
    assert isinstance(record["events"], list)
    for ev in record["events"]:
        Event.model_validate(ev)  # the output contract
        assert text[ev["trigger"]["start"] : ev["trigger"]["end"]] == ev["trigger"]["text"]
        assert text[ev["evidence"]["start"] : ev["evidence"]["end"]] == ev["evidence"]["text"]


def _write(tmp_path, lines, name="in.jsonl"):
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_code_records_is_pure_and_keeps_order():
    records = [GOOD[0], {"id": "x", "text": ""}, {"text": GOOD[1]["text"]}, "not an object", {"id": 9, "text": 3}]
    out = code_records(records)
    assert [r["id"] for r in out] == ["a1", "x", 3, 4, 9]
    _check_events(out[0], GOOD[0]["text"])
    _check_events(out[2], GOOD[1]["text"])
    assert "empty" in out[1]["error"] and "record 2" in out[1]["error"]
    assert "JSON object" in out[3]["error"]
    assert "'text' must be a string" in out[4]["error"]
    assert all(("events" in r) != ("error" in r) for r in out)


def test_code_jsonl_bad_lines_become_error_lines(tmp_path):
    path = _write(
        tmp_path,
        [
            json.dumps(GOOD[0]),
            "{not json",
            "",
            json.dumps({"id": "d", "text": "Riots in Puno.", "date": "15/01/2023"}),
            json.dumps({"id": "n", "date": "2023-01-15"}),
            json.dumps(GOOD[1]),
        ],
    )
    out, err = io.StringIO(), io.StringIO()
    n_ok, n_failed = code_jsonl(str(path), out=out, err=err, progress=False)
    assert (n_ok, n_failed) == (2, 3)
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [r["id"] for r in lines] == ["a1", 2, "d", "n", "a2"]  # the blank line is no record
    assert "line 2" in lines[1]["error"] and "invalid JSON" in lines[1]["error"]
    assert "'date'" in lines[2]["error"] and "2023-01-15" in lines[2]["error"]
    assert "no 'text'" in lines[3]["error"]
    _check_events(lines[0], GOOD[0]["text"])
    assert err.getvalue() == ""  # no progress asked for


def test_progress_counter_on_long_inputs(tmp_path):
    lines = [json.dumps({"id": i, "text": "x" if i % 2 else ""}) for i in range(60)]
    path = _write(tmp_path, lines)
    out, err = io.StringIO(), io.StringIO()
    n_ok, n_failed = code_jsonl(str(path), out=out, err=err)  # progress=None: on for > 50 lines
    assert (n_ok, n_failed) == (30, 30)
    assert "60 lines (30 failed)" in err.getvalue()
    assert len(out.getvalue().splitlines()) == 60


def test_missing_input_file_is_an_input_error(tmp_path):
    from corroborator.contract.errors import InputError

    with pytest.raises(InputError):
        code_jsonl(str(tmp_path / "nope.jsonl"), out=io.StringIO())


def test_cli_code_exit_codes_and_output_file(tmp_path):
    from typer.testing import CliRunner

    from corroborator.cli import app

    mixed = _write(tmp_path, [json.dumps(GOOD[0]), "[1, 2]", json.dumps(GOOD[1])], "mixed.jsonl")
    out_path = tmp_path / "out.jsonl"
    res = CliRunner().invoke(app, ["code", "--jsonl", str(mixed), "-o", str(out_path), "--no-progress"])
    assert res.exit_code == 1, res.output
    lines = [json.loads(x) for x in out_path.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in lines] == ["a1", 2, "a2"]
    assert "JSON object" in lines[1]["error"]

    bad = _write(tmp_path, ['{"id": 1}', "oops"], "bad.jsonl")
    res = CliRunner().invoke(app, ["code", "--jsonl", str(bad), "--no-progress"])
    assert res.exit_code == 5
    assert len(res.stdout.splitlines()) == 2

    stdin = "\n".join(json.dumps(r) for r in GOOD) + "\n"
    res = CliRunner().invoke(app, ["code", "--jsonl", "-"], input=stdin)
    assert res.exit_code == 0, res.output
    lines = [json.loads(x) for x in res.stdout.splitlines()]
    assert [r["id"] for r in lines] == ["a1", "a2"]
    for rec, src in zip(lines, GOOD):
        _check_events(rec, src["text"])


def test_batch_events_carry_arguments():
    out = code_records([GOOD[0]])
    ev = next(e for e in out[0]["events"] if e["trigger"]["text"] == "arrested")
    assert ev["arrested"]["value"] == 45
    assert ev["location"]["name"] == "Lima"
    assert ev["date"]["value"] == "2023-01-09"


@pytest.mark.slow
def test_two_workers_write_the_same_lines_as_one(tmp_path):
    """Issue 13: --workers N codes chunks in parallel processes; order and content unchanged."""
    from corroborator.run.batch import CHUNK_SIZE, code_jsonl

    texts = [
        "Police arrested {n} protesters in the capital on Monday.",
        "Gunmen attacked a bus near the border, killing {n} passengers.",
        "The two ministers met in Geneva to discuss the ceasefire.",
        "not json at all",
    ]
    lines = []
    for i in range(2 * CHUNK_SIZE + 7):
        t = texts[i % len(texts)]
        lines.append(t if t == "not json at all" else json.dumps({"id": f"x{i}", "text": t.format(n=i + 2), "date": "2024-03-01"}))
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    outs = []
    for workers in (1, 2):
        out = tmp_path / f"out{workers}.jsonl"
        n_ok, n_failed = code_jsonl(str(src), output=str(out), workers=workers, progress=False)
        assert (n_ok, n_failed) == (len(lines) - len(lines) // 4, len(lines) // 4)
        outs.append(out.read_text(encoding="utf-8"))
    assert outs[0] == outs[1]
    assert [json.loads(l)["id"] for l in outs[0].splitlines()][:3] == ["x0", "x1", "x2"]


def test_parse_batches_are_bounded_in_characters():
    """Issue 13: spaCy holds its intermediate arrays (about 15 KB a token) for a whole nlp.pipe
    batch, so documents are batched by count and by characters (PIECE_CHARS), in order."""
    from types import SimpleNamespace

    from corroborator.run.analyze import PIECE_CHARS, _batches

    sizes = [10, PIECE_CHARS // 2, PIECE_CHARS // 2, 5, PIECE_CHARS, 7, 8, 9]
    items = [SimpleNamespace(norm=SimpleNamespace(text="x" * n)) for n in sizes]
    batches = list(_batches(items, 3))
    assert [p for b in batches for p in b] == items  # every document once, in order
    for b in batches:
        assert len(b) <= 3
        assert len(b) == 1 or sum(len(p.norm.text) for p in b) <= PIECE_CHARS
    assert [len(b) for b in _batches(items[-3:], 32)] == [3]  # short texts stay together


def test_forked_workers_start_with_the_pipeline_already_loaded():
    """Issue 9/13: where fork is safe the pipeline is loaded once, here, and the workers inherit it
    (no model load per worker); the output test above runs on such a pool."""
    from corroborator.contract.settings import Settings
    from corroborator.run.workers import process_pool, start_method

    from .pool_probe import pipelines_loaded

    if start_method() != "fork":
        pytest.skip("this platform cannot fork")
    with process_pool(2, Settings()) as pool:
        assert list(pool.map(pipelines_loaded, range(4))) == [1, 1, 1, 1]


def test_spawned_workers_load_nothing_and_skip_torch_as_the_parent_did(monkeypatch):
    from corroborator.contract.settings import Settings
    from corroborator.run.workers import process_pool

    from .pool_probe import pipelines_loaded, torch_blocked

    monkeypatch.setitem(sys.modules, "torch", None)  # as the CLI does when no embedding is asked for
    with process_pool(1, Settings(), method="spawn") as pool:
        assert pool.submit(torch_blocked).result() is True
        assert pool.submit(pipelines_loaded).result() == 0  # each spawned worker loads its own, on first use


def test_workers_that_run_a_loaded_torch_are_spawned_not_forked(monkeypatch):
    import multiprocessing

    from corroborator.contract.settings import Settings
    from corroborator.run import workers

    fork = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    monkeypatch.setitem(sys.modules, "torch", object())  # loaded here
    assert workers.start_method(uses_torch=True) == "spawn"
    assert workers.start_method(uses_torch=False) == fork  # imported by thinc, never called by the workers
    monkeypatch.setitem(sys.modules, "torch", None)  # blocked here: a worker imports its own
    assert workers.start_method(uses_torch=True) == fork
    with pytest.raises(ValueError):
        workers.process_pool(1, Settings(), method="forkserver")


def test_a_ray_driver_spawns_its_workers(monkeypatch):
    from types import SimpleNamespace

    from corroborator.run import workers

    monkeypatch.setitem(sys.modules, "ray", SimpleNamespace(is_initialized=lambda: True))
    assert workers.start_method() == "spawn"
    monkeypatch.setitem(sys.modules, "ray", SimpleNamespace(is_initialized=lambda: False))
    assert workers.start_method() in ("fork", "spawn") and workers.start_method() == workers.start_method(uses_torch=False)
