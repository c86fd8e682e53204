"""``corroborator ingest``: read documents, analyse them in batches, store each one.

The unit of work is :func:`corroborator.run.analyze.analyze_documents`, a pure function
over a batch of ``(RawDocument, metadata)`` pairs; this module only feeds it and writes
its results. Each document is committed in its own transaction as soon as its analysis
is yielded, so an interrupted run resumes where it stopped: documents whose content key
is already stored (as an article or a skip) are passed over.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from typing import Callable, Iterable, Optional

from ..contract.records import ArticleAnalysis, Skipped
from ..contract.settings import Settings
from ..run.analyze import analyze_documents
from . import dedup
from .sources import Item, iter_documents
from .store import Store

logger = logging.getLogger(__name__)

BATCH_SIZE = 16


@dataclass
class Summary:
    db: str
    documents: int = 0  # documents found under the paths
    stored: int = 0  # analysed and stored in this run
    already_stored: int = 0  # passed over: stored by an earlier run (or twice in the input)
    failed: int = 0  # stored as skips in this run
    events: int = 0  # event mentions stored in this run
    duplicates: int = 0  # stored documents found to be near-copies of stored ones
    incidents: Optional[int] = None
    linked_incidents: Optional[int] = None  # incidents reported by more than one article
    seconds: float = 0.0
    failures: list = field(default_factory=list)

    def as_dict(self) -> dict:
        return {k: v for k, v in self.__dict__.items()}


Progress = Callable[[Summary], None]


def _batches(items: Iterable[Item], store: Store, summary: Summary, size: int, retry_skips: bool = False):
    seen: set[str] = set()
    batch: list[Item] = []
    for item in items:
        summary.documents += 1
        if item.key in seen or store.has(item.key, skips=not retry_skips):
            summary.already_stored += 1
            continue
        seen.add(item.key)
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _analyse(batch: list[Item], settings: Settings):
    """(item, ArticleAnalysis | Skipped) in order; a stage bug fails one document, not the run."""
    ready = [it for it in batch if it.error is None]
    for it in batch:
        if it.error is not None:
            yield it, it.error
    done = 0
    try:
        for result in analyze_documents(((it.raw, it.meta) for it in ready), settings=settings, batch_size=len(ready) or 1):
            yield ready[done], result
            done += 1
        return
    except Exception:  # noqa: BLE001 - an unexpected stage error: retry one by one below, logged
        logger.exception("batch analysis failed after %d of %d documents; retrying them one by one", done, len(ready))
    for it in ready[done:]:
        try:
            yield it, next(iter(analyze_documents([(it.raw, it.meta)], settings=settings)))
        except Exception as exc:  # noqa: BLE001 - stored as a skip with the error, and logged
            logger.exception("%s: analysis failed", it.source)
            yield it, Skipped(id=it.source, stage="analyze", code="E900", detail=f"{type(exc).__name__}: {exc}")


def ingest(
    paths: Iterable[str],
    store: Store,
    *,
    settings: Optional[Settings] = None,
    batch_size: int = BATCH_SIZE,
    progress: Optional[Progress] = None,
    link: bool = True,
    embeddings: bool = False,
    retry_skips: bool = False,
) -> Summary:
    """Analyse and store every new document under ``paths``; then relink incidents.

    Documents stored as skips by an earlier run are passed over unless ``retry_skips``."""
    settings = settings or Settings()
    t0 = time.perf_counter()
    summary = Summary(db=store.path)
    index = dedup.DuplicateIndex(store)
    for batch in _batches(iter_documents(paths), store, summary, batch_size, retry_skips):
        for item, result in _analyse(batch, settings):
            if isinstance(result, Skipped):
                store.add_skip(item.key, result)
                summary.failed += 1
                summary.failures.append({"source": item.source, "code": result.code, "detail": result.detail})
            else:
                _store_article(store, index, item, result, summary)
            if progress:
                progress(summary)
    if link and (store.incidents_stale or summary.stored):
        from .link import relink

        counts = relink(store, embeddings=embeddings)
        from .actors import rebuild_actors

        rebuild_actors(store)
        summary.incidents, summary.linked_incidents = counts["incidents"], counts["multi_article"]
    summary.seconds = round(time.perf_counter() - t0, 2)
    return summary


def _store_article(store: Store, index: dedup.DuplicateIndex, item: Item, analysis: ArticleAnalysis, summary: Summary) -> None:
    mh, n = dedup.signature(analysis.article.text)
    match = index.match(mh, n, analysis.article.text)
    n_events = store.add_article(
        item.key, analysis, minhash=dedup.to_bytes(mh), shingles=n, duplicate=match.as_dict() if match else None,
        bands=dedup.band_keys(mh) if n >= dedup.MIN_SHINGLES else (),
    )
    if n_events < 0:
        summary.already_stored += 1
        return
    summary.stored += 1
    summary.events += n_events
    summary.duplicates += 1 if match else 0
