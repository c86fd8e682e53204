"""From one article to an :class:`~corroborator.records.ArticleAnalysis`.

    ingest -> normalise -> nlp (spaCy Doc) -> extract stages -> ArticleAnalysis

Each extract stage is a function ``f(state) -> records`` in ``corroborator.extract``;
:class:`DocState` holds the Doc, the offset map and the records made so far, and
turns normalised offsets into spans of the original input (``state.span``). Stages
read earlier stages' typed records from the state and never mutate them.
"""

from __future__ import annotations

import bisect
import functools
import datetime as dt
import hashlib
import logging
from dataclasses import dataclass, field
from typing import Iterable, Iterator, Optional, Union

from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from .. import __version__
from ..lexicons import codebook
from ..text import ingest
from ..contract.errors import CorroboratorError, InputError, Warnings
from ..text.ingest import RawDocument
from ..nlp.model import load_pipeline, pipeline_name
from ..text.normalise import Normalised, normalise
from ..contract.records import (
    Article,
    ArticleAnalysis,
    Attribution,
    CoupAssessment,
    DateMention,
    Entity,
    Event,
    Evidence,
    Framing,
    Hedge,
    Mentions,
    PipelineInfo,
    Quantity,
    Sentence,
    Skipped,
    Span,
)
from ..contract.settings import Settings

logger = logging.getLogger(__name__)

ENTITY_LABELS = {"PERSON", "NORP", "ORG", "GPE", "LOC", "FAC", "EVENT", "LAW", "DATE", "MONEY", "PERCENT", "CARDINAL", "QUANTITY"}


@dataclass
class DocState:
    """Everything a stage may read. Offsets in ``doc`` are normalised offsets."""

    raw: RawDocument
    norm: Normalised
    doc: Doc
    settings: Settings
    published: Optional[dt.date]
    sents: list[SpacySpan] = field(default_factory=list)  # index = sentence index
    sentences: list[Sentence] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)
    attributions: dict[int, Attribution] = field(default_factory=dict)
    hedges: dict[int, list[Hedge]] = field(default_factory=dict)
    events: list[Event] = field(default_factory=list)
    framing: Framing = field(default_factory=Framing)
    genre: str = "unknown"
    genre_signals: list[str] = field(default_factory=list)
    _sent_starts: list[int] = field(default_factory=list)

    # ---- offsets -------------------------------------------------------
    @property
    def original(self) -> str:
        return self.norm.original

    def orig(self, start: int, end: int) -> tuple[int, int]:
        """Normalised [start, end) -> original [start, end)."""
        return self.norm.to_orig(start, end)

    def span(self, start: int, end: int) -> Span:
        """A record for the normalised [start, end), quoting the original input."""
        s, e = self.orig(start, end)
        return Span(text=self.original[s:e], start=s, end=e)

    def token_span(self, span: SpacySpan) -> Span:
        return self.span(span.start_char, span.end_char)

    def evidence(self, sentence_index: int) -> Evidence:
        sent = self.sentences[sentence_index]
        return Evidence(sentence_index=sentence_index, text=sent.text, start=sent.start, end=sent.end)

    def sentence_at(self, norm_char: int) -> Optional[int]:
        """Index of the sentence containing (or ending just before) a normalised offset."""
        if not self._sent_starts:
            return None
        i = bisect.bisect_right(self._sent_starts, norm_char) - 1
        return max(i, 0)

    def sentence_of_token(self, token) -> Optional[int]:
        return self.sentence_at(token.idx)


def _trim(span: SpacySpan) -> Optional[SpacySpan]:
    start, end = span.start, span.end
    doc = span.doc
    while start < end and doc[start].is_space:
        start += 1
    while end > start and doc[end - 1].is_space:
        end -= 1
    if start >= end:
        return None
    return doc[start:end]


def _base_sentences(state: DocState) -> None:
    heading_starts = {s for s, _ in state.norm.headings}
    for sent in state.doc.sents:
        trimmed = _trim(sent)
        if trimmed is None:
            continue
        idx = len(state.sents)
        state.sents.append(trimmed)
        state._sent_starts.append(trimmed.start_char)
        sp = state.token_span(trimmed)
        state.sentences.append(
            Sentence(
                index=idx,
                start=sp.start,
                end=sp.end,
                text=sp.text,
                heading=trimmed.start_char in heading_starts,
            )
        )
    # citations: each marker belongs to the sentence it closes (or sits in)
    cites = []
    by_sentence: dict[int, list[str]] = {}
    for cit, pos in zip(state.norm.citations, state.norm.citation_norm_pos):
        # the sentence holding the character just before the marker ("ended.[1]Next" -> "ended.");
        # a marker before the first sentence closes nothing
        before_text = not state.sents or pos - 1 < state.sents[0].start_char
        idx = None if before_text else state.sentence_at(pos - 1)
        cites.append(cit.model_copy(update={"sentence_index": idx}))
        if idx is not None:
            by_sentence.setdefault(idx, []).append(cit.marker)
    state.norm.citations = cites
    # extend each sentence's end over the markers it holds, so its text quotes them
    for idx, markers in by_sentence.items():
        sent = state.sentences[idx]
        last = max((c for c in cites if c.sentence_index == idx), key=lambda c: c.end)
        end = max(sent.end, last.end)
        state.sentences[idx] = sent.model_copy(
            update={"citations": markers, "end": end, "text": state.original[sent.start : end]}
        )


