"""The home page (paste, upload, or fetch when allowed) and the annotated article page.

    GET  /                    home (JSON twin /index.json)
    POST /analyze             text, file or url (+ title, date) -> 303 to /article/{id}
    POST /analyze.json        the same -> 201 {"id", "url", "json"}
    GET  /article/{id}        the article with its marks, events, timeline, coups and checks
    GET  /article/{id}.json   the same data

Analyses are kept in memory (least recently used dropped first) by article id, the content hash
of :class:`~corroborator.contract.records.Article`; with a store, an id the memory lacks is read
from the store. The marked-up text is built here, on the server: the text is cut at every mark's
start and end, each piece escaped, and the marks nested (a mark crossing another is split into
pieces that carry the same id), so untrusted text never reaches the page unescaped.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import re
import threading
import urllib.error
import urllib.request
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any, Optional

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, RedirectResponse
from markupsafe import Markup, escape

from ..contract.errors import CorroboratorError
from ..contract.records import ArticleAnalysis, Event
from ..run.analyze import analyze_document
from ..text import ingest
from .pages import WebError, config, open_store, respond, twin

logger = logging.getLogger(__name__)

router = APIRouter()

ID_PATTERN = re.compile(r"^[A-Za-z0-9_-]{1,128}$")
UPLOAD_SUFFIXES = {".txt", ".text", ".md", ".markdown", ".html", ".htm"}
FETCH_TIMEOUT = 20.0

# Mark kinds, outermost first when two marks cover the same stretch: (kind, legend label)
MARK_KINDS = [
    ("claim", "Claims (by kind)"),
    ("quote", "Quotes"),
    ("speaker", "Speakers"),
    ("event", "Events"),
    ("label", "Labels"),
    ("loaded", "Loaded terms"),
    ("scare", "Scare quotes"),
    ("hedge", "Hedges"),
    ("citation", "Citations"),
]
RANK = {kind: i for i, (kind, _) in enumerate(MARK_KINDS)}
CLAIM_KINDS = ["event", "statistic", "attributed", "causal", "opinion", "prediction", "call_to_action"]
# a quotation worth marking as a quote (shorter ones are words the author holds at a distance)
QUOTE_MIN_WORDS = 3
LABEL_CHAR_PX = 6.0  # width of a character of a timeline label (10.5 px sans-serif), for the layout
TICK_GAP_PX = 85  # least distance between two dated ticks ("07 Dec 2022" is ~65 px wide)
_QUOTATION = re.compile(r"\u201c[^\u201c\u201d]+\u201d|\"[^\"\n]+\"")


# ---------------------------------------------------------------------------- the cache


@dataclass
class _Entry:
    analysis: ArticleAnalysis
    view: Optional["ArticleView"] = None


class AnalysisCache:
    """Analyses by article id, least recently used dropped first; one analysis runs at a time
    (the spaCy pipeline is shared by the server's threads)."""

    def __init__(self, size: int) -> None:
        self.size = max(1, size)
        self._entries: "OrderedDict[str, _Entry]" = OrderedDict()
        self._inputs: "OrderedDict[str, str]" = OrderedDict()  # digest of the input -> article id
        self._lock = threading.Lock()
        self._analysing = threading.Lock()

    def get(self, article_id: str) -> Optional[_Entry]:
        with self._lock:
            entry = self._entries.get(article_id)
            if entry is not None:
                self._entries.move_to_end(article_id)
            return entry

    def put(self, analysis: ArticleAnalysis) -> _Entry:
        with self._lock:
            entry = self._entries.get(analysis.article.id) or _Entry(analysis)
            self._entries[analysis.article.id] = entry
            self._entries.move_to_end(analysis.article.id)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)
            return entry

    def recent(self) -> list[ArticleAnalysis]:
        with self._lock:
            return [e.analysis for e in reversed(self._entries.values())]

    def analyse(self, raw: ingest.RawDocument, settings, meta: dict) -> ArticleAnalysis:
        """The analysis of ``raw`` (from memory when the same input was analysed before)."""
        digest = hashlib.sha256(repr((raw.format, raw.text, sorted(meta.items()))).encode("utf-8")).hexdigest()
        with self._lock:
            known = self._inputs.get(digest)
        if known is not None:
            entry = self.get(known)
            if entry is not None:
                return entry.analysis
        with self._analysing:
            analysis = analyze_document(raw, settings=settings, **meta)
        self.put(analysis)
        with self._lock:
            self._inputs[digest] = analysis.article.id
            while len(self._inputs) > 4 * self.size:
                self._inputs.popitem(last=False)
        return analysis

    def view(self, entry: _Entry) -> "ArticleView":
        if entry.view is None:
            entry.view = build_view(entry.analysis)
        return entry.view


