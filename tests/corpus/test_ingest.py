"""Ingest, linking, comparison, omissions and queries on a small corpus written for the tests."""

from __future__ import annotations

import csv
import io
import json

import pytest

from .conftest import mention_of


def test_ingest_stores_documents_and_failures_as_skips(ingested, store):
    _, summary = ingested
    # 8 files + 2 JSON Lines: empty.txt and the bad line fail, the run goes on
    assert summary.documents == 10
    assert summary.stored == 8 and summary.failed == 2
    assert {f["code"] for f in summary.failures} == {"E104", "E109"}
    assert store.counts()["articles"] == 8 and store.counts()["skips"] == 2
    assert summary.events == store.counts()["events"] > 0
    # header lines are metadata: the stored text starts with the body
    row = store.find_article("a.txt")
    assert row["outlet"] == "Daily Ledger" and row["published"] == "2024-03-11"
    assert store.analysis(row["id"]).article.text.startswith("Police fired tear gas")
    # a JSON Lines record with HTML keeps its metadata
    feed = store.find_article("feed-1")
    assert feed["outlet"] == "Great Lakes Wire" and "Kampala" in store.article_text(feed["id"])
    # an HTML page: the extracted text, without the menu, and its title
    page = store.find_article("page.html")
    assert page["title"] == "Curfew in Nakuru" and "Home | World" not in store.article_text(page["id"])
    assert "night curfew in Nakuru" in store.article_text(page["id"])


def test_reingest_is_idempotent(ingested, corpus_dir):
    from corroborator.corpus.ingest import ingest
    from corroborator.corpus.store import Store

    with Store(ingested[0]) as s:
        before = s.counts()
        again = ingest([str(corpus_dir)], s)
        assert again.stored == 0 and again.failed == 0 and again.already_stored == again.documents == 10
        assert s.counts() == before


def test_wire_copy_is_a_duplicate_and_counts_as_one_source(store):
    dup = store.conn.execute(
        "SELECT d.*, a.source FROM duplicates d JOIN articles a ON a.id = d.article_id").fetchall()
    assert len(dup) == 1
    assert dup[0]["source"].endswith("b_repost.md")
    assert dup[0]["group_id"] == store.find_article("b.txt")["id"] and dup[0]["jaccard"] == pytest.approx(1.0)
    inc = store.conn.execute("SELECT * FROM incidents WHERE id = ?", (mention_of(store, "b.txt")["incident_id"],)).fetchone()
    assert inc["n_articles"] >= 3 and inc["n_sources"] == inc["n_articles"] - 1


def test_same_event_from_several_outlets_is_one_incident(store):
    a, b, e = (mention_of(store, f)["incident_id"] for f in ("a.txt", "b.txt", "e.txt"))
    assert a is not None and a == b == e


def test_similar_events_elsewhere_stay_apart(store):
    nairobi = mention_of(store, "a.txt")["incident_id"]
    assert mention_of(store, "d.txt")["incident_id"] != nairobi  # next day, Kisumu
    assert mention_of(store, "c.txt")["incident_id"] != nairobi  # Mombasa, soldiers and villagers


def test_comparison_flags_update_and_contradiction(store):
    from corroborator.corpus.compare import compare_incident

    cmp = compare_incident(store, mention_of(store, "a.txt")["incident_id"])
    values = {s["outlet"]: s["fatalities"]["value"] for s in cmp["sources"] if s["fatalities"]}
    assert values == {"Daily Ledger": 12, "Coast Herald": 19, "Evening Star": 9, "Lakeside Post": 19}
    assert len({s["group"] for s in cmp["sources"]}) == cmp["n_sources"] == 3  # the repost is b's copy
    kinds = {(f["values"][0]["value"], f["values"][1]["value"]): f["kind"] for f in cmp["findings"] if f["field"] == "fatalities"}
    assert kinds[(12, 19)] == "update"  # a higher toll two days later
    assert kinds.get((12, 9), kinds.get((9, 12))) == "contradiction"  # other figure, same day
    assert not [f for f in cmp["findings"] if f["kind"] == "revision"]  # the copy gives the same 19
    for s in cmp["sources"]:  # every figure carries its evidence
        if s["fatalities"]:
            assert s["fatalities"]["text"] in s["fatalities"]["evidence"]


def test_omissions_list_what_other_sources_report(store):
    from corroborator.corpus.compare import omissions

    rows = omissions(store, store.find_article("e.txt")["id"])
    perp = [o for o in rows if o["field"] == "perpetrator"]
    assert perp, rows
    named = {v["name"].lower() for o in perp for by in o["reported_by"] for v in by["values"]}
    assert "police" in named
    assert {by["outlet"] for o in perp for by in o["reported_by"]} >= {"Daily Ledger"}
    # the article that names the police omits no perpetrator
    assert not [o for o in omissions(store, store.find_article("a.txt")["id"]) if o["field"] == "perpetrator"]


def test_actor_variants(store):
    from corroborator.corpus.actors import group_names

    names = [("Pedro Castillo", "person"), ("Castillo", "person"), ("Dina Boluarte", "person"),
             ("Boularte", "person"), ("Keiko Fujimori", "person"), ("Alberto Fujimori", "person"), ("police", "police")]
    groups = sorted(sorted(names[i][0] for i in g) for g in group_names(names))
    assert ["Castillo", "Pedro Castillo"] in groups and ["Boularte", "Dina Boluarte"] in groups
    assert ["Keiko Fujimori"] in groups and ["Alberto Fujimori"] in groups
    assert store.conn.execute("SELECT COUNT(*) FROM actors").fetchone()[0] > 0