def _entities(state: DocState) -> list[Entity]:
    out = []
    for ent in state.doc.ents:
        if ent.label_ not in ENTITY_LABELS:
            continue
        sp = state.token_span(ent)
        out.append(
            Entity(text=sp.text, start=sp.start, end=sp.end, label=ent.label_, sentence_index=state.sentence_of_token(ent[0]))
        )
    return out


def _detect_language(text: str) -> Optional[str]:
    try:
        from lingua import Language, LanguageDetectorBuilder
    except ImportError:  # optional
        return None
    detector = _lingua_detector()
    lang = detector.detect_language_of(text[:2000])
    return lang.iso_code_639_1.name.lower() if lang else None


_DETECTOR = None


def _lingua_detector():
    global _DETECTOR  # cached per process: building the detector costs ~50 ms
    if _DETECTOR is None:
        from lingua import Language, LanguageDetectorBuilder

        langs = [Language.ENGLISH, Language.SPANISH, Language.PORTUGUESE, Language.FRENCH, Language.GERMAN, Language.ITALIAN]
        _DETECTOR = LanguageDetectorBuilder.from_languages(*langs).build()
    return _DETECTOR


def _parse_iso(value: Optional[str], source: str) -> Optional[dt.date]:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError as exc:
        raise InputError("E108", source=source, detail=value) from exc


@dataclass
class _Prepared:
    raw: RawDocument
    norm: Normalised
    published: Optional[dt.date]
    published_source: Optional[str]
    warnings: list[str]
    meta: dict


def _prepare(raw: RawDocument, settings: Settings, published: Optional[str] = None, **meta) -> _Prepared:
    """Normalise a document and settle its publication date (before any NLP)."""
    norm = normalise(raw.text, raw.format, raw.title if raw.format == "html" else None, settings.date_order)
    if not norm.text.strip():  # only a title, dateline or notes
        raise InputError("E106" if raw.format == "html" else "E104", source=raw.source)
    warnings: list[str] = []

    pub_source = None
    pub = _parse_iso(published, raw.source)
    if pub:
        pub_source = "flag"
    if pub is None and raw.published:
        try:
            pub = _parse_iso(raw.published, raw.source)
        except InputError:  # odd HTML metadata is not the user's --date: fall through
            logger.info("%s: unreadable HTML date %r", raw.source, raw.published)
        pub_source = "html" if pub else None
    if pub is None and norm.dateline and norm.dateline.date:
        pub, pub_source = norm.dateline.date, "dateline"
    if pub is None:
        warnings.append(Warnings.W101)

    nlp = load_pipeline(settings.pipeline)
    if len(norm.text) > nlp.max_length:
        # spaCy would raise E088 deep inside; say it in the terms of the input
        raise InputError(
            "E110",
            detail=f"{raw.source}: the text is {len(norm.text):,} characters long, more than the "
            f"{nlp.max_length:,} the spaCy pipeline accepts in one piece. Split it into articles.",
        )
    return _Prepared(raw, norm, pub, pub_source, warnings, meta)


def analyze_document(
    raw: RawDocument,
    *,
    settings: Optional[Settings] = None,
    title: Optional[str] = None,
    published: Optional[str] = None,
    outlet: Optional[str] = None,
    url: Optional[str] = None,
    stages: Optional[set[str]] = None,
) -> ArticleAnalysis:
    """Run every stage on a document read by :mod:`corroborator.ingest`.

    ``stages`` limits which optional stages run (for speed, e.g. ``{"events"}`` in
    ``code --jsonl``); ``None`` runs them all.
    """
    settings = settings or Settings()
    prep = _prepare(raw, settings, published, title=title, outlet=outlet, url=url)
    doc = load_pipeline(settings.pipeline)(prep.norm.text)
    return _analyze_prepared(prep, doc, settings, stages)