# ------------------------------------------------------------------------------ the view


@dataclass
class Mark:
    id: str
    kind: str
    start: int
    end: int
    classes: str = ""


@dataclass
class ArticleView:
    """What the article page shows besides the analysis itself."""

    marked: Markup  # the text with marks, escaped piece by piece
    marks: list[Mark]
    records: dict[str, dict]  # mark id -> {kind, title, fields, evidence, record}
    counts: dict[str, int]
    claim_counts: dict[str, int]
    events: list[dict]  # rows of the events table
    filters: dict[str, list[str]]
    timeline: dict
    sentence_marks: dict[int, str] = field(default_factory=dict)  # sentence index -> mark id
    event_marks: dict[str, str] = field(default_factory=dict)  # event id -> mark id of its trigger

    def json(self) -> dict:
        return {
            "marks": [{"id": m.id, "kind": m.kind, "start": m.start, "end": m.end} for m in self.marks],
            "timeline": self.timeline,
        }


def _fmt_count(c) -> Optional[str]:
    if c is None:
        return None
    value = int(c.value) if float(c.value).is_integer() else c.value
    text = f"{value:,}" if isinstance(value, int) else str(value)
    return f"{text} ({c.qualifier.replace('_', ' ')})" if c.qualifier else text


def _actors(actors) -> str:
    return "; ".join(a.name or a.text for a in actors)


def _who(attribution) -> Optional[str]:
    if attribution is None:
        return None
    return f"{attribution.speaker} ({attribution.verb})" if attribution.verb else attribution.speaker


def _fields(pairs) -> list[list[str]]:
    return [[k, str(v)] for k, v in pairs if v not in (None, "", [])]


def _event_record(e: Event) -> dict:
    title = e.plover.type + (f" ({e.plover.mode})" if e.plover.mode else "")
    fields = _fields([
        ("trigger", e.trigger.text),
        ("ACLED", e.acled and (e.acled.event_type + (f" / {e.acled.sub_event_type}" if e.acled.sub_event_type else ""))),
        ("factuality", e.factuality),
        ("actors", _actors(e.actors)),
        ("targets", _actors(e.targets)),
        ("date", e.date and e.date.value and f"{e.date.value} ({e.date.precision or '?'}; \u201c{e.date.text or ''}\u201d{', from context' if e.date.inherited else ''})"),
        ("place", e.location and (e.location.name or e.location.text) + (f", {e.location.country}" if e.location.country else "")),
        ("killed", _fmt_count(e.fatalities)),
        ("injured", _fmt_count(e.injured)),
        ("arrested", _fmt_count(e.arrested)),
        ("participants", _fmt_count(e.participants)),
        ("according to", _who(e.attribution)),
        ("confidence", f"{e.confidence:.2f}"),
        ("id", e.id),
    ])
    return {"kind": "event", "title": title, "fields": fields, "evidence": e.evidence.text, "record": e.model_dump()}


def _valid(start: Optional[int], end: Optional[int], n: int) -> bool:
    return start is not None and end is not None and 0 <= start < end <= n


