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
import itertools
import logging
from dataclasses import dataclass
from typing import Iterable, Iterator, Optional, Union

from spacy.attrs import SENT_START
from spacy.tokens import Doc

from .. import __version__
from ..contract.errors import CorroboratorError, InputError, UsageError, warning
from ..contract.records import ArticleAnalysis, Notice, PipelineInfo, Skipped
from ..contract.settings import Settings
from ..export.records import to_analysis
from ..lexicons import codebook
from ..nlp.components import disabled_for, is_stage_component
from ..nlp.docstate import prepare_doc
from ..nlp.model import installed_pipeline_name, load_pipeline
from ..text import ingest
from ..text.ingest import RawDocument
from ..text.language import DOUBT, SURE, detect_language, language_name
from ..text.normalise import MAX_PUNCT_RUN, Normalised, normalise, split_points

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
    if norm.shortened_runs:
        notices.append(warning("W105", stage="normalise", n=len(norm.shortened_runs), limit=MAX_PUNCT_RUN, half=MAX_PUNCT_RUN // 2,
                               longest=max(e - s for s, e in norm.shortened_runs)))
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


# While tok2vec, the tagger, the parser and the recogniser run on one Doc they hold about 15 KB
# of intermediate arrays per token (a 130,000-word text peaked at 2.7 GB). A text longer than
# PIECE_CHARS goes through spaCy's own components in pieces of at most that many characters, cut
# at paragraph breaks (else line breaks, sentence ends, spaces: ``text.normalise.split_points``);
# the pieces are joined into one Doc and the stages read it as one text. Each piece is parsed
# with up to CONTEXT_CHARS of the text around it (whole lines where possible), whose annotations
# are then dropped, so a paragraph next to a cut reads as it does in the whole text.
PIECE_CHARS = 20_000
CONTEXT_CHARS = 1_000


