"""Process pools for the commands that take ``--workers`` (``analyze`` of several files,
``code --jsonl``). This module imports nothing heavy: a spawned worker unpickles
:func:`worker_init` before anything loads spaCy, so it can skip torch as the parent did."""

from __future__ import annotations

import os
import sys


def default_workers() -> int:
    """The machine's cores (what ``--workers`` defaults to)."""
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1))


def parent_blocks_torch() -> bool:
    return "torch" in sys.modules and sys.modules["torch"] is None


def worker_init(block_torch: bool) -> None:
    """Start of a worker process: skip torch when the parent did (see ``cli``)."""
    if block_torch:
        sys.modules.setdefault("torch", None)  # type: ignore[assignment]
