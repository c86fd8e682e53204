"""Functions a test hands to a worker process (importable by a spawned worker without loading
anything heavy)."""

from __future__ import annotations

import sys


def torch_blocked(_: object = None) -> bool:
    return "torch" in sys.modules and sys.modules["torch"] is None


def pipelines_loaded(_: object = None) -> int:
    from corroborator.nlp.model import loaded_pipelines

    return loaded_pipelines()
