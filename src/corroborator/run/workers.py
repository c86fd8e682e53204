"""Process pools for the commands that take ``--workers`` (``analyze`` of several files,
``code --jsonl``, and the Ray tasks of ``ingest --engine ray``).

:func:`process_pool` is the one way a command starts its workers. Where the platform can fork
(and the workers will not run a torch this process has loaded), the pipeline is loaded here once
and the workers are forked from this process: they start at once and share the model's memory
with it (copy on write). Otherwise they are spawned, and each loads the pipeline itself; a spawned worker unpickles
:func:`worker_init` before anything loads spaCy, so it can skip torch as the parent did. The
results are the same either way. This module imports nothing heavy.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from concurrent.futures import ProcessPoolExecutor
from typing import TYPE_CHECKING, Optional

if TYPE_CHECKING:
    from ..contract.settings import Settings

START_METHODS = ("fork", "spawn")


def default_workers() -> int:
    """The machine's cores (what ``--workers`` defaults to)."""
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1))


def parent_blocks_torch() -> bool:
    return "torch" in sys.modules and sys.modules["torch"] is None


def worker_init(block_torch: bool) -> None:
    """Start of a spawned worker process: skip torch when the parent did (see ``cli``)."""
    if block_torch:
        sys.modules.setdefault("torch", None)  # type: ignore[assignment]


def start_method(uses_torch: bool = False) -> str:
    """``fork`` where the platform has it, unless the workers will run torch and this process
    has loaded it (torch's thread pools do not survive a fork; merely imported, as thinc imports
    it, it does no harm to workers that never call it) or this process is connected to Ray;
    else ``spawn``."""
    if "fork" not in multiprocessing.get_all_start_methods():
        return "spawn"
    if uses_torch and sys.modules.get("torch") is not None:
        return "spawn"
    ray = sys.modules.get("ray")
    if ray is not None and getattr(ray, "is_initialized", lambda: False)():
        return "spawn"  # a Ray driver runs gRPC threads a forked child would inherit half-way
    return "fork"


def process_pool(workers: int, settings: "Settings", method: Optional[str] = None) -> ProcessPoolExecutor:
    """``workers`` processes ready to analyse with ``settings`` (its pipeline, and torch if it asks
    for sentence embeddings).

    ``method`` (default :func:`start_method`): ``fork`` loads the pipeline in this process first
    (an unknown pipeline raises its E201 here, before any worker starts), ``spawn`` leaves each
    worker to load it."""
    method = method or start_method(settings.use_embeddings)
    if method not in START_METHODS:
        raise ValueError(f"start method must be one of {START_METHODS}, not {method!r}")
    ctx = multiprocessing.get_context(method)
    if method == "fork":
        from ..nlp.model import load_pipeline

        load_pipeline(settings.pipeline)
        return ProcessPoolExecutor(max_workers=workers, mp_context=ctx)
    return ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=worker_init,
                               initargs=(parent_blocks_torch(),))
