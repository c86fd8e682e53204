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
from ..nlp.model import load_pipeline, pipeline_name
from ..text import ingest
from ..text.ingest import RawDocument
from ..text.language import DOUBT, SURE, detect_language, language_name
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
    if settings.detect_language:
        lang, confidence = detect_language(norm.text)
        meta["language"] = lang
        if lang and lang != "en" and settings.pipeline.startswith("en"):
            if confidence >= SURE:
                raise InputError("E111", source=raw.source, language=language_name(lang), confidence=confidence, pipeline=settings.pipeline)
            if confidence >= DOUBT:
                notices.append(warning("W102", stage="language", lang=language_name(lang), confidence=confidence))
    meta = {k: v for k, v in meta.items() if v is not None}
    meta.setdefault("title", raw.title)
    meta.setdefault("outlet", raw.outlet)
    meta.setdefault("url", raw.url)
    meta["published_source"] = pub_source
    return _Prepared(raw, norm, pub, notices, meta)


def _check_length(prep: _Prepared, settings: Settings) -> None:
    """The only input limit is the one the user set (``max_chars``)."""
    if settings.max_chars is not None and len(prep.norm.text) > settings.max_chars:
        raise InputError(
            "E110",
            detail=f"{prep.raw.source}: the text is {len(prep.norm.text):,} characters long, more than the "
            f"--max-chars {settings.max_chars:,} you set. Raise --max-chars or leave it out to analyse it (in pieces if needed).",
        )


def _run(nlp, prep: _Prepared, settings: Settings, stages) -> list:
    """The processed Doc(s) of one document: one, or one per piece when the text is longer than
    the pipeline takes at once (``nlp.max_length``)."""
    norms = [prep.norm] if len(prep.norm.text) <= nlp.max_length else prep.norm.pieces(nlp.max_length)
    docs = (prepare_doc(nlp.make_doc(n.text), n, settings, prep.published, prep.meta) for n in norms)
    if len(norms) == 1:
        return [nlp(next(docs), disable=disabled_for(stages))]
    return list(nlp.pipe(docs, batch_size=1, disable=disabled_for(stages)))


def _finish(prep: _Prepared, docs: list, settings: Settings) -> ArticleAnalysis:
    notices = list(prep.notices)
    language = prep.meta.get("language")
    if len(docs) > 1:
        notices.append(warning("W104", stage="nlp", limit=load_pipeline(settings.pipeline).max_length, n=len(docs)))
    parts = [
        to_analysis(doc, source=prep.raw.source, fmt=prep.raw.format, language=language, pipeline=pipeline_info(settings), notices=notices if i == 0 else [])
        for i, doc in enumerate(docs)
    ]
    return parts[0] if len(parts) == 1 else merge_pieces(parts, prep.norm)


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
    _check_length(prep, settings)
    nlp = load_pipeline(settings.pipeline)
    return _finish(prep, _run(nlp, prep, settings, stages), settings)


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
            _check_length(prepared[-1], settings)
        except CorroboratorError as exc:
            if prepared and isinstance(prepared[-1], _Prepared) and prepared[-1].raw is raw:
                prepared.pop()
            prepared.append(Skipped(id=raw.source, stage="normalise", code=exc.code, detail=str(exc)))
    if not any(isinstance(p, _Prepared) for p in prepared):
        yield from prepared
        return
    nlp = load_pipeline(settings.pipeline)
    fits = [p for p in prepared if isinstance(p, _Prepared) and len(p.norm.text) <= nlp.max_length]
    docs = (prepare_doc(nlp.make_doc(p.norm.text), p.norm, settings, p.published, p.meta) for p in fits)
    processed = nlp.pipe(docs, batch_size=batch_size, disable=disabled_for(stages))
    for p in prepared:
        if isinstance(p, Skipped):
            yield p
            continue
        try:
            if len(p.norm.text) <= nlp.max_length:
                yield _finish(p, [next(processed)], settings)
            else:  # a long document: its pieces go through the pipeline on their own
                yield _finish(p, _run(nlp, p, settings, stages), settings)
        except CorroboratorError as exc:
            yield Skipped(id=p.raw.source, stage="extract", code=exc.code, detail=str(exc))


