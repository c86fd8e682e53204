"""Corpus pages (issue 14, part B): every JSON twin, on a small real store.

The store is built once per module by the real ingest (pipeline, near-duplicates, linking,
actors) from six short reports written for these tests: invented events in real places. One
is a wire copy of another under a new headline and outlet; one carries markup in its title and
outlet (untrusted text that must come out escaped)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

ARTICLES = {
    "a.txt": (
        "Police disperse miners' march in La Paz\ndate: 2025-06-03\noutlet: Altiplano Times\n\n"
        "Police fired tear gas at striking miners in La Paz on June 2, 2025, and at least 4 people were killed, "
        "the ombudsman's office said. Police arrested 25 marchers near the presidential palace.\n\n"
        "Interior Minister Carlos Quispe called the marchers \"terrorists\" and said the officers had acted lawfully.\n"
    ),
    "b.txt": (
        "Death toll from La Paz clashes rises to 7\ndate: 2025-06-05\noutlet: Andes Wire\n\n"
        "At least 7 people were killed when riot police clashed with striking miners in La Paz on June 2, 2025, "
        "hospital staff said on Wednesday.\n\nUnion leader Rosa Mamani blamed the police for the deaths. "
        "Minister Quispe did not answer questions from reporters.\n"
    ),
    # a wire copy of b under another headline and outlet: one source, two articles
    "b_copy.txt": (
        "La Paz toll climbs to seven\ndate: 2025-06-05\noutlet: Valley Courier\n\n"
        "At least 7 people were killed when riot police clashed with striking miners in La Paz on June 2, 2025, "
        "hospital staff said on Wednesday.\n\nUnion leader Rosa Mamani blamed the police for the deaths. "
        "Minister Quispe did not answer questions from reporters.\n"
    ),
    "c.txt": (
        "Miners block highway near Cochabamba\ndate: 2025-06-09\noutlet: Altiplano Times\n\n"
        "About 2,000 miners blocked the main highway near Cochabamba on June 8, 2025, demanding the release of "
        "colleagues detained in La Paz. Police arrested 12 protesters, witnesses said.\n"
    ),
    # gives no toll and no perpetrator: its omissions page lists the others'
    "d.txt": (
        "Miners mourn colleagues killed in La Paz\ndate: 2025-06-04\noutlet: Highland Radio\n\n"
        "Several miners died in clashes in La Paz on June 2, 2025, during a strike over pension reform, "
        "their union said.\n"
    ),
    # markup in the title, the outlet, the text (so in an evidence sentence) and a script URL
    "e.txt": (
        "Blockade goes on near Cochabamba <script>alert(\"title\")</script>\ndate: 2025-06-10\n"
        "outlet: <img src=x onerror=alert(\"outlet\")> Radio\nurl: javascript:alert(\"url\")\n\n"
        "Miners kept blocking the main highway near Cochabamba <b onmouseover=alert(1)>on June 8, 2025</b>, and "
        "about 3,000 people joined them, a police spokesman said.\n"
    ),
}
INJECTED = ['<script>alert("title")</script>', '<img src=x onerror=alert("outlet")>', "<b onmouseover=alert(1)>"]


def build_store(folder: Path) -> Path:
    """Write the reports to ``folder`` and ingest them into ``folder/corpus.db`` with the corpus functions."""
    from corroborator.corpus.ingest import ingest
    from corroborator.corpus.store import Store

    docs = folder / "docs"
    docs.mkdir(parents=True, exist_ok=True)
    for name, text in ARTICLES.items():
        (docs / name).write_text(text, encoding="utf-8")
    db = folder / "corpus.db"
    with Store(db) as store:
        summary = ingest([str(docs)], store)
    assert summary.stored == len(ARTICLES) and summary.failed == 0
    return db


@pytest.fixture(scope="module")
def corpus_db(tmp_path_factory) -> Path:
    return build_store(tmp_path_factory.mktemp("web_corpus"))


@pytest.fixture(scope="module")
def corpus_client(corpus_db):
    from fastapi.testclient import TestClient

    from corroborator.web import WebConfig, create_app

    with TestClient(create_app(WebConfig(db=corpus_db))) as c:
        yield c


@pytest.fixture()
def store(corpus_db):
    from corroborator.corpus.store import Store

    s = Store(corpus_db)
    yield s
    s.close()


def get_json(client, path: str, status: int = 200):
    r = client.get(path)
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith("application/json")
    return r.json()


def assert_error(client, path: str, status: int, code: str) -> None:
    body = get_json(client, path, status)
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message", "status"}
    assert body["error"]["code"] == code and body["error"]["status"] == status


def incident_with(client, outlet_a: str, outlet_b: str, **params) -> dict:
    """The listed incident both outlets report."""
    query = "&".join(f"{k}={v}" for k, v in params.items())
    rows = get_json(client, "/incidents.json" + (f"?{query}" if query else ""))["incidents"]
    for row in rows:
        if outlet_a in (row["outlets"] or "") and outlet_b in (row["outlets"] or ""):
            return row
    raise AssertionError(f"no incident reported by both {outlet_a} and {outlet_b}: {rows}")


def source(detail: dict, outlet: str) -> dict:
    return next(s for s in detail["sources"] if any(a["outlet"] == outlet for a in s["articles"]))


# ------------------------------------------------------------------------------ incidents


def test_incidents_twin_lists_incidents_with_sources_and_filters(corpus_client):
    data = get_json(corpus_client, "/incidents.json")
    assert data["incidents"] and data["stale"] is False and data["page"] == 1
    la_paz = incident_with(corpus_client, "Altiplano Times", "Andes Wire")
    assert la_paz["country"] == "BO" and la_paz["country_name"] == "Bolivia"
    # four articles, three independent sources: the Valley Courier copy counts with Andes Wire
    assert la_paz["n_articles"] == 4 and la_paz["n_sources"] == 3
    assert (la_paz["fatalities_min"], la_paz["fatalities_max"]) == (4, 7)
    # the CLI's filters, applied by the same corpus function
    ids = lambda q: {r["incident_id"] for r in get_json(corpus_client, "/incidents.json" + q)["incidents"]}  # noqa: E731
    assert la_paz["incident_id"] in ids("?country=BO") and not ids("?country=KE")
    assert la_paz["incident_id"] not in ids("?since=2025-06-07")
    assert la_paz["incident_id"] in ids("?until=2025-06-02&text=tear+gas")
    assert la_paz["incident_id"] not in ids("?text=Cochabamba")
    assert la_paz["incident_id"] in ids("?outlet=Andes") and not ids("?outlet=No+Such+Outlet")
    assert la_paz["incident_id"] in ids(f"?min_articles=4") and not ids("?min_articles=5")


def test_incident_list_pages(store):
    from corroborator.web.corpus import filters, incident_list

    everything = incident_list(store, filters())["incidents"]
    assert len(everything) >= 3
    first = incident_list(store, filters(), page=1, size=2)
    second = incident_list(store, filters(), page=2, size=2)
    assert [i["incident_id"] for i in first["incidents"] + second["incidents"]] == [
        i["incident_id"] for i in everything[:4]]
    assert first["next"] == "/incidents?page=2" and first["previous"] is None
    assert second["previous"] == "/incidents" and (second["first"], second["last"]) == (3, 4)


def test_bad_filters_and_unknown_ids_answer_the_error_shape(corpus_client):
    assert_error(corpus_client, "/incidents.json?since=last+week", 400, "E504")
    assert_error(corpus_client, "/timeline.json?until=2025-13-01", 400, "E504")
    assert_error(corpus_client, "/incidents.json?page=0", 422, "E504")
    assert_error(corpus_client, "/incident/Inotanincident.json", 404, "E501")
    assert_error(corpus_client, "/article/nosucharticle/omissions.json", 404, "E501")
    assert_error(corpus_client, "/actor/99999.json", 404, "E501")
    r = corpus_client.get("/incident/Inotanincident")  # the HTML path answers a page with the same fields
    assert r.status_code == 404 and "text/html" in r.headers["content-type"] and "E501" in r.text


def test_incident_twin_puts_sources_side_by_side_with_evidence(corpus_client):
    inc = incident_with(corpus_client, "Altiplano Times", "Andes Wire")
    data = get_json(corpus_client, f"/incident/{inc['incident_id']}.json")
    assert data["incident"]["incident_id"] == inc["incident_id"]
    # one column per independent source: the copy is folded into Andes Wire's
    assert len(data["sources"]) == data["incident"]["n_sources"] == 3
    wire = source(data, "Andes Wire")
    assert wire is source(data, "Valley Courier") and wire["copies"] == 1
    assert {a["outlet"] for a in wire["articles"]} == {"Andes Wire", "Valley Courier"}
    times, radio = source(data, "Altiplano Times"), source(data, "Highland Radio")
    assert [v["value"] for v in times["fatalities"]] == [4] and [v["value"] for v in wire["fatalities"]] == [7]
    assert radio["fatalities"] == []  # this source gives no toll
    for v in times["fatalities"] + wire["fatalities"]:
        assert v["text"] in v["evidence"] and "killed" in v["evidence"]
    assert any(p["name"] == "La Paz" for p in times["places"])
    assert any("police" in p["name"].lower() for p in wire["perpetrators"])
    # the toll rose in a later report: an update, once for the pair of sources, both cells flagged
    deaths = [f for f in data["findings"] if f["field"] == "fatalities"]
    assert [(f["kind"], [v["value"] for v in f["values"]]) for f in deaths] == [("update", [4, 7])]
    assert deaths[0]["values"][1]["copies"] == 1
    assert times["flags"] == {"fatalities": "update"} and wire["flags"] == {"fatalities": "update"}
    summary = [d for d in data["disagreements"] if d["field"] == "fatalities"]
    assert [(d["kinds"], [(v["value"], v["outlet"]) for v in d["values"]]) for d in summary] == [
        ({"update": 1}, [(4, "Altiplano Times"), (7, "Andes Wire")])]
    assert radio["flags"] == {}
    fields = {f["key"]: f["reported"] for f in data["fields"]}
    assert fields["fatalities"] and fields["places"] and not fields["injured"]


def test_incident_page_shows_both_figures_in_one_row(corpus_client):
    inc = incident_with(corpus_client, "Altiplano Times", "Andes Wire")
    page = corpus_client.get(f"/incident/{inc['incident_id']}")
    assert page.status_code == 200 and "text/html" in page.headers["content-type"]
    row = re.search(r'<tr data-field="fatalities">(.*?)</tr>', page.text, re.S)
    assert row, "no row of death tolls"
    figures = re.findall(r'<span class="fig">([^<]+)</span>', row.group(1))
    assert figures == ["4", "7"]
    assert row.group(1).count("flag-update") == 2
    assert '<tr data-field="injured">' not in page.text and "No source reports: injured" in page.text
    assert page.text.count('<th scope="col" class="source"') == 3
    # each source links its annotated article (the article page reads it from the store)
    linked = re.findall(r'<a class="title" href="/article/([0-9a-f]+)"', page.text)
    assert len(linked) == 3
    for aid in linked:
        assert corpus_client.get(f"/article/{aid}.json").status_code == 200


def test_participants_differ_between_two_outlets_and_untrusted_text_is_escaped(corpus_client):
    inc = incident_with(corpus_client, "Altiplano Times", "onerror", text="Cochabamba")
    data = get_json(corpus_client, f"/incident/{inc['incident_id']}.json")
    crowd = [f for f in data["findings"] if f["field"] == "participants"]
    assert [sorted(v["value"] for v in f["values"]) for f in crowd] == [[2000, 3000]]
    assert crowd[0]["kind"] == "update"  # the larger crowd in the later report
    marked = next(s for s in data["sources"] if "onerror" in (s["outlet"] or ""))["articles"][0]["id"]
    for path in (f"/incident/{inc['incident_id']}", "/incidents?text=Cochabamba", "/map", "/timeline", "/actors",
                 "/actor/1", f"/article/{marked}/omissions"):
        body = corpus_client.get(path).text
        for payload in INJECTED:
            assert payload not in body, f"{path} carries unescaped markup"
        assert "javascript:" not in body.lower()
    page = corpus_client.get(f"/incident/{inc['incident_id']}").text
    assert "&lt;img src=x onerror=alert(&#34;outlet&#34;)&gt; Radio" in page
    assert "&lt;script&gt;alert(&#34;title&#34;)&lt;/script&gt;" in page
    assert "&lt;b onmouseover=alert(1)&gt;" in page  # the evidence sentence, as text
    card = corpus_client.get(f"/article/{marked}/omissions").text  # the article's own title and outlet, as text
    assert "&lt;script&gt;alert(&#34;title&#34;)&lt;/script&gt;" in card and "&lt;img src=x" in card


# ------------------------------------------------------------------------------ omissions


def test_omissions_twin_lists_what_others_report(corpus_client):
    data = get_json(corpus_client, "/article/d.txt/omissions.json")
    assert data["article"]["outlet"] == "Highland Radio"
    la_paz = incident_with(corpus_client, "Altiplano Times", "Highland Radio")
    item = next(i for i in data["incidents"] if i["incident"]["incident_id"] == la_paz["incident_id"])
    omitted = {o["field"]: o for o in item["omitted"]}
    assert "fatalities" in omitted and "perpetrator" in omitted
    by = omitted["fatalities"]["reported_by"]
    # the wire copy and its original are one source with both outlets
    assert sorted(sorted(b["outlets"]) for b in by) == [["Altiplano Times"], ["Andes Wire", "Valley Courier"]]
    assert sorted(v["value"] for b in by for v in b["values"]) == [4, 7]
    assert all(v["evidence"] for b in by for v in b["values"])
    # the same article found by its id
    assert get_json(corpus_client, f"/article/{data['article']['id']}/omissions.json") == data
    page = corpus_client.get("/article/d.txt/omissions")
    assert page.status_code == 200 and "Andes Wire, Valley Courier" in page.text


# ------------------------------------------------------------------------------ actors


def test_actor_twins_give_variants_sources_and_events(corpus_client):
    listing = get_json(corpus_client, "/actors.json")
    assert listing["total"] == len(listing["actors"]) > 0
    police = next(a for a in listing["actors"] if a["name"].lower() == "police")
    assert police["id"] is not None and police["n_articles"] >= 3
    detail = get_json(corpus_client, f"/actor/{police['id']}.json")
    assert detail["actor"]["name"] == police["name"] and detail["actor"]["n_mentions"] == police["n_mentions"]
    assert sum(v["count"] for v in detail["variants"]) == police["n_mentions"]
    assert {s["outlet"] for s in detail["sources"]} >= {"Altiplano Times", "Andes Wire"}
    assert detail["events"] and all(e["role"] in ("actor", "target", "actor and target") for e in detail["events"])
    assert any(e["incident_id"] for e in detail["events"])
    assert detail["n_events"] == len(detail["events"])
    # every listed id opens the actor of that name
    for a in listing["actors"][:5]:
        assert get_json(corpus_client, f"/actor/{a['id']}.json")["actor"]["name"] == a["name"]
    narrowed = get_json(corpus_client, "/actors.json?text=mamani")["actors"]
    assert narrowed and all(any("mamani" in v["variant"].lower() for v in a["variants"]) for a in narrowed)


# ------------------------------------------------------------------------------ timeline, map


def test_timeline_twin_counts_every_dated_incident_once(corpus_client):
    data = get_json(corpus_client, "/timeline.json")
    assert data["unit"] == "day"
    assert sum(b["count"] for b in data["bins"]) == data["n_dated"] == len(data["incidents"]) > 0
    assert data["more"] is None
    starts = [b["start"] for b in data["bins"]]
    assert starts == sorted(starts) and len(set(starts)) == len(starts)
    june2 = next(b for b in data["bins"] if b["start"] == "2025-06-02")
    assert june2["count"] >= 1
    page = corpus_client.get("/timeline").text
    assert page.count('<rect class="seg') >= sum(1 for b in data["bins"] if b["count"])
    assert data["outside"] == {"before": 0, "after": 0} and data["whole"] is False
    everything = get_json(corpus_client, "/timeline.json?range=all")
    assert everything["whole"] is True and everything["bins"] == data["bins"]
    assert_error(corpus_client, "/timeline.json?range=some", 422, "E504")
    narrowed = get_json(corpus_client, "/timeline.json?since=2025-06-07")
    assert all(i["date_hi"] >= "2025-06-07" for i in narrowed["incidents"]) and narrowed["incidents"]


def test_timeline_bins_by_week_and_month_over_longer_spans():
    from corroborator.web.corpus import _bin_next, _bin_start, timeline_drawing
    import datetime as dt

    day = dt.date(2025, 6, 4)  # a Wednesday
    assert _bin_start(day, "week") == dt.date(2025, 6, 2) and _bin_next(dt.date(2025, 6, 2), "week") == dt.date(2025, 6, 9)
    assert _bin_start(day, "month") == dt.date(2025, 6, 1) and _bin_next(dt.date(2025, 12, 1), "month") == dt.date(2026, 1, 1)
    data = {"unit": "day", "filters": {"since": None}, "bins": [
        {"start": "2025-06-01", "end": "2025-06-01", "count": 4, "by_type": {"Protests": 3, "Riots": 1},
         "approximate": 1, "approximate_by_type": {"Protests": 1}},
        {"start": "2025-06-02", "end": "2025-06-02", "count": 0, "by_type": {}, "approximate": 0, "approximate_by_type": {}},
        {"start": "2025-06-03", "end": "2025-06-03", "count": 2, "by_type": {"Protests": 2}, "approximate": 0,
         "approximate_by_type": {}},
    ]}
    chart = timeline_drawing(data)
    heights = [sum(s["h"] for s in b["segments"]) for b in chart["bars"]]
    assert heights[1] == 0 and heights[0] == pytest.approx(2 * heights[2], abs=0.2)
    assert [s["approximate"] for s in chart["bars"][0]["segments"]] == [False, True, False]
    assert chart["bars"][0]["href"] == "/incidents?since=2025-06-01&until=2025-06-01"


def test_map_twin_places_incidents_at_their_city_or_country(corpus_client):
    data = get_json(corpus_client, "/map.json")
    la_paz = incident_with(corpus_client, "Altiplano Times", "Andes Wire")
    placed = {i["incident_id"]: i for i in data["incidents"]}
    spot = placed[la_paz["incident_id"]]
    assert spot["precision"] == "place" and spot["place"] == "La Paz"
    assert spot["lat"] == pytest.approx(-16.5, abs=0.5) and spot["lon"] == pytest.approx(-68.15, abs=0.5)
    assert sum(len(p["incidents"]) for p in data["places"]) == len(data["incidents"])
    assert data["outline"] == "/static/map.json" and data["unplaced"] == 0
    page = corpus_client.get("/map").text
    assert page.count("<path ") > 150 and page.count("<circle ") == len(data["places"])
    assert not re.search(r'(src|href)="(https?:)?//', page), "the map page loads nothing from outside"
    world = corpus_client.get("/map?view=world").text
    assert 'viewBox="-180.00 -84.00 360.00 144.00"' in world
    # the outline ships with the package and is served locally
    outline = corpus_client.get("/static/map.json")
    assert outline.status_code == 200 and "Public domain" in outline.json()["licence"]


def test_map_view_fits_its_places():
    from corroborator.web.corpus import map_drawing

    data = {"filters": {}, "incidents": [
        {"incident_id": "I1", "label": "x", "n_sources": 1}, {"incident_id": "I2", "label": "y", "n_sources": 2}],
        "places": [{"name": "Almaty", "lat": 43.25, "lon": 76.92, "precision": "place", "country": "KZ", "incidents": ["I1"]},
                   {"name": "Colombo", "lat": 6.93, "lon": 79.85, "precision": "place", "country": "LK", "incidents": ["I2"]}]}
    drawing = map_drawing(data)
    x0, y0, w, h = (float(v) for v in drawing["viewbox"].split())
    for p in data["places"]:
        assert x0 < p["lon"] < x0 + w and y0 < -p["lat"] < y0 + h
    assert w < 360 and w / h == pytest.approx(2.5, rel=0.01)  # the map's own proportions
    assert {c["code"] for c in drawing["countries"] if c["active"]} == {"KZ", "LK"}
    assert [c["label"]["text"] for c in drawing["circles"]] == ["Almaty", "Colombo"]
    assert drawing["circles"][0]["href"] == "/incident/I1"
    assert map_drawing(data, whole_world=True)["viewbox"] == "-180.00 -84.00 360.00 144.00"


def test_shipped_outline_map_is_complete():
    from corroborator.web.corpus import world

    w = world()
    assert "Natural Earth" in w["source"] and "Public domain" in w["licence"]
    countries = w["countries"]
    assert len(countries) > 170
    for code, (lon, lat) in (("BO", (-64.6, -16.7)), ("KZ", (67.3, 48.2)), ("LK", (80.7, 7.7)), ("FR", (2.3, 46.6))):
        assert countries[code]["centroid"] == pytest.approx([lon, lat], abs=1.5), code
    assert all(re.fullmatch(r"(M[-\d. L]+Z)+", c["d"]) for c in countries.values())


# ------------------------------------------------------------------------------ all twins, staleness


def test_every_corpus_page_has_a_json_twin_with_the_same_data(corpus_client):
    inc = incident_with(corpus_client, "Altiplano Times", "Andes Wire")["incident_id"]
    actor = get_json(corpus_client, "/actors.json")["actors"][0]["id"]
    for path in ("/incidents", f"/incident/{inc}", "/article/a.txt/omissions", "/actors", f"/actor/{actor}",
                 "/timeline", "/map"):
        page = corpus_client.get(path)
        assert page.status_code == 200 and "text/html" in page.headers["content-type"], path
        assert f'href="{path}.json"' in page.text, f"{path} does not link its JSON twin"
        data = get_json(corpus_client, path + ".json")
        assert isinstance(data, dict) and "stale" in data, path
        json.dumps(data)


def test_pages_say_when_incidents_are_stale(corpus_db, tmp_path):
    from fastapi.testclient import TestClient

    from corroborator.corpus.store import Store
    from corroborator.web import WebConfig, create_app

    db = tmp_path / "stale.db"
    with Store(corpus_db) as s:  # a consistent copy of the WAL database
        s.conn.execute("VACUUM INTO ?", (str(db),))
    with Store(db) as s:
        s.set_meta("incidents_stale", "1")
    with TestClient(create_app(WebConfig(db=db))) as c:
        assert get_json(c, "/incidents.json")["stale"] is True
        assert "out of date" in c.get("/incidents").text


def test_without_a_store_the_corpus_pages_are_absent(make_app, client_for):
    c = client_for(make_app())
    assert_error(c, "/incidents.json", 404, "E501")
    assert_error(c, "/map.json", 404, "E501")



def test_timeline_draws_the_main_run_of_dates_and_says_what_it_leaves_out():
    import datetime as dt

    from corroborator.web.corpus import main_run

    d = dt.date.fromisoformat
    crisis = [d("2022-01-02") + dt.timedelta(days=3 * i) for i in range(12)]
    background = [d("1948-02-04"), d("2016-04-25")]  # "since independence in 1948", an earlier protest
    assert main_run(crisis + background) == (crisis[0], crisis[-1])
    assert main_run(crisis) == (crisis[0], crisis[-1])
    # two runs of similar size: nothing to leave out
    other = [d("2019-05-01") + dt.timedelta(days=i) for i in range(10)]
    assert main_run(crisis + other) == (other[0], crisis[-1])


def test_many_disagreeing_sources_read_as_one_line_per_figure(make_app):
    """Five sources with five tolls make ten pairs: the page leads with one line per figure, the
    pairs folded away, and each pair is listed once however many copies a source has."""
    from corroborator.web.corpus import FIELD_LABELS, _disagreements, _group_findings

    published = ["2022-01-07", "2022-01-19", "2022-01-27", None, None]
    sources = [{"group": f"g{i}", "outlet": f"Outlet {i}", "published": day, "copies": int(i == 0), "title": None,
                "articles": [{"id": f"a{i}", "outlet": f"Outlet {i}", "title": None}] + ([{"id": "a0-copy", "outlet": "Copy", "title": None}] if i == 0 else []), "flags": {},
                **{k: [] for k in FIELD_LABELS}} for i, day in enumerate(published)]
    tolls = [44, 225, 227, 164, 200]
    for s, toll in zip(sources, tolls):
        s["fatalities"] = [{"value": toll, "text": str(toll), "evidence": f"{toll} people died."}]
    pairs = []
    for i in range(5):
        for j in range(i + 1, 5):
            for art in ([f"a{i}"] + (["a0-copy"] if i == 0 else [])):  # the copy repeats its original's pairs
                kind = "update" if published[i] and published[j] and tolls[j] > tolls[i] else "contradiction"
                pairs.append({"kind": kind, "field": "fatalities", "values": [
                    {"value": tolls[k], "outlet": sources[k]["outlet"], "published": published[k], "articles": [a],
                     "evidence": ""} for k, a in ((i, art), (j, f"a{j}"))]})
    findings = _group_findings(pairs, sources)
    assert len(findings) == 10  # the copy's pairs are its original's
    lines = _disagreements(findings, sources)
    assert [d["field"] for d in lines] == ["fatalities"]
    assert lines[0]["kinds"] == {"contradiction": 7, "update": 3}
    assert [v["value"] for v in lines[0]["values"]] == [44, 225, 227, 164, 200]  # dated first, in order
    assert all(s["flags"] == {"fatalities": "contradiction"} for s in sources)
    data = {"incident": {"incident_id": "Itest", "date_lo": "2022-01-05", "date_hi": "2022-01-09", "country": "KZ",
                         "country_name": "Kazakhstan", "event_type": None, "plover_type": "ASSAULT", "n_mentions": 6,
                         "n_articles": 6, "n_sources": 5, "label": None},
            "fields": [{"key": k, "label": v, "reported": k == "fatalities"} for k, v in FIELD_LABELS.items()],
            "sources": sources, "findings": findings, "disagreements": lines, "stale": False}
    html = make_app().state.templates.env.get_template("corpus/incident.html").render(
        data=data, json_url="/incident/Itest.json", has_store=True, allow_fetch=False, version="test")
    assert html.count('<ul class="disagreements">') == 1 and html.count('<li class="finding ') == 10
    assert '<details class="pairs">' in html and "7 contradictions" in html and "3 updates" in html


def test_map_panel_lists_a_bounded_number_of_incidents_per_place():
    from corroborator.web.corpus import PLACE_LIST, map_panel

    busy = [f"I{n}" for n in range(PLACE_LIST + 5)]
    incidents = [{"incident_id": i, "label": "word " * 60, "date_lo": None, "date_hi": None, "event_type": None,
                  "plover_type": "PROTEST", "n_sources": 1, "country": "BO"} for i in busy + ["Ione"]]
    data = {"places": [{"name": "La Paz", "precision": "place", "incidents": busy},
                       {"name": "Sucre", "precision": "place", "incidents": ["Ione"]}], "incidents": incidents}
    panel = map_panel(data, ["/incidents?country=BO", "/incident/Ione"])
    first, single = panel["places"]
    assert first["n"] == len(busy) and first["incidents"] == busy[:PLACE_LIST]
    assert first["href"] == "/incidents?country=BO"
    assert single["n"] == 1 and single["incidents"] == []  # its dot links the incident itself
    assert [i["incident_id"] for i in panel["incidents"]] == busy[:PLACE_LIST]
    assert all(len(i["label"]) <= 120 and i["label"].endswith("…") for i in panel["incidents"])
