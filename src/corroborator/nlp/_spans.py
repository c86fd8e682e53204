"""Small span helpers shared by the extract stages."""

from __future__ import annotations

from typing import Optional

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token


def entity_of(tok: Token) -> Optional[SpacySpan]:
    """The named entity a token belongs to, read from its IOB tags (``doc.ents`` is slow to re-read)."""
    if not tok.ent_type_:
        return None
    doc = tok.doc
    start = tok.i
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    end = tok.i + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return SpacySpan(doc, start, end, label=tok.ent_type_)
