"""corroborator's spaCy components: one per stage, registered here and nowhere else.

The stage table :data:`STAGES` is the single place that says, for every stage, which
module does the work, what it reads (``requires``) and what it stores (``assigns``). From it
this module registers one spaCy factory per stage (``corroborator_<stage>``), so that
``nlp.analyze_pipes()`` checks the order, and :func:`needed` works out which components a
partial run needs (asking for ``events`` alone also runs ``sentences``, ``dates``,
``quantities`` and ``attribution``, never a silent fallback).

A stage function takes a :class:`~corroborator.nlp.docstate.DocState` and returns records;
the component stores them on the Doc. The components act only on Docs prepared by :func:`~corroborator.nlp.docstate.prepare_doc`
(``corroborator.run`` does it); any other Doc (``nlp(text)``) passes through them untouched, so
the same ``nlp`` object also serves as a plain spaCy pipeline. A stage that raises an unexpected error does not
take the document down: its output stays empty and a coded warning (W201) says so in the
analysis, unless the settings ask for ``strict`` runs, where the error propagates.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Callable

from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.pipeline.sentencizer import Sentencizer
from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from ..contract.errors import CorroboratorError, warning
from ..contract.records import Entity, Sentence
from . import attribution, checks, claims, coups, dates, events, framing, mentions, quantities
from .docstate import SENTENCE_GROUP, DocState

logger = logging.getLogger(__name__)

ENTITY_LABELS = {"PERSON", "NORP", "ORG", "GPE", "LOC", "FAC", "EVENT", "LAW", "DATE", "MONEY", "PERCENT", "CARDINAL", "QUANTITY"}


# ---------------------------------------------------------------------- line breaks


# The longest stretch of tokens without a line break or a sentence-final mark that is read as it
# is. Longer stretches (a run-on list, a text without punctuation) are cut into sentences of at
# most this many tokens before the parser runs: several stages cost the square of a sentence's
# length. The longest such stretch in the development texts (seed, multisource, 1,349 wire
# sentences) is 159 tokens.
MAX_SENTENCE_TOKENS = 256
_SENT_END_MARKS = frozenset(Sentencizer.default_punct_chars)


def _starts_line(doc: Doc, i: int) -> bool:
    """Token i follows a line break (a newline in the previous token's text or trailing space)."""
    prev = doc[i - 1]
    return (not prev.is_space and prev.text_with_ws.endswith("\n")) or (prev.is_space and "\n" in prev.text and not doc[i].is_space)


def sentence_bounds(doc: Doc, limit: int = MAX_SENTENCE_TOKENS) -> tuple[list[int], list[int], list[int]]:
    """(line starts, forced starts, lengths of the stretches that were cut), in one pass.

    A stretch runs from one line start or sentence-final mark (spaCy's sentencizer marks) to the
    next. In a stretch longer than ``limit`` tokens a sentence start is forced after the last
    punctuation mark in the second half of every ``limit`` tokens, or at ``limit`` tokens when
    there is none."""
    lines: list[int] = []
    forced: list[int] = []
    cut_lengths: list[int] = []
    natural = start = 0  # where the stretch began; where the current (possibly cut) piece began
    soft = -1  # the latest place after a punctuation mark in the current piece
    n = len(doc)
    for i in range(1, n + 1):
        at_end = i == n
        line = not at_end and _starts_line(doc, i)
        if line:
            lines.append(i)
        if at_end or line or doc[i - 1].text in _SENT_END_MARKS:
            if i - natural > limit:
                cut_lengths.append(i - natural)
            natural = start = i
            soft = -1
            continue
        prev = doc[i - 1]
        if prev.is_punct and not prev.is_left_punct and i - start > limit // 2:
            soft = i
        if i - start >= limit:
            cut = soft if soft > start else i
            while cut < n and doc[cut].is_space and cut < i:
                cut += 1
            forced.append(cut)
            start = cut
            soft = -1
    return lines, forced, cut_lengths


@Language.component("corroborator_line_breaks", assigns=["token.is_sent_start"])
def line_breaks(doc: Doc) -> Doc:
    """A token after a whitespace token that holds a newline starts a sentence, and so does
    every :data:`MAX_SENTENCE_TOKENS`-th token of a longer stretch without a sentence end
    (:func:`sentence_bounds`; the sentences stage reports W106 when that happened).

    The starts are written in one ``Doc.from_array`` call: setting ``token.is_sent_start`` one
    token at a time costs a pass over the Doc each time (quadratic on texts of many short lines)."""
    lines, forced, _ = sentence_bounds(doc)
    starts = lines + forced
    if starts:
        arr = doc.to_array([SENT_START])
        arr[starts] = 1
        doc.from_array([SENT_START], arr)
    return doc


# ---------------------------------------------------------------------- sentences


def _trim(span: SpacySpan):
    start, end = span.start, span.end
    doc = span.doc
    while start < end and doc[start].is_space:
        start += 1
    while end > start and doc[end - 1].is_space:
        end -= 1
    return doc[start:end] if start < end else None


def sentences(state: DocState) -> dict:
    """Sentence spans (trimmed), Sentence records with citations, and entities."""
    doc, norm = state.doc, state.norm
    heading_starts = {s for s, _ in norm.headings}
    spans = [t for t in (_trim(s) for s in doc.sents) if t is not None]
    doc.spans[SENTENCE_GROUP] = spans
    state.__dict__.pop("sents", None)
    state.__dict__.pop("_sent_starts", None)
    records = []
    for idx, sp in enumerate(spans):
        o = state.token_span(sp)
        records.append(Sentence(index=idx, start=o.start, end=o.end, text=o.text, heading=sp.start_char in heading_starts))
    # citations: each marker belongs to the sentence it closes ("ended.[1]Next" -> "ended.");
    # a marker before the first sentence closes nothing
    by_sentence: dict[int, list] = {}
    cites = []
    for cit, pos in zip(norm.citations, norm.citation_norm_pos):
        before_text = not spans or pos - 1 < spans[0].start_char
        idx = None if before_text else state.sentence_at(pos - 1)
        cites.append(cit.model_copy(update={"sentence_index": idx}))
        if idx is not None:
            by_sentence.setdefault(idx, []).append(cites[-1])
    for idx, own in by_sentence.items():  # (in the output a sentence's text runs over its markers: export)
        records[idx] = records[idx].model_copy(update={"citations": [c.marker for c in own]})
    entities = []
    for ent in doc.ents:
        if ent.label_ in ENTITY_LABELS:
            o = state.token_span(ent)
            entities.append(Entity(text=o.text, start=o.start, end=o.end, label=ent.label_, sentence_index=state.sentence_of_token(ent[0])))
    _, _, cut = sentence_bounds(doc)
    if cut:
        state.notice(warning("W106", stage="sentences", n=len(cut), limit=MAX_SENTENCE_TOKENS, longest=max(cut)))
    return {"corroborator_sentences": records, "corroborator_entities": entities, "citations": cites}


def mention_layer(state: DocState) -> dict:
    heading_starts = {s for s, _ in state.norm.headings}
    return mentions.build(state.doc, state.sents, heading_starts, state.settings.country_hint, text=state.text)


def _store_sentences(state: DocState, out: dict) -> None:
    state.store("corroborator_sentences", out["corroborator_sentences"])
    state.store("corroborator_entities", out["corroborator_entities"])
    state._input["norm"]["citations"] = [c.model_dump() for c in out["citations"]]
    state.__dict__.pop("norm", None)


def _store_attribution(state: DocState, out) -> None:
    attributions, hedges = out
    state.store("corroborator_attributions", attributions)
    state.store("corroborator_hedges", hedges)
    sents = [s.model_copy(update={"attribution": attributions.get(s.index), "hedges": hedges.get(s.index, [])}) for s in state.sentences]
    state.store("corroborator_sentences", sents)


def _store_claims(state: DocState, out) -> None:
    sents, genre, signals = out
    state.store("corroborator_sentences", sents)
    state.store("corroborator_genre", {"genre": genre, "signals": list(signals)})


# ---------------------------------------------------------------------- the stage table


@dataclass(frozen=True)
class Stage:
    name: str
    run: Callable[[DocState], object]
    store: Callable[[DocState, object], None]
    requires: tuple[str, ...]  # names of earlier stages
    assigns: tuple[str, ...]  # Doc extensions written
    empty: Callable[[], object]


def _store_as(ext: str):
    return lambda state, out: state.store(ext, out)


STAGES: tuple[Stage, ...] = (
    Stage("sentences", lambda s: sentences(s), _store_sentences, (), ("corroborator_sentences", "corroborator_entities"),
          lambda: {"corroborator_sentences": [], "corroborator_entities": [], "citations": []}),
    Stage("mentions", lambda s: mention_layer(s), _store_as("corroborator_mentions"), ("sentences",),
          ("corroborator_mentions",), lambda: None),
    Stage("dates", lambda s: dates.extract(s), _store_as("corroborator_dates"), ("sentences",), ("corroborator_dates",), list),
    Stage("quantities", lambda s: quantities.extract(s), _store_as("corroborator_quantities"), ("sentences", "dates"),
          ("corroborator_quantities",), list),
    Stage("attribution", lambda s: attribution.extract(s), _store_attribution, ("sentences", "mentions"),
          ("corroborator_attributions", "corroborator_hedges"), lambda: ({}, {})),
    Stage("events", lambda s: events.extract(s), _store_as("corroborator_events"), ("sentences", "mentions", "dates", "quantities", "attribution"),
          ("corroborator_events",), list),
    Stage("framing", lambda s: framing.extract(s), _store_as("corroborator_framing"), ("sentences", "mentions", "attribution"),
          ("corroborator_framing",), lambda: None),
    Stage("claims", lambda s: claims.classify(s), _store_claims, ("sentences", "dates", "quantities", "attribution", "events", "framing"),
          ("corroborator_genre",), lambda: None),
    Stage("checks", lambda s: checks.run(s), _store_as("corroborator_checks"), ("sentences", "dates", "quantities"),
          ("corroborator_checks",), list),
    Stage("coups", lambda s: coups.assess(s), _store_as("corroborator_coups"),
          ("sentences", "mentions", "dates", "attribution", "events", "framing", "claims"), ("corroborator_coups",), list),
)
STAGE_NAMES = tuple(s.name for s in STAGES)
_BY_NAME = {s.name: s for s in STAGES}


def component_name(stage: str) -> str:
    return f"corroborator_{stage}"


def is_stage_component(name: str) -> bool:
    """Whether a pipe name is one of the stage components (not spaCy's own, nor line breaks)."""
    return name.startswith("corroborator_") and name.removeprefix("corroborator_") in _BY_NAME


def needed(stages) -> list[str]:
    """The stages to run for ``stages`` (None = all), with everything they require, in order."""
    if stages is None:
        return list(STAGE_NAMES)
    unknown = set(stages) - set(STAGE_NAMES)
    if unknown:
        raise ValueError(f"unknown stages {sorted(unknown)}; known: {', '.join(STAGE_NAMES)}")
    want: set[str] = set()
    todo = list(stages)
    while todo:
        name = todo.pop()
        if name not in want:
            want.add(name)
            todo.extend(_BY_NAME[name].requires)
    return [n for n in STAGE_NAMES if n in want]


class StageComponent:
    """Runs one stage on a Doc and stores what it returns (see the module docstring)."""

    def __init__(self, stage: Stage) -> None:
        self.stage = stage

    def __call__(self, doc: Doc) -> Doc:
        if doc._.corroborator_input is None:  # not prepared by corroborator.run: pass through
            return doc
        state = DocState(doc)
        try:
            out = self.stage.run(state)
        except CorroboratorError:
            raise
        except Exception as exc:  # surfaced as W201 in the output, or raised when strict
            if state.settings.strict:
                raise
            logger.debug("stage %s failed", self.stage.name, exc_info=True)  # the W201 notice tells the user
            state.notice(warning("W201", stage=self.stage.name, detail=f"{type(exc).__name__}: {exc}"))
            out = self.stage.empty()
            if out is None:
                return doc
        for notice in state.partial_notices(self.stage.name):  # parts it could not read: W202
            state.notice(notice)
        self.stage.store(state, out)
        return doc


def _register(stage: Stage) -> None:
    name = component_name(stage.name)
    if name in Language.factories:
        return
    requires = [f"doc._.{ext}" for req in stage.requires for ext in _BY_NAME[req].assigns]
    Language.factory(
        name,
        requires=requires or ["token.is_sent_start"],
        assigns=[f"doc._.{ext}" for ext in stage.assigns],
        func=lambda nlp, name, _stage=stage: StageComponent(_stage),
    )


for _stage in STAGES:
    _register(_stage)


def add_components(nlp: Language) -> None:
    """Add line breaks (before the parser) and every stage (at the end) to a loaded pipeline."""
    if not nlp.has_pipe("corroborator_line_breaks"):
        if nlp.has_pipe("parser"):
            nlp.add_pipe("corroborator_line_breaks", before="parser")
        else:
            nlp.add_pipe("corroborator_line_breaks", first=True)
    for stage in STAGES:
        if not nlp.has_pipe(component_name(stage.name)):
            nlp.add_pipe(component_name(stage.name))


def disabled_for(stages) -> list[str]:
    """Component names to disable so that only ``stages`` (and what they need) run."""
    keep = set(needed(stages))
    return [component_name(s) for s in STAGE_NAMES if s not in keep]
