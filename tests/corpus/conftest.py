"""A small corpus written for these tests (invented reports about invented events in real
places), ingested once per session into a real SQLite file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ARTICLES = {
    "a.txt": (
        "Police and protesters clash in Nairobi\ndate: 2024-03-11\noutlet: Daily Ledger\n\n"
        "Police fired tear gas at protesters in Nairobi on March 10, 2024, and at least 12 people were killed "
        "in the clashes, officials said.\n\nThe demonstrators were marching against a new fuel tax approved by "
        "parliament last week.\n"
    ),
    "b.txt": (
        "Death toll rises after Nairobi protests\ndate: 2024-03-13\noutlet: Coast Herald\n\n"
        "At least 19 people were killed when police clashed with demonstrators in Nairobi on March 10, 2024, "
        "a hospital official said on Tuesday.\n\nOpposition leaders blamed the police for the deaths and called "
        "for an inquiry into the conduct of the officers who were deployed in the city centre.\n"
    ),
    # a wire copy of b under a new headline in another outlet: one source, two articles
    "sub/b_repost.md": (
        "Nairobi toll climbs to 19\ndate: 2024-03-13\noutlet: Lakeside Post\n\n"
        "At least 19 people were killed when police clashed with demonstrators in Nairobi on March 10, 2024, "
        "a hospital official said on Tuesday.\n\nOpposition leaders blamed the police for the deaths and called "
        "for an inquiry into the conduct of the officers who were deployed in the city centre.\n"
    ),
    "c.txt": (
        "Soldiers kill villagers in Mombasa\ndate: 2024-03-15\noutlet: Daily Ledger\n\n"
        "Soldiers killed four villagers in Mombasa on March 14, 2024, residents said.\n"
    ),
    "d.txt": (
        "Clashes spread to Kisumu\ndate: 2024-03-12\noutlet: Evening Star\n\n"
        "Police fired tear gas at protesters in Kisumu on March 11, 2024, and three people were killed in the "
        "clashes, officials said.\n"
    ),
    "e.txt": (
        "Nine dead in Nairobi\ndate: 2024-03-11\noutlet: Evening Star\n\n"
        "Nine people were killed in Nairobi on March 10, 2024, during the clashes over the fuel tax.\n"
    ),
    "empty.txt": "   \n\n",
    "page.html": (
        "<!doctype html><html><head><title>Curfew in Nakuru</title><meta property='og:site_name' content='Rift Daily'>"
        "</head><body><nav>Home | World</nav><article><h1>Curfew in Nakuru</h1><p>The county governor imposed a "
        "night curfew in Nakuru on March 12, 2024, after shops were looted during a protest over water "
        "prices.</p><p>Officers patrolled the main roads through the night, residents said.</p></article>"
        "</body></html>"
    ),
}

FEED = [
    {"id": "feed-1", "html": "<html><head><title>Rally in Kampala</title></head><body><article><p>Thousands of "
     "opposition supporters marched through Kampala on April 2, 2024, to demand the release of detained "
     "activists.</p><p>Police arrested 30 marchers near the parliament building, witnesses said.</p></article>"
     "</body></html>", "outlet": "Great Lakes Wire", "published": "2024-04-03"},
    "this line is not JSON",
]


def write_corpus(folder: Path) -> Path:
    for name, text in ARTICLES.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    with open(folder / "feed.jsonl", "w", encoding="utf-8") as fh:
        for rec in FEED:
            fh.write((json.dumps(rec) if isinstance(rec, dict) else rec) + "\n")
    return folder


@pytest.fixture(scope="session")
def corpus_dir(tmp_path_factory) -> Path:
    return write_corpus(tmp_path_factory.mktemp("corpus"))


@pytest.fixture(scope="session")
def ingested(corpus_dir, tmp_path_factory):
    """(store path, first-run summary) of the test corpus."""
    from corroborator.corpus.ingest import ingest
    from corroborator.corpus.store import Store

    db = tmp_path_factory.mktemp("db") / "corpus.db"
    with Store(db) as store:
        summary = ingest([str(corpus_dir)], store)
    return db, summary


@pytest.fixture()
def store(ingested):
    from corroborator.corpus.store import Store

    s = Store(ingested[0])
    yield s
    s.close()


def mention_of(store, file_name: str, plover_type: str = "ASSAULT"):
    row = store.conn.execute(
        "SELECT e.mention_id, m.incident_id FROM events e JOIN articles a ON a.id = e.article_id "
        "LEFT JOIN incident_members m ON m.mention_id = e.mention_id "
        "WHERE a.source LIKE ? AND e.plover_type = ? ORDER BY e.rowid LIMIT 1",
        ("%" + file_name, plover_type),
    ).fetchone()
    assert row is not None, f"no {plover_type} event stored for {file_name}"
    return row
