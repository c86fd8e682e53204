"""The corpus store: one SQLite file, versioned schema, one writer.

Schema changes are named migrations applied in order and recorded in the table
``schema_migrations`` (the sqlite-utils convention, written with the stdlib
:mod:`sqlite3`). The database runs in WAL mode; every document is written in its own
transaction right after its analysis, so a killed ingest loses at most the document in
flight and a re-run resumes by content key with nothing doubled.

Tables: ``articles`` (one per stored document, keyed by a hash of its text and source
metadata, with the whole ArticleAnalysis as JSON and its MinHash signature), ``events``
(one row per event mention), ``skips`` (documents that failed, with code and reason),
``duplicates`` (near-duplicate links and groups), ``incidents`` and ``incident_members``
(event mentions linked across articles), ``actors`` and ``actor_variants``, ``claims``.
"""

from __future__ import annotations

import calendar
import datetime as dt
import json
import re
import logging
import sqlite3
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator, Optional, Sequence, Union

from ..contract.records import ArticleAnalysis, Count, Event, Skipped
from .dates import window

logger = logging.getLogger(__name__)

DEFAULT_DB = "corroborator.db"

# (name, SQL) in order; never edit an applied migration, add a new one.
MIGRATIONS: list[tuple[str, str]] = [
    (
        "0001_initial",
        """
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
        CREATE TABLE articles (
            id TEXT PRIMARY KEY,            -- hash of text + source metadata (the resume key)
            analysis_id TEXT,               -- ArticleAnalysis.article.id (hash of the normalised text)
            source TEXT, url TEXT, outlet TEXT, published TEXT, title TEXT,
            genre TEXT, language TEXT, country TEXT,
            n_events INTEGER, n_words INTEGER,
            shingles INTEGER, minhash BLOB,
            analysis TEXT NOT NULL,
            ingested_at TEXT NOT NULL
        );
        CREATE TABLE events (
            mention_id TEXT PRIMARY KEY,    -- <article id>:<event id>
            article_id TEXT NOT NULL REFERENCES articles(id),
            event_id TEXT,
            plover_type TEXT, plover_mode TEXT,
            acled_event_type TEXT, acled_sub_event_type TEXT,
            factuality TEXT, confidence REAL,
            trigger TEXT,
            date TEXT, date_precision TEXT, date_text TEXT, date_inherited INTEGER,
            date_lo TEXT, date_hi TEXT,
            location TEXT, location_name TEXT, country TEXT, country_inferred INTEGER,
            lat REAL, lon REAL, place_precision TEXT, geonameid INTEGER,
            actor1 TEXT, actor2 TEXT, actors TEXT, targets TEXT,
            fatalities REAL, fatalities_text TEXT,
            injured REAL, injured_text TEXT,
            arrested REAL, arrested_text TEXT,
            participants REAL, participants_text TEXT,
            attribution TEXT,
            sentence_index INTEGER, evidence TEXT, evidence_start INTEGER, evidence_end INTEGER
        );
        CREATE TABLE skips (
            id TEXT PRIMARY KEY, source TEXT, stage TEXT, code TEXT, detail TEXT, at TEXT
        );
        CREATE TABLE duplicates (
            article_id TEXT PRIMARY KEY REFERENCES articles(id),
            group_id TEXT NOT NULL,         -- the first stored article of the group
            of_article TEXT NOT NULL,       -- the stored article it matched
            jaccard REAL, containment REAL
        );
        CREATE TABLE incidents (
            id TEXT PRIMARY KEY,
            country TEXT, date_lo TEXT, date_hi TEXT,
            plover_type TEXT, acled_event_type TEXT,
            n_mentions INTEGER, n_articles INTEGER, n_sources INTEGER,
            label TEXT
        );
        CREATE TABLE incident_members (
            mention_id TEXT PRIMARY KEY REFERENCES events(mention_id),
            incident_id TEXT NOT NULL REFERENCES incidents(id),
            score REAL
        );
        CREATE TABLE actors (
            id INTEGER PRIMARY KEY, name TEXT, kind TEXT, country TEXT,
            n_mentions INTEGER, n_articles INTEGER
        );
        CREATE TABLE actor_variants (
            actor_id INTEGER REFERENCES actors(id), variant TEXT, count INTEGER, articles TEXT,
            PRIMARY KEY (actor_id, variant)
        );
        CREATE TABLE claims (
            id TEXT PRIMARY KEY,            -- <article id>:<sentence index>
            article_id TEXT NOT NULL REFERENCES articles(id),
            sentence_index INTEGER, kind TEXT, text TEXT, speaker TEXT,
            checkworthy REAL, start INTEGER, "end" INTEGER
        );
        """,
    ),
    (
        "0002_indexes",
        """
        CREATE INDEX events_article ON events(article_id);
        CREATE INDEX events_country_date ON events(country, date_lo);
        CREATE INDEX members_incident ON incident_members(incident_id);
        CREATE INDEX duplicates_group ON duplicates(group_id);
        CREATE INDEX claims_article ON claims(article_id);
        """,
    ),
    (  # date_source: text | article_year (a year-less date completed with the article's year) | NULL
        "0003_event_date_source",
        """
        ALTER TABLE events ADD COLUMN date_source TEXT
        """,
    ),
    (  # the near-duplicate LSH index lives in the store (key: band hash of a MinHash signature)
        "0004_lsh_bands",
        """
        CREATE TABLE lsh_bands (key INTEGER NOT NULL, article_id TEXT NOT NULL REFERENCES articles(id));
        CREATE INDEX lsh_bands_key ON lsh_bands(key);
        """,
    ),
]


