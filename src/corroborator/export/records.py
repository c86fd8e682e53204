"""Doc -> :class:`~corroborator.contract.records.ArticleAnalysis`: the typed record of one article.

The components leave their results on the Doc as plain data (``nlp/docstate.py``); this
module reads them back through the same typed view and assembles the output contract.
"""

from __future__ import annotations

import hashlib
from typing import Optional

from spacy.tokens import Doc

from ..contract.records import Article, ArticleAnalysis, Mentions, Notice, PipelineInfo
from ..nlp.docstate import DocState


def to_analysis(
    doc: Doc,
    *,
    source: str,
    fmt: str,
    language: Optional[str],
    pipeline: Optional[PipelineInfo],
    notices: list[Notice],
) -> ArticleAnalysis:
    """The analysis of a processed Doc (metadata from the prepared input on the Doc)."""
    state = DocState(doc)
    meta = state.meta
    norm = state.norm
    article = Article(
        id=hashlib.sha256(norm.text.encode("utf-8")).hexdigest()[:16],
        title=meta.get("title") or norm.title,
        published=state.published.isoformat() if state.published else None,
        published_source=meta.get("published_source"),
        outlet=meta.get("outlet"),
        url=meta.get("url"),
        language=language,
        genre=state.genre,
        genre_signals=state.genre_signals,
        text=norm.original,
        source=source,
        format=fmt,
        citations=norm.citations,
    )
    return ArticleAnalysis(
        article=article,
        mentions=Mentions(dates=state.dates, quantities=state.quantities, entities=state.entities),
        sentences=state.sentences,
        events=state.events,
        coups=state.coups,
        framing=state.framing,
        checks=state.checks,
        pipeline=pipeline,
        warnings=[*notices, *state.notices],
    )
