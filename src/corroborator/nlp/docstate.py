"""The stages' shared memory: plain values on the spaCy Doc, and a typed view of them.

Every stage is a spaCy component (``nlp/components.py``). What a stage produces is stored on
the Doc as plain data (dicts, lists, strings, numbers: what ``Doc.to_bytes`` and
``nlp.pipe(n_process=...)`` can serialise), in the ``Doc._`` extensions declared in
:data:`EXTENSIONS`, plus one span group, ``doc.spans["corroborator_sentences"]``.

A stage never touches those plain values directly: it reads them through a :class:`DocState`,
a typed view built over the Doc for one component call. The view turns stored dicts back into
the records of :mod:`corroborator.contract.records` (once per call, cached), quotes the text the
stages read (``state.span``), and writes a stage's result back (:meth:`DocState.store`).

Inside the pipeline every record carries *normalised* offsets and text: the offsets of the Doc,
quoting ``state.text``. Only ``export/records.py`` maps them to the original input. The original
input rides along in the prepared input so that export can quote it; a stage reads it in one
place only, :meth:`DocState.input_head` (a wire credit in the dateline normalisation took out).

The input of the pipeline (text after normalisation, offset map, metadata, settings) is put on
the Doc before the first component runs, by :func:`prepare_doc`. A Doc made by calling
``nlp(text)`` directly gets a default input (the text itself, no metadata, default settings).
"""

from __future__ import annotations

import bisect
import datetime as dt
from functools import cached_property
from typing import Any, Callable, Optional

from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from ..contract.records import (
    Attribution,
    Check,
    Citation,
    CoupAssessment,
    DateMention,
    Entity,
    Event,
    Evidence,
    Framing,
    Hedge,
    Notice,
    Quantity,
    Sentence,
    Span,
)
from ..contract.errors import warning
from ..contract.settings import Settings
from ..text.normalise import Dateline, Normalised

SENTENCE_GROUP = "corroborator_sentences"

# name -> what it holds (all plain data). The component that assigns each is in nlp/components.py.
EXTENSIONS: dict[str, str] = {
    "corroborator_input": "the prepared input: normalised text, offset map, metadata, settings",
    "corroborator_sentences": "list of Sentence dicts, index = sentence index",
    "corroborator_entities": "list of Entity dicts",
    "corroborator_mentions": "the mention layer: paragraphs, persons and aliases, pronoun antecedents, countries",
    "corroborator_dates": "list of DateMention dicts",
    "corroborator_quantities": "list of Quantity dicts",
    "corroborator_attributions": "{sentence index: Attribution dict}",
    "corroborator_hedges": "{sentence index: [Hedge dict]}",
    "corroborator_events": "list of Event dicts",
    "corroborator_framing": "Framing dict",
    "corroborator_genre": "{'genre': str, 'signals': [str]}",
    "corroborator_checks": "list of Check dicts",
    "corroborator_coups": "list of CoupAssessment dicts",
    "corroborator_notices": "list of Notice dicts (coded warnings raised while processing)",
}


def register_extensions() -> None:
    """Declare the Doc extensions (idempotent; called once by ``nlp/components.py``)."""
    for name in EXTENSIONS:
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)


register_extensions()


# ---------------------------------------------------------------------- input


def _norm_to_plain(norm: Normalised) -> dict:
    dl = norm.dateline
    return {
        "original": norm.original,
        "text": norm.text,
        "norm2orig": norm.norm2orig,
        "title": norm.title,
        "title_span": list(norm.title_span) if norm.title_span else None,
        "dateline": None
        if dl is None
        else {"text": dl.text, "start": dl.start, "end": dl.end, "date": dl.date.isoformat() if dl.date else None, "place": dl.place},
        "citations": [c.model_dump() for c in norm.citations],
        "citation_norm_pos": list(norm.citation_norm_pos),
        "headings": [list(h) for h in norm.headings],
    }


