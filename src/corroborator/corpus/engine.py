"""``corroborator ingest --engine ray``: the batch unit mapped on Ray, through Parquet shards.

The unit of work is the same for every engine: :func:`analyse_batch` (which calls
:func:`corroborator.run.analyze.analyze_documents`) over one batch of documents, then
:func:`analysed_rows` (the store rows of each document) and :func:`store_analysed`.
Each Ray task runs it and writes what it yields as one *shard*: a folder of Parquet files
with the rows the store would write (``articles.parquet``, ``events.parquet``,
``claims.parquet``, ``skips.parquet``; columns as in the store's tables, computed by
:func:`corroborator.corpus.store.article_rows`). A shard is written under a temporary name and
renamed when complete, so a half-written shard is never loaded.

One writer (this process) loads the shards in input order, each document in its own store
transaction, through the same near-duplicate matching and ``Store.add_rows`` as a local run:
the store ends with the same rows whichever engine ran. Loading is idempotent by content key
(a shard loaded twice doubles nothing). Shards that an interrupted run left unloaded are loaded
first on the next run with the same shard folder, so their analyses are not redone.

Ray starts a local cluster of ``workers`` CPUs by default (no dashboard, no usage stats);
``address`` joins a running cluster instead, whose workers need corroborator installed and the
shard folder on storage they share with this process. Nothing heavy is imported at module level:
a Ray worker unpickles :func:`run_shard` from here before it loads spaCy.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import json
import logging
import os
import resource
import shutil
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Optional, Sequence

from ..contract.records import ArticleAnalysis, Skipped
from . import dedup
from .store import ArticleRows, article_rows

if TYPE_CHECKING:
    from ..contract.settings import Settings
    from .sources import Item
    from .store import Store

logger = logging.getLogger(__name__)

ENGINES = ("local", "ray")
TABLES = ("articles", "events", "claims", "skips")
LOADED = "_LOADED"  # marker in a shard kept after loading (``keep_shards``)
_SQL_TO_ARROW = {"TEXT": "string", "INTEGER": "int64", "REAL": "float64", "BLOB": "binary", "": "string"}


@dataclass
class EngineOptions:
    name: str = "local"  # local | ray
    address: Optional[str] = None  # a running Ray cluster to join (default: start a local one)
    workers: Optional[int] = None  # Ray worker processes (default: the machine's cores)
    shard_dir: Optional[str] = None  # default: <db>.shards next to the store
    keep_shards: bool = False  # keep loaded shards (marked _LOADED) instead of deleting them
    stats: "WorkerStats" = field(default_factory=lambda: WorkerStats())  # filled by the run


@dataclass
class WorkerStats:
    """What the Ray workers reported, summed over the shards (constant size, whatever the input)."""

    shards: int = 0
    documents: int = 0
    cpu_seconds: float = 0.0  # analysis and rows, all workers
    load_cpu_seconds: float = 0.0  # loading the pipeline, once per worker process
    peak_rss_mib: float = 0.0  # the largest peak of any worker
    workers: set = field(default_factory=set)  # worker process ids

    def add(self, info: dict) -> None:
        self.shards += 1
        self.documents += info["documents"]
        self.cpu_seconds += info["cpu_seconds"]
        self.load_cpu_seconds += info["load_cpu_seconds"]
        self.peak_rss_mib = max(self.peak_rss_mib, info["peak_rss_mib"])
        self.workers.add(info["pid"])


# ------------------------------------------------------------- the batch unit (any engine)


@dataclass
class Summary:
    db: str
    documents: int = 0  # documents found under the paths
    stored: int = 0  # analysed and stored in this run
    already_stored: int = 0  # passed over: stored by an earlier run (or twice in the input)
    failed: int = 0  # stored as skips in this run
    events: int = 0  # event mentions stored in this run
    duplicates: int = 0  # stored documents found to be near-copies of stored ones
    resumed: int = 0  # loaded from shards an interrupted --engine ray run left (analysed by that run)
    incidents: Optional[int] = None
    linked_incidents: Optional[int] = None  # incidents reported by more than one article
    seconds: float = 0.0
    failures: list = field(default_factory=list)

    def as_dict(self) -> dict:
        return {k: v for k, v in self.__dict__.items()}


Progress = Callable[[Summary], None]


def analyse_batch(batch: list["Item"], settings: "Settings"):
    """(item, ArticleAnalysis | Skipped) in order; a stage bug fails one document, not the run."""
    from ..run.analyze import analyze_documents

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


def store_skip(store: "Store", item: "Item", result: Skipped, summary: Summary) -> None:
    store.add_skip(item.key, result)
    summary.failed += 1
    summary.failures.append({"source": item.source, "code": result.code, "detail": result.detail})


def analysed_rows(key: str, analysis: ArticleAnalysis) -> tuple[ArticleRows, list[int]]:
    """The store rows of one analysed document and its LSH band keys (pure: a Ray worker
    computes them into a shard, the local engine right before storing)."""
    mh, n = dedup.signature(analysis.article.text)
    rows = article_rows(key, analysis, minhash=dedup.to_bytes(mh), shingles=n)
    return rows, (dedup.band_keys(mh) if n >= dedup.MIN_SHINGLES else [])


def store_analysed(
    store: "Store", index: dedup.DuplicateIndex, rows: ArticleRows, bands: Sequence[int], text: str, summary: Summary
) -> None:
    """Match a document against the stored ones (near-duplicates) and store its rows."""
    match = index.match(dedup.from_bytes(rows.minhash), rows.shingles, text)
    n_events = store.add_rows(rows, duplicate=match.as_dict() if match else None, bands=bands)
    if n_events < 0:
        summary.already_stored += 1
        return
    summary.stored += 1
    summary.events += n_events
    summary.duplicates += 1 if match else 0


# ------------------------------------------------------------------------ shard schema


@functools.lru_cache(maxsize=1)
def schemas() -> dict:
    """Arrow schema of each shard table, read from the store's own migrated tables."""
    import pyarrow as pa

    from .store import ARTICLE_COLUMNS, CLAIM_COLUMNS, EVENT_COLUMNS, Store

    with Store(":memory:") as mem:

        def cols(table: str, names) -> list:
            declared = {r["name"]: (r["type"] or "").upper() for r in mem.conn.execute(f"PRAGMA table_info({table})")}
            return [pa.field(n, getattr(pa, _SQL_TO_ARROW[declared[n]])()) for n in names]

        return {
            "articles": pa.schema([pa.field("seq", pa.int64()), *cols("articles", ARTICLE_COLUMNS),
                                   pa.field("bands", pa.list_(pa.int64()))]),
            "events": pa.schema(cols("events", EVENT_COLUMNS)),
            "claims": pa.schema(cols("claims", CLAIM_COLUMNS)),
            "skips": pa.schema([pa.field(n, pa.int64() if n == "seq" else pa.string())
                                for n in ("seq", "key", "source", "id", "stage", "code", "detail")]),
        }