def _piece_limits(nlp) -> tuple[int, int]:
    """(characters per piece, characters of context on each side), within ``nlp.max_length``."""
    context = min(CONTEXT_CHARS, nlp.max_length // 4)
    return max(2, min(PIECE_CHARS, nlp.max_length - 2 * context)), context


def _around(text: str, a: int, b: int, context: int) -> tuple[int, int]:
    """[c, d) around the piece [a, b): up to ``context`` more characters on each side, ending at
    a line break (else a space) so that both ends fall between tokens."""
    c, d = a, b
    if a > 0:
        lo = max(0, a - context)
        i = text.find("\n", lo, a - 1)  # the earliest line break in reach: the most context
        i = i if i >= 0 else text.find(" ", lo, a - 1)
        c = i + 1 if i >= 0 else a
    if b < len(text):
        hi = min(len(text), b + context)
        j = text.rfind("\n", b + 1, hi)
        j = j if j >= 0 else text.rfind(" ", b + 1, hi)
        d = j if j >= 0 else b
    return c, d


def _token_at(doc: Doc, char: int) -> Optional[int]:
    """Index of the token that starts at ``char`` (len(doc) at the end), None if a token spans it."""
    if char >= len(doc.text):
        return len(doc)
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    return span.start if span is not None and span.start_char == char else None


def _parse_pieces(nlp, text: str, skip: list[str]) -> Doc:
    """One Doc of ``text`` (spaCy's own components only), parsed in pieces (see PIECE_CHARS)."""
    limit, context = _piece_limits(nlp)
    cuts = split_points(text, limit)
    docs, spans = [], []
    for a, b in zip(cuts, cuts[1:]):
        c, d = _around(text, a, b, context)
        doc = nlp.make_doc(text[c:d])
        k, m = _token_at(doc, a - c), _token_at(doc, b - c)
        if k is None or m is None:  # a cut inside a token (a piece without any space): no context
            c, doc = a, nlp.make_doc(text[a:b])
            k, m = 0, len(doc)
        starts = [i for i in (k, m) if 0 < i < len(doc)]
        if starts:  # no sentence crosses a cut
            arr = doc.to_array([SENT_START])
            arr[starts] = 1
            doc.from_array([SENT_START], arr)
        docs.append(doc)
        spans.append((k, m))
    parsed = nlp.pipe(docs, batch_size=1, disable=skip)  # one piece at a time: bounded memory
    kept = [doc if (k, m) == (0, len(doc)) else doc[k:m].as_doc() for doc, (k, m) in zip(parsed, spans)]
    return Doc.from_docs(kept, ensure_whitespace=False, exclude=["tensor", "user_data"])


def _parse(nlp, norm: Normalised, settings: Settings, published: Optional[dt.date], meta: dict, stages) -> Doc:
    """The processed Doc of one normalised text (spaCy in pieces when it is long, see PIECE_CHARS)."""
    disable = disabled_for(stages)
    if len(norm.text) <= _piece_limits(nlp)[0]:
        return nlp(prepare_doc(nlp.make_doc(norm.text), norm, settings, published, meta), disable=disable)
    ours = [name for name in nlp.pipe_names if is_stage_component(name)]
    doc = prepare_doc(_parse_pieces(nlp, norm.text, ours), norm, settings, published, meta)
    for name, component in nlp.pipeline:
        if name in ours and name not in disable:
            doc = component(doc)
    return doc


def _run(nlp, prep: _Prepared, settings: Settings, stages) -> Doc:
    return _parse(nlp, prep.norm, settings, prep.published, prep.meta, stages)


def _finish(prep: _Prepared, doc: Doc, settings: Settings) -> ArticleAnalysis:
    notices = list(prep.notices)
    nlp = load_pipeline(settings.pipeline)
    if len(prep.norm.text) > nlp.max_length:
        n = len(split_points(prep.norm.text, _piece_limits(nlp)[0])) - 1
        notices.append(warning("W104", stage="nlp", limit=nlp.max_length, n=n))
    language = prep.meta.get("language")
    return to_analysis(doc, source=prep.raw.source, fmt=prep.raw.format, language=language, pipeline=pipeline_info(settings), notices=notices)


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
    return DocState(_parse(nlp, prep.norm, settings, prep.published, prep.meta, stages or {"sentences"}))


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
    limit = _piece_limits(nlp)[0]
    fits = [p for p in prepared if isinstance(p, _Prepared) and len(p.norm.text) <= limit]
    processed = itertools.chain.from_iterable(
        nlp.pipe(
            (prepare_doc(nlp.make_doc(p.norm.text), p.norm, settings, p.published, p.meta) for p in group),
            batch_size=len(group),
            disable=disabled_for(stages),
        )
        for group in _batches(fits, batch_size)
    )
    for p in prepared:
        if isinstance(p, Skipped):
            yield p
            continue
        try:
            if len(p.norm.text) <= limit:
                yield _finish(p, next(processed), settings)
            else:  # a long document goes through spaCy in pieces of its own
                yield _finish(p, _run(nlp, p, settings, stages), settings)
        except CorroboratorError as exc:
            yield Skipped(id=p.raw.source, stage="extract", code=exc.code, detail=str(exc))


def _batches(items: list[_Prepared], size: int) -> Iterator[list[_Prepared]]:
    """Consecutive batches of at most ``size`` documents and (unless one document alone is
    longer) PIECE_CHARS characters: spaCy holds its intermediate arrays for a whole batch."""
    batch: list[_Prepared] = []
    chars = 0
    for p in items:
        if batch and (len(batch) >= size or chars + len(p.norm.text) > PIECE_CHARS):
            yield batch
            batch, chars = [], 0
        batch.append(p)
        chars += len(p.norm.text)
    if batch:
        yield batch


def pipeline_info(settings: Optional[Settings] = None) -> PipelineInfo:
    return _pipeline_info(settings or Settings())


@functools.lru_cache(maxsize=8)
def _pipeline_info(settings: Settings) -> PipelineInfo:
    import spacy

    return PipelineInfo(
        corroborator=__version__,
        spacy=spacy.__version__,
        spacy_pipeline=installed_pipeline_name(settings.pipeline),  # without loading the model
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

    ``workers`` processes (default: the machine's cores, never more than the files; started by
    :func:`~corroborator.run.workers.process_pool`); the results are the same for any number of
    workers.
    """
    from .workers import default_workers, process_pool

    kwargs = {**kwargs, "settings": settings or Settings()}
    n = max(1, min(workers or default_workers(), len(paths)))
    if n == 1 or "-" in paths:
        for path in paths:
            yield _analyze_one(path, kwargs)
        return
    with process_pool(n, kwargs["settings"]) as pool:
        yield from pool.map(_analyze_one, paths, [kwargs] * len(paths))