def _norm_from_plain(d: dict) -> Normalised:
    dl = d.get("dateline")
    return Normalised(
        original=d["original"],
        text=d["text"],
        norm2orig=d["norm2orig"],
        title=d.get("title"),
        title_span=tuple(d["title_span"]) if d.get("title_span") else None,
        dateline=None
        if dl is None
        else Dateline(text=dl["text"], start=dl["start"], end=dl["end"], date=dt.date.fromisoformat(dl["date"]) if dl["date"] else None, place=dl.get("place")),
        citations=[Citation.model_validate(c) for c in d.get("citations", [])],
        citation_norm_pos=list(d.get("citation_norm_pos", [])),
        headings=[tuple(h) for h in d.get("headings", [])],
    )


def identity_normalised(text: str) -> Normalised:
    """The input record of a text that was not normalised (``nlp(text)`` called directly)."""
    return Normalised(original=text, text=text, norm2orig=list(range(len(text) + 1)))


def prepare_doc(doc: Doc, norm: Normalised, settings: Settings, published: Optional[dt.date], meta: Optional[dict] = None) -> Doc:
    """Put the pipeline's input on a Doc made from ``norm.text`` (before the components run)."""
    doc._.corroborator_input = {
        "norm": _norm_to_plain(norm),
        "settings": settings.model_dump(),
        "published": published.isoformat() if published else None,
        "meta": dict(meta or {}),
    }
    doc._.corroborator_notices = []
    return doc


def ensure_input(doc: Doc) -> None:
    """Give a Doc that nobody prepared the default input (its own text, default settings)."""
    if doc._.corroborator_input is None:
        prepare_doc(doc, identity_normalised(doc.text), Settings(), None)


# ---------------------------------------------------------------------- view


def _records(model, items) -> list:
    return [model.model_validate(x) for x in items or []]