def build_view(a: ArticleAnalysis) -> ArticleView:
    """The marks, their records, the events table, the filters and the timeline of an analysis."""
    text = a.article.text
    n = len(text)
    marks: list[Mark] = []
    records: dict[str, dict] = {}

    def add(mark_id: str, kind: str, start, end, record: dict, classes: str = "") -> None:
        if not _valid(start, end, n):
            logger.debug("mark %s (%s) has offsets %s-%s outside the text (%d chars): left out", mark_id, kind, start, end, n)
            return
        marks.append(Mark(mark_id, kind, start, end, classes))
        records[mark_id] = record

    sentence_marks: dict[int, str] = {}
    claim_counts = {k: 0 for k in CLAIM_KINDS + ["other"]}
    scare_spans = {(q.start, q.end) for q in a.framing.scare_quotes}
    n_quote = 0
    for s in a.sentences:
        claim_counts[s.kind] = claim_counts.get(s.kind, 0) + 1
        # every sentence is a mark (its kind's colour; none for "other"), so evidence links land on it
        sid = f"s-{s.index}"
        sentence_marks[s.index] = sid
        add(sid, "claim", s.start, s.end, {
            "kind": "claim", "title": f"Sentence {s.index + 1}: {s.kind.replace('_', ' ')}" + (" (heading)" if s.heading else ""),
            "fields": _fields([
                ("kind", s.kind.replace("_", " ")),
                ("why", "; ".join(s.kind_signals)),
                ("check-worthy", f"{s.checkworthy:.2f}"),
                ("according to", _who(s.attribution)),
                ("citations", ", ".join(f"[{c}]" for c in s.citations)),
                ("hedges", ", ".join(h.text for h in s.hedges)),
                ("unsupported", "yes: no citation, attribution or evidence" if s.unsupported else None),
            ]),
            "evidence": s.text, "record": s.model_dump(),
        }, classes=f"k-{s.kind}")
        if s.attribution and s.attribution.speaker_text and s.attribution.start is not None:
            att = s.attribution
            add(f"sp-{s.index}", "speaker", att.start, att.end, {
                "kind": "speaker", "title": f"Speaker: {att.speaker}",
                "fields": _fields([("speaker", att.speaker), ("as written", att.speaker_text), ("verb", att.verb),
                                   ("kind", att.kind), ("pronoun resolved", att.resolved_from)]),
                "evidence": s.text, "record": att.model_dump(),
            })
        for h_i, h in enumerate(s.hedges):
            add(f"h-{s.index}-{h_i}", "hedge", h.start, h.end, {
                "kind": "hedge", "title": f"Hedge: {h.text}", "fields": _fields([("sentence", s.index + 1)]),
                "evidence": s.text, "record": h.model_dump(),
            })
        for m in _QUOTATION.finditer(s.text):
            start, end = s.start + m.start(), s.start + m.end()
            if len(m.group().split()) < QUOTE_MIN_WORDS or (start, end) in scare_spans or text[start:end] != m.group():
                continue
            n_quote += 1
            att = s.attribution
            add(f"q-{n_quote}", "quote", start, end, {
                "kind": "quote", "title": f"Quote: {att.speaker if att else 'speaker not stated'}",
                "fields": _fields([("speaker", att.speaker if att else "not stated in the sentence"),
                                   ("as written", att.speaker_text if att else None), ("verb", att.verb if att else None)]),
                "evidence": s.text, "record": {"text": m.group(), "start": start, "end": end, "sentence_index": s.index,
                                                "attribution": att.model_dump() if att else None},
            })
    for i, e in enumerate(a.events):
        add(f"e-{i}", "event", e.trigger.start, e.trigger.end, _event_record(e), classes=f"f-{e.factuality}")
    for i, q in enumerate(a.framing.scare_quotes):
        add(f"sq-{i}", "scare", q.start, q.end, {
            "kind": "scare", "title": f"Scare quote: \u201c{q.text}\u201d", "fields": _fields([("why", q.reason)]),
            "evidence": _sentence_text(a, q.sentence_index), "record": q.model_dump(),
        })
    for i, t in enumerate(a.framing.loaded_terms):
        add(f"lt-{i}", "loaded", t.start, t.end, {
            "kind": "loaded", "title": f"Loaded term: {t.text}",
            "fields": _fields([("category", t.category), ("lexicon entry", t.entry), ("lexicon", t.source)]),
            "evidence": _sentence_text(a, t.sentence_index), "record": t.model_dump(),
        })
    labels = [(f"lb-{i}", lab, "framing") for i, lab in enumerate(a.framing.labels)]
    labels += [(f"cl-{c}-{i}", lab, "coup assessment") for c, coup in enumerate(a.coups) for i, lab in enumerate(coup.labels)]
    seen_labels = set()
    for mark_id, lab, where in labels:
        if (lab.start, lab.end) in seen_labels:
            continue
        seen_labels.add((lab.start, lab.end))
        add(mark_id, "label", lab.start, lab.end, {
            "kind": "label", "title": f"Label: {lab.label}",
            "fields": _fields([("used by", lab.used_by), ("for", lab.target), ("found by", where)]),
            "evidence": _sentence_text(a, lab.sentence_index), "record": lab.model_dump(),
        })
    for i, c in enumerate(a.article.citations):
        add(f"c-{i}", "citation", c.start, c.end, {
            "kind": "citation", "title": f"Citation {c.text}",
            "fields": _fields([("note", c.reference or "no list of sources at the end of the article"),
                               ("sentence", c.sentence_index + 1 if c.sentence_index is not None else None)]),
            "evidence": _sentence_text(a, c.sentence_index), "record": c.model_dump(),
        })
    counts = {kind: 0 for kind, _ in MARK_KINDS}
    for m in marks:
        counts[m.kind] += 1
    counts["claim"] = sum(v for k, v in claim_counts.items() if k != "other")  # sentences of a claim kind
    rows = [_event_row(i, e) for i, e in enumerate(a.events)]
    filters = {
        "type": sorted({r["type"] for r in rows}),
        "mode": sorted({r["mode"] for r in rows if r["mode"]}),
        "factuality": sorted({r["factuality"] for r in rows}),
    }
    return ArticleView(
        marked=mark_up(text, marks), marks=marks, records=records, counts=counts,
        claim_counts={k: v for k, v in claim_counts.items() if v}, events=rows, filters=filters,
        timeline=timeline(a.events), sentence_marks=sentence_marks,
        event_marks={e.id: f"e-{i}" for i, e in reversed(list(enumerate(a.events)))},
    )