def _peak_rss_mib() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def write_shard(folder: str, name: str, tables: dict) -> Path:
    """Write ``tables`` (table name -> list of row dicts) as one complete shard ``folder/name``."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    final = Path(folder) / name
    tmp = Path(folder) / f".{name}.tmp"
    if tmp.exists():
        shutil.rmtree(tmp)
    tmp.mkdir(parents=True)
    for table, schema in schemas().items():
        rows = tables.get(table, [])
        data = {f.name: [r[f.name] for r in rows] for f in schema}
        pq.write_table(pa.table(data, schema=schema), tmp / f"{table}.parquet")
    os.replace(tmp, final)  # a shard is complete or absent
    return final


def run_shard(batch: list, settings: "Settings", folder: str, name: str, block_torch: bool = False) -> dict:
    """The Ray task: analyse one batch (the same unit as a local run) and write its shard.

    Returns the shard's name and what the worker spent on it: CPU seconds of the analysis and,
    apart, of loading the pipeline (the first task of each worker process), and its peak
    resident memory."""
    from ..run.workers import worker_init

    worker_init(block_torch)
    t_load = time.process_time()
    from ..nlp.model import load_pipeline

    load_pipeline(settings.pipeline)  # once per worker process (cached): timed apart from the analysis
    load_cpu = time.process_time() - t_load
    t_cpu, t_wall = time.process_time(), time.perf_counter()
    from .store import ARTICLE_COLUMNS, CLAIM_COLUMNS, EVENT_COLUMNS

    tables: dict[str, list] = {t: [] for t in TABLES}
    for seq, (item, result) in enumerate(analyse_batch(batch, settings)):
        if isinstance(result, Skipped):
            tables["skips"].append({"seq": seq, "key": item.key, "source": item.source, "id": result.id,
                                    "stage": result.stage, "code": result.code, "detail": result.detail})
            continue
        rows, bands = analysed_rows(item.key, result)
        tables["articles"].append({"seq": seq, **dict(zip(ARTICLE_COLUMNS, rows.article)), "bands": list(bands)})
        tables["events"].extend(dict(zip(EVENT_COLUMNS, r)) for r in rows.events)
        tables["claims"].extend(dict(zip(CLAIM_COLUMNS, r)) for r in rows.claims)
    write_shard(folder, name, tables)
    return {"shard": name, "documents": len(batch), "articles": len(tables["articles"]), "skips": len(tables["skips"]),
            "cpu_seconds": round(time.process_time() - t_cpu, 3), "load_cpu_seconds": round(load_cpu, 3), "wall_seconds": round(time.perf_counter() - t_wall, 3),
            "peak_rss_mib": _peak_rss_mib(), "pid": os.getpid()}


# ------------------------------------------------------------------------------ loading


def _read(path: Path, table: str) -> list[dict]:
    import pyarrow.parquet as pq

    return pq.read_table(path / f"{table}.parquet", schema=schemas()[table]).to_pylist()


def load_shard(store: "Store", path: Path, index, summary: "Summary", progress: Optional[Callable] = None) -> None:
    """Store a shard's documents in their input order, each in its own transaction.

    A document whose key is stored already is passed over (a shard loaded twice doubles nothing)."""
    from .store import ARTICLE_COLUMNS, CLAIM_COLUMNS, EVENT_COLUMNS

    events, claims = defaultdict(list), defaultdict(list)
    for r in _read(path, "events"):
        events[r["article_id"]].append(tuple(r[c] for c in EVENT_COLUMNS))
    for r in _read(path, "claims"):
        claims[r["article_id"]].append(tuple(r[c] for c in CLAIM_COLUMNS))
    entries = [(r["seq"], "article", r) for r in _read(path, "articles")]
    entries += [(r["seq"], "skip", r) for r in _read(path, "skips")]
    for _, kind, r in sorted(entries, key=lambda e: e[0]):
        key = r["key"] if kind == "skip" else r["id"]
        known = store.skip_of(key) if kind == "skip" else None
        if store.has(key, skips=False) or (known is not None and (known["code"], known["detail"]) == (r["code"], r["detail"])):
            summary.already_stored += 1  # stored already (this shard loaded before, or another writer)
        elif kind == "skip":
            store.add_skip(key, Skipped(id=r["id"], stage=r["stage"], code=r["code"], detail=r["detail"]))
            summary.failed += 1
            summary.failures.append({"source": r["source"], "code": r["code"], "detail": r["detail"]})
        else:
            rows = ArticleRows(key, tuple(r[c] for c in ARTICLE_COLUMNS), events.get(key, []), claims.get(key, []))
            text = json.loads(r["analysis"])["article"]["text"]
            store_analysed(store, index, rows, r["bands"] or [], text, summary)
        if progress:
            progress(summary)


def pending_shards(folder: Path) -> list[Path]:
    """Complete shards not loaded yet, oldest first (names sort by run, then batch)."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.is_dir() and not p.name.startswith(".") and not (p / LOADED).exists())