def merge_pieces(parts: list[ArticleAnalysis], norm: Normalised) -> ArticleAnalysis:
    """One analysis from the analyses of consecutive pieces of one text (offsets already point
    into the whole input; sentence indexes are renumbered)."""
    first = parts[0]
    merged: dict = {"sentences": [], "events": [], "coups": [], "checks": [], "warnings": [], "dates": [], "quantities": [], "entities": [],
                    "scare_quotes": [], "loaded_terms": [], "labels": [], "citations": []}
    shift = 0
    genres: dict[str, int] = {}
    for part in parts:
        d = _shift_sentence_indexes(part.model_dump(), shift)
        for key in ("sentences", "events", "coups", "checks", "warnings"):
            merged[key] += d[key]
        for key in ("dates", "quantities", "entities"):
            merged[key] += d["mentions"][key]
        for key in ("scare_quotes", "loaded_terms", "labels"):
            merged[key] += d["framing"][key]
        merged["citations"] += d["article"]["citations"]
        genres[part.article.genre] = genres.get(part.article.genre, 0) + len(part.sentences)
        shift += len(part.sentences)
    article = first.model_dump()["article"]
    article.update(citations=merged["citations"], genre=max(genres, key=genres.get), text=norm.original)
    out = first.model_dump()
    out.update(
        article=article,
        sentences=merged["sentences"], events=merged["events"], coups=merged["coups"], checks=merged["checks"], warnings=merged["warnings"],
        mentions={"dates": merged["dates"], "quantities": merged["quantities"], "entities": merged["entities"]},
        framing={**out["framing"], "scare_quotes": merged["scare_quotes"], "loaded_terms": merged["loaded_terms"], "labels": merged["labels"]},
    )
    return ArticleAnalysis.model_validate(out)


def _shift_sentence_indexes(value, shift: int, key: Optional[str] = None):
    if isinstance(value, dict):
        out = {}
        for k, v in value.items():
            if k == "sentence_index" and isinstance(v, int) and v >= 0:
                out[k] = v + shift
            elif k == "index" and key == "sentences" and isinstance(v, int):
                out[k] = v + shift
            else:
                out[k] = _shift_sentence_indexes(v, shift, k)
        return out
    if isinstance(value, list):
        return [_shift_sentence_indexes(v, shift, key) for v in value]
    return value


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


def _analyze_one(path: str, kwargs: dict) -> Union[ArticleAnalysis, Skipped]:
    try:
        return analyze_file(path, **kwargs)
    except CorroboratorError as exc:
        return Skipped(id=path, stage="input", code=exc.code, detail=str(exc))


def analyze_files(
    paths: list[str], *, settings: Optional[Settings] = None, workers: Optional[int] = None, **kwargs
) -> Iterator[Union[ArticleAnalysis, Skipped]]:
    """Analyse several files, in order, each an ``ArticleAnalysis`` or a ``Skipped`` naming the error.

    ``workers`` processes (default: the machine's cores, never more than the files) each load the
    pipeline once; the results are the same for any number of workers.
    """
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from .workers import default_workers, parent_blocks_torch, worker_init

    kwargs = {**kwargs, "settings": settings or Settings()}
    n = max(1, min(workers or default_workers(), len(paths)))
    if n == 1 or "-" in paths:
        for path in paths:
            yield _analyze_one(path, kwargs)
        return
    ctx = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=n, mp_context=ctx, initializer=worker_init, initargs=(parent_blocks_torch(),)) as pool:
        yield from pool.map(_analyze_one, paths, [kwargs] * len(paths))
