"""Corpus commands (``ingest``, ``incidents``, ``events``, ``claims``, ``actors``, ``omissions``),
registered on the main typer app by :func:`register`."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add the corpus commands to ``app`` (called once by ``corroborator.cli``)."""
