"""From one article (or many) to :class:`~corroborator.contract.records.ArticleAnalysis`.

    text.ingest -> text.normalise -> nlp (spaCy + corroborator components) -> export.records

Reading and normalising the input happen before any model loads, so bad input fails fast.
The pipeline (loaded once per process by ``nlp.model.load_pipeline``) runs spaCy's own
components and then one component per stage (``nlp/components.py``); the stages leave their
results on the Doc, and ``export.records`` turns the Doc into the typed output.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
from dataclasses import dataclass
from typing import Iterable, Iterator, Optional, Union

from .. import __version__
from ..contract.errors import CorroboratorError, InputError, UsageError, warning
from ..contract.records import ArticleAnalysis, Notice, PipelineInfo, Skipped
from ..contract.settings import Settings
from ..export.records import to_analysis
from ..lexicons import codebook
from ..nlp.components import disabled_for
from ..nlp.docstate import prepare_doc
from ..nlp.language import detect_language
from ..nlp.model import load_pipeline, pipeline_name
from ..text import ingest
from ..text.ingest import RawDocument
from ..text.normalise import Normalised, normalise

logger = logging.getLogger(__name__)



def _usable(date: Optional[dt.date]) -> bool:
    """A date that day, week and year arithmetic cannot overflow."""
    return date is not None and 1 < date.year < 9999


def _parse_iso(value: Optional[str], source: str) -> Optional[dt.date]:
    if not value:
        return None
    try:
        date = dt.date.fromisoformat(value[:10])
    except ValueError as exc:
        raise UsageError("E108", source=source, detail=value) from exc
    if not _usable(date):
        raise UsageError("E108", source=source, detail=value)
    return date


@dataclass
class _Prepared:
    raw: RawDocument
    norm: Normalised
    published: Optional[dt.date]
    notices: list[Notice]
    meta: dict


def _prepare(raw: RawDocument, settings: Settings, published: Optional[str] = None, **meta) -> _Prepared:
    """Normalise a document and settle its publication date (no model is loaded here)."""
    notices: list[Notice] = []
    norm = normalise(raw.text, raw.format, raw.title if raw.format == "html" else None, settings.date_order)
    if not norm.text.strip():  # only a title, dateline or notes
        raise InputError("E106" if raw.format == "html" else "E104", source=raw.source)
    pub_source = None
    pub = _parse_iso(published, raw.source)
    if pub:
        pub_source = "flag"
    if pub is None and raw.published:
        try:
            pub = _parse_iso(raw.published, raw.source)
        except UsageError:  # odd HTML metadata is not the user's --date: fall through
            notices.append(warning("W103", stage="normalise", detail="HTML metadata", value=raw.published))
        pub_source = "html" if pub else None
    if pub is None and norm.dateline and norm.dateline.date:
        if _usable(norm.dateline.date):
            pub, pub_source = norm.dateline.date, "dateline"
        else:
            notices.append(warning("W103", stage="normalise", detail="dateline", value=norm.dateline.date.isoformat()))
    if pub is None:
        notices.append(warning("W101", stage="normalise"))
    meta = {k: v for k, v in meta.items() if v is not None}
    meta.setdefault("title", raw.title)
    meta.setdefault("outlet", raw.outlet)
    meta.setdefault("url", raw.url)
    meta["published_source"] = pub_source
    return _Prepared(raw, norm, pub, notices, meta)


def _check_length(prep: _Prepared, nlp) -> None:
    if len(prep.norm.text) > nlp.max_length:
        # spaCy would raise E088 deep inside; say it in the terms of the input
        raise InputError(
            "E110",
            detail=f"{prep.raw.source}: the text is {len(prep.norm.text):,} characters long, more than the "
            f"{nlp.max_length:,} the spaCy pipeline accepts in one piece. Split it into articles.",
        )


def _finish(prep: _Prepared, doc, settings: Settings) -> ArticleAnalysis:
    notices = list(prep.notices)
    language = None
    if settings.detect_language:
        language = detect_language(prep.norm.text)
        if language and language != "en" and settings.pipeline.startswith("en"):
            notices.append(warning("W102", stage="language", lang=language))
    return to_analysis(
        doc, source=prep.raw.source, fmt=prep.raw.format, language=language, pipeline=pipeline_info(settings), notices=notices
    )


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
    """Run the pipeline on a document read by :mod:`corroborator.text.ingest`.

    ``stages`` names the stages wanted (e.g. ``{"events"}`` in ``code --jsonl``); the stages
    they need run too. ``None`` runs them all.
    """
    settings = settings or Settings()
    prep = _prepare(raw, settings, published, title=title, outlet=outlet, url=url)
    nlp = load_pipeline(settings.pipeline)
    _check_length(prep, nlp)
    doc = prepare_doc(nlp.make_doc(prep.norm.text), prep.norm, settings, prep.published, prep.meta)
    doc = nlp(doc, disable=disabled_for(stages))
    return _finish(prep, doc, settings)


def state_for(
    text: str,
    *,
    published: Optional[str] = None,
    stages: Optional[set[str]] = None,
    settings: Optional[Settings] = None,
    fmt: Optional[str] = None,
):
    """The typed view of the Doc after running ``stages`` (and what they need) on ``text``.

    For tests and debugging: ``state_for(text, stages={"quantities"})`` gives a
    :class:`~corroborator.nlp.docstate.DocState` on which a later stage's function can be called.
    """
    from ..nlp.docstate import DocState

    settings = settings or Settings()
    raw = ingest.from_text(text, fmt=fmt)
    prep = _prepare(raw, settings, published)
    nlp = load_pipeline(settings.pipeline)
    doc = prepare_doc(nlp.make_doc(prep.norm.text), prep.norm, settings, prep.published, prep.meta)
    return DocState(nlp(doc, disable=disabled_for(stages or {"sentences"})))


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
    prepared: list[Union[_Prepared, Skipped]] = []
    for raw, meta in items:
        try:
            prepared.append(_prepare(raw, settings, **meta))
        except CorroboratorError as exc:
            prepared.append(Skipped(id=raw.source, stage="normalise", code=exc.code, detail=str(exc)))
    if not any(isinstance(p, _Prepared) for p in prepared):
        yield from prepared
        return
    nlp = load_pipeline(settings.pipeline)
    for i, p in enumerate(prepared):
        if isinstance(p, _Prepared):
            try:
                _check_length(p, nlp)
            except InputError as exc:
                prepared[i] = Skipped(id=p.raw.source, stage="normalise", code=exc.code, detail=str(exc))
    docs = (
        prepare_doc(nlp.make_doc(p.norm.text), p.norm, settings, p.published, p.meta) for p in prepared if isinstance(p, _Prepared)
    )
    processed = nlp.pipe(docs, batch_size=batch_size, disable=disabled_for(stages))
    for p in prepared:
        if isinstance(p, Skipped):
            yield p
            continue
        try:
            yield _finish(p, next(processed), settings)
        except CorroboratorError as exc:
            yield Skipped(id=p.raw.source, stage="extract", code=exc.code, detail=str(exc))


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