def _sentence_text(a: ArticleAnalysis, index: Optional[int]) -> Optional[str]:
    if index is None or not 0 <= index < len(a.sentences):
        return None
    return a.sentences[index].text


def _event_row(i: int, e: Event) -> dict:
    figures = [(label, _fmt_count(c)) for label, c in
               (("killed", e.fatalities), ("injured", e.injured), ("arrested", e.arrested), ("crowd", e.participants)) if c]
    return {
        "mark": f"e-{i}",
        "n": i + 1,
        "type": e.plover.type,
        "mode": e.plover.mode or "",
        "acled": e.acled.sub_event_type or e.acled.event_type if e.acled else "",
        "factuality": e.factuality,
        "trigger": e.trigger.text,
        "date": e.date.value if e.date and e.date.value else "",
        "place": (e.location.name or e.location.text) if e.location else "",
        "actors": _actors(e.actors),
        "targets": _actors(e.targets),
        "figures": "; ".join(f"{label} {v}" for label, v in figures),
        "source": _who(e.attribution) or "",
    }


def mark_up(text: str, marks: list[Mark]) -> Markup:
    """``text`` as HTML with every mark as a ``<span>``, nested; each piece of text escaped.

    Marks are ordered by start, then longest first, then kind (outermost kind first), then id;
    at every boundary the open marks that no longer match that order are closed and reopened, so
    overlapping marks come out as properly nested pieces that share a ``data-mark`` id. The
    result depends only on the marks, never on their input order.
    """
    order = sorted(marks, key=lambda m: (m.start, -m.end, RANK[m.kind], m.id))
    key = {id(m): k for k, m in enumerate(order)}
    bounds = sorted({0, len(text), *(m.start for m in order), *(m.end for m in order)})
    out: list[str] = []
    stack: list[Mark] = []
    active: list[Mark] = []
    opened: set[str] = set()
    j = 0
    for a, b in zip(bounds, bounds[1:]):
        active = [m for m in active if m.end > a]
        while j < len(order) and order[j].start <= a:
            if order[j].end > a:
                active.append(order[j])
            j += 1
        active.sort(key=lambda m: key[id(m)])
        common = 0
        while common < len(stack) and common < len(active) and stack[common] is active[common]:
            common += 1
        for _ in range(len(stack) - common):
            out.append("</span>")
            stack.pop()
        for m in active[common:]:
            first = m.id not in opened
            opened.add(m.id)
            classes = f"m m-{m.kind}" + (f" {m.classes}" if m.classes else "")
            out.append(
                f'<span class="{escape(classes)}" data-mark="{escape(m.id)}"'
                + (' tabindex="0" role="button"' if first else "")
                + ">"
            )
            stack.append(m)
        out.append(str(escape(text[a:b])))
    out.extend("</span>" for _ in stack)
    return Markup("".join(out))


