"""Fixtures of the web tests: apps and clients, a hand-built analysis (no spaCy), a live uvicorn
server on a free port, and headless Chromium (Debian's /usr/bin/chromium driven by Playwright).

Fixtures for other web test modules (corpus pages): ``make_app(**config)``, ``client_for(app)``,
``live_server(app) -> base URL``, ``browser`` (session), ``page`` (fails the test on a page
error), ``save_png(page, name) -> Path`` (a screenshot checked to be a non-empty PNG).
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest

from corroborator.contract.records import (
    AcledCode,
    Article,
    ArticleAnalysis,
    Attribution,
    Check,
    Citation,
    CoupAssessment,
    Criterion,
    Event,
    EventDate,
    Evidence,
    Framing,
    Hedge,
    LoadedTerm,
    PloverCode,
    ScareQuote,
    Sentence,
    Span,
    UsedLabel,
)

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples" / "peru_juliaca_report.txt"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


# ------------------------------------------------------------------ a hand-built analysis


def _span(text: str, needle: str, after: int = 0) -> tuple[int, int]:
    start = text.index(needle, after)
    return start, start + len(needle)


def build_analysis(text: str, *, article_id: str = "feedc0ffee000001", title=None, url=None, events=(), sentences=None,
                   hedges=(), scare=(), loaded=(), labels=(), citations=(), checks=(), coup=None, published=None):
    """An ArticleAnalysis of ``text`` with marks on the given substrings (no pipeline involved).

    ``events``: (trigger, type, date or None, factuality); ``sentences``: (text, kind, speaker or None)
    (default: the whole text, one 'event' sentence); the other arguments are substrings to mark.
    """
    sents = []
    for i, (s_text, kind, speaker) in enumerate(sentences or [(text, "event", None)]):
        s, e = _span(text, s_text)
        att = None
        if speaker:
            a0, a1 = _span(text, speaker, s)
            att = Attribution(speaker=speaker, verb="said", speaker_text=speaker, start=a0, end=a1)
        hs = [Hedge(text=h, start=_span(text, h, s)[0], end=_span(text, h, s)[1]) for h in hedges if h in s_text]
        sents.append(Sentence(index=i, start=s, end=e, text=s_text, kind=kind, attribution=att, hedges=hs,
                              checkworthy=0.5))

    def sentence_of(start: int) -> int:
        return next((x.index for x in sents if x.start <= start < x.end), 0)

    def evidence(start: int) -> Evidence:
        x = sents[sentence_of(start)]
        return Evidence(sentence_index=x.index, text=x.text, start=x.start, end=x.end)

    evs = []
    for n, (trigger, kind, date, factuality) in enumerate(events):
        t0, t1 = _span(text, trigger)
        evs.append(Event(
            id=f"ev{n:014d}", plover=PloverCode(type=kind), acled=AcledCode(event_type="Protests"),
            trigger=Span(text=trigger, start=t0, end=t1), factuality=factuality,
            date=EventDate(value=date, precision="day", text=date) if date else None, evidence=evidence(t0),
        ))
    framing = Framing(
        scare_quotes=[ScareQuote(text=q.strip('"\u201c\u201d'), start=_span(text, q)[0], end=_span(text, q)[1], sentence_index=sentence_of(_span(text, q)[0])) for q in scare],
        loaded_terms=[LoadedTerm(text=w, category=cat, start=_span(text, w)[0], end=_span(text, w)[1], sentence_index=sentence_of(_span(text, w)[0])) for w, cat in loaded],
        labels=[UsedLabel(label=w, used_by=who, start=_span(text, w)[0], end=_span(text, w)[1], sentence_index=sentence_of(_span(text, w)[0])) for w, who in labels],
    )
    cites = [Citation(marker=m.strip("[]"), text=m, start=_span(text, m)[0], end=_span(text, m)[1], sentence_index=sentence_of(_span(text, m)[0]), reference=ref)
             for m, ref in citations]
    chks = [Check(kind=kind, status=status, message=msg, evidence=[evidence(_span(text, where)[0])]) for kind, status, msg, where in checks]
    coups = []
    if coup:
        name, where = coup
        coups.append(CoupAssessment(event_ids=[e.id for e in evs[:1]], outcome="attempted", type="auto-coup", criteria=[
            Criterion(name=name, met=True, evidence=evidence(_span(text, where)[0]), note="stated"),
            Criterion(name="illegal", met=None, note="not stated"),
        ]))
    return ArticleAnalysis(
        article=Article(id=article_id, title=title, url=url, text=text, citations=cites, published=published),
        sentences=sents, events=evs, framing=framing, checks=chks, coups=coups,
    )


@pytest.fixture(scope="session")
def sample_analysis():
    """A small invented report with one mark of every kind (built by hand: no pipeline)."""
    text = (
        "Crowd clashes in Riverton\n\n"
        "Police arrested 40 protesters in Riverton on 3 May 2024, the mayor said.[1] "
        "The so-called \"reforms\" were allegedly imposed by a regime of thugs. "
        "\"We will not stop until the law is repealed,\" the union leader said on 5 May 2024.\n"
    )
    return build_analysis(
        text, title="Crowd clashes in Riverton",
        sentences=[
            ("Police arrested 40 protesters in Riverton on 3 May 2024, the mayor said.[1]", "attributed", "the mayor"),
            ("The so-called \"reforms\" were allegedly imposed by a regime of thugs.", "opinion", None),
            ("\"We will not stop until the law is repealed,\" the union leader said on 5 May 2024.", "attributed", "the union leader"),
        ],
        events=[("arrested", "ARREST", "2024-05-03", "asserted"), ("imposed", "COERCE", None, "asserted"),
                ("stop", "PROTEST", "2024-05-05", "negated")],
        hedges=["allegedly"], scare=['"reforms"'], loaded=[("thugs", "dehumanising")], labels=[("regime", "author")],
        citations=[("[1]", "City hall statement, 3 May 2024.")],
        checks=[("date_order", "consistent", "Dates are in order.", "Police arrested")],
        coup=("overt", "Police arrested"),
    )


# ------------------------------------------------------------------------- apps and clients


@pytest.fixture
def make_app():
    from corroborator.web import WebConfig, create_app

    def make(**config):
        return create_app(WebConfig(**config))

    return make


@pytest.fixture
def client_for():
    from fastapi.testclient import TestClient

    clients = []

    def make(app, **kwargs):
        client = TestClient(app, **kwargs)
        clients.append(client)
        return client

    yield make
    for c in clients:
        c.close()


@pytest.fixture
def app(make_app, sample_analysis):
    """An app with the sample analysis in its memory."""
    application = make_app()
    application.state.analyses.put(sample_analysis)
    return application


@pytest.fixture
def client(app, client_for):
    return client_for(app)


# ------------------------------------------------------------------------ live server, browser


@pytest.fixture
def live_server():
    """``start(app) -> base URL``: uvicorn in a thread on a free port, stopped after the test."""
    import uvicorn

    servers = []

    def start(application) -> str:
        server = uvicorn.Server(uvicorn.Config(application, host="127.0.0.1", port=0, log_level="warning"))
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        deadline = time.monotonic() + 20
        while not server.started:
            if not thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the test server did not start")
            time.sleep(0.02)
        servers.append((server, thread))
        port = server.servers[0].sockets[0].getsockname()[1]
        return f"http://127.0.0.1:{port}"

    yield start
    for server, thread in servers:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="session")
def browser():
    """Headless Debian Chromium; skipped when it is absent, except under CI (then it fails)."""
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing and CI is set: run scripts/setup.sh (installs Debian chromium)")
        pytest.skip(f"{CHROMIUM} not installed (scripts/setup.sh installs it); browser tests skipped")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    """A fresh page; the test fails if the page logs a JavaScript error."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    yield pg
    context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"


@pytest.fixture
def save_png(tmp_path):
    """``save_png(page_or_locator, name) -> Path``: a screenshot in the test's tmp dir, checked to be a non-empty PNG."""

    def save(target, name: str, **kwargs) -> Path:
        path = tmp_path / f"{name}.png"
        target.screenshot(path=str(path), **kwargs)
        data = path.read_bytes()
        assert data.startswith(PNG_SIGNATURE) and len(data) > 2000, f"{path} is not a non-empty PNG"
        return path

    return save