def _count(c: Optional[Count]) -> tuple[Optional[float], Optional[str]]:
    return (c.value, c.text) if c is not None else (None, None)


def _actor_text(a) -> str:
    return a.name or a.text


def article_country(analysis: ArticleAnalysis) -> Optional[str]:
    """The country an article is mostly about: event places first, then place and nationality
    names among its entities (title included), by frequency."""
    places = Counter(e.location.country for e in analysis.events if e.location and e.location.country)
    if places:
        return places.most_common(1)[0][0]
    from ..lexicons import gazetteer

    named: Counter = Counter()
    for ent in analysis.mentions.entities:
        if ent.label == "GPE":
            place = gazetteer.resolve(ent.text)
            if place and place.country:
                named[place.country] += 1
        elif ent.label == "NORP":
            code = gazetteer.demonym_country(ent.text)
            if code:
                named[code] += 1
    return named.most_common(1)[0][0] if named else None


_URL_YEAR = re.compile(r"/((?:19|20)\d\d)/")
_TITLE_YEAR = re.compile(r"\b((?:19|20)\d\d)\b")


def article_year(analysis: ArticleAnalysis) -> Optional[int]:
    """The year an article's year-less dates belong to: the year most of its resolved dates
    fall in; else a year in its URL path (``/2022/04/``); else a year in its title."""
    years = Counter(int(m.value[:4]) for m in analysis.mentions.dates if m.value)
    if years:
        return years.most_common(1)[0][0]
    art = analysis.article
    for pattern, text in ((_URL_YEAR, art.url), (_TITLE_YEAR, art.title)):
        found = pattern.findall(text or "")
        if len(set(found)) == 1:
            return int(found[0])
    return None


_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_DAY_MONTH = re.compile(r"^(?:(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]+)|([A-Za-z]+)\s+(\d{1,2})(?:st|nd|rd|th)?|([A-Za-z]+))$")