# -------------------------------------------------------------------------- timeline


def timeline(events: list[Event], width: int = 960) -> dict:
    """Positions of the dated events on a time axis (the SVG is drawn by the template)."""
    dated = []
    for i, e in enumerate(events):
        if e.date and e.date.value:
            try:
                day = dt.date.fromisoformat(e.date.value[:10])
            except ValueError:
                continue
            dated.append((day, i, e))
    left, right, top, step = 50, width - 120, 18, 18  # room on the right for the last labels
    if not dated:
        return {"width": width, "height": 0, "points": [], "ticks": [], "undated": len(events), "axis_y": 0}
    days = sorted({d for d, _, _ in dated})
    lo, hi = days[0], days[-1]
    span = max((hi - lo).days, 1)

    def x_of(day: dt.date) -> float:
        if lo == hi:
            return (left + right) / 2
        return left + (right - left) * (day - lo).days / span

    # each dot with its label takes the lowest row where it does not run into the row's last label
    row_ends: list[float] = []
    points = []
    for day, i, e in sorted(dated, key=lambda t: (t[0], t[1])):
        x = x_of(day)
        label = e.plover.type.replace("_", " ").lower()
        level = next((r for r, end in enumerate(row_ends) if end < x - 8), len(row_ends))
        extent = x + 9 + LABEL_CHAR_PX * len(label)
        if level == len(row_ends):
            row_ends.append(extent)
        else:
            row_ends[level] = extent
        points.append({"mark": f"e-{i}", "x": round(x, 1), "level": level, "date": day.isoformat(),
                       "label": label, "factuality": e.factuality,
                       "title": f"{day.isoformat()}: {e.plover.type} \u201c{e.trigger.text}\u201d ({e.factuality})"})
    axis_y = top + len(row_ends) * step + 8
    for p in points:
        p["y"] = axis_y - 12 - p["level"] * step
    ticks: list[dict] = []
    for day in days:  # first and last date always; others when they do not crowd a neighbour
        x = x_of(day)
        if ticks and x - ticks[-1]["x"] < TICK_GAP_PX:
            if day != hi or len(ticks) == 1 and ticks[0]["x"] == x:
                continue
            if len(ticks) > 1:
                ticks.pop()
            elif x - ticks[-1]["x"] < TICK_GAP_PX / 2:
                continue
        ticks.append({"x": round(x, 1), "label": day.strftime("%d %b %Y")})
    return {"width": width, "height": axis_y + 30, "points": points, "ticks": ticks,
            "undated": len(events) - len(dated), "axis_y": axis_y, "left": left, "right": right}


# ---------------------------------------------------------------------------- routes


def _cache(request: Request) -> AnalysisCache:
    return request.app.state.analyses


@twin(router, "/")
def home(request: Request):
    cfg = config(request)
    data = {
        "allow_fetch": cfg.allow_fetch,
        "max_upload_bytes": cfg.max_upload_bytes,
        "store": {"name": cfg.db.name} if cfg.db is not None else None,
        "recent": [
            {"id": a.article.id, "title": a.article.title, "events": len(a.events), "url": f"/article/{a.article.id}"}
            for a in _cache(request).recent()
        ],
    }
    return respond(request, "home.html", data)


def _form_field(form, name: str) -> str:
    value = form.get(name)
    return value.strip() if isinstance(value, str) else ""


