"""``ingest --engine ray``: workers write Parquet shards, one writer loads them; the store ends
with the same rows as a local run (issue 12)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

# columns that record when a row was written, not what it says
_WHEN = {"ingested_at", "at"}


def dump(db) -> dict:
    """Every table's rows in storage order (rowid included: event ids in exports are row numbers)."""
    con = sqlite3.connect(db)
    try:
        out = {}
        tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        for t in tables:
            if t == "schema_migrations":
                out[t] = [r[0] for r in con.execute("SELECT name FROM schema_migrations ORDER BY id")]
                continue
            cols = [r[1] for r in con.execute(f"PRAGMA table_info({t})") if r[1] not in _WHEN]
            quoted = ", ".join(f'"{c}"' for c in cols)
            out[t] = con.execute(f"SELECT rowid, {quoted} FROM {t} ORDER BY rowid").fetchall()
        return out
    finally:
        con.close()


def _write_shards(corpus_dir, db, folder, batch_size=3) -> int:
    """Analyse the corpus into shards as Ray workers do (in this process), loading none."""
    from corroborator.contract.settings import Settings
    from corroborator.corpus.engine import run_shard
    from corroborator.corpus.ingest import Summary, new_batches
    from corroborator.corpus.sources import iter_documents
    from corroborator.corpus.store import Store

    n = 0
    with Store(db) as s:
        for number, batch in enumerate(new_batches(iter_documents([str(corpus_dir)]), s, Summary(db=str(db)), batch_size)):
            info = run_shard(batch, Settings(), str(folder), f"test-{number:06d}")
            assert info["documents"] == len(batch) == info["articles"] + info["skips"]
            assert info["cpu_seconds"] >= 0 and info["peak_rss_mib"] > 0
            n += 1
    return n


def test_shard_schema_follows_the_store_tables():
    from corroborator.corpus.engine import schemas
    from corroborator.corpus.store import ARTICLE_COLUMNS, CLAIM_COLUMNS, EVENT_COLUMNS, Store

    s = schemas()
    assert s["articles"].names == ["seq", *ARTICLE_COLUMNS, "bands"]
    assert s["events"].names == list(EVENT_COLUMNS) and s["claims"].names == list(CLAIM_COLUMNS)
    assert str(s["events"].field("fatalities").type) == "double" and str(s["articles"].field("minhash").type) == "binary"
    with Store(":memory:") as mem:  # every event column of the migrated table is in a shard
        table = [r["name"] for r in mem.conn.execute("PRAGMA table_info(events)")]
    assert table == list(EVENT_COLUMNS)


def test_shards_from_an_interrupted_run_load_into_the_same_store_as_local(ingested, corpus_dir, tmp_path):
    """Shards written but not loaded (a driver killed after its workers finished) are loaded
    by the next run before anything is analysed again; the store equals a local run's."""
    from corroborator.corpus.engine import EngineOptions, pending_shards
    from corroborator.corpus.ingest import ingest
    from corroborator.corpus.store import Store

    db, folder = tmp_path / "ray.db", tmp_path / "shards"
    assert _write_shards(corpus_dir, db, folder) == 4  # 10 documents in batches of 3
    (folder / ".test-000009.tmp").mkdir()  # a shard a worker was still writing: never loaded
    assert len(pending_shards(folder)) == 4
    with Store(db) as s:
        # every document is in a shard: nothing left to analyse, so no Ray cluster starts
        summary = ingest([str(corpus_dir)], s, engine=EngineOptions(name="ray", shard_dir=str(folder)))
    assert summary.resumed == 10 and summary.stored == 0 and summary.already_stored == summary.documents == 10
    assert pending_shards(folder) == []
    assert dump(db) == dump(ingested[0])


def test_a_shard_loaded_twice_doubles_nothing(corpus_dir, tmp_path):
    from corroborator.corpus import dedup
    from corroborator.corpus.engine import LOADED, load_pending, load_shard, pending_shards
    from corroborator.corpus.ingest import Summary
    from corroborator.corpus.store import Store

    db, folder = tmp_path / "twice.db", tmp_path / "shards"
    _write_shards(corpus_dir, db, folder, batch_size=4)
    shards = pending_shards(folder)
    with Store(db) as s:
        first = Summary(db=str(db))
        load_pending(s, folder, first, keep=True)
        assert all((p / LOADED).exists() for p in shards) and pending_shards(folder) == []
        before = s.counts()
        assert before["articles"] == 8 and before["skips"] == 2 and before["duplicates"] == 1
        again = Summary(db=str(db))
        for p in shards:
            load_shard(s, p, dedup.DuplicateIndex(s), again)
        assert s.counts() == before
        assert again.stored == 0 and again.already_stored == 10


def test_engine_options_need_ray(tmp_path, corpus_dir):
    from typer.testing import CliRunner

    from corroborator.cli import app

    res = CliRunner().invoke(app, ["ingest", str(corpus_dir), "--db", str(tmp_path / "x.db"), "--workers", "2"])
    assert res.exit_code == 2 and not (tmp_path / "x.db").exists()


def test_an_unreachable_cluster_address_is_a_configuration_error(tmp_path, corpus_dir):
    import socket

    from typer.testing import CliRunner

    from corroborator.cli import app

    pytest.importorskip("ray")
    with socket.socket() as sock:  # a loopback port that nothing listens on once closed
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    res = CliRunner().invoke(app, ["ingest", str(corpus_dir), "--db", str(tmp_path / "x.db"), "--engine", "ray",
                                   "--address", f"127.0.0.1:{port}", "--no-progress"])
    assert res.exit_code == 4 and "cannot join the Ray cluster" in res.output