def analyze_documents(
    items: Iterable[tuple[RawDocument, dict]],
    *,
    settings: Optional[Settings] = None,
    stages: Optional[set[str]] = None,
    batch_size: int = 32,
) -> Iterator[Union[ArticleAnalysis, Skipped]]:
    """Analyse many documents, parsing them in batches with ``nlp.pipe``.

    ``items`` are ``(raw, metadata)`` pairs, metadata keys as in :func:`analyze_document`
    (``published``, ``title``, ``outlet``, ``url``). Yields one result per item, in order:
    an ``ArticleAnalysis``, or a ``Skipped`` record naming the stage and error code.
    This is the pure unit of work that a process pool or Ray maps over batches.
    """
    settings = settings or Settings()
    nlp = load_pipeline(settings.pipeline)
    items = list(items)
    prepared: list[Union[_Prepared, Skipped]] = []
    for raw, meta in items:
        try:
            prepared.append(_prepare(raw, settings, **meta))
        except CorroboratorError as exc:
            prepared.append(Skipped(id=raw.source, stage="normalise", code=exc.code, detail=str(exc)))
    texts = [p.norm.text for p in prepared if isinstance(p, _Prepared)]
    docs = iter(nlp.pipe(texts, batch_size=batch_size))
    for p in prepared:
        if isinstance(p, Skipped):
            yield p
            continue
        doc = next(docs)
        try:
            yield _analyze_prepared(p, doc, settings, stages)
        except CorroboratorError as exc:
            yield Skipped(id=p.raw.source, stage="extract", code=exc.code, detail=str(exc))


def _analyze_prepared(prep: _Prepared, doc: Doc, settings: Settings, stages: Optional[set[str]]) -> ArticleAnalysis:
    from ..nlp import attribution, checks, claims, coups, dates, events, framing, quantities

    raw, norm, pub, pub_source, warnings = prep.raw, prep.norm, prep.published, prep.published_source, list(prep.warnings)
    title, outlet, url = prep.meta.get("title"), prep.meta.get("outlet"), prep.meta.get("url")
    state = DocState(raw=raw, norm=norm, doc=doc, settings=settings, published=pub)
    _base_sentences(state)
    state.entities = _entities(state)

    want = (lambda name: True) if stages is None else (lambda name: name in stages)
    state.dates = dates.extract(state)
    state.quantities = quantities.extract(state)
    state.attributions, state.hedges = attribution.extract(state)
    state.sentences = [
        s.model_copy(update={"attribution": state.attributions.get(s.index), "hedges": state.hedges.get(s.index, [])})
        for s in state.sentences
    ]
    if want("events"):
        state.events = events.extract(state)
    if want("framing"):
        state.framing = framing.extract(state)
    if want("claims"):
        state.sentences, state.genre, state.genre_signals = claims.classify(state)
    check_list = checks.run(state) if want("checks") else []
    coup_list: list[CoupAssessment] = coups.assess(state) if want("coups") else []

    language = None
    if settings.detect_language:
        language = _detect_language(norm.text)
        if language and language != "en" and settings.pipeline.startswith("en"):
            warnings.append(Warnings.W102.format(lang=language))

    article = Article(
        id=hashlib.sha256(norm.text.encode("utf-8")).hexdigest()[:16],
        title=title or raw.title or norm.title,
        published=pub.isoformat() if pub else None,
        published_source=pub_source,
        outlet=outlet or raw.outlet,
        url=url or raw.url,
        language=language,
        genre=state.genre,
        genre_signals=state.genre_signals,
        text=raw.text,
        source=raw.source,
        format=raw.format,
        citations=norm.citations,
    )
    return ArticleAnalysis(
        article=article,
        mentions=Mentions(dates=state.dates, quantities=state.quantities, entities=state.entities),
        sentences=state.sentences,
        events=state.events,
        coups=coup_list,
        framing=state.framing,
        checks=check_list,
        pipeline=pipeline_info(settings),
        warnings=warnings,
    )


def pipeline_info(settings: Optional[Settings] = None) -> PipelineInfo:
    return _pipeline_info(settings or Settings())


@functools.lru_cache(maxsize=8)
def _pipeline_info(settings: Settings) -> PipelineInfo:
    import spacy

    nlp = load_pipeline(settings.pipeline)
    return PipelineInfo(
        corroborator=__version__,
        spacy=spacy.__version__,
        spacy_pipeline=pipeline_name(nlp),
        codebooks=codebook.versions(),
    )


def analyze_text(text: str, *, source: str = "<text>", fmt: Optional[str] = None, **kwargs) -> ArticleAnalysis:
    """Analyse an article given as a string (plain text, Markdown or HTML)."""
    return analyze_document(ingest.from_text(text, source=source, fmt=fmt), **kwargs)


def analyze_file(path: str, *, encoding: Optional[str] = None, fmt: Optional[str] = None, **kwargs) -> ArticleAnalysis:
    """Analyse an article file (``-`` reads standard input)."""
    return analyze_document(ingest.load(path, encoding=encoding, fmt=fmt), **kwargs)
