"""Which language an article is in (lingua, restricted to a few languages for speed).

The detector is built once per process on first use (about 50 ms)."""

from __future__ import annotations

import functools
from typing import Optional

LANGUAGES = ("ENGLISH", "SPANISH", "PORTUGUESE", "FRENCH", "GERMAN", "ITALIAN")


@functools.lru_cache(maxsize=1)
def _detector():
    from lingua import Language, LanguageDetectorBuilder

    return LanguageDetectorBuilder.from_languages(*(getattr(Language, n) for n in LANGUAGES)).build()


def detect_language(text: str) -> Optional[str]:
    """ISO 639-1 code of the language of ``text`` (its first 2,000 characters), or None."""
    lang = _detector().detect_language_of(text[:2000])
    return lang.iso_code_639_1.name.lower() if lang else None
