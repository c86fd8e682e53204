"""Doc -> :class:`~corroborator.contract.records.ArticleAnalysis`: the typed record of one article.

The components leave their results on the Doc as plain data (``nlp/docstate.py``); this
module reads them back through the same typed view and assembles the output contract.

Inside the pipeline every record carries offsets into the normalised text and quotes it. The
contract wants offsets into the input as written (``article.text``): :func:`to_input_offsets`
is the one place they are mapped back, with the offset map of normalisation.
"""

from __future__ import annotations

import hashlib
from typing import Optional

from spacy.tokens import Doc

from ..contract.records import (
    Article,
    ArticleAnalysis,
    Attribution,
    Event,
    Evidence,
    Mentions,
    Notice,
    PipelineInfo,
    Record,
    ScareQuote,
    Sentence,
)
from ..nlp.docstate import DocState
from ..nlp.events import event_id
from ..text.normalise import Normalised

# the field that quotes a record's [start, end) when it is not ``text``
_QUOTE_FIELD: dict[type, str] = {Attribution: "speaker_text"}
# records whose text is their span less this many characters at each end (a quote without its marks)
_QUOTE_INSET: dict[type, int] = {ScareQuote: 1}


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
    analysis = ArticleAnalysis(
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
    return to_input_offsets(analysis, norm)


class _Mapper:
    """Normalised offsets -> offsets into ``norm.original``, and the quotes of the mapped spans."""

    def __init__(self, analysis: ArticleAnalysis, norm: Normalised) -> None:
        self.norm = norm
        self.text_hash = hashlib.sha256(norm.text.encode("utf-8")).hexdigest()
        # a sentence's text runs over the footnote markers it holds ("ended.[1]"): they were
        # taken out of the normalised text, so its normalised span stops before them
        self.cited_end: dict[int, int] = {}
        for c in analysis.article.citations:
            if c.sentence_index is not None:
                self.cited_end[c.sentence_index] = max(c.end, self.cited_end.get(c.sentence_index, c.end))
        self.sentence_span = {s.index: (s.start, s.end) for s in analysis.sentences}
        self.ids: dict[str, str] = {}

    def offsets(self, start: int, end: int) -> tuple[int, int]:
        return self.norm.to_orig(start, end)

    def quote(self, start: int, end: int) -> str:
        s, e = self.offsets(start, end)
        return self.norm.original[s:e]

    def record(self, rec: Record) -> Record:
        """``rec`` and every record inside it with input offsets and quotes of the input."""
        update: dict = {}
        for name in type(rec).model_fields:
            value = getattr(rec, name)
            if isinstance(value, Record):
                update[name] = self.record(value)
            elif isinstance(value, list) and value and isinstance(value[0], Record):
                update[name] = [self.record(v) for v in value]
            elif isinstance(value, dict) and value and isinstance(next(iter(value.values())), Record):
                update[name] = {k: self.record(v) for k, v in value.items()}
        start, end = getattr(rec, "start", None), getattr(rec, "end", None)
        if isinstance(start, int) and isinstance(end, int):
            update.update(self._span(rec, start, end))
        if isinstance(rec, Event) and rec.id == event_id(self.text_hash, rec.trigger.start, rec.trigger.end):
            trigger = update.get("trigger", rec.trigger)  # an id derived from the offsets in the Doc
            self.ids[rec.id] = update["id"] = event_id(self.text_hash, trigger.start, trigger.end)
        return rec.model_copy(update=update) if update else rec

    def _span(self, rec: Record, start: int, end: int) -> dict:
        s, e = self.offsets(start, end)
        field = _QUOTE_FIELD.get(type(rec), "text")
        inset = _QUOTE_INSET.get(type(rec), 0)
        written = getattr(rec, field, None)
        out: dict = {"start": s, "end": e}
        if isinstance(rec, (Sentence, Evidence)):
            index = rec.index if isinstance(rec, Sentence) else rec.sentence_index
            if self.sentence_span.get(index) == (start, end) and index in self.cited_end:
                out["end"] = e = max(e, self.cited_end[index])
            out[field] = self.norm.original[s:e]
        elif written is not None and written == self.norm.text[start + inset : end - inset]:
            out[field] = self.quote(start + inset, end - inset)
        # else the field is not a quote of the span (a name, a label): kept as the stage wrote it
        return out


def to_input_offsets(analysis: ArticleAnalysis, norm: Normalised) -> ArticleAnalysis:
    """The analysis with every offset and quote in the input as written (``article.text``).

    Walks every record that has ``start``/``end`` (spans, mentions, sentences, evidence,
    actors, counts, attributions, framing) and maps them with ``norm``'s offset map; a record's
    quote of its span (``text``; ``speaker_text`` of an attribution; the words inside a scare
    quote's marks) is read from the input again. An event id derived from the trigger's offsets
    (``nlp.events.event_id``) is derived again from the input's, and the coups that cite it follow. The article (its text and
    citations) is already the input's."""
    m = _Mapper(analysis, norm)
    mapped = {
        name: m.record(getattr(analysis, name)) if isinstance(getattr(analysis, name), Record) else [m.record(r) for r in getattr(analysis, name)]
        for name in ("mentions", "sentences", "events", "framing", "checks")
    }
    coups = [
        m.record(c).model_copy(update={"event_ids": [m.ids.get(i, i) for i in c.event_ids]}) for c in analysis.coups
    ]
    return analysis.model_copy(update={**mapped, "coups": coups})
