"""Typed records that cross stage boundaries, and the JSON output contract.

Every record here is a frozen pydantic model. Field names follow
``shared/DESIGN.md`` ("Output contract") and are stable: new fields may be
added, existing ones are never renamed. ``SCHEMA_VERSION`` is bumped on any
change to the contract.

All ``start`` / ``end`` offsets are character offsets into the *original input
text* (for HTML, into the extracted text), so ``article.text[start:end]`` is
the quoted text.
"""

from __future__ import annotations

from typing import Literal, Optional

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = "1.2"  # 1.1: Count.start/end/attribution (a figure may come from a later sentence); 1.2: coded warnings, LoadedTerm.entry/source

Precision = Literal["day", "week", "month", "year"]
Genre = Literal["reporting", "opinion", "unknown"]
SentenceKind = Literal[
    "event",
    "statistic",
    "attributed",
    "causal",
    "opinion",
    "prediction",
    "call_to_action",
    "other",
]
Factuality = Literal["asserted", "attempted", "threatened", "negated", "hypothetical", "predicted"]
CoupOutcome = Literal["realized", "attempted", "conspiracy", "not_a_coup"]


class Record(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Span(Record):
    """A piece of the input text."""

    text: str
    start: int
    end: int


# --------------------------------------------------------------------- article


class Citation(Record):
    """A footnote marker taken out before NLP, kept with the sentence it closes."""

    marker: str  # "1" for "[1]", "3" for "³"
    text: str  # the marker as written: "[1]"
    start: int
    end: int
    sentence_index: Optional[int] = None
    reference: Optional[str] = None  # the note's text, when the article ends with a list of sources


class Article(Record):
    id: str  # sha256 of the normalised text (first 16 hex digits)
    title: Optional[str] = None
    published: Optional[str] = None  # ISO date
    published_source: Optional[str] = None  # flag | html | dateline | None (unknown)
    outlet: Optional[str] = None
    url: Optional[str] = None
    language: Optional[str] = None
    genre: Genre = "unknown"
    genre_signals: list[str] = Field(default_factory=list)
    text: str
    source: Optional[str] = None  # path, "-" for stdin, or batch id
    format: Optional[str] = None  # text | markdown | html
    citations: list[Citation] = Field(default_factory=list)


# -------------------------------------------------------------------- mentions


class DateMention(Record):
    text: str
    start: int
    end: int
    value: Optional[str] = None  # ISO date (first day of the week/month/year for coarser precision)
    precision: Optional[Precision] = None
    sentence_index: Optional[int] = None
    relative: bool = False  # depends on the publication date or on context
    anchor: Optional[str] = None  # what it was resolved against: "published", "previous:<text>", None
    note: Optional[str] = None  # e.g. "unresolved: no publication date"


class Quantity(Record):
    text: str
    start: int
    end: int
    value: float
    unit: Optional[str] = None  # percent | USD | people | ...
    qualifier: Optional[str] = None  # about | over | under | at_least | at_most | exactly | ...
    about: Optional[str] = None  # the noun counted, e.g. "Congress members"
    sentence_index: Optional[int] = None


class Entity(Record):
    text: str
    start: int
    end: int
    label: str
    sentence_index: Optional[int] = None


class Mentions(Record):
    dates: list[DateMention] = Field(default_factory=list)
    quantities: list[Quantity] = Field(default_factory=list)
    entities: list[Entity] = Field(default_factory=list)


# ------------------------------------------------------------------- sentences


class Attribution(Record):
    """Who a sentence (or event) is attributed to."""

    speaker: str  # canonical speaker text, e.g. "Alberto Otarola"
    verb: Optional[str] = None  # reporting verb lemma as written, e.g. "reported"
    speaker_text: Optional[str] = None  # as written in the sentence ("She", "Prime Minister Alberto Otarola")
    start: Optional[int] = None  # offsets of speaker_text
    end: Optional[int] = None
    resolved_from: Optional[str] = None  # pronoun resolved to the speaker, e.g. "She"
    kind: str = "named"  # named | pronoun | group | passive (it was reported) | author


class Hedge(Record):
    text: str
    start: int
    end: int


class Sentence(Record):
    index: int
    start: int
    end: int
    text: str
    kind: SentenceKind = "other"
    kind_signals: list[str] = Field(default_factory=list)
    checkworthy: float = 0.0
    citations: list[str] = Field(default_factory=list)  # markers
    attribution: Optional[Attribution] = None
    hedges: list[Hedge] = Field(default_factory=list)
    unsupported: bool = False  # factual/causal assertion with no citation, attribution or evidence
    heading: bool = False  # a section heading line


# ---------------------------------------------------------------------- events


class Actor(Record):
    text: str
    name: Optional[str] = None  # canonical name
    kind: Optional[str] = None  # state | government | military | police | legislature | party | rebels | protesters | rioters | civilians | media | ngo | igo | person | business | other
    country: Optional[str] = None  # ISO 3166-1 alpha-2
    start: Optional[int] = None
    end: Optional[int] = None


class EventDate(Record):
    value: Optional[str] = None
    precision: Optional[Precision] = None
    text: Optional[str] = None
    inherited: bool = False  # taken from context, not the event's own sentence


class Location(Record):
    text: str
    name: Optional[str] = None
    country: Optional[str] = None  # ISO 3166-1 alpha-2
    lat: Optional[float] = None
    lon: Optional[float] = None
    precision: Optional[str] = None  # facility | city | region | country
    geonameid: Optional[int] = None


class Count(Record):
    value: float
    qualifier: Optional[str] = None
    text: str
    start: Optional[int] = None  # offsets of ``text``; may lie in a later sentence of the paragraph
    end: Optional[int] = None
    attribution: Optional[Attribution] = None  # who gives the figure, when not the event's own source


class PloverCode(Record):
    type: str
    mode: Optional[str] = None


class AcledCode(Record):
    event_type: str
    sub_event_type: Optional[str] = None


class Evidence(Record):
    sentence_index: int
    text: str
    start: int
    end: int


class Event(Record):
    id: str
    plover: PloverCode
    acled: Optional[AcledCode] = None
    trigger: Span
    actors: list[Actor] = Field(default_factory=list)
    targets: list[Actor] = Field(default_factory=list)
    date: Optional[EventDate] = None
    location: Optional[Location] = None
    fatalities: Optional[Count] = None
    injured: Optional[Count] = None
    arrested: Optional[Count] = None
    participants: Optional[Count] = None
    factuality: Factuality = "asserted"
    attribution: Optional[Attribution] = None
    evidence: Evidence
    confidence: float = 1.0
    codebook: Optional[str] = None  # e.g. "plover-2021.1+corroborator-1"


# ----------------------------------------------------------------------- coups


class Criterion(Record):
    name: str
    description: Optional[str] = None
    met: Optional[bool] = None
    evidence: Optional[Evidence] = None
    note: Optional[str] = None


class UsedLabel(Record):
    label: str
    used_by: str
    target: Optional[str] = None
    start: Optional[int] = None
    end: Optional[int] = None
    sentence_index: Optional[int] = None


class CoupAssessment(Record):
    event_ids: list[str]
    type: Optional[str] = None
    outcome: CoupOutcome
    criteria: list[Criterion] = Field(default_factory=list)
    labels: list[UsedLabel] = Field(default_factory=list)
    summary: Optional[str] = None
    codebook: Optional[str] = None


# --------------------------------------------------------------------- framing


class ScareQuote(Record):
    text: str  # the quoted words, without the quote marks
    start: int  # offsets including the quote marks
    end: int
    sentence_index: Optional[int] = None
    reason: Optional[str] = None


class LoadedTerm(Record):
    text: str
    category: str
    start: int
    end: int
    sentence_index: Optional[int] = None
    entry: Optional[str] = None  # the lexicon entry that matched (a term, a pattern or a lexicon word)
    source: Optional[str] = None  # the lexicon it comes from


class Framing(Record):
    scare_quotes: list[ScareQuote] = Field(default_factory=list)
    loaded_terms: list[LoadedTerm] = Field(default_factory=list)
    labels: list[UsedLabel] = Field(default_factory=list)
    lexicon: Optional[str] = None  # lexicon version


class Check(Record):
    kind: str  # percent_sum | vote_tally | figure_conflict | date_order | name_variant
    status: Literal["consistent", "inconsistent", "info"] = "info"
    message: str
    evidence: list[Evidence] = Field(default_factory=list)


# -------------------------------------------------------------------- analysis


class PipelineInfo(Record):
    corroborator: str
    spacy: str
    spacy_pipeline: str
    codebooks: dict[str, str] = Field(default_factory=dict)


class Notice(Record):
    """A coded warning about one document (codes in ``contract/errors.py``)."""

    code: str
    message: str
    stage: Optional[str] = None


class ArticleAnalysis(Record):
    schema_version: str = SCHEMA_VERSION
    article: Article
    mentions: Mentions = Field(default_factory=Mentions)
    sentences: list[Sentence] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)
    coups: list[CoupAssessment] = Field(default_factory=list)
    framing: Framing = Field(default_factory=Framing)
    checks: list[Check] = Field(default_factory=list)
    pipeline: Optional[PipelineInfo] = None
    warnings: list[Notice] = Field(default_factory=list)

    def to_json(self, indent: int | None = 2) -> str:
        return self.model_dump_json(indent=indent)


class Skipped(Record):
    """A document that could not be analysed: failure as data, not as a crash."""

    id: str
    stage: str
    code: str
    detail: str
