"""Article text is untrusted (issue 14): script, attribute and URL injection stay inert text, the
embedded JSON cannot be closed early, and no route reads a file outside the package or the store."""

from __future__ import annotations

import html
import json
import re

import pytest

from .conftest import build_analysis

SCRIPT = "<script>window.__pwned = 1</script>"
ATTRIBUTE = '"><img src=x onerror="window.__pwned=2">'
SINGLE = "' onmouseover='window.__pwned=3' x='"
JS_URL = "javascript:window.__pwned=4"
CLOSE_JSON = "</script><script>window.__pwned=5</script>"
PAYLOADS = [SCRIPT, ATTRIBUTE, SINGLE, JS_URL, CLOSE_JSON]


@pytest.fixture(scope="module")
def hostile_analysis():
    """Marks (events, labels, loaded terms, a speaker, a quote) lying on the payloads themselves."""
    text = (
        f"Title {SCRIPT}\n\n"
        f"Police arrested {SCRIPT} protesters, {ATTRIBUTE} said.[1] "
        f"The \"{CLOSE_JSON} regime of {JS_URL} thugs\" was {SINGLE} imposed.\n"
    )
    return build_analysis(
        text, article_id="bad0bad0bad0bad0", title=f"Report {SCRIPT}{ATTRIBUTE}", url=JS_URL,
        sentences=[(f"Police arrested {SCRIPT} protesters, {ATTRIBUTE} said.[1]", "attributed", ATTRIBUTE),
                   (f"The \"{CLOSE_JSON} regime of {JS_URL} thugs\" was {SINGLE} imposed.", "opinion", None)],
        events=[(SCRIPT, "ARREST", "2024-05-03", "asserted"), ("imposed", "COERCE", "2024-05-04", "asserted")],
        loaded=[(JS_URL, CLOSE_JSON)], labels=[(CLOSE_JSON, SCRIPT)], hedges=[SINGLE],
        citations=[("[1]", ATTRIBUTE + JS_URL)],
        checks=[("date_order", "info", f"Check {SCRIPT}", "Police arrested")],
        coup=(f"criterion {ATTRIBUTE}", "Police arrested"),
    )


def assert_inert(page: str) -> None:
    """No payload survives as markup: scripts, tags, attributes and links are only our own."""
    assert page.count("<script") == 2, "only the embedded data and article.js are scripts"
    assert re.findall(r"<script[^>]*>", page) == ['<script type="application/json" id="page-data">', '<script src="/static/article.js">']
    assert page.count("</script>") == 2
    assert "<img" not in page
    assert not re.search(r"<[^>]+\son\w+\s*=", page), "an event-handler attribute got into a tag"
    assert not re.search(r"""(?:href|src|action)\s*=\s*["']?\s*javascript:""", page, re.I)
    for payload in PAYLOADS:
        assert payload not in page or payload == JS_URL, f"raw payload in the page: {payload!r}"


def test_payloads_in_the_text_and_records_are_escaped(make_app, client_for, hostile_analysis):
    application = make_app()
    application.state.analyses.put(hostile_analysis)
    client = client_for(application)
    page = client.get("/article/bad0bad0bad0bad0").text
    assert_inert(page)
    # the text is all there, escaped (html.unescape of the text block gives it back exactly)
    block = re.search(r'<div class="article-text" id="article-text"[^>]*>(.*?)</div>\n', page, re.S).group(1)
    assert html.unescape(re.sub(r"<[^>]+>", "", block)) == hostile_analysis.article.text
    # the embedded JSON cannot close its script element and reads back to the records
    raw = re.search(r'<script type="application/json" id="page-data">(.*?)</script>', page, re.S).group(1)
    assert "<" not in raw and ">" not in raw
    data = json.loads(raw)
    assert data["marks"]["e-0"]["record"]["trigger"]["text"] == SCRIPT
    assert data["marks"]["lt-0"]["fields"] == [["category", CLOSE_JSON]]
    # the article's javascript: URL never becomes a link
    assert 'rel="noopener' not in page
    # the JSON twin is JSON: the payloads are plain strings in it
    twin = client.get("/article/bad0bad0bad0bad0.json")
    assert twin.headers["content-type"].startswith("application/json")
    assert twin.json()["analysis"]["article"]["title"] == f"Report {SCRIPT}{ATTRIBUTE}"


