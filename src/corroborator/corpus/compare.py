"""What each source says about an incident, and what an article leaves out.

:func:`compare_incident` puts every source's figures (dead, injured, arrested,
participants), date, place and perpetrators side by side, each with its evidence, and
flags disagreements between sources: a higher figure in a later-published report is an
``update``; different figures published at the same time (or with no publication date
to order them, or a lower figure later) are a ``contradiction``. Near-duplicate articles
(one duplicate group) count as one source; when two versions or copies of one report give
different figures, that is a ``revision``.

:func:`omissions` lists, for one article, what other sources report about the incidents
it mentions and it does not: a figure, a perpetrator, a place, a date.
"""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Optional

FIGURES = ("fatalities", "injured", "arrested", "participants")


def _members(store, incident_id: str) -> list:
    return store.conn.execute(
        "SELECT e.*, a.outlet, a.published, a.title, a.source, a.url, COALESCE(d.group_id, a.id) AS grp "
        "FROM incident_members m JOIN events e ON e.mention_id = m.mention_id "
        "JOIN articles a ON a.id = e.article_id LEFT JOIN duplicates d ON d.article_id = a.id "
        "WHERE m.incident_id = ? ORDER BY a.published IS NULL, a.published, a.rowid, e.rowid",
        (incident_id,),
    ).fetchall()


def _actors(blob: Optional[str]) -> list[str]:
    return [a.get("name") or a.get("text") for a in json.loads(blob)] if blob else []


def _source_view(rows: list) -> dict:
    """One article (with its duplicate group): what it reports, with evidence."""
    first = rows[0]
    view = {
        "group": first["grp"],
        "articles": sorted({r["article_id"] for r in rows}),
        "outlet": first["outlet"],
        "published": first["published"],
        "title": first["title"],
        "source": first["source"],
        "dates": [],
        "places": [],
        "perpetrators": [],
        "targets": [],
    }
    for f in FIGURES:
        best = None
        for r in rows:
            if r[f] is not None and (best is None or r[f] > best["value"]):
                best = {"value": r[f], "text": r[f + "_text"], "evidence": r["evidence"], "mention_id": r["mention_id"]}
        view[f] = best
    for r in rows:
        ev = {"evidence": r["evidence"], "mention_id": r["mention_id"]}
        if r["date"] and not any(d["value"] == r["date"] for d in view["dates"]):
            view["dates"].append({"value": r["date"], "precision": r["date_precision"], "text": r["date_text"], **ev})
        if r["location_name"] and not any(p["name"] == r["location_name"] for p in view["places"]):
            view["places"].append({"name": r["location_name"], "country": r["country"], **ev})
        for key, blob in (("perpetrators", r["actors"]), ("targets", r["targets"])):
            for name in _actors(blob):
                if name and not any(p["name"] == name for p in view[key]):
                    view[key].append({"name": name, **ev})
    return view


def _findings(sources: list[dict]) -> list[dict]:
    out = []
    for f in FIGURES:
        given = [s for s in sources if s[f] is not None]
        for i, a in enumerate(given):
            for b in given[i + 1 :]:
                if a[f]["value"] == b[f]["value"]:
                    continue
                early, late = (a, b) if (a["published"] or "") <= (b["published"] or "") else (b, a)
                ordered = early["published"] and late["published"] and early["published"] < late["published"]
                if a.get("group") is not None and a.get("group") == b.get("group"):
                    kind = "revision"  # two versions or copies of one report disagree
                else:
                    kind = "update" if ordered and late[f]["value"] > early[f]["value"] else "contradiction"
                out.append({
                    "kind": kind,
                    "field": f,
                    "values": [
                        {"value": s[f]["value"], "text": s[f]["text"], "outlet": s["outlet"], "published": s["published"],
                         "articles": s["articles"], "evidence": s[f]["evidence"]}
                        for s in (early, late)
                    ],
                })
    return out


def compare_incident(store, incident_id: str) -> dict:
    """Every source's account of one incident side by side, and the disagreements."""
    inc = store.conn.execute("SELECT * FROM incidents WHERE id = ?", (incident_id,)).fetchone()
    if inc is None:
        raise KeyError(incident_id)
    by_article: dict[str, list] = defaultdict(list)
    for r in _members(store, incident_id):
        by_article[r["article_id"]].append(r)
    sources = [_source_view(rows) for rows in by_article.values()]
    return {**dict(inc), "sources": sources, "findings": _findings(sources)}


def omissions(store, article_id: str) -> list[dict]:
    """What other sources report about this article's incidents that the article does not."""
    incidents = [
        r[0]
        for r in store.conn.execute(
            "SELECT DISTINCT m.incident_id FROM incident_members m JOIN events e ON e.mention_id = m.mention_id "
            "WHERE e.article_id = ? ORDER BY m.incident_id",
            (article_id,),
        )
    ]
    group = store.conn.execute(
        "SELECT COALESCE(d.group_id, a.id) FROM articles a LEFT JOIN duplicates d ON d.article_id = a.id WHERE a.id = ?",
        (article_id,),
    ).fetchone()
    own_group = group[0] if group else article_id
    out = []
    for inc_id in incidents:
        cmp = compare_incident(store, inc_id)
        mine = next((s for s in cmp["sources"] if article_id in s["articles"]), None)
        others = [s for s in cmp["sources"] if s["group"] != own_group]
        if mine is None or not others:
            continue
        for f in FIGURES:
            if mine[f] is None:
                by = [{"outlet": s["outlet"], "published": s["published"], "articles": s["articles"], **s[f]}
                      for s in others if s[f] is not None]
                if by:
                    out.append({"incident": inc_id, "field": f, "reported_by": by})
        for f, label in (("perpetrators", "perpetrator"), ("places", "place"), ("dates", "date")):
            if not mine[f]:
                by = [{"outlet": s["outlet"], "published": s["published"], "articles": s["articles"], "values": s[f]}
                      for s in others if s[f]]
                if by:
                    out.append({"incident": inc_id, "field": label, "reported_by": by})
    return out
