"""Which language an article is in, checked before any model loads.

lingua's low-accuracy models (small, loaded on first use in about 0.2 s) over the first 2,000
characters, among the languages news about political crises is most often written in. A text
clearly in another language than the pipeline reads is refused (E111) instead of being coded
as if it were English; a doubtful one gets a warning (W102).
"""

from __future__ import annotations

import functools
from typing import Optional

LANGUAGES = (
    "ENGLISH", "SPANISH", "PORTUGUESE", "FRENCH", "GERMAN", "ITALIAN", "DUTCH", "RUSSIAN", "UKRAINIAN",
    "ARABIC", "PERSIAN", "TURKISH", "CHINESE", "JAPANESE", "KOREAN", "HINDI", "INDONESIAN", "SWAHILI",
)
SURE = 0.9  # confidence above which a text is refused as not the pipeline's language
DOUBT = 0.6  # confidence above which a warning is given
MIN_WORDS = 12  # shorter texts are not judged (short headlines fool the detector)


@functools.lru_cache(maxsize=1)
def _detector():
    from lingua import Language, LanguageDetectorBuilder

    return LanguageDetectorBuilder.from_languages(*(getattr(Language, n) for n in LANGUAGES)).with_low_accuracy_mode().build()


def detect_language(text: str) -> tuple[Optional[str], float]:
    """(ISO 639-1 code, confidence 0..1) of the language of ``text``, or (None, 0.0) when too short."""
    sample = text[:2000]
    words = len(sample.split())
    spaced = words > 1 and words * 15 >= len(sample.strip())  # scripts without spaces count by characters
    if (spaced and words < MIN_WORDS) or (not spaced and len(sample.strip()) < 2 * MIN_WORDS):
        return None, 0.0
    values = _detector().compute_language_confidence_values(sample)
    if not values:
        return None, 0.0
    best = values[0]
    return best.language.iso_code_639_1.name.lower(), float(best.value)


def language_name(code: str) -> str:
    from lingua import IsoCode639_1, Language

    return Language.from_iso_code_639_1(getattr(IsoCode639_1, code.upper())).name.title()