@router.post("/analyze.json", include_in_schema=False)
@router.post("/analyze", include_in_schema=False)
async def analyze(request: Request):
    cfg = config(request)
    async with request.form(max_files=1, max_fields=10) as form:
        text = form.get("text")
        text = text if isinstance(text, str) else ""
        url = _form_field(form, "url")
        title = _form_field(form, "title") or None
        date = _form_field(form, "date") or None
        upload = form.get("file")
        data = name = size = None
        if upload is not None and not isinstance(upload, str) and upload.filename:
            name = PurePath(upload.filename.replace("\\", "/")).name or "upload"
            if PurePath(name).suffix.lower() not in UPLOAD_SUFFIXES:
                raise WebError("E504", 415, detail=f"{name}: upload a .txt, .md or .html file (this one is not a text article).")
            data = await upload.read(cfg.max_upload_bytes + 1)
            size = upload.size
    given = [k for k, v in (("text", text.strip()), ("file", data is not None), ("url", url)) if v]
    if len(given) != 1:
        raise WebError("E504", 400, detail=(
            "Give the article one way: paste its text, upload a file, or give a URL"
            + (f" (this request gave {', '.join(given)})." if given else " (this request gave none).")
        ))
    if given == ["url"] and not cfg.allow_fetch:
        raise WebError("E503", 403)
    if given == ["text"] and len(text.encode("utf-8")) > cfg.max_upload_bytes:
        raise WebError("E502", 413, detail=f"{len(text.encode('utf-8')):,}", limit=cfg.max_upload_bytes)
    if data is not None and len(data) > cfg.max_upload_bytes:
        raise WebError("E502", 413, detail=f"{size:,}" if size else f"at least {len(data):,}", limit=cfg.max_upload_bytes)
    meta = {"title": title, "published": date}
    analysis = await run_in_threadpool(_analyse, request, text, data, name, url, meta)
    article_url = f"/article/{analysis.article.id}"
    if request.url.path.endswith(".json"):
        return JSONResponse({"id": analysis.article.id, "url": article_url, "json": article_url + ".json"}, status_code=201)
    return RedirectResponse(article_url, status_code=303)


def _analyse(request: Request, text: str, data: Optional[bytes], name: Optional[str], url: str, meta: dict) -> ArticleAnalysis:
    cfg = config(request)
    if url:
        data = fetch(url, cfg.max_upload_bytes)
        raw = ingest.load(url, data=data)
        meta = {**meta, "url": url}
    elif data is not None:
        raw = ingest.load(name or "upload", data=data)
    else:
        raw = ingest.from_text(text, source="pasted text")
    return _cache(request).analyse(raw, cfg.settings, meta)


def fetch(url: str, max_bytes: int) -> bytes:
    """The body of an http(s) URL, at most ``max_bytes``; only called when ``--allow-fetch`` is set.

    Only http and https are followed (redirects included): no ``file:``, ``ftp:`` or ``data:``.
    """
    scheme = url.split(":", 1)[0].lower()
    if scheme not in ("http", "https"):
        raise WebError("E504", 400, detail=f"{url}: only http and https addresses can be fetched.")
    opener = urllib.request.OpenerDirector()
    for handler in (urllib.request.HTTPHandler(), urllib.request.HTTPSHandler(), urllib.request.HTTPRedirectHandler(),
                    urllib.request.HTTPDefaultErrorHandler(), urllib.request.HTTPErrorProcessor()):
        opener.add_handler(handler)
    req = urllib.request.Request(url, headers={"User-Agent": "corroborator (article analysis)"})
    try:
        with opener.open(req, timeout=FETCH_TIMEOUT) as resp:
            body = resp.read(max_bytes + 1)
    except urllib.error.HTTPError as exc:
        raise WebError("E505", 502, source=url, detail=f"HTTP {exc.code}") from exc
    except (urllib.error.URLError, OSError, ValueError) as exc:
        raise WebError("E505", 502, source=url, detail=str(getattr(exc, "reason", exc))) from exc
    if len(body) > max_bytes:
        raise WebError("E502", 413, detail=f"more than {max_bytes:,}", limit=max_bytes)
    return body


def _entry(request: Request, article_id: str) -> _Entry:
    if not ID_PATTERN.match(article_id):
        raise WebError("E506", 404, detail=article_id[:128])
    cache = _cache(request)
    entry = cache.get(article_id)
    if entry is not None:
        return entry
    with open_store(request) as store:
        if store is not None:
            try:
                return cache.put(store.analysis(article_id))
            except KeyError:
                pass  # not stored either: E506 below
    raise WebError("E506", 404, detail=article_id)


@twin(router, "/article/{article_id}")
def article(request: Request, article_id: str):
    entry = _entry(request, article_id)
    view = _cache(request).view(entry)
    a = entry.analysis
    data = {"id": a.article.id, "analysis": a, **view.json()}
    if request.url.path.endswith(".json"):
        return respond(request, "article.html", data)
    return respond(request, "article.html", data, view=view, a=a, mark_kinds=MARK_KINDS,
                   page_data={"marks": view.records, "sentences": view.sentence_marks})


__all__ = ["AnalysisCache", "ArticleView", "Mark", "build_view", "fetch", "mark_up", "router", "timeline"]
