"""``corroborator ingest``: read documents, analyse them in batches, store each one.

The unit of work is :func:`corroborator.run.analyze.analyze_documents`, a pure function
over a batch of ``(RawDocument, metadata)`` pairs; this module only feeds it and writes
its results. Each document is committed in its own transaction as soon as its analysis
is yielded, so an interrupted run resumes where it stopped: documents whose content key
is already stored (as an article or a skip) are passed over. ``--engine ray`` maps the same
batches on Ray workers that write Parquet shards, loaded here (``corpus/engine.py``).
"""

from __future__ import annotations

import logging
import time
from typing import Iterable, Optional

from ..contract.records import ArticleAnalysis, Skipped
from ..contract.settings import Settings
from . import dedup
from .engine import (  # noqa: F401 - Summary and Progress are part of this module's interface
    EngineOptions,
    Progress,
    Summary,
    analyse_batch,
    analysed_rows,
    store_analysed,
    store_skip,
)
from .sources import Item, iter_documents
from .store import Store

logger = logging.getLogger(__name__)

BATCH_SIZE = 16


def new_batches(items: Iterable[Item], store: Store, summary: Summary, size: int, retry_skips: bool = False):
    """Batches of the documents not stored yet (as an article, or as a skip unless ``retry_skips``)."""
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
    engine: Optional[EngineOptions] = None,
) -> Summary:
    """Analyse and store every new document under ``paths``; then relink incidents.

    Documents stored as skips by an earlier run are passed over unless ``retry_skips``.
    ``engine`` (``corpus.engine.EngineOptions``) maps the batches on Ray, through Parquet
    shards that this process then loads; without it they are analysed here."""
    settings = settings or Settings()
    t0 = time.perf_counter()
    summary = Summary(db=store.path)
    batches = new_batches(iter_documents(paths), store, summary, batch_size, retry_skips)
    if engine is not None and engine.name != "local":
        from . import engine as engine_mod

        engine_mod.run(batches, store, summary, settings, engine, progress=progress)
    else:
        index = dedup.DuplicateIndex(store)
        for batch in batches:
            for item, result in analyse_batch(batch, settings):
                if isinstance(result, Skipped):
                    store_skip(store, item, result, summary)
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
    rows, bands = analysed_rows(item.key, analysis)
    store_analysed(store, index, rows, bands, analysis.article.text, summary)