def _done_with(path: Path, keep: bool) -> None:
    if keep:
        (path / LOADED).write_text(dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds") + "\n")
    else:
        shutil.rmtree(path)


def load_pending(store: "Store", folder: Path, summary: "Summary", keep: bool = False, progress=None) -> int:
    """Load the shards an interrupted run left behind; returns how many documents they held.

    Their documents count as ``resumed`` (analysed by the earlier run); when the input
    meets them again they are already stored."""
    shards = pending_shards(folder)
    if not shards:
        return 0
    scratch = Summary(db=summary.db)
    index = dedup.DuplicateIndex(store)
    for path in shards:
        load_shard(store, path, index, scratch)
        _done_with(path, keep)
    logger.info("%s: loaded %d shards left by an earlier run (%d documents)", folder, len(shards), scratch.stored + scratch.failed)
    summary.resumed += scratch.stored + scratch.failed
    summary.failures.extend(scratch.failures)
    return scratch.stored + scratch.failed


# -------------------------------------------------------------------------------- Ray


def shard_folder(store: "Store", opts: EngineOptions) -> Path:
    if opts.shard_dir:
        return Path(opts.shard_dir).resolve()
    if store.path in ("", ":memory:"):
        raise ValueError("--engine ray with an in-memory store needs a shard folder")
    return Path(store.path + ".shards").resolve()


def _check_reachable(address: str, timeout: float = 5.0) -> None:
    """Raise ConnectionError when a ``host:port`` cluster address does not accept connections
    (Ray itself retries an unreachable head without end). Other forms (``auto``,
    ``ray://...``) are left to Ray."""
    import socket

    host, sep, port = address.rpartition(":")
    if not sep or not port.isdigit() or "/" in address:
        return
    try:
        socket.create_connection((host.strip("[]") or "127.0.0.1", int(port)), timeout=timeout).close()
    except OSError as exc:
        raise ConnectionError(f"nothing accepts connections at {address} ({exc})") from exc


def start_ray(opts: EngineOptions):
    """``(ray, started)``: Ray connected (a local cluster of ``opts.workers`` CPUs unless
    ``opts.address``); ``started`` when this call started it (and should shut it down)."""
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
    if not opts.address:
        # a local cluster stays on the loopback interface (Ray otherwise binds its services to
        # the machine's network address); read by Ray when it is imported
        os.environ.setdefault("RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER", "0")
    import ray

    if opts.address:
        _check_reachable(opts.address)
    if ray.is_initialized():  # this process is a driver already (a library caller, a test): use it
        return ray, False
    kwargs: dict = {"include_dashboard": False, "log_to_driver": False, "logging_level": logging.WARNING}
    if opts.address:
        ray.init(address=opts.address, **kwargs)
    else:
        from ..run.workers import default_workers

        # "local" starts a cluster of our own even when `ray start` left one running on this machine
        # (without it ray.init joins that cluster, or refuses num_cpus)
        ray.init(address="local", num_cpus=opts.workers or default_workers(), **kwargs)
    return ray, True


def run(
    batches: Iterable[list["Item"]],
    store: "Store",
    summary: "Summary",
    settings: "Settings",
    opts: EngineOptions,
    progress: Optional[Callable] = None,
) -> None:
    """Map :func:`run_shard` over ``batches`` on Ray and load the shards here, in input order.

    At most two batches per worker are in flight, so memory does not grow with the input (one per
    worker when ``workers`` is below the cluster's CPUs: no more than ``workers`` tasks run at once)."""
    from ..run.workers import parent_blocks_torch

    folder = shard_folder(store, opts)
    folder.mkdir(parents=True, exist_ok=True)
    load_pending(store, folder, summary, opts.keep_shards, progress)
    batches = iter(batches)
    first = next(batches, None)
    if first is None:  # nothing new to analyse: no cluster to start
        return
    ray, started = start_ray(opts)
    try:
        cpus = max(1, int(ray.cluster_resources().get("CPU", 1)))
        workers = min(cpus, opts.workers) if opts.workers else cpus
        # two batches per worker keep a full cluster busy while this process loads shards; on a
        # cluster with more CPUs than --workers, one each (Ray would run the extra ones at once)
        in_flight_max = 2 * workers if workers == cpus else workers
        task = ray.remote(num_cpus=1)(run_shard)
        run_id = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%S") + f"-{os.getpid()}"
        block = parent_blocks_torch()
        index = dedup.DuplicateIndex(store)
        in_flight: dict = {}  # number -> (ref, batch)
        finished: dict = {}
        next_load = 0

        def load_ready() -> None:
            nonlocal next_load
            while next_load in finished:
                batch, info, error = finished.pop(next_load)
                next_load += 1
                if error is not None:  # the worker itself failed (crash, memory): the batch becomes skips
                    logger.error("shard %d failed on Ray: %s", next_load - 1, error)
                    for item in batch:
                        if not store.has(item.key, skips=False):
                            store_skip(store, item, Skipped(id=item.source, stage="analyze", code="E900",
                                                            detail=f"Ray worker failed: {error}"), summary)
                            if progress:
                                progress(summary)
                    continue
                opts.stats.add(info)
                path = folder / info["shard"]
                load_shard(store, path, index, summary, progress)
                _done_with(path, opts.keep_shards)

        def wait_one() -> None:
            refs = {ref: n for n, (ref, _) in in_flight.items()}
            ready, _ = ray.wait(list(refs), num_returns=1)
            n = refs[ready[0]]
            ref, batch = in_flight.pop(n)
            try:
                finished[n] = (batch, ray.get(ref), None)
            except ray.exceptions.RayError as exc:
                finished[n] = (batch, None, f"{type(exc).__name__}: {exc}"[:500])
            load_ready()

        for number, batch in enumerate(itertools.chain([first], batches)):
            in_flight[number] = (task.remote(batch, settings, str(folder), f"{run_id}-{number:06d}", block), batch)
            while len(in_flight) + len(finished) >= in_flight_max:
                wait_one()
        while in_flight:
            wait_one()
        load_ready()
    finally:
        if started:
            ray.shutdown()
