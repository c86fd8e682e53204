"""Corpus pages in headless Chromium against a real uvicorn server (issue 14, part B).

Open an incident from the list and see two sources' death tolls side by side, their disagreement
marked; the timeline and the map draw; a map dot opens its incidents; nothing on these pages
loads from outside or breaks the Content-Security-Policy. Screenshots go to the test's tmp dir."""

from __future__ import annotations

import pytest

from .test_corpus_pages import build_store

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def corpus_db(tmp_path_factory):
    return build_store(tmp_path_factory.mktemp("browser_corpus"))


@pytest.fixture
def base_url(corpus_db, make_app, live_server):
    return live_server(make_app(db=corpus_db))


def watch(page) -> list[str]:
    """Console errors (a CSP violation is one) and requests that leave this machine."""
    problems: list[str] = []
    page.on("console", lambda m: problems.append(f"console: {m.text}") if m.type == "error" else None)
    page.on("request", lambda r: problems.append(f"outside request: {r.url}")
            if not r.url.startswith(("http://127.0.0.1", "data:", "about:")) else None)
    page.on("dialog", lambda d: (problems.append(f"a script ran: {d.message}"), d.dismiss()))
    return problems


def test_incident_shows_two_sources_figures_side_by_side(page, base_url, save_png):
    problems = watch(page)
    page.goto(f"{base_url}/incidents")
    save_png(page, "incidents", full_page=True)
    # the La Paz incident: the one whose toll differs between sources
    row = page.locator("table.incident-list tbody tr", has=page.locator(".badge", has_text="differ"))
    assert row.count() == 1
    row.locator("a.incident-link").click()
    page.wait_for_selector("table.compare")
    heads = page.locator("table.compare thead th.source .outlet").all_text_contents()
    assert "Altiplano Times" in heads and "Andes Wire" in heads
    assert "Valley Courier" not in heads  # the wire copy is folded into its original's column
    tolls = page.locator('tr[data-field="fatalities"] td.cell')
    by_outlet = {h: tolls.nth(i) for i, h in enumerate(heads)}
    assert by_outlet["Altiplano Times"].locator(".fig").inner_text() == "4"
    assert by_outlet["Andes Wire"].locator(".fig").inner_text() == "7"
    # both tolls are visible in one row, side by side
    a, b = by_outlet["Altiplano Times"].bounding_box(), by_outlet["Andes Wire"].bounding_box()
    assert a and b and abs(a["y"] - b["y"]) < 2 and a["x"] < b["x"]
    assert "flag-update" in (by_outlet["Andes Wire"].get_attribute("class") or "")
    # the finding points to the cells it compares
    page.locator("ul.findings li.update").first.click()
    assert page.locator("td.cell.active").count() == 2
    # evidence opens on demand
    page.locator("#toggle-evidence").click()
    assert page.locator("details.ev[open]").count() == page.locator("details.ev").count() > 0
    save_png(page, "incident", full_page=True)
    assert not problems, problems


def test_timeline_and_map_draw(page, base_url, save_png):
    problems = watch(page)
    page.goto(f"{base_url}/timeline")
    chart = page.locator("svg.corpus-timeline")
    assert chart.is_visible()
    segs = chart.locator("rect.seg")
    assert segs.count() > 0
    box = segs.first.bounding_box()
    assert box and box["height"] > 5 and box["width"] > 2
    save_png(page, "timeline", full_page=True)

    page.goto(f"{base_url}/map")
    svg = page.locator("svg.worldmap")
    assert svg.is_visible()
    assert page.locator("svg.worldmap .land path").count() > 150
    dots = page.locator("svg.worldmap circle.dot")
    assert dots.count() >= 2
    for i in range(dots.count()):
        box = dots.nth(i).bounding_box()
        assert box and 4 < box["width"] < 80, "a dot is invisible or huge"
    labels = page.locator("svg.worldmap .place-labels text").all_text_contents()
    assert "La Paz" in labels
    save_png(page, "map", full_page=True)
    # the place with most incidents (5 incidents on 3 places: at least 2) lists them beside the map
    badges = [int(t) for t in page.locator("#places-list .badge").all_text_contents()]
    busiest = max(range(len(badges)), key=badges.__getitem__)
    assert badges[busiest] >= 2
    page.locator("#places-list a[data-place]").nth(busiest).click()
    assert page.locator("#place-detail").is_visible() and not page.locator("#places-list").is_visible()
    assert page.locator("#place-detail ul.incidents li").count() == badges[busiest]
    save_png(page, "map-place", full_page=True)
    page.locator("#place-detail button").click()
    assert page.locator("#places-list").is_visible()
    page.goto(f"{base_url}/map?view=world")
    assert page.locator("svg.worldmap circle.dot").count() == dots.count()
    save_png(page, "map-world")
    assert not problems, problems


def test_markup_in_a_report_stays_text(page, base_url, save_png):
    """The Cochabamba reports: one has markup in its title, outlet and text; it shows as text, runs nothing."""
    problems = watch(page)
    page.goto(f"{base_url}/incidents?text=Cochabamba")
    page.locator("table.incident-list a.incident-link").first.click()
    page.wait_for_selector("table.compare")
    heads = page.locator("table.compare thead th.source .outlet").all_text_contents()
    assert '<img src=x onerror=alert("outlet")> Radio' in heads
    assert page.locator("table.compare img, table.compare script, table.compare b").count() == 0
    page.locator("#toggle-evidence").click()
    assert "<b onmouseover=alert(1)>" in page.locator("table.compare").inner_text()
    save_png(page, "markup-as-text", full_page=True)
    assert not problems, problems