def _cli(*args):
    from typer.testing import CliRunner

    from corroborator.cli import app

    return CliRunner().invoke(app, list(args))


def test_query_filters(ingested):
    db = str(ingested[0])
    res = _cli("events", "--db", db, "--format", "json", "--country", "Kenya", "--since", "2024-03-11")
    assert res.exit_code == 0, res.output
    rows = json.loads(res.output)
    assert rows and all(r["country"] == "Kenya" and (r["event_date"] or r["published"]) >= "2024-03-11" for r in rows)
    assert {"Mombasa", "Kisumu"} & {r["location"] for r in rows} and "Kampala" not in {r["location"] for r in rows}
    res = _cli("events", "--db", db, "--format", "json", "--outlet", "Evening", "--text", "Kisumu")
    rows = json.loads(res.output)
    assert rows and all(r["outlet"] == "Evening Star" and "Kisumu" in r["notes"] for r in rows)
    res = _cli("incidents", "--db", db, "--format", "csv", "--min-articles", "2")
    got = list(csv.DictReader(io.StringIO(res.output)))
    assert got and all(int(r["n_articles"]) >= 2 for r in got)
    res = _cli("omissions", str(ingested[0].parent / "nope"), "--db", db)
    assert res.exit_code == 3


def test_exports_read_back_with_pyarrow_and_duckdb(ingested, tmp_path):
    import duckdb
    import pyarrow.csv as pacsv
    import pyarrow.parquet as pq

    from corroborator.corpus.export import ACLED_COLUMNS, EVENT_COLUMNS

    db = str(ingested[0])
    pq_path, csv_path = tmp_path / "events.parquet", tmp_path / "events.csv"
    assert _cli("events", "--db", db, "--format", "parquet", "-o", str(pq_path)).exit_code == 0
    assert _cli("events", "--db", db, "--format", "csv", "-o", str(csv_path)).exit_code == 0
    n = len(json.loads(_cli("events", "--db", db, "--format", "json").output))
    table = pq.read_table(pq_path)
    assert table.column_names == EVENT_COLUMNS and table.num_rows == n
    assert EVENT_COLUMNS[: len(ACLED_COLUMNS)] == ACLED_COLUMNS
    assert str(table.schema.field("fatalities").type) == "int64"
    assert pacsv.read_csv(csv_path).num_rows == n
    con = duckdb.connect()
    deaths = con.execute(f"SELECT SUM(fatalities) FROM read_parquet('{pq_path}') WHERE location = 'Nairobi'").fetchone()[0]
    assert deaths >= 12 + 19 + 9
    assert con.execute(f"SELECT COUNT(*) FROM read_csv_auto('{csv_path}')").fetchone()[0] == n
    ids = con.execute(f"SELECT event_id_cnty FROM read_parquet('{pq_path}') WHERE country = 'Kenya'").fetchall()
    assert ids and all(i[0].startswith("KEN") for i in ids)
    linked = con.execute(f"SELECT COUNT(DISTINCT incident_id) FROM read_csv_auto('{csv_path}')").fetchone()[0]
    assert 0 < linked < n


def test_claims_across_sources(ingested, store):
    from corroborator.corpus.claims import _numbers, link_claims

    assert _numbers("On 7 January 2022, 20,000 people marched; 44 died.") == {"20000", "44"}
    linked = link_claims(store)
    nairobi = [c for c in linked if any("Nairobi" in m["text"] and "19" in m["text"] for m in c["members"])]
    assert nairobi, linked
    c = nairobi[0]
    assert c["n_sources"] >= 2 and c["figures_differ"]  # 12 dead in one, 19 in the other
    # the wire copy repeats b's sentence but adds no source
    assert c["n_sources"] == len({m["article_id"] for m in c["members"]}) - 1
    res = _cli("claims", "--db", str(ingested[0]), "--format", "json", "--text", "Mombasa")
    assert res.exit_code == 0 and json.loads(res.output) == []


def test_retry_skips_stores_a_fixed_document(tmp_path):
    from corroborator.corpus.ingest import ingest
    from corroborator.corpus.sources import content_key
    from corroborator.corpus.store import Store
    from corroborator.contract.records import Skipped

    (tmp_path / "docs").mkdir()
    f = tmp_path / "docs" / "x.txt"
    f.write_text("Police detained six students in Kisumu on March 2, 2024, witnesses said.\n", encoding="utf-8")
    with Store(tmp_path / "r.db") as s:
        # a document that failed in an earlier run (say, a stage bug since fixed)
        s.add_skip(content_key(f.read_text(encoding="utf-8"), {}), Skipped(id=str(f), stage="extract", code="E900", detail="bug"))
        assert ingest([str(tmp_path / "docs")], s, link=False).already_stored == 1
        again = ingest([str(tmp_path / "docs")], s, link=False, retry_skips=True)
        assert again.stored == 1 and s.counts()["skips"] == 0 and s.counts()["articles"] == 1
