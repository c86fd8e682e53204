"""Kill a real ``corroborator ingest`` with SIGKILL, run it again: nothing lost, nothing doubled."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

CITIES = ["Nairobi", "Kisumu", "Mombasa", "Nakuru", "Eldoret", "Kampala"]
ACTS = [
    "Police detained {n} protesters in {city} on March {d}, 2024, officials said.",
    "At least {n} people were injured when police dispersed a march in {city} on March {d}, 2024.",
    "Thousands of traders marched in {city} on March {d}, 2024, to protest against a new market levy.",
    "Gunmen killed {n} villagers near {city} on March {d}, 2024, according to local officials.",
    "The governor of {city} imposed a night curfew on March {d}, 2024, after {n} shops were looted.",
]


def _write(folder: Path, count: int = 30) -> None:
    for i in range(count):
        city, act = CITIES[i % len(CITIES)], ACTS[i % len(ACTS)]
        body = act.format(n=3 + i, city=city, d=1 + i % 28)
        follow = f"Residents of {city} said the situation remained tense on the following day, report number {i}."
        (folder / f"doc{i:02d}.txt").write_text(
            f"Report {i}\ndate: 2024-03-{1 + i % 28 + 1:02d}\noutlet: Outlet {i % 4}\n\n{body}\n\n{follow}\n", encoding="utf-8")


def _count(db: Path) -> int:
    try:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1)
        try:
            return con.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
        finally:
            con.close()
    except sqlite3.Error:
        return 0


@pytest.mark.slow
def test_kill_and_resume(tmp_path):
    """A real ``corroborator ingest`` killed mid-run; the next run (here, in this process) stores
    the rest."""
    from corroborator.corpus.ingest import ingest
    from corroborator.corpus.store import Store

    def rerun(docs, db) -> dict:
        with Store(db) as store:
            return ingest([str(docs)], store, batch_size=1).as_dict()

    _kill_and_resume(tmp_path, [], rerun)


def _kill_and_resume(tmp_path, extra: list, rerun) -> dict:
    """Start ``corroborator ingest`` with the ``extra`` options, SIGKILL it once three documents are
    stored, run the second ingest with ``rerun(docs, db)`` (in this process; it returns the
    summary as a dict) and check the store."""
    docs = tmp_path / "docs"
    docs.mkdir()
    _write(docs)
    db = tmp_path / "c.db"
    cmd = [sys.executable, "-m", "corroborator", "ingest", str(docs), "--db", str(db), "--batch-size", "1", "--no-progress",
           "--format", "json", *extra]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    deadline = time.monotonic() + 180
    stored = 0
    while time.monotonic() < deadline and proc.poll() is None:
        stored = _count(db)
        if stored >= 3:
            break
        time.sleep(0.01)
    assert proc.poll() is None, f"ingest ended before it could be killed: {proc.communicate()}"
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    after_kill = _count(db)
    assert 3 <= after_kill < 30

    summary = rerun(docs, db)
    # documents loaded before the kill, plus (Ray) those in shards finished but not loaded then
    assert summary["already_stored"] == after_kill + summary["resumed"]
    assert summary["stored"] == 30 - after_kill - summary["resumed"]

    con = sqlite3.connect(db)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert con.execute("SELECT COUNT(*), COUNT(DISTINCT source) FROM articles").fetchone() == (30, 30)
    assert con.execute("SELECT COUNT(*) FROM skips").fetchone()[0] == 0
    # every article's events are there exactly once
    per_article = con.execute(
        "SELECT a.n_events, (SELECT COUNT(*) FROM events e WHERE e.article_id = a.id) FROM articles a").fetchall()
    assert all(n == m for n, m in per_article) and sum(n for n, _ in per_article) > 0
    # incidents were relinked over the whole store
    assert con.execute("SELECT value FROM meta WHERE key = 'incidents_stale'").fetchone()[0] == "0"
    linked = con.execute("SELECT COUNT(*) FROM incident_members").fetchone()[0]
    assert linked == con.execute(
        "SELECT COUNT(*) FROM events WHERE factuality IN ('asserted', 'attempted')").fetchone()[0]
    return summary