def test_error_pages_escape_the_requested_path(client):
    r = client.get("/" + SCRIPT.replace(" ", "%20"))
    assert r.status_code == 404
    assert "<script>window" not in r.text and "&lt;script&gt;" in r.text


@pytest.mark.slow
def test_payloads_through_the_pipeline_are_escaped(make_app, client_for):
    """The same payloads pasted as an article and analysed for real."""
    client = client_for(make_app())
    text = (
        f"Protesters clash with police {SCRIPT}\n\n"
        f"Police arrested 12 protesters in Lima on Monday, the ministry said. {ATTRIBUTE} "
        f"The minister called them \"terrorists\" and said {CLOSE_JSON} the {JS_URL} march was illegal. {SINGLE}\n"
    )
    r = client.post("/analyze", data={"text": text}, follow_redirects=False)
    assert r.status_code == 303
    page = client.get(r.headers["location"]).text
    assert_inert(page)
    assert "data-mark=\"e-0\"" in page  # it was analysed: the marks are there


# ----------------------------------------------------------------------------- path traversal

TRAVERSALS = [
    "/static/../app.py",
    "/static/..%2fapp.py",
    "/static/%2e%2e/%2e%2e/web/app.py",
    "/static/..%2f..%2f..%2f..%2fetc%2fpasswd",
    "/static/%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2fetc/passwd",
    "/static//etc/passwd",
    "/article/..%2f..%2f..%2fetc%2fpasswd",
    "/article/..%2f..%2fapp.py.json",
    "/article/%2e%2e.json",
    "/templates/base.html",
    "/static/templates/../../templates/base.html",
]


@pytest.mark.parametrize("path", TRAVERSALS)
def test_no_route_reads_outside_the_package(client, path):
    r = client.get(path)
    assert r.status_code in (400, 404), (path, r.status_code)
    assert "root:" not in r.text and "def create_app" not in r.text and "{% block" not in r.text


def test_an_uploaded_file_name_is_never_a_path(make_app, client_for, monkeypatch, sample_analysis):
    """The upload's name only says its format: the server reads the uploaded bytes, never that path."""
    from corroborator.web.article import AnalysisCache

    seen = []

    def fake_analyse(self, raw, settings, meta):
        seen.append(raw)
        return sample_analysis

    monkeypatch.setattr(AnalysisCache, "analyse", fake_analyse)
    client = client_for(make_app())
    body = b"Police arrested four people in Riverton on Monday, officials said."
    r = client.post("/analyze.json", files={"file": ("../../../../../etc/hostname.txt", body, "text/plain")})
    assert r.status_code == 201
    assert seen[0].text == body.decode() and seen[0].source == "hostname.txt"


def test_the_store_is_only_read_by_id(make_app, client_for, tmp_path, sample_analysis):
    """With a store, an id is a SQL parameter: a path or a pattern finds nothing."""
    from corroborator.corpus.store import Store

    db = tmp_path / "corpus.db"
    with Store(db) as store:
        store.add_article("onlykey", sample_analysis)
    client = client_for(make_app(db=db))
    assert client.get("/article/onlykey.json").status_code == 200
    for ref in ("only%25", "onlyk_y", str(db).replace("/", "%2f"), "..%2fcorpus.db"):
        assert client.get(f"/article/{ref}.json").status_code == 404, ref


# ------------------------------------------------------------------------------ in the browser


@pytest.mark.browser
@pytest.mark.slow
def test_no_payload_runs_in_the_browser(make_app, live_server, page, hostile_analysis, save_png):
    """With the Content-Security-Policy turned off, escaping alone keeps every payload inert, also
    after the marks are clicked and their records shown in the side panel."""
    application = make_app(content_security_policy=False)
    application.state.analyses.put(hostile_analysis)
    base = live_server(application)
    page.goto(f"{base}/article/bad0bad0bad0bad0")
    page.wait_for_selector("#article-text .m-event")
    for selector in ("#article-text .m-event", "#article-text .m-label", "#article-text .m-loaded",
                     "#article-text .m-speaker", "#article-text .m-citation", "#events-table tbody tr"):
        page.locator(selector).first.click()
        page.wait_for_selector("#detail .record")
    page.hover("#article-text .m-hedge")
    assert page.evaluate("window.__pwned") is None
    assert page.locator("#detail img").count() == 0 and page.locator("#article-text img").count() == 0
    page.locator("#article-text .m-loaded").first.click()
    assert CLOSE_JSON in page.locator("#detail").inner_text()  # shown as text
    save_png(page, "hostile_article", full_page=True)
