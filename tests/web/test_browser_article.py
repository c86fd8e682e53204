"""End to end in headless Chromium (issue 14): paste the example article on the home page, submit,
see the marks, open an event's detail, filter the events table, check the timeline draws.

A real uvicorn server on a free port and the real pipeline; screenshots go to the test's tmp dir."""

from __future__ import annotations

import json
import re
import urllib.request

import pytest

from .conftest import EXAMPLE

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _json(url: str) -> dict:
    with urllib.request.urlopen(url, timeout=30) as resp:
        return json.loads(resp.read())


def test_paste_the_example_and_read_it_annotated(make_app, live_server, page, save_png):
    base = live_server(make_app())
    page.goto(base + "/")
    save_png(page, "home")
    page.fill("#text", EXAMPLE.read_text(encoding="utf-8"))
    page.click("#submit")
    page.wait_for_url("**/article/*", timeout=120_000)
    page.wait_for_selector("#article-text .m-event")
    data = _json(page.url + ".json")
    events = data["analysis"]["events"]
    assert len(events) >= 5

    # the marks: one focusable mark per event, quotes with speakers, citations, sentences by kind
    assert page.locator("#article-text .m-event[tabindex]").count() == len(events)
    for kind in ("claim", "speaker", "quote", "citation", "label"):
        assert page.locator(f"#article-text .m-{kind}").count() > 0, kind
    assert page.locator("#legend input[data-kind]").count() == 9
    save_png(page, "article")

    # click the first event's trigger: its record and evidence in the side panel
    first = events[0]
    page.locator('#article-text [data-mark="e-0"]').first.click()
    record = page.locator("#detail .record").first
    assert first["plover"]["type"] in record.locator("h3").inner_text()
    assert record.locator("blockquote.evidence").inner_text() == first["evidence"]["text"]
    assert first["trigger"]["text"] in record.locator("dl").inner_text()
    # the sentence around it is listed too, and the mark is highlighted
    assert page.locator("#detail .record").count() >= 2
    assert "active" in page.locator('#article-text [data-mark="e-0"]').first.get_attribute("class")
    save_png(page.locator("#detail"), "event_detail")

    # the timeline draws one dot per dated event, and a dot opens its event
    dated = [e for e in events if e["date"] and e["date"]["value"]]
    dots = page.locator("#timeline-svg circle.dot")
    assert dots.count() == len(dated) > 0
    assert page.locator("#timeline-svg text.tick-label").count() >= 1
    box = page.locator("#timeline-svg").bounding_box()
    assert box["width"] > 300 and box["height"] > 50
    dots.last.click()
    mark = dots.last.get_attribute("data-mark")
    assert page.locator(f'#events-table tr[data-mark="{mark}"]').get_attribute("class").endswith("selected")
    save_png(page.locator("#timeline"), "timeline")

    # the events table filters by factuality
    factualities = sorted({e["factuality"] for e in events})
    choice = min(factualities, key=lambda f: sum(e["factuality"] == f for e in events))
    page.select_option('#event-filters select[data-filter="factuality"]', choice)
    visible = page.locator("#events-table tbody tr:visible")
    assert visible.count() == sum(e["factuality"] == choice for e in events)
    assert page.locator("#events-shown").inner_text().startswith(f"{visible.count()} of {len(events)}")
    page.select_option('#event-filters select[data-filter="factuality"]', "")
    assert page.locator("#events-table tbody tr:visible").count() == len(events)

    # a legend box hides a kind of mark
    page.uncheck('#legend input[data-kind="event"]')
    assert "hide-event" in page.locator("#article-text").get_attribute("class")

    # the coup assessment (the example describes a removal and an attempt to dissolve Congress):
    # a criteria table whose evidence links open their sentence
    assert data["analysis"]["coups"]
    assert page.locator("#coups table.criteria tbody tr").count() >= len(data["analysis"]["coups"][0]["criteria"])
    link = page.locator("#coups a.goto[data-start]").first
    link.click()
    assert page.locator("#detail .record").first.get_attribute("data-record") == link.get_attribute("data-mark")
    save_png(page, "article_full", full_page=True)

    # keyboard: Enter on a focused mark opens it; on a narrow screen the panel (below the text) comes into view
    page.set_viewport_size({"width": 700, "height": 900})
    page.evaluate("window.scrollTo(0, 0)")
    page.locator('#article-text [data-mark="e-1"][tabindex]').focus()
    page.keyboard.press("Enter")
    assert page.locator("#detail .record").first.get_attribute("data-record") == "e-1"
    box = page.locator("#detail").bounding_box()
    assert box["y"] < 900 and box["y"] + box["height"] > 0, box
    save_png(page, "narrow_detail")


def test_a_file_over_the_limit_gets_a_clear_message(make_app, live_server, page, save_png, tmp_path):
    base = live_server(make_app(max_upload_bytes=50_000))
    for size in (80_000, 2_000_000):  # read and measured; refused from its declared length
        big = tmp_path / f"long_{size}.txt"
        big.write_text("word " * (size // 5), encoding="utf-8")
        page.goto(base + "/")
        page.set_input_files("#file", str(big))
        page.click("#submit")
        page.wait_for_selector(".error-page")
        assert "E502" in page.locator("h1").inner_text()
        message = page.locator(".error-page .message").inner_text()
        stated = re.match(r"The upload is ([\d,]+) bytes, more than the 50,000 bytes", message)
        assert stated and size <= int(stated.group(1).replace(",", "")) < size + 1000, message
        assert "--max-upload-mb" in message
    save_png(page, "upload_too_large")