class DocState:
    """A typed view of one Doc's shared memory, for one component call.

    Offsets inside ``doc`` and in every record are *normalised* offsets, into ``state.text``
    (``export/records.py`` maps them to the input). Reading a property validates the stored
    plain data once.
    """

    def __init__(self, doc: Doc) -> None:
        ensure_input(doc)
        self.doc = doc
        self._input = doc._.corroborator_input
        self._memo: dict[str, Any] = {}
        self._partial: dict[str, tuple[int, str]] = {}

    # ---- input ----------------------------------------------------------
    @cached_property
    def norm(self) -> Normalised:
        return _norm_from_plain(self._input["norm"])

    @cached_property
    def settings(self) -> Settings:
        return Settings(**self._input["settings"])

    @cached_property
    def published(self) -> Optional[dt.date]:
        p = self._input.get("published")
        return dt.date.fromisoformat(p) if p else None

    @property
    def meta(self) -> dict:
        return self._input.get("meta", {})

    def input_head(self, n: int) -> str:
        """The first ``n`` characters of the input as written, title and dateline included.

        For what normalisation takes out of the text but a stage still reads as a signal: a wire
        credit ("LIMA, May 2 (Reuters) -") sits in the dateline. No offsets come out of it."""
        return self._input["norm"]["original"][:n]

    @property
    def text(self) -> str:
        """The Doc's text (the normalised input). Equal to ``doc.text``, which spaCy rebuilds
        token by token on every call (about 10 µs a token: 0.4 s for a 40,000-token text)."""
        return self._input["norm"]["text"]

    # ---- what earlier stages stored -------------------------------------
    @cached_property
    def sents(self) -> list[SpacySpan]:
        """Trimmed sentence spans; index = sentence index."""
        return list(self.doc.spans[SENTENCE_GROUP]) if SENTENCE_GROUP in self.doc.spans else []

    @cached_property
    def _sent_starts(self) -> list[int]:
        return [s.start_char for s in self.sents]

    @cached_property
    def sentences(self) -> list[Sentence]:
        return _records(Sentence, self.doc._.corroborator_sentences)

    @cached_property
    def entities(self) -> list[Entity]:
        return _records(Entity, self.doc._.corroborator_entities)

    @cached_property
    def mentions(self):
        """The mention layer (:class:`corroborator.nlp.mentions.Mentions`)."""
        from .mentions import Mentions

        data = self.doc._.corroborator_mentions
        if data is None:
            raise RuntimeError("the mentions component has not run on this Doc; add 'mentions' to the stages' requires")
        return Mentions(self.doc, data)

    @cached_property
    def dates(self) -> list[DateMention]:
        return _records(DateMention, self.doc._.corroborator_dates)

    @cached_property
    def quantities(self) -> list[Quantity]:
        return _records(Quantity, self.doc._.corroborator_quantities)

    @cached_property
    def attributions(self) -> dict[int, Attribution]:
        return {int(k): Attribution.model_validate(v) for k, v in (self.doc._.corroborator_attributions or {}).items()}

    @cached_property
    def hedges(self) -> dict[int, list[Hedge]]:
        return {int(k): _records(Hedge, v) for k, v in (self.doc._.corroborator_hedges or {}).items()}

    @cached_property
    def events(self) -> list[Event]:
        return _records(Event, self.doc._.corroborator_events)

    @cached_property
    def framing(self) -> Framing:
        f = self.doc._.corroborator_framing
        return Framing.model_validate(f) if f else Framing()

    @property
    def genre(self) -> str:
        return (self.doc._.corroborator_genre or {}).get("genre", "unknown")

    @property
    def genre_signals(self) -> list[str]:
        return list((self.doc._.corroborator_genre or {}).get("signals", []))

    @cached_property
    def checks(self) -> list[Check]:
        return _records(Check, self.doc._.corroborator_checks)

    @cached_property
    def coups(self) -> list[CoupAssessment]:
        return _records(CoupAssessment, self.doc._.corroborator_coups)

    @property
    def notices(self) -> list[Notice]:
        return _records(Notice, self.doc._.corroborator_notices)

    # ---- writing ----------------------------------------------------------
    def store(self, name: str, value: Any) -> None:
        """Store a stage's result (records, lists or dicts of records) as plain data."""
        if name not in EXTENSIONS:
            raise KeyError(f"unknown Doc extension {name!r}; declare it in EXTENSIONS")
        setattr(self.doc._, name, _plain(value))
        attr = name.removeprefix("corroborator_")
        self.__dict__.pop(attr, None)  # drop a cached typed copy

    def notice(self, notice: Notice) -> None:
        self.doc._.corroborator_notices = [*(self.doc._.corroborator_notices or []), notice.model_dump()]

    def memo(self, name: str, build: Callable[[], Any]) -> Any:
        """A value a stage derives once per component call (an index, a token map): ``build()``
        the first time ``name`` is asked for, the same object afterwards. Lives on this view only,
        never on the Doc, so nothing stale crosses to the next component."""
        try:
            return self._memo[name]
        except KeyError:
            value = self._memo[name] = build()
            return value

    def partial_failure(self, unit: str, exc: BaseException) -> None:
        """A stage could not read one ``unit`` (a sentence, an argument, a check) and goes on with
        the rest. Raised again when the settings are strict; otherwise counted, and the component
        reports one W202 per unit with the count (:meth:`partial_notices`)."""
        if self.settings.strict:
            raise exc
        n, first = self._partial.get(unit, (0, f"{type(exc).__name__}: {exc}"))
        self._partial[unit] = (n + 1, first)

    def partial_notices(self, stage: str) -> list[Notice]:
        return [warning("W202", stage=stage, n=n, unit=unit, detail=f"first: {first}")
                for unit, (n, first) in sorted(self._partial.items())]

    # ---- offsets ----------------------------------------------------------
    def span(self, start: int, end: int) -> Span:
        """A record for the normalised [start, end), quoting the text the stages read
        (``export/records.py`` maps it to the original input)."""
        return Span(text=self.text[start:end], start=start, end=end)

    def token_span(self, span: SpacySpan) -> Span:
        return self.span(span.start_char, span.end_char)

    def evidence(self, sentence_index: int) -> Evidence:
        sent = self.sentences[sentence_index]
        return Evidence(sentence_index=sentence_index, text=sent.text, start=sent.start, end=sent.end)

    def sentence_at(self, norm_char: int) -> Optional[int]:
        """Index of the sentence containing (or ending just before) a normalised offset."""
        if not self._sent_starts:
            return None
        i = bisect.bisect_right(self._sent_starts, norm_char) - 1
        return max(i, 0)

    def sentence_of_token(self, token) -> Optional[int]:
        return self.sentence_at(token.idx)


def _plain(value: Any) -> Any:
    """Records -> dicts, recursively (dict keys kept: ints stay ints)."""
    if hasattr(value, "model_dump"):
        return value.model_dump()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value