def complete_year(text: str, precision: Optional[str], year: int) -> Optional[str]:
    """ISO date for a year-less day or month ("5 January", "January 5", "January") in ``year``.

    An article with no publication date leaves such dates unresolved; within one article the
    year of its other dates is the natural reading. Weekdays and other forms stay unresolved."""
    m = _DAY_MONTH.match(text.strip().removeprefix("on ").removeprefix("On ").strip())
    if not m or precision not in ("day", "month"):
        return None
    day, month = (m.group(1), m.group(2)) if m.group(1) else (m.group(4), m.group(3)) if m.group(3) else (None, m.group(5))
    mon = _MONTHS.get((month or "").lower())
    if not mon:
        return None
    try:
        if precision == "month" or day is None:
            return dt.date(year, mon, 1).isoformat()
        return dt.date(year, mon, int(day)).isoformat()
    except ValueError:
        return None


# Columns written per document, in table order (``ingested_at`` is set when the rows are stored).
ARTICLE_COLUMNS = (
    "id", "analysis_id", "source", "url", "outlet", "published", "title", "genre", "language", "country",
    "n_events", "n_words", "shingles", "minhash", "analysis",
)
EVENT_COLUMNS = (
    "mention_id", "article_id", "event_id", "plover_type", "plover_mode", "acled_event_type", "acled_sub_event_type",
    "factuality", "confidence", "trigger", "date", "date_precision", "date_text", "date_inherited", "date_lo", "date_hi",
    "location", "location_name", "country", "country_inferred", "lat", "lon", "place_precision", "geonameid",
    "actor1", "actor2", "actors", "targets", "fatalities", "fatalities_text", "injured", "injured_text",
    "arrested", "arrested_text", "participants", "participants_text", "attribution",
    "sentence_index", "evidence", "evidence_start", "evidence_end", "date_source",
)
CLAIM_COLUMNS = ("id", "article_id", "sentence_index", "kind", "text", "speaker", "checkworthy", "start", "end")


@dataclass(frozen=True)
class ArticleRows:
    """The rows one analysed document adds: ``article`` (values of ``ARTICLE_COLUMNS``),
    ``events`` and ``claims`` (tuples of ``EVENT_COLUMNS`` / ``CLAIM_COLUMNS``)."""

    key: str
    article: tuple
    events: list
    claims: list

    @property
    def shingles(self) -> int:
        return self.article[ARTICLE_COLUMNS.index("shingles")]

    @property
    def minhash(self) -> bytes:
        return self.article[ARTICLE_COLUMNS.index("minhash")]


def article_rows(key: str, analysis: ArticleAnalysis, *, minhash: Optional[bytes] = None, shingles: int = 0) -> ArticleRows:
    """The store rows of one analysed document (pure: no database, so a worker can compute them)."""
    art = analysis.article
    country = article_country(analysis)
    year = article_year(analysis)
    events = [Store._event_row(key, art.published, country, e, year) for e in analysis.events]
    claims = [
        (
            f"{key}:{s.index}", key, s.index, s.kind, s.text,
            s.attribution.speaker if s.attribution else None, s.checkworthy, s.start, s.end,
        )
        for s in analysis.sentences
        if s.kind in ("event", "statistic", "attributed", "causal") and not s.heading
    ]
    article = (
        key, art.id, art.source, art.url, art.outlet, art.published, art.title, art.genre,
        art.language, country, len(analysis.events), len(art.text.split()), shingles, minhash,
        analysis.model_dump_json(),
    )
    return ArticleRows(key, article, events, claims)


class Store:
    """The corpus database. Open with ``Store(path)``; use as a context manager to close."""

    def __init__(self, path: Union[str, Path] = DEFAULT_DB) -> None:
        self.path = str(path)
        self.conn = sqlite3.connect(self.path, timeout=30.0, isolation_level=None)
        self.conn.row_factory = sqlite3.Row
        self.conn.execute("PRAGMA journal_mode=WAL")
        self.conn.execute("PRAGMA synchronous=NORMAL")
        self.conn.execute("PRAGMA foreign_keys=ON")
        self.migrate()

    # ----------------------------------------------------------------- schema
    def migrate(self) -> list[str]:
        """Apply the migrations not yet recorded; returns their names."""
        c = self.conn
        c.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations "
            "(id INTEGER PRIMARY KEY, name TEXT UNIQUE NOT NULL, applied_at TEXT NOT NULL)"
        )
        done = {r[0] for r in c.execute("SELECT name FROM schema_migrations")}
        applied = []
        for name, sql in MIGRATIONS:
            if name in done:
                continue
            c.execute("BEGIN IMMEDIATE")
            try:
                for stmt in (s.strip() for s in sql.split(";")):
                    if stmt:
                        c.execute(stmt)
                c.execute(
                    "INSERT INTO schema_migrations(name, applied_at) VALUES (?, ?)",
                    (name, dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")),
                )
                c.execute("COMMIT")
            except sqlite3.Error:
                c.execute("ROLLBACK")
                raise
            applied.append(name)
            logger.info("%s: applied migration %s", self.path, name)
        return applied

    def migrations(self) -> list[str]:
        return [r[0] for r in self.conn.execute("SELECT name FROM schema_migrations ORDER BY id")]

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # ------------------------------------------------------------------- meta
    def get_meta(self, key: str) -> Optional[str]:
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        self.conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", (key, value))

    # ----------------------------------------------------------------- writes
    def has(self, key: str, *, skips: bool = True) -> bool:
        """Whether a document with this content key is stored, as an article (or, with
        ``skips``, as a skip)."""
        c = self.conn
        return bool(
            c.execute("SELECT 1 FROM articles WHERE id = ?", (key,)).fetchone()
            or (skips and c.execute("SELECT 1 FROM skips WHERE id = ?", (key,)).fetchone())
        )

    def skip_of(self, key: str) -> Optional[sqlite3.Row]:
        """The stored skip of a content key (code, detail...), or None."""
        return self.conn.execute("SELECT * FROM skips WHERE id = ?", (key,)).fetchone()

    def add_article(
        self,
        key: str,
        analysis: ArticleAnalysis,
        *,
        minhash: Optional[bytes] = None,
        shingles: int = 0,
        duplicate: Optional[dict] = None,
        bands: Sequence[int] = (),
    ) -> int:
        """Store one analysed document, its events and claims, in one transaction.

        ``duplicate`` is ``{"group_id", "of_article", "jaccard", "containment"}`` when the
        document is a near-copy of a stored one. Returns the number of events stored, or -1 when
        the document was stored meanwhile by another process (nothing is written twice).
        """
        return self.add_rows(article_rows(key, analysis, minhash=minhash, shingles=shingles),
                             duplicate=duplicate, bands=bands)

    def add_rows(self, rows: "ArticleRows", *, duplicate: Optional[dict] = None, bands: Sequence[int] = ()) -> int:
        """Write the rows of one analysed document (:func:`article_rows`) in one transaction.

        The same rows whether the analysis ran here or in a worker that wrote them to a
        Parquet shard (``corpus/engine.py``). Returns the number of events stored, or -1 when
        a document with this key is stored already (nothing is written twice)."""
        key = rows.key
        now = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
        c = self.conn
        c.execute("BEGIN IMMEDIATE")
        if c.execute("SELECT 1 FROM articles WHERE id = ?", (key,)).fetchone():
            c.execute("ROLLBACK")  # another process stored it meanwhile: nothing to add
            logger.info("%s: already stored by another writer", key)
            return -1
        try:
            c.execute(
                f"INSERT INTO articles({','.join(ARTICLE_COLUMNS)}, ingested_at) "
                f"VALUES ({','.join('?' * (len(ARTICLE_COLUMNS) + 1))})",
                (*rows.article, now),
            )
            if rows.events:
                c.executemany(
                    f"INSERT INTO events({','.join(EVENT_COLUMNS)}) VALUES ({','.join('?' * len(EVENT_COLUMNS))})",
                    rows.events,
                )
            if rows.claims:
                c.executemany(
                    f"INSERT INTO claims({','.join(CLAIM_COLUMNS)}) VALUES ({','.join('?' * len(CLAIM_COLUMNS))})",
                    rows.claims,
                )
            if bands:
                c.executemany("INSERT INTO lsh_bands(key, article_id) VALUES (?, ?)", [(k, key) for k in bands])
            c.execute("DELETE FROM skips WHERE id = ?", (key,))  # a retried skip that now succeeds
            if duplicate:
                c.execute(
                    "INSERT INTO duplicates VALUES (?,?,?,?,?)",
                    (key, duplicate["group_id"], duplicate["of_article"], duplicate["jaccard"], duplicate["containment"]),
                )
            c.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('incidents_stale', '1')")
            c.execute("COMMIT")
        except BaseException:
            c.execute("ROLLBACK")
            raise
        return len(rows.events)

    @staticmethod
    def _event_row(key: str, published: Optional[str], article_cty: Optional[str], e: Event, year: Optional[int] = None) -> tuple:
        d = e.date
        value, source = (d.value, "text") if d and d.value else (None, None)
        if value is None and d is not None and d.text and year:
            value = complete_year(d.text, d.precision, year)
            source = "article_year" if value else None
        lo, hi = window(value, d.precision) if value else (None, None)
        loc = e.location
        country = loc.country if loc and loc.country else None
        inferred = 0
        if country is None:  # not the actors' countries: "Russian troops" act abroad
            country = article_cty
            inferred = 1 if country else 0
        fat, fat_t = _count(e.fatalities)
        inj, inj_t = _count(e.injured)
        arr, arr_t = _count(e.arrested)
        par, par_t = _count(e.participants)
        return (
            f"{key}:{e.id}", key, e.id,
            e.plover.type, e.plover.mode,
            e.acled.event_type if e.acled else None, e.acled.sub_event_type if e.acled else None,
            e.factuality, e.confidence, e.trigger.text,
            value, d.precision if d else None, d.text if d else None, int(d.inherited) if d else None,
            lo, hi,
            loc.text if loc else None, (loc.name or loc.text) if loc else None, country, inferred,
            loc.lat if loc else None, loc.lon if loc else None, loc.precision if loc else None,
            loc.geonameid if loc else None,
            _actor_text(e.actors[0]) if e.actors else None, _actor_text(e.targets[0]) if e.targets else None,
            json.dumps([a.model_dump(exclude_none=True) for a in e.actors]) if e.actors else None,
            json.dumps([a.model_dump(exclude_none=True) for a in e.targets]) if e.targets else None,
            fat, fat_t, inj, inj_t, arr, arr_t, par, par_t,
            e.attribution.speaker if e.attribution else None,
            e.evidence.sentence_index, e.evidence.text, e.evidence.start, e.evidence.end,
            source,
        )

    def add_skip(self, key: str, skipped: Skipped) -> None:
        now = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
        c = self.conn
        c.execute("BEGIN IMMEDIATE")
        try:
            c.execute(
                "INSERT OR REPLACE INTO skips VALUES (?,?,?,?,?,?)",
                (key, skipped.id, skipped.stage, skipped.code, skipped.detail, now),
            )
            c.execute("COMMIT")
        except BaseException:
            c.execute("ROLLBACK")
            raise

    def replace_incidents(self, incidents: Sequence[dict], members: Iterable[tuple[str, str, float]]) -> None:
        """Replace every incident (linking is recomputed over the whole store)."""
        c = self.conn
        c.execute("BEGIN IMMEDIATE")
        try:
            c.execute("DELETE FROM incident_members")
            c.execute("DELETE FROM incidents")
            c.executemany(
                "INSERT INTO incidents VALUES (:id,:country,:date_lo,:date_hi,:plover_type,:acled_event_type,"
                ":n_mentions,:n_articles,:n_sources,:label)",
                incidents,
            )
            c.executemany("INSERT INTO incident_members(mention_id, incident_id, score) VALUES (?,?,?)", members)
            c.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('incidents_stale', '0')")
            c.execute("COMMIT")
        except BaseException:
            c.execute("ROLLBACK")
            raise

    def replace_actors(self, actors: Sequence[dict]) -> None:
        c = self.conn
        c.execute("BEGIN IMMEDIATE")
        try:
            c.execute("DELETE FROM actor_variants")
            c.execute("DELETE FROM actors")
            for i, a in enumerate(actors, 1):
                c.execute(
                    "INSERT INTO actors VALUES (?,?,?,?,?,?)",
                    (i, a["name"], a.get("kind"), a.get("country"), a["n_mentions"], a["n_articles"]),
                )
                c.executemany(
                    "INSERT INTO actor_variants VALUES (?,?,?,?)",
                    [(i, v, n, json.dumps(sorted(arts))) for v, (n, arts) in a["variants"].items()],
                )
            c.execute("COMMIT")
        except BaseException:
            c.execute("ROLLBACK")
            raise

    # ------------------------------------------------------------------ reads
    @property
    def incidents_stale(self) -> bool:
        return self.get_meta("incidents_stale") != "0"

    def counts(self) -> dict:
        c = self.conn
        one = lambda sql: c.execute(sql).fetchone()[0]  # noqa: E731
        return {
            "articles": one("SELECT COUNT(*) FROM articles"),
            "events": one("SELECT COUNT(*) FROM events"),
            "skips": one("SELECT COUNT(*) FROM skips"),
            "duplicates": one("SELECT COUNT(*) FROM duplicates"),
            "incidents": one("SELECT COUNT(*) FROM incidents"),
        }

    def lsh_candidates(self, keys: Sequence[int], limit: int) -> list[tuple[str, str, int, bytes]]:
        """(article id, group id, shingle count, MinHash bytes) of the stored articles sharing
        the most LSH band keys with ``keys``."""
        if not keys:
            return []
        marks = ",".join("?" * len(keys))
        return [
            tuple(r)
            for r in self.conn.execute(
                f"SELECT a.id, COALESCE(d.group_id, a.id), a.shingles, a.minhash FROM "
                f"(SELECT article_id, COUNT(*) AS hits FROM lsh_bands WHERE key IN ({marks}) GROUP BY article_id "
                f"ORDER BY hits DESC, article_id LIMIT ?) h JOIN articles a ON a.id = h.article_id "
                f"LEFT JOIN duplicates d ON d.article_id = a.id ORDER BY h.hits DESC, a.id",
                (*keys, limit),
            )
        ]

    def article_text(self, article_id: str) -> Optional[str]:
        row = self.conn.execute(
            "SELECT json_extract(analysis, '$.article.text') FROM articles WHERE id = ?", (article_id,)
        ).fetchone()
        return row[0] if row else None

    def analysis(self, article_id: str) -> ArticleAnalysis:
        row = self.conn.execute("SELECT analysis FROM articles WHERE id = ?", (article_id,)).fetchone()
        if row is None:
            raise KeyError(article_id)
        return ArticleAnalysis.model_validate_json(row[0])

    def find_article(self, ref: str) -> Optional[sqlite3.Row]:
        """An article by id, id prefix, source path, url or file name."""
        c = self.conn
        for sql, arg in (
            ("SELECT * FROM articles WHERE id = ?", ref),
            ("SELECT * FROM articles WHERE source = ? OR url = ?", None),
            ("SELECT * FROM articles WHERE id LIKE ? ORDER BY id LIMIT 2", ref + "%"),
            ("SELECT * FROM articles WHERE source LIKE ? ORDER BY source LIMIT 2", "%" + ref),
        ):
            rows = c.execute(sql, (ref, ref) if arg is None else (arg,)).fetchall()
            if len(rows) == 1:
                return rows[0]
        return None
